//! The command line: clap's derive types. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Build briefing pages: every claim shown with the sources it rests on.
#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about,
    after_help = "Examples:\n  briefing build\n  briefing build --root my-site --out /tmp/site\n  briefing build --check\n  briefing check --format json\n  briefing links --max-age 7\n  briefing diff base/content content --format markdown\n  briefing parse content/russia-and-azerbaijan.txt --format human"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from content/ into the output folder.
    ///
    /// Nothing is written when any snapshot has an error; the previous output stays as it was.
    Build {
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// How many threads to use [default: one per core]. The output is the same for any.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        /// The address the site is published at, instead of site.toml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Build briefings marked `draft = true` too.
        #[arg(long)]
        drafts: bool,
        /// Write nothing; exit 1, naming every file, if the output folder differs from what a
        /// build would write (for CI on repositories that commit the built site).
        #[arg(long)]
        check: bool,
        /// Print how long reading and parsing, then rendering and writing, took.
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if briefing did not build it (it holds no
        /// .briefing-output): everything in it is deleted.
        #[arg(long)]
        force: bool,
    },
    /// Check every snapshot and print its diagnostics; writes nothing.
    Check {
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Show which claims and sources changed between two versions of the content.
    ///
    /// OLD and NEW are site folders, content folders or snapshot files. Exit 0 when nothing
    /// changed, 1 when something did.
    Diff {
        /// The earlier version.
        old: PathBuf,
        /// The later version.
        new: PathBuf,
        /// markdown: a pull-request comment; json: for tools; human: for a terminal.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Check that the sources' addresses still work, and keep what was found in links.toml.
    ///
    /// Every complete source address is asked for over HTTP(S), at most two connections per
    /// host. Pages then mark gone sources (404, 410, no such host) with a link to the Wayback
    /// Machine's copy, and moved ones with where they went; `build` reads links.toml and never
    /// the network. Without a network, nothing changes.
    Links {
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How many addresses to check at once, across hosts.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
        jobs: u16,
        /// Seconds one request may take.
        #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
        /// Check again only addresses checked this many days ago or more (0: all), and those
        /// that got no certain answer.
        #[arg(long, default_value_t = 30)]
        max_age: u32,
        /// Milliseconds between two requests to one host.
        #[arg(long, default_value_t = 1000)]
        delay: u64,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Serve the site from memory, rebuilding and reloading open pages when files change.
    Serve {
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address the served site is reached at from other machines (a LAN address, a
        /// tunnel), for the feed's, sitemap's and pages' absolute links. Without it they are
        /// left relative: site.toml's base_url would send them to the production host.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Start a snapshot: create content/<slug>.txt with QUERY as its first line.
    ///
    /// Paste the engine's answer (text, citation markers and numbered source list) below it.
    New {
        /// What you asked the answer engine.
        query: String,
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a site in DIR: site.toml, an example of each kind of snapshot, and the templates
    /// to edit. Nothing that exists is replaced.
    Init {
        /// The folder of the new site.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// List the built-in templates, or copy them into the site's templates/ to edit.
    Templates {
        /// Copy every built-in template into ROOT/templates/ (a site's own are kept).
        #[arg(long)]
        eject: bool,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print one snapshot's claim model.
    Parse {
        /// The snapshot file (.txt).
        file: PathBuf,
        /// json: the claim model (schema 1); human: an outline and the diagnostics.
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
    },
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// file:line:col diagnostics for people.
    Human,
    /// A JSON array of diagnostics.
    Json,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A pull-request comment: a summary line and a collapsible section per briefing.
    Markdown,
    /// The differences as JSON.
    Json,
    /// Coloured text for a terminal.
    Human,
}

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// The claim model as JSON.
    Json,
    /// An outline and the diagnostics.
    Human,
}
