//! Workflow and people through the real binary (contracts.md "Workflow and people", issue 4): who may
//! do what, draft → submitted → approved → reopened, the audit trail and its integrity.
//!
//! The acting user is the operating-system login of the process, so the tests run the binary as
//! other logins with `setpriv` (when we are root); without it those parts are reported as skipped.
//! The same scoping is tested without root in tests/library/access.rs.

use crate::common::*;

/// The uid of the registered clerk: `nobody` on most systems.
const CLERK_UID: u32 = 65534;
/// A uid that (normally) has no passwd entry: antq calls it "uid65533".
const STRANGER_UID: u32 = 65533;

fn me() -> String {
    antq::store::os_login()
}

/// The demo, with the current login registered as province and uid 65534 as clerk of 450.
fn with_people() -> Sandbox {
    let sb = Sandbox::new().with_demo();
    sb.antq(&["user", "add", &me(), "--role", "province"]).ok();
    sb.antq(&[
        "user",
        "add",
        &login_of(CLERK_UID),
        "--role",
        "clerk",
        "--district",
        "450",
    ])
    .ok();
    sb
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The stored residential_areas_total of a locality in 2018.
fn ra_total(sb: &Sandbox, code: &str) -> Option<i64> {
    sb.conn()
        .query_row(
            "SELECT a.residential_areas_total FROM assessment a JOIN locality l ON l.id = a.locality_id
             WHERE a.year = 2018 AND l.code = ?1",
            [code],
            |r| r.get(0),
        )
        .expect("row")
}

/// The audit table named by the contract: the one table whose name contains "audit".
fn audit_table(conn: &rusqlite::Connection) -> String {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names.len(), 1, "audit tables: {names:?}");
    names[0].clone()
}

/// Its column holding the new value: the one whose name contains "new".
fn new_column(conn: &rusqlite::Connection, table: &str) -> String {
    let cols: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') WHERE name LIKE '%new%'"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cols.len(), 1, "new-value columns: {cols:?}");
    cols[0].clone()
}

// --- who may do what ----------------------------------------------------------------------------

#[test]
fn with_no_users_any_login_may_do_everything() {
    let sb = Sandbox::new().with_demo();
    sb.antq(&["user", "list"]).ok();
    assert!(sb.antq(&["user", "list"]).stdout.trim().is_empty());
    let f = sb.assessments("456.csv", &["2018,456,,,,,16,13,12,11,"]);
    let switch = can_switch_user("with_no_users_any_login_may_do_everything");
    let as_other = |args: &[&str]| {
        if switch {
            sb.antq_as(CLERK_UID, args)
        } else {
            sb.antq(args)
        }
    };
    as_other(&["--lang", "en", "import", path_str(&f)])
        .ok()
        .stdout_has("1 changes");
    as_other(&["submit", "--year", "2018", "--district", "456"]).ok();
    as_other(&["approve", "--year", "2018", "--district", "456"]).ok();
    as_other(&[
        "reopen",
        "--year",
        "2018",
        "--district",
        "456",
        "--reason",
        "sửa số cơ quan",
    ])
    .ok();
    // Anyone may register the first user (here: the province user who then runs things).
    as_other(&["user", "add", &me(), "--role", "province"]).ok();
    sb.antq(&["user", "list"])
        .ok()
        .stdout_has(&format!("{}\tprovince", me()));
    if switch {
        // From now on the other login is unregistered: read only.
        let before = sb.fingerprint();
        as_other(&["import", path_str(&f)]).code(1);
        as_other(&["submit", "--year", "2018", "--district", "456"]).code(1);
        assert_eq!(before, sb.fingerprint());
    }
}

