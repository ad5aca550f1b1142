//! The static search index, built from the pages while they render.
//!
//! Per language, under `search/<lang>/`:
//! - `index.json`: `{"v": version, "docs": count, "files": [the first
//!   shard name of each file of terms]}`;
//! - `t/<n>.json`: the terms of the shards from `files[n]` up to
//!   `files[n + 1]` (shard names in byte order, which is JavaScript's too:
//!   they are ASCII),
//!   each with its postings `[doc, weight, doc − previous doc, weight, …]`,
//!   shard by shard, terms sorted within a shard. Shards are grouped into
//!   files of about [`TERMS_FILE_BYTES`]: one file per shard made a quarter
//!   of a small site's files (1,319 for Dongtou's Chinese, most under
//!   100 bytes), and creating files is most of a large build's time;
//! - `f/<n>.json`: `[{"url", "title", "text"}, …]` of pages
//!   `n × FRAGMENTS_PER_FILE` onwards, for the result list and its excerpts
//!   (a few pages a file: one file per page would double the files a
//!   build writes, and file creation is most of a large build's time).
//!
//! Terms (the browser's `search.js` splits queries by the same rules; keep
//! the two together, `tests/fixtures/search-terms.json` holds cases both
//! are checked against):
//! - text is lowercased, a final sigma ς as σ (a browser lowercases a
//!   word-final Σ to ς, a character at a time gives σ), then split into
//!   runs of CJK characters, runs of other letters and digits (Unicode
//!   Alphabetic or Numeric), and the rest;
//! - a letter/digit run is one term (a word);
//! - a CJK run gives every pair of neighbours (bigrams) and its last
//!   character alone, so that every character starts at least one term and
//!   a one-character query finds terms by prefix;
//! - a term's shard is its first character when that is CJK, otherwise its
//!   first two characters; a shard's name is the characters' code
//!   points in hexadecimal, joined by `-`.
//!
//! The page's title (its `h1`) counts [`TITLE_WEIGHT`] times; elements with
//! `data-search-ignore` (breadcrumbs, charts, downloads, the source record)
//! and `svg`, `script`, `style` and `template` are left out.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use crate::render::{urls, OutputFile};

/// Where the index goes, under the site root.
pub const DIR: &str = "search";
/// How many times a term of the title counts against one of the text.
pub const TITLE_WEIGHT: u32 = 5;
/// The longest text kept for a result's excerpt, in characters.
const EXCERPT_SOURCE_CHARS: usize = 3000;
/// Pages per fragment file (`search.js` has the same number).
pub const FRAGMENTS_PER_FILE: u32 = 8;
/// The size a file of terms grows to before the next shard starts another
/// (a shard larger than this is a file on its own): a query fetches two or
/// three such files, which an old phone on a slow network still loads in a
/// moment.
pub const TERMS_FILE_BYTES: usize = 32 * 1024;

/// Whether `c` is written without spaces between words (Chinese, Japanese,
/// Korean): such runs are indexed as overlapping pairs of characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B–F, Compatibility Supplement
}

/// Calls `emit` with every term of `text`, in order (see the module docs).
pub fn terms(text: &str, mut emit: impl FnMut(&str)) {
    split(&lowercase(text), &mut emit);
}

/// `text` lowercased a character at a time, with a final sigma (ς) read
/// as σ: a browser's `toLowerCase` makes a word-final Σ ς and this makes
/// it σ, and people type either, so both sides fold it (`search.js` for
/// queries; `gongkai.js` for the index tables' filter, whose text this
/// also lowercases).
pub fn lowercase(text: &str) -> String {
    let mut low = String::with_capacity(text.len());
    for c in text.chars() {
        match c.is_ascii() {
            true => low.push(c.to_ascii_lowercase()),
            false => low.extend(c.to_lowercase().map(fold_sigma)),
        }
    }
    low
}

fn fold_sigma(c: char) -> char {
    match c {
        'ς' => 'σ',
        c => c,
    }
}

