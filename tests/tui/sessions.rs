//! Several clerks on one database: a commit behind another process's write lock is queued and
//! retried, never freezing the keys; two logins changing the same cell are asked before one
//! overwrites the other. Two connections on one file, as two sessions on a district server.

use crate::tui_common::*;
use antq::domain::{Field, FieldValue};
use antq::store::{Source, Store};
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

const TOTAL: Field = Field::ResidentialAreasTotal;

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    (dir, path)
}

fn open_app(path: &Path) -> App {
    app(store_at(path), Lang::Vi, Some(2019), Some(QUANG_NINH))
}

fn total(path: &Path, code: &str) -> FieldValue {
    store_at(path)
        .year_data_row(2019, code)
        .expect("row")
        .map_or(FieldValue::Count(None), |a| a.get(TOTAL))
}

fn count(n: u32) -> FieldValue {
    FieldValue::Count(Some(n))
}

/// Another session: its own connection, as another login.
fn other_login(path: &Path, login: &str) -> Store {
    let mut store = Store::open(path).expect("open");
    store.set_user_for_tests(login);
    store
}

/// A second connection holding the write lock, as another session in the middle of a write.
fn hold_write_lock(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE")
        .expect("take the lock");
    conn
}

#[test]
fn a_commit_behind_the_write_lock_is_queued_then_written_in_order() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = hold_write_lock(&path);
    // Quán Hàu's total, then Quảng Phú's: both answered, both waiting. How long Enter takes under
    // the lock is printed, not asserted.
    type_text(&mut app, "31");
    let started = std::time::Instant::now();
    press(&mut app, KeyCode::Enter);
    eprintln!(
        "Enter under another session's write lock: {:?}",
        started.elapsed()
    );
    type_text(&mut app, "22\n");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("đang chờ ghi — một phiên khác đang ghi"), "{s}");
    assert!(
        s.contains("Thị trấn Quán Hàu !   31"),
        "the grid shows what was typed:\n{s}"
    );
    assert!(s.contains("Xã Quảng Phú          22"), "{s}");
    assert!(s.contains("Xã Hải Ninh"), "the cursor moved on:\n{s}");
    assert_eq!(total(&path, "19165"), count(14), "nothing written yet");
    assert!(app.writes_waiting());
    // Still locked: a retry changes nothing.
    assert!(!app.retry_writes());
    drop(lock);
    assert!(app.retry_writes());
    assert!(!app.writes_waiting());
    assert_eq!(total(&path, "19165"), count(31));
    assert_eq!(total(&path, "19168"), count(22));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("đã lưu 14:02:31"), "{s}");
    assert!(!s.contains("đang chờ ghi"), "{s}");
    // In the order typed.
    let store = store_at(&path);
    let first = store.audit_history(2019, "19165", Some("residential_areas_total"));
    let second = store.audit_history(2019, "19168", Some("residential_areas_total"));
    let id = |rows: antq::error::Result<Vec<antq::store::audit::AuditRow>>| {
        rows.expect("history").last().map(|r| r.id).unwrap_or(0)
    };
    assert!(id(first) < id(second), "written in the order typed");
}

#[test]
fn a_cell_typed_again_while_queued_keeps_the_last_value() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = hold_write_lock(&path);
    type_text(&mut app, "31\n");
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "32\n");
    drop(lock);
    app.retry_writes();
    assert_eq!(total(&path, "19165"), count(32));
    assert!(app.status_message().is_none(), "{:?}", app.status_message());
}

#[test]
fn quitting_while_a_commit_waits_waits_for_it() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = hold_write_lock(&path);
    type_text(&mut app, "31\nq");
    assert!(!app.should_quit(), "the commit is still waiting");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("sẽ thoát khi ghi xong"), "{s}");
    drop(lock);
    app.retry_writes();
    assert!(app.should_quit(), "quits once written");
    assert_eq!(total(&path, "19165"), count(31));
    assert!(app.unsaved().is_empty());
}

#[test]
fn quitting_twice_while_a_commit_waits_quits_and_says_what_was_not_saved() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let _lock = hold_write_lock(&path);
    type_text(&mut app, "31\nqq");
    assert!(app.should_quit());
    assert_eq!(
        app.unsaved(),
        vec!["chưa ghi: Thị trấn Quán Hàu · KDC tổng năm 2019 = 31".to_string()]
    );
}

/// Quán Hàu's total is 14; this App begins typing 31 over it; meanwhile "hoa" stores 20.
fn conflicting(path: &Path) -> App {
    let mut app = open_app(path);
    type_text(&mut app, "31");
    let mut other = other_login(path, "hoa");
    antq::services::set_value(&mut other, 2019, "19165", TOTAL, count(20), Source::Tui)
        .expect("the other commit");
    press(&mut app, KeyCode::Enter);
    app
}

