//! The content writer under `sheet import` and `release`: an import never
//! loses a byte or an edit. Each test is named after the fault it guards:
//! a `#` line of a block text taken for a comment, two imports at once
//! losing one, an import cut short left half-applied, a full disk, and a
//! property test over many YAML styles that every import decodes to the
//! old records plus exactly the rows applied.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const MEASURE: &str = "content/measures/example-measure.yaml";
const UPDATE_REF: &str = "measures/example-measure";
const INDICATOR_REF: &str = "measures/example-measure/example";

/// A site made by `gongkai init`, in a temporary folder (the site is `s`).
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    let o = gongkai(&["init", root.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (dir, root)
}

/// Every file under `content/`, hidden ones included, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (rel.display().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn csv(rows: &[[&str; 5]]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["ref", "period", "value", "text_zh", "text_en"])
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn import_cmd(root: &Path, sheet: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.args(["sheet", "import"])
        .arg(sheet)
        .arg("--root")
        .arg(root)
        .env_remove("GONGKAI_FAULT_AFTER_RENAMES");
    c
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut old = std::fs::read_to_string(&path).unwrap();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

#[test]
fn an_update_after_one_whose_block_text_ends_in_a_hash_line_keeps_that_line() {
    let (_dir, root) = init_site();
    append(
        &root,
        MEASURE,
        "updates:\n  - date: 2025-01-10\n    text:\n      zh: 已开展。\n      en: |\n        Started.\n        #DRC\n",
    );
    // The exported sheet, with the update row filled.
    let exported = root.join("s.csv");
    let o = gongkai_in(
        &root,
        &["sheet", "export", "--out", exported.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut reader = csv::Reader::from_path(&exported).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |key: &str| {
        headers
            .iter()
            .position(|h| h.ends_with(&format!("({key})")))
            .unwrap()
    };
    let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let row = rows
        .iter_mut()
        .find(|r| &r[col("ref")] == UPDATE_REF)
        .unwrap();
    let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
    cells[col("period")] = "2025-02-01".into();
    cells[col("text_zh")] = "继续。".into();
    cells[col("text_en")] = "Continued.".into();
    *row = csv::StringRecord::from(cells);
    let filled = root.join("f.csv");
    let mut w = csv::Writer::from_path(&filled).unwrap();
    w.write_record(&headers).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();

    let o = gongkai_in(&root, &["sheet", "import", filled.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("1 added, 0 revised"), "{}", stdout(&o));
    let text = std::fs::read_to_string(root.join(MEASURE)).unwrap();
    assert!(
        text.ends_with("      en: |\n        Started.\n        #DRC\n  - date: 2025-02-01\n    text:\n      zh: 继续。\n      en: Continued.\n"),
        "{text}"
    );
    let (site, _) = gongkai::site::Site::load(&root, false).unwrap();
    let updates = &site.collections[0].measures[0].measure.updates;
    assert_eq!(updates.len(), 2);
    assert_eq!(
        serde_json::to_value(&updates[0].text).unwrap()["en"],
        "Started.\n#DRC\n"
    );
}

/// A site with four months of figures and two sheets, each adding one
/// month to the same indicator of the same file.
fn two_sheets(root: &Path) -> (PathBuf, PathBuf) {
    let a = root.join("a.csv");
    let b = root.join("b.csv");
    std::fs::write(&a, csv(&[[INDICATOR_REF, "2025-01", "1", "", ""]])).unwrap();
    std::fs::write(&b, csv(&[[UPDATE_REF, "2025-01-20", "", "乙 #b", "B #b"]])).unwrap();
    (a, b)
}

#[test]
fn two_imports_at_once_into_one_file_keep_both_edits() {
    for round in 0..12 {
        let (_dir, root) = init_site();
        let (a, b) = two_sheets(&root);
        let first = import_cmd(&root, &a)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let second = import_cmd(&root, &b)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        for child in [first, second] {
            let o = child.wait_with_output().unwrap();
            assert_eq!(code(&o), 0, "round {round}: {}", stderr(&o));
        }
        let text = std::fs::read_to_string(root.join(MEASURE)).unwrap();
        assert!(text.contains("period: 2025-01"), "round {round}: {text}");
        assert!(text.contains("date: 2025-01-20"), "round {round}: {text}");
        let (code, lines) = check_lines(&root, &[]);
        assert_eq!(code, 0, "{lines:?}");
    }
}

#[test]
fn an_import_waits_while_another_editor_holds_the_content_lock() {
    let (_dir, root) = init_site();
    let (a, _) = two_sheets(&root);
    let writer = gongkai::content_writer::ContentWriter::open(&root, &|| {}).unwrap();
    let child = import_cmd(&root, &a)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let before = std::fs::read_to_string(root.join(MEASURE)).unwrap();
    assert!(!before.contains("2025-01"), "wrote while the lock was held");
    drop(writer);
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("waiting for another import or release"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read_to_string(root.join(MEASURE))
        .unwrap()
        .contains("period: 2025-01"));
}

/// A fixture site where one sheet changes four files.
fn four_file_import() -> (tempfile::TempDir, PathBuf) {
    let site = temp_site("followed", &[]);
    let sheet = site.path().join("s.csv");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["ref", "period", "value", "text_zh", "text_en", "done"])
        .unwrap();
    for r in [
        ["works/mixed/chargers", "2024-Q4", "170", "", "", ""],
        [
            "works/green-share/share",
            "2024-01..2024-12",
            "31.5",
            "",
            "",
            "",
        ],
        [
            "works/reform",
            "2024-10-12",
            "",
            "推进 #1",
            "Progress #1",
            "",
        ],
        ["works/carbon-plan#review", "", "", "", "", "2024-10-05"],
    ] {
        w.write_record(r).unwrap();
    }
    std::fs::write(&sheet, w.into_inner().unwrap()).unwrap();
    (site, sheet)
}

/// The content after the four-file import ran whole, uncut.
fn reference_after_import() -> BTreeMap<String, Vec<u8>> {
    let (site, sheet) = four_file_import();
    let o = import_cmd(site.path(), &sheet).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("changed 4 files"), "{}", stderr(&o));
    snapshot(site.path())
}

/// After a cut: every file is wholly old or wholly new.
fn each_file_old_or_new(
    now: &BTreeMap<String, Vec<u8>>,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) {
    for (path, bytes) in now {
        if path.rsplit('/').next().unwrap().starts_with('.') {
            continue;
        }
        assert!(
            old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
            "{path} is neither as it was nor as the import makes it"
        );
    }
}

#[cfg(debug_assertions)]
#[test]
fn an_import_cut_after_any_number_of_renames_is_finished_by_the_next_run() {
    let reference = reference_after_import();
    for renames in 0..=4 {
        let (site, sheet) = four_file_import();
        let root = site.path();
        let old = snapshot(root);
        let o = import_cmd(root, &sheet)
            .env("GONGKAI_FAULT_AFTER_RENAMES", renames.to_string())
            .output()
            .unwrap();
        assert!(o.status.code().is_none(), "the process was cut: {renames}");
        each_file_old_or_new(&snapshot(root), &old, &reference);
        // `check` refuses the half-applied content and says what to do.
        let c = gongkai_in(root, &["check"]);
        assert_eq!(code(&c), 1, "{}", stderr(&c));
        assert!(
            stderr(&c).contains("an edit of the content was cut short")
                && stderr(&c).contains("run `gongkai sheet import` again"),
            "{}",
            stderr(&c)
        );
        // The same command again finishes it; the rows are then unchanged.
        let again = import_cmd(root, &sheet).output().unwrap();
        assert_eq!(code(&again), 0, "{}", stderr(&again));
        if renames < 4 {
            assert!(
                stderr(&again).contains("finished an edit that was cut short"),
                "{}",
                stderr(&again)
            );
        }
        assert!(
            stdout(&again).contains("0 added, 0 revised"),
            "{}",
            stdout(&again)
        );
        assert_eq!(snapshot(root), reference, "cut after {renames} renames");
        assert!(!root.join(".content.gongkai-journal").exists());
        let c = gongkai_in(root, &["check"]);
        assert_eq!(code(&c), 0, "{}", stderr(&c));
    }
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing_and_the_next_run_finishes_it() {
    let reference = reference_after_import();
    // How long a whole import takes here, to kill at moments across it.
    let (probe, probe_sheet) = four_file_import();
    let old = snapshot(probe.path());
    let started = Instant::now();
    let o = import_cmd(probe.path(), &probe_sheet).output().unwrap();
    assert_eq!(code(&o), 0);
    let whole = started.elapsed();
    for step in 0..10u32 {
        let (site, sheet) = four_file_import();
        let root = site.path();
        let mut child = import_cmd(root, &sheet)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * step / 10);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        each_file_old_or_new(&snapshot(root), &old, &reference);
        let again = import_cmd(root, &sheet).output().unwrap();
        assert_eq!(code(&again), 0, "{}", stderr(&again));
        let now = snapshot(root);
        assert_eq!(now, reference, "killed after {}/10 of an import", step);
        assert!(
            now.keys().all(|p| !p.contains(".gongkai-tmp-")),
            "no temporary file left: {:?}",
            now.keys()
        );
    }
}

/// A tmpfs mounted for a test; unmounted when dropped.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_import_into_a_full_disk_changes_nothing_and_names_the_file() {
    let disk = tempfile::tempdir().unwrap();
    let mnt = disk.path().join("disk");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .output();
    let _mounted = match mounted {
        Ok(o) if o.status.success() => Mounted(mnt.clone()),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "under CI the full-disk test must run: cannot mount a tmpfs ({why})"
            );
            eprintln!("SKIPPED: cannot mount a tmpfs ({why})");
            return;
        }
    };
    let root = mnt.join("site");
    copy_tree(&site_fixture("followed"), &root);
    let (_probe, sheet) = four_file_import();
    // Fill the disk to the last byte.
    let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    let _ = std::io::Write::write_all(&mut filler, &[0u8]);
    let _ = filler.sync_all();
    let before = snapshot(&root);

    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error: cannot write "), "{err}");
    assert!(
        err.contains(&root.join("content/works").display().to_string()),
        "names the file: {err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(
        snapshot(&root),
        before,
        "nothing changed, no temporary file left"
    );
    assert!(!root.join(".content.gongkai-journal").exists());

    // With room again, the same import goes through whole.
    drop(filler);
    std::fs::remove_file(mnt.join("filler")).unwrap();
    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("changed 4 files"), "{}", stderr(&o));
}

