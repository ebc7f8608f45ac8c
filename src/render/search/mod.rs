//! The search index, in small files, so that a search downloads only what its words need and
//! a one-claim edit changes a line or two of it.
//!
//! Every file is a script that hands its records to `window.briefingSearch` (see
//! `static/search.js`): a page loads them with `<script>` tags, which works from `file://` as
//! well as over HTTP, and each record is one line, in a stable order, so the files review as
//! well as the pages in a pull request.
//!
//! - `search/index.js`, the manifest: how many document buckets there are, and the first term
//!   of every term chunk with the chunk's file.
//! - `search/t/<id>.js`, a term chunk: a run of the sorted terms, one line each:
//!   `"flood 4q2ab3kx1:0,3 4q1zz0c9d:*"`, the briefings (by key) and claims (by index, in base
//!   36; `*` for a word of the title or a tag, which every claim of the briefing has).
//! - `search/p/<id>-<n>.js`: the postings of a word so common its line would outweigh a chunk,
//!   in parts, newest briefings first, so its first part alone gives the first results. A
//!   chunk then says `"the @<id>:<parts>"`.
//! - `search/d/<n>.js`, a document bucket: what results show, one line per briefing:
//!   `["4q2ab3kx1", "slug", "Title · 4 November 2025", [["claim-id", "Label", "text…"], …]]`.
//!
//! A briefing's key is its capture day (4 base-36 digits, so keys sort newest last) and a hash
//! of its slug (5 digits, which also picks its bucket): adding a briefing changes no other
//! briefing's key. Chunk boundaries are chosen by the terms themselves (a term whose hash has
//! the right low bits starts a chunk), so an added term moves no boundary but its own.

use std::collections::{HashMap, HashSet};

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::byte_blocks;
use crate::error::Result;
use crate::model::Briefing;
use crate::site::Site;
use crate::varint;
use crate::write::Output;

use super::ModelHashes;

mod kept;
mod words;

use kept::Kept;
use words::{push_term, raw_words};

/// A map by term. Every term of every briefing is looked up in one while the index is
/// gathered, so it hashes with aHash (fixed keys) rather than SipHash; nothing is written in
/// its order (terms are sorted first).
type TermMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<ahash::AHasher>>;

/// How much of a claim's text a search result shows.
const SNIPPET_CHARS: usize = 120;

/// The sizes that keep a search within its budget: the manifest, one chunk per word and one
/// bucket stay well under 300 KB before the first result shows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    /// The size a term chunk is aimed at.
    pub(super) chunk_target: usize,
    /// No chunk grows past this with more than one line.
    pub(super) chunk_max: usize,
    /// A term line longer than this moves its postings to parts.
    pub(super) line_max: usize,
    /// The size of a part of a common word's postings.
    pub(super) part_max: usize,
    /// The size a document bucket is aimed at.
    pub(super) bucket_target: usize,
}

/// The budget the build uses.
pub(super) const BUDGET: Budget = Budget {
    chunk_target: 24 * 1024,
    chunk_max: 96 * 1024,
    line_max: 12 * 1024,
    part_max: 48 * 1024,
    bucket_target: 32 * 1024,
};

/// Write the search files of `site` into `output`, each as soon as it is made. The index is
/// never held whole: document buckets are made and written one at a time, and the postings
/// are gathered, a batch of briefings at a time, into one buffer per term.
///
/// What the index was made from is kept in the cache folder ([`kept`]): the next build reads
/// again only the briefings that changed, and keeps the files whose inputs did not change.
pub(super) fn write_search_files(
    site: &Site,
    model_hashes: &ModelHashes,
    budget: Budget,
    output: &dyn Output,
) -> Result<()> {
    let keys = briefing_keys(site);
    let indexed = Indexed::new(site, &keys, model_hashes);
    let kept_file = output.cache_file("search-");
    let kept = kept_file
        .as_deref()
        .and_then(|path| Kept::open(path, &indexed));
    let line_lengths = line_lengths(&indexed, kept.as_ref());
    let buckets = document_files(&indexed, &line_lengths, budget, output)?;
    // The last build's postings, patched where briefings changed, when it kept them.
    let terms = kept
        .and_then(|kept| kept.postings(&indexed))
        .unwrap_or_else(|| sorted_terms(gather_postings(&indexed)));
    if let Some(path) = &kept_file {
        // A file not kept costs the next build time, nothing else.
        let _ = kept::save(path, &indexed, &line_lengths, &terms);
    }
    let chunks = term_files(terms, &indexed, budget, output)?;
    write(output, "search/index.js", &manifest(buckets, &chunks))
}

