//! Incremental rebuilds for `serve`: after an edit, re-render only what it
//! touches, and keep every other file of the last good build.
//!
//! The rules, from the inputs to the files:
//! - the inputs are what the loader found under `content/` (by its one
//!   rule, with a hash of each file's bytes: [`crate::load::Inputs`]) and
//!   the files of the theme in use; a change to any that is not a measure
//!   file — `site.yaml`, `units.yaml`, a `_collection.yaml`, a `plan.yaml`,
//!   a page, a release, a template or asset — rebuilds everything;
//! - when only measure files changed (or were added or removed), the whole
//!   site is still loaded, checked and resolved (references cross files;
//!   unchanged files are not decoded again, see [`DecodeCache`]), and the
//!   measures *touched* are those changed and every measure that shows
//!   something of one of them, before or after the edit: that shares an
//!   indicator with it (it shows the indicator, or links to the measure
//!   that defines or also uses it) and, on a site with several plans
//!   (SPEC §10), that a lineage link, a series or a served indicator joins
//!   to it, in any plan (its page shows the other's title, targets and
//!   figures);
//! - first the pages and own files of the touched measures are rendered
//!   (and shown), then every page and file that is no measure's own
//!   (listings, home, units, reports, updates, changes, whole-site data,
//!   feeds, sitemap, the search index; with several plans, those of every
//!   plan and those above the plans), without rendering the touched
//!   measures again. Which files are a measure's own is what the writers
//!   recorded when they made them ([`OutputFile::owner`]): the own files of
//!   the other measures are kept from the last build, and those of a
//!   removed measure dropped. The search index takes, for pages not
//!   rendered, what it read of them last time (or in the first phase).
//!
//! `tests/incremental.rs` checks after a series of edits that the result is
//! the full build, byte for byte.
//!
//! [`OutputFile::owner`]: crate::output::OutputFile::owner

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;

use crate::build::BuildError;
use crate::changes::History;
use crate::diagnostics::Diagnostics;
use crate::load::{hash_of, DecodeCache, Inputs};
use crate::model::{Collection, Content, IndicatorEntry};
use crate::output::MeasureKey;
use crate::plans::Plans;
use crate::render::pages::PageKind;
use crate::render::plans::PlansPart;
use crate::render::search::AnalysedPage;
use crate::render::{self, Part, RenderOptions, Rendered};
use crate::site::{LoadError, Site};
use crate::spool::{Held, SpoolSink, SpooledFile};
use crate::theme::Theme;
use crate::timing::log_elapsed;

/// The files of a build, by path under the site root.
pub type Files = HashMap<String, Held>;

/// The last good build and what the next one needs of it.
pub struct Incremental {
    root: PathBuf,
    base_url: String,
    minify: bool,
    cache: DecodeCache,
    last: Option<Last>,
}

struct Last {
    files: Arc<Files>,
    /// Each measure's own files, as their writers recorded them.
    owned: HashMap<MeasureKey, Vec<String>>,
    /// Every input that is not a measure file, by path: a hash of its bytes.
    others: BTreeMap<String, u64>,
    /// Every measure file, by path.
    measures: HashMap<String, MeasureNode>,
    /// What the search index read of each searchable page, by file.
    analysed: HashMap<String, AnalysedPage>,
    /// What it was made of, for the first phase of the next edit.
    made: Option<Made>,
    /// Every page of the site.
    page_count: usize,
}

/// The loaded site, theme and releases a build was made of.
struct Made {
    plans: Plans,
    theme: Theme,
    history: History,
}

/// The first phase of an edit, made before the whole site is loaded again:
/// the touched measures' own files.
struct Quick {
    /// The measure files changed, by path: their new hashes.
    changed: BTreeMap<String, u64>,
    /// The measures touched, by path and as collection and measure indices.
    touched: HashSet<String>,
    at: HashSet<(usize, usize)>,
    made: Vec<SpooledFile>,
    early: HashMap<String, AnalysedPage>,
    millis: u128,
}

/// A measure file of a build: its bytes' hash, the measure it is, and the
/// measures that show something of it.
struct MeasureNode {
    hash: u64,
    key: MeasureKey,
    /// Paths of the measures that show something of it (itself too).
    related: Vec<String>,
}

