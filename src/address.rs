//! Addresses as pasted text writes them (`https://…`, `www.…`, a bare `domain.tld/path`, cut
//! short with `…`), their domains, and which of them may become links.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;

/// An address as written, split from the marks that say it was cut short. The default is no
/// address (a source named without one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// The address without `…`, `...` or angle brackets.
    pub url: String,
    /// Whether it ended in `…` or `...`.
    pub truncated: bool,
}

/// A work's identifier written in its reference, as academic lists give a work without a
/// link: its DOI (`doi:10.1002/14651858.CD001520`, `DOI: 10.3389/fendo.2019.00391`), or else
/// its PubMed number (`PMID: 12345678`) or arXiv number (`arXiv:2301.01234`). The text of
/// the reference without it, and the address that resolves it (`https://doi.org/10.…`,
/// `https://pubmed.ncbi.nlm.nih.gov/12345678/`, `https://arxiv.org/abs/2301.01234`).
pub fn split_work_id(reference: &str) -> Option<(String, Address)> {
    let bytes = reference.as_bytes();
    let labelled = |label: &[u8], at: usize| {
        let end = at + label.len();
        end < bytes.len()
            && bytes[at..end].eq_ignore_ascii_case(label)
            && matches!(bytes[end], b':' | b' ')
            && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
    };
    let find = |label: &[u8], read: fn(&str, usize) -> Option<(usize, String)>| {
        (0..bytes.len())
            .filter(|&at| labelled(label, at))
            .find_map(|at| {
                let (end, url) = read(reference, at + label.len() + 1)?;
                Some(without(reference, at, end, url))
            })
    };
    find(b"doi", doi_at)
        .or_else(|| find(b"pmid", pubmed_at))
        .or_else(|| find(b"arxiv", arxiv_at))
}

/// `reference` without its identifier (bytes `start..end`), and the identifier's address.
fn without(reference: &str, start: usize, end: usize, url: String) -> (String, Address) {
    let mut rest = reference[..start]
        .trim_end()
        .trim_end_matches(['.', ',', ';'])
        .to_owned();
    let tail = reference[end..].trim_start_matches(['.', ',', ';']).trim();
    if !tail.is_empty() {
        rest.push_str(". ");
        rest.push_str(tail);
    }
    (
        rest,
        Address {
            url,
            truncated: false,
        },
    )
}

/// The identifier written from byte `at` (spaces first allowed), up to a space, without a
/// closing mark: where it ends, and its text.
fn identifier_at(reference: &str, at: usize) -> (usize, &str) {
    let after = reference[at..].trim_start();
    let len = after.find(char::is_whitespace).unwrap_or(after.len());
    let id = after[..len].trim_end_matches(['.', ',', ';', ')', ']']);
    (reference.len() - after.len() + id.len(), id)
}

/// A PubMed number from byte `at`: digits only.
fn pubmed_at(reference: &str, at: usize) -> Option<(usize, String)> {
    let (end, id) = identifier_at(reference, at);
    ((1..=9).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (end, format!("https://pubmed.ncbi.nlm.nih.gov/{id}/")))
}

/// An arXiv number from byte `at`: `2301.01234`, maybe with its version (`v2`).
fn arxiv_at(reference: &str, at: usize) -> Option<(usize, String)> {
    let (end, id) = identifier_at(reference, at);
    let (year_month, number) = id.split_once('.')?;
    let number = number.split_once('v').map_or(number, |(number, _)| number);
    let valid = year_month.len() == 4
        && year_month.bytes().all(|b| b.is_ascii_digit())
        && (4..=5).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| (end, format!("https://arxiv.org/abs/{id}")))
}

/// A DOI from byte `at`: `10.`, a registrant of four to nine digits, `/`, a suffix.
fn doi_at(reference: &str, at: usize) -> Option<(usize, String)> {
    let (end, doi) = identifier_at(reference, at);
    let (prefix, suffix) = doi.split_once('/')?;
    let registrant = prefix.strip_prefix("10.")?;
    let valid = (4..=9).contains(&registrant.len())
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !suffix.is_empty();
    valid.then(|| (end, format!("https://doi.org/{doi}")))
}

