//! A plan's indicator table, as a clerk fills it in a spreadsheet, into
//! the measure files of a plan (SPEC §10, "Starting the next plan"): one
//! row per indicator, rows sharing a number and a title one measure.
//!
//! Values are read as plans print them (`≥90`, `80左右`, `稳步提升`,
//! `暂无`): the printed comparator is turned into its ASCII form and the
//! rest handed to the loader's decoding, which alone decides what a value
//! is. Every row is checked, every problem reported at its cell, and the
//! files are made only when none is wrong; the caller writes them through
//! the content writer after the whole site, with them, passes `check`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{Reader as _, Xlsx};

use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::load::decode::{self, Context};
use crate::load::reader::{slugify, Reader};
use crate::model::{Content, Spanned, Unit};
use crate::sheets::{columns, read};
use crate::yaml::emit::{document, flow_scalar, inline, item, text_on_one_line, Value};

/// The name of the template's guide sheet, which the import skips.
pub const GUIDE_SHEET: &str = "说明 (guide)";

/// The template's columns: key, Chinese label, what it holds, examples.
pub const COLUMNS: &[(&str, &str, &str, &str)] = &[
    ("number", "序号", "The plan's number of the item; rows sharing it (and the title) are one measure.", "1, 2, 11"),
    ("category", "类别", "The category the item is listed under: a category id or title of the collection.", "经济高质量发展"),
    ("measure", "事项", "The item's title as the plan writes it (required).", "人均生产总值"),
    ("indicator", "指标", "The indicator's name; empty on a key work without indicators (one row, indicator columns empty).", "恩格尔系数"),
    ("unit", "单位", "The indicator's unit, empty when the plan gives none.", "%, 万元"),
    ("baseline_period", "基期", "The baseline's period: a year, years (2021..2023) or a day.", "2022"),
    ("baseline", "基期值", "The baseline as published: a number, a comparator with a number, words, or 暂无 for none.", "8.9, ≥94.3, 暂无"),
    ("target_period", "目标期", "The target's period.", "2023"),
    ("target", "目标值", "The target as published: ≥90, 80左右 (about 80), 稳步提升, 完成上级下达目标, or a bare figure such as 1.6 (with direction `decrease` when lower is better).", "≥90, 80左右, 稳步提升"),
    ("direction", "方向", "Which way is better: increase, decrease (lower is better), maintain or none.", "increase"),
    ("lead", "牵头单位", "The lead body, by a name or alias of units.yaml; in 责任单位 a * before a name marks it too.", "区发改局"),
    ("units", "责任单位", "The other bodies, separated by 、", "经信局、农业农村局"),
    ("assessment", "评价等级", "The plan's assessment level, by name or id (plan.yaml's assessment_levels).", "省评价"),
    ("continues", "延续", "What the item continues: <plan>/<collection>/<measure> (one per line or separated by ;).", "2023/indicators/per-capita-gdp"),
    ("measure_en", "事项英文", "The title in English; it gives the measure's id (numbered m-01… without it).", "Per-capita GDP"),
    ("indicator_en", "指标英文", "The indicator's name in English; it gives the indicator's id.", "Per-capita GDP"),
    ("unit_en", "单位英文", "The unit in English.", "10,000 yuan"),
    ("baseline_en", "基期值英文", "The baseline's words in English, when it is words; without it the common wordings of plans are translated as the records do (稳步提升: Steady increase).", "Not available"),
    ("target_en", "目标值英文", "The target's words in English, when it is words; it wins over the translation the import knows.", "Meet the target set by higher authorities"),
];

/// The directions a row may give.
pub const DIRECTIONS: [&str; 4] = ["increase", "decrease", "maintain", "none"];

/// `label (key)`: a column's header.
pub fn header(key: &str) -> String {
    let label = COLUMNS.iter().find(|c| c.0 == key).map_or(key, |c| c.1);
    format!("{label} ({key})")
}

/// A cell's text and where it is (`Sheet!C5`, or `5:3` in a CSV file).
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub at: String,
}

/// One filled row: its cells by column key, and where each column is.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    pub cells: BTreeMap<String, Cell>,
    /// Where the row's cell of a column is, filled or not.
    pub places: BTreeMap<String, String>,
    pub at: String,
}

impl Row {
    fn get(&self, key: &str) -> Option<&str> {
        self.cells.get(key).map(|c| c.text.as_str())
    }

    /// `FILE:CELL`: where a problem with the column `key` is reported.
    fn at(&self, key: &str) -> String {
        let cell = self
            .cells
            .get(key)
            .map(|c| c.at.clone())
            .or_else(|| self.places.get(key).cloned())
            .unwrap_or_else(|| self.at.clone());
        format!("{}:{cell}", self.file)
    }
}

/// A problem at a cell: `FILE:CELL: error: message` and a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub at: String,
    pub message: String,
    pub hint: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f, "error")
    }
}

