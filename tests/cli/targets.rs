//! Targets are the province's data (issue 9): kept in the database, seeded by `antq init` from the
//! configuration, set by province users with `antq targets import FILE` (all or nothing, FILE:LINE),
//! listed by anyone, audited like figures, and the ones every judgement reads.

use crate::common::*;

fn me() -> String {
    antq::store::os_login()
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const TARGET_HEADER: &str = "[[target]]";

fn target(year: i32, category: &str, share: &str, locality: Option<&str>) -> String {
    let mut t =
        format!("{TARGET_HEADER}\nyear = {year}\ncategory = \"{category}\"\nmin_share = {share}\n");
    if let Some(code) = locality {
        t.push_str(&format!("locality = \"{code}\"\n"));
    }
    t
}

fn stored_targets(sb: &Sandbox) -> i64 {
    sb.conn()
        .query_row("SELECT count(*) FROM target", [], |r| r.get(0))
        .expect("count targets")
}

#[test]
fn init_seeds_the_targets_from_the_configuration_and_list_shows_them() {
    let sb = Sandbox::new();
    sb.antq(&["init"]).ok();
    assert_eq!(stored_targets(&sb), 22, "the compiled-in targets");
    sb.antq(&["targets", "list", "--year", "2025"])
        .ok()
        .stdout_has("2025\tresidential_areas\t-\t0.85")
        .stdout_has("2025\tcommunes\t-\t0.8")
        .stdout_has("2025\tresidential_areas\t18880\t0.9");
    let j = sb
        .antq(&["targets", "list", "--year", "2019", "--format", "json"])
        .ok()
        .json();
    assert_eq!(j["year"].as_i64(), Some(2019));
    assert_eq!(
        j["targets"][0]["category"].as_str(),
        Some("residential_areas")
    );
    assert!(j["targets"][0]["locality"].is_null());
    assert_eq!(j["targets"][0]["min_share"].as_f64(), Some(0.86));
    sb.antq(&["--lang", "en", "targets", "list", "--year", "2030"])
        .ok()
        .stdout_has("No target is set for 2030.");
    // A second init writes nothing more.
    let before = sb.fingerprint();
    sb.antq(&["init"]).ok();
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn the_system_layer_seeds_and_after_that_the_database_rules() {
    let sb = Sandbox::new();
    let system = sb.file(
        "system.toml",
        &target(2019, "residential_areas", "0.9", None),
    );
    let mut c = sb.bare();
    c.env("ANTQ_SYSTEM_CONFIG", &system)
        .args(["--db", path_str(&sb.db()), "init", "--demo"]);
    run(c, "ANTQ_SYSTEM_CONFIG=system.toml init --demo").ok();
    let share = |sb: &Sandbox| {
        let j = sb
            .antq(&["report", "--year", "2019", "--format", "json"])
            .ok()
            .json();
        j["categories"]["residential_areas"]["target"].as_f64()
    };
    // Seeded from the system layer; the sandbox's runs read no system layer, yet the stored
    // target is the one in force.
    assert_eq!(share(&sb), Some(0.9));
}

#[test]
fn a_province_user_imports_targets_audited_and_judged_by_report_and_check() {
    let sb = Sandbox::new().with_demo();
    let file = sb.file(
        "targets.toml",
        &format!(
            "# the province's decision\n{}\n{}",
            target(2018, "communes", "0.5", None),
            target(2018, "residential_areas", "0.99", Some("450"))
        ),
    );
    sb.antq(&["--lang", "en", "targets", "import", path_str(&file)])
        .ok()
        .stdout_has("Imported 2 targets: 2 changes.");
    let j = sb
        .antq(&["report", "--year", "2018", "--format", "json"])
        .ok()
        .json();
    assert_eq!(j["categories"]["communes"]["target"].as_f64(), Some(0.5));
    let dong_hoi = j["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["locality"]["code"] == "450")
        .expect("Đồng Hới");
    assert_eq!(
        dong_hoi["categories"]["residential_areas"]["target"].as_f64(),
        Some(0.99)
    );
    // check judges by it: Đồng Hới misses 99% (a warning, never an error).
    sb.antq(&[
        "--lang",
        "en",
        "check",
        "--year",
        "2018",
        "--locality",
        "450",
    ])
    .ok()
    .stdout_has("99%");
    // The history shows who set what: the district's under its code, the province-wide under
    // the province's.
    sb.antq(&["history", "--year", "2018", "--locality", "450"])
        .ok()
        .stdout_has("target.residential_areas")
        .stdout_has("0.99");
    sb.antq(&["history", "--year", "2018", "--locality", "44"])
        .ok()
        .stdout_has(&format!("{}\ttarget.communes\tnhập tệp\t∅ → 0.5", me()));
    // The same file again changes nothing.
    let before = sb.fingerprint();
    sb.antq(&["--lang", "en", "targets", "import", path_str(&file)])
        .ok()
        .stdout_has("0 changes");
    assert_eq!(before, sb.fingerprint());
    sb.antq(&["verify"]).ok();
}

/// Each bad file: exit 1, every error as FILE:LINE, nothing written.
#[test]
fn a_bad_targets_file_is_refused_whole_naming_file_line() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "share.toml",
            format!(
                "{}\n{}",
                target(2018, "communes", "0.5", None),
                target(2018, "schools", "1.5", None)
            ),
            vec![":9: target.min_share".into()],
        ),
        (
            "category.toml",
            target(2018, "villages", "0.5", None),
            vec![":3: target.category".into()],
        ),
        (
            "locality.toml",
            format!(
                "{}\n{}",
                target(2018, "communes", "0.5", None),
                target(2018, "communes", "0.5", Some("99999"))
            ),
            vec![":6: target.locality: no locality with code 99999 in 2018".into()],
        ),
        (
            "general.toml",
            format!(
                "[general]\nlanguage = \"en\"\n\n{}",
                target(2018, "communes", "0.5", None)
            ),
            vec![":1: general: unknown key".into()],
        ),
        (
            "twice.toml",
            format!(
                "{}\n{}",
                target(2018, "communes", "0.5", None),
                target(2018, "communes", "0.6", None)
            ),
            vec![":6: target: ".into(), "defined twice".into()],
        ),
        (
            "empty.toml",
            "# nothing\n".into(),
            vec![":1: ".into(), "no [[target]] entry".into()],
        ),
        (
            "syntax.toml",
            "[[target]\nyear = 2018\n".into(),
            vec![":1: ".into(), "not valid TOML".into()],
        ),
    ];
    for (name, text, wants) in cases {
        let file = sb.file(name, &text);
        let r = sb.antq(&["--lang", "en", "targets", "import", path_str(&file)]);
        let r = r.code(1);
        for want in wants {
            let want = if want.starts_with(':') {
                format!("{}{want}", file.display())
            } else {
                want
            };
            r.stderr_has(&want);
        }
        assert!(r.stdout.is_empty(), "{name}: {}", r.stdout);
        assert_eq!(before, sb.fingerprint(), "{name}: a refused import wrote");
    }
    let missing = sb.path("absent.toml");
    sb.antq(&["targets", "import", path_str(&missing)]).code(2);
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn only_a_province_user_imports_targets_and_anyone_lists_them() {
    let sb = Sandbox::new().with_demo();
    let file = sb.file("t.toml", &target(2018, "communes", "0.1", None));
    // Me a clerk of 450 (a province user registered first, as it must be).
    sb.antq(&["user", "add", &me(), "--role", "province"]).ok();
    sb.antq(&["user", "add", "boss", "--role", "province"]).ok();
    sb.antq(&["user", "add", &me(), "--role", "clerk", "--unit", "450"])
        .ok();
    let before = sb.fingerprint();
    sb.antq(&["--lang", "en", "targets", "import", path_str(&file)])
        .code(1)
        .stderr_has("only province users may do this");
    assert_eq!(before, sb.fingerprint(), "a clerk's import wrote");
    sb.antq(&["targets", "list", "--year", "2018"])
        .ok()
        .stdout_has("2018\tresidential_areas\t-\t0.85");
}

/// A database written before targets were stored: the configuration's targets are in force (a read
/// writes nothing), and `antq init` seeds it.
#[test]
fn an_older_database_is_seeded_by_init() {
    let sb = Sandbox::new().with_demo();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TABLE year_entered_cache; DROP TABLE value_note; DROP TABLE chain_anchor; \
             DROP TABLE package_received; DROP TABLE target; \
             DROP INDEX award_recipients; \
             CREATE INDEX award_recipients ON award (year, recipient_kind, recipient); \
             ALTER TABLE award DROP COLUMN birth_year; \
             DELETE FROM meta WHERE key = 'targets_seeded'; PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    // The first open migrates; the report judges by the configuration's targets.
    let j = sb
        .antq(&["report", "--year", "2019", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        j["categories"]["residential_areas"]["target"].as_f64(),
        Some(0.86)
    );
    assert_eq!(stored_targets(&sb), 0);
    let before = sb.fingerprint();
    sb.antq(&["report", "--year", "2019"]).ok();
    assert_eq!(before, sb.fingerprint(), "a report wrote");
    sb.antq(&["init"]).ok();
    assert_eq!(stored_targets(&sb), 22);
    sb.antq(&["verify"]).ok();
}
