//! Author–year citations, as academic answer engines (Consensus, Elicit, Scite) and papers
//! write them: `(Avgerinos et al., 2018; Benton & Donohoe, 2011)` in parentheses, or
//! `Rawson et al. (2008) found …` in the sentence. They carry no number: each is read as the
//! first author's surname and the year, and cites the reference-list entry that starts with
//! that surname and gives that year ([`reference_key`]). Nothing else is matched, so a
//! parenthesis that only looks like one (`(Paris, 1998)` beside no such entry) stays text.

/// The key an author–year citation and a reference entry share: the first author's surname,
/// lowercase, and the year as written (`2018`, `2018a`, `n.d.`).
pub type AuthorYear = (String, String);

/// The most words a first author's name has (`World Health Organization`, `van der Berg`).
const MAX_NAME_WORDS: usize = 5;

/// Phrases that may open a citation in parentheses before the names (`see`, `e.g.,`).
const LEADS: &[&str] = &["see also ", "see ", "e.g., ", "e.g. ", "cf. ", "i.e., "];

/// Whether `text` may hold an author–year citation: a parenthesis that closes on a year
/// (`2018)`, `2018a)`). Asked before a snapshot's references are read for their authors,
/// which most snapshots, citing by number, never need.
pub fn may_cite_by_author_year(text: &str) -> bool {
    opens_a_key(text) || closes_on_year(text)
}

/// Whether `text` opens a Pandoc citation's key (`[@`, `[-@`, `; @`). Most text has no `@`,
/// which one search of its bytes tells.
fn opens_a_key(text: &str) -> bool {
    text.as_bytes().contains(&b'@')
        && text.match_indices('@').any(|(at, _)| {
            let before = &text[..at];
            before.ends_with('[') || before.ends_with("[-") || before.ends_with("; ")
        })
}

/// Whether a parenthesis in `text` closes on a year (`2018)`, `2018a)`).
fn closes_on_year(text: &str) -> bool {
    text.match_indices(')').any(|(at, _)| {
        let before = text[..at].trim_end_matches(' ').as_bytes();
        let before = match before.split_last() {
            Some((letter, rest)) if letter.is_ascii_lowercase() && *letter != b's' => rest,
            _ => before,
        };
        before.len() >= 4 && before[before.len() - 4..].iter().all(u8::is_ascii_digit)
    })
}

/// The key of a reference-list entry: its first author's surname and its year. The surname
/// is what stands before the first comma or bracket (`Avgerinos, K., … (2018).`), without a
/// Vancouver entry's initials (`Avgerinos K, Spyrou N. … 2018;108:166.`); the year is the
/// first in brackets after it, or else the first year-like word.
pub fn reference_key(entry: &str) -> Option<AuthorYear> {
    let entry = entry.trim();
    let name_end = entry.find([',', '(', '.']).unwrap_or(entry.len());
    let name = strip_initials(entry[..name_end].trim());
    if !is_name(name) {
        return None;
    }
    let after = &entry[name_end..];
    let year = after
        .match_indices('(')
        .find_map(|(at, _)| year_at(&after[at + 1..]).map(|(year, _)| year))
        .or_else(|| year_word(after))?;
    Some((name.to_lowercase(), year))
}

/// `Avgerinos K` → `Avgerinos`: a Vancouver name's initials (one to three capitals) go.
fn strip_initials(name: &str) -> &str {
    match name.rsplit_once(' ') {
        Some((surname, initials))
            if (1..=3).contains(&initials.len())
                && initials.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            surname.trim_end()
        }
        _ => name,
    }
}

/// The year `text` starts with (`2018`, `2018a`, `n.d.`) and the bytes it takes: four digits
/// from 1500 to 2099, and a letter glued to them, ending where the word does.
fn year_at(text: &str) -> Option<(String, usize)> {
    if text.starts_with("n.d.") {
        return Some(("n.d.".to_owned(), 4));
    }
    let digits = text.get(..4)?;
    let year: u32 = digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse().ok())??;
    if !(1500..=2099).contains(&year) {
        return None;
    }
    // A letter tells apart two works of an author's year (`2018a`); `1950s` is a decade.
    let mut len = 4;
    let next = text[4..].chars().next();
    if next.is_some_and(|c| c.is_ascii_lowercase() && c != 's') {
        len += 1;
    }
    if text[len..].starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((text[..len].to_owned(), len))
}

