//! View models: what each template is given. They are built here so that templates only loop
//! and print: every citation already knows its source, every source the claims that cite it,
//! and every link is relative to the site root.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::address::{href_of, is_linkable};
use crate::diff::{diff_briefings, BriefingDiff};
use crate::links::{LinkBook, Verdict};
use crate::model::{Briefing, Claim, Date, Review, ReviewStatus, Source};
use crate::publishers::{Kind, Publishers};
use crate::site::{domain_path, DomainCitation, Entry, Neighbours};

/// A row of the sources index.
#[derive(Debug, Serialize)]
pub(super) struct DomainRow<'a> {
    pub(super) domain: String,
    pub(super) href: String,
    pub(super) claims: usize,
    pub(super) briefings: usize,
    /// Who publishes there, from `sources.toml`.
    pub(super) publisher: Option<PublisherView<'a>>,
}

/// The sites of one kind of publisher, as the sources index lists them when `sources.toml`
/// names publishers.
#[derive(Debug, Serialize)]
pub(super) struct KindGroup<'r, 'a> {
    /// `Think tanks`, and `think-tank` for its id.
    pub(super) label: &'static str,
    pub(super) slug: &'static str,
    pub(super) rows: Vec<&'r DomainRow<'a>>,
}

impl<'r, 'a> KindGroup<'r, 'a> {
    /// `rows` by kind, in the order of [`Kind::ALL`], then the sites of no known kind.
    pub(super) fn of(rows: &[&'r DomainRow<'a>]) -> Vec<Self> {
        let mut groups: Vec<KindGroup> = Kind::ALL
            .iter()
            .map(|kind| KindGroup {
                label: kind_heading(*kind),
                slug: kind.slug(),
                rows: rows
                    .iter()
                    .filter(|row| row.publisher.is_some_and(|p| p.kind_slug == kind.slug()))
                    .copied()
                    .collect(),
            })
            .collect();
        groups.push(KindGroup {
            label: "Other sites",
            slug: "other",
            rows: rows
                .iter()
                .filter(|row| row.publisher.is_none())
                .copied()
                .collect(),
        });
        groups.retain(|group| !group.rows.is_empty());
        groups
    }
}

/// A kind of publisher as a heading of the sources index.
fn kind_heading(kind: Kind) -> &'static str {
    match kind {
        Kind::News => "News",
        Kind::Government => "Government",
        Kind::Academic => "Academic",
        Kind::Reference => "Reference",
        Kind::ThinkTank => "Think tanks",
        Kind::Company => "Companies",
        Kind::Video => "Video",
        Kind::Social => "Social media",
        Kind::Blog => "Blogs",
    }
}

/// A page of a domain's claims: the claims that cite it, grouped by briefing, newest
/// briefing first.
#[derive(Debug, Serialize)]
pub(super) struct DomainPage<'a> {
    pub(super) domain: &'a str,
    /// How many claims cite the domain, on every page.
    pub(super) claims: usize,
    /// How many briefings those claims are in, on every page.
    pub(super) briefings: usize,
    pub(super) groups: Vec<DomainGroup<'a>>,
    /// Who publishes there, from `sources.toml`.
    pub(super) publisher: Option<PublisherView<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct DomainGroup<'a> {
    pub(super) title: &'a str,
    /// The capture date, which tells two captures of one query apart.
    pub(super) date_display: Option<String>,
    pub(super) href: String,
    pub(super) claims: Vec<DomainClaim<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct DomainClaim<'a> {
    pub(super) href: String,
    pub(super) label: Option<&'a str>,
    pub(super) text: &'a str,
    /// The cited numbers, as `[1] [3]`.
    pub(super) numbers: String,
}

/// A briefing whose claims cite a domain, with those claims: one group of the domain's
/// pages, before it is made into text. Every page of every source site is ordered and hashed
/// from these, and only a page that is rendered makes its [`DomainGroup`]s: most pages are
/// kept from the previous build, and making every group's text was a tenth of a rebuild.
#[derive(Debug, Clone, Copy)]
pub(super) struct DomainBriefing<'s, 'a> {
    entry: &'a Entry,
    citations: &'s [DomainCitation<'a>],
}

