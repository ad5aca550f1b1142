//! The one content writer: every command that edits the content folder
//! (`sheet import`, `release`, `plan new`) writes through a [`ContentWriter`], so that
//! an edit is exact, all or nothing, and never lost to another at once.
//!
//! - **One at a time.** Editors of one site take turns: each holds an OS
//!   lock on a file beside the content folder (`.content.gongkai-lock`, as
//!   builds lock their output) from before it reads the files it edits
//!   until its files are in place, so that a second import plans from what
//!   the first one wrote and both edits are kept.
//! - **Verified before anything is written.** The caller gives every new
//!   text with a check that decodes it and compares it with the old records
//!   plus exactly the intended operations; any difference is a fault of
//!   gongkai, reported as such, and nothing is written.
//! - **All or nothing.** Each new text goes to a temporary file of a name
//!   unique to the run beside its file, is synced and read back; only when
//!   all are written does a journal (`.content.gongkai-journal`) record
//!   them, and then they are renamed into place. A run cut short before the
//!   journal leaves no change (its temporary files are removed by the next
//!   editor); one cut short after it is finished by the next editor, which
//!   renames what the journal lists before it reads anything. While a
//!   journal is there, the loader refuses the content (see
//!   [`interrupted`]) rather than show a half-applied edit.

use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The content folder, under a site's root.
pub const CONTENT_DIR: &str = "content";
/// The lock file, beside the content folder in the site's root.
pub const LOCK_FILE: &str = ".content.gongkai-lock";
/// The journal of a commit in progress, beside the lock file.
pub const JOURNAL: &str = ".content.gongkai-journal";
/// What a temporary file's name carries: `.<file>.gongkai-tmp-<tag>`.
const TMP_MARK: &str = ".gongkai-tmp-";
/// The fixed temporary name earlier versions used (`.<file>.import-tmp`).
const OLD_TMP_SUFFIX: &str = ".import-tmp";

/// One file to write: its path relative to the site's root (with `/`),
/// the bytes the plan was made from (`None`: the file must not exist) and
/// its new bytes.
#[derive(Debug, Clone)]
pub struct FileWrite {
    pub path: String,
    pub old: Option<Vec<u8>>,
    pub new: Vec<u8>,
}

/// One file to remove: its path relative to the site's root and the
/// bytes the plan was made from.
#[derive(Debug, Clone)]
pub struct FileRemoval {
    pub path: String,
    pub old: Vec<u8>,
}

/// Why nothing (or, for [`WriteError::Unfinished`], not everything) was written.
#[derive(Debug)]
pub enum WriteError {
    /// A file could not be read, written or synced; nothing was changed.
    Io { path: PathBuf, error: io::Error },
    /// The new text of a file does not decode to what it should: a fault
    /// of gongkai, not of the content or the sheet. Nothing was written.
    Verify { path: String, difference: String },
    /// A file changed on disk after it was read (not by gongkai: that
    /// takes the lock). Nothing was written.
    Changed { path: String },
    /// A rename failed after the journal was written: the files the
    /// journal lists that are not in place yet are put in place by the
    /// next run of a command that edits content.
    Unfinished {
        path: PathBuf,
        error: io::Error,
        done: Vec<String>,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io { path, error } => write!(
                f,
                "cannot write {}: {error}; nothing was changed",
                path.display()
            ),
            WriteError::Verify { path, difference } => write!(
                f,
                "gongkai fault: the new text of {path} would not read back as exactly the records it should hold ({difference}); nothing was written. This is not a fault of your content or sheet: please report it, with the file and the sheet or command"
            ),
            WriteError::Changed { path } => write!(
                f,
                "{path} changed on disk while this command was running; nothing was written: run it again"
            ),
            WriteError::Unfinished { path, error, done } => write!(
                f,
                "cannot put {} in place: {error}; {} of the files are in place ({}); the rest are kept and the next `sheet import` or `release` finishes the edit before anything else",
                path.display(),
                done.len(),
                done.join(", ")
            ),
        }
    }
}

impl std::error::Error for WriteError {}

