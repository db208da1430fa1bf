//! The review screens: the Years view, past years read-only, the history of a cell, the workflow keys.
//! State tests feed keys to the App and read SQLite back; snapshots of the Years view are taken at
//! 80×24 and 120×40 in both languages with the no-colour theme.

use crate::tui_common::reform;
use crate::tui_common::*;
use antq::domain::workflow::State;
use antq::domain::{Field, FieldValue};
use antq::store::Source;
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    Fixture { dir, path }
}

fn stored(path: &Path, year: i32, code: &str, field: Field) -> Option<FieldValue> {
    let store = store_at(path);
    let data = store.year_data(year).expect("year data");
    data.assessments
        .iter()
        .find(|a| a.locality_code == code)
        .map(|a| a.get(field))
}

fn state(path: &Path, year: i32, district: &str) -> State {
    store_at(path).state(year, district).expect("state")
}

fn alt(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
}

fn message(app: &App) -> String {
    app.status_message().unwrap_or("").to_string()
}

/// This file's snapshots: `tests/snapshots/tui_review__NAME.snap`.
#[track_caller]
fn snapshot(name: impl AsRef<str>, screen: String) {
    assert_screen("tui_review", name.as_ref(), &screen);
}

#[test]
fn years_view_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let f = fixture();
        let mut app = app(store_at(&f.path), lang, Some(2019), Some(QUANG_NINH));
        press(&mut app, KeyCode::F(6));
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("years_{}_{w}x{h}", lang.code());
            snapshot(name, screen(&mut app, w, h));
        }
    }
}

#[test]
fn years_view_steps_years_drills_down_and_goes_back_up() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    type_text(&mut app, "v");
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("By year · Tỉnh Quảng Bình › Huyện Quảng Ninh"),
        "{s}"
    );
    assert!(
        s.contains("[2019]"),
        "the focused year is marked without colour: {s}"
    );
    assert!(
        s.contains("79.2% ✗≥80%"),
        "share, target and a missed marker: {s}"
    );
    assert!(s.contains("81.4% ✓≥80%"), "{s}");
    press(&mut app, KeyCode::Left);
    assert!(screen(&mut app, 80, 24).contains("[2018]"));
    // Up to the province, then Enter lists its districts valid in 2018; pick Đồng Hới.
    press(&mut app, KeyCode::Backspace);
    assert!(screen(&mut app, 80, 24).contains("By year · Tỉnh Quảng Bình\n"));
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›450 Thành phố Đồng Hới"), "{s}");
    press(&mut app, KeyCode::Enter);
    // Then a commune of Đồng Hới; a commune is the bottom.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Thành phố Đồng Hới › Phường Đồng Mỹ"), "{s}");
    press(&mut app, KeyCode::Enter);
    assert!(message(&app).contains("lowest level"), "{}", message(&app));
    // Esc climbs back up, and at the top closes the view.
    for _ in 0..3 {
        press(&mut app, KeyCode::Esc);
    }
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("By year"), "{s}");
    assert_eq!(
        app.ctx.year, 2019,
        "stepping in the view does not change the year in view"
    );
}

#[test]
fn opening_a_past_year_from_the_years_view_shows_it_for_review() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.ctx.year, 2018);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("XEM LẠI"), "{s}");
    assert!(
        s.contains("Xã Vạn Ninh"),
        "2018 has Vạn Ninh's figures: {s}"
    );
}

/// The real province: 159 commune-level units in 2019, 151 after the merger of 1 February 2020.
#[test]
fn year_stepping_across_the_2020_merger_in_review_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    let mut store = store_at(&path);
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .expect("demo");
    drop(store);
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), None);
    // The Localities tab lists the province's units valid in the year: 1 + 8 + 159, then 1 + 8 + 151.
    press(&mut app, KeyCode::F(2));
    let s = screen(&mut app, 80, 24);
    // The demo's newest year is 2025: 2019 and 2020 are past years, reviewed read-only.
    assert!(s.contains("Năm 2019") && s.contains("XEM LẠI"), "{s}");
    assert!(s.contains("168 đơn vị"), "{s}");
    press(&mut app, KeyCode::F(3));
    let before = stored(&path, 2019, "19165", Field::ResidentialAreasTotal);
    type_text(&mut app, "7");
    assert!(message(&app).contains("năm đã qua"), "{}", message(&app));
    assert_eq!(
        stored(&path, 2019, "19165", Field::ResidentialAreasTotal),
        before
    );
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.ctx.year, 2020);
    press(&mut app, KeyCode::F(2));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("XEM LẠI"), "2020 is a past year: {s}");
    assert!(s.contains("160 đơn vị"), "{s}");
    press(&mut app, KeyCode::Char('['));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("XEM LẠI") && s.contains("168 đơn vị"), "{s}");
    // The Years view of the province counts the communes of each year.
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Backspace);
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("/159") && s.contains("/151"), "{s}");
}

