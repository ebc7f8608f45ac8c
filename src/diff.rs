//! Claim-level differences between two models: what a reviewer of a pull request, or a
//! reader of a capture history, wants to know.
//!
//! Claims are matched by id (which comes from their label or first words, so a claim keeps
//! its id while its text changes), sources by number. Changed text is marked word by word with
//! `similar`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::model::{Briefing, Claim, Review, Source};

/// What changed between two versions of one briefing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BriefingDiff {
    /// The briefing's slug.
    pub slug: String,
    /// Its title (the new one).
    pub title: Option<String>,
    /// Claims only in the new version.
    pub claims_added: Vec<ClaimRef>,
    /// Claims only in the old version.
    pub claims_removed: Vec<ClaimRef>,
    /// Claims in both whose text or citations changed.
    pub claims_changed: Vec<ClaimChange>,
    /// Claims that moved to another section.
    pub claims_moved: Vec<ClaimMove>,
    /// Sources only in the new version.
    pub sources_added: Vec<SourceRef>,
    /// Sources only in the old version.
    pub sources_removed: Vec<SourceRef>,
    /// Sources whose number stayed and address changed.
    pub sources_readdressed: Vec<SourceChange>,
    /// Claims in both versions whose editor's review was given, changed or taken away.
    pub reviews_changed: Vec<ReviewChange>,
}

/// A claim whose review changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewChange {
    /// The claim's id.
    pub id: String,
    /// The old review (`null`: not reviewed).
    pub old: Option<Review>,
    /// The new review (`null`: no longer reviewed).
    pub new: Option<Review>,
}

impl ReviewChange {
    /// `unreviewed → disputed`, and the new note, as plain text.
    fn describe(&self) -> (String, Option<&str>) {
        let status = |review: &Option<Review>| {
            review
                .as_ref()
                .map_or("unreviewed", |review| review.status.as_str())
        };
        let note = self.new.as_ref().and_then(|review| review.note.as_deref());
        (
            format!("{} → {}", status(&self.old), status(&self.new)),
            note,
        )
    }
}

/// A briefing, as a diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefingRef {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: Option<String>,
}

/// A claim, as a diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRef {
    /// Its id.
    pub id: String,
    /// The heading of its section (`null` for the summary).
    pub section: Option<String>,
    /// Its label.
    pub label: Option<String>,
    /// Its text.
    pub text: String,
    /// Its citations.
    pub citations: Vec<u32>,
}

/// A claim whose text or citations changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimChange {
    /// Its id.
    pub id: String,
    /// The heading of its section in the new version.
    pub section: Option<String>,
    /// The old text.
    pub old_text: String,
    /// The new text.
    pub new_text: String,
    /// The text word by word: kept, removed and added runs.
    pub words: Vec<WordChange>,
    /// The old citations.
    pub old_citations: Vec<u32>,
    /// The new citations.
    pub new_citations: Vec<u32>,
}

/// What happened to a run of words: `"same"`, `"removed"` or `"added"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordKind {
    /// In both versions.
    Same,
    /// Only in the old version.
    Removed,
    /// Only in the new version.
    Added,
}

/// A run of words in a changed claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordChange {
    /// Whether the words stayed, went or came.
    pub change: WordKind,
    /// The words, with their spacing.
    pub text: String,
}

/// A claim that moved between sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimMove {
    /// Its id.
    pub id: String,
    /// The old section's heading (`null`: the summary).
    pub from: Option<String>,
    /// The new section's heading.
    pub to: Option<String>,
}

/// A source, as a diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// Its number.
    pub number: u32,
    /// Its address.
    pub url: String,
}

/// A source whose address changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceChange {
    /// Its number.
    pub number: u32,
    /// The old address.
    pub old_url: String,
    /// The new address.
    pub new_url: String,
}

