//! Rendering: the site's pages through Tera 2 (templates compiled once, run by its bytecode VM).
//!
//! The built-in templates are the files in `templates/`, embedded in the binary; a site's own
//! `templates/` replace them file by file. Pages get small view models (`views`), so that
//! templates only loop and print: every citation already knows its source and every source
//! the claims that cite it. All snapshot text reaches the HTML through Tera's autoescape.
//!
//! Briefing pages, most of a site, are the exception while a site keeps the built-in
//! templates they are made of: `native` writes them from the same view model, byte for byte
//! as those templates render them, escaping as the autoescape does.

use std::collections::BTreeMap;
use std::hash::Hash as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::html::escape_to;
use crate::site::{domain_path, Entry, Neighbours, Site, SiteConfig};
use crate::write::Output;

use native::ListKind;

mod feeds;
mod inline;
mod native;
mod paging;
mod search;
mod structured;
mod views;

use views::{
    BriefingPage, DisputedGroup, DomainBriefing, DomainPage, DomainRow, HistoryView, IndexItem,
    KindGroup, LinkView, PublisherView, TagRow,
};

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
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
        "briefing-claim.html",
        include_str!("../../templates/briefing-claim.html"),
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
    (
        "disputed.html",
        include_str!("../../templates/disputed.html"),
    ),
    (
        "briefing-source-mix.html",
        include_str!("../../templates/briefing-source-mix.html"),
    ),
];

/// The text of the built-in template `name`.
pub fn builtin_template(name: &str) -> Option<&'static str> {
    BUILTIN_TEMPLATES
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| *text)
}

/// The built-in static assets, by path in the output.
pub const BUILTIN_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
];

/// Up to this many sites, `sources/index.html` lists them all; beyond, it lists the most
/// cited and each first letter has a page.
const SOURCES_PER_PAGE: usize = 800;
/// How many sites the first sources page lists when the sites are split by letter.
const MOST_CITED_SOURCES: usize = 100;

/// A first letter of the cited sites, when they are too many for one page.
#[derive(Debug)]
struct SourceLetter {
    letter: String,
    count: usize,
}

impl SourceLetter {
    /// Its page: under `sources/` with a `_`, which no domain's folder can have.
    fn path(&self) -> String {
        format!("sources/_{}/index.html", self.letter)
    }
}

/// A letter in the sources pages' navigation.
#[derive(Debug, serde::Serialize)]
struct LetterLink<'a> {
    letter: &'a str,
    href: String,
    count: usize,
    current: bool,
}

/// An error naming both sides when two planned files share an address (a briefing named
/// `sources`, a `static/index.html`): whichever thread wrote last would win. `planned` is
/// every file but the briefings' own two, which are looked up in it: no two briefings share a
/// slug ([`Site::new`]), so a briefing's files can only meet one of the others, and these are
/// few (a site of 50,000 briefings plans a few thousand besides their 100,000).
fn refuse_collisions(entries: &[Entry], mut planned: Vec<(String, Planned)>) -> Result<()> {
    // Stable: of two at one address, the one planned first is named first.
    planned.sort_by(|a, b| a.0.cmp(&b.0));
    let collide = |path: &str, first: Planned, second: Planned| Error::PagesCollide {
        path: PathBuf::from(path),
        first: first.to_string(),
        second: second.to_string(),
    };
    for entry in entries {
        let slug = &entry.briefing.slug;
        for path in [
            format!("{slug}/index.html"),
            format!("{slug}/briefing.json"),
        ] {
            // The first planned of the others at that address, if there is one.
            let first = planned.partition_point(|(other, _)| *other < path);
            if let Some((_, other)) = planned.get(first).filter(|(other, _)| *other == path) {
                return Err(collide(&path, Planned::Briefing(&entry.path), *other));
            }
        }
    }
    for pair in planned.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(collide(&pair[0].0, pair[0].1, pair[1].1));
        }
    }
    Ok(())
}