#[test]
fn a_past_year_is_read_only_until_the_user_asks_to_edit_it() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2018), Some(QUANG_NINH));
    assert!(screen(&mut app, 80, 24).contains("XEM LẠI"));
    type_text(&mut app, "15");
    assert!(message(&app).contains("bấm e để sửa"), "{}", message(&app));
    assert_eq!(
        stored(&f.path, 2018, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(14)))
    );
    // e asks; n leaves it read-only; e then y unlocks this district-year for the session.
    type_text(&mut app, "e");
    assert!(screen(&mut app, 80, 24).contains("Sửa số liệu năm 2018 của Huyện Quảng Ninh?"));
    type_text(&mut app, "n5");
    assert!(message(&app).contains("bấm e để sửa"));
    type_text(&mut app, "ey");
    assert!(screen(&mut app, 80, 24).contains("XEM LẠI · đang sửa"));
    type_text(&mut app, "15\n");
    assert_eq!(
        stored(&f.path, 2018, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(15)))
    );
    // The current year needs no e.
    press(&mut app, KeyCode::Char(']'));
    type_text(&mut app, "e");
    assert!(
        message(&app).contains("năm báo cáo hiện tại"),
        "{}",
        message(&app)
    );
}

/// A past year unlocked for editing and then handed in is read-only again, and the header no
/// longer says it is being edited.
#[test]
fn an_unlocked_past_year_handed_in_is_no_longer_marked_as_being_edited() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2018), Some(QUANG_NINH));
    type_text(&mut app, "ey");
    assert!(screen(&mut app, 80, 24).contains("XEM LẠI · đang sửa"));
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert_eq!(
        state(&f.path, 2018, QUANG_NINH),
        State::Submitted,
        "{}",
        message(&app)
    );
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("XEM LẠI") && !s.contains("đang sửa"), "{s}");
    // Typing says why, and does not offer e, which would refuse.
    type_text(&mut app, "7");
    assert!(
        message(&app).contains("đã nộp số liệu năm 2018") && !message(&app).contains("bấm e"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2018, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(14)))
    );
}

#[test]
fn history_lists_a_typed_change_an_import_and_an_undo_with_their_sources() {
    let f = fixture();
    // An import changes Quán Hàu's residential areas total 14 → 16.
    let csv = f.dir.path().join("assessments.csv");
    std::fs::write(
        &csv,
        "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n\
         2019,19165,16,13,yes,yes,6,6,4,4,2\n",
    )
    .expect("csv");
    let mut app = app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    let mut other = store_at(&f.path);
    antq::services::import::import_paths(&mut other, &config(), &[csv]).expect("import");
    drop(other);
    assert!(app.poll_data().expect("poll"), "the import is seen");
    // Typed 17, then undone (back to the imported 16).
    type_text(&mut app, "17\n");
    press(&mut app, KeyCode::Up);
    ctrl(&mut app, 'z');
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(16)))
    );
    type_text(&mut app, "h");
    let s = screen(&mut app, 80, 24);
    let undo = s.find("17 → 16").expect("undo row");
    let typed = s.find("16 → 17").expect("typed row");
    let import = s.find("14 → 16").expect("import row");
    assert!(undo < typed && typed < import, "newest first: {s}");
    for source in ["undo", "typed", "import", "demo data"] {
        assert!(s.contains(source), "{source}: {s}");
    }
    assert!(
        s.contains("History: Thị trấn Quán Hàu · areas total · 2019"),
        "{s}"
    );
    // Esc closes, and the grid takes keys again.
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&mut app, 80, 24).contains("History:"));
    // The same trail in SQLite.
    let store = store_at(&f.path);
    let trail = store
        .audit_history(2019, "19165", Some("residential_areas_total"))
        .expect("audit");
    let sources: Vec<&str> = trail.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, ["demo", "import", "tui", "undo"]);
}

