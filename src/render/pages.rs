//! The HTML pages of SPEC §3: every page is a [`PageJob`] (a kind × a
//! language), its context is assembled from views built once per language,
//! and Tera lays it out.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::model::*;
use crate::period::Period;
use crate::render::i18n::Strings;
use crate::render::markdown::{self, escape};
use crate::render::urls;
use crate::render::views::{self, *};
use crate::site::Site;
use crate::status::{self, Status};

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
}

impl PageKind {
    /// Every page of the site, in a fixed order.
    pub fn all(site: &Site) -> Vec<PageKind> {
        let mut kinds = vec![PageKind::Home];
        for (ci, c) in site.collections.iter().enumerate() {
            kinds.push(PageKind::Collection(ci));
            kinds.extend((0..c.measures.len()).map(|mi| PageKind::Measure(ci, mi)));
            kinds.extend((0..c.config.categories.len()).map(|k| PageKind::Category(ci, k)));
        }
        kinds.push(PageKind::Units);
        kinds.extend((0..site.units.len()).map(PageKind::Unit));
        kinds.extend(Status::ALL.iter().map(|s| PageKind::Status(*s)));
        let entries = site
            .indicators
            .values()
            .map(|info| site.indicator_at(info.at).progress.len())
            .sum();
        kinds.extend((0..update_pages(entries)).map(PageKind::Updates));
        kinds.extend([PageKind::Methodology, PageKind::Search]);
        kinds.extend(
            site.page_slugs()
                .into_iter()
                .map(|slug| PageKind::Page(slug.to_string())),
        );
        kinds.push(PageKind::NotFound);
        kinds
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
            PageKind::NotFound => format!("{prefix}404.html"),
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
        }
    }

    /// Which main-menu entry is current.
    fn section(&self, site: &Site) -> String {
        match self {
            PageKind::Home => "home".into(),
            PageKind::Collection(ci) | PageKind::Measure(ci, _) | PageKind::Category(ci, _) => {
                site.collections[*ci].config.id.clone()
            }
            PageKind::Units | PageKind::Unit(_) => "units".into(),
            PageKind::Updates(_) => "updates".into(),
            PageKind::Methodology => "methodology".into(),
            PageKind::Page(slug) => format!("page-{slug}"),
            PageKind::Search => "search".into(),
            PageKind::Status(_) | PageKind::NotFound => String::new(),
        }
    }

    /// Whether the page lists measures in a table (see [`table_rows`]).
    pub fn has_table(&self) -> bool {
        matches!(
            self,
            PageKind::Collection(_) | PageKind::Status(_) | PageKind::Category(..)
        )
    }

    /// Whether the search index should hold this page.
    pub fn searchable(&self) -> bool {
        matches!(
            self,
            PageKind::Measure(..) | PageKind::Unit(_) | PageKind::Page(_)
        )
    }
}

/// Progress entries per page of the updates list.
pub const UPDATES_PER_PAGE: usize = 100;

/// How many pages a list of `entries` updates takes (at least one, possibly
/// empty).
pub fn update_pages(entries: usize) -> usize {
    entries.div_ceil(UPDATES_PER_PAGE).max(1)
}

/// Everything about one language that every page shares.
pub struct LangData<'a> {
    pub l: Localizer<'a>,
    pub strings: &'a Strings,
    pub site_view: Value,
    /// `rows[collection][measure]`.
    pub rows: Vec<Vec<MeasureRow>>,
    /// Every progress entry in the order listed (shared by the languages).
    pub updates: &'a [UpdateRef<'a>],
}

impl LangData<'_> {
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

#[derive(Serialize)]
struct NavItem {
    key: String,
    label: String,
    url: String,
}

