//! The records of a content folder, as typed values.
//!
//! These are the input's own shapes (SPEC §1): `load` builds them from YAML,
//! `validate` checks them against each other, `schema` derives the JSON
//! Schema from them, and `data/measures.json` serialises them back with the
//! input's field names. Positions are kept where a later stage may need to
//! point at a node.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::Pos;
use crate::period::{Date, Period};

/// A value with the position of its YAML node. Serialises and describes
/// itself (JSON Schema) as the bare value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Spanned<T> {
        Spanned { value, pos }
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(g)
    }
}

/// A small map from language code to a value, kept as a sorted list: a
/// site has a few languages, and every text of every record has one of
/// these (a B-tree map took a kilobyte each, most of a large site's memory).
#[derive(Debug, Clone, PartialEq)]
pub struct LangMap<V>(Vec<(String, V)>);

impl<V> Default for LangMap<V> {
    fn default() -> Self {
        LangMap(Vec::new())
    }
}

impl<V> LangMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(lang))
    }

    /// Sets the value for `lang`, replacing any.
    pub fn insert(&mut self, lang: String, value: V) {
        match self.find(&lang) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => {
                // One entry more at a time: the usual doubling would leave
                // most of every small map unused.
                self.0.reserve_exact(1);
                self.0.insert(i, (lang, value))
            }
        }
    }

    pub fn get(&self, lang: &str) -> Option<&V> {
        self.get_key_value(lang).map(|(_, v)| v)
    }

    pub fn get_key_value(&self, lang: &str) -> Option<(&String, &V)> {
        self.find(lang).ok().map(|i| (&self.0[i].0, &self.0[i].1))
    }

    pub fn contains_key(&self, lang: &str) -> bool {
        self.find(lang).is_ok()
    }

    /// Entries in language-code order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl<V: Serialize> Serialize for LangMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Human-readable text in one or more languages. A plain string in the
/// file is kept under the key of the site's default language.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(transparent)]
pub struct Text {
    pub by_lang: LangMap<String>,
    #[serde(skip)]
    pub pos: Pos,
    /// Positions of each language's entry (for warnings on a missing or unknown one).
    #[serde(skip)]
    pub lang_pos: LangMap<Pos>,
}

/// The fallback-language rule, the one for every text and page a site
/// shows: the version in `lang`, else the one in the site's default
/// language, else the first there is. Returns it with its language, so
/// that a page can mark a version in another language as not translated.
pub fn in_language<'a, T>(
    versions: impl IntoIterator<Item = (&'a str, T)>,
    lang: &str,
    default_lang: &str,
) -> Option<(&'a str, T)> {
    // Rank 0 is the page's language, 1 the default, 2 any other (the first kept).
    let mut best: Option<(u8, &'a str, T)> = None;
    for (l, v) in versions {
        let rank = if l == lang {
            0
        } else if l == default_lang {
            1
        } else {
            2
        };
        if best.as_ref().is_none_or(|(r, ..)| rank < *r) {
            best = Some((rank, l, v));
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, l, v)| (l, v))
}

impl Text {
    /// The text a page in `lang` shows ([`in_language`]), with the
    /// language it is in.
    pub fn get(&self, lang: &str, default_lang: &str) -> Option<(&str, &str)> {
        let versions = self.by_lang.iter().map(|(l, t)| (l.as_str(), t.as_str()));
        in_language(versions, lang, default_lang).map(|(l, t)| (t, l))
    }

    /// The text in exactly `lang`, without falling back (one column per
    /// language in the data files).
    pub fn exactly(&self, lang: &str) -> Option<&str> {
        self.by_lang.get(lang).map(String::as_str)
    }

    pub fn plain(lang: &str, text: &str) -> Text {
        let mut by_lang = LangMap::new();
        by_lang.insert(lang.to_string(), text.to_string());
        Text {
            by_lang,
            ..Text::default()
        }
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Text in the default language, or a map from language code to text: {zh: …, en: …}",
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": {"type": "string"},
                 "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}, "minProperties": 1}
            ]
        })
    }
}

