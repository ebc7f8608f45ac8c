//! The files `briefing init` starts a site with: settings, one example of each input, as
//! data. They are the files under `scaffold/` in this repository, embedded in the binary.

/// Each file's path in the new site and its text.
pub const SITE_FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("../scaffold/site.toml")),
    (
        "content/example-pasted.txt",
        include_str!("../scaffold/content/example-pasted.txt"),
    ),
    (
        "content/example-pasted.toml",
        include_str!("../scaffold/content/example-pasted.toml"),
    ),
    (
        "content/example-markdown.md",
        include_str!("../scaffold/content/example-markdown.md"),
    ),
];
