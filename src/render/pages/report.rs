//! The printable report (`report.html`): the whole plan at `/report/`, or
//! one body's part of it at `/units/<unit>/report/`, on one page — status
//! counts on top, then per collection every measure with its number,
//! title, lead body, each indicator's baseline → latest → target with its
//! status and reason, and its milestones. The theme's print styles lay it
//! out for A4.

use schemars::JsonSchema;
use serde::Serialize;

use super::measure::{milestone_views, MilestoneView};
use super::LangData;
use crate::render::urls;
use crate::render::views::{self, IndicatorCell, LinkView, MeasureRow, StatusCount, TextView};
use crate::site::Site;

/// `x` of `report.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReportContext {
    /// The page's heading.
    pub heading: String,
    /// The body whose part this is (a body's report), linked to its page.
    pub unit: Option<LinkView>,
    /// "12 measures (3 led, …)" — what the report covers, in words.
    pub intro: String,
    /// Counts of every status over the measures of the report.
    pub counts: Vec<StatusCount>,
    /// The collections with at least one measure in the report.
    pub collections: Vec<ReportCollection>,
    /// The bodies' own reports (on the whole plan's report; empty on a body's).
    pub unit_reports: Vec<LinkView>,
    /// The whole plan's report (on a body's report).
    pub full_report: Option<String>,
    /// The stylesheet that puts the page's address and as-of date in the
    /// margins of every printed page, root-relative.
    pub print_css: String,
}

/// One collection of the report.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReportCollection {
    pub title: TextView,
    /// The collection's index page, root-relative.
    pub url: String,
    /// The id for the table's caption.
    pub anchor: String,
    pub counts: Vec<StatusCount>,
    pub measures: Vec<ReportMeasure>,
}

/// One measure of the report.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReportMeasure {
    /// Number, title, lead bodies, status and indicators (baseline,
    /// latest, target, status), as the index tables have them.
    #[schemars(with = "MeasureRow")]
    pub row: tera::Value,
    /// The reason of each indicator's status, in the order of `row.indicators`.
    pub indicators: Vec<ReportIndicator>,
    /// Why the measure has its status when no indicator says it: its
    /// milestones, the update that declared it, or its status note.
    pub reason: Option<String>,
    pub milestones: Vec<MilestoneView>,
    /// On a body's report: whether the body leads it ("Lead") or shares it.
    pub role: Option<String>,
}

/// An indicator of a measure in the report.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReportIndicator {
    #[schemars(with = "IndicatorCell")]
    pub cell: tera::Value,
    /// Why it has its status ("41,200 at 2024-Q2, expected 40,995 …").
    pub reason: String,
}

/// The report of the whole plan (`unit` `None`) or of one body.
pub fn report(site: &Site, data: &LangData, unit: Option<usize>) -> ReportContext {
    let l = &data.l;
    let s = l.s;
    // A body's report: its measures, each with whether it leads it.
    let of_unit = unit.map(|ui| data.measures_of_unit(&site.units[ui].id.value));
    let led = of_unit.map_or(0, |own| own.iter().filter(|x| x.leads).count());
    let shared = of_unit.map_or(0, |own| own.len() - led);
    let mut collections = Vec::new();
    let mut statuses = Vec::new();
    for (ci, c) in site.collections.iter().enumerate() {
        let mut measures = Vec::new();
        let mut own = Vec::new();
        // (measure, whether the body leads it), in the collection's order.
        let chosen: Vec<(usize, Option<bool>)> = match of_unit {
            None => (0..c.measures.len()).map(|mi| (mi, None)).collect(),
            Some(of_unit) => of_unit
                .iter()
                .filter(|x| x.at.0 == ci)
                .map(|x| (x.at.1, Some(x.leads)))
                .collect(),
        };
        for (mi, leads) in chosen {
            let m = &c.measures[mi].measure;
            let role = leads.map(|leads| match leads {
                true => s.get("report.role_lead"),
                false => s.get("report.role_shared"),
            });
            own.push(site.measure_assessment[ci][mi].status);
            let row = &data.rows[ci][mi];
            // The row's shared value, whose cells the report's `indicators`
            // share too, instead of converting them again: on a large site
            // the whole plan's report has the largest context of any page.
            let row_value = row.value();
            let cells = row_value
                .get_from_path("indicators")
                .and_then(tera::Value::as_array)
                .unwrap_or_default();
            let indicators = site
                .listed_indicators(ci, mi)
                .iter()
                .zip(&row.indicators)
                .zip(cells)
                .map(|((li, cell), value)| ReportIndicator {
                    cell: value.clone(),
                    reason: s.reason(&li.info.assessment.reason, &cell.unit),
                })
                .collect();
            let (milestones, milestone_reason) = milestone_views(site, l, ci, mi);
            let judged = &site.measure_assessment[ci][mi];
            let reason = match super::measure::basis_text(l, judged.basis) {
                Some(text) => Some(text),
                None => milestone_reason.or_else(|| {
                    m.indicators
                        .is_empty()
                        .then(|| m.status_note.as_ref().map(|n| l.text(n).plain))
                        .flatten()
                }),
            };
            measures.push(ReportMeasure {
                row: row_value,
                indicators,
                reason,
                milestones,
                role,
            });
        }
        if measures.is_empty() {
            continue;
        }
        statuses.extend(&own);
        let counts = views::status_counts(l, own);
        collections.push(ReportCollection {
            title: l.text(&c.config.title),
            url: urls::collection(&l.prefix, &c.config.id),
            anchor: format!("report-{}", c.config.id),
            counts,
            measures,
        });
    }
    let total = statuses.len();
    let as_of = s.date(site.config.as_of.value);
    match unit {
        None => ReportContext {
            heading: s.get("report.heading"),
            unit: None,
            intro: s.fill(
                "report.intro",
                &[("count", total.to_string()), ("date", as_of)],
            ),
            counts: views::status_counts(l, statuses),
            collections,
            unit_reports: site
                .units
                .iter()
                .map(|u| {
                    let mut link = views::unit_link(l, u);
                    link.url = urls::unit_report(&l.prefix, &u.id.value);
                    link
                })
                .collect(),
            full_report: None,
            print_css: urls::report_print_css(&urls::report(&l.prefix)),
        },
        Some(ui) => {
            let link = views::unit_link(l, &site.units[ui]);
            ReportContext {
                heading: s.fill("report.unit_heading", &[("unit", link.plain.clone())]),
                unit: Some(link),
                intro: s.fill(
                    "report.unit_intro",
                    &[
                        ("led", led.to_string()),
                        ("shared", shared.to_string()),
                        ("date", as_of),
                    ],
                ),
                counts: views::status_counts(l, statuses),
                collections,
                unit_reports: Vec::new(),
                full_report: Some(urls::report(&l.prefix)),
                print_css: urls::report_print_css(&urls::unit_report(
                    &l.prefix,
                    &site.units[ui].id.value,
                )),
            }
        }
    }
}
