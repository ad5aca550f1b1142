//! Rendering: the resolved site in, every output file out, through a
//! [`Sink`] as each is made. Pages are a list of jobs rendered in parallel,
//! the searchable ones first and indexed as they render, a measure's embed
//! page and chart files with its page; feeds, the sitemap, theme assets
//! and badges follow, then the data files.

pub mod catalog;
pub mod changes;
pub mod chart;
pub mod data;
pub mod feeds;
pub mod fixed;
pub mod i18n;
pub mod markdown;
pub mod open_data;
pub mod pages;
pub mod plans;
mod records;
pub mod reuse;
pub mod search;
pub mod template_minify;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::changes::History;
use crate::output::{Sink, WriteError};
use crate::site::Site;
use crate::theme::{Theme, ThemeError, STATIC_DIR, TEMPLATES_DIR};
use crate::timing::log_elapsed;
use i18n::{Strings, StringsError};
use pages::{LangData, PageKind};

pub use crate::output::OutputFile;

/// Why the site could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// A theme file could not be read as text (exit 1: the site's own
    /// files).
    Theme(ThemeError),
    /// The interface strings did not load (exit 1).
    Strings(StringsError),
    /// The theme's templates, in folder `templates`, do not compile (exit 1).
    Compile {
        templates: String,
        source: tera::Error,
    },
    /// Template `template` did not render page `page` (exit 1).
    Page {
        page: String,
        template: String,
        source: tera::Error,
    },
    /// An output file could not be written (exit 2).
    Write(WriteError),
}

impl RenderError {
    /// Whether the theme is at fault (the site's own files: exit 1), not
    /// the disk.
    pub fn is_theme(&self) -> bool {
        !matches!(self, RenderError::Write(_))
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Theme(e) => e.fmt(f),
            RenderError::Strings(e) => e.fmt(f),
            RenderError::Compile { templates, source } => {
                write!(f, "{templates}: {}", with_causes(source))
            }
            RenderError::Page {
                page,
                template,
                source,
            } => write!(
                f,
                "{page}: template {template} failed: {}",
                with_causes(source)
            ),
            RenderError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Their causes are part of the message.
            RenderError::Theme(_)
            | RenderError::Strings(_)
            | RenderError::Compile { .. }
            | RenderError::Page { .. } => None,
            RenderError::Write(e) => Some(e),
        }
    }
}

/// A Tera error with its whole cause chain, one cause a line.
fn with_causes(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        message.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    message
}

impl From<WriteError> for RenderError {
    fn from(e: WriteError) -> Self {
        RenderError::Write(e)
    }
}

/// Searchable pages rendered between two additions to the search index.
const SEARCH_CHUNK: usize = 256;

/// The rows of measures a sample page lists (a table's, and the lists of
/// the unit and report pages) when its template's minification is checked.
const SAMPLE_ROWS: usize = 64;

pub struct RenderOptions<'h> {
    /// The site's address; may carry a sub-path, or be only a path.
    pub base_url: String,
    /// Build the search index (skipped by nothing but tests that do not need it).
    pub search: bool,
    /// The releases and what changed (SPEC §8).
    pub history: &'h History,
    /// Only part of the site (`serve`'s incremental rebuilds); `None`: all of it.
    pub part: Option<&'h dyn Part>,
    /// Every plan, when the site rendered is one of several (SPEC §10).
    pub plans: Option<&'h crate::plans::Plans>,
}

/// Which part of the site a render makes (see `crate::incremental`). The
/// pages of measures left out, and their own files, are not made; every
/// other file is. The search index is still whole: of a searchable page
/// not rendered, it takes what it read of the page last time. Without the
/// whole site ([`Part::whole_site`]), only the pages and own files chosen
/// are made, and the searchable pages among them analysed for the index
/// made later ([`Part::keep_analysed`]).
pub trait Part: Sync {
    /// Whether to render page `kind`.
    fn page(&self, kind: &PageKind) -> bool;
    /// Whether to write the own files of measure `mi` of collection `ci`:
    /// its data files, badges and chart files.
    fn measure(&self, ci: usize, mi: usize) -> bool;
    /// What the search index read of page `file` when it last rendered
    /// (`None`: render it now).
    fn analysed(&self, file: &str) -> Option<search::AnalysedPage>;
    /// What the search index read of page `file`, rendered now.
    fn keep_analysed(&self, file: &str, page: &search::AnalysedPage);
    /// What the search index read of page `file` last time, taken again
    /// (numbered anew) as the page was not rendered.
    fn reused(&self, _file: &str, _page: &search::AnalysedPage) {}
    /// Whether to write the files about the whole site (data, feeds,
    /// sitemap, assets); without them, only the pages and own files chosen.
    fn whole_site(&self) -> bool {
        true
    }
}

