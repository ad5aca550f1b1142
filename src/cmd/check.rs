//! `gongkai check`: load, validate and compute statuses, read the releases
//! (silent revisions, removed measures); print every problem.

use std::io::Write;
use std::path::Path;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::changes::History;
use crate::diagnostics::{self, Diagnostics, Format};
use crate::site::{LoadError, Site};

pub fn execute(root: &Path, strict: bool, format: Format, links: bool) -> u8 {
    let loaded = Site::load(root, strict).and_then(|(site, mut warnings)| {
        match History::load_checked(root, &site, strict, &mut warnings) {
            Ok(Some(history)) => Ok((site, history, warnings)),
            Ok(None) => Err(LoadError::Content(warnings)),
            Err(e) => Err(LoadError::Io(e)),
        }
    });
    match loaded {
        Ok((site, history, mut warnings)) => {
            if let Some(w) = relative_base_url(&site) {
                warnings.push(w);
            }
            if links {
                match crate::links::check(root, &site, &history) {
                    Ok(broken) if broken.has_errors() => {
                        warnings.extend(broken);
                        report(&warnings, format);
                        if format == Format::Human {
                            eprintln!("{}", warnings.summary());
                        }
                        return EXIT_CONTENT;
                    }
                    Ok(_) => {}
                    Err(e) => return super::build::report_failure(e),
                }
            }
            report(&warnings, format);
            if format == Format::Human {
                eprintln!(
                    "checked {} measures in {} collections: no errors, {} warning{}",
                    site.measure_count(),
                    site.collections.len(),
                    warnings.warning_count(),
                    if warnings.warning_count() == 1 {
                        ""
                    } else {
                        "s"
                    }
                );
            }
            EXIT_OK
        }
        Err(LoadError::Content(problems)) => {
            report(&problems, format);
            if format == Format::Human {
                eprintln!("{}", problems.summary());
            }
            EXIT_CONTENT
        }
        Err(LoadError::Io(e)) => super::fail(e),
    }
}

/// Human diagnostics go to stderr like a compiler's; machine formats to stdout.
pub fn report(problems: &Diagnostics, format: Format) {
    match format {
        Format::Human => diagnostics::print(problems, format, &mut std::io::stderr().lock()),
        _ => {
            let mut out = std::io::stdout().lock();
            diagnostics::print(problems, format, &mut out);
            let _ = out.flush();
        }
    }
}

/// A warning when `base_url` is only a path: the sitemap, the Sitemap line
/// of robots.txt, the feeds and the canonical links need absolute URLs.
/// It is about where the site is deployed, which `build --base-url` sets,
/// so it stays a warning under `--strict` (a preview or a test build is
/// right to use a path).
pub fn relative_base_url(site: &Site) -> Option<diagnostics::Diagnostic> {
    let url = &site.config.base_url;
    let absolute = url.value.starts_with("https://") || url.value.starts_with("http://");
    (!absolute).then(|| {
        diagnostics::Diagnostic::warning(
            "content/site.yaml",
            url.pos,
            format!(
                "base_url `{}` is a path, not an absolute URL: sitemap.xml, the Sitemap line of robots.txt, \
                 the feeds and the canonical links will not work on their own",
                url.value
            ),
        )
        .with_hint("set base_url to the site's address (https://…), or build with --base-url https://… when deploying")
    })
}
