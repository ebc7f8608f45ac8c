//! Escaping snapshot text for HTML and XML: text, and attribute values in double or single
//! quotes. A leaf module: parsing (a claim's inline HTML), rendering (pages, feeds) and the
//! diff comment all use it.

use crate::byte_blocks::{block_has, tail_has, BLOCK};

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
/// whole, not a character at a time. Text is checked 32 bytes at a time without branches (a
/// few vector instructions), the last few bytes copied into a block of their own, and only a
/// block with a special character is read byte by byte: most text has none. Most values of a
/// page are shorter than a block, so the check of the last bytes is most of the work.
fn for_each_escaped_run(input: &str, mut push: impl FnMut(&str)) {
    let bytes = input.as_bytes();
    let mut copied = 0;
    let mut escape_from = |start: usize, block: &[u8], push: &mut dyn FnMut(&str)| {
        for (offset, &byte) in block.iter().enumerate() {
            let replacement = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            // The special characters are ASCII, so `at` is always a character boundary.
            let at = start + offset;
            push(&input[copied..at]);
            push(replacement);
            copied = at + 1;
        }
    };
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    let tail_start = bytes.len() - tail.len();
    for (index, block) in blocks.enumerate() {
        if <&[u8; BLOCK]>::try_from(block).map_or(true, |block| block_has(block, is_special)) {
            escape_from(index * BLOCK, block, &mut push);
        }
    }
    // Zeros are not special.
    if tail_has(tail, 0, is_special) {
        escape_from(tail_start, tail, &mut push);
    }
    push(&input[copied..]);
}

/// Whether `byte` is one of the characters HTML escapes, without a branch.
fn is_special(byte: u8) -> bool {
    (byte == b'&') | (byte == b'<') | (byte == b'>') | (byte == b'"') | (byte == b'\'')
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
    fn special_characters_are_escaped_wherever_they_fall_in_a_long_text() {
        // Each special character at every offset around the 32-byte blocks, in text of
        // one-, two- and three-byte characters.
        let specials = [
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&#39;"),
        ];
        for filler in ["a", "é", "ж", "€"] {
            for at in 0..70 {
                for (special, escaped) in specials {
                    let mut text = filler.repeat(at);
                    text.push(special);
                    text.push_str(&filler.repeat(70 - at));
                    let expected =
                        format!("{}{escaped}{}", filler.repeat(at), filler.repeat(70 - at));
                    assert_eq!(escape(&text), expected, "{special} after {at} × {filler}");
                }
            }
        }
        let all = "<>&\"'".repeat(20);
        assert_eq!(escape(&all), "&lt;&gt;&amp;&quot;&#39;".repeat(20));
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