/// The site's briefings as the index refers to them: newest first (keys sort by day), the
/// order of every term's postings.
///
/// The length of each briefing's document line is made in the order of `site.entries`
/// instead, and put in this order after. Briefings are parsed in about that order, so their
/// models lie in memory in it, while newest first jumps about them: made newest first, the
/// lengths took twice as long at 10,000 briefings and three times at 50,000 (on one core).
/// Gathering the terms in that order too was no quicker: putting each term's postings in
/// order after cost what it saved.
struct Indexed<'a> {
    site: &'a Site,
    /// Each one's index in `site.entries`.
    order: Vec<usize>,
    /// The position of each briefing of `site.entries`, newest first: `order` turned about.
    positions: Vec<usize>,
    /// Each one's key.
    keys: Vec<&'a str>,
    /// Each one's fingerprint: the hash of its model ([`ModelHashes`]). Briefings with the
    /// same key and fingerprint have the same document line and terms, so a build can keep
    /// what the last one made of them. A fingerprint of only what the index reads (texts,
    /// ids, domains) spared reading a briefing again when, say, only a source's title changed,
    /// but hashing those texts again cost 4 % of a rebuild's CPU at 10,000 briefings, where
    /// the model's hash is made anyway for its page.
    fingerprints: Vec<u64>,
    /// A hash of every key in order: a posting's text depends on it, where its packed form
    /// holds only a position.
    keys_hash: u64,
}

impl<'a> Indexed<'a> {
    /// The briefings of `site`, whose keys by index in `site.entries` are `keys` and whose
    /// models' hashes are `model_hashes`.
    fn new(site: &'a Site, keys: &'a [String], model_hashes: &ModelHashes) -> Self {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by(|a, b| keys[*b].cmp(&keys[*a]));
        let keys: Vec<&str> = order.iter().map(|index| keys[*index].as_str()).collect();
        let fingerprints = order
            .iter()
            .map(|index| model_hashes.by_index(*index))
            .collect();
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        for key in &keys {
            hasher.update(key.as_bytes());
            hasher.update(b"\n");
        }
        let mut positions = vec![0; order.len()];
        for (position, entry) in order.iter().enumerate() {
            positions[*entry] = position;
        }
        Indexed {
            site,
            order,
            positions,
            keys,
            fingerprints,
            keys_hash: hasher.digest(),
        }
    }

    /// The briefing at `position`, newest first.
    fn briefing(&self, position: usize) -> &'a Briefing {
        &self.site.entries[self.order[position]].briefing
    }

    /// `by_entry`, one value for each briefing in the order of `site.entries`, in position
    /// order.
    fn by_position<T: Copy>(&self, by_entry: &[T]) -> Vec<T> {
        self.order.iter().map(|entry| by_entry[*entry]).collect()
    }

    /// A hash of what a search file made from `parts` depends on, beside them: the binary
    /// (which decides the files' form) and `kind`, the kind of file.
    fn file_input(kind: &str, parts: impl FnOnce(&mut xxhash_rust::xxh3::Xxh3Default)) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        hasher.update(&crate::build_id::binary_hash().to_le_bytes());
        hasher.update(kind.as_bytes());
        parts(&mut hasher);
        hasher.digest()
    }
}

fn write(output: &dyn Output, path: &str, text: &str) -> Result<()> {
    output.write(Path::new(path), text.as_bytes())
}

/// One key per briefing, in the order of `site.entries`: capture day, then a hash of the slug,
/// salted in slug order in the rare case two slugs hash alike.
fn briefing_keys(site: &Site) -> Vec<String> {
    let mut used = HashSet::new();
    site.entries
        .iter()
        .map(|entry| {
            let briefing = &entry.briefing;
            // Days since 1000-01-01, the first day a `Date` can be; 0 for an undated one.
            let day = briefing.captured.date.map_or(0, |date| {
                (date.to_unix_days() + 354_286).clamp(1, 36_i64.pow(4) - 1)
            });
            let day = base36_padded(u64::try_from(day).unwrap_or(0), 4);
            let mut salt = 0_u32;
            loop {
                let seed = if salt == 0 {
                    briefing.slug.clone()
                } else {
                    format!("{}#{salt}", briefing.slug)
                };
                let key = format!("{day}{}", base36_padded(fnv1a(&seed) % 36_u64.pow(5), 5));
                if used.insert(key.clone()) {
                    return key;
                }
                salt += 1;
            }
        })
        .collect()
}

