//! Pasted answers: the text of an answer engine's reply as copied from a browser page.
//!
//! Pasted text has lost its markup and often its line breaks, so the parser reads it in named
//! passes, each a function that can be tested on a three-line input:
//!
//! 1. `split_lines`: the text as trimmed lines with their byte offsets; fenced code (and code
//!    whose fence was lost, from a language label to the engine's caution), horizontal rules,
//!    raw HTML, interface chrome of the vocabulary, a table of contents, formula residue and
//!    the page's suggestions after `Follow-ups` are set aside; lines a hard wrap cut from
//!    their paragraph are marked to join it again.
//! 2. `read_header`: the first line as `QUERY – Engine URL`, a `# Title` or a bare query (a
//!    page title with its address below it, a text dump's header).
//! 3. `unglue`: each line is cut where the copy glued two things together: a signature or a
//!    disclaimer after the last text, a heading before a `Label:` line (`eventsPlane incident:`)
//!    or after a citation group (`[6]Historical ties`). Every cut is reported as a repair.
//! 4. `classify`: each piece becomes a heading, claim text, source entry, disclaimer,
//!    signature or debris. A short bare line is a heading when it introduces longer text.
//! 5. `assemble`: headings open sections, text is split into claims at citation groups that
//!    end a sentence, sources are numbered as written and provenance is filled in.
//! 6. `check` (shared with Markdown): citations without a source are errors, uncited claims
//!    and sources nobody cites are warnings.
//!
//! Nothing here reads files or can panic: every input gives a model and its diagnostics.
//!
//! Each pass is a module of its own; `text` holds the questions several of them ask about
//! the shape of a line.

mod assemble;
mod classify;
pub(crate) mod header;
mod lines;
pub(crate) mod text;
mod unglue;

use super::shared::check;
use super::Parsed;
use crate::model::Briefing;

/// Parse a pasted answer into its claim model.
pub fn parse_pasted(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    let lines = lines::split_lines(text, &mut diagnostics);
    let (header, body) = header::read_header(&lines);
    let pieces = unglue::unglue(body, &mut diagnostics);
    let pieces = classify::classify(pieces, &mut diagnostics);
    let mut briefing = Briefing::new();
    header.apply(&mut briefing);
    let (drafts, source_spans) = assemble::assemble(pieces, &mut briefing, &mut diagnostics);
    check(&briefing, &drafts, &source_spans, &mut diagnostics);
    Parsed {
        briefing,
        diagnostics,
        source_spans,
    }
}

#[cfg(test)]
mod tests {
    use super::header::{read_header, scan_query_line};
    use super::lines::Line;
    use super::*;
    use crate::parse::test_support::{headings, labelled_claim_rows, source_rows};

    fn parse(text: &str) -> Parsed {
        parse_pasted(text)
    }

