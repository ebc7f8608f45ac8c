//! The search index: built at build time with elasticlunr-rs, read in the browser by
//! elasticlunr.js. It is written as a script (`search-index.js`) rather than JSON so that it
//! loads from disk (`file://`) too, and the index page loads it only when the reader starts
//! searching, so the page stays light for any number of briefings.
//!
//! The index keeps no copy of the documents; what a result shows (the claim's label, the
//! start of its text, its briefing's title) is stored once, compactly, beside it.

use elasticlunr::IndexBuilder;
use serde::Serialize;

use crate::site::Site;

/// How much of a claim's text a search result shows.
const SNIPPET_CHARS: usize = 160;

/// What a search result shows. The index refers to claims by their position in `docs`, in
/// base 36: the index repeats a reference for every word of a claim, so a short one keeps it
/// small. Each doc is `[href, title number, label, snippet]`.
#[derive(Serialize)]
struct Shown<'a> {
    titles: Vec<String>,
    docs: Vec<(String, usize, &'a str, String)>,
}

/// `n` in base 36, the shortest reference the index can carry.
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `search-index.js`: one document per claim (briefing title, label, text, and the domains
/// it cites), keyed by `slug/index.html#claim-id`.
pub fn search_index_js(site: &Site) -> String {
    let mut index = IndexBuilder::new()
        .save_docs(false)
        .add_fields(&["title", "label", "text", "domains"])
        .build();
    let mut shown = Shown {
        titles: Vec::new(),
        docs: Vec::new(),
    };
    for entry in &site.entries {
        let briefing = &entry.briefing;
        let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
        // Two captures of one query differ by their date: results show it.
        shown.titles.push(match briefing.captured.date {
            Some(date) => format!("{title} · {}", date.long()),
            None => title.to_owned(),
        });
        let title_number = shown.titles.len() - 1;
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
            // `wikipedia` finds what `en.wikipedia.org` does: the site's name is indexed too.
            let names: Vec<&str> = domains
                .iter()
                .flat_map(|domain| site_names(domain))
                .collect();
            domains.extend(names);
            let href = format!("{}/index.html#claim-{}", briefing.slug, claim.id);
            let label = claim.label.as_deref().unwrap_or("");
            let reference = base36(shown.docs.len());
            index.add_doc(
                &reference,
                [title, label, claim.text.as_str(), &domains.join(" ")],
            );
            let snippet: String = claim.text.chars().take(SNIPPET_CHARS).collect();
            let snippet = if snippet.len() < claim.text.len() {
                format!("{snippet}…")
            } else {
                snippet
            };
            shown.docs.push((href, title_number, label, snippet));
        }
    }
    let index = index.to_json().replace('<', "\\u003c");
    let shown = serde_json::to_string(&shown)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c");
    format!("window.briefingSearchIndex = {index};\nwindow.briefingSearchShown = {shown};\n")
}

/// The names in a domain a reader might search for: every label but the top-level one and
/// `www` (`en.wikipedia.org` → `en`, `wikipedia`).
fn site_names(domain: &str) -> impl Iterator<Item = &str> {
    let labels: Vec<&str> = domain.split('.').collect();
    let last = labels.len().saturating_sub(1);
    labels
        .into_iter()
        .take(last)
        .filter(|label| *label != "www" && !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::{base36, site_names};

    #[test]
    fn a_domain_is_found_by_its_site_name() {
        let names: Vec<&str> = site_names("en.wikipedia.org").collect();
        assert_eq!(names, ["en", "wikipedia"]);
        assert_eq!(
            site_names("www.bbc.co.uk").collect::<Vec<_>>(),
            ["bbc", "co"]
        );
    }

    #[test]
    fn references_are_short() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(110_000), "2cvk");
    }
}
