//! `briefing serve`: the site built into memory and served over HTTP, rebuilt when its files
//! change, with open pages reloading themselves.
//!
//! Nothing is written to disk. Changes are found through the operating system's file
//! notifications (`notify`), or by polling the site's files twice a second where those are not
//! available (some network mounts). The page of a snapshot just saved is rendered from its file
//! against the last site and published first, where it can be made without the rest
//! ([`quick`]); then the whole site is checked, reading and parsing only the snapshots that
//! changed, and rendered again, keeping every page whose input did not change: the page being
//! edited shows the edit at once, whatever the size of the site. Each open page
//! asks a few times a second for a hash of its own bytes and reloads when they change. A build
//! with errors keeps the last good site in place and shows the errors in the terminal.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Duration;

use crate::diagnostic::Color;
use crate::error::{Error, Result};
use crate::pipeline::{check_for_build, BuildOptions, CheckedSite, ParseCache};
use crate::render::Renderer;
use crate::report::{changed_diagnostics, counts};
use crate::write::{MemoryFiles, MemoryOutput, Output};

mod http;
mod quick;

use http::Reply;
use quick::LastSite;

/// The address pages poll to learn that the site was rebuilt.
const VERSION_PATH: &str = "/__briefing/version";

/// Added before `</body>` of every served page: reload when the page's own bytes change. It
/// asks every 50 ms: the server shows a saved edit in ~25 ms, and asking every 150 ms made
/// the wait for the next question most of the time from a save to the page in the browser
/// (a request to this server on the same machine costs well under a millisecond).
const RELOAD_SCRIPT: &str = "<script>(function(){var p=location.pathname,v=null;function poll(){fetch('/__briefing/version?path='+encodeURIComponent(p)).then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload();return}v=t;setTimeout(poll,50)}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>";

/// The site as served: its files and a version that changes on every rebuild.
#[derive(Debug, Default)]
struct Served {
    /// Shared with the rebuild that keeps the unchanged ones ([`MemoryOutput::after`]).
    files: Arc<MemoryFiles>,
    version: u64,
    /// What the last build reported, so a rebuild prints only what changed.
    diagnostics: std::collections::BTreeSet<String>,
}

impl Served {
    /// Serve `files` in place of the files of the same names, and bump the version.
    fn add(&mut self, files: MemoryFiles) {
        Arc::make_mut(&mut self.files).extend(files);
        self.version += 1;
    }
}

/// The renderer of the last build with the site templates it was made from, kept while they
/// stay the same: compiling the templates took a tenth of the time `serve` needed to show an
/// edit at 10,000 briefings.
#[derive(Default)]
struct KeptRenderer(std::sync::Mutex<Option<(Templates, Arc<Renderer>)>>);

/// A site's own templates, by name.
type Templates = BTreeMap<String, String>;

impl KeptRenderer {
    fn for_templates(&self, templates: &Templates) -> Result<Arc<Renderer>> {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, renderer)) = kept.as_ref() {
            if seen == templates {
                return Ok(Arc::clone(renderer));
            }
        }
        let renderer = Arc::new(Renderer::new(templates)?);
        *kept = Some((templates.clone(), Arc::clone(&renderer)));
        Ok(renderer)
    }

    /// The renderer of the last build, whatever the templates are now.
    fn last(&self) -> Option<Arc<Renderer>> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.as_ref().map(|(_, renderer)| Arc::clone(renderer))
    }
}

/// What `serve` keeps from one build for the next.
#[derive(Default)]
struct Kept {
    /// The snapshots parsed so far.
    cache: ParseCache,
    /// The renderer and the templates it was made from.
    renderer: KeptRenderer,
    /// The last site built, when it was good: an edit's page is rendered against it before
    /// the whole site is checked again ([`quick`]).
    last: std::sync::Mutex<Option<LastSite>>,
}