    /// Parse and show each diagnostic as `line: message`.
    fn parse_with_lines(text: &str) -> (Parsed, Vec<String>) {
        let parsed = parse(text);
        let shown = parsed
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    crate::diagnostic::position(text, d.span.start).line,
                    d.message
                )
            })
            .collect();
        (parsed, shown)
    }

    fn citations(parsed: &Parsed) -> Vec<(String, Vec<u32>)> {
        parsed
            .briefing
            .claims()
            .map(|claim| (claim.text.to_string(), claim.citations.to_vec()))
            .collect()
    }

    /// Each source's number, address and title.
    const SOURCES: &str =
        "[1] a.org/1\n[2] b.org/2\n[3] c.org/3\n[4] d.org/4\n[5] e.org/5\n[6] f.org/6\n";

    #[test]
    fn a_copied_conversation_is_read_to_the_end_of_its_first_answer() {
        let (parsed, diagnostics) = parse_with_lines(
            "You said:\nwhy is the sea salty\nChatGPT said:\n\
             Rivers carry salts into it.[1]\n[1] https://noaa.gov/salt\n\
             You said:\nand the dead sea?\nChatGPT said:\nIt has no outlet.[1]\n[1] https://x.org/\n",
        );
        assert_eq!(
            parsed.briefing.query.as_deref(),
            Some("why is the sea salty")
        );
        assert_eq!(parsed.briefing.origin.engine.as_deref(), Some("ChatGPT"));
        assert_eq!(
            citations(&parsed),
            [("Rivers carry salts into it.".to_owned(), vec![1])]
        );
        assert_eq!(source_rows(&parsed), [(1, "https://noaa.gov/salt", None)]);
        assert!(diagnostics.contains(
            &"6: a second question begins here; only the first answer is read".to_owned()
        ));
    }

    #[test]
    fn a_conversations_source_list_at_its_end_serves_its_first_answer() {
        for turns in [
            "User: why is the sea salty?\nAssistant: Rivers carry salts into it [1].\n",
            "You said:\nwhy is the sea salty?\nChatGPT said:\nRivers carry salts into it [1].\n",
        ] {
            let second = if turns.starts_with("User") {
                "User: and the Dead Sea?\nAssistant: It has no outlet [2].\n"
            } else {
                "You said:\nand the Dead Sea?\nChatGPT said:\nIt has no outlet [2].\n"
            };
            let (parsed, diagnostics) = parse_with_lines(&format!(
                "{turns}{second}\nSources\n[1] Salt https://noaa.gov/salt\n[2] Outlets https://x.org/\n"
            ));
            assert_eq!(
                citations(&parsed),
                [("Rivers carry salts into it.".to_owned(), vec![1])],
                "{turns}"
            );
            assert_eq!(
                source_rows(&parsed),
                [
                    (1, "https://noaa.gov/salt", Some("Salt")),
                    (2, "https://x.org/", Some("Outlets"))
                ],
                "{turns}"
            );
            assert!(
                diagnostics.iter().any(|d| d.ends_with(
                    "the source list at the end of the conversation is read for the first answer"
                )),
                "{diagnostics:?}"
            );
        }
        // A first answer with a list of its own keeps it; the list at the end is the last
        // answer's.
        let (parsed, _) = parse_with_lines(
            "User: why is the sea salty?\nAssistant: Rivers carry salts into it [1].\n\
             [1] https://noaa.gov/salt\nUser: and the Dead Sea?\nAssistant: No outlet [1].\n\
             [1] https://x.org/\n",
        );
        assert_eq!(source_rows(&parsed), [(1, "https://noaa.gov/salt", None)]);
        // Text after the last list entry: no list ends the paste, and none is read.
        let (parsed, _) = parse_with_lines(
            "User: why is the sea salty?\nAssistant: Rivers carry salts into it [1].\n\
             User: and the Dead Sea?\nAssistant: No outlet [1].\n[1] https://x.org/\nThanks!\n",
        );
        assert_eq!(source_rows(&parsed), []);
    }

    #[test]
    fn turns_named_at_the_start_of_their_lines_are_a_conversation() {
        for (user, engine) in [
            ("Q:", "A:"),
            ("User:", "Assistant:"),
            ("Question:", "Answer:"),
        ] {
            let (parsed, diagnostics) = parse_with_lines(&format!(
                "{user} why is the sea salty?\n{engine} Rivers carry salts into it [1].\n\
                 {user} What about the Dead Sea?\n{engine} It has no outlet [2].\n\
                 [1] https://noaa.gov/salt\n[2] https://x.org/\n"
            ));
            if user == "User:" {
                // The next question ends the conversation's first answer.
                assert_eq!(
                    parsed.briefing.query.as_deref(),
                    Some("why is the sea salty?")
                );
                assert_eq!(
                    citations(&parsed),
                    [("Rivers carry salts into it.".to_owned(), vec![1])]
                );
                assert!(diagnostics.contains(
                    &"3: a second question begins here; only the first answer is read".to_owned()
                ));
            } else {
                // Questions again and again: a FAQ, each question heading its answer, however
                // it is written (lowercase too); the first is no query.
                assert_eq!(
                    headings(&parsed),
                    ["why is the sea salty?", "What about the Dead Sea?"],
                    "{user}"
                );
                assert_eq!(parsed.briefing.query, None, "{user}");
                assert_eq!(
                    citations(&parsed),
                    [
                        ("Rivers carry salts into it.".to_owned(), vec![1]),
                        ("It has no outlet.".to_owned(), vec![2])
                    ],
                    "{user}"
                );
            }
        }
        // One question and its answer; the answer's name may be missing.
        for text in [
            "Q: why is the sea salty?\nA: Rivers carry salts into it [1].\n[1] https://noaa.gov/salt\n",
            "User: why is the sea salty?\n\nRivers carry salts into it [1].\n\n[1] https://noaa.gov/salt\n",
        ] {
            let parsed = parse(text);
            assert_eq!(parsed.briefing.query.as_deref(), Some("why is the sea salty?"));
            assert_eq!(
                citations(&parsed),
                [("Rivers carry salts into it.".to_owned(), vec![1])],
                "{text}"
            );
        }
        // Other names stay in the text.
        let parsed =
            parse("Salt\nNote: rivers carry salts into it [1].\n[1] https://noaa.gov/salt\n");
        assert_eq!(
            citations(&parsed),
            [("Note: rivers carry salts into it.".to_owned(), vec![1])]
        );
    }

    #[test]
    fn a_wikis_tagline_under_the_first_line_makes_it_a_title_not_a_query() {
        for tagline in [
            "From Wikipedia, the free encyclopedia",
            "Aus Wikipedia, der freien Enzyklopädie",
        ] {
            let parsed = parse(&format!(
                "Lake Baikal\n{tagline}\nIt is the deepest lake.[1]\n[1] https://a.org/baikal\n"
            ));
            assert_eq!(
                parsed.briefing.title.as_deref(),
                Some("Lake Baikal"),
                "{tagline}"
            );
            assert_eq!(parsed.briefing.query, None, "{tagline}");
            assert_eq!(
                citations(&parsed),
                [("It is the deepest lake.".to_owned(), vec![1])]
            );
        }
        // Further down, the tagline is only left out.
        let parsed =
            parse("lake baikal depth\nIt is deep.[1]\nFrom Wikipedia, the free encyclopedia\n[1] https://a.org/b\n");
        assert_eq!(parsed.briefing.query.as_deref(), Some("lake baikal depth"));
        assert_eq!(citations(&parsed), [("It is deep.".to_owned(), vec![1])]);
    }

    #[test]
    fn a_headline_on_the_first_line_is_a_title_not_a_query() {
        for title in [
            "The Economics of Offshore Wind in the North Sea",
            "Electric Buses in European Cities",
            "Die Kosten der Windkraft auf See",
        ] {
            let parsed = parse(&format!(
                "{title}\nOverview\nCosts fell.[1]\n[1] https://a.org/\n"
            ));
            assert_eq!(parsed.briefing.title.as_deref(), Some(title));
            assert_eq!(parsed.briefing.query, None, "{title}");
        }
        for query in [
            "why did offshore wind costs fall",
            "Why Did Offshore Wind Costs Fall?",
            "Russia and Azerbaijan",
            "Best heat pumps for cold climates",
            "Wie funktioniert eine Wärmepumpe",
            "海上风电成本为何下降",
        ] {
            let parsed = parse(&format!("{query}\nCosts fell.[1]\n[1] https://a.org/\n"));
            assert_eq!(parsed.briefing.query.as_deref(), Some(query));
        }
    }

    #[test]
    fn entries_that_open_with_their_number_unmarked_number_the_list_not_the_title() {
        let parsed = parse(
            "What is the tallest building in Europe?\n\
             The Lakhta Center is 462 metres tall. 1 The Varso Tower is 310 metres. 2\n\
             Sources\n1 Lakhta Center - Wikipedia en.wikipedia.org\n\
             2 Varso Tower - Wikipedia en.wikipedia.org\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "en.wikipedia.org", Some("Lakhta Center - Wikipedia")),
                (2, "en.wikipedia.org", Some("Varso Tower - Wikipedia"))
            ]
        );
        // Or glued to their titles by their marks.
        let parsed = parse(
            "fed rates\nThe Fed held rates.1 Markets expect a cut.2\nSources\n\
             1.Fed holds rates - Reuters https://www.reuters.com/a\n\
             2)Futures price a cut https://www.cnbc.com/b\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://www.reuters.com/a",
                    Some("Fed holds rates - Reuters")
                ),
                (2, "https://www.cnbc.com/b", Some("Futures price a cut"))
            ]
        );
        // A bracketed number glued to its title is no citation glued to text.
        let (parsed, diagnostics) = parse_with_lines(
            "fed rates\nThe Fed held rates [1].\nSources\n[1]Fed holds rates - Reuters https://www.reuters.com/a\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "https://www.reuters.com/a",
                Some("Fed holds rates - Reuters")
            )]
        );
        assert!(
            !diagnostics.iter().any(|d| d.contains("glued")),
            "{diagnostics:?}"
        );
        // A title whose number is not the entry's keeps it, and so does a decimal.
        let parsed =
            parse("Best cameras\nThe X100 leads.\nSources\n5 Best Cameras - Wired wired.com\n");
        assert_eq!(
            source_rows(&parsed),
            [(1, "wired.com", Some("5 Best Cameras - Wired"))]
        );
        let parsed =
            parse("Best cameras\nThe X100 leads.\nSources\n1.5 Ways to Shoot - Wired wired.com\n");
        assert_eq!(
            source_rows(&parsed),
            [(1, "wired.com", Some("1.5 Ways to Shoot - Wired"))]
        );
        // Numbered as ranks or with colons; a time keeps its digits.
        for (first, second) in [("#1", "#2"), ("1:", "2:")] {
            let parsed = parse(&format!(
                "heat pumps\nThey work in the cold [1]. They are efficient [2].\nSources\n\
                 {first} NREL https://www.nrel.gov/heat\n{second} IEA https://www.iea.org/heat\n"
            ));
            assert_eq!(
                source_rows(&parsed),
                [
                    (1, "https://www.nrel.gov/heat", Some("NREL")),
                    (2, "https://www.iea.org/heat", Some("IEA"))
                ],
                "{first}"
            );
        }
        // Outside a source list such lines are steps, even with an address in them.
        let parsed = parse(
            "how to install python\nInstall it in three steps [1].\n\
             1: Download the installer from https://www.python.org/downloads\n\
             2: Run it and tick Add to PATH\nSources\n\
             [1] Python docs https://docs.python.org/3/using/windows.html\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "https://docs.python.org/3/using/windows.html",
                Some("Python docs")
            )]
        );
        assert_eq!(parsed.briefing.claims().count(), 3);
        let parsed = parse(
            "Tours\nThe tower opens early.\nSources\n1:30 Tower tour - Visit visit.example.org\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(1, "visit.example.org", Some("1:30 Tower tour - Visit"))]
        );
    }

    #[test]
    fn a_table_copied_as_tab_separated_lines_gives_a_claim_per_row() {
        let parsed = parse(
            "compare heat pumps\nThe main types differ [1]:\nType\tEfficiency\tCost\n\
             Air source\tCOP 3–4\tLow [1]\nGround source\tCOP 4–5\tHigh [2]\n\
             Ground pumps cost more [2].\n[1] https://a.org/heat\n[2] https://b.org/ground\n",
        );
        let rows = labelled_claim_rows(&parsed);
        assert_eq!(
            rows,
            [
                (None, "The main types differ:", &[1][..]),
                (Some("Air source"), "COP 3–4; Low", &[1][..]),
                (Some("Ground source"), "COP 4–5; High", &[2][..]),
                (None, "Ground pumps cost more.", &[2][..])
            ]
        );
        assert!(parsed.briefing.sections.is_empty());
        // Markdown's pipes in a paste read the same.
        let parsed = parse(
            "compare heat pumps\nThe main types differ [1]:\n| Type | Efficiency | Cost |\n\
             |---|:---|---|\n| Air source | COP 3–4 | Low [1] |\n| Ground source | COP 4–5 | High [2] |\n\
             Ground pumps cost more [2].\n[1] https://a.org/heat\n[2] https://b.org/ground\n",
        );
        assert_eq!(labelled_claim_rows(&parsed), rows);
        // One line with a tab is no table.
        let parsed = parse("q\nA line\twith a tab.\nMore text.\n");
        assert_eq!(parsed.briefing.claims().count(), 2);
    }

    #[test]
    fn a_table_of_sources_gives_its_rows_as_entries() {
        let expected = [
            (1, "https://a.org/heat", Some("Heat pump costs")),
            (
                2,
                "https://b.org/ground",
                Some("Reuters — Ground source pumps"),
            ),
        ];
        for list in [
            // A browser's copy: cells parted by tabs, a numbering column headed `#` or `No.`.
            "#\tSource\tLink\n1\tHeat pump costs\thttps://a.org/heat\n\
             2\tReuters\tGround source pumps\thttps://b.org/ground\n",
            "No.\tTitle\tLink\n1.\tHeat pump costs\thttps://a.org/heat\n\
             2.\tReuters\tGround source pumps\thttps://b.org/ground\n",
            "[1]\tHeat pump costs\thttps://a.org/heat\n[2]\tReuters\tGround source pumps\thttps://b.org/ground\n",
            // Markdown's pipes in a paste.
            "| # | Source | Publisher | Link |\n|---|---|---|---|\n\
             | 1 | Heat pump costs | | https://a.org/heat |\n\
             | 2 | Reuters | Ground source pumps | https://b.org/ground |\n",
        ] {
            let parsed = parse(&format!(
                "heat pumps\nAir source pumps are cheap [1]. Ground pumps cost more [2].\n\
                 Sources\n{list}"
            ));
            assert_eq!(source_rows(&parsed), expected, "{list}");
            assert_eq!(parsed.briefing.claims().count(), 2, "{list}");
            assert!(parsed.briefing.sections.is_empty(), "{list}");
        }
    }

    #[test]
    fn a_table_rows_last_cells_of_citations_leave_no_separator() {
        let parsed = parse(
            "heat pumps\nType\tCOP\tSource\nAir source\t3–4\t[1]\nGround source\t[2]\t\n\
             [1] https://a.org/heat\n[2] https://b.org/ground\n",
        );
        assert_eq!(
            labelled_claim_rows(&parsed),
            [
                (Some("Air source"), "3–4", &[1][..]),
                (None, "Ground source", &[2][..])
            ]
        );
    }

    #[test]
    fn a_works_doi_is_its_address() {
        let parsed = parse(
            "Does melatonin help jet lag?\nIt reduces jet lag [1]. Doses vary [2].\nReferences\n\
             1. Herxheimer A. Melatonin for jet lag. Cochrane Database Syst Rev. 2002. doi:10.1002/14651858.CD001520\n\
             2. Arendt J. Melatonin. Front Endocrinol. 2019;10:391.\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://doi.org/10.1002/14651858.CD001520",
                    Some("Herxheimer A. Melatonin for jet lag. Cochrane Database Syst Rev. 2002")
                ),
                (
                    2,
                    "",
                    Some("Arendt J. Melatonin. Front Endocrinol. 2019;10:391")
                )
            ]
        );
    }

    #[test]
    fn google_searchs_page_title_in_other_languages_gives_query_and_engine() {
        for (line, query, engine) in [
            (
                "pourquoi le ciel est bleu - Recherche Google",
                "pourquoi le ciel est bleu",
                "Recherche Google",
            ),
            (
                "warum ist der himmel blau – Google Suche",
                "warum ist der himmel blau",
                "Google Suche",
            ),
            ("空が青い理由 - Google 検索", "空が青い理由", "Google 検索"),
            (
                "почему небо голубое - Поиск в Google",
                "почему небо голубое",
                "Поиск в Google",
            ),
            (
                "чому небо блакитне – Пошук Google",
                "чому небо блакитне",
                "Пошук Google",
            ),
            (
                "gökyüzü neden mavi - Google'da Ara",
                "gökyüzü neden mavi",
                "Google'da Ara",
            ),
        ] {
            let parsed = parse(&format!("{line}\nIt scatters.[1]\n[1] https://a.org/sky\n"));
            assert_eq!(parsed.briefing.query.as_deref(), Some(query), "{line}");
            assert_eq!(parsed.briefing.origin.engine.as_deref(), Some(engine));
        }
    }

    #[test]
    fn a_byline_under_a_title_names_the_author_of_a_copied_article() {
        let parsed = parse("The bee economy\nBy Jane Doe · March 3, 2025\nHives are rented.\n");
        assert_eq!(parsed.briefing.title.as_deref(), Some("The bee economy"));
        assert_eq!(parsed.briefing.query, None);
        assert_eq!(parsed.briefing.captured.author.as_deref(), Some("Jane Doe"));
        assert!(parsed.briefing.sections.is_empty());
        // Prose that opens with `By` is no byline.
        for line in [
            "By the way, hives are rented.",
            "By 2030 most hives are rented.",
        ] {
            let parsed = parse(&format!("The bee economy\n{line}\nMore text.\n"));
            assert_eq!(parsed.briefing.captured.author, None, "{line}");
        }
    }

    #[test]
    fn an_engine_named_alone_above_the_question_is_the_engine() {
        let parsed = parse("Copilot\nIs green tea healthy?\nIt may be.[1]\n[1] nih.gov/tea\n");
        assert_eq!(
            parsed.briefing.query.as_deref(),
            Some("Is green tea healthy?")
        );
        assert_eq!(parsed.briefing.origin.engine.as_deref(), Some("Copilot"));
        // A topic that shares an engine's name, above prose, is the query.
        let parsed = parse("Gemini\nGemini is the third sign of the zodiac.\n");
        assert_eq!(parsed.briefing.query.as_deref(), Some("Gemini"));
        assert_eq!(parsed.briefing.origin.engine, None);
    }

    #[test]
    fn site_chips_cite_the_listed_source_on_their_site() {
        let parsed = parse(
            "best electric cars\n\
             The Equinox EV is the cheapest. chevrolet+1\n\
             It qualifies for the credit. irs\n\
             The Kona is close behind.hyundainews+2\n\
             Sources\n\
             [1] Equinox EV https://www.chevrolet.com/electric/equinox-ev\n\
             [2] Clean vehicle credits https://www.irs.gov/credits\n\
             [3] Kona Electric https://www.hyundainews.com/kona\n",
        );
        assert_eq!(
            citations(&parsed),
            [
                ("The Equinox EV is the cheapest.".to_owned(), vec![1]),
                ("It qualifies for the credit.".to_owned(), vec![2]),
                ("The Kona is close behind.".to_owned(), vec![3]),
            ]
        );
    }

    #[test]
    fn notes_under_their_numbers_closing_an_article_are_its_sources() {
        let parsed = parse(
            "Why the bees are dying\n\
             Growers rent two million hives.1 That is most of them.\n\
             Losses hit 55 percent.2\n\
             1\n\
             USDA, Cost of Pollination, 2024. https://www.nass.usda.gov/cost.pdf\n\
             2\n\
             Ramsey et al., Varroa feeds on fat body tissue,\n\
             PNAS 2019.\n",
        );
        assert_eq!(
            citations(&parsed),
            [
                ("Growers rent two million hives.".to_owned(), vec![1]),
                ("That is most of them.".to_owned(), vec![]),
                ("Losses hit 55 percent.".to_owned(), vec![2]),
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://www.nass.usda.gov/cost.pdf",
                    Some("USDA, Cost of Pollination, 2024")
                ),
                (
                    2,
                    "",
                    Some("Ramsey et al., Varroa feeds on fat body tissue, PNAS 2019.")
                ),
            ]
        );
    }

    #[test]
    fn numbers_over_lines_that_nothing_cites_stay_text() {
        let parsed = parse(
            "Simple bread\nYou need flour and water.\n1\nMix the flour and water.\n2\nBake it.\n",
        );
        assert!(parsed.briefing.sources.is_empty());
        // The numbers alone are neither claims nor headings.
        assert_eq!(
            citations(&parsed),
            [
                ("You need flour and water.".to_owned(), vec![]),
                ("Mix the flour and water.".to_owned(), vec![]),
                ("Bake it.".to_owned(), vec![]),
            ]
        );
        assert!(parsed.briefing.sections.is_empty());
    }

    #[test]
    fn author_year_citations_cite_the_listed_reference_of_that_author_and_year() {
        let parsed = parse(
            "Does creatine help memory?\n\
             It helps a little (Avgerinos et al., 2018; Benton & Donohoe, 2011).\n\
             Rawson et al. (2008) found no effect, unlike (Paris, 1998).\n\
             References\n\
             Avgerinos, K., & Spyrou, N. (2018). Effects of creatine. https://doi.org/10.1016/j.exger.2018.04.013\n\
             Benton, D., & Donohoe, R. (2011). Creatine in vegetarians. https://doi.org/10.1017/S0007114510004733\n\
             Rawson, E. S., & Lieberman, H. R. (2008). No effect. https://doi.org/10.1016/j.physbeh.2008.05.009\n",
        );
        assert_eq!(
            citations(&parsed),
            [
                ("It helps a little.".to_owned(), vec![1, 2]),
                (
                    "Rawson et al. found no effect, unlike (Paris, 1998).".to_owned(),
                    vec![3]
                ),
            ]
        );
    }

    #[test]
    fn a_work_without_an_address_is_an_entry_only_in_a_list_that_numbers_none() {
        let books = "Kahneman, D. (2011). Thinking, Fast and Slow. Farrar, Straus and Giroux.\n";
        let parsed = parse(&format!(
            "Do defaults matter?\nPeople think in two modes (Kahneman, 2011).\nReferences\n{books}"
        ));
        assert_eq!(
            citations(&parsed),
            [("People think in two modes.".to_owned(), vec![1])]
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "",
                Some("Kahneman, D. (2011). Thinking, Fast and Slow. Farrar, Straus and Giroux")
            )]
        );
        // After numbered notes, it is the work the notes cite in short.
        let parsed = parse(&format!(
            "Do defaults matter?\nPeople think in two modes.[1]\nNotes\n1. ^ Kahneman (2011), p. 20 \
             https://example.org/k\nReferences\n{books}"
        ));
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn numbered_works_without_addresses_in_a_source_list_are_sources() {
        let parsed = parse(
            "Why do panels lose power?\nVoltage falls as cells warm [1], [2]. Cooling helps [2]–[3].\n\
             References\n\
             [1] M. A. Green, Solar Cells. Prentice-Hall, 1982.\n\
             [2] E. Skoplaki and J. A. Palyvos, \"On the temperature dependence,\" Solar Energy, 2009.\n\
             [3] H. G. Teo et al., \"An active cooling system,\" Applied Energy, 2012.\n",
        );
        assert_eq!(
            citations(&parsed),
            [
                ("Voltage falls as cells warm.".to_owned(), vec![1, 2]),
                ("Cooling helps.".to_owned(), vec![2, 3]),
            ]
        );
        let titles: Vec<(u32, &str, Option<&str>)> = source_rows(&parsed);
        assert_eq!(
            titles[0],
            (1, "", Some("M. A. Green, Solar Cells. Prentice-Hall, 1982"))
        );
        assert_eq!(titles.len(), 3);
        // Numbered out of order, it is not the list's next entry: text after the list.
        let parsed = parse(
            "Why?\nVoltage falls [1].\nReferences\n[1] M. A. Green, Solar Cells, 1982.\n[5] Step five of it.\n",
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
    }

    #[test]
    fn sources_cited_by_name_are_sources_numbered_with_cited_addresses() {
        let parsed = parse(
            "Energy\nOil rose (Source: Reuters). Gas fell (https://example.org/gas). Coal held \
             (source: reuters). Power fell (Source: Grid Watch).\nSources\n[1] Grid Watch https://gridwatch.example.org\n",
        );
        assert_eq!(
            citations(&parsed),
            [
                ("Oil rose.".to_owned(), vec![2]),
                ("Gas fell.".to_owned(), vec![3]),
                ("Coal held.".to_owned(), vec![2]),
                ("Power fell.".to_owned(), vec![1]),
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://gridwatch.example.org", Some("Grid Watch")),
                (2, "", Some("Reuters")),
                (3, "https://example.org/gas", None),
            ]
        );
        // A name no title has is the listed source on the site of that name, which takes it.
        let parsed = parse(
            "Energy\nOil rose (Source: Reuters). Gas fell (Source: The Guardian).\nSources\n\
             [1] https://www.reuters.com/oil\n[2] Gas news https://www.theguardian.com/gas\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://www.reuters.com/oil", Some("Reuters")),
                (2, "https://www.theguardian.com/gas", Some("Gas news")),
            ]
        );
    }

    #[test]
    fn citation_group_forms_all_give_the_same_numbers() {
        for group in ["[1, 2]", "[1,2]", "[1][2]", "[1] [2]", "[1-2]", "[1–2]"] {
            let text = format!("Query\nRivers flood in spring. {group}\n{SOURCES}");
            let parsed = parse(&text);
            assert_eq!(
                citations(&parsed),
                [("Rivers flood in spring.".to_owned(), vec![1, 2])],
                "{group}"
            );
        }
        let parsed = parse(&format!("Query\nA span of sources. [1-3]\n{SOURCES}"));
        assert_eq!(citations(&parsed)[0].1, [1, 2, 3]);
    }

    #[test]
    fn claims_split_after_a_group_that_ends_a_sentence() {
        let parsed = parse(&format!("Query\nA is true.[1] B is true. [2]\n{SOURCES}"));
        assert_eq!(
            citations(&parsed),
            [
                ("A is true.".to_owned(), vec![1]),
                ("B is true.".to_owned(), vec![2])
            ]
        );
        let parsed = parse(&format!("Query\nA is true [1]. B is uncited.\n{SOURCES}"));
        assert_eq!(
            citations(&parsed),
            [
                ("A is true.".to_owned(), vec![1]),
                ("B is uncited.".to_owned(), vec![])
            ]
        );
    }

    #[test]
    fn a_group_in_mid_sentence_does_not_split() {
        let parsed = parse(&format!(
            "Query\nIt has rivers,[2] lakes,[3] and mountains [4] of note.\n{SOURCES}"
        ));
        assert_eq!(
            citations(&parsed),
            [(
                "It has rivers, lakes, and mountains of note.".to_owned(),
                vec![2, 3, 4]
            )]
        );
    }

    #[test]
    fn bracketed_words_and_years_stay_text() {
        let parsed = parse(&format!(
            "Query\nHe wrote [sic] in [2000] that it was so. [1]\n{SOURCES}"
        ));
        assert_eq!(
            citations(&parsed),
            [(
                "He wrote [sic] in [2000] that it was so.".to_owned(),
                vec![1]
            )]
        );
    }

    #[test]
    fn heading_glued_before_a_label_line_is_split_off() {
        let (parsed, shown) = parse_with_lines(&format!(
            "Query\nIntro text here. [1]\nKey risksFlooding: Rivers rise in spring. [2]\n{SOURCES}"
        ));
        let section = &parsed.briefing.sections[0];
        assert_eq!(section.heading, "Key risks");
        assert_eq!(section.claims[0].label.as_deref(), Some("Flooding"));
        assert_eq!(&*section.claims[0].text, "Rivers rise in spring.");
        assert!(
            shown.contains(&"3: heading glued to the text after it; split off".to_owned()),
            "{shown:?}"
        );
    }

    #[test]
    fn heading_glued_after_a_citation_is_split_off() {
        let (parsed, shown) = parse_with_lines(&format!(
            "Query\nIntro text here. [1]Later years\nThe town grew quickly after the war. [2]\n{SOURCES}"
        ));
        assert_eq!(parsed.briefing.summary.len(), 1);
        assert_eq!(parsed.briefing.sections[0].heading, "Later years");
        assert_eq!(*parsed.briefing.sections[0].claims[0].citations, [2]);
        assert!(
            shown.contains(&"2: heading glued to the citation before it; split off".to_owned()),
            "{shown:?}"
        );
    }

    #[test]
    fn heading_glued_after_a_sentence_is_split_off() {
        let (parsed, shown) = parse_with_lines(&format!(
            "Query\nIt was calm in the town.Later years\nThe town grew quickly after the war. [2]\n{SOURCES}"
        ));
        assert_eq!(
            &*parsed.briefing.summary[0].text,
            "It was calm in the town."
        );
        assert_eq!(parsed.briefing.sections[0].heading, "Later years");
        assert!(
            shown.contains(&"2: heading glued to the sentence before it; split off".to_owned()),
            "{shown:?}"
        );
        // Abbreviations are not sentence ends.
        let parsed = parse(&format!(
            "Query\nIt was built for the U.S.Army in those years. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
    }

    #[test]
    fn camel_case_names_are_not_headings() {
        for line in [
            "YouTube is a video platform owned by a large company. [1]",
            "Using macOS makes the setup a little different here. [1]",
            "The iPhone changed how people use the web. [1]",
            "Visit the McDonald farm for the full story today. [1]",
        ] {
            let parsed = parse(&format!("Query\n{line}\n{SOURCES}"));
            assert!(parsed.briefing.sections.is_empty(), "{line}");
            assert_eq!(parsed.briefing.summary.len(), 1, "{line}");
        }
    }

    #[test]
    fn disclaimer_and_signature_glued_to_the_end_are_split_off() {
        let (parsed, shown) = parse_with_lines(
            "Query\nThe claim is here. [1]AI responses may include mistakes.\n[1] a.org/x…— Jane Roe (@jroe) Mar 2, 2024\n",
        );
        let briefing = &parsed.briefing;
        assert_eq!(
            briefing.disclaimer.as_deref(),
            Some("AI responses may include mistakes.")
        );
        assert_eq!(briefing.captured.author.as_deref(), Some("Jane Roe"));
        assert_eq!(briefing.captured.handle.as_deref(), Some("@jroe"));
        assert_eq!(
            briefing.captured.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(&*briefing.sources[0].url, "a.org/x");
        assert!(briefing.sources[0].truncated);
        assert!(shown.contains(&"2: disclaimer glued to the text before it; split off".to_owned()));
        assert!(shown.contains(&"3: attribution glued to the text before it; split off".to_owned()));
    }

    #[test]
    fn query_line_gives_title_engine_and_address() {
        let (header, rest) = read_header(&[
            Line {
                text: "best tents – Perplexity perplexity.ai/search/best-t…",
                start: 0,
                indented: false,
                after_blank: false,
                before_code: false,
                end_column: 0,
                wrapped: false,
                question: false,
                page_title: false,
            },
            Line {
                text: "Body.",
                start: 60,
                indented: false,
                after_blank: false,
                before_code: false,
                end_column: 0,
                wrapped: false,
                question: false,
                page_title: false,
            },
        ]);
        assert_eq!(header.title.as_deref(), Some("best tents"));
        assert_eq!(header.engine.as_deref(), Some("Perplexity"));
        assert_eq!(header.url.as_deref(), Some("perplexity.ai/search/best-t"));
        assert!(header.truncated);
        assert_eq!(rest.len(), 1);

        let header = scan_query_line("rust vs go | ChatGPT").unwrap();
        assert_eq!(header.engine.as_deref(), Some("ChatGPT"));
        assert_eq!(header.url, None);
        assert_eq!(scan_query_line("War and Peace - a novel by Tolstoy"), None);
    }

    #[test]
    fn short_bare_lines_head_sections_only_when_they_introduce_text() {
        let parsed = parse(&format!(
            "Query\nOverview\nThe first claim of the section is here. [1]\nApples\nPears\nPlums\n{SOURCES}"
        ));
        let sections = &parsed.briefing.sections;
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].heading, "Overview");
        let texts: Vec<&str> = sections[0].claims.iter().map(|c| &*c.text).collect();
        assert_eq!(
            texts,
            [
                "The first claim of the section is here.",
                "Apples",
                "Pears",
                "Plums"
            ]
        );
    }

    #[test]
    fn a_lead_in_ending_in_a_colon_is_a_claim() {
        let parsed = parse(&format!(
            "Query\nHere are the options:\n• Walk to work. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
        assert_eq!(&*parsed.briefing.summary[0].text, "Here are the options:");
        assert_eq!(&*parsed.briefing.summary[1].text, "Walk to work.");
    }

    #[test]
    fn unknown_citation_is_a_warning_naming_the_end_of_the_list() {
        let parsed = parse("Query\nA claim. [12]\n[1] a.org\n");
        assert!(!parsed.has_errors());
        let error = parsed
            .diagnostics
            .iter()
            .find(|d| d.message.starts_with("citation [12]"))
            .unwrap();
        assert_eq!(
            error.message,
            "citation [12] has no source; the source list ends at [1]"
        );
        assert_eq!(error.span, 15..19);
    }

    #[test]
    fn duplicate_numbers_are_errors_and_duplicate_addresses_warnings() {
        let parsed = parse("Query\nA claim. [1, 2]\n[1] a.org/x\n[2] a.org/x\n[2] b.org/y\n");
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(messages.contains(&"source [2] has the same address as source [1]; both are kept"));
        assert!(messages.contains(&"source [2] is listed twice"));
        assert_eq!(parsed.briefing.sources.len(), 2);
        // Two pages named by their site alone are no duplicate.
        let parsed = parse(
            "Query\nA claim. [1, 2]\n[1] Tomato - Wikipedia en.wikipedia.org\n[2] Nix v. Hedden - Wikipedia en.wikipedia.org\n",
        );
        assert_eq!(parsed.briefing.sources.len(), 2);
        assert!(parsed
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("same address")));
    }

    #[test]
    fn text_after_the_source_list_is_dropped_and_reported() {
        let (parsed, shown) =
            parse_with_lines("Query\nA claim. [1]\n[1] a.org\nWhat about tomorrow?\n");
        assert_eq!(parsed.briefing.claims().count(), 1);
        assert!(
            shown[0].starts_with("4: text after the source list"),
            "{shown:?}"
        );
    }

    #[test]
    fn debris_rules_code_and_html_are_not_claims() {
        let parsed = parse("Query\nShow all\n15 sites\n---\n```\nlet x = 1;\n```\n<div>⁂</div>\nA real claim. [1]\n[1] a.org\n");
        assert_eq!(citations(&parsed), [("A real claim.".to_owned(), vec![1])]);
    }

    #[test]
    fn a_prefix_on_every_line_is_removed_first() {
        let parsed = parse("# Query\n# Overview\n# The first claim is here. [1]\n# [1] a.org\n");
        assert_eq!(parsed.briefing.title.as_deref(), Some("Query"));
        assert_eq!(parsed.briefing.sections[0].heading, "Overview");
        assert_eq!(&*parsed.briefing.sources[0].url, "a.org");
        // A title typed above a quoted paste has no mark; a bare `>` is a blank line.
        let (parsed, shown) = parse_with_lines(
            "Coral bleaching\n> Bleaching was confirmed in 2024 [1].\n>\n> Sources:\n> [1] https://coralreefwatch.noaa.gov/\n",
        );
        assert_eq!(parsed.briefing.title.as_deref(), Some("Coral bleaching"));
        assert_eq!(
            crate::parse::test_support::claim_rows(&parsed),
            [("Bleaching was confirmed in 2024.", &[1][..])]
        );
        assert_eq!(
            &*parsed.briefing.sources[0].url,
            "https://coralreefwatch.noaa.gov/"
        );
        assert!(shown.contains(
            &"1: every line below the first starts with \"> \"; read without it".to_owned()
        ));
        // Two lines are too few to tell a title from a quote.
        let parsed = parse("Coral bleaching\n> Bleaching was confirmed in 2024.\n");
        assert_eq!(
            parsed.briefing.claims().next().map(|claim| &*claim.text),
            Some("> Bleaching was confirmed in 2024.")
        );
    }

    #[test]
    fn numbered_lines_head_sections_when_prose_follows_them() {
        let parsed = parse(&format!(
            "Query\n1. Install the tools\nDownload the installer and run it. [1]\n2. Walk\n3. Run\n{SOURCES}"
        ));
        let sections = &parsed.briefing.sections;
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].heading, "1. Install the tools");
        let texts: Vec<&str> = sections[0].claims.iter().map(|c| &*c.text).collect();
        assert_eq!(texts, ["Download the installer and run it.", "Walk", "Run"]);
    }

    #[test]
    fn nested_bullets_are_items_of_their_own() {
        let parsed = parse(&format!(
            "Query\n• Outer item here. [1]\n\t• Inner item here. [2]\n  continued. [3]\n{SOURCES}"
        ));
        let texts: Vec<(String, Vec<u32>)> = citations(&parsed);
        assert_eq!(
            texts,
            [
                ("Outer item here.".to_owned(), vec![1]),
                ("Inner item here. continued.".to_owned(), vec![2, 3])
            ]
        );
    }

    #[test]
    fn title_case_headings_glued_to_a_sentence_are_split_but_camel_case_names_are_not() {
        let parsed = parse(&format!(
            "Query\nKey RisksMost analysts agree on this point. [1]\n{SOURCES}"
        ));
        assert_eq!(parsed.briefing.sections[0].heading, "Key Risks");
        let parsed = parse(&format!(
            "Query\nUsing PowerShell to automate tasks saves time. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
        // A word of one letter opening the text, and one word glued to its text in a script
        // that writes no camel-case names.
        for (line, heading, text) in [
            (
                "Raw eggsA raw egg can carry Salmonella. [1]",
                "Raw eggs",
                "A raw egg can carry Salmonella.",
            ),
            (
                "Недавние событияВ 2024 году миротворцы ушли. [1]",
                "Недавние события",
                "В 2024 году миротворцы ушли.",
            ),
            (
                "ЭкономикаТоварооборот превысил 4 млрд долларов. [1]",
                "Экономика",
                "Товарооборот превысил 4 млрд долларов.",
            ),
        ] {
            let parsed = parse(&format!("Query\n{line}\n{SOURCES}"));
            let sections = &parsed.briefing.sections;
            assert_eq!(sections.len(), 1, "{line}");
            assert_eq!(
                (&*sections[0].heading, &*sections[0].claims[0].text),
                (heading, text)
            );
        }
        let parsed = parse(&format!(
            "Query\nPowerShell scripts automate tasks well. [1]\n{SOURCES}"
        ));
        assert!(parsed.briefing.sections.is_empty());
    }

    #[test]
    fn a_reader_view_header_gives_title_and_byline() {
        let parsed = parse(
            "example.org\nA Long Read\nBy Ann Lee\n5-7 minutes\nThe first claim. [1]\n[1] a.org\n",
        );
        assert_eq!(parsed.briefing.title.as_deref(), Some("A Long Read"));
        assert_eq!(parsed.briefing.captured.author.as_deref(), Some("Ann Lee"));
        assert_eq!(parsed.briefing.query, None);
        assert_eq!(parsed.briefing.summary.len(), 1);
    }

    #[test]
    fn source_cards_become_sources_without_addresses() {
        let parsed = parse("Query\nA claim.\nCard title\n12 Mar 2024 — snippet text…\nPublisher\n");
        assert_eq!(parsed.briefing.summary.len(), 1);
        let source = &parsed.briefing.sources[0];
        assert_eq!(
            (source.number, &*source.url, source.title.as_deref()),
            (1, "", Some("Card title"))
        );
    }

    #[test]
    fn numbered_cards_above_the_answer_are_its_source_list() {
        // Each layout a card's site and number take in a copy: lines of their own, a dot on
        // a line between, or one line.
        for card in [
            "{site}\n{n}",
            "{site}\n·\n{n}",
            "{site} · {n}",
            "{site} {n}",
        ] {
            let cards: String = [
                (1, "Tides explained - Coast Guide", "coast.example.org"),
                (2, "Why bays differ | Sea Lab", "sealab"),
            ]
            .iter()
            .map(|(n, title, site)| {
                format!(
                    "{title}\n{}\n",
                    card.replace("{site}", site).replace("{n}", &n.to_string())
                )
            })
            .collect();
            let text = format!(
                "tide times\nSources\n{cards}View 3 more\nAnswer\nTwo tides a day are usual.[1]\nSome bays\nOne bay has one tide.[2]\n"
            );
            let parsed = parse(&text);
            assert_eq!(
                citations(&parsed),
                [
                    ("Two tides a day are usual.".to_owned(), vec![1]),
                    ("One bay has one tide.".to_owned(), vec![2])
                ],
                "{card}"
            );
            assert_eq!(parsed.briefing.sections[0].heading, "Some bays", "{card}");
            let sources = source_rows(&parsed);
            assert_eq!(
                sources,
                [
                    (
                        1,
                        "coast.example.org",
                        Some("Tides explained - Coast Guide")
                    ),
                    (2, "", Some("Why bays differ | Sea Lab"))
                ],
                "{card}"
            );
            assert!(!parsed.has_errors(), "{card}");
        }
    }

    #[test]
    fn a_source_list_may_put_each_address_under_its_numbered_title() {
        for list in [
            "Sources\n1. Tide basics\ntides.example.org\n2. Bays - Sea Lab\nhttps://sealab.example.net/bays\n",
            "Sources\n[1] Tide basics\ntides.example.org\n[2] Bays - Sea Lab\nhttps://sealab.example.net/bays\n",
        ] {
            let parsed = parse(&format!("Query\nTwo tides a day. [1] One tide. [2]\n{list}"));
            assert_eq!(
                source_rows(&parsed),
                [
                    (1, "tides.example.org", Some("Tide basics")),
                    (2, "https://sealab.example.net/bays", Some("Bays - Sea Lab"))
                ],
                "{list}"
            );
            assert_eq!(parsed.briefing.claims().count(), 2, "{list}");
        }
        // Without a heading, where such entries end a paste that cites them (a list whose
        // heading the copy lost).
        let parsed = parse("Query\nTwo tides a day [1][2]. One tide [2].\n1. Tide basics\ntides.example.org\n2. Bays - Sea Lab\nhttps://sealab.example.net/bays\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "tides.example.org", Some("Tide basics")),
                (2, "https://sealab.example.net/bays", Some("Bays - Sea Lab"))
            ]
        );
        assert!(!parsed.has_errors());
        // Not when they are numbered otherwise, or followed by more of the answer.
        for text in [
            "Query\nTwo tides [1].\n2. Tide basics\ntides.example.org\n3. Bays\nsealab.example.net\n",
            "Query\nTwo tides [1].\n1. Tide basics\ntides.example.org\n2. Bays\nsealab.example.net\nAnd then the answer goes on.\n",
        ] {
            assert!(parse(text).briefing.sources.is_empty(), "{text}");
        }
        // In an answer that cites nothing, a numbered line over an address is its own text.
        let parsed = parse(
            "Query\nRead these:\n1. Tide basics\ntides.example.org\n2. Bays\nsealab.example.net\n",
        );
        assert!(parsed.briefing.sources.is_empty());
        assert!(parsed
            .briefing
            .claims()
            .any(|claim| &*claim.text == "tides.example.org"));
    }

    #[test]
    fn numbered_titled_entries_ending_a_cited_paste_are_its_source_list() {
        let parsed = parse("Query\nCanberra is the capital [1]. It was a compromise [2].\n1. Canberra — Britannica — britannica.com/place/Canberra\n2. Why Canberra? | Capital Authority | https://nca.example.gov.au/history\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "britannica.com/place/Canberra",
                    Some("Canberra — Britannica")
                ),
                (
                    2,
                    "https://nca.example.gov.au/history",
                    Some("Why Canberra? | Capital Authority")
                )
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 2);
        // Steps that end in an address are steps: in an answer that cites nothing, numbered
        // otherwise, or followed by more of the answer.
        for text in [
            "Query\nDo this:\n1. Download the tool from example.com\n2. Read the guide at docs.example.org\n",
            "Query\nDo this [1].\n2. Download the tool from example.com\n3. Read the guide at docs.example.org\n",
            "Query\nDo this [1].\n1. Download the tool from example.com\n2. Read the guide at docs.example.org\nThen restart.\n",
        ] {
            assert!(parse(text).briefing.sources.is_empty(), "{text}");
        }
    }

    #[test]
    fn addresses_cited_in_brackets_are_sources_keyed_by_address() {
        let parsed = parse("Tower\nIt was built for the fair (https://tower.example.org/history). It was the tallest (source: https://wiki.example.org/tower, https://tower.example.org/history).\nIt is repainted every seven years [1].\nSources\n[1] https://paint.example.com/tower\n");
        assert_eq!(
            citations(&parsed),
            [
                ("It was built for the fair.".to_owned(), vec![2]),
                ("It was the tallest.".to_owned(), vec![3, 2]),
                ("It is repainted every seven years.".to_owned(), vec![1])
            ]
        );
        // The list keeps its numbers; cited addresses follow it in order of first citation,
        // and one the list has cites its entry.
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://paint.example.com/tower", None),
                (2, "https://tower.example.org/history", None),
                (3, "https://wiki.example.org/tower", None)
            ]
        );
        let parsed = parse("Tower\nIt is repainted (https://paint.example.com/tower).\nSources\n[1] https://paint.example.com/tower\n");
        assert_eq!(
            citations(&parsed),
            [("It is repainted.".to_owned(), vec![1])]
        );
        assert_eq!(parsed.briefing.sources.len(), 1);
        assert!(!parsed.has_errors());
        // Prose in brackets is prose.
        let parsed = parse(
            "Tower\nIts site (tower.example.org) has the hours (see www.example.org for more).\n",
        );
        assert!(parsed.briefing.sources.is_empty());
    }

    #[test]
    fn bulleted_numbered_entries_keep_their_numbers() {
        let parsed = parse("Cats\nIndoor cats live longer [2]. Some reach twenty [1].\nSources:\n- [1] Oldest cat: https://records.example.com/cat\n- [2] Cat lifespan: https://vets.example.org/life\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://records.example.com/cat", Some("Oldest cat")),
                (2, "https://vets.example.org/life", Some("Cat lifespan"))
            ]
        );
    }

    #[test]
    fn title_and_publisher_pairs_after_the_disclaimer_are_source_cards() {
        let parsed = parse("tides - Google Search\nTwo tides a day are usual.\nAI responses may include mistakes. Learn more\nTide basics | Coast Guide\nCoast Guide\nWhy bays differ - Sea Lab\nsealab.example.net\nShow all\n");
        assert_eq!(parsed.briefing.claims().count(), 1);
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "", Some("Tide basics | Coast Guide")),
                (2, "", Some("Why bays differ - Sea Lab"))
            ]
        );
        // Above the answer, the disclaimer is followed by the answer's own lines.
        let parsed = parse("tides - Google Search\nAI responses may include mistakes.\nTide basics\nTwo tides a day are usual on most coasts\n");
        assert!(parsed.briefing.sources.is_empty());
        assert!(parsed.briefing.claims().next().is_some());
    }

    #[test]
    fn numbers_over_addresses_are_a_source_list() {
        let parsed = parse("sky\nBlue light scatters more. 1 2\nSunsets are red. 2\nLearn more\n1\nen.example.org\n2\nsky.example.gov\n+3 more\n");
        assert_eq!(
            citations(&parsed),
            [
                ("Blue light scatters more.".to_owned(), vec![1, 2]),
                ("Sunsets are red.".to_owned(), vec![2])
            ]
        );
        assert_eq!(
            source_rows(&parsed),
            [(1, "en.example.org", None), (2, "sky.example.gov", None)]
        );
        // Number-first cards: the number, the title, the site.
        let parsed = parse("Saturn has 146 moons. Titan is large.\nSources\n1\nSaturn Moons - NASA\nscience.example.gov\n2\nTitan - ESA\nesa.example.int\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "science.example.gov", Some("Saturn Moons - NASA")),
                (2, "esa.example.int", Some("Titan - ESA"))
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 1);
        // The title under the site, and chip numbers after the answer's sentences.
        let parsed = parse("Saturn has 146 moons. 1 Titan is large. 2\n\nSources\n1\nscience.example.gov\nSaturn Moons - NASA\n2\nesa.example.int\nTitan - ESA\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "science.example.gov", Some("Saturn Moons - NASA")),
                (2, "esa.example.int", Some("Titan - ESA"))
            ]
        );
        assert_eq!(parsed.briefing.title, None);
        assert_eq!(
            citations(&parsed),
            [
                ("Saturn has 146 moons.".to_owned(), vec![1]),
                ("Titan is large.".to_owned(), vec![2])
            ]
        );
        // A line after the last of a run of cards without titles is not its title.
        let parsed = parse("Blue light scatters more. 1 2\nLearn more\n1\nen.example.org\n2\nsky.example.gov\nHope this helps\n");
        assert_eq!(
            source_rows(&parsed),
            [(1, "en.example.org", None), (2, "sky.example.gov", None)]
        );
        // A count over a sentence and an address is not a card: a title has no citation.
        let parsed = parse("Steps\n1\nRead the guide [1].\nguide.example.org\n2\nDo it [1].\ndo.example.org\n\n[1] https://a.example.org\n");
        assert_eq!(source_rows(&parsed), [(1, "https://a.example.org", None)]);
    }

    #[test]
    fn a_file_numbered_next_in_the_list_is_a_source_without_an_address() {
        let parsed = parse("Tides follow the moon [1]. Tables are yearly [2].\n\nSources\n1. Tides - NOAA https://tides.example.gov/t\n2. tide-tables.pdf\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://tides.example.gov/t", Some("Tides - NOAA")),
                (2, "", Some("tide-tables.pdf"))
            ]
        );
        // Not numbered next, or more than a file's name: not an entry.
        for text in [
            "Tides [1].\n\nSources\n1. Tides https://tides.example.gov/t\n3. tide-tables.pdf\n",
            "Tides [1].\n\nSources\n1. Tides https://tides.example.gov/t\n2. Open tide-tables.pdf\n",
            "Steps:\n\n1. Open tide-tables.pdf\n2. tide-tables.pdf\n",
        ] {
            assert!(
                parse(text).briefing.sources.iter().all(|s| s.title.as_deref() != Some("tide-tables.pdf")),
                "{text}"
            );
        }
    }

    #[test]
    fn an_address_a_wrap_broke_in_the_source_list_is_joined() {
        let parsed = parse("Ice melts [1]. Seas rise [2].\n\nSources\n[1] https://ice.example.org/mass-balance-\ndata/2024\n[2] https://sea.example.org/levels/\nyearly-2024.html\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://ice.example.org/mass-balance-data/2024", None),
                (2, "https://sea.example.org/levels/yearly-2024.html", None)
            ]
        );
        assert_eq!(
            parsed
                .diagnostics
                .iter()
                .filter(|d| d.message == "address broken across two lines; joined")
                .count(),
            2
        );
        // A word under a complete address is not its rest.
        for (text, url) in [
            ("Ice [1].\n\nSources\n[1] https://ice.example.org/\nShare\n", "https://ice.example.org/"),
            ("Ice [1].\n\nSources\n[1] https://ice.example.org/\nindex\n", "https://ice.example.org/"),
            ("Ice [1] [2].\n\nSources\n[1] https://ice.example.org/a-\n[2] https://b.example.org/\n", "https://ice.example.org/a-"),
            ("Ice [1].\n\nSources\n[1] https://ice.example.org/x\ndata-2024\n", "https://ice.example.org/x"),
        ] {
            assert_eq!(parse(text).briefing.sources[0].url.as_ref(), url, "{text}");
        }
    }

    #[test]
    fn entries_without_numbers_in_a_source_list_are_numbered_in_order() {
        let parsed = parse("Iceland\nSummer has the midnight sun.\nSources:\nhttps://visit.example.is/when\n- Guide to Iceland - https://guide.example.is/best\n---\nAnswer from Perplexity: pplx.ai/share\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://visit.example.is/when", None),
                (2, "https://guide.example.is/best", Some("Guide to Iceland"))
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 1);
        // Gemini's: a title over its address.
        let parsed = parse("Iceland\nSummer has the midnight sun.\nSources and related content\nWhen to go - Visit Iceland\nvisit.example.is\nBest time | Guide\nguide.example.is\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "visit.example.is", Some("When to go - Visit Iceland")),
                (2, "guide.example.is", Some("Best time | Guide"))
            ]
        );
        assert_eq!(parsed.briefing.claims().count(), 1);
    }

    #[test]
    fn lines_ending_in_numbers_are_not_cards_unless_they_name_sites_in_order() {
        // A flattened table whose last column is a rank, a list of short steps, and cards
        // out of order stay text.
        for text in [
            "Query\nArsenal Football Club\nLondon\n1\nManchester City Club\nManchester\n2\n",
            "Query\nOpen the lid\nstep\n2\nPour the water\nstep\n1\n",
            "Query\nOpen the lid now\n1\nPour the water in\n2\n",
        ] {
            let parsed = parse(text);
            assert!(parsed.briefing.sources.is_empty(), "{text}");
            assert!(parsed.briefing.claims().next().is_some(), "{text}");
        }
    }

    #[test]
    fn works_cited_and_wikipedia_lists_are_read_inside_a_source_list() {
        let parsed = parse("Query\nA claim. [1] Another. [2]\nWorks cited\n1. Title - Site, accessed March 3, 2025, https://a.org/x\n2. Other - Site, https://c.org\n");
        let sources = source_rows(&parsed);
        assert_eq!(
            sources,
            [
                (1, "https://a.org/x", Some("Title - Site")),
                (2, "https://c.org", Some("Other - Site"))
            ]
        );
        let parsed = parse("Query\nA claim. [1] Another. [2]\nReferences[edit]\n^ Jump up to: a b Book. https://b.org\n^ Paper, 2001.\n");
        let sources = source_rows(&parsed);
        assert_eq!(
            sources,
            [
                (1, "https://b.org", Some("Book")),
                (2, "", Some("Paper, 2001."))
            ]
        );
        // A text dump numbers the notes, with or without an address.
        let parsed = parse("Query\nA claim. [1] Another. [2] More. [3]\nReferences\n1. ^ \"Peaks\". Atlas. Retrieved 2024.\n2. ^ https://b.org/x\n3. ^ a b \"Ascents\". Alpine Club. https://c.org/y\n");
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "", Some("\"Peaks\". Atlas. Retrieved 2024.")),
                (2, "https://b.org/x", None),
                (3, "https://c.org/y", Some("\"Ascents\". Alpine Club"))
            ]
        );
        // Outside a source list, a numbered line with an address is a claim.
        let parsed = parse("Query\n1. Read the guide at https://a.org first\n");
        assert!(parsed.briefing.sources.is_empty());
    }

    #[test]
    fn a_stray_heading_between_source_entries_is_ignored() {
        let (parsed, shown) =
            parse_with_lines("Q\nA. [1] B. [2]\n[1] a.org\nMore sources\n[2] b.org\n");
        assert_eq!(parsed.briefing.sources.len(), 2);
        assert!(shown.is_empty(), "{shown:?}");
    }

    #[test]
    fn a_second_answer_is_reported_where_it_begins() {
        let (parsed, shown) = parse_with_lines("Q1\nA. [1]\n[1] a.org\nQ2\nB. [1]\n[1] b.org\n");
        assert_eq!(parsed.briefing.sources.len(), 1);
        assert!(
            shown
                .iter()
                .any(|line| line.starts_with("4: a second answer begins here")),
            "{shown:?}"
        );
    }

    #[test]
    fn no_input_panics_or_loses_the_model() {
        for text in [
            "",
            "\n\n",
            "\u{feff}",
            "[",
            "[1",
            "—",
            "a: b",
            "# ",
            "**",
            "[1] ",
            "x\r\ny\r\n",
            "[1]\n[1] a.org",
            "É́É",
        ] {
            let parsed = parse(text);
            assert_eq!(parsed.briefing.schema, 1, "{text:?}");
        }
    }

    #[test]
    fn a_short_line_over_the_source_list_heads_it_in_any_language() {
        for heading in ["المصادر:", "Works consulted", "Lähteet", "Πηγές"] {
            let parsed = parse(&format!(
                "Query\nSea levels rose [1]. Ice melted [2].\n{heading}\n1. Sea Lab https://sealab.example.net/rise\n2. Ice Desk https://ice.example.org/melt\n"
            ));
            assert_eq!(
                crate::parse::test_support::claim_rows(&parsed),
                [("Sea levels rose.", &[1][..]), ("Ice melted.", &[2][..])],
                "{heading}"
            );
            assert_eq!(parsed.briefing.sources.len(), 2, "{heading}");
        }
        // A sentence or a cited line over the list stays a claim.
        for line in ["It is over.", "See the list below [1]", "In short: yes"] {
            let parsed = parse(&format!(
                "Query\nSea levels rose [1].\n{line}\n1. Sea Lab https://sealab.example.net/rise\n2. Ice Desk https://ice.example.org/melt\n"
            ));
            assert_eq!(parsed.briefing.claims().count(), 2, "{line}");
        }
    }

    #[test]
    fn a_list_numbered_in_arabic_digits_under_a_heading_it_does_not_know() {
        let parsed = parse("سؤال\nارتفع البحر [١، ٢].\nقائمة\n١. مختبر البحر https://sealab.example.net/rise\n٢. مكتب الجليد https://ice.example.org/melt\n");
        assert_eq!(
            crate::parse::test_support::claim_rows(&parsed),
            [("ارتفع البحر.", &[1, 2][..])]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (1, "https://sealab.example.net/rise", Some("مختبر البحر")),
                (2, "https://ice.example.org/melt", Some("مكتب الجليد"))
            ]
        );
    }

    #[test]
    fn search_results_under_an_overview_are_sources_without_their_snippets() {
        let parsed = parse(
            "tides - Google Search\nTides rise twice a day on most coasts.\nAI responses may include mistakes.\nTide - Wikipedia\nWikipedia\nhttps://en.wikipedia.org › wiki › Tide\nTides are the rise and fall of sea levels caused by the Moon...\nTides and water levels\nhttps://oceanservice.noaa.gov › education › tides\nThe gravitational pull of the Moon...\n",
        );
        assert_eq!(
            crate::parse::test_support::claim_rows(&parsed),
            [("Tides rise twice a day on most coasts.", &[][..])]
        );
        assert_eq!(
            source_rows(&parsed),
            [
                (
                    1,
                    "https://en.wikipedia.org/wiki/Tide",
                    Some("Tide - Wikipedia")
                ),
                (
                    2,
                    "https://oceanservice.noaa.gov/education/tides",
                    Some("Tides and water levels")
                )
            ]
        );
        assert!(parsed
            .briefing
            .sources
            .iter()
            .all(|source| source.truncated));
        // Results whose lines would overlap (an address where a title would be) take each
        // line once: another result's address is no title.
        let parsed = parse(
            "q - Google Search\nTides rise.\nAI responses may include mistakes.\nTide\nWiki\nhttps://en.wikipedia.org › wiki › Tide\nWiki\nhttps://en.wikipedia.org › wiki › Ebb\nhttps://en.wikipedia.org › wiki › Flow\n",
        );
        let titles: Vec<_> = source_rows(&parsed)
            .into_iter()
            .map(|(_, _, title)| title)
            .collect();
        assert_eq!(titles, [Some("Tide"), Some("Wiki")]);
        // In a numbered list, a breadcrumb address ends its entry.
        let parsed = parse(
            "Query\nTides rise [1].\n[1] Tide - Wikipedia https://en.wikipedia.org › wiki › Tide\n",
        );
        assert_eq!(
            source_rows(&parsed),
            [(
                1,
                "https://en.wikipedia.org/wiki/Tide",
                Some("Tide - Wikipedia")
            )]
        );
    }
}
