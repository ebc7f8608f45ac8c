//! Snapshots parsed by earlier runs, kept on disk so that a build parses only what changed.
//!
//! Parsing is a pure function of a snapshot's text and dialect, its sidecar's text and name
//! ([`crate::parse::parse_with_sidecar`]), and the parser, that is the binary. Each result is
//! kept under a hash of all of those ([`ParseMemo::key`]), one `KEY JSON` line per snapshot,
//! in one file per site in the user's cache folder ([`crate::build_id::cache_dir`]). The next
//! run over the same site takes a snapshot's model from that file when its key is there, and
//! parses it otherwise. A key that is not there, a line that does not read back, or a file
//! that cannot be read or written only costs a parse: the memo never changes what is built.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3Default;

use crate::parse::{Dialect, ParsedSnapshot};

/// The parses the last run over a site kept, and the ones this run keeps.
#[derive(Debug)]
pub struct ParseMemo {
    /// The memo's file.
    path: PathBuf,
    /// What the last run wrote there.
    old: String,
    /// Where each key's JSON stands in `old`.
    index: HashMap<u128, Range<usize>>,
    /// What this run keeps, by key: the JSON it found in `old`, or that it made.
    kept: Mutex<Vec<(u128, Kept)>>,
}

#[derive(Debug)]
enum Kept {
    /// Found in the old file, at this range.
    Old(Range<usize>),
    /// Parsed by this run.
    New(String),
}

impl ParseMemo {
    /// The memo of the site at `root`, with what the last run over it kept; `None` when there
    /// is no cache folder to keep it in.
    pub fn open(root: &Path) -> Option<Self> {
        let root = fs::canonicalize(root).ok()?;
        let site = xxhash_rust::xxh3::xxh3_64(root.to_string_lossy().as_bytes());
        let path = crate::build_id::cache_dir()?.join(format!("parsed-{site:016x}"));
        Some(Self::at(path))
    }

    /// The memo kept in the file at `path` (empty when it cannot be read).
    fn at(path: PathBuf) -> Self {
        let old = fs::read_to_string(&path).unwrap_or_default();
        let mut index = HashMap::new();
        let mut start = 0;
        for line in old.split_inclusive('\n') {
            let end = start + line.len();
            if let Some((key, json)) = line.trim_end_matches('\n').split_once(' ') {
                if let Ok(number) = u128::from_str_radix(key, 16) {
                    let json_start = start + key.len() + 1;
                    index.insert(number, json_start..json_start + json.len());
                }
            }
            start = end;
        }
        ParseMemo {
            path,
            old,
            index,
            kept: Mutex::new(Vec::new()),
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
        let range = self.index.get(&key)?;
        let parsed = serde_json::from_str(&self.old[range.clone()]).ok()?;
        self.lock().push((key, Kept::Old(range.clone())));
        Some(parsed)
    }

    /// Keep `parsed` under `key` for the next run.
    pub fn keep(&self, key: u128, parsed: &ParsedSnapshot) {
        if let Ok(json) = serde_json::to_string(parsed) {
            self.lock().push((key, Kept::New(json)));
        }
    }

    /// Write what this run kept, in place of what the last run kept: nothing when they are
    /// the same. A failure to write is not an error; the next run parses again.
    pub fn save(self) {
        let mut kept = self
            .kept
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.sort_by_key(|(key, _)| *key);
        kept.dedup_by_key(|(key, _)| *key);
        let unchanged = kept.len() == self.index.len()
            && kept.iter().all(|(_, kept)| matches!(kept, Kept::Old(_)));
        if unchanged {
            return;
        }
        let Some(folder) = self.path.parent() else {
            return;
        };
        let temporary = self
            .path
            .with_extension(format!("tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            fs::create_dir_all(folder)?;
            let mut file = std::io::BufWriter::new(fs::File::create(&temporary)?);
            for (key, kept) in &kept {
                let json = match kept {
                    Kept::Old(range) => &self.old[range.clone()],
                    Kept::New(json) => json,
                };
                writeln!(file, "{key:032x} {json}")?;
            }
            file.into_inner().map_err(|error| error.into_error())?;
            fs::rename(&temporary, &self.path)
        };
        if write().is_err() {
            let _ = fs::remove_file(&temporary);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u128, Kept)>> {
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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
