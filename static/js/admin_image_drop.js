// Pictures dragged from the desktop onto the admin. Each drop target carries
// data-image-drop (images/admin.py, drop_target) saying what a drop does:
//   marker   the article body: a dialog asks for alt text and licence, uploads the picture
//            to the library, then admin_editor.js puts [[image:slug]] at the caret;
//   select   the lead image: the same dialog, then the new image is chosen;
//   library  the library's drop zone: the same dialog, then the new image's page opens
//            (to set its focal point);
//   file     the library's own file input: filled in, with a preview, for the form's Save.
// The server's rules (images/uploads.py, the model) decide what is accepted; the checks here
// only spare a wasted upload. A file dropped anywhere else on these pages is ignored rather
// than opened by the browser in place of unsaved work. No inline script or style: CSP-clean.
(function () {
  "use strict";

  var NOT_A_PICTURE =
    "is not a JPEG, PNG, WebP, AVIF or GIF picture. SVG, HTML and PDF files are not " +
    "accepted: export the picture as PNG or JPEG and drop that.";
  var SUBMIT_LABELS = {
    marker: "Upload and insert",
    select: "Upload and use as lead image",
    library: "Add to the library",
  };

  function carriesFiles(event) {
    return Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1;
  }

  function megabytes(bytes) {
    if (bytes < 1e6) return Math.max(1, Math.round(bytes / 1e3)) + " KB";
    return (bytes / 1e6).toFixed(1).replace(/\.0$/, "") + " MB";
  }

  // The element that highlights and holds messages for a target.
  function zoneOf(target) {
    var kind = target.getAttribute("data-image-drop");
    if (kind === "marker") return target.parentElement;
    if (kind === "library") return target;
    return target.closest(".form-row") || target.parentElement;
  }

  function targetAt(node) {
    var zones = document.querySelectorAll("[data-image-drop]");
    for (var i = 0; i < zones.length; i++) {
      if (zoneOf(zones[i]).contains(node)) return zones[i];
    }
    return null;
  }

  function say(target, text, isError) {
    var zone = zoneOf(target);
    var note = zone.querySelector(".image-drop-message");
    if (!note) {
      note = document.createElement("p");
      note.className = "image-drop-message";
      note.setAttribute("role", "status");
      zone.append(note);
    }
    note.classList.toggle("errornote", Boolean(isError));
    note.textContent = text;
  }

  // The one picture dropped, or a message saying why it cannot be used.
  function check(files, config) {
    if (files.length !== 1) return { problem: "Drop one picture at a time." };
    var file = files[0];
    if (config.types.indexOf(file.type) === -1) {
      return { problem: "“" + file.name + "” " + NOT_A_PICTURE };
    }
    if (file.size > config.maxBytes) {
      return {
        problem: "“" + file.name + "” is " + megabytes(file.size) + "; pictures may be at most " +
          megabytes(config.maxBytes) + ".",
      };
    }
    return { file: file };
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // ---- The dialog: the picture, its alt text and licence, caption and credit ----------

  var FIELDS = [
    { name: "alt", label: "Alt text (required)", tag: "textarea",
      help: "What the picture shows, for readers who cannot see it, in a sentence or two." },
    { name: "licence", label: "Licence (required)", tag: "select" },
    { name: "caption", label: "Caption", tag: "input" },
    { name: "credit", label: "Credit", tag: "input", help: "Who made it, as it should be credited." },
  ];

  function makeField(field, licences) {
    var row = document.createElement("div");
    row.className = "image-drop-field";
    var id = "image-drop-" + field.name;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = field.label;
    var input = document.createElement(field.tag);
    input.id = id;
    input.name = field.name;
    if (field.tag === "textarea") input.rows = 3;
    if (field.tag === "select") {
      input.append(new Option("Choose the picture’s licence", ""));
      licences.forEach(function (pair) { input.append(new Option(pair[1], pair[0])); });
    }
    var errors = document.createElement("ul");
    errors.className = "errorlist";
    errors.id = id + "-errors";
    errors.hidden = true;
    var described = [errors.id];
    row.append(label, errors, input);
    if (field.help) {
      var help = document.createElement("p");
      help.className = "help";
      help.id = id + "-help";
      help.textContent = field.help;
      row.append(help);
      described.push(help.id);
    }
    input.setAttribute("aria-describedby", described.join(" "));
    return row;
  }

  function makeDialog(config) {
    var dialog = document.createElement("dialog");
    dialog.className = "image-picker image-drop-dialog";
    dialog.setAttribute("aria-labelledby", "image-drop-title");
    var title = document.createElement("h2");
    title.id = "image-drop-title";
    title.textContent = "Add this picture to the library";
    var figure = document.createElement("div");
    figure.className = "image-drop-file";
    var thumb = document.createElement("img");
    thumb.alt = "";
    var name = document.createElement("p");
    figure.append(thumb, name);
    var problem = document.createElement("p");
    problem.className = "errornote";
    problem.setAttribute("role", "alert");
    problem.hidden = true;
    var form = document.createElement("form");
    form.noValidate = true;  // the server's messages, not the browser's
    FIELDS.forEach(function (field) { form.append(makeField(field, config.licences)); });
    var status = document.createElement("p");
    status.className = "image-picker-status";
    status.setAttribute("role", "status");
    var buttons = document.createElement("div");
    buttons.className = "image-drop-buttons";
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "button default";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", function () { dialog.close(); });
    buttons.append(submit, cancel);
    form.append(status, buttons);
    dialog.append(title, figure, problem, form);
    document.body.append(dialog);
    return {
      dialog: dialog, form: form, thumb: thumb, name: name, problem: problem,
      status: status, submit: submit,
    };
  }

  function clearErrors(box) {
    box.problem.hidden = true;
    box.problem.textContent = "";
    box.form.querySelectorAll(".errorlist").forEach(function (list) {
      list.replaceChildren();
      list.hidden = true;
    });
    box.form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  // The form's errors beside their fields; the file's (and any other) above the form.
  function showErrors(box, errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var messages = errors[name].map(function (error) { return error.message; });
      var input = box.form.elements[name];
      if (!input) {
        box.problem.textContent = (box.problem.textContent + " " + messages.join(" ")).trim();
        box.problem.hidden = false;
        return;
      }
      var list = document.getElementById(input.id + "-errors");
      messages.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      });
      list.hidden = false;
      input.setAttribute("aria-invalid", "true");
      first = first || input;
    });
    (first || box.submit).focus();
  }

  var box = null;
  var pending = null;  // { target, file, then } while the dialog is open

  function upload(config) {
    clearErrors(box);
    var data = new FormData(box.form);
    data.append("file", pending.file);
    box.submit.disabled = true;
    box.status.textContent = "Uploading…";
    var asked = pending;
    asked.abort = new AbortController();
    fetch(config.url, {
      method: "POST",
      signal: asked.abort.signal,
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      })
      .then(function (answer) {
        if (pending !== asked) return;  // cancelled meanwhile
        box.status.textContent = "";
        if (answer.body.errors) {
          showErrors(box, answer.body.errors);
        } else if (answer.ok) {
          box.dialog.close();
          asked.then(answer.body);
        } else {
          showErrors(box, { __all__: [{ message: answer.body.error ||
            "The upload failed (" + answer.status + "). Nothing was saved; try again." }] });
        }
      })
      .catch(function () {
        if (pending !== asked) return;
        box.status.textContent = "";
        showErrors(box, { __all__: [{ message:
          "The server could not be reached. Nothing was saved; try again." }] });
      })
      .then(function () { box.submit.disabled = false; });
  }

  function ask(target, file, config, then) {
    if (!box) {
      box = makeDialog(config);
      // A field's message goes once the editor changes what it was about.
      box.form.addEventListener("input", function (event) {
        var list = document.getElementById(event.target.id + "-errors");
        if (list) list.replaceChildren();
        if (list) list.hidden = true;
        event.target.removeAttribute("aria-invalid");
      });
      box.form.addEventListener("submit", function (event) {
        event.preventDefault();
        upload(config);
      });
      box.dialog.addEventListener("close", function () {
        var was = pending;
        pending = null;
        if (!was) return;
        if (was.abort) was.abort.abort();  // cancelled while uploading: stop sending
        was.focus.focus();
      });
    }
    box.form.reset();
    clearErrors(box);
    box.status.textContent = "";
    box.submit.textContent = SUBMIT_LABELS[target.getAttribute("data-image-drop")];
    box.name.textContent = file.name + " (" + megabytes(file.size) + ")";
    box.thumb.removeAttribute("src");
    // A data: URL, which the CSP's img-src allows (blob: it does not).
    var reader = new FileReader();
    reader.addEventListener("load", function () { box.thumb.src = reader.result; });
    reader.readAsDataURL(file);
    // Where focus returns afterwards: what the editor was using (for the lead image, the
    // autocomplete's own control).
    var focus = zoneOf(target).querySelector(".select2-selection, input[type=file]") || target;
    pending = { target: target, file: file, then: then, focus: focus };
    box.dialog.showModal();
    box.form.elements.alt.focus();
  }

  // ---- What each kind of target does with the picture ---------------------------------

  function chooseOption(select, image) {
    var option = new Option(image.slug, image.id, true, true);
    select.append(option);
    // The autocomplete (select2) follows jQuery's change event; others the DOM's.
    if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
    else select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function fillFileInput(input, file) {
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // The library's file input shows the picture it holds, dropped or chosen.
  function previewFileInput(input) {
    var zone = zoneOf(input);
    var shown = zone.querySelector(".image-drop-preview");
    var file = input.files[0];
    if (!file || !/^image\/(?!svg)/.test(file.type)) {
      if (shown) shown.remove();
      return;
    }
    if (!shown) {
      shown = document.createElement("img");
      shown.className = "image-drop-preview";
      shown.alt = "";
      input.insertAdjacentElement("afterend", shown);
    }
    var reader = new FileReader();
    reader.addEventListener("load", function () { shown.src = reader.result; });
    reader.readAsDataURL(file);
  }

  function take(target, files) {
    var config = JSON.parse(target.getAttribute("data-image-upload"));
    var checked = check(files, config);
    if (checked.problem) {
      say(target, checked.problem, true);
      return;
    }
    var kind = target.getAttribute("data-image-drop");
    if (kind === "file") {
      say(target, "", false);
      fillFileInput(target, checked.file);
      return;
    }
    var start = target.selectionStart;
    var end = target.selectionEnd;
    ask(target, checked.file, config, function (image) {
      if (kind === "marker") {
        target.dispatchEvent(new CustomEvent("md:insert-image", {
          detail: { slug: image.slug, start: start, end: end },
        }));
        say(target, "Added “" + image.slug + "” to the library and placed it in the text.");
      } else if (kind === "select") {
        chooseOption(target, image);
        say(target, "Added “" + image.slug + "” to the library; it is the lead image now.");
      } else {
        say(target, "Added “" + image.slug + "” to the library. Opening it…");
        window.location.assign(image.change_url);
      }
    });
  }

  // ---- Dragging ------------------------------------------------------------------------

  var active = null;

  function highlight(target) {
    if (active === target) return;
    if (active) zoneOf(active).classList.remove("image-drop-active");
    active = target;
    if (active) zoneOf(active).classList.add("image-drop-active");
  }

  function start() {
    if (!document.querySelector("[data-image-drop]")) return;
    document.addEventListener("dragover", function (event) {
      if (!carriesFiles(event)) return;  // text dragged within the page works as ever
      event.preventDefault();
      var target = targetAt(event.target);
      event.dataTransfer.dropEffect = target ? "copy" : "none";
      highlight(target);
    });
    document.addEventListener("dragleave", function (event) {
      if (!event.relatedTarget) highlight(null);  // left the window
    });
    document.addEventListener("drop", function (event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      highlight(null);
      var target = targetAt(event.target);
      if (target) take(target, event.dataTransfer.files);
    });
    // A file chosen with the library's "choose a file" goes the same way as a drop.
    document.querySelectorAll("[data-image-drop=library] input[type=file]").forEach(
      function (input) {
        input.addEventListener("change", function () {
          if (input.files.length) take(targetAt(input), input.files);
          input.value = "";
        });
      }
    );
    document.querySelectorAll("input[type=file][data-image-drop=file]").forEach(
      function (input) {
        input.addEventListener("change", function () { previewFileInput(input); });
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