#[test]
fn a_cell_changed_by_another_login_since_the_edit_began_asks_before_overwriting() {
    let (_dir, path) = fixture();
    let mut app = conflicting(&path);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Giá trị đã được hoa đổi từ 14 thành 20"),
        "the question names who and what:\n{s}"
    );
    assert!(s.contains("Ghi đè bằng 31? (y/n)"), "{s}");
    assert_eq!(total(&path, "19165"), count(20), "nothing overwritten yet");
    type_text(&mut app, "y");
    assert_eq!(total(&path, "19165"), count(31));
    let history = store_at(&path)
        .audit_history(2019, "19165", Some("residential_areas_total"))
        .expect("history");
    let last = history.last().expect("audited");
    assert_eq!(
        (last.os_user.as_str(), last.old_value.as_deref()),
        ("clerk", Some("20")),
        "the overwrite is audited as usual"
    );
}

#[test]
fn no_keeps_the_other_logins_value_and_shows_it() {
    let (_dir, path) = fixture();
    let mut app = conflicting(&path);
    type_text(&mut app, "n");
    assert_eq!(total(&path, "19165"), count(20));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Thị trấn Quán Hàu !   20"), "{s}");
    assert!(!s.contains("[đang gõ]"), "the edit is dropped:\n{s}");
    assert!(s.contains("giữ giá trị hoa đã lưu: 20"), "{s}");
}

#[test]
fn the_same_value_stored_by_no_one_else_is_no_conflict() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    type_text(&mut app, "31\n");
    assert_eq!(total(&path, "19165"), count(31));
    // Another cell changed by someone else does not stop this one.
    type_text(&mut app, "2");
    let mut other = other_login(&path, "hoa");
    antq::services::set_value(&mut other, 2019, "19165", TOTAL, count(40), Source::Tui)
        .expect("other");
    type_text(&mut app, "2\n");
    assert_eq!(total(&path, "19168"), count(22));
    assert!(!screen(&mut app, 80, 24).contains("(y/n)"));
}

#[test]
fn a_queued_commit_that_meets_a_conflict_asks_too() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = hold_write_lock(&path);
    type_text(&mut app, "31\n");
    drop(lock);
    let mut other = other_login(&path, "hoa");
    antq::services::set_value(&mut other, 2019, "19165", TOTAL, count(20), Source::Tui)
        .expect("other");
    app.retry_writes();
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("hoa đổi từ 14 thành 20"), "{s}");
    type_text(&mut app, "y");
    assert_eq!(total(&path, "19165"), count(31));
}

#[test]
fn the_conflict_question_vi_80x24() {
    let (_dir, path) = fixture();
    let mut app = conflicting(&path);
    // The time is the audit row's, in this machine's time zone: masked at its fixed width.
    let at = store_at(&path)
        .audit_history(2019, "19165", Some("residential_areas_total"))
        .expect("history")
        .last()
        .map(|r| r.at.clone())
        .expect("audited");
    let local = chrono::DateTime::parse_from_rfc3339(&at)
        .expect("stamp")
        .with_timezone(&chrono::Local);
    // Date and time apart: the question may wrap between them.
    let s = screen(&mut app, 80, 24)
        .replace(&local.format("%d/%m/%Y").to_string(), "dd/mm/yyyy")
        .replace(&local.format("%H:%M:%S").to_string(), "hh:mm:ss");
    assert_screen("tui_snapshots", "conflict_vi_80x24", &s);
}

#[test]
fn leaving_writes_the_queue_then_the_value_being_typed() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = hold_write_lock(&path);
    type_text(&mut app, "31\n22");
    assert_eq!(
        app.pending_commits().len(),
        2,
        "both mirrored for the signal thread"
    );
    drop(lock);
    app.commit_for_exit();
    assert_eq!(total(&path, "19165"), count(31));
    assert_eq!(total(&path, "19168"), count(22));
}

#[test]
fn undo_behind_the_write_lock_says_busy_at_once_and_changes_nothing() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    type_text(&mut app, "31\n");
    let lock = hold_write_lock(&path);
    ctrl(&mut app, 'z');
    assert_error(&app, "đang bận");
    drop(lock);
    assert_eq!(total(&path, "19165"), count(31));
    ctrl(&mut app, 'z');
    assert_eq!(total(&path, "19165"), count(14));
}

/// The limitations of the fixture's 2019 whose text is `text`.
fn limitations_with(path: &Path, text: &str) -> usize {
    store_at(path)
        .year_data(2019)
        .expect("year")
        .limitations
        .iter()
        .filter(|l| l.text == text)
        .count()
}

/// A form saved while another session holds the write lock is answered at once ("busy, try
/// again"), stays open with what was typed, and saves once the lock is gone. (Deletes and the
/// workflow's moves wait the same 30 ms.)
#[test]
fn a_form_behind_the_write_lock_is_refused_at_once_and_kept() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Hạn chế khi đang bận");
    let lock = hold_write_lock(&path);
    let started = std::time::Instant::now();
    ctrl(&mut app, 's');
    eprintln!(
        "a form's save behind a held write lock answered in {:?}",
        started.elapsed()
    );
    assert_error(&app, "đang bận");
    assert_eq!(limitations_with(&path, "Hạn chế khi đang bận"), 0);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Hạn chế khi đang bận"),
        "the form stays open:\n{s}"
    );
    drop(lock);
    ctrl(&mut app, 's');
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(limitations_with(&path, "Hạn chế khi đang bận"), 1);
}