pub struct Rendered {
    pub warnings: Vec<String>,
    pub page_count: usize,
    pub file_count: usize,
}

/// Renders every file of the site into `sink`: pages in parallel (the
/// searchable ones first, indexed as they render; a measure's embed page
/// and chart files with its page), then the feeds, sitemap, theme
/// assets and badges, then the open data.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Rendered, RenderError> {
    let started = Instant::now();
    let langs = site.config.language_codes();
    let (strings, mut warnings) = Strings::load_all(theme, &langs).map_err(RenderError::Strings)?;
    let templates = templates(theme, sink.minifies())?;
    warnings.extend(templates.refused_warnings(&theme.name));
    // Without the whole site, only measures' own pages: no lists to share.
    let whole = options.part.is_none_or(|p| p.whole_site());
    let updates = match whole {
        true => views::update_order(site),
        false => Vec::new(),
    };
    let mut lang_data: BTreeMap<String, LangData> = langs
        .par_iter()
        .map(|lang| {
            let strings = &strings[*lang];
            let data = pages::lang_data_with(
                site,
                options.history,
                lang,
                strings,
                &updates,
                whole,
                sink.minifies(),
            );
            let data = LangData {
                plans: options.plans,
                ..data
            };
            (lang.to_string(), data)
        })
        .collect();
    log_elapsed("views", started);

    let mut renderer = PageRenderer::new(
        site,
        &templates,
        &lang_data,
        &options.base_url,
        sink.minifies(),
    );
    renderer.part = options.part;
    // Without the whole site there is no index to write: its pages are
    // analysed for the index of a later render.
    renderer.own_index = options.plans.is_none() && whole;
    let kinds = PageKind::all(site, options.history);
    let data = &lang_data;
    let jobs: Vec<Job> = kinds
        .iter()
        .flat_map(|k| langs.iter().map(move |l| (k, &data[*l])))
        .collect();
    let in_part = |kind: &PageKind| options.part.is_none_or(|p| p.page(kind));
    warnings.extend(renderer.choose_minification(&jobs, &theme.name, &in_part)?);
    log_elapsed("templates checked", started);
    let (searchable, rest): (Vec<Job>, Vec<Job>) = jobs
        .iter()
        .filter(|(kind, _)| whole || in_part(kind))
        .partition(|(kind, _)| options.search && kind.searchable());
    let index_files = renderer.searchable_pages(&searchable, sink)?;
    log_elapsed("searchable pages and search index", started);
    // A language at a time, each letting its rows' shared values go once
    // its tables and reports are written (see [`views::Row`]).
    for data in lang_data.values() {
        let rest: Vec<&Job> = rest
            .iter()
            .filter(|(kind, of)| {
                of.l.lang == data.l.lang && in_part(kind) && !matches!(kind, PageKind::Embed(..))
            })
            .collect();
        largest_one_at_a_time(&rest, |job| -> Result<(), RenderError> {
            let (page, more) = renderer.page_and_more(job)?;
            sink.put(page)?;
            more.into_iter().try_for_each(|f| sink.put(f))?;
            Ok(())
        })?;
        data.forget_row_values();
    }
    log_elapsed("pages", started);
    let page_count = jobs.len();
    let catalog_dates = lang_data.values().next().map(|first| first.dates.clone());
    let chart_files = renderer.chart_files.load(Ordering::Relaxed);
    drop((renderer, jobs, searchable, rest));
    // The pages' templates are gone with the renderer, and the table rows,
    // the bulk of the views, go now: the feeds and badges need neither.
    for data in lang_data.values_mut() {
        data.rows = Vec::new();
    }
    let own_files = |ci, mi| options.part.is_none_or(|p| p.measure(ci, mi));
    // Written beside the data files, on the lane their workbooks leave
    // free (see [`data::write_part`]).
    let feeds_and_assets = || -> Result<usize, WriteError> {
        let others = match whole {
            true => site_files(site, theme, &lang_data, &options.base_url),
            false => Vec::new(),
        };
        let mut count = others.len();
        others.into_par_iter().try_for_each(|f| sink.put(f))?;
        for data in lang_data.values() {
            count += reuse::write(site, data, &options.base_url, &own_files, sink)?;
        }
        if let Some(dates) = catalog_dates.as_ref().filter(|_| whole) {
            catalog::write(
                site,
                options.history,
                &strings,
                dates,
                &options.base_url,
                sink,
            )?;
            count += 1;
        }
        Ok(count)
    };
    let (data_files, other_files) = data::write_part(
        site,
        &options.base_url,
        sink,
        &own_files,
        whole,
        &feeds_and_assets,
    )?;
    drop(lang_data);
    let release_files = match whole {
        true => changes::data_files(options.history),
        false => Vec::new(),
    };
    let release_count = release_files.len();
    release_files
        .into_par_iter()
        .try_for_each(|f| sink.put(f))?;
    log_elapsed("data, feeds and assets", started);
    let file_count =
        page_count + index_files + data_files + release_count + chart_files + other_files;
    Ok(Rendered {
        warnings,
        page_count,
        file_count,
    })
}