/// Read `token` as a web address (`https://…`, `www.…` or a bare `domain.tld/path`), with or
/// without a truncation mark. Trailing sentence punctuation is not part of the address.
pub fn scan_address(token: &str) -> Option<Address> {
    // Every address has a dot in its host or a colon after its scheme: most words of prose
    // have neither, and are turned away before any other work.
    if !token.contains(['.', ':']) {
        return None;
    }
    let visible = without_invisible(token);
    let mut token = visible.trim();
    if let Some(inner) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        token = inner.trim();
    }
    let (body, truncated) = match token
        .strip_suffix('…')
        .or_else(|| token.strip_suffix("..."))
    {
        Some(body) => (body, true),
        // `britannica.com/science/Rayleigh-sc…,` or `…-` (a signature's dash glued to it):
        // the address ends where the ellipsis cut it.
        None => match token.rfind('…').filter(|&at| {
            token[at + '…'.len_utf8()..]
                .chars()
                .all(|c| "-~—–,;:.)".contains(c))
        }) {
            Some(at) => (&token[..at], true),
            None => (trim_trailing_punctuation(token), false),
        },
    };
    if body.is_empty() || body.chars().any(char::is_whitespace) {
        return None;
    }
    if let Some(address) = scan_other_scheme(body, truncated) {
        return Some(address);
    }
    let host = host_of(body)?;
    let has_scheme = split_scheme(body).is_some();
    // A complete address with a scheme is one only if a browser can open it.
    if has_scheme && !truncated && browser_host(body).is_none() {
        return None;
    }
    if !has_scheme && !body.contains('/') && is_file_name(body) {
        return None;
    }
    if !has_scheme && !is_plausible_host(host, truncated && !body.contains('/')) {
        return None;
    }
    if has_scheme && host.is_empty() {
        return None;
    }
    Some(Address {
        url: body.to_owned(),
        truncated,
    })
}

/// The separator of a search result's address shown as breadcrumbs:
/// `https://en.wikipedia.org › wiki › Aurora`.
const BREADCRUMB: &str = " › ";

/// A search result's address as Google shows it, its path as breadcrumbs
/// (`https://en.wikipedia.org › wiki › Aurora`), somewhere in `text`: the byte range it takes
/// and the address it stands for, its segments joined with `/`. It is marked truncated: the
/// engine leaves out the end of long paths (`› news › articles`) and every query, so the page's
/// whole address is not known and is not passed off as known. Segments are single words;
/// the last ends at the first space after it, and an elided one (`...`) is left out.
pub fn scan_breadcrumb(text: &str) -> Option<(std::ops::Range<usize>, Address)> {
    // Found by its arrow, which prose seldom has, rather than by the space before it.
    let arrow = crate::find::find_marker(text, "› ")?;
    let first = arrow
        .checked_sub(1)
        .filter(|&at| text.as_bytes()[at] == b' ')?;
    // After the last white space before it, which may take more than a byte (`\u{a0}`).
    let host_start = text[..first]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(at, space)| at + space.len_utf8());
    let host = scan_address(&text[host_start..first])?;
    if host.truncated {
        return None;
    }
    let mut url = host.url.trim_end_matches('/').to_owned();
    let mut end = first;
    let mut rest = &text[first..];
    while let Some(after) = rest.strip_prefix(BREADCRUMB) {
        let word_len = after.find(char::is_whitespace).unwrap_or(after.len());
        let segment = &after[..word_len];
        if segment.is_empty() || segment.contains('›') {
            return None;
        }
        if segment != "..." && segment != "…" {
            url.push('/');
            url.push_str(segment);
        }
        end += BREADCRUMB.len() + word_len;
        rest = &after[word_len..];
    }
    let address = Address {
        url,
        truncated: true,
    };
    Some((host_start..end, address))
}

/// Characters a page puts into long addresses so that they can break, which a copy keeps and
/// no address holds: zero-width space, word joiner, zero-width no-break space, soft hyphen.
const INVISIBLE: [char; 4] = ['\u{200b}', '\u{2060}', '\u{feff}', '\u{ad}'];

