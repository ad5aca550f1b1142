//! `gongkai plan new` (SPEC §10, "Starting the next plan"), run by the real
//! binary on copies of fixture sites: `moved` has plans 2024 and 2025 (2025
//! follows 2024); `zh-default` is a one-plan site.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

type Tree = BTreeMap<String, Vec<u8>>;

/// The content folder only (the lock file beside it may be made).
fn content(root: &Path) -> Tree {
    read_tree(&root.join("content"))
}

fn file(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_next_plan_carries_every_measure_over_and_check_lists_only_the_targets_to_fill() {
    let site = temp_site("moved", &[]);
    let root = site.path();
    let o = gongkai_in(root, &["plan", "new", "2026", "--from", "2025"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "plan 2026: 4 files written: 2 measures carried over from plan 2025, 2 targets to fill"
        ),
        "{}",
        stderr(&o)
    );
    let (status, lines) = check_lines(root, &[]);
    assert_eq!(status, 0, "{lines:#?}");
    assert_eq!(
        lines,
        [
            "content/plans/2026/indicators/income.yaml:12:9: warning: no target yet: the plan it continues set 44000 for 2025 (`2025/indicators/income/income`)",
            "content/plans/2026/indicators/services.yaml:10:9: warning: no target yet: the plan it continues set 30 for 2025 (`2025/indicators/services/points`)",
        ]
    );
    // The whole record, as carried over: texts kept, `continues` added,
    // no figures, the previous target beside the indicator.
    assert_eq!(
        file(root, "content/plans/2026/indicators/income.yaml"),
        "\
# Carried over from 2025/indicators/income
# (`gongkai plan new`): its texts and indicators, without figures, updates
# or targets. Set each indicator's target from the new plan's document
# (the previous one is noted beside it).
number: 1
title:
  zh: 居民人均可支配收入
  en: Per-capita disposable income
lead: [drc]
continues: 2025/indicators/income
indicators:
  - id: income
    name:
      zh: 居民人均可支配收入
      en: Per-capita disposable income
    unit: {zh: 元, en: yuan}
    direction: increase
    accumulation: level
    continues: 2025/indicators/income/income
    # previous target (2025): 44000
"
    );
    let plan = file(root, "content/plans/2026/plan.yaml");
    for line in [
        "# update the title: it is still the title of plan 2025\ntitle:\n  zh: 测试区2025年度工作要点\n",
        "kind: {zh: 工作要点, en: Work plan}\n",
        "period:\n  start: 2026-01-01\n  end: 2026-12-31\n",
        "follows: \"2025\"\n",
        "assessment_levels:\n  - id: province-evaluated\n",
    ] {
        assert!(plan.contains(line), "{line}\n---\n{plan}");
    }
    assert!(!plan.contains("\nsource:"), "no document yet\n{plan}");
    // The collection's file is copied as it is.
    assert_eq!(
        file(root, "content/plans/2026/indicators/_collection.yaml"),
        file(root, "content/plans/2025/indicators/_collection.yaml")
    );
}

#[test]
fn a_baseline_is_the_figure_the_previous_plan_reported_for_its_target_period() {
    // 2024 reported a full-year figure for its target period (2024): a plan
    // following it starts from that figure; its other records have none.
    let site = temp_site("moved", &[]);
    let root = site.path();
    let o = gongkai_in(
        root,
        &["plan", "new", "2025b", "--from", "2024", "--period", "2025"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let income = file(root, "content/plans/2025b/indicators/income.yaml");
    assert!(
        income.contains(
            "    continues: 2024/indicators/income/income\n    baseline: {period: 2024, value: 42300}\n    # previous target (2024): 42000\n"
        ),
        "{income}"
    );
    assert!(!income.contains("progress"), "{income}");
    let loans = file(root, "content/plans/2025b/works/income-growth.yaml");
    assert!(!loans.contains("baseline"), "{loans}");
    assert!(
        loans.contains("  - ref: indicators/income/income\n"),
        "{loans}"
    );
    assert!(
        loans.contains("    # previous target (2024): ≥500\n"),
        "{loans}"
    );
    let (status, lines) = check_lines(root, &[]);
    assert_eq!(status, 0, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.contains("warning: no target yet: ")),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 7, "{lines:#?}");
}

#[test]
fn a_plan_without_a_previous_one_is_a_valid_plan_yaml_with_its_period() {
    let site = temp_site("moved", &[]);
    let root = site.path();
    let o = gongkai_in(
        root,
        &["plan", "new", "2026-2030", "--period", "2026..2030"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let plan = file(root, "content/plans/2026-2030/plan.yaml");
    assert!(
        plan.contains("# fill in the plan's title\ntitle: {zh: \"2026-2030\", en: \"2026-2030\"}\nperiod:\n  start: 2026-01-01\n  end: 2030-12-31\n"),
        "{plan}"
    );
    let (status, lines) = check_lines(root, &[]);
    assert_eq!((status, lines), (0, vec![]));
    // Without --from, the period must be given.
    let o = gongkai_in(root, &["plan", "new", "2031"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--period is needed without --from"),
        "{}",
        stderr(&o)
    );
    let o = gongkai_in(root, &["plan", "new", "2031", "--period", "next year"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("is not a period"), "{}", stderr(&o));
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_write() {
    let site = temp_site("moved", &[]);
    let root = site.path();
    let before = read_tree(root);
    let o = gongkai_in(
        root,
        &["plan", "new", "2026", "--from", "2025", "--dry-run"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read_tree(root),
        before,
        "the site is byte for byte as it was"
    );
    assert!(
        !root.join(".content.gongkai-lock").exists(),
        "not even the lock"
    );
    let out = stdout(&o);
    for line in [
        "would write content/plans/2026/plan.yaml",
        "would write content/plans/2026/indicators/_collection.yaml",
        "would write content/plans/2026/indicators/income.yaml",
        "would write content/plans/2026/indicators/services.yaml",
        "dry run: nothing was written",
    ] {
        assert!(out.contains(line), "{line}\n---\n{out}");
    }

    let one = temp_site("zh-default", &[]);
    let before = read_tree(one.path());
    let o = gongkai_in(
        one.path(),
        &[
            "plan",
            "new",
            "2025",
            "--from",
            "2024",
            "--move-to",
            "2024",
            "--dry-run",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read_tree(one.path()),
        before,
        "the site is byte for byte as it was"
    );
    let out = stdout(&o);
    for line in [
        "would move content/indicators/income.yaml → content/plans/2024/indicators/income.yaml",
        "would write content/plans/2024/plan.yaml",
        "would change content/site.yaml:",
        "-period: {start: 2024-01-01, end: 2024-12-31}",
        "+moved_from_root: \"2024\"",
        "would write content/plans/2025/works/income-growth.yaml",
    ] {
        assert!(out.contains(line), "{line}\n---\n{out}");
    }
}

#[test]
fn an_existing_plan_an_unknown_one_and_a_one_plan_site_without_move_to_are_refused() {
    let site = temp_site("moved", &[]);
    let root = site.path();
    let before = content(root);
    let o = gongkai_in(root, &["plan", "new", "2025", "--from", "2024"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("content/plans/2025/ already exists"),
        "{}",
        stderr(&o)
    );
    let o = gongkai_in(root, &["plan", "new", "2026", "--from", "2205"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--from names an unknown plan `2205`, did you mean `2025`?"),
        "{}",
        stderr(&o)
    );
    let o = gongkai_in(
        root,
        &["plan", "new", "2026", "--from", "2025", "--period", "2024"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("must start after plan 2025"),
        "{}",
        stderr(&o)
    );
    let o = gongkai_in(root, &["plan", "new", "units", "--period", "2026"]);
    assert_eq!(code(&o), 2);
    assert_eq!(content(root), before, "nothing was written");

    let one = temp_site("zh-default", &[]);
    let before = content(one.path());
    let o = gongkai_in(one.path(), &["plan", "new", "2025", "--from", "2024"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("pass `--move-to <id>` (e.g. `--move-to 2024`)")
            && err.contains("moved_from_root")
            && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(content(one.path()), before, "nothing was written");
}

#[test]
fn a_one_plan_site_is_moved_then_followed_and_every_old_address_still_answers() {
    let one = temp_site("zh-default", &[]);
    let root = one.path();
    let old_out = root.join("before");
    let o = gongkai_in(
        root,
        &[
            "build",
            "--output",
            old_out.to_str().unwrap(),
            "--base-url",
            "https://example.org/open/",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let before = read_tree(&old_out);
    let old_content = content(root);

    let o = gongkai_in(
        root,
        &["plan", "new", "2025", "--from", "2024", "--move-to", "2024"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("moved 11 files into plans/"),
        "{}",
        stderr(&o)
    );
    let now = content(root);
    // Each collection file moved as it was; the old folders are gone.
    for (path, bytes) in &old_content {
        if path.starts_with("indicators/") || path.starts_with("works/") {
            assert_eq!(
                now.get(&format!("plans/2024/{path}")),
                Some(bytes),
                "{path}"
            );
            assert!(!now.contains_key(path), "{path} still there");
        }
    }
    assert!(!root.join("content/indicators").exists());
    // The plan's blocks moved from site.yaml, as they were written.
    let site = file(root, "content/site.yaml");
    assert!(
        !site.contains("period:")
            && !site.contains("source:")
            && !site.contains("assessment_levels:"),
        "{site}"
    );
    assert!(site.ends_with("moved_from_root: \"2024\"\n"), "{site}");
    let plan = file(root, "content/plans/2024/plan.yaml");
    assert!(plan.contains("period: {start: 2024-01-01, end: 2024-12-31}\nsource:\n  {title: {zh: 关于印发测试区2024年度工作要点的通知"), "{plan}");
    assert!(plan.contains("assessment_levels:\n  - id: province-evaluated\n    name: {zh: 省评价, en: Provincially evaluated}\n"), "{plan}");

    let (code_, lines) = check_lines(root, &[]);
    assert_eq!(code_, 0, "{lines:#?}");
    assert_eq!(lines.len(), 7, "one per target to fill: {lines:#?}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains(": warning: no target yet: ")),
        "{lines:#?}"
    );

    let new_out = root.join("after");
    let o = gongkai_in(
        root,
        &[
            "build",
            "--output",
            new_out.to_str().unwrap(),
            "--base-url",
            "https://example.org/open/",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let after = read_tree(&new_out);
    for path in before.keys() {
        if path.starts_with("search/") && path.ends_with(".json") && path != "search/zh/index.json"
        {
            continue;
        }
        assert!(
            after.contains_key(path),
            "{path}: answered before the move, missing after it"
        );
        if path.ends_with(".html") && path != "404.html" {
            let moved = format!("2024/{path}");
            let html = String::from_utf8_lossy(&after[path]);
            if html.contains("http-equiv=refresh") {
                assert!(after.contains_key(&moved), "{path} redirects to nothing");
            }
        }
    }
    assert!(after.contains_key("2025/indicators/income/index.html"));
    assert!(after.contains_key("2024/indicators/income/index.html"));
}

/// A move cut short after any number of its files are in place (the
/// removals come last) is refused by `check` and finished by the next run.
#[cfg(debug_assertions)]
#[test]
fn a_move_cut_short_is_finished_by_the_next_run() {
    let args = ["plan", "new", "2025", "--from", "2024", "--move-to", "2024"];
    let whole = temp_site("zh-default", &[]);
    let o = gongkai_in(whole.path(), &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let reference = content(whole.path());
    // 11 files moved, plan.yaml and site.yaml, 12 files of the new plan;
    // after the 25th rename, only the removals are left.
    for renames in [0, 1, 13, 25] {
        let site = temp_site("zh-default", &[]);
        let root = site.path();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", root.to_str().unwrap()]);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(&all)
            .env("GONGKAI_FAULT_AFTER_RENAMES", renames.to_string())
            .output()
            .unwrap();
        assert!(o.status.code().is_none(), "the process was cut: {renames}");
        let c = gongkai_in(root, &["check"]);
        assert_eq!(code(&c), 1, "{}", stderr(&c));
        assert!(
            stderr(&c).contains("run `gongkai plan new` again"),
            "{}",
            stderr(&c)
        );
        let again = gongkai_in(root, &args);
        assert_eq!(code(&again), 0, "{}", stderr(&again));
        assert!(
            stderr(&again).contains("finished an edit that was cut short"),
            "{}",
            stderr(&again)
        );
        assert_eq!(content(root), reference, "cut after {renames} renames");
        let c = gongkai_in(root, &["check"]);
        assert_eq!(code(&c), 0, "{}", stderr(&c));
    }
}
