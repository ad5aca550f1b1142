//! Rules between records: uniqueness, references (units, categories,
//! assessment levels, indicator `ref`s), translations, and periods against
//! the plan. Field-level rules were already applied while decoding.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostics::{
    did_you_mean, known_list, with_did_you_mean, Diagnostic, Diagnostics, Pos,
};
use crate::model::*;

pub fn validate(content: &Content, diagnostics: &mut Diagnostics) {
    let mut v = Validator {
        content,
        diagnostics,
        unit_ids: content.units.iter().map(|u| u.id.value.as_str()).collect(),
    };
    v.units();
    v.collections();
    v.references();
    v.translations();
    v.periods();
    v.pages();
}

/// `collection/measure/indicator` of every indicator defined (not referenced).
pub fn defined_indicators(content: &Content) -> BTreeMap<String, (usize, usize, usize)> {
    let mut map = BTreeMap::new();
    for (ci, c) in content.collections.iter().enumerate() {
        for (mi, m) in c.measures.iter().enumerate() {
            for (ii, entry) in m.measure.indicators.iter().enumerate() {
                if let IndicatorEntry::Defined(ind) = entry {
                    map.entry(indicator_key(
                        &c.config.id,
                        &m.measure.id.value,
                        &ind.id.value,
                    ))
                    .or_insert((ci, mi, ii));
                }
            }
        }
    }
    map
}

struct Validator<'a, 'd> {
    content: &'a Content,
    diagnostics: &'d mut Diagnostics,
    /// Every body's id: each measure names its bodies, and a province has
    /// thousands.
    unit_ids: HashSet<&'a str>,
}

