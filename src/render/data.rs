//! Open-data downloads: `measures.json` and its JSON Schema,
//! `indicators.csv`, `observations.csv` and their workbooks, one JSON and
//! one CSV per measure, and a Frictionless Data Package describing them.
//! Values keep their digits. The JSON is the input with what the status
//! rules compute beside it, in the open data's own types ([`open_data`]),
//! never the model's serialisation; the CSV files keep the columns of their
//! first release in place and add the later ones after them, so that a
//! reader that goes by position still works. On a site with several plans,
//! [`write_plans`] writes the same files across every plan, by the same code.
//!
//! [`open_data`]: super::open_data

use serde::Serialize;
use serde_json::{json, Value};

use crate::csvout;
use crate::model::*;
use crate::period::{Date, Period};
use crate::plans::{lineage, Lineages, Plans};
use crate::render::open_data as open;
use crate::render::urls;
use crate::site::{IndicatorInfo, ListedIndicator, Site};
use crate::status::milestones::MilestoneState;
use crate::status::{self, TargetOutcome};

use std::io::Write;

use rayon::prelude::*;

use super::OutputFile;
use crate::output::{Sink, WriteError};

mod plans;
pub use plans::write_plans;

/// A plan of a site with several, as the data across plans names it: its
/// id in a `plan` field or column, and the lineages that give each
/// indicator's `series`. The files of one plan (or of a one-plan site) go
/// without.
#[derive(Clone, Copy)]
struct InPlan<'a> {
    id: &'a str,
    lineages: &'a Lineages,
}

impl InPlan<'_> {
    /// The series of the indicator of `key` (`collection/measure/indicator`).
    fn series(&self, key: &str) -> String {
        let [c, m, i] = split_indicator_key(key).unwrap_or_default();
        let path = lineage::indicator_path(self.id, c, m, i);
        self.lineages.series_of(&path).to_string()
    }
}

/// Writes every data file into `sink`, each measure's as soon as it is
/// made (in parallel); returns how many files were written.
pub fn write(site: &Site, base_url: &str, sink: &dyn Sink) -> Result<usize, WriteError> {
    write_part(site, base_url, sink, &|_, _| true, true, &|| Ok(0)).map(|(count, _)| count)
}

/// [`write`], with the own files of only the measures `own_files` chooses,
/// and the files about the whole site only when `whole`; and `beside`,
/// other files' writing, on the lane the workbooks leave free once the
/// measures' files are written. Returns how many files each wrote.
pub fn write_part(
    site: &Site,
    base_url: &str,
    sink: &dyn Sink,
    own_files: &(dyn Fn(usize, usize) -> bool + Sync),
    whole: bool,
    beside: &(dyn Fn() -> Result<usize, WriteError> + Sync),
) -> Result<(usize, usize), WriteError> {
    let measures = every_measure(site);
    if !whole {
        let chosen: Vec<&(usize, usize)> = measures
            .iter()
            .filter(|(ci, mi)| own_files(*ci, *mi))
            .collect();
        chosen
            .par_iter()
            .try_for_each(|&&(ci, mi)| measure_files(site, ci, mi, base_url, sink).map(|_| ()))?;
        return Ok((2 * chosen.len(), beside()?));
    }
    // measures.json holds every measure's JSON, made with its own files.
    let measures_json = || {
        stream_measures(
            sink,
            &urls::data_file(urls::MEASURES_JSON),
            &measures,
            &|&(ci, mi)| {
                if own_files(ci, mi) {
                    measure_files(site, ci, mi, base_url, sink)
                } else {
                    Ok(pretty(&measure_json(site, ci, mi, base_url, None)))
                }
            },
        )
    };
    let tables = [
        Table {
            header: indicator_header(site),
            sections: vec![indicator_section(site, base_url, None)],
        },
        Table {
            header: observation_header(site),
            sections: vec![observation_section(site, None)],
        },
    ];
    let sources: Vec<&PlanSource> = site.config.source.iter().collect();
    // Each file is written by one thread at a time. The tables' lane is
    // the longer (each workbook is filled, then compressed, on one
    // thread); the measures' files and then `beside` keep the other core
    // at work. `beside` comes last there: run first, it would hold the
    // tables back.
    let (others, whole) = rayon::join(
        || {
            measures_json()?;
            beside()
        },
        || folder_files(site, &urls::data_file, &tables, &sources, false, sink),
    );
    Ok((2 * measures.len() + 1 + whole?, others?))
}

/// Writes the JSON array at `path` of the JSON `make` makes of each of
/// `items`, a chunk at a time (each chunk in parallel), so that it is
/// never whole in memory.
fn stream_measures<T: Sync>(
    sink: &dyn Sink,
    path: &str,
    items: &[T],
    make: &(dyn Fn(&T) -> Result<Vec<u8>, WriteError> + Sync),
) -> Result<(), WriteError> {
    sink.put_streamed(path, &mut |out| {
        let mut array = PrettyArray::default();
        for chunk in items.chunks(MEASURES_PER_CHUNK) {
            let jsons = chunk
                .par_iter()
                .map(make)
                .collect::<Result<Vec<_>, WriteError>>()
                .map_err(std::io::Error::other)?;
            for json in jsons {
                array.item(out, &json)?;
            }
        }
        array.finish(out)
    })
}

/// Every measure as collection and measure indices, in the site's order.
fn every_measure(site: &Site) -> Vec<(usize, usize)> {
    site.collections
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.measures.len()).map(move |mi| (ci, mi)))
        .collect()
}

/// Measures made between two writes to `measures.json`.
const MEASURES_PER_CHUNK: usize = 256;

