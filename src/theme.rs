//! Themes: Tera templates, interface strings and static assets. The default
//! theme is embedded in the binary; a site overrides any single file by
//! placing it at the same relative path under `<root>/themes/<theme>/`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

pub const TEMPLATES_DIR: &str = "templates/";
pub const STATIC_DIR: &str = "static/";
pub const I18N_DIR: &str = "i18n/";

/// Why a theme, or one of its files, could not be used. Each names the
/// file or folder and what failed with it.
#[derive(Debug)]
pub enum ThemeError {
    /// `theme:` in site.yaml names a theme that has no folder.
    NotFound { name: String, dir: PathBuf },
    /// A file or folder of the site's theme could not be read.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file the render needs is in neither the site's theme nor the
    /// default one.
    Missing { theme: String, file: String },
    /// A theme file that must be text is not UTF-8.
    NotUtf8 { theme: String, file: String },
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeError::NotFound { name, dir } => write!(
                f,
                "theme `{name}` not found: there is no folder {}",
                dir.display()
            ),
            ThemeError::Read { path, source } => {
                write!(f, "cannot read theme file {}: {source}", path.display())
            }
            ThemeError::Missing { theme, file } => {
                write!(f, "theme `{theme}` has no file {file}")
            }
            ThemeError::NotUtf8 { theme, file } => {
                write!(f, "themes/{theme}/{file} is not UTF-8")
            }
        }
    }
}

/// The cause is part of the message.
impl std::error::Error for ThemeError {}

/// Every file of the theme in use, by path relative to the theme folder.
pub struct Theme {
    pub name: String,
    files: BTreeMap<String, Cow<'static, [u8]>>,
    /// Files the site overrides (for messages and tests).
    pub overridden: Vec<String>,
}

impl Theme {
    /// The embedded default theme, with the site's overrides laid over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
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
                let entry = entry.map_err(|e| ThemeError::Read {
                    path: e.path().unwrap_or(&dir).to_path_buf(),
                    source: e.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                // Every entry of the walk is under `dir`.
                let Ok(rel) = entry.path().strip_prefix(&dir) else {
                    continue;
                };
                let rel = rel
                    .iter()
                    .map(|c| c.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).map_err(|source| ThemeError::Read {
                    path: entry.path().to_path_buf(),
                    source,
                })?;
                overridden.push(rel.clone());
                files.insert(rel, Cow::Owned(bytes));
            }
        } else if name != "default" {
            return Err(ThemeError::NotFound {
                name: name.to_string(),
                dir,
            });
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

    pub fn text(&self, rel: &str) -> Result<&str, ThemeError> {
        let bytes = self.get(rel).ok_or_else(|| ThemeError::Missing {
            theme: self.name.clone(),
            file: rel.to_string(),
        })?;
        std::str::from_utf8(bytes).map_err(|_| self.not_utf8(rel))
    }

    /// The error for theme file `rel` that is not UTF-8.
    pub fn not_utf8(&self, rel: &str) -> ThemeError {
        ThemeError::NotUtf8 {
            theme: self.name.clone(),
            file: rel.to_string(),
        }
    }

    /// Files under `prefix`, with the prefix removed.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files
            .iter()
            .filter_map(move |(path, bytes)| Some((path.strip_prefix(prefix)?, bytes.as_ref())))
    }
}
