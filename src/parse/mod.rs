//! From a snapshot's text to its claim model: pure functions, no I/O.
//!
//! [`parse`] picks the dialect from the file's extension and text, runs it, and returns the
//! model with every diagnostic; it never fails and never panics, whatever the input.

mod build;
pub mod claims;
pub mod markdown;
pub mod markers;
pub mod meta;
pub mod pasted;
pub mod scan;
mod shared;
pub mod vocabulary;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::model::Briefing;

/// A parsed snapshot: its model and what the parser found wrong or repaired. Serializable so
/// that builds can keep it between runs (`crate::memo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed {
    /// The claim model.
    pub briefing: Briefing,
    /// Diagnostics, in the order of the text.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each source's entry stands in the text, for diagnostics about it.
    pub source_spans: BTreeMap<u32, Range<usize>>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The kinds of file briefing reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`: a paste, plain or Markdown-flavoured.
    Text,
    /// `.md`: a Markdown briefing.
    Markdown,
}

impl FileKind {
    /// The kind of a file with this extension, if briefing reads it.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" => Some(FileKind::Text),
            "md" | "markdown" => Some(FileKind::Markdown),
            _ => None,
        }
    }
}

/// The input forms briefing reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Text pasted from an answer engine's page.
    Pasted,
    /// Markdown: a hand-written briefing or an engine's Markdown export.
    Markdown,
}

impl Dialect {
    /// The dialect of a file of `kind` holding `text`, and why it was chosen.
    pub fn detect(kind: FileKind, text: &str) -> (Self, &'static str) {
        match kind {
            FileKind::Markdown => (Dialect::Markdown, "a .md file"),
            FileKind::Text => match markdown::markdown_sign(text) {
                Some(sign) => (Dialect::Markdown, sign),
                None => (Dialect::Pasted, "plain text"),
            },
        }
    }

    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Pasted => "pasted answer",
            Dialect::Markdown => "Markdown",
        }
    }
}

/// Parse `text` in `dialect`. Diagnostics come sorted by position.
pub fn parse(text: &str, dialect: Dialect) -> Parsed {
    let mut parsed = match dialect {
        Dialect::Pasted => pasted::parse_pasted(text),
        Dialect::Markdown => markdown::parse_markdown(text),
    };
    name_engine_by_address(&mut parsed.briefing);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        parsed.diagnostics.push(
            Diagnostic::warning(0..0, "file is empty")
                .with_help("paste a snapshot into it, or delete it"),
        );
    } else if parsed.briefing.claims().next().is_none() {
        // `briefing new` writes the query alone; built before the answer is pasted below it,
        // the page would show a title and nothing else, and nothing said so. Placed at the
        // end, where the answer goes.
        parsed.diagnostics.push(
            Diagnostic::warning(
                text.len()..text.len(),
                "no claims: the page will show the title alone",
            )
            .with_help(
                "paste the answer below the first line, or write the claims as paragraphs \
                     or list items",
            ),
        );
    }
    crate::diagnostic::sort(&mut parsed.diagnostics);
    parsed
}

impl Parsed {
    /// The model as pretty JSON (schema 1), diagnostics located in `text`, ending in a newline.
    pub fn to_json(&self, text: &str) -> String {
        let located = crate::diagnostic::Located::all(text, self.diagnostics.clone());
        let records: Vec<crate::diagnostic::DiagnosticRecord> = located
            .iter()
            .map(crate::diagnostic::DiagnosticRecord::new)
            .collect();
        crate::document::briefing_json(&self.briefing, &records)
    }
}

/// A snapshot parsed with its sidecar applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSnapshot {
    /// The model, with sidecar corrections, and the snapshot's diagnostics.
    pub parsed: Parsed,
    /// Diagnostics located in the sidecar's text.
    pub sidecar_diagnostics: Vec<Diagnostic>,
}

/// Parse a snapshot's `text`, apply its sidecar, and warn about addresses that stay
/// truncated. `sidecar_name` is the file name the help text suggests.
pub fn parse_with_sidecar(
    text: &str,
    dialect: Dialect,
    sidecar: Option<&str>,
    sidecar_name: &str,
) -> ParsedSnapshot {
    let mut parsed = parse(text, dialect);
    let sidecar_diagnostics = match sidecar {
        Some(sidecar) => meta::apply_sidecar(&mut parsed.briefing, sidecar),
        None => Vec::new(),
    };
    name_engine_by_address(&mut parsed.briefing);
    warn_truncated(&mut parsed, sidecar_name);
    warn_undated(&mut parsed, sidecar_name);
    ParsedSnapshot {
        parsed,
        sidecar_diagnostics,
    }
}

/// A briefing whose engine no name gives, captured from a page whose address is an answer
/// engine's (a web clipper's `source:`, a sidecar's `source_url`): that engine.
fn name_engine_by_address(briefing: &mut Briefing) {
    if briefing.origin.engine.is_none() {
        let engine = briefing
            .origin
            .url
            .as_deref()
            .and_then(vocabulary::engine_of_address);
        briefing.origin.engine = engine.map(str::to_owned);
    }
}

/// A briefing that says nowhere when it was captured sorts after every dated one and its feed
/// entry carries no real date: say so, with the fix.
fn warn_undated(parsed: &mut Parsed, sidecar_name: &str) {
    if parsed.briefing.captured.date.is_some() {
        return;
    }
    parsed.diagnostics.push(
        Diagnostic::warning(
            0..0,
            "the snapshot says nowhere when it was captured; it is listed after every dated briefing",
        )
        .with_help(format!(
            "add `date = \"YYYY-MM-DD\"` to {sidecar_name} (or `date:` to the front matter)"
        )),
    );
    crate::diagnostic::sort(&mut parsed.diagnostics);
}

