//! Markdown briefings and Markdown as answer engines export it, through pulldown-cmark.
//!
//! The passes:
//!
//! 1. `collect_blocks`: pulldown-cmark's events (with offsets) become blocks — the front
//!    matter, headings, paragraphs, list items (nested ones too), table rows, and footnote
//!    definitions — each a list of pieces: styled text, footnote references and links. HTML
//!    tables become rows, hidden spans are dropped, code whose fence was lost is left out, the
//!    query a web clipper repeats is taken as the query, a thread's second turn is cut off and
//!    reported, paragraphs an export broke mid-sentence are joined, and inline footnotes
//!    (`^[https://…]`) become footnotes with definitions of their own.
//! 2. `resolve_citations`: the forms engines write citations in become citation groups.
//!    Footnote references `[^name]` are numbered by first reference, as GitHub does (one that
//!    nothing defines is reported and numbered after every source, unresolved); plain
//!    `[1, 2]` keep their numbers; links whose text is a number (`[[1](url)]`), source chips in
//!    parentheses or glued after a sentence (`([Site](url))`, `.[site +1](url)`), reference
//!    links over words (`[words][1]`) and mangled `[words](3)` are citations too; the rest of
//!    the forms come from the one marker finder, [`crate::parse::markers`], which also reads
//!    author–year citations of a reference list's entries. Citations without numbers of their
//!    own are keyed by address (an entry without one, by where it stands) and numbered in
//!    order of first appearance (SPEC 3.5).
//! 3. `assemble`: the first `#` heading is the title, `##`–`####` headings and whole-line bold
//!    paragraphs open sections, source-list blocks (`[1] <https://…>`) and footnote
//!    definitions become sources, everything else is split into claims by the rules shared
//!    with pasted text (`claims`).
//! 4. `check`, shared with pasted text: citations without a source, uncited claims and
//!    sources nobody cites are warnings; undefined footnotes were reported in pass 2, where
//!    they are written, and are numbered after every source.
//!
//! Each pass is a module of its own.
//!
//! `cmark_options` is the one place the Markdown options are chosen.

mod assemble;
mod blocks;
mod citations;

use pulldown_cmark::Options;

use super::Parsed;
use crate::model::Briefing;
use assemble::assemble;
use blocks::collect_blocks;
use citations::resolve_citations;

/// The Markdown extensions briefing reads: footnotes, tables, strikethrough, and front matter
/// in `---` (YAML) or `+++` (TOML) blocks.
pub fn cmark_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Whether a `.txt` paste is really Markdown (a copy button's or an export's output), and the
/// sign that says so.
pub fn markdown_sign(text: &str) -> Option<&'static str> {
    let text = text.trim_start_matches('\u{feff}');
    let has_front_matter = ["---\n", "---\r\n", "+++\n", "+++\r\n"]
        .iter()
        .any(|fence| text.starts_with(fence) && text[fence.len()..].contains(fence.trim_end()));
    if has_front_matter {
        return Some("front matter");
    }
    let lines = || text.lines().map(str::trim_start);
    if lines().any(|line| line.starts_with("[^") && line.contains("]:")) {
        return Some("footnote definitions");
    }
    if text.contains("](http") || text.contains("](<http") {
        return Some("Markdown links");
    }
    if text.contains("\\[") || text.contains("\\_") || text.contains("\\*") {
        return Some("Markdown escapes");
    }
    // `hearts<sup>1</sup>`: a copy of an answer's source, whose markers are HTML.
    if text.contains("<sup>") && text.contains("</sup>") {
        return Some("HTML superscripts");
    }
    let headings = lines()
        .filter(|line| line.starts_with("## ") || line.starts_with("### "))
        .count();
    let bold = lines()
        .filter(|line| {
            line.starts_with("**") || line.starts_with("- **") || line.starts_with("* **")
        })
        .count();
    (headings + bold >= 2 && headings >= 1).then_some("Markdown headings")
}

/// Parse a Markdown briefing into its claim model.
///
/// pulldown-cmark neither skips a byte-order mark (which would hide the front matter and the
/// first heading) nor treats CRLF as one line ending everywhere (code spans get two spaces),
/// so the text is parsed without them and every span is moved back to the original bytes.
pub fn parse_markdown(text: &str) -> Parsed {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    if !body.contains('\r') {
        let mut parsed = parse_markdown_body(body);
        remap_spans(&mut parsed, |offset| offset + bom);
        return parsed;
    }
    // Drop the CR of every CRLF; remember where each dropped one stood.
    let mut normalized = String::with_capacity(body.len());
    let mut dropped = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            dropped.push(normalized.len());
            continue;
        }
        normalized.push(c);
    }
    let mut parsed = parse_markdown_body(&normalized);
    remap_spans(&mut parsed, |offset| {
        offset + bom + dropped.partition_point(|&at| at <= offset)
    });
    parsed
}

/// Move every span of `parsed` with `map`.
fn remap_spans(parsed: &mut Parsed, map: impl Fn(usize) -> usize) {
    for diagnostic in &mut parsed.diagnostics {
        diagnostic.span = map(diagnostic.span.start)..map(diagnostic.span.end);
    }
    for span in parsed.source_spans.values_mut() {
        *span = map(span.start)..map(span.end);
    }
}

fn parse_markdown_body(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut briefing = Briefing::new();
    let mut reviews = Vec::new();
    let (blocks, references, definitions) =
        collect_blocks(text, &mut briefing, &mut reviews, &mut diagnostics);
    let (blocks, citations) =
        resolve_citations(blocks, &references, &definitions, &mut diagnostics);
    let (drafts, source_spans) = assemble(blocks, &citations, &mut briefing, &mut diagnostics);
    diagnostics.extend(crate::parse::meta::apply_reviews(&mut briefing, reviews));
    super::shared::check(&briefing, &drafts, &source_spans, &mut diagnostics);
    Parsed {
        briefing,
        diagnostics,
        source_spans,
    }
}

#[cfg(test)]
mod tests {
    use super::citations::clean_address;
    use super::*;
    use crate::diagnostic::position;
    use crate::parse::test_support::{claim_rows, headings, source_rows};

    #[test]
    fn markdown_is_recognised_in_txt_by_its_signs() {
        let cases = [
            ("---\ntitle: x\n---\nText", Some("front matter")),
            (
                "Text.[^1]\n\n[^1]: https://a.org",
                Some("footnote definitions"),
            ),
            ("See [a](https://a.org).", Some("Markdown links")),
            ("\\[1\\] text", Some("Markdown escapes")),
            (
                "## One\ntext\n## Two\n**Bold:** x",
                Some("Markdown headings"),
            ),
            (
                "russia and azerbaijan – Google Search\nA claim. [1]\n[1] a.org",
                None,
            ),
            (
                "Octopuses have three hearts<sup>1</sup>.\n\n1. https://a.org",
                Some("HTML superscripts"),
            ),
            ("E = mc<sup>2", None),
            ("# comment\n# prefixed paste", None),
        ];
        for (text, expected) in cases {
            assert_eq!(markdown_sign(text), expected, "{text:?}");
        }
    }

