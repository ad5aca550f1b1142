//! When each page was first published and last changed (SPEC §11): read
//! from the releases and the content, never from the clock, so that two
//! builds of the same content give the same dates.
//!
//! A measure is first published on the day of the first release that
//! holds it, and last changed on the day of the latest release that
//! changed it (or the first). A measure not yet released, or changed since
//! the latest release, is dated by the content itself: its `as_of`, or the
//! latest release's day when that is later. A page about several measures
//! (a collection, a body, the home page) takes the earliest first date and
//! the latest change of the measures it shows.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;

use crate::changes::History;
use crate::period::Date;
use crate::render::views::Localizer;
use crate::site::Site;

use super::PageKind;

/// A page's two dates, and the release its last change came with (none
/// when the change is not released yet).
#[derive(Debug, Clone, PartialEq)]
pub struct Dates {
    pub first: Date,
    pub changed: Date,
    pub release: Option<String>,
}

/// The dates of every measure, of every page about several measures, and
/// of the site, computed once per build.
#[derive(Debug, Clone)]
pub struct SiteDates {
    /// `measures[collection][measure]`.
    pub measures: Vec<Vec<Dates>>,
    /// The whole site.
    pub site: Dates,
    /// The day of the current content (see the module's doc).
    pub now: Date,
    /// Each collection's, then each of its categories', and each body's:
    /// combined here in one pass over the measures, since a province's
    /// thousands of bodies must not each scan every measure.
    collections: Vec<Dates>,
    categories: Vec<Vec<Dates>>,
    units: Vec<Dates>,
}

pub fn site_dates(site: &Site, history: &History) -> SiteDates {
    let latest = history.latest().map(|r| r.date);
    let now = latest.map_or(site.config.as_of.value, |d| d.max(site.config.as_of.value));
    // Indexed once: a site of 20,000 measures must not scan every change per measure.
    let mut first_release: HashMap<(&str, &str), usize> = HashMap::new();
    let mut last_change: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, r) in history.releases.iter().enumerate() {
        for c in &r.snapshot.collections {
            for m in &c.measures {
                first_release.entry((&c.id, &m.id)).or_insert(i);
            }
        }
        for change in &r.changes {
            last_change.insert((&change.collection, &change.measure), i);
        }
    }
    let since: HashSet<(&str, &str)> = history
        .since
        .iter()
        .map(|c| (c.collection.as_str(), c.measure.as_str()))
        .collect();
    let measures: Vec<Vec<Dates>> = site
        .collections
        .iter()
        .map(|c| {
            c.measures
                .iter()
                .map(|m| {
                    let key = (c.config.id.as_str(), m.measure.id.value.as_str());
                    let Some(&first) = first_release.get(&key) else {
                        return Dates {
                            first: now,
                            changed: now,
                            release: None,
                        };
                    };
                    let first_date = history.releases[first].date;
                    if since.contains(&key) {
                        return Dates {
                            first: first_date,
                            changed: now,
                            release: None,
                        };
                    }
                    let last = last_change.get(&key).map_or(first, |&i| i.max(first));
                    let r = &history.releases[last];
                    Dates {
                        first: first_date,
                        changed: r.date.max(first_date),
                        release: Some(r.name.clone()),
                    }
                })
                .collect()
        })
        .collect();
    let mut site_wide = combine(measures.iter().flatten()).unwrap_or(Dates {
        first: now,
        changed: now,
        release: None,
    });
    if let Some(first) = history.releases.first() {
        site_wide.first = site_wide.first.min(first.date);
    }
    SiteDates::of_measures(site, measures, site_wide, now)
}

/// The earliest first date and the latest change of several pages (the
/// first one in order holding the latest change gives its release).
fn combine<'a>(dates: impl Iterator<Item = &'a Dates>) -> Option<Dates> {
    let mut acc = None;
    for d in dates {
        add(&mut acc, d);
    }
    acc
}

