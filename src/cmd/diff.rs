//! `gongkai diff`: what changed between two states of the content — a
//! release (by name) or a site folder — by default from the latest release
//! to the current content. Exit 0 whether or not something changed, 1 when
//! the content has errors, 2 when a state cannot be found.

use std::path::{Path, PathBuf};

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::changes::{diff::diff, report, History, Snapshot};
use crate::diagnostics::{Diagnostics, Format};
use crate::load::CONTENT_DIR;
use crate::plans::Plans;
use crate::site::LoadError;

/// How `diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

/// A site loaded with its releases.
struct Loaded {
    history: History,
    /// The current content (the history holds it only with releases).
    current: Snapshot,
    /// The site's default language, in which texts are quoted.
    lang: String,
    /// The plan the site published at its root before it held several
    /// (`moved_from_root`): a one-plan state is read as that plan's.
    moved: Option<String>,
}

enum Failure {
    Content(Diagnostics),
    Usage(String),
}

fn load(root: &Path) -> Result<Loaded, Failure> {
    let (plans, mut warnings) = Plans::load(root, false).map_err(|e| match e {
        LoadError::Content(d) => Failure::Content(d),
        LoadError::Io(e) => Failure::Usage(e.to_string()),
    })?;
    match History::load_plans_checked(root, &plans, false, &mut warnings) {
        Ok(Some(history)) => Ok(Loaded {
            history,
            current: Snapshot::of_plans(&plans, "", ""),
            lang: plans.root.config.default_language().to_string(),
            moved: plans
                .root
                .config
                .moved_from_root
                .as_ref()
                .filter(|_| plans.several())
                .map(|m| m.value.clone()),
        }),
        Ok(None) => Err(Failure::Content(warnings)),
        Err(e) => Err(Failure::Usage(e.to_string())),
    }
}

/// The site folder a `--from`/`--to` folder names: a root holding
/// `content/`, or a `content/` folder itself.
fn site_root(dir: &Path) -> PathBuf {
    if !dir.join(CONTENT_DIR).is_dir() && dir.join("site.yaml").is_file() {
        if let Some(parent) = dir.parent() {
            if dir.file_name().is_some_and(|n| n == CONTENT_DIR) {
                return parent.to_path_buf();
            }
        }
    }
    dir.to_path_buf()
}

/// One side of the comparison, with what it is called.
fn state(own: &Loaded, arg: Option<&str>, latest: bool) -> Result<(String, Snapshot), Failure> {
    match arg {
        None if latest => match own.history.latest() {
            Some(r) => Ok((r.name.clone(), r.snapshot.clone())),
            None => Ok(("(no release)".into(), Snapshot::default())),
        },
        None => Ok(("current content".into(), own.current.clone())),
        Some(name) => {
            if let Some(r) = own.history.release(name) {
                return Ok((r.name.clone(), r.snapshot.clone()));
            }
            let dir = Path::new(name);
            if dir.is_dir() {
                let other = load(&site_root(dir))?;
                let mut current = other.current;
                if let Some(id) = &own.moved {
                    current.as_plan(id);
                }
                return Ok((name.to_string(), current));
            }
            let known: Vec<&str> = own
                .history
                .releases
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            Err(Failure::Usage(format!(
                "`{name}` is neither a release nor a folder (releases: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )))
        }
    }
}

pub fn execute(root: &Path, from: Option<&str>, to: Option<&str>, format: DiffFormat) -> u8 {
    let result = load(root).and_then(|own| {
        let (from_name, old) = state(&own, from, true)?;
        let (to_name, new) = state(&own, to, false)?;
        // The default comparison is the one the history has made already.
        let changes = match (from, to, own.history.latest()) {
            (None, None, Some(_)) => own.history.since.clone(),
            _ => diff(&old, &new),
        };
        Ok((from_name, to_name, new, own.lang, changes))
    });
    match result {
        Ok((from, to, new, lang, changes)) => {
            let at = report::Compared {
                from: &from,
                to: &to,
                new: &new,
                lang: &lang,
            };
            let text = match format {
                DiffFormat::Human => report::human(&at, &changes),
                DiffFormat::Json => report::json(&changes),
                DiffFormat::Markdown => report::markdown(&at, &changes),
            };
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            EXIT_OK
        }
        Err(Failure::Content(problems)) => {
            super::check::report(&problems, Format::Human);
            eprintln!("{}", problems.summary());
            EXIT_CONTENT
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}