/// Writes one measure's JSON and CSV files; returns its JSON.
fn measure_files(
    site: &Site,
    ci: usize,
    mi: usize,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<Vec<u8>, WriteError> {
    let c = &site.collections[ci];
    let json = pretty(&measure_json(site, ci, mi, base_url, None));
    let id = &c.measures[mi].measure.id.value;
    sink.put(
        OutputFile::new(urls::measure_data(&c.config.id, id, "json"), json.clone())
            .owned_by(site.measure_key(ci, mi)),
    )?;
    let rows = observation_rows(site, &site.listed_indicators(ci, mi), &[(ci, mi)], None);
    sink.put(
        OutputFile::new(
            urls::measure_data(&c.config.id, id, "csv"),
            csv(&observation_header(site), &rows),
        )
        .owned_by(site.measure_key(ci, mi)),
    )?;
    Ok(json)
}

/// What the rows of a whole-site table are made of, in order, each piece
/// a few rows: the tables are written a chunk of pieces at a time, never
/// whole in memory.
#[derive(Clone, Copy)]
enum Piece<'a> {
    /// An indicator's row of `indicators.csv`.
    Indicator(&'a str, &'a IndicatorInfo),
    /// An indicator's values in `observations.csv`: baseline, targets,
    /// progress.
    Values(&'a str, &'a IndicatorInfo),
    /// A measure's updates and milestones in `observations.csv`.
    Measure(usize, usize),
}

/// The pieces of a whole table that one site (or plan) gives, with what
/// their rows need.
struct Section<'a> {
    site: &'a Site,
    /// The address an indicator's `url` goes under.
    base_url: &'a str,
    plan: Option<InPlan<'a>>,
    pieces: Vec<Piece<'a>>,
}

impl Section<'_> {
    /// The rows of `piece`, in the table's order.
    fn rows(&self, piece: Piece) -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        match piece {
            Piece::Indicator(key, info) => {
                rows.push(indicator_row(
                    self.site,
                    key,
                    info,
                    self.base_url,
                    self.plan,
                ));
            }
            Piece::Values(key, info) => {
                let ind = self.site.indicator_at(info.at);
                indicator_observations(self.site, key, ind, self.plan, &mut rows);
            }
            Piece::Measure(ci, mi) => measure_observations(self.site, ci, mi, self.plan, &mut rows),
        }
        rows
    }
}

/// A whole table: its columns and its rows, the sections' in turn.
struct Table<'a> {
    header: Vec<Column>,
    sections: Vec<Section<'a>>,
}

/// The rows of `indicators.csv` of a site: one per indicator; with
/// `plan`, each ending with its plan and series ([`plan_columns`]).
fn indicator_section<'a>(
    site: &'a Site,
    base_url: &'a str,
    plan: Option<InPlan<'a>>,
) -> Section<'a> {
    Section {
        site,
        base_url,
        plan,
        pieces: site
            .indicators
            .iter()
            .map(|(key, info)| Piece::Indicator(key, info))
            .collect(),
    }
}

/// The rows of `observations.csv` of a site: each indicator's values,
/// then each measure's updates and milestones.
fn observation_section<'a>(site: &'a Site, plan: Option<InPlan<'a>>) -> Section<'a> {
    let values = site
        .indicators
        .iter()
        .map(|(key, info)| Piece::Values(key, info));
    let measures = every_measure(site)
        .into_iter()
        .map(|(ci, mi)| Piece::Measure(ci, mi));
    Section {
        site,
        base_url: "",
        plan,
        pieces: values.chain(measures).collect(),
    }
}

/// Pieces of a table made (in parallel) between two writes.
const PIECES_PER_CHUNK: usize = 512;

/// Writes `table` as the CSV file at `csv_path` (streamed) and the workbook
/// at `xlsx_path` (sheet `sheet`), making its rows a chunk at a time, the
/// next chunk while the last is written.
fn write_table(
    sink: &dyn Sink,
    title: &str,
    (csv_path, xlsx_path, sheet): (&str, &str, &str),
    table: &Table,
) -> Result<(), WriteError> {
    let names: Vec<String> = table.header.iter().map(|c| c.name.clone()).collect();
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| {
        WriteError::Io(xlsx_path.into(), std::io::Error::other(e.to_string()))
    };
    let mut book =
        crate::sheets::export::TableBook::new(title, sheet, &names).map_err(xlsx_error)?;
    sink.put_streamed(csv_path, &mut |out| {
        let mut csv = csvout::Writer::new(csvout::Bom::Without, out, &names)?;
        let mut write = |chunk: Vec<Vec<Vec<Cell>>>| -> std::io::Result<()> {
            for row in chunk.iter().flatten() {
                csv.row(row.iter().map(|(v, _)| v))?;
                book.row(row)
                    .map_err(|e| std::io::Error::other(xlsx_error(e)))?;
            }
            Ok(())
        };
        let mut made = Vec::new();
        for section in &table.sections {
            for chunk in section.pieces.chunks(PIECES_PER_CHUNK) {
                let previous = std::mem::take(&mut made);
                let mut written = Ok(());
                rayon::in_place_scope(|s| {
                    s.spawn(|_| made = chunk.par_iter().map(|p| section.rows(*p)).collect());
                    written = write(previous);
                });
                written?;
            }
        }
        write(made)?;
        csv.finish()
    })?;
    let bytes = book.finish().map_err(xlsx_error)?;
    sink.put(OutputFile::new(xlsx_path.to_string(), bytes))
}

/// Writes the files of a data folder (`folder` gives a file's path in it)
/// about a whole site or every plan: the two tables (indicators,
/// observations) as CSV files and workbooks, the schema of its
/// `measures.json`, and the Data Package describing them. Returns how many
/// files were written.
fn folder_files(
    site: &Site,
    folder: &(dyn Fn(&str) -> String + Sync),
    tables: &[Table; 2],
    sources: &[&PlanSource],
    every_plan: bool,
    sink: &dyn Sink,
) -> Result<usize, WriteError> {
    let title = site_title(site);
    let write = |table, csv_name, xlsx_name, sheet| {
        write_table(
            sink,
            title,
            (&folder(csv_name), &folder(xlsx_name), sheet),
            table,
        )
    };
    // One after the other: each workbook holds its cells until it is
    // compressed, and at 20,000 measures the two at once (as a join made
    // them, when the other lane took the second) pass 1 GiB. The rows of
    // each are still made in parallel.
    write(
        &tables[0],
        urls::INDICATORS_CSV,
        urls::INDICATORS_XLSX,
        "indicators",
    )?;
    write(
        &tables[1],
        urls::OBSERVATIONS_CSV,
        urls::OBSERVATIONS_XLSX,
        "observations",
    )?;
    sink.put(OutputFile::new(
        folder(urls::MEASURES_SCHEMA_JSON),
        pretty(&open::measures_schema()),
    ))?;
    sink.put(OutputFile::new(
        folder(urls::DATAPACKAGE_JSON),
        pretty(&datapackage(
            site,
            [&tables[0].header, &tables[1].header],
            sources,
            every_plan,
        )),
    ))?;
    Ok(6)
}

