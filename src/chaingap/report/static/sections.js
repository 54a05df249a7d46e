/* chaingap chain page: a link of the section menu opens the folded list it points to. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    Array.prototype.forEach.call(target.querySelectorAll("details.cg-list-box"), function (d) { d.open = true; });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
