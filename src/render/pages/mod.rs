//! The HTML pages of SPEC §3. Every page is a [`PageKind`] in a language;
//! its template receives a typed context ([`PageContext`]) whose `x` is the
//! page kind's own struct, defined in the module of that kind. What every
//! page shares is built once per language ([`LangData`]): the site view
//! (`site`), the interface strings (`t`) and the measures' table rows.
//! docs/themes.md lists every template's context, generated from these
//! types.

mod accessibility;
pub mod additions;
pub mod changes;
pub mod dates;
mod document;
mod downloads;
mod embed;
mod home;
pub mod lineage;
mod lists;
mod measure;
mod methodology;
mod plans;
mod portal;
mod report;
mod reuse;
mod site_view;
mod text;
mod units;
mod updates;

#[cfg(test)]
mod doc;

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use crate::changes::History;
use crate::model::*;
use crate::period::Period;
use crate::render::i18n::Strings;
use crate::render::markdown;
use crate::render::urls;
use crate::render::views::{self, *};
use crate::site::{Site, UnitMeasure};

pub use accessibility::AccessibilityContext;
pub use document::DocumentView;
pub use downloads::DataPageContext;
pub use embed::EmbedContext;
pub use home::HomeContext;
pub use lineage::LineageContext;
pub use lists::{CollectionContext, ListContext};
pub use measure::MeasureContext;
pub use methodology::MethodologyContext;
pub use plans::{
    list_order as plans_list_order, PlansContext, UnitPlansContext, UnitsPlansContext,
};
pub use portal::{ArticleMeta, PortalMeta};
pub use report::ReportContext;
pub use reuse::ReuseView;
pub use site_view::SiteView;
pub use text::{EmptyContext, SearchContext, TextPageContext};
pub use units::{UnitContext, UnitsContext};
pub use updates::{update_pages, UpdatesContext, UPDATES_PER_PAGE};

#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    Home,
    Collection(usize),
    Measure(usize, usize),
    Units,
    Unit(usize),
    Status(Status),
    Category(usize, usize),
    /// A page of the updates list, 0 being the first (`/updates/`).
    Updates(usize),
    Methodology,
    Page(String),
    Search,
    NotFound,
    /// Every release and what changed (only with releases).
    Changes,
    /// What changed in one release, by name.
    Release(String),
    /// The printable report of the whole plan.
    Report,
    /// The printable report of one body's part.
    UnitReport(usize),
    /// A measure for another site's `<iframe>`.
    Embed(usize, usize),
    /// The page describing the downloads.
    DataPage,
    /// The accessibility statement.
    Accessibility,
    /// Above the plans of a site with several (SPEC §10): the plan list at
    /// the root of each language.
    PlanList,
    /// Above the plans: every body, with its measures' counts per plan.
    UnitsPlans,
    /// Above the plans: one body's measures in every plan.
    UnitPlans(usize),
    /// What a plan carried over, changed and dropped (only on a site with
    /// several plans, SPEC §10).
    Lineage,
}

impl PageKind {
    /// Every page of the site, in a fixed order.
    pub fn all(site: &Site, history: &History) -> Vec<PageKind> {
        let mut kinds = vec![PageKind::Home];
        for (ci, c) in site.collections.iter().enumerate() {
            kinds.push(PageKind::Collection(ci));
            kinds.extend((0..c.measures.len()).map(|mi| PageKind::Measure(ci, mi)));
            kinds.extend((0..c.config.categories.len()).map(|k| PageKind::Category(ci, k)));
        }
        kinds.push(PageKind::Units);
        kinds.extend((0..site.units.len()).map(PageKind::Unit));
        kinds.extend(Status::ALL.iter().map(|s| PageKind::Status(*s)));
        let entries = views::update_count(site);
        kinds.extend((0..update_pages(entries)).map(PageKind::Updates));
        kinds.extend([PageKind::Methodology, PageKind::Search]);
        if site.plan.is_some() {
            kinds.push(PageKind::Lineage);
        }
        kinds.extend(
            site.page_slugs()
                .into_iter()
                .map(|slug| PageKind::Page(slug.to_string())),
        );
        if !history.releases.is_empty() {
            kinds.push(PageKind::Changes);
            kinds.extend(
                history
                    .releases
                    .iter()
                    .map(|r| PageKind::Release(r.name.clone())),
            );
        }
        kinds.push(PageKind::NotFound);
        kinds.push(PageKind::Report);
        kinds.extend((0..site.units.len()).map(PageKind::UnitReport));
        kinds.push(PageKind::DataPage);
        kinds.push(PageKind::Accessibility);
        for (ci, c) in site.collections.iter().enumerate() {
            kinds.extend((0..c.measures.len()).map(|mi| PageKind::Embed(ci, mi)));
        }
        kinds
    }

