//! `serve`'s incremental rebuilds: after each edit of a series, the files
//! rebuilt from the last build must be those of a full build, byte for byte
//! (the guard against stale partial rebuilds).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use common::*;
use gongkai::build::{self, BuildOptions};
use gongkai::incremental::Incremental;
use gongkai::output::MemorySink;

/// A full build into memory, as `serve` makes it (unminified, at `/`).
fn full_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let (plans, history, warnings) = build::load(root, false).expect("the site loads");
    let sink = MemorySink::new(false);
    let options = BuildOptions {
        base_url: Some("/"),
        strict: false,
        search: true,
    };
    build::render(root, &plans, &history, warnings, &options, &sink).expect("the site renders");
    sink.into_files()
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect()
}

/// A file the incremental build holds, read.
fn read(held: Option<&gongkai::spool::Held>) -> Option<Vec<u8>> {
    held.map(|h| h.read().expect("a file held is read"))
}

/// Fails with the first paths that differ between the incremental and the full build.
fn assert_same(step: &str, builds: &Incremental, root: &Path) {
    let full = full_build(root);
    let files = builds.files();
    let mut differ: Vec<String> = full
        .iter()
        .filter(|(path, bytes)| {
            files
                .get(path)
                .is_none_or(|b| b.read().unwrap() != bytes.as_slice())
        })
        .map(|(path, _)| {
            let why = if files.contains_key(path) {
                "differs"
            } else {
                "missing"
            };
            format!("{path} ({why})")
        })
        .collect();
    let paths: BTreeSet<&str> = full.iter().map(|(p, _)| p.as_str()).collect();
    let mut extra: Vec<&String> = files
        .keys()
        .filter(|p| !paths.contains(p.as_str()))
        .collect();
    extra.sort();
    differ.extend(extra.into_iter().map(|p| format!("{p} (left over)")));
    assert!(
        differ.is_empty(),
        "after {step}, {} files are not those of a full build: {}",
        differ.len(),
        differ
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// What an edit is expected to rebuild.
#[derive(PartialEq, Debug)]
enum Expect {
    Part,
    Full,
    /// No input changed: nothing is rendered, the last build's files stay.
    Same,
}

type Edit<'a> = (&'a str, Expect, Box<dyn Fn(&Path) + 'a>);

/// Builds `fixture`, then after each edit rebuilds and compares.
fn run_series(fixture: &str, edits: Vec<Edit>) {
    let edits = edits
        .into_iter()
        .map(|(step, expect, edit)| (step, expect, None, edit))
        .collect();
    run_hinted(fixture, edits);
}

/// An edit, the files it changes as a watcher would name them, and
/// whether the touched measures are to be shown before the whole site is
/// loaded again.
type Hinted<'a> = (
    &'a str,
    Expect,
    Option<(&'a [&'a str], bool)>,
    Box<dyn Fn(&Path) + 'a>,
);

/// [`run_series`], rebuilding after the files each edit names (as `serve`
/// does) when it names them.
fn run_hinted(fixture: &str, edits: Vec<Hinted>) {
    let site = temp_site(fixture, &[]);
    let root = site.path();
    let mut builds = Incremental::new(root, "/", false);
    let first = builds.rebuild().expect("the first build");
    assert!(first.full);
    assert_same("the first build", &builds, root);
    for (step, expect, hint, edit) in edits {
        edit(root);
        let before = builds.files();
        let mut first = None;
        let rebuilt = match hint {
            Some((paths, _)) => {
                let paths: Vec<_> = paths.iter().map(|p| root.join(p)).collect();
                builds.rebuild_after(&paths, &mut |files| first = Some(files))
            }
            None => builds.rebuild_then(&mut |files| first = Some(files)),
        }
        .unwrap_or_else(|e| panic!("{step}: {e:?}"));
        if let Some((_, quick)) = hint {
            assert_eq!(rebuilt.quick, quick, "{step}: {}", rebuilt.summary());
        }
        // What the first phase shows new is final.
        let now = builds.files();
        for (path, held) in first.iter().flat_map(|f| f.iter()) {
            let bytes = held.read().unwrap();
            if read(before.get(path)).as_ref() != Some(&bytes) {
                assert_eq!(
                    read(now.get(path)),
                    Some(bytes),
                    "{step}: {path} first shown stale"
                );
            }
        }
        let got = if rebuilt.full {
            Expect::Full
        } else if rebuilt.changed == 0 {
            Expect::Same
        } else {
            Expect::Part
        };
        assert_eq!(
            first.is_some(),
            got == Expect::Part,
            "{step}: {}",
            rebuilt.summary()
        );
        assert_eq!(got, expect, "{step}: {}", rebuilt.summary());
        match got {
            Expect::Part => assert!(
                rebuilt.pages < rebuilt.page_count,
                "{step}: {}",
                rebuilt.summary()
            ),
            Expect::Same => {
                assert_eq!(rebuilt.pages, 0, "{step}: {}", rebuilt.summary());
                assert!(
                    Arc::ptr_eq(&before, &now),
                    "{step}: the last build's files are kept as they are"
                );
            }
            Expect::Full => {}
        }
        assert_same(step, &builds, root);
    }
}

