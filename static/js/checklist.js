// The signs checklist: a live "N of M checked" count and, at the threshold,
// the interpretation. Ticks stay in this page: nothing is stored or sent.
(function () {
  "use strict";
  document.querySelectorAll("[data-checklist]").forEach(function (root) {
    var boxes = root.querySelectorAll('input[type="checkbox"]');
    var count = root.querySelector("[data-checklist-count]");
    var interpretation = root.querySelector("[data-checklist-interpretation]");
    var threshold = parseInt(root.getAttribute("data-threshold"), 10) || 0;

    function update() {
      var checked = root.querySelectorAll('input[type="checkbox"]:checked').length;
      count.textContent = checked + " of " + boxes.length + " checked";
      if (interpretation) {
        interpretation.hidden = checked < threshold;
      }
    }

    count.hidden = false;
    boxes.forEach(function (box) {
      box.addEventListener("change", update);
    });
    update();
  });
})();