impl<'s, 'a> DomainBriefing<'s, 'a> {
    /// The briefings of `citations` (one domain's, briefing by briefing, as
    /// [`crate::site::Site::domains`] gathers them), newest capture first, undated last.
    pub(super) fn all(citations: &'s [DomainCitation<'a>]) -> Vec<Self> {
        let mut briefings: Vec<Self> = by_briefing(citations)
            .map(|citations| DomainBriefing {
                entry: citations[0].entry,
                citations,
            })
            .collect();
        briefings.sort_by(|a, b| {
            let (a, b) = (&a.entry.briefing, &b.entry.briefing);
            let (a_date, b_date) = (a.captured.date, b.captured.date);
            b_date
                .is_some()
                .cmp(&a_date.is_some())
                .then_with(|| b_date.cmp(&a_date))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        briefings
    }

    /// How many briefings `citations` are in: how many [`DomainBriefing::all`] makes.
    pub(super) fn count(citations: &[DomainCitation]) -> usize {
        by_briefing(citations).count()
    }

    /// The briefing: its model decides everything its group on a domain's page shows (the
    /// claims that cite the domain, their numbers), so a page is kept from the previous build
    /// when the [`super::model_hash`]es of its briefings are the same. Hashing the claims that
    /// cite the domain instead spared a page being rendered again when another claim of one of
    /// its briefings changed, but cost a twentieth of a rebuild at 10,000 briefings for every
    /// unchanged page; rendered again, such a page has the same bytes and keeps its file.
    pub(super) fn entry(&self) -> &'a Entry {
        self.entry
    }

    /// Its group on `domain`'s page, as the template shows it. Its addresses are made with
    /// `concat`, not `format!`: the source sites' pages have a group for every briefing that
    /// cites each site, and making these addresses with `format!` was a twentieth of a first
    /// build at 10,000 briefings.
    pub(super) fn group(&self, domain: &str) -> DomainGroup<'a> {
        let briefing = &self.entry.briefing;
        let href = [briefing.slug.as_str(), "/index.html"].concat();
        DomainGroup {
            title: briefing.title.as_deref().unwrap_or(&briefing.slug),
            date_display: briefing.captured.date.map(|date| date.long()),
            claims: self
                .citations
                .iter()
                .map(|citation| DomainClaim {
                    href: [href.as_str(), "#claim-", &citation.claim.id].concat(),
                    label: citation.claim.label.as_deref(),
                    text: &citation.claim.text,
                    numbers: numbers_text(citation.numbers(domain)),
                })
                .collect(),
            href,
        }
    }
}

/// Cited numbers as a domain's page shows them: `[1] [3]`.
fn numbers_text(numbers: impl Iterator<Item = u32>) -> String {
    let mut text = String::new();
    for number in numbers {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push('[');
        crate::decimal::push(&mut text, number);
        text.push(']');
    }
    text
}

/// A domain's `citations` split briefing by briefing.
fn by_briefing<'c, 'a>(
    citations: &'c [DomainCitation<'a>],
) -> impl Iterator<Item = &'c [DomainCitation<'a>]> {
    citations.chunk_by(|a, b| std::ptr::eq(a.entry, b.entry))
}

/// A tag as a page shows it: its slug for the address, its name as written for the text.
#[derive(Debug, Serialize)]
pub(super) struct TagView<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
}

/// The tags of a briefing, as pages show them.
pub(super) fn tag_views(briefing: &Briefing) -> impl Iterator<Item = TagView<'_>> {
    briefing.tags.iter().map(|slug| TagView {
        slug,
        name: briefing.tag_name(slug),
    })
}

/// A row of the tags index.
#[derive(Debug, Serialize)]
pub(super) struct TagRow {
    pub(super) tag: String,
    pub(super) href: String,
    pub(super) count: usize,
}

/// The address a source links to: the full address, or for a truncated one its site's home
/// page, so a cut-off address is never passed off as complete. `None`: not a web address.
pub(super) fn source_href(source: &Source) -> Option<String> {
    if !is_linkable(&source.url) || source.domain.is_empty() {
        return None;
    }
    Some(if source.truncated {
        format!("https://{}/", source.domain)
    } else {
        href_of(&source.url)
    })
}

/// An address as pages show it, through the `address` macro: the text as written, and what
/// of it is a link.
#[derive(Debug, Serialize)]
pub(super) struct AddressView<'a> {
    /// The address as written, without a trailing `…`.
    pub(super) text: &'a str,
    /// Where its link goes: the address itself, or only its site when it was cut short;
    /// `None` when it is not a web address (or is not to be linked).
    pub(super) href: Option<String>,
    /// For a linked address cut short: the part up to the end of the host, which is what the
    /// link covers, and the cut-off rest, shown as plain text.
    pub(super) host: &'a str,
    pub(super) rest: &'a str,
    /// Whether the address was cut short in the snapshot.
    pub(super) truncated: bool,
}

