//! Pass 2: every form engines write citations in becomes a numbered citation group. Footnote
//! references are numbered by first reference, as GitHub does; plain `[1, 2]` keep their
//! numbers; links whose text is a number, source chips in parentheses and mangled
//! `[words](3)` are citations too. Citations without numbers of their own are keyed by address
//! and numbered in order of first appearance (SPEC 3.5).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::blocks::{Block, BlockKind, NumberedDefinitions, Piece, References};
use crate::address::{domain_of, scan_address, split_work_id};
use crate::diagnostic::Diagnostic;
use crate::parse::claims::{Inline, Style};
use crate::parse::markers::{
    cite_address_groups, cites_after_stops, inlines_from_text, may_cite_addresses, KnownSources,
};
use crate::parse::scan::author_year::{may_cite_by_author_year, reference_key};
use crate::parse::scan::citations::{
    parse_citation_number, scan_citation_group, scan_zero_based_run,
};
use crate::parse::scan::entries::{
    is_back_link, marked_number, parenthesized_number, scan_inline_source_list, scan_source_entry,
    scan_titled_address, script_numbered, superscript_number,
};
use crate::parse::vocabulary::{is_generic_link_text, is_source_heading};

/// What a link in a block stands for.
enum LinkUse {
    /// An ordinary link in the prose: text with a link, not a citation.
    Prose,
    /// `[some words](3)`: the words, then a citation of source 3.
    Mangled(u32),
    /// `[1](https://…)` inside a linked group: a citation numbered on the link.
    Numbered(u32),
    /// `([Site](https://…))`, or `.[site +1](https://…)` glued after a sentence: a source
    /// chip, a citation keyed by its address.
    Chip,
    /// `[1,4](@ref)`: a link to a marker with no address; its text is the citation.
    Marker(Vec<u32>),
}

/// What a citation points at before sources get their final numbers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Target {
    /// A number as written (`[3]`, `[words](3)`): the source list's number.
    Written(u32),
    /// A footnote by name.
    Footnote(String),
    /// A linked citation: the number shown on the link (if any), the address and a title.
    Link {
        shown: Option<u32>,
        address: String,
        title: Option<String>,
    },
    /// An entry of a reference list with no number and no address, cited by author and
    /// year: where the entry's block starts. Numbered by first citation, as links are.
    Reference { at: usize },
    /// A source cited by name (`(Source: Reuters)`), numbered by first citation as links
    /// are; the same name in another case is the same source.
    Named(String),
}

/// What resolving citations learned: the number of every cited footnote, the address and
/// title behind every linked citation's number, and the highest number given out.
#[derive(Debug, Default)]
pub(super) struct Citations {
    pub(super) footnotes: BTreeMap<String, u32>,
    pub(super) links: BTreeMap<u32, (String, Option<String>)>,
    pub(super) highest: u32,
    /// The footnotes cited that nothing defines, each by name with its first reference, in
    /// order of first reference: their numbers are placeholders from
    /// [`UNDEFINED_FOOTNOTES_FROM`] until the sources are numbered.
    pub(super) undefined_footnotes: Vec<(String, Range<usize>)>,
    /// Numbered reference definitions (`[1]: https://…`), which are sources.
    pub(super) definitions: NumberedDefinitions,
    /// The number of every reference entry cited by author and year that has neither number
    /// nor address, by where its block starts.
    pub(super) references: BTreeMap<usize, u32>,
    /// Each source cited by name, as first written, by its number.
    pub(super) named: BTreeMap<u32, String>,
}

/// Where the numbers of undefined footnotes start until the sources are known: above any
/// number a snapshot writes or counts, so that none is mistaken for a source's. `assemble`
/// numbers them after every source.
pub(super) const UNDEFINED_FOOTNOTES_FROM: u32 = 1 << 30;

/// A block with its inlines ready for the claim splitter.
#[derive(Debug, Clone)]
pub(super) struct ResolvedBlock {
    pub(super) kind: BlockKind,
    pub(super) inlines: Vec<Inline>,
    pub(super) start: usize,
    /// The block as plain text, for heading, trailer and source-entry checks.
    pub(super) text: String,
    /// Its lines, where Markdown joined lines into one paragraph or item.
    pub(super) lines: Vec<String>,
    pub(super) all_strong: bool,
    /// Whether it links back to where it is cited (`[↩](#fnref1)`): a note, so a source.
    pub(super) links_back: bool,
}

