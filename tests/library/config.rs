//! Configuration loading: each bad file is an error naming file, line and key; the layers override
//! in the documented order; the compiled-in configuration carries the two rule sets.

use antq::config::{Config, ConfigError, ConfigSources, EnterDirection};
use antq::domain::Category;
use antq::domain::RecognitionBasis;
use antq::text::Lang;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the temp dir is writable");
    path
}

fn explicit(path: &Path) -> ConfigSources {
    ConfigSources {
        system: None,
        user: None,
        explicit: Some(path.to_path_buf()),
    }
}

/// The system layer alone: the one file (besides the compiled defaults) that may hold the
/// province's policy.
fn system(path: &Path) -> ConfigSources {
    ConfigSources {
        system: Some(path.to_path_buf()),
        user: None,
        explicit: None,
    }
}

/// Loads `text` as the system layer (which may hold every key) and returns the error it must
/// produce.
fn error_of(text: &str) -> (ConfigError, PathBuf) {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(&dir, "antq.toml", text);
    let error = Config::load(&system(&path)).expect_err("the file is wrong");
    (error, path)
}

/// The error names the file, the line and the key, and Display puts them in that order.
fn assert_error_at(text: &str, line: usize, key: &str, message_contains: &str) -> ConfigError {
    let (error, path) = error_of(text);
    let file = path.display().to_string();
    assert_eq!(error.file, file, "{error}");
    assert_eq!(error.line, Some(line), "{error}");
    assert_eq!(error.key.as_deref(), Some(key), "{error}");
    assert!(
        error.message.contains(message_contains),
        "{error:?} should contain {message_contains:?}"
    );
    assert!(!error.message_vi.is_empty() && error.message_vi != error.message);
    assert_eq!(
        error.to_string(),
        format!("{file}:{line}: {key}: {}", error.message)
    );
    error
}

#[test]
fn a_typo_in_a_key_is_an_error_with_a_suggestion() {
    assert_error_at(
        "# mine\n[general]\nlangauge = \"vi\"\n",
        3,
        "general.langauge",
        "did you mean `language`?",
    );
}

#[test]
fn an_unknown_top_level_section_is_an_error() {
    assert_error_at(
        "[[targets]]\nyear = 2019\n",
        1,
        "targets",
        "did you mean `target`?",
    );
    assert_error_at("[colours]\nbg = 1\n", 1, "colours", "unknown key");
}

#[test]
fn an_unknown_key_inside_an_entry_is_an_error() {
    assert_error_at(
        "[[target]]\nyear = 2019\ncategory = \"communes\"\nmin_share = 0.8\nminimum = 0.9\n",
        5,
        "target.minimum",
        "unknown key",
    );
}

#[test]
fn a_wrong_type_is_an_error() {
    let error = assert_error_at(
        "[general]\n\nyoy_change_threshold = \"lots\"\n",
        3,
        "general.yoy_change_threshold",
        "expected a number",
    );
    assert!(error.message.contains("\"lots\""), "{error}");
    assert_error_at(
        "[general]\nwarn_unusual_issuer = \"yes\"\n",
        2,
        "general.warn_unusual_issuer",
        "expected true or false",
    );
    assert_error_at("general = 3\n", 1, "general", "expected a table");
}

#[test]
fn a_target_share_above_one_is_an_error() {
    assert_error_at(
        "[[target]]\nyear = 2019\ncategory = \"residential_areas\"\nmin_share = 1.5\n",
        4,
        "target.min_share",
        "between 0 and 1",
    );
}

#[test]
fn a_target_for_an_unknown_category_is_an_error() {
    assert_error_at(
        "[[target]]\nyear = 2019\ncategory = \"villages\"\nmin_share = 0.9\n",
        3,
        "target.category",
        "unknown category `villages`",
    );
}

#[test]
fn a_target_without_a_share_is_an_error_at_its_header() {
    assert_error_at(
        "\n[[target]]\nyear = 2019\ncategory = \"schools\"\n",
        2,
        "target.min_share",
        "missing",
    );
}

#[test]
fn a_target_for_an_implausible_year_is_an_error() {
    assert_error_at(
        "[[target]]\nyear = 219\ncategory = \"schools\"\nmin_share = 0.9\n",
        2,
        "target.year",
        "from 1990 to 2100",
    );
}

#[test]
fn an_unknown_language_is_an_error() {
    assert_error_at(
        "[general]\nlanguage = \"fr\"\n",
        2,
        "general.language",
        "unknown language `fr`",
    );
}

