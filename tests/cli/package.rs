//! Sealed packages between a unit's server and the province's (issue 11): a unit database and a
//! province database in one test, each the real binary on its own file. What travels arrives intact
//! or not at all; the province's answer comes back down; the acknowledged chain heads catch a
//! unit's history rewritten or cut off afterwards.

use crate::common::*;
use antq::store::AuditRow;

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The report of district 450 in 2018 as JSON: the figures and their sums, compared across servers.
fn report_450(sb: &Sandbox) -> serde_json::Value {
    sb.antq(&[
        "report",
        "--year",
        "2018",
        "--locality",
        "450",
        "--format",
        "json",
    ])
    .ok()
    .json()
}

fn status_line(sb: &Sandbox, code: &str) -> String {
    let r = sb.antq(&["--lang", "en", "status", "--year", "2018"]);
    r.ok();
    r.stdout
        .lines()
        .find(|l| l.starts_with(&format!("{code}\t")))
        .unwrap_or_default()
        .to_string()
}

/// A unit server and a province server holding the same demo; at the unit, district 450's 2018
/// figures corrected (so they differ from the province's) and submitted.
fn servers() -> (Sandbox, Sandbox) {
    let unit = Sandbox::new().with_demo();
    let province = Sandbox::new().with_demo();
    let good = unit.assessments("good.csv", &["2018,18853,25,18,yes,yes,1,0,3,3,2"]);
    unit.antq(&["import", path_str(&good)]).ok();
    unit.antq(&["submit", "--year", "2018", "--unit", "450"])
        .ok();
    (unit, province)
}

fn package(sb: &Sandbox, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = sb.path(name);
    let mut args = vec!["package", "--year", "2018", "--unit", "450", "--out"];
    args.push(path_str(&out));
    args.extend_from_slice(extra);
    sb.antq(&args).ok();
    out
}

/// Moves a file from one server to the other (the clerk's USB stick or e-mail).
fn carry(from: &std::path::Path, to: &Sandbox) -> std::path::PathBuf {
    let name = from.file_name().expect("a file name");
    let there = to.path(&name.to_string_lossy());
    std::fs::copy(from, &there).expect("copy the package");
    there
}

