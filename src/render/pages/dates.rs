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

/// The dates of every measure and of the site, computed once per build.
#[derive(Debug, Clone)]
pub struct SiteDates {
    /// `measures[collection][measure]`.
    pub measures: Vec<Vec<Dates>>,
    /// The whole site.
    pub site: Dates,
    /// The day of the current content (see the module's doc).
    pub now: Date,
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
    SiteDates {
        measures,
        site: site_wide,
        now,
    }
}

/// The earliest first date and the latest change of several pages (the
/// first one in order holding the latest change gives its release).
fn combine<'a>(dates: impl Iterator<Item = &'a Dates>) -> Option<Dates> {
    dates.fold(None, |acc: Option<Dates>, d| match acc {
        None => Some(d.clone()),
        Some(mut a) => {
            a.first = a.first.min(d.first);
            if d.changed > a.changed {
                a.changed = d.changed;
                a.release = d.release.clone();
            }
            Some(a)
        }
    })
}

impl SiteDates {
    /// The dates of page `kind`.
    pub fn of(&self, site: &Site, history: &History, kind: &PageKind) -> Dates {
        let of_measures = |pick: &dyn Fn(usize, usize) -> bool| {
            let chosen = self.measures.iter().enumerate().flat_map(|(ci, ms)| {
                ms.iter()
                    .enumerate()
                    .filter(move |(mi, _)| pick(ci, *mi))
                    .map(|(_, d)| d)
            });
            combine(chosen).unwrap_or_else(|| self.site.clone())
        };
        match kind {
            PageKind::Measure(ci, mi) | PageKind::Embed(ci, mi) => self.measures[*ci][*mi].clone(),
            PageKind::Collection(ci) => of_measures(&|c, _| c == *ci),
            PageKind::Category(ci, k) => {
                let category = &site.collections[*ci].config.categories[*k].id.value;
                of_measures(&|c, m| {
                    c == *ci
                        && site.collections[c].measures[m]
                            .measure
                            .category
                            .as_ref()
                            .is_some_and(|cat| &cat.value == category)
                })
            }
            PageKind::Unit(ui) | PageKind::UnitReport(ui) => {
                let unit = &site.units[*ui].id.value;
                of_measures(&|c, m| {
                    let measure = &site.collections[c].measures[m].measure;
                    measure
                        .lead
                        .iter()
                        .chain(&measure.units)
                        .any(|u| &u.value == unit)
                })
            }
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
