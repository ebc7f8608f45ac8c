//! Labels: the `Label:` a claim starts with, in plain text or as a strong run
//! (`**Label:** text`), and what may count as one.

use super::{is_blank, Inline};

/// Find and remove a leading label: `Label: text` in plain text, or a strong run that is the
/// label (`**Label:** text`, `**Label**: text`).
pub(super) fn take_label(inlines: &mut Vec<Inline>) -> Option<String> {
    let Some(Inline::Text { text, style, at }) = inlines.first().cloned() else {
        return None;
    };
    if style.strong && style.link.is_none() {
        let inner = text.trim();
        let (label, rest_of_next) = if let Some(label) = inner.strip_suffix(':') {
            (label.trim(), None)
        } else {
            match inlines.get(1) {
                Some(Inline::Text { text: next, .. }) if next.starts_with(':') => (inner, Some(1)),
                _ => return None,
            }
        };
        if !is_label(label) {
            return None;
        }
        let label = label.to_owned();
        inlines.remove(0);
        if let Some(colon) = rest_of_next {
            if let Some(Inline::Text { text, at, .. }) = inlines.first_mut() {
                text.replace_range(..colon, "");
                *at += colon;
            }
        }
        trim_leading_space(inlines);
        return (inlines.iter().any(|i| !is_blank(i))).then_some(label);
    }
    if !style.is_plain() {
        return None;
    }
    let (label, _) = split_plain_label(&text)?;
    let colon = crate::find::find_marker(&text, ": ")?;
    let label = label.to_owned();
    if let Some(Inline::Text {
        text, at: first_at, ..
    }) = inlines.first_mut()
    {
        let cut = colon + 1;
        text.replace_range(..cut, "");
        *first_at = at + cut;
    }
    trim_leading_space(inlines);
    Some(label)
}

fn trim_leading_space(inlines: &mut [Inline]) {
    if let Some(Inline::Text { text, at, .. }) = inlines.first_mut() {
        let trimmed = text.len() - text.trim_start().len();
        text.replace_range(..trimmed, "");
        *at += trimmed;
    }
}

/// Split `Label: Text` into label and text: the label passes [`is_label`] and the text after
/// the colon starts like a sentence (a capital, a digit or a quote), so that `He said this:
/// no.` stays one sentence.
pub fn split_plain_label(text: &str) -> Option<(&str, &str)> {
    let colon = crate::find::find_marker(text, ": ")?;
    let label = text[..colon].trim();
    let body = text[colon + 1..].trim();
    let starts_sentence = body.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || "\"“‘'(".contains(c)
            || (!c.is_alphanumeric() && !c.is_ascii())
    });
    (is_label(label) && starts_sentence).then_some((label, body))
}

/// A label is one to six words, starting with a capital letter or digit, without sentence
/// punctuation or brackets.
pub fn is_label(label: &str) -> bool {
    let words = label.split_whitespace().count();
    (1..=6).contains(&words)
        && label.chars().count() <= 60
        && label.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || (!c.is_alphanumeric() && !c.is_ascii())
        })
        && !label.contains(['.', '!', '?', '[', ']', '(', ')', '"', '“'])
}
