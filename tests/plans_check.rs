//! Several plans (SPEC §10): the fixture `plans` loads, and `check` reports
//! every broken link between plans at its node.

mod common;

use std::path::Path;

use common::*;
use gongkai::model::{Indicator, IndicatorEntry};
use gongkai::plans::Plans;
use gongkai::site::{LoadError, Site};

fn load_plans() -> (Plans, Vec<String>) {
    match Plans::load(&site_fixture("plans"), false) {
        Ok((plans, d)) => (plans, d.sorted().iter().map(|d| d.to_string()).collect()),
        Err(LoadError::Content(d)) => {
            let lines: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
            panic!("the plans fixture loads:\n{}", lines.join("\n"))
        }
        Err(e) => panic!("the plans fixture loads: {e:?}"),
    }
}

/// The indicator `collection/measure/indicator` of a resolved plan.
fn indicator<'s>(site: &'s Site, key: &str) -> &'s Indicator {
    let (c, m, i) = site.indicators[key].at;
    match &site.collections[c].measures[m].measure.indicators[i] {
        IndicatorEntry::Defined(ind) => ind,
        IndicatorEntry::Ref(_) => panic!("{key} is defined"),
    }
}

fn figures(ind: &Indicator) -> Vec<(String, String)> {
    ind.progress
        .iter()
        .map(|p| {
            let value = p
                .value
                .as_ref()
                .map(|v| v.literal.clone())
                .unwrap_or_default();
            (p.period.value.to_string(), value)
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The valid fixture loads as four plans, with only its one documented
/// warning (a 2024 measure that 2025 neither continues nor discontinues).
#[test]
fn the_plans_fixture_loads_as_four_plans_with_its_one_warning() {
    let (plans, lines) = load_plans();
    assert_eq!(plans.ids(), ["2023", "2024", "2024-2026", "2025"]);
    assert_eq!(
        lines,
        ["content/plans/2025/plan.yaml:6:10: warning: measure `2024/works/housing` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2024/works/housing`) in a measure of plan 2025, or list it under `discontinued` with a note saying why"]
    );
    assert!(
        Plans::load(&site_fixture("plans"), true).is_err(),
        "under --strict the warning fails"
    );
}

/// The programme's served indicators take the annual figures up to its
/// as_of (2025-08-31); its unserved one keeps its own.
#[test]
fn the_programme_takes_the_figures_of_the_plans_serving_it() {
    let (plans, _) = load_plans();
    let programme = plans.plan("2024-2026").unwrap();
    let rate = indicator(programme, "indicators/urbanisation/rate");
    assert_eq!(
        figures(rate),
        pairs(&[("2024", "70.8"), ("2025-H1", "71.3")])
    );
    let note = rate.progress[0].note.as_ref().unwrap();
    assert_eq!(
        note.exactly("en"),
        Some("Test County work plan for 2024: `2024/indicators/urbanisation/rate`")
    );
    assert_eq!(
        note.exactly("zh"),
        Some("测试县2024年工作要点：`2024/indicators/urbanisation/rate`")
    );
    let jobs = indicator(programme, "indicators/jobs/new-jobs");
    assert_eq!(
        figures(jobs),
        pairs(&[("2024", "10400"), ("2024..2025-H1", "15600")])
    );
    let parks = indicator(programme, "indicators/parks/area");
    assert_eq!(figures(parks), pairs(&[("2024", "18"), ("2025-H1", "27")]));
    // The annual plans keep their own figures, past the programme's as_of too.
    let annual = indicator(plans.plan("2025").unwrap(), "works/employment/new-jobs");
    assert_eq!(
        figures(annual),
        pairs(&[("2025-H1", "5200"), ("2025-01..2025-09", "7900")])
    );
    assert!(annual.progress[0].note.is_none());
}

/// `check --format json` as `path:line:column: severity: message` lines,
/// each with its hint on a line of its own (notes left out).
fn check_with_hints(root: &Path) -> (i32, Vec<String>) {
    let out = gongkai_in(root, &["check", "--format", "json"]);
    let lines = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object per line"))
        .filter(|v| v["severity"] != "note")
        .map(|v| {
            let mut line = format!(
                "{}:{}:{}: {}: {}",
                v["path"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["severity"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            );
            if let Some(hint) = v["hint"].as_str() {
                line.push_str(&format!("\n  hint: {hint}"));
            }
            line
        })
        .collect();
    (code(&out), lines)
}

#[test]
fn check_passes_the_plans_fixture_with_its_one_warning() {
    let (code, lines) = check_with_hints(&site_fixture("plans"));
    assert_eq!(code, 0, "{lines:#?}");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("`2024/works/housing`"), "{lines:#?}");
}

/// Listing the dropped measure under `discontinued` with a note leaves
/// nothing to warn about.
#[test]
fn a_dropped_measure_listed_with_a_note_is_not_warned_about() {
    let dir = temp_site("plans", &[]);
    let plan = dir.path().join("content/plans/2025/plan.yaml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str("  - measure: 2024/works/housing\n    note: {zh: 并入城市更新专项。, en: Part of the urban renewal programme.}\n");
    std::fs::write(&plan, text).unwrap();
    let (code, lines) = check_with_hints(dir.path());
    assert_eq!((code, lines), (0, Vec::<String>::new()));
}

/// Every rule of SPEC §10 between plans, broken once each (the overlay
/// `plans-broken` on the valid fixture; each file says what it breaks):
/// all reported in one run, each at the entry that names the link.
#[test]
fn every_broken_link_between_plans_is_reported_at_its_node() {
    let broken = fixtures().join("plans-broken");
    let dir = temp_site("plans", &[&broken]);
    let (code, lines) = check_with_hints(dir.path());
    let expected = [
        "content/plans/2023/indicators/forest-cover.yaml:9:14: error: `2024-2026/indicators/parks/area` is of plan 2024-2026, which is not a `parent` of plan 2023\n  hint: an indicator serves one of a programme this plan implements: add `parent: [2024-2026]` to content/plans/2023/plan.yaml",
        "content/plans/2024-2026/indicators/jobs.yaml:12:18: error: progress for 2025-H1 is entered here, but `2025/works/employment/new-jobs` serves this indicator for that period\n  hint: a served programme indicator takes its figures from the annual plans: enter this one in `2025/works/employment/new-jobs`, or remove it",
        "content/plans/2024-2026/indicators/urbanisation.yaml:5:12: error: `continues` forms a cycle: `2024-2026/indicators/urbanisation` → `2024/indicators/urbanisation` → `2024-2026/indicators/urbanisation`\n  hint: a record continues one of an earlier plan: remove one of these `continues`",
        "content/plans/2024-2026/plan.yaml:14:14: error: `2023/works/old-reform` is discontinued, but plan 2024-2026 follows no plan\n  hint: `discontinued` lists what this plan drops of the plan it follows: name that plan with `follows: <plan>`",
        "content/plans/2024/indicators/gdp-growth.yaml:10:16: error: `continues` names an unknown indicator `2023/indicators/gdp-growth/grwth`, did you mean `2023/indicators/gdp-growth/growth`?\n  hint: the indicators of `2023/indicators/gdp-growth`: growth, investment",
        "content/plans/2024/indicators/rd.yaml:11:13: error: `change: rebased` needs a `change_note`\n  hint: say what changed and why: `change_note: {zh: …, en: …}`",
        "content/plans/2024/indicators/tourism-growth.yaml:6:9: error: `change: replaced` needs a `change_note`\n  hint: say what changed and why: `change_note: {zh: …, en: …}`",
        "content/plans/2024/indicators/urbanisation.yaml:6:12: error: `continues` forms a cycle: `2024/indicators/urbanisation` → `2024-2026/indicators/urbanisation` → `2024/indicators/urbanisation`\n  hint: a record continues one of an earlier plan: remove one of these `continues`",
        "content/plans/2024/plan.yaml:11:10: warning: indicator `2023/indicators/gdp-growth/growth` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2023/indicators/gdp-growth/growth`) in an indicator of plan 2024, or list it under `discontinued` with a note saying why",
        "content/plans/2024/plan.yaml:11:10: warning: measure `2023/works/kindergartens` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2023/works/kindergartens`) in a measure of plan 2024, or list it under `discontinued` with a note saying why",
        "content/plans/2024/works/education.yaml:6:9: error: `change: merged` continues a single record\n  hint: a merge continues each record merged: `continues: [<plan>/<collection>/<a>, <plan>/<collection>/<b>]`; one record renamed is `change: renamed`",
        "content/plans/2024/works/housing.yaml:6:12: error: `continues` names `2025/works/education`, of a later plan: 2025 starts on 2025-01-01, after 2024 (2024-01-01)\n  hint: a record continues one of an earlier plan: put `continues: 2024/works/housing` in `2025/works/education` instead",
        "content/plans/2024/works/housing.yaml:12:14: error: `2024-2026/indicators/jobs/new-jobs` it serves has another accumulation (cumulative there, level here)\n  hint: a yearly step has the programme indicator's unit, direction and accumulation",
        "content/plans/2024/works/housing.yaml:12:14: error: `2024-2026/indicators/jobs/new-jobs` it serves has another direction (increase there, decrease here)\n  hint: a yearly step has the programme indicator's unit, direction and accumulation",
        "content/plans/2024/works/housing.yaml:12:14: error: `2024-2026/indicators/jobs/new-jobs` it serves has another unit (`人` there, `平方米` here)\n  hint: a yearly step has the programme indicator's unit, direction and accumulation",
        "content/plans/2024/works/ports.yaml:8:3: warning: change_note has no `en` translation\n  hint: the page shows the zh text, marked as not translated",
        "content/plans/2024/works/roads.yaml:5:12: error: `continues` names an unknown measure `2023/works/transprt`, did you mean `2023/works/transport`?\n  hint: a measure of plan 2023 is `2023/<collection>/<measure>`, from content/plans/2023/<collection>/<measure>.yaml",
        "content/plans/2025/indicators/farmer-income.yaml:10:16: error: an indicator continues an indicator, but `2024/indicators/farmer-income` is a measure\n  hint: name one of its indicators, e.g. `2024/indicators/farmer-income/income`",
        "content/plans/2025/indicators/forest-cover.yaml:10:16: error: the unit differs from that of `2024/indicators/forest-cover/cover` it continues (`%` there, `公顷` here)\n  hint: a different unit or direction is a new basis: set `change: rebased` with a `change_note` (or `replaced`, for another measure in its place)",
        "content/plans/2025/indicators/gdp-growth.yaml:6:12: error: `continues` names an unknown plan `2042`, did you mean `2024`?\n  hint: a plan is a folder of content/plans/ with a plan.yaml: 2023, 2024, 2024-2026, 2025, 2026, 2027, 2030, 2031",
        "content/plans/2025/indicators/gdp-growth.yaml:12:15: warning: the baseline for 2024 is 6.0, but `2024/indicators/gdp-growth/growth` reported 6.2 for 2024\n  hint: a silent revision across plans: use the figure reported, or set `change: rebased` with a `change_note` saying why it changed",
        "content/plans/2025/indicators/income-ratio.yaml:11:16: error: the direction differs from that of `2024/indicators/income-ratio/ratio` it continues (decrease there, increase here)\n  hint: a different unit or direction is a new basis: set `change: rebased` with a `change_note` (or `replaced`, for another measure in its place)",
        "content/plans/2025/indicators/rd.yaml:5:12: error: a measure continues a measure, but `2024/indicators/rd/intensity` is an indicator\n  hint: name its measure, `2024/indicators/rd`; an indicator's own `continues` names the indicator",
        "content/plans/2025/indicators/urbanisation.yaml:11:14: error: `serves` names an unknown indicator `2024-2026/indicators/urbanisation/rat`, did you mean `2024-2026/indicators/urbanisation/rate`?\n  hint: the indicators of `2024-2026/indicators/urbanisation`: rate",
        "content/plans/2025/plan.yaml:9:10: warning: indicator `2024/indicators/farmer-income/income` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2024/indicators/farmer-income/income`) in an indicator of plan 2025, or list it under `discontinued` with a note saying why",
        "content/plans/2025/plan.yaml:9:10: warning: measure `2024/indicators/gdp-growth` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2024/indicators/gdp-growth`) in a measure of plan 2025, or list it under `discontinued` with a note saying why",
        "content/plans/2025/plan.yaml:9:10: warning: measure `2024/indicators/rd` of the plan this one follows is not carried over and no reason given\n  hint: continue it (`continues: 2024/indicators/rd`) in a measure of plan 2025, or list it under `discontinued` with a note saying why",
        "content/plans/2025/plan.yaml:14:14: error: `2023/works/old-reform` is not of the plan this one follows (2024)\n  hint: list only measures and indicators of plan 2024 under `discontinued`",
        "content/plans/2025/plan.yaml:16:14: error: `discontinued` names an unknown measure `2024/works/rods`, did you mean `2024/works/roads`?\n  hint: a measure of plan 2024 is `2024/<collection>/<measure>`, from content/plans/2024/<collection>/<measure>.yaml",
        "content/plans/2025/plan.yaml:18:16: error: `discontinued` names an unknown indicator `2024/indicators/gdp-growth/grwth`, did you mean `2024/indicators/gdp-growth/growth`?\n  hint: the indicators of `2024/indicators/gdp-growth`: growth",
        "content/plans/2025/plan.yaml:20:14: error: `2024/indicators/forest-cover` is discontinued, but `2025/indicators/forest-cover` continues it\n  hint: remove it from `discontinued`, or the `continues` that names it",
        "content/plans/2025/plan.yaml:22:14: warning: `2024/works/housing` is discontinued without a note\n  hint: add `note: {zh: …, en: …}` saying why it is dropped: readers and auditors look for it",
        "content/plans/2025/works/employment.yaml:5:36: error: `continues` names `2025/works/education`, of this same plan (2025)\n  hint: `continues` names a record of an earlier plan",
        "content/plans/2026/plan.yaml:2:8: warning: title has no `en` translation\n  hint: the page shows the zh text, marked as not translated",
        "content/plans/2026/plan.yaml:4:10: error: `follows` names an unknown plan `2205`, did you mean `2025`?\n  hint: a plan is a folder of content/plans/ with a plan.yaml: 2023, 2024, 2024-2026, 2025, 2026, 2027, 2030, 2031",
        "content/plans/2026/plan.yaml:5:10: error: `parent` names an unknown plan `2024-2062`, did you mean `2024-2026`?\n  hint: a plan is a folder of content/plans/ with a plan.yaml: 2023, 2024, 2024-2026, 2025, 2026, 2027, 2030, 2031",
        "content/plans/2027/plan.yaml:4:10: error: plan 2027 follows itself\n  hint: `follows` names the plan this one succeeds, e.g. last year's",
        "content/plans/2027/plan.yaml:5:10: error: plan 2027 names itself as its `parent`\n  hint: `parent` names the programmes this plan implements",
        "content/plans/2030/plan.yaml:4:10: error: `follows` forms a cycle: `2030` → `2031` → `2030`\n  hint: each plan follows an earlier one: remove one of these `follows`",
        "content/plans/2030/plan.yaml:5:10: error: `parent` forms a cycle: `2030` → `2031` → `2030`\n  hint: a programme is above the plans that implement it, never below: remove one of these `parent`s",
        "content/plans/2031/plan.yaml:4:10: error: `follows` forms a cycle: `2031` → `2030` → `2031`\n  hint: each plan follows an earlier one: remove one of these `follows`",
        "content/plans/2031/plan.yaml:5:10: error: `parent` forms a cycle: `2031` → `2030` → `2031`\n  hint: a programme is above the plans that implement it, never below: remove one of these `parent`s",
        "content/site.yaml:14:18: error: `moved_from_root` names an unknown plan `2032`, did you mean `2023`?\n  hint: a plan is a folder of content/plans/ with a plan.yaml: 2023, 2024, 2024-2026, 2025, 2026, 2027, 2030, 2031"
    ];
    for (got, want) in lines.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert_eq!(lines, expected);
    assert_eq!(code, 1);
}
