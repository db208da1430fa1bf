//! The TUI's state machine: keys in, SQLite out. Each test opens a fresh database in a temporary
//! folder, drives the App with key events, and reads the result back through a second connection.

use crate::tui_common::*;
use antq::domain::rules::Severity;
use antq::domain::workflow::{Role, State, User};
use antq::domain::{Category, Field, FieldValue};
use antq::text::Lang;
use antq::tui::tabs::TabId;
use antq::tui::App;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

fn open_app(path: &Path, year: i32, district: &str) -> App {
    app(store_at(path), Lang::Vi, Some(year), Some(district))
}

fn stored(path: &Path, year: i32, code: &str, field: Field) -> FieldValue {
    let store = store_at(path);
    let data = store.year_data(year).expect("year data");
    data.assessments
        .iter()
        .find(|a| a.locality_code == code)
        .map(|a| a.get(field))
        .unwrap_or(match field.kind() {
            antq::domain::FieldKind::Count => FieldValue::Count(None),
            antq::domain::FieldKind::Flag => FieldValue::Flag(None),
        })
}

/// Another process (the command line) sets a 2019 residential-areas total.
fn commit_elsewhere(path: &Path, code: &str, total: u32) {
    let mut other = store_at(path);
    antq::services::set_value(
        &mut other,
        2019,
        code,
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(total)),
        antq::store::Source::Cli,
    )
    .expect("other commit");
}

fn district_gauge(app: &App, category: Category) -> (u64, u64, u64, Option<bool>) {
    let g = app
        .ctx
        .live
        .gauges
        .iter()
        .find(|g| g.category == category && g.locality_code == QUANG_NINH)
        .expect("district gauge");
    (g.ratio.recognized, g.ratio.total, g.missing, g.met)
}

#[test]
fn typed_digits_judge_live_and_enter_commits_then_moves_down() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    // Quán Hàu, residential areas recognised: 13 of 14. The district needs 39 of 48 (80%).
    press(&mut app, KeyCode::Right);
    assert_eq!(
        district_gauge(&app, Category::ResidentialAreas),
        (38, 48, 1, Some(false))
    );
    type_text(&mut app, "14");
    assert_eq!(
        district_gauge(&app, Category::ResidentialAreas),
        (39, 48, 0, Some(true)),
        "the gauge moves with the digits, before Enter"
    );
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(13)),
        "nothing is stored before Enter"
    );
    assert_eq!(app.ctx.status.saved_at, None);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(14))
    );
    assert_eq!(app.ctx.status.saved_at.as_deref(), Some("14:02:31"));
    // Down to Quảng Phú, same column: typing replaces its 18.
    type_text(&mut app, "20\n");
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(20))
    );
}

#[test]
fn invalid_keys_are_refused_at_the_keyboard_and_nothing_is_stored() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "1,");
    assert_error(&app, "dấu phẩy");
    // The refused key stays in the cell: Backspace takes it away, and "1.046" goes through.
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, ".046\n");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(1046))
    );
    // An incomplete grouping cannot be committed: it stays, with the reason.
    type_text(&mut app, "1.04\n");
    assert_error(&app, "dấu chấm chỉ dùng để ngăn");
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(25))
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(25))
    );
}

/// The keyboard and the import share one parser: what the import refuses is refused at Enter with
/// the import's reason, and nothing is written (the refused keys are never silently dropped).
#[test]
fn counts_the_import_refuses_are_refused_at_enter_with_its_reason_and_nothing_is_written() {
    for (typed, reason) in [
        ("1,046", antq::text::CountError::CommaSeparator),
        ("5,5", antq::text::CountError::Decimal),
        ("-3", antq::text::CountError::Negative),
        ("12a", antq::text::CountError::NotANumber),
    ] {
        let f = fixture();
        let mut app = open_app(&f.path, 2019, QUANG_NINH);
        let before = fingerprint(&f.path);
        type_text(&mut app, typed);
        type_text(&mut app, "\n");
        assert_error(&app, reason.message(Lang::Vi));
        assert_eq!(
            antq::text::parse_count(typed),
            Err(reason),
            "the import gives the same reason"
        );
        // Moving away is refused too; Esc drops the text.
        press(&mut app, KeyCode::Down);
        assert_error(&app, reason.message(Lang::Vi));
        press(&mut app, KeyCode::Esc);
        assert_eq!(fingerprint(&f.path), before, "{typed}: nothing written");
    }
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "1.046\n1046\n");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(1046))
    );
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(1046))
    );
}

