//! Pass 1: pulldown-cmark's events, with their offsets, become blocks: the front matter is
//! applied, and headings, paragraphs, list items (nested ones too), table rows and footnote
//! definitions each become a list of pieces: styled text, footnote references and links.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, MetadataBlockKind, Parser, Tag, TagEnd};

use super::cmark_options;
use crate::diagnostic::Diagnostic;
use crate::model::Briefing;
use crate::parse::claims::Style;
use crate::parse::meta::{apply_fields, read_toml, read_yaml, FieldsFrom, Reviews};
use crate::parse::shared::{after_turn_name, ends_with_chip, second_question, shared_source_list};
use crate::parse::vocabulary::is_source_heading;

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BlockKind {
    Heading(HeadingLevel),
    Paragraph,
    /// A list item, with its number in an ordered list.
    Item(Option<u64>),
    Row,
    FootnoteDefinition(String),
}

/// A piece of a block before citations are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text {
        text: String,
        style: Style,
        at: usize,
    },
    Footnote {
        name: String,
        span: Range<usize>,
    },
    Link {
        text: String,
        dest: String,
        title: String,
        style: Style,
        span: Range<usize>,
        /// The label of a reference-style link (`[words][1]` → `1`).
        reference: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    pub(super) pieces: Vec<Piece>,
    pub(super) start: usize,
    /// How many cell separators a table row has had.
    pub(super) cells: usize,
    /// Which block quote it is in, counted from 1 in the document; 0 for none. Paragraphs of
    /// two quotes, or of a quote and the text around it, are never one broken paragraph.
    pub(super) quote: u32,
}

impl Block {
    pub(super) fn plain_text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text { text, .. } | Piece::Link { text, .. } => text.as_str(),
                Piece::Footnote { .. } => "",
            })
            .collect()
    }

    /// Split a paragraph at the line breaks Markdown kept in its text (`\n`): line `k` (counted
    /// from 0) starts a block of its own where `starts_block(k)`, and the other breaks become
    /// spaces. Parts left without text are dropped.
    pub(super) fn split_at_lines(self, starts_block: impl Fn(usize) -> bool) -> Vec<Block> {
        let mut parts = Vec::new();
        let mut current = Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: self.start,
            cells: 0,
            quote: self.quote,
        };
        let mut line = 0;
        for piece in self.pieces {
            match piece {
                Piece::Text { text, style, at } if text.contains('\n') => {
                    let mut offset = 0;
                    for (i, part) in text.split('\n').enumerate() {
                        if i > 0 {
                            line += 1;
                        }
                        if i > 0 && starts_block(line) {
                            let done = std::mem::replace(
                                &mut current,
                                Block {
                                    kind: BlockKind::Paragraph,
                                    pieces: Vec::new(),
                                    start: at + offset,
                                    cells: 0,
                                    quote: self.quote,
                                },
                            );
                            parts.push(done);
                        } else if i > 0 {
                            current.pieces.push(Piece::Text {
                                text: " ".to_owned(),
                                style: style.clone(),
                                at: at + offset,
                            });
                        }
                        if !part.is_empty() {
                            current.pieces.push(Piece::Text {
                                text: part.to_owned(),
                                style: style.clone(),
                                at: at + offset,
                            });
                        }
                        offset += part.len() + 1;
                    }
                }
                other => current.pieces.push(other),
            }
        }
        parts.push(current);
        parts.retain(|part| {
            part.pieces.iter().any(|piece| match piece {
                Piece::Text { text, .. } => !text.trim().is_empty(),
                _ => true,
            })
        });
        for part in &mut parts {
            if let Some(Piece::Text { at, .. }) = part.pieces.first() {
                part.start = part.start.max(*at);
            }
        }
        parts
    }

    /// Whether every piece with text is bold (a whole-line bold paragraph).
    pub(super) fn is_all_strong(&self) -> bool {
        let mut any = false;
        for piece in &self.pieces {
            match piece {
                Piece::Text { text, style, .. } if !text.trim().is_empty() => {
                    if !style.strong {
                        return false;
                    }
                    any = true;
                }
                Piece::Text { .. } => {}
                _ => return false,
            }
        }
        any
    }
}

/// Footnote references in order of first reference, and where each was first written.
pub(super) type References = Vec<(String, Range<usize>)>;

/// Reference definitions whose label is a number (`[3]: https://…`), as Bing's Markdown lists
/// its sources: number, address and where the definition stands; sorted by number.
pub(super) type NumberedDefinitions = Vec<NumberedDefinition>;

/// `[3]: https://… "Title"`.
#[derive(Debug, Clone)]
pub(super) struct NumberedDefinition {
    pub(super) number: u32,
    pub(super) dest: String,
    pub(super) title: Option<String>,
    pub(super) span: Range<usize>,
}

/// Stands in for a `|` inside a link's text in a table row, so that GFM does not split the
/// cell there (`([Title | Site](https://…))`); turned back into `|` when text is collected.
const HIDDEN_PIPE: char = '\u{1f}';

/// Hide every `|` that stands inside the brackets of a link (`[…](`) on a table row. The text
/// keeps its length, so every offset stays true.
pub(super) fn hide_pipes_in_links(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("](") || !text.contains('|') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('|') || !line.contains("](") {
            out.push_str(line);
            continue;
        }
        let bytes = line.as_bytes();
        let mut hidden = vec![false; bytes.len()];
        let mut open: Option<usize> = None;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'[' => open = Some(i),
                b']' if bytes.get(i + 1) == Some(&b'(') => {
                    if let Some(start) = open.take() {
                        for (j, &inner) in bytes.iter().enumerate().take(i).skip(start) {
                            hidden[j] = inner == b'|';
                        }
                    }
                }
                b']' => open = None,
                _ => {}
            }
        }
        for (i, c) in line.char_indices() {
            out.push(if hidden[i] { HIDDEN_PIPE } else { c });
        }
    }
    std::borrow::Cow::Owned(out)
}

