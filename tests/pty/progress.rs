//! The command line's progress bar on a real terminal, and Ctrl-C typed into it. The test holds the
//! database's write lock so that the import waits, bar drawn, for as long as the test looks: no
//! race with the machine's speed.

use super::{fixture, program, Tui};
use crate::common::fingerprint_conn;
use std::path::Path;

/// Two rows of 2019 for the fixture province's districts (changed figures).
fn rows(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("assessments.csv");
    std::fs::write(
        &file,
        "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n\
         2019,450,,,,,31,30,9,9,\n\
         2019,457,,,,,32,30,9,8,\n",
    )
    .expect("write the import file");
    file
}

/// A second connection holding the write lock, as another writer would.
fn hold_write_lock(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    conn
}

fn import(db: &Path, file: &Path) -> Tui {
    let program = program();
    let (p, d, f) = (
        program.to_string_lossy(),
        db.to_string_lossy(),
        file.to_string_lossy(),
    );
    Tui::spawn(&[&p, "--db", &d, "--lang", "en", "import", &f], 100, 12)
}

#[test]
fn a_terminal_sees_the_bar_then_the_result() {
    let (dir, db) = fixture();
    let file = rows(dir.path());
    let lock = hold_write_lock(&db);
    let mut run = import(&db, &file);
    let screen = run.wait_text("Importing rows [");
    assert!(screen.contains("/2 rows ·"), "{screen}");
    assert!(screen.contains(" left"), "the time left: {screen}");
    lock.execute_batch("ROLLBACK").expect("release the lock");
    let screen = run.wait_text("Imported 1 files, 2 rows");
    let (_, status) = run.wait_exit();
    assert!(status.is_some_and(|s| s.success()), "{screen}");
    // The bar is cleared once the work is done.
    assert!(
        !run.screen().contains("Importing rows ["),
        "{}",
        run.screen()
    );
}

#[test]
fn ctrl_c_stops_the_import_and_says_nothing_was_written() {
    let (dir, db) = fixture();
    let file = rows(dir.path());
    let before = fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    let lock = hold_write_lock(&db);
    let mut run = import(&db, &file);
    run.wait_text("Importing rows [");
    run.send("\u{3}");
    lock.execute_batch("ROLLBACK").expect("release the lock");
    drop(lock);
    let screen = run.wait_text("nothing was written");
    assert!(
        screen.contains(
            "antq: Stopped on request (Ctrl-C): the database is exactly as before; nothing was written."
        ),
        "{screen}"
    );
    let (_, status) = run.wait_exit();
    assert_eq!(status.map(|s| s.exit_code()), Some(130), "{screen}");
    let after = fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    assert!(before == after, "the stopped import changed the database");
}

/// A sealed package of district 450's 2019, sealed by another server (a copy of the fixture, which
/// makes its own database id).
fn package_450(dir: &Path, db: &Path) -> std::path::PathBuf {
    let copy = dir.join("unit.sqlite3");
    std::fs::copy(db, &copy).expect("copy the fixture");
    let mut unit = super::store_at(&copy);
    let text = antq::services::package::unit_package(&mut unit, 2019, "450").expect("package");
    let file = dir.join("450-2019.json");
    std::fs::write(&file, text).expect("write the package");
    file
}

#[test]
fn a_package_import_shows_the_bar_and_ctrl_c_leaves_the_database_as_it_was() {
    let (dir, db) = fixture();
    let file = package_450(dir.path(), &db);
    let before = fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    let lock = hold_write_lock(&db);
    let mut run = import(&db, &file);
    let screen = run.wait_text("Importing rows [");
    assert!(screen.contains(" rows ·"), "{screen}");
    run.send("\u{3}");
    lock.execute_batch("ROLLBACK").expect("release the lock");
    drop(lock);
    let screen = run.wait_text("nothing was written");
    assert!(
        screen.contains(
            "antq: Stopped on request (Ctrl-C): the database is exactly as before; nothing was written."
        ),
        "{screen}"
    );
    let (_, status) = run.wait_exit();
    assert_eq!(status.map(|s| s.exit_code()), Some(130), "{screen}");
    let after = fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    assert!(
        before == after,
        "the stopped package import changed the database"
    );
    // Not stopped, the same package is taken and the bar is gone.
    let mut run = import(&db, &file);
    let screen = run.wait_text("Received the package of 450 for 2019");
    let (_, status) = run.wait_exit();
    assert!(status.is_some_and(|s| s.success()), "{screen}");
    assert!(!run.screen().contains("rows ["), "{}", run.screen());
}