/// What a rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Whether everything was rendered (else only what the edit touched).
    pub full: bool,
    /// Why, when it was.
    pub reason: Option<String>,
    /// The measure files found changed, added or removed.
    pub changed: usize,
    /// Pages rendered.
    pub pages: usize,
    /// When the touched measures' own pages were in (a partial rebuild), in ms.
    pub first_millis: Option<u128>,
    /// Whether they were in before the whole site was loaded again (an
    /// edit of measure files that kept their identity, see
    /// [`Incremental::rebuild_after`]).
    pub quick: bool,
    /// Every page of the site.
    pub page_count: usize,
    pub warnings: Diagnostics,
    pub notes: Vec<String>,
    pub millis: u128,
}
impl Rebuilt {
    /// One line for the console.
    pub fn summary(&self) -> String {
        if !self.full && self.changed == 0 {
            return format!(
                "no input changed: kept the last build's {} pages ({} ms)",
                self.page_count, self.millis
            );
        }
        let what = if self.full {
            format!(
                "built {} pages ({}full)",
                self.pages,
                self.reason
                    .as_ref()
                    .map(|r| format!("{r}: "))
                    .unwrap_or_default()
            )
        } else {
            format!(
                "re-rendered {} of {} pages ({} measure file{} changed)",
                self.pages,
                self.page_count,
                self.changed,
                if self.changed == 1 { "" } else { "s" }
            )
        };
        match self.first_millis {
            Some(first) => format!(
                "{what}: the touched measures in {first} ms, all in {} ms",
                self.millis
            ),
            None => format!("{what} in {} ms", self.millis),
        }
    }
}

