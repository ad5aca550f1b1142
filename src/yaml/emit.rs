//! YAML out: the one emitter of the records that commands write new
//! (`plan new`, `plan import`). A record is built as a list of keys and
//! [`Value`]s and written in block style, readable as a person would type
//! it: short texts and bounds on one line (`{zh: …, en: …}`), Markdown in
//! literal blocks, long lines of words folded, comments where they are
//! put. Every scalar goes through the scalar rules beside it
//! ([`super::string`], [`super::quoted`]), so that what is written reads
//! back as the same string; the callers still decode what they write
//! before it is written.

/// A YAML value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar already in YAML form.
    Scalar(String),
    /// Text: a plain or quoted scalar, a literal block for lines, a folded
    /// block for a long line of words.
    Str(String),
    Map(Vec<(String, Value)>),
    /// A one-line `{k: v, …}` of scalars already in YAML form.
    Flow(Vec<(String, String)>),
    /// A one-line `[a, b]` of scalars already in YAML form.
    FlowSeq(Vec<String>),
    /// A block list of mappings or scalars.
    Seq(Vec<Value>),
    /// A comment line where the entry would be (the key is not written).
    Comment(String),
}

/// A file: the comment lines of `header`, then `entries`.
pub fn document(header: &[&str], entries: &[(String, Value)]) -> String {
    let mut out = String::new();
    for line in header {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    emit(&mut out, 0, entries, false);
    out
}

/// One item of a top-level list: `- key: value` and the keys after it.
pub fn item(entries: &[(String, Value)]) -> String {
    let mut out = String::new();
    emit(&mut out, 2, entries, true);
    out
}

/// A scalar inside a flow collection (`{…}`, `[…]`): plain where YAML
/// reads it back as the same string and it holds no flow indicator, else
/// double-quoted.
pub fn flow_scalar(s: &str) -> String {
    let plain = super::string(s);
    if plain == s && !s.contains([',', '[', ']', '{', '}']) {
        plain
    } else {
        super::quoted(s)
    }
}

/// `{k: v, …}` of scalars already in YAML form.
pub fn flow_map(pairs: &[(String, String)]) -> String {
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", inner.join(", "))
}

/// A text (each language and its string, in the order to write them) as
/// the records write texts: on one line when it is short and each string
/// a scalar a flow mapping keeps, else a block mapping.
pub fn text(pairs: &[(&str, &str)]) -> Value {
    let flow: Option<Vec<(String, String)>> = pairs
        .iter()
        .map(|(l, s)| {
            let plain = super::string(s);
            let safe = !s.contains('\n')
                && (plain.starts_with('"') || !plain.contains([',', '[', ']', '{', '}']));
            safe.then(|| (l.to_string(), plain))
        })
        .collect();
    if let Some(flow) = flow.filter(|f| {
        !f.is_empty()
            && f.iter()
                .map(|(l, s)| l.len() + s.chars().count() + 4)
                .sum::<usize>()
                <= 48
    }) {
        return Value::Flow(flow);
    }
    Value::Map(
        pairs
            .iter()
            .map(|(l, s)| (l.to_string(), Value::Str(s.to_string())))
            .collect(),
    )
}

/// A text always on one line, `{zh: …, en: …}`, each string quoted where
/// a flow mapping needs it (as a table's cells are imported).
pub fn text_on_one_line(pairs: &[(&str, &str)]) -> Value {
    Value::Flow(
        pairs
            .iter()
            .map(|(l, s)| (l.to_string(), flow_scalar(s)))
            .collect(),
    )
}

/// A text that a literal block keeps exactly: lines, no leading space, no
/// character a block would change.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n', '\t'])
        && !s.chars().any(|c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
        })
}

/// A long line of words, which a folded block (`>-`) writes over several
/// lines and reads back as it is: single spaces only, nothing a block
/// would change.
fn folded_ok(s: &str, indent: usize) -> bool {
    s.chars().count() + indent > 78
        && s.contains(' ')
        && !s.contains("  ")
        && s.trim() == s
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// Words into lines of at most `width` characters (a longer word alone).
fn fold(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn emit(out: &mut String, indent: usize, entries: &[(String, Value)], dash: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        let pad = if dash && i == 0 {
            format!("{}- ", " ".repeat(indent - 2))
        } else {
            " ".repeat(indent)
        };
        match value {
            Value::Comment(c) => {
                out.push_str(&format!("{pad}# {c}\n"));
            }
            Value::Scalar(s) => out.push_str(&format!("{pad}{key}: {s}\n")),
            Value::Str(s) if literal_ok(s) => {
                let trailing = s.len() - s.trim_end_matches('\n').len();
                let chomp = match trailing {
                    0 => "-",
                    1 => "",
                    _ => "+",
                };
                out.push_str(&format!("{pad}{key}: |{chomp}\n"));
                let body = s.strip_suffix('\n').unwrap_or(s);
                for line in body.split('\n') {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(&format!("{}{line}\n", " ".repeat(indent + 2)));
                    }
                }
            }
            Value::Str(s) if folded_ok(s, indent) => {
                out.push_str(&format!("{pad}{key}: >-\n"));
                for line in fold(s, 78 - indent - 2) {
                    out.push_str(&format!("{}{line}\n", " ".repeat(indent + 2)));
                }
            }
            Value::Str(s) => out.push_str(&format!("{pad}{key}: {}\n", super::string(s))),
            Value::Map(m) => {
                out.push_str(&format!("{pad}{key}:\n"));
                emit(out, indent + 2, m, false);
            }
            Value::Flow(m) => {
                out.push_str(&format!("{pad}{key}: {}\n", flow_map(m)));
            }
            Value::FlowSeq(items) => {
                out.push_str(&format!("{pad}{key}: [{}]\n", items.join(", ")));
            }
            Value::Seq(items) => {
                out.push_str(&format!("{pad}{key}:\n"));
                for item in items {
                    let dash = format!("{}- ", " ".repeat(indent + 2));
                    match item {
                        Value::Map(m) => emit(out, indent + 4, m, true),
                        Value::Scalar(s) => out.push_str(&format!("{dash}{s}\n")),
                        Value::Flow(m) => out.push_str(&format!("{dash}{}\n", flow_map(m))),
                        Value::Str(s) => out.push_str(&format!("{dash}{}\n", super::string(s))),
                        Value::FlowSeq(items) => {
                            out.push_str(&format!("{dash}[{}]\n", items.join(", ")))
                        }
                        Value::Comment(c) => {
                            out.push_str(&format!("{}# {c}\n", " ".repeat(indent + 2)))
                        }
                        // A list in a list, on one line.
                        Value::Seq(_) => out.push_str(&format!("{dash}{}\n", inline(item))),
                    }
                }
            }
        }
    }
}

