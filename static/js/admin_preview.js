// The change form's preview: the whole unsaved form is posted (debounced, on every edit,
// inlines included) and the server answers with the public page as it would be, and
// every problem a save would refuse (articles/admin_preview.py). The page is shown in an
// iframe so that the site's own CSS styles it; it inherits this page's CSP, so its only
// scripts are the site's files. Problems are text, each a link to the field it is about.
(function () {
  "use strict";
  var DELAY_MS = 500;

  function setUp(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) return;
    var editor = textarea.closest(".md-editor");
    var pane = (editor && editor.querySelector("[data-preview-pane]")) || textarea.parentNode;

    var panel = document.createElement("section");
    panel.className = "page-preview";
    panel.setAttribute("aria-label", "Preview of the page as readers would see it");
    var status = document.createElement("p");
    status.className = "page-preview-status";
    status.setAttribute("role", "status");
    var problemsBox = document.createElement("div");
    problemsBox.className = "page-preview-problems";
    problemsBox.hidden = true;
    var problemsTitle = document.createElement("p");
    problemsTitle.className = "page-preview-problems-title";
    var problems = document.createElement("ul");
    problemsBox.append(problemsTitle, problems);
    var frame = document.createElement("iframe");
    frame.className = "page-preview-frame";
    frame.title = "The page as readers would see it";
    panel.append(status, problemsBox, frame);
    pane.append(panel);

    var timer = null;
    var latest = 0;

    // data-state: "pending" from an edit until its preview is shown, then "idle".
    function render() {
      var request = ++latest;
      panel.setAttribute("data-state", "pending");
      status.textContent = "Updating the preview…";
      fetch(url, {
        method: "POST",
        body: formData(),
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (result) {
          if (request !== latest) return; // an older answer arriving late
          showProblems(result.problems);
          // The server renders the page with the site's templates and sanitizer.
          // A new page starts at its top: keep the editor's place in it instead.
          keptScroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
          frame.srcdoc = result.page;
          status.textContent =
            "Preview of unsaved changes · about " + result.reading_minutes + " min read.";
          panel.setAttribute("data-state", "idle");
        })
        .catch(function () {
          if (request !== latest) return;
          status.textContent = "The preview could not be updated.";
          panel.setAttribute("data-state", "idle");
        });
    }

    // The form as a save would post it: the admin's two-box selects (topics, related
    // posts) post every chosen option, selected or not, as the admin does on submit.
    function formData() {
      var data = new FormData(form);
      form.querySelectorAll("select.filtered[id$='_to']").forEach(function (select) {
        data.delete(select.name);
        Array.prototype.forEach.call(select.options, function (option) {
          data.append(select.name, option.value);
        });
      });
      return data;
    }

    function showProblems(list) {
      problems.replaceChildren();
      list.forEach(function (problem) {
        var item = document.createElement("li");
        var target = problem.target && document.getElementById(problem.target);
        if (target) {
          var link = document.createElement("a");
          link.href = "#" + problem.target;
          link.textContent = (problem.where || "Go to the field") + ":";
          link.addEventListener("click", function (event) {
            event.preventDefault();
            reveal(target);
          });
          item.append(link, " " + problem.message);
        } else {
          item.textContent = (problem.where ? problem.where + ": " : "") + problem.message;
        }
        problems.append(item);
      });
      var count = list.length;
      problemsBox.hidden = count === 0;
      problemsTitle.textContent = count === 1
        ? "Saving would be refused for this reason:"
        : "Saving would be refused for " + count + " reasons:";
      textarea.dispatchEvent(new CustomEvent("preview:problems", { detail: count }));
    }

    // Bring a field into view and focus it: out of a collapsed fieldset, and out of
    // the preview tab when it is the text itself.
    function reveal(target) {
      var details = target.closest("details");
      if (details) details.open = true;
      if (editor && editor.contains(target)) {
        editor.dispatchEvent(new CustomEvent("md:show", { detail: "write" }));
      }
      target.scrollIntoView({ block: "center" });
      if (typeof target.focus === "function") target.focus({ preventScroll: true });
    }

    // Inside the preview, the page's own anchors scroll the preview; any other link
    // opens in a new tab (the site refuses to be framed, and this form must stay).
    var keptScroll = 0;
    frame.addEventListener("load", function () {
      var doc = frame.contentDocument;
      if (!doc) return;
      frame.contentWindow.scrollTo(0, keptScroll);
      doc.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[href]");
        if (!link) return;
        var href = link.getAttribute("href");
        event.preventDefault();
        if (href.charAt(0) === "#") {
          var anchor = doc.getElementById(decodeURIComponent(href.slice(1)));
          if (anchor) anchor.scrollIntoView();
        } else {
          window.open(link.href, "_blank", "noopener");
        }
      });
      doc.addEventListener("submit", function (event) { event.preventDefault(); });
    });

    function later() {
      panel.setAttribute("data-state", "pending");
      clearTimeout(timer);
      timer = setTimeout(render, DELAY_MS);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // Rows added or removed in an inline (the admin's own events).
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
    // Choices moved between the two boxes of a select (no input event of their own).
    ["click", "dblclick"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        if (event.target.closest && event.target.closest(".selector")) later();
      });
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