#[test]
fn submit_is_refused_with_the_errors_listed_then_accepted_once_fixed() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    // Xã Vạn Ninh has no 2019 figures: the submission names it as not entered.
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert_error(&app, "không nộp được: 1 đơn vị chưa nhập đủ số liệu");
    assert!(screen(&mut app, 80, 24).contains("19174"), "listed");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
    press(&mut app, KeyCode::Esc);
    // Its row typed across with Tab, then back to Quán Hàu's first cell.
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    type_text(&mut app, "11\t10\ty\ty\t1\t1\t2\t2\t1\t");
    assert_eq!(
        stored(&f.path, 2019, "19174", Field::Models),
        Some(FieldValue::Count(Some(1)))
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Up);
    }
    press(&mut app, KeyCode::Home);
    // Quán Hàu: 5 residential areas in total, 13 recognised — an error.
    type_text(&mut app, "5\n");
    press(&mut app, KeyCode::F(8));
    assert!(screen(&mut app, 80, 24).contains("Nộp số liệu năm 2019 của Huyện Quảng Ninh?"));
    type_text(&mut app, "y");
    assert_error(&app, "kiểm tra còn 1 lỗi");
    assert!(
        message(&app).contains("không nộp được"),
        "{}",
        message(&app)
    );
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("19165"), "the error is listed: {s}");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "14\n");
    alt(&mut app, 's');
    type_text(&mut app, "y");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert!(message(&app).contains("đã nộp"), "{}", message(&app));
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Submitted);
    assert!(screen(&mut app, 80, 24).contains("đã nộp"));
}

/// Xã Vạn Ninh's 2019 figures (the fixture leaves them out), so that the district's year is complete
/// and may be submitted.
fn enter_van_ninh(path: &Path) {
    let csv = path.with_file_name("van-ninh.csv");
    std::fs::write(
        &csv,
        "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,\
police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n\
2019,19174,11,10,yes,yes,1,1,2,2,1\n",
    )
    .expect("write");
    let mut store = store_at(path);
    antq::services::import::import_paths(&mut store, &antq::config::Config::builtin(), &[csv])
        .expect("import Vạn Ninh");
}

#[test]
fn an_approved_year_refuses_edits_and_says_why_until_reopened() {
    let f = fixture();
    enter_van_ninh(&f.path);
    let mut app = app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, "y");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Approved);
    assert!(
        message(&app).contains("approved the 2019 figures"),
        "{}",
        message(&app)
    );
    type_text(&mut app, "9");
    assert_error(&app, "approved and read-only");
    assert!(
        message(&app).contains("approved and read-only"),
        "{}",
        message(&app)
    );
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(14)))
    );
    // Reopen asks for a reason; an empty one is refused.
    alt(&mut app, 'r');
    press(&mut app, KeyCode::Enter);
    assert!(message(&app).contains("reason"), "{}", message(&app));
    type_text(&mut app, "sai số liệu\n");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
    let reason = store_at(&f.path)
        .states(2019)
        .expect("states")
        .get(QUANG_NINH)
        .map(|r| r.reason.clone());
    assert_eq!(reason.as_deref(), Some("sai số liệu"));
    type_text(&mut app, "9\n");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(9)))
    );
}

#[test]
fn e_on_an_approved_past_year_says_why_it_stays_read_only() {
    let f = fixture();
    let mut store = store_at(&f.path);
    store
        .move_state(
            2018,
            QUANG_NINH,
            &[State::Draft, State::Submitted, State::Approved],
            State::Approved,
            "",
            None,
        )
        .expect("approve");
    drop(store);
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2018), Some(QUANG_NINH));
    type_text(&mut app, "e");
    assert_error(&app, "đã được duyệt số liệu năm 2018");
    assert!(message(&app).contains("đã được duyệt"), "{}", message(&app));
    type_text(&mut app, "5");
    assert!(message(&app).contains("duyệt"), "{}", message(&app));
}

#[test]
fn help_lists_the_review_keys() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    press(&mut app, KeyCode::F(1));
    let s = screen(&mut app, 120, 60);
    for text in [
        "history of the cell",
        "years side by side",
        "F8 Alt-s",
        "Alt-r",
    ] {
        assert!(s.contains(text), "{text}: {s}");
    }
}