fn fingerprint(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open a second connection");
    crate::tui_common::fingerprint::fingerprint_conn(&conn)
}

#[test]
fn esc_abandons_and_the_stored_value_comes_back() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "999");
    assert_eq!(
        district_gauge(&app, Category::ResidentialAreas).1,
        48 - 14 + 999
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(district_gauge(&app, Category::ResidentialAreas).1, 48);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(14))
    );
}

#[test]
fn recognised_above_total_is_flagged_while_typing() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "15");
    let errors: Vec<_> = app
        .ctx
        .live
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.locality_code == "19165")
        .collect();
    assert!(
        !errors.is_empty(),
        "15 recognised of 14 is an error as typed"
    );
    let screen = screen(&mut app, 80, 24);
    assert!(
        screen.contains("✗15"),
        "the cell carries the marker:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("✗ ") && l.contains("15 > tổng 14")),
        "the message is shown:\n{screen}"
    );
}

#[test]
fn tab_walks_across_skipping_computed_and_missing_cells_and_wraps() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    // Quán Hàu: 9 fields; Tab 9 times lands on Quảng Phú's first field.
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "26\t");
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(26))
    );
    // Down skips cells that cannot be typed: from the first column it stops at the last commune.
    let mut app2 = open_app(&f.path, 2019, QUANG_NINH);
    for _ in 0..4 {
        press(&mut app2, KeyCode::Down);
    }
    type_text(&mut app2, "11\n");
    assert_eq!(
        stored(&f.path, 2019, "19174", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(11))
    );
    // Enter below the last row wrapped to the top of the next column (areas recognised); the
    // district's own row has agencies, schools and models only.
    for _ in 0..3 {
        press(&mut app2, KeyCode::Right);
    }
    for _ in 0..5 {
        press(&mut app2, KeyCode::Down);
    }
    type_text(&mut app2, "33\n");
    assert_eq!(
        stored(&f.path, 2019, QUANG_NINH, Field::ResidentialAreasTotal),
        FieldValue::Count(None),
        "the district's row has no residential areas"
    );
    let agencies = stored(&f.path, 2019, QUANG_NINH, Field::AgenciesTotal);
    assert_eq!(agencies, FieldValue::Count(Some(33)));
    // Shift-Tab from the first commune's first field wraps to the district row's last field.
    let mut app3 = open_app(&f.path, 2019, QUANG_NINH);
    app3.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    type_text(&mut app3, "4\n");
    assert_eq!(
        stored(&f.path, 2019, QUANG_NINH, Field::Models),
        FieldValue::Count(Some(4))
    );
}

#[test]
fn yes_no_cells_take_y_n_c_k() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // Hải Ninh: not recognised, police not advanced
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    type_text(&mut app, "c\t");
    assert_eq!(
        stored(&f.path, 2019, "19171", Field::PoliceAdvanced),
        FieldValue::Flag(Some(true))
    );
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    type_text(&mut app, "y");
    // Recognised with 7 of 9 areas (78%) and police advanced: TT 23 is met; no rule error.
    let rule_errors = app
        .ctx
        .live
        .findings
        .iter()
        .filter(|f| f.locality_code == "19171" && f.severity == Severity::Error)
        .count();
    assert_eq!(rule_errors, 0);
    type_text(&mut app, "\n");
    assert_eq!(
        stored(&f.path, 2019, "19171", Field::CommuneRecognized),
        FieldValue::Flag(Some(true))
    );
    // A letter other than y/n/c/k on a yes/no cell is refused.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "z");
    assert_error(&app, "nhận y/c = có, n/k = không");
    type_text(&mut app, "k\n");
    assert_eq!(
        stored(&f.path, 2019, "19168", Field::CommuneRecognized),
        FieldValue::Flag(Some(false))
    );
}