#[test]
fn a_unit_year_travels_sealed_and_the_answer_comes_back() {
    let (unit, province) = servers();
    // The province holds a limitation of 450 the unit does not: the package replaces the unit-year
    // wholly, so it goes.
    let extra = province.file(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2018,450,other,Chỉ tỉnh ghi,Khắc phục,open\n",
    );
    province.antq(&["import", path_str(&extra)]).ok();
    assert_ne!(report_450(&unit), report_450(&province));

    let sent = package(&unit, "450-2018.json", &[]);
    let text = std::fs::read_to_string(&sent).expect("the package");
    let pkg: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(pkg["format"], "antq-package");
    assert_eq!(pkg["version"], 1);
    assert_eq!(pkg["state"]["state"], "submitted");
    assert_eq!(pkg["seal"].as_str().map(str::len), Some(64));
    assert!(pkg["chain_head"]["id"].as_i64().is_some_and(|id| id > 0));
    assert!(pkg["sender"]["database"]
        .as_str()
        .is_some_and(|d| d.len() == 36));

    let there = carry(&sent, &province);
    province
        .antq(&["--lang", "en", "import", path_str(&there)])
        .ok()
        .stdout_has("Received the package of 450 for 2018");
    assert_eq!(report_450(&unit), report_450(&province), "same figures");
    let gone: i64 = province
        .conn()
        .query_row(
            "SELECT count(*) FROM limitation WHERE text = 'Chỉ tỉnh ghi'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(gone, 0, "a row absent from the package is removed");
    let line = status_line(&province, "450");
    assert!(
        line.contains("\tsubmitted") && line.contains("received "),
        "{line}"
    );
    assert!(
        line.contains(pkg["sender"]["database"].as_str().unwrap_or("?")),
        "{line}"
    );
    // Audited as coming from a package.
    let from_package: i64 = province
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE source = 'package'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(from_package > 0);

    // The province approves and answers with its targets; the unit takes the answer: locked there.
    province
        .antq(&["approve", "--year", "2018", "--unit", "450"])
        .ok();
    let answer = package(&province, "answer.json", &["--answer", "--targets"]);
    let answer = carry(&answer, &unit);
    unit.antq(&["--lang", "en", "import", path_str(&answer)])
        .ok()
        .stdout_has("approved");
    assert!(status_line(&unit, "450").contains("\tapproved"));
    unit.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("targets the province set for 450: residential areas ≥ ");
    let before = unit.fingerprint();
    let change = unit.assessments("change.csv", &["2018,18853,25,19,yes,yes,1,0,3,3,2"]);
    unit.antq(&["--lang", "en", "import", path_str(&change)])
        .code(1)
        .stderr_has("approved and read-only");
    assert_eq!(before, unit.fingerprint());
    unit.antq(&["verify"]).ok();

    // A unit package for a year the province approved is refused there, nothing written.
    let before = province.fingerprint();
    province
        .antq(&["--lang", "en", "import", path_str(&there)])
        .code(1)
        .stderr_has("has approved the 2018 figures");
    assert_eq!(before, province.fingerprint());

    // Reopened with a reason: the unit's year unlocks and status shows why.
    province
        .antq(&[
            "reopen",
            "--year",
            "2018",
            "--unit",
            "450",
            "--reason",
            "Thiếu số liệu trường học",
        ])
        .ok();
    let answer = package(&province, "answer-2.json", &["--answer"]);
    let answer = carry(&answer, &unit);
    unit.antq(&["import", path_str(&answer)]).ok();
    let line = status_line(&unit, "450");
    assert!(
        line.contains("\tdraft") && line.contains("Thiếu số liệu trường học"),
        "{line}"
    );
    unit.antq(&["import", path_str(&change)]).ok();
    // The older answer after the newer one: refused, nothing written.
    let before = unit.fingerprint();
    let first = carry(&province.path("answer.json"), &unit);
    unit.antq(&["--lang", "en", "import", path_str(&first)])
        .code(1)
        .stderr_has("is older than the one already received");
    assert_eq!(before, unit.fingerprint());
}

#[test]
fn an_edited_an_older_or_an_unknown_package_is_refused_and_nothing_changes() {
    let (unit, province) = servers();
    let older = package(&unit, "older.json", &[]);
    unit.antq(&["recall", "--year", "2018", "--unit", "450"])
        .ok();
    let fix = unit.assessments("fix.csv", &["2018,18853,25,20,yes,yes,1,0,3,3,2"]);
    unit.antq(&["import", path_str(&fix)]).ok();
    unit.antq(&["submit", "--year", "2018", "--unit", "450"])
        .ok();
    let newer = package(&unit, "newer.json", &[]);

    // One figure changed by hand: the seal no longer matches.
    let text = std::fs::read_to_string(&newer).expect("package");
    assert!(text.contains("\"residential_areas_recognized\": \"20\""));
    let edited = province.file(
        "edited.json",
        &text.replace(
            "\"residential_areas_recognized\": \"20\"",
            "\"residential_areas_recognized\": \"25\"",
        ),
    );
    let before = province.fingerprint();
    province
        .antq(&["--lang", "en", "import", path_str(&edited)])
        .code(1)
        .stderr_has("seal does not match");
    // Unknown format or version, also refused in one sentence.
    let v2 = province.file("v2.json", &text.replace("\"version\": 1", "\"version\": 2"));
    province
        .antq(&["--lang", "en", "import", path_str(&v2)])
        .code(1)
        .stderr_has("version 2 cannot be read");
    // With a data file: refused at FILE:1. With another package whose seal is broken: all or
    // nothing, the good one is not taken either.
    let alone = province.file("v.json", &text);
    let csv = province.assessments("with.csv", &["2018,18853,25,19,yes,yes,1,0,3,3,2"]);
    province
        .antq(&["--lang", "en", "import", path_str(&alone), path_str(&csv)])
        .code(1)
        .stderr_has("v.json:1: a sealed package is imported on its own");
    province
        .antq(&[
            "--lang",
            "en",
            "import",
            path_str(&alone),
            path_str(&edited),
        ])
        .code(1)
        .stderr_has("edited.json: the package's seal does not match");
    assert_eq!(before, province.fingerprint(), "a refused package wrote");

    // The newer first, then the older: refused, the newer's figures stay.
    province
        .antq(&["import", path_str(&carry(&newer, &province))])
        .ok();
    let after_newer = province.fingerprint();
    province
        .antq(&[
            "--lang",
            "en",
            "import",
            path_str(&carry(&older, &province)),
        ])
        .code(1)
        .stderr_has("is older than the one already received for 450 in 2018");
    assert_eq!(after_newer, province.fingerprint());
    assert_eq!(report_450(&unit), report_450(&province));
}

/// A unit whose chain the province has acknowledged (package up, answer down).
fn anchored() -> (Sandbox, i64) {
    let (unit, province) = servers();
    let sent = package(&unit, "450.json", &[]);
    let head: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sent).expect("read")).expect("JSON");
    let head = head["chain_head"]["id"].as_i64().expect("a head");
    province
        .antq(&["import", path_str(&carry(&sent, &province))])
        .ok();
    province
        .antq(&["approve", "--year", "2018", "--unit", "450"])
        .ok();
    let answer = package(&province, "answer.json", &["--answer"]);
    unit.antq(&["import", path_str(&carry(&answer, &unit))])
        .ok();
    unit.antq(&["verify"]).ok();
    (unit, head)
}

