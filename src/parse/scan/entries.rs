//! Entries of a numbered source list: `[n] address`, `(n) Title. address.`, `n. address`,
//! `[^n^] Title - address`, `¹ Title, address`,
//! Copilot's one-line `Learn more: 1. site 2. site`, and their titles.

use std::ops::Range;

use super::citations::{
    entry_number, leading_digits, parse_citation_number, script_digit, superscript_digit,
    GROUP_BRACKETS, MAX_CITATION,
};
use super::date::scan_date;
use crate::address::{scan_address, scan_breadcrumb, Address};

/// One entry of a numbered source list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// Its number.
    pub number: u32,
    /// Its address.
    pub address: Address,
    /// The title written beside the address, if any.
    pub title: Option<String>,
}

/// Scan a whole line as a source-list entry: `[n] address`, `[n] Title address`,
/// `[n] Title - address`, `[n]: <address>`, `(n) Title. address.`, `[^n^] Title - address`,
/// `¹ Title, address`, `Source n: Title address`, `n - Title - address`, `[n] address Title`,
/// or `n. address`, `n address` (a numbered line holding nothing but an address).
pub fn scan_source_entry(line: &str) -> Option<SourceEntry> {
    let line = line.trim();
    let first = line.chars().next()?;
    let bracketed = GROUP_BRACKETS
        .iter()
        .chain(&[('(', ')')])
        .find(|(open, _)| *open == first)
        .map(|&(open, close)| (&line[open.len_utf8()..], close));
    let (number, rest, bare_only) = if let Some((after, close_mark)) = bracketed {
        let close = after.find(close_mark)?;
        // Numbered as the answer marks its citations: `[^1^]` (Kimi), `[web:1]`, `〔1〕`.
        let number = entry_number(after[..close].trim())?;
        let rest = after[close + close_mark.len_utf8()..].trim_start_matches(':');
        (number, rest, false)
    } else if let Some((number, rest)) = superscript_number(line) {
        (number, rest, false)
    } else if let Some((number, rest)) = named_number(line) {
        (number, rest, false)
    } else if let Some((number, rest)) = marked_number(line) {
        // A dash sets the number off as a source's (`1 - Title - https://…`): any entry may
        // follow. After a colon or a rank's `#`, as after `1.`, only an address: `1: Download
        // it from https://…` is a step, and `1: Title https://…` an entry only in a source
        // list, where the readers look for one.
        let mark = line[..line.len() - rest.len()].trim_end();
        let dashed = mark.ends_with(['-', '–', '—']);
        (number, rest, !dashed)
    } else {
        let (number, digits) = leading_number(line)?;
        let after = &line[digits..];
        // `1. site.org`, `1) site.org`, or Copilot's `1 site.org`.
        let rest = after
            .strip_prefix('.')
            .or_else(|| after.strip_prefix(')'))
            .or_else(|| after.strip_prefix(' '))?;
        (number, rest, true)
    };
    // `[1] nhs.uk Foods to avoid in pregnancy`: after a number set off as a source's, the
    // site (a bare domain) may come first and the title after it with no separator (Brave's
    // answers). After a whole address, words are a note on it (`(accessed soon)`), not this.
    let (title, address) = scan_titled_address(rest).or_else(|| {
        let (token, title) = rest.trim().split_once(char::is_whitespace)?;
        let title = title.trim();
        let site_first =
            !bare_only && !token.contains("://") && !title.is_empty() && !title.starts_with('(');
        site_first
            .then(|| scan_address(token))
            .flatten()
            .map(|address| (title, address))
    })?;
    if bare_only && !title.is_empty() {
        return None;
    }
    Some(SourceEntry {
        number,
        address,
        title: clean_source_title(title),
    })
}

/// The number a line starts with, in ASCII digits or in one script's (`۱.` in Persian), and
/// the bytes it takes: a citation's number, 1 to 999.
fn leading_number(line: &str) -> Option<(u32, usize)> {
    leading_digits(line).filter(|&(number, _)| (1..=MAX_CITATION).contains(&number))
}

