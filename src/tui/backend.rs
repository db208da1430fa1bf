//! The terminal backend: what ratatui's diff of a frame says changed, written to the terminal in
//! as few bytes as the terminal needs, in one `write()`.
//!
//! - **One `write()` per frame.** Everything a frame produces is gathered in memory and written
//!   once, in [`Backend::flush`], which ratatui calls at the end of every draw.
//! - **Few bytes per change.** Over SSH the bytes of a keystroke's frame are what the clerk waits
//!   for. A digit typed with the live panel on screen changes a few dozen scattered cells; the
//!   stock backend put an 8-byte cursor address before every gap between them and four attribute
//!   resets after them. Here the terminal's cursor is followed through the frame: a short gap on
//!   the same line is bridged by writing again the few unchanged cells between (a copy of what the
//!   screen shows is kept for that, updated with every cell written), a longer one by moving the
//!   column only (`ESC [ n G`), the start of the next line by `CR LF`, and what is left of a line
//!   once its changes end in blanks is erased (`ESC [ K`). Attributes are changed only when a
//!   cell's differ from the ones in force, in one sequence, with the 16 basic colours by their
//!   short codes; they stay in force from one frame to the next (nothing else writes to the
//!   screen), and are reset before a clear and when the terminal is handed back.
//! - **Rows moved by the terminal.** ratatui gives cells, not rows moved: when several rows of a
//!   frame are the rows of the screen one line up or down (a list scrolled by one), the terminal is
//!   told to move them (margins round them, a line feed or a reverse index) and only what then
//!   still differs is written — if that is fewer bytes than the cells ratatui listed.
//! - **No size query per frame.** ratatui asks the backend for the terminal size before every draw;
//!   crossterm answers by opening `/dev/tty` and calling `ioctl` (three system calls). The size here
//!   is the one last told by [`FrameBackend::set_size`] — the event loop passes on every resize
//!   event — so a draw costs no system call but its write.
//! - **No question to the terminal.** The cursor position is the one last set, never asked with
//!   `ESC [6n`: over SSH the answer is a round trip during which the keys wait.
//!
//! A cursor already shown is not shown again. Colours are left out under `NO_COLOR`, as crossterm
//! does.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A gap of at most this many unchanged cells on a line may be written again instead of moving
/// the cursor over it (and only when that is fewer bytes than the move).
const BRIDGE_CELLS: u16 = 8;

/// Rows moved by one are moved by the terminal when at least this many of them move together and
/// that is fewer bytes than writing what changed in them.
const SCROLL_MIN_ROWS: usize = 3;

/// Rows `top..=bottom` of the screen moved by one line: up (the top one gone, a new one at the
/// bottom) or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shift {
    top: u16,
    bottom: u16,
    up: bool,
}

impl Shift {
    /// The longest run of rows of `now` that are the rows of `before` one line down (up) or up
    /// (down) and changed, if it is long enough to be worth a scroll.
    fn find(before: &[Cell], now: &[Cell], width: usize) -> Option<Shift> {
        if width == 0 {
            return None;
        }
        let rows = now.len() / width;
        fn row(screen: &[Cell], r: usize, width: usize) -> &[Cell] {
            &screen[r * width..(r + 1) * width]
        }
        let mut best: Option<(usize, Shift)> = None;
        for up in [true, false] {
            let mut run = 0;
            for r in 0..rows {
                let from = if up { r + 1 } else { r.wrapping_sub(1) };
                let moved = from < rows
                    && row(now, r, width) == row(before, from, width)
                    && row(now, r, width) != row(before, r, width);
                run = if moved { run + 1 } else { 0 };
                if run >= SCROLL_MIN_ROWS && best.is_none_or(|(n, _)| run > n) {
                    let first = r + 1 - run;
                    // The rows moving and the one they move into (up) or out of (down).
                    let (top, bottom) = if up { (first, r + 1) } else { (first - 1, r) };
                    best = Some((
                        run,
                        Shift {
                            top: top as u16,
                            bottom: bottom as u16,
                            up,
                        },
                    ));
                }
            }
        }
        best.map(|(_, shift)| shift)
    }

