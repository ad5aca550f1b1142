//! Open-data downloads: `measures.json`, `indicators.csv`,
//! `observations.csv`, one JSON and one CSV per measure, and a Frictionless
//! Data Package describing the CSV files. Values keep their digits.

use serde_json::{json, Map, Value};

use crate::model::*;
use crate::render::urls;
use crate::site::{ListedIndicator, Site};
use crate::status::{self, Assessment};

use std::io::Write;

use rayon::prelude::*;

use super::OutputFile;
use crate::output::{Sink, WriteError};

/// Writes every data file into `sink`, each measure's as soon as it is
/// made (in parallel); returns how many files were written.
pub fn write(site: &Site, base_url: &str, sink: &dyn Sink) -> Result<usize, WriteError> {
    let measures: Vec<(usize, usize)> = site
        .collections
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.measures.len()).map(move |mi| (ci, mi)))
        .collect();
    // measures.json holds every measure's JSON: it is written as they are
    // made, a chunk at a time, so that it is never whole in memory.
    sink.put_streamed(&urls::data_file(urls::MEASURES_JSON), &mut |out| {
        let mut array = PrettyArray::default();
        for chunk in measures.chunks(MEASURES_PER_CHUNK) {
            let jsons = chunk
                .par_iter()
                .map(|&(ci, mi)| measure_files(site, ci, mi, base_url, sink))
                .collect::<Result<Vec<_>, WriteError>>()
                .map_err(std::io::Error::other)?;
            for json in jsons {
                array.item(out, &json)?;
            }
        }
        array.finish(out)
    })?;
    let whole = whole_site_files(site, base_url);
    let count = 2 * measures.len() + 1 + whole.len();
    whole.into_par_iter().try_for_each(|f| sink.put(f))?;
    Ok(count)
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
    let rows = observation_rows(site, &site.listed_indicators(ci, mi));
    sink.put(OutputFile::new(
        urls::measure_data(&c.config.id, id, "csv"),
        csv(&observation_header(), &rows),
    ))?;
    Ok(json)
}

