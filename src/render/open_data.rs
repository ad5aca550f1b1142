//! The open data's own shapes: what `measures.json`, each measure's JSON
//! and `plans.json` publish, as types of their own with a JSON Schema and
//! a format version. They are built from the resolved site (`data`), never
//! serialised from the model, so that a field added to or renamed in the
//! model changes no published file until it is added here on purpose.
//!
//! Field order is output order. The keyword values (statuses, directions,
//! comparators, flags …) are the input's keywords, a contract of their own
//! (SPEC §1), written by the model's keyword types.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Accumulation, Change, Direction, Flag, Frequency, Op, Status};

/// The version of the format of `measures.json`, each measure's JSON and
/// `plans.json`, written in each record (`format_version`). A change that
/// a reader may trip on (a field removed, renamed or given another type)
/// raises it; a field added does not.
pub const FORMAT_VERSION: u32 = 1;

/// Text per language code, in code order.
pub type Texts = BTreeMap<String, String>;

/// A figure, digits as the content gives them: a string when it was
/// quoted there (`"1.60"`), else a number.
/// `continues`, `change` and `change_note` of a measure or an indicator
/// (SPEC §10), each left out when empty.
#[derive(Serialize, JsonSchema, Debug, Clone, Default)]
pub struct Lineage {
    /// The records of earlier plans it continues: plan/collection/measure[/indicator].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continues: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_note: Option<Texts>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    Digits(String),
    Integer(i64),
    Real(f64),
}

impl JsonSchema for Figure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Figure".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number, or a decimal string that keeps the digits the plan gives (\"1.60\")",
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": "^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"}
            ]
        })
    }
}

fn period_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "description": "2023, 2023-H1, 2023-Q2, 2023-06 or 2023-06-30, or a range of two: 2023-01..2023-09",
        "pattern": "^[0-9]{4}(-H[12]|-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?(\\.\\.[0-9]{4}(-H[12]|-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?)?$"
    })
}

fn optional_period_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let period = period_schema(g);
    schemars::json_schema!({"anyOf": [period, {"type": "null"}]})
}

fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn optional_date_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let date = date_schema(g);
    schemars::json_schema!({"anyOf": [date, {"type": "null"}]})
}

fn version_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "integer", "const": FORMAT_VERSION})
}

/// The keywords of `values`, as a string schema.
fn keywords(values: &[&str]) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": values})
}

fn outcome_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    keywords(&["met", "not-met", "not-reported", "upcoming"])
}

fn milestone_state_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    keywords(&["done", "done-late", "overdue", "upcoming"])
}

fn link_kind_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    keywords(&["measure", "indicator"])
}

/// A source of a figure or an update, a milestone's evidence.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    pub title: Texts,
    pub url: Option<String>,
    #[schemars(schema_with = "optional_date_schema")]
    pub date: Option<String>,
}

/// A baseline or a target.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Bound {
    #[schemars(schema_with = "period_schema")]
    pub period: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    /// `null` when there is no figure (the target is in words).
    pub value: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    /// What became of it: on each of several targets (`targets`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "outcome_schema")]
    pub outcome: Option<&'static str>,
    /// Whether the status is computed against it: on each of several targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

/// A progress entry.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Progress {
    #[schemars(schema_with = "period_schema")]
    pub period: String,
    pub value: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Texts>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// A declared status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
}

/// An indicator's latest progress entry: the latest with a value, else
/// the latest.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Latest {
    #[schemars(schema_with = "period_schema")]
    pub period: String,
    pub value: Option<Figure>,
    pub text: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    /// For a figure of part of the target period: what was due by then,
    /// at the digits the site shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<f64>,
}

/// An indicator as a measure lists it, with its computed status.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Indicator {
    /// `collection/measure/indicator`, when the measure lists another's
    /// indicator (which is then given in full).
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub id: String,
    pub name: Texts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Texts>,
    pub direction: Direction,
    pub accumulation: Accumulation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Bound>,
    /// The one target, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Bound>,
    /// Several targets, in period order, each with its outcome.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Bound>,
    pub progress: Vec<Progress>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Texts>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_source: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "optional_date_schema")]
    pub next_update: Option<String>,
    /// What of earlier plans it continues, and how it changed.
    #[serde(flatten)]
    pub lineage: Lineage,
    /// The programme indicators it is a yearly step of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
    pub status: Status,
    /// Whether the status was declared rather than computed.
    pub status_declared: bool,
    /// What the figures compute, when a declaration says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_computed: Option<Status>,
    pub latest: Option<Latest>,
    /// The indicator on the site.
    pub url: String,
    /// In the data across plans: the series it belongs to (the path
    /// `plan/collection/measure/indicator` of its earliest member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
}

