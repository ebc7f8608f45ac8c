//! Made for pull-request review (issue 5): bounded churn in the built HTML, `build --check`,
//! `briefing diff`, and capture history.

use std::fs;
use std::path::Path;

use similar::{ChangeTag, TextDiff};

use crate::harness::{briefing, copy_tree, read_tree, repo, stderr};

const SEED: &str = "content/russia-and-azerbaijan.txt";

/// A site holding only the seed, built once.
fn seed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::copy(repo().join(SEED), dir.path().join(SEED)).unwrap();
    build_ok(dir.path());
    dir
}

fn build_ok(root: &Path) {
    let output = briefing(root, &["build", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn seed_page(root: &Path) -> String {
    fs::read_to_string(root.join("public/russia-and-azerbaijan/index.html")).unwrap()
}

/// Rewrite the seed with `edit`, rebuild, and count the page's (removed, added) lines.
fn churn(edit: impl Fn(&str) -> String) -> (usize, usize, String) {
    let dir = seed_site();
    let before = seed_page(dir.path());
    let seed = dir.path().join(SEED);
    let edited = edit(&fs::read_to_string(&seed).unwrap());
    fs::write(&seed, edited).unwrap();
    build_ok(dir.path());
    let after = seed_page(dir.path());
    let diff = TextDiff::from_lines(&before, &after);
    let mut removed = 0;
    let mut added = 0;
    let mut shown = String::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed += 1,
            ChangeTag::Insert => added += 1,
            ChangeTag::Equal => continue,
        }
        shown.push_str(&format!(
            "{}{}",
            if change.tag() == ChangeTag::Delete {
                "-"
            } else {
                "+"
            },
            change
        ));
    }
    (removed, added, shown)
}

#[test]
fn editing_one_claims_text_changes_at_most_six_lines() {
    let (removed, added, shown) = churn(|text| {
        text.replace(
            "which killed 38 people",
            "which killed 38 of the 67 people on board",
        )
    });
    println!("churn: editing one claim's text: {removed} removed + {added} added lines");
    assert!(
        removed + added <= 6,
        "{removed} removed + {added} added:\n{shown}"
    );
    assert!(removed + added > 0, "the edit must show");
}

#[test]
fn inserting_a_claim_citing_two_sources_changes_at_most_fourteen_lines() {
    let (removed, added, shown) = churn(|text| {
        text.replace(
            "\nCyberattacks:",
            "\nEnergy transit: Azerbaijan has kept buying Russian gas for its domestic market while exporting its own. [4, 9]\nCyberattacks:",
        )
    });
    println!(
        "churn: inserting one claim citing two sources: {removed} removed + {added} added lines"
    );
    assert!(
        removed + added <= 14,
        "{removed} removed + {added} added:\n{shown}"
    );
    assert!(removed <= 6, "{removed} removed:\n{shown}");
    assert!(
        added >= 5,
        "the claim and its backlinks must show:\n{shown}"
    );
}

#[test]
fn deleting_a_source_changes_only_its_lines_and_the_citations_to_it() {
    let (removed, added, shown) = churn(|text| {
        text.replace("[1, 6, 7, 8]", "[1, 6, 7]")
            .replace("[8] atlanticcouncil.org/blogs/ne…\n", "")
    });
    // Besides the source's own lines and the citation of it, only the page's count of
    // sources changes (`11 sources` → `10 sources`).
    let counts = |line: &str| line.contains("class=\"counts\"");
    for line in shown.lines() {
        let own = line.contains("source-8")
            || line.contains("atlanticcouncil")
            || line.contains("#claim-diaspora-crackdown")
            || ["</li>", "</span>", "<span class=\"backlinks\">cited by"]
                .contains(&line[1..].trim());
        assert!(
            own || counts(line),
            "a line unrelated to source 8 changed: {line}\n{shown}"
        );
    }
    println!("churn: deleting one source: {removed} removed + {added} added lines");
    assert_eq!(added, 1, "only the count is rewritten:\n{shown}");
    // Its JSON-LD line, its list item (7 lines), the citation of it, and the count.
    assert!(removed <= 10, "{removed} removed:\n{shown}");
}

/// The text of a line of markup, without its tags.
fn text_of(line: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn markup_is_indented_and_line_oriented() {
    let dir = seed_site();
    let page = seed_page(dir.path());
    for line in page.lines() {
        // One claim or source per line group: never two on a line.
        let anchors = line.matches("id=\"claim-").count() + line.matches("id=\"source-").count();
        assert!(anchors <= 1, "two anchors on one line: {line}");
        // No line carries more markup than one element with a citation preview needs.
        let markup = line.trim().len() - text_of(line.trim()).len();
        assert!(
            markup <= 260,
            "{markup} bytes of markup on one line: {line}"
        );
    }
    let indented = page.lines().filter(|line| line.starts_with("  ")).count();
    assert!(
        indented * 10 > page.lines().count() * 8,
        "markup is indented"
    );
}

#[test]
fn build_check_passes_when_up_to_date_and_names_every_difference() {
    let dir = seed_site();
    let output = briefing(dir.path(), &["build", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let public = dir.path().join("public");
    fs::write(public.join("index.html"), "stale").unwrap();
    fs::remove_file(public.join("russia-and-azerbaijan/briefing.json")).unwrap();
    fs::write(public.join("leftover.html"), "old").unwrap();
    let before = read_tree(&public);
    let output = briefing(dir.path(), &["build", "--check", "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for expected in [
        "index.html: differs from what a build would write",
        "russia-and-azerbaijan/briefing.json: missing",
        "leftover.html: extra",
        "3 files differ",
    ] {
        assert!(err.contains(expected), "{expected} not in:\n{err}");
    }
    assert_eq!(before, read_tree(&public), "--check writes nothing");
}

#[test]
fn diff_reports_claims_and_sources_and_exits_one_when_something_changed() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &old.path().join("content"), false);
    copy_tree(&repo().join("content"), &new.path().join("content"), false);
    let unchanged = briefing(
        old.path(),
        &[
            "diff",
            "content",
            &new.path().join("content").to_string_lossy(),
        ],
    );
    assert_eq!(unchanged.status.code(), Some(0), "{}", stderr(&unchanged));

    let seed = new.path().join(SEED);
    let text = fs::read_to_string(&seed).unwrap();
    let text = text
        .replace("which killed 38 people", "which killed 38 of 67 people")
        .replace("Cyberattacks: Azerbaijan has accused Russia of conducting a major cyberattack against its media institutions in February. [7]\n", "");
    fs::write(&seed, text).unwrap();
    fs::write(
        new.path().join("content/extra.txt"),
        "q\nA new briefing's claim. [1]\n[1] a.org\n",
    )
    .unwrap();

    let new_content = new.path().join("content").to_string_lossy().into_owned();
    let output = briefing(
        old.path(),
        &["diff", "content", &new_content, "--format", "markdown"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(
        markdown.starts_with("**briefing diff:** 2 briefings: 1 added, 1 changed\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<details>\n<summary><b>russia and azerbaijan</b>"),
        "{markdown}"
    );
    assert!(
        markdown.contains("**removed** `cyberattacks`"),
        "{markdown}"
    );
    assert!(markdown.contains("38 **of 67** people"), "{markdown}");

    let output = briefing(
        old.path(),
        &["diff", "content", &new_content, "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["briefings_added"][0]["slug"], "extra");
    assert_eq!(json["briefings_added"][0]["title"], "q");
    assert_eq!(
        json["briefings_changed"][0]["claims_changed"][0]["words"][1]["change"],
        "added"
    );
    let changed = &json["briefings_changed"][0];
    assert_eq!(changed["slug"], "russia-and-azerbaijan");
    assert_eq!(changed["claims_removed"][0]["id"], "cyberattacks");
    assert_eq!(changed["claims_changed"][0]["id"], "plane-incident");
}

#[test]
fn diff_of_two_snapshot_files_compares_them_as_one_briefing() {
    let old = repo().join("content/energy/heat-pumps-in-cold-climates.txt");
    let new = repo().join("content/energy/heat-pumps-in-cold-climates-2025-11.txt");
    let output = briefing(
        &repo(),
        &["diff", &old.to_string_lossy(), &new.to_string_lossy()],
    );
    assert_eq!(output.status.code(), Some(1));
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("+ source [5] https://en.wikipedia.org/wiki/Air_source_heat_pump"),
        "{human}"
    );
    assert!(
        !human.contains("briefing heat-pumps"),
        "files are not added and removed briefings: {human}"
    );
}

#[test]
fn captures_of_one_query_link_to_each_other_and_show_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"), false);
    build_ok(dir.path());
    let later = fs::read_to_string(
        dir.path()
            .join("public/energy/heat-pumps-in-cold-climates-2025-11/index.html"),
    )
    .unwrap();
    assert!(
        later.contains(
            "<a rel=\"prev\" href=\"../../energy/heat-pumps-in-cold-climates/index.html\">"
        ),
        "{later}"
    );
    assert!(later.contains(
        "Since the earlier capture: claims: 1 added, 4 removed, 2 changed; sources: 1 added"
    ));
    let earlier = fs::read_to_string(
        dir.path()
            .join("public/energy/heat-pumps-in-cold-climates/index.html"),
    )
    .unwrap();
    assert!(earlier.contains(
        "<a rel=\"next\" href=\"../../energy/heat-pumps-in-cold-climates-2025-11/index.html\">"
    ));
    assert!(!earlier.contains("Since the earlier capture"));
    // A briefing with no other capture has no history block.
    let seed =
        fs::read_to_string(dir.path().join("public/russia-and-azerbaijan/index.html")).unwrap();
    assert!(!seed.contains("class=\"history\""));
}

/// Issue 10: `diff A/public B/public` compares the built sites' models, and a side it cannot
/// read whole (empty, no content, not UTF-8, two files with one slug) is an error, exit 2.
#[test]
fn diff_of_built_sites_compares_their_models_and_unreadable_sides_are_errors() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &old.path().join("content"), false);
    copy_tree(&repo().join("content"), &new.path().join("content"), false);
    let seed = new.path().join(SEED);
    let text = fs::read_to_string(&seed)
        .unwrap()
        .replace("which killed 38 people", "which killed 38 of 67 people");
    fs::write(&seed, text).unwrap();
    build_ok(old.path());
    build_ok(new.path());
    let (old_public, new_public) = (old.path().join("public"), new.path().join("public"));
    let output = briefing(
        old.path(),
        &[
            "diff",
            &old_public.to_string_lossy(),
            &new_public.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(human.contains("russia-and-azerbaijan"), "{human}");
    let same = briefing(
        old.path(),
        &[
            "diff",
            &old_public.to_string_lossy(),
            &old_public.to_string_lossy(),
        ],
    );
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));

    let empty_a = tempfile::tempdir().unwrap();
    let empty_b = tempfile::tempdir().unwrap();
    let output = briefing(
        old.path(),
        &[
            "diff",
            &empty_a.path().to_string_lossy(),
            &empty_b.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "two empty folders");
    assert!(
        stderr(&output).contains("nothing to compare"),
        "{}",
        stderr(&output)
    );

    let broken = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("content"),
        &broken.path().join("content"),
        false,
    );
    fs::write(
        broken.path().join("content/bad.txt"),
        b"q\n\xff\xfe claim\n",
    )
    .unwrap();
    let output = briefing(
        old.path(),
        &[
            "diff",
            &old.path().to_string_lossy(),
            &broken.path().to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "invalid UTF-8");
    assert!(
        stderr(&output).contains("not valid UTF-8"),
        "{}",
        stderr(&output)
    );

    let twins = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("content"),
        &twins.path().join("content"),
        false,
    );
    fs::write(
        twins.path().join("content/Twin.txt"),
        "q\nA claim. [1]\n[1] a.org\n",
    )
    .unwrap();
    fs::write(
        twins.path().join("content/twin.md"),
        "A claim.[^1]\n\n[^1]: a.org\n",
    )
    .unwrap();
    let output = briefing(
        old.path(),
        &[
            "diff",
            &old.path().to_string_lossy(),
            &twins.path().to_string_lossy(),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "one slug twice: {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("slug `twin`"),
        "{}",
        stderr(&output)
    );
}
