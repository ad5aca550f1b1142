//! `sheet import`: filled sheets back into the measure files (SPEC §7).
//!
//! Every filled row is checked with the content's own rules — the row is
//! written as the YAML entry it would add and decoded by `load`, so that a
//! period, a value, a flag, a status, a link or a date is judged exactly as
//! in a measure file — and every problem of every row is reported at once,
//! at its cell. Only when there is none are the entries written into the
//! files' text (see `edit`), the whole content loaded again from the new
//! texts, and only if that passes `check` are the changed files written,
//! each atomically.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::edit::{self, Doc, Value};
use super::export::Kind;
use super::read::{self, Row, Table};
use crate::content_writer::FileWrite;
use crate::diagnostics::{did_you_mean, Diagnostics, Severity};
use crate::load::decode::{self, Context};
use crate::load::reader::Reader;
use crate::load::Overlay;
use crate::model::*;
use crate::period::{Date, Period};
use crate::plans::Plans;
use crate::site::LoadError;
use crate::validate;
use crate::yaml::{self, Node, NodeKind};

/// One problem, at its cell: `FILE:SHEET!CELL` (CSV: `FILE:ROW:COL`), or
/// at a line of a content file when the edited content would not pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub file: String,
    pub at: String,
    pub severity: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn error(file: &str, at: &str, message: impl Into<String>, hint: Option<String>) -> Problem {
        Problem {
            file: file.to_string(),
            at: at.to_string(),
            severity: "error",
            message: message.into(),
            hint,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.at, self.severity, self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// What the import does to one measure file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    pub path: String,
    pub added: Vec<String>,
    pub revised: Vec<String>,
    pub unchanged: Vec<String>,
}

/// The outcome of reading and checking the sheets: the report, the
/// problems and, when there is no error, the new texts to write.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<FileReport>,
    pub problems: Vec<Problem>,
    /// Path relative to the root → the file's new text.
    pub writes: BTreeMap<String, String>,
    pub rows: usize,
    /// Path → the text the new one was made from and the records the new
    /// one must decode to: the old records plus exactly the rows applied.
    pub expected: BTreeMap<String, Expected>,
    /// The site's languages and default language, for decoding.
    languages: Vec<String>,
    default_language: String,
}

/// What one edited file must be.
#[derive(Debug)]
pub struct Expected {
    pub old: String,
    /// The measure's records as position-free JSON.
    pub records: serde_json::Value,
}

impl Plan {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// `sheet import --strict`: every warning is an error, as under
    /// `check --strict`, so that nothing is written.
    pub fn make_strict(&mut self) {
        for p in &mut self.problems {
            p.severity = "error";
        }
    }
}

/// Why there is no plan at all.
#[derive(Debug)]
pub enum Fatal {
    /// The content cannot be read (exit 2).
    Io(String),
    /// A sheet cannot be read (exit 2).
    Sheet(read::FileError),
    /// The content has errors before any import (exit 1).
    Content(Diagnostics),
}

/// Where a row goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    Indicator { ci: usize, mi: usize, ii: usize },
    Measure { ci: usize, mi: usize },
    Milestone { ci: usize, mi: usize, k: usize },
}

impl Target {
    fn kind(self) -> Kind {
        match self {
            Target::Indicator { .. } => Kind::Indicator,
            Target::Measure { .. } => Kind::Update,
            Target::Milestone { .. } => Kind::Milestone,
        }
    }

    fn measure(self) -> (usize, usize) {
        match self {
            Target::Indicator { ci, mi, .. }
            | Target::Measure { ci, mi }
            | Target::Milestone { ci, mi, .. } => (ci, mi),
        }
    }
}

/// A change to one file, before it is turned into an edit.
#[derive(Debug)]
enum Op {
    Add {
        ii: usize,
        end: Date,
        fields: Vec<(String, Value)>,
    },
    Revise {
        ii: usize,
        index: usize,
        fields: Vec<(String, Value)>,
    },
    Update {
        date: Date,
        fields: Vec<(String, Value)>,
    },
    /// Languages added to the text of update `index`, which has the
    /// others already, word for word: (language, text).
    Translate {
        index: usize,
        texts: Vec<(String, String)>,
    },
    Done {
        k: usize,
        pairs: Vec<(String, Value)>,
    },
}

/// A row that passed, with what it does.
struct Accepted {
    target: Target,
    op: Option<Op>,
    what: String,
    /// Which list it goes in the report: added, revised or unchanged.
    outcome: Outcome,
    /// The sheet file and the row, for a problem the edit runs into.
    file: String,
    at: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Added,
    Revised,
    Unchanged,
}

/// Reads the sheets, checks every row and works out the new texts.
pub fn plan(root: &Path, sheets: &[PathBuf]) -> Result<Plan, Fatal> {
    let plans = match Plans::load(root, false) {
        Ok((plans, _)) => plans,
        Err(LoadError::Io(e)) => return Err(Fatal::Io(e.to_string())),
        Err(LoadError::Content(d)) => return Err(Fatal::Content(d)),
    };
    let config = &plans.root.config;
    let languages: Vec<String> = config
        .language_codes()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let langs: Vec<&str> = languages.iter().map(String::as_str).collect();
    let mut tables = Vec::new();
    for path in sheets {
        let table = read::file(path, &langs).map_err(Fatal::Sheet)?;
        tables.push((path.display().to_string(), table));
    }
    let mut importer = Importer::new(&plans, &languages);
    let mut plan = Plan {
        languages: languages.clone(),
        default_language: config.default_language().to_string(),
        ..Plan::default()
    };
    for (name, table) in &tables {
        importer.table(name, table, &mut plan);
    }
    if plan.has_errors() {
        plan.files = importer.reports();
        return Ok(plan);
    }
    let (writes, expected) = importer.edits(root, &mut plan.problems);
    plan.expected = expected;
    plan.files = importer.reports();
    if plan.has_errors() {
        return Ok(plan);
    }
    // The new texts must pass `check` before anything is written.
    if !writes.is_empty() {
        match Plans::load_with(root, false, &writes) {
            Ok((_, warnings)) => {
                // What `check` would now say about the changed files, less
                // what a row's own cell already said.
                let said: std::collections::BTreeSet<String> =
                    plan.problems.iter().map(|p| p.message.clone()).collect();
                for d in warnings
                    .sorted()
                    .into_iter()
                    .filter(|d| writes.contains_key(&d.path) && !said.contains(&d.message))
                {
                    plan.problems.push(Problem {
                        severity: "warning",
                        ..Problem::error(
                            &d.path,
                            &format!("{}:{}", d.pos.line, d.pos.column),
                            d.message,
                            d.hint,
                        )
                    });
                }
            }
            Err(LoadError::Io(e)) => return Err(Fatal::Io(e.to_string())),
            Err(LoadError::Content(d)) => {
                for d in d
                    .sorted()
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    plan.problems.push(Problem::error(
                        &d.path,
                        &format!("{}:{}", d.pos.line, d.pos.column),
                        format!("after the import: {}", d.message),
                        Some(d.hint.unwrap_or_else(|| "nothing was written; the sheet's rows would make the content invalid".into())),
                    ));
                }
                return Ok(plan);
            }
        }
    }
    plan.writes = writes;
    Ok(plan)
}

impl Plan {
    /// The files to write, each with the text it was made from.
    pub fn file_writes(&self) -> Vec<FileWrite> {
        self.writes
            .iter()
            .map(|(path, text)| FileWrite {
                path: path.clone(),
                old: self.expected.get(path).map(|e| e.old.clone().into_bytes()),
                new: text.clone().into_bytes(),
            })
            .collect()
    }

