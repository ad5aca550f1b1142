//! The pages of releases and what changed (`changes.html`, `release.html`)
//! and the "History" of a measure page: the change model of
//! [`crate::changes`] laid out in words, figures formatted as the measure
//! pages format them.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::changes::diff::of_measure;
use crate::changes::snapshot::{text_of, SnapMeasure, Texts};
use crate::changes::{Change, History, Kind, Side, Snapshot};
use crate::model::Status;
use crate::period::{Date, Period};
use crate::plans::Plans;
use crate::render::markdown::escape;
use crate::render::urls;
use crate::render::views::{bound_text, Localizer};
use crate::site::Site;

/// `x` of `changes.html`: every release, newest first.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ChangesContext {
    pub releases: Vec<ReleaseSummary>,
    /// What changed since the latest release, when the content has moved on.
    pub since: Option<ChangeSet>,
    /// Root-relative URL of `data/changes.json`.
    pub data_url: String,
}

/// A release as the list of releases shows it.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReleaseSummary {
    pub name: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub date: String,
    pub date_text: String,
    /// Set for the first release, which starts the history: what it holds.
    pub first: Option<String>,
    pub counts: Vec<KindCount>,
    pub total: usize,
}

/// How many changes of one kind.
#[derive(Serialize, JsonSchema, Debug)]
pub struct KindCount {
    /// The kind's id (`value-revised`).
    pub kind: &'static str,
    pub label: String,
    pub count: usize,
}

/// Changes between two states, counted and grouped.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ChangeSet {
    pub heading: String,
    pub counts: Vec<KindCount>,
    pub total: usize,
    pub groups: Vec<CollectionChanges>,
}

/// The changes in one collection, by measure.
#[derive(Serialize, JsonSchema, Debug)]
pub struct CollectionChanges {
    pub title: String,
    pub measures: Vec<MeasureChanges>,
}

/// The changes to one measure.
#[derive(Serialize, JsonSchema, Debug)]
pub struct MeasureChanges {
    pub title: String,
    /// Root-relative URL of its page, when it is still in the content.
    pub url: Option<String>,
    pub changes: Vec<ChangeView>,
}

/// One change in words.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ChangeView {
    /// The kind's id (`value-revised`), for a class.
    pub kind: &'static str,
    /// The kind in words.
    pub label: String,
    /// What changed (an indicator and period, a milestone, a task), escaped.
    pub subject_html: String,
    /// The old figure or word, as the measure pages show it.
    pub old: Option<String>,
    pub new: Option<String>,
    /// Whether a revised value was marked `revised`, in words.
    pub flag_note: Option<String>,
    /// Whether the revision was silent (not marked `revised`).
    pub silent: bool,
    /// A text's change, `<del>`/`<ins>` marked with hidden words for
    /// screen readers; escaped.
    pub diff_html: Option<String>,
    /// The language of the text in `diff_html`.
    pub lang: Option<String>,
}

/// `x` of `release.html`: what changed from the release before.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReleaseContext {
    pub name: String,
    pub heading: String,
    /// "Released on …; data as of …".
    pub released: String,
    /// Set for the first release: what it holds.
    pub first: Option<String>,
    /// The changes from the release before (none for the first).
    pub changes: ChangeSet,
    pub previous: Option<ReleaseLink>,
    pub next: Option<ReleaseLink>,
    /// Root-relative URL of the list of releases.
    pub index_url: String,
    /// Root-relative URL of this release's snapshot (`data/releases/<name>.json`).
    pub snapshot_url: String,
}

#[derive(Serialize, JsonSchema, Debug)]
pub struct ReleaseLink {
    pub name: String,
    pub url: String,
}

/// One release's (or the unreleased) changes to a measure, for its History.
#[derive(Serialize, JsonSchema, Debug, Default)]
pub struct HistoryEntry {
    pub heading: String,
    /// Root-relative URL of the release's page (none for the unreleased).
    pub url: Option<String>,
    pub changes: Vec<ChangeView>,
}

fn plain(l: &Localizer, t: &Texts) -> String {
    l.text(&text_of(t)).plain
}

