//! Pass 4: each piece becomes a heading, claim text, list item, source entry, source card,
//! trailer, disclaimer or signature. A short bare line is a heading when it introduces longer
//! text; a numbered line is one when prose, not another numbered line, follows it.

use super::text::{
    contains_citation, is_heading_like, is_one_word_heading, markdown_heading, strip_bullet,
    strip_number, whole_line_bold,
};
use super::unglue::{Piece, PieceKind};
use crate::address::{is_file_name, scan_address, split_work_id, Address};
use crate::diagnostic::Diagnostic;
use crate::parse::claims::{Inline, Style};
use crate::parse::markers::{inlines_from_text, KnownSources};
use crate::parse::scan::author_year::reference_key;
use crate::parse::scan::citations::leading_digits;
use crate::parse::scan::date::scan_date;
use crate::parse::scan::entries::{
    clean_source_title, is_back_link, lone_address, scan_source_entry, scan_titled_address,
    SourceEntry,
};
use crate::parse::scan::trailers::scan_trailer;
use crate::parse::shared::{clean_heading, names_a_list};
use crate::parse::vocabulary::{is_link_list_heading, is_source_heading};

/// Decide what each undecided piece is.
pub(crate) fn classify<'a>(
    mut pieces: Vec<Piece<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Piece<'a>> {
    let mut in_source_list = false;
    let mut caret_entries = 0;
    // The number of the last numbered entry, for a file named next in the list.
    let mut last_number = None;
    for piece in &mut pieces {
        if let PieceKind::Source(entry) = &piece.kind {
            last_number = Some(entry.number);
        }
        if piece.kind != PieceKind::Undecided {
            in_source_list |= matches!(piece.kind, PieceKind::Source(_));
            continue;
        }
        // A text dump numbers Wikipedia's notes: `1. ^ Author (1985), §4.1`.
        let wikipedia_note = in_source_list.then(|| numbered_note(piece.text)).flatten();
        // `- [1] Title: https://…`: an entry in a bulleted list.
        let unbulleted = strip_bullet(piece.text).unwrap_or(piece.text);
        if let Some(entry) = scan_source_entry(unbulleted)
            .or_else(|| {
                (in_source_list && wikipedia_note.is_none())
                    .then(|| scan_titled_entry(piece.text))
                    .flatten()
            })
            .or_else(|| file_entry(piece.text, last_number? + 1))
        {
            last_number = Some(entry.number);
            piece.kind = PieceKind::Source(entry);
            in_source_list = true;
        } else if in_source_list
            && (piece.text.starts_with('^') || piece.text.starts_with("Jump up"))
        {
            caret_entries += 1;
            piece.kind = PieceKind::Source(caret_entry(piece.text, caret_entries));
        } else if let Some((number, note)) = wikipedia_note {
            caret_entries += 1;
            piece.kind = PieceKind::Source(caret_entry(note, number));
        } else if let Some(trailer) = scan_trailer(piece.text) {
            piece.kind = PieceKind::Trailer(trailer);
        } else if is_source_heading(&clean_heading(
            markdown_heading(piece.text).map_or(piece.text, |(_, text)| text),
        )) {
            piece.kind = PieceKind::SourceHeading;
            in_source_list = true;
        } else if is_edit_heading(piece.text) {
            piece.kind = PieceKind::Heading;
        } else if let Some((_, text)) = markdown_heading(piece.text) {
            piece.text = text;
            piece.kind = PieceKind::Heading;
        } else if let Some(text) = whole_line_bold(piece.text) {
            piece.text = text;
            piece.kind = PieceKind::Heading;
        } else if let Some(text) = strip_bullet(piece.text) {
            piece.start += piece.text.len() - text.len();
            piece.text = text;
            piece.kind = PieceKind::Item;
        }
    }
    join_broken_addresses(&mut pieces, diagnostics);
    mark_closing_titled_entries(&mut pieces);
    mark_numbered_cards(&mut pieces);
    mark_numbers_over_addresses(&mut pieces);
    mark_entries_with_address_below(&mut pieces);
    mark_closing_notes(&mut pieces);
    mark_step_numbers(&mut pieces);
    // Before the dated cards: a result's snippet may open with its date.
    mark_search_results(&mut pieces);
    mark_source_cards(&mut pieces);
    mark_cards_after_disclaimer(&mut pieces);
    mark_unnumbered_entries(&mut pieces);
    mark_source_list_headings(&mut pieces);
    // Under `See also` come links, one a line: none of them heads a section.
    let mut in_link_list = false;
    for i in 0..pieces.len() {
        if pieces[i].kind == PieceKind::Heading {
            in_link_list = is_link_list_heading(&clean_heading(pieces[i].text));
        }
        if pieces[i].kind != PieceKind::Undecided {
            continue;
        }
        if in_link_list {
            pieces[i].kind = PieceKind::Text;
            continue;
        }
        // A step's number alone on its line is left out: the step is what follows.
        let next = pieces[i + 1..]
            .iter()
            .find(|piece| piece.kind != PieceKind::CardDetail);
        // A line the next one continues (a hard wrap) is the start of a paragraph.
        // So does a line with an indented line right under it (a formula, an example).
        let continued = next.is_some_and(|next| next.continues_item || next.hanging);
        let introduces_text = !continued
            && next.is_some_and(|next| match next.kind {
                PieceKind::Item => true,
                PieceKind::Undecided | PieceKind::Text => {
                    !is_heading_like(next.text)
                        || strip_number(next.text).is_some()
                            && strip_number(pieces[i].text).is_none()
                }
                _ => false,
            });
        let after_short_line =
            i > 0 && pieces[i - 1].kind == PieceKind::Text && is_heading_like(pieces[i - 1].text);
        if let Some(text) = strip_number(pieces[i].text) {
            // `1. Install the tools` heads a section when prose follows it; `1. Walk` followed
            // by `2. Run` is a list.
            let next_numbered = next.is_some_and(|next| strip_number(next.text).is_some());
            // `1. DC input side:` over a bulleted list: a numbered step that heads its items.
            let heads_items = next.is_some_and(|next| next.kind == PieceKind::Item)
                && text.ends_with(':')
                && is_heading_like(text.trim_end_matches(':'))
                && text.split_whitespace().count() <= 8;
            let heads_prose = is_heading_like(text) && introduces_text && !next_numbered;
            if (heads_items || heads_prose) && !pieces[i].continues_item {
                pieces[i].kind = PieceKind::Heading;
            } else {
                pieces[i].start += pieces[i].text.len() - text.len();
                pieces[i].text = text;
                pieces[i].kind = PieceKind::Item;
            }
            continue;
        }
        // `index.html (in the project root):` or `What about the other files?` alone above a
        // blank line and prose: a sub-heading, as Gemini's copies write them.
        // A lead-in (`The survey states:`) is a claim: a sub-head ending in `:` names a file
        // or is a word or two (`In summary:`).
        let text = pieces[i].text;
        let names_a_file_or_is_short = text.ends_with('?')
            || text.split_whitespace().count() <= 2
            || text.split_whitespace().any(names_a_file);
        let sub_heading = pieces[i].before_blank
            && text.ends_with([':', '?'])
            && names_a_file_or_is_short
            && !text.contains(". ")
            && pieces[i].text.split_whitespace().count() <= 10
            && !contains_citation(pieces[i].text)
            && next.is_some_and(|next| {
                matches!(next.kind, PieceKind::Undecided | PieceKind::Text)
                    && strip_number(next.text).is_none()
            });
        let one_word = is_one_word_heading(pieces[i].text)
            && next.is_some_and(|next| {
                matches!(
                    next.kind,
                    PieceKind::Item | PieceKind::Undecided | PieceKind::Text
                )
            });
        let is_heading = (sub_heading || one_word || is_heading_like(pieces[i].text))
            && !pieces[i].introduces_display
            && introduces_text
            && !pieces[i].continues_item
            && !after_short_line;
        pieces[i].kind = if is_heading {
            PieceKind::Heading
        } else {
            PieceKind::Text
        };
    }
    for piece in pieces.iter().filter(|piece| piece.glued_to_citation) {
        let message = match piece.kind {
            PieceKind::Heading => "heading glued to the citation before it; split off",
            PieceKind::Source(_) => "source entry glued to the citation before it; split off",
            _ => "text glued to the citation before it; split into its own claim",
        };
        diagnostics.push(Diagnostic::warning(
            piece.start..piece.start + piece.text.len(),
            message,
        ));
    }
    pieces
}

