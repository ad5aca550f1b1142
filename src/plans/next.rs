//! Starting the next plan (SPEC §10, `gongkai plan new`): the files of a
//! new plan — its `plan.yaml` and, from the plan it follows, every measure
//! carried over with `continues:` and its targets left to fill — and, for a
//! one-plan site, the move of that plan into `plans/<id>/` first.
//!
//! Nothing here writes: each file is planned as a text with the records it
//! must decode to, so that the content writer's check (see [`Planned::verify`])
//! refuses a text that would not read back as exactly what was meant.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::load::decode::{self, Context};
use crate::load::reader::Reader;
use crate::load::{COLLECTION_FILE, CONTENT_DIR, PLANS_DIR, PLAN_FILE};
use crate::model::*;
use crate::period::{days_in_month, Date, Period};
use crate::yaml::emit::{document as render, Value as Y};

/// The plan a new one carries over: its configuration and collections.
pub struct Prev<'a> {
    pub id: &'a str,
    pub title: &'a Text,
    pub kind: Option<&'a Text>,
    pub period: &'a PlanPeriod,
    pub parent: &'a [Spanned<String>],
    pub assessment_levels: &'a [AssessmentLevel],
    pub collections: &'a [Collection],
}

/// What a file must read back as.
#[derive(Debug, Clone)]
pub enum Expect {
    /// A plan.yaml decoding to this configuration (as JSON).
    Plan(serde_json::Value),
    /// A measure file decoding to this measure (as JSON).
    Measure(serde_json::Value),
    /// site.yaml, decoding (with plans/) to this configuration (as JSON,
    /// without `period`, which the plans then set).
    Site(serde_json::Value),
    /// These bytes exactly (a file moved or copied as it is).
    Bytes,
}

/// One file to write: its path relative to the root, its text and what it
/// must read back as.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: String,
    pub text: Vec<u8>,
    pub expect: Expect,
    /// The file it copies, relative to the root (for [`Expect::Bytes`]).
    pub copy_of: Option<String>,
}

/// Everything a `plan new` writes and removes.
#[derive(Debug, Default)]
pub struct Changes {
    pub files: Vec<Planned>,
    /// Files removed (a one-plan site's collections, moved into plans/).
    pub removed: Vec<String>,
    /// The files moved: new path → old path.
    pub moves: BTreeMap<String, String>,
    /// site.yaml before and after the move.
    pub site_yaml: Option<(String, String)>,
    /// Targets left to fill, and records carried over.
    pub targets_to_fill: usize,
    pub measures: usize,
}

/// `2025`, `2025-01-01..2025-12-31`, `2024..2027`: a plan's period.
pub fn parse_period(s: &str) -> Option<(Date, Date)> {
    let p = Period::parse(s.trim())?;
    Some((p.start(), p.end()))
}

/// The period after `prev`, of the same length: as many whole months when
/// it is whole months, else as many days.
pub fn next_period(prev: &PlanPeriod) -> (Date, Date) {
    let (s, e) = (prev.start.value, prev.end.value);
    let start = e.next_day();
    if s.day == 1 && e.day == days_in_month(e.year, e.month) {
        let months = (e.year * 12 + e.month as i32) - (s.year * 12 + s.month as i32) + 1;
        let last = start.year * 12 + (start.month as i32 - 1) + months - 1;
        let (year, month) = (last.div_euclid(12), (last.rem_euclid(12) + 1) as u8);
        let end = Date {
            year,
            month,
            day: days_in_month(year, month),
        };
        return (start, end);
    }
    let mut end = start;
    for _ in 1..(e.days() - s.days() + 1) {
        end = end.next_day();
    }
    (start, end)
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, crate::diagnostics::Pos::START)
}

/// The languages of the site, default first, then any other a text has.
fn ordered<'t>(text: &'t Text, languages: &'t [String]) -> Vec<(&'t str, &'t str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for l in languages {
        if let Some(s) = text.by_lang.get(l) {
            out.push((l.as_str(), s.as_str()));
        }
    }
    for (l, s) in text.by_lang.iter() {
        if !languages.contains(l) {
            out.push((l.as_str(), s.as_str()));
        }
    }
    out
}

