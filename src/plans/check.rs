//! The rules of SPEC §10 between plans: what `continues`, `serves`,
//! `follows`, `parent` and `discontinued` point at, and what changed along
//! them. Each plan was already validated as a one-plan site; here only the
//! links between plans are checked, every problem reported at the entry
//! that names the link.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::lineage::{indicator_path, measure_path, Kind};
use crate::diagnostics::{known_list, with_did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::model::*;
use crate::period::Date;
use crate::validate::{untranslated, untranslated_message};

/// Checks the links between the plans of `content` (each plan also given as
/// the content of a one-plan site, with its configuration).
pub fn check(content: &Content, plans: &[(PlanConfig, Content)], diagnostics: &mut Diagnostics) {
    let index = Index::new(content, plans);
    let mut c = Checker {
        index: &index,
        content,
        diagnostics,
    };
    c.moved_from_root();
    for (plan, _) in plans {
        c.follows(plan);
        c.parents(plan);
        c.discontinued(plan);
        c.carried_over(plan);
        c.translations(plan);
    }
    let mut same_start = Vec::new();
    for m in index.measures.values() {
        c.measure(m, &mut same_start);
    }
    for i in index.indicators.values() {
        c.indicator(i, &mut same_start);
        c.serves(i);
        c.baseline(i);
        c.target_to_fill(i);
    }
    c.cycles(&same_start);
    c.own_progress(plans);
}

/// How the messages name a kind of record (the kind a path names is
/// [`Kind::of`]).
impl Kind {
    fn with_article(self) -> &'static str {
        match self {
            Kind::Measure => "a measure",
            Kind::Indicator => "an indicator",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Kind::Measure => "measure",
            Kind::Indicator => "indicator",
        }
    }
}

/// The plan id a path starts with.
pub fn plan_of(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// The measure path of an indicator path (a measure path as it is).
pub fn measure_of(path: &str) -> &str {
    match Kind::of(path) {
        Kind::Indicator => path.rsplit_once('/').map(|(m, _)| m).unwrap_or(path),
        Kind::Measure => path,
    }
}

/// The change an indicator's link has: its own, else its measure's.
pub fn effective_change(indicator: &Indicator, measure: &Measure) -> Option<Change> {
    indicator
        .lineage
        .change
        .as_ref()
        .or(measure.lineage.change.as_ref())
        .map(|c| c.value)
}

/// Whether a change lets the unit and direction differ, and the baseline
/// differ from the earlier figure.
pub fn allows_new_basis(change: Option<Change>) -> bool {
    matches!(change, Some(Change::Rebased | Change::Replaced))
}

/// Whether two units differ: one given and not the other, or a language
/// both give with another text (spaces around it aside); with no
/// language in common, their first texts.
pub fn units_differ(a: Option<&Text>, b: Option<&Text>) -> bool {
    let texts = |t: Option<&Text>| -> Vec<(String, String)> {
        t.map(|t| {
            t.by_lang
                .iter()
                .map(|(l, s)| (l.clone(), s.trim().to_string()))
                .filter(|(_, s)| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
    };
    let (a, b) = (texts(a), texts(b));
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return false,
        (true, false) | (false, true) => return true,
        (false, false) => {}
    }
    let mut common = false;
    for (lang, text) in &a {
        if let Some((_, other)) = b.iter().find(|(l, _)| l == lang) {
            common = true;
            if text != other {
                return true;
            }
        }
    }
    !common && a[0].1 != b[0].1
}

/// A unit as a message shows it: its text in `lang` (or the first), or "none".
fn unit_words(unit: Option<&Text>, lang: &str) -> String {
    match unit.and_then(|t| t.get(lang, lang)) {
        Some((t, _)) if !t.trim().is_empty() => format!("`{}`", t.trim()),
        _ => "none".to_string(),
    }
}

/// A path from `from` to `to` along `edges` (both ends included), if any.
pub fn route<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &'a str,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut path = vec![to];
            let mut at = to;
            while let Some(prev) = came_from.get(at) {
                path.push(prev);
                at = prev;
            }
            path.reverse();
            return Some(path);
        }
        for next in edges.get(at).into_iter().flatten() {
            if seen.insert(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// The cycle an edge `from → to` closes, written `from → to → … → from`.
pub fn cycle_through(edges: &BTreeMap<&str, Vec<&str>>, from: &str, to: &str) -> Option<String> {
    let back = route(edges, to, from)?;
    let mut words = vec![from];
    words.extend(back);
    Some(
        words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(" → "),
    )
}

/// The strongly connected component of every node of `edges` (Kosaraju's
/// two passes, without recursion): an edge lies on a cycle exactly when
/// both its ends are in one component.
pub fn components<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    let mut nodes: BTreeSet<&str> = edges.keys().copied().collect();
    nodes.extend(edges.values().flatten().copied());
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    // First pass: the nodes in the order their depth-first search finishes.
    let mut finished = Vec::new();
    let mut seen = BTreeSet::new();
    for &start in &nodes {
        if !seen.insert(start) {
            continue;
        }
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&to) = out.get(next) {
                stack.push((node, next + 1));
                if seen.insert(to) {
                    stack.push((to, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Second pass, on the reversed edges, latest finished first.
    let mut component = BTreeMap::new();
    for (id, &root) in finished.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        component.insert(root, id);
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in reverse.get(node).into_iter().flatten() {
                if !component.contains_key(from) {
                    component.insert(from, id);
                    stack.push(from);
                }
            }
        }
    }
    component
}

/// Whether a baseline repeats the figure an earlier plan reported for its
/// period: `None` when that plan reported none for exactly that period
/// (or either has no number), else the earlier figure when they differ.
pub fn revised_figure<'a>(baseline: &Bound, earlier: &'a [Progress]) -> Option<&'a Decimal> {
    let value = baseline.value.as_ref()?;
    let reported = earlier
        .iter()
        .rev()
        .find(|p| p.period.value == baseline.period.value)?
        .value
        .as_ref()?;
    (reported.value != value.value).then_some(reported)
}

pub struct MeasureAt<'a> {
    pub plan: &'a PlanConfig,
    pub path: String,
    pub file: &'a MeasureFile,
}

pub struct IndicatorAt<'a> {
    pub plan: &'a PlanConfig,
    pub path: String,
    pub file: &'a MeasureFile,
    pub indicator: &'a Indicator,
}

/// Every plan, measure and indicator by its path.
struct Index<'a> {
    /// Every folder of plans/, with a readable plan.yaml or not.
    folders: BTreeSet<&'a str>,
    plans: BTreeMap<&'a str, &'a PlanConfig>,
    measures: BTreeMap<String, MeasureAt<'a>>,
    indicators: BTreeMap<String, IndicatorAt<'a>>,
    default_lang: &'a str,
}

