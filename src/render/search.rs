//! The static search index, built in-process by pagefind from the HTML
//! already in memory (with its CJK segmentation, so Chinese is searchable).

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

/// Indexes `pages` (output path, HTML) and returns the bundle under `pagefind/`.
pub fn index(pages: &[(&str, &[u8])]) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start: {e}"))?;
    runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder().build();
        let mut index = pagefind::api::PagefindIndex::new(Some(config))
            .map_err(|e| format!("search index: {e}"))?;
        for (path, html) in pages {
            let html = String::from_utf8_lossy(html).into_owned();
            index
                .add_html_file(Some((*path).to_string()), None, html)
                .await
                .map_err(|e| format!("search index: {path}: {e}"))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
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
