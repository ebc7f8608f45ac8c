//! Slugs and ids that come from content, never from position.
//!
//! A briefing's slug comes from its path, so editing a title moves nothing; a claim's id from
//! its label or first words and a section's from its heading, so inserting a claim does not
//! shift the ids of the others. Review diffs stay small because of this.

use std::collections::BTreeMap;
use std::path::Path;

/// How many words of an unlabelled claim make its id.
const CLAIM_ID_WORDS: usize = 6;
/// The longest id, in bytes, before duplicate suffixes.
const MAX_ID_LEN: usize = 48;

/// Lower `text` to `[a-z0-9-]`: letters are transliterated to ASCII, everything else becomes a
/// single `-`, and no `-` leads or trails.
pub fn slugify(text: &str) -> String {
    // Spelt in ASCII; text already in ASCII but DEL (most ids) is its own spelling.
    let ascii = if text.bytes().all(|byte| byte < 0x7f) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    };
    let mut slug = String::with_capacity(ascii.len());
    for byte in ascii.bytes() {
        if byte.is_ascii_alphanumeric() {
            slug.push(char::from(byte.to_ascii_lowercase()));
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The longest segment of a slug: well inside the 255 bytes a file name may have on every
/// common file system, though spelling a name in ASCII can make it longer (`ж` → `zh`), so
/// that a name `check` accepts is always one `build` can write.
const MAX_SLUG_SEGMENT: usize = 120;

/// The slug of a snapshot at `relative` (its path under `content/`): each segment slugified
/// (and cut at a dash to at most 120 characters), the extension dropped. `None` when a
/// segment has nothing left to make a slug of.
pub fn slug_from_path(relative: &Path) -> Option<String> {
    let without_extension = relative.with_extension("");
    let mut segments = Vec::new();
    for component in without_extension.components() {
        let segment = slugify(&component.as_os_str().to_string_lossy());
        let segment = truncate_at_dash(&segment, MAX_SLUG_SEGMENT);
        if segment.is_empty() {
            return None;
        }
        segments.push(segment);
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// The id base of a claim: its label, or else its first few words.
pub fn claim_id_base(label: Option<&str>, text: &str) -> String {
    let base = match label {
        Some(label) => slugify(label),
        None => {
            // Up to the end of its first words: `slugify` makes every run of spaces one dash.
            let end = text
                .split_whitespace()
                .take(CLAIM_ID_WORDS)
                .last()
                .map_or(0, |word| {
                    word.as_ptr() as usize - text.as_ptr() as usize + word.len()
                });
            slugify(&text[..end])
        }
    };
    let base = truncate_at_dash(&base, MAX_ID_LEN);
    if base.is_empty() {
        "claim".to_owned()
    } else {
        base
    }
}

/// The id base of a section: its heading.
pub fn section_id_base(heading: &str) -> String {
    let base = truncate_at_dash(&slugify(heading), MAX_ID_LEN);
    if base.is_empty() {
        "section".to_owned()
    } else {
        base
    }
}

/// Cut a slug to at most `max` bytes, at a `-` where there is one, so words stay whole.
fn truncate_at_dash(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(dash) if dash > 0 => cut[..dash].to_owned(),
        _ => cut.to_owned(),
    }
}

/// Hands out unique ids: the first use of a base is the base itself, later uses get `-2`,
/// `-3`, …, skipping any that are already taken.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: BTreeMap<String, usize>,
}

impl IdAllocator {
    /// A unique id made from `base`.
    pub fn allocate(&mut self, base: &str) -> String {
        if !self.used.contains_key(base) {
            self.used.insert(base.to_owned(), 1);
            return base.to_owned();
        }
        let mut count = self.used[base];
        loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_owned(), count);
                self.used.insert(candidate.clone(), 1);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_is_its_own_ascii_spelling() {
        // `slugify` skips `deunicode` for ASCII text but DEL (which it drops): that must not
        // change a slug.
        let every_ascii: String = (0_u8..0x7f).map(char::from).collect();
        assert_eq!(deunicode::deunicode(&every_ascii), every_ascii);
        assert_eq!(slugify("  Baku's 2024 -- Vote!  "), "baku-s-2024-vote");
        assert_eq!(slugify("Über Россия"), "uber-rossiia");
        assert_eq!(slugify("a\u{7f}b"), "ab");
    }

    #[test]
    fn slugs_come_from_path_segments() {
        let cases = [
            ("russia-and-azerbaijan.txt", Some("russia-and-azerbaijan")),
            (
                "2025/Russia and Azerbaijan.txt",
                Some("2025/russia-and-azerbaijan"),
            ),
            ("Café au lait.md", Some("cafe-au-lait")),
            ("__Notes__ (draft).txt", Some("notes-draft")),
            ("!!!.txt", None),
        ];
        for (path, expected) in cases {
            assert_eq!(
                slug_from_path(Path::new(path)).as_deref(),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn claim_ids_use_label_or_first_words() {
        assert_eq!(
            claim_id_base(Some("Plane incident"), "A Russian air defense"),
            "plane-incident"
        );
        assert_eq!(
            claim_id_base(None, "Russia and Azerbaijan share a border and have"),
            "russia-and-azerbaijan-share-a-border"
        );
        assert_eq!(claim_id_base(None, "…"), "claim");
        assert_eq!(claim_id_base(None, ""), "claim");
        // Its first six words, however they are spaced.
        assert_eq!(
            claim_id_base(None, "  One\ttwo\n three  four five six seven"),
            "one-two-three-four-five-six"
        );
        let long = "Supercalifragilisticexpialidocious ".repeat(3);
        assert!(claim_id_base(None, &long).len() <= MAX_ID_LEN);
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("a"), "a");
        assert_eq!(ids.allocate("a-2"), "a-2");
        assert_eq!(ids.allocate("a"), "a-3");
        assert_eq!(ids.allocate("a"), "a-4");
        assert_eq!(ids.allocate("b"), "b");
    }

    #[test]
    fn a_long_name_gives_a_slug_every_file_system_can_hold() {
        // 120 Cyrillic letters are 240 bytes, and twice as many ASCII letters spelled out.
        let name = format!("{}.txt", "жук ".repeat(60).trim_end());
        let slug = slug_from_path(Path::new(&name)).unwrap();
        assert!(slug.len() <= 120, "{} bytes", slug.len());
        assert!(slug.starts_with("zhuk-zhuk") && !slug.ends_with('-'));
    }
}