    #[test]
    fn addresses_lose_text_fragments_and_tracking() {
        assert_eq!(
            clean_address("https://a.org/x#:~:text=hello"),
            "https://a.org/x"
        );
        assert_eq!(
            clean_address("https://a.org/?utm_source=chatgpt.com"),
            "https://a.org/"
        );
        assert_eq!(
            clean_address("https://a.org/?q=1&utm_medium=x#top"),
            "https://a.org/?q=1#top"
        );
        assert_eq!(clean_address("<https://a.org>"), "https://a.org");
        // A fragment before the text fragment stays; a `#` alone is not one.
        assert_eq!(
            clean_address("https://a.org/x#part#:~:text=hello"),
            "https://a.org/x#part"
        );
        assert_eq!(clean_address("https://a.org/x#:~"), "https://a.org/x#:~");
        assert_eq!(clean_address("#:~:"), "");
    }

    #[test]
    fn positions_survive_crlf_and_a_byte_order_mark() {
        for text in [
            "# T\n\nText [^x].\n",
            "# T\r\n\r\nText [^x].\r\n",
            "\u{feff}# T\r\n\r\nText [^x].\r\n",
        ] {
            let parsed = parse_markdown(text);
            let warning = parsed
                .diagnostics
                .iter()
                .find(|d| d.message.ends_with("[^x]"))
                .expect("undefined footnote");
            assert_eq!(&text[warning.span.clone()], "[^x]", "{text:?}");
            let at = position(text, warning.span.start);
            assert_eq!((at.line, at.column), (3, 6), "{text:?}");
        }
    }