/// A page to render: what it is, in which language.
type Job<'a> = (&'a PageKind, &'a LangData<'a>);

/// Renders pages: the templates of each language, with its strings and the
/// site view in their global context (converted once, not once per page).
struct PageRenderer<'a> {
    site: &'a Site,
    lang_data: &'a BTreeMap<String, LangData<'a>>,
    /// The templates as written, per language.
    per_lang: BTreeMap<String, tera::Tera>,
    /// The templates minified ahead, per language (none when the sink
    /// does not minify).
    ahead_per_lang: BTreeMap<String, tera::Tera>,
    /// The page templates whose pages come from `ahead_per_lang` (see
    /// [`PageRenderer::choose_minification`]); the others' pages are
    /// rendered as written and minified whole.
    ahead: BTreeSet<&'static str>,
    base_url: &'a str,
    base_path: String,
    /// Whether the sink minifies: pages come out minified, and verbatim
    /// parts in that form.
    minify: bool,
    /// Whether the site writes its own search index (not a plan of a site
    /// with several, whose pages join the index above the plans).
    own_index: bool,
    part: Option<&'a dyn Part>,
    /// How many chart files were written (with their measures' pages).
    chart_files: AtomicUsize,
    records: records::Records,
}

impl<'a> PageRenderer<'a> {
    fn new(
        site: &'a Site,
        templates: &Templates,
        lang_data: &'a BTreeMap<String, LangData<'a>>,
        base_url: &'a str,
        minify: bool,
    ) -> Self {
        let per_lang = |tera: &tera::Tera| {
            lang_data
                .iter()
                .map(|(lang, data)| {
                    let mut t = tera.clone();
                    let global = t.global_context();
                    global.insert("t", data.strings.value());
                    global.insert("site", &data.site_view);
                    (lang.clone(), t)
                })
                .collect()
        };
        let ahead = templates.ahead.as_ref().filter(|_| minify);
        PageRenderer {
            site,
            lang_data,
            per_lang: per_lang(&templates.plain),
            ahead_per_lang: ahead.map(per_lang).unwrap_or_default(),
            ahead: BTreeSet::new(),
            base_url,
            base_path: urls::base_path(base_url),
            minify,
            own_index: true,
            part: None,
            chart_files: AtomicUsize::new(0),
            records: records::Records::new(lang_data.len()),
        }
    }

