// The signs checklist: a live "N of M checked" count with a line that suits it (none,
// a few, the threshold or more). Ticks stay in this page: nothing is stored or sent.
(function () {
  "use strict";
  document.querySelectorAll("[data-checklist]").forEach(function (root) {
    var boxes = root.querySelectorAll('input[type="checkbox"]');
    var count = root.querySelector("[data-checklist-count]");
    var reading = root.querySelector("[data-checklist-reading]");
    var threshold = parseInt(root.getAttribute("data-threshold"), 10) || 1;

    function update() {
      var checked = root.querySelectorAll('input[type="checkbox"]:checked').length;
      var band = checked === 0 ? "none" : checked < threshold ? "few" : "many";
      count.textContent = checked + " of " + boxes.length + " checked.";
      reading.textContent = root.getAttribute("data-reading-" + band);
    }

    count.parentNode.hidden = false;
    boxes.forEach(function (box) {
      box.addEventListener("change", update);
    });
    update();
  });
})();
