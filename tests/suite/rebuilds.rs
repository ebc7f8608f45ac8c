//! Any sequence of edits, each followed by a build over what the builds before it kept (the
//! snapshots' parses and stamps, the inputs of every page, the search index, the output
//! before last), gives the site that a build with nothing kept gives: the same files with the
//! same bytes, the same folders, the same diagnostics. A failed build changes nothing.
//!
//! The sequences are drawn from a fixed seed, so a failure names its seed and step and
//! happens again; the edits are the kinds people make: a claim reworded, a date or tag
//! changed, a source cited, a briefing added, deleted, renamed or put back as it was, a
//! timeline joined, the site's title, links book, templates or stylesheet changed, a file
//! saved unchanged, and a snapshot broken and mended.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::{briefing_with_env, stderr};

/// A small deterministic generator (xorshift64*): the same seed, the same edits.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "rivers", "flood", "tides", "turn", "winds", "shift", "coasts", "erode", "deltas", "silt",
    "ports", "grow", "levees", "hold", "rains", "fail", "glaciers", "melt", "reefs", "bleach",
];
const TAGS: &[&str] = &["water", "climate", "coasts", "policy"];
const SITES: &[&str] = &[
    "https://en.wikipedia.org/wiki/",
    "https://www.noaa.gov/news/",
    "https://example.org/reports/",
    "https://data.example.net/",
    "https://www.bbc.co.uk/news/",
];

/// A claim's text and the numbers of the sources it cites.
type Claim = (String, Vec<usize>);

/// One snapshot as the test writes it.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    /// Its path under `content/` without the extension.
    name: String,
    /// A pasted answer (`.txt`, dated by a sidecar) rather than Markdown.
    pasted: bool,
    title: String,
    date: (u32, u32, u32),
    tags: Vec<String>,
    series: Option<String>,
    /// Left out of the site unless built with `--drafts`.
    draft: bool,
    /// Sections, each a heading and its claims.
    sections: Vec<(String, Vec<Claim>)>,
    sources: Vec<String>,
}

impl Snapshot {
    fn new(draw: &mut Draw, number: usize) -> Snapshot {
        let sources: Vec<String> = (0..1 + draw.below(4))
            .map(|_| format!("{}{}", draw.pick(SITES), draw.below(40)))
            .collect();
        let sections = (0..1 + draw.below(3))
            .map(|_| {
                let claims = (0..1 + draw.below(3))
                    .map(|_| (sentence(draw), citations(draw, sources.len())))
                    .collect();
                (heading(draw), claims)
            })
            .collect();
        Snapshot {
            name: format!("{}/b{number}", draw.pick(&["a", "b", "c"])),
            pasted: draw.below(3) == 0,
            title: format!("{} {number}", heading(draw)),
            date: (
                2020 + draw.below(5) as u32,
                1 + draw.below(12) as u32,
                1 + draw.below(28) as u32,
            ),
            tags: (0..draw.below(3))
                .map(|_| draw.pick(TAGS).to_string())
                .collect(),
            series: None,
            draft: false,
            sections,
            sources,
        }
    }

