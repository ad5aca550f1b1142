//! `sheet export` and `sheet import` (SPEC §7) on a small fixture site:
//! the exact YAML an import writes, the bytes around it, idempotence, the
//! encodings and cell kinds a spreadsheet brings, revisions, and a bad
//! sheet reported cell by cell with nothing written.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// Every file under `content/`, by path, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// A cell of a test sheet: text, a number cell or a date cell.
enum C<'a> {
    T(&'a str),
    N(f64),
    D(u16, u8, u8),
}

/// Writes a workbook with one sheet: the given header keys (each as
/// `label (key)`, in the order given) and rows.
fn workbook(path: &Path, sheet: &str, keys: &[&str], rows: &[Vec<C>]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, k) in keys.iter().enumerate() {
        ws.write_string(0, c as u16, format!("标签 ({k})")).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                C::T("") => {}
                C::T(t) => {
                    ws.write_string(r, c, *t).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn import(root: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["sheet", "import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(extra);
    gongkai_in(root, &args)
}

const MIXED_BEFORE: &str = "      - {period: 2024-Q3, value: 160}\n";

#[test]
fn an_xlsx_sheet_goes_into_the_yaml_at_its_entries_and_nowhere_else() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    // The export opens as a workbook with the rows of both bodies.
    let out_path = root.join("all.xlsx");
    let out = gongkai_in(
        root,
        &[
            "sheet",
            "export",
            "--by-unit",
            "--out",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote 9 rows in 2 sheets"),
        "{}",
        stderr(&out)
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out_path).unwrap();
    assert_eq!(book.sheet_names(), vec!["区发改局", "区生态环境分局"]);
    let drc = book.worksheet_range("区发改局").unwrap();
    assert_eq!(drc.get((0, 10)).unwrap().to_string(), "时期 (period)");
    // The year-to-date history makes the next period clear; never a value.
    let share = drc
        .rows()
        .find(|r| r[1] == "works/green-share/share")
        .unwrap();
    assert_eq!(
        (share[10].to_string(), share[11].to_string()),
        ("2024-01..2024-12".into(), "".into())
    );

    // A body fills it: columns in another order, a number cell, a value
    // typed as text, a date cell, a comment-bearing file.
    let filled = root.join("filled.xlsx");
    let keys = [
        "value",
        "ref",
        "period",
        "note_zh",
        "done",
        "source_title_zh",
        "source_url",
        "text_zh",
        "text_en",
        "kind",
        "extra",
    ];
    workbook(
        &filled,
        "区发改局",
        &keys,
        &[
            vec![C::N(175.0), C::T("works/mixed/chargers"), C::T("2024-Q4")],
            vec![
                C::T("33.20"),
                C::T("works/green-share/share"),
                C::T("2024-01..2024-12"),
                C::T("年底快报数。"),
            ],
            vec![
                C::T(""),
                C::T("works/carbon-plan#review"),
                C::T(""),
                C::T(""),
                C::D(2024, 10, 12),
                C::T("评审纪要"),
                C::T("https://example.org/review"),
            ],
            vec![
                C::T(""),
                C::T("works/carbon-plan"),
                C::D(2024, 10, 14),
                C::T(""),
                C::T(""),
                C::T(""),
                C::T(""),
                C::T("评审已完成,方案修改中。"),
                C::T("Review done: revising."),
            ],
            // Nothing filled but the prefilled period: not an entry.
            vec![C::T(""), C::T("works/green-share/share2"), C::T("2024-Q4")],
        ],
    );
    let before = snapshot(root);
    let dry = import(root, &[&filled], &["--dry-run", "--format", "json"]);
    assert_eq!(code(&dry), 0, "{}{}", stdout(&dry), stderr(&dry));
    let json: serde_json::Value = serde_json::from_str(&stdout(&dry)).unwrap();
    assert_eq!(json["written"], false);
    assert_eq!(
        json["files"][1]["added"],
        serde_json::json!(["share 2024-01..2024-12"])
    );
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown column `extra`"),
        "{json}"
    );
    assert_eq!(json["problems"][0]["at"], "区发改局!K1");
    assert_eq!(snapshot(root), before, "a dry run writes nothing");

    let out = import(root, &[&filled], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("content/works/mixed.yaml: 1 added, 0 revised, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    let after = snapshot(root);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        changed.len(),
        3,
        "only the three measure files change: {changed:?}"
    );

    // The exact text: each file is its old text with the new lines in.
    let mixed_old =
        String::from_utf8(before[&root.join("content/works/mixed.yaml")].clone()).unwrap();
    let mixed_new = mixed_old.replace(
        MIXED_BEFORE,
        &format!("{MIXED_BEFORE}      - {{period: 2024-Q4, value: 175}}\n"),
    );
    assert_eq!(read(root, "content/works/mixed.yaml"), mixed_new);
    let share_old =
        String::from_utf8(before[&root.join("content/works/green-share.yaml")].clone()).unwrap();
    let anchor = "          url: https://example.org/stats/2024-09\n";
    let share_new = share_old.replace(
        anchor,
        &format!("{anchor}      - period: 2024-01..2024-12\n        value: \"33.20\"\n        note:\n          zh: 年底快报数。\n"),
    );
    assert_eq!(read(root, "content/works/green-share.yaml"), share_new);
    let carbon_old =
        String::from_utf8(before[&root.join("content/works/carbon-plan.yaml")].clone()).unwrap();
    let carbon_new = carbon_old
        .replace(
            "    due: 2024-08\n",
            "    due: 2024-08\n    done: 2024-10-12\n    evidence:\n      title:\n        zh: 评审纪要\n      url: https://example.org/review\n",
        )
        .replace(
            "      en: The expert review is put off to October.\n",
            "      en: The expert review is put off to October.\n  - date: 2024-10-14\n    text:\n      zh: 评审已完成,方案修改中。\n      en: \"Review done: revising.\"\n",
        );
    assert_eq!(read(root, "content/works/carbon-plan.yaml"), carbon_new);
    assert!(
        read(root, "content/works/carbon-plan.yaml").starts_with("# Milestones of every kind"),
        "comments survive"
    );

    // The content passes check, and a second import changes nothing.
    let (exit, _) = check_lines(root, &[]);
    assert_eq!(exit, 0);
    let again = import(root, &[&filled], &[]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 added, 0 revised, 4 unchanged; changed 0 files"),
        "{}",
        stderr(&again)
    );
    assert_eq!(snapshot(root), after);
}

/// The CSV export of the fixture site, as rows of cells by key.
fn export_csv(root: &Path, extra: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let path = root.join("export.csv");
    let mut args = vec!["sheet", "export", "--out", path.to_str().unwrap()];
    args.extend(extra);
    let out = gongkai_in(root, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV is written with a BOM"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let header = rows
        .remove(0)
        .iter()
        .map(|h| {
            h.rsplit('(')
                .next()
                .unwrap()
                .trim_end_matches(')')
                .to_string()
        })
        .collect();
    (header, rows)
}

/// Sets cells of the row with `r` as its ref.
fn fill(header: &[String], rows: &mut [Vec<String>], r: &str, cells: &[(&str, &str)]) {
    let row = rows
        .iter_mut()
        .find(|row| row[1] == r)
        .unwrap_or_else(|| panic!("no row {r}"));
    for (k, v) in cells {
        let i = header.iter().position(|h| h == k).unwrap();
        row[i] = v.to_string();
    }
}

fn csv_text(header: &[String], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().map(|k| format!("标签 ({k})")))
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_gb18030_csv_as_excel_saves_it_in_a_chinese_locale() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let (header, mut all) = export_csv(root, &[]);
    fill(
        &header,
        &mut all,
        "works/reform",
        &[
            ("period", "2024-10-15"),
            ("text_zh", "第二批交易完成。"),
            ("status", "achieved"),
        ],
    );
    let text = csv_text(&header, &all);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let path = root.join("gb.csv");
    std::fs::write(&path, &gb).unwrap();
    assert!(std::str::from_utf8(&gb).is_err(), "the file is not UTF-8");
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(read(root, "content/works/reform.yaml").ends_with(
        "    text: {zh: 筹备第二批交易。, en: Preparing the second round.}\n  - date: 2024-10-15\n    text:\n      zh: 第二批交易完成。\n    status: achieved\n"
    ));
}

#[test]
fn a_revised_figure_replaces_the_old_only_with_its_flag_and_note() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let (header, mut rows) = export_csv(root, &[]);
    let path = root.join("rev.csv");
    let before = snapshot(root);

    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("period", "2024-Q3"), ("value", "165")],
    );
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 1);
    let value_col = header.iter().position(|h| h == "value").unwrap() + 1;
    let row = rows
        .iter()
        .position(|r| r[1] == "works/mixed/chargers")
        .unwrap()
        + 2;
    let at = format!("{}:{row}:{value_col}: error: 2024-Q3 is already reported for `works/mixed/chargers` as 160", path.display());
    assert!(stderr(&out).contains(&at), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("hint: to replace it, set flag to `revised`"),
        "{}",
        stderr(&out)
    );

    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("flag", "revised")],
    );
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("needs a `note` saying what changed and why"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(root), before, "nothing written");

    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("note_zh", "核实后更正。")],
    );
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("  ~ chargers 2024-Q3"),
        "{}",
        stdout(&out)
    );
    let old = String::from_utf8(before[&root.join("content/works/mixed.yaml")].clone()).unwrap();
    assert_eq!(
        read(root, "content/works/mixed.yaml"),
        old.replace(MIXED_BEFORE, "      - period: 2024-Q3\n        value: 165\n        flag: revised\n        note:\n          zh: 核实后更正。\n")
    );
}