pub fn kind_label(l: &Localizer, k: Kind) -> String {
    l.s.get(&format!("changes.kind.{}", k.key()))
}

pub fn counts(l: &Localizer, changes: &[Change]) -> Vec<KindCount> {
    crate::changes::diff::counts(changes)
        .into_iter()
        .map(|(k, count)| KindCount {
            kind: k.as_str(),
            label: kind_label(l, k),
            count,
        })
        .collect()
}

fn period_text(l: &Localizer, p: &str) -> String {
    match (Period::parse(p), Date::parse(p)) {
        (_, Some(d)) => l.s.date(d),
        (Some(p), None) => l.s.period(p),
        _ => p.to_string(),
    }
}

/// The measure a change is about, in the newer state, else the older.
fn find<'s>(new: &'s Snapshot, old: &'s Snapshot, c: &Change) -> Option<&'s SnapMeasure> {
    let plan = c.plan.as_deref();
    new.measure(plan, &c.collection, &c.measure)
        .or_else(|| old.measure(plan, &c.collection, &c.measure))
}

/// A change in words, figures formatted as on the measure pages.
pub fn change_view(l: &Localizer, old: &Snapshot, new: &Snapshot, c: &Change) -> ChangeView {
    let m = find(new, old, c);
    let ind = c.indicator.as_deref().and_then(|id| {
        [new, old]
            .iter()
            .filter_map(|s| s.measure(c.plan.as_deref(), &c.collection, &c.measure))
            .flat_map(|m| &m.indicators)
            .find(|i| i.id == id)
    });
    let unit = ind
        .and_then(|i| i.unit.as_ref())
        .map(|u| plain(l, u))
        .unwrap_or_default();
    let side = |s: &Option<Side>| -> Option<String> {
        s.as_ref().map(|s| match s {
            Side::Value(v) => {
                let mut text = bound_text(l, Some(&v.to_bound()));
                if v.decimal().is_some() && !unit.is_empty() {
                    text = format!("{text} {unit}");
                }
                if c.kind != Kind::ProgressAdded
                    && v.period.as_str() != c.period.as_deref().unwrap_or("")
                {
                    text = format!("{text} ({})", period_text(l, &v.period));
                }
                if let Some(flag) = v.flag.as_deref().and_then(|f| {
                    crate::model::Flag::ALL
                        .iter()
                        .find(|(s, _)| *s == f)
                        .map(|(_, f)| *f)
                }) {
                    text = format!("{text} ({})", l.flag(flag).label);
                }
                text
            }
            Side::Word(w) => match Status::parse(w) {
                Some(st) if c.kind == Kind::StatusChanged => l.s.status(st),
                _ => w.clone(),
            },
        })
    };
    let mut subject = Vec::new();
    if let Some(i) = ind {
        subject.push(escape(&plain(l, &i.name)));
    }
    if let Some(ms_id) = &c.milestone {
        let title = [new, old]
            .iter()
            .filter_map(|s| s.measure(c.plan.as_deref(), &c.collection, &c.measure))
            .flat_map(|m| &m.milestones)
            .find(|ms| &ms.id == ms_id)
            .map(|ms| plain(l, &ms.title))
            .unwrap_or_else(|| ms_id.clone());
        subject.push(escape(&title));
    }
    if let Some(n) = c.task {
        subject.push(escape(&l.s.fill("changes.task", &[("n", n.to_string())])));
    }
    if let Some(p) = &c.period {
        subject.push(escape(&period_text(l, p)));
    }
    if subject.is_empty()
        && m.is_some()
        && matches!(c.kind, Kind::StatusChanged | Kind::TitleChanged)
    {
        subject.push(escape(&l.s.get("changes.measure")));
    }
    let is_text = matches!(
        c.kind,
        Kind::TitleChanged | Kind::SummaryChanged | Kind::TaskChanged
    );
    let diff_html = (is_text && !c.diff.is_empty()).then(|| l.fragment(diff_html(l, c)));
    let (old_text, new_text) = if is_text {
        (None, None)
    } else if c.kind == Kind::UpdateAdded {
        // The update's text in the page's language.
        let text = m
            .and_then(|m| {
                m.updates
                    .iter()
                    .find(|u| Some(&u.date) == c.period.as_ref())
            })
            .map(|u| plain(l, &u.text));
        (None, text.or_else(|| side(&c.new)))
    } else {
        (side(&c.old), side(&c.new))
    };
    let new_text = match (&c.old, &c.new, c.kind) {
        (Some(_), None, Kind::ValueRevised) => Some(l.s.get("changes.removed_value")),
        _ => new_text,
    };
    ChangeView {
        kind: c.kind.as_str(),
        label: kind_label(l, c.kind),
        subject_html: subject.join(" · "),
        old: old_text,
        new: new_text,
        // A value marked revised says so beside it; only a silent one is noted.
        flag_note: c
            .is_silent_revision()
            .then(|| l.s.get("changes.not_flagged")),
        silent: c.is_silent_revision(),
        diff_html,
        lang: c.lang.clone(),
    }
}

