//! Reading a filled sheet back: `.xlsx` through calamine, `.csv` as UTF-8
//! (with or without a byte-order mark) or as GB18030 (what Excel saves in a
//! Chinese locale) when a detector made for the job (`chardetng`) says the
//! bytes look like it; any other encoding is refused, naming it, rather than
//! read as garbage. Columns are found by the key in their header, in any
//! order.
//!
//! Nothing is materialised before the file is known to be within the limits
//! ([`MAX_FILE_BYTES`], [`MAX_UNZIPPED_BYTES`], [`MAX_ROWS`],
//! [`MAX_COLUMNS`], [`MAX_CELLS`]): a workbook's zip entries by their
//! declared sizes (which the zip reader then holds them to), a sheet by the
//! range its `<dimension>` declares, then every cell as it streams past; only
//! filled cells are kept.
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
//! - a formula cell is its saved result; a formula whose result the file
//!   does not hold (a workbook written by a program that does not
//!   calculate) is a problem at its cell, never an empty cell.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError, XlsxFormulaMetadata};

use super::columns;

/// Largest sheet file read, `.xlsx` or `.csv`: a body's sheet is a few
/// hundred kilobytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest sum of the sizes a workbook's zip entries declare unpacked.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
/// Most rows of a sheet (its last row number) and of a CSV file.
pub const MAX_ROWS: u32 = 100_000;
/// Most columns of a sheet or a CSV record (the export writes about 25).
pub const MAX_COLUMNS: u32 = 256;
/// Most cells: of the range a sheet declares, and filled in one file.
pub const MAX_CELLS: u64 = 4_000_000;

/// Where a cell is, as a problem names it: `Sheet!C5` in a workbook,
/// `5:3` (line, column) in a CSV file.
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

/// A cell the import cannot read.
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// The cell holds an Excel error value (`#DIV/0!`, `#REF!`…).
    ExcelError(String),
    /// A formula whose result the file does not hold (the formula's text
    /// when the file gives it).
    NoFormulaResult(Option<String>),
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellProblem::ExcelError(e) => write!(f, "the cell holds the Excel error {e}"),
            CellProblem::NoFormulaResult(Some(formula)) => write!(
                f,
                "the cell holds the formula `={formula}` but not its result: the file was saved without calculating it"
            ),
            CellProblem::NoFormulaResult(None) => write!(
                f,
                "the cell holds a formula but not its result: the file was saved without calculating it"
            ),
        }
    }
}

impl CellProblem {
    pub fn hint(&self) -> &'static str {
        match self {
            CellProblem::ExcelError(_) => "type the value itself into the cell",
            CellProblem::NoFormulaResult(_) => {
                "open the file in Excel or LibreOffice and save it again, so that the result is stored with the formula; or type the value itself into the cell (a formula meant to give nothing: clear the cell)"
            }
        }
    }
}

/// A row with at least one non-empty cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row as a problem about the whole row names it (`Sheet!A5`, `5:1`).
    pub at: At,
    pub cells: BTreeMap<String, Cell>,
    /// Cells that hold something the import cannot read.
    pub bad: Vec<(At, CellProblem)>,
    place: Place,
}

/// Where a row is: enough to name any of its cells, an empty one too.
#[derive(Debug, Clone)]
struct Place {
    sheet: Option<Arc<str>>,
    /// The row's number in the sheet, or its line in a CSV file.
    row: u32,
    /// Each known column's key → its index.
    columns: Arc<BTreeMap<String, u32>>,
}

impl Row {
    /// The row's cell in the column of `key`, filled or empty: where a
    /// problem about that cell is reported. The row itself when the sheet
    /// has no such column.
    pub fn cell_at(&self, key: &str) -> At {
        if let Some(c) = self.cells.get(key) {
            return c.at.clone();
        }
        match self.place.columns.get(key) {
            Some(&col) => address(self.place.sheet.as_deref(), self.place.row, col),
            None => self.at.clone(),
        }
    }
}

