use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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

/// Two records of one recipient name: one recipient, or two namesakes? (Namesakes are common: many
/// people are called "Nguyễn Văn An", many communes "Xã Hải Ninh".)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namesake {
    /// The same birth year; or, a birth year missing, the same unit.
    Same,
    /// Nothing to tell them apart: a birth year missing and a unit too.
    Maybe,
    /// Different birth years; or, a birth year missing, different units.
    Other,
}

/// What tells a recipient from a namesake: (birth year, unit), each when recorded.
pub type Marks<'a> = (Option<i32>, Option<&'a str>);

/// Whether two recipients of one name, each known by (birth year, unit), are one: the birth years
/// decide when both are recorded, else the units when both are, else no one can tell.
pub fn namesake(a: Marks, b: Marks) -> Namesake {
    let same = |equal: bool| {
        if equal {
            Namesake::Same
        } else {
            Namesake::Other
        }
    };
    match (a, b) {
        ((Some(x), _), (Some(y), _)) => same(x == y),
        ((_, Some(u)), (_, Some(v))) => same(u == v),
        _ => Namesake::Maybe,
    }
}

/// How many distinct recipients the awards name: a name (with its kind, see
/// [`recipient_identity`](super::recipient_identity)) is one recipient unless [`namesake`] tells
/// its records apart, and records no one can tell apart count as one, so that a count never
/// overstates. Two "Nguyễn Văn An" born in 1970 and 1985 are two people; one of them and a third
/// record without birth year or unit are still two.
pub fn distinct_recipients<'a>(awards: impl IntoIterator<Item = &'a Award>) -> u64 {
    distinct_among(awards.into_iter().map(|a| {
        (
            a.recipient_kind,
            a.recipient.as_str(),
            (a.birth_year, a.locality_code.as_deref()),
        )
    }))
}

/// An award's recipient as a count of recipients sees it (the Years view's sums read only this
/// much of each award).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRecord {
    pub kind: RecipientKind,
    pub name: String,
    pub birth_year: Option<i32>,
    /// The code of the award's unit, when it has one.
    pub unit: Option<String>,
}

/// The distinct collectives and individuals among `records`, counted as [`distinct_recipients`]
/// counts them: (collectives, individuals).
pub fn recipients_by_kind(records: &[RecipientRecord]) -> (u64, u64) {
    let of = |kind: RecipientKind| {
        distinct_among(
            records
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| (r.kind, r.name.as_str(), (r.birth_year, r.unit.as_deref()))),
        )
    };
    (of(RecipientKind::Collective), of(RecipientKind::Individual))
}

/// How many more recipients `records` are than names: what the namesakes among them add to a count
/// of distinct names, (collectives, individuals). A count made by name elsewhere (SQL's `count(DISTINCT
/// recipient)`) plus this is [`recipients_by_kind`]'s; only the records of names that carry more than
/// one (birth year, unit) need be given.
pub fn namesakes_beyond_names(records: &[RecipientRecord]) -> (u64, u64) {
    let (collectives, individuals) = recipients_by_kind(records);
    let names = |kind: RecipientKind| {
        records
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| identity_name(&r.name))
            .collect::<HashSet<_>>()
            .len() as u64
    };
    (
        collectives.saturating_sub(names(RecipientKind::Collective)),
        individuals.saturating_sub(names(RecipientKind::Individual)),
    )
}

/// [`distinct_recipients`] over (kind, name, marks).
fn distinct_among<'a>(
    records: impl IntoIterator<Item = (RecipientKind, &'a str, Marks<'a>)>,
) -> u64 {
    let mut by_name: HashMap<(RecipientKind, std::borrow::Cow<'a, str>), Vec<Marks<'a>>> =
        HashMap::new();
    for (kind, name, marks) in records {
        by_name
            .entry((kind, identity_name(name)))
            .or_default()
            .push(marks);
    }
    by_name.values().map(|records| fewest_people(records)).sum()
}

/// The name part of [`recipient_identity`](super::recipient_identity), borrowed when the name is
/// already trimmed NFC, as stored names are: a national year holds tens of thousands.
fn identity_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.trim() == name && unicode_normalization::is_nfc(name) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(crate::text::normalize(name))
    }
}

