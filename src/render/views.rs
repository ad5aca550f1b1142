//! Template-facing values: each record turned, once per language, into
//! what the templates lay out. All text is already escaped here (`*_html`
//! fields, printed with `| safe`) or plain (printed escaped by Tera); all
//! URLs are root-relative paths that templates print behind `{{ root }}`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::*;
use crate::render::i18n::Strings;
use crate::render::markdown::{self, escape};
use crate::render::{chart, urls};
use crate::site::{IndicatorInfo, ListedIndicator, Site};
use crate::status;

/// Text for one language, with the fallback made visible.
pub struct Localizer<'a> {
    pub lang: &'a str,
    pub default_lang: &'a str,
    pub s: &'a Strings,
    pub prefix: String,
    /// Whether HTML made outside the templates (Markdown, charts) is
    /// written minified, as pages from templates minified ahead take it.
    pub minify: bool,
}

#[derive(Serialize, JsonSchema, Clone, Debug, Default)]
pub struct TextView {
    /// Escaped; wrapped in `<span lang>` with a "not translated" mark when the
    /// text is in another language than the page.
    pub html: String,
    /// Unescaped, for attributes and `<title>` (Tera escapes it).
    pub plain: String,
}

impl<'a> Localizer<'a> {
    pub fn new(lang: &'a str, default_lang: &'a str, s: &'a Strings) -> Localizer<'a> {
        Localizer {
            lang,
            default_lang,
            s,
            prefix: urls::lang_prefix(lang, default_lang),
            minify: false,
        }
    }

    /// HTML made outside the templates, minified when the site is.
    pub fn fragment(&self, html: String) -> String {
        if self.minify {
            crate::output::minify_fragment(&html)
        } else {
            html
        }
    }

    /// Markup written here rather than in a template (charts, the marks of
    /// text in another language) as pages take it: when the site is
    /// minified, its attribute values bare where the minifier would write
    /// them bare, as pages minified ahead are not read again for that
    /// ([`crate::html::settle_values`]).
    pub fn markup(&self, html: String) -> String {
        if self.minify {
            String::from_utf8(crate::html::unquote_attributes(html.as_bytes()))
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        } else {
            html
        }
    }

    /// A chart's drawings, as pages take them (see [`Self::markup`]).
    pub fn chart(&self, drawn: chart::IndicatorChart) -> chart::IndicatorChart {
        chart::IndicatorChart {
            wide: self.markup(drawn.wide),
            narrow: self.markup(drawn.narrow),
        }
    }

    /// The text to show, and its language when that is not the page's.
    fn pick<'t>(&self, t: &'t Text) -> (&'t str, Option<&'t str>) {
        match t.get(self.lang, self.default_lang) {
            Some((text, used)) if used == self.lang => (text, None),
            Some((text, used)) => (text, Some(used)),
            None => ("", None),
        }
    }

    fn untranslated(&self) -> String {
        format!(
            " <span class=\"untranslated\">({})</span>",
            escape(&self.s.get("site.untranslated"))
        )
    }

    pub fn text(&self, t: &Text) -> TextView {
        let (text, fallback) = self.pick(t);
        let html = match fallback {
            None => escape(text),
            Some(lang) => self.markup(format!(
                "<span lang=\"{}\">{}</span>{}",
                escape(lang),
                escape(text),
                self.untranslated()
            )),
        };
        TextView {
            html,
            plain: text.to_string(),
        }
    }

    pub fn opt_text(&self, t: &Option<Text>) -> Option<TextView> {
        t.as_ref().map(|t| self.text(t))
    }

    /// Markdown, as a block.
    pub fn markdown(&self, t: &Text) -> String {
        let (text, fallback) = self.pick(t);
        let html = self.fragment(markdown::to_html(text));
        match fallback {
            None => html,
            Some(lang) => self.markup(format!(
                "<div lang=\"{}\">{html}</div><p>{}</p>",
                escape(lang),
                self.untranslated().trim()
            )),
        }
    }

    /// Markdown of one paragraph, inline.
    pub fn markdown_inline(&self, t: &Text) -> String {
        let (text, fallback) = self.pick(t);
        let html = self.fragment(markdown::to_inline_html(text));
        match fallback {
            None => html,
            Some(lang) => self.markup(format!(
                "<span lang=\"{}\">{html}</span>{}",
                escape(lang),
                self.untranslated()
            )),
        }
    }

