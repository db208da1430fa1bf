use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardForm {
    EmulationFlag,
    CertificateOfMerit,
    CertificateOfCommendation,
    CommemorativeMedal,
}

impl AwardForm {
    pub const ALL: [AwardForm; 4] = [
        AwardForm::EmulationFlag,
        AwardForm::CertificateOfMerit,
        AwardForm::CertificateOfCommendation,
        AwardForm::CommemorativeMedal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AwardForm::EmulationFlag => "emulation_flag",
            AwardForm::CertificateOfMerit => "certificate_of_merit",
            AwardForm::CertificateOfCommendation => "certificate_of_commendation",
            AwardForm::CommemorativeMedal => "commemorative_medal",
        }
    }

    pub fn parse(s: &str) -> Option<AwardForm> {
        AwardForm::ALL.into_iter().find(|f| f.code() == s)
    }
}

/// An award form with its labels and the issuers that usually give it (a warning at most, never an
/// error: provinces differ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardFormSpec {
    pub code: String,
    pub vi: String,
    pub en: String,
    #[serde(default)]
    pub issuers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    Collective,
    Individual,
}

impl RecipientKind {
    pub const ALL: [RecipientKind; 2] = [RecipientKind::Collective, RecipientKind::Individual];

    pub fn code(self) -> &'static str {
        match self {
            RecipientKind::Collective => "collective",
            RecipientKind::Individual => "individual",
        }
    }

    pub fn parse(s: &str) -> Option<RecipientKind> {
        RecipientKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One award decision for one recipient. Identified by (year, decision_no, recipient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    pub id: i64,
    pub year: i32,
    pub form: AwardForm,
    /// An issuer code from the configuration (ministry, province_committee, …).
    pub issuer: String,
    pub recipient_kind: RecipientKind,
    /// NFC, trimmed.
    pub recipient: String,
    /// The locality the recipient is or belongs to (for a collective that is a locality, that locality).
    pub locality_code: Option<String>,
    /// An individual's year of birth, when recorded: with the name it tells namesakes apart (the
    /// commemorative medal is given once per person).
    pub birth_year: Option<i32>,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub note: String,
}

/// A commemorative medal to an individual recorded in another year, with what tells its recipient
/// from a namesake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedalHolder {
    pub year: i32,
    pub recipient: String,
    pub birth_year: Option<i32>,
    pub locality_code: Option<String>,
}

/// The earliest birth year a recipient may be recorded with.
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// Why a birth year is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthYearError {
    /// Not four digits from 1900 to the award's year.
    NotAYear,
    /// A collective has no birth year.
    Collective,
}

impl BirthYearError {
    pub fn message(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang;
        match (self, lang) {
            (BirthYearError::NotAYear, Lang::Vi) => {
                "năm sinh phải là năm có bốn chữ số, từ 1900 đến năm khen thưởng"
            }
            (BirthYearError::NotAYear, Lang::En) => {
                "a birth year is a four-digit year from 1900 to the award's year"
            }
            (BirthYearError::Collective, Lang::Vi) => {
                "năm sinh chỉ ghi cho cá nhân, không cho tập thể"
            }
            (BirthYearError::Collective, Lang::En) => {
                "a birth year is recorded for an individual only, not a collective"
            }
        }
    }
}

/// A recipient's birth year as written ("1968"; empty: not recorded), for an award of `award_year`
/// to a recipient of `kind`.
pub fn parse_birth_year(
    s: &str,
    kind: RecipientKind,
    award_year: i32,
) -> Result<Option<i32>, BirthYearError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if kind == RecipientKind::Collective {
        return Err(BirthYearError::Collective);
    }
    match s.parse::<i32>() {
        Ok(y) if s.len() == 4 && (EARLIEST_BIRTH_YEAR..=award_year).contains(&y) => Ok(Some(y)),
        _ => Err(BirthYearError::NotAYear),
    }
}