    /// Whether the sitemap lists the page (not the 404 page, nor the
    /// embeds, which are parts of other sites' pages).
    pub fn in_sitemap(&self) -> bool {
        !matches!(self, PageKind::NotFound | PageKind::Embed(..))
    }

    /// The page's URL path, relative to the root.
    pub fn url(&self, site: &Site, prefix: &str) -> String {
        let cid = |ci: usize| site.collections[ci].config.id.as_str();
        match self {
            PageKind::Home => urls::home(prefix),
            PageKind::Collection(ci) => urls::collection(prefix, cid(*ci)),
            PageKind::Measure(ci, mi) => urls::measure(
                prefix,
                cid(*ci),
                &site.collections[*ci].measures[*mi].measure.id.value,
            ),
            PageKind::Units => urls::units(prefix),
            PageKind::Unit(ui) => urls::unit(prefix, &site.units[*ui].id.value),
            PageKind::Status(s) => urls::status(prefix, *s),
            PageKind::Category(ci, k) => urls::category(
                prefix,
                cid(*ci),
                &site.collections[*ci].config.categories[*k].id.value,
            ),
            PageKind::Updates(page) => urls::updates_page(prefix, *page),
            PageKind::Methodology => urls::methodology(prefix),
            PageKind::Page(slug) => urls::page(prefix, slug),
            PageKind::Search => urls::search(prefix),
            PageKind::NotFound => urls::not_found(prefix),
            PageKind::Changes => urls::changes(prefix),
            PageKind::Release(name) => urls::release(prefix, name),
            PageKind::Report => urls::report(prefix),
            PageKind::UnitReport(ui) => urls::unit_report(prefix, &site.units[*ui].id.value),
            PageKind::Embed(ci, mi) => urls::embed(
                prefix,
                cid(*ci),
                &site.collections[*ci].measures[*mi].measure.id.value,
            ),
            PageKind::DataPage => urls::data_page(prefix),
            PageKind::Accessibility => urls::accessibility(prefix),
            PageKind::PlanList => urls::home(prefix),
            PageKind::UnitsPlans => urls::units(prefix),
            PageKind::UnitPlans(ui) => urls::unit(prefix, &site.units[*ui].id.value),
            PageKind::Lineage => urls::lineage(prefix),
        }
    }

    pub fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Collection(_) => "collection.html",
            PageKind::Measure(..) => "measure.html",
            PageKind::Units => "units.html",
            PageKind::Unit(_) => "unit.html",
            PageKind::Status(_) | PageKind::Category(..) => "list.html",
            PageKind::Updates(_) => "updates.html",
            PageKind::Methodology => "methodology.html",
            PageKind::Page(_) => "page.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
            PageKind::Changes => "changes.html",
            PageKind::Release(_) => "release.html",
            PageKind::Report | PageKind::UnitReport(_) => "report.html",
            PageKind::Embed(..) => "embed.html",
            PageKind::DataPage => "data.html",
            PageKind::Accessibility => "accessibility.html",
            PageKind::PlanList => "plans.html",
            PageKind::UnitsPlans => "units_plans.html",
            PageKind::UnitPlans(_) => "unit_plans.html",
            PageKind::Lineage => "lineage.html",
        }
    }

    /// Which main-menu entry is current.
    fn section(&self, site: &Site) -> String {
        match self {
            PageKind::Home | PageKind::PlanList => "home".into(),
            PageKind::Collection(ci) | PageKind::Measure(ci, _) | PageKind::Category(ci, _) => {
                site.collections[*ci].config.id.clone()
            }
            PageKind::Units
            | PageKind::Unit(_)
            | PageKind::UnitReport(_)
            | PageKind::UnitsPlans
            | PageKind::UnitPlans(_) => "units".into(),
            PageKind::Updates(_) => "updates".into(),
            PageKind::Methodology => "methodology".into(),
            PageKind::Page(slug) => format!("page-{slug}"),
            PageKind::Search => "search".into(),
            PageKind::Changes | PageKind::Release(_) => "changes".into(),
            PageKind::Lineage => "lineage".into(),
            PageKind::Status(_)
            | PageKind::NotFound
            | PageKind::Report
            | PageKind::Embed(..)
            | PageKind::DataPage
            | PageKind::Accessibility => String::new(),
        }
    }

    /// Whether the page lists measures in a table (see [`table_rows`]).
    pub fn has_table(&self) -> bool {
        matches!(
            self,
            PageKind::Collection(_) | PageKind::Status(_) | PageKind::Category(..)
        )
    }

    /// Whether the page may list every measure of the site (the tables,
    /// the whole plan's report): on a large site, by far the largest pages.
    pub fn lists_every_measure(&self) -> bool {
        self.has_table() || *self == PageKind::Report
    }

    /// Whether the search index should hold this page.
    pub fn searchable(&self) -> bool {
        matches!(
            self,
            PageKind::Measure(..) | PageKind::Unit(_) | PageKind::Page(_)
        )
    }
}

