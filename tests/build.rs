//! `gongkai build` on fixture sites: every output of SPEC §3, values that
//! keep their digits, escaping, determinism, links that resolve, the
//! properties of every page, and the rules that protect existing output.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

fn build(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--output", out.to_str().unwrap()];
    args.extend(extra);
    gongkai_in(root, &args)
}

fn built(site: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let root = temp_site(site, &[]);
    let out = root.path().join("public");
    let o = build(root.path(), &out, extra);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (root, out)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn html_files(dir: &Path) -> Vec<(String, String)> {
    files(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn every_output_of_the_spec_exists_in_every_language() {
    let (_root, out) = built("zh-default", &[]);
    let expected = [
        "index.html",
        "en/index.html",
        "indicators/index.html",
        "en/indicators/index.html",
        "indicators/income/index.html",
        "en/indicators/income/index.html",
        "works/income-growth/index.html",
        "en/works/grassroots/index.html",
        "units/index.html",
        "units/drc/index.html",
        "en/units/hrss/index.html",
        "status/achieved/index.html",
        "status/on-track/index.html",
        "status/at-risk/index.html",
        "status/missed/index.html",
        "status/not-reported/index.html",
        "en/status/not-assessed/index.html",
        "categories/indicators/economy/index.html",
        "en/categories/works/income/index.html",
        "updates/index.html",
        "en/updates/index.html",
        "methodology/index.html",
        "en/methodology/index.html",
        "about/index.html",
        "en/about/index.html",
        "data-guide/index.html",
        "search/index.html",
        "en/search/index.html",
        "404.html",
        "en/404.html",
        "data/measures.json",
        "data/indicators.csv",
        "data/observations.csv",
        "data/datapackage.json",
        "data/indicators/income.json",
        "data/indicators/income.csv",
        "data/works/archive.json",
        "feed.xml",
        "en/feed.xml",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
        "assets/gongkai.js",
        "assets/search.js",
        "search/zh/index.json",
        "search/en/index.json",
        "search/zh/f/0.json",
        "search/en/f/0.json",
        ".gongkai-output",
    ];
    for f in expected {
        assert!(out.join(f).is_file(), "missing {f}");
    }
}

fn measures_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("data/measures.json")).unwrap()).unwrap()
}

fn measure<'a>(all: &'a serde_json::Value, collection: &str, id: &str) -> &'a serde_json::Value {
    all.as_array()
        .unwrap()
        .iter()
        .find(|m| m["collection"] == collection && m["id"] == id)
        .unwrap_or_else(|| panic!("{collection}/{id}"))
}

#[test]
fn measures_json_carries_statuses_and_keeps_digits() {
    let (_root, out) = built("zh-default", &[]);
    let all = measures_json(&out);
    assert_eq!(all.as_array().unwrap().len(), 9);
    let expect = [
        ("indicators", "income", "on-track"),
        // A ratio that meets its 2024 target in H1 can still fall back:
        // on track until the full-year figure.
        ("indicators", "income-ratio", "on-track"),
        ("indicators", "childcare", "at-risk"),
        ("indicators", "satisfaction", "on-track"),
        ("indicators", "employment", "at-risk"),
        ("indicators", "first-half", "missed"),
        ("works", "income-growth", "on-track"),
        ("works", "grassroots", "on-track"),
        ("works", "archive", "not-reported"),
    ];
    for (c, m, status) in expect {
        assert_eq!(measure(&all, c, m)["status"], status, "{c}/{m}");
    }
    let ratio = &measure(&all, "indicators", "income-ratio")["indicators"][0];
    assert_eq!(
        ratio["target"]["value"], "1.60",
        "quoted decimals keep their digits"
    );
    assert_eq!(ratio["target"]["op"], "<=");
    assert_eq!(ratio["latest"]["value"], "1.59");
    let satisfaction = &measure(&all, "indicators", "satisfaction")["indicators"][0];
    assert_eq!(satisfaction["status_declared"], true);
    let works = measure(&all, "works", "income-growth");
    assert_eq!(works["indicators"][0]["ref"], "indicators/income/income");
    assert_eq!(works["indicators"][0]["status"], "on-track");
    assert_eq!(works["url"], "https://example.org/works/income-growth/");
    assert_eq!(
        measure(&all, "works", "grassroots")["status_declared"],
        true
    );
    // The first keys are the collection and id, then the input's own names.
    let keys: Vec<&String> = works.as_object().unwrap().keys().take(3).collect();
    assert_eq!(keys, ["collection", "id", "number"]);
    let csv = std::fs::read_to_string(out.join("data/indicators.csv")).unwrap();
    assert!(
        csv.lines().any(|l| l.starts_with(
            "indicators,income-ratio,ratio,城乡居民收入倍差,Urban-rural income ratio,"
        ) && l.contains(",<=,1.60,")),
        "{csv}"
    );
    let obs = std::fs::read_to_string(out.join("data/observations.csv")).unwrap();
    assert!(
        obs.contains("indicators,income,income,progress,2024-Q2,2024-06-30,,41200,"),
        "{obs}"
    );
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    assert_eq!(pkg["resources"][0]["path"], "indicators.csv");
    let header = csv.lines().next().unwrap();
    let fields: Vec<&str> = pkg["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        header.split(',').collect::<Vec<_>>(),
        fields,
        "the data package describes the CSV as written"
    );
}

