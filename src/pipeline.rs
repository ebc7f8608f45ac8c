//! The one pipeline every command goes through: read (`load`) → parse → site, then render
//! and write for `build`; `check`, `parse`, `diff` and `serve` share the same reading, so
//! they report the same problems. Scaffolding (`new`, `init`, `templates --eject`) writes
//! through [`crate::write::create_files`].

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, DiagnosticRecord, Located, Place};
use crate::error::{Error, Result};
use crate::links::diagnose::link_diagnostics;
use crate::links::LinkBook;
use crate::load::{load_site, Snapshot};
use crate::memo::{Kept, ParseMemo, Stamp};
use crate::parse::{parse_with_sidecar, Dialect, FileKind, ParsedSnapshot};
use crate::publishers::Publishers;
use crate::render::Renderer;
use crate::report::Report;
use crate::site::{Entry, Site, SiteConfig};
use crate::write::Output;
use crate::{ids, load, model, render, scaffold, site, write};

/// A site that has been read and parsed, not yet rendered.
#[derive(Debug, Clone)]
pub struct CheckedSite {
    /// The site's briefings and settings.
    pub site: Site,
    /// Every diagnostic.
    pub report: Report,
    /// The site's own templates.
    pub templates: BTreeMap<String, String>,
    /// The site's own static assets.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The slugs of the briefings read from their files by this check (all of them, but
    /// those a [`ParseCache`] already had).
    pub reparsed: Vec<String>,
}

/// Read and parse the site at `root`, writing nothing.
pub fn check_site(root: &Path) -> Result<CheckedSite> {
    check_site_with(root, None)
}

/// Snapshots parsed by earlier builds, by path, with the stamp they had: `serve` keeps one, so
/// a rebuild reads and parses only the files that changed.
///
/// A file is known unchanged by the rule the parse memo keeps ([`crate::memo::Stamp`]): its
/// device, inode, size and times as they were, and its last change older than
/// [`crate::memo::SETTLED`]. A file edited a moment ago is read again by every check until it
/// settles: by its size and modification time alone, an edit that kept both (a word fixed in
/// the second of the last save, on a file system that keeps times to the second) went unseen.
///
/// A briefing is lent to the build that uses it, not copied, and given back once the site is
/// rendered ([`ParseCache::give_back`]): copying 10,000 models for every edit was a third of
/// the time `serve` took to show it. A briefing a build did not give back (it failed, or the
/// briefing's slug collided) is read again by the next build.
#[derive(Debug)]
pub struct ParseCache {
    /// By the bytes of each file's path: a `PathBuf` hashes a component at a time, and at
    /// 10,000 briefings hashing every path with SipHash, to find it and again to forget the
    /// files gone, was about a tenth of `serve`'s check after an edit.
    files: std::sync::Mutex<CachedFiles>,
    /// The link book the kept files' diagnostics were made with.
    links: std::sync::Mutex<LinkBook>,
    /// How long ago a file must have last changed for its stamp to be trusted.
    settle: std::time::Duration,
}

impl Default for ParseCache {
    fn default() -> Self {
        ParseCache {
            files: std::sync::Mutex::default(),
            links: std::sync::Mutex::default(),
            settle: crate::memo::SETTLED,
        }
    }
}

/// [`ParseCache`]'s files.
type CachedFiles = HashMap<Box<[u8]>, CachedFile, ahash::RandomState>;

/// The bytes the cache knows the file at `path` by.
fn cache_name(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt as _;
    path.as_os_str().as_bytes()
}

/// What the cache holds of one snapshot file.
#[derive(Debug)]
struct CachedFile {
    /// Its stamp as it was read; `None` when it had not settled then, so that it is read again.
    stamp: Option<Stamp>,
    /// Whether it had a sidecar then.
    had_sidecar: bool,
    located: Vec<(PathBuf, Vec<Located>)>,
    entry: Lendable,
    /// Lent or kept by the check going on: listed in `content/` now ([`ParseCache::sweep`]).
    listed: bool,
}

impl CachedFile {
    /// Its briefing, when the check it was lent to gave it back.
    fn given_back(&self) -> Option<&Entry> {
        match &self.entry {
            Lendable::Here(entry) => Some(entry),
            Lendable::None | Lendable::Lent => None,
        }
    }
}

/// A file's briefing in the cache.
#[derive(Debug)]
enum Lendable {
    /// The file gives no briefing.
    None,
    /// Here, to be lent.
    Here(Box<Entry>),
    /// Lent to a build, not given back yet.
    Lent,
}

impl ParseCache {
    /// A cache that trusts the stamp of a file changed at any time before a check, for tests
    /// that check files they have just written.
    #[cfg(test)]
    pub(crate) fn settling_at_once() -> ParseCache {
        ParseCache {
            settle: std::time::Duration::ZERO,
            ..ParseCache::default()
        }
    }

    /// The time before which a file must have last changed for its stamp to be trusted now.
    fn settled(&self) -> std::time::SystemTime {
        let now = std::time::SystemTime::now();
        now.checked_sub(self.settle)
            .unwrap_or(std::time::UNIX_EPOCH)
    }

    /// Forget every file when the link book changed: their diagnostics came from the old one.
    fn follow_links(&self, book: &LinkBook) {
        let mut links = self
            .links
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if *links != *book {
            *links = book.clone();
            self.lock().clear();
        }
    }