#[test]
fn a_commune_marked_recognised_that_fails_the_rule_set_says_which_rule() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, DONG_HOI);
    // Xã Quang Phú: 6 of 8 areas (75%) but not recognised. Lower the recognised areas to 5 of 8
    // (62%) and mark it recognised: TT 23/2012 needs 70%.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "5\t");
    type_text(&mut app, "y");
    let message = app
        .ctx
        .live
        .findings
        .iter()
        .find(|f| f.locality_code == "18883" && f.rule == "commune_rule_set")
        .map(|f| f.message(Lang::Vi).to_string())
        .expect("rule finding while typing");
    assert!(message.contains("23/2012"), "{message}");
}

#[test]
fn ctrl_d_copies_last_years_value() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, DONG_HOI);
    // Xã Quang Phú recognised 6 areas in 2019, 5 in 2018.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    ctrl(&mut app, 'd');
    assert!(app.status_message().unwrap_or("").contains("2018"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2019, "18883", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(5))
    );
}

#[test]
fn undo_and_redo_restore_committed_values() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "20\n");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(20))
    );
    ctrl(&mut app, 'z');
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(14))
    );
    ctrl(&mut app, 'y');
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(20))
    );
    let store = store_at(&f.path);
    let trail = store
        .audit_history(2019, "19165", Some("residential_areas_total"))
        .expect("audit");
    let sources: Vec<&str> = trail.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, ["demo", "tui", "undo", "undo"]);
}

#[test]
fn year_keys_change_the_year_and_commit_the_edit_first() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, DONG_HOI);
    type_text(&mut app, "13");
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.ctx.year, 2018);
    assert_eq!(
        stored(&f.path, 2019, "18853", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(13))
    );
    app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT));
    app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT));
    assert_eq!(app.ctx.year, 2020);
    // 2020: Phường Đồng Mỹ closed on 31/01/2020, so Đồng Hới has two communes.
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("Đồng Mỹ"), "{s}");
    assert!(s.contains("Hải Thành"), "{s}");
}

#[test]
fn go_to_finds_a_district_without_diacritics() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, DONG_HOI);
    type_text(&mut app, "gquang ninh\n");
    assert_eq!(app.ctx.district.as_deref(), Some(QUANG_NINH));
    type_text(&mut app, "gvan ninh\n");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›Xã Vạn Ninh"), "{s}");
    // By code, and Esc leaves the scope as it was.
    type_text(&mut app, "g18883");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.ctx.district.as_deref(), Some(QUANG_NINH));
}

#[test]
fn approved_years_and_other_districts_are_read_only_at_the_keyboard() {
    let f = fixture();
    {
        let mut store = store_at(&f.path);
        store
            .move_state(
                2019,
                QUANG_NINH,
                &[State::Draft, State::Submitted, State::Approved],
                State::Approved,
                "",
                None,
            )
            .expect("approve");
    }
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "5");
    assert_error(&app, "đã được duyệt nên chỉ được xem");
    assert!(app.pending_commits().is_empty());
    drop(app);
    {
        let mut store = store_at(&f.path);
        store
            .put_user(&User {
                login: "clerk".into(),
                role: Role::Clerk,
                district_code: Some(DONG_HOI.into()),
            })
            .expect("user");
    }
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "5");
    assert_eq!(
        app.status_message(),
        Some("bạn chỉ được sửa số liệu của huyện mình")
    );
    type_text(&mut app, "gdong hoi\n5\n");
    assert_eq!(
        stored(&f.path, 2019, "18853", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(5))
    );
}