    /// Chooses how each page template's pages are minified. Minified
    /// ahead, a template makes a page in one pass, but the minifier
    /// decided its whitespace and quotes around stand-ins for the Tera
    /// tags, not the values they print; so one page of each template, in
    /// each language (its last in `jobs`), is rendered both ways, from
    /// the templates minified ahead and as written then minified whole,
    /// and the two are read with an HTML tokenizer. A template whose page
    /// reads differently in any way a browser could see (a tag, an
    /// attribute, a character of text) has all its pages minified whole,
    /// with a warning naming it. Only templates with a page to render now
    /// (`rendered`) are tried: a part of the site decides as the whole
    /// site does for the pages it renders.
    fn choose_minification(
        &mut self,
        jobs: &[Job],
        theme: &str,
        rendered: &(dyn Fn(&PageKind) -> bool + Sync),
    ) -> Result<Vec<String>, RenderError> {
        self.ahead.clear();
        if self.ahead_per_lang.is_empty() {
            return Ok(Vec::new());
        }
        let used: BTreeSet<&'static str> = jobs
            .iter()
            .filter(|(kind, _)| rendered(kind))
            .map(|(kind, _)| kind.template())
            .collect();
        // The last page of each: the first of some is the largest (the
        // whole plan's report, before the bodies'). A table's sample lists
        // its first rows only (see [`Self::sample_context`]).
        let mut samples: BTreeMap<(&'static str, &str), &Job> = BTreeMap::new();
        for job in jobs
            .iter()
            .filter(|(kind, _)| used.contains(kind.template()))
        {
            samples.insert((job.0.template(), job.1.l.lang), job);
        }
        let samples: Vec<&Job> = samples.into_values().collect();
        let differences = largest_one_at_a_time(&samples, |job| {
            let (file, ctx) = self.sample_context(job)?;
            let ahead = self.render(job, &file, &ctx, Form::Ahead)?;
            let whole = self.render(job, &file, &ctx, Form::MinifiedWhole)?;
            drop(ctx);
            let (ahead, whole) = (as_text(&ahead), as_text(&whole));
            let template = job.0.template();
            Ok(crate::html::difference(&ahead, &whole).map(|d| (template, file, d)))
        })?;
        let mut warnings = Vec::new();
        let mut differ = BTreeSet::new();
        for (template, file, difference) in differences.into_iter().flatten() {
            if differ.insert(template) {
                warnings.push(format!(
                    "themes/{theme}/{TEMPLATES_DIR}{template}: minified ahead, page {file} reads differently from the same page minified whole ({difference}); this template's pages are minified whole instead, which is slower"
                ));
            }
        }
        self.ahead = used.difference(&differ).copied().collect();
        Ok(warnings)
    }

    /// Page `job`'s path and what its template receives to check its
    /// minification: its context with at most [`SAMPLE_ROWS`] rows of
    /// measures (see [`pages::Own::keep_sample`]). Rows are one loop of the
    /// template over other data, and on a large site the pages that list
    /// them are the largest, rendered and read three times over here.
    fn sample_context(&self, job: &Job<'a>) -> Result<(String, tera::Context), RenderError> {
        let (file, mut typed) = self.typed_context(job);
        typed.x.keep_sample(SAMPLE_ROWS);
        let ctx = self.convert(job, &file, typed, SAMPLE_ROWS)?;
        Ok((file, ctx))
    }

    /// Page `job`'s path and typed context.
    fn typed_context(&self, (kind, data): &Job<'a>) -> (String, pages::PageContext<'a>) {
        pages::page_context(
            self.site,
            kind,
            data,
            self.lang_data,
            self.base_url,
            &self.base_path,
        )
    }

    /// What page `job`'s template receives, of its typed context, with at
    /// most `max_rows` rows of its table. The typed context is dropped once
    /// converted: on a large site, the largest pages' take hundreds of
    /// megabytes.
    fn convert(
        &self,
        (kind, data): &Job,
        file: &str,
        typed: pages::PageContext,
        max_rows: usize,
    ) -> Result<tera::Context, RenderError> {
        let mut ctx = match tera::Context::from_serialize(&typed) {
            Ok(ctx) => ctx,
            Err(source) => return Err(page_failed(file, kind, source)),
        };
        drop(typed);
        if kind.has_table() {
            let mut rows = pages::table_rows(self.site, kind, data);
            rows.truncate(max_rows);
            ctx.insert("rows", &rows);
        }
        Ok(ctx)
    }

    /// Page `job`'s HTML from its context, in form `form` (its verbatim
    /// part still a mark), made in a buffer of the thread's (see
    /// [`with_scratch`]).
    fn render(
        &self,
        job: &Job,
        file: &str,
        ctx: &tera::Context,
        form: Form,
    ) -> Result<Vec<u8>, RenderError> {
        with_scratch(|html| {
            self.render_to(job, file, ctx, form, html)?;
            Ok(form.finish(html))
        })
    }

    /// Tera's output for page `job` in form `form`, into `html`, to be read
    /// once by [`Form::finish`].
    fn render_to(
        &self,
        (kind, data): &Job,
        file: &str,
        ctx: &tera::Context,
        form: Form,
        html: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        let tera = match form {
            Form::Ahead => &self.ahead_per_lang[data.l.lang],
            Form::MinifiedWhole | Form::AsWritten => &self.per_lang[data.l.lang],
        };
        tera.render_to(kind.template(), ctx, html)
            .map_err(|source| page_failed(file, kind, source))
    }

    /// Page `job` as [`Self::page`] gives it, and the files made with it:
    /// a measure's embed page and chart files, of its page's views (each
    /// when `part` has it).
    fn page_and_more(&self, job: &Job<'a>) -> Result<(OutputFile, Vec<OutputFile>), RenderError> {
        let (kind, data) = *job;
        let PageKind::Measure(ci, mi) = *kind else {
            return Ok((self.page(job)?, Vec::new()));
        };
        let embed = PageKind::Embed(ci, mi);
        let own = pages::measure_pages(
            self.site,
            (ci, mi),
            data,
            self.lang_data,
            (self.base_url, &self.base_path),
            self.part.is_none_or(|p| p.page(&embed)),
        );
        let page = self.page_of(job, own.page)?;
        let mut more = Vec::new();
        if let Some(context) = own.embed {
            more.push(self.page_of(&(&embed, data), context)?);
        }
        if self.part.is_none_or(|p| p.measure(ci, mi)) {
            let owner = self.site.measure_key(ci, mi);
            self.chart_files
                .fetch_add(own.chart_files.len(), Ordering::Relaxed);
            more.extend(own.chart_files.into_iter().map(|(path, svg)| {
                OutputFile::new(path, svg.into_bytes()).owned_by(owner.clone())
            }));
        }
        Ok((page, more))
    }

    /// One page's file, ready for the writer: its HTML minified if the
    /// sink minifies, its verbatim part still a mark.
    fn page(&self, job: &Job<'a>) -> Result<OutputFile, RenderError> {
        self.page_of(job, self.typed_context(job))
    }

    /// Page `job` of path and context `context`, as [`Self::page`] gives it.
    fn page_of(
        &self,
        job: &Job,
        (file, ctx): (String, pages::PageContext),
    ) -> Result<OutputFile, RenderError> {
        let form = match self.minify {
            true if self.ahead.contains(job.0.template()) => Form::Ahead,
            true => Form::MinifiedWhole,
            false => Form::AsWritten,
        };
        let ctx = self.convert(job, &file, ctx, usize::MAX)?;
        let bytes = with_scratch(|html| {
            self.render_to(job, &file, &ctx, form, html)?;
            // Freed before the page is read out of the buffer: the largest
            // pages' contexts are far larger than their HTML.
            drop(ctx);
            Ok::<_, RenderError>(form.finish(html))
        })?;
        Ok(OutputFile {
            path: file,
            bytes,
            verbatim: self.records.verbatim_part(job.0, || {
                pages::verbatim_part(self.site, job.0, self.minify)
            }),
            minified: self.minify,
            owner: match job.0 {
                PageKind::Measure(ci, mi) | PageKind::Embed(ci, mi) => {
                    Some(self.site.measure_key(*ci, *mi))
                }
                _ => None,
            },
        })
    }

    /// Renders and writes the searchable pages, numbered per language in
    /// job order (the index refers to them by number), in chunks: each
    /// chunk's terms join the index while the next chunk renders. Then
    /// writes the index, so that its memory is free before the largest
    /// pages. Returns how many index files were written.
    fn searchable_pages(&self, jobs: &[Job], sink: &dyn Sink) -> Result<usize, RenderError> {
        let mut next_doc: BTreeMap<&str, u32> = BTreeMap::new();
        let numbered: Vec<(&Job, u32)> = jobs
            .iter()
            .map(|job| {
                let n = next_doc.entry(job.1.l.lang).or_default();
                *n += 1;
                (job, *n - 1)
            })
            .collect();
        let analyse_chunk = |chunk: &[(&Job, u32)]| {
            chunk
                .par_iter()
                .map(|(job, doc)| {
                    if let Some(part) = self.part.filter(|p| !p.page(job.0)) {
                        let file = urls::file_of(&job.0.url(self.site, &job.1.l.prefix));
                        if let Some(mut page) = part.analysed(&file) {
                            page.doc = *doc;
                            part.reused(&file, &page);
                            return Ok(page);
                        }
                    }
                    let (out, more) = self.page_and_more(job)?;
                    more.into_iter().try_for_each(|f| sink.put(f))?;
                    let html = as_text(&out.bytes);
                    let page = search::analyse(job.1.l.lang, *doc, &out.path, &html);
                    drop(html);
                    if let Some(part) = self.part {
                        part.keep_analysed(&out.path, &page);
                    }
                    sink.put(out)?;
                    Ok(page)
                })
                .collect::<Result<Vec<_>, RenderError>>()
        };
        if !self.own_index {
            // A plan of a site with several: its pages join the index above
            // the plans (through `part`), which its search page reads; or
            // only some pages, for the index of a later render.
            for chunk in numbered.chunks(SEARCH_CHUNK) {
                analyse_chunk(chunk)?;
            }
            return Ok(0);
        }
        let mut index = search::SearchIndex::default();
        let mut written = 0;
        let mut add_to_index = |pages| {
            let fragments = index.add(pages);
            written += fragments.len();
            fragments.into_iter().try_for_each(|f| sink.put(f))
        };
        let mut analysed = Vec::new();
        for chunk in numbered.chunks(SEARCH_CHUNK) {
            let previous = std::mem::take(&mut analysed);
            let (added, next) = rayon::join(|| add_to_index(previous), || analyse_chunk(chunk));
            added?;
            analysed = next?;
        }
        add_to_index(analysed)?;
        let rest = index.files();
        written += rest.len();
        rest.into_par_iter().try_for_each(|f| sink.put(f))?;
        Ok(written)
    }
}

/// How a page's HTML is made.
#[derive(Clone, Copy)]
enum Form {
    /// From the templates minified ahead, its attribute values unquoted
    /// as the minifier would.
    Ahead,
    /// From the templates as written, then minified whole.
    MinifiedWhole,
    /// From the templates as written (the sink does not minify).
    AsWritten,
}

impl Form {
    /// The page's own bytes, of Tera's output `html`. They are not checked
    /// for UTF-8, which Tera writes by construction (it writes `str`s, and
    /// bytes values lossily).
    fn finish(self, html: &[u8]) -> Vec<u8> {
        match self {
            // Values written into attributes were marked in the templates.
            Form::Ahead => crate::html::settle_values(html),
            Form::MinifiedWhole => crate::output::minify_html_bytes(html),
            Form::AsWritten => html.to_vec(),
        }
    }
}

/// A rendered page read back as text. Tera writes UTF-8, so this is a
/// check; `String::from_utf8_lossy` alone checks a byte at a time, several
/// times slower than `str::from_utf8`.
fn as_text(html: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(html) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(html),
    }
}

