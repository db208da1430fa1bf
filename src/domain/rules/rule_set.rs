//! The conditions of recognition, as the regulations in force set them. They are data (configured by
//! report-year range), not code: no `if year >= 2022` anywhere.

use crate::domain::Label;
use serde::{Deserialize, Serialize};

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

impl RuleSet {
    /// The rule set in force for a report year: the first whose range holds it.
    pub fn in_force(rule_sets: &[RuleSet], year: i32) -> Option<&RuleSet> {
        rule_sets
            .iter()
            .find(|r| r.from_year <= year && r.to_year.is_none_or(|to| year <= to))
    }
}
