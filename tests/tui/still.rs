//! "Còn phải nhập" (`m` on the Assessments grid: the scope's errors and units not entered, each opening
//! its cell) and `j` (the next cell not entered or with an error), issue 10.
//!
//! The fixture's Huyện Quảng Ninh in 2019: Xã Vạn Ninh has no figures (eight fields missing under
//! TT 23, which asks no model); the tests type Xã Quảng Phú's recognised residential areas above its
//! total (30 > 25) for an error.

use crate::tui_common::*;
use antq::domain::{Field, FieldValue};
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    Fixture { _dir: dir, path }
}

fn quang_ninh(path: &Path, lang: Lang) -> App {
    app(store_at(path), lang, Some(2019), Some(QUANG_NINH))
}

/// Xã Quảng Phú (the second row): recognised residential areas 30 of 25 — an error. The cursor
/// then stands on Xã Hải Ninh's recognised residential areas (Enter moves down).
fn type_the_error(app: &mut App) {
    press(app, KeyCode::Down);
    press(app, KeyCode::Right);
    type_text(app, "30\n");
    assert!(!app.status_is_error(), "{:?}", app.status_message());
}

fn stored(path: &Path, code: &str, field: Field) -> Option<FieldValue> {
    let data = store_at(path).year_data(2019).expect("year data");
    data.assessments
        .iter()
        .find(|a| a.locality_code == code)
        .map(|a| a.get(field))
}

fn focus(app: &App) -> (String, Field) {
    app.focused_cell().expect("a focused cell")
}

fn at(code: &str, field: Field) -> (String, Field) {
    (code.to_string(), field)
}

/// The fields TT 23 asks of a commune, in the grid's order.
const COMMUNE_FIELDS: [Field; 8] = [
    Field::ResidentialAreasTotal,
    Field::ResidentialAreasRecognized,
    Field::CommuneRecognized,
    Field::PoliceAdvanced,
    Field::AgenciesTotal,
    Field::AgenciesRecognized,
    Field::SchoolsTotal,
    Field::SchoolsRecognized,
];

#[test]
fn the_list_names_the_errors_first_then_the_units_not_entered_with_their_fields() {
    let f = fixture();
    let mut app = quang_ninh(&f.path, Lang::Vi);
    type_the_error(&mut app);
    type_text(&mut app, "m");
    let s = screen(&mut app, 120, 40);
    for text in [
        "Còn phải nhập · Huyện Quảng Ninh · năm 2019",
        "Lỗi: 1",
        "›✗ 19168 Xã Quảng Phú · khu dân cư: đạt 30 > tổng 25",
        "Đơn vị chưa nhập đủ: 1",
        " · 19174 Xã Vạn Ninh · thiếu 8: KDC tổng, KDC đạt, xã đạt chuẩn, CA xã tiên tiến,",
    ] {
        assert!(s.contains(text), "{text}: {s}");
    }
    let errors = s.find("Lỗi: 1").unwrap_or(usize::MAX);
    let missing = s.find("Đơn vị chưa nhập đủ").unwrap_or(0);
    assert!(errors < missing, "errors first: {s}");
    // The units entered without error are not listed (the grid under the box shows no codes).
    for code in ["19165", "19171", "457 "] {
        assert!(!s.contains(code), "{code}: {s}");
    }
    // The selected item in full under the list: nothing is cut from the missing fields.
    press(&mut app, KeyCode::Down);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("trường tổng, trường đạt"), "{s}");
    // F1 lists the list's keys; Esc closes the list.
    press(&mut app, KeyCode::F(1));
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Enter"), "{help}");
    press(&mut app, KeyCode::Esc);
    assert!(
        screen(&mut app, 80, 24).contains("Còn phải nhập"),
        "back to the list"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&mut app, 80, 24).contains("Còn phải nhập"));
}

#[test]
fn enter_puts_the_focus_on_the_cell_of_the_item() {
    let f = fixture();
    let mut app = quang_ninh(&f.path, Lang::Vi);
    type_the_error(&mut app);
    // The error: Xã Quảng Phú's recognised residential areas.
    type_text(&mut app, "m");
    press(&mut app, KeyCode::Enter);
    assert!(!screen(&mut app, 80, 24).contains("Còn phải nhập ·"));
    assert_eq!(focus(&app), at("19168", Field::ResidentialAreasRecognized));
    assert!(
        app.status_message()
            .is_some_and(|m| m.contains("Xã Quảng Phú · khu dân cư: đạt 30 > tổng 25")),
        "{:?}",
        app.status_message()
    );
    // The unit not entered: its first missing field, typed at once.
    type_text(&mut app, "m");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_eq!(focus(&app), at("19174", Field::ResidentialAreasTotal));
    type_text(&mut app, "11\n");
    assert_eq!(
        stored(&f.path, "19174", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(11)))
    );
}

#[test]
fn the_list_follows_what_is_typed() {
    let f = fixture();
    let mut app = quang_ninh(&f.path, Lang::En);
    type_the_error(&mut app);
    type_text(&mut app, "m");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Errors: 1"), "{s}");
    assert!(
        s.contains("19174 Xã Vạn Ninh · 8 missing: areas total"),
        "{s}"
    );
    // Fix the error from the list: Enter, then the right figure.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "18\n");
    type_text(&mut app, "m");
    let s = screen(&mut app, 120, 40);
    assert!(!s.contains("Errors:"), "{s}");
    assert!(s.contains("Units not fully entered: 1"), "{s}");
    // Xã Vạn Ninh's first figures: the list names only the fields still missing.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "11\t10\t");
    type_text(&mut app, "m");
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("19174 Xã Vạn Ninh · 6 missing: commune recognised"),
        "{s}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(focus(&app), at("19174", Field::CommuneRecognized));
    type_text(&mut app, "y\ty\t1\t1\t2\t2\n");
    type_text(&mut app, "m");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("All entered, no errors"), "{s}");
    // Enter on the empty list closes it; the grid is as it was.
    let before = focus(&app);
    press(&mut app, KeyCode::Enter);
    assert!(!screen(&mut app, 80, 24).contains("All entered"));
    assert_eq!(focus(&app), before);
}

