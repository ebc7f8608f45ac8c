//! Escaping snapshot text for HTML and XML: text, and attribute values in double or single
//! quotes. A leaf module: parsing (a claim's inline HTML), rendering (pages, feeds) and the
//! diff comment all use it.

/// Escape text for HTML text and quoted attributes.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
