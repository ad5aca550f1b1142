//! Lineage across plans (SPEC §10), on a site with several plans: on a
//! measure's page, what it and its indicators continue and what continues
//! them, each indicator's whole series in a table and a chart; and each
//! plan's lineage page (`lineage.html`), what it carried over, changed and
//! dropped against the plan it follows.
//!
//! A changed target is never declared: it is computed here, from the
//! earlier record's last target and the later one's ([`target_move`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::model::*;
use crate::plans::lineage::{Kind, Link};
use crate::plans::Plans;
use crate::render::chart;
use crate::render::markdown::escape;
use crate::render::urls;
use crate::render::views::{self, LinkView, Localizer, StatusView, TextView};
use crate::site::{IndicatorInfo, Site};
use crate::status;

// ------------------------------------------------------------ the records

/// A measure or indicator of some plan, found by its path.
pub struct Found<'p> {
    pub site: &'p Site,
    pub plan: &'p PlanConfig,
    pub ci: usize,
    pub mi: usize,
    /// For an indicator's path: the indicator and its resolved assessment.
    pub indicator: Option<(&'p Indicator, &'p IndicatorInfo)>,
}

impl<'p> Found<'p> {
    fn measure(&self) -> &'p Measure {
        &self.site.collections[self.ci].measures[self.mi].measure
    }

    /// Its page (an indicator's part of it), as a path from a page of plan `here`.
    fn url(&self, l: &Localizer, here: &str) -> String {
        let c = &self.site.collections[self.ci].config.id;
        let m = &self.measure().id.value;
        let own = match self.indicator {
            Some((ind, _)) => urls::indicator(&l.prefix, c, m, &ind.id.value),
            None => urls::measure(&l.prefix, c, m),
        };
        in_plan(&self.plan.id, here, &own)
    }
}

/// `url` of plan `plan`, from a page of plan `here`.
fn in_plan(plan: &str, here: &str, url: &str) -> String {
    if plan == here {
        url.to_string()
    } else {
        urls::other_plan(plan, url)
    }
}

/// The record at `path` (`plan/collection/measure[/indicator]`).
pub fn find<'p>(plans: &'p Plans, path: &str) -> Option<Found<'p>> {
    let parts: Vec<&str> = path.split('/').collect();
    let (plan, c, m) = (parts.first()?, parts.get(1)?, parts.get(2)?);
    let site = plans.plan(plan)?;
    let ci = site.collections.iter().position(|x| x.config.id == *c)?;
    let mi = site.collections[ci]
        .measures
        .iter()
        .position(|x| x.measure.id.value == *m)?;
    let indicator = match parts.get(3) {
        None => None,
        Some(i) => {
            let info = site.indicators.get(&format!("{c}/{m}/{i}"))?;
            Some((site.indicator_at(info.at), info))
        }
    };
    Some(Found {
        site,
        plan: site.plan.as_ref()?,
        ci,
        mi,
        indicator,
    })
}

/// The path of measure `mi` of collection `ci` of a plan's site.
fn measure_path(site: &Site, plan: &str, ci: usize, mi: usize) -> String {
    let c = &site.collections[ci];
    crate::plans::lineage::measure_path(plan, &c.config.id, &c.measures[mi].measure.id.value)
}

/// The measure part of an indicator's path (a measure's path unchanged).
fn measure_of(path: &str) -> &str {
    match path.match_indices('/').nth(2) {
        Some((i, _)) => &path[..i],
        None => path,
    }
}

/// Whether the plans' site is one of several plans with their lineage:
/// the plans and this plan's id.
fn several<'a>(site: &'a Site, data: &LangData<'a>) -> Option<(&'a Plans, &'a str)> {
    let plans = data.plans?;
    let plan = site.plan.as_ref()?;
    Some((plans, plan.id.as_str()))
}

/// Whether a plan is closed: its period ended on or before its as-of day.
pub fn closed(site: &Site) -> bool {
    site.plan.is_some() && site.config.period.end.value <= site.config.as_of.value
}

// ------------------------------------------------------ a changed target