fn unhide_pipes(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(HIDDEN_PIPE) {
        std::borrow::Cow::Owned(text.replace(HIDDEN_PIPE, "|"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Walk the events into blocks; front matter is applied to `briefing` on the way.
pub(super) fn collect_blocks(
    text: &str,
    briefing: &mut Briefing,
    reviews: &mut Reviews,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Block>, References, NumberedDefinitions) {
    let mut collector = Collector::default();
    let masked = hide_pipes_in_links(text);
    let text: &str = &masked;
    let mut metadata: Option<(MetadataBlockKind, usize)> = None;
    let mut skip_depth = 0usize;
    let mut ordered: Vec<Option<u64>> = Vec::new();
    let mut thread_export = false;
    let mut events = Parser::new_ext(text, cmark_options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        // Text in a `display:none` span is not on the page a reader saw; the span ends at its
        // `</span>` or, unclosed, with its block.
        if collector.hidden {
            match &event {
                Event::InlineHtml(html) => {
                    collector.hidden = !html.trim().eq_ignore_ascii_case("</span>");
                    continue;
                }
                Event::Text(_)
                | Event::Code(_)
                | Event::FootnoteReference(_)
                | Event::SoftBreak
                | Event::HardBreak => continue,
                Event::End(_) if !matches!(event, Event::End(TagEnd::Link)) => {
                    collector.hidden = false
                }
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => metadata = Some((kind, range.start)),
            Event::End(TagEnd::MetadataBlock(_)) => metadata = None,
            Event::Text(body) if metadata.is_some() => {
                let (kind, _) = metadata.unwrap_or((MetadataBlockKind::YamlStyle, 0));
                read_front_matter(kind, &body, range.start, briefing, reviews, diagnostics);
            }
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip_depth = 1,
            Event::Start(Tag::HtmlBlock) => {
                skip_depth = 1;
                let html = text.get(range.clone()).unwrap_or("");
                // A thread export opens with the engine's logo before anything else.
                thread_export |= collector.blocks.is_empty()
                    && collector.current.is_none()
                    && is_export_logo(html);
                match html_table_rows(html, range.start)
                    .or_else(|| html_list_items(html, range.start))
                {
                    Some(rows) => {
                        collector.close_current();
                        collector.blocks.extend(rows);
                    }
                    None => warn_html(text, range, diagnostics),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                collector.open(BlockKind::Heading(level), range.start)
            }
            Event::Start(Tag::Paragraph) => {
                if !collector.in_item_or_note() {
                    collector.open(BlockKind::Paragraph, range.start);
                } else {
                    collector.separate();
                }
            }
            Event::Start(Tag::List(first)) => {
                collector.close_current();
                ordered.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                ordered.pop();
            }
            Event::Start(Tag::Item) => {
                let number = ordered.last_mut().and_then(|n| {
                    let current = *n;
                    *n = n.map(|v| v + 1);
                    current
                });
                collector.open(BlockKind::Item(number), range.start);
            }
            Event::Start(Tag::Table(_)) => collector.table(true),
            Event::End(TagEnd::Table) => collector.table(false),
            // A header row names the columns; it states nothing.
            Event::Start(Tag::TableHead) => skip_depth = 1,
            Event::Start(Tag::TableRow) => collector.open(BlockKind::Row, range.start),
            Event::Start(Tag::TableCell) => collector.separate_cell(range.start),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                collector.open(BlockKind::FootnoteDefinition(name.to_string()), range.start)
            }
            Event::Start(Tag::BlockQuote(_)) => {
                if collector.quote_depth == 0 {
                    collector.quotes_opened += 1;
                }
                collector.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                collector.quote_depth = collector.quote_depth.saturating_sub(1)
            }
            // Paragraphs inside a list item or footnote belong to it.
            Event::End(TagEnd::Paragraph) if collector.in_item_or_note() => {}
            Event::End(TagEnd::Paragraph) if collector.quote_depth > 0 => {
                if let Some(block) = collector.current.as_mut() {
                    read_callout_marker(block);
                }
                collector.close_current();
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition,
            ) => collector.close_current(),
            Event::Start(Tag::Emphasis) => collector.style.emphasis = true,
            Event::End(TagEnd::Emphasis) => collector.style.emphasis = false,
            Event::Start(Tag::Strong) => collector.style.strong = true,
            Event::End(TagEnd::Strong) => collector.style.strong = false,
            Event::Start(Tag::Strikethrough) => collector.style.strikethrough = true,
            Event::End(TagEnd::Strikethrough) => collector.style.strikethrough = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let reference = matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                )
                .then(|| id.to_string());
                collector.link = Some(OpenLink {
                    dest: unhide_pipes(&dest_url).into_owned(),
                    title: unhide_pipes(&title).into_owned(),
                    span: range,
                    text: String::new(),
                    reference,
                });
            }
            Event::End(TagEnd::Link) => collector.close_link(),
            Event::Text(body) => {
                let style = collector.style.clone();
                collector.push_text(&body, style, range.start);
            }
            Event::Code(body) => {
                let style = Style {
                    code: true,
                    ..collector.style.clone()
                };
                collector.push_text(&body, style, range.start);
            }
            // Kept as line breaks until blocks are read, so a pasted source list that Markdown
            // joined into one paragraph can be split into its entries again.
            Event::SoftBreak | Event::HardBreak => {
                collector.push_text("\n", collector.style.clone(), range.start)
            }
            Event::FootnoteReference(name) => collector.footnote(name.to_string(), range),
            Event::InlineHtml(html) if is_hidden_span(&html) => collector.hidden = true,
            Event::InlineHtml(html)
                if html.trim().eq_ignore_ascii_case("</sup>") && collector.close_superscript() => {}
            Event::InlineHtml(html) => {
                // A `<br>` is a break; other inline tags are shown as text, escaped.
                // A `<br>` is a line break, so a source list after it is read as its own line.
                let tag = html.trim().to_ascii_lowercase();
                let shown = if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    "\n"
                } else if tag.starts_with("<sup ") && tag.ends_with('>') {
                    // `<sup id="cite_ref-1" class="reference">`, as an article converted from
                    // HTML keeps a wiki's note marks: read as `<sup>` is.
                    "<sup>"
                } else if is_anchor_in_page(&tag) {
                    // `<a href="#cite_note-2">[2]</a>`: a link within the page, whose text
                    // alone is read.
                    collector.anchors_dropped += 1;
                    ""
                } else if tag == "</a>" && collector.anchors_dropped > 0 {
                    collector.anchors_dropped -= 1;
                    ""
                } else {
                    &html
                };
                collector.push_text(shown, collector.style.clone(), range.start);
            }
            Event::Html(_) | Event::Rule | Event::TaskListMarker(_) => {}
            _ => {}
        }
    }
    collector.close_current();
    let mut blocks = collector.blocks;
    drop_unfenced_code(&mut blocks);
    drop_clipped_excerpt(&mut blocks);
    take_query_block(&mut blocks, briefing);
    if thread_export {
        take_query_paragraphs(&mut blocks, briefing);
    }
    split_turns_at_lines(&mut blocks);
    take_conversation_turns(&mut blocks, briefing, diagnostics);
    cut_second_answer(&mut blocks, diagnostics);
    let mut blocks = join_broken_paragraphs(blocks);
    let mut references = collector.references;
    take_inline_footnotes(&mut blocks, &mut references);
    let mut definitions: NumberedDefinitions = events
        .reference_definitions()
        .iter()
        .filter_map(|(label, definition)| {
            let number = super::citations::citation_number(label)?;
            Some(NumberedDefinition {
                number,
                dest: definition.dest.to_string(),
                title: definition
                    .title
                    .as_ref()
                    .map(|title| title.trim().to_owned())
                    .filter(|title| !title.is_empty()),
                span: definition.span.clone(),
            })
        })
        .collect();
    definitions.sort_by_key(|definition| definition.number);
    (blocks, references, definitions)
}

/// What the name of an inline footnote starts with: a `]`, which no written label
/// (`[^name]`) can hold, so no written footnote shares it.
const INLINE_NOTE_NAME: &str = "]inline ";

/// Inline footnotes, as Obsidian, Pandoc and Quarto write a note where it is cited:
/// `^[https://…]`, `^[[AP](https://…)]`, `^[Smith, *Title*, 2020.]`. pulldown-cmark leaves
/// them as text; each becomes a footnote reference where it stands and a definition of its
/// own, after every block, and is numbered with the written footnotes in order of first
/// reference. A raised citation group (`^[1]`) is not a note: the marker finder reads it.
pub(super) fn take_inline_footnotes(blocks: &mut Vec<Block>, references: &mut References) {
    let mut notes = Vec::new();
    for block in blocks.iter_mut() {
        let may_hold_note = block.pieces.iter().any(|piece| {
            matches!(piece, Piece::Text { text, style, .. } if !style.code && text.contains("^["))
        });
        if may_hold_note {
            block.pieces = split_inline_footnotes(&block.pieces, &mut notes, references);
        }
    }
    if !notes.is_empty() {
        blocks.extend(notes);
        // In order of first reference, which is the order of the text (a stable sort).
        references.sort_by_key(|(_, span)| span.start);
    }
}

/// An inline footnote being read: where it opened, what it holds so far, and how deep its
/// brackets are.
struct OpenNote {
    /// The piece and byte at which its `^[` stands, to restore the text if it never closes.
    opening: (usize, usize),
    /// How many pieces the block had before it.
    pieces_before: usize,
    /// Where its `^` stands in the file.
    at: usize,
    depth: usize,
    pieces: Vec<Piece>,
}

/// `pieces` with each inline footnote made a reference, its definition added to `notes` and
/// its reference to `references`. A note whose brackets never close stays text.
fn split_inline_footnotes(
    pieces: &[Piece],
    notes: &mut Vec<Block>,
    references: &mut References,
) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + 2);
    let mut open: Option<OpenNote> = None;
    for (index, piece) in pieces.iter().enumerate() {
        let Piece::Text { text, style, at } = piece else {
            match &mut open {
                Some(note) => note.pieces.push(piece.clone()),
                None => out.push(piece.clone()),
            }
            continue;
        };
        let mut from = 0;
        loop {
            let Some(note) = &mut open else {
                let Some(opening) = find_note_opening(&text[from..], style).map(|k| from + k)
                else {
                    push_piece_text(&mut out, &text[from..], style, at + from);
                    break;
                };
                push_piece_text(&mut out, &text[from..opening], style, at + from);
                open = Some(OpenNote {
                    opening: (index, opening),
                    pieces_before: out.len(),
                    at: at + opening,
                    depth: 1,
                    pieces: Vec::new(),
                });
                from = opening + "^[".len();
                continue;
            };
            let Some(close) = closing_bracket(&text[from..], &mut note.depth).map(|j| from + j)
            else {
                push_piece_text(&mut note.pieces, &text[from..], style, at + from);
                break;
            };
            push_piece_text(&mut note.pieces, &text[from..close], style, at + from);
            let name = format!("{INLINE_NOTE_NAME}{}", notes.len() + 1);
            let span = note.at..at + close + 1;
            references.push((name.clone(), span.clone()));
            out.push(Piece::Footnote {
                name: name.clone(),
                span,
            });
            notes.push(Block {
                kind: BlockKind::FootnoteDefinition(name),
                pieces: std::mem::take(&mut note.pieces),
                start: note.at + "^[".len(),
                cells: 0,
                quote: 0,
            });
            open = None;
            from = close + 1;
        }
    }
    if let Some(note) = open {
        let (index, opening) = note.opening;
        out.truncate(note.pieces_before);
        if let Piece::Text { text, style, at } = &pieces[index] {
            push_piece_text(&mut out, &text[opening..], style, at + opening);
        }
        out.extend(pieces[index + 1..].iter().cloned());
    }
    out
}