// ------------------------------------------------- records into YAML values
// (written by the one emitter, `crate::yaml::emit`)

fn text_y(text: &Text, languages: &[String]) -> Y {
    crate::yaml::emit::text(&ordered(text, languages))
}

fn scalar_id(s: &str) -> String {
    crate::yaml::string(s)
}

fn decimal_y(d: &Decimal) -> String {
    if d.quoted {
        crate::yaml::quoted(&d.literal)
    } else {
        d.literal.clone()
    }
}

/// A path of ids (`2025/indicators/income`): plain, being no number.
fn path_y(p: &str) -> String {
    if p.contains('/') && p.split('/').all(crate::load::reader::is_ident) {
        p.to_string()
    } else {
        scalar_id(p)
    }
}

fn period_y(p: &Period) -> String {
    crate::yaml::token(&p.to_string())
}

fn bound_y(b: &Bound, languages: &[String]) -> Y {
    if b.text.is_none() && b.note.is_none() {
        let mut f = vec![("period".to_string(), period_y(&b.period.value))];
        if let Some(op) = b.op {
            f.push(("op".into(), crate::yaml::quoted(op.as_str())));
        }
        f.push((
            "value".into(),
            b.value.as_ref().map(decimal_y).unwrap_or("null".into()),
        ));
        if let Some(flag) = &b.flag {
            f.push(("flag".into(), flag.value.as_str().to_string()));
        }
        return Y::Flow(f);
    }
    let mut m = vec![("period".to_string(), Y::Scalar(period_y(&b.period.value)))];
    if let Some(op) = b.op {
        m.push(("op".into(), Y::Scalar(crate::yaml::quoted(op.as_str()))));
    }
    m.push((
        "value".into(),
        Y::Scalar(b.value.as_ref().map(decimal_y).unwrap_or("null".into())),
    ));
    if let Some(t) = &b.text {
        m.push(("text".into(), text_y(t, languages)));
    }
    if let Some(flag) = &b.flag {
        m.push(("flag".into(), Y::Scalar(flag.value.as_str().to_string())));
    }
    if let Some(n) = &b.note {
        m.push(("note".into(), text_y(n, languages)));
    }
    Y::Map(m)
}

fn ids_y(ids: &[Spanned<String>]) -> Y {
    Y::FlowSeq(ids.iter().map(|i| scalar_id(&i.value)).collect())
}

fn paths_y(paths: &[Spanned<String>]) -> Y {
    match paths {
        [one] => Y::Scalar(path_y(&one.value)),
        _ => Y::FlowSeq(paths.iter().map(|p| path_y(&p.value)).collect()),
    }
}

// ------------------------------------------------------------ a plan.yaml

fn plan_yaml(plan: &PlanConfig, languages: &[String], header: &[&str], title_note: &str) -> String {
    let mut e: Vec<(String, Y)> = vec![
        ("".into(), Y::Comment(title_note.to_string())),
        ("title".into(), text_y(&plan.title, languages)),
    ];
    if let Some(k) = &plan.kind {
        e.push(("kind".into(), text_y(k, languages)));
    }
    e.push((
        "period".into(),
        Y::Map(vec![
            (
                "start".into(),
                Y::Scalar(plan.period.start.value.to_string()),
            ),
            ("end".into(), Y::Scalar(plan.period.end.value.to_string())),
        ]),
    ));
    if let Some(f) = &plan.follows {
        e.push(("follows".into(), Y::Scalar(scalar_id(&f.value))));
    }
    if !plan.parent.is_empty() {
        e.push(("parent".into(), ids_y(&plan.parent)));
    }
    if !plan.assessment_levels.is_empty() {
        let items = plan
            .assessment_levels
            .iter()
            .map(|l| {
                Y::Map(vec![
                    ("id".into(), Y::Scalar(scalar_id(&l.id.value))),
                    ("name".into(), text_y(&l.name, languages)),
                ])
            })
            .collect();
        e.push(("assessment_levels".into(), Y::Seq(items)));
    }
    render(header, &e)
}