/// What a file held.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Problems with the file's shape.
    pub notes: Vec<Note>,
}

/// A problem with a sheet's header.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub at: At,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// A column whose key an earlier column has (`first`).
    SecondColumn { key: String, first: At },
    /// A header key that is no column of the export.
    UnknownColumn { key: String, guess: Option<String> },
    /// No `ref` column: no row can be read (an error).
    NoRef,
    /// No filled cell in the whole file, not even a header row (an error:
    /// a sheet saved empty by mistake must not pass as "nothing filled").
    Empty,
}

impl Note {
    pub fn is_error(&self) -> bool {
        matches!(self.kind, NoteKind::NoRef | NoteKind::Empty)
    }

    pub fn hint(&self) -> Option<&'static str> {
        match self.kind {
            NoteKind::Empty => Some(
                "the file was saved empty, or it is another file: import the sheet `gongkai sheet export` wrote, filled",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            NoteKind::SecondColumn { key, first } => write!(
                f,
                "a second `{key}` column (the first is at {first}); the first is read"
            ),
            NoteKind::UnknownColumn { key, guess } => {
                write!(f, "unknown column `{key}` is ignored")?;
                if let Some(g) = guess {
                    write!(f, ", did you mean `{g}`?")?;
                }
                Ok(())
            }
            NoteKind::NoRef => write!(
                f,
                "the sheet has no `ref` column: the import cannot tell which record a row is for"
            ),
            NoteKind::Empty => write!(
                f,
                "the file has no filled cell, not even the header row: it is not a filled export"
            ),
        }
    }
}

/// Why a sheet file cannot be read at all (exit 2).
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Neither `.xlsx` nor `.csv`.
    Extension,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        bytes: u64,
    },
    /// A CSV file that is neither UTF-8 nor plausibly GB18030.
    Encoding(Encoding),
    Csv(::csv::Error),
    /// The `.xlsx` file is not a readable zip archive.
    Zip(zip::result::ZipError),
    /// Its entries declare more than [`MAX_UNZIPPED_BYTES`] unpacked.
    Unzipped {
        bytes: u64,
    },
    Workbook(XlsxError),
    /// A sheet declares a range beyond the limits.
    Dimension {
        sheet: String,
        range: String,
        rows: u64,
        columns: u64,
    },
    /// A cell beyond [`MAX_ROWS`] or [`MAX_COLUMNS`] (in a sheet whose
    /// declared range did not say so).
    FarCell {
        at: At,
    },
    /// A CSV file with more than [`MAX_ROWS`] rows.
    Rows {
        line: usize,
    },
    /// A CSV record with more than [`MAX_COLUMNS`] cells.
    Columns {
        line: usize,
        cells: usize,
    },
    /// More than [`MAX_CELLS`] filled cells.
    Cells,
}