#[test]
fn a_bad_sheet_reports_every_problem_at_its_cell_and_writes_nothing() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let bad = root.join("bad.xlsx");
    let keys = [
        "kind",
        "ref",
        "period",
        "value",
        "flag",
        "status",
        "note_zh",
        "source_title_zh",
        "source_url",
        "done",
    ];
    let t = C::T;
    workbook(
        &bad,
        "台账",
        &keys,
        &[
            vec![
                t("indicator"),
                t("works/mixed/charger"),
                t("2024-Q4"),
                t("5"),
            ],
            vec![
                t("indicator"),
                t("works/mixed/chargers"),
                t("2024-Q5"),
                t("5"),
            ],
            vec![
                t("indicator"),
                t("works/mixed/chargers"),
                t("2024-12"),
                t("一百"),
            ],
            vec![
                t("indicator"),
                t("works/green-share/share"),
                t("2024-12"),
                t("34"),
                t("final"),
            ],
            vec![
                t("indicator"),
                t("works/green-share/share"),
                t("2024-10"),
                t(""),
                t(""),
                t("done"),
            ],
            vec![
                t("indicator"),
                t("works/green-share/share"),
                t("2024-11"),
                t("34"),
                t("revised"),
            ],
            vec![
                t("milestone"),
                t("works/carbon-plan#review"),
                t(""),
                t(""),
                t(""),
                t(""),
                t(""),
                t("纪要"),
                t("javascript:alert(1)"),
                t("2024-13-01"),
            ],
            vec![t("update"), t("works/reform"), t(""), C::N(3.0)],
            vec![t("update"), t("works/mixed/chargers"), t("2024-12"), t("5")],
            vec![
                t("indicator"),
                t("works/mixed/chargers"),
                C::D(2024, 9, 1),
                t("150"),
            ],
        ],
    );
    let before = snapshot(root);
    let out = import(root, &[&bad], &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    let f = bad.display().to_string();
    for expected in [
        format!("{f}:台账!B2: error: unknown ref `works/mixed/charger`, did you mean `works/mixed/chargers`?"),
        format!("{f}:台账!C3: error: invalid period `2024-Q5`"),
        format!("{f}:台账!D4: error: progress value must be a number, found the text `一百`"),
        format!("{f}:台账!E5: error: unknown flag `final`"),
        format!("{f}:台账!F6: error: unknown status `done`"),
        format!("{f}:台账!E7: error: a value flagged `revised` needs a `note`"),
        format!("{f}:台账!I8: error: source url `javascript:alert(1)`"),
        format!("{f}:台账!J8: error: invalid done date `2024-13-01`"),
        format!("{f}:台账!D9: error: `value` is not used on a row of kind `update`"),
        format!("{f}:台账!A10: error: the row says kind `update` but `works/mixed/chargers` is a row of kind `indicator`"),
        format!("{f}:台账!C11: warning: the period is a date cell, read as the day 2024-09-01"),
    ] {
        assert!(err.contains(&expected), "missing `{expected}` in:\n{err}");
    }
    assert!(
        err.contains("errors in the sheets: nothing was written"),
        "{err}"
    );
    assert_eq!(snapshot(root), before, "not a byte written");
}

