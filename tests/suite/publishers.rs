//! Who the sources are: a site's `sources.toml` names publishers by domain, and the pages show
//! them: in source lists and citation previews, on source pages, grouped on the sources index,
//! and as each briefing's source mix.

use std::fs;

use crate::harness::{briefing, site_with, stderr};

const PASTE: &str = "bridges – Perplexity\nOpening: The bridge opened in 2024. [1]\nTrains: It carries trains. [1, 2]\nCost: It cost a lot.\n[1] https://www.city.example/bridge\n[2] https://rail.example/news\n";

const PUBLISHERS: &str = "\"city.example\" = { name = \"City of Example\", kind = \"government\" }\n\"rail.example\" = { name = \"Rail <Weekly>\", kind = \"news\" }\n";

#[test]
fn publishers_are_named_on_every_page_that_shows_their_sites() {
    let dir = site_with(&[
        ("content/bridges.txt", PASTE.as_bytes()),
        ("sources.toml", PUBLISHERS.as_bytes()),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let public = dir.path().join("public");
    let page = fs::read_to_string(public.join("bridges/index.html")).unwrap();
    assert!(page.contains("<span class=\"publisher\">City of Example <span class=\"badge kind-badge\">government</span></span>"), "{page}");
    assert!(page.contains("Rail &lt;Weekly&gt;"), "escaped");
    assert!(
        page.contains(">City of Example · https://www.city.example/bridge</span>"),
        "the preview names the publisher"
    );
    assert!(page.contains("<title id=\"source-mix-text\">What the claims rest on: of 3 claims, 1 cites news, 2 cite government, and 1 cites no source.</title>"), "{page}");

    let index = fs::read_to_string(public.join("sources/index.html")).unwrap();
    let news = index.find("<h2 id=\"kind-news\">News</h2>").unwrap();
    let government = index
        .find("<h2 id=\"kind-government\">Government</h2>")
        .unwrap();
    assert!(news < government, "kinds in their documented order");
    assert!(index[government..]
        .contains(">city.example</a> <span class=\"publisher-name\">City of Example</span>"));
    let site_page = fs::read_to_string(public.join("sources/city.example/index.html")).unwrap();
    assert!(
        site_page.contains("<p class=\"publisher-line\">City of Example"),
        "{site_page}"
    );
}

#[test]
fn without_sources_toml_pages_show_no_publishers_and_no_mix() {
    let dir = site_with(&[("content/bridges.txt", PASTE.as_bytes())]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let page = fs::read_to_string(dir.path().join("public/bridges/index.html")).unwrap();
    assert!(!page.contains("source-mix"));
    assert!(!page.contains("class=\"publisher\""));
    let index = fs::read_to_string(dir.path().join("public/sources/index.html")).unwrap();
    assert!(!index.contains("id=\"kind-"));
}

#[test]
fn an_unknown_kind_stops_the_build_listing_the_kinds() {
    let dir = site_with(&[
        ("content/bridges.txt", PASTE.as_bytes()),
        ("sources.toml", b"\"a.example\" = { name = \"A\", kind = \"news\" }\n\"b.example\" = { name = \"B\", kind = \"charity\" }\n"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("sources.toml is not valid"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("the kinds are: news, government, academic, reference, think tank, company, video, social, blog"), "{err}");
}
