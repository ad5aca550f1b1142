//! A release snapshot: what a site published at one moment — every
//! measure, indicator, value, target, status, update and milestone — with
//! the release's name, date and `as_of`. Written as canonical JSON (keys
//! sorted, lists in a fixed order, pretty-printed, one trailing newline),
//! so that the same content always gives the same bytes and a git diff of
//! two releases reads line by line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::*;
use crate::period::{Date, Period};
use crate::site::Site;

/// The version of the snapshot format, written in every release file.
pub const FORMAT: u32 = 1;

/// Text per language code.
pub type Texts = BTreeMap<String, String>;

/// A snapshot's texts as the model's text, for the formatting of the pages.
pub fn text_of(t: &Texts) -> Text {
    let mut by_lang = LangMap::new();
    for (l, s) in t {
        by_lang.insert(l.clone(), s.clone());
    }
    Text {
        by_lang,
        ..Text::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The snapshot format's version ([`FORMAT`]).
    pub format: u32,
    /// The release's name (the file's stem); empty for the current content.
    pub release: String,
    /// The day of the release (`YYYY-MM-DD`); empty for the current content.
    pub date: String,
    /// The site's `as_of` when it was released.
    pub as_of: String,
    pub collections: Vec<SnapCollection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapCollection {
    pub id: String,
    pub title: Texts,
    pub measures: Vec<SnapMeasure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapMeasure {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub title: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Texts>,
    /// The measure's computed (or declared) status.
    pub status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<SnapIndicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<SnapUpdate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<SnapMilestone>,
    /// The measure's file, for diagnostics (not written).
    #[serde(skip)]
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapIndicator {
    pub id: String,
    pub name: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Texts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<SnapValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<SnapValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<SnapValue>,
    pub status: String,
    /// Where the indicator is defined, for diagnostics (not written).
    #[serde(skip)]
    pub pos: Pos,
}

/// A baseline, a target or a progress entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapValue {
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
    /// A number, or a string that keeps its digits (`"1.60"`); absent
    /// when there is no figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Texts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// A declared status (progress entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Where the entry is, for diagnostics (not written).
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapUpdate {
    pub date: String,
    pub text: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapMilestone {
    pub id: String,
    pub title: Texts,
    pub due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
}

fn texts(t: &Text) -> Texts {
    t.by_lang
        .iter()
        .map(|(l, s)| (l.clone(), s.clone()))
        .collect()
}

fn decimal_json(d: &Decimal) -> Value {
    serde_json::to_value(d).unwrap_or(Value::Null)
}

impl SnapValue {
    fn of_bound(b: &Bound) -> SnapValue {
        SnapValue {
            period: b.period.value.to_string(),
            op: b.op.map(|o| o.as_str().to_string()),
            value: b.value.as_ref().map(decimal_json),
            text: b.text.as_ref().map(texts),
            flag: b.flag.as_ref().map(|f| f.value.as_str().to_string()),
            status: None,
            pos: b.pos,
        }
    }

    fn of_progress(p: &Progress) -> SnapValue {
        SnapValue {
            period: p.period.value.to_string(),
            op: None,
            value: p.value.as_ref().map(decimal_json),
            text: p.text.as_ref().map(texts),
            flag: p.flag.as_ref().map(|f| f.value.as_str().to_string()),
            status: p.status.as_ref().map(|s| s.value.as_str().to_string()),
            pos: p.pos,
        }
    }

    /// The figure as a decimal, keeping its digits.
    pub fn decimal(&self) -> Option<Decimal> {
        match self.value.as_ref()? {
            Value::Number(n) => Some(Decimal {
                value: n.as_f64()?,
                literal: n.to_string(),
                quoted: false,
            }),
            Value::String(s) => Some(Decimal {
                value: s.parse().ok()?,
                literal: s.clone(),
                quoted: true,
            }),
            _ => None,
        }
    }

    /// The value as the model's bound, for the formatting of the measure
    /// pages (languages and positions as they come).
    pub fn to_bound(&self) -> Bound {
        let text = self.text.as_ref().map(text_of);
        Bound {
            period: Spanned::new(
                Period::parse(&self.period).unwrap_or(Period::Year(0)),
                Pos::START,
            ),
            op: self
                .op
                .as_deref()
                .and_then(|o| Op::ALL.iter().find(|(s, _)| *s == o).map(|(_, op)| *op)),
            value: self.decimal(),
            text,
            flag: None,
            note: None,
            pos: Pos::START,
        }
    }

    /// Whether two values say the same: the same comparator, the same
    /// number (`1.6` and `"1.60"` are the same) and the same text.
    pub fn same_figure(&self, other: &SnapValue) -> bool {
        let number = |v: &SnapValue| v.decimal().map(|d| d.value);
        self.op == other.op && number(self) == number(other) && self.text == other.text
    }

    /// The figure in plain digits (or its text, or `—`), for the command line.
    pub fn plain(&self) -> String {
        let op = self
            .op
            .as_deref()
            .filter(|o| *o != "=")
            .map(|o| {
                Op::ALL
                    .iter()
                    .find(|(s, _)| *s == o)
                    .map(|(_, op)| op.symbol())
                    .unwrap_or("")
            })
            .unwrap_or("");
        match (self.decimal(), &self.text) {
            (Some(d), _) => format!("{op}{}", d.literal),
            (None, Some(t)) => t.values().next().cloned().unwrap_or_default(),
            (None, None) => "—".to_string(),
        }
    }
}

impl Snapshot {
    /// The published state of `site`, named `release` on `date` (both empty
    /// for the current content).
    pub fn of(site: &Site, release: &str, date: &str) -> Snapshot {
        let mut collections: Vec<SnapCollection> = site
            .collections
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let mut measures: Vec<SnapMeasure> = c
                    .measures
                    .iter()
                    .enumerate()
                    .map(|(mi, mf)| measure(site, ci, mi, mf))
                    .collect();
                measures.sort_by(|a, b| a.id.cmp(&b.id));
                SnapCollection {
                    id: c.config.id.clone(),
                    title: texts(&c.config.title),
                    measures,
                }
            })
            .collect();
        collections.sort_by(|a, b| a.id.cmp(&b.id));
        Snapshot {
            format: FORMAT,
            release: release.to_string(),
            date: date.to_string(),
            as_of: site.config.as_of.value.to_string(),
            collections,
        }
    }

    /// The canonical JSON: keys sorted, pretty-printed, one newline at the end.
    pub fn to_json(&self) -> String {
        let value = sort_keys(serde_json::to_value(self).unwrap_or(Value::Null));
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a release file. Problems go into `diagnostics` with the
    /// file's path and the position in it; `None` when it cannot be used.
    pub fn parse(path: &str, text: &str, diagnostics: &mut Diagnostics) -> Option<Snapshot> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let snapshot: Snapshot = match serde_json::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                let pos = Pos::new(e.line().max(1) as u32, e.column().max(1) as u32);
                diagnostics.push(
                    Diagnostic::error(path, pos, format!("not a release snapshot: {e}"))
                        .with_hint("release files are written by `gongkai release NAME`; restore this one from version control rather than editing it"),
                );
                return None;
            }
        };
        let before = diagnostics.error_count();
        let at = |needle: &str| line_of(text, needle);
        if snapshot.format != FORMAT {
            diagnostics.error(
                path,
                at("\"format\""),
                format!(
                    "release format {} is not known (this gongkai reads format {FORMAT})",
                    snapshot.format
                ),
            );
        }
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".json"))
            .unwrap_or("");
        if snapshot.release != stem {
            diagnostics.error(
                path,
                at("\"release\""),
                format!(
                    "the release is named `{}` but its file is `{stem}.json`",
                    snapshot.release
                ),
            );
        }
        for (field, value) in [("date", &snapshot.date), ("as_of", &snapshot.as_of)] {
            if Date::parse(value).is_none() {
                diagnostics.error(
                    path,
                    at(&format!("\"{field}\"")),
                    format!("`{field}` must be a day (YYYY-MM-DD), not `{value}`"),
                );
            }
        }
        let status_ok = |s: &str| Status::parse(s).is_some();
        let mut bad = |what: &str, value: &str, needle: String| {
            diagnostics.error(path, at(&needle), format!("{what} `{value}` is not valid"));
        };
        for c in &snapshot.collections {
            for m in &c.measures {
                if !status_ok(&m.status) {
                    bad("status", &m.status, format!("\"{}\"", m.status));
                }
                for i in &m.indicators {
                    if !status_ok(&i.status) {
                        bad("status", &i.status, format!("\"{}\"", i.status));
                    }
                    let values = i.baseline.iter().chain(&i.targets).chain(&i.progress);
                    for v in values {
                        if Period::parse(&v.period).is_none() {
                            bad("period", &v.period, format!("\"{}\"", v.period));
                        }
                        if v.value.is_some() && v.decimal().is_none() {
                            bad("value", &format!("{:?}", v.value), "\"value\"".into());
                        }
                    }
                }
                for u in &m.updates {
                    if Date::parse(&u.date).is_none() {
                        bad("date", &u.date, format!("\"{}\"", u.date));
                    }
                }
                for ms in &m.milestones {
                    if Period::parse(&ms.due).is_none() {
                        bad("period", &ms.due, format!("\"{}\"", ms.due));
                    }
                }
            }
        }
        (diagnostics.error_count() == before).then_some(snapshot)
    }

    pub fn measure(&self, collection: &str, measure: &str) -> Option<&SnapMeasure> {
        self.collections
            .iter()
            .find(|c| c.id == collection)?
            .measures
            .iter()
            .find(|m| m.id == measure)
    }

    pub fn measure_count(&self) -> usize {
        self.collections.iter().map(|c| c.measures.len()).sum()
    }

    pub fn indicator_count(&self) -> usize {
        self.collections
            .iter()
            .flat_map(|c| &c.measures)
            .map(|m| m.indicators.len())
            .sum()
    }
}

