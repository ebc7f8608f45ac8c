//! Markdown briefings and Markdown as answer engines export it, through pulldown-cmark.
//!
//! The passes:
//!
//! 1. `collect_blocks`: pulldown-cmark's events (with offsets) become blocks — the front
//!    matter, headings, paragraphs, list items (nested ones too), table rows, and footnote
//!    definitions — each a list of pieces: styled text, footnote references and links.
//! 2. `resolve_citations`: the forms engines write citations in become citation groups.
//!    Footnote references `[^name]` are numbered by first reference, as GitHub does; plain
//!    `[1, 2]` keep their numbers; links whose text is a number (`[[1](url)]`), source chips in
//!    parentheses (`([Site](url))`, `([Site][1])`) and mangled `[words](3)` are citations too.
//!    Citations without numbers of their own are keyed by address and numbered in order of
//!    first appearance (SPEC 3.5).
//! 3. `assemble`: the first `#` heading is the title, `##`–`####` headings and whole-line bold
//!    paragraphs open sections, source-list blocks (`[1] <https://…>`) and footnote
//!    definitions become sources, everything else is split into claims by the rules shared
//!    with pasted text (`claims`).
//! 4. `check`: the same checks as pasted text, plus undefined and unused
//!    footnotes.
//!
//! `cmark_options` is the one place the Markdown options are chosen.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::cite::{domain_of, find_signature, scan_address, scan_date, scan_trailer, Trailer};
use super::claims::{inlines_from_text, split_claims, DraftClaim, Inline, KnownSources, Style};
use super::meta::{apply_fields, read_toml, read_yaml, FieldsFrom};
use super::Parsed;
use crate::diagnostic::Diagnostic;
use crate::ids::{claim_id_base, section_id_base, IdAllocator};
use crate::model::{Briefing, Claim, Section, Source};

/// The Markdown extensions briefing reads: footnotes, tables, strikethrough, and front matter
/// in `---` (YAML) or `+++` (TOML) blocks.
pub fn cmark_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Whether a `.txt` paste is really Markdown (a copy button's or an export's output), and the
/// sign that says so.
pub fn markdown_sign(text: &str) -> Option<&'static str> {
    let text = text.trim_start_matches('\u{feff}');
    let has_front_matter = ["---\n", "---\r\n", "+++\n", "+++\r\n"]
        .iter()
        .any(|fence| text.starts_with(fence) && text[fence.len()..].contains(fence.trim_end()));
    if has_front_matter {
        return Some("front matter");
    }
    let lines = || text.lines().map(str::trim_start);
    if lines().any(|line| line.starts_with("[^") && line.contains("]:")) {
        return Some("footnote definitions");
    }
    if text.contains("](http") || text.contains("](<http") {
        return Some("Markdown links");
    }
    if text.contains("\\[") || text.contains("\\_") || text.contains("\\*") {
        return Some("Markdown escapes");
    }
    let headings = lines()
        .filter(|line| line.starts_with("## ") || line.starts_with("### "))
        .count();
    let bold = lines()
        .filter(|line| {
            line.starts_with("**") || line.starts_with("- **") || line.starts_with("* **")
        })
        .count();
    (headings + bold >= 2 && headings >= 1).then_some("Markdown headings")
}

/// Parse a Markdown briefing into its claim model.
///
/// pulldown-cmark neither skips a byte-order mark (which would hide the front matter and the
/// first heading) nor treats CRLF as one line ending everywhere (code spans get two spaces),
/// so the text is parsed without them and every span is moved back to the original bytes.
pub fn parse_markdown(text: &str) -> Parsed {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    if !body.contains('\r') {
        let mut parsed = parse_markdown_body(body);
        remap_spans(&mut parsed, |offset| offset + bom);
        return parsed;
    }
    // Drop the CR of every CRLF; remember where each dropped one stood.
    let mut normalized = String::with_capacity(body.len());
    let mut dropped = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            dropped.push(normalized.len());
            continue;
        }
        normalized.push(c);
    }
    let mut parsed = parse_markdown_body(&normalized);
    remap_spans(&mut parsed, |offset| {
        offset + bom + dropped.partition_point(|&at| at <= offset)
    });
    parsed
}

