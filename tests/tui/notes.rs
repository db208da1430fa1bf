//! A value's note in the TUI: `;` opens the focused cell's note editor, Enter saves, Esc leaves it,
//! `!` flags the cell; the grid marks noted (•) and flagged (*) cells, the panel shows the focused
//! cell's note, `h` lists its changes; a cell the clerk may not change refuses the note with the
//! sentence a value gets. Snapshots `tui_notes__…` in vi and en at 80×24 and 120×40.

use crate::tui_common::*;
use antq::domain::{Field, ValueNote};
use antq::services::notes::{set_follow_up, set_note};
use antq::store::Source;
use antq::text::Lang;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

/// Quán Hàu, the first commune of Quảng Ninh: the cell under the cursor when the grid opens.
const QUAN_HAU: &str = "19165";

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    (dir, path)
}

fn stored_note(path: &Path, code: &str, field: Field) -> Option<ValueNote> {
    store_at(path)
        .notes_of_year(2019)
        .expect("notes")
        .into_iter()
        .find(|n| n.locality_code == code && n.field == field)
}

/// The grid's row of a unit, as drawn.
fn row_of<'s>(screen: &'s str, name: &str) -> &'s str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row {name}: {screen}"))
}

#[test]
fn a_note_is_typed_saved_marked_shown_and_listed_in_the_cells_history() {
    let (_dir, path) = fixture();
    let mut app = app(store_at(&path), Lang::En, Some(2019), Some(QUANG_NINH));
    let plain = row_of(&screen(&mut app, 80, 24), "Quán Hàu").to_string();
    assert!(!plain.contains('•') && !plain.contains('*'), "{plain}");

    // ; opens the editor on the focused cell; Esc leaves nothing behind.
    type_text(&mut app, ";");
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Note · Thị trấn Quán Hàu · areas total · 2019"),
        "{s}"
    );
    type_text(&mut app, "bỏ đi");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        stored_note(&path, QUAN_HAU, Field::ResidentialAreasTotal),
        None
    );
    assert!(!screen(&mut app, 80, 24).contains("Note ·"));

    // Typed and saved with Enter: in SQLite, marked after the figure, shown in the panel.
    type_text(&mut app, ";Tách thôn Hà Thiệp, ông Lê Văn A xác nhận\n");
    let n = stored_note(&path, QUAN_HAU, Field::ResidentialAreasTotal).expect("stored");
    assert_eq!(n.note, "Tách thôn Hà Thiệp, ông Lê Văn A xác nhận");
    assert!(!n.follow_up);
    assert_eq!(n.changed_by, "clerk");
    assert_eq!(
        app.status_message(),
        Some("note saved: Thị trấn Quán Hàu · areas total")
    );
    let s = screen(&mut app, 80, 24);
    let row = row_of(&s, "Quán Hàu");
    assert_eq!(
        row.chars().count(),
        plain.chars().count(),
        "the columns keep their widths"
    );
    let total = plain
        .split("Hàu")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the figure")
        .to_string();
    assert!(row.contains(&format!("{total}•")), "{row}");
    assert!(
        s.contains("• Tách thôn Hà Thiệp, ông Lê Văn A xác nhận (clerk "),
        "the panel shows the note: {s}"
    );

    // ! flags it; the mark becomes *; ! again takes the flag off, the text stays.
    type_text(&mut app, "!");
    assert!(stored_note(&path, QUAN_HAU, Field::ResidentialAreasTotal).is_some_and(|n| n.follow_up));
    assert!(row_of(&screen(&mut app, 80, 24), "Quán Hàu").contains(&format!("{total}*")));
    assert_eq!(
        app.status_message(),
        Some("flagged for follow-up: Thị trấn Quán Hàu · areas total")
    );
    type_text(&mut app, "!");
    let n = stored_note(&path, QUAN_HAU, Field::ResidentialAreasTotal).expect("still there");
    assert!(!n.follow_up && !n.note.is_empty());

    // ; again is prefilled; its text emptied and Enter removes the note.
    type_text(&mut app, ";");
    assert!(screen(&mut app, 80, 24).contains("› Tách thôn Hà Thiệp"));
    for _ in 0.."Tách thôn Hà Thiệp, ông Lê Văn A xác nhận".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored_note(&path, QUAN_HAU, Field::ResidentialAreasTotal),
        None
    );
    assert_eq!(
        app.status_message(),
        Some("note removed: Thị trấn Quán Hàu · areas total")
    );
    assert_eq!(row_of(&screen(&mut app, 80, 24), "Quán Hàu"), plain);

    // h: the cell's history lists the note's changes beside the value's, newest first.
    type_text(&mut app, "h");
    let s = screen(&mut app, 120, 40);
    let at = |what: &str| s.find(what).unwrap_or_else(|| panic!("{what}: {s}"));
    let order = [
        at("typed · note: «Tách thôn Hà Thiệp, ông Lê Văn A xác nhận» → ·"),
        at("typed · follow-up: yes → no"),
        at("typed · follow-up: no → yes"),
        at("typed · note: «Tách thôn Hà Thiệp, ông Lê Văn A xác nhận»  "),
        at("demo data"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first: {s}");
}

/// Ctrl-Z takes back a note and a flag as it takes back a value, newest first, and Ctrl-Y puts them
/// back: in SQLite, in the grid's mark and in the status bar.
#[test]
fn ctrl_z_takes_back_a_note_and_a_flag_and_ctrl_y_puts_them_back() {
    let (_dir, path) = fixture();
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let field = Field::ResidentialAreasTotal;
    let plain = row_of(&screen(&mut app, 80, 24), "Quán Hàu").to_string();
    type_text(&mut app, ";Số liệu từ xã gửi lại\n!");
    assert!(stored_note(&path, QUAN_HAU, field).is_some_and(|n| n.follow_up));

    ctrl(&mut app, 'z');
    let n = stored_note(&path, QUAN_HAU, field).expect("the note stays, unflagged");
    assert_eq!(
        (n.note.as_str(), n.follow_up),
        ("Số liệu từ xã gửi lại", false)
    );
    assert_eq!(
        app.status_message(),
        Some("đã hoàn tác: ghi chú ô Thị trấn Quán Hàu · KDC tổng")
    );
    assert!(row_of(&screen(&mut app, 80, 24), "Quán Hàu").contains('•'));

    ctrl(&mut app, 'z');
    assert_eq!(stored_note(&path, QUAN_HAU, field), None);
    assert_eq!(row_of(&screen(&mut app, 80, 24), "Quán Hàu"), plain);

    ctrl(&mut app, 'y');
    ctrl(&mut app, 'y');
    assert!(stored_note(&path, QUAN_HAU, field).is_some_and(|n| n.follow_up));
    assert!(row_of(&screen(&mut app, 80, 24), "Quán Hàu").contains('*'));
    assert_eq!(
        app.status_message(),
        Some("đã làm lại: ghi chú ô Thị trấn Quán Hàu · KDC tổng")
    );
}

#[test]
fn a_cell_the_clerk_may_not_change_refuses_its_note_with_the_values_sentence() {
    let (_dir, path) = fixture();
    raw_approve(&path);
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let before = store_at(&path).audit_head().expect("head");
    type_text(&mut app, "5");
    let refusal = app.status_message().expect("typing refused").to_string();
    assert!(app.status_is_error(), "{refusal}");
    for key in [";", "!", "N"] {
        type_text(&mut app, key);
        assert_error(&app, &refusal);
        assert!(
            !screen(&mut app, 80, 24).contains("Ghi chú ·"),
            "{key}: no editor"
        );
    }
    assert_eq!(
        store_at(&path).audit_head().expect("head"),
        before,
        "nothing written"
    );
    // The totals row of the province's grid has no note either.
    let mut app = crate::tui_common::app(store_at(&path), Lang::En, Some(2019), Some(PROVINCE));
    type_text(&mut app, ";");
    assert!(app.status_is_error(), "{:?}", app.status_message());
}

/// Quảng Ninh's 2019 approved, by another process.
fn raw_approve(path: &Path) {
    rusqlite::Connection::open(path)
        .expect("open")
        .execute(
            "INSERT INTO workflow (year, district_code, state, changed_at, changed_by)
             VALUES (2019, ?1, 'approved', '2019-12-20T00:00:00Z', 'boss')",
            [QUANG_NINH],
        )
        .expect("approve");
}

#[test]
fn grid_with_a_note_and_a_flag_snapshots() {
    let (_dir, path) = fixture();
    {
        let mut store = store_at(&path);
        set_note(
            &mut store,
            Source::Tui,
            2019,
            QUAN_HAU,
            Field::ResidentialAreasTotal,
            "Tách thôn Hà Thiệp, ông Lê Văn A (CA thị trấn) xác nhận",
        )
        .expect("note");
        set_follow_up(&mut store, Source::Tui, 2019, QUAN_HAU, Field::Models, true).expect("flag");
        // Who and when as a fixed day, so that the panel's line does not move with the clock.
        rusqlite::Connection::open(&path)
            .expect("open")
            .execute(
                "UPDATE value_note SET changed_at = '2019-12-02T12:00:00.000Z'",
                [],
            )
            .expect("fix the day");
    }
    for lang in [Lang::Vi, Lang::En] {
        let mut app = app(store_at(&path), lang, Some(2019), Some(QUANG_NINH));
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("grid_{}_{w}x{h}", lang.code());
            assert_screen("tui_notes", &name, &screen(&mut app, w, h));
        }
        type_text(&mut app, ";");
        let name = format!("editor_{}_80x24", lang.code());
        assert_screen("tui_notes", &name, &screen(&mut app, 80, 24));
    }
}
