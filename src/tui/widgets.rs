//! The frame around every tab: header, tab bar, status bar, and the "terminal too small" notice.

use super::context::{Ctx, MessageKind};
use super::strings::fill;
use super::tabs::TabId;
use super::ui::{draw_lines, fit, pad, wrap};
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
    let room = width.saturating_sub(fixed);
    // With the province itself in scope there is no district to name.
    let place = if ctx.province_scope() {
        fit(&province, room)
    } else {
        scope_place(&province, &district, room)
    };
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

/// The status bar's message and its style: the last message (errors start with ✗), "waiting to
/// save", or "đã lưu HH:MM:SS".
fn status_message(ctx: &Ctx) -> (String, Style) {
    let s = ctx.s();
    let theme = &ctx.theme;
    let waiting = (!ctx.queue.is_empty()).then(|| {
        if ctx.quit_after_writes {
            fill(s.write_waiting_quit, &[&ctx.queue.len().to_string()])
        } else {
            s.write_waiting.to_string()
        }
    });
    match (&ctx.status.message, waiting) {
        (Some((MessageKind::Error, m)), _) => (format!("✗ {m}"), theme.error.patch(theme.status)),
        (_, Some(waiting)) => (waiting, theme.status),
        (Some((MessageKind::Info, m)), None) => (m.clone(), theme.status),
        (None, None) => match &ctx.status.saved_at {
            Some(t) => (fill(s.saved_at, &[t]), theme.status),
            None => (String::new(), theme.status),
        },
    }
}

/// The message as the status bar shows it at `width`: one line, or two wrapped at words when it
/// does not fit one (the second then ends with "…" if even two are not enough: see
/// [`status_overflows`]).
fn message_lines(message: &str, width: usize) -> Vec<String> {
    let room = width.saturating_sub(2);
    if message.width() <= room {
        return vec![message.to_string()];
    }
    wrap(message, room, 2)
}

/// Lines the status bar takes at `width`: two while its message needs them (drawn over the last
/// line of the tab until the next key), else one.
pub fn status_height(ctx: &Ctx, width: u16) -> u16 {
    let (message, _) = status_message(ctx);
    message_lines(&message, width as usize).len().max(1) as u16
}

/// A message the status bar cannot show whole in its two lines at `width`.
pub fn message_overflows(message: &str, width: u16) -> bool {
    let room = (width as usize).saturating_sub(2);
    message.width() > room && wrap(message, room, usize::MAX).len() > 2
}

/// Left: the message (see [`status_message`]), on two lines when it needs them; right: the scope's
/// errors and warnings, and the keys.
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
    let (message, left_style) = status_message(ctx);
    let width = area.width as usize;
    let mut lines = message_lines(&message, width);
    let left = lines.pop().unwrap_or_default();
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
    let mut drawn: Vec<Line> = lines
        .iter()
        .map(|l| {
            Line::from(vec![Span::styled(
                format!(" {}", pad(l, width.saturating_sub(1))),
                left_style,
            )])
        })
        .collect();
    drawn.push(Line::from(vec![
        Span::styled(format!(" {left}"), left_style),
        Span::styled(" ".repeat(gap), theme.status),
        Span::styled(right, theme.status),
    ]));
    frame.buffer_mut().set_style(area, theme.status);
    draw_lines(frame, area, &drawn);
}

/// Below this the screen shows a notice instead of a cut-down form whose meaning would be lost.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 20;

/// Whether the screen is large enough for the tabs; otherwise [`too_small`] is drawn instead.
pub fn big_enough(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
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

/// "Tỉnh … › Huyện …" in `room` columns, keeping the district's name whole as long as it can: first the
/// kind of district is abbreviated as clerks write it (H., TP., TX.), then the province's name is cut,
/// and only then the district's.
fn scope_place(province: &str, district: &str, room: usize) -> String {
    let full = format!("{province} › {district}");
    if full.width() <= room {
        return full;
    }
    let short = abbreviate_kind(district);
    let with_short = format!("{province} › {short}");
    if with_short.width() <= room {
        return with_short;
    }
    let left = room.saturating_sub(short.width() + " › ".width());
    if left >= 4 {
        format!("{} › {short}", fit(province, left))
    } else {
        fit(&short, room)
    }
}

/// "Huyện Quảng Ninh" → "H. Quảng Ninh", "Thành phố Đồng Hới" → "TP. Đồng Hới", "Thị xã Ba Đồn" →
/// "TX. Ba Đồn"; other names as they are.
fn abbreviate_kind(name: &str) -> String {
    for (kind, short) in [
        ("Huyện ", "H. "),
        ("Thành phố ", "TP. "),
        ("Thị xã ", "TX. "),
    ] {
        if let Some(rest) = name.strip_prefix(kind) {
            return format!("{short}{rest}");
        }
    }
    name.to_string()
}

#[cfg(test)]
mod scope_place_tests {
    use super::*;

    #[test]
    fn a_long_message_takes_two_lines_and_a_longer_one_overflows() {
        let short = "✗ đã lưu 14:02:31";
        assert_eq!(message_lines(short, 80), [short]);
        assert!(!message_overflows(short, 80));
        let two = "✗ không dán được: bảng chỉ nhận số, Tab và xuống dòng; danh sách không nhận dán";
        let lines = message_lines(two, 80);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 78 && !l.ends_with('…')));
        assert!(!message_overflows(two, 80));
        let units: Vec<String> = (1..=12)
            .map(|i| format!("Xã Quảng Phú {i} (1880{i})"))
            .collect();
        let long = format!("✗ không nộp được: chưa nhập đủ {}", units.join(", "));
        assert!(message_overflows(&long, 80));
        let lines = message_lines(&long, 80);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        // Cut after a whole word: what precedes "…" is the end of a word of the message.
        let kept = lines[1].trim_end_matches('…');
        let last_word = kept.split_whitespace().last().unwrap_or_default();
        assert!(long.split_whitespace().any(|w| w == last_word), "{kept}");
    }

    #[test]
    fn the_district_keeps_its_name_before_the_province_is_cut() {
        let (p, d) = ("Tỉnh Quảng Bình", "Huyện Quảng Ninh");
        assert_eq!(scope_place(p, d, 40), "Tỉnh Quảng Bình › Huyện Quảng Ninh");
        assert_eq!(scope_place(p, d, 31), "Tỉnh Quảng Bình › H. Quảng Ninh");
        let cut = scope_place(p, d, 26);
        assert!(cut.ends_with(" › H. Quảng Ninh"), "{cut}");
        assert!(cut.width() <= 26, "{cut}");
        assert_eq!(abbreviate_kind("Thành phố Đồng Hới"), "TP. Đồng Hới");
        assert_eq!(abbreviate_kind("Thị xã Ba Đồn"), "TX. Ba Đồn");
        assert_eq!(abbreviate_kind("Xã Quảng Phú"), "Xã Quảng Phú");
    }
}
