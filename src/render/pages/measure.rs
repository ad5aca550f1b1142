//! One measure's page (`measure.html`): its facts, tasks, every indicator
//! with chart, figures and the reason for its status, and its record.

use schemars::JsonSchema;
use serde::Serialize;

use super::lists::{CollectionLink, Downloads};
use super::LangData;
use crate::model::Spanned;
use crate::render::urls;
use crate::render::views::{
    self, FlagView, IndicatorView, LinkView, SourceView, StatusView, TextView,
};
use crate::site::Site;
use crate::status::measure::MeasureBasis;

/// `x` of `measure.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct MeasureContext {
    pub title: TextView,
    /// The plan's own number (序号).
    pub number: Option<u32>,
    pub collection: CollectionLink,
    pub category: Option<CategoryRef>,
    /// Lead bodies, linked.
    pub lead: Vec<LinkView>,
    /// Other responsible bodies, linked.
    pub units: Vec<LinkView>,
    /// The assessment level's name.
    pub assessment: Option<TextView>,
    pub summary_html: Option<String>,
    /// Each task as inline HTML.
    pub tasks: Vec<String>,
    pub indicators: Vec<IndicatorView>,
    pub status: StatusView,
    pub status_note_html: Option<String>,
    /// Whether the measure has neither indicators nor milestones (its
    /// status is declared, or not reported).
    pub own_status: bool,
    /// Root-relative URLs of this measure's data files.
    pub downloads: Downloads,
    /// The highlighted source record: a mark the writer replaces after
    /// minifying (print it with `| safe`, once).
    pub record_html: &'static str,
    /// The record's path relative to the site root.
    pub record_path: String,
    /// The measure's updates, newest first.
    pub timeline: Vec<TimelineEntry>,
    /// The measure's milestones, in its order.
    pub milestones: Vec<MilestoneView>,
    /// Why the milestones give their status.
    pub milestone_reason: Option<String>,
    /// Set when an update declared the measure's status: says which; or,
    /// for a measure with only updates in words, that none declared one.
    pub declared_by: Option<String>,
    /// "2 of 3 indicators reported", for a measure with indicators.
    pub reported: Option<String>,
    /// What the indicators and milestones compute, when a declaration
    /// says otherwise (shown beside it).
    pub computed: Option<StatusView>,
    pub computed_label: Option<String>,
    /// The flags used on this page's values, for the legend.
    pub flags: Vec<FlagView>,
    /// How to cite this measure: the site's `citation`, else one made of
    /// the publisher, the site's title, the as-of date and the page's address.
    pub citation: super::additions::CitationView,
    /// The link to comment on this measure (site.yaml `feedback`), if any.
    pub feedback: Option<super::additions::FeedbackView>,
    /// The measure's own changes, newest first (only when the site has releases).
    pub history: Vec<super::changes::HistoryEntry>,
    /// Its badge and embed page, with the HTML to show them elsewhere.
    pub reuse: super::reuse::ReuseView,
    /// On a site with several plans: what the measure continues and what
    /// continues it (each indicator's own in its `lineage`).
    pub lineage: Option<super::lineage::MeasureLineage>,
    /// On a closed plan: that its results are final.
    pub closed: Option<String>,
}

/// One update of the measure.
#[derive(Serialize, JsonSchema, Debug)]
pub struct TimelineEntry {
    /// The id the updates list and the feeds link to.
    pub anchor: String,
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub date: String,
    pub date_text: String,
    pub text_html: String,
    /// The status it declares, if any.
    pub status: Option<StatusView>,
    pub source: Option<SourceView>,
}

/// One milestone and where it stands.
#[derive(Serialize, JsonSchema, Debug)]
pub struct MilestoneView {
    pub id: String,
    pub title: TextView,
    /// When it is due (the end of its due period), in words.
    pub due: String,
    /// `done`, `done-late`, `overdue` or `upcoming`.
    pub state_id: &'static str,
    /// Where it stands, in words ("Done on 20 May 2023", "Overdue, not done").
    pub state: String,
    pub evidence: Option<SourceView>,
}

/// A link to a category page.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CategoryRef {
    pub title: TextView,
    pub url: String,
}

/// A measure's listed indicators in one language, made once for its page,
/// its embed page and its chart files.
pub struct Indicators {
    pub views: Vec<IndicatorView>,
    /// Each chart file's path (root-relative) and SVG.
    pub files: Vec<(String, String)>,
}

pub fn indicators(site: &Site, l: &views::Localizer, ci: usize, mi: usize) -> Indicators {
    let mut files = Vec::new();
    let views = site
        .listed_indicators(ci, mi)
        .iter()
        .enumerate()
        .map(|(i, li)| {
            let (view, svg) = views::indicator_view(site, l, li, ci, mi, i);
            if let (Some(path), Some(svg)) = (&view.chart_file, svg) {
                files.push((path.clone(), svg));
            }
            view
        })
        .collect();
    Indicators { views, files }
}