#[test]
fn a_release_into_a_full_disk_changes_nothing_and_a_release_is_read_back() {
    let (_dir, root) = init_site();
    let o = gongkai_in(&root, &["release", "r1", "--date", "2025-01-02"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(root.join("content/releases/r1.json")).unwrap();
    assert!(text.contains("\"release\": \"r1\""), "{text}");
    let o = gongkai_in(&root, &["release", "r1"]);
    assert_eq!(code(&o), 2, "a release is never replaced: {}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(root.join("content/releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["r1.json"]);
}

#[test]
fn a_status_or_source_on_a_row_already_imported_is_not_dropped_as_unchanged() {
    let (_dir, root) = init_site();
    let sheet = root.join("s.csv");
    // Extra columns: key, the update row's cell, the figure row's cell.
    let write = |extra: &[(&str, &str, &str)]| {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut head = vec!["ref", "period", "value", "text_zh", "text_en"];
        head.extend(extra.iter().map(|(k, _, _)| *k));
        w.write_record(&head).unwrap();
        let mut update = vec![UPDATE_REF, "2025-02-01", "", "继续。", "Continued."];
        update.extend(extra.iter().map(|(_, u, _)| *u));
        w.write_record(&update).unwrap();
        let mut figure = vec![INDICATOR_REF, "2025-01", "3", "", ""];
        figure.extend(extra.iter().map(|(_, _, f)| *f));
        w.write_record(&figure).unwrap();
        std::fs::write(&sheet, w.into_inner().unwrap()).unwrap();
    };
    write(&[]);
    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let before = snapshot(&root);

    // The same rows, the update now declaring a status: not "unchanged".
    write(&[("status", "at-risk", "")]);
    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("s.csv:2:6: error: ")
            && stderr(&o).contains("with the same text but another status"),
        "{}",
        stderr(&o)
    );
    // The figure's row giving a note for the same value: not dropped either.
    write(&[("note_zh", "", "口径调整。")]);
    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("s.csv:3:6: error: 2025-01 is already reported")
            && stderr(&o).contains("the same figure but another note"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&root), before, "nothing was written");
    // The same rows again: unchanged, as before.
    write(&[]);
    let o = import_cmd(&root, &sheet).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 added, 0 revised, 2 unchanged"),
        "{}",
        stderr(&o)
    );
}

