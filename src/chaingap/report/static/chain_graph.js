/* chaingap chain graph: draws the vis-network graph embedded as JSON and wires the filters.
   Every node has a fixed position (computed in Python); this script only shows, hides and
   moves nodes, fits the view and keeps link labels readable. No request of any kind. */
(function () {
  "use strict";
  var dataElement = document.getElementById("cg-graph-data");
  var container = document.getElementById("cg-graph");
  if (!dataElement || !container || typeof vis === "undefined") { return; }
  var data = JSON.parse(dataElement.textContent);
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var nodes = new vis.DataSet(data.nodes.map(function (n) { return Object.assign({}, n); }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) { return Object.assign({ id: "e" + i }, e); }));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var fonts = data.fonts || { link: 16, item: 12, minScreen: 12 };
  var MIN_HEIGHT = 320;
  var MAX_HEIGHT = 1100;
  var MAX_SCALE = 1.5;
  var PAD = 24;
  var state = {
    statuses: new Set(data.statuses.map(function (s) { return s.id; })),
    chain: (data.initial && data.initial.chain) || "",
    district: "",
    showEnterprises: !!(data.initial && data.initial.showEnterprises)
  };
  var DIMMED = { background: "#e6e6e6", border: "#bdbdbd" };
  var visibleIds = [];
  var linkFont = fonts.link;

  function inChain(node) {
    return !state.chain || node.cg.chains.indexOf(state.chain) >= 0;
  }

  function linkVisible(node) {
    return state.statuses.has(node.cg.status) && inChain(node);
  }

  function inDistrict(node) {
    return state.district === "" || node.cg.districts.indexOf(state.district) >= 0;
  }

  function isHidden(node) {
    var kind = node.cg.kind;
    if (kind === "link") { return !linkVisible(node); }
    if (kind === "header") { return !inChain(node); }
    if (kind === "base") { return !inChain(node) || !inDistrict(node); }
    if (kind === "enterprise" && !state.showEnterprises) { return true; }
    return !inDistrict(node) ||
      !node.cg.links.some(function (id) { var l = byId.get(id); return l && linkVisible(l); });
  }

  /* The box a node takes around its position, from what Python reserved for it. */
  function bounds(ids) {
    var box = null;
    ids.forEach(function (id) {
      var node = byId.get(id);
      var at = state.showEnterprises ? node.cg.full : node.cg.base;
      var r = node.cg.box || [20, 20, 20];
      var b = { left: at[0] - r[0], right: at[0] + r[0], top: at[1] - r[1], bottom: at[1] + r[2] };
      if (!box) { box = b; return; }
      box.left = Math.min(box.left, b.left); box.right = Math.max(box.right, b.right);
      box.top = Math.min(box.top, b.top); box.bottom = Math.max(box.bottom, b.bottom);
    });
    return box;
  }

  /* Size the canvas to the visible graph and zoom so it fills the width (or the height). */
  function fit() {
    var box = bounds(visibleIds);
    if (!box) { return; }
    var width = container.clientWidth || 800;
    var w = Math.max(box.right - box.left, 1);
    var h = Math.max(box.bottom - box.top, 1);
    var scale = Math.min(MAX_SCALE, (width - 2 * PAD) / w);
    var height = h * scale + 2 * PAD;
    if (height > MAX_HEIGHT) {
      scale = (MAX_HEIGHT - 2 * PAD) / h;
      height = MAX_HEIGHT;
    }
    height = Math.max(MIN_HEIGHT, Math.round(height));
    if (container.style.height !== height + "px") {
      container.style.height = height + "px";
      network.setSize("100%", height + "px");
    }
    network.moveTo({
      position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
      scale: scale,
      animation: false
    });
    readableLabels();
  }

  /* Link labels are drawn at least at the minimum screen size down to half zoom; further out
     (all chains at once) they fade out below vis-network's drawThreshold instead of piling up. */
  var MIN_COMPENSATED = 0.5;
  function readableLabels() {
    var scale = network.getScale();
    var size = scale >= MIN_COMPENSATED ? Math.max(fonts.link, fonts.minScreen / scale) : fonts.link;
    size = Math.round(size * 10) / 10;
    container.setAttribute("data-scale", String(Math.round(scale * 1000) / 1000));
    if (Math.abs(size - linkFont) < 0.05) { return; }
    linkFont = size;
    nodes.update(data.nodes.filter(function (n) { return n.cg.kind === "link"; }).map(function (n) {
      return { id: n.id, font: Object.assign({}, n.font, { size: size }) };
    }));
  }

  function apply(refit) {
    var shown = 0;
    var dimmed = 0;
    var items = 0;
    visibleIds = [];
    var updates = data.nodes.map(function (node) {
      var hidden = isHidden(node);
      var colour = node.color;
      if (node.cg.kind === "link" && !hidden) {
        shown += 1;
        if (state.district && node.cg.districts.indexOf(state.district) < 0) { colour = DIMMED; dimmed += 1; }
      } else if (!hidden && node.cg.kind !== "header") {
        items += 1;
      }
      if (!hidden) { visibleIds.push(node.id); }
      var at = state.showEnterprises ? node.cg.full : node.cg.base;
      return { id: node.id, hidden: hidden, color: colour, x: at[0], y: at[1] };
    });
    nodes.update(updates);
    container.setAttribute("data-visible-links", String(shown));
    container.setAttribute("data-dimmed-links", String(dimmed));
    container.setAttribute("data-visible-items", String(items));
    var output = document.getElementById("cg-shown");
    if (output) { output.textContent = String(shown); }
    if (refit !== false) { fit(); }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cg-status-filter"), function (box) {
    box.addEventListener("change", function () {
      if (box.checked) { state.statuses.add(box.value); } else { state.statuses.delete(box.value); }
      apply();
    });
  });
  var chainSelect = document.getElementById("cg-chain-filter");
  if (chainSelect) { chainSelect.addEventListener("change", function () { state.chain = chainSelect.value; apply(); }); }
  var districtSelect = document.getElementById("cg-district-filter");
  if (districtSelect) { districtSelect.addEventListener("change", function () { state.district = districtSelect.value; apply(false); }); }
  var enterpriseBox = document.getElementById("cg-show-enterprises");
  if (enterpriseBox) {
    enterpriseBox.checked = state.showEnterprises;
    enterpriseBox.addEventListener("change", function () { state.showEnterprises = enterpriseBox.checked; apply(); });
  }
  var fitButton = document.getElementById("cg-fit");
  if (fitButton) { fitButton.addEventListener("click", function () { fit(); }); }
  network.on("zoom", readableLabels);
  /* Light bands behind each segment (upstream, midstream, downstream) of each visible chain. */
  var BAND_FILLS = ["#f4f7fb", "#faf7f0"];
  network.on("beforeDrawing", function (ctx) {
    var order = {};
    (data.bands || []).forEach(function (band) {
      if (state.chain && band.chain !== state.chain) { return; }
      order[band.chain] = (order[band.chain] || 0) + 1;
      ctx.fillStyle = BAND_FILLS[(order[band.chain] - 1) % 2];
      var bottom = state.showEnterprises ? band.fullBottom : band.bottom;
      ctx.fillRect(band.left, band.top, band.right - band.left, bottom - band.top);
    });
  });
  window.addEventListener("resize", function () { fit(); });

  network.once("afterDrawing", function () { container.setAttribute("data-drawn", "true"); });
  apply();

  /* For tests and the curious: on-screen label sizes and boxes of the visible nodes. */
  function screenLabels(kind) {
    var scale = network.getScale();
    return visibleIds.filter(function (id) { return !kind || byId.get(id).cg.kind === kind; }).map(function (id) {
      var body = network.body.nodes[id];
      var size = body && body.labelModule ? body.labelModule.size : null;
      var topLeft = size ? network.canvasToDOM({ x: size.left, y: size.top }) : null;
      return {
        id: id,
        kind: byId.get(id).cg.kind,
        px: (body ? body.options.font.size : 0) * scale,
        box: topLeft ? { left: topLeft.x, top: topLeft.y, width: size.width * scale, height: size.height * scale } : null
      };
    });
  }

  function drawnBox() {
    var box = null;
    visibleIds.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) { return; }
      var tl = network.canvasToDOM({ x: b.left, y: b.top });
      var br = network.canvasToDOM({ x: b.right, y: b.bottom });
      if (!box) { box = { left: tl.x, top: tl.y, right: br.x, bottom: br.y }; return; }
      box.left = Math.min(box.left, tl.x); box.top = Math.min(box.top, tl.y);
      box.right = Math.max(box.right, br.x); box.bottom = Math.max(box.bottom, br.y);
    });
    return { box: box, width: container.clientWidth, height: container.clientHeight };
  }

  window.chaingapGraph = {
    network: network, nodes: nodes, edges: edges, state: state, apply: apply, fit: fit,
    screenLabels: screenLabels, drawnBox: drawnBox
  };
})();