/// What a file that is not UTF-8 looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum Encoding {
    /// UTF-16 by its byte-order mark (Excel's "Unicode Text").
    Utf16,
    /// UTF-8 but for an encoded half of a UTF-16 pair (a lone surrogate).
    Surrogate { line: usize, bytes: Vec<u8> },
    /// UTF-8 after a UTF-8 byte-order mark, but for bytes that are not.
    BadUtf8 { line: usize, bytes: Vec<u8> },
    /// Another encoding, by the detector's guess (`Big5`, `Shift_JIS`…).
    Other {
        name: &'static str,
        line: usize,
        bytes: Vec<u8>,
    },
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Encoding::Utf16 => write!(f, "the file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8"),
            Encoding::Surrogate { line, bytes } => write!(
                f,
                "the file is not valid UTF-8: line {line} holds the bytes {}, half of a UTF-16 pair (a lone surrogate), which is no character",
                hex(bytes)
            ),
            Encoding::BadUtf8 { line, bytes } => write!(
                f,
                "the file starts as UTF-8 (a byte-order mark) but line {line} holds the bytes {}, which are not UTF-8",
                hex(bytes)
            ),
            Encoding::Other { name, line, bytes } => write!(
                f,
                "the file is not UTF-8 (line {line} holds the bytes {}) and looks like {name} text, not GB18030",
                hex(bytes)
            ),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::Extension => write!(f, "a sheet is an .xlsx or a .csv file"),
            ReadError::TooLarge { bytes } => write!(
                f,
                "the file is {}, more than the {} a sheet may be",
                mib(*bytes),
                mib(MAX_FILE_BYTES)
            ),
            ReadError::Encoding(e) => e.fmt(f),
            ReadError::Csv(e) => write!(f, "not a readable CSV file: {e}"),
            ReadError::Zip(e) => write!(f, "not a readable .xlsx workbook: {e}"),
            ReadError::Unzipped { bytes } => write!(
                f,
                "the workbook unpacks to {}, more than the {} a sheet may unpack to",
                mib(*bytes),
                mib(MAX_UNZIPPED_BYTES)
            ),
            ReadError::Workbook(e) => write!(f, "not a readable .xlsx workbook: {e}"),
            ReadError::Dimension {
                sheet,
                range,
                rows,
                columns,
            } => write!(
                f,
                "sheet `{sheet}` spans {range} ({rows} rows, {columns} columns): a sheet may reach row {MAX_ROWS} and column {} ({MAX_COLUMNS}), and hold {MAX_CELLS} cells",
                columns::letters(MAX_COLUMNS - 1),
            ),
            ReadError::FarCell { at } => write!(
                f,
                "a cell at {at}: a sheet may reach row {MAX_ROWS} and column {} ({MAX_COLUMNS})",
                columns::letters(MAX_COLUMNS - 1)
            ),
            ReadError::Rows { line } => write!(
                f,
                "line {line} is row {}: a sheet may have at most {MAX_ROWS} rows",
                MAX_ROWS + 1
            ),
            ReadError::Columns { line, cells } => write!(
                f,
                "line {line} has {cells} cells: a row may have at most {MAX_COLUMNS}"
            ),
            ReadError::Cells => write!(
                f,
                "more than {MAX_CELLS} filled cells: a sheet file may hold at most {MAX_CELLS}"
            ),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            ReadError::Csv(e) => Some(e),
            ReadError::Zip(e) => Some(e),
            ReadError::Workbook(e) => Some(e),
            _ => None,
        }
    }
}

impl ReadError {
    /// What to do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ReadError::Extension => Some(
                "save the sheet as .xlsx (or .csv): a LibreOffice (.ods), WPS (.et) or old Excel (.xls) file is not read; in LibreOffice, File > Save As with the file type \"Excel 2007-365 (.xlsx)\"",
            ),
            ReadError::Encoding(_) => Some(
                "save the file as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, Save As \"Text CSV\", tick \"Edit filter settings\" and choose the character set \"Unicode (UTF-8)\"",
            ),
            ReadError::Dimension { .. } | ReadError::FarCell { .. } => Some(
                "delete the rows and columns beyond the sheet's rows (select them, Delete Rows / Delete Columns) and save again; or import the exported sheet, filled",
            ),
            ReadError::TooLarge { .. }
            | ReadError::Unzipped { .. }
            | ReadError::Rows { .. }
            | ReadError::Columns { .. }
            | ReadError::Cells => Some(
                "a sheet holds the rows of one export; split a larger one by body (sheet export --unit) and import the files one by one",
            ),
            _ => None,
        }
    }
}

