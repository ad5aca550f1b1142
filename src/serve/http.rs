//! The small HTTP/1.1 server under `serve`: it listens on 127.0.0.1 only,
//! answers GET and HEAD from a handler, and nothing else.
//!
//! It bounds what a client can take: a fixed pool of [`WORKERS`] threads
//! serves the connections, at most [`QUEUE`] more wait for one (a further
//! connection is answered 503), a connection idle for [`IDLE`] is closed,
//! and a request's head must arrive whole within [`REQUEST_TIMEOUT`] and
//! [`MAX_HEAD`] bytes; an idle connection gives its worker up at once to
//! one that waits. Every request gets an answer: a malformed one 400,
//! another method 405 with `Allow`. Lines may end in LF alone, and a path
//! may come with raw UTF-8 bytes as well as percent escapes.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Threads serving connections; the server never starts more.
pub const WORKERS: usize = 8;
/// Connections accepted and waiting for a worker; beyond, 503.
pub const QUEUE: usize = 64;
/// How long a connection may wait, idle, for its next request.
pub const IDLE: Duration = Duration::from_secs(5);
/// How often an idle connection looks whether others wait for its worker.
const IDLE_STEP: Duration = Duration::from_millis(100);
/// How long a new connection keeps its worker, for its first request,
/// when others wait.
const FIRST_REQUEST: Duration = Duration::from_secs(1);
/// How long a request's head may take to arrive, and a response to be sent.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request line and headers accepted.
pub const MAX_HEAD: usize = 16 * 1024;
/// After an answer that closes the connection, how long what the client
/// still sends is read and dropped, so that closing does not reset the
/// connection before the client has read the answer.
const LINGER: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request the handler answers: GET or HEAD of a decoded path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The percent-decoded path, without query or fragment; starts with `/`.
    pub path: String,
}

/// An answer; `Content-Length` and `Connection` are added when it is sent,
/// and the body is left out for HEAD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    fn text(status: u16, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }
}

pub type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// Serves `listener` with `handler` until the process ends.
pub fn serve(listener: TcpListener, handler: Arc<Handler>) -> io::Result<()> {
    let (queue, waiting_streams) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let waiting_streams = Arc::new(Mutex::new(waiting_streams));
    // Connections accepted and not yet taken by a worker: while there are
    // some, a worker closes a connection after its answer rather than wait
    // for another request on it.
    let waiting = Arc::new(AtomicUsize::new(0));
    for i in 0..WORKERS {
        let streams = waiting_streams.clone();
        let handler = handler.clone();
        let waiting = waiting.clone();
        std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .spawn(move || loop {
                let next = streams.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(stream) = next else { return };
                waiting.fetch_sub(1, Ordering::SeqCst);
                // A fault in one answer closes that connection, not the
                // worker: the pool keeps its size.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    connection(stream, &*handler, &waiting)
                }));
            })?;
    }
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: try again shortly rather than spin.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        waiting.fetch_add(1, Ordering::SeqCst);
        match queue.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(stream)) => {
                waiting.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let busy = Response::text(503, "the preview server is busy; try again")
                    .with_header("Retry-After", "1");
                let _ = send(&stream, &busy, false, true);
            }
            Err(TrySendError::Disconnected(_)) => break,
        }
    }
    Ok(())
}

/// Answers the requests of one connection until it closes, idles, errs or
/// others are waiting.
fn connection(mut stream: TcpStream, handler: &Handler, waiting: &AtomicUsize) {
    let _ = stream.set_write_timeout(Some(REQUEST_TIMEOUT));
    let mut buffer = Vec::new();
    let mut fresh = true;
    loop {
        let head = match read_head(&mut stream, &mut buffer, waiting, fresh) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(Incomplete::Io) => return,
            Err(Incomplete::TooLarge) => {
                let _ = send(
                    &stream,
                    &Response::text(431, "request head too large"),
                    false,
                    true,
                );
                return linger(stream);
            }
            Err(Incomplete::TimedOut) => {
                let _ = send(
                    &stream,
                    &Response::text(408, "request timed out"),
                    false,
                    true,
                );
                return linger(stream);
            }
        };
        let (response, head_only, close) = match parse(&head) {
            Ok(parsed) => match parsed.method {
                Ok(method) => {
                    let request = Request {
                        method,
                        path: parsed.path,
                    };
                    (handler(&request), method == Method::Head, parsed.close)
                }
                Err(()) => (
                    Response::text(405, "only GET and HEAD are allowed")
                        .with_header("Allow", "GET, HEAD"),
                    false,
                    parsed.close,
                ),
            },
            Err(bad) => (Response::text(400, bad.message()), false, true),
        };
        fresh = false;
        let close = close || waiting.load(Ordering::SeqCst) > 0;
        if send(&stream, &response, head_only, close).is_err() {
            return;
        }
        if close {
            return linger(stream);
        }
    }
}