impl<'a> AddressView<'a> {
    /// A source's address, linked where it is a web address.
    pub(super) fn of_source(source: &'a Source) -> Self {
        let (host, rest) = split_host(&source.url);
        AddressView {
            text: &source.url,
            href: source_href(source),
            host,
            rest,
            truncated: source.truncated,
        }
    }

    /// An address shown as text only (the engine's own page).
    pub(super) fn unlinked(text: &'a str, truncated: bool) -> Self {
        AddressView {
            text,
            href: None,
            host: text,
            rest: "",
            truncated,
        }
    }
}

/// Split an address after its host: `a.org/x/y` → (`a.org`, `/x/y`).
pub(super) fn split_host(url: &str) -> (&str, &str) {
    let after_scheme = crate::address::split_scheme(url).map_or(0, |(scheme, _)| scheme.len() + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    url.split_at(end)
}

/// How a claim is named in a source's backlink: its label, or its first words.
pub(super) fn claim_name(claim: &Claim) -> String {
    if let Some(label) = &claim.label {
        return label.to_string();
    }
    first_words(&claim.text, 6)
}

/// The briefing page's view model.
#[derive(Debug, Serialize)]
pub(super) struct BriefingPage<'a> {
    pub(super) slug: &'a str,
    pub(super) title: String,
    pub(super) query: Option<&'a str>,
    pub(super) engine: Option<&'a str>,
    /// The address of the engine's answer page, as text.
    pub(super) origin: Option<AddressView<'a>>,
    pub(super) author: Option<&'a str>,
    pub(super) handle: Option<&'a str>,
    pub(super) date: Option<Date>,
    pub(super) date_display: Option<String>,
    pub(super) tags: Vec<TagView<'a>>,
    pub(super) summary: Vec<ClaimView<'a>>,
    pub(super) sections: Vec<SectionView<'a>>,
    pub(super) disclaimer: Option<&'a str>,
    pub(super) sources: Vec<SourceView<'a>>,
    pub(super) claim_count: usize,
    pub(super) uncited_count: usize,
    /// Links to earlier and later captures of the same query, and what changed.
    pub(super) history: Option<HistoryView>,
    /// schema.org JSON-LD, escaped for a script element.
    pub(super) json_ld: String,
    /// The `ClaimReview`s of its reviewed claims, as JSON-LD (see `structured`).
    pub(super) claim_reviews: Option<String>,
    /// How many claims rest on each kind of source, when `sources.toml` knows some.
    pub(super) source_mix: Option<SourceMix>,
    /// The page's absolute address, when the site has a base_url.
    pub(super) url: Option<String>,
    /// The first claim, for `description` and Open Graph.
    pub(super) description: Option<String>,
}

/// The capture-history block of a briefing page.
#[derive(Debug, Serialize)]
pub(super) struct HistoryView {
    pub(super) previous: Option<CaptureLink>,
    pub(super) next: Option<CaptureLink>,
    /// What changed since the previous capture.
    pub(super) changes: Option<ChangesView>,
}

#[derive(Debug, Serialize)]
pub(super) struct CaptureLink {
    /// Relative to the site root.
    pub(super) href: String,
    pub(super) title: String,
    pub(super) date_display: String,
}

