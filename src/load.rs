//! Reading a site from disk: the only stage that reads files.
//!
//! Everything is returned sorted by path, so later stages never see the order of the file
//! system. Content problems (a non-UTF-8 file, a name with no slug) become diagnostics; only a
//! missing or unlistable folder is fatal.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::ids::slug_from_path;
use crate::parse::{Dialect, FileKind};

/// One snapshot file and its sidecar.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The path relative to the site root, with `/` separators (`content/a/b.txt`).
    pub path: PathBuf,
    /// Its slug.
    pub slug: String,
    /// How to parse it.
    pub dialect: Dialect,
    /// Why that dialect was chosen, for `parse --format human`.
    pub dialect_reason: &'static str,
    /// Its text (lossily decoded when it was not UTF-8; the problem is in `problems`).
    pub text: String,
    /// The sidecar `NAME.toml` beside it.
    pub sidecar: Option<SidecarFile>,
    /// Problems found while reading it.
    pub problems: Vec<Diagnostic>,
    /// What the file system said of it and its sidecar as they were opened.
    pub opened: Opened,
}

/// The metadata of a snapshot file and of its sidecar, each taken as the file was opened and
/// before it was read, so that it describes the bytes read or older ones, never newer: what the
/// parse memo knows an unchanged snapshot by without reading it ([`crate::memo::Stamp`]).
#[derive(Debug, Clone)]
pub struct Opened {
    /// The snapshot's.
    pub snapshot: fs::Metadata,
    /// The sidecar's, when the snapshot has one.
    pub sidecar: Option<fs::Metadata>,
}

/// A sidecar file's path (relative to the root) and text.
#[derive(Debug, Clone)]
pub struct SidecarFile {
    /// Relative path.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// A site's own file that is not a snapshot: a template or static asset.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Path relative to its folder (`templates/` or `static/`), `/`-separated.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub struct LoadedSite {
    /// The text of `site.toml`, if present.
    pub config: Option<String>,
    /// The text of `links.toml` (what `briefing links` found at the sources), if present.
    pub links: Option<String>,
    /// The text of `sources.toml` (who publishes at which domain), if present.
    pub publishers: Option<String>,
    /// Snapshots sorted by path, read ([`load_content`]).
    pub snapshots: Vec<Snapshot>,
    /// Snapshots sorted by path, listed but not read yet ([`load_site`]).
    pub listed: Vec<SnapshotFile>,
    /// Files in `content/` that look like snapshots but cannot be used, with why.
    pub unreadable: Vec<(PathBuf, String, Diagnostic)>,
    /// The site's templates, by name.
    pub templates: BTreeMap<String, String>,
    /// The site's static assets, by name.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Refuse a symbolic link at `path` (a folder or file at the top of the site) that leads out
/// of the site's folder: nothing outside the site is ever read (a `static` linked to a home
/// folder would publish it). Links below these are never followed (see [`walk_files`]).
fn stays_inside(root: &Path, path: &Path) -> Result<()> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let inside = match (fs::canonicalize(root), fs::canonicalize(path)) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        // A broken link reads as nothing; say so rather than guess.
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        Err(Error::LinkLeavesSite {
            path: path.to_path_buf(),
        })
    }
}

/// The files and folders of a site that a build reads, under its root: a change to anything
/// else (the output, an editor's backup beside them) does not change the site.
pub const SITE_PARTS: [&str; 6] = [
    "content",
    "templates",
    "static",
    "site.toml",
    crate::links::FILE_NAME,
    crate::publishers::FILE_NAME,
];

/// Read the site at `root`: its settings, templates and assets, and the list of its
/// snapshots (in `snapshots_listed`), which are read as they are parsed.
pub fn load_site(root: &Path) -> Result<LoadedSite> {
    for part in SITE_PARTS {
        stays_inside(root, &root.join(part))?;
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::NoContent { path: content });
    }
    let mut site = LoadedSite {
        listed: list_content(root, &content)?,
        ..LoadedSite::default()
    };
    site.config = read_optional(&root.join("site.toml"))?;
    site.links = read_optional(&root.join(crate::links::FILE_NAME))?;
    site.publishers = read_optional(&root.join(crate::publishers::FILE_NAME))?;
    site.templates = read_folder(&root.join("templates"))?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html") || name.ends_with(".xml"))
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    site.assets = read_folder(&root.join("static"))?;
    Ok(site)
}