#[test]
fn another_process_commit_appears_without_losing_the_edit() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "17");
    commit_elsewhere(&f.path, "19168", 30);
    assert!(app.poll_data().expect("poll"), "the commit is seen");
    assert!(!app.poll_data().expect("poll"), "and only once");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Xã Quảng Phú          30"), "{s}");
    assert!(
        s.contains("→ 17") && s.contains("[đang gõ]"),
        "the edit in progress survives:\n{s}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(17))
    );
}

#[test]
fn quit_asks_only_while_typing() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "7");
    ctrl(&mut app, 'c');
    assert!(!app.should_quit(), "asks first");
    type_text(&mut app, "y");
    assert!(app.should_quit());
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(7))
    );
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit(), "nothing typed: no question");
}

#[test]
fn tabs_switch_by_function_keys_and_alt_digits() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.tab(), TabId::Localities);
    app.handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::ALT));
    assert_eq!(app.tab(), TabId::Awards);
    press(&mut app, KeyCode::F(4));
    assert_eq!(app.tab(), TabId::Limitations);
    press(&mut app, KeyCode::F(3));
    assert_eq!(app.tab(), TabId::Assessments);
}

#[test]
fn localities_filter_and_enter_opens_the_commune() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, DONG_HOI);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/hai ninh\n");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Xã Hải Ninh"), "{s}");
    assert!(!s.contains("Hải Thành"), "{s}");
    // The match and its ancestors: province, district, commune. Go to the commune.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab(), TabId::Assessments);
    assert_eq!(app.ctx.district.as_deref(), Some(QUANG_NINH));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("›Xã Hải Ninh"), "{s}");
}

#[test]
fn first_run_offers_the_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.sqlite3");
    let mut app = app(store_at(&path), Lang::En, None, None);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("d: load the demo"), "{s}");
    press(&mut app, KeyCode::Char('d'));
    assert!(!store_at(&path).is_empty().expect("is_empty"));
    let s = screen(&mut app, 80, 24);
    // The demo opens on its newest year, 2025: the new Tỉnh Quảng Trị.
    assert!(s.contains("Quảng Trị"), "{s}");
    // Starting empty instead leaves the database empty.
    let path2 = dir.path().join("empty.sqlite3");
    let mut app = app_for_empty(&path2);
    press(&mut app, KeyCode::Char('e'));
    assert!(store_at(&path2).is_empty().expect("is_empty"));
    assert!(!app.should_quit());
}

fn app_for_empty(path: &Path) -> App {
    app(store_at(path), Lang::Vi, None, None)
}

#[test]
fn undo_refuses_to_overwrite_someone_elses_later_change() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    type_text(&mut app, "20\n");
    commit_elsewhere(&f.path, "19165", 21);
    ctrl(&mut app, 'z');
    assert_error(&app, "đã được người khác sửa sau đó");
    assert_eq!(
        stored(&f.path, 2019, "19165", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(21))
    );
}

