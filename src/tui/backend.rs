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
//! - **No question to the terminal.** The cursor position is the one last set, never asked with
//!   `ESC [6n`: over SSH the answer is a round trip during which the keys wait.
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
    /// Where the cursor was last put (ratatui asks for it only to put it back).
    cursor: Position,
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
            cursor: Position::ORIGIN,
        }
    }

    /// Records the terminal's new size (from a resize event); the next draw adapts to it.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = Size { width, height };
    }

    /// Sends what is gathered, if anything, in one write.
    fn send(&mut self) -> io::Result<()> {
        let mut bytes = self.pending.0.borrow_mut();
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
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
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
}
