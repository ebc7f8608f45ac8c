//! Snapshots parsed by earlier runs, kept on disk so that a build parses only what changed.
//!
//! Parsing is a pure function of a snapshot's text and dialect, its sidecar's text and name
//! ([`crate::parse::parse_with_sidecar`]), and the parser, that is the binary. Each result is
//! kept under a hash of all of those ([`ParseMemo::key`]), one `KEY JSON` line per snapshot,
//! in one file per site in the user's cache folder ([`crate::build_id::cache_dir`]). The next
//! run over the same site takes a snapshot's model from that file when its key is there, and
//! parses it otherwise. A key that is not there, a line that does not read back, or a file
//! that cannot be read or written only costs a parse: the memo never changes what is built.
//!
//! Neither file is held in memory: the old one is indexed once and read a line at a time where
//! a key is found, and new parses go straight to the new file, so a build of ten thousand
//! briefings does not carry tens of megabytes of JSON beside their models.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead as _, BufReader, BufWriter, Write as _};
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3Default;

use crate::parse::{Dialect, ParsedSnapshot};

/// The parses the last run over a site kept, and the ones this run keeps.
#[derive(Debug)]
pub struct ParseMemo {
    /// The memo's file.
    path: PathBuf,
    /// The file the last run wrote, when there is one.
    old: Option<File>,
    /// Where each key's line starts in `old`, and its length without the newline.
    index: HashMap<u128, (u64, usize)>,
    /// What this run keeps.
    new: Mutex<NewLines>,
}

/// The keys this run found in the old file, and the file its new parses go to.
#[derive(Debug, Default)]
struct NewLines {
    found: HashSet<u128>,
    file: Option<BufWriter<File>>,
    /// Whether a new parse was kept, or could not be.
    added: bool,
}

/// The length of a line's key and the space after it.
const KEY_WIDTH: usize = 33;

/// The memo is written anew when more than one line in this many was not used by a run.
const STALE_ONE_IN: usize = 4;

impl ParseMemo {
    /// The memo of the site at `root`, with what the last run over it kept; `None` when there
    /// is no cache folder to keep it in.
    pub fn open(root: &Path) -> Option<Self> {
        Some(Self::at(crate::build_id::cache_file_for(
            root, "parsed-", "",
        )?))
    }

    /// The memo kept in the file at `path` (empty when it cannot be read).
    fn at(path: PathBuf) -> Self {
        let old = File::open(&path).ok();
        let index = old.as_ref().map(index_lines).unwrap_or_default();
        ParseMemo {
            path,
            old,
            index,
            new: Mutex::new(NewLines::default()),
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

    /// The parse kept under `key` by the last run, if it reads back; kept for the next run.
    pub fn get(&self, key: u128) -> Option<ParsedSnapshot> {
        let line = self.old_line(key)?;
        // Checked as UTF-8 once, whole: `from_slice` checks each string on its own.
        let json = std::str::from_utf8(line.get(KEY_WIDTH..)?).ok()?;
        let parsed = serde_json::from_str(json).ok()?;
        self.lock().found.insert(key);
        Some(parsed)
    }

    /// Keep `parsed` under `key` for the next run.
    pub fn keep(&self, key: u128, parsed: &ParsedSnapshot) {
        let mut line = format!("{key:032x} ").into_bytes();
        let serialized = serde_json::to_writer(&mut line, parsed).is_ok();
        line.push(b'\n');
        let mut new = self.lock();
        new.added = true;
        if serialized {
            if let Some(file) = self.new_file(&mut new) {
                if file.write_all(&line).is_err() {
                    new.file = None;
                }
            }
        }
    }

    /// Make what this run kept the memo. New parses are appended to the old file while the
    /// lines no run uses any more are fewer than a quarter of it: a rebuild after one edit
    /// then writes one line, not the whole memo (36 MB at 10,000 briefings). Past that, the
    /// file is written anew with only the lines this run used. A failure to write is not an
    /// error; the next run parses again.
    pub fn save(self) {
        let mut new = self
            .new
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let unused = self.index.len() - new.found.len();
        if self.old.is_some() && unused * STALE_ONE_IN <= self.index.len() {
            if new.added {
                let appended = self.append_new(&mut new);
                if appended.is_err() {
                    // Lines half appended only cost parses: they do not read back.
                    let _ = fs::remove_file(self.temporary());
                }
            }
            return;
        }
        let found = std::mem::take(&mut new.found);
        let Some(file) = self.new_file(&mut new) else {
            return;
        };
        let copied = match &self.old {
            Some(old) => copy_lines(old, &found, file),
            None => Ok(()),
        };
        let finished = copied
            .and_then(|()| file.flush())
            .and_then(|()| fs::rename(self.temporary(), &self.path));
        if finished.is_err() {
            let _ = fs::remove_file(self.temporary());
        }
    }

    /// Append the lines this run wrote to its new file to the old file, and remove the new.
    fn append_new(&self, new: &mut NewLines) -> std::io::Result<()> {
        let Some(file) = new.file.take() else {
            return Ok(());
        };
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        let lines = fs::read(self.temporary())?;
        let mut memo = fs::OpenOptions::new().append(true).open(&self.path)?;
        // One write, so that another build appending at once does not split a line.
        memo.write_all(&lines)?;
        fs::remove_file(self.temporary())
    }

    /// The line of `key` in the old file, without its newline.
    fn old_line(&self, key: u128) -> Option<Vec<u8>> {
        let (start, length) = *self.index.get(&key)?;
        let mut line = vec![0; length];
        self.old.as_ref()?.read_exact_at(&mut line, start).ok()?;
        Some(line)
    }

    /// The new file, created on first use; `None` when it cannot be.
    fn new_file<'a>(&self, new: &'a mut NewLines) -> Option<&'a mut BufWriter<File>> {
        if new.file.is_none() {
            let folder = self.path.parent()?;
            fs::create_dir_all(folder).ok()?;
            new.file = Some(BufWriter::new(File::create(self.temporary()).ok()?));
        }
        new.file.as_mut()
    }

