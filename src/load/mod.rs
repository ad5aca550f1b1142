//! Reading a content folder: walk it in a fixed order, read each file as
//! UTF-8, parse its YAML and decode it into records. Every problem becomes a
//! diagnostic; a broken file is skipped and the rest is still read.

pub mod cache;
pub mod decode;
pub mod reader;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::*;
use crate::yaml::{self, Node};
pub use cache::YamlCache;
use decode::Context;
use reader::Reader;

pub use crate::content_writer::CONTENT_DIR;
pub const PAGES_DIR: &str = "pages";
/// Release snapshots (SPEC §8), read by `changes`, not by the loader.
pub const RELEASES_DIR: &str = "releases";
pub const COLLECTION_FILE: &str = "_collection.yaml";
/// The folder of the plans of a site with several (SPEC §10).
pub const PLANS_DIR: &str = "plans";
pub const PLAN_FILE: &str = "plan.yaml";

/// Reads `<root>/content`. Only I/O failures of the folder itself are
/// `Err`; everything about the files' contents goes into `diagnostics`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Result<Content, std::io::Error> {
    load_with(root, &Overlay::new(), diagnostics)
}

/// Measures decoded by earlier loads, by path, reused while a file's text
/// and the site's languages stay the same (`serve` reloads a large site
/// after every edit, and decoding is most of a load). Entries of files
/// that a load no longer finds are dropped at its end.
#[derive(Default)]
pub struct DecodeCache {
    entries: Mutex<CacheEntries>,
}

#[derive(Default)]
struct CacheEntries {
    /// The load that last found each file.
    generation: u64,
    by_path: HashMap<String, (u64, Arc<Decoded>)>,
}

/// One measure file as decoded: from what text, with which languages, into what.
struct Decoded {
    /// The text, when the measure does not hold it: its `source` is the
    /// text after `bom` bytes of byte-order marks (not kept twice).
    text: Option<String>,
    bom: usize,
    languages: Vec<String>,
    measure: Option<MeasureFile>,
    diagnostics: Diagnostics,
}

impl Decoded {
    fn new(
        text: String,
        languages: Vec<String>,
        measure: Option<MeasureFile>,
        diagnostics: Diagnostics,
    ) -> Decoded {
        let source = measure.as_ref().map(|m| &*m.source);
        let bom = text.len() - text.trim_start_matches('\u{feff}').len();
        let held = source == Some(&text[bom..]);
        Decoded {
            text: (!held).then_some(text),
            bom,
            languages,
            measure,
            diagnostics,
        }
    }

    /// Whether it was decoded from `text`.
    fn from(&self, text: &str) -> bool {
        match (&self.text, &self.measure) {
            (Some(held), _) => held == text,
            (None, Some(m)) => text.get(self.bom..).is_some_and(|rest| {
                text.len() - text.trim_start_matches('\u{feff}').len() == self.bom
                    && rest == &*m.source
            }),
            (None, None) => false,
        }
    }
}

impl DecodeCache {
    /// How many measure files it holds.
    pub fn len(&self) -> usize {
        self.lock().by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheEntries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, rel: &str, text: &str, languages: &[String]) -> Option<Arc<Decoded>> {
        let mut entries = self.lock();
        let generation = entries.generation;
        let (seen, decoded) = entries.by_path.get_mut(rel)?;
        if !decoded.from(text) || decoded.languages != languages {
            return None;
        }
        *seen = generation;
        Some(decoded.clone())
    }

    fn put(&self, rel: &str, decoded: Decoded) {
        let mut entries = self.lock();
        let generation = entries.generation;
        entries
            .by_path
            .insert(rel.to_string(), (generation, Arc::new(decoded)));
    }
}

/// Every file the loader found under `content/` (by the one rule of
/// [`walk`]), by path (`content/…`): a hash of its bytes as read. `serve`
/// compares them with the last build's to know what changed.
pub type Inputs = BTreeMap<String, u64>;