impl Problem {
    /// `FILE:CELL: warning: message` and its hint.
    pub fn warning(&self) -> String {
        struct W<'p>(&'p Problem);
        impl std::fmt::Display for W<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.write(f, "warning")
            }
        }
        W(self).to_string()
    }

    fn write(&self, f: &mut std::fmt::Formatter<'_>, severity: &str) -> std::fmt::Result {
        write!(f, "{}: {severity}: {}", self.at, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

fn problem(at: String, message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        at,
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// A row as read: its number (a CSV file's line) and its cells by column.
type RawRow = (u32, Vec<(u32, String)>);

/// Reads the rows of a table file (`.csv` in UTF-8 or GB18030, or
/// `.xlsx`: every sheet but the guide); `Err` when it cannot be read or
/// has a header that is not the template's.
pub fn read_file(path: &Path) -> Result<Vec<Row>, Vec<Problem>> {
    let file = path.display().to_string();
    let fail = |message: String, hint: &str| vec![problem(file.clone(), message, hint)];
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let size =
        std::fs::metadata(path).map_err(|e| fail(e.to_string(), "name a file that exists"))?;
    if size.len() > read::MAX_FILE_BYTES {
        return Err(fail(
            format!("the file has {} bytes, more than a table can", size.len()),
            "a plan's table is a few hundred rows",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string(), "check the file"))?;
    let mut sheets: Vec<(Option<String>, Vec<RawRow>)> = Vec::new();
    match ext.as_deref() {
        Some("csv") => {
            let text = read::decode(&bytes).map_err(|e| {
                fail(
                    e.to_string(),
                    e.hint().unwrap_or("save the table as CSV UTF-8"),
                )
            })?;
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for record in reader.records() {
                let record =
                    record.map_err(|e| fail(e.to_string(), "save the table as CSV again"))?;
                let line = record.position().map_or(0, |p| p.line() as u32);
                let cells = record
                    .iter()
                    .enumerate()
                    .map(|(c, s)| (c as u32, s.to_string()))
                    .collect();
                rows.push((line, cells));
            }
            sheets.push((None, rows));
        }
        Some("xlsx") => {
            let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
                .map_err(|e| fail(e.to_string(), "save the table as an Excel workbook (.xlsx)"))?;
            for name in book.sheet_names() {
                if name == GUIDE_SHEET {
                    continue;
                }
                let Ok(range) = book.worksheet_range(&name) else {
                    continue;
                };
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut rows = Vec::new();
                for (i, row) in range.rows().enumerate() {
                    let cells = row
                        .iter()
                        .enumerate()
                        .map(|(c, d)| {
                            let text = read::cell_text(d).unwrap_or_default();
                            (c0 + c as u32, text)
                        })
                        .collect();
                    rows.push((r0 + i as u32 + 1, cells));
                }
                sheets.push((Some(name), rows));
            }
        }
        _ => {
            return Err(fail(
                "a table is a .csv or .xlsx file".to_string(),
                "save the table as .xlsx or .csv (in LibreOffice, File > Save As with the file type \"Excel 2007-365 (.xlsx)\"), or start from `gongkai plan template --out table.xlsx`",
            ))
        }
    }
    let address = |sheet: &Option<String>, row: u32, col: u32| match sheet {
        Some(s) => format!("{s}!{}{row}", columns::letters(col)),
        None => format!("{row}:{}", col + 1),
    };
    let known: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (sheet, rows) in sheets {
        let mut rows = rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|(_, s)| !s.trim().is_empty()));
        let Some((header_row, header)) = rows.next() else {
            continue;
        };
        let mut keys: BTreeMap<u32, String> = BTreeMap::new();
        for (c, h) in &header {
            let Some(key) = columns::key_of(h) else {
                continue;
            };
            let at = format!("{file}:{}", address(&sheet, header_row, *c));
            if !known.contains(&key.as_str()) {
                let mut message = format!("unknown column `{key}`");
                if let Some(g) = did_you_mean(&key, known.iter().copied()) {
                    message.push_str(&format!(", did you mean `{g}`?"));
                }
                problems.push(problem(
                    at,
                    message,
                    format!("the columns: {}", known.join(", ")),
                ));
            } else if keys.values().any(|k| *k == key) {
                problems.push(problem(
                    at,
                    format!("a second `{key}` column"),
                    "delete one of them",
                ));
            } else {
                keys.insert(*c, key);
            }
        }
        if !keys.values().any(|k| k == "measure") {
            problems.push(problem(
                format!("{file}:{}", address(&sheet, header_row, 0)),
                "the table has no `measure` column: no row can be read",
                "the first row holds the template's headers, e.g. `事项 (measure)`",
            ));
            continue;
        }
        for (r, cells) in rows {
            let mut row = Row {
                file: file.clone(),
                cells: BTreeMap::new(),
                places: keys
                    .iter()
                    .map(|(c, k)| (k.clone(), address(&sheet, r, *c)))
                    .collect(),
                at: address(&sheet, r, header.first().map_or(0, |h| h.0)),
            };
            for (c, text) in cells {
                let (Some(key), false) = (keys.get(&c), text.trim().is_empty()) else {
                    continue;
                };
                row.cells.insert(
                    key.clone(),
                    Cell {
                        text: text.trim().to_string(),
                        at: address(&sheet, r, c),
                    },
                );
            }
            out.push(row);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What an import makes: the files' paths (relative to the root) and texts.
#[derive(Debug, Default)]
pub struct Import {
    pub files: Vec<(String, String)>,
    /// What is imported but not complete: words without their English.
    pub warnings: Vec<Problem>,
    /// The bodies added to units.yaml (with `--add-units`).
    pub units: Option<UnitsEdit>,
    pub measures: usize,
    pub indicators: usize,
}

/// Where the measures go.
pub struct Target<'a> {
    pub root: &'a Path,
    pub content: &'a Content,
    pub plan: &'a str,
    pub collection: &'a str,
    /// Whether a body units.yaml does not know is added to it (else it is
    /// an error).
    pub add_units: bool,
}

/// The bodies an import adds to `units.yaml`: the file's text before and
/// after (only lines added at its end), and each body's id and name.
#[derive(Debug, Clone)]
pub struct UnitsEdit {
    pub path: String,
    /// `None`: there is no units.yaml yet.
    pub old: Option<String>,
    pub new: String,
    pub added: Vec<AddedUnit>,
}

/// A body added to `units.yaml`: its new id, its name as the table writes
/// it, and the cell that first names it.
#[derive(Debug, Clone, PartialEq)]
pub struct AddedUnit {
    pub id: String,
    pub name: String,
    pub at: String,
}

/// One measure as gathered from its rows.
struct Gathered<'r> {
    rows: Vec<&'r Row>,
}

/// The printed comparators, as §1 writes them.
const PRINTED: [(&str, &str); 9] = [
    ("≥", ">="),
    (">=", ">="),
    ("≤", "<="),
    ("<=", "<="),
    ("＞", ">"),
    (">", ">"),
    ("＜", "<"),
    ("<", "<"),
    ("≈", "~"),
];

/// The cells that say a value is not there: the value is `null` and the
/// cell its text.
const NO_VALUE: [&str; 6] = ["暂无", "暂未发布", "暂未公布", "未列明", "—", "-"];

/// The words plans write for a baseline or target without a figure, with
/// the English the site's hand-made records give them (SPEC §1: `稳步提升`,
/// `完成上级下达目标`, `暂无`), so that an import writes both languages and
/// equals those records. A table's `baseline_en`/`target_en` cell wins; a
/// wording not here is imported in Chinese only, with a warning.
pub const QUALITATIVE: &[(&str, &str)] = &[
    ("暂无", "Not available"),
    ("暂未发布", "Not yet published"),
    ("暂未公布", "Not yet published"),
    ("未列明", "Not stated in the plan"),
    ("—", "—"),
    ("-", "-"),
    ("稳步提升", "Steady increase"),
    ("稳步提高", "Steady increase"),
    ("稳步下降", "Steady decrease"),
    ("逐步提升", "Gradual increase"),
    ("逐步提高", "Gradual increase"),
    ("逐步下降", "Gradual decrease"),
    ("持续改善", "Continued improvement"),
    ("保持稳定", "Keep stable"),
    ("维持在合理区间", "Keep within a reasonable range"),
    ("降幅趋缓", "Slower decline"),
    (
        "完成上级下达目标",
        "Meet the target set by higher authorities",
    ),
    (
        "完成上级下达任务",
        "Meet the task set by higher authorities",
    ),
    (
        "完成省市下达指标",
        "Meet the targets set by the province and city",
    ),
    (
        "完成省市下达指标任务",
        "Meet the targets set by the province and city",
    ),
    (
        "高于本年度全省平均数",
        "Above the provincial average for the year",
    ),
];

/// The English of a qualitative wording that [`QUALITATIVE`] knows.
pub fn qualitative_en(words: &str) -> Option<&'static str> {
    let words = words.trim();
    QUALITATIVE.iter().find(|(zh, _)| *zh == words).map(|q| q.1)
}

/// A bound as it is written: its value (on one line), and the words it
/// gives without an English translation (when the site has English and
/// neither the table nor [`QUALITATIVE`] gives one).
#[derive(Debug, PartialEq)]
struct BoundYaml {
    value: Value,
    untranslated: Option<String>,
}

/// The YAML of a bound written as plans print it: `≥90`, `80左右`,
/// `稳步提升`, `暂无` (no value); `en` is the table's English for words.
/// A figure written with its unit (`90%`, `≥90%`, `7%左右` when the unit is
/// `%`): the figure alone, as the unit has its own column.
fn without_unit<'a>(rest: &'a str, unit: Option<&str>) -> &'a str {
    let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return rest;
    };
    let spellings: &[&str] = match unit {
        "%" | "％" => &["%", "％"],
        _ => &[unit],
    };
    spellings
        .iter()
        .filter_map(|u| rest.strip_suffix(u))
        .map(str::trim_end)
        .find(|figure| crate::yaml::is_plain_decimal(figure))
        .unwrap_or(rest)
}