/// Split a paragraph back into its lines where it ends in a source list that Markdown joined
/// into it (`Sources:` then `[1] <https://…>` lines, or `<br>` then `Learn more: 1. site 2.
/// site`): the prose before the list stays one block, each line of the list becomes one.
/// Other paragraphs stay whole.
pub(super) fn split_source_lines(block: Block) -> Vec<Block> {
    // Only a paragraph is split: an item or a heading is not read for a list at all.
    if block.kind != BlockKind::Paragraph {
        return vec![block];
    }
    let text = block.plain_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let entry = |line: &str| {
        let line = line.trim();
        (line.starts_with('[') && line[1..].starts_with(|c: char| c.is_ascii_digit()))
            || scan_source_entry(line).is_some()
            || scan_inline_source_list(line).is_some()
            || script_numbered(line).is_some_and(|(_, rest)| scan_titled_address(rest).is_some())
            || marked_number(line).is_some_and(|(_, rest)| scan_titled_address(rest).is_some())
    };
    // The list is the lines after its first to the end, all entries or blank: it starts on
    // the line before the last run of them or within it. Found from the end, so that a long
    // paragraph is not read to its end again for each of its lines.
    let entries_from = lines
        .iter()
        .rposition(|line| !(line.trim().is_empty() || entry(line)))
        .map_or(0, |last| last + 1);
    let list_start = (entries_from.saturating_sub(1)..lines.len()).find(|&k| {
        let first = lines[k].trim();
        (is_source_heading(first) || entry(first)) && (k > 0 || lines.len() > 1)
    });
    let Some(list_start) = list_start else {
        return vec![block];
    };
    block.split_at_lines(|line| line >= list_start)
}