/// How a later plan's target for the same series compares with the
/// earlier plan's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetMove {
    Unchanged,
    /// It asks more in the indicator's direction.
    Raised,
    /// It asks less: the earlier target's figure would meet it, and its
    /// own figure would not have met the earlier target.
    Lowered,
    /// Neither asks more (a band moved, a target in words changed, or the
    /// two cannot be compared).
    Changed,
}

impl TargetMove {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetMove::Unchanged => "unchanged",
            TargetMove::Raised => "raised",
            TargetMove::Lowered => "lowered",
            TargetMove::Changed => "changed",
        }
    }
}

/// How target `new` compares with target `old`, both read as the status
/// rule reads `new`'s indicator `ind` (its direction, comparator and
/// tolerance): lowered when a figure at the old target meets the new one
/// but one at the new target would not have met the old one.
pub fn target_move(ind: &Indicator, old: &Bound, new: &Bound) -> TargetMove {
    match (&old.value, &new.value) {
        (Some(a), Some(b)) => {
            if a.value == b.value && old.op == new.op {
                return TargetMove::Unchanged;
            }
            let new_takes_old = status::meets_target(ind, new, a.value);
            let old_takes_new = status::meets_target(ind, old, b.value);
            match (new_takes_old, old_takes_new) {
                (Some(true), Some(false)) => TargetMove::Lowered,
                (Some(false), Some(true)) => TargetMove::Raised,
                _ => TargetMove::Changed,
            }
        }
        (None, None) => {
            let words = |b: &Bound| b.text.as_ref().map(|t| t.by_lang.clone());
            if words(old) == words(new) {
                TargetMove::Unchanged
            } else {
                TargetMove::Changed
            }
        }
        _ => TargetMove::Changed,
    }
}

/// A target computed as changed between two records of a series.
pub struct TargetChange<'p> {
    pub old: &'p Bound,
    pub new: &'p Bound,
    pub moved: TargetMove,
    /// Whether a re-base lies between them (the figures are on different bases).
    pub rebased: bool,
}

/// How the last target of `later` compares with that of `earlier` (the
/// record it continues), or `None` when either has none.
fn target_change<'p>(
    earlier: &'p Indicator,
    later: &'p Indicator,
    change: Option<Change>,
) -> Option<TargetChange<'p>> {
    if change == Some(Change::Replaced) {
        return None;
    }
    let old = earlier.all_targets().last()?;
    let new = later.all_targets().last()?;
    let rebased = change == Some(Change::Rebased);
    let moved = match target_move(later, old, new) {
        TargetMove::Unchanged => TargetMove::Unchanged,
        _ if rebased => TargetMove::Changed,
        m => m,
    };
    Some(TargetChange {
        old,
        new,
        moved,
        rebased,
    })
}

// ------------------------------------------------------------ the views

/// A measure or indicator of a plan, linked.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RecordView {
    /// The title of the plan it belongs to.
    pub plan: TextView,
    /// That plan's home page.
    pub plan_url: String,
    /// Its title: a measure's, or an indicator's name.
    pub title: TextView,
    /// For an indicator: its measure's title.
    pub measure: Option<TextView>,
    /// Its page (an indicator's part of it).
    pub url: String,
    /// `plan/collection/measure[/indicator]`.
    pub path: String,
    /// Whether it belongs to the page's own plan (its plan goes unsaid).
    pub here: bool,
}

fn record_view(l: &Localizer, here: &str, f: &Found, path: &str) -> RecordView {
    let m = f.measure();
    let (title, measure) = match f.indicator {
        Some((ind, _)) => (l.text(&ind.name), Some(l.text(&m.title))),
        None => (l.text(&m.title), None),
    };
    RecordView {
        plan: l.text(&f.plan.title),
        plan_url: in_plan(&f.plan.id, here, &urls::home(&l.prefix)),
        title,
        measure,
        url: f.url(l, here),
        path: path.to_string(),
        here: f.plan.id == here,
    }
}

