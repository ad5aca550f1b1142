//! `sheet export`: the rows a body fills (SPEC §7), as sheets of cells, and
//! those sheets as an `.xlsx` workbook or a `.csv` file.
//!
//! One row per indicator (kind `indicator`), one per measure (kind `update`)
//! and one per milestone not yet done (kind `milestone`), in the site's
//! order. The context cells say what the row is and what was reported last;
//! the fill cells are empty, except `period` on an indicator row where its
//! history makes the next period clear (never a value).

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, ProtectionOptions,
    Workbook, XlsxError,
};

use super::columns;
use crate::csvout;
use crate::diagnostics::{did_you_mean, known_list};
use crate::model::*;
use crate::period::{Period, Span};
use crate::plans::Plans;
use crate::site::Site;

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Indicator,
    Update,
    Milestone,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 3] = [
        ("indicator", Kind::Indicator),
        ("update", Kind::Update),
        ("milestone", Kind::Milestone),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Indicator => "indicator",
            Kind::Update => "update",
            Kind::Milestone => "milestone",
        }
    }
}

/// One row: its cells by column key (absent: empty).
#[derive(Debug, Clone)]
pub struct Row {
    pub kind: Kind,
    pub cells: BTreeMap<String, String>,
    /// Lead bodies of the row's measure (unit ids), for `--by-unit`.
    pub lead: Vec<String>,
    /// Every body of the row's measures, lead or sharing, for `--unit`.
    pub bodies: Vec<String>,
    /// A served programme indicator (SPEC §10): its figures are entered in
    /// the annual plans, so its fill cells are locked like the context.
    pub read_only: bool,
}

/// A named sheet of rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Which rows, in which sheets.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub units: Vec<String>,
    pub collections: Vec<String>,
    pub by_unit: bool,
    /// On a site with several plans, the one plan to export (`--plan`);
    /// without it, every plan.
    pub plan: Option<String>,
}

/// A usage problem of `sheet export`: a unit or collection the site does
/// not have, with a "did you mean" among the known ones.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownOption {
    pub what: &'static str,
    pub name: String,
    pub guess: Option<String>,
    pub known: String,
}

impl std::fmt::Display for UnknownOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.name)?;
        if let Some(guess) = &self.guess {
            write!(f, ", did you mean `{guess}`?")?;
        }
        write!(f, " (known: {})", self.known)
    }
}

impl std::error::Error for UnknownOption {}

/// The sheets to export from a one-plan site.
pub fn sheets(site: &Site, options: &Options) -> Result<Vec<Sheet>, UnknownOption> {
    sheets_of(site, &[Part::one(site)], options)
}

/// The sheets to export from a site with one plan or several (SPEC §10).
/// With several, each row's `ref` starts with its plan
/// (`2024/indicators/gdp/gdp`), the rows of `options.plan` only, or of
/// every plan in their order without it; a served programme indicator's
/// row is marked read-only. A one-plan site's sheets are [`sheets`]'.
pub fn plan_sheets(plans: &Plans, options: &Options) -> Result<Vec<Sheet>, UnknownOption> {
    if !plans.several() {
        if let Some(p) = &options.plan {
            return Err(UnknownOption {
                what: "plan",
                name: p.clone(),
                guess: None,
                known: "none: this site has one plan; leave out --plan".into(),
            });
        }
        return match plans.plans.first() {
            Some(site) => sheets(site, options),
            None => Ok(Vec::new()),
        };
    }
    let parts: Vec<Part> = match &options.plan {
        Some(id) => match plans.plan(id) {
            Some(site) => vec![Part::of(site, &plans.lineages.served_by)],
            None => return Err(unknown("plan", id, &plans.ids())),
        },
        None => plans
            .plans
            .iter()
            .map(|site| Part::of(site, &plans.lineages.served_by))
            .collect(),
    };
    sheets_of(&plans.root, &parts, options)
}

/// One plan's rows: its site, the plan id that starts its refs (none on a
/// one-plan site), and who serves its programme indicators.
struct Part<'a> {
    site: &'a Site,
    plan: Option<&'a str>,
    served_by: Option<&'a BTreeMap<String, Vec<String>>>,
}

impl<'a> Part<'a> {
    fn one(site: &'a Site) -> Part<'a> {
        Part {
            site,
            plan: None,
            served_by: None,
        }
    }

    fn of(site: &'a Site, served_by: &'a BTreeMap<String, Vec<String>>) -> Part<'a> {
        Part {
            site,
            plan: site.plan.as_ref().map(|p| p.id.as_str()),
            served_by: Some(served_by),
        }
    }
}