/// `المصادر:`, `Works consulted`: a short line right above a source list's first entry
/// heads the list ([`names_a_list`]). A sentence, a cited or numbered line, an address, or
/// the last of a run of short lines above the list stays what it is.
fn mark_source_list_headings(pieces: &mut [Piece]) {
    let names_list = |piece: &Piece| {
        matches!(piece.kind, PieceKind::Undecided | PieceKind::Text)
            && names_a_list(piece.text)
            && !contains_citation(piece.text)
    };
    for i in 1..pieces.len() {
        let line = &pieces[i - 1];
        // `Apples` / `Pears` / `Plums` over the list: the last of a list of short lines.
        let ends_short_lines = i >= 2 && !pieces[i - 2].before_blank && names_list(&pieces[i - 2]);
        if matches!(pieces[i].kind, PieceKind::Source(_))
            && line.kind == PieceKind::Undecided
            && names_list(line)
            && strip_number(line.text).is_none()
            && !ends_short_lines
        {
            pieces[i - 1].kind = PieceKind::SourceHeading;
        }
    }
}

/// Characters an address is broken after (or its rest starts with) where a page or a mail
/// wrapped it onto the next line.
const ADDRESS_BREAKS: &[char] = &['-', '/', '_', '=', '&', '?', '.', '%', '#', '~'];

/// An address a wrap broke across two lines in a source list
/// (`[2] https://wgms.ch/latest-glacier-mass-balance-` / `data/`): the rest, a line of one
/// word of address characters that is no address of its own, is joined to it, with a warning.
/// Only at a break an address allows (after `-`, `/`, `?`, … or before one): a title of one
/// word under a site (`nasa.gov` / `Artemis`) is not joined.
fn join_broken_addresses(pieces: &mut [Piece], diagnostics: &mut Vec<Diagnostic>) {
    for i in 1..pieces.len() {
        let rest = pieces[i].text;
        let PieceKind::Source(entry) = &pieces[i - 1].kind else {
            continue;
        };
        let url = &entry.address.url;
        let continues = pieces[i].kind == PieceKind::Undecided
            && !url.is_empty()
            && !entry.address.truncated
            && pieces[i - 1].text.ends_with(url.as_str())
            && (url.ends_with(ADDRESS_BREAKS) || rest.starts_with(ADDRESS_BREAKS))
            && rest.len() >= 2
            // A word alone (`Share`, `index`, `2`) may be anything: the rest of an address
            // holds one of its marks or a digit, and does not open with a capital.
            && !rest.starts_with(|c: char| c.is_ascii_uppercase())
            && rest.contains(|c: char| c.is_ascii_digit() || ADDRESS_BREAKS.contains(&c))
            && !rest.bytes().all(|byte| byte.is_ascii_digit())
            && rest.bytes().all(|byte| {
                byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte)
            })
            && scan_address(rest).is_none();
        if !continues {
            continue;
        }
        let rest = rest.trim_end_matches(['.', ',', ';']);
        if let PieceKind::Source(entry) = &mut pieces[i - 1].kind {
            entry.address.url.push_str(rest);
        }
        pieces[i].kind = PieceKind::CardDetail;
        diagnostics.push(
            Diagnostic::warning(
                pieces[i].start..pieces[i].start + pieces[i].text.len(),
                "address broken across two lines; joined",
            )
            .with_help("check that the joined address opens the page"),
        );
    }
}

