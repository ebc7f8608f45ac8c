//! schema.org JSON-LD for a briefing page: an `Article` whose `citation` lists its sources.
//!
//! Claims are not emitted as schema.org `Claim` items: that type is still in schema.org's
//! pending area and no consumer reads it, while every claim is already in `briefing.json`.

use serde_json::{json, Value};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
