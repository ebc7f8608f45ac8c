//! What commands print for people and tools: diagnostics and model outlines.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{render_human, Color, DiagnosticRecord};
use crate::model::{Briefing, Claim};
use crate::parse::Dialect;
use crate::Report;

/// Every diagnostic of `report`, rendered for a terminal, errors and warnings in file order.
pub fn human_diagnostics(report: &Report, color: Color) -> String {
    let mut out = String::new();
    for file in &report.files {
        for diagnostic in &file.diagnostics {
            out.push_str(&render_human(&file.path, &file.text, diagnostic, color));
            out.push('\n');
        }
    }
    out
}

/// One diagnostic in JSON output, with its file.
#[derive(Debug, Serialize)]
struct FileDiagnostic {
    file: String,
    #[serde(flatten)]
    diagnostic: DiagnosticRecord,
}

/// Every diagnostic of `report` as a JSON array of `{file, severity, line, column, message,
/// help}`, paths with `/` separators.
pub fn json_diagnostics(report: &Report) -> String {
    let records: Vec<FileDiagnostic> = report
        .files
        .iter()
        .flat_map(|file| {
            let path = file.path.to_string_lossy().replace('\\', "/");
            file.diagnostics
                .iter()
                .map(move |diagnostic| FileDiagnostic {
                    file: path.clone(),
                    diagnostic: DiagnosticRecord::new(&file.text, diagnostic),
                })
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".to_owned());
    json.push('\n');
    json
}

/// `N errors, M warnings`, with plurals.
pub fn counts(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(report.error_count(), "error"),
        plural(report.warning_count(), "warning")
    )
}

/// A readable outline of a model: what `briefing parse --format human` prints before the
/// diagnostics.
pub fn outline(briefing: &Briefing, dialect: Dialect, reason: &str) -> String {
    let mut out = String::new();
    let title = briefing.title.as_deref().unwrap_or("(no title)");
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "  read as:  {} ({reason})", dialect.name());
    if let Some(query) = &briefing.query {
        let _ = writeln!(out, "  query:    {query}");
    }
    if let Some(engine) = &briefing.origin.engine {
        let _ = write!(out, "  engine:   {engine}");
        if let Some(url) = &briefing.origin.url {
            let mark = if briefing.origin.truncated { "…" } else { "" };
            let _ = write!(out, " ({url}{mark})");
        }
        out.push('\n');
    }
    let captured = &briefing.captured;
    let by: Vec<&str> = [
        captured.author.as_deref(),
        captured.handle.as_deref(),
        captured.date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !by.is_empty() {
        let _ = writeln!(out, "  captured: {}", by.join(", "));
    }
    if !briefing.tags.is_empty() {
        let _ = writeln!(out, "  tags:     {}", briefing.tags.join(", "));
    }
    let _ = writeln!(
        out,
        "  {} claims, {} uncited, {} sources",
        briefing.claims().count(),
        briefing.uncited_count(),
        briefing.sources.len()
    );
    if !briefing.summary.is_empty() {
        let _ = writeln!(out, "\nSummary");
        outline_claims(&mut out, &briefing.summary);
    }
    for section in &briefing.sections {
        let _ = writeln!(out, "\n## {}", section.heading);
        outline_claims(&mut out, &section.claims);
    }
    if let Some(disclaimer) = &briefing.disclaimer {
        let _ = writeln!(out, "\nDisclaimer: {disclaimer}");
    }
    if !briefing.sources.is_empty() {
        let _ = writeln!(out, "\nSources");
        for source in &briefing.sources {
            let mark = if source.truncated { "…" } else { "" };
            let _ = write!(out, "  [{}] {}{mark}", source.number, source.url);
            if let Some(title) = &source.title {
                let _ = write!(out, "  \"{title}\"");
            }
            out.push('\n');
        }
    }
    out
}

fn outline_claims(out: &mut String, claims: &[Claim]) {
    for claim in claims {
        let cites = if claim.citations.is_empty() {
            "uncited".to_owned()
        } else {
            claim
                .citations
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let label = claim
            .label
            .as_deref()
            .map(|label| format!("{label}: "))
            .unwrap_or_default();
        let text: String = claim.text.chars().take(90).collect();
        let more = if claim.text.chars().count() > 90 {
            "…"
        } else {
            ""
        };
        let _ = writeln!(out, "  - [{cites}] {label}{text}{more}");
    }
}
