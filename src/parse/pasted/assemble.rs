//! Pass 5: headings open sections, text is split into claims, sources are numbered as written
//! (cards after them) and provenance is filled in. Text after the source list, or a second
//! answer pasted below the first, is left out and reported.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::text::is_heading_like;
use super::unglue::{Piece, PieceKind};
use crate::address::{domain_label, domain_of, name_as_label, Address};
use crate::diagnostic::Diagnostic;
use crate::model::Briefing;
use crate::parse::build::Builder;
use crate::parse::claims::{drop_dangling_cell_separator, DraftClaim, Inline, Style};
use crate::parse::markers::{
    cite_address_groups, cites_after_stops, cites_by_named_chips, inlines_from_text, KnownSources,
};
use crate::parse::scan::author_year::may_cite_by_author_year;
use crate::parse::scan::entries::SourceEntry;
use crate::parse::shared::{apply_trailer, clean_heading, source_at};
use crate::parse::vocabulary::{is_link_list_heading, is_source_heading};

/// Build the briefing from classified pieces; returns the drafts of all claims in order and
/// where each source's entry is.
pub(crate) fn assemble(
    pieces: Vec<Piece<'_>>,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<DraftClaim>, BTreeMap<u32, Range<usize>>) {
    let mut builder = Builder::new(briefing);
    let mut listed = Listed::of(builder.briefing);
    let mut source_spans = BTreeMap::new();
    // Superscripts and bare digits are citations only where the list has such a source, and
    // a site's name alone is one only where the paste cites by names elsewhere.
    // Only a text with a parenthesis closing on a year can cite its references by author.
    let cites_by_author_year = pieces.iter().any(|piece| {
        !matches!(piece.kind, PieceKind::Source(_)) && may_cite_by_author_year(piece.text)
    });
    let (mut cited_addresses, site_domains) = CitedAddresses::new(&pieces, builder.briefing);
    let known: KnownSources = pieces
        .iter()
        .filter_map(|piece| match &piece.kind {
            PieceKind::Source(entry) => Some(entry.number),
            _ => None,
        })
        .collect::<KnownSources>()
        .citing_by_names(pieces.iter().any(|piece| cites_by_named_chips(piece.text)))
        .with_site_domains(site_domains)
        .with_references(
            pieces
                .iter()
                .filter(|_| cites_by_author_year)
                .filter_map(|piece| match &piece.kind {
                    PieceKind::Source(entry) => Some((entry.number, entry.title.as_deref()?)),
                    _ => None,
                }),
        );
    let cites_after_stops = pieces.iter().any(|piece| {
        !matches!(piece.kind, PieceKind::Source(_)) && cites_after_stops(piece.text, &known)
    });
    let known = known.citing_after_stops(cites_after_stops);
    let mut in_sources = false;
    let mut dropped: Option<(usize, usize)> = None;
    let mut cards: Vec<(String, Range<usize>)> = Vec::new();
    let mut pending_heading: Option<usize> = None;
    let mut in_link_list = false;
    let rows = table_rows(&pieces);
    for (piece, row) in pieces.into_iter().zip(rows) {
        // A list above the answer (a page copy that shows its sources first) closes nothing:
        // what follows it is the answer.
        let after_list = !matches!(
            piece.kind,
            PieceKind::Source(_) | PieceKind::SourceHeading | PieceKind::CardDetail
        );
        if in_sources
            && after_list
            && cards.is_empty()
            && builder.briefing.claims().next().is_none()
        {
            in_sources = false;
            pending_heading = None;
        }
        // A table of sources: its rows are entries, read as such.
        let row = row.filter(|_| !matches!(piece.kind, PieceKind::Source(_)));
        match row {
            // A table's header names its columns: neither claim nor heading, as in Markdown.
            Some(TableRow::Header) => continue,
            Some(TableRow::Body(separator)) if !in_sources && !in_link_list => {
                // `| a | b |`: the outer bars go.
                let (text, at) = if separator == '|' {
                    let inner = piece.text.trim_start_matches('|');
                    let at = piece.start + piece.text.len() - inner.len();
                    (inner.trim_end_matches('|'), at)
                } else {
                    (piece.text, piece.start)
                };
                let mut inlines = piece_inlines(text, at, &known);
                join_cells(&mut inlines, separator);
                drop_dangling_cell_separator(&mut inlines);
                let inlines = cited_addresses.cite(inlines, &known);
                builder.add_block(&inlines, false, diagnostics);
                continue;
            }
            _ => {}
        }
        match piece.kind {
            // Another answer's list, numbered from [1] again, after text that followed the
            // first list: a second answer pasted below the first. Only the first is read.
            PieceKind::Source(entry)
                if (dropped.is_some() || pending_heading.is_some())
                    && builder
                        .briefing
                        .sources
                        .iter()
                        .any(|source| source.number >= entry.number) =>
            {
                let first = pending_heading
                    .take()
                    .or(dropped.take().map(|(first, _)| first))
                    .unwrap_or(piece.start);
                diagnostics.push(
                    Diagnostic::warning(
                        first..first,
                        "a second answer begins here, numbering its sources from the start again; only the first answer is read",
                    )
                    .with_help("put each answer in a file of its own"),
                );
                break;
            }
            PieceKind::Source(entry) => {
                in_sources = true;
                pending_heading = None;
                let span = piece.start..piece.start + piece.text.len();
                if add_source(
                    builder.briefing,
                    entry,
                    span.clone(),
                    &mut listed,
                    diagnostics,
                ) {
                    source_spans.insert(
                        builder.briefing.sources[builder.briefing.sources.len() - 1].number,
                        span,
                    );
                }
            }
            PieceKind::Signature(signature) => {
                let captured = &mut builder.briefing.captured;
                captured.author = captured.author.take().or(signature.name);
                captured.handle = captured.handle.take().or(signature.handle);
                if let Some(date) = signature.date {
                    if captured.date.is_none() {
                        captured.date = Some(date.date);
                    }
                }
            }
            PieceKind::Trailer(trailer) => {
                apply_trailer(builder.briefing, trailer, piece.start, diagnostics)
            }
            PieceKind::Disclaimer => {
                if builder.briefing.disclaimer.is_none() {
                    builder.briefing.disclaimer = Some(piece.text.to_owned());
                }
            }
            PieceKind::CardTitle => {
                // Cards close the answer as a source list does.
                in_sources = true;
                cards.push((
                    piece.text.to_owned(),
                    piece.start..piece.start + piece.text.len(),
                ));
            }
            PieceKind::SourceHeading | PieceKind::CardDetail => {}
            // A heading after the list is either stray (more entries follow) or opens a second
            // answer (text follows): decide when the next piece comes.
            PieceKind::Heading if in_sources => {
                pending_heading.get_or_insert(piece.start);
            }
            _ if in_sources && is_heading_like(piece.text) => {
                pending_heading.get_or_insert(piece.start);
            }
            PieceKind::Heading if is_source_heading(piece.text) => {}
            _ if in_sources => {
                let first = pending_heading.take().unwrap_or(piece.start);
                dropped.get_or_insert((first, 0)).1 += 1;
            }
            PieceKind::Heading => {
                let heading = clean_heading(piece.text);
                in_link_list = is_link_list_heading(&heading);
                builder.open_section(heading);
            }
            // `See also`, `External links`: a list of links, not claims.
            PieceKind::Undecided | PieceKind::Text | PieceKind::Item if in_link_list => {}
            PieceKind::Undecided | PieceKind::Text | PieceKind::Item => {
                let inlines = piece_inlines(piece.text, piece.start, &known);
                let inlines = cited_addresses.cite(inlines, &known);
                builder.add_block(&inlines, piece.continues_item, diagnostics);
            }
        }
    }
    // Addresses and names share one count: their sources follow the list in that order.
    let by_address = cited_addresses
        .added
        .into_iter()
        .map(|(number, address, span)| {
            let source = source_at(number, address.url, address.truncated, None);
            (source, span)
        });
    let by_name = cited_addresses
        .added_names
        .into_iter()
        .map(|(number, name, span)| {
            (
                source_at(number, String::new(), false, Some(name.into())),
                span,
            )
        });
    for (number, name) in cited_addresses.site_names {
        let source = builder
            .briefing
            .sources
            .iter_mut()
            .find(|source| source.number == number);
        if let Some(source) = source.filter(|source| source.title.is_none()) {
            source.title = Some(name.into());
        }
    }
    let mut added: Vec<_> = by_address.chain(by_name).collect();
    added.sort_by_key(|(source, _)| source.number);
    for (source, span) in added {
        source_spans.insert(source.number, span);
        builder.briefing.sources.push(source);
    }
    // Cards carry no number: they follow the numbered sources, in the order they stand.
    let mut last_number = builder
        .briefing
        .sources
        .iter()
        .map(|source| source.number)
        .max()
        .unwrap_or(0);
    for (title, span) in cards {
        last_number = last_number.saturating_add(1);
        let number = last_number;
        source_spans.insert(number, span);
        let title = title.trim_end_matches('.').trim().into();
        builder
            .briefing
            .sources
            .push(source_at(number, String::new(), false, Some(title)));
    }
    // A short line left after the list (a follow-up question) is dropped text too.
    if let (None, Some(first)) = (dropped, pending_heading) {
        dropped = Some((first, 1));
    }
    if let Some((first, count)) = dropped {
        let lines = if count == 1 { "piece" } else { "pieces" };
        diagnostics.push(
            Diagnostic::warning(
                first..first,
                format!("text after the source list is not part of this briefing; {count} {lines} of text dropped"),
            )
            .with_help("move it above the source list if it belongs to the answer"),
        );
    }
    (builder.finish(), source_spans)
}

