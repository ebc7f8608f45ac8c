//! The pages of long lists: a source site's claims (`source.html`), and the briefings of the
//! index (`index.html`) and of a tag (`tag.html`).

use crate::site::SiteConfig;

use super::super::paging::Paging;
use super::super::views::{DomainPage, IndexItem};
use super::{base, given, no_head, pager, tag_list, Blocks, Page};

/// Which list of briefings a page is.
#[derive(Debug, Clone, Copy)]
pub(in crate::render) enum ListKind<'a> {
    /// The index, which links to the page of the claims an editor's review disputes, when
    /// there are `disputed` such claims across the site.
    Index { disputed: usize },
    /// A tag's briefings, the tag named as shown.
    Tag(&'a str),
}

impl ListKind<'_> {
    /// The template that renders the list.
    pub(in crate::render) fn template(self) -> &'static str {
        match self {
            ListKind::Index { .. } => "index.html",
            ListKind::Tag(_) => "tag.html",
        }
    }
}

/// Write a page of a source site's claims (at `root` from the site's root) to `out`, as
/// `source.html` renders it.
pub(in crate::render) fn write_source_page(
    out: &mut Vec<u8>,
    site: &SiteConfig,
    root: &str,
    page: &DomainPage,
    paging: &Paging,
) {
    let blocks = Blocks {
        title: |w: &mut Page| {
            w.text(page.domain).raw(" · Sources · ").text(&site.title);
        },
        description: site.description.as_deref(),
        head: no_head,
        content: |w: &mut Page| source_content(w, root, page, paging),
    };
    base(&mut Page { out }, site, root, blocks);
}

/// source.html's content block.
fn source_content(w: &mut Page, root: &str, page: &DomainPage, paging: &Paging) {
    w.raw("\n    <p class=\"crumbs\"><a href=\"")
        .text(root)
        .raw("sources/index.html\">Sources</a></p>\n    <h1>")
        .text(page.domain)
        .raw("</h1>");
    if let Some(publisher) = &page.publisher {
        w.raw("\n    <p class=\"publisher-line\">")
            .text(publisher.name)
            .raw(" <span class=\"badge kind-badge\">")
            .text(publisher.kind)
            .raw("</span></p>");
    }
    w.raw("\n    <p class=\"lede\">")
        .number(page.claims)
        .raw(" claim")
        .plural(page.claims)
        .raw(" in ")
        .number(page.briefings)
        .raw(" briefing")
        .plural(page.briefings)
        .raw(" cite this site.</p>");
    for (index, group) in page.groups.iter().enumerate() {
        let number = index + 1;
        w.raw("\n    <section class=\"domain-group\" aria-labelledby=\"group-")
            .number(number)
            .raw("\">\n      <h2 id=\"group-")
            .number(number)
            .raw("\"><a href=\"")
            .text(root)
            .text(&group.href)
            .raw("\">")
            .text(group.title)
            .raw("</a>");
        if let Some(date) = given(group.date_display.as_deref()) {
            w.raw(" <span class=\"count\">").text(date).raw("</span>");
        }
        w.raw("</h2>\n      <ul class=\"claims\">");
        for claim in &group.claims {
            w.raw("\n        <li class=\"claim\">\n          <a href=\"")
                .text(root)
                .text(&claim.href)
                .raw("\">");
            if let Some(label) = given(claim.label) {
                w.raw("<strong class=\"label\">")
                    .text(label)
                    .raw(":</strong> ");
            }
            w.text(claim.text)
                .raw("</a>\n          <span class=\"badge\">source ")
                .text(&claim.numbers)
                .raw("</span>\n        </li>");
        }
        w.raw("\n      </ul>\n    </section>");
    }
    pager(w, root, paging);
}

/// Write a page of a list of briefings (at `root` from the site's root) to `out`, as the
/// template of its `kind` renders it.
pub(in crate::render) fn write_briefing_list(
    out: &mut Vec<u8>,
    site: &SiteConfig,
    root: &str,
    kind: ListKind,
    items: &[IndexItem],
    paging: &Paging,
) {
    let w = &mut Page { out };
    match kind {
        ListKind::Index { disputed } => {
            let blocks = Blocks {
                title: |w: &mut Page| {
                    w.text(&site.title);
                },
                description: site.description.as_deref(),
                head: no_head,
                content: |w: &mut Page| index_content(w, site, root, disputed, items, paging),
            };
            base(w, site, root, blocks);
        }
        ListKind::Tag(tag) => {
            let blocks = Blocks {
                title: |w: &mut Page| {
                    w.text(tag).raw(" · Tags · ").text(&site.title);
                },
                description: site.description.as_deref(),
                head: no_head,
                content: |w: &mut Page| tag_content(w, root, tag, items, paging),
            };
            base(w, site, root, blocks);
        }
    }
}