impl Validator<'_, '_> {
    fn error(&mut self, path: &str, pos: Pos, message: String, hint: Option<String>) {
        let d = Diagnostic::error(path, pos, message);
        self.diagnostics.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    /// Reports `id` unless it is one of `known`: an unknown `what`, with a
    /// close match if any, and the known ones (`where_known`: …) as the hint.
    fn known(
        &mut self,
        path: &str,
        id: &Spanned<String>,
        what: &str,
        known: &[&str],
        where_known: &str,
    ) {
        if known.contains(&id.value.as_str()) {
            return;
        }
        let message = with_did_you_mean(
            format!("unknown {what} `{}`", id.value),
            &id.value,
            known.iter().copied(),
        );
        let hint = format!("{where_known}: {}", known_list(known.iter().copied()));
        self.error(path, id.pos, message, Some(hint));
    }

    /// Reports every id seen before; `what` names the id, `scope` where it must be unique.
    fn unique<'x>(
        &mut self,
        path_of: impl Fn(usize) -> &'x str,
        ids: &[&Spanned<String>],
        what: &str,
        scope: &str,
    ) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = seen.get(id.value.as_str()) {
                let first_path = path_of(*first).to_string();
                let first_pos = ids[*first].pos;
                self.error(
                    path_of(i),
                    id.pos,
                    format!("duplicate {what} `{}`{scope}", id.value),
                    Some(format!(
                        "first defined at {first_path}:{}:{}",
                        first_pos.line, first_pos.column
                    )),
                );
            } else {
                seen.insert(&id.value, i);
            }
        }
    }

    fn units(&mut self) {
        let ids: Vec<&Spanned<String>> = self.content.units.iter().map(|u| &u.id).collect();
        self.unique(|_| "content/units.yaml", &ids, "unit id", "");
        if let Some(site) = &self.content.site {
            let levels: Vec<&Spanned<String>> =
                site.assessment_levels.iter().map(|l| &l.id).collect();
            self.unique(|_| "content/site.yaml", &levels, "assessment level id", "");
        }
    }

    fn collections(&mut self) {
        let content = self.content;
        for c in &content.collections {
            let cats: Vec<&Spanned<String>> = c.config.categories.iter().map(|k| &k.id).collect();
            self.unique(|_| c.path.as_str(), &cats, "category id", "");
            let ids: Vec<&Spanned<String>> = c.measures.iter().map(|m| &m.measure.id).collect();
            self.unique(
                |i| c.measures[i].path.as_str(),
                &ids,
                "measure id",
                &format!(" in collection `{}`", c.config.id),
            );
            for m in &c.measures {
                self.measure(c, m);
            }
        }
    }

    fn measure(&mut self, c: &Collection, m: &MeasureFile) {
        let path = m.path.as_str();
        let measure = &m.measure;
        let categories: Vec<&str> = c
            .config
            .categories
            .iter()
            .map(|k| k.id.value.as_str())
            .collect();
        match &measure.category {
            Some(cat) => self.known(
                path,
                cat,
                "category",
                &categories,
                &format!("categories of `{}` (in {})", c.config.id, c.path),
            ),
            None if !categories.is_empty() => self.error(
                path,
                Pos::START,
                "missing field `category` in measure".to_string(),
                Some(format!(
                    "this collection has categories: {}",
                    known_list(categories.iter().copied())
                )),
            ),
            _ => {}
        }
        for u in measure.lead.iter().chain(&measure.units) {
            if !self.unit_ids.contains(u.value.as_str()) {
                let known: Vec<&str> = self
                    .content
                    .units
                    .iter()
                    .map(|u| u.id.value.as_str())
                    .collect();
                self.known(
                    path,
                    u,
                    "unit",
                    &known,
                    "units defined in content/units.yaml",
                );
            }
        }
        let mut seen = BTreeSet::new();
        for u in measure.lead.iter().chain(&measure.units) {
            if !seen.insert(u.value.as_str()) {
                self.diagnostics.warning(
                    path,
                    u.pos,
                    format!("unit `{}` is listed twice", u.value),
                );
            }
        }
        if let Some(level) = &measure.assessment {
            let levels: Vec<&str> = self
                .content
                .site
                .iter()
                .flat_map(|s| s.assessment_levels.iter().map(|l| l.id.value.as_str()))
                .collect();
            if self.content.site.is_some() {
                self.known(
                    path,
                    level,
                    "assessment level",
                    &levels,
                    "levels defined in site.yaml",
                );
            }
        }
        let ids: Vec<&Spanned<String>> = measure
            .indicators
            .iter()
            .map(|e| match e {
                IndicatorEntry::Defined(i) => &i.id,
                IndicatorEntry::Ref(r) => &r.target,
            })
            .collect();
        let local: Vec<Spanned<String>> = ids
            .iter()
            .map(|s| Spanned::new(indicator_id_of(&s.value).to_string(), s.pos))
            .collect();
        let local: Vec<&Spanned<String>> = local.iter().collect();
        self.unique(|_| path, &local, "indicator id", " in this measure");
        for entry in &measure.indicators {
            if let IndicatorEntry::Defined(ind) = entry {
                self.indicator(path, ind);
            }
        }
    }

    fn indicator(&mut self, path: &str, ind: &Indicator) {
        let mut periods: BTreeMap<String, Pos> = BTreeMap::new();
        for p in &ind.progress {
            let key = p.period.value.to_string();
            if let Some(first) = periods.get(&key) {
                self.error(
                    path,
                    p.period.pos,
                    format!("a second progress entry for period {key}"),
                    Some(format!("the first is at line {}; merge them", first.line)),
                );
            } else {
                periods.insert(key, p.period.pos);
            }
        }
        if let Some(t) = &ind.tolerance {
            let banded = matches!(ind.direction, Direction::Maintain | Direction::None)
                || ind
                    .all_targets()
                    .iter()
                    .any(|t| matches!(t.op, Some(Op::About | Op::Eq)));
            if !banded {
                let pos = ind.id.pos;
                self.diagnostics.warning(path, pos, format!("indicator `{}` has a tolerance ({}) that only applies to direction `maintain` or `none`, or to op `~` or `=`", ind.id.value, t.literal));
            }
        }
        for p in &ind.progress {
            if let (Some(status), Some(message)) = (&p.status, status_without_note(p)) {
                self.diagnostics
                    .push(Diagnostic::warning(path, status.pos, message).with_hint(
                        "add a `note` saying why: the page shows it beside the declared status",
                    ));
            }
        }
        for target in ind.all_targets() {
            let (Some(d), Some(v)) = (ind.decimals, &target.value) else {
                continue;
            };
            {
                if v.scale() > usize::from(d) {
                    self.diagnostics.warning(
                        path,
                        target.pos,
                        format!(
                            "the target {} has more digits than `decimals: {d}` shows",
                            v.literal
                        ),
                    );
                }
            }
        }
    }

    fn references(&mut self) {
        let defined = defined_indicators(self.content);
        let content = self.content;
        for c in &content.collections {
            for m in &c.measures {
                for entry in &m.measure.indicators {
                    let IndicatorEntry::Ref(r) = entry else {
                        continue;
                    };
                    if defined.contains_key(&r.target.value) {
                        continue;
                    }
                    let hint = self.ref_hint(&r.target.value, &defined);
                    self.error(
                        &m.path,
                        r.target.pos,
                        format!("reference `{}` points to no indicator", r.target.value),
                        Some(hint),
                    );
                }
            }
        }
    }

    /// Why a reference fails: it names another reference, or a close match.
    fn ref_hint(&self, target: &str, defined: &BTreeMap<String, (usize, usize, usize)>) -> String {
        if let Some([c, m, i]) = split_indicator_key(target) {
            let measure = self
                .content
                .collections
                .iter()
                .filter(|x| x.config.id == c)
                .flat_map(|x| &x.measures)
                .find(|x| x.measure.id.value == m);
            if let Some(mf) = measure {
                let via_ref = mf.measure.indicators.iter().find_map(|e| match e {
                    IndicatorEntry::Ref(r) if indicator_id_of(&r.target.value) == i => {
                        Some(r.target.value.clone())
                    }
                    _ => None,
                });
                if let Some(original) = via_ref {
                    return format!(
                        "that is itself a reference; refer to the definition `{original}` instead"
                    );
                }
            }
        }
        match did_you_mean(target, defined.keys().map(String::as_str)) {
            Some(g) => format!("did you mean `{g}`?"),
            None => "write `<collection>/<measure>/<indicator>` of an indicator defined in another measure".to_string(),
        }
    }

    fn translations(&mut self) {
        let Some(site) = &self.content.site else {
            return;
        };
        let langs: Vec<String> = site.languages.iter().map(|l| l.value.clone()).collect();
        let mut texts: Vec<(&str, &str, &Text)> = Vec::new();
        texts.push(("content/site.yaml", "title", &site.title));
        let site_texts = [("publisher", &site.publisher), ("notice", &site.notice)];
        for (what, t) in site_texts {
            if let Some(t) = t {
                texts.push(("content/site.yaml", what, t));
            }
        }
        if let Some(s) = &site.source {
            texts.push(("content/site.yaml", "source title", &s.title));
        }
        for l in &site.assessment_levels {
            texts.push(("content/site.yaml", "assessment level name", &l.name));
        }
        // Footer lines are left out: filing numbers are not translated.
        if let Some(t) = site.license.as_ref().and_then(|l| l.title.as_ref()) {
            texts.push(("content/site.yaml", "license title", t));
        }
        if let Some(t) = &site.citation {
            texts.push(("content/site.yaml", "citation", t));
        }
        for e in &site.editions {
            texts.push(("content/site.yaml", "edition title", &e.title));
        }
        for u in &self.content.units {
            texts.push(("content/units.yaml", "unit name", &u.name));
        }
        for c in &self.content.collections {
            texts.push((&c.path, "title", &c.config.title));
            if let Some(d) = &c.config.description {
                texts.push((&c.path, "description", d));
            }
            for k in &c.config.categories {
                texts.push((&c.path, "category title", &k.title));
                if let Some(d) = &k.description {
                    texts.push((&c.path, "category description", d));
                }
            }
            for m in &c.measures {
                measure_texts(&m.path, &m.measure, &mut texts);
            }
        }
        for (path, what, text) in texts {
            for lang in untranslated(text, &langs) {
                self.diagnostics.push(
                    Diagnostic::warning(path, text.pos, untranslated_message(what, lang))
                        .with_hint(untranslated_hint(what, lang, site.default_language())),
                );
            }
        }
    }

    fn periods(&mut self) {
        let Some(site) = &self.content.site else {
            return;
        };
        let (start, end) = (site.period.start.value, site.period.end.value);
        for c in &self.content.collections {
            for m in &c.measures {
                for entry in &m.measure.indicators {
                    let IndicatorEntry::Defined(ind) = entry else {
                        continue;
                    };
                    for t in ind.all_targets() {
                        let p = t.period.value;
                        if p.end() < start || p.start() > end {
                            self.diagnostics.warning(&m.path, t.period.pos, format!("target period {p} lies outside the plan period {start} – {end}"));
                        }
                    }
                    for p in &ind.progress {
                        if p.period.value.start() > site.as_of.value {
                            self.diagnostics.warning(
                                &m.path,
                                p.period.pos,
                                format!(
                                    "progress for {} starts after as_of ({})",
                                    p.period.value, site.as_of.value
                                ),
                            );
                        }
                    }
                }
                self.dated_steps(&m.path, &m.measure, site.as_of.value);
            }
        }
    }

    /// Updates and milestones dated after `as_of` contradict it: the data
    /// are said to be complete up to that day.
    fn dated_steps(&mut self, path: &str, m: &Measure, as_of: crate::period::Date) {
        for u in &m.updates {
            if u.date.value > as_of {
                self.diagnostics.push(
                    Diagnostic::warning(
                        path,
                        u.date.pos,
                        format!(
                            "the update of {} is dated after as_of ({as_of})",
                            u.date.value
                        ),
                    )
                    .with_hint("move as_of in site.yaml forward, or correct the date"),
                );
            }
        }
        for ms in &m.milestones {
            if let Some(done) = ms.done.as_ref().filter(|d| d.value > as_of) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        path,
                        done.pos,
                        format!(
                            "milestone `{}` is done on {}, after as_of ({as_of})",
                            ms.id.value, done.value
                        ),
                    )
                    .with_hint("move as_of in site.yaml forward, or correct the date"),
                );
            }
        }
    }

    fn pages(&mut self) {
        let Some(site) = &self.content.site else {
            return;
        };
        let langs = site.language_codes();
        let mut by_slug: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
        for p in &self.content.pages {
            by_slug.entry(&p.slug).or_default().push(p);
        }
        let collection_ids: Vec<&str> = self
            .content
            .collections
            .iter()
            .map(|c| c.config.id.as_str())
            .collect();
        for (slug, pages) in by_slug {
            if collection_ids.contains(&slug) || langs.contains(&slug) {
                self.error(&pages[0].path, Pos::START, format!("page slug `{slug}` clashes with a collection or a language of the same name"), None);
            }
            for lang in &langs {
                if !pages.iter().any(|p| p.lang == *lang) {
                    self.diagnostics.warning(
                        &pages[0].path,
                        Pos::START,
                        format!("page `{slug}` has no `{lang}` version"),
                    );
                }
            }
        }
    }
}

