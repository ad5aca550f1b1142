//! Interface strings of the default theme: every key the templates and the
//! renderer use exists in every `themes/default/i18n/*.yaml`, every key in
//! those files is used, and all the files hold the same keys.
//!
//! Templates read the strings through the global `t` (`{{ t.nav.home }}`).
//! The renderer reads them through a `Strings` value named `s` or `strings`
//! (`s.get("nav.home")`, `l.s.fill("table.caption", …)`, `self.get(…)` in
//! `impl Strings`). Keys the renderer builds at run time
//! (`format!("status.{}", …)`) are listed in `DYNAMIC` with the values they
//! take; the test fails when the source builds a key that is not listed, or
//! when a listed pattern is no longer in the source.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const STATUSES: &[&str] = &[
    "achieved",
    "on-track",
    "at-risk",
    "missed",
    "not-reported",
    "not-assessed",
];

/// The keys the renderer builds with `format!`, and the values of their
/// placeholder (the enum names in `status.rs`, `model.rs` and `period.rs`,
/// and the literal lists next to the `format!`).
const DYNAMIC: &[(&str, &[&str])] = &[
    ("status.{}", STATUSES),
    ("status_meaning.{}", STATUSES),
    (
        "reason.{}",
        &[
            "no-progress",
            "qualitative",
            "declared",
            "met",
            "within-tolerance",
            "outside-tolerance",
            "met-early",
            "met-early-year",
            "on-path",
            "behind-path",
            "on-share",
            "behind-share",
            "missed",
        ],
    ),
    (
        "measure.direction_{}",
        &["increase", "decrease", "maintain", "none"],
    ),
    ("measure.{kind}", &["kind_baseline", "kind_target"]),
    ("period.h{h}", &["1", "2"]),
    (
        "methodology.{k}",
        &[
            "rule_latest",
            "rule_path",
            "rule_early",
            "rule_share",
            "rule_direction",
            "rule_maintain",
            "rule_missed",
            "rule_declared",
            "rule_targets",
            "rule_ranges",
            "rule_flags",
            "rule_milestones",
            "rule_measure",
        ],
    ),
    (
        "milestone_reason.{key}",
        &[
            "all-done",
            "plan-ended",
            "overdue",
            "nothing-overdue",
            "nothing-overdue-next",
            "more",
        ],
    ),
    (
        "measure.milestone_state_{}",
        &["done", "done-late", "overdue", "upcoming"],
    ),
    ("measure.flag_{}", FLAGS),
    ("measure.flag_meaning_{}", FLAGS),
    (
        "measure.outcome_{}",
        &["met", "not-met", "not-reported", "upcoming"],
    ),
    (
        "measure.frequency_{}",
        &["annual", "half-yearly", "quarterly", "monthly", "irregular"],
    ),
    // Releases and what changed: the kinds of change (`Kind::key`).
    (
        "changes.kind.{}",
        &[
            "measure_added",
            "measure_removed",
            "indicator_added",
            "indicator_removed",
            "milestone_added",
            "milestone_removed",
            "progress_added",
            "update_added",
            "value_revised",
            "baseline_changed",
            "target_changed",
            "status_changed",
            "milestone_done",
            "title_changed",
            "summary_changed",
            "task_changed",
        ],
    ),
    // The data page: each column of the two CSV files
    // (`render/data.rs`: `indicator_header`, `observation_header`; a column
    // per language by its prefix and `_lang`).
    (
        "datafields.{}",
        &[
            "indicators.collection",
            "indicators.measure",
            "indicators.indicator",
            "indicators.name_lang",
            "indicators.unit_lang",
            "indicators.direction",
            "indicators.accumulation",
            "indicators.baseline_period",
            "indicators.baseline_op",
            "indicators.baseline_value",
            "indicators.baseline_text",
            "indicators.target_period",
            "indicators.target_op",
            "indicators.target_value",
            "indicators.target_text",
            "indicators.latest_period",
            "indicators.latest_value",
            "indicators.status",
            "indicators.status_declared",
            "indicators.url",
            "indicators.target_count",
            "indicators.baseline_flag",
            "indicators.target_flag",
            "indicators.latest_flag",
            "indicators.definition_lang",
            "indicators.method_lang",
            "indicators.data_source_lang",
            "indicators.frequency",
            "indicators.next_update",
            "observations.collection",
            "observations.measure",
            "observations.indicator",
            "observations.kind",
            "observations.period",
            "observations.period_end",
            "observations.op",
            "observations.value",
            "observations.text",
            "observations.declared_status",
            "observations.source_url",
            "observations.flag",
            "observations.outcome",
            "observations.milestone",
            "observations.done",
            "observations.text_lang",
            "observations.note_lang",
        ],
    ),
];

