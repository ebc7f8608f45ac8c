//! Pass 6: citations without a source are errors; uncited claims and sources nobody cites
//! are warnings.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::model::Briefing;
use crate::parse::claims::DraftClaim;

/// Report citations without a source, uncited claims and sources nobody cites.
pub(crate) fn check(
    briefing: &Briefing,
    drafts: &[DraftClaim],
    source_spans: &BTreeMap<u32, Range<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for source in &briefing.sources {
        if !briefing
            .claims()
            .any(|claim| claim.citations.contains(&source.number))
        {
            let span = source_spans.get(&source.number).cloned().unwrap_or(0..0);
            diagnostics.push(Diagnostic::warning(
                span,
                format!("source [{}] is cited by no claim", source.number),
            ));
        }
    }
    let last = briefing.sources.iter().map(|source| source.number).max();
    let mut reported_missing_list = false;
    for (claim, draft) in briefing.claims().zip(drafts) {
        if claim.is_uncited() {
            diagnostics.push(Diagnostic::warning(
                draft.start..draft.start + claim.text.len().min(1),
                "claim has no citation",
            ));
        }
        for (number, span) in &draft.cited_at {
            if briefing.source(*number).is_some() {
                continue;
            }
            match last {
                Some(last) => diagnostics.push(
                    Diagnostic::error(
                        span.clone(),
                        format!(
                            "citation [{number}] has no source; the source list ends at [{last}]"
                        ),
                    )
                    .with_help("correct the number, or add the missing entry to the source list"),
                ),
                None if !reported_missing_list => {
                    reported_missing_list = true;
                    diagnostics.push(
                        Diagnostic::warning(
                            span.clone(),
                            format!("citation [{number}] has no source: the snapshot has no source list"),
                        )
                        .with_help("paste the numbered source list below the answer"),
                    );
                }
                None => {}
            }
        }
    }
}