impl BriefingDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.claims_added.is_empty()
            && self.claims_removed.is_empty()
            && self.claims_changed.is_empty()
            && self.claims_moved.is_empty()
            && self.sources_added.is_empty()
            && self.sources_removed.is_empty()
            && self.sources_readdressed.is_empty()
            && self.reviews_changed.is_empty()
    }

    /// A one-line count: `claims: 2 added, 1 changed; sources: 1 added`.
    pub fn summary(&self) -> String {
        let counts = |pairs: &[(usize, &str)]| {
            pairs
                .iter()
                .filter(|(count, _)| *count > 0)
                .map(|(count, word)| format!("{count} {word}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let claims = counts(&[
            (self.claims_added.len(), "added"),
            (self.claims_removed.len(), "removed"),
            (self.claims_changed.len(), "changed"),
            (self.claims_moved.len(), "moved"),
        ]);
        let sources = counts(&[
            (self.sources_added.len(), "added"),
            (self.sources_removed.len(), "removed"),
            (self.sources_readdressed.len(), "re-addressed"),
        ]);
        let reviews = counts(&[(self.reviews_changed.len(), "changed")]);
        let parts: Vec<String> = [
            ("claims", claims),
            ("sources", sources),
            ("reviews", reviews),
        ]
        .into_iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(what, counts)| format!("{what}: {counts}"))
        .collect();
        if parts.is_empty() {
            "no changes".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// Every claim with its section heading.
fn claims_by_id(briefing: &Briefing) -> BTreeMap<&str, (Option<&str>, &Claim)> {
    let mut claims = BTreeMap::new();
    for claim in &briefing.summary {
        claims.insert(&*claim.id, (None, claim));
    }
    for section in &briefing.sections {
        for claim in &section.claims {
            claims.insert(&*claim.id, (Some(section.heading.as_str()), claim));
        }
    }
    claims
}

/// Claims in document order with their sections.
fn claims_in_order(briefing: &Briefing) -> Vec<(Option<&str>, &Claim)> {
    let mut claims: Vec<(Option<&str>, &Claim)> =
        briefing.summary.iter().map(|claim| (None, claim)).collect();
    for section in &briefing.sections {
        claims.extend(
            section
                .claims
                .iter()
                .map(|claim| (Some(section.heading.as_str()), claim)),
        );
    }
    claims
}

fn claim_ref(section: Option<&str>, claim: &Claim) -> ClaimRef {
    ClaimRef {
        id: claim.id.to_string(),
        section: section.map(str::to_owned),
        label: claim.label.as_deref().map(str::to_owned),
        text: claim.text.to_string(),
        citations: claim.citations.to_vec(),
    }
}

fn source_ref(source: &Source) -> SourceRef {
    SourceRef {
        number: source.number,
        url: source.url.to_string(),
    }
}

/// The words of `old` and `new` as kept, removed and added runs.
pub fn word_changes(old: &str, new: &str) -> Vec<WordChange> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => WordKind::Same,
            ChangeTag::Delete => WordKind::Removed,
            ChangeTag::Insert => WordKind::Added,
        };
        match runs.last_mut() {
            Some(run) if run.change == kind => run.text.push_str(change.value()),
            _ => runs.push(WordChange {
                change: kind,
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

/// What changed from `old` to `new`.
pub fn diff_briefings(old: &Briefing, new: &Briefing) -> BriefingDiff {
    let old_claims = claims_by_id(old);
    let new_claims = claims_by_id(new);
    let mut diff = BriefingDiff {
        slug: new.slug.clone(),
        title: new.title.clone().or_else(|| old.title.clone()),
        ..BriefingDiff::default()
    };
    for (section, claim) in claims_in_order(new) {
        match old_claims.get(&*claim.id) {
            None => diff.claims_added.push(claim_ref(section, claim)),
            Some((old_section, old_claim)) => {
                if old_claim.text != claim.text || old_claim.citations != claim.citations {
                    diff.claims_changed.push(ClaimChange {
                        id: claim.id.to_string(),
                        section: section.map(str::to_owned),
                        old_text: old_claim.text.to_string(),
                        new_text: claim.text.to_string(),
                        words: word_changes(&old_claim.text, &claim.text),
                        old_citations: old_claim.citations.to_vec(),
                        new_citations: claim.citations.to_vec(),
                    });
                }
                if old_claim.review != claim.review {
                    diff.reviews_changed.push(ReviewChange {
                        id: claim.id.to_string(),
                        old: old_claim.review.as_deref().cloned(),
                        new: claim.review.as_deref().cloned(),
                    });
                }
                if *old_section != section {
                    diff.claims_moved.push(ClaimMove {
                        id: claim.id.to_string(),
                        from: old_section.map(str::to_owned),
                        to: section.map(str::to_owned),
                    });
                }
            }
        }
    }
    for (section, claim) in claims_in_order(old) {
        if !new_claims.contains_key(&*claim.id) {
            diff.claims_removed.push(claim_ref(section, claim));
        }
    }
    let old_sources: BTreeMap<u32, &Source> = old.sources.iter().map(|s| (s.number, s)).collect();
    let new_sources: BTreeMap<u32, &Source> = new.sources.iter().map(|s| (s.number, s)).collect();
    let numbers: BTreeSet<u32> = old_sources
        .keys()
        .chain(new_sources.keys())
        .copied()
        .collect();
    for number in numbers {
        match (old_sources.get(&number), new_sources.get(&number)) {
            (None, Some(source)) => diff.sources_added.push(source_ref(source)),
            (Some(source), None) => diff.sources_removed.push(source_ref(source)),
            (Some(a), Some(b)) if a.url != b.url => diff.sources_readdressed.push(SourceChange {
                number,
                old_url: a.url.to_string(),
                new_url: b.url.to_string(),
            }),
            _ => {}
        }
    }
    diff
}

/// What changed between two sets of briefings, matched by slug.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteDiff {
    /// Briefings only in the new set.
    pub briefings_added: Vec<BriefingRef>,
    /// Briefings only in the old set.
    pub briefings_removed: Vec<BriefingRef>,
    /// Briefings in both that changed.
    pub briefings_changed: Vec<BriefingDiff>,
}

impl SiteDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.briefings_added.is_empty()
            && self.briefings_removed.is_empty()
            && self.briefings_changed.is_empty()
    }

    /// One line: `1 briefing added, 2 changed`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for (count, word) in [
            (self.briefings_added.len(), "added"),
            (self.briefings_removed.len(), "removed"),
            (self.briefings_changed.len(), "changed"),
        ] {
            if count > 0 {
                parts.push(format!("{count} {word}"));
            }
        }
        if parts.is_empty() {
            "no briefing changed".to_owned()
        } else {
            let total = self.briefings_added.len()
                + self.briefings_removed.len()
                + self.briefings_changed.len();
            format!("{}: {}", plural(total, "briefing"), parts.join(", "))
        }
    }
}

