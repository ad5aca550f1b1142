//! Portal conventions (SPEC §11): page dates, the portals' `<meta>` names,
//! the plan's document block, the accessibility statement, the DCAT
//! catalogue and `check --links` — in both languages and under a sub-path.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use scraper::{Html, Selector};

/// The sub-path the sites are built under: every link must carry it.
const BASE: &str = "https://example.org/sub/path/";

/// Fixture site `base` with `overlays`, `edit` applied to its site.yaml,
/// built (minified) under [`BASE`].
fn built(
    base: &str,
    overlays: &[&Path],
    edit: impl FnOnce(String) -> String,
) -> (tempfile::TempDir, PathBuf) {
    let root = temp_site(base, overlays);
    let site_yaml = root.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, edit(text)).unwrap();
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

fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect()
}

fn meta(doc: &Html, name: &str) -> Option<String> {
    select(doc, &format!("head meta[name=\"{name}\"]"))
        .first()
        .map(|m| m.value().attr("content").unwrap_or("").to_string())
}

/// Every HTML page of the output but the embeds (parts of other sites' pages).
fn html_pages(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("embed/") && !p.contains("/embed/"))
        .collect();
    pages.sort();
    pages
}

/// The output file a link of page `from` (relative to the output) leads to.
fn target_of(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('#').next().unwrap().split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || href == "./" {
        path.push_str(if path.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    path
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

// ------------------------------------------------------------------ dates

#[test]
fn every_page_says_when_it_was_first_published_and_last_changed_in_words_and_time() {
    let (_root, out) = built("released", &[], |s| s);
    let pages = html_pages(&out);
    assert!(pages.len() > 50, "{}", pages.len());
    for rel in &pages {
        let doc = page(&out, rel);
        let lines = select(&doc, "main .page-dates");
        assert_eq!(lines.len(), 1, "{rel}");
        let times: Vec<String> = select(&doc, "main .page-dates time")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap().to_string())
            .collect();
        assert_eq!(times.len(), 2, "{rel}");
        assert!(times.iter().all(|t| is_date(t)), "{rel}: {times:?}");
        assert!(times[0] <= times[1], "{rel}: {times:?}");
    }
    // A measure changed in release 2023-q3 says so, in both languages.
    let zh = page(&out, "indicators/jobs/index.html");
    let line = text(&select(&zh, ".page-dates")[0]);
    assert!(
        line.contains("首次发布") && line.contains("2023-q3"),
        "{line}"
    );
    let en = page(&out, "en/indicators/jobs/index.html");
    let line = text(&select(&en, ".page-dates")[0]);
    assert!(
        line.starts_with(
            "First published 5 July 2023; last changed 10 October 2023 (release 2023-q3)"
        ),
        "{line}"
    );
    let times: Vec<&str> = select(&en, ".page-dates time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap())
        .collect();
    assert_eq!(times, ["2023-07-05", "2023-10-10"]);
    // Changed since the latest release: dated by the content (its as_of), no release named.
    let en = page(&out, "en/indicators/income/index.html");
    let line = text(&select(&en, ".page-dates")[0]);
    assert!(
        line.contains("last changed 31 October 2023") && !line.contains("release"),
        "{line}"
    );
    // The sitemap gives crawlers the same day.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(&format!(
            "<loc>{BASE}en/indicators/jobs/</loc><lastmod>2023-10-10</lastmod>"
        )),
        "{sitemap}"
    );
    // A release's page is dated by the release.
    let en = page(&out, "en/changes/2023-h1/index.html");
    let times: Vec<&str> = select(&en, ".page-dates time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap())
        .collect();
    assert_eq!(times, ["2023-07-05", "2023-07-05"]);
}

#[test]
fn without_releases_a_page_is_dated_by_the_content_not_the_clock() {
    let (_root, out) = built("zh-default", &[], |s| s);
    for rel in [
        "index.html",
        "en/indicators/income/index.html",
        "about/index.html",
    ] {
        let doc = page(&out, rel);
        let times: Vec<&str> = select(&doc, ".page-dates time")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap())
            .collect();
        assert_eq!(times, ["2024-09-30", "2024-09-30"], "{rel}");
    }
}