const RULE_SET_2030: &str = "[[rule_sets]]
id = \"future\"
name = { vi = \"Tương lai\", en = \"Future\" }
from_year = 2030
basis = \"all_units\"
min_share = 0.7
require_police_advanced = false
min_models = 1
";

#[test]
fn a_rule_set_share_outside_zero_to_one_is_an_error() {
    let text = RULE_SET_2030.replace("min_share = 0.7", "min_share = 70");
    assert_error_at(&text, 6, "rule_sets.min_share", "between 0 and 1");
}

#[test]
fn a_rule_set_ending_before_it_starts_is_an_error() {
    let text = RULE_SET_2030.replace("from_year = 2030\n", "from_year = 2030\nto_year = 2029\n");
    assert_error_at(&text, 5, "rule_sets.to_year", "to_year must not be earlier");
}

#[test]
fn overlapping_rule_sets_are_an_error_on_the_later_one() {
    // tt124_2021 runs from 2022 with no end, so a rule set from 2030 overlaps it.
    let error = assert_error_at(
        RULE_SET_2030,
        4,
        "rule_sets.from_year",
        "overlaps rule set `tt124_2021`",
    );
    assert!(error.message.contains("config/default.toml"), "{error}");
}

#[test]
fn a_new_rule_set_fits_when_the_open_one_is_closed() {
    let dir = TempDir::new().expect("a temp dir");
    let closing = RULE_SET_2030.to_string()
        + "
[[rule_sets]]
id = \"tt124_2021\"
name = { vi = \"Thông tư 124/2021/TT-BCA\", en = \"Circular 124/2021/TT-BCA\" }
from_year = 2022
to_year = 2029
basis = \"all_units\"
min_share = 0.7
require_police_advanced = false
min_models = 1
";
    let path = write(&dir, "antq.toml", &closing);
    let config = Config::load(&system(&path)).expect("the ranges no longer overlap");
    assert_eq!(config.rule_sets.len(), 3);
    assert_eq!(
        config.rule_set(2029).map(|r| r.id.as_str()),
        Some("tt124_2021")
    );
    assert_eq!(config.rule_set(2030).map(|r| r.id.as_str()), Some("future"));
    assert_eq!(
        config.rule_set(2021).map(|r| r.id.as_str()),
        Some("tt23_2012")
    );
}

#[test]
fn invalid_toml_is_an_error_naming_line_and_key() {
    assert_error_at(
        "[general]\nlanguage = \"vi\nenter_direction = \"down\"\n",
        2,
        "general.language",
        "not valid TOML",
    );
}

#[test]
fn a_key_written_twice_is_a_syntax_error() {
    assert_error_at(
        "[general]\nlanguage = \"vi\"\nlanguage = \"en\"\n",
        3,
        "general.language",
        "not valid TOML",
    );
}

#[test]
fn the_same_entry_twice_in_one_file_is_an_error() {
    let target = "[[target]]\nyear = 2019\ncategory = \"schools\"\nmin_share = 0.9\n";
    assert_error_at(
        &format!("{target}\n{target}"),
        6,
        "target",
        "defined twice in this file (first at line 1)",
    );
}

#[test]
fn an_award_form_naming_an_unknown_issuer_is_an_error() {
    assert_error_at(
        "[[award_forms]]\ncode = \"emulation_flag\"\nvi = \"Cờ thi đua\"\nen = \"Emulation flag\"\nissuers = [\"ministry\", \"minstry\"]\n",
        5,
        "award_forms.issuers",
        "unknown issuer `minstry`",
    );
}

#[test]
fn a_code_with_capitals_or_diacritics_is_an_error() {
    assert_error_at(
        "[[issuers]]\ncode = \"Công an xã\"\nvi = \"Công an xã\"\nen = \"Commune police\"\n",
        2,
        "issuers.code",
        "not a valid code",
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_line_order() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "antq.toml",
        "[general]\nlanguage = \"fr\"\nlangauge = \"vi\"\n\n[[target]]\nyear = 2019\ncategory = \"schools\"\nmin_share = 2\n",
    );
    let errors = Config::load_reporting_all(&system(&path)).expect_err("three problems");
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(8)], "{errors:?}");
}

#[test]
fn a_missing_explicit_file_is_an_error() {
    let dir = TempDir::new().expect("a temp dir");
    let path = dir.path().join("absent.toml");
    let error = Config::load(&explicit(&path)).expect_err("the file was asked for");
    assert_eq!(error.file, path.display().to_string());
    assert_eq!(error.line, None);
    assert!(error.message.contains("does not exist"), "{error}");
}

