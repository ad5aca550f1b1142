//! `gongkai serve`: build into temporary files (see [`crate::spool`]),
//! serve on 127.0.0.1, rebuild when `content/` or `themes/` change
//! (re-rendering only what the change touches, see
//! [`crate::incremental`]), and reload open pages. A failed rebuild keeps
//! the last good site and shows its errors over every page.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::BuildError;
use crate::incremental::{Files, Incremental};
use crate::render::markdown::escape;
use crate::render::urls;
use crate::spool::Held;
use http::{Request, Response};

mod http;

const RELOAD_JS: &str = r#"(function(){"use strict";var v=null;function poll(){fetch("/__gongkai/version",{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){if(v===null){v=t}else if(t!==v){location.reload()}}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();"#;
const OVERLAY_CSS: &str = "#gongkai-errors{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;background:#fff;border-top:6px solid #b00020;padding:1rem 1.5rem;font:14px/1.5 ui-monospace,monospace;color:#1b1b1b;box-shadow:0 -4px 16px rgba(0,0,0,.3)}#gongkai-errors h2{font:700 16px system-ui,sans-serif;margin:0 0 .5rem;color:#b00020}#gongkai-errors pre{white-space:pre-wrap;margin:0}";

/// Why `serve` could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    Listen {
        port: u16,
        source: std::io::Error,
    },
    /// Watching files for changes failed (for one folder, or at all).
    Watch {
        path: Option<PathBuf>,
        source: notify::Error,
    },
    /// Accepting connections or starting the worker threads failed.
    Serve(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Listen { port, source } => {
                write!(f, "cannot listen on 127.0.0.1:{port}: {source}")
            }
            ServeError::Watch {
                path: Some(path),
                source,
            } => write!(f, "cannot watch {}: {source}", path.display()),
            ServeError::Watch { path: None, source } => {
                write!(f, "cannot watch files: {source}")
            }
            ServeError::Serve(e) => write!(f, "cannot serve: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Listen { source, .. } => Some(source),
            ServeError::Watch { source, .. } => Some(source),
            ServeError::Serve(e) => Some(e),
        }
    }
}

/// A failed rebuild; it shows as its errors, one a line, as printed and
/// laid over the pages.
#[derive(Debug)]
pub struct BuildFailed(pub BuildError);

impl std::fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            BuildError::Content(d) => {
                let lines: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
                f.write_str(&lines.join("\n"))
            }
            BuildError::Theme(e) => write!(f, "{e}"),
            BuildError::Render(e) => write!(f, "{e}"),
            BuildError::Read(e) => write!(f, "{e}"),
            BuildError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildFailed {}

/// What the server serves: the last good build and, if the latest build
/// failed, its errors.
#[derive(Default)]
struct State {
    files: Arc<Files>,
    errors: Option<String>,
    version: u64,
}

pub struct Server {
    builds: Mutex<Incremental>,
    state: Arc<RwLock<State>>,
    root: PathBuf,
}

impl Server {
    pub fn new(root: &Path) -> Server {
        Server {
            builds: Mutex::new(Incremental::new(root, "/", false)),
            state: Arc::new(RwLock::new(State::default())),
            root: root.to_path_buf(),
        }
    }

    /// Builds once (after the first time, only what changed); returns a
    /// one-line summary or the errors.
    pub fn rebuild(&self) -> Result<String, BuildFailed> {
        self.rebuild_after(None)
    }

    /// [`Server::rebuild`] after `changed` files changed, when known: an
    /// edit of measures is then shown before the whole site is loaded again.
    fn rebuild_after(&self, changed: Option<&[PathBuf]>) -> Result<String, BuildFailed> {
        let mut builds = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        // The touched measures' pages are shown first, the rest after.
        let mut first = |files| {
            let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
            state.version += 1;
            state.files = files;
        };
        let result = match changed {
            Some(paths) => builds.rebuild_after(paths, &mut first),
            None => builds.rebuild_then(&mut first),
        };
        let files = builds.files();
        drop(builds);
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        // Open pages reload only when what they show changed.
        let unchanged =
            result.is_ok() && state.errors.is_none() && Arc::ptr_eq(&state.files, &files);
        if !unchanged {
            state.version += 1;
        }
        match result {
            Ok(rebuilt) => {
                let old = std::mem::replace(&mut state.files, files);
                state.errors = None;
                drop(state);
                drop(old);
                Ok(rebuilt.summary())
            }
            Err(e) => {
                let failed = BuildFailed(e);
                state.errors = Some(failed.to_string());
                // What a first phase showed of the broken site goes.
                let shown = std::mem::replace(&mut state.files, files);
                drop(state);
                drop(shown);
                Err(failed)
            }
        }
    }