#[test]
fn a_clerk_is_told_why_another_districts_year_is_not_theirs_to_edit_submit_or_approve() {
    let f = fixture();
    let mut store = store_at(&f.path);
    store
        .put_user(&antq::domain::workflow::User {
            login: "clerk".into(),
            role: antq::domain::workflow::Role::Clerk,
            district_code: Some(DONG_HOI.into()),
        })
        .expect("user");
    drop(store);
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2018), Some(QUANG_NINH));
    type_text(&mut app, "e");
    assert_error(&app, "chỉ được sửa số liệu của huyện mình");
    assert!(message(&app).contains("huyện mình"), "{}", message(&app));
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert!(message(&app).contains("huyện mình"), "{}", message(&app));
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, "y");
    assert_error(&app, "chỉ cán bộ cấp tỉnh");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
}

/// The reform fixture (the old Quảng Bình and Quảng Trị until 30/06/2025, the new Quảng Trị from
/// 01/07/2025), the TUI opened on the new province in 2025.
fn reform_app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    let mut store = store_at(&path);
    store
        .load_dataset(&reform::dataset(), Source::Demo)
        .expect("load the reform fixture");
    let app = app(store, lang, Some(2025), Some(reform::PROVINCE));
    (dir, app)
}

#[test]
fn years_view_of_a_merged_province_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = reform_app(lang);
        press(&mut app, KeyCode::F(6));
        let name = format!("years_post_reform_{}_80x24", lang.code());
        snapshot(name, screen(&mut app, 80, 24));
    }
}

#[test]
fn years_view_of_a_merged_province_marks_the_sums_and_drills_into_the_units_of_the_year() {
    let (_dir, mut app) = reform_app(Lang::En);
    press(&mut app, KeyCode::F(6));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("By year · Tỉnh Quảng Trị\n"), "{s}");
    // 2024 is also not fully entered (no unit's own row): both marks.
    assert!(s.contains("Σ*2024"), "the summed year is marked: {s}");
    assert!(s.contains("Σ sum of the units before the merger"), "{s}");
    assert!(
        s.contains("72/85"),
        "Quảng Bình's and the old Quảng Trị's 2024: {s}"
    );
    assert!(s.contains("77/86"), "the new province's own 2025: {s}");
    // 2025: the communes directly under the province.
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›18853 Phường Đồng Hới"), "{s}");
    assert!(s.contains("19302 Xã Vĩnh Linh"), "{s}");
    press(&mut app, KeyCode::Esc);
    // 2024: the districts of that year, of both former provinces, then a district's communes.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›450 Thành phố Đồng Hới"), "{s}");
    assert!(s.contains("461 Huyện Vĩnh Linh"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Tỉnh Quảng Trị › Thành phố Đồng Hới"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("›18853 Phường Hải Thành"),
        "the 2024 unit of code 18853: {s}"
    );
    assert!(s.contains("18868 Phường Đồng Hải"), "{s}");
}

/// The two-level fixture, with "boss" as the province user and the App's login ("clerk") as the
/// clerk of one commune.
fn two_level_fixture(clerk_unit: &str) -> Fixture {
    use antq::domain::workflow::{Role, User};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    let mut store = two_level_store(&path);
    for (login, role, unit) in [
        ("boss", Role::Province, None),
        ("clerk", Role::Clerk, Some(clerk_unit)),
    ] {
        store
            .put_user(&User {
                login: login.into(),
                role,
                district_code: unit.map(Into::into),
            })
            .expect("user");
    }
    Fixture { dir, path }
}

