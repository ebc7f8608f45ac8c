//! Pass 1: the paste as trimmed lines with their byte offsets. Fenced code, horizontal rules,
//! raw HTML and interface debris ("Show all", "15 sites") are set aside, and a prefix that
//! every line carries (`# `, `> `) is removed first.

use super::text::{contains_citation, markdown_heading, strip_bullet, strip_number};
use crate::diagnostic::Diagnostic;
use crate::parse::scan::entries::scan_source_entry;
use crate::parse::shared::{after_turn_name, ends_with_chip, second_question, shared_source_list};
use crate::parse::vocabulary::{
    ends_answer, inline_turn, is_code_caution, is_code_label, is_contents_heading, is_site_tagline,
    is_source_heading, is_user_turn_label, Turn,
};

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
    /// Whether a block of code follows it (it introduces the code).
    pub before_code: bool,
    /// The column the line ends at, counting its indentation, in characters.
    pub end_column: usize,
    /// Whether it goes on the paragraph of the line above, which a hard wrap cut short.
    pub wrapped: bool,
    /// Whether it is a FAQ's question (`Q: Can I …?`, its name left out): it heads the
    /// answer under it, however it is written.
    pub question: bool,
    /// Whether a wiki's tagline stood under it (`From Wikipedia, the free encyclopedia`): it
    /// is the article's title, no query.
    pub page_title: bool,
}

/// Split `text` into non-empty trimmed lines with their offsets. Fenced code blocks,
/// horizontal rules, raw HTML lines and interface debris are left out.
pub(crate) fn split_lines<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let prefix = shared_prefix(&text[body_start..]);
    if let Some(prefix) = prefix {
        let first_line = text[body_start..].trim_start();
        let lines = if first_line.starts_with(prefix.trim_end()) {
            "every line"
        } else {
            "every line below the first"
        };
        diagnostics.push(Diagnostic::note(
            body_start..body_start + prefix.len(),
            format!("{lines} starts with \"{prefix}\"; read without it"),
        ));
    }
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut turns = InlineTurns::default();
    let mut offset = body_start;
    let mut in_fence: Option<usize> = None;
    let mut after_blank = false;
    let mut answer_over: Option<(usize, usize)> = None;
    let mut in_raw_code = false;
    let mut in_contents = false;
    // Where a conversation's source list at the end of the paste starts, after its second
    // question: lines before it are not read.
    let mut skip_to: Option<usize> = None;
    // Where the last caution line under code starts: a language label is only read as the
    // start of unfenced code when such a line follows it.
    let last_caution = text[body_start..]
        .split_inclusive('\n')
        .scan(body_start, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .filter(|(_, line)| is_code_caution(line.trim_start_matches(prefix.unwrap_or("")).trim()))
        .map(|(start, _)| start)
        .last();
    for raw in text[body_start..].split_inclusive('\n') {
        let mut start = offset;
        offset += raw.len();
        let mut line = raw.trim_end_matches(['\n', '\r']);
        if let Some(prefix) = prefix {
            // A line of the bare mark (`>`) is a blank line of the quote; the title typed
            // above a quoted paste has no mark.
            let cut = if line.starts_with(prefix) {
                prefix.len()
            } else if line.starts_with(prefix.trim_end()) {
                prefix.trim_end().len()
            } else {
                0
            };
            if line.is_char_boundary(cut) {
                line = &line[cut..];
                start += cut;
            }
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || skip_to.is_some_and(|at| start < at) {
            after_blank = true;
            continue;
        }
        let leading = line.len() - line.trim_start().len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence.is_none() {
                if let Some(last) = lines.last_mut() {
                    last.before_code = true;
                }
            }
            in_fence = match in_fence {
                Some(_) => None,
                None => Some(start + leading),
            };
            continue;
        }
        // Code whose fence the copy lost: from a language label to the engine's caution line.
        if in_raw_code {
            in_raw_code = !is_code_caution(trimmed);
            continue;
        }
        if is_code_label(trimmed) && last_caution.is_some_and(|at| at > start) {
            if let Some(last) = lines.last_mut() {
                last.before_code = true;
            }
            in_raw_code = true;
            continue;
        }
        // A wiki's tagline under the first line: that line is the article's title.
        if let [title] = lines.as_mut_slice() {
            if is_site_tagline(trimmed) {
                title.page_title = true;
            }
        }
        if in_fence.is_some() || is_rule(trimmed) || is_debris(trimmed) {
            continue;
        }
        // After `Follow-ups` or `Related` come the page's suggestions, until a source list.
        if let Some((_, dropped)) = &mut answer_over {
            let sources_start = is_source_heading(trimmed) || scan_source_entry(trimmed).is_some();
            if !sources_start {
                *dropped += 1;
                continue;
            }
            report_answer_end(answer_over.take(), diagnostics);
        }
        // A table of contents: its heading, then entries numbered `1`, `2.1`, `3.` and a title.
        if in_contents {
            if is_contents_entry(trimmed) {
                continue;
            }
            in_contents = false;
        }
        if is_contents_heading(trimmed) {
            in_contents = true;
            continue;
        }
        if ends_answer(trimmed) {
            answer_over = Some((start + leading, 0));
            continue;
        }
        // `You said:` again: the conversation's next question, and the answer to it.
        if !lines.is_empty() && is_user_turn_label(trimmed) && skip_to.is_none() {
            diagnostics.push(second_question(start + leading..start + line.len()));
            skip_to = Some(read_on_at(&lines, text, offset, diagnostics));
            continue;
        }
        if is_raw_html(trimmed) {
            diagnostics.push(
                Diagnostic::warning(start + leading..start + line.len(), "raw HTML line ignored")
                    .with_help("briefing shows snapshot text as text; markup is not rendered"),
            );
            continue;
        }
        let end_column = line[..leading].chars().count() + trimmed.chars().count();
        let mut push = |from: usize, to: usize, question: bool| {
            lines.push(Line {
                text: trimmed[from..to].trim_end(),
                start: start + leading + from,
                indented: leading > 0,
                after_blank,
                before_code: false,
                end_column,
                wrapped: false,
                question,
                page_title: false,
            });
        };
        match turns.read(trimmed, || &text[offset..]) {
            Some(TurnLine::SecondQuestion) => {
                diagnostics.push(second_question(start + leading..start + line.len()));
                skip_to = Some(read_on_at(&lines, text, offset, diagnostics));
                continue;
            }
            // `Q: why …`: the name on a line of its own, as a copied conversation has it.
            Some(TurnLine::Named(words)) => {
                push(0, words, false);
                push(words, trimmed.len(), false);
            }
            Some(TurnLine::Unnamed(words)) => push(words, trimmed.len(), false),
            Some(TurnLine::Question(words)) => push(words, trimmed.len(), true),
            None => push(0, trimmed.len(), false),
        }
        after_blank = false;
    }
    report_answer_end(answer_over, diagnostics);
    mark_hard_wraps(&mut lines);
    drop_formula_residue(&mut lines);
    if let Some(fence) = in_fence {
        diagnostics.push(
            Diagnostic::warning(fence..fence + 3, "code fence is never closed")
                .with_help("everything after it was read as code and left out"),
        );
    }
    lines
}