/// A translation missing from an update already imported could not be
/// added through a sheet: the row was "an update with another text".
#[test]
fn a_translation_missing_from_an_imported_update_is_added_by_a_later_row() {
    let (_dir, root) = init_site();
    let sheet = root.join("s.csv");
    let import = |rows: &[[&str; 5]]| {
        std::fs::write(&sheet, csv(rows)).unwrap();
        import_cmd(&root, &sheet).output().unwrap()
    };
    let o = import(&[[UPDATE_REF, "2024-12-01", "", "继续推进。", ""]]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has no `en` translation"),
        "{}",
        stderr(&o)
    );
    let before = std::fs::read_to_string(root.join(MEASURE)).unwrap();

    // The same day and Chinese text, now with the English: added, and only that.
    let o = import(&[[UPDATE_REF, "2024-12-01", "", "继续推进。", "Work goes on."]]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let after = std::fs::read_to_string(root.join(MEASURE)).unwrap();
    let zh_line = before
        .lines()
        .find(|l| l.trim_start() == "zh: 继续推进。")
        .expect("the update's zh line");
    let indent = &zh_line[..zh_line.len() - zh_line.trim_start().len()];
    assert_eq!(
        after,
        before.replacen(
            &format!("{zh_line}\n"),
            &format!("{zh_line}\n{indent}en: Work goes on.\n"),
            1
        ),
        "one line added"
    );
    let check = gongkai_in(&root, &["check", "--strict"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));

    // Again: unchanged. Another Chinese text on that day: still refused.
    let o = import(&[[UPDATE_REF, "2024-12-01", "", "继续推进。", "Work goes on."]]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(root.join(MEASURE)).unwrap(), after);
    let o = import(&[[UPDATE_REF, "2024-12-01", "", "已完成。", "Done."]]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("with another text"), "{}", stderr(&o));
}

mod styles {
    //! Measure files in many YAML styles and random sheets: every import
    //! decodes to the old records plus exactly the rows applied.
    use super::*;
    use gongkai::sheets::import;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    struct Style {
        bom: bool,
        crlf: bool,
        final_newline: bool,
        updates_first: bool,
        /// 0 absent, 1 `[]`, 2 block items, 3 one-line items, 4 a `[…]` list.
        progress: u8,
        /// 0 absent, 1 block items, 2 a `[…]` list.
        updates: u8,
        comments: bool,
        /// Per existing update: 0 flow text, 1 `|` ending in a `#` line,
        /// 2 `>` ending in a `#` line, 3 `|+` with a kept blank line.
        texts: Vec<u8>,
    }

    fn style() -> impl Strategy<Value = Style> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            0u8..5,
            0u8..3,
            any::<bool>(),
            proptest::collection::vec(0u8..4, 4),
        )
            .prop_map(
                |(bom, crlf, final_newline, updates_first, progress, updates, comments, texts)| {
                    Style {
                        bom,
                        crlf,
                        final_newline,
                        updates_first,
                        progress,
                        updates,
                        comments,
                        texts,
                    }
                },
            )
    }

    /// The measure file: existing months of figures and days of updates.
    fn measure(s: &Style, months: &[u32], days: &[u32]) -> String {
        let c = |t: &str| {
            if s.comments {
                t.to_string()
            } else {
                String::new()
            }
        };
        let mut ind = String::from(
            "indicators:\n  - id: example\n    name: {zh: 示例指标, en: Example indicator}\n    unit: {zh: 个, en: items}\n    direction: increase\n    baseline: {period: 2024, value: 0}\n    target: {period: 2025, value: 10}\n",
        );
        let progress = if months.is_empty() && s.progress >= 2 {
            1
        } else {
            s.progress
        };
        match progress {
            0 => {}
            1 => ind.push_str("    progress: []\n"),
            2 => {
                ind.push_str("    progress:\n");
                for (i, m) in months.iter().enumerate() {
                    ind.push_str(&format!(
                        "      - period: 2025-{m:02}\n        value: {m}\n"
                    ));
                    if i % 2 == 0 {
                        ind.push_str("        note:\n          zh: |\n            说明\n            #标签\n          en: >\n            note\n            #tag\n");
                    }
                    ind.push_str(&c("      # between figures\n# at column one\n"));
                }
            }
            3 => {
                ind.push_str("    progress:\n");
                for m in months {
                    ind.push_str(&format!(
                        "      - {{period: 2025-{m:02}, value: {m}}}  {}\n",
                        c("# one line")
                    ));
                    ind.push_str(&c("\n"));
                }
            }
            _ => {
                let items: Vec<String> = months
                    .iter()
                    .map(|m| format!("{{period: 2025-{m:02}, value: {m}}}"))
                    .collect();
                ind.push_str(&format!("    progress: [{}]\n", items.join(", ")));
            }
        }
        ind.push_str(&c("    # after the indicator\n"));
        let text = |i: usize| match s.texts[i % s.texts.len()] {
            0 => "    text: {zh: 甲, en: A}\n".to_string(),
            1 => {
                "    text:\n      zh: 甲\n      en: |\n        Started.\n        #DRC\n".to_string()
            }
            2 => "    text:\n      zh: 甲\n      en: >-\n        folded\n\n        #tag\n"
                .to_string(),
            _ => "    text:\n      zh: 甲\n      en: |+\n        kept\n\n".to_string(),
        };
        let updates_kind = if days.is_empty() { 0 } else { s.updates };
        let mut upd = String::new();
        match updates_kind {
            0 => {}
            1 => {
                upd.push_str("updates:\n");
                for (i, d) in days.iter().enumerate() {
                    upd.push_str(&format!("  - date: 2025-01-{d:02}\n"));
                    upd.push_str(&text(i));
                    upd.push_str(&c("  # between updates\n\n"));
                }
            }
            _ => {
                let items: Vec<String> = days
                    .iter()
                    .map(|d| format!("{{date: 2025-01-{d:02}, text: {{zh: 甲, en: A}}}}"))
                    .collect();
                upd.push_str(&format!("updates: [{}]\n", items.join(", ")));
            }
        }
        let mut out = String::from(
            "# a measure\ntitle:\n  zh: 示例\n  en: Example\ncategory: general\nlead: [office]\n",
        );
        if s.updates_first {
            out.push_str(&upd);
            out.push_str(&ind);
        } else {
            out.push_str(&ind);
            out.push_str(&upd);
        }
        // Two milestones: one in block style whose title ends in a `#`
        // line, one on one line, in the order the style says.
        let block = "  - id: m1\n    title:\n      zh: 甲\n      en: |\n        first\n        #m1\n    due: 2025-Q2\n".to_string();
        let flow = "  - {id: m2, title: {zh: 乙, en: B}, due: 2025-Q3}\n".to_string();
        out.push_str("milestones:\n");
        if s.texts[1].is_multiple_of(2) {
            out.push_str(&block);
            out.push_str(&c("  # between milestones\n"));
            out.push_str(&flow);
        } else {
            out.push_str(&flow);
            out.push_str(&block);
        }
        out.push_str(&c("# the end\n"));
        if !s.final_newline {
            while out.ends_with('\n') {
                out.pop();
            }
        }
        if s.crlf {
            out = out.replace('\n', "\r\n");
        }
        if s.bom {
            out.insert(0, '\u{feff}');
        }
        out
    }

    /// Two disjoint sets from `1..=n`, each sorted.
    fn split(n: u32) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
        proptest::collection::vec(0u8..3, n as usize).prop_map(|picks| {
            let mut old = Vec::new();
            let mut new = Vec::new();
            for (i, p) in picks.into_iter().enumerate() {
                match p {
                    0 => old.push(i as u32 + 1),
                    1 => new.push(i as u32 + 1),
                    _ => {}
                }
            }
            (old, new)
        })
    }

    fn record(root: &Path) -> serde_json::Value {
        let (site, _) = gongkai::site::Site::load(root, false).expect("the content loads");
        serde_json::to_value(&*site.collections[0].measures[0].measure).unwrap()
    }

    fn template() -> &'static (tempfile::TempDir, PathBuf) {
        static SITE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
        SITE.get_or_init(init_site)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn every_import_decodes_to_the_old_records_plus_exactly_the_rows(
            s in style(),
            (old_months, new_months) in split(12),
            (old_days, new_days) in split(9),
            text in "[a-z中文#][a-z#:'\" |>中文-]{0,10}[a-z中文#]",
            revise in proptest::collection::vec(any::<bool>(), 12),
            done in proptest::collection::vec(any::<bool>(), 2),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("s");
            copy_tree(&template().1, &root);
            let old_text = measure(&s, &old_months, &old_days);
            std::fs::write(root.join(MEASURE), &old_text).unwrap();
            let before = record(&root);

            // Figures of old months are revised where the list is in block
            // style (a `[…]` list is refused for revisions, by design).
            let revisable = matches!(s.progress, 2 | 3);
            let revised: Vec<u32> = old_months
                .iter()
                .copied()
                .filter(|m| revisable && revise[*m as usize - 1])
                .collect();
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["ref", "period", "value", "flag", "note_zh", "note_en", "text_zh", "text_en", "done"]).unwrap();
            for m in &new_months {
                w.write_record([INDICATOR_REF, &format!("2025-{m:02}"), &format!("{}", m * 10), "", "", "", "", "", ""]).unwrap();
            }
            for m in &revised {
                w.write_record([INDICATOR_REF, &format!("2025-{m:02}"), &format!("{}", m * 10 + 1), "revised", &format!("改{text}"), &format!("fix {text}"), "", "", ""]).unwrap();
            }
            for d in &new_days {
                w.write_record([UPDATE_REF, &format!("2025-01-{d:02}"), "", "", "", "", &format!("{text}{d}"), &format!("{d}{text}"), ""]).unwrap();
            }
            for (i, id) in ["m1", "m2"].iter().enumerate() {
                if done[i] {
                    w.write_record([&format!("{UPDATE_REF}#{id}"), "", "", "", "", "", "", "", &format!("2025-01-1{i}")]).unwrap();
                }
            }
            let sheet = root.join("s.csv");
            std::fs::write(&sheet, w.into_inner().unwrap()).unwrap();

            let writer = gongkai::content_writer::ContentWriter::open(&root, &|| {}).unwrap();
            let plan = import::plan(&root, std::slice::from_ref(&sheet)).unwrap();
            prop_assert!(!plan.has_errors(), "{:?}\n{old_text}", plan.problems);
            writer
                .commit("sheet import", &plan.file_writes(), &mut |w| plan.verify(w))
                .map_err(|e| TestCaseError::fail(format!("{e}\n{old_text}")))?;
            drop(writer);
            let after = record(&root);
            let new_text = std::fs::read_to_string(root.join(MEASURE)).unwrap();

            // Everything but the two lists and the days done is as it was.
            let strip = |v: &serde_json::Value| {
                let mut v = v.clone();
                v.as_object_mut().unwrap().remove("updates");
                v["indicators"][0].as_object_mut().unwrap().remove("progress");
                v
            };
            let mut want = strip(&before);
            for (i, id) in ["m1", "m2"].iter().enumerate() {
                let ms = want["milestones"].as_array_mut().unwrap().iter_mut().find(|m| m["id"] == *id).unwrap();
                if done[i] {
                    ms["done"] = serde_json::json!(format!("2025-01-1{i}"));
                }
            }
            prop_assert_eq!(strip(&after), want, "{}", new_text);
            // The figures: the old ones and the new, by month.
            let list = |v: &serde_json::Value, key: &str| v.pointer(key).and_then(|l| l.as_array()).cloned().unwrap_or_default();
            let mut want: Vec<serde_json::Value> = list(&before, "/indicators/0/progress")
                .into_iter()
                .map(|p| {
                    let m: u32 = p["period"].as_str().unwrap()[5..].parse().unwrap();
                    if revised.contains(&m) {
                        serde_json::json!({"period": p["period"], "value": m * 10 + 1, "flag": "revised", "note": {"zh": format!("改{text}"), "en": format!("fix {text}")}})
                    } else {
                        p
                    }
                })
                .collect();
            for m in &new_months {
                want.push(serde_json::json!({"period": format!("2025-{m:02}"), "value": m * 10}));
            }
            want.sort_by_key(|p| p["period"].as_str().unwrap().to_string());
            prop_assert_eq!(list(&after, "/indicators/0/progress"), want, "{}", new_text);
            // The updates: the old ones untouched and the new, by day.
            let mut want: Vec<serde_json::Value> = list(&before, "/updates");
            for d in &new_days {
                want.push(serde_json::json!({"date": format!("2025-01-{d:02}"), "text": {"zh": format!("{text}{d}"), "en": format!("{d}{text}")}}));
            }
            want.sort_by_key(|u| u["date"].as_str().unwrap().to_string());
            prop_assert_eq!(list(&after, "/updates"), want, "{}", new_text);
            // The bytes the import does not mean to change stay.
            prop_assert_eq!(new_text.starts_with('\u{feff}'), s.bom);
            prop_assert_eq!(new_text.contains("\r\n"), s.crlf);
            prop_assert!(!s.crlf || !new_text.replace("\r\n", "").contains('\n'), "{}", new_text);
        }
    }
}