/// Build the site at `root` into memory, serve it on `bind:port`, and rebuild on change.
/// `base_url` is where other machines reach this server, if the site's absolute links should
/// name it. `ready` is called with the address once the server listens; then this runs until
/// the process ends.
pub fn serve(
    root: &Path,
    bind: &str,
    port: u16,
    base_url: Option<String>,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    if let Some(base_url) = &base_url {
        check_served_base_url(base_url)?;
    }
    // The watcher names changed files by their full paths, which the quick path reads
    // against the site's folder: from `.`, the default, it never showed an edit.
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Served here, at this address's root: never at the production host of base_url.
    let options = BuildOptions {
        root,
        jobs: None,
        base_url: Some(base_url.unwrap_or_default()),
        drafts: true,
    };
    let served = Arc::new(RwLock::new(Served::default()));
    let kept = Kept::default();
    // Watch before the first build, so that a change made while it runs is not missed.
    let changes = Changes::start(&options.root);
    rebuild(&options, &kept, &served)?;
    let listener = std::net::TcpListener::bind((bind, port)).map_err(|source| Error::Serve {
        address: format!("{bind}:{port}"),
        message: source.to_string(),
    })?;
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], port)));
    ready(address);
    let watched = Arc::clone(&served);
    thread::spawn(move || watch(changes, &options, &kept, &watched));
    http::run(
        &listener,
        http::LIMITS,
        Arc::new(move |target: &str| respond(target, &served)),
    );
    Ok(())
}

/// A `--base-url` for `serve`: a full address at the root of its host, since the server
/// serves the site at `/` (a path would send the 404 page's style and links where nothing is
/// served).
fn check_served_base_url(base_url: &str) -> Result<()> {
    let invalid = |message: String| Error::SiteConfig {
        path: PathBuf::from("--base-url"),
        message,
    };
    crate::site::SiteConfig::checked_base_url(base_url).map_err(invalid)?;
    let after_scheme = base_url.split_once("://").map_or("", |(_, rest)| rest);
    match after_scheme.split_once('/') {
        Some((_, path)) if !path.is_empty() => Err(invalid(format!(
            "`serve` serves the site at the root of its address; give --base-url without a path (`{}`)",
            &base_url[..base_url.len() - path.len() - 1]
        ))),
        _ => Ok(()),
    }
}

/// Build into memory; on success, replace the served site and bump its version. The
/// briefings whose snapshots changed are rendered and published first, then the whole site.
fn rebuild(options: &BuildOptions, kept: &Kept, served: &RwLock<Served>) -> Result<()> {
    let mut last = kept
        .last
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *last = None;
    let checked = check_for_build(options, Some(&kept.cache))?;
    let published = publish(&options.root, &checked, &kept.renderer, served);
    // The briefings were lent by the cache: the next edit needs them again.
    if published.is_ok() && checked.report.error_count() == 0 {
        let (site, entries) = LastSite::keep(checked.site);
        kept.cache.give_back(entries);
        *last = Some(site);
    } else {
        kept.cache.give_back(checked.site.entries);
    }
    published
}

/// Publish the page of the snapshot that the `changed` paths name, rendered against the last
/// good site, when it can be made without checking the whole site again ([`quick`]).
fn show_edit(root: &Path, changed: &[PathBuf], kept: &Kept, served: &RwLock<Served>) {
    let last = kept
        .last
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (Some(last), Some(renderer)) = (last.as_ref(), kept.renderer.last()) else {
        return;
    };
    let start = std::time::Instant::now();
    if let Some((snapshot, page)) = last.edited_page(root, changed, &kept.cache, &renderer) {
        served
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .add(page);
        // Which save the rebuild that follows is for, as Zola and Hugo name the changed file.
        eprintln!(
            "{}: its page is shown ({} ms); checking the whole site",
            snapshot.display(),
            start.elapsed().as_millis()
        );
    }
}

/// Render `checked`, the site at `root`, into memory and serve it (see [`rebuild`]); nothing
/// when it has errors.
fn publish(
    root: &Path,
    checked: &CheckedSite,
    renderer: &KeptRenderer,
    served: &RwLock<Served>,
) -> Result<()> {
    let first_build = served.read().map_or(true, |served| served.files.is_empty());
    {
        let mut served = served
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Only what changed since the last build, errors first: the one new error must not
        // scroll away under warnings printed every time.
        eprint!(
            "{}",
            changed_diagnostics(&checked.report, &mut served.diagnostics, Color::Never)
        );
    }
    if checked.report.error_count() > 0 {
        eprintln!(
            "build failed: {}; still serving the last good site",
            counts(&checked.report)
        );
        return Ok(());
    }
    let renderer = renderer.for_templates(&checked.templates)?;
    if !first_build && !checked.reparsed.is_empty() {
        let quick = MemoryOutput::default();
        renderer.render_briefings(&checked.site, &checked.reparsed, &quick)?;
        served
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .add(quick.into_memory_files());
    }
    // Every page whose input did not change is kept from the site served now: after a
    // one-claim edit at 50,000 briefings, rendering the whole site again took six seconds,
    // and an edit saved meanwhile waited for them.
    let previous = served
        .read()
        .map_or_else(|_| Arc::default(), |served| Arc::clone(&served.files));
    let mut output = MemoryOutput::after(previous, root);
    renderer.render_site(&checked.site, &checked.assets, &output)?;
    output.finish()?;
    let mut served = served
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    served.files = Arc::new(output.into_memory_files());
    served.version += 1;
    eprintln!(
        "built {} briefings: {}",
        checked.site.entries.len(),
        counts(&checked.report)
    );
    Ok(())
}

