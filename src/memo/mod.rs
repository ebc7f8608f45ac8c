//! Snapshots parsed by earlier runs, kept on disk so that a build parses only what changed.
//!
//! Parsing is a pure function of a snapshot's text and dialect, its sidecar's text and name
//! ([`crate::parse::parse_with_sidecar`]), and the parser, that is the binary. Each result is
//! kept under a hash of all of those ([`ParseMemo::key`]), one record per snapshot (its key,
//! its length, then the parse in the memo's own compact form, `packed.rs`), in one file per
//! site in the user's cache folder ([`crate::cache::cache_dir`]). The next run over the
//! same site takes a snapshot's model from that file when its key is there, and parses it
//! otherwise. A key that is not there, a record that does not read back, or a file that
//! cannot be read or written only costs a parse: the memo never changes what is built.
//!
//! Neither file is held in memory: the old one is indexed once and read a record at a time
//! where a key is found, and new parses go straight to the new file, so a build of ten
//! thousand briefings does not carry tens of megabytes of parses beside their models.
//!
//! Which snapshots were read with what key is kept beside it too (`seen.rs`), so that the next
//! run finds the parses of snapshots that did not change without reading them.
//!
//! The index is kept too, in a small file beside the memo (`index.rs`): reading the whole memo
//! (23 MB at ten thousand briefings) to find where its records start took a core 20 to 45 ms
//! before any snapshot could be looked up, the longest wait of a rebuild after one edit.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read as _, Write as _};
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3Default;

use crate::diagnostic::Place;
use crate::parse::{Dialect, ParsedSnapshot};

mod index;
mod packed;
mod seen;

pub use seen::{Stamp, SETTLED};

/// The parses the last run over a site kept, and the ones this run keeps.
#[derive(Debug)]
pub struct ParseMemo {
    /// The memo's file.
    path: PathBuf,
    /// The file the last run wrote, when there is one.
    old: Option<File>,
    /// Its length when it was opened.
    old_length: u64,
    /// Where each key's parse starts in `old`, and its length.
    index: index::Index,
    /// Whether `old` holds bytes that are not whole records (a run stopped while appending,
    /// or a file of another layout): it is then written anew.
    damaged: bool,
    /// Whether `index` was read from the index file, which then need not be written again
    /// when nothing changes.
    index_kept: bool,
    /// The snapshots the last run read and the keys of their parses.
    seen: seen::Seen,
    /// The time before which a file must have last changed for its stamp to be trusted.
    settled: std::time::SystemTime,
    /// What this run keeps.
    new: Mutex<NewRecords>,
}

/// What the memo keeps of a snapshot: its parse, and where the parse's diagnostics are in the
/// texts parsed, so that they can be shown without reading the texts again.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The parse.
    pub parse: ParsedSnapshot,
    /// The place of each of the parse's diagnostics in the snapshot, in their order.
    pub places: Vec<Place>,
    /// The place of each of the sidecar's diagnostics in the sidecar, in their order.
    pub sidecar_places: Vec<Place>,
}

/// The keys this run found in the old file, and the file its new parses go to.
#[derive(Debug, Default)]
struct NewRecords {
    found: HashSet<u128, ahash::RandomState>,
    file: Option<BufWriter<File>>,
    /// Where each parse written to `file` starts in it, and its length.
    written: Vec<(u128, u64, usize)>,
    /// The snapshots this run read or found as they were.
    saw: seen::Saw,
    /// The length of `file` so far.
    length: u64,
    /// Whether a new parse was kept, or could not be.
    added: bool,
}

/// The first bytes of a memo file, with the version of its layout.
const MAGIC: &[u8] = b"briefing parse memo 3\n";

/// The bytes before each parse in the file: its key and its length, little-endian.
const HEADER: usize = 16 + 4;

/// The memo is written anew when more than one record in this many was not used by a run.
const STALE_ONE_IN: usize = 4;

impl ParseMemo {
    /// The memo of the site at `root`, with what the last run over it kept; `None` when there
    /// is no cache folder to keep it in.
    pub fn open(root: &Path) -> Option<Self> {
        Some(Self::at(crate::cache::cache_file_for(root, "parsed-", "")?))
    }

