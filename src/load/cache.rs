//! Parsed YAML trees kept on disk between builds, keyed by a hash of the
//! text they were parsed from: parsing is most of a load, and most files
//! do not change from one build to the next.
//!
//! One file, `yaml-v1.bin`, in a folder the caller chooses. It is written
//! by one binary and read only by the same one (its version, size and
//! modification time are in the header), so the trees' format never has
//! to be read across versions. Anything wrong with the file (missing,
//! truncated, another binary's, a bad checksum, bytes that do not decode)
//! means "no cache": every file is parsed as usual, and the build never
//! fails nor panics because of it.
//!
//! Layout (integers LEB128 unless said otherwise):
//!
//! ```text
//! magic "GKYAMLC\0" · format version (u32 LE) · identity (len, UTF-8)
//! · body length (u64 LE) · checksum of the body (16 bytes)
//! body: entry count · entries: key (3 × u64 LE) · length · tree
//! tree: tag (u8: kind, +0x80 when an end follows) · line · column · [end]
//!       Null | Bool | Number: f64 (8 bytes LE), literal | Str: string
//!       | Seq: count, trees | Map: count, (key tree, value tree)…
//! string: length, UTF-8 bytes
//! ```

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Pos};
use crate::yaml::{self, Node, NodeKind, Number};

/// The cache's file name in its folder.
pub const FILE_NAME: &str = "yaml-v1.bin";
const MAGIC: &[u8; 8] = b"GKYAMLC\0";
const FORMAT_VERSION: u32 = 1;
/// Deeper trees are not stored (the parser stops far above this), so
/// decoding hostile bytes cannot run out of stack.
const MAX_DEPTH: usize = 256;
/// The checksum hashes the body in pieces of this size, in parallel.
const CHECKSUM_CHUNK: usize = 1 << 20;

/// Which text a tree was parsed from: two SipHash passes with different
/// prefixes, and its length.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Key {
    a: u64,
    b: u64,
    len: u64,
}

impl Key {
    pub(crate) fn of(text: &str) -> Key {
        let pass = |prefix: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            prefix.hash(&mut h);
            h.write(text.as_bytes());
            h.finish()
        };
        Key {
            a: pass(0x4b),
            b: pass(0xa7),
            len: text.len() as u64,
        }
    }
}

/// Where a tree the load used comes from, for the cache written after it.
pub(crate) enum Used {
    /// An entry of the cache as read: its tree's bytes in it.
    Kept(Range<usize>),
    /// A tree parsed by this load, encoded.
    New(Vec<u8>),
}

/// The cache of one load: the file as read (immutable, shared by the
/// parallel parses), and the trees the load used.
pub struct YamlCache {
    path: PathBuf,
    identity: String,
    /// The file as read; empty when there was none (or it was unusable).
    bytes: Vec<u8>,
    /// Each entry's tree, as a range of `bytes`.
    entries: HashMap<Key, Range<usize>>,
    used: Mutex<Vec<(Key, Used)>>,
}

impl YamlCache {
    /// Reads the cache in `dir`, if there is a usable one.
    pub fn open(dir: &Path) -> YamlCache {
        YamlCache::open_as(dir, binary_identity())
    }

    fn open_as(dir: &Path, identity: String) -> YamlCache {
        let path = dir.join(FILE_NAME);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let (bytes, entries) = match read_index(&bytes, &identity) {
            Some(entries) => (bytes, entries),
            None => (Vec::new(), HashMap::new()),
        };
        YamlCache {
            path,
            identity,
            bytes,
            entries,
            used: Mutex::new(Vec::new()),
        }
    }

    /// How many trees the file held when read.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// [`yaml::load`], through the cache: a tree stored for this exact
    /// text is decoded instead of parsed. What was used is added to `used`
    /// (the caller hands it to [`YamlCache::record`]).
    pub(crate) fn load(
        &self,
        path: &str,
        text: &str,
        used: &mut Vec<(Key, Used)>,
    ) -> Result<Node, Diagnostic> {
        let key = Key::of(text);
        if let Some(range) = self.entries.get(&key) {
            if let Some(node) = decode(&self.bytes[range.clone()]) {
                used.push((key, Used::Kept(range.clone())));
                return Ok(node);
            }
        }
        let node = yaml::load(path, text)?;
        if let Some(bytes) = encode(&node) {
            used.push((key, Used::New(bytes)));
        }
        Ok(node)
    }