impl Incremental {
    /// Builds of the site at `root` for `base_url`, HTML minified or not.
    pub fn new(root: &Path, base_url: &str, minify: bool) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            minify,
            cache: DecodeCache::default(),
            last: None,
        }
    }

    /// The files of the last good build (empty before the first).
    pub fn files(&self) -> Arc<Files> {
        self.last
            .as_ref()
            .map(|l| l.files.clone())
            .unwrap_or_default()
    }

    /// Rebuilds after a change: only what it touches when it can. On
    /// failure the last good build is kept.
    pub fn rebuild(&mut self) -> Result<Rebuilt, BuildError> {
        self.rebuild_then(&mut |_| {})
    }

    /// [`Incremental::rebuild`], calling `first` with the files as soon as
    /// the pages and own files of the measures touched are new, before the
    /// listings and whole-site files are (which on a large site take much
    /// longer). Not called on a full rebuild.
    pub fn rebuild_then(
        &mut self,
        first: &mut dyn FnMut(Arc<Files>),
    ) -> Result<Rebuilt, BuildError> {
        self.rebuild_with(None, first, Instant::now())
    }

    /// [`Incremental::rebuild_then`] after `paths` changed (as a watcher
    /// saw them; others may have too). When they are all measure files of
    /// the last build that still decode and check, with the same identity
    /// (id, number, indicators and references: [`Site::same_identity`]),
    /// the touched measures' files are made and given to `first` from the
    /// last build's site with the new measures in place, before the whole
    /// site is loaded again; the rest is as
    /// [`Incremental::rebuild_then`], which also checks that the site
    /// loaded then is what the first phase assumed (else it makes it
    /// again), and reports every problem of the whole site.
    pub fn rebuild_after(
        &mut self,
        paths: &[PathBuf],
        first: &mut dyn FnMut(Arc<Files>),
    ) -> Result<Rebuilt, BuildError> {
        let started = Instant::now();
        let quick = self.quick(paths, first, started);
        self.rebuild_with(quick, first, started)
    }

    fn rebuild_with(
        &mut self,
        quick: Option<Quick>,
        first: &mut dyn FnMut(Arc<Files>),
        started: Instant,
    ) -> Result<Rebuilt, BuildError> {
        let (plans, mut warnings, inputs) = Plans::load_cached(&self.root, false, &self.cache)
            .map_err(|e| match e {
                LoadError::Content(d) => BuildError::Content(d),
                LoadError::Io(e) => BuildError::Read(e),
            })?;
        let history = crate::build::history(&self.root, &plans, false, &mut warnings)?;
        log_elapsed("incremental: loaded", started);
        let theme =
            Theme::load(&self.root, plans.root.config.theme_name()).map_err(BuildError::Theme)?;
        let measures = measure_nodes(&plans, &inputs);
        let others = other_inputs(inputs, &theme, &measures);
        log_elapsed("incremental: compared the inputs", started);
        let plan = match &self.last {
            None => Plan::Full(None),
            Some(last) => plan(last, &others, &measures),
        };
        // The inputs of the last good build, so its files as they are: an
        // editor's save can reach the watcher as two bursts, the second
        // after the change was built (and an edit can be undone).
        if let (Plan::Part { changed: 0, .. }, Some(last)) = (&plan, &self.last) {
            return Ok(Rebuilt {
                full: false,
                reason: None,
                changed: 0,
                pages: 0,
                first_millis: None,
                quick: false,
                page_count: last.page_count,
                warnings,
                notes: Vec::new(),
                millis: started.elapsed().as_millis(),
            });
        }
        // The touched measures of each plan, as collection and measure indices.
        let touched: Option<Vec<HashSet<(usize, usize)>>> = match &plan {
            Plan::Full(_) => None,
            Plan::Part { touched, .. } => Some(
                plans
                    .plans
                    .iter()
                    .map(|site| {
                        site.collections
                            .iter()
                            .enumerate()
                            .flat_map(|(ci, c)| {
                                c.measures
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, m)| touched.contains(&m.path))
                                    .map(move |(mi, _)| (ci, mi))
                            })
                            .collect()
                    })
                    .collect(),
            ),
        };
        let prefixes: Vec<String> = match plans.several() {
            true => plans.ids().iter().map(|id| format!("{id}/")).collect(),
            false => vec![String::new()],
        };
        let none = HashMap::new();
        let nothing = HashSet::new();
        let mut first_millis = None;
        // The touched measures' own files, made in the first phase.
        let mut made: Vec<SpooledFile> = Vec::new();
        let early = Mutex::new(HashMap::new());
        // The first phase made before the load holds when the load found
        // just the files it changed, and the same measures touched.
        let quick = quick.filter(|q| match (&plan, &touched) {
            (Plan::Part { touched, changed }, Some(at)) => {
                *touched == q.touched
                    && *changed == q.changed.len()
                    && at.len() == 1
                    && at[0] == q.at
                    && q.changed
                        .iter()
                        .all(|(path, hash)| measures.get(path).is_some_and(|n| n.hash == *hash))
            }
            _ => false,
        });
        let was_quick = quick.is_some();
        if let Some(q) = quick {
            made = q.made;
            *early.lock().unwrap_or_else(|e| e.into_inner()) = q.early;
            first_millis = Some(q.millis);
        } else if let (Some(last), Some(touched), Plan::Part { touched: paths, .. }) =
            (&self.last, &touched, &plan)
        {
            let parts: Vec<Chosen> = touched
                .iter()
                .zip(&prefixes)
                .map(|(t, prefix)| Chosen {
                    touched: Some(t),
                    prefix,
                    last: [&none, &none],
                    fresh: &early,
                    whole: false,
                })
                .collect();
            let sink = SpoolSink::new(self.minify).map_err(BuildError::Write)?;
            render(
                &self.base_url,
                &plans,
                &theme,
                &history,
                &parts,
                false,
                &sink,
            )?;
            made = sink.into_files();
            first(Arc::new(with_own_files(
                last,
                touched_keys(last, &measures, paths),
                &made,
            )));
            first_millis = Some(started.elapsed().as_millis());
            log_elapsed("incremental: the touched measures' files", started);
        }
        let early = early.into_inner().unwrap_or_else(|e| e.into_inner());
        let fresh = Mutex::new(HashMap::new());
        let parts: Vec<Chosen> = prefixes
            .iter()
            .map(|prefix| Chosen {
                // The touched measures are in already.
                touched: touched.as_ref().map(|_| &nothing),
                prefix,
                last: match &self.last {
                    Some(last) if touched.is_some() => [&early, &last.analysed],
                    _ => [&none, &none],
                },
                fresh: &fresh,
                whole: true,
            })
            .collect();
        let sink = SpoolSink::new(self.minify).map_err(BuildError::Write)?;
        let rendered = render(
            &self.base_url,
            &plans,
            &theme,
            &history,
            &parts,
            true,
            &sink,
        )?;
        drop(parts);
        log_elapsed("incremental: rendered", started);
        let mut fresh = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let new_files = sink.into_files();

        // Pages rendered: the touched measures' and all that are no
        // measure's own, in every plan, and those above the plans.
        let mut pages = 0;
        let mut plan_pages = 0;
        for (i, site) in plans.plans.iter().enumerate() {
            let langs = site.config.language_codes().len();
            let kinds = PageKind::all(site, &history);
            plan_pages += langs * kinds.len();
            pages += langs
                * kinds
                    .iter()
                    .filter(|k| match k {
                        PageKind::Measure(ci, mi) | PageKind::Embed(ci, mi) => {
                            touched.as_ref().is_none_or(|t| t[i].contains(&(*ci, *mi)))
                        }
                        _ => true,
                    })
                    .count();
        }
        pages += rendered.page_count.saturating_sub(plan_pages);

        let mut files: Files = HashMap::new();
        let mut owned: HashMap<MeasureKey, Vec<String>> = HashMap::new();
        let mut analysed = HashMap::new();
        if let (Some(last), Plan::Part { touched: paths, .. }) = (self.last.take(), &plan) {
            // Keep the own files of the measures not touched, and what the
            // index read of their pages.
            let Last {
                files: old_files,
                owned: mut old_owned,
                measures: old_measures,
                analysed: kept,
                ..
            } = last;
            for (path, node) in &old_measures {
                if paths.contains(path) {
                    continue;
                }
                let Some(own) = old_owned.remove(&node.key) else {
                    continue;
                };
                files.extend(
                    own.iter()
                        .filter_map(|f| Some((f.clone(), old_files.get(f)?.clone()))),
                );
                owned.insert(node.key.clone(), own);
            }
            analysed = kept;
            analysed.extend(early);
            // Freeing a large site's old files takes a while: not on the way.
            std::thread::spawn(move || drop(old_files));
        }
        for f in made
            .into_iter()
            .filter(|f| f.owner.is_some())
            .chain(new_files)
        {
            if let Some(key) = f.owner {
                owned.entry(key).or_default().push(f.path.clone());
            }
            files.insert(f.path, f.held);
        }
        analysed.extend(fresh.drain());
        analysed.retain(|file, _| files.contains_key(file));
        log_elapsed("incremental: put together", started);
        if std::env::var_os("GONGKAI_TIMINGS").is_some() {
            let bytes: usize = files.values().map(|b| b.len()).sum();
            let read: usize = analysed.values().map(AnalysedPage::size).sum();
            eprintln!(
                "[timing] incremental: holds {} files of {} MB, what the index read of {} pages in {} MB",
                files.len(),
                bytes >> 20,
                analysed.len(),
                read >> 20
            );
        }
        let (full, reason, changed) = match plan {
            Plan::Full(reason) => (true, reason, 0),
            Plan::Part { changed, .. } => (false, None, changed),
        };
        let page_count = rendered.page_count;
        let notes = rendered.warnings;
        self.last = Some(Last {
            files: Arc::new(files),
            owned,
            others,
            measures,
            analysed,
            made: Some(Made {
                plans,
                theme,
                history,
            }),
            page_count,
        });
        Ok(Rebuilt {
            full,
            reason,
            changed,
            pages,
            first_millis,
            quick: was_quick,
            page_count,
            warnings,
            notes,
            millis: started.elapsed().as_millis(),
        })
    }

    /// The first phase of [`Incremental::rebuild_after`], when it can be
    /// made before the load: `None` when it cannot (a path that is not a
    /// measure file of the last build, a file that does not decode or
    /// check on its own or changes its identity, a site with several plans
    /// or with releases, whose pages show more of each measure), or when
    /// none of the files changed.
    fn quick(
        &mut self,
        paths: &[PathBuf],
        first: &mut dyn FnMut(Arc<Files>),
        started: Instant,
    ) -> Option<Quick> {
        let root = self.root.canonicalize().ok();
        let last = self.last.as_mut()?;
        let made = last.made.as_mut()?;
        if made.plans.several() || !made.history.releases.is_empty() {
            return None;
        }
        let mut texts: BTreeMap<String, (u64, String)> = BTreeMap::new();
        for path in paths {
            let rel = relative(&self.root, root.as_deref(), path)?;
            let Some(node) = last.measures.get(&rel) else {
                // An editor's file that came and went, or a hidden one the
                // loader skips, changes nothing; anything else may.
                let name = path.file_name().map(|n| n.to_string_lossy());
                let hidden = name
                    .as_ref()
                    .is_some_and(|n| n.starts_with('.') && !crate::content_writer::is_temp(n));
                if last.others.contains_key(&rel) || (path.exists() && !hidden) {
                    return None;
                }
                continue;
            };
            let bytes = std::fs::read(path).ok()?;
            let hash = hash_of(&bytes);
            if hash == node.hash || texts.contains_key(&rel) {
                continue;
            }
            if bytes.len() > crate::yaml::MAX_FILE_BYTES {
                return None;
            }
            texts.insert(rel, (hash, String::from_utf8(bytes).ok()?));
        }
        if texts.is_empty() {
            return None;
        }
        let site = &mut made.plans.plans[0];
        let languages: Vec<String> = site
            .config
            .language_codes()
            .into_iter()
            .map(String::from)
            .collect();
        let mut new = Vec::new();
        for (rel, (_, text)) in &texts {
            let (ci, mi) = position(site, rel)?;
            let (file, found) = crate::load::decode_measure(rel, text.clone(), &languages);
            let file = file?;
            if found.has_errors()
                || !Site::same_identity(&site.collections[ci].measures[mi].measure, &file.measure)
                || !valid_alone(site, ci, &file)
            {
                return None;
            }
            new.push((ci, mi, file));
        }
        let mut touched: HashSet<String> = HashSet::new();
        for rel in texts.keys() {
            touched.extend(last.measures.get(rel)?.related.iter().cloned());
            touched.insert(rel.clone());
        }
        let at: HashSet<(usize, usize)> = touched
            .iter()
            .map(|rel| position(site, rel))
            .collect::<Option<_>>()?;
        log_elapsed("incremental: the edited measures checked", started);
        let replaced: Vec<_> = new
            .into_iter()
            .map(|(ci, mi, file)| (ci, mi, site.replace_measure(ci, mi, file)))
            .collect();
        let early = Mutex::new(HashMap::new());
        let none = HashMap::new();
        let part = Chosen {
            touched: Some(&at),
            prefix: "",
            last: [&none, &none],
            fresh: &early,
            whole: false,
        };
        let sink = SpoolSink::new(self.minify).ok()?;
        let rendered = render(
            &self.base_url,
            &made.plans,
            &made.theme,
            &made.history,
            std::slice::from_ref(&part),
            false,
            &sink,
        );
        // The last build's site again, until the load replaces it.
        let site = &mut made.plans.plans[0];
        for (ci, mi, file) in replaced.into_iter().rev() {
            site.replace_measure(ci, mi, file);
        }
        rendered.ok()?;
        let made = sink.into_files();
        let keys = touched
            .iter()
            .map(|rel| last.measures.get(rel).map(|m| &m.key))
            .collect::<Option<Vec<_>>>()?;
        first(Arc::new(with_own_files(last, keys, &made)));
        let millis = started.elapsed().as_millis();
        log_elapsed(
            "incremental: the touched measures' files, before the load",
            started,
        );
        Some(Quick {
            changed: texts
                .into_iter()
                .map(|(rel, (hash, _))| (rel, hash))
                .collect(),
            touched,
            at,
            made,
            early: early.into_inner().unwrap_or_else(|e| e.into_inner()),
            millis,
        })
    }
}