    /// The screen `before` as the terminal shows it once the rows have moved.
    fn apply(self, mut before: Vec<Cell>, width: usize) -> Vec<Cell> {
        let (top, bottom) = (usize::from(self.top), usize::from(self.bottom));
        let region = &mut before[top * width..(bottom + 1) * width];
        if self.up {
            region.rotate_left(width);
            let len = region.len();
            region[len - width..].fill(Cell::EMPTY);
        } else {
            region.rotate_right(width);
            region[..width].fill(Cell::EMPTY);
        }
        before
    }
}

/// The attributes in force at the terminal.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell, colours: bool) -> Pen {
        Pen {
            fg: if colours { cell.fg } else { Color::Reset },
            bg: if colours { cell.bg } else { Color::Reset },
            modifier: cell.modifier,
        }
    }
}

pub struct FrameBackend<W: Write> {
    pending: Vec<u8>,
    out: W,
    size: Size,
    cursor_shown: Option<bool>,
    /// Where the cursor was last put (ratatui asks for it only to put it back).
    cursor: Position,
    /// Where the terminal's cursor is, when known: `x == width` after a write into the last column
    /// (the terminal then waits to wrap, so only an absolute move or `CR` is safe).
    at: Option<Position>,
    pen: Pen,
    /// What the screen shows, row by row, for bridging gaps; `None` after a new size until the clear
    /// ratatui then makes.
    screen: Option<Vec<Cell>>,
    colours: bool,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: W, size: Size) -> Self {
        Self {
            pending: Vec::with_capacity(4096),
            out,
            size,
            cursor_shown: None,
            cursor: Position::ORIGIN,
            at: None,
            pen: Pen::PLAIN,
            // The alternate screen the TUI draws on starts blank.
            screen: Some(vec![
                Cell::EMPTY;
                usize::from(size.width) * usize::from(size.height)
            ]),
            colours: !crossterm::style::Colored::ansi_color_disabled_memoized(),
        }
    }

    /// Records the terminal's new size (from a resize event); the next draw adapts to it. What the
    /// screen shows is unknown until ratatui clears it, which it does on a new size.
    pub fn set_size(&mut self, width: u16, height: u16) {
        if (width, height) != (self.size.width, self.size.height) {
            self.screen = None;
            self.at = None;
        }
        self.size = Size { width, height };
    }

    /// Sends what is gathered, if anything, in one write.
    fn send(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let result = self
            .out
            .write_all(&self.pending)
            .and_then(|()| self.out.flush());
        self.pending.clear();
        result
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.size.width && y < self.size.height)
            .then(|| usize::from(y) * usize::from(self.size.width) + usize::from(x))
    }

    /// Puts the terminal's cursor at (x, y) in the fewest bytes: nothing, the unchanged cells
    /// between written again, or the shortest of a full address and the moves relative to where
    /// the cursor is (see [`relative_move`]).
    fn move_to(&mut self, x: u16, y: u16) {
        let mut best = address(x, y);
        if let Some(p) = self.at {
            if p.x == x && p.y == y {
                return;
            }
            let relative = relative_move(p, Position::new(x, y), self.size.width);
            if relative.len() < best.len() {
                best = relative;
            }
            if p.y == y && p.x < x && x - p.x <= BRIDGE_CELLS && self.bridge(p.x, x, y, best.len())
            {
                self.at = Some(Position::new(x, y));
                return;
            }
        }
        self.pending.extend_from_slice(best.as_bytes());
        self.at = Some(Position::new(x, y));
    }

    /// Writes the cells `from..to` of line `y` again as the screen shows them, if that takes fewer
    /// than `limit` bytes: each a one-column symbol in the attributes in force.
    fn bridge(&mut self, from: u16, to: u16, y: u16, limit: usize) -> bool {
        let (Some(screen), Some(start), Some(end)) =
            (&self.screen, self.index(from, y), self.index(to, y))
        else {
            return false;
        };
        let gap = &screen[start..end];
        let mut bytes = 0;
        for cell in gap {
            let symbol = cell.symbol();
            if symbol.width() != 1 || Pen::of(cell, self.colours) != self.pen {
                return false;
            }
            bytes += symbol.len();
            if bytes >= limit {
                return false;
            }
        }
        for cell in gap {
            self.pending.extend_from_slice(cell.symbol().as_bytes());
        }
        true
    }

    /// Writes the changed cells of a frame (the screen's copy already shows them), in order.
    fn write_cells(&mut self, cells: &[(u16, u16, &Cell)]) {
        let mut erased_row = None;
        for (n, &(x, y, cell)) in cells.iter().enumerate() {
            if erased_row == Some(y) {
                continue;
            }
            // A line whose changes end in blanks up to its end: erased in one sequence.
            let changes_left = cells[n..].iter().take_while(|c| c.1 == y).count();
            if changes_left > 3 && self.blank_to_end(x, y) {
                self.move_to(x, y);
                self.plain_pen();
                self.pending.extend_from_slice(b"\x1b[K");
                erased_row = Some(y);
                continue;
            }
            self.move_to(x, y);
            self.set_pen(Pen::of(cell, self.colours));
            let symbol = cell.symbol();
            self.pending.extend_from_slice(symbol.as_bytes());
            let width = symbol.width() as u16;
            self.at = match width {
                // A zero-width symbol: where the terminal puts the cursor is its own business.
                0 => None,
                _ => Some(Position::new((x + width).min(self.size.width), y)),
            };
        }
    }

    /// Has the terminal move the rows of `shift.rows` by one: margins set round them, a line feed
    /// at the bottom one (up) or a reverse index at the top one (down), margins back to the whole
    /// screen. The line that comes in is blank in no attributes; where the cursor is afterwards is
    /// not relied on.
    fn scroll(&mut self, shift: Shift) {
        self.plain_pen();
        let (top, bottom) = (shift.top + 1, shift.bottom + 1);
        let _ = write!(self.pending, "\x1b[{top};{bottom}r");
        if shift.up {
            let _ = write!(self.pending, "\x1b[{bottom}H");
            // A line feed at the bottom margin: the rows between the margins move up.
            self.pending.push(b'\n');
        } else {
            let _ = write!(self.pending, "\x1b[{top}H\x1bM");
        }
        self.pending.extend_from_slice(b"\x1b[r");
        self.at = None;
    }

    /// Changes the attributes in force to `to`, in one sequence: the shorter of the changes from
    /// the attributes in force and a start from none (`ESC [ m` alone when `to` is none).
    fn set_pen(&mut self, to: Pen) {
        if to == self.pen {
            return;
        }
        let restart = restart_params(&pen_params(Pen::PLAIN, to));
        // An attribute is switched off only by starting again from none (one code, understood by
        // every terminal), so the changes alone serve only when none is switched off.
        let params = if self.pen.modifier.difference(to.modifier).is_empty() {
            let changes = pen_params(self.pen, to);
            if changes.len() <= restart.len() {
                changes
            } else {
                restart
            }
        } else {
            restart
        };
        let _ = write!(self.pending, "\x1b[{params}m");
        self.pen = to;
    }

    /// Back to no attributes, if any are in force (before a clear or an erase, which paint with
    /// them, and when the terminal is handed back).
    fn plain_pen(&mut self) {
        self.set_pen(Pen::PLAIN);
    }

    /// The screen (the frame being drawn) is blank from (x, y) to the end of the line, in no
    /// attributes: what `ESC [ K` leaves.
    fn blank_to_end(&self, x: u16, y: u16) -> bool {
        let (Some(screen), Some(start), Some(end)) = (
            &self.screen,
            self.index(x, y),
            self.index(self.size.width - 1, y),
        ) else {
            return false;
        };
        screen[start..=end]
            .iter()
            .all(|c| c.symbol() == " " && Pen::of(c, self.colours) == Pen::PLAIN)
    }

    /// The screen is blank now (after a clear).
    fn blank_screen(&mut self) {
        let cells = usize::from(self.size.width) * usize::from(self.size.height);
        self.screen = Some(vec![Cell::EMPTY; cells]);
    }
}