/// The most lines a numbered card has between its title and its number (the site, a `·`).
const CARD_DETAIL_LINES: usize = 2;

/// Numbered source cards, as a select-all copy of a page that shows its sources as a row of
/// cards above the answer leaves them (Perplexity): each card a title line, then the site
/// (`energy.gov`, or a name such as `reddit`) and the card's number, on lines of their own
/// (`reddit` / `·` / `2`) or on one (`reddit · 2`). A run of at least two cards numbered
/// 1, 2, 3, … becomes the source list: the title is the source's title, the site its address
/// where it is one. Prose does not look like this: no paragraph is followed by a line that
/// holds nothing but a short name and the next number in a row.
fn mark_numbered_cards(pieces: &mut [Piece]) {
    let mut i = 0;
    while i < pieces.len() {
        let mut cards = Vec::new();
        let mut at = i;
        while let Some(card) = numbered_card(pieces, at, cards.len() as u32 + 1) {
            at = card.end;
            cards.push(card);
        }
        if cards.len() < 2 {
            i += 1;
            continue;
        }
        for card in cards {
            let title = pieces[card.title].text;
            let title = clean_source_title(title);
            pieces[card.title].kind = PieceKind::Source(SourceEntry {
                number: card.number,
                address: card.address.unwrap_or_default(),
                title,
            });
            for detail in &mut pieces[card.title + 1..card.end] {
                detail.kind = PieceKind::CardDetail;
            }
        }
        i = at;
    }
}

/// One numbered card found by [`numbered_card`]: where its lines are, its number and the
/// address its site line gives.
struct NumberedCard {
    title: usize,
    end: usize,
    number: u32,
    address: Option<Address>,
}

/// The card numbered `number` whose title is the piece at `title`, if one is there.
fn numbered_card(pieces: &[Piece], title: usize, number: u32) -> Option<NumberedCard> {
    let undecided = |piece: &Piece| piece.kind == PieceKind::Undecided;
    let title_piece = pieces.get(title).filter(|piece| undecided(piece))?;
    let title_text = title_piece.text;
    if card_number(title_text).is_some()
        || contains_citation(title_text)
        || title_text.split_whitespace().count() < 2
    {
        return None;
    }
    let mut site = None;
    let details = pieces.iter().enumerate().skip(title + 1);
    for (end, piece) in details.take(CARD_DETAIL_LINES + 1) {
        let line = piece.text;
        if !undecided(piece) || line.chars().count() > 60 {
            return None;
        }
        let Some((name, shown)) = card_number(line) else {
            // A detail line: the site or a separator, a few words without a full stop.
            if line.split_whitespace().count() > 4 || line.ends_with('.') {
                return None;
            }
            site = site.or_else(|| is_site_name(line).then_some(line));
            continue;
        };
        if shown != number {
            return None;
        }
        // A card names its site: a lone number under a line is a list's or a page's.
        let site = site.or_else(|| is_site_name(name).then_some(name))?;
        return Some(NumberedCard {
            title,
            end: end + 1,
            number,
            address: scan_address(site),
        });
    }
    None
}

/// A card's number line: the number alone (`2`), or after the site and a space or a dot
/// (`reddit · 2`, `reddit 2`): the site (maybe empty) and the number.
fn card_number(line: &str) -> Option<(&str, u32)> {
    let digits = line.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let (before, number) = line.split_at(line.len() - digits);
    let name = before.trim_end_matches([' ', '·', '•', '|', '-']);
    if !(name.is_empty() || before.len() > name.len()) {
        // Digits glued to a word (`web3`) are the word's own.
        return None;
    }
    Some((name.trim(), number.parse().ok()?))
}

/// A site as a card shows it: its domain (`energy.gov`) or the name a page makes of it, one
/// lowercase word (`reddit`, `en.wikipedia`). A table's cells (`London`) are not sites.
fn is_site_name(line: &str) -> bool {
    let line = line.trim();
    let lowercase_word = line.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && line
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-'));
    lowercase_word || scan_address(line).is_some()
}

/// A list of sources as numbers over addresses, each on a line of its own (`1` /
/// `en.wikipedia.org` / `2` / `nasa.gov`), as a copy of Copilot's `Learn more` chips leaves
/// it, or with the source's title between them (`1` / `Saturn Moons - NASA` / `nasa.gov`) or
/// after them (`1` / `nasa.gov` / `Saturn Moons - NASA`), as copies of number-first source
/// cards do: a run of at least two, numbered 1, 2, 3, …
fn mark_numbers_over_addresses(pieces: &mut [Piece]) {
    let mut i = 0;
    while i < pieces.len() {
        let mut entries: Vec<NumberOverAddress> = Vec::new();
        let mut at = i;
        // Every card of a run has the shape of the first: a title under the site or none.
        let shape = |entries: &[NumberOverAddress]| entries.first().map(|first| first.title_below);
        while let Some(entry) =
            number_over_address(pieces, at, entries.len() as u32 + 1, shape(&entries))
        {
            at += entry.lines;
            entries.push(entry);
        }
        if entries.len() < 2 {
            i += 1;
            continue;
        }
        let mut at = i;
        for (k, entry) in entries.into_iter().enumerate() {
            pieces[at].kind = PieceKind::Source(SourceEntry {
                number: k as u32 + 1,
                address: entry.address,
                title: entry.title,
            });
            for detail in &mut pieces[at + 1..at + entry.lines] {
                detail.kind = PieceKind::CardDetail;
            }
            at += entry.lines;
        }
        i = at;
    }
}

