//! A site with several plans (SPEC §10): each plan rendered as a complete
//! one-plan site under `<plan>/`, the pages above them (the plan list, the
//! bodies across plans, the Markdown pages, the 404 page and the
//! accessibility statement), the sitemap index and, for a one-plan site
//! that became several (`moved_from_root`), every old address kept: a
//! redirect page at each old page, a copy of each old file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Mutex;

use rayon::prelude::*;

use super::i18n::Strings;
use super::pages::{self, PageKind};
use super::search::{AnalysedPage, SearchIndex};
use super::{feeds, templates, urls, PageRenderer, RenderError, RenderOptions, Rendered};
use crate::changes::History;
use crate::output::{OutputFile, Sink, StreamFn, WriteError};
use crate::plans::Plans;
use crate::theme::Theme;
use crate::timing::log_elapsed;

/// Renders every plan of `plans` and the pages above them into `sink`;
/// `history` holds the releases, each a snapshot of every plan.
pub fn render_plans(
    plans: &Plans,
    theme: &Theme,
    history: &History,
    base_url: &str,
    search: bool,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    render_plans_part(plans, theme, history, base_url, search, sink, None)
}

/// Which part of a site with several plans a render makes (`serve`'s
/// incremental rebuilds): each plan's part, in the order of
/// `plans.plans`, `None` for a plan left out (only without the whole
/// site); and whether the files above the plans are made (the pages
/// above them, the search index, feeds, sitemaps and data across plans).
pub struct PlansPart<'a> {
    pub plans: Vec<Option<&'a dyn super::Part>>,
    pub whole: bool,
}

/// [`render_plans`], of only `part` when given.
pub fn render_plans_part(
    plans: &Plans,
    theme: &Theme,
    history: &History,
    base_url: &str,
    search: bool,
    sink: &dyn Sink,
    part: Option<&PlansPart>,
) -> Result<Rendered, RenderError> {
    let started = std::time::Instant::now();
    let whole = part.is_none_or(|p| p.whole);
    let base_url = format!("{}/", base_url.trim_end_matches('/'));
    let (strings, mut warnings) = Strings::load_all(theme, &plans.root.config.language_codes())
        .map_err(RenderError::Strings)?;
    let mut rendered = match whole {
        true => render_above(plans, theme, &strings, &base_url, sink)?,
        false => Rendered {
            warnings: Vec::new(),
            page_count: 0,
            file_count: 0,
        },
    };
    warnings.append(&mut rendered.warnings);
    rendered.warnings = warnings;
    log_elapsed("pages above the plans", started);
    let above_paths = above_paths(plans);
    let moved = plans
        .root
        .config
        .moved_from_root
        .as_ref()
        .map(|m| m.value.as_str());
    let analysed = Analysed::default();
    let feeds = Mutex::new(BTreeMap::new());
    for (i, site) in plans.plans.iter().enumerate() {
        let inner = match part.map(|p| p.plans.get(i).copied().flatten()) {
            None => None,
            Some(Some(inner)) => Some(inner),
            Some(None) => continue,
        };
        let id = &site
            .plan
            .as_ref()
            .expect("a plan of a site with several")
            .id;
        let plan_sink = PlanSink {
            inner: sink,
            feeds: &feeds,
            prefix: format!("{id}/"),
            old: (moved == Some(id.as_str())).then_some(OldAddresses {
                taken: &above_paths,
                strings: &strings,
                default_lang: plans.root.config.default_language(),
                base_url: &base_url,
            }),
        };
        let plan_part = PlanPart {
            analysed: &analysed,
            inner,
        };
        let options = RenderOptions {
            base_url: format!("{base_url}{id}/"),
            search,
            history,
            part: Some(&plan_part),
            plans: Some(plans),
        };
        let one = super::render(site, theme, &options, &plan_sink)?;
        if search {
            analysed.close_plan(id);
        }
        rendered.warnings.extend(one.warnings);
        rendered.page_count += one.page_count;
        rendered.file_count += one.file_count;
        log_elapsed(&format!("plan {id}"), started);
    }
    if !whole {
        return Ok(rendered);
    }
    let feeds = feeds.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut files = all_feeds(plans, &strings, &base_url, feeds);
    files.extend([
        feeds::robots(&base_url),
        sitemap_index(plans, &base_url),
        above_sitemap(&base_url, &above_paths),
    ]);
    for (rel, bytes) in theme.under(super::STATIC_DIR) {
        files.push(OutputFile::new(urls::asset(rel), bytes.to_vec()));
    }
    if search {
        files.extend(analysed.index());
    }
    rendered.file_count += super::data::write_plans(plans, &base_url, sink)?;
    rendered.file_count += files.len();
    files.into_par_iter().try_for_each(|f| sink.put(f))?;
    Ok(rendered)
}

