//! The resolved site: validated content in a fixed order, with every
//! indicator reference resolved and every status computed. This is what
//! `check` stops at and what `render` reads; nothing in it changes afterwards.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::status::measure::MeasureAssessment;
use crate::status::{self, Assessment};
use crate::timing::log_elapsed;

pub struct Site {
    pub config: SiteConfig,
    pub units: Vec<Unit>,
    /// Sorted by `order`, then id.
    pub collections: Vec<Collection>,
    /// Sorted by order, then slug, then language.
    pub pages: Vec<Page>,
    /// Every defined indicator by `collection/measure/indicator`.
    pub indicators: BTreeMap<String, IndicatorInfo>,
    /// Each measure's assessment, its status with how it came about:
    /// `measure_assessment[collection][measure]` (the one home of a
    /// measure's status).
    pub measure_assessment: Vec<Vec<MeasureAssessment>>,
    /// The plan this site is, on a site with several (SPEC §10); its
    /// `config` is then site.yaml with the plan's own period, as-of day,
    /// source, notice and assessment levels.
    pub plan: Option<PlanConfig>,
    /// Each body's place in `units`, by id: pages look up the bodies of
    /// every measure, and a province has thousands.
    unit_at: HashMap<String, usize>,
}

pub struct IndicatorInfo {
    /// Position of the definition: collection, measure, entry.
    pub at: (usize, usize, usize),
    pub assessment: Assessment,
    /// Every measure that shows it (its own first), as collection/measure indices.
    pub used_in: Vec<(usize, usize)>,
}

/// One indicator as a measure lists it: its own, or one it references.
pub struct ListedIndicator<'s> {
    pub key: &'s str,
    pub indicator: &'s Indicator,
    pub info: &'s IndicatorInfo,
    /// Set when the measure lists it by `ref`.
    pub via_ref: bool,
}

impl Site {
    /// Measure `mi` of collection `ci` as the owner of its files.
    pub fn measure_key(&self, ci: usize, mi: usize) -> crate::model::MeasureKey {
        let c = &self.collections[ci];
        crate::model::MeasureKey {
            plan: self.plan.as_ref().map(|p| p.id.clone()),
            collection: c.config.id.clone(),
            measure: c.measures[mi].measure.id.value.clone(),
        }
    }

    /// Load, validate and resolve `<root>/content`. `Err` carries the
    /// problems when any is an error (warnings too, under `strict`).
    pub fn load(root: &Path, strict: bool) -> Result<(Site, Diagnostics), LoadError> {
        Site::load_with(root, strict, &crate::load::Overlay::new())
    }

    /// [`Site::load`], with some files' texts given instead of read
    /// (`sheet import` checks its edits so before writing them).
    pub fn load_with(
        root: &Path,
        strict: bool,
        overlay: &crate::load::Overlay,
    ) -> Result<(Site, Diagnostics), LoadError> {
        Site::load_by(strict, |d| crate::load::load_with(root, overlay, d))
    }

    fn load_by(
        strict: bool,
        load: impl FnOnce(&mut Diagnostics) -> Result<Content, std::io::Error>,
    ) -> Result<(Site, Diagnostics), LoadError> {
        let started = std::time::Instant::now();
        let mut diagnostics = Diagnostics::new();
        let content = load(&mut diagnostics).map_err(LoadError::Io)?;
        log_elapsed("load: read and decoded", started);
        if !content.plans.is_empty() {
            // A site with several plans is loaded by `crate::plans`.
            diagnostics.push(
                crate::diagnostics::Diagnostic::error(
                    "content/plans",
                    crate::diagnostics::Pos::START,
                    "this site has several plans, and this works on one plan at a time",
                )
                .with_hint("name the plan: `--plan <id>`"),
            );
            return Err(LoadError::Content(diagnostics));
        }
        crate::validate::validate(&content, &mut diagnostics);
        log_elapsed("load: validated", started);
        if strict {
            diagnostics.make_strict();
        }
        if diagnostics.has_errors() {
            return Err(LoadError::Content(diagnostics));
        }
        let site = Site::resolve(content);
        log_elapsed("load: resolved", started);
        match site {
            Some(site) => Ok((site, diagnostics)),
            None => Err(LoadError::Content(diagnostics)),
        }
    }