    /// Adds what a part of the load used.
    pub(crate) fn record(&self, used: Vec<(Key, Used)>) {
        if used.is_empty() {
            return;
        }
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(used);
    }

    /// Writes the trees this load used, when they differ from the file's
    /// (a tree parsed anew, or an entry left unused): to a temporary file
    /// beside it, then renamed over it, so that two builds at once leave
    /// one whole file or the other. Returns whether it wrote.
    pub fn save(self) -> std::io::Result<bool> {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut chosen: HashMap<Key, &[u8]> = HashMap::with_capacity(used.len());
        let mut fresh = false;
        for (key, source) in &used {
            let tree = match source {
                Used::Kept(range) => &self.bytes[range.clone()],
                Used::New(bytes) => {
                    fresh = true;
                    bytes.as_slice()
                }
            };
            chosen.insert(*key, tree);
        }
        if !fresh && chosen.len() == self.entries.len() {
            return Ok(false);
        }
        let mut sorted: Vec<(&Key, &&[u8])> = chosen.iter().collect();
        sorted.sort_unstable_by_key(|(k, _)| (k.a, k.b, k.len));
        let size: usize = sorted.iter().map(|(_, t)| t.len() + 34).sum();
        let mut body = Vec::with_capacity(size + 10);
        put_uint(&mut body, sorted.len() as u64);
        for (key, tree) in sorted {
            body.extend_from_slice(&key.a.to_le_bytes());
            body.extend_from_slice(&key.b.to_le_bytes());
            body.extend_from_slice(&key.len.to_le_bytes());
            put_uint(&mut body, tree.len() as u64);
            body.extend_from_slice(tree);
        }
        let mut file = header(&self.identity, &body);
        file.extend_from_slice(&body);
        drop(body);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        let temp = dir.join(format!(
            ".{FILE_NAME}.{}.{}.tmp",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        let written =
            std::fs::write(&temp, &file).and_then(|()| std::fs::rename(&temp, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
            .map(|()| true)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }
}

/// The binary that writes or reads a cache: its version, and the size and
/// modification time of its executable (another build of the same version
/// may encode differently).
fn binary_identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        })
        .unwrap_or_default();
    format!("gongkai {} {exe}", env!("CARGO_PKG_VERSION"))
}

fn header(identity: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + identity.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    put_str(&mut out, identity);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(body));
    out
}

/// A hash of the body, its pieces hashed in parallel.
fn checksum(body: &[u8]) -> [u8; 16] {
    let pieces: Vec<u64> = body
        .par_chunks(CHECKSUM_CHUNK)
        .map(|piece| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            h.write(piece);
            h.finish()
        })
        .collect();
    let pass = |prefix: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        prefix.hash(&mut h);
        body.len().hash(&mut h);
        pieces.hash(&mut h);
        h.finish()
    };
    let mut out = [0; 16];
    out[..8].copy_from_slice(&pass(1).to_le_bytes());
    out[8..].copy_from_slice(&pass(2).to_le_bytes());
    out
}