/// What a planned file is, named only when two would land at one address: a site of 50,000
/// briefings plans 120,000 files, and a sentence for each was 9 MiB.
#[derive(Debug, Clone, Copy)]
enum Planned<'a> {
    Briefing(&'a Path),
    BriefingList,
    DisputedList,
    SourceList,
    SourceSite(&'a str),
    TagList,
    Tag(&'a str),
    Static(&'a str),
    Builtin(&'a str),
    SiteFile(&'a str),
}

impl std::fmt::Display for Planned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Planned::Briefing(path) => write!(f, "the briefing {}", path.display()),
            Planned::BriefingList => f.write_str("the list of briefings"),
            Planned::DisputedList => f.write_str("the list of disputed claims"),
            Planned::SourceList => f.write_str("the list of sources"),
            Planned::SourceSite(domain) => write!(f, "the page of the source site {domain}"),
            Planned::TagList => f.write_str("the list of tags"),
            Planned::Tag(tag) => write!(f, "the page of the tag {tag}"),
            Planned::Static(name) => write!(f, "the file static/{name}"),
            Planned::Builtin(name) => write!(f, "the built-in {name}"),
            Planned::SiteFile(name) => write!(f, "the site's {name}"),
        }
    }
}

/// The first character of a domain, as its letter page is named (`[a-z0-9]`, else `-`).
fn first_letter(domain: &str) -> String {
    match domain.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
        _ => "-".to_owned(),
    }
}

/// The letters of the cited sites with how many sites each has; none when they fit one page.
fn source_letters(
    domains: &BTreeMap<String, Vec<crate::site::DomainCitation>>,
) -> Vec<SourceLetter> {
    let linked: Vec<&String> = domains
        .keys()
        .filter(|domain| domain_path(domain).is_some())
        .collect();
    if linked.len() <= SOURCES_PER_PAGE {
        return Vec::new();
    }
    let mut letters: BTreeMap<String, usize> = BTreeMap::new();
    for domain in linked {
        *letters.entry(first_letter(domain)).or_default() += 1;
    }
    letters
        .into_iter()
        .map(|(letter, count)| SourceLetter { letter, count })
        .collect()
}

/// How many briefings the index and a tag page list per block (see [`paging`]).
const BRIEFINGS_PER_PAGE: usize = 100;
/// How many briefings a site's page of citing claims lists per block.
const DOMAIN_BRIEFINGS_PER_PAGE: usize = 50;

/// One piece of rendering work: it writes one or more files.
type Job<'a> = Box<dyn Fn(&dyn Output) -> Result<()> + Send + Sync + 'a>;

/// Renders pages with one shared, read-only Tera instance.
pub struct Renderer {
    tera: Tera,
    /// A hash of this binary and the templates: a page kept from an earlier build must have
    /// been rendered by the same code from the same templates.
    fingerprint: u64,
    /// Which pages are written by [`native`] rather than rendered by Tera: those whose
    /// templates the site does not change, which it writes the same.
    written: native::Written,
}

/// Feeds what is written into a hash, so a model is hashed without being written out.
/// Serializing writes a few bytes at a time, and each update of the hash costs more than
/// copying them: they are gathered in a buffer and hashed a buffer at a time, which gives
/// the same hash.
struct HashWriter {
    hasher: xxhash_rust::xxh3::Xxh3Default,
    buffer: Vec<u8>,
}

impl HashWriter {
    const BUFFER: usize = 4096;

    fn new() -> Self {
        HashWriter {
            hasher: xxhash_rust::xxh3::Xxh3Default::new(),
            buffer: Vec::with_capacity(Self::BUFFER),
        }
    }

    fn digest(mut self) -> u64 {
        self.hasher.update(&self.buffer);
        self.hasher.digest()
    }

    /// The hash of what was written so far, leaving the writer as it was.
    fn digest_so_far(&self) -> u64 {
        let mut hasher = self.hasher.clone();
        hasher.update(&self.buffer);
        hasher.digest()
    }
}

/// Models are hashed through [`Hash`], which is quicker than writing them out as JSON.
impl std::hash::Hasher for HashWriter {
    /// Most writes are a few bytes (a length, a number, a short string): they are copied into
    /// the buffer with no more than a length check.
    fn write(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() <= Self::BUFFER {
            self.buffer.extend_from_slice(bytes);
        } else {
            let _ = self.write_all(bytes);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        if self.buffer.len() < Self::BUFFER {
            self.buffer.push(byte);
        } else {
            std::hash::Hasher::write(self, &[byte]);
        }
    }

    fn finish(&self) -> u64 {
        self.digest_so_far()
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buffer.len() + bytes.len() > Self::BUFFER {
            self.hasher.update(&self.buffer);
            self.buffer.clear();
        }
        if bytes.len() > Self::BUFFER {
            self.hasher.update(bytes);
        } else {
            self.buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A list, tag, source or site page's context: hashed as it is filled, and made into Tera's
/// context only when the page is rendered. Most of these pages are kept from the previous
/// build, and making Tera's values for them (then copying them to hash) was most of their
/// cost in a rebuild.
struct PageContext<'a> {
    hasher: HashWriter,
    fills: Vec<Fill<'a>>,
}

/// Puts one value of a [`PageContext`] into Tera's context.
type Fill<'a> = Box<dyn Fn(&mut Context) + 'a>;

impl<'a> PageContext<'a> {
    fn new() -> Self {
        PageContext {
            hasher: HashWriter::new(),
            fills: Vec::new(),
        }
    }

    fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &'a T) {
        let _ = self.hasher.write_all(key.as_bytes());
        let _ = self.hasher.write_all(&[0]);
        let _ = serde_json::to_writer(&mut self.hasher, value);
        let _ = self.hasher.write_all(&[0]);
        self.fills
            .push(Box::new(move |context| context.insert(key, value)));
    }

    /// Put `key` into the context as `make` makes it, which is only when the page is
    /// rendered; `input` hashes everything `make` reads, in its place. For a view that costs
    /// more to make than to hash from the model it is made of.
    fn insert_made<T: serde::Serialize>(
        &mut self,
        key: &'static str,
        input: impl FnOnce(&mut HashWriter),
        make: impl Fn() -> T + 'a,
    ) {
        let _ = self.hasher.write_all(key.as_bytes());
        let _ = self.hasher.write_all(&[0]);
        input(&mut self.hasher);
        let _ = self.hasher.write_all(&[0]);
        self.fills
            .push(Box::new(move |context| context.insert(key, &make())));
    }

    fn into_context(self) -> Context {
        let mut context = Context::new();
        for fill in self.fills {
            fill(&mut context);
        }
        context
    }
}

/// A hash of everything in a briefing's model.
fn model_hash(briefing: &crate::model::Briefing) -> u64 {
    let mut hasher = HashWriter::new();
    briefing.hash(&mut hasher);
    hasher.digest()
}

/// Each briefing's [`model_hash`], made once for a build: its page and every list it is on
/// are hashed from it. Held beside the site's entries, in their order (8 bytes a briefing,
/// where a map by slug was 30).
struct ModelHashes<'a> {
    entries: &'a [Entry],
    hashes: Vec<u64>,
}

impl<'a> ModelHashes<'a> {
    fn new(entries: &'a [Entry]) -> Self {
        let hashes = entries
            .par_iter()
            .map(|entry| model_hash(&entry.briefing))
            .collect();
        ModelHashes { entries, hashes }
    }

    /// The hash of the model of `site.entries[index]`.
    fn by_index(&self, index: usize) -> u64 {
        self.hashes[index]
    }

    /// The hash of `entry`'s model: found by where it is among the site's entries (made now
    /// if it is not one of them).
    fn get(&self, entry: &Entry) -> u64 {
        let start = self.entries.as_ptr() as usize;
        let index = (entry as *const Entry as usize).wrapping_sub(start)
            / std::mem::size_of::<Entry>().max(1);
        match (self.entries.get(index), self.hashes.get(index)) {
            (Some(found), Some(hash)) if std::ptr::eq(found, entry) => *hash,
            _ => model_hash(&entry.briefing),
        }
    }
}

/// A hash of the running binary ([`crate::build_id::binary_hash`]) and `templates`.
fn renderer_fingerprint(templates: &BTreeMap<&str, &str>) -> u64 {
    let binary = crate::build_id::binary_hash();
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    hasher.update(&binary.to_le_bytes());
    for (name, text) in templates {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
    }
    hasher.digest()
}

impl Renderer {
    /// Load the built-in templates, with the site's own (`name → text`) in their place where
    /// given.
    pub fn new(site_templates: &BTreeMap<String, String>) -> Result<Self> {
        let mut templates: BTreeMap<&str, &str> = BUILTIN_TEMPLATES.iter().copied().collect();
        for (name, text) in site_templates {
            templates.insert(name, text);
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // Unlike Tera's default, `escape` leaves `/` alone, so addresses stay readable in the
        // source and in review diffs.
        tera.set_escape_fn(escape_to);
        let fingerprint = renderer_fingerprint(&templates);
        let written = native::Written::for_site(site_templates);
        tera.add_raw_templates(templates)
            .map_err(|source| Error::Template {
                name: template_name(&source),
                source,
                help: site_templates
                    .values()
                    .any(|text| uses_tera1_macros(text))
                    .then_some(TERA1_MACROS_HELP),
            })?;
        Ok(Renderer {
            tera,
            fingerprint,
            written,
        })
    }

    /// Render every page, feed and asset of `site` into `output`, each file as soon as it is
    /// rendered, on every core; site assets replace the built-in ones of the same name.
    /// Nothing is kept once written, so memory does not grow with the number of pages.
    pub fn render_site(
        &self,
        site: &Site,
        assets: &BTreeMap<String, Vec<u8>>,
        output: &dyn Output,
    ) -> Result<()> {
        // Each model hashed once, on every core, for its own page, every list it is on and the
        // search index: making each list's lines to hash them was most of what the lists cost
        // a rebuild. Then the search index, the longest job, on one core, starts beside the
        // planning of every other page (a tenth of a second at 10,000 briefings, on one core
        // too), and the postings it gathers are freed before the list of files written grows
        // long. Of two errors, the other pages' is told: it may be that two files collide.
        let model_hashes = &ModelHashes::new(&site.entries);
        let (searched, rendered) = rayon::join(
            || search::write_search_files(site, model_hashes, search::BUDGET, output),
            || self.render_pages(site, model_hashes, assets, output),
        );
        rendered.and(searched)
    }

    /// Every page but the search index's: planned (two files at one address are refused
    /// before any is rendered), then rendered on every core.
    fn render_pages(
        &self,
        site: &Site,
        model_hashes: &ModelHashes,
        assets: &BTreeMap<String, Vec<u8>>,
        output: &dyn Output,
    ) -> Result<()> {
        let timelines = site.timelines();
        let newest_first = site.newest_first();
        let domains = site.domains();
        let tags = Site::tags(&newest_first);
        let letters = source_letters(&domains);
        let disputed = DisputedGroup::all(&newest_first);
        let disputed_claims: usize = disputed.iter().map(|group| group.claims.len()).sum();
        let mut jobs: Vec<Job> = Vec::new();
        // Every file planned but the briefings' own, with what it is, so that two at one
        // address are found (and named) before anything is rendered.
        let mut planned: Vec<(String, Planned)> = Vec::new();

        for entry in &site.entries {
            let history = timelines.get(entry.briefing.slug.as_str());
            let model = model_hashes.get(entry);
            jobs.push(Box::new(move |output| {
                self.render_entry(site, entry, model, history, output)
            }));
        }
        for page in paging::pages(newest_first.len(), BRIEFINGS_PER_PAGE, "") {
            planned.push((page.path.clone(), Planned::BriefingList));
            let newest_first = &newest_first;
            jobs.push(Box::new(move |output| {
                let kind = ListKind::Index {
                    disputed: disputed_claims,
                };
                self.briefing_list(output, site, newest_first, model_hashes, &page, kind)
            }));
        }
        // Only a site with disputed claims has their page (and the index a link to it).
        for page in paging::pages(disputed.len(), DOMAIN_BRIEFINGS_PER_PAGE, "disputed/") {
            if disputed.is_empty() {
                break;
            }
            planned.push((page.path.clone(), Planned::DisputedList));
            let disputed = &disputed;
            jobs.push(Box::new(move |output| {
                let root = "../".repeat(page.depth);
                let mut context = self.context(&site.config, &root);
                context.insert("groups", &disputed[page.items.clone()]);
                context.insert("claims", &disputed_claims);
                context.insert("pagination", &page.paging);
                self.page(output, &page.path, "disputed.html", context)
            }));
        }
        let source_lists = std::iter::once("sources/index.html".to_owned())
            .chain(letters.iter().map(SourceLetter::path));
        for path in source_lists {
            planned.push((path, Planned::SourceList));
        }
        jobs.push(Box::new(|output| {
            self.render_sources_index(site, &domains, &letters, output)
        }));
        for (domain, citations) in &domains {
            let Some(path) = domain_path(domain) else {
                continue;
            };
            // One job a site: it orders the claims by briefing once, for all its pages, when it
            // runs (held from now for every site, the orders were 6 MiB at 50,000 briefings).
            let briefing_count = DomainBriefing::count(citations);
            let site_pages = paging::pages(
                briefing_count,
                DOMAIN_BRIEFINGS_PER_PAGE,
                &format!("sources/{path}/"),
            );
            for page in &site_pages {
                planned.push((page.path.clone(), Planned::SourceSite(domain)));
            }
            jobs.push(Box::new(move |output| {
                let publisher = PublisherView::of(domain, &site.publishers);
                let briefings = DomainBriefing::all(citations);
                site_pages.par_iter().try_for_each(|page| {
                    let shown = &briefings[page.items.clone()];
                    let root = "../".repeat(page.depth);
                    let make = || DomainPage {
                        domain,
                        claims: citations.len(),
                        briefings: briefings.len(),
                        groups: shown.iter().map(|b| b.group(domain)).collect(),
                        publisher,
                    };
                    let mut context = self.context(&site.config, &root);
                    let input = |hasher: &mut HashWriter| {
                        (domain, citations.len(), briefings.len(), publisher).hash(hasher);
                        shown
                            .iter()
                            .for_each(|b| model_hashes.get(b.entry()).hash(hasher));
                    };
                    context.insert_made("page", input, make);
                    context.insert("pagination", &page.paging);
                    let write = |buffer: &mut Vec<u8>| {
                        native::write_source_page(
                            buffer,
                            &site.config,
                            &root,
                            &make(),
                            &page.paging,
                        );
                    };
                    let write = self.written.sources.then_some(write);
                    self.page_written(output, &page.path, "source.html", context, write)
                })
            }));
        }
        planned.push(("tags/index.html".to_owned(), Planned::TagList));
        jobs.push(Box::new(|output| {
            let rows: Vec<TagRow> = tags
                .iter()
                .map(|(tag, tagged)| TagRow {
                    tag: tagged.name.unwrap_or(tag).to_owned(),
                    href: format!("tags/{tag}/index.html"),
                    count: tagged.entries.len(),
                })
                .collect();
            let mut context = self.context(&site.config, "../");
            context.insert("tags", &rows);
            self.page(output, "tags/index.html", "tags.html", context)
        }));
        for (tag, tagged) in &tags {
            let (name, entries) = (tagged.name.unwrap_or(tag), &tagged.entries);
            for page in paging::pages(entries.len(), BRIEFINGS_PER_PAGE, &format!("tags/{tag}/")) {
                planned.push((page.path.clone(), Planned::Tag(tag)));
                jobs.push(Box::new(move |output| {
                    let kind = ListKind::Tag(name);
                    self.briefing_list(output, site, entries, model_hashes, &page, kind)
                }));
            }
        }
        // The 404 page is served at any address: its links are absolute under base_url, or
        // start at the host's root without one (as under `serve`, which drops base_url), so
        // it finds its style at a nested address too.
        jobs.push(Box::new(|output| {
            let root = site.config.root_for_any_address();
            let context = self.context(&site.config, &root);
            self.page(output, "404.html", "404.html", context)
        }));
        jobs.push(Box::new(|output| {
            let feed = feeds::feed(site, &newest_first);
            let mut context = self.context(&site.config, "");
            context.insert("feed", &feed);
            self.page(output, "atom.xml", "atom.xml", context)
        }));
        let mut all_assets: BTreeMap<&str, &[u8]> = BUILTIN_ASSETS.iter().copied().collect();
        for (name, bytes) in assets {
            all_assets.insert(name, bytes);
        }
        for (name, bytes) in all_assets {
            let from = if assets.contains_key(name) {
                Planned::Static(name)
            } else {
                Planned::Builtin(name)
            };
            planned.push((name.to_owned(), from));
            jobs.push(Box::new(move |output| output.write(Path::new(name), bytes)));
        }
        for name in ["404.html", "atom.xml", "sitemap.xml"] {
            planned.push((name.to_owned(), Planned::SiteFile(name)));
        }
        // The sitemap lists every page, in the order they are planned: briefings by slug, then
        // the index, sources and tags.
        let pages: Vec<String> = planned
            .iter()
            .map(|(path, _)| path)
            .filter(|path| path.ends_with("index.html"))
            .cloned()
            .collect();
        refuse_collisions(&site.entries, planned)?;
        jobs.push(Box::new(move |output| {
            let briefings = site
                .entries
                .iter()
                .map(|entry| format!("{}/index.html", entry.briefing.slug));
            let pages: Vec<String> = briefings.chain(pages.iter().cloned()).collect();
            let locations = feeds::sitemap_locations(&site.config, &pages);
            let mut context = self.context(&site.config, "");
            context.insert("locations", &locations);
            self.page(output, "sitemap.xml", "sitemap.xml", context)
        }));
        // Every job can be taken by an idle core. Left to split the list as it likes, rayon
        // handed each core a run of jobs to do in turn, and at 50,000 briefings the last run
        // (tag and index lists) kept one core busy for half a second while the other waited:
        // 1.79 CPUs used against 1.93 with this, and the 50k build 9 % quicker.
        jobs.par_iter()
            .with_max_len(1)
            .try_for_each(|job| job(output))
    }

    /// A briefing's page and its `briefing.json`; kept from the previous build instead when
    /// nothing they are made from changed (see [`Renderer::entry_input`]).
    fn render_entry(
        &self,
        site: &Site,
        entry: &Entry,
        model_hash: u64,
        neighbours: Option<&Neighbours>,
        output: &dyn Output,
    ) -> Result<()> {
        let config = &site.config;
        let slug = &entry.briefing.slug;
        let page_path = PathBuf::from(format!("{slug}/index.html"));
        let json_path = PathBuf::from(format!("{slug}/briefing.json"));
        let input = self.entry_input(config, entry, model_hash, neighbours, site);
        if output.reuse(&[&page_path, &json_path], input)? {
            return Ok(());
        }
        let root = root_prefix(slug);
        let mut page = BriefingPage::new(&entry.briefing, &site.publishers);
        for (view, source) in page.sources.iter_mut().zip(&entry.briefing.sources) {
            view.link = LinkView::of_source(source, &site.links);
        }
        page.history = neighbours.map(|neighbours| HistoryView::new(entry, neighbours));
        page.json_ld = structured::json_ld(&entry.briefing, config);
        page.claim_reviews = structured::claim_reviews(&entry.briefing, config);
        if config.base_url.is_some() {
            page.url = Some(feeds::site_url(config, &format!("{slug}/")));
        }
        if self.written.briefings {
            with_page_buffer(|buffer| {
                native::write_briefing_page(buffer, config, &root, &page);
                output.write_from(&page_path, buffer, input)
            })?;
        } else {
            let mut context = Context::new();
            context.insert("site", config);
            context.insert("root", &root);
            context.insert("page", &page);
            self.render("briefing.html", &context, |html| {
                output.write_from(&page_path, html, input)
            })?;
        }
        let json = crate::document::briefing_json(&entry.briefing, &entry.diagnostics);
        output.write_from(&json_path, json.as_bytes(), input)
    }

    /// A hash of everything a briefing's page is made from: this renderer (binary and
    /// templates), the site's settings, the briefing's model (`model_hash`) and diagnostics, what the
    /// site's `links.toml` and `sources.toml` say of its sources, and the models of the captures before and after it, whose
    /// differences the page shows.
    fn entry_input(
        &self,
        config: &SiteConfig,
        entry: &Entry,
        model_hash: u64,
        neighbours: Option<&Neighbours>,
        site: &Site,
    ) -> u64 {
        let mut hasher = HashWriter::new();
        let _ = hasher.write_all(&self.fingerprint.to_le_bytes());
        let _ = serde_json::to_writer(&mut hasher, config);
        model_hash.hash(&mut hasher);
        let _ = serde_json::to_writer(&mut hasher, &entry.diagnostics);
        for source in &entry.briefing.sources {
            let _ = serde_json::to_writer(&mut hasher, &LinkView::of_source(source, &site.links));
            let publisher = site.publishers.of(&source.domain);
            let _ = serde_json::to_writer(&mut hasher, &publisher);
        }
        if let Some(neighbours) = neighbours {
            for other in [neighbours.previous, neighbours.next] {
                other.map(|other| &other.briefing).hash(&mut hasher);
            }
        }
        hasher.digest()
    }

    /// Only the pages of the briefings `slugs` (and their `briefing.json`): what `serve` shows
    /// first after an edit, before the rest of the site is rendered again.
    pub fn render_briefings(
        &self,
        site: &Site,
        slugs: &[String],
        output: &dyn Output,
    ) -> Result<()> {
        let timelines = site.timelines();
        site.entries
            .par_iter()
            .filter(|entry| slugs.contains(&entry.briefing.slug))
            .try_for_each(|entry| {
                let history = timelines.get(entry.briefing.slug.as_str());
                let model = model_hash(&entry.briefing);
                self.render_entry(site, entry, model, history, output)
            })
    }

    /// The page of `entry` (and its `briefing.json`) with `site`'s settings, link book and
    /// publishers, whatever briefings `site` holds, and `neighbours` its captures before and
    /// after: the files a render of the whole site makes for it. `serve` shows an edit with
    /// them before it checks the whole site again.
    pub fn render_briefing_alone(
        &self,
        site: &Site,
        entry: &Entry,
        neighbours: Option<&Neighbours>,
        output: &dyn Output,
    ) -> Result<()> {
        let model = model_hash(&entry.briefing);
        self.render_entry(site, entry, model, neighbours, output)
    }

    /// A page of a list of briefings: the index or a tag's, as `list` says.
    fn briefing_list(
        &self,
        output: &dyn Output,
        site: &Site,
        entries: &[&Entry],
        model_hashes: &ModelHashes,
        page: &paging::Page,
        kind: ListKind,
    ) -> Result<()> {
        let shown = &entries[page.items.clone()];
        let root = "../".repeat(page.depth);
        let make = || {
            shown
                .iter()
                .map(|entry| IndexItem::new(entry))
                .collect::<Vec<_>>()
        };
        let mut context = self.context(&site.config, &root);
        match &kind {
            ListKind::Tag(tag) => context.insert("tag", *tag),
            ListKind::Index { disputed } if *disputed > 0 => context.insert("disputed", disputed),
            ListKind::Index { .. } => {}
        }
        // A line of the list is made from its briefing's model alone.
        let input = |hasher: &mut HashWriter| {
            for entry in shown {
                model_hashes.get(entry).hash(hasher);
            }
        };
        context.insert_made("briefings", input, make);
        context.insert("pagination", &page.paging);
        let write = |buffer: &mut Vec<u8>| {
            native::write_briefing_list(buffer, &site.config, &root, kind, &make(), &page.paging);
        };
        let write = self.written.lists.then_some(write);
        self.page_written(output, &page.path, kind.template(), context, write)
    }

    /// `sources/index.html`: every cited site, with how many claims and briefings cite it.
    fn render_sources_index(
        &self,
        site: &Site,
        domains: &BTreeMap<String, Vec<crate::site::DomainCitation>>,
        letters: &[SourceLetter],
        output: &dyn Output,
    ) -> Result<()> {
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
                    publisher: PublisherView::of(domain, &site.publishers),
                })
            })
            .collect();
        let render = |path: &str, root: &str, rows: &[&DomainRow], heading: Option<String>| {
            let nav: Vec<LetterLink> = letters
                .iter()
                .map(|letter| LetterLink {
                    letter: &letter.letter,
                    href: letter.path(),
                    count: letter.count,
                    current: path == letter.path(),
                })
                .collect();
            let kinds = (!site.publishers.is_empty()).then(|| KindGroup::of(rows));
            let mut context = self.context(&site.config, root);
            context.insert("domains", rows);
            if let Some(kinds) = &kinds {
                context.insert("kinds", kinds);
            }
            context.insert("letters", &nav);
            context.insert("heading", &heading);
            self.page(output, path, "sources.html", context)
        };
        if letters.is_empty() {
            let all: Vec<&DomainRow> = rows.iter().collect();
            return render("sources/index.html", "../", &all, None);
        }
        // Too many sites for one page: the most cited on the first, then a page a letter.
        let mut most_cited: Vec<&DomainRow> = rows.iter().collect();
        most_cited.sort_by(|a, b| {
            b.claims
                .cmp(&a.claims)
                .then_with(|| a.domain.cmp(&b.domain))
        });
        most_cited.truncate(MOST_CITED_SOURCES);
        let heading = format!("The {} most cited", most_cited.len());
        render("sources/index.html", "../", &most_cited, Some(heading))?;
        letters.par_iter().try_for_each(|letter| {
            let rows: Vec<&DomainRow> = rows
                .iter()
                .filter(|row| first_letter(&row.domain) == letter.letter)
                .collect();
            let heading = format!("Sites starting with {}", letter.letter);
            render(&letter.path(), "../../", &rows, Some(heading))
        })
    }

    fn context<'a>(&self, config: &'a SiteConfig, root: &'a str) -> PageContext<'a> {
        let mut context = PageContext::new();
        context.insert("site", config);
        context.insert("root", root);
        context
    }

    /// Render `template` with `context` to `path`; kept from the previous build instead when
    /// it was made from the same template, context and renderer. A list, tag or source page
    /// costs Tera tens of times what hashing its context does, and most of them do not change
    /// between two builds.
    fn page(
        &self,
        output: &dyn Output,
        path: &str,
        template: &str,
        context: PageContext,
    ) -> Result<()> {
        self.page_written(output, path, template, context, None::<fn(&mut Vec<u8>)>)
    }

    /// [`Renderer::page`], but with the page written by `write` rather than rendered by
    /// Tera when it is given (see [`native`]).
    fn page_written(
        &self,
        output: &dyn Output,
        path: &str,
        template: &str,
        context: PageContext,
        write: Option<impl FnOnce(&mut Vec<u8>)>,
    ) -> Result<()> {
        let mut hasher = HashWriter::new();
        let _ = hasher.write_all(&self.fingerprint.to_le_bytes());
        let _ = hasher.write_all(template.as_bytes());
        let _ = hasher.write_all(&[0]);
        let _ = hasher.write_all(&context.hasher.digest_so_far().to_le_bytes());
        let input = hasher.digest();
        let path = Path::new(path);
        if output.reuse(&[path], input)? {
            return Ok(());
        }
        if let Some(write) = write {
            return with_page_buffer(|buffer| {
                write(buffer);
                output.write_from(path, buffer, input)
            });
        }
        self.render(template, &context.into_context(), |html| {
            output.write_from(path, html, input)
        })
    }

    /// Render the template `name` and hand the bytes to `write`.
    fn render(
        &self,
        name: &str,
        context: &Context,
        write: impl FnOnce(&[u8]) -> Result<()>,
    ) -> Result<()> {
        with_page_buffer(|buffer| {
            self.tera
                .render_to(name, context, &mut *buffer)
                .map_err(|source| Error::Template {
                    name: name.to_owned(),
                    source,
                    help: None,
                })?;
            write(buffer)
        })
    }
}

