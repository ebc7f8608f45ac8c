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

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::folder::{Entry, Folder, Visit};
use super::{folder_key, path_key, ManifestMap, MANIFEST};

/// A recycled output's files, as its manifest lists them and as they are in it.
#[derive(Debug, Default)]
pub(super) struct Recycled {
    /// The manifest's text, which the paths below are ranges of.
    manifest: String,
    /// Each file the manifest lists and the folder holds: its hash, size and number.
    files: ManifestMap<RecycledFile>,
    /// Each listed file's path in `manifest`, by its number.
    paths: Vec<(u32, u32)>,
    /// Whether the build placed each file, by its number: a file not placed is removed when
    /// the build finishes, and one placed twice is a collision.
    placed: Vec<AtomicBool>,
    /// The folders the folder holds that some listed file is in, by [`folder_key`], with their
    /// paths in `manifest`.
    folders: HashMap<u64, (u32, u32), ahash::RandomState>,
    /// Why the folder could not be cleaned, if it could not: nothing can be built in it.
    failed: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct RecycledFile {
    hash: u64,
    size: u64,
    number: u32,
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
    /// manifest does not list (and the manifest, which the build writes anew). Where that
    /// fails, the folder holds what nobody listed, and [`Recycled::failure`] says why.
    pub(super) fn clean(folder: &Path) -> Recycled {
        let manifest = std::fs::read_to_string(folder.join(MANIFEST)).unwrap_or_default();
        let mut recycled = Recycled::listing(manifest);
        let mut expected = std::mem::take(&mut recycled.folders);
        let mut present = vec![false; recycled.paths.len()];
        let swept = Folder::open(folder).and_then(|open| {
            open.sweep(&mut |path, entry| match entry {
                Entry::Folder => match expected.remove(&folder_key(Path::new(path))) {
                    Some(range) => {
                        recycled.folders.insert(folder_key(Path::new(path)), range);
                        Visit::Enter
                    }
                    None => Visit::Remove,
                },
                Entry::File => match recycled.files.get(&path_key(path)) {
                    Some(file) => {
                        present[file.number as usize] = true;
                        Visit::Keep
                    }
                    None => Visit::Remove,
                },
                Entry::Other => Visit::Remove,
            })
        });
        if let Err(error) = swept {
            recycled.failed = Some(error.to_string());
        }
        // A listed file that is not there is one the build writes anew.
        recycled
            .files
            .retain(|_, file| present[file.number as usize]);
        recycled.placed = present.iter().map(|_| AtomicBool::new(false)).collect();
        recycled
    }

    /// The files `manifest` lists and the folders they are in, taken as all there.
    fn listing(manifest: String) -> Recycled {
        let mut files = ManifestMap::default();
        let mut paths = Vec::new();
        let mut folders: HashMap<u64, (u32, u32), ahash::RandomState> = HashMap::default();
        let base = manifest.as_ptr() as usize;
        for line in manifest.lines() {
            let mut parts = line.splitn(3, ' ');
            let listed = (|| {
                let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
                let size = parts.next()?.parse().ok()?;
                Some((hash, size, parts.next()?))
            })();
            let Some((hash, size, path)) = listed else {
                continue;
            };
            let start = path.as_ptr() as usize - base;
            let (Ok(start), Ok(length)) = (u32::try_from(start), u32::try_from(path.len())) else {
                continue;
            };
            let Ok(number) = u32::try_from(paths.len()) else {
                continue;
            };
            files.insert(path_key(path), RecycledFile { hash, size, number });
            paths.push((start, length));
            for (end, _) in path.match_indices('/') {
                folders.insert(folder_key(Path::new(&path[..end])), (start, end as u32));
            }
        }
        Recycled {
            manifest,
            files,
            paths,
            folders,
            ..Recycled::default()
        }
    }

    /// Why the folder could not be cleaned, if it could not.
    pub(super) fn failure(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Whether the folder holds the folder known by `key` ([`folder_key`]).
    pub(super) fn has_folder(&self, key: u64) -> bool {
        self.folders.contains_key(&key)
    }

    /// What the folder holds at the path known by `key` ([`path_key`]), for a file of `hash`
    /// and `size`, without placing it.
    pub(super) fn look(&self, key: u128, hash: u64, size: u64) -> Found {
        match self.files.get(&key) {
            None => Found::Nothing,
            Some(file) if self.placed[file.number as usize].load(Ordering::Relaxed) => {
                Found::Placed
            }
            Some(file) if (file.hash, file.size) == (hash, size) => Found::Same,
            Some(_) => Found::Other,
        }
    }

    /// Note that the build places a file at the path known by `key`: what the folder holds
    /// there, [`Found::Placed`] if the build placed a file there already.
    pub(super) fn place(&self, key: u128, hash: u64, size: u64) -> Found {
        let Some(file) = self.files.get(&key) else {
            return Found::Nothing;
        };
        if self.placed[file.number as usize].swap(true, Ordering::Relaxed) {
            Found::Placed
        } else if (file.hash, file.size) == (hash, size) {
            Found::Same
        } else {
            Found::Other
        }
    }

    /// Remove from `folder` every listed file the build did not place, then every folder of
    /// the listing that no longer holds anything (`used` are the folders the build placed
    /// files in directly, by [`folder_key`]).
    pub(super) fn remove_unplaced(
        &self,
        folder: &Folder,
        used: &std::collections::HashSet<u64>,
    ) -> io::Result<()> {
        for file in self.files.values() {
            if !self.placed[file.number as usize].load(Ordering::Relaxed) {
                let (start, length) = self.paths[file.number as usize];
                let path = &self.manifest[start as usize..(start + length) as usize];
                match folder.remove_file(Path::new(path)) {
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    done => done?,
                }
            }
        }
        let mut unused: Vec<&str> = self
            .folders
            .iter()
            .filter(|(key, _)| !used.contains(key))
            .map(|(_, (start, length))| &self.manifest[*start as usize..(start + length) as usize])
            .collect();
        // Inner folders first. A folder that still holds one the build used stays.
        unused.sort_unstable_by_key(|path| std::cmp::Reverse(path.matches('/').count()));
        for path in unused {
            match folder.remove_empty_folder(Path::new(path)) {
                Err(error)
                    if error.kind() == io::ErrorKind::NotFound
                        || error.kind() == io::ErrorKind::DirectoryNotEmpty => {}
                done => done?,
            }
        }
        Ok(())
    }
}
