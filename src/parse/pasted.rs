//! Pasted answers: the text of an answer engine's reply as copied from a browser page.
//!
//! Pasted text has lost its markup and often its line breaks, so the parser reads it in named
//! passes, each a function that can be tested on a three-line input:
//!
//! 1. [`split_lines`]: the text as trimmed lines with their byte offsets; fenced code,
//!    horizontal rules, raw HTML and interface debris ("Show all", "15 sites") are set aside.
//! 2. [`read_header`]: the first line as `QUERY – Engine URL`, a `# Title` or a bare query.
//! 3. [`unglue`]: each line is cut where the copy glued two things together: a signature or a
//!    disclaimer after the last text, a heading before a `Label:` line (`eventsPlane incident:`)
//!    or after a citation group (`[6]Historical ties`). Every cut is reported as a repair.
//! 4. [`classify`]: each piece becomes a heading, claim text, source entry, disclaimer,
//!    signature or debris. A short bare line is a heading when it introduces longer text.
//! 5. [`assemble`]: headings open sections, text is split into claims at citation groups that
//!    end a sentence, sources are numbered as written and provenance is filled in.
//! 6. [`check`]: citations without a source are errors, uncited claims and sources warnings.
//!
//! Nothing here reads files or can panic: every input gives a model and its diagnostics.

use std::collections::BTreeMap;
use std::ops::Range;

use super::cite::{
    find_signature, scan_address, scan_citation_run, scan_date, scan_source_entry, scan_trailer,
    Signature, SourceEntry, Trailer,
};
use super::claims::{
    inlines_from_text, is_label, split_claims, split_plain_label, DraftClaim, Inline, KnownSources,
    Style,
};
use super::Parsed;
use crate::diagnostic::Diagnostic;
use crate::ids::{claim_id_base, section_id_base, IdAllocator};
use crate::model::{Briefing, Claim, Section, Source};
use crate::parse::cite::domain_of;

/// Parse a pasted answer into its claim model.
pub fn parse_pasted(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    let lines = split_lines(text, &mut diagnostics);
    let (header, body) = read_header(&lines);
    let pieces = unglue(body, &mut diagnostics);
    let pieces = classify(pieces, &mut diagnostics);
    let mut briefing = Briefing::new();
    header.apply(&mut briefing);
    let (drafts, source_spans) = assemble(pieces, &mut briefing, &mut diagnostics);
    check(&briefing, &drafts, &source_spans, &mut diagnostics);
    Parsed {
        briefing,
        diagnostics,
        source_spans,
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: lines

/// One line of the paste, without surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// The line's text, trimmed.
    pub text: &'a str,
    /// Byte offset of `text` in the whole paste.
    pub start: usize,
    /// Whether the line was indented (a continuation of a list item above it).
    pub indented: bool,
    /// Whether a blank line came before it.
    pub after_blank: bool,
}

/// Interface text that a page copy picks up and that is never part of the answer.
const DEBRIS: &[&str] = &[
    "show all",
    "show more",
    "show less",
    "learn more",
    "undefined",
    "use code with caution.",
    "use code with caution",
    "copy",
    "copy code",
    "share",
    "export",
    "rewrite",
    "listen",
    "ai overview",
    "ai mode",
    "thinking",
    "dive deeper in ai mode",
    "related",
];

/// Split `text` into non-empty trimmed lines with their offsets. Fenced code blocks,
/// horizontal rules, raw HTML lines and interface debris are left out.
pub(crate) fn split_lines<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let prefix = shared_prefix(&text[body_start..]);
    if let Some(prefix) = prefix {
        diagnostics.push(Diagnostic::note(
            body_start..body_start + prefix.len(),
            format!("every line starts with \"{prefix}\"; read without it"),
        ));
    }
    let mut lines = Vec::new();
    let mut offset = body_start;
    let mut in_fence: Option<usize> = None;
    let mut after_blank = false;
    for raw in text[body_start..].split_inclusive('\n') {
        let mut start = offset;
        offset += raw.len();
        let mut line = raw.trim_end_matches(['\n', '\r']);
        if let Some(prefix) = prefix {
            let cut = if line.starts_with(prefix) {
                prefix.len()
            } else {
                prefix.trim_end().len().min(line.len())
            };
            if line.is_char_boundary(cut) {
                line = &line[cut..];
                start += cut;
            }
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            after_blank = true;
            continue;
        }
        let leading = line.len() - line.trim_start().len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = match in_fence {
                Some(_) => None,
                None => Some(start + leading),
            };
            continue;
        }
        if in_fence.is_some() || is_rule(trimmed) || is_debris(trimmed) {
            continue;
        }
        if is_raw_html(trimmed) {
            diagnostics.push(
                Diagnostic::warning(start + leading..start + line.len(), "raw HTML line ignored")
                    .with_help("briefing shows snapshot text as text; markup is not rendered"),
            );
            continue;
        }
        lines.push(Line {
            text: trimmed,
            start: start + leading,
            indented: leading > 0,
            after_blank,
        });
        after_blank = false;
    }
    if let Some(fence) = in_fence {
        diagnostics.push(
            Diagnostic::warning(fence..fence + 3, "code fence is never closed")
                .with_help("everything after it was read as code and left out"),
        );
    }
    lines
}

/// A comment prefix that every non-empty line carries (`# `, `> `, `// `), as when a paste
/// was kept in a code comment or a quote.
fn shared_prefix(text: &str) -> Option<&'static str> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.len() < 2 {
        return None;
    }
    ["# ", "> ", "// ", "-- ", "; "].into_iter().find(|prefix| {
        lines
            .iter()
            .all(|line| line.starts_with(prefix) || *line == prefix.trim_end())
    })
}

/// `---`, `***`, `___` and longer: a horizontal rule.
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "*", "_", "—"]
            .iter()
            .any(|mark| compact.chars().all(|c| c.to_string() == *mark))
}

/// Interface debris of a page copy: buttons, counters like `15 sites`.
fn is_debris(line: &str) -> bool {
    let lower = line.to_lowercase();
    if DEBRIS.contains(&lower.as_str()) {
        return true;
    }
    match lower.split_once(' ') {
        Some((count, unit)) => {
            count.bytes().all(|b| b.is_ascii_digit())
                && matches!(unit, "sites" | "site" | "sources" | "source" | "results")
        }
        None => false,
    }
}

/// A line that is nothing but an HTML tag or element (`<div>⁂</div>`, `<br>`).
fn is_raw_html(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    line.ends_with('>')
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

// ---------------------------------------------------------------------------------------------
// Pass 2: header

/// What the first line says about the answer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The title.
    pub title: Option<String>,
    /// The query, when the first line is one.
    pub query: Option<String>,
    /// The engine named after the query.
    pub engine: Option<String>,
    /// The answer page's address.
    pub url: Option<String>,
    /// Whether that address was cut short.
    pub truncated: bool,
    /// The byline of a reader view.
    pub author: Option<String>,
}