#[test]
fn a_commune_clerk_types_and_submits_their_commune_only() {
    let f = two_level_fixture("50003");
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2025), None);
    // Their commune is the scope: its one row, under the province in the header.
    assert_eq!(app.ctx.district.as_deref(), Some("50003"));
    // The province's gauges count each commune once: the rest of the province plus this one.
    assert_eq!(app.ctx.live.province.communes.total, 4);
    assert_eq!(app.ctx.live.province.residential_areas.total, 86);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Tỉnh Quảng Trị › Xã Quảng Ninh"), "{s}");
    assert!(!s.contains("Phường Đồng Hới"), "{s}");
    assert!(!s.contains("huyện"), "{s}");
    type_text(&mut app, "30\n");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert_eq!(
        stored(&f.path, 2025, "50003", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(30)))
    );
    // Another commune, reached with g on the province's grid: refused, in the year's words.
    type_text(&mut app, "g44\n");
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    type_text(&mut app, "gdong thuan\n");
    assert_eq!(
        app.ctx.district.as_deref(),
        Some(PROVINCE),
        "stays on the grid"
    );
    type_text(&mut app, "5");
    assert!(app.status_is_error());
    assert_eq!(message(&app), "bạn chỉ được sửa số liệu của đơn vị mình");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        stored(&f.path, 2025, "50002", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(21)))
    );
    // On the province's grid F8 acts on the commune under the cursor: it asks, naming it, and the
    // service refuses another commune's year to this clerk.
    press(&mut app, KeyCode::F(8));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Nộp số liệu năm 2025 của Phường Đồng Thuận?"),
        "{s}"
    );
    type_text(&mut app, "y");
    assert!(app.status_is_error(), "{}", message(&app));
    assert_eq!(state(&f.path, 2025, "50002"), State::Draft);
    // The province's own units' row (reached in a column it has) is no reporting unit: the
    // refusal says how to pick one.
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    assert!(screen(&mut app, 80, 24).contains("›ĐV tỉnh quản lý"));
    press(&mut app, KeyCode::F(8));
    assert!(
        message(&app).starts_with("chưa chọn xã") && message(&app).contains("con trỏ"),
        "{}",
        message(&app)
    );
    assert_eq!(state(&f.path, 2025, PROVINCE), State::Draft);
    type_text(&mut app, "gquang ninh\n");
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    let mut app = app_for(&f.path, 2025, "50003");
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert_eq!(state(&f.path, 2025, "50003"), State::Submitted);
    // Approving is the province's.
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, "y");
    assert!(app.status_is_error());
    assert_eq!(state(&f.path, 2025, "50003"), State::Submitted);
}

fn app_for(path: &Path, year: i32, unit: &str) -> App {
    app(store_at(path), Lang::Vi, Some(year), Some(unit))
}

#[test]
fn the_province_approves_a_commune_and_its_rows_become_read_only() {
    let f = two_level_fixture("50001");
    {
        let mut store = store_at(&f.path);
        store
            .move_state(
                2025,
                "50001",
                &[State::Draft, State::Submitted, State::Approved],
                State::Submitted,
                "",
                None,
            )
            .expect("submitted");
    }
    let mut boss = store_at(&f.path);
    boss.set_user_for_tests("boss");
    let mut app = app(boss, Lang::En, Some(2025), None);
    // The province user opens on the province's grid: the communes directly, no district.
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    let s = screen(&mut app, 120, 40);
    for (_, name) in NEW_COMMUNES {
        assert!(s.contains(name), "{name}: {s}");
    }
    assert!(s.contains("communes, wards and special z"), "{s}");
    assert!(!s.contains("District"), "{s}");
    // g finds a commune; on the grid it is a row of the province's.
    type_text(&mut app, "gdong hoi\n");
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    // Approving from the province's grid names no unit; the commune's own scope does.
    let mut app = {
        let mut boss = store_at(&f.path);
        boss.set_user_for_tests("boss");
        crate::tui_common::app(boss, Lang::En, Some(2025), Some("50001"))
    };
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, "y");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert_eq!(state(&f.path, 2025, "50001"), State::Approved);
    type_text(&mut app, "7");
    assert!(app.status_is_error());
    assert_eq!(
        message(&app),
        "this year's figures of the unit are approved and read-only (the province reopens them with antq reopen)"
    );
}

fn fingerprint(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open a second connection");
    crate::tui_common::fingerprint::fingerprint_conn(&conn)
}

