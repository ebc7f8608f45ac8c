//! Pass 2: every form engines write citations in becomes a numbered citation group. Footnote
//! references are numbered by first reference, as GitHub does; plain `[1, 2]` keep their
//! numbers; links whose text is a number, source chips in parentheses and mangled
//! `[words](3)` are citations too. Citations without numbers of their own are keyed by address
//! and numbered in order of first appearance (SPEC 3.5).

use std::collections::BTreeMap;
use std::ops::Range;

use super::blocks::{Block, BlockKind, Piece, References};
use crate::diagnostic::Diagnostic;
use crate::parse::cite::scan_address;
use crate::parse::claims::{inlines_from_text, Inline, KnownSources, Style};
use crate::parse::shared::is_source_heading;

/// What a link in a block stands for.
enum LinkUse {
    /// An ordinary link in the prose: text with a link, not a citation.
    Prose,
    /// `[some words](3)`: the words, then a citation of source 3.
    Mangled(u32),
    /// `[1](https://…)` inside a linked group: a citation numbered on the link.
    Numbered(u32),
    /// `([Site](https://…))`: a source chip, a citation keyed by its address.
    Chip,
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
}

/// What resolving citations learned: the number of every cited footnote, the address and
/// title behind every linked citation's number, and the highest number given out.
#[derive(Debug, Default)]
pub(super) struct Citations {
    pub(super) footnotes: BTreeMap<String, u32>,
    pub(super) links: BTreeMap<u32, (String, Option<String>)>,
    pub(super) highest: u32,
}

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
}

/// Split a paragraph back into its lines when it holds a source list that Markdown joined
/// into one paragraph (`Sources:` then `[1] <https://…>` lines). Other paragraphs stay whole.
pub(super) fn split_source_lines(block: Block) -> Vec<Block> {
    let text = block.plain_text();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let entry = |line: &str| {
        let line = line.trim_start();
        line.starts_with('[') && line[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    let is_list = block.kind == BlockKind::Paragraph
        && text.contains('\n')
        && (is_source_heading(first) || entry(first))
        && lines.clone().count() > 0
        && lines.all(entry);
    if !is_list {
        return vec![block];
    }
    let mut parts = Vec::new();
    let mut current = Block {
        kind: BlockKind::Paragraph,
        pieces: Vec::new(),
        start: block.start,
    };
    for piece in block.pieces {
        match piece {
            Piece::Text { text, style, at } if text.contains('\n') => {
                let mut offset = 0;
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        let done = std::mem::replace(
                            &mut current,
                            Block {
                                kind: BlockKind::Paragraph,
                                pieces: Vec::new(),
                                start: at + offset,
                            },
                        );
                        parts.push(done);
                    }
                    if !line.is_empty() {
                        current.pieces.push(Piece::Text {
                            text: line.to_owned(),
                            style: style.clone(),
                            at: at + offset,
                        });
                    }
                    offset += line.len() + 1;
                }
            }
            other => current.pieces.push(other),
        }
    }
    parts.push(current);
    parts.retain(|part| !part.pieces.is_empty());
    parts
}

