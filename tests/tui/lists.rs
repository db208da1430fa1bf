//! The Limitations and Awards tabs: forms typed key by key, checked in SQLite.

use crate::tui_common::*;
use antq::domain::{AwardForm, LimitationStatus, RecipientKind};
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    (dir, path)
}

fn open(path: &Path) -> App {
    app(store_at(path), Lang::Vi, Some(2019), Some(QUANG_NINH))
}

#[test]
fn a_limitation_typed_through_an_ime_is_stored_as_nfc() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Right); // the second category
    press(&mut app, KeyCode::Tab);
    // "Hưng" as a decomposing IME sends it, with a Backspace burst correcting a typo.
    type_text(&mut app, "Xã Hu\u{031b}nx");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "g chậm\t");
    type_text(&mut app, "Kiểm tra");
    // Enter in the remedy breaks the line; Ctrl-S saves (the trailing line break is trimmed).
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ctx.status.saved_at, None);
    ctrl(&mut app, 's');
    assert_eq!(app.ctx.status.saved_at.as_deref(), Some("14:02:31"));
    let data = store_at(&path).year_data(2019).expect("year");
    let saved = data
        .limitations
        .iter()
        .find(|l| l.text.starts_with("Xã H"))
        .expect("saved limitation");
    assert_eq!(
        saved.text,
        "Xã Hưng chậm",
        "NFC: {:?}",
        saved.text.as_bytes()
    );
    assert_eq!(saved.remedy, "Kiểm tra");
    assert_eq!(saved.status, LimitationStatus::Open);
    assert_eq!(saved.locality_code, QUANG_NINH);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Xã Hưng chậm"), "{s}");
}

/// The text and remedy of the limitations of Quảng Ninh in 2019 whose text starts with `start`,
/// read straight from SQLite.
fn stored_limitation(path: &Path, start: &str) -> Option<(String, String)> {
    let conn = rusqlite::Connection::open(path).expect("sqlite");
    let mut stmt = conn
        .prepare("SELECT text, remedy FROM limitation WHERE year = 2019 ORDER BY id")
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    rows.into_iter().find(|(t, _)| t.starts_with(start))
}

#[test]
fn a_multi_line_limitation_keeps_its_line_breaks_in_nfc() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    // Decomposed input (as some IMEs send it), Enter inside the text, a Backspace burst fixing a typo.
    type_text(
        &mut app,
        "Do\u{0300}ng mo\u{0323}\u{0302}t\nDo\u{0300}ng haix",
    );
    press(&mut app, KeyCode::Backspace);
    // On screen as typed (decomposed), one grapheme per cell.
    let s: String = screen(&mut app, 80, 24).nfc().collect();
    assert!(s.contains("│›Hạn chế    Dòng một   "), "{s}");
    assert!(s.contains("│            Dòng hai   "), "{s}");
    assert!(
        s.contains("Enter: xuống dòng · Ctrl-S: lưu"),
        "the form's hint:\n{s}"
    );
    assert!(s.contains("Ctrl-S lưu"), "the status bar's hint:\n{s}");
    // Tab to the remedy, two lines there too; Shift-Tab back and forth keeps both.
    type_text(&mut app, "\tline1\nline2");
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Tab);
    ctrl(&mut app, 's');
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let (text, remedy) = stored_limitation(&path, "Dòng").expect("saved");
    assert_eq!(text, "Dòng một\nDòng hai", "NFC: {:?}", text.as_bytes());
    assert_eq!(remedy, "line1\nline2");
    // The list shows the first line and a marker; the detail lines show all of it.
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Dòng một …"), "{s}");
    press(&mut app, KeyCode::Down);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Dòng một ↵ Dòng hai"), "{s}");
}