/// Where an inline footnote opens in `text` (`^[`), glued to what it annotates and to its
/// first word; not in code, and not a raised citation group (`^[1]`).
fn find_note_opening(text: &str, style: &Style) -> Option<usize> {
    if style.code {
        return None;
    }
    text.match_indices("^[").map(|(at, _)| at).find(|&at| {
        let glued = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        let holds_words = text[at + 2..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_whitespace() && c != ']');
        glued
            && holds_words
            && crate::parse::scan::citations::scan_citation_run(&text[at + 1..]).is_none()
    })
}

/// The byte of the `]` that closes brackets `depth` deep in `text`, counting the brackets
/// opened and closed on the way; `None` when the text ends first (`depth` is then updated).
fn closing_bracket(text: &str, depth: &mut usize) -> Option<usize> {
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'[' => *depth += 1,
            b']' => {
                *depth -= 1;
                if *depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// Add `text` to `pieces` as a text piece, unless it is empty.
fn push_piece_text(pieces: &mut Vec<Piece>, text: &str, style: &Style, at: usize) {
    if !text.is_empty() {
        pieces.push(Piece::Text {
            text: text.to_owned(),
            style: style.clone(),
            at,
        });
    }
}

/// A web clipper writes the page title into the front matter (cut short with `...`, or with
/// ` - Google Search` after it) and the query again as the first line or heading of the body.
/// That line is the query, not a claim or a section, and its full text is the title.
pub(super) fn take_query_block(blocks: &mut Vec<Block>, briefing: &mut Briefing) {
    let Some(title) = briefing.title.clone() else {
        return;
    };
    // Chrome before the query (`## Search Results`, a time stamp) says nothing.
    let chrome = blocks
        .iter()
        .take_while(|block| crate::parse::vocabulary::is_chrome(&block.plain_text()))
        .count();
    let Some(first) = blocks.get(chrome) else {
        return;
    };
    if !matches!(first.kind, BlockKind::Paragraph | BlockKind::Heading(_)) {
        return;
    }
    let text = first.plain_text();
    let text = text.trim();
    let cut = title
        .strip_suffix("...")
        .or_else(|| title.strip_suffix('…'))
        .map(str::trim_end);
    let same = match cut {
        Some(cut) => letters(text).starts_with(&letters(cut)) && !letters(cut).is_empty(),
        None => letters(text) == letters(&title),
    };
    if !same || text.contains('\n') {
        return;
    }
    if cut.is_some() {
        briefing.title = Some(text.to_owned());
    }
    briefing.query = Some(text.to_owned());
    blocks.drain(..=chrome);
}

/// `<img src="https://…perplexity.ai/…logo…">`: the logo line a Perplexity thread export
/// starts with.
fn is_export_logo(html: &str) -> bool {
    let lower = html.trim().to_ascii_lowercase();
    lower.starts_with("<img") && lower.contains("perplexity.ai") && lower.contains("logo")
}

/// In a thread export the `#` heading is the first line of the question; the question's
/// further lines follow as short paragraphs without a sentence's end (`it 용어를 잘 모르는
/// 사람에게 쉽게 풀어 설명해줘`). They are the query (joined with ` / `), not claims.
pub(super) fn take_query_paragraphs(blocks: &mut Vec<Block>, briefing: &mut Briefing) {
    let Some(first) = blocks.first() else {
        return;
    };
    if first.kind != BlockKind::Heading(HeadingLevel::H1) {
        return;
    }
    let mut query = vec![first.plain_text().trim().to_owned()];
    let mut taken = 0;
    for block in &blocks[1..] {
        let text = block.plain_text();
        let text = text.trim();
        let cites = block
            .pieces
            .iter()
            .any(|piece| !matches!(piece, Piece::Text { .. }));
        let ends_sentence = text.ends_with(['.', '!', '?', '。', ':']) && !text.ends_with("..");
        if block.kind != BlockKind::Paragraph
            || cites
            || ends_sentence
            || text.chars().count() > 300
            || text.is_empty()
        {
            break;
        }
        query.push(text.to_owned());
        taken += 1;
    }
    briefing.query = Some(query.join(" / "));
    blocks.drain(1..=taken);
}

/// Only the letters and digits of `text`, lowercase: what two writings of a query share.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The page's description that a web clipper quotes under the title (MarkDownload's
/// `> ## Excerpt` then `> …`): the page's summary of itself, not a claim. Left out, with the
/// rest of its block quote.
fn drop_clipped_excerpt(blocks: &mut Vec<Block>) {
    let Some(quote) = blocks
        .iter()
        .take(2)
        .find(|block| {
            block.quote > 0
                && matches!(block.kind, BlockKind::Heading(_))
                && block.plain_text().trim().eq_ignore_ascii_case("excerpt")
        })
        .map(|block| block.quote)
    else {
        return;
    };
    blocks.retain(|block| block.quote != quote);
}

/// Code whose fence the copy lost, from a paragraph that names its language (`cpp`) to the
/// engine's caution (`Use code with caution.`), is neither claim nor heading: left out.
pub(super) fn drop_unfenced_code(blocks: &mut Vec<Block>) {
    use crate::parse::vocabulary::{is_code_caution, is_code_label};
    // Only a label with a caution somewhere after it opens code; knowing where the last
    // caution is keeps this linear.
    let Some(last_caution) = blocks
        .iter()
        .rposition(|block| is_code_caution(&block.plain_text()))
    else {
        return;
    };
    let mut i = 0;
    while i < blocks.len() {
        let opens = i < last_caution
            && blocks[i].kind == BlockKind::Paragraph
            && is_code_label(blocks[i].plain_text().trim());
        let end = opens
            .then(|| {
                blocks[i + 1..]
                    .iter()
                    .position(|block| is_code_caution(&block.plain_text()))
            })
            .flatten();
        match end {
            Some(end) => {
                blocks.drain(i..=i + 1 + end);
            }
            None => i += 1,
        }
    }
}

/// A conversation exported or copied as Markdown names each turn (`#### You:` / the
/// question / `#### ChatGPT:` / the answer; `**User**`; `You said:`), or opens each turn with
/// its name (`**Q:** why …` / `**A:** Because …`; `User: …` / `Assistant: …`). The question
/// is the query, the engine's name the engine; only the first answer is read, and where the
/// next question begins is reported. Read only where a user's turn near the top is followed, a
/// few blocks on, by an engine's.
pub(super) fn take_conversation_turns(
    blocks: &mut Vec<Block>,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use crate::parse::vocabulary::{engine_turn_heading, is_question_name, is_user_turn_heading};
    const QUESTION_BLOCKS: usize = 4;
    // A turn's name stands alone (a heading, a bold paragraph or one ending in `:`), or opens
    // its paragraph: its name and how many bytes of the text the name and its colon take (0
    // where it stands alone).
    let label = |block: &Block| {
        let text = block.plain_text();
        let alone = matches!(block.kind, BlockKind::Heading(_))
            || block.kind == BlockKind::Paragraph
                && (block.is_all_strong() || text.trim_end().ends_with(':'));
        if alone {
            return Some((text, 0));
        }
        let name_len = leading_turn_name(block)?;
        Some((text[..name_len].to_owned(), name_len))
    };
    let user_turn = |block: &Block| {
        label(block).and_then(|(text, len)| is_user_turn_heading(&text).then_some(len))
    };
    let engine_turn = |block: &Block| {
        let (text, len) = label(block)?;
        engine_turn_heading(&text).map(|engine| (engine, len))
    };
    let Some((user, question_len)) = blocks
        .iter()
        .take(3)
        .enumerate()
        .find_map(|(at, block)| user_turn(block).map(|len| (at, len)))
    else {
        return;
    };
    // A question on its name's line may be answered in the very next block.
    let first_answer = if question_len > 0 { user + 1 } else { user + 2 };
    let Some((answer, engine, answer_len)) = blocks
        .iter()
        .enumerate()
        .skip(first_answer)
        .take(QUESTION_BLOCKS)
        .find_map(|(at, block)| engine_turn(block).map(|(engine, len)| (at, engine, len)))
    else {
        return;
    };
    let is_question = |block: &Block| label(block).is_some_and(|(text, _)| is_question_name(&text));
    if is_question(&blocks[user]) && blocks[answer + 1..].iter().any(is_question) {
        // `Q:` / `A:` again and again: a FAQ, each question heading a section of its answer.
        let faq = std::mem::take(blocks).into_iter().enumerate();
        let mut question_below = false;
        for (at, mut block) in faq {
            let turn = (at >= user).then(|| label(&block)).flatten();
            let question_here = std::mem::take(&mut question_below);
            match turn {
                Some((text, len)) if is_question_name(&text) => {
                    if len == 0 {
                        question_below = true;
                        continue;
                    }
                    drop_leading_text(&mut block, len);
                    block.kind = BlockKind::Heading(HeadingLevel::H2);
                }
                Some((text, len)) if engine_turn_heading(&text).is_some() => {
                    if len == 0 {
                        continue;
                    }
                    drop_leading_text(&mut block, len);
                }
                _ if question_here && block.kind == BlockKind::Paragraph => {
                    block.kind = BlockKind::Heading(HeadingLevel::H2);
                }
                _ => {}
            }
            blocks.push(block);
        }
        return;
    }
    let question: Vec<String> = std::iter::once(blocks[user].plain_text()[question_len..].trim())
        .filter(|_| question_len > 0)
        .map(str::to_owned)
        .chain(
            blocks[user + 1..answer]
                .iter()
                .map(|block| block.plain_text().trim().to_owned()),
        )
        .collect();
    let question = question.join(" ");
    // A `#` heading above the first turn is the title; without one, the question is.
    let titled = blocks[..user]
        .iter()
        .any(|block| block.kind == BlockKind::Heading(HeadingLevel::H1));
    if !titled {
        briefing.title.get_or_insert_with(|| question.clone());
    }
    briefing.query.get_or_insert(question);
    if let Some(engine) = engine {
        briefing
            .origin
            .engine
            .get_or_insert_with(|| engine.to_owned());
    }
    // An answer on its name's line keeps its block, without the name.
    if answer_len > 0 {
        drop_leading_text(&mut blocks[answer], answer_len);
        blocks.drain(user..answer);
    } else {
        blocks.drain(user..=answer);
    }
    let is_user = |block: &Block| user_turn(block).is_some();
    let next_question = blocks[user..].iter().position(is_user).map(|at| user + at);
    if let Some(next) = next_question {
        let at = blocks[next].start;
        diagnostics.push(second_question(at..at));
        // A source list after the last answer serves every answer, where the first has no
        // list of its own: it is read for the first.
        let is_turn = |block: &Block| user_turn(block).is_some() || engine_turn(block).is_some();
        let last_turn = blocks.iter().rposition(is_turn).unwrap_or(next);
        let shared_list = (!blocks[..next].iter().any(heads_sources))
            .then(|| blocks[last_turn..].iter().position(heads_sources))
            .flatten()
            .map(|at| last_turn + at);
        match shared_list {
            Some(list) => {
                let at = blocks[list].start;
                diagnostics.push(shared_source_list(at..at));
                blocks.drain(next..list);
            }
            None => blocks.truncate(next),
        }
    }
}

/// An HTML link to a place in the page, or an anchor naming one (`<a href="#cite_note-2">`,
/// `<a id="ref-3">`), given its tag in lowercase.
fn is_anchor_in_page(tag: &str) -> bool {
    let Some(attributes) = tag.strip_prefix("<a ") else {
        return false;
    };
    match attributes.find("href=") {
        Some(at) => attributes[at + "href=".len()..]
            .trim_start_matches(['"', '\''])
            .starts_with('#'),
        None => true,
    }
}

/// Whether a block opens a source list: it names one ([`names_sources`]), or it is a
/// paragraph whose first line is a numbered entry (`[1] Title https://…`).
fn heads_sources(block: &Block) -> bool {
    use crate::parse::scan::entries::scan_source_entry;
    names_sources(block)
        || block.kind == BlockKind::Paragraph
            && scan_source_entry(block.plain_text().lines().next().unwrap_or("")).is_some()
}

/// Whether a block names a source list: a heading, or a paragraph standing for one
/// (`**Sources**`, `Sources:`).
fn names_sources(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Heading(_) | BlockKind::Paragraph)
        && is_source_heading(block.plain_text().trim())
}

/// What parts the cells of a row in a table of sources.
const SOURCE_CELL_SEPARATOR: &str = " — ";

/// The number a table of sources gives a row in its first cell (`1`, `[1]`, `(1)`, `1.`).
fn row_number_cell(text: &str) -> Option<u32> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .or_else(|| text.strip_prefix('(')?.strip_suffix(')'))
        .unwrap_or(text);
    super::citations::citation_number(text)
}

