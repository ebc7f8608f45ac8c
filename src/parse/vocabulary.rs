//! Every engine's and language's phrases, as one table of data: disclaimers, interface
//! chrome, source-list headings, share lines, the lines after which an answer is over, and
//! the suffixes a page title carries. A new engine or language is one entry in [`PHRASES`].
//!
//! Phrases are lowercase. In chrome and end-of-answer phrases, `#` stands for a number
//! (`reviewed # sources` matches "Reviewed 15 sources").

/// The phrases of one engine in one language.
pub struct Phrases {
    /// The engine, or `"any"` for phrases many engines and pages share.
    pub engine: &'static str,
    /// The language, as a BCP 47 tag.
    pub language: &'static str,
    /// Openings of the engine's disclaimer ("AI responses may include mistakes.").
    pub disclaimers: &'static [&'static str],
    /// Whole lines of interface text that a page copy picks up ("Show all", "15 sites").
    pub chrome: &'static [&'static str],
    /// Whole lines after which nothing is the answer any more ("Follow-ups", "Related").
    pub end_of_answer: &'static [&'static str],
    /// Headings that stand over a source list.
    pub source_headings: &'static [&'static str],
    /// Headings over a list of links that are not claims (`See also`).
    pub link_lists: &'static [&'static str],
    /// Openings of share lines (`Answer from Perplexity: pplx.ai/share`).
    pub share_openings: &'static [&'static str],
    /// What a browser's page title adds after the query (` - Google Search`).
    pub title_suffixes: &'static [&'static str],
    /// The line an engine puts under a block of code (`Use code with caution.`); in a copy
    /// that lost the code's fence, it is where the code ends.
    pub code_cautions: &'static [&'static str],
}

const NONE: &[&str] = &[];

