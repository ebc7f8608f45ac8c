//! What commands print for people and tools: diagnostics and model outlines.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;
use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::{render_human, Color, Diagnostic, DiagnosticRecord, Located, Severity};
use crate::model::{Briefing, Claim};
use crate::parse::Dialect;

/// The diagnostics of one file, located in its text (which is not kept).
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file, relative to the site root (or as given on the command line).
    pub path: PathBuf,
    /// What was found, sorted by position.
    pub diagnostics: Vec<Located>,
}

/// Every file's diagnostics, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files with at least one diagnostic.
    pub files: Vec<FileReport>,
    /// Where each path's report is in `files`. Hashed, not ordered: a `BTreeMap` compared
    /// paths a component at a time, on one core, for each of a large site's files.
    index: HashMap<PathBuf, usize, BuildHasherDefault<ahash::AHasher>>,
}

impl Report {
    /// Add the diagnostics of `path`, whose text is `text`.
    pub(crate) fn add(&mut self, path: PathBuf, text: &str, diagnostics: Vec<Diagnostic>) {
        self.add_located(path, Located::all(text, diagnostics));
    }

    /// Add diagnostics already located (in a parallel parse, beside the file's text).
    pub(crate) fn add_located(&mut self, path: PathBuf, diagnostics: Vec<Located>) {
        if diagnostics.is_empty() {
            return;
        }
        // Indexed by path: a site of 10,000 snapshots adds to its report 30,000 times.
        match self.index.get(&path) {
            Some(&at) => self.files[at].diagnostics.extend(diagnostics),
            None => {
                self.index.insert(path.clone(), self.files.len());
                self.files.push(FileReport { path, diagnostics });
            }
        }
    }

    pub(crate) fn sort(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        for file in &mut self.files {
            file.diagnostics.sort_by_key(|located| {
                let position = located.position;
                (position.line, position.column, located.diagnostic.severity)
            });
        }
        self.index = self
            .files
            .iter()
            .enumerate()
            .map(|(at, file)| (file.path.clone(), at))
            .collect();
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.diagnostics().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(|located| &located.diagnostic))
    }
}

/// The diagnostics of `report` that `keep` keeps, rendered for a terminal, errors and warnings
/// in file order. `--quiet` keeps only errors, without copying a report of thousands of
/// warnings to filter it.
pub fn human_diagnostics(
    report: &Report,
    color: Color,
    keep: impl Fn(&Diagnostic) -> bool,
) -> String {
    let mut out = String::new();
    for file in &report.files {
        for located in file.diagnostics.iter().filter(|l| keep(&l.diagnostic)) {
            out.push_str(&render_human(&file.path, located, color));
            out.push('\n');
        }
    }
    out
}

/// What a rebuild found that the build before it did not, for `serve`: new errors first,
/// then new warnings, then one line for what stayed and what was fixed. `seen` holds what
/// the last build reported and is replaced with what this one did. A diagnostic is the same
/// when its file, message and the text shown around it are, wherever lines above it moved.
pub fn changed_diagnostics(
    report: &Report,
    seen: &mut std::collections::BTreeSet<String>,
    color: Color,
) -> String {
    let mut now = std::collections::BTreeSet::new();
    let (mut errors, mut warnings) = (String::new(), String::new());
    for file in &report.files {
        for located in &file.diagnostics {
            let key = format!(
                "{}\u{0}{}\u{0}{}",
                file.path.display(),
                located.diagnostic.message,
                located.excerpt.trim()
            );
            if !seen.contains(&key) {
                let shown = render_human(&file.path, located, color);
                let list = if located.diagnostic.is_error() {
                    &mut errors
                } else {
                    &mut warnings
                };
                list.push_str(&shown);
                list.push('\n');
            }
            now.insert(key);
        }
    }
    let unchanged = now.intersection(seen).count();
    let fixed = seen.difference(&now).count();
    let mut out = errors + &warnings;
    if unchanged + fixed > 0 {
        let _ = writeln!(
            out,
            "{unchanged} earlier diagnostics unchanged, {fixed} gone"
        );
    }
    *seen = now;
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
            file.diagnostics.iter().map(move |located| FileDiagnostic {
                file: path.clone(),
                diagnostic: DiagnosticRecord::new(located),
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
    let date = captured.date.map(|date| date.to_string());
    let by: Vec<&str> = [
        captured.author.as_deref(),
        captured.handle.as_deref(),
        date.as_deref(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_rebuild_shows_only_what_changed_errors_first() {
        let mut seen = std::collections::BTreeSet::new();
        let text = "q\nAn uncited claim.\n";
        let mut first = Report::default();
        first.add(
            PathBuf::from("a.txt"),
            text,
            vec![Diagnostic::warning(2..3, "claim has no citation")],
        );
        let shown = changed_diagnostics(&first, &mut seen, Color::Never);
        assert!(shown.contains("claim has no citation"), "{shown}");

        // A line inserted above moves the warning; it is not new. A new error is shown first.
        let text = "q\nA new line.\nAn uncited claim.\nA claim. [9]\n";
        let mut second = Report::default();
        second.add(
            PathBuf::from("a.txt"),
            text,
            vec![
                Diagnostic::warning(14..15, "claim has no citation"),
                Diagnostic::warning(40..41, "a new warning"),
                Diagnostic::error(41..44, "source [9] is listed twice"),
            ],
        );
        let shown = changed_diagnostics(&second, &mut seen, Color::Never);
        assert!(!shown.contains("claim has no citation"), "{shown}");
        let error_at = shown.find("listed twice").unwrap();
        let warning_at = shown.find("a new warning").unwrap();
        assert!(error_at < warning_at, "{shown}");
        assert!(
            shown.ends_with("1 earlier diagnostics unchanged, 0 gone\n"),
            "{shown}"
        );
    }
}
