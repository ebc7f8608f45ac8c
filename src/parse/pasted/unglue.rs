//! Pass 3: each line is cut where the copy glued two things together: a signature or a
//! disclaimer after the text, a heading before its first sentence (`eventsPlane incident:`) or
//! after a citation group (`[6]Historical ties`). Every cut is reported as a repair.

use super::lines::Line;
use super::text::{
    contains_citation, is_heading_like, split_label, starts_heading, strip_bullet, strip_number,
};
use crate::diagnostic::Diagnostic;
use crate::parse::scan::citations::scan_citation_run;
use crate::parse::scan::entries::{scan_inline_source_list, scan_source_entry, SourceEntry};
use crate::parse::scan::trailers::{find_signature, Signature, Trailer};
use crate::parse::shared::find_disclaimer;

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
    /// Whether a blank line follows the line it was cut from (it ends a block of lines).
    pub before_blank: bool,
    /// Whether its line is indented right under the line above, with no blank line between.
    pub hanging: bool,
    /// Whether its line introduces code or a formula that follows it (so it is no heading).
    pub introduces_display: bool,
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
    for (index, line) in lines.iter().enumerate() {
        let last_line = index + 1 == lines.len();
        if let Some(entries) = scan_inline_source_list(line.text) {
            for (span, entry) in entries {
                let text = &line.text[span.clone()];
                pieces.push(piece(
                    text,
                    line.start + span.start,
                    PieceKind::Source(entry),
                ));
            }
            in_item = false;
            continue;
        }
        // A FAQ's question heads its answer, whatever its shape.
        if line.question {
            let mut question = piece(line.text, line.start, PieceKind::Heading);
            question.before_blank = lines.get(index + 1).is_some_and(|next| next.after_blank);
            pieces.push(question);
            in_item = false;
            continue;
        }
        let continues_item = line.wrapped
            || (in_item
                && line.indented
                && !line.after_blank
                && strip_bullet(line.text).is_none()
                && strip_number(line.text).is_none());
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
        let mut heading_after = None;
        // Only a line that more text follows can end in a heading.
        if let Some(cut) = find_heading_after_sentence(text).filter(|_| !last_line) {
            diagnostics.push(Diagnostic::warning(
                line.start + cut..line.start + text.len(),
                "heading glued to the sentence before it; split off",
            ));
            heading_after = Some(piece(
                text[cut..].trim(),
                line.start + cut,
                PieceKind::Heading,
            ));
            text = &text[..cut];
        }
        for (cut, part) in cut_after_citations(text) {
            let mut part_piece = piece(part, line.start + cut, PieceKind::Undecided);
            part_piece.hanging = cut == 0 && line.indented && !line.after_blank;
            part_piece.glued_to_citation = cut > 0;
            part_piece.continues_item = continues_item && cut == 0;
            pieces.extend(split_glued_heading(part_piece, diagnostics));
        }
        pieces.extend(heading_after);
        pieces.extend(tail);
        let before_blank =
            !line.before_code && lines.get(index + 1).is_some_and(|next| next.after_blank);
        if let Some(last) = pieces.last_mut() {
            last.before_blank = before_blank;
            last.introduces_display = line.before_code;
        }
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
        before_blank: false,
        hanging: false,
        introduces_display: false,
    }
}

/// Where a heading glued after the last sentence of a line starts: `…in Azerbaijan.Historical
/// and ongoing ties`. The full stop must end a word of two or more lowercase letters (not
/// `e.g.` or `U.S.`) and the rest must read as a heading.
fn find_heading_after_sentence(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (position, _) = chars.windows(4).enumerate().rev().find(|(_, w)| {
        w[0].1.is_lowercase()
            && w[1].1.is_lowercase()
            && matches!(w[2].1, '.' | '!' | '?')
            && w[3].1.is_uppercase()
    })?;
    let cut = chars[position + 3].0;
    let rest = text[cut..].trim();
    (is_heading_like(rest) && rest.split_whitespace().count() >= 2).then_some(cut)
}

/// Cut `text` after every citation run that is directly followed, with no space, by the start
/// of new text (`…[6]Historical ties`), but not after the number of a source entry. Returns
/// each part with its byte offset.
pub(super) fn cut_after_citations(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut i = 0;
    while let Some(open) = text[i..].find('[') {
        let at = i + open;
        match scan_citation_run(&text[at..]) {
            Some((consumed, _)) => {
                let end = at + consumed;
                let next = text[end..].chars().next();
                // A source entry whose number the copy glued to its title (`[1]Fed holds
                // rates https://…`) is no claim's end.
                let glued = next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                if glued && !(at == 0 && scan_source_entry(text).is_some()) {
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
pub(super) fn split_glued_heading<'a>(
    piece: Piece<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Piece<'a>> {
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
pub(super) fn find_heading_glue(text: &str) -> Option<usize> {
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
        // `событияВ 2024 году`, `eggsA raw egg`: a word of one letter opens the text.
        let one_letter_word = after == ' ';
        let plausible = if words.len() >= 2 {
            (fragment_is_lowercase
                && last_word.chars().count() >= 2
                && (!acronym || last_word.chars().count() >= 4))
                || (fragment_is_capitalised && rest_opens_sentence)
        } else {
            // One word glued to its text: camel-case names (`PowerShell`) are written in
            // Latin letters, so outside them (`ЭкономикаТоварооборот`) any text will do.
            head.chars().count() >= 4 && (split_label(rest).is_some() || !upper.is_ascii())
        };
        if plausible
            && words.len() <= 12
            && !contains_citation(head)
            && (after.is_lowercase() || acronym || one_letter_word)
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
pub(super) const SENTENCE_OPENERS: &[&str] = &[
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
pub(super) fn looks_like_text_start(rest: &str) -> bool {
    split_label(rest).is_some() || rest.split_whitespace().count() >= 4
}
