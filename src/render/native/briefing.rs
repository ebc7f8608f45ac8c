//! A briefing page, as `briefing.html` and the templates it includes render it.

use crate::site::SiteConfig;

use super::super::views::{
    AddressView, BriefingPage, ClaimView, HistoryView, ReviewView, SourceMix, SourceView,
};
use super::{base, given, tag_list, Blocks, Page};

/// Write the briefing page of `page` (at `root` from the site's root) to `out`, as
/// `briefing.html` renders it.
pub(in crate::render) fn write_briefing_page(
    out: &mut Vec<u8>,
    site: &SiteConfig,
    root: &str,
    page: &BriefingPage,
) {
    let blocks = Blocks {
        title: |w: &mut Page| {
            w.text(&page.title).raw(" · ").text(&site.title);
        },
        // briefing.html's description block, else base.html's.
        description: given(page.description.as_deref()).or(site.description.as_deref()),
        head: |w: &mut Page| head(w, site, page),
        content: |w: &mut Page| content(w, root, page),
    };
    base(&mut Page { out }, site, root, blocks);
}

/// briefing.html's content block.
fn content(w: &mut Page, root: &str, page: &BriefingPage) {
    w.raw("\n    <article class=\"briefing\">\n");
    header(w, root, page);
    if let Some(mix) = &page.source_mix {
        source_mix(w, mix);
    }
    if let Some(history) = &page.history {
        history_block(w, root, history);
    }
    claims(w, page);
    if let Some(disclaimer) = given(page.disclaimer) {
        w.raw("\n      <p class=\"disclaimer\">")
            .text(disclaimer)
            .raw("</p>");
    }
    w.raw("\n");
    sources(w, root, page);
    w.raw("    </article>");
}

/// briefing.html's head block.
fn head(w: &mut Page, site: &SiteConfig, page: &BriefingPage) {
    w.raw("\n  <meta property=\"og:type\" content=\"article\">\n  <meta property=\"og:title\" content=\"")
        .text(&page.title)
        .raw("\">\n  <meta property=\"og:site_name\" content=\"")
        .text(&site.title)
        .raw("\">");
    if let Some(description) = given(page.description.as_deref()) {
        w.raw("\n  <meta property=\"og:description\" content=\"")
            .text(description)
            .raw("\">");
    }
    if let Some(url) = given(page.url.as_deref()) {
        w.raw("\n  <meta property=\"og:url\" content=\"")
            .text(url)
            .raw("\">\n  <link rel=\"canonical\" href=\"")
            .text(url)
            .raw("\">");
    }
    if let Some(date) = page.date {
        w.raw("\n  <meta property=\"article:published_time\" content=\"")
            .text(&date.to_string())
            .raw("\">");
    }
    for tag in &page.tags {
        w.raw("\n  <meta property=\"article:tag\" content=\"")
            .text(tag.name)
            .raw("\">");
    }
    w.raw("\n  <script type=\"application/ld+json\">\n")
        .raw(&page.json_ld)
        .raw("\n  </script>");
    if let Some(reviews) = given(page.claim_reviews.as_deref()) {
        w.raw("\n  <script type=\"application/ld+json\">\n")
            .raw(reviews)
            .raw("\n  </script>");
    }
}

/// briefing-header.html.
fn header(w: &mut Page, root: &str, page: &BriefingPage) {
    w.raw("      <header class=\"briefing-header\">\n        <h1>")
        .text(&page.title)
        .raw("</h1>\n        <dl class=\"provenance\">");
    if let Some(query) = given(page.query) {
        w.raw("\n          <div><dt>Query</dt><dd>")
            .text(query)
            .raw("</dd></div>");
    }
    if let Some(engine) = given(page.engine) {
        w.raw("\n          <div><dt>Engine</dt><dd>").text(engine);
        if let Some(origin) = &page.origin {
            w.raw(" ");
            address(w, origin, "address");
        }
        w.raw("</dd></div>");
    }
    if let Some(date) = page.date {
        w.raw("\n          <div><dt>Captured</dt><dd><time datetime=\"")
            .text(&date.to_string())
            .raw("\">")
            .text(page.date_display.as_deref().unwrap_or(""))
            .raw("</time></dd></div>");
    }
    let author = given(page.author);
    let handle = given(page.handle);
    if author.is_some() || handle.is_some() {
        w.raw("\n          <div><dt>By</dt><dd>")
            .text(page.author.unwrap_or(""));
        if let Some(handle) = handle {
            w.raw(" <span class=\"handle\">")
                .text(handle)
                .raw("</span>");
        }
        w.raw("</dd></div>");
    }
    w.raw("\n        </dl>\n        <p class=\"counts\">")
        .number(page.claim_count)
        .raw(" claim")
        .plural(page.claim_count)
        .raw(" · ")
        .number(page.sources.len())
        .raw(" source")
        .plural(page.sources.len());
    if page.uncited_count > 0 {
        w.raw(" · <span class=\"uncited-count\">")
            .number(page.uncited_count)
            .raw(" uncited</span>");
    }
    w.raw("</p>");
    tag_list(w, root, &page.tags, None);
    w.raw("\n      </header>");
}

