//! The nouns and the judgement of the movement's annual review. Pure: no SQLite, no terminal, no clock,
//! no files. Everything here can be called on every keystroke with a value not yet stored.

pub mod aggregate;
pub mod assessment;
pub mod award;
pub mod completeness;
pub mod label;
pub mod limitation;
pub mod locality;
pub mod note;
pub mod rules;
pub mod target;
pub mod workflow;

pub use assessment::{Assessment, Field, FieldKind, FieldValue};
pub use award::{
    distinct_recipients, parse_birth_year, Award, AwardForm, AwardFormSpec, BirthYearError,
    MedalHolder, RecipientKind,
};
pub use label::{Coded, Label};
pub use limitation::{Limitation, LimitationStatus};
pub use locality::{reporting_level, units_date, Level, Locality, Predecessor};
pub use note::ValueNote;
pub use rules::{RecognitionBasis, RuleSet};
pub use target::{Category, Target};

/// Everything one report year holds, as the rules and the aggregation see it.
/// `localities` are exactly the units valid on 30 November of `year` (see [`units_date`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearData {
    pub year: i32,
    pub localities: Vec<Locality>,
    pub assessments: Vec<Assessment>,
    pub awards: Vec<Award>,
    pub limitations: Vec<Limitation>,
}

/// A whole data set across years: every locality with its validity, and the yearly records. What the
/// demo province and the synthetic generator produce and the store loads in one transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub localities: Vec<Locality>,
    pub assessments: Vec<Assessment>,
    pub awards: Vec<Award>,
    pub limitations: Vec<Limitation>,
}

impl Dataset {
    /// One report year of a data set: the units valid on 30 November of the year and the year's records.
    pub fn year_data(&self, year: i32) -> YearData {
        YearData {
            year,
            localities: self
                .localities
                .iter()
                .filter(|l| l.valid_in_year(year))
                .cloned()
                .collect(),
            assessments: self
                .assessments
                .iter()
                .filter(|a| a.year == year)
                .cloned()
                .collect(),
            awards: self
                .awards
                .iter()
                .filter(|a| a.year == year)
                .cloned()
                .collect(),
            limitations: self
                .limitations
                .iter()
                .filter(|l| l.year == year)
                .cloned()
                .collect(),
        }
    }

    /// What the rules need from the other years of a data set: the previous year (when it has figures)
    /// and every commemorative medal to an individual in another year.
    pub fn history(&self, year: i32) -> History {
        let previous_year = year - 1;
        let previous = self
            .assessments
            .iter()
            .any(|a| a.year == previous_year)
            .then(|| self.year_data(previous_year));
        let medals_other_years = self
            .awards
            .iter()
            .filter(|a| {
                a.year != year
                    && a.form == AwardForm::CommemorativeMedal
                    && a.recipient_kind == RecipientKind::Individual
            })
            .map(|a| MedalHolder {
                year: a.year,
                recipient: crate::text::normalize(&a.recipient),
                birth_year: a.birth_year,
                locality_code: a.locality_code.clone(),
            })
            .collect();
        History {
            previous,
            medals_other_years,
        }
    }
}

/// What the rules need to know about other years: last year's figures (year-over-year change) and the
/// recipients of the commemorative medal in *other* years (once per person, ever).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The previous report year's data, when there is one.
    pub previous: Option<YearData>,
    /// Every commemorative medal to an individual recorded in a year other than this one.
    pub medals_other_years: Vec<MedalHolder>,
}

/// The identity of an award recipient: the name after trim + NFC (not folded: "Xã Quang Phú" and
/// "Xã Quảng Phú" are two communes), together with the kind.
pub fn recipient_identity(kind: RecipientKind, name: &str) -> (RecipientKind, String) {
    (kind, crate::text::normalize(name))
}
