use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitationStatus {
    Open,
    InProgress,
    Resolved,
}

impl LimitationStatus {
    pub const ALL: [LimitationStatus; 3] = [
        LimitationStatus::Open,
        LimitationStatus::InProgress,
        LimitationStatus::Resolved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LimitationStatus::Open => "open",
            LimitationStatus::InProgress => "in_progress",
            LimitationStatus::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<LimitationStatus> {
        LimitationStatus::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A shortcoming noted in a year's review of a locality (usually a district or the province), with its
/// remedy. Identified by (year, locality, category, text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limitation {
    pub id: i64,
    pub year: i32,
    pub locality_code: String,
    /// A limitation category code from the configuration (slow_advising, simple_forms, …).
    pub category: String,
    pub text: String,
    pub remedy: String,
    pub status: LimitationStatus,
}