    /// What the cache has of `path` as it was at `stamp`, its briefing lent; `None` when it
    /// has nothing, something older, or a briefing already lent.
    fn lend(&self, path: &Path, stamp: Stamp) -> Option<ParsedFile> {
        let mut files = self.lock();
        let cached = files
            .get_mut(cache_name(path))
            .filter(|cached| cached.stamp == Some(stamp))?;
        cached.listed = true;
        let entry = match std::mem::replace(&mut cached.entry, Lendable::Lent) {
            Lendable::None => {
                cached.entry = Lendable::None;
                None
            }
            Lendable::Here(entry) => Some(entry),
            Lendable::Lent => return None,
        };
        Some(ParsedFile {
            located: cached.located.clone(),
            entry,
        })
    }

    /// Keep what `parsed` says of `file`, stamped `stamp`, its briefing as lent to this build.
    fn keep(&self, file: &load::SnapshotFile, stamp: Option<Stamp>, parsed: &ParsedFile) {
        let entry = match parsed.entry {
            Some(_) => Lendable::Lent,
            None => Lendable::None,
        };
        let cached = CachedFile {
            stamp,
            had_sidecar: file.sidecar().is_some(),
            located: parsed.located.clone(),
            entry,
            listed: true,
        };
        self.lock().insert(cache_name(&file.path).into(), cached);
    }

    /// `look` at the briefings that the snapshot files at `paths` gave the last check, in that
    /// order, once they are given back; `None` unless the cache holds one for each.
    pub fn look_at_each<T>(
        &self,
        paths: &[PathBuf],
        look: impl FnOnce(&[&Entry]) -> T,
    ) -> Option<T> {
        let files = self.lock();
        let entries = paths
            .iter()
            .map(|path| files.get(cache_name(path))?.given_back())
            .collect::<Option<Vec<&Entry>>>()?;
        Some(look(&entries))
    }

    /// Take back the briefings a build was lent, once it is done with them.
    pub fn give_back(&self, entries: Vec<Entry>) {
        let mut files = self.lock();
        for entry in entries {
            if let Some(cached) = files.get_mut(cache_name(&entry.path)) {
                if matches!(cached.entry, Lendable::Lent) {
                    cached.entry = Lendable::Here(Box::new(entry));
                }
            }
        }
    }

    /// Whether the snapshot file at `path` had a sidecar when it was read, if the cache holds
    /// the briefing it gave the last check, given back; `None` when it holds none (the file
    /// gave none, or is new).
    pub fn had_sidecar(&self, path: &Path) -> Option<bool> {
        let files = self.lock();
        let cached = files.get(cache_name(path))?;
        cached.given_back().map(|_| cached.had_sidecar)
    }

    fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Forget the files that the check just made did not list (they are gone), and clear the
    /// mark of the others for the next check. Every listed file was lent or kept, so this
    /// hashes no path.
    fn sweep(&self) {
        self.lock()
            .retain(|_, cached| std::mem::take(&mut cached.listed));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CachedFiles> {
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// [`check_site`], reading again only the snapshots whose files changed since `cache` saw
/// them (and keeping what it reads there); without a cache, everything is read and nothing
/// kept beyond the site.
pub fn check_site_with(root: &Path, cache: Option<&ParseCache>) -> Result<CheckedSite> {
    // `serve`'s cache in memory knows the snapshots once it has read them: the memo on disk
    // then only costs its reading and rewriting on every save. The memo is opened (its index
    // read from a file of 23 MB at 10,000 briefings) on one core while the other walks
    // `content/`: one after the other, they were a twentieth of a rebuild on one core.
    let wants_memo = cache.is_none_or(ParseCache::is_empty);
    let settled = cache.map(ParseCache::settled);
    let (loaded, memo) = rayon::join(
        || load_site(root),
        || wants_memo.then(|| ParseMemo::open(root)).flatten(),
    );
    let loaded = loaded?;
    let config = read_site_file(
        root,
        "site.toml",
        &loaded.config,
        SiteConfig::from_toml,
        |path, message| Error::SiteConfig { path, message },
    )?;
    let links = read_site_file(
        root,
        crate::links::FILE_NAME,
        &loaded.links,
        LinkBook::from_toml,
        |path, message| Error::Links { path, message },
    )?;
    let publishers = read_site_file(
        root,
        crate::publishers::FILE_NAME,
        &loaded.publishers,
        Publishers::from_toml,
        |path, message| Error::Publishers { path, message },
    )?;
    let mut report = Report::default();
    // Each snapshot is read, parsed and its diagnostics located on a thread of its own, and
    // its text dropped there: the site's text is never in memory whole.
    if let Some(cache) = cache {
        cache.follow_links(&links);
    }
    // Collected into a vector of the exact length (a `Result` collect would gather pieces and
    // join them), each briefing boxed, so the models are not held twice while they are moved.
    let mut parsed: Vec<Result<(ParsedFile, bool)>> = Vec::new();
    loaded
        .listed
        .par_iter()
        .map(|file| {
            let Some(cache) = cache else {
                return Ok((read_and_parse(root, file, memo.as_ref(), &links)?, true));
            };
            let stamp = file
                .metadata(root)
                .and_then(|opened| Stamp::of(&opened, settled?));
            if let Some(parsed) = stamp.and_then(|stamp| cache.lend(&file.path, stamp)) {
                return Ok((parsed, false));
            }
            let parsed = read_and_parse(root, file, memo.as_ref(), &links)?;
            cache.keep(file, stamp, &parsed);
            Ok((parsed, true))
        })
        .collect_into_vec(&mut parsed);
    if let Some(cache) = cache {
        cache.sweep();
    }
    if let Some(memo) = memo {
        memo.save();
    }
    let mut entries = Vec::with_capacity(parsed.len());
    let mut reparsed = Vec::new();
    for result in parsed {
        let (file, read_now) = result?;
        if read_now {
            reparsed.extend(file.entry.as_ref().map(|entry| entry.briefing.slug.clone()));
        }
        for (path, located) in file.located {
            report.add_located(path, located);
        }
        entries.extend(file.entry.map(|entry| *entry));
    }
    let (mut site, collisions) = Site::new(config, entries);
    site.links = links;
    site.publishers = publishers;
    for (path, problem) in collisions {
        report.add(path, "", vec![problem]);
    }
    report.sort();
    Ok(CheckedSite {
        site,
        report,
        templates: loaded.templates,
        assets: loaded.assets,
        reparsed,
    })
}

/// The briefing of one snapshot file, read and parsed as a check of the whole site reads it
/// (the link book's warnings made with `links`); `None` when the file gives no briefing or
/// has an error, which only a check of the whole site reports.
pub fn read_without_errors(
    root: &Path,
    file: &load::SnapshotFile,
    links: &LinkBook,
) -> Option<Entry> {
    let parsed = read_and_parse(root, file, None, links).ok()?;
    let mut located = parsed.located.iter().flat_map(|(_, located)| located);
    if located.any(|located| located.diagnostic.is_error()) {
        return None;
    }
    parsed.entry.map(|entry| *entry)
}

/// One of the site's own settings files (`site.toml`, `links.toml`, `sources.toml`) read
/// with `parse`: its defaults when `text` is absent, the error `invalid` makes (naming the
/// file at `root`) when it cannot be read.
fn read_site_file<T: Default>(
    root: &Path,
    name: &str,
    text: &Option<String>,
    parse: impl FnOnce(&str) -> std::result::Result<T, String>,
    invalid: impl FnOnce(PathBuf, String) -> Error,
) -> Result<T> {
    match text {
        Some(text) => parse(text).map_err(|message| invalid(root.join(name), message)),
        None => Ok(T::default()),
    }
}

/// What reading and parsing one snapshot file gave: the diagnostics of each file it touched
/// (the snapshot, its sidecar), located, and the briefing when there is one.
#[derive(Debug, Clone)]
struct ParsedFile {
    located: Vec<(PathBuf, Vec<Located>)>,
    entry: Option<Box<Entry>>,
}

/// Note the `diagnostics` of `path` in `located` when there are any: most files have none,
/// and each note is a path made on a parsing thread and freed on the one core that gathers
/// the report.
fn note(located: &mut Vec<(PathBuf, Vec<Located>)>, path: &Path, diagnostics: Vec<Located>) {
    if !diagnostics.is_empty() {
        located.push((path.to_path_buf(), diagnostics));
    }
}

/// Read, parse and locate one snapshot file; the parse from `memo` when it has it (without
/// reading the file, when the memo knows it unchanged). The warnings of the link book `links`
/// are added to the parse's (they are not kept in the memo, which knows only the snapshot).
fn read_and_parse(
    root: &Path,
    file: &load::SnapshotFile,
    memo: Option<&ParseMemo>,
    links: &LinkBook,
) -> Result<ParsedFile> {
    if let Some(unchanged) = memo.and_then(|memo| unchanged_snapshot(root, file, memo, links)) {
        return Ok(unchanged);
    }
    let (snapshot, unusable) = load::read_snapshot(root, file)?;
    let clean_read = unusable.is_empty();
    let mut located: Vec<(PathBuf, Vec<Located>)> = unusable
        .into_iter()
        .map(|(path, text, problem)| (path, Located::all(&text, vec![problem])))
        .collect();
    let Some(snapshot) = snapshot else {
        return Ok(ParsedFile {
            located,
            entry: None,
        });
    };
    note(
        &mut located,
        &snapshot.path,
        Located::all(&snapshot.text, snapshot.problems.clone()),
    );
    let Some((kept, key)) = parse_snapshot(&snapshot, memo) else {
        return Ok(ParsedFile {
            located,
            entry: None,
        });
    };
    if let (Some(memo), Some(key), true) = (memo, key, clean_read && snapshot.problems.is_empty()) {
        if let Some(stamp) = memo.stamp(&snapshot.opened) {
            memo.saw(&snapshot.path, stamp, key);
        }
    }
    let link_warnings = link_diagnostics(
        &kept.parse.parsed.briefing,
        &kept.parse.parsed.source_spans,
        &snapshot.text,
        links,
    );
    let entry = located_entry(
        kept,
        link_warnings,
        &snapshot.text,
        snapshot.path,
        snapshot.sidecar.map(|sidecar| sidecar.path),
        &mut located,
    );
    Ok(ParsedFile {
        located,
        entry: Some(Box::new(entry)),
    })
}

/// The briefing of a snapshot the memo knows unchanged since the last run read it (its
/// files' stamps are as they were, [`crate::memo::Stamp`]), from what the memo kept and
/// without reading it; `None` where it must be read: not known, or with a warning of the link
/// book (which may have changed since) to locate in its text.
fn unchanged_snapshot(
    root: &Path,
    file: &load::SnapshotFile,
    memo: &ParseMemo,
    links: &LinkBook,
) -> Option<ParsedFile> {
    let slug = file.slug()?;
    // A snapshot the last run did not read (every one, in a first build) is not stat'ed for a
    // stamp that nothing kept can match: it is opened and read straight away.
    let (seen, key) = memo.last_seen(&file.path)?;
    let stamp = memo.stamp(&file.metadata(root)?)?;
    if stamp != seen {
        return None;
    }
    let mut kept = memo.get(key)?;
    let parsed = &kept.parse.parsed;
    if !link_diagnostics(&parsed.briefing, &parsed.source_spans, "", links).is_empty() {
        return None;
    }
    memo.saw(&file.path, stamp, key);
    kept.parse.parsed.briefing.slug = slug.to_owned();
    let mut located = Vec::new();
    let sidecar = file.sidecar().map(Path::to_path_buf);
    let entry = located_entry(
        kept,
        Vec::new(),
        "",
        file.path.clone(),
        sidecar,
        &mut located,
    );
    Some(ParsedFile {
        located,
        entry: Some(Box::new(entry)),
    })
}

/// The entry of the snapshot at `path` from what was `kept` of its parse, with the parse's
/// diagnostics and the sidecar's (at `sidecar`) noted in `located` at the places kept, and the
/// link book's `link_warnings` located in its `text` (which only they need).
fn located_entry(
    kept: Kept,
    link_warnings: Vec<Diagnostic>,
    text: &str,
    path: PathBuf,
    sidecar: Option<PathBuf>,
    located: &mut Vec<(PathBuf, Vec<Located>)>,
) -> Entry {
    let Kept {
        parse: ParsedSnapshot {
            mut parsed,
            sidecar_diagnostics,
        },
        places,
        sidecar_places,
    } = kept;
    if let Some(sidecar) = &sidecar {
        note(
            located,
            sidecar,
            Located::placed(sidecar_diagnostics, sidecar_places),
        );
    }
    let parse_located = if link_warnings.is_empty() {
        Located::placed(parsed.diagnostics, places)
    } else {
        parsed.diagnostics.extend(link_warnings);
        crate::diagnostic::sort(&mut parsed.diagnostics);
        Located::all(text, parsed.diagnostics)
    };
    let diagnostics = parse_located.iter().map(DiagnosticRecord::new).collect();
    note(located, &path, parse_located);
    Entry {
        briefing: parsed.briefing,
        diagnostics,
        path,
    }
}

/// Parse one loaded snapshot, or take its parse from `memo`, with the key it has there;
/// `None` for an empty file, which has nothing to show.
fn parse_snapshot(snapshot: &Snapshot, memo: Option<&ParseMemo>) -> Option<(Kept, Option<u128>)> {
    if snapshot
        .text
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty()
    {
        return None;
    }
    let sidecar_name = sidecar_name(&snapshot.path);
    let sidecar = snapshot
        .sidecar
        .as_ref()
        .map(|sidecar| sidecar.text.as_str());
    let parse = || {
        let parse = compacted(parse_with_sidecar(
            &snapshot.text,
            snapshot.dialect,
            sidecar,
            &sidecar_name,
        ));
        Kept {
            places: Place::all(&snapshot.text, &parse.parsed.diagnostics),
            sidecar_places: Place::all(sidecar.unwrap_or(""), &parse.sidecar_diagnostics),
            parse,
        }
    };
    let (mut kept, key) = match memo {
        None => (parse(), None),
        Some(memo) => {
            let key = ParseMemo::key(&snapshot.text, snapshot.dialect, sidecar, &sidecar_name);
            let kept = memo.get(key).unwrap_or_else(|| {
                let kept = parse();
                memo.keep(key, &kept);
                kept
            });
            (kept, Some(key))
        }
    };
    kept.parse.parsed.briefing.slug = snapshot.slug.clone();
    Some((kept, key))
}

/// `parsed` with its briefing copied afresh, now that the parse has freed what it used on the
/// way: every string and list at its exact length, packed together, where the parse left them
/// grown piece by piece and strewn among pages its own scratch had filled and left part-used.
/// A site holds every model until its cross-page pages are made: at 50,000 briefings this took
/// the parse stage's peak memory from 333 to 312 MiB and the build's from 392 to 364 MiB. A
/// parse read back from the memo is made in one go, and is held as it is.
fn compacted(mut parsed: ParsedSnapshot) -> ParsedSnapshot {
    parsed.parsed.briefing = parsed.parsed.briefing.clone();
    parsed
}

/// The file name of the sidecar that belongs beside `path`.
fn sidecar_name(path: &Path) -> String {
    path.with_extension("toml").file_name().map_or_else(
        || "NAME.toml".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// How many threads parse and render; `None`: one per core.
    pub jobs: Option<usize>,
    /// Replaces `site.toml`'s `base_url` when set: `--base-url` on the command line, or an
    /// empty string (no base address) for `serve`, which serves the site at its own root.
    pub base_url: Option<String>,
    /// Build drafts too (`--drafts`, and always under `serve`).
    pub drafts: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The site that was built, given back so that the caller decides when its models are
    /// freed: a process that ends once the site is built need not free them one by one
    /// (see `build_site` in `main.rs`).
    pub site: Site,
    /// Every diagnostic.
    pub report: Report,
    /// Whether the output was written (false when the content has errors).
    pub written: bool,
    /// How many briefings the site has.
    pub briefings: usize,
    /// How many files were written.
    pub files: usize,
}

/// Build the site at `options.root` into `output`. Content errors are not an `Err`: they are
/// in the report, and nothing is written.
pub fn build(options: &BuildOptions, output: &mut dyn Output) -> Result<Built> {
    build_with_progress(options, output, &|_| {})
}

/// A stage of a build, for showing progress on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Every snapshot is read and parsed.
    Parsed {
        /// How many briefings.
        briefings: usize,
    },
    /// Every page is rendered.
    Rendered {
        /// How many files.
        files: usize,
    },
}

/// [`build`], telling `progress` as each stage ends.
pub fn build_with_progress(
    options: &BuildOptions,
    output: &mut dyn Output,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<Built> {
    with_jobs(options.jobs, || {
        let checked = check_for_build(options, None)?;
        let briefings = checked.site.entries.len();
        progress(Stage::Parsed { briefings });
        if checked.report.error_count() > 0 {
            return Ok(Built {
                site: checked.site,
                report: checked.report,
                written: false,
                briefings,
                files: 0,
            });
        }
        let renderer = Renderer::new(&checked.templates)?;
        renderer.render_site(&checked.site, &checked.assets, &*output)?;
        let count = output.finish()?;
        progress(Stage::Rendered { files: count });
        let CheckedSite { site, report, .. } = checked;
        Ok(Built {
            site,
            report,
            written: true,
            briefings,
            files: count,
        })
    })
}

/// The site as `options` build it: `--base-url` and `--drafts` applied, and the site's
/// `extra.css` noticed. With a cache, only snapshots that it does not have are read and parsed.
pub fn check_for_build(options: &BuildOptions, cache: Option<&ParseCache>) -> Result<CheckedSite> {
    let mut checked = check_site_with(&options.root, cache)?;
    if let Some(base_url) = &options.base_url {
        checked.site.config.base_url = (!base_url.is_empty())
            .then(|| site::SiteConfig::checked_base_url(base_url))
            .transpose()
            .map_err(|message| Error::SiteConfig {
                path: PathBuf::from("--base-url"),
                message,
            })?;
    }
    if !options.drafts {
        checked.site.entries.retain(|entry| !entry.briefing.draft);
    }
    checked.site.config.extra_css = checked.assets.contains_key("extra.css");
    Ok(checked)
}

/// Refuse an output folder that is the site itself or holds its content (replacing it would
/// delete the snapshots), or that is inside the content (the next build would read it).
pub fn ensure_output_apart(root: &Path, out: &Path) -> Result<()> {
    let resolve = |path: &Path| fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let content = resolve(&root.join("content"));
    let out_resolved = match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) if !out.exists() => resolve(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .join(name),
        _ => resolve(out),
    };
    if content.starts_with(&out_resolved) {
        return Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: "it holds the site's content".to_owned(),
        });
    }
    if out_resolved.starts_with(&content) {
        return Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: "it is inside the site's content, where the next build would read what \
                     this one wrote as snapshots"
                .to_owned(),
        });
    }
    Ok(())
}

