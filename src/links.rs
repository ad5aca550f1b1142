//! `gongkai check --links` (SPEC §11): every internal link of the content
//! that leads nowhere, as `path:line:col`, without the network.
//!
//! The site is rendered in memory, not written; then every link found in
//! the content files — Markdown links (`[text](target)` and reference
//! definitions `[label]: target`) and `url:` fields — that points into
//! the site (a relative path, a path under the base path, or an address
//! under an absolute `base_url` that has a path) is resolved from the page it is shown
//! on, in every language, and must name a file the build makes (and, with
//! a `#fragment`, an element of that page with that id). Links to other
//! sites are not followed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::build::{self, BuildError, BuildOptions};
use crate::changes::History;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::output::MemorySink;
use crate::render::pages::PageKind;
use crate::render::urls;
use crate::site::Site;

/// A link as written in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub target: String,
    pub pos: Pos,
}

/// Every link target of `text`: Markdown inline links and reference
/// definitions, and `url:` fields (block or flow style), each with the
/// 1-based line and column (in characters) where the target starts.
pub fn find_links(text: &str) -> Vec<FoundLink> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = |byte: usize| Pos::new(n as u32 + 1, line[..byte].chars().count() as u32 + 1);
        // [text](target "title")
        let mut from = 0;
        while let Some(i) = line[from..].find("](") {
            let start = from + i + 2;
            let rest = &line[start..];
            let (target, skip) = match rest.strip_prefix('<') {
                Some(inner) => match inner.find('>') {
                    Some(end) => (&inner[..end], 1),
                    None => ("", 0),
                },
                None => {
                    let end = rest
                        .find(|c: char| c == ')' || c.is_whitespace())
                        .unwrap_or(rest.len());
                    (&rest[..end], 0)
                }
            };
            if !target.is_empty() {
                found.push(FoundLink {
                    target: target.to_string(),
                    pos: at(start + skip),
                });
            }
            from = start;
        }
        // [label]: target
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && !trimmed.starts_with("[^") {
            if let Some(close) = trimmed.find("]:") {
                let after = &trimmed[close + 2..];
                let target = after.split_whitespace().next().unwrap_or("");
                if !target.is_empty() {
                    let start = line.len() - trimmed.len()
                        + close
                        + 2
                        + (after.len() - after.trim_start().len());
                    found.push(FoundLink {
                        target: target.trim_matches(['<', '>']).to_string(),
                        pos: at(start),
                    });
                }
            }
        }
        // url: target   (also inside a flow map: {title: …, url: target})
        let mut from = 0;
        while let Some(i) = line[from..].find("url:") {
            let key = from + i;
            from = key + 4;
            let before = line[..key].chars().next_back();
            if !matches!(before, None | Some(' ' | '{' | ',' | '\t' | '-')) {
                continue;
            }
            let rest = &line[from..];
            let value_start = from + (rest.len() - rest.trim_start().len());
            let value = &line[value_start..];
            let (target, skip) = if let Some(q) = value.strip_prefix(['"', '\'']) {
                let quote = value.as_bytes()[0] as char;
                (q.split(quote).next().unwrap_or(""), 1)
            } else {
                let end = value
                    .find(|c: char| c == ',' || c == '}' || c.is_whitespace())
                    .unwrap_or(value.len());
                (&value[..end], 0)
            };
            if !target.is_empty() {
                found.push(FoundLink {
                    target: target.to_string(),
                    pos: at(value_start + skip),
                });
            }
        }
    }
    found
}

