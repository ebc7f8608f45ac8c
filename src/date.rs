//! A calendar date: the one date type of the model, below both the parser and the views.
//!
//! A capture date is a day, never a moment: there is no time of day or zone to get wrong, and
//! nothing here reads the clock. In JSON a date is the string `YYYY-MM-DD`, which also sorts
//! the way dates do.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the Gregorian calendar, in years 1000–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date, if it exists: `Date::new(2023, 2, 29)` is `None`.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year.is_multiple_of(4)
                && (!year.is_multiple_of(100) || year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        if !(1000..=9999).contains(&year) || !(1..=days).contains(&day) {
            return None;
        }
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
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

    /// Days since 1970-01-01 (negative before it), by Howard Hinnant's `days_from_civil`:
    /// the inverse of [`Date::from_unix_days`].
    pub fn to_unix_days(&self) -> i64 {
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// Exactly `YYYY-MM-DD`, as the model's JSON writes it.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        Date::new(digits(0..4)?, digits(5..7)?, digits(8..10)?)
    }

    /// The date as people read it: `4 November 2025`.
    pub fn long(&self) -> String {
        let month = MONTH_NAMES[usize::from(self.month) - 1];
        let mut text = String::with_capacity(month.len() + 8);
        crate::decimal::push(&mut text, u32::from(self.day));
        text.push(' ');
        text.push_str(month);
        text.push(' ');
        crate::decimal::push(&mut text, u32::from(self.year));
        text
    }

    /// The start of the day in UTC as an RFC 3339 timestamp, for feeds: `2025-11-04T00:00:00Z`.
    pub fn start_of_day(&self) -> String {
        format!("{self}T00:00:00Z")
    }
}

/// `YYYY-MM-DD`. Spelt digit by digit: every page, list line and `briefing.json` writes
/// dates, and zero-padding through `write!` cost several times as much. A year always has
/// four digits: [`Date::new`], which every date is made by, keeps it within 1000–9999.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A remainder of ten is a digit, so the cast keeps it whole.
        let digit = |value: u16| b'0' + (value % 10) as u8;
        let (year, month, day) = (self.year, u16::from(self.month), u16::from(self.day));
        let buffer = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        f.write_str(std::str::from_utf8(&buffer).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Date::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_days_are_dates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(999, 1, 1).is_none());
    }

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        let iso = |days| Date::from_unix_days(days).map(|date| date.to_string());
        assert_eq!(iso(0).as_deref(), Some("1970-01-01"));
        assert_eq!(iso(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(iso(20_417).as_deref(), Some("2025-11-25"));
        assert_eq!(iso(-719_468), None);
        for days in [-354_285, -1, 0, 1, 11_016, 20_417, 2_932_896] {
            let date = Date::from_unix_days(days).unwrap();
            assert_eq!(date.to_unix_days(), days, "{date}");
        }
    }

    #[test]
    fn a_date_is_written_and_read_as_iso_text() {
        let date = Date::new(2025, 11, 4).unwrap();
        assert_eq!(date.to_string(), "2025-11-04");
        assert_eq!(date.long(), "4 November 2025");
        assert_eq!(date.start_of_day(), "2025-11-04T00:00:00Z");
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2025-11-04\"");
        let back: Date = serde_json::from_str("\"2025-11-04\"").unwrap();
        assert_eq!(back, date);
        for bad in [
            "\"2025-11-4\"",
            "\"2025-02-30\"",
            "\"soon\"",
            "\"2025/11/04\"",
        ] {
            assert!(serde_json::from_str::<Date>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_sort_by_day() {
        let mut dates = [
            Date::new(2025, 1, 2).unwrap(),
            Date::new(2024, 12, 31).unwrap(),
            Date::new(2025, 1, 1).unwrap(),
        ];
        dates.sort();
        let iso: Vec<String> = dates.iter().map(Date::to_string).collect();
        assert_eq!(iso, ["2024-12-31", "2025-01-01", "2025-01-02"]);
    }
}