/// Renders the part of the site `parts` choose (one for each plan, in
/// order), and the files about the whole site when `whole`.
fn render(
    base_url: &str,
    plans: &Plans,
    theme: &Theme,
    history: &History,
    parts: &[Chosen],
    whole: bool,
    sink: &SpoolSink,
) -> Result<Rendered, BuildError> {
    if plans.several() {
        let part = PlansPart {
            plans: parts
                .iter()
                .map(|c| (whole || c.any()).then_some(c as &dyn Part))
                .collect(),
            whole,
        };
        let rendered = render::plans::render_plans_part(
            plans,
            theme,
            history,
            base_url,
            true,
            sink,
            Some(&part),
        )?;
        return Ok(rendered);
    }
    let options = RenderOptions {
        plans: None,
        base_url: base_url.to_string(),
        search: true,
        history,
        part: Some(&parts[0]),
    };
    Ok(render::render(&plans.plans[0], theme, &options, sink)?)
}

/// `path` (as a watcher gives it) under the site root, as the loader
/// names it (`content/…`, with `/`).
fn relative(root: &Path, canonical: Option<&Path>, path: &Path) -> Option<String> {
    let below = path
        .strip_prefix(root)
        .ok()
        .or_else(|| path.strip_prefix(canonical?).ok())?;
    let parts: Vec<&str> = below.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
    Some(parts.join("/"))
}

