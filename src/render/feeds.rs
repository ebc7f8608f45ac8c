//! The Atom feed and the sitemap: XML built from escaped text, with absolute addresses under
//! `base_url` when the site sets one (and site-relative ones otherwise).

use std::fmt::Write as _;

use crate::parse::claims::html::escape;
use crate::site::{Site, SiteConfig};

/// The address of a site path (`slug/`), absolute under `base_url` when there is one.
pub fn site_url(config: &SiteConfig, path: &str) -> String {
    match &config.base_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => path.to_owned(),
    }
}

/// A capture date as an Atom timestamp; undated briefings get the epoch, never the clock.
fn timestamp(date: Option<&str>) -> String {
    format!("{}T00:00:00Z", date.unwrap_or("1970-01-01"))
}

/// `atom.xml`: one entry per briefing, newest capture first.
pub fn atom(site: &Site) -> String {
    let config = &site.config;
    let entries = site.newest_first();
    let updated = timestamp(
        entries
            .first()
            .and_then(|entry| entry.briefing.captured.date.as_deref()),
    );
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(xml, "  <title>{}</title>", escape(&config.title));
    let home = site_url(config, "");
    let _ = writeln!(
        xml,
        "  <id>{}</id>",
        escape(if home.is_empty() {
            "urn:briefing:site"
        } else {
            &home
        })
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" href=\"{}\"/>",
        escape(if home.is_empty() { "./" } else { &home })
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape(&site_url(config, "atom.xml"))
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    if let Some(description) = &config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape(description));
    }
    let _ = writeln!(xml, "  <generator>briefing</generator>");
    for entry in entries {
        let briefing = &entry.briefing;
        let url = site_url(config, &format!("{}/", briefing.slug));
        let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
        let author = briefing.captured.author.as_deref().unwrap_or(&config.title);
        let summary: Vec<&str> = briefing
            .claims()
            .take(3)
            .map(|claim| claim.text.as_str())
            .collect();
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape(title));
        let _ = writeln!(
            xml,
            "    <id>{}</id>",
            escape(&if config.base_url.is_some() {
                url.clone()
            } else {
                format!("urn:briefing:{}", briefing.slug)
            })
        );
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" href=\"{}\"/>",
            escape(&url)
        );
        let _ = writeln!(
            xml,
            "    <updated>{}</updated>",
            timestamp(briefing.captured.date.as_deref())
        );
        let _ = writeln!(xml, "    <author><name>{}</name></author>", escape(author));
        for tag in &briefing.tags {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(tag));
        }
        let _ = writeln!(xml, "    <summary>{}</summary>", escape(&summary.join(" ")));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml`: every HTML page of the site, by its folder address.
pub fn sitemap(config: &SiteConfig, pages: &[String]) -> String {
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages {
        let path = page.strip_suffix("index.html").unwrap_or(page);
        let _ = writeln!(
            xml,
            "  <url><loc>{}</loc></url>",
            escape(&site_url(config, path))
        );
    }
    xml.push_str("</urlset>\n");
    xml
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
        let xml = sitemap(
            &config,
            &[
                "index.html".into(),
                "a/index.html".into(),
                "404.html".into(),
            ],
        );
        assert!(xml.contains("<loc>https://example.org/briefs/</loc>"));
        assert!(xml.contains("<loc>https://example.org/briefs/a/</loc>"));
    }
}
