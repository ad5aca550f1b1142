//! HTML read back as a browser reads it: where a template's Tera tags
//! stand, and whether a page made from templates minified ahead reads as
//! the same page minified whole, go through one tokenizer, html5gum's
//! implementation of the WHATWG tokenizer, with the text of `<script>`,
//! `<style>`, `<title>` and `<textarea>` read as the parser does. Both run
//! once per template. What runs over every page (taking quotes off
//! attribute values here, the search text in `render::search`) scans for
//! `<` instead: the tokenizer reads about 50 MB/s, which over the 268 MB of
//! pages of a 2,000-measure site made the build half as slow again.

use std::collections::BTreeMap;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

pub use html5gum::emitters::callback::CallbackEvent as Event;

/// Calls `f` with every event of the tokenizer over `html`, in order, with
/// the byte range of `html` it stands for (attribute values without their
/// quotes; text with its character references still in).
pub fn each(html: &str, mut f: impl FnMut(Event<'_>, Span<usize>)) {
    let callback = |event: CallbackEvent<'_>, span: Span<usize>| -> Option<()> {
        f(event, span);
        None
    };
    let mut emitter = CallbackEmitter::new(callback);
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
}

/// Whether the tokenizer reads what follows start tag `name` as text up
/// to its end tag (html5gum's rule, as the parser switches).
pub fn raw_text(name: &[u8]) -> bool {
    html5gum::naive_next_state(name).is_some()
}

/// The quotes around attribute values taken out where HTML allows
/// (`x="1.5"` → `x=1.5`), as the minifier writes them: a double-quoted
/// value right after `=` that is not empty, holds no space, quote, `=`,
/// `<`, `>` or `` ` `` and is not followed by `/` (an unquoted value would
/// take the slash in).
///
/// This runs over the markup views write (charts, the marks of text in
/// another language; pages from templates have their values marked and
/// settled instead, see [`settle_values`]). It is a scan for `<`, not the
/// tokenizer (which reads about 50 MB/s):
/// comments and the text of `<script>`, `<style>`, `<title>` and
/// `<textarea>` are passed over whole, and elsewhere every `<` followed by
/// a letter opens a tag, which holds for HTML whose text has its `<`
/// escaped, as gongkai's. Each template's pages are checked against the
/// tokenizer before they are written this way (see [`difference`]).
pub fn unquote_attributes(html: &[u8]) -> Vec<u8> {
    let b = html;
    let mut out = Vec::with_capacity(b.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        i += lt + 1;
        if b[i..].starts_with(b"!--") {
            i = memchr::memmem::find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| i + e);
        let raw = RAW_TEXT
            .iter()
            .find(|n| b[i..name_end].eq_ignore_ascii_case(n.as_bytes()));
        // In a start tag: from quote to quote until its `>`.
        i = name_end;
        loop {
            // Tags are short: a loop finds their next quote or `>` sooner
            // than `memchr3`'s set-up does.
            while i < b.len() && !matches!(b[i], b'>' | b'"' | b'\'') {
                i += 1;
            }
            if i == b.len() {
                break;
            }
            let q = b[i];
            if q == b'>' {
                break;
            }
            let Some(len) = memchr::memchr(q, &b[i + 1..]) else {
                i = b.len();
                break;
            };
            let end = i + 1 + len;
            let value = &b[i + 1..end];
            if q == b'"' && b[i - 1] == b'=' && bare(value, b.get(end + 1)) {
                out.extend_from_slice(&b[copied..i]);
                out.extend_from_slice(value);
                copied = end + 1;
            }
            i = end + 1;
        }
        if let Some(name) = raw {
            i = raw_text_end(b, i, name.as_bytes());
        }
    }
    out.extend_from_slice(&b[copied..]);
    out
}

/// Whether attribute value `value`, followed by `next`, is written bare:
/// it is not empty, holds none of [`KEEPS_QUOTES`] and is not followed by
/// `/` (an unquoted value would take the slash in).
fn bare(value: &[u8], next: Option<&u8>) -> bool {
    !value.is_empty() && next != Some(&b'/') && value.iter().all(|c| !KEEPS_QUOTES[usize::from(*c)])
}

