//! One full build: load → validate → resolve → render, streamed into a
//! sink. `gongkai build` gives it a staging folder on disk; `serve` keeps
//! the files in memory.

use std::path::Path;
use std::time::Instant;

use crate::changes::History;
use crate::diagnostics::Diagnostics;
use crate::output::{Sink, WriteError};
use crate::render::{self, RenderError, RenderOptions};
use crate::site::{LoadError, Site};
use crate::theme::Theme;

pub struct BuildOptions<'a> {
    pub base_url: Option<&'a str>,
    pub strict: bool,
    pub search: bool,
}

pub struct Built {
    pub warnings: Diagnostics,
    pub notes: Vec<String>,
    pub page_count: usize,
    pub file_count: usize,
    pub measure_count: usize,
    pub millis: u128,
}

#[derive(Debug)]
pub enum BuildError {
    /// Problems in content (exit 1).
    Content(Diagnostics),
    /// The theme or its templates failed (exit 1: the site's own files).
    Theme(String),
    /// The content folder could not be read (exit 2).
    Read(std::io::Error),
    /// An output file could not be written (exit 2).
    Write(WriteError),
}

impl From<RenderError> for BuildError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Theme(message) => BuildError::Theme(message),
            RenderError::Write(e) => BuildError::Write(e),
        }
    }
}

/// Loads and checks the site and its releases, so the caller can decide
/// where output goes (and whether to minify) before anything is rendered.
pub fn load(root: &Path, strict: bool) -> Result<(Site, History, Diagnostics), BuildError> {
    let (site, mut warnings) = Site::load(root, strict).map_err(|e| match e {
        LoadError::Content(d) => BuildError::Content(d),
        LoadError::Io(e) => BuildError::Read(e),
    })?;
    match History::load_checked(root, &site, strict, &mut warnings) {
        Ok(Some(history)) => Ok((site, history, warnings)),
        Ok(None) => Err(BuildError::Content(warnings)),
        Err(e) => Err(BuildError::Read(e)),
    }
}

/// Renders a loaded site into `sink`.
pub fn render(
    root: &Path,
    site: &Site,
    history: &History,
    warnings: Diagnostics,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Built, BuildError> {
    let started = Instant::now();
    let theme = Theme::load(root, site.config.theme_name()).map_err(BuildError::Theme)?;
    let base_url = options
        .base_url
        .unwrap_or(&site.config.base_url.value)
        .to_string();
    let render_options = RenderOptions {
        base_url,
        search: options.search,
        history,
        part: None,
    };
    let rendered = render::render(site, &theme, &render_options, sink)?;
    Ok(Built {
        warnings,
        notes: rendered.warnings,
        page_count: rendered.page_count,
        file_count: rendered.file_count,
        measure_count: site.measure_count(),
        millis: started.elapsed().as_millis(),
    })
}

/// Whether HTML and CSS are minified: `--no-minify` wins, else `minify:` in site.yaml.
pub fn minify(site: &Site, no_minify: bool) -> bool {
    !no_minify && site.config.minify.unwrap_or(true)
}

/// Checks a `--base-url`: an http(s) URL or an absolute path.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let ok = url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://");
    if ok && crate::load::reader::is_site_address(url) {
        Ok(())
    } else {
        Err(format!(
            "--base-url `{url}` must be an http(s) URL or a path starting with /"
        ))
    }
}
