use super::*;
use crate::model::fixtures::{self, bound};
use crate::output::MemorySink;
use crate::render::{render, RenderOptions};
use crate::theme::Theme;

// ------------------------------------------------------ target comparison

fn with_direction(direction: Direction) -> Indicator {
    Indicator {
        direction,
        ..fixtures::indicator("x")
    }
}

#[test]
fn a_target_that_asks_less_in_the_indicators_direction_is_lowered() {
    let up = with_direction(Direction::Increase);
    let down = with_direction(Direction::Decrease);
    let b = |v: f64| bound("2024", None, Some(v));
    assert_eq!(target_move(&up, &b(60.0), &b(58.0)), TargetMove::Lowered);
    assert_eq!(target_move(&up, &b(58.0), &b(60.0)), TargetMove::Raised);
    assert_eq!(target_move(&up, &b(60.0), &b(60.0)), TargetMove::Unchanged);
    // For a figure that should fall, a higher ceiling asks less.
    assert_eq!(target_move(&down, &b(10.0), &b(12.0)), TargetMove::Lowered);
    assert_eq!(target_move(&down, &b(12.0), &b(10.0)), TargetMove::Raised);
}

#[test]
fn a_comparator_decides_the_sense_and_a_moved_band_is_only_changed() {
    let up = with_direction(Direction::Increase);
    // The same figure, `≥` made `>`: it asks more.
    let ge = bound("2024", Some(Op::Ge), Some(60.0));
    let gt = bound("2024", Some(Op::Gt), Some(60.0));
    assert_eq!(target_move(&up, &ge, &gt), TargetMove::Raised);
    assert_eq!(target_move(&up, &gt, &ge), TargetMove::Lowered);
    // A `≤` target on an indicator said to increase is read as the rule reads it.
    let le = |v: f64| bound("2024", Some(Op::Le), Some(v));
    assert_eq!(target_move(&up, &le(5.0), &le(6.0)), TargetMove::Lowered);
    // Held at a level: another level is neither more nor less.
    let keep = with_direction(Direction::Maintain);
    let b = |v: f64| bound("2024", None, Some(v));
    assert_eq!(target_move(&keep, &b(60.0), &b(58.0)), TargetMove::Changed);
    // A figure against a target in words: changed.
    let words = bound("2024", None, None);
    assert_eq!(target_move(&up, &b(60.0), &words), TargetMove::Changed);
    assert_eq!(target_move(&up, &words, &words), TargetMove::Unchanged);
}

#[test]
fn a_rebased_or_replaced_target_is_not_called_lowered() {
    let mut old = with_direction(Direction::Increase);
    old.target = Some(bound("2023", None, Some(60.0)));
    let mut new = with_direction(Direction::Increase);
    new.target = Some(bound("2024", None, Some(50.0)));
    let plain = target_change(&old, &new, None).unwrap();
    assert_eq!(plain.moved, TargetMove::Lowered);
    let rebased = target_change(&old, &new, Some(Change::Rebased)).unwrap();
    assert_eq!(
        (rebased.moved, rebased.rebased),
        (TargetMove::Changed, true)
    );
    assert!(target_change(&old, &new, Some(Change::Replaced)).is_none());
}

// ------------------------------------------------- a site with two plans

const SITE: &str = "title: {zh: 测试区, en: Test District}
languages: [zh, en]
base_url: https://example.org/
as_of: 2025-06-30
";

const UNITS: &str = "- id: drc
  name: {zh: 区发改局, en: Development Bureau}
";

const COLLECTION: &str = "title: {zh: 指标, en: Indicators}\n";

fn indicator_measure(title: &str, lineage: &str, indicator: &str) -> String {
    format!("title: {{zh: {title}, en: {title}}}\nlead: [drc]\n{lineage}indicators:\n{indicator}")
}

