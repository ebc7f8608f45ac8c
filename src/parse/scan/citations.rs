//! Citation groups as written between brackets (`[1, 2]`, `[1][3]`, `[2-4]`, `[web:3]`,
//! `[Source 1]`, `[^10^]`), superscript digits, and runs of digits read against the source list.

use super::floor_char_boundary;
use crate::address::{scan_address, Address};

/// The highest number read as a citation: `[2000]` is a year in brackets, not a citation.
pub const MAX_CITATION: u32 = 999;
/// The longest inside of a citation group, in bytes (`[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]`).
const MAX_GROUP_LEN: usize = 80;

/// The longest range a group may span (`[1-40]`); wider ones are not citation groups.
const MAX_RANGE: u32 = 100;

/// The brackets a citation group is written between: ASCII, and the full-width, lenticular
/// and tortoise-shell brackets of Chinese and Japanese text (`［1］`, `【2】`, `〔3〕`).
pub const GROUP_BRACKETS: [(char, char); 4] =
    [('[', ']'), ('［', '］'), ('【', '】'), ('〔', '〕')];

/// The openings of [`GROUP_BRACKETS`], taken from it.
pub const GROUP_OPENINGS: [char; 4] = {
    let mut openings = ['\0'; 4];
    let mut i = 0;
    while i < openings.len() {
        openings[i] = GROUP_BRACKETS[i].0;
        i += 1;
    }
    openings
};

/// Scan one bracketed citation group at the start of `text`: `[1]`, `[1, 2]`, `[1,2]`,
/// `[1-3]`, `[1–3]`, Perplexity's `[web:12]`, Gemini's `[cite: 1, 3]`, DeepSeek's
/// `[citation:2]`, Azure's `[doc1]`, numbers after other labels (`[Source 1]`, `[Ref. 3]`,
/// `[Quelle 2]`), the two-digit `[^10^]`, and the full-width brackets Chinese and
/// Japanese text writes (`［1］`, `【2】`, `〔3〕`, with full-width digits too). Returns the bytes
/// consumed and the numbers in written order.
pub fn scan_citation_group(text: &str) -> Option<(usize, Vec<u32>)> {
    scan_group_from(text, 1)
}

/// [`scan_citation_group`] for numbers from `lowest` (0 in a list numbered from zero).
fn scan_group_from(text: &str, lowest: u32) -> Option<(usize, Vec<u32>)> {
    let (open, close_mark) = GROUP_BRACKETS
        .into_iter()
        .find(|(open, _)| text.starts_with(*open))?;
    let inner_start = &text[open.len_utf8()..];
    // A group is short: looking further would make a line of `[` quadratic to read.
    let window = &inner_start[..floor_char_boundary(inner_start, MAX_GROUP_LEN)];
    let close = window.find(close_mark)?;
    let consumed = open.len_utf8() + close + close_mark.len_utf8();
    let inner = &inner_start[..close];
    if !inner.is_ascii() {
        return read_group(&to_ascii_digits(inner)?, lowest).map(|numbers| (consumed, numbers));
    }
    read_group(inner, lowest).map(|numbers| (consumed, numbers))
}

/// The number inside the brackets that open a source-list entry, written as a citation of it
/// is (`1`, `web:1`, `^1^`, `１`): one number, not a list or range.
pub fn entry_number(inner: &str) -> Option<u32> {
    // Most entries are numbered plainly, `[1]`; a list numbered from zero starts at `[0]`.
    if let Some(number) = number_from(inner, 0) {
        return Some(number);
    }
    let numbers = if inner.is_ascii() {
        read_group(inner, 0)?
    } else {
        read_group(&to_ascii_digits(inner)?, 0)?
    };
    match numbers[..] {
        [number] => Some(number),
        _ => None,
    }
}

