//! The site additions of SPEC §6 as templates see them: the licence, the
//! citation, the other editions and the footer lines (in [`SiteView`]),
//! and each measure page's citation and feedback link (in
//! [`MeasureContext`]).
//!
//! [`SiteView`]: super::SiteView
//! [`MeasureContext`]: super::MeasureContext

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

use super::LangData;
use crate::feedback;
use crate::model::{Feedback, License, Text};
use crate::render::markdown::escape;
use crate::render::views::{Localizer, TextView};
use crate::site::Site;

/// The licence of the data (site.yaml `license`).
#[derive(Serialize, JsonSchema, Debug)]
pub struct LicenseView {
    /// The link text: the licence's title in this language, else its id
    /// (escaped, print with `| safe`).
    pub html: String,
    /// The same, unescaped.
    pub plain: String,
    /// The SPDX identifier, when given.
    pub id: Option<String>,
    /// The licence's address (absolute, external).
    pub url: String,
}

/// How to cite the data.
#[derive(Serialize, JsonSchema, Debug, Default)]
pub struct CitationView {
    /// Escaped, with `lang` marks where a text is not in the page's language.
    pub html: String,
    /// Unescaped.
    pub plain: String,
    /// Whether it is the site's `citation` rather than the default one.
    pub given: bool,
}

/// Another year's edition of the plan.
#[derive(Serialize, JsonSchema, Debug)]
pub struct EditionView {
    pub title: TextView,
    /// The period it covers, in words.
    pub period: String,
    /// Its address (absolute, external).
    pub url: String,
}

/// A line at the foot of every page.
#[derive(Serialize, JsonSchema, Debug)]
pub struct FooterLineView {
    /// Escaped; in another language than the page's it carries its own
    /// `lang`, without a "not translated" mark.
    pub html: String,
    /// Its address (absolute, external), when it is a link.
    pub url: Option<String>,
}

/// The link to comment on a measure.
#[derive(Serialize, JsonSchema, Debug)]
pub struct FeedbackView {
    /// The form's address filled in for this measure, or a `mailto:` link.
    pub href: String,
    /// The address, when the link is a `mailto:` one.
    pub email: Option<String>,
    /// "(by e-mail to …)", when the link is a `mailto:` one.
    pub email_note: Option<String>,
}

pub fn license(l: &Localizer, license: &Option<License>) -> Option<LicenseView> {
    let license = license.as_ref()?;
    let id = license.id.as_ref().map(|i| i.value.clone());
    let (html, plain) = match (&license.title, &id) {
        (Some(t), _) => {
            let t = l.text(t);
            (t.html, t.plain)
        }
        (None, Some(id)) => (escape(id), id.clone()),
        (None, None) => (String::new(), String::new()),
    };
    Some(LicenseView {
        html,
        plain,
        id,
        url: license.url.value.clone(),
    })
}

/// The site's own citation, when it has one.
pub fn given_citation(l: &Localizer, citation: &Option<Text>) -> Option<CitationView> {
    let t = l.text(citation.as_ref()?);
    Some(CitationView {
        html: t.html,
        plain: t.plain,
        given: true,
    })
}

/// The citation of a page at `url` (absolute): the site's own, else
/// "<publisher>. <title>. Data as of <date>. <url>" in the page's language.
pub fn citation(site: &Site, l: &Localizer, url: &str) -> CitationView {
    let c = &site.config;
    if let Some(given) = given_citation(l, &c.citation) {
        return given;
    }
    let s = l.s;
    let title = l.text(&c.title);
    let publisher = c.publisher.as_ref().map(|p| l.text(p));
    let date = s.date(c.as_of.value);
    let template = match publisher {
        Some(_) => s.get("citation.default"),
        None => s.get("citation.default_no_publisher"),
    };
    let (publisher_html, publisher_plain) = publisher.map(|p| (p.html, p.plain)).unzip();
    let html = crate::render::i18n::fill(
        &escape(&template),
        &[
            ("publisher", publisher_html.unwrap_or_default()),
            ("title", title.html),
            ("date", escape(&date)),
            ("url", escape(url)),
        ],
    );
    let plain = crate::render::i18n::fill(
        &template,
        &[
            ("publisher", publisher_plain.unwrap_or_default()),
            ("title", title.plain),
            ("date", date),
            ("url", url.to_string()),
        ],
    );
    CitationView {
        html,
        plain,
        given: false,
    }
}

pub fn editions(site: &Site, l: &Localizer) -> Vec<EditionView> {
    site.config
        .editions
        .iter()
        .map(|e| EditionView {
            title: l.text(&e.title),
            period: l.s.period(e.period.value),
            url: e.url.value.clone(),
        })
        .collect()
}

pub fn footer(site: &Site, l: &Localizer) -> Vec<FooterLineView> {
    site.config
        .footer
        .iter()
        .map(|line| FooterLineView {
            html: as_written(l, &line.text),
            url: line.url.as_ref().map(|u| u.value.clone()),
        })
        .collect()
}

/// Text in the page's language, else the default language's marked with
/// its `lang` only.
fn as_written(l: &Localizer, t: &Text) -> String {
    match t.get(l.lang, l.default_lang) {
        Some((text, used)) if used == l.lang => escape(text),
        Some((text, used)) => l.markup(format!(
            "<span lang=\"{}\">{}</span>",
            escape(used),
            escape(text)
        )),
        None => String::new(),
    }
}

/// The feedback link of the measure `ci`/`mi`, whose page is at `url`
/// (absolute).
pub fn feedback_link(
    site: &Site,
    data: &LangData,
    ci: usize,
    mi: usize,
    url: &str,
) -> Option<FeedbackView> {
    let l = &data.l;
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    Some(match site.config.feedback.as_ref()? {
        Feedback::Url(template) => FeedbackView {
            href: feedback::fill(
                &template.value,
                &[
                    ("collection", &c.config.id),
                    ("measure", &m.id.value),
                    ("lang", l.lang),
                    ("url", url),
                ],
            ),
            email: None,
            email_note: None,
        },
        Feedback::Email(address) => {
            let title = l.text(&m.title).plain;
            let args = [("title", title), ("url", url.to_string())];
            FeedbackView {
                href: feedback::mailto(
                    &address.value,
                    &l.s.fill("feedback.subject", &args),
                    &l.s.fill("feedback.body", &args),
                ),
                email: Some(address.value.clone()),
                email_note: Some(
                    l.s.fill("feedback.by_email", &[("email", address.value.clone())]),
                ),
            }
        }
    })
}

/// The Frictionless `licenses` of `datapackage.json`: `name` (the SPDX
/// id), `path` (the address) and `title` (in the default language).
pub fn datapackage_licenses(site: &Site, license: &License) -> Value {
    let default = site.config.default_language();
    let mut entry = serde_json::Map::new();
    if let Some(id) = &license.id {
        entry.insert("name".into(), json!(id.value));
    }
    entry.insert("path".into(), json!(license.url.value));
    if let Some((title, _)) = license.title.as_ref().and_then(|t| t.get(default, default)) {
        entry.insert("title".into(), json!(title));
    }
    json!([entry])
}
