//! SPEC §6 in the data files, the updates list and the feeds: the fixture
//! site `followed` (every §6 field) built, and its `measures.json`, CSV
//! files, Data Package, Atom feeds and updates page read back.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// Builds `root` (without minifying); returns the output folder.
fn build(root: &Path) -> PathBuf {
    let out = root.join("public");
    let o = gongkai_in(
        root,
        &["build", "--no-minify", "--output", out.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    out
}

/// The `followed` site, with `files` (path under the root, text) written
/// over it, built.
fn built_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let root = temp_site("followed", &[]);
    for (path, text) in files {
        std::fs::write(root.path().join(path), text).unwrap();
    }
    let out = build(root.path());
    (root, out)
}

fn built() -> (tempfile::TempDir, PathBuf) {
    built_with(&[])
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap()
}

fn measure<'a>(all: &'a Value, id: &str) -> &'a Value {
    all.as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no measure {id}"))
}

/// The strings at `field` of each item of an array.
fn each(items: &Value, field: &str) -> Vec<Value> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].clone())
        .collect()
}

/// RFC 4180: quoted fields with doubled quotes, CRLF line ends.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        row.is_empty() && field.is_empty(),
        "a CSV ends with a line end"
    );
    rows
}

/// A CSV file as a header and rows of `column → cell`.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(out: &Path, rel: &str) -> Table {
        let mut rows = parse_csv(&read(out, rel));
        let header = rows.remove(0);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                r.len(),
                header.len(),
                "{rel}: row {} has another width",
                i + 2
            );
        }
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn cell<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.col(name)]
    }

    /// The rows whose `column` is `value`.
    fn rows_where(&self, column: &str, value: &str) -> Vec<&Vec<String>> {
        let c = self.col(column);
        self.rows.iter().filter(|r| r[c] == value).collect()
    }
}

#[test]
fn measures_json_carries_milestone_states_target_outcomes_flags_updates_and_metadata() {
    let (_root, out) = built();
    let all = json(&out, "data/measures.json");

    let carbon = measure(&all, "carbon-plan");
    assert_eq!(
        each(&carbon["milestones"], "status"),
        ["done", "done-late", "overdue", "upcoming"],
        "each milestone's state at as_of"
    );
    assert_eq!(
        each(&carbon["milestones"], "due"),
        ["2024-03", "2024-Q2", "2024-08", "2024-12"]
    );
    assert_eq!(carbon["milestones"][1]["done"], "2024-07-10");
    assert_eq!(carbon["milestones"][2]["done"], Value::Null);
    assert_eq!(
        carbon["milestones"][0]["evidence"]["url"],
        "https://example.org/survey"
    );
    assert_eq!(carbon["status"], "at-risk", "a milestone is overdue");
    assert_eq!(carbon["status_declared"], false);
    assert!(carbon.get("status_computed").is_none());
    assert_eq!(
        each(&carbon["updates"], "date"),
        ["2024-07-12", "2024-09-30"]
    );
    assert_eq!(
        carbon["updates"][0]["text"]["en"], "The first draft is done and **out for comment**.",
        "update texts as written, Markdown and all"
    );
    assert_eq!(carbon["updates"][0]["source"]["date"], "2024-07-15");
    assert_eq!(carbon["latest"], "2024-09-30", "the latest update counts");

    let reform = measure(&all, "reform");
    assert_eq!(reform["status"], "achieved", "the latest declaring update");
    assert_eq!(reform["status_declared"], true);
    assert!(reform.get("status_computed").is_none());
    assert_eq!(
        each(&reform["updates"], "status"),
        [
            Value::from("on-track"),
            Value::from("achieved"),
            Value::Null
        ]
    );
    assert_eq!(reform["latest"], "2024-10-10");

    let share = &measure(&all, "green-share")["indicators"][0];
    assert!(share.get("target").is_none());
    assert_eq!(each(&share["targets"], "period"), ["2024", "2025"]);
    assert_eq!(each(&share["targets"], "outcome"), ["upcoming", "upcoming"]);
    assert_eq!(each(&share["targets"], "current"), [true, false]);
    assert_eq!(share["targets"][1]["op"], ">=");
    assert_eq!(share["baseline"]["flag"], "estimated");
    assert_eq!(each(&share["progress"], "flag"), ["provisional", "revised"]);
    assert_eq!(
        each(&share["progress"], "period"),
        ["2024-01..2024-06", "2024-01..2024-09"],
        "a range as written"
    );
    assert_eq!(share["progress"][1]["value"], "32.60", "digits kept");
    assert_eq!(
        share["progress"][1]["note"]["en"],
        "Revised from 32.2 to 32.6 after a change of scope."
    );
    assert_eq!(share["latest"]["value"], "32.60");
    assert_eq!(share["latest"]["flag"], "revised");
    assert_eq!(
        share["definition"]["en"],
        "Clean-energy consumption as a share of all energy consumed."
    );
    assert_eq!(share["method"]["zh"], "按等价值计算。");
    assert_eq!(
        share["data_source"]["en"],
        "District Statistics Bureau energy statistics"
    );
    assert_eq!(share["frequency"], "quarterly");
    assert_eq!(share["next_update"], "2024-11-15");
    assert_eq!(share["status"], "on-track");

    let mixed = measure(&all, "mixed");
    assert_eq!(each(&mixed["milestones"], "status"), ["overdue"]);
    assert_eq!(
        mixed["status"], "at-risk",
        "the worst of the indicator (on track) and the milestones (at risk)"
    );

    // The per-measure file is the same object.
    let own = json(&out, "data/works/carbon-plan.json");
    assert_eq!(&own, carbon);
}