/// The length of each briefing's document line, by position (newest first): as `kept` has it
/// for a briefing unchanged since, else made. They are made in the order of `site.entries`,
/// the order the models lie in memory ([`Indexed`]).
fn line_lengths(indexed: &Indexed, kept: Option<&Kept>) -> Vec<usize> {
    let by_entry: Vec<usize> = (0..indexed.keys.len())
        .into_par_iter()
        .map_init(String::new, |line, entry| {
            let position = indexed.positions[entry];
            let kept = kept.and_then(|kept| kept.line_length(position));
            kept.unwrap_or_else(|| {
                line.clear();
                push_document_line(line, indexed.briefing(position), indexed.keys[position]);
                line.len()
            })
        })
        .collect();
    indexed.by_position(&by_entry)
}

/// Append a briefing's line of a document bucket to `out`: its key, slug, title with date,
/// and each claim's id, label and the start of its text, as the JSON array
/// `["4q2ab3kx1","slug","Title · 4 November 2025",[["claim-id","Label","text…"],…]]`.
fn push_document_line(out: &mut String, briefing: &Briefing, key: &str) {
    let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
    out.push('[');
    push_json_string(out, key);
    out.push(',');
    push_json_string(out, &briefing.slug);
    out.push_str(",\"");
    push_json_text(out, title);
    // Two captures of one query differ by their date: results show it.
    if let Some(date) = briefing.captured.date {
        out.push_str(" · ");
        push_json_text(out, &date.long());
    }
    out.push_str("\",[");
    for (n, claim) in briefing.claims().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_string(out, &claim.id);
        out.push(',');
        push_json_string(out, claim.label.as_deref().unwrap_or(""));
        out.push_str(",\"");
        match snippet_end(&claim.text) {
            Some(end) => {
                push_json_text(out, &claim.text[..end]);
                out.push('…');
            }
            None => push_json_text(out, &claim.text),
        }
        out.push_str("\"]");
    }
    out.push_str("]]");
}

/// Where a search result's snippet of `text` ends: after its first [`SNIPPET_CHARS`]
/// characters, or `None` when it has no more. Text whose first bytes are ASCII is not read
/// character by character.
fn snippet_end(text: &str) -> Option<usize> {
    // A character is at least a byte.
    if text.len() <= SNIPPET_CHARS {
        return None;
    }
    if text.as_bytes()[..SNIPPET_CHARS].is_ascii() {
        return Some(SNIPPET_CHARS);
    }
    text.char_indices().nth(SNIPPET_CHARS).map(|(end, _)| end)
}

/// Append `text` to `out` as a JSON string, quoted.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    push_json_text(out, text);
    out.push('"');
}

/// Append `text` to `out` as the inside of a JSON string, escaped as `serde_json` escapes
/// it. Most text needs no escape and is copied as it is.
fn push_json_text(out: &mut String, text: &str) {
    if is_plain_json(text) {
        out.push_str(text);
    } else {
        let quoted = json_line(&text);
        out.push_str(&quoted[1..quoted.len() - 1]);
    }
}

/// Whether `text` needs no escape inside a JSON string: no control character, quote or
/// backslash. Checked a block at a time ([`byte_blocks`], padded with spaces): every claim's
/// text is checked twice a build, and byte by byte this was a tenth of the search index's
/// work.
fn is_plain_json(text: &str) -> bool {
    !byte_blocks::has_any(text.as_bytes(), b' ', |byte| {
        (byte < 0x20) | (byte == b'"') | (byte == b'\\')
    })
}

/// The claims of a briefing (by index) that have a term, or `None` for a word of the title or
/// a tag, which every claim has.
type ClaimSet = Option<Vec<u32>>;

