//! The change model: what changed from one snapshot to the next, computed
//! once here as a list of [`Change`]s that pages, data files, feeds and the
//! `diff` command only lay out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::snapshot::*;
use super::text::{text_diff, Segment};

/// A kind of change (SPEC §8), in the order a reader meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    MeasureAdded,
    MeasureRemoved,
    IndicatorAdded,
    IndicatorRemoved,
    MilestoneAdded,
    MilestoneRemoved,
    ProgressAdded,
    UpdateAdded,
    ValueRevised,
    BaselineChanged,
    TargetChanged,
    StatusChanged,
    MilestoneDone,
    TitleChanged,
    SummaryChanged,
    TaskChanged,
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::MeasureAdded,
        Kind::MeasureRemoved,
        Kind::IndicatorAdded,
        Kind::IndicatorRemoved,
        Kind::MilestoneAdded,
        Kind::MilestoneRemoved,
        Kind::ProgressAdded,
        Kind::UpdateAdded,
        Kind::ValueRevised,
        Kind::BaselineChanged,
        Kind::TargetChanged,
        Kind::StatusChanged,
        Kind::MilestoneDone,
        Kind::TitleChanged,
        Kind::SummaryChanged,
        Kind::TaskChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MeasureAdded => "measure-added",
            Kind::MeasureRemoved => "measure-removed",
            Kind::IndicatorAdded => "indicator-added",
            Kind::IndicatorRemoved => "indicator-removed",
            Kind::MilestoneAdded => "milestone-added",
            Kind::MilestoneRemoved => "milestone-removed",
            Kind::ProgressAdded => "progress-added",
            Kind::UpdateAdded => "update-added",
            Kind::ValueRevised => "value-revised",
            Kind::BaselineChanged => "baseline-changed",
            Kind::TargetChanged => "target-changed",
            Kind::StatusChanged => "status-changed",
            Kind::MilestoneDone => "milestone-done",
            Kind::TitleChanged => "title-changed",
            Kind::SummaryChanged => "summary-changed",
            Kind::TaskChanged => "task-changed",
        }
    }

    /// The key of interface strings about this kind (`value_revised`).
    pub fn key(self) -> String {
        self.as_str().replace('-', "_")
    }
}

/// The old or the new side of a change: a value (baseline, target,
/// progress entry), or a word (a status, a text, a day).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Side {
    Value(SnapValue),
    Word(String),
}

impl Side {
    /// In plain digits or words, for the command line.
    pub fn plain(&self) -> String {
        match self {
            Side::Value(v) => v.plain(),
            Side::Word(w) => w.clone(),
        }
    }
}

/// One change, with what it is about. Serialised as an object of
/// `changes.json` (fields that do not apply are left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// The plan the change belongs to, on a site with several (SPEC §10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    pub collection: String,
    pub measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The task's number (1-based), for a task's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<usize>,
    /// The language of a text that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The period (or day) the change is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Side>,
    /// For a revised value: whether the new one says `flag: revised`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged: Option<bool>,
    /// For a text: the changes, character by character in Chinese, word
    /// by word otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<Segment>,
}

impl Change {
    fn new(kind: Kind, c: &str, m: &str) -> Change {
        Change {
            kind,
            plan: None,
            collection: c.to_string(),
            measure: m.to_string(),
            indicator: None,
            milestone: None,
            task: None,
            lang: None,
            period: None,
            old: None,
            new: None,
            flagged: None,
            diff: Vec::new(),
        }
    }

    fn indicator(mut self, id: &str) -> Change {
        self.indicator = Some(id.to_string());
        self
    }

    fn period(mut self, p: &str) -> Change {
        self.period = Some(p.to_string());
        self
    }

