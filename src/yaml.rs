//! YAML in, a tree of positioned nodes out; and, in [`emit`], YAML out.
//!
//! All YAML goes through [`load`]: one place sets the parser's budgets (aliases,
//! depth, size) and turns its errors into diagnostics. The tree is then
//! decoded by hand (see `load::decode`) rather than by serde derive, because
//! serde stops at the first problem and we want every problem of a file, each
//! with its own line and column.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

use crate::diagnostics::{Diagnostic, Pos};

pub mod emit;

/// Largest YAML file we read; a record file is a few kilobytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    /// Where the node ends, as the parser reports it: the byte offset (in
    /// the text given to [`load_with_ends`], a byte-order mark included)
    /// just past its last character — a scalar's last non-blank character
    /// (a `|+` block scalar's kept blank lines included), a flow
    /// collection's closing bracket, a block collection's last item.
    /// Comments and blank lines after a node are never part of it. `None`
    /// from [`load`], which does not ask the parser for ends.
    pub end: Option<usize>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    /// A plain (unquoted) number with the digits as written in the file.
    Number(Number),
    /// Any string, quoted or plain.
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    /// The source text when it is a plain decimal (`8.60`), else the shortest
    /// form of the value.
    pub literal: String,
}

impl Node {
    /// What the node is, for messages ("expected a mapping, found a list").
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses one YAML document. `path` is only used in the returned diagnostic.
pub fn load(path: &str, text: &str) -> Result<Node, Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            Pos::START,
            format!("file is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Node {
            pos: Pos::START,
            end: None,
            kind: NodeKind::Null,
        });
    }
    let parsed: Spanned<RawNode> =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| parse_error(path, &e))?;
    Ok(convert(parsed, text))
}

/// [`load`], with every node's [`Node::end`] as the parser reports it:
/// for the content writer, which edits a file's text at the places where
/// items end rather than guessing them from the lines.
pub fn load_with_ends(path: &str, text: &str) -> Result<Node, Diagnostic> {
    let mut node = load(path, text)?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    if body.trim().is_empty() {
        node.end = Some(bom);
        return Ok(node);
    }
    let ends = Ends::of(body).map_err(|message| {
        Diagnostic::error(path, Pos::START, format!("invalid YAML: {message}"))
    })?;
    let starts = Starts::of(body);
    set_ends(&mut node, &ends, &starts, bom);
    Ok(node)
}

/// What the parser reports for one node, keyed by where it starts.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    Scalar,
    Seq,
    Map,
    Alias,
}

/// The end of every node of a text, by its start and shape: a block
/// mapping and its first key start at the same byte.
struct Ends(std::collections::HashMap<(usize, Shape), usize>);

impl Ends {
    fn of(text: &str) -> Result<Ends, String> {
        use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StructureStyle};
        let offset = |m: &serde_saphyr::granit_parser::Marker| m.byte_offset();
        let mut ends = std::collections::HashMap::new();
        // Open collections: (start, shape, flow, end of the last child).
        let mut open: Vec<(usize, Shape, bool, usize)> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| e.to_string())?;
            let (Some(start), Some(end)) = (offset(&span.start), offset(&span.end)) else {
                return Err("the parser gave no byte offsets".into());
            };
            let done = match event {
                Event::Scalar(value, style, ..) => {
                    let raw = text.get(start..end).unwrap_or("");
                    let kept = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                        && value.ends_with("\n\n");
                    let end = if kept {
                        end
                    } else {
                        start + raw.trim_end().len()
                    };
                    Some((start, Shape::Scalar, end))
                }
                Event::Alias(_) => Some((start, Shape::Alias, end)),
                Event::SequenceStart(style, ..) => {
                    open.push((start, Shape::Seq, style == StructureStyle::Flow, start));
                    None
                }
                Event::MappingStart(style, ..) => {
                    open.push((start, Shape::Map, style == StructureStyle::Flow, start));
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let (s, shape, flow, last) = open.pop().ok_or("unbalanced collection")?;
                    Some((s, shape, if flow { end } else { last }))
                }
                _ => None,
            };
            if let Some((s, shape, e)) = done {
                ends.insert((s, shape), e);
                if let Some(parent) = open.last_mut() {
                    parent.3 = parent.3.max(e);
                }
            }
        }
        Ok(Ends(ends))
    }
}

/// Byte offsets of line starts, for turning a node's line and column
/// (characters) into its byte offset.
struct Starts<'t> {
    text: &'t str,
    lines: Vec<usize>,
}

