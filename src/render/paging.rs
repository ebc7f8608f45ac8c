//! Long lists (the index, a tag's briefings, a site's citing claims) in pages.
//!
//! A list is shown newest first, but cut into blocks counted from its oldest item: page 1 is
//! always the oldest block, and the first page (the list's own address) holds what is left,
//! between one and two blocks. A new briefing therefore changes the first page only (and, once
//! in a block's while, adds a page), never every page in a pull request's diff.

use std::ops::Range;

use serde::Serialize;

/// Where a page of a list is, and where its neighbours are; for templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct Paging {
    /// The page's number, counted from the oldest page (1); the first page has the highest.
    pub(super) number: usize,
    /// How many pages the list has.
    pub(super) count: usize,
    /// The page of newer items, relative to the site root.
    pub(super) newer: Option<String>,
    /// The page of older items, relative to the site root.
    pub(super) older: Option<String>,
}

/// One page of a list: which items (indexes into the newest-first list), where it is written
/// (relative to the site root), and its place among the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) items: Range<usize>,
    pub(super) path: String,
    /// How many folders deep the page is, for its links to the site root.
    pub(super) depth: usize,
    pub(super) paging: Paging,
}

/// The pages of a list of `len` items shown newest first, `per_page` to a block, under `base`
/// (`""`, `tags/energy/`): the first at `base` + `index.html`, the others at
/// `base` + `page/N/index.html`.
pub(super) fn pages(len: usize, per_page: usize, base: &str) -> Vec<Page> {
    let per_page = per_page.max(1);
    let archived = (len / per_page).saturating_sub(1);
    let count = archived + 1;
    let base_depth = base.matches('/').count();
    let address = |number: usize| -> String {
        if number == count {
            format!("{base}index.html")
        } else {
            format!("{base}page/{number}/index.html")
        }
    };
    (0..count)
        .map(|position| {
            // Position 0 is the first page; the others are archived blocks, newest first.
            let number = count - position;
            let items = if position == 0 {
                0..len - archived * per_page
            } else {
                let end = len - (number - 1) * per_page;
                end - per_page..end
            };
            Page {
                items,
                path: address(number),
                depth: base_depth + if position == 0 { 0 } else { 2 },
                paging: Paging {
                    number,
                    count,
                    newer: (number < count).then(|| address(number + 1)),
                    older: (number > 1).then(|| address(number - 1)),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(len: usize, per_page: usize) -> Vec<Range<usize>> {
        pages(len, per_page, "")
            .into_iter()
            .map(|page| page.items)
            .collect()
    }

    #[test]
    fn a_short_list_is_one_page() {
        assert_eq!(ranges(0, 10), vec![0..0]);
        assert_eq!(ranges(19, 10), vec![0..19]);
        let page = &pages(5, 10, "tags/a/")[0];
        assert_eq!(page.path, "tags/a/index.html");
        assert_eq!(page.depth, 2);
        assert_eq!(
            (page.paging.newer.clone(), page.paging.older.clone()),
            (None, None)
        );
    }

    #[test]
    fn blocks_are_counted_from_the_oldest() {
        // 25 items newest first: the first page holds 15, page 1 the oldest 10.
        assert_eq!(ranges(25, 10), [0..15, 15..25]);
        assert_eq!(ranges(30, 10), [0..10, 10..20, 20..30]);
        let all = pages(30, 10, "");
        assert_eq!(all[1].path, "page/2/index.html");
        assert_eq!(all[1].depth, 2);
        assert_eq!(all[1].paging.newer.as_deref(), Some("index.html"));
        assert_eq!(all[1].paging.older.as_deref(), Some("page/1/index.html"));
        assert_eq!(all[0].paging.older.as_deref(), Some("page/2/index.html"));
        assert_eq!(all[2].paging.older, None);
    }

    #[test]
    fn a_new_item_changes_only_the_first_page() {
        // One more (newest) item: every archived block keeps its items, counted from the end.
        let before = pages(35, 10, "");
        let after = pages(36, 10, "");
        assert_eq!(before.len(), after.len());
        for (old, new) in before.iter().zip(&after).skip(1) {
            assert_eq!(old.path, new.path);
            assert_eq!(35 - old.items.start, 36 - new.items.start);
            assert_eq!(old.items.len(), new.items.len());
        }
    }
}