/// Two plans of invented figures: 2024 follows 2023, carries `income`
/// over (target raised), renames `forest` (target lowered), re-bases
/// `rate`, adds `jobs`, and drops `old` (with a reason) and `silent`
/// (without).
fn two_plans() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(&str, String)> = vec![
        ("content/site.yaml", SITE.into()),
        ("content/units.yaml", UNITS.into()),
        (
            "content/plans/2023/plan.yaml",
            "title: {zh: 2023年工作要点, en: Work plan 2023}\nperiod: {start: 2023-01-01, end: 2023-12-31}\n".into(),
        ),
        ("content/plans/2023/ind/_collection.yaml", COLLECTION.into()),
        (
            "content/plans/2023/ind/income.yaml",
            indicator_measure(
                "收入",
                "",
                "  - id: income
    name: {zh: 收入, en: Income}
    direction: increase
    baseline: {period: 2022, value: 40000}
    target: {period: 2023, value: 42000}
    progress:
      - period: 2023
        value: 42500
        source: {title: {zh: 统计公报, en: Statistical bulletin}, date: 2024-03-01}
",
            ),
        ),
        (
            "content/plans/2023/ind/forest.yaml",
            indicator_measure(
                "森林",
                "",
                "  - id: cover
    name: {zh: 森林覆盖率, en: Forest cover}
    direction: increase
    target: {period: 2023, value: 60}
",
            ),
        ),
        (
            "content/plans/2023/ind/rate.yaml",
            indicator_measure(
                "比率",
                "",
                "  - id: rate
    name: {zh: 比率, en: Rate}
    direction: increase
    target: {period: 2023, value: 70}
    progress:
      - {period: 2023, value: 69}
",
            ),
        ),
        (
            "content/plans/2023/ind/old.yaml",
            "title: {zh: 旧事项, en: Old measure}\nlead: [drc]\n".into(),
        ),
        (
            "content/plans/2023/ind/silent.yaml",
            "title: {zh: 无声事项, en: Silent measure}\nlead: [drc]\n".into(),
        ),
        (
            "content/plans/2024/plan.yaml",
            "title: {zh: 2024年工作要点, en: Work plan 2024}
period: {start: 2024-01-01, end: 2024-12-31}
as_of: 2024-09-30
follows: 2023
discontinued:
  - {measure: 2023/ind/old, note: {zh: 已完成。, en: Done in 2023.}}
"
            .into(),
        ),
        ("content/plans/2024/ind/_collection.yaml", COLLECTION.into()),
        (
            "content/plans/2024/ind/income.yaml",
            indicator_measure(
                "收入",
                "continues: 2023/ind/income\n",
                "  - id: income
    name: {zh: 收入, en: Income}
    direction: increase
    continues: 2023/ind/income/income
    baseline: {period: 2023, value: 42500}
    target: {period: 2024, value: 45000}
    progress:
      - {period: 2024-H1, value: 43000}
",
            ),
        ),
        (
            "content/plans/2024/ind/forest-cover.yaml",
            indicator_measure(
                "森林覆盖",
                "continues: 2023/ind/forest\nchange: renamed\n",
                "  - id: cover
    name: {zh: 森林覆盖率, en: Forest cover}
    direction: increase
    continues: 2023/ind/forest/cover
    target: {period: 2024, value: 58}
",
            ),
        ),
        (
            "content/plans/2024/ind/rate.yaml",
            indicator_measure(
                "比率",
                "continues: 2023/ind/rate\n",
                "  - id: rate
    name: {zh: 比率, en: Rate}
    direction: increase
    continues: 2023/ind/rate/rate
    change: rebased
    change_note: {zh: 统计口径调整。, en: The statistics office changed the **basis**.}
    baseline: {period: 2023, value: 50}
    target: {period: 2024, value: 55}
    progress:
      - {period: 2024, value: 52}
",
            ),
        ),
        (
            "content/plans/2024/ind/jobs.yaml",
            "title: {zh: 就业, en: Jobs}\nlead: [drc]\n".into(),
        ),
    ];
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load(dir: &std::path::Path) -> Plans {
    match Plans::load(dir, false) {
        Ok((plans, _)) => plans,
        Err(crate::site::LoadError::Content(d)) => panic!("{d:?}"),
        Err(e) => panic!("{e:?}"),
    }
}

/// Every page of plan `id`, rendered as the multi-plan build renders it:
/// file → HTML.
fn rendered(plans: &Plans, id: &str) -> std::collections::BTreeMap<String, String> {
    rendered_with(plans, id, false)
}

fn rendered_with(
    plans: &Plans,
    id: &str,
    minify: bool,
) -> std::collections::BTreeMap<String, String> {
    let site = plans.plan(id).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = Theme::load(root, "default").unwrap();
    let history = crate::changes::History::default();
    let options = RenderOptions {
        base_url: format!("/{id}/"),
        search: false,
        history: &history,
        part: None,
        plans: Some(plans),
    };
    let sink = MemorySink::new(minify);
    let done = render(site, &theme, &options, &sink).unwrap();
    // The new templates minify ahead like the others.
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    sink.into_files()
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
        .collect()
}

