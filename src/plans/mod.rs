//! Several plans on one site (SPEC §10): a content folder with `plans/` is
//! resolved into one [`Site`] per plan, each a complete one-plan site whose
//! configuration is site.yaml with the plan's own period, as-of day,
//! source, notice and assessment levels, plus the links between them
//! ([`lineage`]). A content folder without `plans/` is one plan, exactly
//! as before: [`Plans::plans`] holds its one site and nothing else changes.

pub mod check;
pub mod lineage;
pub mod next;
pub mod serves;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::Overlay;
use crate::model::*;
use crate::site::{LoadError, Site};
use crate::timing::log_elapsed;

pub use lineage::Lineages;

/// Every plan of a content folder, resolved.
pub struct Plans {
    /// What every plan shares: site.yaml (its period the span of the
    /// plans'), units.yaml and pages/, as a site without collections.
    /// For a one-plan site, that site again without its collections.
    pub root: Site,
    /// The plans in period order (start, then id); one site without a
    /// `plan` for a content folder without `plans/`.
    pub plans: Vec<Site>,
    /// Who continues whom, the series, the served indicators.
    pub lineages: Lineages,
}

/// Top-level names of the output that a plan id must not take.
pub const RESERVED_IDS: &[&str] = &[
    "all",
    "assets",
    "badges",
    "changes",
    "data",
    "embed",
    "lineage",
    "methodology",
    "plans",
    "report",
    "search",
    "status",
    "units",
    "updates",
    "accessibility",
    "sitemap.xml",
    "robots.txt",
    "feed.xml",
    "404.html",
];

/// Whether `id` may not name a plan of `content`: it is a language, a page
/// slug or one of [`RESERVED_IDS`], a name the site's own pages or files use.
pub fn id_taken(content: &Content, id: &str) -> bool {
    RESERVED_IDS.contains(&id)
        || content
            .site
            .as_ref()
            .is_some_and(|s| s.languages.iter().any(|l| l.value == id))
        || content.pages.iter().any(|p| p.slug == id)
}

/// What [`id_taken`] means, for a message.
pub fn id_taken_message(id: &str) -> String {
    format!(
        "the plan id `{id}` is also a name of the site's own pages or files (a language, a page or one of: {})",
        RESERVED_IDS.join(", ")
    )
}

impl Plans {
    /// Load, validate and resolve `<root>/content`, with one plan or several.
    pub fn load(root: &Path, strict: bool) -> Result<(Plans, Diagnostics), LoadError> {
        Plans::load_with(root, strict, &Overlay::new())
    }

    /// [`Plans::load`], with some files' texts given instead of read.
    pub fn load_with(
        root: &Path,
        strict: bool,
        overlay: &Overlay,
    ) -> Result<(Plans, Diagnostics), LoadError> {
        Plans::load_by(strict, |d| crate::load::load_with(root, overlay, d))
    }

    /// [`Plans::load`], taking parsed YAML trees from `yaml` when given.
    pub fn load_with_yaml_cache(
        root: &Path,
        strict: bool,
        yaml: Option<&crate::load::YamlCache>,
    ) -> Result<(Plans, Diagnostics), LoadError> {
        Plans::load_by(strict, |d| crate::load::load_with_yaml_cache(root, yaml, d))
    }

    /// [`Plans::load`], reusing the measures `cache` decoded before, with
    /// the inventory of the files read (`serve`).
    pub fn load_cached(
        root: &Path,
        strict: bool,
        cache: &crate::load::DecodeCache,
    ) -> Result<(Plans, Diagnostics, crate::load::Inputs), LoadError> {
        let mut inputs = None;
        let (plans, diagnostics) = Plans::load_by(strict, |d| {
            let (content, found) = crate::load::load_cached(root, cache, d)?;
            inputs = Some(found);
            Ok(content)
        })?;
        Ok((plans, diagnostics, inputs.unwrap_or_default()))
    }

    /// [`Plans::load`], also giving the records as read (the commands that
    /// write new records beside them read them once).
    pub fn load_keeping(
        root: &Path,
        strict: bool,
    ) -> Result<(Plans, Content, Diagnostics), LoadError> {
        let mut kept = None;
        let (plans, diagnostics) = Plans::load_by(strict, |d| {
            let content = crate::load::load(root, d)?;
            kept = Some(content.clone());
            Ok(content)
        })?;
        Ok((plans, kept.unwrap_or_default(), diagnostics))
    }

