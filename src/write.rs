//! Writing the output: the only stage that writes files.
//!
//! Rendering hands each file to an [`Output`] as soon as it is rendered. [`DirOutput`] builds
//! the whole site in a temporary folder beside the output folder and swaps it in only when
//! everything is written, so a failed build leaves the previous site as it was.
//! [`CompareOutput`] writes nothing and lists how the output folder differs from what a build
//! would write (`build --check`). [`MemoryOutput`] keeps the files, for `serve` and tests.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::error::{Error, Result};

mod folder;
mod recycled;

use folder::Folder;
use recycled::{Found, Recycled};

/// Create each of `files` (paths relative to `root`) that does not exist yet, with its
/// folders; an existing file is never replaced. Returns, in order, each path and whether it
/// was created. This is how `new`, `init` and `templates --eject` write: scaffolding the user
/// edits afterwards, never the built site.
pub fn create_files(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<(PathBuf, bool)>> {
    let mut created = Vec::with_capacity(files.len());
    for (relative, bytes) in files {
        ensure_inside(relative)?;
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let opened = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let mut file = match opened {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                created.push((relative.clone(), false));
                continue;
            }
            Err(source) => return Err(Error::Write { path, source }),
        };
        std::io::Write::write_all(&mut file, bytes)
            .map_err(|source| Error::Write { path, source })?;
        created.push((relative.clone(), true));
    }
    Ok(created)
}

/// Replace the file at `path` with `bytes` all at once: written beside it, then renamed over
/// it, so that a reader (or an interrupted run) sees the old file or the new one, never half
/// of one. This is how `links` keeps `links.toml`.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&temp, bytes)
        .and_then(|()| fs::rename(&temp, path))
        .map_err(|source| {
            let _ = fs::remove_file(&temp);
            Error::Write {
                path: path.to_path_buf(),
                source,
            }
        })
}

/// Where rendered files go, one at a time, from many threads at once, so that no build holds
/// its whole output in memory.
///
/// [`Output::write`] may be called from any thread. Nothing a build writes is visible until
/// [`Output::finish`]; a build that fails drops the output without finishing it, which leaves
/// what was there before.
pub trait Output: Send + Sync {
    /// Take one file. Paths must be relative, stay inside the output, and be written once.
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<()>;
    /// [`Output::write`], noting `input`, a hash of everything the file was made from, so
    /// that a later build can [`Output::reuse`] it.
    fn write_from(&self, path: &Path, bytes: &[u8], input: u64) -> Result<()> {
        let _ = input;
        self.write(path, bytes)
    }
    /// Keep `paths` as the previous build made them, if it made every one of them from the
    /// same `input`: then they count as written and need not be rendered. `false` (and nothing
    /// kept) otherwise, or where there is no previous build.
    fn reuse(&self, paths: &[&Path], input: u64) -> Result<bool> {
        let _ = (paths, input);
        Ok(false)
    }
    /// Every file is written: make them the output. Returns how many files there are.
    fn finish(&mut self) -> Result<usize>;
    /// A file in the cache folder, named after this output and `prefix`, where a part of the
    /// build may keep what lets the next build of this output redo its work faster; `None`
    /// where nothing is kept between builds.
    fn cache_file(&self, prefix: &str) -> Option<PathBuf> {
        let _ = prefix;
        None
    }
}

/// Check that `path` is relative and cannot climb out of the output folder.
pub fn ensure_inside(path: &Path) -> Result<()> {
    let inside = path
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
        && path.components().next().is_some();
    if inside {
        Ok(())
    } else {
        Err(Error::OutputPathEscapes {
            path: path.to_path_buf(),
        })
    }
}

/// The paths written so far, to refuse a second write of one path: two pages that would land
/// at one address make the output depend on which thread wrote last.
#[derive(Debug, Default)]
struct Written(Mutex<HashSet<PathBuf>>);

impl Written {
    fn claim(&self, path: &Path) -> Result<()> {
        ensure_inside(path)?;
        let mut written = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if written.insert(path.to_path_buf()) {
            Ok(())
        } else {
            Err(Error::OutputCollision {
                path: path.to_path_buf(),
            })
        }
    }

    fn count(&self) -> usize {
        self.0.lock().map_or(0, |written| written.len())
    }
}

/// A file kept in memory, with the hash of what it was made from where the renderer gave one.
/// Its bytes are shared: a build that makes a file from the same input as the build before it
/// takes that build's bytes, neither rendered nor copied again.
#[derive(Debug, Clone)]
pub struct MemoryFile {
    /// The file's bytes.
    pub bytes: Arc<[u8]>,
    input: Option<u64>,
}

/// Files kept in memory, by path.
pub type MemoryFiles = BTreeMap<PathBuf, MemoryFile>;

/// Keeps the files in memory, by path (`serve` and tests). Made [`MemoryOutput::after`] a
/// build, it keeps that build's files whose inputs did not change, as [`DirOutput`] links
/// them: `serve` renders again only what an edit changed.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    files: Mutex<MemoryFiles>,
    written: Written,
    /// The files of the build before, to keep from.
    previous: Arc<MemoryFiles>,
    /// The folder whose name this output's cache files take ([`Output::cache_file`]), if any.
    cache_for: Option<PathBuf>,
}

impl MemoryOutput {
    /// An output that keeps the files of `previous` whose inputs did not change, and keeps
    /// what lets the next build redo its work faster in cache files named after `cache_for`
    /// (`serve`: the site's folder).
    pub fn after(previous: Arc<MemoryFiles>, cache_for: impl Into<PathBuf>) -> Self {
        MemoryOutput {
            previous,
            cache_for: Some(cache_for.into()),
            ..MemoryOutput::default()
        }
    }

    /// The files written, by relative path.
    pub fn into_files(self) -> BTreeMap<PathBuf, Vec<u8>> {
        self.into_memory_files()
            .into_iter()
            .map(|(path, file)| (path, file.bytes.to_vec()))
            .collect()
    }