#[test]
fn pasted_text_keeps_its_line_breaks_in_a_multi_line_field_and_not_in_a_one_line_one() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    // A paragraph copied from a word processor: CRLF line breaks, a tab, decomposed accents.
    app.handle_paste("Do\u{0300}ng mo\u{0323}\u{0302}t\r\nDòng\thai");
    assert_eq!(
        app.ctx.status.saved_at, None,
        "a paste never saves the form"
    );
    ctrl(&mut app, 's');
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let (text, _) = stored_limitation(&path, "Dòng").expect("saved");
    assert_eq!(text, "Dòng một\nDòng hai", "NFC: {:?}", text.as_bytes());

    // The Awards tab's find is one line: the break becomes a space and nothing is saved by it.
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('/'));
    app.handle_paste("Quán\nHàu");
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("/Quán Hàu▏"),
        "the find field holds one line:\n{s}"
    );
}

#[test]
fn backspace_joins_lines_and_enter_on_a_pick_list_still_saves() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ab\ncd");
    // Backspace at the start of the second line joins it to the first.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Backspace);
    // Up on the (now only) line leaves for the category; Down comes back to the end of the text.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::End);
    type_text(&mut app, "\n");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "e");
    // Down past the last line goes to the remedy, then the status: Enter there saves.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    assert_eq!(app.ctx.status.saved_at.as_deref(), Some("14:02:31"));
    let (text, _) = stored_limitation(&path, "ab").expect("saved");
    assert_eq!(text, "abcde");
}

#[test]
fn a_multi_line_limitation_survives_export_and_import_into_a_fresh_database() {
    let (dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    type_text(
        &mut app,
        "Dòng một, \"có ngoặc\"\nDòng hai\tBiện pháp 1\nBiện pháp 2",
    );
    ctrl(&mut app, 's');
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    drop(app);
    let out = dir.path().join("export");
    let store = store_at(&path);
    antq::services::export::export_csv_dir(&store, 2019, &out).expect("export");
    let fresh = dir.path().join("fresh.sqlite3");
    let mut other = store_at(&fresh);
    antq::services::import::import_paths(&mut other, &config(), std::slice::from_ref(&out))
        .expect("import");
    drop(other);
    let (text, remedy) = stored_limitation(&fresh, "Dòng một").expect("imported");
    assert_eq!(text, "Dòng một, \"có ngoặc\"\nDòng hai");
    assert_eq!(remedy, "Biện pháp 1\nBiện pháp 2");
}

#[test]
fn last_years_limitation_carries_over_with_one_key_and_deletes_ask() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("đang khắc phục"),
        "last year's status is shown:\n{s}"
    );
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('c'));
    let count = |path: &Path| {
        store_at(path)
            .year_data(2019)
            .expect("year")
            .limitations
            .len()
    };
    assert_eq!(count(&path), 2);
    press(&mut app, KeyCode::Char('c'));
    assert_error(&app, "đã có trong năm nay");
    assert_eq!(count(&path), 2);
    // Delete asks: n keeps it, y deletes.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(count(&path), 2);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(count(&path), 1);
}

#[test]
fn award_findings_appear_while_the_form_is_filled_and_counts_follow() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("1 tập thể, 1 cá nhân được khen thưởng"), "{s}");
    press(&mut app, KeyCode::Char('n'));
    // Form: emulation flag (one step left of certificate of merit), to an individual.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("│✗ Cờ thi đua chỉ tặng tập thể, không tặng cá nhân"),
        "a flag to an individual is an error before saving:\n{s}"
    );
    // Back to a collective: Hải Ninh, not recognised in 2019, gets a warning.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Xã Hải Ninh"),
        "choosing the locality names the collective:\n{s}"
    );
    assert!(
        s.contains("│! tập thể “Xã Hải Ninh” được khen thưởng nhưng Xã Hải Ninh chưa được công"),
        "an unrecognised collective is warned about:\n{s}"
    );
    // Past the recipient and the birth year (none for a collective) to the decision.
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "12/QĐ-UBND\t5/1/2020");
    press(&mut app, KeyCode::Enter);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let data = store_at(&path).year_data(2019).expect("year");
    let saved = data
        .awards
        .iter()
        .find(|a| a.decision_no == "12/QĐ-UBND")
        .expect("saved award");
    assert_eq!(saved.form, AwardForm::EmulationFlag);
    assert_eq!(saved.recipient_kind, RecipientKind::Collective);
    assert_eq!(saved.recipient, "Xã Hải Ninh");
    assert_eq!(saved.decision_date.to_string(), "2020-01-05");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("2 tập thể, 1 cá nhân"), "{s}");
    assert!(s.contains("05/01/2020"), "{s}");
}

