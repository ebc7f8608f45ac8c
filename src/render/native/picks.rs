//! For the tests that write pages both ways: a small deterministic generator of view
//! values, so that each run tries the same pages, and the comparison with Tera.

use crate::date::Date;
use crate::render::paging::Paging;
use crate::render::views::TagView;
use crate::site::SiteConfig;

/// A small deterministic generator (xorshift), so that each run tries the same pages.
pub(super) struct Picks(pub(super) u64);

impl Picks {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }

    /// A text of the kinds pages get: empty (which templates take as absent), plain,
    /// with every character HTML escapes, or not ASCII.
    pub(super) fn text(&mut self) -> &'static str {
        const TEXTS: &[&str] = &[
            "",
            "Baku",
            "A claim, with words.",
            "<script>alert('x')</script> & \"quoted\"",
            "Ünïcode — “quotes” ☃ 1/2",
            "https://example.org/a?b=1&c=2",
        ];
        TEXTS[self.below(TEXTS.len())]
    }

    pub(super) fn maybe_text(&mut self) -> Option<&'static str> {
        self.chance().then(|| self.text())
    }

    pub(super) fn string(&mut self) -> String {
        self.text().to_owned()
    }

    pub(super) fn maybe_string(&mut self) -> Option<String> {
        self.chance().then(|| self.string())
    }

    pub(super) fn date(&mut self) -> Option<Date> {
        self.chance()
            .then(|| Date::parse_iso("2024-03-09").expect("a date"))
    }

    pub(super) fn count(&mut self) -> usize {
        [0, 1, 2, 17][self.below(4)]
    }

    /// A briefing's tags: none, one or two.
    pub(super) fn tags(&mut self) -> Vec<TagView<'static>> {
        (0..self.below(3))
            .map(|_| TagView {
                slug: self.text(),
                name: self.text(),
            })
            .collect()
    }

    /// A site's settings, as a page shows them.
    pub(super) fn site_config(&mut self) -> SiteConfig {
        SiteConfig {
            title: self.string(),
            base_url: None,
            language: ["en", "de"][self.below(2)].to_owned(),
            description: self.maybe_string(),
            extra_css: self.chance(),
        }
    }

    /// Where a page of a list is: alone, or among two or three.
    pub(super) fn paging(&mut self) -> Paging {
        let count = [1, 1, 2, 3][self.below(4)];
        let number = 1 + self.below(count);
        Paging {
            number,
            count,
            newer: (number < count).then(|| self.string()),
            older: (number > 1).then(|| self.string()),
        }
    }
}

/// `template` rendered through Tera with the built-in templates.
pub(super) fn through_tera(template: &str, context: &tera::Context) -> String {
    thread_local! {
        static RENDERER: crate::render::Renderer =
            crate::render::Renderer::new(&std::collections::BTreeMap::new())
                .expect("the built-in templates compile");
    }
    RENDERER.with(|renderer| {
        renderer
            .tera
            .render(template, context)
            .expect("the built-in templates render")
    })
}

/// Fails with the difference when the page written in `round` is not what Tera rendered.
pub(super) fn assert_same(round: usize, rendered: &str, written: Vec<u8>) {
    let written = String::from_utf8(written).expect("a written page is UTF-8");
    if written != rendered {
        let diff = similar::TextDiff::from_lines(rendered, &written);
        panic!(
            "page {round} differs from the templates' (- templates, + written):\n{}",
            diff.unified_diff()
        );
    }
}
