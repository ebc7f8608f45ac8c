//! The memo's form of a parse: compact bytes, read back in under a third of the instructions
//! JSON took.
//!
//! Rereading the kept parses as JSON was a fifth of a rebuild's instructions, and writing them
//! 2–3 % of a first build's. The memo is only ever read by the binary that wrote it (its key
//! holds the binary's hash), so it needs no field names, no schema and no stability: each
//! value is its fields in order, numbers as LEB128 varints, strings and lists after their
//! length, an option or a flag as one byte. The serde formats that handle the model's
//! attributes (`flatten`, `skip_serializing_if`) describe themselves, and the fastest of them
//! (MessagePack) read a parse back less than twice as fast as JSON.
//!
//! Every struct is packed and unpacked through a pattern that names all its fields
//! ([`packed_struct!`]), so a field added to the model and not to its line here does not
//! compile. Bytes that are not a whole value of the type (a damaged file) unpack to `None`,
//! never a panic or a huge allocation.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Kept;
use crate::diagnostic::{Diagnostic, Place, Position, Severity};
use crate::model::{
    Briefing, Capture, Claim, Date, Origin, Review, ReviewStatus, Section, Source, Span, Style,
};
use crate::parse::{Parsed, ParsedSnapshot};
use crate::varint::push as push_varint;

/// A value the memo can keep.
pub(super) trait Packed: Sized {
    /// Append the value's bytes to `out`.
    fn pack(&self, out: &mut Vec<u8>);
    /// Take a value from the front of `input`; `None` when it does not hold one.
    fn unpack(input: &mut &[u8]) -> Option<Self>;
}

/// `value` as bytes.
pub(super) fn to_bytes<T: Packed>(value: &T, out: &mut Vec<u8>) {
    value.pack(out);
}

/// The value `bytes` hold, all of them; `None` when they hold something else.
pub(super) fn from_bytes<T: Packed>(bytes: &[u8]) -> Option<T> {
    let mut input = bytes;
    let value = T::unpack(&mut input)?;
    input.is_empty().then_some(value)
}

/// Take a varint ([`crate::varint`]) from the front of `input`; `None` when it is cut off or
/// longer than a `u64`.
pub(super) fn take_varint(input: &mut &[u8]) -> Option<u64> {
    let mut value = 0_u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        // The tenth byte holds the last bit of a u64, no more.
        if shift == 63 && byte & 0x7f > 1 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Take `len` bytes from the front of `input`.
fn take<'a>(input: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    let (taken, rest) = input.split_at_checked(len)?;
    *input = rest;
    Some(taken)
}

impl Packed for u64 {
    fn pack(&self, out: &mut Vec<u8>) {
        push_varint(out, *self);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        take_varint(input)
    }
}

impl Packed for u32 {
    fn pack(&self, out: &mut Vec<u8>) {
        push_varint(out, u64::from(*self));
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        u32::try_from(take_varint(input)?).ok()
    }
}

impl Packed for usize {
    fn pack(&self, out: &mut Vec<u8>) {
        push_varint(out, *self as u64);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        usize::try_from(take_varint(input)?).ok()
    }
}

impl Packed for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        match take(input, 1)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }
}

/// A text: its length in bytes, then its bytes.
fn pack_text(text: &str, out: &mut Vec<u8>) {
    text.len().pack(out);
    out.extend_from_slice(text.as_bytes());
}

/// A list: its length, then each item.
fn pack_items<T: Packed>(items: &[T], out: &mut Vec<u8>) {
    items.len().pack(out);
    for item in items {
        item.pack(out);
    }
}

impl Packed for String {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_text(self, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        let bytes = take(input, len)?;
        std::str::from_utf8(bytes).ok().map(str::to_owned)
    }
}

/// The model's fixed texts: as [`String`], boxed to their length.
impl Packed for Box<str> {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_text(self, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        String::unpack(input).map(String::into_boxed_str)
    }
}

/// The model's fixed lists: as [`Vec`], boxed to their length.
impl<T: Packed> Packed for Box<[T]> {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_items(self, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Vec::unpack(input).map(Vec::into_boxed_slice)
    }
}

impl<T: Packed> Packed for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.is_some().pack(out);
        if let Some(value) = self {
            value.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        match bool::unpack(input)? {
            true => T::unpack(input).map(Some),
            false => Some(None),
        }
    }
}

impl<T: Packed> Packed for Box<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        (**self).pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        T::unpack(input).map(Box::new)
    }
}

impl<T: Packed> Packed for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_items(self, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        // Every item takes at least a byte: a damaged length cannot ask for more room.
        let mut items = Vec::with_capacity(len.min(input.len()));
        for _ in 0..len {
            items.push(T::unpack(input)?);
        }
        Some(items)
    }
}