/// A target changed, in words.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct TargetChangeView {
    pub old: String,
    pub new: String,
    /// `raised`, `lowered` or `changed`.
    pub moved_id: &'static str,
    /// "Target lowered: ≥95 → ≥90".
    pub text: String,
}

fn target_change_view(l: &Localizer, t: &TargetChange) -> Option<TargetChangeView> {
    if t.moved == TargetMove::Unchanged {
        return None;
    }
    let old = target_text(l, t.old);
    let new = target_text(l, t.new);
    let s = l.s;
    let args = [("old", old.clone()), ("new", new.clone())];
    let text = match (t.moved, t.rebased) {
        (_, true) => s.fill("lineage.target_changed_rebased", &args),
        (TargetMove::Lowered, _) => s.fill("lineage.target_lowered", &args),
        (TargetMove::Raised, _) => s.fill("lineage.target_raised", &args),
        _ => s.fill("lineage.target_changed", &args),
    };
    Some(TargetChangeView {
        text,
        old,
        new,
        moved_id: t.moved.as_str(),
    })
}

/// A target with its period: "≥95 (2024)".
fn target_text(l: &Localizer, b: &Bound) -> String {
    l.s.fill(
        "lineage.target_in",
        &[
            ("value", views::bound_text(l, Some(b))),
            ("period", l.s.period(b.period.value)),
        ],
    )
}

/// One link between plans, as a measure page shows it.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct LineageLinkView {
    /// The record at the other end.
    pub record: RecordView,
    /// `same`, `renamed`, `rebased`, `merged`, `split`, `moved` or `replaced`.
    pub change_id: &'static str,
    /// The change in words ("the same measure", "renamed" …).
    pub change: String,
    /// Why (Markdown, rendered).
    pub note_html: Option<String>,
    /// For indicators: the target computed as changed, if it changed.
    pub target: Option<TargetChangeView>,
}

fn change_id(change: Option<Change>) -> &'static str {
    change.map_or("same", Change::as_str)
}

fn change_words(l: &Localizer, change: Option<Change>) -> String {
    let s = l.s;
    match change {
        None => s.get("lineage.change_same"),
        Some(Change::Renamed) => s.get("lineage.change_renamed"),
        Some(Change::Rebased) => s.get("lineage.change_rebased"),
        Some(Change::Merged) => s.get("lineage.change_merged"),
        Some(Change::Split) => s.get("lineage.change_split"),
        Some(Change::Moved) => s.get("lineage.change_moved"),
        Some(Change::Replaced) => s.get("lineage.change_replaced"),
    }
}

/// `link` from a page of plan `here`, showing the record at `other` (its
/// `to` for what this record continues, its `from` for what continues it).
fn link_view(
    plans: &Plans,
    l: &Localizer,
    here: &str,
    link: &Link,
    continued_by: bool,
) -> Option<LineageLinkView> {
    let other_path = if continued_by { &link.from } else { &link.to };
    let other = find(plans, other_path)?;
    let target = match (find(plans, &link.to), find(plans, &link.from)) {
        (Some(earlier), Some(later)) => match (earlier.indicator, later.indicator) {
            (Some((a, _)), Some((b, _))) => target_change(a, b, link.change)
                .as_ref()
                .and_then(|t| target_change_view(l, t)),
            _ => None,
        },
        _ => None,
    };
    Some(LineageLinkView {
        record: record_view(l, here, &other, other_path),
        change_id: change_id(link.change),
        change: change_words(l, link.change),
        note_html: link.note.as_ref().map(|n| l.markdown(n)),
        target,
    })
}

/// What a measure continues and what continues it, when either is known.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct MeasureLineage {
    /// What it continues in earlier plans.
    pub continues: Vec<LineageLinkView>,
    /// What continues it in later plans.
    pub continued_by: Vec<LineageLinkView>,
}