/// Collection and measure indices of the measure file `rel` of `site`.
fn position(site: &Site, rel: &str) -> Option<(usize, usize)> {
    site.collections.iter().enumerate().find_map(|(ci, c)| {
        let mi = c.measures.iter().position(|m| m.path == rel)?;
        Some((ci, mi))
    })
}

/// Whether measure `file` of collection `ci` has no error by itself, in
/// `site`: what the load would find wrong in it, but for its references,
/// which it keeps from a measure that had them right.
fn valid_alone(site: &Site, ci: usize, file: &crate::model::MeasureFile) -> bool {
    let c = &site.collections[ci];
    let mut alone = file.clone();
    std::sync::Arc::make_mut(&mut alone.measure)
        .indicators
        .retain(|e| matches!(e, IndicatorEntry::Defined(_)));
    let content = Content {
        site: Some(site.config.clone()),
        units: site.units.clone(),
        collections: vec![Collection {
            config: c.config.clone(),
            path: c.path.clone(),
            measures: vec![alone],
        }],
        pages: Vec::new(),
        plans: Vec::new(),
    };
    let mut found = Diagnostics::new();
    crate::validate::validate(&content, &mut found);
    found.retain(|d| d.path == file.path);
    !found.has_errors()
}

/// The last build's files with the own files of the measures `keys`
/// replaced by the own files in `made`: what to show before the rest is
/// rendered again.
fn with_own_files<'a>(
    last: &Last,
    keys: impl IntoIterator<Item = &'a MeasureKey>,
    made: &[SpooledFile],
) -> Files {
    let mut files: Files = (*last.files).clone();
    for key in keys {
        for f in last.owned.get(key).into_iter().flatten() {
            files.remove(f);
        }
    }
    files.extend(
        made.iter()
            .filter(|f| f.owner.is_some())
            .map(|f| (f.path.clone(), f.held.clone())),
    );
    files
}

