//! The theme's templates minified once, when they are compiled, so that
//! pages come out of Tera already minified instead of going through the
//! minifier one by one (on a large site that was half of the build).
//!
//! Tera's tags are set aside as private-use placeholders the minifier keeps
//! as they are, the HTML around them goes through minify-html, and the tags
//! are put back. In text a placeholder is a number between two private-use
//! characters; in a quoted attribute value it has spaces too, so that the
//! value stays quoted whatever the tag writes, and the value's quotes are
//! then marked, so that each page settles them without being read again
//! ([`crate::html::settle_values`]). Where that cannot be done
//! safely — a tag between attributes (the minifier sorts attributes), in a
//! comment, an unquoted value or a style, or a placeholder the minifier did
//! not keep exactly once — the template is refused and kept as written. The
//! default theme writes a conditional attribute as the element twice, in an
//! `if`, for this reason.
//!
//! Where a placeholder stands is not all: the minifier decides spaces and
//! character references from the characters around them, and a placeholder
//! is not what its tag prints. So whatever this module does, a page template
//! makes pages from its minified form only once a page rendered from it
//! reads as the same page minified whole (`PageRenderer::choose_minification`).

use crate::html::{Event, VALUE_CLOSE, VALUE_OPEN};
use crate::output::minify_fragment;

/// Around a tag's number where the tag stood.
const OPEN: char = '\u{E010}';
const CLOSE: char = '\u{E011}';

/// Where a tag stands in the template's HTML, as the tokenizer reads it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Place {
    /// In text, or in the text of a `<script>` (kept as it is by the
    /// minifier) or `<title>`/`<textarea>`.
    Text,
    /// In a quoted attribute value the minifier does not rewrite.
    Quoted,
}

/// The template minified, or `None` when it cannot be done safely.
pub fn minify_template(source: &str) -> Option<String> {
    let mut tags: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some((start, end)) = next_tag(&source[from..]) {
        tags.push((from + start, from + end));
        from += end;
    }
    // Every tag as a number between private-use characters, to find where
    // each stands.
    let probe = with_placeholders(source, &tags, |_| false);
    let places = places(&probe, tags.len())?;
    let html = with_placeholders(source, &tags, |n| places[n] == Place::Quoted);
    let minified = mark_values(&minify_fragment(&html));
    let tags: Vec<&str> = tags.iter().map(|&(s, e)| &source[s..e]).collect();
    let mut out = put_back(&minified, &tags)?;
    // A partial is included in text whose context the minifier cannot see:
    // the space it starts or ends with may separate words there.
    if source.starts_with(|c: char| c.is_ascii_whitespace()) && !out.starts_with(' ') {
        out.insert(0, ' ');
    }
    if source.ends_with(|c: char| c.is_ascii_whitespace()) && !out.ends_with(' ') {
        out.push(' ');
    }
    Some(out)
}

/// `source` with tag `n` replaced by its placeholder; with spaces inside
/// when `spaced(n)`, so that an attribute value holding it stays quoted
/// whatever the tag writes.
fn with_placeholders(
    source: &str,
    tags: &[(usize, usize)],
    spaced: impl Fn(usize) -> bool,
) -> String {
    let mut html = String::with_capacity(source.len());
    let mut copied = 0;
    for (n, &(start, end)) in tags.iter().enumerate() {
        html.push_str(&source[copied..start]);
        match spaced(n) {
            true => html.push_str(&format!("{OPEN} {n} {CLOSE}")),
            false => html.push_str(&format!("{OPEN}{n}{CLOSE}")),
        }
        copied = end;
    }
    html.push_str(&source[copied..]);
    html
}