/// One plan's part of an indicator's series.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct SeriesRow {
    /// The plan, linked to its home page.
    pub plan: LinkView,
    /// The indicator in that plan, linked.
    pub url: String,
    /// The plan's period in words.
    pub period: String,
    pub baseline: String,
    /// Each target with its period and outcome ("≥95 (2024): met").
    pub targets: Vec<String>,
    /// Each figure with its period, oldest first.
    pub figures: Vec<String>,
    /// The indicator's status in that plan, from that plan's own figures.
    pub status: StatusView,
    /// Whether this is the page's own plan.
    pub current: bool,
    /// Whether the series is re-based from this plan on (a break before it).
    pub rebased: bool,
    /// Why it was re-based (Markdown, rendered).
    pub rebased_note_html: Option<String>,
    /// Whether that plan is closed (its results final).
    pub closed: bool,
}

/// An indicator's place in the series across plans.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct IndicatorLineage {
    /// The series id: the path of its earliest member.
    pub series: String,
    /// What it continues in earlier plans.
    pub continues: Vec<LineageLinkView>,
    /// What continues it in later plans.
    pub continued_by: Vec<LineageLinkView>,
    /// The series plan by plan, earliest first (empty when the indicator
    /// is its series' only member).
    pub rows: Vec<SeriesRow>,
    /// The chart of the whole series, wide and narrow (SVG, print with
    /// `| safe`), when it has more than one member and a figure.
    pub chart: Option<String>,
    /// The same chart drawn for a phone's width.
    pub chart_narrow: Option<String>,
}

/// The measure's own links, `None` when it has none (or the site has one plan).
pub fn measure_lineage(
    site: &Site,
    data: &LangData,
    ci: usize,
    mi: usize,
) -> Option<MeasureLineage> {
    let (plans, here) = several(site, data)?;
    let l = &data.l;
    let path = measure_path(site, here, ci, mi);
    let continues: Vec<_> = plans
        .lineages
        .continues(&path)
        .filter_map(|link| link_view(plans, l, here, link, false))
        .collect();
    let continued_by: Vec<_> = plans
        .lineages
        .continued_by(&path)
        .filter_map(|link| link_view(plans, l, here, link, true))
        .collect();
    (!continues.is_empty() || !continued_by.is_empty()).then_some(MeasureLineage {
        continues,
        continued_by,
    })
}

/// An indicator's links and series, `None` when it has neither (or the
/// site has one plan). `key` is its key in `site.indicators`; `index`
/// numbers the chart's ids on the page.
pub fn indicator_lineage(
    site: &Site,
    data: &LangData,
    key: &str,
    index: usize,
) -> Option<IndicatorLineage> {
    let (plans, here) = several(site, data)?;
    let l = &data.l;
    let path = format!("{here}/{key}");
    let continues: Vec<_> = plans
        .lineages
        .continues(&path)
        .filter(|link| Kind::of(&link.to) == Kind::Indicator)
        .filter_map(|link| link_view(plans, l, here, link, false))
        .collect();
    let continued_by: Vec<_> = plans
        .lineages
        .continued_by(&path)
        .filter_map(|link| link_view(plans, l, here, link, true))
        .collect();
    let members = plans.lineages.series_members(&path);
    let (rows, drawn) = if members.len() > 1 {
        series(plans, l, here, &path, &members, index)
    } else {
        (Vec::new(), None)
    };
    if continues.is_empty() && continued_by.is_empty() && rows.is_empty() {
        return None;
    }
    let (chart, chart_narrow) = drawn.map(|d| (d.wide, d.narrow)).unzip();
    Some(IndicatorLineage {
        series: plans.lineages.series_of(&path).to_string(),
        continues,
        continued_by,
        rows,
        chart,
        chart_narrow,
    })
}

/// The link by which `member` re-bases its series, if it does.
fn rebase_of<'p>(plans: &'p Plans, member: &'p str, members: &[&str]) -> Option<&'p Link> {
    plans
        .lineages
        .continues(member)
        .find(|link| link.change == Some(Change::Rebased) && members.contains(&link.to.as_str()))
}

