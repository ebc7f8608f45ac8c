//! A folder held open, whose files are named relative to it.
//!
//! A build links or writes tens of thousands of files into a new output folder, and a path
//! given to the system whole is looked up a component at a time from `/` on every call: for
//! `/home/me/site/public/2025/briefing/index.html` that is seven lookups before the file's
//! own. Named relative to the output's open folder (`*at` system calls), only the part below
//! it is looked up. Linking a 10,000-briefing site's 24,300 files took 62–65 ms this way
//! against 68–82 ms by whole paths, on tmpfs two levels below `/`; a rebuild after a
//! one-claim edit, 304 → 296 ms there and 304 → 292 ms seven levels below `/`
//! (BENCHMARKS.md).

use std::fs::File;
use std::io;
use std::path::Path;

use std::ffi::CStr;

use rustix::fd::{AsFd as _, BorrowedFd, OwnedFd};
use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

/// An open folder. Paths given to its methods are relative to it.
#[derive(Debug)]
pub(super) struct Folder {
    fd: OwnedFd,
}

impl Folder {
    /// Open the folder at `path`.
    pub(super) fn open(path: &Path) -> io::Result<Folder> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rustix::fs::open(path, flags, Mode::empty())?;
        Ok(Folder { fd })
    }

    /// Whether `relative` is a file (or a link to one) of `size` bytes.
    pub(super) fn has_file_of_size(&self, relative: &Path, size: u64) -> bool {
        rustix::fs::statat(&self.fd, relative, AtFlags::empty()).is_ok_and(|stat| {
            FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && u64::try_from(stat.st_size) == Ok(size)
        })
    }

    /// Link the file `relative` of this folder as `relative` in `into`.
    pub(super) fn link_into(&self, relative: &Path, into: &Folder) -> io::Result<()> {
        rustix::fs::linkat(&self.fd, relative, &into.fd, relative, AtFlags::empty())?;
        Ok(())
    }

    /// Make the folder `relative` and any of its parents that are missing.
    pub(super) fn create_dir_all(&self, relative: &Path) -> io::Result<()> {
        if relative.as_os_str().is_empty() {
            return Ok(());
        }
        // One that is there already is made (a file in its place fails the write into it).
        let make = || match rustix::fs::mkdirat(&self.fd, relative, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(rustix::io::Errno::EXIST) => Ok(()),
            Err(error) => Err(error),
        };
        match make() {
            Err(rustix::io::Errno::NOENT) => {
                self.create_dir_all(relative.parent().unwrap_or(Path::new("")))?;
                Ok(make()?)
            }
            done => Ok(done?),
        }
    }

    /// Remove the file `relative`.
    pub(super) fn remove_file(&self, relative: &Path) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, relative, AtFlags::empty())?)
    }

    /// Remove the folder `relative`, which must be empty.
    pub(super) fn remove_empty_folder(&self, relative: &Path) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(
            &self.fd,
            relative,
            AtFlags::REMOVEDIR,
        )?)
    }

    /// Go through everything in this folder and its subfolders, asking `decide` of each entry
    /// ([`Listed`]: its path relative to this folder, with `/` between components, and what it
    /// is) whether to keep it, go into it (a folder) or remove it (with all it holds). An entry
    /// whose name is not UTF-8 is removed unasked.
    pub(super) fn sweep(&self, decide: &mut impl FnMut(&Listed) -> Visit) -> io::Result<()> {
        let this = rustix::fs::openat(&self.fd, c".", FOLDER_FLAGS, Mode::empty())?;
        sweep_folder(this, &mut String::new(), decide)
    }

    /// Write `bytes` to a new file `relative`, refusing to replace one.
    pub(super) fn write_new(&self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, relative, flags, Mode::from_raw_mode(0o666))?;
        io::Write::write_all(&mut File::from(fd), bytes)
    }
}

/// What [`Folder::sweep`] found: a folder, a file, or anything else (a link, a device).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    Folder,
    File,
    Other,
}

/// An entry [`Folder::sweep`] found, as it asks what to do with it.
pub(super) struct Listed<'a> {
    /// Its path relative to the swept folder, with `/` between components.
    pub(super) path: &'a str,
    pub(super) entry: Entry,
    /// The folder it is in, open, and its name there.
    folder: BorrowedFd<'a>,
    name: &'a CStr,
}

impl Listed<'_> {
    /// The size of the entry (not of what a link points to), asked of the folder it is in:
    /// only its own name is looked up, not every folder of its path.
    pub(super) fn size(&self) -> Option<u64> {
        let stat = rustix::fs::statat(self.folder, self.name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        u64::try_from(stat.st_size).ok()
    }
}

/// What [`Folder::sweep`] does with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Visit {
    Keep,
    /// Go through the folder's entries.
    Enter,
    Remove,
}

