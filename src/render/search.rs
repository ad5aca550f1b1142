//! The static search index, built in-process by pagefind (with its CJK
//! segmentation, so Chinese is searchable) on a thread of its own from the
//! main content of each searchable page, while the other pages render.

use std::thread::JoinHandle;

use crate::render::OutputFile;

/// The files of pagefind's bundle that the site does not use (its own UIs
/// and playground); our search page has its own small interface.
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.js",
    "playground/",
];

/// One pagefind index per language, each on a thread of its own; their
/// bundles are merged into one (pagefind keeps every language apart anyway:
/// its own entry file lists them, every other file name carries the language).
pub struct Indexer {
    workers: Vec<JoinHandle<Result<Vec<OutputFile>, String>>>,
}

impl Indexer {
    /// Indexes `pages` (language, output path, reduced HTML from [`reduce`]),
    /// each language in the order given.
    pub fn start(pages: Vec<(String, String, String)>) -> Indexer {
        let mut by_lang: std::collections::BTreeMap<String, Vec<(String, String)>> =
            Default::default();
        for (lang, path, html) in pages {
            by_lang.entry(lang).or_default().push((path, html));
        }
        let workers = by_lang
            .into_values()
            .map(|pages| std::thread::spawn(move || index(pages)))
            .collect();
        Indexer { workers }
    }

    /// Waits for the indexes and returns the merged bundle, under `pagefind/`.
    pub fn finish(self) -> Result<Vec<OutputFile>, String> {
        let mut files: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
        let mut entry: Option<serde_json::Value> = None;
        for worker in self.workers {
            let bundle = worker
                .join()
                .map_err(|_| "search index: the indexer stopped".to_string())??;
            for f in bundle {
                if f.path == ENTRY {
                    entry = Some(merge_entry(entry, &f.bytes)?);
                } else {
                    files.entry(f.path).or_insert(f.bytes);
                }
            }
        }
        if let Some(entry) = entry {
            files.insert(
                ENTRY.to_string(),
                serde_json::to_vec(&entry).unwrap_or_default(),
            );
        }
        Ok(files
            .into_iter()
            .map(|(path, bytes)| OutputFile::new(path, bytes))
            .collect())
    }
}

const ENTRY: &str = "pagefind/pagefind-entry.json";

/// Adds the languages of one bundle's entry file to another's.
fn merge_entry(into: Option<serde_json::Value>, bytes: &[u8]) -> Result<serde_json::Value, String> {
    let next: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("search index: entry file: {e}"))?;
    let Some(mut merged) = into else {
        return Ok(next);
    };
    if let (Some(all), Some(more)) = (
        merged.get_mut("languages").and_then(|l| l.as_object_mut()),
        next.get("languages").and_then(|l| l.as_object()),
    ) {
        for (lang, meta) in more {
            all.insert(lang.clone(), meta.clone());
        }
        all.sort_keys();
    }
    Ok(merged)
}

/// The `lang` of a page's `<html>` element.
pub fn lang_of(html: &str) -> String {
    html.find("<html lang=\"")
        .and_then(|i| html[i + 12..].split('"').next())
        .unwrap_or("")
        .to_string()
}

/// The parts of a page that search needs, so the indexer parses a fraction
/// of each page.
pub fn reduce(html: &str) -> String {
    let head_end = html.find("<body").unwrap_or(0);
    let lang = lang_of(html);
    let title = html
        .find("<title>")
        .and_then(|i| html[i + 7..head_end.max(i + 7)].split("</title>").next())
        .unwrap_or("");
    let main = match (html.find("<main"), html.rfind("</main>")) {
        (Some(a), Some(b)) if b > a => &html[a..b + 7],
        _ => "",
    };
    // The source record repeats the page as YAML: leave it out of the index
    // (it is also marked data-pagefind-ignore for any other indexer).
    let main = match (
        main.find("<details class=\"record\""),
        main.rfind("</details>"),
    ) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &main[..a], &main[b + 10..]),
        _ => main.to_string(),
    };
    format!("<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body>{main}</body></html>")
}

fn index(pages: Vec<(String, String)>) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start: {e}"))?;
    runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder().build();
        let mut index = pagefind::api::PagefindIndex::new(Some(config))
            .map_err(|e| format!("search index: {e}"))?;
        let t = std::time::Instant::now();
        for (path, html) in pages {
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("search index: {path}: {e}"))?;
        }
        crate::render::log_elapsed("search: pages indexed", t);
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
        crate::render::log_elapsed("search: index written", t);
        let mut out: Vec<OutputFile> = files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let name = name
                    .trim_start_matches("./")
                    .trim_start_matches('/')
                    .to_string();
                let rel = name.strip_prefix("pagefind/").unwrap_or(&name).to_string();
                if UNUSED.iter().any(|u| rel.starts_with(u)) {
                    return None;
                }
                Some(OutputFile::new(format!("pagefind/{rel}"), f.contents))
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduces_a_page_to_what_search_needs() {
        let html = "<!DOCTYPE html>\n<html lang=\"zh\">\n<head><title>托育 · 站</title><link rel=x></head><body><nav>menu</nav><main id=\"main\" data-pagefind-body><h1>托育</h1></main><footer>f</footer></body></html>";
        assert_eq!(
            reduce(html),
            "<!DOCTYPE html><html lang=\"zh\"><head><title>托育 · 站</title></head><body><main id=\"main\" data-pagefind-body><h1>托育</h1></main></body></html>"
        );
    }
}
