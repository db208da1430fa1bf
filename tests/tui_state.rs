//! The TUI's state machine: keys in, SQLite out.

mod tui_common;

use antq::text::Lang;
use tui_common::*;

#[test]
fn screen_smoke() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = loaded_store(&dir.path().join("antq.sqlite3"));
    let mut app = app(store, Lang::Vi, Some(2019), Some(QUANG_NINH));
    println!("{}", screen(&mut app, 80, 24));
    println!("{}", screen(&mut app, 120, 40));
}

#[test]
fn findings_dump() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = loaded_store(&dir.path().join("antq.sqlite3"));
    let app = app(store, Lang::Vi, Some(2019), Some(QUANG_NINH));
    for f in &app.ctx.live.findings {
        println!(
            "{:?} {} {} {:?} {}",
            f.severity, f.rule, f.locality_code, f.field, f.message_vi
        );
    }
}
