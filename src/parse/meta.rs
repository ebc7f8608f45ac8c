//! Sidecar files: `NAME.toml` beside a snapshot sets what the paste does not say (title,
//! date, tags, author, series) and corrects truncated source addresses.
//!
//! ```toml
//! title = "Russia and Azerbaijan"
//! date = "2025-11-04"
//! tags = ["caucasus", "russia"]
//! author = "Michael Novakhov"
//! series = "russia-azerbaijan"
//!
//! [sources]
//! 3 = "https://www.britannica.com/place/Azerbaijan"
//! ```
//!
//! Applying a sidecar is a `Briefing → Briefing` pass; its diagnostics point into the
//! sidecar's own text.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::cite::{domain_of, is_linkable, scan_date};
use crate::diagnostic::Diagnostic;
use crate::ids::slugify;
use crate::model::Briefing;

/// What a sidecar may set. Unknown keys are errors, so a typo is not silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    title: Option<String>,
    date: Option<Spanned<String>>,
    tags: Option<Vec<String>>,
    author: Option<String>,
    series: Option<String>,
    #[serde(default)]
    sources: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Apply the sidecar `text` to `briefing`. Returns diagnostics located in the sidecar.
pub fn apply_sidecar(briefing: &mut Briefing, text: &str) -> Vec<Diagnostic> {
    let sidecar: Sidecar = match toml::from_str(text) {
        Ok(sidecar) => sidecar,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_owned();
            return vec![
                Diagnostic::error(span, format!("sidecar is not valid: {message}"))
                    .with_help("keys are title, date, tags, author, series and [sources]"),
            ];
        }
    };
    let mut diagnostics = Vec::new();
    if let Some(title) = sidecar.title {
        briefing.title = Some(title);
    }
    if let Some(author) = sidecar.author {
        briefing.captured.author = Some(author);
    }
    if let Some(date) = sidecar.date {
        match scan_date(date.get_ref()) {
            Some((consumed, parsed)) if consumed == date.get_ref().trim_end().len() => {
                briefing.captured.date = Some(parsed.iso());
            }
            _ => diagnostics.push(
                Diagnostic::error(date.span(), format!("`{}` is not a date", date.get_ref()))
                    .with_help("write it as YYYY-MM-DD"),
            ),
        }
    }
    if let Some(tags) = sidecar.tags {
        let mut tags: Vec<String> = tags
            .iter()
            .map(|tag| slugify(tag))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        briefing.tags = tags;
    }
    if let Some(series) = sidecar.series {
        briefing.series = Some(series);
    }
    for (number, url) in sidecar.sources {
        let source = number.get_ref().parse::<u32>().ok().and_then(|n| {
            briefing
                .sources
                .iter_mut()
                .find(|source| source.number == n)
        });
        let Some(source) = source else {
            diagnostics.push(
                Diagnostic::error(
                    number.span(),
                    format!(
                        "[sources] names source [{}], which the snapshot does not have",
                        number.get_ref()
                    ),
                )
                .with_help("use the number the source has in the snapshot's list"),
            );
            continue;
        };
        if !is_linkable(url.get_ref()) {
            diagnostics.push(
                Diagnostic::error(
                    url.span(),
                    "only http and https addresses can correct a source",
                )
                .with_help("write the full address, starting with https://"),
            );
            continue;
        }
        source.url = url.get_ref().trim().to_owned();
        source.domain = domain_of(&source.url);
        source.truncated = false;
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn briefing_with_source() -> Briefing {
        let mut briefing = Briefing::new();
        briefing.sources.push(Source {
            number: 3,
            url: "britannica.com/place/Azerbai".into(),
            truncated: true,
            domain: "britannica.com".into(),
            title: None,
        });
        briefing
    }

    #[test]
    fn corrections_replace_truncated_addresses() {
        let mut briefing = briefing_with_source();
        let text = "title = \"T\"\ndate = \"Nov 4, 2025\"\ntags = [\"Caucasus\", \"russia\", \"caucasus\"]\n[sources]\n3 = \"https://www.britannica.com/place/Azerbaijan\"\n";
        assert_eq!(apply_sidecar(&mut briefing, text), vec![]);
        assert_eq!(briefing.title.as_deref(), Some("T"));
        assert_eq!(briefing.captured.date.as_deref(), Some("2025-11-04"));
        assert_eq!(briefing.tags, ["caucasus", "russia"]);
        let source = &briefing.sources[0];
        assert_eq!(source.url, "https://www.britannica.com/place/Azerbaijan");
        assert!(!source.truncated);
    }

    #[test]
    fn unknown_source_numbers_and_bad_toml_are_errors_with_spans() {
        let mut briefing = briefing_with_source();
        let text = "[sources]\n12 = \"https://example.com\"\n";
        let diagnostics = apply_sidecar(&mut briefing, text);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].is_error());
        assert_eq!(&text[diagnostics[0].span.clone()], "12");

        let diagnostics = apply_sidecar(&mut briefing, "title = \n");
        assert!(diagnostics[0].message.starts_with("sidecar is not valid"));
        let diagnostics = apply_sidecar(&mut briefing, "[sources]\n3 = \"javascript:alert(1)\"\n");
        assert!(diagnostics[0].is_error());
        assert!(briefing.sources[0].truncated);
    }
}