/// Opens the file as an attacker would: without antq, the append-only triggers dropped for the
/// change and put back afterwards so that nothing looks out of place.
fn tamper(unit: &Sandbox, change: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(unit.db()).expect("open");
    let triggers: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("triggers");
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name}"))
            .expect("drop");
    }
    change(&conn);
    for (_, sql) in &triggers {
        conn.execute_batch(sql).expect("recreate");
    }
}

#[test]
fn a_unit_chain_rewritten_after_sending_is_caught_by_verify() {
    let (unit, head) = anchored();
    tamper(&unit, |conn| {
        // An old figure changed, then every hash from there on recomputed.
        let target = head - 3;
        conn.execute(
            "UPDATE audit_log SET new_value = '99' WHERE id = ?1",
            [target],
        )
        .expect("update");
        let mut rows: Vec<AuditRow> = conn
            .prepare(
                "SELECT id, at, os_user, source, entity, year, locality_code, record, field,
                        old_value, new_value, prev_hash, hash FROM audit_log WHERE id >= ?1 ORDER BY id",
            )
            .expect("prepare")
            .query_map([target], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    os_user: r.get(2)?,
                    source: r.get(3)?,
                    entity: r.get(4)?,
                    year: r.get(5)?,
                    locality_code: r.get(6)?,
                    record: r.get(7)?,
                    field: r.get(8)?,
                    old_value: r.get(9)?,
                    new_value: r.get(10)?,
                    prev_hash: r.get(11)?,
                    hash: r.get(12)?,
                })
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let mut prev = rows[0].prev_hash.clone();
        for row in &mut rows {
            row.prev_hash = prev.clone();
            row.hash = antq::store::audit::row_hash(row);
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
                rusqlite::params![row.prev_hash, row.hash, row.id],
            )
            .expect("rehash");
            prev = row.hash.clone();
        }
    });
    let r = unit.antq(&["--lang", "en", "verify"]);
    r.code(1)
        .stdout_has("audit log: intact")
        .stdout_has(&format!(
            "REWRITTEN — row {head} is no longer the row the province acknowledged"
        ));
}

#[test]
fn a_unit_chain_cut_short_after_sending_is_caught_by_verify() {
    let (unit, head) = anchored();
    tamper(&unit, |conn| {
        conn.execute("DELETE FROM audit_log WHERE id >= ?1", [head - 2])
            .expect("delete");
    });
    unit.antq(&["--lang", "en", "verify"])
        .code(1)
        .stdout_has("audit log: intact")
        .stdout_has(&format!(
            "TRUNCATED — row {head}, which the province acknowledged"
        ));
    unit.antq(&["verify"]).code(1).stdout_has("BỊ CẮT BỚT");
}

