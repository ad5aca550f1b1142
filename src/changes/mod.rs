//! Releases and what changed (SPEC §8). A release is a snapshot of the
//! published state, kept as content in `content/releases/NAME.json`
//! ([`snapshot`]); what changed between two snapshots is computed once,
//! here ([`diff`]), with text diffs ([`text`]); pages, data files, feeds and
//! the `diff` command only lay it out ([`report`] for the command line).
//! Releases are files, not commits: they work without git and travel with
//! the data.

pub mod diff;
pub mod locate;
pub mod report;
pub mod snapshot;
pub mod text;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{CONTENT_DIR, RELEASES_DIR};
use crate::period::Date;
use crate::plans::Plans;
use crate::site::Site;
use crate::timing::log_elapsed;
pub use diff::{Change, Kind, Side};
pub use snapshot::Snapshot;

/// One release file.
#[derive(Debug, Clone)]
pub struct Release {
    pub name: String,
    pub date: Date,
    /// `content/releases/NAME.json`.
    pub path: String,
    /// The file as written (served as it is under `data/releases/`).
    pub text: String,
    pub snapshot: Snapshot,
    /// What changed from the release before; empty for the first, which
    /// is where the history starts.
    pub changes: Vec<Change>,
}

/// Every release of a site, oldest first, and what changed since the latest.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub releases: Vec<Release>,
    /// The current content, as what changed since the latest release is
    /// read against it; empty without releases (on a large site it is
    /// hundreds of megabytes nothing else would read).
    pub current: Snapshot,
    /// What changed from the latest release to the current content
    /// (empty without releases).
    pub since: Vec<Change>,
}

impl History {
    /// Reads and checks `content/releases/*.json` of a loaded site, and
    /// computes every change. Problems (a broken file, a silent revision,
    /// a removed measure) go into `diagnostics`; only a folder that cannot
    /// be read is `Err`.
    pub fn load(
        root: &Path,
        site: &Site,
        diagnostics: &mut Diagnostics,
    ) -> Result<History, std::io::Error> {
        History::compare(root, || Snapshot::of(site, "", ""), None, diagnostics)
    }

    /// [`History::load`] for every plan of a site (SPEC §10): the current
    /// content is every plan's, and on a site whose `site.yaml` says
    /// `moved_from_root: ID`, a release made before the move (of one plan)
    /// is read as plan ID's, so that only real changes are found across
    /// the move.
    pub fn load_plans(
        root: &Path,
        plans: &Plans,
        diagnostics: &mut Diagnostics,
    ) -> Result<History, std::io::Error> {
        let moved = plans
            .root
            .config
            .moved_from_root
            .as_ref()
            .filter(|_| plans.several())
            .map(|m| m.value.as_str());
        History::compare(
            root,
            || Snapshot::of_plans(plans, "", ""),
            moved,
            diagnostics,
        )
    }