#[test]
fn an_impossible_date_is_refused_and_nothing_is_saved() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Nguyễn Thị Bình\t\t9/QĐ\t31/2/2019");
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "không có ngày này trong lịch");
    let data = store_at(&path).year_data(2019).expect("year");
    assert_eq!(data.awards.len(), 2);
    // Esc drops the form.
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit());
}

#[test]
fn awards_filter_by_kind_and_find() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('t'));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Thị trấn Quán Hàu") && !s.contains("Nguyễn Văn An"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "/nguyen van\n");
    let s = screen(&mut app, 80, 24);
    assert!(
        !s.contains("Thị trấn Quán Hàu") && s.contains("Nguyễn Văn An"),
        "{s}"
    );
}

#[test]
fn a_merger_recorded_in_the_localities_tab_shows_in_the_next_year() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/ninh\n");
    // Shown: province, Huyện Quảng Ninh, Xã Hải Ninh, Xã Vạn Ninh. Mark the two communes.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('m'));
    // The successor keeps the first code (19171); its name and the day of the merger.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Xã Hải Vạn\t1/1/2020");
    press(&mut app, KeyCode::Enter);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(']'));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Xã Hải Vạn"), "{s}");
    assert!(!s.contains("Xã Vạn Ninh"), "{s}");
    press(&mut app, KeyCode::Char('['));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Xã Vạn Ninh") && s.contains("–31/12/2019"),
        "2019 keeps its units:\n{s}"
    );
    // The successor names the merged units as its predecessors, each by its version.
    let store = store_at(&path);
    let before: Vec<String> = store
        .year_data(2019)
        .expect("2019")
        .localities
        .iter()
        .filter(|l| l.name == "Xã Hải Ninh" || l.name == "Xã Vạn Ninh")
        .map(|l| l.code.clone())
        .collect();
    let successor = store
        .year_data(2020)
        .expect("2020")
        .localities
        .into_iter()
        .find(|l| l.name == "Xã Hải Vạn")
        .expect("the successor");
    let mut named: Vec<String> = successor
        .predecessors
        .iter()
        .map(|p| p.to_string())
        .collect();
    named.sort();
    let mut want = before.clone();
    want.sort();
    assert_eq!(named, want, "began before the records: plain codes");
    assert_eq!(successor.parent_code.as_deref(), Some(QUANG_NINH));
}

#[test]
fn units_of_two_districts_merge_under_the_province_from_the_localities_tab() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/quang phu\n");
    // Shown: province, Đồng Hới, Xã Quang Phú, Quảng Ninh, Xã Quảng Phú. Mark the two communes.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('m'));
    // Code kept (18883), a name, the day; the parent is already the province (the units' parents differ).
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Xã Quảng Phú Mới\t1/7/2025");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(PROVINCE), "{s}");
    press(&mut app, KeyCode::Enter);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let successor = store_at(&path)
        .locality_in_year("18883", 2025)
        .expect("read")
        .expect("the successor");
    assert_eq!(successor.name, "Xã Quảng Phú Mới");
    assert_eq!(successor.parent_code.as_deref(), Some(PROVINCE));
    assert_eq!(
        antq::domain::Predecessor::format_list(&successor.predecessors),
        "18883;19168"
    );
}

