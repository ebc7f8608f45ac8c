//! Who the sources are: the site's optional `sources.toml`, which names the publisher behind
//! a domain and what kind of publisher it is.
//!
//! ```toml
//! "jamestown.org" = { name = "Jamestown Foundation", kind = "think tank" }
//! "wikipedia.org" = { name = "Wikipedia", kind = "reference" }
//! ```
//!
//! A domain also names its subdomains (`wikipedia.org` covers `en.wikipedia.org`), the most
//! specific entry winning. Pure: text in, lookups out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The file name, at the site root.
pub const FILE_NAME: &str = "sources.toml";

/// The kinds of publisher, in the order pages list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// Newspapers, agencies, broadcasters.
    #[serde(rename = "news")]
    News,
    /// Governments and their agencies, intergovernmental bodies.
    #[serde(rename = "government")]
    Government,
    /// Universities, journals, research institutes.
    #[serde(rename = "academic")]
    Academic,
    /// Encyclopedias, dictionaries, databases.
    #[serde(rename = "reference")]
    Reference,
    /// Policy institutes and advocacy research.
    #[serde(rename = "think tank")]
    ThinkTank,
    /// Companies writing about themselves or their market.
    #[serde(rename = "company")]
    Company,
    /// Video platforms and channels.
    #[serde(rename = "video")]
    Video,
    /// Social networks and forums.
    #[serde(rename = "social")]
    Social,
    /// Blogs and newsletters.
    #[serde(rename = "blog")]
    Blog,
}

impl Kind {
    /// Every kind, in the order pages list them.
    pub const ALL: [Kind; 9] = [
        Kind::News,
        Kind::Government,
        Kind::Academic,
        Kind::Reference,
        Kind::ThinkTank,
        Kind::Company,
        Kind::Video,
        Kind::Social,
        Kind::Blog,
    ];

    /// The kind as written in `sources.toml`: `think tank`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Government => "government",
            Kind::Academic => "academic",
            Kind::Reference => "reference",
            Kind::ThinkTank => "think tank",
            Kind::Company => "company",
            Kind::Video => "video",
            Kind::Social => "social",
            Kind::Blog => "blog",
        }
    }

    /// A name for an HTML id or class: `think-tank`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::ThinkTank => "think-tank",
            other => other.as_str(),
        }
    }
}

/// One publisher.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Its name as readers know it.
    pub name: String,
    /// What kind of publisher it is.
    pub kind: Kind,
}

/// Every publisher `sources.toml` names, by domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Publishers {
    by_domain: BTreeMap<String, Publisher>,
}

impl Publishers {
    /// Read `sources.toml`; the error says where the file is wrong.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let read: BTreeMap<String, Publisher> = toml::from_str(text).map_err(|error| {
            let message = error.to_string().trim_end().to_owned();
            if message.contains("unknown variant") {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
                format!("{message}\nthe kinds are: {}", kinds.join(", "))
            } else {
                message
            }
        })?;
        let by_domain = read
            .into_iter()
            .map(|(domain, publisher)| {
                let domain = domain
                    .trim()
                    .trim_start_matches("www.")
                    .to_ascii_lowercase();
                (domain, publisher)
            })
            .collect();
        Ok(Publishers { by_domain })
    }

    /// The publisher of `domain`: its own entry, else that of the nearest parent domain.
    pub fn of(&self, domain: &str) -> Option<&Publisher> {
        if self.by_domain.is_empty() || domain.is_empty() {
            return None;
        }
        let domain = domain.to_ascii_lowercase();
        let mut rest = domain.as_str();
        loop {
            if let Some(publisher) = self.by_domain.get(rest) {
                return Some(publisher);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// Whether it names no publisher.
    pub fn is_empty(&self) -> bool {
        self.by_domain.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_name_their_subdomains_and_the_nearest_wins() {
        let publishers = Publishers::from_toml(
            "\"wikipedia.org\" = { name = \"Wikipedia\", kind = \"reference\" }\n\
             \"www.Jamestown.org\" = { name = \"Jamestown Foundation\", kind = \"think tank\" }\n\
             [\"news.example.org\"]\nname = \"Example News\"\nkind = \"news\"\n\
             [\"example.org\"]\nname = \"Example\"\nkind = \"company\"\n",
        )
        .unwrap();
        let name = |domain: &str| publishers.of(domain).map(|p| p.name.as_str());
        assert_eq!(name("en.wikipedia.org"), Some("Wikipedia"));
        assert_eq!(name("wikipedia.org"), Some("Wikipedia"));
        assert_eq!(name("jamestown.org"), Some("Jamestown Foundation"));
        assert_eq!(name("www.jamestown.org"), Some("Jamestown Foundation"));
        assert_eq!(name("a.news.example.org"), Some("Example News"));
        assert_eq!(name("shop.example.org"), Some("Example"));
        assert_eq!(name("notwikipedia.org"), None);
        assert_eq!(name("org"), None);
        assert_eq!(name(""), None);
        assert_eq!(
            publishers.of("jamestown.org").unwrap().kind,
            Kind::ThinkTank
        );
    }

    #[test]
    fn an_unknown_kind_is_an_error_that_lists_the_kinds() {
        let error =
            Publishers::from_toml("\"a.org\" = { name = \"A\", kind = \"ngo\" }\n").unwrap_err();
        assert!(error.contains("line 1"), "{error}");
        assert!(error.contains("the kinds are: news, government, academic, reference, think tank, company, video, social, blog"), "{error}");
        assert!(Publishers::from_toml("\"a.org\" = { name = \"A\" }\n").is_err());
        assert!(
            Publishers::from_toml("\"a.org\" = { name = \"A\", kind = \"news\", x = 1 }\n")
                .is_err()
        );
    }
}
