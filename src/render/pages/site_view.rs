//! `site`: what every template of one language receives about the site
//! (title, menus, as-of date, source), built once per language.

use schemars::JsonSchema;
use serde::Serialize;

use crate::render::urls;
use crate::render::views::{self, Localizer, SourceView, TextView};
use crate::site::Site;

/// The site, as every page of one language sees it (`site` in templates).
#[derive(Serialize, JsonSchema, Debug)]
pub struct SiteView {
    pub title: TextView,
    pub publisher: Option<TextView>,
    /// The site's notice (e.g. "unofficial translation"), rendered Markdown.
    pub notice_html: Option<String>,
    /// The plan document the site discloses.
    pub source: Option<SourceView>,
    /// The plan document's block (索引号, 发布机构, 文号 …), when its
    /// source gives at least one of those lines.
    pub document: Option<super::DocumentView>,
    /// "Data as of 31 December 2023", in the page's language.
    pub as_of: String,
    /// The as-of date as `YYYY-MM-DD`, for `<time datetime>`.
    pub as_of_date: String,
    /// The as-of date alone, in the page's language.
    pub as_of_text: String,
    /// "Plan period: … to …", in the page's language.
    pub plan_period: String,
    /// The main menu: home, each collection, units, updates, methodology, search.
    pub nav: Vec<NavItem>,
    /// The Markdown pages shown in the menu (`in_nav` not false).
    pub page_nav: Vec<NavItem>,
    /// The Atom feed of this language, root-relative.
    pub feed: String,
    pub urls: SiteUrls,
    /// This language's code.
    pub lang: String,
    /// The site's default language code.
    pub default_lang: String,
    /// The licence of the data (site.yaml `license`), for the footer.
    pub license: Option<super::additions::LicenseView>,
    /// How to cite the data, for the footer's data line: only the site's
    /// own `citation` (measure pages show a default one without it).
    pub citation: Option<super::additions::CitationView>,
    /// The plan's other editions, for the footer.
    pub editions: Vec<super::additions::EditionView>,
    /// The footer lines (filing numbers and the like), one per line.
    pub footer: Vec<super::additions::FooterLineView>,
}

/// One entry of a menu.
#[derive(Serialize, JsonSchema, Debug)]
pub struct NavItem {
    /// Compared with `page.section` to mark the current entry.
    pub key: String,
    pub label: String,
    /// Root-relative URL.
    pub url: String,
}

/// Root-relative URLs of the site-wide pages in this language.
#[derive(Serialize, JsonSchema, Debug)]
pub struct SiteUrls {
    pub home: String,
    pub units: String,
    pub updates: String,
    pub methodology: String,
    pub search: String,
    /// The printable report of the whole plan.
    pub report: String,
    /// The page describing the downloads.
    pub data: String,
    /// The accessibility statement.
    pub accessibility: String,
    /// The search index the search page reads (`search/`; a plan of a site
    /// with several reads the index above the plans, `../search/`).
    pub search_index: String,
    /// What the index's addresses are relative to (the site's root).
    pub search_root: String,
    /// The folder of the whole-site data files (`data/`; above the plans
    /// of a site with several, `data/all/`, which covers every plan).
    pub data_files: String,
}

pub fn site_view(site: &Site, l: &Localizer) -> SiteView {
    let s = l.s;
    let p = &l.prefix;
    let item = |key: &str, label: String, url: String| NavItem {
        key: key.to_string(),
        label,
        url,
    };
    let mut nav = Vec::new();
    if site.plan.is_some() {
        // A plan of a site with several: the way back to the plan list.
        nav.push(item("plans", s.get("nav.plans"), urls::above_plans(p)));
    }
    nav.push(item("home", s.get("nav.home"), urls::home(p)));
    for c in &site.collections {
        nav.push(item(
            &c.config.id,
            l.text(&c.config.title).plain,
            urls::collection(p, &c.config.id),
        ));
    }
    nav.push(item("units", s.get("nav.units"), urls::units(p)));
    nav.push(item("updates", s.get("nav.updates"), urls::updates(p)));
    if site.plan.is_some() {
        nav.push(item("lineage", s.get("lineage.nav"), urls::lineage(p)));
    }
    nav.push(item(
        "methodology",
        s.get("nav.methodology"),
        urls::methodology(p),
    ));
    nav.push(item("search", s.get("nav.search"), urls::search(p)));
    let page_nav = site
        .page_slugs()
        .into_iter()
        .filter_map(|slug| {
            let chosen = site.page_version(slug, l.lang);
            (chosen.front.in_nav != Some(false)).then(|| {
                item(
                    &format!("page-{slug}"),
                    chosen.front.title.clone(),
                    urls::page(p, slug),
                )
            })
        })
        .collect();
    let c = &site.config;
    SiteView {
        title: l.text(&c.title),
        publisher: l.opt_text(&c.publisher),
        notice_html: c.notice.as_ref().map(|n| l.markdown(n)),
        source: c
            .source
            .as_ref()
            .map(|src| views::source_view(l, &src.as_source())),
        document: c
            .source
            .as_ref()
            .and_then(|src| super::document::document_view(l, src)),
        as_of: s.fill("site.as_of", &[("date", s.date(c.as_of.value))]),
        as_of_date: c.as_of.value.to_string(),
        as_of_text: s.date(c.as_of.value),
        plan_period: s.fill(
            "site.plan_period",
            &[
                ("start", s.date(c.period.start.value)),
                ("end", s.date(c.period.end.value)),
            ],
        ),
        nav,
        page_nav,
        feed: urls::feed(p),
        urls: SiteUrls {
            home: urls::home(p),
            units: urls::units(p),
            updates: urls::updates(p),
            methodology: urls::methodology(p),
            search: urls::search(p),
            report: urls::report(p),
            data: urls::data_page(p),
            accessibility: urls::accessibility(p),
            data_files: urls::data_file(""),
            search_index: match site.plan {
                Some(_) => urls::above_plans(urls::SEARCH_INDEX_DIR),
                None => urls::SEARCH_INDEX_DIR.to_string(),
            },
            search_root: match site.plan {
                Some(_) => urls::above_plans(""),
                None => String::new(),
            },
        },
        lang: l.lang.to_string(),
        default_lang: l.default_lang.to_string(),
        license: super::additions::license(l, &c.license),
        citation: super::additions::given_citation(l, &c.citation),
        editions: super::additions::editions(site, l),
        footer: super::additions::footer(site, l),
    }
}
