//! Scenario tests of the rules engine over synthetic data sets, and robustness on odd data.

use antq::config::Config;
use antq::domain::rules::{check_year, rule, Checker, Edit, Severity};
use antq::domain::{
    Assessment, Award, AwardForm, Category, Field, FieldValue, History, Level, Limitation,
    LimitationStatus, Locality, MedalHolder, RecipientKind, Target, YearData,
};
use antq::synth::{self, SynthSpec};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};

use crate::common::reform;

fn small_spec(seed: u64) -> SynthSpec {
    SynthSpec {
        provinces: 1,
        districts: 6,
        communes: 90,
        years: 2019..=2023,
        awards: 900,
        seed,
    }
}

/// The built-in configuration with a target for every category, and district 002 stricter.
fn config_with_targets(year: i32) -> Config {
    let mut config = Config::builtin();
    for (category, share) in [
        (Category::ResidentialAreas, 0.85),
        (Category::Communes, 0.7),
        (Category::Agencies, 0.9),
        (Category::Schools, 0.9),
    ] {
        config.target.push(Target {
            year,
            category,
            min_share: share,
            locality: None,
        });
    }
    config.target.push(Target {
        year,
        category: Category::ResidentialAreas,
        min_share: 0.95,
        locality: Some("002".to_string()),
    });
    config
}

fn count_by_rule(findings: &[antq::domain::rules::Finding]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.rule).or_insert(0) += 1;
    }
    counts
}

#[test]
fn docs_describe_every_rule() {
    let docs = include_str!("../../docs/rules.md");
    for id in rule::ALL {
        assert!(
            docs.contains(&format!("`{id}`")),
            "docs/rules.md lacks `{id}`"
        );
    }
}

#[test]
fn synthetic_data_is_deterministic_and_seeded() {
    let spec = small_spec(7);
    assert_eq!(synth::generate(&spec), synth::generate(&spec));
    assert_ne!(synth::generate(&spec), synth::generate(&small_spec(8)));
}

#[test]
fn synthetic_localities_form_one_tree_per_year_with_unique_codes() {
    for spec in [
        small_spec(1),
        SynthSpec {
            provinces: 5,
            ..small_spec(2)
        },
    ] {
        let dataset = synth::generate(&spec);
        // 1% of 90 communes: one merger.
        assert_eq!(
            dataset
                .localities
                .iter()
                .filter(|l| l.valid_from.is_some())
                .count(),
            1
        );
        for year in spec.years.clone() {
            let data = dataset.year_data(year);
            let codes: HashSet<&str> = data.localities.iter().map(|l| l.code.as_str()).collect();
            assert_eq!(
                codes.len(),
                data.localities.len(),
                "duplicate code in {year}"
            );
            let roots: Vec<_> = data
                .localities
                .iter()
                .filter(|l| l.level == Level::Province)
                .collect();
            assert_eq!(roots.len(), 1);
            for locality in &data.localities {
                if let Some(parent) = &locality.parent_code {
                    let parent = data.localities.iter().find(|l| &l.code == parent);
                    assert!(parent.is_some_and(|p| p.level < locality.level));
                }
            }
            let communes = data
                .localities
                .iter()
                .filter(|l| l.level == Level::Commune)
                .count();
            let successors = dataset
                .localities
                .iter()
                .filter(|l| l.valid_from.is_some())
                .count();
            let merged_away = if year >= 2020 { successors } else { 0 };
            assert_eq!(
                communes,
                spec.communes as usize - merged_away,
                "communes of {year}"
            );
        }
    }
}

