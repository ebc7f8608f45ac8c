//! All briefings together: the site's settings, slug collisions, and the order of the index.
//!
//! Only sorted collections leave this module (a hash map only gathers the cited domains, and
//! is sorted before it is returned), so nothing about the site depends on the order in which
//! files were read or parsed.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, DiagnosticRecord};
use crate::links::LinkBook;
use crate::model::{Briefing, Claim};
use crate::publishers::Publishers;

/// `site.toml`: the settings of a site. Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page header.
    pub title: String,
    /// The address the site is published at, for absolute links in feeds and sitemaps.
    pub base_url: Option<String>,
    /// The language of the pages (`lang` attribute).
    pub language: String,
    /// One line about the site, shown on the index.
    pub description: Option<String>,
    /// Whether the site has a `static/extra.css`, loaded after the built-in stylesheet: a
    /// site's own rules without replacing the whole style. Found, never set in `site.toml`.
    #[serde(skip_deserializing)]
    pub extra_css: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefings".to_owned(),
            base_url: None,
            language: "en".to_owned(),
            description: None,
            extra_css: false,
        }
    }
}

impl SiteConfig {
    /// Read `site.toml`'s text. A `base_url` must be a full `http(s)://` address: without its
    /// scheme every absolute link in the feed and sitemap would be broken.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let mut config: SiteConfig =
            toml::from_str(text).map_err(|error| error.message().trim().to_owned())?;
        config.base_url = config
            .base_url
            .as_deref()
            .map(Self::checked_base_url)
            .transpose()?;
        Ok(config)
    }

    /// A base address as given, when it is a full `http(s)://` address; otherwise what to
    /// write instead.
    pub fn checked_base_url(base: &str) -> Result<String, String> {
        let lower = base.to_ascii_lowercase();
        let host = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .unwrap_or("");
        if host.trim_matches('/').is_empty() {
            return Err(format!(
                "base_url `{base}` is not a full address; write it with its scheme, e.g. base_url = \"https://{}\"",
                base.trim_start_matches("//")
            ));
        }
        Ok(base.to_owned())
    }

    /// Where the site's root is for a page served at any address (the 404 page): the base
    /// address, or without one the root of the host (`/`), which `serve` uses.
    pub fn root_for_any_address(&self) -> String {
        match &self.base_url {
            Some(base) => format!("{}/", base.trim_end_matches('/')),
            None => "/".to_owned(),
        }
    }
}

/// One briefing of the site, with what the site needs to show it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The claim model.
    pub briefing: Briefing,
    /// Its diagnostics, located in its own text, for its `briefing.json`.
    pub diagnostics: Vec<DiagnosticRecord>,
    /// The snapshot's path relative to the site root.
    pub path: PathBuf,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Its settings.
    pub config: SiteConfig,
    /// Every briefing, sorted by slug.
    pub entries: Vec<Entry>,
    /// What `briefing links` found at the sources' addresses (`links.toml`).
    pub links: LinkBook,
    /// Who publishes at which domain (`sources.toml`).
    pub publishers: Publishers,
}

impl Site {
    /// Gather `entries` into a site: sorted by slug, with an error for every slug that two
    /// files share (reported on each file after the first, by path).
    pub fn new(config: SiteConfig, mut entries: Vec<Entry>) -> (Site, Vec<(PathBuf, Diagnostic)>) {
        // Sorted and deduplicated in place: a site of 50,000 briefings is a few hundred MiB of
        // models, and a second collection of them would double that for a moment.
        entries
            .sort_unstable_by(|a, b| (&a.briefing.slug, &a.path).cmp(&(&b.briefing.slug, &b.path)));
        let mut problems = Vec::new();
        entries.dedup_by(|later, first| {
            let shared = later.briefing.slug == first.briefing.slug;
            if shared {
                problems.push((
                    later.path.clone(),
                    Diagnostic::error(
                        0..0,
                        format!(
                            "slug `{}` is also the slug of {}",
                            first.briefing.slug,
                            first.path.display()
                        ),
                    )
                    .with_help("rename one of the files; slugs come from file names"),
                ));
            }
            shared
        });
        (
            Site {
                config,
                entries,
                links: LinkBook::default(),
                publishers: Publishers::default(),
            },
            problems,
        )
    }