pub fn lang_data<'a>(
    site: &'a Site,
    lang: &'a str,
    strings: &'a Strings,
    updates: &'a [UpdateRef<'a>],
) -> LangData<'a> {
    let default_lang = site.config.default_language();
    let l = Localizer::new(lang, default_lang, strings);
    let rows: Vec<Vec<MeasureRow>> = site
        .collections
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            (0..c.measures.len())
                .map(|mi| views::measure_row(site, &l, ci, mi))
                .collect()
        })
        .collect();
    let site_view = site_view(site, &l);
    LangData {
        l,
        strings,
        site_view,
        rows,
        updates,
    }
}

fn site_view(site: &Site, l: &Localizer) -> Value {
    let s = l.s;
    let p = &l.prefix;
    let mut nav = vec![NavItem {
        key: "home".into(),
        label: s.get("nav.home"),
        url: urls::home(p),
    }];
    for c in &site.collections {
        nav.push(NavItem {
            key: c.config.id.clone(),
            label: l.text(&c.config.title).plain,
            url: urls::collection(p, &c.config.id),
        });
    }
    nav.push(NavItem {
        key: "units".into(),
        label: s.get("nav.units"),
        url: urls::units(p),
    });
    nav.push(NavItem {
        key: "updates".into(),
        label: s.get("nav.updates"),
        url: urls::updates(p),
    });
    nav.push(NavItem {
        key: "methodology".into(),
        label: s.get("nav.methodology"),
        url: urls::methodology(p),
    });
    nav.push(NavItem {
        key: "search".into(),
        label: s.get("nav.search"),
        url: urls::search(p),
    });
    let mut page_nav = Vec::new();
    for slug in site.page_slugs() {
        let chosen = pick_page(site, slug, l.lang, l.default_lang);
        if chosen.front.in_nav == Some(false) {
            continue;
        }
        page_nav.push(NavItem {
            key: format!("page-{slug}"),
            label: chosen.front.title.clone(),
            url: urls::page(p, slug),
        });
    }
    let c = &site.config;
    json!({
        "title": l.text(&c.title),
        "publisher": l.opt_text(&c.publisher),
        "notice_html": c.notice.as_ref().map(|n| l.markdown(n)),
        "source": c.source.as_ref().map(|src| views::source_view(l, src)),
        "as_of": s.fill("site.as_of", &[("date", s.date(c.as_of.value))]),
        "as_of_date": c.as_of.value.to_string(),
        "as_of_text": s.date(c.as_of.value),
        "plan_period": s.fill("site.plan_period", &[("start", s.date(c.period.start.value)), ("end", s.date(c.period.end.value))]),
        "nav": nav,
        "page_nav": page_nav,
        "feed": urls::feed(p),
        "urls": {
            "home": urls::home(p),
            "units": urls::units(p),
            "updates": urls::updates(p),
            "methodology": urls::methodology(p),
            "search": urls::search(p),
        },
        "lang": l.lang,
        "default_lang": l.default_lang,
    })
}

/// The page of `slug` in `lang`, else in the default language, else any.
fn pick_page<'s>(site: &'s Site, slug: &str, lang: &str, default_lang: &str) -> &'s Page {
    let versions: Vec<&Page> = site.pages.iter().filter(|p| p.slug == slug).collect();
    versions
        .iter()
        .find(|p| p.lang == lang)
        .or_else(|| versions.iter().find(|p| p.lang == default_lang))
        .or_else(|| versions.first())
        .copied()
        .expect("a page kind exists only for slugs with at least one page")
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    href_abs: String,
    current: bool,
}

/// The context of one page: what every page has, plus its own values.
pub fn page_context(
    site: &Site,
    kind: &PageKind,
    data: &LangData,
    all: &BTreeMap<String, LangData>,
    base_url: &str,
    base_path: &str,
) -> (String, Value) {
    let l = &data.l;
    let url = kind.url(site, &l.prefix);
    let file = urls::file_of(&url);
    // The 404 page is served at any depth: it links from the site root.
    let root = if *kind == PageKind::NotFound {
        base_path.to_string()
    } else {
        urls::root_prefix(&file)
    };
    let alternates: Vec<Alternate> = site
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
    let (title, own) = own_context(site, kind, data);
    let ctx = json!({
        "root": root,
        "lang": l.lang,
        "page": {
            "title": title,
            "url": url,
            "canonical": urls::absolute(base_url, &url),
            "section": kind.section(site),
            "alternates": alternates,
            "kind": kind.template().trim_end_matches(".html"),
        },
        "x": own,
    });
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
pub fn table_rows<'a>(site: &Site, kind: &PageKind, data: &'a LangData) -> Vec<&'a MeasureRow> {
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

