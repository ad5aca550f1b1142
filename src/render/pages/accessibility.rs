//! The accessibility statement (SPEC §11): the standard the pages are
//! checked against, how, the known limits, where to report a problem, and
//! the answers of the older-users (适老化) self-assessment. Its words are
//! the theme's interface strings; what depends on the site (the feedback
//! link, the publisher) is here.

use schemars::JsonSchema;
use serde::Serialize;

use crate::feedback;
use crate::model::Feedback;
use crate::render::views::Localizer;
use crate::site::Site;

use super::LangData;

/// The accessibility page's own context.
#[derive(Serialize, JsonSchema, Debug)]
pub struct AccessibilityContext {
    /// Where to report a problem: the site's feedback link (set once the
    /// page's address is known), or none.
    pub report: Option<ReportLink>,
    /// Without a feedback link: whom to contact (the publisher), in words.
    pub contact: String,
}

/// The link to report an accessibility problem.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReportLink {
    pub href: String,
    /// The address, when the link is a `mailto:` one.
    pub email: Option<String>,
}

pub fn accessibility(site: &Site, data: &LangData) -> AccessibilityContext {
    let l = &data.l;
    let contact = match &site.config.publisher {
        Some(p) => l.s.fill(
            "accessibility.contact_publisher",
            &[("publisher", l.text(p).plain)],
        ),
        None => l.s.get("accessibility.contact_none"),
    };
    AccessibilityContext {
        report: None,
        contact,
    }
}

/// The site's feedback link, about this page: a form's address with no
/// measure, or a `mailto:` link whose subject says it is about accessibility.
pub fn report_link(site: &Site, l: &Localizer, url: &str) -> Option<ReportLink> {
    Some(match site.config.feedback.as_ref()? {
        Feedback::Url(template) => ReportLink {
            href: feedback::fill(
                &template.value,
                &[
                    ("collection", ""),
                    ("measure", ""),
                    ("lang", l.lang),
                    ("url", url),
                ],
            ),
            email: None,
        },
        Feedback::Email(address) => ReportLink {
            href: feedback::mailto(
                &address.value,
                &l.s.get("accessibility.subject"),
                &l.s.fill("accessibility.body", &[("url", url.to_string())]),
            ),
            email: Some(address.value.clone()),
        },
    })
}
