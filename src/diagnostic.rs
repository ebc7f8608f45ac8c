//! Diagnostics: what the parser repaired, assumed or could not read.
//!
//! A diagnostic points at a byte range of the snapshot's text. Line and column are computed
//! only when it is shown, from the same text, so parsing never tracks positions twice.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

/// How bad a diagnostic is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build stops and writes nothing.
    Error,
    /// Reported; the build goes on.
    Warning,
    /// An assumption the parser made, said so that a user can see why a paste came out as it
    /// did; not a problem.
    Note,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The bytes of the file's text the problem is about.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, where there is a fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A warning about `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// A note about an assumption made at `span`.
    pub fn note(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// An error about `span`.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// The same diagnostic with a suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sort diagnostics by position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.severity));
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// The line and column of byte `offset` in `text`; offsets past the end or inside a
/// character are clamped to the nearest character boundary before it.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// A diagnostic as it appears in JSON output: position instead of byte span, no file path
/// (so that `briefing.json` does not depend on where the site lives).
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticRecord {
    /// `"error"` or `"warning"`.
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, or `null`.
    pub help: Option<String>,
}

impl DiagnosticRecord {
    /// Locate `diagnostic` in `text`.
    pub fn new(text: &str, diagnostic: &Diagnostic) -> Self {
        let Position { line, column } = position(text, diagnostic.span.start);
        DiagnosticRecord {
            severity: diagnostic.severity,
            line,
            column,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
        }
    }
}

/// Whether to colour human-readable diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text.
    Never,
    /// ANSI colours.
    Always,
}

/// Render a diagnostic for a person: `file:line:col: severity: message`, the line of text with
/// a caret under the column, and the help.
pub fn render_human(path: &Path, text: &str, diagnostic: &Diagnostic, color: Color) -> String {
    let Position { line, column } = position(text, diagnostic.span.start);
    use anstyle::{AnsiColor, Style};
    let (label, hue) = match diagnostic.severity {
        Severity::Error => ("error", AnsiColor::Red),
        Severity::Warning => ("warning", AnsiColor::Yellow),
        Severity::Note => ("note", AnsiColor::Cyan),
    };
    let strong = Style::new().bold();
    let (paint, bold, reset) = match color {
        Color::Always => (
            strong.fg_color(Some(hue.into())).render().to_string(),
            strong.render().to_string(),
            strong.render_reset().to_string(),
        ),
        Color::Never => (String::new(), String::new(), String::new()),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{bold}{}:{line}:{column}:{reset} {paint}{label}:{reset} {bold}{}{reset}",
        path.display(),
        diagnostic.message
    );
    if let Some(source_line) = text.lines().nth(line - 1) {
        let source_line = source_line.trim_end_matches('\r');
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        let (shown, caret_col) = window(source_line, column - 1);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {shown}");
        let _ = writeln!(out, "{pad} | {}{paint}^{reset}", " ".repeat(caret_col));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// The part of a long line around character `column` (0-based) that fits a terminal, with
/// `…` where it was cut, and the caret's column in it.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    const BEFORE: usize = 60;
    let chars: Vec<char> = line.chars().collect();
    let column = column.min(chars.len());
    if chars.len() <= WIDTH {
        return (line.to_owned(), column);
    }
    let start = column.saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position(text, 3), Position { line: 2, column: 1 });
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(position(text, 6), Position { line: 2, column: 3 });
        // Inside a character and past the end are clamped, not a panic.
        assert_eq!(position(text, 5), Position { line: 2, column: 2 });
        assert_eq!(position(text, 999), Position { line: 3, column: 1 });
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(150), "b".repeat(150));
        let (shown, caret) = window(&line, 150);
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(window("short", 2), ("short".to_owned(), 2));
    }

    #[test]
    fn human_rendering_names_file_line_column_and_points_at_it() {
        let text = "first\nsecond line\n";
        let diagnostic =
            Diagnostic::warning(13..17, "claim has no citation").with_help("cite a source");
        let shown = render_human(Path::new("a.txt"), text, &diagnostic, Color::Never);
        assert_eq!(
            shown,
            "a.txt:2:8: warning: claim has no citation\n  |\n2 | second line\n  |        ^\n  = help: cite a source\n"
        );
    }
}
