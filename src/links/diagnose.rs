//! Warnings from the link book about one briefing: its sources whose addresses are gone, and
//! its claims that rest on nothing else. Pure: the model, its text and the book in,
//! diagnostics out.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{archive_address, LinkBook, Verdict};
use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Claim};

/// The warnings `links.toml` gives rise to for `briefing`, whose text is `text` and whose
/// sources stand at `source_spans` in it.
pub fn link_diagnostics(
    briefing: &Briefing,
    source_spans: &BTreeMap<u32, Range<usize>>,
    text: &str,
    book: &LinkBook,
) -> Vec<Diagnostic> {
    if book.is_empty() {
        return Vec::new();
    }
    let mut diagnostics = Vec::new();
    let mut gone = Vec::new();
    for source in &briefing.sources {
        let Some(address) = super::checked_address(source) else {
            continue;
        };
        let Some(record) = book.get(&address) else {
            continue;
        };
        if record.verdict(&address) != Verdict::Gone {
            continue;
        }
        gone.push(source.number);
        let span = source_spans.get(&source.number).cloned().unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::warning(
                span,
                format!(
                    "source [{}] is gone: {} when checked on {}",
                    source.number,
                    record.outcome(),
                    record.checked
                ),
            )
            .with_help(format!(
                "cite another source, or the archived copy: {}",
                archive_address(&address, record.checked)
            )),
        );
    }
    if gone.is_empty() {
        return diagnostics;
    }
    for claim in briefing.claims() {
        let cited: Vec<u32> = claim
            .citations
            .iter()
            .copied()
            .filter(|number| briefing.source(*number).is_some())
            .collect();
        if cited.is_empty() || !cited.iter().all(|number| gone.contains(number)) {
            continue;
        }
        let span = claim_span(claim, text)
            .or_else(|| source_spans.get(&cited[0]).cloned())
            .unwrap_or(0..0);
        let numbers: Vec<String> = cited.iter().map(|n| format!("[{n}]")).collect();
        diagnostics.push(
            Diagnostic::warning(
                span,
                format!(
                    "claim “{}” rests only on sources that are gone: {}",
                    quoted(&claim.text),
                    numbers.join(" ")
                ),
            )
            .with_help("find a source that still stands, or cite the archived copies"),
        );
    }
    diagnostics
}

/// Where the claim's text starts in the snapshot: its first words, found as written; `None`
/// where markup breaks them up (`**Label:**`, a link), and the claim's first source is used.
fn claim_span(claim: &Claim, text: &str) -> Option<Range<usize>> {
    let start = opening(&claim.text);
    let at = text.find(start)?;
    Some(at..at + start.len())
}

/// The first words of `text`, up to about fifty bytes, cut after a whole word where there
/// is one.
fn opening(text: &str) -> &str {
    const MOST: usize = 50;
    if text.len() <= MOST {
        return text;
    }
    let mut end = MOST;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    if text[end..].starts_with(' ') {
        return cut;
    }
    cut.rfind(' ').map_or(cut, |space| &cut[..space])
}

/// `opening` as a message quotes it, with `…` where the claim goes on.
fn quoted(text: &str) -> String {
    let start = opening(text);
    if start.len() < text.len() {
        format!("{start}…")
    } else {
        start.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::links::{LinkError, LinkRecord};

    fn book(entries: &[(&str, Option<u16>, Option<LinkError>)]) -> LinkBook {
        let mut book = LinkBook::default();
        for (address, status, error) in entries {
            book.insert(
                (*address).to_owned(),
                LinkRecord {
                    status: *status,
                    error: *error,
                    redirects: Vec::new(),
                    checked: Date::new(2026, 11, 20).unwrap(),
                },
            );
        }
        book
    }

    const TEXT: &str = "# Q\n\nThe bridge opened in 2024.[1]\n\nIt carries trains.[1][2]\n\n[1] https://a.example/x\n[2] b.example/y\n";

    fn parsed() -> crate::parse::Parsed {
        crate::parse::parse(TEXT, crate::parse::Dialect::Pasted)
    }

    #[test]
    fn a_gone_source_is_named_at_its_entry_with_its_archived_copy() {
        let parsed = parsed();
        let book = book(&[
            ("https://a.example/x", Some(404), None),
            ("https://b.example/y", Some(200), None),
        ]);
        let found = link_diagnostics(&parsed.briefing, &parsed.source_spans, TEXT, &book);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "source [1] is gone: HTTP 404 when checked on 2026-11-20",
                "claim “The bridge opened in 2024.” rests only on sources that are gone: [1]",
            ]
        );
        assert_eq!(&TEXT[found[0].span.clone()], "[1] https://a.example/x");
        assert_eq!(&TEXT[found[1].span.clone()], "The bridge opened in 2024.");
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .ends_with("https://web.archive.org/web/20261120/https://a.example/x"));
    }

    #[test]
    fn a_claim_with_one_source_standing_is_not_flagged() {
        let parsed = parsed();
        let book = book(&[
            ("https://a.example/x", None, Some(LinkError::NoSuchHost)),
            ("https://b.example/y", Some(503), None),
        ]);
        let found = link_diagnostics(&parsed.briefing, &parsed.source_spans, TEXT, &book);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.contains("no such host"));
        assert!(found[1].message.contains("The bridge"));
    }

    #[test]
    fn long_claims_are_quoted_by_their_first_whole_words() {
        let text =
            "Some parks used to publish a forecast each year of the week their colours peak.";
        assert_eq!(
            quoted(text),
            "Some parks used to publish a forecast each year of…"
        );
        assert_eq!(quoted("Short."), "Short.");
        // Two bytes a letter, no space: cut at a character boundary.
        assert_eq!(opening(&"é".repeat(40)), "é".repeat(25));
        assert_eq!(
            opening(&format!("a{}", "é".repeat(40))),
            format!("a{}", "é".repeat(24))
        );
    }

    #[test]
    fn no_book_no_warnings() {
        let parsed = parsed();
        let found = link_diagnostics(
            &parsed.briefing,
            &parsed.source_spans,
            TEXT,
            &LinkBook::default(),
        );
        assert!(found.is_empty());
    }
}
