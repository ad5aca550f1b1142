// Small enhancements; every page works without them.
// - care mode (larger text) remembered across pages
// - sortable tables, announced, with the order kept in the URL
// - table filters, announced, with the state kept in the URL
// - the report's print button (without JavaScript the page says to use the browser's Print)
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // Care mode ----------------------------------------------------------
  var CARE = "gongkai-care";
  function stored() { try { return localStorage.getItem(CARE) === "1"; } catch (e) { return false; } }
  function store(on) { try { localStorage.setItem(CARE, on ? "1" : "0"); } catch (e) { /* private mode */ } }
  function applyCare(on) {
    root.classList.toggle("care", on);
    document.querySelectorAll("[data-care-toggle]").forEach(function (a) {
      a.textContent = on ? a.getAttribute("data-off") : a.getAttribute("data-on");
      a.setAttribute("aria-pressed", on ? "true" : "false");
      a.setAttribute("role", "button");
    });
  }
  applyCare(stored() || location.hash === "#care");
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("[data-care-toggle]");
    if (!a) return;
    e.preventDefault();
    var on = !root.classList.contains("care");
    store(on);
    applyCare(on);
  });

  // Shared live region for announcements --------------------------------
  function announcer(el) {
    if (el) return el;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.style.cssText = "";
    live.hidden = false;
    live.setAttribute("data-live", "");
    document.body.appendChild(live);
    return live;
  }

  var params = new URLSearchParams(location.search);
  function saveParams() {
    var q = params.toString();
    history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }

  // Sorting ----------------------------------------------------------------
  var STATUS_ORDER = ["missed", "at-risk", "not-reported", "not-assessed", "on-track", "achieved"];
  function cellValue(row, index, kind) {
    var cell = row.children[index];
    var v = cell ? (cell.getAttribute("data-value") || cell.textContent || "").trim() : "";
    if (kind === "number") { var n = parseFloat(v); return isNaN(n) ? Infinity : n; }
    if (kind === "status") { return STATUS_ORDER.indexOf(v); }
    return v;
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table, tIndex) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var body = table.tBodies[0];
    var live = announcer(document.querySelector("[data-live]"));
    function sortBy(index, dir, announce) {
      var th = heads[index];
      var kind = th.getAttribute("data-sort");
      var rows = Array.prototype.slice.call(body.rows);
      var collator = new Intl.Collator(root.lang || undefined, { numeric: true });
      rows.sort(function (a, b) {
        var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
        var c = (typeof x === "number" && typeof y === "number") ? x - y : collator.compare(String(x), String(y));
        return dir === "descending" ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      heads.forEach(function (h) { if (h.hasAttribute("data-sort")) h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir);
      if (announce) live.textContent = th.textContent.trim() + " " + (dir === "ascending" ? "↑" : "↓");
    }
    heads.forEach(function (th, index) {
      if (!th.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(index, dir, true);
        params.set("sort" + (tIndex || ""), index + (dir === "descending" ? "-desc" : ""));
        saveParams();
      });
    });
    var saved = params.get("sort" + (tIndex || ""));
    if (saved) {
      var m = /^(\d+)(-desc)?$/.exec(saved);
      if (m && heads[+m[1]] && heads[+m[1]].hasAttribute("data-sort")) sortBy(+m[1], m[2] ? "descending" : "ascending", false);
    }
  });

  // Filters ------------------------------------------------------------------
  document.querySelectorAll("form[data-filters]").forEach(function (form) {
    var table = document.querySelector("table.measures");
    if (!table) return;
    form.hidden = false;
    var status = form.querySelector(".filter-status");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var fields = ["q", "status", "category", "unit"];
    fields.forEach(function (name) {
      var input = form.elements[name];
      if (input && params.get(name)) input.value = params.get(name);
    });
    function apply(announce) {
      // Lowercased with a final sigma as σ, as the build writes data-text.
      var q = (form.elements.q.value || "").trim().toLowerCase().replace(/\u03c2/g, "\u03c3");
      var st = form.elements.status ? form.elements.status.value : "";
      var cat = form.elements.category ? form.elements.category.value : "";
      var unit = form.elements.unit ? form.elements.unit.value : "";
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!q || (r.getAttribute("data-text") || "").indexOf(q) !== -1) &&
          (!st || r.getAttribute("data-status") === st) &&
          (!cat || r.getAttribute("data-category") === cat) &&
          (!unit || (r.getAttribute("data-units") || "").indexOf(" " + unit + " ") !== -1);
        r.hidden = !ok;
        if (ok) shown++;
      });
      var text = status.getAttribute("data-template").replace("{shown}", shown).replace("{total}", rows.length);
      if (announce || shown !== rows.length) status.textContent = text; else status.textContent = "";
      fields.forEach(function (name) {
        var input = form.elements[name];
        if (!input) return;
        if (input.value) params.set(name, input.value); else params.delete(name);
      });
      saveParams();
    }
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  });

  // Print (the report) ----------------------------------------------------
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
