// Real-browser checks of the generated sites, in headless Chromium.
//
// Builds the Dongtou site and the fixture sites with --base-url pointing at
// a loopback server under a sub-path, serves them, and checks every page
// type in every language: axe-core (WCAG 2.1 A and AA) with zero violations,
// no request leaving the site, no console error, content without
// JavaScript, 320 px without horizontal scrolling, 200 % text without
// overflow, keyboard focus, sorting and filtering, search in Chinese and
// English, care mode, print; the report's PDF, embeds, and chart text at
// 320 px. Screenshots go to tests/browser/screenshots/.
//
// Usage: node tests/browser/run.mjs   (GONGKAI_BIN, CHROMIUM override paths;
// the binary defaults to target/release/gongkai, CI passes the debug one)

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = process.env.GONGKAI_BIN || path.join(repo, "target/release/gongkai");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const outRoot = path.join(here, "out");
const shots = path.join(here, "screenshots");
const axeSource = fs.readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"));

// `plan`: for a site with several plans (SPEC §10), the plan whose pages the
// checks of one plan's pages (keyboard, search, care mode, reader outputs,
// screenshots) visit; `moved`: old addresses of a plan moved into plans/,
// with where they lead.
const SITES = [
  {
    name: "dongtou", root: repo, prefix: "/gongfu/dongtou/", langs: ["zh", "en"], plan: "2023/",
    moved: [["indicators/", "2023/indicators/"], ["en/indicators/per-capita-gdp/", "2023/en/indicators/per-capita-gdp/"], ["data/", "2023/data/"]],
  },
  { name: "zh-default", root: path.join(repo, "tests/fixtures/sites/zh-default"), prefix: "/sub/zh/", langs: ["zh", "en"] },
  { name: "en-subpath", root: path.join(repo, "tests/fixtures/sites/en-subpath"), prefix: "/portal/open/", langs: ["en", "zh"] },
  { name: "single-language", root: path.join(repo, "tests/fixtures/sites/single-language"), prefix: "/gongfu/", langs: ["zh"] },
  // Every field of SPEC §6: milestones, updates, several targets, flags, ranges, metadata.
  { name: "followed", root: path.join(repo, "tests/fixtures/sites/followed"), prefix: "/plan/follow/", langs: ["zh", "en"], every: true },
  // Two releases with every kind of change (SPEC §8): /changes/, /changes/<name>/, History.
  { name: "released", root: path.join(repo, "tests/fixtures/sites/released"), prefix: "/plan/released/", langs: ["zh", "en"] },
  // Several plans (SPEC §10): the plan list, bodies across plans, lineage pages, series, and the
  // redirect pages at the old addresses of the plan that moved into plans/.
  { name: "moved", root: path.join(repo, "tests/fixtures/sites/moved"), prefix: "/plans/moved/", langs: ["zh", "en"],
    extra: [["indicators/income/", "redirect", "2024/indicators/income/"], ["en/indicators/income/", "redirect", "2024/en/indicators/income/"],
      ["2025/lineage/", "plan-lineage"], ["2025/en/lineage/", "plan-lineage"]] },
  // Four plans with every lineage kind: re-based series broken on their charts, merges, splits,
  // replacements, and a programme whose figures come from the annual plans serving it.
  { name: "plans", root: path.join(repo, "tests/fixtures/sites/plans"), prefix: "/plans/four/", langs: ["zh", "en"] },
];

let passed = 0;
let failed = 0;
const failures = [];
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
  } else {
    failed++;
    failures.push(`${name}${detail ? ": " + detail : ""}`);
    console.log(`FAIL ${name}${detail ? ": " + detail : ""}`);
  }
}

// ---------------------------------------------------------------- server