#[test]
fn a_database_with_several_provinces_shows_one_province_at_a_time() {
    use antq::domain::{Assessment, Dataset, Level, Locality};
    let f = fixture();
    {
        let mut store = store_at(&f.path);
        let unit = |code: &str, name: &str, level, parent: Option<&str>| Locality {
            id: 0,
            code: code.into(),
            name: name.into(),
            level,
            parent_code: parent.map(Into::into),
            valid_from: None,
            valid_to: None,
            predecessors: Vec::new(),
        };
        let mut row = Assessment::empty(2019, "17000");
        row.residential_areas_total = Some(500);
        row.residential_areas_recognized = Some(100);
        let other = Dataset {
            localities: vec![
                unit("40", "Tỉnh Nghệ An", Level::Province, None),
                unit("412", "Huyện Tân Kỳ", Level::District, Some("40")),
                unit("17000", "Xã Kỳ Sơn", Level::Commune, Some("412")),
            ],
            assessments: vec![row],
            ..Dataset::default()
        };
        store
            .load_dataset(&other, antq::store::Source::Demo)
            .expect("second province");
    }
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    // The province gauge counts Quảng Bình only.
    let province_total = |app: &App| {
        app.ctx
            .live
            .gauges
            .iter()
            .find(|g| {
                g.category == Category::ResidentialAreas
                    && Some(g.locality_code.as_str()) != app.ctx.district.as_deref()
            })
            .map(|g| (g.locality_code.clone(), g.ratio.total))
    };
    assert_eq!(province_total(&app), Some((PROVINCE.to_string(), 78)));
    type_text(&mut app, "gky son\n");
    assert_eq!(app.ctx.district.as_deref(), Some("412"));
    assert_eq!(province_total(&app), Some(("40".to_string(), 500)));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Tỉnh Nghệ An › Huyện Tân Kỳ"), "{s}");
    assert!(s.contains("›Xã Kỳ Sơn"), "{s}");
}

/// The app holds one district and reads the rest of the province as SQL sums: the province gauges
/// must equal what the rules engine computes over the whole year, with and without a value typed.
#[test]
fn province_totals_from_sums_equal_the_whole_year_aggregate() {
    use antq::domain::aggregate::aggregate;
    let f = fixture();
    for (year, district) in [
        (2019, QUANG_NINH),
        (2019, DONG_HOI),
        (2018, QUANG_NINH),
        (2020, DONG_HOI),
    ] {
        let mut app = open_app(&f.path, year, district);
        let whole = store_at(&f.path).year_data(year).expect("year");
        assert_eq!(
            app.ctx.live.province,
            aggregate(&whole).province_totals(),
            "{year} {district}"
        );
        // 2018 is a past year (the fixture's newest is 2019): reviewed read-only until e, y.
        if year < 2019 {
            type_text(&mut app, "ey");
        }
        // Typing 40 into the first commune's residential-area total.
        type_text(&mut app, "40");
        let mut edited = whole.clone();
        let first = app.ctx.view.communes_of(district)[0].code.clone();
        match edited
            .assessments
            .iter_mut()
            .find(|a| a.locality_code == first)
        {
            Some(row) => row.residential_areas_total = Some(40),
            None => {
                let mut row = antq::domain::Assessment::empty(year, &first);
                row.residential_areas_total = Some(40);
                edited.assessments.push(row);
            }
        }
        assert_eq!(
            app.ctx.live.province,
            aggregate(&edited).province_totals(),
            "{year} {district} typing"
        );
    }
}

fn province_gauge(app: &App, category: Category) -> (u64, u64) {
    let g = app
        .ctx
        .live
        .gauges
        .iter()
        .find(|g| g.category == category && g.locality_code == PROVINCE)
        .expect("province gauge");
    (g.ratio.recognized, g.ratio.total)
}