fn site_title(site: &Site) -> &str {
    let default = site.config.default_language();
    site.config
        .title
        .get(default, default)
        .map(|(t, _)| t)
        .unwrap_or("")
}

/// Writes a JSON array, item by item, of values already written by
/// [`pretty`], exactly as `pretty` writes the whole array: each item's text
/// one level in. (Lines split safely: JSON has no raw newline in a string.)
#[derive(Default)]
struct PrettyArray {
    items: usize,
}

impl PrettyArray {
    fn item(&mut self, out: &mut dyn Write, item: &[u8]) -> std::io::Result<()> {
        out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        self.items += 1;
        let text = item.strip_suffix(b"\n").unwrap_or(item);
        for (j, line) in text.split(|b| *b == b'\n').enumerate() {
            if j > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(line)?;
        }
        Ok(())
    }

    fn finish(self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(if self.items == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

fn pretty(v: &impl Serialize) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// A text of the model as the open data's.
fn texts(t: &Text) -> open::Texts {
    t.by_lang
        .iter()
        .map(|(l, s)| (l.clone(), s.clone()))
        .collect()
}

fn opt_texts(t: &Option<Text>) -> Option<open::Texts> {
    t.as_ref().map(texts)
}

/// A figure with its digits: the quoted digits, else the number (an
/// integer when it is one).
fn figure(d: &Decimal) -> open::Figure {
    if d.quoted {
        open::Figure::Digits(d.literal.clone())
    } else if d.value.fract() == 0.0 && d.value.abs() < 9.0e15 {
        open::Figure::Integer(d.value as i64)
    } else {
        open::Figure::Real(d.value)
    }
}

fn source(s: &Source) -> open::Source {
    open::Source {
        title: texts(&s.title),
        url: s.url.as_ref().map(|u| u.value.clone()),
        date: s.date.as_ref().map(|d| d.value.to_string()),
    }
}

fn bound_json(b: &Bound) -> open::Bound {
    open::Bound {
        period: b.period.value.to_string(),
        op: b.op,
        value: b.value.as_ref().map(figure),
        text: opt_texts(&b.text),
        flag: b.flag.as_ref().map(|f| f.value),
        note: opt_texts(&b.note),
        outcome: None,
        current: None,
    }
}

fn progress_json(p: &Progress) -> open::Progress {
    open::Progress {
        period: p.period.value.to_string(),
        value: p.value.as_ref().map(figure),
        text: opt_texts(&p.text),
        note: opt_texts(&p.note),
        source: p.source.as_ref().map(source),
        status: p.status.as_ref().map(|s| s.value),
        flag: p.flag.as_ref().map(|f| f.value),
    }
}

/// The latest entry ([`status::latest_entry`]), with what was due by then
/// for a figure of part of the target period.
fn latest(ind: &Indicator, expected: Option<status::Figure>) -> Option<open::Latest> {
    status::latest_entry(&ind.progress).map(|p| open::Latest {
        period: p.period.value.to_string(),
        value: p.value.as_ref().map(figure),
        text: opt_texts(&p.text),
        flag: p.flag.as_ref().map(|f| f.value),
        expected: expected.map(rounded),
    })
}

fn lineage(l: &crate::model::Lineage) -> open::Lineage {
    open::Lineage {
        continues: paths(&l.continues),
        change: l.change.as_ref().map(|c| c.value),
        change_note: opt_texts(&l.change_note),
    }
}

fn paths(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|p| p.value.clone()).collect()
}

fn indicator_json(
    li: &ListedIndicator,
    base_url: &str,
    as_of: Date,
    plan: Option<InPlan>,
) -> open::Indicator {
    let ind = li.indicator;
    let a = &li.info.assessment;
    // Each of several targets says what became of it, and which one the
    // status is computed against.
    let outcomes = status::target_outcomes(ind, as_of);
    let current = status::current_target(ind, as_of);
    let targets = ind
        .targets
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(i, (t, outcome))| open::Bound {
            outcome: Some(outcome.as_str()),
            current: Some(current == Some(i)),
            ..bound_json(t)
        })
        .collect();
    open::Indicator {
        reference: li.via_ref.then(|| li.key.to_string()),
        id: ind.id.value.clone(),
        name: texts(&ind.name),
        unit: opt_texts(&ind.unit),
        direction: ind.direction,
        accumulation: ind.accumulation,
        decimals: ind.decimals,
        tolerance: ind.tolerance.as_ref().map(figure),
        baseline: ind.baseline.as_ref().map(bound_json),
        target: ind.target.as_ref().map(bound_json),
        targets,
        progress: ind.progress.iter().map(progress_json).collect(),
        note: opt_texts(&ind.note),
        definition: opt_texts(&ind.definition),
        method: opt_texts(&ind.method),
        data_source: opt_texts(&ind.data_source),
        frequency: ind.frequency,
        next_update: ind.next_update.as_ref().map(|d| d.value.to_string()),
        lineage: lineage(&ind.lineage),
        serves: paths(&ind.serves),
        status: a.status,
        status_declared: a.declared,
        status_computed: a.computed,
        latest: latest(ind, a.expected),
        url: indicator_url(li.key, base_url),
        series: plan.map(|p| p.series(li.key)),
    }
}

/// A computed figure at the digits the site shows it with.
fn rounded(f: status::Figure) -> f64 {
    let scale = 10f64.powi(i32::try_from(f.decimals).unwrap_or(0));
    (f.value * scale).round() / scale
}

/// The absolute address of the indicator of `key` (its definition).
fn indicator_url(key: &str, base_url: &str) -> String {
    let [c, m, i] = split_indicator_key(key).unwrap_or_default();
    urls::absolute(base_url, &urls::indicator("", c, m, i))
}

/// One measure as the open data gives it: the input's fields, its
/// indicators in full, what the status rules compute.
fn measure_json(
    site: &Site,
    ci: usize,
    mi: usize,
    base_url: &str,
    plan: Option<InPlan>,
) -> open::Measure {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let a = &site.measure_assessment[ci][mi];
    let as_of = site.config.as_of.value;
    // Each milestone with where it stands at as_of.
    let states = a.milestones.as_ref().map(|ms| ms.states.as_slice());
    let milestones = m
        .milestones
        .iter()
        .enumerate()
        .map(|(i, ms)| open::Milestone {
            id: ms.id.value.clone(),
            title: texts(&ms.title),
            due: ms.due.value.to_string(),
            done: ms.done.as_ref().map(|d| d.value.to_string()),
            evidence: ms.evidence.as_ref().map(source),
            status: states.and_then(|s| s.get(i)).map(|s| s.as_str()),
        })
        .collect();
    let updates = m
        .updates
        .iter()
        .map(|u| open::Update {
            date: u.date.value.to_string(),
            text: texts(&u.text),
            status: u.status.as_ref().map(|s| s.value),
            source: u.source.as_ref().map(source),
        })
        .collect();
    open::Measure {
        plan: plan.map(|p| p.id.to_string()),
        collection: c.config.id.clone(),
        id: m.id.value.clone(),
        number: m.number,
        category: m.category.as_ref().map(|c| c.value.clone()),
        title: texts(&m.title),
        lead: paths(&m.lead),
        units: paths(&m.units),
        assessment: m.assessment.as_ref().map(|a| a.value.clone()),
        summary: opt_texts(&m.summary),
        tasks: m.tasks.iter().map(texts).collect(),
        indicators: site
            .listed_indicators(ci, mi)
            .iter()
            .map(|li| indicator_json(li, base_url, as_of, plan))
            .collect(),
        status: a.status,
        status_note: opt_texts(&m.status_note),
        updates,
        milestones,
        lineage: lineage(&m.lineage),
        status_declared: a.declared(),
        // "2 of 3 indicators reported": the status is the worst of those 2.
        indicators_reported: a.indicators.reported,
        status_computed: a.computed,
        // The latest report on the measure: a progress entry of its
        // indicators or an update, whichever ends last (a progress entry
        // on a tie).
        latest: site.latest_report(ci, mi).map(|p| p.to_string()),
        url: urls::absolute(base_url, &urls::measure("", &c.config.id, &m.id.value)),
        format_version: open::FORMAT_VERSION,
    }
}

// ------------------------------------------------------------------- CSV

/// A cell: `(value, is_text)`.
type Cell = (String, bool);

/// A table as a CSV file, by the one CSV writer (no byte-order mark: the
/// open data is for programs first).
fn csv(header: &[Column], rows: &[Vec<Cell>]) -> Vec<u8> {
    csvout::write(
        csvout::Bom::Without,
        header.iter().map(|c| c.name.as_str()),
        rows.iter().map(|row| row.iter().map(|(v, _)| v.as_str())),
    )
}

fn text_in(t: &Option<Text>, lang: &str) -> String {
    t.as_ref()
        .and_then(|t| t.exactly(lang))
        .unwrap_or_default()
        .to_string()
}

fn num(v: &Option<Decimal>) -> String {
    v.as_ref().map(|d| d.literal.clone()).unwrap_or_default()
}

fn op(b: &Bound) -> String {
    b.op.map(|o| o.as_str().to_string()).unwrap_or_default()
}

/// A column of a CSV file, as its header names it and its Data Package
/// schema describes it.
pub struct Column {
    pub name: String,
    /// The Frictionless field type.
    pub kind: &'static str,
    pub description: String,
    /// The values it may take (empty: any).
    pub values: Vec<&'static str>,
    /// The language of a column that has one per site language
    /// (`name_zh`: `zh`).
    pub lang: Option<String>,
}

fn column(name: impl Into<String>, kind: &'static str, description: impl Into<String>) -> Column {
    Column {
        name: name.into(),
        kind,
        description: description.into(),
        values: Vec::new(),
        lang: None,
    }
}

impl Column {
    fn one_of(mut self, values: Vec<&'static str>) -> Column {
        self.values = values;
        self
    }
}

/// One column per site language: `<prefix>_<lang>`.
fn per_language(site: &Site, prefix: &str, what: &str) -> Vec<Column> {
    site.config
        .language_codes()
        .into_iter()
        .map(|l| Column {
            lang: Some(l.to_string()),
            ..column(format!("{prefix}_{l}"), "string", format!("{what}, in {l}"))
        })
        .collect()
}

fn names<T: Copy>(table: &[(&'static str, T)]) -> Vec<&'static str> {
    table.iter().map(|(n, _)| *n).collect()
}

fn status_values() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.as_str()).collect()
}

fn flag_values() -> Vec<&'static str> {
    names(&Flag::ALL)
}

fn op_values() -> Vec<&'static str> {
    names(&Op::ALL)
}

