//! What the Atom feed and the sitemap show, with absolute addresses under `base_url` when the
//! site sets one (and site-relative ones otherwise). The XML itself comes from the templates
//! `atom.xml` and `sitemap.xml`, which a site can replace like the others.

use serde::Serialize;

use crate::date::Date;
use crate::site::{Entry, Site, SiteConfig};

/// The address of a site path (`slug/`), absolute under `base_url` when there is one.
pub fn site_url(config: &SiteConfig, path: &str) -> String {
    match &config.base_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => path.to_owned(),
    }
}

/// A capture date as an Atom timestamp; undated briefings get the epoch, never the clock.
fn timestamp(date: Option<Date>) -> String {
    date.map_or_else(
        || "1970-01-01T00:00:00Z".to_owned(),
        |date| date.start_of_day(),
    )
}

/// What `atom.xml` shows: the feed, then one entry per briefing, newest capture first. The
/// template (`templates/atom.xml`, which a site can replace) escapes every value.
#[derive(Debug, Serialize)]
pub struct FeedView<'a> {
    title: &'a str,
    id: String,
    home: String,
    self_url: String,
    updated: String,
    subtitle: Option<&'a str>,
    entries: Vec<FeedEntry<'a>>,
}

/// One briefing in the feed.
#[derive(Debug, Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    id: String,
    url: String,
    updated: String,
    author: &'a str,
    tags: &'a [String],
    summary: String,
}

/// How many briefings the feed lists: the newest, as feeds do, so that its size does not grow
/// with the site.
const FEED_ENTRIES: usize = 50;

/// The feed of `site`, whose briefings newest first are `newest_first`.
pub fn feed<'a>(site: &'a Site, newest_first: &[&'a Entry]) -> FeedView<'a> {
    let config = &site.config;
    let entries = &newest_first[..newest_first.len().min(FEED_ENTRIES)];
    let home = site_url(config, "");
    FeedView {
        title: &config.title,
        id: if home.is_empty() {
            "urn:briefing:site".to_owned()
        } else {
            home.clone()
        },
        home: if home.is_empty() {
            "./".to_owned()
        } else {
            home
        },
        self_url: site_url(config, "atom.xml"),
        updated: timestamp(
            entries
                .first()
                .and_then(|entry| entry.briefing.captured.date),
        ),
        subtitle: config.description.as_deref(),
        entries: entries
            .iter()
            .map(|entry| {
                let briefing = &entry.briefing;
                let url = site_url(config, &format!("{}/", briefing.slug));
                let summary: Vec<&str> = briefing
                    .claims()
                    .take(3)
                    .map(|claim| &*claim.text)
                    .collect();
                FeedEntry {
                    title: briefing.title.as_deref().unwrap_or(&briefing.slug),
                    id: if config.base_url.is_some() {
                        url.clone()
                    } else {
                        format!("urn:briefing:{}", briefing.slug)
                    },
                    url,
                    updated: timestamp(briefing.captured.date),
                    author: briefing.captured.author.as_deref().unwrap_or(&config.title),
                    tags: &briefing.tags,
                    summary: summary.join(" "),
                }
            })
            .collect(),
    }
}

/// The addresses `sitemap.xml` lists: every HTML page of the site, by its folder address.
pub fn sitemap_locations(config: &SiteConfig, pages: &[impl AsRef<str>]) -> Vec<String> {
    pages
        .iter()
        .map(AsRef::as_ref)
        .map(|page| site_url(config, page.strip_suffix("index.html").unwrap_or(page)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_absolute_under_base_url() {
        let mut config = SiteConfig::default();
        assert_eq!(site_url(&config, "a/"), "a/");
        config.base_url = Some("https://example.org/briefs/".into());
        assert_eq!(site_url(&config, "a/"), "https://example.org/briefs/a/");
        let locations = sitemap_locations(&config, &["index.html", "a/index.html", "404.html"]);
        assert_eq!(
            locations,
            [
                "https://example.org/briefs/",
                "https://example.org/briefs/a/",
                "https://example.org/briefs/404.html"
            ]
        );
    }
}
