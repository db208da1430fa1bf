//! A multi-line text field for forms (a limitation's text and remedy), over `ratatui-textarea`.
//!
//! The crate keeps the lines and does the edits (insert, new line, delete, joining lines), but it
//! counts its cursor in `char`s and draws itself by updating a viewport while rendering. Here every
//! cursor move and every deletion goes by grapheme — a decomposed "ư" typed through an IME (u +
//! U+031B) is one Backspace, as in the single-line fields — and the field is drawn by [`TextArea::layout`],
//! a pure function of the text, the cursor and the width: soft-wrapped rows in display columns and
//! where the terminal cursor goes. Rendering changes nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, DataCursor};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub struct TextArea {
    inner: ratatui_textarea::TextArea<'static>,
}

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEffect {
    /// The text changed.
    Changed,
    /// Only the cursor moved (or nothing happened that the field cares about).
    Moved,
    /// Up on the first line or Down on the last: the form moves to the previous / next field.
    LeaveUp,
    LeaveDown,
    /// Not a key for this field.
    Ignored,
}

/// The field drawn at some width: its rows (soft-wrapped) and the cursor's (row, column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub rows: Vec<String>,
    pub cursor: (usize, usize),
}

fn jump(row: usize, col: usize) -> CursorMove {
    CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    )
}

/// The byte offset of the `col`-th char of `s` (its length past the end).
fn byte_of(s: &str, col: usize) -> usize {
    s.char_indices().nth(col).map(|(b, _)| b).unwrap_or(s.len())
}

impl TextArea {
    /// A field holding `value` (lines split at '\n'), the cursor at the end of the text.
    pub fn new(value: &str) -> TextArea {
        let lines: Vec<String> = value
            .split('\n')
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        let mut inner = ratatui_textarea::TextArea::new(lines);
        let last = inner.lines().len().saturating_sub(1);
        let end = inner.lines().get(last).map_or(0, |l| l.chars().count());
        inner.move_cursor(jump(last, end));
        TextArea { inner }
    }

    /// The text, lines joined with '\n'.
    pub fn value(&self) -> String {
        self.inner.lines().join("\n")
    }

    fn line(&self, row: usize) -> &str {
        self.inner
            .lines()
            .get(row)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// (row, byte offset in the row) of the cursor.
    fn cursor(&self) -> (usize, usize) {
        let DataCursor(row, col) = self.inner.cursor();
        (row, byte_of(self.line(row), col))
    }

    fn chars_before(&self, row: usize, byte: usize) -> usize {
        self.line(row)[..byte].chars().count()
    }

    /// Moves the cursor to a byte offset of a row (a grapheme boundary).
    fn set_cursor(&mut self, row: usize, byte: usize) {
        let col = self.chars_before(row, byte);
        self.inner.move_cursor(jump(row, col));
    }

    /// The grapheme boundary at or before `byte` in `line`.
    fn boundary_before(line: &str, byte: usize) -> usize {
        line.grapheme_indices(true)
            .map(|(b, _)| b)
            .take_while(|b| *b <= byte)
            .last()
            .unwrap_or(0)
            .max(if byte >= line.len() { line.len() } else { 0 })
    }

    /// The byte offset in `line` whose display column is the last at or before `col`.
    fn byte_at_column(line: &str, col: usize) -> usize {
        let mut at = 0;
        for (b, g) in line.grapheme_indices(true) {
            if line[..b].width() + g.width() > col {
                return b;
            }
            at = b + g.len();
        }
        at
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> KeyEffect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let (row, byte) = self.cursor();
        let line = self.line(row).to_string();
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => {
                self.inner.insert_char(c);
                KeyEffect::Changed
            }
            KeyCode::Enter => {
                self.inner.insert_newline();
                KeyEffect::Changed
            }
            KeyCode::Backspace => {
                if byte == 0 {
                    if row == 0 {
                        return KeyEffect::Moved;
                    }
                    self.inner.delete_newline();
                    return KeyEffect::Changed;
                }
                let start = line[..byte]
                    .grapheme_indices(true)
                    .next_back()
                    .map(|(b, _)| b)
                    .unwrap_or(0);
                let n = line[start..byte].chars().count();
                self.set_cursor(row, start);
                self.inner.delete_str(n);
                KeyEffect::Changed
            }
            KeyCode::Delete => {
                if byte >= line.len() {
                    if row + 1 >= self.inner.lines().len() {
                        return KeyEffect::Moved;
                    }
                    self.inner.delete_next_char();
                    return KeyEffect::Changed;
                }
                let n = line[byte..]
                    .graphemes(true)
                    .next()
                    .map(|g| g.chars().count())
                    .unwrap_or(0);
                self.inner.delete_str(n);
                KeyEffect::Changed
            }
            KeyCode::Left => {
                if byte == 0 {
                    if row > 0 {
                        let prev = self.line(row - 1).len();
                        self.set_cursor(row - 1, prev);
                    }
                } else if ctrl {
                    self.inner.move_cursor(CursorMove::WordBack);
                    self.snap();
                } else {
                    let start = line[..byte]
                        .grapheme_indices(true)
                        .next_back()
                        .map(|(b, _)| b)
                        .unwrap_or(0);
                    self.set_cursor(row, start);
                }
                KeyEffect::Moved
            }
            KeyCode::Right => {
                if byte >= line.len() {
                    if row + 1 < self.inner.lines().len() {
                        self.set_cursor(row + 1, 0);
                    }
                } else if ctrl {
                    self.inner.move_cursor(CursorMove::WordForward);
                    self.snap();
                } else {
                    let len = line[byte..].graphemes(true).next().map_or(0, str::len);
                    self.set_cursor(row, byte + len);
                }
                KeyEffect::Moved
            }
            KeyCode::Up | KeyCode::Down => {
                let target = if key.code == KeyCode::Up {
                    match row.checked_sub(1) {
                        Some(r) => r,
                        None => return KeyEffect::LeaveUp,
                    }
                } else if row + 1 < self.inner.lines().len() {
                    row + 1
                } else {
                    return KeyEffect::LeaveDown;
                };
                let col = line[..byte].width();
                let to = Self::byte_at_column(self.line(target), col);
                self.set_cursor(target, to);
                KeyEffect::Moved
            }
            KeyCode::Home => {
                self.set_cursor(row, 0);
                KeyEffect::Moved
            }
            KeyCode::End => {
                self.set_cursor(row, line.len());
                KeyEffect::Moved
            }
            _ => KeyEffect::Ignored,
        }
    }