#[test]
fn synthetic_data_mostly_passes_and_never_breaks_what_import_refuses() {
    let spec = small_spec(3);
    let dataset = synth::generate(&spec);
    let config = Config::builtin();
    for year in spec.years.clone() {
        let data = dataset.year_data(year);
        let history = dataset.history(year);
        let findings = check_year(&data, &history, &config);
        let counts = count_by_rule(&findings);
        for refused in [
            rule::RECOGNIZED_LE_TOTAL,
            rule::COMMUNE_ONLY_FIELD,
            rule::AWARD_UNKNOWN_LOCALITY,
            rule::LIMITATION_UNKNOWN_LOCALITY,
            rule::ASSESSMENT_UNKNOWN_LOCALITY,
            rule::FLAG_TO_INDIVIDUAL,
            rule::MEDAL_TO_COLLECTIVE,
            rule::MEDAL_TWICE,
        ] {
            assert!(
                !counts.contains_key(refused),
                "{year}: {refused} in {counts:?}"
            );
        }
        let errors = findings.iter().filter(|f| f.is_error()).count();
        assert!(
            errors * 50 <= data.assessments.len(),
            "{year}: {errors} errors: {counts:?}"
        );
        assert!(!data.awards.is_empty() && !data.limitations.is_empty());
    }
}

#[test]
fn degenerate_specs_give_small_data_sets_without_panicking() {
    let empty = SynthSpec {
        provinces: 0,
        districts: 0,
        communes: 0,
        // An empty range of years, on purpose.
        years: std::ops::RangeInclusive::new(2020, 2019),
        awards: 10,
        seed: 0,
    };
    let dataset = synth::generate(&empty);
    assert_eq!(dataset.localities.len(), 1, "only the root");
    assert!(dataset.assessments.is_empty() && dataset.awards.is_empty());

    let no_districts = SynthSpec {
        provinces: 3,
        districts: 0,
        communes: 5,
        years: 2024..=2024,
        awards: 3,
        seed: 1,
    };
    let dataset = synth::generate(&no_districts);
    let data = dataset.year_data(2024);
    assert_eq!(
        data.localities
            .iter()
            .filter(|l| l.level == Level::District)
            .count(),
        1
    );
    assert_eq!(
        data.localities
            .iter()
            .filter(|l| l.level == Level::Commune)
            .count(),
        5
    );
    assert_eq!(data.awards.len(), 3);

    let more_districts_than_communes = SynthSpec {
        provinces: 2,
        districts: 9,
        communes: 4,
        ..no_districts
    };
    let dataset = synth::generate(&more_districts_than_communes);
    assert_eq!(dataset.localities.len(), 1 + 9 + 4);
}

#[test]
fn the_national_spec_has_the_announced_shape() {
    let spec = SynthSpec::national();
    assert_eq!(
        (spec.provinces, spec.districts, spec.communes),
        (63, 700, 10_000)
    );
    assert_eq!(spec.years.clone().count(), 30);
    assert_eq!(spec.awards, 100_000);
    let small = SynthSpec::small();
    assert_eq!((small.districts, small.communes), (8, 159));
}

#[test]
fn a_merger_reuses_a_code_and_last_years_figures_flag_the_jump() {
    let spec = small_spec(4);
    let dataset = synth::generate(&spec);
    let successor = dataset
        .localities
        .iter()
        .find(|l| l.valid_from.is_some())
        .expect("1% of 90 communes merge: one successor");
    assert_eq!(successor.valid_from, NaiveDate::from_ymd_opt(2020, 2, 1));
    let predecessor = dataset
        .localities
        .iter()
        .find(|l| l.code == successor.code && l.valid_to.is_some())
        .expect("the successor reuses a predecessor's code");
    assert_eq!(predecessor.valid_to, NaiveDate::from_ymd_opt(2020, 1, 31));
    assert!(dataset.year_data(2019).localities.contains(predecessor));
    assert!(dataset.year_data(2020).localities.contains(successor));

    let data = dataset.year_data(2020);
    let findings = check_year(&data, &dataset.history(2020), &Config::builtin());
    assert!(findings
        .iter()
        .any(|f| f.rule == rule::YOY_CHANGE && f.locality_code == successor.code));
}

#[test]
fn history_holds_last_year_and_medals_of_other_years_only() {
    let spec = small_spec(5);
    let dataset = synth::generate(&spec);
    let history = dataset.history(2021);
    assert_eq!(history.previous.as_ref().map(|p| p.year), Some(2020));
    assert!(!history.medals_other_years.is_empty());
    assert!(history
        .medals_other_years
        .iter()
        .all(|holder| holder.year != 2021));
    assert!(dataset.history(2019).previous.is_none());
}