#[derive(Debug, Serialize)]
pub(super) struct ChangesView {
    pub(super) summary: String,
    pub(super) lines: Vec<ChangeLine>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChangeLine {
    /// What kind of change; its name is the line's CSS class.
    pub(super) kind: ChangeKind,
    pub(super) text: String,
}

impl HistoryView {
    pub(super) fn new(entry: &Entry, neighbours: &Neighbours) -> Self {
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
                .map_or_else(|| "undated".to_owned(), |date| date.long()),
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

/// The kinds of change a briefing page's history block lists (`added`, … in templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChangeKind {
    /// A claim added.
    Added,
    /// A claim removed.
    Removed,
    /// A claim whose text or citations changed.
    Changed,
    /// A claim moved to another section.
    Moved,
    /// A source added, removed or re-addressed.
    Source,
}

impl ChangeKind {
    /// Its name, as templates get it: the line's CSS class is `change-<name>`.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
            ChangeKind::Source => "source",
        }
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One line per change, for the compact block on a briefing page.
pub(super) fn change_lines(diff: &BriefingDiff) -> Vec<ChangeLine> {
    let name = |label: &Option<String>, text: &str| match label {
        Some(label) => label.clone(),
        None => shorten(text),
    };
    let line = |kind, text| ChangeLine { kind, text };
    let mut lines = Vec::new();
    for claim in &diff.claims_added {
        lines.push(line(
            ChangeKind::Added,
            format!("Added: {}", name(&claim.label, &claim.text)),
        ));
    }
    for claim in &diff.claims_removed {
        lines.push(line(
            ChangeKind::Removed,
            format!("Removed: {}", name(&claim.label, &claim.text)),
        ));
    }
    for change in &diff.claims_changed {
        lines.push(line(
            ChangeKind::Changed,
            format!("Changed: {}", shorten(&change.new_text)),
        ));
    }
    for moved in &diff.claims_moved {
        let to = moved.to.as_deref().unwrap_or("the summary");
        lines.push(line(
            ChangeKind::Moved,
            format!("Moved to {to}: {}", moved.id),
        ));
    }
    for source in &diff.sources_added {
        lines.push(line(
            ChangeKind::Source,
            format!("Source [{}] added: {}", source.number, source.url),
        ));
    }
    for source in &diff.sources_removed {
        lines.push(line(
            ChangeKind::Source,
            format!("Source [{}] removed: {}", source.number, source.url),
        ));
    }
    for source in &diff.sources_readdressed {
        lines.push(line(
            ChangeKind::Source,
            format!("Source [{}] now {}", source.number, source.new_url),
        ));
    }
    lines
}

/// The id of a citation's preview: `preview-<claim id>-<number>`.
fn preview_id(claim: &str, number: u32) -> String {
    let mut id = String::with_capacity(claim.len() + 16);
    id.push_str("preview-");
    id.push_str(claim);
    id.push('-');
    crate::decimal::push(&mut id, number);
    id
}

/// The first words of a text, for a one-line mention.
pub(super) fn shorten(text: &str) -> String {
    first_words(text, 10)
}

/// The first `count` words of `text`, with `…` when there are more.
fn first_words(text: &str, count: usize) -> String {
    let mut words = text.split_whitespace();
    let mut shown = String::new();
    for word in words.by_ref().take(count) {
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(word);
    }
    if words.next().is_some() {
        shown.push('…');
    }
    shown
}

#[derive(Debug, Serialize)]
pub(super) struct SectionView<'a> {
    pub(super) id: &'a str,
    pub(super) heading: &'a str,
    pub(super) claims: Vec<ClaimView<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct ClaimView<'a> {
    pub(super) id: &'a str,
    pub(super) label: Option<&'a str>,
    pub(super) text: &'a str,
    /// Safe HTML of styled text, built from escaped text (see `inline`).
    pub(super) html: Option<String>,
    pub(super) citations: Vec<CitationView<'a>>,
    /// An editor's review of the claim.
    pub(super) review: Option<ReviewView<'a>>,
}

/// A review as a page shows it, beside its claim.
#[derive(Debug, Serialize)]
pub(super) struct ReviewView<'a> {
    /// `disputed`, for the class; `Disputed`, for the badge.
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) note: Option<&'a str>,
    pub(super) by: Option<&'a str>,
    pub(super) date: Option<Date>,
    pub(super) date_display: Option<String>,
}

impl<'a> ReviewView<'a> {
    pub(super) fn new(review: &'a Review) -> Self {
        ReviewView {
            status: review.status.as_str(),
            status_label: status_label(review.status),
            note: review.note.as_deref(),
            by: review.by.as_deref(),
            date: review.date,
            date_display: review.date.map(|date| date.long()),
        }
    }
}

/// The briefings that have disputed claims, newest first, each with those claims: what
/// `disputed/index.html` lists.
#[derive(Debug, Serialize)]
pub(super) struct DisputedGroup<'a> {
    pub(super) title: &'a str,
    pub(super) date_display: Option<String>,
    pub(super) href: String,
    pub(super) claims: Vec<DisputedClaim<'a>>,
}

/// A disputed claim, with its link and its review.
#[derive(Debug, Serialize)]
pub(super) struct DisputedClaim<'a> {
    pub(super) href: String,
    pub(super) label: Option<&'a str>,
    pub(super) text: &'a str,
    pub(super) review: ReviewView<'a>,
}

impl<'a> DisputedGroup<'a> {
    /// The groups of `entries` (in index order) that have a disputed claim.
    pub(super) fn all(entries: &[&'a Entry]) -> Vec<Self> {
        entries
            .iter()
            .filter_map(|entry| {
                let briefing = &entry.briefing;
                let href = format!("{}/index.html", briefing.slug);
                let claims: Vec<DisputedClaim> = briefing
                    .claims()
                    .filter_map(|claim| {
                        let review = claim.review.as_ref()?;
                        (review.status == ReviewStatus::Disputed).then(|| DisputedClaim {
                            href: format!("{href}#claim-{}", claim.id),
                            label: claim.label.as_deref(),
                            text: &claim.text,
                            review: ReviewView::new(review),
                        })
                    })
                    .collect();
                (!claims.is_empty()).then(|| DisputedGroup {
                    title: briefing.title.as_deref().unwrap_or(&briefing.slug),
                    date_display: briefing.captured.date.map(|date| date.long()),
                    href,
                    claims,
                })
            })
            .collect()
    }
}

/// A review status as a badge says it.
pub(super) fn status_label(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Verified => "Verified",
        ReviewStatus::Disputed => "Disputed",
        ReviewStatus::Unsupported => "Unsupported",
        ReviewStatus::Outdated => "Outdated",
    }
}