/// A text's diff: deletions in `<del>`, insertions in `<ins>`, each with a
/// hidden word for screen readers and visible brackets, so that it reads
/// without colour or strike-through.
fn diff_html(l: &Localizer, c: &Change) -> String {
    let deleted = escape(&l.s.get("changes.deleted"));
    let inserted = escape(&l.s.get("changes.inserted"));
    let html = c
        .diff
        .iter()
        .map(|s| match s.op {
            "delete" => format!(
                "<del><span class=\"visually-hidden\">{deleted} </span>[−{}]</del>",
                escape(&s.text)
            ),
            "insert" => format!(
                "<ins><span class=\"visually-hidden\">{inserted} </span>[+{}]</ins>",
                escape(&s.text)
            ),
            _ => escape(&s.text),
        })
        .collect();
    l.markup(html)
}

/// A measure's plan (on a site with several), collection and id.
type MeasureKey<'a> = (Option<&'a str>, &'a str, &'a str);

/// The changes from `old` to `new`, counted and grouped by plan (on a
/// site with several, `plans`), collection and measure, in the order of
/// the site.
pub fn change_set(
    site: &Site,
    plans: Option<&Plans>,
    l: &Localizer,
    heading: String,
    old: &Snapshot,
    new: &Snapshot,
    changes: &[Change],
) -> ChangeSet {
    let mut groups: Vec<CollectionChanges> = Vec::new();
    // The site's order where the site has them (every plan's, in the
    // plans' order, when it has several), then the rest by id.
    let sites: Vec<&Site> = match plans.filter(|p| p.several()) {
        Some(p) => p.plans.iter().collect(),
        None => vec![site],
    };
    let ranks: HashMap<MeasureKey, (usize, usize, usize)> = sites
        .iter()
        .enumerate()
        .flat_map(|(pi, s)| {
            let plan = s.plan.as_ref().map(|p| p.id.as_str());
            s.collections.iter().enumerate().flat_map(move |(ci, c)| {
                c.measures.iter().enumerate().map(move |(mi, m)| {
                    (
                        (plan, c.config.id.as_str(), m.measure.id.value.as_str()),
                        (pi, ci, mi),
                    )
                })
            })
        })
        .collect();
    let rank = |key: &MeasureKey| ranks.get(key).copied();
    let mut keys: Vec<MeasureKey> = changes
        .iter()
        .map(|c| (c.plan.as_deref(), c.collection.as_str(), c.measure.as_str()))
        .collect();
    keys.dedup();
    keys.sort_by(|a, b| {
        let order = |k: &MeasureKey| rank(k).unwrap_or((usize::MAX, usize::MAX, usize::MAX));
        (order(a), a).cmp(&(order(b), b))
    });
    keys.dedup();
    let own_plan = site.plan.as_ref().map(|p| p.id.as_str());
    for key in keys {
        let (plan, cid, mid) = key;
        let mut collection_title = [new, old]
            .iter()
            .find_map(|s| {
                s.collections
                    .iter()
                    .find(|c| c.plan.as_deref() == plan && c.id == cid)
            })
            .map(|c| plain(l, &c.title))
            .unwrap_or_else(|| cid.to_string());
        if let Some(p) = plan {
            // Which plan the changes belong to, before the collection.
            let plan_title = plans
                .and_then(|ps| ps.plan(p))
                .and_then(|s| s.plan.as_ref())
                .map(|c| l.text(&c.title).plain)
                .or_else(|| {
                    [new, old]
                        .iter()
                        .find_map(|s| s.plan_title(p))
                        .map(|t| plain(l, t))
                })
                .unwrap_or_else(|| p.to_string());
            collection_title = format!("{plan_title} · {collection_title}");
        }
        let measure = new
            .measure(plan, cid, mid)
            .or_else(|| old.measure(plan, cid, mid));
        let title = measure
            .map(|m| plain(l, &m.title))
            .unwrap_or_else(|| mid.to_string());
        let own = urls::measure(&l.prefix, cid, mid);
        let url = rank(&key).map(|_| match (plan, own_plan) {
            (Some(p), Some(o)) if p != o => urls::other_plan(p, &own),
            // From the pages above the plans.
            (Some(p), None) => format!("{p}/{own}"),
            _ => own,
        });
        let views = of_measure(changes, plan, cid, mid)
            .iter()
            .map(|c| change_view(l, old, new, c))
            .collect();
        let entry = MeasureChanges {
            title,
            url,
            changes: views,
        };
        match groups.last_mut() {
            Some(g) if g.title == collection_title => g.measures.push(entry),
            _ => groups.push(CollectionChanges {
                title: collection_title,
                measures: vec![entry],
            }),
        }
    }
    ChangeSet {
        heading,
        counts: counts(l, changes),
        total: changes.len(),
        groups,
    }
}

