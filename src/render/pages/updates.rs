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
    /// Links to the first and last pages and to those within two of this
    /// one, in order (empty when there is only one page): a long list
    /// would make every page list every other, on a large site thousands.
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
    /// Pages are left out between the link before and this one (shown as
    /// `…`).
    pub gap: bool,
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
    let links = match pages {
        1 => Vec::new(),
        _ => {
            let shown = linked_pages(page, pages);
            let mut links = Vec::new();
            let mut after = None;
            for p in shown {
                links.push(PageLink {
                    number: p + 1,
                    url: urls::updates_page(&l.prefix, p),
                    current: p == page,
                    gap: after.is_some_and(|a: usize| p > a + 1),
                });
                after = Some(p);
            }
            links
        }
    };
    UpdatesContext {
        heading,
        updates: data.update_views(site, page * UPDATES_PER_PAGE, UPDATES_PER_PAGE),
        pages: links,
        previous: (page > 0).then(|| urls::updates_page(&l.prefix, page - 1)),
        next: (page + 1 < pages).then(|| urls::updates_page(&l.prefix, page + 1)),
    }
}

/// The pages (counted from 0) the links of page `page` of `pages` name:
/// the first, the last and those within two of it, and a page that alone
/// would be left out between them (a gap of one page is no shorter than
/// its link).
fn linked_pages(page: usize, pages: usize) -> impl Iterator<Item = usize> {
    let last = pages.saturating_sub(1);
    let near = move |p: usize| p.abs_diff(page) <= 2;
    (0..pages).filter(move |&p| {
        p == 0
            || p == last
            || near(p)
            || (p == 1 && near(2))
            || (p + 1 == last && near(p.saturating_sub(1)))
    })
}

#[cfg(test)]
mod tests {
    use super::linked_pages;

    fn shown(page: usize, pages: usize) -> Vec<usize> {
        linked_pages(page, pages).map(|p| p + 1).collect()
    }

    #[test]
    fn a_page_links_the_ends_and_its_neighbours() {
        assert_eq!(shown(0, 2), [1, 2]);
        assert_eq!(shown(0, 7), [1, 2, 3, 7]);
        assert_eq!(shown(3, 7), [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(shown(49, 146), [1, 48, 49, 50, 51, 52, 146]);
        assert_eq!(shown(145, 146), [1, 144, 145, 146]);
        // A gap of one page shows the page instead.
        assert_eq!(shown(4, 146), [1, 2, 3, 4, 5, 6, 7, 146]);
        assert_eq!(shown(141, 146), [1, 140, 141, 142, 143, 144, 145, 146]);
    }

    #[test]
    fn the_links_of_a_page_do_not_grow_with_the_list() {
        for pages in [10, 1_000, 100_000] {
            for page in [0, pages / 2, pages - 1] {
                assert!(linked_pages(page, pages).count() <= 9, "{page} of {pages}");
            }
        }
    }
}
