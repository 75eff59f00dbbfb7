// Who else has this page open: renews this tab's presence every few seconds while
// it is visible, shows the server's note, and says when the tab is left.
// Loaded through RevisionAdminMixin.media; finds its note by data attribute.
(function () {
  "use strict";

  function setUp(note) {
    var url = note.getAttribute("data-presence-url");
    var tab = note.getAttribute("data-presence-tab");
    var every = Number(note.getAttribute("data-presence-seconds")) * 1000 || 30000;
    var form = note.closest("form");
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tab || !tokenInput) return;
    var timer = null;
    var saving = false;

    function body(leaving) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", tokenInput.value);
      data.append("tab", tab);
      if (leaving) data.append("leave", "1");
      return data;
    }

    function beat() {
      fetch(url, { method: "POST", body: body(false), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) note.textContent = data.note; })
        .catch(function () { /* offline or busy: keep the last note */ });
    }

    function start() {
      if (timer === null) timer = window.setInterval(beat, every);
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
    }

    document.addEventListener("visibilitychange", function () {
      if (document.hidden) {
        stop();
      } else {
        beat(); // back after a while: the note may be out of date
        start();
      }
    });
    // Saving reloads the form, which keeps this tab's presence: no goodbye then.
    form.addEventListener("submit", function () { saving = true; });
    window.addEventListener("pagehide", function () {
      stop();
      if (!saving && navigator.sendBeacon) navigator.sendBeacon(url, body(true));
    });
    if (!document.hidden) start(); // the page itself registered this tab just now
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-presence-url]").forEach(setUp);
  });
})();