/// The kinds of row of `observations.csv`.
const OBSERVATION_KINDS: [&str; 5] = ["baseline", "target", "progress", "update", "milestone"];

/// What became of a target, or where a milestone stands.
fn outcome_values() -> Vec<&'static str> {
    let targets = [
        TargetOutcome::Met,
        TargetOutcome::NotMet,
        TargetOutcome::NotReported,
        TargetOutcome::Upcoming,
    ]
    .map(TargetOutcome::as_str);
    let milestones = [
        MilestoneState::Done,
        MilestoneState::DoneLate,
        MilestoneState::Overdue,
    ]
    .map(MilestoneState::as_str);
    targets.into_iter().chain(milestones).collect()
}

/// The columns of `indicators.csv`. The columns of the first releases come
/// first, in their order; the later ones follow.
pub fn indicator_header(site: &Site) -> Vec<Column> {
    let mut h = vec![
        column("collection", "string", "The collection's id"),
        column("measure", "string", "The measure's id"),
        column(
            "indicator",
            "string",
            "The indicator's id, unique in its measure",
        ),
    ];
    h.extend(per_language(site, "name", "The indicator's name"));
    h.extend(per_language(site, "unit", "The unit of its values"));
    let default = site.config.default_language();
    h.extend([
        column("direction", "string", "Which way is better").one_of(names(&Direction::ALL)),
        column(
            "accumulation",
            "string",
            "level (a rate or a stock) or cumulative (counts up within the period)",
        )
        .one_of(names(&Accumulation::ALL)),
        column("baseline_period", "string", "The baseline's period"),
        column("baseline_op", "string", "The baseline's comparator").one_of(op_values()),
        column(
            "baseline_value",
            "number",
            "The baseline's value, digits as given",
        ),
        column(
            "baseline_text",
            "string",
            format!("The baseline in words, in {default}"),
        ),
        column(
            "target_period",
            "string",
            "The current target's period (the one the status is computed against)",
        ),
        column("target_op", "string", "The current target's comparator").one_of(op_values()),
        column(
            "target_value",
            "number",
            "The current target's value, digits as given",
        ),
        column(
            "target_text",
            "string",
            format!("The current target in words, in {default}"),
        ),
        column(
            "latest_period",
            "string",
            "The period of the latest progress entry: the latest with a value, else the latest",
        ),
        column("latest_value", "number", "Its value, digits as given"),
        column("status", "string", "The indicator's status").one_of(status_values()),
        column(
            "status_declared",
            "boolean",
            "Whether the status was declared in the data rather than computed",
        ),
        column("url", "string", "The indicator on the site"),
        column(
            "target_count",
            "integer",
            "How many targets the indicator has (every one is a target row of observations.csv)",
        ),
        column(
            "baseline_flag",
            "string",
            "What the baseline's value is, when not a final figure",
        )
        .one_of(flag_values()),
        column("target_flag", "string", "The same, for the current target").one_of(flag_values()),
        column("latest_flag", "string", "The same, for the latest value").one_of(flag_values()),
    ]);
    h.extend(per_language(
        site,
        "definition",
        "What the indicator measures (Markdown)",
    ));
    h.extend(per_language(
        site,
        "method",
        "How the figure is computed (Markdown)",
    ));
    h.extend(per_language(
        site,
        "data_source",
        "The body or survey that produces the figure",
    ));
    h.extend([
        column("frequency", "string", "How often the figure is published")
            .one_of(names(&Frequency::ALL)),
        column("next_update", "date", "When the next figure is expected"),
    ]);
    h
}