/// Addresses cited in brackets in the answer's text, `(https://…)` or `(source: https://…)`,
/// where an answer names its sources without numbering them: each cites the listed source
/// with that address, or a source of its own, numbered after the list in order of first
/// citation (SPEC 3.5).
///
/// Sources cited by name (`(Source: Reuters)`) are numbered so too: a listed source with that
/// title, or a source of its own titled by the name.
struct CitedAddresses {
    /// The number of every address known so far: the list's, then those added.
    numbers: HashMap<String, u32>,
    /// The number of every name known so far, lowercase: the list's titles, then those added.
    names: HashMap<String, u32>,
    /// The number of every listed site by its label (`reuters` for `reuters.com`), for a name
    /// that no title has.
    sites: HashMap<String, u32>,
    /// The number of each listed source with an address, in the order of the domains
    /// [`CitedAddresses::new`] gives for [`KnownSources::site_named`].
    site_numbers: Vec<u32>,
    /// The number the next new address or name takes.
    next: u32,
    /// The sources added, each with where it is first cited.
    added: Vec<(u32, Address, Range<usize>)>,
    /// The sources added by name, each with where it is first cited.
    added_names: Vec<(u32, String, Range<usize>)>,
    /// Listed sources cited by the name of their site, with that name: one listed without a
    /// title takes it.
    site_names: Vec<(u32, String)>,
}

