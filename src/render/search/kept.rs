//! What a build's search index was made from, kept in the cache folder so that the next build
//! of the same output reads again only the briefings that changed.
//!
//! Gathering every term's postings means cutting every claim of every briefing into words and
//! merging them into one map: most of a rebuild's search time. The kept file holds each
//! briefing's key, fingerprint (its model's hash) and document line's length, in the
//! order the postings refer to (newest first), then every term's packed postings and the
//! length of their text, in the order terms are written in (so that a rebuild need not sort
//! them again). A later build maps each kept briefing whose key and fingerprint are unchanged
//! to its new position, drops the others, and merges in the terms of the briefings that
//! changed or are new: the same postings a full gather makes, byte for byte, for a fraction of
//! the work. A term whose briefings are all unchanged and in place keeps its postings as read.
//!
//! The postings are read a term at a time, so that two sets of them are never held whole. The
//! file is only a shortcut: one that is missing, from another binary or damaged is ignored and
//! everything is made anew, as it is when too much changed for patching to pay.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use rayon::prelude::*;

use super::{
    briefing_terms, term_order, BriefingTerms, ClaimSet, Indexed, PostingReader, Postings,
    SortedTerms, TermMap,
};

/// The first bytes of a kept file, with the version of its layout.
const MAGIC: &[u8] = b"briefing search index 3\n";

/// Patching the postings pays while at most one briefing in this many changed; past that a
/// full gather is as quick.
const CHANGED_ONE_IN: usize = 4;

/// A kept file, read up to its postings, matched with the briefings of this build.
#[derive(Debug)]
pub(super) struct Kept {
    file: BufReader<File>,
    /// Where each briefing the file lists is now (its position newest first), when unchanged.
    moved: Vec<Option<usize>>,
    /// Each briefing's document line length, by position now, when unchanged.
    line_lengths: Vec<Option<usize>>,
}

impl Kept {
    /// The file at `path`, matched with the briefings of this build; `None` when there is no
    /// usable file.
    pub(super) fn open(path: &Path, indexed: &Indexed) -> Option<Self> {
        let keys = &indexed.keys;
        let mut file = BufReader::new(File::open(path).ok()?);
        let mut magic = vec![0; MAGIC.len()];
        file.read_exact(&mut magic).ok()?;
        if magic != MAGIC || read_u64(&mut file).ok()? != crate::build_id::binary_hash() {
            return None;
        }
        let now: HashMap<(&str, u64), usize> = keys
            .iter()
            .zip(&indexed.fingerprints)
            .enumerate()
            .map(|(position, (key, fingerprint))| ((*key, *fingerprint), position))
            .collect();
        let count = usize::try_from(read_varint(&mut file).ok()?).ok()?;
        let mut moved = Vec::with_capacity(count.min(keys.len() * 2));
        let mut line_lengths = vec![None; keys.len()];
        for _ in 0..count {
            let key = read_bytes(&mut file).ok()?;
            let fingerprint = read_u64(&mut file).ok()?;
            let line_length = usize::try_from(read_varint(&mut file).ok()?).ok()?;
            let position = std::str::from_utf8(&key)
                .ok()
                .and_then(|key| now.get(&(key, fingerprint)).copied());
            if let Some(position) = position {
                line_lengths[position] = Some(line_length);
            }
            moved.push(position);
        }
        Some(Kept {
            file,
            moved,
            line_lengths,
        })
    }

    /// The length of the document line of the briefing at `position`, when it is unchanged.
    pub(super) fn line_length(&self, position: usize) -> Option<usize> {
        self.line_lengths.get(position).copied().flatten()
    }

    /// The postings of this build's briefings, the kept ones patched, in term order: the file
    /// keeps its terms in that order, so only the terms new to the index are sorted. `None`
    /// when too much changed for patching to pay, or the file is damaged.
    pub(super) fn postings(mut self, indexed: &Indexed) -> Option<SortedTerms> {
        let keys = indexed.keys.as_slice();
        let changed: Vec<usize> = (0..keys.len())
            .filter(|position| self.line_length(*position).is_none())
            .collect();
        if changed.len() * CHANGED_ONE_IN > keys.len() {
            return None;
        }
        // The changed briefings' terms, each with its postings in position order.
        let indexed: Vec<(usize, BriefingTerms)> = changed
            .par_iter()
            .map(|position| (*position, briefing_terms(indexed.briefing(*position))))
            .collect();
        let mut fresh: TermMap<Vec<(usize, ClaimSet)>> = TermMap::default();
        for (position, terms) in &indexed {
            for (term, claims) in terms.iter() {
                let claims = claims.map(<[u32]>::to_vec);
                fresh
                    .entry(term.to_owned())
                    .or_default()
                    .push((*position, claims));
            }
        }

        let term_count = usize::try_from(read_varint(&mut self.file).ok()?).ok()?;
        let mut kept: SortedTerms = Vec::with_capacity(term_count.min(keys.len() * 64));
        for _ in 0..term_count {
            let term = String::from_utf8(read_bytes(&mut self.file).ok()?).ok()?;
            let packed = read_bytes(&mut self.file).ok()?;
            let text_len = usize::try_from(read_varint(&mut self.file).ok()?).ok()?;
            // Terms only grow, in a file this binary wrote whole.
            let after_last = kept
                .last()
                .is_none_or(|(last, _)| term_order(last, &term).is_lt());
            if !after_last {
                return None;
            }
            let merged = match fresh.remove(&term) {
                Some(added) => self.merge(&packed, &added, keys)?,
                None => match self.unmoved(&packed) {
                    Some(next) => Postings {
                        packed,
                        text_len,
                        next,
                    },
                    None => self.merge(&packed, &[], keys)?,
                },
            };
            if !merged.packed.is_empty() {
                kept.push((term, merged));
            }
        }
        // Terms no kept briefing had, sorted, then merged in.
        let mut new: SortedTerms = Vec::with_capacity(fresh.len());
        for (term, added) in fresh {
            let merged = self.merge(&[], &added, keys)?;
            new.push((term, merged));
        }
        new.sort_unstable_by(|a, b| term_order(&a.0, &b.0));
        Some(merge_sorted(kept, new))
    }