/// Progress in words on a measure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Update {
    #[schemars(schema_with = "date_schema")]
    pub date: String,
    /// Markdown.
    pub text: Texts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A dated step of a measure, with where it stands.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub title: Texts,
    #[schemars(schema_with = "period_schema")]
    pub due: String,
    #[schemars(schema_with = "optional_date_schema")]
    pub done: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "milestone_state_schema")]
    pub status: Option<&'static str>,
}

/// A measure with its indicators in full and what the status rules compute.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Measure {
    /// In the data across plans: the plan's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    pub collection: String,
    pub id: String,
    /// The plan's own number (序号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub category: Option<String>,
    pub title: Texts,
    /// Lead bodies (ids of `units.yaml`).
    pub lead: Vec<String>,
    /// Other responsible bodies.
    pub units: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Texts>,
    /// Markdown each.
    pub tasks: Vec<Texts>,
    pub indicators: Vec<Indicator>,
    pub status: Status,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_note: Option<Texts>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// What of earlier plans it continues, and how it changed.
    #[serde(flatten)]
    pub lineage: Lineage,
    /// Whether the status was declared rather than computed.
    pub status_declared: bool,
    /// How many of its indicators have reported (the status is the worst of theirs).
    pub indicators_reported: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_computed: Option<Status>,
    /// The period of the latest report on it: a progress entry of its
    /// indicators or an update.
    #[schemars(schema_with = "optional_period_schema")]
    pub latest: Option<String>,
    /// The measure on the site.
    pub url: String,
    #[schemars(schema_with = "version_schema")]
    pub format_version: u32,
}

/// `measures.json`: every measure, in the site's order.
#[derive(JsonSchema)]
#[schemars(
    title = "gongkai measures.json",
    description = "Every measure of the plan (or, under data/all/, of every plan) with its indicators in full and the statuses the rules compute. Each measure's own JSON file is one item. Values keep their digits.",
    transparent
)]
pub struct MeasuresFile(#[allow(dead_code)] pub Vec<Measure>);

/// A plan's document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanSource {
    pub title: Texts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "optional_date_schema")]
    pub date: Option<String>,
    /// 文号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 发布机构.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Texts>,
    /// 索引号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    /// 分类.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Texts>,
    /// 成文日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "optional_date_schema")]
    pub signed: Option<String>,
    /// 发布日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "optional_date_schema")]
    pub published: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanPeriod {
    #[schemars(schema_with = "date_schema")]
    pub start: String,
    #[schemars(schema_with = "date_schema")]
    pub end: String,
}

/// What a plan drops of the plan it follows, with why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Discontinued {
    /// `plan/collection/measure[/indicator]`.
    pub path: String,
    /// Markdown.
    pub note: Option<Texts>,
}

/// One plan of the site.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Plan {
    /// The plan's id: its folder and URL segment.
    pub id: String,
    pub title: Texts,
    /// A word for readers (工作要点, Programme …).
    pub kind: Option<Texts>,
    pub period: PlanPeriod,
    #[schemars(schema_with = "date_schema")]
    pub as_of: String,
    /// Whether its period ended on or before its `as_of`: its results are final.
    pub closed: bool,
    /// The plan it succeeds.
    pub follows: Option<String>,
    /// The programmes it implements.
    pub parent: Vec<String>,
    pub source: Option<PlanSource>,
    pub discontinued: Vec<Discontinued>,
    pub measures: usize,
    pub indicators: usize,
    /// Its pages.
    pub url: String,
}

/// A `continues` link, from the later record to the earlier.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Link {
    /// `plan/collection/measure[/indicator]`.
    pub from: String,
    pub to: String,
    /// Absent: the same measure or indicator.
    pub change: Option<Change>,
    /// Markdown.
    pub note: Option<Texts>,
    /// Whether it links two indicators or two measures.
    #[schemars(schema_with = "link_kind_schema")]
    pub kind: &'static str,
}

/// `plans.json`: the plans of a site with several, and every lineage link.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "gongkai plans.json",
    description = "The plans of the site, in period order, and every link by which a measure or indicator continues one of an earlier plan.",
    deny_unknown_fields
)]
pub struct PlansFile {
    #[schemars(schema_with = "version_schema")]
    pub format_version: u32,
    pub plans: Vec<Plan>,
    pub links: Vec<Link>,
}

fn generate<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaSettings::draft07().for_serialize().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or_default()
}

/// The JSON Schema of `measures.json` (an item is one measure's JSON).
pub fn measures_schema() -> serde_json::Value {
    generate::<MeasuresFile>()
}

/// The JSON Schema of `plans.json`.
pub fn plans_schema() -> serde_json::Value {
    generate::<PlansFile>()
}
