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

/// Starts `serve` on a copy of the zh-default site; returns its guard,
/// its address and the site.
fn start() -> (Serve, String, tempfile::TempDir) {
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
    let guard = Serve(child);
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving at http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    std::thread::spawn(move || for _ in lines {});
    (guard, addr, site)
}

/// Sends `request` as it is and reads the answer until the server closes
/// (or 10 s pass): (status, head, body).
fn exchange(addr: &str, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[end..].to_vec())
}

/// Threads of a process, from /proc.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .count()
}

#[test]
fn serve_answers_rebuilds_and_reports_a_broken_file() {
    let (_guard, addr, site) = start();
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

/// 1,500 idle connections once made 1,507 threads: a thread per connection
/// and no idle timeout.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_do_not_grow_threads_and_are_closed() {
    let (guard, addr, _site) = start();
    let pid = guard.0.id();
    assert_eq!(get(&addr, "/").0, 200);
    let before = threads(pid);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(pid);
    assert!(
        during <= before + 1,
        "{before} threads before 300 idle connections, {during} with them"
    );
    drop(idle);
    assert!(
        wait_for(|| get(&addr, "/").0 == 200),
        "answers again once the idle connections are gone"
    );

    // A connection that sends nothing is closed after a few seconds.
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let mut byte = [0u8; 1];
    assert_eq!(
        stream.read(&mut byte).unwrap_or(0),
        0,
        "closed, not answered"
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// An LF-only request hung; a raw UTF-8 path closed the connection with no
/// answer; a malformed request must be answered 400.
#[test]
fn lf_only_requests_raw_utf8_paths_and_malformed_requests_are_answered() {
    let (_guard, addr, _site) = start();
    let (status, _, body) = exchange(
        &addr,
        b"GET /en/indicators/income/ HTTP/1.1\nHost: x\nConnection: close\n\n",
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("</html>"));

    let (status, _, body) = exchange(
        &addr,
        "GET /没有/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".as_bytes(),
    );
    assert_eq!(status, 404, "a raw UTF-8 path is decoded and looked up");
    assert!(!body.is_empty());
    let raw = exchange(
        &addr,
        "GET /en/indicators/income/?q=收入 HTTP/1.1\r\nConnection: close\r\n\r\n".as_bytes(),
    );
    assert_eq!(raw.0, 200);

    for malformed in [
        &b"GET /\xff\xfe/ HTTP/1.1\r\nConnection: close\r\n\r\n"[..],
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nno header here\r\n\r\n",
        b"GET / SPDY/3\r\n\r\n",
    ] {
        let (status, head, body) = exchange(&addr, malformed);
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(malformed));
        assert!(head.contains("Connection: close"), "{head}");
        assert!(!body.is_empty(), "the answer says why");
    }
    let mut huge = b"GET / HTTP/1.1\r\n".to_vec();
    for i in 0..2000 {
        huge.extend_from_slice(format!("X-Filler-{i}: 0123456789\r\n").as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    let (status, head, body) = exchange(&addr, &huge);
    assert_eq!(status, 431, "{head}");
    assert_eq!(String::from_utf8_lossy(&body), "request head too large");
}

/// Any method got 200: only GET and HEAD are answered, HEAD without a body.
#[test]
fn only_get_and_head_are_allowed_and_head_has_no_body() {
    let (_guard, addr, _site) = start();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "get"] {
        let (status, head, _) = exchange(
            &addr,
            format!("{method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1").as_bytes(),
        );
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("\r\nAllow: GET, HEAD\r\n"), "{head}");
    }
    let (status, head, body) = exchange(
        &addr,
        b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    assert!(body.is_empty(), "{} bytes after a HEAD", body.len());
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("Content-Length");
    assert_eq!(length, get(&addr, "/").1.len(), "the length GET would send");
}

/// Two requests on one connection, the second sent before the first is
/// answered, both answered in order (the live-reload script keeps its
/// connection).
#[test]
fn a_kept_alive_connection_answers_each_request_in_turn() {
    let (_guard, addr, _site) = start();
    let (_, _, body) = exchange(
        &addr,
        b"GET /__gongkai/version HTTP/1.1\r\nHost: x\r\n\r\nGET /__gongkai/reload.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("HTTP/1.1 200 OK") && text.contains("location.reload()"),
        "{text}"
    );
}