#[test]
fn export_keeps_the_rows_asked_for() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let out = gongkai_in(
        root,
        &["sheet", "export", "--unit", "envv", "--out", "x.csv"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown unit `envv`, did you mean `env`?"),
        "{}",
        stderr(&out)
    );
    let out = gongkai_in(root, &["sheet", "export", "--by-unit", "--out", "x.csv"]);
    assert_eq!(code(&out), 2, "one sheet per body needs a workbook");
    let (_, rows) = export_csv(root, &["--unit", "env"]);
    let refs: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        refs,
        [
            "works/carbon-plan#review",
            "works/carbon-plan#issue",
            "works/carbon-plan",
            "works/reform"
        ]
    );
}

#[test]
fn the_multi_body_fixture_sheet_imports_and_passes_check() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let sheet = fixtures().join("sheets/followed-q4.csv");
    let out = import(root, &[&sheet], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("6 added, 0 revised, 0 unchanged; changed 4 files"),
        "{}",
        stderr(&out)
    );
    let (exit, lines) = check_lines(root, &[]);
    assert_eq!(exit, 0, "{lines:?}");
}

mod round_trip {
    //! For any valid figures and texts a body may type: import, export,
    //! import again changes nothing (run in-process, on the library).
    use super::*;
    use gongkai::sheets::{export, import};
    use proptest::prelude::*;