    /// Whether a new text decodes to exactly the records it should: the
    /// old ones plus the rows applied, nothing lost, nothing else changed.
    /// An `Err` says where they differ.
    pub fn verify(&self, w: &FileWrite) -> Result<(), String> {
        let expected = self
            .expected
            .get(&w.path)
            .ok_or("no expected records for the file")?;
        let text = std::str::from_utf8(&w.new).map_err(|e| e.to_string())?;
        let ctx = Context {
            languages: &self.languages,
            default_language: &self.default_language,
        };
        let found = measure_records(&ctx, &w.path, text)?.1;
        match first_difference(&expected.records, &found, "") {
            None => Ok(()),
            Some(d) => Err(d),
        }
    }
}

/// A measure file's text decoded as the loader does, and as JSON without
/// positions (the record level the import is checked at).
fn measure_records(
    ctx: &Context,
    path: &str,
    text: &str,
) -> Result<(Measure, serde_json::Value), String> {
    let node =
        yaml::load(path, text).map_err(|d| format!("it is not valid YAML: {}", d.message))?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".yaml")
        .to_string();
    let mut diagnostics = Diagnostics::new();
    let measure = {
        let mut r = Reader::new(path, &mut diagnostics);
        decode::measure(
            &mut r,
            ctx,
            &node,
            Spanned::new(stem, crate::diagnostics::Pos::START),
        )
    };
    let measure = measure.ok_or_else(|| {
        let first = diagnostics.sorted().into_iter().next();
        format!(
            "it does not decode as a measure{}",
            first
                .map(|d| format!(": {}", d.message))
                .unwrap_or_default()
        )
    })?;
    let json = serde_json::to_value(&measure).map_err(|e| e.to_string())?;
    Ok((measure, json))
}

/// Where two records first differ, as a JSON path (`/updates/1/text`).
fn first_difference(want: &serde_json::Value, got: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value as J;
    match (want, got) {
        (J::Object(a), J::Object(b)) => a
            .iter()
            .find_map(|(k, v)| match b.get(k) {
                Some(w) => first_difference(v, w, &format!("{at}/{k}")),
                None => Some(format!("{at}/{k} is missing")),
            })
            .or_else(|| {
                b.keys()
                    .find(|k| !a.contains_key(*k))
                    .map(|k| format!("{at}/{k} is there but should not be"))
            }),
        (J::Array(a), J::Array(b)) => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}/{i}")))
            .or_else(|| {
                (a.len() != b.len()).then(|| {
                    format!(
                        "{at} has {} entries where it should have {}",
                        b.len(),
                        a.len()
                    )
                })
            }),
        _ if want == got => None,
        _ => Some(format!(
            "{} is {got} where it should be {want}",
            if at.is_empty() { "/" } else { at }
        )),
    }
}

struct Importer<'s> {
    /// What every plan shares: the languages.
    config: &'s SiteConfig,
    /// Every collection of every plan, in order: the `ci` of a [`Target`].
    cols: Vec<Col<'s>>,
    /// Served programme indicator (`plan/collection/measure/indicator`) →
    /// the annual plans' indicators serving it (SPEC §10).
    served_by: &'s BTreeMap<String, Vec<String>>,
    languages: &'s [String],
    targets: BTreeMap<String, Target>,
    refs: RefIndex,
    /// An unknown ref → its "did you mean", worked out once.
    guesses: BTreeMap<String, Option<String>>,
    accepted: Vec<Accepted>,
    /// `ref|period` → the row that first gave it, and its fill cells.
    seen: BTreeMap<String, (String, BTreeMap<String, String>)>,
}

/// A collection of a plan, as the import reads it.
struct Col<'s> {
    /// Its plan, on a site with several (refs start with it).
    plan: Option<&'s str>,
    c: &'s Collection,
}

impl Col<'_> {
    /// A ref within the plan, with the plan in front on a site with several.
    fn with_plan(&self, r: String) -> String {
        match self.plan {
            Some(p) => format!("{p}/{r}"),
            None => r,
        }
    }
}

const FILL_NOT_PERIOD: [&str; 6] = [
    "value",
    "flag",
    "status",
    "source_url",
    "source_date",
    "done",
];