/// Takes page `d` into `acc`, the combined dates of the pages before it
/// (see [`combine`]).
fn add(acc: &mut Option<Dates>, d: &Dates) {
    match acc {
        None => *acc = Some(d.clone()),
        Some(a) => {
            a.first = a.first.min(d.first);
            if d.changed > a.changed {
                a.changed = d.changed;
                a.release = d.release.clone();
            }
        }
    }
}

impl SiteDates {
    /// The dates of the site whose measures are dated `measures`, with
    /// those of its pages about several measures: a collection's, a
    /// category's and a body's combine those of the measures they show, in
    /// plan order (the site's when they show none).
    fn of_measures(site: &Site, measures: Vec<Vec<Dates>>, whole: Dates, now: Date) -> SiteDates {
        let or_site = |d: Option<Dates>| d.unwrap_or_else(|| whole.clone());
        let mut collections = Vec::with_capacity(site.collections.len());
        let mut categories = Vec::with_capacity(site.collections.len());
        for (c, dates) in site.collections.iter().zip(&measures) {
            let category_at: HashMap<&str, usize> = c
                .config
                .categories
                .iter()
                .enumerate()
                .map(|(k, cat)| (cat.id.value.as_str(), k))
                .collect();
            let mut of_categories = vec![None; c.config.categories.len()];
            for (m, d) in c.measures.iter().zip(dates) {
                let m = &m.measure;
                if let Some(&k) = m
                    .category
                    .as_ref()
                    .and_then(|k| category_at.get(k.value.as_str()))
                {
                    add(&mut of_categories[k], d);
                }
            }
            collections.push(or_site(combine(dates.iter())));
            categories.push(of_categories.into_iter().map(or_site).collect());
        }
        // A body's page shows the measures of its entry in the index.
        let by_unit = site.unit_measures();
        let units = site
            .units
            .iter()
            .map(|u| {
                let shown = by_unit.get(u.id.value.as_str()).into_iter().flatten();
                or_site(combine(shown.map(|um| &measures[um.at.0][um.at.1])))
            })
            .collect();
        SiteDates {
            measures,
            site: whole,
            now,
            collections,
            categories,
            units,
        }
    }

    /// The dates of page `kind`.
    pub fn of(&self, history: &History, kind: &PageKind) -> Dates {
        match kind {
            PageKind::Measure(ci, mi) | PageKind::Embed(ci, mi) => self.measures[*ci][*mi].clone(),
            PageKind::Collection(ci) => self.collections[*ci].clone(),
            PageKind::Category(ci, k) => self.categories[*ci][*k].clone(),
            PageKind::Unit(ui) | PageKind::UnitReport(ui) => self.units[*ui].clone(),
            PageKind::Release(name) => match history.release(name) {
                Some(r) => Dates {
                    first: r.date,
                    changed: r.date,
                    release: Some(r.name.clone()),
                },
                None => self.site.clone(),
            },
            PageKind::Changes => match (history.releases.first(), history.latest()) {
                (Some(first), Some(latest)) if history.since.is_empty() => Dates {
                    first: first.date,
                    changed: latest.date,
                    release: Some(latest.name.clone()),
                },
                (Some(first), Some(_)) => Dates {
                    first: first.date,
                    changed: self.now,
                    release: None,
                },
                _ => self.site.clone(),
            },
            _ => self.site.clone(),
        }
    }
}

/// A page's dates as its template shows them.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct DatesView {
    /// First published, `YYYY-MM-DD` (for `<time datetime>`).
    pub first: String,
    /// First published, in the page's language.
    pub first_text: String,
    /// Last changed, `YYYY-MM-DD`.
    pub changed: String,
    /// Last changed, in the page's language.
    pub changed_text: String,
    /// "(release 2023-q3)": the release the last change came with, in words.
    pub release_text: Option<String>,
    /// `PubDate` of the portal metadata: `YYYY-MM-DD HH:MM` (the time is
    /// not known: 00:00).
    pub pub_date: String,
}

