// The body toolbar's "Insert image" chooser: a modal <dialog> listing the image library
// (thumbnail and alt text, searchable) from the images admin's JSON endpoint. Choosing
// one calls back admin_editor.js, which inserts [[image:slug]] on its own line. A link
// uploads a new image in a new tab. Keyboard: Tab through, Enter chooses, Escape closes.
// No inline script or style: CSP-clean.
(function () {
  "use strict";

  var SEARCH_DELAY_MS = 200;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function makeDialog(uploadUrl) {
    var dialog = element("dialog", "image-picker");
    dialog.setAttribute("aria-labelledby", "image-picker-title");
    var title = element("h2", "", "Insert an image");
    title.id = "image-picker-title";
    var label = element("label", "", "Search the library");
    label.htmlFor = "image-picker-search";
    var search = element("input", "image-picker-search");
    search.type = "search";
    search.id = "image-picker-search";
    search.placeholder = "Alt text, caption or slug";
    var status = element("p", "image-picker-status");
    status.setAttribute("role", "status");
    var list = element("ul", "image-picker-list");
    var upload = element("a", "", "Upload a new image");
    upload.href = uploadUrl;
    upload.target = "_blank";
    upload.rel = "noopener";
    var note = element("p", "image-picker-upload");
    note.append(upload, " (opens in a new tab; search here again once it is saved)");
    var close = element("button", "button image-picker-close", "Cancel");
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.append(title, label, search, status, list, note, close);
    document.body.append(dialog);
    return { dialog: dialog, search: search, status: status, list: list };
  }

  function show(picker, images, choose) {
    picker.list.replaceChildren();
    picker.status.textContent = images.length
      ? images.length + " image" + (images.length === 1 ? "" : "s")
      : "No image matches. Upload one, or search for other words.";
    images.forEach(function (image) {
      var button = element("button", "image-picker-choice");
      button.type = "button";
      button.setAttribute("data-slug", image.slug);
      if (image.thumbnail) {
        var thumb = element("img");
        thumb.src = image.thumbnail;
        thumb.alt = "";
        thumb.width = 80;
        thumb.height = Math.round((80 * image.height) / image.width);
        button.append(thumb);
      }
      var words = element("span", "image-picker-words");
      words.append(element("span", "image-picker-alt", image.alt),
                   element("code", "", "[[image:" + image.slug + "]]"));
      button.append(words);
      button.addEventListener("click", function () { choose(image.slug); });
      var item = element("li");
      item.append(button);
      picker.list.append(item);
    });
  }

  function load(picker, url, choose) {
    var query = picker.search.value.trim();
    picker.status.textContent = "Loading…";
    fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status === 403
          ? "You may not view the image library." : "The library could not be loaded.");
        return response.json();
      })
      .then(function (data) {
        if (picker.search.value.trim() === query) show(picker, data.images, choose);
      })
      .catch(function (error) {
        picker.list.replaceChildren();
        picker.status.textContent = error.message;
      });
  }

  var picker = null;
  var insert = null;

  document.addEventListener("md:choose-image", function (event) {
    var textarea = event.target;
    var url = textarea.getAttribute("data-image-choices-url");
    if (!url) return;
    insert = event.detail.insert;
    if (!picker) {
      picker = makeDialog(textarea.getAttribute("data-image-upload-url"));
      var choose = function (slug) {
        picker.dialog.close();
        insert(slug);
      };
      var timer = null;
      picker.search.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { load(picker, url, choose); }, SEARCH_DELAY_MS);
      });
      picker.load = function () { load(picker, url, choose); };
    }
    picker.dialog.showModal();
    picker.search.focus();
    picker.load();
  });
})();