/// `f` of a buffer of this thread's, empty: Tera's output is read once
/// (unquoted, minified or copied out), and a buffer of its own would be
/// grown a doubling at a time for each page. One larger than
/// [`SCRATCH_KEPT`] is freed after use, not kept by every thread.
fn with_scratch<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static SCRATCH: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut buffer = SCRATCH.take();
    buffer.clear();
    let out = f(&mut buffer);
    if buffer.capacity() <= SCRATCH_KEPT {
        SCRATCH.set(buffer);
    }
    out
}

/// The largest buffer [`with_scratch`] keeps: more than any measure's
/// page; the pages that list every measure run to tens of megabytes on a
/// large site, and are few.
const SCRATCH_KEPT: usize = 4 << 20;

/// Why template `kind` did not render page `file`.
fn page_failed(file: &str, kind: &PageKind, source: tera::Error) -> RenderError {
    RenderError::Page {
        page: file.to_string(),
        template: kind.template().to_string(),
        source,
    }
}

/// `f` of every job, in order. The pages that may list every measure
/// ([`PageKind::lists_every_measure`]) are made one at a time, beside the
/// others in parallel: on a large site each holds a few hundred megabytes
/// while it renders, and two at once made the build's peak.
fn largest_one_at_a_time<T: Send>(
    jobs: &[&Job],
    f: impl Fn(&Job) -> Result<T, RenderError> + Sync,
) -> Result<Vec<T>, RenderError> {
    let (largest, others): (Vec<_>, Vec<_>) = jobs
        .iter()
        .enumerate()
        .partition(|(_, job)| job.0.lists_every_measure());
    let (largest, others) = rayon::join(
        || {
            largest
                .into_iter()
                .map(|(i, job)| Ok((i, f(job)?)))
                .collect::<Result<Vec<_>, RenderError>>()
        },
        || {
            others
                .into_par_iter()
                .map(|(i, job)| Ok((i, f(job)?)))
                .collect::<Result<Vec<_>, RenderError>>()
        },
    );
    let mut all = largest?;
    all.extend(others?);
    all.sort_unstable_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, t)| t).collect())
}

