//! The words of a text as the search index and `search.js` both cut them: runs of letters and
//! digits, lowercased. The browser side splits on `[^\p{Alphabetic}\p{N}]` and lowercases with
//! `toLowerCase`, which are the same Unicode properties as [`char::is_alphabetic`],
//! [`char::is_numeric`] and [`str::to_lowercase`].

/// Words longer than this are cut to it: nobody types more, and it bounds a line of the index.
pub(super) const MAX_WORD_CHARS: usize = 32;

/// The words of `text` as written, in order, repeats kept. A one-letter Latin word (`a`,
/// `I`; the only words of one byte) is left out: it would match nearly every claim.
pub(super) fn raw_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
        .filter(|word| word.len() > 1)
}

/// Append `word` (one of [`raw_words`]) to `out` as the index has it: lowercased, cut to
/// [`MAX_WORD_CHARS`]. The index lowercases some two million words at 10,000 briefings, so
/// an ASCII word, the common case, is lowercased in place with no string of its own.
pub(super) fn push_term(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(&word[..word.len().min(MAX_WORD_CHARS)]);
        out[start..].make_ascii_lowercase();
        return;
    }
    // `to_lowercase` of the whole word: a final sigma lowercases by its context.
    let lower = word.to_lowercase();
    match lower.char_indices().nth(MAX_WORD_CHARS) {
        Some((end, _)) => out.push_str(&lower[..end]),
        None => out.push_str(&lower),
    }
}

/// The index terms of `text`, in order, repeats kept.
#[cfg(test)]
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(|word| {
        let mut term = String::new();
        push_term(&mut term, word);
        term
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        let found: Vec<String> = words("Baku's 2024 vote: Über-fast, a I x9 — Россия").collect();
        assert_eq!(
            found,
            ["baku", "2024", "vote", "über", "fast", "x9", "россия"]
        );
    }

    #[test]
    fn long_words_are_cut_by_characters_ascii_or_not() {
        let long = "A".repeat(40);
        assert_eq!(words(&long).next().unwrap(), "a".repeat(MAX_WORD_CHARS));
        let long = "Ж".repeat(40);
        assert_eq!(words(&long).next().unwrap(), "ж".repeat(MAX_WORD_CHARS));
    }

    #[test]
    fn a_final_sigma_lowercases_as_javascript_does() {
        // `toLowerCase` in the browser gives the final form at the end of a word.
        assert_eq!(
            words("ΟΔΟΣ").next().unwrap(),
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}"
        );
    }
}
