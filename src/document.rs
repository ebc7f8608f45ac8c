//! The `briefing.json` document: a briefing's claim model with its diagnostics (SPEC 3), as
//! `briefing parse --format json` prints it and every built briefing's folder holds it.

use serde::Serialize;

use crate::diagnostic::DiagnosticRecord;
use crate::model::Briefing;

#[derive(Serialize)]
struct ModelDocument<'a> {
    #[serde(flatten)]
    briefing: &'a Briefing,
    diagnostics: &'a [DiagnosticRecord],
}

/// The model as pretty JSON (schema 1) with its diagnostics, ending in a newline.
pub fn briefing_json(briefing: &Briefing, diagnostics: &[DiagnosticRecord]) -> String {
    let document = ModelDocument {
        briefing,
        diagnostics,
    };
    let mut json = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    json.push('\n');
    json
}
