//! The words of a text as the search index and `search.js` both cut them: runs of letters and
//! digits, lowercased. The browser side splits on `[^\p{Alphabetic}\p{N}]` and lowercases with
//! `toLowerCase`, which are the same Unicode properties as [`char::is_alphabetic`],
//! [`char::is_numeric`] and [`str::to_lowercase`].

/// Words longer than this are cut to it: nobody types more, and it bounds a line of the index.
pub(super) const MAX_WORD_CHARS: usize = 32;

/// The index terms of `text`, lowercased, in order, repeats kept. A one-letter Latin word
/// (`a`, `I`; the only words of one byte) is left out: it would match nearly every claim.
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
        .filter(|word| word.len() > 1)
        .map(|word| {
            let lower = word.to_lowercase();
            match lower.char_indices().nth(MAX_WORD_CHARS) {
                Some((end, _)) => lower[..end].to_owned(),
                None => lower,
            }
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
        let long = "a".repeat(40);
        assert_eq!(words(&long).next().unwrap().chars().count(), MAX_WORD_CHARS);
    }
}
