//! Writing the output: the only stage that writes files.
//!
//! Rendering hands every file to an [`Output`]. [`DirOutput`] builds the whole site in a
//! temporary folder beside the output folder and swaps it in only when everything is written,
//! so a failed build leaves the previous site as it was. [`CompareOutput`] writes nothing and
//! lists how the output folder differs from what a build would write (`build --check`).
//! [`MemoryOutput`] keeps the files, for tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::OutputFile;

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

/// Where rendered files go.
pub trait Output: Send {
    /// Take the whole site at once. Paths must be relative and stay inside the output.
    fn emit(&mut self, files: Vec<OutputFile>) -> Result<()>;
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

/// Keeps the files in memory, by path.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    /// The files written, by relative path.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Output for MemoryOutput {
    fn emit(&mut self, files: Vec<OutputFile>) -> Result<()> {
        for file in files {
            ensure_inside(&file.path)?;
            self.files.insert(file.path, file.bytes);
        }
        Ok(())
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
    /// The differences found, sorted by path.
    pub differences: Vec<Difference>,
}

impl CompareOutput {
    /// Compare with the folder `out`.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        CompareOutput {
            out: out.into(),
            differences: Vec::new(),
        }
    }
}

impl Output for CompareOutput {
    fn emit(&mut self, files: Vec<OutputFile>) -> Result<()> {
        let mut expected = std::collections::BTreeSet::new();
        for file in &files {
            ensure_inside(&file.path)?;
            expected.insert(file.path.clone());
            match fs::read(self.out.join(&file.path)) {
                Ok(bytes) if bytes == file.bytes => {}
                Ok(_) => self
                    .differences
                    .push(Difference::Different(file.path.clone())),
                Err(_) => self
                    .differences
                    .push(Difference::Missing(file.path.clone())),
            }
        }
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
                if !expected.contains(relative) {
                    self.differences
                        .push(Difference::Extra(relative.to_path_buf()));
                }
            }
        }
        self.differences.sort_by(|a, b| path_of(a).cmp(path_of(b)));
        Ok(())
    }
}

fn path_of(difference: &Difference) -> &Path {
    match difference {
        Difference::Missing(path) | Difference::Extra(path) | Difference::Different(path) => path,
    }
}

/// Writes a folder: into a temporary sibling first, then swapped in whole.
#[derive(Debug)]
pub struct DirOutput {
    out: PathBuf,
}

impl DirOutput {
    /// Output to the folder `out`.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        DirOutput { out: out.into() }
    }

    /// A sibling of the output folder named after it.
    fn sibling(&self, suffix: &str) -> PathBuf {
        let name = self.out.file_name().map_or_else(
            || "public".into(),
            |name| name.to_string_lossy().into_owned(),
        );
        let parent = self.out.parent().unwrap_or(Path::new("."));
        parent.join(format!(".{name}.{suffix}-{}", std::process::id()))
    }

    /// Refuse to replace a folder that briefing did not write: it must be empty or hold an
    /// `index.html`.
    fn check_replaceable(&self) -> Result<()> {
        let unsafe_output = |reason| Error::UnsafeOutput {
            path: self.out.clone(),
            reason,
        };
        if !self.out.exists() {
            return Ok(());
        }
        if !self.out.is_dir() {
            return Err(unsafe_output("it is not a folder"));
        }
        let mut entries = fs::read_dir(&self.out).map_err(|source| Error::ReadDir {
            path: self.out.clone(),
            source,
        })?;
        let empty = entries.next().is_none();
        if empty || self.out.join("index.html").is_file() {
            Ok(())
        } else {
            Err(unsafe_output(
                "it is not empty and holds no index.html, so it is not a site briefing built",
            ))
        }
    }
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl Output for DirOutput {
    fn emit(&mut self, files: Vec<OutputFile>) -> Result<()> {
        for file in &files {
            ensure_inside(&file.path)?;
        }
        self.check_replaceable()?;
        if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        let temp = self.sibling("tmp");
        if temp.exists() {
            fs::remove_dir_all(&temp).map_err(write_error(&temp))?;
        }
        fs::create_dir(&temp).map_err(write_error(&temp))?;
        let written = files.par_iter().try_for_each(|file| {
            let path = temp.join(&file.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(write_error(parent))?;
            }
            fs::write(&path, &file.bytes).map_err(write_error(&path))
        });
        if let Err(error) = written {
            let _ = fs::remove_dir_all(&temp);
            return Err(error);
        }
        let old = self.sibling("old");
        let had_output = self.out.exists();
        if had_output {
            fs::rename(&self.out, &old).map_err(write_error(&self.out))?;
        }
        if let Err(source) = fs::rename(&temp, &self.out) {
            if had_output {
                let _ = fs::rename(&old, &self.out);
            }
            let _ = fs::remove_dir_all(&temp);
            return Err(Error::Write {
                path: self.out.clone(),
                source,
            });
        }
        if had_output {
            fs::remove_dir_all(&old).map_err(write_error(&old))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
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
        DirOutput::new(&out)
            .emit(vec![file("index.html", "1"), file("old/index.html", "x")])
            .unwrap();
        DirOutput::new(&out)
            .emit(vec![file("index.html", "2")])
            .unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn a_refused_write_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        DirOutput::new(&out)
            .emit(vec![file("index.html", "1")])
            .unwrap();
        let error = DirOutput::new(&out)
            .emit(vec![file("../escape.html", "x")])
            .unwrap_err();
        assert!(matches!(error, Error::OutputPathEscapes { .. }));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "1");
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn compare_lists_missing_extra_and_different_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        DirOutput::new(&out)
            .emit(vec![
                file("index.html", "1"),
                file("same.html", "s"),
                file("old.html", "x"),
            ])
            .unwrap();
        let mut compare = CompareOutput::new(&out);
        compare
            .emit(vec![
                file("index.html", "2"),
                file("same.html", "s"),
                file("a/new.html", "n"),
            ])
            .unwrap();
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
    fn a_folder_briefing_did_not_write_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = DirOutput::new(dir.path())
            .emit(vec![file("index.html", "1")])
            .unwrap_err();
        assert!(matches!(error, Error::UnsafeOutput { .. }));
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