/// Split a paragraph whose lines open with turns' names (`**Q:** Can I …?` then `**A:** Yes
/// …` on the next line, as a note written without blank lines has them) into a paragraph per
/// turn, as blank lines between them would have made it.
fn split_turns_at_lines(blocks: &mut Vec<Block>) {
    use crate::parse::vocabulary::inline_turn;
    let opens_with_turn = |line: &str| {
        let line = line.trim();
        after_turn_name(line).is_some_and(|words| inline_turn(&line[..words]).is_some())
    };
    // Most paragraphs are one line: those are passed over before their opening is read.
    let has_turns = |block: &Block| {
        block
            .pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Text { text, .. } if text.contains('\n')))
            && leading_turn_name(block).is_some()
    };
    if !blocks.iter().any(has_turns) {
        return;
    }
    for block in std::mem::take(blocks) {
        if !has_turns(&block) {
            blocks.push(block);
            continue;
        }
        let text = block.plain_text();
        let turns: Vec<bool> = text.split('\n').map(opens_with_turn).collect();
        if !turns[0] || !turns[1..].contains(&true) {
            blocks.push(block);
            continue;
        }
        blocks.extend(block.split_at_lines(|line| turns[line]));
    }
}

/// How many bytes of a paragraph's text a turn's name takes where the paragraph opens with
/// one, bold or not, and goes on (`**Q:** why …`, `User: why …`): the name, its colon and the
/// spaces after it ([`after_turn_name`]). Which names are turns' is the caller's to ask.
fn leading_turn_name(block: &Block) -> Option<usize> {
    if block.kind != BlockKind::Paragraph {
        return None;
    }
    // The name is in the paragraph's first text, before any link; a name is short.
    let mut opening = String::new();
    for piece in &block.pieces {
        match piece {
            Piece::Text { text, .. } if opening.len() < 64 => opening.push_str(text),
            _ => break,
        }
    }
    after_turn_name(&opening)
}