/// Where to read on after a conversation's second question, whose line ends at byte `offset`:
/// at a source list ending the paste, where the first answer (`lines`) has none of its own,
/// since such a list serves every answer above it (`[1]` of the first, `[2]` of the second);
/// else nowhere (the end of the text). A list under the first answer is its own, and the one
/// at the end is then the last answer's.
fn read_on_at(
    lines: &[Line],
    text: &str,
    offset: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let has_own_list = lines
        .iter()
        .any(|line| is_source_heading(line.text) || scan_source_entry(line.text).is_some());
    let rest = &text[offset..];
    let Some(list_start) = (!has_own_list).then(|| final_source_list(rest)).flatten() else {
        return text.len();
    };
    let list = offset + list_start;
    let first_line = rest[list_start..].lines().next().unwrap_or("").trim_end();
    diagnostics.push(shared_source_list(list..list + first_line.len()));
    list
}

/// Where a run of numbered source entries (`[1] Title https://…`), maybe under a source
/// heading, starts when it ends `text`, at the start of its first line.
fn final_source_list(text: &str) -> Option<usize> {
    let mut line_start = text.len();
    let mut list_start = None;
    for line in text.split_inclusive('\n').rev() {
        line_start -= line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if scan_source_entry(trimmed).is_some() {
            list_start = Some(line_start);
        } else {
            if is_source_heading(trimmed) && list_start.is_some() {
                list_start = Some(line_start);
            }
            break;
        }
    }
    list_start
}

