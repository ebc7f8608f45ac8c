//! The output before the previous one, built over by the next build.
//!
//! A build writes its site into a new folder and swaps it in whole; every file whose bytes did
//! not change is linked from the previous output, so that it keeps its inode and modification
//! time. Into an empty folder that is a link and a folder made for every file, and the old
//! output removed after the swap, file by file: at 10,000 briefings, 24,300 links, 13,000
//! folders made and as many removed, half of a rebuild after a one-claim edit.
//!
//! So the old output is not removed: it is moved into the cache folder, and the build after
//! next starts from it. Most of its files are already what that build writes (the same inode,
//! linked by the build between), and stay where they are; only the files that changed in the
//! last two builds are linked or written again, and what the new site no longer has is
//! removed. The folder was published while it was the output, and anything may have been put
//! into it by hand: before a build places any file in it, every entry its manifest does not
//! list is removed ([`Recycled::clean`]), so the new output holds exactly what the build wrote.

use std::collections::HashSet;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::folder::{Entry, Folder, Visit};
use super::{folder_key, line_count, path_key, ManifestMap, MANIFEST};

/// A recycled output's files and folders, as its manifest lists them and as they are in it.
/// Only what a build asks of every file is held: the manifest's text (6 MB at 50,000
/// briefings) is read again when the build finishes, to remove what it did not place.
#[derive(Debug, Default)]
pub(super) struct Recycled {
    /// Each file the manifest lists and the folder holds, by [`path_key`].
    files: ManifestMap<RecycledFile>,
    /// The folders the folder holds that some listed file is in, by [`folder_key`].
    folders: HashSet<u64, ahash::RandomState>,
    /// Why the folder could not be cleaned, if it could not: nothing can be built in it.
    failed: Option<String>,
}

/// A file of a recycled output: the hash of its bytes, the size the folder holds (read as it
/// is cleaned, from the folder each file is in: asked later by the file's path, it was a
/// tenth of a rebuild's CPU), and what the build did with it, in sixteen bytes. At 50,000
/// briefings the map of 120,000 files has room for 262,144, so every byte counts.
#[derive(Debug, Default)]
struct RecycledFile {
    hash: u64,
    /// The size of the file in the folder; [`u32::MAX`] for one that size or larger (a page
    /// is not), which then matches no size and is replaced.
    size: u32,
    /// Whether the build placed the file: a file not placed is removed when the build
    /// finishes, and one placed twice is a collision.
    placed: AtomicBool,
    /// Whether the folder holds the file (while it is cleaned).
    present: bool,
}

impl RecycledFile {
    /// Whether this file is the one whose bytes hash to `hash`.
    fn against(&self, hash: u64) -> Found {
        if self.hash == hash {
            Found::Same
        } else {
            Found::Other
        }
    }
}

/// What a recycled folder holds at a path the build places a file at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// Nothing.
    Nothing,
    /// A file the build placed already.
    Placed,
    /// A file with other bytes, to be replaced.
    Other,
    /// The file the build places, to keep.
    Same,
}

impl Recycled {
    /// Read the manifest of the recycled output `folder`, then remove from it every entry the
    /// manifest does not list but the manifest itself. Where that fails, the folder holds what
    /// nobody listed, and [`Recycled::failure`] says why.
    pub(super) fn clean(folder: &Path) -> Recycled {
        let manifest = std::fs::read_to_string(folder.join(MANIFEST)).unwrap_or_default();
        let mut files =
            ManifestMap::with_capacity_and_hasher(line_count(&manifest), Default::default());
        let mut expected = HashSet::<u64, ahash::RandomState>::default();
        for (path, hash) in listed(&manifest) {
            let file = RecycledFile {
                hash,
                ..RecycledFile::default()
            };
            files.insert(path_key(path), file);
            expected.extend(folders_of(path).map(|folder| folder_key(Path::new(folder))));
        }
        drop(manifest);
        let mut folders = HashSet::default();
        let swept = Folder::open(folder).and_then(|open| {
            open.sweep(&mut |listed| match listed.entry {
                Entry::Folder if expected.contains(&folder_key(Path::new(listed.path))) => {
                    folders.insert(folder_key(Path::new(listed.path)));
                    Visit::Enter
                }
                Entry::File if listed.path == MANIFEST => Visit::Keep,
                Entry::File => match files.get_mut(&path_key(listed.path)) {
                    Some(file) => {
                        file.present = true;
                        file.size = listed
                            .size()
                            .and_then(|size| u32::try_from(size).ok())
                            .unwrap_or(u32::MAX);
                        Visit::Keep
                    }
                    None => Visit::Remove,
                },
                Entry::Folder | Entry::Other => Visit::Remove,
            })
        });
        // A listed file that is not there is one the build writes anew.
        files.retain(|_, file| file.present);
        Recycled {
            files,
            folders,
            failed: swept.err().map(|error| error.to_string()),
        }
    }