/// The notes on the unit's values travel with its package and replace the province's wholly: a note
/// the province held on the unit's cells that the package does not carry is removed, one on another
/// unit's stays.
#[test]
fn a_units_notes_travel_in_its_package_and_replace_the_provinces() {
    let (unit, province) = servers();
    let header = "year,locality_code,field,note,follow_up";
    let at_unit = unit.file(
        "notes.csv",
        &format!(
            "{header}\n2018,18853,residential_areas_recognized,Phúc tra lại: 18 thôn đạt,yes\n\
             2018,450,schools_total,,yes\n"
        ),
    );
    unit.antq(&["import", path_str(&at_unit)]).ok();
    let at_province = province.file(
        "notes.csv",
        &format!(
            "{header}\n2018,18853,models,Ghi chú cũ của tỉnh,no\n\
             2018,19120,models,Của huyện khác,yes\n"
        ),
    );
    province.antq(&["import", path_str(&at_province)]).ok();

    let sent = package(&unit, "450-notes.json", &[]);
    let pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sent).expect("package")).expect("JSON");
    assert_eq!(pkg["notes"].as_array().map(Vec::len), Some(2), "{pkg}");
    let there = carry(&sent, &province);
    province.antq(&["import", path_str(&there)]).ok();
    let listed = |sb: &Sandbox| {
        let r = sb.antq(&["notes", "--year", "2018"]);
        r.ok();
        r.stdout.clone()
    };
    assert_eq!(
        listed(&province),
        "450\tThành phố Đồng Hới\tschools_total\tyes\t\n\
         18853\tPhường Hải Thành\tresidential_areas_recognized\tyes\tPhúc tra lại: 18 thôn đạt\n\
         19120\tXã Mỹ Trạch\tmodels\tyes\tCủa huyện khác\n"
    );
    // Audited as coming from the package, the removed note too.
    let removed: i64 = province
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE source = 'package'
             AND field = 'note.models' AND locality_code = '18853' AND new_value IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(removed, 1);
    // A note edited in the package breaks its seal: refused, nothing changed.
    let text = std::fs::read_to_string(&sent).expect("package");
    let edited = province.file(
        "edited-notes.json",
        &text.replace("18 thôn đạt", "20 thôn đạt"),
    );
    let before = province.fingerprint();
    province
        .antq(&["--lang", "en", "import", path_str(&edited)])
        .code(1)
        .stderr_has("seal does not match");
    assert_eq!(before, province.fingerprint());
}

/// The report of `code` in 2018 as JSON.
fn report_of(sb: &Sandbox, code: &str) -> serde_json::Value {
    sb.antq(&[
        "report",
        "--year",
        "2018",
        "--locality",
        code,
        "--format",
        "json",
    ])
    .ok()
    .json()
}

