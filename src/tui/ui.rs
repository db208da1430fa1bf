//! What every screen draws with: text cut and padded to display columns (Vietnamese measured by
//! grapheme and display width), lines drawn as they are, a box centred on the screen, a window that
//! follows a cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// A box of `width` × `height` in the middle of `area`, never larger than it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

/// Keeps `cursor` inside a window of `height` rows starting at `scroll`; returns the new scroll.
pub fn scroll_to(cursor: usize, scroll: usize, height: usize) -> usize {
    let height = height.max(1);
    if cursor < scroll {
        cursor
    } else if cursor >= scroll + height {
        cursor + 1 - height
    } else {
        scroll
    }
}

/// Cuts `s` to `width` display columns, ending with "…" when cut. Vietnamese text is measured by
/// grapheme and display width (a decomposed "ư" is two chars and one column).
pub fn fit(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `s` broken into lines of at most `width` display columns at spaces, a word longer than a line
/// broken between graphemes (never inside one); at most `max_lines`, the last then ending with
/// "…" after the last word that fits. Vietnamese text is measured as in [`fit`].
pub fn wrap(s: &str, width: usize, max_lines: usize) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    if width == 0 || max_lines == 0 {
        return Vec::new();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let needed = if line.is_empty() { 0 } else { line.width() + 1 };
        if needed + word.width() <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line: as much as fits on each.
        for g in word.graphemes(true) {
            if line.width() + g.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(g);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() <= max_lines {
        return lines;
    }
    let rest = lines[max_lines - 1..].join(" ");
    lines.truncate(max_lines - 1);
    lines.push(cut_at_word(&rest, width));
    lines
}

/// `s` cut to `width` columns after its last whole word that fits, then "…".
fn cut_at_word(s: &str, width: usize) -> String {
    let room = width.saturating_sub(1);
    let mut out = String::new();
    for word in s.split_whitespace() {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.width() > room {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        // Not even one word fits: cut it where it must be.
        return fit(s, width);
    }
    out.push('…');
    out
}

/// Pads or cuts to exactly `width` columns, left-aligned.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let w = s.width();
    if w > width {
        let cut = fit(s, width);
        return format!("{cut}{}", " ".repeat(width.saturating_sub(cut.width())));
    }
    let mut out = String::with_capacity(s.len() + width - w);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width - w));
    out
}

/// Pads or cuts to exactly `width` columns, right-aligned.
pub fn pad_left(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let w = s.width();
    if w > width {
        let cut = fit(s, width);
        return format!("{}{cut}", " ".repeat(width.saturating_sub(cut.width())));
    }
    let mut out = String::with_capacity(s.len() + width - w);
    out.extend(std::iter::repeat_n(' ', width - w));
    out.push_str(s);
    out
}

/// Lines drawn as they are, one per row, cut at the area's edge. Cheaper than a `Paragraph` (no
/// wrapping machinery), which matters for the grid redrawn on every keystroke.
pub fn draw_lines(frame: &mut Frame, area: Rect, lines: &[Line<'_>]) {
    let buffer = frame.buffer_mut();
    for (i, line) in lines.iter().enumerate().take(area.height as usize) {
        set_line(buffer, area.x, area.y + i as u16, line, area.width);
    }
}

/// `Buffer::set_line`, cell for cell, without grapheme segmentation for spans made only of
/// characters that are always a grapheme of their own (ASCII, Vietnamese letters, the box drawing and
/// the markers the screens use); any other span goes through ratatui's own `set_stringn`.
fn set_line(buffer: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let end = if text.chars().all(single_grapheme) {
            set_simple(buffer, x, y, text, remaining, style)
        } else {
            buffer.set_stringn(x, y, text, remaining as usize, style).0
        };
        remaining = remaining.saturating_sub(end.saturating_sub(x));
        x = end;
    }
}

/// `Buffer::set_stringn` for text whose every char is a grapheme (see [`single_grapheme`]).
///
/// A space that would change nothing (no style over a blank cell) is not written: most of a frame is
/// blank, and ratatui's fresh frame already is.
fn set_simple(buffer: &mut Buffer, x: u16, y: u16, text: &str, max: u16, style: Style) -> u16 {
    let room = buffer.area.right().saturating_sub(x).min(max);
    if room == 0 {
        return x;
    }
    let plain = style == Style::default();
    let start = buffer.index_of(x, y);
    let row = &mut buffer.content[start..start + room as usize];
    let mut used = 0usize;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        let width = if c.is_ascii() {
            1
        } else {
            UnicodeWidthStr::width(c.encode_utf8(&mut utf8) as &str)
        };
        if width == 0 {
            continue;
        }
        if used + width > row.len() {
            break;
        }
        let cell = &mut row[used];
        if !(plain && c == ' ' && cell.symbol() == " ") {
            cell.set_symbol(c.encode_utf8(&mut utf8)).set_style(style);
        }
        for hidden in &mut row[used + 1..used + width] {
            hidden.reset();
        }
        used += width;
    }
    x + used as u16
}

