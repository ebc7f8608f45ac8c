//! The one citation-marker finder both dialects call: plain text in, text runs and citation
//! markers out.
//!
//! Every written form of a citation marker is one scanner here, each looking at the start of a
//! string and returning how much it consumed:
//!
//! - bracketed groups `[1, 2]`, `[1; 2]`, `[1][3]`, `[1], [2]`, `[2-4]`, `[2]–[4]`,
//!   `[web:3]`, `[citation:3]`, `[Source 1]`, `[doc1]`, `[^10^]`, full-width `［1］`, `【2】`
//!   and `〔3〕`, also in parentheses;
//! - carets `^1^` and `^1,2^` (Bing, 2023), `^1` where the list has the number, and a
//!   raised group `^[1]^`;
//! - numbers in parentheses ending a clause, `in 1937 (1).`, where the list has them, and
//!   after a label anywhere, `(Source 1, 3)`;
//! - author–year citations, `(Avgerinos et al., 2018)` and `Rawson et al. (2008)`, of the
//!   entries of a reference list;
//! - sources named after a label, `(Source: Reuters)`, `(via AP)`, which each reader numbers;
//! - links to a marker: `[this article](^3^)`, `[words](3)`, `[words][3]` (a reference-style
//!   link to a numbered source) and `[1,4](@ref)` (DeepSeek);
//! - ChatGPT's leaked `:contentReference[oaicite:N]{index=N}`, `【3†source】` (`[3†source]`)
//!   and `citeturn0search3`, which point at nothing the paste holds: removed, and reported
//!   as a note;
//! - Gemini's `[cite: 1, 3]`, after the words its `[cite_start]` opened (which is dropped);
//! - Perplexity's chips flattened to text (`…management.braintrust+2`) and ChatGPT's after a
//!   sentence (`… risk. Harvard Health+1`): a site's name with no address;
//! - where the source list is known: superscripts (`sharply¹²`), digits glued after a full
//!   stop (`sharply.14 Later`, `interphase.1,2 Lithium`) and digits after a space before `:`
//!   or `,` (`ceremonies 1:`).
//!
//! `[citation needed]` is dropped: the claim stays uncited. Addresses cited in brackets
//! (`(https://…)`) are made citations by [`cite_address_groups`], once the caller knows how
//! to number them.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::claims::{Inline, Style};
use super::scan::author_year::{
    narrative_surnames, narrative_year, pandoc_keys, parenthetical_keys, reference_key, AuthorYear,
    MAX_KEYED_LEN,
};
use super::scan::citations::{
    labelled_group, scan_address_group, scan_citation_group, scan_citation_run,
    scan_zero_based_run, split_digit_cluster, superscript_digit,
};
use super::scan::date::scan_date;
use super::scan::floor_char_boundary;
use crate::address::{chip_names, name_as_label, scan_address, Address};

/// What the finder knows of a snapshot's sources beyond the text it is reading, for markers
/// that are only citations in such a snapshot:
///
/// - the numbers its list gives: superscripts (`¹²`) and bare digits (`sharply.14 Later`)
///   cite only a source that exists. Empty: only markers that cannot be read as anything else
///   are citations;
/// - whether it cites by sites' names (ChatGPT's `… risk. Harvard Health+1`): then a name
///   alone after the last sentence of a text is a chip too (`… first. Mayo Clinic`).
///
/// - the first author and year of each entry of a reference list, for author–year citations
///   (`(Avgerinos et al., 2018)`): see [`crate::parse::scan::author_year`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownSources {
    numbers: BTreeSet<u32>,
    named_chips: bool,
    /// Whether the snapshot cites by digits glued after a word's full stop (`… auctions.1`):
    /// then they cite after a year's too (`… by 2023.2 The`).
    cites_after_stops: bool,
    /// Each entry's number by its first author and year; `None` where two entries share them.
    authors: BTreeMap<AuthorYear, Option<u32>>,
    /// The domains of the listed sites, which a chip without a count may name.
    site_domains: Vec<String>,
    /// The names of those sites ([`chip_names`]), each with the index of the first domain
    /// that has it: made the first time a chip asks.
    site_names: OnceCell<BTreeMap<String, usize>>,
}

impl KnownSources {
    /// No source known.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no source number is known.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// The highest number the list gives.
    pub fn highest(&self) -> Option<u32> {
        self.numbers.last().copied()
    }

    /// Whether the list gives source `number`.
    pub fn contains(&self, number: &u32) -> bool {
        self.numbers.contains(number)
    }

    /// Add a number the list gives.
    pub fn insert(&mut self, number: u32) {
        self.numbers.insert(number);
    }

    /// The same, for a snapshot that does (or does not) cite by sites' names.
    pub fn citing_by_names(self, named_chips: bool) -> Self {
        KnownSources {
            named_chips,
            ..self
        }
    }

    /// The same, for a snapshot that does (or does not) cite by digits glued after a word's
    /// full stop ([`cites_after_stops`]).
    pub fn citing_after_stops(self, cites_after_stops: bool) -> Self {
        KnownSources {
            cites_after_stops,
            ..self
        }
    }

    /// The same, knowing the entries of a reference list by their titles (`Avgerinos, K., …
    /// (2018). Effects of …`), which author–year citations cite.
    pub fn with_references<'a>(
        mut self,
        entries: impl IntoIterator<Item = (u32, &'a str)>,
    ) -> Self {
        for (number, title) in entries {
            if let Some(key) = reference_key(title) {
                self.authors
                    .entry(key)
                    .and_modify(|known| *known = None)
                    .or_insert(Some(number));
            }
        }
        self
    }

    /// The same, knowing the domains of the listed sources (`irs.gov`), whose sites a chip
    /// without a count may name (`… in 2025. irs`).
    pub fn with_site_domains(mut self, domains: Vec<String>) -> Self {
        self.site_domains = domains;
        self
    }

    /// Which of the domains given (by its index) is the first whose site `name` may name on
    /// a chip ([`chip_names`]). The names are made when first asked, which only a lowercase
    /// word after a sentence makes the marker finder do.
    pub fn site_named(&self, name: &str) -> Option<usize> {
        if self.site_domains.is_empty() {
            return None;
        }
        let names = self.site_names.get_or_init(|| {
            let mut names = BTreeMap::new();
            for (index, domain) in self.site_domains.iter().enumerate() {
                for name in chip_names(domain) {
                    names.entry(name).or_insert(index);
                }
            }
            names
        });
        names.get(&name_as_label(name)).copied()
    }

    /// The entry that the author and year of `key` name, if exactly one does.
    fn cited_by(&self, key: &AuthorYear) -> Option<u32> {
        self.authors.get(key).copied().flatten()
    }

    /// The entry a citation key's surname and year name ([`key_author_year`]): a key writes
    /// the surname without its spaces and marks (`vanderberg` for `van der Berg`), so where
    /// no entry has it as written, the surnames are compared by their letters.
    fn cited_by_key(&self, key: &AuthorYear) -> Option<u32> {
        if let Some(number) = self.cited_by(key) {
            return Some(number);
        }
        let (surname, year) = key;
        let mut found = self.authors.iter().filter(|((name, entry_year), _)| {
            entry_year == year
                && name
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .eq(surname.chars())
        });
        match (found.next(), found.next()) {
            (Some((_, number)), None) => *number,
            _ => None,
        }
    }
}

impl FromIterator<u32> for KnownSources {
    fn from_iter<I: IntoIterator<Item = u32>>(numbers: I) -> Self {
        KnownSources {
            numbers: numbers.into_iter().collect(),
            ..KnownSources::default()
        }
    }
}

/// Whether `text` cites by a site's name with a count of further sources, as ChatGPT's chips
/// copy (`… risk. Harvard Health+1`): in a snapshot that does, [`KnownSources::citing_by_names`].
pub fn cites_by_named_chips(text: &str) -> bool {
    text.contains('+')
        && inlines_from_text(text, 0, &Style::default(), &KnownSources::new())
            .iter()
            .any(|inline| {
                matches!(inline, Inline::Unnumbered { site: Some(site), .. }
                    if site.starts_with(char::is_uppercase))
            })
}

/// Whether `text` cites a source of `known` by digits glued after a word's full stop, as a
/// Docs export of Gemini's Deep Research writes them (`… government auctions.1 The …`): in a
/// snapshot that does, [`KnownSources::citing_after_stops`].
pub fn cites_after_stops(text: &str, known: &KnownSources) -> bool {
    !known.is_empty()
        && text
            .match_indices('.')
            .any(|(dot, _)| scan_bare_digits(text, dot, known).is_some())
}

/// What a scanner found at a position of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// A citation of these numbers (empty: a marker that cites nothing, `[citation needed]`).
    Cite(Vec<u32>),
    /// A link over words whose target is a citation: the words stay as text.
    Words {
        /// The words' byte range within the marker.
        words: std::ops::Range<usize>,
        /// The numbers cited.
        numbers: Vec<u32>,
    },
    /// Sources cited by name (`(Source: Reuters)`).
    Named(Vec<String>),
    /// A marker that cites something the paste does not say by number.
    Unnumbered {
        /// The site's name of a flattened chip; `None` for a marker that names nothing.
        site: Option<String>,
    },
}

