use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three administrative levels a report knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }
}

/// An administrative unit with its validity. Codes are reused by successors, so `(code, valid_from)`
/// identifies a row; `id` is the store's internal key (0 for a locality not stored yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locality {
    pub id: i64,
    pub code: String,
    /// NFC.
    pub name: String,
    pub level: Level,
    /// The code of the parent valid at the same time (None for the province).
    pub parent_code: Option<String>,
    /// None = before the records.
    pub valid_from: Option<NaiveDate>,
    /// None = still valid. Inclusive: the last day the unit exists.
    pub valid_to: Option<NaiveDate>,
}

impl Locality {
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    pub fn valid_in_year(&self, year: i32) -> bool {
        self.valid_on(units_date(year))
    }
}

/// The units of report year Y are the localities valid on 30 November of Y.
pub fn units_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 11, 30).unwrap_or(NaiveDate::MIN)
}
