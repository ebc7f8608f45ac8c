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
use super::shared::complete_address;
use crate::address::is_linkable;
use crate::diagnostic::Diagnostic;
use crate::ids::slugify;
use crate::model::{Briefing, Date, Review, ReviewStatus};

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
/// its file. The `[sources]` table is returned apart, as number → address with their spans,
/// and so are the `[review.<claim id>]` tables, spans counted from the start of the file.
pub fn read_toml(text: &str, offset: usize) -> Result<(Fields, Corrections, Reviews), Diagnostic> {
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
    // `[sources]` and `[review.…]` are read apart below, when they have their shape; a key of
    // either name shaped otherwise is a field like any other (another tool's, in front
    // matter), which a sidecar refuses.
    let (mut sources_shaped, mut reviews_shaped) = (false, false);
    for (key, value) in table {
        let span = offset + value.span().start..offset + value.span().end;
        let key = key.into_inner();
        let tables_of = |check: fn(&toml::Value) -> bool| match value.get_ref() {
            toml::Value::Table(entries) => entries.values().all(check),
            _ => false,
        };
        if key == "sources" && tables_of(|v| v.is_str()) {
            sources_shaped = true;
            continue;
        }
        if key == "review" && tables_of(|v| v.is_table()) {
            reviews_shaped = true;
            continue;
        }
        match value.into_inner() {
            toml::Value::Table(_) if key == "sources" || key == "review" => {
                fields.push((key, Value::Text("(a table)".to_owned()), span));
            }
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
    let sources = match sources_shaped {
        true => {
            toml::from_str::<SourcesOnly>(text)
                .map_err(invalid)?
                .sources
        }
        false => Corrections::new(),
    };
    let review = match reviews_shaped {
        true => toml::from_str::<ReviewsOnly>(text).map_err(invalid)?.review,
        false => BTreeMap::new(),
    };
    let at = |span: Range<usize>| offset + span.start..offset + span.end;
    let reviews = review
        .into_iter()
        .map(|(id, table)| WrittenReview {
            id_span: at(id.span()),
            id: id.into_inner(),
            status_span: at(table.status.span()),
            status: table.status.into_inner(),
            note: table.note,
            by: table.by,
            date: table
                .date
                .map(|date| (at(date.span()), scalar_text(date.into_inner()))),
        })
        .collect();
    Ok((fields, sources, reviews))
}

/// The `[sources]` table alone, read a second time so that every entry keeps its own span.
#[derive(serde::Deserialize)]
struct SourcesOnly {
    sources: Corrections,
}

/// The `[review.…]` tables alone, read a second time so that every entry keeps its own span.
#[derive(serde::Deserialize)]
struct ReviewsOnly {
    review: BTreeMap<Spanned<String>, ReviewTable>,
}

/// One `[review.<claim id>]` table.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewTable {
    status: Spanned<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    date: Option<Spanned<toml::Value>>,
}

/// A review as written, before it is checked and given to its claim:
///
/// ```toml
/// [review.plane-incident]
/// status = "disputed"            # verified | disputed | unsupported | outdated
/// note = "Russia's investigation names a bird strike; Azerbaijan's names a missile."
/// by = "Desk B"
/// date = 2025-11-06
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenReview {
    /// The id of the claim it reviews.
    pub id: String,
    /// Where the id is written.
    pub id_span: Range<usize>,
    /// The status as written.
    pub status: String,
    /// Where the status is written.
    pub status_span: Range<usize>,
    /// Why.
    pub note: Option<String>,
    /// Who reviewed.
    pub by: Option<String>,
    /// Where the date is written, and the date as written.
    pub date: Option<(Range<usize>, String)>,
}

/// The reviews of a sidecar or front matter, by claim id.
pub type Reviews = Vec<WrittenReview>;

/// Give each review to the claim it names. A status or date briefing cannot read is an
/// error; a review that names no claim is a warning with the ids closest to the one written,
/// since a reworded claim gets a new id and its review would otherwise be lost in silence.
pub fn apply_reviews(briefing: &mut Briefing, reviews: Reviews) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for written in reviews {
        let Some(status) = ReviewStatus::parse(written.status.trim()) else {
            diagnostics.push(
                Diagnostic::error(
                    written.status_span,
                    format!("`{}` is not a review status", written.status),
                )
                .with_help("write verified, disputed, unsupported or outdated"),
            );
            continue;
        };
        let date = match &written.date {
            None => None,
            Some((span, text)) => match Date::parse_iso(text.trim()) {
                Some(date) => Some(date),
                None => {
                    diagnostics.push(
                        Diagnostic::error(span.clone(), format!("`{text}` is not a date"))
                            .with_help("write it as YYYY-MM-DD"),
                    );
                    continue;
                }
            },
        };
        let review = Review {
            status,
            note: written
                .note
                .map(|note| note.trim().to_owned())
                .filter(|n| !n.is_empty()),
            by: written
                .by
                .map(|by| by.trim().to_owned())
                .filter(|by| !by.is_empty()),
            date,
        };
        let claim = briefing
            .summary
            .iter_mut()
            .chain(
                briefing
                    .sections
                    .iter_mut()
                    .flat_map(|s| s.claims.iter_mut()),
            )
            .find(|claim| *claim.id == *written.id);
        match claim {
            Some(claim) => claim.review = Some(Box::new(review)),
            None => diagnostics.push(unknown_claim(briefing, &written.id, written.id_span)),
        }
    }
    diagnostics
}