/// The marks that stand for the quotes of an attribute value written by
/// Tera tags, in a template minified ahead (`template_minify`): `<` and a
/// control character. Nothing a page's data writes can hold them, as text
/// and values reach a page with their `<` escaped. A page made from such a
/// template has them settled by [`settle_values`].
pub const VALUE_OPEN: &str = "<\u{1}";
pub const VALUE_CLOSE: &str = "<\u{2}";

/// A page made from templates minified ahead, each value between
/// [`VALUE_OPEN`] and [`VALUE_CLOSE`] written bare where the minifier
/// would write it bare (the rule of [`unquote_attributes`]), and in double
/// quotes again elsewhere. Only the marks are looked for: the rest of the
/// page came minified from its template, or from views written that way
/// (`Localizer::markup`).
pub fn settle_values(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(open) = find_mark(html, i, VALUE_OPEN) {
        let from = open + VALUE_OPEN.len();
        let Some(close) = find_mark(html, from, VALUE_CLOSE) else {
            break;
        };
        let value = &html[from..close];
        let after = close + VALUE_CLOSE.len();
        out.extend_from_slice(&html[copied..open]);
        if bare(value, html.get(after)) {
            out.extend_from_slice(value);
        } else {
            out.push(b'"');
            out.extend_from_slice(value);
            out.push(b'"');
        }
        copied = after;
        i = after;
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// Where the next `mark` (`<` and a control character) starts in `html`
/// from `from`: found by its control character, which pages hold nowhere
/// else.
fn find_mark(html: &[u8], from: usize, mark: &str) -> Option<usize> {
    let control = mark.as_bytes()[1];
    let mut i = from;
    loop {
        let at = i + memchr::memchr(control, &html[i..])?;
        if at > from && html[at - 1] == b'<' {
            return Some(at - 1);
        }
        i = at + 1;
    }
}

/// The bytes that keep a value quoted: ASCII whitespace, quotes, `=`, `<`,
/// `>` and `` ` ``.
const KEEPS_QUOTES: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b" \t\n\x0c\r\"'=<>`";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where the text of raw-text element `name` that starts at `from` ends:
/// at the first `</name` in any case, or the end of `b`.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        i += lt;
        let tag = &b[i + 1..];
        if tag.first() == Some(&b'/')
            && tag
                .get(1..=name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "title", "textarea"];

/// One token as a browser's parser takes it in: names lower-cased, text
/// and values with their character references decoded, attributes by name
/// (the first of a name counts), neighbouring text joined.
#[derive(Debug, PartialEq, Clone)]
enum Token {
    Start {
        name: String,
        attributes: BTreeMap<String, String>,
        self_closing: bool,
    },
    End(String),
    Text(String),
    Comment(String),
    Doctype(String),
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn tokens(html: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut start: Option<(String, BTreeMap<String, String>)> = None;
    let mut attribute: Option<String> = None;
    each(html, |event, _| match event {
        Event::OpenStartTag { name } => start = Some((text(name), BTreeMap::new())),
        Event::AttributeName { name } => {
            let name = text(name);
            attribute = match start.as_mut() {
                Some((_, attributes)) if !attributes.contains_key(&name) => {
                    attributes.insert(name.clone(), String::new());
                    Some(name)
                }
                _ => None,
            };
        }
        Event::AttributeValue { value } => {
            if let (Some((_, attributes)), Some(name)) = (start.as_mut(), attribute.as_ref()) {
                if let Some(v) = attributes.get_mut(name) {
                    v.push_str(&String::from_utf8_lossy(value));
                }
            }
        }
        Event::CloseStartTag { self_closing } => {
            attribute = None;
            if let Some((name, attributes)) = start.take() {
                out.push(Token::Start {
                    name,
                    attributes,
                    self_closing,
                });
            }
        }
        Event::EndTag { name } => {
            start = None;
            attribute = None;
            out.push(Token::End(text(name)));
        }
        Event::String { value } => match out.last_mut() {
            Some(Token::Text(t)) => t.push_str(&String::from_utf8_lossy(value)),
            _ => out.push(Token::Text(text(value))),
        },
        Event::Comment { value } => out.push(Token::Comment(text(value))),
        Event::Doctype { name, .. } => out.push(Token::Doctype(text(name))),
        Event::Error(_) => {}
    });
    out
}

/// Where two documents read differently (the first token that differs,
/// with the one before it), or `None` when they read the same: the same
/// tags with the same attributes and the same text, whatever the quotes
/// and character references. Whitespace is compared as a browser lays it
/// out by default and as the minifier treats it (see [`laid_out`]).
pub fn difference(a: &str, b: &str) -> Option<String> {
    let (ta, tb) = (laid_out(tokens(a)), laid_out(tokens(b)));
    let at = ta
        .iter()
        .zip(&tb)
        .position(|(x, y)| x != y)
        .or_else(|| (ta.len() != tb.len()).then_some(ta.len().min(tb.len())))?;
    let show = |t: Option<&Token>| t.map_or_else(|| "the end".to_string(), short);
    let before = match at {
        0 => "at the start".to_string(),
        _ => format!("after {}", short(&ta[at - 1])),
    };
    Some(format!(
        "{before}: {} against {}",
        show(ta.get(at)),
        show(tb.get(at))
    ))
}

/// Elements whose text keeps every space (and scripts and styles, which
/// are not laid out as text).
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style", "title"];

/// Elements laid out in the line of their text: a space beside them is
/// seen. Beside any other tag (a block, the document's head), a space at
/// the start or end of a line is not, as the minifier also assumes.
const IN_LINE: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "br", "button", "canvas", "cite", "code", "data",
    "del", "dfn", "em", "embed", "i", "iframe", "img", "input", "ins", "kbd", "label", "mark",
    "math", "meter", "object", "output", "picture", "progress", "q", "ruby", "s", "samp", "select",
    "small", "span", "strong", "sub", "sup", "svg", "textarea", "time", "u", "var", "video", "wbr",
];

/// The tokens with whitespace as a browser lays it out by default
/// (`white-space: normal`): outside `<pre>`, `<textarea>` and raw text,
/// a run of spaces is one space, and a space next to a tag that is not
/// laid out in the line (or at either end of the document) is none.
fn laid_out(tokens: Vec<Token>) -> Vec<Token> {
    let is_space = |c: char| c.is_ascii_whitespace();
    let in_line = |t: Option<&Token>| match t {
        Some(Token::Start { name, .. }) | Some(Token::End(name)) => {
            IN_LINE.contains(&name.as_str())
        }
        Some(Token::Text(_)) => true,
        _ => false,
    };
    let mut verbatim: Vec<String> = Vec::new();
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            Token::Start {
                name, self_closing, ..
            } if VERBATIM.contains(&name.as_str()) && !self_closing => verbatim.push(name.clone()),
            Token::End(name) if verbatim.last() == Some(name) => {
                verbatim.pop();
            }
            _ => {}
        }
        let text = match token {
            Token::Text(text) if verbatim.is_empty() => text,
            other => {
                out.push(other);
                continue;
            }
        };
        let mut t = String::with_capacity(text.len());
        for c in text.chars() {
            match is_space(c) {
                true if t.ends_with(' ') => {}
                true => t.push(' '),
                false => t.push(c),
            }
        }
        // A run of spaces is one by now.
        if !in_line(out.last()) && t.starts_with(' ') {
            t.remove(0);
        }
        if !in_line(tokens.peek()) && t.ends_with(' ') {
            t.pop();
        }
        if !t.is_empty() {
            out.push(Token::Text(t));
        }
    }
    out
}

