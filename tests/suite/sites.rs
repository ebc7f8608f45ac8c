//! Whole sites, built by the real binary and compared file by file with `expected/`.
//!
//! Each `tests/fixtures/sites/<name>/` holds a site (`content/`, maybe `site.toml`,
//! `templates/`, `static/`) and `expected/`, every file the build must write. Set
//! `BRIEFING_BLESS=1` to rewrite `expected/` from the current build after a deliberate change;
//! the diff of `expected/` is then what a reviewer reads. Built-in assets (the stylesheet) are
//! left out of `expected/`: they must equal the embedded files.

use std::fs;

use crate::harness::{build_copy, read_tree, repo, stderr};

#[test]
fn every_fixture_site_builds_exactly_its_expected_files() {
    let sites = repo().join("tests/fixtures/sites");
    let mut names: Vec<_> = fs::read_dir(&sites)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixture sites");
    let bless = std::env::var_os("BRIEFING_BLESS").is_some();
    let mut failures = Vec::new();
    for site in names {
        let (dir, output) = build_copy(&site, &[]);
        assert!(
            output.status.success(),
            "{}: {}",
            site.display(),
            stderr(&output)
        );
        let mut built = read_tree(&dir.path().join("public"));
        // Built-in assets are checked against the embedded bytes rather than copied into
        // every `expected/`; a site's own `static/` files are compared like pages.
        for (name, bytes) in briefing::render::BUILTIN_ASSETS {
            if built
                .get(*name)
                .is_some_and(|built| built.as_slice() == *bytes)
            {
                built.remove(*name);
            }
        }
        let expected_dir = site.join("expected");
        if bless {
            let _ = fs::remove_dir_all(&expected_dir);
            for (name, bytes) in &built {
                let path = expected_dir.join(name);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
            continue;
        }
        let expected = read_tree(&expected_dir);
        for name in expected.keys().chain(built.keys()) {
            match (expected.get(name), built.get(name)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(_), Some(b)) => failures.push(format!(
                    "{}: {name} differs; built:\n{}",
                    site.display(),
                    String::from_utf8_lossy(b)
                )),
                (Some(_), None) => {
                    failures.push(format!("{}: {name} was not built", site.display()))
                }
                (None, Some(_)) => {
                    failures.push(format!("{}: {name} is not expected", site.display()))
                }
                (None, None) => unreachable!(),
            }
        }
    }
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{}\n(after a deliberate change, rebuild with BRIEFING_BLESS=1 and review the diff)",
        failures.join("\n")
    );
}
