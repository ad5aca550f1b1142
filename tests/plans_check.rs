//! Several plans (SPEC §10): the fixture `plans` loads, and `check` reports
//! every broken link between plans at its node.

mod common;

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
