//! One full build, in memory: load → validate → resolve → render → minify.
//! `gongkai build` writes the result to disk; `serve` keeps it in memory.

use std::path::Path;
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::render::{self, OutputFile, RenderOptions};
use crate::site::{LoadError, Site};
use crate::theme::Theme;

pub struct BuildOptions<'a> {
    pub base_url: Option<&'a str>,
    pub strict: bool,
    /// `Some(false)` for `--no-minify`; `None` follows `minify:` in site.yaml.
    pub minify: Option<bool>,
    pub search: bool,
}

pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    pub notes: Vec<String>,
    pub page_count: usize,
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
    Io(std::io::Error),
}

pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let (site, warnings) = Site::load(root, options.strict).map_err(|e| match e {
        LoadError::Content(d) => BuildError::Content(d),
        LoadError::Io(e) => BuildError::Io(e),
    })?;
    let theme = Theme::load(root, site.config.theme_name()).map_err(BuildError::Theme)?;
    let base_url = options
        .base_url
        .unwrap_or(&site.config.base_url.value)
        .to_string();
    let render_options = RenderOptions {
        base_url,
        search: options.search,
    };
    let rendered = render::render(&site, &theme, &render_options).map_err(BuildError::Theme)?;
    let mut files = rendered.files;
    if options.minify.unwrap_or(site.config.minify.unwrap_or(true)) {
        crate::output::minify(&mut files);
    }
    Ok(Built {
        files,
        warnings,
        notes: rendered.warnings,
        page_count: rendered.page_count,
        measure_count: site.measure_count(),
        millis: started.elapsed().as_millis(),
    })
}

/// Checks a `--base-url`: an http(s) URL or an absolute path.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let ok = url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://");
    if ok && crate::load::reader::check_url(url).is_ok() && !url.contains(['?', '#']) {
        Ok(())
    } else {
        Err(format!(
            "--base-url `{url}` must be an http(s) URL or a path starting with /"
        ))
    }
}