/// One entry found by [`number_over_address`]: its address, its title, and how many lines it
/// takes (two, or three with a title).
struct NumberOverAddress {
    address: Address,
    title: Option<String>,
    lines: usize,
    /// Whether the title is under the address.
    title_below: bool,
}

/// The entry numbered `number` whose number line is the piece at `at`, if one is there;
/// `title_below` says whether the run's first entry has its title under its address.
fn number_over_address(
    pieces: &[Piece],
    at: usize,
    number: u32,
    title_below: Option<bool>,
) -> Option<NumberOverAddress> {
    let undecided = |at: usize| {
        pieces
            .get(at)
            .filter(|piece| piece.kind == PieceKind::Undecided)
            .map(|piece| piece.text)
    };
    if undecided(at)?.parse::<u32>().ok() != Some(number) {
        return None;
    }
    // A title: words that are neither a number, an address nor a sentence with a citation.
    let is_title = |line: &str| {
        line.parse::<u32>().is_err()
            && lone_address(line).is_none()
            && line.chars().count() <= 200
            && !contains_citation(line)
    };
    let second = undecided(at + 1)?;
    if let Some(address) = lone_address(second) {
        // The title may follow the site (`1` / `wikipedia.org` / `Mount Everest`) where the
        // next entry's number or the list's end comes after it.
        let next_is_entry = pieces.get(at + 3).is_none_or(|piece| {
            piece.kind != PieceKind::Undecided || piece.text.parse::<u32>().ok() == Some(number + 1)
        });
        let below = undecided(at + 2)
            .filter(|line| title_below != Some(false) && is_title(line) && next_is_entry);
        return Some(NumberOverAddress {
            address,
            title: below.and_then(clean_source_title),
            lines: if below.is_some() { 3 } else { 2 },
            title_below: below.is_some(),
        });
    }
    let address = lone_address(undecided(at + 2)?)?;
    is_title(second).then(|| NumberOverAddress {
        address,
        title: clean_source_title(second),
        lines: 3,
        title_below: false,
    })
}

/// Notes closing an article as a copy of its rendered footnotes leaves them (Substack, Ghost):
/// each number alone on a line, the note's text on the lines under it (`1` / `USDA, Cost of
/// Pollination, 2024. https://…` / `2` / …). A run numbered 1, 2, 3, …, at least two, that
/// ends the paste (trailers and signatures aside), in a paste whose text cites one of those
/// numbers: steps are numbered so too, but nothing cites them.
fn mark_closing_notes(pieces: &mut [Piece]) {
    let end = end_before_trailers(pieces);
    // Read from the end: the last number line gives the count, each one above is one less.
    let mut number_lines = Vec::new();
    let mut lines_below = 0;
    for (at, piece) in pieces[..end].iter().enumerate().rev() {
        if piece.kind != PieceKind::Undecided {
            return;
        }
        let expected = number_lines
            .last()
            .map(|&(_, number): &(usize, u32)| number - 1);
        match lone_note_number(piece.text) {
            Some(number) if lines_below > 0 && expected.is_none_or(|n| n == number) => {
                number_lines.push((at, number));
                lines_below = 0;
                if number == 1 {
                    break;
                }
            }
            _ => lines_below += 1,
        }
    }
    let Some(&(start, 1)) = number_lines.last() else {
        return;
    };
    let count = number_lines.len() as u32;
    if count < 2 {
        return;
    }
    let known: KnownSources = (1..=count).collect();
    let cited = pieces[..start].iter().any(|piece| {
        inlines_from_text(piece.text, 0, &Style::default(), &known)
            .iter()
            .any(|inline| matches!(inline, Inline::Cite { .. }))
    });
    if !cited {
        return;
    }
    // From the last note up: each runs from its number line to the next one's, or the end.
    let mut next = end;
    for &(at, number) in &number_lines {
        let lines: Vec<&str> = pieces[at + 1..next]
            .iter()
            .map(|piece| piece.text)
            .collect();
        let note = lines.join(" ");
        pieces[at].kind = PieceKind::CardDetail;
        pieces[at + 1].kind = PieceKind::Source(note_entry(&note, number));
        for detail in &mut pieces[at + 2..next] {
            detail.kind = PieceKind::CardDetail;
        }
        next = at;
    }
}

/// Steps whose numbers a copy put on lines of their own (`1` / `Mix the flour.` / `2` /
/// `Knead it.`), as cards and some ordered lists copy: a run counted from 1, at least two.
/// The numbers are neither claims nor headings; each step's first line is a list item.
/// Notes that the text cites were taken as sources before ([`mark_closing_notes`]).
fn mark_step_numbers(pieces: &mut [Piece]) {
    let undecided = |piece: &Piece| piece.kind == PieceKind::Undecided;
    let mut i = 0;
    while i < pieces.len() {
        let mut steps = Vec::new();
        let mut at = i;
        while pieces.get(at).is_some_and(|piece| {
            undecided(piece) && lone_note_number(piece.text) == Some(steps.len() as u32 + 1)
        }) {
            // The step's lines: up to the next number alone, or what is not undecided.
            let lines = pieces[at + 1..]
                .iter()
                .take_while(|piece| undecided(piece) && lone_note_number(piece.text).is_none())
                .count();
            if lines == 0 {
                break;
            }
            steps.push(at);
            at += 1 + lines;
        }
        if steps.len() < 2 {
            i = at.max(i + 1);
            continue;
        }
        for &number in &steps {
            pieces[number].kind = PieceKind::CardDetail;
            pieces[number + 1].kind = PieceKind::Item;
        }
        i = at;
    }
}

