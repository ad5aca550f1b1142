//! Open-data downloads: `measures.json`, `indicators.csv`,
//! `observations.csv`, one JSON and one CSV per measure, and a Frictionless
//! Data Package describing the CSV files. Values keep their digits. The
//! JSON is the input with what the status rules compute beside it; the CSV
//! files keep the columns of their first release in place and add the later
//! ones after them, so that a reader that goes by position still works.

use serde_json::{json, Map, Value};

use crate::csvout;
use crate::model::*;
use crate::period::{Date, Period};
use crate::render::urls;
use crate::site::{ListedIndicator, Site};
use crate::status::milestones::MilestoneState;
use crate::status::{self, Assessment, TargetOutcome};

use std::io::Write;

use rayon::prelude::*;

use super::OutputFile;
use crate::output::{Sink, WriteError};

/// Writes every data file into `sink`, each measure's as soon as it is
/// made (in parallel); returns how many files were written.
pub fn write(site: &Site, base_url: &str, sink: &dyn Sink) -> Result<usize, WriteError> {
    write_part(site, base_url, sink, &|_, _| true, true)
}

/// [`write`], with the own files of only the measures `own_files` chooses,
/// and the files about the whole site only when `whole`.
pub fn write_part(
    site: &Site,
    base_url: &str,
    sink: &dyn Sink,
    own_files: &(dyn Fn(usize, usize) -> bool + Sync),
    whole: bool,
) -> Result<usize, WriteError> {
    let measures = every_measure(site);
    if !whole {
        let chosen: Vec<&(usize, usize)> = measures
            .iter()
            .filter(|(ci, mi)| own_files(*ci, *mi))
            .collect();
        chosen
            .par_iter()
            .try_for_each(|&&(ci, mi)| measure_files(site, ci, mi, base_url, sink).map(|_| ()))?;
        return Ok(2 * chosen.len());
    }
    // measures.json holds every measure's JSON: it is written as they are
    // made, a chunk at a time, so that it is never whole in memory.
    sink.put_streamed(&urls::data_file(urls::MEASURES_JSON), &mut |out| {
        let mut array = PrettyArray::default();
        for chunk in measures.chunks(MEASURES_PER_CHUNK) {
            let jsons = chunk
                .par_iter()
                .map(|&(ci, mi)| {
                    if own_files(ci, mi) {
                        measure_files(site, ci, mi, base_url, sink)
                    } else {
                        Ok(pretty(&measure_json(site, ci, mi, base_url)))
                    }
                })
                .collect::<Result<Vec<_>, WriteError>>()
                .map_err(std::io::Error::other)?;
            for json in jsons {
                array.item(out, &json)?;
            }
        }
        array.finish(out)
    })?;
    let whole = whole_site_files(site, base_url)?;
    let count = 2 * measures.len() + 1 + whole.len();
    whole.into_par_iter().try_for_each(|f| sink.put(f))?;
    Ok(count)
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
    let json = pretty(&measure_json(site, ci, mi, base_url));
    let id = &c.measures[mi].measure.id.value;
    sink.put(OutputFile::new(
        urls::measure_data(&c.config.id, id, "json"),
        json.clone(),
    ))?;
    let rows = observation_rows(site, &site.listed_indicators(ci, mi), &[(ci, mi)]);
    sink.put(OutputFile::new(
        urls::measure_data(&c.config.id, id, "csv"),
        csv(&observation_header(site), &rows),
    ))?;
    Ok(json)
}