/// Everything about one language that every page shares.
pub struct LangData<'a> {
    pub l: Localizer<'a>,
    pub strings: &'a Strings,
    pub site_view: SiteView,
    /// `rows[collection][measure]`.
    pub rows: Vec<Vec<views::Row>>,
    /// The measures of each body, with the rows (see [`Site::unit_measures`]).
    pub unit_measures: HashMap<&'a str, Vec<UnitMeasure>>,
    /// `latest_report[collection][measure]`, with the rows (see
    /// [`Site::latest_report`]).
    pub latest_report: Vec<Vec<Option<Period>>>,
    /// Every progress entry in the order listed (shared by the languages).
    pub updates: &'a [UpdateRef<'a>],
    /// The releases and what changed.
    pub history: &'a History,
    /// When each page was first published and last changed.
    pub dates: dates::SiteDates,
    /// Every plan, when the site has several and this is one of them
    /// (SPEC §10): for the links between plans and the series.
    pub plans: Option<&'a crate::plans::Plans>,
}

impl LangData<'_> {
    /// Lets the rows' shared values go (see [`views::Row`]).
    pub fn forget_row_values(&self) {
        self.rows.iter().flatten().for_each(views::Row::forget);
    }

    /// The measures body `unit` leads or shares, in plan order (empty
    /// without the rows).
    pub fn measures_of_unit(&self, unit: &str) -> &[UnitMeasure] {
        self.unit_measures.get(unit).map_or(&[], Vec::as_slice)
    }

    /// Views of the updates `range` of the list (clipped to it).
    pub fn update_views(&self, site: &Site, skip: usize, take: usize) -> Vec<UpdateView> {
        self.updates
            .iter()
            .skip(skip)
            .take(take)
            .map(|u| views::update_view(site, &self.l, u))
            .collect()
    }
}

pub fn lang_data<'a>(
    site: &'a Site,
    history: &'a History,
    lang: &'a str,
    strings: &'a Strings,
    updates: &'a [UpdateRef<'a>],
    minify: bool,
) -> LangData<'a> {
    lang_data_with(site, history, lang, strings, updates, true, minify)
}

/// [`lang_data`], without the table rows unless `rows` (enough for the
/// pages of measures, which list no other).
pub fn lang_data_with<'a>(
    site: &'a Site,
    history: &'a History,
    lang: &'a str,
    strings: &'a Strings,
    updates: &'a [UpdateRef<'a>],
    rows: bool,
    minify: bool,
) -> LangData<'a> {
    let mut l = Localizer::new(lang, site.config.default_language(), strings);
    l.minify = minify;
    let (rows, unit_measures, latest_report) = match rows {
        false => Default::default(),
        true => (
            each_measure(site, |ci, mi| {
                views::Row::new(views::measure_row(site, &l, ci, mi))
            }),
            site.unit_measures(),
            each_measure(site, |ci, mi| site.latest_report(ci, mi)),
        ),
    };
    let mut site_view = site_view::site_view(site, &l);
    if !history.releases.is_empty() {
        // After "updates": what changed is the next thing a reader follows.
        let at = site_view
            .nav
            .iter()
            .position(|n| n.key == "updates")
            .map_or(site_view.nav.len(), |i| i + 1);
        site_view.nav.insert(
            at,
            site_view::NavItem {
                key: "changes".into(),
                label: strings.get("changes.nav"),
                url: urls::changes(&l.prefix),
            },
        );
    }
    LangData {
        l,
        strings,
        site_view,
        rows,
        unit_measures,
        latest_report,
        updates,
        plans: None,
        history,
        dates: dates::site_dates(site, history),
    }
}

/// `f(collection, measure)` of every measure, by collection.
fn each_measure<T>(site: &Site, f: impl Fn(usize, usize) -> T) -> Vec<Vec<T>> {
    site.collections
        .iter()
        .enumerate()
        .map(|(ci, c)| (0..c.measures.len()).map(|mi| f(ci, mi)).collect())
        .collect()
}

