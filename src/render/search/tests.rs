use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::model::{Claim, Date, Source};
use crate::render::model_hash;
use crate::site::{Entry, SiteConfig};

/// A briefing of `claims` (text, cited numbers), each source at `https://<domain>/`.
fn briefing(slug: &str, date: Option<&str>, claims: &[(&str, &[u32])], domains: &[&str]) -> Entry {
    let mut briefing = Briefing::new();
    briefing.slug = slug.to_owned();
    briefing.title = Some(format!("About {slug}"));
    briefing.captured.date = date.and_then(Date::parse_iso);
    briefing.summary = claims
        .iter()
        .enumerate()
        .map(|(index, (text, citations))| Claim {
            id: format!("c{index}").into(),
            label: None,
            text: (*text).into(),
            spans: Box::default(),
            citations: (*citations).into(),
            review: None,
        })
        .collect();
    briefing.sources = domains
        .iter()
        .zip(1..)
        .map(|(domain, number)| Source {
            number,
            url: format!("https://{domain}/").into(),
            truncated: false,
            domain: (*domain).into(),
            title: None,
        })
        .collect();
    Entry {
        briefing,
        diagnostics: Vec::new(),
        path: PathBuf::from(format!("content/{slug}.txt")),
    }
}

fn site(entries: Vec<Entry>) -> Site {
    Site {
        config: SiteConfig::default(),
        entries,
        links: crate::links::LinkBook::default(),
        publishers: crate::publishers::Publishers::default(),
    }
}

/// A site of `count` briefings with a shared vocabulary and words of their own.
fn generated(count: usize) -> Site {
    let entries = (0..count)
        .map(|n| {
            let day = format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
            let claims: Vec<String> = (0..6)
                .map(|c| {
                    format!(
                        "Rivers flood the valley {n} in spring {c} word{} item{}.",
                        n % 97,
                        (n * 7 + c) % 1013
                    )
                })
                .collect();
            let claims: Vec<(&str, &[u32])> = claims
                .iter()
                .map(|text| (text.as_str(), &[1_u32][..]))
                .collect();
            let domain = format!("site{}.example.org", n % 50);
            briefing(&format!("b{n:05}"), Some(&day), &claims, &[&domain])
        })
        .collect();
    site(entries)
}

fn files_of(site: &Site, budget: Budget) -> BTreeMap<String, String> {
    let output = crate::write::MemoryOutput::default();
    write_search_files(site, &ModelHashes::new(&site.entries), budget, &output).unwrap();
    output
        .into_files()
        .into_iter()
        .map(|(path, bytes)| {
            let path = path.to_string_lossy().into_owned();
            (path, String::from_utf8(bytes).unwrap())
        })
        .collect()
}

/// Every line of every file whose text differs between two builds (added or removed).
fn changed_lines(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> usize {
    let lines = |files: &BTreeMap<String, String>| -> std::collections::BTreeSet<(String, String)> {
        files
            .iter()
            .flat_map(|(path, text)| text.lines().map(|line| (path.clone(), line.to_owned())))
            .collect()
    };
    let (old, new) = (lines(old), lines(new));
    old.symmetric_difference(&new).count()
}

#[test]
fn words_of_claims_titles_and_cited_sites_are_indexed() {
    let site = site(vec![briefing(
        "rivers",
        Some("2025-11-04"),
        &[("Rivers flood in spring.", &[1]), ("Dams hold water.", &[])],
        &["en.wikipedia.org"],
    )]);
    let files = files_of(&site, BUDGET);
    let terms: String = files
        .iter()
        .filter(|(path, _)| path.starts_with("search/t/"))
        .map(|(_, text)| text.as_str())
        .collect();
    let key = &briefing_keys(&site)[0];
    assert!(terms.contains(&format!("\"flood {key}:0\"")), "{terms}");
    assert!(terms.contains(&format!("\"dams {key}:1\"")), "{terms}");
    // A title word belongs to every claim; a site is found by its name.
    assert!(terms.contains(&format!("\"about {key}:*\"")), "{terms}");
    assert!(terms.contains(&format!("\"wikipedia {key}:0\"")), "{terms}");
    let documents = &files["search/d/0.js"];
    assert!(
        documents.contains("\"About rivers · 4 November 2025\""),
        "{documents}"
    );
    assert!(files["search/index.js"].starts_with("// The search index"));
}

#[test]
fn keys_sort_by_day_and_stay_when_a_briefing_is_added() {
    let old = site(vec![
        briefing("a", Some("2024-01-01"), &[("Old.", &[])], &[]),
        briefing("c", Some("2025-06-01"), &[("New.", &[])], &[]),
    ]);
    let mut new = old.clone();
    new.entries
        .insert(1, briefing("b", None, &[("Undated.", &[])], &[]));
    let (old_keys, new_keys) = (briefing_keys(&old), briefing_keys(&new));
    assert_eq!(old_keys[0], new_keys[0]);
    assert_eq!(old_keys[1], new_keys[2]);
    assert!(old_keys[0] < old_keys[1], "{old_keys:?}");
    assert!(
        new_keys[1] < new_keys[0],
        "undated sorts oldest: {new_keys:?}"
    );
}

#[test]
fn a_one_claim_edit_changes_only_a_few_lines() {
    let old = generated(400);
    let mut new = old.clone();
    new.entries[123].briefing.summary[2].text = "Rivers flood the valley every autumn.".into();
    let (old, new) = (files_of(&old, SMALL), files_of(&new, SMALL));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>(),
        "no file appears or goes"
    );
    let changed = changed_lines(&old, &new);
    // The briefing's document line, and the lines of the words that came and went.
    assert!((2..=20).contains(&changed), "{changed} lines changed");
}