#[test]
fn renaming_is_for_the_province_only() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/van ninh\n");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char('r'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Nình\n");
    let data = store_at(&path).year_data(2019).expect("year");
    assert!(data.localities.iter().any(|l| l.name == "Xã Vạn Nình"));
    drop(app);
    {
        let mut store = store_at(&path);
        store
            .put_user(&antq::domain::workflow::User {
                login: "clerk".into(),
                role: antq::domain::workflow::Role::Clerk,
                district_code: Some(QUANG_NINH.into()),
            })
            .expect("user");
    }
    let mut app = open(&path);
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/van ninh\n");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, "x\n");
    assert_error(&app, "chỉ cán bộ cấp tỉnh");
    let data = store_at(&path).year_data(2019).expect("year");
    assert!(data.localities.iter().any(|l| l.name == "Xã Vạn Nình"));
}

#[test]
fn awards_filter_by_locality() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    // District itself first (no award there), then its first commune, Quán Hàu.
    press(&mut app, KeyCode::Char('l'));
    let s = screen(&mut app, 80, 24);
    assert!(
        !s.contains("514/QĐ-UBND") && !s.contains("77/QĐ-UBND"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('l'));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("514/QĐ-UBND") && !s.contains("77/QĐ-UBND"),
        "{s}"
    );
}

/// The terminal cursor after a draw at 80×24, and the cells of its row before it.
fn cursor_at(app: &mut App) -> (u16, u16, String) {
    use ratatui::backend::{Backend, TestBackend};
    app.resize(80, 24);
    let mut terminal = ratatui::Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| app.render(f)).expect("draw");
    let p = terminal
        .backend_mut()
        .get_cursor_position()
        .expect("cursor");
    let buffer = terminal.backend().buffer().clone();
    let before: String = (0..p.x).map(|x| buffer[(x, p.y)].symbol()).collect();
    (p.x, p.y, before)
}

#[test]
fn the_cursor_stands_after_the_typed_text() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ab\nHu\u{031b}ng");
    let (x, y, before) = cursor_at(&mut app);
    assert!(before.ends_with(" Hu\u{031b}ng"), "{before:?} at {x}");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    let (_, y2, before) = cursor_at(&mut app);
    assert!(
        before.ends_with(" H"),
        "after two graphemes back: {before:?}"
    );
    assert_eq!(y2, y);
    press(&mut app, KeyCode::Up);
    let (_, y3, before) = cursor_at(&mut app);
    assert!(before.ends_with(" a"), "{before:?}");
    assert_eq!(y3 + 1, y);
    // A single-line field of the awards form: the cursor right after the text too.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Hu\u{031b}ng");
    let (x, _, before) = cursor_at(&mut app);
    assert!(before.ends_with(" Hu\u{031b}ng"), "{before:?} at {x}");
}

/// The counts of the fixture's 2019 awards and limitations, and its units.
fn counts(path: &Path) -> (usize, usize, usize) {
    let data = store_at(path).year_data(2019).expect("year");
    (
        data.awards.len(),
        data.limitations.len(),
        data.localities.len(),
    )
}

#[test]
fn an_award_without_recipient_or_decision_is_refused_and_nothing_is_saved() {
    let (_dir, path) = fixture();
    let before = counts(&path);
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('n'));
    // Saved at once: the decision's date is empty.
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "ngày không hợp lệ");
    // A date, no recipient and no decision number.
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "5/1/2020");
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "cần ghi tên tập thể hoặc cá nhân");
    // A recipient, still no decision number.
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Nguyễn Thị Bình");
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "cần ghi số quyết định");
    assert_eq!(before, counts(&path));
}

#[test]
fn a_limitation_without_text_is_refused_and_nothing_is_saved() {
    let (_dir, path) = fixture();
    let before = counts(&path);
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    ctrl(&mut app, 's');
    assert_error(&app, "cần ghi nội dung hạn chế");
    assert_eq!(before, counts(&path));
}