    /// A folder that could not be read, to clean it (its thread did not start).
    pub(super) fn unread() -> Recycled {
        Recycled {
            failed: Some("it could not be read".to_owned()),
            ..Recycled::default()
        }
    }

    /// Why the folder could not be cleaned, if it could not.
    pub(super) fn failure(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Whether the folder holds the folder known by `key` ([`folder_key`]).
    pub(super) fn has_folder(&self, key: u64) -> bool {
        self.folders.contains(&key)
    }

    /// Whether the folder holds, at the path known by `key` ([`path_key`]) and not placed
    /// yet, the file whose bytes hash to `hash`: its manifest says so, and the file there has
    /// their `size`.
    pub(super) fn holds(&self, key: u128, hash: u64, size: u64) -> bool {
        self.files.get(&key).is_some_and(|file| {
            !file.placed.load(Ordering::Relaxed)
                && file.against(hash) == Found::Same
                && file.size != u32::MAX
                && u64::from(file.size) == size
        })
    }

    /// Note that the build places a file at the path known by `key`: what the folder holds
    /// there, [`Found::Placed`] if the build placed a file there already.
    pub(super) fn place(&self, key: u128, hash: u64) -> Found {
        let Some(file) = self.files.get(&key) else {
            return Found::Nothing;
        };
        if file.placed.swap(true, Ordering::Relaxed) {
            Found::Placed
        } else {
            file.against(hash)
        }
    }

    /// Remove from the recycled output, open as `folder` at `path`, every listed file the build
    /// did not place, then every listed folder that no longer holds anything (`used` are the
    /// folders the build placed files in, by [`folder_key`]).
    pub(super) fn remove_unplaced(
        &self,
        folder: &Folder,
        path: &Path,
        used: &std::collections::HashSet<u64>,
    ) -> io::Result<()> {
        if self.files.is_empty() && self.folders.is_empty() {
            return Ok(());
        }
        let manifest = std::fs::read_to_string(path.join(MANIFEST))?;
        let mut unused = std::collections::BTreeSet::new();
        for (file, _) in listed(&manifest) {
            let placed = self.files.get(&path_key(file));
            if placed.is_some_and(|placed| !placed.placed.load(Ordering::Relaxed)) {
                ignore_missing(folder.remove_file(Path::new(file)))?;
            }
            unused.extend(folders_of(file).filter(|inner| {
                let key = folder_key(Path::new(inner));
                self.folders.contains(&key) && !used.contains(&key)
            }));
        }
        // Inner folders first. A folder that still holds one the build used stays.
        let mut unused: Vec<&str> = unused.into_iter().collect();
        unused.sort_by_key(|inner| std::cmp::Reverse(inner.matches('/').count()));
        for inner in unused {
            match folder.remove_empty_folder(Path::new(inner)) {
                Err(error) if error.kind() == io::ErrorKind::DirectoryNotEmpty => {}
                done => ignore_missing(done)?,
            }
        }
        Ok(())
    }
}

/// The files a manifest lists: path and hash. A line that is not one is skipped.
fn listed(manifest: &str) -> impl Iterator<Item = (&str, u64)> {
    manifest.lines().filter_map(|line| {
        let mut parts = line.splitn(3, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let _size: u64 = parts.next()?.parse().ok()?;
        Some((parts.next()?, hash))
    })
}

/// The folders `path` is in, outer first (`a`, then `a/b` for `a/b/c`).
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(end, _)| &path[..end])
}

/// `done`, where a file that is not there counts as done.
fn ignore_missing(done: io::Result<()>) -> io::Result<()> {
    match done {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}
