//! Opening the database: migrations, refusals, the audit log's guards and hash chain.

use crate::common::*;
use antq::domain::{Field, FieldValue};
use antq::services::set_value;
use antq::services::workflow::verify;
use antq::store::audit::ChainCheck;
use antq::store::{Source, Store, LATEST_VERSION};
use antq::text::Lang;

#[test]
fn first_open_creates_the_folder_and_the_schema_with_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/c/antq.sqlite3");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    let version: i64 = raw(&store)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    let mode: String = raw(&store)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // synchronous and foreign_keys hold per connection: the store's own.
    let int = |name: &str| match store.pragma_for_tests(name).unwrap() {
        rusqlite::types::Value::Integer(n) => n,
        other => panic!("PRAGMA {name} = {other:?}"),
    };
    let sync = int("synchronous");
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk = int("foreign_keys");
    assert_eq!(fk, 1);
    drop(store);
    // Reopening migrates nothing and keeps the version.
    let again = Store::open(&path).unwrap();
    assert!(again.is_empty().unwrap());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let db = TestDb::new();
    let p = db.file(
        "notes.sqlite3",
        "khu dân cư,1046\nthis is a spreadsheet, not a database\n",
    );
    let before = std::fs::read(&p).unwrap();
    let err = Store::open(&p).err().expect("must refuse");
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.render(Lang::En).contains("is not an SQLite database"),
        "{}",
        err.render(Lang::En)
    );
    assert!(err
        .render(Lang::Vi)
        .contains("không phải là cơ sở dữ liệu SQLite"));
    assert_eq!(before, std::fs::read(&p).unwrap());
}

#[test]
fn a_database_from_a_newer_antq_is_refused() {
    let db = TestDb::new();
    drop(db.open());
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 5)
            .unwrap();
    }
    let err = Store::open(&db.path).err().expect("must refuse");
    assert_eq!(err.exit_code(), 2);
    let msg = err.render(Lang::En);
    assert!(msg.contains("newer antq"), "{msg}");
    assert!(
        msg.contains(&format!("schema {}", LATEST_VERSION + 5)),
        "{msg}"
    );
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST_VERSION + 5, "the version was not touched");
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let (_db, store) = loaded();
    let n = audit_rows(&store);
    assert!(n > 0);
    let upd = raw(&store).execute("UPDATE audit_log SET new_value = '999' WHERE id = 1", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = raw(&store).execute("DELETE FROM audit_log WHERE id = 1", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
    assert_eq!(n, audit_rows(&store));
}

#[test]
fn verify_passes_on_an_honest_database_and_finds_the_first_tampered_row() {
    let (db, mut store) = loaded();
    set_value(
        &mut store,
        2019,
        "19123",
        Field::ResidentialAreasRecognized,
        FieldValue::Count(Some(18)),
        Source::Tui,
    )
    .unwrap();
    let v = verify(&store).unwrap();
    assert!(v.ok(), "{}", v.render(Lang::En));
    let total = audit_rows(&store);
    drop(store);
    // Someone edits the file behind antq's back: drops the guard and rewrites an old value.
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET new_value = '25' WHERE id = 7;",
        )
        .unwrap();
    }
    let store = db.open();
    let v = verify(&store).unwrap();
    assert!(!v.ok());
    assert_eq!(
        v.chain,
        ChainCheck::Broken {
            id: 7,
            reason: "content"
        }
    );
    assert!(v.render(Lang::En).contains("TAMPERED from row 7"));
    assert_eq!(total, audit_rows(&store));
}

#[test]
fn verify_finds_a_deleted_row() {
    let (db, store) = loaded();
    drop(store);
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;")
            .unwrap();
    }
    let v = verify(&db.open()).unwrap();
    assert_eq!(
        v.chain,
        ChainCheck::Broken {
            id: 4,
            reason: "missing_row"
        }
    );
}

