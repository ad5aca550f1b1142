//! The pages above the plans of a site with several (SPEC §10): the plan
//! list at the root (`plans.html`) and each responsible body's measures in
//! every plan (`units_plans.html`, `unit_plans.html`).

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::plans::Plans;
use crate::render::urls;
use crate::render::views::{self, LinkView, Localizer, MeasureRow, StatusCount, TextView};
use crate::site::{Site, UnitMeasure};

/// `x` of `plans.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct PlansContext {
    /// Open plans first (latest start first), then closed ones.
    pub plans: Vec<PlanCard>,
    /// The status legend.
    pub statuses: Vec<super::StatusMeaning>,
    /// The open data covering every plan, root-relative.
    pub data: Vec<LinkView>,
}

/// One plan on the plan list.
#[derive(Serialize, JsonSchema, Debug)]
pub struct PlanCard {
    pub id: String,
    pub title: TextView,
    /// A word for readers: 工作要点, Programme …
    pub kind: Option<TextView>,
    /// "1 January 2023 to 31 December 2023".
    pub period: String,
    /// "Data as of …", in the plan's own as-of day.
    pub as_of: String,
    /// Its period ended on or before its as-of day: its results are final.
    pub closed: bool,
    /// Its pages, root-relative.
    pub url: String,
    /// Its lineage page, when it follows a plan or continues records of others.
    pub lineage: Option<String>,
    pub follows: Option<LinkView>,
    pub parents: Vec<LinkView>,
    /// "N measures, K indicators".
    pub counts_text: String,
    pub counts: Vec<StatusCount>,
    /// The status bar chart (inline SVG).
    pub bar: String,
}

/// `x` of `units_plans.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitsPlansContext {
    pub units: Vec<UnitPlansSummary>,
}

/// A body on the list of bodies above the plans.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitPlansSummary {
    pub link: LinkView,
    /// How many measures it leads or shares in each plan that has any.
    pub plans: Vec<UnitPlanCount>,
}

#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitPlanCount {
    pub plan: LinkView,
    pub led: usize,
    pub shared: usize,
}

/// `x` of `unit_plans.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitPlansContext {
    pub name: TextView,
    /// Other names of the body (in the default language).
    pub aliases: Vec<String>,
    pub website: Option<String>,
    /// Its measures plan by plan, in the order of the plan list.
    pub plans: Vec<UnitPlanSection>,
}

/// A body's measures in one plan.
#[derive(Serialize, JsonSchema, Debug)]
pub struct UnitPlanSection {
    pub plan: LinkView,
    /// The body's own page in that plan (with its report and milestones).
    pub unit_page: String,
    pub counts: Vec<StatusCount>,
    pub led: Vec<MeasureRow>,
    pub shared: Vec<MeasureRow>,
}

/// The plans in the order the plan list shows them: open ones first, each
/// group latest start first.
pub fn list_order(plans: &Plans) -> Vec<&Site> {
    let mut order: Vec<&Site> = plans.plans.iter().collect();
    order.sort_by_key(|s| (closed(s), std::cmp::Reverse(s.config.period.start.value)));
    order
}

/// A plan whose period ended on or before its as-of day (SPEC §10).
pub fn closed(site: &Site) -> bool {
    site.config.period.end.value <= site.config.as_of.value
}

fn plan_id(site: &Site) -> &str {
    site.plan
        .as_ref()
        .map(|p| p.id.as_str())
        .unwrap_or_default()
}

fn plan_link(l: &Localizer, site: &Site) -> LinkView {
    let title = l.text(&site.config.title);
    LinkView {
        html: title.html,
        plain: title.plain,
        url: format!("{}/{}", plan_id(site), l.prefix),
    }
}

