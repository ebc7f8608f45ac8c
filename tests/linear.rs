//! Every reader path is linear (issue 12): doubling a pathological input about doubles the
//! work. Two sizes are compared in one run (the best of five timings of each), so the test
//! holds on a slow or busy machine; a quadratic path would take four times as long.
//!
//! A test binary of its own, unlike the rest of the suite: cargo runs test binaries one after
//! another, so no other test shares the cores while these timings are taken.

use std::time::{Duration, Instant};

use briefing::parse::{parse_with_sidecar, Dialect};

/// A pathological input of a given size.
type Shape = Box<dyn Fn(usize) -> String>;

/// The best of five timings of reading `text`.
fn best_time(text: &str, dialect: Dialect) -> Duration {
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let parsed = parse_with_sidecar(text, dialect, None, "x.toml");
            assert!(
                !parsed.parsed.briefing.sources.is_empty() || !parsed.parsed.diagnostics.is_empty()
            );
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// How much longer `shape(2n)` takes to read than `shape(n)`.
fn growth(shape: impl Fn(usize) -> String, dialect: Dialect, n: usize) -> f64 {
    let small = best_time(&shape(n), dialect);
    let large = best_time(&shape(2 * n), dialect);
    eprintln!("{n} → {}: {small:?} → {large:?}", 2 * n);
    large.as_secs_f64() / small.as_secs_f64().max(1e-6)
}

#[test]
fn doubling_a_pathological_input_about_doubles_the_work() {
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
        let ratio = growth(shape, dialect, 4000);
        eprintln!("{name}: ×{ratio:.2}");
        assert!(
            ratio < 3.0,
            "{name}: twice the input took {ratio:.1} times as long"
        );
    }
}