/// Turn every citation form into numbered citation groups.
pub(super) fn resolve_citations(
    blocks: Vec<Block>,
    references: &References,
    definitions: &NumberedDefinitions,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedBlock>, Citations) {
    let mut undefined_at = HashMap::new();
    let blocks: Vec<Block> = blocks
        .into_iter()
        .map(|block| cite_undefined_footnotes(block, &mut undefined_at))
        .flat_map(split_source_lines)
        .collect();
    let reference_entries = reference_entries(&blocks);
    let ChipSites {
        by_name: chip_sites,
        domains,
        addresses: site_addresses,
    } = chip_sites(&blocks);
    let (listed, listed_addresses) = listed_numbers(&blocks, definitions);
    // Digits glued after a word's full stop (`… auctions.1 The`) cite after a year's too
    // where the document has them.
    let cites_after_stops =
        blocks
            .iter()
            .flat_map(|block| &block.pieces)
            .any(|piece| match piece {
                Piece::Text { text, style, .. } => !style.code && cites_after_stops(text, &listed),
                _ => false,
            });
    let listed = listed
        .citing_after_stops(cites_after_stops)
        .with_references(
            reference_entries
                .iter()
                .map(|entry| (entry.number, entry.text.as_str())),
        )
        .with_site_domains(domains);
    let mut targets: Vec<Target> = Vec::new();
    let mut known: BTreeMap<Target, u32> = BTreeMap::new();
    let mut intern = |target: Target| -> u32 {
        *known.entry(target.clone()).or_insert_with(|| {
            targets.push(target);
            targets.len() as u32 - 1
        })
    };
    let mut resolved = Vec::new();
    let mut first_numbered_link: Option<Range<usize>> = None;
    // Under a `Sources` heading (or `Sources:` paragraph), `Title (https://…)` is an entry,
    // not a claim citing it, and a bare link ending an item's sentence is its address.
    let mut under_source_heading = false;
    for block in blocks {
        let plain = block.plain_text();
        let lines = plain
            .lines()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect();
        let text = plain.replace('\n', " ");
        let all_strong = block.is_all_strong();
        let links_back = links_back(&block);
        // A note's links are its addresses.
        let links_cite = !matches!(block.kind, BlockKind::FootnoteDefinition(_)) && !links_back;
        // Under a source heading, a link after an item's sentence (`2. Leppäranta, 2009.
        // [Springer](https://…)`) is the entry's address; only a chip in parentheses cites
        // (`- Prices vary ([Reuters](https://…)).`, a claim under `Notes`).
        let bare_chips_cite = !(matches!(block.kind, BlockKind::Item(_)) && under_source_heading);
        let mut inlines = Vec::new();
        let mut pieces = block.pieces.iter().peekable();
        let mut previous_was_chip = false;
        let mut after_strong = false;
        while let Some(piece) = pieces.next() {
            match piece {
                // Code is shown as written: `lines[0]` is an index, not a citation.
                Piece::Text { text, style, at } if style.code => {
                    inlines.push(Inline::Text {
                        text: text.replace('\n', " "),
                        style: style.clone(),
                        at: *at,
                    });
                    previous_was_chip = false;
                    after_strong = false;
                }
                Piece::Text { text, style, at } => {
                    let text = text.replace('\n', " ");
                    let mut offset = 0;
                    // `**MkDocs** 40, …`: a known number right after a bold name.
                    if let Some((len, number)) = after_strong
                        .then(|| number_after_name(&text, &listed))
                        .flatten()
                    {
                        inlines.push(Inline::Cite {
                            numbers: vec![intern(Target::Written(number))],
                            span: *at..*at + len,
                        });
                        offset = len;
                    }
                    for inline in inlines_from_text(&text[offset..], *at + offset, style, &listed) {
                        inlines.push(match inline {
                            Inline::Cite { numbers, span } => Inline::Cite {
                                numbers: numbers
                                    .into_iter()
                                    .map(|n| match n.checked_sub(REFERENCE_ENTRIES_FROM) {
                                        // An author–year citation of an entry without a
                                        // number: keyed by the entry's address.
                                        Some(index) => {
                                            let entry = &reference_entries[index as usize];
                                            intern(match &entry.address {
                                                Some(address) => Target::Link {
                                                    shown: None,
                                                    address: address.clone(),
                                                    title: None,
                                                },
                                                None => Target::Reference { at: entry.at },
                                            })
                                        }
                                        None => intern(Target::Written(n)),
                                    })
                                    .collect(),
                                span,
                            },
                            Inline::Named { names, span } => Inline::Cite {
                                numbers: names
                                    .into_iter()
                                    .map(|name| intern(Target::Named(name)))
                                    .collect(),
                                span,
                            },
                            Inline::Unnumbered {
                                site: Some(site),
                                span,
                            } => match chip_sites.get(&site).cloned().or_else(|| {
                                listed
                                    .site_named(&site)
                                    .map(|index| site_addresses[index].clone())
                            }) {
                                Some(address) => Inline::Cite {
                                    numbers: vec![intern(Target::Link {
                                        shown: None,
                                        address,
                                        title: None,
                                    })],
                                    span,
                                },
                                None => Inline::Unnumbered {
                                    site: Some(site),
                                    span,
                                },
                            },
                            text => text,
                        });
                    }
                    previous_was_chip &= text.trim().trim_matches([',', ';']).is_empty();
                    after_strong = style.strong && !text.trim().is_empty();
                }
                Piece::Footnote { name, span } => {
                    after_strong = false;
                    inlines.push(Inline::Cite {
                        numbers: vec![intern(Target::Footnote(name.clone()))],
                        span: span.clone(),
                    });
                }
                Piece::Link {
                    text,
                    dest,
                    title,
                    style,
                    span,
                    reference,
                } => {
                    after_strong = false;
                    let shown = text.trim().trim_matches(['[', ']']).trim();
                    let address = clean_address(dest);
                    let after_paren = previous_was_chip || ends_with_open(&inlines, '(');
                    let sentence_end = sentence_end_before(&inlines);
                    let after_sentence = previous_was_chip || sentence_end.is_some();
                    // Glued to the sentence (`done.[site](…) more`), a chip may be followed
                    // by anything; with a space between (`done. [link](…)`), only by the end,
                    // another chip or a new sentence, so a prose link after a sentence
                    // (`done. [Docs](…) explain it`) stays a link.
                    let glued = previous_was_chip || sentence_end == Some(true);
                    let before_paren = pieces.peek().is_some_and(|next| match next {
                        Piece::Text { text, .. } => {
                            let rest = text.trim_start();
                            rest.starts_with([')', ',', ';'])
                                || (after_sentence
                                    && text.starts_with(char::is_whitespace)
                                    && (glued
                                        || rest.is_empty()
                                        || rest
                                            .starts_with(|c: char| c.is_uppercase() || c == '[')))
                        }
                        Piece::Link { .. } => true,
                        Piece::Footnote { .. } => false,
                    }) || pieces.peek().is_none();
                    let link_use = if !links_cite {
                        LinkUse::Prose
                    } else if let Some((number, shown_number)) = reference
                        .as_deref()
                        .and_then(citation_number)
                        .zip(citation_number(shown))
                    {
                        // Bing's `[^1^][1]` with `[1]: https://…` below: a marker linked to
                        // its source's definition, whose number it is. Two plain groups side
                        // by side (`[1][3]`) read so too, and cite both.
                        let adjacent = shown_number != number && !shown.starts_with('^');
                        LinkUse::Marker(if adjacent {
                            vec![shown_number, number]
                        } else {
                            vec![number]
                        })
                    } else if let Some(number) = reference
                        .as_deref()
                        .and_then(citation_number)
                        .filter(|_| !(after_paren && before_paren))
                    {
                        // `[It allows …][1]` with `[1]: https://…` below: words over source 1.
                        LinkUse::Mangled(number)
                    } else if let Some(numbers) = dest
                        .trim()
                        .eq_ignore_ascii_case("@ref")
                        .then(|| scan_citation_group(&format!("[{shown}]")))
                        .flatten()
                    {
                        LinkUse::Marker(numbers.1)
                    } else if let Some(number) = citation_number(dest) {
                        LinkUse::Mangled(number)
                    } else if let Some(number) = citation_number(shown) {
                        LinkUse::Numbered(number)
                    } else if (after_paren
                        || bare_chips_cite
                            && after_sentence
                            && is_chip_text(text)
                            && !names_identifier_scheme(text))
                        && before_paren
                        && scan_address(&address).is_some()
                    {
                        LinkUse::Chip
                    } else {
                        LinkUse::Prose
                    };
                    let link_text = |link: Option<String>| Inline::Text {
                        text: text.clone(),
                        style: Style {
                            link,
                            ..style.clone()
                        },
                        at: span.start,
                    };
                    previous_was_chip = matches!(link_use, LinkUse::Numbered(_) | LinkUse::Chip);
                    let target = match link_use {
                        LinkUse::Marker(numbers) => {
                            let numbers = numbers
                                .into_iter()
                                .map(|n| intern(Target::Written(n)))
                                .collect();
                            inlines.push(Inline::Cite {
                                numbers,
                                span: span.clone(),
                            });
                            continue;
                        }
                        LinkUse::Prose => {
                            inlines.push(link_text(Some(dest.clone())));
                            continue;
                        }
                        // `[some words](3)`: the words stay, the target is a citation.
                        LinkUse::Mangled(number) => {
                            inlines.push(link_text(None));
                            Target::Written(number)
                        }
                        LinkUse::Numbered(number) => {
                            strip_open(&mut inlines, '[');
                            first_numbered_link.get_or_insert_with(|| span.clone());
                            Target::Link {
                                shown: Some(number),
                                address,
                                title: non_empty(title),
                            }
                        }
                        LinkUse::Chip => {
                            strip_open(&mut inlines, '(');
                            let title = non_empty(title).or_else(|| {
                                non_empty(chip_name(text))
                                    .filter(|name| !is_generic_link_text(name))
                            });
                            Target::Link {
                                shown: None,
                                address,
                                title,
                            }
                        }
                    };
                    inlines.push(Inline::Cite {
                        numbers: vec![intern(target)],
                        span: span.clone(),
                    });
                }
            }
        }
        // `… 8,849 m (https://…).`: an address cited in brackets is a source of its own, where
        // the document numbers none (with a numbered list, its claims cite by number).
        if links_cite && listed.is_empty() && may_cite_addresses(&inlines) && !under_source_heading
        {
            inlines = cite_address_groups(inlines, |address, _| {
                let mut url = clean_address(&address.url);
                if address.truncated {
                    url.push('…');
                }
                intern(Target::Link {
                    shown: None,
                    address: url,
                    title: None,
                })
            });
        }
        tidy_link_groups(&mut inlines);
        match block.kind {
            BlockKind::Heading(_) => under_source_heading = is_source_heading(plain.trim()),
            BlockKind::Paragraph if is_source_heading(plain.trim()) => under_source_heading = true,
            _ => {}
        }
        resolved.push(ResolvedBlock {
            kind: block.kind,
            inlines,
            start: block.start,
            text,
            lines,
            all_strong,
            links_back,
        });
    }
    let (numbers, renumbered) =
        number_targets(&targets, references, &listed_addresses, listed.highest());
    note_renumbered_footnotes(references, diagnostics);
    if let (true, Some(span)) = (renumbered, first_numbered_link) {
        diagnostics.push(
            Diagnostic::note(
                span,
                "the numbers on linked citations restart or disagree, so sources are numbered by address in order of first citation",
            )
            .with_help("the numbers on the page can differ from the numbers in the paste"),
        );
    }
    let mut citations = Citations {
        highest: numbers
            .iter()
            .copied()
            .filter(|&n| n < UNDEFINED_FOOTNOTES_FROM)
            .max()
            .unwrap_or(0),
        definitions: definitions.clone(),
        ..Citations::default()
    };
    for (index, target) in targets.iter().enumerate() {
        match target {
            Target::Link { address, title, .. } => {
                citations
                    .links
                    .entry(numbers[index])
                    .or_insert_with(|| (address.clone(), title.clone()));
            }
            Target::Footnote(name) if numbers[index] < UNDEFINED_FOOTNOTES_FROM => {
                citations.footnotes.insert(name.clone(), numbers[index]);
            }
            Target::Footnote(name) => {
                let first = undefined_at.remove(name.as_str()).unwrap_or(0..0);
                citations.undefined_footnotes.push((name.clone(), first));
            }
            Target::Reference { at } => {
                citations.references.insert(*at, numbers[index]);
            }
            Target::Named(name) => {
                citations
                    .named
                    .entry(numbers[index])
                    .or_insert_with(|| name.clone());
            }
            Target::Written(_) => {}
        }
    }
    for block in &mut resolved {
        for inline in &mut block.inlines {
            if let Inline::Cite { numbers: cited, .. } = inline {
                for number in cited.iter_mut() {
                    *number = numbers[*number as usize];
                }
            }
        }
    }
    (resolved, citations)
}