/// How changes to the site's files are learned of.
enum Changes {
    /// The operating system's notifications, through a watcher that must stay alive.
    Notified(
        notify::RecommendedWatcher,
        std::sync::mpsc::Receiver<Vec<PathBuf>>,
    ),
    /// Polling where there are none (some network mounts): the files as last seen.
    Polled(Vec<(PathBuf, FileState)>),
}

impl Changes {
    fn start(root: &Path) -> Changes {
        use notify::Watcher;
        let (sender, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if !event.kind.is_access() {
                    let _ = sender.send(event.paths);
                }
            }
        });
        let watching = watcher.and_then(|mut watcher| {
            watcher.watch(root, notify::RecursiveMode::Recursive)?;
            Ok(watcher)
        });
        match watching {
            Ok(watcher) => Changes::Notified(watcher, events),
            Err(_) => Changes::Polled(fingerprint(root)),
        }
    }
}

/// Rebuild whenever a file of the site changes.
fn watch(changes: Changes, options: &BuildOptions, kept: &Kept, served: &RwLock<Served>) {
    let rebuild_now = || {
        if let Err(error) = rebuild(options, kept, served) {
            eprintln!("error: {error}");
        }
    };
    match changes {
        Changes::Notified(_watcher, events) => {
            while let Ok(paths) = events.recv() {
                // An editor's save is several events; take them all before building. The
                // paths they name, unless one names none (the watcher lost track).
                let mut changed = (!paths.is_empty()).then_some(paths);
                while let Ok(paths) = events.recv_timeout(Duration::from_millis(20)) {
                    match (&mut changed, paths.is_empty()) {
                        (Some(changed), false) => changed.extend(paths),
                        _ => changed = None,
                    }
                }
                if let Some(changed) = changed {
                    show_edit(&options.root, &changed, kept, served);
                }
                rebuild_now();
            }
        }
        Changes::Polled(mut seen) => loop {
            thread::sleep(Duration::from_millis(500));
            let now = fingerprint(&options.root);
            if now != seen {
                seen = now;
                rebuild_now();
            }
        },
    }
}

/// What polling sees of a file: its inode, size, and modification and change times to the
/// nanosecond. The change time catches an edit that kept the others as they were (`touch -r`).
type FileState = (u64, u64, i64, i64, i64, i64);

/// Every file that a build reads, with its [`FileState`].
fn fingerprint(root: &Path) -> Vec<(PathBuf, FileState)> {
    use std::os::unix::fs::MetadataExt as _;
    let mut files = Vec::new();
    for part in crate::load::SITE_PARTS {
        for entry in walkdir::WalkDir::new(root.join(part))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(metadata) = entry.metadata() {
                if metadata.is_file() {
                    let state = (
                        metadata.ino(),
                        metadata.len(),
                        metadata.mtime(),
                        metadata.mtime_nsec(),
                        metadata.ctime(),
                        metadata.ctime_nsec(),
                    );
                    files.push((entry.into_path(), state));
                }
            }
        }
    }
    files
}

/// The reply to a request for `url`.
fn respond(url: &str, served: &RwLock<Served>) -> Reply {
    let served = served
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        // `?path=/a/b/`: a hash of that page's bytes, so a page reloads only when it changed.
        let version = match url.split_once("?path=") {
            Some((_, page)) => lookup(&served.files, &percent_decode(page)).map_or_else(
                || "none".to_owned(),
                |(_, bytes)| format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)),
            ),
            None => served.version.to_string(),
        };
        return Reply::text(200, &version);
    }
    match lookup(&served.files, path) {
        Some((file, bytes)) => Reply {
            status: 200,
            content_type: content_type(&file),
            body: if has_extension(&file, "html") {
                with_reload(bytes)
            } else {
                bytes.to_vec()
            },
        },
        None => Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: served
                .files
                .get(Path::new("404.html"))
                .map_or_else(|| b"not found".to_vec(), |file| with_reload(&file.bytes)),
        },
    }
}