/// The table. Order does not matter: every lookup asks all entries.
pub const PHRASES: &[Phrases] = &[
    Phrases {
        engine: "any",
        language: "en",
        disclaimers: &[
            "ai responses may",
            "ai-generated",
            "ai generated",
            "ai can make mistakes",
            "ai may make mistakes",
        ],
        chrome: &[
            "show all",
            "show more",
            "show less",
            "learn more",
            "undefined",
            "copy",
            "copy code",
            "share",
            "export",
            "rewrite",
            "listen",
            "thinking",
            "# sites",
            "# site",
            "# sources",
            "# source",
            "# results",
            "view # more",
            "+#",
            "+# more",
            "+ # more",
            "+# sources",
            "search results",
            "hide",
            "jump to navigation jump to search",
            "jump_to_navigation jump_to_search",
            "creative_commons_attribution-sharealike_license",
            "#:#",
            "#:# am",
            "#:# pm",
            "creating a public link…",
            "creating a public link...",
            "edit",
        ],
        end_of_answer: &[
            "follow-ups",
            "follow-up questions",
            "related",
            "related questions",
            "people also ask",
        ],
        source_headings: &[
            "sources",
            "sources and related content",
            "references",
            "citations",
            "works cited",
            "bibliography",
            "notes",
            "notes and references",
            "footnotes",
            "key citations",
        ],
        link_lists: &["see also", "external links", "further reading"],
        share_openings: &["answer from "],
        title_suffixes: &[],
        code_cautions: &["use code with caution.", "use code with caution"],
    },
    Phrases {
        engine: "Google",
        language: "en",
        disclaimers: &["ai overviews may", "generative ai is experimental"],
        chrome: &[
            "ai overview",
            "ai mode",
            "dive deeper in ai mode",
            // The feedback dialog a select-all copy of the page takes along (its longest
            // line is [`FEEDBACK_NOTE`]).
            "thank you",
            "share more feedback",
            "report a problem",
            "close",
        ],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - google search", " – google search", " - google ai mode"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Brave Search",
        language: "en",
        disclaimers: NONE,
        chrome: &["answer with ai", "ask a follow up"],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - brave search"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Kagi",
        language: "en",
        disclaimers: NONE,
        chrome: &["quick answer"],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - kagi search"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Google",
        language: "de",
        disclaimers: &[
            "ki-antworten können fehler enthalten",
            "ki-übersichten können",
        ],
        chrome: &[
            "alle anzeigen",
            "mehr anzeigen",
            "weniger anzeigen",
            "# websites",
            "# quellen",
            "ki-modus",
            "übersicht mit ki",
        ],
        end_of_answer: &["ähnliche fragen", "weitere fragen"],
        source_headings: &["quellen", "einzelnachweise", "literatur"],
        link_lists: &["siehe auch", "weblinks"],
        share_openings: &["antwort von "],
        title_suffixes: &[" - google suche"],
        code_cautions: &[
            "verwende code mit vorsicht.",
            "verwende code mit vorsicht",
            "code mit vorsicht verwenden.",
            "code mit vorsicht verwenden",
        ],
    },
    Phrases {
        engine: "Google",
        language: "es",
        disclaimers: &[
            "las respuestas de la ia pueden",
            "la ia puede cometer errores",
        ],
        chrome: &[
            "mostrar todo",
            "mostrar más",
            "# sitios",
            "# fuentes",
            "modo ia",
            "vista creada con ia",
        ],
        end_of_answer: &["preguntas relacionadas"],
        source_headings: &["fuentes", "referencias", "bibliografía"],
        link_lists: &["véase también", "enlaces externos"],
        share_openings: &["respuesta de "],
        title_suffixes: &[" - buscar con google"],
        code_cautions: &[
            "usa el código con precaución",
            "usa el código con precaución.",
        ],
    },
    Phrases {
        engine: "Perplexity",
        language: "en",
        disclaimers: &["perplexity may make mistakes"],
        chrome: &[
            "reviewed # sources",
            "reviewed # source",
            "answer",
            "searchcomputer",
            "model",
            "perplexity",
        ],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - perplexity", " | perplexity"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Perplexity",
        language: "ko",
        disclaimers: NONE,
        chrome: &["검토됨 #개의 소스", "#개의 소스", "출처"],
        end_of_answer: &["관련 질문", "후속 질문"],
        source_headings: &["출처", "참고 자료", "참고 문헌", "참고문헌"],
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: NONE,
        code_cautions: NONE,
    },
    Phrases {
        engine: "any",
        language: "fr",
        disclaimers: &["les réponses de l'ia", "les réponses de l’ia"],
        chrome: &["afficher tout", "aperçu ia", "aperçus ia", "mode ia"],
        end_of_answer: NONE,
        source_headings: &["sources", "références"],
        link_lists: &["voir aussi", "liens externes"],
        share_openings: &["réponse de "],
        title_suffixes: &[" - recherche google"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "any",
        language: "it pt nl",
        disclaimers: &[
            "le risposte dell'ia",
            "le risposte dell'ai",
            "as respostas de ia",
            "as respostas da ia",
            "ai-antwoorden kunnen",
        ],
        chrome: &[
            "panoramica ia",
            "panoramica creata dall'ia",
            "modalità ia",
            "visão geral criada por ia",
            "ai-overzicht",
        ],
        end_of_answer: NONE,
        source_headings: &["fonti", "riferimenti", "fontes", "referências", "bronnen"],
        link_lists: NONE,
        share_openings: &["risposta da ", "resposta de ", "antwoord van "],
        title_suffixes: &[
            " - cerca con google",
            " - pesquisa google",
            " - google zoeken",
        ],
        code_cautions: NONE,
    },
    Phrases {
        engine: "any",
        language: "zh ja",
        disclaimers: &["ai による回答", "ai 回答可能"],
        chrome: &["ai による概要", "ai モード", "ai 概览", "ai 模式"],
        end_of_answer: &["相关问题", "相關問題", "関連する質問"],
        source_headings: &[
            "参考资料",
            "參考資料",
            "参考来源",
            "参考文献",
            "參考文獻",
            "资料来源",
            "資料來源",
            "来源",
            "來源",
            "引用",
            "出典",
            "出典一覧",
            "情報源",
            "参照",
            "ソース",
            "参考",
            "参考資料",
            "参考サイト",
            "参考リンク",
            "引用元",
        ],
        link_lists: &["另请参阅", "參見", "関連項目"],
        share_openings: NONE,
        title_suffixes: &[" - google 検索", " - google 搜索"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "any",
        language: "ru uk sr pl cs tr sv da nb id vi",
        disclaimers: &["ответы ии могут", "відповіді ші можуть"],
        chrome: &["обзор от ии", "режим ии", "огляд від ші", "режим ші"],
        end_of_answer: NONE,
        source_headings: &[
            "источники",
            "список источников",
            "литература",
            "примечания",
            "джерела",
            "примітки",
            "извори",
            "izvori",
            "źródła",
            "przypisy",
            "bibliografia",
            "zdroje",
            "kaynaklar",
            "kaynakça",
            "källor",
            "kilder",
            "referenser",
            "referanser",
            "sumber",
            "referensi",
            "nguồn",
            "tài liệu tham khảo",
        ],
        link_lists: &["см. также", "ссылки", "zobacz też", "ayrıca bakınız"],
        share_openings: NONE,
        title_suffixes: &[
            " - поиск в google",
            " - пошук google",
            " - szukaj w google",
            " - hledat googlem",
            " - google'da ara",
            " - google-sökning",
            " - google søgning",
            " - google-søk",
            " - penelusuran google",
            " - tìm trên google",
        ],
        code_cautions: NONE,
    },
    Phrases {
        engine: "any",
        language: "ar fa ur he hi el th",
        disclaimers: NONE,
        chrome: NONE,
        end_of_answer: NONE,
        source_headings: &[
            "المصادر",
            "مصادر",
            "المراجع",
            "مراجع",
            "منابع",
            "حوالہ جات",
            "ماخذ",
            "מקורות",
            "הערות שוליים",
            "स्रोत",
            "संदर्भ",
            "πηγές",
            "αναφορές",
            "แหล่งที่มา",
            "อ้างอิง",
        ],
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: NONE,
        code_cautions: NONE,
    },
    Phrases {
        engine: "ChatGPT",
        language: "en",
        disclaimers: &["chatgpt can make mistakes"],
        // A reasoning model's and a search's status lines (DeepSeek writes them so too).
        chrome: &[
            "thought for #s",
            "thought for #m #s",
            "thought for # second",
            "thought for # seconds",
            "thought for # minute",
            "thought for # minutes",
            "thought for a few seconds",
            "thought for a second",
            "reasoned for #s",
            "reasoned for #m #s",
            "reasoned for # seconds",
            "reasoned for a few seconds",
            "searched # site",
            "searched # sites",
            "searched the web",
            "已深度思考（用时 # 秒）",
            "已深度思考（用时#秒）",
        ],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - chatgpt", " | chatgpt"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Gemini",
        language: "en",
        disclaimers: &["gemini can make mistakes", "gemini may display inaccurate"],
        chrome: &[
            "show drafts",
            "show thinking",
            "sources and related content",
        ],
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: &[" - gemini"],
        code_cautions: NONE,
    },
    Phrases {
        engine: "Copilot",
        language: "en",
        disclaimers: &["copilot may make mistakes", "copilot uses ai"],
        chrome: NONE,
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: NONE,
        code_cautions: NONE,
    },
    Phrases {
        engine: "Claude",
        language: "en",
        disclaimers: &["claude can make mistakes"],
        chrome: NONE,
        end_of_answer: NONE,
        source_headings: NONE,
        link_lists: NONE,
        share_openings: NONE,
        title_suffixes: NONE,
        code_cautions: NONE,
    },
];

/// Every engine name that may follow a query on a title line without an address.
pub const ENGINES: &[&str] = &[
    "google search",
    // Google Search's page title in other languages.
    "google suche",
    "recherche google",
    "buscar con google",
    "cerca con google",
    "pesquisa google",
    "google zoeken",
    "szukaj w google",
    "поиск в google",
    "пошук google",
    "hledat googlem",
    "google'da ara",
    "google-sökning",
    "google søgning",
    "google-søk",
    "penelusuran google",
    "tìm trên google",
    "google 検索",
    "google 搜索",
    "google 검색",
    "google",
    "google ai mode",
    "perplexity",
    "chatgpt",
    "bing",
    "microsoft copilot",
    "copilot",
    "gemini",
    "google gemini",
    "claude",
    "you.com",
    "kagi",
    "phind",
    "duckduckgo",
    "brave search",
    "meta ai",
    "grok",
    "deepseek",
    "le chat",
    "mistral le chat",
];

/// The answer engine whose page an address is (`https://www.perplexity.ai/search/…` →
/// Perplexity), as a web clipper's `source:` or a paste's first line gives it: the address
/// names the engine as its name would. `None` for any other page.
pub fn engine_of_address(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let searches = path.starts_with("/search");
    let engine = match host {
        "perplexity.ai" => "Perplexity",
        "chatgpt.com" | "chat.openai.com" => "ChatGPT",
        "gemini.google.com" => "Gemini",
        "copilot.microsoft.com" => "Microsoft Copilot",
        "claude.ai" => "Claude",
        "grok.com" => "Grok",
        "chat.deepseek.com" => "DeepSeek",
        "chat.mistral.ai" => "Le Chat",
        "you.com" => "You.com",
        "kagi.com" => "Kagi",
        "phind.com" => "Phind",
        "search.brave.com" => "Brave Search",
        "meta.ai" => "Meta AI",
        "duckduckgo.com" => "DuckDuckGo",
        "bing.com" if path.starts_with("/chat") => "Microsoft Copilot",
        "bing.com" if searches => "Bing",
        // `google.com/search?…&udm=50` is AI Mode; `google.de/search` a country's Google.
        _ if host.starts_with("google.") && searches => {
            if path.contains("udm=50") {
                "Google AI Mode"
            } else {
                "Google Search"
            }
        }
        _ => return None,
    };
    Some(engine)
}

/// Headings over a page's table of contents, whose numbered entries (`2.1 The basics`) are
/// neither headings nor claims.
pub const CONTENTS_HEADINGS: &[&str] = &[
    "contents",
    "contents [hide]",
    "contents [show]",
    "table of contents",
    "inhalt",
    "inhaltsverzeichnis",
    "índice",
    "contenido",
    "sommaire",
    "목차",
    "目录",
];

/// Whether a whole line heads a table of contents.
pub fn is_contents_heading(line: &str) -> bool {
    let lower = line
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    CONTENTS_HEADINGS.contains(&lower.as_str())
}

/// The languages a copy button or code header names above a block of code.
const CODE_LABELS: &[&str] = &[
    "bash",
    "c",
    "c#",
    "c++",
    "cpp",
    "csharp",
    "css",
    "go",
    "html",
    "java",
    "javascript",
    "js",
    "json",
    "kotlin",
    "php",
    "plaintext",
    "powershell",
    "python",
    "ruby",
    "rust",
    "sh",
    "shell",
    "sql",
    "swift",
    "text",
    "toml",
    "ts",
    "typescript",
    "xml",
    "yaml",
];

/// A line that is nothing but a language's name, as a code block's header shows it.
pub fn is_code_label(line: &str) -> bool {
    CODE_LABELS.contains(&line.to_lowercase().as_str())
}

/// What a link says when it names nothing (`[link](…)`): no title for the source it cites.
pub const GENERIC_LINK_TEXTS: &[&str] = &[
    "link", "source", "sources", "here", "quelle", "enlace", "fuente", "lien", "링크", "链接",
];

/// Whether a link's text names nothing (`link`, `source`).
pub fn is_generic_link_text(text: &str) -> bool {
    GENERIC_LINK_TEXTS.contains(&text.trim().to_lowercase().as_str())
}

/// How many characters the longest whole-line phrase of the table has (see
/// [`longer_than_any_phrase`]), counted once.
fn longest_phrase() -> usize {
    static LONGEST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LONGEST.get_or_init(|| {
        let lists = PHRASES.iter().flat_map(|phrases| {
            [
                phrases.chrome,
                phrases.end_of_answer,
                phrases.code_cautions,
                phrases.source_headings,
                phrases.link_lists,
            ]
        });
        let lengths = lists.flatten().map(|phrase| phrase.chars().count());
        lengths.max().unwrap_or(0)
    })
}

/// Whether `line` is too long to be any whole-line phrase of the table (interface chrome, an
/// end of the answer, a code caution, a source or link-list heading). Every line of a snapshot
/// is asked whether it is one of them; nearly all are prose, longer than any phrase, and this
/// turns them away before they are lowercased. Lowercasing makes no character fewer and
/// [`shape`] shortens only runs of digits, so a line with more other characters than the
/// longest phrase has matches none.
fn longer_than_any_phrase(line: &str) -> bool {
    const BLOCK: usize = 32;
    let longest = longest_phrase();
    let text = line.trim().trim_end_matches(':').trim();
    // A character is at least a byte: a line of few bytes is not counted.
    if text.len() <= longest {
        return false;
    }
    // Each character other than a digit starts with a byte that is neither a digit nor a
    // continuation byte (`10xxxxxx`). They are counted 32 bytes at a time, without branches,
    // until there are more than the longest phrase has: lines are asked this several times
    // each, and counting characters one by one was a twentieth of parsing a Markdown file.
    let starts = |bytes: &[u8]| {
        bytes.iter().fold(0_u8, |count, &byte| {
            count + u8::from((byte & 0xC0 != 0x80) & !byte.is_ascii_digit())
        })
    };
    let blocks = text.as_bytes().chunks_exact(BLOCK);
    let tail = blocks.remainder();
    let mut counted = 0;
    for block in blocks {
        counted += usize::from(<&[u8; BLOCK]>::try_from(block).map_or(0, |block| starts(block)));
        if counted > longest {
            return true;
        }
    }
    counted + usize::from(starts(tail)) > longest
}

/// A line lowercased, trimmed of a trailing `:`, with every run of digits written `#`.
fn shape(line: &str) -> String {
    let lower = line.trim().trim_end_matches(':').trim().to_lowercase();
    let mut shaped = String::with_capacity(lower.len());
    let mut in_digits = false;
    for c in lower.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                shaped.push('#');
            }
            in_digits = true;
        } else {
            shaped.push(c);
            in_digits = false;
        }
    }
    shaped
}

