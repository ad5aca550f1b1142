//! The site additions of SPEC §6 (`license`, `citation`, `feedback`,
//! `editions`, `footer` in site.yaml), built on the zh-default fixture with
//! the overlay `tests/fixtures/site-additions/`: what reaches the pages and
//! the Data Package, and what `check` says about bad ones (the class
//! `tests/fixtures/invalid/site-additions/` is run by tests/check.rs).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use scraper::{Html, Selector};

/// The zh-default site with the additions overlay, `edit` applied to its
/// site.yaml, built (minified) into `public/`.
fn built_with(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let root = temp_site("zh-default", &[&fixtures().join("site-additions")]);
    let site_yaml = root.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, edit(text)).unwrap();
    let out = root.path().join("public");
    let o = gongkai_in(
        root.path(),
        &["build", "--output", out.to_str().unwrap(), "--strict"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (root, out)
}

fn built() -> (tempfile::TempDir, PathBuf) {
    built_with(|s| s)
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap())
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect()
}

fn href(e: &scraper::ElementRef) -> String {
    e.value().attr("href").unwrap().to_string()
}

fn html_pages(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
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
        .collect()
}

#[test]
fn a_site_with_every_addition_passes_strict_check() {
    let root = temp_site("zh-default", &[&fixtures().join("site-additions")]);
    let (exit, lines) = check_lines(root.path(), &["--strict"]);
    assert_eq!((exit, lines), (0, Vec::<String>::new()));
}

#[test]
fn the_data_package_carries_the_licence_as_frictionless_licenses() {
    let (_root, out) = built();
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    assert_eq!(
        pkg["licenses"],
        serde_json::json!([{
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "知识共享署名 4.0 国际许可协议"
        }])
    );
    // A licence known by its title only has no `name`.
    let (_root, out) = built_with(|s| s.replace("  id: CC-BY-4.0\n", ""));
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    assert_eq!(
        pkg["licenses"],
        serde_json::json!([{
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "知识共享署名 4.0 国际许可协议"
        }])
    );
}

#[test]
fn every_page_links_the_licence_and_the_editions_and_ends_with_the_footer_lines() {
    let (_root, out) = built();
    let pages = html_pages(&out);
    assert!(pages.len() > 50, "{}", pages.len());
    for rel in &pages {
        let doc = page(&out, rel);
        if !select(&doc, "body.page-embed").is_empty() {
            // An embed has no footer: it is part of another site's page.
            continue;
        }
        let licence = select(&doc, "footer a[rel~=license]");
        assert_eq!(licence.len(), 1, "{rel}");
        assert_eq!(
            href(&licence[0]),
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(licence[0].value().attr("rel"), Some("license external"));
        let editions: Vec<(String, String)> = select(&doc, "footer .editions li")
            .iter()
            .map(|li| (text(li), href(&select_in(li, "a")[0])))
            .collect();
        let lines: Vec<String> = select(&doc, "footer .footer-lines li")
            .iter()
            .map(|li| li.inner_html())
            .collect();
        if rel.starts_with("en/") {
            assert_eq!(
                editions,
                [
                    (
                        "Test District work plan for 2023 (2023)".to_string(),
                        "https://example.org/2023/".to_string()
                    ),
                    (
                        "Test District work plan for 2025 (Jan–Jun 2025)".to_string(),
                        "https://example.org/2025/".to_string()
                    )
                ],
                "{rel}"
            );
            // Lines without English keep their Chinese, marked as such,
            // without a "not translated" note; text is escaped.
            assert_eq!(
                lines,
                [
                    "<span lang=\"zh\">网站标识码 0000000000</span>",
                    "<a href=\"https://beian.miit.gov.cn/\" rel=\"external\"><span lang=\"zh\">测ICP备00000000号-1</span></a>",
                    "<a href=\"https://example.org/contact?a=1&amp;b=2\" rel=\"external\">Contact us &lt;&amp; feedback&gt;</a>",
                ],
                "{rel}"
            );
        } else {
            assert_eq!(
                editions,
                [
                    (
                        "测试区2023年度工作要点 (2023年)".to_string(),
                        "https://example.org/2023/".to_string()
                    ),
                    (
                        "测试区2025年度工作要点 (2025年1—6月)".to_string(),
                        "https://example.org/2025/".to_string()
                    )
                ],
                "{rel}"
            );
            assert_eq!(
                lines,
                [
                    "网站标识码 0000000000",
                    "<a href=\"https://beian.miit.gov.cn/\" rel=\"external\">测ICP备00000000号-1</a>",
                    "<a href=\"https://example.org/contact?a=1&amp;b=2\" rel=\"external\">联系我们 &lt;与&gt; 反馈</a>",
                ],
                "{rel}"
            );
        }
    }
}

fn select_in<'a>(e: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_feedback_link_fills_the_template_for_the_measure_in_each_language() {
    let (_root, out) = built();
    let zh = page(&out, "works/income-growth/index.html");
    let link = select(&zh, "main .feedback a");
    assert_eq!(link.len(), 1);
    assert_eq!(text(&link[0]), "对此项提出意见");
    assert_eq!(
        href(&link[0]),
        "https://example.org/feedback?item=works/income-growth&lang=zh\
         &from=https%3A%2F%2Fexample.org%2Fworks%2Fincome-growth%2F"
    );
    assert_eq!(link[0].value().attr("rel"), Some("external"));
    let en = page(&out, "en/indicators/income/index.html");
    let link = select(&en, "main .feedback a");
    assert_eq!(text(&link[0]), "Comment on this measure");
    assert_eq!(
        href(&link[0]),
        "https://example.org/feedback?item=indicators/income&lang=en\
         &from=https%3A%2F%2Fexample.org%2Fen%2Findicators%2Fincome%2F"
    );
    // Only measure pages have it.
    assert!(select(&page(&out, "index.html"), ".feedback").is_empty());
}