/// A briefing's terms, each with the claims that have it, in term order.
///
/// Every word is lowercased into one buffer and noted with its claim; the notes are sorted
/// by word, then claim, and each run of one word becomes a term. The terms and their claims
/// are kept in two buffers ([`BriefingTerms`]): a string is made only for a term new to the
/// index, where a map by term made one for every word of the briefing.
fn briefing_terms(briefing: &Briefing) -> BriefingTerms {
    /// The claim noted for a word of the title or a tag: it sorts after every claim's.
    const EVERY: u32 = u32::MAX;
    let mut buffer = String::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut note = |text: &str, claim: u32| {
        for word in raw_words(text) {
            let start = buffer.len();
            push_term(&mut buffer, word);
            if let Some(note) = Note::new(&buffer, start, claim) {
                notes.push(note);
            }
        }
    };
    let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
    note(title, EVERY);
    for tag in &briefing.tags {
        note(briefing.tag_name(tag), EVERY);
    }
    for (index, claim) in briefing.claims().enumerate() {
        let index = u32::try_from(index).unwrap_or(EVERY - 1).min(EVERY - 1);
        note(claim.label.as_deref().unwrap_or(""), index);
        note(&claim.text, index);
        let domains = claim
            .citations
            .iter()
            .filter_map(|number| briefing.source(*number))
            .map(|source| &*source.domain);
        // A site is found by its name (`wikipedia`) as well as its domain (`en.wikipedia.org`).
        for part in domains.flat_map(|domain| domain.split('.').filter(|part| *part != "www")) {
            note(part, index);
        }
    }
    let word = |note: &Note| &buffer[note.start as usize..note.end as usize];
    // Ordered by word, then claim: first by the first eight bytes and the claim, one number,
    // then each run of one first eight bytes by the rest of its words, where one is longer.
    // A word is mostly repeated in a briefing, and comparing two repeats' bytes was most of
    // what sorting a briefing's words by the whole word cost.
    notes.sort_unstable_by_key(|note| (u128::from(note.prefix) << 32) | u128::from(note.claim));
    for run in notes.chunk_by_mut(|a, b| a.prefix == b.prefix) {
        // Words of eight bytes or fewer are all of them in their prefix (they hold no NUL).
        if run.len() > 1 && run.iter().any(|note| note.end - note.start > 8) {
            run.sort_unstable_by(|a, b| word(a).cmp(word(b)).then(a.claim.cmp(&b.claim)));
        }
    }
    let mut terms = BriefingTerms::default();
    let mut notes = notes.iter().peekable();
    while let Some(first) = notes.next() {
        let term = word(first);
        let claims_start = terms.claims.len();
        terms.claims.push(first.claim);
        while let Some(next) =
            notes.next_if(|next| next.prefix == first.prefix && word(next) == term)
        {
            if terms.claims.last() != Some(&next.claim) {
                terms.claims.push(next.claim);
            }
        }
        // A word of the title or a tag, which every claim has: its note sorts last.
        let every = terms.claims.last() == Some(&EVERY);
        if every {
            terms.claims.truncate(claims_start);
        }
        terms.text.push_str(term);
        let ends = u32::try_from(terms.text.len())
            .ok()
            .zip(u32::try_from(terms.claims.len()).ok());
        let Some((text_end, claims_end)) = ends else {
            break;
        };
        terms.ends.push((text_end, (!every).then_some(claims_end)));
    }
    terms
}

/// A briefing's terms in term order, each with the claims that have it ([`briefing_terms`]),
/// in two buffers rather than a string and a vector a term.
#[derive(Debug, Default)]
struct BriefingTerms {
    /// The terms, one after the other.
    text: String,
    /// The claims of each term that not every claim has, one run after the other.
    claims: Vec<u32>,
    /// Where each term ends in `text`, and where its claims end in `claims` (`None`: a word
    /// of the title or a tag, which every claim has).
    ends: Vec<(u32, Option<u32>)>,
}

impl BriefingTerms {
    /// Each term, with the claims that have it (`None`: every claim).
    fn iter(&self) -> impl Iterator<Item = (&str, Option<&[u32]>)> + '_ {
        let mut text_start = 0;
        let mut claims_start = 0;
        self.ends.iter().map(move |&(text_end, claims_end)| {
            let term = &self.text[text_start..text_end as usize];
            text_start = text_end as usize;
            let claims = claims_end.map(|end| {
                let claims = &self.claims[claims_start..end as usize];
                claims_start = end as usize;
                claims
            });
            (term, claims)
        })
    }
}

/// A word of a briefing ([`briefing_terms`]): where it is in the buffer of its lowercased
/// words, and its claim.
struct Note {
    /// Its first eight bytes, big-endian (zeros after a shorter word): comparing these orders
    /// most pairs of words as their bytes do, without reading the buffer.
    prefix: u64,
    start: u32,
    end: u32,
    claim: u32,
}

