//! Pass 1: pulldown-cmark's events, with their offsets, become blocks: the front matter is
//! applied, and headings, paragraphs, list items (nested ones too), table rows and footnote
//! definitions each become a list of pieces: styled text, footnote references and links.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Parser, Tag, TagEnd};

use super::cmark_options;
use crate::diagnostic::Diagnostic;
use crate::model::Briefing;
use crate::parse::claims::Style;
use crate::parse::meta::{apply_fields, read_toml, read_yaml, FieldsFrom};

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
    },
}

#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    pub(super) pieces: Vec<Piece>,
    pub(super) start: usize,
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

/// Walk the events into blocks; front matter is applied to `briefing` on the way.
pub(super) fn collect_blocks(
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
pub(super) struct Collector {
    pub(super) blocks: Vec<Block>,
    pub(super) current: Option<Block>,
    pub(super) style: Style,
    /// The link being read: destination, title, span, text so far.
    pub(super) link: Option<(String, String, Range<usize>, String)>,
    pub(super) references: References,
    /// Kinds of the enclosing items and footnote definitions, for paragraphs inside them.
    pub(super) containers: Vec<BlockKind>,
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
pub(super) fn read_front_matter(
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