/// Split plain text that starts at byte `at` of the file into text and the citation markers
/// in it (see the module documentation for the forms).
pub fn inlines_from_text(
    text: &str,
    at: usize,
    style: &Style,
    known: &KnownSources,
) -> Vec<Inline> {
    let mut inlines = Vec::new();
    let mut copied_to = 0;
    let mut i = 0;
    // A flattened chip has a `+`: in text without one, the word after each space and full
    // stop need not be read for one.
    let may_have_chips = text.as_bytes().contains(&b'+');
    // ChatGPT's flattened `citeturn0search3` starts with a letter, which the skip below passes
    // over: where the text has one, it is looked for apart.
    let may_have_turns = text.contains(FLAT_TURN_OPENING);
    while i < text.len() {
        // Skip to the next byte a marker can start at (most are letters).
        let mut next = text.as_bytes()[i..]
            .iter()
            .position(|&byte| may_start_marker(byte))
            .unwrap_or(text.len() - i);
        if may_have_turns {
            if let Some(at) = text[i..i + next].find(FLAT_TURN_OPENING) {
                next = at;
            }
        }
        i += next;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let found = match c {
            '[' | '(' | '［' | '〔' => scan_bracketed(&text[i..])
                .or_else(|| {
                    // `[0]`: only where the list is numbered from zero, or it is an index.
                    let from_zero = known.contains(&0) && c == '[';
                    let (len, numbers) = from_zero.then(|| scan_zero_based_run(&text[i..]))??;
                    Some((len, Found::Cite(numbers)))
                })
                .or_else(|| {
                    let (len, numbers) = scan_pandoc_citation(&text[i..], known)?;
                    Some((len, Found::Cite(numbers)))
                })
                .or_else(|| {
                    let len = scan_note_marker(text, i)?;
                    Some((len, Found::Cite(Vec::new())))
                })
                .or_else(|| scan_marker_link(&text[i..]))
                .or_else(|| {
                    let (len, numbers) = scan_labelled_parenthesis(&text[i..])?;
                    Some((len, Found::Cite(numbers)))
                })
                .or_else(|| {
                    let (len, names) = scan_named_sources(&text[i..])?;
                    Some((len, Found::Named(names)))
                })
                .or_else(|| {
                    let (len, numbers) = scan_parenthesized_numbers(text, i, known)?;
                    Some((len, Found::Cite(numbers)))
                })
                .or_else(|| {
                    let (len, numbers) = scan_author_year(text, i, known)?;
                    Some((len, Found::Cite(numbers)))
                })
                .or_else(|| {
                    Some((
                        scan_result_marker(&text[i..])?,
                        Found::Unnumbered { site: None },
                    ))
                })
                .map(|(len, found)| (i, len, found)),
            'c' | '\u{e200}' => scan_turn_reference(&text[i..])
                .map(|len| (i, len, Found::Unnumbered { site: None })),
            ':' => scan_content_reference(&text[i..])
                .map(|len| (i, len, Found::Unnumbered { site: None }))
                .or_else(|| scan_glued_digits(text, i, known)),
            ',' | ';' => scan_glued_digits(text, i, known),
            '【' => scan_result_marker(&text[i..])
                .map(|len| (i, len, Found::Unnumbered { site: None }))
                .or_else(|| scan_bracketed(&text[i..]).map(|(len, found)| (i, len, found))),
            '^' => scan_caret(text, i, known).map(|(len, numbers)| (i, len, Found::Cite(numbers))),
            '.' | '。' | '!' | '?' | ')' | ' ' => scan_after_mark(text, i, known, may_have_chips),
            c if superscript_digit(c).is_some() && !known.is_empty() => {
                scan_superscripts(text, i, known).map(|(s, l, n)| (s, l, Found::Cite(n)))
            }
            _ => None,
        };
        // A marker found back from the mark (`studies1.`) must not reach into one before.
        let Some((start, len, found)) = found.filter(|&(start, ..)| start >= copied_to) else {
            i += c.len_utf8();
            continue;
        };
        if start > copied_to {
            inlines.push(Inline::Text {
                text: text[copied_to..start].to_owned(),
                style: style.clone(),
                at: at + copied_to,
            });
        }
        let span = at + start..at + start + len;
        match found {
            // `[citation needed]` cites nothing but is a marker all the same: the space
            // before it goes with it.
            Found::Cite(numbers) => inlines.push(Inline::Cite { numbers, span }),
            Found::Words { words, numbers } => {
                inlines.push(Inline::Text {
                    text: text[start + words.start..start + words.end].to_owned(),
                    style: style.clone(),
                    at: at + start + words.start,
                });
                inlines.push(Inline::Cite { numbers, span });
            }
            Found::Unnumbered { site } => inlines.push(Inline::Unnumbered { site, span }),
            Found::Named(names) => inlines.push(Inline::Named { names, span }),
        }
        copied_to = start + len;
        i = copied_to;
    }
    if copied_to < text.len() {
        inlines.push(Inline::Text {
            text: text[copied_to..].to_owned(),
            style: style.clone(),
            at: at + copied_to,
        });
    }
    inlines
}

/// Whether any text of `inlines` may cite an address in brackets: most hold no bracket, and
/// most of the rest no address, so they are turned away by a search for single bytes, then
/// for an address's first letters.
pub fn may_cite_addresses(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text { text, .. } => {
            let bytes = text.as_bytes();
            (bytes.contains(&b'(') || bytes.contains(&b'['))
                && (text.contains("http") || text.contains("www."))
        }
        _ => false,
    })
}

/// `inlines` with every address cited in brackets in their text (`(https://…)`,
/// `(source: https://a…, https://b…)`, `[https://…]`: see [`scan_address_group`]) made a
/// citation, each address numbered by `number` (given the address and the group's span).
pub fn cite_address_groups(
    inlines: Vec<Inline>,
    mut number: impl FnMut(Address, Range<usize>) -> u32,
) -> Vec<Inline> {
    if !may_cite_addresses(&inlines) {
        return inlines;
    }
    let mut cited = Vec::with_capacity(inlines.len() + 2);
    for inline in inlines {
        let Inline::Text { text, style, at } = inline else {
            cited.push(inline);
            continue;
        };
        let mut copied_to = 0;
        let mut i = 0;
        // The next `(` and `[`, each found by a search for one byte (memchr) and kept until
        // passed: a search for either of two characters reads one by one.
        let find_from = |c: char, from: usize| text[from..].find(c).map(|at| from + at);
        let (mut paren, mut bracket) = (find_from('(', 0), find_from('[', 0));
        loop {
            if paren.is_some_and(|at| at < i) {
                paren = find_from('(', i);
            }
            if bracket.is_some_and(|at| at < i) {
                bracket = find_from('[', i);
            }
            let Some(open) = paren.into_iter().chain(bracket).min() else {
                break;
            };
            let Some((len, addresses)) = scan_address_group(&text[open..]) else {
                i = open + 1;
                continue;
            };
            let span = at + open..at + open + len;
            let numbers = addresses
                .into_iter()
                .map(|address| number(address, span.clone()))
                .collect();
            if open > copied_to {
                cited.push(Inline::Text {
                    text: text[copied_to..open].to_owned(),
                    style: style.clone(),
                    at: at + copied_to,
                });
            }
            cited.push(Inline::Cite { numbers, span });
            copied_to = open + len;
            i = copied_to;
        }
        match copied_to {
            0 => cited.push(Inline::Text { text, style, at }),
            _ if copied_to < text.len() => cited.push(Inline::Text {
                text: text[copied_to..].to_owned(),
                style,
                at: at + copied_to,
            }),
            _ => {}
        }
    }
    cited
}

/// Whether a marker can start at a character that starts with `byte`: the ASCII characters
/// [`inlines_from_text`] looks at, and any other than ASCII (`。`, superscript digits).
fn may_start_marker(byte: u8) -> bool {
    matches!(
        byte,
        b'[' | b'(' | b':' | b'^' | b'.' | b'!' | b'?' | b')' | b' ' | b',' | b';'
    ) || !byte.is_ascii()
}

/// A bracketed citation run, also wrapped in parentheses, or `[citation needed]` (no numbers).
fn scan_bracketed(text: &str) -> Option<(usize, Found)> {
    if let Some(inner) = text.strip_prefix('(') {
        let (len, numbers) = scan_citation_run(inner)?;
        return inner[len..]
            .starts_with(')')
            .then_some((len + 2, Found::Cite(numbers)));
    }
    const NEEDED: &str = "[citation needed]";
    if text
        .get(..NEEDED.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(NEEDED))
    {
        return Some((NEEDED.len(), Found::Cite(Vec::new())));
    }
    // Gemini's `[cite_start]` opens the words its `[cite: 1]` closes: it cites nothing.
    const CITE_START: &str = "[cite_start]";
    if text.starts_with(CITE_START) {
        return Some((CITE_START.len(), Found::Cite(Vec::new())));
    }
    let (len, numbers) = scan_citation_run(text)?;
    // `[1](@ref)`: the group is the text of a link to a marker; take the link too.
    match scan_marker_link(text) {
        Some((link_len, found)) if link_len > len => Some((link_len, found)),
        _ => Some((len, Found::Cite(numbers))),
    }
}