/// The names of Material icons that a copy of a Google page (Gemini, AI Mode) keeps as text,
/// where the page drew them from their names (`volume_up`, `thumb_up`).
const ICON_NAMES: &[&str] = &[
    "add_circle",
    "arrow_back",
    "arrow_drop_down",
    "arrow_forward",
    "arrow_outward",
    "auto_awesome",
    "check_circle",
    "chevron_left",
    "chevron_right",
    "content_copy",
    "expand_less",
    "expand_more",
    "keyboard_arrow_down",
    "keyboard_arrow_up",
    "more_horiz",
    "more_vert",
    "open_in_new",
    "play_arrow",
    "stop_circle",
    "thumb_down",
    "thumb_up",
    "volume_up",
];

/// The note of Google's feedback dialog (`Your feedback helps Google improve. See our Privacy
/// Policy.`), which a select-all copy of the page takes along. Matched as written: in the
/// table of phrases it would be the longest, and every line up to the longest phrase's length
/// is lowercased to be compared.
const FEEDBACK_NOTE: &str = "Your feedback helps Google improve.";

/// Whether a line is nothing but icons' names (`thumb_up thumb_down`, see [`ICON_NAMES`]).
fn names_icons_only(line: &str) -> bool {
    line.len() <= 160
        && line.contains('_')
        && line
            .split_whitespace()
            .all(|word| ICON_NAMES.binary_search(&word).is_ok())
}

