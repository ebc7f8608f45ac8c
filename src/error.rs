//! Fatal errors: the ones that stop briefing before or while it writes, as opposed to content
//! problems, which are [`crate::diagnostic::Diagnostic`]s tied to a place in a file.

use std::io;
use std::path::PathBuf;

/// Everything that can stop a command outright. Each variant carries the path it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has no `content/` folder.
    #[error("no content folder at {path}; put snapshots in content/ or pass --root")]
    NoContent {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// `diff` was given a folder with nothing to compare in it.
    #[error("nothing to compare in {path}: no snapshots under content/ and no briefing.json of a built site")]
    NothingToCompare {
        /// The folder.
        path: PathBuf,
    },
    /// `diff` could not read one side whole; comparing the rest would report a false change.
    #[error("cannot compare {path}: {reason}")]
    CannotCompare {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A folder could not be listed.
    #[error("cannot read the folder {path}")]
    ReadDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A file of the site's own (template, static asset, site.toml) could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// `site.toml` is not valid.
    #[error("{path} is not valid: {message}")]
    SiteConfig {
        /// The file.
        path: PathBuf,
        /// What the TOML parser said.
        message: String,
    },
    /// The system clock gives no date in years 1000–9999.
    #[error("the system clock gives no usable date; set it and try again")]
    NoClock,
    /// `sources.toml` is not valid.
    #[error("{path} is not valid: {message}")]
    Publishers {
        /// The file.
        path: PathBuf,
        /// What the TOML parser said, with the line.
        message: String,
    },
    /// `links.toml` is not valid.
    #[error("{path} is not valid: {message}")]
    Links {
        /// The file.
        path: PathBuf,
        /// What the TOML parser said, with the line.
        message: String,
    },
    /// A template failed to parse or render.
    #[error("template {name} failed")]
    Template {
        /// The template's name.
        name: String,
        /// Tera's error, with its chain of causes.
        #[source]
        source: tera::Error,
        /// What to do about it, when the template looks written for an older briefing.
        help: Option<&'static str>,
    },
    /// A page would be written outside the output folder.
    #[error("refusing to write {path}: it is outside the output folder")]
    OutputPathEscapes {
        /// The offending relative path.
        path: PathBuf,
    },
    /// A part of the site is a link that leads out of it.
    #[error("{path} is a link that leads out of the site's folder (or nowhere); briefing reads nothing outside the site")]
    LinkLeavesSite {
        /// The link.
        path: PathBuf,
    },
    /// A snapshot too large to be one.
    #[error("{path} is {size} bytes; snapshots over 8 MB are not read")]
    SnapshotTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// Two parts of the site would be written at one address, as planned.
    #[error("{first} and {second} would both be written at {path}; nothing was written")]
    PagesCollide {
        /// The address, relative to the output folder.
        path: PathBuf,
        /// One of them.
        first: String,
        /// The other.
        second: String,
    },
    /// Two pages of the site would be written at one address.
    #[error("two pages of the site would both be written at {path}; nothing was written")]
    OutputCollision {
        /// The address, relative to the output folder.
        path: PathBuf,
    },
    /// The output folder is not one briefing may replace.
    #[error("refusing to replace {path}: {reason}")]
    UnsafeOutput {
        /// The output folder.
        path: PathBuf,
        /// Why it is not safe.
        reason: String,
    },
    /// Writing the output failed.
    #[error("cannot write {path}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A snapshot file given on the command line could not be read.
    #[error("cannot read {path}")]
    ReadSnapshot {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A file given on the command line is not a kind briefing reads.
    #[error("{path}: briefing reads .txt and .md snapshots")]
    UnknownDialect {
        /// The file.
        path: PathBuf,
    },
    /// `briefing serve` could not listen.
    #[error("cannot serve on {address}: {message}")]
    Serve {
        /// The address asked for.
        address: String,
        /// Why.
        message: String,
    },
    /// `briefing new` was given a query with no letters or digits.
    #[error("the query has no letters or digits to name a file after")]
    EmptyQuery,
    /// `briefing new` would replace a snapshot.
    #[error("{path} already exists; briefing new never replaces a snapshot")]
    SnapshotExists {
        /// The existing file.
        path: PathBuf,
    },
    /// The thread pool for `--jobs` could not be built.
    #[error("cannot start {jobs} worker threads")]
    ThreadPool {
        /// How many were asked for.
        jobs: usize,
        /// Why.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

impl Error {
    /// A line on what to do about the error, where there is more to say than what failed.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Template { help, .. } => *help,
            _ => None,
        }
    }
}

/// A briefing result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
