//! Pass 2: what the first lines say about the answer: `QUERY – Engine URL`, a `# Title`, a
//! bare query, or a reader view's site, title, byline and reading time.

use super::lines::Line;
use super::text::{contains_citation, markdown_heading, split_label, strip_bullet, strip_number};
use crate::address::{scan_address, Address};
use crate::model::Briefing;
use crate::parse::scan::entries::scan_source_entry;
use crate::parse::vocabulary::{engine_turn_heading, engine_turn_label, is_user_turn_heading};

/// What the first line says about the answer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The title.
    pub title: Option<String>,
    /// The query, when the first line is one.
    pub query: Option<String>,
    /// The engine named after the query.
    pub engine: Option<String>,
    /// The answer page's address.
    pub url: Option<String>,
    /// Whether that address was cut short.
    pub truncated: bool,
    /// The byline of a reader view.
    pub author: Option<String>,
}

impl Header {
    pub(super) fn apply(self, briefing: &mut Briefing) {
        briefing.captured.author = self.author;
        briefing.title = self.title;
        briefing.query = self.query;
        briefing.origin.engine = self.engine;
        briefing.origin.url = self.url;
        briefing.origin.truncated = self.truncated;
    }
}

/// Read the title line. Returns what it says and the lines after it.
pub(crate) fn read_header<'l, 'a>(lines: &'l [Line<'a>]) -> (Header, &'l [Line<'a>]) {
    // A text-mode dump says where it was taken from before anything else.
    if let Some(url) = lines.first().and_then(|first| dump_source(first.text)) {
        let (mut header, rest) = read_header(&lines[1..]);
        header.url = Some(url.url);
        header.truncated = url.truncated;
        return (header, rest);
    }
    let Some(first) = lines.first() else {
        return (Header::default(), lines);
    };
    // A FAQ's first question heads its answer, as every other does: no query.
    if first.question {
        return (Header::default(), lines);
    }
    // A wiki article's title, its tagline under it: a page copied, its title no query.
    if first.page_title {
        let header = Header {
            title: Some(first.text.to_owned()),
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    if let Some(header) = scan_query_line(first.text) {
        return (header, &lines[1..]);
    }
    // A copied conversation: `You said:`, the question, `ChatGPT said:`, the answer; or
    // `User:` (`Q:`), the question, `Assistant:` (`A:`), the answer.
    if names_users_turn(first.text) {
        let label = lines
            .iter()
            .enumerate()
            .take(MAX_QUESTION_LINES + 2)
            .find_map(|(at, line)| Some((at, names_engines_turn(line.text)?)))
            .filter(|&(at, _)| at >= 2);
        if let Some((at, engine)) = label {
            let question: Vec<&str> = lines[1..at].iter().map(|line| line.text).collect();
            let question = question.join(" ");
            let header = Header {
                title: Some(question.clone()),
                query: Some(question),
                engine: engine.map(str::to_owned),
                ..Header::default()
            };
            return (header, &lines[at + 1..]);
        }
        // No name over the answer: the question is the line under the user's name.
        if let Some(question) = lines.get(1).filter(|_| lines.len() > 2) {
            let header = Header {
                title: Some(question.text.to_owned()),
                query: Some(question.text.to_owned()),
                ..Header::default()
            };
            return (header, &lines[2..]);
        }
    }
    // A copy that starts at the engine's label: the engine, then the answer.
    if let Some(engine) = engine_turn_label(first.text) {
        let header = Header {
            engine: Some(engine.to_owned()),
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    // `Copilot` alone above the question: a copy that took the page's name with the answer.
    if let Some(second) = lines.get(1).filter(|_| names_an_engine(first.text)) {
        if scan_query_line(second.text).is_none() && is_bare_query(second.text) {
            let (mut header, rest) = read_header(&lines[1..]);
            header
                .engine
                .get_or_insert_with(|| first.text.trim().to_owned());
            return (header, rest);
        }
    }
    if let Some((header, rest)) = read_reader_view(lines) {
        return (header, rest);
    }
    if let Some(title) = markdown_heading(first.text).filter(|(level, _)| *level == 1) {
        let header = Header {
            title: Some(title.1.to_owned()),
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    // A page's title with its address alone on the next line: a page copied, not a query.
    if let Some(address) = lines.get(1).and_then(|line| scan_address(line.text)) {
        if is_bare_query(first.text) && lines.len() > 2 {
            let header = Header {
                title: Some(first.text.to_owned()),
                truncated: address.truncated,
                url: Some(address.url),
                ..Header::default()
            };
            return (header, &lines[2..]);
        }
    }
    // An article's title with its byline under it (`By Jane Doe · March 3, 2025`): a page
    // copied, its title no query; the byline names the author, as a reader view's does.
    if let Some(author) = lines.get(1).and_then(|line| byline_author(line.text)) {
        if is_bare_query(first.text) && lines.len() > 2 {
            let header = Header {
                title: Some(first.text.to_owned()),
                author: Some(author.to_owned()),
                ..Header::default()
            };
            return (header, &lines[2..]);
        }
    }
    if lines.len() > 1 && is_bare_query(first.text) {
        // A headline is a document's title (a report, an article copied without its byline);
        // a query is typed in lower case, or asked.
        let query = (!is_headline(first.text)).then(|| first.text.to_owned());
        let header = Header {
            title: Some(first.text.to_owned()),
            query,
            ..Header::default()
        };
        return (header, &lines[1..]);
    }
    (Header::default(), lines)
}

/// Whether a line is written as a headline, every word of four letters or more capitalised
/// (`The Economics of Offshore Wind in the North Sea`, `Die Kosten der Windkraft auf See`),
/// in four words or more, two of them such long ones, and asks nothing. A name alone
/// (`Russia and Azerbaijan`) may be a query, and is read as one.
fn is_headline(line: &str) -> bool {
    if line.contains(['?', '？']) {
        return false;
    }
    let mut words = 0;
    let mut long_words = 0;
    for word in line.split_whitespace() {
        words += 1;
        let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = letters.chars().next() else {
            continue;
        };
        if words == 1 && first.is_lowercase() {
            return false;
        }
        if first.is_alphabetic() && letters.chars().count() >= 4 {
            if !first.is_uppercase() {
                return false;
            }
            long_words += 1;
        }
    }
    words >= 4 && long_words >= 2
}

/// Whether a whole line names the user's turn: `You said:`, as a copied conversation has
/// it, or a name with its colon (`User:`, `Q:`), as an export has it or the reader splits one
/// that opens a line.
fn names_users_turn(line: &str) -> bool {
    line.ends_with(':') && is_user_turn_heading(line)
}

/// The engine whose turn a whole line names, if it names one: `ChatGPT said:` (the engine),
/// `Assistant:` or `A:` (none named).
fn names_engines_turn(line: &str) -> Option<Option<&'static str>> {
    line.ends_with(':')
        .then(|| engine_turn_heading(line))
        .flatten()
}

/// The author a byline names: `By Jane Doe`, maybe with the date after a separator (`By Jane
/// Doe · March 3, 2025`, `By Jane Doe | Mar 3, 2025`). Two to five words of a name, each
/// capitalised (`and` between them allowed).
fn byline_author(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("By ")?;
    let name = rest
        .split(['·', '|', '•', '—', '–', ','])
        .next()
        .unwrap_or(rest)
        .trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name = (2..=5).contains(&words.len())
        && words
            .iter()
            .all(|word| *word == "and" || word.starts_with(char::is_uppercase))
        && !name.ends_with(['.', ':']);
    (line.chars().count() <= 100 && is_name).then_some(name)
}

/// The most lines a copied conversation's question is read over, before the engine's label.
const MAX_QUESTION_LINES: usize = 6;

/// A line that is an answer engine's name alone (`Copilot`, `Perplexity`).
fn names_an_engine(line: &str) -> bool {
    let line = line.trim();
    line.len() <= 30 && crate::parse::vocabulary::ENGINES.contains(&line.to_lowercase().as_str())
}

/// `The following text has been accessed from https://… at Fri Aug 9 2019`: the first line
/// of a text-mode dump of a page, naming the page.
fn dump_source(line: &str) -> Option<Address> {
    const OPENINGS: &[&str] = &[
        "the following text has been accessed from ",
        "retrieved from ",
    ];
    let lower = line.to_lowercase();
    let opening = OPENINGS
        .iter()
        .find(|opening| lower.starts_with(*opening))?;
    let rest = line.get(opening.len()..)?;
    scan_address(rest.split_whitespace().next()?.trim_matches('"'))
}

/// A browser reader view's header: the site, the title, a byline, and the reading time
/// (`en.wikipedia.org` / `Tide - Wikipedia` / `Contributors` / `45-57 minutes`).
pub(super) fn read_reader_view<'l, 'a>(lines: &'l [Line<'a>]) -> Option<(Header, &'l [Line<'a>])> {
    let time = lines
        .iter()
        .take(5)
        .position(|line| is_reading_time(line.text))?;
    if time == 0 {
        return None;
    }
    let site_line = time >= 2 && {
        let site = lines[0].text;
        scan_address(site).is_some() || site.split_whitespace().count() <= 2
    };
    let title_at = usize::from(site_line);
    let byline: Vec<&str> = lines[title_at + 1..time]
        .iter()
        .map(|line| line.text)
        .collect();
    let author = byline.join(", ");
    let author = author
        .strip_prefix("By ")
        .or_else(|| author.strip_prefix("by "))
        .unwrap_or(&author);
    let header = Header {
        title: Some(lines[title_at].text.to_owned()),
        author: (!author.is_empty()).then(|| author.to_owned()),
        ..Header::default()
    };
    Some((header, &lines[time + 1..]))
}

/// `5-7 minutes`, `12 min read`, `1 minute`: a reader view's reading time.
pub(super) fn is_reading_time(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(amount) = words.next() else {
        return false;
    };
    let amount_ok = amount
        .split(['-', '–'])
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let unit = words.next().unwrap_or("").to_lowercase();
    let rest: Vec<&str> = words.collect();
    amount_ok
        && matches!(unit.as_str(), "minutes" | "minute" | "min" | "mins")
        && (rest.is_empty() || rest == ["read"])
}

/// `QUERY – Engine URL` with `–`, `—`, `-` or `|` between query and engine; the engine must be
/// followed by an address or be a known engine name.
pub(super) fn scan_query_line(line: &str) -> Option<Header> {
    for separator in [" – ", " — ", " | ", " - "] {
        let Some((query, right)) = line.rsplit_once(separator) else {
            continue;
        };
        let (query, right) = (query.trim(), right.trim());
        if query.is_empty() || right.is_empty() {
            continue;
        }
        let (engine, address) = match right.rsplit_once(char::is_whitespace) {
            Some((engine, last)) => match scan_address(last) {
                Some(address) => (engine.trim(), Some(address)),
                None => (right, None),
            },
            None => (right, None),
        };
        let known = crate::parse::vocabulary::ENGINES.contains(&engine.to_lowercase().as_str());
        if engine.is_empty()
            || (address.is_none() && !known)
            || engine.split_whitespace().count() > 4
        {
            continue;
        }
        return Some(Header {
            title: Some(query.to_owned()),
            query: Some(query.to_owned()),
            engine: Some(engine.to_owned()),
            truncated: address.as_ref().is_some_and(|a| a.truncated),
            url: address.map(|a| a.url),
            author: None,
        });
    }
    None
}

/// A first line that reads as what the user typed: short, no citation, no full stop at the end
/// (nor a sentence's end before chip numbers, `… tall. 1`).
pub(crate) fn is_bare_query(line: &str) -> bool {
    line.chars().count() <= 150
        && !line.ends_with(['.', ':', ';', ','])
        && !ends_with_chip_numbers(line)
        && !contains_citation(line)
        && scan_source_entry(line).is_none()
        && split_label(line).is_none()
        && strip_bullet(line).is_none()
        && strip_number(line).is_none()
}

/// Whether `line` ends with numbers after a sentence (`… tall. 1`, `… 2020. 2 3`), as a copy of
/// an answer's citation chips leaves them.
fn ends_with_chip_numbers(line: &str) -> bool {
    let numbers = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    numbers.len() < line.len()
        && numbers.ends_with(['.', '!', '?'])
        && line[numbers.len()..].starts_with(' ')
}