/// A number as the content gives it: plain (`8.9`) or quoted (`"1.60"`), in
/// which case its digits are kept exactly on every output.
#[derive(Debug, Clone, PartialEq)]
pub struct Decimal {
    pub value: f64,
    /// The digits as written (`1.60`).
    pub literal: String,
    pub quoted: bool,
}

impl Decimal {
    /// Digits after the decimal point in the literal.
    pub fn scale(&self) -> usize {
        match self.literal.split_once('.') {
            Some((_, frac)) => frac.chars().take_while(|c| c.is_ascii_digit()).count(),
            None => 0,
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(&self.literal)
        } else if self.value.fract() == 0.0 && self.value.abs() < 9.0e15 {
            s.serialize_i64(self.value as i64)
        } else {
            s.serialize_f64(self.value)
        }
    }
}

impl JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number, or a quoted decimal string that keeps its digits (\"1.60\")",
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": "^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"}
            ]
        })
    }
}

// ---------------------------------------------------------------- site.yaml

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongkai site.yaml")]
pub struct SiteConfig {
    pub title: Text,
    pub publisher: Option<Text>,
    /// The first is the default language, published at the root.
    pub languages: Vec<Spanned<String>>,
    pub base_url: Spanned<String>,
    pub period: PlanPeriod,
    pub as_of: Spanned<Date>,
    pub source: Option<PlanSource>,
    /// Markdown.
    pub notice: Option<Text>,
    #[serde(default)]
    pub assessment_levels: Vec<AssessmentLevel>,
    pub theme: Option<Spanned<String>>,
    pub minify: Option<bool>,
    /// The licence of the data: in the footer and in `datapackage.json`.
    pub license: Option<License>,
    /// How to cite the data (plain text). Without it, measure pages cite
    /// the publisher, the title, the as-of date and the page's address.
    pub citation: Option<Text>,
    /// Where readers comment on a measure: a link on every measure page.
    pub feedback: Option<Feedback>,
    /// The plan's other years, linked in the footer.
    #[serde(default)]
    pub editions: Vec<Edition>,
    /// Lines at the foot of every page (网站标识码, ICP and 公安 filing numbers).
    #[serde(default)]
    pub footer: Vec<FooterLine>,
    /// The site identification code (网站标识码) the portal was given, for
    /// the `SiteIDCode` metadata of every page; absent unless given.
    pub site_code: Option<Spanned<String>>,
    /// The portal's domain (`www.example.gov.cn`), for the `SiteDomain`
    /// metadata; without it, the host of an absolute `base_url`.
    pub site_domain: Option<Spanned<String>>,
    /// With plans/: the plan this site published at its root before it
    /// held several. Its old addresses keep working (SPEC §10): a redirect
    /// page at each old page, a copy of each old file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from_root: Option<Spanned<String>>,
}

impl SiteConfig {
    pub fn default_language(&self) -> &str {
        self.languages
            .first()
            .map(|l| l.value.as_str())
            .unwrap_or("en")
    }

    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.value.as_str()).collect()
    }

    pub fn theme_name(&self) -> &str {
        self.theme
            .as_ref()
            .map(|t| t.value.as_str())
            .unwrap_or("default")
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanPeriod {
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Text,
    pub url: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
}

/// The plan document (site.yaml `source`): a [`Source`] with the lines of
/// its document block (索引号, 分类, 发布机构, 成文日期, 文号, 发布日期), each
/// only where the document gives it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSource {
    pub title: Text,
    pub url: Option<Spanned<String>>,
    /// The date readers see beside the title.
    pub date: Option<Spanned<Date>>,
    /// The document number (文号), e.g. 洞共富办〔2023〕1号.
    pub number: Option<Spanned<String>>,
    /// The body that issued it (发布机构).
    pub issuer: Option<Text>,
    /// The index number of the disclosure catalogue (索引号).
    pub index: Option<Spanned<String>>,
    /// The disclosure catalogue's class (分类).
    pub category: Option<Text>,
    /// The date it was signed (成文日期).
    pub signed: Option<Spanned<Date>>,
    /// The date it was published (发布日期).
    pub published: Option<Spanned<Date>>,
}

