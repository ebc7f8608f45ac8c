//! What is known of the sources' addresses: the book `briefing links` keeps in `links.toml` at
//! the site root, and what pages and diagnostics make of it.
//!
//! The build reads this file and never the network, so a site builds the same bytes offline
//! and on CI; what was learned from the network is a file in the repository, reviewed like any
//! other change. [`check`] is the part that goes to the network; everything here is pure.
//!
//! ```toml
//! ["https://example.com/report"]
//! status = 200
//! redirects = ["https://example.com/reports/2025"]
//! checked = "2026-11-25"
//!
//! ["https://gone.example/page"]
//! status = 404
//! checked = "2026-11-25"
//! ```

pub mod check;
pub mod diagnose;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::date::Date;
use crate::model::Source;

/// The file name of the book, at the site root.
pub const FILE_NAME: &str = "links.toml";

/// What one check of an address found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRecord {
    /// The HTTP status of the last answer, after redirects; absent when nothing answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why no usable answer came: no such host, a timeout, a redirect loop…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<LinkError>,
    /// Each address the redirects led to, in order; the last is where the address ends up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<String>,
    /// The day of the check (UTC).
    #[serde(deserialize_with = "date_or_text")]
    pub checked: Date,
}

/// Why a check got no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkError {
    /// The name does not exist (the DNS answered that it has no such host).
    NoSuchHost,
    /// The name could not be looked up: no DNS server answered.
    LookupFailed,
    /// The host refused the connection or could not be reached.
    Unreachable,
    /// No answer within the time allowed.
    Timeout,
    /// The secure connection failed (a bad or expired certificate, say).
    Tls,
    /// The redirects came back to an address already visited.
    RedirectLoop,
    /// More redirects than a browser would follow.
    TooManyRedirects,
    /// Anything else: a broken answer, a malformed redirect.
    Failed,
}

impl LinkError {
    /// How pages and diagnostics say it.
    pub fn describe(self) -> &'static str {
        match self {
            LinkError::NoSuchHost => "no such host",
            LinkError::LookupFailed => "host name lookup failed",
            LinkError::Unreachable => "host unreachable",
            LinkError::Timeout => "no answer in time",
            LinkError::Tls => "secure connection failed",
            LinkError::RedirectLoop => "redirect loop",
            LinkError::TooManyRedirects => "too many redirects",
            LinkError::Failed => "check failed",
        }
    }

    /// Whether the failure says more about this machine's network than about the address:
    /// a run where every check failed this way was made offline.
    pub fn is_network(self) -> bool {
        matches!(
            self,
            LinkError::LookupFailed | LinkError::Unreachable | LinkError::Timeout
        )
    }
}

/// What a page makes of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// The address is gone: 404 or 410, or its host does not exist.
    Gone,
    /// The address now leads elsewhere, and works there.
    Moved(&'a str),
    /// It works, or the check says nothing certain (a timeout, a 503): pages show nothing.
    Unremarkable,
}

impl LinkRecord {
    /// What the record says of the address `address`. Only certain answers count: a server
    /// that was down or slow on the day of the check does not make a source dead.
    pub fn verdict(&self, address: &str) -> Verdict<'_> {
        if self.error == Some(LinkError::NoSuchHost) || matches!(self.status, Some(404 | 410)) {
            return Verdict::Gone;
        }
        match (self.error, self.status, self.redirects.last()) {
            (None, Some(200..=299), Some(last)) if !same_page(address, last) => {
                Verdict::Moved(last)
            }
            _ => Verdict::Unremarkable,
        }
    }

    /// Whether the check gave a certain answer: the address works, or it is gone. Others (a
    /// timeout, a 503, a failed lookup, a redirect loop) are checked again on every run,
    /// however recent.
    pub fn is_certain(&self) -> bool {
        self.error == Some(LinkError::NoSuchHost)
            || matches!(self.status, Some(404 | 410))
            || (self.error.is_none() && self.status.is_some_and(|status| status < 400))
    }

    /// The status or error as people read it: `404`, `no such host`.
    pub fn outcome(&self) -> String {
        match (self.error, self.status) {
            (Some(error), _) => error.describe().to_owned(),
            (None, Some(status)) => format!("HTTP {status}"),
            (None, None) => "no answer".to_owned(),
        }
    }
}