#[test]
fn adding_a_briefing_keeps_chunk_boundaries() {
    let old = generated(400);
    let mut new = old.clone();
    new.entries.push(briefing(
        "zzz-new",
        Some("2025-11-25"),
        &[("Glaciers retreat quickly.", &[])],
        &[],
    ));
    let (old, new) = (files_of(&old, SMALL), files_of(&new, SMALL));
    let chunk_files = |files: &BTreeMap<String, String>| -> Vec<String> {
        files
            .keys()
            .filter(|path| path.starts_with("search/t/"))
            .cloned()
            .collect()
    };
    let (old_chunks, new_chunks) = (chunk_files(&old), chunk_files(&new));
    let kept = old_chunks.iter().filter(|c| new_chunks.contains(c)).count();
    assert!(old_chunks.len() > 20, "{} chunks", old_chunks.len());
    assert!(
        kept + 2 >= old_chunks.len(),
        "{kept} of {} chunks kept",
        old_chunks.len()
    );
    assert!(changed_lines(&old, &new) < 40);
}

/// A budget that splits a test site of a few hundred briefings into many files.
const SMALL: Budget = Budget {
    chunk_target: 2 * 1024,
    chunk_max: 6 * 1024,
    line_max: 1024,
    part_max: 3 * 1024,
    bucket_target: 4 * 1024,
};

#[test]
fn files_keep_to_the_budget() {
    let budget = SMALL;
    let files = files_of(&generated(600), budget);
    let mut parts = 0;
    for (path, text) in &files {
        let lines = text.lines().count() - 2;
        if path.starts_with("search/t/") && lines > 1 {
            assert!(
                text.len() <= budget.chunk_max + 100,
                "{path}: {}",
                text.len()
            );
        }
        if path.starts_with("search/t/") {
            for line in text.lines() {
                assert!(
                    line.len() <= budget.line_max + 40,
                    "{path}: a line of {}",
                    line.len()
                );
            }
        }
        if path.starts_with("search/p/") {
            parts += 1;
            assert!(
                text.len() <= budget.part_max + 100,
                "{path}: {}",
                text.len()
            );
        }
        if path.starts_with("search/d/") {
            // Buckets are aimed at the target; hashing spreads them within a few times it.
            assert!(
                text.len() <= budget.bucket_target * 4,
                "{path}: {}",
                text.len()
            );
        }
    }
    assert!(parts > 0, "words in every briefing go to parts");
    let buckets = files.keys().filter(|p| p.starts_with("search/d/")).count();
    assert!(buckets.is_power_of_two() && buckets > 1);
}

#[test]
fn numbers_are_short() {
    assert_eq!(base36(0), "0");
    assert_eq!(base36(35), "z");
    assert_eq!(base36(36), "10");
    assert_eq!(base36_padded(36, 4), "0010");
    for n in [0, 35, 36, 1295, 1296, u64::from(u32::MAX), u64::MAX] {
        assert_eq!(base36_len(n), base36(n).len(), "{n}");
    }
    assert_eq!(base36(u64::MAX), "3w5e11264sgsf");
    assert_eq!(
        bucket_of("0000zz0ab", 8),
        usize::from_str_radix("zz0", 36).unwrap() % 8
    );
}