impl CitedAddresses {
    /// What the list and the entries give, and the domain of each listed source with an
    /// address (for [`KnownSources::with_site_domains`]).
    fn new(pieces: &[Piece<'_>], briefing: &Briefing) -> (Self, Vec<String>) {
        let mut numbers = HashMap::new();
        let mut names = HashMap::new();
        let mut highest = 0;
        let listed = briefing
            .sources
            .iter()
            .map(|source| (source.number, &*source.url, source.title.as_deref()));
        let entries = pieces.iter().filter_map(|piece| match &piece.kind {
            PieceKind::Source(entry) => Some((
                entry.number,
                entry.address.url.as_str(),
                entry.title.as_deref(),
            )),
            _ => None,
        });
        let mut sites = HashMap::new();
        let (mut site_domains, mut site_numbers) = (Vec::new(), Vec::new());
        for (number, url, title) in listed.chain(entries) {
            highest = highest.max(number);
            if !url.is_empty() {
                numbers.entry(url.to_owned()).or_insert(number);
                let domain = domain_of(url);
                if let Some(label) = domain_label(&domain) {
                    sites.entry(label).or_insert(number);
                }
                site_domains.push(domain);
                site_numbers.push(number);
            }
            if let Some(title) = title {
                names.entry(title.to_lowercase()).or_insert(number);
            }
        }
        let cited = CitedAddresses {
            numbers,
            names,
            sites,
            site_numbers,
            next: highest.saturating_add(1),
            added: Vec::new(),
            added_names: Vec::new(),
            site_names: Vec::new(),
        };
        (cited, site_domains)
    }

    /// `inlines` with every bracketed address group in their text, and every citation by
    /// name, made a citation.
    fn cite(&mut self, inlines: Vec<Inline>, known: &KnownSources) -> Vec<Inline> {
        if !inlines.iter().any(|inline| {
            matches!(
                inline,
                Inline::Named { .. } | Inline::Unnumbered { site: Some(_), .. }
            )
        }) {
            return cite_address_groups(inlines, |address, span| self.number(address, span));
        }
        // Names and addresses take their numbers in the order they are cited.
        let mut cited = Vec::with_capacity(inlines.len());
        for inline in inlines {
            match inline {
                Inline::Named { names, span } => cited.push(Inline::Cite {
                    numbers: names
                        .into_iter()
                        .map(|name| self.named(name, span.clone()))
                        .collect(),
                    span,
                }),
                // A chip (`caranddriver+2`) cites the listed source on its site; the others it
                // counts are not named.
                Inline::Unnumbered {
                    site: Some(site),
                    span,
                } => cited.push(match known.site_named(&site) {
                    Some(index) => Inline::Cite {
                        numbers: vec![self.site_numbers[index]],
                        span,
                    },
                    None => Inline::Unnumbered {
                        site: Some(site),
                        span,
                    },
                }),
                other => cited.extend(cite_address_groups(vec![other], |address, span| {
                    self.number(address, span)
                })),
            }
        }
        cited
    }

    /// The number of the source named `name`: the listed source with that title, or else
    /// the one on the site of that name (`Reuters`, `reuters.com`), or the next one.
    fn named(&mut self, name: String, span: Range<usize>) -> u32 {
        let key = name.to_lowercase();
        if let Some(&number) = self.names.get(&key) {
            return number;
        }
        if let Some(&number) = self.sites.get(&name_as_label(&name)) {
            self.site_names.push((number, name));
            return number;
        }
        let number = self.next;
        self.next = self.next.saturating_add(1);
        self.names.insert(key, number);
        self.added_names.push((number, name, span));
        number
    }

    /// The number of `address`: the source's with that address, or the next one.
    fn number(&mut self, address: Address, span: Range<usize>) -> u32 {
        if let Some(&number) = self.numbers.get(&address.url) {
            return number;
        }
        let number = self.next;
        self.next = self.next.saturating_add(1);
        self.numbers.insert(address.url.clone(), number);
        self.added.push((number, address, span));
        number
    }
}

/// The numbers and addresses of the sources listed so far, so that each entry is checked
/// against them without searching the list: a paste can list thousands.
#[derive(Debug, Default)]
pub(super) struct Listed {
    numbers: std::collections::HashSet<u32>,
    addresses: std::collections::HashMap<String, u32>,
}

impl Listed {
    /// What `briefing` lists already.
    pub(super) fn of(briefing: &Briefing) -> Self {
        let mut listed = Listed::default();
        for source in &briefing.sources {
            listed.add(source.number, &source.url);
        }
        listed
    }