/// `(Source 1)`, `(Sources 2, 4)`, `(ref. 3)`: numbers after a label in parentheses, as an
/// answer asked to cite its sources writes them, anywhere in a sentence. The label is what
/// tells them from an enumeration (`(1) cost and (2) time`).
fn scan_labelled_parenthesis(text: &str) -> Option<(usize, Vec<u32>)> {
    let inner = text.strip_prefix('(')?;
    if !inner.starts_with(char::is_alphabetic) {
        return None;
    }
    let close = inner[..floor_char_boundary(inner, MAX_LABELLED_LEN)].find(')')?;
    let numbers = labelled_group(&inner[..close])?;
    Some((close + 2, numbers))
}

/// Words that say what follows names a source (`(Source: Reuters)`), with their colon;
/// `via` needs none. Lowercase; compared ignoring case.
const NAMING_LABELS: &[&str] = &[
    "source:",
    "sources:",
    "via",
    "quelle:",
    "quellen:",
    "fuente:",
    "fuentes:",
    "fonte:",
    "fontes:",
    "bron:",
    "bronnen:",
    "källa:",
    "kilde:",
    "lähde:",
    "źródło:",
    "источник:",
    "источники:",
    "출처:",
    "来源：",
    "来源:",
    "出典：",
    "出典:",
];

/// The most words a source's name has (`The Wall Street Journal Europe`).
const MAX_SOURCE_NAME_WORDS: usize = 6;

/// `(Source: Reuters)`, `(Sources: IEA, Financial Times)`, `[Quelle: dpa]`, `(via AP)`: a
/// hand-written briefing citing its sources by name, with no address or number. Every name
/// must be a few words with a letter (after `via`, starting with a capital: `(via email)`
/// is prose); a date among them is left out (`(Source: Reuters, 4 March 2025)`), and an
/// address leaves the group to the address scanner.
fn scan_named_sources(text: &str) -> Option<(usize, Vec<String>)> {
    let close = match text.chars().next()? {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let inner = &text[1..];
    let label = NAMING_LABELS.iter().find(|label| {
        inner
            .get(..label.len())
            .is_some_and(|head| head.chars().flat_map(char::to_lowercase).eq(label.chars()))
    })?;
    let names_start = 1 + label.len();
    if !text[names_start..].starts_with([' ', '\u{a0}']) && !label.ends_with([':', '：']) {
        return None;
    }
    let end = names_start
        + text[names_start..][..floor_char_boundary(&text[names_start..], 160)].find(close)?;
    let mut names = Vec::new();
    for part in text[names_start..end].split([',', ';', '/']) {
        for name in part.split(" and ").flat_map(|name| name.split(" & ")) {
            let name = name.trim();
            if scan_date(name).is_some_and(|(len, _)| len == name.len()) {
                continue;
            }
            let words = name.split_whitespace().count();
            let capitalised = name.starts_with(|c: char| c.is_alphanumeric() && !c.is_lowercase());
            let is_name = (1..=MAX_SOURCE_NAME_WORDS).contains(&words)
                && name.contains(char::is_alphabetic)
                && (capitalised || *label != "via")
                && !name
                    .split_whitespace()
                    .any(|word| scan_address(word).is_some());
            if !is_name {
                return None;
            }
            names.push(name.to_owned());
        }
    }
    (!names.is_empty()).then_some((end + close.len_utf8(), names))
}

/// The longest inside of a labelled group in parentheses read (`Sources 1, 2, 3, 4, 5`).
const MAX_LABELLED_LEN: usize = 60;

/// The longest inside of an author–year citation read (several works of several authors).
const MAX_AUTHOR_YEAR_LEN: usize = 400;

/// `(Avgerinos et al., 2018; McMorris et al., 2007)` and the year of `Rawson et al. (2008)`:
/// author–year citations of entries the reference list has. A parenthesis any of whose works
/// the list does not have stays text.
fn scan_author_year(text: &str, start: usize, known: &KnownSources) -> Option<(usize, Vec<u32>)> {
    if known.authors.is_empty() {
        return None;
    }
    let inner = text[start..].strip_prefix('(')?;
    let close = inner[..floor_char_boundary(inner, MAX_AUTHOR_YEAR_LEN)].find(')')?;
    let inside = &inner[..close];
    let numbers = match parenthetical_keys(inside) {
        Some(keys) => keys
            .iter()
            .map(|key| known.cited_by(key))
            .collect::<Option<Vec<u32>>>()?,
        None => {
            let year = narrative_year(inside)?;
            let number = narrative_surnames(&text[..start])
                .into_iter()
                .find_map(|name| known.cited_by(&(name, year.clone())))?;
            vec![number]
        }
    };
    Some((close + 2, numbers))
}

/// A wiki's marker of an explanatory note, glued to the text it notes (`level.[a]`,
/// `1865.[note 1]`, `word[nb 2]`): no source, but a marker all the same, so it leaves the
/// text and a claim ends at it as at a citation. A letter is one only after punctuation or
/// another marker (`[5][a]`): after a word it is an index (`dp[i]`). The bytes it takes.
fn scan_note_marker(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].chars().next_back()?;
    if before.is_whitespace() {
        return None;
    }
    let inner = text[start..].strip_prefix('[')?;
    let close = inner[..floor_char_boundary(inner, 12)].find(']')?;
    let name = &inner[..close];
    let letter = name.len() == 1
        && name.bytes().all(|b| b.is_ascii_lowercase())
        && (before.is_ascii_punctuation() || "”’".contains(before));
    let numbered = ["note ", "nb ", "n "].iter().any(|lead| {
        name.strip_prefix(lead)
            .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
    });
    (letter || numbered).then_some(close + 2)
}

/// `[@walker2017; @diekelmann2010]`, `[see @walker2017, p. 4]`: a Pandoc citation of the
/// reference entries whose first author and year its keys are made of ([`pandoc_keys`]).
/// Stays text unless each key names exactly one entry.
fn scan_pandoc_citation(text: &str, known: &KnownSources) -> Option<(usize, Vec<u32>)> {
    if known.authors.is_empty() {
        return None;
    }
    let inner = text.strip_prefix('[')?;
    let close = inner[..floor_char_boundary(inner, MAX_KEYED_LEN)].find(']')?;
    let numbers = pandoc_keys(&inner[..close])?
        .iter()
        .map(|key| known.cited_by_key(key))
        .collect::<Option<Vec<u32>>>()?;
    Some((close + 2, numbers))
}

/// `opened in 1937 (1).`, `is orange (1, 3).`: numbers in parentheses that end a sentence,
/// a clause or the text, where the source list gives every one of them, as a document written
/// by hand cites. Elsewhere they stay text: `(1) cost and (2) time` enumerate, `(1, 1),` is a
/// pair, and a text beside no list has nothing to cite.
fn scan_parenthesized_numbers(
    text: &str,
    start: usize,
    known: &KnownSources,
) -> Option<(usize, Vec<u32>)> {
    if known.is_empty() || !text[..start].ends_with([' ', '\u{a0}']) {
        return None;
    }
    let inner = text[start..].strip_prefix('(')?;
    // A group is short; the window ends on a character's boundary.
    let close = inner[..floor_char_boundary(inner, 24)].find(')')?;
    let group = &inner[..close];
    if !group.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = &inner[close + 1..];
    let ends_clause = after.is_empty()
        || after.starts_with(['.', ',', ';', ':', '!', '?'])
            && after[1..].chars().next().is_none_or(char::is_whitespace);
    if !ends_clause || text[..start].trim_end().is_empty() {
        return None;
    }
    let (_, numbers) = scan_citation_group(&format!("[{group}]"))?;
    // `strides of (1, 1), so`, `a shape (2, 3), then`: a pair in prose is more often a
    // tuple. Several numbers cite only in rising order, at a sentence's end.
    let several_cite = numbers.windows(2).all(|pair| pair[0] < pair[1])
        && (after.is_empty() || after.starts_with(['.', '!', '?']));
    (numbers.iter().all(|number| known.contains(number)) && (numbers.len() == 1 || several_cite))
        .then_some((close + 2, numbers))
}

/// The longest link text read as words over a marker (`[this article](^3^)`).
const MAX_LINK_WORDS: usize = 200;

/// A link whose target is a citation marker rather than an address: `[words](^3^)` and
/// `[words](3)` keep their words; `[1,4](@ref)` is nothing but the citation.
fn scan_marker_link(text: &str) -> Option<(usize, Found)> {
    let inner = text.strip_prefix('[')?;
    let window = &inner[..floor_char_boundary(inner, MAX_LINK_WORDS)];
    // `[It allows …][1]`: a reference-style link over claim text, to source 1.
    if let Some(close) = crate::find::find_marker(window, "][") {
        let words = &inner[..close];
        if !words.contains(['[', ']']) && !words.trim().is_empty() {
            if let Some((len, numbers)) = scan_citation_group(&inner[close + 1..]) {
                let words = 1..1 + close;
                return Some((1 + close + 1 + len, Found::Words { words, numbers }));
            }
        }
    }
    let close = crate::find::find_marker(window, "](")?;
    let words = &inner[..close];
    if words.contains(['[', ']']) || words.trim().is_empty() {
        return None;
    }
    let target_start = close + 2;
    let target_len = inner[target_start..]
        .get(..inner[target_start..].len().min(12))?
        .find(')')?;
    let target = &inner[target_start..target_start + target_len];
    let consumed = 1 + target_start + target_len + 1;
    if target.eq_ignore_ascii_case("@ref") {
        let (_, numbers) = scan_citation_group(&format!("[{words}]"))?;
        return Some((consumed, Found::Cite(numbers)));
    }
    let number = target
        .strip_prefix('^')
        .and_then(|t| t.strip_suffix('^'))
        .unwrap_or(target);
    let (_, numbers) = scan_citation_group(&format!("[{number}]"))?;
    Some((
        consumed,
        Found::Words {
            words: 1..1 + close,
            numbers,
        },
    ))
}