#[test]
fn an_email_feedback_becomes_a_mailto_with_the_measure_in_subject_and_body() {
    let (_root, out) = built_with(|s| {
        s.replace(
            "  url: \"https://example.org/feedback?item={collection}/{measure}&lang={lang}&from={url}\"",
            "  email: ban@example.org",
        )
    });
    let zh = page(&out, "works/income-growth/index.html");
    let p = &select(&zh, "main p.feedback")[0];
    let link = &select_in(p, "a")[0];
    // 意见：居民增收行动 / 关于“居民增收行动”：\r\n<url>\r\n\r\n
    assert_eq!(
        href(link),
        "mailto:ban@example.org?subject=%E6%84%8F%E8%A7%81%EF%BC%9A%E5%B1%85%E6%B0%91%E5%A2%9E%E6%94%B6%E8%A1%8C%E5%8A%A8\
         &body=%E5%85%B3%E4%BA%8E%E2%80%9C%E5%B1%85%E6%B0%91%E5%A2%9E%E6%94%B6%E8%A1%8C%E5%8A%A8%E2%80%9D%EF%BC%9A%0D%0A\
         https%3A%2F%2Fexample.org%2Fworks%2Fincome-growth%2F%0D%0A%0D%0A"
    );
    assert_eq!(link.value().attr("rel"), None);
    assert_eq!(text(p), "对此项提出意见 （发送邮件至ban@example.org）");
    let en = page(&out, "en/works/income-growth/index.html");
    let link = &select(&en, "main .feedback a")[0];
    assert_eq!(
        href(link),
        "mailto:ban@example.org?subject=Comment%20on%3A%20Income%20growth%20campaign\
         &body=About%20the%20measure%20%E2%80%9CIncome%20growth%20campaign%E2%80%9D%3A%0D%0A\
         https%3A%2F%2Fexample.org%2Fen%2Fworks%2Fincome-growth%2F%0D%0A%0D%0A"
    );
}

#[test]
fn measure_pages_cite_the_given_citation_and_the_footer_shows_it_on_every_page() {
    let (_root, out) = built();
    let zh_text = "测试区领导小组办公室:测试区2024年度工作要点公开数据。";
    let en_text =
        "Test District Leading Group Office: open data of the Test District work plan for 2024.";
    let zh = page(&out, "works/income-growth/index.html");
    let cited: Vec<String> = select(&zh, "main .downloads .citation")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cited, [zh_text]);
    for (rel, expected) in [
        ("index.html", zh_text),
        ("en/units/index.html", en_text),
        ("en/works/income-growth/index.html", en_text),
    ] {
        let doc = page(&out, rel);
        let footer: Vec<String> = select(&doc, "footer .citation").iter().map(text).collect();
        assert_eq!(footer, [expected], "{rel}");
    }
}

