// Live preview of an article body in the admin, rendered by the server with the
// public page's pipeline (markdown, then the sanitizer). No inline script: this
// file is loaded through ArticleAdmin.Media and finds its textarea by data attribute.
(function () {
  "use strict";
  var DELAY_MS = 400;

  function setUp(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) return;

    var panel = document.createElement("section");
    panel.className = "body-preview";
    panel.setAttribute("aria-label", "Live preview of the body");
    var heading = document.createElement("h3");
    heading.textContent = "Live preview";
    var status = document.createElement("p");
    status.className = "body-preview-status";
    status.setAttribute("role", "status");
    var problems = document.createElement("ul");
    problems.className = "body-preview-problems";
    var output = document.createElement("div");
    output.className = "body-preview-output prose";
    panel.append(heading, status, problems, output);
    textarea.insertAdjacentElement("afterend", panel);

    var timer = null;
    var latest = 0;

    function render() {
      var request = ++latest;
      var data = new FormData();
      data.append("body", textarea.value);
      status.textContent = "Updating…";
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (result) {
          if (request !== latest) return; // an older answer arriving late
          // The server returns HTML produced by the site's sanitizer only.
          output.innerHTML = result.html;
          problems.replaceChildren();
          result.problems.forEach(function (text) {
            var item = document.createElement("li");
            item.textContent = text;
            problems.append(item);
          });
          status.textContent = "About " + result.reading_minutes + " min read.";
        })
        .catch(function () {
          if (request === latest) status.textContent = "The preview could not be updated.";
        });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, DELAY_MS);
    });
    render();
  }

  function start() {
    document.querySelectorAll("textarea[data-preview-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
