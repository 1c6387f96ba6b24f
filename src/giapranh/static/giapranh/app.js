// Small behaviours HTMX does not cover. No framework, no network access of its own.
(function () {
  "use strict";
  // UnitPickerWidget: a click or Enter on a result fills the hidden input.
  function choose(item) {
    var id = item.getAttribute("data-target");
    var hidden = document.getElementById(id);
    var search = document.getElementById(id + "_unitsearch");
    var list = document.getElementById(id + "_unitresults");
    if (!hidden || !search) { return; }
    hidden.value = item.getAttribute("data-unit");
    search.value = item.getAttribute("data-label");
    if (list) { list.innerHTML = ""; }
  }
  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest("[data-unit]");
    if (item) { choose(item); }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Enter") { return; }
    var item = event.target.closest && event.target.closest("[data-unit]");
    if (item) { choose(item); }
  });
  // Typing over a chosen commune clears the choice until another is picked.
  document.addEventListener("input", function (event) {
    var id = event.target.getAttribute && event.target.getAttribute("data-unit-target");
    if (id) { var hidden = document.getElementById(id); if (hidden) { hidden.value = ""; } }
  });

  // Phones: the menu and the filters open with a button (CSS folds them away below 700 px).
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".nav-toggle, .filters-toggle");
    if (!toggle) { return; }
    var open;
    if (toggle.classList.contains("nav-toggle")) {
      open = document.body.classList.toggle("nav-open");
    } else {
      var form = document.getElementById(toggle.getAttribute("aria-controls"));
      if (!form) { return; }
      open = form.classList.toggle("open");
    }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // Stacked cards: each cell carries its column's heading.
  function labelCells(root) {
    var tables = (root || document).querySelectorAll ? (root || document).querySelectorAll("table.records") : [];
    Array.prototype.forEach.call(tables, function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headings[index] && !cell.hasAttribute("colspan")) { cell.setAttribute("data-label", headings[index]); }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    labelCells(document);
    // A person picked (or created) in a picker: focus moves on to the form's next control
    // (the role, the next field, else Save); "Change" puts it back in the search box.
    var config = event.detail && event.detail.requestConfig;
    var params = config && config.parameters;
    var id = params && (params.id || (params.get && params.get("id")));
    if (!id || !/picker\/(pick|new)/.test(config.path || "")) { return; }
    var picker = document.getElementById(id + "_picker");
    if (!picker) { return; }
    var target = picker.querySelector("[data-picked]") ? nextControl(picker) || picker.querySelector("[data-testid=person-change]") : picker.querySelector("input[type=search]");
    if (target) { target.focus(); }
  });
  // The first control after `element` in its form that a keyboard can reach.
  function nextControl(element) {
    var form = element.closest("form");
    if (!form) { return null; }
    var controls = form.querySelectorAll("input:not([type=hidden]), select, textarea, button");
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      var after = element.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (after && !element.contains(control) && !control.disabled && control.offsetParent !== null) { return control; }
    }
    return null;
  }
})();
// File uploads posted with HTMX (the Excel import): show the upload's progress.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = event.target.querySelector && event.target.querySelector("progress[data-upload-progress]");
  if (!bar || !event.detail.lengthComputable) { return; }
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
