//! Rendering: the site's pages through Tera.
//!
//! The built-in templates are the files in `templates/`, embedded in the binary; a site's own
//! `templates/` replace them file by file. Pages get small view models built here, so that
//! templates only loop and print: every citation already knows its source and every source
//! the claims that cite it. All snapshot text reaches the HTML through Tera's autoescape.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diff::{diff_briefings, BriefingDiff};
use crate::error::{Error, Result};
use crate::model::{Briefing, Claim, Source};
use crate::parse::cite::{href_of, is_linkable};
use crate::parse::claims::escape;
use crate::site::{domain_path, DomainCitation, Entry, Neighbours, Site, SiteConfig};

mod feeds;
mod search;
mod structured;

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "briefing.html",
        include_str!("../../templates/briefing.html"),
    ),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// The built-in static assets, by path in the output.
pub const BUILTIN_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    // elasticlunr.js 0.9.5 (MIT), the client of the index elasticlunr-rs builds.
    (
        "elasticlunr.min.js",
        include_bytes!("../../static/elasticlunr.min.js"),
    ),
];

/// One file of the output: its path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated path.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Renders pages with one shared, read-only Tera instance.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Load the built-in templates, with the site's own (`name → text`) in their place where
    /// given.
    pub fn new(site_templates: &BTreeMap<String, String>) -> Result<Self> {
        let mut templates: BTreeMap<&str, &str> = BUILTIN_TEMPLATES.iter().copied().collect();
        for (name, text) in site_templates {
            templates.insert(name, text);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates)
            .map_err(|source| Error::Template {
                name: template_name(&source),
                source,
            })?;
        Ok(Renderer { tera })
    }

    /// Every page, feed and asset of `site`, sorted by path. Site assets replace the
    /// built-in ones of the same name.
    pub fn render_site(
        &self,
        site: &Site,
        assets: &BTreeMap<String, Vec<u8>>,
    ) -> Result<Vec<OutputFile>> {
        let timelines = site.timelines();
        let mut files: Vec<OutputFile> = site
            .entries
            .par_iter()
            .map(|entry| {
                let history = timelines
                    .get(entry.briefing.slug.as_str())
                    .map(|neighbours| HistoryView::new(entry, neighbours));
                self.render_entry(&site.config, entry, history)
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        files.push(self.render_index(site)?);
        files.extend(self.render_browse_pages(site)?);
        files.push(text_file("atom.xml", feeds::atom(site)));
        files.push(text_file("search-index.js", search::search_index_js(site)));
        let pages: Vec<String> = files
            .iter()
            .map(|file| file.path.to_string_lossy().replace('\\', "/"))
            .filter(|path| path.ends_with("index.html"))
            .collect();
        files.push(text_file(
            "sitemap.xml",
            feeds::sitemap(&site.config, &pages),
        ));
        let mut all_assets: BTreeMap<&str, &[u8]> = BUILTIN_ASSETS.iter().copied().collect();
        for (name, bytes) in assets {
            all_assets.insert(name, bytes);
        }
        files.extend(all_assets.into_iter().map(|(name, bytes)| OutputFile {
            path: PathBuf::from(name),
            bytes: bytes.to_vec(),
        }));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn render_entry(
        &self,
        config: &SiteConfig,
        entry: &Entry,
        history: Option<HistoryView>,
    ) -> Result<Vec<OutputFile>> {
        let slug = &entry.briefing.slug;
        let root = root_prefix(slug);
        let mut page = BriefingPage::new(&entry.briefing);
        page.history = history;
        page.json_ld = structured::json_ld(&entry.briefing, config);
        if config.base_url.is_some() {
            page.url = Some(feeds::site_url(config, &format!("{slug}/")));
        }
        let mut context = Context::new();
        context.insert("site", config);
        context.insert("root", &root);
        context.insert("page", &page);
        let html = self.render("briefing.html", &context)?;
        Ok(vec![
            OutputFile {
                path: PathBuf::from(format!("{slug}/index.html")),
                bytes: html.into_bytes(),
            },
            OutputFile {
                path: PathBuf::from(format!("{slug}/briefing.json")),
                bytes: entry.json.clone().into_bytes(),
            },
        ])
    }

    fn render_index(&self, site: &Site) -> Result<OutputFile> {
        let briefings: Vec<IndexItem> = site
            .newest_first()
            .into_iter()
            .map(IndexItem::new)
            .collect();
        let mut context = Context::new();
        context.insert("site", &site.config);
        context.insert("root", "");
        context.insert("briefings", &briefings);
        let html = self.render("index.html", &context)?;
        Ok(OutputFile {
            path: PathBuf::from("index.html"),
            bytes: html.into_bytes(),
        })
    }

    /// The pages for browsing across briefings: sources by domain, tags, and the 404 page.
    fn render_browse_pages(&self, site: &Site) -> Result<Vec<OutputFile>> {
        let config = &site.config;
        let mut files = Vec::new();
        let domains = site.domains();
        let rows: Vec<DomainRow> = domains
            .iter()
            .filter_map(|(domain, citations)| {
                let path = domain_path(domain)?;
                let mut briefings: Vec<&str> = citations
                    .iter()
                    .map(|c| c.entry.briefing.slug.as_str())
                    .collect();
                briefings.dedup();
                Some(DomainRow {
                    domain: domain.clone(),
                    href: format!("sources/{path}/index.html"),
                    claims: citations.len(),
                    briefings: briefings.len(),
                })
            })
            .collect();
        let mut context = self.context(config, "../");
        context.insert("domains", &rows);
        files.push(self.page("sources/index.html", "sources.html", &context)?);
        for (domain, citations) in &domains {
            let Some(path) = domain_path(domain) else {
                continue;
            };
            let mut context = self.context(config, "../../");
            context.insert("page", &DomainPage::new(domain, citations));
            files.push(self.page(
                &format!("sources/{path}/index.html"),
                "source.html",
                &context,
            )?);
        }
        let tags = site.tags();
        let rows: Vec<TagRow> = tags
            .iter()
            .map(|(tag, entries)| TagRow {
                tag: tag.to_string(),
                href: format!("tags/{tag}/index.html"),
                count: entries.len(),
            })
            .collect();
        let mut context = self.context(config, "../");
        context.insert("tags", &rows);
        files.push(self.page("tags/index.html", "tags.html", &context)?);
        for (tag, entries) in &tags {
            let briefings: Vec<IndexItem> =
                entries.iter().map(|entry| IndexItem::new(entry)).collect();
            let mut context = self.context(config, "../../");
            context.insert("tag", tag);
            context.insert("briefings", &briefings);
            files.push(self.page(&format!("tags/{tag}/index.html"), "tag.html", &context)?);
        }
        // The 404 page is served at any address: its links are absolute under base_url.
        let not_found_root = config.base_url.as_ref().map_or_else(String::new, |base| {
            format!("{}/", base.trim_end_matches('/'))
        });
        let context = self.context(config, &not_found_root);
        files.push(self.page("404.html", "404.html", &context)?);
        Ok(files)
    }

    fn context(&self, config: &SiteConfig, root: &str) -> Context {
        let mut context = Context::new();
        context.insert("site", config);
        context.insert("root", root);
        context
    }

    fn page(&self, path: &str, template: &str, context: &Context) -> Result<OutputFile> {
        Ok(text_file(path, self.render(template, context)?))
    }

    fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|source| Error::Template {
                name: name.to_owned(),
                source,
            })
    }
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        bytes: text.into_bytes(),
    }
}

