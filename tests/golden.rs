//! Golden tests: the whole output of two fixture sites, the bilingual
//! `zh-default` and the same site with hostile text laid over it, kept under
//! `tests/golden/<site>/` and compared byte for byte with a fresh build.
//!
//! The sites are built with `--no-minify` (so that a change reads as a diff
//! of lines) and under the sub-path `/gongkai/` (so that the goldens prove
//! every link carries it). Kept: every page, data file, feed, sitemap,
//! `robots.txt`, the 404 page and the output marker. Not kept: the theme's
//! static files (`assets/`, copies of theme files) and the search index
//! shards (`search/**.json`, which their own tests cover), except one search
//! manifest so that its format is pinned.
//!
//! When an intended change alters the output, rewrite the goldens with
//!
//! ```sh
//! GONGKAI_BLESS=1 cargo test --test golden
//! ```
//!
//! and review the diff of `tests/golden/` before committing it.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::*;

/// The command that rewrites the goldens, as the failure message gives it.
const BLESS: &str = "GONGKAI_BLESS=1 cargo test --test golden";

/// The base URL the golden sites are built for: a sub-path, not the root.
const BASE_URL: &str = "/gongkai/";

/// Relative path (with `/`) → content.
type Tree = BTreeMap<String, Vec<u8>>;

struct Site {
    /// The folder under `tests/golden/`.
    name: &'static str,
    /// The fixture site under `tests/fixtures/sites/`.
    base: &'static str,
    /// Folders under `tests/fixtures/` copied over the base site, in turn.
    overlays: &'static [&'static str],
    /// The one search index file kept, if any.
    search_manifest: Option<&'static str>,
    /// Only these files, when given (a site with several plans: the pages
    /// above the plans and a few of each kind, not every plan's every page).
    only: Option<&'static [&'static str]>,
}

const ZH_DEFAULT: Site = Site {
    name: "zh-default",
    base: "zh-default",
    overlays: &[],
    search_manifest: Some("search/en/index.json"),
    only: None,
};

const HOSTILE: Site = Site {
    name: "hostile",
    base: "zh-default",
    overlays: &["hostile-text"],
    search_manifest: None,
    only: None,
};

/// `zh-default` moved into `plans/2024/` with a plan `2025` after it (SPEC
/// §10): the plan list, the bodies across plans, the feed and sitemaps
/// above the plans, a redirect page at an old address, and pages of each
/// plan that show what one continues of the other.
const MOVED: Site = Site {
    name: "moved",
    base: "moved",
    overlays: &[],
    search_manifest: None,
    only: Some(&[
        "index.html",
        "en/index.html",
        "units/index.html",
        "units/drc/index.html",
        "en/units/drc/index.html",
        "search/index.html",
        "updates.xml",
        "en/updates.xml",
        "sitemap.xml",
        "sitemap-plans.xml",
        "robots.txt",
        "indicators/income/index.html",
        "en/indicators/income/index.html",
        "data/indicators/income.csv",
        "data/plans.json",
        "data/all/indicators.csv",
        "2024/index.html",
        "2025/index.html",
        "2025/indicators/income/index.html",
        "2025/lineage/index.html",
        "2025/en/lineage/index.html",
        "2025/en/indicators/income/index.html",
    ]),
};

impl Site {
    /// Whether a built file belongs to the golden output.
    fn keeps(&self, path: &str) -> bool {
        if let Some(only) = self.only {
            return only.contains(&path);
        }
        if path.starts_with("assets/") {
            return false;
        }
        if path.starts_with("search/") && path.ends_with(".json") {
            return self.search_manifest == Some(path);
        }
        true
    }

