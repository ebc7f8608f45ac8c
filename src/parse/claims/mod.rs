//! From a block's inline content to claims: the rules of SPEC 3.2, shared by every dialect.
//!
//! A dialect turns each block into [`Inline`]s: runs of text (with their emphasis, code or
//! link, and where they stand in the file) and citation groups. [`split_claims`] then finds the
//! label, splits the block after every citation group that ends a sentence and is followed by
//! more text, and removes the groups from the text. Claims with inline styling keep it as
//! [`Span`]s, which pages turn into HTML; [`label`] says what a label is.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
pub use crate::model::Style;
use crate::model::{Claim, Span};
use label::take_label;

pub mod label;

/// A piece of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text, as shown (escapes resolved), with the byte offset where it starts in the file.
    Text {
        /// The text.
        text: String,
        /// Its style.
        style: Style,
        /// Byte offset of its first character in the file.
        at: usize,
    },
    /// A citation marker that gives no number the snapshot can resolve: ChatGPT's leaked
    /// `:contentReference[oaicite:N]`, or a chip flattened to a site's name (`site+2`) that no
    /// address in the snapshot matches. Removed from the text and reported as a note.
    Unnumbered {
        /// The site the marker names, if any.
        site: Option<String>,
        /// Where the marker is written.
        span: Range<usize>,
    },
    /// A citation of sources by name, without an address or a number (`(Source: Reuters)`,
    /// `(Sources: IEA, Financial Times)`): each reader makes it a citation of sources titled
    /// by those names.
    Named {
        /// The names, as written.
        names: Vec<String>,
        /// Where the marker is written.
        span: Range<usize>,
    },
    /// A citation group, with its span in the file.
    Cite {
        /// The cited numbers in written order.
        numbers: Vec<u32>,
        /// Where the group is written.
        span: Range<usize>,
    },
}

/// A claim while it is built: where it starts and where each citation was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftClaim {
    /// Byte offset of the claim's start in the file.
    pub start: usize,
    /// Each citation number with the span of the group it was written in.
    pub cited_at: Vec<(u32, Range<usize>)>,
}

/// Split a block into claims (SPEC 3.2). `label` is a label the dialect already found (a
/// Markdown `**Label:**`); otherwise a leading plain `Label: ` is looked for. Citation groups
/// are removed from the text; their numbers become the claim's citations in written order,
/// each once. Ids are left empty for the caller to assign.
pub fn split_claims(
    inlines: &[Inline],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Claim, DraftClaim)> {
    let mut inlines = inlines.to_vec();
    let start = inlines.iter().map(inline_start).next().unwrap_or(0);
    let label = take_label(&mut inlines);
    let mut claims = Vec::new();
    let mut current = ClaimBuilder::new(start, label);
    let mut queue = std::collections::VecDeque::from(inlines);
    while let Some(inline) = queue.pop_front() {
        match inline {
            Inline::Text { text, style, .. } => current.push_text(&text, &style),
            marker @ (Inline::Unnumbered { .. } | Inline::Named { .. } | Inline::Cite { .. }) => {
                current.after_marker = true;
                match marker {
                    // Both readers number names before claims are split; one left is removed.
                    Inline::Named { names, span } => diagnostics.push(Diagnostic::note(
                        span,
                        format!(
                            "citation of \"{}\" names no address and no number; removed",
                            names.join(", ")
                        ),
                    )),
                    Inline::Unnumbered { site, span } => {
                        let message = match site {
                            Some(site) => format!(
                                "citation of \"{site}\" names no address and no number; removed"
                            ),
                            None => "citation marker points at one of the engine's search results, not at a source in the snapshot; removed"
                                .to_owned(),
                        };
                        diagnostics.push(Diagnostic::note(span, message));
                    }
                    Inline::Cite { numbers, span } => current.cite(&numbers, span),
                    Inline::Text { .. } => {}
                }
                // A full stop right after the group (`A [1]. B.`) belongs to the claim before.
                let mut ends_sentence = ends_with_sentence(&current.text);
                if let Some(Inline::Text { text, style, at }) = queue.front_mut() {
                    if let Some(stop) = text.chars().next().filter(|c| SENTENCE_ENDS.contains(c)) {
                        current.push_text(stop.encode_utf8(&mut [0; 4]), style);
                        text.remove(0);
                        *at += stop.len_utf8();
                        ends_sentence = true;
                    }
                }
                let next_starts_claim = match queue.iter().find(|i| !is_blank(i)) {
                    Some(Inline::Text { text, .. }) => text
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_lowercase()),
                    _ => false,
                };
                if ends_sentence && next_starts_claim {
                    claims.push(current.finish());
                    while queue.front().is_some_and(is_blank) {
                        queue.pop_front();
                    }
                    let next_start = queue.front().map_or(start, inline_start);
                    current = ClaimBuilder::new(next_start, None);
                }
            }
        }
    }
    claims.push(current.finish());
    claims.retain(|(claim, _)| !claim.text.is_empty());
    for (claim, draft) in &claims {
        if holds_markup(claim) {
            diagnostics.push(
                Diagnostic::warning(draft.start..draft.start + 1, "claim contains HTML markup")
                    .with_help("it is shown as text, never run as markup"),
            );
        }
    }
    claims
}

