//! `briefing links` against a web server on 127.0.0.1 that this test starts: every answer a
//! real site gives (200, a refused HEAD, redirect chains and loops, 404, 410, 429 with
//! `Retry-After`, a host too slow to answer), and what `build` and `check` make of the book it
//! writes. No test reaches beyond the loopback address.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::{briefing_with_env, site_with, stderr};

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// Requests by path: (method, when).
    requests: Mutex<HashMap<String, Vec<(String, Instant)>>>,
    user_agents: Mutex<Vec<String>>,
    active: AtomicUsize,
    most_at_once: AtomicUsize,
}

impl Seen {
    fn count(&self, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .get(path)
            .map_or(0, std::vec::Vec::len)
    }
}

/// Start the server; returns its port and what it sees.
fn serve() -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Seen::default());
    let shared = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&shared);
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    (port, seen)
}

fn answer(mut stream: TcpStream, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(agent) = line
            .strip_prefix("user-agent: ")
            .or(line.strip_prefix("User-Agent: "))
        {
            seen.user_agents
                .lock()
                .unwrap()
                .push(agent.trim().to_owned());
        }
    }
    let earlier = {
        let mut requests = seen.requests.lock().unwrap();
        let list = requests.entry(path.clone()).or_default();
        list.push((method.clone(), Instant::now()));
        list.len() - 1
    };
    if path == "/slow" {
        // Past the client's timeout; not counted as a connection at once, since the client
        // has given up on it.
        std::thread::sleep(Duration::from_secs(3));
        let _ =
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        return;
    }
    let now = seen.active.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_at_once.fetch_max(now, Ordering::SeqCst);
    // Long enough that two lanes of one host overlap if they can.
    std::thread::sleep(Duration::from_millis(30));
    let (status, headers) = match (path.as_str(), method.as_str()) {
        ("/ok" | "/new-home", _) => ("200 OK", String::new()),
        ("/head-refused", "HEAD") => ("405 Method Not Allowed", "allow: GET\r\n".to_owned()),
        ("/head-refused", _) => ("200 OK", String::new()),
        ("/moved", _) => ("301 Moved Permanently", "location: /hop\r\n".to_owned()),
        ("/hop", _) => ("302 Found", "location: /new-home\r\n".to_owned()),
        ("/gone", _) => ("404 Not Found", String::new()),
        ("/removed", _) => ("410 Gone", String::new()),
        ("/busy", _) if earlier == 0 => ("429 Too Many Requests", "retry-after: 1\r\n".to_owned()),
        ("/busy", _) => ("200 OK", String::new()),
        ("/loop-a", _) => ("301 Moved Permanently", "location: /loop-b\r\n".to_owned()),
        ("/loop-b", _) => ("301 Moved Permanently", "location: /loop-a\r\n".to_owned()),
        _ => ("404 Not Found", String::new()),
    };
    // No longer counted before the client can know the answer: counted after it, a thread
    // of this server slowed on a busy machine was still counted when the client's next
    // request on the same lane arrived, and the test saw three at once where two were.
    seen.active.fetch_sub(1, Ordering::SeqCst);
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}content-length: 0\r\nconnection: close\r\n\r\n"
    );
    let _ = stream.flush();
}

/// A Markdown briefing citing `paths` on the server, one claim each, plus one claim citing
/// the first two.
fn site(port: u16, paths: &[&str]) -> tempfile::TempDir {
    let mut text = String::from("+++\ntitle = \"Links\"\ndate = 2026-01-01\n+++\n\n## Claims\n\n");
    for (n, path) in paths.iter().enumerate() {
        text.push_str(&format!("- Claim {n} rests on {path}.[^{}]\n", n + 1));
    }
    text.push_str("- A claim with two sources.[^1][^2]\n\n");
    for (n, path) in paths.iter().enumerate() {
        text.push_str(&format!("[^{}]: http://127.0.0.1:{port}{path}\n", n + 1));
    }
    site_with(&[("content/links.md", text.as_bytes())])
}

/// Run `briefing` without any proxy, so that loopback requests stay on loopback.
fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut command = crate::harness::command();
    for name in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    command
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the briefing binary runs")
}

fn record<'a>(book: &'a toml::Table, port: u16, path: &str) -> &'a toml::Table {
    book[&format!("http://127.0.0.1:{port}{path}")]
        .as_table()
        .unwrap_or_else(|| panic!("no record of {path}"))
}