/// The feeds, sitemap, robots.txt and the theme's static files.
fn site_files(
    site: &Site,
    theme: &Theme,
    lang_data: &BTreeMap<String, LangData>,
    base_url: &str,
) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = lang_data
        .values()
        .map(|data| feeds::atom(site, data, base_url))
        .collect();
    let history = lang_data.values().next().map(|d| d.history);
    files.push(feeds::sitemap(site, history, base_url));
    files.push(feeds::robots(base_url));
    for (rel, bytes) in theme.under(STATIC_DIR) {
        files.push(OutputFile::new(urls::asset(rel), bytes.to_vec()));
    }
    files
}

/// The theme's templates, compiled once: as written and, when the sink
/// minifies, minified ahead (see [`template_minify`]).
pub(crate) struct Templates {
    plain: tera::Tera,
    /// Every template minified, or as written where that cannot be done
    /// safely (`refused`).
    ahead: Option<tera::Tera>,
    refused: Vec<String>,
}

impl Templates {
    /// A warning for each template that could not be minified ahead.
    pub(crate) fn refused_warnings(&self, theme: &str) -> Vec<String> {
        self.refused
            .iter()
            .map(|rel| format!(
                "themes/{theme}/{TEMPLATES_DIR}{rel}: cannot be minified ahead (a Tera tag between attributes, in a comment, a style or an unquoted value); kept as written there, so the pages that use it will likely be minified whole, which is slower"
            ))
            .collect()
    }
}