pub fn dates_view(l: &Localizer, d: &Dates) -> DatesView {
    DatesView {
        first: d.first.to_string(),
        first_text: l.s.date(d.first),
        changed: d.changed.to_string(),
        changed_text: l.s.date(d.changed),
        release_text: d
            .release
            .as_ref()
            .map(|name| l.s.fill("dates.release", &[("name", name.clone())])),
        pub_date: format!("{} 00:00", d.first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u8) -> Date {
        Date::new(2024, 1, day).expect("a day of January")
    }

    /// A page about the measures `pick` chooses, dated by going through
    /// every measure of the site: what [`SiteDates::of_measures`] combines
    /// in one pass.
    fn scanned(
        site: &Site,
        dates: &SiteDates,
        pick: impl Fn(usize, &crate::model::Measure) -> bool,
    ) -> Dates {
        let chosen = site.collections.iter().enumerate().flat_map(|(ci, c)| {
            let pick = &pick;
            c.measures
                .iter()
                .zip(&dates.measures[ci])
                .filter(move |(m, _)| pick(ci, &m.measure))
                .map(|(_, d)| d)
        });
        // The rule written out again, not [`combine`]'s code.
        let mut all: Vec<&Dates> = chosen.collect();
        let Some(first) = all.iter().map(|d| d.first).min() else {
            return dates.site.clone();
        };
        // Stable: among the latest changes, the first in plan order.
        all.sort_by_key(|d| std::cmp::Reverse(d.changed));
        Dates {
            first,
            changed: all[0].changed,
            release: all[0].release.clone(),
        }
    }

    #[test]
    fn pages_about_several_measures_combine_theirs_as_a_scan_does_and_ties_go_to_the_first() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites/zh-default");
        let (site, _) = Site::load(&root, false).expect("fixture loads");
        // Every measure dated differently, with two latest changes on one
        // day from different releases: the first in plan order must win.
        let mut n = 0u8;
        let measures: Vec<Vec<Dates>> = site
            .collections
            .iter()
            .map(|c| {
                c.measures
                    .iter()
                    .map(|_| {
                        n += 1;
                        Dates {
                            first: date(20 - n),
                            changed: date(if n.is_multiple_of(2) { 25 } else { 10 + n }),
                            release: Some(format!("r{n}")),
                        }
                    })
                    .collect()
            })
            .collect();
        let whole = Dates {
            first: date(1),
            changed: date(30),
            release: None,
        };
        let dates = SiteDates::of_measures(&site, measures, whole, date(30));
        let history = History::default();
        let mut pages = 0;
        for (ci, c) in site.collections.iter().enumerate() {
            let kind = PageKind::Collection(ci);
            assert_eq!(
                dates.of(&history, &kind),
                scanned(&site, &dates, |c, _| c == ci)
            );
            for (k, cat) in c.config.categories.iter().enumerate() {
                let of = |c, m: &crate::model::Measure| {
                    c == ci && m.category.as_ref().is_some_and(|x| x.value == cat.id.value)
                };
                let kind = PageKind::Category(ci, k);
                assert_eq!(dates.of(&history, &kind), scanned(&site, &dates, of));
                pages += 1;
            }
        }
        for (ui, u) in site.units.iter().enumerate() {
            let of = |_, m: &crate::model::Measure| {
                m.lead.iter().chain(&m.units).any(|x| x.value == u.id.value)
            };
            for kind in [PageKind::Unit(ui), PageKind::UnitReport(ui)] {
                assert_eq!(dates.of(&history, &kind), scanned(&site, &dates, of));
            }
            pages += 1;
        }
        assert!(pages >= 5, "the fixture has categories and bodies");
        // drc leads several measures changed on the 25th: a tie.
        let tied = site
            .collections
            .iter()
            .zip(&dates.measures)
            .flat_map(|(c, d)| c.measures.iter().zip(d))
            .filter(|(m, d)| {
                m.measure.lead.iter().any(|u| u.value == "drc") && d.changed == date(25)
            })
            .count();
        assert!(tied >= 2, "{tied} measures of drc changed on the 25th");
    }
}
