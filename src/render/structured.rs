//! schema.org JSON-LD for a briefing page: an `Article` whose `citation` lists its sources,
//! and a `ClaimReview` for each claim an editor reviewed.
//!
//! Unreviewed claims are not emitted as schema.org `Claim` items: that type is still in
//! schema.org's pending area and no consumer reads it, while every claim is already in
//! `briefing.json`. `ClaimReview` is the form fact-checkers publish and search engines read.

use serde_json::json;

use super::feeds::site_url;
use crate::address::{href_of, is_linkable};
use crate::model::Briefing;
use crate::site::SiteConfig;

/// One line that describes a briefing without quoting its claims, so that editing a claim
/// does not change the page's head: title, engine and capture date.
pub fn description(briefing: &Briefing) -> String {
    let title = briefing.title.as_deref().unwrap_or(&briefing.slug);
    let mut text = format!("{title}: every claim with the sources it cites");
    match (&briefing.origin.engine, &briefing.captured.date) {
        (Some(engine), Some(date)) => text.push_str(&format!(", from {engine}, captured {date}")),
        (Some(engine), None) => text.push_str(&format!(", from {engine}")),
        (None, Some(date)) => text.push_str(&format!(", captured {date}")),
        (None, None) => {}
    }
    text.push('.');
    text
}