/// `ESC [ row ; col H`, the column left out when it is the first.
fn address(x: u16, y: u16) -> String {
    if x == 0 {
        format!("\x1b[{}H", y + 1)
    } else {
        format!("\x1b[{};{}H", y + 1, x + 1)
    }
}

/// The shortest way from `from` to `to` by moves relative to the cursor: line feeds or a move up or
/// down, then the column by a carriage return, backspaces, a move left or right or an absolute
/// column. When the cursor waits to wrap after the last column (`from.x == width`) only a carriage
/// return is sure to land where it says, so the way starts with one. A line feed moves straight
/// down in the raw mode the TUI runs in (no carriage return is added) and never scrolls here, the
/// target being on the screen.
fn relative_move(from: Position, to: Position, width: u16) -> String {
    let vertical = match to.y.cmp(&from.y) {
        std::cmp::Ordering::Equal => String::new(),
        std::cmp::Ordering::Greater if to.y - from.y <= 4 => {
            "\n".repeat(usize::from(to.y - from.y))
        }
        std::cmp::Ordering::Greater => format!("\x1b[{}B", to.y - from.y),
        std::cmp::Ordering::Less if from.y - to.y == 1 => "\x1b[A".to_string(),
        std::cmp::Ordering::Less => format!("\x1b[{}A", from.y - to.y),
    };
    let from_start = "\r".to_string() + &vertical + &column_move(0, to.x);
    if from.x >= width {
        return from_start;
    }
    let straight = vertical + &column_move(from.x, to.x);
    if from_start.len() < straight.len() {
        from_start
    } else {
        straight
    }
}