/// The sheets of `parts`, with the units and languages of `shared`.
fn sheets_of(
    shared: &Site,
    parts: &[Part],
    options: &Options,
) -> Result<Vec<Sheet>, UnknownOption> {
    let site = shared;
    for u in &options.units {
        if site.unit(u).is_none() {
            let known: Vec<&str> = site.units.iter().map(|u| u.id.value.as_str()).collect();
            return Err(unknown("unit", u, &known));
        }
    }
    for c in &options.collections {
        let has = |p: &Part| p.site.collections.iter().any(|x| &x.config.id == c);
        if !parts.iter().any(has) {
            let mut known: Vec<&str> = parts
                .iter()
                .flat_map(|p| p.site.collections.iter().map(|x| x.config.id.as_str()))
                .collect();
            known.sort();
            known.dedup();
            return Err(unknown("collection", c, &known));
        }
    }
    let rows: Vec<Row> = parts
        .iter()
        .flat_map(all_rows)
        .filter(|(collection, _)| {
            options.collections.is_empty() || options.collections.contains(collection)
        })
        .map(|(_, row)| row)
        .filter(|row| {
            options.units.is_empty() || row.bodies.iter().any(|b| options.units.contains(b))
        })
        .collect();
    let lang = site.config.default_language();
    if !options.by_unit {
        let name = if lang == "zh" { "进展" } else { "Progress" };
        return Ok(vec![Sheet {
            name: name.to_string(),
            rows,
        }]);
    }
    let mut out = Vec::new();
    for unit in &site.units {
        let id = &unit.id.value;
        if !options.units.is_empty() && !options.units.contains(id) {
            continue;
        }
        let mine: Vec<Row> = rows
            .iter()
            .filter(|r| r.lead.contains(id))
            .cloned()
            .collect();
        if !mine.is_empty() {
            let name = unit.name.get(lang, lang).map(|(t, _)| t).unwrap_or(id);
            out.push(Sheet {
                name: name.to_string(),
                rows: mine,
            });
        }
    }
    let orphans: Vec<Row> = rows.iter().filter(|r| r.lead.is_empty()).cloned().collect();
    if !orphans.is_empty() && options.units.is_empty() {
        let name = if lang == "zh" {
            "未定牵头单位"
        } else {
            "No lead body"
        };
        out.push(Sheet {
            name: name.to_string(),
            rows: orphans,
        });
    }
    Ok(out)
}

fn unknown(what: &'static str, name: &str, known: &[&str]) -> UnknownOption {
    UnknownOption {
        what,
        name: name.to_string(),
        guess: did_you_mean(name, known.iter().copied()).map(str::to_string),
        known: known_list(known.iter().copied()),
    }
}