impl Header {
    fn apply(self, briefing: &mut Briefing) {
        briefing.captured.author = self.author;
        briefing.title = self.title;
        briefing.query = self.query;
        briefing.origin.engine = self.engine;
        briefing.origin.url = self.url;
        briefing.origin.truncated = self.truncated;
    }
}

/// Engines whose name may follow a query without an address.
const ENGINES: &[&str] = &[
    "google search",
    "google",
    "google ai mode",
    "perplexity",
    "chatgpt",
    "bing",
    "microsoft copilot",
    "copilot",
    "gemini",
    "google gemini",
    "claude",
    "you.com",
    "kagi",
    "phind",
    "duckduckgo",
    "brave search",
];

/// Read the title line. Returns what it says and the lines after it.
pub(crate) fn read_header<'l, 'a>(lines: &'l [Line<'a>]) -> (Header, &'l [Line<'a>]) {
    let Some(first) = lines.first() else {
        return (Header::default(), lines);
    };
    if let Some(header) = scan_query_line(first.text) {
        return (header, &lines[1..]);
    }
    if let Some((header, rest)) = read_reader_view(lines) {
        return (header, rest);
    }
    if let Some(title) = markdown_heading(first.text).filter(|(level, _)| *level == 1) {
        let header = Header {
            title: Some(title.1.to_owned()),
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    if lines.len() > 1 && is_bare_query(first.text) {
        let header = Header {
            title: Some(first.text.to_owned()),
            query: Some(first.text.to_owned()),
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    (Header::default(), lines)
}

/// A browser reader view's header: the site, the title, a byline, and the reading time
/// (`en.wikipedia.org` / `Tide - Wikipedia` / `Contributors` / `45-57 minutes`).
fn read_reader_view<'l, 'a>(lines: &'l [Line<'a>]) -> Option<(Header, &'l [Line<'a>])> {
    let time = lines
        .iter()
        .take(5)
        .position(|line| is_reading_time(line.text))?;
    if time == 0 {
        return None;
    }
    let site_line = time >= 2 && {
        let site = lines[0].text;
        scan_address(site).is_some() || site.split_whitespace().count() <= 2
    };
    let title_at = usize::from(site_line);
    let byline: Vec<&str> = lines[title_at + 1..time]
        .iter()
        .map(|line| line.text)
        .collect();
    let author = byline.join(", ");
    let author = author
        .strip_prefix("By ")
        .or_else(|| author.strip_prefix("by "))
        .unwrap_or(&author);
    let header = Header {
        title: Some(lines[title_at].text.to_owned()),
        author: (!author.is_empty()).then(|| author.to_owned()),
        ..Header::default()
    };
    Some((header, &lines[time + 1..]))
}

/// `5-7 minutes`, `12 min read`, `1 minute`: a reader view's reading time.
fn is_reading_time(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(amount) = words.next() else {
        return false;
    };
    let amount_ok = amount
        .split(['-', '–'])
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let unit = words.next().unwrap_or("").to_lowercase();
    let rest: Vec<&str> = words.collect();
    amount_ok
        && matches!(unit.as_str(), "minutes" | "minute" | "min" | "mins")
        && (rest.is_empty() || rest == ["read"])
}

/// `QUERY – Engine URL` with `–`, `—`, `-` or `|` between query and engine; the engine must be
/// followed by an address or be a known engine name.
fn scan_query_line(line: &str) -> Option<Header> {
    for separator in [" – ", " — ", " | ", " - "] {
        let Some((query, right)) = line.rsplit_once(separator) else {
            continue;
        };
        let (query, right) = (query.trim(), right.trim());
        if query.is_empty() || right.is_empty() {
            continue;
        }
        let (engine, address) = match right.rsplit_once(char::is_whitespace) {
            Some((engine, last)) => match scan_address(last) {
                Some(address) => (engine.trim(), Some(address)),
                None => (right, None),
            },
            None => (right, None),
        };
        let known = ENGINES.contains(&engine.to_lowercase().as_str());
        if engine.is_empty()
            || (address.is_none() && !known)
            || engine.split_whitespace().count() > 4
        {
            continue;
        }
        return Some(Header {
            title: Some(query.to_owned()),
            query: Some(query.to_owned()),
            engine: Some(engine.to_owned()),
            truncated: address.as_ref().is_some_and(|a| a.truncated),
            url: address.map(|a| a.url),
            author: None,
        });
    }
    None
}

/// A first line that reads as what the user typed: short, no citation, no full stop at the end.
fn is_bare_query(line: &str) -> bool {
    line.chars().count() <= 150
        && !line.ends_with(['.', ':', ';', ','])
        && !contains_citation(line)
        && scan_source_entry(line).is_none()
        && split_label(line).is_none()
        && strip_bullet(line).is_none()
        && strip_number(line).is_none()
}

/// `# Heading` to `#### Heading`: the level and the text.
fn markdown_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = line[level..].strip_prefix([' ', '\t'])?.trim();
    let text = text.trim_end_matches('#').trim();
    (!text.is_empty()).then_some((level, text))
}

// ---------------------------------------------------------------------------------------------
// Pass 3: unglue

/// A piece of a line after ungluing: what it is decided in [`classify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    /// The text, trimmed.
    pub text: &'a str,
    /// Its byte offset in the paste.
    pub start: usize,
    /// What it is, where ungluing already knows.
    pub kind: PieceKind,
    /// Whether it was cut from a citation group it was glued to (reported in [`classify`],
    /// once its kind is known).
    pub glued_to_citation: bool,
    /// Whether it continues the list item on the line above (indented, no blank line between).
    pub continues_item: bool,
}

/// What a piece is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// Not decided yet; becomes `Text` or `Heading`.
    Undecided,
    /// Claim text.
    Text,
    /// A list item's text (never a heading).
    Item,
    /// A section heading.
    Heading,
    /// The engine's disclaimer.
    Disclaimer,
    /// A source-list entry.
    Source(SourceEntry),
    /// A signature with name, handle and date.
    Signature(Signature),
    /// A share or conversation line naming the engine (and maybe the date).
    Trailer(Trailer),
    /// A heading over the source list (`Sources`, `Works cited`, `References`).
    SourceHeading,
    /// The title line of a source card (title / `DD Mon YYYY — snippet` / publisher).
    CardTitle,
    /// The rest of a source card: its date-and-snippet and publisher lines.
    CardDetail,
}

