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
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub note: String,
}
