//! Metadata from outside the answer: front matter at the top of a Markdown briefing and
//! sidecar files (`NAME.toml` beside any snapshot).
//!
//! ```toml
//! title = "Russia and Azerbaijan"
//! date = "2025-11-04"
//! tags = ["caucasus", "russia"]
//! author = "Michael Novakhov"
//! series = "russia-azerbaijan"
//!
//! [sources]                      # sidecar only
//! 3 = "https://www.britannica.com/place/Azerbaijan"
//! ```
//!
//! Both are read into [`Fields`] (key, value, span) and applied by [`apply_fields`], a
//! `Briefing → Briefing` pass; diagnostics point into the text the fields came from. In a
//! sidecar an unknown key is an error (it was written for briefing); in front matter it is
//! ignored, since front matter is often shared with other tools.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::scan::date::scan_date;
use crate::address::{domain_of, is_linkable};
use crate::diagnostic::Diagnostic;
use crate::ids::slugify;
use crate::model::Briefing;

/// A metadata value: a string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A single value.
    Text(String),
    /// A list (`tags`).
    List(Vec<String>),
}

/// Metadata fields in written order: key, value and the span of the value.
pub type Fields = Vec<(String, Value, Range<usize>)>;

/// The keys briefing reads, besides a sidecar's `[sources]`.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "tags",
    "author",
    "engine",
    "source_url",
    "series",
    "draft",
];

/// Read TOML metadata (`+++` front matter or a sidecar). `offset` is where `text` starts in
/// its file. The `[sources]` table is returned apart, as number → address with their spans.
pub fn read_toml(text: &str, offset: usize) -> Result<(Fields, Corrections), Diagnostic> {
    let invalid = |error: toml::de::Error| {
        let span = error.span().unwrap_or(0..0);
        Diagnostic::error(
            offset + span.start..offset + span.end,
            format!("metadata is not valid TOML: {}", error.message().trim()),
        )
    };
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
        toml::from_str(text).map_err(invalid)?;
    let mut fields = Fields::new();
    for (key, value) in table {
        let span = offset + value.span().start..offset + value.span().end;
        let key = key.into_inner();
        match value.into_inner() {
            _ if key == "sources" => {}
            toml::Value::Array(items) => {
                fields.push((
                    key,
                    Value::List(items.into_iter().map(scalar_text).collect()),
                    span,
                ));
            }
            other => fields.push((key, Value::Text(scalar_text(other)), span)),
        }
    }
    let SourcesOnly { sources } = toml::from_str(text).map_err(invalid)?;
    Ok((fields, sources))
}

/// The `[sources]` table alone, read a second time so that every entry keeps its own span.
#[derive(serde::Deserialize)]
struct SourcesOnly {
    #[serde(default)]
    sources: Corrections,
}

/// A sidecar's `[sources]`: source number → full address, each with its span.
pub type Corrections = BTreeMap<Spanned<String>, Spanned<String>>;

/// A TOML scalar as text: strings as they are, numbers, booleans and dates as written.
fn scalar_text(value: toml::Value) -> String {
    match value {
        toml::Value::String(text) => text,
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(n) => n.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(date) => date.to_string(),
        toml::Value::Array(_) | toml::Value::Table(_) => String::new(),
    }
}

/// Read the YAML that answer engines and static site generators put in front matter: flat
/// `key: value` lines, quoted or bare values, `[a, b]` lists and `- item` lists. Nested
/// mappings and other YAML are skipped with a warning rather than misread.
pub fn read_yaml(text: &str, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Fields {
    let mut fields = Fields::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let at = offset + line_start;
        line_start += line.len();
        let trimmed = line.trim_end();
        let content = trimmed.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - content.len();
        if let Some(item) = content
            .strip_prefix("- ")
            .or_else(|| (content == "-").then_some(""))
        {
            let item = unquote(item.trim());
            match fields.last_mut() {
                Some((_, Value::List(items), span)) => {
                    items.push(item);
                    span.end = at + trimmed.len();
                }
                Some((_, value, span)) if *value == Value::Text(String::new()) => {
                    *value = Value::List(vec![item]);
                    span.end = at + trimmed.len();
                }
                _ => diagnostics.push(Diagnostic::warning(
                    at..at + trimmed.len(),
                    "front matter list item without a key; ignored",
                )),
            }
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            diagnostics.push(Diagnostic::warning(
                at..at + trimmed.len(),
                "front matter line is not `key: value`; ignored",
            ));
            continue;
        };
        if indent > 0 {
            diagnostics.push(Diagnostic::warning(
                at..at + trimmed.len(),
                "nested front matter is not read; ignored",
            ));
            continue;
        }
        let value_at = at + indent + key.len() + 1 + (value.len() - value.trim_start().len());
        let value = strip_comment(value.trim());
        let span = value_at..value_at + value.len();
        let parsed = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => Value::List(
                list.split(',')
                    .map(|item| unquote(item.trim()))
                    .filter(|item| !item.is_empty())
                    .collect(),
            ),
            None => Value::Text(unquote(value)),
        };
        fields.push((key.trim().to_owned(), parsed, span));
    }
    fields
}

