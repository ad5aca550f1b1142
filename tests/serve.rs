//! `gongkai serve`: answers, rebuilds after a change, and reports a broken
//! file over the last good site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for(mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_answers_rebuilds_and_reports_a_broken_file() {
    let site = temp_site("zh-default", &[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            site.path().to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _guard = Serve(child);
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving at http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});

    let (status, home) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("测试区2024年度工作要点") && home.contains("/__gongkai/reload.js"));
    assert_eq!(get(&addr, "/en/indicators/income/").0, 200);
    assert_eq!(get(&addr, "/no/such/page/").0, 404);
    let version = get(&addr, "/__gongkai/version").1;

    let site_yaml = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(
        &site_yaml,
        text.replace("测试区2024年度工作要点", "测试区2024年度工作要点(修订)"),
    )
    .unwrap();
    assert!(
        wait_for(|| get(&addr, "/__gongkai/version").1 != version),
        "no rebuild after a change"
    );
    assert!(
        wait_for(|| get(&addr, "/").1.contains("(修订)")),
        "the change is served"
    );

    std::fs::write(
        site.path().join("content/works/archive.yaml"),
        "title: [broken\n",
    )
    .unwrap();
    assert!(
        wait_for(|| get(&addr, "/").1.contains("gongkai-errors")),
        "errors are shown"
    );
    let (status, page) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(
        page.contains("content/works/archive.yaml:1:"),
        "the overlay names the file"
    );
    assert!(
        page.contains("(修订)"),
        "the last good site is still served"
    );
}