fn own_context(site: &Site, kind: &PageKind, data: &LangData) -> (String, Value) {
    let l = &data.l;
    let s = l.s;
    match kind {
        PageKind::Home => (s.get("dashboard.heading"), home(site, data)),
        PageKind::Collection(ci) => collection(site, data, *ci),
        PageKind::Measure(ci, mi) => measure(site, data, *ci, *mi),
        PageKind::Units => (s.get("units.heading"), units(site, data)),
        PageKind::Unit(ui) => unit(site, data, *ui),
        PageKind::Status(st) => {
            let label = s.status(*st);
            let count = table_rows(site, kind, data).len();
            let heading = s.fill("status_page.heading", &[("status", label.clone())]);
            let others: Vec<StatusView> = Status::ALL
                .iter()
                .filter(|o| *o != st)
                .map(|o| l.status(*o))
                .collect();
            (
                heading.clone(),
                json!({
                    "heading": heading,
                    "intro": s.fill("status_page.intro", &[("status", label)]),
                    "meaning": s.get(&format!("status_meaning.{}", st.as_str())),
                    "status": l.status(*st),
                    "caption": s.fill("table.caption", &[("count", count.to_string())]),
                    "others": others,
                    "show_collection": true,
                }),
            )
        }
        PageKind::Category(ci, k) => {
            let c = &site.collections[*ci];
            let cat = &c.config.categories[*k];
            let rows = table_rows(site, kind, data);
            let heading = s.fill(
                "category_page.heading",
                &[
                    ("collection", l.text(&c.config.title).plain),
                    ("category", l.text(&cat.title).plain),
                ],
            );
            let counts =
                views::status_counts(l, rows.iter().filter_map(|r| Status::parse(r.status.id)));
            (
                heading.clone(),
                json!({
                    "heading": heading,
                    "intro_html": cat.description.as_ref().map(|d| l.markdown(d)),
                    "collection": {"title": l.text(&c.config.title), "url": urls::collection(&l.prefix, &c.config.id)},
                    "caption": s.fill("table.caption", &[("count", rows.len().to_string())]),
                    "counts": counts,
                    "show_collection": false,
                }),
            )
        }
        PageKind::Updates(page) => {
            let pages = update_pages(data.updates.len());
            let start = page * UPDATES_PER_PAGE;
            let shown = data.update_views(site, start, UPDATES_PER_PAGE);
            let link = |p: usize| json!({"number": p + 1, "url": urls::updates_page(&l.prefix, p), "current": p == *page});
            let heading = if pages > 1 {
                s.fill(
                    "updates.heading_page",
                    &[
                        ("page", (page + 1).to_string()),
                        ("pages", pages.to_string()),
                    ],
                )
            } else {
                s.get("updates.heading")
            };
            (
                heading.clone(),
                json!({
                    "heading": heading,
                    "updates": shown,
                    "pages": if pages > 1 { (0..pages).map(link).collect::<Vec<_>>() } else { vec![] },
                    "previous": (*page > 0).then(|| urls::updates_page(&l.prefix, page - 1)),
                    "next": (page + 1 < pages).then(|| urls::updates_page(&l.prefix, page + 1)),
                }),
            )
        }
        PageKind::Methodology => (s.get("methodology.heading"), methodology(site, data)),
        PageKind::Page(slug) => {
            let page = pick_page(site, slug, l.lang, l.default_lang);
            let body = markdown::to_html(&page.body);
            let (title, body_html) = if page.lang == l.lang {
                (page.front.title.clone(), body)
            } else {
                let note = format!(
                    "<p class=\"untranslated\">({})</p>",
                    escape(&s.get("site.untranslated"))
                );
                (
                    page.front.title.clone(),
                    format!("{note}<div lang=\"{}\">{body}</div>", escape(&page.lang)),
                )
            };
            let title_lang = (page.lang != l.lang).then(|| page.lang.clone());
            (
                title.clone(),
                json!({ "title": title, "title_lang": title_lang, "body_html": body_html }),
            )
        }
        PageKind::Search => {
            let collections: Vec<Value> = site
                .collections
                .iter()
                .map(|c| json!({"title": l.text(&c.config.title), "url": urls::collection(&l.prefix, &c.config.id)}))
                .collect();
            (
                s.get("search.heading"),
                json!({ "collections": collections }),
            )
        }
        PageKind::NotFound => (s.get("notfound.heading"), json!({})),
    }
}

