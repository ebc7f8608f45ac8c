//! Tiny scanners for the pieces of a pasted answer: citation groups, source entries,
//! addresses, signatures and dates.
//!
//! Each scanner looks at the start of a string and returns what it recognised and how many
//! bytes that took, or `None`; none of them allocates unless it matches or can panic on any
//! input. The parser in [`super::pasted`] decides what to do with what they find.

use std::ops::Range;

/// The highest number read as a citation: `[2000]` is a year in brackets, not a citation.
const MAX_CITATION: u32 = 999;
/// The longest inside of a citation group, in bytes (`[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]`).
const MAX_GROUP_LEN: usize = 80;
/// The longest signature, in bytes (`— Name (@handle) November 14, 2025`).
const MAX_SIGNATURE_LEN: usize = 200;

/// The largest char boundary of `text` at or below `at`.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The longest range a group may span (`[1-40]`); wider ones are not citation groups.
const MAX_RANGE: u32 = 100;

/// Scan one bracketed citation group at the start of `text`: `[1]`, `[1, 2]`, `[1,2]`,
/// `[1-3]`, `[1–3]`, Perplexity's `[web:12]` or the two-digit `[^10^]`. Returns the bytes
/// consumed and the numbers in written order.
pub fn scan_citation_group(text: &str) -> Option<(usize, Vec<u32>)> {
    let inner_start = text.strip_prefix('[')?;
    // A group is short: looking further would make a line of `[` quadratic to read.
    let window = &inner_start[..floor_char_boundary(inner_start, MAX_GROUP_LEN)];
    let close = window.find(']')?;
    let inner = &inner_start[..close];
    let inner = inner
        .strip_prefix("web:")
        .or_else(|| inner.strip_prefix('^').and_then(|i| i.strip_suffix('^')))
        .unwrap_or(inner);
    if inner.trim().is_empty() {
        return None;
    }
    let mut numbers = Vec::new();
    for item in inner.split(',') {
        let item = item.trim();
        let range = item
            .split_once('-')
            .or_else(|| item.split_once('–'))
            .or_else(|| item.split_once('—'));
        match range {
            Some((from, to)) => {
                let from = parse_citation_number(from.trim())?;
                let to = parse_citation_number(to.trim())?;
                if to < from || to - from > MAX_RANGE {
                    return None;
                }
                numbers.extend(from..=to);
            }
            None => numbers.push(parse_citation_number(item)?),
        }
    }
    Some((close + 2, numbers))
}

/// Scan a run of adjacent citation groups (`[1][5][6]`, `[1, 2] [3]`) at the start of `text`.
/// Returns the bytes consumed (not counting trailing spaces) and all numbers in order.
pub fn scan_citation_run(text: &str) -> Option<(usize, Vec<u32>)> {
    let (mut consumed, mut numbers) = scan_citation_group(text)?;
    loop {
        let rest = &text[consumed..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        match scan_citation_group(&rest[gap..]) {
            Some((more, more_numbers)) if gap <= 1 => {
                consumed += gap + more;
                numbers.extend(more_numbers);
            }
            _ => return Some((consumed, numbers)),
        }
    }
}

/// The digit a Unicode superscript stands for (`¹` → 1).
pub fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Read a run of digits as citation numbers that all exist in `known`, in increasing order:
/// `123` is 1, 2, 3 when those sources exist, `1011` is 10, 11. Among the readings, the one
/// with the most numbers wins, so single digits are preferred. `None` when no reading fits.
pub fn split_digit_cluster(
    digits: &[u32],
    known: &std::collections::BTreeSet<u32>,
) -> Option<Vec<u32>> {
    fn best(
        digits: &[u32],
        after: u32,
        known: &std::collections::BTreeSet<u32>,
    ) -> Option<Vec<u32>> {
        if digits.is_empty() {
            return Some(Vec::new());
        }
        let mut found: Option<Vec<u32>> = None;
        let mut number = 0;
        for (len, &digit) in digits.iter().enumerate().take(3) {
            number = number * 10 + digit;
            if digits[0] == 0 {
                break;
            }
            if number > after && known.contains(&number) {
                if let Some(mut rest) = best(&digits[len + 1..], number, known) {
                    rest.insert(0, number);
                    if found.as_ref().is_none_or(|f| rest.len() > f.len()) {
                        found = Some(rest);
                    }
                }
            }
        }
        found
    }
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    best(digits, 0, known)
}

/// A citation number: one to three ASCII digits, not zero, no sign.
fn parse_citation_number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = text.parse().ok()?;
    (1..=MAX_CITATION).contains(&number).then_some(number)
}