/// Move every span of `parsed` with `map`.
fn remap_spans(parsed: &mut Parsed, map: impl Fn(usize) -> usize) {
    for diagnostic in &mut parsed.diagnostics {
        diagnostic.span = map(diagnostic.span.start)..map(diagnostic.span.end);
    }
    for span in parsed.source_spans.values_mut() {
        *span = map(span.start)..map(span.end);
    }
}

fn parse_markdown_body(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut briefing = Briefing::new();
    let (blocks, references) = collect_blocks(text, &mut briefing, &mut diagnostics);
    let (blocks, citations) = resolve_citations(blocks, &references, &mut diagnostics);
    let (drafts, source_spans) = assemble(blocks, &citations, &mut briefing, &mut diagnostics);
    super::pasted::check(&briefing, &drafts, &source_spans, &mut diagnostics);
    Parsed {
        briefing,
        diagnostics,
        source_spans,
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: blocks

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BlockKind {
    Heading(HeadingLevel),
    Paragraph,
    /// A list item, with its number in an ordered list.
    Item(Option<u64>),
    Row,
    FootnoteDefinition(String),
}

/// A piece of a block before citations are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
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
    },
}

#[derive(Debug, Clone)]
struct Block {
    kind: BlockKind,
    pieces: Vec<Piece>,
    start: usize,
}

impl Block {
    fn plain_text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text { text, .. } | Piece::Link { text, .. } => text.as_str(),
                Piece::Footnote { .. } => "",
            })
            .collect()
    }

    /// Whether every piece with text is bold (a whole-line bold paragraph).
    fn is_all_strong(&self) -> bool {
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
type References = Vec<(String, Range<usize>)>;

/// Walk the events into blocks; front matter is applied to `briefing` on the way.
fn collect_blocks(
    text: &str,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Block>, References) {
    let mut collector = Collector::default();
    let mut metadata: Option<(MetadataBlockKind, usize)> = None;
    let mut skip_depth = 0usize;
    let mut ordered: Vec<Option<u64>> = Vec::new();
    for (event, range) in Parser::new_ext(text, cmark_options()).into_offset_iter() {
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => metadata = Some((kind, range.start)),
            Event::End(TagEnd::MetadataBlock(_)) => metadata = None,
            Event::Text(body) if metadata.is_some() => {
                let (kind, _) = metadata.unwrap_or((MetadataBlockKind::YamlStyle, 0));
                read_front_matter(kind, &body, range.start, briefing, diagnostics);
            }
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip_depth = 1,
            Event::Start(Tag::HtmlBlock) => {
                skip_depth = 1;
                warn_html(text, range, diagnostics);
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
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                collector.open(BlockKind::Row, range.start)
            }
            Event::Start(Tag::TableCell) => collector.separate_cell(range.start),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                collector.open(BlockKind::FootnoteDefinition(name.to_string()), range.start)
            }
            // Paragraphs inside a list item or footnote belong to it.
            Event::End(TagEnd::Paragraph) if collector.in_item_or_note() => {}
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
                dest_url, title, ..
            }) => {
                collector.link = Some((
                    dest_url.to_string(),
                    title.to_string(),
                    range,
                    String::new(),
                ));
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
            Event::InlineHtml(html) => {
                // A `<br>` is a break; other inline tags are shown as text, escaped.
                let shown = if html.trim().eq_ignore_ascii_case("<br>")
                    || html.trim().eq_ignore_ascii_case("<br/>")
                {
                    " ".to_owned()
                } else {
                    html.to_string()
                };
                collector.push_text(&shown, collector.style.clone(), range.start);
            }
            Event::Html(_) | Event::Rule | Event::TaskListMarker(_) => {}
            _ => {}
        }
    }
    collector.close_current();
    (collector.blocks, collector.references)
}

/// Builds blocks from events.
#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    current: Option<Block>,
    style: Style,
    /// The link being read: destination, title, span, text so far.
    link: Option<(String, String, Range<usize>, String)>,
    references: References,
    /// Kinds of the enclosing items and footnote definitions, for paragraphs inside them.
    containers: Vec<BlockKind>,
}