/// How ChatGPT's citations of its search results open once a copy flattens them to text.
const FLAT_TURN_OPENING: &str = "citeturn";

/// ChatGPT's citations of its search results, which a copy can leak: between private-use
/// marks (`\u{e200}cite\u{e202}turn0search0\u{e202}turn0news12\u{e201}`) or flattened to
/// text (`citeturn0search3turn1view0`). They point at results the paste does not hold.
fn scan_turn_reference(text: &str) -> Option<usize> {
    if let Some(inner) = text.strip_prefix('\u{e200}') {
        let window = &inner[..floor_char_boundary(inner, 300)];
        let close = window.find('\u{e201}')?;
        let body = &window[..close];
        let cites = body.starts_with("cite") || body.starts_with("filecite");
        return cites.then(|| '\u{e200}'.len_utf8() + close + '\u{e201}'.len_utf8());
    }
    let mut rest = text.strip_prefix("cite")?;
    let mut len = "cite".len();
    // Each result: `turn`, the turn's number, the kind of result and its number.
    while let Some(after) = rest.strip_prefix("turn") {
        let turn = after.bytes().take_while(u8::is_ascii_digit).count();
        let kind = after[turn..]
            .bytes()
            .take_while(u8::is_ascii_lowercase)
            .count();
        let number = after[turn + kind..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if turn == 0 || kind == 0 || number == 0 {
            break;
        }
        let taken = "turn".len() + turn + kind + number;
        len += taken;
        rest = &rest[taken..];
    }
    (len > "cite".len()).then_some(len)
}

/// ChatGPT's leaked `:contentReference[oaicite:N]{index=N}` (also without its `{…}` part).
fn scan_content_reference(text: &str) -> Option<usize> {
    const OPENING: &str = ":contentReference[oaicite:";
    let rest = text.strip_prefix(OPENING)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = rest[digits..].strip_prefix(']')?;
    let mut len = OPENING.len() + digits + 1;
    if rest.starts_with('{') {
        let close = rest.get(..rest.len().min(40))?.find('}')?;
        len += close + 1;
    }
    Some(len)
}

/// ChatGPT's leaked browsing markers, `【3†source】`, `【4:0†source】` or `【5†L12-L20】`
/// (between ASCII brackets where a copy lost the lenticular ones, `[3†source]`): they point
/// at search results the paste does not hold.
fn scan_result_marker(text: &str) -> Option<usize> {
    let (inner, close_mark) = match text.strip_prefix('【') {
        Some(inner) => (inner, '】'),
        None => (text.strip_prefix('[')?, ']'),
    };
    let window = &inner[..floor_char_boundary(inner, 40)];
    let close = window.find(close_mark)?;
    let (at, what) = window[..close].split_once('†')?;
    let at_result = !at.is_empty() && at.bytes().all(|b| b.is_ascii_digit() || b == b':');
    (at_result && !what.trim().is_empty())
        .then(|| text.len() - inner.len() + close + close_mark.len_utf8())
}

/// `^1^` or `^1,2^` glued to a word or a full stop. With a source list, every number must be
/// in it, so a superscript written the Pandoc way (`x^2^`) stays text there.
///
/// Without the closing caret (`system^1.`, `1995^2,3.`, as a copy of a page's superscripts
/// can write them) only beside a source list that has every number: `x^2` is a power.
///
/// A bracketed group raised the Pandoc way (`2024.^[1]^`, `power^[2][3]`) is that group: the
/// carets go with it.
fn scan_caret(text: &str, start: usize, known: &KnownSources) -> Option<(usize, Vec<u32>)> {
    let before = text[..start].chars().next_back()?;
    if before.is_whitespace() || before.is_ascii_digit() || before == '[' {
        return None;
    }
    let rest = &text[start + 1..];
    if let Some((len, numbers)) = scan_citation_run(rest) {
        let closing = usize::from(rest[len..].starts_with('^'));
        return Some((1 + len + closing, numbers));
    }
    let closed = rest
        .get(..rest.len().min(16))
        .and_then(|window| window.find('^'))
        .and_then(|close| {
            let (_, numbers) = scan_citation_group(&format!("[{}]", &rest[..close]))?;
            Some((close + 2, numbers))
        });
    let (len, numbers) = match closed {
        Some(found) => found,
        // After a word of three letters or more, or a mark: `x^2`, `mc^2`, `km^2` are powers.
        None if !known.is_empty()
            && (!before.is_alphanumeric() || ends_long_word(&text[..start])) =>
        {
            let group = rest
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b',')
                .count();
            let group = rest[..group].trim_end_matches(',');
            // `x^2y`: a marker ends where the word does.
            if rest[group.len()..].starts_with(char::is_alphanumeric) {
                return None;
            }
            let (_, numbers) = scan_citation_group(&format!("[{group}]"))?;
            (group.len() + 1, numbers)
        }
        None => return None,
    };
    if !known.is_empty() && !numbers.iter().all(|n| known.contains(n)) {
        return None;
    }
    Some((len, numbers))
}

/// Whether `text` ends with a word of three letters or more (no digits): one a caret after it
/// can mark a citation of, not raise to a power.
fn ends_long_word(text: &str) -> bool {
    text.chars()
        .rev()
        .take(3)
        .filter(|c| c.is_alphabetic())
        .count()
        == 3
}

/// Markers that follow a mark: bare digits after a full stop (`sharply.14 Later`) or after a
/// space before `:`/`,` (`ceremonies 1:`), and flattened chips (`management.braintrust+2`),
/// when `chips` says the text may have one.
fn scan_after_mark(
    text: &str,
    mark: usize,
    known: &KnownSources,
    chips: bool,
) -> Option<(usize, usize, Found)> {
    let c = text[mark..].chars().next()?;
    if let Some(found) = scan_glued_digits(text, mark, known) {
        return Some(found);
    }
    // Glued after a sentence, or after a space as the last thing in the text.
    let chip = chips
        .then(|| scan_flattened_chip(text, mark + c.len_utf8()))
        .flatten();
    let named_chip = (chips || known.named_chips)
        && c == ' '
        && text[mark + 1..].starts_with(|c: char| c.is_uppercase())
        && text[..mark].ends_with(['.', '!', '?', '。', ')']);
    if let Some(found) = named_chip
        .then(|| scan_named_chip(text, mark + 1, known.named_chips))
        .flatten()
    {
        return Some(found);
    }
    if let Some(found) = chip {
        let (start, len, _) = &found;
        let named = &text[*start..start + len];
        if c != ' ' || (text[start + len..].trim().is_empty() && !named.contains('.')) {
            return Some(found);
        }
    }
    if let Some(found) = scan_site_chip(text, mark, c, known) {
        return Some(found);
    }
    if known.is_empty() {
        return None;
    }
    match c {
        '.' => scan_bare_digits(text, mark, known).map(|(s, l, n)| (s, l, Found::Cite(n))),
        ' ' => scan_spaced_digits(text, mark, known)
            .or_else(|| scan_trailing_digits(text, mark, known))
            .map(|(s, l, n)| (s, l, Found::Cite(n))),
        _ => None,
    }
}

/// A Perplexity chip flattened to text, glued after a sentence: `site+2` or `site.name+1`,
/// lowercase, ending the text or followed by a space.
fn scan_flattened_chip(text: &str, start: usize) -> Option<(usize, usize, Found)> {
    let rest = &text[start..];
    let name_len = rest
        .bytes()
        .take(64)
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(b))
        .count();
    let name = rest[..name_len].trim_end_matches(['.', '-', '_']);
    let plus = rest[name.len()..].strip_prefix('+')?;
    let count = plus.bytes().take_while(u8::is_ascii_digit).count();
    let after = plus[count..].chars().next();
    let letters = name.chars().filter(char::is_ascii_lowercase).count();
    if letters < 2
        || !name.starts_with(|c: char| c.is_ascii_lowercase())
        || !(1..=2).contains(&count)
        || after.is_some_and(|c| !c.is_whitespace())
    {
        return None;
    }
    let len = name.len() + 1 + count;
    Some((
        start,
        len,
        Found::Unnumbered {
            site: Some(name.to_owned()),
        },
    ))
}

