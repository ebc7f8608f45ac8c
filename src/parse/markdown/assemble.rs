//! Pass 3: the first `#` heading is the title, headings and whole-line bold paragraphs open
//! sections, source lists, cards and footnote definitions become sources, and everything else
//! is split into claims by the rules shared with pasted text.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use pulldown_cmark::HeadingLevel;

use super::blocks::BlockKind;
use super::citations::{
    clean_address, is_back_link_mark, names_identifier_scheme, Citations, ResolvedBlock,
    UNDEFINED_FOOTNOTES_FROM,
};
use crate::address::scan_address;
use crate::address::{is_file_name, name_as_label, site_label, split_work_id};
use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, Source};
use crate::parse::build::Builder;
use crate::parse::claims::{drop_dangling_cell_separator, DraftClaim, Inline, Style};
use crate::parse::pasted::header::is_bare_query;
use crate::parse::pasted::text::{is_heading_like, is_one_word_heading, strip_number};
use crate::parse::scan::author_year::reference_key;
use crate::parse::scan::date::scan_date;
use crate::parse::scan::entries::{
    in_parentheses, is_after_address, lone_address, marked_number, named_number,
    parenthesized_number, scan_inline_source_list, scan_source_entry, scan_titled_address,
    script_numbered, superscript_number,
};
use crate::parse::scan::trailers::{scan_trailer, whole_line_signature};
use crate::parse::shared::{
    apply_trailer, clean_heading, complete_address, find_disclaimer, names_a_list, source_at,
};
use crate::parse::vocabulary::{self, is_source_heading};