/// Make a page in an emptied buffer of this thread's, kept from page to page: a page
/// rendered to a fresh string grew it a few times and then checked every byte of it for
/// UTF-8, which Tera writes anyway.
fn with_page_buffer<T>(make: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PAGE.with(|page| {
        // A page made while this thread's buffer is in use gets a buffer of its own.
        let mut own = Vec::new();
        let mut borrowed = page.try_borrow_mut().ok();
        let buffer = borrowed.as_deref_mut().unwrap_or(&mut own);
        buffer.clear();
        make(buffer)
    })
}

/// What a site whose templates were written for Tera 1 should do: Tera 2 has no macros.
const TERA1_MACROS_HELP: &str =
    "the site's templates use Tera 1's macros (`{% macro %}`, `{% import %}`, \
     `macros::`), which Tera 2 does not have: briefing's built-in templates use components \
     (`components.html`, called as `{{ <address address={source.address}/> }}`); \
     `briefing templates` lists them, and the README's \"Overriding a template\" shows the change";

/// Whether a template calls or defines Tera 1 macros.
fn uses_tera1_macros(text: &str) -> bool {
    text.contains("macros::") || text.contains("{% import") || text.contains("{% macro")
}

/// The name of the template a Tera error is about.
fn template_name(error: &tera::Error) -> String {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            report.filename().to_owned()
        }
        ErrorKind::CircularExtend { tpl: name, .. }
        | ErrorKind::CircularInclude { tpl: name, .. }
        | ErrorKind::MissingParent { current: name, .. }
        | ErrorKind::TemplateNotFound(name) => name.clone(),
        _ => "templates".to_owned(),
    }
}

/// `../` once per folder level of a page at `<slug>/index.html`, so links work from disk.
fn root_prefix(slug: &str) -> String {
    "../".repeat(slug.split('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::escape;
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
            links: crate::links::LinkBook::default(),
            publishers: crate::publishers::Publishers::default(),
        };
        let output = crate::write::MemoryOutput::default();
        renderer
            .render_site(&site, &BTreeMap::new(), &output)
            .unwrap();
        let files = output.into_files();
        assert_eq!(
            String::from_utf8_lossy(&files[Path::new("index.html")]),
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