fn home(site: &Site, data: &LangData) -> Value {
    let l = &data.l;
    let s = l.s;
    let mut indicator_count = 0;
    let collections: Vec<Value> = site
        .collections
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let rows = &data.rows[ci];
            indicator_count += rows.iter().map(|r| r.indicators.len()).sum::<usize>();
            let counts = views::status_counts(l, site.measure_status[ci].iter().copied());
            let title = l.text(&c.config.title);
            let bar_title = s.fill("dashboard.chart_title", &[("count", rows.len().to_string()), ("name", title.plain.clone())]);
            let categories: Vec<Value> = c
                .config
                .categories
                .iter()
                .map(|k| {
                    let statuses = rows.iter().filter(|r| r.category_id == k.id.value).filter_map(|r| Status::parse(r.status.id));
                    let counts = views::status_counts(l, statuses);
                    let total: usize = counts.iter().map(|c| c.count).sum();
                    json!({"title": l.text(&k.title), "url": urls::category(&l.prefix, &c.config.id, &k.id.value), "counts": counts, "total": total})
                })
                .collect();
            json!({
                "title": title,
                "url": urls::collection(&l.prefix, &c.config.id),
                "description_html": c.config.description.as_ref().map(|d| l.markdown(d)),
                "counts": counts,
                "total": rows.len(),
                "bar": views::status_bar(l, &counts, &format!("bar-{}", c.config.id), &bar_title),
                "categories": categories,
            })
        })
        .collect();
    let all_counts = views::status_counts(l, site.measure_status.iter().flatten().copied());
    json!({
        "intro": s.fill("dashboard.intro", &[
            ("measures", site.measure_count().to_string()),
            ("collections", site.collections.len().to_string()),
            ("indicators", indicator_count.to_string()),
        ]),
        "collections": collections,
        "totals": all_counts,
        "statuses": Status::ALL.iter().map(|st| json!({"status": l.status(*st), "meaning": s.get(&format!("status_meaning.{}", st.as_str()))})).collect::<Vec<_>>(),
        "latest": data.update_views(site, 0, 8),
        "has_more_updates": data.updates.len() > 8,
    })
}