/// [`load`], reusing (and filling) `cache` for measure files, with the
/// inventory of what it found.
pub fn load_cached(
    root: &Path,
    cache: &DecodeCache,
    diagnostics: &mut Diagnostics,
) -> Result<(Content, Inputs), std::io::Error> {
    cache.lock().generation += 1;
    let inputs = Mutex::new(HashMap::new());
    let content = load_from(
        root,
        &Overlay::new(),
        Some(cache),
        Some(&inputs),
        None,
        diagnostics,
    );
    let mut entries = cache.lock();
    let generation = entries.generation;
    entries.by_path.retain(|_, (seen, _)| *seen == generation);
    let inputs = inputs.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((content?, inputs.into_iter().collect()))
}

/// Decodes the text of the measure file `rel` (`content/<collection>/<stem>.yaml`)
/// on its own, with the site's `languages` (the first the default), as a
/// load would: `serve` shows an edit of one measure before it loads the
/// whole site again.
pub fn decode_measure(
    rel: &str,
    text: String,
    languages: &[String],
) -> (Option<MeasureFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let parts: Vec<String> = rel
        .strip_prefix(&format!("{CONTENT_DIR}/"))
        .unwrap_or(rel)
        .split('/')
        .map(str::to_string)
        .collect();
    let name = parts.last().cloned().unwrap_or_default();
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(&name)
        .to_string();
    let file = Found {
        abs: PathBuf::from(rel),
        rel: rel.to_string(),
        parts,
    };
    let overlay = Overlay::new();
    let mut loader = Loader {
        diagnostics: &mut diagnostics,
        overlay: &overlay,
        cache: None,
        inputs: None,
        yaml: None,
        used: Vec::new(),
        content: Content::default(),
        languages: languages.to_vec(),
        default_language: languages.first().cloned().unwrap_or_default(),
    };
    let measure = loader.measure_of(&file, &stem, text);
    (measure, diagnostics)
}

/// A hash of an input's bytes.
pub fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// New texts for some files, by their path relative to the root
/// (`content/works/a.yaml`): read instead of what is on disk, so that an
/// edit can be checked before it is written.
pub type Overlay = std::collections::BTreeMap<String, String>;

/// [`load`], with the files of `overlay` read from it instead of the disk.
pub fn load_with(
    root: &Path,
    overlay: &Overlay,
    diagnostics: &mut Diagnostics,
) -> Result<Content, std::io::Error> {
    load_from(root, overlay, None, None, None, diagnostics)
}

/// [`load`], taking parsed trees from `yaml` when given and noting in it
/// the ones it used (the caller saves it).
pub fn load_with_yaml_cache(
    root: &Path,
    yaml: Option<&YamlCache>,
    diagnostics: &mut Diagnostics,
) -> Result<Content, std::io::Error> {
    load_from(root, &Overlay::new(), None, None, yaml, diagnostics)
}

/// Hashes of the files read, by path, when asked for.
type Read = Mutex<HashMap<String, u64>>;

fn load_from(
    root: &Path,
    overlay: &Overlay,
    cache: Option<&DecodeCache>,
    inputs: Option<&Read>,
    yaml: Option<&YamlCache>,
    diagnostics: &mut Diagnostics,
) -> Result<Content, std::io::Error> {
    let content_dir = root.join(CONTENT_DIR);
    let meta = std::fs::metadata(&content_dir).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", content_dir.display()),
        )
    })?;
    if !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a folder",
            content_dir.display()
        )));
    }
    let cut = crate::content_writer::interrupted(root);
    if let Some(cut) = &cut {
        let command = if cut.command.is_empty() {
            "`sheet import` or `release`".to_string()
        } else {
            format!("`gongkai {}`", cut.command)
        };
        diagnostics.push(
            crate::diagnostics::Diagnostic::error(
                crate::content_writer::JOURNAL,
                Pos::START,
                match cut.pending.len() {
                    0 => "an edit of the content was cut short as it ended: its files are in place but its journal is left".to_string(),
                    n => format!(
                        "an edit of the content was cut short: {n} of its files are not in place yet ({}), so the content is part old, part new",
                        cut.pending.join(", ")
                    ),
                },
            )
            .with_hint(format!(
                "run {command} again (or any `sheet import` or `release`): it finishes the edit before anything else"
            )),
        );
    }
    let mut files = walk(&content_dir, cut.is_none(), diagnostics);
    add_overlay(&mut files, &content_dir, overlay);
    let mut loader = Loader {
        diagnostics,
        overlay,
        cache,
        inputs,
        yaml,
        used: Vec::new(),
        content: Content::default(),
        languages: Vec::new(),
        default_language: String::new(),
    };
    let plans = has_plans(&files);
    loader.site(&files, plans);
    loader.units(&files);
    loader.collections(&files, plans);
    if plans {
        loader.plans(&files);
    }
    loader.pages(&files);
    if let Some(yaml) = yaml {
        yaml.record(std::mem::take(&mut loader.used));
    }
    if let Some(inputs) = inputs {
        // What the loader did not read (releases, files it ignores) is
        // still an input: hashed as found.
        let read: Vec<(String, u64)> = {
            let known = inputs.lock().unwrap_or_else(|e| e.into_inner());
            files
                .par_iter()
                .filter(|f| !known.contains_key(&f.rel))
                .map(|f| {
                    (
                        f.rel.clone(),
                        std::fs::read(&f.abs).map_or(0, |b| hash_of(&b)),
                    )
                })
                .collect()
        };
        inputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(read);
    }
    Ok(loader.content)
}

