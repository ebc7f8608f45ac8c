//! Parse fixtures: every `tests/fixtures/parse/**/*.txt` is parsed and its whole model,
//! diagnostics included, is pinned as an insta JSON snapshot. Where a fixture has an
//! `.expected.json` beside it (the seed does), the model must also match that file field by
//! field.

use std::fs;
use std::path::Path;

use briefing::parse::{parse, Dialect, FileKind};
use serde_json::Value;

/// Fields the expected files leave out: ids and slugs are ours to choose, diagnostics, tags and
/// series are pinned by the snapshots, source titles are not in the seed.
const NOT_IN_EXPECTED: &[&str] = &["id", "slug", "tags", "series", "diagnostics", "schema"];

/// Parse a fixture as `briefing` would: the dialect from its extension and text.
fn parse_fixture(path: &Path) -> (String, briefing::parse::Parsed) {
    let text = fs::read_to_string(path).unwrap();
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = FileKind::from_extension(extension).expect("fixtures are .txt or .md");
    let parsed = parse(&text, Dialect::detect(kind, &text).0);
    (text, parsed)
}

/// Compare `actual` with `expected` wherever `expected` says something, and list every path
/// where they differ, so a failure names the field.
fn differences(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, expected_value) in expected {
                let field = format!("{path}.{key}");
                match actual.get(key) {
                    Some(actual_value) => differences(&field, expected_value, actual_value, out),
                    None => out.push(format!("{field}: missing")),
                }
            }
            for key in actual.keys() {
                let ignorable = NOT_IN_EXPECTED.contains(&key.as_str())
                    || (key == "title" && path.contains(".sources["));
                if !expected.contains_key(key) && !ignorable {
                    out.push(format!("{path}.{key}: not in the expected model"));
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.len() != actual.len() {
                out.push(format!(
                    "{path}: {} items expected, {} found",
                    expected.len(),
                    actual.len()
                ));
            }
            for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
                differences(&format!("{path}[{i}]"), e, a, out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, found {actual}")),
        _ => {}
    }
}

#[test]
fn seed_parses_into_exactly_the_expected_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse/pasted");
    let (_, parsed) = parse_fixture(&dir.join("russia-and-azerbaijan.txt"));
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("russia-and-azerbaijan.expected.json")).unwrap(),
    )
    .unwrap();
    let actual = serde_json::to_value(&parsed.briefing).unwrap();
    let mut found = Vec::new();
    differences("$", &expected, &actual, &mut found);
    assert!(
        found.is_empty(),
        "the seed's model differs:\n{}",
        found.join("\n")
    );
}

#[test]
fn seed_reports_each_repair_and_the_uncited_claim_on_its_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse/pasted");
    let (text, parsed) = parse_fixture(&dir.join("russia-and-azerbaijan.txt"));
    let shown: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            let at = briefing::diagnostic::position(&text, d.span.start);
            format!("{}:{} {}", at.line, at.column, d.message)
        })
        .collect();
    for expected in [
        "3:27 heading glued to the text after it; split off",
        "7:164 heading glued to the citation before it; split off",
        "10:148 heading glued to the citation before it; split off",
        "11:1 claim has no citation",
        "12:282 disclaimer glued to the text before it; split off",
        "23:35 attribution glued to the text before it; split off",
    ] {
        assert!(
            shown.iter().any(|s| s == expected),
            "{expected} not in {shown:#?}"
        );
    }
    assert!(!parsed.has_errors());
}

#[test]
fn every_parse_fixture_matches_its_snapshot() {
    let mut seen = 0;
    insta::glob!("../fixtures/parse", "**/*.{txt,md}", |path| {
        seen += 1;
        let (text, parsed) = parse_fixture(path);
        let json: Value = serde_json::from_str(&parsed.to_json(&text)).unwrap();
        insta::assert_json_snapshot!(json);
    });
    assert!(seen > 0, "no parse fixtures found");
}