impl PlanSource {
    /// The document as a plain source (title, address, date).
    pub fn as_source(&self) -> Source {
        Source {
            title: self.title.clone(),
            url: self.url.clone(),
            date: self.date.clone(),
        }
    }
}

/// A licence: an SPDX identifier (`CC-BY-4.0`) or a title, and its address.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{"required": ["id"]}, {"required": ["title"]}]))]
pub struct License {
    /// An SPDX licence identifier, such as `CC-BY-4.0`.
    pub id: Option<Spanned<String>>,
    /// The licence's name, when it has no identifier (or to name it in words).
    pub title: Option<Text>,
    /// Where the licence is published (an absolute http, https or mailto address).
    pub url: Spanned<String>,
}

/// Where comments on a measure go: a web address or an e-mail address.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Feedback {
    /// A web address (absolute); `{collection}`, `{measure}`, `{lang}` and
    /// `{url}` in it are replaced, URL-encoded.
    Url(Spanned<String>),
    /// An e-mail address: the link becomes a `mailto:` with the measure in
    /// its subject and body.
    Email(Spanned<String>),
}

/// Another year's edition of the plan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub title: Text,
    /// The period the edition covers.
    pub period: Spanned<Period>,
    /// Its address (absolute).
    pub url: Spanned<String>,
}

/// A line at the foot of every page, linked when it has a `url`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FooterLine {
    /// Plain text; a language it lacks shows the default language's text,
    /// without a "not translated" mark (filing numbers are not translated).
    pub text: Text,
    /// Its address (absolute).
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentLevel {
    pub id: Spanned<String>,
    pub name: Text,
}

// ---------------------------------------------------------------- plan.yaml

/// `content/plans/<id>/plan.yaml` (SPEC §10): what a one-plan site says
/// about its plan in `site.yaml`, and the plan's place among the others.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongkai plan.yaml")]
pub struct PlanConfig {
    /// The folder's name: the plan's id and URL segment.
    #[serde(skip)]
    #[schemars(skip)]
    pub id: String,
    /// Path of `plan.yaml`, relative to the root.
    #[serde(skip)]
    #[schemars(skip)]
    pub path: String,
    pub title: Text,
    /// A word for readers: 工作要点, Programme …
    pub kind: Option<Text>,
    pub period: PlanPeriod,
    /// Default: site.yaml's.
    pub as_of: Option<Spanned<Date>>,
    pub source: Option<PlanSource>,
    /// Markdown: what readers should know about the plan as transcribed.
    pub notice: Option<Text>,
    /// The plan this one succeeds.
    pub follows: Option<Spanned<String>>,
    /// The programmes this plan implements.
    #[serde(default)]
    #[schemars(schema_with = "id_list_schema")]
    pub parent: Vec<Spanned<String>>,
    #[serde(default)]
    pub assessment_levels: Vec<AssessmentLevel>,
    /// What of the plan it follows it drops, with why.
    #[serde(default)]
    pub discontinued: Vec<Discontinued>,
}

/// A measure or indicator of the followed plan that a plan drops.
#[derive(Debug, Clone, Serialize)]
pub struct Discontinued {
    /// `<plan>/<collection>/<measure>` or, for an indicator, with `/<indicator>`.
    #[serde(rename = "measure")]
    pub target: Spanned<String>,
    /// Whether `target` names an indicator (written `indicator:`).
    #[serde(skip)]
    pub indicator: bool,
    /// Markdown: why.
    pub note: Option<Text>,
}

impl JsonSchema for Discontinued {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Discontinued".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let note = g.subschema_for::<Text>();
        let path = |n: usize| serde_json::json!({"type": "string", "pattern": format!("^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*){{{n}}}$")});
        schemars::json_schema!({
            "description": "A measure (`measure: <plan>/<collection>/<measure>`) or an indicator (`indicator: …/<indicator>`) of the plan followed that this plan drops, with why",
            "type": "object",
            "properties": {"measure": path(2), "indicator": path(3), "note": note},
            "additionalProperties": false,
            "oneOf": [{"required": ["measure"]}, {"required": ["indicator"]}]
        })
    }
}

