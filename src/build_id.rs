//! What ties a cache to the program that wrote it: a hash of the running binary, and the
//! user's cache folder where such caches live. Anything kept between builds (the inputs of
//! rendered pages, parsed snapshots) is trusted only by the binary that made it, and never
//! goes into the output a repository commits.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A hash of the running binary. Where the binary cannot be read, a value no other run has,
/// so that nothing an earlier run kept is trusted.
pub fn binary_hash() -> u64 {
    static BINARY: OnceLock<u64> = OnceLock::new();
    *BINARY.get_or_init(|| {
        // Read a piece at a time: the binary is megabytes the build need not hold.
        let hash = || -> std::io::Result<u64> {
            let mut file = std::fs::File::open(std::env::current_exe()?)?;
            let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
            let mut buffer = vec![0; 64 * 1024];
            loop {
                match file.read(&mut buffer)? {
                    0 => return Ok(hasher.digest()),
                    read => hasher.update(&buffer[..read]),
                }
            }
        };
        hash().unwrap_or_else(|_| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map_or(u64::MAX, |elapsed| elapsed.as_nanos() as u64)
        })
    })
}

/// The user's cache folder for briefing: `$XDG_CACHE_HOME/briefing` (when absolute), else
/// `~/.cache/briefing`; `None` when neither is known.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("briefing"))
}

/// The file in the cache folder that belongs to `folder`: `<prefix><hash of its full
/// path><suffix>`. `folder` need not exist yet (an output folder before its first build): its
/// parent is resolved instead. `None` without a cache folder or a resolvable path.
pub fn cache_file_for(folder: &Path, prefix: &str, suffix: &str) -> Option<PathBuf> {
    let full = match std::fs::canonicalize(folder) {
        Ok(full) => full,
        Err(_) => {
            let parent = match folder.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            std::fs::canonicalize(parent)
                .ok()?
                .join(folder.file_name()?)
        }
    };
    let key = xxhash_rust::xxh3::xxh3_64(full.to_string_lossy().as_bytes());
    Some(cache_dir()?.join(format!("{prefix}{key:016x}{suffix}")))
}