/// A sheet file that cannot be read, and why.
#[derive(Debug)]
pub struct FileError {
    pub file: String,
    pub error: ReadError,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.error)?;
        if let Some(h) = self.error.hint() {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Reads a sheet file, `.xlsx` or `.csv` by its extension, its size
/// checked before a byte is read.
pub fn file(path: &Path, languages: &[&str]) -> Result<Table, FileError> {
    let fail = |error| FileError {
        file: path.display().to_string(),
        error,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let read: fn(&[u8], &[&str]) -> Result<Table, ReadError> = match ext.as_deref() {
        Some("xlsx") => xlsx,
        Some("csv") => csv,
        _ => return Err(fail(ReadError::Extension)),
    };
    let bytes = std::fs::metadata(path)
        .map_err(ReadError::Io)
        .and_then(|m| {
            if m.len() > MAX_FILE_BYTES {
                Err(ReadError::TooLarge { bytes: m.len() })
            } else {
                std::fs::read(path).map_err(ReadError::Io)
            }
        })
        .map_err(fail)?;
    read(&bytes, languages).map_err(fail)
}

/// A cell's address: `Sheet!C5`, or `line:column` in a CSV file.
fn address(sheet: Option<&str>, row: u32, col: u32) -> At {
    match sheet {
        Some(name) => format!("{name}!{}{row}", columns::letters(col)),
        None => format!("{row}:{}", col + 1),
    }
}

/// A cell as read: its text and whether it is a date, or why not.
type Raw = Result<(String, bool), CellProblem>;

/// The sum of the sizes the zip's entries declare: the zip reader holds
/// each entry to its declared size, so this bounds what unpacking makes.
fn unzipped_size(bytes: &[u8]) -> Result<u64, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(ReadError::Zip)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(ReadError::Zip)?;
        total = total.saturating_add(entry.size());
    }
    Ok(total)
}

/// Reads an `.xlsx` workbook, every sheet.
pub fn xlsx(bytes: &[u8], languages: &[&str]) -> Result<Table, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let unzipped = unzipped_size(bytes)?;
    if unzipped > MAX_UNZIPPED_BYTES {
        return Err(ReadError::Unzipped { bytes: unzipped });
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(ReadError::Workbook)?;
    let mut table = Table::default();
    let mut filled: u64 = 0;
    let mut headers = false;
    let mut first_sheet = None;
    for name in book.sheet_names() {
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // A chart sheet or a dialog sheet: no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(ReadError::Workbook(e)),
        };
        let d = reader.dimensions();
        let rows = u64::from(d.end.0) + 1;
        let cols = u64::from(d.end.1) + 1;
        if rows > u64::from(MAX_ROWS) || cols > u64::from(MAX_COLUMNS) || d.len() > MAX_CELLS {
            let start = format!("{}{}", columns::letters(d.start.1), d.start.0 + 1);
            let end = format!("{}{}", columns::letters(d.end.1), d.end.0 + 1);
            return Err(ReadError::Dimension {
                sheet: name.clone(),
                range: if start == end {
                    start
                } else {
                    format!("{start}:{end}")
                },
                rows: rows - u64::from(d.start.0),
                columns: cols - u64::from(d.start.1),
            });
        }
        let mut cells: BTreeMap<u32, Vec<(u32, Raw)>> = BTreeMap::new();
        while let Some(cell) = reader
            .next_cell_with_formula_metadata()
            .map_err(ReadError::Workbook)?
        {
            let (r, c) = cell.pos;
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(ReadError::FarCell {
                    at: address(Some(&name), r.saturating_add(1), c),
                });
            }
            let no_result = match &cell.value {
                DataRef::Empty => true,
                DataRef::String(s) => s.is_empty(),
                DataRef::SharedString(s) => s.is_empty(),
                _ => false,
            };
            let raw = match cell.formula {
                Some(f) if no_result => Err(CellProblem::NoFormulaResult(match f {
                    XlsxFormulaMetadata::Normal { formula }
                    | XlsxFormulaMetadata::Shared { formula, .. } => Some(formula),
                    _ => None,
                })),
                _ => {
                    let data: Data = cell.value.into();
                    if data == Data::Empty {
                        continue;
                    }
                    let date = matches!(data, Data::DateTime(_) | Data::DateTimeIso(_));
                    cell_text(&data).map(|t| (t, date))
                }
            };
            filled += 1;
            if filled > MAX_CELLS {
                return Err(ReadError::Cells);
            }
            cells.entry(r).or_default().push((c, raw));
        }
        let sheet: Arc<str> = Arc::from(name.as_str());
        first_sheet.get_or_insert_with(|| sheet.clone());
        headers |= read_rows(
            &mut table,
            Some(sheet),
            cells.into_iter().map(|(r, cells)| (r + 1, cells)),
            languages,
        );
    }
    if !headers {
        table.empty(first_sheet.as_deref());
    }
    Ok(table)
}