/// index.html's content block.
fn index_content(
    w: &mut Page,
    site: &SiteConfig,
    root: &str,
    disputed: usize,
    items: &[IndexItem],
    paging: &Paging,
) {
    w.raw("\n    <h1 class=\"index-title\">")
        .text(&site.title)
        .raw("</h1>");
    if let Some(description) = given(site.description.as_deref()) {
        w.raw("\n    <p class=\"lede\">")
            .text(description)
            .raw("</p>");
    }
    if disputed > 0 {
        w.raw("\n    <p class=\"disputed-link\"><a href=\"")
            .text(root)
            .raw("disputed/index.html\">")
            .number(disputed)
            .raw(" claim")
            .plural(disputed)
            .raw(" disputed by an editor's review</a></p>");
    }
    if items.is_empty() {
        w.raw("\n    <p class=\"empty\">No briefings yet: put a snapshot in <code>content/</code> and build again.</p>");
        return;
    }
    briefing_items(w, root, items);
    pager(w, root, paging);
}

/// tag.html's content block.
fn tag_content(w: &mut Page, root: &str, tag: &str, items: &[IndexItem], paging: &Paging) {
    w.raw("\n    <p class=\"crumbs\"><a href=\"")
        .text(root)
        .raw("tags/index.html\">Tags</a></p>\n    <h1>")
        .text(tag)
        .raw("</h1>");
    briefing_items(w, root, items);
    pager(w, root, paging);
}

/// The `<ul>` of a list of briefings.
fn briefing_items(w: &mut Page, root: &str, items: &[IndexItem]) {
    w.raw("\n    <ul class=\"briefing-list\">");
    for item in items {
        w.raw("\n");
        briefing_item(w, root, item);
    }
    w.raw("\n    </ul>");
}

