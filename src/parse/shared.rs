//! What both dialects share once a snapshot's pieces are known: the words that head a source
//! list, cleaning a heading, reading a trailer, and the final checks of citations.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Source};
use crate::parse::claims::{is_sentence_end, DraftClaim};
use crate::parse::pasted::text::contains_citation;
use crate::parse::scan::floor_char_boundary;
use crate::parse::scan::trailers::Trailer;

/// The source numbered `number` at `url`, its domain read from the address
/// ([`crate::address::domain_of`]; none without an address): the one place a reader sets it.
pub(crate) fn source_at(
    number: u32,
    url: String,
    truncated: bool,
    title: Option<Box<str>>,
) -> Source {
    Source {
        number,
        domain: crate::address::domain_of(&url).into(),
        url: url.into(),
        truncated,
        title,
    }
}

/// Whether `text`, a line right above a source list's first entry, could be the list's
/// heading in any language (`المصادر:`, `Works consulted`): a few words, maybe a colon, not a
/// sentence, not a `Label: text` line, not ending in a number (a chip's) and not an address.
/// The vocabulary knows the headings of only some languages; the caller checks that the line
/// cites nothing.
pub(crate) fn names_a_list(text: &str) -> bool {
    let name = text.trim().trim_end_matches([':', '：']).trim_end();
    !name.is_empty()
        && name.chars().count() <= 40
        && name.split_whitespace().count() <= 4
        && !name.ends_with(|c: char| c.is_ascii_punctuation() && c != ')' || c.is_ascii_digit())
        && !name.contains(is_sentence_end)
        && !name.contains([':', '：'])
        && crate::address::scan_address(name).is_none()
}

/// Take the whole address `url` for `source`'s cut-short one: its domain follows, and it is
/// no longer truncated.
pub(crate) fn complete_address(source: &mut Source, url: String) {
    *source = source_at(source.number, url, false, source.title.take());
}

/// A heading without a trailing `:` or `[edit]`.
pub(crate) fn clean_heading(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_suffix("[edit]").unwrap_or(text).trim_end();
    let text = text.strip_suffix(':').unwrap_or(text).trim_end();
    text.to_owned()
}

/// Fill in what a trailer says: the engine (unless the header named one) and the date. A date
/// whose day and month could be swapped is read as US engines write it (`M/D/YYYY`), and
/// the reading is reported.
pub(crate) fn apply_trailer(
    briefing: &mut Briefing,
    trailer: Trailer,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if briefing.origin.engine.is_none() {
        briefing.origin.engine = Some(trailer.engine);
    }
    if briefing.origin.url.is_none() {
        if let Some(address) = trailer.address {
            briefing.origin.url = Some(address.url);
            briefing.origin.truncated = address.truncated;
        }
    }
    if let Some(date) = trailer.date {
        if date.ambiguous {
            diagnostics.push(
                Diagnostic::note(
                    at..at + 1,
                    format!(
                        "read the date as {} (month first, as US engines write it)",
                        date.date
                    ),
                )
                .with_help("set `date` in a sidecar if the day came first"),
            );
        }
        if briefing.captured.date.is_none() {
            briefing.captured.date = Some(date.date);
        }
    }
}

/// Report citations without a source, uncited claims and sources nobody cites.
pub(crate) fn check(
    briefing: &Briefing,
    drafts: &[DraftClaim],
    source_spans: &BTreeMap<u32, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Sets, not searches: a snapshot can have thousands of sources and citations.
    let cited: std::collections::HashSet<u32> = briefing
        .claims()
        .flat_map(|claim| claim.citations.iter().copied())
        .collect();
    let listed: std::collections::HashSet<u32> = briefing
        .sources
        .iter()
        .map(|source| source.number)
        .collect();
    for source in &briefing.sources {
        if !cited.contains(&source.number) {
            let span = source_spans.get(&source.number).cloned().unwrap_or(0..0);
            diagnostics.push(Diagnostic::warning(
                span,
                format!("source [{}] is cited by no claim", source.number),
            ));
        }
    }
    let last = briefing.sources.iter().map(|source| source.number).max();
    let mut reported_missing_list = false;
    for (claim, draft) in briefing.claims().zip(drafts) {
        if claim.is_uncited() {
            diagnostics.push(Diagnostic::warning(
                draft.start..draft.start + claim.text.len().min(1),
                "claim has no citation",
            ));
        }
        for (number, span) in &draft.cited_at {
            if listed.contains(number) {
                continue;
            }
            match last {
                // A warning, not an error (SPEC 8): a paste the reader half understands is
                // shown with the citation marked unresolved, and the other briefings build.
                Some(last) => diagnostics.push(
                    Diagnostic::warning(
                        span.clone(),
                        format!(
                            "citation [{number}] has no source; the source list ends at [{last}]"
                        ),
                    )
                    .with_help("correct the number, or add the missing entry to the source list"),
                ),
                None if !reported_missing_list => {
                    reported_missing_list = true;
                    diagnostics.push(
                        Diagnostic::warning(
                            span.clone(),
                            format!("citation [{number}] has no source: the snapshot has no source list"),
                        )
                        .with_help("paste the numbered source list below the answer"),
                    );
                }
                None => {}
            }
        }
    }
}

/// The most characters a disclaimer has, from its opening to the end of the text.
const DISCLAIMER_MAX_CHARS: usize = 120;