#[test]
fn the_province_package_goes_up_to_a_ministry_holding_several_provinces() {
    let province = Sandbox::new().with_demo();
    let good = province.assessments("good.csv", &["2018,18853,25,19,yes,yes,1,0,3,3,2"]);
    province.antq(&["import", path_str(&good)]).ok();
    // Every district of 2018 approved (set by a second connection, as the approvals would be):
    // the province's package then says the province-year is handed up, as of the last approval.
    let conn = rusqlite::Connection::open(province.db()).expect("open");
    let districts: Vec<String> = {
        let mut stmt = conn
            .prepare(
                "SELECT code FROM locality WHERE level = 'district' AND parent_code = '44'
                 AND (valid_to IS NULL OR valid_to >= '2018-11-30')
                 AND (valid_from IS NULL OR valid_from <= '2018-11-30')",
            )
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("districts")
            .collect::<Result<_, _>>()
            .expect("codes")
    };
    assert_eq!(districts.len(), 8);
    for (i, d) in districts.iter().enumerate() {
        conn.execute(
            "INSERT OR REPLACE INTO workflow (year, district_code, state, changed_at, changed_by)
             VALUES (2018, ?1, 'approved', ?2, ?3)",
            rusqlite::params![d, format!("2018-12-1{i}T08:00:00Z"), format!("tinh{i}")],
        )
        .expect("approve");
    }
    drop(conn);
    let sent = province.path("44-2018.json");
    province
        .antq(&[
            "package",
            "--year",
            "2018",
            "--unit",
            "44",
            "--out",
            path_str(&sent),
        ])
        .ok();
    let pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sent).expect("package")).expect("JSON");
    assert_eq!(pkg["format"], "antq-package");
    assert_eq!(pkg["kind"], "unit");
    assert_eq!(pkg["unit"], "44");
    assert_eq!(pkg["state"]["state"], "submitted");
    assert_eq!(pkg["state"]["changed_at"], "2018-12-17T08:00:00Z");
    assert_eq!(pkg["state"]["changed_by"], "tinh7");
    let has = |section: &str, key: &str, code: &str| {
        pkg[section]
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r[key] == code))
    };
    // The province's own row, a district's and a commune's.
    for code in ["44", "450", "18853"] {
        assert!(has("localities", "code", code), "{code}");
        assert!(has("assessments", "locality_code", code), "{code}");
    }

    // The ministry: the same province and another one, 99, with figures of its own.
    let ministry = Sandbox::new().with_demo();
    let other = ministry.file(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to,predecessors\n\
         99,Tỉnh Thử Nghiệm,province,,,,\n991,Huyện Thử,district,99,,,\n99101,Xã Thử,commune,991,,,\n",
    );
    let rows = ministry.assessments("a99.csv", &["2018,99101,10,9,yes,yes,1,1,2,2,1"]);
    ministry
        .antq(&["import", path_str(&other), path_str(&rows)])
        .ok();
    // Something of 44's the province does not hold: replaced wholly, it goes.
    let extra = ministry.file(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2018,18853,other,Chỉ bộ ghi,Khắc phục,open\n",
    );
    ministry.antq(&["import", path_str(&extra)]).ok();
    let before_99 = report_of(&ministry, "99");
    assert_ne!(report_of(&ministry, "44"), report_of(&province, "44"));

    let there = carry(&sent, &ministry);
    ministry
        .antq(&["--lang", "en", "import", path_str(&there)])
        .ok()
        .stdout_has("Received the package of 44 for 2018")
        .stdout_has("state: submitted");
    // The figures, their sums, the commendations, the limitations and the units entered: each
    // province's own, though the ministry's database holds two.
    let (here, there) = (report_of(&ministry, "44"), report_of(&province, "44"));
    for key in [
        "categories",
        "children",
        "commended",
        "models",
        "awards",
        "limitations",
        "units_reported",
        "units_expected",
        "complete",
    ] {
        assert_eq!(here[key], there[key], "{key}");
    }
    let after_99 = report_of(&ministry, "99");
    for key in [
        "categories",
        "children",
        "models",
        "awards",
        "limitations",
        "units_reported",
        "units_expected",
    ] {
        assert_eq!(
            after_99[key], before_99[key],
            "another province untouched: {key}"
        );
    }
    let status = ministry.antq(&["--lang", "en", "status", "--year", "2018"]);
    let line = status
        .ok()
        .stdout
        .lines()
        .find(|l| l.starts_with("44\t"))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains("\tsubmitted") && line.contains("received "),
        "{line}"
    );

    // Sent again unchanged: taken, nothing changes; an older one after it: refused, nothing written.
    let before = ministry.fingerprint();
    let older = province.file("older.json", &std::fs::read_to_string(&sent).expect("read"));
    std::thread::sleep(std::time::Duration::from_millis(5));
    let newer = province.path("newer.json");
    province
        .antq(&[
            "package",
            "--year",
            "2018",
            "--unit",
            "44",
            "--out",
            path_str(&newer),
        ])
        .ok();
    ministry
        .antq(&[
            "--lang",
            "en",
            "import",
            path_str(&carry(&newer, &ministry)),
        ])
        .ok()
        .stdout_has(", 0 changes;");
    let before_older = ministry.fingerprint();
    assert_ne!(before, before_older, "the provenance is kept");
    ministry
        .antq(&[
            "--lang",
            "en",
            "import",
            path_str(&carry(&older, &ministry)),
        ])
        .code(1)
        .stderr_has("is older than the one already received for 44 in 2018");
    assert_eq!(before_older, ministry.fingerprint());
}