/// The terms of lowercased text `low`, in order, each a slice of it: a
/// word is a run of its characters, and so is each CJK pair.
fn split<'a>(low: &'a str, emit: &mut impl FnMut(&'a str)) {
    let mut word: Option<usize> = None;
    let mut run: Option<usize> = None;
    for (i, c) in low.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word.take() {
                emit(&low[start..i]);
            }
            run.get_or_insert(i);
            continue;
        }
        if let Some(start) = run.take() {
            split_run(&low[start..i], emit);
        }
        if c.is_alphanumeric() {
            word.get_or_insert(i);
        } else if let Some(start) = word.take() {
            emit(&low[start..i]);
        }
    }
    if let Some(start) = run {
        split_run(&low[start..], emit);
    }
    if let Some(start) = word {
        emit(&low[start..]);
    }
}

/// A run of CJK characters: every pair of neighbours, then the last alone.
fn split_run<'a>(run: &'a str, emit: &mut impl FnMut(&'a str)) {
    let (mut before, mut last) = (None, None);
    for (i, _) in run.char_indices() {
        if let (Some(start), Some(_)) = (before, last) {
            emit(&run[start..i]);
        }
        (before, last) = (last, Some(i));
    }
    for start in [before, last].into_iter().flatten() {
        emit(&run[start..]);
    }
}

/// The shard a term is stored in.
pub fn shard_of(term: &str) -> String {
    match term.chars().next() {
        Some(c) if is_cjk(c) => c.to_string(),
        _ => term.chars().take(2).collect(),
    }
}

/// A shard's file name: its characters' code points in hex, joined by `-`.
pub fn shard_file_name(shard: &str) -> String {
    shard
        .chars()
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// What one page gives the index: its terms with their weights, and its
/// fragment (address, title and text, as JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysedPage {
    pub lang: String,
    pub doc: u32,
    /// The page's distinct terms one after the other, in no order, the
    /// `n`th ending at `ends[n]` and weighing `weights[n]`: one string
    /// rather than an allocation per term, as `serve` keeps these for
    /// every page between builds.
    terms: Box<str>,
    ends: Box<[u32]>,
    weights: Box<[u32]>,
    pub fragment: Vec<u8>,
}

impl AnalysedPage {
    fn new<'t>(
        lang: &str,
        doc: u32,
        terms: impl IntoIterator<Item = (&'t str, u32)>,
        fragment: Vec<u8>,
    ) -> AnalysedPage {
        let (mut text, mut ends, mut weights) = (String::new(), Vec::new(), Vec::new());
        for (term, weight) in terms {
            text.push_str(term);
            // A page's text is far below 4 GiB.
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            weights.push(weight);
        }
        AnalysedPage {
            lang: lang.to_string(),
            doc,
            terms: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            weights: weights.into_boxed_slice(),
            fragment,
        }
    }

    /// Each distinct term with its weight, in no particular order.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .zip(self.weights.iter().copied())
            .map(|((start, end), weight)| {
                let term = self.terms.get(start as usize..end as usize);
                (term.unwrap_or_default(), weight)
            })
    }

    /// The bytes it holds.
    pub fn size(&self) -> usize {
        std::mem::size_of::<AnalysedPage>()
            + self.lang.len()
            + self.terms.len()
            + 4 * (self.ends.len() + self.weights.len())
            + self.fragment.len()
    }
}

/// Reads the searchable part of page `doc` of language `lang`, written to
/// `file` (a path under the output root).
pub fn analyse(lang: &str, doc: u32, file: &str, html: &str) -> AnalysedPage {
    let page = PageText::of(html);
    let (title, text) = (lowercase(&page.title), lowercase(&page.text));
    let mut counts: HashMap<&str, u32, FxBuildHasher> =
        HashMap::with_capacity_and_hasher(256, FxBuildHasher);
    let mut bump = |term, weight: u32| {
        let w = counts.entry(term).or_default();
        *w = w.saturating_add(weight);
    };
    split(&title, &mut |term| bump(term, TITLE_WEIGHT));
    split(&text, &mut |term| bump(term, 1));
    // In any order: the index sorts terms when it writes them, and each
    // term's pages come in page order.
    AnalysedPage::new(
        lang,
        doc,
        counts,
        fragment_json(&urls::url_of_file(file), &page.title, &page.text),
    )
}

