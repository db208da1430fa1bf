//! Configuration: compiled defaults (`config/default.toml`, `config/targets.toml`) < `/etc/antq/config.toml`
//! < the user's config dir < `--config`/`ANTQ_CONFIG`. Unknown keys and bad values are errors naming the
//! file, line and key. docs/config.md describes the layers, the merge rules and every key.
//!
//! The types below are the merged result; `layer` reads one file, `load` finds and merges them.

use crate::domain::rules::RuleBook;
use crate::domain::{AwardFormSpec, Category, Coded, Level, RuleSet, Target};
use crate::text::Lang;
use serde::{Deserialize, Serialize};

mod error;
mod keys;
mod layer;
mod load;

pub use error::ConfigError;
pub use keys::{
    parse_chord, Action, Chord, KeyExtra, KeyName, Scope, ACTIONS, KEY_ACTIONS, KEY_SCREENS, SCOPES,
};
pub use load::ConfigSources;

/// A file of `[[target]]` entries (the format of `config/targets.toml`), as `antq targets import`
/// reads it: each target with the line of its `[[target]]` header. Any other key, a bad value or
/// the same target twice is an error naming the line and the key; every problem is reported.
pub fn read_targets_file(file: &str, text: &str) -> Result<Vec<(Target, usize)>, Vec<ConfigError>> {
    let layer = layer::read_layer(file, text, layer::LayerKind::Targets)?;
    Ok(layer
        .targets
        .into_iter()
        .map(|t| (t.value, t.at.line))
        .collect())
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
    /// The database when neither `--db` nor `ANTQ_DB` names one (a server's shared file); None = the
    /// user's platform data folder.
    #[serde(default)]
    pub database: Option<std::path::PathBuf>,
}

/// `[report]`: who issues and signs the documents of `antq report --format docx`. A key left unset
/// is derived from the report's scope (the issuing body, the place) or left as a dotted blank for the
/// clerk to fill in by hand (the number, the signer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// The superior body, the header's upper line ("UBND TỈNH QUẢNG BÌNH").
    pub parent_body: Option<String>,
    /// The issuing body ("BAN CHỈ ĐẠO 138 TỈNH QUẢNG BÌNH").
    pub issuing_body: Option<String>,
    /// The body's abbreviation in the number ("BCĐ138" → "Số: …/BC-BCĐ138").
    pub symbol: Option<String>,
    /// The place before the date ("Quảng Bình").
    pub place: Option<String>,
    /// The signer's title ("TRƯỞNG BAN"), and the capacity above it ("KT. TRƯỞNG BAN").
    pub signer_title: Option<String>,
    pub signer_capacity: Option<String>,
    pub signer: Option<String>,
    /// The "Nơi nhận" list, one recipient a line.
    pub recipients: Option<Vec<String>>,
}

impl ReportSettings {
    /// Each key of `later` replaces this one's.
    pub(crate) fn overlay(self, later: ReportSettings) -> ReportSettings {
        ReportSettings {
            parent_body: later.parent_body.or(self.parent_body),
            issuing_body: later.issuing_body.or(self.issuing_body),
            symbol: later.symbol.or(self.symbol),
            place: later.place.or(self.place),
            signer_title: later.signer_title.or(self.signer_title),
            signer_capacity: later.signer_capacity.or(self.signer_capacity),
            signer: later.signer.or(self.signer),
            recipients: later.recipients.or(self.recipients),
        }
    }
}

/// The whole effective configuration after layering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub general: General,
    /// Labels of the four report categories, keyed by category code.
    pub categories: Vec<Coded>,
    pub award_forms: Vec<AwardFormSpec>,
    pub issuers: Vec<Coded>,
    pub limitation_categories: Vec<Coded>,
    pub rule_sets: Vec<RuleSet>,
    #[serde(default)]
    pub target: Vec<Target>,
    /// Keys added to the built-in ones (`[keys.<screen>]`), in the order the layers wrote them.
    #[serde(skip)]
    pub keys: Vec<KeyExtra>,
    #[serde(default)]
    pub report: ReportSettings,
    pub workflow: Workflow,
}

/// `[workflow]`: when the units' packages are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// (month, day) of the report year after which a unit's year is late.
    pub deadline: (u32, u32),
}

/// District results are due by 15 December of the report year.
pub const DEFAULT_DEADLINE: (u32, u32) = (12, 15);

impl Default for Workflow {
    fn default() -> Workflow {
        Workflow {
            deadline: DEFAULT_DEADLINE,
        }
    }
}

impl Config {
    /// The rule set in force for a report year.
    pub fn rule_set(&self, year: i32) -> Option<&RuleSet> {
        RuleSet::in_force(&self.rule_sets, year)
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

    /// The target a locality has for a category in a year (see [`Target::share_of`]).
    pub fn target_of(
        &self,
        year: i32,
        category: Category,
        code: &str,
        level: Level,
    ) -> Option<f64> {
        Target::share_of(&self.target, year, category, code, level)
    }

    /// The target for a category in a year (see [`Target::share_for`]).
    pub fn target_for(&self, year: i32, category: Category, locality: Option<&str>) -> Option<f64> {
        Target::share_for(&self.target, year, category, locality)
    }

    /// What the rules engine reads of the configuration.
    pub fn rule_book(&self) -> RuleBook<'_> {
        RuleBook {
            rule_sets: &self.rule_sets,
            targets: &self.target,
            yoy_change_threshold: self.general.yoy_change_threshold,
            warn_unusual_issuer: self.general.warn_unusual_issuer,
            categories: &self.categories,
            award_forms: &self.award_forms,
            issuers: &self.issuers,
        }
    }
}

/// Lets `Checker::new` and `check_year` take the configuration itself.
impl<'a> From<&'a Config> for RuleBook<'a> {
    fn from(config: &'a Config) -> RuleBook<'a> {
        config.rule_book()
    }
}