    pub fn status(&self, st: Status) -> StatusView {
        StatusView {
            id: st.as_str(),
            label: self.s.status(st),
            symbol: symbol(st),
            url: urls::status(&self.prefix, st),
        }
    }
}

/// Status is always given by a word and a symbol, never by colour alone.
pub fn symbol(st: Status) -> &'static str {
    match st {
        Status::Achieved => "✓",
        Status::OnTrack => "→",
        Status::AtRisk => "!",
        Status::Missed => "✗",
        Status::NotReported => "–",
        Status::NotAssessed => "?",
    }
}

#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct StatusView {
    pub id: &'static str,
    pub label: String,
    pub symbol: &'static str,
    pub url: String,
}

#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct LinkView {
    pub html: String,
    pub plain: String,
    pub url: String,
}

/// One indicator in a table row: baseline → latest → target.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct IndicatorCell {
    pub name: TextView,
    pub baseline: String,
    /// The latest figure with its period; a figure for part of the target
    /// period also with the figure due by then ("41,250 (Jan–Sep 2023;
    /// 40,147 due by then)"), so that it is never read against the
    /// full-period baseline as a fall.
    pub latest: String,
    pub target: String,
    pub unit: String,
    pub status: StatusView,
}

/// A [`MeasureRow`] with its value for templates, made the first time a
/// table or report lists it and shared by the others: each row is listed on
/// five or more such pages of a language, and on a large site those are the
/// largest pages, whose contexts would otherwise hold a copy of every row
/// each. Serialized into a template's context, a row is its shared value.
/// The values are let go ([`Row::forget`]) once the language's lists are
/// written: at 20,000 measures they take some 180 MB a language. Unit pages
/// convert their own rows: they are written with the searchable pages,
/// beside the growing search index, and every row's value kept then would
/// take a 20,000-measure build past 1 GiB.
#[derive(Debug)]
pub struct Row {
    row: MeasureRow,
    value: std::sync::Mutex<Option<tera::Value>>,
}

impl Row {
    pub fn new(row: MeasureRow) -> Row {
        Row {
            row,
            value: std::sync::Mutex::new(None),
        }
    }

    /// The row as its templates read it (a handle on the shared value).
    pub fn value(&self) -> tera::Value {
        let mut value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        value
            .get_or_insert_with(|| tera::Value::from_serializable(&self.row))
            .clone()
    }

    /// Lets the shared value go; the next page to list the row makes it again.
    pub fn forget(&self) {
        *self.value.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether the shared value is made and kept.
    #[cfg(test)]
    pub fn kept(&self) -> bool {
        self.value.lock().is_ok_and(|v| v.is_some())
    }
}

impl std::ops::Deref for Row {
    type Target = MeasureRow;

