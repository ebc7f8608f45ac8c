//! `briefing serve`: pages from memory over HTTP on loopback, rebuilt when a snapshot changes.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::site_with;

const GOOD: &str =
    "rivers – Perplexity\nRivers flood in spring. [1]\n[1] https://example.org/rivers\n";

/// The server process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET path` with HTTP/1.0: the status code and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    (status, body)
}

/// `briefing serve --port 0 ARGS` in `root`: the server and the address it listens on.
fn start(root: &std::path::Path, args: &[&str]) -> (Server, String) {
    launch(root, args, Stdio::null())
}

/// `briefing serve --port 0` started in the site's folder `root` with no `--root`, as a user
/// starts it: the server, the address it listens on, and the lines it prints on stderr, as
/// they come.
fn start_in(root: &std::path::Path) -> (Server, String, mpsc::Receiver<String>) {
    let (mut server, address) = launch(root, &[], Stdio::piped());
    let stderr = server.0.stderr.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (server, address, lines)
}

/// `briefing serve --port 0 ARGS` in `root` with its stderr to `stderr`: the server and the
/// address it names on its first line.
fn launch(root: &std::path::Path, args: &[&str], stderr: Stdio) -> (Server, String) {
    let mut child = crate::harness::command()
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("serving http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    (server, address)
}

/// The next line of `lines` that `wanted` takes, waiting at most a generous while.
fn next_line(lines: &mpsc::Receiver<String>, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .expect("the server printed the line in time");
        if wanted(&line) {
            return line;
        }
    }
}

#[test]
fn a_saved_snapshot_is_shown_from_its_file_before_the_site_is_checked() {
    let dir = site_with(&[
        ("content/rivers.txt", GOOD.as_bytes()),
        (
            "content/notes/tides.txt",
            GOOD.replace("Rivers", "Tides").as_bytes(),
        ),
    ]);
    let (_server, address, lines) = start_in(dir.path());
    next_line(&lines, |line| line.starts_with("built 2 briefings"));
    fs::write(
        dir.path().join("content/notes/tides.txt"),
        GOOD.replace("Rivers flood in spring", "Tides turn twice a day"),
    )
    .unwrap();
    // The watcher's paths reach the quick path (they must be read against the site's folder as
    // `serve` was given it, here `.`), and it shows the page before the whole check ends.
    let shown = next_line(&lines, |line| {
        line.contains("its page is shown") || line.starts_with("built")
    });
    assert!(
        shown.starts_with("content/notes/tides.txt: its page is shown ("),
        "{shown}"
    );
    next_line(&lines, |line| line.starts_with("built 2 briefings"));
    assert!(get(&address, "/notes/tides/")
        .1
        .contains("Tides turn twice a day."));
}

#[test]
fn serve_base_url_names_the_served_address_in_absolute_links() {
    let dir = site_with(&[
        ("content/rivers.txt", GOOD.as_bytes()),
        ("site.toml", b"base_url = \"https://example.org/briefs/\"\n"),
    ]);
    let (_server, address) = start(dir.path(), &["--base-url", "http://192.168.1.5:8000"]);
    let (status, feed) = get(&address, "/atom.xml");
    assert_eq!(status, 200);
    assert!(feed.contains("http://192.168.1.5:8000/rivers/"), "{feed}");
    assert!(!feed.contains("example.org/briefs"), "{feed}");
    let (_, missing) = get(&address, "/no/such/page/");
    assert!(
        missing.contains("href=\"http://192.168.1.5:8000/style.css\""),
        "{missing}"
    );

    // The server serves at the root of its address: a path, or no scheme, is refused.
    for bad in ["http://192.168.1.5:8000/briefs/", "192.168.1.5:8000"] {
        let output = crate::harness::command()
            .args(["serve", "--port", "0", "--base-url", bad])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--base-url"), "{bad}: {stderr}");
    }
}