    fn sides(mut self, old: Option<Side>, new: Option<Side>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    /// A silent revision: a released value changed without `flag: revised`.
    pub fn is_silent_revision(&self) -> bool {
        self.flagged == Some(false)
    }
}

/// How many changes of each kind, in [`Kind::ALL`] order, leaving out none.
pub fn counts(changes: &[Change]) -> Vec<(Kind, usize)> {
    Kind::ALL
        .iter()
        .map(|k| (*k, changes.iter().filter(|c| c.kind == *k).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The changes to one measure (of `plan`, on a site with several), out of
/// changes in the order [`diff`] gives them (by plan, collection and
/// measure): found by halving, not by reading every change.
pub fn of_measure<'a>(
    changes: &'a [Change],
    plan: Option<&str>,
    collection: &str,
    measure: &str,
) -> &'a [Change] {
    fn of(c: &Change) -> (Option<&str>, &str, &str) {
        (c.plan.as_deref(), c.collection.as_str(), c.measure.as_str())
    }
    let key = (plan, collection, measure);
    let start = changes.partition_point(|c| of(c) < key);
    let len = changes[start..].partition_point(|c| of(c) == key);
    &changes[start..start + len]
}

/// Every change from `old` to `new`, grouped by collection and measure
/// (in id order), then by kind. Each list is matched by id through an
/// index, so that the time grows with the size of the snapshots, not with
/// its square.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let (old, new) = (index(old), index(new));
    let none = BTreeMap::new();
    let mut out = Vec::new();
    let collections: BTreeSet<(Option<&str>, &str)> =
        old.keys().chain(new.keys()).copied().collect();
    for key in collections {
        let (plan, cid) = key;
        let om = old.get(&key).unwrap_or(&none);
        let nm = new.get(&key).unwrap_or(&none);
        let ids: BTreeSet<&str> = om.keys().chain(nm.keys()).copied().collect();
        let start = out.len();
        for mid in ids {
            match (om.get(mid), nm.get(mid)) {
                (None, Some(_)) => out.push(Change::new(Kind::MeasureAdded, cid, mid)),
                (Some(_), None) => out.push(Change::new(Kind::MeasureRemoved, cid, mid)),
                (Some(o), Some(n)) => measure(cid, o, n, &mut out),
                (None, None) => {}
            }
        }
        if let Some(plan) = plan {
            for c in &mut out[start..] {
                c.plan = Some(plan.to_string());
            }
        }
    }
    out.sort_by(|a, b| {
        (
            &a.plan,
            &a.collection,
            &a.measure,
            a.kind,
            &a.indicator,
            &a.milestone,
        )
            .cmp(&(
                &b.plan,
                &b.collection,
                &b.measure,
                b.kind,
                &b.indicator,
                &b.milestone,
            ))
    });
    out
}

/// A collection's plan (on a site with several) and id.
type CollectionKey<'a> = (Option<&'a str>, &'a str);

/// The measures of a snapshot by plan and collection, and id.
fn index(s: &Snapshot) -> BTreeMap<CollectionKey<'_>, BTreeMap<&str, &SnapMeasure>> {
    let mut out: BTreeMap<CollectionKey, BTreeMap<&str, &SnapMeasure>> = BTreeMap::new();
    for c in &s.collections {
        let measures = out.entry((c.plan.as_deref(), c.id.as_str())).or_default();
        measures.extend(c.measures.iter().map(|m| (m.id.as_str(), m)));
    }
    out
}

/// The items of a list by their key (the last of two with one key).
fn by_key<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> BTreeMap<&'a str, &'a T> {
    items.iter().map(|i| (key(i), i)).collect()
}

fn texts_changed(base: &Change, old: Option<&Texts>, new: Option<&Texts>, out: &mut Vec<Change>) {
    let none = Texts::new();
    let (old, new) = (old.unwrap_or(&none), new.unwrap_or(&none));
    let mut langs: Vec<&String> = old.keys().chain(new.keys()).collect();
    langs.sort();
    langs.dedup();
    for lang in langs {
        let (a, b) = (
            old.get(lang).map_or("", String::as_str),
            new.get(lang).map_or("", String::as_str),
        );
        if a != b {
            let mut c = base.clone();
            c.lang = Some(lang.clone());
            c.old = Some(Side::Word(a.to_string()));
            c.new = Some(Side::Word(b.to_string()));
            c.diff = text_diff(lang, a, b);
            out.push(c);
        }
    }
}

