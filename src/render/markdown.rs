//! CommonMark (tables, strikethrough, footnotes) to HTML. Raw HTML in the
//! source is escaped, never passed through; links and images keep only safe
//! schemes; code blocks are highlighted at build time with CSS classes.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::load::reader::check_url;

/// Loaded on first use, so that `check` never pays for it.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The CSS class prefix of highlighted tokens (`hl-keyword` …).
pub const CLASS_PREFIX: &str = "hl-";

pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    events.push(Event::Html(CowStr::from(highlight(&lang, &buf))));
                }
            }
            // Raw HTML is shown as text.
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = safe_url(dest_url);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = safe_url(dest_url);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The words of Markdown without its marks (for `<meta>` descriptions):
/// text and code, each block ending in a space, runs of space made one.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            // Raw HTML is text here as on the page.
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A link with an unsafe scheme becomes an inert `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if check_url(&url).is_ok() {
        url
    } else {
        CowStr::from("#")
    }
}

/// Markdown that is a single paragraph, without its `<p>`: for short texts
/// shown inline (task lines, notes in table cells).
pub fn to_inline_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let syntax = SYNTAXES
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
        }
    }
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\"{lang_class}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`: the runs between the five characters
/// escaped are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Highlighted YAML, for showing a measure's source record: the content of
/// its `<pre><code>` element, as written, or (`minified`) as the minifier
/// would write it. Record files use a small subset of YAML (keys, scalars,
/// flow maps, comments), so a line scanner gives the same classes as
/// syntect at a hundredth of the cost, which matters with one record per
/// measure page; and writing the minified form here spares the minifier
/// half of each measure page.
pub fn highlight_yaml(source: &str, minified: bool) -> String {
    let mut out = Code {
        html: String::with_capacity(source.len() * 2),
        minified,
        pending: String::new(),
    };
    for line in source.lines() {
        highlight_yaml_line(line, &mut out);
        out.text("\n");
    }
    out.flush();
    out.html
}

/// Highlighted code being written, in full or in the minifier's form:
/// unquoted class names, and each text node (the text between two tags,
/// gathered in `pending`) encoded as the minifier encodes text.
struct Code {
    html: String,
    minified: bool,
    pending: String,
}

impl Code {
    fn text(&mut self, text: &str) {
        match self.minified {
            true => self.pending.push_str(text),
            false => escape_into(&mut self.html, text),
        }
    }

    /// Writes the text node gathered so far in the minified form: `&` as
    /// `&amp;` where what follows could read as a character reference,
    /// the few characters shorter as references as those, `<` as `&lt;`.
    /// Text of ASCII without `&` stays as it is.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        let encoded;
        let text = match pending.is_ascii() && !pending.contains('&') {
            true => pending.as_str(),
            false => {
                encoded = minify_html::encode_entities(pending.as_bytes(), false, true);
                std::str::from_utf8(&encoded).unwrap_or(&pending)
            }
        };
        let mut runs = text.split('<');
        if let Some(first) = runs.next() {
            self.html.push_str(first);
        }
        for run in runs {
            self.html.push_str("&lt;");
            self.html.push_str(run);
        }
        pending.clear();
        self.pending = pending;
    }

    fn span(&mut self, class: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        self.flush();
        self.html.push_str(if self.minified {
            "<span class="
        } else {
            "<span class=\""
        });
        self.html.push_str(CLASS_PREFIX);
        self.html.push_str(class);
        self.html.push_str(if self.minified { ">" } else { "\">" });
        self.text(text);
        self.flush();
        self.html.push_str("</span>");
    }
}

fn highlight_yaml_line(line: &str, out: &mut Code) {
    let (code, comment) = split_comment(line);
    let indent_len = code.len() - code.trim_start_matches([' ', '-']).len();
    let (indent, rest) = code.split_at(indent_len);
    if indent.contains('-') {
        let dash = indent.find('-').unwrap_or(0);
        out.text(&indent[..dash]);
        out.span("punctuation", "-");
        out.text(&indent[dash + 1..]);
    } else {
        out.text(indent);
    }
    let key_end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|k| k.len()));
    match key_end {
        Some(end) if !rest.starts_with(['"', '\'', '{', '[']) => {
            out.span("entity", &rest[..end]);
            out.span("punctuation", ":");
            highlight_yaml_value(&rest[end + 1..], out);
        }
        _ => highlight_yaml_value(rest, out),
    }
    out.span("comment", comment);
}