/// Compare two sets of briefings by slug. Both are sorted by slug in the result.
pub fn diff_sites(old: &[Briefing], new: &[Briefing]) -> SiteDiff {
    let old_by_slug: BTreeMap<&str, &Briefing> = old.iter().map(|b| (b.slug.as_str(), b)).collect();
    let new_by_slug: BTreeMap<&str, &Briefing> = new.iter().map(|b| (b.slug.as_str(), b)).collect();
    let mut diff = SiteDiff::default();
    for (slug, briefing) in &new_by_slug {
        match old_by_slug.get(slug) {
            None => diff.briefings_added.push(BriefingRef {
                slug: slug.to_string(),
                title: briefing.title.clone(),
            }),
            Some(old) => {
                let changes = diff_briefings(old, briefing);
                if !changes.is_empty() {
                    diff.briefings_changed.push(changes);
                }
            }
        }
    }
    for (slug, briefing) in &old_by_slug {
        if !new_by_slug.contains_key(slug) {
            diff.briefings_removed.push(BriefingRef {
                slug: slug.to_string(),
                title: briefing.title.clone(),
            });
        }
    }
    diff
}

fn cites(numbers: &[u32]) -> String {
    if numbers.is_empty() {
        "uncited".to_owned()
    } else {
        numbers
            .iter()
            .map(|n| format!("[{n}]"))
            .collect::<Vec<_>>()
            .join("")
    }
}

/// The words of a change, each run written by `changed(text, added)` when it was removed or
/// added and by `same` when it stayed.
fn mark_words(
    words: &[WordChange],
    changed: impl Fn(&str, bool) -> String,
    same: impl Fn(&str) -> String,
) -> String {
    words
        .iter()
        .map(|run| match run.change {
            WordKind::Added => changed(&run.text, true),
            WordKind::Removed => changed(&run.text, false),
            WordKind::Same => same(&run.text),
        })
        .collect()
}

/// `[1][2]`, or `[1] → [1][2]` when the citations changed.
fn citation_change(old: &[u32], new: &[u32]) -> String {
    if old == new {
        cites(new)
    } else {
        format!("{} → {}", cites(old), cites(new))
    }
}

