//! The province's grid with the districts' sealed packages: when each was received, from which
//! server, and "trễ hạn"/"late" after the deadline — the facts `antq status` prints
//! (`services::workflow::unit_statuses`), read with the year.

use crate::tui_common::*;
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;

const DONG_HOI: &str = "450";

/// Records a package of `unit` received at `at` (a second connection, as another process's import
/// would leave it).
fn received(path: &std::path::Path, unit: &str, at: &str, login: &str, server: &str) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute(
        "INSERT INTO package_received (year, unit_code, kind, sender_id, sender_login, sent_at,
            head_id, head_hash, state, reason, seal, targets, received_at, received_by)
         VALUES (2019, ?1, 'unit', ?2, ?3, ?4, 7, 'ab', 'submitted', '', 'cd', '[]', ?4, 'tinh')",
        rusqlite::params![unit, server, login, at],
    )
    .expect("record a package");
}

fn province_app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    // Đồng Hới in time, Quảng Ninh after 15 December.
    received(
        &path,
        DONG_HOI,
        "2019-12-10T08:30:00.000Z",
        "lan",
        "95c2797b-f879-46c0-aa1a-30bbfc85e099",
    );
    received(
        &path,
        QUANG_NINH,
        "2019-12-20T14:05:00.000Z",
        "minh",
        "1f00e2aa-0000-4000-8000-000000000001",
    );
    let app = app(store_at(&path), lang, Some(2019), Some(PROVINCE));
    (dir, app)
}

#[track_caller]
fn snapshot(name: &str, screen: String) {
    assert_screen("tui_province", name, &screen);
}

#[test]
fn the_province_grid_shows_each_districts_package_and_late() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = province_app(lang);
        let code = lang.code();
        let wide = screen(&mut app, 120, 40);
        let (on_time, late) = match lang {
            Lang::Vi => ("10/12", "20/12 trễ"),
            Lang::En => ("10/12", "20/12 late"),
        };
        let row = |name: &str| {
            wide.lines()
                .find(|l| l.contains(name))
                .unwrap_or_default()
                .to_string()
        };
        assert!(row("Thành phố Đồng").contains(on_time), "{wide}");
        assert!(!row("Thành phố Đồng").contains(late), "{wide}");
        assert!(row("Huyện Quảng Ninh").contains(late), "{wide}");
        snapshot(&format!("packages_{code}_120x40"), wide);
        // Narrow: the panel says it for the district under the cursor.
        let narrow = screen(&mut app, 80, 24);
        let fact = match lang {
            Lang::Vi => "gói nhận 10/12/2019 08:30 UTC từ lan@95c2797b",
            Lang::En => "received 10/12/2019 08:30 UTC from lan@95c2797b",
        };
        assert!(narrow.contains(fact), "{narrow}");
        snapshot(&format!("packages_{code}_80x24"), narrow);
        press(&mut app, KeyCode::Down);
        let narrow = screen(&mut app, 80, 24);
        assert!(narrow.contains("minh@1f00e2aa"), "{narrow}");
        snapshot(&format!("packages_late_{code}_80x24"), narrow);
    }
}

#[test]
fn a_district_in_scope_shows_no_package_column() {
    let (_dir, mut app) = province_app(Lang::En);
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    ));
    let wide = screen(&mut app, 120, 40);
    assert!(!wide.contains("Package"), "{wide}");
    assert!(!wide.contains("10/12"), "{wide}");
}
