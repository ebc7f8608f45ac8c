//! The anchor issue 11 measures briefing against: a plain program doing only the per-page
//! work of a Markdown site. It reads every `.md` file under `<root>/content`, takes the title
//! from its front matter, renders its body with pulldown-cmark (footnotes on), puts it into a
//! one-template Tera page, and writes `<out>/<file stem>/index.html`, on every core with rayon.
//! No claim model, no cross-page views, no search, no incremental bookkeeping: the floor a
//! full generator cannot go below.
//!
//! ```sh
//! cargo build --release --example plain_pages
//! target/release/examples/plain_pages /dev/shm/briefing-bench/md-10000 /dev/shm/plain-out
//! ```
//!
//! `benches/run.py` builds it and runs it beside briefing and Hugo.

use std::path::{Path, PathBuf};

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
<h1>{{ title }}</h1>
{{ body | safe }}
</main>
</body>
</html>
"#;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = arguments.as_slice() else {
        eprintln!("usage: plain_pages <site root> <output folder>");
        std::process::exit(2);
    };
    let mut tera = tera::Tera::default();
    if let Err(error) = tera.add_raw_template("page.html", PAGE) {
        eprintln!("template: {error}");
        std::process::exit(1);
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(root).join("content"))
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .map(|entry| entry.into_path())
        .collect();
    let out = Path::new(out);
    let failed = files
        .par_iter()
        .map(|path| render(&tera, path, out))
        .filter_map(|result| result.err())
        .inspect(|error| eprintln!("{error}"))
        .count();
    println!("{} pages, {failed} failed", files.len());
    if failed > 0 {
        std::process::exit(1);
    }
}

/// Read, render and write one page.
fn render(tera: &tera::Tera, path: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("{path:?}: {error}"))?;
    let (title, body) = split_front_matter(&text);
    let mut body_html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(
        &mut body_html,
        Parser::new_ext(body, Options::ENABLE_FOOTNOTES),
    );
    let mut context = tera::Context::new();
    context.insert("title", title);
    context.insert("body", &body_html);
    let page = tera
        .render("page.html", &context)
        .map_err(|error| format!("{path:?}: {error}"))?;
    let stem = path.file_stem().unwrap_or_default();
    let folder = out.join(stem);
    std::fs::create_dir_all(&folder).map_err(|error| format!("{folder:?}: {error}"))?;
    std::fs::write(folder.join("index.html"), page).map_err(|error| format!("{path:?}: {error}"))
}

/// The `title:` of a `---` front matter block, and the text after it.
fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    let Some((front, body)) = rest.split_once("\n---\n") else {
        return ("", text);
    };
    let title = front
        .lines()
        .find_map(|line| line.strip_prefix("title:"))
        .map(|title| title.trim().trim_matches('"'))
        .unwrap_or("");
    (title, body)
}