/// Whether a claim's words hold what looks like an HTML tag (`<script>`, `</b>`, `<!--`)
/// outside code: a comparison (`x < 5 and y > 3`) and a type in code (`Result<String>`) are
/// no markup, and warning of them would teach a user to ignore the warning.
fn holds_markup(claim: &Claim) -> bool {
    if claim.spans.is_empty() {
        return looks_like_tag(&claim.text);
    }
    claim
        .spans
        .iter()
        .any(|span| !span.style.code && looks_like_tag(&span.text))
}

/// Whether `text` has a `<` opening a tag (a letter, `/` or `!` after it) with a `>` after.
fn looks_like_tag(text: &str) -> bool {
    let Some(last_close) = text.rfind('>') else {
        return false;
    };
    text[..last_close].match_indices('<').any(|(at, _)| {
        text[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
    })
}

fn inline_start(inline: &Inline) -> usize {
    match inline {
        Inline::Text { text, at, .. } => at + (text.len() - text.trim_start().len()),
        Inline::Cite { span, .. }
        | Inline::Unnumbered { span, .. }
        | Inline::Named { span, .. } => span.start,
    }
}

/// A table row whose last cells held nothing but citations (`| Air source | 3–4 | [2] |`): the
/// `; ` or `: ` that joined them to the cells before, left dangling once the citations are
/// taken out, goes.
pub(crate) fn drop_dangling_cell_separator(inlines: &mut [Inline]) {
    let Some(last) = inlines.iter().rposition(|inline| !is_blank(inline)) else {
        return;
    };
    let Some(text_at) = inlines[..=last]
        .iter()
        .rposition(|inline| matches!(inline, Inline::Text { .. }) && !is_blank(inline))
    else {
        return;
    };
    if text_at == last {
        return;
    }
    if let Inline::Text { text, .. } = &mut inlines[text_at] {
        let kept = text.trim_end();
        if let Some(kept) = kept.strip_suffix([';', ':']) {
            text.truncate(kept.trim_end().len());
        }
    }
}

fn is_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::Text { text, .. } if text.trim().is_empty())
}

/// What ends a sentence: in Latin, Greek and Cyrillic script; in Chinese and Japanese (`。`,
/// `！`, `？`); the danda of Hindi and other Indian scripts (`।`, `॥`); Arabic's question mark
/// and Urdu's full stop (`؟`, `۔`); Armenian's, Ethiopic's and Burmese's full stops.
const SENTENCE_ENDS: [char; 13] = [
    '.', '!', '?', '。', '！', '？', '।', '॥', '؟', '۔', '։', '።', '။',
];

/// Whether `c` ends a sentence ([`SENTENCE_ENDS`]).
pub(crate) fn is_sentence_end(c: char) -> bool {
    SENTENCE_ENDS.contains(&c)
}