/// A chip without a count after a sentence, the site's name as Perplexity shows it,
/// lowercase, after a space (`… in 2025. irs`) or glued to the full stop (`… 2025.irs`), where
/// a listed source is on that site: it ends the text or comes before the next sentence.
/// `mark` is the space or the full stop, `c` which of them.
fn scan_site_chip(
    text: &str,
    mark: usize,
    c: char,
    known: &KnownSources,
) -> Option<(usize, usize, Found)> {
    if known.site_domains.is_empty() {
        return None;
    }
    let after_sentence = match c {
        ' ' => text[..mark].ends_with(['.', '!', '?', '。', ')']),
        '.' => text[..mark].ends_with(|c: char| c.is_alphanumeric() || ")\"”’".contains(c)),
        _ => false,
    };
    if !after_sentence {
        return None;
    }
    let rest = &text[mark + 1..];
    let name_len = rest
        .bytes()
        .take(64)
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(b))
        .count();
    let name = rest[..name_len].trim_end_matches(['.', '-']);
    let after = &rest[name.len()..];
    let ends_sentence = after.trim_end_matches('.').trim().is_empty()
        || after
            .strip_prefix(' ')
            .is_some_and(|next| next.starts_with(char::is_uppercase));
    let site = name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && known.site_named(name).is_some();
    let found = Found::Unnumbered {
        site: Some(name.to_owned()),
    };
    // The space goes with the chip; a full stop stays with the sentence.
    let (start, len) = match c {
        ' ' => (mark, name.len() + 1),
        _ => (mark + 1, name.len()),
    };
    (ends_sentence && site).then_some((start, len, found))
}

/// The most words a named chip's site name has (`The New York Times`).
const NAMED_CHIP_WORDS: usize = 5;

/// A ChatGPT chip flattened to text after a sentence and a space: the publisher's name as
/// the chip shows it, capitalised, and the count of further sources (`… risk. Harvard
/// Health+1`, `… in 2024. Reuters +2`). The count is what tells a chip from the next
/// sentence's first words; a chip without one is left as text, unless it ends the text in a
/// snapshot that cites by names elsewhere (`uncounted`).
fn scan_named_chip(text: &str, start: usize, uncounted: bool) -> Option<(usize, usize, Found)> {
    let rest = &text[start..];
    if !rest.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let mut end = 0;
    let mut words = 0;
    for (index, word) in rest.split(' ').enumerate().take(NAMED_CHIP_WORDS + 1) {
        words = index + 1;
        // `Health+1`, or the count as a word of its own: `Reuters +2`.
        let (name, count) = match word.split_once('+') {
            Some((name, count)) => (name, Some(count)),
            None => (word, None),
        };
        let part_of_name = name.is_empty() && index > 0
            || name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || matches!(
                name,
                "of" | "the" | "and" | "&" | "for" | "de" | "la" | "on"
            );
        if !part_of_name || name.contains(['.', ',', ';', ':', '!', '?']) {
            return None;
        }
        if let Some(count) = count {
            let count_len = count.bytes().take_while(u8::is_ascii_digit).count();
            let ends_chip = (1..=2).contains(&count_len)
                && count[count_len..]
                    .chars()
                    .next()
                    .is_none_or(|after| after.is_whitespace());
            if !ends_chip {
                return None;
            }
            let len = end + name.len() + 1 + count_len;
            let site = rest[..end + name.len()].trim().to_owned();
            // The chip ends the text or comes before the next sentence (`… Reuters+2 Then
            // prices fell`); `Also C+1 maybe` is prose.
            let next = rest[len..].trim_start().chars().next();
            let before_sentence = next.is_none_or(char::is_uppercase);
            let named = site.chars().filter(|c| c.is_alphabetic()).count() >= 3;
            return (before_sentence && named)
                .then(|| (start - 1, len + 1, Found::Unnumbered { site: Some(site) }));
        }
        end += word.len() + 1;
    }
    // Without a count, only a name that ends the text, where the snapshot cites by names.
    let site = rest.trim_end();
    let ends_text = end >= rest.len() && words <= NAMED_CHIP_WORDS;
    let named = site.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    (uncounted && ends_text && named).then(|| {
        let site = Some(site.to_owned());
        (start - 1, rest.len() + 1, Found::Unnumbered { site })
    })
}

/// Superscript digits glued to a word (`sharply¹²`, `sharply.³`), read against the known
/// sources. Not after a number or a one- or two-letter unit (`10 m²`, `km³`).
fn scan_superscripts(
    text: &str,
    start: usize,
    known: &KnownSources,
) -> Option<(usize, usize, Vec<u32>)> {
    // Only the word just before matters; looking further back would make a line of
    // superscripts quadratic to read.
    let from = floor_char_boundary(text, start.saturating_sub(64));
    let before = &text[from..start];
    // `quickly.² ³`: a cluster spaced out continues the one before it.
    let spaced_cluster = before.ends_with(' ')
        && before
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| superscript_digit(c).is_some());
    let word = if spaced_cluster {
        "continued"
    } else {
        before.rsplit(char::is_whitespace).next().unwrap_or("")
    };
    // After punctuation (`in 1889.¹`) a superscript marks a citation; glued to a number or a
    // short unit (`10²`, `m²`) it is an exponent.
    let after_punctuation = word.ends_with(['.', ',', ';', ':', ')', '"', '”', '’']);
    let letters = word.trim_end_matches(['.', ',', ';', ':', ')', '"', '”', '’']);
    let exponent = letters.chars().count() < 3 || letters.ends_with(|c: char| c.is_ascii_digit());
    let marks_citation = after_punctuation && !letters.is_empty();
    if exponent && !marks_citation {
        return None;
    }
    // At most one more digit than a cluster may have, so a long run is rejected in O(1).
    let digits: Vec<u32> = text[start..]
        .chars()
        .map_while(superscript_digit)
        .take(13)
        .collect();
    let len: usize = text[start..]
        .chars()
        .take(digits.len())
        .map(char::len_utf8)
        .sum();
    let numbers = split_digit_cluster(&digits, &known.numbers)?;
    Some((start, len, numbers))
}

/// Digits glued to the end of a word, as a copy of Copilot's and Bing's superscript citations
/// leaves them (`in laboratory studies1.`, `alertness4,`, `risk23.`): known sources' numbers
/// right after a word of three letters or more, lowercase after its first, before the mark at
/// `mark` (punctuation, or a space and then a capital or another such number: `studies2 3.`).
/// Not in a name with digits of its own (`GPT4`, `mp3`, `COVID-19`) nor before lowercase words
/// (`type2 diabetes`).
fn scan_glued_digits(
    text: &str,
    mark: usize,
    known: &KnownSources,
) -> Option<(usize, usize, Found)> {
    if known.is_empty() {
        return None;
    }
    let before = &text[..mark];
    let digits_len = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits_len) {
        return None;
    }
    let start = mark - digits_len;
    let mut letters = 0;
    let mut capitals = 0;
    let mut word_start = start;
    for c in before[..start]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
    {
        letters += 1;
        word_start -= c.len_utf8();
        if c.is_uppercase() {
            capitals += 1;
        }
    }
    // The first letter may be a capital (`in Denver1.`); the word's start is its own.
    if before[..word_start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let first_is_capital = before[word_start..].starts_with(char::is_uppercase);
    if letters < 3 || capitals > usize::from(first_is_capital) {
        return None;
    }
    let digits: Vec<u32> = before[start..]
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let mut numbers = split_digit_cluster(&digits, &known.numbers)?;
    let mut len = digits_len;
    if let Some(after_space) = text[mark..].strip_prefix(' ') {
        // `studies2 3.`: more numbers, each after a space, up to punctuation or the end.
        let mut rest = &text[mark..];
        let mut more = Vec::new();
        let mut more_len = 0;
        while let Some(next) = rest.strip_prefix(' ') {
            let count = next.bytes().take(4).take_while(u8::is_ascii_digit).count();
            let group: Vec<u32> = next[..count].bytes().map(|b| u32::from(b - b'0')).collect();
            let Some(group) = (1..=3)
                .contains(&count)
                .then(|| split_digit_cluster(&group, &known.numbers))
                .flatten()
            else {
                break;
            };
            more.extend(group);
            more_len += 1 + count;
            rest = &next[count..];
        }
        let closes = rest.is_empty() || rest.starts_with(['.', ',', ';', ':', '!', '?']);
        if !more.is_empty() && closes {
            numbers.extend(more);
            len += more_len;
        } else if !after_space.starts_with(char::is_uppercase) {
            return None;
        }
    }
    Some((start, len, Found::Cite(numbers)))
}