/// Run `work` on a pool of `jobs` threads, or on the global pool.
fn with_jobs<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    match jobs {
        None => work(),
        Some(jobs) => rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
            .map_err(|source| Error::ThreadPool { jobs, source })?
            .install(work),
    }
}

/// One snapshot file parsed on its own, as `briefing parse` shows it.
#[derive(Debug, Clone)]
pub struct FileParse {
    /// Its dialect.
    pub dialect: Dialect,
    /// Why that dialect was chosen.
    pub dialect_reason: &'static str,
    /// The model and diagnostics.
    pub parsed: ParsedSnapshot,
    /// The snapshot's report (its diagnostics, and any in its sidecar).
    pub report: Report,
    /// The model as JSON.
    pub json: String,
}

/// Parse the snapshot at `path`, with its sidecar if one is beside it.
pub fn parse_file(path: &Path) -> Result<FileParse> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = FileKind::from_extension(extension).ok_or_else(|| Error::UnknownDialect {
        path: path.to_path_buf(),
    })?;
    let read = load::read_capped(path).map_err(|source| Error::ReadSnapshot {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = match read {
        load::Capped::Bytes(bytes) => bytes,
        load::Capped::TooLarge(size) => {
            return Err(Error::SnapshotTooLarge {
                path: path.to_path_buf(),
                size,
            })
        }
    };
    let (text, problems) = load::decode(bytes);
    let (dialect, dialect_reason) = Dialect::detect(kind, &text);
    let sidecar_path = path.with_extension("toml");
    let sidecar = match fs::read(&sidecar_path) {
        Ok(bytes) => Some(load::decode(bytes).0),
        Err(_) => None,
    };
    let mut parsed = parse_with_sidecar(&text, dialect, sidecar.as_deref(), &sidecar_name(path));
    parsed.parsed.briefing.slug = path
        .file_name()
        .and_then(|name| ids::slug_from_path(Path::new(name)))
        .unwrap_or_default();
    parsed.parsed.diagnostics.extend(problems);
    crate::diagnostic::sort(&mut parsed.parsed.diagnostics);
    let mut report = Report::default();
    report.add(path.to_path_buf(), &text, parsed.parsed.diagnostics.clone());
    if let Some(sidecar) = &sidecar {
        report.add(sidecar_path, sidecar, parsed.sidecar_diagnostics.clone());
    }
    let json = parsed.parsed.to_json(&text);
    Ok(FileParse {
        dialect,
        dialect_reason,
        parsed,
        report,
        json,
    })
}

/// Read every briefing under `path` for `briefing diff`: a site folder (holding `content/`),
/// a content folder, a built site (its `briefing.json` files), or one snapshot file. Returns
/// the models, sorted by slug, and the diagnostics of reading them. A snapshot that cannot be
/// read whole is an error, never a briefing gone missing.
pub fn read_briefings(path: &Path) -> Result<(Vec<model::Briefing>, Report)> {
    if path.is_file() {
        let parsed = parse_file(path)?;
        return Ok((vec![parsed.parsed.parsed.briefing], parsed.report));
    }
    if !path.join("content").is_dir() {
        if let Some(models) = read_built_site(path)? {
            return Ok((models, Report::default()));
        }
    }
    let content = if path.join("content").is_dir() {
        path.join("content")
    } else {
        path.to_path_buf()
    };
    if !content.is_dir() {
        return Err(Error::NoContent { path: content });
    }
    let root = content.parent().unwrap_or(Path::new(".")).to_path_buf();
    let loaded = load::load_content(&root, &content)?;
    let mut report = Report::default();
    let mut briefings = Vec::new();
    for snapshot in &loaded.snapshots {
        // A file that cannot be read whole would pass for a removed or changed briefing.
        if let Some(problem) = snapshot.problems.iter().find(|problem| problem.is_error()) {
            return Err(Error::CannotCompare {
                path: root.join(&snapshot.path),
                reason: problem.message.clone(),
            });
        }
        if let Some((Kept { parse: parsed, .. }, _)) = parse_snapshot(snapshot, None) {
            report.add(
                snapshot.path.clone(),
                &snapshot.text,
                parsed.parsed.diagnostics,
            );
            briefings.push(parsed.parsed.briefing);
        }
    }
    briefings.sort_by(|a, b| a.slug.cmp(&b.slug));
    report.sort();
    Ok((briefings, report))
}

/// The claim models of a built site: every `<slug>/briefing.json` under `path`, by slug.
/// `None` when the folder holds no `briefing.json` (it is not a built site).
fn read_built_site(path: &Path) -> Result<Option<Vec<model::Briefing>>> {
    let mut models = Vec::new();
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.map_err(|error| Error::CannotCompare {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?;
        if entry.file_name() != "briefing.json" || !entry.file_type().is_file() {
            continue;
        }
        let file = entry.path();
        let cannot = |reason: String| Error::CannotCompare {
            path: file.to_path_buf(),
            reason,
        };
        let bytes = fs::read(file).map_err(|error| cannot(error.to_string()))?;
        let model: model::Briefing = serde_json::from_slice(&bytes)
            .map_err(|error| cannot(format!("not a briefing model: {error}")))?;
        models.push(model);
    }
    if models.is_empty() {
        return Ok(None);
    }
    models.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(Some(models))
}

/// What `diff` needs of one side: something to compare, read whole. A side with no briefing,
/// a file that cannot be read or two files with one slug would otherwise pass for "no change"
/// or for a change that is not there.
fn read_side(path: &Path) -> Result<(Vec<model::Briefing>, Report)> {
    let (briefings, report) = read_briefings(path)?;
    if briefings.is_empty() {
        return Err(Error::NothingToCompare {
            path: path.to_path_buf(),
        });
    }
    for pair in briefings.windows(2) {
        if pair[0].slug == pair[1].slug {
            return Err(Error::CannotCompare {
                path: path.to_path_buf(),
                reason: format!("two snapshots have the slug `{}`", pair[0].slug),
            });
        }
    }
    Ok((briefings, report))
}

/// Compare the briefings at `old` and `new` (folders or files). Two files are compared as one
/// briefing whatever their names, under the new file's slug.
pub fn diff(old: &Path, new: &Path) -> Result<(crate::diff::SiteDiff, Report)> {
    let (mut old_briefings, mut report) = read_side(old)?;
    let (new_briefings, new_report) = read_side(new)?;
    report.files.extend(new_report.files);
    if old.is_file() && new.is_file() {
        if let (Some(old_briefing), Some(new_briefing)) =
            (old_briefings.first_mut(), new_briefings.first())
        {
            old_briefing.slug = new_briefing.slug.clone();
        }
    }
    Ok((
        crate::diff::diff_sites(&old_briefings, &new_briefings),
        report,
    ))
}

/// How `briefing links` checks.
#[derive(Debug, Clone)]
pub struct LinksOptions {
    /// How many addresses are checked at once, across hosts.
    pub jobs: usize,
    /// How long one request may take.
    pub timeout: std::time::Duration,
    /// The pause between two requests to one host.
    pub delay: std::time::Duration,
    /// Addresses checked this many days ago or more are checked again; 0: all of them.
    pub max_age_days: u32,
}

/// What a run of `briefing links` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinksRun {
    /// Addresses the site's sources have (complete web addresses, each once).
    pub addresses: usize,
    /// How many were checked in this run; the others were checked recently enough.
    pub checked: usize,
    /// Of every address in the book now: gone, moved, and checked without a certain answer.
    pub gone: usize,
    /// See `gone`.
    pub moved: usize,
    /// See `gone`.
    pub unsure: usize,
    /// Records of addresses no source has any more, dropped from the book.
    pub dropped: usize,
    /// No check got an answer and every one failed for want of a network: nothing was
    /// written.
    pub offline: bool,
    /// Whether `links.toml` changed.
    pub written: bool,
}

/// `briefing links`: check the complete address of every source of the site at `root` that
/// was not checked in the last `max_age_days` days (or was, without a certain answer), and
/// keep what was found in `links.toml` at the root. `progress` hears (done, to do) after each address. Offline, nothing changes.
pub fn check_links(
    root: &Path,
    options: &LinksOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<LinksRun> {
    use crate::links::check::{check_addresses, CheckOptions};
    let checked = check_site(root)?;
    let today = today().ok_or(Error::NoClock)?;
    let addresses: std::collections::BTreeSet<String> = checked
        .site
        .entries
        .iter()
        .flat_map(|entry| &entry.briefing.sources)
        .filter_map(crate::links::checked_address)
        .collect();
    let mut book = checked.site.links;
    let due: Vec<String> = addresses
        .iter()
        .filter(|address| {
            book.get(address).is_none_or(|record| {
                !record.is_certain()
                    || today.to_unix_days() - record.checked.to_unix_days()
                        >= i64::from(options.max_age_days)
            })
        })
        .cloned()
        .collect();
    let check_options = CheckOptions {
        jobs: options.jobs,
        timeout: options.timeout,
        delay: options.delay,
        attempts: 3,
        max_wait: std::time::Duration::from_secs(60),
        today,
    };
    let total = due.len();
    let results = check_addresses(&due, &check_options, &|done| progress(done, total));
    let mut run = LinksRun {
        addresses: addresses.len(),
        checked: results.len(),
        ..LinksRun::default()
    };
    let offline = !results.is_empty()
        && results.values().all(|record| {
            record.status.is_none() && record.error.is_some_and(|error| error.is_network())
        });
    if offline {
        run.offline = true;
        return Ok(run);
    }
    for (address, record) in results {
        book.insert(address, record);
    }
    let before = book.len();
    book.retain(|address| addresses.contains(address));
    run.dropped = before - book.len();
    for (address, record) in book.iter() {
        match record.verdict(address) {
            crate::links::Verdict::Gone => run.gone += 1,
            crate::links::Verdict::Moved(_) => run.moved += 1,
            crate::links::Verdict::Unremarkable if !record.is_certain() => run.unsure += 1,
            crate::links::Verdict::Unremarkable => {}
        }
    }
    let path = root.join(crate::links::FILE_NAME);
    let text = book.to_toml();
    let old = fs::read_to_string(&path).ok();
    if old.as_deref() != Some(text.as_str()) && !(book.is_empty() && old.is_none()) {
        write::replace_file(&path, text.as_bytes())?;
        run.written = true;
    }
    Ok(run)
}

/// Today's date (UTC), for the capture date `new` stamps.
fn today() -> Option<crate::date::Date> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    crate::date::Date::from_unix_days(i64::try_from(seconds / 86_400).ok()?)
}

/// Create `content/<slug>.txt` under `root` with `# QUERY` as its first line, for the user to
/// paste an answer below, and a sidecar `content/<slug>.toml` with today's date as the
/// capture date. The slug comes from the query; an existing file is never replaced.
pub fn new_snapshot(root: &Path, query: &str) -> Result<PathBuf> {
    let query = query.trim();
    let slug = ids::slugify(query);
    if slug.is_empty() {
        return Err(Error::EmptyQuery);
    }
    // `# QUERY` stays the title whether a plain or a Markdown answer is pasted below it.
    let snapshot = PathBuf::from("content").join(format!("{slug}.txt"));
    let created = write::create_files(
        root,
        &[(snapshot.clone(), format!("# {query}\n\n").into_bytes())],
    )?;
    if !created.iter().all(|(_, created)| *created) {
        return Err(Error::SnapshotExists {
            path: root.join(&snapshot),
        });
    }
    // The capture date, in a sidecar, so the briefing sorts and dates right in the feed.
    if let Some(date) = today() {
        let sidecar = PathBuf::from("content").join(format!("{slug}.toml"));
        write::create_files(
            root,
            &[(sidecar, format!("date = \"{date}\"\n").into_bytes())],
        )?;
    }
    Ok(root.join(snapshot))
}

/// Copy the built-in templates into `root/templates/` to edit them there; a template the site
/// already has is left as it is. Returns each file and whether it was written.
pub fn eject_templates(root: &Path) -> Result<Vec<(PathBuf, bool)>> {
    let files: Vec<(PathBuf, Vec<u8>)> = render::BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                PathBuf::from("templates").join(name),
                text.as_bytes().to_vec(),
            )
        })
        .collect();
    write::create_files(root, &files)
}

