//! `gongkai plan import` (SPEC §10, "Starting the next plan"), run by the
//! real binary on a copy of the repository's content with a scratch plan
//! (`plans/scratch/plan.yaml`, a copy of the 2023 plan's, whose assessment
//! levels the table names): the filled 附件2 of the Dongtou 2023 plan must
//! give the figures of the hand-made records of `content/plans/2023/indicators/`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use gongkai::diagnostics::Diagnostics;
use gongkai::model::{Bound, Content, IndicatorEntry, Measure};

const TABLE: &str = DONGTOU_TABLE;

fn load(root: &Path) -> Content {
    let mut d = Diagnostics::new();
    gongkai::load::load(root, &mut d).unwrap()
}

fn measures<'c>(content: &'c Content, plan: &str) -> Vec<&'c Measure> {
    let plan = content.plans.iter().find(|p| p.id == plan).unwrap();
    let col = plan
        .collections
        .iter()
        .find(|c| c.config.id == "indicators")
        .unwrap();
    col.measures.iter().map(|m| &*m.measure).collect()
}

/// A bound as the comparison sees it: period, comparator, written figure,
/// words in Chinese and English.
fn bound(b: &Option<Bound>) -> String {
    match b {
        None => "-".to_string(),
        Some(b) => {
            let v = serde_json::to_value(b).unwrap();
            format!(
                "{} {} {} {} {}",
                v["period"],
                v.get("op").map(|o| o.to_string()).unwrap_or_default(),
                v["value"],
                b.text
                    .as_ref()
                    .and_then(|t| t.by_lang.get("zh").cloned())
                    .unwrap_or_default(),
                b.text
                    .as_ref()
                    .and_then(|t| t.by_lang.get("en").cloned())
                    .unwrap_or_default()
            )
        }
    }
}