/// A note's number alone on its line: `3`, `3.`, `[3]`.
fn lone_note_number(line: &str) -> Option<u32> {
    let line = line.trim();
    let digits = line
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or_else(|| line.strip_suffix('.').unwrap_or(line));
    if !(1..=3).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&number| number > 0)
}

/// Entries of a source list written over two lines, a number and title, then the address
/// alone (`1. Python docs: More on Lists` / `docs.python.org`), as some engines list their
/// sources. Read inside a source list, or where such entries, numbered from 1, are all that
/// is left of the paste (a list whose heading the copy lost): elsewhere in an answer, a
/// numbered line over a link is a list item.
fn mark_entries_with_address_below(pieces: &mut [Piece]) {
    let closing_list = closing_entries_with_address_below(pieces);
    let mut in_source_list = false;
    for i in 0..pieces.len() {
        in_source_list |= i >= closing_list
            || matches!(
                pieces[i].kind,
                PieceKind::SourceHeading | PieceKind::Source(_)
            );
        let Some(below) = pieces.get(i + 1) else {
            break;
        };
        if !in_source_list
            || pieces[i].kind != PieceKind::Undecided
            || below.kind != PieceKind::Undecided
        {
            continue;
        }
        let (Some((number, title)), Some(address)) =
            (numbered_title(pieces[i].text), lone_address(below.text))
        else {
            continue;
        };
        pieces[i].kind = PieceKind::Source(SourceEntry {
            number,
            address,
            title: clean_source_title(title),
        });
        pieces[i + 1].kind = PieceKind::CardDetail;
    }
}

/// Where a run of at least two two-line entries (`1. Title` / `site.org`), numbered 1, 2, 3,
/// …, ends a paste whose answer cites by number, nothing but trailers and signatures after
/// it; the length of `pieces` when none does.
fn closing_entries_with_address_below(pieces: &[Piece]) -> usize {
    let end = end_before_trailers(pieces);
    let mut start = end;
    let mut numbers = Vec::new();
    while start >= 2 {
        let (title, below) = (&pieces[start - 2], &pieces[start - 1]);
        let entry = (title.kind == PieceKind::Undecided && below.kind == PieceKind::Undecided)
            .then(|| numbered_title(title.text))
            .flatten()
            .filter(|_| lone_address(below.text).is_some());
        let Some((number, _)) = entry else { break };
        numbers.push(number);
        start -= 2;
    }
    let counted_from_one = numbers.iter().rev().copied().eq(1..=numbers.len() as u32);
    // Without a citation in the answer, such a list is the answer's own reading list (the
    // answer is read for one only where such a list ends the paste).
    let cited = || {
        pieces[..start]
            .iter()
            .any(|piece| contains_citation(piece.text))
    };
    if numbers.len() >= 2 && counted_from_one && cited() {
        start
    } else {
        pieces.len()
    }
}

/// Where the paste ends before the trailers and signatures that close it.
fn end_before_trailers(pieces: &[Piece]) -> usize {
    pieces.len()
        - pieces
            .iter()
            .rev()
            .take_while(|piece| {
                matches!(piece.kind, PieceKind::Trailer(_) | PieceKind::Signature(_))
            })
            .count()
}

/// A line that opens with a source number, `1. Title`, `1) Title` or `[1] Title`: the number
/// and the rest.
fn numbered_title(line: &str) -> Option<(u32, &str)> {
    let (number, rest) = match line.strip_prefix('[') {
        Some(after) => after.split_once(']')?,
        None => {
            let rest = strip_number(line)?;
            (line[..line.len() - rest.len()].trim_end(), rest)
        }
    };
    let number = number.trim_end_matches(['.', ')']).parse().ok()?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some((number, rest))
}

/// Google's source cards after its disclaimer, as a copy of an AI Overview leaves them: a
/// title line and a publisher line each (`Heat Pump Systems | Department of Energy` /
/// `Energy.gov`), to the end of the paste. Only when every line after the disclaimer pairs
/// up so: a disclaimer above the answer (AI Mode puts it there) is followed by prose.
fn mark_cards_after_disclaimer(pieces: &mut [Piece]) {
    let Some(disclaimer) = pieces
        .iter()
        .rposition(|piece| piece.kind == PieceKind::Disclaimer)
    else {
        return;
    };
    let run = disclaimer
        + 1
        + pieces[disclaimer + 1..]
            .iter()
            .take_while(|piece| piece.kind == PieceKind::Undecided)
            .count();
    let at_the_end = pieces[run..].iter().all(|piece| {
        matches!(
            piece.kind,
            PieceKind::Trailer(_) | PieceKind::Signature(_) | PieceKind::CardDetail
        )
    });
    let cards = &pieces[disclaimer + 1..run];
    let paired = !cards.is_empty()
        && cards.len().is_multiple_of(2)
        && cards.chunks(2).all(|card| {
            let (title, publisher) = (card[0].text, card[1].text);
            title.split_whitespace().count() >= 2
                && title.split_whitespace().count() <= 20
                && !title.ends_with('.')
                && !contains_citation(title)
                && publisher.split_whitespace().count() <= 6
                && publisher.chars().count() <= 60
                && !publisher.ends_with('.')
        });
    if !at_the_end || !paired {
        return;
    }
    for card in pieces[disclaimer + 1..run].chunks_mut(2) {
        card[0].kind = PieceKind::CardTitle;
        card[1].kind = PieceKind::CardDetail;
    }
}

