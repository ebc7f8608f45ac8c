//! Checking addresses over HTTP(S): the only part of briefing that uses the network, and only
//! when `briefing links` asks it to.
//!
//! Each address is asked for with `HEAD`, and with `GET` where a server refuses `HEAD` (many
//! answer it 403, 404 or 405 though the page is there). Redirects are followed one at a time,
//! so each is recorded and a loop is caught. `429 Too Many Requests` and `503 Service
//! Unavailable` are asked again after the `Retry-After` the server gives (or a growing wait).
//!
//! Politeness: the addresses of one host are checked in at most two lanes, one request at a
//! time in each and `delay` apart, so a host sees at most two connections from a run however
//! many threads it has; different hosts are checked at the same time.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::{LinkError, LinkRecord};
use crate::date::Date;

/// How a run checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How many addresses are checked at once, across hosts.
    pub jobs: usize,
    /// How long one request may take, from connecting to the last header.
    pub timeout: Duration,
    /// The pause between two requests of one lane to one host.
    pub delay: Duration,
    /// How many times a request answered 429 or 503 is made in all.
    pub attempts: u32,
    /// The longest wait a `Retry-After` is honoured for; a longer one is cut to this.
    pub max_wait: Duration,
    /// The day the records are stamped with.
    pub today: Date,
}

/// How many connections one host gets at most.
const LANES_PER_HOST: usize = 2;

/// How many redirects are followed, as browsers do.
const MAX_REDIRECTS: usize = 10;

/// The `User-Agent` of every request: who asks, and where to read why.
pub const USER_AGENT: &str = concat!(
    "briefing-links/",
    env!("CARGO_PKG_VERSION"),
    " (checks the sources cited on a briefing site)"
);