/// The entries of a cache file, when it is whole and of this binary.
fn read_index(bytes: &[u8], identity: &str) -> Option<HashMap<Key, Range<usize>>> {
    let mut r = Bytes { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    if u32::from_le_bytes(r.take(4)?.try_into().ok()?) != FORMAT_VERSION {
        return None;
    }
    if r.string()? != identity {
        return None;
    }
    let body_len = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    let sum = r.take(16)?;
    let start = r.at;
    if usize::try_from(body_len).ok()? != bytes.len() - start {
        return None;
    }
    if checksum(&bytes[start..]) != sum {
        return None;
    }
    let count = r.uint()?;
    // Each entry takes at least 25 bytes: no more room is set aside than
    // the file could hold.
    let mut entries = HashMap::with_capacity(usize::try_from(count).ok()?.min(r.left() / 25));
    for _ in 0..count {
        let a = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let b = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let len = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let size = usize::try_from(r.uint()?).ok()?;
        let at = r.at;
        r.take(size)?;
        entries.insert(Key { a, b, len }, at..at + size);
    }
    (r.left() == 0).then_some(entries)
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STR: u8 = 4;
const SEQ: u8 = 5;
const MAP: u8 = 6;
const HAS_END: u8 = 0x80;

/// A tree's bytes; `None` when it is too deep to store.
pub(crate) fn encode(node: &Node) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    put_node(&mut out, node, 0)?;
    Some(out)
}

fn put_node(out: &mut Vec<u8>, node: &Node, depth: usize) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tag = match &node.kind {
        NodeKind::Null => NULL,
        NodeKind::Bool(false) => FALSE,
        NodeKind::Bool(true) => TRUE,
        NodeKind::Number(_) => NUMBER,
        NodeKind::Str(_) => STR,
        NodeKind::Seq(_) => SEQ,
        NodeKind::Map(_) => MAP,
    };
    out.push(if node.end.is_some() {
        tag | HAS_END
    } else {
        tag
    });
    put_uint(out, u64::from(node.pos.line));
    put_uint(out, u64::from(node.pos.column));
    if let Some(end) = node.end {
        put_uint(out, end as u64);
    }
    match &node.kind {
        NodeKind::Null | NodeKind::Bool(_) => {}
        NodeKind::Number(n) => {
            out.extend_from_slice(&n.value.to_bits().to_le_bytes());
            put_str(out, &n.literal);
        }
        NodeKind::Str(s) => put_str(out, s),
        NodeKind::Seq(items) => {
            put_uint(out, items.len() as u64);
            for item in items {
                put_node(out, item, depth + 1)?;
            }
        }
        NodeKind::Map(entries) => {
            put_uint(out, entries.len() as u64);
            for (k, v) in entries {
                put_node(out, k, depth + 1)?;
                put_node(out, v, depth + 1)?;
            }
        }
    }
    Some(())
}

/// The tree of `bytes`, when they are exactly one well-formed tree.
pub(crate) fn decode(bytes: &[u8]) -> Option<Node> {
    let mut r = Bytes { bytes, at: 0 };
    let node = r.node(0)?;
    (r.left() == 0).then_some(node)
}