/// A row of the sources index.
#[derive(Debug, Serialize)]
struct DomainRow {
    domain: String,
    href: String,
    claims: usize,
    briefings: usize,
}

/// A domain's page: the claims that cite it, grouped by briefing.
#[derive(Debug, Serialize)]
struct DomainPage {
    domain: String,
    claims: usize,
    groups: Vec<DomainGroup>,
}

#[derive(Debug, Serialize)]
struct DomainGroup {
    title: String,
    /// The capture date, which tells two captures of one query apart.
    date_display: Option<String>,
    href: String,
    claims: Vec<DomainClaim>,
}

#[derive(Debug, Serialize)]
struct DomainClaim {
    href: String,
    label: Option<String>,
    text: String,
    /// The cited numbers, as `[1] [3]`.
    numbers: String,
}

impl DomainPage {
    fn new(domain: &str, citations: &[DomainCitation]) -> Self {
        let mut groups: Vec<DomainGroup> = Vec::new();
        for citation in citations {
            let briefing = &citation.entry.briefing;
            let href = format!("{}/index.html", briefing.slug);
            if groups.last().is_none_or(|group| group.href != href) {
                groups.push(DomainGroup {
                    title: briefing
                        .title
                        .clone()
                        .unwrap_or_else(|| briefing.slug.clone()),
                    date_display: briefing.captured.date.as_deref().map(display_date),
                    href: href.clone(),
                    claims: Vec::new(),
                });
            }
            if let Some(group) = groups.last_mut() {
                group.claims.push(DomainClaim {
                    href: format!("{href}#claim-{}", citation.claim.id),
                    label: citation.claim.label.clone(),
                    text: citation.claim.text.clone(),
                    numbers: citation
                        .numbers
                        .iter()
                        .map(|n| format!("[{n}]"))
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
        }
        DomainPage {
            domain: domain.to_owned(),
            claims: citations.len(),
            groups,
        }
    }
}

/// A row of the tags index.
#[derive(Debug, Serialize)]
struct TagRow {
    tag: String,
    href: String,
    count: usize,
}

/// The name of the template a Tera error is about, as far as its message says.
fn template_name(error: &tera::Error) -> String {
    let message = error.to_string();
    message
        .split('\'')
        .nth(1)
        .map_or_else(|| "templates".to_owned(), str::to_owned)
}

/// `../` once per folder level of a page at `<slug>/index.html`, so links work from disk.
fn root_prefix(slug: &str) -> String {
    "../".repeat(slug.split('/').count())
}

/// Escape text for HTML text and quoted attributes. Unlike Tera's default it leaves `/`
/// alone, so addresses stay readable in the source and in review diffs.
fn escape_html(input: &str) -> String {
    escape(input)
}

/// `2025-11-04` → `4 November 2025`; anything else as it is.
fn display_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
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
    let parts: Vec<&str> = date.split('-').collect();
    if let [year, month, day] = parts[..] {
        if let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) {
            if (1..=12).contains(&month) {
                return format!("{day} {} {year}", MONTHS[month - 1]);
            }
        }
    }
    date.to_owned()
}

/// The address a source links to: the full address, or for a truncated one its site's home
/// page, so a cut-off address is never passed off as complete. `None`: not a web address.
fn source_href(source: &Source) -> Option<String> {
    if !is_linkable(&source.url) || source.domain.is_empty() {
        return None;
    }
    Some(if source.truncated {
        format!("https://{}/", source.domain)
    } else {
        href_of(&source.url)
    })
}

/// Split an address after its host: `a.org/x/y` → (`a.org`, `/x/y`).
fn split_host(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    url.split_at(end)
}

/// How a claim is named in a source's backlink: its label, or its first words.
fn claim_name(claim: &Claim) -> String {
    if let Some(label) = &claim.label {
        return label.clone();
    }
    let words: Vec<&str> = claim.text.split_whitespace().collect();
    if words.len() <= 6 {
        words.join(" ")
    } else {
        format!("{}…", words[..6].join(" "))
    }
}

/// The briefing page's view model.
#[derive(Debug, Serialize)]
struct BriefingPage<'a> {
    slug: &'a str,
    title: String,
    query: Option<&'a str>,
    engine: Option<&'a str>,
    origin_url: Option<&'a str>,
    origin_truncated: bool,
    author: Option<&'a str>,
    handle: Option<&'a str>,
    date: Option<&'a str>,
    date_display: Option<String>,
    tags: &'a [String],
    summary: Vec<ClaimView<'a>>,
    sections: Vec<SectionView<'a>>,
    disclaimer: Option<&'a str>,
    sources: Vec<SourceView<'a>>,
    claim_count: usize,
    uncited_count: usize,
    /// Links to earlier and later captures of the same query, and what changed.
    history: Option<HistoryView>,
    /// schema.org JSON-LD, escaped for a script element.
    json_ld: String,
    /// The page's absolute address, when the site has a base_url.
    url: Option<String>,
    /// The first claim, for `description` and Open Graph.
    description: Option<String>,
}