/// A token as a reader of a warning wants it: short.
fn short(t: &Token) -> String {
    let clip = |s: &str| -> String {
        let mut c: String = s.chars().take(60).collect();
        if c.len() < s.len() {
            c.push('…');
        }
        format!("{c:?}")
    };
    match t {
        Token::Start {
            name, attributes, ..
        } => {
            let attrs: String = attributes
                .iter()
                .map(|(k, v)| format!(" {k}={}", clip(v)))
                .collect();
            format!("<{name}{attrs}>")
        }
        Token::End(name) => format!("</{name}>"),
        Token::Text(s) => format!("text {}", clip(s)),
        Token::Comment(s) => format!("comment {}", clip(s)),
        Token::Doctype(s) => format!("<!doctype {s}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`unquote_attributes`] of text (only ASCII quotes are taken out, so
    /// text stays text).
    fn unquote(html: &str) -> String {
        String::from_utf8(unquote_attributes(html.as_bytes())).unwrap()
    }

    /// The scan as first written, a byte at a time inside tags: the one
    /// that runs must give the same bytes.
    fn unquote_byte_by_byte(html: &str) -> String {
        let b = html.as_bytes();
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        let mut i = 0;
        while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
            i += lt + 1;
            if b[i..].starts_with(b"!--") {
                i = memchr::memmem::find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3);
                continue;
            }
            if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let name_end = b[i..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map_or(b.len(), |e| i + e);
            let raw = RAW_TEXT
                .iter()
                .find(|n| b[i..name_end].eq_ignore_ascii_case(n.as_bytes()));
            while i < b.len() && b[i] != b'>' {
                match b[i] {
                    q @ (b'"' | b'\'') => {
                        let Some(len) = memchr::memchr(q, &b[i + 1..]) else {
                            i = b.len();
                            break;
                        };
                        let value = &html[i + 1..i + 1 + len];
                        let end = i + 1 + len;
                        let bare = q == b'"'
                            && b[i - 1] == b'='
                            && !value.is_empty()
                            && b.get(end + 1) != Some(&b'/')
                            && !value.bytes().any(|c| {
                                c.is_ascii_whitespace()
                                    || matches!(c, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                            });
                        if bare {
                            out.push_str(&html[copied..i]);
                            out.push_str(value);
                            copied = end + 1;
                        }
                        i = end + 1;
                    }
                    _ => i += 1,
                }
            }
            if let Some(name) = raw {
                let close = format!("</{name}");
                let text = &b[i.min(b.len())..];
                i += text
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                    .unwrap_or(text.len());
            }
        }
        out.push_str(&html[copied..]);
        out
    }

    #[test]
    fn marked_values_are_settled_as_the_minifier_writes_them() {
        let settle = |html: &str| String::from_utf8(settle_values(html.as_bytes())).unwrap();
        assert_eq!(
            settle("<a href=<\u{1}/x/<\u{2} title=<\u{1}a b<\u{2}>t</a>"),
            "<a href=/x/ title=\"a b\">t</a>"
        );
        assert_eq!(
            settle("<img alt=<\u{1}<\u{2} src=<\u{1}x<\u{2}/>"),
            "<img alt=\"\" src=\"x\"/>"
        );
        // A control character of the data's, not after `<`, is left as it is.
        assert_eq!(
            settle("<p>\u{1}\u{2}</p><a href=<\u{1}x<\u{2}>"),
            "<p>\u{1}\u{2}</p><a href=x>"
        );
    }

    proptest! {
        /// A marked value settles as the scan over the whole page unquotes
        /// the same value in quotes.
        #[test]
        fn settling_a_marked_value_is_unquoting_it(
            value in "[a-z0-9 /=`'&;\u{4e00}\u{1}-]{0,8}",
            next in prop::sample::select(vec![">", " ", "/>", "/", ""]),
        ) {
            let marked = format!("<a x={VALUE_OPEN}{value}{VALUE_CLOSE}{next}");
            let quoted = format!("<a x=\"{value}\"{next}");
            prop_assert_eq!(
                String::from_utf8(settle_values(marked.as_bytes())).unwrap(),
                unquote(&quoted)
            );
        }
    }

    /// Pieces of markup that meet at the scanner's edges.
    const PIECES: &[&str] = &[
        "<p",
        "<a",
        "<img",
        "<SVG",
        "<line",
        "<script",
        "<ScRiPt",
        "<style",
        "<title",
        "<textarea",
        "<pre",
        "</script",
        "</SCRIPT>",
        "</style>",
        "</title>",
        "</textarea>",
        "</pre>",
        "</p>",
        "<!--",
        "-->",
        "<!",
        "<",
        ">",
        "/>",
        "/",
        " ",
        "\n",
        "\t",
        "\x0b",
        "=",
        "=\"",
        "\"",
        "'",
        "`",
        "x",
        "1.5",
        "a/b",
        "托育",
        "服务",
        "&amp;",
        "&lt;",
        "&#x27;",
        "class",
        "title",
        " x=\"1\"",
        " y=\"a b\"",
        " z=''",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn unquoting_agrees_with_the_byte_by_byte_scan(
            pieces in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(PIECES).prop_map(str::to_string),
                    "[a-z\"'=<>/` \t\x0b\n&;托]{0,4}".prop_map(|v| format!(" v=\"{v}\"")),
                ],
                0..40,
            )
        ) {
            let html = pieces.concat();
            prop_assert_eq!(unquote(&html), unquote_byte_by_byte(&html));
        }
    }

    #[test]
    fn values_with_tag_characters_or_spaces_keep_their_quotes() {
        assert_eq!(
            unquote(r#"<p title="a > b" class="x">"c"</p>"#),
            r#"<p title="a > b" class=x>"c"</p>"#,
            "a `>` inside quotes does not end the tag"
        );
        assert_eq!(
            unquote(r#"<a title='x' href="a&amp;b" data-x="a`b" lang="zh">"#),
            r#"<a title='x' href=a&amp;b data-x="a`b" lang=zh>"#
        );
        assert_eq!(
            unquote("<img alt=\"托育服务\" title=\"托育\u{3000}服务\">"),
            "<img alt=托育服务 title=托育\u{3000}服务>",
            "only ASCII whitespace needs the quotes"
        );
        assert_eq!(
            unquote("<i x=\"a\tb\" y=\"a\x0bb\">"),
            "<i x=\"a\tb\" y=a\x0bb>"
        );
        assert_eq!(unquote(r#"<i x="1"#), r#"<i x="1"#);
        assert_eq!(unquote(r#"<i x = "1" y="2"/>"#), r#"<i x = "1" y="2"/>"#);
    }

    #[test]
    fn raw_text_is_passed_over_to_its_end_tag_in_any_case() {
        assert_eq!(
            unquote(
                r#"<SCRIPT type="a">x="<i y="1">"</Script ><b c="2"><style>p[x="1"]{}</style>"#
            ),
            r#"<SCRIPT type=a>x="<i y="1">"</Script ><b c=2><style>p[x="1"]{}</style>"#
        );
        assert_eq!(
            unquote(r#"<title>a<b c="1"></title><textarea id="t"><i d="2"></textarea>"#),
            r#"<title>a<b c="1"></title><textarea id=t><i d="2"></textarea>"#
        );
        assert_eq!(
            unquote(r#"<pre class="p"><i x="1"> a="b" </i></pre>"#),
            r#"<pre class=p><i x=1> a="b" </i></pre>"#,
            "`<pre>` holds tags"
        );
        assert_eq!(
            unquote(r#"<script>x="1"<i y="2">"#),
            r#"<script>x="1"<i y="2">"#,
            "to the end when the end tag is missing"
        );
    }

    #[test]
    fn only_values_in_tags_lose_their_quotes() {
        let html = r#"<p class="a" title="x y">a="b" &lt;i x="1"></p><img alt="" src="a/b.png"><line x="1"/><script>if(a<b){x="2"}</script><!-- <i x="3"> -->"#;
        assert_eq!(
            unquote(html),
            r#"<p class=a title="x y">a="b" &lt;i x="1"></p><img alt="" src=a/b.png><line x="1"/><script>if(a<b){x="2"}</script><!-- <i x="3"> -->"#
        );
        assert_eq!(difference(html, &unquote(html)), None);
    }

    #[test]
    fn quotes_and_references_read_the_same_whitespace_does_not() {
        assert_eq!(
            difference(
                "<a href=\"a&#x2F;b\" class='c'>x &amp; y</a>",
                "<a class=c href=a/b>x &amp y</a>"
            ),
            None
        );
        assert_eq!(
            difference("<p>a <b>b</b></p>", "<p>a<b>b</b></p>").unwrap(),
            "after <p>: text \"a \" against text \"a\""
        );
        assert_eq!(
            difference(
                "<ul> <li>a  b </li>\n<li>c</li></ul> ",
                "<ul><li>a b</li><li>c</li></ul>"
            ),
            None
        );
        assert!(difference("<pre>a  b</pre>", "<pre>a b</pre>").is_some());
        assert!(difference("<p><a>a</a> <a>b</a></p>", "<p><a>a</a><a>b</a></p>").is_some());
        assert!(difference("<p>a</p>", "<p>a</p><p>").is_some());
        assert!(difference("<i class=\"x\">", "<i class=\"x \">").is_some());
    }
}