/// How a folder is opened to be gone through: not through a link to one.
const FOLDER_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// [`Folder::sweep`] of the folder `folder` (opened to be read, and taken), whose path is
/// `prefix`. Its entries are listed first and then kept, gone into or removed, so that none
/// is removed while the folder is being read.
fn sweep_folder(
    folder: OwnedFd,
    prefix: &mut String,
    decide: &mut dyn FnMut(&Listed) -> Visit,
) -> io::Result<()> {
    let mut entries = Dir::new(folder)?;
    let mut listed = Vec::new();
    while let Some(entry) = entries.read() {
        let entry = entry?;
        let name = entry.file_name();
        if name != c"." && name != c".." {
            listed.push((name.to_owned(), entry.file_type()));
        }
    }
    let folder = entries.fd()?;
    for (name, kind) in listed {
        let kind = match kind {
            // A file system that does not say what an entry is when listing it.
            FileType::Unknown => rustix::fs::statat(folder, &name, AtFlags::SYMLINK_NOFOLLOW)
                .map(|stat| FileType::from_raw_mode(stat.st_mode))?,
            known => known,
        };
        let kind = match kind {
            FileType::Directory => Entry::Folder,
            FileType::RegularFile => Entry::File,
            _ => Entry::Other,
        };
        let visit = match name.to_str() {
            Ok(text) => {
                let length = prefix.len();
                if length > 0 {
                    prefix.push('/');
                }
                prefix.push_str(text);
                let visit = decide(&Listed {
                    path: prefix,
                    entry: kind,
                    folder: folder.as_fd(),
                    name: &name,
                });
                if visit == Visit::Enter && kind == Entry::Folder {
                    let inner = rustix::fs::openat(folder, &name, FOLDER_FLAGS, Mode::empty())?;
                    sweep_folder(inner, prefix, decide)?;
                }
                prefix.truncate(length);
                visit
            }
            Err(_) => Visit::Remove,
        };
        if visit == Visit::Remove {
            if kind == Entry::Folder {
                let inner = rustix::fs::openat(folder, &name, FOLDER_FLAGS, Mode::empty())?;
                sweep_folder(inner, &mut String::new(), &mut |_| Visit::Remove)?;
                rustix::fs::unlinkat(folder, &name, AtFlags::REMOVEDIR)?;
            } else {
                rustix::fs::unlinkat(folder, &name, AtFlags::empty())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_linked_and_asked_for_relative_to_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&new).unwrap();
        let (old, new) = (Folder::open(&old).unwrap(), Folder::open(&new).unwrap());
        let file = Path::new("a/b/index.html");
        old.create_dir_all(Path::new("a/b")).unwrap();
        old.create_dir_all(Path::new("a/b")).unwrap();
        old.write_new(file, b"four").unwrap();
        let again = old.write_new(file, b"five").unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert!(old.has_file_of_size(file, 4));
        assert!(!old.has_file_of_size(file, 5));
        assert!(
            !old.has_file_of_size(Path::new("a/b"), 4096),
            "a folder is not a file"
        );
        let missing = old.link_into(file, &new).unwrap_err();
        assert_eq!(
            missing.kind(),
            io::ErrorKind::NotFound,
            "no folder a/b in new"
        );
        new.create_dir_all(Path::new("a/b")).unwrap();
        old.link_into(file, &new).unwrap();
        let read = std::fs::read(dir.path().join("new/a/b/index.html")).unwrap();
        assert_eq!(read, b"four");
        use std::os::unix::fs::MetadataExt;
        let inode = |side: &str| {
            std::fs::metadata(dir.path().join(side).join(file))
                .unwrap()
                .ino()
        };
        assert_eq!(inode("old"), inode("new"));
    }

    #[test]
    fn a_sweep_keeps_enters_and_removes_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["keep/inner", "drop/deep/er", "kept-folder"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "top",
            "keep/a",
            "keep/b",
            "keep/inner/c",
            "drop/x",
            "drop/deep/er/y",
        ] {
            std::fs::write(root.join(file), file).unwrap();
        }
        std::os::unix::fs::symlink(root.join("top"), root.join("keep/link")).unwrap();
        let mut seen = Vec::new();
        Folder::open(root)
            .unwrap()
            .sweep(&mut |listed| {
                seen.push((listed.path.to_owned(), listed.entry));
                if listed.path == "keep/b" {
                    assert_eq!(listed.size(), Some(6));
                }
                match listed.path {
                    "keep" | "keep/inner" => Visit::Enter,
                    // Asked to enter a file: kept.
                    "top" | "keep/a" | "keep/inner/c" | "kept-folder" => Visit::Keep,
                    _ => Visit::Remove,
                }
            })
            .unwrap();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        let seen: Vec<(&str, Entry)> = seen.iter().map(|(p, e)| (p.as_str(), *e)).collect();
        assert_eq!(
            seen,
            [
                ("drop", Entry::Folder),
                ("keep", Entry::Folder),
                ("keep/a", Entry::File),
                ("keep/b", Entry::File),
                ("keep/inner", Entry::Folder),
                ("keep/inner/c", Entry::File),
                ("keep/link", Entry::Other),
                ("kept-folder", Entry::Folder),
                ("top", Entry::File),
            ],
            "what is removed is not gone through"
        );
        let mut left: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "keep",
                "keep/a",
                "keep/inner",
                "keep/inner/c",
                "kept-folder",
                "top"
            ]
        );
    }
}