#[test]
fn check_all_holds_what_each_district_check_finds() {
    let spec = small_spec(6);
    let dataset = synth::generate(&spec);
    let config = config_with_targets(2022);
    let data = dataset.year_data(2022);
    let history = dataset.history(2022);
    let checker = Checker::new(&data, &history, &config);
    let all = checker.check_all();
    assert_eq!(all, check_year(&data, &history, &config));
    assert!(
        all.iter().any(|f| f.rule == rule::TARGET_SHORTFALL),
        "{:?}",
        count_by_rule(&all)
    );
    let districts: Vec<_> = data
        .localities
        .iter()
        .filter(|l| l.level == Level::District)
        .collect();
    assert!(
        !districts.is_empty(),
        "the synthetic province has districts"
    );
    let mut district_findings = 0;
    for district in districts {
        let result = checker.check_district(&district.code, None);
        district_findings += result.findings.len();
        assert_eq!(result.gauges.len(), 8);
        for finding in &result.findings {
            assert!(all.contains(finding), "{finding:?} missing from check_all");
        }
    }
    assert!(district_findings > 0, "no district finding was compared");
}

/// Applies an edit to a copy of the data, the way committing it would.
fn committed(data: &YearData, edit: &Edit) -> YearData {
    let mut data = data.clone();
    match data
        .assessments
        .iter_mut()
        .rev()
        .find(|row| row.locality_code == edit.locality_code)
    {
        Some(row) => {
            row.set(edit.field, edit.value);
        }
        None => {
            let mut row = Assessment::empty(data.year, &edit.locality_code);
            row.set(edit.field, edit.value);
            data.assessments.push(row);
        }
    }
    data
}

fn field_value(field: Field, number: Option<u32>) -> FieldValue {
    match field.kind() {
        antq::domain::FieldKind::Count => FieldValue::Count(number),
        antq::domain::FieldKind::Flag => FieldValue::Flag(number.map(|n| n % 2 == 0)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// What the TUI sees while typing is exactly what `check` would say once the value is stored.
    #[test]
    fn an_edit_judged_live_equals_the_edit_committed(
        seed in 0u64..4,
        year in 2020i32..=2023,
        locality_pick in 0usize..1000,
        district_pick in 0usize..100,
        field_pick in 0usize..Field::ALL.len(),
        number in proptest::option::of(0u32..60),
    ) {
        let spec = small_spec(seed);
        let dataset = synth::generate(&spec);
        let data = dataset.year_data(year);
        let history = dataset.history(year);
        let config = config_with_targets(year);
        let districts: Vec<&Locality> =
            data.localities.iter().filter(|l| l.level == Level::District).collect();
        let district = districts[district_pick % districts.len()];
        // Mostly edit inside the district, sometimes anywhere.
        let in_district: Vec<&Locality> = data
            .localities
            .iter()
            .filter(|l| l.code == district.code || l.parent_code.as_deref() == Some(&district.code))
            .collect();
        let edited = if locality_pick % 4 == 0 {
            &data.localities[locality_pick % data.localities.len()]
        } else {
            in_district[locality_pick % in_district.len()]
        };
        let field = Field::ALL[field_pick];
        let edit = Edit {
            locality_code: edited.code.clone(),
            field,
            value: field_value(field, number),
        };

        let live = Checker::new(&data, &history, &config).check_district(&district.code, Some(&edit));
        let stored_data = committed(&data, &edit);
        let stored = Checker::new(&stored_data, &history, &config).check_district(&district.code, None);
        prop_assert_eq!(live, stored);
    }
}

fn odd_locality(code: u8, level: u8, parent: Option<u8>) -> Locality {
    Locality {
        id: 0,
        code: code.to_string(),
        name: format!("Nơi {code}"),
        level: [Level::Province, Level::District, Level::Commune][usize::from(level % 3)],
        parent_code: parent.map(|p| p.to_string()),
        valid_from: None,
        valid_to: None,
        predecessors: Vec::new(),
    }
}

fn odd_row(year: i32, code: u8, values: [Option<u32>; 9]) -> Assessment {
    let mut row = Assessment::empty(year, &code.to_string());
    for (field, value) in Field::ALL.into_iter().zip(values) {
        row.set(field, field_value(field, value));
    }
    row
}

fn odd_award(year: i32, form: u8, kind: bool, name: u8, code: Option<u8>) -> Award {
    Award {
        id: 0,
        year,
        form: AwardForm::ALL[usize::from(form % 4)],
        issuer: ["ministry", "district_chairman", "nobody"][usize::from(name % 3)].to_string(),
        recipient_kind: if kind {
            RecipientKind::Collective
        } else {
            RecipientKind::Individual
        },
        recipient: format!("Người {}", name % 5),
        locality_code: code.map(|c| c.to_string()),
        birth_year: (!kind && name.is_multiple_of(2)).then(|| 1960 + i32::from(name % 3)),
        decision_no: format!("{name}/QĐ"),
        decision_date: NaiveDate::default(),
        note: String::new(),
    }
}

fn count_or_extreme() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        Just(None),
        Just(Some(0)),
        Just(Some(u32::MAX)),
        (0u32..40).prop_map(Some),
    ]
}