/// The text of a file the site may have: `None` when it does not.
fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A snapshot file found in `content/`, not read yet.
#[derive(Debug, Clone)]
pub struct SnapshotFile {
    /// The path relative to the site root.
    pub path: PathBuf,
    /// The path to read it at.
    absolute: PathBuf,
    /// Its kind, by extension.
    kind: FileKind,
    /// Its slug; `None` when its name has nothing to make one from.
    slug: Option<String>,
    /// The sidecar beside it, relative to the site root.
    sidecar: Option<PathBuf>,
}

impl SnapshotFile {
    /// The snapshot file at `path` (relative to `root`) as [`list_content`] would list it now,
    /// with the sidecar `NAME.toml` beside it: `None` when a listing would not take it (not a
    /// regular file in `content/`, hidden, not `.txt` or `.md`). `serve` finds the file an edit
    /// touched with it, without walking `content/`.
    ///
    /// A listing also takes a sidecar whose extension is in capitals (`NAME.TOML`); this looks
    /// for `NAME.toml` only, so a caller that must agree with a listing checks that the file
    /// had no other sidecar.
    ///
    /// A listing follows no link below `content/` ([`walk_files`]), so neither does this: a
    /// file in a folder linked from elsewhere (`content/shared` → `~/notes`) is not the
    /// site's, though the file itself is no link.
    pub fn at(root: &Path, path: &Path) -> Option<SnapshotFile> {
        let under_content = path.strip_prefix("content").ok()?;
        let extension = path.extension()?.to_str()?;
        let kind = FileKind::from_extension(extension)?;
        let absolute = root.join(path);
        if is_hidden(under_content) || !fs::symlink_metadata(&absolute).ok()?.is_file() {
            return None;
        }
        let mut folder = root.join("content");
        let folders = under_content.parent().unwrap_or(Path::new(""));
        for part in folders.components() {
            let std::path::Component::Normal(name) = part else {
                return None;
            };
            folder.push(name);
            if !fs::symlink_metadata(&folder).ok()?.is_dir() {
                return None;
            }
        }
        let sidecar = path.with_extension("toml");
        let sidecar = fs::symlink_metadata(root.join(&sidecar))
            .is_ok_and(|metadata| metadata.is_file())
            .then_some(sidecar);
        Some(SnapshotFile {
            slug: slug_from_path(under_content),
            path: path.to_path_buf(),
            absolute,
            kind,
            sidecar,
        })
    }

    /// The metadata of the snapshot and its sidecar now; `None` when either cannot be had.
    pub fn metadata(&self, root: &Path) -> Option<Opened> {
        let sidecar = match &self.sidecar {
            Some(relative) => Some(fs::metadata(root.join(relative)).ok()?),
            None => None,
        };
        Some(Opened {
            snapshot: fs::metadata(&self.absolute).ok()?,
            sidecar,
        })
    }

    /// Its slug; `None` when its name has nothing to make one from.
    pub fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }

    /// The sidecar beside it, relative to the site root.
    pub fn sidecar(&self) -> Option<&Path> {
        self.sidecar.as_deref()
    }
}

/// What reading a snapshot file gave: the snapshot (or nothing, when it cannot be used), and
/// files that cannot be used (the snapshot or its sidecar), each with its text and why.
pub type ReadSnapshot = (Option<Snapshot>, Vec<(PathBuf, String, Diagnostic)>);

/// Walk `content/` for snapshots and their sidecars, reading nothing yet: each snapshot is
/// read by [`read_snapshot`], in parallel and dropped once parsed, so a site is never held in
/// memory whole.
pub fn list_content(root: &Path, content: &Path) -> Result<Vec<SnapshotFile>> {
    let mut sidecars = BTreeMap::new();
    let mut listed = Vec::new();
    for path in walk_files(content)? {
        let relative = relative_to(root, &path);
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension.eq_ignore_ascii_case("toml") {
            sidecars.insert(path.with_extension(""), relative);
            continue;
        }
        let Some(kind) = FileKind::from_extension(extension) else {
            continue;
        };
        let under_content = path.strip_prefix(content).unwrap_or(&path);
        listed.push(SnapshotFile {
            slug: slug_from_path(under_content),
            path: relative,
            kind,
            sidecar: None,
            absolute: path,
        });
    }
    for file in &mut listed {
        file.sidecar = sidecars.get(&file.absolute.with_extension("")).cloned();
    }
    Ok(listed)
}