const TYPES = {
  html: "text/html; charset=utf-8", css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8", json: "application/json", csv: "text/csv; charset=utf-8",
  xml: "application/xml", txt: "text/plain; charset=utf-8", svg: "image/svg+xml",
};

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/__axe.js") return send(res, 200, "text/javascript", axeSource);
    if (url.pathname === "/__large-text.css") return send(res, 200, "text/css", "html{font-size:200% !important}");
    const site = SITES.find((s) => url.pathname.startsWith(s.prefix));
    if (!site) return send(res, 404, "text/plain", "no site here");
    let rel = decodeURIComponent(url.pathname.slice(site.prefix.length));
    if (rel.split("/").includes("..")) return send(res, 400, "text/plain", "bad path");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(site.out, rel);
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        res.writeHead(301, { Location: url.pathname + "/" });
        return res.end();
      }
      if (err) {
        const lang = site.langs.slice(1).find((l) => rel.startsWith(l + "/"));
        const notFound = path.join(site.out, lang ? `${lang}/404.html` : "404.html");
        return send(res, 404, TYPES.html, fs.readFileSync(notFound));
      }
      send(res, 200, TYPES[path.extname(file).slice(1)] || "application/octet-stream", fs.readFileSync(file));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function send(res, status, type, body) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

// ---------------------------------------------------------------- pages

function buildSites(origin) {
  fs.rmSync(outRoot, { recursive: true, force: true });
  for (const site of SITES) {
    site.out = path.join(outRoot, site.name);
    site.base = origin + site.prefix;
    const strict = site.name === "dongtou" ? ["--strict"] : [];
    execFileSync(bin, ["build", "--root", site.root, "--output", site.out, "--base-url", site.base, ...strict], { stdio: ["ignore", "ignore", "inherit"] });
  }
}

/// The pages a sitemap lists; a sitemap index (a site with several plans) is followed.
function sitemapLocs(site, file) {
  const xml = fs.readFileSync(path.join(site.out, file), "utf8");
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  if (!xml.includes("<sitemapindex")) return locs;
  return locs.flatMap((loc) => sitemapLocs(site, loc.slice(site.base.length)));
}

/// The plans of a site with several: the folders of content/plans/.
function plansOf(site) {
  const dir = path.join(site.root, "content/plans");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((p) => fs.statSync(path.join(dir, p)).isDirectory()) : [];
}

/// Every page of the sitemap, grouped by page type; a few of each type are checked.
function pagesOf(site) {
  const plans = plansOf(site);
  const byType = new Map();
  for (const loc of sitemapLocs(site, "sitemap.xml")) {
    let rel = loc.slice(site.base.length);
    const plan = plans.find((p) => rel.startsWith(p + "/"));
    if (plan) rel = rel.slice(plan.length + 1);
    const lang = site.langs.slice(1).find((l) => rel.startsWith(l + "/")) || site.langs[0];
    if (lang !== site.langs[0]) rel = rel.slice(lang.length + 1);
    const parts = rel.split("/").filter(Boolean);
    const contentDir = plan ? path.join(site.root, "content/plans", plan) : path.join(site.root, "content");
    let type;
    if (parts.length === 0) type = site.plan && !plan ? "plans" : "home";
    else if (["units", "status", "categories"].includes(parts[0])) type = parts[0] + (parts.length > (parts[0] === "categories" ? 3 : 1) ? "-one" : "-index");
    else if (["updates", "methodology", "search", "accessibility"].includes(parts[0])) type = parts[0];
    else if (parts[0] === "changes") type = parts.length > 1 ? "changes-one" : "changes-index";
    else if (parts[0] === "lineage") type = "lineage";
    else if (parts.length === 1) type = fs.existsSync(path.join(contentDir, parts[0])) ? "collection" : "page-" + parts[0];
    else type = "measure-" + parts[0];
    if (plan) type = "plan-" + type;
    const key = `${lang} ${type}`;
    if (!byType.has(key)) byType.set(key, []);
    byType.get(key).push(loc);
  }
  const chosen = [];
  for (const [key, urls] of byType) {
    const take = site.every ? urls.length : key.includes("measure") ? 3 : key.includes("status") ? 6 : 2;
    for (const url of urls.slice(0, take)) chosen.push({ url, type: key.split(" ")[1] });
  }
  for (const lang of site.langs) chosen.push({ url: site.base + (lang === site.langs[0] ? "" : lang + "/") + "no-such-page/", type: "404" });
  for (const [rel, type, to] of site.extra || []) chosen.push({ url: site.base + rel, type, to: to && site.base + to });
  return chosen;
}

// ---------------------------------------------------------------- checks