/// Every row of a plan, in its order, with its collection.
fn all_rows(part: &Part) -> Vec<(String, Row)> {
    let site = part.site;
    let lang = site.config.default_language();
    let with_plan = |r: String| match part.plan {
        Some(p) => format!("{p}/{r}"),
        None => r,
    };
    let mut out = Vec::new();
    for c in &site.collections {
        for mf in &c.measures {
            let m = &mf.measure;
            let mref = with_plan(format!("{}/{}", c.config.id, m.id.value));
            let lead: Vec<String> = m.lead.iter().map(|l| l.value.clone()).collect();
            let mut bodies = lead.clone();
            bodies.extend(m.units.iter().map(|u| u.value.clone()));
            let lead_names = m
                .lead
                .iter()
                .map(|id| {
                    site.unit(&id.value)
                        .and_then(|u| u.name.get(lang, lang))
                        .map(|(t, _)| t.to_string())
                        .unwrap_or_else(|| id.value.clone())
                })
                .collect::<Vec<_>>()
                .join("、");
            let base = |kind: Kind, r: String| {
                let mut cells = BTreeMap::new();
                cells.insert("kind".to_string(), kind.as_str().to_string());
                cells.insert("ref".to_string(), r);
                if let Some(n) = m.number {
                    cells.insert("number".to_string(), n.to_string());
                }
                cells.insert("title".to_string(), text(&m.title, lang));
                cells.insert("lead".to_string(), lead_names.clone());
                cells
            };
            for entry in &m.indicators {
                let IndicatorEntry::Defined(ind) = entry else {
                    continue;
                };
                let key = indicator_key(&c.config.id, &m.id.value, &ind.id.value);
                // A body that shares a measure referencing the indicator reports it too.
                let mut bodies = bodies.clone();
                if let Some(info) = site.indicators.get(&key) {
                    for &(uci, umi) in &info.used_in {
                        let um = &site.collections[uci].measures[umi].measure;
                        bodies.extend(um.lead.iter().chain(&um.units).map(|u| u.value.clone()));
                    }
                }
                let served = part
                    .served_by
                    .and_then(|s| s.get(&with_plan(key.clone())))
                    .filter(|by| !by.is_empty());
                let mut cells = base(Kind::Indicator, with_plan(key.clone()));
                cells.insert("indicator".into(), text(&ind.name, lang));
                if let Some(u) = &ind.unit {
                    cells.insert("unit".into(), text(u, lang));
                }
                if let Some(b) = &ind.baseline {
                    cells.insert("baseline".into(), bound(b, lang));
                }
                let targets: Vec<String> =
                    ind.all_targets().iter().map(|t| bound(t, lang)).collect();
                if !targets.is_empty() {
                    cells.insert("target".into(), targets.join("; "));
                }
                if let Some(p) = crate::status::latest_entry(&ind.progress) {
                    cells.insert("latest".into(), latest(p, lang));
                }
                if let Some(by) = served {
                    // Read-only: the figures go into the annual plans' rows.
                    let mark = columns::served_mark(&by.join(", "), lang);
                    let cell = cells.entry("latest".into()).or_default();
                    *cell = match cell.is_empty() {
                        true => mark,
                        false => format!("{mark}; {cell}"),
                    };
                } else if let Some(next) = next_period(ind) {
                    cells.insert("period".into(), next.to_string());
                }
                out.push((
                    c.config.id.clone(),
                    Row {
                        kind: Kind::Indicator,
                        cells,
                        lead: lead.clone(),
                        bodies,
                        read_only: served.is_some(),
                    },
                ));
            }
            for ms in m.milestones.iter().filter(|ms| ms.done.is_none()) {
                let mut cells = base(Kind::Milestone, format!("{mref}#{}", ms.id.value));
                cells.insert("indicator".into(), text(&ms.title, lang));
                cells.insert("target".into(), ms.due.value.to_string());
                out.push((
                    c.config.id.clone(),
                    Row {
                        kind: Kind::Milestone,
                        cells,
                        lead: lead.clone(),
                        bodies: bodies.clone(),
                        read_only: false,
                    },
                ));
            }
            let mut cells = base(Kind::Update, mref.clone());
            if let Some(u) = m.updates.iter().max_by_key(|u| u.date.value) {
                cells.insert(
                    "latest".into(),
                    format!("{}: {}", u.date.value, short(&text(&u.text, lang))),
                );
            }
            out.push((
                c.config.id.clone(),
                Row {
                    kind: Kind::Update,
                    cells,
                    lead: lead.clone(),
                    bodies: bodies.clone(),
                    read_only: false,
                },
            ));
        }
    }
    out
}

fn text(t: &Text, lang: &str) -> String {
    t.get(lang, lang)
        .map(|(s, _)| s.to_string())
        .unwrap_or_default()
}

fn short(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        s.chars().take(MAX).collect::<String>() + "…"
    }
}

/// `≥90 (2023)`, `稳步提升 (2023)`.
fn bound(b: &Bound, lang: &str) -> String {
    let what = match (&b.value, &b.text) {
        (Some(v), _) => format!("{}{}", b.op.map(Op::symbol).unwrap_or(""), v.literal),
        (None, Some(t)) => text(t, lang),
        (None, None) => String::new(),
    };
    format!("{what} ({})", b.period.value)
}

/// `27391 (2023-06)`, with the flag or declared status when there is one.
fn latest(p: &Progress, lang: &str) -> String {
    let mut what = match (&p.value, &p.text) {
        (Some(v), _) => v.literal.clone(),
        (None, Some(t)) => short(&text(t, lang)),
        (None, None) => p
            .status
            .as_ref()
            .map(|s| s.value.as_str().to_string())
            .unwrap_or_default(),
    };
    if let Some(f) = &p.flag {
        what.push_str(&format!(" [{}]", f.value.as_str()));
    }
    format!("{what} ({})", p.period.value)
}