#[test]
fn set_value_writes_the_row_and_its_audit_row_in_one_go() {
    let (_db, mut store) = loaded();
    let before = audit_rows(&store);
    let change = set_value(
        &mut store,
        2019,
        "19120",
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(21)),
        Source::Tui,
    )
    .unwrap();
    assert!(change.written);
    assert_eq!(change.old, FieldValue::Count(Some(20)));
    assert_eq!(audit_rows(&store), before + 1);
    let h = store
        .audit_history(2019, "19120", Some("residential_areas_total"))
        .unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.source, "tui");
    assert_eq!(last.os_user, store.user());
    assert_eq!(
        (last.old_value.as_deref(), last.new_value.as_deref()),
        (Some("20"), Some("21"))
    );
    // The same value again writes nothing.
    let again = set_value(
        &mut store,
        2019,
        "19120",
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(21)),
        Source::Tui,
    )
    .unwrap();
    assert!(!again.written);
    assert_eq!(audit_rows(&store), before + 1);
}

#[test]
fn the_acting_user_is_the_os_login_not_an_environment_variable() {
    // The binary is run with USER and LOGNAME naming someone else: it still acts as the login of its
    // real uid, as the password database names it.
    let sb = Sandbox::new().with_demo();
    let mut c = sb.bare();
    c.env("USER", "impostor").env("LOGNAME", "impostor").args([
        "--db",
        sb.db().to_str().expect("utf-8 path"),
        "user",
        "add",
        "impostor",
        "--role",
        "province",
    ]);
    run(c, "user add (USER=impostor)").ok();
    let f = sb.assessments("a.csv", &["2018,18853,12,8,no,no,1,0,3,3,2"]);
    let mut c = sb.bare();
    c.env("USER", "impostor").env("LOGNAME", "impostor").args([
        "--db",
        sb.db().to_str().expect("utf-8 path"),
        "import",
        f.to_str().expect("utf-8 path"),
    ]);
    // The registered user is "impostor" only: the real login is unregistered, so it may only read.
    run(c, "import (USER=impostor)").code(1);
    // SAFETY: getuid has no preconditions.
    let me = login_of(unsafe { libc::getuid() });
    assert_ne!(me, "impostor");
    assert_eq!(antq::store::os_login(), me);
}

#[test]
fn a_workflow_move_judged_before_another_write_is_not_made() {
    use antq::domain::workflow::State;
    use antq::store::workflow::Move;
    let (_db, mut store) = loaded();
    let judged_at = store.audit_head().expect("head");
    // Another write lands between the judgement and the move.
    set_value(
        &mut store,
        2019,
        "18853",
        Field::Models,
        FieldValue::Count(Some(7)),
        Source::Cli,
    )
    .expect("write");
    let before = fingerprint(&store);
    let moved = store
        .move_state(
            2019,
            "450",
            &[State::Draft],
            State::Submitted,
            "",
            Some(judged_at),
        )
        .expect("move");
    assert_eq!(moved, Move::Stale);
    assert_eq!(before, fingerprint(&store), "a stale move wrote");
    // Judged again on the current data, it is made; from a state it does not start from, refused.
    let judged_at = store.audit_head().expect("head");
    let moved = store
        .move_state(
            2019,
            "450",
            &[State::Draft],
            State::Submitted,
            "",
            Some(judged_at),
        )
        .expect("move");
    assert_eq!(moved, Move::Done);
    let moved = store
        .move_state(2019, "450", &[State::Draft], State::Submitted, "", None)
        .expect("move");
    assert_eq!(moved, Move::Refused(State::Submitted));
    assert_eq!(store.state(2019, "450").expect("state"), State::Submitted);
}

#[test]
fn a_backup_taken_while_another_process_writes_is_consistent_and_verifies() {
    let (db, store) = loaded();
    let path = store.path().to_path_buf();
    let writer = std::thread::spawn(move || {
        let mut other = Store::open(&path).expect("second connection");
        for i in 0..200u32 {
            set_value(
                &mut other,
                2019,
                "18853",
                Field::Models,
                FieldValue::Count(Some(i)),
                Source::Cli,
            )
            .expect("write during the backup");
        }
    });
    let copy = db.path.with_file_name("copy.sqlite3");
    store.backup_to(&copy).expect("backup");
    writer.join().expect("writer");
    let copied = Store::open(&copy).expect("open the copy");
    let v = verify(&copied).expect("verify");
    assert!(v.ok(), "{}", v.render(Lang::En));
    // A copy is never written over.
    let before = std::fs::read(&copy).expect("read");
    let err = store.backup_to(&copy).expect_err("exists").render(Lang::En);
    assert!(err.contains("exists: choose another name"), "{err}");
    assert_eq!(before, std::fs::read(&copy).expect("read"));
}
