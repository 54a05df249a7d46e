/* chaingap chain graph: draws the vis-network graph embedded as JSON and wires the filters.
   Reads only the page's own data: no request of any kind. */
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
  var state = {
    statuses: new Set(data.statuses.map(function (s) { return s.id; })),
    chain: (data.initial && data.initial.chain) || "",
    district: "",
    showEnterprises: !(data.initial && data.initial.showEnterprises === false)
  };
  var DIMMED = { background: "#e6e6e6", border: "#bdbdbd" };

  function linkVisible(node) {
    return state.statuses.has(node.cg.status) &&
      (!state.chain || node.cg.chains.indexOf(state.chain) >= 0);
  }

  function apply() {
    var shown = 0;
    var visibleIds = [];
    var updates = data.nodes.map(function (node) {
      var hidden;
      var colour = node.color;
      if (node.cg.kind === "link") {
        hidden = !linkVisible(node);
        if (!hidden) { shown += 1; }
        if (state.district && node.cg.districts.indexOf(state.district) < 0) { colour = DIMMED; }
      } else {
        hidden = (node.cg.kind === "enterprise" && !state.showEnterprises) ||
          (state.district !== "" && node.cg.districts.indexOf(state.district) < 0) ||
          !node.cg.links.some(function (id) { var l = byId.get(id); return l && linkVisible(l); });
      }
      if (!hidden) { visibleIds.push(node.id); }
      return { id: node.id, hidden: hidden, color: colour };
    });
    nodes.update(updates);
    if (visibleIds.length) { network.fit({ nodes: visibleIds, animation: false }); }
    container.setAttribute("data-visible-links", String(shown));
    var output = document.getElementById("cg-shown");
    if (output) { output.textContent = String(shown); }
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
  if (districtSelect) { districtSelect.addEventListener("change", function () { state.district = districtSelect.value; apply(); }); }
  var enterpriseBox = document.getElementById("cg-show-enterprises");
  if (enterpriseBox) { enterpriseBox.addEventListener("change", function () { state.showEnterprises = enterpriseBox.checked; apply(); }); }

  apply();
  network.once("afterDrawing", function () { container.setAttribute("data-drawn", "true"); });
  window.chaingapGraph = { network: network, nodes: nodes, edges: edges, state: state, apply: apply };
})();