/// Snapshot text for one line of a pull-request comment, which GitHub renders as Markdown
/// with some HTML: line breaks and control characters become spaces (a line break would end
/// the list item and let the rest be read as a heading or as HTML), `<`, `>` and `&` become
/// entities (no `</details>` or `<!--` can close or hide what follows), Markdown's marks are
/// escaped (no image, link, emphasis or table), and an `@` is kept from mentioning anyone.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // A zero-width space after `@`: shown the same, but no mention.
            '@' => out.push_str("@\u{200b}"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => {
                if "\\`*_[]#|~!()".contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// Text for HTML on one line of a comment: escaped, and line breaks and control characters as
/// spaces.
fn one_line_html(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::html::escape(&line)
}

/// The site diff as a pull-request comment: a summary line, then a collapsible section per
/// briefing.
pub fn to_markdown(diff: &SiteDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**briefing diff:** {}\n", diff.summary());
    for BriefingRef { slug, title } in &diff.briefings_added {
        let _ = writeln!(
            out,
            "- Added briefing **{}** ({})",
            md(title.as_deref().unwrap_or(slug)),
            md(slug)
        );
    }
    for BriefingRef { slug, title } in &diff.briefings_removed {
        let _ = writeln!(
            out,
            "- Removed briefing **{}** ({})",
            md(title.as_deref().unwrap_or(slug)),
            md(slug)
        );
    }
    if !diff.briefings_added.is_empty() || !diff.briefings_removed.is_empty() {
        out.push('\n');
    }
    for briefing in &diff.briefings_changed {
        let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
        let _ = writeln!(
            out,
            "<details>\n<summary><b>{}</b> (<code>{}</code>): {}</summary>\n",
            one_line_html(title),
            one_line_html(&briefing.slug),
            briefing.summary()
        );
        for claim in &briefing.claims_added {
            let _ = writeln!(
                out,
                "- ➕ **added** `{}` {}: {}",
                claim.id,
                cites(&claim.citations),
                md(&claim.text)
            );
        }
        for claim in &briefing.claims_removed {
            let _ = writeln!(
                out,
                "- ➖ **removed** `{}` {}: {}",
                claim.id,
                cites(&claim.citations),
                md(&claim.text)
            );
        }
        for change in &briefing.claims_changed {
            // Markdown marks removed words struck through and added ones bold; the space
            // after a run stays outside the marks, or Markdown would not see them.
            let marked = mark_words(
                &change.words,
                |run, added| {
                    let mark = if added { "**" } else { "~~" };
                    let space = if run.ends_with(' ') { " " } else { "" };
                    format!("{mark}{}{mark}{space}", md(run.trim()))
                },
                md,
            );
            let citations = citation_change(&change.old_citations, &change.new_citations);
            let _ = writeln!(
                out,
                "- ✏️ **changed** `{}` {citations}: {marked}",
                change.id
            );
        }
        for moved in &briefing.claims_moved {
            let _ = writeln!(
                out,
                "- ↕️ **moved** `{}` from {} to {}",
                moved.id,
                md(moved.from.as_deref().unwrap_or("the summary")),
                md(moved.to.as_deref().unwrap_or("the summary"))
            );
        }
        for source in &briefing.sources_added {
            let _ = writeln!(
                out,
                "- ➕ source \\[{}\\] {}",
                source.number,
                md(&source.url)
            );
        }
        for source in &briefing.sources_removed {
            let _ = writeln!(
                out,
                "- ➖ source \\[{}\\] {}",
                source.number,
                md(&source.url)
            );
        }
        for source in &briefing.sources_readdressed {
            let _ = writeln!(
                out,
                "- 🔗 source \\[{}\\] {} → {}",
                source.number,
                md(&source.old_url),
                md(&source.new_url)
            );
        }
        for review in &briefing.reviews_changed {
            let (change, note) = review.describe();
            let note = note.map_or_else(String::new, |note| format!(": {}", md(note)));
            let _ = writeln!(out, "- 🏷️ **review** `{}` {change}{note}", review.id);
        }
        out.push_str("\n</details>\n\n");
    }
    out
}

/// The site diff for a terminal, coloured when `color` is set: removed words red, added green.
pub fn to_human(diff: &SiteDiff, color: bool) -> String {
    use anstyle::{AnsiColor, Style};
    let paint = |style: Style| {
        if color {
            style.render().to_string()
        } else {
            String::new()
        }
    };
    let red = paint(Style::new().fg_color(Some(AnsiColor::Red.into())));
    let green = paint(Style::new().fg_color(Some(AnsiColor::Green.into())));
    let bold = paint(Style::new().bold());
    let reset = if color {
        anstyle::Reset.render().to_string()
    } else {
        String::new()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{bold}{}{reset}", diff.summary());
    for BriefingRef { slug, .. } in &diff.briefings_added {
        let _ = writeln!(out, "{green}+ briefing {slug}{reset}");
    }
    for BriefingRef { slug, .. } in &diff.briefings_removed {
        let _ = writeln!(out, "{red}- briefing {slug}{reset}");
    }
    for briefing in &diff.briefings_changed {
        let _ = writeln!(
            out,
            "\n{bold}{}{reset}: {}",
            briefing.slug,
            briefing.summary()
        );
        for claim in &briefing.claims_added {
            let _ = writeln!(
                out,
                "  {green}+ {} {}: {}{reset}",
                claim.id,
                cites(&claim.citations),
                claim.text
            );
        }
        for claim in &briefing.claims_removed {
            let _ = writeln!(
                out,
                "  {red}- {} {}: {}{reset}",
                claim.id,
                cites(&claim.citations),
                claim.text
            );
        }
        for change in &briefing.claims_changed {
            let marked = mark_words(
                &change.words,
                |run, added| match (color, added) {
                    (true, true) => format!("{green}{run}{reset}"),
                    (true, false) => format!("{red}{run}{reset}"),
                    (false, true) => format!("{{+{run}+}}"),
                    (false, false) => format!("[-{run}-]"),
                },
                str::to_owned,
            );
            let citations = citation_change(&change.old_citations, &change.new_citations);
            let _ = writeln!(out, "  ~ {} {citations}: {marked}", change.id);
        }
        for moved in &briefing.claims_moved {
            let _ = writeln!(
                out,
                "  ↕ {} moved from {} to {}",
                moved.id,
                moved.from.as_deref().unwrap_or("the summary"),
                moved.to.as_deref().unwrap_or("the summary")
            );
        }
        for source in &briefing.sources_added {
            let _ = writeln!(
                out,
                "  {green}+ source [{}] {}{reset}",
                source.number, source.url
            );
        }
        for source in &briefing.sources_removed {
            let _ = writeln!(
                out,
                "  {red}- source [{}] {}{reset}",
                source.number, source.url
            );
        }
        for source in &briefing.sources_readdressed {
            let _ = writeln!(
                out,
                "  ~ source [{}] {} → {}",
                source.number, source.old_url, source.new_url
            );
        }
        for review in &briefing.reviews_changed {
            let (change, note) = review.describe();
            let note = note.map_or_else(String::new, |note| format!(": {note}"));
            let _ = writeln!(out, "  ! review of {} {change}{note}", review.id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Dialect};

    const OLD: &str = "Query\nIntro claim here. [1]\nSection one\nKeep: This stays. [1]\nChange: The river is wide. [2]\nGone: This goes away. [2]\n[1] a.org/x\n[2] b.org/y\n";
    const NEW: &str = "Query\nIntro claim here. [1]\nSection one\nKeep: This stays. [1]\nChange: The river is very wide. [2, 3]\nNew: This is new. [3]\n[1] a.org/x\n[2] b.org/z\n[3] c.org\n";

    fn briefing(text: &str) -> Briefing {
        parse(text, Dialect::Pasted).briefing
    }

    #[test]
    fn claims_and_sources_are_matched_by_id_and_number() {
        let diff = diff_briefings(&briefing(OLD), &briefing(NEW));
        let ids = |claims: &[ClaimRef]| claims.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&diff.claims_added), ["new"]);
        assert_eq!(ids(&diff.claims_removed), ["gone"]);
        assert_eq!(diff.claims_changed.len(), 1);
        let change = &diff.claims_changed[0];
        assert_eq!(
            (change.old_citations.clone(), change.new_citations.clone()),
            (vec![2], vec![2, 3])
        );
        let added: Vec<&str> = change
            .words
            .iter()
            .filter(|w| w.change == WordKind::Added)
            .map(|w| &*w.text)
            .collect();
        assert_eq!(added, ["very "]);
        assert_eq!(
            diff.sources_added,
            [SourceRef {
                number: 3,
                url: "c.org".into()
            }]
        );
        assert_eq!(diff.sources_readdressed[0].new_url, "b.org/z");
        assert_eq!(
            diff.summary(),
            "claims: 1 added, 1 removed, 1 changed; sources: 1 added, 1 re-addressed"
        );
    }

    #[test]
    fn a_changed_review_is_reported_with_its_note() {
        use crate::model::{Review, ReviewStatus};
        let old = briefing(OLD);
        let mut new = old.clone();
        let claim = new.sections[0]
            .claims
            .iter_mut()
            .find(|c| &*c.id == "keep")
            .unwrap();
        claim.review = Some(Box::new(Review {
            status: ReviewStatus::Disputed,
            note: Some("Two *accounts* <disagree>.".into()),
            by: None,
            date: None,
        }));
        let diff = diff_briefings(&old, &new);
        assert_eq!(diff.reviews_changed.len(), 1);
        assert_eq!(diff.summary(), "reviews: 1 changed");
        let site = SiteDiff {
            briefings_changed: vec![diff],
            ..SiteDiff::default()
        };
        let markdown = to_markdown(&site);
        assert!(
            markdown.contains(
                "**review** `keep` unreviewed → disputed: Two \\*accounts\\* &lt;disagree&gt;."
            ),
            "{markdown}"
        );
        assert!(to_human(&site, false).contains("! review of keep unreviewed → disputed"));
        let json = serde_json::to_value(&site).unwrap();
        assert_eq!(
            json["briefings_changed"][0]["reviews_changed"][0]["new"]["status"],
            "disputed"
        );
    }

    #[test]
    fn identical_briefings_have_no_diff() {
        assert!(diff_briefings(&briefing(OLD), &briefing(OLD)).is_empty());
    }

    #[test]
    fn markdown_marks_changed_words_and_escapes_text() {
        let mut old = briefing(OLD);
        let new = briefing(NEW);
        old.slug = "s".into();
        let mut new_with_slug = new.clone();
        new_with_slug.slug = "s".into();
        let site = diff_sites(&[old], &[new_with_slug]);
        let markdown = to_markdown(&site);
        assert!(
            markdown.starts_with("**briefing diff:** 1 briefing: 1 changed\n"),
            "{markdown}"
        );
        assert!(markdown.contains("<details>"));
        assert!(
            markdown.contains("The river is **very** wide."),
            "{markdown}"
        );
        assert!(markdown.contains("[2] → [2][3]"), "{markdown}");
    }

    #[test]
    fn a_hostile_briefing_cannot_hide_or_forge_anything_in_the_comment() {
        let old = "Query\nSafe claim one. [1]\nSafe claim two. [1]\n[1] a.org/x\n";
        let hostile = "Query\nSafe claim one. [1]\nSafe claim two. [1]\n\
            Evil: </details><!-- # Heading ![img](https://x.org/p.png) @octocat `code` [link](https://x.org) [2]\n\
            [1] a.org/x\n[2] https://b.org/`</details>`<!--\n";
        let (mut old, mut new) = (briefing(old), briefing(hostile));
        old.slug = "s".into();
        new.slug = "s".into();
        let markdown = to_markdown(&diff_sites(&[old], &[new]));
        // One details block, opened and closed by the comment itself.
        assert_eq!(markdown.matches("<details>").count(), 1, "{markdown}");
        assert_eq!(markdown.matches("</details>").count(), 1, "{markdown}");
        assert!(!markdown.contains("<!--"), "{markdown}");
        assert!(!markdown.contains("!["), "{markdown}");
        assert!(!markdown.contains("@octocat"), "{markdown}");
        assert!(!markdown.contains("](https"), "{markdown}");
        assert!(
            !markdown
                .lines()
                .any(|line| line.trim_start().starts_with('#')),
            "{markdown}"
        );
        // Both changes are there to see.
        assert!(markdown.contains("**added** `evil"), "{markdown}");
        assert!(
            markdown.contains("➕ source \\[2\\] https://b.org/"),
            "{markdown}"
        );
    }
}