/// Reads a CSV file.
pub fn csv(bytes: &[u8], languages: &[&str]) -> Result<Table, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let text = decode(bytes)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Lines are counted as the records go: `newlines` in `text[..counted]`.
    let (mut counted, mut newlines) = (0usize, 0usize);
    let mut filled: u64 = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(ReadError::Csv)?;
        // The line a record starts on (a quoted cell may span lines).
        let byte = record.position().map_or(0, |p| p.byte() as usize);
        let end = (byte + 1).min(text.len());
        if end > counted {
            newlines += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..end]).count();
            counted = end;
        }
        let line = newlines + 1;
        if i >= MAX_ROWS as usize {
            return Err(ReadError::Rows { line });
        }
        if record.len() > MAX_COLUMNS as usize {
            return Err(ReadError::Columns {
                line,
                cells: record.len(),
            });
        }
        let cells: Vec<(u32, Raw)> = record
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(c, s)| (c as u32, Ok((s.to_string(), false))))
            .collect();
        filled += cells.len() as u64;
        if filled > MAX_CELLS {
            return Err(ReadError::Cells);
        }
        rows.push((line as u32, cells));
    }
    let mut table = Table::default();
    if !read_rows(&mut table, None, rows.into_iter(), languages) {
        table.empty(None);
    }
    Ok(table)
}

/// The text of a CSV file: UTF-8 without its byte-order mark, or GB18030
/// when the bytes look like it; any other encoding is an error naming it.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    let line_of = |b: &[u8], at: usize| memchr::memchr_iter(b'\n', &b[..at]).count() + 1;
    let bad = |b: &[u8], at: usize| b[at..].iter().take(3).copied().collect::<Vec<u8>>();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(str::to_string).map_err(|e| {
            let at = e.valid_up_to();
            ReadError::Encoding(Encoding::BadUtf8 {
                line: line_of(rest, at),
                bytes: bad(rest, at),
            })
        });
    }
    let at = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(s.to_string()),
        Err(e) => e.valid_up_to(),
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Encoding(Encoding::Utf16));
    }
    let (line, first) = (line_of(bytes, at), bad(bytes, at));
    // ED A0..BF: the UTF-8 form of a surrogate, which some programs write
    // for half of a UTF-16 pair; no other encoding makes the file so.
    if matches!(bytes[at..], [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..]) {
        return Err(ReadError::Encoding(Encoding::Surrogate {
            line,
            bytes: first,
        }));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // No top-level domain: a `cn` one would tilt every guess to GBK.
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    Err(ReadError::Encoding(Encoding::Other {
        name: guess.name(),
        line,
        bytes: first,
    }))
}

/// The columns that take a day (`period` also a longer period).
const DAY_COLUMNS: [&str; 3] = ["period", "done", "source_date"];

/// `2023/9/30` as `2023-09-30`: Excel in a Chinese locale turns a typed
/// day into a date cell and writes it so into a CSV file. The cell is then
/// read as a date cell, as in a workbook (a 1st of the month is warned
/// about as a month Excel may have turned into a day).
fn slashed_day(s: &str) -> Option<String> {
    let mut parts = s.split('/');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    crate::period::Date::parse(&iso).map(|_| iso)
}