/// Punctuation a removed citation group may stand before (`rose [1], then`), so that the
/// space written before the group goes with it: [`SENTENCE_ENDS`], commas, semicolons and
/// colons of the same scripts, and a closing parenthesis.
fn closes_up_to_marker(c: char) -> bool {
    is_sentence_end(c) || matches!(c, ',' | ';' | ':' | ')' | '،' | '؛' | '、' | '，' | '；')
}

/// Whether `text` ends a sentence: [`SENTENCE_ENDS`] or `…`, maybe followed by a closing
/// quote or bracket.
fn ends_with_sentence(text: &str) -> bool {
    let text = text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '」', '』', '）']);
    text.ends_with(SENTENCE_ENDS) || text.ends_with('…')
}

/// Collects one claim's text, styled spans and citations.
struct ClaimBuilder {
    start: usize,
    label: Option<String>,
    text: String,
    spans: Vec<Span>,
    styled: bool,
    citations: Vec<u32>,
    cited_at: Vec<(u32, Range<usize>)>,
    /// Whether a citation marker was just removed, leaving the space written before it.
    after_marker: bool,
}

impl ClaimBuilder {
    fn new(start: usize, label: Option<String>) -> Self {
        ClaimBuilder {
            start,
            label,
            text: String::new(),
            spans: Vec::new(),
            styled: false,
            citations: Vec::new(),
            cited_at: Vec::new(),
            after_marker: false,
        }
    }

    /// Append text; white space left before a removed citation group is dropped when the
    /// text goes on with punctuation or space.
    fn push_text(&mut self, text: &str, style: &Style) {
        let text = if self.text.is_empty() {
            text.trim_start()
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        let after_marker = std::mem::take(&mut self.after_marker);
        // `in the U.S. [1].`: the abbreviation's full stop already ends the sentence.
        let text = match text.strip_prefix('.') {
            Some(rest)
                if after_marker
                    && !rest.starts_with('.')
                    && self.text.trim_end().ends_with(['.', '…']) =>
            {
                rest
            }
            _ => text,
        };
        if text.is_empty() {
            // Still right after the group: the space before it goes if the text goes on.
            self.after_marker = after_marker;
            return;
        }
        if after_marker
            && text.starts_with(|c: char| c.is_whitespace() || closes_up_to_marker(c))
            && self.text.ends_with(char::is_whitespace)
        {
            let trimmed = self.text.trim_end().len();
            self.text.truncate(trimmed);
            trim_spans_end(&mut self.spans);
        }
        self.text.push_str(text);
        self.styled |= !style.is_plain();
        match self.spans.last_mut() {
            Some(last) if last.style == *style => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                style: style.clone(),
            }),
        }
    }

    fn cite(&mut self, numbers: &[u32], span: Range<usize>) {
        for &number in numbers {
            if !self.citations.contains(&number) {
                self.citations.push(number);
            }
            self.cited_at.push((number, span.clone()));
        }
    }

    fn finish(mut self) -> (Claim, DraftClaim) {
        if self.styled {
            trim_spans_end(&mut self.spans);
            while let Some(first) = self.spans.first_mut() {
                let trimmed = first.text.trim_start();
                if trimmed.is_empty() {
                    self.spans.remove(0);
                } else {
                    first.text = trimmed.to_owned();
                    break;
                }
            }
        } else {
            self.spans.clear();
        }
        let claim = Claim {
            id: Box::default(),
            label: self.label.map(String::into_boxed_str),
            text: self.text.trim().into(),
            spans: self.spans.into_boxed_slice(),
            citations: self.citations.into_boxed_slice(),
            review: None,
        };
        let draft = DraftClaim {
            start: self.start,
            cited_at: self.cited_at,
        };
        (claim, draft)
    }
}