#[test]
fn a_declaration_that_differs_from_the_computation_keeps_both_and_targets_have_outcomes() {
    let mixed = std::fs::read_to_string(site_fixture("followed").join("content/works/mixed.yaml"))
        .unwrap()
        + "updates:\n  - date: 2024-12-20\n    text: {zh: 选址基本确定。, en: The sites are nearly chosen.}\n    status: on-track\n";
    let share =
        std::fs::read_to_string(site_fixture("followed").join("content/works/green-share.yaml"))
            .unwrap()
            .replace(
                "    definition:",
                "      - {period: 2024, value: 34.0}\n    definition:",
            );
    let site = std::fs::read_to_string(site_fixture("followed").join("content/site.yaml"))
        .unwrap()
        .replace("as_of: 2024-10-15", "as_of: 2025-01-15");
    let (_root, out) = built_with(&[
        ("content/works/mixed.yaml", &mixed),
        ("content/works/green-share.yaml", &share),
        ("content/site.yaml", &site),
    ]);
    let all = json(&out, "data/measures.json");

    let m = measure(&all, "mixed");
    assert_eq!(m["status"], "on-track", "the update's declaration wins");
    assert_eq!(m["status_declared"], true);
    assert_eq!(
        m["status_computed"], "missed",
        "and the computed one is kept: the 2024 target was missed"
    );
    let chargers = &m["indicators"][0];
    assert_eq!(
        each(&chargers["targets"], "outcome"),
        ["not-met", "upcoming"],
        "160 of 200 by the end of 2024"
    );

    let share = &measure(&all, "green-share")["indicators"][0];
    assert_eq!(each(&share["targets"], "outcome"), ["met", "upcoming"]);
    assert_eq!(each(&share["targets"], "current"), [true, false]);

    let obs = Table::read(&out, "data/observations.csv");
    let outcomes: Vec<(&str, &str, &str)> = obs
        .rows_where("kind", "target")
        .iter()
        .map(|r| {
            (
                obs.cell(r, "indicator"),
                obs.cell(r, "period"),
                obs.cell(r, "outcome"),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("share", "2024", "met"),
            ("share", "2025", "upcoming"),
            ("chargers", "2024", "not-met"),
            ("chargers", "2025", "upcoming"),
        ]
    );
}

#[test]
fn observations_csv_has_a_flag_column_and_rows_for_updates_and_milestones() {
    let (_root, out) = built();
    let obs = Table::read(&out, "data/observations.csv");
    assert_eq!(
        obs.header,
        [
            "collection",
            "measure",
            "indicator",
            "kind",
            "period",
            "period_end",
            "op",
            "value",
            "text",
            "declared_status",
            "source_url",
            "flag",
            "outcome",
            "milestone",
            "done",
            "text_zh",
            "text_en",
            "note_zh",
            "note_en",
        ]
    );
    let flags: Vec<(&str, &str, &str, &str)> = obs
        .rows_where("indicator", "share")
        .iter()
        .map(|r| {
            (
                obs.cell(r, "kind"),
                obs.cell(r, "period"),
                obs.cell(r, "value"),
                obs.cell(r, "flag"),
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("baseline", "2023", "30.0", "estimated"),
            ("target", "2024", "33.0", ""),
            ("target", "2025", "36.0", ""),
            ("progress", "2024-01..2024-06", "31.8", "provisional"),
            ("progress", "2024-01..2024-09", "32.60", "revised"),
        ]
    );
    let revised = obs.rows_where("period", "2024-01..2024-09")[0];
    assert_eq!(obs.cell(revised, "period_end"), "2024-09-30");
    assert_eq!(
        obs.cell(revised, "note_en"),
        "Revised from 32.2 to 32.6 after a change of scope."
    );

    let updates: Vec<(&str, &str, &str, &str, &str)> = obs
        .rows_where("kind", "update")
        .iter()
        .map(|r| {
            (
                obs.cell(r, "measure"),
                obs.cell(r, "period"),
                obs.cell(r, "declared_status"),
                obs.cell(r, "text_en"),
                obs.cell(r, "source_url"),
            )
        })
        .collect();
    assert_eq!(
        updates,
        [
            (
                "carbon-plan",
                "2024-07-12",
                "",
                "The first draft is done and **out for comment**.",
                "https://example.org/bulletin/7"
            ),
            (
                "carbon-plan",
                "2024-09-30",
                "",
                "The expert review is put off to October.",
                ""
            ),
            (
                "reform",
                "2024-04-30",
                "on-track",
                "The trading rules are revised.",
                ""
            ),
            (
                "reform",
                "2024-09-30",
                "achieved",
                "The first trades are done.",
                ""
            ),
            (
                "reform",
                "2024-10-10",
                "",
                "Preparing the second round.",
                ""
            ),
        ]
    );
    for r in obs.rows_where("kind", "update") {
        assert_eq!(obs.cell(r, "indicator"), "", "an update is the measure's");
        assert_eq!(obs.cell(r, "period_end"), obs.cell(r, "period"));
        assert_eq!(
            obs.cell(r, "text"),
            obs.cell(r, "text_zh"),
            "text is in the default language"
        );
    }

    let milestones: Vec<(&str, &str, &str, &str, &str)> = obs
        .rows_where("kind", "milestone")
        .iter()
        .map(|r| {
            (
                obs.cell(r, "measure"),
                obs.cell(r, "milestone"),
                obs.cell(r, "period"),
                obs.cell(r, "done"),
                obs.cell(r, "outcome"),
            )
        })
        .collect();
    assert_eq!(
        milestones,
        [
            ("carbon-plan", "survey", "2024-03", "2024-03-20", "done"),
            ("carbon-plan", "draft", "2024-Q2", "2024-07-10", "done-late"),
            ("carbon-plan", "review", "2024-08", "", "overdue"),
            ("carbon-plan", "issue", "2024-12", "", "upcoming"),
            ("mixed", "sites", "2024-06", "", "overdue"),
        ]
    );
    let survey = obs.rows_where("milestone", "survey")[0];
    assert_eq!(obs.cell(survey, "text_en"), "Finish the emissions survey");
    assert_eq!(obs.cell(survey, "source_url"), "https://example.org/survey");

    // A measure's CSV holds its own rows, in the same columns.
    let own = Table::read(&out, "data/works/carbon-plan.csv");
    assert_eq!(own.header, obs.header);
    assert_eq!(own.rows.len(), 6, "two updates and four milestones");
    assert!(own
        .rows
        .iter()
        .all(|r| own.cell(r, "measure") == "carbon-plan"));
}

#[test]
fn indicators_csv_has_the_current_target_the_flags_and_the_metadata() {
    let (_root, out) = built();
    let ind = Table::read(&out, "data/indicators.csv");
    let share = ind.rows_where("indicator", "share")[0];
    for (column, value) in [
        ("target_period", "2024"),
        ("target_value", "33.0"),
        ("target_count", "2"),
        ("baseline_flag", "estimated"),
        ("target_flag", ""),
        ("latest_period", "2024-01..2024-09"),
        ("latest_value", "32.60"),
        ("latest_flag", "revised"),
        (
            "definition_en",
            "Clean-energy consumption as a share of all energy consumed.",
        ),
        ("definition_zh", "清洁能源消费量占能源消费总量的比重。"),
        ("method_en", "Computed on the equivalent-value basis."),
        ("data_source_zh", "区统计局能源统计"),
        ("frequency", "quarterly"),
        ("next_update", "2024-11-15"),
    ] {
        assert_eq!(ind.cell(share, column), value, "{column}");
    }
    let chargers = ind.rows_where("indicator", "chargers")[0];
    assert_eq!(ind.cell(chargers, "target_value"), "200");
    assert_eq!(ind.cell(chargers, "frequency"), "");
    assert_eq!(ind.cell(chargers, "definition_en"), "");
}

/// Every CSV the Data Package describes has exactly the columns of its
/// schema, and every cell fits its column's type and allowed values.
fn assert_datapackage_describes_the_csv(out: &Path) {
    let pkg = json(out, "data/datapackage.json");
    let all = pkg["resources"].as_array().unwrap();
    // The two workbooks are listed too, as plain resources beside the CSVs.
    let xlsx: Vec<&str> = all
        .iter()
        .filter(|r| r["format"] == "xlsx")
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(xlsx, ["indicators.xlsx", "observations.xlsx"]);
    let resources: Vec<&serde_json::Value> = all.iter().filter(|r| r["format"] == "csv").collect();
    assert_eq!(resources.len(), 2);
    for res in &resources {
        let path = res["path"].as_str().unwrap();
        let fields = res["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let mut tables = vec![Table::read(out, &format!("data/{path}"))];
        if path == "observations.csv" {
            // Each measure's CSV has the same columns.
            for e in walkdir::WalkDir::new(out.join("data")).min_depth(2) {
                let e = e.unwrap();
                if e.path().extension().is_some_and(|x| x == "csv") {
                    let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
                    tables.push(Table::read(out, &rel));
                }
            }
        }
        for table in &tables {
            assert_eq!(table.header, names, "{path}");
            for (field, name) in fields.iter().zip(&names) {
                assert!(
                    field["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{name} is described"
                );
                let allowed: Option<Vec<&str>> = field["constraints"]["enum"]
                    .as_array()
                    .map(|v| v.iter().map(|s| s.as_str().unwrap()).collect());
                let kind = field["type"].as_str().unwrap();
                for row in &table.rows {
                    let cell = table.cell(row, name);
                    if cell.is_empty() {
                        continue;
                    }
                    if let Some(allowed) = &allowed {
                        assert!(allowed.contains(&cell), "{path} {name}: {cell:?}");
                    }
                    let fits = match kind {
                        "string" => true,
                        "number" => cell.parse::<f64>().is_ok(),
                        "integer" => cell.parse::<i64>().is_ok(),
                        "boolean" => cell == "true" || cell == "false",
                        "date" => {
                            cell.len() == 10
                                && cell.as_bytes()[4] == b'-'
                                && cell.as_bytes()[7] == b'-'
                        }
                        other => panic!("{name}: unexpected type {other}"),
                    };
                    assert!(fits, "{path} {name} ({kind}): {cell:?}");
                }
            }
        }
    }
    let kinds: Vec<&str> = resources[1]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "flag")
        .unwrap()["constraints"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["estimated", "provisional", "revised", "proxy", "break"]
    );
}

#[test]
fn the_data_package_fields_match_the_csv_headers_exactly() {
    let (_root, out) = built();
    assert_datapackage_describes_the_csv(&out);
    for site in ["zh-default", "single-language"] {
        let root = temp_site(site, &[]);
        let out = build(root.path());
        assert_datapackage_describes_the_csv(&out);
    }
}

/// The entries of an Atom feed: (id, updated, title, summary).
fn feed_entries(xml: &str) -> Vec<(String, String, String, String)> {
    let tag = |entry: &str, name: &str| -> String {
        let open = entry.find(&format!("<{name}")).unwrap();
        let start = entry[open..].find('>').unwrap() + open + 1;
        let end = entry.find(&format!("</{name}>")).unwrap();
        entry[start..end].to_string()
    };
    xml.split("<entry>")
        .skip(1)
        .map(|e| {
            (
                tag(e, "id"),
                tag(e, "updated"),
                tag(e, "title"),
                tag(e, "summary"),
            )
        })
        .collect()
}

#[test]
fn the_feeds_carry_the_updates_newest_first_with_stable_ids() {
    let (_root, out) = built();
    for (file, prefix, declared) in [
        ("feed.xml", "https://example.org/plan/", "声明状态： 已完成"),
        (
            "en/feed.xml",
            "https://example.org/plan/en/",
            "Declared status: Achieved",
        ),
    ] {
        let xml = read(&out, file);
        let entries = feed_entries(&xml);
        let ids: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                format!("{prefix}works/reform/#update-2024-10-10"),
                format!("{prefix}works/carbon-plan/#update-2024-09-30"),
                format!("{prefix}works/reform/#update-2024-09-30"),
                format!("{prefix}works/green-share/#indicator-share/2024-01..2024-09"),
                format!("{prefix}works/mixed/#indicator-chargers/2024-Q3"),
                format!("{prefix}works/carbon-plan/#update-2024-07-12"),
                format!("{prefix}works/green-share/#indicator-share/2024-01..2024-06"),
                format!("{prefix}works/reform/#update-2024-04-30"),
            ],
            "{file}"
        );
        let updated: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(updated[0], "2024-10-10T00:00:00Z");
        assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(
            xml.contains("<updated>2024-10-10T00:00:00Z</updated>\n<author>"),
            "{file}: the feed is as new as its newest entry"
        );
        // An update's summary is its text as HTML, with the declared status.
        let first_trades = &entries[2].3;
        assert!(
            first_trades.contains(&format!("&lt;p&gt;{declared}&lt;/p&gt;")),
            "{file}: {first_trades}"
        );
        let bulletin = &entries[5].3;
        assert!(bulletin.contains("&lt;strong&gt;"), "{bulletin}");
        assert!(
            bulletin.contains("href=&quot;https://example.org/bulletin/7&quot;"),
            "{bulletin}"
        );
    }
    // The same content gives the same ids: built again, the feed is the same.
    let (_again, out2) = built();
    assert_eq!(read(&out, "feed.xml"), read(&out2, "feed.xml"));
}

/// The links of the entries of the updates list on a page, in order.
fn listed_links(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("ol.updates > li .update-head a").unwrap();
    doc.select(&sel)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn the_updates_page_and_the_dashboard_list_updates_and_progress_newest_first() {
    let (_root, out) = built();
    let expected = [
        "works/reform/#update-2024-10-10",
        "works/carbon-plan/#update-2024-09-30",
        "works/reform/#update-2024-09-30",
        "works/green-share/#indicator-share",
        "works/mixed/#indicator-chargers",
        "works/carbon-plan/#update-2024-07-12",
        "works/green-share/#indicator-share",
        "works/reform/#update-2024-04-30",
    ];
    let page = read(&out, "en/updates/index.html");
    let links = listed_links(&page);
    let want: Vec<String> = expected.iter().map(|e| format!("../../en/{e}")).collect();
    assert_eq!(links, want);
    let home = read(&out, "en/index.html");
    let want: Vec<String> = expected.iter().map(|e| format!("../en/{e}")).collect();
    assert_eq!(listed_links(&home), want, "the dashboard's latest updates");

    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("li.update-words").unwrap();
    let items: Vec<String> = doc
        .select(&sel)
        .map(|li| li.text().collect::<String>())
        .collect();
    assert_eq!(items.len(), 5);
    let bulletin = items
        .iter()
        .find(|t| t.contains("12 July 2024"))
        .expect("the update of 12 July");
    assert!(bulletin.contains("Key works 1 · Draft the district's carbon-peaking plan"));
    assert!(bulletin.contains("Source: Bureau work bulletin (15 July 2024)"));
    assert!(
        page.contains("<p>The first draft is done and <strong>out for comment</strong>.</p>"),
        "the text as Markdown"
    );
    let trades = items
        .iter()
        .find(|t| t.contains("30 September 2024") && t.contains("trades"))
        .unwrap();
    assert!(trades.contains("Declared status: ✓ Achieved"), "{trades}");

    // In the default language, at the root.
    let zh = read(&out, "updates/index.html");
    assert!(zh.contains("<p>方案初稿已形成,<strong>正在征求意见</strong>。</p>"));
    assert_eq!(listed_links(&zh).len(), expected.len());
}

#[test]
fn on_the_same_day_a_measures_update_comes_before_its_indicators_progress() {
    let share = std::fs::read_to_string(
        site_fixture("followed").join("content/works/green-share.yaml"),
    )
    .unwrap()
        + "updates:\n  - date: 2024-09-30\n    text: {zh: 三季度数据已发布。, en: The third-quarter figures are out.}\n";
    let (_root, out) = built_with(&[("content/works/green-share.yaml", &share)]);
    let links = listed_links(&read(&out, "en/updates/index.html"));
    let same_day: Vec<&str> = links[1..6]
        .iter()
        .map(|l| l.trim_start_matches("../../en/works/"))
        .collect();
    assert_eq!(
        same_day,
        [
            "carbon-plan/#update-2024-09-30",
            "reform/#update-2024-09-30",
            "green-share/#update-2024-09-30",
            "green-share/#indicator-share",
            "mixed/#indicator-chargers",
        ],
        "by measure, and within one the update first"
    );
}