// `to`: the address a redirect page leads to; the page is checked once there.
async function openPage(context, url, origin, to = null) {
  const page = await context.newPage();
  const problems = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) problems.push("outside request " + r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !/404 \(Not Found\)/.test(m.text())) problems.push("console: " + m.text());
  });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  const response = await page.goto(url, { waitUntil: "load" });
  if (to) {
    await page.waitForURL(to, { timeout: 10000, waitUntil: "load" }).catch(() => problems.push(`did not lead to ${to} but stayed at ${page.url()}`));
  }
  return { page, problems, status: response ? response.status() : 0 };
}

async function axe(page, label) {
  await page.addScriptTag({ url: new URL("/__axe.js", page.url()).href });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }),
  );
  const v = result.violations.map((x) => `${x.id} (${x.nodes.length}: ${x.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | ")})`);
  check(`axe ${label}`, v.length === 0, v.join("; "));
  return result.violations.length;
}

async function noHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/// Pairs of header links and buttons whose boxes overlap.
async function overlaps(page) {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll("header a, header button, .counts li, .facts > div, h1, h2")].filter((e) => e.getClientRects().length);
    const boxes = els.map((e) => e.getBoundingClientRect());
    const bad = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (els[i].contains(els[j]) || els[j].contains(els[i])) continue;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 2 && y > 2) bad.push(`${els[i].textContent.trim().slice(0, 20)} / ${els[j].textContent.trim().slice(0, 20)}`);
      }
    return bad;
  });
}

async function pageChecks(browser, site, { url, type, to }, origin, stats) {
  const label = `${site.name} ${url.slice(site.base.length) || "/"}`;
  const started = Date.now();
  try {
    await checksOfPage(browser, site, { url, type, to }, origin, stats, label);
  } finally {
    stats.times.push([Date.now() - started, label]);
  }
}

async function checksOfPage(browser, site, { url, type, to }, origin, stats, label) {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems, status } = await openPage(desktop, url, origin, to);
  const notFound = url.includes("no-such-page");
  check(`status ${label}`, notFound ? status === 404 : status === 200, String(status));
  const lang = await page.evaluate(() => document.documentElement.lang);
  check(`lang ${label}`, site.langs.includes(lang), lang);
  stats.axe += 1;
  stats.violations += await axe(page, label);
  check(`requests and console ${label}`, problems.length === 0, problems.join("; "));
  await desktop.close();

  const phone = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const p2 = await openPage(phone, url, origin, to);
  check(`320px no horizontal scroll ${label}`, await noHorizontalScroll(p2.page));
  await phone.close();

  const large = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p3 = await openPage(large, url, origin, to);
  await p3.page.addStyleTag({ url: new URL("/__large-text.css", url).href });
  check(`200% text no horizontal scroll ${label}`, await noHorizontalScroll(p3.page));
  const o = await overlaps(p3.page);
  check(`200% text no overlap ${label}`, o.length === 0, o.slice(0, 3).join("; "));
  await large.close();

  const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const p4 = await openPage(nojs, url, origin, to);
  check(`no-JS redirect ${label}`, p4.problems.length === 0, p4.problems.join("; "));
  const content = await p4.page.evaluate(() => ({
    main: document.querySelector("main") ? document.querySelector("main").innerText.trim().length : 0,
    rows: document.querySelectorAll("table.measures tbody tr").length,
    hiddenRows: [...document.querySelectorAll("table.measures tbody tr")].filter((r) => r.hidden).length,
    filters: document.querySelector("form[data-filters]") ? document.querySelector("form[data-filters]").hidden : true,
    browse: document.querySelectorAll(".browse a").length,
  }));
  check(`no-JS content ${label}`, content.main > 20 && content.hiddenRows === 0 && content.filters === true, JSON.stringify(content));
  if (type === "collection") {
    check(`no-JS static filters ${label}`, content.browse > 0 && content.rows > 0, JSON.stringify(content));
  }
  await nojs.close();
}