impl<K: Packed + Ord, V: Packed> Packed for BTreeMap<K, V> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for (key, value) in self {
            key.pack(out);
            value.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        let mut map = BTreeMap::new();
        for _ in 0..len {
            let key = K::unpack(input)?;
            map.insert(key, V::unpack(input)?);
        }
        Some(map)
    }
}

impl Packed for Range<usize> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.start.pack(out);
        self.end.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Some(usize::unpack(input)?..usize::unpack(input)?)
    }
}

/// A date as its day since 1970, zigzagged so that earlier days stay short.
impl Packed for Date {
    fn pack(&self, out: &mut Vec<u8>) {
        let days = self.to_unix_days();
        push_varint(out, ((days << 1) ^ (days >> 63)) as u64);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let zigzag = take_varint(input)?;
        let days = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        Date::from_unix_days(days)
    }
}

/// An enum without data as the place of its variant in `ALL`.
macro_rules! packed_enum {
    ($name:ident [$($variant:ident),* $(,)?]) => {
        impl Packed for $name {
            fn pack(&self, out: &mut Vec<u8>) {
                const ALL: &[$name] = &[$($name::$variant),*];
                // A match that names every variant: one added must be added here too.
                match self {
                    $($name::$variant)|* => {}
                }
                let place = ALL.iter().position(|variant| variant == self).unwrap_or(0);
                out.push(place as u8);
            }
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                const ALL: &[$name] = &[$($name::$variant),*];
                ALL.get(usize::from(take(input, 1)?[0])).copied()
            }
        }
    };
}

/// A struct as its fields in the order given, which must name them all.
macro_rules! packed_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl Packed for $name {
            fn pack(&self, out: &mut Vec<u8>) {
                let $name { $($field),* } = self;
                $($field.pack(out);)*
            }
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                // Fields are evaluated in the order written, which is the order packed.
                Some($name { $($field: Packed::unpack(input)?),* })
            }
        }
    };
}