#[test]
fn every_edit_rebuilds_what_a_full_build_makes() {
    let new_measure =
        "number: 9\ncategory: income\ntitle: {zh: 新增措施, en: A new measure}\nlead: [drc]\n\
        indicators:\n  - ref: indicators/income/income\n";
    run_series(
        "zh-default",
        vec![
            (
                "a figure of an indicator another measure refers to",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/indicators/income.yaml",
                        "value: 41200",
                        "value: 41300",
                    )
                }),
            ),
            (
                "a measure's title",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/indicators/income.yaml",
                        "title:\n  zh: 居民人均可支配收入",
                        "title:\n  zh: 城乡居民人均可支配收入",
                    )
                }),
            ),
            (
                "a new measure referring to an indicator",
                Expect::Part,
                Box::new(move |r| {
                    std::fs::write(r.join("content/works/new-one.yaml"), new_measure).unwrap()
                }),
            ),
            (
                "a deleted measure that referred to an indicator",
                Expect::Part,
                Box::new(|r| {
                    std::fs::remove_file(r.join("content/works/income-growth.yaml")).unwrap()
                }),
            ),
            (
                "a unit renamed",
                Expect::Full,
                Box::new(|r| replace(r, "content/units.yaml", "zh: 区发改局", "zh: 区发展改革局")),
            ),
            (
                "a template of the theme overridden",
                Expect::Full,
                Box::new(|r| {
                    let dir = r.join("themes/default/templates");
                    std::fs::create_dir_all(&dir).unwrap();
                    let built_in = std::fs::read_to_string(
                        Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("themes/default/templates/measure.html"),
                    )
                    .unwrap();
                    let text = built_in.replacen(
                        "{% block main %}",
                        "{% block main %}<p>overridden</p>",
                        1,
                    );
                    std::fs::write(dir.join("measure.html"), text).unwrap();
                }),
            ),
            (
                "a figure after full rebuilds",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/indicators/income.yaml",
                        "value: 40500",
                        "value: 40600",
                    )
                }),
            ),
        ],
    );
}

#[test]
fn with_releases_every_edit_rebuilds_what_a_full_build_makes() {
    run_series(
        "released",
        vec![
            (
                "a figure",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/indicators/income.yaml",
                        "value: 38000",
                        "value: 38500",
                    )
                }),
            ),
            (
                "a measure's title",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/indicators/jobs.yaml",
                        "en: New urban jobs}",
                        "en: Jobs in towns}",
                    )
                }),
            ),
            (
                "a new measure",
                Expect::Part,
                Box::new(|r| {
                    std::fs::write(
                        r.join("content/works/library.yaml"),
                        "number: 3\ntitle: {zh: 新建图书馆, en: Build a library}\nlead: [hrss]\nstatus: on-track\n",
                    )
                    .unwrap()
                }),
            ),
            (
                "a deleted measure",
                Expect::Part,
                Box::new(|r| std::fs::remove_file(r.join("content/works/new-park.yaml")).unwrap()),
            ),
            (
                "a unit renamed",
                Expect::Full,
                Box::new(|r| replace(r, "content/units.yaml", "zh: 区发改局", "zh: 区发展改革局")),
            ),
        ],
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_the_next_good_one_catches_up() {
    let site = temp_site("zh-default", &[]);
    let root = site.path();
    let mut builds = Incremental::new(root, "/", false);
    builds.rebuild().unwrap();
    replace(
        root,
        "content/indicators/income.yaml",
        "value: 41200",
        "value: [",
    );
    assert!(builds.rebuild().is_err());
    assert!(!builds.files().is_empty());
    // Undone: the last good build is the site again, as it was.
    replace(
        root,
        "content/indicators/income.yaml",
        "value: [",
        "value: 41200",
    );
    let rebuilt = builds.rebuild().unwrap();
    assert!(
        !rebuilt.full && rebuilt.changed == 0 && rebuilt.pages == 0,
        "{}",
        rebuilt.summary()
    );
    assert_same("a broken edit undone", &builds, root);
    replace(
        root,
        "content/indicators/income.yaml",
        "value: 41200",
        "value: [",
    );
    assert!(builds.rebuild().is_err());
    replace(
        root,
        "content/indicators/income.yaml",
        "value: [",
        "value: 41999",
    );
    replace(
        root,
        "content/works/grassroots.yaml",
        "zh: 基层治理",
        "zh: 基层治理改革",
    );
    let rebuilt = builds.rebuild().unwrap();
    assert!(
        !rebuilt.full && rebuilt.changed == 2,
        "{}",
        rebuilt.summary()
    );
    assert_same("a fix after a broken edit", &builds, root);
}

