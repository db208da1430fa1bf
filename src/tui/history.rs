//! `h` on a cell of the Assessments grid: every recorded change of that cell — its value, its note
//! and its follow-up flag: when, who, old → new, and where it came from (typed, import, undo) —
//! read from the audit log, newest first.

use super::context::Ctx;
use super::strings::fill;
use super::ui::{fit, pad};
use crate::domain::Field;
use crate::error::Result;
use crate::store::audit::AuditRow;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// One change as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub when: String,
    pub user: String,
    pub old: String,
    pub new: String,
    /// The audit source code (tui, import, undo, …).
    pub source: String,
    /// What changed when it is not the value: the note's or the flag's name.
    pub what: Option<&'static str>,
}

pub struct CellHistory {
    pub title: String,
    /// Newest first.
    pub lines: Vec<HistoryLine>,
    pub scroll: usize,
}

/// "2026-11-28T11:26:29.123Z" (UTC, as stored) → "28/11/2026 18:26:29" in the local time zone; an
/// unreadable stamp is shown as stored rather than hidden.
pub(crate) fn local_time(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%d/%m/%Y %H:%M:%S")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// A stored value as the grid writes it: counts with the thousands mark, "·" for not reported.
fn value_text(ctx: &Ctx, value: Option<&str>) -> String {
    let s = ctx.s();
    match value {
        None | Some("") => "·".to_string(),
        Some(v) => match v.parse::<u64>() {
            Ok(n) => crate::text::format_count(n, ctx.lang),
            Err(_) => match v {
                "yes" | "true" => s.yes.to_string(),
                "no" | "false" => s.no.to_string(),
                other => other.to_string(),
            },
        },
    }
}

pub fn source_label(ctx: &Ctx, source: &str) -> String {
    let r = ctx.s().review;
    match source {
        "tui" => r.source_tui,
        "import" => r.source_import,
        "undo" => r.source_undo,
        "cli" => r.source_cli,
        "demo" => r.source_demo,
        "synthetic" => r.source_synthetic,
        "package" => r.source_package,
        other => return other.to_string(),
    }
    .to_string()
}

impl CellHistory {
    /// Reads the cell's trail (one indexed query on year, locality and field).
    pub fn load(ctx: &Ctx, code: &str, field: Field) -> Result<CellHistory> {
        let rows: Vec<AuditRow> = ctx.store.cell_history(ctx.year, code, field)?;
        let unit = ctx
            .view
            .locality(code)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string());
        let title = fill(
            ctx.s().review.history_title,
            &[&unit, ctx.field_label(field), &ctx.year.to_string()],
        );
        let lines = rows
            .iter()
            .rev()
            .map(|r| {
                let n = ctx.s().notes;
                let what = if r.field.starts_with("note.") {
                    Some(n.note)
                } else if r.field.starts_with("follow_up.") {
                    Some(n.follow_up)
                } else {
                    None
                };
                let text = |v: Option<&str>| match (what, v) {
                    // A note's text as written (a number in it is not a figure).
                    (Some(w), Some(v)) if w == n.note && !v.is_empty() => format!("«{v}»"),
                    _ => value_text(ctx, v),
                };
                HistoryLine {
                    when: local_time(&r.at),
                    user: r.os_user.clone(),
                    old: text(r.old_value.as_deref()),
                    new: text(r.new_value.as_deref()),
                    source: r.source.clone(),
                    what,
                }
            })
            .collect();
        Ok(CellHistory {
            title,
            lines,
            scroll: 0,
        })
    }

    /// Rows of changes the popup shows at once for a screen of `height` rows.
    pub fn page(height: u16) -> usize {
        height.saturating_sub(8).max(1) as usize
    }

    pub fn scroll_by(&mut self, delta: isize, height: u16) {
        let max = self.lines.len().saturating_sub(Self::page(height));
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let r = ctx.s().review;
        let width = area.width.saturating_sub(4).min(96);
        // As tall as the changes need (header, rows, footer, borders), at most the screen.
        let rows = self.lines.len().clamp(1, Self::page(area.height)) as u16;
        let height = (rows + 5).min(area.height.saturating_sub(2));
        let rect = Rect {
            y: area.y + 1,
            height,
            ..area.centered_horizontally(ratatui::layout::Constraint::Length(width))
        };
        let inner = rect.width.saturating_sub(2) as usize;
        let mut text = vec![Line::from(fit(r.history_columns, inner))];
        if self.lines.is_empty() {
            text.push(Line::from(r.history_empty));
        }
        for l in self
            .lines
            .iter()
            .skip(self.scroll)
            .take(Self::page(area.height))
        {
            let change = format!("{} → {}", l.old, l.new);
            // A note's new text is what the line has room for; its old one is the line below.
            let note_change = if l.new.starts_with('«') {
                l.new.clone()
            } else {
                change.clone()
            };
            let line = match l.what {
                // A note's text does not fit the value's column: the source comes first.
                Some(what) => format!(
                    "{} {} {} · {what}: {note_change}",
                    pad(&l.when, 19),
                    pad(&l.user, 11),
                    source_label(ctx, &l.source)
                ),
                None => format!(
                    "{} {} {} {}",
                    pad(&l.when, 19),
                    pad(&l.user, 11),
                    pad(&change, 17),
                    source_label(ctx, &l.source)
                ),
            };
            text.push(Line::from(fit(&line, inner)));
        }
        let shown = self.lines.len().min(self.scroll + Self::page(area.height));
        text.push(Line::default());
        text.push(Line::from(fit(
            &format!(
                "{} ({}–{}/{})",
                r.history_footer,
                (self.scroll + 1).min(self.lines.len()),
                shown,
                self.lines.len()
            ),
            inner,
        )));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", fit(&self.title, inner.saturating_sub(2))))
            .style(ctx.theme.popup);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(text).block(block), rect);
    }
}