pub fn plan_list(plans: &Plans, data: &LangData) -> PlansContext {
    let l = &data.l;
    let s = l.s;
    let cards = list_order(plans)
        .into_iter()
        .map(|site| {
            let plan = site.plan.as_ref().expect("a plan of a site with several");
            let id = &plan.id;
            let counts = counts_in(
                id,
                views::status_counts(
                    l,
                    site.measure_assessment.iter().flatten().map(|a| a.status),
                ),
            );
            let title = l.text(&site.config.title);
            let bar_title = s.fill(
                "dashboard.chart_title",
                &[
                    ("count", site.measure_count().to_string()),
                    ("name", title.plain.clone()),
                ],
            );
            let has_lineage = plan.follows.is_some()
                || plans.lineages.links.iter().any(|k| {
                    k.from
                        .split_once('/')
                        .is_some_and(|(p, _)| p == id.as_str())
                });
            PlanCard {
                id: id.clone(),
                kind: plan.kind.as_ref().map(|k| l.text(k)),
                period: s.fill(
                    "site.plan_period",
                    &[
                        ("start", s.date(site.config.period.start.value)),
                        ("end", s.date(site.config.period.end.value)),
                    ],
                ),
                as_of: s.fill("site.as_of", &[("date", s.date(site.config.as_of.value))]),
                closed: closed(site),
                url: format!("{id}/{}", l.prefix),
                lineage: has_lineage.then(|| format!("{id}/{}", urls::lineage(&l.prefix))),
                follows: plan
                    .follows
                    .as_ref()
                    .and_then(|f| plans.plan(&f.value))
                    .map(|f| plan_link(l, f)),
                parents: plan
                    .parent
                    .iter()
                    .filter_map(|p| plans.plan(&p.value))
                    .map(|p| plan_link(l, p))
                    .collect(),
                counts_text: s.fill(
                    "plans.counts",
                    &[
                        ("measures", site.measure_count().to_string()),
                        ("indicators", site.indicator_count().to_string()),
                    ],
                ),
                bar: views::status_bar(l, &counts, &format!("bar-{id}"), &bar_title),
                counts,
                title,
            }
        })
        .collect();
    let data_link = |name: &str, label: String| LinkView {
        html: crate::render::markdown::escape(&label),
        plain: label,
        url: urls::data_file(name),
    };
    PlansContext {
        plans: cards,
        statuses: super::StatusMeaning::all(l),
        data: vec![
            data_link(urls::PLANS_JSON, s.get("plans.data_plans")),
            data_link(
                &format!("{}{}", urls::ALL_PLANS_DIR, urls::MEASURES_JSON),
                s.get("plans.data_measures"),
            ),
            data_link(
                &format!("{}{}", urls::ALL_PLANS_DIR, urls::INDICATORS_CSV),
                s.get("plans.data_indicators"),
            ),
            data_link(
                &format!("{}{}", urls::ALL_PLANS_DIR, urls::OBSERVATIONS_CSV),
                s.get("plans.data_observations"),
            ),
        ],
    }
}

/// Measures of a plan by position: (collection, measure).
type At = Vec<(usize, usize)>;

/// The positions of the measures a body leads and of those it shares,
/// from its [`UnitMeasure`]s.
fn led_and_shared(own: &[UnitMeasure]) -> (At, At) {
    let (led, shared): (Vec<_>, Vec<_>) = own.iter().partition(|x| x.leads);
    let at = |v: Vec<&UnitMeasure>| v.iter().map(|x| x.at).collect();
    (at(led), at(shared))
}

pub fn units(plans: &Plans, data: &LangData) -> UnitsPlansContext {
    let l = &data.l;
    let order = list_order(plans);
    let indexes: Vec<_> = order.iter().map(|site| site.unit_measures()).collect();
    UnitsPlansContext {
        units: plans
            .root
            .units
            .iter()
            .map(|u| UnitPlansSummary {
                link: views::unit_link(l, u),
                plans: order
                    .iter()
                    .zip(&indexes)
                    .filter_map(|(site, index)| {
                        let own = index.get(u.id.value.as_str())?;
                        let led = own.iter().filter(|x| x.leads).count();
                        Some(UnitPlanCount {
                            plan: plan_link(l, site),
                            led,
                            shared: own.len() - led,
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn unit(plans: &Plans, data: &LangData, ui: usize) -> UnitPlansContext {
    let l = &data.l;
    let unit = &plans.root.units[ui];
    let id = &unit.id.value;
    let sections = list_order(plans)
        .into_iter()
        .filter_map(|site| {
            let (led, shared) = led_and_shared(&site.measures_of_unit(id));
            if led.is_empty() && shared.is_empty() {
                return None;
            }
            let plan = plan_id(site);
            let rows = |at: &[(usize, usize)]| -> Vec<MeasureRow> {
                at.iter()
                    .map(|&(ci, mi)| in_plan(plan, views::measure_row(site, l, ci, mi)))
                    .collect()
            };
            let statuses = led
                .iter()
                .chain(&shared)
                .map(|&(ci, mi)| site.measure_assessment[ci][mi].status);
            Some(UnitPlanSection {
                plan: plan_link(l, site),
                unit_page: format!("{plan}/{}", urls::unit(&l.prefix, id)),
                counts: counts_in(plan, views::status_counts(l, statuses)),
                led: rows(&led),
                shared: rows(&shared),
            })
        })
        .collect();
    UnitPlansContext {
        name: l.text(&unit.name),
        aliases: unit.aliases.clone(),
        website: unit.url.as_ref().map(|u| u.value.clone()),
        plans: sections,
    }
}

/// A row of a plan's table, its links made relative to the site's root:
/// the plan's own pages behind `<plan>/`; bodies stay at the root, where
/// their pages cover every plan.
fn in_plan(plan: &str, mut row: MeasureRow) -> MeasureRow {
    row.url = format!("{plan}/{}", row.url);
    if let Some(c) = &mut row.category {
        c.url = format!("{plan}/{}", c.url);
    }
    row.status.url = format!("{plan}/{}", row.status.url);
    for cell in &mut row.indicators {
        cell.status.url = format!("{plan}/{}", cell.status.url);
    }
    row
}

/// Status counts whose links go to the status pages of plan `plan`.
fn counts_in(plan: &str, mut counts: Vec<StatusCount>) -> Vec<StatusCount> {
    for c in &mut counts {
        c.status.url = format!("{plan}/{}", c.status.url);
    }
    counts
}