/// The site's languages a text has no translation into.
pub fn untranslated<'a>(text: &'a Text, languages: &'a [String]) -> impl Iterator<Item = &'a str> {
    languages
        .iter()
        .filter(|l| !text.by_lang.contains_key(l.as_str()))
        .map(String::as_str)
}

/// The warning for a text (`what`: "text", "update text"…) with no
/// translation into `lang`.
pub fn untranslated_message(what: &str, lang: &str) -> String {
    format!("{what} has no `{lang}` translation")
}

/// What to do about a text without `lang`: for the words of a baseline or
/// target (`稳步提升`), where to add them.
fn untranslated_hint(what: &str, lang: &str, default: &str) -> String {
    let shown = format!("the page shows the {default} text, marked as not translated");
    match what {
        "baseline text" | "target text" => format!(
            "add the words in `{lang}` to its `text:`, beside `{default}:` (`text: {{{default}: …, {lang}: …}}`); until then {shown}"
        ),
        _ => shown,
    }
}

/// The warning for a progress entry that declares a status and gives no
/// note saying why.
pub fn status_without_note(p: &Progress) -> Option<String> {
    match (&p.status, &p.note) {
        (Some(status), None) => Some(format!(
            "the declared status `{}` has no note",
            status.value.as_str()
        )),
        _ => None,
    }
}