    fn add(&mut self, number: u32, url: &str) {
        self.numbers.insert(number);
        if !url.is_empty() {
            self.addresses.entry(url.to_owned()).or_insert(number);
        }
    }
}

/// Add a source-list entry; a number listed twice is an error, an address under two numbers
/// a warning. Returns whether the entry was added.
pub(super) fn add_source(
    briefing: &mut Briefing,
    entry: SourceEntry,
    span: Range<usize>,
    listed: &mut Listed,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if listed.numbers.contains(&entry.number) {
        diagnostics.push(
            Diagnostic::error(span, format!("source [{}] is listed twice", entry.number))
                .with_help("give each source its own number; the first entry is kept"),
        );
        return false;
    }
    // A bare domain (`[3] Nix v. Hedden - Wikipedia en.wikipedia.org`, as Kagi and Copilot
    // list sources) names a site, not a page: two pages of one site are no duplicate.
    let names_a_page = entry.address.url.contains('/');
    let earlier = names_a_page
        .then(|| listed.addresses.get(&entry.address.url))
        .flatten();
    if let Some(earlier) = earlier {
        diagnostics.push(Diagnostic::warning(
            span,
            format!(
                "source [{}] has the same address as source [{earlier}]; both are kept",
                entry.number
            ),
        ));
    }
    listed.add(entry.number, &entry.address.url);
    briefing.sources.push(source_at(
        entry.number,
        entry.address.url,
        entry.address.truncated,
        entry.title.map(Into::into),
    ));
    true
}

/// A row of a table that a copy kept as lines of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableRow {
    /// The first row, naming the columns, or the `|---|---|` line under it.
    Header,
    /// A row of the table's body, its cells parted by this character (a tab or `|`).
    Body(char),
}

