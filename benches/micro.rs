//! Micro-benchmarks of the per-page work: reading each dialect and rendering one briefing
//! page. Run with `cargo bench --bench micro`; whole-site timings are in `benches/run.py`.

use std::path::PathBuf;

use briefing::parse::{parse_with_sidecar, Dialect, FileKind};
use briefing::render::Renderer;
use briefing::site::{Entry, Site, SiteConfig};
use briefing::write::MemoryOutput;

const SEED: &str = include_str!("../content/russia-and-azerbaijan.txt");
const MARKDOWN: &str = include_str!("../tests/fixtures/parse/markdown/hand-written.md");

fn main() {
    divan::main();
}

#[divan::bench]
fn parse_pasted_seed() -> usize {
    let (dialect, _) = Dialect::detect(FileKind::Text, divan::black_box(SEED));
    let parsed = parse_with_sidecar(SEED, dialect, None, "seed.toml");
    parsed.parsed.briefing.sources.len()
}

#[divan::bench]
fn parse_markdown_briefing() -> usize {
    let parsed = parse_with_sidecar(
        divan::black_box(MARKDOWN),
        Dialect::Markdown,
        None,
        "hand-written.toml",
    );
    parsed.parsed.briefing.sources.len()
}

/// The seed's page (and its `briefing.json`), as a site with the built-in templates gets it:
/// written directly (`render::native`).
#[divan::bench]
fn render_seed_page(bencher: divan::Bencher) {
    bench_seed_page(bencher, &Default::default());
}

/// The same page rendered by Tera, as a site gets it that has its own `briefing.html`.
#[divan::bench]
fn render_seed_page_through_tera(bencher: divan::Bencher) {
    let builtin =
        briefing::render::builtin_template("briefing.html").expect("a built-in briefing.html");
    let own = [("briefing.html".to_owned(), format!("{builtin}{{# own #}}"))].into();
    bench_seed_page(bencher, &own);
}

fn bench_seed_page(
    bencher: divan::Bencher,
    templates: &std::collections::BTreeMap<String, String>,
) {
    let (dialect, _) = Dialect::detect(FileKind::Text, SEED);
    let mut briefing = parse_with_sidecar(SEED, dialect, None, "seed.toml")
        .parsed
        .briefing;
    briefing.slug = "seed".to_owned();
    let site = Site {
        config: SiteConfig::default(),
        entries: vec![Entry {
            briefing,
            diagnostics: Vec::new(),
            path: PathBuf::from("content/seed.txt"),
        }],
        links: briefing::links::LinkBook::default(),
        publishers: briefing::publishers::Publishers::default(),
    };
    let renderer = Renderer::new(templates).expect("the built-in templates load");
    let slugs = vec!["seed".to_owned()];
    bencher.bench_local(|| {
        let output = MemoryOutput::default();
        renderer
            .render_briefings(&site, &slugs, &output)
            .expect("the page renders");
        output.into_files().len()
    });
}