fn collection(site: &Site, data: &LangData, ci: usize) -> (String, Value) {
    let l = &data.l;
    let c = &site.collections[ci];
    let title = l.text(&c.config.title);
    let rows = &data.rows[ci];
    let counts = views::status_counts(l, site.measure_status[ci].iter().copied());
    let categories: Vec<Value> = c
        .config
        .categories
        .iter()
        .map(|k| json!({"id": k.id.value, "title": l.text(&k.title), "url": urls::category(&l.prefix, &c.config.id, &k.id.value)}))
        .collect();
    let mut unit_ids: Vec<&str> = c
        .measures
        .iter()
        .flat_map(|m| m.measure.lead.iter().chain(&m.measure.units))
        .map(|u| u.value.as_str())
        .collect();
    unit_ids.sort();
    unit_ids.dedup();
    let units: Vec<Value> = site
        .units
        .iter()
        .filter(|u| unit_ids.contains(&u.id.value.as_str()))
        .map(|u| json!({"id": u.id.value, "link": views::unit_link(l, u)}))
        .collect();
    let statuses: Vec<&StatusCount> = counts.iter().filter(|c| c.count > 0).collect();
    (
        title.plain.clone(),
        json!({
            "title": title,
            "description_html": c.config.description.as_ref().map(|d| l.markdown(d)),
            "caption": l.s.fill("table.caption", &[("count", rows.len().to_string())]),
            "counts": counts,
            "bar": views::status_bar(l, &counts, "bar", &l.s.fill("dashboard.chart_title", &[("count", rows.len().to_string()), ("name", title.plain.clone())])),
            "statuses": statuses,
            "categories": categories,
            "units": units,
            "data": {"json": "data/measures.json", "csv": "data/indicators.csv"},
        }),
    )
}

fn measure(site: &Site, data: &LangData, ci: usize, mi: usize) -> (String, Value) {
    let l = &data.l;
    let c = &site.collections[ci];
    let mf = &c.measures[mi];
    let m = &mf.measure;
    let title = l.text(&m.title);
    let category = m
        .category
        .as_ref()
        .and_then(|cat| c.config.categories.iter().find(|k| k.id.value == cat.value));
    let links = |ids: &[Spanned<String>]| -> Vec<LinkView> {
        ids.iter()
            .filter_map(|u| site.unit(&u.value))
            .map(|u| views::unit_link(l, u))
            .collect()
    };
    let listed = site.listed_indicators(ci, mi);
    let indicators: Vec<IndicatorView> = listed
        .iter()
        .enumerate()
        .map(|(i, li)| views::indicator_view(site, l, li, ci, mi, i))
        .collect();
    let assessment = m
        .assessment
        .as_ref()
        .and_then(|a| {
            site.config
                .assessment_levels
                .iter()
                .find(|x| x.id.value == a.value)
        })
        .map(|a| l.text(&a.name));
    (
        title.plain.clone(),
        json!({
            "title": title,
            "number": m.number,
            "collection": {"title": l.text(&c.config.title), "url": urls::collection(&l.prefix, &c.config.id)},
            "category": category.map(|k| json!({"title": l.text(&k.title), "url": urls::category(&l.prefix, &c.config.id, &k.id.value)})),
            "lead": links(&m.lead),
            "units": links(&m.units),
            "assessment": assessment,
            "summary_html": m.summary.as_ref().map(|t| l.markdown(t)),
            "tasks": m.tasks.iter().map(|t| l.markdown_inline(t)).collect::<Vec<_>>(),
            "indicators": indicators,
            "status": l.status(site.measure_status[ci][mi]),
            "status_note_html": m.status_note.as_ref().map(|t| l.markdown(t)),
            "own_status": m.indicators.is_empty(),
            "downloads": {
                "json": urls::measure_data(&c.config.id, &m.id.value, "json"),
                "csv": urls::measure_data(&c.config.id, &m.id.value, "csv"),
            },
            "record_html": crate::output::verbatim_mark(),
            "record_path": mf.path,
        }),
    )
}