/// Drop the first `len` bytes of a block's text (a turn's name), from its first pieces.
fn drop_leading_text(block: &mut Block, mut len: usize) {
    while len > 0 {
        let Some(Piece::Text { text, at, .. }) = block.pieces.first_mut() else {
            return;
        };
        if text.len() <= len {
            len -= text.len();
            block.pieces.remove(0);
        } else {
            text.drain(..len);
            *at += len;
            len = 0;
        }
    }
    // The spaces after the name may sit in the next piece (`**Q:** why`).
    if let Some(Piece::Text { text, at, .. }) = block.pieces.first_mut() {
        let spaces = text.len() - text.trim_start().len();
        text.drain(..spaces);
        *at += spaces;
    }
}

/// A thread export holds every turn: after the first answer's footnote definitions, a `#`
/// heading opens the next question. Only the first answer is read; where the next begins is
/// reported.
pub(super) fn cut_second_answer(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(first_note) = blocks
        .iter()
        .position(|block| matches!(block.kind, BlockKind::FootnoteDefinition(_)))
    else {
        return;
    };
    let Some(next) = blocks[first_note..]
        .iter()
        .position(|block| block.kind == BlockKind::Heading(HeadingLevel::H1))
        .map(|at| first_note + at)
    else {
        return;
    };
    let at = blocks[next].start;
    diagnostics.push(
        Diagnostic::warning(
            at..at,
            "a second answer begins here, after the first one's sources; only the first answer is read",
        )
        .with_help("put each answer in a file of its own"),
    );
    blocks.truncate(next);
}

/// Join a paragraph that an export broke in mid-sentence to the paragraph after it: one that
/// ends in a comma, or in a lowercase word with no punctuation (`…platforms like`). A
/// document's first line alone over a sentence is the query as typed (`how long do bees
/// live`), not a broken paragraph.
pub(super) fn join_broken_paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    // Whether the last paragraph read stops mid-sentence: asked of each paragraph once, so a
    // long chain of broken paragraphs stays linear to join.
    let mut previous_broken = false;
    let mut previous_is_first_line = false;
    for block in blocks {
        let is_paragraph = block.kind == BlockKind::Paragraph;
        let text = if is_paragraph {
            block.plain_text()
        } else {
            String::new()
        };
        let broken = is_paragraph && ends_mid_sentence(&text);
        let query_over_sentence = previous_is_first_line && opens_sentence(&text);
        previous_is_first_line = joined.is_empty() && is_paragraph && !text.contains('\n');
        match joined.last_mut() {
            Some(previous)
                if previous_broken
                    && is_paragraph
                    && previous.quote == block.quote
                    && !query_over_sentence =>
            {
                previous.pieces.push(Piece::Text {
                    text: " ".to_owned(),
                    style: Style::default(),
                    at: block.start,
                });
                previous.pieces.extend(block.pieces);
            }
            _ => joined.push(block),
        }
        previous_broken = broken;
    }
    joined
}