/// The final number of every target: footnotes by first reference (undefined ones a
/// placeholder each, see [`UNDEFINED_FOOTNOTES_FROM`]); written numbers as they are; linked
/// citations by their shown number when those are consistent (one address per number), else
/// by the number the source list gives their address (`listed`: `([Reuters][1])` and a chip
/// linking `[1]: https://…`'s address directly), else by address in order of first
/// appearance, after every number the list takes (up to `listed_highest`).
/// Also says whether numbered links were renumbered.
pub(super) fn number_targets(
    targets: &[Target],
    references: &References,
    listed: &[(String, u32)],
    listed_highest: Option<u32>,
) -> (Vec<u32>, bool) {
    // Indexed once: a briefing can have thousands of footnotes and links.
    let mut footnotes: HashMap<&str, u32> = HashMap::new();
    for (index, (name, _)) in references.iter().enumerate() {
        footnotes.entry(name.as_str()).or_insert(index as u32 + 1);
    }
    let footnote_number = |name: &str| footnotes.get(name).copied().unwrap_or(0);
    let links: Vec<(Option<u32>, &str)> = targets
        .iter()
        .filter_map(|target| match target {
            Target::Link { shown, address, .. } => Some((*shown, address.as_str())),
            _ => None,
        })
        .collect();
    // Consistent: every link shows a number, and number and address go one to one.
    let consistent = {
        let mut address_of: HashMap<u32, &str> = HashMap::new();
        let mut number_of: HashMap<&str, u32> = HashMap::new();
        links.iter().all(|&(shown, address)| {
            let Some(shown) = shown else {
                return false;
            };
            *address_of.entry(shown).or_insert(address) == address
                && *number_of.entry(address).or_insert(shown) == shown
        })
    };
    // The list's numbers by their addresses, for links without a number of their own: the
    // first number of an address.
    let defined: HashMap<&str, u32> = if links.iter().any(|(shown, _)| shown.is_none()) {
        listed
            .iter()
            .rev()
            .map(|(address, number)| (address.as_str(), *number))
            .collect()
    } else {
        HashMap::new()
    };
    let taken = targets
        .iter()
        .filter_map(|target| match target {
            Target::Written(n) => Some(*n),
            Target::Footnote(name) => Some(footnote_number(name)),
            Target::Link { shown: Some(n), .. } if consistent => Some(*n),
            Target::Link { .. } | Target::Reference { .. } | Target::Named(_) => None,
        })
        .chain(listed_highest)
        .max()
        .unwrap_or(0);
    // Links without a number of their own, references and names, in order of first citation.
    let mut by_first_citation: HashMap<FirstCited, u32> = HashMap::new();
    let mut first_cited = |key| {
        let next = by_first_citation.len() as u32;
        taken + *by_first_citation.entry(key).or_insert(next) + 1
    };
    let mut undefined = UNDEFINED_FOOTNOTES_FROM..;
    let renumbered = !consistent && links.iter().any(|(shown, _)| shown.is_some());
    let numbers = targets
        .iter()
        .map(|target| match target {
            Target::Written(n) => *n,
            // Targets are distinct, so each undefined name takes one placeholder.
            Target::Footnote(name) => footnotes
                .get(name.as_str())
                .copied()
                .unwrap_or_else(|| undefined.next().unwrap_or(u32::MAX)),
            Target::Link { shown: Some(n), .. } if consistent => *n,
            Target::Link {
                shown: None,
                address,
                ..
            } if defined.contains_key(address.as_str()) => defined[address.as_str()],
            Target::Link { address, .. } => first_cited(FirstCited::Address(address)),
            Target::Reference { at } => first_cited(FirstCited::Entry(*at)),
            Target::Named(name) => first_cited(FirstCited::Name(name.to_lowercase())),
        })
        .collect();
    (numbers, renumbered)
}