fn series(
    plans: &Plans,
    l: &Localizer,
    here: &str,
    path: &str,
    members: &[&str],
    index: usize,
) -> (Vec<SeriesRow>, Option<chart::IndicatorChart>) {
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    let mut name = String::new();
    for member in members {
        let Some(f) = find(plans, member) else {
            continue;
        };
        let Some((ind, info)) = f.indicator else {
            continue;
        };
        let rebase = rebase_of(plans, member, members);
        let as_of = f.site.config.as_of.value;
        let outcomes = status::target_outcomes(ind, as_of);
        let targets = ind
            .all_targets()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = target_text(l, t);
                match outcomes.get(i) {
                    Some(o) => l.s.fill(
                        "lineage.target_outcome",
                        &[
                            ("target", text),
                            (
                                "outcome",
                                l.s.get(&format!("measure.outcome_{}", o.as_str())),
                            ),
                        ],
                    ),
                    None => text,
                }
            })
            .collect();
        let figures = status::chronological(&ind.progress)
            .into_iter()
            .map(|p| {
                let value = match (&p.value, &p.text) {
                    (Some(v), _) => l.s.literal(&v.literal),
                    (None, Some(t)) => l.text(t).plain,
                    (None, None) => "—".to_string(),
                };
                l.s.fill(
                    "lineage.figure_in",
                    &[("value", value), ("period", l.s.period(p.period.value))],
                )
            })
            .collect();
        let mut status = l.status(info.assessment.status);
        status.url = in_plan(&f.plan.id, here, &status.url);
        let plan_title = l.text(&f.plan.title);
        let c = &f.site.config;
        if *member == path {
            name = l.text(&ind.name).plain;
        }
        rows.push(SeriesRow {
            plan: LinkView {
                html: plan_title.html.clone(),
                plain: plan_title.plain.clone(),
                url: in_plan(&f.plan.id, here, &urls::home(&l.prefix)),
            },
            url: f.url(l, here),
            period: l.s.fill(
                "site.plan_period",
                &[
                    ("start", l.s.date(c.period.start.value)),
                    ("end", l.s.date(c.period.end.value)),
                ],
            ),
            baseline: ind
                .baseline
                .as_ref()
                .map(|b| target_text(l, b))
                .unwrap_or_else(|| "—".to_string()),
            targets,
            figures,
            status,
            current: *member == path,
            rebased: rebase.is_some(),
            rebased_note_html: rebase.and_then(|r| r.note.as_ref()).map(|n| l.markdown(n)),
            closed: closed(f.site),
        });
        parts.push(chart::SeriesPart {
            indicator: ind,
            plan: plan_title.plain,
            start: c.period.start.value,
            rebased: rebase.is_some(),
        });
    }
    let title = l.s.fill("lineage.series_chart", &[("name", name)]);
    let drawn =
        chart::series_chart(&parts, l.s, &format!("series-{index}"), &title).map(|d| l.chart(d));
    (rows, drawn)
}

// ------------------------------------------------------ the lineage page

/// A part of the lineage page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Carried,
    TargetChanged,
    Renamed,
    Rebased,
    Merged,
    Split,
    Moved,
    Replaced,
    New,
    Dropped,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Carried,
        Section::TargetChanged,
        Section::Renamed,
        Section::Rebased,
        Section::Merged,
        Section::Split,
        Section::Moved,
        Section::Replaced,
        Section::New,
        Section::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Carried => "carried",
            Section::TargetChanged => "target-changed",
            Section::Renamed => "renamed",
            Section::Rebased => "rebased",
            Section::Merged => "merged",
            Section::Split => "split",
            Section::Moved => "moved",
            Section::Replaced => "replaced",
            Section::New => "new",
            Section::Dropped => "dropped",
        }
    }

    fn of(change: Change) -> Section {
        match change {
            Change::Renamed => Section::Renamed,
            Change::Rebased => Section::Rebased,
            Change::Merged => Section::Merged,
            Change::Split => Section::Split,
            Change::Moved => Section::Moved,
            Change::Replaced => Section::Replaced,
        }
    }

    fn words(self, l: &Localizer) -> (String, String) {
        let s = l.s;
        match self {
            Section::Carried => (
                s.get("lineage.section_carried"),
                s.get("lineage.meaning_carried"),
            ),
            Section::TargetChanged => (
                s.get("lineage.section_target_changed"),
                s.get("lineage.meaning_target_changed"),
            ),
            Section::Renamed => (
                s.get("lineage.section_renamed"),
                s.get("lineage.meaning_renamed"),
            ),
            Section::Rebased => (
                s.get("lineage.section_rebased"),
                s.get("lineage.meaning_rebased"),
            ),
            Section::Merged => (
                s.get("lineage.section_merged"),
                s.get("lineage.meaning_merged"),
            ),
            Section::Split => (
                s.get("lineage.section_split"),
                s.get("lineage.meaning_split"),
            ),
            Section::Moved => (
                s.get("lineage.section_moved"),
                s.get("lineage.meaning_moved"),
            ),
            Section::Replaced => (
                s.get("lineage.section_replaced"),
                s.get("lineage.meaning_replaced"),
            ),
            Section::New => (s.get("lineage.section_new"), s.get("lineage.meaning_new")),
            Section::Dropped => (
                s.get("lineage.section_dropped"),
                s.get("lineage.meaning_dropped"),
            ),
        }
    }
}

