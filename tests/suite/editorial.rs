//! Editorial review of claims, as a user writes it in a sidecar: the page's badge and note,
//! the index's counts, the page of disputed claims, `check` on a review whose claim was
//! reworded, and `diff` on a changed review.

use std::fs;

use crate::harness::{briefing, site_with, stderr};

const PASTE: &str = "bridges – Perplexity\nOpening: The bridge opened in 2024. [1]\nTrains: It carries trains. [2]\n[1] https://a.example/bridge\n[2] https://b.example/rail\n";

const REVIEWED: &str = "[review.opening]\nstatus = \"disputed\"\nnote = \"The city says 2025 <b>.\"\nby = \"Desk B\"\ndate = 2025-11-06\n\n[review.trains]\nstatus = \"verified\"\n";

#[test]
fn a_review_shows_beside_its_claim_and_is_counted_and_listed() {
    let dir = site_with(&[
        ("content/bridges.txt", PASTE.as_bytes()),
        ("content/bridges.toml", REVIEWED.as_bytes()),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let public = dir.path().join("public");
    let page = fs::read_to_string(public.join("bridges/index.html")).unwrap();
    let opening = page
        .split("id=\"claim-opening\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap();
    assert!(
        opening.contains("class=\"review review-disputed\""),
        "{opening}"
    );
    assert!(
        opening.contains("The city says 2025 &lt;b&gt;."),
        "escaped: {opening}"
    );
    assert!(opening.contains("— Desk B, <time datetime=\"2025-11-06\">6 November 2025</time>"));
    assert!(page.contains("\"@type\":\"ClaimReview\""));

    let index = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains("1 verified</span> <span class=\"review-count review-disputed\">1 disputed</span> <span class=\"review-count\">0 unreviewed"), "{index}");
    assert!(index.contains("<a href=\"disputed/index.html\">1 claim disputed by an editor"));
    let disputed = fs::read_to_string(public.join("disputed/index.html")).unwrap();
    assert!(
        disputed.contains("href=\"../bridges/index.html#claim-opening\""),
        "{disputed}"
    );
    assert!(!disputed.contains("It carries trains"));

    // The claim model carries the review.
    let model: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(public.join("bridges/briefing.json")).unwrap())
            .unwrap();
    let claims = model["summary"].as_array().unwrap();
    assert_eq!(claims[0]["id"], "opening");
    assert_eq!(claims[0]["review"]["status"], "disputed");
    assert_eq!(claims[0]["review"]["note"], "The city says 2025 <b>.");
}

#[test]
fn a_site_without_disputed_claims_has_no_disputed_page() {
    let dir = site_with(&[("content/bridges.txt", PASTE.as_bytes())]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    assert!(!dir.path().join("public/disputed").exists());
    let index = fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(!index.contains("disputed"));
}

#[test]
fn a_review_whose_claim_was_reworded_is_a_warning_naming_the_close_ids() {
    let reworded = PASTE.replace("Opening:", "Openings:");
    let dir = site_with(&[
        ("content/bridges.txt", reworded.as_bytes()),
        ("content/bridges.toml", REVIEWED.as_bytes()),
    ]);
    let output = briefing(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("content/bridges.toml:1:9: warning: the review of `opening` names no claim of this briefing"),
        "{err}"
    );
    assert!(err.contains("the closest ids are `openings`"), "{err}");
}

#[test]
fn diff_reports_a_changed_review() {
    let old = site_with(&[("content/bridges.txt", PASTE.as_bytes())]);
    let new = site_with(&[
        ("content/bridges.txt", PASTE.as_bytes()),
        ("content/bridges.toml", REVIEWED.as_bytes()),
    ]);
    let output = briefing(
        old.path(),
        &[
            "diff",
            ".",
            new.path().to_str().unwrap(),
            "--format",
            "markdown",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("reviews: 2 changed"), "{said}");
    assert!(
        said.contains("**review** `opening` unreviewed → disputed: The city says 2025"),
        "{said}"
    );
}