impl Note {
    /// The word of `buffer` from `start` to its end; `None` past 4 GiB.
    fn new(buffer: &str, start: usize, claim: u32) -> Option<Note> {
        let bytes = buffer.as_bytes().get(start..)?;
        let mut prefix = [0_u8; 8];
        let head = bytes.len().min(8);
        prefix[..head].copy_from_slice(&bytes[..head]);
        Some(Note {
            prefix: u64::from_be_bytes(prefix),
            start: u32::try_from(start).ok()?,
            end: u32::try_from(buffer.len()).ok()?,
            claim,
        })
    }
}

/// A term's postings while the index is gathered, newest briefing first. Each is packed as
/// varints: how many briefings after the previous posting's this one's is (in the order of
/// the postings, so mostly one byte where a site's index would take three), then 0 for
/// "every claim" or the number of claims plus one and each claim's index. The text they are
/// written as (`4q2ab3kx1:0,3 4q1zz0c9d:*`) is about three times that size, and every term's
/// postings are held until the terms are sorted, so the text is made only when its file is
/// written.
#[derive(Debug, Default, PartialEq, Eq)]
struct Postings {
    packed: Vec<u8>,
    /// The length of the text, which decides where chunks and parts end.
    text_len: usize,
    /// The position after the last posting's briefing, in newest-first order.
    next: usize,
}

impl Postings {
    /// Add a briefing (its position newest first, after every one added before, and its key)
    /// with the claims that have the term.
    fn push(&mut self, position: usize, key: &str, claims: Option<&[u32]>) {
        if !self.packed.is_empty() {
            self.text_len += 1;
        }
        varint::push(&mut self.packed, position.saturating_sub(self.next) as u64);
        self.next = position + 1;
        self.text_len += key.len() + 1;
        match claims {
            None => {
                self.packed.push(0);
                self.text_len += 1;
            }
            Some(claims) => {
                varint::push(&mut self.packed, claims.len() as u64 + 1);
                for (n, claim) in claims.iter().enumerate() {
                    varint::push(&mut self.packed, u64::from(*claim));
                    self.text_len += base36_len(u64::from(*claim)) + usize::from(n > 0);
                }
            }
        }
    }

    /// The length of each posting as written, without writing it.
    fn text_lengths<'a>(&'a self, keys: &'a [&'a str]) -> impl Iterator<Item = usize> + 'a {
        let mut reader = PostingReader::new(&self.packed);
        let mut claims = Vec::new();
        std::iter::from_fn(move || {
            let (position, every) = reader.read(&mut claims)?;
            let claims_len: usize = if every {
                1
            } else {
                let digits = claims.iter().map(|claim| base36_len(u64::from(*claim)));
                digits.sum::<usize>() + claims.len().saturating_sub(1)
            };
            Some(key_at(keys, position).len() + 1 + claims_len)
        })
    }

    /// Append the postings to `out` as written, space-separated.
    fn push_text(&self, out: &mut String, keys: &[&str]) {
        let mut reader = PostingReader::new(&self.packed);
        let mut claims = Vec::new();
        let mut first = true;
        while let Some((position, every)) = reader.read(&mut claims) {
            if !first {
                out.push(' ');
            }
            first = false;
            push_posting(out, key_at(keys, position), every, &claims);
        }
    }
}

/// Reads packed postings ([`Postings`]) one at a time, from the front.
struct PostingReader<'a> {
    packed: &'a [u8],
    /// The position after the previous posting's briefing.
    next: usize,
}

impl<'a> PostingReader<'a> {
    fn new(packed: &'a [u8]) -> Self {
        PostingReader { packed, next: 0 }
    }

    /// The next posting: its briefing's position (newest first), and whether every claim of
    /// it has the term; when not, the claims that do are put in `claims`. `None` at the end.
    fn read(&mut self, claims: &mut Vec<u32>) -> Option<(usize, bool)> {
        let position = self.position()?;
        claims.clear();
        let count = read_varint(&mut self.packed);
        for _ in 1..count {
            let claim = read_varint(&mut self.packed);
            claims.push(u32::try_from(claim).unwrap_or(u32::MAX));
        }
        Some((position, count == 0))
    }

    /// The next posting's briefing position, read up to its claims; `None` at the end.
    fn position(&mut self) -> Option<usize> {
        if self.packed.is_empty() {
            return None;
        }
        let position = usize::try_from(read_varint(&mut self.packed))
            .unwrap_or(usize::MAX)
            .saturating_add(self.next);
        self.next = position.saturating_add(1);
        Some(position)
    }