/// What a unit leads and shares, with status counts and its latest update.
/// `with_rows`: include the table rows of its measures (the unit's own page),
/// or only the counts (the list of all units).
fn unit_summary(site: &Site, data: &LangData, ui: usize, with_rows: bool) -> Value {
    let l = &data.l;
    let id = &site.units[ui].id.value;
    let mut led = Vec::new();
    let mut shared = Vec::new();
    let mut latest: Option<Period> = None;
    let mut without_update = 0;
    let mut statuses = Vec::new();
    for (ci, c) in site.collections.iter().enumerate() {
        for (mi, mf) in c.measures.iter().enumerate() {
            let m = &mf.measure;
            let leads = m.lead.iter().any(|u| &u.value == id);
            if !leads && !m.units.iter().any(|u| &u.value == id) {
                continue;
            }
            let row = &data.rows[ci][mi];
            if leads {
                led.push(row)
            } else {
                shared.push(row)
            }
            statuses.push(site.measure_status[ci][mi]);
            let periods: Vec<Period> = site
                .listed_indicators(ci, mi)
                .iter()
                .flat_map(|li| li.indicator.progress.iter().map(|p| p.period.value))
                .collect();
            if periods.is_empty() {
                without_update += 1;
            }
            for p in periods {
                if latest.is_none_or(|q| p.end() > q.end()) {
                    latest = Some(p);
                }
            }
        }
    }
    json!({
        "link": views::unit_link(l, &site.units[ui]),
        "led": if with_rows { json!(led) } else { json!([]) },
        "shared": if with_rows { json!(shared) } else { json!([]) },
        "led_count": led.len(),
        "shared_count": shared.len(),
        "counts": views::status_counts(l, statuses),
        "latest_update": latest.map(|p| l.s.period(p)),
        "without_update": without_update,
    })
}

fn units(site: &Site, data: &LangData) -> Value {
    let list: Vec<Value> = (0..site.units.len())
        .map(|ui| unit_summary(site, data, ui, false))
        .collect();
    json!({ "units": list })
}

fn unit(site: &Site, data: &LangData, ui: usize) -> (String, Value) {
    let l = &data.l;
    let u = &site.units[ui];
    let name = l.text(&u.name);
    let summary = unit_summary(site, data, ui, true);
    (
        name.plain.clone(),
        json!({
            "name": name,
            "aliases": u.aliases,
            "website": u.url.as_ref().map(|x| x.value.clone()),
            "summary": summary,
        }),
    )
}

/// The methodology page, generated from the status rules themselves: the
/// worked examples are computed by `status::assess` at build time.
fn methodology(site: &Site, data: &LangData) -> Value {
    let l = &data.l;
    let s = l.s;
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|st| json!({"status": l.status(*st), "meaning": s.get(&format!("status_meaning.{}", st.as_str()))}))
        .collect();
    let mut worst_first = Status::ALL.to_vec();
    worst_first.sort();
    let order: Vec<StatusView> = worst_first.into_iter().map(|st| l.status(st)).collect();
    let rules: Vec<String> = [
        "rule_latest",
        "rule_path",
        "rule_direction",
        "rule_maintain",
        "rule_missed",
        "rule_declared",
        "rule_measure",
    ]
    .iter()
    .map(|k| s.get(&format!("methodology.{k}")))
    .collect();
    let examples: Vec<Value> = examples(site)
        .iter()
        .map(|(ind, as_of)| {
            let a = status::assess(ind, *as_of);
            let figures: Vec<String> = chart_free_figures(l, ind);
            json!({
                "name": l.text(&ind.name),
                "figures": figures,
                "direction": s.get(&format!("measure.direction_{}", ind.direction.as_str())),
                "as_of": s.fill("methodology.example_as_of", &[("date", s.date(*as_of))]),
                "status": l.status(a.status),
                "reason": s.reason(&a.reason, ""),
            })
        })
        .collect();
    json!({ "statuses": statuses, "order": order, "rules": rules, "examples": examples })
}

fn chart_free_figures(l: &Localizer, ind: &Indicator) -> Vec<String> {
    let s = l.s;
    let mut out = Vec::new();
    if let Some(b) = &ind.baseline {
        out.push(format!(
            "{} ({}): {}",
            s.get("measure.kind_baseline"),
            s.period(b.period.value),
            views::bound_text(l, &Some(b.clone()))
        ));
    }
    for p in &ind.progress {
        if let Some(v) = &p.value {
            out.push(format!(
                "{} ({}): {}",
                s.get("measure.kind_progress"),
                s.period(p.period.value),
                s.literal(&v.literal)
            ));
        }
    }
    if let Some(t) = &ind.target {
        out.push(format!(
            "{} ({}): {}",
            s.get("measure.kind_target"),
            s.period(t.period.value),
            views::bound_text(l, &Some(t.clone()))
        ));
    }
    out
}