fn paths<'a>(entries: &'a [Entry], section: Section) -> Vec<(Option<&'a str>, Vec<&'a str>)> {
    entries
        .iter()
        .filter(|e| e.section == section)
        .map(|e| {
            (
                e.this.as_deref(),
                e.earlier.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn the_lineage_page_sorts_every_record_against_the_plan_followed() {
    let dir = two_plans();
    let plans = load(dir.path());
    let all = entries(&plans, "2024");
    assert_eq!(
        paths(&all, Section::Carried),
        [
            (Some("2024/ind/income"), vec!["2023/ind/income"]),
            (Some("2024/ind/rate"), vec!["2023/ind/rate"]),
        ]
    );
    assert_eq!(
        paths(&all, Section::Renamed),
        [(Some("2024/ind/forest-cover"), vec!["2023/ind/forest"])]
    );
    // The indicator says its own change: listed apart from its measure.
    assert_eq!(
        paths(&all, Section::Rebased),
        [(Some("2024/ind/rate/rate"), vec!["2023/ind/rate/rate"])]
    );
    assert_eq!(paths(&all, Section::New), [(Some("2024/ind/jobs"), vec![])]);
    assert_eq!(
        paths(&all, Section::Dropped),
        [
            (None, vec!["2023/ind/old"]),
            (None, vec!["2023/ind/silent"])
        ]
    );
    let dropped: Vec<bool> = all
        .iter()
        .filter(|e| e.section == Section::Dropped)
        .map(|e| e.note.is_some())
        .collect();
    assert_eq!(dropped, [true, false]);
    let targets: Vec<(&str, TargetMove)> = all
        .iter()
        .filter(|e| e.section == Section::TargetChanged)
        .map(|e| (e.this.as_deref().unwrap(), e.target.as_ref().unwrap().moved))
        .collect();
    assert_eq!(
        targets,
        [
            ("2024/ind/forest-cover/cover", TargetMove::Lowered),
            ("2024/ind/income/income", TargetMove::Raised),
            ("2024/ind/rate/rate", TargetMove::Changed),
        ]
    );
    for s in [
        Section::Merged,
        Section::Split,
        Section::Moved,
        Section::Replaced,
    ] {
        assert!(paths(&all, s).is_empty(), "{s:?}");
    }
    // The first plan follows none and is compared with none.
    assert!(compared_plans(&plans, "2023").is_empty());
    assert_eq!(
        compared_plans(&plans, "2024")
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["2023"]
    );
}

#[test]
fn a_plan_has_a_lineage_page_in_its_menu_with_every_section_linked() {
    let dir = two_plans();
    let plans = load(dir.path());
    let pages = rendered(&plans, "2024");
    let page = &pages["en/lineage/index.html"];
    assert!(
        page.contains("Compared with: <a href=\"../../../2023/en/\">Work plan 2023</a>"),
        "{page}"
    );
    for heading in [
        "Carried over",
        "Target changed",
        "Renamed",
        "Re-based",
        "Merged",
        "Split",
        "Moved",
        "Replaced",
        "New",
        "Not carried over",
    ] {
        assert!(
            page.contains(&format!("<caption>{heading}</caption>"))
                || page.contains(&format!(">{heading} <span class=\"count\">0</span>")),
            "{heading}"
        );
    }
    // Records of the other plan are linked through the plan's folder.
    assert!(
        page.contains("href=\"../../../2023/en/ind/old/\""),
        "{page}"
    );
    assert!(page.contains("Done in 2023."));
    assert!(page.contains("Not carried over, and no reason given."));
    assert!(
        page.contains("Target lowered: 60 (2023) → 58 (2024)"),
        "{page}"
    );
    assert!(
        page.contains("Target raised: 42,000 (2023) → 45,000 (2024)"),
        "{page}"
    );
    // In the menu of every page of the plan.
    assert!(pages["en/index.html"].contains("href=\"../en/lineage/\""));
    // The first plan follows none: it says so, and links the plan that follows it.
    let first = &rendered(&plans, "2023")["en/lineage/index.html"];
    assert!(
        first.contains("This plan follows no earlier plan"),
        "{first}"
    );
    assert!(
        first.contains(
            "Plans that follow this one: <a href=\"../../../2024/en/lineage/\">Work plan 2024</a>"
        ),
        "{first}"
    );
    assert!(!first.contains("<caption>"));
    let minified = rendered_with(&plans, "2024", true);
    assert!(minified["en/lineage/index.html"].contains("Not carried over"));
    let zh = &pages["lineage/index.html"];
    assert!(
        zh.contains("对照：<a href=\"../../2023/\">2023年工作要点</a>"),
        "{zh}"
    );
}

#[test]
fn a_measure_page_links_both_ways_with_the_change_and_shows_the_series() {
    let dir = two_plans();
    let plans = load(dir.path());
    let later = rendered(&plans, "2024");
    let page = &later["en/ind/rate/index.html"];
    assert!(page.contains("Continues:"), "{page}");
    assert!(
        page.contains("href=\"../../../../2023/en/ind/rate/#indicator-rate\""),
        "{page}"
    );
    assert!(page.contains("re-based"));
    assert!(
        page.contains("changed the <strong>basis</strong>"),
        "{page}"
    );
    // The series: its id, a table plan by plan with the break, one chart.
    assert!(page.contains("<code>2023/ind/rate/rate</code>"), "{page}");
    assert!(page.contains("class=\"series-break\""));
    assert!(page.contains("<caption>The series plan by plan: Rate</caption>"));
    assert!(page.contains("class=\"chart-break\""));
    assert!(
        page.contains("<desc id=\"series-0-desc\">Work plan 2023: "),
        "{page}"
    );
    assert!(page.contains("Work plan 2024, re-based: "));
    let renamed = &later["en/ind/forest-cover/index.html"];
    assert!(renamed.contains("renamed"));
    assert!(
        renamed.contains("Target lowered: 60 (2023) → 58 (2024)"),
        "{renamed}"
    );
    // And the earlier plan's page says what continues it.
    let earlier = rendered(&plans, "2023");
    let page = &earlier["en/ind/income/index.html"];
    assert!(page.contains("Continued by:"), "{page}");
    assert!(page.contains("href=\"../../../../2024/en/ind/income/#indicator-income\""));
    assert!(page.contains("Target raised: 42,000 (2023) → 45,000 (2024)"));
    // Each plan's status from its own figures: 2023 met, 2024 not yet.
    assert!(page.contains("status-achieved"));
    assert!(
        page.contains("status-on-track") || page.contains("status-at-risk"),
        "{page}"
    );
}

#[test]
fn a_closed_plan_says_its_results_are_final_and_dates_a_late_figure() {
    let dir = two_plans();
    let plans = load(dir.path());
    assert!(closed(plans.plan("2023").unwrap()));
    assert!(!closed(plans.plan("2024").unwrap()));
    let earlier = rendered(&plans, "2023");
    assert!(earlier["en/index.html"].contains("its results are final"));
    let page = &earlier["en/ind/income/index.html"];
    assert!(
        page.contains("<span class=\"late\">published 1 March 2024, after the plan"),
        "{page}"
    );
    let later = rendered(&plans, "2024");
    assert!(!later["en/index.html"].contains("its results are final"));
}

/// Writes `files` under a new folder.
fn site_of(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn plain_measure(title: &str, lineage: &str) -> String {
    format!("title: {{zh: {title}, en: {title}}}\nlead: [drc]\n{lineage}")
}

fn one_indicator(id: &str, lineage: &str, year: u32, target: f64) -> String {
    format!(
        "  - id: {id}
    name: {{zh: {id}, en: {id}}}
    direction: increase
{lineage}    target: {{period: {year}, value: {target}}}
"
    )
}

/// 2024 follows 2023 and merges, splits, moves and replaces; a programme
/// 2024–2027 follows nothing but continues one of 2023's indicators.
fn reshaped_plans() -> tempfile::TempDir {
    let year = |id: &str, extra: &str| {
        format!(
            "title: {{zh: {id}计划, en: Plan {id}}}\nperiod: {{start: {id}-01-01, end: {id}-12-31}}\n{extra}"
        )
    };
    site_of(&[
        ("content/site.yaml", SITE.into()),
        ("content/units.yaml", UNITS.into()),
        ("content/plans/2023/plan.yaml", year("2023", "")),
        ("content/plans/2023/ind/_collection.yaml", COLLECTION.into()),
        (
            "content/plans/2023/ind/a.yaml",
            indicator_measure("甲", "", &one_indicator("a", "", 2023, 10.0)),
        ),
        (
            "content/plans/2023/ind/b.yaml",
            indicator_measure("乙", "", &one_indicator("b", "", 2023, 20.0)),
        ),
        ("content/plans/2023/ind/c.yaml", plain_measure("丙", "")),
        ("content/plans/2023/ind/m.yaml", plain_measure("丁", "")),
        (
            "content/plans/2023/ind/t.yaml",
            indicator_measure("旅游", "", &one_indicator("t", "", 2023, 5.0)),
        ),
        ("content/plans/2024/plan.yaml", year("2024", "follows: 2023\n")),
        ("content/plans/2024/ind/_collection.yaml", COLLECTION.into()),
        (
            "content/plans/2024/other/_collection.yaml",
            "title: {zh: 其他, en: Other}\n".into(),
        ),
        (
            "content/plans/2024/ind/ab.yaml",
            indicator_measure(
                "甲乙",
                "continues: [2023/ind/a, 2023/ind/b]\nchange: merged\nchange_note: {zh: 合并。, en: Merged.}\n",
                &one_indicator(
                    "ab",
                    "    continues: [2023/ind/a/a, 2023/ind/b/b]\n",
                    2024,
                    30.0,
                ),
            ),
        ),
        (
            "content/plans/2024/ind/c1.yaml",
            plain_measure("丙一", "continues: 2023/ind/c\n"),
        ),
        (
            "content/plans/2024/ind/c2.yaml",
            plain_measure("丙二", "continues: 2023/ind/c\n"),
        ),
        (
            "content/plans/2024/other/m.yaml",
            plain_measure("丁", "continues: 2023/ind/m\nchange: moved\n"),
        ),
        (
            "content/plans/2024/other/t-growth.yaml",
            plain_measure(
                "旅游增长",
                "continues: 2023/ind/t\nchange: replaced\nchange_note: {zh: 改为增速。, en: Growth instead of share.}\n",
            ),
        ),
        (
            "content/plans/2024-2027/plan.yaml",
            "title: {zh: 三年方案, en: Programme}\nperiod: {start: 2024-01-01, end: 2027-12-31}\n"
                .into(),
        ),
        ("content/plans/2024-2027/ind/_collection.yaml", COLLECTION.into()),
        (
            "content/plans/2024-2027/ind/p.yaml",
            indicator_measure(
                "甲",
                "",
                &one_indicator("a", "    continues: 2023/ind/a/a\n", 2027, 8.0),
            ),
        ),
    ])
}

#[test]
fn merges_splits_moves_and_replacements_have_their_sections() {
    let dir = reshaped_plans();
    let plans = load(dir.path());
    let all = entries(&plans, "2024");
    assert_eq!(
        paths(&all, Section::Merged),
        [(Some("2024/ind/ab"), vec!["2023/ind/a", "2023/ind/b"])]
    );
    // Two measures of the one plan continuing one measure: a split,
    // though neither says so.
    assert_eq!(
        paths(&all, Section::Split),
        [
            (Some("2024/ind/c1"), vec!["2023/ind/c"]),
            (Some("2024/ind/c2"), vec!["2023/ind/c"]),
        ]
    );
    assert_eq!(
        paths(&all, Section::Moved),
        [(Some("2024/other/m"), vec!["2023/ind/m"])]
    );
    assert_eq!(
        paths(&all, Section::Replaced),
        [(Some("2024/other/t-growth"), vec!["2023/ind/t"])]
    );
    // Everything of 2023 lives on (a replaced measure takes its indicator along).
    assert!(paths(&all, Section::Dropped).is_empty());
    let raised: Vec<_> = all
        .iter()
        .filter(|e| e.section == Section::TargetChanged)
        .map(|e| (e.earlier[0].as_str(), e.target.as_ref().unwrap().moved))
        .collect();
    assert_eq!(
        raised,
        [
            ("2023/ind/a/a", TargetMove::Raised),
            ("2023/ind/b/b", TargetMove::Raised)
        ]
    );
}

#[test]
fn a_programme_is_compared_with_the_plans_its_indicators_continue() {
    let dir = reshaped_plans();
    let plans = load(dir.path());
    let ids: Vec<&str> = compared_plans(&plans, "2024-2027")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["2023"]);
    let all = entries(&plans, "2024-2027");
    assert_eq!(
        paths(&all, Section::New),
        [(Some("2024-2027/ind/p"), vec![])]
    );
    // Its indicator continues what its measure does not: listed on its own.
    assert_eq!(
        paths(&all, Section::Carried),
        [(Some("2024-2027/ind/p/a"), vec!["2023/ind/a/a"])]
    );
    let lowered: Vec<_> = all
        .iter()
        .filter(|e| e.section == Section::TargetChanged)
        .map(|e| e.target.as_ref().unwrap().moved)
        .collect();
    assert_eq!(lowered, [TargetMove::Lowered]);
    // It follows no plan: nothing is "not carried over".
    assert!(paths(&all, Section::Dropped).is_empty());
    // The annual plan's indicator is continued by both, each linked.
    let pages = rendered(&plans, "2023");
    let page = &pages["en/ind/a/index.html"];
    assert!(
        page.contains("../../../../2024/en/ind/ab/#indicator-ab"),
        "{page}"
    );
    assert!(
        page.contains("../../../../2024-2027/en/ind/p/#indicator-a"),
        "{page}"
    );
    assert!(
        page.contains("Target lowered: 10 (2023) → 8 (2027)"),
        "{page}"
    );
}