/// An address as written, split from the marks that say it was cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address without `…`, `...` or angle brackets.
    pub url: String,
    /// Whether it ended in `…` or `...`.
    pub truncated: bool,
}

/// Read `token` as a web address (`https://…`, `www.…` or a bare `domain.tld/path`), with or
/// without a truncation mark. Trailing sentence punctuation is not part of the address.
pub fn scan_address(token: &str) -> Option<Address> {
    let mut token = token.trim();
    if let Some(inner) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        token = inner.trim();
    }
    let (body, truncated) = match token
        .strip_suffix('…')
        .or_else(|| token.strip_suffix("..."))
    {
        Some(body) => (body, true),
        None => (trim_trailing_punctuation(token), false),
    };
    if body.is_empty() || body.chars().any(char::is_whitespace) {
        return None;
    }
    if let Some(address) = scan_other_scheme(body, truncated) {
        return Some(address);
    }
    let host = host_of(body)?;
    let has_scheme = body.contains("://");
    if !has_scheme && !body.contains('/') && is_file_name(body) {
        return None;
    }
    if !has_scheme && !is_plausible_host(host, truncated && !body.contains('/')) {
        return None;
    }
    if has_scheme && host.is_empty() {
        return None;
    }
    Some(Address {
        url: body.to_owned(),
        truncated,
    })
}

/// An address without the sentence punctuation after it: `.`, `,`, `;`, and a `)` that closes
/// nothing inside the address (`(see a.org/x)`), but not the one of `wiki/Baku_(city)`.
fn trim_trailing_punctuation(token: &str) -> &str {
    let mut token = token;
    loop {
        let trimmed = token.trim_end_matches(['.', ',', ';', ':']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count();
        let next = if unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if next.len() == token.len() {
            return token;
        }
        token = next;
    }
}

/// An address with a scheme other than the web's (`javascript:…`, `mailto:…`, `data:…`):
/// kept as written so it can be shown, never linked (see [`is_linkable`]).
fn scan_other_scheme(body: &str, truncated: bool) -> Option<Address> {
    let (scheme, rest) = body.split_once(':')?;
    let is_scheme = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !scheme.contains('.');
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (is_scheme && !web && !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit())).then(
        || Address {
            url: body.to_owned(),
            truncated,
        },
    )
}

/// The host part of an address: between the scheme (if any) and the first `/`, `?` or `#`,
/// without user info or port.
fn host_of(url: &str) -> Option<&str> {
    let after_scheme = match url.split_once("://") {
        Some((scheme, rest)) => {
            if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            rest
        }
        None => url,
    };
    let end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = &after_scheme[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Some(host.split(':').next().unwrap_or(host))
}

/// File extensions that, ending a bare word with no `/`, make it a file name rather than an
/// address (`Copy-of-Prompts.docx`): a source named by a file is a title, not a link.
const FILE_EXTENSIONS: &[&str] = &[
    "docx", "doc", "pdf", "txt", "xlsx", "xls", "pptx", "ppt", "csv", "json", "png", "jpg", "jpeg",
    "gif", "zip", "mp3", "mp4", "html", "htm", "odt", "rtf", "epub", "yaml", "toml",
];

fn is_file_name(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(_, extension)| {
        FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
    })
}