    /// [`History::load_plans`] with `--strict` applied, as
    /// [`History::load_checked`].
    pub fn load_plans_checked(
        root: &Path,
        plans: &Plans,
        strict: bool,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<History>, std::io::Error> {
        let mut found = Diagnostics::new();
        let history = History::load_plans(root, plans, &mut found)?;
        if strict {
            found.make_strict();
        }
        let failed = found.has_errors();
        diagnostics.extend(found);
        Ok((!failed).then_some(history))
    }

    /// The releases of `root` compared with each other and with the
    /// `current` content (taken only when there are releases); one-plan
    /// releases read as plan `moved`'s when it is given.
    fn compare(
        root: &Path,
        current: impl FnOnce() -> Snapshot,
        moved: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Result<History, std::io::Error> {
        let started = std::time::Instant::now();
        let mut releases = read_releases(root, diagnostics)?;
        if let Some(id) = moved {
            for r in &mut releases {
                r.snapshot.as_plan(id);
            }
        }
        let current = match releases.is_empty() {
            true => Snapshot::default(),
            false => current(),
        };
        log_elapsed("releases read", started);
        let started = std::time::Instant::now();
        releases.sort_by(|a, b| (a.date, &a.name).cmp(&(b.date, &b.name)));
        for i in 1..releases.len() {
            releases[i].changes = diff::diff(&releases[i - 1].snapshot, &releases[i].snapshot);
        }
        let since = releases
            .last()
            .map(|latest| diff::diff(&latest.snapshot, &current))
            .unwrap_or_default();
        let history = History {
            releases,
            current,
            since,
        };
        history.check(diagnostics);
        log_elapsed("releases compared", started);
        Ok(history)
    }

    /// Loads the history and applies `--strict` to what it found, adding
    /// it to `diagnostics`; `None` when that makes errors.
    pub fn load_checked(
        root: &Path,
        site: &Site,
        strict: bool,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<History>, std::io::Error> {
        let mut found = Diagnostics::new();
        let history = History::load(root, site, &mut found)?;
        if strict {
            found.make_strict();
        }
        let failed = found.has_errors();
        diagnostics.extend(found);
        Ok((!failed).then_some(history))
    }

    pub fn latest(&self) -> Option<&Release> {
        self.releases.last()
    }

    pub fn release(&self, name: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.name == name)
    }

    /// The release before `index`, if any.
    pub fn previous(&self, index: usize) -> Option<&Release> {
        index.checked_sub(1).map(|i| &self.releases[i])
    }

    /// The warnings of SPEC §8: a released value changed without
    /// `flag: revised` (a silent revision), a measure removed since the
    /// latest release.
    fn check(&self, diagnostics: &mut Diagnostics) {
        let Some(latest) = self.latest() else { return };
        // Removed measures, at their `id` in the release file: found in
        // one pass over it, after the loop.
        let mut removed: Vec<(&Change, locate::Path)> = Vec::new();
        for change in &self.since {
            if change.is_silent_revision() {
                if let Some(m) = self.current.measure(
                    change.plan.as_deref(),
                    &change.collection,
                    &change.measure,
                ) {
                    diagnostics.push(silent_revision(latest, m, change));
                }
            }
            if change.kind == Kind::MeasureRemoved {
                if let Some(path) = measure_path(&latest.snapshot, change) {
                    removed.push((change, path));
                }
            }
        }
        let paths: Vec<locate::Path> = removed.iter().map(|(_, p)| p.clone()).collect();
        for ((change, _), pos) in removed.iter().zip(locate::locate(&latest.text, &paths)) {
            diagnostics.push(
                Diagnostic::warning(
                    &latest.path,
                    pos.unwrap_or(Pos::START),
                    format!(
                        "the measure {} of release {} is no longer in the content",
                        measure_place(change),
                        latest.name
                    ),
                )
                .with_hint("a measure dropped from a plan stays visible as removed on the changes page; restore its file if it was removed by mistake"),
            );
        }
    }
}

/// The path of a measure's `id` in a release file.
fn measure_path(snapshot: &Snapshot, change: &Change) -> Option<locate::Path> {
    use locate::Step::{Index, Key};
    // The collections are in the file's order (a release made before the
    // move is given its plan when read, in the same order).
    let ci = snapshot
        .collections
        .iter()
        .position(|c| c.plan == change.plan && c.id == change.collection)?;
    let mi = snapshot.collections[ci]
        .measures
        .binary_search_by(|m| m.id.as_str().cmp(&change.measure))
        .ok()?;
    Some(vec![
        Key("collections"),
        Index(ci),
        Key("measures"),
        Index(mi),
        Key("id"),
    ])
}

/// `plan/collection/measure`, or `collection/measure` on a one-plan site.
pub fn measure_place(c: &Change) -> String {
    match &c.plan {
        Some(p) => format!("{p}/{}/{}", c.collection, c.measure),
        None => format!("{}/{}", c.collection, c.measure),
    }
}

/// The warning about a released value changed (or removed) without
/// `flag: revised`, at the entry in `m`'s file (or at its indicator when
/// the entry is gone).
fn silent_revision(latest: &Release, m: &snapshot::SnapMeasure, change: &Change) -> Diagnostic {
    let indicator = change
        .indicator
        .as_deref()
        .and_then(|i| m.indicators.iter().find(|x| x.id == i));
    let entry = indicator.and_then(|i| {
        i.progress
            .iter()
            .chain(&i.baseline)
            .find(|v| Some(&v.period) == change.period.as_ref())
    });
    let pos = entry
        .map(|v| v.pos)
        .or(indicator.map(|i| i.pos))
        .unwrap_or(Pos::START);
    let what = if change.kind == Kind::BaselineChanged {
        "baseline"
    } else {
        "value"
    };
    let place = format!(
        "{}/{}",
        measure_place(change),
        change.indicator.as_deref().unwrap_or("")
    );
    let period = change.period.as_deref().unwrap_or("");
    let old = change.old.as_ref().map_or("nothing".into(), Side::plain);
    match &change.new {
        Some(new) => Diagnostic::warning(
            &m.path,
            pos,
            format!(
                "silent revision: the {what} of {place} for {period} was {old} in release {} and is now {}, without `flag: revised`",
                latest.name,
                new.plain(),
            ),
        )
        .with_hint("mark the entry `flag: revised` with a `note` saying what changed and why"),
        None => Diagnostic::warning(
            &m.path,
            pos,
            format!(
                "silent revision: the {what} of {place} for {period} was {old} in release {} and its entry is gone from the content",
                latest.name,
            ),
        )
        .with_hint(format!(
            "a released figure stays published: restore the progress entry for {period} ({old}); if the figure was withdrawn, keep an entry for {period} with a `text` saying so, `flag: revised` and a `note` saying why"
        )),
    }
}

/// The release files, read and checked, in file-name order.
fn read_releases(
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Release>, std::io::Error> {
    let dir = root.join(CONTENT_DIR).join(RELEASES_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(std::io::Error::new(
                e.kind(),
                format!("cannot read {}: {e}", dir.display()),
            ))
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut releases = Vec::new();
    for file in names {
        let rel = format!("{CONTENT_DIR}/{RELEASES_DIR}/{file}");
        let Some(stem) = file.strip_suffix(".json") else {
            diagnostics.warning(
                &rel,
                Pos::START,
                "only NAME.json files are releases; this file is ignored",
            );
            continue;
        };
        match check_name(stem) {
            Err(e @ ReleaseError::Reserved(_)) => {
                diagnostics.push(Diagnostic::warning(&rel, Pos::START, e.to_string()).with_hint(
                    "make the next release under another name: a repository holding this file cannot be checked out on Windows",
                ));
            }
            Err(e) => {
                diagnostics.error(&rel, Pos::START, e.to_string());
                continue;
            }
            Ok(()) => {}
        }
        let size = std::fs::metadata(dir.join(&file))?.len();
        if size > MAX_RELEASE_BYTES {
            diagnostics.push(
                Diagnostic::error(
                    &rel,
                    Pos::START,
                    format!(
                        "the release file is {} MiB, over the {} MiB a release file may have: it is not read",
                        size.div_ceil(1024 * 1024),
                        MAX_RELEASE_BYTES / 1024 / 1024
                    ),
                )
                .with_hint("a release of 20,000 measures takes about 75 MiB; a larger file was not written by `gongkai release`: restore it from version control"),
            );
            continue;
        }
        let bytes = std::fs::read(dir.join(&file))?;
        let Ok(text) = String::from_utf8(bytes) else {
            diagnostics.error(&rel, Pos::START, "the release file is not UTF-8");
            continue;
        };
        let Some(snapshot) = Snapshot::parse(&rel, &text, diagnostics) else {
            continue;
        };
        let Some(date) = Date::parse(&snapshot.date) else {
            continue;
        };
        releases.push(Release {
            name: stem.to_string(),
            date,
            path: rel,
            text,
            snapshot,
            changes: Vec::new(),
        });
    }
    Ok(releases)
}

/// Today's date in UTC: the only clock gongkai reads, and only for a
/// release made without `--date`.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    date_of_days(secs.div_euclid(86_400))
}

/// The day `days` after 1970-01-01 (the inverse of [`Date::days`]).
pub fn date_of_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::new(year, month, day).unwrap_or(Date::new(1970, 1, 1).expect("a valid day"))
}

/// The largest release file read: a release of 20,000 measures takes
/// about 75 MiB.
pub const MAX_RELEASE_BYTES: u64 = 256 * 1024 * 1024;

/// The file names Windows reserves for devices, whatever their case and
/// extension (`con`, `CON.json`).
const RESERVED_NAMES: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` may name a release: an identifier (lowercase letters,
/// digits and hyphens) that Windows does not reserve as a device name, so
/// that `content/releases/NAME.json` can be checked out anywhere.
pub fn check_name(name: &str) -> Result<(), ReleaseError> {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if RESERVED_NAMES.contains(&stem.to_ascii_lowercase().as_str()) {
        return Err(ReleaseError::Reserved(name.to_string()));
    }
    if !crate::load::reader::is_ident(name) {
        return Err(ReleaseError::BadName(name.to_string()));
    }
    Ok(())
}

/// Why a release could not be written.
#[derive(Debug)]
pub enum ReleaseError {
    /// The name is not an identifier (usage).
    BadName(String),
    /// The name is a device name reserved on Windows (usage).
    Reserved(String),
    /// A release of that name exists (usage: releases are never replaced).
    Exists(String),
    /// The file could not be written.
    Io(std::io::Error),
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReleaseError::BadName(n) => write!(
                f,
                "`{n}` is not a release name: use lowercase letters, digits and hyphens, starting with a letter or digit (such as 2023-q3)"
            ),
            ReleaseError::Reserved(n) => write!(
                f,
                "`{n}` cannot name a release: Windows reserves CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9 (in any case, with any extension) for devices, so its file could not be checked out there; choose another name (such as 2023-q3)"
            ),
            ReleaseError::Exists(p) => write!(
                f,
                "{p} exists: a release is never replaced; choose a new name"
            ),
            ReleaseError::Io(e) => e.fmt(f),
        }
    }
}

/// The file of release `name`, relative to the root.
pub fn release_path(name: &str) -> String {
    format!("{CONTENT_DIR}/{RELEASES_DIR}/{name}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_reserved_on_windows_are_refused() {
        for name in [
            "con",
            "CON",
            "nul",
            "Aux",
            "prn",
            "com1",
            "COM9",
            "lpt1",
            "lpt9",
            "con.json",
            "nul.txt",
            "aux.tar.gz",
            "com0",
        ] {
            let e = check_name(name).unwrap_err();
            assert!(matches!(e, ReleaseError::Reserved(_)), "{name}: {e}");
            assert!(e.to_string().contains("Windows reserves"), "{e}");
        }
        for name in [
            "2023-q3", "console", "con-2023", "com10", "lpt", "nuls", "a",
        ] {
            assert!(check_name(name).is_ok(), "{name}");
        }
        assert!(matches!(
            check_name("Q3 2023"),
            Err(ReleaseError::BadName(_))
        ));
        assert!(matches!(check_name(""), Err(ReleaseError::BadName(_))));
    }

    #[test]
    fn days_and_dates_are_inverse() {
        for d in ["1970-01-01", "2000-02-29", "2023-07-13", "2024-12-31"] {
            let date = Date::parse(d).unwrap();
            assert_eq!(date_of_days(date.days()), date);
        }
    }
}