/// One citation in a claim, with what its preview shows.
#[derive(Debug, Serialize)]
pub(super) struct CitationView<'a> {
    pub(super) number: u32,
    /// The id of its preview, `preview-<claim id>-<number>`, made here rather than in the
    /// template: a page has hundreds of citations, and each lookup in a template costs.
    pub(super) preview_id: String,
    /// What the preview says: the source's title and address, `…` where it was cut short.
    pub(super) preview: String,
    /// Whether the source exists (a parse error otherwise, but render what there is).
    pub(super) known: bool,
    pub(super) domain: &'a str,
    pub(super) url: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) truncated: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct SourceView<'a> {
    pub(super) number: u32,
    /// The domain's page under `sources/`, relative to the site root.
    pub(super) domain_href: Option<String>,
    pub(super) url: &'a str,
    /// The address as shown, with its link.
    pub(super) address: AddressView<'a>,
    pub(super) domain: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) truncated: bool,
    pub(super) backlinks: Vec<Backlink>,
    /// What `links.toml` says of the address, where a reader should know it.
    pub(super) link: Option<LinkView>,
    /// Who publishes at its domain, from `sources.toml`.
    pub(super) publisher: Option<PublisherView<'a>>,
}

/// A publisher as pages name it: `Jamestown Foundation`, a think tank.
#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub(super) struct PublisherView<'a> {
    pub(super) name: &'a str,
    /// `think tank`, as shown, and `think-tank`, for a class.
    pub(super) kind: &'static str,
    pub(super) kind_slug: &'static str,
}

impl<'a> PublisherView<'a> {
    /// The publisher of `domain`, if `publishers` names one.
    pub(super) fn of(domain: &str, publishers: &'a Publishers) -> Option<Self> {
        publishers.of(domain).map(|publisher| PublisherView {
            name: &publisher.name,
            kind: publisher.kind.as_str(),
            kind_slug: publisher.kind.slug(),
        })
    }
}

/// How many of a briefing's claims rest on each kind of source, and how many on none: the
/// figure at the top of its page. A claim citing two kinds counts for both.
#[derive(Debug, Serialize)]
pub(super) struct SourceMix {
    /// One bar a kind with claims, in the order of [`Kind::ALL`], then sources of no known
    /// kind, then no source.
    pub(super) rows: Vec<MixRow>,
    /// The figure's height, in its own units.
    pub(super) height: usize,
    /// The figure in words, for screen readers: `Of 11 claims, 6 rest on news, …`.
    pub(super) text: String,
}

/// One bar of the source mix.
#[derive(Debug, Serialize)]
pub(super) struct MixRow {
    pub(super) label: &'static str,
    /// For its class: a kind's slug, `unknown` or `none`.
    pub(super) class: &'static str,
    pub(super) count: usize,
    /// Where its bar stands and how long it is, in the figure's units (320 wide).
    pub(super) y: usize,
    pub(super) width: usize,
}

impl SourceMix {
    /// How long the longest bar is (bars start at 120 of the figure's 320), and the height
    /// of a row.
    const BAR_MAX: usize = 160;
    const ROW: usize = 24;