/// Google's source cards, as a page copy leaves them: a title line, a `DD Mon YYYY —
/// snippet…` line, and a short publisher line. They carry no address and no number.
pub(super) fn mark_source_cards(pieces: &mut [Piece]) {
    mark_bulleted_cards(pieces);
    for i in 1..pieces.len() {
        let dated = pieces[i].kind == PieceKind::Undecided
            && scan_date(pieces[i].text).is_some_and(|(consumed, _)| {
                pieces[i].text[consumed..]
                    .trim_start()
                    .starts_with(['—', '–', '-'])
            });
        if !dated
            || !matches!(
                pieces[i - 1].kind,
                PieceKind::Undecided | PieceKind::CardDetail
            )
        {
            continue;
        }
        if pieces[i - 1].kind == PieceKind::CardDetail {
            continue;
        }
        pieces[i - 1].kind = PieceKind::CardTitle;
        pieces[i].kind = PieceKind::CardDetail;
        if let Some(publisher) = pieces.get_mut(i + 1) {
            let short = publisher.text.split_whitespace().count() <= 4
                && !contains_citation(publisher.text);
            if publisher.kind == PieceKind::Undecided && short && !publisher.text.ends_with('.') {
                publisher.kind = PieceKind::CardDetail;
            }
        }
    }
}

/// Google's source cards as a select-all copy leaves them: a lone bullet `•`, the site, the
/// title, and a snippet cut short with `…` or dated `07.03.2025 — …`.
fn mark_bulleted_cards(pieces: &mut [Piece]) {
    for i in 0..pieces.len().saturating_sub(3) {
        let card = &pieces[i..i + 4];
        let lone_bullet = matches!(card[0].text, "•" | "·" | "-" | "*" | "◦");
        let snippet = card[3].text;
        let cut = snippet.ends_with("...")
            || snippet.ends_with('…')
            || scan_date(snippet).is_some_and(|(consumed, _)| {
                snippet[consumed..]
                    .trim_start()
                    .starts_with(['—', '–', '-'])
            });
        let undecided = card.iter().all(|piece| piece.kind == PieceKind::Undecided);
        if lone_bullet && cut && undecided && card[1].text.split_whitespace().count() <= 4 {
            pieces[i].kind = PieceKind::CardDetail;
            pieces[i + 1].kind = PieceKind::CardDetail;
            pieces[i + 2].kind = PieceKind::CardTitle;
            pieces[i + 3].kind = PieceKind::CardDetail;
        }
    }
}

/// A numbered entry with a title before its address, as `Works cited` lists write them:
/// `3. Title - Site, accessed March 3, 2025, https://…`. Only read inside a source list.
pub(super) fn scan_titled_entry(line: &str) -> Option<SourceEntry> {
    let rest = strip_number(line)?;
    let (number, _) = leading_digits(line)?;
    let (title, address) = scan_titled_address(rest)?;
    if title.is_empty() {
        return None;
    }
    Some(SourceEntry {
        number,
        address,
        title: clean_source_title(title),
    })
}

/// A source list whose heading the copy lost: a run of at least two numbered entries with a
/// title before the address (`1. Canberra — Britannica — britannica.com/place/Canberra`),
/// numbered 1, 2, 3, …, that ends a paste whose answer cites by number, nothing but trailers
/// after it. Elsewhere such lines are list items: `1. Install the tools from example.com` is
/// a step.
fn mark_closing_titled_entries(pieces: &mut [Piece]) {
    let end = end_before_trailers(pieces);
    let mut entries = Vec::new();
    for piece in pieces[..end].iter().rev() {
        let entry = (piece.kind == PieceKind::Undecided)
            .then(|| scan_titled_entry(piece.text))
            .flatten();
        let Some(entry) = entry else { break };
        entries.push(entry);
    }
    let start = end - entries.len();
    let counted_from_one = entries
        .iter()
        .rev()
        .map(|entry| entry.number)
        .eq(1..=entries.len() as u32);
    if entries.len() < 2
        || !counted_from_one
        || !pieces[..start]
            .iter()
            .any(|piece| contains_citation(piece.text))
    {
        return;
    }
    for (piece, entry) in pieces[start..end].iter_mut().zip(entries.into_iter().rev()) {
        piece.kind = PieceKind::Source(entry);
    }
}

/// Entries without numbers in a source list (after its heading or its first entry), each
/// numbered after the last number before it.
///
/// A reference to a work without an address (`Kahneman, D. (2011). Thinking, Fast and Slow.`)
/// is an entry only in a list that numbers none: after numbered notes, it is a work the notes
/// cite in short (Wikipedia's `Notes`, then `References`), not a source of its own.
fn mark_unnumbered_entries(pieces: &mut [Piece]) {
    let mut in_source_list = false;
    let mut last_number = 0;
    let mut after_numbered = false;
    for i in 0..pieces.len() {
        match &pieces[i].kind {
            PieceKind::Source(entry) => {
                in_source_list = true;
                after_numbered = true;
                last_number = last_number.max(entry.number);
            }
            PieceKind::SourceHeading => in_source_list = true,
            PieceKind::Undecided | PieceKind::Item if in_source_list => {
                let text = pieces[i].text;
                if let Some(entry) = unnumbered_entry(text, last_number + 1, !after_numbered)
                    .or_else(|| numbered_work(text, last_number + 1))
                {
                    last_number = entry.number;
                    pieces[i].kind = PieceKind::Source(entry);
                } else if let Some(address) = pieces
                    .get(i + 1)
                    .filter(|below| below.kind == PieceKind::Undecided)
                    .and_then(|below| lone_address(below.text))
                    .filter(|_| is_entry_title(text))
                {
                    // Gemini's `Canberra - Wikipedia` / `en.wikipedia.org`: the title, and
                    // the address under it.
                    last_number += 1;
                    pieces[i].kind = PieceKind::Source(SourceEntry {
                        number: last_number,
                        address,
                        title: clean_source_title(strip_bullet(text).unwrap_or(text)),
                    });
                    pieces[i + 1].kind = PieceKind::CardDetail;
                }
            }
            _ => {}
        }
    }
}

