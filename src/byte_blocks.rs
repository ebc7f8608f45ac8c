//! Looking for a few ASCII bytes in text 32 bytes at a time, without a branch a byte. A leaf
//! module: escaping for HTML and for the search index's JSON both ask it of every value they
//! write, and most values have none of the bytes they escape.

/// How many bytes are checked at once: a length known to the compiler, so that the check of a
/// block is unrolled into a few vector instructions.
pub const BLOCK: usize = 32;

/// Whether `block` has a byte that `is` picks.
pub fn block_has(block: &[u8; BLOCK], is: impl Fn(u8) -> bool) -> bool {
    block
        .iter()
        .fold(0_u8, |found, &byte| found | u8::from(is(byte)))
        != 0
}

/// Whether `tail` (shorter than a block: what is left after the whole blocks of a text) has a
/// byte that `is` picks. It is copied into a block filled with `padding`, which `is` must
/// not pick: most values are shorter than a block, and a padded block is quicker to check
/// than its bytes one by one.
pub fn tail_has(tail: &[u8], padding: u8, is: impl Fn(u8) -> bool) -> bool {
    let mut last = [padding; BLOCK];
    let length = tail.len().min(BLOCK);
    last[..length].copy_from_slice(&tail[..length]);
    block_has(&last, is)
}

/// Whether `bytes` has a byte that `is` picks (`is(padding)` false).
pub fn has_any(bytes: &[u8], padding: u8, is: impl Fn(u8) -> bool) -> bool {
    let blocks = bytes.chunks_exact(BLOCK);
    tail_has(blocks.remainder(), padding, &is)
        || blocks.into_iter().any(|block| {
            <&[u8; BLOCK]>::try_from(block).map_or(true, |block| block_has(block, &is))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_is_found_at_every_offset_and_padding_is_never_found() {
        let is_x = |byte: u8| byte == b'x';
        for length in 0..3 * BLOCK {
            let plain = vec![b'a'; length];
            assert!(!has_any(&plain, b' ', is_x), "{length}");
            for at in 0..length {
                let mut text = plain.clone();
                text[at] = b'x';
                assert!(has_any(&text, b' ', is_x), "x at {at} of {length}");
            }
        }
    }
}
