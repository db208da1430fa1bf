//! A block pasted into the grid from a spreadsheet: rows on lines, cells separated by tabs, landing
//! cell by cell from the focused cell down and across; judged whole, refused whole with the block's
//! row and column, stored in one transaction and undone as one step.

use crate::tui_common::*;
use antq::domain::workflow::{Role, State, User};
use antq::domain::{Category, Field, FieldValue};
use antq::text::{parse_bool, parse_count, Lang};
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

const TOTAL: Field = Field::ResidentialAreasTotal;
const RECOGNISED: Field = Field::ResidentialAreasRecognized;
const COMMUNE: Field = Field::CommuneRecognized;

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    (dir, path)
}

fn open_app(path: &Path) -> App {
    app(store_at(path), Lang::Vi, Some(2019), Some(QUANG_NINH))
}

fn stored(path: &Path, code: &str, field: Field) -> FieldValue {
    store_at(path)
        .year_data_row(2019, code)
        .expect("row")
        .map_or(FieldValue::Count(None), |a| a.get(field))
}

fn count(n: u32) -> FieldValue {
    FieldValue::Count(Some(n))
}

fn flag(b: bool) -> FieldValue {
    FieldValue::Flag(Some(b))
}

/// How many audit rows the database holds: a refused paste writes none.
fn audit_rows(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count")
}

fn residential_gauge(app: &App) -> (u64, u64) {
    let g = app
        .ctx
        .live
        .gauges
        .iter()
        .find(|g| g.category == Category::ResidentialAreas && g.locality_code == QUANG_NINH)
        .expect("district gauge");
    (g.ratio.recognized, g.ratio.total)
}

#[test]
fn a_two_by_three_block_lands_from_the_focused_cell_and_one_undo_takes_it_back() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    assert_eq!(residential_gauge(&app), (38, 48));
    // Xã Quảng Phú, residential areas total: a block of two rows and three columns, as a
    // spreadsheet copies it (CR LF, a trailing line break).
    press(&mut app, KeyCode::Down);
    app.handle_paste("30\t20\tcó\r\n12\t10\tkhông\r\n");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(app.status_message(), Some("đã dán 6 ô"));
    for (code, field, value) in [
        ("19168", TOTAL, count(30)),
        ("19168", RECOGNISED, count(20)),
        ("19168", COMMUNE, flag(true)),
        ("19171", TOTAL, count(12)),
        ("19171", RECOGNISED, count(10)),
        ("19171", COMMUNE, flag(false)),
    ] {
        assert_eq!(stored(&path, code, field), value, "{code} {field:?}");
    }
    // Around the block nothing moved.
    assert_eq!(stored(&path, "19165", TOTAL), count(14));
    assert_eq!(stored(&path, "19168", Field::PoliceAdvanced), flag(true));
    assert_eq!(stored(&path, "19174", TOTAL), FieldValue::Count(None));
    // The live gauges follow: 14 + 30 + 12 areas, 13 + 20 + 10 recognised.
    assert_eq!(residential_gauge(&app), (43, 56));
    assert_eq!(app.ctx.status.saved_at.as_deref(), Some("14:02:31"));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("đã dán 6 ô"), "{s}");

    // One Ctrl-Z takes back the whole paste (the four cells it changed), in one go.
    ctrl(&mut app, 'z');
    assert_eq!(app.status_message(), Some("đã hoàn tác lần dán 4 ô"));
    assert_eq!(stored(&path, "19168", TOTAL), count(25));
    assert_eq!(stored(&path, "19168", RECOGNISED), count(18));
    assert_eq!(stored(&path, "19171", TOTAL), count(9));
    assert_eq!(stored(&path, "19171", RECOGNISED), count(7));
    assert_eq!(residential_gauge(&app), (38, 48));
    ctrl(&mut app, 'y');
    assert_eq!(stored(&path, "19171", RECOGNISED), count(10));
    let trail = store_at(&path)
        .audit_history(2019, "19171", Some("residential_areas_recognized"))
        .expect("audit");
    let sources: Vec<&str> = trail.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, ["demo", "tui", "undo", "undo"]);
}

#[test]
fn a_column_and_a_row_from_a_spreadsheet_still_land() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    app.handle_paste("15\r\n26\r\n10\r\n");
    for (code, value) in [("19165", 15), ("19168", 26), ("19171", 10)] {
        assert_eq!(stored(&path, code, TOTAL), count(value), "{code}");
    }
    // The cursor stays where the paste began.
    app.handle_paste("12\t11\t");
    assert_eq!(stored(&path, "19165", TOTAL), count(12));
    assert_eq!(stored(&path, "19165", RECOGNISED), count(11));
}