/// Whether a whole line is interface chrome ("Show all", "Alle anzeigen", "Reviewed 15
/// sources", `volume_up`). Source headings are not chrome: they start a list.
pub fn is_chrome(line: &str) -> bool {
    if names_icons_only(line.trim()) || line.trim_start().starts_with(FEEDBACK_NOTE) {
        return true;
    }
    if longer_than_any_phrase(line) {
        return false;
    }
    let shaped = shape(line);
    (PHRASES
        .iter()
        .any(|phrases| phrases.chrome.contains(&shaped.as_str()))
        || is_code_caution(line))
        && !is_source_heading(line)
}

/// The line a wiki puts under an article's title, in the languages of the vocabulary
/// (lowercase, without a closing full stop).
const SITE_TAGLINES: &[&str] = &[
    "from wikipedia, the free encyclopedia",
    "aus wikipedia, der freien enzyklopädie",
    "de wikipédia, l'encyclopédie libre",
    "de wikipédia, l’encyclopédie libre",
    "de wikipedia, la enciclopedia libre",
    "da wikipedia, l'enciclopedia libera",
    "da wikipedia, l’enciclopedia libera",
    "origem: wikipédia, a enciclopédia livre",
    "uit wikipedia, de vrije encyclopedie",
    "z wikipedii, wolnej encyklopedii",
    "материал из википедии — свободной энциклопедии",
];