/// How a measure or indicator relates to the one it continues; absent: the
/// same measure (SPEC §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Renamed,
    Rebased,
    Merged,
    Split,
    Moved,
    Replaced,
}

impl Change {
    pub const ALL: [(&'static str, Change); 6] = [
        ("renamed", Change::Renamed),
        ("rebased", Change::Rebased),
        ("merged", Change::Merged),
        ("split", Change::Split),
        ("moved", Change::Moved),
        ("replaced", Change::Replaced),
    ];

    pub fn as_str(self) -> &'static str {
        Change::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map(|(s, _)| *s)
            .unwrap_or("renamed")
    }

    /// Whether `change_note` must say why.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Change::Rebased | Change::Merged | Change::Split | Change::Replaced
        )
    }

    /// Whether the successor is drawn in the same series (all but `replaced`).
    pub fn same_series(self) -> bool {
        self != Change::Replaced
    }
}

/// `continues`, `change` and `change_note` of a measure or an indicator.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Lineage {
    /// The measures or indicators of earlier plans it continues
    /// (`<plan>/<collection>/<measure>[/<indicator>]`; several for a merge).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "path_list_schema")]
    pub continues: Vec<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Spanned<Change>>,
    /// Markdown; required for rebased, merged, split and replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_note: Option<Text>,
}

impl Lineage {
    pub fn is_empty(&self) -> bool {
        self.continues.is_empty() && self.change.is_none() && self.change_note.is_none()
    }
}

// --------------------------------------------------------------- units.yaml

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Spanned<String>>,
}

/// The schema of `units.yaml`: a list of units.
#[derive(JsonSchema)]
#[schemars(title = "gongkai units.yaml", transparent)]
pub struct UnitsFile(#[allow(dead_code)] pub Vec<Unit>);

// ---------------------------------------------------------- _collection.yaml

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongkai _collection.yaml")]
pub struct CollectionConfig {
    /// The folder name; not a field of the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub id: String,
    pub title: Text,
    /// Markdown.
    pub description: Option<Text>,
    pub order: Option<i64>,
    #[serde(default)]
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: Spanned<String>,
    pub title: Text,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

// ------------------------------------------------------------------ measures

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gongkai measure")]
pub struct Measure {
    /// Defaults to the file stem.
    #[serde(default)]
    pub id: Spanned<String>,
    /// The plan's own number (序号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub category: Option<Spanned<String>>,
    pub title: Text,
    /// Lead bodies (ids from units.yaml).
    #[serde(default)]
    #[schemars(schema_with = "id_list_schema")]
    pub lead: Vec<Spanned<String>>,
    /// Other responsible bodies.
    #[serde(default)]
    #[schemars(schema_with = "id_list_schema")]
    pub units: Vec<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Spanned<String>>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Markdown each.
    #[serde(default)]
    pub tasks: Vec<Text>,
    #[serde(default)]
    pub indicators: Vec<IndicatorEntry>,
    /// Only for a measure without indicators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Spanned<Status>>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_note: Option<Text>,
    /// Dated progress in words, at most one a day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update>,
    /// Dated steps, each done or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// What it continues in earlier plans (SPEC §10).
    #[serde(flatten)]
    pub lineage: Lineage,
}

impl Measure {
    /// A measure with only its id and title: no bodies, indicators or
    /// progress, every optional field empty (for examples and tests).
    pub fn new(id: Spanned<String>, title: Text) -> Measure {
        Measure {
            id,
            number: None,
            category: None,
            title,
            lead: vec![],
            units: vec![],
            assessment: None,
            summary: None,
            tasks: vec![],
            indicators: vec![],
            status: None,
            status_note: None,
            updates: vec![],
            milestones: vec![],
            lineage: Lineage::default(),
        }
    }
}

/// Progress in words on a measure, on a day.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub date: Spanned<Date>,
    /// Markdown.
    pub text: Text,
    /// A declared status: the latest update that has one sets the measure's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Spanned<Status>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// A dated step of a measure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Unique in the measure.
    pub id: Spanned<String>,
    pub title: Text,
    /// Due by the end of this period.
    pub due: Spanned<Period>,
    /// The day it was done; absent or null while not done.
    pub done: Option<Spanned<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Source>,
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

/// `lead: drc` or `lead: [drc, hrss]`.
fn id_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let id = serde_json::json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"});
    schemars::json_schema!({"anyOf": [id.clone(), {"type": "array", "items": id}]})
}

fn path_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let path = serde_json::json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*){2,3}$"});
    schemars::json_schema!({"anyOf": [path.clone(), {"type": "array", "items": path}]})
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum IndicatorEntry {
    Defined(Box<Indicator>),
    Ref(IndicatorRef),
}

