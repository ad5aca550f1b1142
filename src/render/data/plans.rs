//! The data across the plans of a site with several (SPEC §10): the
//! plans and the links between them, and every plan's records in the files
//! of one plan's `data/`, made by the same code, each with its plan and
//! series.

use super::*;

/// Writes the data across the plans of a site with several (SPEC §10):
/// `data/plans.json` (every plan and every lineage link) and its schema,
/// and under `data/all/` the files of one plan's `data/` — measures.json,
/// the two tables as CSV and workbooks, the Data Package — covering every
/// plan, each record with its `plan` and each indicator with its `series`.
/// Returns how many files were written (none for a one-plan site).
pub fn write_plans(plans: &Plans, base_url: &str, sink: &dyn Sink) -> Result<usize, WriteError> {
    if !plans.several() {
        return Ok(0);
    }
    // Each plan with the address of its pages, which its records' URLs
    // go under.
    let parts: Vec<(&Site, InPlan, String)> = plans
        .plans
        .iter()
        .filter_map(|site| {
            let plan = site.plan.as_ref()?;
            let in_plan = InPlan {
                id: &plan.id,
                lineages: &plans.lineages,
            };
            let base = urls::absolute(base_url, &urls::plan_root(&plan.id));
            Some((site, in_plan, base))
        })
        .collect();
    let files = vec![
        OutputFile::new(
            urls::data_file(urls::PLANS_JSON),
            pretty(&plans_json(plans, base_url)),
        ),
        OutputFile::new(
            urls::data_file(urls::PLANS_SCHEMA_JSON),
            pretty(&open::plans_schema()),
        ),
    ];
    let measures: Vec<(usize, usize, usize)> = parts
        .iter()
        .enumerate()
        .flat_map(|(pi, (site, ..))| {
            every_measure(site)
                .into_iter()
                .map(move |(ci, mi)| (pi, ci, mi))
        })
        .collect();
    let measures_json = || {
        stream_measures(
            sink,
            &urls::all_plans_data(urls::MEASURES_JSON),
            &measures,
            &|&(pi, ci, mi)| {
                let (site, plan, base) = &parts[pi];
                Ok(pretty(&measure_json(site, ci, mi, base, Some(*plan))))
            },
        )
    };
    // The tables of every plan, one after another, by the code that makes
    // each plan's own.
    let root = &plans.root;
    let tables = [
        Table {
            header: plan_columns(indicator_header(root)),
            sections: parts
                .iter()
                .map(|(site, plan, base)| indicator_section(site, base, Some(*plan)))
                .collect(),
        },
        Table {
            header: plan_columns(observation_header(root)),
            sections: parts
                .iter()
                .map(|(site, plan, _)| observation_section(site, Some(*plan)))
                .collect(),
        },
    ];
    let sources: Vec<&PlanSource> = parts
        .iter()
        .filter_map(|(site, ..)| site.config.source.as_ref())
        .collect();
    // Side by side, as a plan's own (see `write_part`).
    let (measures_json, folder) = rayon::join(measures_json, || {
        folder_files(root, &urls::all_plans_data, &tables, &sources, true, sink)
    });
    measures_json?;
    let folder = folder?;
    let count = files.len() + 1 + folder;
    files.into_par_iter().try_for_each(|f| sink.put(f))?;
    Ok(count)
}