/// Why no request head could be read.
enum Incomplete {
    /// The head grew past [`MAX_HEAD`].
    TooLarge,
    /// Part of a head came, the rest not in time.
    TimedOut,
    Io,
}

/// Reads until a whole request head is in `buffer`, and takes it out.
/// `Ok(None)`: the connection closed, or idled with no request begun for
/// [`IDLE`], or while other connections wait for a worker (a `fresh`
/// connection, whose first request may still be on its way, after
/// [`FIRST_REQUEST`]).
fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    waiting: &AtomicUsize,
    fresh: bool,
) -> Result<Option<Vec<u8>>, Incomplete> {
    let idle_since = Instant::now();
    let mut started: Option<Instant> = None;
    let mut chunk = [0u8; 4096];
    loop {
        // Empty lines before a request line are ignored (RFC 9112 §2.2).
        let blank = buffer
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(buffer.len());
        buffer.drain(..blank);
        if let Some(end) = head_end(buffer) {
            let rest = buffer.split_off(end);
            return Ok(Some(std::mem::replace(buffer, rest)));
        }
        if buffer.len() > MAX_HEAD {
            return Err(Incomplete::TooLarge);
        }
        if !buffer.is_empty() && started.is_none() {
            started = Some(Instant::now());
        }
        let timeout = match started {
            None if waiting.load(Ordering::SeqCst) > 0
                && (!fresh || idle_since.elapsed() >= FIRST_REQUEST) =>
            {
                return Ok(None)
            }
            // In short steps, to see whether others are waiting.
            None => match IDLE.checked_sub(idle_since.elapsed()) {
                Some(left) if !left.is_zero() => left.min(IDLE_STEP),
                _ => return Ok(None),
            },
            Some(at) => match REQUEST_TIMEOUT.checked_sub(at.elapsed()) {
                Some(left) if !left.is_zero() => left,
                _ => return Err(Incomplete::TimedOut),
            },
        };
        let _ = stream.set_read_timeout(Some(timeout));
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if started.is_some() {
                    return Err(Incomplete::TimedOut);
                }
            }
            Err(_) => return Err(Incomplete::Io),
        }
    }
}

/// Where the head ends: after the first empty line, CRLF or LF alone.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\n', &bytes[from..]).map(|i| from + i) {
        match bytes.get(i + 1) {
            Some(b'\n') => return Some(i + 2),
            Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => return Some(i + 3),
            _ => from = i + 1,
        }
    }
    None
}

/// A request head, read: the method if it is one we answer.
#[derive(Debug)]
struct Parsed {
    method: Result<Method, ()>,
    path: String,
    /// The client asked to close, or sent a body we do not read.
    close: bool,
}

/// What makes a request malformed (answered 400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Malformed {
    RequestLine,
    Version,
    Header,
    Target,
    NotUtf8,
}

impl Malformed {
    fn message(self) -> &'static str {
        match self {
            Malformed::RequestLine => "malformed request line",
            Malformed::Version => "only HTTP/1.0 and HTTP/1.1 are spoken",
            Malformed::Header => "malformed header line",
            Malformed::Target => "the request target is not a path",
            Malformed::NotUtf8 => "the path is not UTF-8",
        }
    }
}

fn parse(head: &[u8]) -> Result<Parsed, Malformed> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .take_while(|l| !l.is_empty());
    let line = lines.next().ok_or(Malformed::RequestLine)?;
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(Malformed::RequestLine);
    };
    if method.is_empty() || !method.iter().all(|&b| is_token(b)) {
        return Err(Malformed::RequestLine);
    }
    let http_10 = match version {
        b"HTTP/1.1" => false,
        b"HTTP/1.0" => true,
        _ => return Err(Malformed::Version),
    };
    let mut close = http_10;
    for line in lines {
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or(Malformed::Header)?;
        let (name, value) = (&line[..colon], trim(&line[colon + 1..]));
        if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
            return Err(Malformed::Header);
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        let value = String::from_utf8_lossy(value).to_ascii_lowercase();
        match name.as_str() {
            "connection" => {
                for option in value.split(',').map(str::trim) {
                    match option {
                        "close" => close = true,
                        "keep-alive" => close = false,
                        _ => {}
                    }
                }
            }
            // The body is not read: the connection cannot be reused.
            "content-length" if value != "0" => close = true,
            "transfer-encoding" => close = true,
            _ => {}
        }
    }
    let method = match method {
        b"GET" => Ok(Method::Get),
        b"HEAD" => Ok(Method::Head),
        _ => Err(()),
    };
    let path = if method.is_ok() {
        path_of(target)?
    } else {
        String::new()
    };
    Ok(Parsed {
        method,
        path,
        close,
    })
}