/// The two CSV files about the whole site, the same two tables as
/// workbooks, and the Data Package.
fn whole_site_files(site: &Site, base_url: &str) -> Result<Vec<OutputFile>, WriteError> {
    let mut out = Vec::new();
    let indicators = (indicator_header(site), indicator_rows(site, base_url));
    let all_listed: Vec<ListedIndicator> = site
        .indicators
        .iter()
        .map(|(key, info)| ListedIndicator {
            key,
            indicator: site.indicator_at(info.at),
            info,
            via_ref: false,
        })
        .collect();
    let observations = (
        observation_header(site),
        observation_rows(site, &all_listed, &every_measure(site)),
    );
    let title = site_title(site);
    for ((header, rows), csv_name, xlsx_name, sheet) in [
        (
            &indicators,
            urls::INDICATORS_CSV,
            urls::INDICATORS_XLSX,
            "indicators",
        ),
        (
            &observations,
            urls::OBSERVATIONS_CSV,
            urls::OBSERVATIONS_XLSX,
            "observations",
        ),
    ] {
        out.push(OutputFile::new(
            urls::data_file(csv_name),
            csv(header, rows),
        ));
        let names: Vec<String> = header.iter().map(|c| c.name.clone()).collect();
        let path = urls::data_file(xlsx_name);
        let book = crate::sheets::export::table_xlsx(title, sheet, &names, rows).map_err(|e| {
            WriteError::Io(path.clone().into(), std::io::Error::other(e.to_string()))
        })?;
        out.push(OutputFile::new(path, book));
    }
    out.push(OutputFile::new(
        urls::data_file(urls::DATAPACKAGE_JSON),
        pretty(&datapackage(site)),
    ));
    Ok(out)
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

fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// The latest entry ([`status::latest_entry`]), with its flag when it has one.
fn latest(ind: &Indicator) -> Value {
    match status::latest_entry(&ind.progress) {
        Some(p) => {
            let mut v = json!({"period": p.period.value, "value": p.value, "text": p.text});
            if let Some(flag) = &p.flag {
                v["flag"] = json!(flag.value);
            }
            v
        }
        None => Value::Null,
    }
}

fn assessment_fields(map: &mut Map<String, Value>, a: &Assessment) {
    map.insert("status".into(), json!(a.status));
    map.insert("status_declared".into(), json!(a.declared));
    if let Some(c) = a.computed {
        map.insert("status_computed".into(), json!(c));
    }
}

fn indicator_json(li: &ListedIndicator, base_url: &str, as_of: Date) -> Value {
    let mut map = Map::new();
    if li.via_ref {
        map.insert("ref".into(), json!(li.key));
    }
    if let Value::Object(fields) = serde_json::to_value(li.indicator).unwrap_or_default() {
        map.extend(fields);
    }
    // Each of several targets says what became of it, and which one the
    // status is computed against.
    if let Some(Value::Array(targets)) = map.get_mut("targets") {
        let outcomes = status::target_outcomes(li.indicator, as_of);
        let current = status::current_target(li.indicator, as_of);
        for (i, (item, outcome)) in targets.iter_mut().zip(outcomes).enumerate() {
            if let Value::Object(t) = item {
                t.insert("outcome".into(), json!(outcome.as_str()));
                t.insert("current".into(), json!(current == Some(i)));
            }
        }
    }
    assessment_fields(&mut map, &li.info.assessment);
    let mut latest = latest(li.indicator);
    // A figure for part of the target period, with what was due by then.
    if let (Value::Object(l), Some(e)) = (&mut latest, li.info.assessment.expected) {
        l.insert("expected".into(), json!(rounded(e)));
    }
    map.insert("latest".into(), latest);
    map.insert("url".into(), json!(indicator_url(li.key, base_url)));
    Value::Object(map)
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

fn measure_json(site: &Site, ci: usize, mi: usize, base_url: &str) -> Value {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let a = &site.measure_assessment[ci][mi];
    let as_of = site.config.as_of.value;
    let mut map = Map::new();
    map.insert("collection".into(), json!(c.config.id));
    map.insert("id".into(), json!(m.id.value));
    if let Value::Object(fields) = serde_json::to_value(m).unwrap_or_default() {
        for (k, v) in fields {
            if k != "id" {
                map.insert(k, v);
            }
        }
    }
    let listed = site.listed_indicators(ci, mi);
    map.insert(
        "indicators".into(),
        Value::Array(
            listed
                .iter()
                .map(|li| indicator_json(li, base_url, as_of))
                .collect(),
        ),
    );
    // Each milestone with where it stands at as_of.
    if let (Some(Value::Array(items)), Some(ms)) = (map.get_mut("milestones"), &a.milestones) {
        for (item, state) in items.iter_mut().zip(&ms.states) {
            if let Value::Object(o) = item {
                o.insert("status".into(), json!(state.as_str()));
            }
        }
    }
    map.insert("status".into(), json!(a.status));
    map.insert("status_declared".into(), json!(a.declared()));
    // "2 of 3 indicators reported": the status is the worst of those 2.
    map.insert("indicators_reported".into(), json!(a.indicators.reported));
    if let Some(computed) = a.computed {
        map.insert("status_computed".into(), json!(computed));
    }
    // The latest report on the measure: a progress entry of its indicators
    // or an update, whichever ends last (a progress entry on a tie).
    let latest_entry = site.latest_report(ci, mi).map(|p| json!(p));
    map.insert("latest".into(), latest_entry.unwrap_or(Value::Null));
    map.insert(
        "url".into(),
        json!(urls::absolute(
            base_url,
            &urls::measure("", &c.config.id, &m.id.value)
        )),
    );
    Value::Object(map)
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

fn indicator_rows(site: &Site, base_url: &str) -> Vec<Vec<Cell>> {
    let default = site.config.default_language();
    let as_of = site.config.as_of.value;
    let langs = site.config.language_codes();
    site.indicators
        .iter()
        .map(|(key, info)| {
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
            row
        })
        .collect()
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
        row
    }
}

/// One row per value of the `listed` indicators — baseline, each target,
/// each progress entry — then, for each of `measures` in turn, one per
/// update (by date) and one per milestone (in the measure's order): tidy,
/// long format.
fn observation_rows(
    site: &Site,
    listed: &[ListedIndicator],
    measures: &[(usize, usize)],
) -> Vec<Vec<Cell>> {
    let default = site.config.default_language();
    let langs = site.config.language_codes();
    let as_of = site.config.as_of.value;
    let mut rows = Vec::new();
    for li in listed {
        let ind = li.indicator;
        let [collection, measure, indicator] = split_indicator_key(li.key).unwrap_or_default();
        let of_indicator = |kind| Observation {
            collection,
            measure,
            indicator,
            kind,
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
    for &(ci, mi) in measures {
        let c = &site.collections[ci];
        let m = &c.measures[mi].measure;
        let of_measure = |kind| Observation {
            collection: &c.config.id,
            measure: &m.id.value,
            kind,
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
    rows
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

fn datapackage(site: &Site) -> Value {
    let default = site.config.default_language();
    let title = site
        .config
        .title
        .get(default, default)
        .map(|(t, _)| t)
        .unwrap_or("");
    let mut pkg = json!({
        "profile": "tabular-data-package",
        "name": "gongkai-plan-data",
        "title": title,
        "resources": [
            {
                "name": "indicators",
                "path": urls::INDICATORS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(&indicator_header(site)),
            },
            {
                "name": "observations",
                "path": urls::OBSERVATIONS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(&observation_header(site)),
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
            }
        ]
    });
    if let Some(src) = &site.config.source {
        let src_title = src
            .title
            .get(default, default)
            .map(|(t, _)| t)
            .unwrap_or("");
        pkg["sources"] =
            json!([{"title": src_title, "path": src.url.as_ref().map(|u| u.value.clone())}]);
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
