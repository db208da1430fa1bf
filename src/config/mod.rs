//! Configuration: compiled defaults (`config/default.toml`, `config/targets.toml`) < `/etc/antq/config.toml`
//! < the user's config dir < `--config`/`ANTQ_CONFIG`. Unknown keys and bad values are errors naming the
//! file, line and key. docs/config.md describes the layers, the merge rules and every key.
//!
//! The types below are the merged result; `layer` reads one file, `load` finds and merges them.

use crate::domain::Target;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

mod keys;
mod layer;
mod load;

pub use keys::{
    parse_chord, Action, Chord, KeyExtra, KeyName, Scope, ACTIONS, KEY_ACTIONS, KEY_SCREENS, SCOPES,
};
pub use load::{ConfigError, ConfigSources};

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

/// Which units count towards a commune's recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecognitionBasis {
    /// TT 23/2012: the commune's residential areas.
    ResidentialAreas,
    /// TT 124/2021: all residential areas, agencies, enterprises and schools the commune manages.
    AllUnits,
}

/// The conditions a recognised commune must meet, for a range of report years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// e.g. "tt23_2012".
    pub id: String,
    /// e.g. "Thông tư 23/2012/TT-BCA".
    pub name: Label,
    pub from_year: i32,
    /// Inclusive; None = still in force.
    #[serde(default)]
    pub to_year: Option<i32>,
    pub basis: RecognitionBasis,
    /// At least this share of the basis recognised (0.7).
    pub min_share: f64,
    pub require_police_advanced: bool,
    pub min_models: u32,
}

/// Which way Enter moves after committing a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterDirection {
    #[default]
    Down,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct General {
    pub language: Lang,
    pub enter_direction: EnterDirection,
    /// A total that changes by more than this share from last year is flagged (0.3 = 30%).
    pub yoy_change_threshold: f64,
    /// Warn when an issuer gives a form it usually does not (see `award_forms[].issuers`).
    pub warn_unusual_issuer: bool,
}

/// An award form with its labels and the issuers that usually give it (a warning at most, never an
/// error: provinces differ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardFormConfig {
    pub code: String,
    pub vi: String,
    pub en: String,
    #[serde(default)]
    pub issuers: Vec<String>,
}

/// The whole effective configuration after layering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub general: General,
    /// Labels of the four report categories, keyed by category code.
    pub categories: Vec<Coded>,
    pub award_forms: Vec<AwardFormConfig>,
    pub issuers: Vec<Coded>,
    pub limitation_categories: Vec<Coded>,
    pub rule_sets: Vec<RuleSet>,
    #[serde(default)]
    pub target: Vec<Target>,
    /// Keys added to the built-in ones (`[keys.<screen>]`), in the order the layers wrote them.
    #[serde(skip)]
    pub keys: Vec<KeyExtra>,
}

impl Config {
    /// The rule set in force for a report year.
    pub fn rule_set(&self, year: i32) -> Option<&RuleSet> {
        self.rule_sets
            .iter()
            .find(|r| r.from_year <= year && r.to_year.is_none_or(|to| year <= to))
    }

    pub fn issuer(&self, code: &str) -> Option<&Coded> {
        self.issuers.iter().find(|c| c.code == code)
    }

    pub fn limitation_category(&self, code: &str) -> Option<&Coded> {
        self.limitation_categories.iter().find(|c| c.code == code)
    }

    pub fn category_label(&self, code: &str, lang: Lang) -> String {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.label(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The target a locality has for a category in a year: its own, if any, else the province-wide
    /// one — except a commune, which is held only to a target that names it (targets are set for
    /// districts and the province; 85% of a commune's 7 residential areas is not a target anyone set).
    pub fn target_of(
        &self,
        year: i32,
        category: crate::domain::Category,
        code: &str,
        level: crate::domain::Level,
    ) -> Option<f64> {
        if level == crate::domain::Level::Commune {
            self.target
                .iter()
                .find(|t| {
                    t.year == year && t.category == category && t.locality.as_deref() == Some(code)
                })
                .map(|t| t.min_share)
        } else {
            self.target_for(year, category, Some(code))
        }
    }

    /// The target for a category in a year: the locality's own when it has one, else the province-wide one.
    pub fn target_for(
        &self,
        year: i32,
        category: crate::domain::Category,
        locality: Option<&str>,
    ) -> Option<f64> {
        let own = locality.and_then(|code| {
            self.target.iter().find(|t| {
                t.year == year && t.category == category && t.locality.as_deref() == Some(code)
            })
        });
        own.or_else(|| {
            self.target
                .iter()
                .find(|t| t.year == year && t.category == category && t.locality.is_none())
        })
        .map(|t| t.min_share)
    }
}
