//! What a paste says about who captured it and where from: signatures (`— Name (@handle)
//! Nov 4, 2025`), share lines (`Answer from Perplexity: …`) and conversation sources
//! (`Source: Conversation with Bing, 3/9/2024`).

use super::date::{scan_date, ScannedDate};
use super::floor_char_boundary;
use crate::address::{scan_address, Address};

/// The longest signature, in bytes (`— Name (@handle) November 14, 2025`).
const MAX_SIGNATURE_LEN: usize = 200;

/// A signature line: `— Name (@handle) Nov 4, 2025`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The name as written.
    pub name: Option<String>,
    /// The handle with its `@`.
    pub handle: Option<String>,
    /// The date, if one was given.
    pub date: Option<ScannedDate>,
}

/// Find a signature that ends `line`: a dash (`—`, `–`, or `-`/`--` at the start of the
/// line), a name, an optional `(@handle)` and a date. Returns the byte offset where the
/// signature starts and what it says. It needs a handle or a date, or ordinary dashes in
/// prose would be read as signatures.
pub fn find_signature(line: &str) -> Option<(usize, Signature)> {
    // A signature is short and ends the line: only dashes near the end can start one.
    let tail = floor_char_boundary(line, line.len().saturating_sub(MAX_SIGNATURE_LEN));
    // A hyphen or tilde starts one only at the start of the line or glued to a cut address
    // (`…/Rayleigh-sc…- Jane Doe`): elsewhere it parts a title from its site.
    let dashes = line[tail..]
        .char_indices()
        .map(|(i, c)| (tail + i, c))
        .filter(|&(i, c)| {
            matches!(c, '—' | '–')
                || (matches!(c, '-' | '~')
                    && (line[..i].trim().is_empty() || line[..i].ends_with('…')))
        });
    for (start, dash) in dashes {
        let rest = line[start + dash.len_utf8()..].trim_start_matches('-');
        if let Some(signature) = scan_signature_body(rest) {
            return Some((start, signature));
        }
    }
    None
}

/// A signature that is the whole of `line` (from its first byte): what [`find_signature`]
/// finds at offset 0, without looking at the dashes inside the line. A Markdown snapshot asks
/// this of every paragraph, where a signature is a paragraph of its own.
pub fn whole_line_signature(line: &str) -> Option<Signature> {
    // `find_signature` looks for dashes only in the last `MAX_SIGNATURE_LEN` bytes.
    if floor_char_boundary(line, line.len().saturating_sub(MAX_SIGNATURE_LEN)) != 0 {
        return None;
    }
    let dash = line
        .chars()
        .next()
        .filter(|c| matches!(c, '—' | '–' | '-' | '~'))?;
    scan_signature_body(line[dash.len_utf8()..].trim_start_matches('-'))
}

/// `Name (@handle) Date` to the end of `text`, or `Name @handle · Date` as X heads a post.
fn scan_signature_body(text: &str) -> Option<Signature> {
    let text = text.trim();
    let (name_part, handle, after) = match text.find("(@") {
        Some(open) => {
            let close = open + text[open..].find(')')?;
            let handle = text[open + 1..close].trim();
            if handle.len() < 2 || handle.contains(char::is_whitespace) {
                return None;
            }
            (&text[..open], Some(handle.to_owned()), &text[close + 1..])
        }
        None => match bare_handle(text) {
            Some((at, handle)) => (
                &text[..at],
                Some(handle.to_owned()),
                &text[at + handle.len()..],
            ),
            None => ("", None, text),
        },
    };
    let after = after
        .trim()
        .trim_start_matches(['·', ',', '-', '–', '—'])
        .trim();
    let (name, date) = if handle.is_some() {
        let date = if after.is_empty() {
            None
        } else {
            let (consumed, date) = scan_date(after)?;
            if !after[consumed..].trim().is_empty() {
                return None;
            }
            Some(date)
        };
        (name_part.trim(), date)
    } else {
        // No handle: the date is whatever follows the name; try each word boundary.
        let mut found = None;
        for (i, _) in after.match_indices(' ') {
            if let Some((consumed, date)) = scan_date(after[i..].trim_start()) {
                let rest_start = i + (after[i..].len() - after[i..].trim_start().len());
                if after[rest_start + consumed..].trim().is_empty() {
                    found = Some((after[..i].trim().trim_end_matches([',', '·']), date));
                    break;
                }
            }
        }
        let (name, date) = found?;
        (name, Some(date))
    };
    if !is_plausible_name(name) {
        return None;
    }
    Some(Signature {
        name: (!name.is_empty()).then(|| name.to_owned()),
        handle,
        date,
    })
}

