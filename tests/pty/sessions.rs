//! Several sessions on one database, through the real binary: a write lock held by another
//! connection never freezes the keys (the commit waits in the background of the event loop), and
//! a cell changed by another login since its edit began is not overwritten unasked.

use super::{args, fixture, program, stored_total, Tui};
use std::path::Path;

/// A second connection holding the write lock, as another session in the middle of a write.
fn hold_write_lock(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    conn
}

fn spawn(path: &Path) -> Tui {
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_text("Huyện Quảng Ninh");
    tui
}

#[test]
fn a_held_write_lock_never_freezes_the_keys_and_nothing_typed_is_lost() {
    let (_dir, path) = fixture();
    let mut tui = spawn(&path);
    let lock = hold_write_lock(&path);
    // Quán Hàu's total: Enter answers at once; the commit waits, and says so.
    tui.type_keys(&["3", "1", "\r"]);
    tui.wait_text("đang chờ ghi — một phiên khác đang ghi");
    // The keys still go on: Quảng Phú's total is typed while the lock is held.
    tui.type_keys(&["2", "2"]);
    tui.wait_for("typing 22 while the lock is held", |s| {
        s.contains("Quảng Phú · KDC tổng") && s.contains("→ 22") && s.contains("[đang gõ]")
    });
    assert_eq!(
        stored_total(&path, "19165"),
        Some(14),
        "not written under the lock"
    );
    lock.execute_batch("ROLLBACK").expect("release the lock");
    drop(lock);
    tui.wait_for("the queued commit written", |s| !s.contains("đang chờ ghi"));
    tui.type_keys(&["\r"]);
    tui.wait_text("đã lưu");
    assert_eq!(stored_total(&path, "19165"), Some(31));
    assert_eq!(stored_total(&path, "19168"), Some(22));
    tui.quit();
}

#[test]
fn quitting_while_a_commit_waits_ends_once_it_is_written() {
    let (_dir, path) = fixture();
    let mut tui = spawn(&path);
    let lock = hold_write_lock(&path);
    tui.type_keys(&["3", "1", "\r"]);
    tui.wait_text("đang chờ ghi");
    tui.type_keys(&["q"]);
    tui.wait_text("sẽ thoát khi ghi xong");
    lock.execute_batch("ROLLBACK").expect("release the lock");
    drop(lock);
    let (elapsed, status) = tui.wait_exit();
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "quits once written; after {elapsed:?}: {status:?}"
    );
    assert_eq!(stored_total(&path, "19165"), Some(31));
}

/// The command line imports Quán Hàu's row with another total (20) while the clerk types 31 over
/// the 14 the cell held when the edit began.
fn import_meanwhile(dir: &Path, path: &Path) {
    let file = dir.join("assessments.csv");
    std::fs::write(
        &file,
        "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n\
         2019,19165,20,13,yes,yes,6,6,4,4,2\n",
    )
    .expect("write the import file");
    let home = tempfile::tempdir().expect("home");
    let out = std::process::Command::new(program())
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("ANTQ_SYSTEM_CONFIG", "")
        .env("LANG", "C.UTF-8")
        .arg("--db")
        .arg(path)
        .arg("import")
        .arg(&file)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_cell_imported_by_another_session_mid_edit_asks_before_overwriting() {
    let (dir, path) = fixture();
    let mut tui = spawn(&path);
    tui.type_keys(&["3", "1"]);
    tui.wait_for("typing 31", |s| {
        s.contains("→ 31") && s.contains("[đang gõ]")
    });
    import_meanwhile(dir.path(), &path);
    tui.type_keys(&["\r"]);
    // SAFETY: getuid has no preconditions.
    let login = crate::common::login_of(unsafe { libc::getuid() });
    let screen = tui.wait_text("Ghi đè bằng 31? (y/n)");
    assert!(
        screen.contains(&format!("Giá trị đã được {login} đổi từ 14 thành 20")),
        "{screen}"
    );
    assert_eq!(
        stored_total(&path, "19165"),
        Some(20),
        "not overwritten unasked"
    );
    tui.type_keys(&["y"]);
    tui.wait_text("đã lưu");
    assert_eq!(stored_total(&path, "19165"), Some(31));
    tui.quit();
}

#[test]
fn no_to_the_conflict_keeps_the_imported_value() {
    let (dir, path) = fixture();
    let mut tui = spawn(&path);
    tui.type_keys(&["3", "1"]);
    tui.wait_for("typing 31", |s| {
        s.contains("→ 31") && s.contains("[đang gõ]")
    });
    import_meanwhile(dir.path(), &path);
    tui.type_keys(&["\r"]);
    tui.wait_text("(y/n)");
    tui.type_keys(&["n"]);
    tui.wait_text("giữ giá trị");
    assert_eq!(stored_total(&path, "19165"), Some(20));
    tui.quit();
}