/// The fewest recipients the records of one name can be, each record known by (birth year, unit).
/// One per birth year (the birth years decide); a record without one joins the recipient of its
/// unit (one whose records name that unit alone), else one whose records name no unit, else it is
/// another recipient; a record without either joins anyone.
fn fewest_people(records: &[Marks]) -> u64 {
    let mut by_birth: HashMap<i32, HashSet<&str>> = HashMap::new();
    for &(birth_year, unit) in records {
        if let Some(year) = birth_year {
            let units = by_birth.entry(year).or_default();
            units.extend(unit);
        }
    }
    let mut without_unit = by_birth.values().filter(|units| units.is_empty()).count();
    let placed: HashSet<&str> = by_birth
        .values()
        .filter(|units| units.len() == 1)
        .flat_map(|units| units.iter().copied())
        .collect();
    let mut people = by_birth.len();
    let units_only: HashSet<&str> = records
        .iter()
        .filter(|(birth_year, _)| birth_year.is_none())
        .filter_map(|&(_, unit)| unit)
        .collect();
    for unit in units_only {
        if placed.contains(unit) {
            continue;
        }
        if without_unit > 0 {
            without_unit -= 1;
        } else {
            people += 1;
        }
    }
    if people == 0 && !records.is_empty() {
        people = 1;
    }
    people as u64
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

#[cfg(test)]
mod tests {
    use super::*;

    fn award(
        kind: RecipientKind,
        name: &str,
        birth_year: Option<i32>,
        unit: Option<&str>,
    ) -> Award {
        Award {
            id: 0,
            year: 2019,
            form: AwardForm::CertificateOfMerit,
            issuer: "province_committee".to_string(),
            recipient_kind: kind,
            recipient: name.to_string(),
            locality_code: unit.map(str::to_string),
            birth_year,
            decision_no: "1/QĐ-UBND".to_string(),
            decision_date: NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or_default(),
            note: String::new(),
        }
    }

    fn person(name: &str, birth_year: Option<i32>, unit: Option<&str>) -> Award {
        award(RecipientKind::Individual, name, birth_year, unit)
    }

    const AN: &str = "Nguyễn Văn An";

    #[test]
    fn namesakes_with_different_birth_years_are_two_people() {
        let awards = [
            person(AN, Some(1970), Some("18853")),
            person(AN, Some(1985), Some("18853")),
        ];
        assert_eq!(distinct_recipients(&awards), 2);
    }

    #[test]
    fn namesakes_of_different_units_are_two_people_when_no_birth_year_tells() {
        let awards = [
            person(AN, None, Some("18853")),
            person(AN, None, Some("19120")),
        ];
        assert_eq!(distinct_recipients(&awards), 2);
        // The birth years decide over the units when both are recorded: one person who moved.
        let moved = [
            person(AN, Some(1970), Some("18853")),
            person(AN, Some(1970), Some("19120")),
        ];
        assert_eq!(distinct_recipients(&moved), 1);
    }

    #[test]
    fn a_record_no_one_can_tell_apart_is_not_one_more_person() {
        // Born 1970 in 18853; the second record has no birth year and the same unit; the third
        // neither: all may be one person.
        let awards = [
            person(AN, Some(1970), Some("18853")),
            person(AN, None, Some("18853")),
            person(AN, None, None),
        ];
        assert_eq!(distinct_recipients(&awards), 1);
        // One without a birth year beside two told apart by theirs: still two.
        let awards = [
            person(AN, Some(1970), None),
            person(AN, Some(1985), None),
            person(AN, None, Some("19120")),
        ];
        assert_eq!(distinct_recipients(&awards), 2);
        // ... unless its unit is neither's: 1970 in 18853, 1985 in 18853, someone of 19120.
        let awards = [
            person(AN, Some(1970), Some("18853")),
            person(AN, Some(1985), Some("18853")),
            person(AN, None, Some("19120")),
        ];
        assert_eq!(distinct_recipients(&awards), 3);
    }

    #[test]
    fn the_same_person_twice_is_one_and_names_are_compared_as_written_in_nfc() {
        let awards = [
            person(AN, Some(1970), Some("18853")),
            person(" Nguye\u{0302}\u{0303}n Văn An ", Some(1970), Some("18853")),
            person(AN, None, None),
            person("Nguyễn Văn Anh", None, None),
        ];
        assert_eq!(distinct_recipients(&awards), 2);
        assert_eq!(distinct_recipients(&[]), 0);
        // A collective and an individual of one name are two recipients; collectives of one name
        // in two units (two communes called Hải Ninh) are two as well.
        let awards = [
            award(
                RecipientKind::Collective,
                "Xã Hải Ninh",
                None,
                Some("19111"),
            ),
            award(
                RecipientKind::Collective,
                "Xã Hải Ninh",
                None,
                Some("19357"),
            ),
            award(
                RecipientKind::Individual,
                "Xã Hải Ninh",
                None,
                Some("19111"),
            ),
        ];
        assert_eq!(distinct_recipients(&awards), 3);
    }

    /// The fewest recipients by brute force: the partitions of the records into recipients in which
    /// no two records of one recipient are told apart and no two of different ones are the same.
    fn fewest_by_search(records: &[Marks]) -> Option<u64> {
        let n = records.len();
        let mut best: Option<u64> = None;
        // Every assignment of records to recipients 0..n, in restricted growth form.
        let mut labels = vec![0usize; n];
        loop {
            let valid = (0..n).all(|i| {
                (0..n).all(|j| match namesake(records[i], records[j]) {
                    Namesake::Same => labels[i] == labels[j],
                    Namesake::Other => labels[i] != labels[j],
                    Namesake::Maybe => true,
                })
            });
            let restricted =
                (0..n).all(|i| labels[i] <= labels[..i].iter().max().map_or(0, |m| m + 1));
            if valid && restricted {
                let blocks = labels.iter().max().map_or(0, |m| m + 1) as u64;
                best = Some(best.map_or(blocks, |b| b.min(blocks)));
            }
            // Next assignment (odometer over 0..n).
            let mut i = 0;
            while i < n && labels[i] == n - 1 {
                labels[i] = 0;
                i += 1;
            }
            if i == n {
                return if n == 0 { Some(0) } else { best };
            }
            labels[i] += 1;
        }
    }

    #[test]
    fn the_count_is_the_fewest_the_namesake_rule_allows() {
        let kinds = [
            (None, None),
            (None, Some("a")),
            (None, Some("b")),
            (Some(1970), None),
            (Some(1970), Some("a")),
            (Some(1970), Some("b")),
            (Some(1985), None),
            (Some(1985), Some("a")),
        ];
        let mut compared = 0;
        for n in 1..=4u32 {
            for mut code in 0..kinds.len().pow(n) {
                let mut records = Vec::new();
                for _ in 0..n {
                    records.push(kinds[code % kinds.len()]);
                    code /= kinds.len();
                }
                // Records that contradict each other (one person by one pair, two by another)
                // have no answer to compare with.
                let Some(want) = fewest_by_search(&records) else {
                    continue;
                };
                assert_eq!(fewest_people(&records), want, "{records:?}");
                compared += 1;
            }
        }
        assert!(compared > 1000, "{compared}");
    }
}