/// briefing-source-mix.html.
fn source_mix(w: &mut Page, mix: &SourceMix) {
    w.raw("\n      <figure class=\"source-mix\">\n        <figcaption>What the claims rest on</figcaption>\n        <svg viewBox=\"0 0 320 ")
        .number(mix.height)
        .raw("\" width=\"320\" height=\"")
        .number(mix.height)
        .raw("\" role=\"img\" aria-labelledby=\"source-mix-text\">\n          <title id=\"source-mix-text\">")
        .text(&mix.text)
        .raw("</title>");
    for row in &mix.rows {
        w.raw("\n          <g class=\"mix-row mix-")
            .text(row.class)
            .raw("\" transform=\"translate(0 ")
            .number(row.y)
            .raw(")\"><text x=\"0\" y=\"16\">")
            .text(row.label)
            .raw("</text><rect x=\"120\" y=\"4\" width=\"")
            .number(row.width)
            .raw("\" height=\"16\" rx=\"2\"/><text x=\"")
            .number(row.width + 126)
            .raw("\" y=\"16\">")
            .number(row.count)
            .raw("</text></g>");
    }
    w.raw("\n        </svg>\n      </figure>");
}

/// briefing.html's capture history.
fn history_block(w: &mut Page, root: &str, history: &HistoryView) {
    w.raw("\n      <nav class=\"history\" aria-label=\"Capture history\">\n        <p class=\"history-links\">");
    if let Some(previous) = &history.previous {
        w.raw("\n          <a rel=\"prev\" href=\"")
            .text(root)
            .text(&previous.href)
            .raw("\">← Earlier capture, ")
            .text(&previous.date_display)
            .raw("</a>");
    }
    if let Some(next) = &history.next {
        w.raw("\n          <a rel=\"next\" href=\"")
            .text(root)
            .text(&next.href)
            .raw("\">Later capture, ")
            .text(&next.date_display)
            .raw(" →</a>");
    }
    w.raw("\n        </p>");
    if let Some(changes) = &history.changes {
        w.raw(
            "\n        <details class=\"changes\">\n          <summary>Since the earlier capture: ",
        )
        .text(&changes.summary)
        .raw("</summary>\n          <ul>");
        for line in &changes.lines {
            w.raw("\n            <li class=\"change-")
                .text(line.kind.as_str())
                .raw("\">")
                .text(&line.text)
                .raw("</li>");
        }
        w.raw("\n          </ul>\n        </details>");
    }
    w.raw("\n      </nav>");
}

/// briefing-claims.html.
fn claims(w: &mut Page, page: &BriefingPage) {
    if !page.summary.is_empty() {
        w.raw("\n      <section class=\"summary\" aria-label=\"Summary\">");
        for view in &page.summary {
            w.raw("\n");
            claim(w, view, "p", "        ");
        }
        w.raw("\n      </section>");
    }
    for section in &page.sections {
        w.raw("\n      <section class=\"section\" id=\"section-")
            .text(section.id)
            .raw("\" aria-labelledby=\"heading-")
            .text(section.id)
            .raw("\">\n        <h2 id=\"heading-")
            .text(section.id)
            .raw("\">")
            .text(section.heading)
            .raw("</h2>");
        if !section.claims.is_empty() {
            w.raw("\n        <ul class=\"claims\">");
            for view in &section.claims {
                w.raw("\n");
                claim(w, view, "li", "          ");
            }
            w.raw("\n        </ul>");
        }
        w.raw("\n      </section>");
    }
}