/// One line of the lineage page, by paths.
pub struct Entry<'p> {
    pub section: Section,
    /// The record of this plan (none for one not carried over).
    pub this: Option<String>,
    /// The records of earlier plans it continues (or the one dropped).
    pub earlier: Vec<String>,
    /// Why: the change note, or a dropped record's `discontinued` note.
    pub note: Option<&'p Text>,
    /// For a changed target: the change.
    pub target: Option<TargetChange<'p>>,
}

/// The plans a plan is compared with: the one it follows, then those its
/// records continue, in plan order.
pub fn compared_plans<'p>(plans: &'p Plans, here: &str) -> Vec<&'p PlanConfig> {
    let Some(site) = plans.plan(here) else {
        return Vec::new();
    };
    let follows = site
        .plan
        .as_ref()
        .and_then(|p| p.follows.as_ref())
        .map(|f| f.value.as_str());
    let prefix = format!("{here}/");
    plans
        .plans
        .iter()
        .filter_map(|s| s.plan.as_ref())
        .filter(|p| {
            Some(p.id.as_str()) == follows
                || plans.lineages.links.iter().any(|link| {
                    link.from.starts_with(&prefix) && link.to.starts_with(&format!("{}/", p.id))
                })
        })
        .collect()
}

/// Every line of plan `here`'s lineage page, section by section in the
/// order of [`Section::ALL`], each in the order of the records.
pub fn entries<'p>(plans: &'p Plans, here: &str) -> Vec<Entry<'p>> {
    let Some(site) = plans.plan(here) else {
        return Vec::new();
    };
    let Some(plan) = site.plan.as_ref() else {
        return Vec::new();
    };
    let prefix = format!("{here}/");
    let own: Vec<&Link> = plans
        .lineages
        .links
        .iter()
        .filter(|link| link.from.starts_with(&prefix))
        .collect();
    let is_measure = |p: &str| Kind::of(p) == Kind::Measure;
    // How many records of this plan, of the same kind, continue each record.
    let shared = |to: &str, measure: bool| {
        own.iter()
            .filter(|o| o.to == to && is_measure(&o.from) == measure)
            .map(|o| &o.from)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let section_of = |links: &[&Link]| -> Section {
        match links[0].change {
            Some(c) => Section::of(c),
            None if links.len() > 1 => Section::Merged,
            None if shared(&links[0].to, is_measure(&links[0].from)) > 1 => Section::Split,
            None => Section::Carried,
        }
    };
    let mut out = Vec::new();
    for (ci, c) in site.collections.iter().enumerate() {
        for (mi, mf) in c.measures.iter().enumerate() {
            let m = &mf.measure;
            let path = measure_path(site, here, ci, mi);
            let links: Vec<&Link> = own.iter().copied().filter(|l| l.from == path).collect();
            if links.is_empty() {
                out.push(Entry {
                    section: Section::New,
                    this: Some(path.clone()),
                    earlier: Vec::new(),
                    note: None,
                    target: None,
                });
            } else {
                out.push(Entry {
                    section: section_of(&links),
                    this: Some(path.clone()),
                    earlier: links.iter().map(|l| l.to.clone()).collect(),
                    note: m.lineage.change_note.as_ref(),
                    target: None,
                });
            }
            for entry in &m.indicators {
                let IndicatorEntry::Defined(ind) = entry else {
                    continue;
                };
                let ipath = format!("{path}/{}", ind.id.value);
                let ilinks: Vec<&Link> = own.iter().copied().filter(|l| l.from == ipath).collect();
                if ilinks.is_empty() {
                    continue;
                }
                // Listed on its own when it says its own change, or
                // continues what its measure does not.
                let apart = ind.lineage.change.is_some()
                    || ilinks
                        .iter()
                        .any(|il| !links.iter().any(|ml| ml.to == measure_of(&il.to)));
                if apart {
                    out.push(Entry {
                        section: section_of(&ilinks),
                        this: Some(ipath.clone()),
                        earlier: ilinks.iter().map(|l| l.to.clone()).collect(),
                        note: ind.lineage.change_note.as_ref(),
                        target: None,
                    });
                }
                for il in &ilinks {
                    let Some((earlier, _)) = find(plans, &il.to).and_then(|f| f.indicator) else {
                        continue;
                    };
                    if let Some(t) = target_change(earlier, ind, il.change)
                        .filter(|t| t.moved != TargetMove::Unchanged)
                    {
                        out.push(Entry {
                            section: Section::TargetChanged,
                            this: Some(ipath.clone()),
                            earlier: vec![il.to.clone()],
                            note: None,
                            target: Some(t),
                        });
                    }
                }
            }
        }
    }
    // Not carried over: what the followed plan has and this one continues
    // nowhere, with the reason `discontinued` gives.
    let followed = plan
        .follows
        .as_ref()
        .and_then(|f| plans.plan(&f.value))
        .and_then(|s| Some((s, s.plan.as_ref()?)));
    if let Some((before, before_plan)) = followed {
        let continued = |p: &str| own.iter().any(|l| l.to == p);
        let reason = |p: &str| {
            plan.discontinued
                .iter()
                .find(|d| d.target.value == p)
                .and_then(|d| d.note.as_ref())
        };
        for (ci, c) in before.collections.iter().enumerate() {
            for (mi, mf) in c.measures.iter().enumerate() {
                let path = measure_path(before, &before_plan.id, ci, mi);
                let indicators: Vec<String> = mf
                    .measure
                    .indicators
                    .iter()
                    .filter_map(|e| match e {
                        IndicatorEntry::Defined(ind) => Some(format!("{path}/{}", ind.id.value)),
                        IndicatorEntry::Ref(_) => None,
                    })
                    .collect();
                let measure_lives = continued(&path) || indicators.iter().any(|i| continued(i));
                // A measure replaced takes its indicators with it: the
                // replacement stands outside their series.
                let replaced = own
                    .iter()
                    .any(|l| l.to == path && l.change == Some(Change::Replaced));
                if replaced {
                    continue;
                }
                if !measure_lives {
                    out.push(Entry {
                        section: Section::Dropped,
                        this: None,
                        note: reason(&path),
                        earlier: vec![path],
                        target: None,
                    });
                    continue;
                }
                for ipath in indicators.into_iter().filter(|i| !continued(i)) {
                    out.push(Entry {
                        section: Section::Dropped,
                        this: None,
                        note: reason(&ipath),
                        earlier: vec![ipath],
                        target: None,
                    });
                }
            }
        }
    }
    out.sort_by_key(|e| e.section);
    out
}