/// The measures whose own files a partial rebuild makes anew: those of the
/// touched measure files, before and after the edit.
fn touched_keys<'a>(
    last: &'a Last,
    measures: &'a HashMap<String, MeasureNode>,
    paths: &'a HashSet<String>,
) -> BTreeSet<&'a MeasureKey> {
    paths
        .iter()
        .flat_map(|p| [last.measures.get(p), measures.get(p)])
        .flatten()
        .map(|n| &n.key)
        .collect()
}

/// What a rebuild renders.
enum Plan {
    /// Everything, and why (none on the first build).
    Full(Option<String>),
    /// The measures touched (by path), and how many files changed.
    Part {
        touched: HashSet<String>,
        changed: usize,
    },
}

/// Compares the inputs with the last build's (see the module's rules).
fn plan(
    last: &Last,
    others: &BTreeMap<String, u64>,
    measures: &HashMap<String, MeasureNode>,
) -> Plan {
    if let Some(path) = first_difference(&last.others, others) {
        return Plan::Full(Some(format!("{path} changed")));
    }
    let mut changed: BTreeSet<&String> = BTreeSet::new();
    for (path, node) in measures {
        if last
            .measures
            .get(path)
            .is_none_or(|old| old.hash != node.hash)
        {
            changed.insert(path);
        }
    }
    changed.extend(last.measures.keys().filter(|p| !measures.contains_key(*p)));
    let mut touched = HashSet::new();
    for path in &changed {
        for nodes in [&last.measures, measures] {
            if let Some(node) = nodes.get(*path) {
                touched.extend(node.related.iter().cloned());
            }
        }
        touched.insert((*path).clone());
    }
    Plan::Part {
        touched,
        changed: changed.len(),
    }
}

/// A path in one map and not the other, or with another hash.
fn first_difference(a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>) -> Option<String> {
    a.iter()
        .find(|(path, hash)| b.get(*path) != Some(*hash))
        .or_else(|| b.iter().find(|(path, _)| !a.contains_key(*path)))
        .map(|(path, _)| path.clone())
}

/// The part of one plan (or of a one-plan site) a render makes: every page
/// and file but those of the measures not touched (all of them when
/// `touched` is `None`); only the touched measures' without `whole`.
struct Chosen<'a> {
    touched: Option<&'a HashSet<(usize, usize)>>,
    /// The plan's folder (`2024/`; empty for a one-plan site), before the
    /// files' paths in the maps of analysed pages.
    prefix: &'a str,
    /// What the index read of pages before, newest first.
    last: [&'a HashMap<String, AnalysedPage>; 2],
    fresh: &'a Mutex<HashMap<String, AnalysedPage>>,
    /// Whether the pages and files that are no measure's own are made too.
    whole: bool,
}

