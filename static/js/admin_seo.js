// The article form's "Search and sharing" fieldset: a length counter under the search title
// and meta description, and the search-result and shared-link previews (rendered first by
// the server, articles/admin_seo.py) kept in step with typing. Text only, never HTML.
(function () {
  "use strict";

  // As core.seo.shortened: whitespace collapsed, cut at a word near the limit.
  function shortened(text, limit) {
    text = text.split(/\s+/).filter(Boolean).join(" ");
    if (text.length <= limit) return text;
    var cut = text.slice(0, limit);
    if (cut.indexOf(" ") >= 0) cut = cut.slice(0, cut.lastIndexOf(" "));
    return cut.replace(/[ ,;:.\-–|]+$/, "") + " …";
  }

  function length(text) {
    return text.split(/\s+/).filter(Boolean).join(" ").length;
  }

  function counter(input) {
    var note = document.createElement("div");
    note.className = "seo-counter help";
    note.id = input.id + "_counter";
    note.setAttribute("aria-live", "polite");
    var row = input.closest(".form-row > div") || input.parentNode;
    row.append(note);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    return note;
  }

  function show(note, count, limit, fallback, counted) {
    var over = count > limit;
    note.classList.toggle("seo-counter-over", over);
    note.textContent =
      (fallback ? "Empty, so " + fallback + " is used: " : "") +
      count + " of about " + limit + " characters" + (counted || "") +
      (over ? ". Search results will cut it short." : ".");
  }

  function setUp(preview) {
    var form = preview.closest("form");
    function field(name) {
      return form.querySelector("[name=" + name + "]");
    }
    var title = field("title");
    var seoTitle = field("seo_title");
    var summary = field("summary");
    var description = field("meta_description");
    var slug = field("slug");
    if (!seoTitle || !description) return; // read-only for this user
    var suffix = preview.getAttribute("data-title-suffix");
    var listPath = preview.getAttribute("data-list-path");
    var titleLimit = Number(preview.getAttribute("data-title-limit"));
    var descriptionLimit = Number(preview.getAttribute("data-description-limit"));
    var titleCounter = counter(seoTitle);
    var descriptionCounter = counter(description);

    function text(selector, value) {
      preview.querySelector(selector).textContent = value;
    }

    function update() {
      var ownTitle = seoTitle.value.trim();
      var pageTitle = ownTitle || (title ? title.value.trim() : "");
      var ownDescription = description.value.trim();
      var pageDescription = ownDescription || (summary ? summary.value.trim() : "");
      show(titleCounter, pageTitle ? length(pageTitle + suffix) : 0, titleLimit,
        ownTitle ? "" : "the title",
        ", the site’s name included");
      show(descriptionCounter, length(pageDescription), descriptionLimit,
        ownDescription ? "" : "the summary");
      text(".seo-serp-title", pageTitle ? shortened(pageTitle + suffix, titleLimit) : "(no title yet)");
      text(".seo-card-title", pageTitle || "(no title yet)");
      var snippet = shortened(pageDescription, descriptionLimit);
      text(".seo-serp-description", snippet || "(no summary yet)");
      text(".seo-card-description", snippet);
      if (slug) text(".seo-serp-path", listPath + (slug.value.trim() ? slug.value.trim() + "/" : ""));
    }

    [title, seoTitle, summary, description, slug].forEach(function (input) {
      if (input) input.addEventListener("input", update);
    });
    // The slug is filled in by the admin's script as the title is typed, without an event.
    if (title && slug) title.addEventListener("keyup", update);
    update();
  }

  function start() {
    document.querySelectorAll(".seo-preview").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