#[test]
fn without_a_citation_measure_pages_cite_publisher_title_date_and_address() {
    let root = temp_site("zh-default", &[]);
    let out = root.path().join("public");
    let o = gongkai_in(root.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cite = |rel: &str| -> Vec<String> {
        select(&page(&out, rel), ".citation")
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(
        cite("works/income-growth/index.html"),
        ["测试区领导小组办公室。测试区2024年度工作要点。数据截至2024年9月30日。https://example.org/works/income-growth/"]
    );
    assert_eq!(
        cite("en/indicators/income/index.html"),
        ["Test District Leading Group Office. Test District work plan for 2024. Data as of 30 September 2024. https://example.org/en/indicators/income/"]
    );
    // The default is the measure page's own; other pages show none, and no
    // other addition appears where site.yaml has none.
    for rel in html_pages(&out) {
        let doc = page(&out, &rel);
        // The data page cites the data too, with its own address.
        if !select(&doc, "body.page-measure, body.page-data").is_empty() {
            continue;
        }
        for css in [
            ".citation",
            ".footer-lines",
            ".editions",
            "[rel~=license]",
            ".feedback",
        ] {
            assert!(select(&doc, css).is_empty(), "{rel}: {css}");
        }
    }
    let pkg = std::fs::read_to_string(out.join("data/datapackage.json")).unwrap();
    assert!(!pkg.contains("licenses"), "{pkg}");
}

#[test]
fn a_default_citation_without_a_publisher_starts_with_the_title() {
    let root = temp_site("zh-default", &[]);
    let site_yaml = root.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&site_yaml).unwrap();
    let without = yaml.replace(
        "publisher:\n  zh: 测试区领导小组办公室\n  en: Test District Leading Group Office\n",
        "",
    );
    assert_ne!(yaml, without);
    std::fs::write(&site_yaml, without).unwrap();
    let out = root.path().join("public");
    let o = gongkai_in(root.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc = page(&out, "en/works/income-growth/index.html");
    let cited: Vec<String> = select(&doc, ".citation").iter().map(text).collect();
    assert_eq!(
        cited,
        ["Test District work plan for 2024. Data as of 30 September 2024. https://example.org/en/works/income-growth/"]
    );
}

/// `check` on the zh-default site whose site.yaml ends with `extra`.
fn check_site_yaml(extra: &str) -> (i32, Vec<String>) {
    let root = temp_site("zh-default", &[]);
    let site_yaml = root.path().join("content/site.yaml");
    let mut text = std::fs::read_to_string(&site_yaml).unwrap();
    text.push_str(extra);
    std::fs::write(&site_yaml, text).unwrap();
    check_lines(root.path(), &[])
}

#[test]
fn a_licence_needs_an_id_or_a_title_and_an_absolute_url() {
    // zh-default's site.yaml has 27 lines.
    let (exit, lines) = check_site_yaml("license: {url: licence.html}\n");
    assert_eq!(exit, 1);
    assert_eq!(
        lines,
        [
            "content/site.yaml:28:10: error: license needs an `id` or a `title`",
            "content/site.yaml:28:16: error: license url `licence.html`: it is not an absolute address",
        ]
    );
    let (_, lines) = check_site_yaml("license: {id: CC-BY-4.0}\n");
    assert_eq!(
        lines,
        ["content/site.yaml:28:10: error: missing field `url` in license"]
    );
}

#[test]
fn feedback_is_one_plain_address_or_one_url() {
    let (exit, lines) = check_site_yaml(
        "feedback: {url: \"https://example.org/?m={measure}\", email: ban@example.org}\n",
    );
    assert_eq!(exit, 1);
    assert_eq!(
        lines,
        ["content/site.yaml:28:60: error: feedback takes either a `url` or an `email`, not both"]
    );
    let (_, lines) = check_site_yaml("feedback: {}\n");
    assert_eq!(
        lines,
        ["content/site.yaml:28:11: error: feedback needs a `url` or an `email`"]
    );
    let (_, lines) = check_site_yaml("feedback: {email: \"mailto:ban@example.org?cc=x@y.org\"}\n");
    assert_eq!(
        lines,
        ["content/site.yaml:28:19: error: invalid feedback email `mailto:ban@example.org?cc=x@y.org`"]
    );
    let (_, lines) = check_site_yaml("feedback: {url: \"javascript:alert('{url}')\"}\n");
    assert_eq!(
        lines,
        ["content/site.yaml:28:17: error: feedback url `javascript:alert('{url}')`: the scheme `javascript:` is not allowed"]
    );
}

#[test]
fn an_unknown_placeholder_is_reported_with_the_known_ones() {
    let root = temp_site("zh-default", &[]);
    let site_yaml = root.path().join("content/site.yaml");
    let mut text = std::fs::read_to_string(&site_yaml).unwrap();
    text.push_str("feedback: {url: \"https://example.org/?c={colection}&p={page}\"}\n");
    std::fs::write(&site_yaml, text).unwrap();
    let out = gongkai_in(root.path(), &["check"]);
    assert_eq!(code(&out), 1);
    let hint = "  hint: known placeholders: {collection}, {measure}, {lang}, {url}; write a brace itself as %7B or %7D";
    assert_eq!(
        stderr(&out),
        format!(
            "content/site.yaml:28:17: error: unknown placeholder `{{colection}}` in the feedback url, did you mean `{{collection}}`?\n{hint}\n\
             content/site.yaml:28:17: error: unknown placeholder `{{page}}` in the feedback url\n{hint}\n\
             2 errors, 0 warnings\n"
        )
    );
}

#[test]
fn the_site_schema_describes_the_additions() {
    let out = gongkai(&["schema", "site"]);
    assert_eq!(code(&out), 0);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let yaml =
        std::fs::read_to_string(fixtures().join("site-additions/content/site.yaml")).unwrap();
    let good: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&good)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let with = |field: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[field] = value;
        v
    };
    use serde_json::json;
    for bad in [
        with("license", json!({"url": "https://example.org/l"})),
        with("license", json!({"id": "CC-BY-4.0"})),
        with(
            "feedback",
            json!({"url": "https://example.org/", "email": "a@example.org"}),
        ),
        with("feedback", json!({"form": "https://example.org/"})),
        with(
            "editions",
            json!([{"title": "x", "url": "https://example.org/"}]),
        ),
        with("footer", json!([{"txt": "x"}])),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}
