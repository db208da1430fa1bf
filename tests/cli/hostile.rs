//! Hostile input through the real binary: text stored before control characters were refused never
//! reaches the terminal raw; bounded reads; plausible years.

use crate::common::*;

/// Bytes a terminal would act on: C0 other than newline and tab, DEL, C1.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect()
}

/// Plants escapes in the demo's stored text as an older antq (or a hand-edited file) could have.
fn planted() -> Sandbox {
    let sb = Sandbox::new().with_demo();
    let conn = rusqlite::Connection::open(sb.db()).expect("open");
    conn.execute_batch(
        "UPDATE limitation SET text = 'Xóa ' || char(27) || '[2J màn hình'
           WHERE id = (SELECT min(id) FROM limitation WHERE year = 2018);
         UPDATE locality SET name = name || char(27) || ']0;pwned' || char(7) WHERE code = '18853';
         INSERT INTO audit_log (at, os_user, source, entity, year, locality_code, field,
                                old_value, new_value, prev_hash, hash)
           VALUES ('2019-01-01T00:00:00Z', 'x' || char(155) || '2J', 'import', 'assessment', 2018,
                   '18853', 'models', NULL, char(27) || ']52;c;ZWNobyBoaQ==' || char(7), '', '');",
    )
    .expect("plant escapes");
    sb
}

#[test]
fn report_history_and_check_escape_stored_control_characters() {
    let sb = planted();
    // A finding on Hải Thành, whose name now holds an OSC 0.
    let f = sb.assessments("bad70.csv", &["2018,18853,25,16,yes,yes,1,0,3,3,2"]);
    sb.antq(&["import", f.to_str().expect("utf-8")]).ok();
    for (args, code) in [
        (&["report", "--year", "2018"][..], 0),
        (&["report", "--year", "2018", "--format", "markdown"], 0),
        (&["report", "--year", "2018", "--locality", "450"], 0),
        (&["--lang", "en", "check", "--year", "2018"], 1),
        (&["history", "--year", "2018", "--locality", "18853"], 0),
    ] {
        let run = sb.antq(args);
        run.code(code);
        assert_eq!(
            raw_controls(&run.stdout),
            Vec::<char>::new(),
            "`{}` printed raw control characters:\n{}",
            run.what,
            run.stdout
        );
        assert!(
            run.stdout.contains("\\u{1b}") || run.stdout.contains("\\u{9b}"),
            "`{}` hid the escape instead of showing it:\n{}",
            run.what,
            run.stdout
        );
    }
}

#[test]
fn import_of_an_endless_file_is_refused() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    let run = sb.antq(&["--lang", "en", "import", "/dev/zero"]);
    run.code(1)
        .stderr_has("/dev/zero:1: the file is larger than 200 MB");
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn years_out_of_the_plausible_range_are_usage_errors() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    for args in [
        &["submit", "--year=-2147483648", "--unit", "450"][..],
        &["report", "--year", "20188"],
        &["check", "--year", "1899"],
        &["export", "--year", "0", "--out", "-"],
        &["history", "--year", "2101", "--locality", "450"],
    ] {
        sb.antq(args)
            .code(2)
            .stderr_has("không phải năm báo cáo: cần một năm từ 1990 đến 2100");
        let en: Vec<&str> = ["--lang", "en"].iter().chain(args).copied().collect();
        sb.antq(&en).code(2).stderr_has("1990..=2100");
    }
    assert_eq!(before, sb.fingerprint());
}

#[test]
fn a_sqlite_file_of_another_program_is_refused_and_left_as_it_is() {
    let sb = Sandbox::new();
    let other = sb.path("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other).expect("create");
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');")
            .expect("fill");
    }
    let before = std::fs::read(&other).expect("read");
    let db = other.to_str().expect("utf-8");
    for args in [
        &["--db", db, "--lang", "en", "verify"][..],
        &["--db", db, "--lang", "en", "report", "--year", "2018"],
        &["--db", db, "--lang", "en", "init"],
    ] {
        sb.antq(args).code(1).stderr_has("is not an antq database");
    }
    assert_eq!(
        before,
        std::fs::read(&other).expect("read"),
        "the file changed"
    );
    let conn = rusqlite::Connection::open(&other).expect("open");
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .expect("count");
    assert_eq!(tables, 1, "antq added tables to another program's file");
}

#[test]
fn import_into_a_damaged_database_is_refused_in_one_sentence() {
    let sb = Sandbox::new().with_demo();
    // Scribble over pages in the middle of the file, as a bad disk sector would.
    let mut bytes = std::fs::read(sb.db()).expect("read");
    let page = 4096;
    let middle = (bytes.len() / 2) / page * page;
    for b in &mut bytes[middle..middle + 4 * page] {
        *b = 0xA5;
    }
    std::fs::write(sb.db(), &bytes).expect("write");
    let f = sb.assessments("a.csv", &["2018,18853,25,18,yes,yes,1,0,3,3,2"]);
    let run = sb.antq(&["--lang", "en", "import", f.to_str().expect("utf-8")]);
    run.code(1).stderr_has("is damaged");
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        bytes,
        std::fs::read(sb.db()).expect("read"),
        "the file changed"
    );
    sb.antq(&["--lang", "en", "verify"]).code(1);
}
