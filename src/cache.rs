//! The user's cache folder: where it is, which folder each file in it belongs to, and removing
//! the files of folders that are gone.
//!
//! Everything a build keeps for the next one (the last manifest's inputs, the kept search
//! terms, the parse memo, the replaced output, the lock on an output folder) is a file in one
//! flat folder, named `<kind><hash of a folder's full path><suffix>`: the output folder's, or
//! the site's. Nothing else ever removes them, so before the sweep every build into a
//! temporary folder (a preview, a CI checkout, a benchmark) left its files there for good:
//! 2,300 files and 400 MB on a developer's machine after two days.
//!
//! So each folder's hash is recorded with the folder it stands for, as a symbolic link
//! `owner-<hash>` → the folder, made before any file of that hash is. After a build,
//! [`sweep`] removes the files of every hash whose folder is gone, and those of no recorded
//! folder (made by versions of briefing before the record; no running build can use them,
//! since each build trusts only what its own binary kept). The folder's existence, not the
//! clock, decides: a site built once a year keeps its cache, a deleted preview's goes at once.

use std::fs;
use std::path::{Path, PathBuf};

/// The start of the name of the link that records which folder a hash stands for.
const OWNER_PREFIX: &str = "owner-";

/// The length of a folder's hash in a cache file's name: 16 lowercase hex digits.
const KEY_LENGTH: usize = 16;

/// The end of the name of the lock on building an output folder (`<hash>.lock`), which the
/// sweep takes before it removes that folder's files.
pub const LOCK_SUFFIX: &str = ".lock";

/// The user's cache folder for briefing: `$XDG_CACHE_HOME/briefing` (when absolute), else
/// `~/.cache/briefing`; `None` when neither is known.
///
/// The crate's own unit tests build outputs and parse sites in temporary folders, each of
/// which would leave its files in the cache folder of whoever runs them: they get a folder
/// of their own under the system's temporary folder instead.
pub fn cache_dir() -> Option<PathBuf> {
    if cfg!(test) {
        return Some(std::env::temp_dir().join("briefing-unit-tests"));
    }
    cache_dir_in(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
}

/// [`cache_dir`] for the given values of `XDG_CACHE_HOME` and `HOME`: a relative
/// `XDG_CACHE_HOME` is ignored, as the XDG base directory specification says.
fn cache_dir_in(
    xdg_cache_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let base = xdg_cache_home
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| home.map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("briefing"))
}

/// The file in the cache folder that belongs to `folder`: `<prefix><hash of its full
/// path><suffix>`, with `folder` recorded as the hash's owner (see the module's comment).
/// `folder` need not exist yet (an output folder before its first build): its parent is
/// resolved instead. `None` without a cache folder or a resolvable path.
pub fn cache_file_for(folder: &Path, prefix: &str, suffix: &str) -> Option<PathBuf> {
    let full = full_path(folder)?;
    let key = xxhash_rust::xxh3::xxh3_64(full.to_string_lossy().as_bytes());
    let key = format!("{key:016x}");
    let cache = cache_dir()?;
    record_owner(&cache, &key, &full);
    Some(cache.join(format!("{prefix}{key}{suffix}")))
}

/// `folder`'s full path, through its parent where it does not exist yet.
fn full_path(folder: &Path) -> Option<PathBuf> {
    match fs::canonicalize(folder) {
        Ok(full) => Some(full),
        Err(_) => {
            let parent = match folder.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            Some(fs::canonicalize(parent).ok()?.join(folder.file_name()?))
        }
    }
}

/// Record in `cache` that `key` stands for the folder `full`, unless that is recorded. A link
/// is made whole or not at all, so a sweep never reads half a record. Where it cannot be made,
/// the files of `key` are swept as those of no folder: a cache only costs time to lose.
fn record_owner(cache: &Path, key: &str, full: &Path) {
    let link = cache.join(format!("{OWNER_PREFIX}{key}"));
    if fs::symlink_metadata(&link).is_ok() {
        return;
    }
    let _ = fs::create_dir_all(cache);
    let _ = std::os::unix::fs::symlink(full, &link);
}

/// Remove from the user's cache folder the files of folders that are gone (see the module's
/// comment). Nothing is reported: what cannot be removed now is tried again after the next
/// build.
pub fn sweep() {
    if let Some(cache) = cache_dir() {
        sweep_folder(&cache);
    }
}

