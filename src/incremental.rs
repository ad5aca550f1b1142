//! Incremental rebuilds for `serve`: after an edit, re-render only what it
//! touches, and keep every other file of the last good build.
//!
//! The rules, from the inputs to the files:
//! - any change to a file under `content/` or `themes/` that is not a
//!   measure file (`content/<collection>/<id>.yaml`) — `site.yaml`,
//!   `units.yaml`, a `_collection.yaml`, a page, a release, a template or
//!   asset — rebuilds everything;
//! - when only measure files changed (or were added or removed), the whole
//!   site is still loaded, checked and resolved (references cross files;
//!   unchanged files are not decoded again, see [`DecodeCache`]), and the
//!   measures *touched* are those changed and every measure that shares an
//!   indicator with one of them, before or after the edit (it shows the
//!   indicator, or links to the measure that defines or also uses it);
//! - the pages and own files (embed, badges, data and chart files) of the
//!   touched measures are rendered again, with every page and file that is
//!   not a measure's own (listings, home, units, reports, updates, changes,
//!   whole-site data, feeds, sitemap, the search index); the own files of
//!   the other measures are kept from the last build, and those of a
//!   removed measure dropped. The search index takes, for pages not
//!   rendered, what it read of them last time.
//!
//! `tests/incremental.rs` checks after a series of edits that the result is
//! the full build, byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;

use crate::build::BuildError;
use crate::changes::History;
use crate::diagnostics::Diagnostics;
use crate::load::DecodeCache;
use crate::output::MemorySink;
use crate::plans::Plans;
use crate::render::pages::PageKind;
use crate::render::search::AnalysedPage;
use crate::render::{self, urls, Part, RenderOptions};
use crate::site::{LoadError, Site};
use crate::theme::Theme;
use crate::timing::log_elapsed;

/// The files of a build, by path under the site root.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

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
    /// Every input that is not a measure file, by path: a hash of its bytes.
    others: BTreeMap<String, u64>,
    /// Every measure file, by path.
    measures: HashMap<String, MeasureNode>,
    /// What the search index read of each searchable page, by file.
    analysed: HashMap<String, AnalysedPage>,
}

/// A measure file of a build: its text's hash, the files that are its
/// own, and the measures that show something of it.
struct MeasureNode {
    hash: u64,
    files: Vec<String>,
    /// Paths of the measures that share an indicator with it (itself too).
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
    /// Every page of the site.
    pub page_count: usize,
    pub warnings: Diagnostics,
    pub notes: Vec<String>,
    pub millis: u128,
}