fn plan_config(
    id: &str,
    title: Text,
    kind: Option<Text>,
    (start, end): (Date, Date),
) -> PlanConfig {
    PlanConfig {
        id: id.to_string(),
        path: plan_path(id),
        title,
        kind,
        period: PlanPeriod {
            start: spanned(start),
            end: spanned(end),
        },
        as_of: None,
        source: None,
        notice: None,
        follows: None,
        parent: Vec::new(),
        assessment_levels: Vec::new(),
        discontinued: Vec::new(),
    }
}

pub fn plan_path(id: &str) -> String {
    format!("{CONTENT_DIR}/{PLANS_DIR}/{id}/{PLAN_FILE}")
}

/// A plan without a plan before it: its title is its id in every language,
/// to fill in.
pub fn blank_plan(id: &str, period: (Date, Date), languages: &[String]) -> Planned {
    let mut title = Text::default();
    for l in languages {
        title.by_lang.insert(l.clone(), id.to_string());
    }
    let plan = plan_config(id, title, None, period);
    let text = plan_yaml(
        &plan,
        languages,
        &[
            &format!("Plan {id}. Add its `source:` (the plan's document) once it is"),
            "published, and its measures in folders beside this file (each folder a",
            "collection with a _collection.yaml); `gongkai check` says what is missing.",
        ],
        "fill in the plan's title",
    );
    Planned {
        path: plan.path.clone(),
        text: text.into_bytes(),
        expect: Expect::Plan(serde_json::to_value(&plan).unwrap_or_default()),
        copy_of: None,
    }
}

// ----------------------------------------------------------- carrying over