impl<'s> Importer<'s> {
    fn new(plans: &'s Plans, languages: &'s [String]) -> Importer<'s> {
        let mut targets = BTreeMap::new();
        let mut refs = RefIndex {
            plans: plans.several(),
            ..RefIndex::default()
        };
        let cols: Vec<Col> = plans
            .plans
            .iter()
            .flat_map(|site| {
                let plan = site.plan.as_ref().map(|p| p.id.as_str());
                site.collections.iter().map(move |c| Col { plan, c })
            })
            .collect();
        for (ci, col) in cols.iter().enumerate() {
            let c = col.c;
            let measures = refs
                .map
                .entry(col.plan.unwrap_or_default().to_string())
                .or_default()
                .entry(c.config.id.clone())
                .or_default();
            for (mi, mf) in c.measures.iter().enumerate() {
                let m = &mf.measure;
                let mref = col.with_plan(format!("{}/{}", c.config.id, m.id.value));
                let children = measures.entry(m.id.value.clone()).or_default();
                for (ii, e) in m.indicators.iter().enumerate() {
                    if let IndicatorEntry::Defined(ind) = e {
                        targets.insert(
                            format!("{mref}/{}", ind.id.value),
                            Target::Indicator { ci, mi, ii },
                        );
                        children.0.push(ind.id.value.clone());
                    }
                }
                for (k, ms) in m.milestones.iter().enumerate() {
                    targets.insert(
                        format!("{mref}#{}", ms.id.value),
                        Target::Milestone { ci, mi, k },
                    );
                    children.1.push(ms.id.value.clone());
                }
                targets.insert(mref, Target::Measure { ci, mi });
            }
        }
        Importer {
            config: &plans.root.config,
            cols,
            served_by: &plans.lineages.served_by,
            languages,
            targets,
            refs,
            guesses: BTreeMap::new(),
            accepted: Vec::new(),
            seen: BTreeMap::new(),
        }
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            languages: self.languages,
            default_language: self.config.default_language(),
        }
    }

    fn table(&mut self, name: &str, table: &Table, plan: &mut Plan) {
        for note in &table.notes {
            plan.problems.push(Problem {
                severity: if note.is_error() { "error" } else { "warning" },
                ..Problem::error(
                    name,
                    &note.at,
                    note.to_string(),
                    note.hint().map(str::to_string),
                )
            });
        }
        for row in &table.rows {
            plan.rows += 1;
            let mut problems = Vec::new();
            self.row(name, row, &mut problems);
            plan.problems.extend(problems);
        }
    }

    /// The "did you mean" of an unknown ref, worked out once.
    fn guess(&mut self, r: &str) -> Option<String> {
        if let Some(g) = self.guesses.get(r) {
            return g.clone();
        }
        let g = self.refs.guess(r);
        self.guesses.insert(r.to_string(), g.clone());
        g
    }

    fn filled(&self, row: &Row) -> bool {
        row.cells.keys().any(|k| {
            FILL_NOT_PERIOD.contains(&k.as_str())
                || super::columns::PER_LANGUAGE
                    .iter()
                    .any(|p| k.starts_with(&format!("{p}_")))
        })
    }

    fn row(&mut self, file: &str, row: &Row, problems: &mut Vec<Problem>) {
        for (at, problem) in &row.bad {
            problems.push(Problem::error(
                file,
                at,
                problem.to_string(),
                Some(problem.hint().into()),
            ));
        }
        if !self.filled(row) {
            return;
        }
        let Some(r) = row.cells.get("ref") else {
            problems.push(Problem::error(
                file,
                &row.cell_at("ref"),
                "the row is filled but has no `ref`",
                Some("keep the ref cell as exported: it says which record the row is for".into()),
            ));
            return;
        };
        let Some(&target) = self.targets.get(&r.text) else {
            let unknown_plan = self
                .refs
                .unknown_plan(&r.text)
                .map(|(p, close)| (p, close.map(str::to_string)));
            if let Some((plan, close)) = unknown_plan {
                // The ref's plan first: the rest is read within a plan.
                let guess = self.guess(&r.text);
                let message = match (&guess, close) {
                    (Some(g), _) if g.ends_with(&format!("/{}", r.text)) => format!(
                        "the ref `{}` does not say its plan, did you mean `{g}`?",
                        r.text
                    ),
                    (Some(g), _) => format!(
                        "unknown plan `{plan}` in ref `{}`, did you mean `{g}`?",
                        r.text
                    ),
                    (None, Some(p)) => format!(
                        "unknown plan `{plan}` in ref `{}`, did you mean `{p}`?",
                        r.text
                    ),
                    (None, None) => format!("unknown plan `{plan}` in ref `{}`", r.text),
                };
                problems.push(Problem::error(
                    file,
                    &r.at,
                    message,
                    Some(format!(
                        "on a site with several plans a ref starts with its plan ({}): plan/collection/measure/indicator, as exported",
                        self.refs.plan_list()
                    )),
                ));
                return;
            }
            let guess = self.guess(&r.text);
            let message = match guess {
                Some(g) => format!("unknown ref `{}`, did you mean `{g}`?", r.text),
                None => format!("unknown ref `{}`", r.text),
            };
            let hint = match self.refs.plans {
                true => "a ref is plan/collection/measure/indicator, plan/collection/measure or plan/collection/measure#milestone, as exported",
                false => "a ref is collection/measure/indicator, collection/measure or collection/measure#milestone, as exported",
            };
            problems.push(Problem::error(file, &r.at, message, Some(hint.into())));
            return;
        };
        if let Some(by) = self.served_by.get(&r.text).filter(|by| !by.is_empty()) {
            // A served programme indicator takes its figures from the
            // annual plans (SPEC §10): its row is read-only.
            let at = ["value", "text_", "period", "status"]
                .iter()
                .find_map(|k| {
                    row.cells.iter().find(|(key, _)| {
                        key.as_str() == *k || (k.ends_with('_') && key.starts_with(k))
                    })
                })
                .map_or(r.at.as_str(), |(_, c)| c.at.as_str());
            problems.push(Problem::error(
                file,
                at,
                format!(
                    "`{}` is a programme indicator served by the annual plans ({}): its figures are entered there, and its row is read-only",
                    r.text,
                    by.join(", ")
                ),
                Some(format!(
                    "enter the figure on the row of {}, the annual plan's indicator for the period",
                    by.join(" or ")
                )),
            ));
            return;
        }
        if let Some(k) = row.cells.get("kind") {
            if k.text != target.kind().as_str() {
                problems.push(Problem::error(
                    file,
                    &k.at,
                    format!(
                        "the row says kind `{}` but `{}` is a row of kind `{}`",
                        k.text,
                        r.text,
                        target.kind().as_str()
                    ),
                    None,
                ));
                return;
            }
        }
        let before = problems.len();
        let accepted = match target {
            Target::Indicator { ci, mi, ii } => {
                self.indicator_row(file, row, &r.text, ci, mi, ii, problems)
            }
            Target::Measure { ci, mi } => self.update_row(file, row, &r.text, ci, mi, problems),
            Target::Milestone { ci, mi, k } => {
                self.milestone_row(file, row, &r.text, ci, mi, k, problems)
            }
        };
        let Some((key, op, what, outcome)) = accepted else {
            return;
        };
        // A warning (a date cell, a missing translation) leaves the row in.
        if problems[before..].iter().any(Problem::is_error) {
            return;
        }
        let fill: BTreeMap<String, String> = row
            .cells
            .iter()
            .filter(|(k, _)| *k != "kind" && !super::columns::CONTEXT.contains(&k.as_str()))
            .map(|(k, c)| (k.clone(), c.text.clone()))
            .collect();
        let here = format!("{file}:{}", row.at);
        if let Some((first, cells)) = self.seen.get(&key) {
            if *cells != fill {
                problems.push(Problem::error(
                    file,
                    &row.at,
                    format!("a second row for {what}, with other figures (the first is {first})"),
                    Some("keep one row for each period".into()),
                ));
            }
            return;
        }
        self.seen.insert(key, (here, fill));
        self.accepted.push(Accepted {
            target,
            op,
            what,
            outcome,
            file: file.to_string(),
            at: row.at.clone(),
        });
    }

    /// What `check --strict` refuses in a row's entry, warned at the row's
    /// cells (errors under `sheet import --strict`): a text (`what`, from
    /// the columns `prefix_…`) without a translation into a site language,
    /// a declared status without a note. The rules are `validate`'s.
    fn strict_rules(
        &self,
        file: &str,
        row: &Row,
        texts: &[(&str, &str, Option<&Text>)],
        progress: Option<&Progress>,
        problems: &mut Vec<Problem>,
    ) {
        let default = self.config.default_language();
        for (what, prefix, text) in texts {
            let Some(text) = text else {
                continue;
            };
            for lang in validate::untranslated(text, self.languages) {
                let column = format!("{prefix}_{lang}");
                problems.push(Problem {
                    severity: "warning",
                    ..Problem::error(
                        file,
                        &row.cell_at(&column),
                        validate::untranslated_message(what, lang),
                        Some(format!("fill {column}; else the page shows the {default} text, marked as not translated (`check --strict` and `sheet import --strict` refuse it)")),
                    )
                });
            }
        }
        if let Some(message) = progress.and_then(validate::status_without_note) {
            problems.push(Problem {
                severity: "warning",
                ..Problem::error(
                    file,
                    &row.cell_at(&format!("note_{default}")),
                    message,
                    Some("fill a note column (note_…) saying why: the page shows it beside the declared status".into()),
                )
            });
        }
    }

    /// Cells the row's kind does not use are errors at those cells.
    fn refuse(
        &self,
        file: &str,
        row: &Row,
        kind: &str,
        keys: &[&str],
        prefixes: &[&str],
        problems: &mut Vec<Problem>,
    ) {
        for (k, c) in &row.cells {
            let unused = keys.contains(&k.as_str())
                || prefixes.iter().any(|p| k.starts_with(&format!("{p}_")));
            if unused {
                problems.push(Problem::error(file, &c.at, format!("`{k}` is not used on a row of kind `{kind}`"), Some(match kind {
                    "milestone" => "a milestone row takes the day it was done (done) and its evidence (source_…)".to_string(),
                    "update" => "an update row takes a day (period), the text and optionally a status and a source".to_string(),
                    _ => "an indicator row takes a period, a value or a text, and optionally flag, status, note and source".to_string(),
                })));
            }
        }
    }

    fn lang_map(&self, row: &Row, prefix: &str) -> Option<Value> {
        let entries: Vec<(String, Value)> = self
            .languages
            .iter()
            .filter_map(|l| {
                let key = format!("{prefix}_{l}");
                row.cells
                    .get(&key)
                    .map(|c| (l.clone(), Value::Scalar(edit::string(&c.text), Some(key))))
            })
            .collect();
        (!entries.is_empty()).then_some(Value::Map(entries))
    }

    fn scalar(row: &Row, key: &str, render: fn(&str) -> String) -> Option<Value> {
        row.cells
            .get(key)
            .map(|c| Value::Scalar(render(&c.text), Some(key.to_string())))
    }

    fn source(&self, row: &Row) -> Option<Value> {
        let mut fields = Vec::new();
        if let Some(t) = self.lang_map(row, "source_title") {
            fields.push(("title".to_string(), t));
        }
        if let Some(u) = Self::scalar(row, "source_url", edit::string) {
            fields.push(("url".to_string(), u));
        }
        if let Some(d) = Self::scalar(row, "source_date", edit::token) {
            fields.push(("date".to_string(), d));
        }
        (!fields.is_empty()).then_some(Value::Map(fields))
    }

    /// Decodes `fields` as the entry they would be, with `decode`, and
    /// reports the content rules' problems at the cells they came from.
    fn check<T>(
        &self,
        file: &str,
        row: &Row,
        fields: &[(String, Value)],
        problems: &mut Vec<Problem>,
        decode: impl FnOnce(&mut Reader, &Context, &Node) -> Option<T>,
    ) -> Option<T> {
        // A cell larger than a measure file may be is refused at the cell,
        // before the entry is made.
        let mut too_large = false;
        for c in row.cells.values() {
            if c.text.len() > yaml::MAX_FILE_BYTES {
                too_large = true;
                problems.push(Problem::error(
                    file,
                    &c.at,
                    format!(
                        "the cell holds {:.1} MiB of text, more than the {} MiB a measure file may hold",
                        c.text.len() as f64 / (1024.0 * 1024.0),
                        yaml::MAX_FILE_BYTES / 1024 / 1024
                    ),
                    Some("put the text on a page of its own and link to it from a source".into()),
                ));
            }
        }
        if too_large {
            return None;
        }
        let (text, tags) = edit::block_item(fields, 0, "\n");
        // The cell a line of the entry came from.
        let cell_of_line = |line: u32| {
            tags.get((line as usize).saturating_sub(1))
                .cloned()
                .flatten()
                .and_then(|key| row.cells.get(&key))
                .map(|c| c.at.clone())
        };
        let (item, decoded, diagnostics) = match decode_entry(&self.ctx(), &text, decode) {
            Ok(entry) => entry?,
            Err(d) => {
                // A character no measure file can hold (a control
                // character such as DEL): at the cell that brought it.
                let at = cell_of_line(d.pos.line).unwrap_or_else(|| row.at.clone());
                problems.push(Problem::error(
                    file,
                    &at,
                    d.message,
                    Some("the cell holds a character that a measure file cannot hold (a control character pasted with the text): type the text again without it".into()),
                ));
                return None;
            }
        };
        for d in diagnostics.sorted() {
            let at = if d.pos != item.pos {
                cell_of_line(d.pos.line)
            } else {
                // A problem with the entry as a whole: at the cell to fill.
                entry_cell(&d.message).map(|key| row.cell_at(key))
            };
            let at = at.unwrap_or_else(|| row.at.clone());
            let hint = d
                .hint
                .map(|h| sheet_hint(&d.message).unwrap_or(h))
                .or_else(|| sheet_hint(&d.message));
            problems.push(Problem {
                severity: d.severity.as_str(),
                ..Problem::error(file, &at, d.message, hint)
            });
        }
        if diagnostics.has_errors() {
            return None;
        }
        decoded
    }

    #[allow(clippy::too_many_arguments)]
    fn indicator_row(
        &self,
        file: &str,
        row: &Row,
        r: &str,
        ci: usize,
        mi: usize,
        ii: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, Option<Op>, String, Outcome)> {
        self.refuse(file, row, "indicator", &["done"], &[], problems);
        let mut fields = Vec::new();
        if let Some(p) = Self::scalar(row, "period", edit::token) {
            fields.push(("period".to_string(), p));
        }
        if let Some(v) = Self::scalar(row, "value", edit::number) {
            fields.push(("value".to_string(), v));
        }
        if let Some(t) = self.lang_map(row, "text") {
            fields.push(("text".to_string(), t));
        }
        if let Some(s) = Self::scalar(row, "status", edit::string) {
            fields.push(("status".to_string(), s));
        }
        if let Some(f) = Self::scalar(row, "flag", edit::string) {
            fields.push(("flag".to_string(), f));
        }
        if let Some(n) = self.lang_map(row, "note") {
            fields.push(("note".to_string(), n));
        }
        if let Some(s) = self.source(row) {
            fields.push(("source".to_string(), s));
        }
        if !row.cells.contains_key("period") {
            problems.push(Problem::error(file, &row.cell_at("period"), "an indicator row needs a period", Some("write the period the figure is for: 2024, 2024-H1, 2024-Q3, 2024-09 or 2024-01..2024-09".into())));
            return None;
        }
        let entry = self.check(file, row, &fields, problems, decode::progress)?;
        let texts = [
            ("text", "text", entry.text.as_ref()),
            ("note", "note", entry.note.as_ref()),
            (
                "source title",
                "source_title",
                entry.source.as_ref().map(|s| &s.title),
            ),
        ];
        self.strict_rules(file, row, &texts, Some(&entry), problems);
        if let (Some(cell), Period::Day(d)) = (row.cells.get("period"), entry.period.value) {
            if cell.date && d.day == 1 {
                problems.push(Problem {
                    severity: "warning",
                    ..Problem::error(
                        file,
                        &cell.at,
                        format!("the period is a date cell, read as the day {d}"),
                        Some("Excel turns a typed 2024-09 into 1 September: if the month was meant, format the cell as text and type it again".into()),
                    )
                });
            }
        }
        let IndicatorEntry::Defined(ind) = &self.cols[ci].c.measures[mi].measure.indicators[ii]
        else {
            return None;
        };
        let period = entry.period.value;
        let what = format!("{} {period}", ind.id.value);
        let key = format!("{r}|{period}");
        let Some(index) = ind.progress.iter().position(|p| p.period.value == period) else {
            return Some((
                key,
                Some(Op::Add {
                    ii,
                    end: period.end(),
                    fields,
                }),
                what,
                Outcome::Added,
            ));
        };
        let old = &ind.progress[index];
        let same_figure = match (&entry.value, &old.value) {
            (Some(a), Some(b)) => a.value == b.value,
            (None, None) => {
                entry.text.as_ref().map(|t| &t.by_lang) == old.text.as_ref().map(|t| &t.by_lang)
                    && entry.status.as_ref().map(|s| s.value)
                        == old.status.as_ref().map(|s| s.value)
            }
            _ => false,
        };
        let dropped = [
            (
                "status",
                differs(entry.status.as_ref(), old.status.as_ref()),
            ),
            ("note", differs(entry.note.as_ref(), old.note.as_ref())),
            (
                "source",
                differs(entry.source.as_ref(), old.source.as_ref()),
            ),
        ];
        let revised = entry
            .flag
            .as_ref()
            .is_some_and(|f| f.value == Flag::Revised);
        if same_figure && !revised {
            if let Some(field) = dropped.iter().find(|(_, d)| *d).map(|(f, _)| *f) {
                problems.push(Problem::error(
                    file,
                    &field_cell(row, field),
                    format!("{period} is already reported for `{r}` with the same figure but another {field}: the row would change nothing"),
                    Some("to change the entry, set flag to `revised` with a note saying what changed and why, or edit it in the measure file".into()),
                ));
                return None;
            }
        }
        if same_figure && dropped.iter().all(|(_, d)| !d) {
            return Some((key, None, what, Outcome::Unchanged));
        }
        if revised {
            return Some((
                key,
                Some(Op::Revise { ii, index, fields }),
                what,
                Outcome::Revised,
            ));
        }
        let old_text = old
            .value
            .as_ref()
            .map(|v| v.literal.clone())
            .unwrap_or_else(|| "a text".into());
        let at = row
            .cells
            .get("value")
            .map_or(row.at.as_str(), |c| c.at.as_str());
        problems.push(Problem::error(
            file,
            at,
            format!("{period} is already reported for `{r}` as {old_text}; this row gives another figure"),
            Some("to replace it, set flag to `revised` and say in a note what changed and why; else leave the row as it was".into()),
        ));
        None
    }

    fn update_row(
        &self,
        file: &str,
        row: &Row,
        r: &str,
        ci: usize,
        mi: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, Option<Op>, String, Outcome)> {
        self.refuse(
            file,
            row,
            "update",
            &["value", "flag", "done"],
            &["note"],
            problems,
        );
        let mut fields = Vec::new();
        if let Some(p) = Self::scalar(row, "period", edit::token) {
            fields.push(("date".to_string(), p));
        }
        if let Some(t) = self.lang_map(row, "text") {
            fields.push(("text".to_string(), t));
        }
        if let Some(s) = Self::scalar(row, "status", edit::string) {
            fields.push(("status".to_string(), s));
        }
        if let Some(s) = self.source(row) {
            fields.push(("source".to_string(), s));
        }
        if !row.cells.contains_key("period") {
            problems.push(Problem::error(
                file,
                &row.cell_at("period"),
                "an update row needs the day of the update in `period`",
                Some("write the day as YYYY-MM-DD".into()),
            ));
            return None;
        }
        let update = self.check(file, row, &fields, problems, decode::update)?;
        let texts = [
            ("update text", "text", Some(&update.text)),
            (
                "source title",
                "source_title",
                update.source.as_ref().map(|s| &s.title),
            ),
        ];
        self.strict_rules(file, row, &texts, None, problems);
        let m = &self.cols[ci].c.measures[mi].measure;
        let date = update.date.value;
        let what = format!("update {date}");
        let key = format!("{r}|{date}");
        match m.updates.iter().find(|u| u.date.value == date) {
            None => Some((key, Some(Op::Update { date, fields }), what, Outcome::Added)),
            Some(old) if old.text.by_lang == update.text.by_lang => {
                let dropped = [
                    (
                        "status",
                        differs(update.status.as_ref(), old.status.as_ref()),
                    ),
                    (
                        "source",
                        differs(update.source.as_ref(), old.source.as_ref()),
                    ),
                ];
                match dropped.iter().find(|(_, d)| *d) {
                    None => Some((key, None, what, Outcome::Unchanged)),
                    Some((field, _)) => {
                        problems.push(Problem::error(
                            file,
                            &field_cell(row, field),
                            format!("`{r}` has an update on {date} already, with the same text but another {field}: the row would change nothing"),
                            Some("a sheet adds updates and does not change them: give this update another day (the latest update with a status declares the measure's), or change it in the measure file".into()),
                        ));
                        None
                    }
                }
            }
            Some(old) => {
                let added = added_translations(&old.text, &update.text);
                let same_rest = !differs(update.status.as_ref(), old.status.as_ref())
                    && !differs(update.source.as_ref(), old.source.as_ref());
                if let (Some(texts), true) = (added, same_rest) {
                    let index = m
                        .updates
                        .iter()
                        .position(|u| u.date.value == date)
                        .unwrap_or_default();
                    let what = format!(
                        "{what}: {} added",
                        texts
                            .iter()
                            .map(|(l, _)| l.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    return Some((
                        key,
                        Some(Op::Translate { index, texts }),
                        what,
                        Outcome::Revised,
                    ));
                }
                let at = row
                    .cells
                    .get("period")
                    .map_or(row.at.as_str(), |c| c.at.as_str());
                problems.push(Problem::error(file, at, format!("`{r}` has an update on {date} already, with another text"), Some("a measure has at most one update a day: merge the texts in the measure file, or give this update another day; a row that repeats the update's texts word for word may add the languages it lacks".into())));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn milestone_row(
        &self,
        file: &str,
        row: &Row,
        r: &str,
        ci: usize,
        mi: usize,
        k: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, Option<Op>, String, Outcome)> {
        self.refuse(
            file,
            row,
            "milestone",
            &["period", "value", "flag", "status"],
            &["text", "note"],
            problems,
        );
        let Some(done_cell) = row.cells.get("done") else {
            problems.push(Problem::error(
                file,
                &row.cell_at("done"),
                "a milestone row needs the day it was done in `done`",
                Some("write the day as YYYY-MM-DD".into()),
            ));
            return None;
        };
        let mut pairs = vec![(
            "done".to_string(),
            Value::Scalar(edit::token(&done_cell.text), Some("done".into())),
        )];
        if let Some(s) = self.source(row) {
            pairs.push(("evidence".to_string(), s));
        }
        let ms = &self.cols[ci].c.measures[mi].measure.milestones[k];
        let done = self.check(file, row, &pairs, problems, |r, ctx, node| {
            let done = decode::date(r, edit::get(node, "done")?.1, "done date");
            let evidence = edit::get(node, "evidence").map(|(_, n)| decode::source(r, ctx, n));
            if let Some(None) = evidence {
                return None;
            }
            done.map(|d| (d, evidence.flatten()))
        })?;
        let (done, evidence) = done;
        // Evidence already recorded is kept, the row's is not written.
        let written = evidence.as_ref().filter(|_| ms.evidence.is_none());
        let texts = [("evidence title", "source_title", written.map(|s| &s.title))];
        self.strict_rules(file, row, &texts, None, problems);
        let date = done.value;
        let what = format!("milestone {} done {date}", ms.id.value);
        let key = format!("{r}|done");
        match &ms.done {
            None => {
                if ms.evidence.is_some() && pairs.len() > 1 {
                    pairs.truncate(1);
                }
                Some((key, Some(Op::Done { k, pairs }), what, Outcome::Added))
            }
            Some(d) if d.value == date => Some((key, None, what, Outcome::Unchanged)),
            Some(d) => {
                problems.push(Problem::error(
                    file,
                    &done_cell.at,
                    format!("`{r}` is recorded as done on {} already", d.value),
                    Some("correct the day in the measure file if it was wrong".into()),
                ));
                None
            }
        }
    }

    /// The new text of every file that changes, with the records it must
    /// decode to; problems where a file is shaped so that an entry cannot
    /// be put in safely.
    fn edits(
        &mut self,
        root: &Path,
        problems: &mut Vec<Problem>,
    ) -> (Overlay, BTreeMap<String, Expected>) {
        let mut by_file: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (i, a) in self.accepted.iter().enumerate() {
            if a.op.is_some() {
                by_file.entry(a.target.measure()).or_default().push(i);
            }
        }
        let mut out = Overlay::new();
        let mut expected = BTreeMap::new();
        for ((ci, mi), ops) in by_file {
            let mf = &self.cols[ci].c.measures[mi];
            let text = match std::fs::read_to_string(root.join(&mf.path)) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::error(
                        &mf.path,
                        "1:1",
                        format!("cannot read the file: {e}"),
                        None,
                    ));
                    continue;
                }
            };
            let records = self.expected_records(&mf.path, &text, &ops);
            match self
                .file_edits(&text, &mf.path, &mf.measure, &ops)
                .and_then(|edits| Ok((edits, records?)))
            {
                Ok((edits, records)) => {
                    out.insert(mf.path.clone(), edit::apply(&text, edits));
                    expected.insert(mf.path.clone(), Expected { old: text, records });
                }
                Err((i, message)) => {
                    let a = &self.accepted[i];
                    problems.push(Problem::error(
                        &a.file,
                        &a.at,
                        format!("cannot put {} into {}: {message}", a.what, mf.path),
                        None,
                    ));
                }
            }
        }
        (out, expected)
    }

    /// The records a file must decode to after the import: those its text
    /// decodes to now, with each row's entry put where the edit puts it —
    /// new entries before the first with a later period or day, in order,
    /// revised ones in place, a milestone's keys set.
    fn expected_records(
        &self,
        path: &str,
        text: &str,
        ops: &[usize],
    ) -> Result<serde_json::Value, (usize, String)> {
        let first = ops[0];
        let ctx = self.ctx();
        let (measure, mut json) = measure_records(&ctx, path, text).map_err(|m| (first, m))?;
        let mut adds: BTreeMap<String, Vec<NewEntry>> = BTreeMap::new();
        for &i in ops {
            let fail = |m: &str| (i, m.to_string());
            match self.accepted[i].op.as_ref() {
                Some(Op::Add { ii, end, fields }) => {
                    let ind = measure_indicator(&measure, *ii)
                        .ok_or_else(|| fail("the indicator moved"))?;
                    let before = ind
                        .progress
                        .iter()
                        .position(|p| p.period.value.end() > *end);
                    let entry = decoded(&ctx, fields, decode::progress).map_err(|m| (i, m))?;
                    adds.entry(format!("i{ii}"))
                        .or_default()
                        .push((before, *end, i, entry));
                }
                Some(Op::Update { date, fields }) => {
                    let before = measure.updates.iter().position(|u| u.date.value > *date);
                    let entry = decoded(&ctx, fields, decode::update).map_err(|m| (i, m))?;
                    adds.entry("updates".into())
                        .or_default()
                        .push((before, *date, i, entry));
                }
                Some(Op::Translate { index, texts }) => {
                    let text = json
                        .pointer_mut(&format!("/updates/{index}/text"))
                        .and_then(serde_json::Value::as_object_mut)
                        .ok_or_else(|| fail("the update moved"))?;
                    for (lang, t) in texts {
                        text.insert(lang.clone(), serde_json::Value::String(t.clone()));
                    }
                }
                Some(Op::Revise { ii, index, fields }) => {
                    let entry = decoded(&ctx, fields, decode::progress).map_err(|m| (i, m))?;
                    let slot = json
                        .pointer_mut(&format!("/indicators/{ii}/progress/{index}"))
                        .ok_or_else(|| fail("the entry moved"))?;
                    *slot = entry;
                }
                Some(Op::Done { k, pairs }) => {
                    let set = decoded(&ctx, pairs, |r, ctx, node| {
                        let mut set = serde_json::Map::new();
                        for (key, _) in pairs {
                            let (_, n) = edit::get(node, key)?;
                            let value = match key.as_str() {
                                "done" => serde_json::to_value(decode::date(r, n, "done date")?),
                                _ => serde_json::to_value(decode::source(r, ctx, n)?),
                            };
                            set.insert(key.clone(), value.ok()?);
                        }
                        Some(set)
                    })
                    .map_err(|m| (i, m))?;
                    let milestone = json
                        .pointer_mut(&format!("/milestones/{k}"))
                        .and_then(serde_json::Value::as_object_mut)
                        .ok_or_else(|| fail("the milestone moved"))?;
                    if let serde_json::Value::Object(set) = set {
                        milestone.extend(set);
                    }
                }
                None => {}
            }
        }
        for (list, mut new) in adds {
            let pointer = match list.strip_prefix('i') {
                Some(ii) => format!("/indicators/{ii}/progress"),
                None => "/updates".to_string(),
            };
            if json.pointer(&pointer).is_none() {
                if let Some((parent, key)) = pointer.rsplit_once('/') {
                    if let Some(obj) = json.pointer_mut(parent).and_then(|p| p.as_object_mut()) {
                        obj.insert(key.to_string(), serde_json::Value::Array(Vec::new()));
                    }
                }
            }
            let Some(serde_json::Value::Array(old)) = json.pointer_mut(&pointer) else {
                return Err((new[0].2, "the list moved".into()));
            };
            new.sort_by_key(|(before, day, _, _)| (before.unwrap_or(usize::MAX), *day));
            let mut merged = Vec::with_capacity(old.len() + new.len());
            let mut new = new.into_iter().peekable();
            for (j, item) in std::mem::take(old).into_iter().enumerate() {
                while let Some((_, _, _, entry)) = new.next_if(|n| n.0 == Some(j)) {
                    merged.push(entry);
                }
                merged.push(item);
            }
            merged.extend(new.map(|n| n.3));
            *old = merged;
        }
        Ok(json)
    }

    fn file_edits(
        &self,
        text: &str,
        path: &str,
        measure: &Measure,
        ops: &[usize],
    ) -> Result<Vec<edit::Edit>, (usize, String)> {
        let first = ops[0];
        let root = yaml::load_with_ends(path, text).map_err(|d| (first, d.message))?;
        let doc = Doc::new(text);
        let mut edits = Vec::new();
        // New items of one list at one place go in one edit, in period order.
        let mut adds: BTreeMap<ListPlace, Vec<(Date, usize)>> = BTreeMap::new();
        let list_items = |parent: &Node, key: &str| -> Vec<Node> {
            match edit::get(parent, key).map(|(_, v)| &v.kind) {
                Some(NodeKind::Seq(items)) => items.clone(),
                _ => Vec::new(),
            }
        };
        let indicators = list_items(&root, "indicators");
        let milestones = list_items(&root, "milestones");
        // A block item's last line; `None` for an item of a `[…]` list.
        let item_last = |items: &[Node], i: usize| match doc.dash(&items[i]) {
            Some(_) => doc.last_line(&items[i]).map(Some),
            None => Ok(None),
        };
        for &i in ops {
            let fail = |m: String| (i, m);
            match self.accepted[i].op.as_ref() {
                Some(Op::Add { ii, end, .. }) => {
                    let ind = measure_indicator(measure, *ii)
                        .ok_or_else(|| fail("the indicator moved".into()))?;
                    let before = ind
                        .progress
                        .iter()
                        .position(|p| p.period.value.end() > *end);
                    adds.entry((format!("i{ii}"), before))
                        .or_default()
                        .push((*end, i));
                }
                Some(Op::Update { date, .. }) => {
                    let before = measure.updates.iter().position(|u| u.date.value > *date);
                    adds.entry(("updates".into(), before))
                        .or_default()
                        .push((*date, i));
                }
                Some(Op::Revise { ii, index, fields }) => {
                    let node = indicators
                        .get(*ii)
                        .ok_or_else(|| fail("the indicator moved".into()))?;
                    let items = list_items(node, "progress");
                    if items.len() <= *index {
                        return Err(fail("the entry moved".into()));
                    }
                    edits.push(edit::replace_item(&doc, &items, *index, fields).map_err(fail)?);
                }
                Some(Op::Translate { index, texts }) => {
                    let updates = list_items(&root, "updates");
                    let text = updates
                        .get(*index)
                        .and_then(|u| edit::get(u, "text"))
                        .map(|(_, t)| t)
                        .ok_or_else(|| fail("the update moved".into()))?;
                    if !matches!(text.kind, NodeKind::Map(_)) {
                        return Err(fail("the update's text is one string; write it as a mapping of languages (`zh: …`) to add a translation".into()));
                    }
                    let last = doc.last_line(text).map_err(fail)?;
                    let pairs: Vec<(String, Value)> = texts
                        .iter()
                        .map(|(lang, t)| {
                            (
                                lang.clone(),
                                Value::Scalar(edit::string(t), Some(format!("text_{lang}"))),
                            )
                        })
                        .collect();
                    edits.extend(edit::set_keys(&doc, text, last, &pairs).map_err(fail)?);
                }
                Some(Op::Done { k, pairs }) => {
                    let node = milestones
                        .get(*k)
                        .ok_or_else(|| fail("the milestone moved".into()))?;
                    let last = item_last(&milestones, *k)
                        .map_err(fail)?
                        .unwrap_or(node.pos.line as usize - 1);
                    edits.extend(edit::set_keys(&doc, node, last, pairs).map_err(fail)?);
                }
                None => {}
            }
        }
        for ((list, before), mut items) in adds {
            items.sort_by_key(|(d, _)| *d);
            let first = items[0].1;
            let fields: Vec<Vec<(String, Value)>> = items
                .iter()
                .filter_map(|(_, i)| match &self.accepted[*i].op {
                    Some(Op::Add { fields, .. }) | Some(Op::Update { fields, .. }) => {
                        Some(fields.clone())
                    }
                    _ => None,
                })
                .collect();
            let e = if list == "updates" {
                let last = doc.last_line(&root).map_err(|m| (first, m))?;
                edit::add_items(&doc, &root, last, "updates", &fields, before)
            } else {
                let ii: usize = list[1..].parse().unwrap_or(0);
                let node = indicators
                    .get(ii)
                    .ok_or((first, "the indicator moved".to_string()))?;
                let last = item_last(&indicators, ii)
                    .map_err(|m| (first, m))?
                    .ok_or((first, "the indicators are written on one line".to_string()))?;
                edit::add_items(&doc, node, last, "progress", &fields, before)
            };
            edits.push(e.map_err(|m| (first, m))?);
        }
        Ok(edits)
    }

    fn reports(&self) -> Vec<FileReport> {
        let mut by_path: BTreeMap<String, FileReport> = BTreeMap::new();
        for a in &self.accepted {
            let (ci, mi) = a.target.measure();
            let path = self.cols[ci].c.measures[mi].path.clone();
            let report = by_path.entry(path.clone()).or_insert_with(|| FileReport {
                path,
                ..FileReport::default()
            });
            match a.outcome {
                Outcome::Added => report.added.push(a.what.clone()),
                Outcome::Revised => report.revised.push(a.what.clone()),
                Outcome::Unchanged => report.unchanged.push(a.what.clone()),
            }
        }
        by_path.into_values().collect()
    }
}

/// A new entry of a list: the old entry it goes before (none: the end),
/// its period's end or day, its row (index in `accepted`), and the entry.
type NewEntry = (Option<usize>, Date, usize, serde_json::Value);

/// Row fields decoded as the entry they are, as JSON without positions.
/// Whether a row gives a field (`row` is set) that the entry in the file
/// has otherwise: such a row must not pass as unchanged, which would drop
/// what it gives in silence.
/// The languages a row's text adds to an update's, when it repeats every
/// language the update has word for word (and is not the same text).
fn added_translations(old: &Text, row: &Text) -> Option<Vec<(String, String)>> {
    let has = |lang: &str| old.by_lang.iter().any(|(l, _)| l == lang);
    let repeats = old
        .by_lang
        .iter()
        .all(|(lang, text)| row.by_lang.iter().any(|(l, t)| l == lang && t == text));
    let added: Vec<(String, String)> = row
        .by_lang
        .iter()
        .filter(|(lang, _)| !has(lang))
        .map(|(lang, text)| (lang.clone(), text.clone()))
        .collect();
    (repeats && !added.is_empty()).then_some(added)
}

fn differs<T: Serialize>(row: Option<&T>, file: Option<&T>) -> bool {
    row.is_some() && serde_json::to_value(row).ok() != serde_json::to_value(file).ok()
}

/// The cell of a row that gives `field`: its column, or the first of its
/// per-language or source columns that is filled.
fn field_cell(row: &Row, field: &str) -> String {
    let prefix = format!("{field}_");
    row.cells
        .iter()
        .find(|(k, _)| k.as_str() == field || k.starts_with(&prefix))
        .map_or_else(|| row.cell_at(field), |(_, c)| c.at.clone())
}

fn decoded<T: Serialize>(
    ctx: &Context,
    fields: &[(String, Value)],
    decode: impl FnOnce(&mut Reader, &Context, &Node) -> Option<T>,
) -> Result<serde_json::Value, String> {
    let (text, _) = edit::block_item(fields, 0, "\n");
    let (_, entry, _) = decode_entry(ctx, &text, decode)
        .map_err(|d| d.message)?
        .ok_or("the entry is not a list item")?;
    let entry = entry.ok_or("the entry does not decode")?;
    serde_json::to_value(entry).map_err(|e| e.to_string())
}

/// An entry as the edit writes it (`text`, one block list item), parsed
/// and decoded: its node, what it decodes to and what decoding said.
/// `Err` when it is not YAML; `Ok(None)` when it is not one list item.
fn decode_entry<T>(
    ctx: &Context,
    text: &str,
    decode: impl FnOnce(&mut Reader, &Context, &Node) -> Option<T>,
) -> Result<Option<(Node, Option<T>, Diagnostics)>, crate::diagnostics::Diagnostic> {
    let node = yaml::load("sheet", text)?;
    let NodeKind::Seq(items) = node.kind else {
        return Ok(None);
    };
    let Some(item) = items.into_iter().next() else {
        return Ok(None);
    };
    let mut diagnostics = Diagnostics::new();
    let decoded = {
        let mut r = Reader::new("sheet", &mut diagnostics);
        decode(&mut r, ctx, &item)
    };
    Ok(Some((item, decoded, diagnostics)))
}

/// A list (`i<index>` for an indicator's progress, `updates`) and the item
/// new ones go before (none: the end).
type ListPlace = (String, Option<usize>);

fn measure_indicator(m: &Measure, ii: usize) -> Option<&Indicator> {
    match m.indicators.get(ii)? {
        IndicatorEntry::Defined(ind) => Some(ind),
        IndicatorEntry::Ref(_) => None,
    }
}

/// The cell to fill for a content rule about an entry as a whole.
fn entry_cell(message: &str) -> Option<&'static str> {
    message
        .contains("needs a `value`, a `text` or a declared `status`")
        .then_some("value")
}