    fn sheet(value: &str, share: &str, text: &str, done_day: u8) -> String {
        let keys = ["ref", "period", "value", "text_zh", "text_en", "done"];
        let rows = [
            ["works/mixed/chargers", "2024-Q4", value, "", "", ""],
            [
                "works/green-share/share",
                "2024-01..2024-12",
                share,
                "",
                "",
                "",
            ],
            ["works/reform", "2024-10-12", "", text, text, ""],
            [
                "works/carbon-plan#review",
                "",
                "",
                "",
                "",
                &format!("2024-10-{done_day:02}"),
            ],
        ];
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(keys).unwrap();
        for r in rows {
            w.write_record(r).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
        #[test]
        fn import_export_import_changes_nothing(
            int in 0u32..1_000_000,
            frac in "[0-9]{0,3}",
            share in "[0-9]{1,2}\\.[0-9]{1,2}0?",
            text in "[a-zA-Z0-9 ,:#'\"\\-*\\[\\]{}!&|>%@`\u{4e00}-\u{4e20}]{1,24}",
            done_day in 1u8..=15,
        ) {
            prop_assume!(!text.trim().is_empty());
            let value = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
            let site = temp_site("followed", &[]);
            let root = site.path();
            let path = root.join("s.csv");
            std::fs::write(&path, sheet(&value, &share, &text, done_day)).unwrap();
            let first = import::plan(root, std::slice::from_ref(&path)).unwrap();
            prop_assert!(!first.has_errors(), "{:?}", first.problems);
            prop_assert_eq!(first.writes.len(), 4);
            let writer = gongkai::content_writer::ContentWriter::open(root, &|| {}).unwrap();
            writer.commit("sheet import", &first.file_writes(), &mut |w| first.verify(w)).unwrap();
            drop(writer);

            // The exported sheet shows the new figures as the latest.
            let (site_now, _) = gongkai::site::Site::load(root, false).unwrap();
            let sheets = export::sheets(&site_now, &export::Options::default()).unwrap();
            let langs = site_now.config.language_codes();
            let exported = export::csv(&sheets[0].rows, &langs, "zh");
            let chargers = sheets[0].rows.iter().find(|r| r.cells["ref"] == "works/mixed/chargers").unwrap();
            prop_assert_eq!(&chargers.cells["latest"], &format!("{value} (2024-Q4)"));
            let exported_path = root.join("exported.csv");
            std::fs::write(&exported_path, exported).unwrap();

            let before = snapshot(root);
            let again = import::plan(root, &[path, exported_path]).unwrap();
            prop_assert!(!again.has_errors(), "{:?}", again.problems);
            prop_assert!(again.writes.is_empty(), "{:?}", again.writes.keys());
            prop_assert_eq!(again.files.iter().map(|f| f.unchanged.len()).sum::<usize>(), 4);
            prop_assert_eq!(snapshot(root), before);
        }
    }
}

#[test]
fn the_sites_workbooks_hold_the_csv_tables_cell_for_cell() {
    use calamine::Reader;
    let site = temp_site("zh-default", &[]);
    let out = site.path().join("out");
    let built = gongkai_in(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code(&built), 0, "{}", stderr(&built));
    for name in ["indicators", "observations"] {
        let text = std::fs::read_to_string(out.join(format!("data/{name}.csv"))).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let csv_rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(out.join(format!("data/{name}.xlsx"))).unwrap();
        let range = book.worksheet_range(name).unwrap();
        let xlsx_rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| gongkai::sheets::read::cell_text(c).unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(xlsx_rows.len(), csv_rows.len(), "{name}");
        for (x, c) in xlsx_rows.iter().zip(&csv_rows) {
            let c: Vec<&str> = c
                .iter()
                .map(|s| s.strip_prefix('\'').unwrap_or(s))
                .collect();
            assert_eq!(x[..c.len()].to_vec(), c, "{name}");
            assert!(x[c.len()..].iter().all(String::is_empty));
        }
    }
}

/// `file:line:column` of the cell of column `key` in the row with ref `r`
/// of the exported CSV.
fn cell(path: &Path, header: &[String], rows: &[Vec<String>], r: &str, key: &str) -> String {
    let line = rows.iter().position(|row| row[1] == r).unwrap() + 2;
    let col = header.iter().position(|h| h == key).unwrap() + 1;
    format!("{}:{line}:{col}", path.display())
}

#[test]
fn missing_cells_are_reported_at_the_empty_cell_not_column_a() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let (header, mut rows) = export_csv(root, &[]);
    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("value", "170")],
    );
    fill(&header, &mut rows, "works/reform", &[("text_zh", "完成")]);
    fill(
        &header,
        &mut rows,
        "works/carbon-plan#review",
        &[("source_url", "https://example.org/")],
    );
    let path = root.join("missing.csv");
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    for (r, key, message) in [
        (
            "works/mixed/chargers",
            "period",
            "an indicator row needs a period",
        ),
        (
            "works/reform",
            "period",
            "an update row needs the day of the update",
        ),
        (
            "works/carbon-plan#review",
            "done",
            "a milestone row needs the day it was done",
        ),
    ] {
        let expected = format!("{}: error: {message}", cell(&path, &header, &rows, r, key));
        assert!(err.contains(&expected), "missing `{expected}` in:\n{err}");
    }
}