/// The JSON-LD of a briefing, safe to place inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as `\u` escapes, so no text can close the script. Each
/// citation is on a line of its own, so adding or removing a source changes one line.
pub fn json_ld(briefing: &Briefing, config: &SiteConfig) -> String {
    // The fields in the order of their names, as a JSON object map sorts them.
    let mut fields: Vec<(&str, String)> = Vec::with_capacity(8);
    fields.push(("@context", json_string("https://schema.org")));
    fields.push(("@type", json_string("Article")));
    if let Some(author) = &briefing.captured.author {
        let person = format!(r#"{{"@type":"Person","name":{}}}"#, json_string(author));
        fields.push(("author", person));
    }
    if let Some(date) = &briefing.captured.date {
        fields.push(("datePublished", json_value(date)));
    }
    fields.push(("description", json_string(&description(briefing))));
    let headline = briefing.title.as_deref().unwrap_or(&briefing.slug);
    fields.push(("headline", json_string(headline)));
    if !briefing.tags.is_empty() {
        fields.push(("keywords", json_string(&briefing.tags.join(", "))));
    }
    if config.base_url.is_some() {
        let url = site_url(config, &format!("{}/", briefing.slug));
        fields.push(("url", json_string(&url)));
    }
    let mut text = String::with_capacity(512 + 160 * briefing.sources.len());
    text.push_str("{\n");
    for (key, value) in fields {
        text.push_str("  \"");
        text.push_str(key);
        text.push_str("\": ");
        push_script_safe(&mut text, &value);
        text.push_str(",\n");
    }
    text.push_str("  \"citation\": [");
    let count = briefing.sources.len();
    for (i, source) in briefing.sources.iter().enumerate() {
        text.push_str("\n    {\"@type\":\"CreativeWork\",\"name\":");
        let name = source.title.as_deref().unwrap_or(&source.url);
        push_script_safe(&mut text, &json_string(name));
        if is_linkable(&source.url) && !source.url.is_empty() && !source.truncated {
            text.push_str(",\"url\":");
            push_script_safe(&mut text, &json_string(&href_of(&source.url)));
        }
        text.push('}');
        if i + 1 < count {
            text.push(',');
        }
    }
    text.push_str("\n  ]\n}");
    text
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    json_value(text)
}

/// `value` as compact JSON.
fn json_value(value: &(impl serde::Serialize + ?Sized)) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// Append JSON text to `out` with `<`, `>` and `&` written as `\u` escapes (the same string
/// to a JSON reader), so that nothing in it can close the `<script>` it is placed in.
fn push_script_safe(out: &mut String, json: &str) {
    let mut rest = json;
    while let Some(at) = rest
        .bytes()
        .position(|byte| matches!(byte, b'<' | b'>' | b'&'))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// A schema.org `ClaimReview` for each reviewed claim of `briefing`, as a JSON-LD array, one
/// review a line (the form fact-checkers publish and search engines read); `None` when no
/// claim is reviewed. Escaped as [`json_ld`] is.
pub fn claim_reviews(briefing: &Briefing, config: &SiteConfig) -> Option<String> {
    let page = config
        .base_url
        .is_some()
        .then(|| site_url(config, &format!("{}/", briefing.slug)));
    let reviews: Vec<String> = briefing
        .claims()
        .filter_map(|claim| {
            let review = claim.review.as_ref()?;
            let mut item = json!({
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "claimReviewed": claim.text,
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": super::views::status_label(review.status),
                },
            });
            if let Some(note) = &review.note {
                item["reviewBody"] = json!(note);
            }
            if let Some(by) = &review.by {
                item["author"] = json!({"@type": "Organization", "name": by});
            }
            if let Some(date) = &review.date {
                item["datePublished"] = json!(date);
            }
            if let Some(page) = &page {
                item["url"] = json!(format!("{page}#claim-{}", claim.id));
            }
            Some(item.to_string())
        })
        .collect();
    if reviews.is_empty() {
        return None;
    }
    let text = format!("[\n  {}\n]", reviews.join(",\n  "));
    Some(
        text.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The JSON-LD as `serde_json` writes it, field by field: what [`json_ld`] writes by hand.
    fn json_ld_by_serde(briefing: &Briefing, config: &SiteConfig) -> String {
        let mut article = json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": briefing.title.clone().unwrap_or_else(|| briefing.slug.clone()),
            "description": description(briefing),
        });
        if let Some(date) = &briefing.captured.date {
            article["datePublished"] = json!(date);
        }
        if let Some(author) = &briefing.captured.author {
            article["author"] = json!({"@type": "Person", "name": author});
        }
        if !briefing.tags.is_empty() {
            article["keywords"] = json!(briefing.tags.join(", "));
        }
        if config.base_url.is_some() {
            article["url"] = json!(site_url(config, &format!("{}/", briefing.slug)));
        }
        let mut lines = vec!["{".to_owned()];
        if let Value::Object(fields) = article {
            for (key, value) in fields {
                lines.push(format!("  {}: {},", json!(key), value));
            }
        }
        lines.push("  \"citation\": [".to_owned());
        let count = briefing.sources.len();
        for (i, source) in briefing.sources.iter().enumerate() {
            let mut citation = json!({"@type": "CreativeWork"});
            citation["name"] = json!(source.title.clone().unwrap_or_else(|| source.url.clone()));
            if is_linkable(&source.url) && !source.url.is_empty() && !source.truncated {
                citation["url"] = json!(href_of(&source.url));
            }
            let comma = if i + 1 < count { "," } else { "" };
            lines.push(format!("    {citation}{comma}"));
        }
        lines.push("  ]".to_owned());
        lines.push("}".to_owned());
        lines
            .join("\n")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }

    #[test]
    fn json_ld_is_what_serde_json_writes_with_every_field() {
        let mut briefing = Briefing::new();
        briefing.slug = "baku-<talks>".into();
        let config = SiteConfig {
            base_url: Some("https://example.org/briefs".into()),
            ..SiteConfig::default()
        };
        assert_eq!(
            json_ld(&briefing, &config),
            json_ld_by_serde(&briefing, &config)
        );
        briefing.title = Some("Talks \"&\" <b>\n\u{1}</b> Россия".into());
        briefing.captured.author = Some("A. <Editor> & co".into());
        briefing.captured.date = crate::model::Date::parse_iso("2025-11-04");
        briefing.origin.engine = Some("Perplexity".into());
        briefing.tags = vec!["politics".into(), "south-caucasus".into()];
        for (number, (url, title, truncated)) in [
            ("https://a.example/x?a=1&b=<2>", Some("A & <B>"), false),
            ("https://b.example/cut…", None, true),
            ("javascript:alert(1)", Some("Bad"), false),
        ]
        .into_iter()
        .enumerate()
        {
            briefing.sources.push(crate::model::Source {
                number: number as u32 + 1,
                url: url.into(),
                truncated,
                domain: Box::default(),
                title: title.map(Into::into),
            });
        }
        for config in [config, SiteConfig::default()] {
            let text = json_ld(&briefing, &config);
            assert_eq!(text, json_ld_by_serde(&briefing, &config));
            assert!(!text.contains('<') && !text.contains('&'), "{text}");
        }
    }

    #[test]
    fn json_ld_survives_any_text() {
        let mut briefing = Briefing::new();
        briefing.title = Some("</script><script>alert(1)</script> & \"quotes\"".into());
        let text = json_ld(&briefing, &SiteConfig::default());
        assert!(!text.contains("</script"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["headline"],
            "</script><script>alert(1)</script> & \"quotes\""
        );
        assert_eq!(value["@type"], "Article");
        assert_eq!(value["citation"], json!([]));
    }

    #[test]
    fn each_reviewed_claim_has_a_claim_review() {
        use crate::model::{Claim, Date, Review, ReviewStatus};
        let mut briefing = Briefing::new();
        briefing.slug = "b".into();
        let claim = |id: &str, review: Option<Box<Review>>| Claim {
            id: id.into(),
            label: None,
            text: format!("{id} </script> & more").into(),
            spans: Box::default(),
            citations: vec![1].into(),
            review,
        };
        assert_eq!(claim_reviews(&briefing, &SiteConfig::default()), None);
        briefing.summary = vec![
            claim("a", None),
            claim(
                "b",
                Some(Box::new(Review {
                    status: ReviewStatus::Disputed,
                    note: Some("Two accounts.".into()),
                    by: Some("Desk B".into()),
                    date: Date::new(2025, 11, 6),
                })),
            ),
        ];
        let config = SiteConfig {
            base_url: Some("https://news.example/briefings/".into()),
            ..SiteConfig::default()
        };
        let text = claim_reviews(&briefing, &config).unwrap();
        assert!(!text.contains("</script"));
        let value: Value = serde_json::from_str(&text).unwrap();
        let reviews = value.as_array().unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0]["@type"], "ClaimReview");
        assert_eq!(reviews[0]["claimReviewed"], "b </script> & more");
        assert_eq!(reviews[0]["reviewRating"]["alternateName"], "Disputed");
        assert_eq!(reviews[0]["author"]["name"], "Desk B");
        assert_eq!(reviews[0]["datePublished"], "2025-11-06");
        assert_eq!(
            reviews[0]["url"],
            "https://news.example/briefings/b/#claim-b"
        );
    }
}