/// Start a site in `dir`: a `site.toml`, one example of each input (a pasted answer with its
/// sidecar, a Markdown briefing) and the built-in templates to edit. Nothing that exists is
/// replaced. Returns each file and whether it was written.
pub fn init_site(dir: &Path) -> Result<Vec<(PathBuf, bool)>> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = scaffold::SITE_FILES
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec()))
        .collect();
    files.extend(render::BUILTIN_TEMPLATES.iter().map(|(name, text)| {
        (
            PathBuf::from("templates").join(name),
            text.as_bytes().to_vec(),
        )
    }));
    write::create_files(dir, &files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn a_snapshot_as_the_last_run_saw_it_is_taken_from_the_memo_unread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let dated = "---\ndate: 2025-01-02\n---\n";
        write(
            root,
            "content/a.md",
            &format!("{dated}# A\n\n- Rivers flood.[^1]\n\n[^1]: https://a.example/x\n"),
        );
        // A warning, located in the text.
        write(
            root,
            "content/b.md",
            &format!("{dated}# B\n\n- Tides turn.\n\n[^1]: https://b.example/y\n"),
        );
        write(
            root,
            "content/c.md",
            "# C\n\n- Winds turn.[^1]\n\n[^1]: https://c.example/z\n",
        );
        write(root, "content/c.toml", "date = \"2025-01-03\"\n");
        let memo_dir = tempfile::tempdir().unwrap();
        let memo_path = memo_dir.path().join("parsed");
        let files = load::list_content(root, &root.join("content")).unwrap();
        let links = LinkBook::default();
        // Every file counts as settled (`memo::seen`): they were all written just now.
        let settled = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        let memo = ParseMemo::settled_at(memo_path.clone(), settled);
        let read: Vec<ParsedFile> = files
            .iter()
            .map(|file| read_and_parse(root, file, Some(&memo), &links).unwrap())
            .collect();
        memo.save();

        // Each is found as it was, and its briefing and diagnostics taken from the memo: the
        // same as read, a warning at the same line and column, with the same line shown.
        let memo = ParseMemo::settled_at(memo_path.clone(), settled);
        let shown = |parsed: &ParsedFile| {
            let entry = parsed.entry.as_ref().unwrap();
            let records: Vec<String> = entry
                .diagnostics
                .iter()
                .map(|record| serde_json::to_string(record).unwrap())
                .collect();
            (
                entry.briefing.clone(),
                entry.path.clone(),
                records,
                parsed.located.clone(),
            )
        };
        for (file, read) in files.iter().zip(&read) {
            let unread = unchanged_snapshot(root, file, &memo, &links).unwrap();
            assert_eq!(shown(&unread), shown(read));
        }
        assert_eq!(read[1].located[0].1[0].excerpt, "- Tides turn.");
        // A link book that says a source is gone has a warning to locate in the text: read.
        let gone =
            LinkBook::from_toml("[\"https://a.example/x\"]\nstatus = 404\nchecked = 2026-01-02\n")
                .unwrap();
        assert!(unchanged_snapshot(root, &files[0], &memo, &gone).is_none());
        let with_gone = read_and_parse(root, &files[0], Some(&memo), &gone).unwrap();
        assert_eq!(with_gone.located[0].1.len(), 2);
        memo.save();

        // A snapshot or sidecar changed since is read again.
        write(
            root,
            "content/a.md",
            &format!("{dated}# A\n\n- Rivers rise.[^1]\n\n[^1]: https://a.example/x\n"),
        );
        // Each of another size (`memo::seen` on changes within one tick of the clock).
        write(
            root,
            "content/c.toml",
            "date = \"2025-01-04\"\ntitle = \"C\"\n",
        );
        let memo = ParseMemo::settled_at(memo_path.clone(), settled);
        let unread: Vec<bool> = files
            .iter()
            .map(|file| unchanged_snapshot(root, file, &memo, &links).is_some())
            .collect();
        assert_eq!(unread, [false, true, false]);
        // As is every file changed since the time before which the memo trusts stamps.
        let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let memo = ParseMemo::settled_at(memo_path, earlier);
        for file in &files {
            assert!(unchanged_snapshot(root, file, &memo, &links).is_none());
        }
    }

    const RIVERS_MD: &str = "# A\n\n- Rivers flood.[^1]\n\n[^1]: https://a.example/x\n";

    #[test]
    fn a_cache_reads_again_a_file_changed_a_moment_ago() {
        // Its times may not change with its next edit (kept to the second on some file
        // systems, or set back by `touch -r`): it is trusted only once it has settled.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/a.md", RIVERS_MD);
        let cache = ParseCache::default();
        for _ in 0..3 {
            let checked = check_site_with(root, Some(&cache)).unwrap();
            assert_eq!(checked.reparsed, ["a"]);
            cache.give_back(checked.site.entries);
        }
    }

    #[test]
    fn a_cache_lends_its_briefings_and_reads_again_what_was_not_given_back() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/a.md", RIVERS_MD);
        write(
            root,
            "content/b.md",
            "# B\n\n- Tides turn.[^1]\n\n[^1]: https://b.example/y\n",
        );
        let cache = ParseCache::settling_at_once();
        let reparsed = |checked: &CheckedSite| checked.reparsed.len();

        let first = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!(reparsed(&first), 2);
        // Not given back (a failed build): both are read again.
        let second = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!(reparsed(&second), 2);
        cache.give_back(second.site.entries);
        // Given back: both are lent again, unread and the same.
        let third = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!(reparsed(&third), 0);
        assert_eq!(third.site.entries.len(), 2);
        for (kept, read) in third.site.entries.iter().zip(&first.site.entries) {
            assert_eq!(kept.briefing, read.briefing);
            assert_eq!(kept.path, read.path);
        }
        assert_eq!(third.report.error_count(), first.report.error_count());
        cache.give_back(third.site.entries);
        // An edited file is read again, the other lent.
        write(
            root,
            "content/b.md",
            "# B\n\n- Tides turn twice a day.[^1]\n\n[^1]: https://b.example/y\n",
        );
        let fourth = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!(fourth.reparsed, ["b"]);
        let edited = fourth.site.entries[1].briefing.claims().next().unwrap();
        assert!(edited.text.contains("twice"), "{}", edited.text);
        cache.give_back(fourth.site.entries);
        // A file gone is forgotten; the other is still lent.
        fs::remove_file(root.join("content/b.md")).unwrap();
        let fifth = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!((fifth.site.entries.len(), reparsed(&fifth)), (1, 0));
        assert_eq!(cache.lock().len(), 1);
        cache.give_back(fifth.site.entries);
        let sixth = check_site_with(root, Some(&cache)).unwrap();
        assert_eq!((sixth.site.entries.len(), reparsed(&sixth)), (1, 0));
    }
}
