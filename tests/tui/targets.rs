//! `t` on the Assessments grid: the year's targets (issue 9, "targets are province data"). A province
//! user changes one there and the gauges follow; a clerk reads them and is told why not more.

use crate::tui_common::*;
use antq::domain::workflow::{Role, User};
use antq::domain::Category;
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// The fixture province with a province user `boss` and `clerk` the clerk of Quảng Ninh.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    let mut store = loaded_store(&path);
    for (login, role, unit) in [
        ("boss", Role::Province, None),
        ("clerk", Role::Clerk, Some(QUANG_NINH)),
    ] {
        store
            .put_user(&User {
                login: login.into(),
                role,
                district_code: unit.map(Into::into),
            })
            .expect("user");
    }
    Fixture { _dir: dir, path }
}

fn app_as(path: &Path, login: &str) -> App {
    let mut store = store_at(path);
    store.set_user_for_tests(login);
    app(store, Lang::Vi, Some(2019), Some(QUANG_NINH))
}

fn fingerprint(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open a second connection");
    crate::tui_common::fingerprint::fingerprint_conn(&conn)
}

/// Quảng Ninh's residential-areas gauge: (missing, met).
fn district_gauge(app: &App) -> (u64, Option<bool>) {
    let g = app
        .ctx
        .live
        .gauges
        .iter()
        .find(|g| g.category == Category::ResidentialAreas && g.locality_code == QUANG_NINH)
        .expect("district gauge");
    (g.missing, g.met)
}

fn stored_target(path: &Path, locality: Option<&str>) -> Option<f64> {
    let store = store_at(path);
    store
        .targets_of_year(2019)
        .expect("targets")
        .into_iter()
        .find(|t| t.category == Category::ResidentialAreas && t.locality.as_deref() == locality)
        .map(|t| t.min_share)
}

#[test]
fn the_targets_view_lists_the_years_targets() {
    let f = fixture();
    let mut app = app_as(&f.path, "boss");
    type_text(&mut app, "t");
    assert_screen("tui_targets", "targets_vi_80x24", &screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&mut app, 80, 24).contains("Chỉ tiêu năm"));
}

#[test]
fn a_clerk_reads_the_targets_and_cannot_change_them() {
    let f = fixture();
    let mut app = app_as(&f.path, "clerk");
    let before = fingerprint(&f.path);
    type_text(&mut app, "t");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("chỉ cán bộ cấp tỉnh được sửa"), "{s}");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "chỉ cán bộ cấp tỉnh được sửa");
    type_text(&mut app, "75\n");
    assert_eq!(fingerprint(&f.path), before, "a clerk's keys wrote");
    assert_eq!(district_gauge(&app), (1, Some(false)));
}

#[test]
fn a_province_user_changes_a_target_and_the_gauge_follows() {
    let f = fixture();
    let mut app = app_as(&f.path, "boss");
    // Quảng Ninh has 38 of 48 residential areas: its own target, 80%, is missed by one.
    assert_eq!(district_gauge(&app), (1, Some(false)));
    type_text(&mut app, "t");
    // The district's own target is the last row.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    // A share out of range is refused, nothing written.
    let before = fingerprint(&f.path);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "150\n");
    assert_error(&app, "từ 0 đến 100");
    assert_eq!(fingerprint(&f.path), before);
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "75\n");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(stored_target(&f.path, Some(QUANG_NINH)), Some(0.75));
    // The other targets were seeded with it, unchanged.
    assert_eq!(stored_target(&f.path, None), Some(0.85));
    assert_eq!(district_gauge(&app), (0, Some(true)));
    // Audited like a figure.
    let rows = store_at(&f.path)
        .audit_history(2019, QUANG_NINH, Some("target.residential_areas"))
        .expect("history");
    let last = rows.last().expect("an audit row");
    assert_eq!(
        (
            last.os_user.as_str(),
            last.source.as_str(),
            last.old_value.as_deref(),
            last.new_value.as_deref()
        ),
        ("boss", "tui", Some("0.8"), Some("0.75"))
    );
    // A new session reads the stored target.
    let app = app_as(&f.path, "clerk");
    assert_eq!(district_gauge(&app), (0, Some(true)));
}