/// Whether a whole line is the tagline a wiki puts under an article's title (`From
/// Wikipedia, the free encyclopedia`): page chrome, and a sign that the line above it is a
/// page's title, not a query.
pub fn is_site_tagline(line: &str) -> bool {
    let line = line.trim().trim_end_matches('.');
    // Each tagline has a comma or a dash: most short lines (headings) are passed over so.
    line.len() <= 64
        && line.contains([',', '—'])
        && SITE_TAGLINES.contains(&line.to_lowercase().as_str())
}

/// Whether a whole line is the caution an engine puts under code (`Use code with caution.`).
pub fn is_code_caution(line: &str) -> bool {
    if longer_than_any_phrase(line) {
        return false;
    }
    let lower = line.trim().to_lowercase();
    PHRASES
        .iter()
        .any(|phrases| phrases.code_cautions.contains(&lower.as_str()))
}

/// The label a copy of a ChatGPT conversation puts before each of the user's turns, in the
/// languages of its interface (lowercase, without the colon).
const USER_TURN_LABELS: &[&str] = &[
    "you said",
    "du sagtest",
    "vous avez dit",
    "has dicho",
    "dijiste",
    "hai detto",
    "você disse",
    "je zei",
];

/// The label such a copy puts before each of the engine's turns, with the engine it names.
const ENGINE_TURN_LABELS: &[(&str, &str)] = &[
    ("chatgpt said", "ChatGPT"),
    ("chatgpt sagte", "ChatGPT"),
    ("chatgpt a dit", "ChatGPT"),
    ("chatgpt ha dicho", "ChatGPT"),
    ("chatgpt dijo", "ChatGPT"),
    ("chatgpt ha detto", "ChatGPT"),
    ("o chatgpt disse", "ChatGPT"),
    ("chatgpt disse", "ChatGPT"),
    ("chatgpt zei", "ChatGPT"),
];

/// A line as a turn label is compared: lowercase, without the colon (`Vous avez dit :`).
fn turn_label(line: &str) -> Option<String> {
    let line = line.trim();
    (line.len() <= 24 && line.ends_with(':'))
        .then(|| line.trim_end_matches(':').trim_end().to_lowercase())
}

/// Whether a whole line labels the user's turn in a copied conversation (`You said:`).
pub fn is_user_turn_label(line: &str) -> bool {
    turn_label(line).is_some_and(|label| USER_TURN_LABELS.contains(&label.as_str()))
}

/// The engine whose turn a whole line labels in a copied conversation (`ChatGPT said:`).
pub fn engine_turn_label(line: &str) -> Option<&'static str> {
    let label = turn_label(line)?;
    ENGINE_TURN_LABELS
        .iter()
        .find(|(written, _)| *written == label)
        .map(|(_, engine)| *engine)
}