/// How a paste whose first line opens with the user's turn or a question (`User: why …`,
/// `Q: why …`) reads the names that open its lines: as a conversation (the name of the
/// question's and of the first answer's turn on lines of their own, the header's to read;
/// the next question ends it), or, where questions follow questions (`Q:` / `A:` again and
/// again), as a FAQ, each question and answer without its name.
#[derive(Debug, Default)]
struct InlineTurns {
    /// Undecided before the first line (a FAQ's, the second, under a title); then `None`
    /// where it opens with no such name.
    mode: Option<Option<TurnMode>>,
    /// How many lines have been read.
    lines_read: usize,
    /// Whether the engine's first turn has been read.
    answered: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TurnMode {
    Conversation,
    Faq,
}

/// What a line opening with a turn's name becomes: where its words start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TurnLine {
    /// The name on a line of its own, then the words.
    Named(usize),
    /// The words alone.
    Unnamed(usize),
    /// A FAQ's question, its words alone.
    Question(usize),
    /// A second question of a conversation: nothing from here on is read.
    SecondQuestion,
}

impl InlineTurns {
    /// Read `line` (the next line kept); `rest` gives the text after it, looked at once, on
    /// the first line, only if that line opens with a question.
    fn read<'r>(&mut self, line: &str, rest: impl FnOnce() -> &'r str) -> Option<TurnLine> {
        let opening = |line: &str| {
            let words = after_turn_name(line)?;
            Some((inline_turn(&line[..words])?, words))
        };
        let first = self.lines_read == 0;
        self.lines_read += 1;
        let mode = match self.mode {
            Some(mode) => mode?,
            None => {
                let asks =
                    opening(line).filter(|(turn, _)| matches!(turn, Turn::User | Turn::Question));
                let mode = asks.and_then(|(turn, _)| {
                    let asked_again = |next: &str| {
                        opening(next.trim()).is_some_and(|(next_turn, _)| next_turn == turn)
                    };
                    if turn == Turn::Question && rest().lines().any(asked_again) {
                        Some(TurnMode::Faq)
                    } else {
                        first.then_some(TurnMode::Conversation)
                    }
                });
                // A FAQ may have its title above it; a conversation's question comes first.
                if mode.is_some() || !first {
                    self.mode = Some(mode);
                }
                let (_, words) = asks?;
                return Some(match mode? {
                    TurnMode::Conversation => TurnLine::Named(words),
                    TurnMode::Faq => TurnLine::Question(words),
                });
            }
        };
        let (turn, words) = opening(line)?;
        match (mode, turn) {
            (TurnMode::Faq, Turn::Question) => Some(TurnLine::Question(words)),
            (TurnMode::Faq, _) => Some(TurnLine::Unnamed(words)),
            (TurnMode::Conversation, Turn::Engine(_)) if !self.answered => {
                self.answered = true;
                Some(TurnLine::Named(words))
            }
            (TurnMode::Conversation, Turn::User | Turn::Question) if self.answered => {
                Some(TurnLine::SecondQuestion)
            }
            _ => None,
        }
    }
}

/// Text wrapped at a fixed width (a text-mode dump, a mail at 72 or 80 columns) breaks
/// paragraphs into lines. Where the next line's first word would not have fitted on the line
/// before, the break was the wrap's, not the writer's: the line goes on the paragraph above.
/// Only read so when the text is wrapped: many lines end within a few columns of the widest.
fn mark_hard_wraps(lines: &mut [Line]) {
    // The wrap width: nine lines in ten end at or before it (a long header line may not).
    let mut ends: Vec<usize> = lines.iter().map(|line| line.end_column).collect();
    ends.sort_unstable();
    let width = ends.get(ends.len() * 9 / 10).copied().unwrap_or(0);
    let near_width: Vec<&Line> = lines
        .iter()
        .filter(|line| line.end_column + 12 >= width && line.end_column <= width + 2)
        .collect();
    // A wrap falls mostly inside sentences; lines that each hold a whole sentence or claim
    // (and so end in `.` or a citation) are not wrapped, however alike their lengths.
    let mid_sentence = near_width
        .iter()
        .filter(|line| {
            !line.text.ends_with(['.', '!', '?', ':', ']', ')', '…']) && !ends_with_chip(line.text)
        })
        .count();
    if lines.len() < 8
        || !(60..=120).contains(&width)
        || near_width.len() * 10 < lines.len() * 4
        || mid_sentence * 2 < near_width.len()
    {
        return;
    }
    for i in 1..lines.len() {
        let (before, line) = (&lines[i - 1], &lines[i]);
        let first_word = line.text.split_whitespace().next().unwrap_or("");
        let forced = before.end_column + 1 + first_word.chars().count() > width;
        let starts_block = strip_bullet(line.text).is_some()
            || strip_number(line.text).is_some()
            || markdown_heading(line.text).is_some()
            || markdown_heading(before.text).is_some();
        // A full line that ends a sentence, then a capital: as likely a new paragraph as a
        // wrap; keep them apart (at worst, one paragraph reads as two).
        let sentence_break = (before.text.ends_with(['.', '!', '?'])
            || ends_with_chip(before.text))
            && line.text.starts_with(char::is_uppercase);
        lines[i].wrapped = forced && !line.after_blank && !starts_block && !sentence_break;
    }
}

