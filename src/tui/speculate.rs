//! Speculative frames: the screens the likely next keys would show, computed while the clerk is
//! between keys, so that a key's echo leaves at once.
//!
//! Drawing a frame takes a few hundred microseconds when the processor has just woken up (ratatui
//! rebuilds and compares the whole screen), which made a keystroke's echo slower than a small
//! editor's. After each frame the event loop asks [`Speculator::prepare`] to run each likely next
//! key — on the Assessments grid the ten digits, `.`, `y`/`n`, Backspace and Esc, and the moves
//! (arrows, Enter, Tab, Shift-Tab) while nothing is being typed —
//! through [`App::preview`] (the real key handling, then everything put back), render the result
//! off screen, and keep the bytes that would take the terminal from what it shows to that frame.
//! When one of those keys comes alone, its bytes are written before anything else is done; then
//! the key is handled for real and drawn as usual. The backend compares that real frame with what
//! was sent ahead and sends nothing if they are the same; if they differ (a bug, not a design
//! case) the screen is repainted whole, so what the clerk sees always ends as the real state.
//!
//! The data itself is never touched by a preview: previewed keys commit nothing (a digit only
//! types; a move is previewed only with nothing typed, when it has nothing to commit).

use super::backend::FrameBackend;
use super::App;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use std::io;

/// A backend that draws nothing and remembers where the cursor was put: the off-screen terminal
/// the speculative frames are rendered with (the frame itself is read from ratatui's buffer).
struct Capture {
    size: Size,
    cursor: Option<Position>,
    shown: bool,
}

impl Backend for Capture {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, _content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.shown = false;
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.shown = true;
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = Some(position.into());
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn clear_region(&mut self, _clear_type: ClearType) -> io::Result<()> {
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The keys worth computing ahead: what a clerk types most on the grid, most likely first (a key
/// typed while they are computed stops the work).
const LIKELY: [(KeyCode, KeyModifiers); 22] = [
    (KeyCode::Char('0'), KeyModifiers::NONE),
    (KeyCode::Char('1'), KeyModifiers::NONE),
    (KeyCode::Char('2'), KeyModifiers::NONE),
    (KeyCode::Char('3'), KeyModifiers::NONE),
    (KeyCode::Char('4'), KeyModifiers::NONE),
    (KeyCode::Char('5'), KeyModifiers::NONE),
    (KeyCode::Char('6'), KeyModifiers::NONE),
    (KeyCode::Char('7'), KeyModifiers::NONE),
    (KeyCode::Char('8'), KeyModifiers::NONE),
    (KeyCode::Char('9'), KeyModifiers::NONE),
    (KeyCode::Down, KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Tab, KeyModifiers::NONE),
    (KeyCode::Backspace, KeyModifiers::NONE),
    (KeyCode::Esc, KeyModifiers::NONE),
    (KeyCode::Up, KeyModifiers::NONE),
    (KeyCode::Right, KeyModifiers::NONE),
    (KeyCode::Left, KeyModifiers::NONE),
    (KeyCode::BackTab, KeyModifiers::SHIFT),
    (KeyCode::Char('y'), KeyModifiers::NONE),
    (KeyCode::Char('n'), KeyModifiers::NONE),
    (KeyCode::Char('.'), KeyModifiers::NONE),
];

pub struct Speculator {
    off_screen: Terminal<Capture>,
    /// The bytes for each likely key, from the frame on screen.
    ahead: Vec<((KeyCode, KeyModifiers), Vec<u8>)>,
}

impl Speculator {
    pub fn new() -> io::Result<Speculator> {
        let capture = Capture {
            size: Size::new(80, 24),
            cursor: None,
            shown: false,
        };
        Ok(Speculator {
            off_screen: Terminal::new(capture)?,
            ahead: Vec::new(),
        })
    }

    /// Computes the frames of the likely next keys from `shown`, the frame on screen, and the
    /// terminal's cursor state. Keys that cannot be previewed here are skipped. `input_waiting` is
    /// asked before each frame: a key already typed is not kept waiting for frames computed ahead.
    pub fn prepare(
        &mut self,
        app: &mut App,
        shown: &Buffer,
        cursor_shown: Option<bool>,
        input_waiting: impl Fn() -> bool,
    ) {
        self.ahead.clear();
        self.off_screen.backend_mut().size = shown.area.as_size();
        for (code, modifiers) in LIKELY {
            if input_waiting() {
                return;
            }
            let key = KeyEvent::new(code, modifiers);
            let off_screen = &mut self.off_screen;
            let frame = app.preview(key, |app| {
                let next = off_screen
                    .draw(|f| app.render(f))
                    .ok()
                    .map(|frame| frame.buffer.clone())?;
                let capture = off_screen.backend();
                Some((next, capture.shown.then_some(capture.cursor).flatten()))
            });
            let Some(Some((next, cursor))) = frame else {
                continue;
            };
            if let Ok(bytes) = encode(shown, &next, cursor, cursor_shown) {
                self.ahead.push(((code, modifiers), bytes));
            }
        }
    }

    /// The bytes computed for `key`, if it is one of the likely keys, pressed.
    pub fn take(&mut self, key: &KeyEvent) -> Option<Vec<u8>> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        let wanted = (key.code, key.modifiers);
        let i = self.ahead.iter().position(|(k, _)| *k == wanted)?;
        let bytes = self.ahead.swap_remove(i).1;
        self.ahead.clear();
        Some(bytes)
    }

    /// Forgets what was computed (the screen or the state changed some other way).
    pub fn clear(&mut self) {
        self.ahead.clear();
    }
}

/// The bytes [`FrameBackend`] writes when ratatui draws `next` over `shown`: the changed cells, then
/// the cursor, in the order `Terminal::draw` gives them.
fn encode(
    shown: &Buffer,
    next: &Buffer,
    cursor: Option<Position>,
    cursor_shown: Option<bool>,
) -> io::Result<Vec<u8>> {
    let mut encoder =
        FrameBackend::new(Vec::new(), next.area.as_size()).with_cursor_shown(cursor_shown);
    encoder.draw(shown.diff_iter(next))?;
    match cursor {
        None => encoder.hide_cursor()?,
        Some(p) => {
            encoder.show_cursor()?;
            encoder.set_cursor_position(p)?;
        }
    }
    encoder.flush()?;
    Ok(encoder.take_output())
}