fn measure_texts<'a>(
    path: &'a str,
    m: &'a Measure,
    out: &mut Vec<(&'a str, &'static str, &'a Text)>,
) {
    out.push((path, "title", &m.title));
    for (what, t) in [("summary", &m.summary), ("status_note", &m.status_note)] {
        if let Some(t) = t {
            out.push((path, what, t));
        }
    }
    for t in &m.tasks {
        out.push((path, "task", t));
    }
    for entry in &m.indicators {
        let IndicatorEntry::Defined(ind) = entry else {
            continue;
        };
        out.push((path, "indicator name", &ind.name));
        for (what, t) in [("unit", &ind.unit), ("note", &ind.note)] {
            if let Some(t) = t {
                out.push((path, what, t));
            }
        }
        let metadata = [
            ("definition", &ind.definition),
            ("method", &ind.method),
            ("data_source", &ind.data_source),
        ];
        for (what, t) in metadata {
            if let Some(t) = t {
                out.push((path, what, t));
            }
        }
        let bounds = ind
            .baseline
            .iter()
            .map(|b| (["baseline text", "baseline note"], b));
        let bounds = bounds.chain(
            ind.all_targets()
                .iter()
                .map(|b| (["target text", "target note"], b)),
        );
        for ([text, note], b) in bounds {
            for (what, t) in [(text, &b.text), (note, &b.note)] {
                if let Some(t) = t {
                    out.push((path, what, t));
                }
            }
        }
        for p in &ind.progress {
            for (what, t) in [("text", &p.text), ("note", &p.note)] {
                if let Some(t) = t {
                    out.push((path, what, t));
                }
            }
            if let Some(s) = &p.source {
                out.push((path, "source title", &s.title));
            }
        }
    }
    for u in &m.updates {
        out.push((path, "update text", &u.text));
        if let Some(s) = &u.source {
            out.push((path, "source title", &s.title));
        }
    }
    for ms in &m.milestones {
        out.push((path, "milestone title", &ms.title));
        if let Some(s) = &ms.evidence {
            out.push((path, "evidence title", &s.title));
        }
    }
}
