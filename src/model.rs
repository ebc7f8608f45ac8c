//! The claim model: what a snapshot says, as plain data.
//!
//! This is the JSON that `briefing parse FILE --format json` prints and that every
//! `<slug>/briefing.json` holds (schema 1). Fields may be added in later versions of the
//! schema, never renamed or removed. Anything the snapshot does not say is `null` or `[]`,
//! never guessed.
//!
//! ```json
//! {
//!   "schema": 1,
//!   "slug": "russia-and-azerbaijan",
//!   "title": "russia and azerbaijan",
//!   "query": "russia and azerbaijan",
//!   "origin": {"engine": "Google Search", "url": "google.com/search?q=russia+a", "truncated": true},
//!   "captured": {"author": "Michael Novakhov", "handle": "@mikenov", "date": "2025-11-04"},
//!   "tags": [],
//!   "series": null,
//!   "summary": [{"id": "…", "label": null, "text": "…", "citations": [1, 2]}],
//!   "sections": [{"id": "…", "heading": "…", "claims": [ … ]}],
//!   "disclaimer": "AI responses may include mistakes.",
//!   "sources": [{"number": 1, "url": "jamestown.org/program/azerba", "truncated": true,
//!                "domain": "jamestown.org", "title": null}],
//!   "diagnostics": [{"severity": "warning", "line": 11, "column": 1, "message": "…"}]
//! }
//! ```
//!
//! The `diagnostics` member is not part of [`Briefing`]: diagnostics carry byte spans and are
//! turned into line and column only when printed (see [`crate::diagnostic`]).

use serde::{Deserialize, Serialize};

pub use crate::date::Date;

/// The version of the JSON shape documented above.
pub const SCHEMA_VERSION: u32 = 1;

/// One briefing: a snapshot's claims, grouped into sections, and the sources they cite.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Briefing {
    /// Always [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The path under `content/` without extension, lowered to `[a-z0-9-]` per segment.
    /// Empty when a snapshot is parsed on its own, outside a site.
    pub slug: String,
    /// The title: a sidecar's `title`, the first `#` heading, or the query line.
    pub title: Option<String>,
    /// What the user asked the answer engine, when the snapshot shows it.
    pub query: Option<String>,
    /// Where the answer came from.
    pub origin: Origin,
    /// Who captured the snapshot and when.
    pub captured: Capture,
    /// Topic tags, from a sidecar or front matter, as slugs for addresses; sorted and unique.
    pub tags: Vec<String>,
    /// How a tag is written where that differs from its slug (`hvac-plumbing` → `HVAC &
    /// Plumbing`), for pages to show. Absent from the JSON when every tag is its own slug.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub tag_names: std::collections::BTreeMap<String, String>,
    /// The series of captures this one belongs to, from a sidecar or front matter.
    pub series: Option<String>,
    /// Claims before the first section heading.
    pub summary: Vec<Claim>,
    /// The sections, in the order of the snapshot.
    pub sections: Vec<Section>,
    /// The engine's disclaimer line ("AI responses may include mistakes."), if any.
    pub disclaimer: Option<String>,
    /// The sources, in the order they are numbered.
    pub sources: Vec<Source>,
    /// A draft (`draft = true` in a sidecar or front matter): built only with `--drafts`, and
    /// by `serve`. Absent from the JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

/// The answer engine and address a snapshot came from.
#[derive(Debug, Clone, Default, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The engine's name as written ("Google Search", "Perplexity").
    pub engine: Option<String>,
    /// The address of the answer page as written, without a trailing `…`.
    pub url: Option<String>,
    /// Whether `url` was cut short in the snapshot.
    pub truncated: bool,
}

/// Who captured the snapshot, and when.
#[derive(Debug, Clone, Default, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Capture {
    /// The person's name, from a signature line or a sidecar.
    pub author: Option<String>,
    /// Their handle, with its `@`.
    pub handle: Option<String>,
    /// The capture date, written `YYYY-MM-DD` in JSON.
    pub date: Option<Date>,
}

/// A section: a heading and the claims under it.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Content-derived id, unique within the briefing (`recent-tensions-and-events`).
    pub id: String,
    /// The heading as written, without a trailing `:` or `[edit]`.
    pub heading: String,
    /// The claims under the heading.
    pub claims: Vec<Claim>,
}

/// A claim: one statement and the sources it rests on.
///
/// Its texts and lists are boxed to their length (`Box<str>`, `Box<[T]>`), not growable: a
/// build holds every claim of the site at once (~450,000 at 50,000 briefings), and a
/// `String`'s or `Vec`'s capacity word made each claim 40 bytes larger. With [`Source`]'s, the
/// peak memory of a build at 50,000 briefings fell by ~30 MiB (BENCHMARKS.md).
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Content-derived id, unique within the briefing: from the label, else the first words.
    pub id: Box<str>,
    /// The `Label:` the claim starts with, without the colon.
    pub label: Option<Box<str>>,
    /// Plain text, without citation markers or Markdown syntax.
    pub text: Box<str>,
    /// The text in runs of one style each (emphasis, code, a link), whose texts joined are
    /// `text`; absent when the claim has no inline styling (as in pasted text).
    #[serde(default, skip_serializing_if = "<[Span]>::is_empty")]
    pub spans: Box<[Span]>,
    /// The numbers of the cited sources, in the order cited, each once. Empty: uncited.
    pub citations: Box<[u32]>,
    /// An editor's review of the claim, from the sidecar's or front matter's
    /// `[review.<claim id>]`; absent when nobody reviewed it. Boxed: few claims have one, and
    /// inline it would make every claim of a large site 48 bytes larger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Box<Review>>,
}

