//! The parts of the sealed packages below the command line: the deadline of `[workflow]`, and the
//! targets an answer carries for a unit (the one function to point at the province's store of
//! targets).

use crate::common::config;
use antq::config::{Config, ConfigSources};
use antq::domain::{Category, Target};
use antq::services::package::targets_for_unit;

fn load(text: &str) -> Result<Config, antq::config::ConfigError> {
    let dir = tempfile::TempDir::new().expect("a temp dir");
    let path = dir.path().join("antq.toml");
    std::fs::write(&path, text).expect("write");
    // The deadline is the province's policy: the system file's.
    Config::load(&ConfigSources {
        system: Some(path),
        user: None,
        explicit: None,
    })
}

#[test]
fn the_deadline_is_a_month_and_day_of_the_report_year() {
    assert_eq!(config().workflow.deadline, (12, 15));
    let c = load("[workflow]\ndeadline = \"11-30\"\n").expect("valid");
    assert_eq!(c.workflow.deadline, (11, 30));
    for bad in ["13-01", "12", "02-30", "mười hai"] {
        let e = load(&format!("[workflow]\ndeadline = \"{bad}\"\n")).expect_err(bad);
        assert_eq!(e.line, Some(2), "{e}");
        assert_eq!(e.key.as_deref(), Some("workflow.deadline"), "{e}");
        assert!(e.message.contains("month-day"), "{e}");
    }
    let e = load("[workflow]\ndeadlin = \"12-15\"\n").expect_err("typo");
    assert!(e.to_string().contains("deadlin"), "{e}");
}

#[test]
fn an_answer_carries_the_province_wide_targets_and_the_units_own() {
    let mut c = config();
    let target = |category, min_share, locality: Option<&str>| Target {
        year: 2018,
        category,
        min_share,
        locality: locality.map(str::to_string),
    };
    c.target = vec![
        target(Category::ResidentialAreas, 0.85, None),
        target(Category::Schools, 0.9, Some("450")),
        target(Category::Schools, 0.7, Some("456")),
        Target {
            year: 2019,
            ..target(Category::Agencies, 0.8, None)
        },
    ];
    let got = targets_for_unit(&c.target, 2018, "450");
    assert_eq!(
        got,
        vec![
            target(Category::ResidentialAreas, 0.85, None),
            target(Category::Schools, 0.9, Some("450")),
        ]
    );
    assert!(targets_for_unit(&c.target, 2020, "450").is_empty());
}