/// The largest snapshot read: a pasted answer is kilobytes; a file of megabytes is not a
/// snapshot, and reading it would cost many times its size in memory.
pub const MAX_SNAPSHOT_BYTES: u64 = 8 * 1024 * 1024;

/// The error for a file of `size` bytes, over [`MAX_SNAPSHOT_BYTES`].
fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error(
        0..0,
        format!(
            "the file is {:.1} MB; snapshots over {} MB are not read",
            size as f64 / 1e6,
            MAX_SNAPSHOT_BYTES / (1024 * 1024)
        ),
    )
    .with_help("split it into several snapshots, or move it out of content/")
}

/// A snapshot file's bytes, or its size when it is too large to read.
#[derive(Debug)]
pub enum Capped {
    /// The whole file.
    Bytes(Vec<u8>),
    /// Its size, over [`MAX_SNAPSHOT_BYTES`]: nothing of it was read.
    TooLarge(u64),
}

/// Read the file at `path` unless it is over [`MAX_SNAPSHOT_BYTES`]. Its size is asked of
/// the open file rather than of its path: a build reads ten thousand snapshots, and finding
/// each one's path twice was a fortieth of a rebuild.
pub fn read_capped(path: &Path) -> std::io::Result<Capped> {
    read_capped_opened(path).map(|(capped, _)| capped)
}

/// [`read_capped`], and the file's metadata as it was opened.
fn read_capped_opened(path: &Path) -> std::io::Result<(Capped, fs::Metadata)> {
    let file = fs::File::open(path)?;
    let metadata = file.metadata()?;
    let size = metadata.len();
    if size > MAX_SNAPSHOT_BYTES {
        return Ok((Capped::TooLarge(size), metadata));
    }
    // A file that grows while it is read stops at the limit, and is then too large.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_SNAPSHOT_BYTES + 1),
        &mut bytes,
    )?;
    let capped = match bytes.len() as u64 {
        read if read > MAX_SNAPSHOT_BYTES => Capped::TooLarge(read),
        _ => Capped::Bytes(bytes),
    };
    Ok((capped, metadata))
}

/// The bytes of the file at `path`, and its metadata as it was opened.
fn read_opened(path: &Path) -> std::io::Result<(Vec<u8>, fs::Metadata)> {
    let mut file = fs::File::open(path)?;
    let metadata = file.metadata()?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok((bytes, metadata))
}

/// Read one listed snapshot and its sidecar.
pub fn read_snapshot(root: &Path, file: &SnapshotFile) -> Result<ReadSnapshot> {
    let relative = file.path.clone();
    let (bytes, metadata) = match read_capped_opened(&file.absolute) {
        Ok((Capped::Bytes(bytes), metadata)) => (bytes, metadata),
        Ok((Capped::TooLarge(size), _)) => {
            return Ok((None, vec![(relative, String::new(), too_large(size))]));
        }
        Err(error) => {
            let problem = Diagnostic::error(0..0, format!("cannot read the file: {error}"));
            return Ok((None, vec![(relative, String::new(), problem)]));
        }
    };
    let (text, mut problems) = decode(bytes);
    let Some(slug) = file.slug.clone() else {
        let problem = Diagnostic::error(
            0..0,
            "the file name has no letters or digits to make a slug from",
        )
        .with_help("rename the file with letters or digits in its name");
        return Ok((None, vec![(relative, text, problem)]));
    };
    let (dialect, dialect_reason) = Dialect::detect(file.kind, &text);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        problems.push(
            Diagnostic::warning(0..0, "file is empty; skipped")
                .with_help("paste a snapshot into it, or delete it"),
        );
    }
    let mut unusable = Vec::new();
    let mut sidecar_metadata = None;
    let sidecar = match &file.sidecar {
        Some(sidecar_relative) => {
            let path = root.join(sidecar_relative);
            let (bytes, metadata) = read_opened(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            sidecar_metadata = Some(metadata);
            let (sidecar_text, sidecar_problems) = decode(bytes);
            if let Some(problem) = sidecar_problems.into_iter().next() {
                unusable.push((sidecar_relative.clone(), sidecar_text.clone(), problem));
            }
            Some(SidecarFile {
                path: sidecar_relative.clone(),
                text: sidecar_text,
            })
        }
        None => None,
    };
    let snapshot = Snapshot {
        path: relative,
        slug,
        dialect,
        dialect_reason,
        text,
        sidecar,
        problems,
        opened: Opened {
            snapshot: metadata,
            sidecar: sidecar_metadata,
        },
    };
    Ok((Some(snapshot), unusable))
}