    fn temporary(&self) -> PathBuf {
        self.path
            .with_extension(format!("tmp-{}", std::process::id()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, NewLines> {
        self.new
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Copy the lines of `old` whose keys are in `keys` to `to`, in one pass over the file.
fn copy_lines(
    old: &File,
    keys: &HashSet<u128>,
    to: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(old);
    std::io::Seek::rewind(&mut reader)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line_key(&line).is_some_and(|key| keys.contains(&key)) {
            to.write_all(&line)?;
            if !line.ends_with(b"\n") {
                to.write_all(b"\n")?;
            }
        }
    }
}

/// The key a memo line starts with, if it is well formed.
fn line_key(line: &[u8]) -> Option<u128> {
    let head = line.get(..KEY_WIDTH).filter(|head| head.ends_with(b" "))?;
    let hex = std::str::from_utf8(&head[..KEY_WIDTH - 1]).ok()?;
    u128::from_str_radix(hex, 16).ok()
}

/// Where each well-formed line of `file` starts, by its key, and how long it is.
fn index_lines(file: &File) -> HashMap<u128, (u64, usize)> {
    let mut index = HashMap::new();
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut start = 0_u64;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return index,
            Ok(read) => {
                let content = line.strip_suffix(b"\n").unwrap_or(&line);
                if let Some(key) = line_key(content) {
                    index.insert(key, (start, content.len()));
                }
                start += read as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_with_sidecar;

    const SEED: &str = include_str!("../scaffold/content/example-pasted.txt");

    fn parse(text: &str, dialect: Dialect, sidecar: Option<&str>) -> ParsedSnapshot {
        parse_with_sidecar(text, dialect, sidecar, "a.toml")
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
    fn new_parses_are_appended_and_unused_lines_dropped_once_they_are_a_quarter() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("parsed");
        let texts: Vec<String> = (0..8)
            .map(|n| format!("# T{n}\n\n- Claim {n}.\n"))
            .collect();
        let key = |text: &str| ParseMemo::key(text, Dialect::Markdown, None, "a.toml");
        let run = |texts: &[String]| {
            let memo = ParseMemo::at(path.clone());
            for text in texts {
                if memo.get(key(text)).is_none() {
                    memo.keep(key(text), &parse(text, Dialect::Markdown, None));
                }
            }
            memo.save();
        };
        run(&texts[..4]);
        let before = fs::read(&path).unwrap();
        // One snapshot of four edited: its new parse is appended, the old lines stay.
        run(&[&texts[..3], &texts[4..5]].concat());
        let after = fs::read(&path).unwrap();
        assert!(after.starts_with(&before) && after.len() > before.len());
        // Another: now two lines of five are unused, and the memo keeps only the used ones.
        run(&[&texts[..2], &texts[4..6]].concat());
        let memo = ParseMemo::at(path.clone());
        assert_eq!(memo.index.len(), 4);
        for text in [&texts[..2], &texts[4..6]].concat() {
            assert!(memo.get(key(&text)).is_some());
        }
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
        fs::write(
            &path,
            format!("{key:032x} {{\"parsed\": not json\nzz\n\n{key:x}"),
        )
        .unwrap();
        let memo = ParseMemo::at(path);
        assert!(memo.get(key).is_none());
    }
}