/// Check every address in `addresses`; `progress` is told after each one how many are done.
/// The records come back by address, whatever order the checks finished in.
pub fn check_addresses(
    addresses: &[String],
    options: &CheckOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> BTreeMap<String, LinkRecord> {
    let agent = agent(options.timeout);
    let lanes = Mutex::new(lanes(addresses));
    let results = Mutex::new(BTreeMap::new());
    let done = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| loop {
                let lane = lanes
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .pop_front();
                let Some(lane) = lane else {
                    break;
                };
                for (n, address) in lane.into_iter().enumerate() {
                    if n > 0 {
                        std::thread::sleep(options.delay);
                    }
                    let record = check_address(&agent, address, options);
                    results
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(address.clone(), record);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let no_such_host = results
        .values()
        .any(|record| record.error == Some(LinkError::NoSuchHost));
    if no_such_host && !dns_knows(CANARY) {
        doubt_missing_hosts(&mut results);
    }
    results
}

/// A name that always exists (reserved for examples by RFC 2606, served by IANA).
const CANARY: &str = "example.com";

/// Whether the system's name lookup finds `name`. Some networks (a sandbox, a captive portal,
/// a broken resolver) answer "no such host" for every name: then that answer says nothing
/// about an address, and marking its source gone would be wrong.
fn dns_knows(name: &str) -> bool {
    use std::net::ToSocketAddrs;
    (name, 443)
        .to_socket_addrs()
        .is_ok_and(|mut found| found.next().is_some())
}

/// Treat every "no such host" as a failed lookup: the name lookup is not to be trusted.
fn doubt_missing_hosts(results: &mut BTreeMap<String, LinkRecord>) {
    for record in results.values_mut() {
        if record.error == Some(LinkError::NoSuchHost) {
            record.error = Some(LinkError::LookupFailed);
        }
    }
}

/// The addresses split into lanes: each host's in at most [`LANES_PER_HOST`], dealt in turn;
/// the longest lanes first, so that a big host does not start last and finish alone.
fn lanes(addresses: &[String]) -> VecDeque<Vec<&String>> {
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for address in addresses {
        let host = url::Url::parse(address)
            .ok()
            .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        by_host.entry(host).or_default().push(address);
    }
    let mut lanes: Vec<Vec<&String>> = Vec::new();
    for (_, addresses) in by_host {
        let count = addresses.len().min(LANES_PER_HOST);
        let mut host_lanes = vec![Vec::new(); count];
        for (n, address) in addresses.into_iter().enumerate() {
            host_lanes[n % count].push(address);
        }
        lanes.extend(host_lanes);
    }
    lanes.sort_by_key(|lane| std::cmp::Reverse(lane.len()));
    lanes.into()
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into()
}

/// What one request got: the status, where it redirects, and how long to wait before asking
/// again (from `Retry-After`).
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// Check one address: follow its redirects and record where it ends.
fn check_address(agent: &ureq::Agent, address: &str, options: &CheckOptions) -> LinkRecord {
    let mut record = LinkRecord {
        status: None,
        error: None,
        redirects: Vec::new(),
        checked: options.today,
    };
    let mut visited = HashSet::from([address.to_owned()]);
    let mut current = address.to_owned();
    loop {
        let answer = match ask(agent, &current, options) {
            Ok(answer) => answer,
            Err(error) => {
                record.error = Some(error);
                return record;
            }
        };
        record.status = Some(answer.status);
        let next = match answer.location {
            Some(location) if (300..400).contains(&answer.status) => {
                url::Url::parse(&current).and_then(|base| base.join(&location))
            }
            _ => return record,
        };
        let Ok(next) = next else {
            record.error = Some(LinkError::Failed);
            return record;
        };
        let next = next.to_string();
        if !matches!(next.split_once("://"), Some(("http" | "https", _))) {
            record.error = Some(LinkError::Failed);
            return record;
        }
        if !visited.insert(next.clone()) {
            record.error = Some(LinkError::RedirectLoop);
            return record;
        }
        if record.redirects.len() == MAX_REDIRECTS {
            record.error = Some(LinkError::TooManyRedirects);
            return record;
        }
        record.redirects.push(next.clone());
        current = next;
        std::thread::sleep(options.delay);
    }
}

/// Ask for `address` once: `HEAD`, then `GET` where `HEAD` is refused; asked again after a
/// wait while the server answers 429 or 503.
fn ask(agent: &ureq::Agent, address: &str, options: &CheckOptions) -> Result<Answer, LinkError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let head = request(agent.head(address).call())?;
        let answer = if head.status >= 400 && !is_busy(head.status) {
            request(agent.get(address).call())?
        } else {
            head
        };
        if !is_busy(answer.status) || attempt >= options.attempts {
            return Ok(answer);
        }
        let backoff = Duration::from_secs(1 << attempt.min(6));
        std::thread::sleep(answer.retry_after.unwrap_or(backoff).min(options.max_wait));
    }
}

/// Statuses that ask the client to come back later.
fn is_busy(status: u16) -> bool {
    matches!(status, 429 | 503)
}

fn request(
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Answer, LinkError> {
    let response = result.map_err(|error| classify(&error))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    Ok(Answer {
        status: response.status().as_u16(),
        location: header("location"),
        retry_after: header("retry-after").and_then(|value| retry_after(&value)),
    })
}

/// A `Retry-After` in seconds. The other form, an HTTP date, would need the clock to compare
/// with; it gets the usual backoff instead.
fn retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// What a failed request says about the address.
fn classify(error: &ureq::Error) -> LinkError {
    match error {
        ureq::Error::HostNotFound => LinkError::NoSuchHost,
        ureq::Error::Timeout(_) => LinkError::Timeout,
        ureq::Error::Tls(_) => LinkError::Tls,
        ureq::Error::ConnectionFailed => LinkError::Unreachable,
        ureq::Error::Io(io) => classify_io(io),
        _ => LinkError::Failed,
    }
}

/// An I/O failure: a failed name lookup arrives as one too, and its text is all that tells
/// "no such name" (the DNS answered) from "no DNS" (the machine is offline).
fn classify_io(error: &std::io::Error) -> LinkError {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => LinkError::Timeout,
        ErrorKind::ConnectionRefused
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::NotConnected
        | ErrorKind::AddrNotAvailable
        | ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::NetworkDown => LinkError::Unreachable,
        _ => {
            let text = error.to_string();
            if !text.contains("failed to lookup address") {
                LinkError::Failed
            } else if text.contains("Name or service not known")
                || text.contains("No address associated with hostname")
                || text.contains("nodename nor servname provided")
            {
                LinkError::NoSuchHost
            } else {
                LinkError::LookupFailed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_gets_at_most_two_lanes_and_big_hosts_go_first() {
        let addresses: Vec<String> = [
            "https://a.example/1",
            "https://b.example/1",
            "https://a.example/2",
            "https://A.example/3",
            "https://c.example/1",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
        let lanes = lanes(&addresses);
        let shown: Vec<Vec<&str>> = lanes
            .iter()
            .map(|lane| lane.iter().map(|a| a.as_str()).collect())
            .collect();
        assert_eq!(
            shown,
            [
                vec!["https://a.example/1", "https://A.example/3"],
                vec!["https://a.example/2"],
                vec!["https://b.example/1"],
                vec!["https://c.example/1"],
            ]
        );
    }

    #[test]
    fn lookups_that_fail_are_told_apart_by_what_the_system_said() {
        let io = |text: &str| std::io::Error::other(text.to_owned());
        assert_eq!(
            classify_io(&io(
                "failed to lookup address information: Name or service not known"
            )),
            LinkError::NoSuchHost
        );
        assert_eq!(
            classify_io(&io(
                "failed to lookup address information: Temporary failure in name resolution"
            )),
            LinkError::LookupFailed
        );
        assert_eq!(
            classify_io(&std::io::Error::from(std::io::ErrorKind::ConnectionRefused)),
            LinkError::Unreachable
        );
        assert_eq!(classify(&ureq::Error::HostNotFound), LinkError::NoSuchHost);
    }

    #[test]
    fn missing_hosts_are_doubted_when_the_name_lookup_knows_no_name() {
        let record = |error| LinkRecord {
            status: None,
            error: Some(error),
            redirects: Vec::new(),
            checked: Date::new(2026, 1, 1).unwrap(),
        };
        let mut results = BTreeMap::from([
            (
                "https://a.example/".to_owned(),
                record(LinkError::NoSuchHost),
            ),
            ("https://b.example/".to_owned(), record(LinkError::Timeout)),
        ]);
        doubt_missing_hosts(&mut results);
        assert_eq!(
            results["https://a.example/"].error,
            Some(LinkError::LookupFailed)
        );
        assert_eq!(
            results["https://b.example/"].error,
            Some(LinkError::Timeout)
        );
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