/// Whether a paragraph opens a sentence: with a capital letter.
fn opens_sentence(text: &str) -> bool {
    text.trim_start().starts_with(char::is_uppercase)
}

/// Whether a paragraph stops in mid-sentence: after a comma, or after a lowercase word with
/// no punctuation (not a chip's site name after a full stop), in a paragraph long enough to
/// be prose (not a short label or button).
fn ends_mid_sentence(text: &str) -> bool {
    let text = text.trim_end();
    let words = text.split_whitespace().count();
    words >= 4
        && !ends_with_chip(text)
        && (text.ends_with(',')
            || (text.ends_with(|c: char| c.is_lowercase())
                && text
                    .split_whitespace()
                    .next_back()
                    .is_some_and(|word| word.chars().all(char::is_lowercase))))
}

/// A callout, as Obsidian and GitHub write one in a block quote (`> [!note] Title` / `> text`,
/// `> [!WARNING]`, folded `> [!tip]-`): its type in brackets is no text of the briefing. The
/// marker goes; a title after it labels the callout's text (`Title: text`), or, with no text
/// under it, is the text.
fn read_callout_marker(block: &mut Block) {
    let more_pieces = block.pieces.len() > 1;
    let Some(Piece::Text { text, style, at }) = block.pieces.first_mut() else {
        return;
    };
    let Some(kind_len) = text
        .strip_prefix("[!")
        .and_then(|rest| rest.find(']'))
        .filter(|&end| {
            let kind = &text[2..2 + end];
            !kind.is_empty()
                && kind
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
    else {
        return;
    };
    let after = text[2 + kind_len + 1..].trim_start_matches(['+', '-']);
    let marker_len = text.len() - after.len();
    let (title, body) = after.split_once('\n').unwrap_or((after, ""));
    let (title, body) = (title.trim(), body.trim_start());
    let body_goes_on = !body.is_empty() || more_pieces;
    if title.is_empty() || !body_goes_on {
        let text_start = text.len() - after.trim_start().len();
        text.drain(..text_start);
        *at += text_start;
        if text.trim().is_empty() {
            block.pieces.remove(0);
        }
        return;
    }
    let label = Piece::Text {
        text: format!("{title}:"),
        style: Style {
            strong: true,
            ..style.clone()
        },
        at: *at + marker_len,
    };
    let body_start = text.len() - body.len();
    text.drain(..body_start);
    text.insert(0, ' ');
    *at += body_start - 1;
    block.pieces.insert(0, label);
}

/// `<span style="display:none">` (or `visibility:hidden`): an export's hidden text.
fn is_hidden_span(html: &str) -> bool {
    let compact: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.starts_with("<span")
        && (compact.contains("display:none") || compact.contains("visibility:hidden"))
}

/// A link being read: its destination, title, span, text so far and reference label.
pub(super) struct OpenLink {
    dest: String,
    title: String,
    span: Range<usize>,
    text: String,
    reference: Option<String>,
}

/// Builds blocks from events.
#[derive(Default)]
pub(super) struct Collector {
    pub(super) blocks: Vec<Block>,
    pub(super) current: Option<Block>,
    pub(super) style: Style,
    /// The link being read.
    pub(super) link: Option<OpenLink>,
    /// Inside a `<span style="display:none">`.
    pub(super) hidden: bool,
    pub(super) references: References,
    /// The names in `references`, to add each once without searching the list.
    referenced: std::collections::HashSet<String>,
    /// Kinds of the enclosing items and footnote definitions, for paragraphs inside them.
    pub(super) containers: Vec<BlockKind>,
    /// The next text starts a piece of its own: the last one's text no longer matches the
    /// bytes it came from, so nothing may be appended to it.
    fresh_piece: bool,
    /// How many block quotes the current block is in.
    pub(super) quote_depth: usize,
    /// How many block quotes the document has opened (outermost ones).
    quotes_opened: u32,
    /// How many `<a>` tags to a place in the page were left out and await their `</a>`.
    anchors_dropped: usize,
    /// In a table under a heading that names a source list: its rows are entries.
    source_table: bool,
    /// The number the first cell of the row being read gave its entry (`| 1 | Title | … |`).
    row_number: Option<u64>,
}

impl Collector {
    /// The block quote text read now is in ([`Block::quote`]).
    fn quote(&self) -> u32 {
        if self.quote_depth > 0 {
            self.quotes_opened
        } else {
            0
        }
    }

    fn open(&mut self, kind: BlockKind, start: usize) {
        self.close_current();
        if matches!(kind, BlockKind::Item(_) | BlockKind::FootnoteDefinition(_)) {
            self.containers.push(kind.clone());
        }
        self.current = Some(Block {
            kind,
            pieces: Vec::new(),
            start,
            cells: 0,
            quote: self.quote(),
        });
    }

    fn in_item_or_note(&self) -> bool {
        matches!(
            self.current.as_ref().map(|block| &block.kind),
            Some(BlockKind::Item(_) | BlockKind::FootnoteDefinition(_))
        ) || (self.current.is_none() && !self.containers.is_empty())
    }

    /// A paragraph break inside an item or footnote: a space between the paragraphs.
    fn separate(&mut self) {
        if self.current.is_none() {
            if let Some(kind) = self.containers.last().cloned() {
                self.current = Some(Block {
                    kind,
                    pieces: Vec::new(),
                    start: 0,
                    cells: 0,
                    quote: self.quote(),
                });
            }
        }
        if self
            .current
            .as_ref()
            .is_some_and(|block| !block.pieces.is_empty())
        {
            self.push_text(" ", Style::default(), 0);
        }
    }

    /// Cells of a table row read as a labelled line: the first cell, `: `, then the others
    /// joined with `; ` (a row shows no `|`).
    fn separate_cell(&mut self, at: usize) {
        if self.source_table {
            return self.separate_source_cell(at);
        }
        let Some(block) = self.current.as_mut() else {
            return;
        };
        if block.pieces.is_empty() {
            return;
        }
        block.cells += 1;
        let separator = if block.cells == 1 { ": " } else { "; " };
        self.push_text(separator, Style::default(), at);
    }

    /// Cells of a row in a table of sources, read as a list entry is written (`1. Title —
    /// https://…`): a first cell holding only a number (`1`, `[1]`, `1.`) numbers the entry,
    /// and the other cells are joined by ` — `, the empty ones left out.
    fn separate_source_cell(&mut self, at: usize) {
        let Some(block) = self.current.as_mut() else {
            return;
        };
        let text = block.plain_text();
        if block.cells == 0 {
            if let Some(number) = row_number_cell(&text) {
                self.row_number = Some(number.into());
                block.pieces.clear();
                block.cells = 1;
                return;
            }
        }
        if text.trim().is_empty() || text.ends_with(SOURCE_CELL_SEPARATOR) {
            return;
        }
        block.cells += 1;
        self.push_text(SOURCE_CELL_SEPARATOR, Style::default(), at);
    }

    /// Start or end a table: one right under a heading or paragraph that names a source list
    /// (`## Sources`, `**References**`) is a table of sources.
    fn table(&mut self, start: bool) {
        self.close_current();
        self.source_table = start && self.blocks.last().is_some_and(names_sources);
    }

    fn close_current(&mut self) {
        if let Some(mut block) = self.current.take() {
            if matches!(
                block.kind,
                BlockKind::Item(_) | BlockKind::FootnoteDefinition(_)
            ) {
                self.containers.pop();
            }
            if block.kind == BlockKind::Row && self.source_table {
                block.kind = BlockKind::Item(self.row_number.take());
            }
            let has_text = block.pieces.iter().any(|piece| match piece {
                Piece::Text { text, .. } => !text.trim().is_empty(),
                _ => true,
            });
            if has_text || matches!(block.kind, BlockKind::FootnoteDefinition(_)) {
                self.blocks.push(block);
            }
        }
    }

    /// At `</sup>`: a superscript that holds source numbers (`disease.<sup>1</sup>`,
    /// `<sup>2,3</sup>`), as HTML exports write citations, becomes the group `[2,3]`. Not
    /// after a number or a unit of one or two letters (`10 m<sup>2</sup>`), where it is a
    /// power. Returns whether it did.
    fn close_superscript(&mut self) -> bool {
        if self.link.is_some() {
            return false;
        }
        if self.close_superscript_links() {
            return true;
        }
        let Some(Piece::Text { text, .. }) = self
            .current
            .as_mut()
            .and_then(|block| block.pieces.last_mut())
        else {
            return false;
        };
        let Some(open) = text.rfind("<sup>") else {
            return false;
        };
        let numbers = text[open + "<sup>".len()..].trim();
        // `<sup>[2]</sup>` holds its group whole; `<sup>2,3</sup>` its numbers.
        let group = if numbers.starts_with('[') {
            numbers.to_owned()
        } else {
            format!("[{numbers}]")
        };
        let is_group = crate::parse::scan::citations::scan_citation_group(&group)
            .is_some_and(|(len, _)| len == group.len());
        let before = &text[..open];
        let last_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let power = before.ends_with(|c: char| c.is_ascii_digit())
            || (1..=2).contains(&last_word.chars().count())
                && last_word.chars().all(char::is_alphabetic);
        if !is_group || power {
            return false;
        }
        text.truncate(open);
        text.push_str(&group);
        self.fresh_piece = true;
        true
    }

    /// At `</sup>`: a superscript that holds links over source numbers
    /// (`<sup>[1](https://…)</sup>`, `<sup>[2](…), [3](…)</sup>`): the tags and the commas
    /// between the links go, and the links are read as numbered citations. Returns whether
    /// it did.
    fn close_superscript_links(&mut self) -> bool {
        let Some(block) = self.current.as_mut() else {
            return false;
        };
        let is_separator = |text: &str| text.chars().all(|c| c == ',' || c.is_whitespace());
        let Some(open) = block.pieces.iter().rposition(|piece| match piece {
            Piece::Text { text, .. } => !is_separator(text),
            _ => false,
        }) else {
            return false;
        };
        let links = &block.pieces[open + 1..];
        let only_numbered_links = links
            .iter()
            .any(|piece| matches!(piece, Piece::Link { .. }))
            && links.iter().all(|piece| match piece {
                Piece::Link { text, .. } => {
                    super::citations::citation_number(text.trim().trim_matches(['[', ']']))
                        .is_some()
                }
                Piece::Text { text, .. } => is_separator(text),
                Piece::Footnote { .. } => false,
            });
        let Some(Piece::Text { text, .. }) = block.pieces.get_mut(open) else {
            return false;
        };
        let Some(before) = text.trim_end().strip_suffix("<sup>") else {
            return false;
        };
        if !only_numbered_links {
            return false;
        }
        text.truncate(before.len());
        // The separators after the opening tag go; the links stay.
        let mut index = 0;
        block.pieces.retain(|piece| {
            let keep = index <= open || !matches!(piece, Piece::Text { .. });
            index += 1;
            keep
        });
        self.fresh_piece = true;
        true
    }

    fn push_text(&mut self, text: &str, style: Style, at: usize) {
        let text = &*unhide_pipes(text);
        if let Some(link) = &mut self.link {
            link.text.push_str(text);
            return;
        }
        let quote = self.quote();
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: at,
            cells: 0,
            quote,
        });
        if block.start == 0 && at > 0 {
            block.start = at;
        }
        // pulldown-cmark splits text at `[` and `]`; merge it back so `[1]` reads as one group.
        let fresh = std::mem::take(&mut self.fresh_piece);
        if let Some(Piece::Text {
            text: previous,
            style: previous_style,
            ..
        }) = block.pieces.last_mut().filter(|_| !fresh)
        {
            if *previous_style == style {
                previous.push_str(text);
                return;
            }
        }
        block.pieces.push(Piece::Text {
            text: text.to_owned(),
            style,
            at,
        });
    }

    fn close_link(&mut self) {
        let Some(OpenLink {
            dest,
            title,
            span,
            text,
            reference,
        }) = self.link.take()
        else {
            return;
        };
        let style = self.style.clone();
        let quote = self.quote();
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: span.start,
            cells: 0,
            quote,
        });
        block.pieces.push(Piece::Link {
            text,
            dest,
            title,
            style,
            span,
            reference,
        });
    }

    fn footnote(&mut self, name: String, span: Range<usize>) {
        if self.referenced.insert(name.clone()) {
            self.references.push((name.clone(), span.clone()));
        }
        let quote = self.quote();
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: span.start,
            cells: 0,
            quote,
        });
        block.pieces.push(Piece::Footnote { name, span });
    }
}