    /// Captures of the same query (or the same `series`), oldest first: for each briefing in a
    /// timeline of two or more, the one before it and the one after it.
    pub fn timelines(&self) -> BTreeMap<&str, Neighbours<'_>> {
        let mut groups: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for entry in &self.entries {
            if let Some(key) = timeline_key(&entry.briefing) {
                groups.entry(key).or_default().push(entry);
            }
        }
        let mut neighbours = BTreeMap::new();
        for mut group in groups.into_values().filter(|group| group.len() > 1) {
            in_timeline_order(&mut group);
            for (i, entry) in group.iter().enumerate() {
                neighbours.insert(
                    entry.briefing.slug.as_str(),
                    Neighbours {
                        previous: i.checked_sub(1).map(|j| group[j]),
                        next: group.get(i + 1).copied(),
                    },
                );
            }
        }
        neighbours
    }

    /// Every cited source domain with the claims that cite it, across briefings, by domain
    /// (briefings by slug, claims in document order). Sources without a web address are left
    /// out.
    pub fn domains(&self) -> BTreeMap<String, Vec<DomainCitation<'_>>> {
        // Gathered by hash (ahash: every citation looks its domain up, and SipHash was a
        // fiftieth of a rebuild), then sorted once: a site cites thousands of domains.
        let mut domains: HashMap<&str, Vec<DomainCitation>, ahash::RandomState> =
            HashMap::default();
        for entry in &self.entries {
            let briefing = &entry.briefing;
            for source in &briefing.sources {
                if domain_path(&source.domain).is_some() {
                    domains.entry(&*source.domain).or_default();
                }
            }
            for claim in briefing.claims() {
                for number in &claim.citations {
                    let Some(source) = briefing.source(*number) else {
                        continue;
                    };
                    // Every linked domain has its list from the loop above.
                    let Some(citations) = domains.get_mut(&*source.domain) else {
                        continue;
                    };
                    // A claim's citations of one domain are gathered while that claim is
                    // read, so only the last entry can be this claim's.
                    if !citations
                        .last()
                        .is_some_and(|last| std::ptr::eq(last.claim, claim))
                    {
                        citations.push(DomainCitation { entry, claim });
                    }
                }
            }
        }
        domains
            .into_iter()
            .map(|(domain, mut citations)| {
                // Held while every page renders: without the room left by growing.
                citations.shrink_to_fit();
                (domain.to_owned(), citations)
            })
            .collect()
    }

    /// Every tag with its briefings, in the order of `newest_first` (the site's
    /// [`Site::newest_first`]), and its name as the newest briefing that names it writes it.
    pub fn tags<'a>(newest_first: &[&'a Entry]) -> BTreeMap<&'a str, Tagged<'a>> {
        let mut tags: BTreeMap<&str, Tagged> = BTreeMap::new();
        for &entry in newest_first {
            let briefing = &entry.briefing;
            for tag in &briefing.tags {
                let tagged = tags.entry(tag.as_str()).or_insert_with(|| Tagged {
                    name: None,
                    entries: Vec::new(),
                });
                tagged.entries.push(entry);
                if tagged.name.is_none() {
                    tagged.name = briefing.tag_names.get(tag).map(String::as_str);
                }
            }
        }
        tags
    }

    /// The briefings in index order: newest capture first, undated last, then by slug.
    pub fn newest_first(&self) -> Vec<&Entry> {
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by(|a, b| {
            let (a, b) = (&a.briefing, &b.briefing);
            b.captured
                .date
                .is_some()
                .cmp(&a.captured.date.is_some())
                .then_with(|| b.captured.date.cmp(&a.captured.date))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        entries
    }
}

/// A tag's briefings ([`Site::tags`]).
#[derive(Debug, Clone)]
pub struct Tagged<'a> {
    /// How the tag is shown, where a briefing writes it otherwise than its slug: named once
    /// here, where every page of the tag looked through all its briefings for it, which made
    /// a site's tag pages cost the square of its size.
    pub name: Option<&'a str>,
    /// Its briefings, newest first.
    pub entries: Vec<&'a Entry>,
}

/// A claim that cites a domain. Two references and nothing else: a site holds one for every
/// citation of every briefing while its source pages are made.
#[derive(Debug, Clone)]
pub struct DomainCitation<'a> {
    /// The briefing the claim is in.
    pub entry: &'a Entry,
    /// The claim.
    pub claim: &'a Claim,
}