/// With several plans (SPEC §10) an edit of one plan's measure re-renders
/// its touched measures, in any plan, and everything that is no measure's
/// own: a figure of a measure later plans continue shows in their series,
/// an annual figure in the programme it serves.
#[test]
fn with_several_plans_every_edit_rebuilds_what_a_full_build_makes() {
    let new_measure =
        "number: 9\ntitle: {zh: 新增措施, en: A new measure}\nlead: [drc]\nstatus: on-track\n";
    run_series(
        "plans",
        vec![
            (
                "a figure of a measure two later plans continue",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2023/indicators/gdp-growth.yaml",
                        "{period: 2023, value: 6.8}",
                        "{period: 2023, value: 6.9}",
                    )
                }),
            ),
            (
                "a figure of an annual indicator that serves the programme",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2024/indicators/urbanisation.yaml",
                        "{period: 2024, value: 70.8}",
                        "{period: 2024, value: 70.9}",
                    )
                }),
            ),
            (
                "the title of a measure continuing another",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2025/works/education.yaml",
                        "en: More good schools and kindergartens",
                        "en: Better schools and kindergartens",
                    )
                }),
            ),
            (
                "a new measure in one plan",
                Expect::Part,
                Box::new(move |r| {
                    std::fs::write(r.join("content/plans/2025/works/new-one.yaml"), new_measure)
                        .unwrap()
                }),
            ),
            (
                "a deleted measure no plan continues",
                Expect::Part,
                Box::new(|r| {
                    std::fs::remove_file(r.join("content/plans/2024/works/housing.yaml")).unwrap()
                }),
            ),
            (
                "a plan's title",
                Expect::Full,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2025/plan.yaml",
                        "en: Test County work plan for 2025",
                        "en: Test County's work plan for 2025",
                    )
                }),
            ),
            (
                "a figure of a measure continued, after a full rebuild",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2023/indicators/gdp-growth.yaml",
                        "{period: 2023, value: 6.9}",
                        "{period: 2023, value: 7.0}",
                    )
                }),
            ),
        ],
    );
}

/// A one-plan site moved into `plans/` keeps its old addresses: the
/// redirect pages and copies of a measure's files are its own too.
#[test]
fn with_a_moved_plan_every_edit_rebuilds_what_a_full_build_makes() {
    run_series(
        "moved",
        vec![
            (
                "a figure in the moved plan",
                Expect::Part,
                Box::new(|r| {
                    replace(
                        r,
                        "content/plans/2024/indicators/income.yaml",
                        "value: 40500",
                        "value: 40600",
                    )
                }),
            ),
            (
                "a new measure in the moved plan",
                Expect::Part,
                Box::new(|r| {
                    std::fs::write(
                        r.join("content/plans/2024/works/new-one.yaml"),
                        "number: 9\ncategory: governance\ntitle: {zh: 新增措施, en: A new measure}\nlead: [drc]\nstatus: on-track\n",
                    )
                    .unwrap()
                }),
            ),
            (
                "the new measure of the moved plan deleted",
                Expect::Part,
                Box::new(|r| {
                    std::fs::remove_file(r.join("content/plans/2024/works/new-one.yaml")).unwrap()
                }),
            ),
        ],
    );
}

const INCOME: &str = "content/indicators/income.yaml";
const GRASSROOTS: &str = "content/works/grassroots.yaml";
const INCOME_GROWTH: &str = "content/works/income-growth.yaml";

