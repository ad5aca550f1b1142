//! Themes: Tera templates, interface strings and static assets. The default
//! theme is embedded in the binary; a site overrides any single file by
//! placing it at the same relative path under `<root>/themes/<theme>/`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

pub const TEMPLATES_DIR: &str = "templates/";
pub const STATIC_DIR: &str = "static/";
pub const I18N_DIR: &str = "i18n/";

/// Every file of the theme in use, by path relative to the theme folder.
pub struct Theme {
    pub name: String,
    files: BTreeMap<String, Cow<'static, [u8]>>,
    /// Files the site overrides (for messages and tests).
    pub overridden: Vec<String>,
}

impl Theme {
    /// The embedded default theme, with the site's overrides laid over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, String> {
        let mut files: BTreeMap<String, Cow<'static, [u8]>> = DEFAULT_THEME
            .iter()
            .map(|(path, bytes)| (path.to_string(), Cow::Borrowed(*bytes)))
            .collect();
        let dir = root.join("themes").join(name);
        let mut overridden = Vec::new();
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .follow_links(false)
            {
                let entry = entry
                    .map_err(|e| format!("cannot read theme folder {}: {e}", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .map_err(|e| e.to_string())?
                    .iter()
                    .map(|c| c.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
                overridden.push(rel.clone());
                files.insert(rel, Cow::Owned(bytes));
            }
        } else if name != "default" {
            return Err(format!(
                "theme `{name}` not found: there is no folder {}",
                dir.display()
            ));
        }
        Ok(Theme {
            name: name.to_string(),
            files,
            overridden,
        })
    }

    pub fn get(&self, rel: &str) -> Option<&[u8]> {
        self.files.get(rel).map(|b| b.as_ref())
    }

    pub fn text(&self, rel: &str) -> Result<&str, String> {
        let bytes = self
            .get(rel)
            .ok_or_else(|| format!("theme file {rel} is missing"))?;
        std::str::from_utf8(bytes).map_err(|_| format!("theme file {rel} is not UTF-8"))
    }

    /// Files under `prefix`, with the prefix removed.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files
            .iter()
            .filter_map(move |(path, bytes)| Some((path.strip_prefix(prefix)?, bytes.as_ref())))
    }
}
