//! A mutation fuzzer for the two readers, for machines without a nightly toolchain (which
//! `cargo-fuzz` needs): it starts from every snapshot under `tests/fixtures`, changes each
//! copy in ways pastes get damaged (bytes flipped, pieces deleted, repeated, spliced from
//! another snapshot, markers and invisible characters inserted, invalid UTF-8), decodes it
//! as a build does and parses it, and fails on a panic or an input that takes over a second.
//!
//! ```sh
//! cargo run --release --example fuzz -- pasted 10     # the pasted reader, 10 minutes
//! cargo run --release --example fuzz -- markdown 10   # the Markdown reader
//! ```
//!
//! An input that panics or is slow is written to `target/fuzz/<reader>-<n>.bin`, to be turned
//! into a test. The run is reproducible: the same seed (third argument, default 1) makes the
//! same inputs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefing::load::decode;
use briefing::parse::{parse, Dialect};

/// Pieces that pasted answers and their damage are made of.
const TOKENS: &[&str] = &[
    "[1]",
    "[1, 2]",
    "[2-3]",
    "[12]",
    "[^1]",
    "[^1]: ",
    "\n[1] https://a.org/x\n",
    "\n[2] b.org/cut…\n",
    "](https://c.org/?q=1)",
    "[site +2](https://d.org/)",
    "https://",
    "www.",
    "…",
    "...",
    "\n",
    "\n\n",
    "\r",
    "\u{feff}",
    "\u{200b}",
    "\u{00a0}",
    "#",
    "## ",
    "**",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "```\n",
    "$$",
    "<script>",
    "Sources",
    "Show all",
    "AI responses may include mistakes.",
    ":",
    "¹²³",
    "(",
    ")",
    "\t",
    "\u{1b}[31m",
];

/// splitmix64: a small, fixed generator, so that a seed names a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds(folder: &Path, found: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            seeds(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "txt" || extension == "md")
        {
            if let Ok(bytes) = std::fs::read(&path) {
                found.push(bytes);
            }
        }
    }
}

/// `input` changed in one to eight ways.
fn mutate(input: &[u8], corpus: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(200)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                // A piece repeated: long runs are where work can grow faster than the text.
                let end = (at + 1 + rng.below(80)).min(bytes.len());
                let piece = bytes[at.min(end)..end].to_vec();
                let most = if rng.below(10) == 0 { 2000 } else { 20 };
                let times = 1 + rng.below(most);
                let repeated: Vec<u8> = piece.repeat(times);
                bytes.splice(end..end, repeated);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(2000)).min(other.len());
                bytes.splice(at..at, other[from..to].iter().copied());
            }
            5 => bytes.truncate(at),
            _ => bytes.insert(at.min(bytes.len()), rng.next() as u8),
        }
    }
    bytes.truncate(4 * 1024 * 1024);
    bytes
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (dialect, name) = match arguments.first().map(String::as_str) {
        Some("markdown") => (Dialect::Markdown, "markdown"),
        Some("pasted") => (Dialect::Pasted, "pasted"),
        _ => {
            eprintln!("usage: fuzz pasted|markdown [MINUTES] [SEED]");
            std::process::exit(2);
        }
    };
    let minutes: f64 = arguments.get(1).and_then(|m| m.parse().ok()).unwrap_or(1.0);
    let seed: u64 = arguments.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = Vec::new();
    seeds(&repo.join("tests/fixtures"), &mut corpus);
    if corpus.is_empty() {
        eprintln!("no snapshots under tests/fixtures");
        std::process::exit(2);
    }
    let out = repo.join("target/fuzz");
    let mut rng = Rng(seed);
    let until = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let (mut runs, mut failures, mut slowest) = (0_u64, 0_u32, Duration::ZERO);
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < until {
        let input = mutate(&corpus[rng.below(corpus.len())], &corpus, &mut rng);
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(|| {
            let (text, _) = decode(input.clone());
            parse(&text, dialect).briefing.claims().count()
        });
        let took = start.elapsed();
        slowest = slowest.max(took);
        runs += 1;
        let problem = match outcome {
            Err(_) => Some("panicked"),
            Ok(_) if took > Duration::from_secs(1) => Some("took over a second"),
            Ok(_) => None,
        };
        if let Some(problem) = problem {
            failures += 1;
            let path = out.join(format!("{name}-{failures}.bin"));
            let _ = std::fs::create_dir_all(&out);
            let _ = std::fs::write(&path, &input);
            eprintln!("{problem} ({took:?}): {}", path.display());
        }
    }
    println!(
        "{name}: {runs} inputs in {minutes} min from {} snapshots, slowest {slowest:?}, {failures} failing",
        corpus.len()
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