    fn load_by(
        strict: bool,
        load: impl FnOnce(&mut Diagnostics) -> Result<Content, std::io::Error>,
    ) -> Result<(Plans, Diagnostics), LoadError> {
        let started = std::time::Instant::now();
        let mut diagnostics = Diagnostics::new();
        let content = load(&mut diagnostics).map_err(LoadError::Io)?;
        log_elapsed("load: read and decoded", started);
        if content.plans.is_empty() {
            crate::validate::validate(&content, &mut diagnostics);
            return finish(strict, diagnostics, || {
                let site = Site::resolve(content)?;
                let root = without_collections(&site);
                Some(Plans {
                    root,
                    plans: vec![site],
                    lineages: Lineages::default(),
                })
            });
        }
        let mut contents = plan_contents(&content, &mut diagnostics);
        // What the plans share is checked once; each plan's own files with
        // the plan's configuration.
        let shared = Content {
            site: content.site.clone(),
            units: content.units.clone(),
            collections: Vec::new(),
            pages: content.pages.clone(),
            plans: Vec::new(),
        };
        crate::validate::validate(&shared, &mut diagnostics);
        for (plan, c) in &contents {
            let mut own = Diagnostics::new();
            crate::validate::validate(c, &mut own);
            let dir = format!(
                "{}/{}/{}/",
                crate::load::CONTENT_DIR,
                crate::load::PLANS_DIR,
                plan.id
            );
            own.retain(|d| d.path.starts_with(&dir));
            diagnostics.extend(own);
        }
        check::check(&content, &contents, &mut diagnostics);
        log_elapsed("load: validated", started);
        finish(strict, diagnostics, move || {
            contents.sort_by(|(a, _), (b, _)| {
                (a.period.start.value, &a.id).cmp(&(b.period.start.value, &b.id))
            });
            // Programme indicators take the figures of the annual ones serving them.
            serves::apply(&mut contents);
            let mut plans = Vec::new();
            for (plan, c) in contents {
                let mut site = Site::resolve(c)?;
                site.plan = Some(plan);
                plans.push(site);
            }
            let mut root_config = content.site.clone()?;
            if let (Some(start), Some(end)) = (
                plans
                    .iter()
                    .map(|s| s.config.period.start.clone())
                    .min_by_key(|d| d.value),
                plans
                    .iter()
                    .map(|s| s.config.period.end.clone())
                    .max_by_key(|d| d.value),
            ) {
                root_config.period = PlanPeriod { start, end };
            }
            let root = Site::resolve(Content {
                site: Some(root_config),
                units: content.units,
                collections: Vec::new(),
                pages: content.pages,
                plans: Vec::new(),
            })?;
            let lineages = Lineages::new(&plans);
            Some(Plans {
                root,
                plans,
                lineages,
            })
        })
    }

    /// Whether the site has `plans/`.
    pub fn several(&self) -> bool {
        self.plans.first().is_some_and(|s| s.plan.is_some())
    }

    /// The plan with id `id`.
    pub fn plan(&self, id: &str) -> Option<&Site> {
        self.plans
            .iter()
            .find(|s| s.plan.as_ref().is_some_and(|p| p.id == id))
    }

    /// The one plan of a one-plan site, or the plan `id` of a site with
    /// several (`None` without an id there, or with an unknown one).
    pub fn one(&self, id: Option<&str>) -> Option<&Site> {
        match (self.several(), id) {
            (false, None) => self.plans.first(),
            (true, Some(id)) => self.plan(id),
            _ => None,
        }
    }

    /// The plans' ids, in order (empty for a one-plan site).
    pub fn ids(&self) -> Vec<&str> {
        self.plans
            .iter()
            .filter_map(|s| s.plan.as_ref().map(|p| p.id.as_str()))
            .collect()
    }

    pub fn measure_count(&self) -> usize {
        self.plans.iter().map(Site::measure_count).sum()
    }
}

/// `diagnostics` as the load's result: `Err` with errors (warnings too,
/// under `strict`), else what `resolve` makes.
fn finish(
    strict: bool,
    mut diagnostics: Diagnostics,
    resolve: impl FnOnce() -> Option<Plans>,
) -> Result<(Plans, Diagnostics), LoadError> {
    if strict {
        diagnostics.make_strict();
    }
    if diagnostics.has_errors() {
        return Err(LoadError::Content(diagnostics));
    }
    match resolve() {
        Some(plans) => Ok((plans, diagnostics)),
        None => Err(LoadError::Content(diagnostics)),
    }
}

/// A site's shared part: the same configuration, units and pages.
fn without_collections(site: &Site) -> Site {
    Site::resolve(Content {
        site: Some(site.config.clone()),
        units: site.units.clone(),
        collections: Vec::new(),
        pages: site.pages.clone(),
        plans: Vec::new(),
    })
    .expect("a resolved site's configuration resolves again")
}

/// Each plan with a readable plan.yaml as the content of a one-plan site:
/// site.yaml with the plan's own fields, the shared units, its collections.
fn plan_contents(content: &Content, diagnostics: &mut Diagnostics) -> Vec<(PlanConfig, Content)> {
    let mut out = Vec::new();
    for plan in &content.plans {
        let Some(config) = &plan.config else {
            continue;
        };
        if id_taken(content, &plan.id) {
            diagnostics.push(
                Diagnostic::error(&config.path, Pos::START, id_taken_message(&plan.id))
                    .with_hint("rename the plan's folder, e.g. to its years: 2024 or 2024-2027"),
            );
            continue;
        }
        let Some(site) = &content.site else {
            continue;
        };
        let mut site = site.clone();
        site.title = config.title.clone();
        site.period = config.period.clone();
        if let Some(as_of) = &config.as_of {
            site.as_of = as_of.clone();
        }
        site.source = config.source.clone();
        // A plan's pages name the body that issued it (cited, in the feed);
        // the site's publisher may be another (a government publishing
        // several bodies' plans).
        if let Some(issuer) = config.source.as_ref().and_then(|s| s.issuer.clone()) {
            site.publisher = Some(issuer);
        }
        site.notice = config.notice.clone().or(site.notice);
        site.assessment_levels = config.assessment_levels.clone();
        site.base_url.value = format!("{}/{}/", site.base_url.value.trim_end_matches('/'), plan.id);
        out.push((
            config.clone(),
            Content {
                site: Some(site),
                units: content.units.clone(),
                collections: plan.collections.clone(),
                pages: plan_pages(&content.pages, &plan.pages),
                plans: Vec::new(),
            },
        ));
    }
    out
}

/// A plan's pages: its own, and the shared ones it has no page of the same
/// slug for.
fn plan_pages(shared: &[Page], own: &[Page]) -> Vec<Page> {
    let mut pages: Vec<Page> = shared
        .iter()
        .filter(|p| !own.iter().any(|o| o.slug == p.slug))
        .cloned()
        .collect();
    pages.extend(own.iter().cloned());
    pages
}
