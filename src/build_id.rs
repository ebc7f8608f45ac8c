//! What ties a cache to the program that wrote it: the identity of the running binary. Anything
//! kept between builds (the inputs of rendered pages, parsed snapshots) is trusted only by the
//! binary that made it, and never goes into the output a repository commits; where it is kept
//! is [`crate::cache`].

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt as _;
use std::sync::OnceLock;

/// What identifies the running binary: a hash of its file's device, inode, size, and
/// modification and change times. A new build of the program, or a copy, is another file or
/// the same file written again, and so another identity. Where the binary cannot be found, a
/// value no other run has, so that nothing an earlier run kept is trusted.
///
/// The file's content was hashed until the rebuild after one edit took a fifth of a second: its
/// 10 MB took 15–40 ms of every build, on the one core every other stage waited for.
pub fn binary_hash() -> u64 {
    static BINARY: OnceLock<u64> = OnceLock::new();
    *BINARY.get_or_init(|| {
        // `/proc/self/exe` is the file running even when its path has been replaced since.
        let metadata = std::fs::metadata("/proc/self/exe")
            .or_else(|_| std::env::current_exe().and_then(std::fs::metadata));
        let Ok(metadata) = metadata else {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            return now.map_or(u64::MAX, |elapsed| elapsed.as_nanos() as u64);
        };
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        hash_file_stamp(&mut hasher, &metadata);
        hasher.digest()
    })
}

/// Hash what a file's `metadata` says that changes whenever its bytes do: its device and
/// inode, its size, and its modification and change times to the nanosecond. The change time
/// is set by the kernel on every write and cannot be set back; the times are only as fine as
/// the file system keeps them (see `memo::seen` on files changed within one tick).
pub fn hash_file_stamp(hasher: &mut xxhash_rust::xxh3::Xxh3Default, metadata: &Metadata) {
    for part in [
        metadata.dev(),
        metadata.ino(),
        metadata.size(),
        metadata.mtime() as u64,
        metadata.mtime_nsec() as u64,
        metadata.ctime() as u64,
        metadata.ctime_nsec() as u64,
    ] {
        hasher.update(&part.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn stamp(path: &Path) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        hash_file_stamp(&mut hasher, &std::fs::metadata(path).unwrap());
        hasher.digest128()
    }

    #[test]
    fn a_copy_of_a_binary_is_another_binary_and_a_link_to_it_the_same() {
        let folder = tempfile::tempdir().unwrap();
        let (binary, copy, link) = (
            folder.path().join("briefing"),
            folder.path().join("copy"),
            folder.path().join("link"),
        );
        std::fs::write(&binary, b"\x7fELF").unwrap();
        std::fs::copy(&binary, &copy).unwrap();
        std::fs::hard_link(&binary, &link).unwrap();
        assert_ne!(stamp(&binary), stamp(&copy), "same bytes, another file");
        assert_eq!(stamp(&binary), stamp(&link), "the same file");
        let before = stamp(&binary);
        std::fs::write(&binary, b"\x7fELF, rebuilt").unwrap();
        assert_ne!(stamp(&binary), before, "the file written again");
    }
}
