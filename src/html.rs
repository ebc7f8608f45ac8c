//! Escaping snapshot text for HTML and XML: text, and attribute values in double or single
//! quotes. A leaf module: parsing (a claim's inline HTML), rendering (pages, feeds) and the
//! diff comment all use it.

/// Escape text for HTML text and quoted attributes.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 16);
    for_each_escaped_run(input, |run| out.push_str(run));
    out
}

/// [`escape`] into `out`: Tera's escape function, so every value of every page goes through
/// here.
pub fn escape_to(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    for_each_escaped_run(input, |run| {
        if result.is_ok() {
            result = out.write_all(run.as_bytes());
        }
    });
    result
}

/// Hand `input` escaped to `push` as runs: each run without a special character is passed
/// whole, not a character at a time.
fn for_each_escaped_run(input: &str, mut push: impl FnMut(&str)) {
    let mut copied = 0;
    for (at, byte) in input.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `at` is always a character boundary.
        push(&input[copied..at]);
        push(replacement);
        copied = at + 1;
    }
    push(&input[copied..]);
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_to};

    #[test]
    fn special_characters_are_escaped_between_untouched_runs() {
        assert_eq!(escape(""), "");
        assert_eq!(
            escape("Россия & «Азербайджан»"),
            "Россия &amp; «Азербайджан»"
        );
        assert_eq!(
            escape("<a href='x'>\"é\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;é&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn escaping_into_a_writer_gives_the_same_text() {
        for text in ["", "plain", "a < b & 'c' > \"d\"", "«Азербайджан» & co"] {
            let mut out = Vec::new();
            escape_to(text, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(text));
        }
    }
}
