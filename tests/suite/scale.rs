//! A site of a few hundred briefings, as the real binary builds it: long lists come in pages
//! with stable boundaries, the feed keeps to the newest, and a rebuild after a one-claim edit
//! rewrites only the files whose bytes changed (issue 11).

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::harness::{briefing, stderr};

/// `count` dated briefings, all tagged `rivers`, each citing `river<N % 3>.example.org`.
fn write_site(root: &Path, count: usize) {
    for n in 0..count {
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        let year = 2020 + n / 336;
        let folder = root.join(format!("content/{:02}", n % 10));
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(format!("b{n:04}.md")),
            format!(
                "---\ntitle: \"Briefing {n}\"\ndate: {year}-{month:02}-{day:02}\ntags: [rivers]\n---\n\n\
                 Rivers number {n} rise in spring.[^1]\n\n[^1]: https://river{}.example.org/{n}\n",
                n % 3
            ),
        )
        .unwrap();
    }
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join("public").join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn build(root: &Path) {
    let output = briefing(root, &["build", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Build `root` into `out` with the cache folder `cache`, and read the files of its `folder`:
/// a build into a new `out` with a new cache has nothing kept from an earlier one.
fn build_folder(
    root: &Path,
    out: &str,
    cache: &Path,
    folder: &str,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let env = [("XDG_CACHE_HOME", cache.to_str().unwrap())];
    let output = crate::harness::briefing_with_env(root, &["build", "--quiet", "--out", out], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    crate::harness::read_tree(&root.join(out).join(folder))
}

#[test]
fn long_lists_come_in_pages_counted_from_the_oldest() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), 250);
    build(dir.path());
    // 250 briefings, 100 to a block: page 1 has the oldest 100, the first page the newest 150.
    let first = read(dir.path(), "index.html");
    let oldest = read(dir.path(), "page/1/index.html");
    assert_eq!(first.matches("class=\"entry\"").count(), 150);
    assert_eq!(oldest.matches("class=\"entry\"").count(), 100);
    assert!(
        first.contains("href=\"page/1/index.html\""),
        "the first page links to older ones"
    );
    assert!(
        oldest.contains("href=\"../../index.html\""),
        "an older page links back"
    );
    assert!(
        oldest.contains("Briefing 0<"),
        "page 1 holds the oldest briefing"
    );
    assert!(!first.contains("Briefing 0<"));
    // Tag pages and a site's pages of citing claims are cut the same way.
    assert!(read(dir.path(), "tags/rivers/page/1/index.html").contains("Briefing 0<"));
    let site = read(dir.path(), "sources/river0.example.org/index.html");
    assert!(
        site.contains("84 claims in 84 briefings"),
        "counts cover every page"
    );
    // Every page of the site stays small, and the feed lists the newest 50.
    for entry in walkdir::WalkDir::new(dir.path().join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let size = entry.metadata().unwrap().len();
            assert!(size < 200_000, "{}: {size} bytes", entry.path().display());
        }
    }
    assert_eq!(read(dir.path(), "atom.xml").matches("<entry>").count(), 50);

    // One more (newest) briefing changes the first page, not the archived ones.
    let before = read(dir.path(), "page/1/index.html");
    write_site(dir.path(), 251);
    build(dir.path());
    assert_eq!(read(dir.path(), "page/1/index.html"), before);
}

#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), 30);
    build(dir.path());
    let public = dir.path().join("public");
    let stamp = |path: &str| {
        let meta = fs::metadata(public.join(path)).unwrap();
        (meta.ino(), meta.mtime_nsec(), meta.mtime())
    };
    let untouched = [
        "07/b0007/index.html",
        "sources/index.html",
        "style.css",
        "tags/index.html",
    ];
    let before: Vec<_> = untouched.iter().map(|path| stamp(path)).collect();
    let edited_before = stamp("03/b0003/index.html");
    let file = dir.path().join("content/03/b0003.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("rise in spring", "rise every spring")).unwrap();
    build(dir.path());
    let after: Vec<_> = untouched.iter().map(|path| stamp(path)).collect();
    assert_eq!(before, after, "unchanged files keep their inode and time");
    assert_ne!(stamp("03/b0003/index.html"), edited_before);
    assert!(read(dir.path(), "03/b0003/index.html").contains("rise every spring"));
    let manifest = read(dir.path(), ".briefing-output");
    assert!(manifest
        .lines()
        .any(|line| line.ends_with(" 03/b0003/index.html")));
}