/// The key an indicator is known by across the site, and what a `ref:`
/// names: `collection/measure/indicator`.
pub fn indicator_key(collection: &str, measure: &str, indicator: &str) -> String {
    format!("{collection}/{measure}/{indicator}")
}

/// The collection, measure and indicator of a key, if it has the three parts.
pub fn split_indicator_key(key: &str) -> Option<[&str; 3]> {
    let mut parts = key.split('/');
    let three = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(three)
}

/// The indicator's own id in a key (an id alone is its own).
pub fn indicator_id_of(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRef {
    /// `<collection>/<measure>/<indicator>`
    #[serde(rename = "ref")]
    pub target: Spanned<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub accumulation: Accumulation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// For direction `maintain` and op `~`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Bound>,
    /// Several targets, ordered by period, instead of `target` (never both).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Bound>,
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// Markdown: how to read the figures, ambiguities in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Markdown: what the indicator measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Text>,
    /// Markdown: how the figure is computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Text>,
    /// The body or survey that produces the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_source: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// When the next figure is expected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update: Option<Spanned<Date>>,
    /// What it continues in earlier plans (SPEC §10); its measure's
    /// `change` unless it sets its own.
    #[serde(flatten)]
    pub lineage: Lineage,
    /// The programme indicators it is a yearly step of
    /// (`<plan>/<collection>/<measure>/<indicator>`, in a plan of `parent`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "path_list_schema")]
    pub serves: Vec<Spanned<String>>,
}

impl Indicator {
    /// An indicator with only its id and name: increasing, a level, no
    /// figures, every optional field empty (for examples and tests).
    pub fn new(id: Spanned<String>, name: Text) -> Indicator {
        Indicator {
            id,
            name,
            unit: None,
            direction: Direction::Increase,
            accumulation: Accumulation::Level,
            decimals: None,
            tolerance: None,
            baseline: None,
            target: None,
            targets: vec![],
            progress: vec![],
            note: None,
            definition: None,
            method: None,
            data_source: None,
            frequency: None,
            next_update: None,
            lineage: Lineage::default(),
            serves: Vec::new(),
        }
    }

    /// Every target, in period order: `targets`, or the one `target`.
    pub fn all_targets(&self) -> &[Bound] {
        match &self.target {
            Some(t) => std::slice::from_ref(t),
            None => &self.targets,
        }
    }
}

/// How often an indicator's figure is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Annual,
    HalfYearly,
    Quarterly,
    Monthly,
    Irregular,
}

impl Frequency {
    pub const ALL: [(&'static str, Frequency); 5] = [
        ("annual", Frequency::Annual),
        ("half-yearly", Frequency::HalfYearly),
        ("quarterly", Frequency::Quarterly),
        ("monthly", Frequency::Monthly),
        ("irregular", Frequency::Irregular),
    ];

    pub fn as_str(self) -> &'static str {
        keyword_name(&Frequency::ALL, self)
    }
}

/// What a value is, when it is not a plain final figure (预计, 初步, 修订,
/// 替代指标, 口径调整).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    Estimated,
    Provisional,
    Revised,
    Proxy,
    Break,
}

impl Flag {
    pub const ALL: [(&'static str, Flag); 5] = [
        ("estimated", Flag::Estimated),
        ("provisional", Flag::Provisional),
        ("revised", Flag::Revised),
        ("proxy", Flag::Proxy),
        ("break", Flag::Break),
    ];

    pub fn as_str(self) -> &'static str {
        keyword_name(&Flag::ALL, self)
    }
}