#[test]
fn a_complete_year_says_so_and_j_finds_nothing() {
    let f = fixture();
    // 2018: every unit of Quảng Ninh entered, no error.
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2018), Some(QUANG_NINH));
    type_text(&mut app, "m");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Đã nhập đủ, không có lỗi"), "{s}");
    press(&mut app, KeyCode::Esc);
    let before = focus(&app);
    type_text(&mut app, "j");
    assert_eq!(focus(&app), before);
    assert_eq!(
        app.status_message(),
        Some("không còn ô nào chưa nhập hay có lỗi")
    );
    assert!(!app.status_is_error());
}

#[test]
fn j_goes_through_the_errors_and_the_missing_cells_row_by_row_and_wraps() {
    let f = fixture();
    let mut app = quang_ninh(&f.path, Lang::Vi);
    type_the_error(&mut app);
    // From Xã Hải Ninh's row: Xã Vạn Ninh's eight missing cells in order, then (the district's own
    // row being complete) round to the error above.
    assert_eq!(focus(&app), at("19171", Field::ResidentialAreasRecognized));
    for field in COMMUNE_FIELDS {
        type_text(&mut app, "j");
        assert_eq!(focus(&app), at("19174", field));
    }
    assert_eq!(
        app.status_message(),
        Some("Xã Vạn Ninh · trường đạt: chưa nhập")
    );
    type_text(&mut app, "j");
    assert_eq!(
        focus(&app),
        at("19168", Field::ResidentialAreasRecognized),
        "wrapped"
    );
    assert!(
        app.status_message()
            .is_some_and(|m| m.starts_with("✗ Xã Quảng Phú · khu dân cư: đạt 30")),
        "{:?}",
        app.status_message()
    );
    // From anywhere: `j` while a value is typed commits it first, then goes on.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Home);
    type_text(&mut app, "15j");
    assert_eq!(
        stored(&f.path, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(15)))
    );
    assert_eq!(focus(&app), at("19168", Field::ResidentialAreasRecognized));
    // Fixed, the error is no longer a stop.
    type_text(&mut app, "18j");
    assert_eq!(focus(&app), at("19174", Field::ResidentialAreasTotal));
}

#[test]
fn on_the_province_grid_without_districts_the_list_and_j_name_the_communes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(two_level_store(&path));
    let mut app = app(store_at(&path), Lang::Vi, Some(2025), None);
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    // Every commune and the province's own units entered.
    type_text(&mut app, "m");
    assert!(screen(&mut app, 80, 24).contains("Đã nhập đủ, không có lỗi"));
    press(&mut app, KeyCode::Esc);
    // Phường Đồng Thuận's models cleared (TT 124 asks for them; not for the police's rating): it is
    // not entered any more.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "m");
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Còn phải nhập · Tỉnh Quảng Trị · năm 2025"),
        "{s}"
    );
    assert!(
        s.contains("50002 Phường Đồng Thuận · thiếu 1: mô hình"),
        "{s}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(focus(&app), at("50002", Field::Models));
    assert_eq!(
        app.ctx.district.as_deref(),
        Some(PROVINCE),
        "the grid stays"
    );
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "j");
    assert_eq!(focus(&app), at("50002", Field::Models));
}

#[test]
fn on_the_province_grid_with_districts_enter_opens_the_communes_district() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(PROVINCE));
    assert!(app.ctx.province_scope());
    type_text(&mut app, "m");
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Còn phải nhập · Tỉnh Quảng Bình · năm 2019"),
        "{s}"
    );
    assert!(s.contains("19174 Xã Vạn Ninh · thiếu 8"), "{s}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx.district.as_deref(), Some(QUANG_NINH));
    assert_eq!(focus(&app), at("19174", Field::ResidentialAreasTotal));
}

#[test]
fn still_to_enter_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let f = fixture();
        let mut app = quang_ninh(&f.path, lang);
        type_the_error(&mut app);
        type_text(&mut app, "m");
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("still_to_enter_{}_{w}x{h}", lang.code());
            assert_screen("tui_still", &name, &screen(&mut app, w, h));
        }
    }
}

#[test]
fn the_years_view_marks_a_year_not_fully_entered_until_it_is() {
    let f = fixture();
    let mut app = quang_ninh(&f.path, Lang::En);
    press(&mut app, KeyCode::F(6));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(" 2018      *[2019]\n"), "{s}");
    assert!(s.contains(" * not fully entered\n"), "{s}");
    // The province's year, counted by SQL (and cached).
    press(&mut app, KeyCode::Backspace);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("By year · Tỉnh Quảng Bình\n"), "{s}");
    assert!(s.contains("*[2019]"), "{s}");
    press(&mut app, KeyCode::Esc);
    // Xã Vạn Ninh typed across: 2019 is complete, in the district's years and the province's.
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    type_text(&mut app, "11\t10\ty\ty\t1\t1\t2\t2\n");
    press(&mut app, KeyCode::F(6));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(" 2018       [2019]\n"), "{s}");
    assert!(!s.contains("not fully entered"), "{s}");
    press(&mut app, KeyCode::Backspace);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(" [2019]\n"), "{s}");
    assert!(!s.contains('*'), "{s}");
}