/// `١. Title https://…`: a line numbered in another script's digits, which Markdown does not
/// read as a list item; the number and the text after it.
pub fn script_numbered(line: &str) -> Option<(u32, &str)> {
    if !line.starts_with(|c| script_digit(c).is_some()) {
        return None;
    }
    let (number, len) = leading_number(line)?;
    let rest = line[len..].strip_prefix(['.', ')'])?;
    Some((number, rest.strip_prefix([' ', '\u{a0}', '\t'])?))
}

/// Words that name an entry before its number, `Source 1: https://…`, in some of the
/// languages of the vocabulary's source headings (compared ignoring ASCII case).
const ENTRY_WORDS: &[&str] = &[
    "source",
    "ref",
    "ref.",
    "reference",
    "quelle",
    "fuente",
    "fonte",
    "bron",
    "источник",
    "Источник",
];

/// `Source 1: …` or `Reference 2. …`: an entry that names itself before its number, and the
/// text after the number and its colon, full stop or parenthesis.
pub fn named_number(line: &str) -> Option<(u32, &str)> {
    let (word, rest) = line.split_once(' ')?;
    if !ENTRY_WORDS
        .iter()
        .any(|name| word.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].strip_prefix([':', '.', ')'])?;
    Some((parse_citation_number(&rest[..digits])?, after))
}

/// `(1) Title. https://….`: an entry numbered in parentheses, as Bing's conversations list
/// their sources, and the text after the number. Only the number is checked: the caller asks
/// that the rest be a title and its address, since `(1) Reduce costs.` is an answer's own
/// list.
pub fn parenthesized_number(line: &str) -> Option<(u32, &str)> {
    let (number, rest) = line.strip_prefix('(')?.split_once(')')?;
    let rest = rest.strip_prefix([' ', '\u{a0}', '\t'])?;
    Some((parse_citation_number(number)?, rest))
}

