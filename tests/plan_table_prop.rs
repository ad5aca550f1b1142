//! `gongkai plan import` (SPEC §10, "Starting the next plan") on the
//! fixture `sites/plan-table`: a 2023 plan whose measures a table may
//! continue, an empty 2024 plan to import into, and bodies with names and
//! aliases in `units.yaml`.

mod common;

use common::*;

const FIXTURE: &str = "plan-table";
const PLAN: &str = "2024";
const COLLECTION: &str = "indicators";

/// What `plan import` checks before it writes is the site with its new
/// files: a new file that `check` refuses fails the load.
#[test]
fn the_check_before_writing_reads_files_that_are_not_on_disk_yet() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let dir = format!("content/plans/{PLAN}/{COLLECTION}");
    let mut overlay = gongkai::load::Overlay::new();
    overlay.insert(
        format!("{dir}/_collection.yaml"),
        "title: {zh: 指标, en: Indicators}\n".to_string(),
    );
    overlay.insert(
        format!("{dir}/a.yaml"),
        "title: {zh: 甲, en: A}\nlead: [nobody]\n".to_string(),
    );
    match gongkai::plans::Plans::load_with(root, false, &overlay) {
        Err(gongkai::site::LoadError::Content(d)) => {
            let errors: Vec<String> = d
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect();
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with(&format!("{dir}/a.yaml: ")) && e.contains("nobody")),
                "{errors:#?}"
            );
        }
        Err(gongkai::site::LoadError::Io(e)) => panic!("{e}"),
        Ok(_) => panic!("a new file with an unknown body passed"),
    }
    // The same files, well made, load; and nothing was written.
    overlay.insert(
        format!("{dir}/a.yaml"),
        "title: {zh: 甲, en: A}\nlead: [drc]\n".to_string(),
    );
    let (plans, _) = gongkai::plans::Plans::load_with(root, false, &overlay).unwrap();
    let plan = plans.plan(PLAN).unwrap();
    assert_eq!(plan.collections.len(), 1);
    assert!(!root.join(&dir).exists());
}