async function keyboardAndEnhancements(browser, site, origin) {
  const collection = site.base + (site.plan || "") + "indicators/";
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await openPage(ctx, collection, origin);
  // Keyboard: every control of the header and the filters is reached, and shows focus.
  const targets = await page.evaluate(() => [...document.querySelectorAll("header a, header button, form[data-filters] input, form[data-filters] select, form[data-filters] button, thead button")].length);
  const reached = new Set();
  let invisible = [];
  for (let i = 0; i < 80 && reached.size < targets; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      const inScope = !!el.closest("header, form[data-filters], thead");
      return { key: el.tagName + ":" + (el.getAttribute("href") || "") + ":" + (el.id || el.textContent.trim().slice(0, 30)), visible, inScope };
    });
    if (!info) continue;
    if (info.inScope) reached.add(info.key);
    if (!info.visible) invisible.push(info.key);
  }
  check(`keyboard reaches every control ${site.name}`, reached.size >= targets, `${reached.size} of ${targets}`);
  check(`focus always visible ${site.name}`, invisible.length === 0, invisible.slice(0, 5).join(", "));

  // Sorting: announced, kept in the URL.
  const sortButton = page.locator("table.measures thead button").nth(1);
  await sortButton.click();
  const afterSort = await page.evaluate(() => ({
    sort: document.querySelector("table.measures thead th:nth-child(2)").getAttribute("aria-sort"),
    live: (document.querySelector("[data-live]") || {}).textContent || "",
    url: location.search,
  }));
  check(`sort announces and keeps state ${site.name}`, afterSort.sort === "ascending" && afterSort.live.length > 0 && afterSort.url.includes("sort=1"), JSON.stringify(afterSort));
  // Filtering: announced, kept in the URL, restored on reload.
  const statusValue = await page.evaluate(() => document.querySelector("#f-status option:nth-child(2)").value);
  await page.selectOption("#f-status", statusValue);
  const afterFilter = await page.evaluate(() => ({
    live: document.querySelector(".filter-status").textContent,
    role: document.querySelector(".filter-status").getAttribute("aria-live"),
    shown: [...document.querySelectorAll("table.measures tbody tr")].filter((r) => !r.hidden).length,
    url: location.search,
  }));
  check(`filter announces and keeps state ${site.name}`, afterFilter.live.length > 0 && afterFilter.role === "polite" && afterFilter.url.includes("status="), JSON.stringify(afterFilter));
  await page.reload();
  const restored = await page.evaluate(() => ({
    value: document.querySelector("#f-status").value,
    shown: [...document.querySelectorAll("table.measures tbody tr")].filter((r) => !r.hidden).length,
  }));
  check(`filter state restored from the URL ${site.name}`, restored.value === statusValue && restored.shown === afterFilter.shown, JSON.stringify(restored));
  await ctx.close();
}

// `expect`: a part of the address of a page the results must link to, or
// null when the query must find nothing.
async function searchFinds(browser, site, lang, query, expect, origin) {
  const url = site.base + (site.plan || "") + (lang === site.langs[0] ? "" : lang + "/") + "search/";
  const ctx = await browser.newContext();
  const { page, problems } = await openPage(ctx, url, origin);
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  const loading = await page.getAttribute("form[data-search]", "data-t-loading");
  await page.waitForFunction((loading) => {
    const s = document.querySelector(".search-status").textContent;
    return s && s !== loading;
  }, loading, { timeout: 15000 }).catch(() => {});
  const found = await page.evaluate(() => ({
    status: document.querySelector(".search-status").textContent,
    hrefs: [...document.querySelectorAll(".search-results a")].map((a) => a.href),
    marks: document.querySelectorAll(".search-results li p mark").length,
    urlQuery: new URLSearchParams(location.search).get("q"),
  }));
  if (expect === null) {
    check(`search ${lang} "${query}" finds nothing and says so`, found.hrefs.length === 0 && found.status === (await page.getAttribute("form[data-search]", "data-t-none")), found.status);
  } else {
    check(`search ${lang} "${query}" finds ${expect}`, found.hrefs.some((h) => h.includes(expect)), found.hrefs.slice(0, 5).join(" "));
    check(`search ${lang} "${query}": results under the site's sub-path`, found.hrefs.every((h) => new URL(h).pathname.startsWith(site.prefix)), found.hrefs.slice(0, 3).join(" "));
    check(`search ${lang} "${query}": excerpts mark the words found`, found.marks > 0, String(found.marks));
    check(`search ${lang} "${query}": count announced`, /\d/.test(found.status), found.status);
  }
  check(`search ${lang} "${query}": query kept in the URL`, found.urlQuery === query, String(found.urlQuery));
  check(`search ${lang} requests and console`, problems.length === 0, problems.join("; "));
  await ctx.close();
}