    /// The mix of `briefing`; `None` when `publishers` knows the kind of none of its sources,
    /// so that a site without `sources.toml` shows no figure.
    pub(super) fn of(briefing: &Briefing, publishers: &Publishers) -> Option<Self> {
        let kind_of = |number: u32| {
            briefing
                .source(number)
                .and_then(|source| publishers.of(&source.domain))
                .map(|publisher| publisher.kind)
        };
        if !briefing
            .sources
            .iter()
            .any(|s| publishers.of(&s.domain).is_some())
        {
            return None;
        }
        let claims = briefing.claims().count();
        let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
        let (mut unknown, mut none) = (0, 0);
        for claim in briefing.claims() {
            if claim.citations.is_empty() {
                none += 1;
                continue;
            }
            let kinds: std::collections::BTreeSet<Option<Kind>> = claim
                .citations
                .iter()
                .map(|number| kind_of(*number))
                .collect();
            for kind in kinds {
                match kind {
                    Some(kind) => *by_kind.entry(kind).or_default() += 1,
                    None => unknown += 1,
                }
            }
        }
        let mut counted: Vec<(&'static str, &'static str, usize)> = by_kind
            .into_iter()
            .map(|(kind, count)| (kind_label(kind), kind.slug(), count))
            .collect();
        counted.push(("other sources", "unknown", unknown));
        counted.push(("no source", "none", none));
        counted.retain(|(_, _, count)| *count > 0);
        let most = counted
            .iter()
            .map(|(_, _, count)| *count)
            .max()
            .unwrap_or(1);
        let rows: Vec<MixRow> = counted
            .iter()
            .enumerate()
            .map(|(i, (label, class, count))| MixRow {
                label,
                class,
                count: *count,
                y: i * Self::ROW,
                width: (count * Self::BAR_MAX).div_ceil(most).max(2),
            })
            .collect();
        let mut parts: Vec<String> = counted
            .iter()
            .map(|(label, _, count)| {
                let verb = if *count == 1 { "cites" } else { "cite" };
                format!("{count} {verb} {label}")
            })
            .collect();
        if parts.len() > 1 {
            let last = parts.len() - 1;
            parts[last] = format!("and {}", parts[last]);
        }
        let text = format!(
            "What the claims rest on: of {claims} claim{}, {}.",
            if claims == 1 { "" } else { "s" },
            parts.join(", ")
        );
        Some(SourceMix {
            height: rows.len() * Self::ROW,
            rows,
            text,
        })
    }
}

/// A kind of source as the source mix names it.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::News => "news",
        Kind::Government => "government",
        Kind::Academic => "academic work",
        Kind::Reference => "reference works",
        Kind::ThinkTank => "think tanks",
        Kind::Company => "companies",
        Kind::Video => "video",
        Kind::Social => "social media",
        Kind::Blog => "blogs",
    }
}

/// A source address that `briefing links` found gone or moved.
#[derive(Debug, Serialize)]
pub(super) struct LinkView {
    /// `gone` or `moved`.
    pub(super) state: &'static str,
    /// The day of the check, `2026-11-20`, and as people read it.
    pub(super) checked: String,
    pub(super) checked_display: String,
    /// What the check found: `HTTP 404`, `no such host`.
    pub(super) outcome: String,
    /// For a gone address: the Wayback Machine's copy nearest the day of the check.
    pub(super) archive_href: Option<String>,
    /// For a moved address: where it leads now, and its link where that is a web address.
    pub(super) moved_to: Option<String>,
    pub(super) moved_href: Option<String>,
}

