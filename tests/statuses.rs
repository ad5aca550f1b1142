//! The statuses of SPEC §2 as revised, end to end: the faults where a
//! status contradicted the figures beside it, each on the `followed`
//! fixture (as of 2024-10-15) with invented measures written over it, built
//! and read back from its pages and data, and `diff` between two releases.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The `followed` site with `files` (path under the root, text) written over it.
fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = temp_site("followed", &[]);
    for (path, text) in files {
        std::fs::write(root.path().join(path), text).unwrap();
    }
    root
}

/// Builds `root` without minifying; returns the output folder.
fn build(root: &Path) -> PathBuf {
    let out = root.join("public");
    let o = gongkai_in(
        root,
        &["build", "--no-minify", "--output", out.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn measure(out: &Path, id: &str) -> Value {
    let all: Value = serde_json::from_str(&read(out, "data/measures.json")).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no measure {id}"))
        .clone()
}

/// Text of a page with tags taken out and spaces squeezed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The status chip of a measure page: the paragraph `measure-status`.
fn measure_status_line(page: &str) -> String {
    let start = page
        .find("class=\"measure-status\"")
        .expect("a status line");
    let end = start + page[start..].find("</p>").unwrap();
    text(&page[start..end])
}

const GDP: &str = r#"number: 5
category: green
title: {zh: 经济稳进提质, en: Steady economic growth}
lead: [drc]
indicators:
  - id: new-firms
    name: {zh: 新增规上企业, en: New large firms}
    unit: {zh: 家, en: firms}
    accumulation: cumulative
    target: {period: 2024, value: 10}
    progress:
      - {period: 2024-Q3, value: 12}
  - id: gdp
    name: {zh: 地区生产总值, en: GDP}
    unit: {zh: 亿元, en: 100 million yuan}
    accumulation: cumulative
    target: {period: 2024, value: 500}
  - id: exports
    name: {zh: 出口总额, en: Exports}
    unit: {zh: 亿元, en: 100 million yuan}
    accumulation: cumulative
    target: {period: 2024, value: 80}
"#;

#[test]
fn gdp_measure_page_does_not_say_no_progress_above_an_achieved_indicator() {
    let root = site_with(&[("content/works/gdp.yaml", GDP)]);
    let out = build(root.path());
    let zh = read(&out, "works/gdp/index.html");
    let line = measure_status_line(&zh);
    assert!(!line.contains("暂无进展"), "{line}");
    assert!(line.contains("进展顺利"), "{line}");
    assert!(line.contains("3个指标中1个已报告进展"), "{line}");
    let en = read(&out, "en/works/gdp/index.html");
    assert!(
        measure_status_line(&en).contains("1 of 3 indicators reported"),
        "{}",
        measure_status_line(&en)
    );
    let m = measure(&out, "gdp");
    assert_eq!(
        m["status"], "on-track",
        "achieved only once all have reported"
    );
    assert_eq!(m["indicators_reported"], 1);
    assert_eq!(m["indicators"][0]["status"], "achieved");
    // The tables say it too.
    let table = text(&read(&out, "works/index.html"));
    assert!(table.contains("3个指标中1个已报告进展"), "{table}");
}

const KEY_WORK: &str = r#"number: 6
category: green
title: {zh: 推进海岛公园建设, en: Build the island park}
lead: [env]
updates:
  - date: 2024-06-30
    text: {zh: 完成规划。, en: The plan is done.}
  - date: 2024-09-30
    text: {zh: 开工建设。, en: Work has started.}
indicators:
  - id: paths
    name: {zh: 新建绿道, en: New greenways}
    unit: {zh: 公里, en: km}
    accumulation: cumulative
    target: {period: 2024, value: 20}
    progress:
      - {period: 2024-Q3, value: 16}
  - id: trees
    name: {zh: 新植树木, en: Trees planted}
    unit: {zh: 万株, en: "10,000 trees"}
    accumulation: cumulative
    target: {period: 2024, value: 4}
    progress:
      - {period: 2024-Q3, value: 3.5}
  - id: visitors
    name: {zh: 游客满意度, en: Visitor satisfaction}
    unit: {zh: "%", en: "%"}
    target: {period: 2024, value: 90}
"#;

#[test]
fn key_work_with_two_updates_and_two_on_track_indicators_is_not_not_reported() {
    let root = site_with(&[("content/works/park.yaml", KEY_WORK)]);
    let out = build(root.path());
    let m = measure(&out, "park");
    assert_eq!(m["indicators"][0]["status"], "on-track");
    assert_eq!(m["indicators"][1]["status"], "on-track");
    assert_eq!(m["indicators"][2]["status"], "not-reported");
    assert_eq!(m["status"], "on-track");
    assert_eq!(m["indicators_reported"], 2);
    let line = measure_status_line(&read(&out, "en/works/park/index.html"));
    assert!(
        line.contains("On track") && line.contains("2 of 3 indicators reported"),
        "{line}"
    );
}

const BEHIND: &str = r#"number: 7
category: green
title: {zh: 建设污水管网, en: Build sewers}
lead: [env]
indicators:
  - id: sewers
    name: {zh: 新建污水管网, en: New sewers}
    unit: {zh: 公里, en: km}
    accumulation: cumulative
    target: {period: 2024, value: 100}
    progress:
      - {period: 2024-06, value: 20}
  - id: plants
    name: {zh: 新建污水处理站, en: New treatment plants}
    unit: {zh: 座, en: plants}
    accumulation: cumulative
    target: {period: 2024, value: 4}
"#;

#[test]
fn diff_never_shows_at_risk_to_not_reported_after_more_data_arrived() {
    let root = site_with(&[("content/works/sewers.yaml", BEHIND)]);
    let release = gongkai_in(root.path(), &["release", "before", "--date", "2024-07-15"]);
    assert_eq!(code(&release), 0, "{}", stderr(&release));
    let before = build(root.path());
    assert_eq!(measure(&before, "sewers")["status"], "at-risk");
    // More data: the sewers catch up with their path.
    let more = BEHIND.replace(
        "      - {period: 2024-06, value: 20}\n",
        "      - {period: 2024-06, value: 20}\n      - {period: 2024-09, value: 80}\n",
    );
    std::fs::write(root.path().join("content/works/sewers.yaml"), more).unwrap();
    let diff = gongkai_in(root.path(), &["diff", "--format", "json"]);
    assert_eq!(code(&diff), 0, "{}", stderr(&diff));
    let out = stdout(&diff);
    assert!(!out.contains("not-reported"), "{out}");
    assert!(out.contains("on-track"), "{out}");
    let human = stdout(&gongkai_in(root.path(), &["diff"]));
    assert!(!human.to_lowercase().contains("not reported"), "{human}");
}

const GROWTH: &str = r#"number: 8
category: green
title: {zh: 经济增长, en: Economic growth}
lead: [drc]
indicators:
  - id: growth
    name: {zh: 地区生产总值增速, en: GDP growth}
    unit: {zh: "%", en: "%"}
    decimals: 1
    baseline: {period: 2023, value: 5.5}
    target: {period: 2024, value: "6.0"}
    progress:
      - {period: 2024-01..2024-09, value: 6.3}
"#;

#[test]
fn year_to_date_rate_is_not_achieved_in_october() {
    let root = site_with(&[("content/works/growth.yaml", GROWTH)]);
    let out = build(root.path());
    let m = measure(&out, "growth");
    assert_eq!(m["indicators"][0]["status"], "on-track");
    let en = text(&read(&out, "en/works/growth/index.html"));
    assert!(
        en.contains("6.3 % in Jan–Sep 2024 already meets the 2024 target of 6.0 %; the full-year figure decides."),
        "{en}"
    );
    let zh = text(&read(&out, "works/growth/index.html"));
    assert!(
        zh.contains("2024年1—9月为6.3 %，已达到2024年目标6.0 %；以全年数据为准。"),
        "{zh}"
    );
}

const INCOME: &str = r#"number: 9
category: green
title: {zh: 居民增收, en: Household income}
lead: [drc]
indicators:
  - id: income
    name: {zh: 居民人均可支配收入, en: Per-capita disposable income}
    unit: {zh: 元, en: yuan}
    accumulation: cumulative # a flow reported for the year to date
    baseline: {period: 2023, value: 50639}
    target: {period: 2024, value: 53677}
    progress:
      - {period: 2024-01..2024-09, value: 41250}
"#;

#[test]
fn year_to_date_income_is_not_set_beside_the_full_year_baseline_as_a_fall() {
    let root = site_with(&[("content/works/income.yaml", INCOME)]);
    let out = build(root.path());
    // 2024 has 366 days, Jan–Sep 274: 53,677 × 274 ÷ 366 = 40,184.4 due.
    let table = text(&read(&out, "en/works/index.html"));
    assert!(
        table.contains("50,639 → 41,250 (Jan–Sep 2024; 40,184 due by then as a time-proportional share of the target) → 53,677"),
        "{table}"
    );
    let zh = text(&read(&out, "works/index.html"));
    assert!(zh.contains("41,250 (2024年1—9月；序时进度40,184)"), "{zh}");
    let page = text(&read(&out, "en/works/income/index.html"));
    assert!(
        page.contains("41,250 yuan so far in Jan–Sep 2024, keeping pace with the 40,184 yuan due by then as a time-proportional share of the target of 53,677 yuan."),
        "{page}"
    );
    let zh_page = text(&read(&out, "works/income/index.html"));
    assert!(
        zh_page.contains("2024年1—9月累计41,250 元，不落后于序时进度40,184 元"),
        "{zh_page}"
    );
    let m = measure(&out, "income");
    assert_eq!(m["indicators"][0]["status"], "on-track");
    assert_eq!(m["indicators"][0]["latest"]["expected"], 40184.0);
}

#[test]
fn counts_disagree_home_page_and_releases_count_each_indicator_once() {
    // zh-default lists one indicator twice: defined once, referenced once.
    let root = temp_site("zh-default", &[]);
    let release = gongkai_in(root.path(), &["release", "first", "--date", "2024-10-01"]);
    assert_eq!(code(&release), 0, "{}", stderr(&release));
    let out = build(root.path());
    let defined = read(&out, "data/indicators.csv").lines().count() - 1;
    let home = text(&read(&out, "en/index.html"));
    let says = format!("with {defined} indicators");
    assert!(home.contains(&says), "{says}: {home}");
    let changes = text(&read(&out, "en/changes/index.html"));
    assert!(
        changes.contains(&format!("and {defined} indicators")),
        "{changes}"
    );
}

#[test]
fn body_page_counts_measures_not_reported_as_its_chip_does() {
    let root = site_with(&[
        ("content/works/gdp.yaml", GDP),
        ("content/works/sewers.yaml", BEHIND),
    ]);
    // A measure of drc with nothing reported.
    std::fs::write(
        root.path().join("content/works/silent.yaml"),
        "number: 10\ncategory: green\ntitle: {zh: 尚未开展, en: Not started}\nlead: [drc]\nindicators:\n  - id: x\n    name: {zh: 指标, en: Indicator}\n    target: {period: 2024, value: 1}\n",
    )
    .unwrap();
    let out = build(root.path());
    for (page, label) in [
        ("units/drc/index.html", "暂无进展的事项"),
        ("en/units/drc/index.html", "Measures not reported"),
    ] {
        let html = read(&out, page);
        let body = text(&html);
        let after = |s: &str| -> usize {
            let at = body.find(s).unwrap_or_else(|| panic!("{s} in {body}")) + s.len();
            body[at..]
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("a count after {s}: {body}"))
        };
        let counted = after(label);
        let chip_count = {
            let start = html.find("status-not-reported\"").expect("the chip");
            let strong = start + html[start..].find("<strong>").unwrap() + "<strong>".len();
            let end = strong + html[strong..].find('<').unwrap();
            html[strong..end].parse::<usize>().unwrap()
        };
        assert_eq!(counted, chip_count, "{page}");
        assert!(counted >= 1, "{page}");
    }
}

const WORDS_ONLY: &str = r#"number: 11
category: green
title: {zh: 推进海岛共富改革, en: Push the island reform}
lead: [env]
updates:
  - date: 2024-09-30
    text: {zh: 已召开推进会。, en: A progress meeting was held.}
"#;

#[test]
fn measure_with_updates_in_words_only_is_not_assessed_not_no_progress() {
    let root = site_with(&[("content/works/words.yaml", WORDS_ONLY)]);
    let out = build(root.path());
    assert_eq!(measure(&out, "words")["status"], "not-assessed");
    let en = read(&out, "en/works/words/index.html");
    assert!(measure_status_line(&en).contains("Not assessed"));
    let page = text(&en);
    assert!(
        page.contains("Progress is reported in words; no update declares a status."),
        "{page}"
    );
    assert!(
        !page.contains("its status is stated directly"),
        "the status is not stated by the record: {page}"
    );
}
