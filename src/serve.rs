//! `gongkai serve`: build into memory, serve on 127.0.0.1, rebuild when
//! `content/` or `themes/` change (re-rendering only what the change
//! touches, see [`crate::incremental`]), and reload open pages. A failed
//! rebuild keeps the last good site and shows its errors over every page.

use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::BuildError;
use crate::incremental::{Files, Incremental};
use crate::render::markdown::escape;
use crate::render::urls;

const RELOAD_JS: &str = r#"(function(){"use strict";var v=null;function poll(){fetch("/__gongkai/version",{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){if(v===null){v=t}else if(t!==v){location.reload()}}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();"#;
const OVERLAY_CSS: &str = "#gongkai-errors{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;background:#fff;border-top:6px solid #b00020;padding:1rem 1.5rem;font:14px/1.5 ui-monospace,monospace;color:#1b1b1b;box-shadow:0 -4px 16px rgba(0,0,0,.3)}#gongkai-errors h2{font:700 16px system-ui,sans-serif;margin:0 0 .5rem;color:#b00020}#gongkai-errors pre{white-space:pre-wrap;margin:0}";

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
    root: std::path::PathBuf,
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
    pub fn rebuild(&self) -> Result<String, String> {
        let mut builds = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        // The touched measures' pages are shown first, the rest after.
        let result = builds.rebuild_then(&mut |files| {
            let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
            state.version += 1;
            state.files = files;
        });
        let files = builds.files();
        drop(builds);
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        state.version += 1;
        match result {
            Ok(rebuilt) => {
                let old = std::mem::replace(&mut state.files, files);
                state.errors = None;
                drop(state);
                drop(old);
                Ok(rebuilt.summary())
            }
            Err(e) => {
                let text = match e {
                    BuildError::Content(d) => d
                        .sorted()
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    BuildError::Theme(_) | BuildError::Render(_) => e.to_string(),
                    BuildError::Read(e) => e.to_string(),
                    BuildError::Write(e) => e.to_string(),
                };
                state.errors = Some(text.clone());
                Err(text)
            }
        }
    }

    /// Serves until the process ends. `ready` receives the bound address.
    pub fn run(self: Arc<Self>, port: u16, ready: impl FnOnce(&str)) -> Result<(), String> {
        let http = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let addr = http
            .server_addr()
            .to_ip()
            .map(|a| a.to_string())
            .unwrap_or_else(|| format!("127.0.0.1:{port}"));
        let watcher = self.clone().watch()?;
        ready(&addr);
        for request in http.incoming_requests() {
            let response = self.respond(request.url());
            let _ = request.respond(response);
        }
        drop(watcher);
        Ok(())
    }

    /// Watches content/ and themes/ and rebuilds, after a 60 ms pause for the burst to settle.
    fn watch(self: Arc<Self>) -> Result<notify::RecommendedWatcher, String> {
        let (tx, rx) = mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(e) = event {
                    if !matches!(e.kind, notify::EventKind::Access(_)) {
                        let _ = tx.send(());
                    }
                }
            })
            .map_err(|e| format!("cannot watch files: {e}"))?;
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            }
        }
        std::thread::spawn(move || {
            while rx.recv().is_ok() {
                // Let a burst of events (an editor's save) settle.
                std::thread::sleep(Duration::from_millis(60));
                while rx.try_recv().is_ok() {}
                match self.rebuild() {
                    Ok(summary) => eprintln!("{summary}"),
                    Err(errors) => {
                        eprintln!("build failed; still serving the last good site:\n{errors}")
                    }
                }
            }
        });
        Ok(watcher)
    }

    fn respond(&self, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let path = url.split(['?', '#']).next().unwrap_or("/");
        let path = percent_decode(path);
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        match path.as_str() {
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
            let mut r = response(301, "text/plain; charset=utf-8", Vec::new());
            if let Ok(h) =
                tiny_http::Header::from_bytes(&b"Location"[..], format!("/{rel}/").as_bytes())
            {
                r.add_header(h);
            }
            return r;
        }
        let not_found = urls::file_of(&urls::not_found(""));
        match state.files.get(&not_found) {
            Some(bytes) => self.page(404, &not_found, bytes, &state),
            None => response(404, "text/plain; charset=utf-8", b"not found".to_vec()),
        }
    }

    /// HTML gets the reload script and, after a failed build, the error overlay.
    fn page(
        &self,
        status: u16,
        path: &str,
        bytes: &[u8],
        state: &State,
    ) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let kind = content_type(path);
        if !path.ends_with(".html") {
            return response(status, kind, bytes.to_vec());
        }
        let html = String::from_utf8_lossy(bytes);
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

fn response(
    status: u16,
    content_type: &str,
    body: Vec<u8>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = tiny_http::Response::from_data(body).with_status_code(status);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes()) {
        r.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]) {
        r.add_header(h);
    }
    r
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/%E4%B8%AD"), "/a b/中");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }
}
