//! Releases and what changed (SPEC §8). A release is a snapshot of the
//! published state, kept as content in `content/releases/NAME.json`
//! ([`snapshot`]); what changed between two snapshots is computed once,
//! here ([`diff`]), with text diffs ([`text`]); pages, data files, feeds and
//! the `diff` command only lay it out ([`report`] for the command line).
//! Releases are files, not commits: they work without git and travel with
//! the data.

pub mod diff;
pub mod report;
pub mod snapshot;
pub mod text;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::load::{CONTENT_DIR, RELEASES_DIR};
use crate::period::Date;
use crate::site::Site;
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
    /// The current content.
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
        let current = Snapshot::of(site, "", "");
        let mut releases = read_releases(root, diagnostics)?;
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
        for change in &self.since {
            let current = self.current.measure(&change.collection, &change.measure);
            if change.is_silent_revision() {
                let Some(m) = current else { continue };
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
                let side = |s: &Option<Side>| s.as_ref().map_or("nothing".into(), Side::plain);
                let what = if change.kind == Kind::BaselineChanged {
                    "baseline"
                } else {
                    "value"
                };
                diagnostics.push(
                    Diagnostic::warning(
                        &m.path,
                        pos,
                        format!(
                            "silent revision: the {what} of {}/{}/{} for {} was {} in release {} and is now {}, without `flag: revised`",
                            change.collection,
                            change.measure,
                            change.indicator.as_deref().unwrap_or(""),
                            change.period.as_deref().unwrap_or(""),
                            side(&change.old),
                            latest.name,
                            side(&change.new),
                        ),
                    )
                    .with_hint("mark the entry `flag: revised` with a `note` saying what changed and why"),
                );
            }
            if change.kind == Kind::MeasureRemoved {
                let needle = format!("\"id\": \"{}\"", change.measure);
                let after = latest
                    .text
                    .find(&format!("\"id\": \"{}\"", change.collection))
                    .unwrap_or(0);
                let pos = latest.text[after..]
                    .find(&needle)
                    .map_or(Pos::START, |at| position_at(&latest.text, after + at));
                diagnostics.push(
                    Diagnostic::warning(
                        &latest.path,
                        pos,
                        format!(
                            "the measure {}/{} of release {} is no longer in the content",
                            change.collection, change.measure, latest.name
                        ),
                    )
                    .with_hint("a measure dropped from a plan stays visible as removed on the changes page; restore its file if it was removed by mistake"),
                );
            }
        }
    }
}

fn position_at(text: &str, at: usize) -> Pos {
    snapshot::position_at(text, at)
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
        if !crate::load::reader::is_ident(stem) {
            diagnostics.error(
                &rel,
                Pos::START,
                format!(
                    "`{stem}` is not a release name: use lowercase letters, digits and hyphens"
                ),
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

/// Why a release could not be written.
#[derive(Debug)]
pub enum ReleaseError {
    /// The name is not an identifier (usage).
    BadName(String),
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
    fn days_and_dates_are_inverse() {
        for d in ["1970-01-01", "2000-02-29", "2023-07-13", "2024-12-31"] {
            let date = Date::parse(d).unwrap();
            assert_eq!(date_of_days(date.days()), date);
        }
    }
}
