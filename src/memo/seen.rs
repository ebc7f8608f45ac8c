//! The snapshots the last run read, as the file system showed them: a build that finds a
//! snapshot and its sidecar as they were takes its parse from the memo without reading them.
//!
//! A snapshot's parse is kept under a hash of its text ([`super::ParseMemo::key`]), so finding
//! it means reading the file. At ten thousand briefings that reading was a tenth of a rebuild's
//! CPU, for files that did not change. What the file system says of a file without reading it
//! (its device, inode, size, modification and change times: its [`Stamp`]) tells the same, as
//! `make`, `cargo` and `git` trust it, with the care `git` takes over "racily clean" files:
//!
//! - The stamp is taken as the file is opened, before it is read: a later change makes it
//!   describe older bytes, and the next run reads the file again, never the other way.
//! - A file's change time (`ctime`) is set by the kernel on every write and cannot be set back
//!   by a user. But file systems keep it coarsely (to the clock tick, or the second, or two), so
//!   a write just after a read could leave the stamp as it was. A stamp is only taken of files
//!   whose change time is [`SETTLED`] before the run started; a file changed since is read.
//! - The stamps belong to the binary that made the keys: another binary reads every file.
//!
//! Only snapshots read without a problem (decoded as UTF-8, not too large) are known by stamp.
//! Their diagnostics are shown from where the memo kept them in the text ([`super::Kept`]);
//! only a warning of the link book (which changes apart from the snapshot) is located in the
//! text, and has the file read again.

use std::collections::HashMap;
use std::fs;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::load::Opened;

/// How long before a run a file must have last changed for its stamp to be trusted: more
/// than the coarsest change times Linux keeps (two seconds, on FAT).
pub const SETTLED: Duration = Duration::from_secs(5);

/// What the file system says of a snapshot and its sidecar: a hash of their device, inode,
/// size, and modification and change times to the nanosecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(u128);

impl Stamp {
    /// The stamp of the files `opened`, if each last changed before `settled`.
    pub fn of(opened: &Opened, settled: SystemTime) -> Option<Stamp> {
        let settled = settled.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        for metadata in std::iter::once(&opened.snapshot).chain(&opened.sidecar) {
            let changed = (metadata.ctime(), metadata.ctime_nsec());
            let settled = (settled.as_secs() as i64, i64::from(settled.subsec_nanos()));
            if changed >= settled {
                return None;
            }
            crate::build_id::hash_file_stamp(&mut hasher, metadata);
        }
        // With a sidecar or without, the files hashed differ in number.
        hasher.update(&[u8::from(opened.sidecar.is_some())]);
        Some(Stamp(hasher.digest128()))
    }
}

/// The snapshots a run saw, by the bytes of their path relative to the site's root ([`name`]):
/// each one's stamp, and the key of its parse in the memo. Bytes hashed with ahash, where a
/// `PathBuf` is hashed a component at a time: each snapshot is looked up on the way to its
/// parse.
pub(super) type Seen = HashMap<Box<[u8]>, (Stamp, u128), ahash::RandomState>;

/// The snapshots this run saw, in the order it saw them: each noted by a push under the memo's
/// lock, and sorted once to be written.
pub(super) type Saw = Vec<(Box<[u8]>, Stamp, u128)>;

/// The bytes `path` is known by.
pub(super) fn name(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}

/// Whether this run `saw` what the last run had `seen`, no more and no less.
pub(super) fn same(seen: &Seen, saw: &Saw) -> bool {
    saw.len() == seen.len()
        && saw
            .iter()
            .all(|(name, stamp, key)| seen.get(name) == Some(&(*stamp, *key)))
}

/// The first bytes of the file, with the version of its layout.
const MAGIC: &[u8] = b"briefing seen snapshots 1\n";

/// The file that belongs to the memo at `memo`.
pub(super) fn path(memo: &Path) -> PathBuf {
    let mut name = memo.file_name().unwrap_or_default().to_os_string();
    name.push(".seen");
    memo.with_file_name(name)
}