/// Words that may stand before a citation's number inside its brackets: engines' own
/// (`[web:12]`, `[cite: 1]`, `[citation:2]`, Azure's `[doc1]`) and what an answer asked to
/// cite its sources writes (`[Source 1]`, `[Sources 2, 4]`, `[Ref. 3]`), in the languages of
/// the vocabulary. Lowercase; compared ignoring case.
const NUMBER_LABELS: &[&str] = &[
    "web",
    "cite",
    "citation",
    "citations",
    "source",
    "sources",
    "src",
    "ref",
    "refs",
    "reference",
    "references",
    "doc",
    "docs",
    "document",
    "quelle",
    "quellen",
    "fuente",
    "fuentes",
    "fonte",
    "fontes",
    "fonti",
    "bron",
    "bronnen",
    "källa",
    "kilde",
    "lähde",
    "źródło",
    "kaynak",
    "nguồn",
    "sumber",
    "источник",
    "источники",
    "πηγή",
    "מקור",
    "مصدر",
    "منبع",
    "स्रोत",
    "출처",
    "来源",
    "出典",
    "出处",
];

/// `item` without the label its number may follow ([`NUMBER_LABELS`]: `Source 1`, `ref. 3`,
/// `doc1`, `web:12`), and whether it had one.
fn strip_number_label(item: &str) -> (&str, bool) {
    let letters = item
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(item.len());
    if letters == 0 {
        return (item, false);
    }
    let word = &item[..letters];
    let is_label = NUMBER_LABELS
        .iter()
        .any(|label| word.chars().flat_map(char::to_lowercase).eq(label.chars()));
    if !is_label {
        return (item, false);
    }
    let number = item[letters..].trim_start_matches(['.', ':', '#', ' ', '\u{a0}']);
    (number, true)
}

/// The numbers of a group whose inside starts with a label (`Source 1`, `Sources 2, 4`,
/// `ref. 3`): one in parentheses cites too, where bare numbers in parentheses may enumerate.
pub fn labelled_group(inner: &str) -> Option<Vec<u32>> {
    if !strip_number_label(inner.trim_start()).1 {
        return None;
    }
    if inner.is_ascii() {
        read_group(inner, 1)
    } else {
        read_group(&to_ascii_digits(inner)?, 1)
    }
}

/// The numbers of a group's inside (`1, 3-4`, `web:12`, `Source 2`, `^10^`), none below
/// `lowest`.
fn read_group(inner: &str, lowest: u32) -> Option<Vec<u32>> {
    let inner = inner
        .strip_prefix('^')
        .and_then(|i| i.strip_suffix('^'))
        .unwrap_or(inner);
    if inner.trim().is_empty() {
        return None;
    }
    let mut numbers = Vec::new();
    for item in inner.split([',', ';']) {
        let item = strip_number_label(item.trim()).0;
        let range = item
            .split_once('-')
            .or_else(|| item.split_once('–'))
            .or_else(|| item.split_once('—'));
        match range {
            Some((from, to)) => {
                let from = number_from(from.trim(), lowest)?;
                let to = number_from(to.trim(), lowest)?;
                if to < from || to - from > MAX_RANGE {
                    return None;
                }
                numbers.extend(from..=to);
            }
            // `[1 2]`: numbers a copy left with only a space between them.
            None if item.contains(' ') => {
                for number in item.split(' ').filter(|part| !part.is_empty()) {
                    numbers.push(number_from(number, lowest)?);
                }
            }
            None => numbers.push(number_from(item, lowest)?),
        }
    }
    Some(numbers)
}

/// A group's inside with other scripts' digits ([`script_digit`]), commas (`，`, `、`, `،`)
/// and tildes (`～`, a range) written as ASCII; `None` when anything else is neither ASCII
/// nor a letter (a label's, `出典1`): the dashes of a range excepted, no group holds it.
fn to_ascii_digits(inner: &str) -> Option<String> {
    inner
        .chars()
        .map(|c| {
            if let Some(digit) = script_digit(c) {
                return Some(char::from(b'0' + digit));
            }
            match c {
                '，' | '、' | '；' | '،' | '؛' => Some(','),
                '～' | '〜' => Some('-'),
                '：' => Some(':'),
                '–' | '—' | '\u{a0}' | '\u{3000}' => Some(c),
                c if c.is_ascii() || c.is_alphabetic() => Some(c),
                _ => None,
            }
        })
        .collect()
}

