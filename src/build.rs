//! One full build: load → validate → resolve → render, streamed into a
//! sink. `gongkai build` gives it a staging folder on disk; `serve` keeps
//! the files in memory.

use std::path::Path;
use std::time::Instant;

use crate::changes::History;
use crate::diagnostics::Diagnostics;
use crate::output::{Sink, WriteError};
use crate::plans::Plans;
use crate::render::{self, RenderError, RenderOptions};
use crate::site::{LoadError, Site};
use crate::theme::{Theme, ThemeError};

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
    /// The theme could not be loaded (exit 1: the site's own files).
    Theme(ThemeError),
    /// A template or the interface strings of the theme failed (exit 1).
    Render(Box<RenderError>),
    /// The content folder could not be read (exit 2).
    Read(std::io::Error),
    /// An output file could not be written (exit 2).
    Write(WriteError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(problems) => f.write_str(&problems.summary()),
            BuildError::Theme(e) => e.fmt(f),
            BuildError::Render(e) => e.fmt(f),
            BuildError::Read(e) => write!(f, "cannot read the content: {e}"),
            BuildError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<RenderError> for BuildError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Write(e) => BuildError::Write(e),
            e => BuildError::Render(Box::new(e)),
        }
    }
}

/// Loads and checks the site and its releases, so the caller can decide
/// where output goes (and whether to minify) before anything is rendered.
pub fn load(root: &Path, strict: bool) -> Result<(Plans, History, Diagnostics), BuildError> {
    load_with_yaml_cache(root, strict, None)
}

/// [`load`], taking parsed YAML trees from `yaml` when given (the caller
/// saves it).
pub fn load_with_yaml_cache(
    root: &Path,
    strict: bool,
    yaml: Option<&crate::load::YamlCache>,
) -> Result<(Plans, History, Diagnostics), BuildError> {
    let (plans, mut warnings) =
        Plans::load_with_yaml_cache(root, strict, yaml).map_err(|e| match e {
            LoadError::Content(d) => BuildError::Content(d),
            LoadError::Io(e) => BuildError::Read(e),
        })?;
    let history = history(root, &plans, strict, &mut warnings)?;
    Ok((plans, history, warnings))
}

/// The releases (SPEC §8), checked: of the one plan, or of every plan of a
/// site with several (a release snapshots them all).
pub fn history(
    root: &Path,
    plans: &Plans,
    strict: bool,
    warnings: &mut Diagnostics,
) -> Result<History, BuildError> {
    let loaded = match plans.several() {
        true => History::load_plans_checked(root, plans, strict, warnings),
        false => History::load_checked(root, &plans.plans[0], strict, warnings),
    };
    match loaded {
        Ok(Some(history)) => Ok(history),
        Ok(None) => Err(BuildError::Content(std::mem::take(warnings))),
        Err(e) => Err(BuildError::Read(e)),
    }
}

/// Renders a loaded site, with one plan or several, into `sink`.
pub fn render(
    root: &Path,
    plans: &Plans,
    history: &History,
    warnings: Diagnostics,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Built, BuildError> {
    if !plans.several() {
        return render_one(root, &plans.plans[0], history, warnings, options, sink);
    }
    let started = Instant::now();
    let theme = Theme::load(root, plans.root.config.theme_name()).map_err(BuildError::Theme)?;
    let base_url = options
        .base_url
        .unwrap_or(&plans.root.config.base_url.value);
    let rendered =
        render::plans::render_plans(plans, &theme, history, base_url, options.search, sink)?;
    Ok(Built {
        warnings,
        notes: rendered.warnings,
        page_count: rendered.page_count,
        file_count: rendered.file_count,
        measure_count: plans.measure_count(),
        millis: started.elapsed().as_millis(),
    })
}

/// Renders a loaded one-plan site (or one plan alone) into `sink`.
pub fn render_one(
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
        plans: None,
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
pub fn minify(plans: &Plans, no_minify: bool) -> bool {
    !no_minify && plans.root.config.minify.unwrap_or(true)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;
    use crate::render::i18n::StringsError;
    use crate::theme::ThemeError;

    /// A copy of a small fixture site, with `files` written over it.
    fn site_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let from =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/single-language");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let dest = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        for (rel, bytes) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        dir
    }

    fn build_error(files: &[(&str, &[u8])]) -> BuildError {
        let dir = site_with(files);
        let (plans, history, warnings) = load(dir.path(), false).unwrap();
        let options = BuildOptions {
            base_url: None,
            strict: false,
            search: false,
        };
        match render(
            dir.path(),
            &plans,
            &history,
            warnings,
            &options,
            &MemorySink::new(false),
        ) {
            Ok(_) => panic!("the build should fail"),
            Err(e) => e,
        }
    }

    fn render_error(files: &[(&str, &[u8])]) -> RenderError {
        match build_error(files) {
            BuildError::Render(e) => *e,
            other => panic!("{other:?}"),
        }
    }

    /// `RenderError::Theme(String)` with `From<String>` once turned any
    /// string into a theme error, and the theme's own errors were strings:
    /// each failure is now its own variant, naming the file and what failed.
    #[test]
    fn theme_errors_are_typed_not_strings_and_name_the_file() {
        let dir = site_with(&[]);
        match Theme::load(dir.path(), "plain") {
            Err(ThemeError::NotFound { name, dir }) => {
                assert_eq!(name, "plain");
                assert!(dir.ends_with("themes/plain"), "{}", dir.display());
            }
            other => panic!("{:?}", other.err()),
        }

        let e = render_error(&[("themes/default/templates/404.html", b"{% block main %}")]);
        assert!(
            matches!(&e, RenderError::Compile { templates, .. } if templates == "themes/default/templates"),
            "{e:?}"
        );
        assert!(e.to_string().contains("404.html"), "{e}");

        let e = render_error(&[(
            "themes/default/templates/404.html",
            b"{{ no_such_thing.field }}",
        )]);
        assert!(
            matches!(&e, RenderError::Page { page, template, .. } if page == "404.html" && template == "404.html"),
            "{e:?}"
        );

        let e = render_error(&[("themes/default/i18n/zh.yaml", b"\xff\xfe")]);
        assert!(
            matches!(&e, RenderError::Strings(StringsError::File(ThemeError::NotUtf8 { file, .. })) if file == "i18n/zh.yaml"),
            "{e:?}"
        );
        assert_eq!(e.to_string(), "themes/default/i18n/zh.yaml is not UTF-8");

        let e = render_error(&[("themes/default/i18n/zh.yaml", b"a: [unclosed")]);
        assert!(
            matches!(&e, RenderError::Strings(StringsError::Yaml { file, .. }) if file == "i18n/zh.yaml"),
            "{e:?}"
        );
    }
}