    /// The memo kept in the file at `path` (empty when it cannot be read), indexed from its
    /// index file when that describes it, and by reading it through otherwise.
    fn at(path: PathBuf) -> Self {
        let now = std::time::SystemTime::now();
        Self::settled_at(path, now.checked_sub(seen::SETTLED).unwrap_or(now))
    }

    /// [`ParseMemo::at`], trusting the stamps of files last changed before `settled`.
    pub(crate) fn settled_at(path: PathBuf, settled: std::time::SystemTime) -> Self {
        let old = File::open(&path).ok();
        let length = old
            .as_ref()
            .and_then(|file| file.metadata().ok())
            .map(|meta| meta.len());
        let kept = length.and_then(|length| index::read(&index::path(&path), length));
        let index_kept = kept.is_some();
        let seen = seen::read(&seen::path(&path), crate::build_id::binary_hash());
        let (index, damaged) = match (kept, &old) {
            (Some(index), _) => (index, false),
            (None, Some(file)) => index_records(file),
            (None, None) => Default::default(),
        };
        ParseMemo {
            path,
            old,
            index,
            damaged,
            index_kept,
            old_length: length.unwrap_or(0),
            seen,
            settled,
            new: Mutex::new(NewRecords::default()),
        }
    }

    /// The key of a parse: everything its result depends on.
    pub fn key(text: &str, dialect: Dialect, sidecar: Option<&str>, sidecar_name: &str) -> u128 {
        let mut hasher = Xxh3Default::new();
        hasher.update(&crate::build_id::binary_hash().to_le_bytes());
        hasher.update(format!("{dialect:?}").as_bytes());
        for part in [Some(text), sidecar, Some(sidecar_name)] {
            // Lengths first, so that no two different inputs hash the same bytes.
            let part = part.unwrap_or("\u{0}none");
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.digest128()
    }

    /// The stamp of the snapshot files `opened`, when it can be trusted.
    pub fn stamp(&self, opened: &crate::load::Opened) -> Option<Stamp> {
        Stamp::of(opened, self.settled)
    }

    /// What the last run saw of the snapshot at `path` (relative to the site's root), if it
    /// read it: its stamp then, and the key of its parse. A snapshot is taken by that key only
    /// when its stamp now is the same; one the last run did not read (every one, in a first
    /// build) need not be stamped at all.
    pub fn last_seen(&self, path: &Path) -> Option<(Stamp, u128)> {
        self.seen.get(seen::name(path)).copied()
    }

    /// Note that the snapshot at `path`, with `stamp`, has its parse under `key`: read without
    /// a problem.
    pub fn saw(&self, path: &Path, stamp: Stamp, key: u128) {
        let name = seen::name(path).into();
        self.lock().saw.push((name, stamp, key));
    }

    /// What the last run kept under `key`, if it reads back; kept for the next run.
    pub fn get(&self, key: u128) -> Option<Kept> {
        let record = self.old_record(key)?;
        let parsed = packed::from_bytes(&record[HEADER..])?;
        self.lock().found.insert(key);
        Some(parsed)
    }

    /// Keep `kept` under `key` for the next run.
    pub fn keep(&self, key: u128, kept: &Kept) {
        let mut record = Vec::with_capacity(4096);
        record.extend_from_slice(&key.to_le_bytes());
        record.extend_from_slice(&[0; 4]);
        packed::to_bytes(kept, &mut record);
        // A parse of 4 GiB or more is not kept (a snapshot is at most 8 MiB).
        let length = u32::try_from(record.len() - HEADER).ok();
        let mut new = self.lock();
        new.added = true;
        if let Some(length) = length {
            record[16..HEADER].copy_from_slice(&length.to_le_bytes());
            if let Some(file) = self.new_file(&mut new) {
                if file.write_all(&record).is_err() {
                    new.file = None;
                } else {
                    let start = new.length + HEADER as u64;
                    new.written.push((key, start, record.len() - HEADER));
                    new.length += record.len() as u64;
                }
            }
        }
    }

    /// Make what this run kept the memo. New parses are appended to the old file while the
    /// records no run uses any more are fewer than a quarter of it: a rebuild after one edit
    /// then writes one record, not the whole memo (25 MB at 10,000 briefings). Past that, or
    /// when the old file is damaged, the file is written anew with only the records this run
    /// used. A failure to write is not an error; the next run parses again.
    pub fn save(mut self) {
        let mut new = std::mem::take(&mut *self.lock());
        if !seen::same(&self.seen, &new.saw) {
            seen::write(
                &seen::path(&self.path),
                crate::build_id::binary_hash(),
                &mut new.saw,
            );
        }
        let unused = self.index.len() - new.found.len();
        if self.old.is_some() && !self.damaged && unused * STALE_ONE_IN <= self.index.len() {
            match self.append_new(&mut new) {
                Ok(Some(memo_length)) => {
                    // Where this run's records landed: the memo ended with them.
                    let appended = new.length - MAGIC.len() as u64;
                    let base = memo_length.saturating_sub(appended);
                    for (key, start, length) in new.written {
                        let start = base + (start - MAGIC.len() as u64);
                        self.index.insert(key, (start, length));
                    }
                    self.write_index(memo_length);
                }
                Ok(None) if !self.index_kept => self.write_index(self.old_length),
                Ok(None) => {}
                // A record half appended only costs parses: the next run finds it cut off
                // and writes the memo anew.
                Err(_) => {
                    let _ = fs::remove_file(self.temporary());
                }
            }
            return;
        }
        let found = std::mem::take(&mut new.found);
        if self.new_file(&mut new).is_none() {
            return;
        }
        let at = new.length;
        let Some(file) = new.file.as_mut() else {
            return;
        };
        let copied = match &self.old {
            Some(old) => self.copy_records(old, &found, file, at),
            None => Ok(Vec::new()),
        };
        let finished = copied.and_then(|copied| {
            file.flush()?;
            fs::rename(self.temporary(), &self.path)?;
            Ok(copied)
        });
        match finished {
            Ok(copied) => {
                let memo_length = copied
                    .last()
                    .map_or(new.length, |&(_, start, length)| start + length as u64);
                self.index = new
                    .written
                    .into_iter()
                    .chain(copied)
                    .map(|(key, start, length)| (key, (start, length)))
                    .collect();
                self.write_index(memo_length);
            }
            Err(_) => {
                let _ = fs::remove_file(self.temporary());
            }
        }
    }

    /// Keep the index of the memo, now `memo_length` bytes long, beside it.
    fn write_index(&self, memo_length: u64) {
        index::write(&index::path(&self.path), memo_length, self.index.iter());
    }

    /// Append the records this run wrote to its new file to the old file, and remove the new;
    /// the memo's length after the append, or `None` when there was nothing to append.
    fn append_new(&self, new: &mut NewRecords) -> std::io::Result<Option<u64>> {
        let Some(file) = new.file.take() else {
            return Ok(None);
        };
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        let written = fs::read(self.temporary())?;
        let records = written.get(MAGIC.len()..).unwrap_or_default();
        let mut memo = fs::OpenOptions::new().append(true).open(&self.path)?;
        // One write, so that another build appending at once does not split a record.
        memo.write_all(records)?;
        let memo_length = memo.metadata()?.len();
        fs::remove_file(self.temporary())?;
        Ok(Some(memo_length))
    }

    /// The record kept under `key` in the old file, as bytes: its header, then its parse.
    /// The header must name the key and length the index gave: an index left behind by
    /// another build writing the memo at once then costs a parse, never a wrong one.
    fn old_record(&self, key: u128) -> Option<Vec<u8>> {
        let (start, length) = *self.index.get(&key)?;
        let mut bytes = vec![0; HEADER + length];
        let record_start = start.checked_sub(HEADER as u64)?;
        self.old
            .as_ref()?
            .read_exact_at(&mut bytes, record_start)
            .ok()?;
        (record_header(&bytes)? == (key, length as u32)).then_some(bytes)
    }

    /// Copy the records of `old` whose keys are in `keys` to `to`, in the order of the file,
    /// from `at` in it; where each parse copied starts, and its length.
    fn copy_records(
        &self,
        old: &File,
        keys: &HashSet<u128, ahash::RandomState>,
        to: &mut impl std::io::Write,
        mut at: u64,
    ) -> std::io::Result<Vec<(u128, u64, usize)>> {
        let mut records: Vec<(u64, usize, u128)> = keys
            .iter()
            .filter_map(|key| self.index.get(key).map(|(start, len)| (*start, *len, *key)))
            .collect();
        records.sort_unstable();
        let mut bytes = Vec::new();
        let mut copied = Vec::with_capacity(records.len());
        for (start, length, key) in records {
            bytes.resize(length, 0);
            old.read_exact_at(&mut bytes, start)?;
            to.write_all(&key.to_le_bytes())?;
            to.write_all(&u32::try_from(length).unwrap_or(u32::MAX).to_le_bytes())?;
            to.write_all(&bytes)?;
            copied.push((key, at + HEADER as u64, length));
            at += (HEADER + length) as u64;
        }
        Ok(copied)
    }

    /// The new file, created on first use with the layout's first bytes; `None` when it
    /// cannot be.
    fn new_file<'a>(&self, new: &'a mut NewRecords) -> Option<&'a mut BufWriter<File>> {
        if new.file.is_none() {
            let folder = self.path.parent()?;
            fs::create_dir_all(folder).ok()?;
            let mut file = BufWriter::new(File::create(self.temporary()).ok()?);
            file.write_all(MAGIC).ok()?;
            new.file = Some(file);
            new.length = MAGIC.len() as u64;
        }
        new.file.as_mut()
    }

    fn temporary(&self) -> PathBuf {
        self.path
            .with_extension(format!("tmp-{}", std::process::id()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, NewRecords> {
        self.new
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Put `bytes` in the file at `path`: written to a file of their own and renamed into place,
/// so that a reader finds the old file or the new, whole. A failure leaves the old file.
fn replace(path: &Path, bytes: &[u8]) {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temporary = path.with_file_name(name);
    if fs::write(&temporary, bytes).is_err() || fs::rename(&temporary, path).is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

/// The key and the parse's length a record's first bytes name.
fn record_header(record: &[u8]) -> Option<(u128, u32)> {
    let (key, rest) = record.split_first_chunk::<16>()?;
    let (length, _) = rest.split_first_chunk::<4>()?;
    Some((u128::from_le_bytes(*key), u32::from_le_bytes(*length)))
}

/// Where each whole record of `file` starts its parse, by key, and the parse's length; and
/// whether the file holds anything else (another layout, or a record cut off).
fn index_records(file: &File) -> (index::Index, bool) {
    let mut index = index::Index::default();
    let Ok(size) = file.metadata().map(|meta| meta.len()) else {
        return (index, true);
    };
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut magic = [0; MAGIC.len()];
    if reader.read_exact(&mut magic).is_err() || magic != MAGIC {
        return (index, true);
    }
    let mut start = MAGIC.len() as u64;
    while start < size {
        let mut header = [0; HEADER];
        if reader.read_exact(&mut header).is_err() {
            return (index, true);
        }
        let Some((key, length)) = record_header(&header) else {
            return (index, true);
        };
        let parse_start = start + HEADER as u64;
        let end = parse_start + u64::from(length);
        if end > size || reader.seek_relative(i64::from(length)).is_err() {
            return (index, true);
        }
        index.insert(key, (parse_start, length as usize));
        start = end;
    }
    (index, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_with_sidecar;

    const SEED: &str = include_str!("../../scaffold/content/example-pasted.txt");

    fn parse(text: &str, dialect: Dialect, sidecar: Option<&str>) -> Kept {
        let parse = parse_with_sidecar(text, dialect, sidecar, "a.toml");
        Kept {
            places: Place::all(text, &parse.parsed.diagnostics),
            sidecar_places: Place::all(sidecar.unwrap_or(""), &parse.sidecar_diagnostics),
            parse,
        }
    }

    /// Take the parse of the Markdown `text` from `memo`, or parse it and keep it there, as a
    /// build does.
    fn take_or_keep(memo: &ParseMemo, text: &str) {
        let key = ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        if memo.get(key).is_none() {
            memo.keep(key, &parse(text, Dialect::Markdown, None));
        }
    }

    #[test]
    fn a_kept_parse_reads_back_equal_on_the_next_run() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let markdown =
            "# Title\n\n- A claim.[^1]\n- Another, **bold**.\n\n[^1]: https://example.com/a\n";
        let inputs = [
            (SEED, Dialect::Pasted, None),
            (markdown, Dialect::Markdown, Some("title = \"Other\"\n")),
        ];
        let memo = ParseMemo::at(path.clone());
        for (text, dialect, sidecar) in inputs {
            let key = ParseMemo::key(text, dialect, sidecar, "a.toml");
            assert!(memo.get(key).is_none());
            memo.keep(key, &parse(text, dialect, sidecar));
        }
        memo.save();

        let memo = ParseMemo::at(path.clone());
        for (text, dialect, sidecar) in inputs {
            let key = ParseMemo::key(text, dialect, sidecar, "a.toml");
            assert_eq!(memo.get(key), Some(parse(text, dialect, sidecar)));
        }
        let written = fs::metadata(&path).unwrap().modified().unwrap();
        memo.save();
        assert_eq!(
            fs::metadata(&path).unwrap().modified().unwrap(),
            written,
            "an unchanged memo is not written again"
        );
    }

    #[test]
    fn new_parses_are_appended_and_unused_records_dropped_once_they_are_a_quarter() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let texts: Vec<String> = (0..8)
            .map(|n| format!("# T{n}\n\n- Claim {n}.\n"))
            .collect();
        let key = |text: &str| ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        let run = |texts: &[String]| {
            let memo = ParseMemo::at(path.clone());
            for text in texts {
                take_or_keep(&memo, text);
            }
            memo.save();
        };
        run(&texts[..4]);
        let before = fs::read(&path).unwrap();
        // One snapshot of four edited: its new parse is appended, the old records stay.
        run(&[&texts[..3], &texts[4..5]].concat());
        let after = fs::read(&path).unwrap();
        assert!(after.starts_with(&before) && after.len() > before.len());
        // Another: now two records of five are unused, and the memo keeps only the used ones.
        run(&[&texts[..2], &texts[4..6]].concat());
        let memo = ParseMemo::at(path.clone());
        assert_eq!(memo.index.len(), 4);
        for text in [&texts[..2], &texts[4..6]].concat() {
            assert!(memo.get(key(&text)).is_some());
        }
    }

    #[test]
    fn the_index_is_kept_beside_the_memo_through_appends_and_rewrites() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let texts: Vec<String> = (0..6)
            .map(|n| format!("# T{n}\n\n- Claim {n}.\n"))
            .collect();
        let key = |text: &str| ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        // Each run: the memo opens from its index, finds what the last run kept, and keeps
        // the rest; first written, then appended to, then written anew without the unused.
        let runs = [&texts[..3], &texts[..4], &texts[3..6]];
        for (number, texts) in runs.into_iter().enumerate() {
            let memo = ParseMemo::at(path.clone());
            assert_eq!(memo.index_kept, number > 0, "run {number}");
            for text in texts {
                take_or_keep(&memo, text);
            }
            memo.save();
            let indexed = ParseMemo::at(path.clone());
            let read_through = index_records(&File::open(&path).unwrap()).0;
            assert!(indexed.index_kept && !indexed.damaged, "run {number}");
            assert_eq!(indexed.index, read_through, "run {number}");
            for text in texts {
                assert_eq!(
                    indexed.get(key(text)),
                    Some(parse(text, Dialect::Markdown, None))
                );
            }
        }
    }

    #[test]
    fn an_index_that_points_at_another_record_costs_a_parse_not_a_wrong_one() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let texts = ["# A\n\n- One.\n", "# B\n\n- Two.\n"];
        let key = |text| ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        let memo = ParseMemo::at(path.clone());
        for text in texts {
            memo.keep(key(text), &parse(text, Dialect::Markdown, None));
        }
        memo.save();
        // Another build wrote a memo of the same length with the records the other way
        // round: the index found beside it names the wrong places.
        let memo = ParseMemo::at(path.clone());
        let (a, b) = (memo.index[&key(texts[0])], memo.index[&key(texts[1])]);
        let swapped: index::Index = [(key(texts[0]), b), (key(texts[1]), a)]
            .into_iter()
            .collect();
        let length = fs::metadata(&path).unwrap().len();
        index::write(&index::path(&path), length, swapped.iter());
        let memo = ParseMemo::at(path);
        assert!(memo.index_kept);
        assert_eq!(memo.get(key(texts[0])), None);
        assert_eq!(memo.get(key(texts[1])), None);
    }

    #[test]
    fn a_memo_keeps_only_what_its_last_run_used() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let texts = ["# A\n\n- One.\n", "# B\n\n- Two.\n", "# C\n\n- Three.\n"];
        let key = |text| ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        let memo = ParseMemo::at(path.clone());
        for text in &texts[..2] {
            memo.keep(key(text), &parse(text, Dialect::Markdown, None));
        }
        memo.save();
        let memo = ParseMemo::at(path.clone());
        assert!(memo.get(key(texts[0])).is_some());
        memo.keep(key(texts[2]), &parse(texts[2], Dialect::Markdown, None));
        memo.save();
        let memo = ParseMemo::at(path);
        assert!(memo.get(key(texts[0])).is_some());
        assert!(
            memo.get(key(texts[1])).is_none(),
            "a snapshot gone is forgotten"
        );
        assert!(memo.get(key(texts[2])).is_some());
    }

    #[test]
    fn every_input_of_a_parse_is_in_its_key() {
        let key = ParseMemo::key("text", Dialect::Markdown, Some("sidecar"), "a.toml");
        for other in [
            ParseMemo::key("text!", Dialect::Markdown, Some("sidecar"), "a.toml"),
            ParseMemo::key("text", Dialect::Pasted, Some("sidecar"), "a.toml"),
            ParseMemo::key("text", Dialect::Markdown, None, "a.toml"),
            ParseMemo::key("text", Dialect::Markdown, Some("sidecar!"), "a.toml"),
            ParseMemo::key("text", Dialect::Markdown, Some("sidecar"), "b.toml"),
            ParseMemo::key("textsidecar", Dialect::Markdown, Some(""), "a.toml"),
        ] {
            assert_ne!(key, other);
        }
    }

    #[test]
    fn a_damaged_memo_costs_only_a_parse() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let key = ParseMemo::key(SEED, Dialect::Pasted, None, "a.toml");
        let parsed = parse(SEED, Dialect::Pasted, None);
        let record = |payload: &[u8]| {
            let length = u32::try_from(payload.len()).unwrap();
            [&key.to_le_bytes()[..], &length.to_le_bytes(), payload].concat()
        };
        let mut whole = Vec::new();
        packed::to_bytes(&parsed, &mut whole);
        let damaged: [Vec<u8>; 4] = [
            // The JSON lines of an earlier layout.
            format!("{key:032x} {{\"parsed\": not json\nzz\n\n{key:x}").into_bytes(),
            // The key, and bytes that are not a parse.
            [MAGIC, &record(b"not a parse")].concat(),
            // The key, and a parse cut short.
            [MAGIC, &record(&whole[..whole.len() / 2])].concat(),
            // A record cut off by a run stopped while appending it.
            [MAGIC, &record(&whole)[..HEADER + 10]].concat(),
        ];
        for bytes in damaged {
            fs::write(&path, &bytes).unwrap();
            let memo = ParseMemo::at(path.clone());
            assert!(memo.get(key).is_none());
            memo.keep(key, &parsed);
            memo.save();
            let memo = ParseMemo::at(path.clone());
            assert!(!memo.damaged, "the memo is written anew");
            assert_eq!(memo.get(key), Some(parsed.clone()));
        }
    }
}
