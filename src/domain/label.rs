//! Names in both languages for the codes the review uses: categories, issuers, limitation categories,
//! rule sets. The configuration supplies them; the rules put them into their messages.

use crate::text::Lang;
use serde::{Deserialize, Serialize};

/// A label in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub vi: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// A coded entry of a pick list (an issuer, a limitation category, an award form …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coded {
    pub code: String,
    pub vi: String,
    pub en: String,
}

impl Coded {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// What the commune level holds in a year without districts (two-level local government, from 1
/// July 2025): townships (thị trấn) ceased with the districts and island special zones (đặc khu)
/// joined, so this replaces the configured label of the `communes` category in such a year.
pub fn communes_without_districts(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "xã, phường, đặc khu",
        Lang::En => "communes, wards and special zones",
    }
}