/// Read front matter into `briefing`; its reviews go to `reviews`, to be given to their
/// claims once there are claims.
pub(super) fn read_front_matter(
    kind: MetadataBlockKind,
    body: &str,
    at: usize,
    briefing: &mut Briefing,
    reviews: &mut Reviews,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let fields = match kind {
        MetadataBlockKind::PlusesStyle => match read_toml(body, at) {
            Ok((fields, _, written)) => {
                reviews.extend(written);
                fields
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return;
            }
        },
        MetadataBlockKind::YamlStyle => read_yaml(body, at, diagnostics),
    };
    diagnostics.extend(apply_fields(briefing, fields, FieldsFrom::FrontMatter));
}

/// The body rows of an HTML `<table>` (as a web clipper writes a page's table) as table-row
/// blocks, read like Markdown rows: the first cell, `: `, the others joined with `; `. Header
/// rows (`<th>` cells) state nothing and are left out. `None` when the block holds no table.
pub(super) fn html_table_rows(html: &str, at: usize) -> Option<Vec<Block>> {
    let lower = html.to_ascii_lowercase();
    if lower.len() != html.len() || !lower.contains("<table") {
        return None;
    }
    let mut rows = Vec::new();
    for (row_at, _) in lower.match_indices("<tr") {
        let end = lower[row_at..]
            .find("</tr")
            .map_or(lower.len(), |end| row_at + end);
        let row = &html[row_at..end];
        if row.to_ascii_lowercase().contains("<th") {
            continue;
        }
        let cells: Vec<String> = row
            .split("<td")
            .skip(1)
            .map(|cell| html_text(cell.split_once('>').map_or("", |(_, inner)| inner)))
            .filter(|cell| !cell.is_empty())
            .collect();
        let Some((first, rest)) = cells.split_first() else {
            continue;
        };
        let mut text = first.clone();
        if !rest.is_empty() {
            text.push_str(": ");
            text.push_str(&rest.join("; "));
        }
        rows.push(Block {
            kind: BlockKind::Row,
            pieces: vec![Piece::Text {
                text,
                style: Style::default(),
                at: at + row_at,
            }],
            start: at + row_at,
            cells: cells.len().saturating_sub(1),
            quote: 0,
        });
    }
    Some(rows)
}

