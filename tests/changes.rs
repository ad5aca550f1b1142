//! Releases and what changed (SPEC §8), end to end on the fixture
//! `sites/released`: its first state (`released-v1`) is released, every
//! kind of change is made, the second state (`released-v2`) is released,
//! and the last edit is left unreleased. The two release files made so
//! must be the committed ones, byte for byte; then the site is built and
//! its pages, `changes.json`, feeds and `check` warnings are read, and
//! `diff` is compared in its three formats with `tests/golden/diff/`
//! (`GONGKAI_BLESS=1 cargo test --test changes` rewrites those).

mod common;

use std::path::Path;

use common::*;

const FIRST: &str = "2023-h1";
const SECOND: &str = "2023-q3";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Makes the two releases of the fixture from its states, in a temporary
/// copy, and returns it holding the current content.
fn released_anew() -> tempfile::TempDir {
    let dir = temp_site("released", &[]);
    let root = dir.path();
    std::fs::remove_dir_all(root.join("content/releases")).unwrap();
    copy_tree(&fixtures().join("released-v1"), root);
    std::fs::remove_file(root.join("content/works/new-park.yaml")).unwrap();
    let out = gongkai_in(root, &["release", FIRST, "--date", "2023-07-05"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the first release"),
        "{}",
        stderr(&out)
    );

    // Every kind of change, then the second release.
    let fixture = site_fixture("released");
    copy_tree(
        &fixture.join("content/indicators"),
        &root.join("content/indicators"),
    );
    copy_tree(&fixture.join("content/works"), &root.join("content/works"));
    std::fs::copy(
        fixture.join("content/site.yaml"),
        root.join("content/site.yaml"),
    )
    .unwrap();
    copy_tree(&fixtures().join("released-v2"), root);
    std::fs::remove_file(root.join("content/indicators/old-port.yaml")).unwrap();
    let out = gongkai_in(root, &["release", SECOND, "--date", "2023-10-10"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("since 2023-h1: 19 changes"),
        "{}",
        stderr(&out)
    );
    // The removed measure was warned about, at its place in the release file.
    assert!(
        stderr(&out).contains("content/releases/2023-h1.json:")
            && stderr(&out)
                .contains("indicators/old-port of release 2023-h1 is no longer in the content"),
        "{}",
        stderr(&out)
    );

    // The unreleased edit.
    std::fs::copy(
        fixture.join("content/indicators/income.yaml"),
        root.join("content/indicators/income.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn releases_record_every_kind_of_change_and_the_site_shows_them() {
    let dir = released_anew();
    let root = dir.path();
    let fixture = site_fixture("released");
    for name in [FIRST, SECOND] {
        let rel = format!("content/releases/{name}.json");
        assert_eq!(
            read(&root.join(&rel)),
            read(&fixture.join(&rel)),
            "{rel} differs from the committed fixture: run the release commands again (see tests/changes.rs)"
        );
    }

    // An existing name and an invalid name are refused, as usage (exit 2).
    let again = gongkai_in(root, &["release", SECOND]);
    assert_eq!(code(&again), 2, "{}", stderr(&again));
    assert!(
        stderr(&again).contains("never replaced"),
        "{}",
        stderr(&again)
    );
    let bad = gongkai_in(root, &["release", "Q3 2023"]);
    assert_eq!(code(&bad), 2);
    let bad_date = gongkai_in(root, &["release", "r3", "--date", "2023-02-30"]);
    assert_eq!(code(&bad_date), 2);
    assert!(!root.join("content/releases/r3.json").exists());

    // The current content is clean, even under --strict.
    let (code_strict, lines) = check_lines(root, &["--strict"]);
    assert_eq!((code_strict, lines.len()), (0, 0), "{lines:#?}");

    // Two builds: byte-identical.
    let out1 = root.join("out1");
    let out2 = root.join("out2");
    for out in [&out1, &out2] {
        let o = gongkai_in(root, &["build", "--output", out.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    for entry in walkdir::WalkDir::new(&out1) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&out1).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(out2.join(rel)).unwrap(),
                "{} differs between two builds",
                rel.display()
            );
        }
    }

    // The release page shows every kind of change, in both languages.
    let page = read(&out1.join("en/changes/2023-q3/index.html"));
    for kind in [
        "measure-added",
        "measure-removed",
        "indicator-added",
        "indicator-removed",
        "milestone-added",
        "milestone-removed",
        "progress-added",
        "update-added",
        "value-revised",
        "baseline-changed",
        "target-changed",
        "status-changed",
        "milestone-done",
        "title-changed",
        "summary-changed",
        "task-changed",
    ] {
        assert!(
            page.contains(&format!("change-{kind}")),
            "no {kind} on the release page"
        );
    }
    assert!(
        page.contains("53,677 yuan"),
        "old target formatted as on the measure page"
    );
    assert!(page.contains("[+disposable ]"), "word diff");
    let zh = read(&out1.join("changes/2023-q3/index.html"));
    assert!(
        zh.contains("[−区域]") && zh.contains("[+全区]"),
        "character diff"
    );
    assert!(
        zh.contains("<del><span class=visually-hidden>删除："),
        "hidden words for screen readers"
    );

    // The list: newest first, and what is not yet released.
    let list = read(&out1.join("en/changes/index.html"));
    let (q3, h1) = (
        list.find("2023-q3/").unwrap(),
        list.find("2023-h1/").unwrap(),
    );
    assert!(q3 < h1, "newest first");
    assert!(list.contains("Since release 2023-q3 (not yet released)"));
    assert!(list.contains("42,500 yuan"));

    // The measure's History, and the menu entry.
    let measure = read(&out1.join("en/indicators/income/index.html"));
    assert!(measure.contains("id=h-history"));
    assert!(measure.contains("25,000 yuan") && measure.contains("25,100 yuan"));
    assert!(
        measure.contains("href=../../../en/changes/>"),
        "menu link to the changes"
    );

    // The data and the feeds.
    let changes: serde_json::Value =
        serde_json::from_str(&read(&out1.join("data/changes.json"))).unwrap();
    let second = &changes["releases"][1];
    assert_eq!(second["from"], FIRST);
    assert_eq!(second["changes"].as_array().unwrap().len(), 19);
    let revised = second["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "value-revised")
        .unwrap();
    assert_eq!(revised["old"]["value"], 25000);
    assert_eq!(revised["new"]["value"], 25100);
    assert_eq!(revised["flagged"], true);
    assert_eq!(changes["since"]["from"], SECOND);
    assert_eq!(
        read(&out1.join("data/releases/2023-q3.json")),
        read(&fixture.join("content/releases/2023-q3.json"))
    );
    let feed = read(&out1.join("en/feed.xml"));
    assert!(
        feed.contains("<title>Release 2023-q3: 19 changes</title>"),
        "{feed}"
    );
    assert!(feed.contains("https://example.org/plan/en/changes/2023-h1/"));

    // A silent revision: a released value changed without `flag: revised`.
    let income = root.join("content/indicators/income.yaml");
    let text = read(&income).replace(
        "{period: 2023-09, value: 38000}",
        "{period: 2023-09, value: 37000}",
    );
    std::fs::write(&income, text).unwrap();
    let (c, lines) = check_lines(root, &[]);
    assert_eq!(c, 0, "a warning without --strict");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("content/indicators/income.yaml:25:9: warning: silent revision")
            && lines[0].contains("was 38000 in release 2023-q3 and is now 37000"),
        "{}",
        lines[0]
    );
    let (c, lines) = check_lines(root, &["--strict"]);
    assert_eq!((c, lines.len()), (1, 1), "{lines:#?}");
    assert!(lines[0].contains(": error: silent revision"));
    let strict_build = gongkai_in(
        root,
        &["build", "--strict", "--output", out1.to_str().unwrap()],
    );
    assert_eq!(code(&strict_build), 1);
}

#[test]
fn a_broken_release_file_is_reported_with_its_position() {
    let dir = temp_site("released", &[]);
    let path = dir.path().join("content/releases/2023-q3.json");
    let text = read(&path).replacen("\"as_of\"", "\"as_off\"", 1);
    std::fs::write(&path, text).unwrap();
    std::fs::write(dir.path().join("content/releases/Bad.json"), "{}").unwrap();
    let (c, lines) = check_lines(dir.path(), &[]);
    assert_eq!(c, 1);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/releases/2023-q3.json:2:")
                && l.contains("unknown field `as_off`")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/releases/Bad.json:1:1: error")),
        "{lines:#?}"
    );
}

/// `diff` of the fixture's two releases in each format, against the golden files.
#[test]
fn diff_in_three_formats() {
    let root = site_fixture("released");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/diff");
    let bless = std::env::var_os("GONGKAI_BLESS").is_some_and(|v| v == "1");
    for (format, file) in [
        ("human", "released.txt"),
        ("json", "released.json"),
        ("markdown", "released.md"),
    ] {
        let out = gongkai_in(
            &root,
            &["diff", "--from", FIRST, "--to", SECOND, "--format", format],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let path = golden.join(file);
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, stdout(&out)).unwrap();
        } else {
            assert_eq!(
                stdout(&out),
                read(&path),
                "diff --format {format} differs from tests/golden/diff/{file} (GONGKAI_BLESS=1 cargo test --test changes)"
            );
        }
    }
    // By default: the latest release → the current content; and a folder works as a side.
    let out = gongkai_in(&root, &["diff"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("2023-q3 → current content: 1 change: 1 progress entry added"));
    let out = gongkai_in(
        &root,
        &["diff", "--from", SECOND, "--to", root.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("1 change: 1 progress entry added"),
        "{}",
        stdout(&out)
    );
    let folder = fixtures().join("released-v2");
    let out = gongkai_in(&root, &["diff", "--to", folder.to_str().unwrap()]);
    assert_eq!(
        code(&out),
        1,
        "released-v2 alone is no site: a content error"
    );
    let out = gongkai_in(&root, &["diff", "--from", "no-such-release"]);
    assert_eq!(code(&out), 2);
}

/// `check --format json` as objects.
fn check_objects(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = gongkai_in(root, &["check", "--format", "json"]);
    let objects = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        // Advice about deploying under a sub-path, not a problem.
        .filter(|o: &serde_json::Value| o["severity"] != "note")
        .collect();
    (code(&out), objects)
}

/// The 1-based line of the first `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    text[..at].matches('\n').count() as u64 + 1
}

#[test]
fn release_file_errors_are_messages_at_their_value_not_rust_debug_text() {
    let dir = temp_site("released", &[]);
    let path = dir.path().join("content/releases/2023-q3.json");
    let text = read(&path)
        .replacen("\"value\": 3100", "\"value\": {\"a\": 1}", 1)
        .replacen("\"date\": \"2023-09-15\"", "\"date\": \"2023-09-31\"", 1)
        .replacen("\"flag\": \"revised\"", "\"flag\": \"reviesd\"", 1);
    // The second measure's status: a later occurrence of the same word.
    let second = text.find("\"id\": \"jobs\"").unwrap();
    let status_at = second + text[second..].find("\"status\": \"on-track\"").unwrap();
    let text = format!(
        "{}\"status\": \"bogus\"{}",
        &text[..status_at],
        &text[status_at + "\"status\": \"on-track\"".len()..]
    );
    std::fs::write(&path, &text).unwrap();
    let (c, problems) = check_objects(dir.path());
    assert_eq!(c, 1);
    let find = |needle: &str| {
        problems
            .iter()
            .find(|p| p["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no problem saying {needle}: {problems:#?}"))
    };
    for (needle, at) in [
        ("`value` must be a number", "\"value\": {\"a\": 1}"),
        (
            "`date` must be a day (YYYY-MM-DD), not `2023-09-31`",
            "\"2023-09-31\"",
        ),
        ("unknown flag `reviesd`", "\"reviesd\""),
        ("unknown status `bogus`", "\"bogus\""),
    ] {
        let p = find(needle);
        assert_eq!(p["path"], "content/releases/2023-q3.json");
        assert_eq!(p["line"], line_of(&text, at), "{p}");
        assert!(p["column"].as_u64().unwrap() > 1, "{p}");
        assert!(
            p["hint"].as_str().unwrap().contains("restore"),
            "every problem says what to do: {p}"
        );
    }
    for p in &problems {
        let m = p["message"].as_str().unwrap();
        assert!(
            !m.contains("Some(") && !m.contains("Object {"),
            "Rust debug text: {m}"
        );
    }
    assert!(find("`value` must be a number")["message"]
        .as_str()
        .unwrap()
        .ends_with("not an object"));
}

#[test]
fn a_deleted_released_value_is_hinted_to_be_restored_not_flagged() {
    let dir = temp_site("released", &[]);
    let income = dir.path().join("content/indicators/income.yaml");
    let text = read(&income).replace("      - {period: 2023-09, value: 38000}\n", "");
    std::fs::write(&income, &text).unwrap();
    let (c, problems) = check_objects(dir.path());
    assert_eq!(c, 0, "a warning: {problems:#?}");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    let message = p["message"].as_str().unwrap();
    let hint = p["hint"].as_str().unwrap();
    assert!(
        message.contains("for 2023-09 was 38000 in release 2023-q3 and its entry is gone"),
        "{message}"
    );
    assert!(
        hint.contains("restore the progress entry for 2023-09 (38000)")
            && hint.contains("flag: revised")
            && !hint.starts_with("mark the entry"),
        "{hint}"
    );
    assert_eq!(
        (p["path"].as_str().unwrap(), p["line"].as_u64().unwrap()),
        (
            "content/indicators/income.yaml",
            line_of(&text, "- id: income")
        ),
        "at the indicator, the entry being gone: {p}"
    );
}

#[test]
fn release_names_reserved_on_windows_are_refused() {
    let dir = temp_site("released", &[]);
    let root = dir.path();
    for name in [
        "con", "CON", "nul", "aux", "prn", "com1", "com9", "lpt1", "lpt9", "con.json", "Nul.txt",
    ] {
        let out = gongkai_in(root, &["release", name, "--date", "2023-11-01"]);
        assert_eq!(code(&out), 2, "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("Windows reserves CON, PRN, AUX, NUL"),
            "{name}: {}",
            stderr(&out)
        );
    }
    let written: Vec<_> = std::fs::read_dir(root.join("content/releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(written.len(), 2, "nothing written: {written:?}");
    let out = gongkai_in(root, &["release", "console", "--date", "2023-11-01"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn the_chinese_changes_pages_say_shixiang_as_the_rest_of_the_site() {
    let dir = released_anew();
    let root = dir.path();
    let out = root.join("out");
    let o = gongkai_in(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let release = read(&out.join("changes/2023-q3/index.html"));
    assert!(
        release.contains("新增事项") && release.contains("删除事项"),
        "the kinds of change in the site's word"
    );
    for page in [
        "changes/index.html",
        "changes/2023-q3/index.html",
        "changes/2023-h1/index.html",
        "indicators/income/index.html",
    ] {
        let html = read(&out.join(page));
        assert!(!html.contains("措施"), "{page} says 措施");
    }
}

#[test]
fn a_release_of_20000_measures_no_longer_in_the_content_is_checked_in_linear_time() {
    // Each removed measure was once found by searching the release file
    // from its start: minutes for a large release.
    let dir = temp_site("released", &[]);
    let measures: Vec<serde_json::Value> = (0..20_000)
        .map(|i| {
            serde_json::json!({
                "id": format!("m{i:05}"),
                "title": {"en": format!("Measure {i}"), "zh": format!("事项{i}")},
                "status": "on-track",
                "indicators": [{
                    "id": "x",
                    "name": {"en": "X", "zh": "某指标"},
                    "progress": [{"period": "2023-06", "value": i}, {"period": "2023-09", "value": i + 1}],
                    "status": "on-track",
                }],
            })
        })
        .collect();
    let release = serde_json::json!({
        "format": 1,
        "release": "2023-q4",
        "date": "2023-12-01",
        "as_of": "2023-11-30",
        "collections": [{"id": "works", "title": {"en": "Works"}, "measures": measures}],
    });
    let text = serde_json::to_string_pretty(&release).unwrap();
    std::fs::write(dir.path().join("content/releases/2023-q4.json"), &text).unwrap();
    let started = std::time::Instant::now();
    let (c, problems) = check_objects(dir.path());
    let took = started.elapsed();
    assert_eq!(c, 0, "{:#?}", &problems[..3.min(problems.len())]);
    assert_eq!(problems.len(), 20_000);
    let last = &problems[19_999];
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .contains("works/m19999 of release 2023-q4 is no longer in the content"),
        "{last}"
    );
    assert_eq!(last["line"], line_of(&text, "\"id\": \"m19999\""), "{last}");
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
}
