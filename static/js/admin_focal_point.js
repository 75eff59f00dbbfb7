// The image library's focal point: click the preview to set it. The two number fields
// stay editable (the keyboard way), and the marker follows them.
(function () {
  "use strict";

  function init() {
    const preview = document.querySelector(".focal-point-preview");
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    if (!preview || !x || !y) return;
    const img = preview.querySelector("img");
    const marker = preview.querySelector(".focal-point-marker");

    function place() {
      const fx = Math.min(Math.max(parseFloat(x.value) || 0, 0), 1);
      const fy = Math.min(Math.max(parseFloat(y.value) || 0, 0), 1);
      // CSSOM, not a style attribute: allowed under style-src 'self'.
      marker.style.left = fx * 100 + "%";
      marker.style.top = fy * 100 + "%";
    }

    img.addEventListener("click", function (event) {
      const box = img.getBoundingClientRect();
      x.value = ((event.clientX - box.left) / box.width).toFixed(3);
      y.value = ((event.clientY - box.top) / box.height).toFixed(3);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
