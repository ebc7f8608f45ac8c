//! A claim's styled spans as HTML. Every piece of text is escaped here, and only a web
//! address becomes a link, so a template that prints the result unescaped prints nothing the
//! snapshot wrote as markup.

use crate::address::{href_of, is_linkable};
use crate::html::escape;
use crate::model::Span;

/// The spans as HTML, or `None` for a claim without styling (templates print its text).
pub(super) fn spans_html(spans: &[Span]) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    let mut html = String::new();
    for span in spans {
        push_span(&mut html, span);
    }
    Some(html)
}

fn push_span(html: &mut String, span: &Span) {
    let style = &span.style;
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
    html.push_str(&escape(&span.text));
    for close in open.iter().rev() {
        html.push_str(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Style;

    fn span(text: &str, style: Style) -> Span {
        Span {
            text: text.to_owned(),
            style,
        }
    }

    #[test]
    fn text_is_escaped_and_only_web_links_become_links() {
        let spans = [
            span("A <b> ", Style::default()),
            span(
                "big",
                Style {
                    emphasis: true,
                    ..Style::default()
                },
            ),
            span(
                " deal",
                Style {
                    link: Some("https://a.org/?x=1&y=2".into()),
                    ..Style::default()
                },
            ),
            span(
                " here",
                Style {
                    link: Some("javascript:alert(1)".into()),
                    strong: true,
                    ..Style::default()
                },
            ),
        ];
        assert_eq!(
            spans_html(&spans).as_deref(),
            Some(
                "A &lt;b&gt; <em>big</em><a href=\"https://a.org/?x=1&amp;y=2\" \
                 rel=\"noopener noreferrer nofollow\"> deal</a><strong> here</strong>"
            )
        );
    }

    #[test]
    fn a_plain_claim_has_no_html() {
        assert_eq!(spans_html(&[]), None);
    }
}