#[test]
fn a_block_past_the_last_row_or_column_is_refused_whole() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let before = audit_rows(&path);
    // From Xã Vạn Ninh two rows remain (it and the district's own units).
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    app.handle_paste("5\n6\n7\n");
    assert_error(
        &app,
        "không dán — dòng 3, cột 1: ra ngoài bảng, từ ô đang chọn chỉ còn 2 dòng",
    );
    assert_eq!(stored(&path, "19174", TOTAL), FieldValue::Count(None));
    // From the last column, one column remains.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::End);
    app.handle_paste("1\t2\r\n");
    assert_error(
        &app,
        "dòng 1, cột 2: ra ngoài bảng, từ ô đang chọn chỉ còn 1 cột",
    );
    assert_eq!(stored(&path, "19171", Field::Models), count(1));
    assert_eq!(
        audit_rows(&path),
        before,
        "nothing of either paste is stored"
    );
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("không dán"), "the reason is on screen:\n{s}");
}

#[test]
fn a_block_hitting_a_cell_the_row_lacks_or_another_district_is_refused_whole() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let before = audit_rows(&path);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    // The district's own units have no residential areas: the block's second row hits that cell.
    app.handle_paste("5\t4\n6\t5");
    assert_error(
        &app,
        "dòng 2, cột 1: Đơn vị do huyện quản lý không có ô KDC tổng",
    );
    assert_eq!(stored(&path, "19174", TOTAL), FieldValue::Count(None));
    assert_eq!(audit_rows(&path), before);
    // Empty cells of the block leave their cells alone, even cells the row lacks.
    app.handle_paste("5\t4\t\t\t\n\t\t\t\t21");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(stored(&path, "19174", TOTAL), count(5));
    assert_eq!(stored(&path, QUANG_NINH, Field::AgenciesTotal), count(21));
    assert_eq!(
        stored(&path, QUANG_NINH, Field::AgenciesRecognized),
        count(19),
        "an empty cell leaves the value as it was"
    );
    drop(app);

    // A clerk of Đồng Hới may not change Quảng Ninh's figures.
    store_at(&path)
        .put_user(&User {
            login: "clerk".into(),
            role: Role::Clerk,
            district_code: Some(DONG_HOI.into()),
        })
        .expect("user");
    let before = audit_rows(&path);
    let mut app = open_app(&path);
    app.handle_paste("40\t30\n");
    assert_error(
        &app,
        "dòng 1, cột 1: Thị trấn Quán Hàu · KDC tổng không sửa được: bạn chỉ được sửa số liệu của huyện mình",
    );
    assert_eq!(stored(&path, "19165", TOTAL), count(14));
    assert_eq!(audit_rows(&path), before);
}

#[test]
fn a_block_on_an_approved_year_is_refused_whole() {
    let (_dir, path) = fixture();
    store_at(&path)
        .move_state(
            2019,
            QUANG_NINH,
            &[State::Draft, State::Submitted, State::Approved],
            State::Approved,
            "",
            None,
        )
        .expect("approve");
    let before = audit_rows(&path);
    let mut app = open_app(&path);
    app.handle_paste("40\n30\n");
    assert_error(
        &app,
        "dòng 1, cột 1: Thị trấn Quán Hàu · KDC tổng không sửa được",
    );
    assert_error(&app, "đã được duyệt");
    assert_eq!(audit_rows(&path), before);
}

#[test]
fn a_bad_value_is_refused_naming_its_row_and_column_with_the_imports_reason() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let before = audit_rows(&path);
    for bad in ["1,046", "5,5", "-3"] {
        app.handle_paste(&format!("12\t11\n20\t{bad}\n"));
        let why = parse_count(bad)
            .expect_err("refused by import")
            .message(Lang::Vi);
        assert_error(&app, &format!("dòng 2, cột 2: \"{bad}\" — {why}"));
    }
    // Letters are values here, never command keys: "q" does not quit, "g" does not jump.
    app.handle_paste("15\nq\n26 gh");
    assert!(!app.should_quit());
    assert_error(&app, "dòng 2, cột 1: \"q\"");
    // A yes/no cell refuses a word that is neither.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    app.handle_paste("có\tcó\nchưa\tkhông");
    let why = parse_bool("chưa")
        .expect_err("not yes/no")
        .message(Lang::Vi);
    assert_error(&app, &format!("dòng 2, cột 1: \"chưa\" — {why}"));
    assert_eq!(
        audit_rows(&path),
        before,
        "nothing of any of them is stored"
    );
    assert_eq!(stored(&path, "19165", TOTAL), count(14));

    // The Vietnamese grouping is a count.
    press(&mut app, KeyCode::Home);
    app.handle_paste("1.046\t900\n");
    assert_eq!(stored(&path, "19165", TOTAL), count(1046));
    assert_eq!(stored(&path, "19165", RECOGNISED), count(900));
}