/// Cut every line where two things were glued together.
pub(crate) fn unglue<'a>(lines: &[Line<'a>], diagnostics: &mut Vec<Diagnostic>) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut in_item = false;
    for line in lines {
        let continues_item = in_item
            && line.indented
            && !line.after_blank
            && strip_bullet(line.text).is_none()
            && strip_number(line.text).is_none();
        in_item = continues_item || strip_bullet(line.text).is_some();
        let mut text = line.text;
        let mut tail = Vec::new();
        if let Some((at, signature)) = find_signature(text) {
            if !text[..at].trim().is_empty() {
                diagnostics.push(Diagnostic::warning(
                    line.start + at..line.start + text.len(),
                    "attribution glued to the text before it; split off",
                ));
            }
            tail.push(piece(
                text[at..].trim(),
                line.start + at,
                PieceKind::Signature(signature),
            ));
            text = text[..at].trim_end();
        }
        if let Some(at) = find_disclaimer(text) {
            if at > 0 {
                diagnostics.push(Diagnostic::warning(
                    line.start + at..line.start + text.len(),
                    "disclaimer glued to the text before it; split off",
                ));
            }
            // `AI responses may include mistakes. Learn more`: the link text is not part of it.
            let disclaimer = text[at..].trim();
            let disclaimer = disclaimer
                .strip_suffix("Learn more")
                .map_or(disclaimer, str::trim_end);
            tail.insert(0, piece(disclaimer, line.start + at, PieceKind::Disclaimer));
            text = text[..at].trim_end();
        }
        for (cut, part) in cut_after_citations(text) {
            let mut part_piece = piece(part, line.start + cut, PieceKind::Undecided);
            part_piece.glued_to_citation = cut > 0;
            part_piece.continues_item = continues_item && cut == 0;
            pieces.extend(split_glued_heading(part_piece, diagnostics));
        }
        pieces.extend(tail);
    }
    pieces
}

fn piece(text: &str, start: usize, kind: PieceKind) -> Piece<'_> {
    Piece {
        text,
        start,
        kind,
        glued_to_citation: false,
        continues_item: false,
    }
}

/// Phrases that open an engine's disclaimer, lowercase.
const DISCLAIMER_OPENINGS: &[&str] = &[
    "ai responses may",
    "ai-generated",
    "ai generated",
    "ai can make mistakes",
    "ai may make mistakes",
    "ai overviews may",
    "generative ai is experimental",
    "chatgpt can make mistakes",
    "gemini can make mistakes",
    "gemini may display inaccurate",
    "copilot may make mistakes",
    "copilot uses ai",
    "claude can make mistakes",
    "perplexity may make mistakes",
];

/// Where a disclaimer begins in `text`, if one runs from there to the end: at the start, or
/// glued after a citation group, a full stop or a word.
fn find_disclaimer(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths; only trust positions when it did not.
    if lower.len() != text.len() {
        return None;
    }
    DISCLAIMER_OPENINGS
        .iter()
        .filter_map(|opening| lower.find(opening))
        .filter(|&at| {
            let rest = &text[at..];
            rest.chars().count() <= 120 && !contains_citation(rest)
        })
        .min()
}

/// Cut `text` after every citation run that is directly followed, with no space, by the start
/// of new text (`…[6]Historical ties`). Returns each part with its byte offset.
fn cut_after_citations(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut i = 0;
    while let Some(open) = text[i..].find('[') {
        let at = i + open;
        match scan_citation_run(&text[at..]) {
            Some((consumed, _)) => {
                let end = at + consumed;
                let next = text[end..].chars().next();
                if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
                    parts.push((part_start, text[part_start..end].trim()));
                    part_start = end;
                }
                i = end;
            }
            None => i = at + 1,
        }
    }
    parts.push((part_start, text[part_start..].trim()));
    parts.retain(|(_, part)| !part.is_empty());
    parts
}

/// Split a heading glued before the text of its first line: `Recent tensions and
/// eventsPlane incident: A Russian…`. The cut is where a lowercase letter is directly followed
/// by an uppercase one that starts a word, the part before it reads as a heading, and the part
/// after it as the start of a claim. Camel-case names (`YouTube`, `iPhone`, `McDonald`) are
/// left alone: the word before the cut must be lowercase and, for a one-word heading, the text
/// after it must be a `Label:` line.
fn split_glued_heading<'a>(piece: Piece<'a>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Piece<'a>> {
    let Some(cut) = find_heading_glue(piece.text) else {
        return vec![piece];
    };
    let head_text = piece.text[..cut].trim();
    let rest_text = piece.text[cut..].trim();
    diagnostics.push(Diagnostic::warning(
        piece.start + cut..piece.start + piece.text.len(),
        "heading glued to the text after it; split off",
    ));
    let mut head = piece.clone();
    head.text = head_text;
    head.kind = PieceKind::Heading;
    let mut rest = piece;
    rest.text = rest_text;
    rest.start += cut;
    rest.glued_to_citation = false;
    rest.continues_item = false;
    vec![head, rest]
}

/// The byte offset of a glued-heading cut in `text`, if there is one.
fn find_heading_glue(text: &str) -> Option<usize> {
    if !text.chars().next().is_some_and(starts_heading) {
        return None;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for window in chars.windows(3) {
        let [(_, before), (cut, upper), (_, after)] = *window else {
            continue;
        };
        if !(before.is_lowercase() && upper.is_uppercase()) {
            continue;
        }
        let head = &text[..cut];
        if head.chars().count() > 80 || head.ends_with(|c: char| ".!?;:,)]".contains(c)) {
            return None;
        }
        let words: Vec<&str> = head.split_whitespace().collect();
        let last_word = words.last().copied().unwrap_or("");
        let fragment_is_lowercase = last_word.chars().all(|c| c.is_lowercase() || c == '-');
        // `Key RisksMost analysts…`: a Title Case heading. Camel-case names look the same
        // (`PowerShell`), so the text after the cut must open like a sentence or a label.
        let fragment_is_capitalised = last_word.chars().count() >= 4
            && last_word.chars().next().is_some_and(char::is_uppercase)
            && last_word
                .chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '-');
        let rest = &text[cut..];
        let acronym = after.is_uppercase();
        let rest_opens_sentence = split_label(rest).is_some() || {
            let first = rest.split_whitespace().next().unwrap_or("");
            SENTENCE_OPENERS.contains(&first.trim_end_matches(',').to_lowercase().as_str())
        };
        let plausible = if words.len() >= 2 {
            (fragment_is_lowercase
                && last_word.chars().count() >= 2
                && (!acronym || last_word.chars().count() >= 4))
                || (fragment_is_capitalised && rest_opens_sentence)
        } else {
            head.chars().count() >= 4 && split_label(rest).is_some()
        };
        if plausible
            && words.len() <= 12
            && !contains_citation(head)
            && (after.is_lowercase() || acronym)
            && looks_like_text_start(rest)
        {
            return Some(cut);
        }
        // Only the first case change in the heading is a candidate.
        return None;
    }
    None
}