#[test]
fn on_the_province_grid_without_districts_the_workflow_keys_act_on_the_commune_under_the_cursor() {
    let f = two_level_fixture("50001");
    {
        let mut store = store_at(&f.path);
        store
            .move_state(
                2025,
                "50002",
                &[State::Draft, State::Submitted, State::Approved],
                State::Submitted,
                "",
                None,
            )
            .expect("submitted");
    }
    let mut boss = store_at(&f.path);
    boss.set_user_for_tests("boss");
    let mut app = app(boss, Lang::Vi, Some(2025), None);
    assert_eq!(app.ctx.district.as_deref(), Some(PROVINCE));
    type_text(&mut app, "gdong thuan\n");
    assert_eq!(
        app.ctx.district.as_deref(),
        Some(PROVINCE),
        "the grid stays"
    );
    // F9 asks, naming the commune of the row; n writes nothing.
    let before = fingerprint(&f.path);
    press(&mut app, KeyCode::F(9));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Duyệt số liệu năm 2025 của Phường Đồng Thuận?"),
        "{s}"
    );
    type_text(&mut app, "n");
    assert_eq!(fingerprint(&f.path), before);
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, "y");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert_eq!(
        message(&app),
        "đã duyệt số liệu năm 2025 của Phường Đồng Thuận"
    );
    assert_eq!(state(&f.path, 2025, "50002"), State::Approved);
    assert_eq!(
        state(&f.path, 2025, "50001"),
        State::Draft,
        "the other rows untouched"
    );
    // Alt-R: the reason is asked for that commune; an empty one is refused and writes nothing.
    alt(&mut app, 'r');
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Lý do mở lại năm 2025 của Phường Đồng Thuận:"),
        "{s}"
    );
    let before = fingerprint(&f.path);
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "cần ghi lý do mở lại");
    assert_eq!(fingerprint(&f.path), before);
    type_text(&mut app, "sai số\n");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert_ne!(state(&f.path, 2025, "50002"), State::Approved);
    // The help says the keys act on the commune of the row, in the year's words.
    press(&mut app, KeyCode::F(1));
    // Tall enough for the grid's keys and the global ones after them.
    let s = screen(&mut app, 80, 54);
    assert!(
        s.contains("duyệt số liệu năm của xã đang chọn (cấp tỉnh)"),
        "{s}"
    );
    assert!(!s.contains("của huyện"), "{s}");
}

#[test]
fn help_names_the_district_in_a_year_with_districts() {
    let f = fixture();
    let mut app = app_for(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::F(1));
    let s = screen(&mut app, 80, 54);
    assert!(s.contains("nộp số liệu năm của huyện"), "{s}");
}

#[test]
fn the_localities_form_offers_no_district_in_a_year_without_districts() {
    let f = two_level_fixture("50001");
    let mut boss = store_at(&f.path);
    boss.set_user_for_tests("boss");
    let mut app = app(boss, Lang::Vi, Some(2025), None);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "n");
    // The level field: → steps its choices.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("│›Cấp           ◂ xã ▸"), "{s}");
    assert!(!s.contains("huyện"), "{s}");
}

/// The reform fixture with one person commended in 2024 by both former provinces (the same name and
/// kind, as the report counts recipients), and one more in the old Quảng Trị only.
fn reform_app_with_awards() -> (tempfile::TempDir, App) {
    use antq::domain::{Award, AwardForm, RecipientKind};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    let mut data = reform::dataset();
    let award = |recipient: &str, birth_year: Option<i32>, locality: &str, decision: &str| Award {
        id: 0,
        year: 2024,
        form: AwardForm::CertificateOfMerit,
        issuer: "province_chairman".into(),
        recipient_kind: RecipientKind::Individual,
        recipient: recipient.into(),
        locality_code: Some(locality.into()),
        birth_year,
        decision_no: decision.into(),
        decision_date: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        note: String::new(),
    };
    // The same Nguyễn Văn An (one birth year: the units do not decide) commended in both former
    // provinces.
    data.awards.extend([
        award("Nguyễn Văn An", Some(1975), "19165", "1/QĐ-UBND"),
        award("Nguyễn Văn An", Some(1975), "19300", "2/QĐ-UBND"),
        award("Trần Thị Bình", None, "19303", "3/QĐ-UBND"),
    ]);
    let mut store = store_at(&path);
    store
        .load_dataset(&data, Source::Demo)
        .expect("load the reform fixture");
    let app = app(store, Lang::En, Some(2025), Some(reform::PROVINCE));
    (dir, app)
}

