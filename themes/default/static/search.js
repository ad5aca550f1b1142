// Search over the static index written at build time under search/<lang>/.
// The query is split into terms by the rules the index was built with
// (src/render/search.rs explains them; keep the two together), the shard of
// each term is fetched, the pages holding every term are ranked, and the
// best are listed with an excerpt. Without JavaScript the page links to the
// index tables instead.
(function () {
  "use strict";
  var SHOWN = 20;
  var CLOSE_FORM_FACTOR = 0.8; // a word found by its stem, at most 3 letters longer
  var PREFIX_FACTOR = 0.5; // a longer word found by its beginning
  var EXCERPT_CHARS = 220;
  var FRAGMENTS_PER_FILE = 8; // as the build writes them

  var WORD;
  try {
    WORD = new RegExp("[\\p{Alphabetic}\\p{N}]", "u");
  } catch (e) {
    WORD = /[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u1fff\u2070-\u218f\u2c00-\u2fff]/;
  }

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
  }

  // Lowercased, with a final sigma as σ, as the build reads text.
  function lower(text) {
    return text.toLowerCase().replace(/\u03c2/g, "\u03c3");
  }

  // Calls onWord with each run of letters and digits and onRun with each
  // run of CJK characters (an array of characters), lowercased.
  function split(text, onWord, onRun) {
    var word = "";
    var run = [];
    Array.from(lower(text)).concat([" "]).forEach(function (c) {
      if (isCjk(c.codePointAt(0))) {
        if (word) { onWord(word); word = ""; }
        run.push(c);
        return;
      }
      if (run.length) { onRun(run); run = []; }
      if (WORD.test(c)) word += c;
      else if (word) { onWord(word); word = ""; }
    });
  }

  // The index terms of a text, exactly as the build makes them.
  function terms(text) {
    var out = [];
    split(text, function (w) { out.push(w); }, function (run) {
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      out.push(run[run.length - 1]);
    });
    return out;
  }

  function shardOf(term) {
    var chars = Array.from(term);
    return isCjk(chars[0].codePointAt(0)) ? chars[0] : chars.slice(0, 2).join("");
  }

  function shardFileName(shard) {
    return Array.from(shard).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  // A word also finds the words it begins (by its stem when it looks like
  // an English plural or verb form), ranked below itself.
  function stem(word) {
    var endings = ["ies", "es", "s", "ing", "ed"];
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) return word.slice(0, -e.length);
    }
    return word;
  }

  // What a query asks for: groups of terms a page must all match.
  function groups(query) {
    var out = [];
    var seen = {};
    function add(g) { if (!seen[g.term]) { seen[g.term] = true; out.push(g); } }
    split(query, function (w) {
      var long = Array.from(w).length >= 3;
      add({ term: w, prefix: long ? stem(w) : null });
    }, function (run) {
      if (run.length === 1) add({ term: run[0], prefix: run[0] });
      for (var i = 0; i + 1 < run.length; i++) add({ term: run[i] + run[i + 1], prefix: null });
    });
    return out;
  }

  // For the browser tests, which check these rules against the build's.
  window.gongkaiSearch = { terms: terms, shard: function (t) { return shardFileName(shardOf(t)); } };

  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var base = form.getAttribute("data-index");
  var root = form.getAttribute("data-root");
  form.hidden = false;

  function fetchJson(rel) {
    return fetch(new URL(rel, document.baseURI).href).then(function (r) {
      if (!r.ok) throw new Error(rel + ": " + r.status);
      return r.json();
    });
  }

  var meta = null;
  function loadMeta() {
    if (!meta) {
      meta = fetchJson(base + "index.json").then(function (m) {
        return m;
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  var shards = {};
  // The file of terms that would hold a shard: file n holds the shards
  // from m.files[n] up to m.files[n + 1], names in byte order.
  function fileOf(m, name) {
    var lo = 0, hi = m.files.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.files[mid] <= name) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function loadShard(m, name) {
    var n = fileOf(m, name);
    if (!shards[n]) {
      shards[n] = fetchJson(base + "t/" + n + ".json?v=" + m.v);
      shards[n].catch(function () { delete shards[n]; });
    }
    return shards[n];
  }

  var fragments = {};
  function loadFragment(m, doc) {
    var n = Math.floor(doc / FRAGMENTS_PER_FILE);
    if (!fragments[n]) {
      fragments[n] = fetchJson(base + "f/" + n + ".json?v=" + m.v);
      fragments[n].catch(function () { delete fragments[n]; });
    }
    return fragments[n].then(function (list) { return list[doc % FRAGMENTS_PER_FILE]; });
  }

  // Page → best score of one group's terms in it.
  function score(m, group, shard) {
    var found = {};
    Object.keys(shard).forEach(function (key) {
      var factor;
      if (key === group.term) factor = 1;
      else if (group.prefix !== null && key.lastIndexOf(group.prefix, 0) === 0) {
        factor = key.length - group.prefix.length <= 3 ? CLOSE_FORM_FACTOR : PREFIX_FACTOR;
      } else return;
      if (isCjk(key.codePointAt(0))) factor = 1;
      var postings = shard[key];
      var idf = Math.log(1 + m.docs / (postings.length / 2));
      var doc = 0;
      for (var i = 0; i < postings.length; i += 2) {
        doc += postings[i];
        var s = idf * (1 + Math.log(postings[i + 1])) * factor;
        if (!(found[doc] >= s)) found[doc] = s;
      }
    });
    return found;
  }

  function rank(m, gs) {
    var names = gs.map(function (g) { return shardFileName(shardOf(g.term)); });
    if (!gs.length || !m.files.length) return Promise.resolve([]);
    return Promise.all(names.map(function (n) { return loadShard(m, n); })).then(function (loaded) {
      var total = null;
      gs.forEach(function (g, i) {
        var found = score(m, g, loaded[i]);
        if (total === null) { total = found; return; }
        var both = {};
        Object.keys(total).forEach(function (d) { if (d in found) both[d] = total[d] + found[d]; });
        total = both;
      });
      return Object.keys(total).map(Number).sort(function (a, b) {
        return total[b] - total[a] || a - b;
      });
    });
  }

  function excerpt(text, needles) {
    var low = lower(text);
    if (low.length !== text.length) low = text;
    var first = -1;
    needles.forEach(function (n) {
      var at = low.indexOf(n);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 60);
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    var p = document.createElement("p");
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var at = start;
    while (at < end) {
      var next = -1, len = 0;
      needles.forEach(function (n) {
        var i = low.indexOf(n, at);
        if (i >= 0 && i < end && (next < 0 || i < next)) { next = i; len = n.length; }
      });
      if (next < 0) { p.appendChild(document.createTextNode(text.slice(at, end))); break; }
      if (next > at) p.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, Math.min(next + len, end));
      p.appendChild(mark);
      at = next + len;
    }
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
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
    var gs = groups(q);
    var needles = gs.map(function (g) { return g.prefix || g.term; });
    loadMeta().then(function (m) {
      return rank(m, gs).then(function (docs) {
        return Promise.all(docs.slice(0, SHOWN).map(function (d) { return loadFragment(m, d); })).then(function (items) { return { count: docs.length, items: items }; });
      });
    }).then(function (found) {
      if (mine !== seq) return;
      found.items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(root + item.url, document.baseURI).href;
        a.textContent = item.title || item.url;
        li.appendChild(a);
        li.appendChild(excerpt(item.text, needles));
        list.appendChild(li);
      });
      status.textContent = found.count
        ? form.getAttribute("data-t-results").replace("{count}", found.count)
        : form.getAttribute("data-t-none");
    }).catch(function () {
      if (mine === seq) status.textContent = form.getAttribute("data-t-failed");
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(input.value.trim()); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
