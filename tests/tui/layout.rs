//! What fits at 80×24 and what a wide terminal gives the figures: a message on two lines, the
//! row's findings wrapped at words, a refusal too long for the bar shown whole, the grid at 160
//! columns.

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

/// This file's snapshots: `tests/snapshots/tui_layout__NAME.snap`.
#[track_caller]
fn snapshot(name: impl AsRef<str>, screen: String) {
    assert_screen("tui_layout", name.as_ref(), &screen);
}

/// A refusal longer than one line wraps onto a second, over the tab's last line, whole words on
/// each, and is gone with the next key.
#[test]
fn a_long_message_wraps_onto_a_second_line() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        // A count where the block meets a yes/no cell: the refusal names the block's cell and the
        // words that cell takes, longer than one line.
        app.handle_paste("1\t2\t3\tabc");
        let message = app.status_message().unwrap_or_default().to_string();
        let shown = screen(&mut app, 80, 24);
        let bottom: Vec<&str> = shown.lines().rev().take(2).collect();
        let joined = format!("{} {}", bottom[1].trim(), bottom[0].trim());
        assert!(
            joined.starts_with(&format!("✗ {message}")),
            "the whole message on the two last lines: {joined:?}"
        );
        assert!(!shown.contains('…'), "{shown}");
        snapshot(format!("long_message_{}_80x24", lang.code()), shown);
        press(&mut app, KeyCode::Down);
        let after = screen(&mut app, 80, 24);
        assert!(!after.contains(&message[..20]), "{after}");
    }
}

/// The row's findings take two lines under the focused cell, wrapped at words: a finding longer
/// than a line is read whole, not cut mid-word.
#[test]
fn a_long_finding_wraps_at_words() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        type_text(&mut app, "120");
        let shown = screen(&mut app, 80, 24);
        snapshot(
            format!("finding_wrapped_{}_80x24", lang.code()),
            shown.clone(),
        );
        let lines: Vec<&str> = shown.lines().collect();
        // The panel: rule, the cell, two lines of findings.
        let rule = lines
            .iter()
            .position(|l| l.starts_with("──────"))
            .expect("the panel's rule");
        let findings = format!("{} {}", lines[rule + 2], lines[rule + 3]);
        assert!(findings.starts_with('✗'), "{findings}");
        assert!(!findings.contains('…'), "read whole, not cut: {findings}");
        if lang == Lang::En {
            // Longer than a line in English: on both, broken between two words.
            assert!(!lines[rule + 3].trim().is_empty(), "{shown}");
            assert!(findings.trim_end().ends_with("short)"), "{findings}");
        }
    }
}

/// A refusal the bar's two lines hold opens no box over the grid (one they cannot hold does: see
/// `widgets::message_overflows`).
#[test]
fn a_refusal_that_fits_two_lines_opens_no_box() {
    let (_dir, mut app) = fixture_app(Lang::Vi);
    app.handle_paste("abc");
    assert!(app.status_is_error());
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("┌"), "{shown}");
}

/// At 160 columns the unit names stop at 32 columns and the figure columns get the rest.
#[test]
fn the_grid_at_160_columns_gives_its_room_to_the_figures() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = fixture_app(lang);
        let shown = screen(&mut app, 160, 40);
        snapshot(format!("assessments_{}_160x40", lang.code()), shown.clone());
        let row = shown
            .lines()
            .find(|l| l.starts_with("›Thị trấn Quán Hàu"))
            .expect("the first commune's row");
        // The name column ends within 33 columns (marker and 32), its first figure right-aligned
        // in a column wider than at 120.
        let name_end = 1 + 32;
        let after_name: String = row.chars().skip(name_end).collect();
        assert!(after_name.starts_with(' '), "{row}");
        assert!(
            row.chars().count() > 120,
            "the figures use the width: {row}"
        );
    }
}