/// Whether the content has `plans/` (SPEC §10): a folder of plan folders,
/// not a one-plan site's collection that happens to be called `plans`.
fn has_plans(files: &[Found]) -> bool {
    let collection = files
        .iter()
        .any(|f| f.parts.len() == 2 && f.parts[0] == PLANS_DIR && f.parts[1] == COLLECTION_FILE);
    !collection
        && files
            .iter()
            .any(|f| f.parts.len() >= 3 && f.parts[0] == PLANS_DIR)
}

/// A file found under `content/`, with its path relative to the root.
struct Found {
    abs: PathBuf,
    rel: String,
    /// Path components below `content/`.
    parts: Vec<String>,
}

/// Files under `content/`, hidden ones left out; temporary files of a
/// content edit are warned about (`warn_temps`) rather than silently
/// skipped, unless the journal of an unfinished edit accounts for them.
fn walk(content_dir: &Path, warn_temps: bool, diagnostics: &mut Diagnostics) -> Vec<Found> {
    let canonical_root = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let mut found = Vec::new();
    let mut walker = WalkDir::new(content_dir)
        .follow_links(true)
        .max_depth(5)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') || crate::content_writer::is_temp(&name)
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_path(content_dir, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop; the folder is skipped".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                diagnostics.error(&path, Pos::START, message);
                continue;
            }
        };
        let rel = rel_path(content_dir, entry.path());
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&canonical_root));
            if !inside {
                diagnostics.error(
                    &rel,
                    Pos::START,
                    "symbolic link points outside content/; it is not followed",
                );
                if entry.file_type().is_dir() {
                    // Not followed means not walked either.
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if crate::content_writer::is_temp(&entry.file_name().to_string_lossy()) {
            if warn_temps {
                diagnostics.push(
                    crate::diagnostics::Diagnostic::warning(
                        &rel,
                        Pos::START,
                        "a temporary file left by an import or a release that was cut short before it changed any file",
                    )
                    .with_hint("nothing of that edit was applied; the next `sheet import` or `release` removes the file"),
                );
            }
            continue;
        }
        let parts: Vec<String> = entry
            .path()
            .strip_prefix(content_dir)
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        found.push(Found {
            abs: entry.path().to_path_buf(),
            rel,
            parts,
        });
    }
    found
}

/// The files of `overlay` that are not on disk yet (the new files of
/// `plan import`), as if they were: else the check before writing would
/// never read them. In the walk's order, which is that of their paths.
fn add_overlay(files: &mut Vec<Found>, content_dir: &Path, overlay: &Overlay) {
    let prefix = format!("{CONTENT_DIR}/");
    let found: std::collections::HashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
    let mut added = false;
    for rel in overlay.keys() {
        let Some(below) = rel.strip_prefix(&prefix) else {
            continue;
        };
        if found.contains(rel) {
            continue;
        }
        let parts: Vec<String> = below.split('/').map(str::to_string).collect();
        files.push(Found {
            abs: parts
                .iter()
                .fold(content_dir.to_path_buf(), |p, c| p.join(c)),
            rel: rel.clone(),
            parts,
        });
        added = true;
    }
    if added {
        files.sort_by(|a, b| a.parts.cmp(&b.parts));
    }
}