/// The items of an HTML list (`<ol>` or `<ul>`) as item blocks, numbered in order in an
/// `<ol>`: a page's notes, as an article converted from HTML keeps them (`<li id="fn1"><a
/// href="https://…">NOAA: Tides</a> <a href="#ref1">↩</a></li>`), maybe in a wrapper with no
/// text before the list (Pandoc's `<section class="footnotes"><hr /><ol>`). An item's first
/// link out of the page and its links within the page (back-links) stay links. `None` when
/// the block holds no list.
pub(super) fn html_list_items(html: &str, at: usize) -> Option<Vec<Block>> {
    let lower = html.to_ascii_lowercase();
    let list_at = [lower.find("<ol"), lower.find("<ul")]
        .into_iter()
        .flatten()
        .min()?;
    if !html_text(&html[..list_at]).is_empty() {
        return None;
    }
    let ordered = lower[list_at..].starts_with("<ol");
    let mut items = Vec::new();
    // Where the last item read ends: an item of a list nested in it is read as its text.
    let mut read_to = 0;
    for (item_at, _) in lower.match_indices("<li") {
        if item_at < read_to.max(list_at) {
            continue;
        }
        let Some((open_end, end)) = element_content(&lower, item_at, "</li") else {
            continue;
        };
        read_to = end;
        let number = ordered.then_some(items.len() as u64 + 1);
        let pieces = html_item_pieces(&html[open_end..end], &lower[open_end..end], at + item_at);
        if pieces.is_empty() {
            continue;
        }
        items.push(Block {
            kind: BlockKind::Item(number),
            pieces,
            start: at + item_at,
            cells: 0,
            quote: 0,
        });
    }
    Some(items)
}

/// Where the content of the HTML element whose tag opens at `at` starts (after the tag's `>`)
/// and ends (at `closing`, or the end of `lower`, the fragment in lowercase, if it is never
/// closed). `None` for a tag never closed by a `>`.
fn element_content(lower: &str, at: usize, closing: &str) -> Option<(usize, usize)> {
    let open_end = at + lower[at..].find('>')? + 1;
    let end = lower[open_end..]
        .find(closing)
        .map_or(lower.len(), |end| open_end + end);
    Some((open_end, end))
}

/// The pieces of an HTML list item: its text, its first link out of the page and its links
/// within the page.
fn html_item_pieces(html: &str, lower: &str, at: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = 0;
    let mut linked = false;
    let text_piece = |text: String| Piece::Text {
        text,
        style: Style::default(),
        at,
    };
    for (link_at, _) in lower.match_indices("<a ") {
        if link_at < rest {
            continue;
        }
        let Some((open_end, close)) = element_content(lower, link_at, "</a>") else {
            break;
        };
        let before = html_text_spaced(&html[rest..link_at]);
        if !before.is_empty() {
            pieces.push(text_piece(before));
        }
        let inner = html_text(&html[open_end..close]);
        let dest = html_attribute(&html[link_at..open_end], "href").unwrap_or_default();
        // The first link out of the page, and links within it (a note's back-link, which
        // tells a note from an item), stay links.
        let within = dest.starts_with('#');
        if within || !linked && !dest.is_empty() {
            linked |= !within;
            pieces.push(Piece::Link {
                text: inner,
                dest,
                title: String::new(),
                style: Style::default(),
                span: at + link_at..at + close,
                reference: None,
            });
        } else if !inner.is_empty() {
            pieces.push(text_piece(inner));
        }
        rest = (close + "</a>".len()).min(html.len());
    }
    let after = html_text_spaced(&html[rest..]);
    if !after.is_empty() {
        pieces.push(text_piece(after));
    }
    // The spaces kept between text and link, not those at the item's ends.
    if let Some(Piece::Text { text, .. }) = pieces.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Piece::Text { text, .. }) = pieces.last_mut() {
        *text = text.trim_end().to_owned();
    }
    pieces.retain(|piece| !matches!(piece, Piece::Text { text, .. } if text.is_empty()));
    pieces
}

/// [`html_text`], keeping a space where the fragment begins or ends with one, so that text
/// beside a link stays apart from it (`Spring tide, <a …>Britannica</a>`).
fn html_text_spaced(html: &str) -> String {
    let text = html_text(html);
    let lead = html.starts_with(char::is_whitespace);
    let trail = html.ends_with(char::is_whitespace);
    match (text.is_empty(), lead || trail) {
        (true, true) => " ".to_owned(),
        (true, false) => text,
        (false, _) => format!(
            "{}{text}{}",
            if lead { " " } else { "" },
            if trail { " " } else { "" }
        ),
    }
}

/// The value of an attribute in an HTML tag (`href="…"`), its entities decoded.
fn html_attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '>']).next()?,
    };
    Some(decode_entities(value))
}

/// The text of an HTML fragment: tags removed, the common entities decoded, spaces collapsed.
fn html_text(html: &str) -> String {
    // Tags that mark words within a line part nothing; the others (`<td>`, `<br>`, `<p>`)
    // part the text around them.
    const INLINE_TAGS: [&str; 15] = [
        "a", "abbr", "b", "cite", "code", "em", "i", "mark", "s", "small", "span", "strong", "sub",
        "sup", "u",
    ];
    let mut text = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (c, &mut tag) {
            ('<', _) => tag = Some(String::new()),
            ('>', Some(name)) => {
                let name = name.trim_start_matches('/');
                let name = name.split([' ', '/']).next().unwrap_or("");
                if !INLINE_TAGS
                    .iter()
                    .any(|inline| name.eq_ignore_ascii_case(inline))
                {
                    text.push(' ');
                }
                tag = None;
            }
            (_, Some(name)) => {
                if name.len() < 16 {
                    name.push(c);
                }
            }
            (_, None) => text.push(c),
        }
    }
    let text = decode_entities(&text);
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ")
}

/// HTML text with its common entities decoded (`&amp;` last, so `&amp;lt;` stays `&lt;`).
fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Warn about an HTML block unless it is export debris with no words (`<div>⁂</div>`).
pub(super) fn warn_html(text: &str, range: Range<usize>, diagnostics: &mut Vec<Diagnostic>) {
    let html = text.get(range.clone()).unwrap_or("");
    let mut in_tag = false;
    let words = html.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        !in_tag && c.is_alphanumeric()
    });
    if words {
        diagnostics.push(
            Diagnostic::warning(range.start..range.start + 1, "HTML block left out")
                .with_help("briefing shows snapshot text as text; write the content as Markdown"),
        );
    }
}