impl Chosen<'_> {
    /// Whether it makes anything.
    fn any(&self) -> bool {
        self.whole || self.touched.is_none_or(|t| !t.is_empty())
    }
}

impl Part for Chosen<'_> {
    fn page(&self, kind: &PageKind) -> bool {
        match kind {
            PageKind::Measure(ci, mi) | PageKind::Embed(ci, mi) => self.measure(*ci, *mi),
            _ => self.whole,
        }
    }

    fn measure(&self, ci: usize, mi: usize) -> bool {
        self.touched.is_none_or(|t| t.contains(&(ci, mi)))
    }

    fn analysed(&self, file: &str) -> Option<AnalysedPage> {
        let file = format!("{}{file}", self.prefix);
        self.last.iter().find_map(|m| m.get(&file)).cloned()
    }

    fn keep_analysed(&self, file: &str, page: &AnalysedPage) {
        let kept = page.clone();
        self.fresh
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(format!("{}{file}", self.prefix), kept);
    }

    fn whole_site(&self) -> bool {
        self.whole
    }
}

/// A measure of a site with one plan or several: plan, collection and
/// measure indices.
type At = (usize, usize, usize);

/// Every measure file of `plans`, with its hash and related measures.
fn measure_nodes(plans: &Plans, inputs: &Inputs) -> HashMap<String, MeasureNode> {
    let mut related: HashMap<At, BTreeSet<At>> = HashMap::new();
    let mut join = |group: &[At]| {
        for m in group {
            related.entry(*m).or_default().extend(group);
        }
    };
    for (p, site) in plans.plans.iter().enumerate() {
        for info in site.indicators.values() {
            let group: Vec<At> = info.used_in.iter().map(|&(ci, mi)| (p, ci, mi)).collect();
            join(&group);
        }
    }
    if plans.several() {
        for group in lineage_groups(plans) {
            join(&group);
        }
    }
    let every: Vec<At> = plans
        .plans
        .iter()
        .enumerate()
        .flat_map(|(p, site)| {
            site.collections
                .iter()
                .enumerate()
                .flat_map(move |(ci, c)| (0..c.measures.len()).map(move |mi| (p, ci, mi)))
        })
        .collect();
    let path = |(p, ci, mi): At| &plans.plans[p].collections[ci].measures[mi].path;
    every
        .par_iter()
        .map(|&at| {
            let (p, ci, mi) = at;
            let mf = &plans.plans[p].collections[ci].measures[mi];
            let related = related
                .get(&at)
                .map(|r| r.iter().map(|m| path(*m).clone()).collect())
                .unwrap_or_default();
            let node = MeasureNode {
                hash: inputs
                    .get(&mf.path)
                    .copied()
                    .unwrap_or_else(|| hash_of(mf.source.as_bytes())),
                key: plans.plans[p].measure_key(ci, mi),
                related,
            };
            (mf.path.clone(), node)
        })
        .collect()
}