    fn golden_dir(&self) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(self.name)
    }

    /// Builds the site with the real binary and returns the kept files.
    fn build(&self) -> Tree {
        let overlays: Vec<PathBuf> = self.overlays.iter().map(|o| fixtures().join(o)).collect();
        let overlays: Vec<&Path> = overlays.iter().map(PathBuf::as_path).collect();
        let root = temp_site(self.base, &overlays);
        let out = root.path().join("public");
        let o = gongkai_in(
            root.path(),
            &[
                "build",
                "--output",
                out.to_str().unwrap(),
                "--no-minify",
                "--base-url",
                BASE_URL,
            ],
        );
        assert_eq!(code(&o), 0, "{}: build failed\n{}", self.name, stderr(&o));
        let mut files = read_tree(&out);
        files.retain(|path, _| self.keeps(path));
        files
    }

    /// Builds the site and compares it with its goldens, or rewrites them
    /// when `GONGKAI_BLESS=1`.
    fn check(&self) {
        let built = self.build();
        assert!(
            built.keys().any(|p| p.ends_with(".html")),
            "{}: the build produced no page",
            self.name
        );
        let dir = self.golden_dir();
        if std::env::var_os("GONGKAI_BLESS").is_some_and(|v| v == "1") {
            let (written, removed) = bless(&dir, &built);
            eprintln!(
                "blessed tests/golden/{}: {} files ({written} rewritten, {removed} removed)",
                self.name,
                built.len()
            );
            return;
        }
        let expected = if dir.is_dir() {
            read_tree(&dir)
        } else {
            Tree::new()
        };
        let problems = compare(&expected, &built);
        if !problems.is_empty() {
            let count = match problems.len() {
                1 => "1 file differs".to_string(),
                n => format!("{n} files differ"),
            };
            panic!(
                "tests/golden/{}: {count} from a fresh build:\n{}\n\
                 If the change is intended, rewrite the goldens with\n    {BLESS}\n\
                 and review `git diff tests/golden/` before committing.",
                self.name,
                problems.join("\n")
            );
        }
    }
}

/// One line per file that differs: missing, extra, or the first line where
/// the contents part. Empty when the trees are equal byte for byte.
fn compare(expected: &Tree, actual: &Tree) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, want) in expected {
        match actual.get(path) {
            None => problems.push(format!("  {path}: missing (in the goldens, not built)")),
            Some(got) if got != want => problems.push(first_difference(path, want, got)),
            Some(_) => {}
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        problems.push(format!("  {path}: extra (built, not in the goldens)"));
    }
    problems
}

/// `path:line:column` of the first differing byte, with that line of each
/// side (a window around the difference when the line is long).
fn first_difference(path: &str, want: &[u8], got: &[u8]) -> String {
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let line_start = want[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = want[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at - line_start + 1;
    let mut out = format!(
        "  {path}:{line}:{column}: first difference ({} bytes expected, {} built)",
        want.len(),
        got.len()
    );
    for (label, side) in [("expected", want), ("built   ", got)] {
        let _ = write!(out, "\n      {label}: {}", excerpt(side, line_start, at));
    }
    out
}

/// The line of `bytes` that starts at `line_start`, shown around `at`.
fn excerpt(bytes: &[u8], line_start: usize, at: usize) -> String {
    const WINDOW: usize = 80;
    if line_start >= bytes.len() {
        return "(end of file)".to_string();
    }
    let line_end = bytes[line_start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| line_start + i);
    if line_end == line_start {
        return "(empty line)".to_string();
    }
    let continuation = |i: usize| bytes[i] & 0b1100_0000 == 0b1000_0000;
    let mut from = at.saturating_sub(WINDOW).max(line_start);
    while from > line_start && continuation(from) {
        from -= 1;
    }
    let mut to = (at + WINDOW).min(line_end);
    while to < line_end && continuation(to) {
        to += 1;
    }
    // Control and invisible characters escaped (the hostile site has
    // them), quotes left alone so that HTML reads as it is.
    let text: String = String::from_utf8_lossy(&bytes[from..to])
        .chars()
        .map(|c| match c {
            '"' | '\'' => c.to_string(),
            _ => c.escape_debug().to_string(),
        })
        .collect();
    format!(
        "{}`{text}`{}",
        if from > line_start { "…" } else { "" },
        if to < line_end { "…" } else { "" }
    )
}

/// Makes `dir` hold exactly `files`: writes those that differ, removes the
/// rest (and folders left empty). Returns (written, removed).
fn bless(dir: &Path, files: &Tree) -> (usize, usize) {
    let old = if dir.is_dir() {
        read_tree(dir)
    } else {
        Tree::new()
    };
    let mut removed = 0;
    for path in old.keys().filter(|p| !files.contains_key(*p)) {
        std::fs::remove_file(dir.join(path)).expect("stale golden removable");
        removed += 1;
    }
    let mut written = 0;
    for (path, bytes) in files {
        if old.get(path) != Some(bytes) {
            let dest = dir.join(path);
            std::fs::create_dir_all(dest.parent().unwrap()).expect("golden folder writable");
            std::fs::write(&dest, bytes).expect("golden writable");
            written += 1;
        }
    }
    // Deepest folders first, so that a parent emptied by its children goes too.
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d); // fails, as intended, when not empty
    }
    (written, removed)
}