fn flag_cell(flag: &Option<Spanned<Flag>>) -> Cell {
    (
        flag.as_ref()
            .map(|f| f.value.as_str().to_string())
            .unwrap_or_default(),
        false,
    )
}

/// A text in each language, one cell each.
fn per_language_cells(t: &Option<Text>, langs: &[&str]) -> Vec<Cell> {
    langs.iter().map(|l| (text_in(t, l), true)).collect()
}

/// The columns the tables across plans add after a one-plan table's: the
/// record's plan and, for an indicator's row, its series.
fn plan_columns(mut header: Vec<Column>) -> Vec<Column> {
    header.extend([
        column("plan", "string", "The plan's id"),
        column(
            "series",
            "string",
            "The indicator's series across plans: the path plan/collection/measure/indicator of its earliest member (empty on update and milestone rows)",
        ),
    ]);
    header
}

/// The row of `indicators.csv` of the indicator of `key`; with `plan`,
/// ending with its plan and series ([`plan_columns`]).
fn indicator_row(
    site: &Site,
    key: &str,
    info: &IndicatorInfo,
    base_url: &str,
    plan: Option<InPlan>,
) -> Vec<Cell> {
    let default = site.config.default_language();
    let as_of = site.config.as_of.value;
    let langs = site.config.language_codes();
    let ind = site.indicator_at(info.at);
    let mut row = key_cells(key);
    for l in &langs {
        row.push((ind.name.exactly(l).unwrap_or_default().to_string(), true));
    }
    for l in &langs {
        row.push((text_in(&ind.unit, l), true));
    }
    let bound = |b: Option<&Bound>| -> Vec<Cell> {
        match b {
            Some(b) => vec![
                (b.period.value.to_string(), false),
                (op(b), false),
                (num(&b.value), false),
                (text_in(&b.text, default), true),
            ],
            None => vec![(String::new(), false); 4],
        }
    };
    let target = status::current_target(ind, as_of).map(|i| &ind.all_targets()[i]);
    row.push((ind.direction.as_str().into(), false));
    row.push((ind.accumulation.as_str().into(), false));
    row.extend(bound(ind.baseline.as_ref()));
    row.extend(bound(target));
    let latest = status::latest_entry(&ind.progress);
    row.push((
        latest
            .map(|p| p.period.value.to_string())
            .unwrap_or_default(),
        false,
    ));
    row.push((latest.map(|p| num(&p.value)).unwrap_or_default(), false));
    row.push((info.assessment.status.as_str().into(), false));
    row.push((info.assessment.declared.to_string(), false));
    row.push((indicator_url(key, base_url), false));
    row.push((ind.all_targets().len().to_string(), false));
    row.push(flag_cell(
        &ind.baseline.as_ref().and_then(|b| b.flag.clone()),
    ));
    row.push(flag_cell(&target.and_then(|t| t.flag.clone())));
    row.push(flag_cell(&latest.and_then(|p| p.flag.clone())));
    row.extend(per_language_cells(&ind.definition, &langs));
    row.extend(per_language_cells(&ind.method, &langs));
    row.extend(per_language_cells(&ind.data_source, &langs));
    row.push((
        ind.frequency
            .map(|f| f.as_str().to_string())
            .unwrap_or_default(),
        false,
    ));
    row.push((
        ind.next_update
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default(),
        false,
    ));
    if let Some(plan) = plan {
        row.push((plan.id.to_string(), false));
        row.push((plan.series(key), false));
    }
    row
}

/// The collection, measure and indicator columns of an indicator's key.
fn key_cells(key: &str) -> Vec<Cell> {
    let parts = split_indicator_key(key).unwrap_or_default();
    parts.iter().map(|s| (s.to_string(), false)).collect()
}