    /// Inserts `text` (lines split at '\n') at the cursor in one edit, the cursor after it: a
    /// paste. The crate measures the whole text again after every edit, so a long text fed in
    /// char by char would cost the square of its length.
    pub fn insert_text(&mut self, text: &str) -> KeyEffect {
        if !self.inner.insert_str(text) {
            return KeyEffect::Moved;
        }
        self.snap();
        KeyEffect::Changed
    }

    /// After a move by the crate (by char), back to the start of the grapheme the cursor is in.
    fn snap(&mut self) {
        let (row, byte) = self.cursor();
        let at = Self::boundary_before(self.line(row), byte);
        if at != byte {
            self.set_cursor(row, at);
        }
    }

    /// The rows of the field at `width` display columns (lines wrapped after the last space that
    /// fits, or by grapheme when a word is longer than the row) and the cursor's row and column. The
    /// cursor may stand one column past `width` at the end of a full row.
    pub fn layout(&self, width: usize) -> Layout {
        let width = width.max(1);
        let (cursor_row, cursor_byte) = self.cursor();
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.inner.lines().iter().enumerate() {
            let segments = wrap(line, width);
            for (i, &(start, end)) in segments.iter().enumerate() {
                let last = i + 1 == segments.len();
                if r == cursor_row
                    && cursor_byte >= start
                    && (cursor_byte < end || (last && cursor_byte == end))
                {
                    cursor = (rows.len(), line[start..cursor_byte].width());
                }
                rows.push(line[start..end].to_string());
            }
        }
        Layout { rows, cursor }
    }
}