/// `content/…` with `/` separators, as printed in diagnostics.
fn rel_path(content_dir: &Path, path: &Path) -> String {
    let below = path.strip_prefix(content_dir).unwrap_or(path);
    let mut s = String::from(CONTENT_DIR);
    for c in below.iter() {
        s.push('/');
        s.push_str(&c.to_string_lossy());
    }
    s
}

struct Loader<'d> {
    diagnostics: &'d mut Diagnostics,
    overlay: &'d Overlay,
    cache: Option<&'d DecodeCache>,
    inputs: Option<&'d Read>,
    /// Parsed trees kept between builds, and what this loader took from
    /// it or added (handed to it at the end of the load).
    yaml: Option<&'d YamlCache>,
    used: Vec<(cache::Key, cache::Used)>,
    content: Content,
    languages: Vec<String>,
    default_language: String,
}

impl Loader<'_> {
    /// Runs a decoder on one file with the site's languages as context.
    fn decode<T>(&mut self, rel: &str, f: impl FnOnce(&mut Reader, &Context) -> T) -> T {
        let ctx = Context {
            languages: &self.languages,
            default_language: &self.default_language,
        };
        let mut r = Reader::new(rel, self.diagnostics);
        f(&mut r, &ctx)
    }

    /// Reads a file as UTF-8 text; reports and returns `None` on failure.
    fn read(&mut self, file: &Found) -> Option<String> {
        if let Some(text) = self.overlay.get(&file.rel) {
            self.note(file, text.as_bytes());
            return Some(text.clone());
        }
        let bytes = match std::fs::read(&file.abs) {
            Ok(b) => b,
            Err(e) => {
                self.diagnostics
                    .error(&file.rel, Pos::START, format!("cannot read file: {e}"));
                return None;
            }
        };
        self.note(file, &bytes);
        if bytes.len() > yaml::MAX_FILE_BYTES {
            self.diagnostics
                .error(&file.rel, Pos::START, "file is too large (over 8 MiB)");
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let pos = position_after(valid);
                self.diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        &file.rel,
                        pos,
                        "the file is not valid UTF-8",
                    )
                    .with_hint("save the file as UTF-8 (GBK and other encodings are not read)"),
                );
                None
            }
        }
    }

    /// Notes the hash of `file`'s bytes as read, when asked to.
    fn note(&self, file: &Found, bytes: &[u8]) {
        if let Some(inputs) = self.inputs {
            let hash = hash_of(bytes);
            inputs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(file.rel.clone(), hash);
        }
    }

    /// [`yaml::load`], through the YAML cache when there is one.
    fn load_yaml(&mut self, rel: &str, text: &str) -> Result<Node, crate::diagnostics::Diagnostic> {
        match self.yaml {
            Some(yaml) => yaml.load(rel, text, &mut self.used),
            None => yaml::load(rel, text),
        }
    }

    fn parse(&mut self, file: &Found) -> Option<(String, Node)> {
        let text = self.read(file)?;
        match self.load_yaml(&file.rel, &text) {
            Ok(node) => Some((text, node)),
            Err(d) => {
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn site(&mut self, files: &[Found], plans: bool) {
        let Some(file) = files.iter().find(|f| f.parts == ["site.yaml"]) else {
            self.diagnostics
                .error("content/site.yaml", Pos::START, "missing content/site.yaml");
            return;
        };
        let Some((_, node)) = self.parse(file) else {
            return;
        };
        let mut r = Reader::new(&file.rel, self.diagnostics);
        let languages = decode::languages(&mut r, &node);
        self.languages = languages.iter().map(|l| l.value.clone()).collect();
        self.default_language = self.languages.first().cloned().unwrap_or_default();
        self.content.site = self.decode(&file.rel, |r, ctx| {
            decode::site(r, &node, ctx, languages, plans)
        });
    }

    fn units(&mut self, files: &[Found]) {
        let Some(file) = files.iter().find(|f| f.parts == ["units.yaml"]) else {
            return;
        };
        let Some((_, node)) = self.parse(file) else {
            return;
        };
        self.content.units = self.decode(&file.rel, |r, ctx| decode::units_file(r, ctx, &node));
    }

    fn collections(&mut self, files: &[Found], plans: bool) {
        let mut folders: Vec<&str> = files
            .iter()
            .filter(|f| f.parts.len() >= 2 && f.parts[0] != PAGES_DIR && f.parts[0] != RELEASES_DIR)
            .filter(|f| !(plans && f.parts[0] == PLANS_DIR))
            .map(|f| f.parts[0].as_str())
            .collect();
        folders.dedup();
        for folder in folders {
            if plans {
                self.diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        &format!("{CONTENT_DIR}/{folder}"),
                        Pos::START,
                        format!("the folder `{folder}` is outside plans/: with plans/, every collection belongs to a plan"),
                    )
                    .with_hint(format!("move it into a plan's folder, e.g. content/plans/<plan>/{folder}/")),
                );
                continue;
            }
            self.collection(files, CONTENT_DIR, folder);
        }
        for file in files.iter().filter(|f| f.parts.len() == 1) {
            let name = &file.parts[0];
            if name != "site.yaml" && name != "units.yaml" {
                self.diagnostics.warning(
                    &file.rel,
                    Pos::START,
                    format!("`{name}` is not a content file and is ignored"),
                );
            }
        }
    }

    /// Each folder of `content/plans/`: its plan.yaml and collections.
    fn plans(&mut self, files: &[Found]) {
        let mut ids: Vec<&str> = files
            .iter()
            .filter(|f| f.parts.len() >= 3 && f.parts[0] == PLANS_DIR)
            .map(|f| f.parts[1].as_str())
            .collect();
        ids.dedup();
        for file in files
            .iter()
            .filter(|f| f.parts.len() == 2 && f.parts[0] == PLANS_DIR)
        {
            self.diagnostics.warning(
                &file.rel,
                Pos::START,
                "files directly in plans/ are ignored: each plan is a folder with a plan.yaml",
            );
        }
        for id in ids {
            let dir = format!("{CONTENT_DIR}/{PLANS_DIR}/{id}");
            let plan_rel = format!("{dir}/{PLAN_FILE}");
            if !reader::is_ident(id) {
                self.diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        &dir,
                        Pos::START,
                        format!(
                            "invalid plan folder name `{id}`: it must match [a-z0-9][a-z0-9-]*"
                        ),
                    )
                    .with_hint(format!(
                        "rename the folder, e.g. to `{}`",
                        reader::slugify(id)
                    )),
                );
                continue;
            }
            // The plan's files, their parts relative to its folder.
            let own: Vec<Found> = files
                .iter()
                .filter(|f| f.parts.len() >= 3 && f.parts[0] == PLANS_DIR && f.parts[1] == id)
                .map(|f| Found {
                    abs: f.abs.clone(),
                    rel: f.rel.clone(),
                    parts: f.parts[2..].to_vec(),
                })
                .collect();
            let config = match own.iter().find(|f| f.parts == [PLAN_FILE]) {
                None => {
                    self.diagnostics.push(
                        crate::diagnostics::Diagnostic::error(&plan_rel, Pos::START, format!("the plan folder `{id}` has no {PLAN_FILE}"))
                            .with_hint("every folder under content/plans/ is a plan and needs a plan.yaml with at least a title and a period"),
                    );
                    None
                }
                Some(file) => self.parse(file).and_then(|(_, node)| {
                    self.decode(&file.rel, |r, ctx| {
                        decode::plan(r, ctx, &node, id, &plan_rel)
                    })
                }),
            };
            for file in own
                .iter()
                .filter(|f| f.parts.len() == 1 && f.parts[0] != PLAN_FILE)
            {
                self.diagnostics.warning(
                    &file.rel,
                    Pos::START,
                    format!("`{}` is not a plan file and is ignored", file.parts[0]),
                );
            }
            // A plan's own pages (SPEC §10): shown in its pages only.
            let shared_pages = std::mem::take(&mut self.content.pages);
            self.pages(&own);
            let pages = std::mem::replace(&mut self.content.pages, shared_pages);
            let before = std::mem::take(&mut self.content.collections);
            let mut folders: Vec<&str> = own
                .iter()
                .filter(|f| f.parts.len() >= 2 && f.parts[0] != PAGES_DIR)
                .map(|f| f.parts[0].as_str())
                .collect();
            folders.dedup();
            for folder in folders {
                self.collection(&own, &dir, folder);
            }
            let collections = std::mem::replace(&mut self.content.collections, before);
            self.content.plans.push(PlanContent {
                id: id.to_string(),
                config,
                collections,
                pages,
            });
        }
    }

    /// The collection in `<dir>/<folder>/`, `files` given relative to `dir`.
    fn collection(&mut self, files: &[Found], dir: &str, folder: &str) {
        let in_folder: Vec<&Found> = files
            .iter()
            .filter(|f| f.parts[0] == folder && f.parts.len() >= 2)
            .collect();
        let config_rel = format!("{dir}/{folder}/{COLLECTION_FILE}");
        let Some(config_file) = in_folder
            .iter()
            .find(|f| f.parts.len() == 2 && f.parts[1] == COLLECTION_FILE)
        else {
            self.diagnostics.push(
                crate::diagnostics::Diagnostic::error(&config_rel, Pos::START, format!("the folder `{folder}` has no {COLLECTION_FILE}"))
                    .with_hint("every folder under content/ (except pages/) is a collection and needs a _collection.yaml with at least a title"),
            );
            return;
        };
        let mut folder_ok = true;
        if !reader::is_ident(folder) {
            self.diagnostics.push(
                crate::diagnostics::Diagnostic::error(&config_rel, Pos::START, format!("invalid collection folder name `{folder}`: it must match [a-z0-9][a-z0-9-]*"))
                    .with_hint(format!("rename the folder, e.g. to `{}`", reader::slugify(folder))),
            );
            folder_ok = false;
        }
        let config = self.parse(config_file).and_then(|(_, node)| {
            self.decode(&config_file.rel, |r, ctx| {
                decode::collection(r, ctx, &node, folder)
            })
        });
        let mut measure_files = Vec::new();
        for file in in_folder {
            if file.parts.len() > 2 {
                self.diagnostics.warning(
                    &file.rel,
                    Pos::START,
                    "files in sub-folders of a collection are ignored",
                );
                continue;
            }
            let name = &file.parts[1];
            if name == COLLECTION_FILE {
                continue;
            }
            let Some(stem) = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
            else {
                self.diagnostics.warning(
                    &file.rel,
                    Pos::START,
                    format!("`{name}` is not a .yaml file and is ignored"),
                );
                continue;
            };
            measure_files.push((file, stem));
        }
        // Measures are read and decoded in parallel, each with its own
        // diagnostics, merged in file order.
        // So are the trees they took from the YAML cache or added to it.
        let (languages, default_language, overlay, cache, inputs, yaml) = (
            &self.languages,
            &self.default_language,
            self.overlay,
            self.cache,
            self.inputs,
            self.yaml,
        );
        type Measured = (
            Option<MeasureFile>,
            Diagnostics,
            Vec<(cache::Key, cache::Used)>,
        );
        let decoded: Vec<Measured> = measure_files
            .par_iter()
            .map(|(file, stem)| {
                let mut diagnostics = Diagnostics::new();
                let mut loader = Loader {
                    diagnostics: &mut diagnostics,
                    overlay,
                    cache,
                    inputs,
                    yaml,
                    used: Vec::new(),
                    content: Content::default(),
                    languages: languages.clone(),
                    default_language: default_language.clone(),
                };
                let measure = loader.measure(file, stem);
                let used = loader.used;
                (measure, diagnostics, used)
            })
            .collect();
        let mut measures = Vec::with_capacity(decoded.len());
        for (measure, diagnostics, used) in decoded {
            self.diagnostics.extend(diagnostics);
            measures.extend(measure);
            self.used.extend(used);
        }
        if let (Some(config), true) = (config, folder_ok) {
            self.content.collections.push(Collection {
                config,
                path: config_rel,
                measures,
            });
        }
    }

    fn measure(&mut self, file: &Found, stem: &str) -> Option<MeasureFile> {
        let Some(cache) = self.cache else {
            let text = self.read(file)?;
            return self.measure_of(file, stem, text);
        };
        let text = self.read(file)?;
        if let Some(hit) = cache.get(&file.rel, &text, &self.languages) {
            self.diagnostics.extend(hit.diagnostics.clone());
            return hit.measure.clone();
        }
        let mut found = Diagnostics::new();
        let mut loader = Loader {
            diagnostics: &mut found,
            overlay: self.overlay,
            cache: None,
            inputs: None,
            yaml: self.yaml,
            used: Vec::new(),
            content: Content::default(),
            languages: self.languages.clone(),
            default_language: self.default_language.clone(),
        };
        let measure = loader.measure_of(file, stem, text.clone());
        self.used.append(&mut loader.used);
        self.diagnostics.extend(found.clone());
        let decoded = Decoded::new(text, self.languages.clone(), measure.clone(), found);
        cache.put(&file.rel, decoded);
        measure
    }

    /// Parses and decodes one measure file's text.
    fn measure_of(&mut self, file: &Found, stem: &str, source: String) -> Option<MeasureFile> {
        let node = match self.load_yaml(&file.rel, &source) {
            Ok(node) => node,
            Err(d) => {
                self.diagnostics.push(d);
                return None;
            }
        };
        let stem = Spanned::new(stem.to_string(), Pos::START);
        let measure = self.decode(&file.rel, |r, ctx| decode::measure(r, ctx, &node, stem))?;
        Some(MeasureFile {
            measure: measure.into(),
            path: file.rel.clone(),
            source: source.trim_start_matches('\u{feff}').into(),
        })
    }

    fn pages(&mut self, files: &[Found]) {
        for file in files
            .iter()
            .filter(|f| f.parts.first().map(String::as_str) == Some(PAGES_DIR))
        {
            if file.parts.len() != 2 {
                self.diagnostics.warning(
                    &file.rel,
                    Pos::START,
                    "files in sub-folders of pages/ are ignored",
                );
                continue;
            }
            if let Some(page) = self.page(file) {
                self.content.pages.push(page);
            }
        }
    }

    fn page(&mut self, file: &Found) -> Option<Page> {
        let name = &file.parts[1];
        let Some(base) = name.strip_suffix(".md") else {
            self.diagnostics.warning(
                &file.rel,
                Pos::START,
                format!("`{name}` is not a .md page and is ignored"),
            );
            return None;
        };
        let Some((slug, lang)) = base.rsplit_once('.') else {
            self.diagnostics.push(
                crate::diagnostics::Diagnostic::error(
                    &file.rel,
                    Pos::START,
                    format!("page `{name}` has no language in its name"),
                )
                .with_hint(format!(
                    "name it <slug>.<lang>.md, e.g. {base}.{}.md",
                    self.default_language
                )),
            );
            return None;
        };
        let mut ok = true;
        if !reader::is_ident(slug) || RESERVED_SLUGS.contains(&slug) {
            let why = if reader::is_ident(slug) {
                "is reserved for a generated page"
            } else {
                "must match [a-z0-9][a-z0-9-]*"
            };
            self.diagnostics
                .error(&file.rel, Pos::START, format!("page slug `{slug}` {why}"));
            ok = false;
        }
        if !self.languages.is_empty() && !self.languages.iter().any(|l| l == lang) {
            self.diagnostics.push(
                crate::diagnostics::Diagnostic::error(
                    &file.rel,
                    Pos::START,
                    format!("language `{lang}` of page `{name}` is not listed in site.yaml"),
                )
                .with_hint(format!("site languages: {}", self.languages.join(", "))),
            );
            ok = false;
        }
        let text = self.read(file)?;
        let text = text.trim_start_matches('\u{feff}');
        let (front, body) = split_front_matter(text).or_else_report(self.diagnostics, &file.rel)?;
        let node = match self.load_yaml(&file.rel, front) {
            Ok(n) => n,
            Err(mut d) => {
                d.pos.line += 1; // the front matter starts below the opening `---`
                self.diagnostics.push(d);
                return None;
            }
        };
        let node = shift_lines(node, 1);
        let mut r = Reader::new(&file.rel, self.diagnostics);
        let front = decode::front_matter(&mut r, &node)?;
        ok.then(|| Page {
            slug: slug.to_string(),
            lang: lang.to_string(),
            path: file.rel.clone(),
            front,
            body: body.to_string(),
        })
    }
}