impl<'t> Starts<'t> {
    fn of(text: &'t str) -> Starts<'t> {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Starts { text, lines }
    }

    fn offset(&self, pos: Pos) -> Option<usize> {
        let start = *self.lines.get((pos.line as usize).checked_sub(1)?)?;
        let col = (pos.column as usize).checked_sub(1)?;
        let line = &self.text[start..];
        Some(start + line.char_indices().nth(col).map_or(line.len(), |(b, _)| b))
    }
}

fn set_ends(node: &mut Node, ends: &Ends, starts: &Starts, bom: usize) {
    let shape = match node.kind {
        NodeKind::Seq(_) => Shape::Seq,
        NodeKind::Map(_) => Shape::Map,
        _ => Shape::Scalar,
    };
    node.end = starts.offset(node.pos).and_then(|start| {
        ends.0
            .get(&(start, shape))
            .or_else(|| ends.0.get(&(start, Shape::Alias)))
            .map(|e| e + bom)
    });
    match &mut node.kind {
        NodeKind::Seq(items) => items
            .iter_mut()
            .for_each(|n| set_ends(n, ends, starts, bom)),
        NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            set_ends(k, ends, starts, bom);
            set_ends(v, ends, starts, bom);
        }),
        _ => {}
    }
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 48;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_nodes = 200_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES;
    serde_saphyr::options! {
        budget: Some(budget),
        strict_booleans: true,
        // NaN and infinities reach the decoder, which names the field they are in.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
    }
}

fn parse_error(path: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let pos = error
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(to_u32(l.line()), to_u32(l.column().max(1))))
        .unwrap_or(Pos::START);
    let message = error.without_snippet().to_string();
    let message = strip_location_suffix(&message);
    let (message, hint) = if message.contains("budget breached: Documents") {
        (
            "the file holds more than one YAML document".to_string(),
            Some("a record file is one document: remove the `---` separator and what follows, or split the file"),
        )
    } else if message.contains("budget breached") || message.contains("recursion limit") {
        (
            "the YAML expands to too many nodes or nests too deeply".to_string(),
            Some("record files need no anchors, aliases or deep nesting"),
        )
    } else if message.contains("duplicate mapping key") {
        (
            message
                .split(", set DuplicateKeyPolicy")
                .next()
                .unwrap_or(message)
                .to_string(),
            Some("each field may appear once; remove one of the two"),
        )
    } else {
        (format!("invalid YAML: {message}"), None)
    };
    let d = Diagnostic::error(path, pos, message);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// serde-saphyr appends " at line L, column C"; we print positions ourselves.
fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The node as serde-saphyr hands it over, before positions are flattened.
enum RawNode {
    Null,
    Bool(bool),
    Int(f64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

fn convert(node: Spanned<RawNode>, text: &str) -> Node {
    let location = node.referenced;
    let pos = Pos::new(to_u32(location.line()), to_u32(location.column()));
    let source = location.span().byte_offset().and_then(|start| {
        let len = location.span().byte_len()?;
        let start = usize::try_from(start).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        text.get(start..end)
    });
    let kind = match node.value {
        RawNode::Null => NodeKind::Null,
        RawNode::Bool(b) => NodeKind::Bool(b),
        RawNode::Int(v) | RawNode::Float(v) => NodeKind::Number(Number {
            value: v,
            literal: match source {
                Some(s) if is_plain_decimal(s) || !v.is_finite() => s.to_string(),
                _ => format_f64(v),
            },
        }),
        RawNode::Str(s) => NodeKind::Str(s),
        RawNode::Seq(items) => NodeKind::Seq(items.into_iter().map(|n| convert(n, text)).collect()),
        RawNode::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(k, text), convert(v, text)))
                .collect(),
        ),
    };
    Node {
        pos,
        end: None,
        kind,
    }
}

// ------------------------------------------------ scalars, as written

/// Text as a YAML scalar: plain where that reads back as the same string,
/// else double-quoted.
pub fn string(s: &str) -> String {
    if plain_text_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A period or a day as written (in a sheet, a new record): plain when it is a simple
/// token (`2024-Q3`, `2024-01..2024-09`, `2024-10-01`), else quoted, so
/// that the period rules, not the YAML parser, judge it.
pub fn token(s: &str) -> String {
    let simple = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && s.as_bytes()[0].is_ascii_digit();
    if simple {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_text_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = ["null", "true", "false", "yes", "no", "on", "off", "~"];
    !(first.is_whitespace()
        || first.is_ascii_digit()
        || "-?:,[]{}#&*!|>'\"%@`.+".contains(first)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(|c| {
            c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
        })
        || reserved.contains(&s.to_ascii_lowercase().as_str()))
}

/// A double-quoted YAML scalar (JSON's escapes are YAML's).
pub fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    json.replace('\u{85}', "\\N")
        .replace('\u{2028}', "\\L")
        .replace('\u{2029}', "\\P")
        .replace('\u{feff}', "\\uFEFF")
}

/// `-12`, `8.60`, `1e3`: digits we may copy to every output as they stand.
pub fn is_plain_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    digits(int) && frac.is_none_or(digits) && exponent_ok
}