/// The period after the latest progress entry, when the history makes it
/// clear: two entries of the same kind (or one and a matching frequency)
/// give the next quarter, month, half or year; year-to-date ranges
/// (`2024-01..2024-06`, `2024-01..2024-09`) give the next range of the
/// same step within the year.
pub fn next_period(ind: &Indicator) -> Option<Period> {
    let mut entries: Vec<Period> = ind.progress.iter().map(|p| p.period.value).collect();
    entries.sort_by_key(|p| p.end());
    let last = *entries.last()?;
    let prev = entries.len().checked_sub(2).map(|i| entries[i]);
    let frequency = ind.frequency;
    let same_kind = |p: Option<Period>| {
        p.is_some_and(|p| std::mem::discriminant(&p) == std::mem::discriminant(&last))
    };
    match last {
        Period::Quarter(y, q) if same_kind(prev) || frequency == Some(Frequency::Quarterly) => {
            Some(if q == 4 {
                Period::Quarter(y + 1, 1)
            } else {
                Period::Quarter(y, q + 1)
            })
        }
        Period::Month(y, m) if same_kind(prev) || frequency == Some(Frequency::Monthly) => {
            Some(if m == 12 {
                Period::Month(y + 1, 1)
            } else {
                Period::Month(y, m + 1)
            })
        }
        Period::Half(y, h) if same_kind(prev) || frequency == Some(Frequency::HalfYearly) => {
            Some(if h == 2 {
                Period::Half(y + 1, 1)
            } else {
                Period::Half(y, 2)
            })
        }
        Period::Year(y) if same_kind(prev) || frequency == Some(Frequency::Annual) => {
            Some(Period::Year(y + 1))
        }
        Period::Range(Span::Month(y, 1), Span::Month(y2, m)) if y == y2 => {
            let step = match prev {
                Some(Period::Range(Span::Month(py, 1), Span::Month(py2, pm)))
                    if py == y && py2 == y && pm < m =>
                {
                    m - pm
                }
                _ => match frequency {
                    Some(Frequency::Quarterly) => 3,
                    Some(Frequency::Monthly) => 1,
                    _ => return None,
                },
            };
            (m + step <= 12).then_some(Period::Range(Span::Month(y, 1), Span::Month(y, m + step)))
        }
        _ => None,
    }
}

// ------------------------------------------------------------- writing

/// The fixed creation date of every workbook gongkai writes, so that the
/// same rows give the same bytes (Excel would stamp the time of saving).
fn properties(title: &str) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("gongkai")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?))
}

/// The sheets as an `.xlsx` workbook: bold header row, frozen, each column
/// its width; context cells shaded and locked, fill cells unlocked and
/// formatted as text (so that `1.60` keeps its digits and `2023-09` is not
/// turned into a date); list validation on `status` and `flag`; each sheet
/// protected without a password.
pub fn xlsx(sheets: &[Sheet], languages: &[&str], lang: &str) -> Result<Vec<u8>, XlsxError> {
    let cols = columns::columns(languages);
    let mut book = Workbook::new();
    book.set_properties(&properties("gongkai progress sheet")?);
    let header = Format::new()
        .set_bold()
        .set_background_color("D9D9D9")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let context = Format::new().set_background_color("EDEDED").set_locked();
    let fill = Format::new().set_unlocked().set_num_format("@");
    let mut names: Vec<String> = Vec::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name, &names))?;
        names.push(ws.name());
        for (i, c) in cols.iter().enumerate() {
            let col = i as u16;
            ws.set_column_width(col, c.width)?;
            if c.fill {
                ws.set_column_format(col, &fill)?;
            }
            ws.write_string_with_format(0, col, columns::header(&c.key, lang), &header)?;
        }
        ws.set_row_height(0, 32)?;
        ws.set_freeze_panes(1, 2)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (i, c) in cols.iter().enumerate() {
                let v = row.cells.get(&c.key).map(String::as_str).unwrap_or("");
                let format = if c.fill && !row.read_only {
                    &fill
                } else {
                    &context
                };
                ws.write_string_with_format(r, i as u16, v, format)?;
            }
        }
        let last = sheet.rows.len().max(1) as u32 + 200;
        for (key, values) in [
            ("status", Status::ALL.map(Status::as_str).to_vec()),
            ("flag", Flag::ALL.map(|(n, _)| n).to_vec()),
        ] {
            if let Some(i) = cols.iter().position(|c| c.key == key) {
                let v = DataValidation::new().allow_list_strings(&values)?;
                ws.add_data_validation(1, i as u16, last, i as u16, &v)?;
            }
        }
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            use_autofilter: true,
            sort: false,
            ..ProtectionOptions::default()
        };
        ws.protect_with_options(&options);
    }
    book.save_to_buffer()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base: String = clean.chars().take(28).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// The rows as one CSV file: UTF-8 with a byte-order mark (so that Excel
/// opens the Chinese correctly), a header row, CRLF line ends, cells that a
/// spreadsheet would run as a formula neutralised (by the one rule of
/// [`crate::csvout`]).
pub fn csv(rows: &[Row], languages: &[&str], lang: &str) -> Vec<u8> {
    let cols = columns::columns(languages);
    csvout::write(
        csvout::Bom::With,
        cols.iter().map(|c| columns::header(&c.key, lang)),
        rows.iter().map(|row| {
            cols.iter()
                .map(|c| row.cells.get(&c.key).map_or("", String::as_str))
        }),
    )
}