// ------------------------------------------------------------------ metadata

#[test]
fn every_page_carries_the_portal_metadata_and_no_site_code_unless_given() {
    let (_root, out) = built("zh-default", &[], |s| s);
    for rel in html_pages(&out) {
        let doc = page(&out, &rel);
        for name in [
            "SiteName",
            "ColumnName",
            "ColumnType",
            "ColumnDescription",
            "ColumnKeywords",
        ] {
            assert!(
                meta(&doc, name).is_some_and(|v| !v.is_empty()),
                "{rel}: {name}"
            );
        }
        assert_eq!(
            meta(&doc, "SiteDomain").as_deref(),
            Some("example.org"),
            "{rel}"
        );
        assert_eq!(
            meta(&doc, "SiteIDCode"),
            None,
            "{rel}: a site code was invented"
        );
        // One description, whatever its case (HTML allows no second one).
        let descriptions = select(&doc, "head meta[name]")
            .iter()
            .filter(|m| {
                m.value()
                    .attr("name")
                    .unwrap()
                    .eq_ignore_ascii_case("description")
            })
            .count();
        assert_eq!(descriptions, 1, "{rel}");
    }
    let home = page(&out, "index.html");
    assert_eq!(meta(&home, "ArticleTitle"), None);
    for (rel, publisher, column) in [
        (
            "indicators/income/index.html",
            "测试区领导小组办公室",
            "指标",
        ),
        (
            "en/indicators/income/index.html",
            "Test District Leading Group Office",
            "Indicators",
        ),
    ] {
        let doc = page(&out, rel);
        let h1 = text(&select(&doc, "h1")[0]);
        let title = meta(&doc, "ArticleTitle").unwrap();
        assert!(
            !title.is_empty() && h1.trim().ends_with(&title),
            "{rel}: {title} / {h1}"
        );
        let pub_date = meta(&doc, "PubDate").unwrap();
        assert_eq!(pub_date, "2024-09-30 00:00", "{rel}");
        assert_eq!(meta(&doc, "ContentSource").as_deref(), Some(publisher));
        assert!(meta(&doc, "ColumnName").unwrap().contains(column), "{rel}");
        let keywords = meta(&doc, "Keywords").unwrap();
        assert!(keywords.split(',').count() >= 2, "{keywords}");
        assert!(!meta(&doc, "Description").unwrap().is_empty());
    }
    // Given in site.yaml: the code and the domain on every page.
    let (_root, out) = built("zh-default", &[], |s| {
        s + "site_code: \"3303050001\"\nsite_domain: www.example.gov.cn\n"
    });
    for rel in html_pages(&out) {
        let doc = page(&out, &rel);
        assert_eq!(
            meta(&doc, "SiteIDCode").as_deref(),
            Some("3303050001"),
            "{rel}"
        );
        assert_eq!(
            meta(&doc, "SiteDomain").as_deref(),
            Some("www.example.gov.cn"),
            "{rel}"
        );
    }
}

// ------------------------------------------------------------------ document block

fn block_lines(doc: &Html) -> Vec<(String, String)> {
    select(doc, ".document-block .document-lines > div")
        .iter()
        .map(|d| {
            (
                text(&select_in(d, "dt")[0]).trim().to_string(),
                text(&select_in(d, "dd")[0]).trim().to_string(),
            )
        })
        .collect()
}

