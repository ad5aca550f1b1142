//! A measure for another site's `<iframe>` (`embed.html`, at
//! `/embed/<collection>/<measure>/`): its status, each indicator's status,
//! reason and chart, and a link back to its page; no header or menu, not
//! indexed by search engines and not in the sitemap.

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::render::urls;
use crate::render::views::{self, IndicatorView, StatusView, TextView};
use crate::site::Site;

/// `x` of `embed.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct EmbedContext {
    pub title: TextView,
    /// The plan's own number (序号).
    pub number: Option<u32>,
    /// The collection's title.
    pub collection: TextView,
    pub status: StatusView,
    /// The measure's indicators, with their charts.
    pub indicators: Vec<IndicatorView>,
    /// The measure's page, absolute when the site's address is (the
    /// link opens it in the whole window).
    pub link: String,
}

pub fn embed(site: &Site, data: &LangData, ci: usize, mi: usize) -> EmbedContext {
    let l = &data.l;
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    EmbedContext {
        title: l.text(&m.title),
        number: m.number,
        collection: l.text(&c.config.title),
        status: l.status(site.measure_status[ci][mi]),
        indicators: site
            .listed_indicators(ci, mi)
            .iter()
            .enumerate()
            .map(|(i, li)| views::indicator_view(site, l, li, ci, mi, i))
            .collect(),
        // Set with the page's address, in `page_context`.
        link: urls::measure(&l.prefix, &c.config.id, &m.id.value),
    }
}