/// What every template receives beside `t` (the interface strings) and
/// `site` ([`SiteView`]).
#[derive(Serialize, JsonSchema, Debug)]
pub struct PageContext<'a> {
    /// The relative path from this page to the site root (`../../`), put
    /// before every root-relative URL; the 404 page, served at any depth,
    /// gets the site's base path instead.
    pub root: String,
    /// The page's language code.
    pub lang: &'a str,
    pub page: PageMeta,
    /// The page kind's own values (see the table of templates).
    pub x: Own<'a>,
}

/// The page itself.
#[derive(Serialize, JsonSchema, Debug)]
pub struct PageMeta {
    /// The page's heading, for `<title>`.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL (from `base_url`).
    pub canonical: String,
    /// The main-menu entry that is current (a `site.nav` key), or empty.
    pub section: String,
    /// This page in every site language, this one included.
    pub alternates: Vec<Alternate>,
    /// The template's name without `.html` (`measure`, `index`, …).
    pub kind: &'static str,
    /// When the page was first published and last changed.
    pub dates: dates::DatesView,
    /// What government portals' crawlers read in `<head>` (`<meta name="SiteName">` …).
    pub portal: PortalMeta,
}

/// The page in one language.
#[derive(Serialize, JsonSchema, Debug)]
pub struct Alternate {
    pub lang: String,
    /// The language's own name, from its interface strings.
    pub name: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL, for `<link rel="alternate" hreflang>`.
    pub href_abs: String,
    /// Whether this is the page being rendered.
    pub current: bool,
}

/// A page kind's own context: serialized as the struct it holds.
// One lives per page being rendered, for the time it takes to render it:
// the size of the largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, JsonSchema, Debug)]
#[serde(untagged)]
pub enum Own<'a> {
    Home(HomeContext),
    Collection(CollectionContext),
    Measure(MeasureContext),
    Units(UnitsContext<'a>),
    Unit(UnitContext<'a>),
    List(ListContext),
    Updates(UpdatesContext),
    Methodology(MethodologyContext),
    Text(TextPageContext),
    Search(SearchContext),
    Empty(EmptyContext),
    Changes(changes::ChangesContext),
    Release(changes::ReleaseContext),
    Report(ReportContext),
    Embed(EmbedContext),
    Data(DataPageContext),
    Accessibility(AccessibilityContext),
    Plans(PlansContext),
    UnitsPlans(UnitsPlansContext),
    UnitPlans(UnitPlansContext),
    Lineage(LineageContext),
}

impl Own<'_> {
    /// Cuts the lists of measures a unit or report page shows to `max_rows`
    /// rows in all: what a sample of the page needs, its template looping
    /// over the rest alike. (The list of units shows counts, not rows.)
    pub fn keep_sample(&mut self, max_rows: usize) {
        let mut budget = max_rows;
        let mut cut = |len: usize| {
            let keep = len.min(budget);
            budget -= keep;
            keep
        };
        match self {
            Own::Unit(u) => {
                let s = &mut u.summary;
                s.led.truncate(cut(s.led.len()));
                s.shared.truncate(cut(s.shared.len()));
            }
            Own::Report(r) => r
                .collections
                .iter_mut()
                .for_each(|c| c.measures.truncate(cut(c.measures.len()))),
            _ => {}
        }
    }
}

/// A status and what it means (legends).
#[derive(Serialize, JsonSchema, Debug)]
pub struct StatusMeaning {
    pub status: StatusView,
    pub meaning: String,
}

impl StatusMeaning {
    pub fn all(l: &Localizer) -> Vec<StatusMeaning> {
        Status::ALL
            .iter()
            .map(|st| StatusMeaning {
                status: l.status(*st),
                meaning: l.s.get(&format!("status_meaning.{}", st.as_str())),
            })
            .collect()
    }
}

/// The context of one page, and the file it is written to.
pub fn page_context<'a>(
    site: &'a Site,
    kind: &PageKind,
    data: &'a LangData,
    all: &BTreeMap<String, LangData>,
    base_url: &str,
    base_path: &str,
) -> (String, PageContext<'a>) {
    let own = own_context(site, kind, data, base_url);
    framed(site, kind, data, all, (base_url, base_path), own)
}