/// The capture-history block of a briefing page.
#[derive(Debug, Serialize)]
struct HistoryView {
    previous: Option<CaptureLink>,
    next: Option<CaptureLink>,
    /// What changed since the previous capture.
    changes: Option<ChangesView>,
}

#[derive(Debug, Serialize)]
struct CaptureLink {
    /// Relative to the site root.
    href: String,
    title: String,
    date_display: String,
}

#[derive(Debug, Serialize)]
struct ChangesView {
    summary: String,
    lines: Vec<ChangeLine>,
}

#[derive(Debug, Serialize)]
struct ChangeLine {
    /// `added`, `removed`, `changed`, `moved` or `source`.
    kind: &'static str,
    text: String,
}

impl HistoryView {
    fn new(entry: &Entry, neighbours: &Neighbours) -> Self {
        let link = |other: &Entry| CaptureLink {
            href: format!("{}/index.html", other.briefing.slug),
            title: other
                .briefing
                .title
                .clone()
                .unwrap_or_else(|| other.briefing.slug.clone()),
            date_display: other
                .briefing
                .captured
                .date
                .as_deref()
                .map_or_else(|| "undated".to_owned(), display_date),
        };
        let changes = neighbours.previous.map(|previous| {
            let diff = diff_briefings(&previous.briefing, &entry.briefing);
            ChangesView {
                summary: diff.summary(),
                lines: change_lines(&diff),
            }
        });
        HistoryView {
            previous: neighbours.previous.map(link),
            next: neighbours.next.map(link),
            changes,
        }
    }
}