/// Digits glued after the full stop of a word (`rose sharply.14 Later`, `fell 60%.3`), when
/// that number is a known source. Never inside numbers (`12.5`, `$19.99`), since a digit
/// before the stop or anything but space after the digits rules it out, except after a year
/// that ends a sentence in a snapshot that cites so after words too, as a Docs export of
/// Gemini's Deep Research does (`installed by 2023.2 The`): there the digits must end the
/// text or come before a capital, so a version (`IntelliJ 2023.2 brings`) stays a number.
fn scan_bare_digits(
    text: &str,
    dot: usize,
    known: &KnownSources,
) -> Option<(usize, usize, Vec<u32>)> {
    let before = text[..dot].chars().next_back()?;
    let after_year =
        before.is_ascii_digit() && known.cites_after_stops && ends_in_year(&text[..dot]);
    if !(before.is_alphabetic() || ")\"”’%".contains(before) || after_year) {
        return None;
    }
    let start = dot + 1;
    // After a year the digits must end a sentence: nothing but a capital may follow.
    let ends_sentence = |end: usize| {
        let rest = text[end..].trim_start();
        rest.is_empty() || rest.starts_with(char::is_uppercase)
    };
    // `interphase.1,2 Lithium`, `risk.3–5 It`: a group as a copy of superscripts writes it.
    let group_len: usize = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–'))
        .map(char::len_utf8)
        .sum();
    let group = &text[start..start + group_len];
    if group.contains([',', '-', '–']) {
        let after = text[start + group_len..].chars().next();
        if after.is_some_and(|c| !c.is_whitespace())
            || !group.ends_with(|c: char| c.is_ascii_digit())
            || (after_year && !ends_sentence(start + group_len))
        {
            return None;
        }
        let (_, numbers) = scan_citation_group(&format!("[{group}]"))?;
        return numbers
            .iter()
            .all(|number| known.contains(number))
            .then_some((start, group_len, numbers));
    }
    let len = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    let after = text[start + len..].chars().next();
    if len == 0
        || len > 3
        || after.is_some_and(|c| !c.is_whitespace())
        || (after_year && !ends_sentence(start + len))
    {
        return None;
    }
    let digits: Vec<u32> = text[start..start + len]
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let numbers = split_digit_cluster(&digits, &known.numbers)?;
    Some((start, len, numbers))
}