#[test]
fn packed_postings_read_back_as_their_text_and_length() {
    // The first briefing, neighbours, gaps past one and two varint bytes, a title word (`*`)
    // and claims past base 36's first digit.
    let keys: Vec<String> = (0..20_000).map(|n| format!("k{n:08}")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut postings = Postings::default();
    for (position, claims) in [
        (0, Some(&[0, 2][..])),
        (1, None),
        (3, Some(&[1][..])),
        (200, None),
        (19_999, Some(&[40, 1_300][..])),
    ] {
        postings.push(position, keys[position], claims);
    }
    let written = |postings: &Postings| {
        let mut text = String::new();
        postings.push_text(&mut text, &keys);
        text
    };
    let text = written(&postings);
    assert_eq!(
        text,
        "k00000000:0,2 k00000001:* k00000003:1 k00000200:* k00019999:14,104"
    );
    assert_eq!(postings.text_len, text.len());
    assert_eq!(postings.text_lengths(&keys).count(), 5);
    assert_eq!(written(&Postings::default()), "");
    // A briefing is packed as its gap from the one before (0, 0, 1, 196, 19,798: 1, 1, 1, 2
    // and 3 bytes), not as its position (19,999 would take 3 bytes however close); then its
    // claims (3, 1, 2, 1 and 4 bytes).
    assert_eq!(postings.packed.len(), 8 + 11);
}

#[test]
fn each_briefing_has_the_length_of_its_own_document_line() {
    // Slug order (the site's) is oldest first here, so newest first turns it about; the
    // claims' lengths differ, so that a length given to another briefing is seen.
    let site = site(
        (0..5)
            .map(|n| {
                let text = "word ".repeat(n * 7 + 1);
                let date = format!("2025-0{}-01", n + 1);
                briefing(&format!("b{n}"), Some(&date), &[(text.trim(), &[])], &[])
            })
            .collect(),
    );
    let keys = briefing_keys(&site);
    let hashes = ModelHashes::new(&site.entries);
    let indexed = Indexed::new(&site, &keys, &hashes);
    assert_eq!(indexed.briefing(0).slug, "b4", "newest first");
    let lengths = line_lengths(&indexed, None);
    for (position, length) in lengths.iter().enumerate() {
        let mut line = String::new();
        push_document_line(
            &mut line,
            indexed.briefing(position),
            indexed.keys[position],
        );
        assert_eq!(*length, line.len(), "position {position}");
    }
}

#[test]
fn varints_take_seven_bits_a_byte() {
    for value in [
        0,
        1,
        127,
        128,
        16_383,
        16_384,
        u64::from(u32::MAX),
        u64::MAX,
    ] {
        let mut packed = Vec::new();
        crate::varint::push(&mut packed, value);
        assert_eq!(
            packed.len(),
            (64 - value.leading_zeros()).div_ceil(7).max(1) as usize
        );
        let mut rest = packed.as_slice();
        assert_eq!(read_varint(&mut rest), value);
        assert!(rest.is_empty());
    }
    // A cut-off varint reads as what it has, and an empty one as 0, without panicking.
    assert_eq!(read_varint(&mut [0x81_u8].as_slice()), 1);
    assert_eq!(read_varint(&mut [].as_slice()), 0);
}

/// The terms of `site` with their postings, in term order, as a full gather makes them.
fn gathered(site: &Site) -> SortedTerms {
    let keys = briefing_keys(site);
    let hashes = ModelHashes::new(&site.entries);
    sorted_terms(gather_postings(&Indexed::new(site, &keys, &hashes)))
}

/// Keep what the index of `before` is made from in `path`, then make the postings of `after`
/// from it: `None` when the kept file is not used.
fn patched(path: &std::path::Path, before: &Site, after: &Site) -> Option<SortedTerms> {
    let keys = briefing_keys(before);
    let hashes = ModelHashes::new(&before.entries);
    let indexed = Indexed::new(before, &keys, &hashes);
    let lengths = vec![100; keys.len()];
    kept::save(path, &indexed, &lengths, &gathered(before)).unwrap();
    let keys = briefing_keys(after);
    let hashes = ModelHashes::new(&after.entries);
    let indexed = Indexed::new(after, &keys, &hashes);
    Kept::open(path, &indexed)?.postings(&indexed)
}

#[test]
fn kept_postings_patched_after_a_change_are_what_a_full_gather_makes() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("kept");
    let before = generated(40);
    type Edit = (&'static str, fn(&mut Site));
    let edits: [Edit; 6] = [
        ("nothing", |_| {}),
        ("a claim reworded", |site| {
            site.entries[7].briefing.summary[2].text = "Glaciers retreat uphill.".into();
        }),
        ("a briefing added", |site| {
            let claims: &[(&str, &[u32])] = &[("New words arrive quietly", &[1])];
            let added = briefing("b99999", Some("2025-06-15"), claims, &["new.example"]);
            site.entries.push(added);
        }),
        ("a briefing removed", |site| {
            site.entries.remove(12);
        }),
        ("a capture date moved", |site| {
            site.entries[3].briefing.captured.date = Date::parse_iso("2021-01-01");
        }),
        ("a source's site changed", |site| {
            site.entries[20].briefing.sources[0].domain = "moved.example".into();
        }),
    ];
    for (what, edit) in edits {
        let mut after = generated(40);
        edit(&mut after);
        let patched = patched(&path, &before, &after)
            .unwrap_or_else(|| panic!("{what}: the kept postings were not used"));
        assert!(
            patched == gathered(&after),
            "{what}: patched postings differ"
        );
    }
}

#[test]
fn kept_postings_are_not_used_when_much_changed_or_the_file_is_damaged() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("kept");
    let before = generated(40);
    let mut after = generated(40);
    for entry in after.entries.iter_mut().take(15) {
        entry.briefing.summary[0].text =
            format!("{} changed", entry.briefing.summary[0].text).into();
    }
    assert!(patched(&path, &before, &after).is_none());

    let after = generated(40);
    assert!(patched(&path, &before, &after).is_some());
    let whole = std::fs::read(&path).unwrap();
    let keys = briefing_keys(&after);
    let hashes = ModelHashes::new(&after.entries);
    let indexed = Indexed::new(&after, &keys, &hashes);
    // Terms out of order: not a file this binary wrote whole.
    let mut reversed = gathered(&before);
    reversed.reverse();
    let lengths = vec![100; keys.len()];
    kept::save(&path, &indexed, &lengths, &reversed).unwrap();
    let postings = Kept::open(&path, &indexed).and_then(|kept| kept.postings(&indexed));
    assert!(postings.is_none(), "terms out of order");
    for cut in [5, whole.len() / 2, whole.len() - 1] {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let postings = Kept::open(&path, &indexed).and_then(|kept| kept.postings(&indexed));
        assert!(postings.is_none(), "cut at {cut}");
    }
}

