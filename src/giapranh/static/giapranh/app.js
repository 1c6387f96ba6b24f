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
})();
// File uploads posted with HTMX (the Excel import): show the upload's progress.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = event.target.querySelector && event.target.querySelector("progress[data-upload-progress]");
  if (!bar || !event.detail.lengthComputable) { return; }
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
