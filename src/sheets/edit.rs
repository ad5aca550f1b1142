//! Edits to a YAML file's text at the places its parser reports, so that
//! every byte the import does not mean to change — comments, key order,
//! quoting, blank lines, line ends, a byte-order mark — stays as it was.
//!
//! This is not a YAML writer: it inserts a new list item after the item
//! before it (or a new key after the last line of its mapping), replaces
//! one item's lines, or sets one key's line, and it writes the new text in
//! the style of the file (a block item, or a one-line `{…}` item where the
//! list has those). Where a file is shaped so that no such edit is safe
//! (a mapping written on one line, a list of several items on one line),
//! it says so instead of guessing.

use crate::diagnostics::Pos;
use crate::yaml::{Node, NodeKind};

/// A YAML value the import writes: a scalar already in YAML form, or a
/// mapping of them. Each scalar carries the sheet column it came from, so
/// that a problem the content rules find in it points at the cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(String, Option<String>),
    Map(Vec<(String, Value)>),
}

/// A new text for the bytes `start..end` of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Applies edits that do not overlap, in any order. Insertions at the
/// same place (a new `progress:` at the end of the last indicator and a new
/// `updates:` at the end of the file) go deepest first, so that each stays
/// in the mapping it belongs to.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    let indent = |t: &str| {
        let t = t.trim_start_matches(['\r', '\n']);
        t.len() - t.trim_start_matches(' ').len()
    };
    // Applied from the end of the file back; of insertions at one place,
    // the one applied last ends up first.
    edits.sort_by_key(|e| std::cmp::Reverse((e.start, e.end, std::cmp::Reverse(indent(&e.text)))));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.start..e.end, &e.text);
    }
    out
}

// ------------------------------------------------------------- scalars

pub use crate::yaml::{quoted, string, token};

/// A value cell as YAML: a plain number when the number's shortest form is
/// the text (`170`, `31.8`), a quoted decimal when the text has digits the
/// number would lose (`"1.60"`), else the text quoted, which the value
/// rule then refuses with its own message.
pub fn number(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && crate::yaml::format_f64(v) == s => s.to_string(),
        _ => quoted(s),
    }
}

// ----------------------------------------------------------- rendering

/// A list item in block style, its dash at `indent`; with the column each
/// line came from (for mapping problems back to cells).
pub fn block_item(
    fields: &[(String, Value)],
    indent: usize,
    nl: &str,
) -> (String, Vec<Option<String>>) {
    let mut out = String::new();
    let mut tags = Vec::new();
    block_map(fields, indent + 2, Some(indent), nl, &mut out, &mut tags);
    (out, tags)
}

/// A mapping in block style at `indent`; the first line starts with a
/// dash at `dash` when it is a list item.
pub fn block_map(
    fields: &[(String, Value)],
    indent: usize,
    dash: Option<usize>,
    nl: &str,
    out: &mut String,
    tags: &mut Vec<Option<String>>,
) {
    for (i, (key, value)) in fields.iter().enumerate() {
        match (i, dash) {
            (0, Some(d)) => {
                out.push_str(&" ".repeat(d));
                out.push_str("- ");
                out.push_str(&" ".repeat(indent.saturating_sub(d + 2)));
            }
            _ => out.push_str(&" ".repeat(indent)),
        }
        out.push_str(key);
        out.push(':');
        match value {
            Value::Scalar(s, tag) => {
                out.push(' ');
                out.push_str(s);
                out.push_str(nl);
                tags.push(tag.clone());
            }
            Value::Map(inner) => {
                out.push_str(nl);
                tags.push(None);
                block_map(inner, indent + 2, None, nl, out, tags);
            }
        }
    }
}

/// Whether a new item is small enough for a list of one-line items: its
/// values are all scalars.
pub fn is_flat(fields: &[(String, Value)]) -> bool {
    fields.iter().all(|(_, v)| matches!(v, Value::Scalar(..)))
}

