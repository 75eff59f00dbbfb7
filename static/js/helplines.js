// Help lines for the reader's country. The choice stays in this browser (localStorage):
// no cookie, nothing sent, and the page itself is the same for everyone.
(function () {
  "use strict";
  var KEY = "te-help-country";
  var selects = document.querySelectorAll("[data-help-picker] select");
  if (!selects.length) return;
  var codes = Array.prototype.map.call(selects[0].options, function (o) { return o.value; });

  function show(code) {
    document.querySelectorAll("[data-help-country]").forEach(function (block) {
      block.hidden = block.getAttribute("data-help-country") !== code;
    });
    selects.forEach(function (select) { select.value = code; });
  }

  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage blocked: no memory */ }
  // Until the reader chooses, a guess from the browser's language (en-GB: GB), else none.
  var guess = (navigator.language || "").split("-")[1] || "";
  var code = codes.indexOf(saved) >= 0 ? saved : codes.indexOf(guess.toUpperCase()) >= 0 ? guess.toUpperCase() : "";
  selects.forEach(function (select) {
    select.closest("[data-help-picker]").hidden = false;
    select.addEventListener("change", function () {
      try { localStorage.setItem(KEY, select.value); } catch (e) { /* not remembered */ }
      show(select.value);
    });
  });
  show(code);
})();