/// The warning for a review of `id`, which no claim of `briefing` has.
fn unknown_claim(briefing: &Briefing, id: &str, span: Range<usize>) -> Diagnostic {
    let mut close: Vec<(f64, &str)> = briefing
        .claims()
        .map(|claim| (strsim::normalized_levenshtein(id, &claim.id), &*claim.id))
        .filter(|(likeness, _)| *likeness >= 0.4)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let names: Vec<String> = close
        .iter()
        .take(3)
        .map(|(_, id)| format!("`{id}`"))
        .collect();
    let help = if names.is_empty() {
        "a claim's id comes from its label or first words, so rewording it changes the id; \
         `briefing parse FILE` lists the ids"
            .to_owned()
    } else {
        format!(
            "was the claim reworded? the closest ids are {}; move the review to the claim's id now",
            names.join(", ")
        )
    };
    Diagnostic::warning(
        span,
        format!("the review of `{id}` names no claim of this briefing; it is not shown"),
    )
    .with_help(help)
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
            "sources" | "review" if from == FieldsFrom::Sidecar => diagnostics.push(
                Diagnostic::error(span, format!("`{key}` is not shaped as briefing reads it"))
                    .with_help(if key == "sources" {
                        "write [sources] with one line a source: 3 = \"https://…\""
                    } else {
                        "write one table a claim: [review.<claim id>] with status = \"verified\""
                    }),
            ),
            // Front matter holds whatever a clipper or another tool writes, so only a key
            // that looks like a misspelt one of briefing's is worth a word.
            _ if front_matter => {
                if let Some(meant) = misspelt_key(&key) {
                    diagnostics.push(
                        Diagnostic::warning(
                            span,
                            format!("front matter key `{key}` is not one briefing reads; ignored"),
                        )
                        .with_help(format!("did you mean `{meant}`?")),
                    );
                }
            }
            _ if from == FieldsFrom::Sidecar => diagnostics.push(
                Diagnostic::error(span, format!("unknown key `{key}` in the sidecar")).with_help(
                    format!(
                        "the keys are {}, [sources] and [review.<claim id>]",
                        KNOWN_KEYS.join(", ")
                    ),
                ),
            ),
            _ => {}
        }
    }
    diagnostics
}

/// The key of briefing's that `key` looks like a misspelling of (`titel`, `Tags`, `tag`):
/// one edit away, or two for a key of six letters or more.
fn misspelt_key(key: &str) -> Option<&'static str> {
    let key = key.trim().to_lowercase();
    if key.len() < 3 {
        return None;
    }
    KNOWN_KEYS.iter().copied().find(|known| {
        let allowed = if known.len() >= 6 { 2 } else { 1 };
        strsim::damerau_levenshtein(&key, known) <= allowed
    })
}