impl Collector {
    fn open(&mut self, kind: BlockKind, start: usize) {
        self.close_current();
        if matches!(kind, BlockKind::Item(_) | BlockKind::FootnoteDefinition(_)) {
            self.containers.push(kind.clone());
        }
        self.current = Some(Block {
            kind,
            pieces: Vec::new(),
            start,
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

    /// Cells of a table row are joined with ` | `.
    fn separate_cell(&mut self, at: usize) {
        if self
            .current
            .as_ref()
            .is_some_and(|block| !block.pieces.is_empty())
        {
            self.push_text(" | ", Style::default(), at);
        }
    }

    fn close_current(&mut self) {
        if let Some(block) = self.current.take() {
            if matches!(
                block.kind,
                BlockKind::Item(_) | BlockKind::FootnoteDefinition(_)
            ) {
                self.containers.pop();
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

    fn push_text(&mut self, text: &str, style: Style, at: usize) {
        if let Some((_, _, _, link_text)) = &mut self.link {
            link_text.push_str(text);
            return;
        }
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: at,
        });
        if block.start == 0 && at > 0 {
            block.start = at;
        }
        // pulldown-cmark splits text at `[` and `]`; merge it back so `[1]` reads as one group.
        if let Some(Piece::Text {
            text: previous,
            style: previous_style,
            ..
        }) = block.pieces.last_mut()
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
        let Some((dest, title, span, text)) = self.link.take() else {
            return;
        };
        let style = self.style.clone();
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: span.start,
        });
        block.pieces.push(Piece::Link {
            text,
            dest,
            title,
            style,
            span,
        });
    }

    fn footnote(&mut self, name: String, span: Range<usize>) {
        if !self.references.iter().any(|(known, _)| *known == name) {
            self.references.push((name.clone(), span.clone()));
        }
        let block = self.current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            pieces: Vec::new(),
            start: span.start,
        });
        block.pieces.push(Piece::Footnote { name, span });
    }
}

/// Read front matter into `briefing`.
fn read_front_matter(
    kind: MetadataBlockKind,
    body: &str,
    at: usize,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let fields = match kind {
        MetadataBlockKind::PlusesStyle => match read_toml(body, at) {
            Ok((fields, _)) => fields,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return;
            }
        },
        MetadataBlockKind::YamlStyle => read_yaml(body, at, diagnostics),
    };
    diagnostics.extend(apply_fields(briefing, fields, FieldsFrom::FrontMatter));
}