// The page splits queries by the rules the build indexed with: both must
// give the same terms and shards for the shared cases.
async function searchTermsAgree(browser, site, origin) {
  const cases = JSON.parse(fs.readFileSync(path.join(here, "../fixtures/search-terms.json"), "utf8"));
  const ctx = await browser.newContext();
  const { page } = await openPage(ctx, site.base + (site.plan || "") + "search/", origin);
  const results = await page.evaluate((cases) => cases.map((c) => ({
    text: c.text,
    terms: window.gongkaiSearch.terms(c.text),
    shards: Object.fromEntries(Object.keys(c.shards).map((t) => [t, window.gongkaiSearch.shard(t)])),
  })), cases);
  results.forEach((r, i) => {
    check(`search terms of ${JSON.stringify(r.text)} as the build's`, JSON.stringify(r.terms) === JSON.stringify(cases[i].terms), r.terms.join(" "));
    check(`search shards of ${JSON.stringify(r.text)} as the build's`, JSON.stringify(r.shards) === JSON.stringify(cases[i].shards), JSON.stringify(r.shards));
  });
  await ctx.close();
}

async function careMode(browser, site, origin) {
  const url = site.base + (site.plan || "") + "indicators/";
  const ctx = await browser.newContext();
  const { page } = await openPage(ctx, url, origin);
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await page.click("[data-care-toggle]");
  const after = await page.evaluate(() => ({ size: parseFloat(getComputedStyle(document.body).fontSize), care: document.documentElement.classList.contains("care") }));
  await page.goto(site.base);
  const remembered = await page.evaluate(() => document.documentElement.classList.contains("care"));
  check(`care mode switches and is remembered`, after.care && after.size > before && remembered, JSON.stringify({ before, after, remembered }));
  await axe(page, `care mode ${site.name} home`);
  await ctx.close();
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p = await openPage(nojs, url + "#care", origin);
  const size = await p.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  check(`care mode without JavaScript`, size > before, `${size} vs ${before}`);
  await nojs.close();
}

async function print(browser, site, origin) {
  const ctx = await browser.newContext();
  const url = site.base + "en/indicators/income/";
  const { page } = await openPage(ctx, url, origin);
  await page.emulateMedia({ media: "print" });
  const r = await page.evaluate(() => ({
    nav: getComputedStyle(document.querySelector(".mainnav")).display,
    url: getComputedStyle(document.querySelector(".print-url")).display,
    figures: document.querySelector("table.figures").getBoundingClientRect().height > 0,
    reason: document.querySelector(".reason").innerText.length > 10,
    status: document.querySelector(".indicator-status").innerText.length > 0,
    source: !!document.querySelector(".figures .source a"),
  }));
  check(`print layout of a measure page`, r.nav === "none" && r.url !== "none" && r.figures && r.reason && r.status && r.source, JSON.stringify(r));
  await page.pdf({ path: path.join(shots, "measure-print.pdf") });
  await ctx.close();
}