/// `x` of `lineage.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct LineageContext {
    /// "What this plan carried over, changed and dropped".
    pub heading: String,
    /// What the page lists, or that the plan follows none.
    pub intro: String,
    /// The plans compared with (the one followed, and those whose
    /// records this plan continues), linked to their home pages.
    pub compared: Vec<LinkView>,
    /// The plans that follow this one, linked to their lineage pages.
    pub followed_by: Vec<LinkView>,
    /// Every section, in order, even an empty one (it says so).
    pub sections: Vec<LineageSectionView>,
}

/// A section of the lineage page.
#[derive(Serialize, JsonSchema, Debug)]
pub struct LineageSectionView {
    /// `carried`, `target-changed`, `renamed`, `rebased`, `merged`,
    /// `split`, `moved`, `replaced`, `new` or `dropped`.
    pub id: &'static str,
    /// The id of its heading, for the summary's links.
    pub anchor: String,
    pub heading: String,
    /// What the section lists.
    pub meaning: String,
    pub count: usize,
    pub rows: Vec<LineageRowView>,
}

/// A line of a section.
#[derive(Serialize, JsonSchema, Debug)]
pub struct LineageRowView {
    /// The record of this plan (none for one not carried over).
    pub this: Option<RecordView>,
    /// The records of earlier plans.
    pub earlier: Vec<RecordView>,
    /// Why (Markdown, rendered); for a record not carried over without a
    /// reason, that none was given.
    pub note_html: Option<String>,
    /// Whether a record not carried over comes without a reason.
    pub no_reason: bool,
    pub target: Option<TargetChangeView>,
}

