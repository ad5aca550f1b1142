//! The responsible bodies: the list of all (`units.html`) and one body's
//! page (`unit.html`), each with what the body leads and shares.

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::model::Status;
use crate::period::Period;
use crate::render::views::{self, LinkView, MeasureRow, StatusCount, TextView};
use crate::site::{Site, UnitMeasure};
use crate::status::milestones::MilestoneState;

/// `x` of `units.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitsContext<'a> {
    /// Every body, in the order of units.yaml (rows left out).
    pub units: Vec<UnitSummary<'a>>,
}

/// `x` of `unit.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitContext<'a> {
    pub name: TextView,
    /// Other names of the body (in the default language).
    pub aliases: &'a [String],
    pub website: Option<String>,
    pub summary: UnitSummary<'a>,
    /// The printable report of its measures, root-relative.
    pub report: String,
}

/// What a body leads and shares, with status counts and its latest update.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitSummary<'a> {
    pub link: LinkView,
    /// Table rows of the measures it leads (empty on the list of units).
    pub led: Vec<&'a MeasureRow>,
    /// Table rows of the measures it shares (empty on the list of units).
    pub shared: Vec<&'a MeasureRow>,
    pub led_count: usize,
    pub shared_count: usize,
    pub counts: Vec<StatusCount>,
    /// The latest period (or day, for an update in words) reported for
    /// any of its measures.
    pub latest_update: Option<String>,
    /// How many of its measures have no progress yet: those whose status
    /// is `not-reported`, the same count as that status's chip.
    pub without_update: usize,
    /// Milestones of the measures it leads or shares that are overdue.
    pub overdue: Vec<OverdueMilestone>,
}

/// A milestone past its due date and not done.
#[derive(Serialize, JsonSchema, Debug)]
pub struct OverdueMilestone {
    pub measure: LinkView,
    pub title: TextView,
    /// When it was due, in words.
    pub due: String,
}

/// `with_rows`: include the table rows of its measures (the unit's own
/// page), or only the counts (the list of all units).
fn unit_summary<'a>(
    site: &Site,
    data: &'a LangData,
    ui: usize,
    with_rows: bool,
) -> UnitSummary<'a> {
    let l = &data.l;
    let id = &site.units[ui].id.value;
    let mut led = Vec::new();
    let mut shared = Vec::new();
    let mut latest: Option<Period> = None;
    let mut statuses = Vec::new();
    let mut overdue = Vec::new();
    for &UnitMeasure {
        at: (ci, mi),
        leads,
    } in data.measures_of_unit(id)
    {
        let m = &site.collections[ci].measures[mi].measure;
        // Converted with the page, not shared (see [`views::Row`]).
        let row: &MeasureRow = &data.rows[ci][mi];
        if leads {
            led.push(row)
        } else {
            shared.push(row)
        }
        statuses.push(site.measure_assessment[ci][mi].status);
        if let Some(judged) = &site.measure_assessment[ci][mi].milestones {
            for (ms, state) in m.milestones.iter().zip(&judged.states) {
                if *state == MilestoneState::Overdue {
                    overdue.push(OverdueMilestone {
                        measure: views::measure_link(site, l, ci, mi),
                        title: l.text(&ms.title),
                        due: l.s.date(ms.due.value.end()),
                    });
                }
            }
        }
        if let Some(p) = data.latest_report[ci][mi] {
            if latest.is_none_or(|q| p.end() > q.end()) {
                latest = Some(p);
            }
        }
    }
    let (led_count, shared_count) = (led.len(), shared.len());
    if !with_rows {
        led.clear();
        shared.clear();
    }
    UnitSummary {
        link: views::unit_link(l, &site.units[ui]),
        led,
        shared,
        led_count,
        shared_count,
        without_update: statuses
            .iter()
            .filter(|s| **s == Status::NotReported)
            .count(),
        counts: views::status_counts(l, statuses),
        latest_update: latest.map(|p| match p {
            Period::Day(d) => l.s.date(d),
            p => l.s.period(p),
        }),
        overdue,
    }
}

pub fn units<'a>(site: &Site, data: &'a LangData) -> UnitsContext<'a> {
    UnitsContext {
        units: (0..site.units.len())
            .map(|ui| unit_summary(site, data, ui, false))
            .collect(),
    }
}

pub fn unit<'a>(site: &'a Site, data: &'a LangData, ui: usize) -> UnitContext<'a> {
    let u = &site.units[ui];
    UnitContext {
        name: data.l.text(&u.name),
        aliases: &u.aliases,
        website: u.url.as_ref().map(|x| x.value.clone()),
        summary: unit_summary(site, data, ui, true),
        report: crate::render::urls::unit_report(&data.l.prefix, &u.id.value),
    }
}