fn share() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(1.5),
        Just(-1.0),
        Just(1e30),
        Just(f64::NAN),
        0.0f64..1.0,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Odd codes, missing or looping parents, duplicate codes, zero and huge counts, unknown localities,
    /// absurd configuration: the rules judge, they never panic.
    #[test]
    fn the_rules_never_panic_on_odd_data(
        localities in proptest::collection::vec((0u8..12, 0u8..3, proptest::option::of(0u8..14)), 0..14),
        rows in proptest::collection::vec((0u8..14, proptest::array::uniform9(count_or_extreme())), 0..16),
        previous_rows in proptest::collection::vec((0u8..14, proptest::array::uniform9(count_or_extreme())), 0..8),
        awards in proptest::collection::vec((0u8..4, any::<bool>(), 0u8..9, proptest::option::of(0u8..14)), 0..10),
        limitation_codes in proptest::collection::vec(0u8..14, 0..4),
        target_share in share(),
        rule_share in share(),
        threshold in share(),
        min_models in prop_oneof![Just(0u32), Just(1), Just(u32::MAX)],
        warn_issuer in any::<bool>(),
        edit_code in 0u8..14,
        edit_field in 0usize..Field::ALL.len(),
        edit_value in count_or_extreme(),
    ) {
        let year = 2022;
        let data = YearData {
            year,
            localities: localities.iter().map(|&(c, l, p)| odd_locality(c, l, p)).collect(),
            assessments: rows.iter().map(|&(c, v)| odd_row(year, c, v)).collect(),
            awards: awards.iter().map(|&(f, k, n, c)| odd_award(year, f, k, n, c)).collect(),
            limitations: limitation_codes
                .iter()
                .map(|c| Limitation {
                    id: 0,
                    year,
                    locality_code: c.to_string(),
                    category: "other".to_string(),
                    text: String::new(),
                    remedy: String::new(),
                    status: LimitationStatus::Open,
                })
                .collect(),
        };
        let history = History {
            previous: Some(YearData {
                year: year - 1,
                localities: data.localities.clone(),
                assessments: previous_rows.iter().map(|&(c, v)| odd_row(year - 1, c, v)).collect(),
                ..YearData::default()
            }),
            medals_other_years: vec![
                MedalHolder {
                    year: 2010,
                    recipient: "Người 1".to_string(),
                    birth_year: None,
                    locality_code: None,
                },
                MedalHolder {
                    year,
                    recipient: "Người 2".to_string(),
                    birth_year: Some(1970),
                    locality_code: None,
                },
            ],
        };
        let mut config = Config::builtin();
        config.general.yoy_change_threshold = threshold;
        config.general.warn_unusual_issuer = warn_issuer;
        for rule_set in &mut config.rule_sets {
            rule_set.min_share = rule_share;
            rule_set.min_models = min_models;
        }
        for category in Category::ALL {
            config.target.push(Target { year, category, min_share: target_share, locality: None });
        }

        let checker = Checker::new(&data, &history, &config);
        let all = checker.check_all();
        prop_assert!(all.iter().all(|f| f.year == year && !f.message_vi.is_empty() && !f.message_en.is_empty()));
        prop_assert!(all.iter().filter(|f| f.rule == rule::TARGET_SHORTFALL).all(|f| f.severity == Severity::Warning));
        let field = Field::ALL[edit_field];
        let edit = Edit { locality_code: edit_code.to_string(), field, value: field_value(field, edit_value) };
        for code in 0u8..14 {
            let result = checker.check_district(&code.to_string(), Some(&edit));
            prop_assert!(result.gauges.len() <= 8);
            prop_assert!(result.gauges.iter().all(|g| g.met != Some(true) || g.missing == 0));
        }
    }
}