fn measure(c: &str, o: &SnapMeasure, n: &SnapMeasure, out: &mut Vec<Change>) {
    let m = n.id.as_str();
    texts_changed(
        &Change::new(Kind::TitleChanged, c, m),
        Some(&o.title),
        Some(&n.title),
        out,
    );
    texts_changed(
        &Change::new(Kind::SummaryChanged, c, m),
        o.summary.as_ref(),
        n.summary.as_ref(),
        out,
    );
    for i in 0..o.tasks.len().max(n.tasks.len()) {
        let mut base = Change::new(Kind::TaskChanged, c, m);
        base.task = Some(i + 1);
        texts_changed(&base, o.tasks.get(i), n.tasks.get(i), out);
    }
    if o.status != n.status {
        out.push(Change::new(Kind::StatusChanged, c, m).sides(
            Some(Side::Word(o.status.clone())),
            Some(Side::Word(n.status.clone())),
        ));
    }
    let old_updates = by_key(&o.updates, |u| &u.date);
    for u in &n.updates {
        if !old_updates.contains_key(u.date.as_str()) {
            let mut ch = Change::new(Kind::UpdateAdded, c, m).period(&u.date);
            ch.new = u.text.values().next().map(|t| Side::Word(t.clone()));
            out.push(ch);
        }
    }
    let (old_milestones, new_milestones) = (
        by_key(&o.milestones, |x| &x.id),
        by_key(&n.milestones, |x| &x.id),
    );
    for ms in &n.milestones {
        let mut base = Change::new(Kind::MilestoneAdded, c, m);
        base.milestone = Some(ms.id.clone());
        match old_milestones.get(ms.id.as_str()).copied() {
            None => out.push(base.period(&ms.due)),
            Some(before) => {
                if before.done.is_none() {
                    if let Some(done) = &ms.done {
                        let mut d = base.clone();
                        d.kind = Kind::MilestoneDone;
                        out.push(d.period(done));
                    }
                }
                base.kind = Kind::TitleChanged;
                texts_changed(&base, Some(&before.title), Some(&ms.title), out);
            }
        }
    }
    for ms in &o.milestones {
        if !new_milestones.contains_key(ms.id.as_str()) {
            let mut ch = Change::new(Kind::MilestoneRemoved, c, m);
            ch.milestone = Some(ms.id.clone());
            out.push(ch);
        }
    }
    let (old_indicators, new_indicators) = (
        by_key(&o.indicators, |x| &x.id),
        by_key(&n.indicators, |x| &x.id),
    );
    for ni in &n.indicators {
        match old_indicators.get(ni.id.as_str()).copied() {
            None => out.push(Change::new(Kind::IndicatorAdded, c, m).indicator(&ni.id)),
            Some(oi) => indicator(c, m, oi, ni, out),
        }
    }
    for oi in &o.indicators {
        if !new_indicators.contains_key(oi.id.as_str()) {
            out.push(Change::new(Kind::IndicatorRemoved, c, m).indicator(&oi.id));
        }
    }
}