#[test]
fn pages_say_why_and_show_declared_beside_computed() {
    let (_root, out) = built("zh-default", &["--no-minify"]);
    let income = std::fs::read_to_string(out.join("en/indicators/income/index.html")).unwrap();
    assert!(income.contains("41,200 yuan in Q2 2024, where 40,995 yuan was expected by then on the path to the target of 42,000 yuan."), "reason sentence");
    assert!(income.contains("<svg class=\"chart chart-wide\"") && income.contains("role=\"img\""));
    assert!(income.contains("<svg class=\"chart chart-narrow\""));
    assert!(income.contains("Also listed under"));
    let zh = std::fs::read_to_string(out.join("indicators/income/index.html")).unwrap();
    assert!(
        zh.contains("2024年第二季度为41,200 元，按进度此时应达到40,995 元（目标42,000 元）。"),
        "zh reason"
    );
    let sat = std::fs::read_to_string(out.join("en/indicators/satisfaction/index.html")).unwrap();
    assert!(sat.contains("This status was declared in the data, not computed from the figures."));
}

#[test]
fn builds_are_byte_identical() {
    let (_a, out_a) = built("zh-default", &[]);
    let (_b, out_b) = built("zh-default", &[]);
    let (fa, fb) = (files(&out_a), files(&out_b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
}

/// Every `href` and `src` that stays on the site resolves to a file.
fn assert_internal_links_resolve(out: &Path, base_path: &str) {
    let all = files(out);
    let mut checked = 0;
    for (path, html) in html_files(out) {
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("[href], [src]").unwrap();
        for el in doc.select(&sel) {
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                    || url.starts_with('#')
                {
                    continue;
                }
                let url = url
                    .strip_prefix(base_path)
                    .map(|rest| format!("/{rest}"))
                    .unwrap_or_else(|| url.to_string());
                let target = resolve(&path, url.split(['#', '?']).next().unwrap());
                let file = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target.clone()
                };
                assert!(
                    all.contains_key(&file),
                    "{path}: broken link {url} (→ {file})"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} links checked");
}

fn resolve(from_file: &str, url: &str) -> String {
    let mut parts: Vec<&str> = if url.starts_with('/') {
        vec![]
    } else {
        from_file.split('/').collect()
    };
    if !url.starts_with('/') {
        parts.pop();
    }
    for seg in url.trim_start_matches('/').split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if url.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    s
}

#[test]
fn every_internal_link_resolves_in_every_fixture() {
    for (site, base_path) in [
        ("zh-default", "/"),
        ("en-subpath", "/open/plan/"),
        ("single-language", "/gongfu/"),
    ] {
        let (_root, out) = built(site, &[]);
        assert_internal_links_resolve(&out, base_path);
    }
}

#[test]
fn every_page_has_a_strict_csp_and_requests_nothing_from_outside() {
    let (_root, out) = built("zh-default", &[]);
    for (path, html) in html_files(&out) {
        let doc = scraper::Html::parse_document(&html);
        let csp = scraper::Selector::parse("meta[http-equiv=Content-Security-Policy]").unwrap();
        let policy = doc
            .select(&csp)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(
            policy.contains("default-src 'self'")
                && policy.contains("script-src 'self'")
                && !policy.contains("unsafe-inline")
                && !policy.contains("unsafe-eval"),
            "{path}: {policy}"
        );
        let loads = scraper::Selector::parse("script, link[rel=stylesheet], link[rel=icon], img, iframe, object, embed, source, audio, video").unwrap();
        for el in doc.select(&loads) {
            let v = el.value();
            assert!(
                v.name() != "script" || v.attr("src").is_some(),
                "{path}: inline script"
            );
            for attr in ["src", "href"] {
                if let Some(url) = v.attr(attr) {
                    assert!(!url.contains("//"), "{path}: {} loads {url}", v.name());
                }
            }
        }
        let styled = scraper::Selector::parse("[style]").unwrap();
        assert!(
            doc.select(&styled).next().is_none(),
            "{path}: inline style attribute"
        );
        assert!(!html.contains("<style"), "{path}: inline style element");
        let lang = doc.root_element().value().attr("lang");
        assert!(
            matches!(lang, Some("zh") | Some("en")),
            "{path}: lang {lang:?}"
        );
    }
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let root = temp_site("zh-default", &[&fixtures().join("hostile-text")]);
    let out = root.path().join("public");
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for (path, html) in html_files(&out) {
        let doc = scraper::Html::parse_document(&html);
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            let v = el.value();
            assert!(
                !["iframe", "img", "object", "embed", "b", "u", "div"].contains(&v.name())
                    || v.name() == "div" && v.attr("onmouseover").is_none()
                    // The measure page's own status badge.
                    || v.name() == "img" && v.attr("class") == Some("badge"),
                "{path}: injected <{}>",
                v.name()
            );
            assert!(
                v.name() != "script" || v.attr("src").is_some_and(|s| !s.contains("//")),
                "{path}: injected script"
            );
            for (name, value) in v.attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler {name}={value}"
                );
                if name == "href" || name == "src" {
                    let lower = value.trim().to_ascii_lowercase();
                    assert!(
                        !lower.starts_with("javascript:") && !lower.starts_with("data:"),
                        "{path}: {name}={value}"
                    );
                }
            }
        }
    }
    // The text itself is still shown, as text.
    let page = std::fs::read_to_string(out.join("en/works/xss/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let h1 = doc
        .select(&scraper::Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(
        h1.contains("</title><script>alert(\"title\")</script>"),
        "{h1}"
    );
    // JSON, XML and CSV stay well-formed.
    let _: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/measures.json")).unwrap()).unwrap();
    let feed = std::fs::read_to_string(out.join("en/feed.xml")).unwrap();
    assert!(
        !feed.contains("<script>") && feed.contains("&lt;/summary&gt;")
            || !feed.contains("</summary></entry><script>"),
        "{feed}"
    );
    let csv = std::fs::read_to_string(out.join("data/indicators.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\""),
        "a formula is defused: {csv}"
    );
}

#[test]
fn sub_path_and_base_url_override() {
    let root = temp_site("en-subpath", &[]);
    let out = root.path().join("public");
    let o = build(
        root.path(),
        &out,
        &["--base-url", "http://127.0.0.1:8123/portal/open/"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("http://127.0.0.1:8123/portal/open/zh/"),
        "hreflang alternates are absolute under the base"
    );
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains("/portal/open/assets/style.css"),
        "the 404 page links from the base path"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>http://127.0.0.1:8123/portal/open/plan/roads/</loc>"),
        "{sitemap}"
    );
    // The untranslated fallback is marked with its language.
    let zh = std::fs::read_to_string(out.join("zh/plan/parks/index.html")).unwrap();
    assert!(
        zh.contains("lang=en") || zh.contains("lang=\"en\""),
        "fallback text carries its lang"
    );
    assert_eq!(
        code(&build(
            root.path(),
            &out,
            &["--base-url", "javascript:alert(1)"]
        )),
        2
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (root, out) = built("zh-default", &[]);
    let before = files(&out);
    std::fs::write(
        root.path().join("content/works/archive.yaml"),
        "title: [broken\n",
    )
    .unwrap();
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("content/works/archive.yaml:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongkai") && !n.ends_with(".gongkai-lock"))
        .filter(|n| n != ".gongkai-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_only_the_yaml_cache(root.path());
}

#[test]
fn a_foreign_output_folder_is_never_replaced() {
    let root = temp_site("zh-default", &[]);
    let out = root.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("not created by gongkai"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // Inside content/, or the root itself: refused.
    assert_eq!(
        code(&build(root.path(), &root.path().join("content/out"), &[])),
        2
    );
    assert_eq!(code(&build(root.path(), root.path(), &[])), 2);
    assert!(!root.path().join("content/out").exists());
}

/// Beside the output, the cache of parsed YAML is one whole file: no
/// temporary file of its writing is left.
fn assert_only_the_yaml_cache(parent: &Path) {
    let names: Vec<String> = std::fs::read_dir(parent.join(".gongkai-cache"))
        .expect("the build keeps its cache of parsed YAML beside the output")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["yaml-v1.bin"]);
}

#[test]
fn a_second_build_replaces_its_own_output() {
    let (root, out) = built("zh-default", &[]);
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").is_file());
    // The previous output is removed in the background: soon nothing but
    // the output (and the lock file builds take turns on) is left beside
    // content/.
    let siblings = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("gongkai") && n != ".public.gongkai-lock")
            .filter(|n| n != ".gongkai-cache")
            .collect();
        names.sort();
        names
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !siblings().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(siblings(), Vec::<String>::new());
    assert_only_the_yaml_cache(root.path());
    // A third build is not hindered by what the second left.
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn remove_old_output_leaves_folders_without_the_marker() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("site");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("index.html"), "mine").unwrap();
    let o = gongkai(&["remove-old-output", foreign.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(foreign.join("index.html").is_file());
}

/// The pages holding `term` in the search index of `lang`, best first (as
/// search.js ranks a one-term query), as (url, title) from their fragments.
fn search(out: &Path, lang: &str, term: &str) -> Vec<(String, String)> {
    use gongkai::render::search::{shard_file_name, shard_of, FRAGMENTS_PER_FILE};
    let dir = out.join("search").join(lang);
    let json = |p: PathBuf| -> serde_json::Value {
        serde_json::from_slice(
            &std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        )
        .unwrap()
    };
    let entry = json(dir.join("index.json"));
    let shard_name = shard_file_name(&shard_of(term));
    // The file of terms holding the shard: the last whose first shard is not after it.
    let Some(file) = entry["files"]
        .as_array()
        .unwrap()
        .iter()
        .rposition(|first| first.as_str().unwrap() <= shard_name.as_str())
    else {
        return Vec::new();
    };
    let shard = json(dir.join("t").join(format!("{file}.json")));
    let Some(postings) = shard[term].as_array() else {
        return Vec::new();
    };
    let mut doc = 0;
    let mut hits: Vec<(u64, u64)> = postings
        .chunks(2)
        .map(|pair| {
            doc += pair[0].as_u64().unwrap();
            (doc, pair[1].as_u64().unwrap())
        })
        .collect();
    hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.iter()
        .map(|(doc, _)| {
            let n = doc / u64::from(FRAGMENTS_PER_FILE);
            let fragments = json(dir.join("f").join(format!("{n}.json")));
            let f = &fragments[(doc % u64::from(FRAGMENTS_PER_FILE)) as usize];
            (
                f["url"].as_str().unwrap().to_string(),
                f["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_search_index_finds_pages_by_their_words_in_each_language() {
    let (_root, out) = built("zh-default", &[]);
    // Chinese by pairs of characters, the title counting most.
    let hits = search(&out, "zh", "托位");
    assert_eq!(
        hits.first().map(|h| h.0.as_str()),
        Some("indicators/childcare/"),
        "{hits:?}"
    );
    assert!(hits[0].1.contains("托位"), "{hits:?}");
    // English words in the English index, linking to English pages.
    let hits = search(&out, "en", "childcare");
    assert_eq!(
        hits.first().map(|h| h.0.as_str()),
        Some("en/indicators/childcare/"),
        "{hits:?}"
    );
    // Each language's index holds its own pages only.
    assert!(search(&out, "zh", "childcare")
        .iter()
        .all(|h| !h.0.starts_with("en/")));
    // Units are found by their other names (aliases: 发改局).
    let hits = search(&out, "zh", "改局");
    assert!(hits.iter().any(|h| h.0 == "units/drc/"), "{hits:?}");
    // The source record (and its file name) is left out of the index.
    assert!(search(&out, "en", "yaml").is_empty());
}

/// Where two byte strings first differ.
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The 80 bytes of `b` either side of byte `at`, as text.
fn around(b: &[u8], at: usize) -> String {
    String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())]).into_owned()
}

#[test]
fn minified_pages_are_the_plain_ones_minified() {
    // Pages come minified out of templates minified ahead, with Markdown
    // and charts minified where they are made. Every template of the
    // default theme must pass the check that lets it (no warning), its
    // pages must read as the plain ones minified whole to an HTML
    // tokenizer, minifying both again must give the same bytes, no
    // attribute value may keep quotes the minifier would take off (markup
    // written in code is unquoted where it is made, not on each page), and
    // the pages must be about as small as the minifier makes the plain ones.
    let minify = |path: &str, bytes: Vec<u8>| {
        let mut file = gongkai::output::OutputFile::new(path.to_string(), bytes);
        gongkai::output::minify_file(&mut file);
        file.bytes
    };
    let sites: [(&str, Vec<PathBuf>); 3] = [
        ("zh-default", vec![]),
        ("zh-default", vec![fixtures().join("hostile-text")]),
        ("plans", vec![]),
    ];
    for (base, overlays) in sites {
        let overlays: Vec<&Path> = overlays.iter().map(PathBuf::as_path).collect();
        let root = temp_site(base, &overlays);
        let (plain, minified) = (root.path().join("plain"), root.path().join("min"));
        assert_eq!(code(&build(root.path(), &plain, &["--no-minify"])), 0);
        let o = build(root.path(), &minified, &[]);
        assert_eq!(code(&o), 0);
        let site = if overlays.is_empty() {
            base
        } else {
            "hostile-text"
        };
        assert!(
            !stderr(&o).contains("minified"),
            "{site}: a template of the default theme is not minified ahead:\n{}",
            stderr(&o)
        );
        let minified = files(&minified);
        let (mut ours, mut theirs) = (0, 0);
        for (path, html) in html_files(&plain) {
            let from_plain = minify(&path, html.into_bytes());
            let page = minified[&path].clone();
            ours += page.len();
            theirs += from_plain.len();
            let read = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
            if let Some(d) = gongkai::html::difference(&read(&page), &read(&from_plain)) {
                panic!(
                    "{site}/{path}: the page reads differently from the plain one minified: {d}"
                );
            }
            let unquoted = gongkai::html::unquote_attributes(&page);
            if unquoted != page {
                let at = first_difference(&unquoted, &page);
                panic!(
                    "{site}/{path}: an attribute value keeps quotes the minifier takes off, at byte {at}: {}",
                    around(&page, at)
                );
            }
            let again = minify(&path, page);
            if again != from_plain {
                let at = first_difference(&again, &from_plain);
                panic!(
                    "{site}/{path}: the page is not the plain one minified; at byte {at}:\n ours: {}\n plain: {}",
                    around(&again, at),
                    around(&from_plain, at)
                );
            }
        }
        assert!(
            ours * 100 <= theirs * 102,
            "{site}: pages are {ours} bytes, the minifier makes {theirs} of the plain ones"
        );
    }
}

#[test]
fn a_template_whose_page_reads_differently_minified_ahead_is_minified_whole() {
    // Minified ahead, `&amp;` before a Tera tag becomes a bare `&` (the
    // minifier sees no character reference there); the tag then prints
    // `lt;`, and the page would show `<` where the template says `&lt;`.
    // No rule about where tags stand sees that; the check does: the 404
    // page is rendered both ways, found to differ, and made the slow way.
    // The other templates keep theirs.
    let root = temp_site("single-language", &[]);
    let templates = root.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ t.notfound.heading }}</h1>\n<p>&amp;{{ \"lt;\" }}</p>\n{% endblock main %}",
    )
    .unwrap();
    let (plain, minified) = (root.path().join("plain"), root.path().join("min"));
    assert_eq!(code(&build(root.path(), &plain, &["--no-minify"])), 0);
    let o = build(root.path(), &minified, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "themes/default/templates/404.html: minified ahead, page 404.html reads differently"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("reads differently").count(),
        1,
        "only 404.html: {err}"
    );
    let page = std::fs::read(minified.join("404.html")).unwrap();
    let mut whole = gongkai::output::OutputFile::new(
        "404.html".into(),
        std::fs::read(plain.join("404.html")).unwrap(),
    );
    gongkai::output::minify_file(&mut whole);
    assert_eq!(
        String::from_utf8(page).unwrap(),
        String::from_utf8(whole.bytes).unwrap()
    );
}

#[test]
fn no_minify_keeps_readable_html() {
    let (_root, out) = built("zh-default", &["--no-minify"]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh\">"));
    let (_root2, out2) = built("zh-default", &[]);
    let min = std::fs::read_to_string(out2.join("index.html")).unwrap();
    assert!(min.len() < html.len());
}

#[test]
fn a_site_overrides_a_single_theme_file() {
    let root = temp_site("single-language", &[]);
    let templates = root.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>找不到这一页</h1><p>{{ t.notfound.text }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = root.path().join("public");
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(page.contains("找不到这一页"), "the override is used");
    assert!(
        page.contains("您访问的页面不存在"),
        "with the embedded strings"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("assets/style.css"),
        "other files still come from the embedded theme"
    );
    // A broken override is a clear error, and nothing is written.
    std::fs::write(templates.join("404.html"), "{% block main %}").unwrap();
    let o = build(root.path(), &out, &[]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("404.html"), "{}", stderr(&o));
    assert!(page == std::fs::read_to_string(out.join("404.html")).unwrap());
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    assert_eq!(code(&gongkai(&["init", site.to_str().unwrap()])), 0);
    let o = build(&site, &site.join("public"), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(site
        .join("public/measures/example-measure/index.html")
        .is_file());
    assert!(site.join("public/en/about/index.html").is_file());
}

/// A measure with `days` daily figures (from 2021, 28 days a month), each
/// an entry of the updates list.
fn write_daily_figures(root: &Path, days: usize) {
    let mut yaml = String::from(
        "number: 9\ncategory: economy\ntitle: {zh: 每日数据, en: Daily figures}\nlead: [drc]\nindicators:\n  - id: daily\n    name: {zh: 每日, en: Daily}\n    accumulation: cumulative\n    target: {period: 2025, value: 1000}\n    progress:\n",
    );
    for day in 0..days {
        let date = format!(
            "{}-{:02}-{:02}",
            2021 + day / 336,
            1 + day % 336 / 28,
            1 + day % 28
        );
        yaml.push_str(&format!("      - {{period: {date}, value: {day}, source: {{title: {{zh: 日报, en: Daily report}}, url: https://example.org/d/{day}}}}}\n"));
    }
    std::fs::write(root.join("content/indicators/daily.yaml"), yaml).unwrap();
}

#[test]
fn long_update_lists_are_paged_and_feeds_carry_the_newest() {
    let root = temp_site("zh-default", &[]);
    write_daily_figures(root.path(), 150);
    let out = root.path().join("public");
    let o = build(root.path(), &out, &["--no-minify"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let count = |p: &str| {
        std::fs::read_to_string(out.join(p))
            .unwrap()
            .matches("<p class=\"update-head\">")
            .count()
    };
    let total = 150 + 8; // the fixture's own eight entries
    assert_eq!(count("en/updates/index.html"), 100);
    assert_eq!(count("en/updates/page/2/index.html"), total - 100);
    assert!(!out.join("en/updates/page/3/index.html").exists());
    let first = std::fs::read_to_string(out.join("en/updates/index.html")).unwrap();
    assert!(first.contains("Updates, page 1 of 2") && first.contains("rel=\"next\""));
    let feed = std::fs::read_to_string(out.join("en/feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 100);
}

/// A long list's pages each link the first and last page and those near
/// it, a gap shown as `…`: linking every page from every page grew with
/// the square of the list.
#[test]
fn a_long_update_list_links_the_ends_and_the_pages_near_each() {
    let root = temp_site("zh-default", &[]);
    write_daily_figures(root.path(), 1000);
    // 1,008 entries: 11 pages. Minified (the template minified ahead) and not.
    for args in [&[][..], &["--no-minify"][..]] {
        let out = root.path().join("public");
        let o = build(root.path(), &out, args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let nav = |page: &str| {
            let html = std::fs::read_to_string(out.join(page)).unwrap();
            let at = html
                .find("class=pagination")
                .or(html.find("class=\"pagination\""))
                .expect("a page list");
            let nav = &html[at..];
            let nav = &nav[..nav.find("</nav>").unwrap()];
            // Each item: its number, `now` for the current page, `…` for a gap.
            nav.split("<li>")
                .skip(1)
                .filter(|li| !li.contains("rel="))
                .map(|li| {
                    let mut text = String::new();
                    let mut in_tag = false;
                    for c in li.chars() {
                        match c {
                            '<' => in_tag = true,
                            '>' => in_tag = false,
                            c if !in_tag => text.push(c),
                            _ => {}
                        }
                    }
                    match li.contains("aria-current") {
                        true => format!("{}now", text.trim()),
                        false => text.trim().to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(nav("en/updates/index.html"), "1now 2 3 … 11", "{args:?}");
        assert_eq!(nav("en/updates/page/6/index.html"), "1 … 4 5 6now 7 8 … 11");
        assert_eq!(nav("en/updates/page/5/index.html"), "1 2 3 4 5now 6 7 … 11");
        assert_eq!(nav("en/updates/page/11/index.html"), "1 … 9 10 11now");
        assert!(!out.join("en/updates/page/12/index.html").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}

/// The `height` of the embed snippet on a measure page.
fn embed_frame_height(page: &Path) -> u32 {
    let html = std::fs::read_to_string(page).unwrap();
    let at = html.find("height=&quot;").expect("an embed snippet") + "height=&quot;".len();
    html[at..]
        .split("&quot;")
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a height in px")
}

/// The embed snippet's fixed `height="480"` clipped a measure with two
/// indicators (each chart alone is up to 413 px tall on a tablet): the
/// height now comes from what the embed page shows.
#[test]
fn embed_snippet_height_fits_a_measure_with_two_indicators() {
    let (_root, out) = built("zh-default", &[]);
    let embed = std::fs::read_to_string(out.join("embed/works/income-growth/index.html")).unwrap();
    assert_eq!(
        embed.matches("indicator-status").count(),
        2,
        "two indicators"
    );
    assert_eq!(
        embed.matches("chart-narrow").count(),
        2,
        "each with a chart"
    );
    let two = embed_frame_height(&out.join("works/income-growth/index.html"));
    let one = embed_frame_height(&out.join("indicators/income/index.html"));
    let none = embed_frame_height(&out.join("works/grassroots/index.html"));
    // A phone's chart at its widest (30rem: 480 × 240/280 px, and a border),
    // twice, and at least a heading and a status line for each indicator.
    let chart = 480.0 * 240.0 / 280.0 + 2.0;
    let floor = (2.0 * chart + 4.0 * 26.4) as u32;
    assert!(two >= floor, "{two} px cannot hold two charts ({floor} px)");
    assert!(two > one && one > none, "{two} > {one} > {none}");
    // Laid out in Chromium from 320 to 1024 px wide, the embed page of
    // income-growth was at most 1,317 px tall, income 777, grassroots 240.
    assert!(
        two >= 1317 && one >= 777 && none >= 240,
        "{two}, {one}, {none}"
    );
}

/// The field descriptions of `datapackage.json`: (file, field, description).
fn data_package_fields(out: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(out.join("data/datapackage.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut fields = Vec::new();
    for resource in package["resources"].as_array().unwrap() {
        let Some(schema) = resource["schema"]["fields"].as_array() else {
            continue;
        };
        for f in schema {
            fields.push((
                resource["path"].as_str().unwrap().to_string(),
                f["name"].as_str().unwrap().to_string(),
                f["description"].as_str().unwrap().to_string(),
            ));
        }
    }
    fields
}

/// The zh `/data/` page described the CSV fields in English: they are
/// interface strings now, in Chinese there, and on the English page in
/// the Data Package's own words.
#[test]
fn zh_data_page_field_descriptions_are_chinese() {
    let (_root, out) = built("zh-default", &["--no-minify"]);
    let fields = data_package_fields(&out);
    assert!(fields.len() > 40, "{}", fields.len());
    let zh = std::fs::read_to_string(out.join("data/index.html")).unwrap();
    let en = std::fs::read_to_string(out.join("en/data/index.html")).unwrap();
    let escape = |s: &str| s.replace('&', "&amp;").replace('\'', "&#39;");
    for (file, name, description) in &fields {
        assert!(
            en.contains(&format!("<td>{}</td>", escape(description))),
            "{file} {name}: the English page says it as the Data Package does: {description}"
        );
        assert!(
            !zh.contains(&escape(description)),
            "{file} {name}: English on the Chinese page: {description}"
        );
    }
    assert!(!zh.contains("datafields."), "every field has a string");
    for expected in [
        "<td>指标名称（zh）</td>",
        "<td>指标名称（en）</td>",
        "<td>基期值的文字表述（zh）</td>",
        "<td>节点完成的日期</td>",
    ] {
        assert!(zh.contains(expected), "{expected}");
    }
}