/// One line per change, for the compact block on a briefing page.
fn change_lines(diff: &BriefingDiff) -> Vec<ChangeLine> {
    let name = |label: &Option<String>, text: &str| match label {
        Some(label) => label.clone(),
        None => shorten(text),
    };
    let line = |kind, text| ChangeLine { kind, text };
    let mut lines = Vec::new();
    for claim in &diff.claims_added {
        lines.push(line(
            "added",
            format!("Added: {}", name(&claim.label, &claim.text)),
        ));
    }
    for claim in &diff.claims_removed {
        lines.push(line(
            "removed",
            format!("Removed: {}", name(&claim.label, &claim.text)),
        ));
    }
    for change in &diff.claims_changed {
        lines.push(line(
            "changed",
            format!("Changed: {}", shorten(&change.new_text)),
        ));
    }
    for moved in &diff.claims_moved {
        let to = moved.to.as_deref().unwrap_or("the summary");
        lines.push(line("moved", format!("Moved to {to}: {}", moved.id)));
    }
    for source in &diff.sources_added {
        lines.push(line(
            "source",
            format!("Source [{}] added: {}", source.number, source.url),
        ));
    }
    for source in &diff.sources_removed {
        lines.push(line(
            "source",
            format!("Source [{}] removed: {}", source.number, source.url),
        ));
    }
    for source in &diff.sources_readdressed {
        lines.push(line(
            "source",
            format!("Source [{}] now {}", source.number, source.new_url),
        ));
    }
    lines
}

