//! The frame around every tab: header, tab bar, status bar, and the "terminal too small" notice.

use super::app::{MIN_HEIGHT, MIN_WIDTH};
use super::context::{Ctx, MessageKind};
use super::strings::fill;
use super::tabs::{fit, TabId};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// "Tỉnh Quảng Bình › Huyện Quảng Ninh   ◂ Năm 2019 ▸   clerk · Nháp"
pub fn header(ctx: &Ctx, frame: &mut Frame, area: Rect, state: &str) {
    let s = ctx.s();
    let province = ctx
        .view
        .province()
        .map(|p| p.name.clone())
        .unwrap_or_else(|| s.no_province.to_string());
    let district = ctx
        .district
        .as_deref()
        .and_then(|d| ctx.view.locality(d))
        .map(|d| d.name.clone())
        .unwrap_or_else(|| s.no_district.to_string());
    let year = format!("◂ {} {} ▸", s.year, ctx.year);
    let mut right = ctx.store.user().to_string();
    if !state.is_empty() {
        right.push_str(" · ");
        right.push_str(state);
    }
    if ctx.edit_refusal_for_scope() {
        right.push_str(" · ");
        right.push_str(s.read_only);
    }
    let width = area.width as usize;
    let fixed = year.width() + right.width() + 6;
    // With the province itself in scope there is no district to name.
    let place = if ctx.province_scope() {
        province
    } else {
        format!("{province} › {district}")
    };
    let place = fit(&place, width.saturating_sub(fixed));
    let gap = width.saturating_sub(place.width() + year.width() + right.width() + 2);
    let left_gap = gap / 2;
    let text = format!(
        " {place}{}{year}{}{right} ",
        " ".repeat(left_gap.max(1)),
        " ".repeat((gap - left_gap).max(1))
    );
    frame.buffer_mut().set_style(area, ctx.theme.header);
    draw_lines(
        frame,
        area,
        &[Line::styled(fit(&text, width), ctx.theme.header)],
    );
}

pub fn tab_bar(ctx: &Ctx, frame: &mut Frame, area: Rect, active: TabId) {
    let s = ctx.s();
    let mut spans = Vec::new();
    for (tab, key, label) in [
        (TabId::Localities, "F2", s.tab_localities),
        (TabId::Assessments, "F3", s.tab_assessments),
        (TabId::Limitations, "F4", s.tab_limitations),
        (TabId::Awards, "F5", s.tab_awards),
    ] {
        if tab == active {
            spans.push(Span::styled(
                format!("[{key} {label}]"),
                ctx.theme.tab_active,
            ));
        } else {
            spans.push(Span::styled(format!(" {key} {label} "), ctx.theme.tab));
        }
        spans.push(Span::raw(" "));
    }
    draw_lines(frame, area, &[Line::from(spans)]);
}

/// Left: the last message or "đã lưu HH:MM:SS"; right: the scope's errors and warnings, and the keys.
pub fn status_bar(ctx: &Ctx, frame: &mut Frame, area: Rect, hints: &str) {
    let s = ctx.s();
    let theme = &ctx.theme;
    let (errors, warnings) = ctx.errors_and_warnings();
    // The markers appear only when there is something to mark; their place is kept either way so
    // the bar does not shift (and get redrawn) when a count changes.
    let counts = format!(
        "{}{} · {}{}",
        if errors > 0 { "✗ " } else { "  " },
        fill(s.errors_n, &[&errors.to_string()]),
        if warnings > 0 { "! " } else { "  " },
        fill(s.warnings_n, &[&warnings.to_string()])
    );
    let (left, left_style) = match &ctx.status.message {
        Some((MessageKind::Error, m)) => (format!("✗ {m}"), theme.error.patch(theme.status)),
        Some((MessageKind::Info, m)) => (m.clone(), theme.status),
        None => match &ctx.status.saved_at {
            Some(t) => (fill(s.saved_at, &[t]), theme.status),
            None => (String::new(), theme.status),
        },
    };
    let width = area.width as usize;
    let right_full = format!("{counts} │ {hints} ");
    // The message matters most; the hints go first when room runs out, then the counts. The hints
    // are few enough that a short message ("đã lưu 14:02:31") never moves them.
    let right = if left.width() + right_full.width() + 2 <= width {
        right_full
    } else if left.width() + counts.width() + 3 <= width {
        format!("{counts} ")
    } else {
        String::new()
    };
    let left = fit(&left, width.saturating_sub(right.width() + 2));
    let gap = width.saturating_sub(left.width() + right.width() + 1);
    let line = Line::from(vec![
        Span::styled(format!(" {left}"), left_style),
        Span::styled(" ".repeat(gap), theme.status),
        Span::styled(right, theme.status),
    ]);
    frame.buffer_mut().set_style(area, theme.status);
    draw_lines(frame, area, &[line]);
}

pub fn too_small(ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let s = ctx.s();
    let detail = fill(
        s.too_small_detail,
        &[
            &MIN_WIDTH.to_string(),
            &MIN_HEIGHT.to_string(),
            &area.width.to_string(),
            &area.height.to_string(),
        ],
    );
    let lines = vec![
        Line::from(s.too_small),
        Line::from(detail),
        Line::from(format!(
            "q: {}",
            super::strings::action_label(ctx.lang, super::keymap::Action::Quit)
        )),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
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
