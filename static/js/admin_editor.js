// The markdown writing surface of the admin: a toolbar and keyboard shortcuts over a
// plain textarea, and "Write" / "Preview" tabs when the screen is too narrow for the
// preview beside the text (static/css/admin_editor.css decides; this only sets the mode).
// Edits go through insertText, so the browser's undo keeps working, and fire "input",
// so the preview (admin_preview.js) follows. No inline script or style: CSP-clean.
(function () {
  "use strict";

  var MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  var MOD = MAC ? "⌘" : "Ctrl+";
  var ALT = MAC ? "⌥" : "Alt+";
  var EMBEDS = ["checklist", "comparison", "timeline"];

  // ---- Editing the text -------------------------------------------------------------

  // Replace start..end with text, undoably where the browser allows, then select
  // selStart..selEnd (offsets into the inserted text).
  function replace(textarea, start, end, text, selStart, selEnd) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + selStart, start + selEnd);
  }

  // **selection** (or a placeholder, selected so typing replaces it).
  function wrap(before, after, placeholder) {
    return function (textarea) {
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var chosen = textarea.value.slice(start, end) || placeholder;
      replace(
        textarea, start, end, before + chosen + after,
        before.length, before.length + chosen.length
      );
    };
  }

  function link(textarea) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var words = textarea.value.slice(start, end) || "link text";
    var address = "https://";
    var text = "[" + words + "](" + address + ")";
    // The address is selected: it is what the editor types next.
    replace(textarea, start, end, text, words.length + 3, words.length + 3 + address.length);
  }

  // The whole lines the selection touches.
  function lineBounds(textarea) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var endAt = textarea.selectionEnd;
    if (endAt > start && value[endAt - 1] === "\n") endAt -= 1;
    var end = value.indexOf("\n", endAt);
    return { start: start, end: end === -1 ? value.length : end };
  }

  var PREFIXES = /^(#{1,6} |> |- |\* |\d+\. )/;

  // Give each selected line a prefix ("## ", "- ", "1. "...), replacing the kind it had;
  // pressing the same button again removes it.
  function prefixLines(makePrefix) {
    return function (textarea) {
      var bounds = lineBounds(textarea);
      var lines = textarea.value.slice(bounds.start, bounds.end).split("\n");
      var already = lines.every(function (line, index) {
        return line.indexOf(makePrefix(index)) === 0;
      });
      var changed = lines.map(function (line, index) {
        var bare = line.replace(PREFIXES, "");
        return already ? bare : makePrefix(index) + bare;
      });
      var text = changed.join("\n");
      // Several lines stay selected, for the next button; one line leaves the caret at its end.
      var selectFrom = lines.length > 1 ? 0 : text.length;
      replace(textarea, bounds.start, bounds.end, text, selectFrom, text.length);
    };
  }

  // A block that must stand on its own line, with a blank line before and after.
  function block(text) {
    return function (textarea) {
      var value = textarea.value;
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var before = value.slice(0, start);
      var after = value.slice(end);
      // Newlines enough for a blank line on each side (none needed at the very start).
      var lead = before === "" ? "" : "\n\n".slice(/\n{0,2}$/.exec(before)[0].length);
      var trail = "\n\n".slice(/^\n{0,2}/.exec(after)[0].length);
      var inserted = lead + text + trail;
      var caret = lead.length + text.length + trail.length;
      replace(textarea, start, end, inserted, caret, caret);
    };
  }

  // [n]: the source after the highest one the body cites, or the last source there is;
  // the number is selected so that typing another replaces it.
  function citation(textarea) {
    var cited = 0;
    textarea.value.replace(/\[(\d{1,3})\]/g, function (match, number) {
      cited = Math.max(cited, parseInt(number, 10));
      return match;
    });
    var count = sourceCount(textarea.form);
    var number = count ? Math.min(cited + 1, count) : cited + 1;
    var start = textarea.selectionStart;
    var text = "[" + number + "]";
    replace(textarea, start, textarea.selectionEnd, text, 1, text.length - 1);
  }

  // The sources the form lists now: the inline's rows, less those marked for deletion.
  function sourceCount(form) {
    var total = form && form.querySelector("input[name='sources-TOTAL_FORMS']");
    if (!total) return 0;
    var deleted = form.querySelectorAll("input[name^='sources-'][name$='-DELETE']:checked");
    return Math.max(0, (parseInt(total.value, 10) || 0) - deleted.length);
  }

  // ---- The toolbar ------------------------------------------------------------------

  var ACTIONS = {
    h2: { label: "H2", name: "Heading", run: prefixLines(function () { return "## "; }) },
    h3: { label: "H3", name: "Subheading", run: prefixLines(function () { return "### "; }) },
    bold: { label: "B", name: "Bold", key: "b", run: wrap("**", "**", "bold text") },
    italic: { label: "I", name: "Italic", key: "i", run: wrap("*", "*", "italic text") },
    link: { label: "Link", name: "Link", key: "k", run: link },
    bullets: {
      label: "• List", name: "Bulleted list", run: prefixLines(function () { return "- "; }),
    },
    numbers: {
      label: "1. List", name: "Numbered list",
      run: prefixLines(function (index) { return index + 1 + ". "; }),
    },
    quote: { label: "Quote", name: "Quote", run: prefixLines(function () { return "> "; }) },
    cite: { label: "[n]", name: "Cite a source", run: citation },
  };
  EMBEDS.forEach(function (name) {
    ACTIONS[name] = {
      label: "[[" + name + "]]",
      name: "Place the " + name + " here (on its own line)",
      run: block("[[" + name + "]]"),
    };
  });

  // [[image:slug]] on its own line like the other embeds, where the caret was at
  // start..end: a modal dialog in between (the chooser, the drop dialog) resets it.
  function insertImage(textarea, slug, start, end) {
    textarea.setSelectionRange(start, end);
    block("[[image:" + slug + "]]")(textarea);
  }

  // "Insert image": admin_image_picker.js lets the editor choose from the library, then
  // calls back with the slug.
  ACTIONS.image = {
    label: "Image",
    name: "Insert image from the library (on its own line)",
    run: function (textarea) {
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      textarea.dispatchEvent(new CustomEvent("md:choose-image", {
        bubbles: true,
        detail: {
          insert: function (slug) { insertImage(textarea, slug, start, end); },
        },
      }));
    },
  };

  // Which buttons each kind of field gets (data-markdown-toolbar="...").
  var KINDS = {
    body: [["h2", "h3"], ["bold", "italic", "link"], ["bullets", "numbers", "quote"],
           EMBEDS, ["image", "cite"]],
    document: [["h2", "h3"], ["bold", "italic", "link"], ["bullets", "numbers", "quote"]],
    text: [["bold", "italic", "link"], ["bullets", "numbers"]],
  };

  function shortcutLabel(action) {
    return action.key ? " (" + MOD + action.key.toUpperCase() + ")" : "";
  }

  function makeToolbar(textarea, kind) {
    var toolbar = document.createElement("div");
    toolbar.className = "md-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    toolbar.setAttribute("aria-controls", textarea.id);
    (KINDS[kind] || KINDS.text).forEach(function (group) {
      var box = document.createElement("span");
      box.className = "md-toolbar-group";
      group.forEach(function (id) {
        var action = ACTIONS[id];
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button md-button-" + id;
        button.textContent = action.label;
        button.title = action.name + shortcutLabel(action);
        button.setAttribute("aria-label", action.name + shortcutLabel(action));
        button.setAttribute("data-md-action", id);
        if (action.key) {
          var keys = (MAC ? "Meta+" : "Control+") + action.key.toUpperCase();
          button.setAttribute("aria-keyshortcuts", keys);
        }
        // Keep the textarea's selection: a click must not move focus before the edit.
        button.addEventListener("mousedown", function (event) { event.preventDefault(); });
        button.addEventListener("click", function () { action.run(textarea); });
        box.append(button);
      });
      toolbar.append(box);
    });
    // One tab stop for the whole toolbar; arrow keys move between its buttons.
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    buttons.forEach(function (button, index) { button.tabIndex = index ? -1 : 0; });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 };
      var next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    return toolbar;
  }

  function shortcuts(textarea, kind) {
    var keys = {};
    (KINDS[kind] || KINDS.text).forEach(function (group) {
      group.forEach(function (id) {
        if (ACTIONS[id].key) keys[ACTIONS[id].key] = ACTIONS[id];
      });
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(MAC ? event.metaKey : event.ctrlKey) || event.shiftKey || event.altKey) return;
      var action = keys[event.key.toLowerCase()];
      if (action) {
        event.preventDefault();
        action.run(textarea);
      }
    });
  }

  // ---- Write / Preview ----------------------------------------------------------------

  // The body's editor: tabs, the write pane (toolbar and text) and an empty preview
  // pane that admin_preview.js fills. Side by side on wide screens (CSS).
  function makeEditor(textarea, kind) {
    var editor = document.createElement("div");
    editor.className = "md-editor";
    editor.setAttribute("data-mode", "write");
    var id = textarea.id;

    var tabs = document.createElement("div");
    tabs.className = "md-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Write or preview");
    var write = document.createElement("div");
    write.className = "md-pane md-pane-write";
    write.id = id + "-write";
    var preview = document.createElement("div");
    preview.className = "md-pane md-pane-preview";
    preview.id = id + "-preview";
    preview.setAttribute("data-preview-pane", "");

    var toggleLabel = " (" + MOD + ALT + "P)";
    function tab(mode, label, pane) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-tab";
      button.id = pane.id + "-tab";
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", pane.id);
      button.setAttribute("data-mode", mode);
      button.title = "Show the " + label.toLowerCase() + " pane" + toggleLabel;
      button.setAttribute("aria-keyshortcuts", (MAC ? "Meta+Alt+P" : "Control+Alt+P"));
      var text = document.createElement("span");
      text.textContent = label;
      var note = document.createElement("span");
      note.className = "md-tab-note";
      button.append(text, note);
      button.addEventListener("click", function () { show(mode); });
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", button.id);
      return button;
    }
    var writeTab = tab("write", "Write", write);
    var previewTab = tab("preview", "Preview", preview);
    tabs.append(writeTab, previewTab);

    function show(mode) {
      editor.setAttribute("data-mode", mode);
      [writeTab, previewTab].forEach(function (button) {
        var selected = button.getAttribute("data-mode") === mode;
        button.setAttribute("aria-selected", String(selected));
        button.tabIndex = selected ? 0 : -1;
      });
    }
    // Show the other pane; return the mode now shown.
    function flip() {
      var mode = editor.getAttribute("data-mode") === "write" ? "preview" : "write";
      show(mode);
      return mode;
    }
    tabs.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        (flip() === "write" ? writeTab : previewTab).focus();
      }
    });

    textarea.insertAdjacentElement("beforebegin", editor);
    write.append(makeToolbar(textarea, kind), textarea);
    editor.append(tabs, write, preview);
    show("write");

    // The preview says how many problems it found; the tab shows the count while hidden.
    textarea.addEventListener("preview:problems", function (event) {
      var count = event.detail;
      previewTab.querySelector(".md-tab-note").textContent =
        count ? " (" + count + (count === 1 ? " problem)" : " problems)") : "";
    });
    // A problem's link to the body leads back to the text (admin_preview.js asks).
    editor.addEventListener("md:show", function (event) { show(event.detail); });
    // Write <-> Preview from anywhere in the editor: the text, the toolbar, the tabs.
    editor.addEventListener("keydown", function (event) {
      if ((MAC ? event.metaKey : event.ctrlKey) && event.altKey && event.code === "KeyP") {
        event.preventDefault();
        (flip() === "write" ? textarea : previewTab).focus();
      }
    });
  }

  function setUp(textarea) {
    var kind = textarea.getAttribute("data-markdown-toolbar");
    if (textarea.hasAttribute("data-preview-url")) {
      makeEditor(textarea, kind);
    } else {
      var wrapper = document.createElement("div");
      wrapper.className = "md-field";
      textarea.insertAdjacentElement("beforebegin", wrapper);
      wrapper.append(makeToolbar(textarea, kind), textarea);
    }
    shortcuts(textarea, kind);
    // A picture dropped on the text and uploaded (admin_image_drop.js) is placed the same way.
    textarea.addEventListener("md:insert-image", function (event) {
      insertImage(textarea, event.detail.slug, event.detail.start, event.detail.end);
    });
  }

  function start() {
    document.querySelectorAll("textarea[data-markdown-toolbar]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
