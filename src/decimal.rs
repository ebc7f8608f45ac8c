//! Whole numbers written straight into a string. Pages write dates and citation numbers by
//! the hundred thousand, and an output's manifest a hash and a size for each of its tens of
//! thousands of files; `format!` or `write!` takes each through the formatting machinery:
//! about a thousand instructions for a date, a tenth of that here.

/// Append `value` to `out` in decimal, without leading zeros.
pub fn push(out: &mut String, value: impl Into<u64>) {
    let mut value: u64 = value.into();
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        // A remainder of ten is a digit, so the cast keeps it whole.
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// Append `value` to `out` as sixteen lowercase hexadecimal digits, as `{:016x}` writes it.
pub fn push_hex16(out: &mut String, value: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.extend((0..16).rev().map(|place| {
        // A nibble is below sixteen.
        char::from(DIGITS[((value >> (place * 4)) & 0xf) as usize])
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for value in [
            0,
            7,
            10,
            42,
            1999,
            2025,
            65_535,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = String::from("x");
            push(&mut out, value);
            assert_eq!(out, format!("x{value}"));
        }
    }

    #[test]
    fn hashes_are_written_as_sixteen_hex_digits() {
        for value in [0, 1, 0xabc, 0x0123_4567_89ab_cdef, u64::MAX] {
            let mut out = String::from("x");
            push_hex16(&mut out, value);
            assert_eq!(out, format!("x{value:016x}"));
        }
    }
}
