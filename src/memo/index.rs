//! The memo's index, kept in a file beside it: where each record's parse starts and how long
//! it is, by key, for the memo file of one length.
//!
//! The index only saves reading the memo through. It is trusted no further than the length
//! of the memo it describes: a memo of another length (appended to, or written anew by
//! another build) is indexed by reading it, and each record's own header is checked against
//! the index when it is read ([`super::ParseMemo::get`]), so a stale index costs parses, never
//! a wrong one.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The first bytes of an index file, with the version of its layout.
const MAGIC: &[u8] = b"briefing parse memo index 1\n";

/// The bytes of one entry: the key, where the parse starts, its length; little-endian.
const ENTRY: usize = 16 + 8 + 4;

/// Where each key's parse starts in the memo, and its length. Keys are hashes already, and
/// ten thousand are looked up on the way to the first parse: hashed with ahash, not SipHash.
pub(super) type Index = HashMap<u128, (u64, usize), ahash::RandomState>;

/// The index file that belongs to the memo at `memo`.
pub(super) fn path(memo: &Path) -> PathBuf {
    let mut name = memo.file_name().unwrap_or_default().to_os_string();
    name.push(".index");
    memo.with_file_name(name)
}

/// The index kept at `path`, if it reads back whole and describes a memo of `memo_length`
/// bytes.
pub(super) fn read(path: &Path, memo_length: u64) -> Option<Index> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (length, entries) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*length) != memo_length || entries.len() % ENTRY != 0 {
        return None;
    }
    let mut index = Index::with_capacity_and_hasher(entries.len() / ENTRY, Default::default());
    for entry in entries.chunks_exact(ENTRY) {
        let (key, entry) = entry.split_first_chunk::<16>()?;
        let (start, length) = entry.split_first_chunk::<8>()?;
        let start = u64::from_le_bytes(*start);
        let length = u32::from_le_bytes(length.try_into().ok()?);
        if start.checked_add(u64::from(length))? > memo_length {
            return None;
        }
        index.insert(u128::from_le_bytes(*key), (start, length as usize));
    }
    Some(index)
}

/// Keep `entries` as the index of a memo of `memo_length` bytes at `path`, in the order
/// given ([`super::replace`]); a failure only leaves the next run to read the memo through.
pub(super) fn write<'a>(
    path: &Path,
    memo_length: u64,
    entries: impl Iterator<Item = (&'a u128, &'a (u64, usize))>,
) {
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + entries.size_hint().0 * ENTRY);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&memo_length.to_le_bytes());
    for (key, &(start, length)) in entries {
        let Ok(length) = u32::try_from(length) else {
            return;
        };
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&start.to_le_bytes());
        bytes.extend_from_slice(&length.to_le_bytes());
    }
    super::replace(path, &bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_reads_back_only_for_the_memo_length_it_was_written_for() {
        let folder = tempfile::tempdir().unwrap();
        let path = path(&folder.path().join("parsed-site"));
        assert!(path.ends_with("parsed-site.index"));
        let index: Index = [(7, (30, 100)), (u128::MAX, (150, 0))]
            .into_iter()
            .collect();
        write(&path, 200, index.iter());
        assert_eq!(read(&path, 200), Some(index));
        assert_eq!(read(&path, 201), None, "the memo was appended to since");
    }

    #[test]
    fn an_index_that_does_not_read_back_whole_is_not_used() {
        let folder = tempfile::tempdir().unwrap();
        let path = path(&folder.path().join("parsed-site"));
        let index: Index = [(7, (30, 100))].into_iter().collect();
        write(&path, 200, index.iter());
        let whole = fs::read(&path).unwrap();
        for damaged in [
            &whole[..whole.len() - 1],
            &whole[..MAGIC.len() + 4],
            &whole[1..],
        ] {
            fs::write(&path, damaged).unwrap();
            assert_eq!(read(&path, 200), None);
        }
        write(&path, 129, index.iter());
        assert_eq!(read(&path, 129), None, "a record past the memo's end");
    }
}
