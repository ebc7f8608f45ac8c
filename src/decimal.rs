//! Whole numbers written in decimal straight into a string. Pages write dates and citation
//! numbers by the hundred thousand, and `format!` or `write!` takes each through the
//! formatting machinery: about a thousand instructions for a date, a tenth of that here.

/// Append `value` to `out` in decimal, without leading zeros.
pub fn push(out: &mut String, mut value: u32) {
    let mut digits = [0_u8; 10];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for value in [0, 7, 10, 42, 1999, 2025, 65_535, u32::MAX] {
            let mut out = String::from("x");
            push(&mut out, value);
            assert_eq!(out, format!("x{value}"));
        }
    }
}