/// Where a link points, when it points into the site: a root-relative
/// path (no base path), or `None` for another site. `Err` for a path that
/// leaves the site.
pub fn resolve(target: &str, page: &str, base_url: &str) -> Option<Result<String, String>> {
    let base_path = urls::base_path(base_url);
    let absolute_base = base_url.starts_with("http://") || base_url.starts_with("https://");
    let local = if let Some(rest) = target.strip_prefix('#') {
        format!("{page}#{rest}")
    } else if target.starts_with("//") || crate::load::reader::url_scheme(target).is_some() {
        let base = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        // Under a bare host, the host may serve more than this site (the
        // portal's own documents): only a base with a path marks what is ours.
        match absolute_base && base_path != "/" && target.starts_with(&base) {
            true => target[base.len()..].to_string(),
            false => return None,
        }
    } else if let Some(path) = target.strip_prefix('/') {
        match ("/".to_string() + path).strip_prefix(&base_path) {
            Some(rest) => rest.to_string(),
            None => return Some(Err(format!("outside the site's base path `{base_path}`"))),
        }
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{dir}{target}")
    };
    Some(normalise(&local))
}

/// `a/./b/../c` → `a/c`, keeping the query and fragment; `Err` when `..`
/// climbs above the root.
fn normalise(url: &str) -> Result<String, String> {
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, tail) = url.split_at(split);
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.pop().is_none() {
                    return Err("`..` climbs above the site's root".to_string());
                }
                if last {
                    parts.push("");
                }
            }
            "" if !last => {}
            s => parts.push(s),
        }
    }
    Ok(format!("{}{tail}", parts.join("/")))
}

/// The output file a root-relative URL serves, if the build makes one.
fn file_for<'f>(path: &str, files: &'f BTreeMap<String, Vec<u8>>) -> Option<(&'f str, &'f [u8])> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get_key_value(&c))
        .map(|(k, v)| (k.as_str(), v.as_slice()))
}

fn has_id(html: &[u8], id: &str) -> bool {
    let text = String::from_utf8_lossy(html);
    [format!("id=\"{id}\""), format!("id='{id}'")]
        .iter()
        .any(|p| text.contains(p.as_str()))
        || text
            .match_indices(&format!("id={id}"))
            .any(|(i, m)| matches!(text[i + m.len()..].chars().next(), Some(' ' | '>' | '/')))
}

/// The pages that show a part of a content file: from `line` on (until
/// the next part), one page per language, root-relative.
struct Part {
    line: u32,
    pages: Vec<String>,
}

/// The content files whose links are checked, each with the pages that
/// show what it says (a collection's categories are shown on their own
/// pages, one level deeper than the collection's description).
fn sources(site: &Site) -> Vec<(String, Vec<Part>)> {
    let prefixes = urls::lang_prefixes(site);
    let on =
        |kind: PageKind| -> Vec<String> { prefixes.iter().map(|p| kind.url(site, p)).collect() };
    let whole = |kind: PageKind| {
        vec![Part {
            line: 1,
            pages: on(kind),
        }]
    };
    let content = crate::load::CONTENT_DIR;
    let mut out = vec![
        (format!("{content}/site.yaml"), whole(PageKind::Home)),
        (format!("{content}/units.yaml"), whole(PageKind::Units)),
    ];
    for (ci, c) in site.collections.iter().enumerate() {
        let mut parts = whole(PageKind::Collection(ci));
        parts.extend(c.config.categories.iter().enumerate().map(|(k, cat)| Part {
            line: cat.id.pos.line,
            pages: on(PageKind::Category(ci, k)),
        }));
        out.push((c.path.clone(), parts));
        for (mi, m) in c.measures.iter().enumerate() {
            out.push((m.path.clone(), whole(PageKind::Measure(ci, mi))));
        }
    }
    let default = site.config.default_language();
    for p in &site.pages {
        let prefix = urls::lang_prefix(&p.lang, default);
        out.push((
            p.path.clone(),
            vec![Part {
                line: 1,
                pages: vec![urls::page(&prefix, &p.slug)],
            }],
        ));
    }
    out
}

