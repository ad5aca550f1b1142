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
use crate::plans::Plans;
use crate::site::Site;

use super::locate;

/// The version of the snapshot format of a one-plan site, written in
/// every release file of one.
pub const FORMAT: u32 = 1;

/// The version of the snapshot format of a site with several plans (SPEC
/// §10): each collection says its plan, and `plans` lists the plans. Both
/// versions are read; a one-plan site still writes [`FORMAT`].
pub const FORMAT_PLANS: u32 = 2;

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
    /// The plans of a site with several (format 2), in the site's order;
    /// absent for one plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<SnapPlan>,
    /// In (plan, id) order, and the measures of each in id order:
    /// [`Snapshot::of`] sorts them, [`Snapshot::parse`] refuses a file
    /// that does not.
    pub collections: Vec<SnapCollection>,
}

/// A plan of a site with several, as released.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapPlan {
    pub id: String,
    pub title: Texts,
    /// The plan's own `as_of` when it was released.
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapCollection {
    /// The plan the collection belongs to, on a site with several plans
    /// (format 2); absent for one plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
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

impl SnapCollection {
    /// `plan/id`, or `id` for one plan: the collection's place in the
    /// order of a release file.
    fn key(&self) -> String {
        match &self.plan {
            Some(p) => format!("{p}/{}", self.id),
            None => self.id.clone(),
        }
    }
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
                    plan: None,
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
            plans: Vec::new(),
            collections,
        }
    }

    /// The published state of every plan of `plans`: for a one-plan site
    /// exactly [`Snapshot::of`] its one plan; for several, each plan's
    /// collections with the plan (format 2), `as_of` the shared site's.
    pub fn of_plans(plans: &Plans, release: &str, date: &str) -> Snapshot {
        if !plans.several() {
            return match plans.plans.first() {
                Some(site) => Snapshot::of(site, release, date),
                None => Snapshot::default(),
            };
        }
        let mut out = Snapshot {
            format: FORMAT_PLANS,
            release: release.to_string(),
            date: date.to_string(),
            as_of: plans.root.config.as_of.value.to_string(),
            plans: Vec::new(),
            collections: Vec::new(),
        };
        for site in &plans.plans {
            let Some(plan) = &site.plan else { continue };
            let one = Snapshot::of(site, release, date);
            out.plans.push(SnapPlan {
                id: plan.id.clone(),
                title: texts(&plan.title),
                as_of: one.as_of,
            });
            out.collections
                .extend(one.collections.into_iter().map(|mut c| {
                    c.plan = Some(plan.id.clone());
                    c
                }));
        }
        out.collections
            .sort_by(|a, b| (&a.plan, &a.id).cmp(&(&b.plan, &b.id)));
        out
    }

    /// A one-plan snapshot (a release made before the site held several
    /// plans) read as plan `id`'s: each collection said to be the plan's,
    /// so that it compares with the plan in a snapshot of several.
    pub fn as_plan(&mut self, id: &str) {
        if self.collections.iter().any(|c| c.plan.is_some()) {
            return;
        }
        for c in &mut self.collections {
            c.plan = Some(id.to_string());
        }
    }

    /// The title of plan `id`, when the snapshot lists it.
    pub fn plan_title(&self, id: &str) -> Option<&Texts> {
        self.plans.iter().find(|p| p.id == id).map(|p| &p.title)
    }

    /// The canonical JSON: keys sorted, pretty-printed, one newline at the end.
    pub fn to_json(&self) -> String {
        let value = sort_keys(serde_json::to_value(self).unwrap_or(Value::Null));
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a release file. Problems go into `diagnostics`, each at its
    /// place in the file with a hint; `None` when it cannot be used.
    pub fn parse(path: &str, text: &str, diagnostics: &mut Diagnostics) -> Option<Snapshot> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let snapshot: Snapshot = match serde_json::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                let pos = Pos::new(e.line().max(1) as u32, e.column().max(1) as u32);
                let full = e.to_string();
                let what = full
                    .rsplit_once(" at line ")
                    .map_or(full.as_str(), |(m, _)| m);
                let message = match e.classify() {
                    serde_json::error::Category::Data => {
                        format!("this is not a release snapshot: {what}")
                    }
                    serde_json::error::Category::Eof => {
                        format!("the release file ends too early: {what}")
                    }
                    _ => format!("the release file is not valid JSON: {what}"),
                };
                diagnostics.push(Diagnostic::error(path, pos, message).with_hint(RESTORE));
                return None;
            }
        };
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".json"))
            .unwrap_or("");
        let problems = snapshot.problems(stem);
        if problems.is_empty() {
            return Some(snapshot);
        }
        let paths: Vec<locate::Path> = problems.iter().map(|p| p.path.clone()).collect();
        for (p, pos) in problems.into_iter().zip(locate::locate(text, &paths)) {
            diagnostics.push(
                Diagnostic::error(path, pos.unwrap_or(Pos::START), p.message).with_hint(RESTORE),
            );
        }
        None
    }

    /// What is wrong in a snapshot read from the release file `stem.json`,
    /// each problem with the path of the value it is about.
    fn problems(&self, stem: &str) -> Vec<Problem> {
        use locate::Step::{Index, Key};
        let mut out = Vec::new();
        let mut problem = |path: locate::Path, message: String| out.push(Problem { path, message });
        if self.format != FORMAT && self.format != FORMAT_PLANS {
            problem(
                vec![Key("format")],
                format!(
                    "release format {} is not known: this gongkai reads formats {FORMAT} and {FORMAT_PLANS}",
                    self.format
                ),
            );
        }
        // A collection says its plan exactly when the format has plans.
        for (ci, c) in self.collections.iter().enumerate() {
            if c.plan.is_some() != (self.format == FORMAT_PLANS) {
                problem(
                    vec![Key("collections"), Index(ci), Key("id")],
                    match &c.plan {
                        Some(_) => format!("the collection `{}` names a plan in a release of format {}, which has none", c.id, self.format),
                        None => format!("the collection `{}` names no plan in a release of format {FORMAT_PLANS}, whose collections each name theirs", c.id),
                    },
                );
            }
        }
        if self.release != stem {
            problem(
                vec![Key("release")],
                format!(
                    "the release is named `{}` but its file is `{stem}.json`",
                    self.release
                ),
            );
        }
        for (key, value) in [("date", &self.date), ("as_of", &self.as_of)] {
            if Date::parse(value).is_none() {
                problem(vec![Key(key)], not_a_day(key, value));
            }
        }
        // Paths are made only for the values found wrong.
        let status = |at: &dyn Fn() -> locate::Path,
                      s: &str,
                      problem: &mut dyn FnMut(locate::Path, String)| {
            if Status::parse(s).is_none() {
                let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                problem(
                    at(),
                    format!("unknown status `{s}` (known: {})", known.join(", ")),
                );
            }
        };
        let ids = |what: &str,
                   ids: &mut dyn Iterator<Item = &str>,
                   at: &dyn Fn(usize) -> locate::Path,
                   problem: &mut dyn FnMut(locate::Path, String)| {
            let mut before: Option<&str> = None;
            for (i, id) in ids.enumerate() {
                if let Some(b) = before.filter(|b| *b >= id) {
                    problem(
                        at(i),
                        if b == id {
                            format!("a second {what} `{id}`")
                        } else {
                            format!("the {what} `{id}` comes after `{b}`: a release lists them in id order")
                        },
                    );
                }
                before = Some(id);
            }
        };
        // Collections in (plan, id) order, named `plan/id` in a message.
        let mut before: Option<&SnapCollection> = None;
        for (i, c) in self.collections.iter().enumerate() {
            if let Some(b) = before.filter(|b| (&b.plan, &b.id) >= (&c.plan, &c.id)) {
                let (id, b) = (c.key(), b.key());
                problem(
                    vec![Key("collections"), Index(i), Key("id")],
                    if b == id {
                        format!("a second collection `{id}`")
                    } else {
                        format!("the collection `{id}` comes after `{b}`: a release lists them in id order")
                    },
                );
            }
            before = Some(c);
        }
        for (ci, c) in self.collections.iter().enumerate() {
            let base = vec![Key("collections"), Index(ci), Key("measures")];
            ids(
                "measure",
                &mut c.measures.iter().map(|m| m.id.as_str()),
                &|i| [base.clone(), vec![Index(i), Key("id")]].concat(),
                &mut problem,
            );
            for (mi, m) in c.measures.iter().enumerate() {
                let at = |steps: &[locate::Step]| -> locate::Path {
                    [base.as_slice(), &[Index(mi)], steps].concat()
                };
                status(&|| at(&[Key("status")]), &m.status, &mut problem);
                for (ii, i) in m.indicators.iter().enumerate() {
                    let at = |steps: &[locate::Step]| {
                        at(&[&[Key("indicators"), Index(ii)], steps].concat())
                    };
                    status(&|| at(&[Key("status")]), &i.status, &mut problem);
                    let values = i
                        .baseline
                        .iter()
                        .map(|v| ("baseline", None, v))
                        .chain(
                            i.targets
                                .iter()
                                .enumerate()
                                .map(|(n, v)| ("targets", Some(n), v)),
                        )
                        .chain(
                            i.progress
                                .iter()
                                .enumerate()
                                .map(|(n, v)| ("progress", Some(n), v)),
                        );
                    for (list, n, v) in values {
                        let at = |key| {
                            let mut steps = vec![Key(list)];
                            steps.extend(n.map(Index));
                            steps.push(Key(key));
                            at(&steps)
                        };
                        if Period::parse(&v.period).is_none() {
                            problem(at("period"), not_a_period("period", &v.period));
                        }
                        if let Some(value) = &v.value {
                            if v.decimal().is_none_or(|d| !d.value.is_finite()) {
                                problem(
                                    at("value"),
                                    format!(
                                        "`value` must be a number, or a number in a string (\"1.60\"), not {}",
                                        describe(value)
                                    ),
                                );
                            }
                        }
                        if let Some(op) = &v.op {
                            if !Op::ALL.iter().any(|(s, _)| s == op) {
                                let known: Vec<&str> = Op::ALL.iter().map(|(s, _)| *s).collect();
                                problem(
                                    at("op"),
                                    format!(
                                        "unknown comparator `{op}` (known: {})",
                                        known.join(", ")
                                    ),
                                );
                            }
                        }
                        if let Some(flag) = &v.flag {
                            if !Flag::ALL.iter().any(|(s, _)| s == flag) {
                                let known: Vec<&str> = Flag::ALL.iter().map(|(s, _)| *s).collect();
                                problem(
                                    at("flag"),
                                    format!("unknown flag `{flag}` (known: {})", known.join(", ")),
                                );
                            }
                        }
                        if let Some(s) = &v.status {
                            status(&|| at("status"), s, &mut problem);
                        }
                    }
                }
                for (ui, u) in m.updates.iter().enumerate() {
                    let at = |key| at(&[Key("updates"), Index(ui), Key(key)]);
                    if Date::parse(&u.date).is_none() {
                        problem(at("date"), not_a_day("date", &u.date));
                    }
                    if let Some(s) = &u.status {
                        status(&|| at("status"), s, &mut problem);
                    }
                }
                for (si, ms) in m.milestones.iter().enumerate() {
                    let at = |key| at(&[Key("milestones"), Index(si), Key(key)]);
                    if Period::parse(&ms.due).is_none() {
                        problem(at("due"), not_a_period("due", &ms.due));
                    }
                    if let Some(done) = ms.done.as_deref().filter(|d| Date::parse(d).is_none()) {
                        problem(at("done"), not_a_day("done", done));
                    }
                }
            }
        }
        out
    }

    /// A measure by its plan (on a site with several), its collection's id
    /// and its own, found by halving the lists (which are in id order).
    pub fn measure(
        &self,
        plan: Option<&str>,
        collection: &str,
        measure: &str,
    ) -> Option<&SnapMeasure> {
        let c = self.collection_index(plan, collection)?;
        let measures = &self.collections[c].measures;
        let m = measures
            .binary_search_by(|m| m.id.as_str().cmp(measure))
            .ok()?;
        Some(&measures[m])
    }

    /// The index of a collection by its plan and id, found by halving.
    pub fn collection_index(&self, plan: Option<&str>, collection: &str) -> Option<usize> {
        self.collections
            .binary_search_by(|c| (c.plan.as_deref(), c.id.as_str()).cmp(&(plan, collection)))
            .ok()
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

/// The hint of every problem in a release file.
const RESTORE: &str = "release files are written by `gongkai release NAME` and never edited: restore this one from version control (`git checkout -- <file>`)";

/// A problem in a release file, at the value `path` leads to.
struct Problem {
    path: locate::Path,
    message: String,
}

fn not_a_day(key: &str, value: &str) -> String {
    format!("`{key}` must be a day (YYYY-MM-DD), not `{value}`")
}

fn not_a_period(key: &str, value: &str) -> String {
    format!("`{key}` must be a period (2023, 2023-H1, 2023-Q2, 2023-06, 2023-06-30 or a range such as 2023-01..2023-09), not `{value}`")
}

/// A JSON value in words, for a message.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
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
        status: site.measure_assessment[ci][mi].status.as_str().to_string(),
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
    fn a_snapshot_of_several_plans_names_each_collections_plan() {
        let text = r#"{"format": 2, "release": "x", "date": "2024-01-01", "as_of": "2024-01-01",
  "plans": [{"id": "2023", "title": {}, "as_of": "2023-12-31"}, {"id": "2024", "title": {}, "as_of": "2024-01-01"}],
  "collections": [
  {"plan": "2023", "id": "w", "title": {}, "measures": [{"id": "a", "title": {}, "status": "on-track"}]},
  {"plan": "2024", "id": "w", "title": {}, "measures": [{"id": "a", "title": {}, "status": "at-risk"}]}]}"#;
        let mut d = Diagnostics::new();
        let snap = Snapshot::parse("content/releases/x.json", text, &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", d.sorted());
        assert_eq!(
            snap.measure(Some("2024"), "w", "a")
                .map(|m| m.status.as_str()),
            Some("at-risk")
        );
        assert!(snap.measure(None, "w", "a").is_none());
        let back = Snapshot::parse("content/releases/x.json", &snap.to_json(), &mut d).unwrap();
        assert_eq!(back, snap);

        // Out of (plan, id) order, a plan in format 1, none in format 2.
        let swapped = text.replacen("\"plan\": \"2023\"", "\"plan\": \"2025\"", 1);
        let mut d = Diagnostics::new();
        assert!(Snapshot::parse("content/releases/x.json", &swapped, &mut d).is_none());
        let messages: Vec<String> = d.sorted().iter().map(|p| p.message.clone()).collect();
        assert_eq!(
            messages,
            ["the collection `2024/w` comes after `2025/w`: a release lists them in id order"]
        );
        let one = text.replacen("\"format\": 2", "\"format\": 1", 1);
        let mut d = Diagnostics::new();
        assert!(Snapshot::parse("content/releases/x.json", &one, &mut d).is_none());
        assert_eq!(d.error_count(), 2, "{:?}", d.sorted());
        let none = text.replacen("\"plan\": \"2024\", ", "", 1);
        let mut d = Diagnostics::new();
        assert!(Snapshot::parse("content/releases/x.json", &none, &mut d).is_none());
        assert!(
            d.sorted()
                .iter()
                .any(|p| p.message.contains("names no plan in a release of format 2")),
            "{:?}",
            d.sorted()
        );
    }

    #[test]
    fn a_release_of_one_plan_is_read_as_the_moved_plans() {
        let mut snap = Snapshot {
            collections: vec![SnapCollection {
                plan: None,
                id: "w".into(),
                title: Texts::new(),
                measures: Vec::new(),
            }],
            ..Snapshot::default()
        };
        snap.as_plan("2023");
        assert_eq!(snap.collections[0].plan.as_deref(), Some("2023"));
        assert_eq!(snap.collection_index(Some("2023"), "w"), Some(0));
        // A snapshot that names its plans is left as it is.
        snap.as_plan("2024");
        assert_eq!(snap.collections[0].plan.as_deref(), Some("2023"));
    }

    #[test]
    fn measures_out_of_id_order_or_twice_are_errors_at_their_id() {
        let text = r#"{"format": 1, "release": "x", "date": "2023-01-01", "as_of": "2023-01-01", "collections": [
  {"id": "w", "title": {}, "measures": [
    {"id": "b", "title": {}, "status": "on-track"},
    {"id": "a", "title": {}, "status": "on-track"},
    {"id": "a", "title": {}, "status": "on-track"}]}]}"#;
        let mut d = Diagnostics::new();
        assert!(Snapshot::parse("content/releases/x.json", text, &mut d).is_none());
        let found: Vec<(u32, u32, String)> = d
            .sorted()
            .iter()
            .map(|p| (p.pos.line, p.pos.column, p.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    12,
                    "the measure `a` comes after `b`: a release lists them in id order".into()
                ),
                (5, 12, "a second measure `a`".into()),
            ]
        );
    }

    #[test]
    fn a_json_error_says_what_and_where_once() {
        let mut d = Diagnostics::new();
        assert!(
            Snapshot::parse("content/releases/x.json", "{\n  \"format\": 1,,\n}", &mut d).is_none()
        );
        let p = d.iter().next().unwrap();
        assert_eq!((p.pos.line, p.pos.column), (2, 15), "{p}");
        assert!(
            p.message
                .starts_with("the release file is not valid JSON: "),
            "{p}"
        );
        assert!(!p.message.contains(" at line "), "{p}");
        assert!(p.hint.as_deref().unwrap().contains("restore"), "{p}");
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
