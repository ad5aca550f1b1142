//! `init`, `new` and `schema`.

mod common;

use common::*;

#[test]
fn init_creates_a_site_that_passes_strict_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("newsite");
    let out = gongkai(&["init", site.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = gongkai_in(&site, &["check", "--strict"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // checked_1_measures_in_1_collections: the count is in the singular.
    assert!(
        stderr(&out).contains("checked 1 measure in 1 collection: no errors, 1 warning"),
        "{}",
        stderr(&out)
    );
    // home_page_says_1_measures_in_1_collections: nor does the home page.
    let public = site.join("public");
    let out = gongkai_in(&site, &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let en = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(
        en.contains("1 measure in 1 collection, with 1 indicator."),
        "{en}"
    );
    // A second init refuses to touch the existing site.
    assert_eq!(code(&gongkai(&["init", site.to_str().unwrap()])), 2);
}

#[test]
fn new_scaffolds_a_measure_that_passes_once_filled() {
    let site = temp_site("zh-default", &[]);
    let out = gongkai_in(site.path(), &["new", "works", "water-supply"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = site.path().join("content/works/water-supply.yaml");
    let skeleton = std::fs::read_to_string(&path).unwrap();
    assert!(skeleton.contains("category: income"), "{skeleton}");
    // Unfilled, it is reported, with positions.
    let (exit, lines) = check_lines(site.path(), &[]);
    assert_eq!(exit, 1);
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("content/works/water-supply.yaml:5:7: error: title (zh) is empty")),
        "{lines:?}"
    );
    let filled = skeleton
        .replace("  zh: \"\"", "  zh: 供水")
        .replace("  en: \"\"", "  en: Water supply")
        .replace("lead: []", "lead: [drc]");
    std::fs::write(&path, filled).unwrap();
    let out = gongkai_in(site.path(), &["check", "--strict"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Existing files, unknown collections and bad ids are usage errors.
    assert_eq!(
        code(&gongkai_in(site.path(), &["new", "works", "water-supply"])),
        2
    );
    assert_eq!(code(&gongkai_in(site.path(), &["new", "nowhere", "x"])), 2);
    assert_eq!(
        code(&gongkai_in(site.path(), &["new", "works", "Bad Id"])),
        2
    );
}

fn schema(kind: &str) -> serde_json::Value {
    let out = gongkai(&["schema", kind]);
    assert_eq!(code(&out), 0);
    serde_json::from_slice(&out.stdout).expect("schema is JSON")
}

fn yaml_as_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(text.trim_start_matches('\u{feff}')).expect("fixture YAML")
}

fn schema_for(path: &std::path::Path) -> &'static str {
    match path.file_name().unwrap().to_str().unwrap() {
        "site.yaml" => "site",
        "units.yaml" => "units",
        "_collection.yaml" => "collection",
        _ => "measure",
    }
}

#[test]
fn schemas_accept_every_valid_fixture_and_the_shipped_content() {
    let validators: std::collections::HashMap<&str, jsonschema::Validator> =
        ["measure", "collection", "site", "units"]
            .into_iter()
            .map(|k| {
                (
                    k,
                    jsonschema::validator_for(&schema(k)).expect("valid JSON Schema"),
                )
            })
            .collect();
    // site.yaml of a site with plans/ leaves the plan's own fields (period
    // among them) to each plan.yaml; the site schema requires one yet.
    let mut with_plans = schema("site");
    if let Some(required) = with_plans["required"].as_array_mut() {
        required.retain(|k| k != "period");
    }
    let with_plans = jsonschema::validator_for(&with_plans).expect("valid JSON Schema");
    let roots = [
        site_fixture("zh-default"),
        site_fixture("en-subpath"),
        site_fixture("single-language"),
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    ];
    let mut checked = 0;
    for root in roots {
        for entry in walkdir::WalkDir::new(root.join("content")) {
            let entry = entry.unwrap();
            let path = entry.path();
            // `gongkai schema` has no kind for a plan's plan.yaml (SPEC §10) yet.
            if path.extension().is_none_or(|e| e != "yaml")
                || path.file_name().is_some_and(|n| n == "plan.yaml")
            {
                continue;
            }
            let instance = yaml_as_json(path);
            let several = root.join("content/plans").is_dir();
            let validator = match schema_for(path) {
                "site" if several => &with_plans,
                kind => &validators[kind],
            };
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} files checked");
}

#[test]
fn the_measure_schema_rejects_what_check_rejects() {
    let validator = jsonschema::validator_for(&schema("measure")).unwrap();
    let typo: serde_json::Value = serde_json::json!({"titel": "x"});
    assert!(!validator.is_valid(&typo));
    let bad_direction = serde_json::json!({"title": "x", "indicators": [{"id": "a", "name": "A", "direction": "up"}]});
    assert!(!validator.is_valid(&bad_direction));
    let good = serde_json::json!({"title": "x", "indicators": [{"ref": "a/b/c"}, {"id": "a", "name": {"zh": "甲"}, "target": {"period": 2024, "op": ">=", "value": "1.60"}}]});
    assert!(
        validator.is_valid(&good),
        "{:?}",
        validator
            .iter_errors(&good)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn schema_out_writes_all_four_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongkai(&["schema", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    for f in ["measure", "collection", "site", "units"] {
        assert!(dir.path().join(format!("{f}.schema.json")).is_file());
    }
}
