//! What `serve` shows first after an edit to one snapshot: its page, rendered from the one
//! file the watcher named against the last good site, before the whole site is checked again.
//!
//! A check of the whole site walks `content/`, looks at every snapshot's file and gathers
//! every briefing: about 30 ms at 10,000 briefings back to back, but 115–400 ms on the
//! machines we measure on when its memory has sat idle for a few seconds, as it has between
//! two edits. A briefing's page depends only on the briefing, the site's settings, link book
//! and publishers, and the captures before and after it in its timeline. So the page of an
//! edited briefing is made from its file, the last site's settings and the other captures of
//! its timeline as the parse cache holds them: the bytes a check of the whole site would give
//! it. Anything else (a snapshot added, moved or deleted, a settings file or template, an
//! error) waits for the check of the whole site, which always follows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::load::{is_hidden, SnapshotFile, SITE_PARTS};
use crate::parse::FileKind;
use crate::pipeline::{read_without_errors, ParseCache};
use crate::render::Renderer;
use crate::site::{neighbours_among, timeline_key, Entry, Site};
use crate::write::{MemoryFiles, MemoryOutput};

/// The last good site without its briefings, which the parse cache holds: what an edited
/// briefing's page is rendered against.
#[derive(Debug)]
pub(super) struct LastSite {
    /// Its settings, link book and publishers; no briefings.
    site: Site,
    /// The snapshot files of each capture timeline, by [`timeline_key`].
    timelines: HashMap<String, Vec<PathBuf>>,
}

impl LastSite {
    /// `site` kept without its briefings, which are returned (to be given back to the cache).
    pub(super) fn keep(mut site: Site) -> (LastSite, Vec<Entry>) {
        let entries = std::mem::take(&mut site.entries);
        let mut timelines: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for entry in &entries {
            if let Some(key) = timeline_key(&entry.briefing) {
                timelines.entry(key).or_default().push(entry.path.clone());
            }
        }
        (LastSite { site, timelines }, entries)
    }

    /// The edited snapshot (relative to `root`) and the files of its briefing's page (its
    /// `index.html` and `briefing.json`), when the `changed` paths the watcher named touch one
    /// snapshot of this site and nothing else a build reads, and it reads without an error;
    /// `None` otherwise.
    pub(super) fn edited_page(
        &self,
        root: &Path,
        changed: &[PathBuf],
        cache: &ParseCache,
        renderer: &Renderer,
    ) -> Option<(PathBuf, MemoryFiles)> {
        let path = edited_snapshot(root, changed)?;
        let file = SnapshotFile::at(root, &path)?;
        let had_sidecar = cache.had_sidecar(&path)?;
        // A listing may have paired it with a sidecar `at` does not look for (`NAME.TOML`).
        if had_sidecar != file.sidecar().is_some() {
            return None;
        }
        let entry = read_without_errors(root, &file, &self.site.links)?;
        let others: Vec<PathBuf> = timeline_key(&entry.briefing)
            .and_then(|key| self.timelines.get(&key))
            .into_iter()
            .flatten()
            .filter(|member| **member != path)
            .cloned()
            .collect();
        cache.look_at_each(&others, |others| {
            let neighbours = neighbours_among(&entry, others);
            let output = MemoryOutput::default();
            renderer
                .render_briefing_alone(&self.site, &entry, neighbours.as_ref(), &output)
                .ok()?;
            Some((path.clone(), output.into_memory_files()))
        })?
    }
}

/// The one snapshot file (its path relative to `root`) that the `changed` paths touch, when
/// they touch nothing else a build reads: a sidecar stands for the snapshot beside it, and
/// files no build reads (the output, `.git`, an editor's swap or backup file, anything hidden
/// in `content/`) do not count.
fn edited_snapshot(root: &Path, changed: &[PathBuf]) -> Option<PathBuf> {
    let mut edited: Option<PathBuf> = None;
    for path in changed {
        let relative = path.strip_prefix(root).ok()?;
        let Ok(under_content) = relative.strip_prefix("content") else {
            if SITE_PARTS.iter().any(|part| relative.starts_with(part)) {
                return None;
            }
            continue;
        };
        let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        let snapshot = if is_hidden(under_content) {
            continue;
        } else if extension == "toml" {
            snapshot_beside(root, relative)?
        } else if extension.eq_ignore_ascii_case("toml") {
            return None;
        } else if FileKind::from_extension(extension).is_some() {
            relative.to_path_buf()
        } else {
            continue;
        };
        match &edited {
            Some(seen) if *seen != snapshot => return None,
            _ => edited = Some(snapshot),
        }
    }
    edited
}

