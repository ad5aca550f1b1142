// Search over the static index built at build time (pagefind bundle).
// Without JavaScript the page links to the index tables instead.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var bundle = form.getAttribute("data-bundle");
  form.hidden = false;
  var pagefind = null;
  function load() {
    if (!pagefind) {
      var url = new URL(bundle + "pagefind.js", document.baseURI).href;
      pagefind = import(url).then(function (pf) {
        return pf.options({ baseUrl: new URL(bundle + "../", document.baseURI).pathname }).then(function () { return pf; });
      });
    }
    return pagefind;
  }
  var seq = 0;
  function run(q) {
    var mine = ++seq;
    var params = new URLSearchParams(location.search);
    if (q) params.set("q", q); else params.delete("q");
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    status.textContent = form.getAttribute("data-t-loading");
    load().then(function (pf) { return pf.search(q); }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== seq) return;
        items.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = (item.meta && item.meta.title) || item.url;
          var p = document.createElement("p");
          // Pagefind's excerpt is escaped text with <mark> around matches.
          p.innerHTML = item.excerpt;
          li.appendChild(a);
          li.appendChild(p);
          list.appendChild(li);
        });
        status.textContent = items.length
          ? form.getAttribute("data-t-results").replace("{count}", search.results.length)
          : form.getAttribute("data-t-none");
      });
    }).catch(function () { status.textContent = form.getAttribute("data-t-none"); });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(input.value.trim()); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