/// The shortest move along a line from column `from` to `to`.
fn column_move(from: u16, to: u16) -> String {
    let mut moves = vec![format!("\x1b[{}G", to + 1)];
    match to.cmp(&from) {
        std::cmp::Ordering::Equal => return String::new(),
        std::cmp::Ordering::Greater if to - from == 1 => moves.push("\x1b[C".to_string()),
        std::cmp::Ordering::Greater => moves.push(format!("\x1b[{}C", to - from)),
        std::cmp::Ordering::Less => {
            let back = from - to;
            if back <= 3 {
                moves.push("\x08".repeat(usize::from(back)));
            }
            moves.push(if back == 1 {
                "\x1b[D".to_string()
            } else {
                format!("\x1b[{back}D")
            });
        }
    }
    if to == 0 {
        moves.push("\r".to_string());
    }
    moves
        .into_iter()
        .min_by_key(String::len)
        .unwrap_or_default()
}

/// The SGR parameters that take the attributes `from` to `to` when `to` switches nothing off:
/// the modifiers `to` adds and the colours that differ.
fn pen_params(from: Pen, to: Pen) -> String {
    let mut params: Vec<String> = Vec::with_capacity(4);
    for (m, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if to.modifier.contains(m) && !from.modifier.contains(m) {
            params.push(code.to_string());
        }
    }
    if to.fg != from.fg {
        params.push(colour_code(to.fg, 30));
    }
    if to.bg != from.bg {
        params.push(colour_code(to.bg, 40));
    }
    params.join(";")
}

/// Parameters that start from no attributes and then set `afresh`; none at all is `ESC [ m`.
fn restart_params(afresh: &str) -> String {
    if afresh.is_empty() {
        String::new()
    } else {
        format!("0;{afresh}")
    }
}

