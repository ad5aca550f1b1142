//! What a government portal's crawlers read in a page's `<head>` (SPEC
//! §11): the `<meta>` names Chinese government pages carry — the site
//! (`SiteName`, `SiteDomain`, `SiteIDCode`), the column (`ColumnName`,
//! `ColumnType`, `ColumnDescription`, `ColumnKeywords`) and, on content
//! pages, the article (`ArticleTitle`, `PubDate`, `ContentSource`,
//! `Keywords`, `Description`). docs/portal.md says where the names and
//! formats were confirmed. A value the content does not give is left out,
//! never invented (no `SiteIDCode` without `site_code`).

use schemars::JsonSchema;
use serde::Serialize;

use crate::render::markdown;
use crate::site::Site;

use super::dates::DatesView;
use super::{LangData, PageKind};

/// The longest `Description`, in characters (the portals' descriptions
/// are a sentence or two).
const DESCRIPTION_CHARS: usize = 120;

/// The portal metadata of one page (`page.portal` in templates).
#[derive(Serialize, JsonSchema, Debug)]
pub struct PortalMeta {
    /// `SiteName`: the site's title.
    pub site_name: String,
    /// `SiteDomain`: site.yaml `site_domain`, else the host of an absolute base URL (`--base-url` or site.yaml's).
    pub site_domain: Option<String>,
    /// `SiteIDCode` (网站标识码): site.yaml `site_code`, only when given.
    pub site_code: Option<String>,
    /// `ColumnName`: the menu entry the page belongs to (the site itself for the home page).
    pub column_name: String,
    /// `ColumnType`: the column's kind; the column's name, as portals write it for a column without a type of its own.
    pub column_type: String,
    /// `ColumnDescription`: the collection's description, else the site's title and publisher.
    pub column_description: String,
    /// `ColumnKeywords`: the column's name, and a collection's categories, separated by `,`.
    pub column_keywords: String,
    /// On content pages (a measure, a Markdown page, the accessibility statement, a release).
    pub article: Option<ArticleMeta>,
}

/// The article metadata of a content page.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ArticleMeta {
    /// `ArticleTitle`.
    pub title: String,
    /// `PubDate`: first published, `YYYY-MM-DD HH:MM`.
    pub pub_date: String,
    /// `ContentSource`: the site's publisher.
    pub content_source: Option<String>,
    /// `Keywords`, separated by `,`.
    pub keywords: String,
    /// `Description`: the measure's summary (shortened), else the title.
    pub description: String,
}

/// The host of an absolute address (`https://host:port/path` → `host`).
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    (!host.is_empty()).then(|| host.to_string())
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(DESCRIPTION_CHARS) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}

pub fn portal_meta(
    site: &Site,
    kind: &PageKind,
    data: &LangData,
    base_url: &str,
    (title, section): (&str, &str),
    dates: &DatesView,
) -> PortalMeta {
    let l = &data.l;
    let c = &site.config;
    let site_name = l.text(&c.title).plain;
    let publisher = c.publisher.as_ref().map(|p| l.text(p).plain);
    let collection = match kind {
        PageKind::Collection(ci)
        | PageKind::Measure(ci, _)
        | PageKind::Category(ci, _)
        | PageKind::Embed(ci, _) => Some(&site.collections[*ci].config),
        _ => None,
    };
    let column_name = match kind {
        PageKind::Home | PageKind::NotFound => site_name.clone(),
        _ => data
            .site_view
            .nav
            .iter()
            .chain(&data.site_view.page_nav)
            .find(|n| n.key == section)
            .map_or_else(|| title.to_string(), |n| n.label.clone()),
    };
    let site_line = match &publisher {
        Some(p) => format!("{site_name} · {p}"),
        None => site_name.clone(),
    };
    let column_description = collection
        .and_then(|c| c.description.as_ref())
        .map(|d| shorten(&markdown::plain(&l.text(d).plain)))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| site_line.clone());
    let mut column_keywords = vec![column_name.clone()];
    if let Some(c) = collection {
        column_keywords.extend(c.categories.iter().map(|k| l.text(&k.title).plain));
    }
    let article = match kind {
        PageKind::Measure(ci, mi) => {
            let m = &site.collections[*ci].measures[*mi].measure;
            let config = &site.collections[*ci].config;
            let mut keywords = vec![l.text(&config.title).plain];
            if let Some(cat) = m
                .category
                .as_ref()
                .and_then(|id| config.categories.iter().find(|k| k.id.value == id.value))
            {
                keywords.push(l.text(&cat.title).plain);
            }
            keywords.extend(
                m.lead
                    .iter()
                    .filter_map(|id| site.unit(&id.value))
                    .map(|u| l.text(&u.name).plain),
            );
            let description = m
                .summary
                .as_ref()
                .map(|s| shorten(&markdown::plain(&l.text(s).plain)))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| title.to_string());
            Some((keywords, description))
        }
        PageKind::Page(_) | PageKind::Accessibility | PageKind::Release(_) => {
            Some((vec![title.to_string()], format!("{title} · {site_line}")))
        }
        _ => None,
    }
    .map(|(keywords, description)| ArticleMeta {
        title: title.to_string(),
        pub_date: dates.pub_date.clone(),
        content_source: publisher.clone(),
        keywords: join(keywords),
        description,
    });
    PortalMeta {
        site_name,
        site_domain: c
            .site_domain
            .as_ref()
            .map(|d| d.value.clone())
            .or_else(|| host_of(base_url)),
        site_code: c.site_code.as_ref().map(|s| s.value.clone()),
        column_type: column_name.clone(),
        column_name,
        column_description,
        column_keywords: join(column_keywords),
        article,
    }
}

/// Keywords as the portals list them: `,` between, none repeated, none empty.
fn join(words: Vec<String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for w in words {
        let w = w.replace(',', " ").trim().to_string();
        if !w.is_empty() && !seen.contains(&w) {
            seen.push(w);
        }
    }
    seen.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_the_host_of_an_absolute_base_url_only() {
        assert_eq!(
            host_of("https://www.example.gov.cn:8443/gongfu/").as_deref(),
            Some("www.example.gov.cn")
        );
        assert_eq!(
            host_of("http://example.org").as_deref(),
            Some("example.org")
        );
        assert_eq!(host_of("/gongfu/"), None);
    }

    #[test]
    fn keywords_are_comma_separated_without_repeats() {
        assert_eq!(
            join(vec!["指标".into(), "a,b".into(), "指标".into(), " ".into()]),
            "指标,a b"
        );
    }

    #[test]
    fn a_long_description_is_cut_at_a_character_not_a_byte() {
        let long = "共".repeat(DESCRIPTION_CHARS + 5);
        let cut = shorten(&long);
        assert_eq!(cut.chars().count(), DESCRIPTION_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