/// briefing-claim.html: one claim in `tag`, each line after `indent`.
fn claim(w: &mut Page, claim: &ClaimView, tag: &str, indent: &str) {
    let uncited = claim.citations.is_empty();
    w.raw(indent)
        .raw("<")
        .raw(tag)
        .raw(if uncited {
            " class=\"claim uncited\" id=\"claim-"
        } else {
            " class=\"claim\" id=\"claim-"
        })
        .text(claim.id)
        .raw("\">");
    if let Some(label) = given(claim.label) {
        w.raw("\n")
            .raw(indent)
            .raw("  <strong class=\"label\">")
            .text(label)
            .raw(":</strong>");
    }
    w.raw("\n").raw(indent).raw("  ");
    match given(claim.html.as_deref()) {
        Some(html) => w.raw(html),
        None => w.text(claim.text),
    };
    for cite in &claim.citations {
        w.raw("\n").raw(indent);
        if cite.known {
            w.raw("  <a class=\"cite\" role=\"doc-noteref\" href=\"#source-")
                .number(cite.number)
                .raw("\" aria-describedby=\"")
                .text(&cite.preview_id)
                .raw("\">")
                .number(cite.number)
                .raw("<span class=\"preview\" role=\"tooltip\" id=\"")
                .text(&cite.preview_id)
                .raw("\">")
                .text(&cite.preview)
                .raw("</span></a>");
        } else {
            w.raw("  <a class=\"cite missing\" role=\"doc-noteref\" href=\"#sources-heading\" title=\"no source has this number\">")
                .number(cite.number)
                .raw("?</a>");
        }
    }
    if uncited {
        w.raw("\n").raw(indent).raw(
            "  <span class=\"badge uncited-badge\" title=\"No source is cited for this claim\">uncited</span>",
        );
    }
    if let Some(review) = &claim.review {
        w.raw("\n")
            .raw(indent)
            .raw("  <span class=\"review review-")
            .text(review.status)
            .raw("\"><span class=\"badge review-badge\">")
            .text(review.status_label)
            .raw("<span class=\"visually-hidden\"> by an editor</span></span>");
        review_credit(w, review);
        w.raw("</span>");
    }
    w.raw("\n").raw(indent).raw("</").raw(tag).raw(">");
}

/// components.html's `review_credit`: a review's note, and who reviewed it when.
fn review_credit(w: &mut Page, review: &ReviewView) {
    if let Some(note) = given(review.note) {
        w.raw(" <span class=\"review-note\">")
            .text(note)
            .raw("</span>");
    }
    let by = given(review.by);
    if by.is_some() || review.date.is_some() {
        w.raw(" <span class=\"review-by\">— ");
        if let Some(by) = by {
            w.text(by);
        }
        if by.is_some() && review.date.is_some() {
            w.raw(", ");
        }
        if let Some(date) = review.date {
            w.raw("<time datetime=\"")
                .text(&date.to_string())
                .raw("\">")
                .text(review.date_display.as_deref().unwrap_or(""))
                .raw("</time>");
        }
        w.raw("</span>");
    }
}

/// components.html's `address`: linked where it is a web address; one cut short links only
/// its site and marks the cut.
fn address(w: &mut Page, address: &AddressView, class: &str) {
    match given(address.href.as_deref()) {
        Some(href) if address.truncated => {
            w.raw("<span class=\"")
                .text(class)
                .raw("\"><a href=\"")
                .text(href)
                .raw("\" rel=\"noopener noreferrer nofollow\">")
                .text(address.host)
                .raw("</a>")
                .text(address.rest)
                .raw("<abbr class=\"truncated\" title=\"address cut short in the snapshot; only the site is linked\">…</abbr></span>");
        }
        Some(href) => {
            w.raw("<a class=\"")
                .text(class)
                .raw("\" href=\"")
                .text(href)
                .raw("\" rel=\"noopener noreferrer nofollow\">")
                .text(address.text)
                .raw("</a>");
        }
        None => {
            w.raw("<span class=\"")
                .text(class)
                .raw("\">")
                .text(address.text);
            if address.truncated {
                w.raw("<abbr class=\"truncated\" title=\"address cut short in the snapshot\">…</abbr>");
            }
            w.raw("</span>");
        }
    }
}

/// briefing-sources.html.
fn sources(w: &mut Page, root: &str, page: &BriefingPage) {
    w.raw("      <section class=\"sources\" role=\"doc-endnotes\" aria-labelledby=\"sources-heading\">\n        <h2 id=\"sources-heading\">Sources</h2>");
    if page.sources.is_empty() {
        w.raw("\n        <p class=\"empty\">This snapshot lists no sources.</p>");
    } else {
        w.raw("\n        <ol>");
        for source in &page.sources {
            source_item(w, root, source);
        }
        w.raw("\n        </ol>");
    }
    w.raw("\n      </section>\n");
}