/// The new plan `id` following `prev`: its plan.yaml and every measure of
/// `prev` carried over into the same collections. `read` gives the text of
/// a file of `prev` (its `_collection.yaml`s, copied as they are).
pub fn carry_over(
    id: &str,
    period: (Date, Date),
    prev: &Prev,
    languages: &[String],
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> std::io::Result<Changes> {
    let mut changes = Changes::default();
    let mut plan = plan_config(id, prev.title.clone(), prev.kind.cloned(), period);
    plan.follows = Some(spanned(prev.id.to_string()));
    plan.parent = prev.parent.to_vec();
    plan.assessment_levels = prev.assessment_levels.to_vec();
    let default_lang = languages.first().map(String::as_str).unwrap_or("en");
    let text = plan_yaml(
        &plan,
        languages,
        &[
            &format!(
                "Plan {id}, following plan {}: every measure of {} is carried over",
                prev.id, prev.id
            ),
            "(`continues:`), without its figures, updates or targets. Update the title,",
            "add `source:` (the plan's document) once it is published, set each",
            "indicator's target, and list what this plan drops under `discontinued:`",
            "(removing its file); `gongkai check` lists the targets still to fill.",
        ],
        &format!(
            "update the title: it is still the title of plan {}",
            prev.id
        ),
    );
    changes.files.push(Planned {
        path: plan.path.clone(),
        text: text.into_bytes(),
        expect: Expect::Plan(serde_json::to_value(&plan).unwrap_or_default()),
        copy_of: None,
    });
    let dir = format!("{CONTENT_DIR}/{PLANS_DIR}/{id}");
    for col in prev.collections {
        let folder = &col.config.id;
        changes.files.push(Planned {
            path: format!("{dir}/{folder}/{COLLECTION_FILE}"),
            text: read(&col.path)?,
            expect: Expect::Bytes,
            copy_of: Some(col.path.clone()),
        });
        for file in &col.measures {
            let stem = file
                .path
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")))
                .unwrap_or(&file.measure.id.value);
            let from = format!("{}/{folder}/{}", prev.id, file.measure.id.value);
            let (measure, text, to_fill) =
                carried_measure(&file.measure, stem, &from, period, languages, default_lang);
            changes.targets_to_fill += to_fill;
            changes.measures += 1;
            changes.files.push(Planned {
                path: format!("{dir}/{folder}/{stem}.yaml"),
                text: text.into_bytes(),
                expect: Expect::Measure(serde_json::to_value(&measure).unwrap_or_default()),
                copy_of: None,
            });
        }
    }
    Ok(changes)
}

/// The figure the previous plan reported for its (last) target's period,
/// as the new plan's baseline.
fn carried_baseline(ind: &Indicator) -> Option<Bound> {
    let target = ind.all_targets().last()?;
    let figure = ind
        .progress
        .iter()
        .rev()
        .find(|p| p.period.value == target.period.value)?;
    let value = figure.value.clone()?;
    let revised = figure
        .flag
        .as_ref()
        .is_some_and(|f| f.value == Flag::Revised);
    Some(Bound {
        period: figure.period.clone(),
        op: None,
        value: Some(value),
        text: None,
        flag: figure.flag.clone(),
        note: figure.note.clone().filter(|_| revised),
        pos: crate::diagnostics::Pos::START,
    })
}

/// A measure carried over: the record it must decode to, its text and the
/// number of targets it leaves to fill.
fn carried_measure(
    old: &Measure,
    stem: &str,
    from: &str,
    (start, end): (Date, Date),
    languages: &[String],
    default_lang: &str,
) -> (Measure, String, usize) {
    let mut m = old.clone();
    m.status = None;
    m.status_note = None;
    m.updates.clear();
    m.lineage = Lineage {
        continues: vec![spanned(from.to_string())],
        change: None,
        change_note: None,
    };
    m.milestones.retain(|ms| {
        let due = ms.due.value.end();
        due >= start && due <= end
    });
    for ms in &mut m.milestones {
        ms.done = None;
        ms.evidence = None;
    }
    let mut to_fill = 0;
    let mut previous_targets: BTreeMap<String, Vec<Bound>> = BTreeMap::new();
    for entry in &mut m.indicators {
        let IndicatorEntry::Defined(ind) = entry else {
            continue;
        };
        let old_targets = ind.all_targets().to_vec();
        if !old_targets.is_empty() {
            to_fill += 1;
        }
        ind.baseline = carried_baseline(ind);
        previous_targets.insert(ind.id.value.clone(), old_targets);
        ind.target = None;
        ind.targets.clear();
        ind.progress.clear();
        ind.next_update = None;
        ind.lineage = Lineage {
            continues: vec![spanned(format!("{from}/{}", ind.id.value))],
            change: None,
            change_note: None,
        };
    }

    let mut e: Vec<(String, Y)> = Vec::new();
    if m.id.value != stem {
        e.push(("id".into(), Y::Scalar(scalar_id(&m.id.value))));
    }
    if let Some(n) = m.number {
        e.push(("number".into(), Y::Scalar(n.to_string())));
    }
    if let Some(c) = &m.category {
        e.push(("category".into(), Y::Scalar(scalar_id(&c.value))));
    }
    e.push(("title".into(), text_y(&m.title, languages)));
    if !m.lead.is_empty() {
        e.push(("lead".into(), ids_y(&m.lead)));
    }
    if !m.units.is_empty() {
        e.push(("units".into(), ids_y(&m.units)));
    }
    if let Some(a) = &m.assessment {
        e.push(("assessment".into(), Y::Scalar(scalar_id(&a.value))));
    }
    e.push(("continues".into(), paths_y(&m.lineage.continues)));
    if let Some(s) = &m.summary {
        e.push(("summary".into(), text_y(s, languages)));
    }
    if !m.tasks.is_empty() {
        let items = m.tasks.iter().map(|t| text_y(t, languages)).collect();
        e.push(("tasks".into(), Y::Seq(items)));
    }
    if !m.indicators.is_empty() {
        let items = m
            .indicators
            .iter()
            .map(|entry| match entry {
                IndicatorEntry::Ref(r) => {
                    Y::Map(vec![("ref".into(), Y::Scalar(path_y(&r.target.value)))])
                }
                IndicatorEntry::Defined(ind) => Y::Map(indicator_y(
                    ind,
                    previous_targets
                        .get(&ind.id.value)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                    languages,
                    default_lang,
                )),
            })
            .collect();
        e.push(("indicators".into(), Y::Seq(items)));
    }
    if !m.milestones.is_empty() {
        let items = m
            .milestones
            .iter()
            .map(|ms| {
                Y::Map(vec![
                    ("id".into(), Y::Scalar(scalar_id(&ms.id.value))),
                    ("title".into(), text_y(&ms.title, languages)),
                    ("due".into(), Y::Scalar(period_y(&ms.due.value))),
                ])
            })
            .collect();
        e.push(("milestones".into(), Y::Seq(items)));
    }
    let header = [
        format!("Carried over from {from}"),
        "(`gongkai plan new`): its texts and indicators, without figures, updates".to_string(),
        "or targets. Set each indicator's target from the new plan's document".to_string(),
        "(the previous one is noted beside it).".to_string(),
    ];
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    (m, render(&header, &e), to_fill)
}

fn indicator_y(
    ind: &Indicator,
    previous: &[Bound],
    languages: &[String],
    default_lang: &str,
) -> Vec<(String, Y)> {
    let mut e: Vec<(String, Y)> = vec![
        ("id".into(), Y::Scalar(scalar_id(&ind.id.value))),
        ("name".into(), text_y(&ind.name, languages)),
    ];
    if let Some(u) = &ind.unit {
        e.push(("unit".into(), text_y(u, languages)));
    }
    e.push((
        "direction".into(),
        Y::Scalar(ind.direction.as_str().to_string()),
    ));
    e.push((
        "accumulation".into(),
        Y::Scalar(ind.accumulation.as_str().to_string()),
    ));
    if let Some(d) = ind.decimals {
        e.push(("decimals".into(), Y::Scalar(d.to_string())));
    }
    if let Some(t) = &ind.tolerance {
        e.push(("tolerance".into(), Y::Scalar(decimal_y(t))));
    }
    e.push(("continues".into(), paths_y(&ind.lineage.continues)));
    if let Some(b) = &ind.baseline {
        e.push(("baseline".into(), bound_y(b, languages)));
    }
    for t in previous {
        e.push((
            String::new(),
            Y::Comment(format!(
                "previous target ({}): {}",
                t.period.value,
                crate::plans::check::target_words(t, default_lang)
            )),
        ));
    }
    for (key, t) in [
        ("note", &ind.note),
        ("definition", &ind.definition),
        ("method", &ind.method),
        ("data_source", &ind.data_source),
    ] {
        if let Some(t) = t {
            e.push((key.into(), text_y(t, languages)));
        }
    }
    if let Some(f) = ind.frequency {
        e.push(("frequency".into(), Y::Scalar(f.as_str().to_string())));
    }
    if !ind.serves.is_empty() {
        e.push(("serves".into(), paths_y(&ind.serves)));
    }
    e
}

// ------------------------------------------------------------ the move

/// site.yaml's top-level blocks: each key with its lines and the comments
/// and blank lines before it (those before the first key go with it).
fn blocks(text: &str) -> Vec<(Option<String>, String)> {
    let mut blocks: Vec<(Option<String>, String)> = Vec::new();
    let mut key: Option<String> = None;
    let mut current = String::new();
    let mut pending = String::new();
    for line in text.split_inclusive('\n') {
        let top_key = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        if let Some(k) = top_key {
            if key.is_some() || !current.is_empty() {
                blocks.push((key.take(), std::mem::take(&mut current)));
            }
            key = Some(k.to_string());
            current = std::mem::take(&mut pending);
            current.push_str(line);
        } else if line.starts_with('#') || line.trim().is_empty() {
            pending.push_str(line);
        } else {
            current.push_str(&pending);
            pending.clear();
            current.push_str(line);
        }
    }
    current.push_str(&pending);
    blocks.push((key, current));
    blocks
}

/// What site.yaml says about the plan itself, moved into its plan.yaml.
const MOVED_KEYS: &[&str] = &["period", "source", "assessment_levels"];
/// What plan.yaml takes of site.yaml (the title and notice copied).
const PLAN_KEYS: &[&str] = &["title", "period", "source", "notice", "assessment_levels"];

/// The move of a one-plan site into `plans/<plan>/`: site.yaml without
/// the plan's own blocks (and with `moved_from_root`), the plan's
/// plan.yaml made of those blocks (with the site's title and notice), and
/// every file of each collection folder moved. `files` lists, for each
/// collection folder, the paths of its files relative to the root.
pub fn move_into_plans(
    plan: &str,
    site_text: &str,
    site: &SiteConfig,
    files: &[String],
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> std::io::Result<Changes> {
    let bom = site_text.starts_with('\u{feff}');
    let body = site_text.trim_start_matches('\u{feff}');
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let all = blocks(body);
    let is = |k: &Option<String>, keys: &[&str]| k.as_deref().is_some_and(|k| keys.contains(&k));
    let mut site_out: String = all
        .iter()
        .filter(|(k, _)| !is(k, MOVED_KEYS))
        .map(|(_, b)| b.as_str())
        .collect();
    let mut plan_out: String = all
        .iter()
        .filter(|(k, _)| is(k, PLAN_KEYS))
        .map(|(_, b)| b.as_str())
        .collect();
    if !plan_out.ends_with('\n') {
        plan_out.push_str(newline);
    }
    let trimmed = site_out.trim_end_matches(['\n', '\r']).len();
    site_out.truncate(trimmed);
    site_out.push_str(newline);
    site_out.push_str(&format!(
        "# The plan this site published at its root before it held several:{newline}# its old addresses keep working.{newline}moved_from_root: {}{newline}",
        crate::yaml::quoted(plan)
    ));
    if bom {
        site_out.insert(0, '\u{feff}');
    }
    let mut changes = Changes::default();
    // What the moved files must read back as.
    let mut site_json = serde_json::to_value(site).unwrap_or_default();
    let mut plan_json = serde_json::Map::new();
    if let serde_json::Value::Object(map) = &mut site_json {
        for key in PLAN_KEYS {
            if let Some(v) = map.get(*key) {
                if !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)) {
                    plan_json.insert(key.to_string(), v.clone());
                }
            }
        }
        for key in MOVED_KEYS {
            map.remove(*key);
        }
        map.insert(
            "moved_from_root".into(),
            serde_json::Value::String(plan.into()),
        );
    }
    changes.files.push(Planned {
        path: plan_path(plan),
        text: plan_out.into_bytes(),
        expect: Expect::Plan(serde_json::Value::Object(plan_json)),
        copy_of: None,
    });
    changes.files.push(Planned {
        path: format!("{CONTENT_DIR}/site.yaml"),
        text: site_out.clone().into_bytes(),
        expect: Expect::Site(site_json),
        copy_of: None,
    });
    changes.site_yaml = Some((site_text.to_string(), site_out));
    let prefix = format!("{CONTENT_DIR}/");
    for path in files {
        let Some(below) = path.strip_prefix(&prefix) else {
            continue;
        };
        changes.files.push(Planned {
            path: format!("{CONTENT_DIR}/{PLANS_DIR}/{plan}/{below}"),
            text: read(path)?,
            expect: Expect::Bytes,
            copy_of: Some(path.clone()),
        });
        changes.removed.push(path.clone());
        changes.moves.insert(
            format!("{CONTENT_DIR}/{PLANS_DIR}/{plan}/{below}"),
            path.clone(),
        );
    }
    Ok(changes)
}