fn select_in<'a>(e: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_document_block_is_on_the_home_page_the_report_and_the_about_page_in_both_languages() {
    let (_root, out) = built("zh-default", &[], |s| s);
    for rel in ["index.html", "report/index.html", "about/index.html"] {
        let lines = block_lines(&page(&out, rel));
        let labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "标题",
                "索引号",
                "分类",
                "发布机构",
                "成文日期",
                "文号",
                "发布日期"
            ],
            "{rel}"
        );
        assert_eq!(lines[5].1, "测试办〔2024〕1号");
    }
    for rel in [
        "en/index.html",
        "en/report/index.html",
        "en/about/index.html",
    ] {
        let doc = page(&out, rel);
        let lines = block_lines(&doc);
        assert_eq!(lines.len(), 7, "{rel}");
        assert_eq!(
            lines[3],
            (
                "Issued by".into(),
                "Test District Leading Group Office".into()
            )
        );
        // The number is in the document's language, marked so on an English page.
        assert_eq!(
            select(&doc, ".document-number span[lang=zh]").len(),
            1,
            "{rel}"
        );
        let dates: Vec<&str> = select(&doc, ".document-block time")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap())
            .collect();
        assert_eq!(dates, ["2024-02-20", "2024-03-01"], "{rel}");
        // The title links the document, an absolute external address.
        let a = select(&doc, ".document-title a");
        assert_eq!(
            a[0].value().attr("href"),
            Some("https://example.org/notice.html")
        );
    }
    // Other pages do not repeat it.
    assert!(block_lines(&page(&out, "indicators/index.html")).is_empty());
}

#[test]
fn the_document_block_shows_only_the_lines_the_source_gives() {
    let (_root, out) = built("zh-default", &[], |s| {
        s.replace(
            "index: \"000000001/2024-00001\", category: {zh: 综合政务, en: General affairs},",
            "",
        )
        .replace("signed: 2024-02-20, ", "")
    });
    let labels: Vec<String> = block_lines(&page(&out, "index.html"))
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(labels, ["标题", "发布机构", "文号", "发布日期"]);
    // A source with none of the lines: no block at all.
    let (_root, out) = built("zh-default", &[], |s| {
        let start = s.find("source:").unwrap();
        let end = s.find("notice:").unwrap();
        format!(
            "{}source: {{title: {{zh: 通知, en: Notice}}, url: \"https://example.org/notice.html\"}}\n{}",
            &s[..start],
            &s[end..]
        )
    });
    assert!(select(&page(&out, "index.html"), ".document-block").is_empty());
}

#[test]
fn dongtou_shows_the_notices_own_facts_and_no_invented_index_or_site_code() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    let doc = page(&out, "2023/index.html");
    let lines = block_lines(&doc);
    let labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["标题", "发布机构", "成文日期", "文号", "发布日期"]);
    assert_eq!(lines[3].1, "洞共富办〔2023〕1号");
    let dates: Vec<&str> = select(&doc, ".document-block time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap())
        .collect();
    assert_eq!(dates, ["2023-05-23", "2023-07-13"]);
    assert_eq!(meta(&doc, "SiteIDCode"), None);
    // The 2024–2027 programme's page shows no 文号: the readable part of its
    // page does not give one.
    let doc = page(&out, "2024-2027/index.html");
    let lines = block_lines(&doc);
    let labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["标题", "发布机构", "成文日期", "发布日期"]);
    assert_eq!(lines[1].1, "温州市洞头区人民政府办公室");
    let dates: Vec<&str> = select(&doc, ".document-block time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap())
        .collect();
    assert_eq!(dates, ["2025-06-04", "2025-06-11"]);
    assert_eq!(meta(&doc, "SiteIDCode"), None);
}

// ------------------------------------------------------------------ accessibility