/// The refs a row can give, by their parts: plan (on a site with
/// several) → collection → measure → its indicators and milestones. A "did
/// you mean" corrects each part among its siblings only, so that its cost
/// does not grow with the site.
#[derive(Default)]
struct RefIndex {
    /// Whether refs start with their plan.
    plans: bool,
    /// By plan id (`""` on a one-plan site).
    map: BTreeMap<String, Collections>,
}

/// A plan's collections → measures → their indicator and milestone ids.
type Collections = BTreeMap<String, BTreeMap<String, Children>>;

/// A measure's indicator ids and milestone ids.
type Children = (Vec<String>, Vec<String>);

/// `word` when it is among `names`, else the closest of them.
fn closest<'a>(word: &'a str, names: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if names.clone().any(|n| n == word) {
        return Some(word);
    }
    did_you_mean(word, names)
}

impl RefIndex {
    /// The ref closest to `r` (each part as it is when it is known, else
    /// the closest of its siblings), when that is another ref. On a site
    /// with several plans, a ref without its plan (as a one-plan sheet has
    /// it) is guessed in the last plan that has it.
    fn guess(&self, r: &str) -> Option<String> {
        let guess = if !self.plans {
            Self::closest_in(self.map.get("")?, r)?
        } else {
            let exact_elsewhere = self
                .map
                .iter()
                .rev()
                .find(|(_, cols)| Self::closest_in(cols, r).as_deref() == Some(r))
                .map(|(p, _)| format!("{p}/{r}"));
            match (exact_elsewhere, r.split_once('/')) {
                (Some(g), _) => g,
                (None, Some((plan, rest))) => {
                    // The plans that have the rest as it is, else the
                    // closest plan's closest ref.
                    let having: Vec<&str> = self
                        .map
                        .iter()
                        .filter(|(_, cols)| Self::closest_in(cols, rest).as_deref() == Some(rest))
                        .map(|(p, _)| p.as_str())
                        .collect();
                    match closest(plan, having.iter().copied()).or(having.last().copied()) {
                        Some(p) => format!("{p}/{rest}"),
                        None => {
                            let p = closest(plan, self.map.keys().map(String::as_str))?;
                            format!("{p}/{}", Self::closest_in(&self.map[p], rest)?)
                        }
                    }
                }
                (None, None) => return None,
            }
        };
        (guess != r).then_some(guess)
    }

