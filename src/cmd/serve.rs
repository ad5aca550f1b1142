//! `gongkai serve`: a live preview on 127.0.0.1.

use std::path::Path;
use std::sync::Arc;

use super::EXIT_OK;
use crate::serve::Server;

pub fn execute(root: &Path, port: u16, open: bool) -> u8 {
    if !root.join(crate::load::CONTENT_DIR).is_dir() {
        return super::fail(format!("no content/ folder in {}", root.display()));
    }
    let server = Arc::new(Server::new(root));
    match server.rebuild() {
        Ok(summary) => eprintln!("{summary}"),
        Err(errors) => {
            eprintln!("build failed; fix the content and the page will reload:\n{errors}")
        }
    }
    let result = server.run(port, |addr| {
        let url = format!("http://{addr}/");
        eprintln!("serving at {url} (Ctrl-C to stop)");
        if open {
            open_browser(&url);
        }
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => super::fail(e),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