fn measure(site: &Site, ci: usize, mi: usize, mf: &MeasureFile) -> SnapMeasure {
    let m = &mf.measure;
    let c = &site.collections[ci];
    let mut indicators: Vec<SnapIndicator> = m
        .indicators
        .iter()
        .filter_map(|entry| match entry {
            IndicatorEntry::Defined(ind) => Some(ind),
            IndicatorEntry::Ref(_) => None,
        })
        .map(|ind| {
            let key = indicator_key(&c.config.id, &m.id.value, &ind.id.value);
            let status = site
                .indicators
                .get(&key)
                .map(|info| info.assessment.status)
                .unwrap_or(Status::NotReported);
            let mut progress: Vec<SnapValue> = crate::status::chronological(&ind.progress)
                .into_iter()
                .map(SnapValue::of_progress)
                .collect();
            progress.dedup_by(|a, b| a.period == b.period);
            SnapIndicator {
                id: ind.id.value.clone(),
                name: texts(&ind.name),
                unit: ind.unit.as_ref().map(texts),
                baseline: ind.baseline.as_ref().map(SnapValue::of_bound),
                targets: ind.all_targets().iter().map(SnapValue::of_bound).collect(),
                progress,
                status: status.as_str().to_string(),
                pos: ind.id.pos,
            }
        })
        .collect();
    indicators.sort_by(|a, b| a.id.cmp(&b.id));
    let mut updates: Vec<SnapUpdate> = m
        .updates
        .iter()
        .map(|u| SnapUpdate {
            date: u.date.value.to_string(),
            text: texts(&u.text),
            status: u.status.as_ref().map(|s| s.value.as_str().to_string()),
        })
        .collect();
    updates.sort_by(|a, b| a.date.cmp(&b.date));
    let mut milestones: Vec<SnapMilestone> = m
        .milestones
        .iter()
        .map(|ms| SnapMilestone {
            id: ms.id.value.clone(),
            title: texts(&ms.title),
            due: ms.due.value.to_string(),
            done: ms.done.as_ref().map(|d| d.value.to_string()),
        })
        .collect();
    milestones.sort_by(|a, b| a.id.cmp(&b.id));
    SnapMeasure {
        id: m.id.value.clone(),
        number: m.number,
        title: texts(&m.title),
        summary: m.summary.as_ref().map(texts),
        tasks: m.tasks.iter().map(texts).collect(),
        status: site.measure_status[ci][mi].as_str().to_string(),
        indicators,
        updates,
        milestones,
        path: mf.path.clone(),
    }
}