fn bound_yaml(
    period: &str,
    cell: &str,
    unit: Option<&str>,
    en: Option<&str>,
    languages: &[String],
) -> BoundYaml {
    let period = period.trim();
    let bare = !period.is_empty()
        && period
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    let mut out: Vec<(String, String)> = vec![(
        "period".into(),
        if bare {
            period.to_string()
        } else {
            flow_scalar(period)
        },
    )];
    let wants_en =
        languages.iter().any(|l| l == "en") && languages.first().is_some_and(|l| l != "en");
    let words = |zh: &str| {
        let en = en
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .or(qualitative_en(zh));
        (
            inline(&text_value(zh, en, languages)),
            (wants_en && en.is_none()).then(|| zh.to_string()),
        )
    };
    let cell = cell.trim();
    if NO_VALUE.contains(&cell) {
        let (text, untranslated) = words(cell);
        out.push(("value".into(), "null".into()));
        out.push(("text".into(), text));
        return BoundYaml {
            value: Value::Flow(out),
            untranslated,
        };
    }
    let mut op = None;
    let mut rest = cell;
    for (p, o) in PRINTED {
        if let Some(r) = cell.strip_prefix(p) {
            op = Some(o);
            rest = r.trim();
            break;
        }
    }
    if op.is_none() {
        if let Some(r) = cell.strip_suffix("左右") {
            op = Some("~");
            rest = r.trim();
        }
    }
    let rest = without_unit(rest, unit);
    let numeric = crate::yaml::is_plain_decimal(rest);
    if let Some(op) = op {
        out.push(("op".into(), flow_scalar(op)));
    }
    let mut untranslated = None;
    if numeric {
        // Quoted where a number would lose its written digits (`80.0`).
        let same = rest.parse::<f64>().is_ok_and(|v| v.to_string() == rest);
        let value = match same {
            true => rest.to_string(),
            false => crate::yaml::quoted(rest),
        };
        out.push(("value".into(), value));
    } else {
        let (text, u) = words(rest);
        untranslated = u;
        out.push(("text".into(), text));
    }
    BoundYaml {
        value: Value::Flow(out),
        untranslated,
    }
}

/// Decodes `yaml` as the measure `stem`, returning the loader's problems.
fn decode_measure(path: &str, yaml: &str, languages: &[String]) -> Vec<(String, Option<String>)> {
    let node = match crate::yaml::load(path, yaml) {
        Ok(n) => n,
        Err(d) => return vec![(d.message.clone(), d.hint.clone())],
    };
    let ctx = Context {
        languages,
        default_language: languages.first().map(String::as_str).unwrap_or(""),
    };
    let mut problems = Diagnostics::new();
    {
        let mut r = Reader::new(path, &mut problems);
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".yaml"))
            .unwrap_or("m")
            .to_string();
        decode::measure(&mut r, &ctx, &node, Spanned::new(stem, node.pos));
    }
    problems
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| (d.message.clone(), d.hint.clone()))
        .collect()
}

/// A unit's names: its id, its name in each language and its aliases.
fn unit_names(u: &Unit) -> Vec<&str> {
    let mut names = vec![u.id.value.as_str()];
    names.extend(u.name.by_lang.iter().map(|(_, v)| v.as_str()));
    names.extend(u.aliases.iter().map(String::as_str));
    names
}

/// The id a title gives: its slug, cut at a word to at most 40 characters.
fn slug_id(title: &str) -> Option<String> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let mut out = String::new();
    for word in slug.split('-') {
        if !out.is_empty() && out.len() + word.len() + 1 > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out.truncate(40);
    let out = out.trim_end_matches('-').to_string();
    crate::load::reader::is_ident(&out).then_some(out)
}