/// What opening the writer found left by an earlier run.
#[derive(Debug, Default)]
pub struct Recovery {
    /// Files an interrupted commit had not yet put in place, now put.
    pub finished: Vec<String>,
    /// Temporary files of runs cut short before their commit, removed.
    pub removed: Vec<String>,
}

/// The content folder, locked for editing while this value lives.
pub struct ContentWriter {
    root: PathBuf,
    /// Locked while this value lives; unlocked when the file is closed.
    _lock: File,
    pub recovery: Recovery,
}

impl ContentWriter {
    /// Takes the content lock (after calling `waiting`, to say so, when
    /// another editor holds it), finishes a commit that a journal shows
    /// was cut short, and removes temporary files that runs cut short
    /// before their commit left.
    pub fn open(root: &Path, waiting: &dyn Fn()) -> Result<ContentWriter, WriteError> {
        let lock_path = root.join(LOCK_FILE);
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |error| WriteError::Io { path, error }
        };
        // The file stays in place: removing it would let an editor that
        // waits on the removed file and a new one that creates it hold
        // "the" lock together.
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io_error(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock().map_err(io_error(&lock_path))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&lock_path)(e)),
        }
        let mut writer = ContentWriter {
            root: root.to_path_buf(),
            _lock: lock,
            recovery: Recovery::default(),
        };
        writer.recover()?;
        Ok(writer)
    }

    fn recover(&mut self) -> Result<(), WriteError> {
        if let Some(journal) = Journal::read(&self.root)? {
            for (temp, path) in &journal.files {
                let (temp_abs, abs) = (self.root.join(temp), self.root.join(path));
                if temp_abs.exists() {
                    std::fs::rename(&temp_abs, &abs).map_err(|error| WriteError::Io {
                        path: abs.clone(),
                        error,
                    })?;
                    sync_parent(&abs);
                    self.recovery.finished.push(path.clone());
                }
            }
            let gone: Vec<&String> = journal
                .removals
                .iter()
                .filter(|p| self.root.join(p).exists())
                .collect();
            remove_all(&self.root, &journal.removals)
                .map_err(|(path, error)| WriteError::Io { path, error })?;
            self.recovery.finished.extend(gone.into_iter().cloned());
            let journal_path = self.root.join(JOURNAL);
            std::fs::remove_file(&journal_path).map_err(|error| WriteError::Io {
                path: journal_path,
                error,
            })?;
            sync_dir(&self.root);
        }
        for temp in temps(&self.root) {
            if std::fs::remove_file(self.root.join(&temp)).is_ok() {
                self.recovery.removed.push(temp);
            }
        }
        Ok(())
    }

    /// Verifies every new text with `verify` (an `Err` names the
    /// difference), then writes them all or none; returns the paths
    /// changed. `command` names the command for the journal.
    pub fn commit(
        &self,
        command: &str,
        writes: &[FileWrite],
        verify: &mut dyn FnMut(&FileWrite) -> Result<(), String>,
    ) -> Result<Vec<String>, WriteError> {
        self.commit_with_removals(command, writes, &[], verify)
    }

    /// [`ContentWriter::commit`], also removing the files `removals`
    /// names (each with the bytes the plan was made from), in the same
    /// commit: a move is new files written and old ones removed, all or
    /// nothing. The journal lists the removals; they happen after every
    /// new file is in place (by this run, or by the next editor), and the
    /// folders they leave empty are removed too.
    pub fn commit_with_removals(
        &self,
        command: &str,
        writes: &[FileWrite],
        removals: &[FileRemoval],
        verify: &mut dyn FnMut(&FileWrite) -> Result<(), String>,
    ) -> Result<Vec<String>, WriteError> {
        if writes.is_empty() && removals.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(r) = removals.iter().find(|r| !safe_rel(&r.path)) {
            return Err(WriteError::Io {
                path: self.root.join(&r.path),
                error: io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the site"),
            });
        }
        for w in writes {
            verify(w).map_err(|difference| WriteError::Verify {
                path: w.path.clone(),
                difference,
            })?;
        }
        for w in writes {
            let abs = self.root.join(&w.path);
            let now = match std::fs::read(&abs) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(error) => return Err(WriteError::Io { path: abs, error }),
            };
            if now != w.old {
                return Err(WriteError::Changed {
                    path: w.path.clone(),
                });
            }
        }
        for r in removals {
            let abs = self.root.join(&r.path);
            let now = std::fs::read(&abs).map_err(|error| WriteError::Io { path: abs, error })?;
            if now != r.old {
                return Err(WriteError::Changed {
                    path: r.path.clone(),
                });
            }
        }
        let tag = unique_tag();
        let mut staged: Vec<(String, String)> = Vec::new();
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        let staging = (|| {
            for w in writes {
                let temp = temp_name(&w.path, &tag);
                let abs = self.root.join(&temp);
                if let Some(dir) = abs.parent() {
                    // The folders this run makes, removed again if it fails
                    // before its commit point (a plan folder left empty is
                    // still a plan folder to the loader).
                    let mut missing = dir;
                    while !missing.exists() {
                        made_dirs.push(missing.to_path_buf());
                        match missing.parent() {
                            Some(p) => missing = p,
                            None => break,
                        }
                    }
                    std::fs::create_dir_all(dir).map_err(|error| WriteError::Io {
                        path: dir.to_path_buf(),
                        error,
                    })?;
                }
                staged.push((temp.clone(), w.path.clone()));
                write_synced(&abs, &w.new).map_err(|error| WriteError::Io {
                    path: self.root.join(&w.path),
                    error,
                })?;
            }
            for (temp, _) in &staged {
                sync_parent(&self.root.join(temp));
            }
            Journal {
                command: command.to_string(),
                files: staged.clone(),
                removals: removals.iter().map(|r| r.path.clone()).collect(),
            }
            .write(&self.root, &tag)
        })();
        if let Err(e) = staging {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(self.root.join(temp));
            }
            made_dirs.sort();
            made_dirs.dedup();
            for dir in made_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
        // The commit point is passed: from here the edit is finished,
        // by this run or by the next.
        let mut done = Vec::new();
        for (temp, path) in &staged {
            fault_after_renames(done.len());
            let abs = self.root.join(path);
            if let Err(error) = std::fs::rename(self.root.join(temp), &abs) {
                return Err(WriteError::Unfinished {
                    path: abs,
                    error,
                    done,
                });
            }
            done.push(path.clone());
        }
        fault_after_renames(done.len());
        for (_, path) in &staged {
            sync_parent(&self.root.join(path));
        }
        let paths: Vec<String> = removals.iter().map(|r| r.path.clone()).collect();
        if let Err((path, error)) = remove_all(&self.root, &paths) {
            return Err(WriteError::Unfinished { path, error, done });
        }
        done.extend(paths);
        let journal = self.root.join(JOURNAL);
        std::fs::remove_file(&journal).map_err(|error| WriteError::Unfinished {
            path: journal,
            error,
            done: done.clone(),
        })?;
        sync_dir(&self.root);
        Ok(done)
    }
}