/// [`sweep`] the cache folder `cache`; how many of its hashes' files were removed.
///
/// A hash whose output folder is being built is skipped: a first build's output folder does
/// not exist until the build swaps it in, but the build holds the lock `<hash>.lock` all along.
/// Names that are not a cache file's are left alone.
fn sweep_folder(cache: &Path) -> usize {
    let Ok(entries) = fs::read_dir(cache) else {
        return 0;
    };
    let mut files: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // An owner's record counts its hash in, though it is not removed with the files.
        match name.strip_prefix(OWNER_PREFIX) {
            Some(key) if is_key(key) => {
                files.entry(key.to_owned()).or_default();
            }
            Some(_) => {}
            None => {
                if let Some(key) = key_of(name) {
                    files.entry(key.to_owned()).or_default().push(entry.path());
                }
            }
        }
    }
    let mut removed = 0;
    for (key, paths) in files {
        // Read again rather than taken from the listing: a link made while the folder was
        // listed may be missing from it, though it was made before its files.
        let owner = cache.join(format!("{OWNER_PREFIX}{key}"));
        if owner_exists(&owner) {
            continue;
        }
        let lock = cache.join(format!("{key}{LOCK_SUFFIX}"));
        let _held = match fs::File::open(&lock) {
            Ok(file) => match file.try_lock() {
                Ok(()) => Some(file),
                Err(fs::TryLockError::WouldBlock) => continue,
                Err(fs::TryLockError::Error(_)) => None,
            },
            Err(_) => None,
        };
        for path in &paths {
            let _ = match fs::symlink_metadata(path) {
                Ok(metadata) if metadata.is_dir() => fs::remove_dir_all(path),
                _ => fs::remove_file(path),
            };
        }
        // The record goes last: a sweep stopped midway leaves it, and the next one goes on.
        let _ = fs::remove_file(&owner);
        removed += 1;
    }
    removed
}

/// Whether the link `owner` names a folder that exists. Where that cannot be told (no
/// permission to look, say), it is taken to exist: only a folder known to be gone loses its
/// cache.
///
/// No record, or one naming nothing, alike read as `NotFound` through the link.
fn owner_exists(owner: &Path) -> bool {
    match fs::metadata(owner) {
        Ok(metadata) => metadata.is_dir(),
        Err(error) => error.kind() != std::io::ErrorKind::NotFound,
    }
}

/// The folder hash in the name of a cache file, `<kind>-…-<hash><suffix>`, where each kind is
/// lowercase letters and the suffix is empty or starts with a dot (`parsed-<hash>.index`,
/// `<hash>.lock`, `served-search-<hash>`, `parsed-<hash>.tmp-42`); `None` for other names.
fn key_of(name: &str) -> Option<&str> {
    let mut rest = name;
    while let Some((kind, after)) = rest.split_once('-') {
        if kind.is_empty() || !kind.bytes().all(|byte| byte.is_ascii_lowercase()) {
            break;
        }
        rest = after;
    }
    let key = rest.get(..KEY_LENGTH)?;
    let suffix = &rest[KEY_LENGTH..];
    (is_key(key) && (suffix.is_empty() || suffix.starts_with('.'))).then_some(key)
}