impl<'a> Index<'a> {
    fn new(content: &'a Content, plans: &'a [(PlanConfig, Content)]) -> Index<'a> {
        let mut index = Index {
            folders: content.plans.iter().map(|p| p.id.as_str()).collect(),
            plans: BTreeMap::new(),
            measures: BTreeMap::new(),
            indicators: BTreeMap::new(),
            default_lang: content
                .site
                .as_ref()
                .map(SiteConfig::default_language)
                .unwrap_or("en"),
        };
        for (plan, c) in plans {
            index.plans.insert(&plan.id, plan);
            for col in &c.collections {
                for file in &col.measures {
                    let m = &file.measure;
                    let path = measure_path(&plan.id, &col.config.id, &m.id.value);
                    for entry in &m.indicators {
                        if let IndicatorEntry::Defined(ind) = entry {
                            let path = indicator_path(
                                &plan.id,
                                &col.config.id,
                                &m.id.value,
                                &ind.id.value,
                            );
                            index.indicators.entry(path.clone()).or_insert(IndicatorAt {
                                plan,
                                path,
                                file,
                                indicator: ind,
                            });
                        }
                    }
                    index
                        .measures
                        .entry(path.clone())
                        .or_insert(MeasureAt { plan, path, file });
                }
            }
        }
        index
    }

    fn start(&self, plan: &str) -> Option<Date> {
        self.plans.get(plan).map(|p| p.period.start.value)
    }

    fn exists(&self, path: &str) -> bool {
        match Kind::of(path) {
            Kind::Measure => self.measures.contains_key(path),
            Kind::Indicator => self.indicators.contains_key(path),
        }
    }

    /// The paths of `kind` in plan `plan`.
    fn paths_in(&self, plan: &str, kind: Kind) -> Vec<&str> {
        let prefix = format!("{plan}/");
        let keys: Vec<&str> = match kind {
            Kind::Measure => self.measures.keys().map(String::as_str).collect(),
            Kind::Indicator => self.indicators.keys().map(String::as_str).collect(),
        };
        keys.into_iter()
            .filter(|k| k.starts_with(&prefix))
            .collect()
    }

    /// Every record of `plan` that continues `path`.
    fn continued_in(&self, plan: &str, path: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for m in self.measures.values().filter(|m| m.plan.id == plan) {
            if m.file
                .measure
                .lineage
                .continues
                .iter()
                .any(|c| c.value == path)
            {
                out.push(m.path.as_str());
            }
        }
        for i in self.indicators.values().filter(|i| i.plan.id == plan) {
            if i.indicator
                .lineage
                .continues
                .iter()
                .any(|c| c.value == path)
            {
                out.push(i.path.as_str());
            }
        }
        out
    }
}