/// A char that never joins its neighbours into one grapheme (not a control, combining mark, joiner,
/// prepend, regional indicator or Hangul jamo): printable ASCII, Latin (with Vietnamese), general
/// punctuation, arrows, maths, box drawing, shapes and dingbats.
fn single_grapheme(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{24F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{2190}'..='\u{22FF}'
        | '\u{2500}'..='\u{25FF}'
        | '\u{2700}'..='\u{27BF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    #[test]
    fn centered_never_exceeds_the_area() {
        let r = centered(Rect::new(0, 0, 40, 10), 64, 20);
        assert_eq!((r.width, r.height), (40, 10));
        let r = centered(Rect::new(0, 0, 80, 24), 64, 9);
        // An odd cell left over goes above (ratatui's centring).
        assert_eq!((r.x, r.y, r.width, r.height), (8, 8, 64, 9));
    }

    #[test]
    fn fit_measures_display_columns() {
        let decomposed = "Hu\u{031b}ng"; // "Hưng" typed decomposed: 5 chars, 4 columns
        assert_eq!(fit(decomposed, 4), decomposed);
        assert_eq!(fit("Thị trấn Quán Hàu", 8), "Thị trấ…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
    }

    #[test]
    fn wrap_breaks_at_words_and_never_inside_a_grapheme() {
        let text = "✗ Thông tư 23/2012/TT-BCA: cần ≥ 71/101 khu dân cư đạt, có 7 (thiếu 64)";
        let lines = wrap(text, 40, 2);
        assert_eq!(
            lines,
            [
                "✗ Thông tư 23/2012/TT-BCA: cần ≥ 71/101",
                "khu dân cư đạt, có 7 (thiếu 64)"
            ]
        );
        assert!(lines.iter().all(|l| l.width() <= 40));
        // Too long for two lines: the second ends after a whole word, with "…".
        let lines = wrap(text, 30, 2);
        assert_eq!(
            lines,
            [
                "✗ Thông tư 23/2012/TT-BCA: cần",
                "≥ 71/101 khu dân cư đạt, có 7…"
            ]
        );
        // A decomposed letter ("ư" as u + horn) stays one grapheme when a long word is broken.
        let word = "Hu\u{031b}\u{031b}ngHu\u{031b}ng";
        let lines = wrap(word, 3, 5);
        assert!(lines.iter().all(|l| l.width() <= 3), "{lines:?}");
        assert_eq!(lines.concat(), word);
        assert!(
            lines.iter().all(|l| !l.starts_with('\u{031b}')),
            "{lines:?}"
        );
        assert_eq!(wrap("", 10, 2), Vec::<String>::new());
    }

    #[test]
    fn scroll_follows_the_cursor() {
        assert_eq!(scroll_to(0, 0, 5), 0);
        assert_eq!(scroll_to(7, 0, 5), 3);
        assert_eq!(scroll_to(2, 3, 5), 2);
        assert_eq!(scroll_to(4, 3, 5), 3);
    }

    /// The fast path writes exactly the cells (symbols and styles) ratatui's `set_line` writes.
    #[test]
    fn set_line_matches_ratatui() {
        let texts = [
            "› Xã Quảng Phú   1.046 ✗ 15 ≥85% ✓ ─── ◂ Năm 2019 ▸ · đã lưu 14:02:31 …",
            "Hu\u{031b}ng decomposed, tab\there, 日本語 wide, e\u{301}, 🇻🇳 flag",
            "plain ascii only",
        ];
        for width in [0u16, 5, 17, 40, 80] {
            for text in texts {
                let styled = Line::from(vec![
                    Span::styled(text, Style::new().fg(Color::Red)),
                    Span::raw(" │ "),
                    Span::styled(text, Style::new().add_modifier(Modifier::BOLD)),
                ])
                .style(Style::new().bg(Color::Blue));
                // Plain spaces over blank cells are skipped: the result must still be the same.
                let plain = Line::from(vec![Span::raw("  "), Span::raw(text), Span::raw("   x")]);
                for line in [styled, plain] {
                    let area = Rect::new(0, 0, 60, 1);
                    let mut ours = Buffer::empty(area);
                    let mut theirs = Buffer::empty(area);
                    set_line(&mut ours, 2, 0, &line, width);
                    theirs.set_line(2, 0, &line, width);
                    assert_eq!(ours, theirs, "width {width}: {text}");
                }
            }
        }
    }
}