#[test]
fn missing_system_and_user_files_are_skipped() {
    let dir = TempDir::new().expect("a temp dir");
    let sources = ConfigSources {
        system: Some(dir.path().join("system.toml")),
        user: Some(dir.path().join("user.toml")),
        explicit: None,
    };
    assert_eq!(Config::load(&sources), Ok(Config::builtin()));
}

#[test]
fn a_file_that_is_not_utf8_is_an_error() {
    let dir = TempDir::new().expect("a temp dir");
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"[general]\nlanguage = \"vi\" # Qu\xe3ng\n").expect("writable");
    let error = Config::load(&explicit(&path)).expect_err("not UTF-8");
    assert!(error.message.contains("UTF-8"), "{error}");
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(&dir, "bom.toml", "\u{FEFF}[general]\nlanguage = \"en\"\n");
    let config = Config::load(&explicit(&path)).expect("a BOM is not an error");
    assert_eq!(config.general.language, Lang::En);
}

#[test]
fn explicit_beats_user_beats_system_beats_builtin() {
    let dir = TempDir::new().expect("a temp dir");
    let system = write(
        &dir,
        "system.toml",
        "[general]\nlanguage = \"en\"\nenter_direction = \"right\"\nyoy_change_threshold = 0.5\n",
    );
    let user = write(
        &dir,
        "user.toml",
        "[general]\nenter_direction = \"down\"\nlanguage = \"en\"\n",
    );
    let explicit_file = write(&dir, "explicit.toml", "[general]\nlanguage = \"vi\"\n");
    let builtin = Config::builtin();
    let sources = ConfigSources {
        system: Some(system.clone()),
        user: None,
        explicit: None,
    };
    let only_system = Config::load(&sources).expect("valid");
    assert_eq!(only_system.general.language, Lang::En);
    assert_eq!(only_system.general.enter_direction, EnterDirection::Right);
    assert_eq!(only_system.general.yoy_change_threshold, 0.5);
    assert_eq!(
        only_system.general.warn_unusual_issuer,
        builtin.general.warn_unusual_issuer
    );

    let all = ConfigSources {
        system: Some(system),
        user: Some(user),
        explicit: Some(explicit_file),
    };
    let config = Config::load(&all).expect("valid");
    // Key by key: each key comes from the highest layer that sets it.
    assert_eq!(config.general.language, Lang::Vi); // explicit
    assert_eq!(config.general.enter_direction, EnterDirection::Down); // user
    assert_eq!(config.general.yoy_change_threshold, 0.5); // system
    assert_eq!(
        config.general.warn_unusual_issuer,
        builtin.general.warn_unusual_issuer
    );
}

#[test]
fn a_target_override_replaces_exactly_one_target() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "targets.toml",
        "[[target]]\nyear = 2019\ncategory = \"residential_areas\"\nmin_share = 0.9\n",
    );
    let builtin = Config::builtin();
    let config = Config::load(&system(&path)).expect("valid");
    assert_eq!(config.target.len(), builtin.target.len());
    let changed: Vec<_> = config
        .target
        .iter()
        .zip(&builtin.target)
        .filter(|(mine, theirs)| mine != theirs)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].0.year, 2019);
    assert_eq!(changed[0].0.min_share, 0.9);
    assert_eq!(
        config.target_for(2019, Category::ResidentialAreas, None),
        Some(0.9)
    );
    assert_eq!(
        config.target_for(2018, Category::ResidentialAreas, None),
        builtin.target_for(2018, Category::ResidentialAreas, None)
    );
}

#[test]
fn a_district_target_is_added_beside_the_province_one() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "targets.toml",
        "[[target]]\nyear = 2019\ncategory = \"residential_areas\"\nmin_share = 0.75\nlocality = \"457\"\n\n[[target]]\nyear = 2023\ncategory = \"schools\"\nmin_share = 1\n",
    );
    let builtin = Config::builtin();
    let config = Config::load(&system(&path)).expect("valid");
    assert_eq!(config.target.len(), builtin.target.len() + 2);
    assert_eq!(
        config.target_for(2019, Category::ResidentialAreas, Some("457")),
        Some(0.75)
    );
    assert_eq!(
        config.target_for(2019, Category::ResidentialAreas, Some("450")),
        builtin.target_for(2019, Category::ResidentialAreas, None)
    );
    assert_eq!(config.target_for(2023, Category::Schools, None), Some(1.0));
}

