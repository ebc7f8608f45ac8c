//! Dates in the forms pastes write them.

use crate::date::Date;

/// A date as a paste wrote it: the day, and whether day and month could have been the other
/// way round (`3/9/2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScannedDate {
    /// The day.
    pub date: Date,
    /// Whether the month-first reading was a guess.
    pub ambiguous: bool,
}

impl ScannedDate {
    fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        Some(ScannedDate {
            date: Date::new(year, month, day)?,
            ambiguous: false,
        })
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name or its abbreviation (`Nov`, `Nov.`, `Sept`, `November`), case-insensitive.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(&word))
        .map(|index| index as u32 + 1)
}

/// Scan a date at the start of `text`: `Nov 4, 2025`, `November 4 2025`, `4 Nov 2025`,
/// `2025-11-04`, European `4.11.2025`, or US `11/4/2025` (marked ambiguous when both readings are valid dates).
pub fn scan_date(text: &str) -> Option<(usize, ScannedDate)> {
    let words: Vec<(usize, &str)> = text
        .split_inclusive(char::is_whitespace)
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len();
            Some((start, word))
        })
        .filter(|(_, word)| !word.trim().is_empty())
        .take(3)
        .collect();
    let word = |i: usize| words.get(i).map(|(_, w)| w.trim());
    let end_of = |i: usize| words[i].0 + words[i].1.trim_end().len();
    let number = |w: &str, max_len: usize| -> Option<u32> {
        let w = w.trim_end_matches([',', '.']);
        let w = w
            .strip_suffix("st")
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .unwrap_or(w);
        (!w.is_empty() && w.len() <= max_len && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let first = word(0)?;
    // Month D, YYYY
    if let Some(month) = month_number(first) {
        let day = number(word(1)?, 2)?;
        let year_word = word(2)?.trim_end_matches(['.', ',']);
        if year_word.len() == 4 {
            let year = number(year_word, 4)?;
            return Some((end_of(2), ScannedDate::new(year, month, day)?));
        }
        return None;
    }
    // D Month YYYY
    if let (Some(day), Some(month)) = (number(first, 2), word(1).and_then(month_number)) {
        let year_word = word(2)?.trim_end_matches(['.', ',']);
        if year_word.len() == 4 {
            return Some((
                end_of(2),
                ScannedDate::new(number(year_word, 4)?, month, day)?,
            ));
        }
        return None;
    }
    let token = first.trim_end_matches(['.', ',']);
    let consumed = words[0].0 + token.len();
    // YYYY-MM-DD
    let parts: Vec<&str> = token.split('-').collect();
    if let [year, month, day] = parts[..] {
        if year.len() == 4 {
            let date = ScannedDate::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // D.M.YYYY, as German and other European pages write it (`07.03.2025`).
    let parts: Vec<&str> = token.split('.').collect();
    if let [day, month, year] = parts[..] {
        if year.len() == 4 {
            let date = ScannedDate::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // M/D/YYYY, as US engines write it.
    let parts: Vec<&str> = token.split('/').collect();
    if let [month, day, year] = parts[..] {
        if year.len() == 4 {
            let (month, day, year) = (number(month, 2)?, number(day, 2)?, number(year, 4)?);
            let mut date = ScannedDate::new(year, month, day)?;
            date.ambiguous = month != day && Date::new(year, day, month).is_some();
            return Some((consumed, date));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let cases = [
            ("Nov 4, 2025", Some(("2025-11-04", false, 11))),
            ("November 4 2025 rest", Some(("2025-11-04", false, 15))),
            ("4 Nov. 2025", Some(("2025-11-04", false, 11))),
            ("2024-02-29", Some(("2024-02-29", false, 10))),
            ("3/9/2024", Some(("2024-03-09", true, 8))),
            ("12/31/2024", Some(("2024-12-31", false, 10))),
            ("07.03.2025 — snippet", Some(("2025-03-07", false, 10))),
            ("31.02.2025", None),
            ("2023-02-29", None),
            ("Nov 31, 2025", None),
            ("May I ask", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = scan_date(text).map(|(n, d)| (d.date.to_string(), d.ambiguous, n));
            let expected = expected.map(|(iso, ambiguous, n)| (iso.to_owned(), ambiguous, n));
            assert_eq!(got, expected, "{text:?}");
        }
    }
}