    /// The files written, by relative path, as they are kept.
    pub fn into_memory_files(self) -> MemoryFiles {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn keep(&self, path: &Path, file: MemoryFile) -> Result<()> {
        self.written.claim(path)?;
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_path_buf(), file);
        Ok(())
    }
}

impl Output for MemoryOutput {
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let bytes = Arc::from(bytes);
        self.keep(path, MemoryFile { bytes, input: None })
    }

    fn write_from(&self, path: &Path, bytes: &[u8], input: u64) -> Result<()> {
        let bytes = Arc::from(bytes);
        let input = Some(input);
        self.keep(path, MemoryFile { bytes, input })
    }

    fn reuse(&self, paths: &[&Path], input: u64) -> Result<bool> {
        let kept: Option<Vec<&MemoryFile>> = paths
            .iter()
            .map(|path| {
                self.previous
                    .get(*path)
                    .filter(|file| file.input == Some(input))
            })
            .collect();
        let Some(kept) = kept else {
            return Ok(false);
        };
        for (path, file) in paths.iter().zip(kept) {
            self.keep(path, file.clone())?;
        }
        Ok(true)
    }

    fn cache_file(&self, prefix: &str) -> Option<PathBuf> {
        let folder = self.cache_for.as_deref()?;
        crate::cache::cache_file_for(folder, &format!("served-{prefix}"), "")
    }

    fn finish(&mut self) -> Result<usize> {
        Ok(self.written.count())
    }
}

/// How the output folder differs from a build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// A file the build writes is not in the folder.
    Missing(PathBuf),
    /// A file in the folder is not one the build writes.
    Extra(PathBuf),
    /// A file has other bytes than the build writes.
    Different(PathBuf),
}

/// Compares a build with the output folder, writing nothing.
#[derive(Debug)]
pub struct CompareOutput {
    out: PathBuf,
    written: Written,
    found: Mutex<Vec<Difference>>,
    /// The differences found, sorted by path, once finished.
    pub differences: Vec<Difference>,
}

impl CompareOutput {
    /// Compare with the folder `out`.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        CompareOutput {
            out: out.into(),
            written: Written::default(),
            found: Mutex::new(Vec::new()),
            differences: Vec::new(),
        }
    }
}

impl Output for CompareOutput {
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.written.claim(path)?;
        let difference = match fs::read(self.out.join(path)) {
            Ok(old) if old == bytes => return Ok(()),
            Ok(_) => Difference::Different(path.to_path_buf()),
            Err(_) => Difference::Missing(path.to_path_buf()),
        };
        self.found
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(difference);
        Ok(())
    }

    fn finish(&mut self) -> Result<usize> {
        let mut differences = std::mem::take(
            self.found
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let expected = self
            .written
            .0
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.out.is_dir() {
            for entry in walkdir::WalkDir::new(&self.out).sort_by_file_name() {
                let entry = entry.map_err(|error| Error::ReadDir {
                    path: self.out.clone(),
                    source: error.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry.path().strip_prefix(&self.out).unwrap_or(entry.path());
                if !expected.contains(relative) && relative != Path::new(MANIFEST) {
                    differences.push(Difference::Extra(relative.to_path_buf()));
                }
            }
        }
        differences.sort_by(|a, b| path_of(a).cmp(path_of(b)));
        self.differences = differences;
        Ok(expected.len())
    }
}

fn path_of(difference: &Difference) -> &Path {
    match difference {
        Difference::Missing(path) | Difference::Extra(path) | Difference::Different(path) => path,
    }
}

/// The file in a built folder that lists what briefing wrote there, with a hash of each file:
/// it marks the folder as briefing's to replace, and lets the next build keep every file
/// whose bytes did not change.
pub const MANIFEST: &str = ".briefing-output";

/// Writes a folder: into a temporary sibling first, then swapped in whole. A file whose bytes
/// are what the previous build wrote is linked from the previous output instead of written,
/// so it keeps its inode and modification time: a rebuild after a one-claim edit touches only
/// the files that changed, and the swap stays atomic.
#[derive(Debug)]
pub struct DirOutput {
    out: PathBuf,
    temp: PathBuf,
    /// `out` held open, when it was there at the start: files are linked from it.
    out_folder: Option<Folder>,
    /// `temp` held open: files are linked and written into it.
    temp_folder: Folder,
    /// The previous build's files, by path as the manifest writes it ([`manifest_path`]):
    /// their hash, size and the hash of their input. Read on a thread of its own while the
    /// build reads and parses the site, which is the first to ask for it.
    previous: ReadAhead<ManifestMap<Previous>>,
    /// What this build wrote, for the manifest, by path as the manifest writes it. A path
    /// written twice is refused by the file system itself (`temp` starts empty and no file is
    /// replaced), so no set of the paths claimed is kept: at 50,000 briefings it held 120,000
    /// paths, 11 MiB.
    written: Mutex<Vec<(String, Previous)>>,
    /// The folders of `temp` made or found so far, by a hash of their path
    /// ([`DirOutput::make_folder_of`]).
    folders: Mutex<HashSet<u64>>,
    /// What `temp` holds when it is the output before the previous one, kept in the cache
    /// folder to be built over (`recycled.rs`); read and cleaned on a thread of its own while
    /// the build reads and parses the site. Nothing when `temp` started empty.
    recycled: ReadAhead<Recycled>,
    /// Where the previous output is kept for the build after this one, if anywhere.
    recycled_path: Option<PathBuf>,
    /// The lock on building `out`, held until this output is dropped.
    _lock: Option<fs::File>,
}

impl DirOutput {
    /// Start writing the folder `out`: refused if `out` is a folder briefing did not write.
    pub fn new(out: impl Into<PathBuf>) -> Result<Self> {
        let out = out.into();
        let recycled = crate::cache::cache_file_for(&out, RECYCLED_PREFIX, "");
        Self::create(out, false, recycled)
    }

    /// Start writing the folder `out`, replacing it whatever it holds (`build --force`).
    pub fn replacing(out: impl Into<PathBuf>) -> Result<Self> {
        let out = out.into();
        let recycled = crate::cache::cache_file_for(&out, RECYCLED_PREFIX, "");
        Self::create(out, true, recycled)
    }

    /// Start writing `out` (whatever it holds, if `force`), building over the output kept at
    /// `recycled_path` if there is one there, and keeping the previous output there.
    fn create(out: PathBuf, force: bool, recycled_path: Option<PathBuf>) -> Result<Self> {
        let lock = lock_output(&out)?;
        let previous = ReadAhead::start({
            let out = out.clone();
            move || read_manifest(&out)
        });
        if !force {
            check_replaceable(&out)?;
        } else if out.exists() && !out.is_dir() {
            return Err(Error::UnsafeOutput {
                path: out,
                reason: "it is not a folder".to_owned(),
            });
        }
        let temp = sibling(&out, "tmp");
        if temp.exists() {
            fs::remove_dir_all(&temp).map_err(write_error(&temp))?;
        }
        remove_leftovers(&out);
        let recycling = recycled_path
            .as_deref()
            .is_some_and(|kept| take_recycled(kept, &temp));
        if !recycling {
            fs::create_dir_all(&temp).map_err(write_error(&temp))?;
        }
        let temp_folder = Folder::open(&temp).map_err(|source| {
            let _ = fs::remove_dir_all(&temp);
            write_error(&temp)(source)
        })?;
        let recycled = if recycling {
            let temp = temp.clone();
            // Not cleaned, it may hold anything: nothing is built in it.
            ReadAhead::start_or(move || Recycled::clean(&temp), Recycled::unread)
        } else {
            ReadAhead::ready(Recycled::default())
        };
        Ok(DirOutput {
            _lock: lock,
            previous,
            recycled,
            recycled_path,
            folders: Mutex::new(HashSet::from([folder_key(Path::new(""))])),
            // Without it, nothing is linked: every file is written.
            out_folder: Folder::open(&out).ok(),
            temp_folder,
            out,
            temp,
            written: Mutex::new(Vec::new()),
        })
    }
}

/// The start of the names of the outputs kept in the cache folder ([`keep_recycled`]).
const RECYCLED_PREFIX: &str = "previous-";

/// Move the output kept in the cache folder at `kept` to `temp`, to be built over; `false`
/// where there is none, or it cannot be moved. One that cannot be moved (on another file
/// system than the output, say) never will be, and is removed.
fn take_recycled(kept: &Path, temp: &Path) -> bool {
    match fs::rename(kept, temp) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) => {
            let _ = remove_tree(kept);
            false
        }
    }
}