// ---------------------------------------------------------- verification

impl Planned {
    /// Whether `text` reads back as what this file must hold; `original`
    /// is the file a copied one was copied from (for [`Expect::Bytes`]).
    pub fn verify(
        &self,
        text: &[u8],
        languages: &[String],
        original: Option<&[u8]>,
    ) -> Result<(), String> {
        if let Expect::Bytes = self.expect {
            return match original {
                Some(o) if o == text => Ok(()),
                _ => Err("it is not the file it copies".to_string()),
            };
        }
        let text = std::str::from_utf8(text).map_err(|e| e.to_string())?;
        let node = crate::yaml::load(&self.path, text).map_err(|d| d.message.clone())?;
        let ctx = Context {
            languages,
            default_language: languages.first().map(String::as_str).unwrap_or(""),
        };
        let mut problems = Diagnostics::new();
        let (decoded, expected) = {
            let mut r = Reader::new(&self.path, &mut problems);
            match &self.expect {
                Expect::Plan(want) => {
                    let id = self.path.rsplit('/').nth(1).unwrap_or_default().to_string();
                    let got = decode::plan(&mut r, &ctx, &node, &id, &self.path);
                    (
                        got.map(|p| serde_json::to_value(p).unwrap_or_default()),
                        want,
                    )
                }
                Expect::Measure(want) => {
                    let stem = self
                        .path
                        .rsplit('/')
                        .next()
                        .and_then(|n| n.strip_suffix(".yaml"))
                        .unwrap_or_default()
                        .to_string();
                    let got = decode::measure(&mut r, &ctx, &node, spanned(stem));
                    (
                        got.map(|m| serde_json::to_value(m).unwrap_or_default()),
                        want,
                    )
                }
                Expect::Site(want) => {
                    let langs = decode::languages(&mut r, &node);
                    let got = decode::site(&mut r, &node, &ctx, langs, true).map(|s| {
                        let mut v = serde_json::to_value(s).unwrap_or_default();
                        if let serde_json::Value::Object(map) = &mut v {
                            for key in MOVED_KEYS {
                                map.remove(*key);
                            }
                        }
                        v
                    });
                    (got, want)
                }
                Expect::Bytes => unreachable!("handled above"),
            }
        };
        if problems.has_errors() {
            return Err(format!("it does not read back: {}", problems.summary()));
        }
        let decoded = pruned(decoded.ok_or("it does not read back")?);
        let expected = pruned(expected.clone());
        if decoded == expected {
            Ok(())
        } else {
            Err(first_difference(&expected, &decoded))
        }
    }
}