/// `minified` with the double quotes around each attribute value that
/// holds a placeholder replaced by [`VALUE_OPEN`] and [`VALUE_CLOSE`]:
/// what the tags write there decides whether the value needs its quotes,
/// and the marks let each page settle that without reading the rest of it
/// ([`crate::html::settle_values`]).
fn mark_values(minified: &str) -> String {
    let b = minified.as_bytes();
    let mut quoted: Vec<(usize, usize)> = Vec::new();
    crate::html::each(minified, |event, span| {
        let (start, end) = (span.start, span.end);
        if matches!(event, Event::AttributeValue { .. })
            && start > 0
            && b[start - 1] == b'"'
            && b.get(end) == Some(&b'"')
            && minified[start..end].contains(OPEN)
            && quoted.last() != Some(&(start - 1, end))
        {
            quoted.push((start - 1, end));
        }
    });
    let mut out = String::with_capacity(minified.len() + 8 * quoted.len());
    let mut copied = 0;
    for (open, close) in quoted {
        out.push_str(&minified[copied..open]);
        out.push_str(VALUE_OPEN);
        out.push_str(&minified[open + 1..close]);
        out.push_str(VALUE_CLOSE);
        copied = close + 1;
    }
    out.push_str(&minified[copied..]);
    out
}

/// Where each of the `count` placeholders of `probe` stands, or `None`
/// when one stands where it cannot be set aside safely: between
/// attributes or in a name, in a comment or doctype, in an unquoted value
/// or one the minifier rewrites (`style`, event handlers), in a
/// `<style>`; or when the template ends inside a tag or comment.
fn places(probe: &str, count: usize) -> Option<Vec<Place>> {
    let mut places: Vec<Option<Place>> = vec![None; count];
    let mut safe = true;
    let b = probe.as_bytes();
    // The start tag and attribute being read, and the element whose raw
    // text follows.
    let (mut tag, mut attribute, mut raw) = (Vec::new(), Vec::new(), None::<Vec<u8>>);
    crate::html::each(probe, |event, span| {
        let here = || numbers(&b[span.start.min(b.len())..span.end.min(b.len())]);
        let mut put = |place: Option<Place>| {
            for n in here() {
                match (place, places.get_mut(n)) {
                    (Some(p), Some(slot @ None)) => *slot = Some(p),
                    _ => safe = false,
                }
            }
        };
        match event {
            Event::OpenStartTag { name } => {
                tag = name.to_vec();
                put(None);
            }
            Event::AttributeName { name } => {
                attribute = name.to_ascii_lowercase();
                put(None);
            }
            Event::AttributeValue { .. } => {
                let quoted = span.start > 0
                    && matches!(b[span.start - 1], b'"' | b'\'')
                    && b.get(span.end) == Some(&b[span.start - 1]);
                let rewritten = attribute == b"style" || attribute.starts_with(b"on");
                put((quoted && !rewritten).then_some(Place::Quoted));
            }
            Event::CloseStartTag { .. } => {
                raw = crate::html::raw_text(&tag).then(|| tag.clone());
                put(None);
            }
            Event::EndTag { .. } => {
                raw = None;
                put(None);
            }
            Event::String { .. } => put((raw.as_deref() != Some(b"style")).then_some(Place::Text)),
            Event::Error(
                html5gum::Error::EofInTag
                | html5gum::Error::EofInComment
                | html5gum::Error::EofInDoctype
                | html5gum::Error::EofInCdata
                | html5gum::Error::EofInScriptHtmlCommentLikeText,
            ) => safe = false,
            _ => put(None),
        }
    });
    match safe {
        true => places.into_iter().collect(),
        false => None,
    }
}

/// The numbers of the placeholders in `s` (a span of the tokenizer's,
/// which may cut a character: a placeholder cut is not counted, and its
/// template is refused).
fn numbers(s: &[u8]) -> Vec<usize> {
    let (mut open, mut close) = ([0; 4], [0; 4]);
    let open = OPEN.encode_utf8(&mut open).as_bytes();
    let close = CLOSE.encode_utf8(&mut close).as_bytes();
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = memchr::memmem::find(rest, open) {
        let body = &rest[at + open.len()..];
        let Some(len) = memchr::memmem::find(body, close) else {
            break;
        };
        let number = std::str::from_utf8(&body[..len]).ok();
        if let Some(n) = number.and_then(|n| n.trim().parse().ok()) {
            out.push(n);
        }
        rest = &body[len..];
    }
    out
}