/// Words that often open the first sentence under a heading; after a Title Case heading
/// glued to its text they tell the cut from a camel-case name.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "most",
    "many",
    "some",
    "several",
    "in",
    "on",
    "at",
    "for",
    "as",
    "while",
    "although",
    "though",
    "when",
    "since",
    "after",
    "before",
    "during",
    "this",
    "these",
    "those",
    "it",
    "its",
    "there",
    "they",
    "experts",
    "analysts",
    "according",
    "despite",
    "unlike",
    "like",
    "both",
    "each",
    "every",
    "one",
    "two",
    "over",
    "by",
    "if",
    "because",
    "however",
    "overall",
    "generally",
    "typically",
    "recent",
    "current",
];

/// Whether the text after a glued heading reads as a claim: a `Label:` line or several words.
fn looks_like_text_start(rest: &str) -> bool {
    split_label(rest).is_some() || rest.split_whitespace().count() >= 4
}

/// Whether `c` may start a heading: a capital letter, a digit or a symbol such as an emoji.
fn starts_heading(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || (!c.is_alphanumeric() && !c.is_ascii())
}

// ---------------------------------------------------------------------------------------------
// Pass 4: classify

/// Headings that stand over a source list.
const SOURCE_HEADINGS: &[&str] = &[
    "sources",
    "sources and related content",
    "references",
    "citations",
    "works cited",
    "bibliography",
    "notes",
    "notes and references",
    "footnotes",
];

/// Decide what each undecided piece is.
pub(crate) fn classify<'a>(
    mut pieces: Vec<Piece<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Piece<'a>> {
    let mut in_source_list = false;
    let mut caret_entries = 0;
    for piece in &mut pieces {
        if piece.kind != PieceKind::Undecided {
            in_source_list |= matches!(piece.kind, PieceKind::Source(_));
            continue;
        }
        if let Some(entry) = scan_source_entry(piece.text).or_else(|| {
            in_source_list
                .then(|| scan_titled_entry(piece.text))
                .flatten()
        }) {
            piece.kind = PieceKind::Source(entry);
            in_source_list = true;
        } else if in_source_list && piece.text.starts_with('^') {
            caret_entries += 1;
            piece.kind = PieceKind::Source(caret_entry(piece.text, caret_entries));
        } else if let Some(trailer) = scan_trailer(piece.text) {
            piece.kind = PieceKind::Trailer(trailer);
        } else if is_source_heading(&clean_heading(
            markdown_heading(piece.text).map_or(piece.text, |(_, text)| text),
        )) {
            piece.kind = PieceKind::SourceHeading;
            in_source_list = true;
        } else if let Some((_, text)) = markdown_heading(piece.text) {
            piece.text = text;
            piece.kind = PieceKind::Heading;
        } else if let Some(text) = whole_line_bold(piece.text) {
            piece.text = text;
            piece.kind = PieceKind::Heading;
        } else if let Some(text) = strip_bullet(piece.text) {
            piece.start += piece.text.len() - text.len();
            piece.text = text;
            piece.kind = PieceKind::Item;
        }
    }
    mark_source_cards(&mut pieces);
    for i in 0..pieces.len() {
        if pieces[i].kind != PieceKind::Undecided {
            continue;
        }
        let next = pieces.get(i + 1);
        let introduces_text = next.is_some_and(|next| match next.kind {
            PieceKind::Item => true,
            PieceKind::Undecided | PieceKind::Text => {
                !is_heading_like(next.text)
                    || strip_number(next.text).is_some() && strip_number(pieces[i].text).is_none()
            }
            _ => false,
        });
        let after_short_line =
            i > 0 && pieces[i - 1].kind == PieceKind::Text && is_heading_like(pieces[i - 1].text);
        if let Some(text) = strip_number(pieces[i].text) {
            // `1. Install the tools` heads a section when prose follows it; `1. Walk` followed
            // by `2. Run` is a list.
            let next_numbered = next.is_some_and(|next| strip_number(next.text).is_some());
            if is_heading_like(text)
                && introduces_text
                && !next_numbered
                && !pieces[i].continues_item
            {
                pieces[i].kind = PieceKind::Heading;
            } else {
                pieces[i].start += pieces[i].text.len() - text.len();
                pieces[i].text = text;
                pieces[i].kind = PieceKind::Item;
            }
            continue;
        }
        let is_heading = is_heading_like(pieces[i].text)
            && introduces_text
            && !pieces[i].continues_item
            && !after_short_line;
        pieces[i].kind = if is_heading {
            PieceKind::Heading
        } else {
            PieceKind::Text
        };
    }
    for piece in pieces.iter().filter(|piece| piece.glued_to_citation) {
        let message = match piece.kind {
            PieceKind::Heading => "heading glued to the citation before it; split off",
            PieceKind::Source(_) => "source entry glued to the citation before it; split off",
            _ => "text glued to the citation before it; split into its own claim",
        };
        diagnostics.push(Diagnostic::warning(
            piece.start..piece.start + piece.text.len(),
            message,
        ));
    }
    pieces
}

/// Google's source cards, as a page copy leaves them: a title line, a `DD Mon YYYY —
/// snippet…` line, and a short publisher line. They carry no address and no number.
fn mark_source_cards(pieces: &mut [Piece]) {
    for i in 1..pieces.len() {
        let dated = pieces[i].kind == PieceKind::Undecided
            && scan_date(pieces[i].text).is_some_and(|(consumed, _)| {
                pieces[i].text[consumed..]
                    .trim_start()
                    .starts_with(['—', '–', '-'])
            });
        if !dated
            || !matches!(
                pieces[i - 1].kind,
                PieceKind::Undecided | PieceKind::CardDetail
            )
        {
            continue;
        }
        if pieces[i - 1].kind == PieceKind::CardDetail {
            continue;
        }
        pieces[i - 1].kind = PieceKind::CardTitle;
        pieces[i].kind = PieceKind::CardDetail;
        if let Some(publisher) = pieces.get_mut(i + 1) {
            let short = publisher.text.split_whitespace().count() <= 4
                && !contains_citation(publisher.text);
            if publisher.kind == PieceKind::Undecided && short && !publisher.text.ends_with('.') {
                publisher.kind = PieceKind::CardDetail;
            }
        }
    }
}

/// A numbered entry with a title before its address, as `Works cited` lists write them:
/// `3. Title - Site, accessed March 3, 2025, https://…`. Only read inside a source list.
fn scan_titled_entry(line: &str) -> Option<SourceEntry> {
    let rest = strip_number(line)?;
    let number_text = line[..line.len() - rest.len()]
        .trim_end()
        .trim_end_matches(['.', ')']);
    let number: u32 = number_text.parse().ok()?;
    let (title, token) = rest.rsplit_once(char::is_whitespace)?;
    let address = scan_address(token)?;
    let title = title
        .trim()
        .trim_end_matches([',', '-', '–', '—', ':'])
        .trim();
    Some(SourceEntry {
        number,
        address,
        title: (!title.is_empty()).then(|| title.to_owned()),
    })
}