/// The two CSV files about the whole site and the Data Package.
fn whole_site_files(site: &Site, base_url: &str) -> Vec<OutputFile> {
    let mut out = Vec::new();
    out.push(OutputFile::new(
        urls::data_file(urls::INDICATORS_CSV),
        csv(&indicator_header(site), &indicator_rows(site, base_url)),
    ));
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
    out.push(OutputFile::new(
        urls::data_file(urls::OBSERVATIONS_CSV),
        csv(&observation_header(), &observation_rows(site, &all_listed)),
    ));
    out.push(OutputFile::new(
        urls::data_file(urls::DATAPACKAGE_JSON),
        pretty(&datapackage(site)),
    ));
    out
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

fn latest(ind: &Indicator) -> Value {
    match status::chronological(&ind.progress)
        .into_iter()
        .rev()
        .find(|p| p.value.is_some() || p.text.is_some())
    {
        Some(p) => json!({"period": p.period.value, "value": p.value, "text": p.text}),
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

fn indicator_json(li: &ListedIndicator, base_url: &str) -> Value {
    let mut map = Map::new();
    if li.via_ref {
        map.insert("ref".into(), json!(li.key));
    }
    if let Value::Object(fields) = serde_json::to_value(li.indicator).unwrap_or_default() {
        map.extend(fields);
    }
    assessment_fields(&mut map, &li.info.assessment);
    map.insert("latest".into(), latest(li.indicator));
    map.insert("url".into(), json!(indicator_url(li.key, base_url)));
    Value::Object(map)
}

/// The absolute address of the indicator of `key` (its definition).
fn indicator_url(key: &str, base_url: &str) -> String {
    let [c, m, i] = split_indicator_key(key).unwrap_or_default();
    urls::absolute(base_url, &urls::indicator("", c, m, i))
}

fn measure_json(site: &Site, ci: usize, mi: usize, base_url: &str) -> Value {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
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
                .map(|li| indicator_json(li, base_url))
                .collect(),
        ),
    );
    map.insert("status".into(), json!(site.measure_status[ci][mi]));
    map.insert(
        "status_declared".into(),
        json!(listed.is_empty() && m.status.is_some()),
    );
    let latest_entry = listed
        .iter()
        .flat_map(|li| li.indicator.progress.iter())
        .max_by_key(|p| p.period.value.end())
        .map(|p| json!(p.period.value));
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

/// RFC 4180 quoting, and a leading `'` on text that a spreadsheet would
/// otherwise run as a formula.
fn csv_field(s: &str, text: bool) -> String {
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A cell: `(value, is_text)`.
type Cell = (String, bool);

fn csv(header: &[(String, &str)], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(
        &header
            .iter()
            .map(|(n, _)| csv_field(n, false))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|(v, t)| csv_field(v, *t))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
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

/// Column name and Frictionless type.
fn indicator_header(site: &Site) -> Vec<(String, &'static str)> {
    let mut h: Vec<(String, &'static str)> = vec![
        ("collection".into(), "string"),
        ("measure".into(), "string"),
        ("indicator".into(), "string"),
    ];
    for l in site.config.language_codes() {
        h.push((format!("name_{l}"), "string"));
    }
    for l in site.config.language_codes() {
        h.push((format!("unit_{l}"), "string"));
    }
    for (n, t) in [
        ("direction", "string"),
        ("accumulation", "string"),
        ("baseline_period", "string"),
        ("baseline_op", "string"),
        ("baseline_value", "number"),
        ("baseline_text", "string"),
        ("target_period", "string"),
        ("target_op", "string"),
        ("target_value", "number"),
        ("target_text", "string"),
        ("latest_period", "string"),
        ("latest_value", "number"),
        ("status", "string"),
        ("status_declared", "boolean"),
        ("url", "string"),
    ] {
        h.push((n.into(), t));
    }
    h
}

fn indicator_rows(site: &Site, base_url: &str) -> Vec<Vec<Cell>> {
    let default = site.config.default_language();
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
            let bound = |b: &Option<Bound>| -> Vec<Cell> {
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
            row.push((ind.direction.as_str().into(), false));
            row.push((ind.accumulation.as_str().into(), false));
            row.extend(bound(&ind.baseline));
            row.extend(bound(&ind.target));
            let latest = status::chronological(&ind.progress)
                .into_iter()
                .rev()
                .find(|p| p.value.is_some());
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
            row
        })
        .collect()
}

/// The collection, measure and indicator columns of an indicator's key.
fn key_cells(key: &str) -> Vec<Cell> {
    let parts = split_indicator_key(key).unwrap_or_default();
    parts.iter().map(|s| (s.to_string(), false)).collect()
}

fn observation_header() -> Vec<(String, &'static str)> {
    [
        ("collection", "string"),
        ("measure", "string"),
        ("indicator", "string"),
        ("kind", "string"),
        ("period", "string"),
        ("period_end", "date"),
        ("op", "string"),
        ("value", "number"),
        ("text", "string"),
        ("declared_status", "string"),
        ("source_url", "string"),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect()
}

/// One row per value: baseline, target and each progress entry (long format).
fn observation_rows(site: &Site, listed: &[ListedIndicator]) -> Vec<Vec<Cell>> {
    let default = site.config.default_language();
    let mut rows = Vec::new();
    for li in listed {
        let ind = li.indicator;
        let key = key_cells(li.key);
        let mut push = |kind: &str,
                        period: crate::period::Period,
                        op: String,
                        value: String,
                        text: String,
                        status: String,
                        source: String| {
            let mut row = key.clone();
            row.extend([
                (kind.to_string(), false),
                (period.to_string(), false),
                (period.end().to_string(), false),
                (op, false),
                (value, false),
                (text, true),
                (status, false),
                (source, true),
            ]);
            rows.push(row);
        };
        for (kind, bound) in [("baseline", &ind.baseline), ("target", &ind.target)] {
            if let Some(b) = bound {
                push(
                    kind,
                    b.period.value,
                    op(b),
                    num(&b.value),
                    text_in(&b.text, default),
                    String::new(),
                    String::new(),
                );
            }
        }
        for p in status::chronological(&ind.progress) {
            let source = p
                .source
                .as_ref()
                .and_then(|s| s.url.as_ref())
                .map(|u| u.value.clone())
                .unwrap_or_default();
            let status = p
                .status
                .as_ref()
                .map(|s| s.value.as_str().to_string())
                .unwrap_or_default();
            push(
                "progress",
                p.period.value,
                String::new(),
                num(&p.value),
                text_in(&p.text, default),
                status,
                source,
            );
        }
    }
    rows
}

fn schema(header: &[(String, &str)]) -> Value {
    json!({"fields": header.iter().map(|(n, t)| json!({"name": n, "type": t})).collect::<Vec<_>>()})
}

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
                "schema": schema(&observation_header()),
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
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)", true), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1.5", false), "-1.5");
        assert_eq!(csv_field("line\nbreak", true), "\"line\nbreak\"");
    }
}