#[test]
fn temporary_files_of_a_cut_import_are_warned_about_and_removed_by_the_next() {
    let (site, sheet) = four_file_import();
    let root = site.path();
    let temp = root.join("content/works/.mixed.yaml.gongkai-tmp-1-2-3");
    std::fs::write(&temp, "").unwrap();
    let c = gongkai_in(root, &["check"]);
    assert_eq!(code(&c), 0, "{}", stderr(&c));
    assert!(
        stderr(&c).contains("content/works/.mixed.yaml.gongkai-tmp-1-2-3")
            && stderr(&c).contains("cut short before it changed any file"),
        "{}",
        stderr(&c)
    );
    let o = import_cmd(root, &sheet).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed 1 temporary file"),
        "{}",
        stderr(&o)
    );
    assert!(!temp.exists());
}

/// A folder made immutable (`chattr +i`) for a test; mutable again when dropped.
struct Immutable(PathBuf);

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn an_import_that_cannot_write_its_journal_changes_nothing_and_leaves_no_temporary_file() {
    let (site, sheet) = four_file_import();
    let root = site.path();
    // The lock file exists from an earlier import; then the site's root
    // (where the journal goes) takes no new file.
    let empty = root.join("empty.csv");
    std::fs::write(&empty, csv(&[])).unwrap();
    let o = import_cmd(root, &empty).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let before = snapshot(root);
    let immutable = Command::new("chattr").arg("+i").arg(root).output();
    let _immutable = match immutable {
        Ok(o) if o.status.success() => Immutable(root.to_path_buf()),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "under CI this test must run: cannot make a folder immutable ({why})"
            );
            eprintln!("SKIPPED: cannot make a folder immutable ({why})");
            return;
        }
    };
    let o = import_cmd(root, &sheet).output().unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "cannot write {}",
            root.join(".content.gongkai-journal").display()
        )) && stderr(&o).contains("nothing was changed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        snapshot(root),
        before,
        "the four files as they were, no temporary file"
    );
}
