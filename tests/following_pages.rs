//! The pages of a plan followed through time (SPEC §6), on the fixture
//! that uses every §6 field: milestones with each state, a timeline of
//! updates, several targets with their outcomes, flags with a legend, the
//! "About this indicator" block, a year-to-date range, and overdue
//! milestones on the unit pages, in both languages.

mod common;

use std::path::Path;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = temp_site("followed", &[]);
    let out = root.path().join("public");
    let o = gongkai_in(
        root.path(),
        &["build", "--no-minify", "--output", out.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (root, out)
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of the HTML between `from` and `to`, tags dropped, spaces folded.
fn text_between(html: &str, from: &str, to: &str) -> String {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = start + html[start..].find(to).unwrap_or_else(|| panic!("no {to}"));
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn milestones_show_each_state_and_the_measure_names_what_is_overdue() {
    let (_root, out) = built();
    let en = page(&out, "en/works/carbon-plan/index.html");
    let list = text_between(&en, "id=\"h-milestones\"", "</section>");
    assert!(
        list.contains(
            "Finish the emissions survey 31 March 2024 Done on 20 March 2024 Survey report"
        ),
        "{list}"
    );
    assert!(
        list.contains("Finish the first draft 30 June 2024 Done late, on 10 July 2024"),
        "{list}"
    );
    assert!(
        list.contains("Finish the expert review 31 August 2024 Overdue, not done"),
        "{list}"
    );
    assert!(
        list.contains("Issue the plan 31 December 2024 Not yet due"),
        "{list}"
    );
    assert!(en.contains("class=\"ms-done-late\""));
    let status = text_between(&en, "class=\"measure-status\"", "<dl");
    assert!(status.contains("At risk"), "{status}");
    assert!(
        status.contains("2 of 4 milestones done; Finish the expert review was due by 31 August 2024 and is not done."),
        "{status}"
    );
    let zh = page(&out, "works/carbon-plan/index.html");
    assert!(
        zh.contains("已完成2个节点（共4个）；「完成专家评审」应于2024年8月31日前完成，尚未完成。")
    );
}

#[test]
fn the_timeline_lists_updates_newest_first_with_their_sources() {
    let (_root, out) = built();
    let en = page(&out, "en/works/carbon-plan/index.html");
    let timeline = text_between(&en, "id=\"h-timeline\"", "</section>");
    let newer = timeline.find("30 September 2024").expect("newer update");
    let older = timeline.find("12 July 2024").expect("older update");
    assert!(newer < older, "{timeline}");
    assert!(en.contains("<time datetime=\"2024-07-12\">"));
    assert!(
        en.contains("<li id=\"update-2024-07-12\">"),
        "the anchor the updates list and feeds link to"
    );
    let updates = page(&out, "en/updates/index.html");
    assert!(
        updates.contains("works/carbon-plan/#update-2024-07-12"),
        "the updates list links to it"
    );
    assert!(
        en.contains("<strong>out for comment</strong>"),
        "update text is Markdown"
    );
    assert!(
        timeline.contains("Source: Bureau work bulletin (15 July 2024)"),
        "{timeline}"
    );
}

#[test]
fn the_latest_declaring_update_sets_the_status_and_says_so() {
    let (_root, out) = built();
    let en = page(&out, "en/works/reform/index.html");
    let status = text_between(&en, "class=\"measure-status\"", "<dl");
    assert!(status.contains("Achieved"), "{status}");
    assert!(
        status.contains("Declared in the update of 30 September 2024."),
        "{status}"
    );
}

#[test]
fn several_targets_flags_ranges_and_metadata_reach_the_measure_page() {
    let (_root, out) = built();
    let en = page(&out, "en/works/green-share/index.html");
    let targets = text_between(&en, "<table class=\"targets\">", "</table>");
    assert!(
        targets.contains("2024 (the current target) 33.0 Upcoming"),
        "{targets}"
    );
    assert!(targets.contains("2025 ≥36.0 Upcoming"), "{targets}");
    let figures = text_between(&en, "<table class=\"figures\">", "</table>");
    assert!(
        figures.contains("Baseline 2023 30.0 (estimated)"),
        "{figures}"
    );
    assert!(
        figures.contains("Progress Jan–Jun 2024 31.8 (provisional)"),
        "{figures}"
    );
    assert!(
        figures.contains("Progress Jan–Sep 2024 32.60 (revised) Revised from 32.2 to 32.6"),
        "{figures}"
    );
    let legend = text_between(&en, "id=\"h-flags\"", "</section>");
    for word in ["estimated", "provisional", "revised"] {
        assert!(legend.contains(word), "{legend}");
    }
    assert!(
        !legend.contains("proxy"),
        "the legend lists only the flags used: {legend}"
    );
    let about = text_between(&en, "class=\"about\"", "</section>");
    assert!(
        about.contains("Definition Clean-energy consumption as a share of all energy consumed."),
        "{about}"
    );
    assert!(about.contains("Published Quarterly"), "{about}");
    assert!(
        about.contains("Next figure expected 15 November 2024"),
        "{about}"
    );
    assert!(en.contains("32.6 % in Jan–Sep 2024, where 32.2 % was expected by then on the path to the target of 33.0 %."));
    let index = page(&out, "en/works/index.html");
    assert!(
        index.contains("32.60 (Jan–Sep 2024, revised; 32.2 due by then on the path to the target)"),
        "the index table says what the latest figure is, and what was due by then"
    );
    let zh = page(&out, "works/green-share/index.html");
    assert!(zh.contains("2024年1—9月"));
    assert!(zh.contains("(预计)") && zh.contains("(初步)") && zh.contains("(修订)"));
}

#[test]
fn the_worst_of_indicators_and_milestones_and_unit_pages_list_overdue_milestones() {
    let (_root, out) = built();
    let mixed = page(&out, "en/works/mixed/index.html");
    let status = text_between(&mixed, "class=\"measure-status\"", "<dl");
    assert!(
        status.contains("At risk"),
        "the indicator is on track, the milestone overdue: {status}"
    );
    let unit = page(&out, "en/units/drc/index.html");
    let overdue = text_between(&unit, "id=\"h-overdue\"", "</ul>");
    assert!(
        overdue.contains("Finish the expert review — Due by 31 August 2024"),
        "{overdue}"
    );
    assert!(
        overdue.contains("Choose the sites — Due by 30 June 2024"),
        "{overdue}"
    );
    let env = page(&out, "en/units/env/index.html");
    assert!(
        env.contains("id=\"h-overdue\""),
        "a body that shares the measure sees it too"
    );
}

#[test]
fn the_methodology_page_explains_and_works_the_new_rules() {
    let (_root, out) = built();
    let en = page(&out, "en/methodology/index.html");
    assert!(en.contains("An indicator may have several targets"));
    assert!(en.contains("Milestones: all done is achieved"));
    assert!(en.contains("Jan–Sep"), "the year-to-date example");
    let example = text_between(&en, "id=\"ex-milestones\"", "</section>");
    assert!(example.contains("2 of 4 milestones done; Example: finish the review was due by 31 August 2025 and is not done."), "{example}");
}