/// Whether `text` is a folder hash as cache files are named by: 16 lowercase hex digits.
fn is_key(text: &str) -> bool {
    text.len() == KEY_LENGTH
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_folder_follows_xdg_and_else_home() {
        let given = |xdg: Option<&str>, home: Option<&str>| {
            cache_dir_in(xdg.map(Into::into), home.map(Into::into))
        };
        assert_eq!(
            given(Some("/x/cache"), Some("/home/a")),
            Some(PathBuf::from("/x/cache/briefing"))
        );
        // A relative XDG_CACHE_HOME is not a cache folder: it would move with the working one.
        assert_eq!(
            given(Some("cache"), Some("/home/a")),
            Some(PathBuf::from("/home/a/.cache/briefing"))
        );
        assert_eq!(given(None, None), None);
    }

    #[test]
    fn unit_tests_keep_nothing_in_the_users_cache_folder() {
        assert!(cache_dir().unwrap().starts_with(std::env::temp_dir()));
    }

    #[test]
    fn a_cache_files_name_gives_its_folders_hash() {
        let key = "0123456789abcdef";
        for name in [
            key.to_owned(),
            format!("{key}.lock"),
            format!("parsed-{key}"),
            format!("parsed-{key}.index"),
            format!("parsed-{key}.tmp-4242"),
            format!("served-search-{key}"),
            format!("previous-{key}"),
        ] {
            assert_eq!(key_of(&name), Some(key), "{name}");
        }
        for name in [
            "notes.txt",
            "parsed-0123",
            "parsed-0123456789ABCDEF",
            "parsed-0123456789abcdefg",
            "Parsed-0123456789abcdef",
            "-0123456789abcdef",
        ] {
            assert_eq!(key_of(name), None, "{name}");
        }
    }

    /// The names in `folder`, sorted.
    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Make the cache files of `key` in `cache` that a build makes, and record `owner` as the
    /// folder it stands for.
    fn cache_files(cache: &Path, key: &str, owner: &Path) {
        record_owner(cache, key, owner);
        fs::write(cache.join(key), "manifest").unwrap();
        fs::write(cache.join(format!("{key}.lock")), "").unwrap();
        fs::write(cache.join(format!("parsed-{key}")), "memo").unwrap();
        fs::create_dir_all(cache.join(format!("previous-{key}/a"))).unwrap();
        fs::write(cache.join(format!("previous-{key}/a/index.html")), "a").unwrap();
    }

    #[test]
    fn the_files_of_a_folder_that_is_gone_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let (kept, gone) = (dir.path().join("kept"), dir.path().join("gone"));
        fs::create_dir_all(&kept).unwrap();
        fs::create_dir_all(&gone).unwrap();
        let (kept_key, gone_key) = ("00000000000000aa", "00000000000000bb");
        cache_files(&cache, kept_key, &kept);
        cache_files(&cache, gone_key, &gone);
        fs::write(cache.join("notes.txt"), "not a cache file").unwrap();
        assert_eq!(sweep_folder(&cache), 0, "both folders exist");
        assert_eq!(names(&cache).len(), 11);

        fs::remove_dir_all(&gone).unwrap();
        assert_eq!(sweep_folder(&cache), 1);
        let left = names(&cache);
        assert!(left.iter().all(|name| !name.contains(gone_key)), "{left:?}");
        assert_eq!(left.len(), 6, "{left:?}");
        assert!(left.contains(&"notes.txt".to_owned()));
        assert!(cache
            .join(format!("previous-{kept_key}/a/index.html"))
            .exists());
    }

    #[test]
    fn files_of_no_recorded_folder_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        fs::create_dir_all(&cache).unwrap();
        let key = "00000000000000cc";
        fs::write(cache.join(format!("search-{key}")), "terms").unwrap();
        fs::write(cache.join(format!("{key}.lock")), "").unwrap();
        assert_eq!(sweep_folder(&cache), 1);
        assert!(names(&cache).is_empty());
    }

    #[test]
    fn a_folder_being_built_keeps_its_files_though_it_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let key = "00000000000000dd";
        cache_files(&cache, key, &dir.path().join("public"));
        let lock = fs::File::open(cache.join(format!("{key}.lock"))).unwrap();
        lock.lock().unwrap();
        assert_eq!(sweep_folder(&cache), 0);
        assert_eq!(names(&cache).len(), 5);
        drop(lock);
        assert_eq!(sweep_folder(&cache), 1);
        assert!(names(&cache).is_empty());
    }

    #[test]
    fn a_cache_file_records_its_folder_which_need_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let path = cache_file_for(&out, "search-", "").unwrap();
        let key = key_of(path.file_name().unwrap().to_str().unwrap()).unwrap();
        let owner = cache_dir().unwrap().join(format!("{OWNER_PREFIX}{key}"));
        assert_eq!(
            fs::read_link(&owner).unwrap(),
            fs::canonicalize(dir.path()).unwrap().join("public")
        );
        assert!(!owner_exists(&owner));
        fs::create_dir(&out).unwrap();
        assert!(owner_exists(&owner));
        assert_eq!(
            cache_file_for(&out, "", LOCK_SUFFIX).unwrap().parent(),
            path.parent()
        );
        fs::remove_file(owner).unwrap();
    }
}