/// A record as JSON without its empty fields (`null`, `[]`), which a
/// file may write or leave out alike.
fn pruned(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)))
                .map(|(k, v)| (k, pruned(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(pruned).collect()),
        other => other,
    }
}

/// The first field in which two records differ, for a fault report.
fn first_difference(want: &serde_json::Value, got: &serde_json::Value) -> String {
    use serde_json::Value;
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) if w == v => {}
                    Some(w) => return format!("{k}: {}", first_difference(v, w)),
                    None => return format!("{k} is missing"),
                }
            }
            for k in b.keys() {
                if !a.contains_key(k) {
                    return format!("{k} is there too many");
                }
            }
            "the records differ".to_string()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| format!("item {}: {}", i + 1, first_difference(x, y)))
            .unwrap_or_else(|| "the records differ".to_string()),
        _ => format!("{want} reads back as {got}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(s: &str) -> (Date, Date) {
        parse_period(s).unwrap()
    }

    fn plan_period((start, end): (Date, Date)) -> PlanPeriod {
        PlanPeriod {
            start: spanned(start),
            end: spanned(end),
        }
    }

    fn shown((s, e): (Date, Date)) -> String {
        format!("{s}..{e}")
    }

    #[test]
    fn a_period_is_a_year_years_or_days() {
        assert_eq!(shown(period("2025")), "2025-01-01..2025-12-31");
        assert_eq!(shown(period("2024..2027")), "2024-01-01..2027-12-31");
        assert_eq!(
            shown(period("2025-03-01..2025-08-31")),
            "2025-03-01..2025-08-31"
        );
        assert!(parse_period("next year").is_none());
        assert!(parse_period("2027..2024").is_none());
    }

    #[test]
    fn the_next_period_follows_and_has_the_same_length() {
        let next = |s: &str| shown(next_period(&plan_period(period(s))));
        assert_eq!(next("2025"), "2026-01-01..2026-12-31");
        assert_eq!(next("2024..2027"), "2028-01-01..2031-12-31");
        assert_eq!(next("2023-07..2024-06"), "2024-07-01..2025-06-30");
        assert_eq!(next("2024-Q4"), "2025-01-01..2025-03-31");
        // Not whole months: as many days.
        assert_eq!(next("2025-01-10..2025-01-19"), "2025-01-20..2025-01-29");
    }

    #[test]
    fn site_yaml_splits_into_top_level_blocks_with_the_comments_before_them() {
        let text = "# head\ntitle: x\n# the period\nperiod:\n  start: 2024-01-01\n\n  end: 2024-12-31\nsource:\n  {title: t,\n   url: u}\nlast: 1\n# tail\n";
        let b = blocks(text);
        let keys: Vec<&str> = b.iter().map(|(k, _)| k.as_deref().unwrap()).collect();
        assert_eq!(keys, ["title", "period", "source", "last"]);
        assert_eq!(b[0].1, "# head\ntitle: x\n");
        assert_eq!(
            b[1].1,
            "# the period\nperiod:\n  start: 2024-01-01\n\n  end: 2024-12-31\n"
        );
        assert_eq!(b[2].1, "source:\n  {title: t,\n   url: u}\n");
        assert_eq!(b[3].1, "last: 1\n# tail\n");
        let joined: String = b.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, text);
    }

    /// Texts that a careless writer would break read back exactly.
    #[test]
    fn awkward_texts_read_back_as_they_were() {
        let languages = vec!["zh".to_string(), "en".to_string()];
        let awkward = [
            "plain",
            "2023",
            "yes",
            "- a list?",
            "a: colon",
            "hash # inside",
            "\"quoted\" and 'single'",
            "lines\nof **Markdown**\n\n- item\n",
            "two trailing\n\n",
            " leading space\nand lines",
            "tab\tinside and a very long line of words that a folded block must write over several lines, with commas, [brackets] and {braces}: all kept",
            "ends with a colon:",
            "{not: a map}",
            "null",
        ];
        let mut m = Measure {
            number: Some(7),
            lead: vec![spanned("drc".to_string())],
            status: Some(spanned(Status::OnTrack)),
            ..Measure::new(spanned("m".to_string()), Text::default())
        };
        for (i, s) in awkward.iter().enumerate() {
            let mut t = Text::default();
            t.by_lang.insert("zh".into(), format!("任务{i}"));
            t.by_lang.insert("en".into(), s.to_string());
            m.tasks.push(t);
        }
        m.title = m.tasks[7].clone();
        for (id, due, done) in [
            ("old", "2024-06", "2024-05-01"),
            ("next", "2025-06", "2024-12-01"),
        ] {
            m.milestones.push(Milestone {
                id: spanned(id.to_string()),
                title: m.tasks[0].clone(),
                due: spanned(Period::parse(due).unwrap()),
                done: Some(spanned(Date::parse(done).unwrap())),
                evidence: None,
                pos: crate::diagnostics::Pos::START,
            });
        }
        let (want, text, _) =
            carried_measure(&m, "m", "2024/works/m", period("2025"), &languages, "zh");
        assert!(want.status.is_none());
        // Only the milestone due in the new period is kept, not done.
        assert_eq!(want.milestones.len(), 1);
        assert_eq!(want.milestones[0].id.value, "next");
        assert!(want.milestones[0].done.is_none());
        assert!(text.contains("milestones:\n  - id: next\n"), "{text}");
        assert!(!text.contains("done"), "{text}");
        let planned = Planned {
            path: "content/plans/2025/works/m.yaml".into(),
            text: text.clone().into_bytes(),
            expect: Expect::Measure(serde_json::to_value(&want).unwrap()),
            copy_of: None,
        };
        planned
            .verify(text.as_bytes(), &languages, None)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        // And a text that is not what was planned is refused.
        let wrong = text.replace("任务3", "任务4");
        assert!(planned.verify(wrong.as_bytes(), &languages, None).is_err());
    }
}