/// Drop lines that hold only what a copy leaves of a formula (`&#x2212; A = [ i 0 ]`,
/// `{\displaystyle A^{\mathsf {H}}=-A}`): they are neither claim nor heading. A line that
/// went on such a line starts its own paragraph.
fn drop_formula_residue(lines: &mut Vec<Line>) {
    let mut kept: Vec<Line> = Vec::with_capacity(lines.len());
    let mut dropped_paragraph_start = false;
    for mut line in lines.drain(..) {
        if is_formula_residue(line.text) {
            dropped_paragraph_start = !line.wrapped;
            // The line above introduces the formula, as a line above code introduces it.
            if let Some(last) = kept.last_mut() {
                last.before_code = true;
            }
            continue;
        }
        if line.wrapped && dropped_paragraph_start {
            line.wrapped = false;
        }
        dropped_paragraph_start = false;
        kept.push(line);
    }
    *lines = kept;
}

/// A line with the marks of a formula (`=`, `{`, `\`, `&#x`) and no word of prose in it.
pub(super) fn is_formula_residue(text: &str) -> bool {
    let marked =
        text.contains("&#x") || text.contains('\\') || text.contains('{') || text.contains('=');
    let has_word = text.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| ",.;:()[]\"'".contains(c));
        word.chars().count() >= 3 && word.chars().all(|c| c.is_alphabetic() || c == '-')
    });
    marked && !has_word && !contains_citation(text)
}

/// An entry of a table of contents: a section number (`2`, `2.1`, `3.`) then a short title.
fn is_contents_entry(line: &str) -> bool {
    let Some((number, title)) = line.split_once(char::is_whitespace) else {
        return false;
    };
    let number = number.trim_end_matches('.');
    !number.is_empty()
        && number
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && !title.trim().is_empty()
        && title.split_whitespace().count() <= 12
}

/// Warn once that the lines after an end-of-answer line were left out, if any were.
fn report_answer_end(answer_over: Option<(usize, usize)>, diagnostics: &mut Vec<Diagnostic>) {
    if let Some((at, dropped)) = answer_over.filter(|(_, dropped)| *dropped > 0) {
        diagnostics.push(
            Diagnostic::warning(
                at..at,
                format!(
                    "the answer ends here; {dropped} line{} of the page's suggestions after it left out",
                    if dropped == 1 { "" } else { "s" }
                ),
            )
            .with_help("move text above this line if it belongs to the answer"),
        );
    }
}

/// A comment prefix that every non-empty line carries (`# `, `> `, `// `), as when a paste
/// was kept in a code comment or a quote; the first line may lack it (a title typed above
/// the quoted paste) where at least two lines below carry it.
pub(super) fn shared_prefix(text: &str) -> Option<&'static str> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.len() < 2 {
        return None;
    }
    ["# ", "> ", "// ", "-- ", "; "].into_iter().find(|prefix| {
        let carries = |line: &&str| line.starts_with(prefix) || *line == prefix.trim_end();
        let below = if lines.len() >= 3 {
            &lines[1..]
        } else {
            &lines[..]
        };
        below.iter().all(carries)
            && (carries(&lines[0]) || !lines[0].starts_with(prefix.trim_end()))
    })
}

/// `---`, `***`, `___` and longer: a horizontal rule.
pub(super) fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "*", "_", "—"]
            .iter()
            .any(|mark| compact.chars().all(|c| c.to_string() == *mark))
}

/// Interface debris of a page copy: buttons, counters like `15 sites`, in any language of
/// the vocabulary.
pub(super) fn is_debris(line: &str) -> bool {
    crate::parse::vocabulary::is_chrome(line) || is_site_tagline(line) || is_hatnote(line)
}