/// Debug builds only: `GONGKAI_FAULT_AFTER_RENAMES=N` ends the process
/// at once (as `kill -9` would) when N files of a commit are renamed into
/// place, so that tests can cut a commit short at every step.
fn fault_after_renames(renamed: usize) {
    #[cfg(debug_assertions)]
    if std::env::var("GONGKAI_FAULT_AFTER_RENAMES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        == Some(renamed)
    {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = renamed;
}

/// `content/a/b.yaml` → `content/a/.b.yaml.gongkai-tmp-<tag>`.
fn temp_name(path: &str, tag: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}{TMP_MARK}{tag}"),
        None => format!(".{path}{TMP_MARK}{tag}"),
    }
}

/// Whether a file name is a temporary file of a content edit (this
/// writer's, or the fixed name earlier versions used).
pub fn is_temp(file_name: &str) -> bool {
    file_name.starts_with('.')
        && (file_name.contains(TMP_MARK) || file_name.ends_with(OLD_TMP_SUFFIX))
}

/// The temporary files under the content folder and the journal's own
/// temporary files in the root, relative to the root.
fn temps(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(JOURNAL) && name != JOURNAL {
                out.push(name);
            }
        }
    }
    let content = root.join(CONTENT_DIR);
    for entry in walkdir::WalkDir::new(&content)
        .max_depth(4)
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && is_temp(&name) {
            if let Ok(rel) = entry.path().strip_prefix(root) {
                let rel: Vec<String> = rel
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    out.sort();
    out
}

/// The files a commit is putting in place: (temporary file, file), both
/// relative to the root.
struct Journal {
    command: String,
    files: Vec<(String, String)>,
    /// Files removed once every file is in place.
    removals: Vec<String>,
}

impl Journal {
    fn to_json(&self) -> String {
        let files: Vec<serde_json::Value> = self
            .files
            .iter()
            .map(|(temp, path)| serde_json::json!({"temp": temp, "path": path}))
            .collect();
        let json =
            serde_json::json!({"command": self.command, "files": files, "remove": self.removals});
        format!("{json}\n")
    }

    /// Written to a temporary name, synced, then renamed: a journal is
    /// there whole or not at all.
    fn write(&self, root: &Path, tag: &str) -> Result<(), WriteError> {
        let temp = root.join(format!("{JOURNAL}-{tag}"));
        let path = root.join(JOURNAL);
        let result = write_synced(&temp, self.to_json().as_bytes())
            .and_then(|()| std::fs::rename(&temp, &path));
        if let Err(error) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(WriteError::Io { path, error });
        }
        sync_dir(root);
        Ok(())
    }

    fn read(root: &Path) -> Result<Option<Journal>, WriteError> {
        let path = root.join(JOURNAL);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(WriteError::Io { path, error }),
        };
        let bad = || {
            WriteError::Io {
            path: path.clone(),
            error: io::Error::new(
                io::ErrorKind::InvalidData,
                "the journal of an interrupted edit cannot be read; restore the content from version control and remove the journal",
            ),
        }
        };
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad())?;
        let command = json["command"].as_str().unwrap_or_default().to_string();
        let mut files = Vec::new();
        for f in json["files"].as_array().ok_or_else(bad)? {
            match (f["temp"].as_str(), f["path"].as_str()) {
                (Some(t), Some(p)) if safe_rel(t) && safe_rel(p) => {
                    files.push((t.to_string(), p.to_string()))
                }
                _ => return Err(bad()),
            }
        }
        let mut removals = Vec::new();
        for p in json["remove"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            match p.as_str() {
                Some(p) if safe_rel(p) => removals.push(p.to_string()),
                _ => return Err(bad()),
            }
        }
        Ok(Some(Journal {
            command,
            files,
            removals,
        }))
    }
}