#[test]
fn many_cited_sites_are_listed_a_letter_a_page() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    // One briefing citing 900 sites: too many for one sources page.
    let mut text = String::from("# Many sites\n\n");
    let mut notes = String::new();
    for n in 0..900 {
        let letter = char::from(b'a' + (n % 26) as u8);
        text.push_str(&format!("Claim {n} holds.[^{n}]\n\n"));
        notes.push_str(&format!("[^{n}]: https://{letter}site{n}.example.org/\n"));
    }
    fs::write(dir.path().join("content/many.md"), text + &notes).unwrap();
    build(dir.path());
    let first = read(dir.path(), "sources/index.html");
    assert!(
        first.contains("The 100 most cited"),
        "the first page lists the most cited"
    );
    assert_eq!(first.matches("<tr><td>").count(), 100);
    assert!(
        first.contains("href=\"../sources/_q/index.html\""),
        "and links every letter"
    );
    let q = read(dir.path(), "sources/_q/index.html");
    assert!(q.contains("Sites starting with q"));
    assert_eq!(
        q.matches("<tr><td>").count(),
        900 / 26 + usize::from(900 % 26 > 16)
    );
    assert!(q.contains("href=\"../../sources/qsite16.example.org/index.html\""));
    assert!(q.contains("aria-current=\"page\""));
}

#[test]
fn pages_kept_from_the_last_build_follow_their_templates_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    write_site(dir.path(), 5);
    let build = |args: &[&str]| {
        let output = crate::harness::briefing_with_env(dir.path(), args, &env);
        assert!(output.status.success(), "{}", stderr(&output));
    };
    build(&["build", "--quiet"]);
    // What each page was made from is kept outside the output, which stays the same on
    // every machine.
    let mut kept: Vec<String> = fs::read_dir(cache.path().join("briefing"))
        .unwrap()
        .map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // The pages' inputs, the parses and where each is in their file, what the search
            // index was made from, the lock on building the output, and the folders they
            // belong to.
            match name {
                name if name.starts_with("parsed-") && name.ends_with(".index") => {
                    "index of the parses".to_owned()
                }
                name if name.starts_with("parsed-") => "parses".to_owned(),
                name if name.starts_with("search-") => "search index".to_owned(),
                name if name.ends_with(".lock") => "lock".to_owned(),
                // Which folder each of the rest belongs to: the output, the site.
                name if name.starts_with("owner-") => "owner".to_owned(),
                _ => "inputs".to_owned(),
            }
        })
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            "index of the parses",
            "inputs",
            "lock",
            "owner",
            "owner",
            "parses",
            "search index"
        ]
    );
    assert!(!read(dir.path(), ".briefing-output").contains("input"));
    // A template of the site's own is used by every page, kept or not.
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/briefing-claim.html"),
        "<p class=\"own\">{{ claim.text }}</p>",
    )
    .unwrap();
    build(&["build", "--quiet"]);
    assert!(read(dir.path(), "03/b0003/index.html").contains("<p class=\"own\">"));
    // So is a changed setting.
    fs::write(dir.path().join("site.toml"), "title = \"Rivers desk\"\n").unwrap();
    build(&["build", "--quiet"]);
    assert!(read(dir.path(), "03/b0003/index.html").contains("Rivers desk"));
    // List pages are kept too when their context has not changed, and follow it when it has.
    for list in ["index.html", "tags/rivers/index.html", "sources/index.html"] {
        assert!(read(dir.path(), list).contains("Rivers desk"), "{list}");
    }
    fs::write(
        dir.path().join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}own list{% endblock content %}",
    )
    .unwrap();
    build(&["build", "--quiet"]);
    assert!(read(dir.path(), "index.html").contains("own list"));
}

