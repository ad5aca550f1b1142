//! Sheets (SPEC §7) and releases (SPEC §8) on a site with several plans
//! (SPEC §10), end to end on the fixture `sites/plans-sheets` (plans 2023
//! and 2024) and on the one-plan fixture `sites/released` moved into
//! `plans/2023/`: refs and changes carry their plan, an import writes into
//! the plan's own files and nowhere else, a served programme indicator is
//! read-only in a sheet, and a release made before the move compares with
//! the moved plan as if it had always been there.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

const FIXTURE: &str = "plans-sheets";

/// Every file under `content/`, by path, with its bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// `sheet export` as CSV, the rows (header first) split into cells.
fn export_csv(root: &Path, extra: &[&str]) -> Vec<Vec<String>> {
    let out = root.join("../sheet.csv");
    let mut args = vec!["sheet", "export", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let o = gongkai_in(root, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    // No cell of these fixtures holds a comma, a quote or a line break.
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The rows as a CSV sheet to import, written next to the site.
fn write_csv(root: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let path = root.join("..").join(name);
    let body: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
    std::fs::write(&path, format!("\u{feff}{}\n", body.join("\n"))).unwrap();
    path
}

fn column(header: &[String], key: &str) -> usize {
    header
        .iter()
        .position(|h| h.ends_with(&format!("({key})")))
        .unwrap_or_else(|| panic!("no column {key} in {header:?}"))
}

fn refs(rows: &[Vec<String>]) -> Vec<&str> {
    let r = column(&rows[0], "ref");
    rows[1..].iter().map(|row| row[r].as_str()).collect()
}

/// A temporary site in its own folder (sheets are written beside it).
fn site(base: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&site_fixture(base), &root);
    (dir, root)
}

#[test]
fn export_keys_every_row_with_its_plan_and_takes_one_plan_with_plan() {
    let (_dir, root) = site(FIXTURE);
    let all = export_csv(&root, &[]);
    assert_eq!(
        refs(&all),
        [
            "2023/indicators/income/income",
            "2023/indicators/income",
            "2023/works/park",
            "2024/indicators/income/income",
            "2024/indicators/income/jobs",
            "2024/indicators/income",
            "2024/works/park#phase2",
            "2024/works/park",
        ]
    );
    let one = export_csv(&root, &["--plan", "2024"]);
    assert_eq!(one[0], all[0], "the same columns");
    assert_eq!(refs(&one), refs(&all)[3..]);
    // --collection keeps that collection of every plan exported.
    let works = export_csv(&root, &["--collection", "works"]);
    assert_eq!(
        refs(&works),
        [
            "2023/works/park",
            "2024/works/park#phase2",
            "2024/works/park"
        ]
    );

    let out = root.join("../x.csv");
    let o = gongkai_in(
        &root,
        &[
            "sheet",
            "export",
            "--plan",
            "2025",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unknown plan `2025`") && stderr(&o).contains("known: 2023, 2024"),
        "{}",
        stderr(&o)
    );
    // A one-plan site has no plans to choose from.
    let (_one_dir, one_plan) = site("released");
    let o = gongkai_in(
        &one_plan,
        &[
            "sheet",
            "export",
            "--plan",
            "2023",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("this site has one plan"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn a_filled_row_goes_into_its_plans_file_and_nowhere_else() {
    let (_dir, root) = site(FIXTURE);
    let before = files(&root);
    let mut rows = export_csv(&root, &["--plan", "2024"]);
    let (r, period, value) = (
        column(&rows[0], "ref"),
        column(&rows[0], "period"),
        column(&rows[0], "value"),
    );
    let jobs = rows
        .iter()
        .position(|row| row[r] == "2024/indicators/income/jobs")
        .unwrap();
    rows[jobs][period] = "2024-Q1".into();
    rows[jobs][value] = "1200".into();
    let sheet = write_csv(&root, "filled.csv", &rows);
    let o = gongkai_in(&root, &["sheet", "import", sheet.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("content/plans/2024/indicators/income.yaml: 1 added"),
        "{}",
        stdout(&o)
    );

    let changed = "content/plans/2024/indicators/income.yaml";
    let after = files(&root);
    for (path, bytes) in &before {
        if path != Path::new(changed) {
            assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
        }
    }
    assert_eq!(after.len(), before.len());
    let old = String::from_utf8(before[Path::new(changed)].clone()).unwrap();
    let want = format!("{old}    progress:\n      - period: 2024-Q1\n        value: 1200\n");
    assert_eq!(read(&root, changed), want);

    // The same sheet again changes nothing.
    let o = gongkai_in(&root, &["sheet", "import", sheet.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 added, 0 revised, 1 unchanged"),
        "{}",
        stdout(&o)
    );
    assert_eq!(files(&root), after);
}

#[test]
fn a_ref_with_an_unknown_or_no_plan_is_an_error_at_its_cell() {
    let (_dir, root) = site(FIXTURE);
    let before = files(&root);
    let rows = export_csv(&root, &["--plan", "2024"]);
    let header = &rows[0];
    let (r, period, value) = (
        column(header, "ref"),
        column(header, "period"),
        column(header, "value"),
    );
    let mut jobs = rows
        .iter()
        .find(|row| row[r] == "2024/indicators/income/jobs")
        .unwrap()
        .clone();
    jobs[period] = "2024-Q1".into();
    jobs[value] = "1200".into();
    let mut unknown = jobs.clone();
    unknown[r] = "2025/indicators/income/jobs".into();
    let mut bare = jobs.clone();
    bare[r] = "indicators/income/jobs".into();
    let sheet = write_csv(&root, "bad.csv", &[header.clone(), unknown, bare, jobs]);
    let o = gongkai_in(&root, &["sheet", "import", sheet.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    let col = r + 1;
    assert!(
        err.contains(&format!(
            "bad.csv:2:{col}: error: unknown plan `2025` in ref `2025/indicators/income/jobs`, did you mean `2024/indicators/income/jobs`?"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "bad.csv:3:{col}: error: the ref `indicators/income/jobs` does not say its plan, did you mean `2024/indicators/income/jobs`?"
        )),
        "{err}"
    );
    assert!(
        err.contains("2 errors in the sheets: nothing was written"),
        "{err}"
    );
    assert_eq!(files(&root), before);
}

/// Adds a programme `2024-2026` whose jobs indicator the 2024 plan's
/// serves (SPEC §10).
fn add_programme(root: &Path) {
    let dir = root.join("content/plans/2024-2026/indicators");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("content/plans/2024-2026/plan.yaml"),
        "title: {zh: 测试区三年行动方案, en: Test District programme}\nperiod: {start: 2024-01-01, end: 2026-12-31}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("_collection.yaml"),
        "title: {zh: 主要指标, en: Main indicators}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("jobs.yaml"),
        "title: {zh: 城镇新增就业, en: New urban jobs}\nlead: [hrss]\nindicators:\n  - id: jobs\n    name: {zh: 城镇新增就业人数, en: New urban jobs}\n    unit: {zh: 人, en: people}\n    accumulation: cumulative\n    target: {period: 2026, value: 12000}\n",
    )
    .unwrap();
    let plan = root.join("content/plans/2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("{text}parent: [2024-2026]\n")).unwrap();
    let income = root.join("content/plans/2024/indicators/income.yaml");
    let text = std::fs::read_to_string(&income).unwrap();
    let served = text.replace(
        "    target: {period: 2024, value: 4000}\n",
        "    target: {period: 2024, value: 4000}\n    serves: [2024-2026/indicators/jobs/jobs]\n",
    );
    assert_ne!(served, text);
    std::fs::write(&income, served).unwrap();
}

#[test]
fn a_served_programme_indicator_is_read_only_in_a_sheet() {
    let (_dir, root) = site(FIXTURE);
    add_programme(&root);
    let before = files(&root);
    let rows = export_csv(&root, &["--plan", "2024-2026"]);
    let header = &rows[0];
    let (r, latest, period, value) = (
        column(header, "ref"),
        column(header, "latest"),
        column(header, "period"),
        column(header, "value"),
    );
    let mut served = rows
        .iter()
        .find(|row| row[r] == "2024-2026/indicators/jobs/jobs")
        .unwrap()
        .clone();
    assert_eq!(
        served[latest],
        "只读：数据在年度计划中填报（2024/indicators/income/jobs）"
    );
    assert_eq!(served[period], "", "no period is suggested for it");
    // The annual plan's row is an ordinary one.
    let annual = export_csv(&root, &["--plan", "2024"]);
    let jobs = annual
        .iter()
        .find(|row| row[r] == "2024/indicators/income/jobs")
        .unwrap();
    assert_eq!(jobs[latest], "");

    // In a workbook its fill cells are locked and shaded like the context
    // (the style of its `kind` cell), the next row's are not.
    let xlsx = root.join("../programme.xlsx");
    let o = gongkai_in(
        &root,
        &[
            "sheet",
            "export",
            "--plan",
            "2024-2026",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let style = |cell: &str| {
        let open = format!("<c r=\"{cell}\" s=\"");
        let at = xml.find(&open).unwrap() + open.len();
        let s = xml[at..].split('"').next().unwrap().to_string();
        assert!(!s.is_empty());
        s
    };
    let k = |row: usize| format!("{}{row}", (b'A' + period as u8) as char);
    assert_eq!(rows[1][r], "2024-2026/indicators/jobs/jobs");
    assert_eq!(style(&k(2)), style("A2"), "{xml}");
    assert_ne!(style(&k(3)), style("A3"), "{xml}");

    served[period] = "2024".into();
    served[value] = "1500".into();
    let sheet = write_csv(&root, "served.csv", &[header.clone(), served]);
    let o = gongkai_in(&root, &["sheet", "import", sheet.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "served.csv:2:{}: error: `2024-2026/indicators/jobs/jobs` is a programme indicator served by the annual plans (2024/indicators/income/jobs)",
            value + 1
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: enter the figure on the row of 2024/indicators/income/jobs"),
        "{err}"
    );
    assert_eq!(files(&root), before);
}

/// Moves the one-plan site at `root` into `plans/2023/`, as a site that
/// comes to hold several plans does: its collections into the plan's
/// folder, its period into plan.yaml, `moved_from_root: 2023`.
fn move_into_plans(root: &Path) {
    let content = root.join("content");
    let plan = content.join("plans/2023");
    std::fs::create_dir_all(&plan).unwrap();
    for c in ["indicators", "works"] {
        std::fs::rename(content.join(c), plan.join(c)).unwrap();
    }
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let period = site
        .lines()
        .find(|l| l.starts_with("period:"))
        .expect("the one-plan site has a period");
    std::fs::write(
        plan.join("plan.yaml"),
        format!(
            "title: {{zh: 测试区2023年工作计划, en: Test District work plan 2023}}\n{period}\n"
        ),
    )
    .unwrap();
    let moved: String = site
        .lines()
        .filter(|l| !l.starts_with("period:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        content.join("site.yaml"),
        format!("{moved}moved_from_root: 2023\n"),
    )
    .unwrap();
}

fn diff(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend(args);
    let o = gongkai_in(root, &all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn a_release_made_before_the_move_is_read_as_the_moved_plans() {
    let (_dir, root) = site("released");
    let o = gongkai_in(&root, &["release", "r3", "--date", "2023-11-30"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let between = diff(
        &root,
        &["--from", "2023-h1", "--to", "2023-q3", "--format", "json"],
    );
    move_into_plans(&root);

    // Nothing changed but the place of the files, from the release or from
    // a copy of the site before the move.
    assert_eq!(diff(&root, &[]), "r3 → current content: no changes\n");
    let unmoved = root.join("../unmoved");
    copy_tree(&site_fixture("released"), &unmoved);
    let from_dir = diff(&root, &["--from", unmoved.to_str().unwrap()]);
    assert!(from_dir.ends_with(": no changes\n"), "{from_dir}");
    // The releases made before the move still compare with each other,
    // each change now said to be the moved plan's.
    let mut changes: Vec<serde_json::Value> = serde_json::from_str(&between).unwrap();
    for c in &mut changes {
        c.as_object_mut()
            .unwrap()
            .insert("plan".into(), serde_json::json!("2023"));
    }
    let after: Vec<serde_json::Value> = serde_json::from_str(&diff(
        &root,
        &["--from", "2023-h1", "--to", "2023-q3", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(after, changes);

    // One figure changed after the move: exactly that change, with its plan.
    let income = root.join("content/plans/2023/indicators/income.yaml");
    let text = std::fs::read_to_string(&income).unwrap();
    let edited = text.replace(
        "{period: 2023-09, value: 38000}",
        "{period: 2023-09, value: 38200}",
    );
    assert_ne!(edited, text);
    std::fs::write(&income, edited).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&diff(&root, &["--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "kind": "value-revised",
            "plan": "2023",
            "collection": "indicators",
            "measure": "income",
            "indicator": "income",
            "period": "2023-09",
            "old": {"period": "2023-09", "value": 38000},
            "new": {"period": "2023-09", "value": 38200},
            "flagged": false
        }])
    );
    assert_eq!(
        diff(&root, &[]),
        "r3 → current content: 1 change: 1 value revised (1 not flagged `revised`)\n  value-revised          2023/indicators/income/income 2023-09 38000 → 38200 (not flagged `revised`)\n"
    );
    assert!(
        diff(&root, &["--format", "markdown"])
            .contains("| `2023/indicators/income/income` | `2023-09`, **not flagged `revised`** | `38000` | `38200` |"),
    );

    // A release after the move holds every plan (format 2), and compares
    // with the one before it across the move; what `check` warns about
    // is found across it too, at its place.
    std::fs::remove_file(root.join("content/plans/2023/works/new-park.yaml")).unwrap();
    let o = gongkai_in(&root, &["release", "r4", "--date", "2023-12-05"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("of 1 plan, since r3: 2 changes: 1 measure removed, 1 value revised"),
        "{err}"
    );
    assert!(
        err.contains("content/plans/2023/indicators/income.yaml:25:9: warning: silent revision: the value of 2023/indicators/income/income for 2023-09 was 38000 in release r3 and is now 38200"),
        "{err}"
    );
    assert!(
        err.contains(
            ": warning: the measure 2023/works/new-park of release r3 is no longer in the content"
        ),
        "{err}"
    );
    assert!(
        !err.contains("content/releases/r3.json:1:1: warning: the measure"),
        "the warning is at the measure's id in the release file: {err}"
    );
    let r4: serde_json::Value =
        serde_json::from_str(&read(&root, "content/releases/r4.json")).unwrap();
    assert_eq!(r4["format"], 2);
    assert_eq!(r4["plans"][0]["id"], "2023");
    assert!(r4["collections"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["plan"] == "2023"));
    let r3_r4 = diff(&root, &["--from", "r3", "--to", "r4"]);
    assert!(
        r3_r4.starts_with("r3 → r4: 2 changes: 1 measure removed, 1 value revised"),
        "{r3_r4}"
    );
    assert_eq!(diff(&root, &[]), "r4 → current content: no changes\n");
}

#[test]
fn a_release_of_several_plans_keys_each_change_with_its_plan() {
    let (_dir, root) = site(FIXTURE);
    let o = gongkai_in(&root, &["release", "r1", "--date", "2024-07-01"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 measures, 3 indicators of 2 plans"),
        "{}",
        stderr(&o)
    );
    let text = read(&root, "content/releases/r1.json");
    let r1: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<(String, String)> = r1["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["plan"].as_str().unwrap().into(),
                c["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("2023".into(), "indicators".into()),
            ("2023".into(), "works".into()),
            ("2024".into(), "indicators".into()),
            ("2024".into(), "works".into()),
        ]
    );
    assert_eq!(
        r1["plans"][1]["title"]["en"],
        "Test District work plan 2024"
    );
    assert_eq!(r1["plans"][0]["as_of"], "2024-03-31");
    assert_eq!(r1["plans"][1]["as_of"], "2024-06-30");

    // The same measure id in two plans: a change to one is that plan's only.
    for (plan, from, to) in [
        ("2023", "value: 52300}", "value: 52400}"),
        ("2024", "value: 14200}", "value: 14300}"),
    ] {
        let path = root.join(format!("content/plans/{plan}/indicators/income.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let human = diff(&root, &[]);
    assert_eq!(
        human,
        "r1 → current content: 2 changes: 2 values revised (2 not flagged `revised`)\n  value-revised          2023/indicators/income/income 2023 52300 → 52400 (not flagged `revised`)\n  value-revised          2024/indicators/income/income 2024-03 14200 → 14300 (not flagged `revised`)\n"
    );
}