/// What the search index read of every plan's pages, for the search above
/// the plans (SPEC §10: search covers every plan). Each plan renders all
/// of itself; its pages are kept as analysed, then moved under its folder.
#[derive(Default)]
struct Analysed {
    /// The pages of the plan rendering now, by file.
    current: Mutex<Vec<(String, AnalysedPage)>>,
    /// Every plan's pages so far, in plan order then file order.
    done: Mutex<Vec<AnalysedPage>>,
}

impl Analysed {
    /// The pages of plan `id` are in: their addresses get its folder.
    fn close_plan(&self, id: &str) {
        let mut current = std::mem::take(&mut *lock(&self.current));
        current.sort_by(|a, b| (&a.1.lang, a.1.doc).cmp(&(&b.1.lang, b.1.doc)));
        let mut done = lock(&self.done);
        for (_, mut page) in current {
            if let Ok(mut fragment) = serde_json::from_slice::<serde_json::Value>(&page.fragment) {
                if let Some(url) = fragment.get("url").and_then(|u| u.as_str()) {
                    fragment["url"] = serde_json::Value::String(format!("{id}/{url}"));
                }
                page.fragment = serde_json::to_vec(&fragment).unwrap_or_default();
            }
            done.push(page);
        }
    }

    /// The index of every plan's pages, numbered anew per language.
    fn index(&self) -> Vec<OutputFile> {
        let pages = std::mem::take(&mut *lock(&self.done));
        let mut next: BTreeMap<String, u32> = BTreeMap::new();
        let pages: Vec<AnalysedPage> = pages
            .into_iter()
            .map(|mut p| {
                let n = next.entry(p.lang.clone()).or_default();
                p.doc = *n;
                *n += 1;
                p
            })
            .collect();
        let mut index = SearchIndex::default();
        let mut files = index.add(pages);
        files.extend(index.files());
        files
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A plan's part: all of it, or what `inner` chooses; every searchable
/// page it renders or takes as analysed before joins the index above the
/// plans.
struct PlanPart<'a> {
    analysed: &'a Analysed,
    inner: Option<&'a dyn super::Part>,
}

impl super::Part for PlanPart<'_> {
    fn page(&self, kind: &PageKind) -> bool {
        self.inner.is_none_or(|p| p.page(kind))
    }

    fn measure(&self, ci: usize, mi: usize) -> bool {
        self.inner.is_none_or(|p| p.measure(ci, mi))
    }

    fn analysed(&self, file: &str) -> Option<AnalysedPage> {
        self.inner.and_then(|p| p.analysed(file))
    }

    fn keep_analysed(&self, file: &str, page: &AnalysedPage) {
        if let Some(inner) = self.inner {
            inner.keep_analysed(file, page);
        }
        lock(&self.analysed.current).push((file.to_string(), page.clone()));
    }

    fn reused(&self, file: &str, page: &AnalysedPage) {
        if let Some(inner) = self.inner {
            inner.reused(file, page);
        }
        lock(&self.analysed.current).push((file.to_string(), page.clone()));
    }

    fn whole_site(&self) -> bool {
        self.inner.is_none_or(|p| p.whole_site())
    }
}