impl<'a> DomainCitation<'a> {
    /// The numbers of the claim's sources at `domain` (the domain it is listed under), in the
    /// order the claim cites them.
    pub fn numbers(&self, domain: &'a str) -> impl Iterator<Item = u32> + 'a {
        let briefing = &self.entry.briefing;
        self.claim.citations.iter().copied().filter(move |number| {
            briefing
                .source(*number)
                .is_some_and(|source| *source.domain == *domain)
        })
    }
}

/// The folder name of a domain's page under `sources/`: the domain in ASCII (an
/// internationalised one, `bücher.de`, in the form browsers send, `xn--bcher-kva.de`), when
/// that is made only of `[a-z0-9.-]` and does not start with a dot; `None` otherwise (no page,
/// no link). Without the ASCII form, a site with letters outside ASCII had no page and was
/// missing from the sources index.
pub fn domain_path(domain: &str) -> Option<std::borrow::Cow<'_, str>> {
    let path = if domain.is_ascii() {
        std::borrow::Cow::Borrowed(domain)
    } else {
        std::borrow::Cow::Owned(idna::domain_to_ascii(domain).ok()?)
    };
    let safe = !path.is_empty()
        && !path.starts_with('.')
        && crate::find::find_marker(&path, "..").is_none()
        && path
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    safe.then_some(path)
}

/// Captures of one timeline put in its order: oldest first, undated last, by slug where
/// dates are the same.
fn in_timeline_order(group: &mut [&Entry]) {
    group.sort_by(|a, b| {
        let (a, b) = (&a.briefing, &b.briefing);
        (a.captured.date.is_none(), &a.captured.date, &a.slug).cmp(&(
            b.captured.date.is_none(),
            &b.captured.date,
            &b.slug,
        ))
    });
}

/// The captures before and after `entry` in a timeline of it and `others` (the other
/// briefings with its [`timeline_key`]), as [`Site::timelines`] finds them; `None` when there
/// are no others.
pub fn neighbours_among<'a>(entry: &'a Entry, others: &[&'a Entry]) -> Option<Neighbours<'a>> {
    let mut group = others.to_vec();
    group.push(entry);
    in_timeline_order(&mut group);
    let at = group
        .iter()
        .position(|member| std::ptr::eq(*member, entry))?;
    (group.len() > 1).then(|| Neighbours {
        previous: at.checked_sub(1).map(|before| group[before]),
        next: group.get(at + 1).copied(),
    })
}

/// The captures before and after a briefing in its timeline.
#[derive(Debug, Clone, Copy)]
pub struct Neighbours<'a> {
    /// The earlier capture.
    pub previous: Option<&'a Entry>,
    /// The later capture.
    pub next: Option<&'a Entry>,
}

