//! Tiny scanners for the pieces of a paste, one module per family: citation groups,
//! source-list entries, trailers and signatures, dates (addresses are [`crate::address`],
//! which rendering uses too).
//!
//! Each scanner looks at the start of a string and returns what it recognised and how many
//! bytes that took, or `None`; none of them allocates unless it matches, and none can panic on
//! any input. The dialects decide what to do with what they find; [`super::markers`] is the
//! one finder of citation markers in running text.

pub mod author_year;
pub mod citations;
pub mod date;
pub mod entries;
pub mod trailers;

/// The largest char boundary of `text` at or below `at`.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