#[test]
fn every_province_of_a_year_is_held_to_the_province_wide_target() {
    let unit = |code: &str, level: Level, parent: Option<&str>| Locality {
        id: 0,
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent_code: parent.map(str::to_string),
        valid_from: None,
        valid_to: None,
        predecessors: Vec::new(),
    };
    let row = |code: &str, total: u32, recognized: u32| {
        let mut a = Assessment::empty(2019, code);
        a.residential_areas_total = Some(total);
        a.residential_areas_recognized = Some(recognized);
        a
    };
    let data = YearData {
        year: 2019,
        localities: vec![
            unit("44", Level::Province, None),
            unit("450", Level::District, Some("44")),
            unit("18853", Level::Commune, Some("450")),
            unit("40", Level::Province, None),
            unit("426", Level::District, Some("40")),
            unit("17662", Level::Commune, Some("426")),
        ],
        // Quảng Bình meets 86%, Nghệ An (10/20) does not.
        assessments: vec![row("18853", 10, 9), row("17662", 20, 10)],
        ..YearData::default()
    };
    let findings = check_year(&data, &History::default(), &Config::builtin());
    let short: Vec<&str> = findings
        .iter()
        .filter(|f| {
            f.rule == rule::TARGET_SHORTFALL && f.field.as_deref() == Some("residential_areas")
        })
        .map(|f| f.locality_code.as_str())
        .collect();
    assert!(short.contains(&"40"), "{short:?}");
    assert!(short.contains(&"426"), "{short:?}");
    assert!(!short.contains(&"44"), "{short:?}");
    assert!(!short.contains(&"450"), "{short:?}");
}

/// From 1 July 2025 a commune stands directly under its province: the commune rule (TT 124/2021 as
/// amended by TT 48/2025, criteria unchanged) judges it on its own row, no district needed.
#[test]
fn the_commune_rule_judges_a_commune_under_the_province_in_a_two_level_year() {
    let config = Config::builtin();
    let in_force = antq::domain::RuleSet::in_force(&config.rule_sets, 2025).expect("a rule set");
    assert_eq!(in_force.id, "tt124_2021");
    let mut data = reform::dataset();
    for row in data.assessments.iter_mut().filter(|a| a.year == 2025) {
        if row.locality_code == reform::VINH_LINH_COMMUNE {
            // 10 of 18 residential areas, 1 agency, 2 schools: 13 of 21 units, 70% needs 15.
            row.residential_areas_recognized = Some(10);
        }
        if row.locality_code == reform::QUANG_NINH_COMMUNE {
            row.models = Some(0);
            // The police's rating is no condition under TT 124.
            row.police_advanced = Some(false);
        }
    }
    let year = data.year_data(2025);
    assert!(year.localities.iter().all(|l| l.level != Level::District));
    let findings: Vec<(String, Option<String>)> = check_year(&year, &History::default(), &config)
        .into_iter()
        .filter(|f| f.rule == rule::COMMUNE_RULE_SET)
        .inspect(|f| {
            assert!(
                f.message_vi.contains("Thông tư 124/2021/TT-BCA"),
                "{}",
                f.message_vi
            )
        })
        .map(|f| (f.locality_code, f.field))
        .collect();
    assert_eq!(
        findings,
        [
            (
                reform::QUANG_NINH_COMMUNE.to_string(),
                Some("models".to_string())
            ),
            (
                reform::VINH_LINH_COMMUNE.to_string(),
                Some("commune_recognized".to_string())
            ),
        ]
    );
}