/// What puts captures in one timeline: the `series` they name, else their query, lowered,
/// with white space collapsed and end punctuation dropped (`Russia and  Azerbaijan?` and
/// `russia and azerbaijan` are one query).
pub fn timeline_key(briefing: &Briefing) -> Option<String> {
    if let Some(series) = &briefing.series {
        return Some(format!("series:{}", series.trim().to_lowercase()));
    }
    let query = briefing.query.as_deref()?;
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let normal = words.join(" ");
    let normal = normal.trim_end_matches(['?', '.', '!']).trim();
    (!normal.is_empty()).then(|| format!("query:{normal}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, path: &str, date: Option<&str>) -> Entry {
        let mut briefing = Briefing::new();
        briefing.slug = slug.to_owned();
        briefing.captured.date = date.and_then(crate::date::Date::parse_iso);
        Entry {
            briefing,
            diagnostics: Vec::new(),
            path: PathBuf::from(path),
        }
    }

    #[test]
    fn every_site_has_a_folder_that_stays_in_sources() {
        assert_eq!(domain_path("example.org").as_deref(), Some("example.org"));
        // An internationalised domain gets its page under the name browsers send.
        assert_eq!(
            domain_path("bücher.de").as_deref(),
            Some("xn--bcher-kva.de")
        );
        assert_eq!(domain_path("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
        for unsafe_name in [
            "",
            ".hidden",
            "a..b",
            "../x",
            "a/b",
            "a b",
            "ex\u{0}mple.org",
        ] {
            assert_eq!(domain_path(unsafe_name), None, "{unsafe_name:?}");
        }
    }

    #[test]
    fn shared_slugs_are_errors_on_the_later_path() {
        let (site, problems) = Site::new(
            SiteConfig::default(),
            vec![
                entry("a", "content/b/../A.txt", None),
                entry("a", "content/a.txt", None),
            ],
        );
        assert_eq!(site.entries.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, PathBuf::from("content/b/../A.txt"));
        assert!(problems[0].1.is_error());
    }

    #[test]
    fn every_later_file_of_a_shared_slug_names_the_first() {
        let (site, problems) = Site::new(
            SiteConfig::default(),
            vec![
                entry("b", "content/z/b.txt", None),
                entry("a", "content/a.txt", None),
                entry("b", "content/b.txt", None),
                entry("b", "content/m/b.txt", None),
            ],
        );
        let slugs: Vec<&str> = site
            .entries
            .iter()
            .map(|e| e.briefing.slug.as_str())
            .collect();
        assert_eq!(slugs, ["a", "b"]);
        assert_eq!(site.entries[1].path, PathBuf::from("content/b.txt"));
        let paths: Vec<&std::path::Path> =
            problems.iter().map(|(path, _)| path.as_path()).collect();
        assert_eq!(
            paths,
            [
                PathBuf::from("content/m/b.txt"),
                PathBuf::from("content/z/b.txt")
            ]
        );
        for (_, problem) in &problems {
            assert!(
                problem.message.contains("content/b.txt"),
                "{}",
                problem.message
            );
        }
    }

    #[test]
    fn index_order_is_newest_first_then_slug() {
        let (site, _) = Site::new(
            SiteConfig::default(),
            vec![
                entry("c", "c", None),
                entry("b", "b", Some("2024-01-01")),
                entry("a", "a", Some("2025-01-01")),
                entry("d", "d", Some("2024-01-01")),
            ],
        );
        let order: Vec<&str> = site
            .newest_first()
            .iter()
            .map(|e| e.briefing.slug.as_str())
            .collect();
        assert_eq!(order, ["a", "b", "d", "c"]);
    }

    #[test]
    fn a_tag_lists_its_briefings_newest_first_named_as_the_newest_naming_one_writes_it() {
        let tagged = |slug: &str, date: &str, names: &[(&str, &str)]| {
            let mut e = entry(slug, slug, Some(date));
            e.briefing.tags = vec!["hvac".to_owned(), "rivers".to_owned()];
            for (tag, name) in names {
                e.briefing
                    .tag_names
                    .insert((*tag).to_owned(), (*name).to_owned());
            }
            e
        };
        let (site, _) = Site::new(
            SiteConfig::default(),
            vec![
                tagged("a", "2023-01-01", &[("hvac", "HVAC (old)")]),
                tagged("b", "2025-01-01", &[]),
                tagged("c", "2024-01-01", &[("hvac", "HVAC")]),
            ],
        );
        let newest_first = site.newest_first();
        let tags = Site::tags(&newest_first);
        let slugs = |tag: &str| -> Vec<&str> {
            tags[tag]
                .entries
                .iter()
                .map(|e| e.briefing.slug.as_str())
                .collect()
        };
        assert_eq!(slugs("hvac"), ["b", "c", "a"]);
        assert_eq!(tags["hvac"].name, Some("HVAC"));
        assert_eq!(tags["rivers"].name, None);
    }

    #[test]
    fn captures_of_one_query_form_a_timeline_oldest_first() {
        let with = |slug: &str, query: &str, date: &str, series: Option<&str>| {
            let mut e = entry(slug, slug, Some(date));
            e.briefing.query = Some(query.to_owned());
            e.briefing.series = series.map(str::to_owned);
            e
        };
        let (site, _) = Site::new(
            SiteConfig::default(),
            vec![
                with("b", "Tides  today?", "2025-02-01", None),
                with("a", "tides today", "2025-01-01", None),
                with("c", "other", "2025-03-01", Some("tides")),
                with("d", "unrelated", "2025-03-01", Some("Tides")),
                with("e", "alone", "2025-03-01", None),
            ],
        );
        let timelines = site.timelines();
        let slug = |e: Option<&Entry>| e.map(|e| e.briefing.slug.clone());
        assert_eq!(slug(timelines["a"].previous), None);
        assert_eq!(slug(timelines["a"].next), Some("b".into()));
        assert_eq!(slug(timelines["b"].previous), Some("a".into()));
        assert_eq!(slug(timelines["d"].previous), Some("c".into()));
        assert!(!timelines.contains_key("e"));
    }

    #[test]
    fn config_rejects_unknown_keys() {
        assert!(SiteConfig::from_toml("titel = \"x\"").is_err());
        let config =
            SiteConfig::from_toml("title = \"Desk\"\nbase_url = \"https://x.org/\"").unwrap();
        assert_eq!(config.title, "Desk");
        assert_eq!(config.language, "en");
    }

    /// Issue 10: a base_url without its scheme is an error with the fix, not silently used.
    #[test]
    fn base_url_must_be_a_full_address() {
        let error = SiteConfig::from_toml("base_url = \"example.org\"").unwrap_err();
        assert!(error.contains("https://example.org"), "{error}");
        assert!(SiteConfig::from_toml("base_url = \"https://\"").is_err());
        assert!(SiteConfig::from_toml("base_url = \"http://example.org/briefs/\"").is_ok());
    }
}