/// The value of a Years view row in the column of `year` (counted from the right, as the labels
/// hold spaces).
fn years_cell(screen: &str, label: &str, year: i32) -> String {
    let tokens = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let header = screen
        .lines()
        .find(|l| l.trim_start().starts_with("Year "))
        .map(tokens)
        .unwrap_or_default();
    let Some(from_right) = header
        .iter()
        .rev()
        .position(|t| t.contains(&year.to_string()))
    else {
        return String::new();
    };
    screen
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .map(tokens)
        .and_then(|t| t.iter().rev().nth(from_right).cloned())
        .unwrap_or_default()
}

#[test]
fn a_summed_year_counts_a_person_commended_in_two_predecessors_once() {
    let (_dir, mut app) = reform_app_with_awards();
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Left);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("[2024]"), "{s}");
    // Nguyễn Văn An (in both former provinces, one birth year) and Trần Thị Bình: two people, not
    // three.
    assert_eq!(years_cell(&s, "Commended: ind.", 2024), "2", "{s}");
    // Drilling into a former province counts its own.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Tỉnh Quảng Trị › Huyện Vĩnh Linh"), "{s}");
    assert_eq!(years_cell(&s, "Commended: ind.", 2024), "2", "{s}");
}

#[test]
fn a_summed_year_drills_into_the_predecessors_holding_figures_and_opens_sensibly() {
    let (_dir, mut app) = reform_app(Lang::En);
    press(&mut app, KeyCode::F(6));
    // 2020: only the old Quảng Bình holds figures; the old Quảng Trị's district is not listed.
    for _ in 0..5 {
        press(&mut app, KeyCode::Left);
    }
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Σ*[2020]"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›450 Thành phố Đồng Hới"), "{s}");
    assert!(s.contains("457 Huyện Quảng Ninh"), "{s}");
    assert!(!s.contains("Vĩnh Linh"), "{s}");
    press(&mut app, KeyCode::Esc);
    // o: the one predecessor of that year opens, the old Quảng Bình's 2020 grid.
    type_text(&mut app, "o");
    assert_eq!(app.ctx.year, 2020);
    assert_eq!(app.ctx.district.as_deref(), Some(reform::PROVINCE));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Tỉnh Quảng Bình"), "{s}");
    assert!(!s.contains("By year"), "the view closed: {s}");
}

#[test]
fn o_on_a_year_summed_over_two_predecessors_says_which_and_how_to_open_one() {
    let (_dir, mut app) = reform_app(Lang::En);
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Left);
    type_text(&mut app, "o");
    assert!(
        screen(&mut app, 80, 24).contains("By year"),
        "the view stays"
    );
    assert_eq!(app.ctx.year, 2025);
    assert_eq!(
        message(&app),
        "2024 is the sum of Tỉnh Quảng Bình, Tỉnh Quảng Trị: Enter picks one unit, then o opens it"
    );
    // Both former provinces hold 2024 figures: the drill-down lists the districts of both.
    press(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("450 Thành phố Đồng Hới"), "{s}");
    assert!(s.contains("461 Huyện Vĩnh Linh"), "{s}");
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

#[test]
fn the_gauges_count_the_units_entered_live_as_the_last_figure_is_typed() {
    let f = fixture();
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("4/5 đơn vị đã nhập"), "{s}");
    assert!(s.contains("9/10 đơn vị đã nhập"), "{s}");
    // Xã Vạn Ninh typed across; its last figure counts while it is being typed, before Enter.
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    // TT 23 asks no model of a commune: the schools recognised are its last figure.
    type_text(&mut app, "11\t10\ty\ty\t1\t1\t2\t");
    assert!(screen(&mut app, 80, 24).contains("4/5 đơn vị đã nhập"));
    type_text(&mut app, "2");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("5/5 đơn vị đã nhập"), "{s}");
    assert!(s.contains("10/10 đơn vị đã nhập"), "{s}");
    // Esc drops the figure: the unit is not entered again.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&mut app, 80, 24).contains("4/5 đơn vị đã nhập"));
    let mut en = crate::tui_common::app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    assert!(screen(&mut en, 120, 40).contains("4 of 5 units entered"));
}

