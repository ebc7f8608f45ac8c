//! Properties that hold for every input, checked on generated text with proptest: no input
//! makes a parser panic, every citation resolves or is reported, and line endings or a
//! byte-order mark never change the model.

use briefing::model::Briefing;
use briefing::parse::{parse, Dialect, Parsed};
use proptest::prelude::*;

/// Pieces that answer engines' Markdown and pastes are made of, so generated documents hit
/// the interesting paths far more often than random bytes would.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("# Title\n".to_owned()),
        Just("## Section\n".to_owned()),
        Just("**Bold heading**\n".to_owned()),
        Just("- item ".to_owned()),
        Just("  - nested ".to_owned()),
        Just("1. step ".to_owned()),
        Just("**Label:** ".to_owned()),
        Just("Label: ".to_owned()),
        Just("A claim. ".to_owned()),
        Just("mid,".to_owned()),
        Just("[1]".to_owned()),
        Just("[1, 2]".to_owned()),
        Just("[2-3]".to_owned()),
        Just("[^a]".to_owned()),
        Just("[^b]".to_owned()),
        Just("\n[^a]: https://a.org/x\n".to_owned()),
        Just("\n[^b]: <https://b.org/y…>\n".to_owned()),
        Just("[[1](https://a.org/x#:~:text=y)]".to_owned()),
        Just("([Site](https://c.org/?utm_source=z))".to_owned()),
        Just("([Ref][1])".to_owned()),
        Just("\n[1]: https://d.org \"Title\"\n".to_owned()),
        Just("[words](2)".to_owned()),
        Just("\n[1] https://a.org/x\n".to_owned()),
        Just("\n[2] [b.org](https://b.org/y)\n".to_owned()),
        Just("\n[3] e.org/cut…\n".to_owned()),
        Just("| a | b |\n|---|---|\n| c [1] | d |\n".to_owned()),
        Just("```\ncode [1]\n```\n".to_owned()),
        Just("---\ntitle: T\ntags: [x]\n---\n".to_owned()),
        Just("+++\ntitle = \"T\"\n+++\n".to_owned()),
        Just("***\n".to_owned()),
        Just("<div>⁂</div>\n".to_owned()),
        Just("Answer from Perplexity: pplx.ai/share\n".to_owned()),
        Just("AI responses may include mistakes.".to_owned()),
        Just("— Ann Lee (@ann) Nov 4, 2025".to_owned()),
        Just("\\[".to_owned()),
        Just("é😀\u{301}".to_owned()),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// Every citation resolves to a source, or the parse reports it.
fn citations_resolve_or_are_reported(parsed: &Parsed) -> Result<(), TestCaseError> {
    let briefing = &parsed.briefing;
    let messages: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    for claim in briefing.claims() {
        for number in &claim.citations {
            let resolved = briefing.source(*number).is_some();
            let reported = messages.iter().any(|m| {
                m.starts_with(&format!("citation [{number}] has no source"))
                    || m.ends_with("the snapshot has no source list")
            });
            prop_assert!(
                resolved || reported,
                "citation [{}] unresolved and unreported",
                number
            );
        }
    }
    Ok(())
}

/// The model without what depends on byte positions (nothing in the model does; the
/// diagnostics' spans do, so they are compared by message only).
fn model_and_messages(parsed: &Parsed) -> (Briefing, Vec<String>) {
    let messages = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    (parsed.briefing.clone(), messages)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_document_makes_either_parser_panic(text in document()) {
        for dialect in [Dialect::Markdown, Dialect::Pasted] {
            let parsed = parse(&text, dialect);
            citations_resolve_or_are_reported(&parsed)?;
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        for dialect in [Dialect::Markdown, Dialect::Pasted] {
            let parsed = parse(&text, dialect);
            citations_resolve_or_are_reported(&parsed)?;
        }
    }

    #[test]
    fn crlf_and_a_byte_order_mark_give_the_same_model(text in document()) {
        for dialect in [Dialect::Markdown, Dialect::Pasted] {
            let lf = model_and_messages(&parse(&text, dialect));
            let crlf = model_and_messages(&parse(&text.replace('\n', "\r\n"), dialect));
            let bom = model_and_messages(&parse(&format!("\u{feff}{text}"), dialect));
            prop_assert_eq!(&lf, &crlf, "CRLF changed the {:?} model", dialect);
            prop_assert_eq!(&lf, &bom, "a BOM changed the {:?} model", dialect);
        }
    }
}

/// Numbers as prose writes them: decimals, prices, years, percentages, times, versions, units.
fn ordinary_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..1000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        (1u32..500, 0u32..100).prop_map(|(a, b)| format!("${a}.{b:02}")),
        (1900u32..2100).prop_map(|y| format!("in {y}.")),
        (1900u32..2100, 1u32..20).prop_map(|(y, n)| format!("in {y}.{n}")),
        (0u32..100).prop_map(|p| format!("{p}%")),
        (0u32..24, 0u32..60).prop_map(|(h, m)| format!("{h}:{m:02}")),
        (1u32..10, 0u32..10, 0u32..10).prop_map(|(a, b, c)| format!("v{a}.{b}.{c}")),
        (1u32..100).prop_map(|n| format!("{n} m²")),
        (1u32..100).prop_map(|n| format!("{n} km³")),
        (1u32..100).prop_map(|n| format!("x²+{n}")),
        (1u32..20).prop_map(|n| format!("chapter {n}.")),
        Just("1.5".to_owned()),
    ]
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("prices"),
        Just("rose"),
        Just("Later"),
        Just("the"),
        Just("about"),
        Just("area"),
        Just("(see"),
        Just("note)")
    ]
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ordinary_numbers_are_never_read_as_citations(
        parts in prop::collection::vec(prop_oneof![ordinary_number(), word()], 1..30)
    ) {
        let sources: String = (1..=30).map(|n| format!("[{n}] example.org/{n}\n")).collect();
        let text = format!("Query\n{}\n{sources}", parts.join(" "));
        let parsed = parse(&text, Dialect::Pasted);
        for claim in parsed.briefing.claims() {
            prop_assert!(claim.citations.is_empty(), "{:?} read from {:?}", claim.citations, claim.text);
        }
    }
}