    /// The next posting's briefing position, its claims skipped; `None` at the end.
    fn skip(&mut self) -> Option<usize> {
        let position = self.position()?;
        let count = read_varint(&mut self.packed);
        for _ in 1..count {
            read_varint(&mut self.packed);
        }
        Some(position)
    }
}

/// The key at `position` of every briefing's key newest first (empty past the end).
fn key_at<'a>(keys: &[&'a str], position: usize) -> &'a str {
    keys.get(position).copied().unwrap_or("")
}

/// Append a posting to `out` as written: `4q2ab3kx1:0,3`, or `4q2ab3kx1:*` for every claim.
fn push_posting(out: &mut String, key: &str, every: bool, claims: &[u32]) {
    out.push_str(key);
    out.push(':');
    if every {
        out.push('*');
    }
    for (n, claim) in claims.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_base36(out, u64::from(*claim));
    }
}

/// Take one varint from the front of `packed` (0 when it is empty).
fn read_varint(packed: &mut &[u8]) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    while let Some((&byte, rest)) = packed.split_first() {
        *packed = rest;
        if shift < u64::BITS {
            value |= u64::from(byte & 0x7f) << shift;
        }
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    value
}

/// Write the document buckets, given each briefing's line length; returns how many there are
/// (a power of two, so it changes only when the site doubles or halves). Lines are made only
/// for the bucket being written, so that the others are not in memory, and a bucket whose
/// briefings are unchanged is kept from the last build.
fn document_files(
    indexed: &Indexed,
    line_lengths: &[usize],
    budget: Budget,
    output: &dyn Output,
) -> Result<usize> {
    let total: usize = line_lengths.iter().map(|length| length + 2).sum();
    let buckets = total
        .div_ceil(budget.bucket_target)
        .max(1)
        .next_power_of_two();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
    for (position, key) in indexed.keys.iter().enumerate() {
        members[bucket_of(key, buckets)].push(position);
    }
    members
        .into_par_iter()
        .enumerate()
        .try_for_each(|(bucket, mut members)| {
            members.sort_unstable_by_key(|position| indexed.keys[*position]);
            let path = format!("search/d/{bucket}.js");
            let path = Path::new(&path);
            let input = Indexed::file_input("docs", |hasher| {
                hasher.update(&(buckets as u64).to_le_bytes());
                hasher.update(&(bucket as u64).to_le_bytes());
                for position in &members {
                    hasher.update(indexed.keys[*position].as_bytes());
                    hasher.update(&indexed.fingerprints[*position].to_le_bytes());
                }
            });
            if output.reuse(&[path], input)? {
                return Ok(());
            }
            let mut script = Script::new("docs", &bucket.to_string());
            for position in members {
                script.line(|out| {
                    push_document_line(out, indexed.briefing(position), indexed.keys[position]);
                });
            }
            output.write_from(path, script.finish().as_bytes(), input)
        })?;
    Ok(buckets)
}

/// The bucket of a key: from the first three digits of its slug hash. `search.js` computes
/// the same.
fn bucket_of(key: &str, buckets: usize) -> usize {
    let digits = key.get(4..7).unwrap_or("0");
    usize::from_str_radix(digits, 36).unwrap_or(0) % buckets
}

/// How many briefings are indexed at once (on every core) before their postings join the
/// terms': enough to keep the cores busy, few enough that their terms take little memory.
const BATCH: usize = 512;

/// Every term's postings, newest briefing first.
fn gather_postings(indexed: &Indexed) -> TermMap<Postings> {
    let mut postings: TermMap<Postings> = TermMap::default();
    for start in (0..indexed.keys.len()).step_by(BATCH) {
        let end = (start + BATCH).min(indexed.keys.len());
        let batch: Vec<BriefingTerms> = (start..end)
            .into_par_iter()
            .map(|position| briefing_terms(indexed.briefing(position)))
            .collect();
        for (position, terms) in (start..end).zip(batch) {
            let key = indexed.keys[position];
            for (term, claims) in terms.iter() {
                match postings.get_mut(term) {
                    Some(found) => found.push(position, key, claims),
                    None => postings
                        .entry(term.to_owned())
                        .or_default()
                        .push(position, key, claims),
                }
            }
        }
    }
    postings
}

/// Every term with its postings, in the order of [`term_order`].
type SortedTerms = Vec<(String, Postings)>;

/// The order of terms in the index: JavaScript's order of strings (UTF-16 code units), which
/// `search.js` uses to find a word's chunk.
fn term_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `postings` in [`term_order`].
fn sorted_terms(postings: TermMap<Postings>) -> SortedTerms {
    let mut terms: SortedTerms = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| term_order(&a.0, &b.0));
    terms
}