/// Illustrative indicators for the methodology page, placed in the plan's
/// own period so the dates read naturally. Their figures are examples, not data.
fn examples(site: &Site) -> Vec<(Indicator, crate::period::Date)> {
    use crate::diagnostics::Pos;
    let year = site.config.period.end.value.year;
    let dec = |v: f64| Decimal {
        value: v,
        literal: crate::yaml::format_f64(v),
        quoted: false,
    };
    let bound = |p: &str, op: Option<Op>, v: f64| Bound {
        period: Spanned::new(Period::parse(p).unwrap_or(Period::Year(year)), Pos::START),
        op,
        value: Some(dec(v)),
        text: None,
        pos: Pos::START,
    };
    let entry = |p: &str, v: f64| Progress {
        period: Spanned::new(Period::parse(p).unwrap_or(Period::Year(year)), Pos::START),
        value: Some(dec(v)),
        text: None,
        note: None,
        source: None,
        status: None,
        pos: Pos::START,
    };
    let name = |zh: &str, en: &str| {
        let mut t = Text::plain("zh", zh);
        t.by_lang.insert("en".into(), en.into());
        t
    };
    let base = |n: Text, direction: Direction, accumulation: Accumulation| Indicator {
        id: Spanned::new("example".into(), Pos::START),
        name: n,
        unit: None,
        direction,
        accumulation,
        decimals: None,
        tolerance: None,
        baseline: None,
        target: None,
        progress: vec![],
        note: None,
    };
    let (y0, y) = ((year - 1).to_string(), year.to_string());
    let mid = crate::period::Date::new(year, 9, 30).unwrap_or(site.config.as_of.value);
    let after = crate::period::Date::new(year + 1, 3, 31).unwrap_or(site.config.as_of.value);
    let mut level = base(
        name("示例:人均收入", "Example: income per person"),
        Direction::Increase,
        Accumulation::Level,
    );
    level.baseline = Some(bound(&y0, None, 40000.0));
    level.target = Some(bound(&y, None, 42000.0));
    level.progress = vec![entry(&format!("{y}-Q2"), 41200.0)];
    let mut cumulative = base(
        name("示例:新增托位", "Example: new childcare places"),
        Direction::Increase,
        Accumulation::Cumulative,
    );
    cumulative.target = Some(bound(&y, None, 100.0));
    cumulative.progress = vec![entry(&format!("{y}-Q2"), 30.0)];
    let mut decrease = base(
        name("示例:收入倍差", "Example: income ratio"),
        Direction::Decrease,
        Accumulation::Level,
    );
    decrease.baseline = Some(bound(&y0, None, 1.64));
    decrease.target = Some(bound(&y, Some(Op::Le), 1.60));
    decrease.progress = vec![entry(&format!("{y}-H1"), 1.59)];
    let mut missed = base(
        name("示例:签约项目", "Example: projects signed"),
        Direction::Increase,
        Accumulation::Cumulative,
    );
    missed.target = Some(bound(&y, Some(Op::Ge), 10.0));
    missed.progress = vec![entry(&y, 8.0)];
    let mut maintain = base(
        name("示例:失业率", "Example: unemployment rate"),
        Direction::Maintain,
        Accumulation::Level,
    );
    maintain.tolerance = Some(dec(0.5));
    maintain.target = Some(bound(&y, None, 5.0));
    maintain.progress = vec![entry(&format!("{y}-Q1"), 6.1)];
    vec![
        (level, mid),
        (cumulative, mid),
        (decrease, mid),
        (maintain, mid),
        (missed, after),
    ]
}