/// Whether `host` looks like a domain name: dot-separated labels of letters, digits and `-`,
/// ending in an alphabetic top-level label (which may be cut short when `truncated`).
fn is_plausible_host(host: &str, truncated: bool) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let valid_label = |label: &&str| {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    let tld = labels[labels.len() - 1];
    let min_tld = if truncated { 1 } else { 2 };
    labels.iter().all(valid_label)
        && tld.chars().count() >= min_tld
        && tld.chars().all(char::is_alphabetic)
}

/// The domain of an address: its host, lowercase, without `www.`; empty for an address that
/// is not a web address.
pub fn domain_of(url: &str) -> String {
    if !is_linkable(url) {
        return String::new();
    }
    let host = host_of(url).unwrap_or(url).to_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_owned()
}

/// Whether an address may become a link: `http`, `https` or a bare domain. Anything else
/// (`javascript:`, `data:`, `file:`) is shown as text.
pub fn is_linkable(url: &str) -> bool {
    match url.split_once("://") {
        Some((scheme, _)) => {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        None => {
            !url.contains(':')
                || url
                    .find(':')
                    .is_some_and(|colon| url[..colon].contains(['.', '/']))
        }
    }
}

/// The address to link to for a linkable `url`: bare domains get `https://`.
pub fn href_of(url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    }
}

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
/// `[n] Title - address`, `[n]: <address>`, `(n) Title. address.`, or `n. address` (a
/// numbered line holding nothing but an address).
pub fn scan_source_entry(line: &str) -> Option<SourceEntry> {
    let line = line.trim();
    let bracketed = line
        .strip_prefix('[')
        .map(|after| (after, ']'))
        .or_else(|| line.strip_prefix('(').map(|after| (after, ')')));
    let (number, rest, bare_only) = if let Some((after, close_mark)) = bracketed {
        let close = after.find(close_mark)?;
        let number = parse_citation_number(after[..close].trim())?;
        let rest = after[close + 1..].trim_start_matches(':');
        (number, rest, false)
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = line[digits..]
            .strip_prefix('.')
            .or_else(|| line[digits..].strip_prefix(')'))?;
        (parse_citation_number(&line[..digits])?, rest, true)
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    // The address is the last word (or the only one); anything before it is the title.
    let (title, token) = match rest.rfind(char::is_whitespace) {
        Some(space) => (rest[..space].trim(), &rest[space..]),
        None => ("", rest),
    };
    if bare_only && !title.is_empty() {
        return None;
    }
    let address = scan_address(token)?;
    let title = title
        .trim_end_matches([' ', '-', '–', '—', ':', '|'])
        .trim();
    Some(SourceEntry {
        number,
        address,
        title: clean_source_title(title),
    })
}

/// A source's title without what the list put around it: Bing's separator dot before the
/// address (`Title. https://…`) and a `, accessed March 3, 2025` stamp. `None` when empty.
pub fn clean_source_title(title: &str) -> Option<String> {
    let mut title = title.trim();
    if let Some(at) = title.to_lowercase().rfind(", accessed ") {
        let stamp = &title.to_lowercase()[at + ", accessed ".len()..];
        if title.is_char_boundary(at)
            && scan_date(stamp).is_some_and(|(n, _)| stamp[n..].trim().is_empty())
        {
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

/// A whole line that lists sources one after another, as Copilot's `Learn more: 1. site.com
/// 2. other.org` does: each entry with its byte offset in the line. At least two entries, all
/// numbered `N.` with an address after them.
pub fn scan_inline_source_list(line: &str) -> Option<Vec<(Range<usize>, SourceEntry)>> {
    let rest = ["Learn more:", "Learn more", "Sources:"]
        .iter()
        .find_map(|opening| line.strip_prefix(opening))
        .unwrap_or(line);
    let words: Vec<(usize, &str)> = rest
        .split_whitespace()
        .map(|word| (word.as_ptr() as usize - line.as_ptr() as usize, word))
        .collect();
    if words.len() < 4 || words.len() % 2 != 0 {
        return None;
    }
    let mut entries = Vec::new();
    for pair in words.chunks(2) {
        let [(at, number), (address_at, address)] = pair else {
            return None;
        };
        let number = parse_citation_number(number.strip_suffix('.')?)?;
        let span = *at..address_at + address.len();
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
    Some(entries)
}

/// A signature line: `— Name (@handle) Nov 4, 2025`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The name as written.
    pub name: Option<String>,
    /// The handle with its `@`.
    pub handle: Option<String>,
    /// The date, if one was given.
    pub date: Option<Date>,
}

/// Find a signature that ends `line`: a dash (`—`, `–`, or `-`/`--` at the start of the
/// line), a name, an optional `(@handle)` and a date. Returns the byte offset where the
/// signature starts and what it says. It needs a handle or a date, or ordinary dashes in
/// prose would be read as signatures.
pub fn find_signature(line: &str) -> Option<(usize, Signature)> {
    // A signature is short and ends the line: only dashes near the end can start one.
    let tail = floor_char_boundary(line, line.len().saturating_sub(MAX_SIGNATURE_LEN));
    let dashes = line
        .char_indices()
        .skip_while(|&(i, _)| i < tail)
        .filter(|&(i, c)| matches!(c, '—' | '–') || (c == '-' && line[..i].trim().is_empty()));
    for (start, dash) in dashes {
        let rest = line[start + dash.len_utf8()..].trim_start_matches('-');
        if let Some(signature) = scan_signature_body(rest) {
            return Some((start, signature));
        }
    }
    None
}

/// `Name (@handle) Date` to the end of `text`.
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
        None => ("", None, text),
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
    pub date: Option<Date>,
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
    if let Some(rest) = super::vocabulary::share_openings().find_map(strip) {
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

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, four digits.
    pub year: u32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// Whether day and month could have been the other way round (`3/9/2024`).
    pub ambiguous: bool,
}

impl Date {
    fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
            ambiguous: false,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name or its abbreviation (`Nov`, `Nov.`, `Sept`, `November`), case-insensitive.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(&word))
        .map(|index| index as u32 + 1)
}

/// Scan a date at the start of `text`: `Nov 4, 2025`, `November 4 2025`, `4 Nov 2025`,
/// `2025-11-04`, European `4.11.2025`, or US `11/4/2025` (marked ambiguous when both readings are valid dates).
pub fn scan_date(text: &str) -> Option<(usize, Date)> {
    let words: Vec<(usize, &str)> = text
        .split_inclusive(char::is_whitespace)
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len();
            Some((start, word))
        })
        .filter(|(_, word)| !word.trim().is_empty())
        .take(3)
        .collect();
    let word = |i: usize| words.get(i).map(|(_, w)| w.trim());
    let end_of = |i: usize| words[i].0 + words[i].1.trim_end().len();
    let number = |w: &str, max_len: usize| -> Option<u32> {
        let w = w.trim_end_matches([',', '.']);
        let w = w
            .strip_suffix("st")
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .unwrap_or(w);
        (!w.is_empty() && w.len() <= max_len && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let first = word(0)?;
    // Month D, YYYY
    if let Some(month) = month_number(first) {
        let day = number(word(1)?, 2)?;
        let year_word = word(2)?.trim_end_matches(['.', ',']);
        if year_word.len() == 4 {
            let year = number(year_word, 4)?;
            return Some((end_of(2), Date::new(year, month, day)?));
        }
        return None;
    }
    // D Month YYYY
    if let (Some(day), Some(month)) = (number(first, 2), word(1).and_then(month_number)) {
        let year_word = word(2)?.trim_end_matches(['.', ',']);
        if year_word.len() == 4 {
            return Some((end_of(2), Date::new(number(year_word, 4)?, month, day)?));
        }
        return None;
    }
    let token = first.trim_end_matches(['.', ',']);
    let consumed = words[0].0 + token.len();
    // YYYY-MM-DD
    let parts: Vec<&str> = token.split('-').collect();
    if let [year, month, day] = parts[..] {
        if year.len() == 4 {
            let date = Date::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // D.M.YYYY, as German and other European pages write it (`07.03.2025`).
    let parts: Vec<&str> = token.split('.').collect();
    if let [day, month, year] = parts[..] {
        if year.len() == 4 {
            let date = Date::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // M/D/YYYY, as US engines write it.
    let parts: Vec<&str> = token.split('/').collect();
    if let [month, day, year] = parts[..] {
        if year.len() == 4 {
            let (month, day, year) = (number(month, 2)?, number(day, 2)?, number(year, 4)?);
            let mut date = Date::new(year, month, day)?;
            date.ambiguous = month != day && Date::new(year, day, month).is_some();
            return Some((consumed, date));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_groups_in_every_written_form() {
        type Case<'a> = (&'a str, Option<(usize, &'a [u32])>);
        let cases: &[Case] = &[
            ("[1]", Some((3, &[1]))),
            ("[1, 2]", Some((6, &[1, 2]))),
            ("[1,2]", Some((5, &[1, 2]))),
            ("[ 1 , 2 ] tail", Some((9, &[1, 2]))),
            ("[1-3]", Some((5, &[1, 2, 3]))),
            ("[1–3]", Some((7, &[1, 2, 3]))),
            ("[1, 4-5]", Some((8, &[1, 4, 5]))),
            ("[sic]", None),
            ("[2000]", None),
            ("[0]", None),
            ("[]", None),
            ("[1,]", None),
            ("[3-1]", None),
            ("[1-500]", None),
            ("[1", None),
            ("1]", None),
        ];
        for (text, expected) in cases {
            let got = scan_citation_group(text);
            let got = got.as_ref().map(|(n, v)| (*n, v.as_slice()));
            assert_eq!(got, *expected, "{text:?}");
        }
    }

    #[test]
    fn engine_specific_groups() {
        assert_eq!(scan_citation_group("[web:12]"), Some((8, vec![12])));
        assert_eq!(scan_citation_group("[^10^]"), Some((6, vec![10])));
        assert_eq!(scan_citation_group("[web:]"), None);
    }

    #[test]
    fn digit_clusters_are_read_against_the_known_sources() {
        let known = |numbers: &[u32]| numbers.iter().copied().collect();
        assert_eq!(
            split_digit_cluster(&[1, 2, 3], &known(&[1, 2, 3])),
            Some(vec![1, 2, 3])
        );
        assert_eq!(
            split_digit_cluster(&[1, 2, 3], &known(&[1, 23])),
            Some(vec![1, 23])
        );
        assert_eq!(
            split_digit_cluster(&[1, 0, 1, 1], &known(&[10, 11])),
            Some(vec![10, 11])
        );
        assert_eq!(split_digit_cluster(&[1, 4], &known(&[1, 2, 3])), None);
        assert_eq!(
            split_digit_cluster(&[3, 1], &known(&[1, 3])),
            None,
            "not increasing"
        );
        assert_eq!(split_digit_cluster(&[0], &known(&[1])), None);
    }

    #[test]
    fn adjacent_groups_form_one_run() {
        assert_eq!(scan_citation_run("[1][2]"), Some((6, vec![1, 2])));
        assert_eq!(scan_citation_run("[1][5][6]x"), Some((9, vec![1, 5, 6])));
        assert_eq!(scan_citation_run("[1] [2] next"), Some((7, vec![1, 2])));
        assert_eq!(scan_citation_run("[1]  [2]"), Some((3, vec![1])));
        assert_eq!(scan_citation_run("[1][sic]"), Some((3, vec![1])));
    }

    #[test]
    fn addresses_with_and_without_truncation() {
        let cases = [
            (
                "jamestown.org/program/azerba…",
                Some(("jamestown.org/program/azerba", true)),
            ),
            (
                "https://example.com/a?b=c",
                Some(("https://example.com/a?b=c", false)),
            ),
            (
                "<https://example.com/>",
                Some(("https://example.com/", false)),
            ),
            ("example.com/page.", Some(("example.com/page", false))),
            ("www.example.co.uk...", Some(("www.example.co.uk", true))),
            ("civilnet.a…", Some(("civilnet.a", true))),
            ("e.g.", None),
            ("12.5", None),
            ("hello", None),
            ("javascript:alert(1)", Some(("javascript:alert(1)", false))),
            ("mailto:a@b.org", Some(("mailto:a@b.org", false))),
            (
                "en.wikipedia.org/wiki/Baku_(city).",
                Some(("en.wikipedia.org/wiki/Baku_(city)", false)),
            ),
            ("a.org/x),", Some(("a.org/x", false))),
            ("Note:", None),
            ("10:30", None),
            ("localhost:8080", None),
        ];
        for (token, expected) in cases {
            let got = scan_address(token);
            let got = got.as_ref().map(|a| (a.url.as_str(), a.truncated));
            assert_eq!(got, expected, "{token:?}");
        }
    }

    #[test]
    fn domains_drop_scheme_www_port_and_path() {
        assert_eq!(domain_of("https://www.Example.com:8080/x"), "example.com");
        assert_eq!(
            domain_of("en.wikipedia.org/wiki/Azerba"),
            "en.wikipedia.org"
        );
        assert_eq!(domain_of("http://user@host.org"), "host.org");
        assert_eq!(domain_of("javascript:alert(1)"), "");
    }

    #[test]
    fn only_web_addresses_are_linkable() {
        assert!(is_linkable("https://example.com"));
        assert!(is_linkable("HTTP://example.com"));
        assert!(is_linkable("example.com/a:b"));
        assert!(!is_linkable("javascript:alert(1)"));
        assert!(!is_linkable("JavaScript://%0aalert(1)"));
        assert!(!is_linkable("data:text/html,x"));
        assert!(!is_linkable("file:///etc/passwd"));
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
    }

    #[test]
    fn signatures_glued_or_alone() {
        let line = "[11] civilnet.am/en/news/966663/r…— Michael Novakhov (@mikenov) Nov 4, 2025";
        let (start, signature) = find_signature(line).unwrap();
        assert_eq!(&line[..start], "[11] civilnet.am/en/news/966663/r…");
        assert_eq!(signature.name.as_deref(), Some("Michael Novakhov"));
        assert_eq!(signature.handle.as_deref(), Some("@mikenov"));
        assert_eq!(signature.date.unwrap().iso(), "2025-11-04");

        let (start, signature) = find_signature("— Ada Lovelace, 10 December 2024").unwrap();
        assert_eq!(start, 0);
        assert_eq!(signature.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(signature.date.unwrap().iso(), "2024-12-10");

        assert_eq!(find_signature("Prices rose — sharply — in 2024."), None);
        assert_eq!(find_signature("well-known results (@home) today"), None);
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
        assert_eq!((date.iso().as_str(), date.ambiguous), ("2024-03-09", true));
        assert_eq!(
            scan_trailer("Answer from the committee was long and detailed: no"),
            None
        );
        assert_eq!(scan_trailer("Answers from Perplexity"), None);
    }

    #[test]
    fn dates_in_common_forms() {
        let cases = [
            ("Nov 4, 2025", Some(("2025-11-04", false, 11))),
            ("November 4 2025 rest", Some(("2025-11-04", false, 15))),
            ("4 Nov. 2025", Some(("2025-11-04", false, 11))),
            ("2024-02-29", Some(("2024-02-29", false, 10))),
            ("3/9/2024", Some(("2024-03-09", true, 8))),
            ("12/31/2024", Some(("2024-12-31", false, 10))),
            ("07.03.2025 — snippet", Some(("2025-03-07", false, 10))),
            ("31.02.2025", None),
            ("2023-02-29", None),
            ("Nov 31, 2025", None),
            ("May I ask", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = scan_date(text).map(|(n, d)| (d.iso(), d.ambiguous, n));
            let expected = expected.map(|(iso, ambiguous, n)| (iso.to_owned(), ambiguous, n));
            assert_eq!(got, expected, "{text:?}");
        }
    }
}