    /// The ref of a plan's `cols` closest to `r` (`r` itself when it is one).
    fn closest_in(cols: &Collections, r: &str) -> Option<String> {
        let (path, milestone) = match r.split_once('#') {
            Some((p, k)) => (p, Some(k)),
            None => (r, None),
        };
        let parts: Vec<&str> = path.split('/').collect();
        let (c, m, i) = match parts[..] {
            [c, m] => (c, m, None),
            [c, m, i] if milestone.is_none() => (c, m, Some(i)),
            _ => return None,
        };
        let c = closest(c, cols.keys().map(String::as_str))?;
        let measures = &cols[c];
        let m = closest(m, measures.keys().map(String::as_str))?;
        let (indicators, milestones) = &measures[m];
        Some(match (i, milestone) {
            (Some(i), _) => format!(
                "{c}/{m}/{}",
                closest(i, indicators.iter().map(String::as_str))?
            ),
            (None, Some(k)) => format!(
                "{c}/{m}#{}",
                closest(k, milestones.iter().map(String::as_str))?
            ),
            (None, None) => format!("{c}/{m}"),
        })
    }

    /// On a site with several plans, a ref whose first part is no plan's
    /// id: that part and the closest plan id (when one is close).
    fn unknown_plan<'r>(&self, r: &'r str) -> Option<(&'r str, Option<&str>)> {
        if !self.plans {
            return None;
        }
        let plan = r.split(['/', '#']).next().unwrap_or(r);
        if self.map.contains_key(plan) {
            return None;
        }
        Some((
            plan,
            did_you_mean(plan, self.map.keys().map(String::as_str)),
        ))
    }

    /// The plan ids, for a message.
    fn plan_list(&self) -> String {
        crate::diagnostics::known_list(self.map.keys().map(String::as_str))
    }
}