/// A mapping on one line: `{period: 2024-Q4, value: 170}`. A plain scalar
/// with a comma or a bracket, fine in a block, is quoted here.
pub fn flow_map(fields: &[(String, Value)]) -> String {
    let items: Vec<String> = fields
        .iter()
        .map(|(k, v)| match v {
            Value::Scalar(s, _) if !s.starts_with('"') && s.contains([',', '[', ']', '{', '}']) => {
                format!("{k}: {}", quoted(s))
            }
            Value::Scalar(s, _) => format!("{k}: {s}"),
            Value::Map(inner) => format!("{k}: {}", flow_map(inner)),
        })
        .collect();
    format!("{{{}}}", items.join(", "))
}

// ------------------------------------------------------------ positions

/// A file's text with its lines, for turning the parser's positions into
/// byte offsets. `text` is the whole file; positions count from after a
/// byte-order mark, as the parser does.
pub struct Doc<'t> {
    pub text: &'t str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// The line end the file uses.
    pub nl: &'static str,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str) -> Doc<'t> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![bom];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Doc { text, starts, nl }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line's text, without its line end.
    pub fn line(&self, i: usize) -> &'t str {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// The byte just after line `i`'s line end (the start of the next).
    pub fn after_line(&self, i: usize) -> usize {
        self.starts.get(i + 1).copied().unwrap_or(self.text.len())
    }

    /// The byte offset of a parser position (1-based line, column in characters).
    pub fn offset(&self, pos: Pos) -> usize {
        let line = (pos.line as usize)
            .saturating_sub(1)
            .min(self.starts.len() - 1);
        let text = self.line(line);
        let col = (pos.column as usize).saturating_sub(1);
        self.starts[line] + text.char_indices().nth(col).map_or(text.len(), |(b, _)| b)
    }

    /// The 0-based column of the dash of a block list item, or `None` when
    /// the item is in a `[…]` list.
    pub fn dash(&self, item: &Node) -> Option<usize> {
        let line = (item.pos.line as usize).checked_sub(1)?;
        let text = self.line(line);
        let col = text
            .char_indices()
            .nth((item.pos.column as usize).saturating_sub(1))
            .map_or(text.len(), |(b, _)| b);
        let before = text[..col].trim_end_matches(' ');
        before.ends_with('-').then(|| before.len() - 1)
    }

    /// The last line (0-based) of a node: the line of its last character,
    /// as the parser reports where the node ends (see `yaml::Node::end`),
    /// so that a comment or a `#` line of a block scalar is never taken
    /// for the end or the inside of an item.
    pub fn last_line(&self, node: &Node) -> Result<usize, Refusal> {
        let end = node
            .end
            .filter(|&e| e > 0 && e <= self.text.len())
            .ok_or("the parser did not say where an entry ends (an anchor or an alias?); write it out in full to import into it")?;
        Ok(self.starts.partition_point(|&s| s < end).saturating_sub(1))
    }

    /// The byte just past the `]` or `}` that closes the flow collection
    /// opening at `start`.
    pub fn flow_end(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                b'\'' => {
                    i += 1;
                    while i < bytes.len() {
                        if bytes[i] == b'\'' {
                            if bytes.get(i + 1) == Some(&b'\'') {
                                i += 1;
                            } else {
                                break;
                            }
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// The value of `key` in a mapping node, with the key node.
pub fn get<'n>(map: &'n Node, key: &str) -> Option<(&'n Node, &'n Node)> {
    match &map.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v)),
        _ => None,
    }
}

/// Whether a mapping is written in block style (its first key starts its
/// own line or follows a dash), as opposed to `{…}` on one line.
fn is_block_map(doc: &Doc, map: &Node) -> bool {
    match &map.kind {
        NodeKind::Map(entries) => entries.first().is_some_and(|(k, _)| {
            let at = doc.offset(k.pos);
            let line_start = doc.line_start(k.pos.line as usize - 1);
            let before = doc.text[line_start..at].trim();
            before.is_empty() || before == "-" || before.ends_with(" -") || before == "- -"
        }),
        _ => false,
    }
}