/// Drop white space at the end of the last spans, and spans left empty.
fn trim_spans_end(spans: &mut Vec<Span>) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.text.trim_end().len();
        if trimmed == 0 {
            spans.pop();
        } else {
            last.text.truncate(trimmed);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markers::{inlines_from_text, KnownSources};

    fn plain(text: &str) -> Vec<Inline> {
        inlines_from_text(text, 0, &Style::default(), &KnownSources::new())
    }

    fn with_sources(text: &str, known: &[u32]) -> Vec<(String, Vec<u32>)> {
        let known: KnownSources = known.iter().copied().collect();
        split_claims(
            &inlines_from_text(text, 0, &Style::default(), &known),
            &mut Vec::new(),
        )
        .into_iter()
        .map(|(claim, _)| (claim.text.into(), claim.citations.into()))
        .collect()
    }

    #[test]
    fn a_rows_separator_before_its_closing_citations_goes() {
        fn cite(number: u32) -> Inline {
            Inline::Cite {
                numbers: vec![number],
                span: 0..0,
            }
        }
        let text = |text: &str| Inline::Text {
            text: text.to_owned(),
            style: Style::default(),
            at: 0,
        };
        let texts = |inlines: &[Inline]| -> Vec<String> {
            inlines
                .iter()
                .filter_map(|inline| match inline {
                    Inline::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        let mut row = vec![text("Air source: 3–4; "), cite(1), text(" ")];
        drop_dangling_cell_separator(&mut row);
        assert_eq!(texts(&row), ["Air source: 3–4", " "]);
        let mut row = vec![text("Air source: "), cite(1), cite(2)];
        drop_dangling_cell_separator(&mut row);
        assert_eq!(texts(&row), ["Air source"]);
        // A separator followed by text, or with no citation after it, stays.
        for inlines in [
            vec![text("Air source; "), cite(1), text("cheap")],
            vec![text("Air source; cheap;")],
        ] {
            let mut row = inlines.clone();
            drop_dangling_cell_separator(&mut row);
            assert_eq!(row, inlines);
        }
    }

    #[test]
    fn superscripts_and_bare_digits_are_read_against_the_source_list() {
        type Expected<'a> = &'a [(&'a str, &'a [u32])];
        let cases: &[(&str, Expected)] = &[
            (
                "Prices rose sharply¹² in May.",
                &[("Prices rose sharply in May.", &[1, 2])],
            ),
            (
                "Prices rose.³ Then fell.",
                &[("Prices rose.", &[3]), ("Then fell.", &[])],
            ),
            (
                "Prices rose sharply.14 Later reports differ.",
                &[
                    ("Prices rose sharply.", &[14]),
                    ("Later reports differ.", &[]),
                ],
            ),
            (
                "It costs $19.99 and weighs 12.5 kg.",
                &[("It costs $19.99 and weighs 12.5 kg.", &[])],
            ),
            (
                "An area of 10 m² and 3 km³ in 2019.14 cases.",
                &[("An area of 10 m² and 3 km³ in 2019.14 cases.", &[])],
            ),
            (
                "A claim ([1][3]) in the middle.",
                &[("A claim in the middle.", &[1, 3])],
            ),
            ("Odd claim [citation needed].", &[("Odd claim.", &[])]),
            ("Rose sharply.99 Later.", &[("Rose sharply.99 Later.", &[])]),
        ];
        for (text, expected) in cases {
            let expected: Vec<(String, Vec<u32>)> = expected
                .iter()
                .map(|(t, c)| (t.to_string(), c.to_vec()))
                .collect();
            assert_eq!(with_sources(text, &[1, 2, 3, 14]), expected, "{text}");
        }
        // Without a source list, only bracketed groups count.
        assert_eq!(
            with_sources("Rose sharply¹ and.14 more", &[]),
            [("Rose sharply¹ and.14 more".to_owned(), vec![])]
        );
    }

    fn split(inlines: &[Inline]) -> Vec<(String, Option<String>, Vec<u32>)> {
        split_claims(inlines, &mut Vec::new())
            .into_iter()
            .map(|(claim, _)| {
                (
                    claim.text.into(),
                    claim.label.map(Into::into),
                    claim.citations.into(),
                )
            })
            .collect()
    }

    #[test]
    fn groups_that_end_sentences_split_and_mid_sentence_ones_do_not() {
        assert_eq!(
            split(&plain("A is so.[1] B is so. [2]")),
            [
                ("A is so.".into(), None, vec![1]),
                ("B is so.".into(), None, vec![2])
            ]
        );
        assert_eq!(
            split(&plain("A is so [1]. B is not.")),
            [
                ("A is so.".into(), None, vec![1]),
                ("B is not.".into(), None, vec![])
            ]
        );
        assert_eq!(
            split(&plain("Rivers,[2] lakes,[3] and seas [4] of note.")),
            [(
                "Rivers, lakes, and seas of note.".into(),
                None,
                vec![2, 3, 4]
            )]
        );
        assert_eq!(
            split(&plain("Ends. [1] and goes on in lowercase.")),
            [("Ends. and goes on in lowercase.".into(), None, vec![1])]
        );
    }

    #[test]
    fn chinese_and_japanese_sentences_split_after_their_groups() {
        assert_eq!(
            split(&plain("长城始建于春秋时期［1］。明朝重建了它［2］。")),
            [
                ("长城始建于春秋时期。".into(), None, vec![1]),
                ("明朝重建了它。".into(), None, vec![2])
            ]
        );
        assert_eq!(
            split(&plain("富士山は日本一高い山です。[1] 標高は3776mです。[2]")),
            [
                ("富士山は日本一高い山です。".into(), None, vec![1]),
                ("標高は3776mです。".into(), None, vec![2])
            ]
        );
        assert_eq!(
            split(&plain("长城［1］很长，明朝［2］重建。")),
            [("长城很长，明朝重建。".into(), None, vec![1, 2])],
            "groups inside a sentence"
        );
    }

    #[test]
    fn sentences_of_other_scripts_split_after_their_groups() {
        assert_eq!(
            split(&plain("ताजमहल आगरा में है [1]। इसका निर्माण 1632 में हुआ [2]।")),
            [
                ("ताजमहल आगरा में है।".into(), None, vec![1]),
                ("इसका निर्माण 1632 में हुआ।".into(), None, vec![2])
            ],
            "Hindi's danda"
        );
        assert_eq!(
            split(&plain("هل هذا صحيح [1]؟ نعم، إنه كذلك [2، 3].")),
            [
                ("هل هذا صحيح؟".into(), None, vec![1]),
                ("نعم، إنه كذلك.".into(), None, vec![2, 3])
            ],
            "Arabic's question mark and comma"
        );
    }

    #[test]
    fn an_abbreviation_before_a_group_keeps_one_full_stop() {
        assert_eq!(
            split(&plain("Prices rose in the U.S. [1]. Then fell.")),
            [
                ("Prices rose in the U.S.".into(), None, vec![1]),
                ("Then fell.".into(), None, vec![])
            ]
        );
        assert_eq!(
            split(&plain("Made in the U.S. [1]. by hand.")),
            [("Made in the U.S. by hand.".into(), None, vec![1])]
        );
        assert_eq!(
            split(&plain("Reports differ… [2].")),
            [("Reports differ…".into(), None, vec![2])]
        );
        assert_eq!(
            split(&plain("It rose 2.5 [1]. It fell.")),
            [
                ("It rose 2.5.".into(), None, vec![1]),
                ("It fell.".into(), None, vec![])
            ],
            "a number is no abbreviation"
        );
    }

    #[test]
    fn labels_plain_and_strong() {
        assert_eq!(
            split(&plain("Key point: It holds. [1]")),
            [("It holds.".into(), Some("Key point".into()), vec![1])]
        );
        let strong = Style {
            strong: true,
            ..Style::default()
        };
        let mut inlines = vec![Inline::Text {
            text: "Key point:".into(),
            style: strong.clone(),
            at: 0,
        }];
        inlines.extend(inlines_from_text(
            " It holds. [1]",
            14,
            &Style::default(),
            &KnownSources::new(),
        ));
        assert_eq!(
            split(&inlines),
            [("It holds.".into(), Some("Key point".into()), vec![1])]
        );
        let mut inlines = vec![Inline::Text {
            text: "Key point".into(),
            style: strong,
            at: 2,
        }];
        inlines.extend(inlines_from_text(
            ": It holds.",
            13,
            &Style::default(),
            &KnownSources::new(),
        ));
        assert_eq!(
            split(&inlines),
            [("It holds.".into(), Some("Key point".into()), vec![])]
        );
        // Not labels: sentences with a colon, times, addresses.
        assert_eq!(
            split(&plain("He said this: no.")),
            [("He said this: no.".into(), None, vec![])]
        );
        assert_eq!(
            split(&plain("At 10:30 it began.")),
            [("At 10:30 it began.".into(), None, vec![])]
        );
    }

    #[test]
    fn styled_text_keeps_its_spans_beside_plain_text() {
        let em = Style {
            emphasis: true,
            ..Style::default()
        };
        let link = Style {
            link: Some("https://a.org/?x=1&y=2".into()),
            ..Style::default()
        };
        let bad = Style {
            link: Some("javascript:alert(1)".into()),
            ..Style::default()
        };
        let inlines = vec![
            Inline::Text {
                text: "A <b> ".into(),
                style: Style::default(),
                at: 0,
            },
            Inline::Text {
                text: "big".into(),
                style: em,
                at: 6,
            },
            Inline::Text {
                text: " deal".into(),
                style: link,
                at: 9,
            },
            Inline::Text {
                text: " here".into(),
                style: bad,
                at: 14,
            },
        ];
        let (claim, _) = split_claims(&inlines, &mut Vec::new()).remove(0);
        assert_eq!(&*claim.text, "A <b> big deal here");
        let joined: String = claim.spans.iter().map(|span| &*span.text).collect();
        assert_eq!(joined, *claim.text);
        let runs: Vec<(&str, bool, Option<&str>)> = claim
            .spans
            .iter()
            .map(|span| {
                let style = &span.style;
                (span.text.as_str(), style.emphasis, style.link.as_deref())
            })
            .collect();
        assert_eq!(
            runs,
            [
                ("A <b> ", false, None),
                ("big", true, None),
                (" deal", false, Some("https://a.org/?x=1&y=2")),
                (" here", false, Some("javascript:alert(1)")),
            ]
        );
    }

    #[test]
    fn only_a_removed_marker_takes_the_space_before_punctuation() {
        let code = Style {
            code: true,
            ..Style::default()
        };
        let inlines = vec![
            Inline::Text {
                text: "Faster than the method ".into(),
                style: Style::default(),
                at: 0,
            },
            Inline::Text {
                text: ".at".into(),
                style: code,
                at: 23,
            },
            Inline::Text {
                text: " on large images.".into(),
                style: Style::default(),
                at: 28,
            },
        ];
        let (claim, _) = split_claims(&inlines, &mut Vec::new()).remove(0);
        assert_eq!(&*claim.text, "Faster than the method .at on large images.");
        assert_eq!(
            split(&plain("Rivers rise [1]. Then fall.")),
            [
                ("Rivers rise.".into(), None, vec![1]),
                ("Then fall.".into(), None, vec![])
            ]
        );
    }

    #[test]
    fn only_what_looks_like_a_tag_outside_code_is_reported_as_markup() {
        let warned = |inlines: &[Inline]| {
            let mut diagnostics = Vec::new();
            split_claims(inlines, &mut diagnostics);
            diagnostics
                .iter()
                .any(|d| d.message == "claim contains HTML markup")
        };
        assert!(warned(&plain("Run <script>alert(1)</script> now.")));
        assert!(warned(&plain("It ends here.</p>")));
        assert!(!warned(&plain("It holds when x < 5 and y > 3.")));
        let code = Style {
            code: true,
            ..Style::default()
        };
        let typed = [
            Inline::Text {
                text: "Each line is an ".into(),
                style: Style::default(),
                at: 0,
            },
            Inline::Text {
                text: "io::Result<String>".into(),
                style: code,
                at: 16,
            },
        ];
        assert!(!warned(&typed));
    }

    #[test]
    fn plain_claims_have_no_spans() {
        let (claim, draft) = split_claims(&plain("  Plain text. [1]"), &mut Vec::new()).remove(0);
        assert!(claim.spans.is_empty());
        assert_eq!(draft.start, 2);
        assert_eq!(draft.cited_at, [(1, 14..17)]);
    }
}