impl Table {
    /// Notes a file without a single filled cell, at its first cell.
    fn empty(&mut self, sheet: Option<&str>) {
        self.notes.push(Note {
            at: address(sheet, 1, 0),
            kind: NoteKind::Empty,
        });
    }
}

/// The header row is the first row with a filled cell; each later such
/// row is a row of cells by column key. `rows` are the filled cells of
/// each row, by the row's number (a CSV file's line), in order. False
/// when there is no header row (no filled cell at all).
fn read_rows(
    table: &mut Table,
    sheet: Option<Arc<str>>,
    rows: impl Iterator<Item = (u32, Vec<(u32, Raw)>)>,
    languages: &[&str],
) -> bool {
    let filled = |cells: &[(u32, Raw)]| {
        cells
            .iter()
            .any(|(_, c)| c.as_ref().map_or(true, |(s, _)| !s.trim().is_empty()))
    };
    let mut rows = rows.filter(|(_, cells)| filled(cells));
    let Some((header_row, mut header)) = rows.next() else {
        return false;
    };
    header.sort_by_key(|(c, _)| *c);
    let at = |row: u32, col: u32| address(sheet.as_deref(), row, col);
    let mut keys: BTreeMap<u32, String> = BTreeMap::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (c, cell) in &header {
        let Some(key) = cell.as_ref().ok().and_then(|(h, _)| columns::key_of(h)) else {
            continue;
        };
        if !columns::is_known(&key, languages) {
            let known = columns::columns(languages);
            let guess =
                crate::diagnostics::did_you_mean(&key, known.iter().map(|c| c.key.as_str()))
                    .map(str::to_string);
            table.notes.push(Note {
                at: at(header_row, *c),
                kind: NoteKind::UnknownColumn { key, guess },
            });
        } else if let Some(&first) = seen.get(&key) {
            table.notes.push(Note {
                at: at(header_row, *c),
                kind: NoteKind::SecondColumn {
                    key,
                    first: at(header_row, first),
                },
            });
        } else {
            seen.insert(key.clone(), *c);
            keys.insert(*c, key);
        }
    }
    if !seen.contains_key("ref") {
        let first = header.first().map_or(0, |(c, _)| *c);
        table.notes.push(Note {
            at: at(header_row, first),
            kind: NoteKind::NoRef,
        });
        return true;
    }
    let first_col = header.first().map_or(0, |(c, _)| *c);
    let columns = Arc::new(seen);
    for (r, cells) in rows {
        let mut out = Row {
            at: at(r, first_col),
            cells: BTreeMap::new(),
            bad: Vec::new(),
            place: Place {
                sheet: sheet.clone(),
                row: r,
                columns: Arc::clone(&columns),
            },
        };
        for (c, cell) in cells {
            let Some(key) = keys.get(&c) else {
                continue;
            };
            match cell {
                Ok((s, _)) if s.trim().is_empty() => {}
                Ok((s, date)) => {
                    let slashed = DAY_COLUMNS
                        .contains(&key.as_str())
                        .then(|| slashed_day(s.trim()))
                        .flatten();
                    out.cells.insert(
                        key.clone(),
                        Cell {
                            text: slashed.clone().unwrap_or_else(|| s.trim().to_string()),
                            at: at(r, c),
                            date: date || slashed.is_some(),
                        },
                    );
                }
                Err(e) => out.bad.push((at(r, c), e)),
            }
        }
        table.rows.push(out);
    }
    true
}