/// A path the journal may name: relative, under the root, no `..`.
fn safe_rel(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|c| !c.is_empty() && c != "..")
}

/// A commit cut short: the command that made it and the files it had
/// still to put in place (those whose temporary file is still there).
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted {
    pub command: String,
    pub pending: Vec<String>,
}

/// Whether the content has a commit cut short after its commit point,
/// which the next editor finishes: the content on disk is then part old,
/// part new, and must not be read as if it were whole.
pub fn interrupted(root: &Path) -> Option<Interrupted> {
    let journal = match Journal::read(root) {
        Ok(Some(j)) => j,
        Ok(None) => return None,
        Err(_) => {
            return Some(Interrupted {
                command: String::new(),
                pending: Vec::new(),
            })
        }
    };
    let mut pending: Vec<String> = journal
        .files
        .iter()
        .filter(|(temp, _)| root.join(temp).exists())
        .map(|(_, path)| path.clone())
        .collect();
    pending.extend(
        journal
            .removals
            .iter()
            .filter(|p| root.join(p).exists())
            .cloned(),
    );
    Some(Interrupted {
        command: journal.command,
        pending,
    })
}

/// Removes the files `paths` names that are there, then the folders under
/// the content folder that this leaves empty.
fn remove_all(root: &Path, paths: &[String]) -> Result<(), (PathBuf, io::Error)> {
    let mut dirs = std::collections::BTreeSet::new();
    for p in paths {
        let abs = root.join(p);
        match std::fs::remove_file(&abs) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err((abs, e)),
        }
        let mut dir = Path::new(p).parent();
        while let Some(d) = dir.filter(|d| d.components().count() > 1) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    // Deepest first; a folder that is not empty stays.
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(root.join(d));
    }
    for d in &dirs {
        if let Some(parent) = d.parent() {
            sync_dir(&root.join(parent));
        }
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    // Read back: what is on the disk is what will be put in place.
    if std::fs::read(path)? != bytes {
        return Err(io::Error::other(
            "the file read back differs from what was written",
        ));
    }
    Ok(())
}