/// Build the briefing from resolved blocks.
pub(super) fn assemble(
    blocks: Vec<ResolvedBlock>,
    citations: &Citations,
    briefing: &mut Briefing,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<DraftClaim>, BTreeMap<u32, Range<usize>>) {
    let mut builder = Builder::new(briefing);
    let mut source_spans = BTreeMap::new();
    let mut definitions: Vec<(String, ResolvedBlock)> = Vec::new();
    let mut listed: Vec<(u32, Source, Range<usize>)> = Vec::new();
    let mut cards: Vec<(Source, Range<usize>)> = Vec::new();
    let title_from_front_matter = builder.briefing.title.is_some();
    let mut seen_title_heading = false;
    let mut in_source_list = false;
    let mut answer_over: Option<(usize, usize)> = None;
    let cited = cited_numbers(&blocks);
    let closing_list = closing_titled_items(&blocks, &cited);
    let block_count = blocks.len();
    let mut blocks = blocks.into_iter().enumerate().peekable();
    while let Some((index, block)) = blocks.next() {
        // Whether the source list's first entry comes next: a line right above it that
        // names a list (`Works consulted:`) is its heading, in any language.
        let heads_list = |blocks: &mut std::iter::Peekable<_>| {
            index + 1 >= closing_list && index + 1 < block_count
                || blocks
                    .peek()
                    .is_some_and(|(_, next): &(usize, ResolvedBlock)| {
                        source_entry(next, false, &cited).is_some()
                    })
        };
        let span = block.start..block.start + block.text.len();
        if let BlockKind::FootnoteDefinition(name) = &block.kind {
            definitions.push((name.clone(), block));
            continue;
        }
        if let Some(trailer) = scan_trailer(block.text.trim()) {
            apply_trailer(builder.briefing, trailer, block.start, diagnostics);
            continue;
        }
        if let Some(signature) = whole_line_signature(&block.text) {
            let captured = &mut builder.briefing.captured;
            captured.author = captured.author.take().or(signature.name);
            captured.handle = captured.handle.take().or(signature.handle);
            if captured.date.is_none() {
                captured.date = signature.date.map(|scanned| scanned.date);
            }
            continue;
        }
        if let Some(sources) = headed_link_list(&block) {
            // `Sources: [Reuters](…), [AP](…)`: the whole paragraph is the source list.
            cards.extend(sources.into_iter().map(|source| (source, span.clone())));
            in_source_list = true;
            continue;
        }
        if let Some(entries) = scan_inline_source_list(block.text.trim()) {
            // `Learn more: 1. site 2. site`: the whole line is the source list.
            for (range, entry) in entries {
                let source = source_at(
                    entry.number,
                    entry.address.url,
                    entry.address.truncated,
                    None,
                );
                let at = block.start + range.start.min(block.text.len());
                listed.push((entry.number, source, at..at + range.len()));
            }
            in_source_list = true;
            continue;
        }
        if let Some(source) = source_card(&block).or_else(|| unlinked_card(&block)) {
            cards.push((source, span));
            continue;
        }
        let in_closing_list = index >= closing_list;
        if let Some((number, source)) =
            source_entry(&block, in_source_list || in_closing_list, &cited)
        {
            in_source_list = true;
            listed.push((number, source, span));
            continue;
        }
        if let Some((number, source)) = listed
            .last()
            .and_then(|(last, ..)| file_item(&block, last + 1))
        {
            listed.push((number, source, span));
            continue;
        }
        if let Some(source) = in_source_list.then(|| unnumbered_entry(&block)).flatten() {
            cards.push((source, span));
            continue;
        }
        // Interface chrome is neither claim nor heading; after `Follow-ups` or `Related`
        // come the page's suggestions, not the answer.
        let line = block.text.trim();
        if let Some((_, dropped)) = &mut answer_over {
            if !is_source_heading(line) {
                *dropped += 1;
                continue;
            }
        }
        if vocabulary::ends_answer(line) {
            answer_over = Some((block.start, 0));
            continue;
        }
        // A `#` heading was written as one: `# Share` or `## Thinking` is the author's title
        // or section, where the same words alone in a paragraph are a button's label.
        if !matches!(block.kind, BlockKind::Heading(_)) && vocabulary::is_chrome(line) {
            continue;
        }
        // A paste read as Markdown (for its footnote definitions, say) opens with the query
        // as typed, a bare line over the answer: the title, as in a plain paste.
        if index == 0 && block_count > 1 && !title_from_front_matter && is_query_block(&block) {
            builder.briefing.title = Some(block.text.trim().to_owned());
            builder.briefing.query = Some(block.text.trim().to_owned());
            continue;
        }
        let heading = match &block.kind {
            BlockKind::Heading(level) => Some(*level),
            BlockKind::Paragraph
                if block.all_strong || is_numbered_heading(&block) || is_word_heading(&block) =>
            {
                Some(HeadingLevel::H2)
            }
            _ => None,
        };
        if let Some(level) = heading {
            let text = clean_heading(&block.text);
            if level == HeadingLevel::H1
                && !seen_title_heading
                && builder.briefing.sections.is_empty()
                && builder.briefing.summary.is_empty()
            {
                seen_title_heading = true;
                if !title_from_front_matter {
                    builder.briefing.title = Some(text);
                }
                continue;
            }
            if is_source_heading(&text)
                || text.is_empty()
                || heads_list(&mut blocks) && names_a_list(&text)
            {
                in_source_list = true;
                continue;
            }
            in_source_list = false;
            builder.open_section(text);
            continue;
        }
        if in_source_list && is_source_heading(&block.text) {
            continue;
        }
        if is_source_heading(block.text.trim()) {
            in_source_list = true;
            continue;
        }
        if block.kind == BlockKind::Paragraph
            && block.lines.len() == 1
            && heads_list(&mut blocks)
            && names_a_list(&block.text)
            && block
                .inlines
                .iter()
                .all(|inline| matches!(inline, Inline::Text { .. }))
        {
            in_source_list = true;
            continue;
        }
        let mut inlines = block.inlines;
        if block.kind == BlockKind::Row {
            drop_dangling_cell_separator(&mut inlines);
        }
        if block.kind == BlockKind::Paragraph {
            if let Some(disclaimer) = take_disclaimer(&mut inlines) {
                builder.briefing.disclaimer.get_or_insert(disclaimer);
                if inlines.is_empty() {
                    continue;
                }
            }
        }
        builder.add_block(&inlines, false, diagnostics);
    }
    if let Some((at, dropped)) = answer_over.filter(|(_, dropped)| *dropped > 0) {
        diagnostics.push(
            Diagnostic::warning(
                at..at,
                format!(
                    "the answer ends here; {dropped} block{} of the page's suggestions after it left out",
                    if dropped == 1 { "" } else { "s" }
                ),
            )
            .with_help("move text above this line if it belongs to the answer"),
        );
    }
    let gathered = Gathered {
        definitions,
        listed,
        cards,
    };
    let undefined_from = add_sources(
        builder.briefing,
        gathered,
        citations,
        &mut source_spans,
        diagnostics,
    );
    let mut drafts = builder.finish();
    number_undefined_footnotes(
        briefing,
        &mut drafts,
        &citations.undefined_footnotes,
        undefined_from,
        diagnostics,
    );
    (drafts, source_spans)
}