/// Keep the output `old`, just replaced by `out`, in the cache folder at `kept` for the
/// build after next to build over; where it cannot be kept there, remove it. Once `out` is
/// gone, the sweep after a build removes it ([`crate::cache`]).
fn keep_recycled(old: &Path, kept: Option<&Path>) -> std::io::Result<()> {
    let kept = kept.filter(|kept| {
        kept.parent()
            .is_some_and(|folder| fs::create_dir_all(folder).is_ok())
            && fs::rename(old, kept).is_ok()
    });
    match kept {
        Some(_) => Ok(()),
        None => remove_tree(old),
    }
}

/// Refuse to replace `out` if briefing did not write it: it must be empty or hold the
/// manifest a build leaves. A folder that only happens to hold an `index.html` (a git
/// checkout of a web site, say) is refused.
fn check_replaceable(out: &Path) -> Result<()> {
    let unsafe_output = |reason: &str| Error::UnsafeOutput {
        path: out.to_path_buf(),
        reason: reason.to_owned(),
    };
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(unsafe_output("it is not a folder"));
    }
    let mut entries = fs::read_dir(out).map_err(|source| Error::ReadDir {
        path: out.to_path_buf(),
        source,
    })?;
    let empty = entries.next().is_none();
    if empty || out.join(MANIFEST).is_file() {
        Ok(())
    } else {
        Err(unsafe_output(&format!(
            "it is not empty and holds no {MANIFEST}, so briefing did not build it; \
             choose another --out, empty it, or pass --force to replace it whole"
        )))
    }
}

/// Take the lock on building `out`, waiting (and saying so) while another build of it holds
/// it: two builds of one folder one after the other instead of swapping it at the same time.
/// The lock is a file in the user's cache folder named after `out`, so that nothing is left
/// beside the output; `None` where there is no cache folder or the system cannot lock files.
fn lock_output(out: &Path) -> Result<Option<fs::File>> {
    match crate::cache::cache_file_for(out, "", crate::cache::LOCK_SUFFIX) {
        Some(path) => lock_file(&path, out),
        None => Ok(None),
    }
}

/// Take the lock file at `path` for building `out` (see [`lock_output`]).
fn lock_file(path: &Path, out: &Path) -> Result<Option<fs::File>> {
    let opened = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| {
            fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
        });
    let Ok(mut file) = opened else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(path).unwrap_or_default();
            eprintln!(
                "waiting for another build of {} (process {}) to finish…",
                out.display(),
                holder.trim()
            );
            file.lock().map_err(write_error(path))?;
        }
        Err(fs::TryLockError::Error(_)) => return Ok(None),
    }
    // Who holds it, for the message of a build that waits.
    let _ = file.set_len(0).and_then(|()| {
        std::io::Write::write_all(&mut file, std::process::id().to_string().as_bytes())
    });
    Ok(Some(file))
}