fn highlight_yaml_value(value: &str, out: &mut Code) {
    let trimmed = value.trim();
    let lead = &value[..value.len() - value.trim_start().len()];
    out.text(lead);
    let class = if trimmed.starts_with(['"', '\'']) {
        "string"
    } else if crate::yaml::is_plain_decimal(trimmed) {
        "numeric"
    } else if trimmed.starts_with(['{', '[', '|', '>']) {
        "punctuation"
    } else if matches!(trimmed, "null" | "~" | "true" | "false") {
        "constant"
    } else {
        ""
    };
    if class.is_empty() || class == "punctuation" && trimmed.len() > 1 {
        out.text(trimmed);
    } else {
        out.span(class, trimmed);
    }
    out.text(&value[lead.len() + trimmed.len()..]);
}

/// Splits off a ` # comment` that is not inside quotes.
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' || i == 0 => return (&line[..i], &line[i..]),
            _ => {}
        }
        prev = c;
    }
    (line, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("进展&“引号”<>"), "进展&amp;“引号”&lt;&gt;");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
        let mut out = String::from("x");
        escape_into(&mut out, "年>月");
        assert_eq!(out, "x年&gt;月");
    }

    #[test]
    fn raw_html_is_escaped() {
        let html =
            to_html("Hello <script>alert(1)</script> <b onclick=x>bold</b>\n\n<div>block</div>\n");
        assert!(
            !html.contains("<script>") && !html.contains("<b ") && !html.contains("<div>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_link_schemes_are_neutralised() {
        let html = to_html("[x](javascript:alert(1)) [y](https://example.org) ![i](data:image/png;base64,xx) [z](../methodology/)");
        assert!(
            !html.contains("javascript:") && !html.contains("data:"),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://example.org\"")
                && html.contains("href=\"../methodology/\""),
            "{html}"
        );
    }

    #[test]
    fn tables_strikethrough_and_footnotes() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n");
        assert!(
            html.contains("<table>")
                && html.contains("<del>old</del>")
                && html.contains("footnote"),
            "{html}"
        );
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let html = to_html("```python\nimport json\n```\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn yaml_records_are_highlighted_and_escaped() {
        let html = highlight_yaml(
            "# note\ntitle:\n  zh: \"<b>\" # c\nvalue: 1.60\n- x\n",
            false,
        );
        assert!(
            html.contains("<span class=\"hl-comment\"># note</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-entity\">title</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">&quot;&lt;b&gt;&quot;</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-numeric\">1.60</span>"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn yaml_records_are_also_written_as_the_minifier_writes_them() {
        for source in [
            "# note\ntitle:\n  zh: \"<b> & 'x' > y\" # c\nvalue: 1.60\n- x\n\ttab: |\n  \u{a0}托育  服务\n",
            "a: '&amp; &#1; &x & y'\n",
            "k: </code><script>alert(1)</script>\n",
            "en: R&D spending, AT&T &copy &copy; &#x26; &\nlt;\n",
            "a: x &\n# lt;\n- &amp\n",
            "t: \u{226A}\u{20D2} &nLt; 托育&服务\n",
        ] {
            assert_eq!(
                highlight_yaml(source, true),
                crate::output::minify_code_block(&highlight_yaml(source, false)),
                "{source}"
            );
        }
    }

    proptest::proptest! {
        /// Any record of pieces that come near a character reference, a
        /// tag, a key, a comment or a character shorter as a reference.
        #[test]
        fn any_record_is_written_as_the_minifier_writes_it(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "&", "amp", "lt", ";", "#", "x26", "D", "copy", "<", ">", "'", "\"",
                ": ", ":", " ", "\n", "- ", "  ", "托育", "\u{226A}\u{20D2}", "1.5", "{", "|",
            ]), 0..24)
        ) {
            let source: String = pieces.concat();
            proptest::prop_assert_eq!(
                highlight_yaml(&source, true),
                crate::output::minify_code_block(&highlight_yaml(&source, false))
            );
        }
    }

    #[test]
    fn plain_keeps_the_words_and_drops_the_marks() {
        assert_eq!(
            plain("**Build** a [garden](x/).\n\n- one\n- `two`"),
            "Build a garden. one two"
        );
        assert_eq!(plain("<b>raw</b>"), "<b>raw</b>");
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(to_inline_html("**a** b"), "<strong>a</strong> b");
        assert!(to_inline_html("a\n\nb").contains("<p>"));
    }
}
