//! Diagnostics: what the parser repaired, assumed or could not read.
//!
//! A diagnostic points at a byte range of the snapshot's text. Parsing never tracks lines:
//! once a file is parsed, its diagnostics are [`Located`] all at once through a
//! [`LineIndex`] (one pass over the text, then a binary search per diagnostic, so a file with
//! many diagnostics costs no more than reading it), and the text can be dropped.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Where each line of a text starts, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// The line and column of byte `offset` in `text` (the text this index was made from);
    /// offsets past the end or inside a character are clamped to the nearest character
    /// boundary before it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = char_boundary(text, offset);
        let line = self.line_of(offset);
        let line_start = self.starts[line - 1];
        Position {
            line,
            column: text[line_start..offset].chars().count() + 1,
        }
    }

    /// The 1-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The text of the line holding byte `offset`, without its line break.
    pub fn line_text<'a>(&self, text: &'a str, offset: usize) -> &'a str {
        let offset = char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        text[start..end].trim_end_matches('\r')
    }
}

/// The byte offset after every `\n` of `text`.
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, byte)| byte == b'\n')
        .map(|(at, _)| at + 1)
}

fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line and column of byte `offset` in `text`. For more than one offset of a text,
/// build a [`LineIndex`] once.
pub fn position(text: &str, offset: usize) -> Position {
    LineIndex::new(text).position(text, offset)
}

/// A diagnostic with where it is: what is shown of it without the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// Its line and column.
    pub position: Position,
    /// The part of its line that is shown with it ([`Place::excerpt`]).
    pub excerpt: String,
    /// Its character column in `excerpt`, from 0.
    pub caret: usize,
}

impl Located {
    /// Locate every diagnostic of `text`, indexing its lines once; sorted by position, errors
    /// before warnings at one place.
    pub fn all(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
        let places = Place::all(text, &diagnostics);
        Located::placed(diagnostics, places)
    }

    /// Each of `diagnostics` at its place in `places` (the same length: [`Place::all`]),
    /// sorted as [`Located::all`] sorts them.
    pub fn placed(diagnostics: Vec<Diagnostic>, places: Vec<Place>) -> Vec<Located> {
        let mut located: Vec<Located> = diagnostics
            .into_iter()
            .zip(places)
            .map(
                |(
                    diagnostic,
                    Place {
                        position,
                        excerpt,
                        caret,
                    },
                )| Located {
                    diagnostic,
                    position,
                    excerpt,
                    caret,
                },
            )
            .collect();
        located.sort_by_key(|l| (l.position.line, l.position.column, l.diagnostic.severity));
        located
    }
}

/// Where a diagnostic is in its text: all that showing it takes of the text, so that it can be
/// kept and shown without reading the text again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Its line and column.
    pub position: Position,
    /// The line of text it points into, or, for a line too long for a terminal, the part of
    /// it around the column, with `…` where it was cut. Only the part is kept: a paste that
    /// is one long paragraph can have thousands of diagnostics on its one line, and a copy of
    /// the whole line for each took gigabytes.
    pub excerpt: String,
    /// The diagnostic's character column in `excerpt`, from 0.
    pub caret: usize,
}