/// `plans.json`: every plan, in period order, and every lineage link.
fn plans_json(plans: &Plans, base_url: &str) -> open::PlansFile {
    let date = |d: &Spanned<Date>| d.value.to_string();
    let plan_list = plans
        .plans
        .iter()
        .filter_map(|site| {
            let plan = site.plan.as_ref()?;
            let as_of = site.config.as_of.value;
            Some(open::Plan {
                id: plan.id.clone(),
                title: texts(&plan.title),
                kind: opt_texts(&plan.kind),
                period: open::PlanPeriod {
                    start: date(&plan.period.start),
                    end: date(&plan.period.end),
                },
                as_of: as_of.to_string(),
                closed: plan.period.end.value <= as_of,
                follows: plan.follows.as_ref().map(|f| f.value.clone()),
                parent: paths(&plan.parent),
                source: plan.source.as_ref().map(|s| open::PlanSource {
                    title: texts(&s.title),
                    url: s.url.as_ref().map(|u| u.value.clone()),
                    date: s.date.as_ref().map(date),
                    number: s.number.as_ref().map(|n| n.value.clone()),
                    issuer: opt_texts(&s.issuer),
                    index: s.index.as_ref().map(|i| i.value.clone()),
                    category: opt_texts(&s.category),
                    signed: s.signed.as_ref().map(date),
                    published: s.published.as_ref().map(date),
                }),
                discontinued: plan
                    .discontinued
                    .iter()
                    .map(|d| open::Discontinued {
                        path: d.target.value.clone(),
                        note: opt_texts(&d.note),
                    })
                    .collect(),
                measures: site.measure_count(),
                indicators: site.indicator_count(),
                url: urls::absolute(base_url, &urls::plan_root(&plan.id)),
            })
        })
        .collect();
    let links = plans
        .lineages
        .links
        .iter()
        .map(|l| open::Link {
            from: l.from.clone(),
            to: l.to.clone(),
            change: l.change,
            note: opt_texts(&l.note),
            kind: if l.indicator { "indicator" } else { "measure" },
        })
        .collect();
    open::PlansFile {
        format_version: open::FORMAT_VERSION,
        plans: plan_list,
        links,
    }
}