/// The value of a decimal digit that is not ASCII, as text in other scripts writes its
/// citations and numbers its sources: full-width (`１`, Chinese and Japanese), Arabic-Indic
/// (`١`), Persian and Urdu (`۱`), Devanagari (`१`) and Bengali (`১`).
pub fn script_digit(c: char) -> Option<u8> {
    let zero = match c {
        '０'..='９' => '０',
        '٠'..='٩' => '٠',
        '۰'..='۹' => '۰',
        '०'..='९' => '०',
        '০'..='৯' => '০',
        _ => return None,
    };
    // Each range is the ten digits in order, so the difference is below ten.
    Some((c as u32 - zero as u32) as u8)
}

/// The number of one to three digits a text starts with, written in ASCII or in one other
/// script ([`script_digit`]), and the bytes it takes. A fourth digit makes it no such number.
pub fn leading_digits(text: &str) -> Option<(u32, usize)> {
    let mut number = 0;
    let mut len = 0;
    for (count, c) in text.chars().enumerate() {
        let Some(digit) = c.to_digit(10).or_else(|| script_digit(c).map(u32::from)) else {
            break;
        };
        if count == 3 {
            return None;
        }
        number = number * 10 + digit;
        len += c.len_utf8();
    }
    (len > 0).then_some((number, len))
}

/// Scan a run of adjacent citation groups (`[1][5][6]`, `[1, 2] [3]`, and as IEEE writes
/// them, `[1], [2]` and the range `[1]–[3]`) at the start of `text`. Returns the bytes
/// consumed (not counting trailing spaces) and all numbers in order.
pub fn scan_citation_run(text: &str) -> Option<(usize, Vec<u32>)> {
    scan_run_from(text, 1)
}

/// [`scan_citation_run`] in an answer whose source list is numbered from zero (`[0]`, `[1]`,
/// …), as some engines and retrieval tools number it: `[0]`, `[0][2]`, `[0, 1]`.
pub fn scan_zero_based_run(text: &str) -> Option<(usize, Vec<u32>)> {
    scan_run_from(text, 0)
}

/// [`scan_citation_run`] for numbers from `lowest`.
fn scan_run_from(text: &str, lowest: u32) -> Option<(usize, Vec<u32>)> {
    let (mut consumed, mut numbers) = scan_group_from(text, lowest)?;
    loop {
        let rest = &text[consumed..];
        let (gap, range) = match rest.chars().next() {
            Some(',') => (1 + usize::from(rest[1..].starts_with(' ')), false),
            Some(dash @ ('–' | '-')) => (dash.len_utf8(), true),
            _ => match rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len() {
                spaces @ 0..=1 => (spaces, false),
                _ => return Some((consumed, numbers)),
            },
        };
        let Some((more, more_numbers)) = scan_group_from(&rest[gap..], lowest) else {
            return Some((consumed, numbers));
        };
        if range {
            // `[1]–[3]`: from the last number to the next, a single one.
            let (Some(&from), &[to]) = (numbers.last(), &more_numbers[..]) else {
                return Some((consumed, numbers));
            };
            if to <= from || to - from > MAX_RANGE {
                return Some((consumed, numbers));
            }
            numbers.extend(from + 1..=to);
        } else {
            numbers.extend(more_numbers);
        }
        consumed += gap + more;
    }
}