impl LinkView {
    /// The view of `source`'s record in `book`; `None` when there is nothing to say.
    pub(super) fn of_source(source: &Source, book: &LinkBook) -> Option<Self> {
        if book.is_empty() {
            return None;
        }
        let address = crate::links::checked_address(source)?;
        let record = book.get(&address)?;
        let (state, archive_href, moved_to) = match record.verdict(&address) {
            Verdict::Gone => (
                "gone",
                Some(crate::links::archive_address(&address, record.checked)),
                None,
            ),
            Verdict::Moved(to) => ("moved", None, Some(to.to_owned())),
            Verdict::Unremarkable => return None,
        };
        let moved_href = moved_to
            .as_deref()
            .filter(|to| is_linkable(to) && to.contains("://"))
            .map(href_of);
        Some(LinkView {
            state,
            checked: record.checked.to_string(),
            checked_display: record.checked.long(),
            outcome: record.outcome(),
            archive_href,
            moved_to,
            moved_href,
        })
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Backlink {
    pub(super) id: String,
    pub(super) name: String,
}

impl<'a> BriefingPage<'a> {
    /// The page of `briefing`, naming its sources' publishers from `publishers`.
    pub(super) fn new(briefing: &'a Briefing, publishers: &'a Publishers) -> Self {
        let mut seen_domains = std::collections::BTreeSet::new();
        let mut backlinks: BTreeMap<u32, Vec<Backlink>> = BTreeMap::new();
        for claim in briefing.claims() {
            for &number in &claim.citations {
                backlinks.entry(number).or_default().push(Backlink {
                    id: claim.id.to_string(),
                    name: claim_name(claim),
                });
            }
        }
        let claim_view = |claim: &'a Claim| ClaimView {
            id: &claim.id,
            label: claim.label.as_deref(),
            text: &claim.text,
            html: super::inline::spans_html(&claim.spans),
            citations: claim
                .citations
                .iter()
                .map(|&number| match briefing.source(number) {
                    // Made with `concat`, not `format!`: a page has a few dozen citations, a
                    // site hundreds of thousands.
                    Some(source) => CitationView {
                        number,
                        preview_id: preview_id(&claim.id, number),
                        preview: {
                            let mark = if source.truncated { "…" } else { "" };
                            let (by, by_dot) = publishers
                                .of(&source.domain)
                                .map_or(("", ""), |p| (p.name.as_str(), " · "));
                            let (title, title_dot) = match &source.title {
                                Some(title) => (&**title, " · "),
                                None => ("", ""),
                            };
                            [by, by_dot, title, title_dot, &source.url, mark].concat()
                        },
                        known: true,
                        domain: &source.domain,
                        url: &source.url,
                        title: source.title.as_deref(),
                        truncated: source.truncated,
                    },
                    None => CitationView {
                        number,
                        preview_id: preview_id(&claim.id, number),
                        preview: String::new(),
                        known: false,
                        domain: "",
                        url: "",
                        title: None,
                        truncated: false,
                    },
                })
                .collect(),
            review: claim.review.as_deref().map(ReviewView::new),
        };
        BriefingPage {
            slug: &briefing.slug,
            title: briefing
                .title
                .clone()
                .unwrap_or_else(|| briefing.slug.clone()),
            query: briefing.query.as_deref(),
            engine: briefing.origin.engine.as_deref(),
            origin: briefing
                .origin
                .url
                .as_deref()
                .map(|url| AddressView::unlinked(url, briefing.origin.truncated)),
            author: briefing.captured.author.as_deref(),
            handle: briefing.captured.handle.as_deref(),
            date: briefing.captured.date,
            date_display: briefing.captured.date.map(|date| date.long()),
            tags: tag_views(briefing).collect(),
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
                .map(|source| {
                    // "All claims citing a site" once per site, at its first source.
                    let first_of_site = seen_domains.insert(&*source.domain);
                    SourceView {
                        number: source.number,
                        domain_href: domain_path(&source.domain)
                            .filter(|_| first_of_site)
                            .map(|path| format!("sources/{path}/index.html")),
                        url: &source.url,
                        address: AddressView::of_source(source),
                        domain: &source.domain,
                        title: source.title.as_deref(),
                        truncated: source.truncated,
                        backlinks: backlinks.remove(&source.number).unwrap_or_default(),
                        link: None,
                        publisher: PublisherView::of(&source.domain, publishers),
                    }
                })
                .collect(),
            claim_count: briefing.claims().count(),
            uncited_count: briefing.uncited_count(),
            history: None,
            json_ld: String::new(),
            claim_reviews: None,
            source_mix: SourceMix::of(briefing, publishers),
            url: None,
            description: Some(super::structured::description(briefing)),
        }
    }
}

/// One line of the index.
#[derive(Debug, Serialize)]
pub(super) struct IndexItem<'a> {
    pub(super) href: String,
    pub(super) title: &'a str,
    pub(super) date: Option<Date>,
    pub(super) date_display: Option<String>,
    pub(super) engine: Option<&'a str>,
    pub(super) claim_count: usize,
    pub(super) source_count: usize,
    pub(super) uncited_count: usize,
    /// The briefing's first [`LISTED_TAGS`] tags.
    pub(super) tags: Vec<TagView<'a>>,
    /// How many tags it has past those.
    pub(super) more_tags: usize,
    /// How many claims have each review status, when any claim is reviewed.
    pub(super) reviews: Option<ReviewCounts>,
}

/// How many of a briefing's tags its entry in a list shows, the rest counted. Each of its
/// tags' pages lists the briefing: listing every tag in each made a briefing's tag pages
/// weigh the square of its tags (a pasted list of 8,000 keywords wrote 4.3 GB).
pub(super) const LISTED_TAGS: usize = 12;

/// How many of a briefing's claims are verified, disputed, unsupported, outdated, and not
/// reviewed.
#[derive(Debug, Default, Serialize)]
pub(super) struct ReviewCounts {
    pub(super) verified: usize,
    pub(super) disputed: usize,
    pub(super) unsupported: usize,
    pub(super) outdated: usize,
    pub(super) unreviewed: usize,
}

impl ReviewCounts {
    /// The counts of `briefing`, `None` when none of its claims is reviewed.
    pub(super) fn of(briefing: &Briefing) -> Option<Self> {
        let mut counts = ReviewCounts::default();
        let mut claims = 0;
        for claim in briefing.claims() {
            claims += 1;
            match claim.review.as_ref().map(|review| review.status) {
                None => counts.unreviewed += 1,
                Some(ReviewStatus::Verified) => counts.verified += 1,
                Some(ReviewStatus::Disputed) => counts.disputed += 1,
                Some(ReviewStatus::Unsupported) => counts.unsupported += 1,
                Some(ReviewStatus::Outdated) => counts.outdated += 1,
            }
        }
        (counts.unreviewed < claims).then_some(counts)
    }
}

