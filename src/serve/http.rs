//! The preview's HTTP: one request a connection, answered and closed, with limits that keep
//! any one client from holding the server.
//!
//! - Each connection is read and answered on a thread of its own, and at most
//!   [`Limits::connections`] are open at once: one more is answered `503` and closed, so a
//!   thousand idle connections cost a few dozen threads, not a thousand.
//! - Reading the request and writing the answer time out ([`Limits::read_timeout`],
//!   [`Limits::write_timeout`]): a client that stalls, or never reads a large file, frees its
//!   thread when the time is up and holds up no other.
//! - A request head over [`Limits::head_bytes`] is answered `431` without being read further.
//! - Only `GET` and `HEAD` are served; anything else is `405` with `Allow: GET, HEAD`.
//!
//! Answers carry `Connection: close`: a browser opens a new connection for the next request,
//! which on the same machine costs nothing worth a keep-alive's state.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// What one request is answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body (not sent for `HEAD`).
    pub body: Vec<u8>,
}

impl Reply {
    /// A plain-text reply.
    pub fn text(status: u16, text: &str) -> Self {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
        }
    }
}

/// How much any one client may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once.
    pub connections: usize,
    /// The most bytes of a request's line and headers.
    pub head_bytes: usize,
    /// How long a client may take to send its request.
    pub read_timeout: Duration,
    /// How long a client may take to read the answer.
    pub write_timeout: Duration,
}

/// The limits `briefing serve` uses.
pub const LIMITS: Limits = Limits {
    connections: 64,
    head_bytes: 16 * 1024,
    read_timeout: Duration::from_secs(10),
    write_timeout: Duration::from_secs(30),
};

/// Answer every connection to `listener` with `answer` (given the request's target, such as
/// `/a/b/?x=1`), within `limits`; runs until the listener fails.
pub fn run(
    listener: &TcpListener,
    limits: Limits,
    answer: Arc<dyn Fn(&str) -> Reply + Send + Sync>,
) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let answer = Arc::clone(&answer);
        let spawned = thread::Builder::new()
            .name("briefing-http".to_owned())
            .spawn(move || {
                let _slot = slot;
                handle(stream, limits, &*answer);
            });
        // A thread that cannot start drops its connection (and slot) with it.
        drop(spawned);
    }
}

/// An open connection's place among [`Limits::connections`], given back when it closes.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `503` to a connection over the limit, without reading it or waiting on it.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = send(
        &mut stream,
        &Reply::text(503, "too many connections; try again\n"),
        false,
        &[],
    );
}

fn handle(mut stream: TcpStream, limits: Limits, answer: &dyn Fn(&str) -> Reply) {
    let _ = stream.set_read_timeout(Some(limits.read_timeout));
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let head = match read_head(&mut stream, limits.head_bytes) {
        Ok(head) => head,
        Err(Some(reply)) => {
            let _ = send(&mut stream, &reply, false, &[]);
            return;
        }
        // The client went away or stalled: nothing to answer.
        Err(None) => return,
    };
    let mut words = head.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        let _ = send(&mut stream, &Reply::text(400, "bad request\n"), false, &[]);
        return;
    };
    let _ = match method {
        "GET" => send(&mut stream, &answer(target), false, &[]),
        "HEAD" => send(&mut stream, &answer(target), true, &[]),
        _ => send(
            &mut stream,
            &Reply::text(405, "only GET and HEAD are served\n"),
            false,
            &[("Allow", "GET, HEAD")],
        ),
    };
}

/// The request's line and headers, up to the blank line that ends them. `Err(Some(reply))`:
/// a head too long; `Err(None)`: the connection closed or timed out first.
fn read_head(stream: &mut TcpStream, limit: usize) -> Result<String, Option<Reply>> {
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0_u8; 4096];
    loop {
        let read = stream.read(&mut buffer).map_err(|_| None)?;
        if read == 0 {
            return Err(None);
        }
        head.extend_from_slice(&buffer[..read]);
        if let Some(end) = find(&head, b"\r\n\r\n").or_else(|| find(&head, b"\n\n")) {
            head.truncate(end);
            return Ok(String::from_utf8_lossy(&head).into_owned());
        }
        if head.len() > limit {
            return Err(Some(Reply::text(431, "request headers too large\n")));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Write `reply` (its headers only, for `HEAD`).
fn send(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    headers: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(limits: Limits) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let answer: Arc<dyn Fn(&str) -> Reply + Send + Sync> =
            Arc::new(|target: &str| Reply::text(200, &format!("you asked for {target}")));
        thread::spawn(move || run(&listener, limits, answer));
        address
    }

    fn exchange(address: &str, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let _ = stream.write_all(request);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    #[test]
    fn requests_are_answered_and_limited() {
        let address = server(LIMITS);
        let answer = exchange(&address, b"GET /a/?b HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.ends_with("you asked for /a/?b"), "{answer}");
        let head = exchange(&address, b"HEAD / HTTP/1.0\r\n\r\n");
        let length = format!("Content-Length: {}\r\n", "you asked for /".len());
        assert!(
            head.contains(&length) && head.ends_with("\r\n\r\n"),
            "{head}"
        );
        let post = exchange(&address, b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD"));
        let mut huge = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', 200 * 1024));
        assert!(exchange(&address, &huge).starts_with("HTTP/1.1 431 "));
    }

    #[test]
    fn idle_connections_past_the_limit_are_turned_away_and_hold_up_no_one_else() {
        let limits = Limits {
            connections: 4,
            read_timeout: Duration::from_secs(2),
            ..LIMITS
        };
        let address = server(limits);
        let idle: Vec<TcpStream> = (0..4)
            .map(|_| TcpStream::connect(&address).unwrap())
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        // Every slot is held by a client that sends nothing: the next one is told so at once.
        let refused = exchange(&address, b"GET / HTTP/1.1\r\n\r\n");
        assert!(refused.starts_with("HTTP/1.1 503 "), "{refused}");
        // Once the idle ones time out, their slots serve others again.
        std::thread::sleep(Duration::from_millis(3500));
        let served = exchange(&address, b"GET / HTTP/1.1\r\n\r\n");
        assert!(served.starts_with("HTTP/1.1 200 "), "{served}");
        drop(idle);
    }
}
