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

pub struct Indexer {
    worker: JoinHandle<Result<Vec<OutputFile>, String>>,
}

impl Indexer {
    /// Indexes `pages` (output path, reduced HTML from [`reduce`]) on a
    /// thread of its own, in the order given.
    pub fn start(pages: Vec<(String, String)>) -> Indexer {
        Indexer {
            worker: std::thread::spawn(move || index(pages)),
        }
    }

    /// Waits for the index and returns its files, under `pagefind/`.
    pub fn finish(self) -> Result<Vec<OutputFile>, String> {
        self.worker
            .join()
            .map_err(|_| "search index: the indexer stopped".to_string())?
    }
}

/// The parts of a page that search needs, so the indexer parses a fraction
/// of each page.
pub fn reduce(html: &str) -> String {
    let head_end = html.find("<body").unwrap_or(0);
    let lang = html
        .find("<html lang=\"")
        .and_then(|i| html[i + 12..].split('"').next())
        .unwrap_or("");
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
