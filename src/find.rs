//! Finding short fixed strings in text (`://`, `: `, `](`): the markers the readers and the
//! pages ask of every address, label and claim. A leaf module.

/// Where `needle` first is in `text`, found from the places of its first byte: as
/// `text.find(needle)` answers, without the few hundred instructions a substring search
/// spends preparing itself, which counted for the short markers of addresses (`://`, `#:~:`)
/// asked of every address several times. `None` for an empty `needle`.
#[inline]
pub fn find_marker(text: &str, needle: &str) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    // A match starts at a character boundary: `needle` starts with a character's first byte.
    let mut from = 0;
    while let Some(found) = text[from..].iter().position(|&byte| byte == first) {
        let at = from + found;
        if text[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_marker;

    #[test]
    fn a_marker_is_found_where_str_find_finds_it() {
        let texts = [
            "https://a.example/x",
            "",
            ":",
            "://",
            "a:b://c",
            "x:/y://z://w",
            "ж://я",
            "Label: Text",
            "a]](b",
        ];
        for text in texts {
            for needle in ["://", "#:~:", ":", ": ", "](", "..", "я"] {
                assert_eq!(
                    find_marker(text, needle),
                    text.find(needle),
                    "{text} {needle}"
                );
            }
            assert_eq!(find_marker(text, ""), None);
        }
    }
}