/// Shortest round-trip form, without a trailing `.0`.
pub fn format_f64(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML node")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v as f64))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Int(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Int(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        load("t.yaml", text).expect("valid yaml")
    }

    fn map_value<'a>(node: &'a Node, key: &str) -> &'a Node {
        match &node.kind {
            NodeKind::Map(entries) => {
                &entries
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(key))
                    .unwrap()
                    .1
            }
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn keeps_positions_of_every_node() {
        let n = parse("a: 1\nb:\n  - x\n  - y\n");
        let b = map_value(&n, "b");
        assert_eq!(b.pos, Pos::new(3, 3));
        match &b.kind {
            NodeKind::Seq(items) => assert_eq!(items[1].pos, Pos::new(4, 5)),
            _ => panic!(),
        }
    }

    #[test]
    fn numbers_keep_their_digits_and_quoted_stay_strings() {
        let n = parse("a: 1.60\nb: \"1.60\"\nc: 0x10\n");
        assert_eq!(
            map_value(&n, "a").kind,
            NodeKind::Number(Number {
                value: 1.6,
                literal: "1.60".into()
            })
        );
        assert_eq!(map_value(&n, "b").kind, NodeKind::Str("1.60".into()));
        assert_eq!(
            map_value(&n, "c").kind,
            NodeKind::Number(Number {
                value: 16.0,
                literal: "16".into()
            })
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let n = parse("\u{feff}a: x\r\nb: y\r\n");
        assert_eq!(map_value(&n, "b").kind, NodeKind::Str("y".into()));
        assert_eq!(map_value(&n, "b").pos, Pos::new(2, 4));
    }

    #[test]
    fn empty_file_is_null() {
        assert_eq!(parse("").kind, NodeKind::Null);
        assert_eq!(parse("# only a comment\n").kind, NodeKind::Null);
    }

    #[test]
    fn duplicate_keys_are_errors_with_position() {
        let e = load("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.message.contains("duplicate mapping key"), "{}", e.message);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = load("t.yaml", &text).unwrap_err();
        assert!(e.message.contains("too many nodes"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(load("t.yaml", &text).is_err());
        let block: String = (0..10_000)
            .map(|i| format!("{}- \n", " ".repeat(i)))
            .collect();
        assert!(load("t.yaml", &block).is_err());
    }

    #[test]
    fn two_documents_are_named_as_such() {
        let e = load("t.yaml", "a: 1\n---\nb: 2\n").unwrap_err();
        assert!(
            e.message.contains("more than one YAML document"),
            "{}",
            e.message
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = load("t.yaml", "a: [1\n").unwrap_err();
        assert_eq!(e.pos.line, 1);
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    }

    fn ends(text: &str, key: &str) -> Vec<String> {
        let root = load_with_ends("t.yaml", text).unwrap();
        let NodeKind::Seq(items) = &map_value(&root, key).kind else {
            panic!("not a list")
        };
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let start = |n: &Node| Starts::of(&text[bom..]).offset(n.pos).unwrap() + bom;
        items
            .iter()
            .map(|n| text[start(n)..n.end.unwrap()].to_string())
            .collect()
    }

    #[test]
    fn ends_are_where_the_parser_says_not_at_a_hash_line() {
        let text = "u:\n  - date: 2024-01-01\n    en: |\n      text\n      #DRC\n\n  # c\n  - d: >-\n      y\n      #z\n# tail\n";
        assert_eq!(
            ends(text, "u"),
            vec![
                "date: 2024-01-01\n    en: |\n      text\n      #DRC",
                "d: >-\n      y\n      #z"
            ]
        );
        let kept = "u:\n  - en: |+\n      a\n\n# c\nb: 1\n";
        assert_eq!(ends(kept, "u"), vec!["en: |+\n      a\n\n"]);
        let flow = "\u{feff}u: [1, {c: 文字}]  # x\r\nv: 2";
        assert_eq!(ends(flow, "u"), vec!["1", "{c: 文字}"]);
        let root = load_with_ends("t", flow).unwrap();
        assert_eq!(
            &flow[..root.end.unwrap()],
            "\u{feff}u: [1, {c: 文字}]  # x\r\nv: 2"
        );
    }

    #[test]
    fn plain_decimal_recognition() {
        for ok in ["1", "-1.50", "8.6223", "1e5", "+3"] {
            assert!(is_plain_decimal(ok), "{ok}");
        }
        for bad in ["0x10", ".5", "1.", "nan", "1e", ""] {
            assert!(!is_plain_decimal(bad), "{bad}");
        }
    }
}