/// The kinds of the pages above the plans.
fn above_kinds(site: &crate::site::Site) -> Vec<PageKind> {
    let mut kinds = vec![PageKind::PlanList, PageKind::UnitsPlans];
    kinds.extend((0..site.units.len()).map(PageKind::UnitPlans));
    kinds.extend(
        site.page_slugs()
            .into_iter()
            .map(|slug| PageKind::Page(slug.to_string())),
    );
    kinds.extend([
        PageKind::NotFound,
        PageKind::Accessibility,
        PageKind::Search,
    ]);
    kinds
}

/// The files of the pages above the plans, in every language.
fn above_paths(plans: &Plans) -> BTreeSet<String> {
    let site = &plans.root;
    let default = site.config.default_language();
    let prefixes: Vec<String> = site
        .config
        .language_codes()
        .iter()
        .map(|lang| urls::lang_prefix(lang, default))
        .collect();
    above_kinds(site)
        .iter()
        .flat_map(|kind| prefixes.iter().map(|p| urls::file_of(&kind.url(site, p))))
        .collect()
}

/// The pages above the plans, in every language.
fn render_above(
    plans: &Plans,
    theme: &Theme,
    strings: &BTreeMap<String, Strings>,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let site = &plans.root;
    let langs = site.config.language_codes();
    let templates = templates(theme, sink.minifies())?;
    let history = History::default();
    let lang_data: BTreeMap<String, pages::LangData> = langs
        .iter()
        .map(|lang| {
            let mut data = pages::lang_data_with(
                site,
                &history,
                lang,
                &strings[*lang],
                &[],
                false,
                sink.minifies(),
            );
            data.plans = Some(plans);
            above_site_view(&mut data);
            (lang.to_string(), data)
        })
        .collect();
    let mut renderer = PageRenderer::new(site, &templates, &lang_data, base_url, sink.minifies());
    let kinds = above_kinds(site);
    let data = &lang_data;
    let jobs: Vec<(&PageKind, &pages::LangData)> = kinds
        .iter()
        .flat_map(|k| langs.iter().map(move |l| (k, &data[*l])))
        .collect();
    let mut warnings = templates.refused_warnings(&theme.name);
    warnings.extend(renderer.choose_minification(&jobs, &theme.name, &|_| true)?);
    jobs.par_iter()
        .try_for_each(|job| -> Result<(), RenderError> { Ok(sink.put(renderer.page(job)?)?) })?;
    Ok(Rendered {
        warnings,
        page_count: jobs.len(),
        file_count: jobs.len(),
    })
}

/// The menu and links of the pages above the plans: the plan list, the
/// bodies, the search and the Markdown pages; the feed and the downloads
/// cover every plan.
fn above_site_view(data: &mut pages::LangData) {
    let s = data.l.s;
    let p = data.l.prefix.clone();
    let view = &mut data.site_view;
    view.nav.retain(|n| n.key == "home" || n.key == "units");
    if let Some(home) = view.nav.iter_mut().find(|n| n.key == "home") {
        home.label = s.get("nav.plans");
    }
    view.urls.data = format!("{}#data", urls::home(&p));
    view.urls.data_files = urls::data_file(urls::ALL_PLANS_DIR);
    view.feed = all_feed(&p);
}

/// A plan's files, written under `<plan>/`; for the plan a one-plan site
/// moved, also at their old addresses.
struct PlanSink<'s> {
    inner: &'s dyn Sink,
    /// The entries of each language's feed of every plan so far.
    feeds: &'s Mutex<FeedEntries>,
    prefix: String,
    old: Option<OldAddresses<'s>>,
}

/// What keeping the old addresses of the moved plan needs.
struct OldAddresses<'s> {
    /// Paths written above the plans, which win over old addresses.
    taken: &'s BTreeSet<String>,
    strings: &'s BTreeMap<String, Strings>,
    default_lang: &'s str,
    base_url: &'s str,
}

/// Files of a plan that only the top of the site has.
fn top_only(path: &str) -> bool {
    path == urls::ROBOTS
}