/// The digit a Unicode superscript stands for (`¹` → 1).
pub fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Read a run of digits as citation numbers that all exist in `known`, in increasing order:
/// `123` is 1, 2, 3 when those sources exist, `1011` is 10, 11. Among the readings, the one
/// with the most numbers wins, so single digits are preferred. `None` when no reading fits.
pub fn split_digit_cluster(
    digits: &[u32],
    known: &std::collections::BTreeSet<u32>,
) -> Option<Vec<u32>> {
    fn best(
        digits: &[u32],
        after: u32,
        known: &std::collections::BTreeSet<u32>,
    ) -> Option<Vec<u32>> {
        if digits.is_empty() {
            return Some(Vec::new());
        }
        let mut found: Option<Vec<u32>> = None;
        let mut number = 0;
        for (len, &digit) in digits.iter().enumerate().take(3) {
            number = number * 10 + digit;
            if digits[0] == 0 {
                break;
            }
            if number > after && known.contains(&number) {
                if let Some(mut rest) = best(&digits[len + 1..], number, known) {
                    rest.insert(0, number);
                    if found.as_ref().is_none_or(|f| rest.len() > f.len()) {
                        found = Some(rest);
                    }
                }
            }
        }
        found
    }
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    best(digits, 0, known)
}

/// A citation number: one to three ASCII digits, not zero, no sign.
pub(crate) fn parse_citation_number(text: &str) -> Option<u32> {
    number_from(text, 1)
}

/// [`parse_citation_number`], from `lowest` (0 or 1) up.
fn number_from(text: &str, lowest: u32) -> Option<u32> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = text.parse().ok()?;
    (lowest..=MAX_CITATION).contains(&number).then_some(number)
}

/// Words that may lead a bracketed address cited in the text, `(source: https://…)`
/// (compared ignoring ASCII case; a `:` may follow).
const ADDRESS_LEAD_WORDS: &[&str] = &[
    "source", "sources", "see", "via", "from", "quelle", "quellen", "fuente", "fuentes",
];

/// The longest bracketed address group read: a few addresses.
const ADDRESS_GROUP_MAX: usize = 1200;

/// How many bytes of a bracket's text are read for its first word: more than any lead word
/// or address scheme needs.
const FIRST_WORD_MAX: usize = 64;

/// Scan addresses cited in brackets at the start of `text`, as an answer writes them where it
/// has no numbered list: `(https://…)`, `[https://…]`, `(source: https://…)`,
/// `(https://a.org/x, https://b.org/y)`. Every word inside must be an address with `http(s)://`
/// or `www.` (a lead word such as `source:` aside), so `(see example.com for more)` and
/// `(nasa.gov)` stay prose. Returns the bytes taken and the addresses.
pub fn scan_address_group(text: &str) -> Option<(usize, Vec<Address>)> {
    let close = match text.as_bytes().first()? {
        b'(' => ')',
        b'[' => ']',
        _ => return None,
    };
    // Most brackets hold prose or a number: turned away by their first word, before the
    // group's end is looked for. Only its first bytes are read (an address's scheme, a lead
    // word): a bracket on a long run without spaces is turned away as fast.
    let first_word = text[1..floor_char_boundary(text, 1 + FIRST_WORD_MAX)]
        .trim_start()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | ']'))
        .next()
        .unwrap_or_default();
    if !(is_address_start(first_word) || is_address_lead(first_word)) {
        return None;
    }
    // A group does not run over a line's end.
    let window = text[1..floor_char_boundary(text, ADDRESS_GROUP_MAX)]
        .split('\n')
        .next()
        .unwrap_or_default();
    // An address may hold brackets of its own (`…/Mercury_(planet)`): the group closes at
    // the first closing bracket after which the brackets balance.
    let open = if close == ')' { '(' } else { '[' };
    let mut depth = 0usize;
    let end = window.char_indices().find_map(|(at, c)| {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
        }
        None
    })?;
    let inner = window[..end].trim();
    let mut words = inner
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|word| !word.is_empty())
        .peekable();
    if words.peek().is_some_and(|first| is_address_lead(first)) {
        words.next();
    }
    let mut addresses = Vec::new();
    for word in words {
        if word.eq_ignore_ascii_case("and") {
            continue;
        }
        if !is_address_start(word) {
            return None;
        }
        addresses.push(scan_address(word)?);
    }
    (!addresses.is_empty()).then_some((1 + end + close.len_utf8(), addresses))
}

