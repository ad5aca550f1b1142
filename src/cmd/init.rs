//! `gongkai init DIR`: a new, valid, minimal bilingual site.

use std::path::Path;

use super::EXIT_OK;

/// The starter site, relative path → text.
const FILES: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        include_str!("init_site/content/site.yaml"),
    ),
    (
        "content/units.yaml",
        include_str!("init_site/content/units.yaml"),
    ),
    (
        "content/measures/_collection.yaml",
        include_str!("init_site/content/measures/_collection.yaml"),
    ),
    (
        "content/measures/example-measure.yaml",
        include_str!("init_site/content/measures/example-measure.yaml"),
    ),
    (
        "content/pages/about.zh.md",
        include_str!("init_site/content/pages/about.zh.md"),
    ),
    (
        "content/pages/about.en.md",
        include_str!("init_site/content/pages/about.en.md"),
    ),
];

pub fn execute(dir: &Path) -> u8 {
    let content = dir.join("content");
    if content.exists() {
        return super::fail(format!(
            "{} already exists; init only creates new sites",
            content.display()
        ));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        let created = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = created {
            return super::fail(format!("cannot write {}: {e}", path.display()));
        }
    }
    eprintln!("created a new site in {}", dir.display());
    eprintln!("next: cd {} && gongkai check", dir.display());
    EXIT_OK
}