/// Every internal link of the content that leads nowhere, as errors.
pub fn check(root: &Path, site: &Site, history: &History) -> Result<Diagnostics, BuildError> {
    let sink = MemorySink::new(false);
    let options = BuildOptions {
        base_url: None,
        strict: false,
        search: false,
    };
    build::render_one(root, site, history, Diagnostics::new(), &options, &sink)?;
    let files: BTreeMap<String, Vec<u8>> = sink
        .into_files()
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    let base_url = &site.config.base_url.value;
    let mut problems = Diagnostics::new();
    for (path, parts) in sources(site) {
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            continue;
        };
        for link in find_links(&text) {
            let Some(part) = parts.iter().rev().find(|p| p.line <= link.pos.line) else {
                continue;
            };
            let pages = &part.pages;
            // Reported once, from the first page (language) it fails on.
            for page in pages {
                let Some(resolved) = resolve(&link.target, page, base_url) else {
                    continue;
                };
                let problem = match resolved {
                    Err(why) => Some(why),
                    Ok(url) => {
                        let (rest, fragment) = match url.split_once('#') {
                            Some((p, f)) => (p.to_string(), Some(f.to_string())),
                            None => (url.clone(), None),
                        };
                        let file_path = rest.split('?').next().unwrap_or("").to_string();
                        match file_for(&file_path, &files) {
                            None => Some(format!(
                                "no page or file at `{}`",
                                if file_path.is_empty() {
                                    "/"
                                } else {
                                    &file_path
                                }
                            )),
                            Some((name, bytes)) => match fragment {
                                Some(id)
                                    if !id.is_empty()
                                        && name.ends_with(".html")
                                        && !has_id(bytes, &id) =>
                                {
                                    Some(format!("`{name}` has no element with id `{id}`"))
                                }
                                _ => None,
                            },
                        }
                    }
                };
                if let Some(why) = problem {
                    {
                        problems.push(
                            Diagnostic::error(
                                &path,
                                link.pos,
                                format!("link `{}` leads nowhere: {why}", link.target),
                            )
                            .with_hint(format!(
                                "it is shown on /{page}; write a path that exists in the built site, e.g. ../other-measure/ from a measure page"
                            )),
                        );
                    }
                    break;
                }
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_reference_definitions_and_url_fields_are_found_where_they_start() {
        let text = "summary: {zh: 见[收入](../income/#ind-x \"t\")与[图](<a b/>)}\n[ref]: ../ref/\n  - {title: x, url: \"../q/\"}\nurl: https://example.org/\nbaseurl: no\n";
        let found = find_links(text);
        let got: Vec<(String, u32, u32)> = found
            .iter()
            .map(|f| (f.target.clone(), f.pos.line, f.pos.column))
            .collect();
        assert_eq!(
            got,
            vec![
                ("../income/#ind-x".to_string(), 1, 21),
                ("a b/".to_string(), 1, 48),
                ("../ref/".to_string(), 2, 8),
                ("../q/".to_string(), 3, 22),
                ("https://example.org/".to_string(), 4, 6),
            ]
        );
    }

    #[test]
    fn links_resolve_from_their_page_under_the_base_path_and_other_sites_are_left_alone() {
        let page = "indicators/income/";
        let r = |t: &str, base: &str| resolve(t, page, base);
        assert_eq!(r("../gdp/", "/"), Some(Ok("indicators/gdp/".into())));
        assert_eq!(r("../../units/drc/", "/"), Some(Ok("units/drc/".into())));
        assert_eq!(
            r("#ind-x", "/"),
            Some(Ok("indicators/income/#ind-x".into()))
        );
        assert_eq!(r("/gongfu/units/", "/gongfu/"), Some(Ok("units/".into())));
        assert!(matches!(r("/units/", "/gongfu/"), Some(Err(_))));
        assert_eq!(
            r("https://x.gov.cn/gongfu/data/", "https://x.gov.cn/gongfu/"),
            Some(Ok("data/".into()))
        );
        assert_eq!(r("https://other.org/", "https://x.gov.cn/gongfu/"), None);
        assert_eq!(r("https://x.gov.cn/notice.html", "https://x.gov.cn/"), None);
        assert_eq!(r("mailto:a@b.cn", "/"), None);
        assert!(matches!(r("../../../x/", "/"), Some(Err(_))));
    }
}