/// Turn every citation form into numbered citation groups.
pub(super) fn resolve_citations(
    blocks: Vec<Block>,
    references: &References,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedBlock>, Citations) {
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
    for block in blocks.into_iter().flat_map(split_source_lines) {
        let plain = block.plain_text();
        let lines = plain
            .lines()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect();
        let text = plain.replace('\n', " ");
        let all_strong = block.is_all_strong();
        let links_cite = !matches!(block.kind, BlockKind::FootnoteDefinition(_));
        let mut inlines = Vec::new();
        let mut pieces = block.pieces.iter().peekable();
        let mut previous_was_chip = false;
        while let Some(piece) = pieces.next() {
            match piece {
                Piece::Text { text, style, at } => {
                    let text =
                        remove_undefined_footnotes(text, *at, diagnostics).replace('\n', " ");
                    for inline in inlines_from_text(&text, *at, style, &KnownSources::new()) {
                        inlines.push(match inline {
                            Inline::Cite { numbers, span } => Inline::Cite {
                                numbers: numbers
                                    .into_iter()
                                    .map(|n| intern(Target::Written(n)))
                                    .collect(),
                                span,
                            },
                            text => text,
                        });
                    }
                    previous_was_chip &= text.trim().trim_matches([',', ';']).is_empty();
                }
                Piece::Footnote { name, span } => {
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
                } => {
                    let shown = text.trim().trim_matches(['[', ']']).trim();
                    let address = clean_address(dest);
                    let after_paren = previous_was_chip || ends_with_open(&inlines, '(');
                    let before_paren = pieces.peek().is_some_and(|next| match next {
                        Piece::Text { text, .. } => text.trim_start().starts_with([')', ',', ';']),
                        Piece::Link { .. } => true,
                        Piece::Footnote { .. } => false,
                    }) || pieces.peek().is_none();
                    let link_use = if !links_cite {
                        LinkUse::Prose
                    } else if let Some(number) = citation_number(dest) {
                        LinkUse::Mangled(number)
                    } else if let Some(number) = citation_number(shown) {
                        LinkUse::Numbered(number)
                    } else if after_paren && before_paren && scan_address(&address).is_some() {
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
                            let title = non_empty(title).or_else(|| non_empty(text));
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
        tidy_link_groups(&mut inlines);
        resolved.push(ResolvedBlock {
            kind: block.kind,
            inlines,
            start: block.start,
            text,
            lines,
            all_strong,
        });
    }
    let (numbers, renumbered) = number_targets(&targets, references);
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
        highest: numbers.iter().copied().max().unwrap_or(0),
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
            Target::Footnote(name) => {
                citations.footnotes.insert(name.clone(), numbers[index]);
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

/// The final number of every target: footnotes by first reference; written numbers as they
/// are; linked citations by their shown number when those are consistent (one address per
/// number), else by address in order of first appearance.
/// Also says whether numbered links were renumbered.
pub(super) fn number_targets(targets: &[Target], references: &References) -> (Vec<u32>, bool) {
    let footnote_number = |name: &str| {
        references
            .iter()
            .position(|(known, _)| known == name)
            .map_or(0, |i| i as u32 + 1)
    };
    let links: Vec<(Option<u32>, &str)> = targets
        .iter()
        .filter_map(|target| match target {
            Target::Link { shown, address, .. } => Some((*shown, address.as_str())),
            _ => None,
        })
        .collect();
    let consistent = links.iter().all(|(shown, address)| {
        shown.is_some()
            && links.iter().all(|(other_shown, other_address)| {
                (other_shown == shown) == (other_address == address)
            })
    });
    let taken = targets
        .iter()
        .filter_map(|target| match target {
            Target::Written(n) => Some(*n),
            Target::Footnote(name) => Some(footnote_number(name)),
            Target::Link { .. } => None,
        })
        .max()
        .unwrap_or(0);
    let mut by_address: Vec<&str> = Vec::new();
    let renumbered = !consistent && links.iter().any(|(shown, _)| shown.is_some());
    let numbers = targets
        .iter()
        .map(|target| match target {
            Target::Written(n) => *n,
            Target::Footnote(name) => footnote_number(name),
            Target::Link { shown: Some(n), .. } if consistent => *n,
            Target::Link { address, .. } => {
                let index = by_address
                    .iter()
                    .position(|known| known == address)
                    .unwrap_or_else(|| {
                        by_address.push(address);
                        by_address.len() - 1
                    });
                taken + index as u32 + 1
            }
        })
        .collect();
    (numbers, renumbered)
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

/// A citation number written as a link's text or target: one to three digits.
pub(super) fn citation_number(text: &str) -> Option<u32> {
    let text = text.trim();
    (!text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|&n| n > 0)
}

pub(super) fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// An address as a source: without a `#:~:text=` fragment and without `utm_` tracking
/// parameters, so that one page cited twice is one source.
pub(super) fn clean_address(dest: &str) -> String {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    let dest = dest.split("#:~:").next().unwrap_or(dest);
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
    let mut i = 0;
    while i < inlines.len() {
        let after_cite = i > 0 && matches!(inlines[i - 1], Inline::Cite { .. });
        let before_cite = matches!(inlines.get(i + 1), Some(Inline::Cite { .. }));
        if let (true, Inline::Text { text, at, .. }) = (after_cite, &mut inlines[i]) {
            let separators = text.len()
                - text
                    .trim_start_matches([',', ';', ' ', ']', ')', '[', '('])
                    .len();
            let closing = text[..separators].contains([']', ')']);
            if separators == text.len() && (before_cite || closing) {
                inlines.remove(i);
                continue;
            }
            if closing {
                let cut = text.find([']', ')']).map_or(0, |at| at + 1);
                text.replace_range(..cut, "");
                *at += cut;
            }
        }
        i += 1;
    }
}

/// Report footnote references that pulldown-cmark left as text because nothing defines them,
/// and return the text without them.
pub(super) fn remove_undefined_footnotes(
    text: &str,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut copied_to = 0;
    for (open, _) in text.match_indices("[^") {
        if open < copied_to {
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
        if name.is_empty() || name.contains(char::is_whitespace) || defines {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                at + open..at + open + close + 3,
                format!("footnote [^{name}] has no definition"),
            )
            .with_help(format!("add a line `[^{name}]: https://…` with its source")),
        );
        kept.push_str(&text[copied_to..open]);
        copied_to = open + close + 3;
    }
    kept.push_str(&text[copied_to..]);
    kept
}
