//! The `briefing` binary: parse the command line, call the library, print, and map the
//! outcome to an exit code (0 success, 1 content errors or differences, 2 usage or fatal
//! error).

mod cli;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use briefing::diagnostic::Color;
use briefing::report::{counts, human_diagnostics, json_diagnostics, outline};
use briefing::write::{CompareOutput, Difference, DirOutput};
use briefing::{
    build, build_with_progress, check_site, diff, eject_templates, ensure_output_apart, init_site,
    new_snapshot, parse_file, BuildOptions, Report, Stage,
};
use clap::Parser;
use cli::{CheckFormat, Cli, Command, DiffFormat, ParseFormat};

/// Content errors, or differences found (`build --check`, `diff`).
const CONTENT_ERRORS: u8 = 1;
/// Usage or fatal errors.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    // Before any map is made; where one was made already, ahash keeps its own source.
    let _ = ahash::random_state::set_random_source(PerThreadSeeds);
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // `briefing parse F | head -1`: the reader has all it wants; stop quietly, as Unix
        // tools do when the pipe closes.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            // Tera and io errors keep their useful part in the chain of causes.
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            let ours = error.downcast_ref::<briefing::error::Error>();
            if let Some(help) = ours.and_then(briefing::error::Error::help) {
                eprintln!("  help: {help}");
            }
            ExitCode::from(FAILURE)
        }
    }
}

/// `briefing links`: check, with a progress line on a terminal, then say what was found.
fn links(
    root: &Path,
    jobs: u16,
    timeout: u64,
    max_age: u32,
    delay: u64,
    quiet: bool,
) -> anyhow::Result<u8> {
    let options = briefing::LinksOptions {
        jobs: usize::from(jobs),
        timeout: std::time::Duration::from_secs(timeout),
        delay: std::time::Duration::from_millis(delay),
        max_age_days: max_age,
    };
    let show = !quiet && std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show {
            const WIDTH: usize = 30;
            let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
            eprint!(
                "\rchecking source addresses [{}{}] {done}/{total}",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled)
            );
            if done == total {
                eprintln!();
            }
        }
    };
    let run = briefing::check_links(root, &options, &progress)?;
    let file = root.join(briefing::links::FILE_NAME);
    if run.offline {
        eprintln!(
            "error: none of the {} addresses could be reached, each for want of a network \
             (no name lookup, no route): is this machine offline? {} is unchanged",
            run.checked,
            file.display()
        );
        return Ok(FAILURE);
    }
    if !quiet {
        let fresh = run.addresses - run.checked;
        println!(
            "checked {} of {} source address{}{}: {} gone, {} moved, {} without a certain answer",
            run.checked,
            run.addresses,
            if run.addresses == 1 { "" } else { "es" },
            if fresh > 0 {
                format!(" ({fresh} checked less than {max_age} days ago)")
            } else {
                String::new()
            },
            run.gone,
            run.moved,
            run.unsure
        );
        if run.dropped > 0 {
            println!(
                "dropped {} address{} no source cites any more",
                run.dropped,
                if run.dropped == 1 { "" } else { "es" }
            );
        }
        if run.written {
            println!(
                "wrote {}; `briefing build` shows what it found",
                file.display()
            );
        } else {
            println!("{} is unchanged", file.display());
        }
    }
    Ok(0)
}

/// One line per scaffolded file: written, or kept because it was there.
fn print_created(root: &Path, files: &[(std::path::PathBuf, bool)]) {
    for (path, created) in files {
        let path = root.join(path);
        if *created {
            println!("created {}", path.display());
        } else {
            println!("kept    {} (it exists)", path.display());
        }
    }
}

/// Whether `error` comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether colour is wanted on a stream, as anstream decides it: a terminal, and neither
/// `NO_COLOR` nor `CLICOLOR=0` set (`CLICOLOR_FORCE` forces it).
fn color_for(stream: &impl anstream::stream::RawStream) -> bool {
    !matches!(
        anstream::AutoStream::choice(stream),
        anstream::ColorChoice::Never
    )
}

