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

use rustix::fd::OwnedFd;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};

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

    /// Write `bytes` to a new file `relative`, refusing to replace one.
    pub(super) fn write_new(&self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, relative, flags, Mode::from_raw_mode(0o666))?;
        io::Write::write_all(&mut File::from(fd), bytes)
    }
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
}
