//! The outputs of SPEC §9 for readers and reusers — the printable reports,
//! chart files, badges, embeds, the feedback link and the data page — on
//! the zh-default fixture with the site additions overlay, built once
//! under a sub-path: every file exists for every measure and language, and
//! every link to and from them resolves.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use scraper::{ElementRef, Html, Selector};

const BASE: &str = "https://example.org/sub/plan/";

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The file a relative link from the page file `from` points to.
fn target(from: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || href.is_empty() || href == "./" {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    path
}

/// Every relative `href` and `src` of the page resolves to a file.
fn links_resolve(out: &Path, rel: &str, doc: &Html) -> usize {
    let mut n = 0;
    for e in select(doc, "[href], [src]") {
        let v = e.value();
        let link = v.attr("href").or(v.attr("src")).unwrap();
        if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
            continue;
        }
        let file = target(rel, link);
        assert!(out.join(&file).is_file(), "{rel}: {link} → {file} missing");
        n += 1;
    }
    n
}

/// The fixture, built once into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let root = temp_site("zh-default", &[&fixtures().join("site-additions")]);
    let out = root.path().join("public");
    let o = gongkai_in(
        root.path(),
        &[
            "build",
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            BASE,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (root, out)
}

/// `(collection, measure)` of every measure, from measures.json.
fn measures(out: &Path) -> Vec<(String, String, Vec<String>)> {
    let all: serde_json::Value = serde_json::from_str(&read(out, "data/measures.json")).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let indicators = m["indicators"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|i| i["id"].as_str().or(i["ref"].as_str()).unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                m["collection"].as_str().unwrap().to_string(),
                m["id"].as_str().unwrap().to_string(),
                indicators,
            )
        })
        .collect()
}