    fn deref(&self) -> &MeasureRow {
        &self.row
    }
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

/// A measure as listed in tables (collection index, status, unit and
/// category pages); built once per language and shared.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct MeasureRow {
    pub collection: String,
    pub collection_title: String,
    pub id: String,
    pub number: Option<u32>,
    pub title: TextView,
    pub url: String,
    pub category: Option<LinkView>,
    pub category_id: String,
    pub lead: Vec<LinkView>,
    pub unit_ids: Vec<String>,
    pub indicators: Vec<IndicatorCell>,
    pub status: StatusView,
    /// "1 of 3 indicators reported", when not all of its indicators have
    /// (its status is the worst of those that have).
    pub reported: Option<String>,
    /// Lowercase text for the client-side filter.
    pub search_text: String,
}

/// How a baseline or target reads: `≥90 %`, `稳步提升`, `暂无`.
pub fn bound_text(l: &Localizer, b: Option<&Bound>) -> String {
    let Some(b) = b else { return String::new() };
    match (&b.value, &b.text) {
        (Some(v), _) => {
            let op =
                b.op.filter(|o| *o != Op::Eq)
                    .map(|o| o.symbol())
                    .unwrap_or("");
            format!("{op}{}", l.s.literal(&v.literal))
        }
        (None, Some(t)) => l.text(t).plain,
        (None, None) => String::new(),
    }
}

/// The latest entry of an indicator ([`status::latest_entry`]): its value
/// (or text) with its period, its flag in words, and for a figure for part
/// of the target period the figure due by then (`assessment.expected`).
pub fn latest_text(l: &Localizer, ind: &Indicator, assessment: &status::Assessment) -> String {
    let Some(latest) = status::latest_entry(&ind.progress) else {
        return String::new();
    };
    let mut when = l.s.period(latest.period.value);
    if let Some(f) = &latest.flag {
        when = format!(
            "{when}{}{}",
            l.s.get("list_separator"),
            l.flag(f.value).label
        );
    }
    if let (Some(_), Some(expected)) = (&latest.value, assessment.expected) {
        let expected = [("expected", l.s.figure(expected))];
        let due = match ind.accumulation {
            Accumulation::Cumulative => l.s.fill("table.expected_share", &expected),
            Accumulation::Level => l.s.fill("table.expected_path", &expected),
        };
        when = format!("{when}{}{due}", l.s.get("table.latest_separator"));
    }
    match (&latest.value, &latest.text) {
        (Some(v), _) => format!("{} ({when})", l.s.literal(&v.literal)),
        (None, Some(t)) => format!("{} ({when})", l.text(t).plain),
        (None, None) => when,
    }
}

/// An em dash where a table cell has nothing to show.
fn or_dash(s: String) -> String {
    if s.is_empty() {
        "—".to_string()
    } else {
        s
    }
}

pub fn unit_text(l: &Localizer, ind: &Indicator) -> String {
    ind.unit
        .as_ref()
        .map(|u| l.text(u).plain)
        .unwrap_or_default()
}

pub fn measure_row(site: &Site, l: &Localizer, ci: usize, mi: usize) -> MeasureRow {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let category = m
        .category
        .as_ref()
        .and_then(|cat| c.config.categories.iter().find(|k| k.id.value == cat.value));
    let title = l.text(&m.title);
    let lead: Vec<LinkView> = m
        .lead
        .iter()
        .filter_map(|u| site.unit(&u.value))
        .map(|u| unit_link(l, u))
        .collect();
    let indicators: Vec<IndicatorCell> = site
        .listed_indicators(ci, mi)
        .iter()
        .map(|li| IndicatorCell {
            name: l.text(&li.indicator.name),
            baseline: or_dash(bound_text(l, li.indicator.baseline.as_ref())),
            latest: or_dash(latest_text(l, li.indicator, &li.info.assessment)),
            target: or_dash(bound_text(
                l,
                status::current_target(li.indicator, site.config.as_of.value)
                    .map(|i| &li.indicator.all_targets()[i]),
            )),
            unit: unit_text(l, li.indicator),
            status: l.status(li.info.assessment.status),
        })
        .collect();
    let mut search_text = vec![title.plain.clone()];
    search_text.extend(indicators.iter().map(|i| i.name.plain.clone()));
    search_text.extend(lead.iter().map(|u| u.plain.clone()));
    MeasureRow {
        collection: c.config.id.clone(),
        collection_title: l.text(&c.config.title).plain,
        id: m.id.value.clone(),
        number: m.number,
        title,
        url: urls::measure(&l.prefix, &c.config.id, &m.id.value),
        category: category.map(|k| {
            let t = l.text(&k.title);
            LinkView {
                html: t.html,
                plain: t.plain,
                url: urls::category(&l.prefix, &c.config.id, &k.id.value),
            }
        }),
        category_id: category.map(|k| k.id.value.clone()).unwrap_or_default(),
        lead,
        unit_ids: m
            .lead
            .iter()
            .chain(&m.units)
            .map(|u| u.value.clone())
            .collect(),
        indicators,
        status: l.status(site.measure_assessment[ci][mi].status),
        reported: reported_text(l, site.measure_assessment[ci][mi].indicators)
            .filter(|_| !site.measure_assessment[ci][mi].indicators.all()),
        search_text: super::search::lowercase(&search_text.join(" ")),
    }
}

/// "2 of 3 indicators reported", for a measure with indicators.
pub fn reported_text(l: &Localizer, r: status::measure::Reported) -> Option<String> {
    let counts = [
        ("reported", r.reported.to_string()),
        ("total", r.total.to_string()),
    ];
    match r.total {
        0 => None,
        1 => Some(l.s.fill("measure.indicators_reported_one", &counts)),
        _ => Some(l.s.fill("measure.indicators_reported", &counts)),
    }
}

pub fn unit_link(l: &Localizer, u: &Unit) -> LinkView {
    let t = l.text(&u.name);
    LinkView {
        html: t.html,
        plain: t.plain,
        url: urls::unit(&l.prefix, &u.id.value),
    }
}

/// One row of an indicator's figures table.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct FigureRow {
    /// Baseline, progress or target, in words.
    pub kind: String,
    /// `baseline`, `progress` or `target`.
    pub kind_id: &'static str,
    pub period: String,
    pub value: String,
    /// What the value is when it is not a plain final figure (estimated,
    /// revised…), in words.
    pub flag: Option<FlagView>,
    pub note_html: String,
    pub source: Option<SourceView>,
    pub status: Option<StatusView>,
    /// On a plan of a site with several: a figure whose source is dated
    /// after the plan's period ended, with that date in words.
    pub late: Option<String>,
}

