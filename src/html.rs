//! Escaping snapshot text for HTML and XML: text, and attribute values in double or single
//! quotes. A leaf module: parsing (a claim's inline HTML), rendering (pages, feeds) and the
//! diff comment all use it.

/// Escape text for HTML text and quoted attributes. Every page's every value goes through
/// here (it is Tera's escape function), so runs without a special character are copied whole.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 16);
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
        out.push_str(&input[copied..at]);
        out.push_str(replacement);
        copied = at + 1;
    }
    out.push_str(&input[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

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
}