/// Take an engine's disclaimer (`AI responses may include mistakes.`) off the end of a
/// paragraph's text, after its last citation, where a copy glued it to the last claim or gave
/// it a paragraph of its own ([`find_disclaimer`]): its words, trimmed. What is left of the
/// paragraph stays in `inlines` (nothing, where the disclaimer was all of it).
fn take_disclaimer(inlines: &mut Vec<Inline>) -> Option<String> {
    let text_from = inlines
        .iter()
        .rposition(|inline| !matches!(inline, Inline::Text { .. }))
        .map_or(0, |at| at + 1);
    let tail: Cow<str> = match &inlines[text_from..] {
        [] => return None,
        [Inline::Text { text, .. }] => Cow::Borrowed(text),
        texts => Cow::Owned(
            texts
                .iter()
                .map(|inline| match inline {
                    Inline::Text { text, .. } => text.as_str(),
                    _ => "",
                })
                .collect(),
        ),
    };
    let at = find_disclaimer(&tail)?;
    let disclaimer = tail[at..].trim().to_owned();
    // Cut the inlines where the disclaimer begins.
    let mut before = at;
    let mut keep = text_from;
    for inline in &mut inlines[text_from..] {
        let Inline::Text { text, .. } = inline else {
            continue;
        };
        if before == 0 {
            break;
        }
        if text.len() <= before {
            before -= text.len();
            keep += 1;
        } else {
            text.truncate(before);
            keep += 1;
            break;
        }
    }
    inlines.truncate(keep);
    let left = inlines.iter().any(|inline| match inline {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        _ => true,
    });
    if !left {
        inlines.clear();
    }
    Some(disclaimer)
}

/// Give the undefined footnotes their numbers, after every source's, in order of first
/// reference, and report each where a claim cites it (or, cited nowhere a claim is, at its
/// first reference). Until the sources were known they held placeholders above any real
/// number (`UNDEFINED_FOOTNOTES_FROM`), so none could be taken for a source's. Reported here,
/// with their names, they are not reported again by the shared check.
fn number_undefined_footnotes(
    briefing: &mut Briefing,
    drafts: &mut [DraftClaim],
    undefined: &[(String, Range<usize>)],
    from: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if undefined.is_empty() {
        return;
    }
    let number = |n: u32| {
        n.checked_sub(UNDEFINED_FOOTNOTES_FROM)
            .map_or(n, |index| from + index)
    };
    let claims = briefing.summary.iter_mut().chain(
        briefing
            .sections
            .iter_mut()
            .flat_map(|section| &mut section.claims),
    );
    for claim in claims {
        if claim
            .citations
            .iter()
            .any(|&n| n >= UNDEFINED_FOOTNOTES_FROM)
        {
            claim.citations = claim.citations.iter().map(|&n| number(n)).collect();
        }
    }
    // Where each is cited: every claim's reference, else its first.
    let mut cited_at: Vec<(usize, Range<usize>)> = Vec::new();
    for draft in drafts {
        draft
            .cited_at
            .retain(|(n, span)| match n.checked_sub(UNDEFINED_FOOTNOTES_FROM) {
                Some(index) => {
                    cited_at.push((index as usize, span.clone()));
                    false
                }
                None => true,
            });
    }
    let mut in_a_claim = vec![false; undefined.len()];
    for (index, _) in &cited_at {
        in_a_claim[*index] = true;
    }
    for (index, (_, first)) in undefined.iter().enumerate() {
        if !in_a_claim[index] {
            cited_at.push((index, first.clone()));
        }
    }
    for (index, span) in cited_at {
        let name = &undefined[index].0;
        diagnostics.push(
            Diagnostic::warning(
                span,
                format!(
                    "citation [{}] has no source: nothing defines footnote [^{name}]",
                    from + index as u32
                ),
            )
            .with_help(format!("add a line `[^{name}]: https://…` with its source")),
        );
    }
}

/// The sources found in a document's blocks, before they are numbered.
pub(super) struct Gathered {
    /// Footnote definitions by name.
    pub(super) definitions: Vec<(String, ResolvedBlock)>,
    /// Numbered source-list entries.
    pub(super) listed: Vec<(u32, Source, Range<usize>)>,
    /// Source cards, which carry no number.
    pub(super) cards: Vec<(Source, Range<usize>)>,
}