impl Rebuilt {
    /// One line for the console.
    pub fn summary(&self) -> String {
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
        let started = Instant::now();
        let (plans, mut warnings) =
            Plans::load_cached(&self.root, false, &self.cache).map_err(|e| match e {
                LoadError::Content(d) => BuildError::Content(d),
                LoadError::Io(e) => BuildError::Read(e),
            })?;
        if plans.several() {
            return self.rebuild_plans(plans, warnings, started);
        }
        let site = plans
            .plans
            .into_iter()
            .next()
            .expect("a one-plan site has its plan");
        let history = match History::load_checked(&self.root, &site, false, &mut warnings) {
            Ok(Some(history)) => history,
            Ok(None) => return Err(BuildError::Content(warnings)),
            Err(e) => return Err(BuildError::Read(e)),
        };
        log_elapsed("incremental: loaded", started);
        let theme = Theme::load(&self.root, site.config.theme_name()).map_err(BuildError::Theme)?;
        let measures = measure_nodes(&site);
        let others = fingerprint_others(&self.root, &measures);
        log_elapsed("incremental: compared the inputs", started);
        let plan = match &self.last {
            None => Plan::Full(None),
            Some(last) => plan(last, &others, &measures),
        };
        let touched: Option<HashSet<(usize, usize)>> = match &plan {
            Plan::Full(_) => None,
            Plan::Part { touched, .. } => Some(
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
                    .collect(),
            ),
        };
        let empty = HashMap::new();
        let mut first_millis = None;
        if let (Some(last), Some(chosen)) = (&self.last, &touched) {
            // First the touched measures' own pages and files, shown at
            // once; then the listings and whole-site files.
            let part = Chosen {
                touched: Some(chosen),
                last: &empty,
                fresh: Mutex::new(HashMap::new()),
                whole: false,
            };
            let sink = MemorySink::new(self.minify);
            let options = RenderOptions {
                plans: None,
                base_url: self.base_url.clone(),
                search: false,
                history: &history,
                part: Some(&part),
            };
            render::render(&site, &theme, &options, &sink)?;
            let Plan::Part { touched: paths, .. } = &plan else {
                unreachable!("touched measures come from a partial plan")
            };
            let mut files: Files = (*last.files).clone();
            for path in paths {
                for f in last.measures.get(path).iter().flat_map(|n| &n.files) {
                    files.remove(f);
                }
            }
            let own: HashSet<&String> = paths
                .iter()
                .filter_map(|p| measures.get(p))
                .flat_map(|n| &n.files)
                .collect();
            files.extend(
                sink.into_files()
                    .into_iter()
                    .filter(|f| own.contains(&f.path))
                    .map(|f| (f.path, Arc::new(f.bytes))),
            );
            first(Arc::new(files));
            first_millis = Some(started.elapsed().as_millis());
            log_elapsed("incremental: the touched measures' files", started);
        }
        let chosen = Chosen {
            touched: touched.as_ref(),
            last: match (&self.last, &touched) {
                (Some(last), Some(_)) => &last.analysed,
                _ => &empty,
            },
            fresh: Mutex::new(HashMap::new()),
            whole: true,
        };
        let sink = MemorySink::new(self.minify);
        let options = RenderOptions {
            plans: None,
            base_url: self.base_url.clone(),
            search: true,
            history: &history,
            part: Some(&chosen),
        };
        let rendered = render::render(&site, &theme, &options, &sink)?;
        log_elapsed("incremental: rendered", started);
        let langs = site.config.language_codes();
        let all_pages = PageKind::all(&site, &history);
        let pages = langs.len() * all_pages.iter().filter(|k| chosen.page(k)).count();
        let fresh = chosen.fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let new_files = sink.into_files();

        let (files, analysed) = match (self.last.take(), &plan) {
            (Some(last), Plan::Part { touched, .. }) => {
                // Keep the own files of the measures not touched, and what
                // the index read of their pages; the rest is new.
                let mut files: Files = last
                    .measures
                    .iter()
                    .filter(|(path, _)| !touched.contains(*path))
                    .flat_map(|(_, node)| &node.files)
                    .filter_map(|f| Some((f.clone(), last.files.get(f)?.clone())))
                    .collect();
                files.extend(new_files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
                let Last {
                    files: old_files,
                    analysed: mut kept,
                    ..
                } = last;
                kept.extend(fresh);
                kept.retain(|file, _| files.contains_key(file));
                // Freeing a large site's old files takes a while: not on the way.
                std::thread::spawn(move || drop(old_files));
                (files, kept)
            }
            _ => (
                new_files
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect(),
                fresh,
            ),
        };
        log_elapsed("incremental: put together", started);
        let (full, reason, changed) = match plan {
            Plan::Full(reason) => (true, reason, 0),
            Plan::Part { changed, .. } => (false, None, changed),
        };
        self.last = Some(Last {
            files: Arc::new(files),
            others,
            measures,
            analysed,
        });
        Ok(Rebuilt {
            full,
            reason,
            changed,
            pages,
            first_millis,
            page_count: langs.len() * all_pages.len(),
            warnings,
            notes: rendered.warnings,
            millis: started.elapsed().as_millis(),
        })
    }

    /// A site with several plans is rebuilt whole on every change: the
    /// plans link to each other, so an edit of one may change another.
    fn rebuild_plans(
        &mut self,
        plans: Plans,
        warnings: Diagnostics,
        started: Instant,
    ) -> Result<Rebuilt, BuildError> {
        let mut warnings = warnings;
        let history = crate::build::history(&self.root, &plans, false, &mut warnings)?;
        let sink = MemorySink::new(self.minify);
        let options = crate::build::BuildOptions {
            base_url: Some(&self.base_url),
            strict: false,
            search: true,
        };
        let built = crate::build::render(&self.root, &plans, &history, warnings, &options, &sink)?;
        let files: Files = sink
            .into_files()
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        self.last = Some(Last {
            files: Arc::new(files),
            others: BTreeMap::new(),
            measures: HashMap::new(),
            analysed: HashMap::new(),
        });
        Ok(Rebuilt {
            full: true,
            reason: Some("the site has several plans".to_string()),
            changed: 0,
            pages: built.page_count,
            first_millis: None,
            page_count: built.page_count,
            warnings: built.warnings,
            notes: built.notes,
            millis: started.elapsed().as_millis(),
        })
    }
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

/// The part of the site a rebuild renders: every page and file but those
/// of the measures not touched (all of them when `touched` is `None`).
struct Chosen<'a> {
    touched: Option<&'a HashSet<(usize, usize)>>,
    last: &'a HashMap<String, AnalysedPage>,
    fresh: Mutex<HashMap<String, AnalysedPage>>,
    /// Whether the pages and files that are no measure's own are made too.
    whole: bool,
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
        self.last.get(file).cloned()
    }