#[test]
fn yes_no_cells_take_the_words_a_clerk_writes() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    // Commune recognised and police advanced, four communes.
    app.handle_paste("không\tx\nCó\tno\nyes\t0\nk\t1\n");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    for (code, commune, police) in [
        ("19165", false, true),
        ("19168", true, false),
        ("19171", true, false),
        ("19174", false, true),
    ] {
        assert_eq!(stored(&path, code, COMMUNE), flag(commune), "{code}");
        assert_eq!(
            stored(&path, code, Field::PoliceAdvanced),
            flag(police),
            "{code}"
        );
    }
}

#[test]
fn a_block_pasted_into_a_cell_being_typed_replaces_or_follows_the_typing() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    // A block whose first cell holds a value replaces what is being typed.
    type_text(&mut app, "7");
    app.handle_paste("30\t20\n12\t10\n");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(stored(&path, "19165", TOTAL), count(30));
    assert_eq!(stored(&path, "19168", RECOGNISED), count(10));
    assert!(app.pending_commits().is_empty(), "no edit left open");
    // A block whose first cell is empty: what is typed is committed first, the block lands around it.
    type_text(&mut app, "8");
    app.handle_paste("\t6\n9\t5\n");
    assert_eq!(stored(&path, "19165", TOTAL), count(8));
    assert_eq!(stored(&path, "19165", RECOGNISED), count(6));
    assert_eq!(stored(&path, "19168", TOTAL), count(9));
    // A refused block leaves the typing as it was.
    type_text(&mut app, "11");
    app.handle_paste("5\tx\n");
    assert_error(&app, "dòng 1, cột 2");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "19165", TOTAL), count(11));
}

#[test]
fn one_value_pasted_is_typed_into_the_cell_and_enter_commits_it() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    app.handle_paste("25\r\n");
    assert_eq!(
        stored(&path, "19165", TOTAL),
        count(14),
        "typed, not committed"
    );
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("[đang gõ]"), "{s}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "19165", TOTAL), count(25));
    // A value the import refuses is refused as typing it would be.
    app.handle_paste("1,046");
    assert_error(&app, "dấu phẩy");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "19168", TOTAL), count(25));
    press(&mut app, KeyCode::Esc);
    // A yes/no word on a yes/no cell.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    app.handle_paste("không");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "19168", COMMUNE), flag(false));
}

#[test]
fn a_block_behind_another_sessions_write_lock_is_refused_at_once_and_never_freezes() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    let lock = rusqlite::Connection::open(&path).expect("open");
    lock.execute_batch("BEGIN IMMEDIATE")
        .expect("take the lock");
    let started = std::time::Instant::now();
    app.handle_paste("30\t20\n12\t10\n");
    let took = started.elapsed();
    eprintln!("a paste under another session's write lock answered in {took:?}");
    assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    assert_error(&app, "một phiên khác đang ghi, dán lại sau giây lát");
    drop(lock);
    assert_eq!(stored(&path, "19165", TOTAL), count(14));
    app.handle_paste("30\t20\n12\t10\n");
    assert_eq!(stored(&path, "19168", RECOGNISED), count(10));
}

#[test]
fn a_block_over_a_cell_another_login_changed_is_refused_and_shows_the_new_value() {
    let (_dir, path) = fixture();
    let mut app = open_app(&path);
    // Another clerk changes Quảng Phú's total after this grid read it.
    let mut other = antq::store::Store::open(&path).expect("open");
    other.set_user_for_tests("lan");
    antq::services::set_value(
        &mut other,
        2019,
        "19168",
        TOTAL,
        count(40),
        antq::store::Source::Tui,
    )
    .expect("other commit");
    let before = audit_rows(&path);
    app.handle_paste("30\t20\n12\t10\n");
    assert_error(
        &app,
        "dòng 2, cột 1: Xã Quảng Phú · KDC tổng vừa được lan sửa thành 40",
    );
    assert_eq!(audit_rows(&path), before, "nothing of the block is stored");
    assert_eq!(stored(&path, "19165", TOTAL), count(14));
    let s = screen(&mut app, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("Xã Quảng Phú"))
        .unwrap_or_default();
    assert!(row.contains(" 40 "), "the grid shows it:\n{s}");
    // Pasted again, it lands.
    app.handle_paste("30\t20\n12\t10\n");
    assert_eq!(stored(&path, "19168", TOTAL), count(12));
}