#[test]
fn links_records_what_each_address_answers_and_build_shows_it() {
    let (port, seen) = serve();
    let paths = [
        "/gone",
        "/ok",
        "/head-refused",
        "/moved",
        "/removed",
        "/busy",
        "/slow",
        "/loop-a",
    ];
    let dir = site(port, &paths);
    let links = ["links", "--delay", "0", "--timeout", "1", "--jobs", "8"];
    let output = run(dir.path(), &links);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        said.contains("checked 8 of 8 source addresses: 2 gone, 1 moved"),
        "{said}"
    );

    let text = fs::read_to_string(dir.path().join("links.toml")).unwrap();
    let book: toml::Table = toml::from_str(&text).unwrap();
    let status = |path: &str| {
        record(&book, port, path)
            .get("status")
            .and_then(toml::Value::as_integer)
    };
    let error = |path: &str| {
        record(&book, port, path)
            .get("error")
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    assert_eq!(status("/ok"), Some(200));
    assert_eq!(
        status("/head-refused"),
        Some(200),
        "GET after a refused HEAD"
    );
    assert_eq!(status("/gone"), Some(404));
    assert_eq!(status("/removed"), Some(410));
    assert_eq!(status("/busy"), Some(200), "asked again after Retry-After");
    assert_eq!(error("/slow").as_deref(), Some("timeout"));
    assert_eq!(error("/loop-a").as_deref(), Some("redirect-loop"));
    let moved = record(&book, port, "/moved");
    assert_eq!(moved["status"].as_integer(), Some(200));
    let hops: Vec<&str> = moved["redirects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hop| hop.as_str().unwrap())
        .collect();
    assert_eq!(
        hops,
        [
            format!("http://127.0.0.1:{port}/hop"),
            format!("http://127.0.0.1:{port}/new-home")
        ]
    );
    // Sorted by address, so a new check changes only the lines of what changed.
    let addresses: Vec<&String> = book.keys().collect();
    let mut sorted = addresses.clone();
    sorted.sort();
    assert_eq!(addresses, sorted);
    assert!(text.find("/busy").unwrap() < text.find("/gone").unwrap());

    // Politeness: two connections to one host at most, a real User-Agent, and the 429's
    // Retry-After honoured.
    assert!(seen.most_at_once.load(Ordering::SeqCst) <= 2);
    assert!(seen.most_at_once.load(Ordering::SeqCst) >= 1);
    assert!(seen
        .user_agents
        .lock()
        .unwrap()
        .iter()
        .all(|agent| agent.starts_with("briefing-links/")));
    let busy = seen.requests.lock().unwrap()["/busy"].clone();
    assert!(busy.len() >= 2);
    assert!(busy[busy.len() - 1].1 - busy[0].1 >= Duration::from_millis(950));
    assert_eq!(
        seen.requests.lock().unwrap()["/head-refused"]
            .iter()
            .map(|(m, _)| m.as_str())
            .collect::<Vec<_>>(),
        ["HEAD", "GET"]
    );

    // The build reads the book: the gone source is marked with its archived copy, the moved
    // one says where it went.
    let output = briefing_with_env(dir.path(), &["build"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(dir.path().join("public/links/index.html")).unwrap();
    let gone_item = page
        .split("<li id=\"source-1\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap();
    assert!(gone_item.contains("unreachable as of"), "{gone_item}");
    assert!(gone_item.contains("(HTTP 404)"), "{gone_item}");
    let day = record(&book, port, "/gone")["checked"]
        .as_str()
        .unwrap()
        .replace('-', "");
    assert!(
        gone_item.contains(&format!(
            "href=\"https://web.archive.org/web/{day}/http://127.0.0.1:{port}/gone\""
        )),
        "{gone_item}"
    );
    assert!(page.contains("moved, as of"));
    assert!(page.contains(&format!("href=\"http://127.0.0.1:{port}/new-home\"")));
    // A source that answered slowly or in a loop is not called gone.
    assert_eq!(page.matches("unreachable as of").count(), 2);

    // `check` warns of the gone sources and of the claims resting only on them.
    let output = briefing_with_env(dir.path(), &["check"], &[]);
    let err = stderr(&output);
    assert!(
        err.contains("warning: source [1] is gone: HTTP 404 when checked on"),
        "{err}"
    );
    assert!(
        err.contains("warning: source [5] is gone: HTTP 410"),
        "{err}"
    );
    assert!(
        err.contains("claim “Claim 0 rests on /gone.” rests only on sources that are gone: [1]"),
        "{err}"
    );
    assert!(
        !err.contains("A claim with two sources"),
        "one of its sources stands: {err}"
    );

    // A second run checks again an entry older than --max-age and those without a certain
    // answer (the timeout, the loop), and nothing else.
    let ok_before = seen.count("/ok");
    let gone_before = seen.count("/gone");
    let aged = text.replacen(
        &format!(
            "[\"http://127.0.0.1:{port}/ok\"]\nstatus = 200\nchecked = \"{}\"",
            record(&book, port, "/ok")["checked"].as_str().unwrap()
        ),
        &format!("[\"http://127.0.0.1:{port}/ok\"]\nstatus = 200\nchecked = \"2001-01-01\""),
        1,
    );
    assert_ne!(aged, text, "the /ok record is written as expected:\n{text}");
    fs::write(dir.path().join("links.toml"), &aged).unwrap();
    let output = run(dir.path(), &links);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(said.contains("checked 3 of 8"), "{said}");
    assert_eq!(seen.count("/ok"), ok_before + 1);
    assert_eq!(seen.count("/gone"), gone_before);
    assert_eq!(
        fs::read_to_string(dir.path().join("links.toml")).unwrap(),
        text
    );
}

#[test]
fn without_a_network_links_says_so_and_changes_nothing() {
    // A port nobody listens on: every connection is refused, as on a machine offline.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = site(port, &["/a", "/b"]);
    let book = "# kept as it is\n";
    fs::write(dir.path().join("links.toml"), book).unwrap();
    let output = run(dir.path(), &["links", "--delay", "0", "--timeout", "2"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("is this machine offline?"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("links.toml")).unwrap(),
        book
    );
}

#[test]
fn a_broken_links_file_stops_the_build_with_its_line() {
    let dir = site(80, &["/a"]);
    fs::write(
        dir.path().join("links.toml"),
        "[\"http://127.0.0.1:80/a\"]\nstatus = \"fine\"\nchecked = 2026-01-01\n",
    )
    .unwrap();
    let output = briefing_with_env(dir.path(), &["build"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("links.toml is not valid"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(!dir.path().join("public").exists());
}