/// The most lines of a search result's snippet.
const MAX_SNIPPET_LINES: usize = 3;

/// Search results, as a copy of a Google results page leaves them below its AI Overview: a
/// title, often the site's name, the address as breadcrumbs (`https://en.wikipedia.org › wiki
/// › Aurora`, see [`crate::address::scan_breadcrumb`]) and a snippet. Only Google writes an
/// address so, and nothing else on its page does: each breadcrumb line makes a source of the
/// title above it, numbered after every other source, and drops the site's name and the
/// snippet, which are the page's, not the answer's.
fn mark_search_results(pieces: &mut [Piece]) {
    let addresses: Vec<(usize, Address)> = pieces
        .iter()
        .enumerate()
        .filter(|(_, piece)| {
            piece.kind == PieceKind::Undecided
                && piece.text.contains('›')
                && piece.text.contains(" › ")
        })
        .filter_map(|(at, piece)| Some((at, lone_address(piece.text)?)))
        .collect();
    let mut number = pieces
        .iter()
        .filter_map(|piece| match &piece.kind {
            PieceKind::Source(entry) => Some(entry.number),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let undecided = |piece: &Piece| piece.kind == PieceKind::Undecided;
    // Another result's address is no title.
    let titles = |piece: &Piece| {
        undecided(piece) && is_entry_title(piece.text) && !piece.text.contains(" › ")
    };
    let mut results = Vec::new();
    for (at, address) in addresses {
        // The title, and the site's name between it and the address when there is one.
        let site_above = at >= 2
            && undecided(&pieces[at - 1])
            && is_publisher_name(pieces[at - 1].text)
            && titles(&pieces[at - 2]);
        let title = if site_above {
            at - 2
        } else if at >= 1 && titles(&pieces[at - 1]) {
            at - 1
        } else {
            continue;
        };
        // A result's lines are its own: the one before ends above this title.
        if results
            .last()
            .is_some_and(|&(_, last_at, _)| title <= last_at)
        {
            continue;
        }
        results.push((title, at, address));
    }
    // Each result's snippet ends where the next result's title starts.
    let next_titles: Vec<Option<usize>> = results
        .iter()
        .skip(1)
        .map(|&(title, ..)| Some(title))
        .chain([None])
        .collect();
    for ((title, at, address), next_title) in results.into_iter().zip(next_titles) {
        number += 1;
        let text = pieces[title].text;
        pieces[title].kind = PieceKind::Source(SourceEntry {
            number,
            address,
            title: clean_source_title(text),
        });
        for piece in &mut pieces[title + 1..=at] {
            piece.kind = PieceKind::CardDetail;
        }
        // The snippet: the lines up to the next result's title, or the last result's one.
        let snippet_end = next_title.unwrap_or((at + 2).min(pieces.len()));
        let snippet = at + 1..snippet_end;
        if snippet.len() <= MAX_SNIPPET_LINES && pieces[snippet.clone()].iter().all(undecided) {
            for piece in &mut pieces[snippet] {
                piece.kind = PieceKind::CardDetail;
            }
        }
    }
}

/// A site's name as a search result shows it above the address (`Wikipedia`, `Britannica`,
/// `NASA Space Place`): a few words, no sentence.
fn is_publisher_name(line: &str) -> bool {
    line.split_whitespace().count() <= 4 && line.chars().count() <= 40 && !line.ends_with('.')
}

/// `4. tides.pdf` numbered next after a source entry: a source named by a file, which has a
/// title and no address.
fn file_entry(line: &str, next: u32) -> Option<SourceEntry> {
    let (number, name) = numbered_title(line)?;
    (number == next && !name.contains(char::is_whitespace) && is_file_name(name)).then(|| {
        SourceEntry {
            number,
            address: Address::default(),
            title: Some(name.to_owned()),
        }
    })
}

/// A line that can be a source's title over its address: a few words, not a sentence.
fn is_entry_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=20).contains(&words) && !line.ends_with(['.', ':']) && !contains_citation(line)
}

/// An entry of a source list that has no number: an address alone, or a title and then the
/// address (`Title - https://…`), or a reference to a work that has none (`Kahneman, D.
/// (2011). Thinking, Fast and Slow. Farrar.`, where `works` allows), maybe bulleted. It takes
/// the number `next`, which it may open with, without a mark (`2 Varso Tower - Wikipedia
/// en.wikipedia.org`, as Mistral's Le Chat copies its list).
fn unnumbered_entry(line: &str, next: u32, works: bool) -> Option<SourceEntry> {
    if let Some(cells) = piped_cells(line) {
        return unnumbered_entry(&cells, next, false);
    }
    let line = strip_bullet(line).unwrap_or(line);
    let line = without_own_number(line, next);
    if let Some((title, address)) = scan_titled_address(line) {
        return Some(SourceEntry {
            number: next,
            address,
            title: clean_source_title(title),
        });
    }
    (works && reference_key(line).is_some() && !contains_citation(line))
        .then(|| work_entry(next, line))
}