/// Where a disclaimer begins in `text`, if one runs from there to the end: at the start, or
/// glued after a citation group, a full stop or a word. Only the text's last
/// [`DISCLAIMER_MAX_CHARS`] characters are searched: every text of a snapshot is asked, and
/// the openings of a dozen languages share first letters.
pub(crate) fn find_disclaimer(text: &str) -> Option<usize> {
    let tail_start = text
        .char_indices()
        .rev()
        .nth(DISCLAIMER_MAX_CHARS - 1)
        .map_or(0, |(at, _)| at);
    let tail = &text[tail_start..];
    let crate::parse::vocabulary::DisclaimerOpenings {
        openings,
        by_first_byte,
        by_second_byte,
    } = crate::parse::vocabulary::disclaimer_openings();
    // Each opening counts where it first occurs; the earliest of those that runs to the end
    // as a disclaimer is where the disclaimer begins.
    let mut seen = 0u32;
    let bytes = tail.as_bytes();
    for (at, pair) in bytes.windows(2).enumerate() {
        // An opening starts a word, or is glued to one with its capital (`…tiesAI responses`):
        // the letters inside words (`data`, `also`) are passed over.
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() && !pair[0].is_ascii_uppercase() {
            continue;
        }
        // The openings are lowercase; a letter and its capital share their first byte
        // outside ASCII (`О`, `о`), so the bytes lowercased find the openings to compare.
        let mut candidates = by_first_byte[usize::from(pair[0].to_ascii_lowercase())]
            & by_second_byte[usize::from(pair[1].to_ascii_lowercase())]
            & !seen;
        while candidates != 0 {
            let index = candidates.trailing_zeros();
            candidates &= candidates - 1;
            if !opens_with_ignoring_case(&tail[at..], openings[index as usize]) {
                continue;
            }
            seen |= 1 << index;
            if !contains_citation(&tail[at..]) {
                return Some(tail_start + at);
            }
        }
    }
    None
}

/// Whether `text` opens with `opening` (lowercase) in any case. The opening's ASCII head
/// (`ai ` of `ai による回答`) is compared first, byte by byte: most words fail there.
fn opens_with_ignoring_case(text: &str, opening: &str) -> bool {
    let ascii_head = opening.bytes().take_while(u8::is_ascii).count();
    let head_matches = text
        .as_bytes()
        .get(..ascii_head)
        .is_some_and(|head| head.eq_ignore_ascii_case(&opening.as_bytes()[..ascii_head]));
    if !head_matches {
        return false;
    }
    if ascii_head == opening.len() {
        return true;
    }
    let mut lowered = text[ascii_head..].chars().flat_map(char::to_lowercase);
    opening[ascii_head..]
        .chars()
        .all(|c| lowered.next() == Some(c))
}

/// The warning where a copied conversation's next question begins, after which neither
/// reader reads on.
pub(crate) fn second_question(span: Range<usize>) -> Diagnostic {
    Diagnostic::warning(
        span,
        "a second question begins here; only the first answer is read",
    )
    .with_help("put each answer in a file of its own")
}

/// The note where a conversation's source list, after its last answer, is read for the first
/// answer, which had none of its own.
pub(crate) fn shared_source_list(span: Range<usize>) -> Diagnostic {
    Diagnostic::note(
        span,
        "the source list at the end of the conversation is read for the first answer",
    )
    .with_help("its entries that only later answers cite are listed, cited by no claim")
}

/// The longest name a turn of a conversation opens its line with (`Question:`).
const TURN_NAME_MAX: usize = 24;

/// Where a line that opens with a turn's name and goes on (`Q: why …`, `User: why …`,
/// `Assistant: Because …`) starts its words: after the name, its colon and the spaces after
/// them. `None` where no colon comes early or nothing follows it. Whether the name is a
/// turn's is the vocabulary's to say ([`crate::parse::vocabulary::inline_turn`]).
pub(crate) fn after_turn_name(line: &str) -> Option<usize> {
    let window = &line[..floor_char_boundary(line, TURN_NAME_MAX)];
    let colon = window.find(':')?;
    let after = &line[colon + 1..];
    let words = after.trim_start();
    (!line[..colon].trim().is_empty() && !words.trim_end().is_empty())
        .then_some(line.len() - words.len())
}

/// Whether text ends with a sentence and the chip an engine put after it, flattened to
/// text: the site's name, lowercase, after a space or glued to the full stop, maybe with a
/// count (`… seasoning. seriouseats`, `… rust.lodgecastiron+1`). Such text ends a sentence, though
/// its last character does not say so.
pub(crate) fn ends_with_chip(text: &str) -> bool {
    let (before, last) = text.rsplit_once(' ').unwrap_or(("", text));
    let name = last
        .rsplit_once('+')
        .filter(|(_, count)| !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()))
        .map_or(last, |(name, _)| name);
    let site_name = |name: &str| {
        name.len() >= 3
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b))
    };
    if before.ends_with(['.', '!', '?']) && site_name(name) {
        return true;
    }
    // Glued: `rust.lodgecastiron`, a word, the full stop, the name.
    name.split_once(['.', '!', '?'])
        .is_some_and(|(word, name)| {
            word.chars().count() >= 3 && word.chars().all(char::is_alphabetic) && site_name(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turns_name_opens_its_line_before_a_colon() {
        assert_eq!(after_turn_name("Q: why?"), Some(3));
        assert_eq!(after_turn_name("User:   why?"), Some(8));
        assert_eq!(after_turn_name("Question:why?"), Some(9));
        // Nothing after the name, no name, or a colon too far in.
        assert_eq!(after_turn_name("User:"), None);
        assert_eq!(after_turn_name(": why?"), None);
        assert_eq!(
            after_turn_name("The ratio of these two long words: 3"),
            None
        );
    }
}
