//! `gongkai check`: load, validate and compute statuses, read the releases
//! (silent revisions, removed measures); print every problem.

use std::io::Write;
use std::path::Path;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::diagnostics::{self, Diagnostic, Diagnostics, Format};
use crate::load::reader::is_site_address;
use crate::model::Spanned;
use crate::plans::Plans;
use crate::render::urls;
use crate::site::LoadError;
use crate::yaml::NodeKind;

pub fn execute(root: &Path, strict: bool, format: Format, links: bool) -> u8 {
    let loaded = Plans::load(root, strict).and_then(|(plans, mut warnings)| {
        match crate::build::history(root, &plans, strict, &mut warnings) {
            Ok(history) => Ok((plans, history, warnings)),
            Err(crate::build::BuildError::Read(e)) => Err(LoadError::Io(e)),
            Err(crate::build::BuildError::Content(d)) => Err(LoadError::Content(d)),
            Err(_) => Err(LoadError::Content(warnings)),
        }
    });
    match loaded {
        Ok((plans, history, mut warnings)) => {
            for d in base_url_advice(&plans.root.config.base_url) {
                warnings.push(d);
            }
            if links {
                let mut broken = Diagnostics::new();
                for site in &plans.plans {
                    match crate::links::check(root, site, &history) {
                        Ok(found) => broken.extend(found),
                        Err(e) => return super::build::report_failure(e),
                    }
                }
                if broken.has_errors() {
                    warnings.extend(broken);
                    report(&warnings, format);
                    if format == Format::Human {
                        eprintln!("{}", warnings.summary());
                    }
                    return EXIT_CONTENT;
                }
            }
            report(&warnings, format);
            if format == Format::Human {
                let s = |n: usize| if n == 1 { "" } else { "s" };
                let (measures, collections, warned) = (
                    plans.measure_count(),
                    plans
                        .plans
                        .iter()
                        .map(|p| p.collections.len())
                        .sum::<usize>(),
                    warnings.warning_count(),
                );
                let of_plans = match plans.several() {
                    true => format!(" of {} plans", plans.plans.len()),
                    false => String::new(),
                };
                eprintln!(
                    "checked {measures} measure{} in {collections} collection{}{of_plans}: no errors, {warned} warning{}",
                    s(measures),
                    s(collections),
                    s(warned)
                );
            }
            EXIT_OK
        }
        Err(LoadError::Content(mut problems)) => {
            // All problems in one run: the advice about base_url too.
            for d in base_url_of(root).iter().flat_map(base_url_advice) {
                problems.push(d);
            }
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

const SITE_FILE: &str = "content/site.yaml";

/// `base_url` read from `content/site.yaml` alone, when the site as a whole
/// did not load; `None` when it is missing or not a site address (an error
/// already says so).
fn base_url_of(root: &Path) -> Option<Spanned<String>> {
    let text = std::fs::read_to_string(root.join(SITE_FILE)).ok()?;
    let node = crate::yaml::load(SITE_FILE, &text).ok()?;
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    let (_, value) = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("base_url"))?;
    let url = value.as_str()?;
    is_site_address(url).then(|| Spanned::new(url.to_string(), value.pos))
}

/// What `check` says about `base_url`, which is about where the site is
/// deployed (`build --base-url` sets it), so none of it becomes an error
/// under `--strict` (a preview or a test build is right to use a path):
/// - a warning when it is only a path: the sitemap, the Sitemap line of
///   robots.txt, the feeds and the canonical links need absolute URLs;
/// - a note when it has a sub-path: crawlers read robots.txt only at the
///   host's root, so the Sitemap line must go into the host's own.
pub fn base_url_advice(url: &Spanned<String>) -> Vec<Diagnostic> {
    let mut advice = Vec::new();
    let (origin, path) = match ["https://", "http://"]
        .iter()
        .find(|s| url.value.starts_with(*s))
    {
        Some(scheme) => {
            let rest = &url.value[scheme.len()..];
            let end = rest.find('/').unwrap_or(rest.len());
            (url.value[..scheme.len() + end].to_string(), &rest[end..])
        }
        None => {
            advice.push(
                Diagnostic::warning(
                    SITE_FILE,
                    url.pos,
                    format!(
                        "base_url `{}` is a path, not an absolute URL: sitemap.xml, the Sitemap line of robots.txt, \
                         the feeds and the canonical links will not work on their own",
                        url.value
                    ),
                )
                .with_hint("set base_url to the site's address (https://…), or build with --base-url https://… when deploying"),
            );
            ("https://<host>".to_string(), url.value.as_str())
        }
    };
    if !path.trim_matches('/').is_empty() {
        let path = format!("/{}", path.trim_start_matches('/'));
        let sitemap = urls::absolute(&format!("{origin}{path}"), urls::SITEMAP);
        advice.push(
            Diagnostic::note(
                SITE_FILE,
                url.pos,
                format!("crawlers read robots.txt only at the host's root, not under `{path}`"),
            )
            .with_hint(format!(
                "add the line `Sitemap: {sitemap}` to the host's /robots.txt"
            )),
        );
    }
    advice
}
