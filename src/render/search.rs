//! The search index: built at build time with elasticlunr-rs, read in the browser by
//! elasticlunr.js. It is written as a script (`search-index.js`) rather than JSON so that it
//! loads from disk (`file://`) too, and the index page loads it only when the reader starts
//! searching, so the page stays light for any number of briefings.

use elasticlunr::IndexBuilder;

use crate::site::Site;

/// `search-index.js`: one document per claim (briefing title, label, text, and the domains
/// it cites), keyed by `slug/index.html#claim-id`.
pub fn search_index_js(site: &Site) -> String {
    let mut index = IndexBuilder::new()
        .save_docs(true)
        .add_fields(&["title", "label", "text", "domains"])
        .build();
    for entry in &site.entries {
        let briefing = &entry.briefing;
        let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
        for claim in briefing.claims() {
            let mut domains: Vec<&str> = claim
                .citations
                .iter()
                .filter_map(|number| briefing.source(*number))
                .map(|source| source.domain.as_str())
                .filter(|domain| !domain.is_empty())
                .collect();
            domains.sort_unstable();
            domains.dedup();
            let reference = format!("{}/index.html#claim-{}", briefing.slug, claim.id);
            let label = claim.label.as_deref().unwrap_or("");
            index.add_doc(
                &reference,
                [title, label, claim.text.as_str(), &domains.join(" ")],
            );
        }
    }
    let json = index.to_json().replace('<', "\\u003c");
    format!("window.briefingSearchIndex = {json};\n")
}