/// The name of a keyword in a table of `(name, value)`.
fn keyword_name<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(s, _)| *s)
        .unwrap_or("")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
    Maintain,
    None,
}

impl Direction {
    pub const ALL: [(&'static str, Direction); 4] = [
        ("increase", Direction::Increase),
        ("decrease", Direction::Decrease),
        ("maintain", Direction::Maintain),
        ("none", Direction::None),
    ];

    pub fn as_str(self) -> &'static str {
        Direction::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map(|(s, _)| *s)
            .unwrap_or("none")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Accumulation {
    /// A rate or a stock.
    #[default]
    Level,
    /// Counts up within the period.
    Cumulative,
}

impl Accumulation {
    pub const ALL: [(&'static str, Accumulation); 2] = [
        ("level", Accumulation::Level),
        ("cumulative", Accumulation::Cumulative),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Accumulation::Level => "level",
            Accumulation::Cumulative => "cumulative",
        }
    }
}

/// A comparator in a baseline or target: `≥90`, `80左右` (about 80).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "~")]
    About,
}

impl Op {
    pub const ALL: [(&'static str, Op); 6] = [
        (">=", Op::Ge),
        (">", Op::Gt),
        ("<=", Op::Le),
        ("<", Op::Lt),
        ("=", Op::Eq),
        ("~", Op::About),
    ];

    pub fn as_str(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(s, _)| *s)
            .unwrap_or("=")
    }

    /// How the comparator reads on a page: `≥`, `>`, `≤`, `<`, `=`, `≈`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::About => "≈",
        }
    }
}

/// An indicator's or a measure's status (SPEC §2), as content declares it
/// (`status:`) and as `status` computes it. Ordered from worst to best, so
/// that `min` is the worst-of rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Missed,
    AtRisk,
    NotReported,
    NotAssessed,
    OnTrack,
    Achieved,
}

impl Status {
    /// In display order: best first, as a reader scans a summary.
    pub const ALL: [Status; 6] = [
        Status::Achieved,
        Status::OnTrack,
        Status::AtRisk,
        Status::Missed,
        Status::NotAssessed,
        Status::NotReported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Missed => "missed",
            Status::AtRisk => "at-risk",
            Status::NotReported => "not-reported",
            Status::NotAssessed => "not-assessed",
            Status::OnTrack => "on-track",
            Status::Achieved => "achieved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A baseline or a target.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub period: Spanned<Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    /// `null` (or absent) with a `text` when there is no figure.
    pub value: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Spanned<Flag>>,
    /// Markdown; required with `flag: revised` (what changed and why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub period: Spanned<Period>,
    pub value: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// A declared status (for a qualitative target, or to override).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Spanned<Status>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Spanned<Flag>>,
    #[serde(skip)]
    #[schemars(skip)]
    pub pos: Pos,
}

// ------------------------------------------------------------ pages/*.md

/// The front matter of a Markdown page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    pub order: Option<i64>,
    pub in_nav: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub lang: String,
    pub path: String,
    pub front: PageFrontMatter,
    pub body: String,
}

/// Everything read from a content folder, before cross-record validation.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub site: Option<SiteConfig>,
    pub units: Vec<Unit>,
    /// A one-plan site's collections (empty when the site has `plans/`).
    pub collections: Vec<Collection>,
    pub pages: Vec<Page>,
    /// The plans under `content/plans/`, in folder order (SPEC §10); empty
    /// for a one-plan site.
    pub plans: Vec<PlanContent>,
}

/// One folder of `content/plans/`: its `plan.yaml` and its collections.
#[derive(Debug, Clone, Default)]
pub struct PlanContent {
    /// The folder's name.
    pub id: String,
    /// `None` when `plan.yaml` is missing or broken (reported).
    pub config: Option<PlanConfig>,
    pub collections: Vec<Collection>,
    /// Its own Markdown pages (`plans/<id>/pages/`), shown in its pages
    /// beside the shared ones; one of the same slug takes a shared one's place.
    pub pages: Vec<Page>,
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub config: CollectionConfig,
    /// Path of `_collection.yaml`, relative to the root.
    pub path: String,
    pub measures: Vec<MeasureFile>,
}