/// Each indicator of a plan's `indicators` collection by (number, Chinese
/// name), as one line of the figures compared.
fn figures(content: &Content, plan: &str) -> BTreeMap<(u32, String), String> {
    let mut out = BTreeMap::new();
    for m in measures(content, plan) {
        for entry in &m.indicators {
            let IndicatorEntry::Defined(i) = entry else {
                continue;
            };
            let ids = |l: &[gongkai::model::Spanned<String>]| {
                l.iter()
                    .map(|s| s.value.clone())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let line = format!(
                "title {} / {} | unit {} | {:?} | baseline {} | target {} | lead {} | units {} | level {}",
                m.title.by_lang.get("zh").unwrap(),
                m.title.by_lang.get("en").unwrap(),
                i.unit
                    .as_ref()
                    .map(|u| format!("{}/{}", u.by_lang.get("zh").unwrap(), u.by_lang.get("en").unwrap()))
                    .unwrap_or_default(),
                i.direction,
                bound(&i.baseline),
                bound(&i.target),
                ids(&m.lead),
                ids(&m.units),
                m.assessment.as_ref().map(|a| a.value.clone()).unwrap_or_default(),
            );
            let name = i.name.by_lang.get("zh").unwrap().clone();
            out.insert((m.number.unwrap(), name), line);
        }
    }
    out
}

#[test]
fn the_dongtou_table_gives_the_figures_of_the_hand_made_records() {
    let site = scratch_site();
    let root = site.path();
    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "plan scratch: 64 measures with 69 indicators imported into content/plans/scratch/indicators/"
        ),
        "{}",
        stderr(&o)
    );
    let (status, lines) = check_lines(root, &[]);
    assert_eq!(status, 0, "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains(": error: ")), "{lines:#?}");

    let content = load(root);
    let made = figures(&content, "scratch");
    let hand = figures(&content, "2023");
    assert_eq!(made.len(), 69);
    assert_eq!(hand.len(), 69);
    // Where the records differ from the table, and why; every other
    // indicator must be equal figure for figure.
    let mut differences = Vec::new();
    for (key, want) in &hand {
        let got = made
            .get(key)
            .unwrap_or_else(|| panic!("{key:?} not imported"));
        if got != want {
            differences.push(format!("{key:?}\n  record: {want}\n  import: {got}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // Ids come from the English titles, and the collection is made with
    // the categories of the table.
    let ids: Vec<&str> = measures(&content, "scratch")
        .iter()
        .map(|m| m.id.value.as_str())
        .collect();
    assert!(ids.contains(&"engel-coefficient"), "{ids:?}");
    assert!(ids.contains(&"per-capita-gdp"), "{ids:?}");
    let col =
        std::fs::read_to_string(root.join("content/plans/scratch/indicators/_collection.yaml"))
            .unwrap();
    assert!(col.contains("zh: 社会和谐和睦"), "{col}");
}

#[test]
fn a_dry_run_writes_nothing_and_a_second_import_never_overwrites() {
    let site = scratch_site();
    let root = site.path();
    let before = read_tree(&root.join("content"));
    let o = gongkai_in(
        root,
        &["plan", "import", TABLE, "--plan", "scratch", "--dry-run"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("would write content/plans/scratch/indicators/engel-coefficient.yaml"),
        "{}",
        stdout(&o)
    );
    assert_eq!(read_tree(&root.join("content")), before);

    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let after = read_tree(&root.join("content"));
    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: content/plans/scratch/indicators/engel-coefficient.yaml exists already: an import never overwrites a file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read_tree(&root.join("content")), after);
}

/// The fixture with some cells changed: (line, column key, new text).
fn edited(edits: &[(usize, &str, &str)]) -> String {
    let text = std::fs::read_to_string(repo().join(TABLE)).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut out = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let keys: Vec<String> = records[0]
        .iter()
        .map(|h| {
            h.rsplit_once('(')
                .unwrap()
                .1
                .trim_end_matches(')')
                .to_string()
        })
        .collect();
    for (i, r) in records.iter().enumerate() {
        let mut cells: Vec<String> = r.iter().map(str::to_string).collect();
        for (line, key, new) in edits {
            if *line == i + 1 {
                let c = keys.iter().position(|k| k == key).unwrap();
                cells[c] = new.to_string();
            }
        }
        out.push(cells);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    for cells in out {
        w.write_record(&cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn every_wrong_row_is_reported_at_its_cell_and_nothing_is_written() {
    let site = scratch_site();
    let root = site.path();
    let table = root.join("table.csv");
    std::fs::write(
        &table,
        edited(&[
            // Line 2 is item 1; line 3 item 2; line 4 item 3.
            (2, "lead", "区发改委"),
            (3, "target", "≥很多"),
            (4, "number", "1"),
            (5, "continues", "2023/indicators/no-such-thing"),
            (6, "direction", "up"),
        ]),
    )
    .unwrap();
    let before = read_tree(&root.join("content"));
    let o = gongkai_in(
        root,
        &[
            "plan",
            "import",
            table.to_str().unwrap(),
            "--plan",
            "scratch",
        ],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    let t = table.display().to_string();
    for want in [
        format!("{t}:2:11: error: unknown body `区发改委`, did you mean `区发改局`?"),
        format!("{t}:3:9: error: a comparator needs a numeric target value"),
        format!("{t}:4:3: error: 序号 1 is already the item `人均生产总值` ({t}:2:3), this row's title is `单位GDP建设用地使用面积`"),
        format!("{t}:5:14: error: `2023/indicators/no-such-thing` names no measure of the site"),
        format!("{t}:6:10: error: unknown direction `up`"),
    ] {
        assert!(err.contains(&want), "missing {want}\nin:\n{err}");
    }
    assert!(
        err.contains("5 errors in the table: nothing was written"),
        "{err}"
    );
    assert_eq!(read_tree(&root.join("content")), before);
}

#[test]
fn a_gb18030_table_reads_as_the_utf8_one() {
    let utf8 = scratch_site();
    let gb = scratch_site();
    let o = gongkai_in(utf8.path(), &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(repo().join(TABLE)).unwrap();
    let (bytes, _, bad) = encoding_rs::GB18030.encode(text.trim_start_matches('\u{feff}'));
    assert!(!bad);
    let table = gb.path().join("table.csv");
    std::fs::write(&table, &bytes).unwrap();
    let o = gongkai_in(
        gb.path(),
        &[
            "plan",
            "import",
            table.to_str().unwrap(),
            "--plan",
            "scratch",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dir = "content/plans/scratch/indicators";
    assert_eq!(
        read_tree(&utf8.path().join(dir)),
        read_tree(&gb.path().join(dir))
    );
}

#[test]
fn an_unknown_plan_is_refused() {
    let site = scratch_site();
    let o = gongkai_in(site.path(), &["plan", "import", TABLE, "--plan", "2099"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--plan names an unknown plan `2099`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_template_filled_in_a_workbook_imports_as_the_csv_table() {
    let site = scratch_site();
    let root = site.path();
    let template = root.join("template.xlsx");
    let o = gongkai_in(
        root,
        &["plan", "template", "--out", template.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The sheet to fill has the table's headers, the guide its examples,
    // and the lists offer the directions and the plans' levels.
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&template).unwrap();
    assert_eq!(book.sheet_names(), ["计划表 (plan)", "说明 (guide)"]);
    let sheet = book.worksheet_range("计划表 (plan)").unwrap();
    let headers: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(headers, dongtou_table_rows()[0]);
    let guide = book.worksheet_range("说明 (guide)").unwrap();
    let guide_text: String = guide
        .rows()
        .flatten()
        .map(|c| c.to_string() + "\n")
        .collect();
    for example in [
        "≥90",
        "80左右",
        "稳步提升",
        "完成上级下达目标",
        "1.6",
        "lower is better",
    ] {
        assert!(guide_text.contains(example), "{example} not in the guide");
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("\"increase,decrease,maintain,none\""), "{xml}");
    assert!(xml.contains("省评价"), "{xml}");

    // Filled: every cell typed as text, as the template's columns are.
    let filled = root.join("filled.xlsx");
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("计划表 (plan)").unwrap();
    for (r, row) in dongtou_table_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    let g = out.add_worksheet();
    g.set_name("说明 (guide)").unwrap();
    g.write_string(0, 0, "anything").unwrap();
    out.save(&filled).unwrap();
    let o = gongkai_in(
        root,
        &[
            "plan",
            "import",
            filled.to_str().unwrap(),
            "--plan",
            "scratch",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let csv_site = scratch_site();
    let o = gongkai_in(
        csv_site.path(),
        &["plan", "import", TABLE, "--plan", "scratch"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dir = "content/plans/scratch/indicators";
    assert_eq!(
        read_tree(&root.join(dir)),
        read_tree(&csv_site.path().join(dir))
    );

    // A problem in a workbook is named by its sheet and cell.
    let bad = root.join("bad.xlsx");
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name("计划表 (plan)").unwrap();
    for (r, row) in dongtou_table_rows().iter().take(3).enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    ws.write_string(2, 10, "发展改革局").unwrap();
    out.save(&bad).unwrap();
    let o = gongkai_in(
        root,
        &[
            "plan",
            "import",
            bad.to_str().unwrap(),
            "--plan",
            "scratch",
            "--collection",
            "more",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:计划表 (plan)!K3: error: unknown body `发展改革局`",
            bad.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_csv_template_is_the_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    let o = gongkai(&[
        "plan",
        "template",
        "--out",
        out.to_str().unwrap(),
        "--root",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let first = std::fs::read_to_string(repo().join(TABLE)).unwrap();
    assert_eq!(text.lines().next(), first.lines().next());
    // Never over an existing file.
    let o = gongkai(&[
        "plan",
        "template",
        "--out",
        out.to_str().unwrap(),
        "--root",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

/// The indicator rows of `sheet export --plan PLAN` as (number, name) →
/// the cells of the figures: title, unit, lead, baseline, target.
fn exported(root: &Path, plan: &str) -> BTreeMap<(String, String), Vec<String>> {
    let out = root.join(format!("{plan}.csv"));
    let o = gongkai_in(
        root,
        &[
            "sheet",
            "export",
            "--plan",
            plan,
            "--collection",
            "indicators",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let col = |key: &str| {
        headers
            .iter()
            .position(|h| h.ends_with(&format!("({key})")))
            .unwrap()
    };
    let mut rows = BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[col("kind")] != "indicator" {
            continue;
        }
        let cells = ["title", "unit", "lead", "baseline", "target"]
            .iter()
            .map(|k| r[col(k)].to_string())
            .collect();
        rows.insert(
            (
                r[col("number")].to_string(),
                r[col("indicator")].to_string(),
            ),
            cells,
        );
    }
    rows
}

#[test]
fn the_imported_plan_exports_the_same_figures_as_the_hand_made_one() {
    let site = scratch_site();
    let root = site.path();
    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let made = exported(root, "scratch");
    let hand = exported(root, "2023");
    assert_eq!(made.len(), 69);
    assert_eq!(made, hand);
}

#[test]
fn an_existing_collection_is_kept_and_its_categories_matched_by_title() {
    let site = scratch_site();
    let root = site.path();
    let dir = root.join("content/plans/scratch/indicators");
    std::fs::create_dir_all(&dir).unwrap();
    let collection = repo().join("content/plans/2023/indicators/_collection.yaml");
    std::fs::copy(&collection, dir.join("_collection.yaml")).unwrap();
    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("_collection.yaml")).unwrap(),
        std::fs::read(&collection).unwrap()
    );
    let content = load(root);
    let categories = |plan: &str| -> BTreeMap<u32, String> {
        measures(&content, plan)
            .iter()
            .map(|m| {
                (
                    m.number.unwrap(),
                    m.category.as_ref().unwrap().value.clone(),
                )
            })
            .collect()
    };
    assert_eq!(categories("scratch"), categories("2023"));

    // A category the collection does not have is named with the closest.
    let table = root.join("table.csv");
    std::fs::write(
        &table,
        edited(&[(2, "category", "经济高质量发"), (2, "measure_en", "Other")]),
    )
    .unwrap();
    let o = gongkai_in(
        root,
        &[
            "plan",
            "import",
            table.to_str().unwrap(),
            "--plan",
            "scratch",
            "--collection",
            "indicators",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2:2: error: unknown category `经济高质量发`, did you mean `经济高质量发展`?",
            table.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn qualitative_values_are_written_in_both_languages_and_an_unknown_one_is_said() {
    let site = scratch_site();
    let root = site.path();
    // The fixture's own wordings, all known: no warning about English.
    let o = gongkai_in(root, &["plan", "import", TABLE, "--plan", "scratch"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let file = |id: &str| {
        std::fs::read_to_string(root.join(format!("content/plans/scratch/indicators/{id}.yaml")))
            .unwrap()
    };
    let labour = file("labour-remuneration-as-a-share-of-gdp");
    assert!(
        labour
            .contains("baseline: {period: 2022, value: null, text: {zh: 暂无, en: Not available}}"),
        "{labour}"
    );
    assert!(
        labour.contains(
            "target: {period: 2023, text: {zh: 完成上级下达目标, en: Meet the target set by higher authorities}}"
        ),
        "{labour}"
    );
    let (_, lines) = check_lines(root, &[]);
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("content/plans/scratch/") && l.contains("text has no `en`")),
        "{lines:#?}"
    );

    // Item 1's target in words the import does not know, item 2's in words
    // it knows with the table's own English, which wins.
    let table = root.join("table.csv");
    std::fs::write(
        &table,
        edited(&[
            (2, "target", "稳中有进"),
            (3, "target", "稳步提升"),
            (3, "target_en", "Rise steadily"),
        ]),
    )
    .unwrap();
    let o = gongkai_in(
        root,
        &[
            "plan",
            "import",
            table.to_str().unwrap(),
            "--plan",
            "scratch",
            "--collection",
            "again",
        ],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    let t = table.display().to_string();
    assert!(
        err.contains(&format!(
            "{t}:2:9: warning: the target `稳中有进` has no English: it is imported in Chinese only\n  hint: fill its English in the column 目标值英文 (target_en)"
        )),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    let dir = root.join("content/plans/scratch/again");
    let gdp = std::fs::read_to_string(dir.join("per-capita-gdp.yaml")).unwrap();
    assert!(
        gdp.contains("target: {period: 2023, text: {zh: 稳中有进}}"),
        "{gdp}"
    );
    let labour = std::fs::read_to_string(dir.join("overall-labour-productivity.yaml")).unwrap();
    assert!(
        labour.contains("target: {period: 2023, text: {zh: 稳步提升, en: Rise steadily}}"),
        "{labour}"
    );
    // `check` says what to add where.
    let o = gongkai_in(root, &["check"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        out.contains("content/plans/scratch/again/per-capita-gdp.yaml:12:34: warning: target text has no `en` translation\n  hint: add the words in `en` to its `text:`, beside `zh:`"),
        "{out}"
    );
}

/// Runs `plan import TABLE --plan scratch` with `extra` arguments.
fn import_table(root: &Path, table: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "plan",
        "import",
        table.to_str().unwrap(),
        "--plan",
        "scratch",
    ];
    args.extend(extra);
    gongkai_in(root, &args)
}

#[test]
fn add_units_adds_an_unknown_body_to_units_yaml_and_changes_nothing_else() {
    let site = scratch_site();
    let root = site.path();
    let table = root.join("table.csv");
    // Item 1 led by a body units.yaml does not know, which item 2 names
    // too, beside a known one.
    std::fs::write(
        &table,
        edited(&[(2, "lead", "区气象局"), (3, "units", "区气象局、经信局")]),
    )
    .unwrap();
    let units_path = root.join("content/units.yaml");
    let units_before = std::fs::read(&units_path).unwrap();

    // Without the option: an error that names it.
    let before = read_tree(&root.join("content"));
    let o = import_table(root, &table, &[]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2:11: error: unknown body `区气象局`\n  hint: write a name or alias of content/units.yaml, or add the body there (with this spelling as an alias), or pass --add-units to add each unknown body",
            table.display()
        )),
        "{}",
        stderr(&o)
    );

    // A dry run shows the body it would add, and writes nothing.
    let o = import_table(root, &table, &["--add-units", "--dry-run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "would add to content/units.yaml:\n  u-01: 区气象局 (named at {}:2:11)\n",
            table.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("; 1 body added to content/units.yaml"),
        "{out}"
    );
    assert_eq!(read_tree(&root.join("content")), before);

    let o = import_table(root, &table, &["--add-units"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // units.yaml: every byte kept, the new body's lines after them.
    let units_after = std::fs::read(&units_path).unwrap();
    assert_eq!(&units_after[..units_before.len()], &units_before[..]);
    assert_eq!(
        String::from_utf8(units_after[units_before.len()..].to_vec()).unwrap(),
        "# Added by `gongkai plan import`: give each body its name in every language.\n- id: u-01\n  name:\n    zh: 区气象局\n"
    );
    let content = load(root);
    let unit = content.units.iter().find(|u| u.id.value == "u-01").unwrap();
    assert_eq!(unit.name.by_lang.get("zh").unwrap(), "区气象局");
    let ms = measures(&content, "scratch");
    let gdp = ms.iter().find(|m| m.number == Some(1)).unwrap();
    assert_eq!(gdp.lead[0].value, "u-01");
    let second = ms.iter().find(|m| m.number == Some(2)).unwrap();
    let others: Vec<&str> = second.units.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(others, ["u-01", "economy-information"]);
    // The site passes check, with a warning for the name to translate.
    let (status, lines) = check_lines(root, &[]);
    assert_eq!(status, 0, "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with("content/units.yaml:")
            && l.contains("unit name has no `en` translation")),
        "{lines:#?}"
    );
    // Every other file of the content is as it was, but the new ones.
    let after = read_tree(&root.join("content"));
    for (path, bytes) in &before {
        if path != "units.yaml" {
            assert_eq!(after.get(path), Some(bytes), "{path}");
        }
    }
}

#[test]
fn add_units_still_refuses_a_name_close_to_a_known_one() {
    let site = scratch_site();
    let root = site.path();
    let table = root.join("table.csv");
    std::fs::write(&table, edited(&[(2, "lead", "区发改委")])).unwrap();
    let before = read_tree(&root.join("content"));
    let o = import_table(root, &table, &["--add-units"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2:11: error: unknown body `区发改委`, did you mean `区发改局`?\n  hint: the name is too close to a known one to be added as a new body with --add-units (most likely a typo)",
            table.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(read_tree(&root.join("content")), before);
}
