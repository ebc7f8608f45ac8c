//! The site harness: copy a fixture site to a temporary folder, run the real binary on it,
//! and read back what it wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site of `files` (path under the site, bytes) in a fresh folder.
pub fn site_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Run `briefing` with `args` in `dir`.
pub fn briefing(dir: &Path, args: &[&str]) -> Output {
    briefing_with_env(dir, args, &[])
}

/// The `briefing` binary, keeping what it caches between runs (parses, the inputs of pages)
/// under cargo's `target/tmp` rather than in the user's cache folder.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command.env(
        "XDG_CACHE_HOME",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
    );
    command
}

/// Run `briefing` with `args` in `dir`, with extra environment variables.
pub fn briefing_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .output()
        .expect("the briefing binary runs")
}

/// Copy the folder `from` into `to`, creating it; `order` lists files in the order to create
/// them (reversed order tests that the file system's order does not matter).
pub fn copy_tree(from: &Path, to: &Path, reverse: bool) {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    if reverse {
        files.reverse();
    }
    for file in files {
        let target = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file, &target).unwrap();
    }
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap();
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(name, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// A site built from the fixture or folder `content_root` (holding `content/`) in a fresh
/// temporary folder; returns the folder (kept alive by the caller) and the build's output.
pub fn build_copy(content_root: &Path, extra_args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "templates", "static", "site.toml"] {
        let from = content_root.join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part), false);
        } else if from.is_file() {
            fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    let mut args = vec!["build"];
    args.extend_from_slice(extra_args);
    let output = briefing(dir.path(), &args);
    (dir, output)
}

/// Text of a process's standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