    /// Whether every briefing in `packed` is unchanged and where it was: then the postings are
    /// as they were, and need not be made again (most terms, after a one-claim edit). The
    /// position after the last one's, when they are.
    fn unmoved(&self, packed: &[u8]) -> Option<usize> {
        let mut reader = PostingReader::new(packed);
        let mut next = None;
        while let Some(old) = reader.skip() {
            if *self.moved.get(old)? != Some(old) {
                return None;
            }
            next = Some(old + 1);
        }
        next
    }

    /// A term's postings now: its kept postings `packed` that are unchanged, at their new
    /// positions, and `added` (position order) from the briefings read again.
    fn merge(&self, packed: &[u8], added: &[(usize, ClaimSet)], keys: &[&str]) -> Option<Postings> {
        let mut merged = Postings::default();
        let mut added = added.iter().peekable();
        let mut kept = PostingReader::new(packed);
        let mut claims = Vec::new();
        while let Some((old, every_claim)) = kept.read(&mut claims) {
            let Some(position) = *self.moved.get(old)? else {
                continue;
            };
            while let Some((fresh_position, fresh_claims)) =
                added.next_if(|(fresh_position, _)| *fresh_position < position)
            {
                merged.push(
                    *fresh_position,
                    keys[*fresh_position],
                    fresh_claims.as_deref(),
                );
            }
            // Positions only grow, in a file this binary wrote whole.
            if position < merged.next && !merged.packed.is_empty() {
                return None;
            }
            let claims = (!every_claim).then_some(claims.as_slice());
            merged.push(position, keys[position], claims);
        }
        for (position, claims) in added {
            merged.push(*position, keys[*position], claims.as_deref());
        }
        Some(merged)
    }
}

/// Two runs of terms in [`term_order`], with no term in both, as one.
fn merge_sorted(kept: SortedTerms, new: SortedTerms) -> SortedTerms {
    if new.is_empty() {
        return kept;
    }
    let mut merged = Vec::with_capacity(kept.len() + new.len());
    let mut new = new.into_iter().peekable();
    for term in kept {
        while let Some(first) = new.next_if(|(first, _)| term_order(first, &term.0).is_lt()) {
            merged.push(first);
        }
        merged.push(term);
    }
    merged.extend(new);
    merged
}

/// Keep, in the file at `path`, what this build's search index was made from: its briefings'
/// keys, fingerprints and document line lengths (by position) and its `terms`, in term order.
/// The file is written beside it and moved into place, so that a build stopped midway leaves
/// the old one.
pub(super) fn save(
    path: &Path,
    indexed: &Indexed,
    line_lengths: &[usize],
    terms: &[(String, Postings)],
) -> io::Result<()> {
    let (keys, fingerprints) = (&indexed.keys, &indexed.fingerprints);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    // Named after this process: two `serve`s of one site may save at once.
    let temp = path.with_extension(format!("new-{}", std::process::id()));
    let mut file = BufWriter::new(File::create(&temp)?);
    file.write_all(MAGIC)?;
    file.write_all(&crate::build_id::binary_hash().to_le_bytes())?;
    write_varint(&mut file, keys.len() as u64)?;
    for ((key, fingerprint), line_length) in keys.iter().zip(fingerprints).zip(line_lengths) {
        write_bytes(&mut file, key.as_bytes())?;
        file.write_all(&fingerprint.to_le_bytes())?;
        write_varint(&mut file, *line_length as u64)?;
    }
    write_varint(&mut file, terms.len() as u64)?;
    for (term, term_postings) in terms {
        write_bytes(&mut file, term.as_bytes())?;
        write_bytes(&mut file, &term_postings.packed)?;
        write_varint(&mut file, term_postings.text_len as u64)?;
    }
    file.into_inner().map_err(io::IntoInnerError::into_error)?;
    std::fs::rename(&temp, path)
}

fn write_varint(file: &mut impl Write, value: u64) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(10);
    crate::varint::push(&mut bytes, value);
    file.write_all(&bytes)
}

fn write_bytes(file: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    write_varint(file, bytes.len() as u64)?;
    file.write_all(bytes)
}

fn read_u64(file: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0; 8];
    file.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// A varint of the file; an error past ten bytes, which no `u64` takes.
fn read_varint(file: &mut impl Read) -> io::Result<u64> {
    let mut value = 0;
    for shift in (0..70).step_by(7) {
        let mut byte = [0];
        file.read_exact(&mut byte)?;
        value |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(io::ErrorKind::InvalidData.into())
}

/// A length-prefixed run of bytes; a length past what is left is an error, not an allocation.
fn read_bytes(file: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_varint(file)?;
    let mut bytes = Vec::new();
    file.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 == len {
        Ok(bytes)
    } else {
        Err(io::ErrorKind::UnexpectedEof.into())
    }
}