#[test]
fn the_province_grid_shows_district_totals_and_takes_the_provinces_own_units() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, PROVINCE);
    assert!(app.ctx.province_scope());
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(" Tỉnh Quảng Bình "), "{s}");
    assert!(
        !s.contains("› Tỉnh Quảng Bình"),
        "no district in the header: {s}"
    );
    // Quảng Ninh's residential areas in 2019: 14 + 25 + 9 (Vạn Ninh has no 2019 row).
    let line = |s: &str, start: &str| {
        s.lines()
            .find(|l| l.contains(start))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line(&s, "Huyện Quảng Ninh").contains("48"), "{s}");
    assert!(s.contains("ĐV tỉnh quản lý"), "{s}");
    assert!(s.contains("Cộng toàn tỉnh"), "{s}");

    // A district's totals are not typed into: refused, nothing stored.
    type_text(&mut app, "7");
    assert_eq!(
        app.status_message(),
        Some("hàng tổng của huyện: Enter mở huyện để nhập")
    );
    assert!(app.pending_commits().is_empty());

    // Tab reaches the province's own units (agencies total, 40); the province gauge follows the
    // digits before Enter: 37 + 29 + 45 agencies (35 + 28 + 38 recognised).
    press(&mut app, KeyCode::Tab);
    assert_eq!(province_gauge(&app, Category::Agencies), (101, 106));
    type_text(&mut app, "45");
    assert_eq!(province_gauge(&app, Category::Agencies), (101, 111));
    assert_eq!(
        stored(&f.path, 2019, PROVINCE, Field::AgenciesTotal),
        FieldValue::Count(Some(40)),
        "nothing stored before Enter"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2019, PROVINCE, Field::AgenciesTotal),
        FieldValue::Count(Some(45))
    );
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    // Submitting is per district: F8 on the province's grid says so and opens nothing.
    press(&mut app, KeyCode::F(8));
    assert!(
        app.status_message()
            .unwrap_or_default()
            .starts_with("chưa chọn huyện: nộp, duyệt và mở lại theo từng huyện"),
        "{:?}",
        app.status_message()
    );
    assert!(app.ctx.province_scope());

    // Enter on a district's row opens it; go-to the province comes back.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx.district.as_deref(), Some(QUANG_NINH));
    assert!(!app.ctx.province_scope());
    type_text(&mut app, "gquang binh\n");
    assert!(app.ctx.province_scope(), "{:?}", app.status_message());
    // And from a district, Enter on the province in the Localities tree.
    type_text(&mut app, "gdong hoi\n");
    assert_eq!(app.ctx.district.as_deref(), Some(DONG_HOI));
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    assert!(app.ctx.province_scope());
    assert_eq!(app.tab(), TabId::Assessments);
}

#[test]
fn a_district_clerk_may_not_type_the_provinces_own_units() {
    let f = fixture();
    {
        let mut store = store_at(&f.path);
        store
            .put_user(&User {
                login: "clerk".into(),
                role: Role::Clerk,
                district_code: Some(DONG_HOI.into()),
            })
            .expect("user");
    }
    let mut app = open_app(&f.path, 2019, PROVINCE);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "45");
    assert_eq!(
        app.status_message(),
        Some("bạn chỉ được sửa số liệu của huyện mình")
    );
    assert_eq!(
        stored(&f.path, 2019, PROVINCE, Field::AgenciesTotal),
        FieldValue::Count(Some(40))
    );
}

fn app_with_keys(path: &Path, keys_toml: &str) -> Result<App, antq::error::Error> {
    app_with_keys_in(path, keys_toml, QUANG_NINH)
}

fn app_with_keys_in(
    path: &Path,
    keys_toml: &str,
    district: &str,
) -> Result<App, antq::error::Error> {
    let mut config = antq::config::Config::builtin_with("keys.toml", keys_toml).expect("config");
    config.target = crate::tui_common::config().target;
    App::new(
        store_at(path),
        antq::tui::AppOptions {
            config,
            lang: Lang::Vi,
            theme: antq::tui::Theme::plain(),
            year: Some(2019),
            district: Some(district.into()),
            clock: fixed_clock,
        },
    )
}

#[test]
fn keys_added_by_configuration_work_beside_the_built_in_ones_and_show_in_help() {
    let f = fixture();
    let mut app = app_with_keys_in(
        &f.path,
        "[keys.grid]\nditto = [\"F11\"]\n[keys.global]\ngo_to = [\"Ctrl-G\"]\n",
        DONG_HOI,
    )
    .expect("app");
    app.resize(80, 24);
    // Xã Quang Phú recognised 5 areas in 2018; F11 copies last year's value like Ctrl-D.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::F(11));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&f.path, 2019, "18883", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(5))
    );
    // Ctrl-D still does it too (Hải Thành: 11 in 2018 as in 2019, so nothing to commit).
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    ctrl(&mut app, 'd');
    assert!(
        app.status_message().unwrap_or("").contains("2018"),
        "{:?}",
        app.status_message()
    );
    press(&mut app, KeyCode::Esc);
    // Ctrl-G opens go-to.
    app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Đến địa bàn"), "{s}");
    press(&mut app, KeyCode::Esc);
    // The help lists the added key with the built-in one.
    press(&mut app, KeyCode::F(1));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Ctrl-D F11"), "{s}");
}