/// What a source numbered by first citation is known by: its address, the entry that has
/// none, or its name (lowercase).
#[derive(Debug, PartialEq, Eq, Hash)]
enum FirstCited<'a> {
    Address(&'a str),
    Entry(usize),
    Name(String),
}

/// Footnotes are numbered by first reference; where a footnote's name is a different number
/// (`[^4]` shown as 2), say so once, at the first such reference.
pub(super) fn note_renumbered_footnotes(
    references: &References,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let moved: Vec<(String, usize, &Range<usize>)> = references
        .iter()
        .enumerate()
        .filter(|(index, (name, _))| name.parse::<usize>().is_ok_and(|n| n != index + 1))
        .map(|(index, (name, span))| (name.clone(), index + 1, span))
        .collect();
    let Some((_, _, first)) = moved.first() else {
        return;
    };
    let list: Vec<String> = moved
        .iter()
        .map(|(name, number, _)| format!("[^{name}] as [{number}]"))
        .collect();
    diagnostics.push(Diagnostic::note(
        (*first).clone(),
        format!(
            "footnotes are numbered in order of first reference: {}",
            list.join(", ")
        ),
    ));
}

/// A citation number written as a link's text, target or reference label: one to three
/// digits, also between carets (`^3^`, Bing's link to a marker). 0 too: a list numbered
/// from zero (`[0]: https://…`) is cited `[0]`.
pub(super) fn citation_number(text: &str) -> Option<u32> {
    let text = text.trim();
    let text = text
        .strip_prefix('^')
        .and_then(|t| t.strip_suffix('^'))
        .unwrap_or(text);
    (!text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

pub(super) fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// An address as a source: without a `#:~:text=` fragment and without `utm_` tracking
/// parameters, so that one page cited twice is one source.
pub(super) fn clean_address(dest: &str) -> String {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    // Without a text fragment (`#:~:text=…`).
    let dest = match crate::find::find_marker(dest, "#:~:") {
        Some(at) => &dest[..at],
        None => dest,
    };
    let Some((base, query)) = dest.split_once('?') else {
        return dest.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|param| !param.starts_with("utm_") && !param.is_empty())
        .collect();
    let mut address = base.to_owned();
    if !kept.is_empty() {
        address.push('?');
        address.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        address.push('#');
        address.push_str(fragment);
    }
    address
}

/// Whether the text before the next inline ends with `open` (ignoring spaces).
pub(super) fn ends_with_open(inlines: &[Inline], open: char) -> bool {
    matches!(inlines.last(), Some(Inline::Text { text, .. }) if text.trim_end().ends_with(open))
}

/// Drop an opening bracket that belonged to a citation group of links.
pub(super) fn strip_open(inlines: &mut Vec<Inline>, open: char) {
    if let Some(Inline::Text { text, .. }) = inlines.last_mut() {
        let trimmed = text.trim_end();
        if let Some(rest) = trimmed.strip_suffix(open) {
            let keep = rest.len();
            text.truncate(keep);
        }
        if text.is_empty() {
            inlines.pop();
        }
    }
}

/// Remove the separators and closing brackets left between and after linked citations:
/// `[[1](a), [2](b)]` and `([A](a), [B](b))` leave `, ` and `]`/`)`.
pub(super) fn tidy_link_groups(inlines: &mut Vec<Inline>) {
    // One pass, keeping inlines by moving them forward over removed ones: removing each in
    // place moved the rest of the block, which a paste that is one long paragraph of linked
    // citations made quadratic.
    let mut kept = 0;
    for i in 0..inlines.len() {
        let after_cite = kept > 0 && matches!(inlines[kept - 1], Inline::Cite { .. });
        let before_cite = matches!(inlines.get(i + 1), Some(Inline::Cite { .. }));
        if let (true, Inline::Text { text, at, .. }) = (after_cite, &mut inlines[i]) {
            let separators = text.len()
                - text
                    .trim_start_matches([',', ';', ' ', ']', ')', '[', '('])
                    .len();
            let closing = text[..separators].contains([']', ')']);
            if separators == text.len() && (before_cite || closing) {
                continue;
            }
            if closing {
                let cut = text.find([']', ')']).map_or(0, |at| at + 1);
                text.replace_range(..cut, "");
                *at += cut;
            }
        }
        inlines.swap(kept, i);
        kept += 1;
    }
    inlines.truncate(kept);
}

/// Footnote references that pulldown-cmark left as text because nothing defines them become
/// footnote pieces, and `first_at` learns where each name is first referenced. They are
/// citations without a source: a warning (SPEC 8) once they have numbers, shown unresolved on
/// the page, not an error that stops the site. Footnote definitions keep their text: a
/// `[^name]` inside a source is not a citation.
pub(super) fn cite_undefined_footnotes(
    mut block: Block,
    first_at: &mut HashMap<String, Range<usize>>,
) -> Block {
    let has_marker =
        |piece: &Piece| matches!(piece, Piece::Text { text, .. } if text.contains("[^"));
    if matches!(block.kind, BlockKind::FootnoteDefinition(_))
        || !block.pieces.iter().any(has_marker)
    {
        return block;
    }
    let mut pieces = Vec::with_capacity(block.pieces.len() + 2);
    for piece in block.pieces {
        let Piece::Text { text, style, at } = piece else {
            pieces.push(piece);
            continue;
        };
        let mut copied_to = 0;
        for (marker, name) in undefined_footnote_markers(&text) {
            let span = at + marker.start..at + marker.end;
            if !first_at.contains_key(name) {
                first_at.insert(name.to_owned(), span.clone());
            }
            if marker.start > copied_to {
                pieces.push(Piece::Text {
                    text: text[copied_to..marker.start].to_owned(),
                    style: style.clone(),
                    at: at + copied_to,
                });
            }
            pieces.push(Piece::Footnote {
                name: name.to_owned(),
                span,
            });
            copied_to = marker.end;
        }
        match copied_to {
            0 => pieces.push(Piece::Text { text, style, at }),
            _ if copied_to < text.len() => pieces.push(Piece::Text {
                text: text[copied_to..].to_owned(),
                style,
                at: at + copied_to,
            }),
            _ => {}
        }
    }
    block.pieces = pieces;
    block
}

/// The footnote references in a text (pulldown-cmark leaves only undefined ones as text): each
/// `[^name]`'s place and name. Not `[^name]:` (a definition pulldown-cmark did not take), a
/// name with spaces, or Kimi's `[^3^]`, which the marker finder reads as a citation.
fn undefined_footnote_markers(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut markers = Vec::new();
    let mut searched_to = 0;
    for (open, _) in text.match_indices("[^") {
        if open < searched_to {
            continue;
        }
        let rest = &text[open + 2..];
        let window = rest
            .char_indices()
            .take_while(|&(i, _)| i < 80)
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let Some(close) = rest[..window].find(']') else {
            continue;
        };
        let name = &rest[..close];
        let defines = rest[close + 1..].starts_with(':');
        let kimi_marker = name
            .strip_suffix('^')
            .is_some_and(|digits| parse_citation_number(digits).is_some());
        if name.is_empty() || name.contains(char::is_whitespace) || defines || kimi_marker {
            continue;
        }
        markers.push((open..open + close + 3, name));
        searched_to = open + close + 3;
    }
    markers
}

/// Where the placeholder numbers of unnumbered reference entries start: above any number a
/// snapshot writes, below those of undefined footnotes ([`UNDEFINED_FOOTNOTES_FROM`]).
const REFERENCE_ENTRIES_FROM: u32 = 1 << 29;

/// An entry of a reference list that author–year citations may cite (`Avgerinos, K., …
/// (2018). … https://doi.org/…`).
struct ReferenceEntry {
    /// Its number in a numbered list, or its placeholder from [`REFERENCE_ENTRIES_FROM`].
    number: u32,
    /// Its address, by which an unnumbered entry is cited; a book may have none.
    address: Option<String>,
    /// Where its block starts, by which an unnumbered entry without an address is cited.
    at: usize,
    /// Its text, which starts with its first author and gives its year.
    text: String,
}

/// The blocks that may be entries of a reference list cited by author and year: each starts
/// with an author and a year, and holds an address or stands under a source heading (a
/// book's entry has no address). Only a document with a parenthesis closing on a year
/// (`2018)`, `2018a)`) can cite so; in any other none is looked for.
fn reference_entries(blocks: &[Block]) -> Vec<ReferenceEntry> {
    let cites_by_year = blocks
        .iter()
        .flat_map(|block| &block.pieces)
        .any(|piece| matches!(piece, Piece::Text { text, .. } if may_cite_by_author_year(text)));
    if !cites_by_year {
        return Vec::new();
    }
    let mut entries = Vec::new();
    let mut under_source_heading = false;
    for block in blocks {
        let number = match block.kind {
            BlockKind::Item(Some(number)) => u32::try_from(number).ok(),
            BlockKind::Item(None) | BlockKind::Paragraph => None,
            BlockKind::Heading(_) => {
                under_source_heading = is_source_heading(block.plain_text().trim());
                continue;
            }
            _ => continue,
        };
        let text = block.plain_text();
        if block.kind == BlockKind::Paragraph && is_source_heading(text.trim()) {
            under_source_heading = true;
            continue;
        }
        // Most blocks start with no author and year: the address is looked for only after.
        if reference_key(&text).is_none() {
            continue;
        }
        let address = first_address(block);
        // A work's DOI (`doi:10.1002/…`), PubMed or arXiv number is its address where it
        // gives no link.
        let address = address.or_else(|| split_work_id(&text).map(|(_, address)| address.url));
        if address.is_none() && !under_source_heading {
            continue;
        }
        let number =
            number.unwrap_or_else(|| REFERENCE_ENTRIES_FROM.saturating_add(entries.len() as u32));
        entries.push(ReferenceEntry {
            number,
            address,
            at: block.start,
            text,
        });
    }
    entries
}

/// The numbers a source list in the document gives, before citations are resolved, so that
/// markers that are only citations beside a list (bare digits, superscripts) can be read:
/// numbered reference definitions, `[n] address` lines and numbered items holding an address.
/// With them, the number of each address that a definition, an item under a source heading
/// or an `[n] address` line gives, which a link to that address cites.
fn listed_numbers(
    blocks: &[Block],
    definitions: &NumberedDefinitions,
) -> (KnownSources, Vec<(String, u32)>) {
    let mut known: KnownSources = definitions
        .iter()
        .map(|definition| definition.number)
        .collect();
    let mut addresses: Vec<(String, u32)> = definitions
        .iter()
        .map(|definition| (clean_address(&definition.dest), definition.number))
        .collect();
    // A numbered item under a source heading is an entry though it has no address (a
    // work in an academic list).
    let mut under_source_heading = false;
    for block in blocks {
        // The number the block would give, found before its words are read as addresses:
        // most blocks (claims, headings) give none.
        let number = match block.kind {
            BlockKind::Heading(_) => {
                under_source_heading = is_source_heading(block.plain_text().trim());
                None
            }
            BlockKind::Item(Some(number)) if under_source_heading => {
                if let Ok(number) = u32::try_from(number) {
                    known.insert(number);
                    addresses.extend(
                        first_address(block).map(|address| (clean_address(&address), number)),
                    );
                }
                continue;
            }
            BlockKind::Item(Some(number)) => u32::try_from(number).ok(),
            BlockKind::Paragraph => {
                let text = block.plain_text();
                let text = text.trim_start();
                scan_citation_group(text)
                    .and_then(|(_, numbers)| numbers.first().copied())
                    .or_else(|| superscript_number(text).map(|(number, _)| number))
                    .or_else(|| zero_entry(text))
                    // `(1) Title. https://…`, as Copilot's exports list sources.
                    .or_else(|| {
                        parenthesized_number(text)
                            .filter(|_| scan_source_entry(text).is_some())
                            .map(|(number, _)| number)
                    })
            }
            // `- [0] [Title](https://…)`: the first entry of a list numbered from zero, which
            // must be known for its `[0]` to be read as a citation at all.
            BlockKind::Item(None) => match block.pieces.first() {
                Some(Piece::Text { text, .. }) => zero_entry(text.trim_start()),
                _ => None,
            },
            _ => None,
        };
        let Some(number) = number else {
            continue;
        };
        if let Some(address) = first_address(block) {
            known.insert(number);
            if block.kind == BlockKind::Paragraph {
                addresses.push((clean_address(&address), number));
            }
        }
    }
    (known, addresses)
}

/// The first address a block links (cleaned, [`clean_address`]) or writes (as written).
fn first_address(block: &Block) -> Option<String> {
    block.pieces.iter().find_map(|piece| match piece {
        Piece::Link { dest, .. } => {
            let address = clean_address(dest);
            scan_address(&address).is_some().then_some(address)
        }
        Piece::Text { text, .. } => text
            .split_whitespace()
            .find_map(|word| scan_address(word).map(|found| found.url)),
        Piece::Footnote { .. } => None,
    })
}

/// 0 where `text` opens with the number of a list numbered from zero, `[0]`.
fn zero_entry(text: &str) -> Option<u32> {
    let (_, numbers) = scan_zero_based_run(text)?;
    (numbers == [0]).then_some(0)
}

/// The addresses of the chips in the document by the site names they show
/// (`[serenitiesai +1](https://serenitiesai.com/…)` → `serenitiesai`), and by the first label
/// of their host, so that a chip flattened to text (`serenitiesai+1`) finds its address.
fn chip_sites(blocks: &[Block]) -> ChipSites {
    let mut sites = BTreeMap::new();
    let (mut domains, mut addresses) = (Vec::new(), Vec::new());
    for piece in blocks.iter().flat_map(|block| &block.pieces) {
        let Piece::Link { text, dest, .. } = piece else {
            continue;
        };
        let address = clean_address(dest);
        if scan_address(&address).is_none() {
            continue;
        }
        let domain = domain_of(&address);
        let host_name = domain
            .rsplit_once('.')
            .map_or(domain.as_str(), |(name, _)| name);
        for name in [chip_name(text).to_lowercase(), host_name.to_owned()] {
            if !name.is_empty() {
                sites.entry(name).or_insert_with(|| address.clone());
            }
        }
        domains.push(domain);
        addresses.push(address);
    }
    ChipSites {
        by_name: sites,
        domains,
        addresses,
    }
}

/// The sites of a document's links, for chips flattened to text: see [`chip_sites`].
struct ChipSites {
    /// The address of each chip's site name and host name.
    by_name: BTreeMap<String, String>,
    /// Each link's domain, for a chip without a count ([`KnownSources::site_named`]).
    domains: Vec<String>,
    /// Each link's address, in the order of `domains`.
    addresses: Vec<String>,
}

/// A chip's site name without Perplexity's count of further sources (`velog +3` → `velog`).
fn chip_name(text: &str) -> &str {
    let text = text.trim();
    match text.rsplit_once('+') {
        Some((name, count)) if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) => {
            name.trim()
        }
        _ => text,
    }
}

/// Whether a link's text is a chip's: one site name (`youtube`, `zoosso.tistory`), maybe
/// with a count of further sources (`velog +3`).
fn is_chip_text(text: &str) -> bool {
    let name = chip_name(text);
    !name.is_empty()
        && name.chars().count() <= 40
        && !name.contains(char::is_whitespace)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || ".-_".contains(c))
}

