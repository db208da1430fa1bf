//! Frames computed ahead of their keys (`tui::speculate`) must be byte for byte the frames the keys
//! really produce, and computing them must leave the application as it was.

use crate::tui_common::*;
use antq::text::Lang;
use antq::tui::backend::FrameBackend;
use antq::tui::speculate::Speculator;
use antq::tui::{App, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;
use ratatui::Terminal;

type Screen = Terminal<FrameBackend<Vec<u8>>>;

/// Draws the app, then prepares the frames of the likely next keys from what was drawn.
fn draw_and_prepare(term: &mut Screen, app: &mut App, speculator: &mut Speculator) {
    let shown = term.draw(|f| app.render(f)).expect("draw").buffer.clone();
    term.backend_mut().take_output();
    let cursor = term.backend().cursor_shown();
    speculator.prepare(app, &shown, cursor, || false);
}

#[test]
fn frames_computed_ahead_are_exactly_the_frames_the_keys_draw() {
    for (theme, lang, (w, h)) in [
        (Theme::plain(), Lang::Vi, (80, 24)),
        (Theme::color(), Lang::En, (120, 40)),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("antq.sqlite3");
        drop(loaded_store(&path));
        let mut app = app(store_at(&path), lang, Some(2019), Some(QUANG_NINH));
        app.ctx.theme = theme;
        app.resize(w, h);
        let mut term = Terminal::new(FrameBackend::new(Vec::new(), Size::new(w, h))).expect("term");
        let mut speculator = Speculator::new().expect("speculator");
        // Moves, digits that judge live (15 > 14 is an error, then back), a commit, moves with
        // nothing typed (Enter, Tab, Shift-Tab), the flag columns (y, n, 1, a refused 7), Esc, a
        // refused '.'. Only the Enter that commits "13" cannot be computed ahead.
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let keys = [
            plain(KeyCode::Right),
            plain(KeyCode::Char('1')),
            plain(KeyCode::Char('5')),
            plain(KeyCode::Backspace),
            plain(KeyCode::Char('3')),
            plain(KeyCode::Enter),
            plain(KeyCode::Down),
            plain(KeyCode::Char('2')),
            plain(KeyCode::Char('0')),
            plain(KeyCode::Esc),
            plain(KeyCode::Enter),
            plain(KeyCode::Tab),
            KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            plain(KeyCode::Right),
            plain(KeyCode::Char('y')),
            plain(KeyCode::Char('n')),
            plain(KeyCode::Esc),
            plain(KeyCode::Right),
            plain(KeyCode::Char('1')),
            plain(KeyCode::Char('7')),
            plain(KeyCode::Esc),
            plain(KeyCode::Up),
            plain(KeyCode::Left),
            plain(KeyCode::Char('.')),
            plain(KeyCode::Char('9')),
        ];
        let mut hits = 0;
        for key in keys {
            draw_and_prepare(&mut term, &mut app, &mut speculator);
            let ahead = speculator.take(&key);
            app.handle_key(key);
            term.draw(|f| app.render(f)).expect("draw");
            let real = term.backend_mut().take_output();
            assert!(!term.backend_mut().take_mismatch());
            if let Some(ahead) = ahead {
                assert_eq!(
                    String::from_utf8_lossy(&ahead),
                    String::from_utf8_lossy(&real),
                    "{key:?} at {w}x{h}"
                );
                hits += 1;
            }
        }
        assert_eq!(hits, keys.len() - 1, "{w}x{h}");
    }
}

#[test]
fn computing_ahead_changes_nothing_in_the_application() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let mut term = Terminal::new(FrameBackend::new(Vec::new(), Size::new(80, 24))).expect("term");
    let mut speculator = Speculator::new().expect("speculator");
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "1");
    let before = (
        screen(&mut app, 80, 24),
        app.pending_commit(),
        app.ctx.live.clone(),
        app.ctx.status.clone(),
    );
    draw_and_prepare(&mut term, &mut app, &mut speculator);
    let after = (
        screen(&mut app, 80, 24),
        app.pending_commit(),
        app.ctx.live.clone(),
        app.ctx.status.clone(),
    );
    assert_eq!(before, after);
    // And the database: nothing was committed by the previews.
    let stored = store_at(&path)
        .year_data(2019)
        .expect("year")
        .assessments
        .iter()
        .find(|a| a.locality_code == "19165")
        .and_then(|a| a.residential_areas_recognized);
    assert_eq!(stored, Some(13));
}

#[test]
fn nothing_is_computed_ahead_behind_a_popup_or_in_a_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    let mut app = app(store_at(&path), Lang::Vi, Some(2019), Some(QUANG_NINH));
    let mut term = Terminal::new(FrameBackend::new(Vec::new(), Size::new(80, 24))).expect("term");
    let mut speculator = Speculator::new().expect("speculator");
    let digit = KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('?'));
    draw_and_prepare(&mut term, &mut app, &mut speculator);
    assert!(speculator.take(&digit).is_none(), "help is open");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(4));
    draw_and_prepare(&mut term, &mut app, &mut speculator);
    assert!(speculator.take(&digit).is_none(), "another tab");
    press(&mut app, KeyCode::F(3));
    draw_and_prepare(&mut term, &mut app, &mut speculator);
    assert!(speculator.take(&digit).is_some(), "the grid");
    // An arrow while a value is typed commits it: never computed ahead.
    type_text(&mut app, "1");
    draw_and_prepare(&mut term, &mut app, &mut speculator);
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    assert!(speculator.take(&down).is_none());
}
