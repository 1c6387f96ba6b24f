// Nothing typed is lost: a warning before the idle limit with a button that extends the
// session, a keep-alive while the officer types, and a draft of an unsaved record form kept
// in this tab's sessionStorage (gone when the tab closes), offered back after signing in,
// cleared on save and on sign-out. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var WARN_BEFORE = 5 * 60;      // seconds before the limit
  var PING_EVERY = 60;           // at most one keep-alive a minute while typing
  var body = document.body;
  var user = body.getAttribute("data-session-user");
  var idle = parseInt(body.getAttribute("data-session-idle") || "0", 10);
  var url = body.getAttribute("data-keepalive-url");
  var DRAFT = "giapranh-draft:";
  var SUBMITTED = "giapranh-draft-submitted";

  function csrf() {
    var headers = body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  // --- the session -------------------------------------------------------------------------
  var lastSeen = Date.now();
  var lastPing = Date.now();
  var warnTimer = null;
  var warning = document.getElementById("session-warning");

  function schedule() {
    if (!idle || !warning) { return; }
    if (warnTimer) { clearTimeout(warnTimer); }
    var wait = Math.max(0, (idle - WARN_BEFORE) * 1000 - (Date.now() - lastSeen));
    warnTimer = setTimeout(function () {
      warning.hidden = false;
      var button = document.getElementById("session-extend");
      if (button) { button.focus(); }
    }, wait);
  }

  function ping() {
    if (!url) { return; }
    lastPing = Date.now();
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf(), "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.ok && (response.headers.get("Content-Type") || "").indexOf("json") >= 0) {
          lastSeen = Date.now();
          if (warning) { warning.hidden = true; }
          schedule();
        }
      })
      .catch(function () { /* offline: the draft is kept anyway */ });
  }

  if (user) {
    schedule();
    document.addEventListener("click", function (event) {
      if (event.target && event.target.id === "session-extend") { ping(); }
    });
    document.addEventListener("input", function () {
      if (Date.now() - lastPing > PING_EVERY * 1000) { ping(); }
    });
    document.addEventListener("htmx:afterRequest", function () { lastSeen = Date.now(); schedule(); });
  }

  // --- drafts --------------------------------------------------------------------------------
  var store;
  try { store = window.sessionStorage; } catch (e) { store = null; }
  if (!store) { return; }

  function keyFor(path, owner) { return DRAFT + (owner || user || "") + ":" + path; }

  function fieldsOf(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "password" || el.type === "file") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function fill(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.name === "csrfmiddlewaretoken") { return; }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else if (!Array.isArray(value)) {
        el.value = value;
      }
    });
  }

  // A save that went through lands on another page: its draft is no longer needed.
  var submitted = store.getItem(SUBMITTED);
  if (submitted && user) {
    var parts = submitted.split("\n");
    if (parts[1] !== location.pathname) { store.removeItem(parts[0]); }
    store.removeItem(SUBMITTED);
  }

  // Signing out forgets every draft of this tab (a shared PC).
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.id === "logout-form") {
      Object.keys(store).forEach(function (key) { if (key.indexOf(DRAFT) === 0) { store.removeItem(key); } });
    }
  }, true);

  var form = document.querySelector("form[data-draft]");
  if (!form || !user) { return; }
  var key = keyFor(location.pathname);
  var saved = store.getItem(key);
  var bound = form.querySelector(".has-error, .errorlist");  // a form sent back with errors holds what was typed
  if (saved && !bound) {
    var template = document.getElementById("draft-offer-template");
    if (template) {
      form.parentNode.insertBefore(template.content.cloneNode(true), form);
      document.getElementById("draft-restore").addEventListener("click", function () {
        fill(form, JSON.parse(saved));
        document.getElementById("draft-offer").remove();
      });
      document.getElementById("draft-discard").addEventListener("click", function () {
        store.removeItem(key);
        document.getElementById("draft-offer").remove();
      });
    }
  }
  var save = function () { store.setItem(key, JSON.stringify(fieldsOf(form))); };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () {
    save();  // kept until the next page shows the save went through (not the sign-in page)
    store.setItem(SUBMITTED, key + "\n" + location.pathname);
  });
})();