/// Measure `ci`/`mi`'s page, showing `indicators` (its [`indicators`]' views).
pub fn measure(
    site: &Site,
    data: &LangData,
    ci: usize,
    mi: usize,
    indicators: Vec<IndicatorView>,
) -> MeasureContext {
    let l = &data.l;
    let c = &site.collections[ci];
    let mf = &c.measures[mi];
    let m = &mf.measure;
    let category = m
        .category
        .as_ref()
        .and_then(|cat| c.config.categories.iter().find(|k| k.id.value == cat.value));
    let links = |ids: &[Spanned<String>]| -> Vec<LinkView> {
        ids.iter()
            .filter_map(|u| site.unit(&u.value))
            .map(|u| views::unit_link(l, u))
            .collect()
    };
    let indicators = indicators
        .into_iter()
        .zip(site.listed_indicators(ci, mi))
        .enumerate()
        .map(|(i, (mut view, li))| {
            view.lineage = super::lineage::indicator_lineage(site, data, li.key, i);
            view
        })
        .collect();
    let assessment = m
        .assessment
        .as_ref()
        .and_then(|a| {
            site.config
                .assessment_levels
                .iter()
                .find(|x| x.id.value == a.value)
        })
        .map(|a| l.text(&a.name));
    let judged = &site.measure_assessment[ci][mi];
    let mut updates: Vec<&crate::model::Update> = m.updates.iter().collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.date.value));
    let timeline = updates
        .into_iter()
        .map(|u| TimelineEntry {
            anchor: urls::update_anchor(u.date.value),
            date: u.date.value.to_string(),
            date_text: l.s.date(u.date.value),
            text_html: l.markdown(&u.text),
            status: u.status.as_ref().map(|s| l.status(s.value)),
            source: u.source.as_ref().map(|s| views::source_view(l, s)),
        })
        .collect();
    let (milestones, milestone_reason) = milestone_views(site, l, ci, mi);
    let declared_by = basis_text(l, judged.basis);
    let mut flags: Vec<crate::model::Flag> = site
        .listed_indicators(ci, mi)
        .iter()
        .flat_map(|li| {
            let ind = li.indicator;
            ind.baseline
                .iter()
                .chain(ind.all_targets())
                .filter_map(|b| b.flag.as_ref().map(|f| f.value))
                .chain(
                    ind.progress
                        .iter()
                        .filter_map(|p| p.flag.as_ref().map(|f| f.value)),
                )
                .collect::<Vec<_>>()
        })
        .collect();
    flags.sort();
    flags.dedup();
    MeasureContext {
        timeline,
        milestones,
        milestone_reason,
        declared_by,
        reported: views::reported_text(l, judged.indicators),
        computed: judged.computed.map(|c| l.status(c)),
        computed_label: judged.computed.map(|c| {
            l.s.fill("measure.computed_measure", &[("status", l.s.status(c))])
        }),
        flags: flags.into_iter().map(|f| l.flag(f)).collect(),
        title: l.text(&m.title),
        number: m.number,
        collection: CollectionLink::new(site, data, ci),
        category: category.map(|k| CategoryRef {
            title: l.text(&k.title),
            url: urls::category(&l.prefix, &c.config.id, &k.id.value),
        }),
        lead: links(&m.lead),
        units: links(&m.units),
        assessment,
        summary_html: m.summary.as_ref().map(|t| l.markdown(t)),
        tasks: m.tasks.iter().map(|t| l.markdown_inline(t)).collect(),
        indicators,
        status: l.status(site.measure_assessment[ci][mi].status),
        status_note_html: m.status_note.as_ref().map(|t| l.markdown(t)),
        // Updates in words without a declared status give `not-assessed`,
        // which is not a status stated directly.
        own_status: m.indicators.is_empty()
            && m.milestones.is_empty()
            && judged.basis != MeasureBasis::Updates,
        downloads: Downloads {
            json: urls::measure_data(&c.config.id, &m.id.value, "json"),
            csv: urls::measure_data(&c.config.id, &m.id.value, "csv"),
            xlsx: None,
        },
        record_html: crate::output::verbatim_mark(),
        record_path: mf.path.clone(),
        // Both name the page's address: set with it, in `page_context`.
        citation: Default::default(),
        feedback: None,
        history: Vec::new(),
        reuse: Default::default(),
        lineage: super::lineage::measure_lineage(site, data, ci, mi),
        closed: super::lineage::closed_note(site, l),
    }
}

/// Where a measure's status comes from, when neither its indicators nor
/// its milestones say it: the update that declared it, or updates in
/// words that declare none.
pub fn basis_text(l: &views::Localizer, basis: MeasureBasis) -> Option<String> {
    match basis {
        MeasureBasis::Update(date) => {
            Some(l.s.fill("measure.declared_by_update", &[("date", l.s.date(date))]))
        }
        MeasureBasis::Updates => Some(l.s.get("measure.updates_only")),
        MeasureBasis::Computed | MeasureBasis::Own | MeasureBasis::Nothing => None,
    }
}

/// The measure's milestones, in its order, and why they give their status.
pub fn milestone_views(
    site: &Site,
    l: &views::Localizer,
    ci: usize,
    mi: usize,
) -> (Vec<MilestoneView>, Option<String>) {
    let m = &site.collections[ci].measures[mi].measure;
    let judged = &site.measure_assessment[ci][mi];
    let states = judged
        .milestones
        .as_ref()
        .map(|a| a.states.as_slice())
        .unwrap_or(&[]);
    let milestones = m
        .milestones
        .iter()
        .zip(states)
        .map(|(ms, state)| {
            let done = ms
                .done
                .as_ref()
                .map(|d| l.s.date(d.value))
                .unwrap_or_default();
            MilestoneView {
                id: ms.id.value.clone(),
                title: l.text(&ms.title),
                due: l.s.date(ms.due.value.end()),
                state_id: state.as_str(),
                state: l.s.fill(
                    &format!("measure.milestone_state_{}", state.as_str()),
                    &[("date", done)],
                ),
                evidence: ms.evidence.as_ref().map(|s| views::source_view(l, s)),
            }
        })
        .collect();
    let milestone_reason = judged.milestones.as_ref().map(|a| {
        let titles: Vec<String> = m
            .milestones
            .iter()
            .map(|ms| l.text(&ms.title).plain)
            .collect();
        let dues: Vec<_> = m.milestones.iter().map(|ms| ms.due.value).collect();
        l.s.milestone_reason(&a.reason, &titles, &dues)
    });
    (milestones, milestone_reason)
}