/// An SGR parameter for `colour`: `base` 30 for the foreground, 40 for the background. The sixteen
/// basic colours by their own codes (30–37, 90–97), which every terminal reads.
fn colour_code(colour: Color, base: u8) -> String {
    let basic = |n: u8| (base + n).to_string();
    let bright = |n: u8| (base + 60 + n).to_string();
    match colour {
        Color::Reset => (base + 9).to_string(),
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

impl<W: Write> Drop for FrameBackend<W> {
    /// ratatui's terminal shows a hidden cursor when dropped; that command must still go out, and
    /// the shell gets the terminal back without attributes.
    fn drop(&mut self) {
        self.plain_pen();
        let _ = self.send();
    }
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content
            .filter(|&(x, y, _)| self.index(x, y).is_some())
            .collect();
        // A frame that changes several rows may be rows moved by one (a list scrolled): the screen
        // before it is kept to find out.
        let rows_changed = cells.windows(2).filter(|w| w[0].1 != w[1].1).count() + 1;
        let before = match &self.screen {
            Some(screen) if rows_changed >= SCROLL_MIN_ROWS => Some(screen.clone()),
            _ => None,
        };
        // The copy of the screen becomes the frame first, so that what is left of a line after a
        // change can be known blank.
        if let Some(screen) = &mut self.screen {
            let width = usize::from(self.size.width);
            for &(x, y, cell) in &cells {
                let i = usize::from(y) * width + usize::from(x);
                screen[i] = cell.clone();
                // The columns a wide symbol covers are not cells to write again on their own.
                for hidden in 1..cell.symbol().width() {
                    if let Some(c) = screen.get_mut(i + hidden) {
                        c.set_symbol("");
                    }
                }
            }
        }
        if let (Some(before), Some(now)) = (before, &self.screen) {
            let width = usize::from(self.size.width);
            if let Some(shift) = Shift::find(&before, now, width) {
                // The terminal moves the rows; what still differs is found by ratatui's own diff
                // and written as any change is.
                let area = ratatui::layout::Rect::new(0, 0, self.size.width, self.size.height);
                let shown = Buffer {
                    area,
                    content: shift.apply(before, width),
                };
                let now = Buffer {
                    area,
                    content: now.clone(),
                };
                // Rows that differ in a few cells each are fewer bytes written as they are: the
                // shorter of the two ways goes out.
                let (start, at, pen) = (self.pending.len(), self.at, self.pen);
                self.write_cells(&cells);
                let written = self.pending.split_off(start);
                let written_ends = (self.at, self.pen);
                (self.at, self.pen) = (at, pen);
                self.scroll(shift);
                self.write_cells(&shown.diff(&now));
                if self.pending.len() - start > written.len() {
                    self.pending.truncate(start);
                    self.pending.extend_from_slice(&written);
                    (self.at, self.pen) = written_ends;
                }
                return Ok(());
            }
        }
        self.write_cells(&cells);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.pending.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.pending.extend_from_slice(b"\x1b[?25h");
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
        self.move_to(position.x, position.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.plain_pen();
        let code = match clear_type {
            ClearType::All => "2J",
            ClearType::AfterCursor => "J",
            ClearType::BeforeCursor => "1J",
            ClearType::CurrentLine => "2K",
            ClearType::UntilNewLine => "K",
        };
        let _ = write!(self.pending, "\x1b[{code}");
        if clear_type == ClearType::All {
            self.blank_screen();
        } else {
            self.screen = None;
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let crossterm::terminal::WindowSize {
            columns,
            rows,
            width,
            height,
        } = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: columns,
                height: rows,
            },
            pixels: Size { width, height },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;
    use ratatui::text::{Line, Span};
    use ratatui::Terminal;
    use std::cell::RefCell;
    use std::rc::Rc;

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
        let draw = |term: &mut Terminal<FrameBackend<Writes>>, x: u16| {
            term.draw(|f| {
                f.render_widget(Line::from("12"), f.area());
                f.set_cursor_position((x, 0));
            })
            .expect("draw");
        };
        draw(&mut term, 2);
        writes.0.borrow_mut().clear();
        draw(&mut term, 2);
        assert!(
            writes.0.borrow().is_empty(),
            "nothing changed, the cursor where it was: nothing to send"
        );
        draw(&mut term, 1);
        let frames = writes.0.borrow();
        assert_eq!(frames.len(), 1);
        let text = String::from_utf8_lossy(&frames[0]);
        assert_eq!(
            text, "\u{8}",
            "unchanged cells are not resent, the cursor moves back a column"
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

    fn bytes_of_next_frame(
        writes: &Writes,
        term: &mut Terminal<FrameBackend<Writes>>,
        lines: &[Line<'static>],
        cursor: (u16, u16),
    ) -> Vec<u8> {
        writes.0.borrow_mut().clear();
        term.draw(|f| {
            for (i, line) in lines.iter().enumerate() {
                let area = ratatui::layout::Rect::new(0, i as u16, f.area().width, 1);
                f.render_widget(line.clone(), area);
            }
            f.set_cursor_position(cursor);
        })
        .expect("draw");
        writes.0.borrow().concat()
    }

    /// A panel like the Assessments tab's, with the value being typed in `typed`.
    fn panel(typed: &str) -> Vec<Line<'static>> {
        let red = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        let mut lines = vec![Line::from("")];
        lines.push(Line::from(vec![
            Span::raw("›Thị trấn Quán Hàu     "),
            Span::styled(format!("{typed:>6}"), Style::new().bg(Color::Yellow)),
            Span::raw("     13 92,9  có  có      6      6      4      4    2"),
        ]));
        lines.push(Line::from(format!(
            "Thị trấn Quán Hàu · KDC tổng · năm 2018: 14 → {typed:<3} (+1,0%)"
        )));
        lines.push(Line::from(vec![
            Span::styled("✗ ", red),
            Span::raw(format!("KDC    38/{typed:>3} 79,2% ≥80% ✗ còn thiếu 1")),
        ]));
        lines
    }

    /// A typed digit changes the cell being typed, the panel's echo of it and a figure computed
    /// from it: the frame is their few bytes and a short move between each (a column move, or
    /// the cells between written again), never the stock backend's full address before each gap
    /// and four attribute resets after them.
    #[test]
    fn a_typed_digit_costs_its_cells_and_short_moves() {
        let writes = Writes::default();
        let backend = FrameBackend::new(writes.clone(), Size::new(80, 24));
        let mut term = Terminal::new(backend).expect("terminal");
        bytes_of_next_frame(&writes, &mut term, &panel("1"), (28, 1));
        let bytes = bytes_of_next_frame(&writes, &mut term, &panel("12"), (28, 1));
        let text = String::from_utf8_lossy(&bytes);
        // Three places change by one or two cells: each a move (≤ 8 bytes) and its cells (a bold
        // red one in between: its attributes set and reset once), and the cursor put back.
        assert!(bytes.len() <= 50, "{} bytes: {text:?}", bytes.len());
        assert!(text.matches("\x1b[m").count() <= 1, "{text:?}");
        // One cell changed, the cursor already after it: that cell and a column move at most.
        let writes = Writes::default();
        let backend = FrameBackend::new(writes.clone(), Size::new(80, 24));
        let mut term = Terminal::new(backend).expect("terminal");
        let one = |d: &str| vec![Line::from(format!("{:>40}", format!("KDC 38/4{d} 79,2%")))];
        bytes_of_next_frame(&writes, &mut term, &one("1"), (40, 0));
        let bytes = bytes_of_next_frame(&writes, &mut term, &one("2"), (40, 0));
        assert!(bytes.len() <= 12, "{:?}", String::from_utf8_lossy(&bytes));
    }

    /// Attributes change in the shorter of the changes and a start from none; back to none is
    /// `ESC [ m`, and a modifier is switched off only by a start from none.
    #[test]
    fn attributes_change_in_the_fewest_bytes() {
        let mut backend = FrameBackend::new(Vec::new(), Size::new(20, 3));
        let pen = |fg: Color, bg: Color, modifier: Modifier| Pen { fg, bg, modifier };
        let none = Modifier::empty();
        let mut sent = |to: Pen| {
            backend.pending.clear();
            backend.set_pen(to);
            String::from_utf8_lossy(&backend.pending).to_string()
        };
        assert_eq!(sent(pen(Color::Black, Color::Yellow, none)), "\x1b[30;43m");
        // "1;31;49" from black on yellow; "0;1;31" from none.
        assert_eq!(
            sent(pen(Color::Red, Color::Reset, Modifier::BOLD)),
            "\x1b[0;1;31m"
        );
        assert_eq!(
            sent(pen(Color::Reset, Color::Reset, Modifier::BOLD)),
            "\x1b[39m"
        );
        assert_eq!(sent(pen(Color::DarkGray, Color::Reset, none)), "\x1b[0;90m");
        assert_eq!(sent(pen(Color::DarkGray, Color::Reset, none)), "");
        assert_eq!(sent(Pen::PLAIN), "\x1b[m");
    }

    /// Our backend and the stock one drawing the same frames, each read back by a VT100 parser.
    struct Twin {
        ours: Terminal<FrameBackend<Writes>>,
        ours_bytes: Writes,
        stock: Terminal<ratatui::backend::CrosstermBackend<Writes>>,
        stock_bytes: Writes,
        vt_ours: vt100::Parser,
        vt_stock: vt100::Parser,
    }

    impl Twin {
        fn new(w: u16, h: u16) -> Twin {
            use ratatui::{layout::Rect, TerminalOptions, Viewport};
            let ours_bytes = Writes::default();
            let stock_bytes = Writes::default();
            let nonzero = |n: u16| std::num::NonZero::new(n).expect("a size above zero");
            Twin {
                ours: Terminal::new(FrameBackend::new(ours_bytes.clone(), Size::new(w, h)))
                    .expect("terminal"),
                ours_bytes,
                stock: Terminal::with_options(
                    ratatui::backend::CrosstermBackend::new(stock_bytes.clone()),
                    TerminalOptions {
                        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
                    },
                )
                .expect("stock terminal"),
                stock_bytes,
                vt_ours: vt100::Parser::new(nonzero(h), nonzero(w), 0),
                vt_stock: vt100::Parser::new(nonzero(h), nonzero(w), 0),
            }
        }

        /// Draws a frame with both and reads it back; the bytes each sent.
        fn draw(&mut self, render: impl Fn(&mut ratatui::Frame)) -> (Vec<u8>, Vec<u8>) {
            self.ours_bytes.0.borrow_mut().clear();
            self.stock_bytes.0.borrow_mut().clear();
            self.ours.draw(&render).expect("draw");
            self.stock.draw(&render).expect("draw");
            let (a, b) = (
                self.ours_bytes.0.borrow().concat(),
                self.stock_bytes.0.borrow().concat(),
            );
            self.vt_ours.process(&a);
            self.vt_stock.process(&b);
            (a, b)
        }
    }

    /// A list scrolled by one row (Enter past the last row shown) has the terminal move the rows:
    /// the frame is the scroll, the new row and what else changed, not every row again; and the
    /// screen is the stock backend's.
    #[test]
    fn a_list_scrolled_by_one_row_is_moved_by_the_terminal() {
        use ratatui::layout::Rect;
        let (w, h) = (40u16, 12u16);
        let mut twin = Twin::new(w, h);
        let red = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        // A heading, nine rows of a list from `first`, the focused one marked, and a status line.
        let frame = |first: usize, focus: usize| {
            let mut lines = vec![Line::from("Đơn vị            Tổng   Đạt")];
            for n in first..first + 9 {
                let mark = if n == focus { "›" } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(format!("{mark}Xã số {n:<10} {:>6} ", n * 7 % 31)),
                    Span::styled(if n % 3 == 0 { "✗" } else { " " }, red),
                ]));
            }
            lines.push(Line::from(format!("Cộng           {:>6}", first * 13)));
            lines.push(Line::from(format!("đã lưu · dòng {focus}")));
            lines
        };
        let mut sent = (0, 0);
        for step in 0..12usize {
            let first = step.saturating_sub(8);
            let lines = frame(first, step);
            let render = |f: &mut ratatui::Frame| {
                for (i, line) in lines.iter().enumerate() {
                    f.render_widget(line.clone(), Rect::new(0, i as u16, w, 1));
                }
            };
            let (a, b) = twin.draw(render);
            assert_eq!(
                twin.vt_ours.screen().contents(),
                twin.vt_stock.screen().contents(),
                "step {step}: {:?}",
                String::from_utf8_lossy(&a)
            );
            if step > 8 {
                let text = String::from_utf8_lossy(&a);
                assert!(text.starts_with("\x1b[2;9r"), "the rows moved: {text:?}");
                sent.0 += a.len();
                sent.1 += b.len();
            }
        }
        assert!(
            sent.0 * 2 < sent.1,
            "scrolled frames: {} bytes, the stock backend's {}",
            sent.0,
            sent.1
        );
    }

    /// Whatever the frames, a terminal shows after our bytes what it shows after the stock
    /// backend's: every cell's text, colours, bold and reverse, and the cursor (bridged gaps,
    /// column moves, wide characters, the last column, attributes carried from cell to cell and
    /// rows moved by the terminal included).
    #[test]
    fn the_terminal_shows_what_the_stock_backend_shows() {
        use ratatui::layout::Rect;
        let (w, h) = (30u16, 10u16);
        let mut twin = Twin::new(w, h);
        let styles = [
            Style::new(),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().bg(Color::Yellow).fg(Color::Black),
            Style::new().add_modifier(Modifier::REVERSED),
            Style::new().fg(Color::DarkGray),
        ];
        let words = [
            "đạt",
            "12",
            "日本",
            "─",
            "x",
            "còn thiếu",
            "✗",
            "  ",
            "1.046",
            "│",
        ];
        let mut seed = 7u32;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as usize % n
        };
        let mut sent = 0;
        let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new(); h as usize];
        let mut scrolled = 0;
        for frame in 0..400 {
            // Mostly a few words changed, as a keystroke changes a frame; now and then all of it.
            let changes = if next(6) == 0 {
                2 * h as usize
            } else {
                1 + next(3)
            };
            for _ in 0..changes {
                let row = &mut rows[next(h as usize)];
                let span = Span::styled(words[next(words.len())], styles[next(styles.len())]);
                match next(3) {
                    _ if row.len() > 8 => row.truncate(next(8)),
                    0 => row.push(span),
                    n => {
                        let i = next(row.len() + 1);
                        if n == 1 && i < row.len() {
                            row[i] = span;
                        } else {
                            row.insert(i, span);
                        }
                    }
                }
            }
            // Now and then a block of rows moves by one, as a list scrolls.
            if next(4) == 0 {
                let top = next(h as usize - 4);
                let bottom = top + 3 + next(h as usize - top - 3);
                let fresh = vec![Span::styled(
                    words[next(words.len())],
                    styles[next(styles.len())],
                )];
                if next(2) == 0 {
                    rows[top..=bottom].rotate_left(1);
                    rows[bottom] = fresh;
                } else {
                    rows[top..=bottom].rotate_right(1);
                    rows[top] = fresh;
                }
            }
            let lines: Vec<Line<'static>> = rows.iter().cloned().map(Line::from).collect();
            let cursor = (next(w as usize) as u16, next(h as usize) as u16);
            let render = |f: &mut ratatui::Frame| {
                for (i, line) in lines.iter().enumerate() {
                    f.render_widget(line.clone(), Rect::new(0, i as u16, w, 1));
                }
                f.set_cursor_position(cursor);
            };
            let (bytes, _) = twin.draw(render);
            sent += bytes.len();
            if bytes.windows(3).any(|w| w == b"\x1b[r") {
                scrolled += 1;
            }
            let (a, b) = (twin.vt_ours.screen(), twin.vt_stock.screen());
            for y in 0..h {
                for x in 0..w {
                    let (c, d) = (a.cell(y, x).expect("cell"), b.cell(y, x).expect("cell"));
                    let at = format!(
                        "frame {frame}, cell ({x}, {y}): {:?}",
                        String::from_utf8_lossy(&bytes)
                    );
                    // A blank written again and a blank never written look the same.
                    assert_eq!(c.contents().trim(), d.contents().trim(), "{at}");
                    assert_eq!(c.fgcolor(), d.fgcolor(), "{at}");
                    assert_eq!(c.bgcolor(), d.bgcolor(), "{at}");
                    assert_eq!(c.bold(), d.bold(), "{at}");
                    assert_eq!(c.inverse(), d.inverse(), "{at}");
                }
            }
            assert_eq!(a.cursor_position(), b.cursor_position(), "frame {frame}");
        }
        assert!(sent > 0);
        assert!(
            scrolled >= 10,
            "rows moved by the terminal in {scrolled} frames only"
        );
    }
}