/// Walk `content/` for snapshots and their sidecars, and read them all.
pub fn load_content(root: &Path, content: &Path) -> Result<LoadedSite> {
    let mut site = LoadedSite::default();
    for file in list_content(root, content)? {
        let (snapshot, unusable) = read_snapshot(root, &file)?;
        site.snapshots.extend(snapshot);
        site.unreadable.extend(unusable);
    }
    Ok(site)
}

/// Decode a file as UTF-8; invalid bytes are an error at the first one, and the text is
/// decoded lossily so the rest can still be reported on. Line ends become `\n` (Windows'
/// CRLF and old Macs' lone CR alike), and control characters other than tab and line breaks
/// are removed with a warning: an escape code must not reach a terminal, nor a NUL the HTML.
pub fn decode(bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    let (text, bad_byte) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            if let Some(order) = utf16_order(error.as_bytes()) {
                return decode_utf16(error.as_bytes(), order);
            }
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    };
    let (text, removed) = normalise(text);
    let mut problems = Vec::new();
    if let Some(at) = bad_byte {
        let at = removed.new_offset(at);
        problems.push(
            Diagnostic::error(at..at + 1, "the file is not valid UTF-8")
                .with_help("save it as UTF-8 text"),
        );
    }
    if let Some((at, count)) = removed.controls {
        problems.push(
            Diagnostic::warning(
                at..at + 1,
                format!(
                    "{count} control character{} removed (the first on this line)",
                    if count == 1 { "" } else { "s" }
                ),
            )
            .with_help("control characters are not text; they are dropped from the briefing"),
        );
    }
    (text, problems)
}

/// The byte order of a file saved as UTF-16 (Windows Notepad's "Unicode").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    LittleEndian,
    BigEndian,
}

/// Whether `bytes` are UTF-16, and in which order: by its byte-order mark, or, without one,
/// by the zero byte beside each of its first two ASCII characters.
fn utf16_order(bytes: &[u8]) -> Option<Utf16> {
    let ascii = |a: u8, b: u8| a.is_ascii_graphic() && b.is_ascii() && b != 0;
    match *bytes {
        [0xff, 0xfe, ..] => Some(Utf16::LittleEndian),
        [0xfe, 0xff, ..] => Some(Utf16::BigEndian),
        [a, 0, b, 0, ..] if ascii(a, b) => Some(Utf16::LittleEndian),
        [0, a, 0, b, ..] if ascii(a, b) => Some(Utf16::BigEndian),
        _ => None,
    }
}