#[test]
fn every_reader_output_exists_in_every_language_and_every_link_resolves() {
    let (_root, out) = built();
    let sitemap = read(&out, "sitemap.xml");
    let measures = measures(&out);
    assert!(measures.len() >= 5);
    let mut chart_count = 0;
    for prefix in ["", "en/"] {
        // The home page links the report and the data page.
        let home = Html::parse_document(&read(&out, &format!("{prefix}index.html")));
        let home_links: Vec<String> = select(&home, "a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .map(|h| target(&format!("{prefix}index.html"), h))
            .collect();
        for wanted in ["report/index.html", "data/index.html"] {
            assert!(
                home_links.contains(&format!("{prefix}{wanted}")),
                "{prefix}: {wanted}"
            );
        }

        for (c, m, _) in &measures {
            // The measure page: chart files, badge, embed, feedback.
            let rel = format!("{prefix}{c}/{m}/index.html");
            let doc = Html::parse_document(&read(&out, &rel));
            links_resolve(&out, &rel, &doc);
            let charts = select(&doc, "figure.chart-figure");
            chart_count += charts.len();
            for fig in &charts {
                let svgs: Vec<_> = fig.select(&Selector::parse("svg").unwrap()).collect();
                assert_eq!(svgs.len(), 2, "{rel}: a wide and a narrow drawing");
                let link = fig
                    .select(&Selector::parse("figcaption a").unwrap())
                    .next()
                    .unwrap_or_else(|| panic!("{rel}: chart without its file"));
                let file = target(&rel, link.value().attr("href").unwrap());
                assert!(
                    file.starts_with(&format!("{prefix}data/{c}/{m}/")),
                    "{file}"
                );
                let svg = read(&out, &file);
                assert!(
                    svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                    "{file}"
                );
                for part in ["<title", "<desc", "<style>", "chart-axis"] {
                    assert!(svg.contains(part), "{file}: {part}");
                }
            }
            let badge = select(&doc, "img.badge");
            assert_eq!(badge.len(), 1, "{rel}");
            let snippets: Vec<String> = select(&doc, "pre.snippet code")
                .iter()
                .map(|e| e.text().collect())
                .collect();
            assert_eq!(snippets.len(), 2, "{rel}");
            let badge_abs = format!("{BASE}{prefix}badges/{c}/{m}.svg");
            assert!(
                snippets[0].contains(&format!("src=\"{badge_abs}\"")),
                "{}",
                snippets[0]
            );
            assert!(snippets[0].contains(&format!("href=\"{BASE}{prefix}{c}/{m}/\"")));
            assert!(
                snippets[1].starts_with(&format!("<iframe src=\"{BASE}{prefix}embed/{c}/{m}/\""))
            );
            let feedback = select(&doc, "p.feedback a");
            assert_eq!(feedback.len(), 1, "{rel}: feedback link");
            let fb = feedback[0].value().attr("href").unwrap();
            assert!(fb.contains(&format!("item={c}/{m}&")), "{fb}");

            // The badge says the status in words and symbol.
            let svg = read(&out, &format!("{prefix}badges/{c}/{m}.svg"));
            assert!(
                svg.contains("role=\"img\"") && svg.contains("<title>"),
                "{svg}"
            );

            // The embed: no header or menu, noindex, a link back, not in the sitemap.
            let rel = format!("{prefix}embed/{c}/{m}/index.html");
            let html = read(&out, &rel);
            let doc = Html::parse_document(&html);
            links_resolve(&out, &rel, &doc);
            assert!(select(&doc, "header, nav, footer").is_empty(), "{rel}");
            assert_eq!(select(&doc, "meta[name=robots][content=noindex]").len(), 1);
            assert_eq!(
                select(&doc, "meta[http-equiv=Content-Security-Policy]").len(),
                1
            );
            let back = select(&doc, "a[target=_top]");
            assert_eq!(back.len(), 1, "{rel}");
            assert_eq!(
                back[0].value().attr("href"),
                Some(format!("{BASE}{prefix}{c}/{m}/").as_str())
            );
            assert_eq!(
                select(&doc, "figure.chart-figure").len(),
                charts.len(),
                "{rel}"
            );
            assert!(
                !sitemap.contains(&format!("embed/{c}/{m}/")),
                "{rel} in the sitemap"
            );
        }

        // The reports: the whole plan's lists every measure once.
        let rel = format!("{prefix}report/index.html");
        let doc = Html::parse_document(&read(&out, &rel));
        links_resolve(&out, &rel, &doc);
        let listed: Vec<String> = select(&doc, ".report-table tbody th[scope=row] > a")
            .iter()
            .map(|a| target(&rel, a.value().attr("href").unwrap()))
            .collect();
        let expected: Vec<String> = measures
            .iter()
            .map(|(c, m, _)| format!("{prefix}{c}/{m}/index.html"))
            .collect();
        assert_eq!(
            listed.iter().collect::<BTreeSet<_>>(),
            expected.iter().collect::<BTreeSet<_>>()
        );
        assert_eq!(listed.len(), expected.len());
        assert_eq!(select(&doc, "button[data-print][hidden]").len(), 1);
        assert_eq!(select(&doc, ".print-control .nojs-only").len(), 1);
        assert!(select(&doc, "thead").len() >= 2);
        let css = select(&doc, "link[rel=stylesheet][media=print]");
        let css = target(&rel, css[0].value().attr("href").unwrap());
        let css = read(&out, &css);
        assert!(
            css.contains(&format!("{BASE}{prefix}report/")) && css.contains("@bottom-left"),
            "{css}"
        );
        assert!(sitemap.contains(&format!("{BASE}{prefix}report/")));
        // A body's report lists what it leads or shares, and its page links it.
        let units: Vec<String> = select(&doc, ".report-links a")
            .iter()
            .map(|a| target(&rel, a.value().attr("href").unwrap()))
            .collect();
        assert!(units.len() >= 3, "{units:?}");
        for unit_report in &units {
            let doc = Html::parse_document(&read(&out, unit_report));
            links_resolve(&out, unit_report, &doc);
            let unit_page = unit_report.replace("report/index.html", "index.html");
            let page = Html::parse_document(&read(&out, &unit_page));
            assert!(
                select(&page, ".report-link a")
                    .iter()
                    .any(|a| target(&unit_page, a.value().attr("href").unwrap()) == *unit_report),
                "{unit_page}"
            );
        }

        // The data page: every download, every field of the Data Package.
        let rel = format!("{prefix}data/index.html");
        let html = read(&out, &rel);
        let doc = Html::parse_document(&html);
        assert!(links_resolve(&out, &rel, &doc) > 5);
        let pkg: serde_json::Value =
            serde_json::from_str(&read(&out, "data/datapackage.json")).unwrap();
        for resource in pkg["resources"].as_array().unwrap() {
            let file = resource["path"].as_str().unwrap();
            assert!(
                html.contains(&format!("data/{file}</code>")),
                "{rel}: resource {file}"
            );
            // The workbooks are plain resources: their fields are the CSVs'.
            let fields = resource["schema"]["fields"].as_array();
            for field in fields.into_iter().flatten() {
                let name = field["name"].as_str().unwrap();
                assert!(
                    html.contains(&format!("<code>{name}</code>")),
                    "{rel}: field {name}"
                );
            }
            let path = resource["path"].as_str().unwrap();
            assert!(
                html.contains(&format!("{BASE}data/{path}")),
                "{rel}: {path}"
            );
        }
        assert_eq!(
            select(&doc, "a[rel~=license]").len(),
            2,
            "{rel}: licence in page and footer"
        );
        assert_eq!(select(&doc, "main .citation").len(), 1);
    }
    assert!(chart_count >= 10, "{chart_count} charts");
}

#[test]
fn check_warns_when_base_url_is_a_path_even_under_strict() {
    let (code0, lines) = check_lines(&site_fixture("single-language"), &["--strict"]);
    assert_eq!(code0, 0);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/site.yaml:4:11: warning: base_url `/gongfu/` is a path"),
        "{lines:?}"
    );
    let (_, lines) = check_lines(&site_fixture("zh-default"), &[]);
    assert!(lines.iter().all(|l| !l.contains("base_url")), "{lines:?}");
}