/// A Wikipedia reference (`^ Jump up to: a b Author. "Title". Site. https://…`), numbered by
/// its position in the list.
fn caret_entry(line: &str, number: u32) -> SourceEntry {
    let mut text = line.trim_start_matches('^').trim();
    for jump in ["Jump up to:", "Jump up"] {
        if let Some(rest) = text.strip_prefix(jump) {
            text = rest.trim_start_matches(['^', ' ']);
            // The back-link letters: `a b c`.
            while let Some((letter, rest)) = text.split_once(' ') {
                if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_lowercase()) {
                    text = rest;
                } else {
                    break;
                }
            }
        }
    }
    let address = text.split_whitespace().find_map(scan_address);
    let title: Vec<&str> = text
        .split_whitespace()
        .filter(|word| scan_address(word).is_none())
        .collect();
    let title = title.join(" ");
    SourceEntry {
        number,
        address: address.unwrap_or(super::cite::Address {
            url: String::new(),
            truncated: false,
        }),
        title: (!title.is_empty()).then_some(title),
    }
}

/// A short bare line that could head a section: capitalised, no citation, no sentence end,
/// not a `Label: text` line.
fn is_heading_like(text: &str) -> bool {
    text.chars().count() <= 80
        && text.split_whitespace().count() <= 12
        && text.chars().next().is_some_and(starts_heading)
        && !text.ends_with(['.', ',', ';', ':', '!', '…'])
        && !contains_citation(text)
        && split_label(text).is_none()
        && scan_address(text).is_none()
}

/// `**Heading**` (or `__Heading__`) filling the whole line: its text without a trailing `:`.
fn whole_line_bold(line: &str) -> Option<&str> {
    let inner = line
        .strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .or_else(|| line.strip_prefix("__").and_then(|l| l.strip_suffix("__")))?;
    let inner = inner.trim().trim_end_matches(':').trim();
    (!inner.is_empty() && !inner.contains("**")).then_some(inner)
}

/// The text of a bulleted list item (`•`, `-`, `*`, `·`, `–`) or numbered one (`1.`, `2)`).
fn strip_bullet(line: &str) -> Option<&str> {
    for bullet in ['•', '-', '*', '·', '–', '◦', '▪'] {
        if let Some(rest) = line.strip_prefix(bullet) {
            if rest.starts_with([' ', '\t']) {
                let rest = rest.trim_start();
                return (!rest.is_empty()).then_some(rest);
            }
        }
    }
    None
}

/// The text of a numbered line (`1. `, `2) `).
fn strip_number(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = line[digits..]
            .strip_prefix(['.', ')'])
            .filter(|rest| rest.starts_with([' ', '\t']))?;
        let rest = rest.trim_start();
        return (!rest.is_empty()).then_some(rest);
    }
    None
}

/// Split `Label: text` (or `**Label:** text`, `**Label**: text`) into label and text.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix("**") {
        let close = rest.find("**")?;
        let inner = rest[..close].trim();
        let after = &rest[close + 2..];
        let (label, body) = match (inner.strip_suffix(':'), after.strip_prefix(':')) {
            (Some(label), _) => (label.trim(), after.trim()),
            (None, Some(after)) => (inner, after.trim()),
            _ => return None,
        };
        return (is_label(label) && !body.is_empty()).then_some((label, body));
    }
    split_plain_label(text)
}

/// Whether `text` holds a citation group anywhere.
fn contains_citation(text: &str) -> bool {
    text.match_indices('[')
        .any(|(at, _)| scan_citation_run(&text[at..]).is_some())
}

// ---------------------------------------------------------------------------------------------
// Pass 5: assemble

/// Build the briefing from classified pieces; returns the drafts of all claims in order and
/// where each source's entry is.
pub(crate) fn assemble(
    pieces: Vec<Piece<'_>>,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<DraftClaim>, BTreeMap<u32, Range<usize>>) {
    let mut drafts = Vec::new();
    let mut source_spans = BTreeMap::new();
    // Superscripts and bare digits are citations only where the list has such a source.
    let known: KnownSources = pieces
        .iter()
        .filter_map(|piece| match &piece.kind {
            PieceKind::Source(entry) => Some(entry.number),
            _ => None,
        })
        .collect();
    let mut section_ids = IdAllocator::default();
    let mut claim_ids = IdAllocator::default();
    let mut in_sources = false;
    let mut dropped: Option<(usize, usize)> = None;
    let mut cards: Vec<(String, Range<usize>)> = Vec::new();
    let mut pending_heading: Option<usize> = None;
    for piece in pieces {
        match piece.kind {
            // Another answer's list, numbered from [1] again, after text that followed the
            // first list: a second answer pasted below the first. Only the first is read.
            PieceKind::Source(entry)
                if (dropped.is_some() || pending_heading.is_some())
                    && briefing
                        .sources
                        .iter()
                        .any(|source| source.number >= entry.number) =>
            {
                let first = pending_heading
                    .take()
                    .or(dropped.take().map(|(first, _)| first))
                    .unwrap_or(piece.start);
                diagnostics.push(
                    Diagnostic::warning(
                        first..first,
                        "a second answer begins here, numbering its sources from the start again; only the first answer is read",
                    )
                    .with_help("put each answer in a file of its own"),
                );
                break;
            }
            PieceKind::Source(entry) => {
                in_sources = true;
                pending_heading = None;
                let span = piece.start..piece.start + piece.text.len();
                if add_source(briefing, entry, span.clone(), diagnostics) {
                    source_spans.insert(briefing.sources[briefing.sources.len() - 1].number, span);
                }
            }
            PieceKind::Signature(signature) => {
                let captured = &mut briefing.captured;
                captured.author = captured.author.take().or(signature.name);
                captured.handle = captured.handle.take().or(signature.handle);
                if let Some(date) = signature.date {
                    if captured.date.is_none() {
                        captured.date = Some(date.iso());
                    }
                }
            }
            PieceKind::Trailer(trailer) => {
                apply_trailer(briefing, trailer, piece.start, diagnostics)
            }
            PieceKind::Disclaimer => {
                if briefing.disclaimer.is_none() {
                    briefing.disclaimer = Some(piece.text.to_owned());
                }
            }
            PieceKind::CardTitle => cards.push((
                piece.text.to_owned(),
                piece.start..piece.start + piece.text.len(),
            )),
            PieceKind::SourceHeading | PieceKind::CardDetail => {}
            // A heading after the list is either stray (more entries follow) or opens a second
            // answer (text follows): decide when the next piece comes.
            PieceKind::Heading if in_sources => {
                pending_heading.get_or_insert(piece.start);
            }
            _ if in_sources && is_heading_like(piece.text) => {
                pending_heading.get_or_insert(piece.start);
            }
            PieceKind::Heading if is_source_heading(piece.text) => {}
            _ if in_sources => {
                let first = pending_heading.take().unwrap_or(piece.start);
                dropped.get_or_insert((first, 0)).1 += 1;
            }
            PieceKind::Heading => {
                let heading = clean_heading(piece.text);
                briefing.sections.push(Section {
                    id: section_ids.allocate(&section_id_base(&heading)),
                    heading,
                    claims: Vec::new(),
                });
            }
            PieceKind::Undecided | PieceKind::Text | PieceKind::Item => {
                let claims = match briefing.sections.last_mut() {
                    Some(section) => &mut section.claims,
                    None => &mut briefing.summary,
                };
                let inlines = piece_inlines(piece.text, piece.start, &known);
                let mut split = split_claims(&inlines, diagnostics).into_iter();
                if piece.continues_item && !claims.is_empty() {
                    if let (Some(last), Some(last_draft), Some((more, more_draft))) =
                        (claims.last_mut(), drafts.last_mut(), split.next())
                    {
                        continue_claim(last, last_draft, more, more_draft);
                    }
                }
                for (claim, draft) in split {
                    let id =
                        claim_ids.allocate(&claim_id_base(claim.label.as_deref(), &claim.text));
                    claims.push(Claim { id, ..claim });
                    drafts.push(draft);
                }
            }
        }
    }
    // Cards carry no number: they follow the numbered sources, in the order they stand.
    for (title, span) in cards {
        let number = briefing
            .sources
            .iter()
            .map(|source| source.number)
            .max()
            .unwrap_or(0)
            + 1;
        source_spans.insert(number, span);
        briefing.sources.push(Source {
            number,
            url: String::new(),
            truncated: false,
            domain: String::new(),
            title: Some(title.trim_end_matches('.').trim().to_owned()),
        });
    }
    // A short line left after the list (a follow-up question) is dropped text too.
    if let (None, Some(first)) = (dropped, pending_heading) {
        dropped = Some((first, 1));
    }
    if let Some((first, count)) = dropped {
        let lines = if count == 1 { "piece" } else { "pieces" };
        diagnostics.push(
            Diagnostic::warning(
                first..first,
                format!("text after the source list is not part of this briefing; {count} {lines} of text dropped"),
            )
            .with_help("move it above the source list if it belongs to the answer"),
        );
    }
    (drafts, source_spans)
}