/// Why an edit cannot be made safely.
pub type Refusal = String;

/// Adds items to the list under `key` in the block mapping `parent`,
/// before item `before` (else at the end), in the order given.
/// `parent_last_line` is the last line of `parent` (0-based), after which
/// a missing key is added.
pub fn add_items(
    doc: &Doc,
    parent: &Node,
    parent_last_line: usize,
    key: &str,
    new: &[Vec<(String, Value)>],
    before: Option<usize>,
) -> Result<Edit, Refusal> {
    if !is_block_map(doc, parent) {
        return Err(format!("the mapping that holds `{key}` is written on one line (`{{…}}`); write it in block style to import into it"));
    }
    let key_indent = match &parent.kind {
        NodeKind::Map(entries) => entries
            .first()
            .map_or(0, |(k, _)| k.pos.column as usize - 1),
        _ => 0,
    };
    let nl = doc.nl;
    let block = |dash: usize| {
        new.iter()
            .map(|f| block_item(f, dash, nl).0)
            .collect::<String>()
    };
    match get(parent, key) {
        Some((k, list)) => match &list.kind {
            NodeKind::Seq(items) if !items.is_empty() => match doc.dash(&items[0]) {
                Some(dash) => {
                    let one_line = items.iter().all(|it| {
                        matches!(it.kind, NodeKind::Map(_))
                            && !is_block_map(doc, it)
                            && doc.last_line(it) == Ok(it.pos.line as usize - 1)
                    });
                    let text = if one_line && new.iter().all(|f| is_flat(f)) {
                        new.iter()
                            .map(|f| format!("{}- {}{nl}", " ".repeat(dash), flow_map(f)))
                            .collect()
                    } else {
                        block(dash)
                    };
                    let at = match before {
                        Some(j) if j < items.len() => {
                            doc.line_start(items[j].pos.line as usize - 1)
                        }
                        _ => doc.after_line(doc.last_line(&items[items.len() - 1])?),
                    };
                    Ok(Edit {
                        start: at,
                        end: at,
                        text: ensure_newline_before(doc, at, text),
                    })
                }
                None => {
                    // `[a, b]`: one-line items before item `before`, or
                    // before the closing bracket.
                    if let Some(j) = before.filter(|&j| j < items.len()) {
                        let at = doc.offset(items[j].pos);
                        let text: String =
                            new.iter().map(|f| format!("{}, ", flow_map(f))).collect();
                        return Ok(Edit {
                            start: at,
                            end: at,
                            text,
                        });
                    }
                    let open = doc.offset(list.pos);
                    let close = doc
                        .flow_end(open)
                        .ok_or("cannot find the end of the list")?
                        - 1;
                    let text: String = new.iter().map(|f| format!(", {}", flow_map(f))).collect();
                    Ok(Edit {
                        start: close,
                        end: close,
                        text,
                    })
                }
            },
            NodeKind::Seq(_) | NodeKind::Null => {
                // `key: []`, `key: null` or `key:` alone: the key's line becomes a block list.
                let line = k.pos.line as usize - 1;
                let rest: String = doc
                    .line(line)
                    .chars()
                    .skip(k.pos.column as usize - 1)
                    .collect();
                let only_key = rest
                    .strip_prefix(key)
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix(':'))
                    .map(str::trim);
                match only_key {
                    Some("" | "[]" | "null" | "~") => {}
                    _ => return Err(format!("`{key}` is written in a way the import does not edit; write `{key}:` followed by a block list")),
                }
                let text = format!(
                    "{}{key}:{nl}{}",
                    " ".repeat(key_indent),
                    block(key_indent + 2)
                );
                Ok(Edit {
                    start: doc.line_start(line),
                    end: doc.after_line(line),
                    text: ensure_trailing(doc, line, text),
                })
            }
            _ => Err(format!("`{key}` is not a list")),
        },
        None => {
            let at = doc.after_line(parent_last_line);
            let text = format!(
                "{}{key}:{nl}{}",
                " ".repeat(key_indent),
                block(key_indent + 2)
            );
            Ok(Edit {
                start: at,
                end: at,
                text: ensure_newline_before(doc, at, text),
            })
        }
    }
}

