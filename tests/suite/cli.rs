//! The command line as a user meets it: exit codes, diagnostics with file:line:col, failed
//! builds that leave the previous site alone, escaping, and template overrides.

use std::fs;
use std::path::Path;

use crate::harness::{briefing, read_tree, repo, site_with, stderr};

const GOOD: &str = "rivers – Perplexity\nRivers flood in spring. [1]\nLakes freeze in winter. [2]\n[1] https://example.org/rivers\n[2] https://example.org/lakes\n";

fn page(dir: &Path, slug: &str) -> String {
    fs::read_to_string(dir.join("public").join(slug).join("index.html")).unwrap()
}

#[test]
fn a_build_with_errors_writes_nothing_and_keeps_the_previous_site() {
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let before = read_tree(&dir.path().join("public"));

    fs::write(
        dir.path().join("content/bad.txt"),
        "q – Google\nA claim. [1]\n[1] example.org/a\n[1] example.org/b\n",
    )
    .unwrap();
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/bad.txt:4:1: error: source [1] is listed twice"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, read_tree(&dir.path().join("public")));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no temporary folders are left: {leftovers:?}"
    );
}

#[test]
fn builds_of_one_folder_at_the_same_time_take_turns() {
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    for n in 0..50 {
        fs::write(
            dir.path().join(format!("content/more-{n}.txt")),
            GOOD.replace("Rivers", &format!("Rivers {n}")),
        )
        .unwrap();
    }
    let builds: Vec<_> = (0..4)
        .map(|_| {
            crate::harness::command()
                .args(["build", "--quiet"])
                .current_dir(dir.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for build in builds {
        let output = build.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let built = read_tree(&dir.path().join("public"));
    assert!(
        briefing(dir.path(), &["build", "--quiet", "--out", "alone"])
            .status
            .success()
    );
    assert_eq!(built, read_tree(&dir.path().join("alone")));
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["alone", "content", "public"],
        "nothing is left beside"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
    let dir = site_with(&[(
        "content/latin1.txt",
        b"Query\nCaf\xe9 claims. [1]\n[1] a.org\n",
    )]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/latin1.txt:2:4: error: the file is not valid UTF-8"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn an_empty_file_is_a_warning_and_is_skipped() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("content/empty.txt", b""),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("content/empty.txt:1:1: warning: file is empty; skipped"));
    assert!(!dir.path().join("public/empty").exists());
}

#[test]
fn two_files_with_one_slug_are_an_error() {
    let dir = site_with(&[
        ("content/Good.txt", GOOD.as_bytes()),
        ("content/good!.txt", GOOD.as_bytes()),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error: slug `good` is also the slug of content/Good.txt"));
}

#[test]
fn snapshot_text_is_escaped_and_unsafe_addresses_are_not_links() {
    let text = "q – Google\n<script>alert(1)</script> is in this claim. [1]\nA \"quoted\" & <b>bold</b> claim. [2]\n[1] javascript:alert(1)\n[2] https://example.org/x\"onmouseover=\"alert(1)\n";
    let dir = site_with(&[("content/xss.txt", text.as_bytes())]);
    let output = briefing(dir.path(), &["build"]);
    let err = stderr(&output);
    assert!(err.contains("claim contains HTML markup"), "{err}");
    let html = page(dir.path(), "xss");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(!html.contains("href=\"javascript"), "{html}");
    // No attribute is ever opened by snapshot text.
    assert!(!html.contains("\"onmouseover=\""), "{html}");
    assert!(!html.contains("\" onmouseover"), "{html}");
}

#[test]
fn a_source_is_credited_to_the_site_its_link_opens() {
    let dir = site_with(&[(
        "content/tricky.txt",
        "tricky – Perplexity\nA claim. [1]\nAnother. [2]\n\
         [1] https://evil.example\\@nytimes.com/story\n[2] http://[2001:db8::1]:8080/a\n"
            .as_bytes(),
    )]);
    let output = briefing(dir.path(), &["build", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json = fs::read_to_string(dir.path().join("public/tricky/briefing.json")).unwrap();
    assert!(json.contains("\"domain\": \"evil.example\""), "{json}");
    assert!(json.contains("\"domain\": \"[2001:db8::1]\""), "{json}");
    assert!(dir
        .path()
        .join("public/sources/evil.example/index.html")
        .is_file());
    assert!(!dir.path().join("public/sources/nytimes.com").exists());
}

#[test]
fn parse_prints_the_model_as_json_and_as_an_outline() {
    let seed = repo().join("content/russia-and-azerbaijan.txt");
    let seed = seed.to_string_lossy();
    let output = briefing(&repo(), &["parse", &seed, "--format", "json"]);
    assert!(output.status.success());
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(model["schema"], 1);
    assert_eq!(model["slug"], "russia-and-azerbaijan");
    assert_eq!(model["captured"]["date"], "2025-11-04");
    assert_eq!(model["diagnostics"][0]["line"], 3);

    let output = briefing(&repo(), &["parse", &seed, "--format", "human"]);
    assert!(output.status.success());
    let outline = String::from_utf8_lossy(&output.stdout);
    assert!(outline.starts_with("russia and azerbaijan\n"), "{outline}");
    assert!(outline.contains("## Recent tensions and events"));
    assert!(outline.contains("  - [uncited] Shifting balance: "));
    assert!(
        stderr(&output).contains("russia-and-azerbaijan.txt:11:1: warning: claim has no citation")
    );
}

#[test]
fn usage_and_fatal_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        briefing(dir.path(), &["build", "--jobs", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(briefing(dir.path(), &["frobnicate"]).status.code(), Some(2));
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no content folder"),
        "{}",
        stderr(&output)
    );
    let output = briefing(dir.path(), &["parse", "missing.txt"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_output_folder_may_not_hold_the_content_or_foreign_files() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("notes/mine.txt", b"keep"),
    ]);
    let output = briefing(dir.path(), &["build", "--out", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("it holds the site's content"),
        "{}",
        stderr(&output)
    );
    let output = briefing(dir.path(), &["build", "--out", "notes"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("notes/mine.txt")).unwrap(),
        "keep"
    );
    // Issue 12: a checkout that only happens to hold an index.html is not briefing's to
    // replace, unless --force says so; --force never replaces the site's own content.
    fs::create_dir_all(dir.path().join("checkout/.git")).unwrap();
    fs::write(dir.path().join("checkout/index.html"), "mine").unwrap();
    fs::write(dir.path().join("checkout/NOTES.md"), "notes").unwrap();
    let output = briefing(dir.path(), &["build", "--out", "checkout"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert!(dir.path().join("checkout/NOTES.md").is_file());
    let output = briefing(dir.path(), &["build", "--out", "checkout", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!dir.path().join("checkout/NOTES.md").exists());
    let output = briefing(dir.path(), &["build", "--out", ".", "--force"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(dir.path().join("content/good.txt").is_file());
    // Nor inside the content, where the next build would read its pages as snapshots.
    for inside in ["content/public", "content"] {
        let output = briefing(dir.path(), &["build", "--out", inside]);
        assert_eq!(output.status.code(), Some(2), "{inside}");
        assert!(stderr(&output).contains("content"), "{}", stderr(&output));
    }
    assert!(!dir.path().join("content/public").exists());
}

#[test]
fn a_sites_own_templates_and_assets_replace_the_builtin_ones() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("site.toml", b"title = \"River desk\"\n"),
        ("templates/index.html", b"{% extends \"base.html\" %}{% block content %}<p>Own index: {{ briefings | length }}</p>{% endblock content %}"),
        ("static/style.css", b"body { color: red; }\n"),
        ("static/img/logo.svg", b"<svg/>"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("<p>Own index: 1</p>"), "{index}");
    assert!(
        index.contains("<title>River desk</title>"),
        "built-in base.html still used: {index}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("public/style.css")).unwrap(),
        "body { color: red; }\n"
    );
    assert!(dir.path().join("public/img/logo.svg").is_file());
    // The briefing page still uses the built-in template.
    assert!(page(dir.path(), "good").contains("role=\"doc-endnotes\""));
}

#[test]
fn a_broken_template_fails_with_its_name_and_writes_nothing() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("templates/briefing.html", b"{% for %}"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    // The template's name, with the line and column where Tera stopped reading it.
    assert!(
        stderr(&output).contains("briefing.html:1:8"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_template_written_for_tera_1_macros_gets_a_hint_to_use_components() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        (
            "templates/index.html",
            b"{% import \"macros.html\" as macros %}{{ macros::pager(pagination=pagination) }}",
        ),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(stderr.contains("index.html:1:"), "{stderr}");
    assert!(
        stderr.contains("help:") && stderr.contains("components"),
        "{stderr}"
    );
    // A template that is merely broken gets no such hint.
    let plain = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("templates/index.html", b"{% for %}"),
    ]);
    assert!(!self::stderr(&briefing(plain.path(), &["build"])).contains("help:"));
}

#[test]
fn check_reports_as_json_and_writes_nothing() {
    let dir = site_with(&[
        ("content/good.txt", b"q\nUncited claim here.\n"),
        ("content/good.toml", b"date = \"2025-03-01\"\n"),
    ]);
    let output = briefing(dir.path(), &["check", "--format", "json"]);
    assert!(output.status.success());
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(records[0]["file"], "content/good.txt");
    assert_eq!(records[0]["line"], 2);
    assert_eq!(records[0]["message"], "claim has no citation");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn the_citation_markup_links_both_ways() {
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let html = page(dir.path(), "good");
    assert!(html.contains("<section class=\"sources\" role=\"doc-endnotes\""));
    assert!(html.contains("<li id=\"source-1\" value=\"1\">"));
    assert!(html.contains("id=\"claim-rivers-flood-in-spring\""));
    assert!(html.contains("role=\"doc-noteref\" href=\"#source-1\""));
    assert!(html.contains("role=\"doc-backlink\" href=\"#claim-rivers-flood-in-spring\""));
    assert!(
        html.contains("href=\"https://example.org/rivers\" rel=\"noopener noreferrer nofollow\"")
    );
    assert_fragments_resolve(&html);
}

/// Every in-page fragment link of `html` resolves to an element of the page (SPEC 5).
fn assert_fragments_resolve(html: &str) {
    for fragment in html.split("href=\"#").skip(1) {
        let id = &fragment[..fragment.find('"').unwrap()];
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "#{id} does not resolve"
        );
    }
}

#[test]
fn a_source_list_numbered_from_zero_keeps_its_numbers_on_the_page() {
    let dir = site_with(&[(
        "content/zero.txt",
        b"q\nLists reverse in place [0]. Slices copy [1].\n\n[0] Lists https://docs.example.org/lists\n[1] Slices https://docs.example.org/slices\n",
    )]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let html = page(dir.path(), "zero");
    assert!(html.contains("<li id=\"source-0\" value=\"0\">"));
    assert!(html.contains("role=\"doc-noteref\" href=\"#source-0\""));
    assert!(html.contains("role=\"doc-backlink\" href=\"#claim-lists-reverse-in-place\""));
    assert_fragments_resolve(&html);
}

#[test]
fn new_starts_a_snapshot_that_builds_once_an_answer_is_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let output = briefing(dir.path(), &["new", "Do Heat Pumps Work?"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.path().join("content/do-heat-pumps-work.txt");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# Do Heat Pumps Work?\n\n"
    );
    // Issue 10: today's date is the capture date, in the sidecar.
    let sidecar = fs::read_to_string(dir.path().join("content/do-heat-pumps-work.toml")).unwrap();
    assert!(
        sidecar.starts_with("date = \"20") && sidecar.trim_end().ends_with('"'),
        "{sidecar}"
    );
    // Never replaces a snapshot.
    let again = briefing(dir.path(), &["new", "do heat pumps work"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(briefing(dir.path(), &["new", "!!!"]).status.code(), Some(2));
    // Built before the answer is pasted, the page would hold a title alone: the build says so.
    let early = briefing(dir.path(), &["build"]);
    assert!(early.status.success());
    assert!(
        stderr(&early).contains(
            "content/do-heat-pumps-work.txt:3:1: warning: no claims: the page will show the title alone"
        ),
        "{}",
        stderr(&early)
    );
    // Paste an answer below the query line and the site builds.
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("Yes, even in the cold. [1]\n[1] https://example.org/heat\n");
    fs::write(&path, text).unwrap();
    let built = briefing(dir.path(), &["build"]);
    assert!(built.status.success());
    assert!(!stderr(&built).contains("no claims"), "{}", stderr(&built));
    assert!(page(dir.path(), "do-heat-pumps-work").contains("Yes, even in the cold."));

    // Issue 10: a Markdown answer pasted under the query line keeps the query as the title.
    let output = briefing(dir.path(), &["new", "why is the sky blue"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.path().join("content/why-is-the-sky-blue.txt");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("Sunlight scatters off air molecules.[^1]\n\n## Why not violet\n\nOur eyes are less sensitive to violet.[^2]\n\n[^1]: https://example.org/scatter\n[^2]: https://example.org/eyes\n");
    fs::write(&path, text).unwrap();
    let output = briefing(dir.path(), &["parse", path.to_str().unwrap()]);
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(model["title"], "why is the sky blue");
    assert_eq!(
        model["summary"][0]["text"],
        "Sunlight scatters off air molecules."
    );
}

#[test]
fn check_exits_one_on_errors_and_quiet_builds_print_only_errors() {
    let dir = site_with(&[("content/good.txt", b"q\nUncited claim here.\n")]);
    let output = briefing(dir.path(), &["build", "--quiet"]);
    assert!(output.status.success());
    assert!(stderr(&output).is_empty(), "quiet: {}", stderr(&output));
    let output = briefing(dir.path(), &["build"]);
    assert!(stderr(&output).contains("warning: claim has no citation"));

    fs::write(
        dir.path().join("content/bad.txt"),
        "q\nA claim. [1]\n[1] a.org\n[1] b.org\n",
    )
    .unwrap();
    let output = briefing(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("content/bad.txt:4:1: error: source [1] is listed twice"));
    let output = briefing(dir.path(), &["build", "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error: source [1]"));
    assert!(
        !stderr(&output).contains("warning:"),
        "quiet keeps only errors: {}",
        stderr(&output)
    );
}

/// Issue 9: a citation whose number the source list does not have is a warning; the page
/// shows it as unresolved and the rest of the site builds (SPEC 8).
#[test]
fn an_unresolved_citation_warns_and_the_site_still_builds() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("content/half.txt", b"q\nA claim. [2]\n[1] a.org\n"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains(
        "content/half.txt:2:10: warning: citation [2] has no source; the source list ends at [1]"
    ));
    let page = fs::read_to_string(dir.path().join("public/half/index.html")).unwrap();
    assert!(page.contains("class=\"cite missing\""), "{page}");
}

/// SPEC 8: a Markdown footnote reference nothing defines is a citation without a source too:
/// a warning naming the footnote, the citation unresolved on the page, and the site built.
#[test]
fn an_undefined_markdown_footnote_warns_and_the_site_still_builds() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        (
            "content/notes.md",
            b"# Notes\n\nTides follow the moon.[^moon]\n\nWaves follow the wind.[^1]\n\n[^1]: https://wind.example.org\n",
        ),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains(
        "content/notes.md:3:23: warning: citation [2] has no source: nothing defines footnote [^moon]"
    ), "{}", stderr(&output));
    let page = fs::read_to_string(dir.path().join("public/notes/index.html")).unwrap();
    assert!(page.contains("class=\"cite missing\""), "{page}");
}

/// Issue 10: `briefing parse F | head -1` stops quietly when the reader closes the pipe.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.txt");
    let claims: String = (0..20_000)
        .map(|i| format!("Claim number {i} is here. [1]\n"))
        .collect();
    fs::write(&file, format!("q\n{claims}[1] a.org\n")).unwrap();
    let mut child = crate::harness::command()
        .args(["parse", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Issue 10: `base_url = "example.org"` is an error naming the fix, and nothing is written.
#[test]
fn a_base_url_without_scheme_is_an_error_with_a_hint() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("site.toml", b"base_url = \"example.org\"\n"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("base_url = \"https://example.org\""),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("public").exists());
}

/// Issue 10: a briefing that says nowhere when it was captured is a warning with the fix.
#[test]
fn an_undated_briefing_is_a_warning() {
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    let output = briefing(dir.path(), &["check"]);
    assert!(output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains(
            "content/good.txt:1:1: warning: the snapshot says nowhere when it was captured"
        ),
        "{err}"
    );
    assert!(err.contains("date = \"YYYY-MM-DD\"` to good.toml"), "{err}");
}

/// Issue 10: `build --base-url` replaces site.toml's, checked the same way.
#[test]
fn build_takes_the_base_url_from_the_command_line() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("site.toml", b"base_url = \"https://old.example.org/\"\n"),
    ]);
    let output = briefing(
        dir.path(),
        &["build", "--base-url", "https://new.example.org/b/"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let atom = fs::read_to_string(dir.path().join("public/atom.xml")).unwrap();
    assert!(atom.contains("https://new.example.org/b/good/"), "{atom}");
    assert!(!atom.contains("old.example.org"), "{atom}");
    let output = briefing(dir.path(), &["build", "--base-url", "new.example.org"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("https://new.example.org"),
        "{}",
        stderr(&output)
    );
}

/// Issue 10: `init` starts a site that builds cleanly; run again, it replaces nothing.
#[test]
fn init_starts_a_site_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("notes");
    let output = briefing(dir.path(), &["init", "notes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "site.toml",
        "content/example-pasted.txt",
        "content/example-markdown.md",
        "templates/briefing.html",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let output = briefing(&site, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&output)
    );
    fs::write(site.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let again = briefing(dir.path(), &["init", "notes"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("kept"));
    assert_eq!(
        fs::read_to_string(site.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
}

/// Issue 10: `templates --eject` copies the built-in templates, keeping the site's own, and
/// the ejected copies build the same site.
#[test]
fn templates_eject_copies_the_built_ins_and_keeps_the_sites_own() {
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    let before = read_tree(&dir.path().join("public"));
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    let mine = "{% extends \"base.html\" %}{% block content %}mine{% endblock content %}";
    fs::write(dir.path().join("templates/tag.html"), mine).unwrap();
    let output = briefing(dir.path(), &["templates", "--eject"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("templates/briefing.html").is_file());
    assert_eq!(
        fs::read_to_string(dir.path().join("templates/tag.html")).unwrap(),
        mine
    );
    fs::remove_file(dir.path().join("templates/tag.html")).unwrap();
    assert!(briefing(dir.path(), &["build"]).status.success());
    assert_eq!(before, read_tree(&dir.path().join("public")));
}

/// Issue 10: a draft is built only with `--drafts`.
#[test]
fn drafts_are_built_only_when_asked() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("content/later.txt", GOOD.as_bytes()),
        ("content/later.toml", b"draft = true\n"),
    ]);
    assert!(briefing(dir.path(), &["build"]).status.success());
    assert!(dir.path().join("public/good/index.html").is_file());
    assert!(!dir.path().join("public/later").exists());
    let index = fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(!index.contains("later/index.html"), "{index}");
    assert!(briefing(dir.path(), &["build", "--drafts"])
        .status
        .success());
    assert!(dir.path().join("public/later/index.html").is_file());
    fs::write(dir.path().join("content/later.toml"), "draft = \"soon\"\n").unwrap();
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("neither true nor false"),
        "{}",
        stderr(&output)
    );
}

/// Issue 10: the feed and the sitemap are templates a site can replace like the others.
#[test]
fn a_site_can_replace_the_feed_and_sitemap_templates() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        (
            "templates/atom.xml",
            b"<feed>{% for entry in feed.entries %}<e>{{ entry.title }}</e>{% endfor %}</feed>\n",
        ),
        (
            "templates/sitemap.xml",
            b"<urls>{{ locations | length }}</urls>\n",
        ),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let atom = fs::read_to_string(dir.path().join("public/atom.xml")).unwrap();
    assert_eq!(atom, "<feed><e>rivers</e></feed>\n");
    let sitemap = fs::read_to_string(dir.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.starts_with("<urls>") && !sitemap.contains("<urls>0<"),
        "{sitemap}"
    );
}

/// Issue 10: a site can replace a briefing page's source list alone.
#[test]
fn a_site_can_replace_the_source_list_alone() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        (
            "templates/briefing-sources.html",
            b"      <section class=\"sources\"><p>{{ page.sources | length }} sources, shown our way</p></section>\n",
        ),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = page(dir.path(), "good");
    assert!(html.contains("2 sources, shown our way"), "{html}");
    assert!(
        html.contains("Rivers flood in spring."),
        "the claims stay built in"
    );
}

/// Issue 10: `static/extra.css` is loaded after the built-in stylesheet, on every page.
#[test]
fn extra_css_adds_to_the_built_in_style() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("static/extra.css", b".claim { color: teal; }\n"),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = page(dir.path(), "good");
    let style = html.find("href=\"../style.css\"").unwrap();
    let extra = html.find("href=\"../extra.css\"").unwrap();
    assert!(style < extra, "extra.css comes after style.css");
    assert!(dir.path().join("public/extra.css").is_file());
    assert!(
        dir.path().join("public/style.css").is_file(),
        "the built-in style stays"
    );
}

/// Issue 10: a tag is shown as written, its slug is its address.
#[test]
fn tags_show_their_names_and_keep_slugs_for_addresses() {
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        (
            "content/good.toml",
            b"tags = [\"HVAC & Plumbing\", \"rivers\"]\n",
        ),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = page(dir.path(), "good");
    assert!(
        html.contains("<a href=\"../tags/hvac-plumbing/index.html\">HVAC &amp; Plumbing</a>"),
        "{html}"
    );
    let tag_page =
        fs::read_to_string(dir.path().join("public/tags/hvac-plumbing/index.html")).unwrap();
    assert!(
        tag_page.contains("<h1>HVAC &amp; Plumbing</h1>"),
        "{tag_page}"
    );
    let tags = fs::read_to_string(dir.path().join("public/tags/index.html")).unwrap();
    assert!(
        tags.contains(">HVAC &amp; Plumbing</a>") && tags.contains(">rivers</a>"),
        "{tags}"
    );
    let model = fs::read_to_string(dir.path().join("public/good/briefing.json")).unwrap();
    assert!(
        model.contains("\"hvac-plumbing\": \"HVAC & Plumbing\""),
        "{model}"
    );
}

/// Issue 10: colours as anstream decides them: off when piped, on with CLICOLOR_FORCE.
#[test]
fn colours_follow_the_terminal_conventions() {
    let dir = site_with(&[("content/good.txt", b"q\nUncited claim here.\n")]);
    let plain = briefing(dir.path(), &["check"]);
    assert!(
        !stderr(&plain).contains('\u{1b}'),
        "piped output has no colour"
    );
    let forced = crate::harness::command()
        .arg("check")
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&forced.stderr);
    assert!(err.contains("\u{1b}[") && err.contains("warning"), "{err}");
}

#[test]
fn a_snapshot_too_large_to_be_one_is_an_error_naming_it() {
    let big = "A claim that goes on. [1]\n".repeat(400_000);
    let dir = site_with(&[
        ("content/good.txt", GOOD.as_bytes()),
        ("content/huge.txt", big.as_bytes()),
    ]);
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("content/huge.txt"), "{message}");
    assert!(
        message.contains("snapshots over 8 MB are not read"),
        "{message}"
    );
    let output = briefing(dir.path(), &["parse", "content/huge.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("over 8 MB"), "{}", stderr(&output));
}

#[test]
fn control_characters_never_reach_the_terminal_or_the_page() {
    let dir = site_with(&[(
        "content/escapes.txt",
        b"rivers \x1b[2J\x1b[31m\r\nRivers flood\x00 in spring. [1]\r\n[1] https://example.org/rivers\r\n",
    )]);
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        !message.contains('\x1b') && !message.contains('\0'),
        "{message:?}"
    );
    assert!(message.contains("control characters removed"), "{message}");
    let page = fs::read_to_string(dir.path().join("public/escapes/index.html")).unwrap();
    assert!(!page.contains('\0') && !page.contains('\x1b'));
    assert!(page.contains("Rivers flood in spring."), "{page}");
}

#[test]
fn links_out_of_the_site_are_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let dir = site_with(&[("content/good.txt", GOOD.as_bytes())]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).unwrap();
    let output = briefing(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("leads out of the site"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("public/secret.txt").exists());
    // Below the top, a link is not followed at all; inside the site, a top link is fine.
    fs::remove_file(dir.path().join("static")).unwrap();
    fs::create_dir_all(dir.path().join("assets")).unwrap();
    fs::write(dir.path().join("assets/a.css"), "p {}").unwrap();
    std::os::unix::fs::symlink(dir.path().join("assets"), dir.path().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("assets/linked")).unwrap();
    let output = briefing(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("public/a.css").is_file());
    assert!(!dir.path().join("public/linked/secret.txt").exists());
}

#[test]
fn two_things_at_one_address_are_an_error_naming_both() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "content/sources.txt",
            GOOD.as_bytes(),
            "the list of sources",
        ),
        (
            "static/index.html",
            b"<p>mine</p>",
            "the file static/index.html",
        ),
        (
            "content/tags/rivers.txt",
            GOOD.as_bytes(),
            "the page of the tag rivers",
        ),
    ];
    for (path, bytes, other) in cases {
        let dir = site_with(&[
            ("content/good.txt", GOOD.as_bytes()),
            ("content/good.toml", b"tags = [\"rivers\"]\n"),
            (path, bytes),
        ]);
        let output = briefing(dir.path(), &["build"]);
        assert_eq!(output.status.code(), Some(2), "{path}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(other), "{path}: {message}");
        assert!(message.contains("would both be written at"), "{message}");
        assert!(
            !dir.path().join("public").exists(),
            "{path}: nothing is written"
        );
    }
}