fn indicator(c: &str, m: &str, o: &SnapIndicator, n: &SnapIndicator, out: &mut Vec<Change>) {
    let base = |kind| Change::new(kind, c, m).indicator(&n.id);
    texts_changed(&base(Kind::TitleChanged), Some(&o.name), Some(&n.name), out);
    match (&o.baseline, &n.baseline) {
        (Some(a), Some(b)) if a.period == b.period && a.same_figure(b) => {}
        (None, None) => {}
        (a, b) => {
            let mut ch = base(Kind::BaselineChanged)
                .sides(a.clone().map(Side::Value), b.clone().map(Side::Value));
            // The same period with another figure is a revised value.
            if let (Some(a), Some(b)) = (a, b) {
                if a.period == b.period {
                    ch.flagged = Some(b.flag.as_deref() == Some("revised"));
                }
            }
            out.push(ch.period(b.as_ref().or(a.as_ref()).map_or("", |v| &v.period)));
        }
    }
    let (old_targets, new_targets) = (
        by_key(&o.targets, |t| &t.period),
        by_key(&n.targets, |t| &t.period),
    );
    let periods: BTreeSet<&str> = old_targets
        .keys()
        .chain(new_targets.keys())
        .copied()
        .collect();
    for p in periods {
        let a = old_targets.get(p).copied();
        let b = new_targets.get(p).copied();
        let same = matches!((a, b), (Some(a), Some(b)) if a.same_figure(b));
        if !same {
            out.push(
                base(Kind::TargetChanged)
                    .period(p)
                    .sides(a.cloned().map(Side::Value), b.cloned().map(Side::Value)),
            );
        }
    }
    let (old_progress, new_progress) = (
        by_key(&o.progress, |x| &x.period),
        by_key(&n.progress, |x| &x.period),
    );
    for entry in &n.progress {
        match old_progress.get(entry.period.as_str()).copied() {
            None => out.push(
                base(Kind::ProgressAdded)
                    .period(&entry.period)
                    .sides(None, Some(Side::Value(entry.clone()))),
            ),
            Some(before) if !before.same_figure(entry) => {
                let mut ch = base(Kind::ValueRevised).period(&entry.period).sides(
                    Some(Side::Value(before.clone())),
                    Some(Side::Value(entry.clone())),
                );
                ch.flagged = Some(entry.flag.as_deref() == Some("revised"));
                out.push(ch);
            }
            Some(_) => {}
        }
    }
    for before in &o.progress {
        if !new_progress.contains_key(before.period.as_str()) {
            // A released figure taken away is a revision to nothing.
            let mut ch = base(Kind::ValueRevised)
                .period(&before.period)
                .sides(Some(Side::Value(before.clone())), None);
            ch.flagged = Some(false);
            out.push(ch);
        }
    }
    if o.status != n.status {
        out.push(base(Kind::StatusChanged).sides(
            Some(Side::Word(o.status.clone())),
            Some(Side::Word(n.status.clone())),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(lang: &str, s: &str) -> Texts {
        [(lang.to_string(), s.to_string())].into_iter().collect()
    }

    fn value(period: &str, v: f64) -> SnapValue {
        SnapValue {
            period: period.into(),
            op: None,
            value: Some(if v.fract() == 0.0 {
                json!(v as i64)
            } else {
                json!(v)
            }),
            text: None,
            flag: None,
            status: None,
            pos: Default::default(),
        }
    }

    fn indicator() -> SnapIndicator {
        SnapIndicator {
            id: "gdp".into(),
            name: texts("en", "GDP"),
            unit: None,
            baseline: Some(value("2022", 100.0)),
            targets: vec![value("2023", 110.0)],
            progress: vec![value("2023-06", 104.0)],
            status: "on-track".into(),
            pos: Default::default(),
        }
    }

    fn measure() -> SnapMeasure {
        SnapMeasure {
            id: "growth".into(),
            number: Some(1),
            title: texts("zh", "经济增长"),
            summary: Some(texts("en", "Grow the economy")),
            tasks: vec![texts("en", "Build the new port")],
            status: "on-track".into(),
            indicators: vec![indicator()],
            updates: vec![],
            milestones: vec![SnapMilestone {
                id: "plan".into(),
                title: texts("en", "Draft the plan"),
                due: "2023-06".into(),
                done: None,
            }],
            path: String::new(),
        }
    }

    fn snap(measures: Vec<SnapMeasure>) -> Snapshot {
        Snapshot {
            format: FORMAT,
            release: "r".into(),
            date: "2023-07-01".into(),
            as_of: "2023-06-30".into(),
            plans: vec![],
            collections: vec![SnapCollection {
                plan: None,
                id: "works".into(),
                title: texts("en", "Works"),
                measures,
            }],
        }
    }

    /// The kinds found when `edit` changes the one measure.
    fn kinds_after(edit: impl FnOnce(&mut SnapMeasure)) -> Vec<Change> {
        let old = snap(vec![measure()]);
        let mut m = measure();
        edit(&mut m);
        diff(&old, &snap(vec![m]))
    }

    fn only(changes: &[Change]) -> &Change {
        assert_eq!(changes.len(), 1, "{changes:#?}");
        &changes[0]
    }

    #[test]
    fn the_same_snapshot_has_no_changes() {
        assert!(diff(&snap(vec![measure()]), &snap(vec![measure()])).is_empty());
    }

    #[test]
    fn measures_added_and_removed() {
        let mut other = measure();
        other.id = "port".into();
        let changes = diff(&snap(vec![measure()]), &snap(vec![other]));
        let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::MeasureRemoved, Kind::MeasureAdded]);
    }

    #[test]
    fn indicators_added_and_removed() {
        let c = kinds_after(|m| m.indicators[0].id = "jobs".into());
        let kinds: Vec<Kind> = c.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::IndicatorAdded, Kind::IndicatorRemoved]);
    }

    #[test]
    fn milestones_added_removed_and_done() {
        let c = kinds_after(|m| m.milestones[0].id = "law".into());
        let kinds: Vec<Kind> = c.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::MilestoneAdded, Kind::MilestoneRemoved]);
        let c = kinds_after(|m| m.milestones[0].done = Some("2023-05-20".into()));
        let done = only(&c);
        assert_eq!(done.kind, Kind::MilestoneDone);
        assert_eq!(done.period.as_deref(), Some("2023-05-20"));
    }

    #[test]
    fn progress_and_updates_added() {
        let c = kinds_after(|m| m.indicators[0].progress.push(value("2023-09", 107.0)));
        assert_eq!(only(&c).kind, Kind::ProgressAdded);
        let c = kinds_after(|m| {
            m.updates.push(SnapUpdate {
                date: "2023-09-30".into(),
                text: texts("en", "Done"),
                status: None,
            })
        });
        assert_eq!(only(&c).kind, Kind::UpdateAdded);
    }

    #[test]
    fn a_revised_value_says_whether_it_was_flagged() {
        let c = kinds_after(|m| m.indicators[0].progress[0] = value("2023-06", 103.5));
        let silent = only(&c);
        assert_eq!(silent.kind, Kind::ValueRevised);
        assert!(silent.is_silent_revision());
        assert_eq!(silent.old.as_ref().unwrap().plain(), "104");
        assert_eq!(silent.new.as_ref().unwrap().plain(), "103.5");
        let c = kinds_after(|m| {
            let mut v = value("2023-06", 103.5);
            v.flag = Some("revised".into());
            m.indicators[0].progress[0] = v;
        });
        assert_eq!(only(&c).flagged, Some(true));
        // The same number in other digits is no revision.
        let c = kinds_after(|m| m.indicators[0].progress[0].value = Some(json!("104.0")));
        assert!(c.is_empty(), "{c:#?}");
        // A released figure removed is revised to nothing, and silently.
        let c = kinds_after(|m| m.indicators[0].progress.clear());
        assert!(only(&c).is_silent_revision() && only(&c).new.is_none());
    }

    #[test]
    fn baselines_and_targets_changed() {
        let c = kinds_after(|m| m.indicators[0].baseline = Some(value("2022", 99.0)));
        assert_eq!(only(&c).kind, Kind::BaselineChanged);
        let c = kinds_after(|m| m.indicators[0].targets[0] = value("2023", 105.0));
        let t = only(&c);
        assert_eq!(t.kind, Kind::TargetChanged);
        assert_eq!(
            (
                t.old.as_ref().unwrap().plain(),
                t.new.as_ref().unwrap().plain()
            ),
            ("110".to_string(), "105".to_string())
        );
    }

    #[test]
    fn statuses_changed() {
        let c = kinds_after(|m| {
            m.status = "at-risk".into();
            m.indicators[0].status = "at-risk".into();
        });
        let kinds: Vec<(Kind, Option<&str>)> =
            c.iter().map(|c| (c.kind, c.indicator.as_deref())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::StatusChanged, None),
                (Kind::StatusChanged, Some("gdp"))
            ]
        );
    }

    #[test]
    fn title_summary_and_task_texts_changed_with_their_diff() {
        let c = kinds_after(|m| m.title = texts("zh", "经济高质量增长"));
        let t = only(&c);
        assert_eq!(
            (t.kind, t.lang.as_deref()),
            (Kind::TitleChanged, Some("zh"))
        );
        assert!(!t.diff.is_empty());
        let c = kinds_after(|m| m.summary = Some(texts("en", "Grow the green economy")));
        assert_eq!(only(&c).kind, Kind::SummaryChanged);
        let c = kinds_after(|m| m.tasks.push(texts("en", "Open the school")));
        let t = only(&c);
        assert_eq!((t.kind, t.task), (Kind::TaskChanged, Some(2)));
    }

    #[test]
    fn the_changes_of_one_measure_are_found_among_all() {
        let mut other = measure();
        other.id = "port".into();
        let mut changed = measure();
        changed.status = "at-risk".into();
        changed.indicators[0].progress.push(value("2023-09", 107.0));
        let mut third = measure();
        third.id = "zoo".into();
        let changes = diff(&snap(vec![measure(), third]), &snap(vec![changed, other]));
        let mine = of_measure(&changes, None, "works", "growth");
        assert_eq!(mine.len(), 2, "{changes:#?}");
        assert!(mine.iter().all(|c| c.measure == "growth"));
        assert_eq!(of_measure(&changes, None, "works", "port").len(), 1);
        assert_eq!(
            of_measure(&changes, None, "works", "zoo")[0].kind,
            Kind::MeasureRemoved
        );
        assert!(of_measure(&changes, None, "works", "none").is_empty());
        assert!(of_measure(&changes, None, "other", "growth").is_empty());
    }

    #[test]
    fn counts_per_kind_leave_out_the_kinds_that_did_not_happen() {
        let c = kinds_after(|m| {
            m.indicators[0].progress.push(value("2023-09", 107.0));
            m.indicators[0].progress.push(value("2023-12", 109.0));
        });
        assert_eq!(counts(&c), [(Kind::ProgressAdded, 2)]);
    }
}