/// The first words of a text, for a one-line mention.
fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 10 {
        words.join(" ")
    } else {
        format!("{}…", words[..10].join(" "))
    }
}

#[derive(Debug, Serialize)]
struct SectionView<'a> {
    id: &'a str,
    heading: &'a str,
    claims: Vec<ClaimView<'a>>,
}

#[derive(Debug, Serialize)]
struct ClaimView<'a> {
    id: &'a str,
    label: Option<&'a str>,
    text: &'a str,
    /// Safe HTML of styled text, built from escaped text by the parser.
    html: Option<&'a str>,
    citations: Vec<CitationView<'a>>,
}

/// One citation in a claim, with what its preview shows.
#[derive(Debug, Serialize)]
struct CitationView<'a> {
    number: u32,
    /// Whether the source exists (a parse error otherwise, but render what there is).
    known: bool,
    domain: &'a str,
    url: &'a str,
    title: Option<&'a str>,
    truncated: bool,
}

#[derive(Debug, Serialize)]
struct SourceView<'a> {
    number: u32,
    /// The domain's page under `sources/`, relative to the site root.
    domain_href: Option<String>,
    url: &'a str,
    /// For a truncated address: the part up to the end of the host, which is what the link
    /// covers, and the cut-off rest, shown as plain text.
    url_host: &'a str,
    url_rest: &'a str,
    domain: &'a str,
    title: Option<&'a str>,
    truncated: bool,
    href: Option<String>,
    backlinks: Vec<Backlink>,
}

#[derive(Debug, Serialize)]
struct Backlink {
    id: String,
    name: String,
}

impl<'a> BriefingPage<'a> {
    fn new(briefing: &'a Briefing) -> Self {
        let mut backlinks: BTreeMap<u32, Vec<Backlink>> = BTreeMap::new();
        for claim in briefing.claims() {
            for &number in &claim.citations {
                backlinks.entry(number).or_default().push(Backlink {
                    id: claim.id.clone(),
                    name: claim_name(claim),
                });
            }
        }
        let claim_view = |claim: &'a Claim| ClaimView {
            id: &claim.id,
            label: claim.label.as_deref(),
            text: &claim.text,
            html: claim.html.as_deref(),
            citations: claim
                .citations
                .iter()
                .map(|&number| match briefing.source(number) {
                    Some(source) => CitationView {
                        number,
                        known: true,
                        domain: &source.domain,
                        url: &source.url,
                        title: source.title.as_deref(),
                        truncated: source.truncated,
                    },
                    None => CitationView {
                        number,
                        known: false,
                        domain: "",
                        url: "",
                        title: None,
                        truncated: false,
                    },
                })
                .collect(),
        };
        BriefingPage {
            slug: &briefing.slug,
            title: briefing
                .title
                .clone()
                .unwrap_or_else(|| briefing.slug.clone()),
            query: briefing.query.as_deref(),
            engine: briefing.origin.engine.as_deref(),
            origin_url: briefing.origin.url.as_deref(),
            origin_truncated: briefing.origin.truncated,
            author: briefing.captured.author.as_deref(),
            handle: briefing.captured.handle.as_deref(),
            date: briefing.captured.date.as_deref(),
            date_display: briefing.captured.date.as_deref().map(display_date),
            tags: &briefing.tags,
            summary: briefing.summary.iter().map(claim_view).collect(),
            sections: briefing
                .sections
                .iter()
                .map(|section| SectionView {
                    id: &section.id,
                    heading: &section.heading,
                    claims: section.claims.iter().map(claim_view).collect(),
                })
                .collect(),
            disclaimer: briefing.disclaimer.as_deref(),
            sources: briefing
                .sources
                .iter()
                .map(|source| SourceView {
                    number: source.number,
                    domain_href: domain_path(&source.domain)
                        .map(|path| format!("sources/{path}/index.html")),
                    url: &source.url,
                    url_host: split_host(&source.url).0,
                    url_rest: split_host(&source.url).1,
                    domain: &source.domain,
                    title: source.title.as_deref(),
                    truncated: source.truncated,
                    href: source_href(source),
                    backlinks: backlinks.remove(&source.number).unwrap_or_default(),
                })
                .collect(),
            claim_count: briefing.claims().count(),
            uncited_count: briefing.uncited_count(),
            history: None,
            json_ld: String::new(),
            url: None,
            description: Some(structured::description(briefing)),
        }
    }
}