/// `#1 Title`, `1: Title` or `1 - Title`: an entry numbered as a rank, with a colon or with
/// a dash, and the text after the number and its mark. Only the number is checked: the caller
/// asks that the rest end in an address, since `1: Preheat the oven.` is a step.
pub fn marked_number(line: &str) -> Option<(u32, &str)> {
    if let Some(rank) = line.strip_prefix('#') {
        let digits = rank.bytes().take_while(u8::is_ascii_digit).count();
        let rest = rank[digits..].strip_prefix([' ', '\u{a0}', '\t'])?;
        return Some((parse_citation_number(&rank[..digits])?, rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = &line[digits..];
    let rest = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix(' ')?.strip_prefix(['-', '–', '—']))?;
    let rest = rest.strip_prefix([' ', '\u{a0}', '\t'])?;
    Some((parse_citation_number(&line[..digits])?, rest))
}

/// A number written in superscript digits before a space (`¹² Title, address`), as a
/// document's notes are numbered: the number and the text after the space.
pub fn superscript_number(line: &str) -> Option<(u32, &str)> {
    let digits_end = line
        .char_indices()
        .find(|&(_, c)| superscript_digit(c).is_none())
        .map_or(line.len(), |(at, _)| at);
    let rest = line[digits_end..].strip_prefix([' ', '\u{a0}', '\t'])?;
    // Up to three digits, counted as characters: `¹²³` take two bytes each, `⁴⁵⁶` three.
    if !(1..=3).contains(&line[..digits_end].chars().count()) {
        return None;
    }
    let number = line[..digits_end]
        .chars()
        .try_fold(0u32, |number, c| Some(number * 10 + superscript_digit(c)?))?;
    (number > 0).then_some((number, rest))
}

/// An entry's text after its number (or a whole entry that has none): the address is the
/// last word (or the only one), anything before it the title, without the separator
/// between them (`Title - https://…`, `Title | site.org`).
///
/// What a list can put after the address is left out first: an access stamp
/// (`https://… (accessed 3 March 2025)`) and the back-link arrow of a rendered footnote
/// (`https://… ↩`). An address in parentheses (`Title (https://…)`) is read without them.
pub fn scan_titled_address(rest: &str) -> Option<(&str, Address)> {
    let rest = rest.trim().trim_end_matches(BACK_LINK).trim_end();
    // Most entries end in their address; only one that does not can end in a stamp after it.
    read_titled_address(rest)
        .or_else(|| read_titled_address(without_access_stamp(rest)?))
        .or_else(|| read_address_then_title(rest))
        .or_else(|| read_titled_breadcrumb(rest))
}

/// An entry that ends in a search result's address shown as breadcrumbs
/// (`Aurora - Wikipedia https://en.wikipedia.org › wiki › Aurora`): see [`scan_breadcrumb`].
fn read_titled_breadcrumb(rest: &str) -> Option<(&str, Address)> {
    let (range, address) = scan_breadcrumb(rest)?;
    (range.end == rest.len()).then(|| (title_before_address(&rest[..range.start]), address))
}

/// The title written before an entry's address, without the separator between them.
fn title_before_address(title: &str) -> &str {
    title
        .trim()
        .trim_end_matches([' ', '-', '–', '—', ':', '|', ','])
        .trim()
}

/// An entry written address first, then a dash or bar and its title
/// (`britannica.com — First ascent of Everest`). Without the separator, words after an address
/// are prose (`example.com has the tool`).
fn read_address_then_title(rest: &str) -> Option<(&str, Address)> {
    let (token, after) = rest.split_once(char::is_whitespace)?;
    let title = after
        .trim_start()
        .strip_prefix(['-', '–', '—', '|'])?
        .trim();
    if title.is_empty() {
        return None;
    }
    let address = scan_address(in_parentheses(token).unwrap_or(token))?;
    Some((title, address))
}

/// [`scan_titled_address`] of an entry whose last word is its address.
fn read_titled_address(rest: &str) -> Option<(&str, Address)> {
    if rest.is_empty() {
        return None;
    }
    let (title, token) = match rest.rfind(char::is_whitespace) {
        Some(space) => (rest[..space].trim(), rest[space..].trim_start()),
        None => ("", rest),
    };
    let token = in_parentheses(token).unwrap_or(token);
    let address = scan_address(token)?;
    Some((title_before_address(title), address))
}

/// What is between the parentheses of a word written in them, `(https://…)`: an entry's
/// address may be.
pub fn in_parentheses(word: &str) -> Option<&str> {
    word.strip_prefix('(')?.strip_suffix(')')
}

/// The back-link a rendered footnote ends with (`↩`, often with a variation selector: `↩︎`),
/// which a copy of the page keeps as text.
const BACK_LINK: &[char] = &['↩', '\u{fe0e}', '\u{fe0f}', ' ', '\u{a0}'];

/// Whether `word` is a back-link alone (`↩︎`), which a note may keep before its address.
pub fn is_back_link(word: &str) -> bool {
    !word.is_empty() && word.trim_matches(BACK_LINK).is_empty()
}

/// Words that open a stamp saying when a source was read, in the languages reference lists
/// are written in (lowercase).
const ACCESS_WORDS: &[&str] = &[
    "accessed",
    "retrieved",
    "abgerufen",
    "consulté",
    "consultado",
    "consultato",
    "geraadpleegd",
    "hämtad",
    "dostęp",
];

/// `rest` without the access stamp that ends it, if one follows an address (see
/// [`access_stamp_at`]). `None` for anything else: a title may well say `retrieved`.
fn without_access_stamp(rest: &str) -> Option<&str> {
    let cut = access_stamp_at(rest)?;
    let kept = rest[..cut].trim_end_matches([' ', ',', ';']).trim_end();
    // The stamp follows the address; a title that says `retrieved` keeps its words.
    let last_word = kept.rsplit(char::is_whitespace).next().unwrap_or(kept);
    scan_address(in_parentheses(last_word).unwrap_or(last_word))
        .is_some()
        .then_some(kept)
}

/// Whether `text`, which follows a source's address, is only what lists put after one: an
/// access stamp or a rendered footnote's back-link (`(accessed 3 March 2025)`, `↩`).
pub fn is_after_address(text: &str) -> bool {
    let text = text.trim().trim_end_matches(BACK_LINK);
    text.is_empty() || access_stamp_at(text) == Some(0)
}

/// Where the access stamp that ends `text` starts, if one does: one of [`ACCESS_WORDS`] at
/// the start or after `(`, `[`, `, `, `. ` or `; `, then text with a year, to the end or the
/// closing bracket (`… (accessed 3 March 2025)`, `…. Retrieved 2025-03-03.`).
fn access_stamp_at(text: &str) -> Option<usize> {
    // The stamp is short: only the end of the entry is searched.
    let tail_from = crate::parse::scan::floor_char_boundary(text, text.len().saturating_sub(60));
    if !text[tail_from..].bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let tail = text[tail_from..].to_lowercase();
    // Lowercasing can change a length (rare letters): then offsets would not carry over.
    if tail.len() != text.len() - tail_from {
        return None;
    }
    let (word_at, word) = ACCESS_WORDS
        .iter()
        .filter_map(|word| tail.rfind(word).map(|at| (at, word)))
        .max_by_key(|&(at, _)| at)?;
    let before = tail[..word_at].trim_end_matches(' ');
    let opener = match before.chars().next_back() {
        Some(c @ ('(' | '[')) => Some(c),
        Some('.' | ',' | ';') | None => None,
        _ => return None,
    };
    let stamp = &tail[word_at + word.len()..];
    let stamp = match opener {
        Some(open) => {
            let close = if open == '(' { ')' } else { ']' };
            let inner = stamp
                .strip_suffix(close)
                .or_else(|| stamp.strip_suffix('.')?.strip_suffix(close))?;
            (!inner.contains(close)).then_some(inner)?
        }
        None => stamp,
    };
    let has_year = stamp
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    let short = stamp.chars().filter(char::is_ascii_alphabetic).count() <= 24;
    (has_year && short).then(|| tail_from + before.len() - usize::from(opener.is_some()))
}

/// A line that is nothing but an address (`en.wikipedia.org`), as engines put one under its
/// source's title.
pub fn lone_address(line: &str) -> Option<Address> {
    if !line.contains(char::is_whitespace) {
        return scan_address(line);
    }
    // `https://en.wikipedia.org › wiki › Aurora`, under a search result's title.
    let (range, address) = scan_breadcrumb(line)?;
    (range == (0..line.len())).then_some(address)
}

/// A source's title without what the list put around it: Bing's separator dot before the
/// address (`Title. https://…`) and a `, accessed March 3, 2025` stamp. `None` when empty.
pub fn clean_source_title(title: &str) -> Option<String> {
    if title.contains('\t') {
        return clean_source_title(&join_table_cells(title));
    }
    let mut title = title.trim();
    if let Some(at) = accessed_stamp_at(title) {
        let stamp = title[at + ACCESSED.len()..].to_lowercase();
        if scan_date(&stamp).is_some_and(|(n, _)| stamp[n..].trim().is_empty()) {
            title = title[..at].trim_end();
        }
    }
    if title.ends_with('.') && !title.ends_with("..") {
        title = &title[..title.len() - 1];
    }
    let title = title
        .trim_end_matches([' ', ',', '-', '–', '—', ':'])
        .trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// A title that a table's row gave cell by cell, parted by tabs (`Reuters\tOffshore wind
/// auctions`, as a browser copies a table of sources): its cells joined by ` — `, the empty
/// ones left out.
fn join_table_cells(title: &str) -> String {
    let cells: Vec<&str> = title
        .split('\t')
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect();
    cells.join(" — ")
}

/// What starts an access stamp after a source's title.
const ACCESSED: &str = ", accessed ";

/// Where the last [`ACCESSED`] starts in `title`, in any case of its ASCII letters. Read from
/// the bytes: lowercasing every source's title to look for it cost more than the rest of
/// reading the title.
fn accessed_stamp_at(title: &str) -> Option<usize> {
    let (bytes, mark) = (title.as_bytes(), ACCESSED.as_bytes());
    let last = bytes.len().checked_sub(mark.len())?;
    (0..=last)
        .rev()
        .find(|&at| bytes[at] == b',' && bytes[at..at + mark.len()].eq_ignore_ascii_case(mark))
}

/// A whole line that lists sources one after another, as Copilot's `Learn more: 1. site.com
/// 2. other.org` does: each entry with its byte offset in the line. At least two entries, all
/// numbered `N.` with an address after them. Or a source heading and its addresses on one
/// line, without numbers (`Sources: statkraft.com, ofv.no`), numbered in order.
pub fn scan_inline_source_list(line: &str) -> Option<Vec<(Range<usize>, SourceEntry)>> {
    scan_numbered_inline_list(line).or_else(|| scan_headed_addresses(line))
}

/// `Sources: statkraft.com, ofv.no | iea.org`: a source heading, a colon, and nothing but
/// addresses (one or more), separated by spaces, commas, semicolons, `|` or `·`.
fn scan_headed_addresses(line: &str) -> Option<Vec<(Range<usize>, SourceEntry)>> {
    // A heading is a few words: the colon is looked for only near the start of the line, by
    // two searches for one character (a search for either of two reads one by one).
    let head = &line[..crate::parse::scan::floor_char_boundary(line, 48)];
    let colon = head.find(':').or_else(|| head.find('：'))?;
    let rest = line[colon..].trim_start_matches([':', '：']);
    if !crate::parse::vocabulary::is_source_heading(&line[..colon]) {
        return None;
    }
    let mut entries = Vec::new();
    for word in rest.split_whitespace() {
        let at = word.as_ptr() as usize - line.as_ptr() as usize;
        let word = word.trim_end_matches([',', ';']);
        if word.is_empty() || matches!(word, "|" | "·" | "•") {
            continue;
        }
        let address = scan_address(word)?;
        entries.push((
            at..at + word.len(),
            SourceEntry {
                number: entries.len() as u32 + 1,
                address,
                title: None,
            },
        ));
    }
    (!entries.is_empty()).then_some(entries)
}

/// Copilot's `Learn more: 1. site.com 2. other.org` (see [`scan_inline_source_list`]).
fn scan_numbered_inline_list(line: &str) -> Option<Vec<(Range<usize>, SourceEntry)>> {
    let rest = ["Learn more:", "Learn more", "Sources:"]
        .iter()
        .find_map(|opening| line.strip_prefix(opening))
        .unwrap_or(line);
    // Read a pair of words at a time: a line of prose is turned away at its first word.
    let mut words = rest
        .split_whitespace()
        .map(|word| (word.as_ptr() as usize - line.as_ptr() as usize, word));
    let mut entries = Vec::new();
    while let Some((at, number)) = words.next() {
        let number = parse_citation_number(number.strip_suffix('.')?)?;
        let (address_at, address) = words.next()?;
        let span = at..address_at + address.len();
        let address = scan_address(address)?;
        entries.push((
            span,
            SourceEntry {
                number,
                address,
                title: None,
            },
        ));
    }
    (entries.len() >= 2).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_titles_access_stamp_is_dropped_in_any_case_and_only_when_it_is_a_date() {
        let cases = [
            (
                "Cost of bike lanes, accessed March 3, 2025",
                Some("Cost of bike lanes"),
            ),
            (
                "Cost of bike lanes, ACCESSED March 3, 2025",
                Some("Cost of bike lanes"),
            ),
            (
                "Cost, accessed once, of bike lanes, Accessed 3 March 2025",
                Some("Cost, accessed once, of bike lanes"),
            ),
            ("Report, accessed by many", Some("Report, accessed by many")),
            (
                "Россия и Азербайджан, accessed March 3, 2025",
                Some("Россия и Азербайджан"),
            ),
            ("İstanbul, accessed March 3, 2025", Some("İstanbul")),
            (", accessed March 3, 2025", None),
            (", accessed ", Some(", accessed")),
            ("Title.", Some("Title")),
            ("", None),
            // A table's cells, parted by tabs, the empty ones left out.
            (
                "Reuters\tOffshore wind auctions\t",
                Some("Reuters — Offshore wind auctions"),
            ),
            ("Reuters\t\tAuctions", Some("Reuters — Auctions")),
        ];
        for (title, expected) in cases {
            assert_eq!(clean_source_title(title).as_deref(), expected, "{title:?}");
        }
    }

    #[test]
    fn what_follows_an_address_is_left_out_of_the_entry() {
        let read =
            |line: &str| scan_source_entry(line).map(|entry| (entry.title, entry.address.url));
        let entry = |title: &str, url: &str| Some((Some(title.to_owned()), url.to_owned()));
        // Access stamps, in brackets or after a full stop, in other languages too.
        assert_eq!(
            read("[1] Rayleigh scattering. Britannica. https://britannica.com/r (accessed 3 March 2025)"),
            entry("Rayleigh scattering. Britannica", "https://britannica.com/r")
        );
        assert_eq!(
            read("[2] Sky. NASA. https://nasa.gov/sky [Accessed: 2025-03-03]."),
            entry("Sky. NASA", "https://nasa.gov/sky")
        );
        assert_eq!(
            read("[3] Tides. https://noaa.gov/tides. Retrieved March 3, 2025."),
            entry("Tides", "https://noaa.gov/tides")
        );
        assert_eq!(
            read(
                "[4] Gezeiten – https://de.wikipedia.org/wiki/Gezeiten, abgerufen am 3. März 2025"
            ),
            entry("Gezeiten", "https://de.wikipedia.org/wiki/Gezeiten")
        );
        // An address in parentheses, and a rendered footnote's back-link.
        assert_eq!(
            read("[1]: Visit Iceland – When to go (https://visiticeland.com/when)"),
            entry(
                "Visit Iceland – When to go",
                "https://visiticeland.com/when"
            )
        );
        assert_eq!(
            read("1. https://health.harvard.edu/coffee ↩︎"),
            Some((None, "https://health.harvard.edu/coffee".to_owned()))
        );
        // Words like a stamp that are not one after an address stay, or the line is no entry.
        assert_eq!(
            read("[5] Retrieved memories (2019), a film https://films.example.org/rm"),
            entry(
                "Retrieved memories (2019), a film",
                "https://films.example.org/rm"
            )
        );
        assert_eq!(read("[6] Notes, retrieved from the archive in 2020"), None);
        assert_eq!(
            read("[7] https://a.example.org (accessed soon)"),
            None,
            "no year: not a stamp"
        );
    }

    #[test]
    fn entries_that_name_themselves_before_their_number() {
        let entry = scan_source_entry("Source 1: https://www.usda.gov/leaves").unwrap();
        assert_eq!(
            (entry.number, entry.address.url.as_str()),
            (1, "https://www.usda.gov/leaves")
        );
        let entry = scan_source_entry("Reference 2. Leaf colour – https://esf.edu/leaves").unwrap();
        assert_eq!(entry.number, 2);
        assert_eq!(entry.title.as_deref(), Some("Leaf colour"));
        assert_eq!(scan_source_entry("Source 3: the survey of 2019"), None);
        assert_eq!(scan_source_entry("Sources 1: https://a.org"), None);
        assert_eq!(scan_source_entry("Open source 1: https://a.org"), None);
    }

    #[test]
    fn entries_numbered_as_ranks_with_colons_or_dashes() {
        let read = |line: &str| {
            scan_source_entry(line).map(|entry| (entry.number, entry.title, entry.address.url))
        };
        for (line, number) in [
            ("3 - NREL - Heat pumps https://www.nrel.gov/heat", 3),
            ("4 – NREL - Heat pumps https://www.nrel.gov/heat", 4),
        ] {
            assert_eq!(
                read(line),
                Some((
                    number,
                    Some("NREL - Heat pumps".to_owned()),
                    "https://www.nrel.gov/heat".to_owned()
                )),
                "{line}"
            );
        }
        // After a colon or a rank, an address alone: with words before it, a line is a
        // step (an entry only inside a source list, where the readers look for one).
        for (line, number) in [
            ("#1 https://www.nrel.gov/heat", 1),
            ("2: https://www.nrel.gov/heat", 2),
        ] {
            assert_eq!(
                read(line),
                Some((number, None, "https://www.nrel.gov/heat".to_owned())),
                "{line}"
            );
        }
        // A time, a hashtag, a step with or without an address is no entry.
        for line in [
            "1:30 Tour https://a.example.org/tour",
            "#tags https://a.example.org",
            "1: Preheat the oven.",
            "#1 Preheat the oven.",
            "1: Download the installer from https://www.python.org/downloads",
            "#1 NREL - Heat pumps https://www.nrel.gov/heat",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }

    #[test]
    fn entries_numbered_as_their_citations_are_written() {
        let number_and_title =
            |line: &str| scan_source_entry(line).map(|entry| (entry.number, entry.title));
        for (line, number, title) in [
            (
                "[web:2] Lithium statistics - USGS https://www.usgs.gov/lithium",
                2,
                "Lithium statistics - USGS",
            ),
            (
                "〔1〕长城 - 维基百科 https://zh.wikipedia.org/wiki/长城",
                1,
                "长城 - 维基百科",
            ),
            (
                "【3】中国长城学会 https://www.chinagreatwall.org/",
                3,
                "中国长城学会",
            ),
            ("［１２］長城 https://ja.example.org/", 12, "長城"),
            ("[^4^] Kimi's note - https://a.org/n", 4, "Kimi's note"),
        ] {
            assert_eq!(
                number_and_title(line),
                Some((number, Some(title.to_owned()))),
                "{line}"
            );
        }
        assert_eq!(
            number_and_title("1 - Great Barrier Reef - UNESCO - https://whc.example.org/154/"),
            Some((1, Some("Great Barrier Reef - UNESCO".to_owned())))
        );
        assert_eq!(number_and_title("2 – https://a.org/x"), Some((2, None)));
        assert_eq!(number_and_title("2 - 3 people came"), None);
        // A range or a list opens no entry: it is a claim citing several sources.
        assert_eq!(number_and_title("[1-3] see https://a.org"), None);
        assert_eq!(number_and_title("[1, 2] see https://a.org"), None);
    }

    #[test]
    fn an_entry_may_give_its_address_first_then_a_dash_and_its_title() {
        let (title, address) = scan_titled_address("britannica.com — First ascent").unwrap();
        assert_eq!(
            (title, address.url.as_str()),
            ("First ascent", "britannica.com")
        );
        let (title, address) =
            scan_titled_address("https://a.example.org/x | Tides - NOAA").unwrap();
        assert_eq!(
            (title, address.url.as_str()),
            ("Tides - NOAA", "https://a.example.org/x")
        );
        let entry = scan_source_entry("[2] (noaa.gov) - Tide tables").unwrap();
        assert_eq!(entry.title.as_deref(), Some("Tide tables"));
        // Without the dash the words are prose.
        assert_eq!(scan_titled_address("example.com has the tool"), None);
        assert_eq!(scan_titled_address("example.com -"), None);
    }

    #[test]
    fn after_a_source_number_the_site_may_come_before_its_title() {
        let entry = scan_source_entry("[4] nhs.uk Foods to avoid in pregnancy").unwrap();
        assert_eq!(
            (
                entry.number,
                entry.address.url.as_str(),
                entry.title.as_deref()
            ),
            (4, "nhs.uk", Some("Foods to avoid in pregnancy"))
        );
        // A list item numbered as a list is numbered is prose after its address.
        assert_eq!(scan_source_entry("1. example.com has the tool"), None);
        assert_eq!(scan_source_entry("[1] Tides rise twice a day"), None);
    }

    #[test]
    fn a_number_in_parentheses_opens_an_entry_only_before_a_space() {
        assert_eq!(
            parenthesized_number("(12) Tides. https://noaa.gov/tides."),
            Some((12, "Tides. https://noaa.gov/tides."))
        );
        assert_eq!(parenthesized_number("(1)Tides"), None);
        assert_eq!(parenthesized_number("(one) Tides"), None);
        assert_eq!(parenthesized_number("Tides (1) here"), None);
    }

    #[test]
    fn entries_numbered_in_the_digits_of_other_scripts() {
        let entry = scan_source_entry("۲. https://whc.unesco.org/en/list/114").unwrap();
        assert_eq!(
            (entry.number, &*entry.address.url),
            (2, "https://whc.unesco.org/en/list/114")
        );
        let entry = scan_source_entry("[١] الجزيرة نت https://www.aljazeera.net/a").unwrap();
        assert_eq!(entry.number, 1);
        assert_eq!(entry.title.as_deref(), Some("الجزيرة نت"));
        assert_eq!(
            script_numbered("١. الجزيرة نت https://www.aljazeera.net/a"),
            Some((1, "الجزيرة نت https://www.aljazeera.net/a"))
        );
        assert_eq!(
            script_numbered("1. Title https://a.org"),
            None,
            "Markdown's own list"
        );
        assert_eq!(
            script_numbered("١.عنوان"),
            None,
            "no space after the number"
        );
        assert_eq!(script_numbered("١٢٣٤. x"), None, "four digits");
    }

    #[test]
    fn source_entries() {
        let entry = scan_source_entry("[11] civilnet.am/en/news/966663/r…").unwrap();
        assert_eq!(entry.number, 11);
        assert_eq!(entry.address.url, "civilnet.am/en/news/966663/r");
        assert!(entry.address.truncated);
        assert_eq!(entry.title, None);

        let entry = scan_source_entry("[2] The Atlas - https://atlas.org/x").unwrap();
        assert_eq!(entry.title.as_deref(), Some("The Atlas"));
        assert!(!entry.address.truncated);

        let entry = scan_source_entry("(4) Winter tips. https://tips.example.org/winter.").unwrap();
        assert_eq!(entry.number, 4);
        assert_eq!(entry.title.as_deref(), Some("Winter tips"));
        assert_eq!(entry.address.url, "https://tips.example.org/winter");

        let entry = scan_source_entry("3. <https://example.com/a>").unwrap();
        assert_eq!(
            (entry.number, entry.address.url.as_str()),
            (3, "https://example.com/a")
        );

        let entry = scan_source_entry("[^2^] Temperature and PV - https://nrel.gov/t").unwrap();
        assert_eq!(entry.number, 2);
        assert_eq!(entry.title.as_deref(), Some("Temperature and PV"));

        let entry =
            scan_source_entry("¹² Gutenberg's inks, https://www.gutenberg.de/inks").unwrap();
        assert_eq!(entry.number, 12);
        assert_eq!(entry.title.as_deref(), Some("Gutenberg's inks"));
        assert_eq!(
            scan_source_entry("² https://bl.uk/x").map(|e| e.number),
            Some(2)
        );
        assert_eq!(scan_source_entry("²https://bl.uk/x"), None);
        // Three digits of three bytes each, and no more than three.
        assert_eq!(
            scan_source_entry("⁴⁵⁶ https://bl.uk/x").map(|e| e.number),
            Some(456)
        );
        assert_eq!(scan_source_entry("¹²³⁴ https://bl.uk/x"), None);
        assert_eq!(scan_source_entry("¹²³⁴⁵⁶⁷⁸⁹⁰¹²³ https://bl.uk/x"), None);
        assert_eq!(scan_source_entry("² a note with no address"), None);

        let entry = scan_source_entry("2 burj.example.ae").unwrap();
        assert_eq!(
            (entry.number, entry.address.url.as_str()),
            (2, "burj.example.ae")
        );
        assert_eq!(scan_source_entry("2 Read example.com first"), None);
        assert_eq!(scan_source_entry("2 apples"), None);

        assert_eq!(scan_source_entry("1. Install the tools"), None);
        assert_eq!(scan_source_entry("2. Read example.com first"), None);
        assert_eq!(scan_source_entry("[1] no address here"), None);
        assert_eq!(scan_source_entry("[sic] example.com"), None);
    }

    #[test]
    fn sources_listed_on_one_line() {
        let line = "Learn more: 1. en.wikipedia.org 2. toureiffel.paris";
        let entries = scan_inline_source_list(line).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(&line[entries[1].0.clone()], "2. toureiffel.paris");
        assert_eq!(entries[1].1.number, 2);
        assert_eq!(scan_inline_source_list("1. Walk 2. Run"), None);
        assert_eq!(scan_inline_source_list("Learn more: 1. a.org"), None);
        // A number left without its address: not a list.
        assert_eq!(scan_inline_source_list("1. a.org 2. b.org 3."), None);
    }

    #[test]
    fn a_source_heading_and_its_addresses_on_one_line() {
        let line = "Sources: statkraft.com, ofv.no | https://www.iea.org/reports/norway;";
        let entries = scan_inline_source_list(line).unwrap();
        let read: Vec<(&str, u32)> = entries
            .iter()
            .map(|(span, entry)| (&line[span.clone()], entry.number))
            .collect();
        assert_eq!(
            read,
            [
                ("statkraft.com", 1),
                ("ofv.no", 2),
                ("https://www.iea.org/reports/norway", 3)
            ]
        );
        assert_eq!(
            scan_inline_source_list("Quellen: spiegel.de")
                .unwrap()
                .len(),
            1
        );
        for line in [
            "Sources: Reuters, BBC",
            "Source: Conversation with Bing, 10/15/2023",
            "Sources: statkraft.com and others",
            "Note: see statkraft.com",
            "Sources:",
        ] {
            assert_eq!(scan_inline_source_list(line), None, "{line}");
        }
    }
}