    /// The snapshot's file and, for a pasted one, its sidecar: `(path, bytes)`.
    fn files(&self) -> Vec<(String, String)> {
        let mut tags: Vec<&str> = self.tags.iter().map(String::as_str).collect();
        tags.sort_unstable();
        tags.dedup();
        let tags = tags
            .iter()
            .map(|tag| format!("\"{tag}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let (year, month, day) = self.date;
        let series = self
            .series
            .as_ref()
            .map(|series| format!("series = \"{series}\"\n"))
            .unwrap_or_default();
        let series = if self.draft {
            format!("{series}draft = true\n")
        } else {
            series
        };
        if self.pasted {
            let text = format!("{}\n{}", self.title, self.body());
            let sidecar =
                format!("date = \"{year}-{month:02}-{day:02}\"\ntags = [{tags}]\n{series}");
            vec![
                (format!("{}.txt", self.name), text),
                (format!("{}.toml", self.name), sidecar),
            ]
        } else {
            let text = format!(
                "+++\ntitle = \"{}\"\ndate = {year}-{month:02}-{day:02}\ntags = [{tags}]\n{series}+++\n{}",
                self.title,
                self.body()
            );
            vec![(format!("{}.md", self.name), text)]
        }
    }

    /// The sections and the source list: as pasted (`Heading`, `text[1]`, `[1] address`) or
    /// in Markdown (`## Heading`, `- text[^1]`, `[^1]: address`).
    fn body(&self) -> String {
        let (heading_mark, claim_mark, cite, source) = if self.pasted {
            ("", "", "[", "] ")
        } else {
            ("## ", "- ", "[^", "]: ")
        };
        let mut text = String::new();
        for (heading, claims) in &self.sections {
            text.push_str(&format!("\n{heading_mark}{heading}\n\n"));
            for (claim, cited) in claims {
                let markers: String = cited.iter().map(|n| format!("{cite}{n}]")).collect();
                text.push_str(&format!("{claim_mark}{claim}{markers}\n"));
            }
        }
        text.push('\n');
        for (n, address) in self.sources.iter().enumerate() {
            text.push_str(&format!("{cite}{}{source}{address}\n", n + 1));
        }
        text
    }
}

fn sentence(draw: &mut Draw) -> String {
    let words: Vec<&str> = (0..4 + draw.below(6)).map(|_| *draw.pick(WORDS)).collect();
    let mut text = words.join(" ");
    text[..1].make_ascii_uppercase();
    text.push('.');
    text
}

fn heading(draw: &mut Draw) -> String {
    let mut text = format!("{} {}", draw.pick(WORDS), draw.pick(WORDS));
    text[..1].make_ascii_uppercase();
    text
}

/// One to two of `count` sources, or none now and then (an uncited claim, a warning).
fn citations(draw: &mut Draw, count: usize) -> Vec<usize> {
    if draw.below(8) == 0 {
        return Vec::new();
    }
    let mut cited: Vec<usize> = (0..1 + draw.below(2))
        .map(|_| 1 + draw.below(count))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    cited
}

/// A site under test: its snapshots as last written, and its other files.
struct Site {
    root: PathBuf,
    snapshots: Vec<Snapshot>,
    /// Every version a snapshot has had, to put one back.
    history: Vec<Snapshot>,
    next_number: usize,
}

impl Site {
    fn write_snapshot(&self, snapshot: &Snapshot) {
        for (path, text) in snapshot.files() {
            write(&self.root.join("content").join(path), text.as_bytes());
        }
    }

    fn remove_snapshot(&self, snapshot: &Snapshot) {
        for (path, _) in snapshot.files() {
            fs::remove_file(self.root.join("content").join(path)).unwrap();
        }
    }

    /// Replace snapshot `index` by `changed`, on disk too.
    fn replace(&mut self, index: usize, changed: Snapshot) {
        self.remove_snapshot(&self.snapshots[index]);
        self.write_snapshot(&changed);
        self.history.push(changed.clone());
        self.snapshots[index] = changed;
    }

    /// Apply one edit drawn from `draw`; returns what it did, for a failure's message, and
    /// whether the build after it must fail.
    fn edit(&mut self, draw: &mut Draw) -> (String, bool) {
        let index = draw.below(self.snapshots.len());
        let mut changed = self.snapshots[index].clone();
        let name = changed.name.clone();
        match draw.below(18) {
            0 | 1 => {
                let section = draw.below(changed.sections.len());
                let claims = &mut changed.sections[section].1;
                let claim = draw.below(claims.len());
                claims[claim].0 = sentence(draw);
                self.replace(index, changed);
                (format!("reworded a claim of {name}"), false)
            }
            2 => {
                changed.date.2 = 1 + (changed.date.2 + 1 + draw.below(20) as u32) % 28;
                self.replace(index, changed);
                (format!("redated {name}"), false)
            }
            3 => {
                if changed.tags.is_empty() || draw.below(2) == 0 {
                    changed.tags.push(draw.pick(TAGS).to_string());
                } else {
                    changed.tags.pop();
                }
                self.replace(index, changed);
                (format!("retagged {name}"), false)
            }
            4 => {
                changed
                    .sources
                    .push(format!("{}{}", draw.pick(SITES), draw.below(40)));
                let cited = changed.sources.len();
                changed.sections[0].1[0].1.push(cited);
                self.replace(index, changed);
                (format!("cited a new source in {name}"), false)
            }
            5 | 6 => {
                let added = Snapshot::new(draw, self.next_number);
                self.next_number += 1;
                let name = added.name.clone();
                self.write_snapshot(&added);
                self.history.push(added.clone());
                self.snapshots.push(added);
                (format!("added {name}"), false)
            }
            7 if self.snapshots.len() > 2 => {
                let gone = self.snapshots.remove(index);
                self.remove_snapshot(&gone);
                (format!("deleted {name}"), false)
            }
            8 => {
                changed.name = format!("{}/moved-{}", draw.pick(&["a", "d"]), self.next_number);
                self.next_number += 1;
                let moved = changed.name.clone();
                self.replace(index, changed);
                (format!("moved {name} to {moved}"), false)
            }
            9 => {
                // Back to an earlier version of one of the snapshots, if its name is free.
                let earlier = draw.pick(&self.history).clone();
                let name = earlier.name.clone();
                let taken = self.snapshots.iter().position(|s| s.name == name);
                match taken {
                    Some(at) => {
                        self.replace(at, earlier);
                        (format!("put {name} back as it once was"), false)
                    }
                    None => {
                        self.write_snapshot(&earlier);
                        self.snapshots.push(earlier);
                        (format!("brought {name} back"), false)
                    }
                }
            }
            10 => {
                changed.series = match changed.series {
                    Some(_) => None,
                    None => Some(format!("series {}", draw.below(2))),
                };
                self.replace(index, changed);
                (format!("moved {name} in or out of a timeline"), false)
            }
            11 => {
                let title = format!("Briefings {}", draw.below(3));
                write(
                    &self.root.join("site.toml"),
                    format!("title = \"{title}\"\n").as_bytes(),
                );
                (format!("retitled the site {title}"), false)
            }
            12 => {
                let source = draw.pick(&changed.sources).clone();
                let status = draw.pick(&[200, 404, 410]);
                write(
                    &self.root.join("links.toml"),
                    format!("[\"{source}\"]\nstatus = {status}\nchecked = 2026-01-02\n").as_bytes(),
                );
                (format!("the links book says {source} is {status}"), false)
            }
            13 => {
                let templates = self.root.join("templates");
                if templates.exists() {
                    fs::remove_dir_all(&templates).unwrap();
                    ("removed the site's templates".to_owned(), false)
                } else {
                    let builtin = crate::harness::repo().join("templates");
                    let page = fs::read_to_string(builtin.join("briefing.html")).unwrap();
                    write(
                        &templates.join("briefing.html"),
                        format!("{page}{{# the site's own #}}\n").as_bytes(),
                    );
                    ("gave the site its own briefing.html".to_owned(), false)
                }
            }
            14 => {
                let extra = self.root.join("static/extra.css");
                if extra.exists() {
                    fs::remove_file(&extra).unwrap();
                } else {
                    write(&extra, b"body { margin: 0 }\n");
                }
                ("added or removed static/extra.css".to_owned(), false)
            }
            15 => {
                changed.draft = !changed.draft;
                self.replace(index, changed);
                (format!("made {name} a draft, or no longer one"), false)
            }
            _ => {
                // Saved as it is, or broken: a file that is not UTF-8 is an error, mended by
                // the next edit of any kind, which writes every snapshot's files again.
                let snapshot = &self.snapshots[index];
                if draw.below(2) == 0 {
                    self.write_snapshot(snapshot);
                    (format!("saved {name} unchanged"), false)
                } else {
                    let (path, text) = &snapshot.files()[0];
                    let mut bytes = text.clone().into_bytes();
                    bytes.extend_from_slice(b"\xff\xfe\n");
                    write(&self.root.join("content").join(path), &bytes);
                    (format!("broke {name} (not UTF-8)"), true)
                }
            }
        }
    }

    /// Write every snapshot's files as the site holds them (mending a broken one).
    fn mend(&self) {
        for snapshot in &self.snapshots {
            self.write_snapshot(snapshot);
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Every file (with its bytes) and every folder under `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().min_depth(1) {
        let entry = entry.unwrap();
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = entry
            .file_type()
            .is_file()
            .then(|| fs::read(entry.path()).unwrap());
        found.insert(name, bytes);
    }
    found
}

/// Build `root` into `out` with the cache folder `cache`: whether it succeeded, and what it
/// printed, with the output folder's name taken out.
fn build(root: &Path, out: &str, cache: &Path) -> (bool, String) {
    let env = [("XDG_CACHE_HOME", cache.to_str().unwrap())];
    let output = briefing_with_env(root, &["build", "--out", out], &env);
    let printed = stderr(&output).replace(out, "OUT");
    (output.status.success(), printed)
}

/// The files and folders in which two trees differ, the first few, for a failure's message.
fn differences(
    kept: &BTreeMap<String, Option<Vec<u8>>>,
    fresh: &BTreeMap<String, Option<Vec<u8>>>,
) -> String {
    let names: std::collections::BTreeSet<&String> = kept.keys().chain(fresh.keys()).collect();
    let differing: Vec<String> = names
        .into_iter()
        .filter_map(|name| match (kept.get(name), fresh.get(name)) {
            (Some(_), None) => Some(format!("{name} (only in the rebuilt output)")),
            (None, Some(_)) => Some(format!("{name} (missing from the rebuilt output)")),
            (Some(a), Some(b)) if a != b => Some(format!("{name} (differs)")),
            _ => None,
        })
        .take(5)
        .collect();
    differing.join(", ")
}

fn new_site(seed: u64) -> (Site, Draw) {
    let mut draw = Draw(seed);
    let dir = tempfile::tempdir().unwrap().keep();
    let mut site = Site {
        root: dir,
        snapshots: Vec::new(),
        history: Vec::new(),
        next_number: 0,
    };
    for _ in 0..12 {
        let snapshot = Snapshot::new(&mut draw, site.next_number);
        site.next_number += 1;
        site.write_snapshot(&snapshot);
        site.history.push(snapshot.clone());
        site.snapshots.push(snapshot);
    }
    // Two captures of one query: a timeline from the start.
    site.snapshots[0].series = Some("series 0".to_owned());
    site.snapshots[1].series = Some("series 0".to_owned());
    site.write_snapshot(&site.snapshots[0]);
    site.write_snapshot(&site.snapshots[1]);
    write(&site.root.join("site.toml"), b"title = \"Briefings\"\n");
    (site, draw)
}

#[test]
fn every_rebuild_is_the_site_a_build_with_nothing_kept_makes() {
    const SEEDS: [u64; 3] = [0x5eed_0001, 0x5eed_0002, 0x5eed_0003];
    const STEPS: usize = 16;
    // Now and then, for the first seed, the edit settles before the build: the edited file
    // is then judged by its stamp alone, which must differ from the one the last build saw.
    let settles = |seed: u64, step: usize| seed == SEEDS[0] && step % 5 == 4;
    let sites: Vec<(Site, Draw)> = SEEDS.iter().map(|seed| new_site(*seed)).collect();
    // Past the time in which a changed file is always read again (`memo::seen`): from here
    // on, a rebuild takes every snapshot not edited since from its kept parse, unread.
    std::thread::sleep(Duration::from_secs(6));
    for ((mut site, mut draw), seed) in sites.into_iter().zip(SEEDS) {
        let cache = tempfile::tempdir().unwrap();
        let root = site.root.clone();
        let (built, printed) = build(&root, "public", cache.path());
        assert!(built, "seed {seed:#x}, first build: {printed}");
        for step in 0..STEPS {
            let before = tree(&root.join("public"));
            let (edit, fails) = site.edit(&mut draw);
            let context = format!("seed {seed:#x}, step {step}: {edit}");
            if settles(seed, step) {
                std::thread::sleep(Duration::from_secs(6));
            }
            let (built, printed) = build(&root, "public", cache.path());
            let fresh_cache = tempfile::tempdir().unwrap();
            let fresh_out = format!("fresh-{step}");
            let (fresh_built, fresh_printed) = build(&root, &fresh_out, fresh_cache.path());
            assert_eq!(built, !fails, "{context}: {printed}");
            assert_eq!(fresh_built, !fails, "{context}: {fresh_printed}");
            assert_eq!(printed, fresh_printed, "{context}: what the builds printed");
            let kept = tree(&root.join("public"));
            if fails {
                assert!(
                    kept == before,
                    "{context}: a failed build changed the output"
                );
                site.mend();
            } else {
                let fresh = tree(&root.join(&fresh_out));
                assert!(kept == fresh, "{context}: {}", differences(&kept, &fresh));
            }
            fs::remove_dir_all(root.join(&fresh_out)).ok();
        }
        fs::remove_dir_all(&root).unwrap();
    }
}