impl Place {
    /// The place in `text` of each of its `diagnostics`, in their order; its lines indexed
    /// once, and the characters before each diagnostic counted from the one before it on the
    /// same line, so that many diagnostics on one long line cost one pass over it.
    pub fn all(text: &str, diagnostics: &[Diagnostic]) -> Vec<Place> {
        if diagnostics.is_empty() {
            return Vec::new();
        }
        let index = LineIndex::new(text);
        let mut order: Vec<usize> = (0..diagnostics.len()).collect();
        order.sort_by_key(|&at| diagnostics[at].span.start);
        let mut places = vec![None; diagnostics.len()];
        // The last offset counted: its line, the byte, and its column.
        let mut counted = (0, 0, 1);
        for at in order {
            let offset = char_boundary(text, diagnostics[at].span.start);
            let line = index.line_of(offset);
            let line_start = index.starts[line - 1];
            let (from, column) = if counted.0 == line {
                (counted.1, counted.2)
            } else {
                (line_start, 1)
            };
            let column = column + text[from..offset].chars().count();
            counted = (line, offset, column);
            let line_text = index.line_text(text, offset);
            let (excerpt, caret) = excerpt(line_text, (offset - line_start).min(line_text.len()));
            places[at] = Some(Place {
                position: Position { line, column },
                excerpt,
                caret,
            });
        }
        places.into_iter().flatten().collect()
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
    /// The record of a located diagnostic.
    pub fn new(located: &Located) -> Self {
        let diagnostic = &located.diagnostic;
        DiagnosticRecord {
            severity: diagnostic.severity,
            line: located.position.line,
            column: located.position.column,
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
pub fn render_human(path: &Path, located: &Located, color: Color) -> String {
    let diagnostic = &located.diagnostic;
    let Position { line, column } = located.position;
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
    // A diagnostic at the very end of a file has no line of text to show.
    if !located.excerpt.is_empty() {
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {}", located.excerpt);
        let _ = writeln!(out, "{pad} | {}{paint}^{reset}", " ".repeat(located.caret));
    }
    if let Some(help) = &diagnostic.help {
        // Lines after the first (lines to paste, say) line up under the first.
        let help = help.replace('\n', "\n          ");
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// The part of `line` shown with a diagnostic at byte `offset` of it, and the caret's
/// character column in that part: the whole line when it fits a terminal, else the 100
/// characters from 60 before the offset, with `…` where the line was cut. Only those
/// characters are read, however long the line.
fn excerpt(line: &str, offset: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    const BEFORE: usize = 60;
    let offset = char_boundary(line, offset);
    if line.chars().nth(WIDTH).is_none() {
        return (line.to_owned(), line[..offset].chars().count());
    }
    // Step back at most BEFORE characters from the offset, then show WIDTH from there.
    let (start, caret) = line[..offset]
        .char_indices()
        .rev()
        .take(BEFORE)
        .enumerate()
        .last()
        .map_or((offset, 0), |(back, (at, _))| (at, back + 1));
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let rest = &line[start..];
    let end = rest
        .char_indices()
        .nth(WIDTH)
        .map_or(rest.len(), |(at, _)| at);
    shown.push_str(&rest[..end]);
    if end < rest.len() {
        shown.push('…');
    }
    (shown, caret + usize::from(start > 0))
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
        let index = LineIndex::new("one\r\ntwo");
        assert_eq!(index.line_text("one\r\ntwo", 1), "one");
        assert_eq!(index.line_text("one\r\ntwo", 6), "two");
    }

    #[test]
    fn locating_many_diagnostics_reads_the_text_once() {
        // 200,000 lines, a diagnostic on each: located in one pass and binary searches.
        let text = "uncited claim.\n".repeat(200_000);
        let diagnostics: Vec<Diagnostic> = (0..200_000)
            .map(|line| Diagnostic::warning(line * 15..line * 15 + 1, "claim has no citation"))
            .collect();
        let located = Located::all(&text, diagnostics);
        assert_eq!(
            located[199_999].position,
            Position {
                line: 200_000,
                column: 1
            }
        );
        assert_eq!(located[5].excerpt, "uncited claim.");
    }

    #[test]
    fn diagnostics_on_one_long_line_are_placed_as_one_at_a_time_and_keep_an_excerpt() {
        // A paste that is one paragraph: thousands of diagnostics on one line, in any order,
        // among multi-byte characters and a line break.
        let line = "Ünïcode claim [1]. ".repeat(2_000);
        let text = format!("title\n{line}\nlast é line\n");
        let mut spans: Vec<usize> = (0..2_000)
            .map(|i| 6 + i * "Ünïcode claim [1]. ".len() + 17)
            .collect();
        spans.reverse();
        spans.push(text.len() - 3);
        spans.push(0);
        let diagnostics: Vec<Diagnostic> = spans
            .iter()
            .map(|&at| Diagnostic::warning(at..at + 1, "w"))
            .collect();
        let places = Place::all(&text, &diagnostics);
        let index = LineIndex::new(&text);
        for (place, &at) in places.iter().zip(&spans) {
            assert_eq!(place.position, position(&text, at), "at byte {at}");
            let shown_line = index.line_text(&text, at);
            let offset = at - (shown_line.as_ptr() as usize - text.as_ptr() as usize);
            assert_eq!(
                (place.excerpt.clone(), place.caret),
                excerpt(shown_line, offset),
                "at byte {at}"
            );
            assert!(place.excerpt.chars().count() <= 102);
        }
        assert_eq!(places[0].excerpt.chars().nth(places[0].caret), Some('1'));
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(150), "b".repeat(150));
        let (shown, caret) = excerpt(&line, 150);
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), 102);
        assert_eq!(excerpt("short", 2), ("short".to_owned(), 2));
        // Near either end of a long line, only that end is cut.
        let (shown, caret) = excerpt(&line, 3);
        assert_eq!((shown.chars().next(), caret), (Some('a'), 3));
        assert!(shown.ends_with('…'));
        let (shown, caret) = excerpt(&line, 300);
        assert_eq!(shown.chars().nth(caret), Some('b'));
        assert!(shown.starts_with('…') && !shown.ends_with('…'));
    }

    #[test]
    fn human_rendering_names_file_line_column_and_points_at_it() {
        let text = "first\nsecond line\n";
        let diagnostic =
            Diagnostic::warning(13..17, "claim has no citation").with_help("cite a source");
        let located = Located::all(text, vec![diagnostic]).remove(0);
        let shown = render_human(Path::new("a.txt"), &located, Color::Never);
        assert_eq!(
            shown,
            "a.txt:2:8: warning: claim has no citation\n  |\n2 | second line\n  |        ^\n  = help: cite a source\n"
        );
    }
}
