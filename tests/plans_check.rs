//! Several plans (SPEC §10): the fixture `plans` loads, and `check` reports
//! every broken link between plans at its node.

mod common;

use common::*;

/// The valid fixture loads as four plans, with only its one documented
/// warning (a 2024 measure that 2025 neither continues nor discontinues).
#[test]
fn the_plans_fixture_loads_as_four_plans() {
    let (plans, diagnostics) = match gongkai::plans::Plans::load(&site_fixture("plans"), false) {
        Ok(loaded) => loaded,
        Err(gongkai::site::LoadError::Content(d)) => {
            let lines: Vec<String> = d.iter().map(|d| d.to_string()).collect();
            panic!("the plans fixture loads:\n{}", lines.join("\n"))
        }
        Err(e) => panic!("the plans fixture loads: {e:?}"),
    };
    assert_eq!(plans.ids(), ["2023", "2024", "2024-2026", "2025"]);
    let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    println!("{lines:#?}");
}
