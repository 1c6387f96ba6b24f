// The Excel import's progress bar (core/templates/core/record_import.html): the upload first, then
// what the server reports while it reads, checks every row and writes (core.spreadsheet_views.ImportProgress),
// polled from the URL on the form's hidden token. Without this script the form posts as usual.
(function () {
  "use strict";
  var POLL_MS = 200;
  var UPLOAD_SHARE = 5; // the server's "reading" starts at 5 %
  var timer = null;
  var running = false;
  var serverSeen = false;
  var failures = 0;
  var current = null;

  function part(id) { return document.getElementById(id); }

  function show(percent, message) {
    var box = part("import-progress");
    var bar = part("import-progress-bar");
    var text = part("import-progress-text");
    if (!box || !bar || !text) { return; }
    box.hidden = false;
    bar.value = Math.max(0, Math.min(100, percent));
    if (message) { text.textContent = message; }
  }

  function isImportForm(event) {
    return event.target && event.target.id === "import-form";
  }

  function poll(url) {
    timer = null;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        failures = 0;
        if (data && data.phase !== "waiting") {
          serverSeen = true;
          show(data.percent, data.message);
        }
        if (running && !(data && data.finished)) { timer = setTimeout(function () { poll(url); }, POLL_MS); }
      })
      .catch(function () {
        failures += 1;
        if (failures === 5) {
          var box = part("import-progress");
          show(part("import-progress-bar").value, box && box.getAttribute("data-lost"));
        }
        if (running) { timer = setTimeout(function () { poll(url); }, POLL_MS * 5); }
      });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var token = part("import-progress-token");
    var box = part("import-progress");
    if (!isImportForm(event) || !token || !box) { return; }
    running = true;
    serverSeen = false;
    failures = 0;
    show(0, box.getAttribute("data-uploading"));
    var url = current = token.getAttribute("data-url");
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { poll(url); }, POLL_MS);
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    if (!isImportForm(event) || serverSeen || !event.detail.lengthComputable) { return; }
    var box = part("import-progress");
    var uploaded = Math.round((event.detail.loaded / event.detail.total) * 100);
    show((uploaded * UPLOAD_SHARE) / 100, box.getAttribute("data-uploading") + " " + uploaded + " %");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isImportForm(event)) { return; }
    running = false;
    if (timer) { clearTimeout(timer); timer = null; }
    // The result is on the page now: the bar is full and says how it ended (done, or the errors).
    show(100, "");
    if (current) {
      fetch(current, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.finished) { show(100, data.message); } })
        .catch(function () { /* the result on the page says it already */ });
    }
  });
})();
