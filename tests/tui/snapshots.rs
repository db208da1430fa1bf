//! Every tab at 80×24 and 120×40, in Vietnamese and English, with the no-colour theme. The App is
//! built with an explicit configuration, theme, user and clock, so nothing on this machine can change
//! a screen. (With CI=true insta refuses to create a missing snapshot: the .snap files are committed.)

use crate::tui_common::*;
use antq::text::Lang;
use antq::tui::App;
use crossterm::event::KeyCode;

fn fixture_app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    let app = app(store_at(&path), lang, Some(2019), Some(QUANG_NINH));
    (dir, app)
}

fn lang_code(lang: Lang) -> &'static str {
    lang.code()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// This file's snapshots: `tests/snapshots/tui_snapshots__NAME.snap`.
#[track_caller]
fn snapshot(name: impl AsRef<str>, screen: String) {
    assert_screen("tui_snapshots", name.as_ref(), &screen);
}

#[test]
fn every_tab_in_both_languages_and_sizes() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        for (key, tab) in [
            (KeyCode::F(2), "localities"),
            (KeyCode::F(3), "assessments"),
            (KeyCode::F(4), "limitations"),
            (KeyCode::F(5), "awards"),
        ] {
            press(&mut app, key);
            for (w, h) in SIZES {
                let name = format!("{tab}_{}_{w}x{h}", lang_code(lang));
                snapshot(name, screen(&mut app, w, h));
            }
        }
    }
}

#[test]
fn typing_a_value_that_breaks_a_rule() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        // Quán Hàu: 15 residential areas recognised of 14.
        press(&mut app, KeyCode::Right);
        type_text(&mut app, "15");
        let name = format!("assessments_typing_error_{}", lang_code(lang));
        snapshot(name, screen(&mut app, 80, 24));
    }
}

#[test]
fn limitation_form_with_multi_line_text() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        press(&mut app, KeyCode::F(4));
        press(&mut app, KeyCode::Char('n'));
        press(&mut app, KeyCode::Tab);
        // A long first line (soft-wrapped), a line break, a second line; the remedy on two lines.
        type_text(
            &mut app,
            "Công tác tuyên truyền, vận động nhân dân tham gia phong trào ở một số xã còn hình thức\nChưa có mô hình mới\tTập huấn cán bộ xã\nKiểm tra hằng quý",
        );
        press(&mut app, KeyCode::BackTab);
        let name = format!("limitation_form_multiline_{}_80x24", lang_code(lang));
        snapshot(name, screen(&mut app, 80, 24));
        if lang == Lang::Vi {
            press(&mut app, KeyCode::F(1));
            snapshot("help_form_vi_80x24", screen(&mut app, 80, 24));
        }
    }
}

#[test]
fn popups_and_notices() {
    let (_dir, mut app) = fixture_app(Lang::Vi);
    press(&mut app, KeyCode::F(1));
    snapshot("help_vi_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "gquang");
    snapshot("goto_vi_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    snapshot("too_small_vi_40x10", screen(&mut app, 40, 10));

    let (_dir, mut app) = fixture_app(Lang::En);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('n'));
    snapshot("award_form_en_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('n'));
    snapshot("limitation_form_en_80x24", screen(&mut app, 80, 24));

    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = crate::tui_common::app(
        store_at(&dir.path().join("new.sqlite3")),
        Lang::Vi,
        Some(2019),
        None,
    );
    snapshot("first_run_vi_80x24", screen(&mut app, 80, 24));
}

#[test]
fn the_province_grid() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("antq.sqlite3");
        drop(loaded_store(&path));
        let mut app = app(store_at(&path), lang, Some(2019), Some(PROVINCE));
        for (w, h) in SIZES {
            let name = format!("assessments_province_{}_{w}x{h}", lang_code(lang));
            snapshot(name, screen(&mut app, w, h));
        }
        // The province's own units, a value being typed.
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "45");
        let name = format!("assessments_province_typing_{}", lang_code(lang));
        snapshot(name, screen(&mut app, 80, 24));
    }
}

/// A year without districts: the province's grid lists its communes directly, with the province's
/// gauges and no district column or gauge; the words are "xã, phường, đặc khu".
#[test]
fn the_province_grid_without_districts() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("antq.sqlite3");
        drop(two_level_store(&path));
        let mut app = app(store_at(&path), lang, Some(2025), None);
        press(&mut app, KeyCode::F(3));
        for (w, h) in SIZES {
            let name = format!("assessments_two_level_{}_{w}x{h}", lang_code(lang));
            snapshot(name, screen(&mut app, w, h));
        }
    }
}
