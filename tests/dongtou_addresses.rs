//! Every address of the Dongtou site from before its 2023 plan moved into
//! `content/plans/2023/` still answers (SPEC §10, "keeps every old URL
//! working"). `tests/fixtures/dongtou-2023-addresses.txt` lists every file
//! the one-plan site wrote; in the site with several plans, each is
//!
//! - a page the top of the site writes itself (the plan list, the bodies
//!   across plans, the Markdown pages, the accessibility statement, 404),
//! - a redirect page whose meta refresh, plain link and canonical link lead
//!   to the same page under `2023/`, which exists,
//! - a copy, byte for byte, of the file at the same path under `2023/`,
//! - or a file the top of the site writes itself (sitemap, robots.txt,
//!   assets, the search index above the plans), which simply exists.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

const BASE: &str = "https://example.gov.cn/open/dongtou/";
const MOVED: &str = "2023";

/// Old addresses the site with several plans does not keep yet (none: the
/// test fails when one listed comes back, so that it leaves this list).
const NOT_KEPT_YET: &[&str] = &[];

/// Pages the top of the site writes itself at an old address.
fn top_page(path: &str) -> bool {
    let path = path.strip_prefix("en/").unwrap_or(path);
    path == "index.html"
        || path == "404.html"
        || path == "units/index.html"
        || (path.starts_with("units/") && path.matches('/').count() == 2)
        || ["about/", "accessibility/", "search/"]
            .iter()
            .any(|p| path == format!("{p}index.html"))
}

/// Files the top of the site writes itself at an old address.
fn top_file(path: &str) -> bool {
    // The search above the plans covers every plan, under the same search/.
    path == "sitemap.xml"
        || path == "robots.txt"
        || path.starts_with("assets/")
        || path.starts_with("search/")
}

/// The search index's files of excerpts are numbered by the pages they
/// hold: when the moved plan's pages change, some get other names (under
/// `2023/` as at the old address), and the search page that reads them has
/// moved.
fn search_fragment(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() == 4 && parts[0] == "search" && parts[2] == "f"
}

/// The search index's files of terms: found only through its `index.json`
/// (whose version every request carries), grouped into numbered files of
/// about 32 KiB since the one-plan site's list was taken, when each shard
/// was a file named after its characters. Not an address anyone keeps.
fn search_terms(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() == 4 && parts[0] == "search" && parts[2] == "t"
}

/// `href` as read on the page at `from` (a file path), as a file path.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop().expect("a link above the site's root");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') {
        path.push_str("/index.html");
    }
    path.trim_start_matches('/').to_string()
}

fn attr(doc: &Html, css: &str, name: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

#[test]
fn every_address_of_the_one_plan_site_still_answers() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old: Vec<String> =
        std::fs::read_to_string(repo.join("tests/fixtures/dongtou-2023-addresses.txt"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
    assert!(old.len() > 4000, "only {} old addresses", old.len());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = gongkai_in(
        repo,
        &[
            "build",
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            BASE,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let (mut real, mut redirects, mut copies, mut own, mut renamed, mut terms) = (0, 0, 0, 0, 0, 0);
    let mut problems = Vec::new();
    let mut not_kept = BTreeSet::new();
    for path in &old {
        let file = out.join(path);
        if NOT_KEPT_YET.contains(&path.as_str()) {
            if file.exists() {
                problems.push(format!("{path}: kept now; take it off NOT_KEPT_YET"));
            }
            not_kept.insert(path.as_str());
            continue;
        }
        if search_terms(path) {
            terms += 1;
            continue;
        }
        if !file.exists() {
            if search_fragment(path) && !out.join(MOVED).join(path).exists() {
                renamed += 1;
            } else {
                problems.push(format!("{path}: gone"));
            }
            continue;
        }
        let new_path = format!("{MOVED}/{path}");
        if path.ends_with(".html") {
            let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            let refresh = attr(&doc, "meta[http-equiv=refresh]", "content");
            if refresh.is_empty() {
                if top_page(path) {
                    real += 1;
                } else {
                    problems.push(format!("{path}: neither moved nor a page of the top"));
                }
                continue;
            }
            let Some(url) = refresh[0].strip_prefix("0; url=") else {
                problems.push(format!("{path}: refresh `{}`", refresh[0]));
                continue;
            };
            let links = attr(&doc, "main a", "href");
            let canonical = attr(&doc, "link[rel=canonical]", "href");
            let target = resolve(path, url);
            let new_url = new_path.trim_end_matches("index.html");
            if target != new_path
                || links.iter().map(|h| resolve(path, h)).collect::<Vec<_>>() != [new_path.clone()]
                || canonical != [format!("{BASE}{new_url}")]
            {
                problems.push(format!(
                    "{path}: refresh to {target}, link to {links:?}, canonical {canonical:?}; expected {new_path}"
                ));
            } else if !out.join(&target).is_file() {
                problems.push(format!("{path}: leads to {target}, which is missing"));
            } else {
                redirects += 1;
            }
        } else if top_file(path) {
            own += 1;
        } else {
            let moved = out.join(&new_path);
            if !moved.is_file() {
                problems.push(format!("{path}: nothing at {new_path}"));
            } else if std::fs::read(&file).unwrap() != std::fs::read(&moved).unwrap() {
                problems.push(format!("{path}: differs from {new_path}"));
            } else {
                copies += 1;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} old addresses:\n{}",
        problems.len(),
        old.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} old addresses: {redirects} redirect pages, {copies} copies, {real} pages of the top, \
         {own} files of the top, {renamed} search fragments renamed, {terms} files of search \
         terms regrouped, {} not kept yet",
        old.len(),
        not_kept.len()
    );
    assert_eq!(
        redirects + copies + real + own + renamed + terms + not_kept.len(),
        old.len()
    );
    // The moved plan's pages are nearly all redirects; the top writes only
    // its own pages in each language.
    assert!(redirects > 900, "{redirects} redirects");
    assert!(real < 120, "{real} pages of the top");
    // A renamed search fragment is the exception, not the rule.
    assert!(renamed < 20, "{renamed} search fragments renamed");
}

#[test]
fn resolve_reads_links_as_a_browser_does() {
    assert_eq!(
        resolve(
            "en/indicators/gdp/index.html",
            "../../../2023/en/indicators/gdp/"
        ),
        "2023/en/indicators/gdp/index.html"
    );
    assert_eq!(resolve("index.html", "2023/"), "2023/index.html");
}
