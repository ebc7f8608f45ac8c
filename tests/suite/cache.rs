//! What builds keep in the user's cache folder: the files of the output folders and sites that
//! exist, and nothing of those that are gone, so that builds into previews, CI checkouts and
//! other temporary folders do not fill the disk.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{briefing_with_env, site_with, stderr};

const SNAPSHOT: &[u8] = b"---
title: \"Why leaves change colour\"
date: 2026-10-01
---

- Chlorophyll breaks down in autumn.[^1]

[^1]: [Forest Service](https://www.fs.usda.gov/visit/fall-colors/science-of-fall-colors)
";

/// Build `root` into `root/out` with `cache_home` as `XDG_CACHE_HOME`.
fn build(root: &Path, out: &str, cache_home: &Path) {
    let env = [("XDG_CACHE_HOME", cache_home.to_str().unwrap())];
    let output = briefing_with_env(root, &["build", "--quiet", "--out", out], &env);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The folders the cache folder records files for.
fn recorded_folders(cache: &Path) -> BTreeSet<PathBuf> {
    fs::read_dir(cache)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_symlink())
        .map(|link| fs::read_link(link).unwrap())
        .collect()
}

#[test]
fn a_build_removes_from_the_cache_what_belongs_to_folders_that_are_gone() {
    let cache_home = tempfile::tempdir().unwrap();
    let cache = cache_home.path().join("briefing");
    let site = site_with(&[("content/leaves.md", SNAPSHOT)]);
    let other_site = site_with(&[("content/leaves.md", SNAPSHOT)]);
    let root = fs::canonicalize(site.path()).unwrap();
    let other_root = fs::canonicalize(other_site.path()).unwrap();
    // Twice each, so that each output replaced is kept for the build after next as well.
    for _ in 0..2 {
        build(&root, "public", cache_home.path());
        build(&root, "preview", cache_home.path());
        build(&other_root, "public", cache_home.path());
    }
    let folders = |paths: &[&Path]| paths.iter().map(|path| path.to_path_buf()).collect();
    assert_eq!(
        recorded_folders(&cache),
        folders(&[
            &root,
            &root.join("public"),
            &root.join("preview"),
            &other_root,
            &other_root.join("public"),
        ])
    );
    let files_before = fs::read_dir(&cache).unwrap().count();

    fs::remove_dir_all(root.join("preview")).unwrap();
    drop(other_site);
    build(&root, "public", cache_home.path());

    assert_eq!(
        recorded_folders(&cache),
        folders(&[&root, &root.join("public")])
    );
    let names: Vec<String> = fs::read_dir(&cache)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() * 5 <= files_before * 2, "{names:?}");
    // What is left still gives the next build its head start: the site's parses and its
    // output's inputs and the output before the last.
    for kind in ["parsed-", "previous-", "search-"] {
        assert!(
            names.iter().any(|name| name.starts_with(kind)),
            "{kind}: {names:?}"
        );
    }
}