/// A measure's own pages in one language, of one making of its
/// indicators' views (and their charts).
pub struct MeasurePages<'a> {
    /// Its page's file and context.
    pub page: (String, PageContext<'a>),
    /// Its embed page's, when asked for.
    pub embed: Option<(String, PageContext<'a>)>,
    /// Its chart files: each one's path (root-relative) and SVG.
    pub chart_files: Vec<(String, String)>,
}

/// Measure `ci`/`mi`'s page, and its embed page when `embed`, in one
/// language, as [`page_context`] makes each of them alone.
pub fn measure_pages<'a>(
    site: &'a Site,
    (ci, mi): (usize, usize),
    data: &'a LangData,
    all: &BTreeMap<String, LangData>,
    (base_url, base_path): (&str, &str),
    embed: bool,
) -> MeasurePages<'a> {
    let indicators = measure::indicators(site, &data.l, ci, mi);
    let views = indicators.views;
    let embed = embed.then(|| {
        let own = embed_context(site, data, ci, mi, views.clone());
        let kind = PageKind::Embed(ci, mi);
        framed(site, &kind, data, all, (base_url, base_path), own)
    });
    let own = measure_context(site, data, ci, mi, views);
    let kind = PageKind::Measure(ci, mi);
    MeasurePages {
        page: framed(site, &kind, data, all, (base_url, base_path), own),
        embed,
        chart_files: indicators.files,
    }
}

/// Page `kind` of title and own context `own`: its file and whole context.
fn framed<'a>(
    site: &'a Site,
    kind: &PageKind,
    data: &'a LangData,
    all: &BTreeMap<String, LangData>,
    (base_url, base_path): (&str, &str),
    (title, mut x): (String, Own<'a>),
) -> (String, PageContext<'a>) {
    let l = &data.l;
    let url = kind.url(site, &l.prefix);
    let file = urls::file_of(&url);
    let root = if *kind == PageKind::NotFound {
        base_path.to_string()
    } else {
        urls::root_prefix(&file)
    };
    let alternates = site
        .config
        .languages
        .iter()
        .map(|lang| {
            let other = &all[&lang.value];
            let other_url = kind.url(site, &other.l.prefix);
            Alternate {
                lang: lang.value.clone(),
                name: other.strings.get("language_name"),
                href_abs: urls::absolute(base_url, &other_url),
                url: other_url,
                current: lang.value == l.lang,
            }
        })
        .collect();
    let canonical = urls::absolute(base_url, &url);
    match (&mut x, kind) {
        (Own::Measure(m), PageKind::Measure(ci, mi)) => {
            // A measure's citation and feedback link name the page's address, known here.
            m.citation = additions::citation(site, l, &canonical);
            m.feedback = additions::feedback_link(site, data, *ci, *mi, &canonical);
            let frame = embed::Shown::new(site, data, *ci, *mi, &m.indicators).frame_height();
            m.reuse = reuse::reuse(site, l, *ci, *mi, base_url, frame);
            m.history = changes::measure_history(site, data, *ci, *mi);
        }
        (Own::Embed(e), _) => e.link = urls::absolute(base_url, &e.link),
        (Own::Data(d), _) => d.citation = additions::citation(site, l, &canonical),
        (Own::Accessibility(a), _) => a.report = accessibility::report_link(site, l, &canonical),
        _ => {}
    }
    let section = kind.section(site);
    let page_dates = dates::dates_view(l, &data.dates.of(data.history, kind));
    let portal = portal::portal_meta(site, kind, data, base_url, (&title, &section), &page_dates);
    let ctx = PageContext {
        root,
        lang: l.lang,
        page: PageMeta {
            title,
            canonical,
            url,
            section,
            alternates,
            kind: kind.template().trim_end_matches(".html"),
            dates: page_dates,
            portal,
        },
        x,
    };
    (file, ctx)
}

/// The part of a page written in its final form and put in after
/// minifying (see [`crate::output::verbatim_mark`]): a measure's
/// highlighted source record.
pub fn verbatim_part(site: &Site, kind: &PageKind, minified: bool) -> Option<String> {
    match kind {
        PageKind::Measure(ci, mi) => Some(markdown::highlight_yaml(
            &site.collections[*ci].measures[*mi].source,
            minified,
        )),
        _ => None,
    }
}

/// The measures a page lists in its table (collection, status and category
/// pages), given to the template as `rows` beside `x`: converted once, from
/// the shared rows, and not copied into `x` first (on a large site these
/// tables are the largest contexts by far).
pub fn table_rows<'a>(site: &Site, kind: &PageKind, data: &'a LangData) -> Vec<&'a views::Row> {
    match kind {
        PageKind::Collection(ci) => data.rows[*ci].iter().collect(),
        PageKind::Status(st) => data
            .rows
            .iter()
            .flatten()
            .filter(|r| r.status.id == st.as_str())
            .collect(),
        PageKind::Category(ci, k) => {
            let category = &site.collections[*ci].config.categories[*k].id.value;
            data.rows[*ci]
                .iter()
                .filter(|r| r.category_id == *category)
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A measure page's title and own context, showing `indicators`.
fn measure_context<'a>(
    site: &'a Site,
    data: &'a LangData,
    ci: usize,
    mi: usize,
    indicators: Vec<IndicatorView>,
) -> (String, Own<'a>) {
    let x = measure::measure(site, data, ci, mi, indicators);
    (x.title.plain.clone(), Own::Measure(x))
}

/// An embed page's title and own context, showing `indicators`.
fn embed_context<'a>(
    site: &'a Site,
    data: &'a LangData,
    ci: usize,
    mi: usize,
    indicators: Vec<IndicatorView>,
) -> (String, Own<'a>) {
    let x = embed::embed(site, data, ci, mi, indicators);
    (x.title.plain.clone(), Own::Embed(x))
}