impl<'a> IndexItem<'a> {
    pub(super) fn new(entry: &'a Entry) -> Self {
        let briefing = &entry.briefing;
        IndexItem {
            href: [briefing.slug.as_str(), "/index.html"].concat(),
            title: briefing.title.as_deref().unwrap_or(&briefing.slug),
            date: briefing.captured.date,
            date_display: briefing.captured.date.map(|date| date.long()),
            engine: briefing.origin.engine.as_deref(),
            claim_count: briefing.claims().count(),
            source_count: briefing.sources.len(),
            uncited_count: briefing.uncited_count(),
            tags: tag_views(briefing).take(LISTED_TAGS).collect(),
            more_tags: briefing.tags.len().saturating_sub(LISTED_TAGS),
            reviews: ReviewCounts::of(briefing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_numbers_read_as_brackets_apart() {
        assert_eq!(numbers_text([3].into_iter()), "[3]");
        assert_eq!(numbers_text([1, 12, 105].into_iter()), "[1] [12] [105]");
        assert_eq!(numbers_text(std::iter::empty()), "");
    }

    #[test]
    fn first_words_are_joined_by_one_space_and_marked_when_cut() {
        assert_eq!(first_words("  one\ttwo\n three  ", 3), "one two three");
        assert_eq!(first_words("one two three four", 3), "one two three…");
        assert_eq!(first_words("", 3), "");
        assert_eq!(first_words("one", 0), "…");
    }

    #[test]
    fn a_list_entry_shows_the_first_tags_and_counts_the_rest() {
        let tags: Vec<String> = (0..20).map(|i| format!("t{i:02}")).collect();
        let text = format!("---\ntitle: T\ntags: [{}]\n---\nA.\n", tags.join(", "));
        let briefing = crate::parse::parse(&text, crate::parse::Dialect::Markdown).briefing;
        let entry = Entry {
            briefing,
            diagnostics: Vec::new(),
            path: "t.md".into(),
        };
        let item = IndexItem::new(&entry);
        let shown: Vec<&str> = item.tags.iter().map(|tag| tag.name).collect();
        assert_eq!(shown, tags[..LISTED_TAGS]);
        assert_eq!(item.more_tags, 20 - LISTED_TAGS);
    }

    #[test]
    fn the_source_mix_counts_each_claim_once_per_kind_it_rests_on() {
        let text = "q – Perplexity\nA. [1]\nB. [1, 2]\nC. [2, 3]\nD.\nE. [3]\n[1] https://news.example/a\n[2] https://gov.example/b\n[3] https://blog.example/c\n";
        let briefing = crate::parse::parse(text, crate::parse::Dialect::Pasted).briefing;
        assert!(SourceMix::of(&briefing, &Publishers::default()).is_none());
        let publishers = Publishers::from_toml(
            "\"news.example\" = { name = \"N\", kind = \"news\" }\n\"gov.example\" = { name = \"G\", kind = \"government\" }\n",
        )
        .unwrap();
        let mix = SourceMix::of(&briefing, &publishers).unwrap();
        let rows: Vec<(&str, usize, usize)> = mix
            .rows
            .iter()
            .map(|row| (row.class, row.count, row.width))
            .collect();
        // news: A, B; government: B, C; other (the blog): C, E; none: D.
        assert_eq!(
            rows,
            [
                ("news", 2, 160),
                ("government", 2, 160),
                ("unknown", 2, 160),
                ("none", 1, 80)
            ]
        );
        assert_eq!(mix.rows[3].y, 72);
        assert_eq!(mix.height, 96);
        assert_eq!(
            mix.text,
            "What the claims rest on: of 5 claims, 2 cite news, 2 cite government, 2 cite other sources, and 1 cites no source."
        );
    }

    fn source(url: &str, truncated: bool) -> Source {
        Source {
            number: 1,
            url: url.into(),
            truncated,
            domain: crate::address::domain_of(url).into(),
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
    fn hosts_split_from_paths() {
        assert_eq!(split_host("a.org/x/y"), ("a.org", "/x/y"));
        assert_eq!(split_host("https://a.org?q=1"), ("https://a.org", "?q=1"));
        assert_eq!(split_host("a.org"), ("a.org", ""));
    }
}