/// Remove the temporary folders that builds of `out` killed midway left beside it
/// (`.public.tmp-PID`, `.public.old-PID` of a process that is gone). Where it cannot be told
/// whether a process runs (no `/proc`), nothing is removed.
fn remove_leftovers(out: &Path) {
    let proc_root = Path::new("/proc/self");
    if !proc_root.exists() {
        return;
    }
    let name = out.file_name().map_or_else(
        || "public".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".tmp-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            let alive = Path::new(&format!("/proc/{pid}")).exists();
            if !alive && entry.path().is_dir() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A sibling of the output folder named after it.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().map_or_else(
        || "public".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let parent = out.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}-{}", std::process::id()))
}

/// A file as a build wrote it: the hash of its bytes, its size, and the hash of what it was
/// made from where the renderer gave one. The manifest in the output holds only the first
/// two, so that it is the same on every machine; the inputs, which depend on the binary, are
/// kept in a cache outside the output ([`input_cache_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Previous {
    hash: u64,
    size: u64,
    input: Option<u64>,
}

/// A value made on a thread of its own from the moment it is started, for the first caller of
/// [`ReadAhead::get`] to wait for. Reading the previous manifest (24,300 lines at 10,000
/// briefings, 9 ms) on the build's one thread, before anything else, was a thirtieth of a
/// rebuild; beside the walk of `content/` it costs the rebuild nothing.
#[derive(Debug)]
struct ReadAhead<T> {
    value: OnceLock<T>,
    reading: Mutex<Option<JoinHandle<T>>>,
    /// The value where its thread could not start or panicked.
    fallback: fn() -> T,
}

impl<T: Default + Send + 'static> ReadAhead<T> {
    /// Start making the value with `make`. Where no thread can be started, the value is the
    /// default one: for the manifest, an empty one, which only costs the build its links to
    /// the previous output.
    fn start(make: impl FnOnce() -> T + Send + 'static) -> Self {
        Self::start_or(make, T::default)
    }

    /// [`ReadAhead::start`], with the value `fallback` makes where its thread could not start
    /// or panicked.
    fn start_or(make: impl FnOnce() -> T + Send + 'static, fallback: fn() -> T) -> Self {
        let reading = std::thread::Builder::new()
            .name("read-ahead".to_owned())
            .spawn(make)
            .ok();
        ReadAhead {
            value: OnceLock::new(),
            reading: Mutex::new(reading),
            fallback,
        }
    }

    /// A value made already.
    fn ready(value: T) -> Self {
        ReadAhead {
            value: OnceLock::from(value),
            reading: Mutex::new(None),
            fallback: T::default,
        }
    }

    /// The value, once made; the fallback where its thread could not start or panicked.
    fn get(&self) -> &T {
        self.value.get_or_init(|| {
            let reading = self
                .reading
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take();
            reading
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(self.fallback)
        })
    }
}

/// A map by path as the manifest writes it, keyed by a 128-bit hash of that text
/// ([`path_key`]): a `PathBuf` key was hashed a component at a time with SipHash (a twentieth
/// of a rebuild's instructions), and keys of text held every path of the last build, 120,000
/// at 50,000 briefings, at the rebuild's peak (it fell by 4–7 MiB with hashes). Two paths would
/// share a key once in ~10^28 builds of that size.
type ManifestMap<V> = HashMap<u128, V, std::hash::BuildHasherDefault<ahash::AHasher>>;

/// What a [`ManifestMap`] knows the path `path` (as the manifest writes it) by.
fn path_key(path: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(path.as_bytes())
}

/// `path` as the manifest writes it: its components joined by `/` on every system.
fn manifest_path(path: &Path) -> std::borrow::Cow<'_, str> {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/").into()
    }
}

/// Paths as the manifest writes them, in the order of their components (`a/b` before `a-b`),
/// as `Path` orders them: `/` sorts before every other byte.
fn manifest_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |byte: &u8| if *byte == b'/' { 0 } else { *byte };
    a.as_bytes()
        .iter()
        .map(key)
        .cmp(b.as_bytes().iter().map(key))
}

/// The manifest of a built folder (`HASH SIZE PATH` per line, hash in hex) with the inputs
/// of the cache beside it. Missing or unreadable: an empty list, and every file is rendered
/// and written anew.
fn read_manifest(out: &Path) -> ManifestMap<Previous> {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
        return ManifestMap::default();
    };
    let inputs: ManifestMap<u64> = input_cache_path(out)
        .and_then(|cache| fs::read_to_string(cache).ok())
        .map(|text| {
            let mut inputs =
                ManifestMap::with_capacity_and_hasher(line_count(&text), Default::default());
            inputs.extend(text.lines().filter_map(|line| {
                let (input, path) = line.split_once(' ')?;
                Some((path_key(path), u64::from_str_radix(input, 16).ok()?))
            }));
            inputs
        })
        .unwrap_or_default();
    // Sized at once: grown as it filled, the map was rehashed a dozen times, a fifth of the
    // reading.
    let mut previous = ManifestMap::with_capacity_and_hasher(line_count(&text), Default::default());
    previous.extend(text.lines().filter_map(|line| {
        let mut parts = line.splitn(3, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let size = parts.next()?.parse().ok()?;
        let path = path_key(parts.next()?);
        let input = inputs.get(&path).copied();
        Some((path, Previous { hash, size, input }))
    }));
    previous
}

/// How many lines `text` has, to size a map of them.
fn line_count(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count() + 1
}

/// Where the inputs of the files in `out` are kept between builds: in the user's cache
/// folder ([`crate::cache::cache_dir`]), one file per output folder.
/// They depend on the binary and the machine, so they never go into the output a repository
/// commits.
fn input_cache_path(out: &Path) -> Option<PathBuf> {
    crate::cache::cache_file_for(out, "", "")
}