fn fragment_json(url: &str, title: &str, text: &str) -> Vec<u8> {
    let text = match text.char_indices().nth(EXCERPT_SOURCE_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    serde_json::to_vec(&Fragment { url, title, text }).unwrap_or_default()
}

/// A page in the result list: `{"url","title","text"}`, in that order.
#[derive(serde::Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    text: &'a str,
}

/// The index of every language, filled page by page in document order.
#[derive(Default)]
pub struct SearchIndex {
    langs: BTreeMap<String, LangIndex>,
}

#[derive(Default)]
struct LangIndex {
    docs: u32,
    /// Term → `[doc, weight, doc, weight, …]`, docs ascending.
    postings: HashMap<Box<str>, Vec<u32>, FxBuildHasher>,
    /// Fragments of the pages not yet written out.
    fragments: Vec<Vec<u8>>,
    fragments_hash: u64,
}

impl SearchIndex {
    /// Adds pages, each language's in document order; returns the fragment
    /// files they completed.
    pub fn add(&mut self, pages: Vec<AnalysedPage>) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for page in pages {
            let index = self
                .langs
                .entry(page.lang.clone())
                .or_insert_with(|| LangIndex {
                    fragments_hash: FNV_OFFSET,
                    ..LangIndex::default()
                });
            debug_assert_eq!(page.doc, index.docs, "pages out of order");
            index.docs = index.docs.max(page.doc + 1);
            for (term, weight) in page.terms() {
                // A term's text is allocated once per language, when a page
                // first has it.
                match index.postings.get_mut(term) {
                    Some(postings) => postings.extend([page.doc, weight]),
                    None => {
                        index.postings.insert(term.into(), vec![page.doc, weight]);
                    }
                }
            }
            index.fragments.push(page.fragment);
            if index.fragments.len() == FRAGMENTS_PER_FILE as usize {
                files.push(index.fragment_file(&page.lang));
            }
        }
        files
    }

    /// The rest of the index files of every language.
    pub fn files(self) -> Vec<OutputFile> {
        self.langs
            .into_iter()
            .flat_map(|(lang, index)| index.files(&lang))
            .collect()
    }
}

impl LangIndex {
    /// Writes out the pending fragments: the last `fragments.len()` pages.
    fn fragment_file(&mut self, lang: &str) -> OutputFile {
        let n = (self.docs - 1) / FRAGMENTS_PER_FILE;
        let mut bytes = b"[".to_vec();
        for (i, fragment) in self.fragments.drain(..).enumerate() {
            if i > 0 {
                bytes.push(b',');
            }
            bytes.extend_from_slice(&fragment);
        }
        bytes.push(b']');
        self.fragments_hash = fnv1a(self.fragments_hash, &bytes);
        OutputFile::new(format!("{DIR}/{lang}/f/{n}.json"), bytes)
    }