/// One warning for the sources whose addresses are still cut short, at the first of them:
/// one per source would bury everything else in a paste of twenty truncated addresses.
fn warn_truncated(parsed: &mut Parsed, sidecar_name: &str) {
    let truncated: Vec<u32> = parsed
        .briefing
        .sources
        .iter()
        .filter(|source| source.truncated)
        .map(|source| source.number)
        .collect();
    let Some(&first) = truncated.first() else {
        return;
    };
    let span = parsed.source_spans.get(&first).cloned().unwrap_or(0..0);
    let numbers: Vec<String> = truncated.iter().map(|n| format!("[{n}]")).collect();
    let message = if truncated.len() == 1 {
        format!("the address of source {} is truncated", numbers[0])
    } else {
        format!(
            "the addresses of {} sources are truncated: {}",
            truncated.len(),
            numbers.join(" ")
        )
    };
    // The lines to paste into the sidecar, each address as far as the snapshot has it, for
    // the user to complete: `briefing links` checks none of them, having nothing to check.
    let mut lines = String::from("[sources]");
    for source in parsed
        .briefing
        .sources
        .iter()
        .filter(|source| source.truncated)
    {
        let address = crate::address::href_of(&source.url);
        lines.push_str(&format!("\n{} = \"{address}…\"", source.number));
    }
    parsed.diagnostics.push(Diagnostic::warning(span, message).with_help(format!(
        "they link to their site's home page until {sidecar_name} completes them; paste these lines into it and complete each address:\n{lines}"
    )));
    crate::diagnostic::sort(&mut parsed.diagnostics);
}

/// What the readers' tests compare parses by.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Parsed;

    /// Each source as its number, address and title.
    pub(crate) fn source_rows(parsed: &Parsed) -> Vec<(u32, &str, Option<&str>)> {
        parsed
            .briefing
            .sources
            .iter()
            .map(|s| (s.number, &*s.url, s.title.as_deref()))
            .collect()
    }

    /// Each claim as its text and citations, in reading order.
    pub(crate) fn claim_rows(parsed: &Parsed) -> Vec<(&str, &[u32])> {
        parsed
            .briefing
            .claims()
            .map(|c| (&*c.text, &*c.citations))
            .collect()
    }

    /// Each claim as its label, text and citations, in reading order.
    pub(crate) fn labelled_claim_rows(parsed: &Parsed) -> Vec<(Option<&str>, &str, &[u32])> {
        parsed
            .briefing
            .claims()
            .map(|c| (c.label.as_deref(), &*c.text, &*c.citations))
            .collect()
    }

    /// Each section's heading, in reading order.
    pub(crate) fn headings(parsed: &Parsed) -> Vec<&str> {
        parsed
            .briefing
            .sections
            .iter()
            .map(|s| &*s.heading)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clipped_answer_engines_page_names_the_engine_unless_a_name_is_given() {
        let clip = |extra: &str| {
            format!(
                "---\ntitle: \"why is the sky blue\"\nsource: \"https://www.perplexity.ai/search/why-abc\"\n\
                 {extra}created: 2025-03-04\n---\nAir scatters blue light [1](https://a.example.org/sky).\n"
            )
        };
        let parsed = parse(&clip(""), Dialect::Markdown);
        assert_eq!(parsed.briefing.origin.engine.as_deref(), Some("Perplexity"));
        let parsed = parse(&clip("engine: Perplexity Pro\n"), Dialect::Markdown);
        assert_eq!(
            parsed.briefing.origin.engine.as_deref(),
            Some("Perplexity Pro")
        );
        // A sidecar's address names it too.
        let snapshot = parse_with_sidecar(
            "why is the sky blue\nAir scatters blue light [1].\n[1] https://a.example.org/sky\n",
            Dialect::Pasted,
            Some("source_url = \"https://chatgpt.com/c/6801\"\n"),
            "sky.toml",
        );
        assert_eq!(
            snapshot.parsed.briefing.origin.engine.as_deref(),
            Some("ChatGPT")
        );
    }
}
