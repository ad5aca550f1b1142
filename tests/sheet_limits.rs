//! `sheet import` on files that are not what a body's filled sheet should
//! be: other encodings, formulas without results, workbooks and CSV files
//! far larger than a sheet. Each is refused with a message that names what
//! is wrong, and nothing is written.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use rust_xlsxwriter::{Formula, Workbook};

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

fn import(root: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["sheet", "import", file.to_str().unwrap()];
    args.extend(extra);
    gongkai_in(root, &args)
}

/// An update row for `works/reform` with `text` as its Chinese text.
fn update_csv(text: &str) -> String {
    format!("kind,ref,period,text_zh\r\nupdate,works/reform,2024-10-15,{text}\r\n")
}

/// Imports `bytes` as a CSV file: exit 2, nothing written; the message.
fn refused_csv(bytes: &[u8]) -> String {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let path = root.join("sheet.csv");
    std::fs::write(&path, bytes).unwrap();
    let before = snapshot(root);
    let out = import(root, &path, &[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(snapshot(root), before, "nothing written");
    stderr(&out)
}

#[test]
fn a_big5_csv_is_refused_naming_big5_not_written_as_garbage() {
    let text = update_csv("第二批交易已經完成，臺灣區域");
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&text);
    assert!(!unmappable);
    let err = refused_csv(&big5);
    assert!(err.contains("looks like Big5 text, not GB18030"), "{err}");
    assert!(err.contains("line 2 holds the bytes"), "{err}");
    assert!(err.contains("hint: save the file as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; in LibreOffice"), "{err}");
}

#[test]
fn a_shift_jis_csv_is_refused_naming_shift_jis() {
    let text = update_csv("第二回の取引が完了しました。");
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let err = refused_csv(&sjis);
    assert!(err.contains("looks like Shift_JIS text"), "{err}");
    assert!(err.contains("Unicode (UTF-8)"), "{err}");
}

#[test]
fn a_lone_surrogate_is_refused_at_its_line() {
    let mut bytes = update_csv("第二批交易完成").into_bytes();
    let at = bytes.len() - 2;
    bytes.splice(at..at, *b"\xED\xA0\x80");
    let err = refused_csv(&bytes);
    assert!(
        err.contains("line 2 holds the bytes ED A0 80, half of a UTF-16 pair (a lone surrogate)"),
        "{err}"
    );
}

#[test]
fn gb18030_and_utf8_with_a_bom_are_still_read() {
    let text = update_csv("第二批交易完成𠀀。");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    assert!(std::str::from_utf8(&gb).is_err());
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for bytes in [gb.to_vec(), bom] {
        let site = temp_site("followed", &[]);
        let root = site.path();
        let path = root.join("sheet.csv");
        std::fs::write(&path, bytes).unwrap();
        let out = import(root, &path, &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let yaml = std::fs::read_to_string(root.join("content/works/reform.yaml")).unwrap();
        assert!(yaml.contains("zh: 第二批交易完成𠀀。"), "{yaml}");
    }
}

/// A workbook with the header and one indicator row whose value cell is
/// a formula with `result` saved ("" for none, as a program that does not
/// calculate writes it).
fn formula_book(path: &Path, result: &str) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("台账").unwrap();
    for (c, k) in ["kind", "ref", "period", "value"].iter().enumerate() {
        ws.write_string(0, c as u16, format!("标签 ({k})")).unwrap();
    }
    ws.write_string(1, 0, "indicator").unwrap();
    ws.write_string(1, 1, "works/mixed/chargers").unwrap();
    ws.write_string(1, 2, "2024-Q4").unwrap();
    // LibreOffice's advice for formulas whose result is not calculated.
    ws.set_formula_result_default("");
    let formula = Formula::new("=150+20");
    let formula = if result.is_empty() {
        formula
    } else {
        formula.set_result(result)
    };
    ws.write_formula(1, 3, formula).unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_formula_without_a_saved_result_is_an_error_at_its_cell() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let path = root.join("formula.xlsx");
    formula_book(&path, "");
    let before = snapshot(root);
    let out = import(root, &path, &[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    let at = format!(
        "{}:台账!D2: error: the cell holds the formula `=150+20` but not its result",
        path.display()
    );
    assert!(err.contains(&at), "{err}");
    assert!(
        err.contains("hint: open the file in Excel or LibreOffice and save it again"),
        "{err}"
    );
    assert_eq!(snapshot(root), before, "nothing written");

    // With its result saved, the formula's cell is its result.
    formula_book(&path, "170");
    let out = import(root, &path, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let yaml = std::fs::read_to_string(root.join("content/works/mixed.yaml")).unwrap();
    assert!(yaml.contains("- {period: 2024-Q4, value: 170}"), "{yaml}");
}

#[test]
fn a_far_cell_workbook_is_refused_before_it_is_read() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let path = root.join("far.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("台账").unwrap();
    ws.write_string(0, 0, "编号 (ref)").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let out = import(root, &path, &["--dry-run"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sheet `台账` spans A1:XFD1048576 (1048576 rows, 16384 columns): a sheet may reach row 100000 and column IV (256)"),
        "{err}"
    );
    assert!(
        err.contains("hint: delete the rows and columns beyond"),
        "{err}"
    );
}

#[test]
fn a_csv_of_a_million_rows_is_refused_at_the_row_limit() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let path = root.join("rows.csv");
    let mut text = String::from("编号 (ref),数值 (value)\n");
    for _ in 0..1_000_000 {
        text.push_str("x,1\n");
    }
    std::fs::write(&path, text).unwrap();
    let out = import(root, &path, &["--dry-run"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 100001 is row 100001: a sheet may have at most 100000 rows"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_sheet_file_over_the_size_limit_is_refused_before_it_is_read() {
    let site = temp_site("followed", &[]);
    let root = site.path();
    let path = root.join("big.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    let out = import(root, &path, &["--dry-run"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the file is 65.0 MiB, more than the 64.0 MiB a sheet may be"),
        "{}",
        stderr(&out)
    );
}