/// One source of briefing-sources.html.
fn source_item(w: &mut Page, root: &str, source: &SourceView) {
    w.raw("\n          <li id=\"source-")
        .number(source.number)
        .raw("\" value=\"")
        .number(source.number)
        .raw("\"");
    if source.backlinks.is_empty() {
        w.raw(" class=\"uncited-source\"");
    }
    w.raw(">");
    if let Some(publisher) = &source.publisher {
        w.raw("\n            <span class=\"publisher\">")
            .text(publisher.name)
            .raw(" <span class=\"badge kind-badge\">")
            .text(publisher.kind)
            .raw("</span></span>");
    }
    if let Some(title) = given(source.title) {
        w.raw("\n            <span class=\"source-title\">")
            .text(title)
            .raw("</span>");
    }
    w.raw("\n            ");
    address(w, &source.address, "source-link");
    match &source.link {
        Some(link) if link.state == "gone" => {
            w.raw("\n            <span class=\"link-state gone\"><span class=\"link-state-text\">unreachable as of <time datetime=\"")
                .text(&link.checked)
                .raw("\">")
                .text(&link.checked_display)
                .raw("</time> (")
                .text(&link.outcome)
                .raw(")</span> · <a class=\"archive-link\" href=\"")
                .text(link.archive_href.as_deref().unwrap_or(""))
                .raw("\" rel=\"noopener noreferrer nofollow\">archived copy</a></span>");
        }
        Some(link) if link.state == "moved" => {
            w.raw("\n            <span class=\"link-state moved\">moved, as of <time datetime=\"")
                .text(&link.checked)
                .raw("\">")
                .text(&link.checked_display)
                .raw("</time>, to ");
            let moved_to = link.moved_to.as_deref().unwrap_or("");
            match given(link.moved_href.as_deref()) {
                Some(href) => {
                    w.raw("<a href=\"")
                        .text(href)
                        .raw("\" rel=\"noopener noreferrer nofollow\">")
                        .text(moved_to)
                        .raw("</a>");
                }
                None => {
                    w.text(moved_to);
                }
            }
            w.raw("</span>");
        }
        _ => {}
    }
    if source.backlinks.is_empty() {
        w.raw("\n            <span class=\"badge\">cited by no claim</span>");
    } else {
        w.raw("\n            <span class=\"backlinks\">cited by");
        for backlink in &source.backlinks {
            w.raw("\n              <a role=\"doc-backlink\" href=\"#claim-")
                .text(&backlink.id)
                .raw("\" aria-label=\"Back to claim: ")
                .text(&backlink.name)
                .raw("\">↩ ")
                .text(&backlink.name)
                .raw("</a>");
        }
        w.raw("\n            </span>");
    }
    if let Some(href) = given(source.domain_href.as_deref()) {
        w.raw("\n            <a class=\"domain-link\" href=\"")
            .text(root)
            .text(href)
            .raw("\">All claims citing ")
            .text(source.domain)
            .raw("</a>");
    }
    w.raw("\n          </li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::native::picks::{assert_same, through_tera, Picks};
    use crate::render::views::{
        Backlink, CaptureLink, ChangeKind, ChangeLine, ChangesView, CitationView, LinkView, MixRow,
        PublisherView, SectionView,
    };

    fn address(picks: &mut Picks) -> AddressView<'static> {
        AddressView {
            text: picks.text(),
            href: picks.maybe_string(),
            host: picks.text(),
            rest: picks.text(),
            truncated: picks.chance(),
        }
    }

    fn review(picks: &mut Picks) -> ReviewView<'static> {
        let date = picks.date();
        ReviewView {
            status: ["verified", "disputed"][picks.below(2)],
            status_label: ["Verified", "Disputed"][picks.below(2)],
            note: picks.maybe_text(),
            by: picks.maybe_text(),
            date,
            date_display: date.map(|date| date.long()),
        }
    }

    fn claim(picks: &mut Picks) -> ClaimView<'static> {
        let citations = (0..picks.below(4))
            .map(|_| CitationView {
                number: [1, 2, 10, 99][picks.below(4)],
                preview_id: picks.string(),
                preview: picks.string(),
                known: picks.below(4) > 0,
                domain: picks.text(),
                url: picks.text(),
                title: picks.maybe_text(),
                truncated: picks.chance(),
            })
            .collect();
        ClaimView {
            id: picks.text(),
            label: picks.maybe_text(),
            text: picks.text(),
            html: picks
                .maybe_text()
                .map(|text| format!("<em>{}</em>", crate::html::escape(text))),
            citations,
            review: picks.chance().then(|| review(picks)),
        }
    }

    fn link(picks: &mut Picks) -> LinkView {
        LinkView {
            state: ["gone", "moved", "other"][picks.below(3)],
            checked: picks.string(),
            checked_display: picks.string(),
            outcome: picks.string(),
            archive_href: picks.maybe_string(),
            moved_to: picks.maybe_string(),
            moved_href: picks.maybe_string(),
        }
    }

    fn source(picks: &mut Picks) -> SourceView<'static> {
        SourceView {
            number: [1, 2, 30][picks.below(3)],
            domain_href: picks.maybe_string(),
            url: picks.text(),
            address: address(picks),
            domain: picks.text(),
            title: picks.maybe_text(),
            truncated: picks.chance(),
            backlinks: (0..picks.below(3))
                .map(|_| Backlink {
                    id: picks.string(),
                    name: picks.string(),
                })
                .collect(),
            link: picks.chance().then(|| link(picks)),
            publisher: picks.chance().then(|| PublisherView {
                name: picks.text(),
                kind: "think tank",
                kind_slug: "think-tank",
            }),
        }
    }

    fn history(picks: &mut Picks) -> HistoryView {
        let capture = |picks: &mut Picks| CaptureLink {
            href: picks.string(),
            title: picks.string(),
            date_display: picks.string(),
        };
        const KINDS: [ChangeKind; 5] = [
            ChangeKind::Added,
            ChangeKind::Removed,
            ChangeKind::Changed,
            ChangeKind::Moved,
            ChangeKind::Source,
        ];
        HistoryView {
            previous: picks.chance().then(|| capture(picks)),
            next: picks.chance().then(|| capture(picks)),
            changes: picks.chance().then(|| ChangesView {
                summary: picks.string(),
                lines: (0..picks.below(6))
                    .map(|_| ChangeLine {
                        kind: KINDS[picks.below(KINDS.len())],
                        text: picks.string(),
                    })
                    .collect(),
            }),
        }
    }

    fn page(picks: &mut Picks) -> BriefingPage<'static> {
        let date = picks.date();
        BriefingPage {
            slug: "a-briefing",
            title: picks.string(),
            query: picks.maybe_text(),
            engine: picks.maybe_text(),
            origin: picks.chance().then(|| address(picks)),
            author: picks.maybe_text(),
            handle: picks.maybe_text(),
            date,
            date_display: date.map(|date| date.long()),
            tags: picks.tags(),
            summary: (0..picks.below(3)).map(|_| claim(picks)).collect(),
            sections: (0..picks.below(4))
                .map(|_| SectionView {
                    id: picks.text(),
                    heading: picks.text(),
                    claims: (0..picks.below(4)).map(|_| claim(picks)).collect(),
                })
                .collect(),
            disclaimer: picks.maybe_text(),
            sources: (0..picks.below(4)).map(|_| source(picks)).collect(),
            claim_count: picks.count(),
            uncited_count: picks.count(),
            history: picks.chance().then(|| history(picks)),
            json_ld: "{\"@type\": \"Article\"}".to_owned(),
            claim_reviews: picks.maybe_string(),
            source_mix: picks.chance().then(|| SourceMix {
                rows: (0..picks.below(4))
                    .map(|index| MixRow {
                        label: "think tank",
                        class: "think-tank",
                        count: picks.count(),
                        y: index * 24,
                        width: picks.count() * 9,
                    })
                    .collect(),
                height: 24 * picks.count(),
                text: picks.string(),
            }),
            url: picks.maybe_string(),
            description: picks.maybe_string(),
        }
    }

    #[test]
    fn a_written_page_is_the_page_the_templates_render() {
        let mut picks = Picks(0x9e37_79b9_7f4a_7c15);
        for round in 0..1500 {
            let site = picks.site_config();
            let root = ["../", "../../"][picks.below(2)];
            let page = page(&mut picks);
            let mut context = tera::Context::new();
            context.insert("site", &site);
            context.insert("root", root);
            context.insert("page", &page);
            let mut written = Vec::new();
            write_briefing_page(&mut written, &site, root, &page);
            assert_same(round, &through_tera("briefing.html", &context), written);
        }
    }
}
