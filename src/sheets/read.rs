//! Reading a filled sheet back: `.xlsx` through calamine, `.csv` as UTF-8
//! (with or without a byte-order mark) or, when it is not valid UTF-8, as
//! GB18030 (what Excel saves in a Chinese locale). Columns are found by the
//! key in their header, in any order.
//!
//! Cells become text as a body typed them where the file kept that:
//! - a text cell is its text (a value typed as text, `1.60`, keeps its
//!   digits; the export formats the fill columns as text for this);
//! - a number cell is the number Excel stored, written with at most 15
//!   significant digits as Excel shows it in the General format: a number
//!   typed into a number cell has already lost trailing zeros (`1.60` is
//!   stored as 1.6) and a display format does not bring them back, and the
//!   stored value, not a rounded display (`0.1235` shown as `0.12`), is read;
//! - a date cell is its day, `YYYY-MM-DD`;
//! - a formula cell is its cached result.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::columns;

/// Where a cell is, as a problem names it: `Sheet!C5` in a workbook,
/// `5:3` (row, column) in a CSV file.
pub type At = String;

/// A cell's text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub at: At,
    /// Whether the workbook stored it as a date (Excel turns a typed
    /// `2024-09` into the first of September).
    pub date: bool,
}

/// A row with at least one non-empty cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row as a problem about the whole row names it (`Sheet!A5`, `5:1`).
    pub at: At,
    pub cells: BTreeMap<String, Cell>,
    /// Cells that hold something the import cannot read (an Excel error).
    pub bad: Vec<(At, String)>,
}

/// What a file held.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Problems with the file's shape: `(at, message, is_error)`.
    pub notes: Vec<(At, String, bool)>,
}

/// Reads an `.xlsx` workbook, every sheet.
pub fn xlsx(bytes: &[u8], languages: &[&str]) -> Result<Table, String> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    let mut table = Table::default();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let Some((row0, col0)) = range.start() else {
            continue;
        };
        let at = |r: usize, c: usize| {
            format!(
                "{name}!{}{}",
                columns::letters(col0 + c as u32),
                row0 as usize + r + 1
            )
        };
        let mut grid: Vec<Vec<Result<String, String>>> = Vec::new();
        let mut dates = BTreeSet::new();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if matches!(cell, Data::DateTime(_) | Data::DateTimeIso(_)) {
                    dates.insert((r, c));
                }
            }
            grid.push(row.iter().map(cell_text).collect());
        }
        read_grid(&mut table, &grid, &dates, languages, &at);
    }
    Ok(table)
}

/// Reads a CSV file.
pub fn csv(bytes: &[u8], languages: &[&str]) -> Result<Table, String> {
    let text = decode(bytes)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a readable CSV file: {e}"))?;
        // The line a record starts on (a quoted cell may span lines).
        let byte = record.position().map_or(0, |p| p.byte() as usize);
        lines.push(
            text.as_bytes()[..(byte + 1).min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
        );
        grid.push(record.iter().map(|s| Ok(s.to_string())).collect());
    }
    let mut table = Table::default();
    read_grid(&mut table, &grid, &BTreeSet::new(), languages, &|r, c| {
        format!("{}:{}", lines[r], c + 1)
    });
    Ok(table)
}

/// The text of a CSV file: UTF-8 without its byte-order mark, else GB18030.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err("the file is neither UTF-8 nor GB18030 text".to_string())
            } else {
                Ok(text.into_owned())
            }
        }
    }
}