/// Every object's keys in sorted order, recursively.
fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// The position of the first `needle` in `text` (the start when absent).
pub fn line_of(text: &str, needle: &str) -> Pos {
    text.find(needle)
        .map_or(Pos::START, |at| position_at(text, at))
}

/// The line and column of byte `at` in `text`.
pub fn position_at(text: &str, at: usize) -> Pos {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos::new(line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_round_trips_through_its_canonical_json() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites/zh-default");
        let (site, _) = Site::load(&root, false).unwrap();
        let snap = Snapshot::of(&site, "r1", "2023-07-01");
        let json = snap.to_json();
        assert!(json.starts_with("{\n  \"as_of\""), "{json}");
        let mut d = Diagnostics::new();
        let back = Snapshot::parse("content/releases/r1.json", &json, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn a_broken_release_file_is_reported_with_its_position() {
        let mut d = Diagnostics::new();
        let text = "{\n  \"format\": 1,\n  \"releese\": \"x\"\n}\n";
        assert!(Snapshot::parse("content/releases/x.json", text, &mut d).is_none());
        let problem = d.iter().next().unwrap();
        assert_eq!(problem.pos.line, 3, "{problem}");
        assert!(problem.message.contains("releese"), "{problem}");
        let mut d = Diagnostics::new();
        let text = "{\"format\": 1, \"release\": \"y\", \"date\": \"2023-13-01\", \"as_of\": \"2023-01-01\", \"collections\": []}";
        assert!(Snapshot::parse("content/releases/x.json", text, &mut d).is_none());
        assert_eq!(d.error_count(), 2, "{:?}", d.sorted());
    }
}