/// Whether a block links back to a place in the page with a back-link's mark (`[↩](#fnref1)`,
/// a wiki's `[^](#cite_ref-1)`): it is a note, as a page's rendered footnotes are.
fn links_back(block: &Block) -> bool {
    block.pieces.iter().any(|piece| {
        matches!(piece, Piece::Link { text, dest, .. }
            if dest.starts_with('#') && is_back_link_mark(text.trim()))
    })
}

/// The mark of a note's link back to where it is cited: `↩`, a wiki's `^` or `↑`, or the
/// letter it gives each place (`a`, `b`).
pub(super) fn is_back_link_mark(text: &str) -> bool {
    is_back_link(text)
        || matches!(text, "^" | "↑")
        || text.len() == 1 && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// The name of a scheme of identifiers (`doi`, `ISBN`, `PMID`), as a wiki links it to its
/// article about the scheme just before the identifier: `[doi](…/wiki/Doi_(identifier)):
/// [10.1016/…](https://doi.org/…)`. Such a link is neither a citation chip nor the work's address.
pub(super) fn names_identifier_scheme(text: &str) -> bool {
    const SCHEMES: [&str; 13] = [
        "doi", "isbn", "issn", "pmid", "pmc", "s2cid", "jstor", "oclc", "bibcode", "arxiv", "hdl",
        "lccn", "eissn",
    ];
    let text = text.trim();
    SCHEMES
        .iter()
        .any(|scheme| text.eq_ignore_ascii_case(scheme))
}

/// Whether the text before the next inline ends a sentence: `Some(true)` right before it
/// (`…the change.[site](…)`), `Some(false)` with a space between, as Google's AI Mode exports
/// write `… change. [link](…)`.
fn sentence_end_before(inlines: &[Inline]) -> Option<bool> {
    let Some(Inline::Text { text, .. }) = inlines.last() else {
        return None;
    };
    let trimmed = text.trim_end_matches([' ', '\u{a0}']);
    trimmed
        .ends_with(['.', '。', '!', '?', '！', '？', ')', '"', '”'])
        .then_some(trimmed.len() == text.len())
}

/// A known source's number after a bold name: ` 40,`, ` 41 can` (Gemini's Docs export puts
/// its markers there). Returns the bytes it takes (the space included) and the number.
fn number_after_name(text: &str, known: &KnownSources) -> Option<(usize, u32)> {
    let rest = text.strip_prefix(' ')?;
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[len..].chars().next();
    if len == 0 || len > 3 || after.is_some_and(|c| !(c.is_whitespace() || ",.;:".contains(c))) {
        return None;
    }
    let number: u32 = rest[..len].parse().ok()?;
    known.contains(&number).then_some((1 + len, number))
}