/// Whether `text` ends in a year (`1500`–`2099`) written alone: after a space, a bracket, a
/// dash or a slash (`2022–2023`), not within a longer number (`1.2023`, `12,2023`), a word
/// (`v2023`) or a price (`$2023`).
fn ends_in_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(year_start) = bytes.len().checked_sub(4) else {
        return false;
    };
    let year = &bytes[year_start..];
    let century = (year[0], year[1]);
    if !year.iter().all(u8::is_ascii_digit) || !((b'1', b'5')..=(b'2', b'0')).contains(&century) {
        return false;
    }
    text[..year_start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([–—-/".contains(c))
}

/// A known source's number after a word and a space, right before `:` or `,`
/// (`part of the team's ceremonies 1:`). The space before the number is part of the marker.
fn scan_spaced_digits(
    text: &str,
    space: usize,
    known: &KnownSources,
) -> Option<(usize, usize, Vec<u32>)> {
    let before = text[..space].chars().next_back()?;
    if !before.is_alphabetic() {
        return None;
    }
    let start = space + 1;
    let len = text[start..].bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[start + len..];
    let closes =
        rest.starts_with([':', ',']) && rest[1..].chars().next().is_none_or(char::is_whitespace);
    // `accessed August 29, 2025`: a day of a date, not a citation.
    let year_follows = rest
        .strip_prefix(',')
        .map(str::trim_start)
        .is_some_and(|after| {
            after.len() >= 4
                && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && !after[4..].starts_with(|c: char| c.is_ascii_digit())
        });
    if len == 0 || len > 3 || !closes || year_follows {
        return None;
    }
    let number: u32 = text[start..start + len].parse().ok()?;
    known
        .contains(&number)
        .then(|| (space, len + 1, vec![number]))
}

/// Known sources' numbers after a sentence and a space, ending the text or before the next
/// sentence: `… shorter wavelength. 1 2`, `… tall. 1 The survey …`, as a copy of Copilot's
/// answer leaves its citation chips. Every number must be a known source, and only a new
/// sentence may follow them: `in 2019. 3 of them` is prose.
fn scan_trailing_digits(
    text: &str,
    space: usize,
    known: &KnownSources,
) -> Option<(usize, usize, Vec<u32>)> {
    let digit_follows = text
        .as_bytes()
        .get(space + 1)
        .is_some_and(u8::is_ascii_digit);
    if !digit_follows || !text[..space].ends_with(['.', '!', '?', '。']) {
        return None;
    }
    let rest = &text[space + 1..];
    // The numbers end the text, or a new sentence follows them (`… tall. 1 The survey …`).
    let marker_len = rest
        .char_indices()
        .find(|&(at, c)| c.is_uppercase() && rest[..at].ends_with(' '))
        .map_or(rest.len(), |(at, _)| at);
    let marker = rest[..marker_len].trim_end();
    let mut numbers = Vec::new();
    for word in marker.split([' ', ',']).filter(|word| !word.is_empty()) {
        let number: u32 = (word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
            .then(|| word.parse().ok())
            .flatten()?;
        if !known.contains(&number) {
            return None;
        }
        numbers.push(number);
    }
    (!numbers.is_empty()).then(|| (space, marker.len() + 1, numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text and the markers of `text`, as `(text, numbers or site)` items.
    fn read(text: &str, known: &[u32]) -> Vec<String> {
        read_knowing(text, &known.iter().copied().collect())
    }

    /// [`read`], with all that is known of the snapshot's sources.
    fn read_knowing(text: &str, known: &KnownSources) -> Vec<String> {
        inlines_from_text(text, 0, &Style::default(), known)
            .into_iter()
            .map(|inline| match inline {
                Inline::Text { text, .. } => format!("text {text:?}"),
                Inline::Cite { numbers, .. } => format!("cite {numbers:?}"),
                Inline::Unnumbered { site, .. } => format!("unnumbered {site:?}"),
                Inline::Named { names, .. } => format!("named {names:?}"),
            })
            .collect()
    }

    #[test]
    fn digits_glued_to_a_word_cite_known_sources() {
        let known = [1, 2, 3, 4, 5];
        assert_eq!(
            read(
                "Tea has catechins1. It lowers risk2 3. Sleep improves4, and Denver5 Then",
                &known
            ),
            [
                "text \"Tea has catechins\"",
                "cite [1]",
                "text \". It lowers risk\"",
                "cite [2, 3]",
                "text \". Sleep improves\"",
                "cite [4]",
                "text \", and Denver\"",
                "cite [5]",
                "text \" Then\"",
            ]
        );
        // A word with digits of its own, a short word, digits before lowercase prose, a
        // number no source has, or no list.
        for text in [
            "It runs GPT4. It plays mp3.",
            "It was COVID19.",
            "Most have type2 diabetes.",
            "See Windows11.",
            "It was COVID-19.",
            "It rose 12.",
            "Tea has catechins9.",
        ] {
            assert_eq!(read(text, &known), [format!("text {text:?}")], "{text}");
        }
        assert_eq!(
            read("Tea has catechins1.", &[]),
            ["text \"Tea has catechins1.\""]
        );
    }

    #[test]
    fn a_site_chip_without_a_count_names_a_listed_site_after_a_sentence() {
        let known: KnownSources = [1, 2].into_iter().collect();
        let known = known.with_site_domains(vec!["irs.gov".into(), "en.wikipedia.org".into()]);
        assert_eq!(
            read_knowing(
                "It qualifies before 2025. irs Buyers must apply. wikipedia",
                &known
            ),
            [
                "text \"It qualifies before 2025.\"",
                "unnumbered Some(\"irs\")",
                "text \" Buyers must apply.\"",
                "unnumbered Some(\"wikipedia\")",
            ]
        );
        // A site no source is on, a word in mid-sentence, before lowercase prose, or glued.
        for text in [
            "It qualifies. nasa",
            "Ask the irs about it.",
            "It qualifies. irs rules apply.",
            "See www.irs.gov for more.",
            "See irs.gov.",
            "It qualifies.irs rules",
        ] {
            assert_eq!(
                read_knowing(text, &known),
                [format!("text {text:?}")],
                "{text}"
            );
        }
    }

    #[test]
    fn author_year_citations_cite_the_entry_of_that_author_and_year() {
        let known = KnownSources::new().with_references([
            (
                1,
                "Avgerinos, K., & Spyrou, N. (2018). Creatine. Exp Gerontol.",
            ),
            (2, "Benton, D., & Donohoe, R. (2011). Vegetarians."),
            (3, "Smith, J. (2020a). One."),
            (4, "Smith, J. (2020a). Two, the same key."),
        ]);
        assert_eq!(
            read_knowing(
                "It helps (Avgerinos et al., 2018; Benton & Donohoe, 2011). Benton and Donohoe (2011) agree.",
                &known
            ),
            [
                "text \"It helps \"",
                "cite [1, 2]",
                "text \". Benton and Donohoe \"",
                "cite [2]",
                "text \" agree.\"",
            ]
        );
        // A work the list does not have, a year no author precedes, two entries with one key,
        // and a list without authors.
        for prose in [
            "It helps (Avgerinos, 2019).",
            "It helps (Avgerinos et al., 2018; Jones, 2011).",
            "In the (2018) season.",
            "As Smith (2020a) says.",
        ] {
            assert_eq!(
                read_knowing(prose, &known),
                [format!("text {prose:?}")],
                "{prose}"
            );
        }
        let prose = "It helps (Avgerinos et al., 2018).";
        assert_eq!(read(prose, &[1]), [format!("text {prose:?}")]);
    }

    #[test]
    fn a_wikis_note_markers_leave_the_text_and_cite_nothing() {
        assert_eq!(
            read(
                "Sea level.[a] It rose.[5][b] Named in 1865[note 1] after him.",
                &[5]
            ),
            [
                "text \"Sea level.\"",
                "cite []",
                "text \" It rose.\"",
                "cite [5]",
                "cite []",
                "text \" Named in 1865\"",
                "cite []",
                "text \" after him.\"",
            ]
        );
        // An index after a word, and a letter after a space, stay text.
        for prose in ["Set dp[i] to the best.", "Option [a] is cheaper."] {
            assert_eq!(read(prose, &[1]), [format!("text {prose:?}")], "{prose}");
        }
    }

    #[test]
    fn pandoc_citations_cite_the_entry_their_keys_name() {
        let known = KnownSources::new().with_references([
            (1, "Walker, M. (2017). Why We Sleep."),
            (2, "van der Berg, J. (2020b). Dikes."),
            (3, "Smith, J. (2020a). One."),
            (4, "Smith, J. (2020a). Two, the same key."),
        ]);
        assert_eq!(
            read_knowing(
                "Sleep helps [@walker2017; see @vanderberg2020b, p. 4]. So [-@walkerWhyWeSleep2017].",
                &known
            ),
            [
                "text \"Sleep helps \"",
                "cite [1, 2]",
                "text \". So \"",
                "cite [1]",
                "text \".\"",
            ]
        );
        // A key no entry has, a key two entries share, an address, and no list of authors.
        for prose in [
            "Sleep helps [@jones2019].",
            "Sleep helps [@smith2020a].",
            "Mail [me@walker2017.org].",
        ] {
            assert_eq!(
                read_knowing(prose, &known),
                [format!("text {prose:?}")],
                "{prose}"
            );
        }
        let prose = "Sleep helps [@walker2017].";
        assert_eq!(read(prose, &[1]), [format!("text {prose:?}")]);
    }

    #[test]
    fn digit_groups_glued_after_a_full_stop_cite_known_sources() {
        assert_eq!(
            read(
                "Fade grows.1,2 Plating adds.3–5 Heat too.2-3",
                &[1, 2, 3, 4, 5]
            ),
            [
                "text \"Fade grows.\"",
                "cite [1, 2]",
                "text \" Plating adds.\"",
                "cite [3, 4, 5]",
                "text \" Heat too.\"",
                "cite [2, 3]",
            ]
        );
        // A number the list lacks, a group glued to a word, a trailing comma, a price.
        for text in [
            "Fade grows.1,7 Then.",
            "Fade.1,2x here.",
            "Fade.1, here.",
            "It costs $1.5,2 now.",
        ] {
            assert_eq!(read(text, &[1, 2]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn digits_glued_after_a_year_or_a_percentage_cite_where_a_sentence_ends() {
        // A percentage's stop ends a sentence in any snapshot.
        assert_eq!(
            read("Costs fell 60%.3 Then.", &[3]),
            ["text \"Costs fell 60%.\"", "cite [3]", "text \" Then.\""]
        );
        // A year's, in one that cites after words' stops too.
        let citing_after_stops = |numbers: &[u32]| {
            KnownSources::from_iter(numbers.iter().copied()).citing_after_stops(true)
        };
        assert_eq!(
            read_knowing(
                "Installed by 2023.2 And 2019–2020.1",
                &citing_after_stops(&[1, 2])
            ),
            [
                "text \"Installed by 2023.\"",
                "cite [2]",
                "text \" And 2019–2020.\"",
                "cite [1]",
            ]
        );
        assert_eq!(
            read_knowing("Built in 2021.1,2 Then.", &citing_after_stops(&[1, 2])),
            ["text \"Built in 2021.\"", "cite [1, 2]", "text \" Then.\""]
        );
        // A version, a decimal, a year in a longer number or after a price, a number the
        // list lacks, a year before a lowercase word.
        for text in [
            "IntelliJ IDEA 2023.2 brings a new UI.",
            "The ratio was 1.2023.2 in all.",
            "It cost $2023.2 Then.",
            "Rose to 1450.2 Then.",
            "Installed by 2023.7 Then.",
        ] {
            let known = citing_after_stops(&[1, 2]);
            assert_eq!(
                read_knowing(text, &known),
                [format!("text {text:?}")],
                "{text}"
            );
        }
        // In a snapshot that does not, a year's stop is no citation's.
        assert_eq!(
            read("Installed by 2023.2 Then.", &[1, 2]),
            ["text \"Installed by 2023.2 Then.\""]
        );
    }

    #[test]
    fn a_snapshot_cites_after_stops_where_digits_follow_a_words_stop() {
        let known = KnownSources::from_iter([1, 2]);
        assert!(cites_after_stops("Grew fast.1 Then slowed.", &known));
        assert!(cites_after_stops("Grew fast.2", &known));
        for text in [
            "Fixed in 2023.2",
            "Fixed in 2023.2 Then.",
            "Grew 1.5 times.",
            "Grew.7",
        ] {
            assert!(!cites_after_stops(text, &known), "{text}");
        }
        assert!(!cites_after_stops("Grew fast.1", &KnownSources::new()));
    }

    #[test]
    fn sources_named_after_a_label_are_named_markers() {
        fn names(text: &str) -> Option<Vec<String>> {
            scan_named_sources(text).map(|(_, names)| names)
        }
        assert_eq!(names("(Source: Reuters)."), Some(vec!["Reuters".into()]));
        assert_eq!(
            names("(Sources: IEA, Financial Times and AP)"),
            Some(vec!["IEA".into(), "Financial Times".into(), "AP".into()])
        );
        assert_eq!(names("[Quelle: dpa]"), Some(vec!["dpa".into()]));
        assert_eq!(names("(via AP, 4 March 2025)"), Some(vec!["AP".into()]));
        assert_eq!(names("(出典：共同通信)"), Some(vec!["共同通信".into()]));
        assert_eq!(
            scan_named_sources("(Source: Reuters) more").map(|(len, _)| len),
            Some(17)
        );
        // Prose after `via`, an address, a number, too many words, no closing bracket.
        for text in [
            "(via email)",
            "(viaduct works)",
            "(Source: https://example.org/a)",
            "(Source: 2024)",
            "(Source: a long phrase of many more words than a name)",
            "(Source: Reuters",
            "(Sourced: Reuters)",
        ] {
            assert_eq!(names(text), None, "{text}");
        }
    }

    #[test]
    fn labelled_numbers_in_parentheses_cite_anywhere() {
        assert_eq!(
            read("Six died (Source 1, 3) that night (ref. 2).", &[]),
            [
                "text \"Six died \"",
                "cite [1, 3]",
                "text \" that night \"",
                "cite [2]",
                "text \".\"",
            ]
        );
        assert_eq!(
            read("Es gab Tote (Quelle: 2).", &[2]),
            ["text \"Es gab Tote \"", "cite [2]", "text \".\""]
        );
        // A word that is no label, a label before no number, a number too big to cite.
        for prose in [
            "See the code (Source code).",
            "It is open (Docs and more).",
            "Filed (Document 2023).",
            "Read it (Figure 2).",
            "On the web (Web 2.0).",
            "Split (Sources 1 and 2).",
        ] {
            assert_eq!(read(prose, &[1, 2]), [format!("text {prose:?}")], "{prose}");
        }
    }

    #[test]
    fn numbers_in_parentheses_cite_where_they_end_a_clause_beside_a_list() {
        assert_eq!(
            read(
                "It opened in 1937 (1). It is orange (1, 3). So says the park (2)",
                &[1, 2, 3]
            ),
            [
                "text \"It opened in 1937 \"",
                "cite [1]",
                "text \". It is orange \"",
                "cite [1, 3]",
                "text \". So says the park \"",
                "cite [2]"
            ]
        );
        // Text of several-byte letters after the group does not hide its end.
        assert_eq!(
            read("Это было в 1937 (1). Мост покрашен в оранжевый", &[1]),
            [
                "text \"Это было в 1937 \"",
                "cite [1]",
                "text \". Мост покрашен в оранжевый\""
            ]
        );
        for (text, known) in [
            ("It opened in 1937 (1).", &[][..]),
            ("It opened in 1937 (4).", &[1, 2, 3][..]),
            ("Two tools: (1) a key and (2) a cloth.", &[1, 2][..]),
            ("(1) Close the valve.", &[1][..]),
            ("It weighs 2 kg (1 bar minimum).", &[1][..]),
            ("See item(1).", &[1][..]),
            ("It rose (1)% a year.", &[1][..]),
            ("Seen [1) and ［1) here.", &[1][..]),
            ("The strides are (1, 1), which means one pixel.", &[1][..]),
            ("A matrix of shape (2, 3), then another.", &[1, 2, 3][..]),
            ("Ordered (3, 1).", &[1, 2, 3][..]),
        ] {
            let shown = read(text, known);
            assert_eq!(shown, [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn carets_cite_and_pandoc_superscripts_stay_text_beside_a_list() {
        assert_eq!(
            read("Tides follow the moon^1^. Waves^2,3^ too.", &[]),
            [
                "text \"Tides follow the moon\"",
                "cite [1]",
                "text \". Waves\"",
                "cite [2, 3]",
                "text \" too.\""
            ]
        );
        assert_eq!(read("Area x^2^ here.", &[1]), ["text \"Area x^2^ here.\""]);
        assert_eq!(
            read("Spaced ^1^ caret.", &[]),
            ["text \"Spaced ^1^ caret.\""]
        );
        // Without the closing caret, only numbers the list has, ending a word.
        assert_eq!(
            read("The reef is large^1. It shrank^2,3.", &[1, 2, 3]),
            [
                "text \"The reef is large\"",
                "cite [1]",
                "text \". It shrank\"",
                "cite [2, 3]",
                "text \".\""
            ]
        );
        for text in [
            "Area x^2 here.",
            "Area x^2y here.",
            "Since 10^3 years.",
            "E = mc^2 here.",
            "Area in km^2 here.",
        ] {
            assert_eq!(read(text, &[2, 3]), [format!("text {text:?}")], "{text}");
        }
        assert_eq!(read("Area x^2 here.", &[]), ["text \"Area x^2 here.\""]);
        assert_eq!(read("Area x^4 here.", &[1, 2]), ["text \"Area x^4 here.\""]);
        // A bracketed group raised the Pandoc way: the carets go with it.
        assert_eq!(
            read("It fell in 2024.^[1]^ It lost power^[2][3] first.", &[]),
            [
                "text \"It fell in 2024.\"",
                "cite [1]",
                "text \" It lost power\"",
                "cite [2, 3]",
                "text \" first.\""
            ]
        );
        assert_eq!(
            read("A ^[1] b.", &[]),
            ["text \"A ^\"", "cite [1]", "text \" b.\""]
        );
    }

    #[test]
    fn links_to_markers_keep_their_words() {
        assert_eq!(
            read("Read [the paper](^4^) first.", &[]),
            [
                "text \"Read \"",
                "text \"the paper\"",
                "cite [4]",
                "text \" first.\""
            ]
        );
        assert_eq!(
            read("Streams convert types[2,5](@ref).", &[]),
            [
                "text \"Streams convert types\"",
                "cite [2, 5]",
                "text \".\""
            ]
        );
        assert_eq!(
            read("[It deepens the channel][2]. More.", &[]),
            [
                "text \"It deepens the channel\"",
                "cite [2]",
                "text \". More.\""
            ]
        );
        assert_eq!(
            read("See [a page](https://a.org) now.", &[]),
            ["text \"See [a page](https://a.org) now.\""]
        );
    }

    #[test]
    fn leaked_content_references_are_unnumbered_markers() {
        assert_eq!(
            read("Ships in May. :contentReference[oaicite:7]{index=7}", &[]),
            ["text \"Ships in May. \"", "unnumbered None"]
        );
    }

    #[test]
    fn flattened_chips_name_a_site() {
        assert_eq!(
            read("Costs rise at scale.examplenews+2 Later.", &[]),
            [
                "text \"Costs rise at scale.\"",
                "unnumbered Some(\"examplenews\")",
                "text \" Later.\""
            ]
        );
        for text in [
            "Use C++17 here.",
            "Try g++ now.",
            "Sum a.b+1 here.",
            "Add 1.5+2 more.",
        ] {
            assert_eq!(read(text, &[]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn named_chips_with_a_count_after_a_sentence_name_a_site() {
        assert_eq!(
            read(
                "Prices rose in 2024. Reuters +2 Then they fell. The New York Times+1",
                &[]
            ),
            [
                "text \"Prices rose in 2024.\"",
                "unnumbered Some(\"Reuters\")",
                "text \" Then they fell.\"",
                "unnumbered Some(\"The New York Times\")",
            ]
        );
        // Without a count, in mid-sentence, before lowercase prose or too short, it is text.
        for text in [
            "Coffee is fine. Mayo Clinic",
            "Use C++ daily. Also C+1 maybe.",
            "Add it. A+1 Then more.",
            "It rose. Prices +2 percent rose.",
            "It grew by Reuters+2 Then.",
        ] {
            assert_eq!(read(text, &[]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn names_without_a_count_end_a_text_only_in_a_snapshot_citing_by_names() {
        let citing = KnownSources::new().citing_by_names(true);
        let read_citing = |text: &str| read_knowing(text, &citing);
        assert_eq!(
            read_citing("Ask a doctor first. Mayo Clinic"),
            [
                "text \"Ask a doctor first.\"",
                "unnumbered Some(\"Mayo Clinic\")"
            ]
        );
        // Not before more text, not a long or short name, not a sentence, not mid-sentence.
        for text in [
            "Ask a doctor first. Mayo Clinic says so.",
            "Ask first. Mayo Clinic Of The Great North Plains",
            "Ask first. Al",
            "Ask first. Then go.",
            "Ask a doctor Mayo Clinic",
        ] {
            assert_eq!(read_citing(text), [format!("text {text:?}")], "{text}");
        }
        assert!(cites_by_named_chips("It rose. Reuters +2"));
        assert!(
            !cites_by_named_chips("It rose.reuters+2"),
            "Perplexity's chips"
        );
        assert!(!cites_by_named_chips("Use C++ daily."));
    }

    #[test]
    fn known_numbers_ending_the_text_after_a_sentence_cite() {
        assert_eq!(
            read("Blue light scatters more. 1 2", &[1, 2]),
            ["text \"Blue light scatters more.\"", "cite [1, 2]"]
        );
        // Before the next sentence too.
        assert_eq!(
            read("Blue light scatters. 1 2 Sunsets are red. 2", &[1, 2]),
            [
                "text \"Blue light scatters.\"",
                "cite [1, 2]",
                "text \" Sunsets are red.\"",
                "cite [2]"
            ]
        );
        // Unknown numbers, numbers before more text, and numbers without a sentence before
        // them stay text.
        for (text, known) in [
            ("Blue light scatters more. 1 7", &[1, 2][..]),
            ("It rose in 2019. 3 of them", &[3]),
            ("It rose in 2019. 3 of Them", &[3]),
            ("Chapter 1 2", &[1, 2]),
            ("Blue light scatters more. 1 2", &[]),
        ] {
            assert_eq!(read(text, known), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn zero_cites_only_where_the_list_is_numbered_from_zero() {
        assert_eq!(
            read("It returns None [0]. Use reversed() [0][2].", &[0, 1, 2]),
            [
                "text \"It returns None \"",
                "cite [0]",
                "text \". Use reversed() \"",
                "cite [0, 2]",
                "text \".\""
            ]
        );
        // Without a source 0, `[0]` is an index or a list, and stays text.
        for text in [
            "The first element is a[0].",
            "The list [0, 1, 2] has three items.",
        ] {
            assert_eq!(read(text, &[1, 2]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn gemini_cite_groups_cite_and_their_openings_are_dropped() {
        assert_eq!(
            read("[cite_start]Coffee is fine. [cite: 1, 3]", &[]),
            ["cite []", "text \"Coffee is fine. \"", "cite [1, 3]"]
        );
    }

    #[test]
    fn full_width_groups_and_deepseek_citation_markers_cite() {
        assert_eq!(
            read("长城始建于春秋时期［1］。明朝重建了它【2】【3】。", &[]),
            [
                "text \"长城始建于春秋时期\"",
                "cite [1]",
                "text \"。明朝重建了它\"",
                "cite [2, 3]",
                "text \"。\""
            ]
        );
        assert_eq!(
            read("Values have one owner [citation:1][citation:3].", &[]),
            [
                "text \"Values have one owner \"",
                "cite [1, 3]",
                "text \".\""
            ]
        );
        for text in ["【注意】请看。", "［附录］"] {
            assert_eq!(read(text, &[]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn leaked_turn_references_are_unnumbered() {
        assert_eq!(
            read(
                "Tall. \u{e200}cite\u{e202}turn0search0\u{e202}turn0news12\u{e201} Old.",
                &[]
            ),
            ["text \"Tall. \"", "unnumbered None", "text \" Old.\""]
        );
        assert_eq!(
            read("Measured in 2020.citeturn0search3turn1view0 Then.", &[]),
            [
                "text \"Measured in 2020.\"",
                "unnumbered None",
                "text \" Then.\""
            ]
        );
        for text in [
            "We cite turn signals.",
            "A citeturn without a result.",
            "An open \u{e200}cite mark.",
            "An \u{e200}entity\u{e202}x\u{e201} mark.",
        ] {
            assert_eq!(read(text, &[]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn leaked_result_markers_are_unnumbered() {
        for marker in [
            "【3†source】",
            "【4:0†source】",
            "【5†L12-L20】",
            "[3†source]",
        ] {
            assert_eq!(
                read(&format!("Coffee is fine{marker}."), &[]),
                ["text \"Coffee is fine\"", "unnumbered None", "text \".\""],
                "{marker}"
            );
        }
        for text in [
            "A 【quoted】 word.",
            "A 【†】 mark.",
            "An open 【3†source",
            "A [†] dagger.",
            "Mixed [3†source】 brackets.",
        ] {
            assert_eq!(read(text, &[]), [format!("text {text:?}")], "{text}");
        }
    }

    #[test]
    fn spaced_digits_before_a_colon_or_comma_cite_known_sources() {
        assert_eq!(
            read("Review it at each sprint 3: then ship.", &[3]),
            [
                "text \"Review it at each sprint\"",
                "cite [3]",
                "text \": then ship.\""
            ]
        );
        assert_eq!(
            read("Read on March 3, 2025 here.", &[3]),
            ["text \"Read on March 3, 2025 here.\""]
        );
        assert_eq!(
            read("Windows 10, then 11.", &[3]),
            ["text \"Windows 10, then 11.\""]
        );
        assert_eq!(
            read("Review it at each sprint 3: then.", &[]),
            ["text \"Review it at each sprint 3: then.\""]
        );
    }
}