/// A row of a Markdown table pasted as text (`| 1 | Title | https://… |`), its cells parted by
/// tabs as a browser's copy of a table parts them, so that a table of sources reads as one
/// copied from the page. `None` for a line that is no such row.
fn piped_cells(line: &str) -> Option<String> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    inner.contains('|').then(|| {
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        cells.join("\t")
    })
}

/// An unnumbered entry's text without the number `next` it opens with, unmarked (`2 Varso
/// Tower`), as a rank (`#2 Varso Tower`), with a colon (`2: Varso Tower`) or glued to its
/// title by its mark (`2.Futures price`, `2)Futures price`); a decimal (`2.5 Ways`) or a time
/// (`2:30 Tower tour`) is a title's.
fn without_own_number(line: &str, next: u32) -> &str {
    // `#2 Title`: numbered as a rank.
    let numbered = line.strip_prefix('#').unwrap_or(line);
    let digits = numbered.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || numbered[..digits].parse() != Ok(next) {
        return line;
    }
    let after = &numbered[digits..];
    let rest = match after.strip_prefix(['.', ')']) {
        Some(rest) if !rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        Some(_) => return line,
        // `2: Title`, as a list numbered with colons writes it; `2:30` is a time.
        None => match after.strip_prefix(':') {
            Some(rest) if rest.starts_with([' ', '\t']) => rest,
            Some(_) => return line,
            None if after.starts_with([' ', '\t']) => after,
            None => return line,
        },
    };
    rest.trim_start()
}

/// A numbered entry of a source list that gives no address, numbered `next` (`[3] T.
/// Waldmann et al., "Temperature dependent ageing …," J. Power Sources, 2014.`), as
/// academic reference lists (IEEE, Vancouver) number works without links: a source with a
/// title and no address.
fn numbered_work(line: &str, next: u32) -> Option<SourceEntry> {
    let (number, title) = numbered_title(strip_bullet(line).unwrap_or(line))?;
    let is_work = number == next
        && !contains_citation(title)
        && title.split_whitespace().count() >= 2
        && !title
            .split_whitespace()
            .any(|word| scan_address(word).is_some());
    is_work.then(|| work_entry(number, title))
}

/// The entry of a work without a link: its reference as the title, and its DOI (or PubMed or
/// arXiv number), where the reference gives one (`doi:10.1002/…`), as its address.
fn work_entry(number: u32, reference: &str) -> SourceEntry {
    match split_work_id(reference) {
        Some((title, address)) => SourceEntry {
            number,
            address,
            title: clean_source_title(&title),
        },
        None => SourceEntry {
            number,
            address: Address::default(),
            title: clean_source_title(reference),
        },
    }
}

/// A word that names a file or path: `index.html`, `src/main.jsx`, with a `.` or `/` between
/// letters or digits.
fn names_a_file(word: &str) -> bool {
    let chars: Vec<char> = word.trim_end_matches([',', ':']).chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_alphanumeric() && matches!(w[1], '.' | '/') && w[2].is_alphanumeric())
}

/// `Overview[edit]`: a wiki's section heading, with its edit link, whatever follows it.
fn is_edit_heading(line: &str) -> bool {
    line.strip_suffix("[edit]").is_some_and(|heading| {
        let heading = heading.trim();
        !heading.is_empty() && heading.split_whitespace().count() <= 12 && !heading.ends_with('.')
    })
}

/// A numbered note of a text dump, `3. ^ Author (1985), §2.5`: its number and the note from
/// its caret on.
fn numbered_note(line: &str) -> Option<(u32, &str)> {
    let rest = strip_number(line)?;
    let number = line[..line.len() - rest.len()]
        .trim_end()
        .trim_end_matches(['.', ')'])
        .parse()
        .ok()?;
    rest.starts_with('^').then_some((number, rest))
}

/// A Wikipedia reference (`^ Jump up to: a b Author. "Title". Site. https://…`), numbered by
/// its position in the list.
pub(super) fn caret_entry(line: &str, number: u32) -> SourceEntry {
    let mut text = line.trim_start_matches('^').trim();
    for jump in ["Jump up to:", "Jump up"] {
        if let Some(rest) = text.strip_prefix(jump) {
            text = rest.trim_start_matches(['^', ' ']);
        }
    }
    // The back-link letters, `a b c`: a run of letters in alphabet order from `a`.
    let mut expected = 'a';
    let mut after_letters = text;
    while let Some((letter, rest)) = after_letters.split_once(' ') {
        if letter.len() == 1 && letter.starts_with(expected) {
            after_letters = rest;
            expected = char::from(expected as u8 + 1);
        } else {
            break;
        }
    }
    if expected > 'b' {
        text = after_letters;
    }
    note_entry(text, number)
}

/// A note as a source, numbered `number`: the first address in it, and its other words as
/// the title (`Author. "Title". Site. https://…`).
fn note_entry(text: &str, number: u32) -> SourceEntry {
    let address = text.split_whitespace().find_map(scan_address);
    let title: Vec<&str> = text
        .split_whitespace()
        .filter(|word| scan_address(word).is_none() && !is_back_link(word))
        .collect();
    let title = title.join(" ");
    // A full stop before an address separates it; without an address it ends the reference.
    let title = match &address {
        Some(_) => clean_source_title(&title),
        None => (!title.is_empty()).then_some(title),
    };
    SourceEntry {
        number,
        address: address.unwrap_or_default(),
        title,
    }
}
