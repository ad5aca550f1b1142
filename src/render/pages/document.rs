//! The plan document's block (SPEC §11): the lines a government portal
//! shows above a published document — 索引号, 分类, 发布机构, 成文日期,
//! 文号, 发布日期 — each only where the site's `source` gives it.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::PlanSource;
use crate::render::views::{Localizer, TextView};

/// The document block (`site.document` in templates).
#[derive(Serialize, JsonSchema, Debug)]
pub struct DocumentView {
    pub title: TextView,
    /// Where the document is published.
    pub url: Option<String>,
    /// The lines the source gives, in the portals' order.
    pub lines: Vec<DocumentLine>,
}

/// One line of the block.
#[derive(Serialize, JsonSchema, Debug)]
pub struct DocumentLine {
    /// `index`, `category`, `issuer`, `signed`, `number` or `published`.
    pub key: &'static str,
    pub label: String,
    /// The value, escaped (a text may carry its "not translated" mark).
    pub html: String,
    /// `YYYY-MM-DD` for a date, for `<time datetime>`.
    pub datetime: Option<String>,
}

/// The block, or `None` when the source gives none of its lines.
pub fn document_view(l: &Localizer, src: &PlanSource) -> Option<DocumentView> {
    let s = l.s;
    let mut lines = Vec::new();
    let mut line = |key: &'static str, label: String, html: String, datetime: Option<String>| {
        lines.push(DocumentLine {
            key,
            label,
            html,
            datetime,
        })
    };
    let escaped = crate::render::markdown::escape;
    if let Some(index) = &src.index {
        line(
            "index",
            s.get("document.index"),
            escaped(&index.value),
            None,
        );
    }
    if let Some(category) = &src.category {
        line(
            "category",
            s.get("document.category"),
            l.text(category).html,
            None,
        );
    }
    if let Some(issuer) = &src.issuer {
        line(
            "issuer",
            s.get("document.issuer"),
            l.text(issuer).html,
            None,
        );
    }
    if let Some(signed) = &src.signed {
        line(
            "signed",
            s.get("document.signed"),
            escaped(&s.date(signed.value)),
            Some(signed.value.to_string()),
        );
    }
    if let Some(number) = &src.number {
        // Written in the document's language, the site's default.
        let html = match l.lang == l.default_lang {
            true => escaped(&number.value),
            false => l.markup(format!(
                "<span lang=\"{}\">{}</span>",
                escaped(l.default_lang),
                escaped(&number.value)
            )),
        };
        line("number", s.get("document.number"), html, None);
    }
    if let Some(published) = &src.published {
        line(
            "published",
            s.get("document.published"),
            escaped(&s.date(published.value)),
            Some(published.value.to_string()),
        );
    }
    (!lines.is_empty()).then(|| DocumentView {
        title: l.text(&src.title),
        url: src.url.as_ref().map(|u| u.value.clone()),
        lines,
    })
}