fn first_note(l: &Localizer, s: &Snapshot) -> String {
    l.s.fill(
        "changes.first",
        &[
            ("measures", s.measure_count().to_string()),
            ("indicators", s.indicator_count().to_string()),
        ],
    )
}

fn since_heading(l: &Localizer, name: &str) -> String {
    l.s.fill("changes.since", &[("name", name.to_string())])
}

pub fn changes_page(site: &Site, data: &LangData) -> ChangesContext {
    let l = &data.l;
    let h = data.history;
    let releases = h
        .releases
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| ReleaseSummary {
            name: r.name.clone(),
            url: urls::release(&l.prefix, &r.name),
            date: r.date.to_string(),
            date_text: l.s.date(r.date),
            first: (i == 0).then(|| first_note(l, &r.snapshot)),
            counts: counts(l, &r.changes),
            total: r.changes.len(),
        })
        .collect();
    let since = h.latest().filter(|_| !h.since.is_empty()).map(|latest| {
        change_set(
            site,
            data.plans,
            l,
            since_heading(l, &latest.name),
            &latest.snapshot,
            &h.current,
            &h.since,
        )
    });
    ChangesContext {
        releases,
        since,
        data_url: urls::data_file(urls::CHANGES_JSON),
    }
}

pub fn release_page(site: &Site, data: &LangData, name: &str) -> ReleaseContext {
    let l = &data.l;
    let h = data.history;
    let index = h.releases.iter().position(|r| r.name == name).unwrap_or(0);
    let r = &h.releases[index];
    let previous = h.previous(index);
    let empty = Snapshot::default();
    let old = previous.map_or(&empty, |p| &p.snapshot);
    let heading = match previous {
        Some(p) => l.s.fill("changes.from", &[("name", p.name.clone())]),
        None => l.s.get("changes.none"),
    };
    let link = |r: &crate::changes::Release| ReleaseLink {
        name: r.name.clone(),
        url: urls::release(&l.prefix, &r.name),
    };
    let as_of = Date::parse(&r.snapshot.as_of)
        .map(|d| l.s.date(d))
        .unwrap_or_else(|| r.snapshot.as_of.clone());
    ReleaseContext {
        name: r.name.clone(),
        heading: l
            .s
            .fill("changes.release_heading", &[("name", r.name.clone())]),
        released: l.s.fill(
            "changes.released_on",
            &[("date", l.s.date(r.date)), ("as_of", as_of)],
        ),
        first: previous.is_none().then(|| first_note(l, &r.snapshot)),
        changes: change_set(site, data.plans, l, heading, old, &r.snapshot, &r.changes),
        previous: previous.map(link),
        next: h.releases.get(index + 1).map(link),
        index_url: urls::changes(&l.prefix),
        snapshot_url: urls::release_data(&r.name),
    }
}