/// A flag on a value, in words.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct FlagView {
    /// `estimated`, `provisional`, `revised`, `proxy` or `break`.
    pub id: &'static str,
    pub label: String,
    /// What the flag means, for the legend.
    pub meaning: String,
}

impl Localizer<'_> {
    pub fn flag(&self, f: Flag) -> FlagView {
        FlagView {
            id: f.as_str(),
            label: self.s.get(&format!("measure.flag_{}", f.as_str())),
            meaning: self.s.get(&format!("measure.flag_meaning_{}", f.as_str())),
        }
    }
}

/// One of several targets with its outcome.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct TargetView {
    pub period: String,
    pub value: String,
    /// `met`, `not-met`, `not-reported` or `upcoming`.
    pub outcome_id: &'static str,
    pub outcome: String,
    /// Whether the status is computed against this one.
    pub current: bool,
}

/// "About this indicator": its metadata, where given.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct AboutView {
    pub definition_html: Option<String>,
    pub method_html: Option<String>,
    pub data_source: Option<TextView>,
    pub frequency: Option<String>,
    pub next_update: Option<String>,
}

#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct SourceView {
    pub title: TextView,
    pub url: Option<String>,
    pub date: Option<String>,
}

pub fn source_view(l: &Localizer, s: &Source) -> SourceView {
    SourceView {
        title: l.text(&s.title),
        url: s.url.as_ref().map(|u| u.value.clone()),
        date: s.date.as_ref().map(|d| l.s.date(d.value)),
    }
}

/// An indicator in full, as the measure page shows it.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct IndicatorView {
    pub anchor: String,
    /// Every target with its outcome, when there are several (else empty).
    pub targets: Vec<TargetView>,
    /// The indicator's metadata, when it has some.
    pub about: Option<AboutView>,
    pub name: TextView,
    pub unit: String,
    pub direction: String,
    pub tolerance: Option<String>,
    pub status: StatusView,
    pub reason: String,
    pub declared: bool,
    pub declared_label: Option<String>,
    pub computed: Option<StatusView>,
    pub computed_label: Option<String>,
    /// The chart drawn for wide pages (SVG, print with `| safe`).
    pub chart: Option<String>,
    /// The same chart drawn for a phone's width (the page's CSS shows one
    /// of the two).
    pub chart_narrow: Option<String>,
    /// The chart as a standalone SVG file, root-relative.
    pub chart_file: Option<String>,
    pub figures: Vec<FigureRow>,
    pub note_html: Option<String>,
    /// Set when this measure lists the indicator by reference.
    pub defined_in: Option<LinkView>,
    pub also_used: Vec<LinkView>,
    /// On a site with several plans (SPEC §10): what it continues, what
    /// continues it, and its series plan by plan (set by the measure page).
    pub lineage: Option<crate::render::pages::lineage::IndicatorLineage>,
}