fn put_uint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_uint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A reader of bytes that may be anything: every step checks.
struct Bytes<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Bytes<'b> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn uint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let len = usize::try_from(self.uint()?).ok()?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }

    /// A count of things that each take at least `min` bytes, when there
    /// is room for them.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.left() / min).then_some(n)
    }

    /// Room set aside for `n` nodes: a node takes far more memory than
    /// bytes, so a long list (well-formed or not) grows as it is read.
    fn room(n: usize) -> usize {
        n.min(1024)
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tag = self.byte()?;
        let line = self.u32()?;
        let column = self.u32()?;
        let end = match tag & HAS_END {
            0 => None,
            _ => Some(usize::try_from(self.uint()?).ok()?),
        };
        let kind = match tag & !HAS_END {
            NULL => NodeKind::Null,
            FALSE => NodeKind::Bool(false),
            TRUE => NodeKind::Bool(true),
            NUMBER => {
                let value = f64::from_bits(u64::from_le_bytes(self.take(8)?.try_into().ok()?));
                let literal = self.string()?;
                NodeKind::Number(Number { value, literal })
            }
            STR => NodeKind::Str(self.string()?),
            SEQ => {
                // A tree takes at least 3 bytes (tag, line, column).
                let n = self.count(3)?;
                let mut items = Vec::with_capacity(Bytes::room(n));
                for _ in 0..n {
                    items.push(self.node(depth + 1)?);
                }
                NodeKind::Seq(items)
            }
            MAP => {
                let n = self.count(6)?;
                let mut entries = Vec::with_capacity(Bytes::room(n));
                for _ in 0..n {
                    let k = self.node(depth + 1)?;
                    let v = self.node(depth + 1)?;
                    entries.push((k, v));
                }
                NodeKind::Map(entries)
            }
            _ => return None,
        };
        Some(Node {
            pos: Pos { line, column },
            end,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Equal as trees, numbers by their bits (NaN is not equal to itself).
    fn same(a: &Node, b: &Node) -> bool {
        a.pos == b.pos
            && a.end == b.end
            && match (&a.kind, &b.kind) {
                (NodeKind::Number(x), NodeKind::Number(y)) => {
                    x.value.to_bits() == y.value.to_bits() && x.literal == y.literal
                }
                (NodeKind::Seq(x), NodeKind::Seq(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
                }
                (NodeKind::Map(x), NodeKind::Map(y)) => {
                    x.len() == y.len()
                        && x.iter()
                            .zip(y)
                            .all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2))
                }
                (x, y) => x == y,
            }
    }

    const SITE: &str = "\
title: 全市重点项目
number: 8.60
count: 12
rate: .nan
big: -.inf
flag: true
none: ~
empty: ''
nested:
  - [1, 2, {a: b}]
  - - - - deep
tags: [甲, 乙]
";

    fn tree(text: &str) -> Node {
        yaml::load("x.yaml", text).unwrap()
    }

    #[test]
    fn a_parsed_tree_comes_back_as_parsed() {
        for text in [
            SITE,
            "",
            "a",
            "- 1\n- 2\n",
            "{}",
            "[]",
            "k: |\n  多行\n  文本\n",
        ] {
            let node = tree(text);
            let back = decode(&encode(&node).unwrap()).unwrap();
            assert!(same(&node, &back), "{text:?}: {node:?} became {back:?}");
        }
        // No NaN in this one: the derived equality holds as well.
        let node = tree("a: [1, 2.50, x]\nb: {c: 中文}\n");
        assert_eq!(decode(&encode(&node).unwrap()).unwrap(), node);
    }

    #[test]
    fn ends_are_kept() {
        let node = yaml::load_with_ends("x.yaml", SITE).unwrap();
        assert!(node.end.is_some());
        assert!(same(&node, &decode(&encode(&node).unwrap()).unwrap()));
    }

    #[test]
    fn a_tree_deeper_than_the_limit_is_not_stored() {
        let mut node = Node {
            pos: Pos::START,
            end: None,
            kind: NodeKind::Null,
        };
        for _ in 0..=MAX_DEPTH + 1 {
            node = Node {
                pos: Pos::START,
                end: None,
                kind: NodeKind::Seq(vec![node]),
            };
        }
        assert!(encode(&node).is_none());
    }

    fn node_strategy() -> impl Strategy<Value = Node> {
        let pos =
            (1u32..=u32::MAX, 1u32..=u32::MAX).prop_map(|(line, column)| Pos { line, column });
        let end = proptest::option::of(0usize..=usize::MAX);
        let text = prop_oneof![
            Just(String::new()),
            "[a-z]{0,8}",
            "[\\u4e00-\\u9fff，：；（）]{0,6}",
            any::<String>(),
        ];
        let number = prop_oneof![
            any::<f64>().prop_map(|v| (v, yaml::format_f64(v))),
            Just((f64::NAN, ".nan".to_string())),
            Just((f64::INFINITY, ".inf".to_string())),
            Just((f64::NEG_INFINITY, "-.Inf".to_string())),
            Just((8.6, "8.60".to_string())),
        ];
        let leaf = (
            pos.clone(),
            end.clone(),
            prop_oneof![
                Just(NodeKind::Null),
                any::<bool>().prop_map(NodeKind::Bool),
                number.prop_map(|(value, literal)| NodeKind::Number(Number { value, literal })),
                text.prop_map(NodeKind::Str),
            ],
        )
            .prop_map(|(pos, end, kind)| Node { pos, end, kind });
        leaf.prop_recursive(12, 96, 6, move |inner| {
            (
                pos.clone(),
                end.clone(),
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..6).prop_map(NodeKind::Seq),
                    proptest::collection::vec((inner.clone(), inner), 0..6).prop_map(NodeKind::Map),
                ],
            )
                .prop_map(|(pos, end, kind)| Node { pos, end, kind })
        })
    }

    proptest! {
        #[test]
        fn any_tree_comes_back_as_it_was(node in node_strategy()) {
            let bytes = encode(&node).unwrap();
            let back = decode(&bytes).unwrap();
            prop_assert!(same(&node, &back), "{node:?} became {back:?}");
        }

        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
            let _ = read_index(&bytes, "x");
        }
    }

    /// A cache in a new folder, written by a load of `texts`.
    fn written(dir: &Path, identity: &str, texts: &[&str]) -> Vec<u8> {
        let cache = YamlCache::open_as(dir, identity.to_string());
        let mut used = Vec::new();
        for text in texts {
            cache.load("x.yaml", text, &mut used).unwrap();
        }
        cache.record(used);
        assert!(cache.save().unwrap());
        std::fs::read(dir.join(FILE_NAME)).unwrap()
    }

    /// Loads `texts` through the cache in `dir`: how many were found in it.
    fn hits(dir: &Path, identity: &str, texts: &[&str]) -> usize {
        let cache = YamlCache::open_as(dir, identity.to_string());
        let mut used = Vec::new();
        for text in texts {
            let node = cache.load("x.yaml", text, &mut used).unwrap();
            assert!(same(&node, &tree(text)), "{text:?}");
        }
        used.iter()
            .filter(|(_, u)| matches!(u, Used::Kept(_)))
            .count()
    }

    const TEXTS: &[&str] = &[SITE, "a: 1\n", "- 甲\n- 乙\n", ""];

    #[test]
    fn a_second_load_finds_every_tree_of_the_first() {
        let dir = tempfile::tempdir().unwrap();
        written(dir.path(), "one", TEXTS);
        assert_eq!(hits(dir.path(), "one", TEXTS), TEXTS.len());
        // An edited text is parsed, the others still found.
        assert_eq!(hits(dir.path(), "one", &[SITE, "a: 2\n"]), 1);
    }

    #[test]
    fn another_binary_s_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        written(dir.path(), "one", TEXTS);
        assert_eq!(YamlCache::open_as(dir.path(), "two".into()).len(), 0);
        assert_eq!(hits(dir.path(), "two", TEXTS), 0);
        assert_eq!(
            YamlCache::open_as(dir.path(), "one".into()).len(),
            TEXTS.len()
        );
    }

    #[test]
    fn a_file_that_failed_to_parse_is_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = YamlCache::open_as(dir.path(), "one".into());
        let mut used = Vec::new();
        let first = cache.load("bad.yaml", "a: [1,\n", &mut used).unwrap_err();
        assert!(used.is_empty());
        cache.record(used);
        assert!(!cache.save().unwrap(), "nothing to write");
        assert!(first.to_string().contains("bad.yaml"));
    }

    #[test]
    fn only_the_trees_a_load_used_are_written_again() {
        let dir = tempfile::tempdir().unwrap();
        written(dir.path(), "one", TEXTS);
        // Every tree found, none unused: nothing to write.
        let cache = YamlCache::open_as(dir.path(), "one".into());
        let mut used = Vec::new();
        for text in TEXTS {
            cache.load("x.yaml", text, &mut used).unwrap();
        }
        cache.record(used);
        assert!(!cache.save().unwrap());
        // Fewer files: the rest is dropped.
        let cache = YamlCache::open_as(dir.path(), "one".into());
        let mut used = Vec::new();
        cache.load("x.yaml", TEXTS[1], &mut used).unwrap();
        cache.record(used);
        assert!(cache.save().unwrap());
        assert_eq!(YamlCache::open_as(dir.path(), "one".into()).len(), 1);
    }

    #[test]
    fn truncated_or_flipped_caches_are_no_cache_or_the_right_trees() {
        let dir = tempfile::tempdir().unwrap();
        let good = written(dir.path(), "one", TEXTS);
        let path = dir.path().join(FILE_NAME);
        let check = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            let found = hits(dir.path(), "one", TEXTS);
            assert!(found == 0 || found == TEXTS.len(), "{found}");
        };
        for cut in 0..good.len() {
            check(&good[..cut]);
            assert!(read_index(&good[..cut], "one").is_none(), "cut at {cut}");
        }
        for at in 0..good.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[at] ^= flip;
                check(&bad);
            }
        }
        // Trailing bytes: not the file that was written.
        let mut longer = good.clone();
        longer.push(0);
        assert!(read_index(&longer, "one").is_none());
    }

    #[test]
    fn a_tree_s_bytes_decode_only_when_whole() {
        let bytes = encode(&tree(SITE)).unwrap();
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0xff;
            let _ = decode(&bad);
        }
    }
}
