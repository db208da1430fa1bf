//! The terminal backend: ratatui's crossterm backend with two costs taken out of every keystroke.
//!
//! - **One `write()` per frame.** The stock backend flushes after each cursor command, so a frame
//!   left in two or three writes (cells, then cursor show, then cursor position), and the key's
//!   echo only ended with the last. Here everything a frame produces is gathered in memory and
//!   written once, in [`Backend::flush`], which ratatui calls at the end of every draw.
//! - **No size query per frame.** ratatui asks the backend for the terminal size before every draw;
//!   crossterm answers by opening `/dev/tty` and calling `ioctl` (three system calls). The size here
//!   is the one last told by [`FrameBackend::set_size`] — the event loop passes on every resize
//!   event — so a draw costs no system call but its write.
//!
//! A cursor already shown is not shown again, so a typed digit costs a few bytes less.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

/// The bytes of the frame being drawn, shared between the crossterm backend (which writes cells
/// into it) and [`FrameBackend`] (which sends them to the terminal in one piece).
#[derive(Clone, Default)]
struct FrameBytes(Rc<RefCell<Vec<u8>>>);

impl Write for FrameBytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Deliberately nothing: crossterm's `execute!` flushes after every command; the frame is sent
    /// whole by [`FrameBackend::flush`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct FrameBackend<W: Write> {
    cells: CrosstermBackend<FrameBytes>,
    pending: FrameBytes,
    out: W,
    size: Size,
    cursor_shown: Option<bool>,
    /// Bytes already sent ahead of this frame (a speculative frame, see `tui::speculate`): a frame
    /// that comes out exactly so is not sent again.
    sent_ahead: Option<Vec<u8>>,
    /// The frame drawn after a speculative one was not what was sent ahead: the screen must be
    /// repainted whole (see [`FrameBackend::take_mismatch`]).
    mismatch: bool,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: W, size: Size) -> Self {
        let pending = FrameBytes::default();
        Self {
            cells: CrosstermBackend::new(pending.clone()),
            pending,
            out,
            size,
            cursor_shown: None,
            sent_ahead: None,
            mismatch: false,
        }
    }

    /// True (once) when a frame sent ahead turned out different from the real one. The screen then
    /// shows neither; the caller clears it so that the next draw paints everything.
    pub fn take_mismatch(&mut self) -> bool {
        std::mem::take(&mut self.mismatch)
    }

    /// Whether the terminal's cursor is shown (None: not known yet).
    pub fn cursor_shown(&self) -> Option<bool> {
        self.cursor_shown
    }

    /// Starts from a known cursor state (an encoder that must produce what this backend would).
    pub fn with_cursor_shown(mut self, shown: Option<bool>) -> Self {
        self.cursor_shown = shown;
        self
    }

    /// Sends a frame computed ahead of its key, at once. The next frame drawn is compared with it
    /// and sent only if it differs (then it corrects the screen).
    pub fn send_ahead(&mut self, bytes: Vec<u8>) -> io::Result<()> {
        self.send()?;
        let result = self.out.write_all(&bytes).and_then(|()| self.out.flush());
        self.sent_ahead = Some(bytes);
        result
    }

    /// What was written so far (for an in-memory writer).
    pub fn take_output(&mut self) -> W
    where
        W: Default,
    {
        std::mem::take(&mut self.out)
    }

    /// Records the terminal's new size (from a resize event); the next draw adapts to it.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = Size { width, height };
    }

    /// Sends what is gathered, if anything, in one write.
    fn send(&mut self) -> io::Result<()> {
        let mut bytes = self.pending.0.borrow_mut();
        if let Some(ahead) = self.sent_ahead.take() {
            if *bytes == ahead {
                bytes.clear();
                return Ok(());
            }
            self.mismatch = true;
        }
        if bytes.is_empty() {
            return Ok(());
        }
        let result = self.out.write_all(&bytes).and_then(|()| self.out.flush());
        bytes.clear();
        result
    }
}

