//! Dates in the forms pastes write them, as a small calendar type.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, four digits.
    pub year: u32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// Whether day and month could have been the other way round (`3/9/2024`).
    pub ambiguous: bool,
}

impl Date {
    fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
            ambiguous: false,
        })
    }

    /// The calendar date `days` days after 1970-01-01 (UTC), by Howard Hinnant's
    /// `civil_from_days`; `None` outside years 1000–9999.
    pub fn from_unix_days(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(
            u32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
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
pub fn scan_date(text: &str) -> Option<(usize, Date)> {
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
            return Some((end_of(2), Date::new(year, month, day)?));
        }
        return None;
    }
    // D Month YYYY
    if let (Some(day), Some(month)) = (number(first, 2), word(1).and_then(month_number)) {
        let year_word = word(2)?.trim_end_matches(['.', ',']);
        if year_word.len() == 4 {
            return Some((end_of(2), Date::new(number(year_word, 4)?, month, day)?));
        }
        return None;
    }
    let token = first.trim_end_matches(['.', ',']);
    let consumed = words[0].0 + token.len();
    // YYYY-MM-DD
    let parts: Vec<&str> = token.split('-').collect();
    if let [year, month, day] = parts[..] {
        if year.len() == 4 {
            let date = Date::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // D.M.YYYY, as German and other European pages write it (`07.03.2025`).
    let parts: Vec<&str> = token.split('.').collect();
    if let [day, month, year] = parts[..] {
        if year.len() == 4 {
            let date = Date::new(number(year, 4)?, number(month, 2)?, number(day, 2)?)?;
            return Some((consumed, date));
        }
    }
    // M/D/YYYY, as US engines write it.
    let parts: Vec<&str> = token.split('/').collect();
    if let [month, day, year] = parts[..] {
        if year.len() == 4 {
            let (month, day, year) = (number(month, 2)?, number(day, 2)?, number(year, 4)?);
            let mut date = Date::new(year, month, day)?;
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
    fn days_since_the_epoch_become_calendar_dates() {
        let iso = |days| Date::from_unix_days(days).map(|date| date.iso());
        assert_eq!(iso(0).as_deref(), Some("1970-01-01"));
        assert_eq!(iso(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(iso(20_417).as_deref(), Some("2025-11-25"));
        assert_eq!(iso(-719_468).as_deref(), None);
    }

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
            let got = scan_date(text).map(|(n, d)| (d.iso(), d.ambiguous, n));
            let expected = expected.map(|(iso, ambiguous, n)| (iso.to_owned(), ambiguous, n));
            assert_eq!(got, expected, "{text:?}");
        }
    }
}