#[test]
fn a_configured_key_that_would_take_a_built_in_ones_place_stops_the_start() {
    let f = fixture();
    for (toml, says) in [
        (
            "[keys.grid]\nditto = [\"q\"]\n",
            "keys.toml:2: keys.grid.ditto: phím `q` đã dùng cho `quit` ở `global`",
        ),
        (
            "[keys.global]\nhelp = [\"Ctrl-D\"]\n",
            "phím `Ctrl-D` đã dùng cho `ditto` ở `grid`",
        ),
        (
            "[keys.grid]\nundo = [\"5\"]\n",
            "phím `5` đã dùng cho `typing a digit` ở `grid`",
        ),
        (
            "[keys.awards]\nditto = [\"F9\"]\n",
            "`ditto` không có tác dụng ở `awards`",
        ),
    ] {
        let error = match app_with_keys(&f.path, toml) {
            Ok(_) => panic!("{toml} was accepted"),
            Err(e) => e,
        };
        assert_eq!(error.exit_code(), 2);
        let text = error.render(Lang::Vi);
        assert!(text.contains(says), "{toml}: {text}");
    }
}

/// F1 on a popup lists the popup's own keys — not the tab's, which do nothing there — and closing
/// help goes back to the popup, still open.
#[test]
fn help_on_a_popup_lists_the_popups_keys_and_closes_back_to_it() {
    let f = fixture();
    let mut app = open_app(&f.path, 2019, QUANG_NINH);
    press(&mut app, KeyCode::F(8));
    let question = "Nộp số liệu năm 2019 của Huyện Quảng Ninh?";
    assert!(screen(&mut app, 80, 24).contains(question));
    press(&mut app, KeyCode::F(1));
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("y c Enter"), "{help}");
    assert!(help.contains("n k Esc"), "{help}");
    assert!(
        !help.contains("thẻ Địa bàn"),
        "a tab key listed on a popup: {help}"
    );
    assert!(
        !help.contains("chép số liệu năm trước"),
        "a grid key listed: {help}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(screen(&mut app, 80, 24).contains(question));
    // The question still answers: n closes it, nothing submitted.
    type_text(&mut app, "n");
    assert!(!screen(&mut app, 80, 24).contains(question));
    assert_eq!(
        open_app(&f.path, 2019, QUANG_NINH)
            .ctx
            .view
            .state(QUANG_NINH),
        State::Draft
    );

    // The go-to popup: its keys, and the query typed before F1 is kept.
    type_text(&mut app, "gquang");
    press(&mut app, KeyCode::F(1));
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("Esc Ctrl-C"), "{help}");
    assert!(!help.contains("thẻ Địa bàn"), "{help}");
    press(&mut app, KeyCode::Esc);
    assert!(screen(&mut app, 80, 24).contains("quang"));
}

/// Every action is bound to a key that some screen's help lists, and pressing that key there does
/// that action: nothing the clerk can do is hidden from F1.
#[test]
fn every_action_has_a_key_listed_in_help() {
    use antq::config::ACTIONS;
    use antq::tui::keymap::{Action, KeyMap};
    let map = KeyMap::default();
    let scopes: Vec<_> = antq::config::SCOPES.iter().map(|(s, _)| *s).collect();
    for action in ACTIONS.iter().map(|(a, _)| *a).chain([Action::TypeDigit]) {
        let listed = scopes.iter().any(|s| {
            map.help(*s)
                .iter()
                .any(|(k, a)| *a == action && !k.is_empty())
        });
        assert!(listed, "{action:?}: no screen's help lists a key for it");
    }
}