/// The page's title and its own context.
fn own_context<'a>(
    site: &'a Site,
    kind: &PageKind,
    data: &'a LangData,
    base_url: &str,
) -> (String, Own<'a>) {
    let s = data.l.s;
    match kind {
        PageKind::Home => (
            s.get("dashboard.heading"),
            Own::Home(home::home(site, data)),
        ),
        PageKind::Collection(ci) => {
            let x = lists::collection(site, data, *ci);
            (x.title.plain.clone(), Own::Collection(x))
        }
        PageKind::Measure(ci, mi) => {
            let indicators = measure::indicators(site, &data.l, *ci, *mi).views;
            measure_context(site, data, *ci, *mi, indicators)
        }
        PageKind::Units => (s.get("units.heading"), Own::Units(units::units(site, data))),
        PageKind::Unit(ui) => {
            let x = units::unit(site, data, *ui);
            (x.name.plain.clone(), Own::Unit(x))
        }
        PageKind::Status(st) => {
            let x = lists::status_page(site, data, kind, *st);
            (x.heading.clone(), Own::List(x))
        }
        PageKind::Category(ci, k) => {
            let x = lists::category_page(site, data, kind, *ci, *k);
            (x.heading.clone(), Own::List(x))
        }
        PageKind::Updates(page) => {
            let x = updates::updates(site, data, *page);
            (x.heading.clone(), Own::Updates(x))
        }
        PageKind::Methodology => (
            s.get("methodology.heading"),
            Own::Methodology(methodology::methodology(site, data)),
        ),
        PageKind::Page(slug) => {
            let x = text::text_page(site, data, slug);
            (x.title.clone(), Own::Text(x))
        }
        PageKind::Search => (
            s.get("search.heading"),
            Own::Search(text::search(site, data)),
        ),
        PageKind::NotFound => (s.get("notfound.heading"), Own::Empty(EmptyContext {})),
        PageKind::Changes => (
            s.get("changes.heading"),
            Own::Changes(changes::changes_page(site, data)),
        ),
        PageKind::Release(name) => {
            let x = changes::release_page(site, data, name);
            (x.heading.clone(), Own::Release(x))
        }
        PageKind::Report | PageKind::UnitReport(_) => {
            let unit = match kind {
                PageKind::UnitReport(ui) => Some(*ui),
                _ => None,
            };
            let x = report::report(site, data, unit);
            (x.heading.clone(), Own::Report(x))
        }
        PageKind::Embed(ci, mi) => {
            let indicators = measure::indicators(site, &data.l, *ci, *mi).views;
            embed_context(site, data, *ci, *mi, indicators)
        }
        PageKind::DataPage => (
            s.get("datapage.heading"),
            Own::Data(downloads::data_page(site, data, base_url)),
        ),
        PageKind::Accessibility => (
            s.get("accessibility.heading"),
            Own::Accessibility(accessibility::accessibility(site, data)),
        ),
        PageKind::PlanList => (
            s.get("plans.heading"),
            Own::Plans(plans::plan_list(above(data), data)),
        ),
        PageKind::UnitsPlans => (
            s.get("units.heading"),
            Own::UnitsPlans(plans::units(above(data), data)),
        ),
        PageKind::UnitPlans(ui) => {
            let x = plans::unit(above(data), data, *ui);
            (x.name.plain.clone(), Own::UnitPlans(x))
        }
        PageKind::Lineage => {
            let x = lineage::lineage_page(site, data);
            (x.heading.clone(), Own::Lineage(x))
        }
    }
}