/// A new line must follow a line end: at the end of a file without one, add it.
fn ensure_newline_before(doc: &Doc, at: usize, text: String) -> String {
    if at == doc.text.len() && !doc.text.is_empty() && !doc.text.ends_with('\n') {
        format!("{}{text}", doc.nl)
    } else {
        text
    }
}

/// Replacing the last line of a file that has no line end: keep it without one.
fn ensure_trailing(doc: &Doc, line: usize, text: String) -> String {
    if doc.after_line(line) == doc.text.len() && !doc.text.ends_with('\n') {
        text.trim_end_matches(['\r', '\n']).to_string()
    } else {
        text
    }
}

/// Replaces item `i` of a block list with new fields, in the item's style.
pub fn replace_item(
    doc: &Doc,
    items: &[Node],
    i: usize,
    fields: &[(String, Value)],
) -> Result<Edit, Refusal> {
    let dash = doc.dash(&items[i]).ok_or("the list is written on one line (`[…]`); write it as a block list to revise an entry in it")?;
    let first = items[i].pos.line as usize - 1;
    let last = doc.last_line(&items[i])?;
    let one_line = first == last && !is_block_map(doc, &items[i]) && is_flat(fields);
    let text = if one_line {
        format!("{}- {}{}", " ".repeat(dash), flow_map(fields), doc.nl)
    } else {
        block_item(fields, dash, doc.nl).0
    };
    Ok(Edit {
        start: doc.line_start(first),
        end: doc.after_line(last),
        text: ensure_trailing(doc, last, text),
    })
}

