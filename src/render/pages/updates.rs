//! The list of progress entries and updates on measures, newest first, a
//! page of [`UPDATES_PER_PAGE`] at a time (`updates.html`).

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::render::urls;
use crate::render::views::UpdateView;
use crate::site::Site;

/// Entries per page of the updates list.
pub const UPDATES_PER_PAGE: usize = 100;

/// How many pages a list of `entries` updates takes (at least one, possibly
/// empty).
pub fn update_pages(entries: usize) -> usize {
    entries.div_ceil(UPDATES_PER_PAGE).max(1)
}

/// `x` of `updates.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UpdatesContext {
    /// "Updates", or "Updates, page 2 of 5".
    pub heading: String,
    /// This page's entries.
    pub updates: Vec<UpdateView>,
    /// Links to every page (empty when there is only one).
    pub pages: Vec<PageLink>,
    /// Root-relative URL of the previous page.
    pub previous: Option<String>,
    /// Root-relative URL of the next page.
    pub next: Option<String>,
}

#[derive(Serialize, JsonSchema, Debug)]
pub struct PageLink {
    /// Counted from 1.
    pub number: usize,
    pub url: String,
    pub current: bool,
}

pub fn updates(site: &Site, data: &LangData, page: usize) -> UpdatesContext {
    let l = &data.l;
    let s = l.s;
    let pages = update_pages(data.updates.len());
    let heading = if pages > 1 {
        s.fill(
            "updates.heading_page",
            &[
                ("page", (page + 1).to_string()),
                ("pages", pages.to_string()),
            ],
        )
    } else {
        s.get("updates.heading")
    };
    let links = if pages > 1 {
        (0..pages)
            .map(|p| PageLink {
                number: p + 1,
                url: urls::updates_page(&l.prefix, p),
                current: p == page,
            })
            .collect()
    } else {
        Vec::new()
    };
    UpdatesContext {
        heading,
        updates: data.update_views(site, page * UPDATES_PER_PAGE, UPDATES_PER_PAGE),
        pages: links,
        previous: (page > 0).then(|| urls::updates_page(&l.prefix, page - 1)),
        next: (page + 1 < pages).then(|| urls::updates_page(&l.prefix, page + 1)),
    }
}