/// A plain table as an `.xlsx` workbook (the site's data downloads): a bold
/// frozen header, then the rows, each cell a number where it is one, else
/// text. Same rows, same bytes. The rows come one at a time, so that a
/// large table's rows need not all be made before its workbook.
pub struct TableBook {
    book: Workbook,
    /// The next row's number (the header is row 0).
    next: u32,
}

impl TableBook {
    pub fn new(title: &str, sheet: &str, header: &[String]) -> Result<TableBook, XlsxError> {
        let mut book = Workbook::new();
        book.set_properties(&properties(title)?);
        let bold = Format::new().set_bold();
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(sheet, &[]))?;
        for (i, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, h, &bold)?;
            ws.set_column_width(i as u16, (h.chars().count() as f64 + 2.0).clamp(8.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(TableBook { book, next: 1 })
    }

    /// Adds the next row: `(value, is_text)` cells.
    pub fn row(&mut self, row: &[(String, bool)]) -> Result<(), XlsxError> {
        let r = self.next;
        self.next += 1;
        let ws = self.book.worksheet_from_index(0)?;
        for (i, (v, is_text)) in row.iter().enumerate() {
            let col = i as u16;
            if v.is_empty() {
                continue;
            }
            // A number keeps its digits as a number only when the shortest
            // form of the value is the text; else ("1.60") it stays text.
            match v.parse::<f64>() {
                Ok(n) if !is_text && n.is_finite() && crate::yaml::format_f64(n) == *v => {
                    ws.write_number(r, col, n)?;
                }
                _ => {
                    ws.write_string(r, col, v)?;
                }
            }
        }
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.book.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{entry, indicator};

    fn with(periods: &[&str], frequency: Option<Frequency>) -> Indicator {
        let mut ind = indicator("x");
        ind.progress = periods.iter().map(|p| entry(p, Some(1.0), None)).collect();
        ind.frequency = frequency;
        ind
    }

    fn next(periods: &[&str], frequency: Option<Frequency>) -> Option<String> {
        next_period(&with(periods, frequency)).map(|p| p.to_string())
    }

    #[test]
    fn the_next_period_when_the_history_makes_it_clear() {
        assert_eq!(
            next(&["2024-Q2", "2024-Q3"], None).as_deref(),
            Some("2024-Q4")
        );
        assert_eq!(
            next(&["2024-Q3", "2024-Q4"], None).as_deref(),
            Some("2025-Q1")
        );
        assert_eq!(
            next(&["2024-11", "2024-12"], None).as_deref(),
            Some("2025-01")
        );
        assert_eq!(
            next(&["2024-H1"], Some(Frequency::HalfYearly)).as_deref(),
            Some("2024-H2")
        );
        assert_eq!(next(&["2023", "2024"], None).as_deref(), Some("2025"));
        assert_eq!(
            next(&["2024-01..2024-06", "2024-01..2024-09"], None).as_deref(),
            Some("2024-01..2024-12")
        );
        assert_eq!(
            next(&["2024-01..2024-03"], Some(Frequency::Quarterly)).as_deref(),
            Some("2024-01..2024-06")
        );
    }

    #[test]
    fn no_period_when_the_history_is_unclear() {
        assert_eq!(next(&[], Some(Frequency::Quarterly)), None);
        assert_eq!(next(&["2024-Q3"], None), None);
        assert_eq!(next(&["2024-06", "2024-Q3"], None), None);
        assert_eq!(next(&["2024-01..2024-06", "2024-01..2024-12"], None), None);
        assert_eq!(next(&["2024-06-30", "2024-07-31"], None), None);
    }

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("区发改局[粮食]", &[]), "区发改局_粮食_");
        assert_eq!(sheet_name("a", &["A".to_string()]), "a-2");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
    }

    #[test]
    fn csv_has_a_bom_and_keys_in_the_header() {
        let mut cells = BTreeMap::new();
        cells.insert("ref".to_string(), "a/b/c".to_string());
        cells.insert("title".to_string(), "=cmd".to_string());
        let row = Row {
            kind: Kind::Indicator,
            cells,
            lead: vec![],
            bodies: vec![],
            read_only: false,
        };
        let out = csv(&[row], &["zh"], "zh");
        assert!(out.starts_with(b"\xEF\xBB\xBF\xE7\xB1\xBB\xE5\x9E\x8B (kind),"));
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(",a/b/c,,'=cmd,"), "{text}");
    }
}