/// A term's line of its chunk, before it is written: its postings, or where the parts of a
/// common word's postings are (`@<id>:<parts>`).
enum TermLine {
    Postings(Postings),
    Parts(String),
}

impl TermLine {
    fn text_len(&self) -> usize {
        match self {
            TermLine::Postings(postings) => postings.text_len,
            TermLine::Parts(text) => text.len(),
        }
    }

    /// Append the line's text after its term to `out`.
    fn push_text(&self, out: &mut String, keys: &[&str]) {
        match self {
            TermLine::Postings(postings) => postings.push_text(out, keys),
            TermLine::Parts(text) => out.push_str(text),
        }
    }
}

/// Write the term chunks and the parts of common words; returns each chunk's first term and
/// file id, in term order. A file whose postings and keys are unchanged is kept from the last
/// build instead of written.
fn term_files(
    terms: SortedTerms,
    indexed: &Indexed,
    budget: Budget,
    output: &dyn Output,
) -> Result<Vec<(String, String)>> {
    let keys = indexed.keys.as_slice();

    // Common words, in term order (so their ids do not depend on threads): postings in parts,
    // and in their line only where the parts are.
    let mut ids = HashSet::new();
    let mut lines: Vec<(String, TermLine)> = Vec::with_capacity(terms.len());
    for (term, postings) in terms {
        let line = if term.len() + 1 + postings.text_len > budget.line_max {
            let id = unique_id(&term, &mut ids);
            let count = part_files(&id, &postings, indexed, budget, output)?;
            TermLine::Parts(format!("@{id}:{count}"))
        } else {
            TermLine::Postings(postings)
        };
        lines.push((term, line));
    }

    // Content-defined chunks: a term whose hash is 0 modulo `spacing` starts one, so that
    // chunks average `chunk_target` bytes and an added term moves no other boundary. A line
    // is `"term postings"`: terms are letters and digits and postings base 36, so no
    // character of it is escaped.
    let line_length = |(term, line): &(String, TermLine)| term.len() + line.text_len() + 3;
    let total: usize = lines.iter().map(|line| line_length(line) + 2).sum();
    let spacing = (budget.chunk_target * lines.len())
        .checked_div(total)
        .unwrap_or(1)
        .max(1);
    let spacing = prev_power_of_two(spacing) as u64;
    let mut chunks: Vec<Vec<(String, TermLine)>> = Vec::new();
    let mut size = 0;
    for line in lines {
        let length = line_length(&line);
        let starts = fnv1a(&line.0).is_multiple_of(spacing) || size + length > budget.chunk_max;
        if chunks.is_empty() || (size > 0 && starts) {
            chunks.push(Vec::new());
            size = 0;
        }
        size += length + 2;
        let last = chunks.len() - 1;
        chunks[last].push(line);
    }
    // Ids in term order, so that they do not depend on threads; then the files on every core.
    let mut ids = HashSet::new();
    let chunks: Vec<(String, Vec<(String, TermLine)>)> = chunks
        .into_iter()
        .map(|chunk| {
            let id = unique_id(&format!("chunk {}", chunk[0].0), &mut ids);
            (id, chunk)
        })
        .collect();
    chunks
        .into_par_iter()
        .map(|(id, chunk)| {
            let path = format!("search/t/{id}.js");
            let path = Path::new(&path);
            let input = Indexed::file_input("terms", |hasher| {
                hasher.update(&indexed.keys_hash.to_le_bytes());
                hasher.update(id.as_bytes());
                for (term, line) in &chunk {
                    hasher.update(&(term.len() as u64).to_le_bytes());
                    hasher.update(term.as_bytes());
                    let bytes = match line {
                        TermLine::Postings(postings) => postings.packed.as_slice(),
                        TermLine::Parts(text) => text.as_bytes(),
                    };
                    hasher.update(&(bytes.len() as u64).to_le_bytes());
                    hasher.update(bytes);
                }
            });
            if !output.reuse(&[path], input)? {
                let mut script = Script::new("terms", &id);
                for (term, line) in &chunk {
                    // `"term postings"`: keys, claim numbers and part ids are base 36.
                    script.line(|out| {
                        out.push('"');
                        push_json_text(out, term);
                        out.push(' ');
                        line.push_text(out, keys);
                        out.push('"');
                    });
                }
                output.write_from(path, script.finish().as_bytes(), input)?;
            }
            let first = chunk.into_iter().next().map(|(term, _)| term);
            Ok((first.unwrap_or_default(), id))
        })
        .collect()
}