#[test]
fn an_unknown_status_raises_one_error_not_two() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let (header, mut rows) = export_csv(root, &[]);
    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("period", "2024-Q4"), ("status", "done")],
    );
    let path = root.join("status.csv");
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    let at = cell(&path, &header, &rows, "works/mixed/chargers", "status");
    assert!(
        err.contains(&format!("{at}: error: unknown status `done`")),
        "{err}"
    );
    assert!(
        !err.contains("needs a `value`, a `text` or a declared `status`"),
        "{err}"
    );
    assert!(err.contains("1 error in the sheets"), "{err}");
}

#[test]
fn an_oversized_text_and_a_control_character_are_reported_at_the_text_cell() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let before = snapshot(root);
    let (header, rows) = export_csv(root, &[]);
    for (text, message) in [
        (
            "长".repeat(3 * 1024 * 1024),
            "the cell holds 9.0 MiB of text, more than the 8 MiB a measure file may hold",
        ),
        (
            "第二批\u{7f}交易".to_string(),
            "invalid YAML: unexpected character",
        ),
    ] {
        let mut rows = rows.clone();
        fill(
            &header,
            &mut rows,
            "works/reform",
            &[("period", "2024-10-15"), ("text_zh", &text)],
        );
        let path = root.join("text.csv");
        std::fs::write(&path, csv_text(&header, &rows)).unwrap();
        let out = import(root, &[&path], &[]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let at = cell(&path, &header, &rows, "works/reform", "text_zh");
        let err = stderr(&out);
        assert!(err.contains(&format!("{at}: error: {message}")), "{err}");
    }
    std::fs::remove_file(root.join("text.csv")).unwrap();
    assert_eq!(snapshot(root), before, "nothing written");
}

#[test]
fn rows_check_strict_would_refuse_are_warned_at_their_cells_and_refused_under_strict() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let (header, mut rows) = export_csv(root, &[]);
    fill(
        &header,
        &mut rows,
        "works/mixed/chargers",
        &[("period", "2024-Q4"), ("status", "on-track")],
    );
    fill(
        &header,
        &mut rows,
        "works/reform",
        &[("period", "2024-10-15"), ("text_zh", "只有中文。")],
    );
    let path = root.join("strict.csv");
    std::fs::write(&path, csv_text(&header, &rows)).unwrap();
    let before = snapshot(root);
    let note = cell(&path, &header, &rows, "works/mixed/chargers", "note_zh");
    let text_en = cell(&path, &header, &rows, "works/reform", "text_en");

    let out = import(root, &[&path], &["--strict"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{note}: error: the declared status `on-track` has no note"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{text_en}: error: update text has no `en` translation"
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(root), before, "nothing written under --strict");

    // Without --strict the rows go in, with the same words as warnings.
    let out = import(root, &[&path], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{note}: warning: the declared status `on-track` has no note"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{text_en}: warning: update text has no `en` translation"
        )),
        "{err}"
    );
    // Once each, at the cell: not again at the YAML line the row became.
    assert_eq!(
        err.matches("the declared status `on-track` has no note")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(
        err.matches("update text has no `en` translation").count(),
        1,
        "{err}"
    );
    assert!(
        stdout(&out).contains("+ chargers 2024-Q4"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("+ update 2024-10-15"),
        "{}",
        stdout(&out)
    );
    let check = gongkai_in(root, &["check", "--strict"]);
    assert_eq!(
        code(&check),
        1,
        "check --strict refuses what --strict refused"
    );
}