/// SPEC §9 outputs: embeds (not in the sitemap, so checked here like every
/// page), the report's print button and PDF, and chart text at 320 px.
async function readerOutputs(browser, site, origin, stats) {
  const plan = site.plan || "";
  const measures = JSON.parse(fs.readFileSync(path.join(site.out, plan, "data/measures.json"), "utf8"));
  const withCharts = measures.filter((m) => (m.indicators || []).length).slice(0, site.every ? 99 : 3);
  for (const m of withCharts.slice(0, 2)) {
    for (const lang of site.langs) {
      stats.pages++;
      const rel = plan + (lang === site.langs[0] ? "" : lang + "/") + `embed/${m.collection}/${m.id}/`;
      await pageChecks(browser, site, { url: site.base + rel, type: "embed" }, origin, stats);
    }
  }
  // The report: the button prints with JavaScript; without, a line says how.
  const report = site.base + plan + "report/";
  const ctx = await browser.newContext();
  const { page } = await openPage(ctx, report, origin);
  const controls = await page.evaluate(() => ({
    button: !document.querySelector("[data-print]").hidden,
    hint: getComputedStyle(document.querySelector(".print-control .nojs-only")).display,
  }));
  check(`report print button with JavaScript ${site.name}`, controls.button && controls.hint === "none", JSON.stringify(controls));
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => ({
    nav: getComputedStyle(document.querySelector(".mainnav")).display,
    thead: getComputedStyle(document.querySelector(".report-table thead")).display,
    row: getComputedStyle(document.querySelector(".report-table tbody tr")).breakInside,
    source: getComputedStyle(document.querySelector(".report-source")).display,
  }));
  check(`report print layout ${site.name}`, printed.nav === "none" && printed.thead === "table-header-group" && printed.row === "avoid" && printed.source !== "none", JSON.stringify(printed));
  const pdf = await page.pdf({ path: path.join(shots, `report-${site.name}.pdf`), format: "A4" });
  check(`report PDF written ${site.name}`, pdf.length > 10000 && pdf.subarray(0, 5).toString() === "%PDF-", String(pdf.length));
  await ctx.close();
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await openPage(nojs, report, origin);
  const hint = await p2.page.evaluate(() => ({
    button: document.querySelector("[data-print]").hidden,
    hint: getComputedStyle(document.querySelector(".print-control .nojs-only")).display,
  }));
  check(`report print hint without JavaScript ${site.name}`, hint.button && hint.hint !== "none", JSON.stringify(hint));
  await nojs.close();
  // Charts at 320 px: no two texts overlap, none below 12 CSS px.
  const phone = await browser.newContext({ viewport: { width: 320, height: 640 } });
  for (const lang of site.langs) {
    for (const m of withCharts) {
      const url = site.base + plan + (lang === site.langs[0] ? "" : lang + "/") + `${m.collection}/${m.id}/`;
      const p = await openPage(phone, url, origin);
      const r = await p.page.evaluate(() => {
        const bad = [];
        let texts = 0;
        for (const svg of document.querySelectorAll("svg.chart")) {
          const box = svg.getBoundingClientRect();
          if (!box.width) continue;
          const scale = box.width / svg.viewBox.baseVal.width;
          const els = [...svg.querySelectorAll("text")];
          texts += els.length;
          const rects = els.map((e) => e.getBoundingClientRect());
          els.forEach((e, i) => {
            const px = parseFloat(getComputedStyle(e).fontSize) * scale;
            if (px < 11.99) bad.push(`${e.textContent} at ${px.toFixed(1)}px`);
            for (let j = i + 1; j < els.length; j++) {
              const a = rects[i], b = rects[j];
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) bad.push(`${e.textContent} / ${els[j].textContent}`);
            }
          });
        }
        return { texts, bad };
      });
      check(`320px chart text readable ${site.name} ${lang} ${m.collection}/${m.id}`, r.texts > 0 && r.bad.length === 0, `${r.texts} texts; ${r.bad.slice(0, 4).join("; ")}`);
      await p.page.close();
    }
  }
  await phone.close();
}

/// A plan moved into plans/ keeps its old addresses (SPEC §10): an old
/// page leads to the same page under the plan, with and without JavaScript,
/// and an old file is still there.
async function oldAddresses(browser, site, origin) {
  for (const javaScriptEnabled of [true, false]) {
    const ctx = await browser.newContext({ javaScriptEnabled });
    for (const [old, now] of site.moved) {
      const page = await ctx.newPage();
      const problems = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(origin)) problems.push("outside request " + r.url());
      });
      await page.goto(site.base + old, { waitUntil: "load" });
      await page.waitForURL(site.base + now, { timeout: 10000 }).catch(() => {});
      const landed = page.url();
      const title = await page.evaluate(() => document.querySelector("main h1") ? document.querySelector("main h1").innerText : "");
      check(`old address ${site.name} ${old} leads to ${now}${javaScriptEnabled ? "" : " without JavaScript"}`, landed === site.base + now && title.length > 0 && problems.length === 0, `${landed} ${problems.join("; ")}`);
      await page.close();
    }
    await ctx.close();
  }
  const res = await fetch(site.base + "data/measures.json");
  const now = await fetch(site.base + site.plan + "data/measures.json");
  check(`old file ${site.name} data/measures.json is the plan's`, res.status === 200 && (await res.text()) === (await now.text()), String(res.status));
}