/// Indicator `index` of measure `ci`/`mi`, with its chart drawn once for
/// the pages and for its file: the view, and the chart file's SVG (at
/// `chart_file`).
pub fn indicator_view(
    site: &Site,
    l: &Localizer,
    li: &ListedIndicator,
    ci: usize,
    mi: usize,
    index: usize,
) -> (IndicatorView, Option<String>) {
    let ind = li.indicator;
    let a = &li.info.assessment;
    let anchor = urls::indicator_anchor(&ind.id.value);
    let name = l.text(&ind.name);
    let unit = unit_text(l, ind);
    let chart_id = format!("chart-{index}");
    let mut figures = Vec::new();
    let as_of = site.config.as_of.value;
    let targets = ind.all_targets();
    let outcomes = status::target_outcomes(ind, as_of);
    let current = status::current_target(ind, as_of);
    let outcome_words = |i: usize| {
        outcomes.get(i).map(|o| {
            (
                o.as_str(),
                l.s.get(&format!("measure.outcome_{}", o.as_str())),
            )
        })
    };
    let fig = |kind: &str, kind_id: &'static str, b: &Bound, outcome: Option<(&str, String)>| {
        let mut note_html = inline_note(l, &b.note);
        if let Some((_, words)) = outcome {
            let label = escape(&format!("{}: {words}", l.s.get("measure.target_outcome")));
            note_html = if note_html.is_empty() {
                label
            } else {
                format!("{label} · {note_html}")
            };
        }
        FigureRow {
            kind: l.s.get(&format!("measure.{kind}")),
            kind_id,
            period: l.s.period(b.period.value),
            value: or_dash(bound_text(l, Some(b))),
            flag: b.flag.as_ref().map(|f| l.flag(f.value)),
            note_html,
            source: None,
            status: None,
            late: None,
        }
    };
    if let Some(b) = &ind.baseline {
        figures.push(fig("kind_baseline", "baseline", b, None));
    }
    for p in status::chronological(&ind.progress) {
        let value = match (&p.value, &p.text) {
            (Some(v), _) => l.s.literal(&v.literal),
            (None, Some(t)) => l.text(t).plain,
            (None, None) => String::new(),
        };
        figures.push(FigureRow {
            kind: l.s.get("measure.kind_progress"),
            kind_id: "progress",
            period: l.s.period(p.period.value),
            value: or_dash(value),
            flag: p.flag.as_ref().map(|f| l.flag(f.value)),
            note_html: inline_note(l, &p.note),
            source: p.source.as_ref().map(|s| source_view(l, s)),
            status: p.status.as_ref().map(|s| l.status(s.value)),
            late: late_figure(site, l, p),
        });
    }
    let several = targets.len() > 1;
    for (i, t) in targets.iter().enumerate() {
        figures.push(fig(
            "kind_target",
            "target",
            t,
            outcome_words(i).filter(|_| several),
        ));
    }
    let target_views = if several {
        targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let (id, words) = outcome_words(i).unwrap_or(("upcoming", String::new()));
                TargetView {
                    period: l.s.period(t.period.value),
                    value: or_dash(bound_text(l, Some(t))),
                    outcome_id: id,
                    outcome: words,
                    current: current == Some(i),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let about = AboutView {
        definition_html: ind.definition.as_ref().map(|t| l.markdown(t)),
        method_html: ind.method.as_ref().map(|t| l.markdown(t)),
        data_source: l.opt_text(&ind.data_source),
        frequency: ind
            .frequency
            .map(|f| l.s.get(&format!("measure.frequency_{}", f.as_str()))),
        next_update: ind.next_update.as_ref().map(|d| l.s.date(d.value)),
    };
    let has_about = about.definition_html.is_some()
        || about.method_html.is_some()
        || about.data_source.is_some()
        || about.frequency.is_some()
        || about.next_update.is_some();
    let (ci0, mi0, _) = li.info.at;
    let defined_in = li.via_ref.then(|| measure_link(site, l, ci0, mi0));
    let also_used = li
        .info
        .used_in
        .iter()
        .filter(|(c, m)| (*c, *m) != (ci, mi) && (*c, *m) != (ci0, mi0))
        .map(|(c, m)| measure_link(site, l, *c, *m))
        .collect();
    let drawn = chart::indicator_chart_and_file(ind, l.s, &chart_id, &name.plain);
    let c = &site.collections[ci];
    let chart_file = drawn.as_ref().map(|_| {
        urls::chart_file(
            &l.prefix,
            &c.config.id,
            &c.measures[mi].measure.id.value,
            &ind.id.value,
        )
    });
    let (drawn, file_svg) = drawn.unzip();
    let (chart, chart_narrow) = drawn
        .map(|d| l.chart(d))
        .map(|d| (d.wide, d.narrow))
        .unzip();
    let view = IndicatorView {
        anchor,
        targets: target_views,
        about: has_about.then_some(about),
        chart,
        chart_narrow,
        chart_file,
        name,
        direction: l
            .s
            .get(&format!("measure.direction_{}", ind.direction.as_str())),
        tolerance: ind.tolerance.as_ref().map(|t| {
            l.s.fill("measure.tolerance", &[("value", l.s.literal(&t.literal))])
        }),
        status: l.status(a.status),
        reason: l.s.reason(&a.reason, &unit),
        declared: a.declared,
        declared_label: a.declared.then(|| {
            l.s.fill("measure.declared", &[("status", l.s.status(a.status))])
        }),
        computed: a.computed.map(|c| l.status(c)),
        computed_label: a
            .computed
            .map(|c| l.s.fill("measure.computed", &[("status", l.s.status(c))])),
        unit,
        figures,
        note_html: ind.note.as_ref().map(|n| l.markdown(n)),
        defined_in,
        also_used,
        lineage: None,
    };
    (view, file_svg)
}

/// On a plan of a site with several (SPEC §10): for a figure whose source
/// is dated after the plan's period, that date in words.
fn late_figure(site: &Site, l: &Localizer, p: &Progress) -> Option<String> {
    site.plan.as_ref()?;
    let date = p.source.as_ref()?.date.as_ref()?.value;
    (date > site.config.period.end.value)
        .then(|| l.s.fill("lineage.late_figure", &[("date", l.s.date(date))]))
}

pub fn measure_link(site: &Site, l: &Localizer, ci: usize, mi: usize) -> LinkView {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let collection = l.text(&c.config.title);
    let title = l.text(&m.title);
    let number = m.number.map(|n| format!(" {n}")).unwrap_or_default();
    LinkView {
        html: format!("{}{} · {}", collection.html, escape(&number), title.html),
        plain: format!("{}{} · {}", collection.plain, number, title.plain),
        url: urls::measure(&l.prefix, &c.config.id, &m.id.value),
    }
}

/// Counts of each status, in display order, with links to the status pages.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
}