/// Makes a rename or a new file in a folder durable (no-op where folders
/// cannot be opened, as on Windows).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
}

/// A tag no other run shares: the process, the time and a counter.
fn unique_tag() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}-{nanos:x}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/works")).unwrap();
        dir
    }

    fn write(path: &str, old: Option<&str>, new: &str) -> FileWrite {
        FileWrite {
            path: path.into(),
            old: old.map(|o| o.as_bytes().to_vec()),
            new: new.as_bytes().to_vec(),
        }
    }

    #[test]
    fn all_files_are_written_and_no_temporary_file_is_left() {
        let dir = site();
        std::fs::write(dir.path().join("content/works/a.yaml"), "a: 1\n").unwrap();
        let w = ContentWriter::open(dir.path(), &|| {}).unwrap();
        let changed = w
            .commit(
                "test",
                &[
                    write("content/works/a.yaml", Some("a: 1\n"), "a: 2\n"),
                    write("content/releases/r.json", None, "{}"),
                ],
                &mut |_| Ok(()),
            )
            .unwrap();
        assert_eq!(changed, ["content/works/a.yaml", "content/releases/r.json"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/works/a.yaml")).unwrap(),
            "a: 2\n"
        );
        assert!(temps(dir.path()).is_empty());
        assert!(interrupted(dir.path()).is_none());
    }

    #[test]
    fn a_failed_verification_writes_nothing_and_says_it_is_a_gongkai_fault() {
        let dir = site();
        std::fs::write(dir.path().join("content/works/a.yaml"), "a: 1\n").unwrap();
        let w = ContentWriter::open(dir.path(), &|| {}).unwrap();
        let e = w
            .commit(
                "test",
                &[
                    write("content/works/a.yaml", Some("a: 1\n"), "a: 2\n"),
                    write("content/works/b.yaml", None, "b: 1\n"),
                ],
                &mut |f| {
                    if f.path.ends_with("b.yaml") {
                        Err("one record too many".into())
                    } else {
                        Ok(())
                    }
                },
            )
            .unwrap_err();
        assert!(e.to_string().contains("gongkai fault"), "{e}");
        assert!(e.to_string().contains("content/works/b.yaml"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/works/a.yaml")).unwrap(),
            "a: 1\n"
        );
        assert!(!dir.path().join("content/works/b.yaml").exists());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = site();
        std::fs::write(dir.path().join("content/works/a.yaml"), "a: 3\n").unwrap();
        let w = ContentWriter::open(dir.path(), &|| {}).unwrap();
        let e = w
            .commit(
                "test",
                &[write("content/works/a.yaml", Some("a: 1\n"), "a: 2\n")],
                &mut |_| Ok(()),
            )
            .unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }), "{e}");
    }

    #[test]
    fn a_journal_left_by_a_cut_commit_is_finished_and_stale_temporaries_removed() {
        let dir = site();
        let root = dir.path();
        std::fs::write(root.join("content/works/a.yaml"), "a: 1\n").unwrap();
        std::fs::write(
            root.join("content/works/.a.yaml.gongkai-tmp-1-2-0"),
            "a: 2\n",
        )
        .unwrap();
        std::fs::write(root.join("content/works/.b.yaml.gongkai-tmp-9-9-0"), "").unwrap();
        std::fs::write(root.join("content/works/.c.yaml.import-tmp"), "").unwrap();
        Journal {
            command: "sheet import".into(),
            files: vec![(
                "content/works/.a.yaml.gongkai-tmp-1-2-0".into(),
                "content/works/a.yaml".into(),
            )],
            removals: vec![],
        }
        .write(root, "t")
        .unwrap();
        assert_eq!(
            interrupted(root),
            Some(Interrupted {
                command: "sheet import".into(),
                pending: vec!["content/works/a.yaml".into()]
            })
        );
        let w = ContentWriter::open(root, &|| {}).unwrap();
        assert_eq!(w.recovery.finished, ["content/works/a.yaml"]);
        assert_eq!(
            w.recovery.removed,
            [
                "content/works/.b.yaml.gongkai-tmp-9-9-0",
                "content/works/.c.yaml.import-tmp"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("content/works/a.yaml")).unwrap(),
            "a: 2\n"
        );
        assert!(interrupted(root).is_none());
    }

    #[test]
    fn a_move_writes_the_new_files_and_removes_the_old_ones_and_their_empty_folder() {
        let dir = site();
        let root = dir.path();
        std::fs::write(root.join("content/works/a.yaml"), "a: 1\n").unwrap();
        let w = ContentWriter::open(root, &|| {}).unwrap();
        let changed = w
            .commit_with_removals(
                "plan new",
                &[write("content/plans/p/works/a.yaml", None, "a: 1\n")],
                &[FileRemoval {
                    path: "content/works/a.yaml".into(),
                    old: b"a: 1\n".to_vec(),
                }],
                &mut |_| Ok(()),
            )
            .unwrap();
        assert_eq!(
            changed,
            ["content/plans/p/works/a.yaml", "content/works/a.yaml"]
        );
        assert!(root.join("content/plans/p/works/a.yaml").is_file());
        assert!(!root.join("content/works").exists());
        assert!(root.join("content").is_dir());
        assert!(interrupted(root).is_none());
    }

    #[test]
    fn a_removal_of_a_changed_file_or_a_failed_write_changes_nothing() {
        let dir = site();
        let root = dir.path();
        std::fs::write(root.join("content/works/a.yaml"), "a: 2\n").unwrap();
        let w = ContentWriter::open(root, &|| {}).unwrap();
        let removal = FileRemoval {
            path: "content/works/a.yaml".into(),
            old: b"a: 1\n".to_vec(),
        };
        let new = write("content/plans/p/works/a.yaml", None, "a: 1\n");
        let e = w
            .commit_with_removals(
                "plan new",
                std::slice::from_ref(&new),
                &[removal],
                &mut |_| Ok(()),
            )
            .unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }), "{e}");
        let removal = FileRemoval {
            path: "content/works/a.yaml".into(),
            old: b"a: 2\n".to_vec(),
        };
        let e = w
            .commit_with_removals("plan new", &[new], &[removal], &mut |_| Err("no".into()))
            .unwrap_err();
        assert!(matches!(e, WriteError::Verify { .. }), "{e}");
        assert!(root.join("content/works/a.yaml").is_file());
        assert!(!root.join("content/plans").exists());
    }

    #[test]
    fn a_journal_s_removals_are_finished_by_the_next_editor() {
        let dir = site();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/plans/p/works")).unwrap();
        std::fs::write(root.join("content/works/a.yaml"), "a: 1\n").unwrap();
        std::fs::write(root.join("content/plans/p/works/a.yaml"), "a: 1\n").unwrap();
        Journal {
            command: "plan new".into(),
            files: vec![],
            removals: vec!["content/works/a.yaml".into()],
        }
        .write(root, "t")
        .unwrap();
        assert_eq!(interrupted(root).unwrap().pending, ["content/works/a.yaml"]);
        let w = ContentWriter::open(root, &|| {}).unwrap();
        assert_eq!(w.recovery.finished, ["content/works/a.yaml"]);
        assert!(!root.join("content/works").exists());
        assert!(interrupted(root).is_none());
    }

    #[test]
    fn a_journal_naming_paths_outside_the_root_is_refused() {
        let dir = site();
        std::fs::write(
            dir.path().join(JOURNAL),
            r#"{"command":"x","files":[{"temp":"../t","path":"content/a"}]}"#,
        )
        .unwrap();
        assert!(ContentWriter::open(dir.path(), &|| {}).is_err());
    }

    #[test]
    fn temporary_names_are_unique_and_recognised() {
        let a = temp_name("content/works/a.yaml", &unique_tag());
        let b = temp_name("content/works/a.yaml", &unique_tag());
        assert_ne!(a, b);
        assert!(a.starts_with("content/works/.a.yaml.gongkai-tmp-"));
        assert!(is_temp(a.rsplit('/').next().unwrap()));
        assert!(!is_temp("a.yaml"));
    }
}