/// Append a continuation line's first claim to the list item it continues.
fn continue_claim(claim: &mut Claim, draft: &mut DraftClaim, more: Claim, more_draft: DraftClaim) {
    if let Some(label) = more.label {
        claim.text.push(' ');
        claim.text.push_str(&label);
        claim.text.push(':');
    }
    claim.text.push(' ');
    claim.text.push_str(&more.text);
    for number in more.citations {
        if !claim.citations.contains(&number) {
            claim.citations.push(number);
        }
    }
    draft.cited_at.extend(more_draft.cited_at);
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
                        date.iso()
                    ),
                )
                .with_help("set `date` in a sidecar if the day came first"),
            );
        }
        if briefing.captured.date.is_none() {
            briefing.captured.date = Some(date.iso());
        }
    }
}

/// Whether a heading names the source list that follows it.
pub(crate) fn is_source_heading(text: &str) -> bool {
    let lower = text.trim().trim_end_matches(':').to_lowercase();
    SOURCE_HEADINGS.contains(&lower.as_str())
}

/// A heading without a trailing `:` or `[edit]`.
fn clean_heading(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_suffix("[edit]").unwrap_or(text).trim_end();
    let text = text.strip_suffix(':').unwrap_or(text).trim_end();
    text.to_owned()
}

/// Add a source-list entry; a number listed twice is an error, an address under two numbers
/// a warning. Returns whether the entry was added.
fn add_source(
    briefing: &mut Briefing,
    entry: SourceEntry,
    span: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if briefing.source(entry.number).is_some() {
        diagnostics.push(
            Diagnostic::error(span, format!("source [{}] is listed twice", entry.number))
                .with_help("give each source its own number; the first entry is kept"),
        );
        return false;
    }
    if let Some(earlier) = briefing
        .sources
        .iter()
        .find(|source| source.url == entry.address.url)
    {
        diagnostics.push(Diagnostic::warning(
            span,
            format!(
                "source [{}] has the same address as source [{}]; both are kept",
                entry.number, earlier.number
            ),
        ));
    }
    briefing.sources.push(Source {
        number: entry.number,
        domain: domain_of(&entry.address.url),
        url: entry.address.url,
        truncated: entry.address.truncated,
        title: entry.title,
    });
    true
}

/// The inline content of a piece of pasted text: a leading `**Label**` becomes a strong run,
/// the rest is plain text and citation groups.
fn piece_inlines(text: &str, at: usize, known: &KnownSources) -> Vec<Inline> {
    let plain = Style::default();
    if let Some(rest) = text.strip_prefix("**") {
        if let Some(close) = rest.find("**").filter(|&close| close > 0 && close <= 60) {
            let strong = Style {
                strong: true,
                ..Style::default()
            };
            let mut inlines = vec![Inline::Text {
                text: rest[..close].to_owned(),
                style: strong,
                at: at + 2,
            }];
            inlines.extend(inlines_from_text(
                &rest[close + 2..],
                at + close + 4,
                &plain,
                known,
            ));
            return inlines;
        }
    }
    inlines_from_text(text, at, &plain, known)
}

// ---------------------------------------------------------------------------------------------
// Pass 6: check