/// `token` without [`INVISIBLE`] characters. Their UTF-8 starts with 0xE2, 0xEF or 0xC2: a
/// token with none of those bytes is returned as it is, without looking at its characters.
fn without_invisible(token: &str) -> Cow<'_, str> {
    let may_hold = token.bytes().any(|byte| matches!(byte, 0xe2 | 0xef | 0xc2));
    if may_hold && token.contains(INVISIBLE) {
        Cow::Owned(token.replace(INVISIBLE, ""))
    } else {
        Cow::Borrowed(token)
    }
}

/// An address without the sentence punctuation after it: `.`, `,`, `;`, and a `)` that closes
/// nothing inside the address (`(see a.org/x)`), but not the one of `wiki/Baku_(city)`.
fn trim_trailing_punctuation(token: &str) -> &str {
    let mut token = token;
    loop {
        let trimmed = token.trim_end_matches(['.', ',', ';', ':']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count();
        let next = if unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if next.len() == token.len() {
            return token;
        }
        token = next;
    }
}

/// An address with a scheme other than the web's (`javascript:…`, `mailto:…`, `data:…`):
/// kept as written so it can be shown, never linked (see [`is_linkable`]).
fn scan_other_scheme(body: &str, truncated: bool) -> Option<Address> {
    let (scheme, rest) = body.split_once(':')?;
    let is_scheme = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !scheme.contains('.');
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (is_scheme && !web && !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit())).then(
        || Address {
            url: body.to_owned(),
            truncated,
        },
    )
}

/// `url.split_once("://")`, by [`crate::find::find_marker`].
pub(crate) fn split_scheme(url: &str) -> Option<(&str, &str)> {
    crate::find::find_marker(url, "://").map(|at| (&url[..at], &url[at + 3..]))
}

/// The host part of an address: between the scheme (if any) and the first `/`, `?` or `#`,
/// without user info or port.
fn host_of(url: &str) -> Option<&str> {
    let after_scheme = match split_scheme(url) {
        Some((scheme, rest)) => {
            if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            rest
        }
        None => url,
    };
    let end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = &after_scheme[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Some(host.split(':').next().unwrap_or(host))
}

/// File extensions that, ending a bare word with no `/`, make it a file name rather than an
/// address (`Copy-of-Prompts.docx`): a source named by a file is a title, not a link.
const FILE_EXTENSIONS: &[&str] = &[
    "docx", "doc", "pdf", "txt", "xlsx", "xls", "pptx", "ppt", "csv", "json", "png", "jpg", "jpeg",
    "gif", "zip", "mp3", "mp4", "html", "htm", "odt", "rtf", "epub", "yaml", "toml",
];

/// Whether a bare word names a file by its extension (`tides.pdf`, `Prompts.docx`).
pub fn is_file_name(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(_, extension)| {
        FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
    })
}