#[test]
fn the_submit_question_says_what_will_be_submitted() {
    let f = fixture();
    enter_van_ninh(&f.path);
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let (errors, warnings) = app.ctx.errors_and_warnings();
    press(&mut app, KeyCode::F(8));
    let s = screen(&mut app, 80, 24);
    let want = format!("sẽ nộp 5/5 đơn vị, {errors} lỗi, {warnings} cảnh báo");
    assert!(s.contains(&want), "{want} in {s}");
    assert!(!s.contains("cần theo dõi"), "no cell is flagged: {s}");
    // n answers no: nothing is submitted.
    type_text(&mut app, "n");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);

    // Cells flagged for follow-up are named under the summary: the district's own row and one of
    // its communes count, a commune of another district does not.
    let mut store = store_at(&f.path);
    for (code, field) in [
        (QUANG_NINH, Field::AgenciesTotal),
        ("19174", Field::Models),
        ("18853", Field::Models),
    ] {
        antq::services::notes::set_follow_up(&mut store, Source::Tui, 2019, code, field, true)
            .expect("flag");
    }
    drop(store);
    let mut vi = crate::tui_common::app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    press(&mut vi, KeyCode::F(8));
    let s = screen(&mut vi, 80, 24);
    assert!(s.contains(&want), "{want} in {s}");
    assert!(s.contains("ô được đánh dấu cần theo dõi: 2"), "{s}");
    // A flag is said, not judged: y still submits.
    type_text(&mut vi, "n");
    let mut en = crate::tui_common::app(store_at(&f.path), Lang::En, Some(2019), Some(QUANG_NINH));
    press(&mut en, KeyCode::F(8));
    let s = screen(&mut en, 120, 40);
    assert!(s.contains("to be submitted: 5 of 5 units, 0 errors"), "{s}");
    assert!(s.contains("cells flagged for follow-up: 2"), "{s}");
    type_text(&mut en, "y");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Submitted);
}

#[test]
fn alt_u_recalls_a_submitted_year_after_asking_and_refuses_a_draft_one() {
    let f = fixture();
    enter_van_ninh(&f.path);
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    // A draft has nothing to recall: refused with the reason, nothing written.
    let before = fingerprint(&f.path);
    alt(&mut app, 'u');
    type_text(&mut app, "y");
    assert_error(&app, "chưa nộp: không có gì để lấy lại");
    assert_eq!(fingerprint(&f.path), before);
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Submitted);
    alt(&mut app, 'u');
    assert!(
        screen(&mut app, 80, 24).contains("Lấy lại số liệu đã nộp năm 2019 của Huyện Quảng Ninh")
    );
    type_text(&mut app, "n");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Submitted);
    alt(&mut app, 'u');
    type_text(&mut app, "y");
    assert!(!app.status_is_error(), "{}", message(&app));
    assert!(message(&app).contains("đã lấy lại"), "{}", message(&app));
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
    // Draft again: the grid takes figures.
    type_text(&mut app, "15\n");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        Some(FieldValue::Count(Some(15)))
    );
}

#[test]
fn undo_and_redo_never_cross_a_submission_or_a_recall() {
    let f = fixture();
    enter_van_ninh(&f.path);
    let mut app = app(store_at(&f.path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let cell = |f: &Fixture| stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal);
    type_text(&mut app, "15\n");
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(15))));
    press(&mut app, KeyCode::F(8));
    type_text(&mut app, "y");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Submitted);
    alt(&mut app, 'u');
    type_text(&mut app, "y");
    assert_eq!(state(&f.path, 2019, QUANG_NINH), State::Draft);
    // The 15 typed before the submission stays: Ctrl-Z has nothing to undo.
    let before = fingerprint(&f.path);
    ctrl(&mut app, 'z');
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(15))));
    assert_eq!(fingerprint(&f.path), before);
    // A change after the recall is undone and redone as usual, and a submission made by another
    // process forgets it too.
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "16\n");
    ctrl(&mut app, 'z');
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(15))));
    ctrl(&mut app, 'y');
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(16))));
    ctrl(&mut app, 'z');
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(15))));
    let mut other = store_at(&f.path);
    antq::services::workflow::submit(
        &mut other,
        &antq::config::Config::builtin(),
        2019,
        QUANG_NINH,
    )
    .expect("submit elsewhere");
    app.ctx.reload().expect("reload");
    antq::services::workflow::recall(&mut other, 2019, QUANG_NINH).expect("recall elsewhere");
    app.ctx.reload().expect("reload");
    let before = fingerprint(&f.path);
    ctrl(&mut app, 'y');
    assert_eq!(cell(&f), Some(FieldValue::Count(Some(15))));
    assert_eq!(fingerprint(&f.path), before);
}