/// The served file for a request path: `/` and folders mean their `index.html`. Only names
/// in the built site are looked up, so no request can reach another file.
fn lookup<'a>(files: &'a MemoryFiles, path: &str) -> Option<(PathBuf, &'a [u8])> {
    let decoded = percent_decode(path.trim_start_matches('/'));
    let mut candidates = vec![PathBuf::from(&decoded)];
    if decoded.is_empty() || decoded.ends_with('/') {
        candidates = vec![PathBuf::from(format!("{decoded}index.html"))];
    } else {
        candidates.push(PathBuf::from(format!("{decoded}/index.html")));
    }
    candidates.into_iter().find_map(|candidate| {
        let file = files.get(&candidate)?;
        Some((candidate, &*file.bytes))
    })
}

/// `%20` and friends in a request path.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

/// A page with the reload script before `</body>`.
fn with_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}\n{}", &text[..at], &text[at..]).into_bytes(),
        None => html.to_vec(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_find_pages_and_nothing_else() {
        let output = MemoryOutput::default();
        output.write(Path::new("index.html"), b"home").unwrap();
        output.write(Path::new("a b/index.html"), b"a").unwrap();
        output.write(Path::new("style.css"), b"css").unwrap();
        let files = output.into_memory_files();
        let found = |path: &str| lookup(&files, path).map(|(file, _)| file);
        assert_eq!(found("/"), Some(PathBuf::from("index.html")));
        assert_eq!(found("/a%20b/"), Some(PathBuf::from("a b/index.html")));
        assert_eq!(found("/a%20b"), Some(PathBuf::from("a b/index.html")));
        assert_eq!(found("/style.css"), Some(PathBuf::from("style.css")));
        assert_eq!(found("/../etc/passwd"), None);
        assert_eq!(found("/missing"), None);
    }

    #[test]
    fn a_rebuild_after_the_served_build_makes_the_site_a_fresh_build_makes() {
        let dir = tempfile::tempdir().unwrap();
        let snapshot = |name: &str, text: &str| {
            std::fs::write(dir.path().join("content").join(name), text).unwrap();
        };
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        snapshot(
            "rivers.txt",
            "rivers – Perplexity\nRivers flood in spring. [1]\n[1] https://example.org/rivers\n",
        );
        snapshot(
            "tides.txt",
            "tides – Perplexity\nTides follow the moon. [1]\n[1] https://example.net/tides\n",
        );
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            jobs: None,
            base_url: Some(String::new()),
            drafts: true,
        };
        let build = |mut output: MemoryOutput| {
            crate::pipeline::build(&options, &mut output).unwrap();
            output.into_memory_files()
        };
        let served = Arc::new(build(MemoryOutput::default()));
        // A new title: the index and the search index change with it; the other page not.
        snapshot(
            "rivers.txt",
            "floods – Perplexity\nRivers flood in spring. [1]\n[1] https://example.org/rivers\n",
        );
        let rebuilt = build(MemoryOutput::after(Arc::clone(&served), dir.path()));
        let fresh = build(MemoryOutput::default());
        let bytes = |files: &MemoryFiles| -> Vec<(PathBuf, Vec<u8>)> {
            let files = files.iter();
            files
                .map(|(path, file)| (path.clone(), file.bytes.to_vec()))
                .collect()
        };
        assert_eq!(bytes(&rebuilt), bytes(&fresh));
        let page = Path::new("tides/index.html");
        assert!(
            Arc::ptr_eq(&rebuilt[page].bytes, &served[page].bytes),
            "kept"
        );
        let index = Path::new("index.html");
        assert_ne!(rebuilt[index].bytes, served[index].bytes);
    }

    #[test]
    fn pages_get_the_reload_script() {
        let page = with_reload(b"<html><body><p>x</p></body></html>");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(VERSION_PATH));
        assert!(page.ends_with("</body></html>"));
        assert_eq!(with_reload(b"no body"), b"no body");
    }
}
