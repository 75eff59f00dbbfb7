// The admin change form's shape, for every content admin (templates/admin/change_form.html):
// - the summary of a refused save's errors gets the focus, and each of its links focuses
//   its field (opening a collapsed fieldset on the way);
// - rows of an inline whose fieldset has the class "sortable" are reordered by dragging a
//   handle or with Move up / Move down buttons; their "order" inputs are renumbered from the
//   rows' order on the page. Without this script the order inputs are plain number fields,
//   so the form still works.
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]), select, textarea, button, a[href], [tabindex]";

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  // The element to focus for a summary link's target: the field itself, or the first field
  // in a row or group, or (for a widget the admin replaces, like select2) its first shown part.
  function focusableIn(target) {
    if (target.matches(FOCUSABLE) && isShown(target)) return target;
    var scope = target.closest(".form-row, tr, .inline-related, .inline-group") || target;
    var candidates = scope.querySelectorAll(FOCUSABLE);
    for (var i = 0; i < candidates.length; i++) {
      if (isShown(candidates[i])) return candidates[i];
    }
    return null;
  }

  function goTo(target) {
    var details = target.closest("details");
    if (details) details.open = true;
    var field = focusableIn(target);
    // A field is brought to the middle of the screen; a row or group, to its top.
    var wholePart = !target.matches(FOCUSABLE);
    (wholePart ? target : field || target).scrollIntoView({ block: wholePart ? "start" : "center" });
    if (field) field.focus({ preventScroll: true });
  }

  function setUpSummary(summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      goTo(target);
    });
  }

  // --- Sortable inlines -------------------------------------------------------------

  // "source" from the admin's "Add another Source", to say which row a button moves.
  function rowNoun(group) {
    try {
      var text = JSON.parse(group.getAttribute("data-inline-formset")).options.addText;
      return text.replace(/^Add another /, "").toLowerCase() || "row";
    } catch (error) {
      return "row";
    }
  }

  function Sortable(fieldset) {
    this.fieldset = fieldset;
    this.group = fieldset.closest(".inline-group");
    this.prefix = this.group.id.replace(/-group$/, "");
    this.rowId = new RegExp("^" + this.prefix + "-\\d+$");
    this.cited = fieldset.classList.contains("sortable-cited");
    this.noun = rowNoun(this.group);
    this.dragged = null;
    this.status = document.createElement("p");
    this.status.className = "sortable-status";
    this.status.setAttribute("aria-live", "polite");
    fieldset.append(this.status);
    fieldset.classList.add("js-sortable");
    this.dropOrderColumn();
    this.rows().forEach(this.addControls, this);
    this.renumber();
  }

  // In a table, the order inputs move out of their column (into each row's first cell,
  // as hidden inputs) and the column goes: a hidden column still takes its width. The
  // template row the admin copies for "Add another" loses it too.
  Sortable.prototype.dropOrderColumn = function () {
    this.group.querySelectorAll("td.field-order").forEach(function (cell) {
      var input = cell.querySelector("input");
      var first = cell.parentNode.querySelector("td.original");
      if (input && first) {
        input.type = "hidden";
        first.append(input);
      }
      cell.remove();
    });
    this.group.querySelectorAll("th.column-order").forEach(function (cell) {
      cell.remove();
    });
  };

  Sortable.prototype.rows = function () {
    var rowId = this.rowId;
    return Array.prototype.filter.call(this.group.querySelectorAll("[id]"), function (element) {
      return rowId.test(element.id);
    });
  };

  Sortable.prototype.orderInput = function (row) {
    return row.querySelector("input[name$='-order']");
  };

  Sortable.prototype.isDeleted = function (row) {
    var box = row.querySelector("input[name$='-DELETE']");
    return Boolean(box && box.checked);
  };

  Sortable.prototype.isSaved = function (row) {
    var id = row.querySelector("input[name$='-id']");
    return Boolean(id && id.value);
  };

  // A new row the editor left empty is not saved; giving it an order would make the
  // admin treat it as filled in, and refuse it for its empty required fields.
  Sortable.prototype.isFilled = function (row) {
    var fields = row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    return Array.prototype.some.call(fields, function (field) {
      return !/-order$/.test(field.name) && field.value.trim() !== "";
    });
  };

  Sortable.prototype.addControls = function (row) {
    if (row.querySelector(".sortable-controls")) return;
    var self = this;
    var controls = document.createElement("div");
    controls.className = "sortable-controls";
    var handle = document.createElement("span");
    handle.className = "sortable-handle";
    handle.draggable = true;
    handle.title = "Drag to move this " + this.noun;
    handle.setAttribute("aria-hidden", "true");
    handle.textContent = "⠿";
    var position = document.createElement("span");
    position.className = "sortable-position";
    controls.append(handle, position);
    [["up", "↑", -1], ["down", "↓", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sortable-move sortable-move-" + spec[0];
      button.title = "Move " + spec[0];
      button.textContent = spec[1];
      button.setAttribute("data-step", spec[2]);
      controls.append(button);
    });
    controls.addEventListener("click", function (event) {
      var button = event.target.closest(".sortable-move");
      if (button) self.move(row, Number(button.getAttribute("data-step")), button);
    });
    handle.addEventListener("dragstart", function (event) {
      self.dragged = row;
      row.classList.add("sortable-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    handle.addEventListener("dragend", function () {
      row.classList.remove("sortable-dragging");
      self.dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!self.dragged || self.dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      self.place(self.dragged, after ? row.nextSibling : blockStart(row));
    });
    row.addEventListener("drop", function (event) {
      if (!self.dragged) return;
      event.preventDefault();
      self.settled(self.dragged);
    });
    var anchor = row.querySelector("td.original") || row.querySelector("h3") || row;
    anchor.prepend(controls);
  };

  // A tabular row's errors sit in a row of their own just above it, and move with it.
  function blockStart(row) {
    var errors = row.previousElementSibling;
    return errors && errors.classList.contains("row-form-errors") ? errors : row;
  }

  Sortable.prototype.place = function (row, before) {
    var start = blockStart(row);
    if (before === start || before === row || before === row.nextSibling) return;
    row.parentNode.insertBefore(row, before);
    if (start !== row) row.parentNode.insertBefore(start, row);
    this.renumber();
  };

  Sortable.prototype.move = function (row, step, button) {
    var rows = this.rows();
    var other = rows[rows.indexOf(row) + step];
    if (!other) {
      this.status.textContent = step < 0 ? "Already the first." : "Already the last.";
      return;
    }
    this.place(row, step < 0 ? blockStart(other) : other.nextSibling);
    if (button) button.focus();
    this.settled(row);
  };

  Sortable.prototype.settled = function (row) {
    this.status.textContent = "Moved to " + row.querySelector(".sortable-position").textContent + ".";
  };

  Sortable.prototype.label = function (number) {
    return this.cited ? "[" + number + "]" : number + ".";
  };

  // Positions and order inputs follow the rows on the page. Rows marked for deletion keep
  // their place but take no number: they will not be there after the save.
  Sortable.prototype.renumber = function () {
    var self = this;
    var number = 0;
    this.rows().forEach(function (row) {
      var deleted = self.isDeleted(row);
      var counts = !deleted && (self.isSaved(row) || self.isFilled(row));
      if (counts) number += 1;
      var position = row.querySelector(".sortable-position");
      var text = counts ? self.label(number) : deleted ? "(deleted)" : "(new)";
      if (position) position.textContent = text;
      row.querySelectorAll(".sortable-move").forEach(function (button) {
        var up = button.getAttribute("data-step") === "-1";
        button.setAttribute("aria-label", "Move " + self.noun + " " + text + (up ? " up" : " down"));
      });
      var input = self.orderInput(row);
      if (input && counts) input.value = number - 1;
    });
  };

  // The admin's formset script numbers a new row's fields by its place among the rows when
  // a row is removed. The formset reads saved rows from the first indexes, so give them
  // those first, in page order, then the new rows (the order inputs carry the real order).
  Sortable.prototype.reindex = function () {
    var prefix = this.prefix;
    var pattern = new RegExp("(" + prefix + "-(\\d+|__prefix__))");
    var rows = this.rows();
    var saved = rows.filter(this.isSaved, this);
    var added = rows.filter(function (row) { return saved.indexOf(row) < 0; });
    saved.concat(added).forEach(function (row, index) {
      var replacement = prefix + "-" + index;
      [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (element) {
        ["id", "name", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value && pattern.test(value)) {
            element.setAttribute(attribute, value.replace(pattern, replacement));
          }
        });
      });
    });
  };

  function setUpSortables(form) {
    var sortables = Array.prototype.map.call(
      form.querySelectorAll("fieldset.sortable"),
      function (fieldset) { return new Sortable(fieldset); }
    );
    function owner(element) {
      return sortables.filter(function (sortable) { return sortable.group.contains(element); })[0];
    }
    document.addEventListener("formset:added", function (event) {
      var sortable = owner(event.target);
      if (!sortable) return;
      sortable.addControls(event.target);
      sortable.renumber();
    });
    document.addEventListener("formset:removed", function (event) {
      var sortable = sortables.filter(function (s) { return s.prefix === event.detail.formsetName; })[0];
      if (sortable) sortable.renumber();
    });
    form.addEventListener("input", function (event) {
      var sortable = owner(event.target);
      if (sortable) sortable.renumber();
    });
    form.addEventListener("change", function (event) {
      var sortable = owner(event.target);
      if (sortable) sortable.renumber();
    });
    form.addEventListener("submit", function () {
      sortables.forEach(function (sortable) {
        sortable.renumber();
        sortable.reindex();
      });
    });
  }

  function start() {
    var summary = document.getElementById("error-summary");
    if (summary) setUpSummary(summary);
    var form = document.querySelector("#content-main form");
    if (form) setUpSortables(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