/// A unique id from `base` among `taken`: `base`, `base-2`, …
fn unique(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// A text of the table: its default language's cell, and its English
/// where the site has English (on one line, as the records write names).
fn text_value(zh: &str, en: Option<&str>, languages: &[String]) -> Value {
    let default = languages.first().map(String::as_str).unwrap_or("zh");
    let mut pairs = vec![(default, zh)];
    if let Some(en) = en.filter(|_| languages.iter().any(|l| l == "en") && default != "en") {
        pairs.push(("en", en));
    }
    text_on_one_line(&pairs)
}

/// The first free id `u-01`, `u-02` … for a body added to units.yaml.
fn numbered_unit_id(taken: &mut BTreeSet<String>) -> String {
    let id = (1..)
        .map(|n| format!("u-{n:02}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default();
    taken.insert(id.clone());
    id
}

/// units.yaml with `added` appended after its last line, every byte before
/// kept: in its line ends, at the indentation of its items.
fn units_added(old: &str, added: &[AddedUnit], languages: &[String]) -> Result<String, String> {
    let body = old.trim_start_matches('\u{feff}');
    let node = crate::yaml::load("units.yaml", body).map_err(|d| d.message.clone())?;
    let items = match &node.kind {
        crate::yaml::NodeKind::Null => Vec::new(),
        crate::yaml::NodeKind::Seq(items) => items.iter().collect(),
        _ => return Err("units.yaml is not a list of bodies".to_string()),
    };
    // The indentation of the items, from the first one's `- `.
    let indent = match items.first() {
        None => 0,
        Some(first) => {
            let line = body
                .lines()
                .nth(first.pos.line.saturating_sub(1) as usize)
                .unwrap_or_default();
            let dash = line.len() - line.trim_start_matches(' ').len();
            if !line[dash..].starts_with('-') {
                return Err(
                    "units.yaml is a list in brackets, which bodies cannot be added to".to_string(),
                );
            }
            dash
        }
    };
    let newline = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let lang = languages.first().map(String::as_str).unwrap_or("zh");
    let pad = " ".repeat(indent);
    let mut out = old.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&format!(
        "{pad}# Added by `gongkai plan import`: give each body its name in every language.{newline}"
    ));
    for a in added {
        let entry = item(&[
            ("id".into(), Value::Scalar(crate::yaml::string(&a.id))),
            (
                "name".into(),
                Value::Map(vec![(lang.to_string(), Value::Str(a.name.clone()))]),
            ),
        ]);
        for line in entry.lines() {
            out.push_str(&format!("{pad}{line}{newline}"));
        }
    }
    Ok(out)
}

/// Whether `new` is units.yaml `old` with exactly the bodies `added` after
/// its last line: every byte of `old` kept, and the bodies it decodes to
/// those of `old` and then the added ones.
pub fn verify_units(
    old: Option<&str>,
    new: &str,
    added: &[AddedUnit],
    languages: &[String],
) -> Result<(), String> {
    let old = old.unwrap_or("");
    if !new.starts_with(old) {
        return Err("it does not keep every byte of units.yaml before the bodies added".into());
    }
    let units = |text: &str| -> Result<Vec<Unit>, String> {
        let body = text.trim_start_matches('\u{feff}');
        let node = crate::yaml::load("content/units.yaml", body).map_err(|d| d.message.clone())?;
        let ctx = Context {
            languages,
            default_language: languages.first().map(String::as_str).unwrap_or(""),
        };
        let mut problems = Diagnostics::new();
        let units = {
            let mut r = Reader::new("content/units.yaml", &mut problems);
            decode::units_file(&mut r, &ctx, &node)
        };
        if problems.has_errors() {
            return Err(format!("it does not read back: {}", problems.summary()));
        }
        Ok(units)
    };
    let before = units(old)?;
    let after = units(new)?;
    let json = |u: &Unit| {
        serde_json::json!([
            u.id.value,
            u.name,
            u.aliases,
            u.url.as_ref().map(|u| &u.value)
        ])
    };
    let mut want: Vec<serde_json::Value> = before.iter().map(json).collect();
    let lang = languages.first().cloned().unwrap_or_default();
    for a in added {
        want.push(serde_json::json!([a.id, {lang.clone(): a.name}, [], null]));
    }
    let got: Vec<serde_json::Value> = after.iter().map(json).collect();
    if got == want {
        Ok(())
    } else {
        Err(format!("its bodies read back as {got:?}, not {want:?}"))
    }
}

/// Splits a list of bodies or paths at `、`, `，`, `,`, `;` and line ends.
fn split_list(s: &str) -> Vec<&str> {
    s.split(['、', '，', ',', ';', '；', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Makes the files of the rows; every problem of every row at once.
pub fn import(rows: &[Row], target: &Target) -> Result<Import, Vec<Problem>> {
    let content = target.content;
    let languages: Vec<String> = content
        .site
        .as_ref()
        .map(|s| s.languages.iter().map(|l| l.value.clone()).collect())
        .unwrap_or_default();
    let lang = languages
        .first()
        .cloned()
        .unwrap_or_else(|| "zh".to_string());
    let mut problems = Vec::new();
    let Some(plan) = content.plans.iter().find(|p| p.id == target.plan) else {
        return Err(vec![problem(
            format!("content/plans/{}/plan.yaml", target.plan),
            format!("there is no plan `{}`", target.plan),
            "make it first: `gongkai plan new ID --period …`",
        )]);
    };
    let levels = plan
        .config
        .as_ref()
        .map(|c| c.assessment_levels.clone())
        .unwrap_or_default();
    let dir = format!("content/plans/{}/{}", target.plan, target.collection);
    let existing = plan
        .collections
        .iter()
        .find(|c| c.config.id == target.collection);

    // Rows into measures: by number, or by title where there is none.
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Gathered> = BTreeMap::new();
    for row in rows {
        let Some(title) = row.get("measure") else {
            problems.push(problem(
                row.at("measure"),
                "the row has no 事项 (measure): every row names the item it belongs to",
                "type the item's title, or delete the row",
            ));
            continue;
        };
        let key = match row.get("number") {
            Some(n) => {
                if n.parse::<u32>().is_err() {
                    problems.push(problem(
                        row.at("number"),
                        format!("序号 `{n}` is not a whole number"),
                        "write the plan's number: 1, 2, 3 …",
                    ));
                    continue;
                }
                format!("#{n}")
            }
            None => format!("t{title}"),
        };
        match groups.get_mut(&key) {
            Some(g) => {
                let first = g.rows[0];
                if first.get("measure") != Some(title) {
                    problems.push(problem(
                        row.at("measure"),
                        format!(
                            "序号 {} is already the item `{}` ({}), this row's title is `{title}`",
                            row.get("number").unwrap_or_default(),
                            first.get("measure").unwrap_or_default(),
                            first.at("measure")
                        ),
                        "rows of one item share its number and its title exactly; give another item its own number",
                    ));
                    continue;
                }
                g.rows.push(row);
            }
            None => {
                order.push(key.clone());
                groups.insert(key, Gathered { rows: vec![row] });
            }
        }
    }

    // Categories: the collection's, or made from the rows' 类别.
    let mut categories: Vec<(String, String)> = Vec::new();
    let mut new_categories = false;
    match existing {
        Some(c) => {
            for cat in &c.config.categories {
                let title = cat.title.by_lang.get(&lang).cloned().unwrap_or_default();
                categories.push((cat.id.value.clone(), title));
            }
        }
        None => {
            new_categories = true;
            for key in &order {
                if let Some(cat) = groups[key].rows[0].get("category") {
                    if !categories.iter().any(|(_, t)| t == cat) {
                        let id = format!("c-{:02}", categories.len() + 1);
                        categories.push((id, cat.to_string()));
                    }
                }
            }
        }
    }

    let all_units: Vec<(&Unit, Vec<&str>)> =
        content.units.iter().map(|u| (u, unit_names(u))).collect();
    let find_unit = |name: &str| {
        all_units
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map(|(u, _)| u.id.value.clone())
    };
    let mut added_units: Vec<AddedUnit> = Vec::new();
    let mut unit_ids: BTreeSet<String> = content.units.iter().map(|u| u.id.value.clone()).collect();
    let measure_paths: BTreeSet<String> = content
        .plans
        .iter()
        .flat_map(|p| {
            p.collections.iter().flat_map(move |c| {
                c.measures.iter().flat_map(move |m| {
                    let base = format!("{}/{}/{}", p.id, c.config.id, m.measure.id.value);
                    let mut v = vec![base.clone()];
                    for i in &m.measure.indicators {
                        if let crate::model::IndicatorEntry::Defined(ind) = i {
                            v.push(format!("{base}/{}", ind.id.value));
                        }
                    }
                    v
                })
            })
        })
        .collect();

    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut files = Vec::new();
    let mut result = Import::default();
    for (n, key) in order.iter().enumerate() {
        let g = &groups[key];
        let first = g.rows[0];
        let title = first.get("measure").unwrap_or_default();
        let id = match first.get("measure_en").and_then(slug_id) {
            Some(base) => unique(base, &mut taken),
            None => unique(format!("m-{:02}", n + 1), &mut taken),
        };
        let path = format!("{dir}/{id}.yaml");
        if target.root.join(&path).exists() {
            problems.push(problem(
                first.at("measure"),
                format!("{path} exists already: an import never overwrites a file"),
                "import into a new plan or collection, or remove the rows already imported",
            ));
        }
        let mut y: Vec<(String, Value)> = Vec::new();
        if let Some(num) = first.get("number") {
            y.push(("number".into(), Value::Scalar(num.to_string())));
        }
        if let Some(cat) = first.get("category") {
            match categories.iter().find(|(id, t)| id == cat || t == cat) {
                Some((cid, _)) => y.push(("category".into(), Value::Scalar(cid.clone()))),
                None => {
                    let names: Vec<&str> = categories.iter().map(|(_, t)| t.as_str()).collect();
                    let mut message = format!("unknown category `{cat}`");
                    if let Some(g) = did_you_mean(cat, names.iter().copied()) {
                        message.push_str(&format!(", did you mean `{g}`?"));
                    }
                    problems.push(problem(
                        first.at("category"),
                        message,
                        format!(
                            "the categories of {dir}/_collection.yaml: {}",
                            names.join(", ")
                        ),
                    ));
                }
            }
        } else if !categories.is_empty() {
            // A collection with categories gives each measure one.
            let names: Vec<&str> = categories.iter().map(|(_, t)| t.as_str()).collect();
            problems.push(problem(
                first.at("category"),
                "the item has no 类别 (category), and the collection has categories: each item needs one",
                format!("give it one of: {}", names.join(", ")),
            ));
        }
        y.push((
            "title".into(),
            text_value(title, first.get("measure_en"), &languages),
        ));
        // Bodies: the lead column, and `*` in the bodies column.
        let (mut lead, mut others): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for row in &g.rows {
            for (col, is_lead) in [("lead", true), ("units", false)] {
                for name in row.get(col).map(split_list).unwrap_or_default() {
                    let (starred, name) = match name.strip_prefix(['*', '＊']) {
                        Some(n) => (true, n.trim()),
                        None => (false, name),
                    };
                    let known = find_unit(name).or_else(|| {
                        added_units
                            .iter()
                            .find(|a| a.name == name)
                            .map(|a| a.id.clone())
                    });
                    // The closest known name, looked for only for a name not known.
                    let guess = match known {
                        Some(_) => None,
                        None => {
                            let names = all_units.iter().flat_map(|(_, n)| n.iter().copied());
                            did_you_mean(name, names)
                        }
                    };
                    let known = match (known, target.add_units, guess) {
                        (None, true, None) => {
                            let id = numbered_unit_id(&mut unit_ids);
                            added_units.push(AddedUnit {
                                id: id.clone(),
                                name: name.to_string(),
                                at: row.at(col),
                            });
                            Some(id)
                        }
                        (known, ..) => known,
                    };
                    match known {
                        Some(uid) => {
                            let list = if is_lead || starred {
                                &mut lead
                            } else {
                                &mut others
                            };
                            if !list.contains(&uid) {
                                list.push(uid);
                            }
                        }
                        None => {
                            let mut message = format!("unknown body `{name}`");
                            if let Some(g) = guess {
                                message.push_str(&format!(", did you mean `{g}`?"));
                            }
                            let hint = match (target.add_units, guess) {
                                (true, Some(_)) => "the name is too close to a known one to be added as a new body with --add-units (most likely a typo): correct it, or add the body to content/units.yaml by hand",
                                _ => "write a name or alias of content/units.yaml, or add the body there (with this spelling as an alias), or pass --add-units to add each unknown body",
                            };
                            problems.push(problem(row.at(col), message, hint));
                        }
                    }
                }
            }
        }
        others.retain(|u| !lead.contains(u));
        if !lead.is_empty() {
            y.push(("lead".into(), Value::FlowSeq(lead)));
        }
        if !others.is_empty() {
            y.push(("units".into(), Value::FlowSeq(others)));
        }
        if let Some(level) = first.get("assessment") {
            match levels
                .iter()
                .find(|l| l.id.value == level || l.name.by_lang.iter().any(|(_, n)| n == level))
            {
                Some(l) => y.push(("assessment".into(), Value::Scalar(l.id.value.clone()))),
                None => {
                    let names: Vec<&str> = levels
                        .iter()
                        .flat_map(|l| l.name.by_lang.iter().map(|(_, v)| v.as_str()))
                        .collect();
                    let mut message = format!("unknown assessment level `{level}`");
                    if let Some(g) = did_you_mean(level, names.iter().copied()) {
                        message.push_str(&format!(", did you mean `{g}`?"));
                    }
                    problems.push(problem(
                        first.at("assessment"),
                        message,
                        if names.is_empty() {
                            format!("plan {} lists no assessment_levels in its plan.yaml: add them there first", target.plan)
                        } else {
                            format!("the plan's levels: {}", names.join(", "))
                        },
                    ));
                }
            }
        }
        let continues: Vec<&str> = first.get("continues").map(split_list).unwrap_or_default();
        for c in &continues {
            // The set holds indicators' paths too (a fourth segment).
            if measure_paths.contains(*c) && c.split('/').count() == 4 {
                let measure = c.rsplit_once('/').map_or(*c, |(m, _)| m);
                problems.push(problem(
                    first.at("continues"),
                    format!("`{c}` is an indicator: 延续 names the measure an item continues"),
                    format!("name its measure, `{measure}`"),
                ));
            } else if !measure_paths.contains(*c) {
                let mut message = format!("`{c}` names no measure of the site");
                if let Some(g) = did_you_mean(c, measure_paths.iter().map(String::as_str)) {
                    message.push_str(&format!(", did you mean `{g}`?"));
                }
                problems.push(problem(
                    first.at("continues"),
                    message,
                    "write <plan>/<collection>/<measure> of a measure that exists, e.g. 2023/indicators/per-capita-gdp",
                ));
            }
        }
        if !continues.is_empty() {
            let list: Vec<String> = continues.iter().map(|c| flow_scalar(c)).collect();
            y.push(("continues".into(), Value::FlowSeq(list)));
        }
        // Indicators: a row with an indicator name or a value.
        let mut ind_ids: BTreeSet<String> = BTreeSet::new();
        let mut indicators: Vec<Value> = Vec::new();
        for (i, row) in g.rows.iter().enumerate() {
            let has_value = ["indicator", "unit", "baseline", "target", "direction"]
                .iter()
                .any(|k| row.get(k).is_some());
            if !has_value {
                if g.rows.len() > 1 {
                    problems.push(problem(
                        row.at("indicator"),
                        "a row without an indicator in an item of several rows",
                        "fill its indicator, or delete the row: a key work without indicators is one row",
                    ));
                }
                continue;
            }
            let name = row.get("indicator").unwrap_or(title);
            let name_en = row
                .get("indicator_en")
                .or(if row.get("indicator").is_none() {
                    first.get("measure_en")
                } else {
                    None
                });
            let ind_id = match name_en.and_then(slug_id) {
                Some(b) => unique(b, &mut ind_ids),
                None => unique(format!("i-{:02}", i + 1), &mut ind_ids),
            };
            let mut ind: Vec<(String, Value)> = vec![
                ("id".into(), Value::Scalar(ind_id)),
                ("name".into(), text_value(name, name_en, &languages)),
            ];
            if let Some(u) = row.get("unit") {
                ind.push(("unit".into(), text_value(u, row.get("unit_en"), &languages)));
            }
            // Each cell decoded on its own, so that a problem names its cell.
            let check = |key: &str,
                         value: Value,
                         ind: &mut Vec<(String, Value)>,
                         problems: &mut Vec<Problem>| {
                let entry = [(key.to_string(), value)];
                let line = document(&[], &entry);
                let yaml = format!("title: x\nindicators:\n  - id: x\n    name: x\n    {line}");
                let errors = decode_measure(&path, &yaml, &languages);
                if errors.is_empty() {
                    ind.extend(entry);
                }
                for (message, hint) in errors {
                    problems.push(Problem {
                        at: row.at(key),
                        message,
                        hint,
                    });
                }
            };
            if let Some(d) = row.get("direction") {
                check(
                    "direction",
                    Value::Scalar(flow_scalar(d)),
                    &mut ind,
                    &mut problems,
                );
            }
            for (key, period_key) in [("baseline", "baseline_period"), ("target", "target_period")]
            {
                match (row.get(key), row.get(period_key)) {
                    (Some(v), Some(p)) => {
                        let en_key = format!("{key}_en");
                        let b = bound_yaml(p, v, row.get("unit"), row.get(&en_key), &languages);
                        if let Some(words) = b.untranslated {
                            result.warnings.push(problem(
                                row.at(key),
                                format!("the {key} `{words}` has no English: it is imported in Chinese only"),
                                format!(
                                    "fill its English in the column {}, or add `en: …` to its text in {path} afterwards (`gongkai check` warns until it has one)",
                                    header(&en_key)
                                ),
                            ));
                        }
                        check(key, b.value, &mut ind, &mut problems)
                    }
                    (Some(_), None) => problems.push(problem(
                        row.at(period_key),
                        format!("the {key} has no period"),
                        "give its period: a year (2023), years (2021..2023) or a day",
                    )),
                    (None, _) => {}
                }
            }
            indicators.push(Value::Map(ind));
            result.indicators += 1;
        }
        if !indicators.is_empty() {
            y.push(("indicators".into(), Value::Seq(indicators)));
        }
        let y = document(&[], &y);
        for (message, hint) in decode_measure(&path, &y, &languages) {
            problems.push(Problem {
                at: first.at("measure"),
                message,
                hint,
            });
        }
        files.push((path, y));
        result.measures += 1;
    }
    if existing.is_none() {
        let mut y: Vec<(String, Value)> = vec![(
            "title".into(),
            text_value(target.collection, Some(target.collection), &languages),
        )];
        if new_categories && !categories.is_empty() {
            let items = categories
                .iter()
                .map(|(id, title)| {
                    Value::Map(vec![
                        ("id".into(), Value::Scalar(id.clone())),
                        ("title".into(), text_value(title, None, &languages)),
                    ])
                })
                .collect();
            y.push(("categories".into(), Value::Seq(items)));
        }
        let header = [
            "Made by `gongkai plan import`: give the collection its title and",
            "description (and the categories their titles in every language).",
        ];
        files.insert(
            0,
            (format!("{dir}/_collection.yaml"), document(&header, &y)),
        );
    }
    if !added_units.is_empty() {
        let path = format!("{}/units.yaml", crate::load::CONTENT_DIR);
        let old = match std::fs::read(target.root.join(&path)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    problems.push(problem(
                        path.clone(),
                        "the file is not valid UTF-8",
                        "save it as UTF-8",
                    ));
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                problems.push(problem(path.clone(), e.to_string(), "check the file"));
                None
            }
        };
        match units_added(old.as_deref().unwrap_or(""), &added_units, &languages) {
            Ok(new) => {
                result.units = Some(UnitsEdit {
                    path,
                    old,
                    new,
                    added: added_units,
                })
            }
            Err(message) => problems.push(problem(
                path,
                message,
                "add the bodies by hand, or write units.yaml as a block list (`- id: …` lines)",
            )),
        }
    }
    if problems.is_empty() {
        result.files = files;
        Ok(result)
    } else {
        Err(problems)
    }
}

/// The name of the template's sheet to fill.
pub const TABLE_SHEET: &str = "计划表 (plan)";

/// The template as a CSV file: the header row, in UTF-8 with a byte-order
/// mark (as a spreadsheet saves "CSV UTF-8").
pub fn template_csv() -> String {
    let headers: Vec<String> = COLUMNS.iter().map(|c| header(c.0)).collect();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    // Writing into memory does not fail.
    let _ = w.write_record(&headers);
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The template as a workbook: the sheet to fill, every cell text (so that
/// `80.0` and `2023` stay as typed), a list for the direction and, when
/// `levels` has any, for the assessment level; and a guide sheet.
pub fn template_xlsx(levels: &[String]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, Format, FormatBorder, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_background_color("D9D9D9")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap();
    let ws = book.add_worksheet();
    ws.set_name(TABLE_SHEET)?;
    for (i, c) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        let width = match c.0 {
            "measure" | "indicator" | "measure_en" | "indicator_en" => 30.0,
            "units" | "continues" => 24.0,
            _ => 12.0,
        };
        ws.set_column_width(col, width)?;
        ws.set_column_format(col, &text)?;
        ws.write_string_with_format(0, col, header(c.0), &bold)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 3)?;
    let last = 2000;
    let position = |key: &str| COLUMNS.iter().position(|c| c.0 == key).unwrap_or(0) as u16;
    let v = DataValidation::new().allow_list_strings(&DIRECTIONS)?;
    ws.add_data_validation(1, position("direction"), last, position("direction"), &v)?;
    if !levels.is_empty() {
        let names: Vec<&str> = levels.iter().map(String::as_str).collect();
        let v = DataValidation::new().allow_list_strings(&names)?;
        ws.add_data_validation(1, position("assessment"), last, position("assessment"), &v)?;
    }
    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    guide.set_column_width(0, 24.0)?;
    guide.set_column_width(1, 80.0)?;
    guide.set_column_width(2, 30.0)?;
    for (i, h) in ["列 (column)", "说明 (what it holds)", "示例 (examples)"]
        .iter()
        .enumerate()
    {
        guide.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (r, c) in COLUMNS.iter().enumerate() {
        let r = r as u32 + 1;
        guide.write_string(r, 0, header(c.0))?;
        guide.write_string_with_format(r, 1, c.2, &wrap)?;
        guide.write_string(r, 2, c.3)?;
    }
    let notes = [
        "One row per indicator. Rows sharing 序号 and 事项 are one item with several indicators.",
        "A key work without indicators is one row with the indicator columns (指标 to 方向) empty.",
        "Values as the plan prints them: ≥90 (at least 90), ≤5 (at most 5), 80左右 (about 80), 稳步提升 or 完成上级下达目标 (words, no figure), 暂无 (no value).",
        "A bare figure where lower is better, e.g. a target of 1.6 for an income ratio: write 1.6 and set 方向 to decrease.",
        "Import: gongkai plan import FILE --plan ID (the plan made by gongkai plan new); nothing is written while a row is wrong.",
    ];
    let base = COLUMNS.len() as u32 + 2;
    for (i, n) in notes.iter().enumerate() {
        guide.write_string_with_format(base + i as u32, 1, *n, &wrap)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(period: &str, cell: &str, languages: &[&str]) -> String {
        let languages: Vec<String> = languages.iter().map(|l| l.to_string()).collect();
        inline(&bound_yaml(period, cell, None, None, &languages).value)
    }

    #[test]
    fn printed_values() {
        assert_eq!(
            yaml("2023", "≥90", &["zh"]),
            "{period: 2023, op: \">=\", value: 90}"
        );
        assert_eq!(
            yaml("2023", "80.0左右", &["zh"]),
            "{period: 2023, op: \"~\", value: \"80.0\"}"
        );
        assert_eq!(
            yaml("2023", "稳步提升", &["zh"]),
            "{period: 2023, text: {zh: 稳步提升}}"
        );
        assert_eq!(
            yaml("2022", "暂无", &["zh"]),
            "{period: 2022, value: null, text: {zh: 暂无}}"
        );
        assert_eq!(yaml("2023", "1.6", &["zh"]), "{period: 2023, value: 1.6}");
    }

    #[test]
    fn a_figure_written_with_its_unit_is_the_figure() {
        let zh = ["zh".to_string()];
        let with =
            |cell: &str, unit: &str| inline(&bound_yaml("2023", cell, Some(unit), None, &zh).value);
        assert_eq!(with("≥90%", "%"), "{period: 2023, op: \">=\", value: 90}");
        assert_eq!(with("7%左右", "%"), "{period: 2023, op: \"~\", value: 7}");
        assert_eq!(with("95.5％", "%"), "{period: 2023, value: 95.5}");
        assert_eq!(
            with("≤1.46 倍", "倍"),
            "{period: 2023, op: <=, value: 1.46}"
        );
        // Another unit, or none, is not taken off: the cell stays words.
        assert_eq!(
            with("90万元", "%"),
            "{period: 2023, text: {zh: \"90万元\"}}"
        );
        assert_eq!(
            inline(&bound_yaml("2023", "90%", None, None, &zh).value),
            "{period: 2023, text: {zh: \"90%\"}}"
        );
    }

    #[test]
    fn qualitative_wordings_are_written_in_both_languages() {
        let both = ["zh".to_string(), "en".to_string()];
        let b = bound_yaml("2023", "稳步提升", None, None, &both);
        assert_eq!(
            inline(&b.value),
            "{period: 2023, text: {zh: 稳步提升, en: Steady increase}}"
        );
        assert_eq!(b.untranslated, None);
        assert_eq!(
            inline(&bound_yaml("2022", " 暂无 ", None, None, &both).value),
            "{period: 2022, value: null, text: {zh: 暂无, en: Not available}}"
        );
        assert_eq!(
            inline(&bound_yaml("2023", "完成上级下达目标", None, None, &both).value),
            "{period: 2023, text: {zh: 完成上级下达目标, en: Meet the target set by higher authorities}}"
        );
        // The table's English wins over the one known.
        assert_eq!(
            inline(&bound_yaml("2023", "稳步提升", None, Some("Rise steadily"), &both).value),
            "{period: 2023, text: {zh: 稳步提升, en: Rise steadily}}"
        );
        // A wording not known: Chinese only, and said so.
        let b = bound_yaml("2023", "稳中有进", None, None, &both);
        assert_eq!(inline(&b.value), "{period: 2023, text: {zh: 稳中有进}}");
        assert_eq!(b.untranslated.as_deref(), Some("稳中有进"));
        // A site without English asks for none.
        let zh = ["zh".to_string()];
        assert_eq!(
            bound_yaml("2023", "稳中有进", None, None, &zh).untranslated,
            None
        );
        // A figure takes no words, whatever the English column says.
        assert_eq!(
            inline(&bound_yaml("2023", "≥90", None, Some("at least 90"), &both).value),
            "{period: 2023, op: \">=\", value: 90}"
        );
    }

    #[test]
    fn the_table_of_wordings_has_each_once_and_every_english() {
        let mut seen = BTreeSet::new();
        for (zh, en) in QUALITATIVE {
            assert!(seen.insert(*zh), "{zh} twice");
            assert!(!en.trim().is_empty(), "{zh} has no English");
            assert!(!crate::yaml::is_plain_decimal(zh), "{zh} is a figure");
        }
        for no_value in NO_VALUE {
            assert!(qualitative_en(no_value).is_some(), "{no_value}");
        }
        assert_eq!(qualitative_en("保持稳定"), Some("Keep stable"));
        assert_eq!(qualitative_en("稳中有进"), None);
    }

    fn added(names: &[&str]) -> Vec<AddedUnit> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| AddedUnit {
                id: format!("u-{:02}", i + 1),
                name: n.to_string(),
                at: String::new(),
            })
            .collect()
    }

    #[test]
    fn bodies_are_added_after_the_last_line_of_units_yaml() {
        let languages = vec!["zh".to_string(), "en".to_string()];
        let old =
            "# bodies\n- id: drc\n  name: {zh: 区发改局, en: DRC}\n  aliases: [发改局]\n# end";
        let add = added(&["区气象局", "yes"]);
        let new = units_added(old, &add, &languages).unwrap();
        assert_eq!(
            new,
            format!(
                "{old}\n# Added by `gongkai plan import`: give each body its name in every language.\n- id: u-01\n  name:\n    zh: 区气象局\n- id: u-02\n  name:\n    zh: \"yes\"\n"
            )
        );
        verify_units(Some(old), &new, &add, &languages).unwrap();
        // Not what was meant: refused.
        assert!(verify_units(Some(old), &new, &add[..1], &languages).is_err());
        let edited = new.replacen("发改局]", "发改局, 发改委]", 1);
        assert!(verify_units(Some(old), &edited, &add, &languages).is_err());

        // Indented items, CRLF line ends, a byte-order mark: all kept.
        let old = "\u{feff}units:\r\n"
            .replace("units:\r\n", "  - id: drc\r\n    name: {zh: 区发改局}\r\n");
        let new = units_added(&old, &add[..1], &languages).unwrap();
        assert!(new.starts_with(&old));
        assert!(
            new.ends_with("  - id: u-01\r\n    name:\r\n      zh: 区气象局\r\n"),
            "{new:?}"
        );
        verify_units(Some(&old), &new, &add[..1], &languages).unwrap();

        // No units.yaml yet.
        let new = units_added("", &add[..1], &languages).unwrap();
        verify_units(None, &new, &add[..1], &languages).unwrap();
        // A list in brackets is not appended to.
        assert!(units_added("[{id: drc, name: x}]\n", &add, &languages).is_err());
    }

    #[test]
    fn added_bodies_are_numbered_after_the_ids_taken() {
        let mut taken: BTreeSet<String> = ["u-01".to_string(), "drc".to_string()].into();
        assert_eq!(numbered_unit_id(&mut taken), "u-02");
        assert_eq!(numbered_unit_id(&mut taken), "u-03");
    }

    #[test]
    fn ids() {
        assert_eq!(slug_id("Per-capita GDP").as_deref(), Some("per-capita-gdp"));
        assert_eq!(slug_id("基尼系数"), None);
        let mut taken = BTreeSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a-2");
    }
}