/// A measure with the file it came from (shown on its page as the source record).
///
/// The measure and its text are shared: `serve` keeps the last build's
/// site and the decoded files it reuses while it loads the next, and a
/// clone of a measure that did not change must not copy it.
#[derive(Debug, Clone)]
pub struct MeasureFile {
    pub measure: Arc<Measure>,
    pub path: String,
    pub source: Arc<str>,
}

/// Records for the unit tests of later stages.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn dec(v: f64) -> Decimal {
        Decimal {
            value: v,
            literal: crate::yaml::format_f64(v),
            quoted: false,
        }
    }

    /// A baseline or target; without a value, it has a text.
    pub fn bound(period: &str, op: Option<Op>, value: Option<f64>) -> Bound {
        Bound {
            period: Spanned::new(Period::parse(period).unwrap(), Pos::START),
            op,
            value: value.map(dec),
            text: value
                .is_none()
                .then(|| Text::plain("en", "Steady increase")),
            flag: None,
            note: None,
            pos: Pos::START,
        }
    }

    /// An indicator with a name, no figures and every optional field empty.
    pub fn indicator(id: &str) -> Indicator {
        Indicator::new(Spanned::new(id.into(), Pos::START), Text::plain("en", "X"))
    }

    /// A number, its digits as written.
    pub fn decimal(s: &str) -> Decimal {
        Decimal {
            value: s.parse().unwrap(),
            literal: s.to_string(),
            quoted: false,
        }
    }

    /// A figure for a period, its digits as written.
    pub fn figure(period: &str, value: &str) -> Progress {
        Progress {
            period: Spanned::new(Period::parse(period).unwrap(), Pos::START),
            value: Some(decimal(value)),
            text: None,
            note: None,
            source: None,
            status: None,
            flag: None,
            pos: Pos::START,
        }
    }

    pub fn entry(period: &str, value: Option<f64>, status: Option<Status>) -> Progress {
        Progress {
            period: Spanned::new(Period::parse(period).unwrap(), Pos::START),
            value: value.map(dec),
            text: None,
            note: None,
            source: None,
            status: status.map(|s| Spanned::new(s, Pos::START)),
            flag: None,
            pos: Pos::START,
        }
    }
}

/// A measure, as the owner of files: its plan (on a site with several),
/// collection and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeasureKey {
    pub plan: Option<String>,
    pub collection: String,
    pub measure: String,
}

impl std::fmt::Display for MeasureKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(plan) = &self.plan {
            write!(f, "{plan}/")?;
        }
        write!(f, "{}/{}", self.collection, self.measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_falls_back_to_the_default_language_then_to_any() {
        let mut t = Text::plain("zh", "托育");
        t.by_lang.insert("en".into(), "Childcare".into());
        assert_eq!(t.get("en", "zh"), Some(("Childcare", "en")));
        assert_eq!(t.get("fr", "zh"), Some(("托育", "zh")));
        let only_fr = Text::plain("fr", "Garde");
        assert_eq!(only_fr.get("en", "zh"), Some(("Garde", "fr")));
        assert_eq!(Text::default().get("en", "zh"), None);
        assert_eq!(t.exactly("fr"), None);
    }

    #[test]
    fn the_first_version_is_kept_when_neither_language_has_one() {
        let versions = [("de", 1), ("fr", 2), ("zh", 3), ("en", 4)];
        assert_eq!(in_language(versions, "en", "zh"), Some(("en", 4)));
        assert_eq!(in_language(versions, "ja", "zh"), Some(("zh", 3)));
        assert_eq!(in_language(versions, "ja", "ko"), Some(("de", 1)));
    }

    #[test]
    fn indicator_keys() {
        let key = indicator_key("works", "childcare", "places");
        assert_eq!(key, "works/childcare/places");
        assert_eq!(
            split_indicator_key(&key),
            Some(["works", "childcare", "places"])
        );
        assert_eq!(split_indicator_key("works/childcare"), None);
        assert_eq!(split_indicator_key("a/b/c/d"), None);
        assert_eq!(indicator_id_of(&key), "places");
        assert_eq!(indicator_id_of("places"), "places");
    }
}
