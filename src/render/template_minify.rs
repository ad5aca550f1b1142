//! The theme's templates minified once, when they are compiled, so that
//! pages come out of Tera already minified instead of going through the
//! minifier one by one (on a large site that was half of the build).
//!
//! Tera's tags are set aside as private-use placeholders the minifier keeps
//! as they are, the HTML around them goes through minify-html, and the tags
//! are put back. In text a placeholder is a number between two private-use
//! characters; in a quoted attribute value it has spaces too, so that the
//! value stays quoted whatever the tag writes. Where that cannot be done
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

use crate::output::minify_fragment;

/// Around a tag's number where the tag stood.
const OPEN: char = '\u{E010}';
const CLOSE: char = '\u{E011}';

/// Where the HTML scanner is.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Ctx {
    Text,
    /// Inside `<name …`, between attributes.
    Tag,
    /// After `name=` in a tag, before the value starts.
    BeforeValue,
    /// In a quoted attribute value (`"` or `'`); `true` when the attribute
    /// is one whose value the minifier rewrites (style, event handlers).
    Quoted(char, bool),
    /// In an unquoted attribute value.
    Unquoted,
    /// In a comment.
    Comment,
    /// In `<!DOCTYPE …>` or `<?…>`.
    Declaration,
    /// In the contents of `<script>` (kept as it is), `<style>` (rewritten)
    /// or `<pre>`/`<textarea>` (whose whitespace counts).
    Raw(&'static str),
}

/// The template minified, or `None` when it cannot be done safely.
pub fn minify_template(source: &str) -> Option<String> {
    let mut html = String::with_capacity(source.len());
    let mut tags: Vec<&str> = Vec::new();
    let mut scanner = Scanner::default();
    let mut rest = source;
    while let Some((start, end)) = next_tag(rest) {
        let text = &rest[..start];
        scanner.scan(text);
        html.push_str(text);
        let tag = &rest[start..end];
        let n = tags.len();
        match scanner.ctx {
            Ctx::Text | Ctx::Raw("script") | Ctx::Raw("pre") => {
                html.push_str(&format!("{OPEN}{n}{CLOSE}"));
                tags.push(tag);
            }
            Ctx::Quoted(_, false) => {
                // The spaces keep the value quoted.
                html.push_str(&format!("{OPEN} {n} {CLOSE}"));
                tags.push(tag);
            }
            _ => return None,
        }
        rest = &rest[end..];
    }
    scanner.scan(rest);
    html.push_str(rest);
    if scanner.ctx != Ctx::Text {
        return None;
    }
    let minified = minify_fragment(&html);
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

struct Scanner {
    ctx: Ctx,
    /// The raw-text element whose start tag is being read.
    raw_after: Option<&'static str>,
    /// The attribute (or tag) name being read, lower-cased.
    attr: String,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            ctx: Ctx::Text,
            raw_after: None,
            attr: String::new(),
        }
    }
}

impl Scanner {
    /// Whether the minifier rewrites this attribute's value (CSS, scripts).
    fn rewritten_attr(&self) -> bool {
        self.attr == "style" || self.attr.starts_with("on")
    }

    /// Follows the HTML in `text` (which holds no Tera tag).
    fn scan(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            // Bytes, not `str`: `i` may be inside a multi-byte character.
            let rest = &b[i..];
            self.ctx = match self.ctx {
                Ctx::Text if c == b'<' => {
                    if rest.starts_with(b"<!--") {
                        i += 3;
                        Ctx::Comment
                    } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                        Ctx::Declaration
                    } else if b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()) {
                        let name: String = rest[1..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .map(|c| c.to_ascii_lowercase() as char)
                            .collect();
                        self.raw_after = match name.as_str() {
                            "script" => Some("script"),
                            "style" => Some("style"),
                            "pre" | "textarea" => Some("pre"),
                            _ => None,
                        };
                        self.attr.clear();
                        Ctx::Tag
                    } else if b.get(i + 1) == Some(&b'/') {
                        self.raw_after = None;
                        self.attr.clear();
                        Ctx::Tag
                    } else {
                        Ctx::Text
                    }
                }
                Ctx::Text => Ctx::Text,
                Ctx::Tag => match c {
                    b'>' => match self.raw_after.take() {
                        Some(name) => Ctx::Raw(name),
                        None => Ctx::Text,
                    },
                    b'=' => Ctx::BeforeValue,
                    c if c.is_ascii_whitespace() || c == b'/' => {
                        self.attr.clear();
                        Ctx::Tag
                    }
                    c => {
                        self.attr.push(c.to_ascii_lowercase() as char);
                        Ctx::Tag
                    }
                },
                Ctx::BeforeValue => match c {
                    b'"' | b'\'' => Ctx::Quoted(c as char, self.rewritten_attr()),
                    c if c.is_ascii_whitespace() => Ctx::BeforeValue,
                    _ => Ctx::Unquoted,
                },
                Ctx::Quoted(q, _) if c == q as u8 => {
                    self.attr.clear();
                    Ctx::Tag
                }
                Ctx::Quoted(q, r) => Ctx::Quoted(q, r),
                Ctx::Unquoted => match c {
                    b'>' => Ctx::Text,
                    c if c.is_ascii_whitespace() => {
                        self.attr.clear();
                        Ctx::Tag
                    }
                    _ => Ctx::Unquoted,
                },
                Ctx::Comment if rest.starts_with(b"-->") => {
                    i += 2;
                    Ctx::Text
                }
                Ctx::Comment => Ctx::Comment,
                Ctx::Declaration if c == b'>' => Ctx::Text,
                Ctx::Declaration => Ctx::Declaration,
                Ctx::Raw(name) => {
                    let close_len = name.len() + 2;
                    if rest.len() >= close_len
                        && c == b'<'
                        && rest[1] == b'/'
                        && rest[2..close_len].eq_ignore_ascii_case(name.as_bytes())
                    {
                        self.attr.clear();
                        Ctx::Tag
                    } else {
                        Ctx::Raw(name)
                    }
                }
            };
            i += 1;
        }
    }
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
            "<ul>{% for i in items %}<li><a href=\"{{ root }}{{ i.url }}\" hreflang=\"{{ i.lang }}\">{{ i.label }}</a></li>{% endfor %}</ul>"
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
