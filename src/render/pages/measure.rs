//! One measure's page (`measure.html`): its facts, tasks, every indicator
//! with chart, figures and the reason for its status, and its record.

use schemars::JsonSchema;
use serde::Serialize;

use super::lists::{CollectionLink, Downloads};
use super::LangData;
use crate::model::Spanned;
use crate::render::urls;
use crate::render::views::{self, IndicatorView, LinkView, StatusView, TextView};
use crate::site::Site;

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
    /// Whether the measure has no indicators (its status is its own).
    pub own_status: bool,
    /// Root-relative URLs of this measure's data files.
    pub downloads: Downloads,
    /// The highlighted source record: a mark the writer replaces after
    /// minifying (print it with `| safe`, once).
    pub record_html: &'static str,
    /// The record's path relative to the site root.
    pub record_path: String,
    /// How to cite this measure: the site's `citation`, else one made of
    /// the publisher, the site's title, the as-of date and the page's address.
    pub citation: super::additions::CitationView,
    /// The link to comment on this measure (site.yaml `feedback`), if any.
    pub feedback: Option<super::additions::FeedbackView>,
}

/// A link to a category page.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CategoryRef {
    pub title: TextView,
    pub url: String,
}

pub fn measure(site: &Site, data: &LangData, ci: usize, mi: usize) -> MeasureContext {
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
    let indicators = site
        .listed_indicators(ci, mi)
        .iter()
        .enumerate()
        .map(|(i, li)| views::indicator_view(site, l, li, ci, mi, i))
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
    MeasureContext {
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
        status: l.status(site.measure_status[ci][mi]),
        status_note_html: m.status_note.as_ref().map(|t| l.markdown(t)),
        own_status: m.indicators.is_empty(),
        downloads: Downloads {
            json: urls::measure_data(&c.config.id, &m.id.value, "json"),
            csv: urls::measure_data(&c.config.id, &m.id.value, "csv"),
        },
        record_html: crate::output::verbatim_mark(),
        record_path: mf.path.clone(),
        // Both name the page's address: set with it, in `page_context`.
        citation: Default::default(),
        feedback: None,
    }
}