/// Slugs that generated pages use at the root of each language.
pub const RESERVED_SLUGS: &[&str] = &[
    "units",
    "status",
    "updates",
    "methodology",
    "search",
    "data",
    "assets",
    "report",
    "embed",
    "badges",
    "feed",
    "404",
    "changes",
    "accessibility",
];

trait FrontMatterResult<'t> {
    fn or_else_report(
        self,
        diagnostics: &mut Diagnostics,
        path: &str,
    ) -> Option<(&'t str, &'t str)>;
}

impl<'t> FrontMatterResult<'t> for Result<(&'t str, &'t str), &'static str> {
    fn or_else_report(
        self,
        diagnostics: &mut Diagnostics,
        path: &str,
    ) -> Option<(&'t str, &'t str)> {
        match self {
            Ok(v) => Some(v),
            Err(message) => {
                diagnostics.push(
                    crate::diagnostics::Diagnostic::error(path, Pos::START, message).with_hint(
                        "start the page with a line `---`, then `title: …`, then a closing `---`",
                    ),
                );
                None
            }
        }
    }
}

/// Splits `---\n<yaml>\n---\n<markdown>`.
fn split_front_matter(text: &str) -> Result<(&str, &str), &'static str> {
    let rest = match text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    {
        Some(r) => r,
        None => return Err("a page must start with a front matter block (`---`)"),
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("the front matter block is not closed with `---`")
}

