//! One builder both dialects' assembly uses: a heading opens a section, a block becomes
//! claims with content-derived ids (a continuation joins the claim before it), and every
//! claim's draft is kept, in order, for the final checks.

use crate::diagnostic::Diagnostic;
use crate::ids::{claim_id_base, section_id_base, IdAllocator};
use crate::model::{Briefing, Claim, Section};
use crate::parse::claims::{split_claims, DraftClaim, Inline};

/// Builds the sections and claims of a briefing.
pub(crate) struct Builder<'b> {
    /// The briefing being built; the dialects fill in its other fields themselves.
    pub briefing: &'b mut Briefing,
    section_ids: IdAllocator,
    claim_ids: IdAllocator,
    drafts: Vec<DraftClaim>,
}

impl<'b> Builder<'b> {
    /// A builder that adds to `briefing`.
    pub fn new(briefing: &'b mut Briefing) -> Self {
        Builder {
            briefing,
            section_ids: IdAllocator::default(),
            claim_ids: IdAllocator::default(),
            drafts: Vec::new(),
        }
    }

    /// Open a section under `heading` (already cleaned of `:` and `[edit]`).
    pub fn open_section(&mut self, heading: String) {
        self.briefing.sections.push(Section {
            id: self.section_ids.allocate(&section_id_base(&heading)),
            heading,
            claims: Vec::new(),
        });
    }

    /// Split a block into claims (SPEC 3.2) and add them to the open section, or to the
    /// summary before any. With `continues`, the block's first claim joins the last claim:
    /// the block goes on a list item or a paragraph that a hard wrap cut.
    pub fn add_block(
        &mut self,
        inlines: &[Inline],
        continues: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let claims = match self.briefing.sections.last_mut() {
            Some(section) => &mut section.claims,
            None => &mut self.briefing.summary,
        };
        let mut split = split_claims(inlines, diagnostics).into_iter();
        if continues && !claims.is_empty() {
            if let (Some(last), Some(last_draft), Some((more, more_draft))) =
                (claims.last_mut(), self.drafts.last_mut(), split.next())
            {
                continue_claim(last, last_draft, more, more_draft);
            }
        }
        for (claim, draft) in split {
            let id = self
                .claim_ids
                .allocate(&claim_id_base(claim.label.as_deref(), &claim.text));
            claims.push(Claim {
                id: id.into_boxed_str(),
                ..claim
            });
            self.drafts.push(draft);
        }
    }

    /// The drafts of every claim, in the order of the claims.
    pub fn finish(self) -> Vec<DraftClaim> {
        self.drafts
    }
}

/// Append a continuation's first claim to the claim it continues.
fn continue_claim(claim: &mut Claim, draft: &mut DraftClaim, more: Claim, more_draft: DraftClaim) {
    let mut text = std::mem::take(&mut claim.text).into_string();
    if let Some(label) = more.label {
        text.push(' ');
        text.push_str(&label);
        text.push(':');
    }
    // A word broken at a hyphen by the wrap (`skew-` / `Hermitian`) is joined without a space.
    let hyphenated = text.ends_with('-') && text[..text.len() - 1].ends_with(char::is_alphabetic);
    if !hyphenated {
        text.push(' ');
    }
    text.push_str(&more.text);
    claim.text = text.into_boxed_str();
    let mut citations = std::mem::take(&mut claim.citations).into_vec();
    for number in more.citations {
        if !citations.contains(&number) {
            citations.push(number);
        }
    }
    claim.citations = citations.into_boxed_slice();
    draft.cited_at.extend(more_draft.cited_at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::claims::Style;
    use crate::parse::markers::{inlines_from_text, KnownSources};

    fn inlines(text: &str) -> Vec<Inline> {
        inlines_from_text(text, 0, &Style::default(), &KnownSources::new())
    }

    #[test]
    fn sections_and_claims_get_ids_and_continuations_join() {
        let mut briefing = Briefing::new();
        let mut builder = Builder::new(&mut briefing);
        builder.add_block(
            &inlines("Tides rise twice a day. [1]"),
            false,
            &mut Vec::new(),
        );
        builder.open_section("Causes".to_owned());
        builder.add_block(&inlines("The moon pulls the sea-"), false, &mut Vec::new());
        builder.add_block(&inlines("water toward it. [2]"), true, &mut Vec::new());
        builder.open_section("Causes".to_owned());
        let drafts = builder.finish();
        assert_eq!(drafts.len(), 2);
        assert_eq!(*briefing.summary[0].citations, [1]);
        let section = &briefing.sections[0];
        assert_eq!(
            &*section.claims[0].text,
            "The moon pulls the sea-water toward it."
        );
        assert_eq!(*section.claims[0].citations, [2]);
        assert_eq!(&*briefing.sections[1].id, format!("{}-2", section.id));
    }
}