#[test]
fn a_clerk_may_import_and_submit_only_their_own_district() {
    if !can_switch_user("a_clerk_may_import_and_submit_only_their_own_district") {
        return;
    }
    let sb = with_people();
    let clerk = login_of(CLERK_UID);
    // A row of district 456, and a commune of 456 among rows of 450: the whole file is refused.
    let other = sb.assessments("456.csv", &["2018,456,,,,,16,13,12,11,"]);
    let mixed = sb.assessments(
        "mixed.csv",
        &[
            "2018,18853,12,8,no,no,1,0,3,3,2",
            "2018,19201,30,28,yes,yes,4,4,6,6,1",
        ],
    );
    let before = sb.fingerprint();
    let r = sb.antq_as(CLERK_UID, &["--lang", "en", "import", path_str(&other)]);
    r.code(1)
        .stderr_has(&format!("{}:2: ", other.display()))
        .stderr_has(&clerk)
        .stderr_has("456");
    let r = sb.antq_as(CLERK_UID, &["import", path_str(&mixed)]);
    r.code(1).stderr_has(&format!("{}:3: ", mixed.display()));
    assert!(
        !r.stderr.contains(&format!("{}:2:", mixed.display())),
        "{}",
        r.stderr
    );
    assert_eq!(before, sb.fingerprint(), "a refused import wrote");
    // A clerk may not change the list of localities either.
    let loc = sb.file(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to\n99001,Xã Mới,commune,450,,\n",
    );
    sb.antq_as(CLERK_UID, &["import", path_str(&loc)])
        .code(1)
        .stderr_has(&format!("{}:2: ", loc.display()));
    assert_eq!(before, sb.fingerprint());
    // Their own district: fine, and audited under their login with source import.
    let own = sb.assessments("450.csv", &["2018,18853,12,8,no,no,1,0,3,3,2"]);
    sb.antq_as(CLERK_UID, &["--lang", "en", "import", path_str(&own)])
        .ok()
        .stdout_has("1 changes");
    assert_eq!(ra_total(&sb, "18853"), Some(12));
    let who: String = sb
        .conn()
        .query_row(
            "SELECT os_user || ' ' || source FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, format!("{clerk} import"));
    // Submit: another district refused, their own accepted.
    let before = sb.fingerprint();
    sb.antq_as(
        CLERK_UID,
        &["submit", "--year", "2018", "--district", "456"],
    )
    .code(1);
    assert_eq!(before, sb.fingerprint());
    sb.antq_as(
        CLERK_UID,
        &["submit", "--year", "2018", "--district", "450"],
    )
    .ok();
    // Approve and reopen are the province's.
    let before = sb.fingerprint();
    sb.antq_as(
        CLERK_UID,
        &[
            "--lang",
            "en",
            "approve",
            "--year",
            "2018",
            "--district",
            "450",
        ],
    )
    .code(1)
    .stderr_has("province");
    sb.antq_as(
        CLERK_UID,
        &[
            "reopen",
            "--year",
            "2018",
            "--district",
            "450",
            "--reason",
            "x",
        ],
    )
    .code(1);
    sb.antq_as(CLERK_UID, &["user", "add", "ke", "--role", "province"])
        .code(1);
    sb.antq_as(CLERK_UID, &["user", "remove", &me()]).code(1);
    assert_eq!(before, sb.fingerprint());
    sb.antq(&["approve", "--year", "2018", "--district", "450"])
        .ok();
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tapproved");
}

#[test]
fn an_unregistered_login_may_only_read() {
    if !can_switch_user("an_unregistered_login_may_only_read") {
        return;
    }
    let sb = with_people();
    let stranger = login_of(STRANGER_UID);
    let f = sb.assessments("450.csv", &["2018,18853,12,8,no,no,1,0,3,3,2"]);
    let before = sb.fingerprint();
    let r = sb.antq_as(STRANGER_UID, &["--lang", "en", "import", path_str(&f)]);
    r.code(1)
        .stderr_has(&stranger)
        .stderr_has(&format!("antq user add {stranger}"));
    sb.antq_as(STRANGER_UID, &["import", path_str(&f)])
        .code(1)
        .stderr_has(&format!("antq user add {stranger}"));
    sb.antq_as(
        STRANGER_UID,
        &["submit", "--year", "2018", "--district", "450"],
    )
    .code(1)
    .stderr_has(&format!("antq user add {stranger}"));
    sb.antq_as(
        STRANGER_UID,
        &["user", "add", &stranger, "--role", "province"],
    )
    .code(1);
    assert_eq!(before, sb.fingerprint());
    // Reading is fine.
    let j = sb
        .antq_as(
            STRANGER_UID,
            &["report", "--year", "2018", "--format", "json"],
        )
        .ok()
        .json();
    assert_eq!(j["categories"]["communes"]["recognized"], 126);
    sb.antq_as(STRANGER_UID, &["check", "--year", "2018"]).ok();
    sb.antq_as(STRANGER_UID, &["status", "--year", "2018"]).ok();
    sb.antq_as(
        STRANGER_UID,
        &["history", "--year", "2018", "--locality", "450"],
    )
    .ok();
    sb.antq_as(STRANGER_UID, &["verify"]).ok();
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn user_add_list_remove_and_their_refusals() {
    let sb = Sandbox::new().with_demo();
    sb.antq(&["user", "add", &me(), "--role", "province"]).ok();
    let before = sb.fingerprint();
    for (line, code) in [
        ("user add lan --role clerk", 1), // a clerk needs a district
        ("user add lan --role clerk --district 999", 2), // no such district: usage
        ("user add lan --role clerk --district 44", 2), // a province
        ("user add lan --role province --district 450", 1),
        ("user add lan --role mayor", 2),
        ("user add ", 2),
        ("user remove nobody-at-all", 1),
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let r = sb.antq(&args);
        r.code(code);
        assert!(!r.stderr.trim().is_empty(), "{line}: silent");
    }
    assert_eq!(before, sb.fingerprint());
    sb.antq(&["user", "add", "lan", "--role", "clerk", "--district", "457"])
        .ok();
    sb.antq(&["user", "list"])
        .ok()
        .stdout_has("lan\tclerk\t457");
    sb.antq(&["user", "remove", "lan"]).ok();
    assert!(!sb.antq(&["user", "list"]).ok().stdout.contains("lan\t"));
    // Both changes are in the audit log.
    let n: i64 = sb
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'user' AND record = 'lan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}

// --- draft → submitted → approved → reopened ----------------------------------------------------

#[test]
fn submit_is_refused_while_check_finds_errors_and_accepted_once_fixed() {
    let sb = with_people();
    // Hải Thành marked recognised with 16 of 25 residential areas (needs 18): an error of check.
    let bad = sb.assessments("bad.csv", &["2018,18853,25,16,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&bad)]).ok();
    let before = sb.fingerprint();
    let r = sb.antq(&[
        "--lang",
        "en",
        "submit",
        "--year",
        "2018",
        "--district",
        "450",
    ]);
    r.code(1)
        .stderr_has("cannot submit")
        .stderr_has("18853")
        .stderr_has("commune_rule_set");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(before, sb.fingerprint(), "a refused submit wrote");
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tdraft");
    // Another district is not held back by 450's error.
    sb.antq(&["submit", "--year", "2018", "--district", "456"])
        .ok();
    // Fixed: submitted.
    let good = sb.assessments("good.csv", &["2018,18853,25,18,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&good)]).ok();
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .ok();
    let status = sb.antq(&["--lang", "en", "status", "--year", "2018"]);
    status
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tsubmitted")
        .stdout_has("456\tHuyện Quảng Ninh\tsubmitted")
        .stdout_has("457\tHuyện Lệ Thủy\tdraft");
    // Twice is refused, as are approving a draft, reopening a draft, unknown districts.
    let before = sb.fingerprint();
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .code(1);
    sb.antq(&["approve", "--year", "2018", "--district", "457"])
        .code(1);
    sb.antq(&[
        "reopen",
        "--year",
        "2018",
        "--district",
        "457",
        "--reason",
        "x",
    ])
    .code(1);
    // A code that names no district is a usage error.
    sb.antq(&["submit", "--year", "2018", "--district", "999"])
        .code(2);
    sb.antq(&["submit", "--year", "2018", "--district", "18853"])
        .code(2);
    sb.antq(&["approve", "--year", "2018", "--district", "999"])
        .code(2);
    sb.antq(&[
        "reopen",
        "--year",
        "2018",
        "--district",
        "450",
        "--reason",
        "  ",
    ])
    .code(1);
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn a_missed_target_does_not_block_submit() {
    let sb = with_people();
    let miss = sb.assessments("miss.csv", &["2018,18853,90,0,no,no,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&miss)]).ok();
    let j = sb
        .antq(&[
            "check",
            "--year",
            "2018",
            "--locality",
            "450",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert!(j["warnings"].as_u64().unwrap() > 0, "{j:#}");
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .ok();
}

#[test]
fn an_approved_district_year_refuses_imports_until_reopened() {
    let sb = with_people();
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .ok();
    sb.antq(&["approve", "--year", "2018", "--district", "450"])
        .ok();
    let before = sb.fingerprint();
    // Rows exactly as stored (nothing would change) are refused all the same, each line named.
    let same = sb.assessments(
        "same.csv",
        &[
            "2018,456,,,,,15,13,12,11,",
            "2018,450,,,,,21,20,14,14,",
            "2018,18853,11,8,no,no,1,0,3,3,2",
        ],
    );
    let r = sb.antq(&["--lang", "en", "import", path_str(&same)]);
    r.code(1)
        .stderr_has(&format!("{}:3: ", same.display()))
        .stderr_has(&format!("{}:4: ", same.display()))
        .stderr_has("approved");
    assert!(
        !r.stderr.contains(&format!("{}:2:", same.display())),
        "{}",
        r.stderr
    );
    let award = sb.file(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n\
         2018,certificate_of_commendation,district_chairman,individual,Trần Thị Mới,18856,77/QĐ-UBND,2018-12-30,\n",
    );
    sb.antq(&["import", path_str(&award)])
        .code(1)
        .stderr_has(&format!("{}:2: ", award.display()));
    let limitation = sb.file(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2018,450,other,Một hạn chế mới,Khắc phục,open\n",
    );
    sb.antq(&["import", path_str(&limitation)])
        .code(1)
        .stderr_has(&format!("{}:2: ", limitation.display()));
    assert_eq!(
        before,
        sb.fingerprint(),
        "an import touching an approved year wrote"
    );
    // Approving twice is refused; other years and districts are untouched by the approval.
    sb.antq(&["approve", "--year", "2018", "--district", "450"])
        .code(1);
    let next_year = sb.assessments("2019.csv", &["2019,18853,11,9,no,no,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&next_year)]).ok();
    let other = sb.assessments("456.csv", &["2018,456,,,,,16,13,12,11,"]);
    sb.antq(&["import", path_str(&other)]).ok();
    // Reopened with a reason: a draft again, and the import goes through.
    sb.antq(&[
        "reopen",
        "--year",
        "2018",
        "--district",
        "450",
        "--reason",
        "Sai số khu dân cư",
    ])
    .ok();
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tdraft")
        .stdout_has("Sai số khu dân cư");
    let changed = sb.assessments("changed.csv", &["2018,18853,12,8,no,no,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&changed)]).ok();
    assert_eq!(ra_total(&sb, "18853"), Some(12));
}

#[test]
fn every_transition_is_in_the_history_and_the_audit_log() {
    let sb = with_people();
    let audit_before = sb.audit_count();
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .ok();
    sb.antq(&["approve", "--year", "2018", "--district", "450"])
        .ok();
    sb.antq(&[
        "reopen",
        "--year",
        "2018",
        "--district",
        "450",
        "--reason",
        "Thiếu số trường học",
    ])
    .ok();
    sb.antq(&["submit", "--year", "2018", "--district", "450"])
        .ok();
    assert_eq!(
        sb.audit_count(),
        audit_before + 4,
        "one audit row per transition"
    );
    let h = sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "450",
        "--field",
        "state",
    ]);
    h.ok();
    let lines: Vec<&str> = h.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", h.stdout);
    let ends = [
        "draft → submitted",
        "submitted → approved",
        "approved → draft (Thiếu số trường học)",
        "draft → submitted",
    ];
    for (line, end) in lines.iter().zip(ends) {
        assert!(line.ends_with(end), "{line:?} should end with {end:?}");
        assert!(
            line.contains(&format!("\t{}\t", me())),
            "{line:?} lacks the login"
        );
    }
    // The audit table itself, found the way the contract describes it.
    let conn = sb.conn();
    let table = audit_table(&conn);
    let new_col = new_column(&conn, &table);
    let news: Vec<String> = conn
        .prepare(&format!(
            "SELECT {new_col} FROM {table} WHERE locality_code = '450' AND field = 'state' ORDER BY rowid"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        news,
        [
            "submitted",
            "approved",
            "draft (Thiếu số trường học)",
            "submitted"
        ]
    );
    sb.antq(&["verify"]).ok();
}

#[test]
fn history_shows_old_and_new_with_source_import() {
    let sb = Sandbox::new().with_demo();
    let f = sb.assessments("a.csv", &["2018,18853,12,9,no,no,1,0,3,3,2"]);
    sb.antq(&["--lang", "en", "import", path_str(&f)])
        .ok()
        .stdout_has("2 changes");
    let h = sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
        "--field",
        "residential_areas_total",
    ]);
    h.ok();
    let lines: Vec<&str> = h.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", h.stdout);
    assert!(
        lines[0].ends_with("residential_areas_total\tdữ liệu mẫu\t∅ → 11"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with(&format!(
            "{}\tresidential_areas_total\tnhập tệp\t11 → 12",
            me()
        )),
        "{}",
        lines[1]
    );
    // Without --field: every field of the locality, the import's two among them; in English the
    // source is the audit's code.
    let all = sb.antq(&[
        "--lang",
        "en",
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
    ]);
    let imported: Vec<&str> = all
        .ok()
        .stdout
        .lines()
        .filter(|l| l.contains("\timport\t"))
        .collect();
    assert_eq!(imported.len(), 2, "{}", all.stdout);
    assert!(imported
        .iter()
        .any(|l| l.ends_with("residential_areas_recognized\timport\t8 → 9")));
    // A locality without changes in a year says so.
    sb.antq(&[
        "--lang",
        "en",
        "history",
        "--year",
        "2030",
        "--locality",
        "18853",
    ])
    .ok()
    .stdout_has("No change recorded");
}

// --- integrity ----------------------------------------------------------------------------------

#[test]
fn verify_passes_on_an_honest_database() {
    let sb = Sandbox::new().with_demo();
    let n = sb.audit_count();
    sb.antq(&["--lang", "en", "verify"])
        .ok()
        .stdout_has(&format!("intact ({n} rows)"))
        .stdout_has("integrity check: ok");
}

fn audit_row(conn: &rusqlite::Connection, id: i64) -> antq::store::AuditRow {
    conn.query_row(
        "SELECT id, at, os_user, source, entity, year, locality_code, record, field,
                old_value, new_value, prev_hash, hash FROM audit_log WHERE id = ?1",
        [id],
        |r| {
            Ok(antq::store::AuditRow {
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
        },
    )
    .expect("audit row")
}

#[test]
fn verify_names_the_first_row_edited_behind_antqs_back() {
    let sb = Sandbox::new().with_demo();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET new_value = '99' WHERE id = 7;
             UPDATE audit_log SET new_value = '98' WHERE id = 9;",
        )
        .unwrap();
    }
    let r = sb.antq(&["--lang", "en", "verify"]);
    r.code(1).stdout_has("TAMPERED from row 7");
    assert!(!r.stdout.contains("row 9"), "{}", r.stdout);
    sb.antq(&["verify"]).code(1).stdout_has("dòng 7");
}

#[test]
fn verify_sees_an_edit_even_when_the_edited_rows_hash_is_recomputed() {
    let sb = Sandbox::new().with_demo();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET new_value = '99' WHERE id = 7;",
        )
        .unwrap();
        let mut seven = audit_row(&conn, 7);
        seven.hash = antq::store::audit::row_hash(&seven);
        conn.execute("UPDATE audit_log SET hash = ?1 WHERE id = 7", [&seven.hash])
            .unwrap();
    }
    // Row 7 is consistent in itself now; the link from row 8 is not.
    sb.antq(&["--lang", "en", "verify"])
        .code(1)
        .stdout_has("TAMPERED from row 8");
}

#[test]
fn verify_names_a_deleted_row() {
    let sb = Sandbox::new().with_demo();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_delete;
             DELETE FROM audit_log WHERE id = 5;",
        )
        .unwrap();
    }
    sb.antq(&["--lang", "en", "verify"])
        .code(1)
        .stdout_has("TAMPERED from row 6");
}

#[test]
fn verify_reports_a_dropped_guard_even_before_any_row_is_edited() {
    let sb = Sandbox::new().with_demo();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_delete;
             CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END;",
        )
        .unwrap();
    }
    sb.antq(&["--lang", "en", "verify"])
        .code(1)
        .stdout_has("intact")
        .stdout_has("audit_log_no_delete");
}

#[test]
fn the_audit_table_refuses_update_and_delete_through_sqlite() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let table = audit_table(&conn);
    let new_col = new_column(&conn, &table);
    let upd = conn.execute(
        &format!("UPDATE {table} SET {new_col} = '0' WHERE rowid = 3"),
        [],
    );
    assert!(upd.is_err(), "UPDATE went through");
    let del = conn.execute(&format!("DELETE FROM {table} WHERE rowid = 3"), []);
    assert!(del.is_err(), "DELETE went through");
    let wipe = conn.execute(&format!("DELETE FROM {table}"), []);
    assert!(wipe.is_err(), "DELETE of everything went through");
    drop(conn);
    assert_eq!(before, sb.fingerprint());
    sb.antq(&["verify"]).ok();
}

/// The two-level fixture (tests/common: a province with districts until 30/06/2025, then three
/// communes directly under it), with the current login as the province user.
fn two_level_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    two_level::load(&sb.db());
    sb.open_up();
    sb.antq(&["user", "add", &me(), "--role", "province"]).ok();
    sb
}

#[test]
fn the_reporting_unit_of_a_year_without_districts_is_the_commune() {
    let sb = two_level_sandbox();
    // status lists the year's reporting units: the communes in 2025, the districts in 2019.
    let r = sb.antq(&["status", "--year", "2025"]);
    r.ok();
    for code in two_level::NEW_COMMUNES {
        assert!(r.stdout.contains(&format!("{code}\t")), "{}", r.stdout);
    }
    assert!(!r.stdout.contains("450\t"), "{}", r.stdout);
    let r = sb.antq(&["status", "--year", "2019"]);
    r.ok();
    assert!(r.stdout.contains("450\t") && r.stdout.contains("457\t"));
    assert!(!r.stdout.contains("18853\t"), "{}", r.stdout);

    // Codes that are not a reporting unit of the year: refused, saying why, nothing written.
    let before = sb.fingerprint();
    sb.antq(&["submit", "--year", "2025", "--unit", "450"])
        .code(2)
        .stderr_has("450")
        .stderr_has("2025");
    sb.antq(&["--lang", "en", "submit", "--year", "2025", "--unit", "450"])
        .code(2)
        .stderr_has("no unit with code 450 in 2025");
    sb.antq(&[
        "--lang", "en", "submit", "--year", "2019", "--unit", "18853",
    ])
    .code(2)
    .stderr_has(
        "18853 (Phường Hải Thành) is not a reporting unit of 2019: that year reports by district",
    );
    sb.antq(&["submit", "--year", "2019", "--unit", "18853"])
        .code(2)
        .stderr_has("không phải đơn vị báo cáo của năm 2019");
    sb.antq(&["--lang", "en", "approve", "--year", "2025", "--unit", "44"])
        .code(2)
        .stderr_has(
            "44 (Tỉnh Quảng Trị) is not a reporting unit of 2025: that year has no districts",
        );
    sb.antq(&["user", "add", "lan", "--role", "clerk", "--unit", "44"])
        .code(2)
        .stderr_has("44 là mã cấp tỉnh");
    sb.antq(&[
        "--lang", "en", "user", "add", "lan", "--role", "clerk", "--unit", "999",
    ])
    .code(2)
    .stderr_has("no district or commune with code 999");
    sb.antq(&["user", "add", "lan", "--role", "clerk"])
        .code(1)
        .stderr_has("--unit");
    assert_eq!(before, sb.fingerprint(), "a refusal wrote");

    // A commune reporting unit goes draft → submitted → approved → draft; --district is a synonym.
    sb.antq(&["submit", "--year", "2025", "--unit", "50001"])
        .ok();
    sb.antq(&["approve", "--year", "2025", "--district", "50001"])
        .ok();
    let r = sb.antq(&["--lang", "en", "status", "--year", "2025"]);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("50001\t") && l.contains("approved")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("50002\t") && l.contains("draft")),
        "{}",
        r.stdout
    );
    // Approved: the commune's rows are read-only, the other communes' are not.
    let f = sb.assessments("a.csv", &["2025,50001,22,21,yes,yes,4,3,5,5,1"]);
    let before = sb.fingerprint();
    sb.antq(&["--lang", "en", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("the 2025 figures of unit 50001 are approved");
    assert_eq!(before, sb.fingerprint());
    let g = sb.assessments("b.csv", &["2025,50002,17,12,no,no,4,3,5,5,1"]);
    sb.antq(&["import", g.to_str().unwrap()]).ok();
    sb.antq(&[
        "reopen",
        "--year",
        "2025",
        "--unit",
        "50001",
        "--reason",
        "sửa số",
    ])
    .ok();
    sb.antq(&["import", f.to_str().unwrap()]).ok();
    // A clerk may name a commune.
    sb.antq(&["user", "add", "lan", "--role", "clerk", "--unit", "50002"])
        .ok();
    sb.antq(&["user", "list"])
        .ok()
        .stdout_has("lan\tclerk\t50002");
}

#[test]
fn a_commune_clerk_may_change_and_submit_only_their_commune() {
    if !can_switch_user("a_commune_clerk_may_change_and_submit_only_their_commune") {
        return;
    }
    let sb = two_level_sandbox();
    let clerk = login_of(CLERK_UID);
    sb.antq(&["user", "add", &clerk, "--role", "clerk", "--unit", "50001"])
        .ok();
    // Another commune's row, alone or among their own: the whole file is refused.
    let other = sb.assessments("other.csv", &["2025,50002,17,12,no,no,4,3,5,5,1"]);
    let mixed = sb.assessments(
        "mixed.csv",
        &[
            "2025,50001,22,21,yes,yes,4,3,5,5,1",
            "2025,50003,2,1,yes,yes,4,3,5,5,1",
        ],
    );
    let province_row = sb.assessments("p.csv", &["2025,44,,,,,9,9,9,9,"]);
    let before = sb.fingerprint();
    for f in [&other, &mixed, &province_row] {
        sb.antq_as(CLERK_UID, &["--lang", "en", "import", f.to_str().unwrap()])
            .code(1)
            .stderr_has("may import only their own unit");
    }
    sb.antq_as(
        CLERK_UID,
        &[
            "--lang", "en", "submit", "--year", "2025", "--unit", "50002",
        ],
    )
    .code(1)
    .stderr_has("may submit only their own unit");
    sb.antq_as(
        CLERK_UID,
        &[
            "--lang", "en", "approve", "--year", "2025", "--unit", "50001",
        ],
    )
    .code(1)
    .stderr_has("only province users");
    assert_eq!(before, sb.fingerprint(), "a refusal wrote");
    // Their own commune: changed, submitted; the province approves.
    let own = sb.assessments("own.csv", &["2025,50001,22,21,yes,yes,4,3,5,5,1"]);
    sb.antq_as(CLERK_UID, &["import", own.to_str().unwrap()])
        .ok();
    sb.antq_as(CLERK_UID, &["submit", "--year", "2025", "--unit", "50001"])
        .ok();
    sb.antq(&["approve", "--year", "2025", "--unit", "50001"])
        .ok();
    let before = sb.fingerprint();
    sb.antq_as(CLERK_UID, &["import", own.to_str().unwrap()])
        .code(1);
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn submit_is_refused_while_a_unit_is_not_entered_naming_it_and_its_missing_fields() {
    let sb = with_people();
    // Hải Thành's police rating and its schools recognised left unreported (empty is not 0).
    let gap = sb.assessments("gap.csv", &["2018,18853,25,20,yes,,1,0,3,,2"]);
    sb.antq(&["import", path_str(&gap)]).ok();
    let before = sb.fingerprint();
    let r = sb.antq(&["--lang", "en", "submit", "--year", "2018", "--unit", "450"]);
    r.code(1)
        .stderr_has("cannot submit: 1 units are not fully entered")
        .stderr_has("18853 Phường Hải Thành: missing police_advanced, schools_recognized");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(before, sb.fingerprint(), "a refused submit wrote");
    sb.antq(&["submit", "--year", "2018", "--unit", "450"])
        .code(1)
        .stderr_has("không nộp được: 1 đơn vị chưa nhập đủ số liệu");
    // Once reported, the year goes in.
    let filled = sb.assessments("filled.csv", &["2018,18853,25,20,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&filled)]).ok();
    sb.antq(&["submit", "--year", "2018", "--unit", "450"]).ok();
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tsubmitted");
}

#[test]
fn a_submitted_year_is_read_only_to_its_clerk_until_recalled() {
    if !can_switch_user("a_submitted_year_is_read_only_to_its_clerk_until_recalled") {
        return;
    }
    let sb = with_people();
    let unit = ["--year", "2018", "--unit", "450"];
    let with = |verb: &'static str| -> Vec<&str> {
        let mut v = vec!["--lang", "en", verb];
        v.extend(unit);
        v
    };
    sb.antq_as(CLERK_UID, &with("submit")).ok();
    let before = sb.fingerprint();
    let change = sb.assessments("450.csv", &["2018,18853,12,8,no,no,1,0,3,3,2"]);
    sb.antq_as(CLERK_UID, &["--lang", "en", "import", path_str(&change)])
        .code(1)
        .stderr_has(&format!("{}:2: ", change.display()))
        .stderr_has("submitted and read-only")
        .stderr_has("antq recall --year 2018 --unit 450");
    assert_eq!(before, sb.fingerprint(), "a refused import wrote");
    // Another unit's clerk may not recall it; the unit's own clerk may, and the year is a draft again.
    sb.antq_as(
        CLERK_UID,
        &["--lang", "en", "recall", "--year", "2018", "--unit", "456"],
    )
    .code(1)
    .stderr_has("may recall only their own district");
    sb.antq_as(CLERK_UID, &with("recall")).ok();
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tdraft");
    sb.antq_as(CLERK_UID, &["import", path_str(&change)]).ok();
    assert_eq!(ra_total(&sb, "18853"), Some(12));
    // Nothing to recall in a draft; an approved year only the province reopens.
    sb.antq_as(CLERK_UID, &with("recall"))
        .code(1)
        .stderr_has("not submitted");
    sb.antq_as(CLERK_UID, &with("submit")).ok();
    sb.antq(&with("approve")).ok();
    let before = sb.fingerprint();
    sb.antq_as(CLERK_UID, &with("recall"))
        .code(1)
        .stderr_has("only the province can reopen");
    assert_eq!(before, sb.fingerprint(), "a refused recall wrote");
}

#[test]
fn the_first_user_must_be_a_province_user() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    sb.antq(&[
        "--lang", "en", "user", "add", "clerk1", "--role", "clerk", "--unit", "450",
    ])
    .code(1)
    .stderr_has("the first user must be a province user");
    assert_eq!(before, sb.fingerprint(), "a refused user add wrote");
    sb.antq(&["user", "add", &me(), "--role", "province"]).ok();
    sb.antq(&["user", "add", "clerk1", "--role", "clerk", "--unit", "450"])
        .ok();
}

/// A rule set that lets Hải Thành's 16 of 25 residential areas through (TT 23 asks 70%).
const LENIENT_RULE_SET: &str = "[[rule_sets]]\nid = \"tt23_2012\"\nname = { vi = \"TT 23\", en = \"TT 23\" }\nfrom_year = 2012\nto_year = 2021\nbasis = \"residential_areas\"\nmin_share = 0.5\nrequire_police_advanced = true\nmin_models = 0\n";

#[test]
fn a_clerks_own_rule_set_cannot_let_an_error_through_submit() {
    let sb = Sandbox::new().with_demo();
    // Hải Thành marked recognised with 16 of 25 residential areas: an error under TT 23 (70%).
    let bad = sb.assessments("bad.csv", &["2018,18853,25,16,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&bad)]).ok();
    let lenient = sb.file("lenient.toml", LENIENT_RULE_SET);
    let before = sb.fingerprint();
    let want = format!("{}:1: rule_sets", lenient.display());
    sb.antq(&[
        "--config",
        path_str(&lenient),
        "--lang",
        "en",
        "submit",
        "--year",
        "2018",
        "--unit",
        "450",
    ])
    .code(2)
    .stderr_has(&want)
    .stderr_has("/etc/antq/config.toml");
    // The same file as the user's own configuration.
    let user_cfg = sb.path("config/antq/config.toml");
    std::fs::create_dir_all(user_cfg.parent().unwrap()).unwrap();
    std::fs::write(&user_cfg, LENIENT_RULE_SET).unwrap();
    sb.antq(&["submit", "--year", "2018", "--unit", "450"])
        .code(2)
        .stderr_has(&format!("{}:1: rule_sets", user_cfg.display()));
    std::fs::remove_file(&user_cfg).unwrap();
    assert_eq!(before, sb.fingerprint(), "a refused submit wrote");
    // With the province's rules the error stops the submission.
    sb.antq(&["--lang", "en", "submit", "--year", "2018", "--unit", "450"])
        .code(1)
        .stderr_has("18853");
    assert_eq!(before, sb.fingerprint(), "a refused submit wrote");
}

#[test]
fn approve_judges_again_with_the_province_rules() {
    let sb = Sandbox::new().with_demo();
    // Hải Thành marked recognised with 16 of 25 residential areas: an error under TT 23 (70%).
    let bad = sb.assessments("bad.csv", &["2018,18853,25,16,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", path_str(&bad)]).ok();
    // A system configuration that lowered the share (since put right) let the error through submit …
    let lenient = sb.file("lenient.toml", LENIENT_RULE_SET);
    let mut c = sb.bare();
    c.env("ANTQ_SYSTEM_CONFIG", &lenient).args([
        "--db",
        path_str(&sb.db()),
        "submit",
        "--year",
        "2018",
        "--unit",
        "450",
    ]);
    run(c, "ANTQ_SYSTEM_CONFIG=lenient.toml submit").ok();
    // … but the province's approval runs check with its own rules and refuses, listing the error.
    let before = sb.fingerprint();
    sb.antq(&["--lang", "en", "approve", "--year", "2018", "--unit", "450"])
        .code(1)
        .stderr_has("cannot approve: check finds 1 errors")
        .stderr_has("18853");
    assert_eq!(before, sb.fingerprint(), "a refused approval wrote");
    sb.antq(&["--lang", "en", "status", "--year", "2018"])
        .ok()
        .stdout_has("450\tThành phố Đồng Hới\tsubmitted");
}

/// A typo in `history` or `notes` is said as one (exit 2, as `check` and `report` say it), never
/// read as "no change recorded" or "no note": a code no year knows, a field that is neither a
/// figure's nor in the unit's trail.
#[test]
fn history_or_notes_of_an_unknown_unit_or_field_is_refused_not_empty() {
    let sb = Sandbox::new().with_demo();
    sb.antq(&["history", "--year", "2018", "--locality", "99999"])
        .code(2)
        .stderr_has("không có đơn vị mã 99999");
    sb.antq(&["notes", "--year", "2018", "--locality", "99999"])
        .code(2)
        .stderr_has("không có địa phương mã 99999 trong năm 2018");
    sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
        "--field",
        "residential_area_total",
    ])
    .code(2)
    .stderr_has("không có trường “residential_area_total”")
    .stderr_has("residential_areas_total");
    // A figure's field, its note's, and a unit of another year are fine.
    sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
        "--field",
        "residential_areas_total",
    ])
    .ok()
    .stdout_has("residential_areas_total");
    sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
        "--field",
        "note.models",
    ])
    .ok()
    .stdout_has("Chưa có thay đổi nào.");
    sb.antq(&["history", "--year", "2016", "--locality", "19363"])
        .ok()
        .stdout_has("Chưa có thay đổi nào.");
}