packed_enum!(Severity[Error, Warning, Note]);
packed_enum!(ReviewStatus[Verified, Disputed, Unsupported, Outdated]);
packed_struct!(Kept {
    parse,
    places,
    sidecar_places
});
packed_struct!(Place {
    position,
    excerpt,
    caret
});
packed_struct!(Position { line, column });
packed_struct!(ParsedSnapshot {
    parsed,
    sidecar_diagnostics
});
packed_struct!(Parsed {
    briefing,
    diagnostics,
    source_spans
});
packed_struct!(Diagnostic {
    severity,
    span,
    message,
    help
});
packed_struct!(Briefing {
    schema,
    slug,
    title,
    query,
    origin,
    captured,
    tags,
    tag_names,
    series,
    summary,
    sections,
    disclaimer,
    sources,
    draft,
});
packed_struct!(Origin {
    engine,
    url,
    truncated
});
packed_struct!(Capture {
    author,
    handle,
    date
});
packed_struct!(Section {
    id,
    heading,
    claims
});
packed_struct!(Claim {
    id,
    label,
    text,
    spans,
    citations,
    review
});
packed_struct!(Review {
    status,
    note,
    by,
    date
});
packed_struct!(Span { text, style });
packed_struct!(Style {
    emphasis,
    strong,
    code,
    strikethrough,
    link
});
packed_struct!(Source {
    number,
    url,
    truncated,
    domain,
    title
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_with_sidecar, Dialect};

    fn round_trip(parsed: &ParsedSnapshot) -> Vec<u8> {
        let mut bytes = Vec::new();
        to_bytes(parsed, &mut bytes);
        assert_eq!(from_bytes::<ParsedSnapshot>(&bytes).as_ref(), Some(parsed));
        bytes
    }

    /// A parse with every field of every type set, none to its default.
    fn everything() -> ParsedSnapshot {
        let styled = |text: &str, style: Style| Span {
            text: text.to_owned(),
            style,
        };
        let claim = Claim {
            id: "a-claim".into(),
            label: Some("Label".into()),
            text: "Bold, code, struck and linked: ünïcödé 😀".into(),
            spans: vec![
                styled(
                    "Bold",
                    Style {
                        strong: true,
                        ..Style::default()
                    },
                ),
                styled(
                    ", code",
                    Style {
                        emphasis: true,
                        code: true,
                        ..Style::default()
                    },
                ),
                styled(
                    ", struck",
                    Style {
                        strikethrough: true,
                        link: Some("https://example.org/a".to_owned()),
                        ..Style::default()
                    },
                ),
            ]
            .into(),
            citations: vec![1, 2, 300, u32::MAX].into(),
            review: Some(Box::new(Review {
                status: ReviewStatus::Outdated,
                note: Some("No longer so.".to_owned()),
                by: Some("Desk B".to_owned()),
                date: Date::parse_iso("1969-12-31"),
            })),
        };
        let mut briefing = Briefing::new();
        briefing.slug = "news/a-briefing".to_owned();
        briefing.title = Some("A title".to_owned());
        briefing.query = Some("a query".to_owned());
        briefing.origin = Origin {
            engine: Some("Google Search".to_owned()),
            url: Some("google.com/search?q=a".to_owned()),
            truncated: true,
        };
        briefing.captured = Capture {
            author: Some("A. Person".to_owned()),
            handle: Some("@person".to_owned()),
            date: Date::parse_iso("2025-11-04"),
        };
        briefing.tags = vec!["floods".to_owned(), "hvac-plumbing".to_owned()];
        briefing.tag_names = [("hvac-plumbing".to_owned(), "HVAC & Plumbing".to_owned())].into();
        briefing.series = Some("weekly".to_owned());
        briefing.summary = vec![claim.clone()];
        briefing.sections = vec![Section {
            id: "a-section".to_owned(),
            heading: "A section".to_owned(),
            claims: vec![
                claim.clone(),
                Claim {
                    review: None,
                    spans: Box::default(),
                    label: None,
                    ..claim
                },
            ],
        }];
        briefing.disclaimer = Some("AI responses may include mistakes.".to_owned());
        briefing.sources = vec![Source {
            number: 1,
            url: "jamestown.org/program/azerba".into(),
            truncated: true,
            domain: "jamestown.org".into(),
            title: Some("A source".into()),
        }];
        briefing.draft = true;
        let diagnostic = |severity| Diagnostic {
            severity,
            span: 3..usize::MAX,
            message: "Something.".to_owned(),
            help: Some("Do this.".to_owned()),
        };
        ParsedSnapshot {
            parsed: Parsed {
                briefing,
                diagnostics: vec![diagnostic(Severity::Error), diagnostic(Severity::Note)],
                source_spans: [(1, 10..20), (7, 0..0)].into(),
            },
            sidecar_diagnostics: vec![diagnostic(Severity::Warning)],
        }
    }

    #[test]
    fn every_field_reads_back_as_it_was() {
        round_trip(&everything());
        let mut empty = everything();
        empty.parsed.briefing = Briefing::new();
        round_trip(&empty);
    }

    #[test]
    fn parses_of_real_snapshots_read_back_as_they_were() {
        let pasted = include_str!("../../scaffold/content/example-pasted.txt");
        let sidecar = include_str!("../../scaffold/content/example-pasted.toml");
        let markdown = include_str!("../../scaffold/content/example-markdown.md");
        for (text, dialect, sidecar) in [
            (pasted, Dialect::Pasted, None),
            (pasted, Dialect::Pasted, Some(sidecar)),
            (markdown, Dialect::Markdown, None),
        ] {
            round_trip(&parse_with_sidecar(text, dialect, sidecar, "a.toml"));
        }
    }

    #[test]
    fn damaged_bytes_read_back_as_nothing_without_panicking() {
        let bytes = round_trip(&everything());
        for cut in 0..bytes.len() {
            assert!(
                from_bytes::<ParsedSnapshot>(&bytes[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(from_bytes::<ParsedSnapshot>(&longer).is_none());
        // Any byte changed: something or nothing, never a panic or a huge allocation.
        for at in 0..bytes.len() {
            for value in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[at] = value;
                let _ = from_bytes::<ParsedSnapshot>(&changed);
            }
        }
    }

    #[test]
    fn varints_and_dates_read_back_at_their_limits() {
        let edges = (0..64).flat_map(|bit| [(1_u64 << bit) - 1, 1 << bit]);
        for value in edges.chain([u64::MAX]) {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            assert_eq!(from_bytes::<u64>(&bytes), Some(value));
        }
        // A varint that goes on past ten bytes is longer than any u64.
        assert_eq!(from_bytes::<u64>(&[0xff; 11]), None);
        assert_eq!(
            from_bytes::<u64>(&[[0xff; 9].as_slice(), &[0x02]].concat()),
            None
        );
        assert_eq!(from_bytes::<u32>(&[0x80, 0x80, 0x80, 0x80, 0x10]), None);
        for date in [
            "1900-03-01",
            "1969-12-31",
            "1970-01-01",
            "2025-11-04",
            "2999-12-31",
        ] {
            let date = Date::parse_iso(date).unwrap();
            let mut bytes = Vec::new();
            to_bytes(&date, &mut bytes);
            assert_eq!(from_bytes::<Date>(&bytes), Some(date));
        }
    }
}
