//! The built-in pages written straight from their view models, byte for byte as the
//! built-in templates render them through Tera.
//!
//! Briefing pages and the pages of source sites, tags and the index are most of a build: at
//! 10,000 briefings, rendering them through Tera (its values made from the view model, the
//! bytecode run, the values freed) was a third of the build's CPU time, and writing the same
//! bytes directly takes a tenth of that. A kind of page is written here only while the site
//! changes none of the templates it is made of ([`Written`]); a site that has its own version
//! of any of them gets those pages from Tera, as before.
//!
//! The templates stay the source of truth: each function here follows one template file (or
//! one component of `components.html`), in its order, and the tests render pages with every
//! branch of them both ways and compare the bytes. A change to one of these templates fails
//! those tests until this writer says the same.

use std::collections::BTreeMap;
use std::io::Write as _;

use crate::html::escape_to;
use crate::site::SiteConfig;

use super::paging::Paging;
use super::views::TagView;

mod briefing;
mod lists;
#[cfg(test)]
mod picks;

pub(super) use briefing::write_briefing_page;
pub(super) use lists::{write_briefing_list, write_source_page, ListKind};

/// The templates a briefing page is made of.
const BRIEFING_TEMPLATES: &[&str] = &[
    "base.html",
    "briefing.html",
    "briefing-header.html",
    "briefing-source-mix.html",
    "briefing-claims.html",
    "briefing-claim.html",
    "briefing-sources.html",
    "components.html",
];

/// The templates a page of a source site's claims is made of.
const SOURCE_TEMPLATES: &[&str] = &["base.html", "source.html", "components.html"];

/// The templates the index and a tag's pages are made of.
const LIST_TEMPLATES: &[&str] = &["base.html", "index.html", "tag.html", "components.html"];

/// Which kinds of page are written here rather than rendered by Tera: each while the site
/// changes none of the templates it is made of. A template ejected (`briefing templates
/// --eject`) and not changed since counts as kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Written {
    pub(super) briefings: bool,
    pub(super) sources: bool,
    pub(super) lists: bool,
}

impl Written {
    /// What a site with `site_templates` (by name, its own text) keeps written.
    pub(super) fn for_site(site_templates: &BTreeMap<String, String>) -> Self {
        let kept = |names: &[&str]| {
            names.iter().all(|name| {
                site_templates
                    .get(*name)
                    .is_none_or(|text| Some(text.as_str()) == super::builtin_template(name))
            })
        };
        Written {
            briefings: kept(BRIEFING_TEMPLATES),
            sources: kept(SOURCE_TEMPLATES),
            lists: kept(LIST_TEMPLATES),
        }
    }
}

/// A text of the view that a template tests with `{% if %}`: given and not empty.
fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.is_empty())
}

/// The page's bytes, appended to `out`.
struct Page<'o> {
    out: &'o mut Vec<u8>,
}

impl Page<'_> {
    /// Template text, as it is.
    fn raw(&mut self, text: &str) -> &mut Self {
        self.out.extend_from_slice(text.as_bytes());
        self
    }

    /// A value printed with `{{ }}`: escaped, as Tera's autoescape does.
    fn text(&mut self, text: &str) -> &mut Self {
        // Writing to a vector does not fail.
        let _ = escape_to(text, &mut *self.out);
        self
    }

    /// A number printed with `{{ }}`.
    fn number(&mut self, number: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.out, "{number}");
        self
    }

    /// `{{ count | pluralize }}`.
    fn plural(&mut self, count: usize) -> &mut Self {
        self.raw(if count == 1 { "" } else { "s" })
    }
}

/// What a page puts into the blocks of `base.html`.
struct Blocks<'a, Title, Head, Content> {
    /// Writes the title block.
    title: Title,
    /// The description block's text: base.html's own is the site's description.
    description: Option<&'a str>,
    /// Writes the head block.
    head: Head,
    /// Writes the content block.
    content: Content,
}