/// A briefing's fingerprint is its model's hash: it must change with whatever the index reads.
#[test]
fn a_fingerprint_changes_with_whatever_the_index_reads() {
    let base = generated(1).entries.remove(0).briefing;
    let edits: [fn(&mut Briefing); 10] = [
        |briefing| briefing.title = Some("Another title".to_owned()),
        |briefing| briefing.title = None,
        |briefing| briefing.slug = "elsewhere".to_owned(),
        |briefing| briefing.captured.date = None,
        |briefing| briefing.tags.push("floods".to_owned()),
        |briefing| briefing.summary[0].id = "renamed".into(),
        |briefing| briefing.summary[0].label = Some("Label".into()),
        |briefing| briefing.summary[1].text = format!("{}!", briefing.summary[1].text).into(),
        |briefing| {
            briefing.summary[1].citations =
                [&briefing.summary[1].citations[..], &[1]].concat().into()
        },
        |briefing| briefing.sources[0].domain = "other.example".into(),
    ];
    for edit in edits {
        let mut edited = base.clone();
        edit(&mut edited);
        assert_ne!(model_hash(&base), model_hash(&edited), "{edited:?}");
    }
}

#[test]
fn a_document_line_is_the_json_serde_would_write_for_any_text() {
    let hard = "Say \"no\" \\ to\ttabs,\nnew lines, \u{1} and \u{7f} · Россия 😀";
    let long = "ж".repeat(SNIPPET_CHARS + 5);
    let entry = briefing(
        "hard",
        Some("2025-11-04"),
        &[(hard, &[1]), (&long, &[]), ("", &[])],
        &["example.org"],
    );
    let mut briefing = entry.briefing;
    briefing.title = Some(hard.to_owned());
    briefing.summary[0].label = Some("Label \"quoted\"".into());
    let mut line = String::new();
    push_document_line(&mut line, &briefing, "4q2ab3kx1");
    let snippet = format!("{}…", "ж".repeat(SNIPPET_CHARS));
    let expected = serde_json::to_string(&(
        "4q2ab3kx1",
        "hard",
        format!("{hard} · 4 November 2025"),
        [
            ("c0", "Label \"quoted\"", hard.to_owned()),
            ("c1", "", snippet),
            ("c2", "", String::new()),
        ],
    ))
    .unwrap();
    assert_eq!(line, expected);
    let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(parsed[3][0][2], hard);
}