pub fn lineage_page(site: &Site, data: &LangData) -> LineageContext {
    let l = &data.l;
    let heading = l.s.get("lineage.heading");
    let Some((plans, here)) = several(site, data) else {
        return LineageContext {
            heading,
            intro: String::new(),
            compared: Vec::new(),
            followed_by: Vec::new(),
            sections: Vec::new(),
        };
    };
    let plan_link = |p: &PlanConfig, url: String| {
        let t = l.text(&p.title);
        LinkView {
            html: t.html,
            plain: t.plain,
            url: in_plan(&p.id, here, &url),
        }
    };
    let compared: Vec<LinkView> = compared_plans(plans, here)
        .into_iter()
        .map(|p| plan_link(p, urls::home(&l.prefix)))
        .collect();
    let followed_by = plans
        .plans
        .iter()
        .filter_map(|s| s.plan.as_ref())
        .filter(|p| p.follows.as_ref().is_some_and(|f| f.value == here))
        .map(|p| plan_link(p, urls::lineage(&l.prefix)))
        .collect();
    let intro = match compared.is_empty() {
        true => l.s.get("lineage.follows_none"),
        false => l.s.get("lineage.intro"),
    };
    let all = entries(plans, here);
    let view = |path: &str| find(plans, path).map(|f| record_view(l, here, &f, path));
    let sections = match compared.is_empty() {
        true => Vec::new(),
        false => Section::ALL
            .iter()
            .map(|section| {
                let rows: Vec<LineageRowView> = all
                    .iter()
                    .filter(|e| e.section == *section)
                    .map(|e| {
                        let no_reason = *section == Section::Dropped && e.note.is_none();
                        LineageRowView {
                            this: e.this.as_deref().and_then(view),
                            earlier: e.earlier.iter().filter_map(|p| view(p)).collect(),
                            note_html: match no_reason {
                                true => Some(format!(
                                    "<p>{}</p>",
                                    escape(&l.s.get("lineage.no_reason"))
                                )),
                                false => e.note.map(|n| l.markdown(n)),
                            },
                            no_reason,
                            target: e.target.as_ref().and_then(|t| target_change_view(l, t)),
                        }
                    })
                    .collect();
                let (heading, meaning) = section.words(l);
                LineageSectionView {
                    id: section.as_str(),
                    anchor: format!("lineage-{}", section.as_str()),
                    heading,
                    meaning,
                    count: rows.len(),
                    rows,
                }
            })
            .collect(),
    };
    LineageContext {
        heading,
        intro,
        compared,
        followed_by,
        sections,
    }
}

/// On a closed plan's page: that its results are final.
pub fn closed_note(site: &Site, l: &Localizer) -> Option<String> {
    closed(site).then(|| {
        l.s.fill(
            "lineage.closed",
            &[("date", l.s.date(site.config.period.end.value))],
        )
    })
}

#[cfg(test)]
mod tests;