/// Names a conversation export gives the user's turns as headings (`#### You:`).
const USER_TURN_HEADINGS: &[&str] = &["you", "user", "me", "prompt", "human"];

/// Names a question-and-answer text gives its questions (`Q:`, `Question:`): a user's turn
/// in a conversation, or one entry of a FAQ.
const QUESTION_NAMES: &[&str] = &[
    "q", "question", "frage", "pregunta", "pergunta", "domanda", "vraag",
];

/// Names such a text gives its answers (`A:`, `Answer:`).
const ANSWER_NAMES: &[&str] = &[
    "a",
    "answer",
    "antwort",
    "respuesta",
    "réponse",
    "resposta",
    "risposta",
    "antwoord",
];

/// Names such an export gives the engine's turns, with the engine each names (none for a
/// name that names no engine, `Assistant`).
const ENGINE_TURN_HEADINGS: &[(&str, Option<&str>)] = &[
    ("chatgpt", Some("ChatGPT")),
    ("claude", Some("Claude")),
    ("gemini", Some("Gemini")),
    ("copilot", Some("Copilot")),
    ("perplexity", Some("Perplexity")),
    ("assistant", None),
    ("response", None),
];

/// A heading as a turn's name is compared: lowercase, without the colon (`You:`).
fn turn_heading(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches(':').trim_end();
    (text.len() <= 24).then(|| text.to_lowercase())
}

/// Whether a heading (or a whole line) names the user's turn in a conversation export
/// (`#### You:`, `**User**`, `You said:`).
pub fn is_user_turn_heading(text: &str) -> bool {
    is_user_turn_label(text)
        || turn_heading(text).is_some_and(|name| {
            USER_TURN_HEADINGS.contains(&name.as_str()) || QUESTION_NAMES.contains(&name.as_str())
        })
}

/// Whether a heading (or a whole line) names a question (`Q:`, `**Question**`).
pub fn is_question_name(text: &str) -> bool {
    turn_heading(text).is_some_and(|name| QUESTION_NAMES.contains(&name.as_str()))
}

/// Whether a heading (or a whole line) names the engine's turn in a conversation export,
/// and the engine it names, if any (`#### ChatGPT:` → `ChatGPT`, `**Assistant**` → none).
pub fn engine_turn_heading(text: &str) -> Option<Option<&'static str>> {
    if let Some(engine) = engine_turn_label(text) {
        return Some(Some(engine));
    }
    let name = turn_heading(text)?;
    if ANSWER_NAMES.contains(&name.as_str()) {
        return Some(None);
    }
    ENGINE_TURN_HEADINGS
        .iter()
        .find(|(written, _)| *written == name)
        .map(|(_, engine)| *engine)
}

/// Whose turn a name opens (`Q:`, `User:`, `A:`, `ChatGPT:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// The user's (`User`, `You`, `Human`).
    User,
    /// A question's (`Q`, `Question`): the user's, or a FAQ entry's.
    Question,
    /// The engine's, naming it or not (`ChatGPT`, `Assistant`, `A`, `Answer`).
    Engine(Option<&'static str>),
}

/// Whose turn a name opening a line names (the name without its colon, as
/// [`crate::parse::shared::after_turn_name`] finds it), if any.
pub fn inline_turn(name: &str) -> Option<Turn> {
    if is_question_name(name) {
        Some(Turn::Question)
    } else if is_user_turn_heading(name) {
        Some(Turn::User)
    } else {
        engine_turn_heading(name).map(Turn::Engine)
    }
}

/// Whether a whole line ends the answer: what follows it is the page's suggestions.
pub fn ends_answer(line: &str) -> bool {
    if longer_than_any_phrase(line) {
        return false;
    }
    let shaped = shape(line);
    PHRASES
        .iter()
        .any(|phrases| phrases.end_of_answer.contains(&shaped.as_str()))
}

/// Whether a heading names the source list that follows it.
pub fn is_source_heading(text: &str) -> bool {
    if longer_than_any_phrase(text) {
        return false;
    }
    let lower = text
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase();
    PHRASES
        .iter()
        .any(|phrases| phrases.source_headings.contains(&lower.as_str()))
}

/// Whether a heading stands over a list of links that are not claims (`See also`).
pub fn is_link_list_heading(text: &str) -> bool {
    if longer_than_any_phrase(text) {
        return false;
    }
    let lower = text.trim().trim_end_matches(':').trim().to_lowercase();
    PHRASES
        .iter()
        .any(|phrases| phrases.link_lists.contains(&lower.as_str()))
}