/// Whether two addresses are one page told apart only by what every site rewrites: the
/// scheme (`http` → `https`), a leading `www.` and a trailing `/`.
fn same_page(from: &str, to: &str) -> bool {
    fn essence(address: &str) -> &str {
        let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        rest.strip_suffix('/').unwrap_or(rest)
    }
    essence(from).eq_ignore_ascii_case(essence(to))
}

/// The Wayback Machine's copy of `address` nearest to `date`: formed, never fetched.
pub fn archive_address(address: &str, date: Date) -> String {
    let day = date.to_string().replace('-', "");
    format!("https://web.archive.org/web/{day}/{address}")
}

/// The address `briefing links` checks for a source, and under which its record is kept: a
/// complete web address (a bare domain gets `https://`); `None` for an address cut short (its
/// page is unknown) or one that is not a web address.
pub fn checked_address(source: &Source) -> Option<String> {
    if source.truncated || source.domain.is_empty() || !crate::address::is_linkable(&source.url) {
        return None;
    }
    Some(crate::address::href_of(&source.url))
}

/// Every record, by address: the contents of `links.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LinkBook {
    records: BTreeMap<String, LinkRecord>,
}

impl LinkBook {
    /// Read `links.toml`; the error says where the file is broken.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let records: BTreeMap<String, LinkRecord> =
            toml::from_str(text).map_err(|error| error.to_string().trim_end().to_owned())?;
        Ok(LinkBook { records })
    }

    /// The file's text: a comment saying what it is, then one table per address, sorted, so
    /// a new check changes only the lines of the addresses whose state changed.
    pub fn to_toml(&self) -> String {
        let mut text = String::from(
            "# What `briefing links` found at each source address. `briefing build` reads this\n\
             # file and never the network. Delete an entry to have it checked again.\n",
        );
        for (address, record) in &self.records {
            let mut table = BTreeMap::new();
            table.insert(address, record);
            text.push('\n');
            text.push_str(&toml::to_string(&table).unwrap_or_default());
        }
        text
    }

    /// The record of `address`.
    pub fn get(&self, address: &str) -> Option<&LinkRecord> {
        self.records.get(address)
    }

    /// The record of a source, by the address it is checked at.
    pub fn of_source(&self, source: &Source) -> Option<&LinkRecord> {
        checked_address(source).and_then(|address| self.records.get(&address))
    }

    /// Keep `record` for `address`, replacing what was known.
    pub fn insert(&mut self, address: String, record: LinkRecord) {
        self.records.insert(address, record);
    }

    /// Keep only the addresses `keep` says to.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.records.retain(|address, _| keep(address));
    }

    /// Every record, by address.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &LinkRecord)> {
        self.records.iter()
    }

    /// How many addresses it knows.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// A date written as a TOML date (`2026-11-25`, as people write it by hand) or as a string