/// The columns of `observations.csv` and of each measure's CSV. The
/// columns of the first releases come first, in their order.
/// The columns of `observations.csv`.
pub fn observation_header(site: &Site) -> Vec<Column> {
    let default = site.config.default_language();
    let mut h = vec![
        column("collection", "string", "The collection's id"),
        column("measure", "string", "The measure's id"),
        column(
            "indicator",
            "string",
            "The indicator's id (empty on update and milestone rows, which are the measure's)",
        ),
        column(
            "kind",
            "string",
            "What the row is: a baseline, a target, a progress entry, an update on the measure or a milestone",
        )
        .one_of(OBSERVATION_KINDS.to_vec()),
        column(
            "period",
            "string",
            "The value's period (a range is written 2023-01..2023-09); an update's date; the period a milestone is due by",
        ),
        column("period_end", "date", "The last day of the period"),
        column("op", "string", "The comparator of a baseline or target").one_of(op_values()),
        column("value", "number", "The value, digits as given"),
        column(
            "text",
            "string",
            format!(
                "The value in words, an update's text or a milestone's title, in {default}"
            ),
        ),
        column(
            "declared_status",
            "string",
            "The status a progress entry or an update declares",
        )
        .one_of(status_values()),
        column(
            "source_url",
            "string",
            "The source of a progress entry or an update; a milestone's evidence",
        ),
        column("flag", "string", "What the value is, when not a final figure")
            .one_of(flag_values()),
        column(
            "outcome",
            "string",
            "What became of a target (met, not-met, not-reported, upcoming) or where a milestone stands (done, done-late, overdue, upcoming)",
        )
        .one_of(outcome_values()),
        column("milestone", "string", "The milestone's id, unique in its measure"),
        column("done", "date", "The day a milestone was done"),
    ];
    h.extend(per_language(
        site,
        "text",
        "The value in words, an update's text (Markdown) or a milestone's title",
    ));
    h.extend(per_language(site, "note", "The note on a value (Markdown)"));
    h
}

/// One row of `observations.csv`, before it is written as cells.
#[derive(Default)]
struct Observation<'a> {
    collection: &'a str,
    measure: &'a str,
    indicator: &'a str,
    kind: &'static str,
    period: Option<Period>,
    op: String,
    value: String,
    text: Option<&'a Text>,
    declared: Option<Status>,
    source: Option<&'a Source>,
    flag: Option<Flag>,
    outcome: &'static str,
    milestone: &'a str,
    done: Option<Date>,
    note: Option<&'a Text>,
    /// In the tables across plans: the plan, and an indicator's series.
    plan: Option<(&'a str, String)>,
}

impl Observation<'_> {
    fn cells(&self, default: &str, langs: &[&str]) -> Vec<Cell> {
        let text = |t: Option<&Text>, l: &str| {
            t.and_then(|t| t.exactly(l)).unwrap_or_default().to_string()
        };
        let mut row = vec![
            (self.collection.to_string(), false),
            (self.measure.to_string(), false),
            (self.indicator.to_string(), false),
            (self.kind.to_string(), false),
            (
                self.period.map(|p| p.to_string()).unwrap_or_default(),
                false,
            ),
            (
                self.period.map(|p| p.end().to_string()).unwrap_or_default(),
                false,
            ),
            (self.op.clone(), false),
            (self.value.clone(), false),
            (text(self.text, default), true),
            (
                self.declared
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                false,
            ),
            (
                self.source
                    .and_then(|s| s.url.as_ref())
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
                true,
            ),
            (
                self.flag
                    .map(|f| f.as_str().to_string())
                    .unwrap_or_default(),
                false,
            ),
            (self.outcome.to_string(), false),
            (self.milestone.to_string(), false),
            (self.done.map(|d| d.to_string()).unwrap_or_default(), false),
        ];
        row.extend(langs.iter().map(|l| (text(self.text, l), true)));
        row.extend(langs.iter().map(|l| (text(self.note, l), true)));
        if let Some((plan, series)) = &self.plan {
            row.push((plan.to_string(), false));
            row.push((series.clone(), false));
        }
        row
    }
}

/// One row per value of the `listed` indicators — baseline, each target,
/// each progress entry — then, for each of `measures` in turn, one per
/// update (by date) and one per milestone (in the measure's order): tidy,
/// long format. With `plan`, each row ends with its plan and series
/// ([`plan_columns`]).
fn observation_rows(
    site: &Site,
    listed: &[ListedIndicator],
    measures: &[(usize, usize)],
    plan: Option<InPlan>,
) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for li in listed {
        indicator_observations(site, li.key, li.indicator, plan, &mut rows);
    }
    for &(ci, mi) in measures {
        measure_observations(site, ci, mi, plan, &mut rows);
    }
    rows
}

/// The rows of `observations.csv` of indicator `ind` (of `key`): its
/// baseline, each target, each progress entry.
fn indicator_observations(
    site: &Site,
    key: &str,
    ind: &Indicator,
    plan: Option<InPlan>,
    rows: &mut Vec<Vec<Cell>>,
) {
    let default = site.config.default_language();
    let langs = site.config.language_codes();
    let as_of = site.config.as_of.value;
    let [collection, measure, indicator] = split_indicator_key(key).unwrap_or_default();
    let in_plan = plan.map(|p| (p.id, p.series(key)));
    let of_indicator = |kind| Observation {
        collection,
        measure,
        indicator,
        kind,
        plan: in_plan.clone(),
        ..Observation::default()
    };
    if let Some(b) = &ind.baseline {
        rows.push(bound_observation(of_indicator("baseline"), b).cells(default, &langs));
    }
    let outcomes = status::target_outcomes(ind, as_of);
    for (t, outcome) in ind.all_targets().iter().zip(outcomes) {
        let row = Observation {
            outcome: outcome.as_str(),
            ..bound_observation(of_indicator("target"), t)
        };
        rows.push(row.cells(default, &langs));
    }
    for p in status::chronological(&ind.progress) {
        let row = Observation {
            period: Some(p.period.value),
            value: num(&p.value),
            text: p.text.as_ref(),
            declared: p.status.as_ref().map(|s| s.value),
            source: p.source.as_ref(),
            flag: p.flag.as_ref().map(|f| f.value),
            note: p.note.as_ref(),
            ..of_indicator("progress")
        };
        rows.push(row.cells(default, &langs));
    }
}

