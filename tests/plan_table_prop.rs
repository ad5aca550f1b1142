//! `gongkai plan import` (SPEC §10, "Starting the next plan") on the
//! fixture `sites/plan-table`: a 2023 plan whose measures a table may
//! continue, an empty 2024 plan to import into, and bodies with names and
//! aliases in `units.yaml`.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "plan-table";
const PLAN: &str = "2024";
const COLLECTION: &str = "indicators";

/// The header of the CSV template `plan template` writes, as column keys
/// and as the cells to write back.
fn template(root: &Path) -> (Vec<String>, String) {
    let path = root.join("template.csv");
    let o = gongkai_in(root, &["plan", "template", "--out", path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rdr.records().next().unwrap().unwrap();
    let keys = header
        .iter()
        .map(|h| {
            let (_, key) = h.rsplit_once('(').expect("`label (key)`");
            key.trim_end_matches(')').to_string()
        })
        .collect();
    (keys, text)
}

/// `plan import` of the template with `rows` (CSV lines) after its header:
/// the table's path and the output.
fn import_rows(root: &Path, rows: &str) -> (String, std::process::Output) {
    let (_, template) = template(root);
    let table = root.join("table.csv");
    std::fs::write(&table, format!("{template}{rows}")).unwrap();
    let t = table.to_str().unwrap();
    (
        t.to_string(),
        gongkai_in(root, &["plan", "import", t, "--plan", PLAN]),
    )
}

#[test]
fn an_item_without_a_category_beside_items_with_one_is_reported_at_its_cell() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let before = read_tree(&root.join("content"));
    let (t, o) = import_rows(
        root,
        "1,经济高质量发展,人均生产总值,,万元,2022,8.9,2024,9.2,,区发改局,,,,,,\n\
         2,,全员劳动生产率,,万元/人,2022,暂无,2024,19,,区发改局,,,,,,\n",
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    let want = format!(
        "{t}:3:2: error: the item has no 类别 (category), and the collection has categories: each item needs one\n  hint: give it one of: 经济高质量发展"
    );
    assert!(err.contains(&want), "missing {want}\nin:\n{err}");
    assert!(
        err.contains("1 error in the table: nothing was written"),
        "{err}"
    );
    assert_eq!(read_tree(&root.join("content")), before);
}

#[test]
fn an_indicator_in_the_continues_column_is_reported_at_its_cell() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let before = read_tree(&root.join("content"));
    let (t, o) = import_rows(
        root,
        "1,,居民人均可支配收入,,元,2023,52300,2024,55000,,区发改局,,,2023/indicators/income/income,,,\n",
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    let want = format!(
        "{t}:2:14: error: `2023/indicators/income/income` is an indicator: 延续 names the measure an item continues\n  hint: name its measure, `2023/indicators/income`"
    );
    assert!(err.contains(&want), "missing {want}\nin:\n{err}");
    assert_eq!(read_tree(&root.join("content")), before);
}

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
