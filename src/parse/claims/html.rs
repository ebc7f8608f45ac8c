//! A claim's inline styling as HTML, built from escaped text so that templates never see raw
//! snapshot markup; only web links become `<a>`.

use super::Style;
use crate::address::{href_of, is_linkable};
use crate::html::escape;

/// Append `text` in `style` as HTML: the text is always escaped; only web links become `<a>`.
pub(super) fn push_html(html: &mut String, text: &str, style: &Style) {
    let mut open = Vec::new();
    if let Some(link) = style.link.as_deref().filter(|link| is_linkable(link)) {
        html.push_str("<a href=\"");
        html.push_str(&escape(&href_of(link)));
        html.push_str("\" rel=\"noopener noreferrer nofollow\">");
        open.push("</a>");
    }
    for (on, tag, close) in [
        (style.strong, "<strong>", "</strong>"),
        (style.emphasis, "<em>", "</em>"),
        (style.strikethrough, "<s>", "</s>"),
        (style.code, "<code>", "</code>"),
    ] {
        if on {
            html.push_str(tag);
            open.push(close);
        }
    }
    html.push_str(&escape(text));
    for close in open.iter().rev() {
        html.push_str(close);
    }
}
