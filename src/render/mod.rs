//! Rendering: the resolved site in, every output file out (in memory).
//! Pages are a list of jobs rendered in parallel; data files, feeds, the
//! sitemap, theme assets and the search index follow.

pub mod chart;
pub mod data;
pub mod feeds;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;

use crate::output::Sink;
use crate::site::Site;
use crate::theme::{Theme, STATIC_DIR, TEMPLATES_DIR};
use i18n::Strings;
use pages::{LangData, PageKind};

/// One file of the output, by path relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: String, bytes: Vec<u8>) -> OutputFile {
        OutputFile { path, bytes }
    }
}

pub struct RenderOptions {
    /// The site's address; may carry a sub-path, or be only a path.
    pub base_url: String,
    /// Build the search index (skipped by nothing but tests that do not need it).
    pub search: bool,
}

pub struct Rendered {
    pub warnings: Vec<String>,
    pub page_count: usize,
    pub file_count: usize,
}

/// Renders every file of the site into `sink`, pages in parallel, the
/// search index on a thread of its own.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Rendered, String> {
    let started = Instant::now();
    let langs = site.config.language_codes();
    let (strings, warnings) = Strings::load_all(theme, &langs)?;
    let tera = templates(theme)?;
    let lang_data: BTreeMap<String, LangData> = langs
        .par_iter()
        .map(|lang| {
            (
                lang.to_string(),
                pages::lang_data(site, lang, &strings[*lang]),
            )
        })
        .collect();
    log_phase("views", started);

    let base_url = options.base_url.as_str();
    let base_path = urls::base_path(base_url);
    let kinds = PageKind::all(site);
    let data_ref = &lang_data;
    let jobs: Vec<(&PageKind, &LangData)> = kinds
        .iter()
        .flat_map(|k| langs.iter().map(move |l| (k, &data_ref[*l])))
        .collect();
    // One template set per language, with the strings and the site view in
    // its global context: converted once, not once per page.
    let mut per_lang: BTreeMap<&str, tera::Tera> = BTreeMap::new();
    for lang in &langs {
        let mut t = tera.clone();
        let data = &lang_data[*lang];
        let global = t.global_context();
        global.insert("t", &data.strings.value);
        global.insert("site", &data.site_view);
        per_lang.insert(lang, t);
    }
    let render_page = |(kind, data): &(&PageKind, &LangData)| -> Result<(String, String), String> {
        let (file, ctx) = pages::page_context(site, kind, data, &lang_data, base_url, &base_path);
        let ctx = tera::Context::from_serialize(&ctx).map_err(|e| format!("{file}: {e}"))?;
        let html = per_lang[data.l.lang]
            .render(kind.template(), &ctx)
            .map_err(|e| template_error(&file, &e))?;
        Ok((file, html))
    };
    // Searchable pages first, collected in a fixed order (the index depends
    // on the order pages are added); the indexer then works on its own
    // thread while the other pages and the data files are rendered.
    let (searchable, rest): (Vec<_>, Vec<_>) = jobs
        .iter()
        .partition(|(kind, _)| options.search && kind.searchable());
    let indexed: Vec<(String, String, String)> = searchable
        .par_iter()
        .map(|job| {
            let (file, html) = render_page(job)?;
            let reduced = search::reduce(&html);
            sink.put(OutputFile::new(file.clone(), html.into_bytes()))?;
            Ok((job.1.l.lang.to_string(), file, reduced))
        })
        .collect::<Result<_, String>>()?;
    let indexer = options.search.then(|| search::Indexer::start(indexed));
    rest.par_iter().try_for_each(|job| {
        let (file, html) = render_page(job)?;
        sink.put(OutputFile::new(file, html.into_bytes()))
    })?;
    let page_count = jobs.len();
    log_phase("pages", started);

    let mut others = data::files(site, base_url);
    for lang in &langs {
        others.push(feeds::atom(site, &lang_data[*lang], base_url));
    }
    others.push(feeds::sitemap(site, base_url));
    others.push(feeds::robots(base_url));
    for (rel, bytes) in theme.under(STATIC_DIR) {
        others.push(OutputFile::new(format!("assets/{rel}"), bytes.to_vec()));
    }
    let mut file_count = page_count + others.len();
    others.into_par_iter().try_for_each(|f| sink.put(f))?;
    log_phase("data", started);
    if let Some(indexer) = indexer {
        let index = indexer.finish()?;
        file_count += index.len();
        index.into_par_iter().try_for_each(|f| sink.put(f))?;
        log_phase("search", started);
    }
    Ok(Rendered {
        warnings,
        page_count,
        file_count,
    })
}

/// Compiles every template of the theme once.
fn templates(theme: &Theme) -> Result<tera::Tera, String> {
    let mut tera = tera::Tera::default();
    let mut sources = Vec::new();
    for (rel, bytes) in theme.under(TEMPLATES_DIR) {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| format!("themes/{}/templates/{rel} is not UTF-8", theme.name))?;
        sources.push((rel.to_string(), text.to_string()));
    }
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&format!("themes/{}/templates", theme.name), &e))?;
    Ok(tera)
}

/// A Tera error with its whole cause chain.
fn template_error(what: &str, e: &tera::Error) -> String {
    let mut message = format!("{what}: {e}");
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        message.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    message
}

/// Logs a phase's time when GONGKAI_TIMINGS is set (for "why is it slow").
pub fn log_elapsed(phase: &str, since: Instant) {
    log_phase(phase, since);
}

fn log_phase(phase: &str, since: Instant) {
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        eprintln!(
            "[timing] {phase}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}