fn stderr_color() -> Color {
    if color_for(&std::io::stderr()) {
        Color::Always
    } else {
        Color::Never
    }
}

/// Print the diagnostics; `quiet` keeps only errors.
fn print_report(report: &Report, quiet: bool) {
    let text = human_diagnostics(report, stderr_color(), |diagnostic| {
        !quiet || diagnostic.is_error()
    });
    eprint!("{text}");
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// `--jobs`, at most one per core: more threads only share the same cores and cost memory.
fn capped_jobs(jobs: usize, quiet: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if jobs > cores && !quiet {
        eprintln!("note: --jobs {jobs} is more than this machine's {cores} cores; using {cores}");
    }
    jobs.min(cores)
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Build {
            root,
            out,
            jobs,
            quiet,
            check,
            timings,
            force,
            base_url,
            drafts,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root,
                jobs: jobs.map(|jobs| capped_jobs(usize::from(jobs), quiet)),
                base_url,
                drafts,
            };
            if check {
                check_output(&options, &out, quiet)
            } else {
                build_site(&options, &out, quiet, timings, force)
            }
        }
        Command::Check { root, format } => {
            let checked = check_site(&root)?;
            match format {
                CheckFormat::Human => {
                    print_report(&checked.report, false);
                    let count = checked.site.entries.len();
                    eprintln!(
                        "checked {count} briefing{}: {}",
                        plural(count),
                        counts(&checked.report)
                    );
                }
                CheckFormat::Json => std::io::stdout()
                    .lock()
                    .write_all(json_diagnostics(&checked.report).as_bytes())?,
            }
            Ok(if checked.report.error_count() > 0 {
                CONTENT_ERRORS
            } else {
                0
            })
        }
        Command::Diff { old, new, format } => {
            let (changes, report) = diff(&old, &new)?;
            print_report(&report, true);
            let shown = match format {
                DiffFormat::Markdown => briefing::diff::to_markdown(&changes),
                DiffFormat::Json => serde_json::to_string_pretty(&changes)? + "\n",
                DiffFormat::Human => {
                    briefing::diff::to_human(&changes, color_for(&std::io::stdout()))
                }
            };
            std::io::stdout().lock().write_all(shown.as_bytes())?;
            Ok(if changes.is_empty() {
                0
            } else {
                CONTENT_ERRORS
            })
        }
        Command::Links {
            root,
            jobs,
            timeout,
            max_age,
            delay,
            quiet,
        } => links(&root, jobs, timeout, max_age, delay, quiet),
        Command::Serve {
            root,
            bind,
            port,
            base_url,
        } => {
            briefing::serve::serve(&root, &bind, port, base_url, |address| {
                println!("serving http://{address}/ (Ctrl-C stops)");
                let _ = std::io::stdout().flush();
            })?;
            Ok(0)
        }
        Command::New { query, root } => {
            let path = new_snapshot(&root, &query)?;
            println!(
                "created {}: paste the answer below its first line, then run `briefing build`",
                path.display()
            );
            Ok(0)
        }
        Command::Init { dir } => {
            let files = init_site(&dir)?;
            print_created(&dir, &files);
            println!(
                "next: `briefing build --root {}`, then open its public/index.html",
                dir.display()
            );
            Ok(0)
        }
        Command::Templates { eject, root } => {
            if eject {
                print_created(&root, &eject_templates(&root)?);
            } else {
                for (name, _) in briefing::render::BUILTIN_TEMPLATES {
                    println!("{name}");
                }
            }
            Ok(0)
        }
        Command::Parse { file, format } => {
            let parsed = parse_file(&file)?;
            let mut stdout = std::io::stdout().lock();
            match format {
                ParseFormat::Json => stdout.write_all(parsed.json.as_bytes())?,
                ParseFormat::Human => {
                    let briefing = &parsed.parsed.parsed.briefing;
                    stdout.write_all(
                        outline(briefing, parsed.dialect, parsed.dialect_reason).as_bytes(),
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

/// `build`: build into the output folder, or write nothing when the content has errors.
fn build_site(
    options: &BuildOptions,
    out: &Path,
    quiet: bool,
    timings: bool,
    force: bool,
) -> Result<u8> {
    ensure_output_apart(&options.root, out)?;
    // Progress goes to a terminal only, on one line that each stage overwrites.
    let show = !quiet && std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let parsed_at = std::sync::Mutex::new(start);
    let progress = |stage: Stage| {
        if timings {
            let now = std::time::Instant::now();
            let mut last = parsed_at
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let stage_name = match stage {
                Stage::Parsed { .. } => "read and parse",
                Stage::Rendered { .. } => "render and write",
            };
            let peak = peak_memory().map_or_else(String::new, |kib| {
                format!(" (peak memory so far {} MiB)", kib / 1024)
            });
            eprintln!("{stage_name}: {:.3} s{peak}", (now - *last).as_secs_f64());
            *last = now;
        }
        if show {
            let text = match stage {
                Stage::Parsed { briefings } => {
                    format!("parsed {briefings} briefings, rendering and writing…")
                }
                Stage::Rendered { files } => format!("wrote {files} files"),
            };
            eprint!("\r\x1b[2K{text}");
        }
    };
    let mut output = if force {
        DirOutput::replacing(out)?
    } else {
        DirOutput::new(out)?
    };
    let built = build_with_progress(options, &mut output, &progress)?;
    // This output's lock is still held, so the sweep leaves its cache files alone even where
    // the folder does not exist (a build that wrote nothing).
    briefing::cache::sweep();
    // The process ends once this build is reported, and its memory goes back to the system
    // whole: freeing the models one by one first cost 2 % of a rebuild's CPU at 10,000
    // briefings (17 ms of a core). Clang leaves its syntax trees at exit (`-disable-free`)
    // for the same reason.
    std::mem::forget(built.site);
    if show {
        eprint!("\r\x1b[2K");
    }
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
            plural(built.briefings),
            built.files,
            out.display(),
            counts(&built.report)
        );
    }
    Ok(0)
}

/// `build --check`: build in memory and compare with the output folder.
fn check_output(options: &BuildOptions, out: &Path, quiet: bool) -> Result<u8> {
    let mut compare = CompareOutput::new(out);
    let built = build(options, &mut compare)?;
    print_report(&built.report, quiet);
    if !built.written {
        eprintln!("check failed: {}", counts(&built.report));
        return Ok(CONTENT_ERRORS);
    }
    for difference in &compare.differences {
        let (path, what) = match difference {
            Difference::Missing(path) => (path, "missing: a build would write it"),
            Difference::Extra(path) => (path, "extra: a build would not write it"),
            Difference::Different(path) => (path, "differs from what a build would write"),
        };
        eprintln!("{}: {what}", out.join(path).display());
    }
    let count = compare.differences.len();
    if count == 0 {
        if !quiet {
            eprintln!("{} is up to date ({} files)", out.display(), built.files);
        }
        Ok(0)
    } else {
        eprintln!(
            "{} is out of date: {count} file{} differ; run `briefing build`",
            out.display(),
            plural(count)
        );
        Ok(CONTENT_ERRORS)
    }
}

/// The most memory the process has held so far (its peak resident set, in KiB), where the
/// system says (`VmHWM` in Linux's `/proc/self/status`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings on every core, where glibc's allocator spent a quarter of the time (measured in
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Seeds for the hash maps Tera makes for every value it renders (a few per claim), from a
/// counter of each thread's own. ahash's default source is one counter for the process, and
/// two cores making maps at once fought over it: 1 % of a build's CPU. Each seed is mixed
/// with the keys ahash draws from the system once, as with the default source.
struct PerThreadSeeds;

impl ahash::random_state::RandomSource for PerThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local!(static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
        NEXT.with(|next| {
            // The counter's address tells threads apart, as ahash's own source does.
            let seed = next.get().wrapping_add(std::ptr::from_ref(next) as usize);
            next.set(seed);
            seed
        })
    }
}