/// One line of the index.
#[derive(Debug, Serialize)]
struct IndexItem<'a> {
    href: String,
    title: String,
    date: Option<&'a str>,
    date_display: Option<String>,
    engine: Option<&'a str>,
    claim_count: usize,
    source_count: usize,
    uncited_count: usize,
    tags: &'a [String],
}

impl<'a> IndexItem<'a> {
    fn new(entry: &'a Entry) -> Self {
        let briefing = &entry.briefing;
        IndexItem {
            href: format!("{}/index.html", briefing.slug),
            title: briefing
                .title
                .clone()
                .unwrap_or_else(|| briefing.slug.clone()),
            date: briefing.captured.date.as_deref(),
            date_display: briefing.captured.date.as_deref().map(display_date),
            engine: briefing.origin.engine.as_deref(),
            claim_count: briefing.claims().count(),
            source_count: briefing.sources.len(),
            uncited_count: briefing.uncited_count(),
            tags: &briefing.tags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(url: &str, truncated: bool) -> Source {
        Source {
            number: 1,
            url: url.to_owned(),
            truncated,
            domain: crate::parse::cite::domain_of(url),
            title: None,
        }
    }

    #[test]
    fn only_safe_addresses_become_links() {
        assert_eq!(
            source_href(&source("https://a.org/x", false)).as_deref(),
            Some("https://a.org/x")
        );
        assert_eq!(
            source_href(&source("a.org/x", false)).as_deref(),
            Some("https://a.org/x")
        );
        assert_eq!(
            source_href(&source("a.org/x", true)).as_deref(),
            Some("https://a.org/")
        );
        assert_eq!(source_href(&source("javascript:alert(1)", false)), None);
        assert_eq!(source_href(&source("data:text/html,hi", false)), None);
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html(r#"<script>"a" & 'b'</script> a/b"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt; a/b"
        );
    }

    #[test]
    fn hosts_split_from_paths() {
        assert_eq!(split_host("a.org/x/y"), ("a.org", "/x/y"));
        assert_eq!(split_host("https://a.org?q=1"), ("https://a.org", "?q=1"));
        assert_eq!(split_host("a.org"), ("a.org", ""));
    }

    #[test]
    fn dates_and_roots() {
        assert_eq!(display_date("2025-11-04"), "4 November 2025");
        assert_eq!(display_date("soon"), "soon");
        assert_eq!(root_prefix("a"), "../");
        assert_eq!(root_prefix("2025/a"), "../../");
    }

    #[test]
    fn a_site_template_replaces_the_builtin_one() {
        let mut own = BTreeMap::new();
        own.insert(
            "index.html".to_owned(),
            "<p>{{ site.title }} has {{ briefings | length }}</p>".to_owned(),
        );
        let renderer = Renderer::new(&own).unwrap();
        let site = Site {
            config: SiteConfig::default(),
            entries: Vec::new(),
        };
        let files = renderer.render_site(&site, &BTreeMap::new()).unwrap();
        let index = files
            .iter()
            .find(|f| f.path == Path::new("index.html"))
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&index.bytes),
            "<p>Briefings has 0</p>"
        );
    }

    #[test]
    fn a_broken_site_template_is_a_template_error() {
        let mut own = BTreeMap::new();
        own.insert("index.html".to_owned(), "{% if %}".to_owned());
        assert!(matches!(Renderer::new(&own), Err(Error::Template { .. })));
    }
}