#[test]
fn a_merger_without_name_or_day_is_refused_and_nothing_is_saved() {
    let (_dir, path) = fixture();
    let before = counts(&path);
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), Some(PROVINCE));
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "/ninh\n");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('m'));
    // No day of the merger.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Xã Hải Vạn");
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "cần ghi ngày");
    // A day, and the successor's name emptied.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "1/1/2020");
    press(&mut app, KeyCode::Up);
    for _ in 0.."Xã Hải Vạn".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "cần có mã và tên");
    assert_eq!(before, counts(&path));
}

#[test]
fn a_paste_longer_than_the_limit_is_refused_at_once_with_the_limit_stated() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    // 2,500 lines from a word processor: refused whole, the field left as it was.
    let huge = "Một dòng hạn chế khá dài được dán vào ô văn bản.\n".repeat(2_500);
    app.handle_paste(&huge);
    assert_error(&app, "một lần dán tối đa 20.000 ký tự");
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("Một dòng hạn chế"), "nothing pasted:\n{s}");
    // A paste within the limit still lands.
    app.handle_paste("Chậm tham mưu");
    assert!(screen(&mut app, 80, 24).contains("Chậm tham mưu"));
}

#[test]
fn a_paste_of_twenty_thousand_characters_lands_whole_and_is_saved() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    // The limit exactly: some 400 lines from a word processor, the last one cut short.
    let mut text: String = "Một dòng hạn chế khá dài được dán vào ô văn bản.\n"
        .repeat(500)
        .chars()
        .take(19_999)
        .collect();
    text.push('x');
    app.handle_paste(&text);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("được dán vào"), "{s}");
    ctrl(&mut app, 's');
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let (stored, _) = stored_limitation(&path, "Một dòng").expect("saved");
    assert_eq!(stored.chars().count(), 20_000);
    assert_eq!(stored, text);
}

/// The award form's "Năm sinh": saved with the award, and it tells a namesake from the same person
/// while the form is filled.
#[test]
fn the_award_forms_birth_year_is_saved_and_tells_namesakes_apart() {
    let (_dir, path) = fixture();
    let mut app = open(&path);
    press(&mut app, KeyCode::F(5));
    // The commemorative medal (two steps right of the certificate of merit), to an individual of
    // Thị trấn Quán Hàu, born 1965.
    let medal = |app: &mut App, born: &str, decision: &str| {
        press(app, KeyCode::Char('n'));
        press(app, KeyCode::Right);
        press(app, KeyCode::Right);
        press(app, KeyCode::Tab);
        press(app, KeyCode::Tab);
        press(app, KeyCode::Right);
        press(app, KeyCode::Tab);
        press(app, KeyCode::Right);
        press(app, KeyCode::Tab);
        type_text(app, &format!("Lê Văn Hùng\t{born}\t{decision}\t10/12/2019"));
    };
    medal(&mut app, "1965", "31/QĐ-BCA");
    press(&mut app, KeyCode::Enter);
    assert!(!app.status_is_error(), "{:?}", app.status_message());
    let data = store_at(&path).year_data(2019).expect("year");
    let saved = data
        .awards
        .iter()
        .find(|a| a.decision_no == "31/QĐ-BCA")
        .expect("saved award");
    assert_eq!(saved.form, AwardForm::CommemorativeMedal);
    assert_eq!(saved.birth_year, Some(1965));
    assert_eq!(saved.locality_code.as_deref(), Some("19165"));

    // A namesake born in 1980: another person, no finding.
    medal(&mut app, "1980", "32/QĐ-BCA");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Năm sinh"), "{s}");
    assert!(!s.contains("đã được tặng"), "{s}");
    // Born in 1965 too: the same person, an error before saving.
    for _ in 0..2 {
        press(&mut app, KeyCode::BackTab);
    }
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "65");
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("│✗ Lê Văn Hùng đã được tặng"), "{s}");
    // A birth year that is not one is refused at saving, naming the field.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "65");
    press(&mut app, KeyCode::Enter);
    assert_error(&app, "Năm sinh: năm sinh phải là năm có bốn chữ số");
}