impl OldAddresses<'_> {
    /// Whether the old address `path` is free to keep.
    fn keeps(&self, path: &str) -> bool {
        !self.taken.contains(path)
            && path != urls::SITEMAP
            && path != urls::ROBOTS
            && !path.starts_with("assets/")
            && !path.starts_with("search/")
            && path != urls::data_file(urls::PLANS_JSON)
            && !path.starts_with(&urls::data_file(urls::ALL_PLANS_DIR))
    }
}

impl Sink for PlanSink<'_> {
    fn put(&self, file: OutputFile) -> Result<(), WriteError> {
        if top_only(&file.path) {
            return Ok(());
        }
        if let Some(lang_prefix) = file.path.strip_suffix(urls::feed("").as_str()) {
            if lang_prefix.is_empty() || lang_prefix.matches('/').count() == 1 {
                lock(self.feeds)
                    .entry(lang_prefix.to_string())
                    .or_default()
                    .extend(feed_entries(&String::from_utf8_lossy(&file.bytes)));
            }
        }
        if let Some(old) = self.old.as_ref().filter(|o| o.keeps(&file.path)) {
            let new_path = format!("{}{}", self.prefix, file.path);
            let kept = if file.path.ends_with(".html") {
                old.redirect_page(&file.path, &new_path)
            } else {
                OutputFile::new(file.path.clone(), file.bytes.clone())
            };
            // The old address is the same measure's own, kept or made with it.
            let kept = OutputFile {
                owner: file.owner.clone(),
                ..kept
            };
            self.inner.put(kept)?;
        }
        self.inner.put(OutputFile {
            path: format!("{}{}", self.prefix, file.path),
            ..file
        })
    }

    fn minifies(&self) -> bool {
        self.inner.minifies()
    }

    fn put_streamed(&self, path: &str, write: StreamFn) -> Result<(), WriteError> {
        if top_only(path) {
            return Ok(());
        }
        let new_path = format!("{}{path}", self.prefix);
        if !self.old.as_ref().is_some_and(|o| o.keeps(path)) {
            return self.inner.put_streamed(&new_path, write);
        }
        // Both copies from one pass: `write` may write other files on the
        // way (measures.json writes each measure's own files as it goes),
        // and must run once.
        self.inner.put_streamed(path, &mut |old: &mut dyn Write| {
            self.inner
                .put_streamed(&new_path, &mut |new: &mut dyn Write| {
                    write(&mut Tee(&mut *old, new))
                })
                .map_err(std::io::Error::other)
        })
    }
}

/// Writes what it is given to both writers.
struct Tee<'a, 'b>(&'a mut dyn Write, &'b mut dyn Write);

impl Write for Tee<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

impl OldAddresses<'_> {
    /// The page at `old` (a file path) that sends readers to `new`: a meta
    /// refresh, a canonical link and a plain link, no JavaScript.
    fn redirect_page(&self, old: &str, new: &str) -> OutputFile {
        let lang = self
            .strings
            .keys()
            .find(|l| l.as_str() != self.default_lang && old.starts_with(&format!("{l}/")))
            .map(String::as_str)
            .unwrap_or(self.default_lang);
        let s = &self.strings[lang];
        let new_url = urls::url_of_file(new);
        let href = format!("{}{}", urls::root_prefix(old), urls::encode_path(&new_url));
        let canonical = urls::absolute(self.base_url, &urls::encode_path(&new_url));
        let esc = crate::render::markdown::escape;
        let mut html = String::new();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{text} <a href=\"{href}\">{canonical_text}</a></p>\n</main>\n</body>\n</html>\n",
            lang = esc(lang),
            title = esc(&s.get("redirect.heading")),
            text = esc(&s.get("redirect.text")),
            href = esc(&href),
            canonical = esc(&canonical),
            canonical_text = esc(&canonical),
        );
        OutputFile::new(old.to_string(), html.into_bytes())
    }
}

/// Each language's feed entries (by language prefix): (updated, entry).
type FeedEntries = BTreeMap<String, Vec<(String, String)>>;