    fn files(mut self, lang: &str) -> Vec<OutputFile> {
        let last_fragments = (!self.fragments.is_empty()).then(|| self.fragment_file(lang));
        let mut shards: BTreeMap<String, Vec<(&str, &Vec<u32>)>> = BTreeMap::new();
        for (term, postings) in &self.postings {
            shards
                .entry(shard_file_name(&shard_of(term)))
                .or_default()
                .push((term, postings));
        }
        let names: Vec<&String> = shards.keys().collect();
        let jsons: Vec<Vec<u8>> = shards
            .par_iter()
            .map(|(_, terms)| shard_json(terms))
            .collect();
        let starts = group_starts(&jsons.iter().map(Vec::len).collect::<Vec<_>>());
        let mut files: Vec<OutputFile> = starts
            .iter()
            .enumerate()
            .map(|(n, &start)| {
                let end = starts.get(n + 1).copied().unwrap_or(jsons.len());
                OutputFile::new(
                    format!("{DIR}/{lang}/t/{n}.json"),
                    merge_objects(&jsons[start..end]),
                )
            })
            .collect();
        files.extend(last_fragments);
        let version = files
            .iter()
            .fold(self.fragments_hash, |h, f| fnv1a(h, &f.bytes));
        let entry = serde_json::json!({
            "v": format!("{version:016x}"),
            "docs": self.docs,
            "files": starts.iter().map(|&i| names[i]).collect::<Vec<_>>(),
        });
        files.push(OutputFile::new(
            format!("{DIR}/{lang}/index.json"),
            serde_json::to_vec(&entry).unwrap_or_default(),
        ));
        files
    }
}

/// Where each file of terms starts, in shards: consecutive shards join a
/// file until it would pass [`TERMS_FILE_BYTES`].
fn group_starts(sizes: &[usize]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (i, &s) in sizes.iter().enumerate() {
        if i == 0 || size + s > TERMS_FILE_BYTES {
            starts.push(i);
            size = 0;
        }
        size += s;
    }
    starts
}

/// One JSON object of the members of several (`{a}`, `{b}` → `{a,b}`).
fn merge_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![b'{'];
    for object in objects {
        let members = &object[1..object.len() - 1];
        if members.is_empty() {
            continue;
        }
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(members);
    }
    out.push(b'}');
    out
}

/// `{"term":[doc,weight,Δdoc,weight,…],…}` with terms sorted.
fn shard_json(terms: &[(&str, &Vec<u32>)]) -> Vec<u8> {
    let mut terms = terms.to_vec();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("{");
    for (i, (term, postings)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(term).unwrap_or_default());
        out.push_str(":[");
        let mut previous = 0;
        for (j, pair) in postings.chunks_exact(2).enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "{},{}", pair[0] - previous, pair[1]);
            previous = pair[0];
        }
        out.push(']');
    }
    out.push('}');
    out.into_bytes()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a stable hash (the index version must not change between builds
/// or Rust versions when the pages do not).
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The searchable text of a page: its `h1`, and the rest of `<main>`.
#[derive(Debug, Default, PartialEq)]
pub struct PageText {
    pub title: String,
    pub text: String,
}

/// Elements that do not break a word: text on both sides runs on.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_unsearched(name: &str) -> bool {
    matches!(name, "svg" | "script" | "style" | "template")
}

impl PageText {
    /// Reads the `<main>` element of a page the theme rendered.
    pub fn of(html: &str) -> PageText {
        let bytes = html.as_bytes();
        let Some(start) = memchr::memmem::find(bytes, b"<main") else {
            return PageText::default();
        };
        let end = memchr::memmem::rfind(bytes, b"</main>")
            .filter(|e| *e > start)
            .unwrap_or(html.len());
        let main = &html[start..end];
        let b = main.as_bytes();
        let ignore = memchr::memmem::Finder::new("data-search-ignore");
        let (mut title, mut text) = (Collapsed::default(), Collapsed::default());
        let mut skipping: Option<(Cow<str>, usize)> = None;
        let mut title_state = 0; // 0 before the h1, 1 inside, 2 after
        let mut i = 0;
        while i < b.len() {
            let lt = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |p| i + p);
            if skipping.is_none() {
                let target = if title_state == 1 {
                    &mut title
                } else {
                    &mut text
                };
                target.push_text(&main[i..lt]);
            }
            i = lt;
            if i == b.len() {
                break;
            }
            if b[i..].starts_with(b"<!--") {
                i = memchr::memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |e| i + 4 + e + 3);
                continue;
            }
            let Some(gt) = tag_end(&b[i..]) else { break };
            let tag = &main[i + 1..i + gt];
            i += gt + 1;
            let closing = tag.starts_with('/');
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            let name = match name.bytes().any(|c| c.is_ascii_uppercase()) {
                true => Cow::Owned(name.to_ascii_lowercase()),
                false => Cow::Borrowed(name),
            };
            let self_closing = tag.ends_with('/') || is_void(&name);
            if let Some((skipped, depth)) = &mut skipping {
                if *skipped == name && !self_closing {
                    if closing {
                        *depth -= 1;
                    } else {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                continue;
            }
            if !closing
                && !self_closing
                && (is_unsearched(&name) || ignore.find(tag.as_bytes()).is_some())
            {
                skipping = Some((name, 1));
                continue;
            }
            if name == "h1" && !closing && title_state == 0 {
                title_state = 1;
            } else if name == "h1" && closing && title_state == 1 {
                title_state = 2;
            }
            if !is_inline(&name) {
                text.space();
            }
        }
        PageText {
            title: title.text,
            text: text.text,
        }
    }
}