/// Every disclaimer opening, lowercase, and which openings each first and second byte may
/// begin (bit `i` for the `i`-th opening), so that a position of a text is compared only with
/// the openings whose first two bytes it has: every line of a paste is searched, and a dozen
/// languages' openings share first letters (`ai …`, `as …`). Gathered once.
pub struct DisclaimerOpenings {
    /// The openings, lowercase.
    pub openings: Vec<&'static str>,
    /// For each byte, the openings that start with it.
    pub by_first_byte: [u32; 256],
    /// For each byte, the openings whose second byte it is (or whose second byte is not
    /// ASCII, where case changes it).
    pub by_second_byte: [u32; 256],
}

/// The disclaimer openings of every engine and language ([`DisclaimerOpenings`]).
pub fn disclaimer_openings() -> &'static DisclaimerOpenings {
    static OPENINGS: std::sync::OnceLock<DisclaimerOpenings> = std::sync::OnceLock::new();
    OPENINGS.get_or_init(|| {
        let openings: Vec<&'static str> = PHRASES
            .iter()
            .flat_map(|phrases| phrases.disclaimers.iter().copied())
            .collect();
        assert!(openings.len() <= 32, "a bit for each disclaimer opening");
        let mut by_first_byte = [0u32; 256];
        let mut by_second_byte = [0u32; 256];
        for (index, opening) in openings.iter().enumerate() {
            let bit = 1 << index;
            if let Some(&first) = opening.as_bytes().first() {
                by_first_byte[usize::from(first)] |= bit;
            }
            match opening.as_bytes().get(1) {
                Some(second) if second.is_ascii() => by_second_byte[usize::from(*second)] |= bit,
                _ => by_second_byte.iter_mut().for_each(|mask| *mask |= bit),
            }
        }
        DisclaimerOpenings {
            openings,
            by_first_byte,
            by_second_byte,
        }
    })
}

/// Every share-line opening, lowercase, with its trailing space. Gathered once: every line
/// of a snapshot is asked whether it opens with one, and most languages have none.
pub fn share_openings() -> &'static [&'static str] {
    static OPENINGS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    OPENINGS.get_or_init(|| {
        PHRASES
            .iter()
            .flat_map(|phrases| phrases.share_openings.iter().copied())
            .collect()
    })
}