/// A value on one line, as it is written inside a flow collection (a
/// text inside a bound: `{period: 2023, text: {zh: …}}`).
pub fn inline(v: &Value) -> String {
    match v {
        Value::Scalar(s) => s.clone(),
        Value::Str(s) => flow_scalar(s),
        Value::Flow(m) => flow_map(m),
        Value::FlowSeq(items) => format!("[{}]", items.join(", ")),
        Value::Map(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Seq(items) => {
            let inner: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Comment(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Scalar(v.to_string())
    }

    #[test]
    fn a_record_in_block_style() {
        let entries = vec![
            ("number".to_string(), s("3")),
            (
                "title".to_string(),
                text(&[("zh", "标题"), ("en", "A title")]),
            ),
            ("lead".to_string(), Value::FlowSeq(vec!["drc".into()])),
            (
                "indicators".to_string(),
                Value::Seq(vec![Value::Map(vec![
                    ("id".to_string(), s("a")),
                    ("name".to_string(), text_on_one_line(&[("zh", "甲, 乙")])),
                    (String::new(), Value::Comment("to fill".into())),
                ])]),
            ),
            ("summary".to_string(), Value::Str("two\nlines\n".into())),
        ];
        assert_eq!(
            document(&["Made here.", ""], &entries),
            "# Made here.\n#\nnumber: 3\ntitle: {zh: 标题, en: A title}\nlead: [drc]\nindicators:\n  - id: a\n    name: {zh: \"甲, 乙\"}\n    # to fill\nsummary: |\n  two\n  lines\n"
        );
        assert_eq!(
            item(&[
                ("id".to_string(), s("u-01")),
                (
                    "name".to_string(),
                    Value::Map(vec![("zh".to_string(), Value::Str("区气象局".into()))])
                )
            ]),
            "- id: u-01\n  name:\n    zh: 区气象局\n"
        );
    }

    #[test]
    fn texts_on_one_line_or_in_a_block() {
        assert_eq!(
            text(&[("zh", "人均生产总值"), ("en", "Per-capita GDP")]),
            Value::Flow(vec![
                ("zh".into(), "人均生产总值".into()),
                ("en".into(), "Per-capita GDP".into())
            ])
        );
        // A comma in a plain scalar, or too long a line: a block; a
        // quoted scalar keeps its comma on one line.
        assert!(matches!(text(&[("en", "yuan, per person")]), Value::Map(_)));
        assert_eq!(
            text(&[("en", "10,000 yuan")]),
            Value::Flow(vec![("en".into(), "\"10,000 yuan\"".into())])
        );
        assert!(matches!(
            text(&[(
                "en",
                "a text much longer than any line that a flow mapping should hold"
            )]),
            Value::Map(_)
        ));
        assert_eq!(flow_scalar("10,000 yuan"), "\"10,000 yuan\"");
        assert_eq!(flow_scalar("yes"), "\"yes\"");
        assert_eq!(flow_scalar("稳步提升"), "稳步提升");
        assert_eq!(
            flow_map(&[
                ("period".into(), "2023".into()),
                ("value".into(), "1".into())
            ]),
            "{period: 2023, value: 1}"
        );
    }

    /// What the emitter writes reads back as the strings it was given.
    #[test]
    fn awkward_strings_read_back() {
        for v in [
            "plain",
            "2023",
            "yes",
            "- a list?",
            "a: colon",
            "hash # inside",
            "\"quoted\" and 'single'",
            "lines\nof **Markdown**\n\n- item\n",
            "two trailing\n\n",
            "{not: a map}",
            "null",
            "a very long line of words that a folded block must write over several lines, with commas",
        ] {
            let doc = document(
                &[],
                &[
                    ("a".to_string(), Value::Str(v.to_string())),
                    ("b".to_string(), text_on_one_line(&[("zh", v)])),
                ],
            );
            let node = crate::yaml::load("t.yaml", &doc).unwrap();
            let crate::yaml::NodeKind::Map(m) = &node.kind else {
                panic!("{doc}")
            };
            assert_eq!(m[0].1.as_str(), Some(v), "{doc}");
            if !v.contains('\n') {
                let crate::yaml::NodeKind::Map(b) = &m[1].1.kind else {
                    panic!("{doc}")
                };
                assert_eq!(b[0].1.as_str(), Some(v), "{doc}");
            }
        }
    }
}
