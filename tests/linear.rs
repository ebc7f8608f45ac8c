//! Every reader path is linear (issue 12): four times a pathological input takes about four
//! times the work. Two sizes are compared in one run (the best of seven timings of each, taken
//! in turns), so the test holds on a slow or busy machine: a linear path measures ×4 to ×5, a
//! quadratic one ×16, and even a path with a small quadratic part (numbering each of thousands
//! of source cards by scanning every source) ×6.8.
//!
//! A test binary of its own, unlike the rest of the suite: cargo runs test binaries one after
//! another, so no other test shares the cores while these timings are taken. The timings are
//! of the CPU time of the reading thread, not of the wall clock: on a shared machine, time
//! spent waiting while other processes run would otherwise count as reading.

use std::time::Duration;

use briefing::parse::{parse_with_sidecar, Dialect};

/// A pathological input of a given size.
type Shape = Box<dyn Fn(usize) -> String>;

/// The CPU time this thread has used so far.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` only writes the `timespec` it is handed.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread's CPU clock can be read");
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// The CPU time of one reading of `text`.
fn reading_time(text: &str, dialect: Dialect) -> Duration {
    let started = thread_cpu_time();
    let parsed = parse_with_sidecar(text, dialect, None, "x.toml");
    assert!(!parsed.parsed.briefing.sources.is_empty() || !parsed.parsed.diagnostics.is_empty());
    thread_cpu_time().saturating_sub(started)
}

/// How much longer `shape(4n)` takes to read than `shape(n)`: the best of seven readings of
/// each, taken in turns, so that a burst of load on the machine falls on both sizes alike.
fn growth(shape: impl Fn(usize) -> String, dialect: Dialect, n: usize) -> f64 {
    let (small_text, large_text) = (shape(n), shape(4 * n));
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        small = small.min(reading_time(&small_text, dialect));
        large = large.min(reading_time(&large_text, dialect));
    }
    eprintln!("{n} → {}: {small:?} → {large:?}", 4 * n);
    large.as_secs_f64() / small.as_secs_f64().max(1e-6)
}

#[test]
fn four_times_a_pathological_input_takes_about_four_times_the_work() {
    let shapes: [(&str, Shape, Dialect); 5] = [
        (
            "uncited claims",
            Box::new(|n| {
                let claims: String = (0..n)
                    .map(|i| format!("Claim number {i} has no source.\n"))
                    .collect();
                format!("q\n{claims}")
            }),
            Dialect::Pasted,
        ),
        (
            "footnotes",
            Box::new(|n| {
                let claims: String = (0..n)
                    .map(|i| format!("Claim {i} holds.[^{i}]\n\n"))
                    .collect();
                let notes: String = (0..n)
                    .map(|i| format!("[^{i}]: https://s{i}.example.org/p\n"))
                    .collect();
                format!("# T\n\n{claims}{notes}")
            }),
            Dialect::Markdown,
        ),
        (
            "a long source list",
            Box::new(|n| {
                let claims: String = (0..n)
                    .map(|i| format!("Claim {i} holds. [{}]\n", i + 1))
                    .collect();
                let sources: String = (0..n)
                    .map(|i| format!("[{}] https://s{i}.example.org/p\n", i + 1))
                    .collect();
                format!("q – Perplexity\n{claims}{sources}")
            }),
            Dialect::Pasted,
        ),
        (
            "source cards",
            Box::new(|n| {
                let cards: String = (0..n)
                    .map(|i| {
                        format!(
                            "Title of card {i}\n4 Nov 2025 — snippet {i}\nsite{i}.example.org\n"
                        )
                    })
                    .collect();
                format!("q\nClaim holds.\n{cards}")
            }),
            Dialect::Pasted,
        ),
        (
            "linked citations",
            Box::new(|n| {
                let claims: String = (0..n)
                    .map(|i| {
                        format!(
                            "Claim {i} holds [{}](https://s{i}.example.org/p).\n\n",
                            i + 1
                        )
                    })
                    .collect();
                format!("# T\n\n{claims}")
            }),
            Dialect::Markdown,
        ),
    ];
    for (name, shape, dialect) in shapes {
        let ratio = growth(shape, dialect, 2000);
        eprintln!("{name}: ×{ratio:.2}");
        assert!(
            ratio < 5.5,
            "{name}: four times the input took {ratio:.1} times as long"
        );
    }
}