/// Remove the folder `path` and everything in it, on every core: an old output holds tens of
/// thousands of files, and removing them one after the other was a fifth of a rebuild.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(path)
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl DirOutput {
    /// Claim `relative` and put `bytes` there, noting what they were made from.
    fn write_file(&self, relative: &Path, bytes: &[u8], input: Option<u64>) -> Result<()> {
        ensure_inside(relative)?;
        let file = Previous {
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
            size: bytes.len() as u64,
            input,
        };
        let path = manifest_path(relative);
        let key = path_key(&path);
        let content = if self.recycled_holds(key, file) {
            Content::Kept
        } else if self
            .previous
            .get()
            .get(&key)
            .is_some_and(|previous| (previous.hash, previous.size) == (file.hash, file.size))
            && self.old_file_has_size(relative, file.size)
        {
            Content::Linked(Some(bytes))
        } else {
            Content::Written(bytes)
        };
        self.place(relative, &path, key, content, file)
    }

    /// The recycled output the new folder started as (nothing if it started empty), once
    /// cleaned; an error if it could not be.
    fn recycled(&self) -> Result<&Recycled> {
        let recycled = self.recycled.get();
        match recycled.failure() {
            None => Ok(recycled),
            Some(reason) => Err(Error::Write {
                path: self.temp.clone(),
                source: std::io::Error::other(format!(
                    "the previous output could not be cleaned to build over: {reason}"
                )),
            }),
        }
    }

    /// Whether the recycled output in the new folder holds the file known by `key` with the
    /// bytes of `file`: its manifest says so, and the file there has their size.
    fn recycled_holds(&self, key: u128, file: Previous) -> bool {
        self.recycled.get().holds(key, file.hash, file.size)
    }

    /// Put `relative` (written `path` in the manifest, known by `key`) in the new folder as
    /// `content` says, replacing whatever other file the recycled output holds there. A path
    /// placed twice is an [`Error::OutputCollision`].
    fn place(
        &self,
        relative: &Path,
        path: &str,
        key: u128,
        content: Content<'_>,
        file: Previous,
    ) -> Result<()> {
        self.make_folder_of(relative);
        match self.recycled()?.place(key, file.hash) {
            Found::Placed => {
                return Err(Error::OutputCollision {
                    path: relative.to_path_buf(),
                })
            }
            Found::Same if matches!(content, Content::Kept) => {}
            found => {
                // The recycled output's file has other bytes, or not the size its manifest
                // says: it goes first.
                if found != Found::Nothing {
                    match self.temp_folder.remove_file(relative) {
                        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                            return Err(write_error(&self.temp.join(relative))(error))
                        }
                        _ => {}
                    }
                }
                match content {
                    Content::Linked(bytes) => self.link_or_write(relative, bytes)?,
                    Content::Written(bytes) => self.write_new(relative, bytes)?,
                    Content::Kept => return Err(self.gone(relative)),
                }
            }
        }
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((path.to_owned(), file));
        Ok(())
    }

    /// Link `relative` from the previous output, whose file was checked; where it cannot be
    /// linked, write `bytes` (a reused file has none: then that is an error).
    fn link_or_write(&self, relative: &Path, bytes: Option<&[u8]>) -> Result<()> {
        let linked = self
            .out_folder
            .as_ref()
            .map(|old| self.in_folder(relative, || old.link_into(relative, &self.temp_folder)));
        match (linked, bytes) {
            (Some(Ok(())), _) => Ok(()),
            (Some(Err(error)), _) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(Error::OutputCollision {
                    path: relative.to_path_buf(),
                })
            }
            (_, Some(bytes)) => self.write_new(relative, bytes),
            (_, None) => Err(self.gone(relative)),
        }
    }

    /// The error for a file to keep from an earlier build that is no longer there.
    fn gone(&self, relative: &Path) -> Error {
        Error::Write {
            path: self.out.join(relative),
            source: std::io::Error::other("the previous build's file is gone"),
        }
    }

    /// Write `bytes` to the new file `relative`.
    fn write_new(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        self.in_folder(relative, || self.temp_folder.write_new(relative, bytes))
            .map_err(|error| {
                if error.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::OutputCollision {
                        path: relative.to_path_buf(),
                    }
                } else {
                    write_error(&self.temp.join(relative))(error)
                }
            })
    }

    /// Make the folder of `relative` in the new folder unless this output made it already.
    /// Without this, the first file of each folder (a briefing's page, in a folder of its own)
    /// failed once to be linked or written, then the folder was made and it was tried again:
    /// 13,000 failed system calls at 10,000 briefings. Folders are known by a hash of their
    /// path, 8 bytes each; one whose hash another has is taken as made, and when it is not,
    /// its first file makes it ([`DirOutput::in_folder`]).
    fn make_folder_of(&self, relative: &Path) {
        let Some(folder) = relative.parent() else {
            return;
        };
        let key = folder_key(folder);
        let new = self
            .folders
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key);
        if new && !self.recycled.get().has_folder(key) {
            // A folder that cannot be made is reported by the write into it.
            let _ = self.temp_folder.create_dir_all(folder);
        }
    }

    /// Do `make` on `relative` in the new folder, first making its folder when the file
    /// system says it is missing. Asking first would cost every file a system call;
    /// [`DirOutput::make_folder_of`] makes each folder before its first file, and this is for
    /// the files it takes a folder of to be made already.
    fn in_folder(
        &self,
        relative: &Path,
        make: impl Fn() -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match make() {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let folder = relative.parent().ok_or(error)?;
                self.temp_folder.create_dir_all(folder)?;
                make()
            }
            done => done,
        }
    }

    /// Whether the previous output has `relative` as a file of `size` bytes.
    fn old_file_has_size(&self, relative: &Path, size: u64) -> bool {
        self.out_folder
            .as_ref()
            .is_some_and(|old| old.has_file_of_size(relative, size))
    }
}

