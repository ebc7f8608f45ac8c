//! Rendering: the site's pages through Tera.
//!
//! The built-in templates are the files in `templates/`, embedded in the binary; a site's own
//! `templates/` replace them file by file. Pages get small view models (`views`), so that
//! templates only loop and print: every citation already knows its source and every source
//! the claims that cite it. All snapshot text reaches the HTML through Tera's autoescape.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::html::escape;
use crate::site::{domain_path, Entry, Site, SiteConfig};

mod feeds;
mod inline;
mod search;
mod structured;
mod views;

use views::{BriefingPage, DomainPage, DomainRow, HistoryView, IndexItem, TagRow};

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "briefing.html",
        include_str!("../../templates/briefing.html"),
    ),
    (
        "briefing-header.html",
        include_str!("../../templates/briefing-header.html"),
    ),
    (
        "briefing-claims.html",
        include_str!("../../templates/briefing-claims.html"),
    ),
    (
        "briefing-sources.html",
        include_str!("../../templates/briefing-sources.html"),
    ),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// The built-in static assets, by path in the output.
pub const BUILTIN_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
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
        // Unlike Tera's default, `escape` leaves `/` alone, so addresses stay readable in the
        // source and in review diffs.
        tera.set_escape_fn(escape);
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
        let mut context = self.context(&site.config, "");
        context.insert("feed", &feeds::feed(site));
        files.push(self.page("atom.xml", "atom.xml", &context)?);
        files.extend(
            search::search_files(site, search::BUDGET)
                .into_iter()
                .map(|(path, text)| text_file(&path, text)),
        );
        let pages: Vec<String> = files
            .iter()
            .map(|file| file.path.to_string_lossy().replace('\\', "/"))
            .filter(|path| path.ends_with("index.html"))
            .collect();
        let mut context = self.context(&site.config, "");
        context.insert("locations", &feeds::sitemap_locations(&site.config, &pages));
        files.push(self.page("sitemap.xml", "sitemap.xml", &context)?);
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
                tag: tag_name(tag, entries).to_owned(),
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
            context.insert("tag", tag_name(tag, entries));
            context.insert("briefings", &briefings);
            files.push(self.page(&format!("tags/{tag}/index.html"), "tag.html", &context)?);
        }
        // The 404 page is served at any address: its links are absolute under base_url, or
        // start at the host's root without one (as under `serve`, which drops base_url), so
        // it finds its style at a nested address too.
        let not_found_root = config.root_for_any_address();
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

/// The name of the template a Tera error is about, as far as its message says.
/// How a tag is shown across the site: as the newest briefing that names it writes it.
fn tag_name<'a>(slug: &'a str, entries: &[&'a crate::site::Entry]) -> &'a str {
    entries
        .iter()
        .find_map(|entry| entry.briefing.tag_names.get(slug))
        .map_or(slug, String::as_str)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn pages_link_to_the_root_relatively() {
        assert_eq!(root_prefix("a"), "../");
        assert_eq!(root_prefix("2025/a"), "../../");
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script> a/b"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt; a/b"
        );
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
