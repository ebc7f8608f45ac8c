//! The shapes of a line that several passes ask about: heading-like, bulleted, numbered,
//! labelled, bold, or holding a citation group.

use crate::address::scan_address;
use crate::parse::claims::label::{is_label, split_plain_label};
use crate::parse::scan::citations::{
    leading_digits, scan_citation_run, superscript_digit, GROUP_OPENINGS,
};

/// `# Heading` to `#### Heading`, or a text-mode dump's `***** Heading *****` (six stars for
/// the title, five for a section): the level and the text.
pub(super) fn markdown_heading(line: &str) -> Option<(usize, &str)> {
    if let Some(heading) = star_heading(line) {
        return Some(heading);
    }
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = line[level..].strip_prefix([' ', '\t'])?.trim();
    let text = text.trim_end_matches('#').trim();
    // `#\tSource\tLink`: a table's header row whose first column numbers the rows.
    (!text.is_empty() && !text.contains('\t')).then_some((level, text))
}

/// `****** Title ******` (level 1) or `***** Heading *****` (level 2), as text-mode browsers
/// write headings: the same run of three or more stars on both sides.
fn star_heading(line: &str) -> Option<(usize, &str)> {
    let stars = line.bytes().take_while(|&b| b == b'*').count();
    let inner = line.get(stars..)?.strip_suffix(&"*".repeat(stars))?;
    let text = inner.strip_prefix(' ')?.strip_suffix(' ')?.trim();
    ((3..=6).contains(&stars) && !text.is_empty() && !text.contains('*'))
        .then_some((7usize.saturating_sub(stars).max(1), text))
}

/// Whether `c` may start a heading: a capital letter, a digit or a symbol such as an emoji.
pub(super) fn starts_heading(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || (!c.is_alphanumeric() && !c.is_ascii())
}

/// A short bare line that could head a section: capitalised, no citation, no sentence end,
/// not a `Label: text` line.
pub(crate) fn is_heading_like(text: &str) -> bool {
    // Citation marks a sentence might end in (`tall.²`, `rose.14`) do not make it a heading.
    let end = text.trim_end_matches(|c: char| superscript_digit(c).is_some() || c.is_ascii_digit());
    text.chars().count() <= 80
        && text.split_whitespace().count() <= 12
        // A table's row of cells (`Type\tCost`) is no heading, its header row included.
        && !text.contains('\t')
        && text.chars().next().is_some_and(starts_heading)
        && !end.ends_with(['.', ',', ';', ':', '!', '…'])
        && !has_sentence_break(text)
        && !text.chars().any(|c| superscript_digit(c).is_some())
        && !contains_citation(text)
        && split_label(text).is_none()
        && scan_address(text).is_none()
}

/// Whether `text` holds two sentences: a full stop, `!` or `?` after a word, then a capital.
fn has_sentence_break(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(4).any(|w| {
        w[0].is_lowercase() && matches!(w[1], '.' | '!' | '?') && w[2] == ' ' && w[3].is_uppercase()
    })
}

/// `Summary:` alone: one capitalised word and a colon heads what follows, in either dialect.
/// (A longer lead-in, `Here are the options:`, is a claim.)
pub(crate) fn is_one_word_heading(text: &str) -> bool {
    text.strip_suffix(':').is_some_and(|word| {
        word.chars().next().is_some_and(char::is_uppercase) && word.chars().all(char::is_alphabetic)
    })
}

/// `**Heading**` (or `__Heading__`) filling the whole line: its text without a trailing `:`.
pub(super) fn whole_line_bold(line: &str) -> Option<&str> {
    let inner = line
        .strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .or_else(|| line.strip_prefix("__").and_then(|l| l.strip_suffix("__")))?;
    let inner = inner.trim().trim_end_matches(':').trim();
    (!inner.is_empty() && !inner.contains("**")).then_some(inner)
}

/// The text of a bulleted list item (`•`, `-`, `*`, `·`, `–`) or numbered one (`1.`, `2)`).
pub(super) fn strip_bullet(line: &str) -> Option<&str> {
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

/// The text of a numbered line (`1. `, `2) `, `۱. `).
pub(crate) fn strip_number(line: &str) -> Option<&str> {
    let (_, digits) = leading_digits(line)?;
    let rest = line[digits..]
        .strip_prefix(['.', ')'])
        .filter(|rest| rest.starts_with([' ', '\t']))?;
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// Split `Label: text` (or `**Label:** text`, `**Label**: text`) into label and text.
pub(super) fn split_label(text: &str) -> Option<(&str, &str)> {
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
pub(crate) fn contains_citation(text: &str) -> bool {
    text.match_indices(GROUP_OPENINGS)
        .any(|(at, _)| scan_citation_run(&text[at..]).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tables_header_row_is_no_heading() {
        assert_eq!(markdown_heading("## Sources"), Some((2, "Sources")));
        assert_eq!(markdown_heading("#\tSources"), Some((1, "Sources")));
        assert_eq!(markdown_heading("#\tSource\tLink"), None);
        assert_eq!(markdown_heading("#hashtag"), None);
        // Nor is a table's header row heading-like, though short and capitalised.
        assert!(is_heading_like("Lifespan by lifestyle"));
        assert!(!is_heading_like("Lifestyle\tTypical lifespan\tSource"));
    }
}