/// The decoded path of a request target: origin form (`/a/b?q`) or
/// absolute form (`http://host/a/b`). Raw bytes above ASCII are taken as
/// they are; the result must be UTF-8.
fn path_of(target: &[u8]) -> Result<String, Malformed> {
    let target = match target.iter().position(|&b| b == b'?' || b == b'#') {
        Some(i) => &target[..i],
        None => target,
    };
    let lower = target.to_ascii_lowercase();
    let path = if target.starts_with(b"/") {
        target
    } else if let Some(rest) = ["http://", "https://"]
        .iter()
        .find(|s| lower.starts_with(s.as_bytes()))
        .map(|s| &target[s.len()..])
    {
        match rest.iter().position(|&b| b == b'/') {
            Some(i) => &rest[i..],
            None => b"/",
        }
    } else {
        return Err(Malformed::Target);
    };
    if path.iter().any(|&b| b.is_ascii_control() || b == b' ') {
        return Err(Malformed::Target);
    }
    String::from_utf8(percent_decode(path)).map_err(|_| Malformed::NotUtf8)
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
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
    out
}

/// RFC 9110 `tchar`.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `response`; header values lose any control character, so that
/// no value can end the head early.
fn send(
    mut stream: &TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Closes after an answer: stops sending, then drops what the client
/// still sends for a short while (bounded in time and bytes), so that the
/// answer is not lost to a reset.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut chunk = [0u8; 4096];
    let mut left = 64 * 1024usize;
    while left > 0 {
        let Some(timeout) = until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
        else {
            return;
        };
        let _ = stream.set_read_timeout(Some(timeout));
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(head: &str) -> Result<String, Malformed> {
        parse(head.as_bytes()).map(|p| p.path)
    }

    #[test]
    fn decodes_percent_escapes_and_raw_utf8() {
        assert_eq!(percent_decode(b"/a%20b/%E4%B8%AD"), "/a b/中".as_bytes());
        assert_eq!(percent_decode(b"/100%"), b"/100%");
        assert_eq!(percent_decode(b"/%zz"), b"/%zz");
        assert_eq!(path("GET /数据/?x=1 HTTP/1.1\r\n\r\n").unwrap(), "/数据/");
        assert_eq!(path("GET /%E6%95%B0 HTTP/1.1\n\n").unwrap(), "/数");
        assert_eq!(
            path("GET http://127.0.0.1:9/a/b HTTP/1.1\r\n\r\n").unwrap(),
            "/a/b"
        );
        assert_eq!(
            path("GET http://127.0.0.1:9 HTTP/1.1\r\n\r\n").unwrap(),
            "/"
        );
    }

    #[test]
    fn malformed_requests_are_named() {
        let bad = |head: &[u8]| parse(head).unwrap_err();
        assert_eq!(bad(b"GET / HTTP/1.1 extra\r\n\r\n"), Malformed::RequestLine);
        assert_eq!(bad(b"GET\r\n\r\n"), Malformed::RequestLine);
        assert_eq!(bad(b"G(T / HTTP/1.1\r\n\r\n"), Malformed::RequestLine);
        assert_eq!(bad(b"GET / HTTP/2\r\n\r\n"), Malformed::Version);
        assert_eq!(
            bad(b"GET / HTTP/1.1\r\nno colon\r\n\r\n"),
            Malformed::Header
        );
        assert_eq!(
            bad(b"GET / HTTP/1.1\r\n folded: x\r\n\r\n"),
            Malformed::Header
        );
        assert_eq!(bad(b"GET a/b HTTP/1.1\r\n\r\n"), Malformed::Target);
        assert_eq!(bad(b"GET /\xff\xfe HTTP/1.1\r\n\r\n"), Malformed::NotUtf8);
        assert_eq!(bad(b"GET /%FF HTTP/1.1\r\n\r\n"), Malformed::NotUtf8);
    }

    #[test]
    fn other_methods_are_refused_and_bodies_close_the_connection() {
        let p = parse(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").unwrap();
        assert_eq!(p.method, Err(()));
        assert!(p.close);
        let p = parse(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(p.method, Ok(Method::Head));
        assert!(!p.close);
        assert!(parse(b"GET / HTTP/1.0\r\n\r\n").unwrap().close);
        assert!(
            !parse(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                .unwrap()
                .close
        );
        assert!(
            parse(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                .unwrap()
                .close
        );
    }

    #[test]
    fn a_head_ends_at_an_empty_line_of_crlf_or_lf() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\nrest"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: x\r\n\nrest"), Some(25));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }
}