#[test]
fn a_briefings_terms_are_sorted_with_the_claims_that_have_them() {
    let entry = briefing(
        "rivers",
        None,
        &[
            ("Rivers flood; RIVERS rise.", &[1]),
            ("Dams and rivers, ΟΔΟΣ.", &[1]),
            ("About dams.", &[]),
        ],
        &["www.rivers.org"],
    );
    let terms = briefing_terms(&entry.briefing);
    let found: Vec<(&str, Option<&[u32]>)> = terms.iter().collect();
    let sigma = "\u{3bf}\u{3b4}\u{3bf}\u{3c2}";
    assert_eq!(
        found,
        [
            // "About rivers" is the title: every claim has its words.
            ("about", None),
            ("and", Some(&[1][..])),
            ("dams", Some(&[1, 2][..])),
            ("flood", Some(&[0][..])),
            ("org", Some(&[0, 1][..])),
            ("rise", Some(&[0][..])),
            ("rivers", None),
            (sigma, Some(&[1][..])),
        ]
    );
}

#[test]
fn text_in_a_json_line_is_escaped_as_serde_json_escapes_it_wherever_the_special_byte_falls() {
    // Each character JSON escapes, at every offset around the 32-byte blocks the check reads,
    // in text of one-, two- and three-byte characters.
    for filler in ["a", "é", "€"] {
        for at in 0..70 {
            for special in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                let mut text = filler.repeat(at);
                text.push(special);
                text.push_str(&filler.repeat(70 - at));
                let mut out = String::new();
                push_json_text(&mut out, &text);
                let expected = serde_json::to_string(&text).unwrap();
                assert_eq!(
                    out,
                    expected[1..expected.len() - 1],
                    "{special:?} after {at}"
                );
            }
            let plain = filler.repeat(at);
            let mut out = String::new();
            push_json_text(&mut out, &plain);
            assert_eq!(out, plain);
        }
    }
}

#[test]
fn a_snippet_ends_after_its_first_characters_in_any_script() {
    let by_characters = |text: &str| text.char_indices().nth(SNIPPET_CHARS).map(|(end, _)| end);
    for filler in ["a", "é", "日", "🌊"] {
        for ascii_head in [0, 1, SNIPPET_CHARS - 1, SNIPPET_CHARS, SNIPPET_CHARS + 1] {
            for more in [0, 1, 2, SNIPPET_CHARS] {
                let text = format!("{}{}", "x".repeat(ascii_head), filler.repeat(more));
                assert_eq!(
                    snippet_end(&text),
                    by_characters(&text),
                    "{ascii_head} + {more} × {filler}"
                );
            }
        }
    }
}

#[test]
fn words_that_share_their_first_eight_bytes_are_sorted_by_the_whole_word() {
    // The claims come in the opposite order to the words, so that ordering by the first
    // eight bytes and the claim alone would put `floodplains` before `floodplain`, and split
    // `floodplain`'s claims in two.
    let entry = briefing(
        "plains",
        None,
        &[
            ("Floodplains widen.", &[1]),
            ("A floodplain floods.", &[1]),
            ("Floodplain farms.", &[1]),
            ("Floodplains, floodgate.", &[1]),
        ],
        &["example.org"],
    );
    let terms = briefing_terms(&entry.briefing);
    let found: Vec<(&str, Option<&[u32]>)> = terms
        .iter()
        .filter(|(term, _)| term.starts_with("flood"))
        .collect();
    assert_eq!(
        found,
        [
            ("floodgate", Some(&[3][..])),
            ("floodplain", Some(&[1, 2][..])),
            ("floodplains", Some(&[0, 3][..])),
            ("floods", Some(&[1][..])),
        ]
    );
}