/// A `continues` link between plans that start on the same day: the only
/// ones that can close a cycle once forward links are refused.
struct SameStart<'a> {
    from: String,
    to: &'a Spanned<String>,
    file: &'a str,
}

struct Checker<'a, 'd> {
    index: &'a Index<'a>,
    content: &'a Content,
    diagnostics: &'d mut Diagnostics,
}

impl<'a> Checker<'a, '_> {
    fn error(&mut self, path: &str, pos: Pos, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::error(path, pos, message).with_hint(hint));
    }

    fn warning(&mut self, path: &str, pos: Pos, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::warning(path, pos, message).with_hint(hint));
    }

    fn plan_ids(&self) -> Vec<&'a str> {
        self.index.folders.iter().copied().collect()
    }

    /// Reports a plan id that is no plan's folder; true when it is one.
    fn known_plan(&mut self, file: &str, id: &Spanned<String>, field: &str) -> bool {
        if self.index.folders.contains(id.value.as_str()) {
            return true;
        }
        let ids = self.plan_ids();
        let message = with_did_you_mean(
            format!("`{field}` names an unknown plan `{}`", id.value),
            &id.value,
            ids.iter().copied(),
        );
        let hint = format!(
            "a plan is a folder of content/plans/ with a plan.yaml: {}",
            known_list(ids.iter().copied())
        );
        self.error(file, id.pos, message, hint);
        false
    }

    /// Reports a path (`field` entry) that names no record of its kind;
    /// true when it names one. A plan whose plan.yaml is broken (already
    /// reported) knows nothing, and is not reported again.
    fn known_record(&mut self, file: &str, entry: &Spanned<String>, field: &str) -> bool {
        let path = entry.value.as_str();
        if self.index.exists(path) {
            return true;
        }
        let plan = plan_of(path);
        let named = Spanned::new(plan.to_string(), entry.pos);
        if !self.known_plan(file, &named, field) || !self.index.plans.contains_key(plan) {
            return false;
        }
        let kind = Kind::of(path);
        let candidates = self.index.paths_in(plan, kind);
        let message = with_did_you_mean(
            format!("`{field}` names an unknown {} `{path}`", kind.word()),
            path,
            candidates.iter().copied(),
        );
        let hint = match kind {
            Kind::Measure => format!(
                "a measure of plan {plan} is `{plan}/<collection>/<measure>`, from content/plans/{plan}/<collection>/<measure>.yaml"
            ),
            Kind::Indicator => {
                let measure = measure_of(path);
                match self.index.measures.get(measure) {
                    Some(m) => format!(
                        "the indicators of `{measure}`: {}",
                        known_list(defined_ids(&m.file.measure))
                    ),
                    None => format!("plan {plan} has no measure `{measure}` either"),
                }
            }
        };
        self.error(file, entry.pos, message, hint);
        false
    }

    fn moved_from_root(&mut self) {
        let Some(moved) = self
            .content
            .site
            .as_ref()
            .and_then(|s| s.moved_from_root.as_ref())
        else {
            return;
        };
        self.known_plan("content/site.yaml", moved, "moved_from_root");
    }

    fn follows(&mut self, plan: &'a PlanConfig) {
        let Some(follows) = &plan.follows else {
            return;
        };
        let file = plan.path.as_str();
        if follows.value == plan.id {
            self.error(
                file,
                follows.pos,
                format!("plan {} follows itself", plan.id),
                "`follows` names the plan this one succeeds, e.g. last year's".to_string(),
            );
            return;
        }
        if !self.known_plan(file, follows, "follows") {
            return;
        }
        let edges: BTreeMap<&str, Vec<&str>> = self
            .index
            .plans
            .values()
            .filter_map(|p| Some((p.id.as_str(), vec![p.follows.as_ref()?.value.as_str()])))
            .collect();
        if let Some(cycle) = cycle_through(&edges, &plan.id, &follows.value) {
            self.error(
                file,
                follows.pos,
                format!("`follows` forms a cycle: {cycle}"),
                "each plan follows an earlier one: remove one of these `follows`".to_string(),
            );
        }
    }

    fn parents(&mut self, plan: &'a PlanConfig) {
        let file = plan.path.as_str();
        let edges: BTreeMap<&str, Vec<&str>> = self
            .index
            .plans
            .values()
            .map(|p| {
                let parents = p.parent.iter().map(|x| x.value.as_str()).collect();
                (p.id.as_str(), parents)
            })
            .collect();
        for parent in &plan.parent {
            if parent.value == plan.id {
                self.error(
                    file,
                    parent.pos,
                    format!("plan {} names itself as its `parent`", plan.id),
                    "`parent` names the programmes this plan implements".to_string(),
                );
                continue;
            }
            if !self.known_plan(file, parent, "parent") {
                continue;
            }
            if let Some(cycle) = cycle_through(&edges, &plan.id, &parent.value) {
                self.error(
                    file,
                    parent.pos,
                    format!("`parent` forms a cycle: {cycle}"),
                    "a programme is above the plans that implement it, never below: remove one of these `parent`s".to_string(),
                );
            }
        }
    }

    fn discontinued(&mut self, plan: &'a PlanConfig) {
        let file = plan.path.as_str();
        for d in &plan.discontinued {
            let target = &d.target;
            let Some(follows) = &plan.follows else {
                self.error(
                    file,
                    target.pos,
                    format!(
                        "`{}` is discontinued, but plan {} follows no plan",
                        target.value, plan.id
                    ),
                    "`discontinued` lists what this plan drops of the plan it follows: name that plan with `follows: <plan>`".to_string(),
                );
                continue;
            };
            let from = plan_of(&target.value);
            if from != follows.value {
                self.error(
                    file,
                    target.pos,
                    format!(
                        "`{}` is not of the plan this one follows ({})",
                        target.value, follows.value
                    ),
                    format!(
                        "list only measures and indicators of plan {} under `discontinued`",
                        follows.value
                    ),
                );
                continue;
            }
            if !self.known_record(file, target, "discontinued") {
                continue;
            }
            let by = self.index.continued_in(&plan.id, &target.value);
            if let Some(first) = by.first() {
                self.error(
                    file,
                    target.pos,
                    format!(
                        "`{}` is discontinued, but `{first}` continues it",
                        target.value
                    ),
                    "remove it from `discontinued`, or the `continues` that names it".to_string(),
                );
            }
            if d.note.is_none() {
                self.warning(
                    file,
                    target.pos,
                    format!("`{}` is discontinued without a note", target.value),
                    "add `note: {zh: …, en: …}` saying why it is dropped: readers and auditors look for it".to_string(),
                );
            }
        }
    }

    /// Along `follows`: every measure and indicator of the followed plan is
    /// continued or discontinued.
    fn carried_over(&mut self, plan: &'a PlanConfig) {
        let Some(follows) = &plan.follows else {
            return;
        };
        if follows.value == plan.id || !self.index.plans.contains_key(follows.value.as_str()) {
            return;
        }
        let index = self.index;
        let mut continued: BTreeSet<&str> = BTreeSet::new();
        for m in index.measures.values().filter(|m| m.plan.id == plan.id) {
            continued.extend(
                m.file
                    .measure
                    .lineage
                    .continues
                    .iter()
                    .map(|c| c.value.as_str()),
            );
        }
        for i in index.indicators.values().filter(|i| i.plan.id == plan.id) {
            continued.extend(
                i.indicator
                    .lineage
                    .continues
                    .iter()
                    .map(|c| c.value.as_str()),
            );
        }
        let dropped: BTreeSet<&str> = plan
            .discontinued
            .iter()
            .map(|d| d.target.value.as_str())
            .collect();
        let accounted = |p: &str| continued.contains(p) || dropped.contains(p);
        let mut silent = Vec::new();
        for m in index
            .measures
            .values()
            .filter(|m| m.plan.id == follows.value)
        {
            if !accounted(&m.path) {
                silent.push((Kind::Measure, m.path.as_str()));
                continue;
            }
            if dropped.contains(m.path.as_str()) {
                continue;
            }
            let prefix = format!("{}/", m.path);
            for i in index.indicators.range(prefix.clone()..) {
                if !i.0.starts_with(&prefix) {
                    break;
                }
                if !accounted(i.0) {
                    silent.push((Kind::Indicator, i.0.as_str()));
                }
            }
        }
        for (kind, path) in silent {
            self.warning(
                &plan.path,
                follows.pos,
                format!(
                    "{} `{path}` of the plan this one follows is not carried over and no reason given",
                    kind.word()
                ),
                format!(
                    "continue it (`continues: {path}`) in {} of plan {}, or list it under `discontinued` with a note saying why",
                    kind.with_article(),
                    plan.id
                ),
            );
        }
    }

    /// The rules every `continues` entry of a measure or indicator follows;
    /// the links between plans that start together are kept for cycles.
    fn continues(
        &mut self,
        plan: &'a PlanConfig,
        from: &str,
        file: &'a str,
        lineage: &'a Lineage,
        kind: Kind,
        same_start: &mut Vec<SameStart<'a>>,
    ) -> Vec<&'a Spanned<String>> {
        let mut valid = Vec::new();
        for entry in &lineage.continues {
            let to = entry.value.as_str();
            match (kind, Kind::of(to)) {
                (Kind::Measure, Kind::Indicator) => {
                    self.error(
                        file,
                        entry.pos,
                        format!("a measure continues a measure, but `{to}` is an indicator"),
                        format!(
                            "name its measure, `{}`; an indicator's own `continues` names the indicator",
                            measure_of(to)
                        ),
                    );
                    continue;
                }
                (Kind::Indicator, Kind::Measure) => {
                    let example = self
                        .index
                        .measures
                        .get(to)
                        .and_then(|m| defined_ids(&m.file.measure).next())
                        .unwrap_or("<indicator>");
                    self.error(
                        file,
                        entry.pos,
                        format!("an indicator continues an indicator, but `{to}` is a measure"),
                        format!("name one of its indicators, e.g. `{to}/{example}`"),
                    );
                    continue;
                }
                _ => {}
            }
            if !self.known_record(file, entry, "continues") {
                continue;
            }
            let target = plan_of(to);
            if target == plan.id {
                self.error(
                    file,
                    entry.pos,
                    format!("`continues` names `{to}`, of this same plan ({target})"),
                    "`continues` names a record of an earlier plan".to_string(),
                );
                continue;
            }
            let (Some(start), Some(target_start)) =
                (self.index.start(&plan.id), self.index.start(target))
            else {
                continue;
            };
            if target_start > start {
                self.error(
                    file,
                    entry.pos,
                    format!(
                        "`continues` names `{to}`, of a later plan: {target} starts on {target_start}, after {} ({start})",
                        plan.id
                    ),
                    format!(
                        "a record continues one of an earlier plan: put `continues: {from}` in `{to}` instead"
                    ),
                );
                continue;
            }
            if target_start == start {
                same_start.push(SameStart {
                    from: from.to_string(),
                    to: entry,
                    file,
                });
            }
            valid.push(entry);
        }
        if let Some(change) = &lineage.change {
            if change.value.needs_note() && lineage.change_note.is_none() {
                self.error(
                    file,
                    change.pos,
                    format!("`change: {}` needs a `change_note`", change.value.as_str()),
                    "say what changed and why: `change_note: {zh: …, en: …}`".to_string(),
                );
            }
            if change.value == Change::Merged && lineage.continues.len() == 1 {
                self.error(
                    file,
                    change.pos,
                    "`change: merged` continues a single record".to_string(),
                    "a merge continues each record merged: `continues: [<plan>/<collection>/<a>, <plan>/<collection>/<b>]`; one record renamed is `change: renamed`".to_string(),
                );
            }
        }
        valid
    }

    fn measure(&mut self, m: &'a MeasureAt<'a>, same_start: &mut Vec<SameStart<'a>>) {
        let lineage = &m.file.measure.lineage;
        self.continues(
            m.plan,
            &m.path,
            &m.file.path,
            lineage,
            Kind::Measure,
            same_start,
        );
    }

    fn indicator(&mut self, i: &'a IndicatorAt<'a>, same_start: &mut Vec<SameStart<'a>>) {
        let ind = i.indicator;
        let file = i.file.path.as_str();
        let valid = self.continues(
            i.plan,
            &i.path,
            file,
            &ind.lineage,
            Kind::Indicator,
            same_start,
        );
        if allows_new_basis(effective_change(ind, &i.file.measure)) {
            return;
        }
        let lang = self.index.default_lang;
        for entry in valid {
            let Some(earlier) = self.index.indicators.get(&entry.value) else {
                continue;
            };
            let old = earlier.indicator;
            let hint = "a different unit or direction is a new basis: set `change: rebased` with a `change_note` (or `replaced`, for another measure in its place)";
            if units_differ(old.unit.as_ref(), ind.unit.as_ref()) {
                self.error(
                    file,
                    entry.pos,
                    format!(
                        "the unit differs from that of `{}` it continues ({} there, {} here)",
                        entry.value,
                        unit_words(old.unit.as_ref(), lang),
                        unit_words(ind.unit.as_ref(), lang)
                    ),
                    hint.to_string(),
                );
            }
            if old.direction != ind.direction {
                self.error(
                    file,
                    entry.pos,
                    format!(
                        "the direction differs from that of `{}` it continues ({} there, {} here)",
                        entry.value,
                        old.direction.as_str(),
                        ind.direction.as_str()
                    ),
                    hint.to_string(),
                );
            }
        }
    }

    /// Each `continues` between plans that start together that closes a cycle.
    fn cycles(&mut self, links: &[SameStart<'a>]) {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for l in links {
            edges
                .entry(l.from.as_str())
                .or_default()
                .push(l.to.value.as_str());
        }
        let component = components(&edges);
        for l in links {
            let on_cycle = component.get(l.from.as_str()) == component.get(l.to.value.as_str());
            if !on_cycle {
                continue;
            }
            if let Some(cycle) = cycle_through(&edges, &l.from, &l.to.value) {
                self.error(
                    l.file,
                    l.to.pos,
                    format!("`continues` forms a cycle: {cycle}"),
                    "a record continues one of an earlier plan: remove one of these `continues`"
                        .to_string(),
                );
            }
        }
    }

    fn serves(&mut self, i: &'a IndicatorAt<'a>) {
        let ind = i.indicator;
        let file = i.file.path.as_str();
        let plan = i.plan;
        for entry in &ind.serves {
            let target = plan_of(&entry.value);
            let named = Spanned::new(target.to_string(), entry.pos);
            if !self.known_plan(file, &named, "serves") {
                continue;
            }
            if !plan.parent.iter().any(|p| p.value == target) {
                let parents: Vec<&str> = plan.parent.iter().map(|p| p.value.as_str()).collect();
                self.error(
                    file,
                    entry.pos,
                    format!(
                        "`{}` is of plan {target}, which is not a `parent` of plan {}",
                        entry.value, plan.id
                    ),
                    match parents.is_empty() {
                        true => format!(
                            "an indicator serves one of a programme this plan implements: add `parent: [{target}]` to {}",
                            plan.path
                        ),
                        false => format!(
                            "an indicator serves one of a programme this plan implements ({}): add {target} to `parent` in {}, or name an indicator of a parent",
                            parents.join(", "),
                            plan.path
                        ),
                    },
                );
                continue;
            }
            if !self.known_record(file, entry, "serves") {
                continue;
            }
            let Some(served) = self.index.indicators.get(&entry.value) else {
                continue;
            };
            let other = served.indicator;
            let lang = self.index.default_lang;
            let mut differences = Vec::new();
            if units_differ(other.unit.as_ref(), ind.unit.as_ref()) {
                differences.push(format!(
                    "unit ({} there, {} here)",
                    unit_words(other.unit.as_ref(), lang),
                    unit_words(ind.unit.as_ref(), lang)
                ));
            }
            if other.direction != ind.direction {
                differences.push(format!(
                    "direction ({} there, {} here)",
                    other.direction.as_str(),
                    ind.direction.as_str()
                ));
            }
            if other.accumulation != ind.accumulation {
                differences.push(format!(
                    "accumulation ({} there, {} here)",
                    other.accumulation.as_str(),
                    ind.accumulation.as_str()
                ));
            }
            for difference in differences {
                self.error(
                    file,
                    entry.pos,
                    format!("`{}` it serves has another {difference}", entry.value),
                    "a yearly step has the programme indicator's unit, direction and accumulation"
                        .to_string(),
                );
            }
        }
    }

    /// A baseline that differs from the figure the continued indicator's
    /// plan reported for the same period, unless re-based.
    fn baseline(&mut self, i: &'a IndicatorAt<'a>) {
        let ind = i.indicator;
        let Some(baseline) = &ind.baseline else {
            return;
        };
        if allows_new_basis(effective_change(ind, &i.file.measure)) {
            return;
        }
        for entry in &ind.lineage.continues {
            let Some(earlier) = self.index.indicators.get(&entry.value) else {
                continue;
            };
            if earlier.plan.id == i.plan.id {
                continue;
            }
            let Some(reported) = revised_figure(baseline, &earlier.indicator.progress) else {
                continue;
            };
            let here = baseline
                .value
                .as_ref()
                .map(|v| v.literal.as_str())
                .unwrap_or("");
            self.warning(
                &i.file.path,
                baseline.pos,
                format!(
                    "the baseline for {} is {here}, but `{}` reported {} for {}",
                    baseline.period.value, entry.value, reported.literal, baseline.period.value
                ),
                "a silent revision across plans: use the figure reported, or set `change: rebased` with a `change_note` saying why it changed".to_string(),
            );
        }
    }

    /// An indicator that continues one with a target and sets none itself:
    /// a target still to fill (as `plan new --from` leaves them).
    fn target_to_fill(&mut self, i: &'a IndicatorAt<'a>) {
        let ind = i.indicator;
        if ind.target.is_some() || !ind.targets.is_empty() {
            return;
        }
        let lang = self.index.default_lang;
        for entry in &ind.lineage.continues {
            let Some(earlier) = self.index.indicators.get(&entry.value) else {
                continue;
            };
            let old = earlier.indicator.all_targets();
            if old.is_empty() {
                continue;
            }
            let words: Vec<String> = old
                .iter()
                .map(|t| format!("{} for {}", target_words(t, lang), t.period.value))
                .collect();
            self.warning(
                &i.file.path,
                ind.id.pos,
                format!(
                    "no target yet: the plan it continues set {} (`{}`)",
                    words.join(", "),
                    entry.value
                ),
                format!(
                    "set this plan's `target: {{period: {}, value: …}}` (or `targets:`) from its document; a qualitative one is `text: {{…}}`",
                    i.plan.period.end.value.year
                ),
            );
        }
    }

    /// A served programme indicator's own figures for a period an annual
    /// plan serves.
    fn own_progress(&mut self, plans: &[(PlanConfig, Content)]) {
        let steps = super::serves::steps(plans);
        for (plan, content) in plans {
            for (path, entries) in super::serves::own_progress_clashes(plan, content, &steps) {
                for (p, by) in entries {
                    self.error(
                        path,
                        p.period.pos,
                        format!(
                            "progress for {} is entered here, but `{by}` serves this indicator for that period",
                            p.period.value
                        ),
                        format!(
                            "a served programme indicator takes its figures from the annual plans: enter this one in `{by}`, or remove it"
                        ),
                    );
                }
            }
        }
    }

    /// plan.yaml's texts, and the `change_note`s of the plan's records,
    /// in every language of the site.
    fn translations(&mut self, plan: &'a PlanConfig) {
        let Some(site) = &self.content.site else {
            return;
        };
        let langs: Vec<String> = site.languages.iter().map(|l| l.value.clone()).collect();
        let file = plan.path.as_str();
        let mut texts: Vec<(&str, &str, &Text)> = vec![(file, "title", &plan.title)];
        for (what, t) in [("kind", &plan.kind), ("notice", &plan.notice)] {
            if let Some(t) = t {
                texts.push((file, what, t));
            }
        }
        if let Some(s) = &plan.source {
            texts.push((file, "source title", &s.title));
            for (what, t) in [
                ("source issuer", &s.issuer),
                ("source category", &s.category),
            ] {
                if let Some(t) = t {
                    texts.push((file, what, t));
                }
            }
        }
        for l in &plan.assessment_levels {
            texts.push((file, "assessment level name", &l.name));
        }
        for d in &plan.discontinued {
            if let Some(n) = &d.note {
                texts.push((file, "discontinued note", n));
            }
        }
        let index = self.index;
        for m in index.measures.values().filter(|m| m.plan.id == plan.id) {
            if let Some(n) = &m.file.measure.lineage.change_note {
                texts.push((&m.file.path, "change_note", n));
            }
        }
        for i in index.indicators.values().filter(|i| i.plan.id == plan.id) {
            if let Some(n) = &i.indicator.lineage.change_note {
                texts.push((&i.file.path, "change_note", n));
            }
        }
        for (path, what, text) in texts {
            for lang in untranslated(text, &langs) {
                self.diagnostics.push(
                    Diagnostic::warning(path, text.pos, untranslated_message(what, lang))
                        .with_hint(format!(
                            "the page shows the {} text, marked as not translated",
                            site.default_language()
                        )),
                );
            }
        }
    }
}