/// A hint in the sheet's terms for a content rule whose own hint speaks YAML.
fn sheet_hint(message: &str) -> Option<String> {
    if message.contains("flagged `revised` needs a `note`") {
        Some("fill a note column (note_…) saying what changed and why".into())
    } else if message.contains("needs a `value`, a `text` or a declared `status`") {
        Some("fill value, a text column (text_…) or status".into())
    } else if message.contains("missing field `title` in source") {
        Some("a source needs its title: fill a source_title column".into())
    } else if message.contains("must be a number") {
        Some("type the figure alone, with a decimal point and no thousands separators or units (1234.5)".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "title: {zh: 甲, en: A}\nupdates:\n  - date: 2024-01-05\n    text:\n      zh: 一。\n      en: |\n        Done.\n        #DRC\n";

    fn plan_adding_an_update() -> Plan {
        let languages = vec!["zh".to_string(), "en".to_string()];
        let ctx = Context {
            languages: &languages,
            default_language: "zh",
        };
        let mut records = measure_records(&ctx, "content/w/a.yaml", OLD).unwrap().1;
        let fields = vec![
            ("date".to_string(), Value::Scalar("2024-02-01".into(), None)),
            (
                "text".to_string(),
                Value::Map(vec![
                    ("zh".into(), Value::Scalar("二。".into(), None)),
                    ("en".into(), Value::Scalar("Two.".into(), None)),
                ]),
            ),
        ];
        let entry = decoded(&ctx, &fields, decode::update).unwrap();
        records["updates"].as_array_mut().unwrap().push(entry);
        let mut plan = Plan {
            languages,
            default_language: "zh".into(),
            ..Plan::default()
        };
        plan.expected.insert(
            "content/w/a.yaml".into(),
            Expected {
                old: OLD.into(),
                records,
            },
        );
        plan
    }

    fn write(new: &str) -> FileWrite {
        FileWrite {
            path: "content/w/a.yaml".into(),
            old: Some(OLD.as_bytes().to_vec()),
            new: new.as_bytes().to_vec(),
        }
    }

    #[test]
    fn an_edit_that_turns_an_earlier_line_into_a_comment_fails_verification() {
        let plan = plan_adding_an_update();
        let right =
            format!("{OLD}  - date: 2024-02-01\n    text:\n      zh: 二。\n      en: Two.\n");
        assert_eq!(plan.verify(&write(&right)), Ok(()));
        // What the guessed item end did: the new item went in before `#DRC`.
        let lost = OLD.replace(
            "        #DRC\n",
            "  - date: 2024-02-01\n    text:\n      zh: 二。\n      en: Two.\n        #DRC\n",
        );
        let e = plan.verify(&write(&lost)).unwrap_err();
        assert!(e.contains("/updates/0/text/en"), "{e}");
        // One entry too many, or another record touched, fails too.
        let twice = format!("{right}  - date: 2024-03-01\n    text: {{zh: 三, en: Three}}\n");
        assert!(plan
            .verify(&write(&twice))
            .unwrap_err()
            .contains("/updates has 3 entries"));
        let retitled = right.replace("en: A}", "en: B}");
        assert!(plan
            .verify(&write(&retitled))
            .unwrap_err()
            .contains("/title/en"));
    }

    fn index() -> RefIndex {
        let mut refs = RefIndex::default();
        let cols = refs.map.entry(String::new()).or_default();
        let works = cols.entry("works".into()).or_default();
        works.insert(
            "mixed".into(),
            (
                vec!["chargers".into(), "sockets".into()],
                vec!["sites".into()],
            ),
        );
        works.insert("reform".into(), (vec![], vec![]));
        cols.entry("indicators".into()).or_default();
        refs
    }

    #[test]
    fn on_a_site_with_several_plans_the_plan_is_guessed_first() {
        let one = index();
        let mut refs = RefIndex {
            plans: true,
            ..RefIndex::default()
        };
        for plan in ["2023", "2024"] {
            refs.map.insert(plan.into(), one.map[""].clone());
        }
        refs.map
            .get_mut("2023")
            .unwrap()
            .get_mut("works")
            .unwrap()
            .remove("reform");
        for (typed, guess) in [
            (
                "2024/works/mixed/charger",
                Some("2024/works/mixed/chargers"),
            ),
            ("2025/works/reform", Some("2024/works/reform")),
            ("2023/works/reform", Some("2024/works/reform")),
            ("works/mixed/chargers", Some("2024/works/mixed/chargers")),
            ("2024/works/mixed/chargers", None),
        ] {
            assert_eq!(refs.guess(typed).as_deref(), guess, "{typed}");
        }
        assert_eq!(
            refs.unknown_plan("2o24/works/reform"),
            Some(("2o24", Some("2024")))
        );
        assert_eq!(refs.unknown_plan("2024/works/reform"), None);
        assert_eq!(one.unknown_plan("works/reform"), None);
    }

    #[test]
    fn unknown_refs_are_guessed_part_by_part_among_siblings() {
        let refs = index();
        for (typed, guess) in [
            ("works/mixed/charger", Some("works/mixed/chargers")),
            ("work/mixd/chargers", Some("works/mixed/chargers")),
            ("works/mixed#site", Some("works/mixed#sites")),
            ("works/refrom", Some("works/reform")),
            ("works/mixed/nothing-like-it", None),
            ("elsewhere/mixed", None),
            ("works/mixed/chargers/extra", None),
            ("works/mixed/chargers", None),
        ] {
            assert_eq!(refs.guess(typed).as_deref(), guess, "{typed}");
        }
    }
}