/// The data across the plans of a site with several (SPEC §10).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;
    use std::collections::BTreeMap;

    /// Two plans, the second following the first; its measure and
    /// indicator continue the first's. Invented figures.
    const FILES: &[(&str, &str)] = &[
        (
            "site.yaml",
            "title: {zh: 测试区目标, en: Test District targets}\nlanguages: [zh, en]\nbase_url: https://example.org/\nas_of: 2024-09-30\n",
        ),
        ("units.yaml", "- id: drc\n  name: {zh: 发改局, en: DRC}\n"),
        (
            "plans/2023/plan.yaml",
            "title: {zh: 2023年工作要点, en: Work plan 2023}\nkind: {zh: 工作要点, en: Work plan}\nperiod: {start: 2023-01-01, end: 2023-12-31}\n",
        ),
        (
            "plans/2023/goals/_collection.yaml",
            "title: {zh: 目标, en: Goals}\n",
        ),
        (
            "plans/2023/goals/income.yaml",
            "title: {zh: 收入, en: Income}\nlead: drc\nindicators:\n  - id: income\n    name: {zh: 收入, en: Income}\n    baseline: {period: 2022, value: 38000}\n    target: {period: 2023, value: 40000}\n    progress:\n      - {period: 2023, value: 40100}\n",
        ),
        (
            "plans/2024/plan.yaml",
            "title: {zh: 2024年工作要点, en: Work plan 2024}\nperiod: {start: 2024-01-01, end: 2024-12-31}\nfollows: 2023\nsource: {title: {zh: 通知, en: Notice}, url: \"https://example.org/2024.html\", date: 2024-02-01}\n",
        ),
        (
            "plans/2024/works/_collection.yaml",
            "title: {zh: 工作, en: Works}\n",
        ),
        (
            "plans/2024/works/earnings.yaml",
            "title: {zh: 居民收入, en: Earnings}\nlead: drc\ncontinues: 2023/goals/income\nchange: renamed\nindicators:\n  - id: income\n    name: {zh: 收入, en: Income}\n    continues: 2023/goals/income/income\n    target: {period: 2024, value: 42000}\n    progress:\n      - {period: 2024-Q2, value: 41000}\n  - id: new\n    name: {zh: 新指标, en: New}\n    target: {period: 2024, value: 5}\nupdates:\n  - {date: 2024-05-01, text: {zh: 已启动。, en: Started.}}\n",
        ),
    ];

    fn plans() -> (tempfile::TempDir, Plans) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in FILES {
            let path = dir.path().join("content").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let plans = match Plans::load(dir.path(), false) {
            Ok((plans, _)) => plans,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(plans.ids(), ["2023", "2024"]);
        (dir, plans)
    }

    fn written(plans: &Plans) -> (usize, BTreeMap<String, Vec<u8>>) {
        let sink = MemorySink::new(false);
        let count = write_plans(plans, "https://example.org/", &sink).unwrap();
        let files = sink
            .into_files()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        (count, files)
    }

    fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
        serde_json::from_slice(files.get(path).unwrap_or_else(|| panic!("{path} written"))).unwrap()
    }

    /// A CSV file as its header and rows of cells, by the csv crate.
    fn table(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<BTreeMap<String, String>> {
        let mut reader = ::csv::Reader::from_reader(files[path].as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        reader
            .records()
            .map(|r| {
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn plans_json_lists_every_plan_and_every_link() {
        let (_dir, plans) = plans();
        let (count, files) = written(&plans);
        assert_eq!(count, files.len());
        let doc = json(&files, "data/plans.json");
        let schema = json(&files, "data/plans.schema.json");
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(doc["format_version"], open::FORMAT_VERSION);
        let [first, second] = doc["plans"].as_array().unwrap().as_slice() else {
            panic!("two plans: {doc:#}");
        };
        assert_eq!(first["id"], "2023");
        assert_eq!(first["title"]["en"], "Work plan 2023");
        assert_eq!(first["kind"]["zh"], "工作要点");
        assert_eq!(
            first["period"],
            json!({"start": "2023-01-01", "end": "2023-12-31"})
        );
        assert_eq!(first["as_of"], "2024-09-30");
        assert_eq!(first["closed"], true, "ended before its as-of day");
        assert_eq!(first["follows"], Value::Null);
        assert_eq!(first["source"], Value::Null);
        assert_eq!(
            (&first["measures"], &first["indicators"]),
            (&json!(1), &json!(1))
        );
        assert_eq!(first["url"], "https://example.org/2023/");
        assert_eq!(second["id"], "2024");
        assert_eq!(second["closed"], false);
        assert_eq!(second["follows"], "2023");
        assert_eq!(second["parent"], json!([]));
        assert_eq!(second["source"]["url"], "https://example.org/2024.html");
        assert_eq!(second["source"]["date"], "2024-02-01");
        assert_eq!(
            (&second["measures"], &second["indicators"]),
            (&json!(1), &json!(2))
        );
        assert_eq!(
            doc["links"],
            json!([
                {"from": "2024/works/earnings", "to": "2023/goals/income", "change": "renamed", "note": null, "kind": "measure"},
                {"from": "2024/works/earnings/income", "to": "2023/goals/income/income", "change": "renamed", "note": null, "kind": "indicator"},
            ])
        );
    }

    #[test]
    fn the_data_across_plans_has_the_plan_and_series_of_every_record() {
        let (_dir, plans) = plans();
        let (_, files) = written(&plans);
        let measures = json(&files, "data/all/measures.json");
        let schema = json(&files, "data/all/measures.schema.json");
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&measures)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let [old, new] = measures.as_array().unwrap().as_slice() else {
            panic!("a measure per plan: {measures:#}");
        };
        assert_eq!(
            (&old["plan"], &old["id"]),
            (&json!("2023"), &json!("income"))
        );
        assert_eq!(old["url"], "https://example.org/2023/goals/income/");
        assert_eq!(old["indicators"][0]["series"], "2023/goals/income/income");
        assert_eq!(new["plan"], "2024");
        assert_eq!(new["continues"], json!(["2023/goals/income"]));
        assert_eq!(new["change"], "renamed");
        assert_eq!(
            new["indicators"][0]["url"],
            "https://example.org/2024/works/earnings/#indicator-income"
        );
        // The continued indicator joins its predecessor's series; a new
        // one starts its own.
        assert_eq!(new["indicators"][0]["series"], "2023/goals/income/income");
        assert_eq!(new["indicators"][1]["series"], "2024/works/earnings/new");

        // The tables: each one-plan table's columns, then plan and series.
        let one_plan =
            |header: Vec<Column>| -> Vec<String> { header.into_iter().map(|c| c.name).collect() };
        let header = |path: &str| -> Vec<String> {
            let mut reader = ::csv::Reader::from_reader(files[path].as_slice());
            reader.headers().unwrap().iter().map(String::from).collect()
        };
        let mut expected = one_plan(indicator_header(&plans.plans[0]));
        expected.extend(["plan".to_string(), "series".to_string()]);
        assert_eq!(header("data/all/indicators.csv"), expected);
        let mut expected = one_plan(observation_header(&plans.plans[0]));
        expected.extend(["plan".to_string(), "series".to_string()]);
        assert_eq!(header("data/all/observations.csv"), expected);

        let indicators = table(&files, "data/all/indicators.csv");
        let cells: Vec<(&str, &str, &str, &str)> = indicators
            .iter()
            .map(|r| {
                (
                    r["plan"].as_str(),
                    r["measure"].as_str(),
                    r["indicator"].as_str(),
                    r["series"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            cells,
            [
                ("2023", "income", "income", "2023/goals/income/income"),
                ("2024", "earnings", "income", "2023/goals/income/income"),
                ("2024", "earnings", "new", "2024/works/earnings/new"),
            ]
        );
        assert_eq!(
            indicators[1]["url"],
            "https://example.org/2024/works/earnings/#indicator-income"
        );

        let observations = table(&files, "data/all/observations.csv");
        let rows: Vec<(&str, &str, &str, &str)> = observations
            .iter()
            .map(|r| {
                (
                    r["plan"].as_str(),
                    r["kind"].as_str(),
                    r["period"].as_str(),
                    r["series"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2023", "baseline", "2022", "2023/goals/income/income"),
                ("2023", "target", "2023", "2023/goals/income/income"),
                ("2023", "progress", "2023", "2023/goals/income/income"),
                ("2024", "target", "2024", "2023/goals/income/income"),
                ("2024", "progress", "2024-Q2", "2023/goals/income/income"),
                ("2024", "target", "2024", "2024/works/earnings/new"),
                // An update is the measure's: no series.
                ("2024", "update", "2024-05-01", ""),
            ]
        );

        // The rows of each plan are the rows of its own tables, by the
        // same code: the one-plan files less the two columns.
        for (site, id) in plans.plans.iter().zip(["2023", "2024"]) {
            let own = written_one(site, &format!("https://example.org/{id}/"));
            for (all, name) in [
                (&indicators, "indicators.csv"),
                (&observations, "observations.csv"),
            ] {
                let mine: Vec<BTreeMap<String, String>> = all
                    .iter()
                    .filter(|r| r["plan"] == id)
                    .map(|r| {
                        let mut r = r.clone();
                        r.remove("plan");
                        r.remove("series");
                        r
                    })
                    .collect();
                assert_eq!(mine, table(&own, &format!("data/{name}")), "{id} {name}");
            }
        }

        // The workbooks hold the same tables; the Data Package describes them.
        for name in ["indicators.xlsx", "observations.xlsx"] {
            assert!(
                files[&format!("data/all/{name}")].starts_with(b"PK"),
                "{name}"
            );
        }
        let pkg = json(&files, "data/all/datapackage.json");
        assert_eq!(pkg["name"], "gongkai-all-plans-data");
        let fields: Vec<&str> = pkg["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header("data/all/indicators.csv"));
        assert_eq!(pkg["resources"][4]["schema"], urls::MEASURES_SCHEMA_JSON);
        assert_eq!(pkg["sources"][0]["path"], "https://example.org/2024.html");
    }

    fn written_one(site: &Site, base_url: &str) -> BTreeMap<String, Vec<u8>> {
        let sink = MemorySink::new(false);
        write(site, base_url, &sink).unwrap();
        sink.into_files()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect()
    }

    #[test]
    fn a_one_plan_site_has_no_data_across_plans() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites/single-language");
        let (plans, _) = Plans::load(&root, false).unwrap();
        let (count, files) = written(&plans);
        assert_eq!((count, files.len()), (0, 0));
    }
}
