//! Unsigned LEB128 varints: seven bits a byte, low bits first, so that the small numbers
//! compact files mostly hold (positions, counts, lengths) take a byte each. The search index's
//! postings and the parse memo are written with them.

/// Append `value` to `out`.
pub fn push(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}
