//! Helpers shared by the integration tests: fixture sites copied into
//! temporary folders, and the compiled binary run on them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn site_fixture(name: &str) -> PathBuf {
    fixtures().join("sites").join(name)
}

/// Copies `from` into `to`, creating folders, overwriting files.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of a fixture site, with `overlays` copied over it in turn.
pub fn temp_site(base: &str, overlays: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site_fixture(base), dir.path());
    for overlay in overlays {
        copy_tree(overlay, dir.path());
    }
    dir
}

pub fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("binary runs")
}

pub fn gongkai_in(root: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    let root = root.to_str().unwrap();
    all.extend(["--root", root]);
    gongkai(&all)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed by a signal")
}

/// `check --format json` output as `path:line:column: severity: message`
/// lines: the problems, without the notes (advice about deploying).
pub fn check_lines(root: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let (code, lines) = check_lines_and_notes(root, extra);
    let problems = lines
        .into_iter()
        .filter(|l| !l.contains(": note: "))
        .collect();
    (code, problems)
}

/// [`check_lines`] with the notes.
pub fn check_lines_and_notes(root: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let out = gongkai_in(root, &args);
    let lines = stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object per line");
            format!(
                "{}:{}:{}: {}: {}",
                v["path"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["severity"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            )
        })
        .collect();
    (code(&out), lines)
}

/// Every file under `dir`, by its path relative to it (with `/`).
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable tree"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("readable file"))
        })
        .collect()
}

/// The Dongtou 2023 plan's annex table (附件2), typed as a clerk would.
pub const DONGTOU_TABLE: &str = "tests/fixtures/plan-import/dongtou-2023-annex2.csv";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A copy of the repository's content with an empty plan `scratch` (a copy
/// of the 2023 plan's `plan.yaml`, whose assessment levels the annex table
/// names), to import tables into.
pub fn scratch_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    let plan = dir.path().join("content/plans/scratch");
    std::fs::create_dir_all(&plan).unwrap();
    std::fs::copy(
        repo().join("content/plans/2023/plan.yaml"),
        plan.join("plan.yaml"),
    )
    .unwrap();
    dir
}

/// The Dongtou annex table's rows of cells, the header row first.
pub fn dongtou_table_rows() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(repo().join(DONGTOU_TABLE)).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}