#[test]
fn serve_builds_in_memory_and_rebuilds_on_change() {
    // Issue 10: served here, never with links to the production host of base_url.
    let dir = site_with(&[
        ("content/rivers.txt", GOOD.as_bytes()),
        ("site.toml", b"base_url = \"https://example.org/briefs/\"\n"),
    ]);
    let (_server, address) = start(dir.path(), &[]);

    let (status, page) = get(&address, "/rivers/");
    assert_eq!(status, 200);
    assert!(page.contains("Rivers flood in spring."));
    assert!(
        page.contains("/__briefing/version"),
        "pages reload themselves"
    );
    assert_eq!(get(&address, "/").0, 200);
    assert_eq!(get(&address, "/style.css").0, 200);
    let (status, missing) = get(&address, "/energy/no/such/page/");
    assert_eq!(status, 404);
    // A 404 at a nested address still finds its style, on this server.
    assert!(missing.contains("href=\"/style.css\""), "{missing}");
    assert!(!missing.contains("example.org/briefs"), "{missing}");
    assert!(!dir.path().join("public").exists(), "serve writes nothing");

    let (_, version) = get(&address, "/__briefing/version");
    fs::write(
        dir.path().join("content/rivers.txt"),
        GOOD.replace("in spring", "every spring"),
    )
    .unwrap();
    // Wait for the rebuild (the server polls twice a second); give up after a generous while.
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&address, "/__briefing/version").1 == version {
        assert!(
            Instant::now() < deadline,
            "no rebuild after the snapshot changed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(get(&address, "/rivers/")
        .1
        .contains("Rivers flood every spring."));

    // A broken snapshot keeps the last good site.
    let (_, version) = get(&address, "/__briefing/version");
    fs::write(
        dir.path().join("content/rivers.txt"),
        "q\nBroken. [1]\n[1] a.org\n[1] b.org\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(get(&address, "/__briefing/version").1, version);
    assert!(get(&address, "/rivers/")
        .1
        .contains("Rivers flood every spring."));
}

#[test]
fn serve_renders_with_a_template_as_soon_as_it_is_edited() {
    let dir = site_with(&[
        ("content/rivers.txt", GOOD.as_bytes()),
        ("templates/404.html", b"<p>Nothing here, first.</p>\n"),
    ]);
    let (_server, address) = start(dir.path(), &[]);
    assert!(get(&address, "/no/such/page/")
        .1
        .contains("Nothing here, first."));

    // Compiled templates are kept between rebuilds only while the site's own are unchanged.
    let (_, version) = get(&address, "/__briefing/version");
    fs::write(
        dir.path().join("templates/404.html"),
        "<p>Nothing here, second.</p>\n",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&address, "/__briefing/version").1 == version {
        assert!(
            Instant::now() < deadline,
            "no rebuild after the template changed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, page) = get(&address, "/no/such/page/");
    assert!(page.contains("Nothing here, second."), "{page}");
}

#[test]
fn a_page_reloads_only_when_its_own_bytes_change() {
    let dir = site_with(&[
        ("content/rivers.txt", GOOD.as_bytes()),
        (
            "content/lakes.txt",
            "lakes – Perplexity\nLakes freeze in winter. [1]\n[1] https://example.org/lakes\n"
                .as_bytes(),
        ),
    ]);
    let (_server, address) = start(dir.path(), &[]);
    let hash = |page: &str| get(&address, &format!("/__briefing/version?path={page}")).1;
    let (rivers, lakes) = (hash("/rivers/"), hash("/lakes/"));
    assert_eq!(rivers.len(), 16, "a hash of the page: {rivers}");
    assert_eq!(hash("/no/such/page/"), "none");
    fs::write(
        dir.path().join("content/rivers.txt"),
        GOOD.replace("in spring", "every spring"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while hash("/rivers/") == rivers {
        assert!(Instant::now() < deadline, "the edited page never changed");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(get(&address, "/rivers/").1.contains("every spring"));
    // Once the whole site is rendered again, the other briefing's page is the same.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(hash("/lakes/"), lakes, "an unchanged page does not reload");
}

/// `METHOD path` with HTTP/1.0: the status code.
fn status_of(address: &str, method: &str, path: &str) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {address}\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn only_get_and_head_are_served_and_a_stalled_client_delays_no_one() {
    let dir = site_with(&[("content/rivers.txt", GOOD.as_bytes())]);
    fs::create_dir_all(dir.path().join("static")).unwrap();
    fs::write(
        dir.path().join("static/big.bin"),
        vec![b'x'; 32 * 1024 * 1024],
    )
    .unwrap();
    let (_server, address) = start(dir.path(), &[]);
    for method in ["POST", "DELETE", "OPTIONS", "PUT"] {
        assert_eq!(status_of(&address, method, "/"), 405, "{method}");
    }
    assert_eq!(status_of(&address, "HEAD", "/"), 200);
    // A client asks for a large file and never reads it.
    let mut stalled = TcpStream::connect(&address).unwrap();
    write!(stalled, "GET /big.bin HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Another is answered (not a timing: with responses written one at a time it would wait
    // until the first client went away, and `get` gives up after 10 s).
    let (status, page) = get(&address, "/rivers/");
    assert_eq!(status, 200);
    assert!(page.contains("Rivers flood in spring."));
    drop(stalled);
}

#[test]
fn idle_connections_cost_a_bounded_number_of_threads() {
    let dir = site_with(&[("content/rivers.txt", GOOD.as_bytes())]);
    let (server, address) = start(dir.path(), &[]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let threads = fs::read_dir(format!("/proc/{}/task", server.0.id()))
        .unwrap()
        .count();
    assert!(threads < 120, "{threads} threads for 300 idle connections");
    drop(idle);
}