const FLAGS: &[&str] = &["estimated", "provisional", "revised", "proxy", "break"];

/// The methods of `Strings` that take a key as their first argument.
const KEY_METHODS: &[&str] = &["get", "get_str", "fill", "list_item"];

/// The names a `Strings` value goes by in the renderer.
const RECEIVERS: &[&str] = &["s", "strings"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The dotted paths of the leaves of a strings file. A list (`months`) is
/// one leaf.
fn leaf_keys(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_keys(v, &key, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// Each strings file of the default theme → its keys.
fn theme_keys() -> BTreeMap<String, BTreeSet<String>> {
    let files = files_under(&root().join("themes/default/i18n"), "yaml");
    assert!(files.len() >= 2, "the default theme has zh and en strings");
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let value: serde_json::Value =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", rel(path)));
            let mut keys = BTreeSet::new();
            leaf_keys(&value, "", &mut keys);
            (rel(path), keys)
        })
        .collect()
}

/// A key as used, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    /// A dotted key; a whole section when the template reads a map
    /// (`t.status[x]`, `for k, v in t.status`).
    key: String,
    at: String,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The Tera code of a template: the insides of `{{ }}` and `{% %}`, with
/// their offsets; comments and the HTML around are left out.
fn tera_code(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = text[i..].find('{').map(|s| s + i) {
        let close = match text.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let from = start + 2;
        let to = text[from..].find(close).map_or(text.len(), |e| e + from);
        if close != "#}" {
            out.push((from, &text[from..to]));
        }
        i = (to + 2).min(text.len());
    }
    out
}

/// Every `t.a.b`, `t["a"]` and `t.a[x]` in the templates.
fn template_uses() -> Vec<Use> {
    let mut uses = Vec::new();
    for path in files_under(&root().join("themes/default/templates"), "html") {
        let text = std::fs::read_to_string(&path).unwrap();
        for (offset, code) in tera_code(&text) {
            let b = code.as_bytes();
            let mut quote = None;
            for i in 0..b.len() {
                // Skip string literals: `"don't"` holds no use of `t`.
                match quote {
                    Some(q) if b[i] == q => quote = None,
                    Some(_) => continue,
                    None if matches!(b[i], b'"' | b'\'' | b'`') => quote = Some(b[i]),
                    None => {}
                }
                if quote.is_some()
                    || b[i] != b't'
                    || (i > 0 && (is_ident(b[i - 1]) || b[i - 1] == b'.'))
                    || b.get(i + 1).is_some_and(|&c| is_ident(c))
                {
                    continue;
                }
                let at = format!("{}:{}", rel(&path), line_of(&text, offset + i));
                let (key, whole) = strings_path(&code[i + 1..]);
                assert!(
                    !whole,
                    "{at}: the template uses `t` as a whole; the key test cannot \
                     tell which strings it needs (or a variable is named `t`)"
                );
                uses.push(Use { key, at });
            }
        }
    }
    uses
}

/// The dotted path that follows a `t`: `.a.b`, `["a"]`, stopping at a
/// computed index. Returns the path and whether `t` was read as a whole
/// (`t | json_encode`, `t[name]`).
fn strings_path(rest: &str) -> (String, bool) {
    let b = rest.as_bytes();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'.') {
            let end = b[i + 1..]
                .iter()
                .position(|&c| !is_ident(c))
                .map_or(b.len(), |e| e + i + 1);
            parts.push(rest[i + 1..end].to_string());
            i = end;
        } else if b.get(i) == Some(&b'[') && matches!(b.get(i + 1), Some(b'"' | b'\'')) {
            let quote = b[i + 1] as char;
            match rest[i + 2..].find(quote) {
                Some(e) if b.get(i + 2 + e + 1) == Some(&b']') => {
                    parts.push(rest[i + 2..i + 2 + e].to_string());
                    i = i + 2 + e + 2;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    (parts.join("."), parts.is_empty())
}

/// A string literal at the start of `s` (after blanks), and its end.
fn literal_at(s: &str) -> Option<(String, usize)> {
    let start = s.len() - s.trim_start().len();
    let body = s[start..].strip_prefix('"')?;
    let end = body.find('"')?;
    let lit = &body[..end];
    (!lit.contains('\\')).then(|| (lit.to_string(), start + 1 + end + 1))
}

/// A `format!("…")` at the start of `s` (after blanks and an `&`): its
/// template string.
fn format_at(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = s.strip_prefix('&').unwrap_or(s).trim_start();
    let s = s.strip_prefix("format!(")?;
    literal_at(s).map(|(lit, _)| lit)
}

/// Whether a `format!` template reads as a key with a placeholder:
/// `section.name_{x}`.
fn looks_like_key_pattern(lit: &str) -> bool {
    let Some((prefix, rest)) = lit.split_once('{') else {
        return false;
    };
    let Some((_, suffix)) = rest.split_once('}') else {
        return false;
    };
    let key_chars = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_.-".contains(&c))
    };
    prefix.contains('.')
        && !prefix.starts_with('.')
        && key_chars(prefix)
        && key_chars(suffix)
        && !rest.contains('{')
}

/// The keys the renderer passes to `Strings`, and the key patterns it
/// builds with `format!`.
fn rust_uses(sections: &BTreeSet<String>) -> (Vec<Use>, BTreeMap<String, String>) {
    let mut uses = Vec::new();
    let mut patterns: BTreeMap<String, String> = BTreeMap::new();
    for path in files_under(&root().join("src"), "rs") {
        let text = std::fs::read_to_string(&path).unwrap();
        let is_strings_impl = text.contains("impl Strings");
        let at = |i: usize| format!("{}:{}", rel(&path), line_of(&text, i));
        // Calls of a `Strings` method with a key.
        for method in KEY_METHODS {
            let needle = format!(".{method}(");
            for (i, _) in text.match_indices(&needle) {
                let before = text[..i].trim_end();
                let name_start = before
                    .bytes()
                    .rposition(|c| !is_ident(c))
                    .map_or(0, |p| p + 1);
                let receiver = &before[name_start..];
                if !(RECEIVERS.contains(&receiver) || is_strings_impl && receiver == "self") {
                    continue;
                }
                let args = &text[i + needle.len()..];
                if let Some((key, _)) = literal_at(args) {
                    uses.push(Use { key, at: at(i) });
                } else if let Some(pattern) = format_at(args) {
                    patterns.entry(pattern).or_insert_with(|| at(i));
                }
            }
        }
        // Keys built first and passed later (`let key = format!("reason.{}", …)`).
        for (i, _) in text.match_indices("format!(") {
            if let Some(lit) = format_at(&text[i..]) {
                let section = lit.split(['.', '{']).next().unwrap_or("");
                if looks_like_key_pattern(&lit) && sections.contains(section) {
                    patterns.entry(lit).or_insert_with(|| at(i));
                }
            }
        }
    }
    (uses, patterns)
}

fn expand(pattern: &str, values: &[&str]) -> Vec<String> {
    let (prefix, rest) = pattern.split_once('{').unwrap();
    let (_, suffix) = rest.split_once('}').unwrap();
    values
        .iter()
        .map(|v| format!("{prefix}{v}{suffix}"))
        .collect()
}

/// Whether `key` (a leaf or a whole section) is in `keys`.
fn defined(keys: &BTreeSet<String>, key: &str) -> bool {
    let section = format!("{key}.");
    keys.contains(key) || keys.iter().any(|k| k.starts_with(&section))
}

/// Whether the leaf `leaf` is read by a use of `key`.
fn covers(key: &str, leaf: &str) -> bool {
    leaf == key || leaf.starts_with(key) && leaf.as_bytes().get(key.len()) == Some(&b'.')
}

#[test]
fn every_interface_string_is_defined_everywhere_and_used() {
    let files = theme_keys();
    let all: BTreeSet<String> = files.values().flatten().cloned().collect();
    let sections: BTreeSet<String> = all
        .iter()
        .map(|k| k.split('.').next().unwrap().to_string())
        .collect();

    let mut uses = template_uses();
    let from_templates = uses.len();
    let (rust, patterns) = rust_uses(&sections);
    let from_rust = rust.len();
    uses.extend(rust);
    let mut problems = Vec::new();
    for (pattern, at) in &patterns {
        match DYNAMIC.iter().find(|(p, _)| p == pattern) {
            Some((_, values)) => {
                for key in expand(pattern, values) {
                    uses.push(Use {
                        key,
                        at: at.clone(),
                    });
                }
            }
            None => problems.push(format!(
                "{at}: the key pattern {pattern:?} is built at run time; \
                 list its values in DYNAMIC in tests/i18n_keys.rs"
            )),
        }
    }
    for (pattern, _) in DYNAMIC {
        if !patterns.contains_key(*pattern) {
            problems.push(format!(
                "DYNAMIC lists {pattern:?}, which no longer appears in src/; remove it"
            ));
        }
    }
    // The scan found the keys: a renamed receiver would leave most unused.
    assert!(
        from_templates > 50,
        "{from_templates} uses found in templates"
    );
    assert!(from_rust > 20, "{from_rust} uses found in src/");

    for (file, keys) in &files {
        for u in &uses {
            if !defined(keys, &u.key) {
                problems.push(format!("{}: key {:?} is missing from {file}", u.at, u.key));
            }
        }
        for leaf in keys {
            if !uses.iter().any(|u| covers(&u.key, leaf)) {
                problems.push(format!("{file}: key {leaf:?} is not used"));
            }
        }
        for other in all.difference(keys) {
            problems.push(format!("{file}: lacks {other:?}, which another file has"));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems with the interface strings:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn the_scanners_read_each_form_of_use() {
    assert_eq!(strings_path(".nav.home }}"), ("nav.home".into(), false));
    assert_eq!(
        strings_path(".list_separator)"),
        ("list_separator".into(), false)
    );
    assert_eq!(strings_path("[\"nav\"].home"), ("nav.home".into(), false));
    assert_eq!(strings_path(".status[st]"), ("status".into(), false));
    assert_eq!(strings_path(" | json_encode"), (String::new(), true));
    assert_eq!(strings_path("[name]"), (String::new(), true));
    let code: Vec<&str> = tera_code("<p>t.x</p>{{ t.a }}{# t.b #}{% if t.c %}")
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    assert_eq!(code, [" t.a ", " if t.c "]);
    assert_eq!(
        format_at(" &format!(\"status.{}\", x)"),
        Some("status.{}".into())
    );
    assert!(looks_like_key_pattern("measure.direction_{}"));
    assert!(looks_like_key_pattern("period.h{h}"));
    assert!(!looks_like_key_pattern("{I18N_DIR}{lang}.yaml"));
    assert!(!looks_like_key_pattern("data/{id}.json"));
    assert!(!looks_like_key_pattern("indicator-{}"));
    assert!(covers("status", "status.missed") && !covers("stat", "status.missed"));
    assert_eq!(
        expand("measure.direction_{}", &["none"]),
        ["measure.direction_none"]
    );
}

/// Every string of a strings file, by dotted key (list items as `key[i]`).
fn leaf_strings(value: &serde_json::Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_strings(v, &key, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaf_strings(v, &format!("{prefix}[{i}]"), out);
            }
        }
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        _ => {}
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The half-width punctuation in a Chinese string that should be
/// full-width (，：；？！（）), with its place: none inside a `{placeholder}`,
/// a `` `code` `` span or a URL, and none between two digits (`41,200`,
/// `12:30`). A string without a Han character is not Chinese (`.`,
/// `number.group`) and is left alone.
fn half_width_punctuation(s: &str) -> Vec<(usize, char)> {
    if !s.chars().any(is_han) {
        return Vec::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let skip_to = |close: char| chars[i + 1..].iter().position(|&x| x == close);
        match c {
            '{' | '`' => {
                let close = if c == '{' { '}' } else { '`' };
                if let Some(n) = skip_to(close) {
                    i += n + 2;
                    continue;
                }
            }
            'h' if chars[i..].starts_with(&['h', 't', 't', 'p']) => {
                while i < chars.len() && !chars[i].is_whitespace() && !is_han(chars[i]) {
                    i += 1;
                }
                continue;
            }
            ',' | ':' | ';' | '?' | '!' | '(' | ')' => {
                let digit = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|d| d.is_ascii_digit())
                };
                let between_digits =
                    matches!(c, ',' | ':') && digit(i.checked_sub(1)) && digit(Some(i + 1));
                if !between_digits {
                    found.push((i, c));
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// zh.yaml mixed half-width and full-width punctuation (`尚未达到目标,但`
/// beside `例如：托育`): Chinese strings use full-width punctuation.
#[test]
fn zh_strings_use_full_width_punctuation() {
    let path = root().join("themes/default/i18n/zh.yaml");
    let value: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut strings = Vec::new();
    leaf_strings(&value, "", &mut strings);
    assert!(strings.len() > 300, "{}", strings.len());
    let problems: Vec<String> = strings
        .iter()
        .filter_map(|(key, s)| {
            let found = half_width_punctuation(s);
            (!found.is_empty()).then(|| {
                let marks: String = found.iter().map(|(_, c)| *c).collect();
                format!("{key}: {s:?} has half-width `{marks}`")
            })
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} Chinese strings with half-width punctuation:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn the_punctuation_check_skips_placeholders_code_urls_and_numbers() {
    assert_eq!(
        half_width_punctuation("尚未达到目标,但(目标)"),
        vec![(6, ','), (8, '('), (11, ')')]
    );
    assert!(half_width_punctuation("{a,b}为`x: y`，见https://example.org/a?b=1;c").is_empty());
    assert!(half_width_punctuation("共41,200元，12:30").is_empty());
    assert!(
        half_width_punctuation("Status: (a, b)").is_empty(),
        "not Chinese"
    );
}