#[test]
fn pick_list_entries_are_replaced_by_code_and_added() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "lists.toml",
        "[[issuers]]\ncode = \"ministry\"\nvi = \"Bộ Công an (BCA)\"\nen = \"MPS\"\n\n[[issuers]]\ncode = \"commune_chairman\"\nvi = \"Chủ tịch UBND xã\"\nen = \"Commune chairman\"\n",
    );
    let builtin = Config::builtin();
    let config = Config::load(&system(&path)).expect("valid");
    assert_eq!(config.issuers.len(), builtin.issuers.len() + 1);
    assert_eq!(config.issuers[0].code, "ministry");
    assert_eq!(
        config.issuer("ministry").map(|i| i.en.as_str()),
        Some("MPS")
    );
    assert_eq!(
        config.issuer("commune_chairman").map(|i| i.vi.as_str()),
        Some("Chủ tịch UBND xã")
    );
    assert_eq!(config.issuers[1..6], builtin.issuers[1..6]);
}

#[test]
fn labels_are_stored_as_nfc() {
    let config = Config::builtin_with(
        "memory.toml",
        "[[limitation_categories]]\ncode = \"other\"\nvi = \"Kha\u{301}c \"\nen = \"Other\"\n",
    )
    .expect("valid");
    assert_eq!(
        config.limitation_category("other").map(|c| c.vi.as_str()),
        Some("Khác")
    );
}

#[test]
fn builtin_has_the_two_rule_sets_by_report_year() {
    let config = Config::builtin();
    assert_eq!(config.rule_sets.len(), 2);
    let tt23 = config.rule_set(2021).expect("2021 is under TT 23/2012");
    assert_eq!(tt23.id, "tt23_2012");
    assert_eq!(tt23.to_year, Some(2021));
    assert_eq!(tt23.basis, RecognitionBasis::ResidentialAreas);
    assert!(tt23.require_police_advanced);
    assert_eq!(tt23.min_share, 0.7);
    let tt124 = config.rule_set(2022).expect("2022 is under TT 124/2021");
    assert_eq!(tt124.id, "tt124_2021");
    assert_eq!(tt124.from_year, 2022);
    assert_eq!(tt124.basis, RecognitionBasis::AllUnits);
    assert_eq!(tt124.min_models, 1);
    assert_eq!(
        config.rule_set(2012).map(|r| r.id.as_str()),
        Some("tt23_2012")
    );
    assert_eq!(
        config.rule_set(2040).map(|r| r.id.as_str()),
        Some("tt124_2021")
    );
    assert!(config.rule_set(2011).is_none());
}

#[test]
fn builtin_knows_every_contract_code() {
    let config = Config::builtin();
    for issuer in [
        "ministry",
        "minister",
        "province_committee",
        "province_chairman",
        "province_police_director",
        "district_chairman",
    ] {
        assert!(config.issuer(issuer).is_some(), "{issuer}");
    }
    for category in [
        "slow_advising",
        "simple_forms",
        "models_neglected",
        "inadequate_policy",
        "other",
    ] {
        assert!(config.limitation_category(category).is_some(), "{category}");
    }
    assert_eq!(
        config.category_label("residential_areas", Lang::Vi),
        "khu dân cư"
    );
}

#[test]
fn the_default_file_is_a_valid_layer_on_its_own() {
    // Clerks are told to copy parts of config/default.toml: the whole of it must load as a layer.
    let dir = TempDir::new().expect("a temp dir");
    let default_toml = include_str!("../../config/default.toml");
    let path = write(&dir, "copy.toml", default_toml);
    assert_eq!(Config::load(&system(&path)), Ok(Config::builtin()));
}

#[test]
fn extra_keys_are_read_with_their_places_and_bad_ones_are_named() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "keys.toml",
        "[keys.grid]\nditto = [\"F9\", \"Ctrl-R\"]\n[keys.global]\ngo_to = [\"Ctrl-G\"]\n",
    );
    let config = Config::load(&explicit(&path)).expect("valid keys");
    let keys: Vec<(String, String, String)> = config
        .keys
        .iter()
        .map(|k| (k.screen.clone(), k.action.clone(), k.chord.to_string()))
        .collect();
    assert_eq!(
        keys,
        [
            ("global".into(), "go_to".into(), "Ctrl-G".into()),
            ("grid".into(), "ditto".into(), "F9".into()),
            ("grid".into(), "ditto".into(), "Ctrl-R".into()),
        ]
    );
    assert_eq!(config.keys[0].position(), format!("{}:4", path.display()));

    assert_error_at(
        "[keys.grdi]\nditto = [\"F9\"]\n",
        1,
        "keys.grdi",
        "did you mean `grid`?",
    );
    assert_error_at(
        "[keys.grid]\ndito = [\"F9\"]\n",
        2,
        "keys.grid.dito",
        "did you mean `ditto`?",
    );
    assert_error_at(
        "[keys.grid]\nditto = [\"F13\"]\n",
        2,
        "keys.grid.ditto",
        "`F13` is not a key: function keys are F1 to F12",
    );
    assert_error_at(
        "[keys.grid]\nditto = \"F9\"\n",
        2,
        "keys.grid.ditto",
        "expected a list of texts",
    );
    assert_error_at(
        "[keys.grid]\nditto = [\"F9\"]\nundo = [\"f9\"]\n",
        3,
        "keys.grid.undo",
        "`F9` on `grid` is defined twice in this file (first at line 2)",
    );
}