/// The snapshot whose sidecar is `sidecar`: the one file beside it with its name and a
/// snapshot's extension; `None` when there is none, or more than one.
fn snapshot_beside(root: &Path, sidecar: &Path) -> Option<PathBuf> {
    let mut beside = ["txt", "md", "markdown"]
        .into_iter()
        .map(|extension| sidecar.with_extension(extension))
        .filter(|snapshot| root.join(snapshot).is_file());
    let snapshot = beside.next()?;
    beside.next().is_none().then_some(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{check_for_build, BuildOptions};

    /// A site in a temporary folder, checked once with a parse cache as `serve` does.
    struct Served {
        dir: tempfile::TempDir,
        options: BuildOptions,
        cache: ParseCache,
        last: LastSite,
        renderer: Renderer,
    }

    impl Served {
        fn new(files: &[(&str, &str)]) -> Served {
            let dir = tempfile::tempdir().unwrap();
            let options = BuildOptions {
                root: dir.path().to_path_buf(),
                jobs: None,
                base_url: Some(String::new()),
                drafts: true,
            };
            for (name, text) in files {
                write(dir.path(), name, text);
            }
            let cache = ParseCache::default();
            let checked = check_for_build(&options, Some(&cache)).unwrap();
            assert_eq!(checked.report.error_count(), 0);
            let renderer = Renderer::new(&checked.templates).unwrap();
            let (last, entries) = LastSite::keep(checked.site);
            cache.give_back(entries);
            Served {
                dir,
                options,
                cache,
                last,
                renderer,
            }
        }

        /// Check the whole site again, as `serve` does after it shows an edit.
        fn check_again(&mut self) {
            let checked = check_for_build(&self.options, Some(&self.cache)).unwrap();
            assert_eq!(checked.report.error_count(), 0);
            let (last, entries) = LastSite::keep(checked.site);
            self.cache.give_back(entries);
            self.last = last;
        }

        fn root(&self) -> &Path {
            self.dir.path()
        }

        /// What the quick path shows after `name` is saved with `text`.
        fn save(&self, name: &str, text: &str) -> Option<MemoryFiles> {
            write(self.root(), name, text);
            self.changed(&[name])
        }

        /// What the quick path shows when the watcher names `names`.
        fn changed(&self, names: &[&str]) -> Option<MemoryFiles> {
            let changed: Vec<PathBuf> = names.iter().map(|name| self.root().join(name)).collect();
            self.last
                .edited_page(self.root(), &changed, &self.cache, &self.renderer)
                .map(|(_, files)| files)
        }

        /// The site a build with nothing kept makes now.
        fn fresh(&self) -> MemoryFiles {
            let mut output = MemoryOutput::default();
            crate::pipeline::build(&self.options, &mut output).unwrap();
            output.into_memory_files()
        }
    }

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every file of `shown` has the bytes a fresh build gives it; there are two of them.
    fn assert_as_fresh(served: &Served, shown: &MemoryFiles, page: &str) {
        let fresh = served.fresh();
        let names: Vec<&Path> = shown.keys().map(PathBuf::as_path).collect();
        let json = format!("{page}/briefing.json");
        let html = format!("{page}/index.html");
        assert_eq!(names, [Path::new(&json), Path::new(&html)]);
        for (name, file) in shown {
            assert_eq!(
                String::from_utf8_lossy(&file.bytes),
                String::from_utf8_lossy(&fresh[name].bytes),
                "{}",
                name.display()
            );
        }
    }

    const RIVERS: &str =
        "rivers – Perplexity\nRivers flood in spring. [1]\n[1] https://example.org/rivers\n";
    const TIDES_OLD: &str =
        "tides – Perplexity\nTides follow the moon. [1]\n[1] https://example.net/tides\n";
    const TIDES_NEW: &str = "tides – Perplexity\nTides follow the moon and the sun. [1]\n[1] https://example.net/tides\n";

    const LAKES: &str =
        "---\ntitle: Lakes\n---\n\nLakes freeze.[^1]\n\n[^1]: [Lakes](https://example.com/lakes)\n";

    fn site() -> Served {
        Served::new(&[
            ("content/notes/rivers.txt", RIVERS),
            ("content/tides-january.txt", TIDES_OLD),
            ("content/tides-january.toml", "date = \"2024-01-02\"\n"),
            ("content/tides-march.txt", TIDES_NEW),
            ("content/tides-march.toml", "date = \"2024-03-04\"\n"),
            ("content/lakes.md", LAKES),
        ])
    }

    #[test]
    fn an_edited_briefing_alone_in_its_timeline_is_shown_as_a_fresh_build_shows_it() {
        let served = site();
        let edited = RIVERS.replace("in spring", "every spring");
        let shown = served
            .save("content/notes/rivers.txt", &edited)
            .expect("shown");
        assert_as_fresh(&served, &shown, "notes/rivers");
        let retitled = LAKES.replace("title: Lakes", "title: Lakes in winter");
        let shown = served.save("content/lakes.md", &retitled).expect("shown");
        assert_as_fresh(&served, &shown, "lakes");
    }

    #[test]
    fn a_capture_in_a_timeline_is_shown_with_the_captures_before_and_after_it() {
        let mut served = site();
        let history = |shown: &MemoryFiles, page: &str| {
            let html = &shown[Path::new(&format!("{page}/index.html"))].bytes;
            let html = String::from_utf8_lossy(html);
            let links = ["tides-january/", "tides-march/", "notes/rivers/"];
            links.map(|link| html.contains(&format!("../{link}")))
        };
        let edited = TIDES_NEW.replace("and the sun", "and the wind");
        let joined = RIVERS.replace("rivers – ", "tides – ");
        let left = TIDES_OLD.replace("tides – ", "moon – ");
        let steps = [
            // Edited in place: the capture before it is still there.
            (
                "content/tides-march.txt",
                edited.as_str(),
                "tides-march",
                [true, false, false],
            ),
            // Dated before the other in its sidecar: their order turns.
            (
                "content/tides-march.toml",
                "date = \"2023-12-01\"\n",
                "tides-march",
                [true, false, false],
            ),
            // A lone briefing whose new query joins the timeline, undated: the last.
            (
                "content/notes/rivers.txt",
                &joined,
                "notes/rivers",
                [true, false, false],
            ),
            // And one that leaves it.
            (
                "content/tides-january.txt",
                &left,
                "tides-january",
                [false, false, false],
            ),
        ];
        for (file, text, page, linked) in steps {
            let shown = served.save(file, text).expect("shown");
            assert_as_fresh(&served, &shown, page);
            assert_eq!(history(&shown, page), linked, "{file}");
            served.check_again();
        }
    }

    #[test]
    fn a_sidecar_stands_for_its_snapshot_and_files_no_build_reads_do_not_count() {
        let served = Served::new(&[
            ("content/notes/rivers.txt", RIVERS),
            ("content/notes/rivers.toml", "tags = [\"water\"]\n"),
        ]);
        write(
            served.root(),
            "content/notes/rivers.toml",
            "tags = [\"floods\"]\n",
        );
        write(served.root(), "content/notes/.rivers.txt.swp", "swap");
        write(served.root(), "public/index.html", "old output");
        let shown = served
            .changed(&[
                "content/notes/rivers.toml",
                "content/notes/.rivers.txt.swp",
                "content/notes/rivers.txt~",
                "content/notes/4913",
                "public/index.html",
                ".git/index",
            ])
            .expect("shown");
        assert_as_fresh(&served, &shown, "notes/rivers");
        assert!(
            String::from_utf8_lossy(&shown[Path::new("notes/rivers/index.html")].bytes)
                .contains("floods")
        );
        // A sidecar named in capitals is one too, though only a listing finds it.
        let served = Served::new(&[
            ("content/rivers.txt", RIVERS),
            ("content/rivers.TOML", "tags = [\"water\"]\n"),
        ]);
        let edited = RIVERS.replace("in spring", "every spring");
        assert!(served.save("content/rivers.txt", &edited).is_none());
    }

    #[test]
    fn everything_else_waits_for_the_check_of_the_whole_site() {
        let served = site();
        // An error (a date that is no date) is reported by the whole check.
        let error = LAKES.replace("title: Lakes\n", "title: Lakes\ndate: 2024-13-45\n");
        assert!(served.save("content/lakes.md", &error).is_none());
        write(served.root(), "content/lakes.md", LAKES);
        assert!(served.changed(&["content/lakes.md"]).is_some());
        // Two snapshots at once, a new one, a deleted one, a setting or a template.
        assert!(served
            .changed(&["content/notes/rivers.txt", "content/lakes.md"])
            .is_none());
        assert!(served.save("content/new.txt", RIVERS).is_none());
        std::fs::remove_file(served.root().join("content/lakes.md")).unwrap();
        assert!(served.changed(&["content/lakes.md"]).is_none());
        for setting in ["site.toml", "templates/briefing.html", "links.toml"] {
            assert!(
                served
                    .changed(&["content/notes/rivers.txt", setting])
                    .is_none(),
                "{setting}"
            );
        }
        // A change the watcher names outside the site.
        assert!(served.changed(&["/elsewhere/rivers.txt"]).is_none());
        assert!(served.changed(&[]).is_none());
        // And the untouched lone briefing is still shown.
        assert!(served.changed(&["content/notes/rivers.txt"]).is_some());
    }
}