pub fn status_counts(
    l: &Localizer,
    statuses: impl IntoIterator<Item = Status>,
) -> Vec<StatusCount> {
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    for s in statuses {
        *counts.entry(s).or_default() += 1;
    }
    Status::ALL
        .iter()
        .map(|s| StatusCount {
            status: l.status(*s),
            count: counts.get(s).copied().unwrap_or(0),
        })
        .collect()
}

pub fn status_bar(l: &Localizer, counts: &[StatusCount], id: &str, title: &str) -> String {
    let pairs: Vec<(Status, usize)> = counts
        .iter()
        .filter_map(|c| Some((Status::parse(c.status.id)?, c.count)))
        .collect();
    l.markup(chart::status_bar(&pairs, l.s, id, title))
}

/// A progress entry or an update on a measure, as the updates pages, the
/// dashboard and the feeds list it.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct UpdateView {
    /// `progress` (an indicator's progress entry) or `update` (an update
    /// on the measure, in words).
    pub kind: &'static str,
    pub measure: LinkView,
    /// The indicator's name (empty for an update).
    pub indicator: TextView,
    /// The anchor on the measure page: the indicator's, or the update's.
    pub anchor: String,
    /// The period in words; an update's date.
    pub period: String,
    /// The period or date as data write it (`2024-Q3`, `2024-09-30`).
    pub period_key: String,
    /// The value with its unit (empty for an update).
    pub value: String,
    /// A progress entry's note, inline HTML.
    pub note_html: String,
    /// An update's text (Markdown), as block HTML.
    pub text_html: String,
    pub source: Option<SourceView>,
    /// A progress entry: the indicator's status now.
    pub status: Option<StatusView>,
    /// An update: the status it declares, if any.
    pub declared: Option<StatusView>,
}

/// What an entry of the updates list is.
#[derive(Clone, Copy)]
pub enum UpdateItem<'a> {
    /// Progress entry `entry` of the indicator defined at `info.at`.
    Progress {
        info: &'a IndicatorInfo,
        entry: usize,
    },
    /// Update `update` of measure `mi` of collection `ci`.
    Measure { ci: usize, mi: usize, update: usize },
}

/// One entry of the updates list, by where it is: the list is kept as
/// these and made into views a page at a time (all of them as views would
/// be the largest thing in memory on a large site).
#[derive(Clone, Copy)]
pub struct UpdateRef<'a> {
    pub item: UpdateItem<'a>,
    /// When it is dated: a progress entry's period end, an update's date.
    pub end: crate::period::Date,
}

/// What orders entries of the same day: collection, measure, 0 for an
/// update and 1 for a progress entry, the indicator id.
type UpdateKey<'a> = (usize, usize, u8, &'a str);