/// Each family of the province's policy, as a user would write it, and the key the error names.
const POLICY_IN_A_USER_FILE: &[(&str, usize, &str)] = &[
    (
        "[general]\nlanguage = \"en\"\nyoy_change_threshold = 0.9\n",
        3,
        "general.yoy_change_threshold",
    ),
    (
        "[general]\nwarn_unusual_issuer = true\n",
        2,
        "general.warn_unusual_issuer",
    ),
    (
        "# mine\n[[categories]]\ncode = \"schools\"\nvi = \"trường\"\nen = \"schools\"\n",
        2,
        "categories",
    ),
    (
        "[[award_forms]]\ncode = \"emulation_flag\"\nvi = \"Cờ\"\nen = \"Flag\"\n",
        1,
        "award_forms",
    ),
    (
        "[[issuers]]\ncode = \"me\"\nvi = \"Tôi\"\nen = \"Me\"\n",
        1,
        "issuers",
    ),
    (
        "[[limitation_categories]]\ncode = \"other\"\nvi = \"Khác\"\nen = \"Other\"\n",
        1,
        "limitation_categories",
    ),
    (
        "[general]\nlanguage = \"vi\"\n\n[[rule_sets]]\nid = \"tt23_2012\"\nname = { vi = \"TT 23\", en = \"TT 23\" }\nfrom_year = 2012\nto_year = 2021\nbasis = \"residential_areas\"\nmin_share = 0.0\nrequire_police_advanced = false\nmin_models = 0\n",
        4,
        "rule_sets",
    ),
    (
        "[[target]]\nyear = 2019\ncategory = \"residential_areas\"\nmin_share = 0.1\n",
        1,
        "target",
    ),
];

#[test]
fn a_policy_key_in_a_user_file_is_refused_naming_file_line_key() {
    let dir = TempDir::new().expect("a temp dir");
    for (text, line, key) in POLICY_IN_A_USER_FILE {
        let path = write(&dir, "mine.toml", text);
        let file = path.display().to_string();
        let as_user = ConfigSources {
            system: None,
            user: Some(path.clone()),
            explicit: None,
        };
        for sources in [explicit(&path), as_user] {
            let errors = Config::load_reporting_all(&sources).expect_err(key);
            assert_eq!(errors.len(), 1, "{errors:?}");
            let error = &errors[0];
            assert_eq!(
                (error.file.as_str(), error.line, error.key.as_deref()),
                (file.as_str(), Some(*line), Some(*key)),
                "{error}"
            );
            let where_en = if *key == "target" {
                "antq targets import FILE"
            } else {
                "/etc/antq/config.toml"
            };
            assert!(error.message.contains(where_en), "{error}");
            assert!(error.message_vi.contains(if *key == "target" {
                "antq targets import"
            } else {
                "/etc/antq/config.toml"
            }));
        }
        // The system file takes the same text.
        Config::load(&system(&path)).unwrap_or_else(|e| panic!("{key}: {e}"));
    }
}

#[test]
fn preferences_are_taken_from_a_user_file() {
    let dir = TempDir::new().expect("a temp dir");
    let path = write(
        &dir,
        "mine.toml",
        "[general]\nlanguage = \"en\"\nenter_direction = \"right\"\ndatabase = \"/srv/antq/antq.sqlite3\"\n\n[keys.grid]\nditto = [\"F11\"]\n",
    );
    let config = Config::load(&explicit(&path)).expect("preferences only");
    assert_eq!(config.general.language, Lang::En);
    assert_eq!(config.general.enter_direction, EnterDirection::Right);
    assert_eq!(config.keys.len(), 1);
    let builtin = Config::builtin();
    assert_eq!(config.rule_sets, builtin.rule_sets);
    assert_eq!(config.target, builtin.target);
}