fn shift_lines(mut node: Node, by: u32) -> Node {
    node.pos.line += by;
    node.kind = match node.kind {
        yaml::NodeKind::Seq(items) => {
            yaml::NodeKind::Seq(items.into_iter().map(|n| shift_lines(n, by)).collect())
        }
        yaml::NodeKind::Map(entries) => yaml::NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (shift_lines(k, by), shift_lines(v, by)))
                .collect(),
        ),
        other => other,
    };
    node
}

/// The line and column just after `bytes` (for pointing at an invalid byte).
fn position_after(bytes: &[u8]) -> Pos {
    let text = String::from_utf8_lossy(bytes);
    let line = text.matches('\n').count() + 1;
    let column = text
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    Pos::new(line as u32, column as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_measure_is_known_by_its_text_without_holding_it_twice() {
        let langs = vec!["zh".to_string()];
        let text = "\u{feff}title: {zh: 甲}\n".to_string();
        let (measure, found) = decode_measure("content/w/a.yaml", text.clone(), &langs);
        assert!(measure.is_some(), "{:?}", found.sorted());
        let decoded = Decoded::new(text.clone(), langs.clone(), measure, found);
        assert!(decoded.text.is_none());
        assert!(decoded.from(&text));
        assert!(!decoded.from("title: {zh: 甲}\n"));
        assert!(!decoded.from("\u{feff}title: {zh: 乙}\n"));
        let broken = "title: [".to_string();
        let (measure, found) = decode_measure("content/w/a.yaml", broken.clone(), &langs);
        assert!(measure.is_none());
        let decoded = Decoded::new(broken.clone(), langs, measure, found);
        assert!(decoded.from(&broken) && !decoded.from("title: ]"));
    }

    #[test]
    fn front_matter_split() {
        let (f, b) = split_front_matter("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!((f, b), ("title: A\n", "body\n"));
        assert!(split_front_matter("title: A\n").is_err());
        assert!(split_front_matter("---\ntitle: A\n").is_err());
    }

    #[test]
    fn invalid_utf8_position() {
        assert_eq!(position_after(b"ab\ncd"), Pos::new(2, 3));
        assert_eq!(position_after(b""), Pos::new(1, 1));
    }
}