/// Where the next Tera tag starts and ends (`{{ }}`, `{% %}`, `{# #}`).
fn next_tag(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = s[from..].find('{') {
        let start = from + at;
        let close = match s.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                from = start + 1;
                continue;
            }
        };
        let end = s[start + 2..].find(close)? + start + 2 + close.len();
        return Some((start, end));
    }
    None
}

/// The placeholders replaced by their tags, each found exactly once. The
/// minifier sorts a tag's attributes, so tags in attribute values may come
/// back in another order; they have no effects, so their order is free.
fn put_back(minified: &str, tags: &[&str]) -> Option<String> {
    let mut out =
        String::with_capacity(minified.len() + tags.iter().map(|t| t.len()).sum::<usize>());
    let mut seen = vec![false; tags.len()];
    let mut rest = minified;
    while let Some(at) = rest.find(OPEN) {
        let body = at + OPEN.len_utf8();
        let len = rest[body..].find(CLOSE)?;
        let n: usize = rest[body..body + len].trim().parse().ok()?;
        if std::mem::replace(seen.get_mut(n)?, true) {
            return None;
        }
        out.push_str(&rest[..at]);
        out.push_str(tags[n]);
        rest = &rest[body + len + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    seen.iter().all(|s| *s).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::minify_template;

    #[test]
    fn tags_in_text_and_attribute_values_come_back() {
        let t = "<ul>\n  {% for i in items %}<li><a href=\"{{ root }}{{ i.url }}\" hreflang=\"{{ i.lang }}\">{{ i.label }}</a></li>{% endfor %}\n</ul>\n";
        let m = minify_template(t).unwrap();
        assert_eq!(
            m.trim_end(),
            "<ul>{% for i in items %}<li><a href=<\u{1}{{ root }}{{ i.url }}<\u{2} hreflang=<\u{1}{{ i.lang }}<\u{2}>{{ i.label }}</a></li>{% endfor %}</ul>"
        );
    }

    #[test]
    fn unsafe_places_are_refused() {
        assert!(minify_template("<!-- {{ x }} --><p>a</p>").is_none());
        assert!(
            minify_template("<a href=\"x\"{% if c %} rel=\"external\"{% endif %}>a</a>").is_none()
        );
        assert!(minify_template("<a href={{ x }}>a</a>").is_none());
        assert!(minify_template("<p style=\"color:{{ c }}\">a</p>").is_none());
        assert!(minify_template("<style>p{color:{{ c }}}</style>").is_none());
        assert!(minify_template("<p onclick=\"f({{ x }})\">a</p>").is_none());
        assert!(minify_template("<h{{ n }}>a</h{{ n }}>").is_none());
        assert!(minify_template("<p>a</p><a href=\"{{ x }}\"").is_none());
        assert!(minify_template("<p>a</p><!-- {% if x %}").is_none());
        assert_eq!(
            minify_template("<script>var a = \"{{ x }}\";</script>\n<p class=\"{{ c }}\">x</p>")
                .unwrap(),
            "<script>var a = \"{{ x }}\";</script><p class=<\u{1}{{ c }}<\u{2}>x</p>"
        );
        assert_eq!(
            minify_template("<pre>\n {{ x }}\n</pre>\n").unwrap(),
            "<pre>\n {{ x }}\n</pre> "
        );
    }

    #[test]
    fn markup_without_tags_is_the_minifiers() {
        let t = "<div class=\"a\">\n  <p>one  two</p>\n</div>";
        assert_eq!(
            minify_template(t).unwrap(),
            crate::output::minify_fragment(t)
        );
    }
}

#[cfg(test)]
mod theme_tests {
    #[test]
    fn every_template_of_the_default_theme_is_minified_ahead() {
        let theme = crate::theme::Theme::load(std::path::Path::new("/nonexistent"), "default")
            .expect("built-in theme");
        let refused: Vec<&str> = theme
            .under(crate::theme::TEMPLATES_DIR)
            .filter(|(_, bytes)| {
                super::minify_template(std::str::from_utf8(bytes).unwrap()).is_none()
            })
            .map(|(rel, _)| rel)
            .collect();
        assert!(refused.is_empty(), "cannot be minified ahead: {refused:?}");
    }
}