/// The measures that show something of each other across plans (SPEC
/// §10): the two ends of each lineage link, each series' members and each
/// served programme indicator with those serving it, each with every
/// measure that shows the indicator.
fn lineage_groups(plans: &Plans) -> Vec<Vec<At>> {
    let index: HashMap<&str, usize> = plans
        .ids()
        .into_iter()
        .enumerate()
        .map(|(p, id)| (id, p))
        .collect();
    // The measures that show record `path` (`plan/collection/measure`, or
    // an indicator `…/indicator`).
    let shown_by = |path: &str| -> Vec<At> {
        let parts: Vec<&str> = path.split('/').collect();
        let Some(&p) = parts.first().and_then(|id| index.get(id)) else {
            return Vec::new();
        };
        let site = &plans.plans[p];
        match parts.len() {
            4 => site
                .indicators
                .get(&parts[1..].join("/"))
                .map(|info| info.used_in.iter().map(|&(ci, mi)| (p, ci, mi)).collect())
                .unwrap_or_default(),
            3 => site
                .collections
                .iter()
                .enumerate()
                .filter(|(_, c)| c.config.id == parts[1])
                .flat_map(|(ci, c)| {
                    c.measures
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| m.measure.id.value == parts[2])
                        .map(move |(mi, _)| (p, ci, mi))
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let lineages = &plans.lineages;
    let mut groups = Vec::new();
    for link in &lineages.links {
        groups.push([shown_by(&link.from), shown_by(&link.to)].concat());
    }
    for (served, by) in &lineages.served_by {
        let mut group = shown_by(served);
        group.extend(by.iter().flat_map(|b| shown_by(b)));
        groups.push(group);
    }
    let mut series = BTreeSet::new();
    for (site, id) in plans.plans.iter().zip(plans.ids()) {
        for key in site.indicators.keys() {
            let path = format!("{id}/{key}");
            let members = lineages.series_members(&path);
            if members.len() > 1 && series.insert(lineages.series_of(&path).to_string()) {
                groups.push(members.iter().flat_map(|m| shown_by(m)).collect());
            }
        }
    }
    groups
}

/// The inputs that are not measure files: the loader's others, and every
/// file of the theme in use (the built-in ones with the site's over them).
fn other_inputs(
    mut inputs: Inputs,
    theme: &Theme,
    measures: &HashMap<String, MeasureNode>,
) -> BTreeMap<String, u64> {
    inputs.retain(|path, _| !measures.contains_key(path));
    for (rel, bytes) in theme.under("") {
        inputs.insert(format!("themes/{}/{rel}", theme.name), hash_of(bytes));
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(hash: u64, related: &[&str]) -> MeasureNode {
        MeasureNode {
            hash,
            key: MeasureKey {
                plan: None,
                collection: "w".into(),
                measure: format!("m{hash}"),
            },
            related: related.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn last(others: &[(&str, u64)], measures: Vec<(&str, MeasureNode)>) -> Last {
        Last {
            files: Default::default(),
            owned: HashMap::new(),
            others: others.iter().map(|(p, h)| (p.to_string(), *h)).collect(),
            measures: measures
                .into_iter()
                .map(|(p, n)| (p.to_string(), n))
                .collect(),
            analysed: HashMap::new(),
            made: None,
            page_count: 0,
        }
    }

    const A: &str = "content/w/a.yaml";
    const B: &str = "content/w/b.yaml";
    const C: &str = "content/w/c.yaml";

    #[test]
    fn a_change_to_anything_but_a_measure_file_rebuilds_everything() {
        let before = last(&[("content/site.yaml", 1)], vec![(A, node(1, &[A]))]);
        let measures: HashMap<String, MeasureNode> = [(A.to_string(), node(1, &[A]))].into();
        let others = |h| BTreeMap::from([("content/site.yaml".to_string(), h)]);
        assert!(matches!(
            plan(&before, &others(2), &measures),
            Plan::Full(Some(_))
        ));
        let added = BTreeMap::from([
            ("content/site.yaml".to_string(), 1),
            ("themes/default/templates/base.html".to_string(), 7),
        ]);
        match plan(&before, &added, &measures) {
            Plan::Full(Some(why)) => assert!(why.starts_with("themes/"), "{why}"),
            _ => panic!("a new theme file rebuilds everything"),
        }
        match plan(&before, &others(1), &measures) {
            Plan::Part { touched, changed } => assert!(touched.is_empty() && changed == 0),
            Plan::Full(_) => panic!("nothing changed"),
        }
    }

    #[test]
    fn a_measure_touches_those_it_shares_indicators_with_before_and_after() {
        // a referred to b's indicator; now it refers to c's.
        let before = last(
            &[],
            vec![
                (A, node(1, &[A, B])),
                (B, node(2, &[A, B])),
                (C, node(3, &[C])),
            ],
        );
        let now: HashMap<String, MeasureNode> = [
            (A.to_string(), node(9, &[A, C])),
            (B.to_string(), node(2, &[B])),
            (C.to_string(), node(3, &[A, C])),
        ]
        .into();
        let Plan::Part { touched, changed } = plan(&before, &BTreeMap::new(), &now) else {
            panic!("only measures changed");
        };
        assert_eq!(changed, 1);
        assert_eq!(touched, HashSet::from([A, B, C].map(String::from)));
        // c removed, which shared nothing: only its files go.
        let now: HashMap<String, MeasureNode> = [
            (A.to_string(), node(1, &[A, B])),
            (B.to_string(), node(2, &[A, B])),
        ]
        .into();
        let Plan::Part { touched, changed } = plan(&before, &BTreeMap::new(), &now) else {
            panic!("only measures changed");
        };
        assert_eq!(changed, 1);
        assert_eq!(touched, HashSet::from([C.to_string()]));
    }
}