/// Whether `host` looks like a domain name: dot-separated labels of letters, digits and `-`,
/// ending in an alphabetic top-level label (which may be cut short when `truncated`).
fn is_plausible_host(host: &str, truncated: bool) -> bool {
    let Some((_, tld)) = host.rsplit_once('.') else {
        return false;
    };
    let valid_label = |label: &str| {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    let min_tld = if truncated { 1 } else { 2 };
    host.split('.').all(valid_label)
        && tld.chars().count() >= min_tld
        && tld.chars().all(char::is_alphabetic)
}

/// The first label of an address's domain, as a name may call the site (`reuters.com` →
/// `reuters`, `www.bbc.co.uk` → `bbc`, `theguardian.com` → `theguardian`); none for a label
/// shorter than three letters (`en.wikipedia.org`), which names no site.
pub fn site_label(url: &str) -> Option<String> {
    domain_label(&domain_of(url))
}

/// [`site_label`] of a domain already read from its address.
pub fn domain_label(domain: &str) -> Option<String> {
    let label = domain.split('.').next()?;
    (label.len() >= 3 && domain.contains('.')).then(|| label.to_owned())
}

/// The names an engine's chip may give a site, from its `domain` ([`domain_of`]), compared
/// as [`name_as_label`] makes them: each label but the last, of three letters or more, and
/// the domain without its last label (`en.wikipedia.org` → `wikipedia`, `enwikipedia`;
/// `fsis.usda.gov` → `fsis`, `usda`, `fsisusda`).
pub fn chip_names(domain: &str) -> Vec<String> {
    let Some((before_last, _)) = domain.rsplit_once('.') else {
        return Vec::new();
    };
    let mut names: Vec<String> = before_last
        .split('.')
        .filter(|label| label.chars().count() >= 3)
        .map(name_as_label)
        .collect();
    if before_last.contains('.') {
        names.push(name_as_label(before_last));
    }
    names
}

/// How a source's name compares with a site's label: lowercase letters and digits only
/// (`The Guardian` → `theguardian`).
pub fn name_as_label(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The domain of an address: the host its link opens, lowercase, without `www.`; empty for
/// an address that is not a web address. The host is the one a browser finds in the link
/// (WHATWG rules, through the `url` crate): `https://evil.example\@nytimes.com/` opens
/// `evil.example`, and an IPv6 host keeps its brackets. Text no browser could open (an
/// address cut short inside its host, say) falls back to what precedes the first `/`.
/// Internationalised hosts are shown in Unicode (`bücher.de`), as they were written.
pub fn domain_of(url: &str) -> String {
    if !is_linkable(url) {
        return String::new();
    }
    let host =
        browser_host(&href_of(url)).unwrap_or_else(|| host_of(url).unwrap_or(url).to_lowercase());
    host.strip_prefix("www.").unwrap_or(&host).to_owned()
}

/// The host a browser opens for the complete address `href`, lowercase and in Unicode; `None`
/// when a browser could not open it, or it has no host.
///
/// Parsing a snapshot asks this of each source's address four times (to read the address, to
/// find the chips that name its site, to credit its domain). Most addresses are plain
/// ([`plain_host`]) and read from their text; for the others the WHATWG parse is most of what
/// reading an address costs, and the last few answers are kept, per thread.
fn browser_host(href: &str) -> Option<String> {
    const KEPT: usize = 16;
    if let Some(host) = plain_host(href) {
        return Some(host.to_owned());
    }
    thread_local! {
        static RECENT: RefCell<VecDeque<(String, Option<String>)>> =
            const { RefCell::new(VecDeque::new()) };
    }
    let recent = |href: &str| {
        RECENT.with_borrow(|recent| {
            let found = recent.iter().find(|(kept, _)| kept == href);
            found.map(|(_, host)| host.clone())
        })
    };
    if let Some(host) = recent(href) {
        return host;
    }
    let host = parse_browser_host(href);
    RECENT.with_borrow_mut(|recent| {
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back((href.to_owned(), host.clone()));
    });
    host
}

/// The host of an address of the form most sources have, read without the WHATWG parse:
/// `http://` or `https://`, then lowercase ASCII letters, digits and hyphens in dot-separated
/// labels, none empty and none Punycode (`xn--`), the last starting with a letter (so that it
/// is not an IPv4 address), up to the path, query or fragment. A browser's host for such an
/// address is its text, and reading it so costs a few dozen instructions where the parse costs
/// thousands. `None`: any other address, for [`parse_browser_host`] to read.
fn plain_host(href: &str) -> Option<&str> {
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))?;
    // One pass over the bytes: most addresses are read here, twice each.
    let bytes = rest.as_bytes();
    let mut label_start = 0;
    let mut end = bytes.len();
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            // Where a browser ends the host of a web address (a `\` is a `/` to it).
            b'/' | b'\\' | b'?' | b'#' => {
                end = at;
                break;
            }
            b'.' if at > label_start => label_start = at + 1,
            b'a'..=b'z' | b'0'..=b'9' | b'-' if at > label_start => {}
            b'a'..=b'z' | b'0'..=b'9' | b'-' if !bytes[at..].starts_with(b"xn--") => {}
            _ => return None,
        }
    }
    let last_is_a_name = bytes
        .get(label_start)
        .is_some_and(|first| first.is_ascii_lowercase());
    (label_start < end && last_is_a_name).then(|| &rest[..end])
}

