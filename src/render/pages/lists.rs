//! The pages that list measures in a table: a collection's index
//! (`collection.html`), and the status and category pages (`list.html`).
//! Their rows reach the template as `rows`, beside `x` (see
//! [`super::table_rows`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::{table_rows, LangData, PageKind};
use crate::model::Status;
use crate::render::urls;
use crate::render::views::{self, LinkView, StatusCount, StatusView, TextView};
use crate::site::Site;

/// `x` of `collection.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CollectionContext {
    pub title: TextView,
    pub description_html: Option<String>,
    /// The table's caption ("N measures").
    pub caption: String,
    pub counts: Vec<StatusCount>,
    /// The status bar chart (inline SVG).
    pub bar: String,
    /// The statuses that occur, for the no-JavaScript links and the filter.
    pub statuses: Vec<StatusCount>,
    pub categories: Vec<CategoryLink>,
    /// The bodies that lead or share a measure of the collection, for the filter.
    pub units: Vec<UnitOption>,
    /// Root-relative URLs of the site-wide downloads.
    pub data: Downloads,
}

#[derive(Serialize, JsonSchema, Debug)]
pub struct CategoryLink {
    pub id: String,
    pub title: TextView,
    pub url: String,
}

#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitOption {
    pub id: String,
    pub link: LinkView,
}

/// Root-relative download URLs.
#[derive(Serialize, JsonSchema, Debug)]
pub struct Downloads {
    pub json: String,
    pub csv: String,
    /// The indicators table as an Excel workbook (on a collection's index).
    pub xlsx: Option<String>,
}

/// A link to a collection's index.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CollectionLink {
    pub title: TextView,
    pub url: String,
}

impl CollectionLink {
    pub fn new(site: &Site, data: &LangData, ci: usize) -> CollectionLink {
        let c = &site.collections[ci].config;
        CollectionLink {
            title: data.l.text(&c.title),
            url: urls::collection(&data.l.prefix, &c.id),
        }
    }
}

/// `x` of `list.html`: a status page or a category page. Fields that one
/// of the two does not have are null (or empty).
#[derive(Serialize, JsonSchema, Debug)]
pub struct ListContext {
    pub heading: String,
    /// Status pages: what the page lists.
    pub intro: Option<String>,
    /// Status pages: what the status means.
    pub meaning: Option<String>,
    /// Category pages: the category's description, rendered Markdown.
    pub intro_html: Option<String>,
    /// Status pages: the status listed.
    pub status: Option<StatusView>,
    /// Category pages: the collection the category belongs to.
    pub collection: Option<CollectionLink>,
    /// The table's caption ("N measures").
    pub caption: String,
    /// Category pages: counts of each status in the category.
    pub counts: Option<Vec<StatusCount>>,
    /// Status pages: the other statuses, linked.
    pub others: Vec<StatusView>,
    /// Whether the table has a collection column.
    pub show_collection: bool,
}

pub fn collection(site: &Site, data: &LangData, ci: usize) -> CollectionContext {
    let l = &data.l;
    let c = &site.collections[ci];
    let title = l.text(&c.config.title);
    let rows = &data.rows[ci];
    let counts = views::status_counts(l, site.measure_assessment[ci].iter().map(|a| a.status));
    let categories = c
        .config
        .categories
        .iter()
        .map(|k| CategoryLink {
            id: k.id.value.clone(),
            title: l.text(&k.title),
            url: urls::category(&l.prefix, &c.config.id, &k.id.value),
        })
        .collect();
    let mut unit_ids: Vec<&str> = c
        .measures
        .iter()
        .flat_map(|m| m.measure.lead.iter().chain(&m.measure.units))
        .map(|u| u.value.as_str())
        .collect();
    unit_ids.sort();
    unit_ids.dedup();
    let units = site
        .units
        .iter()
        .filter(|u| unit_ids.binary_search(&u.id.value.as_str()).is_ok())
        .map(|u| UnitOption {
            id: u.id.value.clone(),
            link: views::unit_link(l, u),
        })
        .collect();
    let count = rows.len().to_string();
    let bar_title = l.s.fill(
        "dashboard.chart_title",
        &[("count", count.clone()), ("name", title.plain.clone())],
    );
    CollectionContext {
        description_html: c.config.description.as_ref().map(|d| l.markdown(d)),
        caption: l.s.fill("table.caption", &[("count", count)]),
        bar: views::status_bar(l, &counts, "bar", &bar_title),
        statuses: counts.iter().filter(|c| c.count > 0).cloned().collect(),
        counts,
        categories,
        units,
        data: Downloads {
            json: urls::data_file(urls::MEASURES_JSON),
            csv: urls::data_file(urls::INDICATORS_CSV),
            xlsx: Some(urls::data_file(urls::INDICATORS_XLSX)),
        },
        title,
    }
}

pub fn status_page(site: &Site, data: &LangData, kind: &PageKind, st: Status) -> ListContext {
    let l = &data.l;
    let s = l.s;
    let label = s.status(st);
    let count = table_rows(site, kind, data).len();
    ListContext {
        heading: s.fill("status_page.heading", &[("status", label.clone())]),
        intro: Some(s.fill("status_page.intro", &[("status", label)])),
        meaning: Some(s.get(&format!("status_meaning.{}", st.as_str()))),
        intro_html: None,
        status: Some(l.status(st)),
        collection: None,
        caption: s.fill("table.caption", &[("count", count.to_string())]),
        counts: None,
        others: Status::ALL
            .iter()
            .filter(|o| **o != st)
            .map(|o| l.status(*o))
            .collect(),
        show_collection: true,
    }
}

pub fn category_page(
    site: &Site,
    data: &LangData,
    kind: &PageKind,
    ci: usize,
    k: usize,
) -> ListContext {
    let l = &data.l;
    let s = l.s;
    let c = &site.collections[ci];
    let cat = &c.config.categories[k];
    let rows = table_rows(site, kind, data);
    let collection = CollectionLink::new(site, data, ci);
    ListContext {
        heading: s.fill(
            "category_page.heading",
            &[
                ("collection", collection.title.plain.clone()),
                ("category", l.text(&cat.title).plain),
            ],
        ),
        intro: None,
        meaning: None,
        intro_html: cat.description.as_ref().map(|d| l.markdown(d)),
        status: None,
        collection: Some(collection),
        caption: s.fill("table.caption", &[("count", rows.len().to_string())]),
        counts: Some(views::status_counts(
            l,
            rows.iter().filter_map(|r| Status::parse(r.status.id)),
        )),
        others: Vec::new(),
        show_collection: false,
    }
}