/// Whether `word` opens as an address cited in brackets must: `http://`, `https://`, `www.`
/// (in any case).
fn is_address_start(word: &str) -> bool {
    let starts_with = |prefix: &str| {
        word.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    starts_with("https://") || starts_with("http://") || starts_with("www.")
}

/// Whether `word` is one of [`ADDRESS_LEAD_WORDS`] (a `:` after it allowed).
fn is_address_lead(word: &str) -> bool {
    let lead = word.trim_end_matches(':');
    ADDRESS_LEAD_WORDS
        .iter()
        .any(|known| lead.eq_ignore_ascii_case(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_cited_in_brackets() {
        let urls = |text: &str| {
            scan_address_group(text).map(|(len, addresses)| {
                let urls: Vec<String> = addresses.into_iter().map(|a| a.url).collect();
                (len, urls)
            })
        };
        assert_eq!(
            urls("(https://nasa.gov/x). More"),
            Some((20, vec!["https://nasa.gov/x".to_owned()]))
        );
        assert_eq!(
            urls("(Source: https://a.org/x, www.b.org/y) and"),
            Some((
                38,
                vec!["https://a.org/x".to_owned(), "www.b.org/y".to_owned()]
            ))
        );
        assert_eq!(
            urls("[https://en.wikipedia.org/wiki/Mercury_(planet)]"),
            Some((
                48,
                vec!["https://en.wikipedia.org/wiki/Mercury_(planet)".to_owned()]
            ))
        );
        let cut = scan_address_group("(https://jamestown.org/program/azerba…)").unwrap();
        assert!(cut.1[0].truncated);
        // Prose in brackets stays prose.
        for text in [
            "(nasa.gov)",
            "(see example.com for more)",
            "(https://a.org is down)",
            "(source: the survey)",
            "()",
            "(https://a.org",
            "(https://a.org\n)",
            "(ééééé https://a.org)",
        ] {
            assert_eq!(urls(text), None, "{text}");
        }
    }

    #[test]
    fn citation_groups_in_every_written_form() {
        type Case<'a> = (&'a str, Option<(usize, &'a [u32])>);
        let cases: &[Case] = &[
            ("[1]", Some((3, &[1]))),
            ("[1, 2]", Some((6, &[1, 2]))),
            ("[1,2]", Some((5, &[1, 2]))),
            ("[ 1 , 2 ] tail", Some((9, &[1, 2]))),
            ("[1-3]", Some((5, &[1, 2, 3]))),
            ("[1–3]", Some((7, &[1, 2, 3]))),
            ("[1, 4-5]", Some((8, &[1, 4, 5]))),
            ("[1 2]", Some((5, &[1, 2]))),
            ("[1  3, 4]", Some((9, &[1, 3, 4]))),
            ("[1 a]", None),
            ("[sic]", None),
            ("[2000]", None),
            ("[0]", None),
            ("[]", None),
            ("[1,]", None),
            ("[3-1]", None),
            ("[1-500]", None),
            ("[1", None),
            ("1]", None),
        ];
        for (text, expected) in cases {
            let got = scan_citation_group(text);
            let got = got.as_ref().map(|(n, v)| (*n, v.as_slice()));
            assert_eq!(got, *expected, "{text:?}");
        }
    }

    #[test]
    fn zero_is_read_only_where_a_list_is_numbered_from_it() {
        assert_eq!(scan_citation_run("[0]"), None);
        assert_eq!(scan_zero_based_run("[0]"), Some((3, vec![0])));
        assert_eq!(scan_zero_based_run("[0][2] tail"), Some((6, vec![0, 2])));
        assert_eq!(scan_zero_based_run("[0-2]"), Some((5, vec![0, 1, 2])));
        assert_eq!(scan_zero_based_run("[1, 3]"), Some((6, vec![1, 3])));
        // An entry's number may be 0: it opens such a list.
        assert_eq!(entry_number("0"), Some(0));
        assert_eq!(entry_number("web:0"), Some(0));
    }

    #[test]
    fn engine_specific_groups() {
        assert_eq!(scan_citation_group("[web:12]"), Some((8, vec![12])));
        assert_eq!(scan_citation_group("[^10^]"), Some((6, vec![10])));
        assert_eq!(scan_citation_group("[web:]"), None);
        assert_eq!(scan_citation_group("[citation:3]"), Some((12, vec![3])));
        assert_eq!(scan_citation_group("[cite: 1, 3]"), Some((12, vec![1, 3])));
        assert_eq!(scan_citation_group("[1; 2]"), Some((6, vec![1, 2])));
        assert_eq!(scan_citation_group("[1;]"), None);
    }

    #[test]
    fn groups_whose_numbers_follow_a_label() {
        let numbers = |text: &str| scan_citation_group(text).map(|(_, numbers)| numbers);
        assert_eq!(numbers("[Source 1]"), Some(vec![1]));
        assert_eq!(numbers("[Sources 2, 4]"), Some(vec![2, 4]));
        assert_eq!(numbers("[source: 2; source 5]"), Some(vec![2, 5]));
        assert_eq!(numbers("[Ref. 3]"), Some(vec![3]));
        assert_eq!(numbers("[doc1]"), Some(vec![1]));
        assert_eq!(numbers("[Source 1-3]"), Some(vec![1, 2, 3]));
        assert_eq!(numbers("[Quelle 1]"), Some(vec![1]));
        assert_eq!(numbers("［出典1］"), Some(vec![1]));
        assert_eq!(numbers("【来源：2】"), Some(vec![2]));
        assert_eq!(numbers("[ИСТОЧНИК 4]"), Some(vec![4]));
        assert_eq!(entry_number("Source 7"), Some(7));
        // A word that is no label, a label without a number, a year.
        for text in [
            "[Figure 2]",
            "[Sources]",
            "[Source 2023]",
            "[Source code]",
            "【北京】",
        ] {
            assert_eq!(numbers(text), None, "{text}");
        }
        assert_eq!(labelled_group("Sources 1, 3"), Some(vec![1, 3]));
        assert_eq!(labelled_group("1, 3"), None, "no label");
    }

    #[test]
    fn full_width_groups_of_chinese_and_japanese_text() {
        fn group(text: &str) -> Option<(&str, Vec<u32>)> {
            scan_citation_group(text).map(|(n, v)| (&text[..n], v))
        }
        assert_eq!(group("［1］。"), Some(("［1］", vec![1])));
        assert_eq!(group("【2】后"), Some(("【2】", vec![2])));
        assert_eq!(group("〔3〕。"), Some(("〔3〕", vec![3])));
        assert_eq!(group("〔3］"), None, "brackets that do not pair");
        assert_eq!(group("［１２］"), Some(("［１２］", vec![12])));
        assert_eq!(group("［1，3］"), Some(("［1，3］", vec![1, 3])));
        assert_eq!(group("［1、2］"), Some(("［1、2］", vec![1, 2])));
        assert_eq!(group("［2～4］"), Some(("［2～4］", vec![2, 3, 4])));
        assert_eq!(group("【注意】"), None, "a bracketed word");
        assert_eq!(group("［1]"), None, "brackets that do not pair");
        assert_eq!(group("[１]"), Some(("[１]", vec![1])));
        assert_eq!(
            scan_citation_run("［1］［3］x"),
            Some(("［1］［3］".len(), vec![1, 3]))
        );
    }

    #[test]
    fn groups_in_the_digits_and_commas_of_other_scripts() {
        fn group(text: &str) -> Option<Vec<u32>> {
            scan_citation_group(text).map(|(_, numbers)| numbers)
        }
        assert_eq!(
            group("[١، ٢]"),
            Some(vec![1, 2]),
            "Arabic-Indic, Arabic comma"
        );
        assert_eq!(group("[۱۲]"), Some(vec![12]), "Persian");
        assert_eq!(group("[१; ३]"), Some(vec![1, 3]), "Devanagari");
        assert_eq!(group("[1؛ 2]"), Some(vec![1, 2]), "Arabic semicolon");
        assert_eq!(group("[٢٠٢٥٠]"), None, "above the highest number");
        assert_eq!(group("[ب]"), None, "a letter");
    }

    #[test]
    fn leading_numbers_of_one_to_three_digits_in_any_script() {
        assert_eq!(leading_digits("12. Title"), Some((12, 2)));
        assert_eq!(leading_digits("۱۲. عنوان"), Some((12, 4)));
        assert_eq!(leading_digits("٣) x"), Some((3, 2)));
        assert_eq!(leading_digits("१"), Some((1, 3)));
        assert_eq!(leading_digits("2024. Year"), None, "four digits");
        assert_eq!(leading_digits("Title 1"), None);
        assert_eq!(leading_digits(""), None);
    }

    #[test]
    fn digit_clusters_are_read_against_the_known_sources() {
        let known = |numbers: &[u32]| numbers.iter().copied().collect();
        assert_eq!(
            split_digit_cluster(&[1, 2, 3], &known(&[1, 2, 3])),
            Some(vec![1, 2, 3])
        );
        assert_eq!(
            split_digit_cluster(&[1, 2, 3], &known(&[1, 23])),
            Some(vec![1, 23])
        );
        assert_eq!(
            split_digit_cluster(&[1, 0, 1, 1], &known(&[10, 11])),
            Some(vec![10, 11])
        );
        assert_eq!(split_digit_cluster(&[1, 4], &known(&[1, 2, 3])), None);
        assert_eq!(
            split_digit_cluster(&[3, 1], &known(&[1, 3])),
            None,
            "not increasing"
        );
        assert_eq!(split_digit_cluster(&[0], &known(&[1])), None);
    }

    #[test]
    fn adjacent_groups_form_one_run() {
        assert_eq!(scan_citation_run("[1][2]"), Some((6, vec![1, 2])));
        assert_eq!(scan_citation_run("[1][5][6]x"), Some((9, vec![1, 5, 6])));
        assert_eq!(scan_citation_run("[1] [2] next"), Some((7, vec![1, 2])));
        assert_eq!(scan_citation_run("[1]  [2]"), Some((3, vec![1])));
        assert_eq!(scan_citation_run("[1][sic]"), Some((3, vec![1])));
        // As IEEE writes them: a comma between groups, a dash for a range.
        assert_eq!(scan_citation_run("[1], [2]."), Some((8, vec![1, 2])));
        assert_eq!(scan_citation_run("[1],[4]"), Some((7, vec![1, 4])));
        assert_eq!(
            scan_citation_run("[2]–[4], [7]"),
            Some((14, vec![2, 3, 4, 7]))
        );
        assert_eq!(scan_citation_run("[1]-[3]"), Some((7, vec![1, 2, 3])));
        assert_eq!(
            scan_citation_run("[1, 2]–[4]"),
            Some((12, vec![1, 2, 3, 4]))
        );
        // Not a run: a comma and words, a range backwards.
        assert_eq!(scan_citation_run("[1], and"), Some((3, vec![1])));
        assert_eq!(scan_citation_run("[3]–[1]"), Some((3, vec![3])));
    }
}