    /// Serves until the process ends. `ready` receives the bound address.
    pub fn run(self: Arc<Self>, port: u16, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .map_err(|source| ServeError::Listen { port, source })?;
        let addr = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_else(|_| format!("127.0.0.1:{port}"));
        let watcher = self.clone().watch()?;
        ready(&addr);
        let server = self.clone();
        let result = http::serve(listener, Arc::new(move |r: &Request| server.respond(r)));
        drop(watcher);
        result.map_err(ServeError::Serve)
    }

    /// Watches content/ and themes/ and rebuilds once a burst of changes settles.
    fn watch(self: Arc<Self>) -> Result<notify::RecommendedWatcher, ServeError> {
        let (tx, rx) = mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(e) = event {
                    if !matches!(e.kind, notify::EventKind::Access(_)) {
                        let _ = tx.send(e.paths);
                    }
                }
            })
            .map_err(|source| ServeError::Watch { path: None, source })?;
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|source| ServeError::Watch {
                        path: Some(path.clone()),
                        source,
                    })?;
            }
        }
        std::thread::spawn(move || {
            while let Ok(mut changed) = rx.recv() {
                // Let a burst of events (an editor's save, a command's
                // writes) settle: until none came for 60 ms, for at most
                // a second.
                let settled = std::time::Instant::now() + Duration::from_secs(1);
                while let Ok(more) = rx.recv_timeout(Duration::from_millis(60)) {
                    changed.extend(more);
                    if std::time::Instant::now() >= settled {
                        break;
                    }
                }
                changed.sort();
                changed.dedup();
                match self.rebuild_after(Some(&changed)) {
                    Ok(summary) => eprintln!("{summary}"),
                    Err(errors) => {
                        eprintln!("build failed; still serving the last good site:\n{errors}")
                    }
                }
            }
        });
        Ok(watcher)
    }

    fn respond(&self, request: &Request) -> Response {
        let path = request.path.as_str();
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        match path {
            "/__gongkai/version" => {
                return response(
                    200,
                    "text/plain; charset=utf-8",
                    state.version.to_string().into_bytes(),
                )
            }
            "/__gongkai/reload.js" => {
                return response(
                    200,
                    "text/javascript; charset=utf-8",
                    RELOAD_JS.as_bytes().to_vec(),
                )
            }
            "/__gongkai/overlay.css" => {
                return response(
                    200,
                    "text/css; charset=utf-8",
                    OVERLAY_CSS.as_bytes().to_vec(),
                )
            }
            _ => {}
        }
        let rel = path.trim_start_matches('/');
        if rel.split('/').any(|seg| seg == "..") {
            return response(400, "text/plain; charset=utf-8", b"bad path".to_vec());
        }
        let file = urls::file_of(rel);
        if let Some(bytes) = state.files.get(&file) {
            return self.page(200, &file, bytes, &state);
        }
        if state.files.contains_key(&urls::file_of(&format!("{rel}/"))) {
            return response(301, "text/plain; charset=utf-8", Vec::new())
                .with_header("Location", urls::encode_path(&format!("/{rel}/")));
        }
        let not_found = urls::file_of(&urls::not_found(""));
        match state.files.get(&not_found) {
            Some(bytes) => self.page(404, &not_found, bytes, &state),
            None => response(404, "text/plain; charset=utf-8", b"not found".to_vec()),
        }
    }

    /// HTML gets the reload script and, after a failed build, the error overlay.
    fn page(&self, status: u16, path: &str, held: &Held, state: &State) -> Response {
        let bytes = match held.read() {
            Ok(bytes) => bytes,
            Err(e) => {
                return response(
                    500,
                    "text/plain; charset=utf-8",
                    format!("cannot read {path} from where the site is kept: {e}").into_bytes(),
                )
            }
        };
        let kind = content_type(path);
        if !path.ends_with(".html") {
            return response(status, kind, bytes);
        }
        let html = String::from_utf8_lossy(&bytes);
        let mut extra = String::from("<script src=\"/__gongkai/reload.js\"></script>");
        if let Some(errors) = &state.errors {
            extra.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"/__gongkai/overlay.css\"><div id=\"gongkai-errors\" role=\"alert\"><h2>Build failed — showing the last good build</h2><pre>{}</pre></div>",
                escape(errors)
            ));
        }
        let html = match html.rfind("</body>") {
            Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
            None => format!("{html}{extra}"),
        };
        response(status, kind, html.into_bytes())
    }
}

fn response(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    Response::new(status, content_type, body).with_header("Cache-Control", "no-store")
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