#[test]
fn parses_kept_from_the_last_build_make_the_same_site() {
    let site = crate::harness::repo().join("tests/fixtures/sites/seed");
    let dir = tempfile::tempdir().unwrap();
    crate::harness::copy_tree(&site.join("content"), &dir.path().join("content"), false);
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let build = |out: &str| {
        let output = crate::harness::briefing_with_env(
            dir.path(),
            &["build", "--quiet", "--out", out],
            &env,
        );
        assert!(output.status.success(), "{}", stderr(&output));
        crate::harness::read_tree(&dir.path().join(out))
    };
    let parsed_now = build("first");
    let memo = fs::read_dir(cache.path().join("briefing"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().contains("parsed-"))
        .expect("the parses are kept");
    let kept_at = fs::metadata(&memo).unwrap().modified().unwrap();

    // Into another folder, so that no page is kept from the first build: every briefing
    // comes from the memo, which is not written again, and the site is the same.
    assert_eq!(build("second"), parsed_now);
    assert_eq!(fs::metadata(&memo).unwrap().modified().unwrap(), kept_at);

    // An edited snapshot is parsed again.
    let snapshot = fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .unwrap();
    let text = fs::read_to_string(&snapshot).unwrap();
    fs::write(&snapshot, text.replacen("Russia", "Ruritania", 1)).unwrap();
    let edited = build("third");
    assert!(edited
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("Ruritania")));

    // A damaged memo only costs the parses.
    fs::write(&memo, "0123 {\"not\": json\nzz\n").unwrap();
    assert_eq!(build("fourth"), edited);
}

#[test]
fn a_rebuild_makes_the_search_index_a_first_build_makes() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), 60);
    let cache = tempfile::tempdir().unwrap();
    let build = |out: &str, cache: &Path| build_folder(dir.path(), out, cache, "search");
    build("public", cache.path());
    // One briefing reworded, one added, one gone: the search index is patched from what the
    // first build kept, and must be what a build with nothing kept makes.
    let edited = dir.path().join("content/03/b0003.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replace("rise in spring", "overflow levees")).unwrap();
    fs::write(
        dir.path().join("content/05/added.md"),
        "---\ntitle: \"Added\"\ndate: 2021-03-04\n---\n\nDeltas silt up.[^1]\n\n[^1]: https://new.example.org/\n",
    )
    .unwrap();
    fs::remove_file(dir.path().join("content/07/b0017.md")).unwrap();
    let patched = build("public", cache.path());
    let fresh_cache = tempfile::tempdir().unwrap();
    assert_eq!(patched, build("fresh", fresh_cache.path()));
    let words: String = patched
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(words.contains("levees") && words.contains("silt"));
}

#[test]
fn pages_kept_from_the_last_build_follow_each_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    // 150 briefings, 50 citing each of three sites: an edit of claims citing one site leaves
    // the other sites' pages as they were.
    write_site(dir.path(), 150);
    let cache = tempfile::tempdir().unwrap();
    let build = |out: &str, cache: &Path| build_folder(dir.path(), out, cache, "");
    build("public", cache.path());
    let inode = |path: &str| {
        fs::metadata(dir.path().join("public").join(path))
            .unwrap()
            .ino()
    };
    let untouched = inode("sources/river1.example.org/index.html");
    // Each change on its own, so that no other forces a page to be made again, with a page
    // that shows it: a claim citing river0 reworded, another briefing of river0 retitled, a
    // third moved to another day, a briefing citing river2 made to cite river0 instead, and
    // one given another tag.
    let edits = [
        (
            "03/b0003.md",
            "rise in spring",
            "overflow levees",
            "sources/river0.example.org/index.html",
            "overflow levees",
        ),
        (
            "06/b0006.md",
            "Briefing 6\"",
            "Retitled 6\"",
            "sources/river0.example.org/index.html",
            "Retitled 6<",
        ),
        (
            "06/b0006.md",
            "Briefing 6\"",
            "Retitled 6\"",
            "tags/rivers/index.html",
            "Retitled 6<",
        ),
        (
            "09/b0009.md",
            "date: 2020-01-10",
            "date: 2020-03-01",
            "sources/river0.example.org/index.html",
            "1 March 2020",
        ),
        (
            "02/b0002.md",
            "river2.example",
            "river0.example",
            "sources/river0.example.org/index.html",
            "Briefing 2<",
        ),
        (
            "05/b0005.md",
            "tags: [rivers]",
            "tags: [rivers, deltas]",
            "index.html",
            "tags/deltas/index.html",
        ),
    ];
    for (name, from, to, page, shown) in edits {
        let file = dir.path().join("content").join(name);
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replace(from, to)).unwrap();
        let patched = build("public", cache.path());
        let fresh_cache = tempfile::tempdir().unwrap();
        assert!(
            patched == build("fresh", fresh_cache.path()),
            "after {name}"
        );
        let made = patched
            .get(page)
            .unwrap_or_else(|| panic!("{page} is missing"));
        let shows = String::from_utf8_lossy(made).contains(shown);
        assert!(shows, "after {name}, {page} shows {shown}");
    }
    // No claim citing river1 changed: its page is kept.
    assert_eq!(inode("sources/river1.example.org/index.html"), untouched);
}