/// A page title without what the browser added after the query (`… - Google Search`).
pub fn strip_title_suffix(title: &str) -> &str {
    let lower = title.to_lowercase();
    if lower.len() != title.len() {
        return title;
    }
    PHRASES
        .iter()
        .flat_map(|phrases| phrases.title_suffixes.iter())
        .find(|suffix| lower.ends_with(*suffix))
        .map_or(title, |suffix| {
            title[..title.len() - suffix.len()].trim_end()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_engines_address_names_it() {
        for (url, engine) in [
            (
                "https://www.perplexity.ai/search/why-sky-abc",
                Some("Perplexity"),
            ),
            ("https://chatgpt.com/c/6801-ab", Some("ChatGPT")),
            ("https://gemini.google.com/app/9f2", Some("Gemini")),
            ("google.com/search?q=russia+a", Some("Google Search")),
            (
                "https://www.google.de/search?q=himmel",
                Some("Google Search"),
            ),
            (
                "https://www.google.com/search?q=sky&udm=50",
                Some("Google AI Mode"),
            ),
            ("https://www.bing.com/search?q=sky", Some("Bing")),
            (
                "https://copilot.microsoft.com/chats/x1",
                Some("Microsoft Copilot"),
            ),
            // A page of the same sites that is no answer, and other sites, name nothing.
            ("https://www.google.com/maps/place/x", None),
            ("https://docs.perplexity.ai.example.org/x", None),
            ("https://en.wikipedia.org/wiki/Sky", None),
        ] {
            assert_eq!(engine_of_address(url), engine, "{url}");
        }
    }

    #[test]
    fn turn_labels_of_a_copied_conversation_in_its_languages() {
        assert!(is_user_turn_label("You said:"));
        assert!(is_user_turn_label("Vous avez dit :"));
        assert!(!is_user_turn_label("You said"));
        assert!(!is_user_turn_label("As you said: it works."));
        assert_eq!(engine_turn_label("ChatGPT said:"), Some("ChatGPT"));
        assert_eq!(engine_turn_label("ChatGPT sagte:"), Some("ChatGPT"));
        assert_eq!(engine_turn_label("Claude said:"), None);
        // As conversation exports name turns in headings (`## Prompt:` / `## Response:`).
        assert!(is_user_turn_heading("Human:"));
        assert!(is_user_turn_heading("Prompt"));
        assert_eq!(engine_turn_heading("Response:"), Some(None));
        assert_eq!(engine_turn_heading("Claude"), Some(Some("Claude")));
        assert_eq!(engine_turn_heading("Summary"), None);
    }

    #[test]
    fn chrome_in_every_language_and_with_counts() {
        for line in [
            "Show all",
            "Alle anzeigen",
            "Mostrar todo",
            "Reviewed 15 sources",
            "검토됨 15개의 소스",
            "12 sites",
            "Use code with caution.",
            "volume_up",
            "thumb_up thumb_down",
            "Thought for 12s",
            "Thought for 1m 5s",
            "Reasoned for 8 seconds",
            "Searched 6 sites",
            "Aperçu IA",
            "AI による概要",
            // Google's feedback dialog, taken along by a select-all copy.
            "Thank you",
            "Your feedback helps Google improve. See our Privacy Policy.",
            "Share more feedback",
            "Report a problem",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for line in [
            "Sources",
            "Quellen",
            "Reviewed the budget",
            "Show all the steps",
            "Thank your reviewers.",
            "my_variable",
            "thumb_up is an icon",
            "Thought for a long time about it",
        ] {
            assert!(!is_chrome(line), "{line}");
        }
    }

    #[test]
    fn icon_names_are_in_order_for_their_search() {
        assert!(ICON_NAMES.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn every_phrase_of_the_table_is_still_found_behind_the_length_check() {
        for phrases in PHRASES {
            let whole_lines = [
                (phrases.chrome, is_chrome as fn(&str) -> bool),
                (phrases.end_of_answer, ends_answer),
                (phrases.code_cautions, is_code_caution),
                (phrases.source_headings, is_source_heading),
                (phrases.link_lists, is_link_list_heading),
            ];
            for (list, test) in whole_lines {
                for phrase in list {
                    // As pasted: capitals, a count in place of `#`, spaces and a colon around.
                    let line = format!("  {}:  ", phrase.to_uppercase().replace('#', "1234"));
                    assert!(!longer_than_any_phrase(&line), "{line}");
                    let is_heading_too = is_source_heading(phrase);
                    if !is_heading_too && !phrase.contains('#') {
                        assert!(test(phrase), "{phrase}");
                    }
                }
            }
        }
        let claim = "Rivers flood in spring when the snow melts in the mountains upstream, \
                     and the towns below have learned to build on higher ground.";
        assert!(longer_than_any_phrase(claim));
        assert!(!is_chrome(claim) && !ends_answer(claim) && !is_source_heading(claim));
    }

    #[test]
    fn the_length_check_counts_characters_other_than_digits() {
        let longest = longest_phrase();
        let by_characters = |line: &str| {
            let text = line.trim().trim_end_matches(':').trim();
            text.chars().filter(|c| !c.is_ascii_digit()).count() > longest
        };
        for piece in ["a", "7", "é", "日", "🌊", " ", "ab12"] {
            for count in [longest - 1, longest, longest + 1, 2 * longest, 4 * longest] {
                for line in [piece.repeat(count), format!("{}:", piece.repeat(count))] {
                    assert_eq!(
                        longer_than_any_phrase(&line),
                        by_characters(&line),
                        "{piece:?} × {count}"
                    );
                }
            }
        }
    }

    #[test]
    fn source_headings_and_answer_ends() {
        assert!(is_source_heading("Works cited"));
        assert!(is_source_heading("Quellen:"));
        assert!(is_source_heading("参考资料："));
        assert!(is_source_heading("Источники"));
        assert!(is_source_heading("المصادر:"));
        assert!(is_source_heading("Πηγές"));
        for heading in [
            "参考資料",
            "Referências",
            "Riferimenti",
            "แหล่งที่มา",
            "Bibliografía",
        ] {
            assert!(is_source_heading(heading), "{heading}");
        }
        assert!(ends_answer("Follow-ups"));
        assert!(!ends_answer("Follow the river"));
    }

    #[test]
    fn title_suffixes_are_dropped() {
        assert_eq!(
            strip_title_suffix("tide tables - Google Search"),
            "tide tables"
        );
        assert_eq!(strip_title_suffix("Gezeiten - Google Suche"), "Gezeiten");
        assert_eq!(strip_title_suffix("marées - Recherche Google"), "marées");
        assert_eq!(strip_title_suffix("潮汐 - Google 検索"), "潮汐");
        assert_eq!(strip_title_suffix("A - B"), "A - B");
    }

    #[test]
    fn disclaimers_in_other_languages() {
        let DisclaimerOpenings {
            openings,
            by_first_byte,
            by_second_byte,
        } = disclaimer_openings();
        assert_ne!(
            by_first_byte[usize::from(b'k')] & by_second_byte[usize::from(b'i')],
            0
        );
        assert!(openings.contains(&"ki-antworten können fehler enthalten"));
        assert!(openings.contains(&"las respuestas de la ia pueden"));
        assert!(openings.contains(&"les réponses de l'ia"));
        assert!(openings.contains(&"ответы ии могут"));
        // A second byte that case changes (`О`, `о`) filters nothing.
        let russian = openings.iter().position(|o| o.starts_with('о')).unwrap();
        assert_ne!(by_second_byte[0x9e] & (1 << russian), 0);
    }
}