#[test]
fn the_accessibility_statement_is_in_every_language_and_linked_from_every_footer() {
    let (_root, out) = built("zh-default", &[], |s| s);
    for rel in html_pages(&out) {
        let doc = page(&out, &rel);
        let links = select(&doc, "footer .accessibility-link a");
        assert_eq!(links.len(), 1, "{rel}");
        let href = links[0].value().attr("href").unwrap();
        let lang = if rel.starts_with("en/") { "en/" } else { "" };
        if rel != "404.html" && rel != "en/404.html" {
            assert_eq!(
                target_of(&rel, href),
                format!("{lang}accessibility/index.html"),
                "{rel}"
            );
        } else {
            assert_eq!(href, format!("/sub/path/{lang}accessibility/"), "{rel}");
        }
    }
    let en = page(&out, "en/accessibility/index.html");
    let body = text(&select(&en, "main")[0]);
    for words in [
        "WCAG 2.1",
        "axe-core",
        "Nu HTML validator",
        "JavaScript",
        "320",
        "200 %",
        "Tab key",
        "Care mode",
        "Print",
        "does not claim full conformance",
    ] {
        assert!(body.contains(words), "{words}");
    }
    // No feedback address in site.yaml: the publisher is named instead.
    assert!(
        body.contains("Test District Leading Group Office"),
        "{body}"
    );
    let zh = page(&out, "accessibility/index.html");
    let body = text(&select(&zh, "main")[0]);
    assert!(body.contains("适老化自评") && body.contains("关怀模式") && body.contains("WCAG 2.1"));
    assert_eq!(select(&zh, "html")[0].value().attr("lang"), Some("zh"));
    // With a feedback form: the statement links it, about this page.
    let (_root, out) = built("zh-default", &[&fixtures().join("site-additions")], |s| s);
    let en = page(&out, "en/accessibility/index.html");
    let report: Vec<&str> = select(&en, "#h-report ~ p a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(report.len(), 1);
    assert!(
        report[0].starts_with("https://example.org/feedback?item=/&lang=en&from="),
        "{}",
        report[0]
    );
    assert!(report[0].contains("en%2Faccessibility%2F"), "{}", report[0]);
}

// ------------------------------------------------------------------ catalogue

/// The catalogue read as RDF by a JSON-LD processor (the `json-ld` crate,
/// no document loader: no network): (datasets, download URLs).
fn catalogue_as_rdf(out: &Path) -> (usize, Vec<String>) {
    use json_ld::syntax::Parse;
    use json_ld::JsonLdProcessor;
    let text = std::fs::read_to_string(out.join("data/catalog.jsonld")).unwrap();
    let (json, _) = json_ld::syntax::Value::parse_str(&text).expect("catalog.jsonld is JSON");
    let doc = json_ld::RemoteDocument::new(None, None, json);
    let mut blanks = rdf_types::generator::Blank::new();
    let mut rdf = pollster::block_on(doc.to_rdf(&mut blanks, &json_ld::NoLoader))
        .expect("catalog.jsonld is JSON-LD that converts to RDF");
    let mut datasets = 0;
    let mut downloads = Vec::new();
    for q in rdf.quads() {
        let (predicate, object) = (q.1.to_string(), q.2);
        if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            && object.to_string() == "http://www.w3.org/ns/dcat#Dataset"
        {
            datasets += 1;
        }
        if predicate == "http://www.w3.org/ns/dcat#downloadURL" {
            downloads.push(object.as_iri().expect("an address").as_str().to_string());
        }
    }
    (datasets, downloads)
}

#[test]
fn the_catalogue_is_json_ld_and_every_download_url_is_a_file_the_build_wrote() {
    for (fixture, measures, releases) in [("zh-default", 9, 0), ("released", 4, 2)] {
        let (_root, out) = built(fixture, &[], |s| s);
        let (datasets, downloads) = catalogue_as_rdf(&out);
        // indicators, observations, measures; each measure; each release and the changes.
        let changes = usize::from(releases > 0);
        assert_eq!(datasets, 3 + measures + releases + changes, "{fixture}");
        assert_eq!(
            downloads.len(),
            5 + 2 * measures + releases + changes,
            "{fixture}"
        );
        for url in &downloads {
            let rel = url
                .strip_prefix(BASE)
                .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
            assert!(out.join(rel).is_file(), "{fixture}: {url} was not written");
        }
        for format in [
            "data/indicators.csv",
            "data/indicators.xlsx",
            "data/measures.json",
        ] {
            assert!(downloads.contains(&format!("{BASE}{format}")), "{format}");
        }
        // Listed on the data page, in both languages.
        for rel in ["data/index.html", "en/data/index.html"] {
            let doc = page(&out, rel);
            let hrefs: Vec<String> = select(&doc, "main a")
                .iter()
                .filter_map(|a| a.value().attr("href"))
                .map(|h| target_of(rel, h))
                .collect();
            assert!(
                hrefs.contains(&"data/catalog.jsonld".to_string()),
                "{rel}: {hrefs:?}"
            );
        }
    }
    // The licence, publisher and languages travel with it.
    let (_root, out) = built("zh-default", &[&fixtures().join("site-additions")], |s| s);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/catalog.jsonld")).unwrap()).unwrap();
    let first = &v["dcat:dataset"][0];
    assert_eq!(
        first["dct:license"]["@id"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(first["dct:language"], serde_json::json!(["zh", "en"]));
    assert_eq!(first["dct:modified"]["@value"], "2024-09-30");
    assert_eq!(
        v["dct:publisher"]["foaf:name"][1]["@value"],
        "Test District Leading Group Office"
    );
}

// ------------------------------------------------------------------ links

#[test]
fn check_links_reports_every_internal_link_that_leads_nowhere_as_path_line_col() {
    let root = temp_site("zh-default", &[]);
    let content = root.path().join("content");
    let site_yaml = content.join("site.yaml");
    let site = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(
        &site_yaml,
        site.replace(
            "base_url: https://example.org/",
            "base_url: https://example.org/sub/",
        ),
    )
    .unwrap();
    let about = content.join("pages/about.en.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        format!(
            "{text}\nSee [the units](../units/), [a lost page](../no-such-page/), [income](../indicators/income/#no-such-anchor),\n[the root](/units/) and [home](https://example.org/sub/missing.csv).\n\n[ref]: ../nowhere/\n"
        ),
    )
    .unwrap();
    let income = content.join("indicators/income.yaml");
    let text = std::fs::read_to_string(&income).unwrap();
    std::fs::write(
        &income,
        text.replace(
            "  en: Keep raising residents' incomes.",
            "  en: Keep raising incomes, as [employment](../employment/) and [this](../gone/) say.",
        ),
    )
    .unwrap();
    // Without --links, links are not looked at.
    let (exit, _) = check_lines(root.path(), &[]);
    assert_eq!(exit, 0);
    let (exit, lines) = check_lines(root.path(), &["--links"]);
    let errors: Vec<&String> = lines.iter().filter(|l| l.contains(": error: ")).collect();
    let about_lines = std::fs::read_to_string(&about).unwrap().lines().count();
    let expected = [
        "content/indicators/income.yaml:11:72: error: link `../gone/` leads nowhere: no page or file at `indicators/gone/`".to_string(),
        format!("content/pages/about.en.md:{}:43: error: link `../no-such-page/` leads nowhere: no page or file at `en/no-such-page/`", about_lines - 3),
        format!("content/pages/about.en.md:{}:71: error: link `../indicators/income/#no-such-anchor` leads nowhere: `en/indicators/income/index.html` has no element with id `no-such-anchor`", about_lines - 3),
        format!("content/pages/about.en.md:{}:12: error: link `/units/` leads nowhere: outside the site's base path `/sub/`", about_lines - 2),
        format!("content/pages/about.en.md:{}:32: error: link `https://example.org/sub/missing.csv` leads nowhere: no page or file at `missing.csv`", about_lines - 2),
        format!("content/pages/about.en.md:{}:8: error: link `../nowhere/` leads nowhere: no page or file at `en/nowhere/`", about_lines),
    ];
    assert_eq!(errors, expected.iter().collect::<Vec<_>>(), "{lines:#?}");
    assert_eq!(exit, 1);
    // The same site without the broken links passes.
    let clean = temp_site("zh-default", &[]);
    let (exit, lines) = check_lines(clean.path(), &["--links"]);
    assert_eq!(exit, 0, "{lines:#?}");
}

#[test]
fn check_links_resolves_a_category_description_from_the_category_page_not_the_collection() {
    let root = temp_site("zh-default", &[]);
    let file = root.path().join("content/indicators/_collection.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace(
            "  zh: 本年度的**主要指标**。",
            "  zh: 本年度的**主要指标**,见[责任单位](../units/)。",
        )
        .replace(
            "      en: High-quality economic development\n",
            "      en: High-quality economic development\n    description:\n      zh: 见[责任单位](../../../units/)与[单位](../units/)。\n      en: See the [bodies](../../../units/).\n",
        );
    std::fs::write(&file, text).unwrap();
    let (exit, lines) = check_lines(root.path(), &["--links"]);
    assert_eq!(
        lines,
        ["content/indicators/_collection.yaml:14:41: error: link `../units/` leads nowhere: no page or file at `categories/indicators/units/`"],
    );
    assert_eq!(exit, 1);
}