/// A target's figure as a message or a comment shows it: `≥90`, or its
/// text in `lang` for a qualitative one.
pub fn target_words(t: &Bound, lang: &str) -> String {
    match (&t.value, &t.text) {
        (Some(v), _) => format!("{}{}", t.op.map(Op::symbol).unwrap_or(""), v.literal),
        (None, Some(text)) => text
            .get(lang, lang)
            .map(|(s, _)| s.trim().to_string())
            .unwrap_or_default(),
        (None, None) => "no figure".to_string(),
    }
}

/// The ids of a measure's own indicators.
fn defined_ids(m: &Measure) -> impl Iterator<Item = &str> {
    m.indicators.iter().filter_map(|e| match e {
        IndicatorEntry::Defined(i) => Some(i.id.value.as_str()),
        IndicatorEntry::Ref(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;

    fn text(pairs: &[(&str, &str)]) -> Text {
        let mut t = Text::default();
        for (l, s) in pairs {
            t.by_lang.insert(l.to_string(), s.to_string());
        }
        t
    }

    use crate::model::fixtures::{decimal, figure as progress};

    fn bound(period: &str, value: &str) -> Bound {
        Bound {
            period: Spanned::new(Period::parse(period).unwrap(), Pos::START),
            op: None,
            value: Some(decimal(value)),
            text: None,
            flag: None,
            note: None,
            pos: Pos::START,
        }
    }

    #[test]
    fn a_path_s_kind_is_its_shape() {
        assert_eq!(Kind::of("2023/works/x"), Kind::Measure);
        assert_eq!(Kind::of("2023/works/x/y"), Kind::Indicator);
        assert_eq!(plan_of("2024-2026/indicators/jobs/new-jobs"), "2024-2026");
        assert_eq!(measure_of("2023/works/x/y"), "2023/works/x");
        assert_eq!(measure_of("2023/works/x"), "2023/works/x");
    }

    #[test]
    fn units_differ_by_any_language_both_give() {
        let pct = text(&[("zh", "%"), ("en", "%")]);
        assert!(!units_differ(Some(&pct), Some(&text(&[("zh", " % ")]))));
        assert!(units_differ(
            Some(&pct),
            Some(&text(&[("zh", "%"), ("en", "percent")]))
        ));
        assert!(units_differ(Some(&pct), Some(&text(&[("zh", "亿元")]))));
        assert!(!units_differ(None, None));
        assert!(!units_differ(None, Some(&text(&[("zh", " ")]))));
        assert!(units_differ(None, Some(&pct)));
        assert!(units_differ(Some(&pct), None));
        // No language in common: the first texts.
        assert!(!units_differ(
            Some(&text(&[("en", "%")])),
            Some(&text(&[("zh", "%")]))
        ));
        assert!(units_differ(
            Some(&text(&[("en", "%")])),
            Some(&text(&[("zh", "元")]))
        ));
    }

    #[test]
    fn only_rebased_and_replaced_allow_a_new_basis() {
        assert!(allows_new_basis(Some(Change::Rebased)));
        assert!(allows_new_basis(Some(Change::Replaced)));
        for c in [
            Change::Renamed,
            Change::Merged,
            Change::Split,
            Change::Moved,
        ] {
            assert!(!allows_new_basis(Some(c)), "{c:?}");
        }
        assert!(!allows_new_basis(None));
    }

    #[test]
    fn an_indicator_inherits_its_measure_s_change_unless_it_sets_one() {
        let mut m: Measure = empty_measure();
        let mut ind = Indicator::new(Spanned::default(), Text::default());
        assert_eq!(effective_change(&ind, &m), None);
        m.lineage.change = Some(Spanned::new(Change::Moved, Pos::START));
        assert_eq!(effective_change(&ind, &m), Some(Change::Moved));
        ind.lineage.change = Some(Spanned::new(Change::Rebased, Pos::START));
        assert_eq!(effective_change(&ind, &m), Some(Change::Rebased));
    }

    fn empty_measure() -> Measure {
        Measure::new(Spanned::default(), Text::default())
    }

    #[test]
    fn a_cycle_is_found_through_the_edge_that_closes_it() {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        edges.insert("a", vec!["b"]);
        edges.insert("b", vec!["c"]);
        edges.insert("c", vec!["a"]);
        edges.insert("d", vec!["a"]);
        assert_eq!(
            cycle_through(&edges, "a", "b").as_deref(),
            Some("`a` → `b` → `c` → `a`")
        );
        assert_eq!(cycle_through(&edges, "d", "a"), None);
        let mut two = BTreeMap::new();
        two.insert("x", vec!["x"]);
        assert_eq!(cycle_through(&two, "x", "x").as_deref(), Some("`x` → `x`"));
        assert_eq!(route(&edges, "d", "c"), Some(vec!["d", "a", "b", "c"]));
    }

    #[test]
    fn components_put_the_nodes_of_a_cycle_together() {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        edges.insert("a", vec!["b"]);
        edges.insert("b", vec!["c", "d"]);
        edges.insert("c", vec!["a"]);
        edges.insert("d", vec!["e"]);
        edges.insert("f", vec!["f"]);
        let c = components(&edges);
        assert_eq!(c["a"], c["b"]);
        assert_eq!(c["b"], c["c"]);
        assert_ne!(c["c"], c["d"]);
        assert_ne!(c["d"], c["e"]);
        assert_ne!(c["a"], c["f"]);
        // A long chain, as many plans starting on one day make: no cycle,
        // each node its own component.
        let names: Vec<String> = (0..10_000).map(|i| format!("n{i}")).collect();
        let mut chain: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for w in names.windows(2) {
            chain.insert(&w[1], vec![&w[0]]);
        }
        let c = components(&chain);
        let distinct: BTreeSet<usize> = c.values().copied().collect();
        assert_eq!(distinct.len(), names.len());
    }

    #[test]
    fn a_baseline_must_repeat_the_figure_reported_for_exactly_its_period() {
        let earlier = vec![
            progress("2023-H1", "3.0"),
            progress("2023", "6.8"),
            progress("2023-01..2023-09", "5.0"),
        ];
        assert!(revised_figure(&bound("2023", "6.8"), &earlier).is_none());
        assert!(revised_figure(&bound("2023", "6.80"), &earlier).is_none());
        let revised = revised_figure(&bound("2023", "6.5"), &earlier).unwrap();
        assert_eq!(revised.literal, "6.8");
        // No figure for that exact period: nothing to compare.
        assert!(revised_figure(&bound("2022", "1"), &earlier).is_none());
        assert!(revised_figure(&bound("2023-Q3", "1"), &earlier).is_none());
    }
}