/// Texts that have broken parsers before, or could: kept so they never panic again.
const NASTY: &[&str] = &[
    "",
    "\u{feff}",
    "\r\n\r\n",
    "[",
    "[1",
    "[1-",
    "[999999999999]",
    "[1-99999]",
    "— (@",
    "—",
    "Title\n[1] \n",
    "Title\n**\n",
    "# \n## \n",
    "a: b: c: d",
    "Éé\u{301}Ö\nÇa [1]É\n[1] é.fr…",
    "x\u{0}y\n[1]\u{0}",
    "AI responses may include mistakes.",
    "Ǆǅǆ ǅǆǄ [1]Ǆǅ",
    "İstanbul İİİ [1]İ\nAI RESPONSES MAY İNCLUDE MISTAKES.",
    "```\nunclosed fence",
    "[1] a.org\n[1] a.org\n[1] a.org",
    "q – Google\n\n\n[1, 2, 3-1, 4–9]\n",
];

#[test]
fn no_input_makes_the_parser_panic() {
    let mut inputs: Vec<String> = NASTY.iter().map(|s| s.to_string()).collect();
    // Every prefix and suffix of every fixture: pastes are often cut anywhere.
    insta::glob!("../fixtures/parse", "**/*.{txt,md}", |path| {
        let text = fs::read_to_string(path).unwrap();
        for (at, _) in text.char_indices() {
            inputs.push(text[..at].to_owned());
            inputs.push(text[at..].to_owned());
        }
        // Lines in reverse order: sources first, title last.
        inputs.push(text.lines().rev().collect::<Vec<_>>().join("\n"));
    });
    for (input, dialect) in inputs
        .iter()
        .flat_map(|input| [(input, Dialect::Pasted), (input, Dialect::Markdown)])
    {
        let parsed = parse(input, dialect);
        // The JSON is always valid, whatever the input.
        let json: Value = serde_json::from_str(&parsed.to_json(input)).unwrap();
        assert_eq!(json["schema"], 1);
        // Every citation points at a source, or there is a diagnostic about it.
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        for claim in parsed.briefing.claims() {
            for number in &claim.citations {
                // An undefined Markdown footnote is reported by its name.
                let footnote =
                    format!("citation [{number}] has no source: nothing defines footnote");
                let ok = if messages.iter().any(|m| m.starts_with(&footnote)) {
                    true
                } else if parsed.briefing.sources.is_empty() {
                    messages
                        .iter()
                        .any(|m| m.ends_with("the snapshot has no source list"))
                } else {
                    parsed.briefing.source(*number).is_some()
                        || messages.contains(
                            &format!(
                                "citation [{number}] has no source; the source list ends at [{}]",
                                parsed
                                    .briefing
                                    .sources
                                    .iter()
                                    .map(|s| s.number)
                                    .max()
                                    .unwrap_or(0)
                            )
                            .as_str(),
                        )
                };
                assert!(
                    ok,
                    "citation [{number}] is neither resolved nor reported in {input:?}"
                );
            }
        }
    }
}

/// Long lines of the characters scanners look for: every scanner looks only a short way
/// ahead or back, so these parse in linear time (a quadratic scanner would hang here).
#[test]
fn pathological_lines_parse() {
    let inputs = [
        "[".repeat(300_000),
        "[1".repeat(150_000),
        "—".repeat(100_000),
        format!("A{}", "¹".repeat(100_000)),
        format!("q\nA claim.{}\n[1] a.org\n", "¹".repeat(50_000)),
        "[^".repeat(150_000),
        format!("{}\n[1] a.org", "x.1 ".repeat(50_000)),
        "(@".repeat(100_000),
        // Issue 9's forms: carets, leaked markers, flattened chips, links to markers, broken
        // paragraphs, code labels without a caution, hard-wrapped lines.
        "x^1^".repeat(100_000),
        ":contentReference[oaicite:1]".repeat(30_000),
        "a.site+1 ".repeat(50_000),
        "[w](^1^)[w][1]".repeat(30_000),
        "a b c d,\n\n".repeat(30_000),
        "cpp\n\n".repeat(30_000),
        format!("{}\n", "word ".repeat(15)).repeat(30_000),
    ];
    for input in &inputs {
        for dialect in [Dialect::Pasted, Dialect::Markdown] {
            let parsed = parse(input, dialect);
            assert_eq!(parsed.briefing.schema, 1);
        }
    }
}