/// A value without a trailing ` # comment` (outside quotes).
fn strip_comment(value: &str) -> &str {
    if value.starts_with(['"', '\'']) {
        return value;
    }
    value.find(" #").map_or(value, |at| value[..at].trim_end())
}

/// A YAML scalar without its quotes.
fn unquote(value: &str) -> String {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.replace("\\\"", "\"");
        }
    }
    value.to_owned()
}

/// Where fields come from, which decides how strict their reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsFrom {
    /// A sidecar: unknown keys are errors.
    Sidecar,
    /// Front matter: unknown keys are ignored.
    FrontMatter,
}

/// Apply metadata fields to `briefing`.
pub fn apply_fields(briefing: &mut Briefing, fields: Fields, from: FieldsFrom) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (key, value, span) in fields {
        let text = match &value {
            Value::Text(text) => text.trim().to_owned(),
            Value::List(items) => items.join(", "),
        };
        // `author:` with nothing after it (as web clippers write empty fields) says nothing.
        if text.is_empty() {
            continue;
        }
        let front_matter = from == FieldsFrom::FrontMatter;
        match key.as_str() {
            "title" => {
                briefing.title =
                    Some(crate::parse::vocabulary::strip_title_suffix(&text).to_owned())
            }
            // Obsidian Web Clipper's names: `source` is the page clipped, `created` the day.
            "source"
                if front_matter
                    && briefing.origin.url.is_none()
                    && crate::address::scan_address(&text).is_some() =>
            {
                briefing.origin.url = Some(text.trim_end_matches('…').to_owned());
                briefing.origin.truncated = text.ends_with('…');
            }
            "created" if front_matter && briefing.captured.date.is_none() => {
                if let Some((_, date)) = scan_date(text.get(..10).unwrap_or(&text)) {
                    briefing.captured.date = Some(date.date);
                }
            }
            "author" => briefing.captured.author = Some(text),
            "engine" => briefing.origin.engine = Some(text),
            "series" => briefing.series = Some(text),
            "draft" => match text.as_str() {
                "true" => briefing.draft = true,
                "false" => briefing.draft = false,
                _ => diagnostics.push(
                    Diagnostic::error(span, format!("`draft = {text}` is neither true nor false"))
                        .with_help("write draft = true, or leave it out"),
                ),
            },
            "source_url" => {
                let truncated = text.ends_with('…');
                briefing.origin.url = Some(text.trim_end_matches('…').to_owned());
                briefing.origin.truncated = truncated;
            }
            "date" => match scan_date(&text) {
                Some((consumed, date))
                    if text[consumed..].trim().is_empty() || text[consumed..].starts_with('T') =>
                {
                    briefing.captured.date = Some(date.date);
                }
                _ => diagnostics.push(
                    Diagnostic::error(span, format!("`{text}` is not a date"))
                        .with_help("write it as YYYY-MM-DD"),
                ),
            },
            "tags" => {
                let items = match value {
                    Value::List(items) => items,
                    Value::Text(text) => text.split(',').map(str::to_owned).collect(),
                };
                let mut tags: Vec<String> = Vec::new();
                briefing.tag_names.clear();
                for item in &items {
                    let name = item.trim();
                    let slug = slugify(name);
                    if slug.is_empty() {
                        continue;
                    }
                    // The first writing of a tag is how it is shown.
                    if name != slug && !briefing.tag_names.contains_key(&slug) {
                        briefing.tag_names.insert(slug.clone(), name.to_owned());
                    }
                    tags.push(slug);
                }
                tags.sort();
                tags.dedup();
                briefing.tags = tags;
            }
            _ if from == FieldsFrom::Sidecar => diagnostics.push(
                Diagnostic::error(span, format!("unknown key `{key}` in the sidecar")).with_help(
                    format!("the keys are {} and [sources]", KNOWN_KEYS.join(", ")),
                ),
            ),
            _ => {}
        }
    }
    diagnostics
}