/// Every progress entry of every defined indicator and every update on a
/// measure, newest first (by period end or date). On the same day: in the
/// order of collections and measures; within a measure, its updates before
/// its indicators' progress entries, these by indicator id; then in the
/// order entered.
pub fn update_order(site: &Site) -> Vec<UpdateRef<'_>> {
    let mut entries: Vec<(UpdateRef, UpdateKey)> = update_entries(site).collect();
    entries.sort_by(|(a, a_key), (b, b_key)| b.end.cmp(&a.end).then(a_key.cmp(b_key)));
    entries.into_iter().map(|(u, _)| u).collect()
}

/// How many entries the updates list has: counted from the entries it is
/// built from, so that the pages made for it are the pages it fills.
pub fn update_count(site: &Site) -> usize {
    update_entries(site).count()
}

/// Every entry of the updates list, unordered: each progress entry of
/// each defined indicator (once, however many measures list it), then each
/// update on a measure; with what orders entries of the same day.
fn update_entries(site: &Site) -> impl Iterator<Item = (UpdateRef<'_>, UpdateKey<'_>)> {
    let progress = site.indicators.values().flat_map(move |info| {
        let ind = site.indicator_at(info.at);
        let (ci, mi, _) = info.at;
        ind.progress.iter().enumerate().map(move |(entry, p)| {
            let end = p.period.value.end();
            let item = UpdateItem::Progress { info, entry };
            (UpdateRef { item, end }, (ci, mi, 1, ind.id.value.as_str()))
        })
    });
    let updates = site.collections.iter().enumerate().flat_map(|(ci, c)| {
        c.measures.iter().enumerate().flat_map(move |(mi, m)| {
            m.measure
                .updates
                .iter()
                .enumerate()
                .map(move |(update, u)| {
                    let item = UpdateItem::Measure { ci, mi, update };
                    (
                        UpdateRef {
                            item,
                            end: u.date.value,
                        },
                        (ci, mi, 0, ""),
                    )
                })
        })
    });
    progress.chain(updates)
}

/// A progress entry's note as inline HTML, or nothing.
fn inline_note(l: &Localizer, note: &Option<Text>) -> String {
    note.as_ref()
        .map(|n| l.markdown_inline(n))
        .unwrap_or_default()
}

/// The view of one entry of the updates list.
pub fn update_view(site: &Site, l: &Localizer, u: &UpdateRef) -> UpdateView {
    match u.item {
        UpdateItem::Progress { info, entry } => progress_view(site, l, info, entry),
        UpdateItem::Measure { ci, mi, update } => {
            let m = &site.collections[ci].measures[mi].measure;
            let up = &m.updates[update];
            UpdateView {
                kind: "update",
                measure: measure_link(site, l, ci, mi),
                indicator: TextView::default(),
                anchor: urls::update_anchor(up.date.value),
                period: l.s.date(up.date.value),
                period_key: up.date.value.to_string(),
                value: String::new(),
                note_html: String::new(),
                text_html: l.markdown(&up.text),
                source: up.source.as_ref().map(|s| source_view(l, s)),
                status: None,
                declared: up.status.as_ref().map(|s| l.status(s.value)),
            }
        }
    }
}

fn progress_view(site: &Site, l: &Localizer, info: &IndicatorInfo, entry: usize) -> UpdateView {
    let (ci, mi, _) = info.at;
    let ind = site.indicator_at(info.at);
    let p = &ind.progress[entry];
    let unit = unit_text(l, ind);
    let value = match (&p.value, &p.text) {
        (Some(v), _) if unit.is_empty() => l.s.literal(&v.literal),
        (Some(v), _) => format!("{} {unit}", l.s.literal(&v.literal)),
        (None, Some(t)) => l.text(t).plain,
        (None, None) => String::new(),
    };
    UpdateView {
        kind: "progress",
        measure: measure_link(site, l, ci, mi),
        indicator: l.text(&ind.name),
        anchor: urls::indicator_anchor(&ind.id.value),
        period: l.s.period(p.period.value),
        period_key: p.period.value.to_string(),
        value,
        note_html: inline_note(l, &p.note),
        text_html: String::new(),
        source: p.source.as_ref().map(|s| source_view(l, s)),
        status: Some(l.status(info.assessment.status)),
        declared: None,
    }
}