/// Warn about an HTML block unless it is export debris with no words (`<div>⁂</div>`).
fn warn_html(text: &str, range: Range<usize>, diagnostics: &mut Vec<Diagnostic>) {
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

// ---------------------------------------------------------------------------------------------
// Pass 2: citations

/// What a citation points at before sources get their final numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
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
struct Citations {
    footnotes: BTreeMap<String, u32>,
    links: BTreeMap<u32, (String, Option<String>)>,
    highest: u32,
}

/// A block with its inlines ready for the claim splitter.
#[derive(Debug, Clone)]
struct ResolvedBlock {
    kind: BlockKind,
    inlines: Vec<Inline>,
    start: usize,
    /// The block as plain text, for heading, trailer and source-entry checks.
    text: String,
    /// Its lines, where Markdown joined lines into one paragraph or item.
    lines: Vec<String>,
    all_strong: bool,
}

/// Split a paragraph back into its lines when it holds a source list that Markdown joined
/// into one paragraph (`Sources:` then `[1] <https://…>` lines). Other paragraphs stay whole.
fn split_source_lines(block: Block) -> Vec<Block> {
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
fn resolve_citations(
    blocks: Vec<Block>,
    references: &References,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedBlock>, Citations) {
    let mut targets: Vec<Target> = Vec::new();
    let mut intern = |target: Target| -> u32 {
        let index = targets
            .iter()
            .position(|known| *known == target)
            .unwrap_or_else(|| {
                targets.push(target);
                targets.len() - 1
            });
        index as u32
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
                    if !links_cite {
                        let style = Style {
                            link: Some(dest.clone()),
                            ..style.clone()
                        };
                        inlines.push(Inline::Text {
                            text: text.clone(),
                            style,
                            at: span.start,
                        });
                    } else if let Some(number) = citation_number(dest) {
                        // `[some words](3)`: the words stay, the target is a citation.
                        inlines.push(Inline::Text {
                            text: text.clone(),
                            style: Style {
                                link: None,
                                ..style.clone()
                            },
                            at: span.start,
                        });
                        inlines.push(Inline::Cite {
                            numbers: vec![intern(Target::Written(number))],
                            span: span.clone(),
                        });
                        previous_was_chip = false;
                    } else if let Some(number) = citation_number(shown) {
                        strip_open(&mut inlines, '[');
                        first_numbered_link.get_or_insert_with(|| span.clone());
                        let target = Target::Link {
                            shown: Some(number),
                            address,
                            title: non_empty(title),
                        };
                        inlines.push(Inline::Cite {
                            numbers: vec![intern(target)],
                            span: span.clone(),
                        });
                        previous_was_chip = true;
                    } else if after_paren && before_paren && scan_address(&address).is_some() {
                        strip_open(&mut inlines, '(');
                        let title = non_empty(title).or_else(|| non_empty(text));
                        let target = Target::Link {
                            shown: None,
                            address,
                            title,
                        };
                        inlines.push(Inline::Cite {
                            numbers: vec![intern(target)],
                            span: span.clone(),
                        });
                        previous_was_chip = true;
                    } else {
                        let style = Style {
                            link: Some(dest.clone()),
                            ..style.clone()
                        };
                        inlines.push(Inline::Text {
                            text: text.clone(),
                            style,
                            at: span.start,
                        });
                        previous_was_chip = false;
                    }
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
fn number_targets(targets: &[Target], references: &References) -> (Vec<u32>, bool) {
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
fn note_renumbered_footnotes(references: &References, diagnostics: &mut Vec<Diagnostic>) {
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
fn citation_number(text: &str) -> Option<u32> {
    let text = text.trim();
    (!text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|&n| n > 0)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// An address as a source: without a `#:~:text=` fragment and without `utm_` tracking
/// parameters, so that one page cited twice is one source.
fn clean_address(dest: &str) -> String {
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
fn ends_with_open(inlines: &[Inline], open: char) -> bool {
    matches!(inlines.last(), Some(Inline::Text { text, .. }) if text.trim_end().ends_with(open))
}

/// Drop an opening bracket that belonged to a citation group of links.
fn strip_open(inlines: &mut Vec<Inline>, open: char) {
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
fn tidy_link_groups(inlines: &mut Vec<Inline>) {
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
fn remove_undefined_footnotes(text: &str, at: usize, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut copied_to = 0;
    for (open, _) in text.match_indices("[^") {
        if open < copied_to {
            continue;
        }
        let rest = &text[open + 2..];
        let Some(close) = rest.find(']') else {
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

// ---------------------------------------------------------------------------------------------
// Pass 3: assemble

/// Build the briefing from resolved blocks.
fn assemble(
    blocks: Vec<ResolvedBlock>,
    citations: &Citations,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<DraftClaim>, BTreeMap<u32, Range<usize>>) {
    let mut drafts = Vec::new();
    let mut source_spans = BTreeMap::new();
    let mut section_ids = IdAllocator::default();
    let mut claim_ids = IdAllocator::default();
    let mut definitions: Vec<(String, ResolvedBlock)> = Vec::new();
    let mut listed: Vec<(u32, Source, Range<usize>)> = Vec::new();
    let mut cards: Vec<(Source, Range<usize>)> = Vec::new();
    let title_from_front_matter = briefing.title.is_some();
    let mut seen_title_heading = false;
    let mut in_source_list = false;
    for block in blocks {
        let span = block.start..block.start + block.text.len();
        if let BlockKind::FootnoteDefinition(name) = &block.kind {
            definitions.push((name.clone(), block));
            continue;
        }
        if let Some(trailer) = scan_trailer(block.text.trim()) {
            apply_trailer(briefing, trailer, block.start, diagnostics);
            continue;
        }
        if let Some((at, signature)) = find_signature(&block.text).filter(|(at, _)| *at == 0) {
            let _ = at;
            let captured = &mut briefing.captured;
            captured.author = captured.author.take().or(signature.name);
            captured.handle = captured.handle.take().or(signature.handle);
            if captured.date.is_none() {
                captured.date = signature.date.map(|date| date.iso());
            }
            continue;
        }
        if let Some(source) = source_card(&block) {
            cards.push((source, span));
            continue;
        }
        if let Some((number, source)) = source_entry(&block, in_source_list) {
            in_source_list = true;
            listed.push((number, source, span));
            continue;
        }
        let heading = match &block.kind {
            BlockKind::Heading(level) => Some(*level),
            BlockKind::Paragraph if block.all_strong => Some(HeadingLevel::H2),
            _ => None,
        };
        if let Some(level) = heading {
            let text = clean_heading(&block.text);
            if level == HeadingLevel::H1
                && !seen_title_heading
                && briefing.sections.is_empty()
                && briefing.summary.is_empty()
            {
                seen_title_heading = true;
                if !title_from_front_matter {
                    briefing.title = Some(text);
                }
                continue;
            }
            if is_source_heading(&text) || text.is_empty() {
                in_source_list = true;
                continue;
            }
            in_source_list = false;
            briefing.sections.push(Section {
                id: section_ids.allocate(&section_id_base(&text)),
                heading: text,
                claims: Vec::new(),
            });
            continue;
        }
        if in_source_list && is_source_heading(&block.text) {
            continue;
        }
        if is_source_heading(block.text.trim()) {
            in_source_list = true;
            continue;
        }
        let claims = match briefing.sections.last_mut() {
            Some(section) => &mut section.claims,
            None => &mut briefing.summary,
        };
        for (claim, draft) in split_claims(&block.inlines, diagnostics) {
            let id = claim_ids.allocate(&claim_id_base(claim.label.as_deref(), &claim.text));
            claims.push(Claim { id, ..claim });
            drafts.push(draft);
        }
    }
    let gathered = Gathered {
        definitions,
        listed,
        cards,
    };
    add_sources(
        briefing,
        gathered,
        citations,
        &mut source_spans,
        diagnostics,
    );
    (drafts, source_spans)
}

/// The sources found in a document's blocks, before they are numbered.
struct Gathered {
    /// Footnote definitions by name.
    definitions: Vec<(String, ResolvedBlock)>,
    /// Numbered source-list entries.
    listed: Vec<(u32, Source, Range<usize>)>,
    /// Source cards, which carry no number.
    cards: Vec<(Source, Range<usize>)>,
}

/// Gather sources: source-list entries, footnote definitions (numbered by first reference;
/// unreferenced ones after all others, in definition order, with a warning), and the
/// addresses of linked citations that no list entry gives.
fn add_sources(
    briefing: &mut Briefing,
    Gathered {
        definitions,
        listed,
        cards,
    }: Gathered,
    citations: &Citations,
    source_spans: &mut BTreeMap<u32, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut sources: BTreeMap<u32, Source> = BTreeMap::new();
    for (number, source, span) in listed {
        if sources.contains_key(&number) {
            diagnostics.push(
                Diagnostic::error(span, format!("source [{number}] is listed twice"))
                    .with_help("give each source its own number; the first entry is kept"),
            );
            continue;
        }
        source_spans.insert(number, span);
        sources.insert(number, Source { number, ..source });
    }
    let from_list: Vec<u32> = sources.keys().copied().collect();
    let mut unreferenced = Vec::new();
    for (name, block) in definitions {
        let span = block.start..block.start + block.text.len();
        let source = source_from_definition(&block);
        match citations.footnotes.get(&name) {
            Some(&number) if sources.contains_key(&number) => {
                let message = if from_list.contains(&number) {
                    format!("footnote [^{name}] is cited as [{number}], a number the source list also uses; the list entry is kept")
                } else {
                    format!("footnote [^{name}] is defined twice; the first definition is kept")
                };
                diagnostics.push(Diagnostic::warning(span, message));
            }
            Some(&number) => {
                source_spans.insert(number, span);
                sources.insert(number, Source { number, ..source });
            }
            // Reported by the shared check as a source cited by no claim, at this line.
            None => unreferenced.push((source, span)),
        }
    }
    for (number, (address, title)) in &citations.links {
        if let Some(source) = sources.get_mut(number) {
            if source.title.is_none() {
                source.title = title.clone();
            }
            continue;
        }
        let truncated = address.ends_with('…');
        let url = address.trim_end_matches('…').to_owned();
        sources.insert(
            *number,
            Source {
                number: *number,
                domain: domain_of(&url),
                url,
                truncated,
                title: title.clone(),
            },
        );
    }
    let mut next = sources
        .keys()
        .max()
        .copied()
        .unwrap_or(0)
        .max(citations.highest);
    for (source, span) in unreferenced.into_iter().chain(cards) {
        next += 1;
        source_spans.insert(next, span);
        sources.insert(
            next,
            Source {
                number: next,
                ..source
            },
        );
    }
    briefing.sources = sources.into_values().collect();
}

/// A source card as engines' exports list them: a list item holding a link, then a title
/// line, a `Mon D, YYYY — snippet…` line and a publisher line. Cards carry no number.
fn source_card(block: &ResolvedBlock) -> Option<Source> {
    if !matches!(block.kind, BlockKind::Item(_)) || block.lines.len() < 2 {
        return None;
    }
    let Some(Inline::Text {
        text,
        style: Style {
            link: Some(link), ..
        },
        ..
    }) = block.inlines.first()
    else {
        return None;
    };
    if text.trim() != block.lines[0] {
        return None;
    }
    let dated = block.lines[1..].iter().any(|line| {
        scan_date(line)
            .is_some_and(|(consumed, _)| line[consumed..].trim_start().starts_with(['—', '–', '-']))
    });
    if !dated {
        return None;
    }
    let title = match block.lines.get(1) {
        Some(line) if scan_date(line).is_none() => line.clone(),
        _ => text.trim().to_owned(),
    };
    let url = clean_address(link);
    Some(Source {
        number: 0,
        domain: domain_of(&url),
        url,
        truncated: false,
        title: Some(title),
    })
}

/// A source from a footnote definition: the first link's target or address in its text is
/// the address; the rest of the text (or a link text that is not the address) is the title.
fn source_from_definition(block: &ResolvedBlock) -> Source {
    let mut address = None;
    let mut title_parts: Vec<String> = Vec::new();
    for inline in &block.inlines {
        let Inline::Text { text, style, .. } = inline else {
            continue;
        };
        match &style.link {
            Some(link) if address.is_none() => {
                address = Some(clean_address(link));
                if text.trim() != link.trim() && scan_address(text.trim()).is_none() {
                    title_parts.push(text.trim().to_owned());
                }
            }
            _ => {
                for word in text.split_whitespace() {
                    match scan_address(word) {
                        Some(found) if address.is_none() => {
                            let mark = if found.truncated { "…" } else { "" };
                            address = Some(format!("{}{mark}", found.url));
                        }
                        _ => title_parts.push(word.to_owned()),
                    }
                }
            }
        }
    }
    let address = address.unwrap_or_default();
    let truncated = address.ends_with('…');
    let url = address.trim_end_matches('…').to_owned();
    let title = title_parts.join(" ");
    let title = title
        .trim()
        .trim_matches(['-', '–', '—', ':', ',', '.', ' '])
        .trim();
    Source {
        number: 0,
        domain: domain_of(&url),
        url,
        truncated,
        title: (!title.is_empty()).then(|| title.to_owned()),
    }
}

/// A block that is an entry of a source list: `[n] <https://…>`, `[n] [shown](real)`,
/// `[n] Title https://…`, or an ordered-list item that holds nothing but an address. Returns
/// its number and source (without its number).
fn source_entry(block: &ResolvedBlock, in_source_list: bool) -> Option<(u32, Source)> {
    let (number, rest) = match (&block.kind, block.inlines.first()) {
        (BlockKind::Paragraph | BlockKind::Item(_), Some(Inline::Cite { numbers, .. }))
            if numbers.len() == 1 =>
        {
            (numbers[0], &block.inlines[1..])
        }
        (BlockKind::Item(Some(number)), _) => (u32::try_from(*number).ok()?, &block.inlines[..]),
        _ => return None,
    };
    if rest
        .iter()
        .any(|inline| matches!(inline, Inline::Cite { .. }))
    {
        return None;
    }
    let rest_block = ResolvedBlock {
        inlines: rest.to_vec(),
        ..block.clone()
    };
    let source = source_from_definition(&rest_block);
    if source.url.is_empty() {
        return None;
    }
    let only_address = source.title.is_none();
    let entry_like = matches!(block.inlines.first(), Some(Inline::Cite { .. }));
    (entry_like || only_address || in_source_list).then_some((number, source))
}

/// A heading without a trailing `:` or `[edit]`.
fn clean_heading(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_suffix("[edit]").unwrap_or(text).trim_end();
    text.strip_suffix(':').unwrap_or(text).trim_end().to_owned()
}

/// Headings and lines that stand over a source list.
fn is_source_heading(text: &str) -> bool {
    super::pasted::is_source_heading(text)
}

/// Fill in what a trailer says: the engine, and a date read in the engine's locale.
fn apply_trailer(
    briefing: &mut Briefing,
    trailer: Trailer,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    super::pasted::apply_trailer(briefing, trailer, at, diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::position;

    #[test]
    fn markdown_is_recognised_in_txt_by_its_signs() {
        let cases = [
            ("---\ntitle: x\n---\nText", Some("front matter")),
            (
                "Text.[^1]\n\n[^1]: https://a.org",
                Some("footnote definitions"),
            ),
            ("See [a](https://a.org).", Some("Markdown links")),
            ("\\[1\\] text", Some("Markdown escapes")),
            (
                "## One\ntext\n## Two\n**Bold:** x",
                Some("Markdown headings"),
            ),
            (
                "russia and azerbaijan – Google Search\nA claim. [1]\n[1] a.org",
                None,
            ),
            ("# comment\n# prefixed paste", None),
        ];
        for (text, expected) in cases {
            assert_eq!(markdown_sign(text), expected, "{text:?}");
        }
    }

    #[test]
    fn addresses_lose_text_fragments_and_tracking() {
        assert_eq!(
            clean_address("https://a.org/x#:~:text=hello"),
            "https://a.org/x"
        );
        assert_eq!(
            clean_address("https://a.org/?utm_source=chatgpt.com"),
            "https://a.org/"
        );
        assert_eq!(
            clean_address("https://a.org/?q=1&utm_medium=x#top"),
            "https://a.org/?q=1#top"
        );
        assert_eq!(clean_address("<https://a.org>"), "https://a.org");
    }

    #[test]
    fn positions_survive_crlf_and_a_byte_order_mark() {
        for text in [
            "# T\n\nText [^x].\n",
            "# T\r\n\r\nText [^x].\r\n",
            "\u{feff}# T\r\n\r\nText [^x].\r\n",
        ] {
            let parsed = parse_markdown(text);
            let error = parsed
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .expect("undefined footnote");
            assert_eq!(&text[error.span.clone()], "[^x]", "{text:?}");
            let at = position(text, error.span.start);
            assert_eq!((at.line, at.column), (3, 6), "{text:?}");
        }
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let parsed =
            parse_markdown("A.[^z] B.[^a] C.[^z]\n\n[^a]: https://a.org\n[^z]: https://z.org\n");
        let cited: Vec<Vec<u32>> = parsed
            .briefing
            .claims()
            .map(|c| c.citations.clone())
            .collect();
        assert_eq!(cited, [vec![1], vec![2], vec![1]]);
        let urls: Vec<&str> = parsed
            .briefing
            .sources
            .iter()
            .map(|s| s.url.as_str())
            .collect();
        assert_eq!(urls, ["https://z.org", "https://a.org"]);
    }
}