/// The `<entry>` elements of an Atom feed that gongkai wrote, each with
/// its `<updated>` text.
fn feed_entries(xml: &str) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<entry>") {
        let Some(len) = rest[start..].find("</entry>") else {
            break;
        };
        let entry = &rest[start..start + len + "</entry>".len()];
        let updated = entry
            .split_once("<updated>")
            .and_then(|(_, u)| u.split_once("</updated>"))
            .map(|(u, _)| u.to_string())
            .unwrap_or_default();
        entries.push((updated, format!("{entry}\n")));
        rest = &rest[start + len..];
    }
    entries
}

/// The feed above the plans (`updates.xml` of each language): the newest
/// entries of every plan's feed, newest first.
fn all_feeds(
    plans: &Plans,
    strings: &BTreeMap<String, Strings>,
    base_url: &str,
    feeds: FeedEntries,
) -> Vec<OutputFile> {
    let esc = crate::render::markdown::escape;
    let config = &plans.root.config;
    let default = config.default_language();
    config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let prefix = urls::lang_prefix(lang, default);
            let s = &strings[lang];
            let l = super::views::Localizer::new(lang, default, s);
            let mut entries = feeds.get(&prefix).cloned().unwrap_or_default();
            // Newest first; among equals, plan order then the plan's own.
            entries.sort_by(|a, b| b.0.cmp(&a.0));
            entries.truncate(feeds::FEED_ENTRIES);
            let path = all_feed(&prefix);
            let url = urls::absolute(base_url, &path);
            let title = l.text(&config.title).plain;
            let updated = entries
                .first()
                .map(|e| e.0.clone())
                .unwrap_or_else(|| format!("{}T00:00:00Z", config.as_of.value));
            let mut xml = String::new();
            let _ = write!(
                xml,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{} · {}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
                esc(lang),
                esc(&title),
                esc(&s.get("nav.updates")),
                esc(&url),
                esc(&url),
                esc(&urls::absolute(base_url, &urls::home(&prefix))),
                esc(&updated),
                esc(&config.publisher.as_ref().map(|p| l.text(p).plain).unwrap_or(title.clone())),
            );
            for (_, entry) in entries {
                xml.push_str(&entry);
            }
            xml.push_str("</feed>\n");
            OutputFile::new(path, xml.into_bytes())
        })
        .collect()
}

/// The feed of every plan's updates in a language (by its prefix): a name
/// a one-plan site never used, so that the moved plan's old `feed.xml`
/// stays its own.
pub fn all_feed(prefix: &str) -> String {
    format!("{prefix}updates.xml")
}

/// `sitemap.xml` above the plans: an index of each plan's sitemap and of
/// `sitemap-plans.xml`, which lists the pages above the plans.
fn sitemap_index(plans: &Plans, base_url: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let esc = crate::render::markdown::escape;
    let _ = writeln!(
        xml,
        "<sitemap><loc>{}</loc></sitemap>",
        esc(&urls::absolute(base_url, ABOVE_SITEMAP))
    );
    for id in plans.ids() {
        let _ = writeln!(
            xml,
            "<sitemap><loc>{}</loc></sitemap>",
            esc(&urls::absolute(
                base_url,
                &format!("{id}/{}", urls::SITEMAP)
            ))
        );
    }
    xml.push_str("</sitemapindex>\n");
    OutputFile::new(urls::SITEMAP.into(), xml.into_bytes())
}

/// The sitemap of the pages above the plans.
pub const ABOVE_SITEMAP: &str = "sitemap-plans.xml";

/// `sitemap-plans.xml`: every page above the plans but the 404 pages.
pub fn above_sitemap(base_url: &str, above: &BTreeSet<String>) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in above
        .iter()
        .filter(|p| p.ends_with("index.html") && !p.ends_with("404.html"))
    {
        let url = urls::url_of_file(path);
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc></url>",
            crate::render::markdown::escape(&urls::absolute(base_url, &urls::encode_path(&url)))
        );
    }
    xml.push_str("</urlset>\n");
    OutputFile::new(ABOVE_SITEMAP.into(), xml.into_bytes())
}