/// Gather sources: source-list entries, footnote definitions (numbered by first reference;
/// unreferenced ones after all others, in definition order, with a warning), and the
/// addresses of linked citations that no list entry gives. Returns the first number free for
/// the undefined footnotes, which the unreferenced definitions are numbered after.
pub(super) fn add_sources(
    briefing: &mut Briefing,
    Gathered {
        definitions,
        listed,
        cards,
    }: Gathered,
    citations: &Citations,
    source_spans: &mut BTreeMap<u32, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> u32 {
    let mut sources: BTreeMap<u32, Source> = BTreeMap::new();
    for (number, source, span) in listed {
        if sources.contains_key(&number) {
            diagnostics.push(
                Diagnostic::error(span, format!("source [{number}] is listed twice"))
                    .with_help("give each source its own number; the first entry is kept"),
            );
            continue;
        }
        source_spans.insert(number, span);
        sources.insert(number, Source { number, ..source });
    }
    // `[1]: https://…` definitions give the full address of a listed number (a `Learn more`
    // line shows only the site) or are sources of their own.
    for definition in &citations.definitions {
        let (number, span) = (&definition.number, &definition.span);
        let url = clean_address(&definition.dest);
        match sources.get_mut(number) {
            Some(source) if source.url.len() < url.len() && url.contains(&*source.url) => {
                complete_address(source, url);
                source.title = source
                    .title
                    .take()
                    .or(definition.title.as_deref().map(Into::into));
            }
            Some(_) => {}
            None => {
                source_spans.insert(*number, span.clone());
                sources.insert(
                    *number,
                    source_at(
                        *number,
                        url,
                        false,
                        definition.title.as_deref().map(Into::into),
                    ),
                );
            }
        }
    }
    let from_list: Vec<u32> = sources.keys().copied().collect();
    let mut unreferenced = Vec::new();
    for (name, block) in definitions {
        let span = block.start..block.start + block.text.len();
        let source = source_from_inlines(&block.inlines);
        match citations.footnotes.get(&name) {
            Some(&number) if sources.contains_key(&number) => {
                let message = if from_list.contains(&number) {
                    format!("footnote [^{name}] is cited as [{number}], a number the source list also uses; the list entry is kept")
                } else {
                    format!("footnote [^{name}] is defined twice; the first definition is kept")
                };
                diagnostics.push(Diagnostic::warning(span, message));
            }
            Some(&number) => {
                source_spans.insert(number, span);
                sources.insert(number, Source { number, ..source });
            }
            // Reported by the shared check as a source cited by no claim, at this line.
            None => unreferenced.push((source, span)),
        }
    }
    for (&number, name) in &citations.named {
        sources
            .entry(number)
            .or_insert_with(|| source_at(number, String::new(), false, Some(name.as_str().into())));
    }
    for (number, (address, title)) in &citations.links {
        if let Some(source) = sources.get_mut(number) {
            if source.title.is_none() {
                source.title = title.as_deref().map(Into::into);
            }
            continue;
        }
        let truncated = address.ends_with('…');
        let url = address.trim_end_matches('…').to_owned();
        sources.insert(
            *number,
            source_at(*number, url, truncated, title.as_deref().map(Into::into)),
        );
    }
    let mut next = sources
        .keys()
        .max()
        .copied()
        .unwrap_or(0)
        .max(citations.highest);
    let undefined_from = next + 1;
    next += citations.undefined_footnotes.len() as u32;
    // A listed page the text cites by its address (`([lakes](https://…/ice))`, `(https://…)`)
    // is that one source, with the list's title.
    let cited_addresses: HashMap<Box<str>, u32> = match cards.is_empty() {
        true => HashMap::new(),
        false => sources
            .values()
            .filter(|source| !source.url.is_empty())
            .map(|source| (source.url.clone(), source.number))
            .collect(),
    };
    // A source cited by name (`(Source: Reuters)`) is the listed one with that title.
    let mut named_titles: HashMap<String, u32> = citations
        .named
        .iter()
        .map(|(&number, name)| (name.to_lowercase(), number))
        .collect();
    let mut named_labels: HashMap<String, String> = citations
        .named
        .values()
        .map(|name| (name_as_label(name), name.to_lowercase()))
        .collect();
    let mut new_cards = Vec::with_capacity(cards.len());
    for (card, span) in cards {
        // A reference without an address, cited by author and year: numbered by then.
        if let Some(&number) = citations.references.get(&span.start) {
            source_spans.insert(number, span);
            sources.insert(number, Source { number, ..card });
            continue;
        }
        // By its title, or else by its site (`Reuters` for `reuters.com`).
        let named = (!cited_addresses.contains_key(&card.url))
            .then(|| {
                let by_title = card.title.as_deref().map(str::to_lowercase);
                by_title
                    .and_then(|title| named_titles.remove(&title))
                    .or_else(|| {
                        let label = site_label(&card.url)?;
                        let name = named_labels.remove(&label)?;
                        named_titles.remove(&name)
                    })
            })
            .flatten();
        if let Some(number) = named {
            // An entry that is only an address takes the name it is cited by.
            let name = sources
                .get_mut(&number)
                .and_then(|named| named.title.take());
            source_spans.insert(number, span);
            let title = card.title.clone().or(name);
            sources.insert(
                number,
                Source {
                    number,
                    title,
                    ..card
                },
            );
            continue;
        }
        let cited = cited_addresses
            .get(&card.url)
            .and_then(|number| sources.get_mut(number));
        let Some(source) = cited else {
            new_cards.push((card, span));
            continue;
        };
        if card.title.is_some() {
            source.title = card.title;
        }
        source_spans.entry(source.number).or_insert(span);
    }
    for (source, span) in unreferenced.into_iter().chain(new_cards) {
        next += 1;
        source_spans.insert(next, span);
        sources.insert(
            next,
            Source {
                number: next,
                ..source
            },
        );
    }
    briefing.sources = sources.into_values().collect();
    undefined_from
}

/// `Summary:` alone in a paragraph: one capitalised word and a colon heads what follows. (A
/// longer lead-in, `Here are the options:`, is a claim.)
fn is_word_heading(block: &ResolvedBlock) -> bool {
    block.inlines.len() == 1 && is_one_word_heading(block.text.trim())
}

/// A paragraph of one line that reads as what a user typed into an engine: short, bare, no
/// citation (see the pasted reader's `is_bare_query`).
fn is_query_block(block: &ResolvedBlock) -> bool {
    block.kind == BlockKind::Paragraph
        && block.lines.len() == 1
        && !block.all_strong
        && block
            .inlines
            .iter()
            .all(|inline| matches!(inline, Inline::Text { style, .. } if style.is_plain()))
        && is_bare_query(block.text.trim())
}

/// `2\. Fast FFmpeg command` alone in a paragraph: a numbered heading whose dot was escaped
/// so that Markdown would not make it a list (Google's exports write them so).
fn is_numbered_heading(block: &ResolvedBlock) -> bool {
    block.lines.len() == 1
        && !block
            .inlines
            .iter()
            .any(|inline| matches!(inline, Inline::Cite { .. }))
        && strip_number(&block.text).is_some_and(is_heading_like)
}

/// A source card as a web clip of Google's AI Mode leaves it: a list item of three lines, a
/// title, a snippet cut short with `…` (or `DD.MM.YYYY — snippet`), and a short publisher
/// line, with no link. It carries no address and no number.
pub(super) fn unlinked_card(block: &ResolvedBlock) -> Option<Source> {
    let [title, snippet, publisher] = block.lines.as_slice() else {
        return None;
    };
    let cut_snippet = snippet.ends_with("...")
        || snippet.ends_with('…')
        || scan_date(snippet).is_some_and(|(consumed, _)| {
            snippet[consumed..]
                .trim_start()
                .starts_with(['—', '–', '-'])
        });
    let plain = block
        .inlines
        .iter()
        .all(|inline| matches!(inline, Inline::Text { style, .. } if style.link.is_none()));
    let short_publisher =
        publisher.split_whitespace().count() <= 4 && !publisher.ends_with(['.', ':', '!', '?']);
    (matches!(block.kind, BlockKind::Item(_)) && cut_snippet && plain && short_publisher)
        .then(|| source_at(0, String::new(), false, Some(title.as_str().into())))
}

/// A source card as engines' exports list them: a list item holding a link, then a title
/// line, a `Mon D, YYYY — snippet…` line and a publisher line. Cards carry no number.
pub(super) fn source_card(block: &ResolvedBlock) -> Option<Source> {
    if !matches!(block.kind, BlockKind::Item(_)) || block.lines.len() < 2 {
        return None;
    }
    let Some(Inline::Text {
        text,
        style: Style {
            link: Some(link), ..
        },
        ..
    }) = block.inlines.first()
    else {
        return None;
    };
    if text.trim() != block.lines[0] {
        return None;
    }
    let dated = block.lines[1..].iter().any(|line| {
        scan_date(line)
            .is_some_and(|(consumed, _)| line[consumed..].trim_start().starts_with(['—', '–', '-']))
    });
    if !dated {
        return None;
    }
    let title = match block.lines.get(1) {
        Some(line) if scan_date(line).is_none() => line.clone(),
        _ => text.trim().to_owned(),
    };
    let url = clean_address(link);
    Some(source_at(0, url, false, Some(title.into())))
}

/// A source from the text of a footnote definition or list entry: the first link's target or
/// address in it is the address; the rest of the text (or a link text that is not the
/// address) is the title.
///
/// An address in parentheses (`Title (https://…)`) is one too, and an access stamp or a
/// rendered footnote's back-link after the address (`(accessed 3 March 2025)`, `↩`) is not
/// part of the title.
pub(super) fn source_from_inlines(inlines: &[Inline]) -> Source {
    let mut address = None;
    let mut site_in_parentheses = None;
    // A bare site in the title (`Contracts for Difference - GOV.UK, accessed …`): the address
    // only if no link or whole address follows, else a word of the title (kept with where in
    // the title it stands).
    let mut bare_site: Option<(String, usize, &str)> = None;
    let mut title_parts: Vec<String> = Vec::new();
    // The words after a written address, which may be only a stamp.
    let mut after_address = String::new();
    // Whether those words are glued to the title before them (`"Title". Journal.`).
    let mut after_address_glued = false;
    // Whether the text before ended in a space: a word of the next text glued to it
    // (`*The Ever Given*, 2022`) continues the title's last word.
    let mut spaced = true;
    for inline in inlines {
        let Inline::Text { text, style, .. } = inline else {
            continue;
        };
        let glued = !spaced && !text.starts_with(char::is_whitespace);
        spaced = text.ends_with(char::is_whitespace);
        match &style.link {
            // A link within the page is no address: a note's back-link (`[↩](#fnref1)`, a
            // wiki's `[^](#cite_ref-1)` or `[a](#cite_ref-2-0)`), whose mark is left out, or
            // an anchor, whose text is the title's.
            Some(link) if link.starts_with('#') => {
                if !is_back_link_mark(text.trim()) {
                    title_parts.push(text.trim().to_owned());
                }
            }
            Some(link)
                if address.is_none()
                    && !names_identifier_scheme(text)
                    && !is_wiki_book_lookup(link) =>
            {
                address = Some(clean_address(link));
                put_back_bare_site(&mut bare_site, &mut title_parts);
                if text.trim() != link.trim() && scan_address(text.trim()).is_none() {
                    match title_parts.last_mut().filter(|_| glued) {
                        Some(last) => last.push_str(text.trim()),
                        None => title_parts.push(text.trim().to_owned()),
                    }
                }
            }
            _ => {
                for (index, word) in text.split_whitespace().enumerate() {
                    if address.is_some() {
                        if after_address.is_empty() {
                            after_address_glued = glued && index == 0;
                        } else if !(glued && index == 0) {
                            after_address.push(' ');
                        }
                        after_address.push_str(word);
                        continue;
                    }
                    // A wiki's back-link caret opening the entry (`^ Remmers, J. E. …`).
                    if title_parts.is_empty() && matches!(word, "^" | "↑") {
                        continue;
                    }
                    let continues = glued && index == 0 && scan_address(word).is_none();
                    if let Some(last) = title_parts.last_mut().filter(|_| continues) {
                        last.push_str(word);
                        continue;
                    }
                    let unbracketed = in_parentheses(word);
                    match scan_address(unbracketed.unwrap_or(word)) {
                        // `Mount Everest (britannica.com)`: a site in parentheses is the
                        // address only if no whole address follows.
                        Some(found)
                            if unbracketed.is_some_and(|inner| !inner.starts_with("http")) =>
                        {
                            site_in_parentheses.get_or_insert(found.url);
                        }
                        Some(found)
                            if bare_site.is_none()
                                && !found.truncated
                                && !word.contains(['/', ':'])
                                && !word.to_ascii_lowercase().starts_with("www.")
                                && !title_parts.is_empty() =>
                        {
                            bare_site = Some((found.url, title_parts.len(), word));
                        }
                        Some(found) => {
                            let mark = if found.truncated { "…" } else { "" };
                            address = Some(format!("{}{mark}", found.url));
                            put_back_bare_site(&mut bare_site, &mut title_parts);
                        }
                        None => title_parts.push(word.to_owned()),
                    }
                }
            }
        }
    }
    if !is_after_address(&after_address) {
        match title_parts.last_mut().filter(|_| after_address_glued) {
            Some(last) => last.push_str(&after_address),
            None => title_parts.push(after_address),
        }
    }
    let address = address
        .or(site_in_parentheses)
        .or(bare_site.map(|(url, _, _)| url))
        .unwrap_or_default();
    let truncated = address.ends_with('…');
    let url = address.trim_end_matches('…').to_owned();
    let title = title_parts.join(" ");
    let title = title
        .trim()
        .trim_matches(['-', '–', '—', ':', ',', '.', '|', ' '])
        .trim();
    let title = crate::parse::scan::entries::clean_source_title(title).map(Into::into);
    source_at(0, url, truncated, title)
}

/// `4. tides.pdf`, numbered `next` after a source entry: a source named by a file, which has
/// a title and no address.
fn file_item(block: &ResolvedBlock, next: u32) -> Option<(u32, Source)> {
    let name = block.text.trim();
    let numbered_next = block.kind == BlockKind::Item(Some(u64::from(next)));
    (numbered_next && !name.contains(char::is_whitespace) && is_file_name(name)).then(|| {
        (
            next,
            source_at(next, String::new(), false, Some(name.into())),
        )
    })
}

/// The most words a title of an unnumbered source-list entry has: more, and the block is a
/// paragraph about the sources rather than one of them.
/// `Sources: [Reuters](https://…), [AP](https://…)`: a paragraph that opens with a source
/// heading and a colon and holds nothing after it but links and the commas, semicolons, bars
/// or dots between them, as ChatGPT's copies end an answer. Each link is a source, its text
/// the title; they carry no number.
fn headed_link_list(block: &ResolvedBlock) -> Option<Vec<Source>> {
    let [Inline::Text { text, style, .. }, links @ ..] = block.inlines.as_slice() else {
        return None;
    };
    if block.kind != BlockKind::Paragraph || links.is_empty() || style.link.is_some() {
        return None;
    }
    let heading = text.trim_end().strip_suffix([':', '：'])?;
    if !is_source_heading(heading) {
        return None;
    }
    let mut sources = Vec::new();
    for inline in links {
        let Inline::Text { text, style, .. } = inline else {
            return None;
        };
        match &style.link {
            Some(link) => {
                let title = text.trim();
                let title =
                    (!title.is_empty() && scan_address(title).is_none()).then(|| title.into());
                sources.push(source_at(0, clean_address(link), false, title));
            }
            None if text
                .trim()
                .trim_matches([',', ';', '|', '·', '•'])
                .trim()
                .is_empty() => {}
            None => return None,
        }
    }
    (!sources.is_empty()).then_some(sources)
}

const UNNUMBERED_TITLE_WORDS: usize = 20;

/// An entry of a source list that has no number, under a `Sources` heading: a bullet or a
/// paragraph holding a link (`- [Title](https://…)`) or an address (`Title: https://…`),
/// and no citation. It is numbered after the numbered sources, as cards are.
fn unnumbered_entry(block: &ResolvedBlock) -> Option<Source> {
    if !matches!(block.kind, BlockKind::Item(None) | BlockKind::Paragraph)
        || block.lines.len() > 2
        || block
            .inlines
            .iter()
            .any(|inline| matches!(inline, Inline::Cite { .. }))
    {
        return None;
    }
    let source = source_from_inlines(&block.inlines);
    // A long title is a paragraph about the sources, unless it is a reference's
    // (`Avgerinos, K., … (2018). Effects of …`), which needs no address (a book's).
    let reference = source
        .title
        .as_deref()
        .is_some_and(|title| reference_key(title).is_some());
    let titled = source
        .title
        .as_deref()
        .is_none_or(|title| title.split_whitespace().count() <= UNNUMBERED_TITLE_WORDS);
    (reference || !source.url.is_empty() && titled).then(|| work_id_as_address(source))
}

/// A wiki's page that looks a book up by its ISBN (`…/wiki/Special:BookSources/978-…`), which
/// a wiki's reference links its ISBN to: the wiki's page, not the book's address.
fn is_wiki_book_lookup(link: &str) -> bool {
    link.contains("/wiki/Special:BookSources/")
}

/// A bare site read in a source's title gives way to the link or whole address after it: it
/// goes back into the title where it stood.
fn put_back_bare_site(
    bare_site: &mut Option<(String, usize, &str)>,
    title_parts: &mut Vec<String>,
) {
    if let Some((_, at, word)) = bare_site.take() {
        title_parts.insert(at.min(title_parts.len()), word.to_owned());
    }
}

/// A work without a link whose reference gives its DOI (`doi:10.1002/…`), PubMed or arXiv
/// number: that is its address, and leaves the title.
fn work_id_as_address(source: Source) -> Source {
    if !source.url.is_empty() {
        return source;
    }
    match source.title.as_deref().and_then(split_work_id) {
        Some((title, address)) => source_at(source.number, address.url, false, Some(title.into())),
        None => source,
    }
}

/// Where a source list whose heading the copy lost begins: a run of at least two numbered
/// items, each a title and then its address (`1. Canberra — Britannica — britannica.com/…`),
/// numbered 1, 2, 3, …, that ends the document, in a document whose claims cite those
/// numbers. The length of `blocks` when there is none: elsewhere such items are the answer's
/// own list (`1. Download the tool from example.com` is a step).
fn closing_titled_items(blocks: &[ResolvedBlock], cited: &[u32]) -> usize {
    let run = blocks
        .iter()
        .rev()
        .take_while(|block| {
            matches!(block.kind, BlockKind::Item(Some(_)))
                && block.lines.len() == 1
                && scan_titled_address(block.text.trim()).is_some()
        })
        .count();
    let start = blocks.len() - run;
    let numbers = blocks[start..].iter().filter_map(|block| match block.kind {
        BlockKind::Item(Some(number)) => u32::try_from(number).ok(),
        _ => None,
    });
    let counted_from_one = numbers.clone().eq(1..=run as u32);
    let cited_by_a_claim = numbers
        .clone()
        .any(|number| cited.binary_search(&number).is_ok());
    if run >= 2 && counted_from_one && cited_by_a_claim {
        start
    } else {
        blocks.len()
    }
}

/// The numbers the blocks cite, sorted, for telling a numbered list of links that is the
/// source list from one that is the answer's. Only a document with a numbered list needs
/// them.
fn cited_numbers(blocks: &[ResolvedBlock]) -> Vec<u32> {
    if !blocks
        .iter()
        .any(|block| matches!(block.kind, BlockKind::Item(Some(_))))
    {
        return Vec::new();
    }
    let mut cited: Vec<u32> = blocks
        .iter()
        .flat_map(|block| &block.inlines)
        .filter_map(|inline| match inline {
            Inline::Cite { numbers, .. } => Some(numbers),
            _ => None,
        })
        .flatten()
        .copied()
        .collect();
    cited.sort_unstable();
    cited.dedup();
    cited
}

/// A block that is an entry of a source list: `[n] <https://…>`, `[n] [shown](real)`,
/// `[n] Title https://…`, an ordered-list item that holds nothing but an address, or one that
/// holds nothing but a link, or a title over its address, and whose number a claim cites
/// (`1. [Title](https://…)` under claims citing `[1]`). Returns its number and source
/// (without its number).
pub(super) fn source_entry(
    block: &ResolvedBlock,
    in_source_list: bool,
    cited: &[u32],
) -> Option<(u32, Source)> {
    // `¹ Title, https://…`: a note numbered in superscript, its number taken off its text.
    let (number, rest, entry_like): (u32, Cow<[Inline]>, bool) =
        match (&block.kind, block.inlines.first()) {
            (BlockKind::Paragraph | BlockKind::Item(_), Some(Inline::Cite { numbers, .. }))
                if numbers.len() == 1 =>
            {
                (numbers[0], Cow::Borrowed(&block.inlines[1..]), true)
            }
            (BlockKind::Item(Some(number)), _) => (
                u32::try_from(*number).ok()?,
                Cow::Borrowed(&block.inlines[..]),
                false,
            ),
            (BlockKind::Paragraph, Some(Inline::Text { text, style, at })) => {
                let text = text.trim_start();
                // `١. Title https://…` is not a Markdown list: an entry within a source list.
                let numbered = script_numbered(text).map(|(number, after)| (number, after, false));
                let (number, after, entry_like) = match numbered {
                    Some(numbered) => numbered,
                    None => superscript_number(text)
                        .or_else(|| named_number(text))
                        .or_else(|| {
                            // `(1) Title. https://….` is an entry only if it ends in its address.
                            parenthesized_number(text)
                                .filter(|_| scan_source_entry(&block.text).is_some())
                        })
                        .map(|(number, after)| (number, after, true))
                        .or_else(|| {
                            // `#1 Title https://…`, `1: Title …` or `1 - Title …` ending in
                            // an address: an entry in a source list (`1: Download it from
                            // https://…` is a step elsewhere).
                            marked_number(text)
                                .filter(|(_, after)| scan_titled_address(after).is_some())
                                .map(|(number, after)| (number, after, false))
                        })?,
                };
                let first = Inline::Text {
                    text: after.to_owned(),
                    style: style.clone(),
                    at: at + (text.len() - after.len()),
                };
                let rest = std::iter::once(first)
                    .chain(block.inlines[1..].iter().cloned())
                    .collect();
                (number, Cow::Owned(rest), entry_like)
            }
            _ => return None,
        };
    if rest
        .iter()
        .any(|inline| matches!(inline, Inline::Cite { .. }))
    {
        return None;
    }
    let source = source_from_inlines(&rest);
    if source.url.is_empty() {
        // A numbered work under a source heading, as academic lists (IEEE, Vancouver) give
        // them without links: a source with a title and no address.
        let numbered_work = in_source_list
            && matches!(block.kind, BlockKind::Item(Some(_)))
            && source
                .title
                .as_deref()
                .is_some_and(|title| title.split_whitespace().count() >= 2);
        return numbered_work.then(|| (number, work_id_as_address(source)));
    }
    let only_address = source.title.is_none();
    // A list of links, or of titles with their address on the line below
    // (`1. Title` / `site.org`), is the source list where the claims cite its numbers.
    let address_below =
        matches!(block.lines.as_slice(), [_, below] if lone_address(below).is_some());
    let cited_link = (matches!(&*rest, [Inline::Text { style, .. }] if style.link.is_some())
        || address_below)
        && cited.binary_search(&number).is_ok();
    (entry_like || only_address || in_source_list || cited_link || block.links_back)
        .then_some((number, source))
}