/// Compiles every template of the theme, and when `minify` every template
/// minified ahead as well.
pub(crate) fn templates(theme: &Theme, minify: bool) -> Result<Templates, RenderError> {
    let mut sources = Vec::new();
    for (rel, bytes) in theme.under(TEMPLATES_DIR) {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| RenderError::Theme(theme.not_utf8(&format!("{TEMPLATES_DIR}{rel}"))))?;
        sources.push((rel.to_string(), text.to_string()));
    }
    let compile = |sources: Vec<(String, String)>| {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources)
            .map_err(|source| RenderError::Compile {
                templates: format!(
                    "themes/{}/{}",
                    theme.name,
                    TEMPLATES_DIR.trim_end_matches('/')
                ),
                source,
            })
            .map(|()| tera)
    };
    let mut refused = Vec::new();
    let minified: Vec<(String, String)> = match minify {
        false => Vec::new(),
        true => sources
            .iter()
            .map(|(rel, text)| match template_minify::minify_template(text) {
                Some(m) => (rel.clone(), m),
                None => {
                    refused.push(rel.clone());
                    (rel.clone(), text.clone())
                }
            })
            .collect(),
    };
    let plain = compile(sources)?;
    // Minified, the templates compile as they did as written (their tags
    // are the same); should they not, every page is minified whole.
    let ahead = match minify {
        true => compile(minified).ok(),
        false => None,
    };
    Ok(Templates {
        plain,
        ahead,
        refused,
    })
}
