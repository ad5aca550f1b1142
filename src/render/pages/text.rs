//! The pages of running text: the site's Markdown pages (`page.html`), the
//! search page (`search.html`) and the 404 page (`404.html`, whose `x` is
//! empty).

use schemars::JsonSchema;
use serde::Serialize;

use super::lists::CollectionLink;
use super::LangData;
use crate::render::markdown::{self, escape};
use crate::site::Site;

/// `x` of `page.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct TextPageContext {
    pub title: String,
    /// Set when the page is shown in another language than the site's
    /// (no version in this language): the language of the title.
    pub title_lang: Option<String>,
    /// The body, rendered Markdown (marked as not translated when it is in
    /// another language).
    pub body_html: String,
}

/// `x` of `search.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct SearchContext {
    /// The collections, linked, for readers without JavaScript.
    pub collections: Vec<CollectionLink>,
}

/// `x` of `404.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct EmptyContext {}

pub fn text_page(site: &Site, data: &LangData, slug: &str) -> TextPageContext {
    let l = &data.l;
    let page = site.page_version(slug, l.lang);
    let body = l.fragment(markdown::to_html(&page.body));
    let translated = page.lang == l.lang;
    let body_html = if translated {
        body
    } else {
        let note = format!(
            "<p class=\"untranslated\">({})</p>",
            escape(&l.s.get("site.untranslated"))
        );
        l.markup(format!(
            "{note}<div lang=\"{}\">{body}</div>",
            escape(&page.lang)
        ))
    };
    TextPageContext {
        title: page.front.title.clone(),
        title_lang: (!translated).then(|| page.lang.clone()),
        body_html,
    }
}

pub fn search(site: &Site, data: &LangData) -> SearchContext {
    if let (Some(plans), None) = (data.plans, &site.plan) {
        // Above the plans: the plans themselves.
        return SearchContext {
            collections: super::plans::list_order(plans)
                .into_iter()
                .filter_map(|p| {
                    let id = &p.plan.as_ref()?.id;
                    Some(CollectionLink {
                        title: data.l.text(&p.config.title),
                        url: format!("{id}/{}", data.l.prefix),
                    })
                })
                .collect(),
        };
    }
    SearchContext {
        collections: (0..site.collections.len())
            .map(|ci| CollectionLink::new(site, data, ci))
            .collect(),
    }
}