/// The rows of `observations.csv` of measure `mi` of collection `ci`: one
/// per update (by date), one per milestone (in the measure's order).
fn measure_observations(
    site: &Site,
    ci: usize,
    mi: usize,
    plan: Option<InPlan>,
    rows: &mut Vec<Vec<Cell>>,
) {
    let default = site.config.default_language();
    let langs = site.config.language_codes();
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let of_measure = |kind| Observation {
        collection: &c.config.id,
        measure: &m.id.value,
        kind,
        plan: plan.map(|p| (p.id, String::new())),
        ..Observation::default()
    };
    let mut updates: Vec<&Update> = m.updates.iter().collect();
    updates.sort_by_key(|u| u.date.value);
    for u in updates {
        let row = Observation {
            period: Some(Period::Day(u.date.value)),
            text: Some(&u.text),
            declared: u.status.as_ref().map(|s| s.value),
            source: u.source.as_ref(),
            ..of_measure("update")
        };
        rows.push(row.cells(default, &langs));
    }
    let states = site.measure_assessment[ci][mi]
        .milestones
        .as_ref()
        .map(|a| a.states.as_slice())
        .unwrap_or_default();
    for (ms, state) in m.milestones.iter().zip(states) {
        let row = Observation {
            period: Some(ms.due.value),
            text: Some(&ms.title),
            source: ms.evidence.as_ref(),
            outcome: state.as_str(),
            milestone: &ms.id.value,
            done: ms.done.as_ref().map(|d| d.value),
            ..of_measure("milestone")
        };
        rows.push(row.cells(default, &langs));
    }
}

/// `base` with the figures of a baseline or target.
fn bound_observation<'a>(base: Observation<'a>, b: &'a Bound) -> Observation<'a> {
    Observation {
        period: Some(b.period.value),
        op: op(b),
        value: num(&b.value),
        text: b.text.as_ref(),
        flag: b.flag.as_ref().map(|f| f.value),
        note: b.note.as_ref(),
        ..base
    }
}

fn schema(header: &[Column]) -> Value {
    let fields: Vec<Value> = header
        .iter()
        .map(|c| {
            let mut f = json!({"name": c.name, "type": c.kind, "description": c.description});
            if !c.values.is_empty() {
                f["constraints"] = json!({"enum": c.values});
            }
            f
        })
        .collect();
    json!({ "fields": fields })
}

pub const XLSX_MEDIATYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The Data Package of a data folder: the two tables with the columns
/// `headers` gives, their workbooks, and `measures.json` with its JSON
/// Schema; `sources` are the plans' documents.
fn datapackage(
    site: &Site,
    headers: [&[Column]; 2],
    sources: &[&PlanSource],
    every_plan: bool,
) -> Value {
    let default = site.config.default_language();
    let title = site_title(site);
    let mut pkg = json!({
        "profile": "tabular-data-package",
        "name": if every_plan { "gongkai-all-plans-data" } else { "gongkai-plan-data" },
        "title": title,
        "resources": [
            {
                "name": "indicators",
                "path": urls::INDICATORS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(headers[0]),
            },
            {
                "name": "observations",
                "path": urls::OBSERVATIONS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(headers[1]),
            },
            // The workbooks hold the same tables; a tabular resource must be
            // CSV, so they are listed as plain resources pointing at theirs.
            {
                "name": "indicators-xlsx",
                "path": urls::INDICATORS_XLSX,
                "profile": "data-resource",
                "format": "xlsx",
                "mediatype": XLSX_MEDIATYPE,
                "description": "The indicators resource (indicators.csv) as an Excel workbook: the same columns and rows.",
            },
            {
                "name": "observations-xlsx",
                "path": urls::OBSERVATIONS_XLSX,
                "profile": "data-resource",
                "format": "xlsx",
                "mediatype": XLSX_MEDIATYPE,
                "description": "The observations resource (observations.csv) as an Excel workbook: the same columns and rows.",
            },
            // Not a table: described by a JSON Schema, by path.
            {
                "name": "measures",
                "path": urls::MEASURES_JSON,
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "schema": urls::MEASURES_SCHEMA_JSON,
                "description": format!(
                    "Every measure with its indicators in full and the statuses the rules compute, described by the JSON Schema {} (format version {}).",
                    urls::MEASURES_SCHEMA_JSON,
                    open::FORMAT_VERSION
                ),
            }
        ]
    });
    if !sources.is_empty() {
        let list: Vec<Value> = sources
            .iter()
            .map(|src| {
                let src_title = src
                    .title
                    .get(default, default)
                    .map(|(t, _)| t)
                    .unwrap_or("");
                json!({"title": src_title, "path": src.url.as_ref().map(|u| u.value.clone())})
            })
            .collect();
        pkg["sources"] = Value::Array(list);
    }
    if let Some(license) = &site.config.license {
        pkg["licenses"] = super::pages::additions::datapackage_licenses(site, license);
    }
    pkg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_of_pretty_values_is_the_pretty_array() {
        let values = vec![
            json!({"a": [1, {"b": "x\ny"}], "c": {}}),
            json!([]),
            json!("s"),
        ];
        let array = |items: &[Value]| {
            let mut out = Vec::new();
            let mut array = PrettyArray::default();
            for item in items {
                array.item(&mut out, &pretty(item)).unwrap();
            }
            array.finish(&mut out).unwrap();
            out
        };
        assert_eq!(array(&values), pretty(&Value::Array(values.clone())));
        assert_eq!(array(&[]), pretty(&json!([])));
    }

    #[test]
    fn site_csv_quotes_and_neutralises_formulas_by_the_one_rule() {
        let header = vec![column("a", "string", ""), column("b", "number", "")];
        let rows = vec![
            vec![("a,b".to_string(), true), ("-1.5".to_string(), false)],
            vec![
                ("=HYPERLINK(1)".to_string(), true),
                ("12".to_string(), false),
            ],
            vec![("-5 km".to_string(), true), ("".to_string(), false)],
        ];
        let text = String::from_utf8(csv(&header, &rows)).unwrap();
        assert_eq!(
            text,
            "a,b\r\n\"a,b\",-1.5\r\n'=HYPERLINK(1),12\r\n'-5 km,\r\n"
        );
    }
}