    /// The site of resolved, valid `content` (one plan's, or a one-plan site's).
    pub(crate) fn resolve(content: Content) -> Option<Site> {
        let config = content.site?;
        let mut collections = content.collections;
        collections.sort_by(|a, b| {
            (a.config.order.unwrap_or(i64::MAX), &a.config.id)
                .cmp(&(b.config.order.unwrap_or(i64::MAX), &b.config.id))
        });
        for c in &mut collections {
            c.measures.sort_by(|a, b| {
                (a.measure.number.unwrap_or(u32::MAX), &a.measure.id.value)
                    .cmp(&(b.measure.number.unwrap_or(u32::MAX), &b.measure.id.value))
            });
        }
        let mut pages = content.pages;
        pages.sort_by(|a, b| {
            (a.front.order.unwrap_or(i64::MAX), &a.slug, &a.lang).cmp(&(
                b.front.order.unwrap_or(i64::MAX),
                &b.slug,
                &b.lang,
            ))
        });

        let as_of = config.as_of.value;
        let mut indicators = BTreeMap::new();
        for (ci, c) in collections.iter().enumerate() {
            for (mi, m) in c.measures.iter().enumerate() {
                for (ii, entry) in m.measure.indicators.iter().enumerate() {
                    if let IndicatorEntry::Defined(ind) = entry {
                        let key = indicator_key(&c.config.id, &m.measure.id.value, &ind.id.value);
                        indicators.insert(
                            key,
                            IndicatorInfo {
                                at: (ci, mi, ii),
                                assessment: status::assess(ind, as_of),
                                used_in: vec![(ci, mi)],
                            },
                        );
                    }
                }
            }
        }
        for (ci, c) in collections.iter().enumerate() {
            for (mi, m) in c.measures.iter().enumerate() {
                for entry in &m.measure.indicators {
                    if let IndicatorEntry::Ref(r) = entry {
                        indicators.get_mut(&r.target.value)?.used_in.push((ci, mi));
                    }
                }
            }
        }
        let mut site = Site {
            config,
            units: content.units,
            collections,
            pages,
            indicators,
            measure_assessment: Vec::new(),
            plan: None,
            unit_at: HashMap::new(),
        };
        // Ids are unique once validated; were one not, its first body is found.
        for (ui, u) in site.units.iter().enumerate().rev() {
            site.unit_at.insert(u.id.value.clone(), ui);
        }
        site.measure_assessment = site
            .collections
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                (0..c.measures.len())
                    .map(|mi| site.assess_measure(ci, mi))
                    .collect()
            })
            .collect();
        Some(site)
    }

    /// Whether measure `b` may take `a`'s place without changing the site
    /// around it: the same id and number (its place), and the same
    /// indicators and references in the same order (what other measures
    /// refer to, and show of it).
    pub fn same_identity(a: &Measure, b: &Measure) -> bool {
        a.id.value == b.id.value
            && a.number == b.number
            && a.indicators.len() == b.indicators.len()
            && a.indicators
                .iter()
                .zip(&b.indicators)
                .all(|pair| match pair {
                    (IndicatorEntry::Defined(x), IndicatorEntry::Defined(y)) => {
                        x.id.value == y.id.value
                    }
                    (IndicatorEntry::Ref(x), IndicatorEntry::Ref(y)) => {
                        x.target.value == y.target.value
                    }
                    _ => false,
                })
    }

    /// Puts `file` in place of measure `mi` of collection `ci` and assesses
    /// again what depends on it: the indicators it defines, and every
    /// measure that shows one. `file` must keep the measure's identity
    /// ([`Site::same_identity`]). Returns the measure it replaced.
    pub(crate) fn replace_measure(
        &mut self,
        ci: usize,
        mi: usize,
        file: MeasureFile,
    ) -> MeasureFile {
        let old = std::mem::replace(&mut self.collections[ci].measures[mi], file);
        let as_of = self.config.as_of.value;
        let c = &self.collections[ci];
        let m = &c.measures[mi].measure;
        let mut again = vec![(ci, mi)];
        for entry in &m.indicators {
            if let IndicatorEntry::Defined(ind) = entry {
                let key = indicator_key(&c.config.id, &m.id.value, &ind.id.value);
                if let Some(info) = self.indicators.get_mut(&key) {
                    info.assessment = status::assess(ind, as_of);
                    again.extend(info.used_in.iter().copied());
                }
            }
        }
        for (ci, mi) in again {
            self.measure_assessment[ci][mi] = self.assess_measure(ci, mi);
        }
        old
    }

    fn assess_measure(&self, ci: usize, mi: usize) -> MeasureAssessment {
        let measure = &self.collections[ci].measures[mi].measure;
        let statuses: Vec<Status> = self
            .listed_indicators(ci, mi)
            .iter()
            .map(|l| l.info.assessment.status)
            .collect();
        status::measure::assess_measure(
            measure,
            &statuses,
            self.config.period.end.value,
            self.config.as_of.value,
        )
    }

    /// Which measures each responsible body leads or shares, by body id,
    /// in plan order: the one home of that rule for the pages of bodies,
    /// their reports and the list of bodies across plans. A body that is
    /// both a lead and a partner of a measure leads it.
    pub fn unit_measures(&self) -> HashMap<&str, Vec<UnitMeasure>> {
        let mut by_unit: HashMap<&str, Vec<UnitMeasure>> = HashMap::new();
        for (ci, c) in self.collections.iter().enumerate() {
            for (mi, mf) in c.measures.iter().enumerate() {
                let m = &mf.measure;
                for u in m.lead.iter().chain(&m.units) {
                    let list = by_unit.entry(u.value.as_str()).or_default();
                    // A body named twice has the measure once.
                    if list.last().is_none_or(|x| x.at != (ci, mi)) {
                        let leads = unit_role(m, &u.value) == Some(true);
                        list.push(UnitMeasure {
                            at: (ci, mi),
                            leads,
                        });
                    }
                }
            }
        }
        by_unit
    }

    /// The measures body `unit` leads or shares, in plan order: one body's
    /// entry of [`Site::unit_measures`], without indexing every body.
    pub fn measures_of_unit(&self, unit: &str) -> Vec<UnitMeasure> {
        let mut own = Vec::new();
        for (ci, c) in self.collections.iter().enumerate() {
            for (mi, mf) in c.measures.iter().enumerate() {
                if let Some(leads) = unit_role(&mf.measure, unit) {
                    own.push(UnitMeasure {
                        at: (ci, mi),
                        leads,
                    });
                }
            }
        }
        own
    }

    /// The indicators a measure shows, in its own order, refs resolved.
    pub fn listed_indicators(&self, ci: usize, mi: usize) -> Vec<ListedIndicator<'_>> {
        let c = &self.collections[ci];
        let m = &c.measures[mi].measure;
        m.indicators
            .iter()
            .filter_map(|entry| {
                let (key, via_ref) = match entry {
                    IndicatorEntry::Defined(ind) => (
                        indicator_key(&c.config.id, &m.id.value, &ind.id.value),
                        false,
                    ),
                    IndicatorEntry::Ref(r) => (r.target.value.clone(), true),
                };
                let (key, info) = self.indicators.get_key_value(&key)?;
                Some(ListedIndicator {
                    key,
                    indicator: self.indicator_at(info.at),
                    info,
                    via_ref,
                })
            })
            .collect()
    }

    pub fn indicator_at(&self, (ci, mi, ii): (usize, usize, usize)) -> &Indicator {
        match &self.collections[ci].measures[mi].measure.indicators[ii] {
            IndicatorEntry::Defined(ind) => ind,
            IndicatorEntry::Ref(_) => {
                unreachable!("indicator positions always point at definitions")
            }
        }
    }

    /// Each Markdown page's slug once, in page order.
    pub fn page_slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = Vec::new();
        for page in &self.pages {
            if !slugs.contains(&page.slug.as_str()) {
                slugs.push(&page.slug);
            }
        }
        slugs
    }

    /// The version of page `slug` that the site in `lang` shows (the
    /// fallback-language rule, [`in_language`]); `slug` must be one of
    /// [`Site::page_slugs`].
    pub fn page_version(&self, slug: &str, lang: &str) -> &Page {
        let versions = self
            .pages
            .iter()
            .filter(|p| p.slug == slug)
            .map(|p| (p.lang.as_str(), p));
        in_language(versions, lang, self.config.default_language())
            .map(|(_, p)| p)
            .expect("a page slug has at least one version")
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_at.get(id).map(|&ui| &self.units[ui])
    }

    pub fn measure_count(&self) -> usize {
        self.collections.iter().map(|c| c.measures.len()).sum()
    }

    /// How many indicators the site has: each once, however many measures
    /// list it (a reference is the same indicator shown again). The one
    /// count every page, the data and the releases give.
    pub fn indicator_count(&self) -> usize {
        self.indicators.len()
    }

    /// The latest report on a measure: the period of the progress entry of
    /// any indicator it lists, or the day of an update, that ends last (a
    /// progress entry on a tie). `None` when nothing has been reported.
    pub fn latest_report(&self, ci: usize, mi: usize) -> Option<crate::period::Period> {
        let m = &self.collections[ci].measures[mi].measure;
        m.updates
            .iter()
            .map(|u| crate::period::Period::Day(u.date.value))
            .chain(
                self.listed_indicators(ci, mi)
                    .iter()
                    .flat_map(|li| li.indicator.progress.iter())
                    .map(|p| p.period.value),
            )
            .max_by_key(|p| p.end())
    }
}

/// Whether body `unit` leads measure `m` (`Some(true)`), only shares it
/// (`Some(false)`), or neither.
fn unit_role(m: &Measure, unit: &str) -> Option<bool> {
    if m.lead.iter().any(|u| u.value == unit) {
        Some(true)
    } else if m.units.iter().any(|u| u.value == unit) {
        Some(false)
    } else {
        None
    }
}

/// A measure of a responsible body (see [`Site::unit_measures`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitMeasure {
    /// (collection, measure).
    pub at: (usize, usize),
    /// Whether the body leads it, or only shares it.
    pub leads: bool,
}

#[derive(Debug)]
pub enum LoadError {
    /// The content folder itself could not be read (exit code 2).
    Io(std::io::Error),
    /// The content has problems (exit code 1).
    Content(Diagnostics),
}