/// Byte ranges of `line` cut into rows of at most `width` display columns: after the last space
/// that fits, else before the grapheme that does not. An empty line is one empty row.
fn wrap(line: &str, width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // The end of the last space in the current row (a break after it keeps words whole).
    let mut space_end: Option<(usize, usize)> = None;
    for (b, g) in line.grapheme_indices(true) {
        let w = g.width();
        if used + w > width && b > start {
            match space_end.take() {
                Some((after, used_to)) if after > start => {
                    out.push((start, after));
                    start = after;
                    used -= used_to;
                }
                _ => {
                    out.push((start, b));
                    start = b;
                    used = 0;
                }
            }
        }
        used += w;
        if g.chars().all(char::is_whitespace) {
            space_end = Some((b + g.len(), used));
        }
    }
    out.push((start, line.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(area: &mut TextArea, text: &str) {
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            area.handle_key(&key(code));
        }
    }

    #[test]
    fn enter_makes_lines_and_backspace_joins_them() {
        let mut a = TextArea::new("");
        typed(&mut a, "line1\nline2");
        assert_eq!(a.value(), "line1\nline2");
        for _ in 0..5 {
            a.handle_key(&key(KeyCode::Backspace));
        }
        assert_eq!(a.value(), "line1\n");
        assert_eq!(
            a.handle_key(&key(KeyCode::Backspace)),
            KeyEffect::Changed,
            "across the line break"
        );
        assert_eq!(a.value(), "line1");
        typed(&mut a, "x");
        assert_eq!(a.value(), "line1x");
    }

    #[test]
    fn decomposed_input_is_edited_by_grapheme() {
        let mut a = TextArea::new("");
        // An IME sends "Hưnx" decomposed, then a Backspace burst and the correction.
        typed(&mut a, "Hu\u{031b}nx");
        a.handle_key(&key(KeyCode::Backspace));
        a.handle_key(&key(KeyCode::Backspace));
        assert_eq!(a.value(), "Hu\u{031b}");
        a.handle_key(&key(KeyCode::Backspace));
        assert_eq!(a.value(), "H", "the decomposed ư goes as one grapheme");
        typed(&mut a, "ưng");
        a.handle_key(&key(KeyCode::Left));
        a.handle_key(&key(KeyCode::Left));
        a.handle_key(&key(KeyCode::Left));
        a.handle_key(&key(KeyCode::Delete));
        assert_eq!(a.value(), "Hng");
    }

    #[test]
    fn moves_go_by_grapheme_and_display_column() {
        let mut a = TextArea::new("Hu\u{031b}ng\nab");
        // At the end of "ab" (column 2): up lands after "Hư", never inside it.
        assert_eq!(a.handle_key(&key(KeyCode::Up)), KeyEffect::Moved);
        typed(&mut a, "|");
        assert_eq!(a.value(), "Hu\u{031b}|ng\nab");
        assert_eq!(a.handle_key(&key(KeyCode::Up)), KeyEffect::LeaveUp);
        a.handle_key(&key(KeyCode::Down));
        assert_eq!(a.handle_key(&key(KeyCode::Down)), KeyEffect::LeaveDown);
        a.handle_key(&key(KeyCode::Home));
        a.handle_key(&key(KeyCode::Left));
        a.handle_key(&key(KeyCode::Delete));
        assert_eq!(a.value(), "Hu\u{031b}|ngab", "Delete at a line's end joins");
        let mut b = TextArea::new("ab cd");
        b.handle_key(&KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        b.handle_key(&KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        typed(&mut b, "|");
        assert_eq!(b.value(), "|ab cd");
    }

    #[test]
    fn layout_wraps_words_and_places_the_cursor_in_columns() {
        let a = TextArea::new("Xã Hu\u{031b}ng chậm tiến độ\nb");
        let l = a.layout(10);
        assert_eq!(l.rows, ["Xã Hu\u{031b}ng ", "chậm tiến ", "độ", "b"]);
        assert_eq!(l.cursor, (3, 1));
        let mut a = TextArea::new("abcdefghij");
        let l = a.layout(4);
        assert_eq!(l.rows, ["abcd", "efgh", "ij"]);
        assert_eq!(l.cursor, (2, 2));
        a.handle_key(&key(KeyCode::Home));
        for _ in 0..4 {
            a.handle_key(&key(KeyCode::Right));
        }
        assert_eq!(
            a.layout(4).cursor,
            (1, 0),
            "a break belongs to the next row"
        );
        let l = TextArea::new("abcd").layout(4);
        assert_eq!(l.cursor, (0, 4), "past a full last row");
        assert_eq!(TextArea::new("").layout(5).rows, [""]);
    }

    #[test]
    fn a_long_text_is_inserted_in_one_edit_at_the_cursor() {
        let mut a = TextArea::new("đầu\ncuối");
        a.handle_key(&key(KeyCode::Up));
        a.handle_key(&key(KeyCode::End));
        let pasted = "Hưng chậm tiến độ. ".repeat(5_000) + "\ndòng sau";
        assert_eq!(a.insert_text(&pasted), KeyEffect::Changed);
        assert_eq!(a.value(), format!("đầu{pasted}\ncuối"));
        // The cursor stands after the pasted text.
        typed(&mut a, "!");
        assert_eq!(a.value(), format!("đầu{pasted}!\ncuối"));
        assert_eq!(a.insert_text(""), KeyEffect::Moved);
    }
}