/// components.html's `briefing_item`: one briefing in a list.
fn briefing_item(w: &mut Page, root: &str, item: &IndexItem) {
    w.raw("<li class=\"entry\">\n        <h2><a href=\"")
        .text(root)
        .text(&item.href)
        .raw("\">")
        .text(item.title)
        .raw("</a></h2>\n        <p class=\"entry-meta\">");
    match item.date {
        Some(date) => {
            w.raw("\n          <time datetime=\"")
                .text(&date.to_string())
                .raw("\">")
                .text(item.date_display.as_deref().unwrap_or(""))
                .raw("</time>");
        }
        None => {
            w.raw("\n          <span>undated</span>");
        }
    }
    if let Some(engine) = given(item.engine) {
        w.raw("\n          <span>").text(engine).raw("</span>");
    }
    w.raw("\n        </p>\n        <p class=\"entry-counts\"><span>")
        .number(item.claim_count)
        .raw(" claim")
        .plural(item.claim_count)
        .raw("</span> <span>")
        .number(item.source_count)
        .raw(" source")
        .plural(item.source_count)
        .raw("</span>");
    if item.uncited_count > 0 {
        w.raw(" <span class=\"uncited-count\">")
            .number(item.uncited_count)
            .raw(" uncited</span>");
    }
    w.raw("</p>");
    if let Some(reviews) = &item.reviews {
        w.raw("\n        <p class=\"entry-reviews\">");
        let counts = [
            (reviews.verified, "verified"),
            (reviews.disputed, "disputed"),
            (reviews.unsupported, "unsupported"),
            (reviews.outdated, "outdated"),
        ];
        for (count, status) in counts {
            if count > 0 {
                w.raw("<span class=\"review-count review-")
                    .raw(status)
                    .raw("\">")
                    .number(count)
                    .raw(" ")
                    .raw(status)
                    .raw("</span> ");
            }
        }
        w.raw("<span class=\"review-count\">")
            .number(reviews.unreviewed)
            .raw(" unreviewed</span></p>");
    }
    tag_list(w, root, &item.tags, Some((item.more_tags, &item.href)));
    w.raw("\n      </li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::native::picks::{assert_same, through_tera, Picks};
    use crate::render::views::{DomainClaim, DomainGroup, PublisherView, ReviewCounts, TagView};

    fn domain_page(picks: &mut Picks) -> DomainPage<'static> {
        DomainPage {
            domain: picks.text(),
            claims: picks.count(),
            briefings: picks.count(),
            groups: (0..picks.below(4))
                .map(|_| DomainGroup {
                    title: picks.text(),
                    date_display: picks.maybe_string(),
                    href: picks.string(),
                    claims: (0..picks.below(4))
                        .map(|_| DomainClaim {
                            href: picks.string(),
                            label: picks.maybe_text(),
                            text: picks.text(),
                            numbers: picks.string(),
                        })
                        .collect(),
                })
                .collect(),
            publisher: picks.chance().then(|| PublisherView {
                name: picks.text(),
                kind: "news",
                kind_slug: "news",
            }),
        }
    }

    fn index_item(picks: &mut Picks) -> IndexItem<'static> {
        let date = picks.date();
        IndexItem {
            href: picks.string(),
            title: picks.text(),
            date,
            date_display: date.map(|date| date.long()),
            engine: picks.maybe_text(),
            claim_count: picks.count(),
            source_count: picks.count(),
            uncited_count: picks.count(),
            tags: picks.tags(),
            more_tags: picks.below(3),
            reviews: picks.chance().then(|| ReviewCounts {
                verified: picks.count(),
                disputed: picks.count(),
                unsupported: picks.count(),
                outdated: picks.count(),
                unreviewed: picks.count(),
            }),
        }
    }

    #[test]
    fn a_written_source_page_is_the_page_the_template_renders() {
        let mut picks = Picks(0x2545_f491_4f6c_dd1d);
        for round in 0..1000 {
            let site = picks.site_config();
            let root = ["../../", "../../../../"][picks.below(2)];
            let page = domain_page(&mut picks);
            let paging = picks.paging();
            let mut context = tera::Context::new();
            context.insert("site", &site);
            context.insert("root", root);
            context.insert("page", &page);
            context.insert("pagination", &paging);
            let mut written = Vec::new();
            write_source_page(&mut written, &site, root, &page, &paging);
            assert_same(round, &through_tera("source.html", &context), written);
        }
    }

    #[test]
    fn a_list_entry_links_the_tags_it_leaves_out_to_the_briefing() {
        let mut picks = Picks(0x7d1e_55a3_0c2b_9e41);
        let site = picks.site_config();
        let paging = picks.paging();
        let mut item = index_item(&mut picks);
        item.href = "b/index.html".to_owned();
        item.tags = vec![TagView {
            slug: "t",
            name: "t",
        }];
        let entry = |item: &IndexItem| {
            let mut written = Vec::new();
            let kind = ListKind::Tag("t");
            write_briefing_list(
                &mut written,
                &site,
                "../",
                kind,
                std::slice::from_ref(item),
                &paging,
            );
            String::from_utf8(written).unwrap()
        };
        item.more_tags = 5;
        assert!(entry(&item)
            .contains("<li class=\"more-tags\"><a href=\"../b/index.html\">5 more</a></li>"));
        item.more_tags = 0;
        assert!(!entry(&item).contains("more-tags"));
    }

    #[test]
    fn a_written_list_of_briefings_is_the_page_the_template_renders() {
        let mut picks = Picks(0x1405_7b7e_f767_814f);
        for round in 0..1000 {
            let site = picks.site_config();
            let root = ["", "../", "../../../"][picks.below(3)];
            let kind = if picks.chance() {
                ListKind::Index {
                    disputed: picks.count(),
                }
            } else {
                ListKind::Tag(picks.text())
            };
            let items: Vec<IndexItem> = (0..picks.below(4))
                .map(|_| index_item(&mut picks))
                .collect();
            let paging = picks.paging();
            // As the renderer fills the context: `disputed` only when there are some.
            let mut context = tera::Context::new();
            context.insert("site", &site);
            context.insert("root", root);
            match kind {
                ListKind::Tag(tag) => context.insert("tag", tag),
                ListKind::Index { disputed } if disputed > 0 => {
                    context.insert("disputed", &disputed)
                }
                ListKind::Index { .. } => {}
            }
            context.insert("briefings", &items);
            context.insert("pagination", &paging);
            let mut written = Vec::new();
            write_briefing_list(&mut written, &site, root, kind, &items, &paging);
            assert_same(round, &through_tera(kind.template(), &context), written);
        }
    }
}
