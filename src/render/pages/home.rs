//! The dashboard (`index.html`): status counts per collection and category,
//! the latest updates and the status legend.

use schemars::JsonSchema;
use serde::Serialize;

use super::{LangData, StatusMeaning};
use crate::model::Status;
use crate::render::urls;
use crate::render::views::{self, StatusCount, TextView, UpdateView};
use crate::site::Site;

/// Updates the dashboard lists.
const LATEST: usize = 8;

/// `x` of `index.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct HomeContext {
    /// "N measures in M collections, K indicators."
    pub intro: String,
    pub collections: Vec<CollectionCard>,
    /// Counts of every status over the whole plan.
    pub totals: Vec<StatusCount>,
    /// The status legend.
    pub statuses: Vec<StatusMeaning>,
    /// The newest progress entries and updates on measures.
    pub latest: Vec<UpdateView>,
    /// Whether the updates page lists more than `latest`.
    pub has_more_updates: bool,
    /// On a closed plan of a site with several (its period ended on or
    /// before its as-of day): that its results are final.
    pub closed: Option<String>,
}

/// A collection on the dashboard.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CollectionCard {
    pub title: TextView,
    pub url: String,
    pub description_html: Option<String>,
    pub counts: Vec<StatusCount>,
    /// How many measures the collection has.
    pub total: usize,
    /// The status bar chart (inline SVG).
    pub bar: String,
    pub categories: Vec<CategoryCard>,
}

/// A category within a collection card.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CategoryCard {
    pub title: TextView,
    pub url: String,
    pub counts: Vec<StatusCount>,
    pub total: usize,
}

pub fn home(site: &Site, data: &LangData) -> HomeContext {
    let l = &data.l;
    let s = l.s;
    let collections = site
        .collections
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let rows = &data.rows[ci];
            let counts =
                views::status_counts(l, site.measure_assessment[ci].iter().map(|a| a.status));
            let title = l.text(&c.config.title);
            let bar_title = s.fill(
                "dashboard.chart_title",
                &[
                    ("count", rows.len().to_string()),
                    ("name", title.plain.clone()),
                ],
            );
            let categories = c
                .config
                .categories
                .iter()
                .map(|k| {
                    let statuses = rows
                        .iter()
                        .filter(|r| r.category_id == k.id.value)
                        .filter_map(|r| Status::parse(r.status.id));
                    let counts = views::status_counts(l, statuses);
                    CategoryCard {
                        title: l.text(&k.title),
                        url: urls::category(&l.prefix, &c.config.id, &k.id.value),
                        total: counts.iter().map(|c| c.count).sum(),
                        counts,
                    }
                })
                .collect();
            CollectionCard {
                title,
                url: urls::collection(&l.prefix, &c.config.id),
                description_html: c.config.description.as_ref().map(|d| l.markdown(d)),
                bar: views::status_bar(l, &counts, &format!("bar-{}", c.config.id), &bar_title),
                counts,
                total: rows.len(),
                categories,
            }
        })
        .collect();
    HomeContext {
        intro: s.fill(
            "dashboard.intro",
            &[
                (
                    "measures",
                    match site.measure_count() {
                        1 => s.fill("dashboard.count_measures_one", &[("n", "1".into())]),
                        n => s.fill("dashboard.count_measures", &[("n", n.to_string())]),
                    },
                ),
                (
                    "collections",
                    match site.collections.len() {
                        1 => s.fill("dashboard.count_collections_one", &[("n", "1".into())]),
                        n => s.fill("dashboard.count_collections", &[("n", n.to_string())]),
                    },
                ),
                (
                    "indicators",
                    match site.indicator_count() {
                        1 => s.fill("dashboard.count_indicators_one", &[("n", "1".into())]),
                        n => s.fill("dashboard.count_indicators", &[("n", n.to_string())]),
                    },
                ),
            ],
        ),
        collections,
        totals: views::status_counts(
            l,
            site.measure_assessment.iter().flatten().map(|a| a.status),
        ),
        statuses: StatusMeaning::all(l),
        latest: data.update_views(site, 0, LATEST),
        has_more_updates: data.updates.len() > LATEST,
        closed: super::lineage::closed_note(site, l),
    }
}
