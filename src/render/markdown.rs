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
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Highlighted YAML, for showing a measure's source record.
pub fn highlight_yaml(source: &str) -> String {
    highlight("yaml", source)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn inline_drops_the_paragraph() {
        assert_eq!(to_inline_html("**a** b"), "<strong>a</strong> b");
        assert!(to_inline_html("a\n\nb").contains("<p>"));
    }
}