/// The index of the `>` that ends the tag `b` starts with (quotes honoured).
fn tag_end(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let at = i + memchr::memchr3(b'>', b'"', b'\'', &b[i..])?;
        if b[at] == b'>' {
            return Some(at);
        }
        i = at + 1 + memchr::memchr(b[at], &b[at + 1..])? + 1;
    }
}

/// Text with its runs of whitespace (`char::is_whitespace`) made one space
/// and none at either end, as it is pushed.
#[derive(Default)]
struct Collapsed {
    text: String,
    /// Whether whitespace came since the last character kept.
    space: bool,
}

impl Collapsed {
    /// Whitespace: a space before the next character, if any.
    fn space(&mut self) {
        self.space = true;
    }

    /// Text without character references.
    fn push_str(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut run = 0; // where the characters not yet kept start
        let mut i = 0;
        while i < b.len() {
            let width = match SPACE_START[usize::from(b[i])] {
                NOT_SPACE => {
                    i += 1;
                    continue;
                }
                ASCII_SPACE => 1,
                _ => match s[i..].chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
            };
            self.keep(&s[run..i]);
            self.space = true;
            i += width;
            run = i;
        }
        self.keep(&s[run..]);
    }

    /// Characters that are not whitespace.
    fn keep(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(s);
    }

    fn push_char(&mut self, c: char) {
        match c.is_whitespace() {
            true => self.space = true,
            false => self.keep(c.encode_utf8(&mut [0; 4])),
        }
    }

    /// Text with its character references decoded.
    fn push_text(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut copied = 0;
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'&', &b[from..]) {
            let amp = from + p;
            from = amp + 1;
            // `&name;` with a name of up to nine bytes.
            let window = &b[amp..b.len().min(amp + 11)];
            let Some(end) = memchr::memchr(b';', window) else {
                continue;
            };
            if let Some(c) = decode_reference(&s[amp + 1..amp + end]) {
                self.push_str(&s[copied..amp]);
                self.push_char(c);
                copied = amp + end + 1;
                from = copied;
            }
        }
        self.push_str(&s[copied..]);
    }
}

const NOT_SPACE: u8 = 0;
const ASCII_SPACE: u8 = 1;
/// What each byte can start: whitespace (`\t` to `\r` and space), or,
/// for the first bytes of U+0085, U+00A0, U+1680, U+2000 to U+205F and
/// U+3000 (Unicode's other White_Space), maybe whitespace; otherwise not.
const SPACE_START: [u8; 256] = {
    let mut table = [NOT_SPACE; 256];
    let mut b = b'\t';
    while b <= b'\r' {
        table[b as usize] = ASCII_SPACE;
        b += 1;
    }
    table[b' ' as usize] = ASCII_SPACE;
    table[0xC2] = 2;
    table[0xE1] = 2;
    table[0xE2] = 2;
    table[0xE3] = 2;
    table
};