async function screenshots(browser, site) {
  fs.mkdirSync(shots, { recursive: true });
  const plan = site.plan || "";
  const pages = [["dashboard", plan, ""], ["collection", plan, "indicators/"], ["measure", plan, "achievements/strong-villages-rich-villagers/"]];
  if (plan) pages.unshift(["plans", "", ""]);
  for (const lang of site.langs) {
    for (const [name, under, rel] of pages) {
      for (const [device, width] of [["desktop", 1280], ["phone", 390]]) {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        await page.goto(site.base + under + (lang === site.langs[0] ? "" : lang + "/") + rel);
        await page.screenshot({ path: path.join(shots, `${name}-${lang}-${device}.png`), fullPage: true });
        await ctx.close();
      }
    }
  }
}

/// The Nu HTML validator (the vnu-jar package: the current release of the
/// W3C validator) over every generated page of every site.
function validateHtml() {
  const jar = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const count = (dir) => fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? count(path.join(dir, e.name)) : e.name.endsWith(".html") ? 1 : 0), 0);
  const pages = count(outRoot);
  let output = "";
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", outRoot], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    output = String(e.stderr || e.stdout || e.message);
  }
  const errors = output.split("\n").filter((l) => l.includes("error"));
  check(`Nu HTML validator on ${pages} pages`, errors.length === 0 && pages > 600, errors.slice(0, 10).join("\n"));
  return pages;
}

// ---------------------------------------------------------------- main

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
buildSites(origin);
const validated = validateHtml();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const stats = { pages: 0, axe: 0, violations: 0, times: [] };
try {
  // Each page's checks use contexts of their own, so two pages are checked
  // at a time: one per core, where one at a time left a core idle.
  const queue = SITES.flatMap((site) => pagesOf(site).map((page) => ({ site, page })));
  const jobs = Math.max(1, Math.min(4, os.cpus().length));
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < queue.length) {
        const { site, page } = queue[next++];
        stats.pages++;
        await pageChecks(browser, site, page, origin, stats);
      }
    }),
  );
  const dongtou = SITES[0];
  const fixture = SITES[1];
  await keyboardAndEnhancements(browser, dongtou, origin);
  await searchTermsAgree(browser, dongtou, origin);
  await searchFinds(browser, dongtou, "zh", "托育", "inclusive-childcare", origin);
  await searchFinds(browser, dongtou, "zh", "普惠托育", "inclusive-childcare", origin);
  await searchFinds(browser, dongtou, "zh", "托", "inclusive-childcare", origin);
  await searchFinds(browser, dongtou, "en", "childcare", "childcare", origin);
  await searchFinds(browser, dongtou, "en", "Childcare services", "childcare", origin);
  await searchFinds(browser, dongtou, "en", "zzqx", null, origin);
  await searchFinds(browser, fixture, "zh", "托位", "indicators/childcare", origin);
  await searchFinds(browser, fixture, "en", "places", "en/indicators/childcare", origin);
  // The search above the plans finds the pages of every plan.
  const moved = SITES.find((s) => s.name === "moved");
  await searchFinds(browser, moved, "zh", "便民", "2025/indicators/services", origin);
  await searchFinds(browser, moved, "en", "service points", "2025/en/indicators/services", origin);
  await searchFinds(browser, moved, "zh", "托位", "2024/indicators/childcare", origin);
  await careMode(browser, dongtou, origin);
  await oldAddresses(browser, dongtou, origin);
  await print(browser, fixture, origin);
  fs.mkdirSync(shots, { recursive: true });
  await readerOutputs(browser, dongtou, origin, stats);
  await readerOutputs(browser, SITES.find((s) => s.every), origin, stats);
  await screenshots(browser, dongtou);
} finally {
  await browser.close();
  server.close();
}
console.log(`Nu HTML validator: ${validated} pages`);
const total = stats.times.reduce((n, [ms]) => n + ms, 0);
console.log(`page checks took ${(total / 1000).toFixed(1)} s; the slowest:`);
for (const [ms, label] of stats.times.sort((a, b) => b[0] - a[0]).slice(0, 8)) console.log(`  ${(ms / 1000).toFixed(1)} s  ${label}`);
console.log(`checked ${stats.pages} pages in ${SITES.length} sites (${SITES.map((s) => s.langs.length).reduce((a, b) => a + b)} site-languages), axe WCAG 2.1 A+AA on ${stats.axe} page loads: ${stats.violations} violations`);
if (failures.length) console.log("failures:\n  " + failures.slice(0, 50).join("\n  "));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