/// A UTF-16 file is an error, as any text not in UTF-8, with a message that names what it
/// is. Its text is decoded all the same, so that the rest is reported where an editor shows it.
fn decode_utf16(bytes: &[u8], order: Utf16) -> (String, Vec<Diagnostic>) {
    let units = bytes.chunks_exact(2).map(|pair| match order {
        Utf16::LittleEndian => u16::from_le_bytes([pair[0], pair[1]]),
        Utf16::BigEndian => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let mut text: String = char::decode_utf16(units)
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    let (text, _) = normalise(text);
    let name = match order {
        Utf16::LittleEndian => "little-endian",
        Utf16::BigEndian => "big-endian",
    };
    let problem = Diagnostic::error(0..1, format!("the file is UTF-16 ({name}), not UTF-8"))
        .with_help("save it as UTF-8 text (in Notepad: File, Save as, Encoding: UTF-8)");
    (text, vec![problem])
}

/// What [`normalise`] took out: where bytes were dropped, to move offsets found before it,
/// and the first control character removed (its offset after, and how many there were).
#[derive(Debug, Default)]
struct Removed {
    /// Offsets (before) of each dropped byte run, with the bytes dropped up to its end.
    runs: Vec<(usize, usize)>,
    controls: Option<(usize, usize)>,
}

impl Removed {
    /// Where byte `offset` of the text before is in the text after.
    fn new_offset(&self, offset: usize) -> usize {
        let before = self.runs.partition_point(|&(at, _)| at < offset);
        offset - before.checked_sub(1).map_or(0, |run| self.runs[run].1)
    }
}

/// Characters a copy from a web page carries that show nothing and mean nothing in text: the
/// zero-width space and word joiner (which break a citation such as `[\u{200b}2]`), a
/// byte-order mark inside the text, and the soft hyphen. The zero-width joiner and
/// non-joiner are kept: emoji and Persian or Indic words need them.
fn is_invisible(c: char) -> bool {
    c == SOFT_HYPHEN || WIDE_INVISIBLE.contains(&c)
}

/// The soft hyphen, whose UTF-8 starts with 0xC2 as the C1 controls' does.
const SOFT_HYPHEN: char = '\u{ad}';

/// The invisible characters whose UTF-8 starts with 0xE2 or 0xEF, as dashes' and quotes' does.
const WIDE_INVISIBLE: [char; 3] = ['\u{200b}', '\u{2060}', '\u{feff}'];

/// `\r\n` and lone `\r` as `\n`; C0 and C1 control characters but tab and line feed
/// dropped, and so are invisible characters ([`is_invisible`]), without a warning: they were
/// never part of what the page showed. A text with none of them is returned as it is.
fn normalise(text: String) -> (String, Removed) {
    let is_control = |c: char| c.is_control() && c != '\t' && c != '\n' && c != '\r';
    // Control characters are C0, DEL and C1 (U+0080 to U+009F, whose UTF-8 starts with
    // 0xC2), and so is the soft hyphen: text with none of those bytes but tabs and new lines
    // needs no character decoded. The other invisible characters start with 0xE2 or 0xEF, as
    // dashes and quotes do, so where those are the only such bytes, the three are searched for
    // instead. The bytes are checked a chunk at a time without branches, which the compiler
    // vectorises.
    const NARROW: u8 = 1;
    const WIDE: u8 = 2;
    let kind = |byte: u8| {
        let narrow =
            (byte < 0x20) & (byte != b'\t') & (byte != b'\n') | (byte == 0x7f) | (byte == 0xc2);
        let wide = (byte == 0xe2) | (byte == 0xef);
        (u8::from(narrow) * NARROW) | (u8::from(wide) * WIDE)
    };
    let found = text.as_bytes().chunks(64).fold(0, |found, chunk| {
        found | chunk.iter().fold(0, |found, &byte| found | kind(byte))
    });
    let clean = match found {
        0 => true,
        WIDE => !WIDE_INVISIBLE.iter().any(|&c| text.contains(c)),
        _ => !text
            .chars()
            .any(|c| c == '\r' || is_control(c) || is_invisible(c)),
    };
    if clean {
        return (text, Removed::default());
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = Removed::default();
    let mut dropped = 0;
    let mut controls = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                dropped += 1;
                removed.runs.push((at, dropped));
            } else {
                out.push('\n');
            }
        } else if is_invisible(c) {
            dropped += c.len_utf8();
            removed.runs.push((at, dropped));
        } else if is_control(c) {
            if controls == 0 {
                removed.controls = Some((out.len(), 0));
            }
            controls += 1;
            dropped += c.len_utf8();
            removed.runs.push((at, dropped));
        } else {
            out.push(c);
        }
    }
    if let Some((_, count)) = &mut removed.controls {
        *count = controls;
    }
    (out, removed)
}

/// Whether the path `under` (relative to a folder that is walked) is in a hidden folder or
/// names a hidden file, which a walk of the folder leaves out ([`walk_files`]).
pub fn is_hidden(under: &Path) -> bool {
    under
        .components()
        .any(|part| part.as_os_str().as_encoded_bytes().starts_with(b"."))
}

/// Every file under `dir`, sorted by path; hidden files and folders are left out. Symbolic
/// links are not followed, so nothing outside the folder is read.
fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|error| Error::ReadDir {
            path: error.path().unwrap_or(dir).to_path_buf(),
            source: error.into(),
        })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// Every file under `dir` by its `/`-separated name; an absent folder is empty.