impl<W: Write> Drop for FrameBackend<W> {
    /// ratatui's terminal shows a hidden cursor when dropped; that command must still go out.
    fn drop(&mut self) {
        let _ = self.send();
    }
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.cells.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.cells.hide_cursor()?;
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.cells.show_cursor()?;
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.send()?;
        self.cells.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cells.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.cells.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.cells.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.cells.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Line;
    use ratatui::Terminal;

    /// Records each write separately, so a test can count them.
    #[derive(Clone, Default)]
    struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn terminal(writes: &Writes) -> Terminal<FrameBackend<Writes>> {
        let backend = FrameBackend::new(writes.clone(), Size::new(20, 3));
        Terminal::new(backend).expect("terminal over an in-memory writer")
    }

    #[test]
    fn a_frame_with_a_cursor_is_one_write() {
        let writes = Writes::default();
        let mut term = terminal(&writes);
        writes.0.borrow_mut().clear();
        term.draw(|f| {
            f.render_widget(Line::from("đạt 12 > tổng 10"), f.area());
            f.set_cursor_position((3, 0));
        })
        .expect("draw");
        let frames = writes.0.borrow();
        assert_eq!(frames.len(), 1, "one write for cells and cursor");
        let text = String::from_utf8_lossy(&frames[0]);
        assert!(text.contains("tổng"), "{text}");
        assert!(text.contains("\u{1b}[?25h"), "the cursor is shown: {text}");
    }

    #[test]
    fn a_shown_cursor_is_not_shown_again_and_an_unchanged_frame_writes_only_the_cursor() {
        let writes = Writes::default();
        let mut term = terminal(&writes);
        let draw = |term: &mut Terminal<FrameBackend<Writes>>| {
            term.draw(|f| {
                f.render_widget(Line::from("12"), f.area());
                f.set_cursor_position((2, 0));
            })
            .expect("draw");
        };
        draw(&mut term);
        writes.0.borrow_mut().clear();
        draw(&mut term);
        let frames = writes.0.borrow();
        assert_eq!(frames.len(), 1);
        let text = String::from_utf8_lossy(&frames[0]);
        assert!(!text.contains("\u{1b}[?25h"), "{text}");
        assert!(
            !text.contains("12"),
            "unchanged cells are not resent: {text}"
        );
    }

    #[test]
    fn the_size_is_the_one_last_told() {
        let writes = Writes::default();
        let mut term = terminal(&writes);
        assert_eq!(term.size().expect("size"), Size::new(20, 3));
        term.backend_mut().set_size(30, 5);
        let frame = term.draw(|_| {}).expect("draw");
        assert_eq!(frame.area.width, 30);
        assert_eq!(frame.area.height, 5);
    }

    #[test]
    fn a_frame_sent_ahead_is_not_sent_again_and_a_different_one_asks_for_a_repaint() {
        let writes = Writes::default();
        let mut term = terminal(&writes);
        let draw = |term: &mut Terminal<FrameBackend<Writes>>, text: &'static str| {
            term.draw(|f| f.render_widget(Line::from(text), f.area()))
                .expect("draw");
        };
        draw(&mut term, "12");
        // What the next frame writes, computed ahead by drawing it on a twin terminal.
        let twin_writes = Writes::default();
        let mut twin = terminal(&twin_writes);
        draw(&mut twin, "12");
        twin_writes.0.borrow_mut().clear();
        draw(&mut twin, "123");
        let ahead = twin_writes.0.borrow().concat();
        writes.0.borrow_mut().clear();
        term.backend_mut().send_ahead(ahead.clone()).expect("send");
        draw(&mut term, "123");
        assert_eq!(writes.0.borrow().concat(), ahead, "sent once, not twice");
        assert!(!term.backend_mut().take_mismatch());
        // Sent ahead, then the real frame differs: it is written and a repaint is asked for.
        writes.0.borrow_mut().clear();
        term.backend_mut().send_ahead(b"X".to_vec()).expect("send");
        draw(&mut term, "1234");
        let written = writes.0.borrow().concat();
        assert!(written.len() > 1, "{written:?}");
        assert!(term.backend_mut().take_mismatch());
        assert!(!term.backend_mut().take_mismatch(), "once");
    }
}