/// Sets keys in the mapping `map` (whose last line is `last_line`): a
/// key that has its own line with a scalar or nothing gets that line
/// rewritten, the others are added after the mapping's last line; a
/// mapping on one line gets them before its closing brace.
pub fn set_keys(
    doc: &Doc,
    map: &Node,
    last_line: usize,
    pairs: &[(String, Value)],
) -> Result<Vec<Edit>, Refusal> {
    let nl = doc.nl;
    if !is_block_map(doc, map) {
        if let Some((k, _)) = pairs.iter().find(|(k, _)| get(map, k).is_some()) {
            return Err(format!("`{k}` is already set in a mapping written on one line; write it in block style to import into it"));
        }
        let open = doc.offset(map.pos);
        let close = doc
            .flow_end(open)
            .ok_or("cannot find the end of the mapping")?
            - 1;
        let text: String = pairs
            .iter()
            .map(|p| {
                format!(
                    ", {}",
                    flow_map(std::slice::from_ref(p))
                        .trim_start_matches('{')
                        .trim_end_matches('}')
                )
            })
            .collect();
        return Ok(vec![Edit {
            start: close,
            end: close,
            text,
        }]);
    }
    let indent = match &map.kind {
        NodeKind::Map(entries) => entries
            .first()
            .map_or(0, |(k, _)| k.pos.column as usize - 1),
        _ => 0,
    };
    let mut edits = Vec::new();
    let mut appended = String::new();
    for (key, value) in pairs {
        let mut text = String::new();
        block_map(
            &[(key.clone(), value.clone())],
            indent,
            None,
            nl,
            &mut text,
            &mut Vec::new(),
        );
        match get(map, key) {
            Some((k, v)) => {
                let line = k.pos.line as usize - 1;
                let scalar_here = match v.kind {
                    NodeKind::Null => true,
                    NodeKind::Str(_) | NodeKind::Number(_) | NodeKind::Bool(_) => {
                        v.pos.line == k.pos.line
                    }
                    _ => false,
                };
                if !scalar_here {
                    return Err(format!(
                        "`{key}` is already set to more than a single value"
                    ));
                }
                edits.push(Edit {
                    start: doc.line_start(line),
                    end: doc.after_line(line),
                    text: ensure_trailing(doc, line, text),
                });
            }
            None => appended.push_str(&text),
        }
    }
    if !appended.is_empty() {
        let at = doc.after_line(last_line);
        edits.push(Edit {
            start: at,
            end: at,
            text: ensure_newline_before(doc, at, appended),
        });
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Scalar(v.to_string(), None)
    }

    fn entry(period: &str, value: &str) -> Vec<(String, Value)> {
        vec![("period".into(), s(period)), ("value".into(), s(value))]
    }

    fn edit_list(text: &str, path: &[&str], key: &str, fields: &[(String, Value)]) -> String {
        let node = crate::yaml::load_with_ends("t", text).unwrap();
        let doc = Doc::new(text);
        let mut parent = &node;
        let mut last = doc.last_line(&node).unwrap();
        for step in path {
            let (_, list) = get(parent, step).unwrap();
            let NodeKind::Seq(items) = &list.kind else {
                panic!()
            };
            last = doc.last_line(&items[0]).unwrap();
            parent = &items[0];
        }
        let e = add_items(&doc, parent, last, key, &[fields.to_vec()], None).unwrap();
        apply(text, vec![e])
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(string("完成方案编制"), "完成方案编制");
        assert_eq!(string("Done: 50%"), "\"Done: 50%\"");
        assert_eq!(string("2024"), "\"2024\"");
        assert_eq!(string("yes"), "\"yes\"");
        assert_eq!(string("a, b"), "a, b");
        assert_eq!(
            flow_map(&[("k".into(), s(&string("a, b")))]),
            "{k: \"a, b\"}"
        );
        assert_eq!(string("two\nlines"), "\"two\\nlines\"");
        assert_eq!(token("2024-Q3"), "2024-Q3");
        assert_eq!(token("2024-01..2024-09"), "2024-01..2024-09");
        assert_eq!(token("Q3 2024"), "\"Q3 2024\"");
        assert_eq!(number("170"), "170");
        assert_eq!(number("31.8"), "31.8");
        assert_eq!(number("1.60"), "\"1.60\"");
        assert_eq!(number("1,234"), "\"1,234\"");
        for text in [
            "完成方案编制",
            "Done: 50%",
            "2024",
            "yes",
            "a, b",
            "two\nlines",
            "#1",
            "- x",
            "\u{2028}",
            "'q'",
        ] {
            let yaml = format!("k: {}\n", string(text));
            let node = crate::yaml::load("t", &yaml).unwrap();
            assert_eq!(get(&node, "k").unwrap().1.as_str(), Some(text), "{yaml}");
        }
    }

    #[test]
    fn an_item_goes_after_the_last_and_keeps_comments_around_it() {
        let text = "# head\nid: a\nprogress:\n  - period: 2024-Q2  # kept\n    value: 1\n\n  # between\n  - period: 2024-Q3\n    value: 2\n# tail comment\nnext: x\n";
        let out = edit_list(text, &[], "progress", &entry("2024-Q4", "3"));
        assert_eq!(
            out,
            "# head\nid: a\nprogress:\n  - period: 2024-Q2  # kept\n    value: 1\n\n  # between\n  - period: 2024-Q3\n    value: 2\n  - period: 2024-Q4\n    value: 3\n# tail comment\nnext: x\n"
        );
    }

    #[test]
    fn a_block_scalar_whose_last_line_starts_with_hash_keeps_that_line() {
        let text = "updates:\n  - date: 2024-01-05\n    text:\n      en: |\n        Done.\n        #DRC\n# tail\n";
        let new = vec![
            ("date".to_string(), s("2024-02-01")),
            ("text".to_string(), s("x")),
        ];
        let out = edit_list(text, &[], "updates", &new);
        assert_eq!(out, "updates:\n  - date: 2024-01-05\n    text:\n      en: |\n        Done.\n        #DRC\n  - date: 2024-02-01\n    text: x\n# tail\n");
        let folded =
            "updates:\n  - date: 2024-01-05\n    text: >\n      a\n\n      #b\n\n  # between\n";
        let out = edit_list(folded, &[], "updates", &new);
        assert_eq!(out, "updates:\n  - date: 2024-01-05\n    text: >\n      a\n\n      #b\n  - date: 2024-02-01\n    text: x\n\n  # between\n");
    }

    #[test]
    fn an_entry_before_a_later_one_of_a_flow_list_goes_before_it() {
        let text = "p: [{period: 2024-Q1, value: 1}, {period: 2024-Q3, value: 3}]\n";
        let node = crate::yaml::load_with_ends("t", text).unwrap();
        let doc = Doc::new(text);
        let e = add_items(&doc, &node, 0, "p", &[entry("2024-Q2", "2")], Some(1)).unwrap();
        assert_eq!(
            apply(text, vec![e]),
            "p: [{period: 2024-Q1, value: 1}, {period: 2024-Q2, value: 2}, {period: 2024-Q3, value: 3}]\n"
        );
    }

    #[test]
    fn a_list_of_one_line_items_gets_a_one_line_item() {
        let text = "indicators:\n  - id: c\n    progress:\n      - {period: 2024-Q3, value: 160}\nmilestones: []\n";
        let out = edit_list(text, &["indicators"], "progress", &entry("2024-Q4", "170"));
        assert_eq!(out, "indicators:\n  - id: c\n    progress:\n      - {period: 2024-Q3, value: 160}\n      - {period: 2024-Q4, value: 170}\nmilestones: []\n");
    }

    #[test]
    fn a_missing_list_is_added_after_the_mapping() {
        let text = "indicators:\n  - id: c\n    name: x   # the name\n\n  - id: d\n    name: y\n";
        let out = edit_list(text, &["indicators"], "progress", &entry("2024", "5"));
        assert_eq!(out, "indicators:\n  - id: c\n    name: x   # the name\n    progress:\n      - period: 2024\n        value: 5\n\n  - id: d\n    name: y\n");
        let root = "title: t\n# end";
        assert_eq!(
            edit_list(root, &[], "updates", &entry("2024", "5")),
            "title: t\nupdates:\n  - period: 2024\n    value: 5\n# end"
        );
        let no_newline = "title: t";
        assert_eq!(
            edit_list(no_newline, &[], "updates", &entry("2024", "5")),
            "title: t\nupdates:\n  - period: 2024\n    value: 5\n"
        );
    }

    #[test]
    fn an_empty_list_becomes_a_block_list_and_crlf_stays() {
        let text = "a: 1\r\nprogress: []\r\nb: 2\r\n";
        let out = edit_list(text, &[], "progress", &entry("2024", "5"));
        assert_eq!(
            out,
            "a: 1\r\nprogress:\r\n  - period: 2024\r\n    value: 5\r\nb: 2\r\n"
        );
        let bom = "\u{feff}a: 1\nprogress:\n";
        assert_eq!(
            edit_list(bom, &[], "progress", &entry("2024", "5")),
            "\u{feff}a: 1\nprogress:\n  - period: 2024\n    value: 5\n"
        );
    }

    #[test]
    fn insertions_at_one_place_stay_in_their_mappings() {
        let text = "indicators:\n  - id: c\n    name: x\n";
        let node = crate::yaml::load_with_ends("t", text).unwrap();
        let doc = Doc::new(text);
        let NodeKind::Seq(items) = &get(&node, "indicators").unwrap().1.kind else {
            panic!()
        };
        let progress =
            add_items(&doc, &items[0], 2, "progress", &[entry("2024", "5")], None).unwrap();
        let updates = add_items(&doc, &node, 2, "updates", &[entry("2024", "6")], None).unwrap();
        let want = "indicators:\n  - id: c\n    name: x\n    progress:\n      - period: 2024\n        value: 5\nupdates:\n  - period: 2024\n    value: 6\n";
        assert_eq!(apply(text, vec![updates.clone(), progress.clone()]), want);
        assert_eq!(apply(text, vec![progress, updates]), want);
    }

    #[test]
    fn an_item_is_replaced_in_place() {
        let text = "p:\n  - period: 2024-Q3  # first\n    value: 1\n  # why\n  - period: 2024-Q4\n    value: 2\n";
        let node = crate::yaml::load_with_ends("t", text).unwrap();
        let doc = Doc::new(text);
        let NodeKind::Seq(items) = &get(&node, "p").unwrap().1.kind else {
            panic!()
        };
        let e = replace_item(&doc, items, 0, &entry("2024-Q3", "9")).unwrap();
        assert_eq!(
            apply(text, vec![e]),
            "p:\n  - period: 2024-Q3\n    value: 9\n  # why\n  - period: 2024-Q4\n    value: 2\n"
        );
    }

    #[test]
    fn a_key_is_set_on_its_line_or_added() {
        let text = "milestones:\n  - id: a\n    done: null   # not yet\n  - id: b\n    due: 2024\n";
        let node = crate::yaml::load_with_ends("t", text).unwrap();
        let doc = Doc::new(text);
        let NodeKind::Seq(items) = &get(&node, "milestones").unwrap().1.kind else {
            panic!()
        };
        let done = |d: &str| vec![("done".to_string(), s(d))];
        let mut a = set_keys(
            &doc,
            &items[0],
            doc.last_line(&items[0]).unwrap(),
            &done("2024-10-01"),
        )
        .unwrap();
        a.extend(
            set_keys(
                &doc,
                &items[1],
                doc.last_line(&items[1]).unwrap(),
                &done("2024-10-02"),
            )
            .unwrap(),
        );
        assert_eq!(apply(text, a), "milestones:\n  - id: a\n    done: 2024-10-01\n  - id: b\n    due: 2024\n    done: 2024-10-02\n");
        let last = "m:\n  - id: a\n    done: null\n";
        let node = crate::yaml::load_with_ends("t", last).unwrap();
        let doc = Doc::new(last);
        let NodeKind::Seq(items) = &get(&node, "m").unwrap().1.kind else {
            panic!()
        };
        let evidence = Value::Map(vec![("title".into(), s("纪要"))]);
        let e = set_keys(
            &doc,
            &items[0],
            2,
            &[
                ("done".to_string(), s("2024-10-01")),
                ("evidence".to_string(), evidence),
            ],
        )
        .unwrap();
        assert_eq!(
            apply(last, e),
            "m:\n  - id: a\n    done: 2024-10-01\n    evidence:\n      title: 纪要\n"
        );
        let flow = "m:\n  - {id: a, due: 2024}\n";
        let node = crate::yaml::load_with_ends("t", flow).unwrap();
        let doc = Doc::new(flow);
        let NodeKind::Seq(items) = &get(&node, "m").unwrap().1.kind else {
            panic!()
        };
        let e = set_keys(&doc, &items[0], 1, &[("done".to_string(), s("2024-10-01"))]).unwrap();
        assert_eq!(
            apply(flow, e),
            "m:\n  - {id: a, due: 2024, done: 2024-10-01}\n"
        );
    }

    #[test]
    fn nested_values_render_in_block_and_flow() {
        let fields = vec![
            ("period".to_string(), s("2024")),
            (
                "note".to_string(),
                Value::Map(vec![(
                    "zh".into(),
                    Value::Scalar("说明".into(), Some("note_zh".into())),
                )]),
            ),
        ];
        let (text, tags) = block_item(&fields, 4, "\n");
        assert_eq!(text, "    - period: 2024\n      note:\n        zh: 说明\n");
        assert_eq!(tags, vec![None, None, Some("note_zh".to_string())]);
        assert_eq!(flow_map(&fields), "{period: 2024, note: {zh: 说明}}");
    }
}