    fn keep_analysed(&self, file: &str, page: &AnalysedPage) {
        self.fresh
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_string(), page.clone());
    }

    fn whole_site(&self) -> bool {
        self.whole
    }
}

/// Every measure file of `site`, with its own files and related measures.
fn measure_nodes(site: &Site) -> HashMap<String, MeasureNode> {
    let prefixes = urls::lang_prefixes(site);
    let path = |(ci, mi): (usize, usize)| &site.collections[ci].measures[mi].path;
    let mut related: HashMap<(usize, usize), BTreeSet<(usize, usize)>> = HashMap::new();
    for info in site.indicators.values() {
        for m in &info.used_in {
            related.entry(*m).or_default().extend(&info.used_in);
        }
    }
    let every: Vec<(usize, usize)> = site
        .collections
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.measures.len()).map(move |mi| (ci, mi)))
        .collect();
    every
        .par_iter()
        .map(|&(ci, mi)| {
            let c = &site.collections[ci];
            let mf = &c.measures[mi];
            let cid = &c.config.id;
            let mid = &mf.measure.id.value;
            let mut files = vec![
                urls::measure_data(cid, mid, "json"),
                urls::measure_data(cid, mid, "csv"),
            ];
            for p in &prefixes {
                files.push(urls::file_of(&urls::measure(p, cid, mid)));
                files.push(urls::file_of(&urls::embed(p, cid, mid)));
                files.push(urls::badge(p, cid, mid));
                for li in site.listed_indicators(ci, mi) {
                    files.push(urls::chart_file(p, cid, mid, &li.indicator.id.value));
                }
            }
            let related = related
                .get(&(ci, mi))
                .map(|r| r.iter().map(|m| path(*m).clone()).collect())
                .unwrap_or_default();
            let node = MeasureNode {
                hash: hash_of(mf.source.as_bytes()),
                files,
                related,
            };
            (mf.path.clone(), node)
        })
        .collect()
}

/// A hash of every file under `content/` and `themes/` that is not one of
/// `measures` (these are compared by their text, as loaded); names starting
/// with `.` left out, as the loader and the theme leave them.
fn fingerprint_others(
    root: &Path,
    measures: &HashMap<String, MeasureNode>,
) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for dir in ["content", "themes"] {
        let walker = walkdir::WalkDir::new(root.join(dir))
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker.flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel
                .iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if measures.contains_key(&rel) {
                continue;
            }
            let hash = std::fs::read(entry.path()).map_or(0, |b| hash_of(&b));
            out.insert(rel, hash);
        }
    }
    out
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(hash: u64, related: &[&str]) -> MeasureNode {
        MeasureNode {
            hash,
            files: Vec::new(),
            related: related.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn last(others: &[(&str, u64)], measures: Vec<(&str, MeasureNode)>) -> Last {
        Last {
            files: Default::default(),
            others: others.iter().map(|(p, h)| (p.to_string(), *h)).collect(),
            measures: measures
                .into_iter()
                .map(|(p, n)| (p.to_string(), n))
                .collect(),
            analysed: HashMap::new(),
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