/// The snapshots seen, as kept at `path` by a run of the binary that hashes to `binary`;
/// nothing when the file does not read back whole or another binary wrote it.
pub(super) fn read(path: &Path, binary: u64) -> Seen {
    let read = || -> Option<Seen> {
        let bytes = fs::read(path).ok()?;
        let rest = bytes.strip_prefix(MAGIC)?;
        let (written_by, mut rest) = rest.split_first_chunk::<8>()?;
        if u64::from_le_bytes(*written_by) != binary {
            return None;
        }
        // Each entry takes at least 36 bytes.
        let mut seen = Seen::with_capacity_and_hasher(rest.len() / 36, Default::default());
        while !rest.is_empty() {
            let (stamp, after) = rest.split_first_chunk::<16>()?;
            let (key, after) = after.split_first_chunk::<16>()?;
            let (length, after) = after.split_first_chunk::<4>()?;
            let length = u32::from_le_bytes(*length) as usize;
            let name = after.get(..length)?;
            rest = &after[length..];
            seen.insert(
                name.into(),
                (
                    Stamp(u128::from_le_bytes(*stamp)),
                    u128::from_le_bytes(*key),
                ),
            );
        }
        Some(seen)
    };
    read().unwrap_or_default()
}

/// Keep what this run `saw` at `path`, sorted by path, for the next run of the binary that
/// hashes to `binary` ([`super::replace`]); a failure only leaves the next run to read the
/// files.
pub(super) fn write(path: &Path, binary: u64, saw: &mut Saw) {
    saw.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + saw.len() * 80);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&binary.to_le_bytes());
    for (name, stamp, key) in saw.iter() {
        let Ok(length) = u32::try_from(name.len()) else {
            continue;
        };
        bytes.extend_from_slice(&stamp.0.to_le_bytes());
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&length.to_le_bytes());
        bytes.extend_from_slice(name);
    }
    super::replace(path, &bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(snapshot: &Path, sidecar: Option<&Path>) -> Opened {
        Opened {
            snapshot: fs::metadata(snapshot).unwrap(),
            sidecar: sidecar.map(|sidecar| fs::metadata(sidecar).unwrap()),
        }
    }

    #[test]
    fn a_stamp_is_taken_only_of_files_settled_and_changes_with_them() {
        let folder = tempfile::tempdir().unwrap();
        let (snapshot, sidecar) = (folder.path().join("a.md"), folder.path().join("a.toml"));
        fs::write(&snapshot, "# A\n").unwrap();
        fs::write(&sidecar, "title = \"A\"\n").unwrap();
        let now = SystemTime::now();
        let later = now + Duration::from_secs(60);
        assert_eq!(
            Stamp::of(&opened(&snapshot, None), now - SETTLED),
            None,
            "a file changed just now may change again within the same tick of its times"
        );
        assert_eq!(
            Stamp::of(&opened(&snapshot, Some(&sidecar)), now - SETTLED),
            None
        );
        let alone = Stamp::of(&opened(&snapshot, None), later).unwrap();
        let with_sidecar = Stamp::of(&opened(&snapshot, Some(&sidecar)), later).unwrap();
        assert_ne!(alone, with_sidecar);
        assert_eq!(Stamp::of(&opened(&snapshot, None), later), Some(alone));
        // Of another size: within one tick of a coarse clock, a write of the same size could
        // leave the times as they were, as the rule on settled files allows for.
        fs::write(&sidecar, "title = \"Bb\"\n").unwrap();
        assert_ne!(
            Stamp::of(&opened(&snapshot, Some(&sidecar)), later),
            Some(with_sidecar)
        );
        fs::write(&snapshot, "# AB\n").unwrap();
        assert_ne!(Stamp::of(&opened(&snapshot, None), later), Some(alone));
    }

    #[test]
    fn what_was_seen_reads_back_for_the_binary_that_wrote_it_only() {
        let folder = tempfile::tempdir().unwrap();
        let path = path(&folder.path().join("parsed-site"));
        assert!(path.ends_with("parsed-site.seen"));
        let mut saw: Saw = vec![
            (
                name(Path::new("content/ü/b.txt")).into(),
                Stamp(u128::MAX),
                0,
            ),
            (name(Path::new("content/a.md")).into(), Stamp(1), 2),
        ];
        write(&path, 7, &mut saw);
        let seen = read(&path, 7);
        assert_eq!(seen.len(), 2);
        assert!(same(&seen, &saw));
        assert_eq!(seen[name(Path::new("content/a.md"))], (Stamp(1), 2));
        saw[0].2 = 3;
        assert!(!same(&seen, &saw), "a key that changed");
        assert!(!same(&seen, &saw[1..].to_vec()), "a snapshot gone");
        assert!(read(&path, 8).is_empty(), "another binary's keys");
        let whole = fs::read(&path).unwrap();
        fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert!(read(&path, 7).is_empty(), "a file cut short");
    }
}