/// Apply a sidecar's `text` to `briefing`. Returns diagnostics located in the sidecar.
pub fn apply_sidecar(briefing: &mut Briefing, text: &str) -> Vec<Diagnostic> {
    let (fields, sources, reviews) = match read_toml(text, 0) {
        Ok(read) => read,
        Err(diagnostic) => {
            return vec![diagnostic.with_help(
            "keys are title, date, tags, author, engine, source_url, series, draft, [sources] and [review.<claim id>]",
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
        complete_address(source, address.to_owned());
    }
    diagnostics.extend(apply_reviews(briefing, reviews));
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
        assert_eq!(&*source.url, "https://www.britannica.com/place/Azerbaijan");
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

    /// A pasted briefing with two claims: `plane-incident` (labelled) and one by its words.
    fn reviewed(sidecar: &str) -> (Briefing, Vec<Diagnostic>) {
        let text = "q – Google\nPlane incident: A plane was shot down. [1]\nTrade grew in 2024. [1]\n[1] https://a.example/x\n";
        let mut briefing = crate::parse::parse(text, crate::parse::Dialect::Pasted).briefing;
        let diagnostics = apply_sidecar(&mut briefing, sidecar);
        (briefing, diagnostics)
    }

    #[test]
    fn a_review_goes_to_the_claim_it_names() {
        let (briefing, diagnostics) = reviewed(
            "[review.plane-incident]\nstatus = \"disputed\"\nnote = \" Two investigations disagree. \"\nby = \"Desk B\"\ndate = 2025-11-06\n",
        );
        assert_eq!(diagnostics, vec![]);
        let claim = briefing
            .claims()
            .find(|c| &*c.id == "plane-incident")
            .unwrap();
        assert_eq!(
            claim.review,
            Some(Box::new(Review {
                status: ReviewStatus::Disputed,
                note: Some("Two investigations disagree.".into()),
                by: Some("Desk B".into()),
                date: Date::new(2025, 11, 6),
            }))
        );
        assert!(briefing.claims().filter(|c| c.review.is_some()).count() == 1);
    }

    #[test]
    fn a_review_of_a_reworded_claim_says_which_ids_are_close() {
        let text = "[review.plane-incidents]\nstatus = \"verified\"\n";
        let (briefing, diagnostics) = reviewed(text);
        assert!(briefing.claims().all(|c| c.review.is_none()));
        assert_eq!(diagnostics.len(), 1);
        let warning = &diagnostics[0];
        assert!(!warning.is_error());
        assert_eq!(&text[warning.span.clone()], "plane-incidents");
        assert!(
            warning.message.contains("names no claim"),
            "{}",
            warning.message
        );
        let help = warning.help.as_deref().unwrap();
        assert!(help.contains("`plane-incident`"), "{help}");
        assert!(!help.contains("trade"), "not close: {help}");
    }

    #[test]
    fn a_review_briefing_cannot_read_is_an_error_at_its_value() {
        let text = "[review.plane-incident]\nstatus = \"wrong\"\n";
        let (_, diagnostics) = reviewed(text);
        assert!(diagnostics[0].is_error());
        assert_eq!(&text[diagnostics[0].span.clone()], "\"wrong\"");
        let text = "[review.plane-incident]\nstatus = \"verified\"\ndate = \"soon\"\n";
        let (_, diagnostics) = reviewed(text);
        assert!(diagnostics[0].message.contains("not a date"));
        let (_, diagnostics) =
            reviewed("[review.plane-incident]\nstatus = \"verified\"\nnotes = \"x\"\n");
        assert!(diagnostics[0].is_error());
        assert!(
            diagnostics[0].message.contains("notes"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn misshapen_sources_and_reviews_are_errors_in_a_sidecar_and_ignored_in_front_matter() {
        for text in [
            "review = true\n",
            "[review]\nstatus = \"verified\"\n",
            "sources = [\"a\"]\n",
        ] {
            let (_, diagnostics) = reviewed(text);
            assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:?}");
            assert!(diagnostics[0].is_error());
            assert!(
                diagnostics[0].message.contains("is not shaped"),
                "{diagnostics:?}"
            );
        }
        let text = "+++\ntitle = \"T\"\nreview = true\nsources = [\"x\"]\n+++\n\n- Bees sleep.[^1]\n\n[^1]: https://a.example/\n";
        let parsed = crate::parse::parse(text, crate::parse::Dialect::Markdown);
        assert_eq!(parsed.briefing.title.as_deref(), Some("T"));
        assert!(
            parsed.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            parsed.diagnostics
        );
    }

    #[test]
    fn a_misspelt_front_matter_key_is_a_warning_and_any_other_is_ignored() {
        let text = "---\ntitel: Lakes\nTags: [ice]\ndescription: A clip\naliases: [x]\n---\n\nLakes freeze.[^1]\n\n[^1]: https://a.example/\n";
        let parsed = crate::parse::parse(text, crate::parse::Dialect::Markdown);
        let keys: Vec<(&str, Option<&str>, usize)> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("front matter key"))
            .map(|d| (&*d.message, d.help.as_deref(), d.span.start))
            .collect();
        assert_eq!(
            keys,
            [
                (
                    "front matter key `titel` is not one briefing reads; ignored",
                    Some("did you mean `title`?"),
                    text.find("Lakes").unwrap()
                ),
                (
                    "front matter key `Tags` is not one briefing reads; ignored",
                    Some("did you mean `tags`?"),
                    text.find("[ice]").unwrap()
                )
            ]
        );
        assert!(parsed.diagnostics.iter().all(|d| !d.is_error()));
        assert_eq!(parsed.briefing.title, None);
    }

    #[test]
    fn front_matter_reviews_its_own_claims() {
        let text = "+++\ntitle = \"T\"\n[review.bees-sleep]\nstatus = \"outdated\"\n[review.gone]\nstatus = \"verified\"\n+++\n\n- Bees sleep.[^1]\n\n[^1]: https://a.example/\n";
        let parsed = crate::parse::parse(text, crate::parse::Dialect::Markdown);
        let claim = parsed.briefing.claims().next().unwrap();
        assert_eq!(&*claim.id, "bees-sleep");
        assert_eq!(
            claim.review.as_ref().map(|r| r.status),
            Some(ReviewStatus::Outdated)
        );
        let warning = parsed
            .diagnostics
            .iter()
            .find(|d| d.message.contains("names no claim"))
            .unwrap();
        assert_eq!(&text[warning.span.clone()], "gone");
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
        assert_eq!(&*briefing.sources[0].url, "britannica.com/place/Azerbai");
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