/// A measure's own changes, newest first: the unreleased ones, then each
/// release's. Empty when the site has no releases.
pub fn measure_history(site: &Site, data: &LangData, ci: usize, mi: usize) -> Vec<HistoryEntry> {
    let l = &data.l;
    let h: &History = data.history;
    let Some(latest) = h.latest() else {
        return Vec::new();
    };
    let cid = &site.collections[ci].config.id;
    let mid = &site.collections[ci].measures[mi].measure.id.value;
    let plan = site.plan.as_ref().map(|p| p.id.as_str());
    let own = |changes| of_measure(changes, plan, cid, mid);
    let mut out = Vec::new();
    let pending = own(&h.since);
    if !pending.is_empty() {
        out.push(HistoryEntry {
            heading: since_heading(l, &latest.name),
            url: None,
            changes: pending
                .iter()
                .map(|c| change_view(l, &latest.snapshot, &h.current, c))
                .collect(),
        });
    }
    for (i, r) in h.releases.iter().enumerate().rev() {
        let mine = own(&r.changes);
        let empty = Snapshot::default();
        let old = h.previous(i).map_or(&empty, |p| &p.snapshot);
        let heading = format!(
            "{} ({})",
            l.s.fill("changes.release_heading", &[("name", r.name.clone())]),
            l.s.date(r.date)
        );
        if i == 0 {
            // The first release: the measure was in it, or came later.
            if r.snapshot.measure(plan, cid, mid).is_some() {
                out.push(HistoryEntry {
                    heading,
                    url: Some(urls::release(&l.prefix, &r.name)),
                    changes: Vec::new(),
                });
            }
            continue;
        }
        if !mine.is_empty() {
            out.push(HistoryEntry {
                heading,
                url: Some(urls::release(&l.prefix, &r.name)),
                changes: mine
                    .iter()
                    .map(|c| change_view(l, old, &r.snapshot, c))
                    .collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::i18n::Strings;
    use crate::theme::Theme;

    #[test]
    fn on_a_site_with_several_plans_each_change_says_its_plan_and_links_into_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites/plans-sheets");
        let (plans, _) = Plans::load(&root, false).expect("fixture loads");
        let theme = Theme::load(&root, "default").expect("built-in theme");
        let (strings, _) = Strings::load_all(&theme, &["zh", "en"]).expect("strings");
        let l = Localizer::new("en", "zh", &strings["en"]);
        let old = Snapshot::of_plans(&plans, "r1", "2024-07-01");
        // The same measure, `indicators/income`, retitled in both plans.
        let mut new = old.clone();
        for c in new.collections.iter_mut().filter(|c| c.id == "indicators") {
            c.measures[0].title.insert("en".into(), "Income".into());
        }
        let changes = crate::changes::diff::diff(&old, &new);
        assert_eq!(changes.len(), 2, "{changes:#?}");
        let groups = |site: &Site| {
            change_set(site, Some(&plans), &l, String::new(), &old, &new, &changes)
                .groups
                .into_iter()
                .map(|g| {
                    let urls: Vec<Option<String>> =
                        g.measures.iter().map(|m| m.url.clone()).collect();
                    (g.title, urls)
                })
                .collect::<Vec<_>>()
        };
        // From a page of plan 2024, and from the pages above the plans.
        assert_eq!(
            groups(&plans.plans[1]),
            [
                (
                    "Test District work plan 2023 · Main indicators".to_string(),
                    vec![Some("../2023/en/indicators/income/".to_string())]
                ),
                (
                    "Test District work plan 2024 · Main indicators".to_string(),
                    vec![Some("en/indicators/income/".to_string())]
                ),
            ]
        );
        assert_eq!(
            groups(&plans.root)[0].1,
            [Some("2023/en/indicators/income/".to_string())]
        );
        // A measure's history holds its own plan's change only.
        let own = of_measure(&changes, Some("2024"), "indicators", "income");
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].plan.as_deref(), Some("2024"));
    }
}