/// Which pieces are rows of a table copied as lines of cells: tab-separated (`Type\tCost`, as
/// a browser copies an answer's table), two lines or more in a row with as many tabs each, or
/// Markdown's pipes in a paste (`| Type | Cost |`, then `|---|---|`, then the rows). Rows read
/// as source entries count, so that a table of sources loses its header as any table does.
fn table_rows(pieces: &[Piece]) -> Vec<Option<TableRow>> {
    fn text_of<'a>(piece: &Piece<'a>) -> Option<&'a str> {
        match piece.kind {
            PieceKind::Undecided
            | PieceKind::Text
            | PieceKind::Item
            | PieceKind::Heading
            | PieceKind::Source(_) => Some(piece.text),
            _ => None,
        }
    }
    let tabs = |piece: &Piece| text_of(piece).map_or(0, |text| text.matches('\t').count());
    let piped = |piece: &Piece| {
        text_of(piece)
            .is_some_and(|text| text.len() >= 3 && text.starts_with('|') && text.ends_with('|'))
    };
    let is_separator = |piece: &Piece| {
        piped(piece)
            && piece.text.contains('-')
            && piece
                .text
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' '))
    };
    let mut rows = vec![None; pieces.len()];
    let mut start = 0;
    while start < pieces.len() {
        let (run, separator) =
            if piped(&pieces[start]) && pieces.get(start + 1).is_some_and(is_separator) {
                let run = pieces[start..]
                    .iter()
                    .take_while(|piece| piped(piece))
                    .count();
                rows[start + 1] = Some(TableRow::Header);
                (run, '|')
            } else {
                let count = tabs(&pieces[start]);
                let run = pieces[start..]
                    .iter()
                    .take_while(|piece| count > 0 && tabs(piece) == count)
                    .count();
                (run, '\t')
            };
        if run >= 2 {
            rows[start] = Some(TableRow::Header);
            for row in &mut rows[start + 1..start + run] {
                row.get_or_insert(TableRow::Body(separator));
            }
        }
        start += run.max(1);
    }
    rows
}

/// A table row's cells, parted by `separator`, as Markdown's are read: the first labels the
/// rest, which are joined by `; ` (`Air source: COP 3–4; Low`).
fn join_cells(inlines: &mut [Inline], separator: char) {
    let mut first = true;
    for inline in inlines {
        if let Inline::Text { text, .. } = inline {
            if !text.contains(separator) {
                continue;
            }
            let mut joined = String::with_capacity(text.len() + 8);
            for (index, cell) in text.split(separator).enumerate() {
                if index > 0 {
                    joined.push_str(if std::mem::take(&mut first) {
                        ": "
                    } else {
                        "; "
                    });
                }
                joined.push_str(cell.trim());
            }
            *text = joined;
        }
    }
}

/// The inline content of a piece of pasted text: a leading `**Label**` becomes a strong run,
/// the rest is plain text and citation groups.
pub(super) fn piece_inlines(text: &str, at: usize, known: &KnownSources) -> Vec<Inline> {
    let plain = Style::default();
    if let Some(rest) = text.strip_prefix("**") {
        if let Some(close) = rest.find("**").filter(|&close| close > 0 && close <= 60) {
            let strong = Style {
                strong: true,
                ..Style::default()
            };
            let mut inlines = vec![Inline::Text {
                text: rest[..close].to_owned(),
                style: strong,
                at: at + 2,
            }];
            inlines.extend(inlines_from_text(
                &rest[close + 2..],
                at + close + 4,
                &plain,
                known,
            ));
            return inlines;
        }
    }
    inlines_from_text(text, at, &plain, known)
}