/// A workbook cell as text (see the module's notes); `Err` for a cell that
/// holds an Excel error.
pub fn cell_text(cell: &Data) -> Result<String, CellProblem> {
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
        Data::Error(e) => return Err(CellProblem::ExcelError(e.to_string())),
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
        assert!(t.notes[0].to_string().contains("unknown column `extra`"));
        let none = csv(b"value\n5\n", &["zh"]).unwrap();
        assert!(none.notes[0].is_error(), "a sheet without ref is an error");
    }

    #[test]
    fn encodings_other_than_utf8_and_gb18030_are_refused_naming_them() {
        let text = "编号 (ref),进展情况 (text_zh)\r\nworks/a,第二批交易已經完成。臺灣區域\r\n";
        let looks = |bytes: &[u8]| match decode(bytes) {
            Err(ReadError::Encoding(e)) => e,
            other => panic!("{other:?}"),
        };
        let (big5, _, _) = encoding_rs::BIG5.encode(text);
        assert!(matches!(
            looks(&big5),
            Encoding::Other {
                name: "Big5",
                line: 1,
                ..
            }
        ));
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("参照 (ref)\r\nworks/a,取引が完了しました\r\n");
        assert!(matches!(
            looks(&sjis),
            Encoding::Other {
                name: "Shift_JIS",
                ..
            }
        ));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(looks(&utf16), Encoding::Utf16);
        let surrogate = b"ref,text_zh\nworks/a,a\xED\xA0\x80b\n";
        assert_eq!(
            looks(surrogate),
            Encoding::Surrogate {
                line: 2,
                bytes: vec![0xED, 0xA0, 0x80]
            }
        );
        let bad_after_bom = b"\xEF\xBB\xBFref\nworks/\xFF\n";
        assert!(matches!(
            looks(bad_after_bom),
            Encoding::BadUtf8 { line: 2, .. }
        ));
        // GB18030, four-byte sequences too, is read.
        let (gb, _, _) = encoding_rs::GB18030.encode("编号 (ref)\r\nworks/a,𠀀㐀完成\r\n");
        assert_eq!(decode(&gb).unwrap(), "编号 (ref)\r\nworks/a,𠀀㐀完成\r\n");
    }

    #[test]
    fn a_csv_beyond_the_row_or_column_limit_is_refused() {
        let mut text = String::from("ref\n");
        for _ in 0..MAX_ROWS {
            text.push_str("a\n");
        }
        let err = csv(text.as_bytes(), &["zh"]).unwrap_err();
        assert!(
            matches!(err, ReadError::Rows { line } if line == MAX_ROWS as usize + 1),
            "{err}"
        );
        let wide = format!("ref{}\nworks/a\n", ",x".repeat(MAX_COLUMNS as usize));
        let err = csv(wide.as_bytes(), &["zh"]).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::Columns {
                    line: 1,
                    cells: 257
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_empty_csv_or_workbook_is_an_error_not_nothing_filled() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\r\n,,\r\n"] {
            let t = csv(bytes, &["zh"]).unwrap();
            assert_eq!(t.notes.len(), 1, "{bytes:?}");
            assert!(
                t.notes[0].is_error() && t.notes[0].at == "1:1",
                "{:?}",
                t.notes
            );
            assert!(t.notes[0].to_string().contains("no filled cell"));
            assert!(t.notes[0].hint().is_some());
        }
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().set_name("S").unwrap();
        book.add_worksheet().set_name("T").unwrap();
        let t = xlsx(&book.save_to_buffer().unwrap(), &["zh"]).unwrap();
        assert!(
            t.notes.len() == 1 && t.notes[0].is_error() && t.notes[0].at == "S!A1",
            "{:?}",
            t.notes
        );
        // A header alone is an export with nothing filled: no error; nor is
        // an empty sheet beside a filled one.
        assert!(csv("编号 (ref)\n".as_bytes(), &["zh"])
            .unwrap()
            .notes
            .is_empty());
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .write_string(0, 0, "编号 (ref)")
            .unwrap();
        book.add_worksheet();
        assert!(xlsx(&book.save_to_buffer().unwrap(), &["zh"])
            .unwrap()
            .notes
            .is_empty());
    }

    #[test]
    fn a_csv_day_written_2023_9_30_by_excel_is_read_as_2023_09_30() {
        let t = csv(
            "ref,period,done,source_date,text_zh\nworks/a,2023/9/30,2023/10/1,2023/02/30,2023/9/30\n"
                .as_bytes(),
            &["zh"],
        )
        .unwrap();
        let cells = &t.rows[0].cells;
        assert_eq!(cells["period"].text, "2023-09-30");
        assert!(cells["period"].date);
        assert_eq!(cells["done"].text, "2023-10-01");
        // No such day: left as typed, for the import to refuse at its cell.
        assert_eq!(cells["source_date"].text, "2023/02/30");
        assert!(!cells["source_date"].date);
        // A text column keeps what was typed.
        assert_eq!(cells["text_zh"].text, "2023/9/30");
        for not_a_day in [
            "23/9/30",
            "2023/9",
            "2023/9/30/1",
            "2023/009/30",
            "2023/9/3x",
        ] {
            assert_eq!(slashed_day(not_a_day), None, "{not_a_day}");
        }
    }

    /// A workbook of one sheet `S`: `ref` in A1, `x` at (row, col).
    fn book_with_cell(row: u32, col: u16) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("S").unwrap();
        ws.write_string(0, 0, "编号 (ref)").unwrap();
        ws.write_string(row, col, "x").unwrap();
        book.save_to_buffer().unwrap()
    }

    /// The workbook with each entry rewritten by `edit` (name, bytes).
    fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&edit(&name, data)).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_far_cell_is_refused_by_the_sheets_declared_range() {
        let err = xlsx(&book_with_cell(1_048_575, 16_383), &["zh"]).unwrap_err();
        assert!(
            matches!(&err, ReadError::Dimension { range, rows: 1_048_576, columns: 16_384, .. } if range == "A1:XFD1048576"),
            "{err}"
        );
    }

    #[test]
    fn a_lying_dimension_is_caught_at_the_far_cell() {
        let book = rezip(&book_with_cell(1_048_575, 16_383), |name, data| {
            if name.starts_with("xl/worksheets/") {
                String::from_utf8(data)
                    .unwrap()
                    .replace(
                        "<dimension ref=\"A1:XFD1048576\"/>",
                        "<dimension ref=\"A1\"/>",
                    )
                    .into_bytes()
            } else {
                data
            }
        });
        let err = xlsx(&book, &["zh"]).unwrap_err();
        assert!(
            matches!(&err, ReadError::FarCell { at } if at == "S!XFD1048576"),
            "{err}"
        );
        // A sheet within the limits reads.
        let t = xlsx(&book_with_cell(3, 1), &["zh"]).unwrap();
        assert!(t.notes.is_empty() && t.rows.len() == 1);
    }

    #[test]
    fn a_zip_declaring_more_than_the_limit_unpacked_is_refused_before_unpacking() {
        // 300 MiB of spaces would take the test too long to compress: the
        // sizes an entry declares are what is checked, so one declares it.
        let mut book = book_with_cell(3, 1);
        let huge = (300u32 * 1024 * 1024).to_le_bytes();
        let at = book
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("a central directory entry");
        book[at + 24..at + 28].copy_from_slice(&huge);
        let err = xlsx(&book, &["zh"]).unwrap_err();
        assert!(matches!(err, ReadError::Unzipped { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("the workbook unpacks to 300.0 MiB"),
            "{err}"
        );
    }

    #[test]
    fn an_empty_cell_of_a_row_is_named_by_its_column() {
        let t = csv("ref,period,value\nworks/a,,5\n".as_bytes(), &["zh"]).unwrap();
        let row = &t.rows[0];
        assert_eq!(row.cell_at("period"), "2:2");
        assert_eq!(row.cell_at("value"), "2:3");
        assert_eq!(row.cell_at("done"), "2:1", "no such column: the row");
    }
}