/// A unit server's package of `unit` for 2018, written into `sb`'s folder.
fn package_of(sb: &Sandbox, unit: &str) -> std::path::PathBuf {
    let out = sb.path(&format!("{unit}-2018.json"));
    sb.antq(&[
        "package",
        "--year",
        "2018",
        "--unit",
        unit,
        "--out",
        path_str(&out),
    ])
    .ok();
    out
}

#[test]
fn several_units_packages_import_in_one_call_all_or_nothing() {
    let (unit, province) = servers();
    let a = carry(&package_of(&unit, "450"), &province);
    let b = carry(&package_of(&unit, "452"), &province);
    // Two packages of one unit in one call: refused, nothing written.
    let twice = province.file(
        "450-again.json",
        &std::fs::read_to_string(&a).expect("read"),
    );
    let before = province.fingerprint();
    province
        .antq(&["--lang", "en", "import", path_str(&a), path_str(&twice)])
        .code(1)
        .stderr_has("is a package of 450 for 2018 too");
    assert_eq!(before, province.fingerprint());
    // One package whose row is not its unit's: the whole call refused, the other not taken either.
    let text = std::fs::read_to_string(&b).expect("read");
    let resealed = antq::exchange::sealed::open(&text).map(|mut p| {
        p.assessments[0].insert("locality_code".into(), "18853".into());
        p.sealed_text()
    });
    let stray = province.file("stray.json", &resealed.expect("opens"));
    province
        .antq(&["--lang", "en", "import", path_str(&a), path_str(&stray)])
        .code(1)
        .stderr_has("stray.json#assessments:")
        .stderr_has("locality_code: 18853 is not part of Huyện Minh Hóa");
    assert_eq!(before, province.fingerprint());

    province
        .antq(&["--lang", "en", "import", path_str(&a), path_str(&b)])
        .ok()
        .stdout_has("Received the package of 450 for 2018")
        .stdout_has("Received the package of 452 for 2018")
        .stdout_has("Received 2 packages: ");
    assert_eq!(report_450(&unit), report_450(&province));
    let received: i64 = province
        .conn()
        .query_row("SELECT count(*) FROM package_received", [], |r| r.get(0))
        .expect("count");
    assert_eq!(received, 2);
}

#[test]
fn an_out_naming_the_database_or_its_wal_is_refused_and_nothing_is_written() {
    let sb = Sandbox::new().with_demo();
    let db = sb.db();
    let db_s = path_str(&db).to_string();
    let wal = format!("{db_s}-wal");
    let shm = format!("{db_s}-shm");
    // The same file by another spelling: relative to the folder, through "..", through a symlink.
    let dir = sb.dir.path();
    let name = db.file_name().and_then(|n| n.to_str()).expect("name");
    let dotted = dir.join("sub").join("..").join(name);
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    let link = dir.join("link.sqlite3");
    std::os::unix::fs::symlink(&db, &link).expect("symlink");
    let before = sb.fingerprint();
    let bytes = std::fs::read(&db).expect("read the database");
    for out in [
        db_s.clone(),
        wal.clone(),
        shm,
        path_str(&dotted).to_string(),
        path_str(&link).to_string(),
        name.to_string(),
    ] {
        for args in [
            vec!["report", "--year", "2018", "--out", &out],
            vec![
                "report", "--year", "2018", "--format", "docx", "--out", &out,
            ],
            vec![
                "export", "--year", "2018", "--format", "json", "--out", &out,
            ],
            vec!["package", "--year", "2018", "--unit", "450", "--out", &out],
        ] {
            let mut all = vec!["--lang", "en"];
            all.extend(args);
            let run = sb.antq(&all);
            run.code(2).stderr_has("is the database");
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        }
    }
    assert_eq!(before, sb.fingerprint());
    assert_eq!(
        bytes,
        std::fs::read(&db).expect("read"),
        "the file itself unchanged"
    );
    // Another file beside it is written as ever.
    let fine = sb.path("report.txt");
    sb.antq(&["report", "--year", "2018", "--out", path_str(&fine)])
        .ok();
    assert!(fine.exists());
}