/// The open data against its own schema, and its independence from the model.
#[cfg(test)]
mod open_data_tests {
    use super::*;
    use crate::output::MemorySink;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// The files `write` makes of a fixture site, by path.
    fn written(site: &Site) -> BTreeMap<String, Vec<u8>> {
        let sink = MemorySink::new(false);
        write(site, "/gongkai/", &sink).unwrap();
        sink.into_files()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect()
    }

    fn fixture(name: &str) -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites")
            .join(name);
        match Site::load(&root, false) {
            Ok((site, _)) => site,
            Err(e) => panic!("{name}: {e:?}"),
        }
    }

    fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
        serde_json::from_slice(files.get(path).unwrap_or_else(|| panic!("{path} written"))).unwrap()
    }

    /// Every object the schema describes, anywhere in it.
    fn object_schemas(schema: &Value, out: &mut Vec<Value>) {
        match schema {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    out.push(schema.clone());
                }
                for v in map.values() {
                    object_schemas(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| object_schemas(v, out)),
            _ => {}
        }
    }

    #[test]
    fn published_measures_validate_against_the_published_schema() {
        // Sites with every kind of record: several targets, updates,
        // milestones, references, declared statuses, flags.
        for name in ["zh-default", "followed", "released", "single-language"] {
            let site = fixture(name);
            let files = written(&site);
            let schema = json(&files, "data/measures.schema.json");
            let validator = jsonschema::validator_for(&schema).unwrap();
            let measures = json(&files, "data/measures.json");
            let errors: Vec<String> = validator
                .iter_errors(&measures)
                .map(|e| format!("{}: {e}", e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:#?}");
            assert_eq!(
                measures.as_array().unwrap().len(),
                site.measure_count(),
                "{name}"
            );
            // Each measure's own file is one item of measures.json.
            let mut own = 0;
            for (path, bytes) in &files {
                if path.ends_with(".json") && path.matches('/').count() == 2 {
                    own += 1;
                    let item: Value = serde_json::from_slice(bytes).unwrap();
                    assert_eq!(item["format_version"], open::FORMAT_VERSION, "{path}");
                    assert!(
                        validator.is_valid(&Value::Array(vec![item.clone()])),
                        "{path}"
                    );
                    assert!(measures.as_array().unwrap().contains(&item), "{path}");
                }
            }
            assert_eq!(own, site.measure_count(), "{name}");
            // The Data Package lists measures.json with its schema.
            let pkg = json(&files, "data/datapackage.json");
            let listed = pkg["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["path"] == urls::MEASURES_JSON)
                .expect("measures.json is a resource");
            assert_eq!(listed["schema"], urls::MEASURES_SCHEMA_JSON);
        }
    }

    /// A key the schema does not name fails validation: every record of
    /// the open data is closed, so a field cannot slip in unnoticed.
    #[test]
    fn the_schema_admits_no_field_it_does_not_name() {
        let schema = open::measures_schema();
        let mut objects = Vec::new();
        object_schemas(&schema, &mut objects);
        assert!(objects.len() >= 8, "{}", objects.len());
        for o in &objects {
            assert_eq!(o["additionalProperties"], false, "{o:#}");
        }
        let files = written(&fixture("zh-default"));
        let mut measures = json(&files, "data/measures.json");
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&measures));
        measures[0]["indicators"][0]["pos"] = json!({"line": 3, "col": 5});
        assert!(!validator.is_valid(&measures));
    }

    /// The open data is built field by field from the resolved site, not
    /// serialised from the model: what only the model knows — where a
    /// record's file is, its raw text, the positions of its nodes — never
    /// reaches it, and a field the model serialises is published only when
    /// the open data names it.
    #[test]
    fn an_internal_field_of_the_model_does_not_reach_the_open_data() {
        let site = fixture("followed");
        let before = written(&site);
        let mut moved = fixture("followed");
        let marker = "INTERNAL-ONLY-MARKER";
        for c in &mut moved.collections {
            c.path = format!("{marker}/_collection.yaml");
            for mf in &mut c.measures {
                mf.path = format!("{marker}.yaml");
                mf.source = format!("# {marker}\n{}", mf.source).into();
                let measure = std::sync::Arc::make_mut(&mut mf.measure);
                measure.id.pos = crate::diagnostics::Pos {
                    line: 999,
                    column: 7,
                };
                measure
                    .title
                    .lang_pos
                    .insert("xx".into(), Default::default());
                for entry in &mut measure.indicators {
                    if let IndicatorEntry::Defined(ind) = entry {
                        ind.id.pos = crate::diagnostics::Pos {
                            line: 999,
                            column: 7,
                        };
                        for p in &mut ind.progress {
                            p.pos = crate::diagnostics::Pos {
                                line: 999,
                                column: 7,
                            };
                        }
                    }
                }
            }
        }
        let after = written(&moved);
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &after {
            assert_eq!(&before[path], bytes, "{path} changed with internal state");
            if path.ends_with(".json") || path.ends_with(".csv") {
                let text = String::from_utf8_lossy(bytes);
                assert!(!text.contains(marker), "{path}");
                assert!(!text.contains("\"pos\""), "{path}");
            }
        }
        // The fields of a measure are the open data's own list.
        let open_fields: Vec<String> = open::measures_schema()["definitions"]["Measure"]
            ["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            open_fields,
            [
                "plan",
                "collection",
                "id",
                "number",
                "category",
                "title",
                "lead",
                "units",
                "assessment",
                "summary",
                "tasks",
                "indicators",
                "status",
                "status_note",
                "updates",
                "milestones",
                "continues",
                "change",
                "change_note",
                "status_declared",
                "indicators_reported",
                "status_computed",
                "latest",
                "url",
                "format_version",
            ],
            "a field of measures.json added, removed or moved: decide whether it needs a new FORMAT_VERSION"
        );
    }
}