fn read_folder(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for path in walk_files(dir)? {
        let name = slash_path(path.strip_prefix(dir).unwrap_or(&path));
        let bytes = fs::read(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        files.insert(name, bytes);
    }
    Ok(files)
}

/// `path` relative to `root`, for messages that must not depend on where the site lives.
fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A relative path with `/` separators on every platform.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_silently_and_joiners_stay() {
        let (text, problems) =
            decode("\u{feff}Blue.\u{200b}[\u{200b}2] red\u{ad}dish\u{2060} 👩\u{200d}🔬".into());
        assert_eq!(text, "Blue.[2] reddish 👩\u{200d}🔬");
        assert!(problems.is_empty());
        // Typographic characters that share their first bytes stay.
        let typographic = "“Quoted” – dash … ellipsis · dot";
        assert_eq!(decode(typographic.into()).0, typographic);
    }

    #[test]
    fn line_ends_become_line_feeds_and_controls_go_with_a_warning() {
        let (text, problems) = decode(b"a\r\nb\rc\n".to_vec());
        assert_eq!(text, "a\nb\nc\n");
        assert!(problems.is_empty());
        let (text, problems) = decode(b"ok\nbad\x1b[31mred\x00!\x07".to_vec());
        assert_eq!(text, "ok\nbad[31mred!");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with("3 control characters"),
            "{problems:?}"
        );
        assert_eq!(problems[0].span.start, 6, "on the line where the first was");
        assert_eq!(problems[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn del_and_c1_controls_go_too_anywhere_in_a_long_text() {
        // Past the first chunk the byte check reads, beside text that only looks like C1
        // (`·` is 0xC2 0xB7) and text with none.
        let long = "word ".repeat(40);
        for (control, seen) in [("\u{7f}", 1), ("\u{85}", 1), ("·", 0), ("", 0)] {
            let text = format!("{long}{control}end\n");
            let (decoded, problems) = decode(text.clone().into_bytes());
            assert_eq!(problems.len(), seen, "{control:?}");
            let kept = if seen == 1 {
                text.replace(control, "")
            } else {
                text
            };
            assert_eq!(decoded, kept);
        }
    }

    #[test]
    fn a_snapshot_found_by_its_path_is_the_one_a_listing_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("content/notes/rivers.txt", "rivers"),
            ("content/notes/rivers.toml", "title = \"Rivers\""),
            ("content/tides.md", "# Tides"),
            ("content/.drafts/hidden.md", "# Hidden"),
            ("content/notes.bak", "backup"),
            ("site.toml", "title = \"Site\""),
        ] {
            fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
            fs::write(root.join(name), text).unwrap();
        }
        // A folder linked from inside the site: the file in it is no link, the folder is.
        std::os::unix::fs::symlink(root.join("content/notes"), root.join("content/linked"))
            .unwrap();
        let listed = list_content(root, &root.join("content")).unwrap();
        assert_eq!(listed.len(), 2);
        for file in listed {
            let found = SnapshotFile::at(root, &file.path).expect("found");
            assert_eq!(found.path, file.path);
            assert_eq!(found.absolute, file.absolute);
            assert_eq!(found.kind, file.kind);
            assert_eq!(found.slug, file.slug);
            assert_eq!(found.sidecar, file.sidecar);
        }
        for not_listed in [
            "content/.drafts/hidden.md",
            "content/notes.bak",
            "content/notes/rivers.toml",
            "content/notes",
            "content/gone.md",
            "site.toml",
            "content/linked/rivers.txt",
            "content/notes/../tides.md",
        ] {
            assert!(
                SnapshotFile::at(root, Path::new(not_listed)).is_none(),
                "{not_listed}"
            );
        }
    }

    #[test]
    fn the_first_bad_byte_is_found_after_line_ends_are_mended() {
        let (text, problems) = decode(b"a\r\nb\r\n\xffc".to_vec());
        assert_eq!(text, "a\nb\n\u{fffd}c");
        assert_eq!(problems[0].span, 4..5);
        assert!(problems[0].is_error());
    }

    #[test]
    fn a_utf16_file_is_named_as_such_and_its_text_still_read() {
        let text = "Tides\r\nThe Moon pulls, é [1].\r\n";
        let little: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [(little, "little-endian"), (big, "big-endian")] {
            let (decoded, problems) = decode(bytes);
            assert_eq!(decoded, "Tides\nThe Moon pulls, é [1].\n", "{order}");
            assert_eq!(problems.len(), 1, "no control characters reported: {order}");
            assert!(problems[0].is_error());
            assert_eq!(
                problems[0].message,
                format!("the file is UTF-16 ({order}), not UTF-8")
            );
        }
        // Latin-1 is not taken for UTF-16.
        let (_, problems) = decode(b"Caf\xe9 au lait".to_vec());
        assert_eq!(problems[0].message, "the file is not valid UTF-8");
    }
}