/// The header row is the first non-empty row; each later non-empty row is
/// a row of cells by column key.
fn read_grid(
    table: &mut Table,
    grid: &[Vec<Result<String, String>>],
    dates: &BTreeSet<(usize, usize)>,
    languages: &[&str],
    at: &dyn Fn(usize, usize) -> At,
) {
    let filled = |row: &Vec<Result<String, String>>| {
        row.iter()
            .any(|c| c.as_ref().map_or(true, |s| !s.trim().is_empty()))
    };
    let Some(header_row) = grid.iter().position(filled) else {
        return;
    };
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut seen: BTreeMap<String, At> = BTreeMap::new();
    for (c, cell) in grid[header_row].iter().enumerate() {
        let key = cell.as_ref().ok().and_then(|h| columns::key_of(h));
        let key = match key {
            Some(k) if columns::is_known(&k, languages) => {
                if let Some(first) = seen.get(&k) {
                    table.notes.push((
                        at(header_row, c),
                        format!(
                            "a second `{k}` column (the first is at {first}); the first is read"
                        ),
                        false,
                    ));
                    None
                } else {
                    seen.insert(k.clone(), at(header_row, c));
                    Some(k)
                }
            }
            Some(k) => {
                let known = columns::columns(languages);
                let message = crate::diagnostics::with_did_you_mean(
                    format!("unknown column `{k}` is ignored"),
                    &k,
                    known.iter().map(|c| c.key.as_str()),
                );
                table.notes.push((at(header_row, c), message, false));
                None
            }
            None => None,
        };
        keys.push(key);
    }
    if !seen.contains_key("ref") {
        table.notes.push((
            at(header_row, 0),
            "the sheet has no `ref` column: the import cannot tell which record a row is for"
                .to_string(),
            true,
        ));
        return;
    }
    for (r, row) in grid.iter().enumerate().skip(header_row + 1) {
        if !filled(row) {
            continue;
        }
        let mut out = Row {
            at: at(r, 0),
            cells: BTreeMap::new(),
            bad: Vec::new(),
        };
        for (c, cell) in row.iter().enumerate() {
            let Some(Some(key)) = keys.get(c) else {
                continue;
            };
            match cell {
                Ok(s) if s.trim().is_empty() => {}
                Ok(s) => {
                    out.cells.insert(
                        key.clone(),
                        Cell {
                            text: s.trim().to_string(),
                            at: at(r, c),
                            date: dates.contains(&(r, c)),
                        },
                    );
                }
                Err(e) => out.bad.push((at(r, c), e.clone())),
            }
        }
        table.rows.push(out);
    }
}

/// A workbook cell as text (see the module's notes); `Err` for a cell that
/// holds an Excel error.
pub fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the Excel error {e}")),
    })
}

/// A stored number as Excel shows it in the General format: at most 15
/// significant digits, no trailing zeros (`0.30000000000000004` → `0.3`).
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let s = crate::yaml::format_f64(rounded);
    // Never an exponent: a value cell wants plain digits.
    if s.contains('e') {
        let mut s = format!("{rounded:.15}");
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        return s;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(1.6), "1.6");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(27391.0), "27391");
        assert_eq!(number_text(-2.5), "-2.5");
        assert_eq!(number_text(1e-7), "0.0000001");
        assert_eq!(number_text(123456789012345680.0), "123456789012346000");
    }

    #[test]
    fn cells_of_every_kind() {
        assert_eq!(cell_text(&Data::String("1.60".into())).unwrap(), "1.60");
        assert_eq!(cell_text(&Data::Float(1.60)).unwrap(), "1.6");
        assert_eq!(cell_text(&Data::Int(2023)).unwrap(), "2023");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-10-01T00:00:00".into())).unwrap(),
            "2024-10-01"
        );
        let day =
            calamine::ExcelDateTime::new(45566.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)).unwrap(), "2024-10-01");
        assert!(cell_text(&Data::Error(calamine::CellErrorType::Value)).is_err());
    }

    #[test]
    fn csv_in_utf8_with_or_without_bom_and_in_gb18030() {
        let text = "编号 (ref),数值 (value)\r\nworks/a/b,1.60\r\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &bom, &gb] {
            let t = csv(bytes, &["zh"]).unwrap();
            assert_eq!(t.rows.len(), 1);
            let value = &t.rows[0].cells["value"];
            assert_eq!((value.text.as_str(), value.at.as_str()), ("1.60", "2:2"));
        }
        assert!(decode(b"\xff\xff\xff").is_err());
    }

    #[test]
    fn columns_by_key_in_any_order_unknown_ones_warned() {
        let t = csv("value,extra,ref\n5,x,works/a\n,,\n".as_bytes(), &["zh"]).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells["ref"].text, "works/a");
        assert_eq!(t.rows[0].cells["value"].at, "2:1");
        assert_eq!(t.notes.len(), 1);
        assert!(t.notes[0].1.contains("unknown column `extra`"));
        let none = csv(b"value\n5\n", &["zh"]).unwrap();
        assert!(none.notes[0].2, "a sheet without ref is an error");
    }
}