/// Apply a sidecar's `text` to `briefing`. Returns diagnostics located in the sidecar.
pub fn apply_sidecar(briefing: &mut Briefing, text: &str) -> Vec<Diagnostic> {
    let (fields, sources) = match read_toml(text, 0) {
        Ok(read) => read,
        Err(diagnostic) => {
            return vec![diagnostic.with_help(
            "keys are title, date, tags, author, engine, source_url, series, draft and [sources]",
        )]
        }
    };
    let mut diagnostics = apply_fields(briefing, fields, FieldsFrom::Sidecar);
    for (number, url) in sources {
        let source = number.get_ref().parse::<u32>().ok().and_then(|n| {
            briefing
                .sources
                .iter_mut()
                .find(|source| source.number == n)
        });
        let Some(source) = source else {
            diagnostics.push(
                Diagnostic::error(
                    number.span(),
                    format!(
                        "[sources] names source [{}], which the snapshot does not have",
                        number.get_ref()
                    ),
                )
                .with_help("use the number the source has in the snapshot's list"),
            );
            continue;
        };
        if url
            .get_ref()
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            diagnostics.push(
                Diagnostic::error(
                    url.span(),
                    "an address cannot hold spaces, line breaks or control characters",
                )
                .with_help("write the address on one line, with spaces as %20"),
            );
            continue;
        }
        if !is_linkable(url.get_ref()) || !url.get_ref().contains("://") {
            diagnostics.push(
                Diagnostic::error(
                    url.span(),
                    "only http and https addresses can correct a source",
                )
                .with_help("write the full address, starting with https://"),
            );
            continue;
        }
        let address = url.get_ref().trim();
        if address.ends_with('…') || address.ends_with("...") {
            diagnostics.push(
                Diagnostic::warning(url.span(), "this address is still cut short (it ends in …)")
                    .with_help("write the whole address, as the page's address bar shows it"),
            );
            continue;
        }
        source.url = address.to_owned();
        source.domain = domain_of(&source.url);
        source.truncated = false;
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn briefing_with_source() -> Briefing {
        let mut briefing = Briefing::new();
        briefing.sources.push(Source {
            number: 3,
            url: "britannica.com/place/Azerbai".into(),
            truncated: true,
            domain: "britannica.com".into(),
            title: None,
        });
        briefing
    }

    #[test]
    fn corrections_replace_truncated_addresses() {
        let mut briefing = briefing_with_source();
        let text = "title = \"T\"\ndate = \"Nov 4, 2025\"\ntags = [\"Caucasus\", \"russia\", \"caucasus\"]\n[sources]\n3 = \"https://www.britannica.com/place/Azerbaijan\"\n";
        assert_eq!(apply_sidecar(&mut briefing, text), vec![]);
        assert_eq!(briefing.title.as_deref(), Some("T"));
        assert_eq!(
            briefing.captured.date.map(|d| d.to_string()).as_deref(),
            Some("2025-11-04")
        );
        assert_eq!(briefing.tags, ["caucasus", "russia"]);
        let source = &briefing.sources[0];
        assert_eq!(source.url, "https://www.britannica.com/place/Azerbaijan");
        assert!(!source.truncated);
    }

    #[test]
    fn unknown_source_numbers_keys_and_bad_toml_are_errors_with_spans() {
        let mut briefing = briefing_with_source();
        let text = "[sources]\n12 = \"https://example.com\"\n";
        let diagnostics = apply_sidecar(&mut briefing, text);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].is_error());
        assert_eq!(&text[diagnostics[0].span.clone()], "12");

        let diagnostics = apply_sidecar(&mut briefing, "title = \n");
        assert!(diagnostics[0]
            .message
            .starts_with("metadata is not valid TOML"));
        let diagnostics = apply_sidecar(&mut briefing, "titel = \"x\"\n");
        assert_eq!(diagnostics[0].message, "unknown key `titel` in the sidecar");
        let diagnostics = apply_sidecar(
            &mut briefing,
            "[sources]\n3 = \"https://a.org/x\\n</details>\"\n",
        );
        assert!(
            diagnostics[0].message.contains("line breaks"),
            "{diagnostics:?}"
        );
        let diagnostics = apply_sidecar(&mut briefing, "[sources]\n3 = \"javascript:alert(1)\"\n");
        assert!(diagnostics[0].is_error());
        assert!(briefing.sources[0].truncated);
    }

    #[test]
    fn a_correction_pasted_without_completing_it_is_not_taken() {
        let mut briefing = briefing_with_source();
        let text = "[sources]\n3 = \"https://britannica.com/place/Azerbai…\"\n";
        let diagnostics = apply_sidecar(&mut briefing, text);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("still cut short"));
        assert_eq!(
            &text[diagnostics[0].span.clone()],
            "\"https://britannica.com/place/Azerbai…\""
        );
        assert!(briefing.sources[0].truncated);
        assert_eq!(briefing.sources[0].url, "britannica.com/place/Azerbai");
    }

    #[test]
    fn yaml_front_matter_in_its_common_shapes() {
        let text = "title: \"Bees: a primer\"\ndate: 2025-01-15\ntags: [Bees, 'winter']\nauthor: Ann # the keeper\nseries:\n  - ignored-as-list\nextra:\n  nested: x\nlist:\n- a\n- b\n";
        let mut diagnostics = Vec::new();
        let fields = read_yaml(text, 0, &mut diagnostics);
        let mut briefing = Briefing::new();
        assert_eq!(
            apply_fields(&mut briefing, fields.clone(), FieldsFrom::FrontMatter),
            vec![]
        );
        assert_eq!(briefing.title.as_deref(), Some("Bees: a primer"));
        assert_eq!(
            briefing.captured.date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-15")
        );
        assert_eq!(briefing.tags, ["bees", "winter"]);
        assert_eq!(briefing.captured.author.as_deref(), Some("Ann"));
        let list = fields.iter().find(|(key, ..)| key == "list").unwrap();
        assert_eq!(list.1, Value::List(vec!["a".into(), "b".into()]));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(&text[fields[1].2.clone()], "2025-01-15");
    }
}