/// (as this program writes it).
fn date_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Date(toml::value::Datetime),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Text(text) => text,
        Written::Date(date) => date.to_string(),
    };
    Date::parse_iso(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: Option<u16>, error: Option<LinkError>, redirects: &[&str]) -> LinkRecord {
        LinkRecord {
            status,
            error,
            redirects: redirects.iter().map(|r| (*r).to_owned()).collect(),
            checked: Date::new(2026, 11, 25).unwrap(),
        }
    }

    #[test]
    fn the_book_reads_back_what_it_writes_sorted_by_address() {
        let mut book = LinkBook::default();
        book.insert("https://b.example/".into(), record(Some(404), None, &[]));
        book.insert(
            "https://a.example/x?q=\"1\"".into(),
            record(Some(200), None, &["https://a.example/y"]),
        );
        book.insert(
            "https://c.example/".into(),
            record(None, Some(LinkError::NoSuchHost), &[]),
        );
        let text = book.to_toml();
        assert!(text.starts_with("# What `briefing links` found"));
        let a = text.find("a.example").unwrap();
        let b = text.find("b.example").unwrap();
        assert!(a < b, "{text}");
        assert!(text.contains("error = \"no-such-host\""), "{text}");
        assert!(text.contains("checked = \"2026-11-25\""), "{text}");
        assert_eq!(LinkBook::from_toml(&text).unwrap(), book);
    }

    #[test]
    fn dates_may_be_written_as_toml_dates() {
        let book =
            LinkBook::from_toml("[\"https://a.example/\"]\nstatus = 200\nchecked = 2026-01-02\n")
                .unwrap();
        let found = book.get("https://a.example/").unwrap();
        assert_eq!(found.checked, Date::new(2026, 1, 2).unwrap());
    }

    #[test]
    fn a_broken_book_says_where() {
        let error =
            LinkBook::from_toml("[\"https://a.example/\"]\nstatus = \"x\"\nchecked = 2026-01-02\n")
                .unwrap_err();
        assert!(error.contains("line 2"), "{error}");
        let error =
            LinkBook::from_toml("[\"https://a.example/\"]\nchecked = \"yesterday\"\n").unwrap_err();
        assert!(error.contains("not a date"), "{error}");
        assert!(LinkBook::from_toml(
            "[\"https://a.example/\"]\nchecked = 2026-01-02\nstatus = 1\nwhat = 2\n"
        )
        .is_err());
    }

    #[test]
    fn only_certain_answers_make_a_verdict() {
        let address = "http://example.com/a";
        assert_eq!(record(Some(404), None, &[]).verdict(address), Verdict::Gone);
        assert_eq!(record(Some(410), None, &[]).verdict(address), Verdict::Gone);
        assert_eq!(
            record(None, Some(LinkError::NoSuchHost), &[]).verdict(address),
            Verdict::Gone
        );
        assert!(record(Some(404), None, &[]).is_certain());
        assert!(record(Some(200), None, &["https://example.com/b"]).is_certain());
        assert!(!record(Some(503), None, &[]).is_certain());
        assert!(!record(Some(301), Some(LinkError::RedirectLoop), &[]).is_certain());
        assert!(!record(None, Some(LinkError::LookupFailed), &[]).is_certain());
        for unsure in [
            record(Some(503), None, &[]),
            record(Some(403), None, &[]),
            record(None, Some(LinkError::Timeout), &[]),
            record(None, Some(LinkError::LookupFailed), &[]),
            record(Some(200), None, &[]),
        ] {
            assert_eq!(unsure.verdict(address), Verdict::Unremarkable, "{unsure:?}");
        }
        // A redirect to where the page moved counts; one to https, `www.` or a slash does not.
        assert_eq!(
            record(Some(200), None, &["https://example.com/b"]).verdict(address),
            Verdict::Moved("https://example.com/b")
        );
        assert_eq!(
            record(Some(200), None, &["https://www.example.com/a/"]).verdict(address),
            Verdict::Unremarkable
        );
        // A redirect that ends in a 404 is gone, not moved.
        assert_eq!(
            record(Some(404), None, &["https://example.com/b"]).verdict(address),
            Verdict::Gone
        );
    }

    #[test]
    fn archive_addresses_are_formed_from_the_check_date() {
        assert_eq!(
            archive_address("https://a.example/x", Date::new(2026, 3, 4).unwrap()),
            "https://web.archive.org/web/20260304/https://a.example/x"
        );
    }

    #[test]
    fn only_complete_web_addresses_are_checked() {
        let source = |url: &str, truncated: bool| Source {
            number: 1,
            url: url.into(),
            truncated,
            domain: crate::address::domain_of(url).into(),
            title: None,
        };
        assert_eq!(
            checked_address(&source("example.com/a", false)).as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(checked_address(&source("example.com/a", true)), None);
        assert_eq!(checked_address(&source("javascript:alert(1)", false)), None);
    }
}