/// A handle written without brackets (`@jdoe`, `@jdoe@mastodon.social`) opening `text` or
/// after a space: where it starts, and the handle.
fn bare_handle(text: &str) -> Option<(usize, &str)> {
    let at = if text.starts_with('@') {
        0
    } else {
        text.find(" @")? + 1
    };
    let len = text[at + 1..]
        .find(|c: char| !(c.is_alphanumeric() || "_.@-".contains(c)))
        .unwrap_or(text.len() - at - 1);
    let handle = text[at..at + 1 + len].trim_end_matches(['.', '-']);
    (handle.len() >= 2).then_some((at, handle))
}

/// A person's name as signatures write it: up to five words, each starting with a capital
/// letter, no digits. Empty is allowed (a handle alone).
fn is_plausible_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() <= 5
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && !word.chars().any(|c| c.is_ascii_digit())
        })
}

/// A trailer line: what an engine's copy or share button appends after the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// The engine it names.
    pub engine: String,
    /// The date it gives.
    pub date: Option<ScannedDate>,
    /// The share address it gives.
    pub address: Option<Address>,
}

/// Scan a whole line as a trailer: a share line (`Answer from Perplexity: pplx.ai/share`)
/// or a conversation source (`Source: Conversation with Bing, 3/9/2024`).
pub fn scan_trailer(line: &str) -> Option<Trailer> {
    let line = line.trim();
    let strip = |prefix: &str| {
        line.get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &line[prefix.len()..])
    };
    if let Some(rest) = crate::parse::vocabulary::share_openings()
        .iter()
        .find_map(|opening| strip(opening))
    {
        let (engine, after) = rest.split_once(':').unwrap_or((rest, ""));
        let engine = engine.trim();
        if engine.is_empty() || engine.split_whitespace().count() > 3 {
            return None;
        }
        let after = after.trim();
        let address = if after.is_empty() {
            None
        } else {
            Some(scan_address(after)?)
        };
        return Some(Trailer {
            engine: engine.to_owned(),
            date: None,
            address,
        });
    }
    let rest = strip("source: conversation with ").or_else(|| strip("conversation with "))?;
    let (engine, date) = match rest.split_once(',') {
        Some((engine, date)) => {
            let date = date.trim();
            let (consumed, parsed) = scan_date(date)?;
            if !date[consumed..].trim().is_empty() {
                return None;
            }
            (engine.trim(), Some(parsed))
        }
        None => (rest.trim(), None),
    };
    (!engine.is_empty() && engine.split_whitespace().count() <= 3).then(|| Trailer {
        engine: engine.to_owned(),
        date,
        address: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_in_the_forms_people_type_and_post() {
        let read = |line: &str| {
            find_signature(line).map(|(at, signature)| {
                (
                    at,
                    signature.name,
                    signature.handle,
                    signature.date.map(|date| date.date.to_string()),
                )
            })
        };
        let line = "[1] britannica.com/science/Rayleigh-sc…- Jane Doe @jdoe · Mar 4, 2025";
        assert_eq!(
            read(line),
            Some((
                line.find("- Jane").unwrap(),
                Some("Jane Doe".to_owned()),
                Some("@jdoe".to_owned()),
                Some("2025-03-04".to_owned())
            ))
        );
        assert_eq!(
            read("— @jdoe, 2025-03-04"),
            Some((
                0,
                None,
                Some("@jdoe".to_owned()),
                Some("2025-03-04".to_owned())
            ))
        );
        assert_eq!(
            read("~ Jane Doe (@jdoe@mastodon.social) Mar 4, 2025").map(|read| read.2),
            Some(Some("@jdoe@mastodon.social".to_owned()))
        );
        // A hyphen inside a line parts a title from its site, whatever follows.
        assert_eq!(read("[2] Sky colour - Reuters Mar 4, 2025"), None);
        assert_eq!(
            read("[2] Sky colour - Reuters @reuters · Mar 4, 2025"),
            None
        );
    }

    #[test]
    fn signatures_glued_or_alone() {
        let line = "[11] civilnet.am/en/news/966663/r…— Michael Novakhov (@mikenov) Nov 4, 2025";
        let (start, signature) = find_signature(line).unwrap();
        assert_eq!(&line[..start], "[11] civilnet.am/en/news/966663/r…");
        assert_eq!(signature.name.as_deref(), Some("Michael Novakhov"));
        assert_eq!(signature.handle.as_deref(), Some("@mikenov"));
        assert_eq!(signature.date.unwrap().date.to_string(), "2025-11-04");

        let (start, signature) = find_signature("— Ada Lovelace, 10 December 2024").unwrap();
        assert_eq!(start, 0);
        assert_eq!(signature.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(signature.date.unwrap().date.to_string(), "2024-12-10");

        assert_eq!(find_signature("Prices rose — sharply — in 2024."), None);
        assert_eq!(find_signature("well-known results (@home) today"), None);
    }

    #[test]
    fn a_whole_line_signature_is_one_found_at_the_first_byte() {
        let filler = "x".repeat(190);
        let lines = [
            "— Ada Lovelace, 10 December 2024".to_owned(),
            "-- Michael Novakhov (@mikenov) Nov 4, 2025".to_owned(),
            "– Grace Hopper (@grace)".to_owned(),
            " — Ada Lovelace, 10 December 2024".to_owned(),
            "Prices rose — Ada Lovelace, 10 December 2024".to_owned(),
            "— not a signature at all, just a dash".to_owned(),
            "— Ada — Lovelace (@ada) 10 December 2024".to_owned(),
            format!("— Ada Lovelace (@ada) {filler}"),
            format!("—{filler} Ada Lovelace, 10 December 2024"),
            format!("-{filler} Ada Lovelace, 10 December 2024"),
            "—".to_owned(),
            String::new(),
        ];
        for line in &lines {
            let at_start = find_signature(line).filter(|(at, _)| *at == 0);
            assert_eq!(
                whole_line_signature(line),
                at_start.map(|(_, signature)| signature),
                "{line:?}"
            );
        }
        assert!(whole_line_signature(&lines[0]).is_some());
        assert!(whole_line_signature(&lines[1]).is_some());
        assert!(whole_line_signature(&lines[4]).is_none());
    }

    #[test]
    fn trailers_name_engines_and_dates() {
        let trailer = scan_trailer("Answer from Perplexity: pplx.ai/share").unwrap();
        assert_eq!(trailer.engine, "Perplexity");
        assert_eq!(trailer.address.unwrap().url, "pplx.ai/share");
        assert_eq!(
            scan_trailer("Réponse de Perplexity: pplx.ai/share")
                .unwrap()
                .engine,
            "Perplexity"
        );
        let trailer = scan_trailer("Source: Conversation with Bing, 3/9/2024").unwrap();
        assert_eq!(trailer.engine, "Bing");
        let date = trailer.date.unwrap();
        assert_eq!(
            (date.date.to_string().as_str(), date.ambiguous),
            ("2024-03-09", true)
        );
        assert_eq!(
            scan_trailer("Answer from the committee was long and detailed: no"),
            None
        );
        assert_eq!(scan_trailer("Answers from Perplexity"), None);
    }
}