/// An edit of measures that keeps what other measures refer to is shown
/// from the last build's site before the whole site is loaded again, and
/// what it showed is what the full build makes; any other edit waits for
/// the load.
#[test]
fn an_edit_that_keeps_the_measures_identity_is_shown_before_the_load() {
    run_hinted(
        "zh-default",
        vec![
            (
                "a figure of an indicator another measure refers to",
                Expect::Part,
                Some((&[INCOME], true)),
                Box::new(|r| replace(r, INCOME, "value: 41200", "value: 41300")),
            ),
            (
                "a measure's title and status",
                Expect::Part,
                Some((&[GRASSROOTS], true)),
                Box::new(|r| {
                    replace(r, GRASSROOTS, "zh: 基层治理\n", "zh: 基层治理改革\n");
                    replace(r, GRASSROOTS, "status: on-track", "status: at-risk");
                }),
            ),
            (
                "two measures, with an editor's backup file that came and went",
                Expect::Part,
                Some((
                    &[INCOME, GRASSROOTS, "content/works/grassroots.yaml~"],
                    true,
                )),
                Box::new(|r| {
                    replace(r, INCOME, "value: 41300", "value: 41400");
                    replace(r, GRASSROOTS, "status: at-risk", "status: on-track");
                }),
            ),
            (
                "a file named that did not change",
                Expect::Same,
                Some((&[GRASSROOTS], false)),
                Box::new(|_| {}),
            ),
            (
                // A save that reaches the watcher as two bursts: the
                // second finds the change built already.
                "an edit, then its files named again",
                Expect::Part,
                Some((&[GRASSROOTS], true)),
                Box::new(|r| replace(r, GRASSROOTS, "status: on-track", "status: at-risk")),
            ),
            (
                "the same files named again",
                Expect::Same,
                Some((&[GRASSROOTS, "content/works/sedAbC123"], false)),
                Box::new(|_| {}),
            ),
            (
                "an edit changed back",
                Expect::Part,
                Some((&[GRASSROOTS], true)),
                Box::new(|r| replace(r, GRASSROOTS, "status: at-risk", "status: on-track")),
            ),
            (
                "a reference taken out",
                Expect::Part,
                Some((&[INCOME_GROWTH], false)),
                Box::new(|r| replace(r, INCOME_GROWTH, "  - ref: indicators/income/income\n", "")),
            ),
            (
                "a new measure",
                Expect::Part,
                Some((&["content/works/new-one.yaml"], false)),
                Box::new(|r| {
                    std::fs::write(
                        r.join("content/works/new-one.yaml"),
                        "number: 9\ncategory: income\ntitle: {zh: 新增措施, en: A new measure}\nlead: [drc]\n",
                    )
                    .unwrap()
                }),
            ),
            (
                "a unit renamed",
                Expect::Full,
                Some((&["content/units.yaml"], false)),
                Box::new(|r| replace(r, "content/units.yaml", "zh: 区发改局", "zh: 区发展改革局")),
            ),
            (
                "a figure after a full rebuild",
                Expect::Part,
                Some((&[INCOME], true)),
                Box::new(|r| replace(r, INCOME, "value: 41400", "value: 41500")),
            ),
        ],
    );
}

/// An edit that breaks a measure is not shown early: the load reports it,
/// as it reports a broken reference, and the last good build stays.
#[test]
fn a_broken_measure_is_not_shown_before_the_load_and_its_errors_are_reported() {
    let site = temp_site("zh-default", &[]);
    let root = site.path();
    let mut builds = Incremental::new(root, "/", false);
    builds.rebuild().unwrap();
    let good = builds.files();
    let breaks = [
        (
            INCOME,
            "value: 41200",
            "value: [",
            "content/indicators/income.yaml:",
        ),
        (GRASSROOTS, "lead: [drc]", "lead: [nobody]", "nobody"),
        (
            INCOME_GROWTH,
            "ref: indicators/income/income",
            "ref: indicators/income/incomes",
            "points to no indicator",
        ),
        (
            INCOME,
            "  - id: income\n",
            "  - id: incomes\n",
            "points to no indicator",
        ),
    ];
    for (file, from, to, error) in breaks {
        replace(root, file, from, to);
        let mut shown = false;
        let result = builds.rebuild_after(&[root.join(file)], &mut |_| shown = true);
        let Err(gongkai::build::BuildError::Content(found)) = result else {
            panic!("`{to}` in {file} is an error");
        };
        let found: Vec<String> = found.sorted().iter().map(|d| d.to_string()).collect();
        let found = found.join("\n");
        assert!(found.contains(error), "`{to}` in {file}: {found}");
        assert!(!shown, "`{to}` in {file} was shown before the load");
        assert!(builds
            .files()
            .iter()
            .all(|(path, held)| read(good.get(path)) == held.read().ok()));
        replace(root, file, to, from);
    }
    replace(root, GRASSROOTS, "zh: 基层治理\n", "zh: 基层治理改革\n");
    let rebuilt = builds
        .rebuild_after(&[root.join(GRASSROOTS)], &mut |_| {})
        .unwrap();
    assert!(rebuilt.quick && !rebuilt.full, "{}", rebuilt.summary());
    assert_same("a good edit after broken ones", &builds, root);
}