#[test]
fn zh_default_matches_its_goldens() {
    ZH_DEFAULT.check();
}

#[test]
fn hostile_matches_its_goldens() {
    HOSTILE.check();
}

#[test]
fn moved_matches_its_goldens() {
    MOVED.check();
}

/// The selection of kept files: no theme copy, no index shard, every page.
#[test]
fn the_goldens_keep_pages_and_data_but_not_assets_or_shards() {
    for site in [&ZH_DEFAULT, &HOSTILE] {
        assert!(!site.keeps("assets/style.css"));
        assert!(!site.keeps("search/zh/t/30.json"));
        assert!(!site.keeps("search/zh/f/0.json"));
        assert!(site.keeps("search/index.html"));
        assert!(site.keeps("en/search/index.html"));
        assert!(site.keeps("data/indicators/income.csv"));
        assert!(site.keeps("sitemap.xml"));
    }
    assert!(ZH_DEFAULT.keeps("search/en/index.json"));
    assert!(!HOSTILE.keeps("search/en/index.json"));
}

/// The comparison fails on a changed byte, a missing and an extra file,
/// reports every one of them with its place, and bless makes a folder equal.
#[test]
fn the_comparison_reports_every_difference_and_bless_repairs_it() {
    let golden = tempfile::tempdir().unwrap();
    let built = tempfile::tempdir().unwrap();
    let put = |dir: &Path, path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put(golden.path(), "index.html", "<p>one</p>\n<p>two</p>\n");
    put(golden.path(), "en/index.html", "same\n");
    put(golden.path(), "data/a.csv", "id,value\nx,1\n");
    put(golden.path(), "gone/old.json", "{}");
    put(built.path(), "index.html", "<p>one</p>\n<p>twO</p>\n");
    put(built.path(), "en/index.html", "same\n");
    put(built.path(), "data/a.csv", "id,value\nx,1\ny,2\n");
    put(built.path(), "new.xml", "<x/>");

    let (want, got) = (read_tree(golden.path()), read_tree(built.path()));
    assert!(compare(&want, &want).is_empty());
    let problems = compare(&want, &got);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    let all = problems.join("\n");
    assert!(all.contains("index.html:2:6: first difference"), "{all}");
    assert!(all.contains("expected: `<p>two</p>`"), "{all}");
    assert!(all.contains("built   : `<p>twO</p>`"), "{all}");
    assert!(all.contains("data/a.csv:3:1: first difference"), "{all}");
    assert!(all.contains("expected: (end of file)"), "{all}");
    assert!(all.contains("built   : `y,2`"), "{all}");
    assert!(all.contains("gone/old.json: missing"), "{all}");
    assert!(all.contains("new.xml: extra"), "{all}");
    assert!(!all.contains("en/index.html"), "{all}");

    // A difference far into a long line is shown around its place.
    let long_want = format!("{}a{}", "x".repeat(500), "y".repeat(500));
    let long_got = format!("{}b{}", "x".repeat(500), "y".repeat(500));
    let one = first_difference("p", long_want.as_bytes(), long_got.as_bytes());
    assert!(one.starts_with("  p:1:501: first difference"), "{one}");
    assert!(
        one.contains("…`x") && one.contains("y`…") && one.len() < 500,
        "{one}"
    );
    let hidden = first_difference("p", "a\u{202e}b".as_bytes(), "a\u{202e}c".as_bytes());
    assert!(hidden.contains(r"`a\u{202e}b`"), "{hidden}");

    assert_eq!(bless(golden.path(), &got), (3, 1));
    assert!(compare(&read_tree(golden.path()), &got).is_empty());
    assert!(!golden.path().join("gone").exists(), "emptied folder kept");
    assert_eq!(bless(golden.path(), &got), (0, 0));
}