/// Report citations without a source, uncited claims and sources nobody cites.
pub(crate) fn check(
    briefing: &Briefing,
    drafts: &[DraftClaim],
    source_spans: &BTreeMap<u32, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for source in &briefing.sources {
        if !briefing
            .claims()
            .any(|claim| claim.citations.contains(&source.number))
        {
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
            if briefing.source(*number).is_some() {
                continue;
            }
            match last {
                Some(last) => diagnostics.push(
                    Diagnostic::error(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_pasted(text)
    }

    /// Parse and show each diagnostic as `line: message`.
    fn parse_with_lines(text: &str) -> (Parsed, Vec<String>) {
        let parsed = parse(text);
        let shown = parsed
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    crate::diagnostic::position(text, d.span.start).line,
                    d.message
                )
            })
            .collect();
        (parsed, shown)
    }

    fn citations(parsed: &Parsed) -> Vec<(String, Vec<u32>)> {
        parsed
            .briefing
            .claims()
            .map(|claim| (claim.text.clone(), claim.citations.clone()))
            .collect()
    }

    const SOURCES: &str =
        "[1] a.org/1\n[2] b.org/2\n[3] c.org/3\n[4] d.org/4\n[5] e.org/5\n[6] f.org/6\n";

    #[test]
    fn citation_group_forms_all_give_the_same_numbers() {
        for group in ["[1, 2]", "[1,2]", "[1][2]", "[1] [2]", "[1-2]", "[1–2]"] {
            let text = format!("Query\nRivers flood in spring. {group}\n{SOURCES}");
            let parsed = parse(&text);
            assert_eq!(
                citations(&parsed),
                [("Rivers flood in spring.".to_owned(), vec![1, 2])],
                "{group}"
            );
        }
        let parsed = parse(&format!("Query\nA span of sources. [1-3]\n{SOURCES}"));
        assert_eq!(citations(&parsed)[0].1, [1, 2, 3]);
    }

    #[test]
    fn claims_split_after_a_group_that_ends_a_sentence() {
        let parsed = parse(&format!("Query\nA is true.[1] B is true. [2]\n{SOURCES}"));
        assert_eq!(
            citations(&parsed),
            [
                ("A is true.".to_owned(), vec![1]),
                ("B is true.".to_owned(), vec![2])
            ]
        );
        let parsed = parse(&format!("Query\nA is true [1]. B is uncited.\n{SOURCES}"));
        assert_eq!(
            citations(&parsed),
            [
                ("A is true.".to_owned(), vec![1]),
                ("B is uncited.".to_owned(), vec![])
            ]
        );
    }

    #[test]
    fn a_group_in_mid_sentence_does_not_split() {
        let parsed = parse(&format!(
            "Query\nIt has rivers,[2] lakes,[3] and mountains [4] of note.\n{SOURCES}"
        ));
        assert_eq!(
            citations(&parsed),
            [(
                "It has rivers, lakes, and mountains of note.".to_owned(),
                vec![2, 3, 4]
            )]
        );
    }

    #[test]
    fn bracketed_words_and_years_stay_text() {
        let parsed = parse(&format!(
            "Query\nHe wrote [sic] in [2000] that it was so. [1]\n{SOURCES}"
        ));
        assert_eq!(
            citations(&parsed),
            [(
                "He wrote [sic] in [2000] that it was so.".to_owned(),
                vec![1]
            )]
        );
    }

    #[test]
    fn heading_glued_before_a_label_line_is_split_off() {
        let (parsed, shown) = parse_with_lines(&format!(
            "Query\nIntro text here. [1]\nKey risksFlooding: Rivers rise in spring. [2]\n{SOURCES}"
        ));
        let section = &parsed.briefing.sections[0];
        assert_eq!(section.heading, "Key risks");
        assert_eq!(section.claims[0].label.as_deref(), Some("Flooding"));
        assert_eq!(section.claims[0].text, "Rivers rise in spring.");
        assert!(
            shown.contains(&"3: heading glued to the text after it; split off".to_owned()),
            "{shown:?}"
        );
    }

    #[test]
    fn heading_glued_after_a_citation_is_split_off() {
        let (parsed, shown) = parse_with_lines(&format!(
            "Query\nIntro text here. [1]Later years\nThe town grew quickly after the war. [2]\n{SOURCES}"
        ));
        assert_eq!(parsed.briefing.summary.len(), 1);
        assert_eq!(parsed.briefing.sections[0].heading, "Later years");
        assert_eq!(parsed.briefing.sections[0].claims[0].citations, [2]);
        assert!(
            shown.contains(&"2: heading glued to the citation before it; split off".to_owned()),
            "{shown:?}"
        );
    }

    #[test]
    fn camel_case_names_are_not_headings() {
        for line in [
            "YouTube is a video platform owned by a large company. [1]",
            "Using macOS makes the setup a little different here. [1]",
            "The iPhone changed how people use the web. [1]",
            "Visit the McDonald farm for the full story today. [1]",
        ] {
            let parsed = parse(&format!("Query\n{line}\n{SOURCES}"));
            assert!(parsed.briefing.sections.is_empty(), "{line}");
            assert_eq!(parsed.briefing.summary.len(), 1, "{line}");
        }
    }

    #[test]
    fn disclaimer_and_signature_glued_to_the_end_are_split_off() {
        let (parsed, shown) = parse_with_lines(
            "Query\nThe claim is here. [1]AI responses may include mistakes.\n[1] a.org/x…— Jane Roe (@jroe) Mar 2, 2024\n",
        );
        let briefing = &parsed.briefing;
        assert_eq!(
            briefing.disclaimer.as_deref(),
            Some("AI responses may include mistakes.")
        );
        assert_eq!(briefing.captured.author.as_deref(), Some("Jane Roe"));
        assert_eq!(briefing.captured.handle.as_deref(), Some("@jroe"));
        assert_eq!(briefing.captured.date.as_deref(), Some("2024-03-02"));
        assert_eq!(briefing.sources[0].url, "a.org/x");
        assert!(briefing.sources[0].truncated);
        assert!(shown.contains(&"2: disclaimer glued to the text before it; split off".to_owned()));
        assert!(shown.contains(&"3: attribution glued to the text before it; split off".to_owned()));
    }

    #[test]
    fn query_line_gives_title_engine_and_address() {
        let (header, rest) = read_header(&[
            Line {
                text: "best tents – Perplexity perplexity.ai/search/best-t…",
                start: 0,
                indented: false,
                after_blank: false,
            },
            Line {
                text: "Body.",
                start: 60,
                indented: false,
                after_blank: false,
            },
        ]);
        assert_eq!(header.title.as_deref(), Some("best tents"));
        assert_eq!(header.engine.as_deref(), Some("Perplexity"));
        assert_eq!(header.url.as_deref(), Some("perplexity.ai/search/best-t"));
        assert!(header.truncated);
        assert_eq!(rest.len(), 1);

        let header = scan_query_line("rust vs go | ChatGPT").unwrap();
        assert_eq!(header.engine.as_deref(), Some("ChatGPT"));
        assert_eq!(header.url, None);
        assert_eq!(scan_query_line("War and Peace - a novel by Tolstoy"), None);
    }

    #[test]
    fn short_bare_lines_head_sections_only_when_they_introduce_text() {
        let parsed = parse(&format!(
            "Query\nOverview\nThe first claim of the section is here. [1]\nApples\nPears\nPlums\n{SOURCES}"
        ));
        let sections = &parsed.briefing.sections;
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].heading, "Overview");
        let texts: Vec<&str> = sections[0].claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The first claim of the section is here.",
                "Apples",
                "Pears",
                "Plums"
            ]
        );
    }

    #[test]
    fn a_lead_in_ending_in_a_colon_is_a_claim() {
        let parsed = parse(&format!(
            "Query\nHere are the options:\n• Walk to work. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
        assert_eq!(parsed.briefing.summary[0].text, "Here are the options:");
        assert_eq!(parsed.briefing.summary[1].text, "Walk to work.");
    }

    #[test]
    fn unknown_citation_is_an_error_naming_the_end_of_the_list() {
        let parsed = parse("Query\nA claim. [12]\n[1] a.org\n");
        let error = parsed.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(
            error.message,
            "citation [12] has no source; the source list ends at [1]"
        );
        assert_eq!(error.span, 15..19);
    }

    #[test]
    fn duplicate_numbers_are_errors_and_duplicate_addresses_warnings() {
        let parsed = parse("Query\nA claim. [1, 2]\n[1] a.org/x\n[2] a.org/x\n[2] b.org/y\n");
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(messages.contains(&"source [2] has the same address as source [1]; both are kept"));
        assert!(messages.contains(&"source [2] is listed twice"));
        assert_eq!(parsed.briefing.sources.len(), 2);
    }

    #[test]
    fn text_after_the_source_list_is_dropped_and_reported() {
        let (parsed, shown) =
            parse_with_lines("Query\nA claim. [1]\n[1] a.org\nWhat about tomorrow?\n");
        assert_eq!(parsed.briefing.claims().count(), 1);
        assert!(
            shown[0].starts_with("4: text after the source list"),
            "{shown:?}"
        );
    }

    #[test]
    fn debris_rules_code_and_html_are_not_claims() {
        let parsed = parse("Query\nShow all\n15 sites\n---\n```\nlet x = 1;\n```\n<div>⁂</div>\nA real claim. [1]\n[1] a.org\n");
        assert_eq!(citations(&parsed), [("A real claim.".to_owned(), vec![1])]);
    }

    #[test]
    fn a_prefix_on_every_line_is_removed_first() {
        let parsed = parse("# Query\n# Overview\n# The first claim is here. [1]\n# [1] a.org\n");
        assert_eq!(parsed.briefing.title.as_deref(), Some("Query"));
        assert_eq!(parsed.briefing.sections[0].heading, "Overview");
        assert_eq!(parsed.briefing.sources[0].url, "a.org");
    }

    #[test]
    fn numbered_lines_head_sections_when_prose_follows_them() {
        let parsed = parse(&format!(
            "Query\n1. Install the tools\nDownload the installer and run it. [1]\n2. Walk\n3. Run\n{SOURCES}"
        ));
        let sections = &parsed.briefing.sections;
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].heading, "1. Install the tools");
        let texts: Vec<&str> = sections[0].claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Download the installer and run it.", "Walk", "Run"]);
    }

    #[test]
    fn nested_bullets_are_items_of_their_own() {
        let parsed = parse(&format!(
            "Query\n• Outer item here. [1]\n\t• Inner item here. [2]\n  continued. [3]\n{SOURCES}"
        ));
        let texts: Vec<(String, Vec<u32>)> = citations(&parsed);
        assert_eq!(
            texts,
            [
                ("Outer item here.".to_owned(), vec![1]),
                ("Inner item here. continued.".to_owned(), vec![2, 3])
            ]
        );
    }

    #[test]
    fn title_case_headings_glued_to_a_sentence_are_split_but_camel_case_names_are_not() {
        let parsed = parse(&format!(
            "Query\nKey RisksMost analysts agree on this point. [1]\n{SOURCES}"
        ));
        assert_eq!(parsed.briefing.sections[0].heading, "Key Risks");
        let parsed = parse(&format!(
            "Query\nUsing PowerShell to automate tasks saves time. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
    }

    #[test]
    fn a_reader_view_header_gives_title_and_byline() {
        let parsed = parse(
            "example.org\nA Long Read\nBy Ann Lee\n5-7 minutes\nThe first claim. [1]\n[1] a.org\n",
        );
        assert_eq!(parsed.briefing.title.as_deref(), Some("A Long Read"));
        assert_eq!(parsed.briefing.captured.author.as_deref(), Some("Ann Lee"));
        assert_eq!(parsed.briefing.query, None);
        assert_eq!(parsed.briefing.summary.len(), 1);
    }

    #[test]
    fn source_cards_become_sources_without_addresses() {
        let parsed = parse("Query\nA claim.\nCard title\n12 Mar 2024 — snippet text…\nPublisher\n");
        assert_eq!(parsed.briefing.summary.len(), 1);
        let source = &parsed.briefing.sources[0];
        assert_eq!(
            (source.number, source.url.as_str(), source.title.as_deref()),
            (1, "", Some("Card title"))
        );
    }

    #[test]
    fn works_cited_and_wikipedia_lists_are_read_inside_a_source_list() {
        let parsed = parse("Query\nA claim. [1] Another. [2]\nWorks cited\n1. Title - Site, accessed March 3, 2025, https://a.org/x\n2. Other - Site, https://c.org\n");
        let sources: Vec<(u32, &str, Option<&str>)> = parsed
            .briefing
            .sources
            .iter()
            .map(|s| (s.number, s.url.as_str(), s.title.as_deref()))
            .collect();
        assert_eq!(
            sources,
            [
                (
                    1,
                    "https://a.org/x",
                    Some("Title - Site, accessed March 3, 2025")
                ),
                (2, "https://c.org", Some("Other - Site"))
            ]
        );
        let parsed = parse("Query\nA claim. [1] Another. [2]\nReferences[edit]\n^ Jump up to: a b Book. https://b.org\n^ Paper, 2001.\n");
        let sources: Vec<(u32, &str, Option<&str>)> = parsed
            .briefing
            .sources
            .iter()
            .map(|s| (s.number, s.url.as_str(), s.title.as_deref()))
            .collect();
        assert_eq!(
            sources,
            [
                (1, "https://b.org", Some("Book.")),
                (2, "", Some("Paper, 2001."))
            ]
        );
        // Outside a source list, a numbered line with an address is a claim.
        let parsed = parse("Query\n1. Read the guide at https://a.org first\n");
        assert!(parsed.briefing.sources.is_empty());
    }

    #[test]
    fn a_stray_heading_between_source_entries_is_ignored() {
        let (parsed, shown) =
            parse_with_lines("Q\nA. [1] B. [2]\n[1] a.org\nMore sources\n[2] b.org\n");
        assert_eq!(parsed.briefing.sources.len(), 2);
        assert!(shown.is_empty(), "{shown:?}");
    }

    #[test]
    fn a_second_answer_is_reported_where_it_begins() {
        let (parsed, shown) = parse_with_lines("Q1\nA. [1]\n[1] a.org\nQ2\nB. [1]\n[1] b.org\n");
        assert_eq!(parsed.briefing.sources.len(), 1);
        assert!(
            shown
                .iter()
                .any(|line| line.starts_with("4: a second answer begins here")),
            "{shown:?}"
        );
    }

    #[test]
    fn no_input_panics_or_loses_the_model() {
        for text in [
            "",
            "\n\n",
            "\u{feff}",
            "[",
            "[1",
            "—",
            "a: b",
            "# ",
            "**",
            "[1] ",
            "x\r\ny\r\n",
            "[1]\n[1] a.org",
            "É́É",
        ] {
            let parsed = parse(text);
            assert_eq!(parsed.briefing.schema, 1, "{text:?}");
        }
    }
}