/// The commemorative medal once per person, a person being a name and a birth year or unit, read
/// from a real database: the same person twice is an error, a namesake nothing tells apart a
/// warning, a namesake born in another year nothing.
#[test]
fn the_medal_rule_tells_namesakes_apart_by_birth_year_or_unit() {
    let (db, mut store) = crate::common::loaded();
    let awards = db.file(
        "medals.csv",
        "year,form,issuer,recipient_kind,recipient,birth_year,locality_code,decision_no,decision_date,note
2018,commemorative_medal,ministry,individual,Lê Văn Hùng,1965,19120,11/QĐ-BCA,2018-12-10,
2018,commemorative_medal,ministry,individual,Phạm Thị Mai,1970,19120,12/QĐ-BCA,2018-12-10,
2018,commemorative_medal,ministry,individual,Đỗ Văn Tâm,,,13/QĐ-BCA,2018-12-10,
2019,commemorative_medal,ministry,individual,Lê Văn Hùng,1965,19123,21/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Phạm Thị Mai,1982,19120,22/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Đỗ Văn Tâm,1975,19123,23/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Hoàng Văn Nam,,19120,24/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Hoàng Văn Nam,,19120,25/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Vũ Thị Lan,,19120,26/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Vũ Thị Lan,,19123,27/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Trịnh Văn Bảo,,,28/QĐ-BCA,2019-12-10,
2019,commemorative_medal,ministry,individual,Trịnh Văn Bảo,1961,19120,29/QĐ-BCA,2019-12-10,
",
    );
    antq::services::import::import_paths(&mut store, &Config::builtin(), &[awards])
        .expect("import");
    let result = antq::services::check::run(&store, &Config::builtin(), 2019, None).expect("check");
    let about = |name: &str, rule: &str| -> Vec<(Severity, String)> {
        result
            .findings
            .iter()
            .filter(|f| f.rule == rule && f.message(antq::text::Lang::Vi).contains(name))
            .map(|f| (f.severity, f.message(antq::text::Lang::Vi).to_string()))
            .collect()
    };
    // Same name, same birth year, another commune: the same person, in 2018 already.
    let hung = about("Lê Văn Hùng", rule::MEDAL_TWICE);
    assert_eq!(hung.len(), 1, "{hung:?}");
    assert_eq!(hung[0].0, Severity::Error);
    assert!(hung[0].1.contains("năm 2018"), "{hung:?}");
    // Same name, another birth year: another person.
    assert!(about("Phạm Thị Mai", rule::MEDAL_TWICE).is_empty());
    assert!(about("Phạm Thị Mai", rule::MEDAL_NAMESAKE).is_empty());
    // 2018's Đỗ Văn Tâm has neither birth year nor unit: maybe the same person.
    let tam = about("Đỗ Văn Tâm", rule::MEDAL_NAMESAKE);
    assert_eq!(tam.len(), 1, "{tam:?}");
    assert_eq!(tam[0].0, Severity::Warning);
    assert!(
        tam[0].1.starts_with("có thể trùng người: Đỗ Văn Tâm"),
        "{tam:?}"
    );
    assert!(about("Đỗ Văn Tâm", rule::MEDAL_TWICE).is_empty());
    // No birth years, one commune: the same person twice this year (the later award flagged).
    let nam = about("Hoàng Văn Nam", rule::MEDAL_TWICE);
    assert_eq!(nam.len(), 1, "{nam:?}");
    assert!(
        nam[0].1.contains("25/QĐ-BCA") || nam[0].1.contains("24/QĐ-BCA"),
        "{nam:?}"
    );
    // No birth years, two communes: two people.
    assert!(about("Vũ Thị Lan", rule::MEDAL_TWICE).is_empty());
    assert!(about("Vũ Thị Lan", rule::MEDAL_NAMESAKE).is_empty());
    // One of the two has neither: a warning, not an error.
    let bao = about("Trịnh Văn Bảo", rule::MEDAL_NAMESAKE);
    assert_eq!(bao.len(), 1, "{bao:?}");
    assert_eq!(bao[0].0, Severity::Warning);
    assert!(about("Trịnh Văn Bảo", rule::MEDAL_TWICE).is_empty());
}