/// The plans of the pages above them (rendered only for a site with several).
fn above<'a>(data: &LangData<'a>) -> &'a crate::plans::Plans {
    data.plans
        .expect("the pages above the plans are rendered only with the plans")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    static NO_HISTORY: std::sync::LazyLock<History> = std::sync::LazyLock::new(History::default);

    fn zh_default() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/zh-default")
    }

    /// Runs `f` on the site at `root` with the views of both its languages.
    fn with_site<T>(
        root: &std::path::Path,
        f: impl FnOnce(&Site, &BTreeMap<String, LangData>) -> T,
    ) -> T {
        let (site, _) = Site::load(root, false).expect("fixture loads");
        let theme = Theme::load(root, "default").expect("built-in theme");
        let (strings, _) = Strings::load_all(&theme, &["zh", "en"]).expect("strings");
        let updates = views::update_order(&site);
        let all: BTreeMap<String, LangData> = ["zh", "en"]
            .iter()
            .map(|l| {
                let data = lang_data(&site, &NO_HISTORY, l, &strings[*l], &updates, false);
                (l.to_string(), data)
            })
            .collect();
        f(&site, &all)
    }

    fn with_lang<T>(_lang: &str, f: impl FnOnce(&Site, &BTreeMap<String, LangData>) -> T) -> T {
        with_site(&zh_default(), f)
    }

    #[test]
    fn a_unit_page_lists_what_it_leads_and_shares_and_the_list_only_counts() {
        with_lang("en", |site, all| {
            let data = &all["en"];
            let hrss = site
                .units
                .iter()
                .position(|u| u.id.value == "hrss")
                .unwrap();
            let own = units::unit(site, data, hrss).summary;
            assert_eq!((own.led_count, own.shared_count), (2, 1));
            assert_eq!((own.led.len(), own.shared.len()), (2, 1));
            assert_eq!(own.shared[0].id, "income");
            let list = units::units(site, data);
            let listed = &list.units[hrss];
            assert_eq!((listed.led_count, listed.shared_count), (2, 1));
            assert!(listed.led.is_empty() && listed.shared.is_empty());
            let idle = site
                .units
                .iter()
                .position(|u| u.id.value == "idle")
                .unwrap();
            let none = &list.units[idle];
            assert_eq!(
                (none.led_count, none.shared_count, none.without_update),
                (0, 0, 0)
            );
            assert_eq!(none.latest_update, None);
        });
    }

    #[test]
    fn each_body_has_the_same_measures_indexed_and_scanned_a_lead_and_partner_leading() {
        use crate::model::Spanned;
        use crate::site::UnitMeasure;
        let (mut site, _) = Site::load(&zh_default(), false).expect("fixture loads");
        // hrss leads the first measure twice over and shares it; idle
        // shares it twice.
        let m = std::sync::Arc::make_mut(&mut site.collections[0].measures[0].measure);
        let body = |id: &str| Spanned::new(id.to_string(), crate::diagnostics::Pos::START);
        m.lead = vec![body("hrss"), body("hrss")];
        m.units = vec![body("idle"), body("hrss"), body("idle")];
        let index = site.unit_measures();
        for u in &site.units {
            let id = u.id.value.as_str();
            let scanned = site.measures_of_unit(id);
            assert_eq!(index.get(id).cloned().unwrap_or_default(), scanned, "{id}");
        }
        let first = |id| site.measures_of_unit(id).first().copied();
        let at = (0, 0);
        assert_eq!(first("hrss"), Some(UnitMeasure { at, leads: true }));
        assert_eq!(first("idle"), Some(UnitMeasure { at, leads: false }));
        assert_eq!(index["idle"].len(), 1);
    }

    #[test]
    fn a_rows_value_is_the_row_made_once_and_shared_until_let_go() {
        with_lang("en", |_, all| {
            let data = &all["en"];
            let row = &data.rows[0][0];
            let fresh = tera::Value::from_serializable(&**row);
            assert!(!row.kept());
            // A table's context holds the row as its value, made then.
            let in_table = tera::Value::from_serializable(&vec![row]);
            assert_eq!(in_table.as_array().map(|rows| rows[0] == fresh), Some(true));
            assert!(row.kept());
            assert_eq!(row.value(), fresh);
            data.forget_row_values();
            assert!(!row.kept());
            assert_eq!(row.value(), fresh);
        });
    }

    #[test]
    fn a_sample_lists_at_most_the_rows_asked_for_in_all() {
        with_lang("en", |site, all| {
            let data = &all["en"];
            let listed = |x: &Own| match x {
                Own::Unit(u) => u.summary.led.len() + u.summary.shared.len(),
                Own::Report(r) => r.collections.iter().map(|c| c.measures.len()).sum(),
                _ => unreachable!(),
            };
            let hrss = site.units.iter().position(|u| u.id.value == "hrss");
            for kind in [PageKind::Unit(hrss.unwrap()), PageKind::Report] {
                let (file, mut ctx) = page_context(site, &kind, data, all, "/", "/");
                let before = listed(&ctx.x);
                assert!(before > 2, "{file} lists {before}");
                ctx.x.keep_sample(2);
                assert_eq!(listed(&ctx.x), 2, "{file}");
            }
        });
    }

    #[test]
    fn every_page_has_its_counterpart_in_every_language_and_the_404_links_from_the_base() {
        with_lang("zh", |site, all| {
            for kind in PageKind::all(site, &NO_HISTORY) {
                let (file, ctx) = page_context(
                    site,
                    &kind,
                    &all["zh"],
                    all,
                    "https://example.org/plan/",
                    "/plan/",
                );
                assert_eq!(ctx.page.alternates.len(), 2, "{file}");
                let current: Vec<&str> = ctx
                    .page
                    .alternates
                    .iter()
                    .filter(|a| a.current)
                    .map(|a| a.lang.as_str())
                    .collect();
                assert_eq!(current, ["zh"], "{file}");
                assert!(
                    ctx.page.canonical.starts_with("https://example.org/plan/"),
                    "{file}"
                );
                if kind == PageKind::NotFound {
                    assert_eq!((file.as_str(), ctx.root.as_str()), ("404.html", "/plan/"));
                } else {
                    let depth = file.matches('/').count();
                    let up = if depth == 0 {
                        "./".to_string()
                    } else {
                        "../".repeat(depth)
                    };
                    assert_eq!(ctx.root, up, "{file}");
                }
            }
        });
    }

    #[test]
    fn status_and_category_pages_list_only_their_measures() {
        with_lang("en", |site, all| {
            let data = &all["en"];
            for st in Status::ALL {
                let kind = PageKind::Status(st);
                let rows = table_rows(site, &kind, data);
                let expected = site
                    .measure_assessment
                    .iter()
                    .flatten()
                    .filter(|a| a.status == st)
                    .count();
                assert_eq!(rows.len(), expected, "{st:?}");
                let x = lists::status_page(site, data, &kind, st);
                assert_eq!(x.others.len(), Status::ALL.len() - 1);
                assert!(x.counts.is_none() && x.collection.is_none());
            }
            let kind = PageKind::Category(0, 0);
            let category = &site.collections[0].config.categories[0].id.value;
            let rows = table_rows(site, &kind, data);
            assert!(!rows.is_empty());
            assert!(rows.iter().all(|r| &r.category_id == category));
            let x = lists::category_page(site, data, &kind, 0, 0);
            let counted: usize = x.counts.unwrap().iter().map(|c| c.count).sum();
            assert_eq!(counted, rows.len());
        });
    }

    #[test]
    fn the_updates_list_is_paged_with_links_only_when_it_needs_more_than_one_page() {
        assert_eq!(update_pages(0), 1);
        assert_eq!(update_pages(UPDATES_PER_PAGE), 1);
        assert_eq!(update_pages(UPDATES_PER_PAGE + 1), 2);
        with_lang("zh", |site, all| {
            let x = updates::updates(site, &all["zh"], 0);
            assert_eq!(x.updates.len(), all["zh"].updates.len());
            assert!(x.pages.is_empty() && x.previous.is_none() && x.next.is_none());
        });
    }

    #[test]
    fn the_updates_list_is_counted_where_it_is_built() {
        with_lang("zh", |site, all| {
            let built = views::update_order(site).len();
            assert!(built > 0);
            assert_eq!(views::update_count(site), built);
            assert_eq!(all["zh"].updates.len(), built);
            let pages = PageKind::all(site, &NO_HISTORY)
                .iter()
                .filter(|k| matches!(k, PageKind::Updates(_)))
                .count();
            assert_eq!(pages, update_pages(built));
        });
    }

    #[test]
    fn a_page_without_a_translation_is_shown_in_the_default_language_and_marked() {
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(zh_default()) {
            let entry = entry.unwrap();
            let dest = dir
                .path()
                .join(entry.path().strip_prefix(zh_default()).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        std::fs::remove_file(dir.path().join("content/pages/about.en.md")).unwrap();
        with_site(dir.path(), |site, all| {
            let x = text::text_page(site, &all["en"], "about");
            assert_eq!(x.title_lang.as_deref(), Some("zh"));
            assert!(x.body_html.contains("<div lang=\"zh\">"), "{}", x.body_html);
            assert!(x.body_html.contains("class=\"untranslated\""));
            let translated = text::text_page(site, &all["zh"], "about");
            assert_eq!(translated.title_lang, None);
            assert!(!translated.body_html.contains("untranslated"));
        });
    }
}