/// How a file comes to be in the new folder ([`DirOutput::place`]).
#[derive(Debug, Clone, Copy)]
enum Content<'a> {
    /// It is there already: the recycled output holds it.
    Kept,
    /// Linked from the previous output, whose file was checked; these bytes are written where
    /// it cannot be linked (a reused file has none).
    Linked(Option<&'a [u8]>),
    /// Written.
    Written(&'a [u8]),
}

/// What [`DirOutput::make_folder_of`] knows a folder by.
fn folder_key(folder: &Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(folder.as_os_str().as_encoded_bytes())
}

impl Output for DirOutput {
    fn write(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        self.write_file(relative, bytes, None)
    }

    fn write_from(&self, relative: &Path, bytes: &[u8], input: u64) -> Result<()> {
        self.write_file(relative, bytes, Some(input))
    }

    fn reuse(&self, paths: &[&Path], input: u64) -> Result<bool> {
        // Each file is there, in the recycled output or the previous one, or none is kept.
        let kept: Option<Vec<_>> = paths
            .iter()
            .map(|path| {
                let manifest = manifest_path(path);
                let key = path_key(&manifest);
                let previous = *self
                    .previous
                    .get()
                    .get(&key)
                    .filter(|p| p.input == Some(input))?;
                let content = if self.recycled_holds(key, previous) {
                    Content::Kept
                } else if self.old_file_has_size(path, previous.size) {
                    Content::Linked(None)
                } else {
                    return None;
                };
                Some((manifest, key, previous, content))
            })
            .collect();
        let Some(kept) = kept else {
            return Ok(false);
        };
        for (path, (manifest, key, previous, content)) in paths.iter().zip(kept) {
            ensure_inside(path)?;
            self.place(path, &manifest, key, content, previous)?;
        }
        Ok(true)
    }

    fn cache_file(&self, prefix: &str) -> Option<PathBuf> {
        crate::cache::cache_file_for(&self.out, prefix, "")
    }

    fn finish(&mut self) -> Result<usize> {
        let mut written = std::mem::take(
            self.written
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        written.par_sort_unstable_by(|(a, _), (b, _)| manifest_order(a, b));
        // The manifest is written out on one core while the files of the recycled output
        // that the build did not place are removed on the other.
        let write_manifest = || {
            let mut manifest = String::with_capacity(written.len() * 64);
            let mut inputs = String::with_capacity(written.len() * 48);
            for (path, file) in &written {
                manifest_line(&mut manifest, file.hash, Some(file.size), path);
                if let Some(input) = file.input {
                    manifest_line(&mut inputs, input, None, path);
                }
            }
            (manifest, inputs)
        };
        let remove_unplaced = || {
            let used_folders = self
                .folders
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            self.recycled()?
                .remove_unplaced(&self.temp_folder, &self.temp, &used_folders)
                .map_err(write_error(&self.temp))
        };
        let ((manifest, inputs), removed) = rayon::join(write_manifest, remove_unplaced);
        removed?;
        let manifest_path = self.temp.join(MANIFEST);
        fs::write(&manifest_path, manifest).map_err(write_error(&manifest_path))?;
        // Nothing more is linked from the previous output, which is about to be moved away.
        self.out_folder = None;
        let old = sibling(&self.out, "old");
        let had_output = self.out.exists();
        if had_output {
            fs::rename(&self.out, &old).map_err(write_error(&self.out))?;
        }
        if let Err(source) = fs::rename(&self.temp, &self.out) {
            if had_output {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(Error::Write {
                path: self.out.clone(),
                source,
            });
        }
        // A cache that cannot be written only costs the next build its head start.
        let keep_inputs = || {
            if let Some(cache) = input_cache_path(&self.out) {
                if cache
                    .parent()
                    .is_some_and(|folder| fs::create_dir_all(folder).is_ok())
                {
                    let _ = fs::write(cache, inputs);
                }
            }
        };
        let keep_old = || {
            if had_output {
                keep_recycled(&old, self.recycled_path.as_deref())
            } else {
                Ok(())
            }
        };
        let (removed, ()) = rayon::join(keep_old, keep_inputs);
        removed.map_err(write_error(&old))?;
        Ok(written.len())
    }
}

/// A line of a manifest: the hash, the size where one is given, and the path, with a space
/// between them (`{hash:016x} {size} {path}`).
fn manifest_line(out: &mut String, hash: u64, size: Option<u64>, path: &str) {
    crate::decimal::push_hex16(out, hash);
    out.push(' ');
    if let Some(size) = size {
        crate::decimal::push(out, size);
        out.push(' ');
    }
    out.push_str(path);
    out.push('\n');
}

/// An unfinished output leaves no temporary folder behind.
impl Drop for DirOutput {
    fn drop(&mut self) {
        if self.temp.exists() {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_output_after_a_build_keeps_the_files_whose_input_is_the_same() {
        let (a, b, c) = (
            Path::new("a/index.html"),
            Path::new("b/index.html"),
            Path::new("c"),
        );
        let mut first = MemoryOutput::default();
        first.write_from(a, b"a", 1).unwrap();
        first.write_from(b, b"b", 2).unwrap();
        first.write(c, b"c").unwrap();
        first.finish().unwrap();
        let previous = Arc::new(first.into_memory_files());

        let mut second = MemoryOutput::after(Arc::clone(&previous), "site");
        assert!(second.reuse(&[a], 1).unwrap());
        assert!(!second.reuse(&[b], 3).unwrap(), "made from another input");
        assert!(
            !second.reuse(&[b, a], 2).unwrap(),
            "one of two is not the same"
        );
        assert!(!second.reuse(&[c], 0).unwrap(), "written with no input");
        second.write_from(b, b"B", 3).unwrap();
        assert!(
            matches!(second.write(a, b"x"), Err(Error::OutputCollision { .. })),
            "a kept file counts as written"
        );
        assert_eq!(second.finish().unwrap(), 2);
        let files = second.into_memory_files();
        assert!(Arc::ptr_eq(&files[a].bytes, &previous[a].bytes), "shared");
        assert_eq!(&*files[b].bytes, b"B");
        assert!(!files.contains_key(c));
    }

    #[test]
    fn a_value_read_ahead_is_the_one_its_thread_made() {
        let ahead = ReadAhead::start(|| vec![1, 2, 3]);
        assert_eq!(ahead.get(), &[1, 2, 3]);
        assert_eq!(ahead.get(), &[1, 2, 3]);
    }

    #[test]
    fn a_read_ahead_whose_thread_panics_gives_the_default() {
        let ahead: ReadAhead<Vec<u8>> = ReadAhead::start(|| panic!("the manifest is unreadable"));
        assert!(ahead.get().is_empty());
        let ahead: ReadAhead<Vec<u8>> = ReadAhead::start_or(|| panic!("unreadable"), || vec![7]);
        assert_eq!(ahead.get(), &[7]);
    }

    #[test]
    fn a_second_build_of_a_folder_waits_for_the_first() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("public");
        let lock = folder.path().join("public.lock");
        let Some(first) = lock_file(&lock, &out).unwrap() else {
            return; // No file locks on this system: nothing to wait on.
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiting = std::thread::spawn(move || {
            let second = lock_file(&lock, &out).unwrap();
            sender.send(()).unwrap();
            drop(second);
        });
        assert!(
            receiver
                .recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the second build took the lock while the first held it"
        );
        drop(first);
        receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the second build goes on once the first is done");
        waiting.join().unwrap();
    }

    /// Write `files` (path, text) into `output` and finish it.
    fn emit(mut output: impl Output, files: &[(&str, &str)]) -> Result<usize> {
        for (path, text) in files {
            output.write(Path::new(path), text.as_bytes())?;
        }
        output.finish()
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn paths_that_climb_out_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "./a"] {
            assert!(ensure_inside(Path::new(bad)).is_err(), "{bad}");
        }
        assert!(ensure_inside(Path::new("a/b/index.html")).is_ok());
    }

    #[test]
    fn a_build_replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        emit(
            DirOutput::new(&out).unwrap(),
            &[("index.html", "1"), ("old/index.html", "x")],
        )
        .unwrap();
        emit(DirOutput::new(&out).unwrap(), &[("index.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_changed_ones_are_new() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [
            ("index.html", "1"),
            ("a/index.html", "same"),
            ("b.css", "x"),
        ];
        emit(DirOutput::new(&out).unwrap(), &files).unwrap();
        let (same, changed) = (
            inode(&out.join("a/index.html")),
            inode(&out.join("index.html")),
        );
        let files = [
            ("index.html", "2"),
            ("a/index.html", "same"),
            ("b.css", "x"),
        ];
        assert_eq!(emit(DirOutput::new(&out).unwrap(), &files).unwrap(), 3);
        assert_eq!(inode(&out.join("a/index.html")), same);
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
        assert_ne!(inode(&out.join("index.html")), changed);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        // The manifest lists what was written, sorted, with hashes.
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        let paths: Vec<&str> = manifest
            .lines()
            .map(|l| l.rsplit(' ').next().unwrap())
            .collect();
        assert_eq!(paths, ["a/index.html", "b.css", "index.html"]);
    }

    /// An output of `out` that keeps the previous output in `cache` to build over.
    fn recycling(out: &Path, cache: &Path) -> DirOutput {
        DirOutput::create(out.to_path_buf(), false, Some(cache.join("previous-out"))).unwrap()
    }

    /// A folder holding `public`, built twice from `files`, and `cache`, where the first
    /// output is kept.
    fn built_twice(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (out, cache) = (dir.path().join("public"), dir.path().join("cache"));
        emit(recycling(&out, &cache), files).unwrap();
        emit(recycling(&out, &cache), files).unwrap();
        (dir, out, cache)
    }

    /// Every file in `folder`, by relative path, with its text.
    fn files_in(folder: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(folder)
            .into_iter()
            .map(|entry| entry.unwrap())
            .filter(|entry| !entry.file_type().is_dir())
            .map(|entry| {
                let path = entry.path().strip_prefix(folder).unwrap();
                let text = fs::read_to_string(entry.path()).unwrap_or_default();
                (path.to_string_lossy().into_owned(), text)
            })
            .filter(|(path, _)| path != MANIFEST)
            .collect()
    }

    #[test]
    fn the_output_before_the_last_is_built_over_and_holds_only_what_the_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let (out, cache) = (dir.path().join("public"), dir.path().join("cache"));
        let kept = cache.join("previous-out");
        let site = |index| {
            [
                ("index.html", index),
                ("a/index.html", "a"),
                ("b/index.html", "b"),
                ("b/data.json", "b data"),
            ]
        };
        emit(recycling(&out, &cache), &site("1")).unwrap();
        let a = inode(&out.join("a/index.html"));
        emit(recycling(&out, &cache), &site("2")).unwrap();
        assert!(
            kept.join("a/index.html").is_file(),
            "the first output is kept"
        );
        // Put into the published output by hand: a build never keeps it, even from the output
        // it builds over.
        fs::write(out.join("extra.html"), "mine").unwrap();
        fs::create_dir_all(out.join("x/y")).unwrap();
        fs::write(out.join("x/y/z.html"), "mine").unwrap();
        fs::write(out.join("a/stray.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(out.join("index.html"), out.join("b/link.html")).unwrap();

        let third = [
            ("index.html", "3"),
            ("a/index.html", "a"),
            ("b/index.html", "b"),
        ];
        emit(recycling(&out, &cache), &third).unwrap();
        let expected = |files: &[(&str, &str)]| {
            files
                .iter()
                .map(|(path, text)| (path.to_string(), text.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        assert_eq!(files_in(&out), expected(&third));
        let index = inode(&out.join("index.html"));
        // Built over the second output, which was given the files above by hand.
        let fourth = [
            ("index.html", "3"),
            ("a/index.html", "a"),
            ("c/index.html", "c"),
        ];
        emit(recycling(&out, &cache), &fourth).unwrap();
        assert!(
            kept.join("b/index.html").is_file(),
            "the third output is kept"
        );
        assert_eq!(files_in(&out), expected(&fourth));
        assert!(!out.join("b").exists() && !out.join("x").exists());
        assert_eq!(
            inode(&out.join("a/index.html")),
            a,
            "unchanged in four builds"
        );
        assert_eq!(
            inode(&out.join("index.html")),
            index,
            "unchanged since the third build, though the second output had other bytes"
        );
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest.lines().count(), 3);
    }

    #[test]
    fn a_file_changed_by_hand_in_the_output_before_the_last_is_written_again() {
        let files = [("index.html", "one"), ("a/index.html", "a")];
        let (_dir, out, cache) = built_twice(&files);
        // Both outputs share the file: written in place, it changes in the kept one too.
        fs::write(out.join("index.html"), "mine!").unwrap();
        emit(recycling(&out, &cache), &files).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        emit(recycling(&out, &cache), &files).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
    }

    #[test]
    fn a_path_written_twice_over_a_kept_output_is_an_error_and_the_old_site_stays() {
        let (dir, out, cache) = built_twice(&[("index.html", "1"), ("a/index.html", "a")]);
        let twice = [("a/index.html", "a"), ("a/index.html", "a")];
        let error = emit(recycling(&out, &cache), &twice).unwrap_err();
        assert!(matches!(error, Error::OutputCollision { .. }), "{error}");
        assert_eq!(files_in(&out).len(), 2);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "public and cache: {leftovers:?}");
    }

    #[test]
    fn folders_left_by_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // No process has this number (it is above Linux's limit).
        let dead = dir.path().join(".public.tmp-4999999");
        let alive = dir
            .path()
            .join(format!(".public.old-{}", std::process::id()));
        fs::create_dir_all(dead.join("a")).unwrap();
        fs::create_dir_all(&alive).unwrap();
        emit(DirOutput::new(&out).unwrap(), &[("index.html", "1")]).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "a dead build's folder is removed");
        }
        assert!(alive.exists(), "a running build's folder is kept");
    }

    #[test]
    fn a_file_changed_by_hand_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        emit(DirOutput::new(&out).unwrap(), &[("index.html", "one")]).unwrap();
        fs::write(out.join("index.html"), "mine!").unwrap();
        emit(DirOutput::new(&out).unwrap(), &[("index.html", "one")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
    }

    #[test]
    fn an_unfinished_build_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        emit(DirOutput::new(&out).unwrap(), &[("index.html", "1")]).unwrap();
        let output = DirOutput::new(&out).unwrap();
        let error = output.write(Path::new("../escape.html"), b"x").unwrap_err();
        assert!(matches!(error, Error::OutputPathEscapes { .. }));
        output.write(Path::new("index.html"), b"2").unwrap();
        drop(output);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "1");
        assert!(!dir.path().join("escape.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"], "no temporary folder is left");
    }

    #[test]
    fn a_path_written_twice_is_an_error() {
        let output = MemoryOutput::default();
        output.write(Path::new("sources/index.html"), b"1").unwrap();
        let error = output
            .write(Path::new("sources/index.html"), b"2")
            .unwrap_err();
        assert!(matches!(error, Error::OutputCollision { .. }), "{error}");
    }

    #[test]
    fn a_path_written_twice_into_a_folder_is_an_error_and_the_old_site_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        emit(DirOutput::new(&out).unwrap(), &[("a/index.html", "1")]).unwrap();
        let output = DirOutput::new(&out).unwrap();
        output.write(Path::new("b/index.html"), b"2").unwrap();
        let error = output.write(Path::new("b/index.html"), b"3").unwrap_err();
        assert!(matches!(error, Error::OutputCollision { .. }), "{error}");
        drop(output);
        // Kept from the previous build (linked, not written), then claimed again.
        let kept = DirOutput::new(&out).unwrap();
        kept.write(Path::new("a/index.html"), b"1").unwrap();
        let error = kept.write(Path::new("a/index.html"), b"1").unwrap_err();
        assert!(matches!(error, Error::OutputCollision { .. }), "{error}");
        drop(kept);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
        assert!(!out.join("b").exists());
    }

    #[test]
    fn compare_lists_missing_extra_and_different_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        emit(
            DirOutput::new(&out).unwrap(),
            &[("index.html", "1"), ("same.html", "s"), ("old.html", "x")],
        )
        .unwrap();
        let mut compare = CompareOutput::new(&out);
        for (path, text) in [("index.html", "2"), ("same.html", "s"), ("a/new.html", "n")] {
            compare.write(Path::new(path), text.as_bytes()).unwrap();
        }
        compare.finish().unwrap();
        assert_eq!(
            compare.differences,
            [
                Difference::Missing(PathBuf::from("a/new.html")),
                Difference::Different(PathBuf::from("index.html")),
                Difference::Extra(PathBuf::from("old.html")),
            ]
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "1");
    }

    #[test]
    fn a_folder_with_an_index_but_no_manifest_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("checkout");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("index.html"), "my own site").unwrap();
        fs::write(out.join("NOTES.md"), "notes").unwrap();
        let error = DirOutput::new(&out).unwrap_err();
        assert!(error.to_string().contains("--force"), "{error}");
        assert_eq!(fs::read_to_string(out.join("NOTES.md")).unwrap(), "notes");
        emit(
            DirOutput::replacing(&out).unwrap(),
            &[("index.html", "built")],
        )
        .unwrap();
        assert!(!out.join("NOTES.md").exists());
        assert!(out.join(MANIFEST).is_file());
    }

    #[test]
    fn a_folder_briefing_did_not_write_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = DirOutput::new(dir.path()).unwrap_err();
        assert!(matches!(error, Error::UnsafeOutput { .. }));
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn the_manifest_lists_paths_in_the_order_of_their_components() {
        let mut paths = vec![
            "a-b/index.html",
            "a/index.html",
            "a/b/index.html",
            "a.b",
            "a",
            "ab/c",
            "a/b-c/d",
            "a/b/c",
            "é/x",
            "z",
        ];
        let mut by_path = paths.clone();
        by_path.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        paths.sort_by(|a, b| manifest_order(a, b));
        assert_eq!(paths, by_path);
        assert_eq!(manifest_path(Path::new("a").join("b").as_path()), "a/b");
    }
}
