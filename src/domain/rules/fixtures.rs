//! Test fixtures shared by the rules' unit tests: a small province, good rows, awards, and the
//! configuration's part the rules read, owned so that a test can change one value.

use super::{check_year, Finding, RecognitionBasis, RuleBook, RuleSet};
use crate::domain::{
    Assessment, Award, AwardForm, AwardFormSpec, Category, Coded, History, Label, Level, Locality,
    RecipientKind, Target, YearData,
};
use chrono::NaiveDate;

pub(super) fn locality(code: &str, level: Level, parent: Option<&str>) -> Locality {
    Locality {
        id: 0,
        code: code.to_string(),
        name: format!("Xã {code}"),
        level,
        parent_code: parent.map(str::to_string),
        valid_from: None,
        valid_to: None,
        predecessors: Vec::new(),
    }
}

/// Province 44; district 450 with communes 1 and 2; district 452 with commune 3.
pub(super) fn year(year: i32, assessments: Vec<Assessment>) -> YearData {
    YearData {
        year,
        localities: vec![
            locality("44", Level::Province, None),
            locality("450", Level::District, Some("44")),
            locality("1", Level::Commune, Some("450")),
            locality("2", Level::Commune, Some("450")),
            locality("452", Level::District, Some("44")),
            locality("3", Level::Commune, Some("452")),
        ],
        assessments,
        ..YearData::default()
    }
}

/// A commune row meeting both rule sets: 20/25 residential areas, police advanced, 2 models.
pub(super) fn good_commune(year: i32, code: &str) -> Assessment {
    Assessment {
        residential_areas_total: Some(25),
        residential_areas_recognized: Some(20),
        commune_recognized: Some(true),
        police_advanced: Some(true),
        agencies_total: Some(2),
        agencies_recognized: Some(2),
        schools_total: Some(3),
        schools_recognized: Some(3),
        models: Some(2),
        ..Assessment::empty(year, code)
    }
}

pub(super) fn good_year(year: i32) -> YearData {
    self::year(
        year,
        vec![
            good_commune(year, "1"),
            good_commune(year, "2"),
            good_commune(year, "3"),
        ],
    )
}

/// What the configuration gives the rules, owned and shaped like it so that a test can change
/// one value: the built-in defaults (`config/default.toml`) without targets.
pub(super) struct TestConfig {
    pub(super) general: TestGeneral,
    pub(super) categories: Vec<Coded>,
    pub(super) award_forms: Vec<AwardFormSpec>,
    pub(super) issuers: Vec<Coded>,
    pub(super) rule_sets: Vec<RuleSet>,
    pub(super) target: Vec<Target>,
}

pub(super) struct TestGeneral {
    pub(super) yoy_change_threshold: f64,
    pub(super) warn_unusual_issuer: bool,
}

impl<'a> From<&'a TestConfig> for RuleBook<'a> {
    fn from(config: &'a TestConfig) -> RuleBook<'a> {
        RuleBook {
            rule_sets: &config.rule_sets,
            targets: &config.target,
            yoy_change_threshold: config.general.yoy_change_threshold,
            warn_unusual_issuer: config.general.warn_unusual_issuer,
            categories: &config.categories,
            award_forms: &config.award_forms,
            issuers: &config.issuers,
        }
    }
}

pub(super) fn coded(code: &str, vi: &str, en: &str) -> Coded {
    Coded {
        code: code.to_string(),
        vi: vi.to_string(),
        en: en.to_string(),
    }
}

pub(super) fn award_form(code: &str, vi: &str, en: &str, issuers: &[&str]) -> AwardFormSpec {
    AwardFormSpec {
        code: code.to_string(),
        vi: vi.to_string(),
        en: en.to_string(),
        issuers: issuers.iter().map(|i| i.to_string()).collect(),
    }
}

pub(super) fn config() -> TestConfig {
    let high = [
        "ministry",
        "minister",
        "province_committee",
        "province_chairman",
    ];
    TestConfig {
        general: TestGeneral {
            yoy_change_threshold: 0.3,
            warn_unusual_issuer: false,
        },
        categories: vec![
            coded("residential_areas", "khu dân cư", "residential areas"),
            coded(
                "communes",
                "xã, phường, thị trấn",
                "communes, wards and townships",
            ),
            coded(
                "agencies",
                "cơ quan, doanh nghiệp",
                "agencies and enterprises",
            ),
            coded("schools", "trường học", "schools"),
        ],
        award_forms: vec![
            award_form("emulation_flag", "Cờ thi đua", "Emulation flag", &high),
            award_form(
                "certificate_of_merit",
                "Bằng khen",
                "Certificate of merit",
                &high,
            ),
            award_form(
                "certificate_of_commendation",
                "Giấy khen",
                "Certificate of commendation",
                &["province_police_director", "district_chairman"],
            ),
            award_form(
                "commemorative_medal",
                "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
                "Commemorative medal “Protecting national security”",
                &["ministry", "minister"],
            ),
        ],
        issuers: vec![
            coded("ministry", "Bộ Công an", "Ministry of Public Security"),
            coded(
                "minister",
                "Bộ trưởng Bộ Công an",
                "Minister of Public Security",
            ),
            coded(
                "province_committee",
                "UBND tỉnh",
                "Provincial People's Committee",
            ),
            coded(
                "province_chairman",
                "Chủ tịch UBND tỉnh",
                "Chairman of the Provincial People's Committee",
            ),
            coded(
                "province_police_director",
                "Giám đốc Công an tỉnh",
                "Director of the Provincial Police",
            ),
            coded(
                "district_chairman",
                "Chủ tịch UBND huyện",
                "Chairman of the District People's Committee",
            ),
        ],
        rule_sets: vec![
            RuleSet {
                id: "tt23_2012".to_string(),
                name: Label {
                    vi: "Thông tư 23/2012/TT-BCA".to_string(),
                    en: "Circular 23/2012/TT-BCA".to_string(),
                },
                from_year: 2012,
                to_year: Some(2021),
                basis: RecognitionBasis::ResidentialAreas,
                min_share: 0.7,
                require_police_advanced: true,
                min_models: 0,
            },
            RuleSet {
                id: "tt124_2021".to_string(),
                name: Label {
                    vi: "Thông tư 124/2021/TT-BCA".to_string(),
                    en: "Circular 124/2021/TT-BCA".to_string(),
                },
                from_year: 2022,
                to_year: None,
                basis: RecognitionBasis::AllUnits,
                min_share: 0.7,
                require_police_advanced: false,
                min_models: 1,
            },
        ],
        target: Vec::new(),
    }
}

pub(super) fn target(
    year: i32,
    category: Category,
    min_share: f64,
    locality: Option<&str>,
) -> Target {
    Target {
        year,
        category,
        min_share,
        locality: locality.map(str::to_string),
    }
}

pub(super) fn award(
    form: AwardForm,
    kind: RecipientKind,
    recipient: &str,
    code: Option<&str>,
) -> Award {
    Award {
        id: 0,
        year: 2019,
        form,
        issuer: "province_chairman".to_string(),
        recipient_kind: kind,
        recipient: recipient.to_string(),
        locality_code: code.map(str::to_string),
        birth_year: None,
        decision_no: "514/QĐ-UBND".to_string(),
        decision_date: NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or_default(),
        note: String::new(),
    }
}

pub(super) fn check(data: &YearData, history: &History, config: &TestConfig) -> Vec<Finding> {
    check_year(data, history, config)
}

pub(super) fn of_rule<'f>(findings: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}