/// Write the postings of a common word in parts of about `part_max` bytes, newest first;
/// returns how many parts there are. Parts whose postings and keys are unchanged are kept
/// from the last build instead of written.
fn part_files(
    id: &str,
    postings: &Postings,
    indexed: &Indexed,
    budget: Budget,
    output: &dyn Output,
) -> Result<usize> {
    let keys = indexed.keys.as_slice();
    // Where each part starts, from the postings' lengths, before any text is made.
    let mut starts = vec![0];
    let mut size = 0;
    let mut in_part = 0;
    for (number, length) in postings.text_lengths(keys).enumerate() {
        if size + length > budget.part_max && in_part > 0 {
            starts.push(number);
            size = 0;
            in_part = 0;
        }
        size += length + 4;
        in_part += 1;
    }
    let count = starts.len();
    let paths: Vec<String> = (0..count)
        .map(|number| format!("search/p/{id}-{number}.js"))
        .collect();
    let input = Indexed::file_input("parts", |hasher| {
        hasher.update(&indexed.keys_hash.to_le_bytes());
        hasher.update(id.as_bytes());
        hasher.update(&postings.packed);
    });
    let path_list: Vec<&Path> = paths.iter().map(Path::new).collect();
    if output.reuse(&path_list, input)? {
        return Ok(count);
    }
    let mut reader = PostingReader::new(&postings.packed);
    let mut claims = Vec::new();
    for (number, path) in path_list.iter().enumerate() {
        let end = starts.get(number + 1).copied().unwrap_or(usize::MAX);
        let mut script = Script::new("part", &format!("{id}-{number}"));
        for _ in starts[number]..end {
            let Some((position, every)) = reader.read(&mut claims) else {
                break;
            };
            script.line(|out| {
                out.push('"');
                push_posting(out, key_at(keys, position), every, &claims);
                out.push('"');
            });
        }
        output.write_from(path, script.finish().as_bytes(), input)?;
    }
    Ok(count)
}

/// `search/index.js`: the bucket count, then each chunk's first term and id, one per line.
fn manifest(buckets: usize, chunks: &[(String, String)]) -> String {
    let mut text = format!(
        "// The search index of this site: see search.js.\nbriefingSearch.manifest({buckets}, [\n"
    );
    for (first, id) in chunks {
        text.push_str(&json_line(&(first, id)));
        text.push_str(",\n");
    }
    text.push_str("]);\n");
    text
}

/// A file that hands its lines to `briefingSearch.<method>(id, [...])`, one per line, each
/// written straight into the file's text.
struct Script(String);

impl Script {
    fn new(method: &str, id: &str) -> Self {
        Script(format!("briefingSearch.{method}({}, [\n", json_line(&id)))
    }

    /// Add a line, as `write` appends it.
    fn line(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.0);
        self.0.push_str(",\n");
    }

    fn finish(mut self) -> String {
        self.0.push_str("]);\n");
        self.0
    }
}

fn json_line(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// An 8-digit id from `seed`'s hash, salted until it is not in `used`.
fn unique_id(seed: &str, used: &mut HashSet<String>) -> String {
    let mut salt = 0_u32;
    loop {
        let salted = if salt == 0 {
            seed.to_owned()
        } else {
            format!("{seed}#{salt}")
        };
        let id = base36_padded(fnv1a(&salted) % 36_u64.pow(8), 8);
        if used.insert(id.clone()) {
            return id;
        }
        salt += 1;
    }
}

/// FNV-1a, 64 bits: a fixed hash, the same on every machine and in every version.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn prev_power_of_two(n: usize) -> usize {
    if n.is_power_of_two() {
        n
    } else {
        n.next_power_of_two() / 2
    }
}

/// `n` in base 36, the shortest reference the index can carry.
fn base36(n: u64) -> String {
    let mut out = String::new();
    push_base36(&mut out, n);
    out
}

/// Append `n` in base 36 to `out`, without a string of its own: the index writes millions.
fn push_base36(out: &mut String, mut n: u64) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0_u8; 13];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// How many digits `n` has in base 36.
fn base36_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
}

fn base36_padded(n: u64, width: usize) -> String {
    format!("{:0>width$}", base36(n))
}

#[cfg(test)]
mod tests;
