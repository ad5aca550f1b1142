//! A site with several plans, built by the real binary (SPEC §10): the
//! fixture `moved` is `zh-default` moved into `plans/2024/`
//! (`moved_from_root: "2024"`) with a plan `2025` that follows it.

mod common;

use std::collections::BTreeMap;

use common::*;

type Tree = BTreeMap<String, Vec<u8>>;

fn build(site: &str) -> Tree {
    let root = temp_site(site, &[]);
    let out = root.path().join("public");
    let o = gongkai_in(
        root.path(),
        &[
            "build",
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.org/open/",
        ],
    );
    assert_eq!(code(&o), 0, "{site}: {}", stderr(&o));
    read_tree(&out)
}

fn text(tree: &Tree, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("{path} not built"))
            .clone(),
    )
    .unwrap()
}

/// The target of a redirect page's meta refresh, resolved against its own
/// path: `indicators/income/index.html` + `../../2024/indicators/income/`
/// → `2024/indicators/income/index.html`.
fn refresh_target(page: &str, html: &str) -> Option<String> {
    if !html.contains("http-equiv=refresh") {
        return None;
    }
    let start = html.find("\"0; url=")? + 8;
    let href = &html[start..start + html[start..].find('"')?];
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') {
        path.push_str("/index.html");
    }
    Some(path)
}

/// Every address of the one-plan site still answers after the move: a page
/// above the plans, a redirect page to the same page under `2024/` (which
/// exists), or the same bytes as the moved plan's file.
#[test]
fn every_address_of_the_one_plan_site_still_works_after_the_move() {
    let before = build("zh-default");
    let after = build("moved");
    let (mut above, mut redirects, mut copies) = (0, 0, 0);
    for path in before.keys() {
        if path.starts_with("search/") && path.ends_with(".json") && path != "search/zh/index.json"
        {
            // The index's files of terms are numbered for search.js
            // (reached through index.json), not addresses readers keep.
            continue;
        }
        let Some(now) = after.get(path) else {
            panic!("{path}: answered before the move, missing after it");
        };
        let moved = format!("2024/{path}");
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(now);
            match refresh_target(path, &html) {
                Some(target) => {
                    assert_eq!(target, moved, "{path}: redirects elsewhere");
                    assert!(after.contains_key(&target), "{path}: redirects to nothing");
                    assert!(
                        html.contains(&format!(
                            "<link href=https://example.org/open/2024/{} rel=canonical>",
                            path.trim_end_matches("index.html")
                        )),
                        "{path}: no canonical link to its new address\n{html}"
                    );
                    assert!(
                        !html.contains("<script"),
                        "{path}: a redirect needs no JavaScript"
                    );
                    redirects += 1;
                }
                None => above += 1,
            }
        } else if after.get(&moved) == Some(now) {
            copies += 1;
        } else {
            // Files above the plans keep the address with their own content.
            assert!(
                path == "sitemap.xml"
                    || path == "robots.txt"
                    || path == ".gongkai-output"
                    || path.starts_with("assets/")
                    || path.starts_with("search/"),
                "{path}: neither a copy of {moved} nor a file above the plans"
            );
            above += 1;
        }
    }
    assert!(
        redirects > 50 && copies > 50 && above > 10,
        "{redirects} redirects, {copies} copies, {above} above"
    );
}

#[test]
fn the_plan_list_shows_open_plans_first_and_says_a_closed_plans_results_are_final() {
    let after = build("moved");
    let home = text(&after, "index.html");
    let open = home.find("测试区2025年度工作要点").expect("2025 listed");
    let closed = home.find("测试区2024年度工作要点").expect("2024 listed");
    assert!(open < closed, "the open plan comes first");
    assert_eq!(
        home.matches("本计划期已结束，结果为最终结果").count(),
        1,
        "only 2024 is closed"
    );
    assert!(home.contains("href=./2025/"), "{home}");
    let en = text(&after, "en/index.html");
    assert!(
        en.contains("href=../2025/en/"),
        "the English list links the plans' English pages"
    );
}

#[test]
fn search_feeds_and_sitemaps_above_the_plans_cover_every_plan() {
    let after = build("moved");
    let fragments: String = after
        .iter()
        .filter(|(p, _)| p.starts_with("search/zh/f/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        fragments.contains("\"url\":\"2024/indicators/income/\""),
        "{fragments}"
    );
    assert!(
        fragments.contains("\"url\":\"2025/indicators/services/\""),
        "{fragments}"
    );
    let feed = text(&after, "updates.xml");
    let newest = feed
        .find("2025/indicators/income/")
        .expect("2025's figure in the feed");
    let older = feed
        .find("2024/indicators/income/")
        .expect("2024's figure in the feed");
    assert!(newest < older, "newest first");
    // The moved plan's old feed stays its own, at its old address.
    assert_eq!(after["feed.xml"], after["2024/feed.xml"]);
    let index = text(&after, "sitemap.xml");
    for loc in ["sitemap-plans.xml", "2024/sitemap.xml", "2025/sitemap.xml"] {
        assert!(
            index.contains(&format!("<loc>https://example.org/open/{loc}</loc>")),
            "{index}"
        );
    }
    assert!(text(&after, "robots.txt").contains("Sitemap: https://example.org/open/sitemap.xml"));
    let table = text(&after, "data/all/indicators.csv");
    let header = table.lines().next().unwrap();
    assert!(header.ends_with(",plan,series"), "{header}");
    // 2025's income indicator is in 2024's series; 2025's new one starts its own.
    assert!(
        table.contains(",2025,2024/indicators/income/income"),
        "{table}"
    );
    assert!(
        table.contains(",2025,2025/indicators/services/points"),
        "{table}"
    );
    let plans: serde_json::Value = serde_json::from_str(&text(&after, "data/plans.json")).unwrap();
    assert_eq!(plans["plans"].as_array().unwrap().len(), 2);
}

#[test]
fn a_body_above_the_plans_lists_its_measures_in_every_plan() {
    let after = build("moved");
    let drc = text(&after, "units/drc/index.html");
    assert!(drc.contains("href=../../2024/indicators/income/"), "{drc}");
    assert!(drc.contains("href=../../2025/indicators/income/"), "{drc}");
    // Its own page in each plan, with that plan's report and milestones.
    assert!(drc.contains("href=../../2025/units/drc/"), "{drc}");
}

#[test]
fn check_counts_the_plans_and_a_one_plan_command_names_the_plan_to_give() {
    let root = temp_site("moved", &[]);
    let o = gongkai_in(root.path(), &["check"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("checked 11 measures in 3 collections of 2 plans: no errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

/// Each file is written once: the build's count is the files it leaves
/// (less its marker). The moved plan's measures.json, streamed to its old
/// and new address, once wrote every measure's own files twice.
#[test]
fn every_file_is_written_once() {
    for site in ["moved", "plans"] {
        let root = temp_site(site, &[]);
        let out = root.path().join("public");
        let o = gongkai_in(root.path(), &["build", "--output", out.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{site}: {}", stderr(&o));
        let err = stderr(&o);
        let written: usize = err
            .split(" files in ")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{site}: no file count in {err}"));
        let left = read_tree(&out)
            .keys()
            .filter(|p| !p.ends_with(".gongkai-output"))
            .count();
        assert_eq!(written, left, "{site}: files written against files left");
    }
}