/// The openings of Wikipedia's hatnotes, which point to other pages (lowercase).
const HATNOTE_OPENINGS: &[&str] = &[
    "main article: ",
    "main articles: ",
    "further information: ",
    "for other uses, see ",
    "not to be confused with ",
];

/// A wiki's note pointing to another page (`Main article: History of the bicycle`), as a copy
/// of the page keeps it above a section: neither claim nor heading.
fn is_hatnote(line: &str) -> bool {
    // Written as a copy shows it, capitalised.
    line.len() <= 200
        && line.starts_with(|c: char| c.is_ascii_uppercase())
        && HATNOTE_OPENINGS.iter().any(|opening| {
            line.get(..opening.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(opening))
        })
}

/// A line that is nothing but an HTML tag or element (`<div>⁂</div>`, `<br>`).
pub(super) fn is_raw_html(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    line.ends_with('>')
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped_flags(text: &str) -> Vec<bool> {
        split_lines(text, &mut Vec::new())
            .iter()
            .map(|line| line.wrapped)
            .collect()
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined_where_the_wrap_forced_a_break() {
        let text = "Tides rise and fall twice a day on most coasts because the moon pulls\n\
                    the sea toward it as the earth turns beneath the bulge of water that\n\
                    follows it.\n\
                    Spring tides come when the sun and the moon line up with the earth and\n\
                    their pulls add together, so the range between high and low is widest.\n\
                    Neap tides come a week later, when the two pull at right angles to each\n\
                    other and partly cancel, so the range between the tides is narrowest.\n\
                    A bore forms where a large range meets a narrowing, shallowing estuary.\n";
        assert_eq!(
            wrapped_flags(text),
            [false, true, true, false, true, false, true, false]
        );
    }

    #[test]
    fn lines_that_each_hold_a_claim_are_never_joined() {
        let text = "Tides rise and fall twice a day on most of the coasts of the world. [1]\n\
                    Spring tides come when the sun and the moon line up with the earth. [2]\n\
                    Neap tides come a week later, when the two pull at right angles. [3]\n\
                    A bore forms where a large range meets a narrow shallow estuary. [4]\n\
                    The Severn bore is the best known in Britain and draws surfers. [5]\n\
                    The Qiantang bore in China is the largest anywhere in the world. [6]\n\
                    Bores are rare: fewer than a hundred rivers in the world have one. [7]\n\
                    Most bores are small and easy to miss unless you know when to look. [8]\n";
        assert!(wrapped_flags(text).iter().all(|wrapped| !wrapped));
    }

    #[test]
    fn lines_that_end_with_a_chip_are_never_joined() {
        let text = "Cast iron lasts for generations when it is oiled after each use. lodge+1\n\
                    Wash it with hot water and a little soap, which leaves its seasoning. serious\n\
                    Dry it at once on a warm burner, since standing water soon causes rust.lodge\n\
                    A pan with flaking rust can be scrubbed to bare iron and seasoned. wikipedia+2\n\
                    Acidic food such as tomato sauce can strip a thin layer of seasoning. serious\n\
                    Enamelled cast iron needs no seasoning but chips if it is dropped hard. lodge\n\
                    Heavy pans hold heat well, so they sear meat better than thin steel. serious\n\
                    A pan that is warped no longer sits flat on a glass or induction hob. lodge+2\n";
        assert!(wrapped_flags(text).iter().all(|wrapped| !wrapped));
        assert!(ends_with_chip("It rusts.lodge+1"));
        assert!(!ends_with_chip(
            "the sea toward it as the earth turns beneath the"
        ));
        assert!(!ends_with_chip("It rusts. Then"));
    }

    #[test]
    fn a_wiki_hatnote_is_debris() {
        assert!(is_debris("Main article: History of the bicycle"));
        assert!(is_debris("For other uses, see Bicycle (disambiguation)."));
        assert!(!is_debris("Main roads were closed after the storm."));
        assert!(!is_debris("Further research is needed: see [2]."));
    }

    #[test]
    fn formula_residue_is_neither_claim_nor_heading() {
        assert!(is_formula_residue("&#x2212; A = [ i 0 ]"));
        assert!(is_formula_residue("{\\displaystyle A^{\\mathsf {H}}=-A}"));
        assert!(!is_formula_residue(
            "The speed is c = sqrt(g h) for shallow water."
        ));
        assert!(!is_formula_residue("x = 1 [2]"));
    }
}