    #[test]
    fn a_conversation_export_gives_its_question_and_its_first_answer() {
        let parsed = parse_markdown(
            "#### You:\nwhy is the sky blue\n\n#### ChatGPT:\nBlue light scatters most.[^1]\n\n\
             #### You:\nand at sunset?\n\n#### ChatGPT:\nThe light crosses more air.[^2]\n\n\
             [^1]: https://example.org/sky\n[^2]: https://example.org/sunset\n",
        );
        assert_eq!(
            parsed.briefing.query.as_deref(),
            Some("why is the sky blue")
        );
        assert_eq!(
            parsed.briefing.title.as_deref(),
            Some("why is the sky blue")
        );
        assert_eq!(parsed.briefing.origin.engine.as_deref(), Some("ChatGPT"));
        assert_eq!(
            claim_rows(&parsed),
            [("Blue light scatters most.", &[1][..])]
        );
        assert!(parsed
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("a second question begins here")));
        // Headings named `You` and `Me` in a document that is no conversation stay headings.
        let parsed = parse_markdown("## You\n\nYou read this.\n\n## Me\n\nI write it.\n");
        assert_eq!(parsed.briefing.query, None);
        assert_eq!(claim_rows(&parsed).len(), 2);
    }

    #[test]
    fn a_conversations_source_list_after_its_last_answer_serves_its_first() {
        for list in [
            "## Sources\n\n1. [Sky](https://example.org/sky)\n2. [Sunset](https://example.org/sunset)\n",
            "[1] Sky https://example.org/sky\n[2] Sunset https://example.org/sunset\n",
        ] {
            let parsed = parse_markdown(&format!(
                "## User\n\nwhy is the sky blue?\n\n## Assistant\n\nBlue light scatters most [1].\n\n\
                 ## User\n\nand at sunset?\n\n## Assistant\n\nThe light crosses more air [2].\n\n{list}"
            ));
            assert_eq!(
                claim_rows(&parsed),
                [("Blue light scatters most.", &[1][..])],
                "{list}"
            );
            let urls: Vec<_> = parsed.briefing.sources.iter().map(|s| &*s.url).collect();
            assert_eq!(
                urls,
                ["https://example.org/sky", "https://example.org/sunset"],
                "{list}"
            );
            assert!(parsed.diagnostics.iter().any(|d| d.message
                == "the source list at the end of the conversation is read for the first answer"));
        }
        // A list under the first answer is its own; the one at the end is not read.
        let parsed = parse_markdown(
            "## User\n\nwhy is the sky blue?\n\n## Assistant\n\nBlue light scatters most [1].\n\n\
             ## Sources\n\n1. [Sky](https://example.org/sky)\n\n## User\n\nand at sunset?\n\n\
             ## Assistant\n\nMore air [1].\n\n## Sources\n\n1. [Other](https://example.org/other)\n",
        );
        let urls: Vec<_> = parsed.briefing.sources.iter().map(|s| &*s.url).collect();
        assert_eq!(urls, ["https://example.org/sky"]);
    }

    #[test]
    fn a_table_under_a_source_heading_gives_its_rows_as_entries() {
        let text =
            "# Heat pumps\n\nAir source pumps are cheap [1]. Ground pumps cost more [2].\n\n";
        let expected = [
            (1, "https://a.org/heat", Some("Heat pump costs")),
            (
                2,
                "https://b.org/ground",
                Some("Reuters — Ground source pumps"),
            ),
        ];
        for (heading, table) in [
            (
                "## Sources",
                "| # | Source | Publisher | Link |\n|---|---|---|---|\n\
                 | 1 | Heat pump costs | | https://a.org/heat |\n\
                 | 2 | Reuters | Ground source pumps | [b.org](https://b.org/ground) |\n",
            ),
            (
                "**References**",
                "| Source | Link |\n|---|---|\n| [1] Heat pump costs | https://a.org/heat |\n\
                 | [2] Reuters — Ground source pumps | <https://b.org/ground> |\n",
            ),
        ] {
            let parsed = parse_markdown(&format!("{text}{heading}\n\n{table}"));
            assert_eq!(source_rows(&parsed), expected, "{heading}");
            assert_eq!(claim_rows(&parsed).len(), 2, "{heading}");
        }
        // Without numbers, the rows are entries keyed by their addresses, as a list's are.
        let parsed = parse_markdown(
            "# Heat pumps\n\nThey work in the cold ([NREL](https://a.org/heat)).\n\n\
             ### References\n\n| Publisher | Title | Link |\n|---|---|---|\n\
             | NREL | Cold-climate heat pumps | [a.org](https://a.org/heat) |\n\
             | IEA | Heat pumps | https://b.org/ground |\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://a.org/heat",
                    Some("NREL — Cold-climate heat pumps")
                ),
                (2, "https://b.org/ground", Some("IEA — Heat pumps"))
            ]
        );
        // A table elsewhere states claims, whatever its columns are named.
        let parsed = parse_markdown(
            "# Heat pumps\n\n| Type | Source |\n|---|---|\n\
             | Air source, COP 3–4 | ([IEA](https://b.org/ground)) |\n",
        );
        assert_eq!(claim_rows(&parsed), [("Air source, COP 3–4", &[1][..])]);
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn turns_on_the_lines_of_one_paragraph_are_turns_of_their_own() {
        // A FAQ written without blank lines between a question and its answer.
        let parsed = parse_markdown(
            "# Passports\n\n**Q:** Can I renew online?\n**A:** Yes, most adults can.[^1]\n\n\
             **Q:** How long does it take?\n**A:** Four to six weeks.[^2]\n\n\
             [^1]: https://travel.example.gov/renew\n[^2]: https://travel.example.gov/times\n",
        );
        assert_eq!(
            headings(&parsed),
            ["Can I renew online?", "How long does it take?"]
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Yes, most adults can.", &[1][..]),
                ("Four to six weeks.", &[2][..])
            ]
        );
        // A conversation so written: the question is the query.
        let parsed = parse_markdown(
            "User: why is the sky blue?\nAssistant: Blue light scatters most.[^1]\n\n\
             [^1]: https://example.org/sky\n",
        );
        assert_eq!(
            parsed.briefing.query.as_deref(),
            Some("why is the sky blue?")
        );
        assert_eq!(
            claim_rows(&parsed),
            [("Blue light scatters most.", &[1][..])]
        );
        // Lines that do not all open with turns, or whose first line does not, stay one
        // paragraph.
        let parsed = parse_markdown("Notes from the call\nQ: budget?\nA: approved.\n");
        assert_eq!(claim_rows(&parsed).len(), 1);
    }

    #[test]
    fn turns_named_at_the_start_of_their_paragraphs() {
        // One question and its answer: the question is the query.
        for (user, engine) in [("**Q:**", "**A:**"), ("User:", "Assistant:")] {
            let parsed = parse_markdown(&format!(
                "{user} why is the sky blue?\n\n{engine} Blue light scatters most.[^1]\n\n\
                 [^1]: https://example.org/sky\n"
            ));
            assert_eq!(
                parsed.briefing.query.as_deref(),
                Some("why is the sky blue?")
            );
            assert_eq!(
                claim_rows(&parsed),
                [("Blue light scatters most.", &[1][..])],
                "{user}"
            );
        }
        // Questions again and again: a FAQ, each question heading a section of its answer.
        let parsed = parse_markdown(
            "# Shipping\n\n**Q:** How long does it take?\n\n**A:** Three days.[^1]\n\n\
             **Q:**\n\nCan I return it?\n\n**A:**\n\nYes, within 30 days.[^2]\n\n\
             [^1]: https://shop.example.com/shipping\n[^2]: https://shop.example.com/returns\n",
        );
        assert_eq!(parsed.briefing.query, None);
        assert_eq!(
            headings(&parsed),
            ["How long does it take?", "Can I return it?"]
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Three days.", &[1][..]),
                ("Yes, within 30 days.", &[2][..])
            ]
        );
        // A name no turn has stays in the text.
        let parsed =
            parse_markdown("# Notes\n\nNote: it rose.[^1]\n\n[^1]: https://example.org/a\n");
        assert_eq!(claim_rows(&parsed), [("Note: it rose.", &[1][..])]);
    }

    #[test]
    fn a_callouts_type_is_left_out_and_its_title_labels_its_text() {
        let parsed = parse_markdown(
            "# Heat pumps\n\n> [!note]\n> Check the rating.[^1]\n\n\
             > [!WARNING]- Older models\n> They lose capacity.[^1]\n\n\
             > [!tip] Seal the house first.\n\n> [not a callout] stays.[^1]\n\n\
             [^1]: https://example.org/a\n",
        );
        let rows: Vec<(Option<&str>, &str)> = parsed
            .briefing
            .claims()
            .map(|claim| (claim.label.as_deref(), &*claim.text))
            .collect();
        assert_eq!(
            rows,
            [
                (None, "Check the rating."),
                (Some("Older models"), "They lose capacity."),
                (None, "Seal the house first."),
                (None, "[not a callout] stays.")
            ]
        );
        // A quote that stops mid-sentence is not joined to the quote or text after it.
        let parsed = parse_markdown(
            "# Tips\n\n> [!tip] Size it by the coldest week\n\n> [!TIP]\n> Seal the house first.\n\n\
             > quoted words that stop in the middle\n\nThe text after it.\n",
        );
        let texts: Vec<&str> = parsed.briefing.claims().map(|c| &*c.text).collect();
        assert_eq!(
            texts,
            [
                "Size it by the coldest week",
                "Seal the house first.",
                "quoted words that stop in the middle",
                "The text after it."
            ]
        );
    }

    #[test]
    fn linked_chips_beside_reference_definitions_are_numbered_after_them() {
        // ChatGPT's copy: chips linked inline and chips by reference, `[1]: …` below.
        let parsed = parse_markdown(
            "Rates held. ([reuters.com](https://www.reuters.com/a/))\n\n\
             A cut is priced. ([Reuters][1])\n\n\
             Again. ([reuters.com](https://www.reuters.com/b/?utm_source=chatgpt.com))\n\n\
             [1]: https://www.reuters.com/b/ \"Futures\"\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Rates held.", &[2][..]),
                ("A cut is priced.", &[1][..]),
                ("Again.", &[1][..])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://www.reuters.com/b/", Some("Futures")),
                (2, "https://www.reuters.com/a/", Some("reuters.com"))
            ]
        );
        // So beside a numbered list under a source heading, and so are sources named.
        let parsed = parse_markdown(
            "One. ([c.org](https://c.org/x))\n\nTwo. [1]\n\nThree. ([b.org](https://b.org/y))\n\n\
             Four (Source: Reuters).\n\n## Sources\n\n1. [A](https://a.org/z)\n2. [B](https://b.org/y)\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("One.", &[3][..]),
                ("Two.", &[1][..]),
                ("Three.", &[2][..]),
                ("Four.", &[4][..])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://a.org/z", Some("A")),
                (2, "https://b.org/y", Some("B")),
                (3, "https://c.org/x", Some("c.org")),
                (4, "", Some("Reuters"))
            ]
        );
    }

    #[test]
    fn an_engines_disclaimer_is_no_claim_alone_or_glued_to_the_last() {
        for (text, last) in [
            (
                "Bees dance.[^1]\n\nAI responses may include mistakes. Learn more\n",
                "Bees dance.",
            ),
            (
                "Bees dance.[^1] Shall I go on? AI responses may include mistakes. Learn more\n",
                "Shall I go on?",
            ),
            (
                "Bees dance.[^1]\n\nLes réponses de l'IA peuvent contenir des erreurs.\n",
                "Bees dance.",
            ),
        ] {
            let parsed = parse_markdown(&format!("{text}\n[^1]: https://a.org/bees\n"));
            let texts: Vec<&str> = parsed.briefing.claims().map(|c| &*c.text).collect();
            assert_eq!(texts.last(), Some(&last), "{text}");
            let disclaimer = parsed.briefing.disclaimer.as_deref().unwrap_or("");
            assert!(
                disclaimer.starts_with("AI responses") || disclaimer.starts_with("Les réponses"),
                "{text}"
            );
        }
        // Cited words that open as a disclaimer does are a claim.
        let parsed = parse_markdown(
            "AI responses may include mistakes, a study found.[^1]\n\n[^1]: https://a.org/s\n",
        );
        assert_eq!(parsed.briefing.disclaimer, None);
        assert_eq!(parsed.briefing.claims().count(), 1);
    }

    #[test]
    fn a_site_named_in_an_entrys_title_gives_way_to_its_link() {
        let parsed = parse_markdown(
            "Rates held.[^1] Costs fell.[^2]\n\n\
             [^1]: Contracts for Difference - GOV.UK, accessed November 3, 2025, [https://www.gov.uk/cfd](https://www.gov.uk/cfd)\n\
             [^2]: Mount Everest - britannica.com\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://www.gov.uk/cfd",
                    Some("Contracts for Difference - GOV.UK")
                ),
                // With nothing after it, the site is the address.
                (2, "britannica.com", Some("Mount Everest"))
            ]
        );
    }

    #[test]
    fn a_references_doi_is_its_address_and_cited_by_author_and_year() {
        let parsed = parse_markdown(
            "# Jet lag\n\nMelatonin helps (Herxheimer & Petrie, 2002).\n\n## References\n\n\
             Herxheimer, A., & Petrie, K. J. (2002). Melatonin for jet lag. *Cochrane Reviews*. \
             doi:10.1002/14651858.CD001520\n",
        );
        assert_eq!(claim_rows(&parsed), [("Melatonin helps.", &[1][..])]);
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "https://doi.org/10.1002/14651858.CD001520",
                Some("Herxheimer, A., & Petrie, K. J. (2002). Melatonin for jet lag. Cochrane Reviews")
            )]
        );
    }

    #[test]
    fn an_undefined_footnote_is_an_unresolved_citation_and_a_warning() {
        // SPEC 8: a citation without a source is a warning, and the page marks it unresolved.
        let parsed = parse_markdown(
            "# Tides\n\nTides follow the moon.[^moon] Waves follow the wind.[^1]\n\nStorms are rare [^x] in May.[^moon]\n\n[^1]: https://wind.example.org\n[^spare]: https://spare.example.org\n",
        );
        assert!(parsed.diagnostics.iter().all(|d| !d.is_error()));
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("has no source"))
            .map(|d| &*d.message)
            .collect();
        // Each reference reported once, with the number the page shows and the name.
        assert_eq!(
            messages,
            [
                "citation [2] has no source: nothing defines footnote [^moon]",
                "citation [3] has no source: nothing defines footnote [^x]",
                "citation [2] has no source: nothing defines footnote [^moon]"
            ]
        );
        let claims: Vec<(&str, Vec<u32>)> = parsed
            .briefing
            .claims()
            .map(|c| (&*c.text, c.citations.to_vec()))
            .collect();
        // The defined footnote keeps the number GitHub gives it; the undefined ones follow
        // every source, and the unreferenced definition comes after them.
        assert_eq!(
            claims,
            [
                ("Tides follow the moon.", vec![2]),
                ("Waves follow the wind.", vec![1]),
                ("Storms are rare in May.", vec![3, 2])
            ]
        );
        let numbers: Vec<u32> = parsed.briefing.sources.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 4]);
    }

    #[test]
    fn an_undefined_footnote_never_takes_the_number_of_a_listed_source() {
        // Source 3 is listed but cited by no claim: the undefined footnote must not resolve
        // to it.
        let parsed = parse_markdown(
            "Tides follow the moon [1]. Waves follow the wind [^wind].\n\n## Sources\n\n1. https://moon.example.org\n2. https://sun.example.org\n3. https://wind.example.org\n",
        );
        let cited: Vec<Vec<u32>> = parsed
            .briefing
            .claims()
            .map(|c| c.citations.to_vec())
            .collect();
        assert_eq!(cited, [vec![1], vec![4]]);
        let numbers: Vec<u32> = parsed.briefing.sources.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    #[test]
    fn an_undefined_footnote_no_claim_cites_is_reported_where_it_is_written() {
        let text =
            "# Tides [^t]\n\nTides follow the moon [^1].\n\n[^1]: https://moon.example.org\n";
        let parsed = parse_markdown(text);
        let warning = parsed
            .diagnostics
            .iter()
            .find(|d| d.message.ends_with("footnote [^t]"))
            .expect("reported");
        assert_eq!(&text[warning.span.clone()], "[^t]");
        assert!(!warning.is_error());
    }

    #[test]
    fn author_year_citations_cite_reference_entries_numbered_by_first_citation() {
        let parsed = parse_markdown(
            "Bees declined (Woodcock et al., 2017). Goulson (2013) warned early.\n\n\
             ## References\n\n\
             - Goulson, D. (2013). An overview of the environmental risks posed by neonicotinoid \
             insecticides to bees, birds, butterflies and the many other animals of farmland. \
             Journal of Applied Ecology, 50(4), 977-987. https://doi.org/10.1111/1365-2664.12111\n\
             - Woodcock, B. A., & Shore, R. F. (2017). Country-specific effects. \
             https://doi.org/10.1126/science.aaa1190\n\
             - Carson, R. (1962). *Silent Spring*. Houghton Mifflin.\n\n\
             It echoes an older book (Carson, 1962).\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Bees declined.", &[1][..]),
                ("Goulson warned early.", &[2]),
                ("It echoes an older book.", &[3]),
            ]
        );
        let sources: Vec<(u32, &str)> = parsed
            .briefing
            .sources
            .iter()
            .map(|s| (s.number, &*s.url))
            .collect();
        assert_eq!(
            sources,
            [
                (1, "https://doi.org/10.1126/science.aaa1190"),
                (2, "https://doi.org/10.1111/1365-2664.12111"),
                (3, "")
            ]
        );
    }

    #[test]
    fn numbered_works_under_a_source_heading_are_sources_that_digits_cite() {
        let parsed = parse_markdown(
            "# Sleep\n\nSleep helps recall.1,2 Naps help too.³\n\n## References\n\n\
             1. Jenkins JG, Dallenbach KM. Obliviscence during sleep. Am J Psychol. 1924.\n\
             2. Rasch B, Born J. About sleep's role in memory. Physiol Rev. 2013.\n\
             3. Mednick SC, et al. A nap is as good as a night. Nat Neurosci. 2003.\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Sleep helps recall.", &[1, 2][..]),
                ("Naps help too.", &[3])
            ]
        );
        assert_eq!(parsed.briefing.sources.len(), 3);
        assert!(parsed.briefing.sources.iter().all(|s| s.url.is_empty()));
        // A numbered list elsewhere is the answer's own.
        let parsed = parse_markdown("# Steps\n\n1. Open the valve first.\n2. Close it again.\n");
        assert!(parsed.briefing.sources.is_empty());
        // Cited by author and year, a numbered work keeps its number.
        let parsed = parse_markdown(
            "# Choices\n\nPeople think in two modes (Kahneman, 2011).\n\n## References\n\n\
             1. Thaler, R. H. (2008). Nudge. Yale.\n\
             2. Kahneman, D. (2011). Thinking, Fast and Slow. Farrar.\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [("People think in two modes.", &[2][..])]
        );
    }

    #[test]
    fn sources_cited_by_name_are_numbered_by_first_citation() {
        let parsed = parse_markdown(
            "# Energy\n\nOil rose (Source: Reuters). Gas fell ([AP](https://apnews.com/gas)). \
             Coal held (source: reuters). Power fell (Quelle: dpa).\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Oil rose.", &[1][..]),
                ("Gas fell.", &[2]),
                ("Coal held.", &[1]),
                ("Power fell.", &[3]),
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "", Some("Reuters")),
                (2, "https://apnews.com/gas", Some("AP")),
                (3, "", Some("dpa")),
            ]
        );
        // Listed under a source heading, the named source is that entry.
        let parsed = parse_markdown(
            "# Energy\n\nOil rose (Source: Reuters).\n\n## Sources\n\n\
             - [Reuters](https://www.reuters.com/markets/oil)\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(1, "https://www.reuters.com/markets/oil", Some("Reuters"))]
        );
        // Or the entry on the site of that name, which takes the name if it has no title.
        let parsed = parse_markdown(
            "# Energy\n\nOil rose (Source: Reuters).\n\n## Sources\n\n\
             - https://www.reuters.com/markets/oil\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(1, "https://www.reuters.com/markets/oil", Some("Reuters"))]
        );
    }

    #[test]
    fn inline_footnotes_are_sources_numbered_with_the_written_ones() {
        let parsed = parse_markdown(
            "Tides rise.[^a] Waves break.^[https://waves.example.org/break] Seas \
             swell.^[Smith, *Seas*, 2022.] Gulls fly.^[[Birds](https://birds.example.org)]\n\n\
             [^a]: https://tides.example.org\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Tides rise.", &[1][..]),
                ("Waves break.", &[2]),
                ("Seas swell.", &[3]),
                ("Gulls fly.", &[4]),
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://tides.example.org", None),
                (2, "https://waves.example.org/break", None),
                (3, "", Some("Smith, Seas, 2022")),
                (4, "https://birds.example.org", Some("Birds")),
            ]
        );
        assert!(parsed.diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn what_only_looks_like_an_inline_footnote_stays_as_it_was() {
        // Unclosed, spaced off, empty, in code, or a raised group (which cites as a group
        // does).
        let parsed = parse_markdown(
            "An open ^[note here. A spaced ^[note] too. Empty^[] and^[ ] too. Code `a^[b]` \
             stays. Raised^[1]^ cites.\n\n1. https://one.example.org\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [(
                "An open ^[note here. A spaced ^[note] too. Empty^[] and^[ ] too. Code a^[b] \
                 stays. Raised cites.",
                &[1][..]
            )]
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn a_footnote_reference_inside_a_definition_stays_text() {
        let parsed =
            parse_markdown("Tides [^1].\n\n[^1]: Tide tables, see [^2] https://t.example.org\n");
        assert!(parsed.diagnostics.iter().all(|d| !d.is_error()));
        let cited: Vec<Vec<u32>> = parsed
            .briefing
            .claims()
            .map(|c| c.citations.to_vec())
            .collect();
        assert_eq!(cited, [vec![1]]);
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn a_heading_is_never_taken_for_a_button() {
        // `Thinking` and `Share` alone in a paragraph are interface labels a copy picked up;
        // written as headings, they are the author's title and section.
        let parsed = parse_markdown(
            "# Thinking\n\n## Share\n\nMost readers share links [^1].\n\nShare\n\n[^1]: https://a.example.org\n",
        );
        assert_eq!(parsed.briefing.title.as_deref(), Some("Thinking"));
        let sections: Vec<(&str, Vec<&str>)> = parsed
            .briefing
            .sections
            .iter()
            .map(|s| (&*s.heading, s.claims.iter().map(|c| &*c.text).collect()))
            .collect();
        assert_eq!(sections, [("Share", vec!["Most readers share links."])]);
    }

    #[test]
    fn a_stamp_or_back_link_after_a_sources_address_is_not_its_title() {
        let parsed = parse_markdown(
            "Tides rise [^1] and waves break [^2], see [^3].\n\n[^1]: NOAA tides. https://noaa.gov/tides (accessed 3 March 2025)\n[^2]: https://waves.example.org ↩︎\n[^3]: Tide tables (https://tables.example.org/t)\n",
        );
        let sources: Vec<(Option<&str>, &str)> = parsed
            .briefing
            .sources
            .iter()
            .map(|s| (s.title.as_deref(), &*s.url))
            .collect();
        assert_eq!(
            sources,
            [
                (Some("NOAA tides"), "https://noaa.gov/tides"),
                (None, "https://waves.example.org"),
                (Some("Tide tables"), "https://tables.example.org/t")
            ]
        );
        // A site in parentheses is the address where no whole address follows.
        let parsed = parse_markdown(
            "Tides rise [^1] and fall [^2].\n\n[^1]: Tides (noaa.gov)\n[^2]: Waves (waves.example.org) https://waves.example.org/w\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "noaa.gov", Some("Tides")),
                (2, "https://waves.example.org/w", Some("Waves"))
            ]
        );
    }

    #[test]
    fn titled_entries_ending_a_cited_document_are_its_source_list() {
        let rows = |text: &str| -> Vec<(u32, String, Option<String>)> {
            parse_markdown(text)
                .briefing
                .sources
                .iter()
                .map(|s| {
                    (
                        s.number,
                        s.url.to_string(),
                        s.title.as_deref().map(Into::into),
                    )
                })
                .collect()
        };
        assert_eq!(
            rows("Canberra is the capital [1]. It was a compromise [2].\n\n1. Canberra — Britannica — britannica.com/place/Canberra\n2. Why Canberra? | Capital Authority | https://nca.example.gov.au/history\n"),
            [
                (1, "britannica.com/place/Canberra".into(), Some("Canberra — Britannica".into())),
                (2, "https://nca.example.gov.au/history".into(), Some("Why Canberra? | Capital Authority".into()))
            ]
        );
        assert_eq!(
            rows("Leaves turn [1] and fall [2].\n\nSource 1: https://leaves.example.org/colour\n\nSource 2: Leaf fall – https://leaves.example.org/fall\n"),
            [
                (1, "https://leaves.example.org/colour".into(), None),
                (2, "https://leaves.example.org/fall".into(), Some("Leaf fall".into()))
            ]
        );
        // Steps that end in an address stay steps: nothing cites them, they are numbered
        // otherwise, or the answer goes on after them.
        for text in [
            "Do this:\n\n1. Download the tool from example.com\n2. Read the guide at docs.example.org\n",
            "Do this [1].\n\n2. Download the tool from example.com\n3. Read the guide at docs.example.org\n",
            "Do this [1].\n\n1. Download the tool from example.com\n2. Read the guide at docs.example.org\n\nThen restart.\n",
        ] {
            assert!(rows(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn bings_markers_linked_to_definitions_and_its_parenthesized_list_are_read() {
        let parsed = parse_markdown(
            "Tides rise[^1^][1]. Waves break[^2^][2] [^1^][1].\n\nSource: Conversation with Bing, 10/15/2023\n(1) Tides - NOAA. https://noaa.gov/tides.\n(2) Waves explained. https://waves.example.org/w.\n\n[1]: https://noaa.gov/tides \"\"\n[2]: https://waves.example.org/w \"\"\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [("Tides rise.", &[1][..]), ("Waves break.", &[2, 1][..])]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://noaa.gov/tides", Some("Tides - NOAA")),
                (2, "https://waves.example.org/w", Some("Waves explained"))
            ]
        );
        // An answer's own list numbered in parentheses stays claims, an address in it too.
        let parsed = parse_markdown(
            "Two steps [1]:\n\n(1) Visit https://a.example.org for the form.\n\n(2) Send it.\n\n[1]: https://b.example.org\n",
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
        assert_eq!(parsed.briefing.summary.len(), 3);
    }

    #[test]
    fn a_file_numbered_next_in_the_list_is_a_source_without_an_address() {
        let parsed = parse_markdown(
            "Tides follow the moon [1]. Tables are yearly [2].\n\n## Sources\n\n1. Tides - NOAA https://tides.example.gov/t\n2. tide-tables.pdf\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://tides.example.gov/t", Some("Tides - NOAA")),
                (2, "", Some("tide-tables.pdf"))
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 2);
        // Numbered otherwise, it is the answer's own item.
        let parsed = parse_markdown(
            "Tides [1].\n\n## Sources\n\n1. Tides - NOAA https://tides.example.gov/t\n\n## Files\n\n3. tide-tables.pdf\n",
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn a_source_list_numbered_from_zero_keeps_its_numbers() {
        let expected_claims = [
            ("It returns None.", &[0][..]),
            ("Slicing copies.", &[1][..]),
            ("Iterating works.", &[0, 2][..]),
        ];
        let text = "It returns None [0]. Slicing copies [1]. Iterating works [0][2].";
        // As bulleted entries, and as reference definitions.
        let entries = format!(
            "{text}\n\n## Sources\n\n- [0] [Lists](https://docs.example.org/lists)\n- [1] [Reverse](https://qa.example.com/q/1)\n- [2] [Built-ins](https://docs.example.org/functions)\n"
        );
        let definitions = format!(
            "{text}\n\n[0]: https://docs.example.org/lists\n[1]: https://qa.example.com/q/1\n[2]: https://docs.example.org/functions\n"
        );
        for document in [entries, definitions] {
            let parsed = parse_markdown(&document);
            assert_eq!(claim_rows(&parsed), expected_claims, "{document}");
            let numbers: Vec<u32> = parsed.briefing.sources.iter().map(|s| s.number).collect();
            assert_eq!(numbers, [0, 1, 2], "{document}");
        }
        // Two groups side by side over reference definitions cite both, from 1 as from 0.
        let parsed = parse_markdown(
            "Iterating works [1][3].\n\n[1]: https://docs.example.org/lists\n[3]: https://docs.example.org/functions\n",
        );
        assert_eq!(claim_rows(&parsed), [("Iterating works.", &[1, 3][..])]);
        // Without an entry 0, `[0]` is an index: text.
        let parsed = parse_markdown(
            "The first is a[0] [1].\n\n## Sources\n\n- [1] [Arrays](https://docs.example.org/arrays)\n",
        );
        assert_eq!(claim_rows(&parsed), [("The first is a[0].", &[1][..])]);
        // In code, a bracketed number is an index whatever the list has.
        let parsed = parse_markdown(
            "Indexing, as in `lines[1]`, panics [1].\n\n[1]: https://docs.example.org/lists\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [("Indexing, as in lines[1], panics.", &[1][..])]
        );
    }

    #[test]
    fn addresses_cited_in_brackets_are_sources_and_a_listed_one_is_its_entry() {
        let parsed = parse_markdown(
            "# Lakes\n\nLakes freeze from the top (https://lakes.example.org/ice). Ice floats [^1]. Both hold (source: https://a.example.org/x, https://b.example.org/y).\n\n## Sources\n\n- Ice on lakes (https://lakes.example.org/ice)\n- Lake ecology (https://eco.example.org/l)\n\n[^1]: Water density (https://water.example.org/density)\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Lakes freeze from the top.", &[2][..]),
                ("Ice floats.", &[1][..]),
                ("Both hold.", &[3, 4][..])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://water.example.org/density",
                    Some("Water density")
                ),
                (2, "https://lakes.example.org/ice", Some("Ice on lakes")),
                (3, "https://a.example.org/x", None),
                (4, "https://b.example.org/y", None),
                (5, "https://eco.example.org/l", Some("Lake ecology"))
            ]
        );
        // Beside a numbered list the claims cite by number: a bracketed address stays text.
        let parsed = parse_markdown(
            "Lakes freeze [1]. Ice floats (https://water.example.org/f).\n\n## Sources\n\n1. Ice https://lakes.example.org/ice\n",
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
        assert!(parsed
            .briefing
            .claims()
            .any(|c| c.text.contains("(https://water.example.org/f)")));
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let parsed =
            parse_markdown("A.[^z] B.[^a] C.[^z]\n\n[^a]: https://a.org\n[^z]: https://z.org\n");
        let cited: Vec<Vec<u32>> = parsed
            .briefing
            .claims()
            .map(|c| c.citations.to_vec())
            .collect();
        assert_eq!(cited, [vec![1], vec![2], vec![1]]);
        let urls: Vec<&str> = parsed.briefing.sources.iter().map(|s| &*s.url).collect();
        assert_eq!(urls, ["https://z.org", "https://a.org"]);
    }

    #[test]
    fn links_listed_under_a_sources_heading_without_numbers_are_sources() {
        let parsed = parse_markdown(
            "Summer has the midnight sun.\n\nWinter has the northern lights [1].\n\n### Sources\n\n- [Visit Iceland – When to go](https://visit.example.is/when)\n- Guide: https://guide.example.is/best-time\n\n[1]: https://lights.example.is\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://lights.example.is", None),
                (
                    2,
                    "https://visit.example.is/when",
                    Some("Visit Iceland – When to go")
                ),
                (3, "https://guide.example.is/best-time", Some("Guide"))
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 2);
        // Outside a source list a list of links is the answer's; under one, a long
        // paragraph about the sources is too.
        let parsed = parse_markdown(
            "Read these:\n\n- [Visit Iceland](https://visit.example.is/when)\n\n## Sources\n\nAll figures come from [the national office](https://stats.example.is), which counts every visitor arriving by air or sea at each of the country's ports and airports, month by month, since the year 1949.\n",
        );
        assert!(parsed.briefing.sources.is_empty());
        assert_eq!(parsed.briefing.claims().count(), 3);
    }

    #[test]
    fn html_superscripts_over_numbered_links_cite_them() {
        let parsed = parse_markdown(
            "Coffee is fine.<sup>[1](https://a.example.org)</sup> Tea too.\
             <sup>[2](https://b.example.org), [3](https://c.example.org)</sup> A [guide](https://g.example.org) helps.\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("Coffee is fine.", &[1][..]),
                ("Tea too.", &[2, 3][..]),
                ("A guide helps.", &[][..])
            ]
        );
        // A superscript over words stays as it was written.
        let parsed = parse_markdown("Read <sup>[the guide](https://g.example.org)</sup> first.\n");
        assert!(parsed.briefing.sources.is_empty());
    }

    #[test]
    fn html_notes_of_an_article_converted_to_markdown_cite_and_list_their_sources() {
        // A superscript with attributes, a link within the page in it, and the notes as an
        // HTML list whose items link out and back.
        let parsed = parse_markdown(
            "# Tides\n\nThe moon raises two bulges.<sup id=\"ref1\"><a href=\"#fn1\">1</a></sup> \
             Spring tides come at new moon.<sup class=\"reference\">[[2]](#fn2)</sup>\n\n\
             <ol>\n<li id=\"fn1\"><a href=\"https://a.example.org/tides\">NOAA: Tides</a> \
             <a href=\"#ref1\">↩</a></li>\n<li id=\"fn2\">Spring tide, \
             <a href='https://b.example.org/spring?a=1&amp;b=2'>Britannica</a></li>\n</ol>\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("The moon raises two bulges.", &[1][..]),
                ("Spring tides come at new moon.", &[2][..])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://a.example.org/tides", Some("NOAA: Tides")),
                (
                    2,
                    "https://b.example.org/spring?a=1&b=2",
                    Some("Spring tide, Britannica")
                )
            ]
        );
        assert!(parsed
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("HTML")));
        // A link out of the page stays markup, shown as text.
        let parsed = parse_markdown("See <a href=\"https://a.example.org\">the tides</a>.\n");
        assert!(parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("HTML")));
        // An HTML list of claims is read once, a nested list as its item's text.
        let parsed = parse_markdown(
            "# Tides\n\n<ul>\n<li>Tides rise twice a day.<ul><li>Not everywhere.</li></ul></li>\n\
             <li>Spring tides are highest.</li>\n</ul>\n",
        );
        let texts: Vec<_> = claim_rows(&parsed)
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(
            texts,
            [
                "Tides rise twice a day. Not everywhere.",
                "Spring tides are highest."
            ]
        );
    }

    #[test]
    fn a_clipped_wiki_articles_references_link_their_works_not_the_page() {
        // MarkDownload's copy of a wiki page: its excerpt quoted under the title, then notes
        // whose entries open with back-links within the page and link identifier schemes to
        // the wiki's own articles.
        let parsed = parse_markdown(
            "# Purr - Wikipedia\n\n> ## Excerpt\n> A purr is a sound.\n\n---\n\n\
             A purr is a sound.<sup>[\\[1\\]](#cite_note-1)</sup> Its source is the larynx.\
             <sup>[\\[2\\]](#cite_note-2)</sup>\n\n## References\n\n\
             1.  **[^](#cite_ref-1)** [\"Why do cats purr?\"](https://a.example.org/purr). *Science*. 2006.\n\
             2.  ^ [_**a**_](#cite_ref-2-0) [_**b**_](#cite_ref-2-1) Remmers, J. (1972). \"Purring\". \
             [doi](https://en.wikipedia.org/wiki/Doi_(identifier)):[10.1016/0034](https://doi.org/10.1016/0034).\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("A purr is a sound.", &[1][..]),
                ("Its source is the larynx.", &[2][..])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://a.example.org/purr",
                    Some("\"Why do cats purr?\". Science. 2006")
                ),
                (
                    2,
                    "https://doi.org/10.1016/0034",
                    Some("Remmers, J. (1972). \"Purring\". doi:10.1016/0034")
                )
            ]
        );
        // A book's ISBN links to the wiki's page that looks it up: no address of the book.
        let parsed = parse_markdown(
            "# Bees\n\nBees make wax.[^1]\n\n[^1]: Winston, M. (1991). *The Biology of the Honey Bee*. \
             [ISBN](https://en.wikipedia.org/wiki/ISBN_(identifier)) \
             [978-0-674-07409-5](https://en.wikipedia.org/wiki/Special:BookSources/978-0-674-07409-5).\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "",
                Some("Winston, M. (1991). The Biology of the Honey Bee. ISBN 978-0-674-07409-5")
            )]
        );
        // A quote opening with another heading is the document's.
        let parsed = parse_markdown("# T\n\n> ## Summary\n> Tides rise twice a day.\n");
        assert_eq!(claim_rows(&parsed).len(), 1);
    }

    #[test]
    fn a_link_ending_an_entry_under_a_source_heading_is_its_address_not_a_chip() {
        let parsed = parse_markdown(
            "# Baltic\n\nThe sea is brackish [1]. Rivers pour in [2].\n\n## Notes\n\n\
             1. [HELCOM: trends](https://a.example.org/trends)\n\
             2. Leppäranta, *Physical Oceanography*, 2009. [Springer](https://b.example.org/book)\n",
        );
        assert_eq!(claim_rows(&parsed).len(), 2);
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://a.example.org/trends", Some("HELCOM: trends")),
                (
                    2,
                    "https://b.example.org/book",
                    Some("Leppäranta, Physical Oceanography, 2009. Springer")
                )
            ]
        );
        // A chip in parentheses cites there too: claims under `Notes` are no entries.
        let parsed = parse_markdown(
            "# Heat pumps\n\nThey work in the cold ([NREL](https://a.example.org/heat)).\n\n\
             ## Notes\n\n- Prices vary by region ([Reuters](https://b.example.org/prices)).\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [
                ("They work in the cold.", &[1][..]),
                ("Prices vary by region.", &[2][..])
            ]
        );
        // Elsewhere such a link after a sentence is a chip citing it.
        let parsed = parse_markdown(
            "# Baltic\n\n- The sea is brackish. [HELCOM](https://a.example.org/trends)\n",
        );
        assert_eq!(claim_rows(&parsed), [("The sea is brackish.", &[1][..])]);
    }

    #[test]
    fn entries_numbered_as_ranks_or_with_colons_are_the_source_list() {
        for (first, second, gap) in [
            ("#1", "#2", "\n"),
            ("#1", "#2", "\n\n"),
            ("1:", "2:", "\n"),
            ("1:", "2:", "\n\n"),
        ] {
            let parsed = parse_markdown(&format!(
                "# Heat pumps\n\nThey work in the cold [1]. They are efficient [2].\n\n\
                 ## Sources\n\n{first} NREL https://www.nrel.gov/heat{gap}\
                 {second} IEA https://www.iea.org/heat\n"
            ));
            assert_eq!(
                source_rows(&parsed),
                [
                    (1, "https://www.nrel.gov/heat", Some("NREL")),
                    (2, "https://www.iea.org/heat", Some("IEA"))
                ],
                "{first} {gap:?}"
            );
        }
        // Outside a source list such paragraphs are steps, even with an address in them.
        let parsed = parse_markdown(
            "# Python\n\nInstall it in two steps [1].\n\n\
             1: Download the installer from https://www.python.org/downloads\n\n\
             2: Run it\n\n## Sources\n\n[1] Python docs https://docs.python.org/3/using/windows.html\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "https://docs.python.org/3/using/windows.html",
                Some("Python docs")
            )]
        );
        assert_eq!(claim_rows(&parsed).len(), 3);
    }

    #[test]
    fn numbers_in_parentheses_cite_a_list_of_entries_numbered_so() {
        let parsed = parse_markdown(
            "Coffee is fine (1). Tea too (2, 3).\n\n**References**\n\n\
             (1) Coffee study, 2023. https://a.example.org/c\n\
             (2) Tea review. https://b.example.org/t\n(3) Cups. https://c.example.org/u\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [("Coffee is fine.", &[1][..]), ("Tea too.", &[2, 3][..])]
        );
        assert_eq!(parsed.briefing.sources.len(), 3);
    }

    #[test]
    fn html_superscripts_of_numbers_cite_and_a_cited_list_of_links_is_the_source_list() {
        let parsed = parse_markdown(
            "Coffee is fine.<sup>1</sup> Tea too.<sup>2,3</sup> A room of 10 m<sup>2</sup> and x<sup>2</sup> fit.\n\n1. [Coffee](https://a.example.org)\n2. [Tea](https://b.example.org)\n3. [Cups](https://c.example.org)\n",
        );
        let cited: Vec<(String, Vec<u32>)> = parsed
            .briefing
            .claims()
            .map(|c| (c.text.to_string(), c.citations.to_vec()))
            .collect();
        assert_eq!(
            cited,
            [
                ("Coffee is fine.".to_owned(), vec![1]),
                ("Tea too.".to_owned(), vec![2, 3]),
                (
                    "A room of 10 m<sup>2</sup> and x<sup>2</sup> fit.".to_owned(),
                    vec![]
                )
            ]
        );
        let urls: Vec<&str> = parsed.briefing.sources.iter().map(|s| &*s.url).collect();
        assert_eq!(
            urls,
            [
                "https://a.example.org",
                "https://b.example.org",
                "https://c.example.org"
            ]
        );
        // Uncited, a numbered list of links is the answer's.
        let parsed = parse_markdown(
            "Read these:\n\n1. [Coffee](https://a.example.org)\n2. [Tea](https://b.example.org)\n",
        );
        assert!(parsed.briefing.sources.is_empty());
    }

    #[test]
    fn a_bare_first_line_is_the_query_and_title() {
        // Asked, or typed as a query (lowercase, no stop: never a paragraph broken
        // mid-sentence, joined to the one under it).
        for (query, claim) in [
            ("What causes auroras?", "Charged particles hit the air.[^1]"),
            (
                "how long do honeybees live",
                "Workers live five weeks.[1](https://a.org/bees)",
            ),
        ] {
            let parsed = parse_markdown(&format!("{query}\n\n{claim}\n\n[^1]: https://a.org\n"));
            assert_eq!(parsed.briefing.title.as_deref(), Some(query));
            assert_eq!(parsed.briefing.query.as_deref(), Some(query));
            assert_eq!(parsed.briefing.claims().count(), 1, "{query}");
        }
        // Further down, or over a sentence's continuation, a paragraph that stops
        // mid-sentence goes on in the next.
        for (text, joined) in [
            (
                "# Bees\n\nWorkers live about five weeks in\n\nSummer, when they forage.\n",
                "Workers live about five weeks in Summer, when they forage.",
            ),
            (
                "workers live about five weeks in\n\nsummer, when they forage.\n",
                "workers live about five weeks in summer, when they forage.",
            ),
        ] {
            let parsed = parse_markdown(text);
            let texts: Vec<&str> = parsed.briefing.claims().map(|c| &*c.text).collect();
            assert_eq!(texts, [joined], "{text}");
        }
        // A first line that is a sentence, cites, or is all there is, is a claim.
        for text in [
            "Charged particles hit the air.\n\nThey glow.\n",
            "Auroras glow[^1]\n\nThey glow.\n\n[^1]: https://a.org\n",
            "What causes auroras?\n",
            "**Auroras**\n\nThey glow.\n",
        ] {
            let parsed = parse_markdown(text);
            assert_eq!(parsed.briefing.title, None, "{text:?}");
        }
    }

    #[test]
    fn a_short_paragraph_over_the_source_list_heads_it_in_any_language() {
        for heading in ["Works consulted:", "Lähteet", "المراجع"] {
            let parsed = parse_markdown(&format!(
                "# Seas\n\nSea levels rose [1]. Ice melted [2].\n\n{heading}\n\n1. Sea Lab https://sealab.example.net/rise\n2. Ice Desk https://ice.example.org/melt\n"
            ));
            assert_eq!(
                claim_rows(&parsed),
                [("Sea levels rose.", &[1][..]), ("Ice melted.", &[2][..])],
                "{heading}"
            );
            assert_eq!(parsed.briefing.sources.len(), 2, "{heading}");
        }
        let parsed = parse_markdown(
            "# Seas\n\nSea levels rose [1].\n\nThe list ends it.\n\n1. Sea Lab https://sealab.example.net/rise\n2. Ice Desk https://ice.example.org/melt\n",
        );
        assert_eq!(claim_rows(&parsed).len(), 2, "a sentence stays a claim");
    }

    #[test]
    fn entries_numbered_in_persian_digits_are_read_though_markdown_lists_them_not() {
        let parsed = parse_markdown(
            "# دریا\n\nدریا بالا آمد [۱]. یخ ذوب شد [۲].\n\nمنابع\n۱. آزمایشگاه https://sealab.example.net/rise\n۲. میز یخ https://ice.example.org/melt\n",
        );
        assert_eq!(
            claim_rows(&parsed),
            [("دریا بالا آمد.", &[1][..]), ("یخ ذوب شد.", &[2][..])]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://sealab.example.net/rise", Some("آزمایشگاه")),
                (2, "https://ice.example.org/melt", Some("میز یخ"))
            ]
        );
    }

    #[test]
    fn a_source_heading_and_its_links_on_one_line_are_the_source_list() {
        let parsed = parse_markdown(
            "# Aurora\n\nAurora forms high up ([Wiki](https://en.wikipedia.org/wiki/Aurora)).\n\nSources: [Wikipedia](https://en.wikipedia.org/wiki/Aurora), [NASA Space Place](https://spaceplace.nasa.gov/aurora/) · [noaa.gov](https://noaa.gov/aurora)\n",
        );
        assert_eq!(claim_rows(&parsed), [("Aurora forms high up.", &[1][..])]);
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://en.wikipedia.org/wiki/Aurora", Some("Wikipedia")),
                (
                    2,
                    "https://spaceplace.nasa.gov/aurora/",
                    Some("NASA Space Place")
                ),
                (3, "https://noaa.gov/aurora", None)
            ]
        );
        // Words between the links make it a claim with links in it.
        let parsed = parse_markdown(
            "# Aurora\n\nSources: [Wikipedia](https://en.wikipedia.org/wiki/Aurora) and the park's own guide\n",
        );
        assert_eq!(parsed.briefing.claims().count(), 1);
    }

    #[test]
    fn cited_items_with_their_address_below_are_the_source_list() {
        let text = "Values have one owner [citation:1]. Borrows are checked [citation:2].\n\n1. Ownership basics\ndoc.example.org\n2. Borrowing explained\nblog.example.com\n";
        let parsed = parse_markdown(text);
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "doc.example.org", Some("Ownership basics")),
                (2, "blog.example.com", Some("Borrowing explained"))
            ]
        );
        // Uncited, the same list is the answer's own.
        let parsed = parse_markdown("Read these:\n\n1. Ownership basics\ndoc.example.org\n2. Borrowing explained\nblog.example.com\n");
        assert!(parsed.briefing.sources.is_empty());
    }
}