/// An editor's judgement of a claim: `{"status": "disputed", "note": "…", "by": "Desk B",
/// "date": "2025-11-06"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Review {
    /// What the editor found.
    pub status: ReviewStatus,
    /// Why, in a sentence or two.
    pub note: Option<String>,
    /// Who reviewed it.
    pub by: Option<String>,
    /// When.
    pub date: Option<Date>,
}

/// The verdicts a review can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Its sources say what it says.
    Verified,
    /// Its sources, or others, say otherwise.
    Disputed,
    /// Its sources do not say it.
    Unsupported,
    /// It was true, and is no longer.
    Outdated,
}

impl ReviewStatus {
    /// Every status, in the order pages list them.
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Verified,
        ReviewStatus::Disputed,
        ReviewStatus::Unsupported,
        ReviewStatus::Outdated,
    ];

    /// The status as written in a sidecar and in JSON: `disputed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Verified => "verified",
            ReviewStatus::Disputed => "disputed",
            ReviewStatus::Unsupported => "unsupported",
            ReviewStatus::Outdated => "outdated",
        }
    }

    /// The status written in a sidecar, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// A run of a claim's text in one style: `{"text": "deal", "link": "https://…"}`.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text, as shown.
    pub text: String,
    /// How it is styled; unset styles are absent from the JSON.
    #[serde(flatten)]
    pub style: Style,
}

/// How a run of text is styled. Pages decide how each style looks, and which links may
/// become links.
#[derive(Debug, Clone, Default, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Style {
    /// `*emphasis*`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emphasis: bool,
    /// `**strong**`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    /// `` `code` ``.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub code: bool,
    /// `~~struck~~`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strikethrough: bool,
    /// The target of the link the run is in, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Style {
    /// Whether no style is set.
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }
}

/// A source from the snapshot's source list. Its texts are boxed to their length, as a
/// [`Claim`]'s are.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The number claims cite it by.
    pub number: u32,
    /// The address as written (or as corrected by a sidecar), without a trailing `…`; `null`
    /// in JSON for a source named without one (a book, a file, a source card).
    #[serde(with = "empty_is_null")]
    pub url: Box<str>,
    /// Whether the address was cut short and not corrected.
    pub truncated: bool,
    /// The host of the address, lowercase, without `www.`; `null` in JSON when there is none.
    #[serde(with = "empty_is_null")]
    pub domain: Box<str>,
    /// The source's title, where the snapshot gives one.
    pub title: Option<Box<str>>,
}

impl Briefing {
    /// An empty briefing of the current schema.
    pub fn new() -> Self {
        Briefing {
            schema: SCHEMA_VERSION,
            slug: String::new(),
            title: None,
            query: None,
            origin: Origin::default(),
            captured: Capture::default(),
            tags: Vec::new(),
            tag_names: std::collections::BTreeMap::new(),
            series: None,
            summary: Vec::new(),
            sections: Vec::new(),
            disclaimer: None,
            sources: Vec::new(),
            draft: false,
        }
    }

    /// Every claim, summary first, then section by section.
    pub fn claims(&self) -> impl Iterator<Item = &Claim> {
        self.summary
            .iter()
            .chain(self.sections.iter().flat_map(|section| &section.claims))
    }

    /// The source with this number. Sources are almost always numbered 1, 2, 3… in order, so
    /// the source at that place is tried first: a page with thousands of citations looks each
    /// up at once instead of searching the list.
    pub fn source(&self, number: u32) -> Option<&Source> {
        let at_its_place = usize::try_from(number)
            .ok()
            .and_then(|number| number.checked_sub(1))
            .and_then(|index| self.sources.get(index))
            .filter(|source| source.number == number);
        at_its_place.or_else(|| self.sources.iter().find(|source| source.number == number))
    }

    /// How many claims cite nothing.
    pub fn uncited_count(&self) -> usize {
        self.claims()
            .filter(|claim| claim.citations.is_empty())
            .count()
    }
}

impl Default for Briefing {
    fn default() -> Self {
        Self::new()
    }
}

impl Briefing {
    /// How `tag` (a slug) is shown: as written in the sidecar or front matter.
    pub fn tag_name<'a>(&'a self, tag: &'a str) -> &'a str {
        self.tag_names.get(tag).map_or(tag, String::as_str)
    }
}

impl Claim {
    /// Whether the claim cites no source.
    pub fn is_uncited(&self) -> bool {
        self.citations.is_empty()
    }
}

/// Empty text as JSON `null` (SPEC 3: what the snapshot does not say is `null`, never `""`),
/// and `null` back as empty text.
mod empty_is_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        if text.is_empty() {
            serializer.serialize_none()
        } else {
            serializer.serialize_str(text)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<str>, D::Error> {
        Ok(Option::<Box<str>>::deserialize(deserializer)?.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_write_only_the_styles_they_have() {
        let span = Span {
            text: "deal".to_owned(),
            style: Style {
                emphasis: true,
                link: Some("https://a.org/".to_owned()),
                ..Style::default()
            },
        };
        let json = serde_json::to_string(&span).unwrap();
        assert_eq!(
            json,
            r#"{"text":"deal","emphasis":true,"link":"https://a.org/"}"#
        );
        assert_eq!(serde_json::from_str::<Span>(&json).unwrap(), span);
    }

    #[test]
    fn a_source_without_an_address_has_null_url_and_domain() {
        let source = Source {
            number: 1,
            url: Box::default(),
            truncated: false,
            domain: Box::default(),
            title: Some("Prompts.docx".into()),
        };
        let json = serde_json::to_value(&source).unwrap();
        assert!(json["url"].is_null() && json["domain"].is_null(), "{json}");
        let back: Source = serde_json::from_value(json).unwrap();
        assert_eq!(back, source);
    }
}
