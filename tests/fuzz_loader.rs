//! Property tests: whatever bytes or YAML a record file holds, loading never
//! panics and always ends in success or in positioned diagnostics.

mod common;

use common::*;
use proptest::prelude::*;

fn check_file(site: &std::path::Path, rel: &str, bytes: &[u8]) {
    std::fs::write(site.join(rel), bytes).unwrap();
    match gongkai::site::Site::load(site, false) {
        Ok(_) => {}
        Err(gongkai::site::LoadError::Content(d)) => {
            for problem in d.iter() {
                assert!(
                    problem.pos.line >= 1 && problem.pos.column >= 1,
                    "{problem}"
                );
                assert!(!problem.message.is_empty());
            }
        }
        Err(gongkai::site::LoadError::Io(e)) => panic!("unexpected I/O error {e}"),
    }
}

/// YAML built from the record vocabulary, so that decoding goes deep.
fn yaml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("1.60".to_string()),
        Just("\"1.60\"".to_string()),
        Just("-.inf".to_string()),
        Just("2024-Q2".to_string()),
        Just("2024".to_string()),
        Just(">=".to_string()),
        Just("~".to_string()),
        Just("drc".to_string()),
        Just("javascript:x".to_string()),
        Just("on-track".to_string()),
        "[a-z\u{4e00}-\u{4e10}]{0,6}".prop_map(|s| format!("\"{s}\"")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:e}")),
    ];
    let key = prop_oneof![
        Just("id"),
        Just("title"),
        Just("zh"),
        Just("en"),
        Just("fr"),
        Just("indicators"),
        Just("name"),
        Just("target"),
        Just("baseline"),
        Just("progress"),
        Just("period"),
        Just("value"),
        Just("op"),
        Just("text"),
        Just("lead"),
        Just("units"),
        Just("category"),
        Just("status"),
        Just("ref"),
        Just("source"),
        Just("url"),
        Just("tasks"),
        Just("direction"),
        Just("tolerance"),
        Just("decimals"),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(|entries| {
                let body: Vec<String> = entries
                    .into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let site = temp_site("zh-default", &[]);
        check_file(site.path(), "content/works/fuzz.yaml", &bytes);
    }

    #[test]
    fn arbitrary_yaml_never_panics(doc in yaml_value()) {
        let site = temp_site("zh-default", &[]);
        check_file(site.path(), "content/works/fuzz.yaml", doc.as_bytes());
        check_file(site.path(), "content/units.yaml", doc.as_bytes());
        check_file(site.path(), "content/site.yaml", doc.as_bytes());
    }
}