fn decode_reference(name: &str) -> Option<char> {
    let number = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(dec) => number(dec, 10),
            None => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reading as first written, a character at a time, with the text
    /// collapsed at the end: the one that runs must give the same text.
    fn page_text_as_first_written(html: &str) -> PageText {
        let Some(start) = html.find("<main") else {
            return PageText::default();
        };
        let end = html
            .rfind("</main>")
            .filter(|e| *e > start)
            .unwrap_or(html.len());
        let mut out = PageText::default();
        let mut skipping: Option<(String, usize)> = None;
        let mut title_state = 0; // 0 before the h1, 1 inside, 2 after
        let mut rest = &html[start..end];
        while !rest.is_empty() {
            let lt = rest.find('<').unwrap_or(rest.len());
            if skipping.is_none() {
                let target = if title_state == 1 {
                    &mut out.title
                } else {
                    &mut out.text
                };
                old_push_text(target, &rest[..lt]);
            }
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |i| &comment[i + 3..]);
                continue;
            }
            let Some(gt) = old_tag_end(rest) else { break };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let closing = tag.starts_with('/');
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let self_closing = tag.ends_with('/') || is_void(&name);
            if let Some((skipped, depth)) = &mut skipping {
                if *skipped == name && !self_closing {
                    if closing {
                        *depth -= 1;
                    } else {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                continue;
            }
            if !closing
                && !self_closing
                && (is_unsearched(&name) || tag.contains("data-search-ignore"))
            {
                skipping = Some((name, 1));
                continue;
            }
            if name == "h1" && !closing && title_state == 0 {
                title_state = 1;
            } else if name == "h1" && closing && title_state == 1 {
                title_state = 2;
            }
            if !is_inline(&name) {
                out.text.push(' ');
            }
        }
        out.title = old_collapse_spaces(&out.title);
        out.text = old_collapse_spaces(&out.text);
        out
    }

    /// The index of the `>` that ends the tag `s` starts with (quotes honoured).
    fn old_tag_end(s: &str) -> Option<usize> {
        let mut quote: Option<u8> = None;
        for (i, b) in s.bytes().enumerate() {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// Appends text with its character references decoded.
    fn old_push_text(out: &mut String, text: &str) {
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            rest = &rest[amp..];
            let decoded = rest
                .find(';')
                .filter(|end| *end <= 10)
                .and_then(|end| decode_reference(&rest[1..end]).map(|c| (c, end)));
            match decoded {
                Some((c, end)) => {
                    out.push(c);
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
    }

    fn old_collapse_spaces(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Pieces of pages that meet at the reader's edges.
    const PIECES: &[&str] = &[
        "<main>",
        "</main>",
        "<main id=\"m\">",
        "<h1>",
        "</h1>",
        "<H1 class=\"t\">",
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "<br>",
        "<br/>",
        "<img alt=\"a > b\">",
        "<div data-search-ignore>",
        "<div>",
        "</div>",
        "<svg>",
        "</svg>",
        "<SCRIPT>",
        "</script>",
        "<style>",
        "</style>",
        "<pre>",
        "</pre>",
        "<template>",
        "</template>",
        "<!--",
        "-->",
        "<",
        ">",
        "\"",
        "'",
        "/",
        "&",
        ";",
        "&amp;",
        "&lt;",
        "&nbsp;",
        "&#x3000;",
        "&#12288;",
        "&#x110000;",
        "&#10;",
        "&abcdefghi;",
        "&#x0000041;",
        "&#x00000041;",
        "&#1234567890;",
        " ",
        "  ",
        "\n",
        "\t",
        "\x0b",
        "\u{a0}",
        "\u{85}",
        "\u{3000}",
        "\u{2028}",
        "x",
        "Word",
        "3.5",
        "托育",
        "服务",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn reading_agrees_with_the_reading_as_first_written(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let html = pieces.concat();
            prop_assert_eq!(PageText::of(&html), page_text_as_first_written(&html));
        }
    }

    #[test]
    fn references_and_unicode_spaces_collapse_like_written_spaces() {
        let text = |html: &str| PageText::of(&format!("<main>{html}</main>")).text;
        assert_eq!(text("a&nbsp;&nbsp;b"), "a b");
        assert_eq!(
            text("托育&#x3000;\u{3000} 服务\u{a0}\u{85}\u{2028}x"),
            "托育 服务 x"
        );
        assert_eq!(
            text("\x0b&#10;a\x0b\tb&#32;"),
            "a b",
            "U+000B is whitespace too"
        );
        assert_eq!(
            text("a&#x110000;b&#1234567890;&;&amp"),
            "a&#x110000;b&#1234567890;&;&amp"
        );
        assert_eq!(
            text("&abcdefghi;&lt;&ampx;&amp;lt;"),
            "&abcdefghi;<&ampx;&lt;"
        );
        assert_eq!(text("a&&amp;;b"), "a&&;b");
        assert_eq!(
            text("&#x0000041;&#x00000041;"),
            "A&#x00000041;",
            "a name of up to nine bytes"
        );
    }

    #[test]
    fn tags_break_words_unless_in_line_and_ignored_parts_nest() {
        let text = |html: &str| PageText::of(&format!("<main>{html}</main>")).text;
        assert_eq!(text("a<em>b</em>c<br>d<p>e</p>f"), "abc d e f");
        assert_eq!(text("<pre>a\n\n  b</pre>"), "a b");
        assert_eq!(
            text("<div data-search-ignore>x<div>y</div>z</div>w<DIV class='a>b' data-search-ignore>v</DIV><p>u</p>"),
            "w u"
        );
        assert_eq!(
            text("<p>a</p><SCRIPT>if (a) {}</script><p>b</p><Style>p{}</STYLE><p>c</p>"),
            "a b c"
        );
        assert_eq!(text("a<!-- <p>b</p> -->c<!-- d"), "ac");
        assert_eq!(text("a<p title=\"x"), "a");
        let page = PageText::of("<main><H1>托育<br>服务</H1>\u{3000}正文</main>");
        assert_eq!(
            page.title, "托育服务",
            "a break in the title spaces the text, not the title"
        );
        assert_eq!(page.text, "正文");
    }

    #[test]
    fn every_unicode_space_starts_with_a_byte_marked_as_maybe_one() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert_ne!(SPACE_START[usize::from(first)], NOT_SPACE, "{c:?}");
            }
        }
    }

    fn all_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn a_page_gives_back_its_terms_as_given() {
        let given = [("城乡", 3), ("", 1), ("income", 2)];
        let page = AnalysedPage::new("zh", 7, given, b"{}".to_vec());
        assert_eq!(page.terms().collect::<Vec<_>>(), given);
        let page = analyse(
            "en",
            0,
            "a/index.html",
            "<main><h1>Parks</h1><p>green Parks 公园</p></main>",
        );
        let mut terms: Vec<_> = page.terms().collect();
        terms.sort();
        assert_eq!(terms, [("green", 1), ("parks", 6), ("公园", 1), ("园", 1)]);
    }

    #[test]
    fn splits_chinese_into_pairs_and_words_whole() {
        assert_eq!(all_terms("托育服务"), ["托育", "育服", "服务", "务"]);
        assert_eq!(all_terms("托"), ["托"]);
        assert_eq!(
            all_terms("Childcare: 3.5 places, 托位 per 1000"),
            ["childcare", "3", "5", "places", "托位", "位", "per", "1000"]
        );
        assert_eq!(all_terms("Ⅲ类水"), ["ⅲ", "类水", "水"]);
        assert_eq!(all_terms("ΟΔΌΣ İ"), ["οδόσ", "i"], "a character at a time");
        assert_eq!(
            all_terms("οδός ΟΔΟΣ"),
            ["οδόσ", "οδοσ"],
            "a final sigma is σ"
        );
        assert_eq!(lowercase("ΟΔΟΣ Σοφία"), "οδοσ σοφία");
        assert_eq!(all_terms(""), Vec::<String>::new());
    }

    #[test]
    fn agrees_with_the_shared_cases() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/search-terms.json")).unwrap();
        for case in cases.as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let expected: Vec<String> = case["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            assert_eq!(all_terms(text), expected, "terms of {text:?}");
            for (term, shard) in case["shards"].as_object().unwrap() {
                assert_eq!(
                    shard_file_name(&shard_of(term)),
                    shard.as_str().unwrap(),
                    "shard of {term:?}"
                );
            }
        }
    }

    #[test]
    fn reads_the_main_element_without_ignored_parts() {
        let html = "<!DOCTYPE html><html lang=\"zh\"><head><title>x</title></head><body>\
            <nav>menu</nav><main id=\"main\"><nav data-search-ignore><ol><li>home</li></ol></nav>\
            <h1>托育 <em>服务</em></h1><p>每千人口&amp;托位<a href=\"x\">数</a></p>\
            <figure data-search-ignore><svg><title>chart</title></svg></figure>\
            <details class=\"record\" data-search-ignore><pre>yaml: x</pre></details>\
            <p title=\"a > b\">after &#x27;it&#39;s&#x27;</p><!-- note --></main><footer>f</footer>";
        assert_eq!(
            PageText::of(html),
            PageText {
                title: "托育 服务".into(),
                text: "每千人口&托位数 after 'it's'".into()
            }
        );
    }

    #[test]
    fn index_files_are_sorted_and_delta_encoded() {
        let mut index = SearchIndex::default();
        let pages = vec![
            analyse(
                "en",
                0,
                "a/index.html",
                "<main><h1>Parks</h1><p>green parks</p></main>",
            ),
            analyse(
                "en",
                1,
                "b/index.html",
                "<main><h1>Roads</h1><p>parks</p></main>",
            ),
        ];
        assert!(index.add(pages).is_empty(), "a fragment file holds 8 pages");
        let files = index.files();
        let fragments = files
            .iter()
            .find(|f| f.path == "search/en/f/0.json")
            .unwrap();
        assert_eq!(
            String::from_utf8(fragments.bytes.clone()).unwrap(),
            r#"[{"url":"a/","title":"Parks","text":"green parks"},{"url":"b/","title":"Roads","text":"parks"}]"#
        );
        let terms = files
            .iter()
            .find(|f| f.path == "search/en/t/0.json")
            .unwrap();
        assert_eq!(
            String::from_utf8(terms.bytes.clone()).unwrap(),
            r#"{"green":[0,1],"parks":[0,6,1,1],"roads":[1,5]}"#,
            "three small shards in one file, each shard's terms sorted"
        );
        let entry = files
            .iter()
            .find(|f| f.path == "search/en/index.json")
            .unwrap();
        let entry: serde_json::Value = serde_json::from_slice(&entry.bytes).unwrap();
        assert_eq!(entry["docs"], 2);
        assert_eq!(entry["files"], serde_json::json!(["67-72"]));
    }

    #[test]
    fn shards_join_files_up_to_a_size() {
        let big = TERMS_FILE_BYTES;
        assert_eq!(group_starts(&[]), Vec::<usize>::new());
        assert_eq!(group_starts(&[10, 10, 10]), [0]);
        assert_eq!(group_starts(&[big, 1, big - 1, 1]), [0, 1, 3]);
        assert_eq!(group_starts(&[big + 5, big + 5]), [0, 1]);
        assert_eq!(
            merge_objects(&[
                b"{\"a\":[0,1]}".to_vec(),
                b"{}".to_vec(),
                b"{\"b\":[1,1]}".to_vec()
            ]),
            b"{\"a\":[0,1],\"b\":[1,1]}"
        );
    }
}
