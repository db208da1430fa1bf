//! The Limitations and Awards tabs: forms typed key by key, checked in SQLite.

mod tui_common;

use antq::domain::{AwardForm, LimitationStatus, RecipientKind};
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use tui_common::*;

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
    press(&mut app, KeyCode::Enter);
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
    assert!(app.status_is_error(), "not twice");
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
        s.contains("✗"),
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
        s.contains("! "),
        "an unrecognised collective is warned about:\n{s}"
    );
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
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
    type_text(&mut app, "Nguyễn Thị Bình\t9/QĐ\t31/2/2019");
    press(&mut app, KeyCode::Enter);
    assert!(app.status_is_error());
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
            .put_user(&antq::store::workflow::User {
                login: "clerk".into(),
                role: antq::store::workflow::Role::Clerk,
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
    assert!(app.status_is_error());
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