/// `base.html` around a page's `blocks`, for a page at `root` from the site's root.
fn base<Title, Head, Content>(
    w: &mut Page,
    site: &SiteConfig,
    root: &str,
    blocks: Blocks<Title, Head, Content>,
) where
    Title: FnOnce(&mut Page),
    Head: FnOnce(&mut Page),
    Content: FnOnce(&mut Page),
{
    w.raw("<!DOCTYPE html>\n<html lang=\"")
        .text(&site.language)
        .raw("\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  <title>");
    (blocks.title)(w);
    w.raw("</title>");
    if let Some(description) = given(blocks.description) {
        w.raw("\n  <meta name=\"description\" content=\"")
            .text(description)
            .raw("\">");
    }
    w.raw("\n  <meta name=\"generator\" content=\"briefing\">\n  <link rel=\"stylesheet\" href=\"")
        .text(root)
        .raw("style.css\">");
    if site.extra_css {
        w.raw("\n  <link rel=\"stylesheet\" href=\"")
            .text(root)
            .raw("extra.css\">");
    }
    w.raw("\n  <link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
        .text(&site.title)
        .raw("\" href=\"")
        .text(root)
        .raw("atom.xml\">");
    (blocks.head)(w);
    w.raw("\n</head>\n<body>\n  <a class=\"skip-link\" href=\"#main\">Skip to content</a>\n  <header class=\"site-header\">\n    <a class=\"site-title\" href=\"")
        .text(root)
        .raw("index.html\">")
        .text(&site.title)
        .raw("</a>\n    <nav class=\"site-nav\" aria-label=\"Site\">\n      <a href=\"")
        .text(root)
        .raw("index.html\">Briefings</a>\n      <a href=\"")
        .text(root)
        .raw("sources/index.html\">Sources</a>\n      <a href=\"")
        .text(root)
        .raw("tags/index.html\">Tags</a>\n    </nav>\n    <form class=\"site-search\" role=\"search\" data-root=\"")
        .text(root)
        .raw("\" hidden>\n      <label for=\"search-input\">Search claims, titles and sources</label>\n      <input id=\"search-input\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\">\n      <p id=\"search-status\" class=\"search-status\" role=\"status\" aria-live=\"polite\"></p>\n      <ol id=\"search-results\" class=\"search-results\"></ol>\n    </form>\n  </header>\n  <main id=\"main\">");
    (blocks.content)(w);
    w.raw("\n  </main>\n  <footer class=\"site-footer\">\n    <p>Every claim links to the sources it rests on. Built with briefing.</p>\n  </footer>\n  <script src=\"")
        .text(root)
        .raw("search.js\" defer></script>\n</body>\n</html>\n");
}

/// The head block of a page that adds nothing to it.
fn no_head(_: &mut Page) {}

/// The tags of a briefing, linked to their pages, as `briefing-header.html` and
/// components.html's `briefing_item` both list them; nothing when it has none. `more`: how
/// many tags a list entry leaves out, and the briefing's page, which shows them.
fn tag_list(w: &mut Page, root: &str, tags: &[TagView], more: Option<(usize, &str)>) {
    if tags.is_empty() {
        return;
    }
    w.raw("\n        <ul class=\"tags\">");
    for tag in tags {
        w.raw("\n          <li><a href=\"")
            .text(root)
            .raw("tags/")
            .text(tag.slug)
            .raw("/index.html\">")
            .text(tag.name)
            .raw("</a></li>");
    }
    if let Some((count @ 1.., href)) = more {
        w.raw("\n          <li class=\"more-tags\"><a href=\"")
            .text(root)
            .text(href)
            .raw("\">")
            .number(count)
            .raw(" more</a></li>");
    }
    w.raw("\n        </ul>");
}

/// components.html's `pager`: links to the newer and older pages of a long list; nothing
/// when it has one page.
fn pager(w: &mut Page, root: &str, paging: &Paging) {
    if paging.count <= 1 {
        return;
    }
    w.raw("\n    <nav class=\"pager\" aria-label=\"Pages\">");
    if let Some(newer) = given(paging.newer.as_deref()) {
        w.raw("\n      <a rel=\"prev\" href=\"")
            .text(root)
            .text(newer)
            .raw("\">← Newer</a>");
    }
    w.raw("\n      <span>Page ")
        .number(paging.count - paging.number + 1)
        .raw(" of ")
        .number(paging.count)
        .raw("</span>");
    if let Some(older) = given(paging.older.as_deref()) {
        w.raw("\n      <a rel=\"next\" href=\"")
            .text(root)
            .text(older)
            .raw("\">Older →</a>");
    }
    w.raw("\n    </nav>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Renderer;

    #[test]
    fn a_site_that_changes_a_template_gets_those_pages_from_tera() {
        /// A kind of written page: its templates, and whether a renderer writes it.
        type Kind = (&'static [&'static str], fn(Written) -> bool);
        let sets: [Kind; 3] = [
            (BRIEFING_TEMPLATES, |w| w.briefings),
            (SOURCE_TEMPLATES, |w| w.sources),
            (LIST_TEMPLATES, |w| w.lists),
        ];
        for (names, written) in sets {
            for name in names {
                let builtin = super::super::builtin_template(name).unwrap();
                let mut own = BTreeMap::new();
                own.insert((*name).to_owned(), format!("{builtin}{{# own #}}"));
                assert!(!written(Renderer::new(&own).unwrap().written), "{name}");
                // Ejected (`briefing templates --eject`) and not changed: written still.
                own.insert((*name).to_owned(), builtin.to_owned());
                assert!(written(Renderer::new(&own).unwrap().written), "{name}");
            }
        }
        // A template none of them is made of changes nothing.
        let mut own = BTreeMap::new();
        own.insert("tags.html".to_owned(), "<p>own</p>".to_owned());
        let all = Written {
            briefings: true,
            sources: true,
            lists: true,
        };
        assert_eq!(Renderer::new(&own).unwrap().written, all);
        // A changed source page leaves the briefing pages written.
        let source = super::super::builtin_template("source.html").unwrap();
        own.insert("source.html".to_owned(), format!("{source}{{# own #}}"));
        let written = Renderer::new(&own).unwrap().written;
        assert!(written.briefings && written.lists && !written.sources);
    }

    /// Every file of the site at `root`, built with the built-in templates (its pages
    /// written here), and with a site's own version of every template written pages are
    /// made of, which differs from the built-in one by a comment (so that Tera renders every
    /// page): the same files.
    fn both_ways(root: &std::path::Path, base_url: Option<&str>) {
        let options = crate::pipeline::BuildOptions {
            root: root.to_path_buf(),
            jobs: None,
            base_url: base_url.map(str::to_owned),
            drafts: false,
        };
        let checked = crate::pipeline::check_for_build(&options, None).unwrap();
        let build = |templates: &BTreeMap<String, String>| {
            let renderer = Renderer::new(templates).unwrap();
            let output = crate::write::MemoryOutput::default();
            renderer
                .render_site(&checked.site, &checked.assets, &output)
                .unwrap();
            (renderer.written, output.into_files())
        };
        let mut own = checked.templates.clone();
        for name in BRIEFING_TEMPLATES
            .iter()
            .chain(SOURCE_TEMPLATES)
            .chain(LIST_TEMPLATES)
        {
            let builtin = super::super::builtin_template(name).unwrap();
            own.insert((*name).to_owned(), format!("{builtin}{{# own #}}"));
        }
        let ((native, written), (tera, rendered)) = (build(&checked.templates), build(&own));
        let all = Written {
            briefings: true,
            sources: true,
            lists: true,
        };
        let none = Written {
            briefings: false,
            sources: false,
            lists: false,
        };
        assert_eq!((native, tera), (all, none));
        for kind in ["/index.html", "sources/", "tags/"] {
            assert!(written
                .keys()
                .any(|path| path.to_string_lossy().contains(kind)));
        }
        assert_eq!(written.len(), rendered.len());
        for (path, bytes) in &rendered {
            assert!(
                written.get(path) == Some(bytes),
                "{} differs from what Tera renders",
                path.display()
            );
        }
    }

    #[test]
    fn the_demo_site_is_the_same_written_or_rendered() {
        // Reviews, links.toml's gone and moved addresses, sources.toml's publishers, a capture
        // history; with and without a base address.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        both_ways(root, None);
        both_ways(root, Some("https://example.org/briefings/"));
    }

    #[test]
    fn the_fixture_sites_are_the_same_written_or_rendered() {
        // The seed paste alone, and briefings in nested folders (pages two levels down).
        let sites = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites");
        for site in ["seed", "nested"] {
            both_ways(&sites.join(site), None);
        }
    }
}