/// [`browser_host`], without the kept answers.
fn parse_browser_host(href: &str) -> Option<String> {
    let parsed = url::Url::parse(href).ok()?;
    match parsed.host()? {
        url::Host::Domain("") => None,
        url::Host::Domain(domain) => Some(idna::domain_to_unicode(domain).0),
        url::Host::Ipv4(address) => Some(address.to_string()),
        url::Host::Ipv6(address) => Some(format!("[{address}]")),
    }
}

/// Whether an address may become a link: `http`, `https` or a bare domain. Anything else
/// (`javascript:`, `data:`, `file:`) is shown as text.
pub fn is_linkable(url: &str) -> bool {
    match split_scheme(url) {
        Some((scheme, _)) => {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        None => {
            !url.contains(':')
                || url
                    .find(':')
                    .is_some_and(|colon| url[..colon].contains(['.', '/']))
        }
    }
}

/// The address to link to for a linkable `url`: bare domains get `https://`.
pub fn href_of(url: &str) -> String {
    if split_scheme(url).is_some() {
        url.to_owned()
    } else {
        format!("https://{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_references_doi_pubmed_or_arxiv_number_is_its_address() {
        let (title, address) = split_work_id(
            "Herxheimer A. Melatonin for jet lag. Cochrane Database Syst Rev. 2002;(2):CD001520. \
             doi:10.1002/14651858.CD001520",
        )
        .unwrap();
        assert_eq!(address.url, "https://doi.org/10.1002/14651858.CD001520");
        assert_eq!(
            title,
            "Herxheimer A. Melatonin for jet lag. Cochrane Database Syst Rev. 2002;(2):CD001520"
        );
        let (title, address) = split_work_id(
            "Arendt J. Melatonin. Front Endocrinol. 2019;10:391. DOI: 10.3389/fendo.2019.00391.",
        )
        .unwrap();
        assert_eq!(address.url, "https://doi.org/10.3389/fendo.2019.00391");
        assert_eq!(title, "Arendt J. Melatonin. Front Endocrinol. 2019;10:391");
        let (title, address) =
            split_work_id("Smith J. Sleep and memory. Nature. 2019. PMID: 31234567.").unwrap();
        assert_eq!(address.url, "https://pubmed.ncbi.nlm.nih.gov/31234567/");
        assert_eq!(title, "Smith J. Sleep and memory. Nature. 2019");
        let (_, address) =
            split_work_id("Vaswani A, et al. Attention is all you need. arXiv:1706.03762v5, 2017.")
                .unwrap();
        assert_eq!(address.url, "https://arxiv.org/abs/1706.03762v5");
        // An author named Doi is no DOI.
        let (_, address) =
            split_work_id("Doi K, Sato T. Sleep. J Sleep Res. 2020. doi:10.1111/jsr.12345")
                .unwrap();
        assert_eq!(address.url, "https://doi.org/10.1111/jsr.12345");
        for text in [
            "A study of doi: no number here.",
            "Doi Inthanon is the highest mountain in Thailand.",
            "doi:11.1000/x",
            "doi:10.12/x",
            "Endoim: 10.1000/x is no DOI's label.",
        ] {
            assert_eq!(split_work_id(text), None, "{text}");
        }
    }

    #[test]
    fn breadcrumb_addresses_are_read_as_truncated_paths() {
        let text = "Aurora - Wikipedia https://en.wikipedia.org › wiki › Aurora";
        let (range, address) = scan_breadcrumb(text).unwrap();
        assert_eq!(&text[range], "https://en.wikipedia.org › wiki › Aurora");
        assert_eq!(address.url, "https://en.wikipedia.org/wiki/Aurora");
        assert!(address.truncated, "the engine shows part of the path");
        let (_, address) = scan_breadcrumb("www.bbc.com › news › ... › science").unwrap();
        assert_eq!(
            address.url, "www.bbc.com/news/science",
            "an elided segment is left out"
        );
        let text = "Aurora\u{a0}nasa.gov › aurora";
        let (range, _) = scan_breadcrumb(text).unwrap();
        assert_eq!(
            &text[range], "nasa.gov › aurora",
            "after a space of two bytes"
        );
        let (range, _) = scan_breadcrumb("nasa.gov › aurora and more words").unwrap();
        assert_eq!(
            range,
            0.."nasa.gov › aurora".len(),
            "the last segment is one word"
        );
        for text in [
            "Home › Products › Shoes",
            "A › B",
            "nasa.gov ›› aurora",
            "nasa.gov›aurora",
            "https://nasa.gov/aur… › x",
            "nasa.gov ›",
        ] {
            assert_eq!(scan_breadcrumb(text), None, "{text}");
        }
    }

    #[test]
    fn invisible_break_characters_are_not_part_of_an_address() {
        let address = scan_address("https://www.ipcc.ch/report/\u{200b}ar6/wg1/").unwrap();
        assert_eq!(address.url, "https://www.ipcc.ch/report/ar6/wg1/");
        let address = scan_address("www.exa\u{ad}mple.org/a\u{2060}b").unwrap();
        assert_eq!(address.url, "www.example.org/ab");
        assert_eq!(scan_address("\u{200b}"), None);
    }

    #[test]
    fn kept_hosts_are_the_hosts_a_parse_finds() {
        // More addresses than are kept, twice over, so that answers are kept, found and
        // dropped; hosts that fail to parse are kept as `None`.
        let hrefs: Vec<String> = (0..40)
            .map(|n| match n % 4 {
                0 => format!("https://www.site{n}.example/a"),
                1 => format!("https://BÜCHER{n}.de/"),
                2 => format!("https://[::{n}]/x"),
                _ => format!("https://bad host{n}/"),
            })
            .collect();
        for _ in 0..2 {
            for href in hrefs.iter().chain(hrefs.iter().rev()) {
                assert_eq!(browser_host(href), parse_browser_host(href), "{href}");
            }
        }
        assert_eq!(browser_host("https://[::1]/x").as_deref(), Some("[::1]"));
        assert_eq!(browser_host("https://bad host/"), None);
    }

    #[test]
    fn a_scheme_is_split_where_the_first_colon_and_two_slashes_are() {
        for url in [
            "https://a.example/x",
            "a.example/x",
            "",
            ":",
            "://",
            "a:b://c",
            "mailto:x@y.z",
            "x:/y://z://w",
            "ж://я",
        ] {
            assert_eq!(split_scheme(url), url.split_once("://"), "{url}");
        }
    }

    #[test]
    fn a_plain_host_is_the_host_a_browser_finds() {
        let plain = [
            "https://example.org",
            "http://en.wikipedia.org/wiki/Baku_(city)",
            "https://a-b.c0.example/x?y=1#z",
            "https://site.example\\path",
            "https://x.y/%zz",
        ];
        for href in plain {
            assert!(plain_host(href).is_some(), "{href}");
            assert_eq!(
                plain_host(href).map(str::to_owned),
                parse_browser_host(href)
            );
        }
        // Each of these a browser reads otherwise, or a plain read cannot tell.
        let other = [
            "https://Example.org/",
            "HTTPS://example.org/",
            "https://xn--bcher-kva.de/",
            "https://1.2.3.4/",
            "https://example.0x7f/",
            "https://example.org./",
            "https://a..b/",
            "https:///example.org",
            "https://user@example.org/",
            "https://example.org:8080/",
            "https://exa mple.org/",
            "https://exa\tmple.org/",
            " https://example.org/",
            "https://example.org\n",
            "https://bücher.de/",
            "ftp://example.org/",
        ];
        for href in other {
            assert_eq!(plain_host(href), None, "{href}");
        }
    }

    #[test]
    fn plain_hosts_agree_with_the_browsers_on_any_text() {
        // Addresses made of the characters that decide a host, so that many are plain and
        // many are near misses: where `plain_host` answers, the WHATWG parse agrees.
        let pieces = [
            "a", "b", "z", "0", "9", "-", ".", "xn--", "A", "@", ":", "/", "\\", "?", "#", "%",
            " ", "\t", "é", "0x", "1",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..20_000 {
            let mut href = String::from(["https://", "http://"][next(2)]);
            for _ in 0..next(12) + 1 {
                href.push_str(pieces[next(pieces.len())]);
            }
            if let Some(host) = plain_host(&href) {
                answered += 1;
                assert_eq!(Some(host.to_owned()), parse_browser_host(&href), "{href:?}");
            }
        }
        assert!(answered > 1_000, "{answered}");
    }

    #[test]
    fn addresses_with_and_without_truncation() {
        let cases = [
            (
                "jamestown.org/program/azerba…",
                Some(("jamestown.org/program/azerba", true)),
            ),
            (
                "https://example.com/a?b=c",
                Some(("https://example.com/a?b=c", false)),
            ),
            (
                "<https://example.com/>",
                Some(("https://example.com/", false)),
            ),
            ("example.com/page.", Some(("example.com/page", false))),
            ("www.example.co.uk...", Some(("www.example.co.uk", true))),
            ("civilnet.a…", Some(("civilnet.a", true))),
            // Punctuation after the ellipsis that cut it: a comma, a glued dash.
            (
                "britannica.com/science/Rayleigh-sc…,",
                Some(("britannica.com/science/Rayleigh-sc", true)),
            ),
            (
                "britannica.com/science/Rayleigh-sc…-",
                Some(("britannica.com/science/Rayleigh-sc", true)),
            ),
            ("e.g.", None),
            ("12.5", None),
            ("hello", None),
            ("javascript:alert(1)", Some(("javascript:alert(1)", false))),
            ("mailto:a@b.org", Some(("mailto:a@b.org", false))),
            (
                "en.wikipedia.org/wiki/Baku_(city).",
                Some(("en.wikipedia.org/wiki/Baku_(city)", false)),
            ),
            ("a.org/x),", Some(("a.org/x", false))),
            ("Note:", None),
            ("10:30", None),
            ("localhost:8080", None),
        ];
        for (token, expected) in cases {
            let got = scan_address(token);
            let got = got.as_ref().map(|a| (a.url.as_str(), a.truncated));
            assert_eq!(got, expected, "{token:?}");
        }
    }

    #[test]
    fn domains_drop_scheme_www_port_and_path() {
        assert_eq!(domain_of("https://www.Example.com:8080/x"), "example.com");
        assert_eq!(
            domain_of("en.wikipedia.org/wiki/Azerba"),
            "en.wikipedia.org"
        );
        assert_eq!(domain_of("http://user@host.org"), "host.org");
        // Issue 12: the site a link opens, as a browser reads it.
        assert_eq!(
            domain_of("https://evil.example\\@nytimes.com/"),
            "evil.example"
        );
        assert_eq!(domain_of("http://[2001:db8::1]:8080/a"), "[2001:db8::1]");
        assert_eq!(domain_of("https://192.168.0.1/x"), "192.168.0.1");
        assert_eq!(domain_of("https://xn--bcher-kva.de/x"), "bücher.de");
        assert_eq!(domain_of("https://Bücher.de/x"), "bücher.de");
        assert_eq!(domain_of("javascript:alert(1)"), "");
    }

    #[test]
    fn only_web_addresses_are_linkable() {
        assert!(is_linkable("https://example.com"));
        assert!(is_linkable("HTTP://example.com"));
        assert!(is_linkable("example.com/a:b"));
        assert!(!is_linkable("javascript:alert(1)"));
        assert!(!is_linkable("JavaScript://%0aalert(1)"));
        assert!(!is_linkable("data:text/html,x"));
        assert!(!is_linkable("file:///etc/passwd"));
    }

    #[test]
    fn a_site_label_is_the_first_label_of_the_domain() {
        assert_eq!(
            site_label("https://www.reuters.com/a").as_deref(),
            Some("reuters")
        );
        assert_eq!(
            site_label("https://www.bbc.co.uk/news").as_deref(),
            Some("bbc")
        );
        assert_eq!(site_label("https://en.wikipedia.org/wiki/X"), None);
        assert_eq!(site_label("not an address"), None);
        assert_eq!(name_as_label("The Guardian"), "theguardian");
    }

    #[test]
    fn a_chip_may_name_a_site_by_any_label_but_its_last() {
        assert_eq!(chip_names("en.wikipedia.org"), ["wikipedia", "enwikipedia"]);
        assert_eq!(chip_names("fsis.usda.gov"), ["fsis", "usda", "fsisusda"]);
        assert_eq!(chip_names("irs.gov"), ["irs"]);
        assert!(chip_names("localhost").is_empty());
        assert!(chip_names("").is_empty());
    }
}
