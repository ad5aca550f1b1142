//! The cache of parsed YAML (`.gongkai-cache/` beside the output): a build
//! that reads it writes the same bytes as one that parses every file, sees
//! every edit, survives a broken cache, and reports a file's YAML error
//! the same way every time.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::*;

const CACHE_FILE: &str = ".gongkai-cache/yaml-v1.bin";
const MEASURE: &str = "content/works/grassroots.yaml";

fn build(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--output", out.to_str().unwrap()];
    args.extend(extra);
    gongkai_in(root, &args)
}

fn built(root: &Path, out: &Path, extra: &[&str]) {
    let o = build(root, out, extra);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// The site, and a folder for its outputs (their cache is `outs/.gongkai-cache`).
fn site() -> (tempfile::TempDir, PathBuf) {
    let root = temp_site("zh-default", &[]);
    let outs = root.path().join("outs");
    std::fs::create_dir(&outs).unwrap();
    (root, outs)
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).expect("the cache exists").ino()
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (read_tree(a), read_tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs");
    }
}

#[test]
fn builds_with_and_without_the_cache_write_the_same_bytes() {
    let (root, outs) = site();
    let cache = outs.join(CACHE_FILE);
    built(root.path(), &outs.join("first"), &[]);
    let written = inode(&cache);
    assert!(std::fs::metadata(&cache).unwrap().len() > 100);
    built(root.path(), &outs.join("warm"), &[]);
    assert_eq!(
        inode(&cache),
        written,
        "every tree was found in the cache: it is not written again"
    );
    let cold = root.path().join("cold");
    std::fs::create_dir(&cold).unwrap();
    built(root.path(), &cold.join("site"), &["--no-cache"]);
    assert!(
        !cold.join(".gongkai-cache").exists(),
        "--no-cache writes no cache"
    );
    assert_same_tree(&outs.join("first"), &outs.join("warm"));
    assert_same_tree(&outs.join("first"), &cold.join("site"));
}

#[test]
fn the_default_output_keeps_its_cache_in_the_site_folder() {
    let root = temp_site("zh-default", &[]);
    let o = gongkai_in(root.path(), &["build"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(root.path().join(CACHE_FILE).is_file());
}

#[test]
fn an_edit_between_builds_shows() {
    let (root, outs) = site();
    let out = outs.join("site");
    built(root.path(), &out, &[]);
    let before = inode(&outs.join(CACHE_FILE));
    let path = root.path().join(MEASURE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Grassroots governance", "Neighbourhood self-rule"),
    )
    .unwrap();
    built(root.path(), &out, &[]);
    let page = std::fs::read_to_string(out.join("en/works/grassroots/index.html"))
        .expect("the measure's English page");
    assert!(page.contains("Neighbourhood self-rule"));
    assert!(!page.contains("Grassroots governance"));
    assert_ne!(
        inode(&outs.join(CACHE_FILE)),
        before,
        "the edited file's tree was added"
    );
    let cold = root.path().join("cold");
    built(root.path(), &cold, &["--no-cache"]);
    assert_same_tree(&out, &cold);
}

#[test]
fn a_broken_cache_is_no_cache() {
    let (root, outs) = site();
    let cache = outs.join(CACHE_FILE);
    built(root.path(), &outs.join("first"), &[]);
    let good = std::fs::read(&cache).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x5a;
    let broken: [(&str, Vec<u8>); 4] = [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("flipped", flipped),
        ("garbage", b"not a cache at all".to_vec()),
        ("empty", Vec::new()),
    ];
    for (name, bytes) in broken {
        std::fs::write(&cache, &bytes).unwrap();
        let out = outs.join(name);
        let o = build(root.path(), &out, &[]);
        assert_eq!(code(&o), 0, "{name}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("warning"),
            "{name}: a broken cache is not the user's problem: {}",
            stderr(&o)
        );
        assert_same_tree(&outs.join("first"), &out);
        assert_eq!(
            std::fs::read(&cache).unwrap(),
            good,
            "{name}: the cache is written whole again"
        );
    }
}

#[test]
fn a_yaml_error_is_reported_the_same_way_every_build() {
    let (root, outs) = site();
    std::fs::write(
        root.path().join("content/works/broken.yaml"),
        "number: 9\ntitle:\n  zh: 坏\n  en: [unclosed\n",
    )
    .unwrap();
    // A file that parses but does not decode: its problem is found in the
    // tree, cached after the first build, at the same line and column.
    let odd = root.path().join("content/works/odd.yaml");
    let text = std::fs::read_to_string(root.path().join(MEASURE)).unwrap();
    std::fs::write(
        &odd,
        text.replace("number: 2", "number: 7")
            .replace("status: on-track", "status:   sideways"),
    )
    .unwrap();
    let diagnostic = |o: &std::process::Output| -> String {
        stderr(o)
            .lines()
            .find(|l| l.contains("content/works/broken.yaml:"))
            .unwrap_or_else(|| panic!("no diagnostic for broken.yaml: {}", stderr(o)))
            .to_string()
    };
    let first = build(root.path(), &outs.join("site"), &[]);
    assert_ne!(code(&first), 0);
    assert!(
        outs.join(CACHE_FILE).is_file(),
        "the files that parsed are cached even when the build fails"
    );
    let second = build(root.path(), &outs.join("site"), &[]);
    assert_eq!(code(&second), code(&first));
    assert_eq!(diagnostic(&first), diagnostic(&second));
    assert_eq!(stderr(&first), stderr(&second));
    let cold = build(root.path(), &outs.join("site"), &["--no-cache"]);
    assert_eq!(stderr(&cold), stderr(&first));
    assert!(
        stderr(&first).contains("content/works/odd.yaml:10:"),
        "{}",
        stderr(&first)
    );
    // path:line:column
    let line = diagnostic(&first);
    let rest = line.split("broken.yaml:").nth(1).unwrap();
    let mut numbers = rest.split(':').take(2);
    assert!(numbers.all(|n| n.trim().parse::<u32>().is_ok()), "{line}");
}
