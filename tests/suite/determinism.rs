//! The same content gives the same bytes: from another folder, with files created in another
//! order, with any number of threads, other file times, time zone and locale (SPEC 6).

use std::fs;

use crate::harness::{briefing, briefing_with_env, copy_tree, read_tree, repo, stderr};

#[test]
fn the_shipped_site_builds_byte_for_byte_the_same_anywhere() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::Builder::new()
        .prefix("another-checkout")
        .tempdir()
        .unwrap();
    let second_root = second.path().join("nested/site");
    copy_tree(
        &repo().join("content"),
        &first.path().join("content"),
        false,
    );
    copy_tree(&repo().join("content"), &second_root.join("content"), true);

    let one = briefing(first.path(), &["build", "--jobs", "1"]);
    assert!(one.status.success(), "{}", stderr(&one));
    let root_arg = second_root.to_string_lossy().into_owned();
    let two = briefing_with_env(
        second.path(),
        &["build", "--root", &root_arg, "--jobs", "2"],
        &[
            ("TZ", "Pacific/Chatham"),
            ("LC_ALL", "tr_TR.UTF-8"),
            ("LANG", "de_DE.UTF-8"),
        ],
    );
    assert!(two.status.success(), "{}", stderr(&two));

    let a = read_tree(&first.path().join("public"));
    let b = read_tree(&second_root.join("public"));
    assert!(a.len() > 4, "the shipped site has several briefings");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between the two builds");
    }
    // Nothing in the output names the folder it was built in.
    for (name, bytes) in &b {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("another-checkout"),
            "{name} contains the build path"
        );
    }
}

#[test]
fn a_rebuild_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"), false);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let before = read_tree(&dir.path().join("public"));
    // Touch every snapshot: file times must not reach the output.
    for entry in walkdir::WalkDir::new(dir.path().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read(entry.path()).unwrap();
            fs::write(entry.path(), text).unwrap();
        }
    }
    assert!(briefing(dir.path(), &["build"]).status.success());
    assert_eq!(before, read_tree(&dir.path().join("public")));
}

#[test]
fn the_thread_count_never_changes_the_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"), false);
    let mut builds = Vec::new();
    for jobs in ["1", "2", "8"] {
        let output = briefing(dir.path(), &["build", "--jobs", jobs]);
        assert!(output.status.success(), "{}", stderr(&output));
        builds.push(read_tree(&dir.path().join("public")));
    }
    assert_eq!(builds[0], builds[1]);
    assert_eq!(builds[0], builds[2]);
}
