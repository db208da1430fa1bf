//! The rules engine: pure judgements over one report year's data, its history and the configuration.
//!
//! [`Checker`] is prepared once per (year data, history, rule book) and indexes the year: positions of
//! localities, each district's communes, every subtree's totals, awards by locality, medal holders.
//! [`Checker::check_district`] then judges one district with a value still being typed substituted
//! for the stored one: it re-checks only the district's rows and moves the totals of the edited
//! row's ancestors by the row's change (province = province − old row + new row), so its cost does not
//! grow with the size of the country. [`check_year`] / [`Checker::check_all`] judge the whole year.
//!
//! Here: what a check answers ([`Finding`], [`Gauge`], [`DistrictCheck`]) and what it reads of the
//! configuration ([`RuleBook`], [`RuleSet`]). `engine` prepares the year and runs the rules, `checks`
//! holds the rules, `wording` their sentences in Vietnamese and English.
//!
//! Rule ids are part of the machine-readable contract (`antq check --format json`); they are listed in
//! [`rule`] and documented in `docs/rules.md`.

use super::aggregate::{Ratio, Totals};
use super::{AwardFormSpec, Category, Coded, Field, FieldValue, History, Target, YearData};
use crate::text::Lang;
use serde::Serialize;

mod checks;
mod engine;
#[cfg(test)]
mod fixtures;
mod rule_set;
mod wording;

pub use engine::Checker;
pub use rule_set::{RecognitionBasis, RuleSet};

/// The stable ids of the rules (the `rule` of a finding).
pub mod rule {
    pub const RECOGNIZED_LE_TOTAL: &str = "recognized_le_total";
    pub const COMMUNE_ONLY_FIELD: &str = "commune_only_field";
    pub const COMMUNE_RULE_SET: &str = "commune_rule_set";
    pub const YOY_CHANGE: &str = "yoy_change";
    pub const NOT_REPORTED: &str = "not_reported";
    pub const TARGET_SHORTFALL: &str = "target_shortfall";
    pub const FLAG_TO_INDIVIDUAL: &str = "flag_to_individual";
    pub const MEDAL_TO_COLLECTIVE: &str = "medal_to_collective";
    pub const MEDAL_TWICE: &str = "medal_twice";
    pub const MEDAL_NAMESAKE: &str = "medal_namesake";
    pub const AWARD_UNRECOGNISED_COLLECTIVE: &str = "award_unrecognised_collective";
    pub const AWARD_UNKNOWN_LOCALITY: &str = "award_unknown_locality";
    pub const UNUSUAL_ISSUER: &str = "unusual_issuer";
    pub const LIMITATION_UNKNOWN_LOCALITY: &str = "limitation_unknown_locality";
    pub const ASSESSMENT_UNKNOWN_LOCALITY: &str = "assessment_unknown_locality";

    /// Every rule id, in the order `check_all` reports a locality's findings.
    pub const ALL: [&str; 15] = [
        RECOGNIZED_LE_TOTAL,
        COMMUNE_ONLY_FIELD,
        COMMUNE_RULE_SET,
        YOY_CHANGE,
        NOT_REPORTED,
        TARGET_SHORTFALL,
        FLAG_TO_INDIVIDUAL,
        MEDAL_TO_COLLECTIVE,
        MEDAL_TWICE,
        MEDAL_NAMESAKE,
        AWARD_UNRECOGNISED_COLLECTIVE,
        AWARD_UNKNOWN_LOCALITY,
        UNUSUAL_ISSUER,
        LIMITATION_UNKNOWN_LOCALITY,
        ASSESSMENT_UNKNOWN_LOCALITY,
    ];
}

/// An error blocks `check` (exit 1) and `submit`; a warning never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing a rule found, with its message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A rule id from [`rule`].
    pub rule: &'static str,
    pub year: i32,
    /// The locality the finding is about (an award's or limitation's locality; empty when it names none).
    pub locality_code: String,
    /// An assessment field code (`residential_areas_recognized` …), a category code for
    /// `target_shortfall`, `award` or `limitation`; None when the whole row is meant.
    pub field: Option<String>,
    pub message_vi: String,
    pub message_en: String,
}

impl Finding {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A value being typed: what the row would hold if the clerk pressed Enter now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub locality_code: String,
    pub field: Field,
    pub value: FieldValue,
}

/// A live target gauge: "khu dân cư 1.020/1.205 = 84,6% · mục tiêu 85% · còn thiếu 5".
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub locality_code: String,
    pub category: Category,
    pub ratio: Ratio,
    /// The minimum share in force (the locality's own target, else the province-wide one).
    pub target: Option<f64>,
    /// None when there is no target.
    pub met: Option<bool>,
    /// How many more recognitions would meet the target ("còn thiếu N"); 0 when met or no target.
    pub missing: u64,
}

impl Gauge {
    /// Judges `ratio` against the minimum share in force (exactly, see [`Target::required`]).
    pub fn judge(
        locality_code: &str,
        category: Category,
        ratio: Ratio,
        target: Option<f64>,
    ) -> Gauge {
        let required = target.map(|share| engine::required(share, ratio.total));
        Gauge {
            locality_code: locality_code.to_string(),
            category,
            ratio,
            target,
            met: required.map(|required| ratio.recognized >= required),
            missing: required.map_or(0, |r| r.saturating_sub(ratio.recognized)),
        }
    }
}

/// The judgement of one district with an edit substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictCheck {
    /// Findings on the district's own row and its communes' rows, on the awards given within the
    /// district, then on the district's targets and the province's targets.
    pub findings: Vec<Finding>,
    pub district: Totals,
    pub province: Totals,
    /// The district's four categories, then the province's (the province's only once when the checked
    /// locality is the province).
    pub gauges: Vec<Gauge>,
}

/// Every rule over a whole year, in a deterministic order (see [`Checker::check_all`]).
pub fn check_year<'a>(
    data: &'a YearData,
    history: &'a History,
    rules: impl Into<RuleBook<'a>>,
) -> Vec<Finding> {
    Checker::new(data, history, rules).check_all()
}

/// What the rules read of the configuration: the rule sets and targets, the thresholds, and the labels
/// their messages use. Borrowed and `Copy`; the configuration builds one (and converts into one, so
/// [`Checker::new`] and [`check_year`] take `&Config` as it is).
#[derive(Debug, Clone, Copy)]
pub struct RuleBook<'a> {
    pub rule_sets: &'a [RuleSet],
    pub targets: &'a [Target],
    /// A total that changes by more than this share from last year is flagged (0.3 = 30%).
    pub yoy_change_threshold: f64,
    /// Warn when an issuer gives a form it usually does not (see [`AwardFormSpec::issuers`]).
    pub warn_unusual_issuer: bool,
    /// Labels of the four report categories, keyed by category code.
    pub categories: &'a [Coded],
    pub award_forms: &'a [AwardFormSpec],
    pub issuers: &'a [Coded],
}

impl<'a> RuleBook<'a> {
    /// The rule set in force for a report year.
    pub fn rule_set(&self, year: i32) -> Option<&'a RuleSet> {
        RuleSet::in_force(self.rule_sets, year)
    }

    pub fn issuer(&self, code: &str) -> Option<&'a Coded> {
        self.issuers.iter().find(|c| c.code == code)
    }
}