/// The year of an entry that gives it in no brackets: the one a journal's volume follows
/// (`Exp Gerontol. 2018;108:166.`), else the first word that is a year (`Donohoe. 2011.`).
fn year_word(text: &str) -> Option<String> {
    let years: Vec<(String, usize)> = text
        .char_indices()
        .filter(|&(at, _)| {
            text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
        .filter_map(|(at, _)| year_at(&text[at..]).map(|(year, len)| (year, at + len)))
        .collect();
    let volume = years
        .iter()
        .find(|(_, end)| text[*end..].starts_with([';', ':']));
    volume.or(years.first()).map(|(year, _)| year.clone())
}

/// The keys of a citation in parentheses, from its inside (`Avgerinos et al., 2018; McMorris
/// et al., 2007`, `Benton & Donohoe, 2011, p. 4`, `Smith 2018, 2020`): one per year, each
/// under the first author's surname. `None` unless every item names an author and a year.
pub fn parenthetical_keys(inner: &str) -> Option<Vec<AuthorYear>> {
    let mut keys = Vec::new();
    for item in inner.split(';') {
        let mut item = item.trim();
        if let Some(lead) = LEADS.iter().find(|lead| {
            item.get(..lead.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(lead))
        }) {
            item = &item[lead.len()..];
        }
        let (names, years) = split_at_year(item)?;
        let surname = first_surname(names)?;
        for year in years {
            keys.push((surname.to_lowercase(), year));
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// The longest inside of a Pandoc citation, in bytes (`[see @walker2017, pp. 3-4; @x]`).
pub const MAX_KEYED_LEN: usize = 200;

/// The keys of a Pandoc citation, as Markdown written for Pandoc, Quarto or R Markdown cites
/// a bibliography, from its inside: `@walker2017`, `@walker2017; @diekelmann2010`, `see
/// @walker2017, p. 4`, `-@walker2017` (the author left out). Each key is read as a surname
/// and a year ([`key_author_year`]). `None` unless every item holds a key that reads so.
pub fn pandoc_keys(inner: &str) -> Option<Vec<AuthorYear>> {
    let mut keys = Vec::new();
    for item in inner.split(';') {
        let at = item.find('@')?;
        // The key starts a word: `see @doe`, `-@doe`, not an address `a@b`.
        if item[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            return None;
        }
        let key: String = item[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
            .collect();
        keys.push(key_author_year(key.trim_end_matches(['.', ':']))?);
    }
    (!keys.is_empty()).then_some(keys)
}

/// A citation key read as the surname and year it is made of, as Zotero, Better BibTeX and
/// Google Scholar make keys: `walker2017`, `Walker2017a`, `walkerWhyWeSleep2017`,
/// `walker_why_2017` → `walker`, `2017`. The surname is the key's first letters, up to a
/// capital, a digit or a separator; the year its first four digits from 1500 to 2099, with a
/// letter after them kept (`2018a`).
pub fn key_author_year(key: &str) -> Option<AuthorYear> {
    let first = key.chars().next()?;
    let surname_len = key
        .char_indices()
        .skip(1)
        .find(|&(_, c)| !c.is_alphabetic() || c.is_uppercase())
        .map_or(key.len(), |(at, _)| at);
    if !first.is_alphabetic() || surname_len < 2 {
        return None;
    }
    let year = key
        .char_indices()
        .filter(|&(at, _)| !key[..at].ends_with(|c: char| c.is_ascii_digit()))
        .find_map(|(at, _)| {
            let digits = key.get(at..at + 4)?;
            let year: u32 = digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())??;
            (1500..=2099).contains(&year).then(|| {
                let letter = key[at + 4..]
                    .chars()
                    .next()
                    .filter(|c| c.is_ascii_lowercase());
                letter.map_or(digits.to_owned(), |l| format!("{digits}{l}"))
            })
        })?;
    Some((key[..surname_len].to_lowercase(), year))
}

/// `Avgerinos et al., 2018, 2020, p. 4` → the names and the years after them; what follows
/// the years (a page) is left out.
fn split_at_year(item: &str) -> Option<(&str, Vec<String>)> {
    let start = item
        .char_indices()
        .filter(|&(at, _)| item[..at].ends_with([' ', ',']))
        .find(|&(at, _)| year_at(&item[at..]).is_some())?
        .0;
    let names = item[..start].trim_end().trim_end_matches(',').trim_end();
    let mut years = Vec::new();
    let mut rest = &item[start..];
    while let Some((year, len)) = year_at(rest) {
        years.push(year);
        rest = rest[len..].trim_start_matches([',', ' ']);
    }
    Some((names, years))
}

/// The first author's surname in a citation's names: what stands before `et al.`, `&`,
/// `and` or a comma (`Benton & Donohoe` → `Benton`).
fn first_surname(names: &str) -> Option<&str> {
    let end = [" et al", " & ", " and ", ","]
        .iter()
        .filter_map(|separator| names.find(separator))
        .min()
        .unwrap_or(names.len());
    let surname = names[..end].trim();
    is_name(surname).then_some(surname)
}

/// Whether `text` may be a surname: a few words, one of them capitalised (`van der Berg`,
/// and names in scripts without case), not a phrase of prose (`in`, `since`).
fn is_name(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words > 0
        && words <= MAX_NAME_WORDS
        && text.starts_with(char::is_alphabetic)
        && text.split_whitespace().any(|word| {
            word.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
        })
}

/// The year inside a narrative citation's parentheses (`2018`, `2018a, p. 4`, `n.d.`), or
/// `None` when they hold anything else.
pub fn narrative_year(inner: &str) -> Option<String> {
    let (year, len) = year_at(inner.trim_start())?;
    let rest = inner.trim_start()[len..].trim_start();
    (rest.is_empty() || rest.starts_with(',')).then_some(year)
}

/// The surnames a narrative citation's year may follow, from the text before its
/// parentheses (`… as Rawson et al.`, `Benton and Donohoe`, `the World Health Organization`):
/// the last words, and the words before an `and` or `&` among them, up to
/// five words long, shortest first.
pub fn narrative_surnames(before: &str) -> Vec<String> {
    let before = before.trim_end();
    let before = ["et al.", "et al"]
        .iter()
        .find_map(|suffix| before.strip_suffix(suffix))
        .unwrap_or(before)
        .trim_end();
    // A name ends in a letter: `Neratko, J. (2018)` and `Organization. (2019)` are a
    // reference entry's own authors and year.
    if before.ends_with(['.', ',']) {
        return Vec::new();
    }
    let words: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(2 * MAX_NAME_WORDS + 1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // Where a name may end: the last word, the word before a connector, and a word before a
    // comma (`Mason, Welch and Neratko`).
    let mut ends = vec![words.len()];
    if let Some(connector) = words.iter().rposition(|w| matches!(*w, "and" | "&")) {
        ends.push(connector);
        ends.extend(
            (0..connector)
                .filter(|&at| words[at].ends_with(','))
                .map(|at| at + 1),
        );
    }
    let mut names = Vec::new();
    for end in ends {
        for len in 1..=MAX_NAME_WORDS.min(end) {
            let name = words[end - len..end].join(" ");
            let name = name.trim_end_matches(',');
            if is_name(name) {
                names.push(name.to_lowercase());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, year: &str) -> Option<AuthorYear> {
        Some((name.to_owned(), year.to_owned()))
    }

    #[test]
    fn reference_entries_give_first_author_and_year() {
        for (entry, expected) in [
            (
                "Avgerinos, K., Spyrou, N., & Kapogiannis, D. (2018). Effects of creatine. Experimental Gerontology, 108, 166-173.",
                key("avgerinos", "2018"),
            ),
            (
                "Avgerinos K, Spyrou N. Effects of creatine in 2015 trials. Exp Gerontol. 2018;108:166-73.",
                key("avgerinos", "2018"),
            ),
            (
                "World Health Organization. (2023). Global report on hypertension.",
                key("world health organization", "2023"),
            ),
            ("van der Berg, J. (2020b). Dikes.", key("van der berg", "2020b")),
            ("Benton, David, and Rachel Donohoe. 2011. \"Creatine.\"", key("benton", "2011")),
            ("Smith, J. (n.d.). Undated page.", key("smith", "n.d.")),
        ] {
            assert_eq!(reference_key(entry), expected, "{entry}");
        }
        // No year, no name.
        assert_eq!(reference_key("Creatine - Mayo Clinic"), None);
        assert_eq!(reference_key("(2018). Anonymous."), None);
    }

    #[test]
    fn citation_keys_give_a_surname_and_a_year() {
        for (citation_key, expected) in [
            ("walker2017", key("walker", "2017")),
            ("Walker2017a", key("walker", "2017a")),
            ("walkerWhyWeSleep2017", key("walker", "2017")),
            ("walker_why_2017", key("walker", "2017")),
            ("müller2019", key("müller", "2019")),
            ("doe99", None),
            ("2017walker", None),
            ("w2017", None),
        ] {
            assert_eq!(key_author_year(citation_key), expected, "{citation_key}");
        }
        assert_eq!(
            pandoc_keys("see @walker2017, pp. 3-4; -@doe2010"),
            Some(vec![
                ("walker".into(), "2017".into()),
                ("doe".into(), "2010".into())
            ])
        );
        assert_eq!(pandoc_keys("me@walker2017.org"), None);
        assert_eq!(pandoc_keys("@walker2017; no key"), None);
    }

    #[test]
    fn citations_in_parentheses_give_a_key_per_year() {
        assert_eq!(
            parenthetical_keys("Avgerinos et al., 2018; McMorris et al., 2007"),
            Some(vec![
                ("avgerinos".into(), "2018".into()),
                ("mcmorris".into(), "2007".into())
            ])
        );
        assert_eq!(
            parenthetical_keys("see Benton & Donohoe, 2011, p. 4"),
            Some(vec![("benton".into(), "2011".into())])
        );
        assert_eq!(
            parenthetical_keys("Smith 2018a, 2020"),
            Some(vec![
                ("smith".into(), "2018a".into()),
                ("smith".into(), "2020".into())
            ])
        );
        assert_eq!(
            parenthetical_keys("World Health Organization, 2023"),
            Some(vec![("world health organization".into(), "2023".into())])
        );
        for prose in [
            "1998",
            "in 1998",
            "Paris",
            "Smith, 12",
            "born 1950s",
            "2018; Smith, 2019",
        ] {
            assert_eq!(parenthetical_keys(prose), None, "{prose}");
        }
    }

    #[test]
    fn only_a_parenthesis_closing_on_a_year_may_cite_by_author() {
        for text in [
            "(Smith, 2018)",
            "Smith (2018a).",
            "(Smith 2018, p. 4; Jones, 2019 )",
        ] {
            assert!(may_cite_by_author_year(text), "{text}");
        }
        for text in [
            "(1)",
            "in 2018.",
            "(Smith, p. 4)",
            "(born 1950s)",
            "(2018 data)",
            "é)",
        ] {
            assert!(!may_cite_by_author_year(text), "{text}");
        }
    }

    #[test]
    fn narrative_citations_offer_the_names_before_them() {
        assert_eq!(narrative_year("2008"), Some("2008".into()));
        assert_eq!(narrative_year("2008a, p. 3"), Some("2008a".into()));
        assert_eq!(narrative_year("2008 data"), None);
        assert_eq!(narrative_year("1"), None);
        let names = narrative_surnames("A trial by Rawson et al.");
        assert!(names.contains(&"rawson".to_owned()), "{names:?}");
        let names = narrative_surnames("as Benton and Donohoe");
        assert!(names.contains(&"benton".to_owned()), "{names:?}");
        let names = narrative_surnames("Mason, Welch and Neratko");
        assert!(names.contains(&"mason".to_owned()), "{names:?}");
        let names = narrative_surnames("according to the World Health Organization");
        assert!(
            names.contains(&"world health organization".to_owned()),
            "{names:?}"
        );
        assert!(narrative_surnames("").is_empty());
        assert!(narrative_surnames("Mason, S. A., Welch, V. G., & Neratko, J.").is_empty());
    }
}
