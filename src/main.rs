//! The `briefing` binary: parse the command line, call the library, print, and map the
//! outcome to an exit code (0 success, 1 content errors, 2 usage or fatal error).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use briefing::diagnostic::Color;
use briefing::report::{counts, human_diagnostics, json_diagnostics, outline};
use briefing::write::DirOutput;
use briefing::{build, check_site, ensure_output_apart, parse_file, BuildOptions, Report};
use clap::Parser;
use cli::{CheckFormat, Cli, Command, ParseFormat};

/// Content errors: something in a snapshot must be fixed.
const CONTENT_ERRORS: u8 = 1;
/// Usage or fatal errors.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            // Tera and io errors keep their useful part in the chain of causes.
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(FAILURE)
        }
    }
}

fn stderr_color() -> Color {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    if std::io::stderr().is_terminal() && !no_color {
        Color::Always
    } else {
        Color::Never
    }
}

/// Print the diagnostics; `quiet` keeps only errors.
fn print_report(report: &Report, quiet: bool) {
    let mut report = report.clone();
    if quiet {
        for file in &mut report.files {
            file.diagnostics.retain(|d| d.is_error());
        }
    }
    eprint!("{}", human_diagnostics(&report, stderr_color()));
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Build {
            root,
            out,
            jobs,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            ensure_output_apart(&root, &out)?;
            let options = BuildOptions {
                root,
                jobs: jobs.map(usize::from),
            };
            let built = build(&options, &mut DirOutput::new(&out))?;
            print_report(&built.report, quiet);
            if !built.written {
                eprintln!(
                    "build failed: {}; nothing was written, {} is as it was",
                    counts(&built.report),
                    out.display()
                );
                return Ok(CONTENT_ERRORS);
            }
            if !quiet {
                eprintln!(
                    "built {} briefing{} ({} files) into {}: {}",
                    built.briefings,
                    if built.briefings == 1 { "" } else { "s" },
                    built.files,
                    out.display(),
                    counts(&built.report)
                );
            }
            Ok(0)
        }
        Command::Check { root, format } => {
            let checked = check_site(&root)?;
            match format {
                CheckFormat::Human => {
                    print_report(&checked.report, false);
                    eprintln!(
                        "checked {} briefings: {}",
                        checked.site.entries.len(),
                        counts(&checked.report)
                    );
                }
                CheckFormat::Json => print!("{}", json_diagnostics(&checked.report)),
            }
            Ok(if checked.report.error_count() > 0 {
                CONTENT_ERRORS
            } else {
                0
            })
        }
        Command::Parse { file, format } => {
            let parsed = parse_file(&file)?;
            let mut stdout = std::io::stdout().lock();
            match format {
                ParseFormat::Json => stdout.write_all(parsed.json.as_bytes())?,
                ParseFormat::Human => {
                    stdout.write_all(
                        outline(
                            &parsed.parsed.parsed.briefing,
                            parsed.dialect,
                            parsed.dialect_reason,
                        )
                        .as_bytes(),
                    )?;
                    stdout.flush()?;
                    print_report(&parsed.report, false);
                    eprintln!("{}", counts(&parsed.report));
                }
            }
            Ok(if parsed.report.error_count() > 0 {
                CONTENT_ERRORS
            } else {
                0
            })
        }
    }
}
