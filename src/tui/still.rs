//! `m` on the Assessments grid: "Còn phải nhập" (en "Still to enter") — the errors the rules find in
//! the scope, then its units not entered (each with the fields it does not report), each opening its
//! cell; and what `j` jumps to: the next cell not entered or judged an error.
//!
//! Built from what the TUI holds for the scope (the year in view and `Ctx::live`, the judgement the
//! panel shows), so it agrees with the gauges' "x/y đơn vị đã nhập" and with `check`, and costs no
//! query. The list is built when it opens: a popup takes every key, so nothing changes under it.

use super::context::Ctx;
use super::keymap::Action;
use super::strings::fill;
use super::ui::{centered, fit};
use crate::domain::completeness::missing_fields;
use crate::domain::rules::Severity;
use crate::domain::{Field, Level, Locality};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::HashMap;

/// What an item of the list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StillKind {
    /// A finding of the rules engine that blocks a submission.
    Error,
    /// A unit with required fields not reported.
    Missing,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct StillItem {
    pub kind: StillKind,
    pub code: String,
    /// The unit's name (the grid's words for the scope's own units).
    pub name: String,
    /// The cell the item opens: the finding's field, or the unit's first missing field; None when the
    /// finding is about no figure (an award): then the unit's row.
    pub field: Option<Field>,
    /// The finding's sentence, or the missing fields in the language's words.
    pub text: String,
}

impl StillItem {
    /// The item as one line of text (the list cuts it, the detail under the list wraps it).
    pub fn line(&self) -> String {
        let mark = match self.kind {
            StillKind::Error => "✗",
            StillKind::Missing => "·",
        };
        let who: Vec<&str> = [self.code.as_str(), self.name.as_str()]
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect();
        format!("{mark} {} · {}", who.join(" "), self.text)
    }
}

pub struct StillList {
    pub year: i32,
    /// The scope's name, for the title.
    pub scope: String,
    /// The errors first, then the units not entered, each in the grid's order.
    pub items: Vec<StillItem>,
    pub selected: usize,
    /// The first line of the list shown.
    pub scroll: usize,
}

/// What a key did to the list.
#[derive(Debug, Clone, PartialEq)]
pub enum StillOutcome {
    Open,
    Close,
    /// Enter: put the grid's focus on this item's cell.
    Go(StillItem),
}

/// A line of the list: a group's heading, an item, or the blank between the groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Heading(StillKind),
    Item(usize),
    Blank,
}

/// The lines a box keeps for what is not the list: a rule, the selected item in full (two lines)
/// and the keys.
const BELOW_LIST: u16 = 4;

/// How many lines of the list the box shows in a terminal `height` rows high.
fn list_rows(height: u16) -> usize {
    // The box leaves a line above and below it, and has a border.
    height.saturating_sub(2 + 2 + BELOW_LIST).max(1) as usize
}

/// The units the gauges' "x/y đơn vị đã nhập" counts for the scope (`Ctx::units_entered`), in the
/// grid's order: the rows of the grid, a district's communes after it (on the province's grid of a
/// year with districts), then the scope's own row.
pub fn scope_units(ctx: &Ctx) -> Vec<&Locality> {
    let Some(scope) = ctx.district.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for unit in ctx.view.communes_of(scope) {
        out.push(unit);
        if ctx.province_scope() && unit.level != Level::Commune {
            out.extend(ctx.view.communes_of(&unit.code));
        }
    }
    out.extend(ctx.view.locality(scope));
    out
}

/// The fields of a unit's row that still want the clerk, in the grid's order: those not reported
/// that the year's rule set asks of it, and those judged an error.
pub fn cells_to_visit(ctx: &Ctx, code: &str, level: Level) -> Vec<Field> {
    let mut wanted = missing_fields(level, ctx.view.row(code), ctx.config.rule_set(ctx.year));
    let errors = ctx
        .live
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.locality_code == code)
        .filter_map(|f| f.field.as_deref().and_then(Field::parse));
    wanted.extend(errors);
    Field::ALL
        .into_iter()
        .filter(|f| wanted.contains(f))
        .collect()
}

/// What the status bar says on arriving at a cell by `j`: the error judged there, else that it is
/// not entered.
pub fn cell_note(ctx: &Ctx, code: &str, name: &str, field: Field) -> String {
    let error = ctx.live.findings.iter().find(|f| {
        f.severity == Severity::Error
            && f.locality_code == code
            && f.field.as_deref() == Some(field.code())
    });
    match error {
        Some(f) => format!("✗ {name} · {}", f.message(ctx.lang)),
        None => fill(ctx.s().still.cell_missing, &[name, ctx.field_label(field)]),
    }
}

/// The name the list gives a unit: the grid's words for the scope's own units.
fn unit_name(ctx: &Ctx, l: &Locality) -> String {
    let s = ctx.s();
    if ctx.district.as_deref() == Some(l.code.as_str()) && l.level != Level::Commune {
        return if ctx.province_scope() {
            s.province_own_row
        } else {
            s.district_own_row
        }
        .to_string();
    }
    l.name.clone()
}

impl StillList {
    /// The scope's errors and its units not entered, as the year in view holds them now.
    pub fn open(ctx: &Ctx) -> StillList {
        let units = scope_units(ctx);
        let order: HashMap<&str, usize> = units
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.as_str(), i))
            .collect();
        let position = |code: &str| order.get(code).copied().unwrap_or(usize::MAX);
        let mut errors: Vec<StillItem> = ctx
            .live
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| StillItem {
                kind: StillKind::Error,
                code: f.locality_code.clone(),
                name: ctx
                    .view
                    .locality(&f.locality_code)
                    .map(|l| unit_name(ctx, l))
                    .unwrap_or_default(),
                field: f.field.as_deref().and_then(Field::parse),
                text: f.message(ctx.lang).to_string(),
            })
            .collect();
        // Stable: a unit's findings keep the engine's order.
        errors.sort_by_key(|item| position(&item.code));
        let rule_set = ctx.config.rule_set(ctx.year);
        let missing = units.iter().filter_map(|l| {
            let fields = missing_fields(l.level, ctx.view.row(&l.code), rule_set);
            let first = *fields.first()?;
            let labels: Vec<&str> = fields.iter().map(|f| ctx.field_label(*f)).collect();
            Some(StillItem {
                kind: StillKind::Missing,
                code: l.code.clone(),
                name: unit_name(ctx, l),
                field: Some(first),
                text: fill(
                    ctx.s().still.missing_fields,
                    &[&fields.len().to_string(), &labels.join(", ")],
                ),
            })
        });
        errors.extend(missing);
        let scope = ctx
            .district
            .as_deref()
            .and_then(|d| ctx.view.locality(d))
            .map(|l| l.name.clone())
            .unwrap_or_default();
        StillList {
            year: ctx.year,
            scope,
            items: errors,
            selected: 0,
            scroll: 0,
        }
    }

    fn count(&self, kind: StillKind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }

    /// The lines of the list: each group under its heading, a blank line between the groups.
    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.items.len() + 3);
        for kind in [StillKind::Error, StillKind::Missing] {
            let mut group = self
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind == kind)
                .map(|(i, _)| Entry::Item(i))
                .peekable();
            if group.peek().is_none() {
                continue;
            }
            if !out.is_empty() {
                out.push(Entry::Blank);
            }
            out.push(Entry::Heading(kind));
            out.extend(group);
        }
        out
    }

    pub fn handle(&mut self, ctx: &Ctx, action: Option<Action>) -> StillOutcome {
        let rows = list_rows(ctx.size.1);
        let last = self.items.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::PageUp) => self.selected = self.selected.saturating_sub(rows),
            Some(Action::PageDown) => self.selected = (self.selected + rows).min(last),
            Some(Action::Home) => self.selected = 0,
            Some(Action::End) => self.selected = last,
            Some(Action::Commit) => {
                return match self.items.get(self.selected) {
                    Some(item) => StillOutcome::Go(item.clone()),
                    None => StillOutcome::Close,
                }
            }
            Some(Action::Dismiss) => return StillOutcome::Close,
            _ => {}
        }
        self.follow(rows);
        StillOutcome::Open
    }

    /// Scrolls so that the selected item is shown (with its heading, when it is its group's first).
    fn follow(&mut self, rows: usize) {
        let entries = self.entries();
        let Some(at) = entries
            .iter()
            .position(|e| *e == Entry::Item(self.selected))
        else {
            return;
        };
        let top = match at.checked_sub(1).map(|i| entries[i]) {
            Some(Entry::Heading(_)) => at - 1,
            _ => at,
        };
        if top < self.scroll {
            self.scroll = top;
        } else if at >= self.scroll + rows {
            self.scroll = at + 1 - rows;
        }
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let s = ctx.s();
        let st = s.still;
        let theme = &ctx.theme;
        let entries = self.entries();
        let width = area.width.saturating_sub(4).min(100);
        let inner = width.saturating_sub(2) as usize;
        let rows = list_rows(area.height).min(entries.len().max(1));
        let height = rows as u16 + BELOW_LIST + 2;
        let rect = centered(area, width, height);
        let title = fill(st.title, &[&self.scope, &self.year.to_string()]);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", fit(&title, inner.saturating_sub(2))))
            .style(theme.popup);
        frame.render_widget(Clear, rect);
        let body = block.inner(rect);
        frame.render_widget(block, rect);

        let mut lines: Vec<Line> = Vec::with_capacity(rows);
        if entries.is_empty() {
            lines.push(Line::styled(fit(st.none, inner), theme.ok));
        }
        // The scroll kept by the keys, held within the list should the terminal have grown since.
        let scroll = self.scroll.min(entries.len().saturating_sub(rows));
        for entry in entries.iter().skip(scroll).take(rows) {
            lines.push(match *entry {
                Entry::Blank => Line::default(),
                Entry::Heading(kind) => {
                    let (template, n) = match kind {
                        StillKind::Error => (st.errors_heading, self.count(kind)),
                        StillKind::Missing => (st.missing_heading, self.count(kind)),
                    };
                    Line::styled(
                        fit(&fill(template, &[&n.to_string()]), inner),
                        theme.column_head,
                    )
                }
                Entry::Item(i) => {
                    let item = &self.items[i];
                    let selected = i == self.selected;
                    let mark = if selected { "›" } else { " " };
                    let style = match (selected, item.kind) {
                        (true, _) => theme.focus,
                        (false, StillKind::Error) => theme.error,
                        (false, StillKind::Missing) => theme.popup,
                    };
                    Line::styled(fit(&format!("{mark}{}", item.line()), inner), style)
                }
            });
        }
        let list_area = Rect {
            height: rows as u16,
            ..body
        };
        frame.render_widget(Paragraph::new(lines), list_area);

        // Under the list: the selected item in full (a finding is never cut mid-word), then the keys.
        let below = Rect {
            y: body.y + rows as u16,
            height: body.height.saturating_sub(rows as u16),
            ..body
        };
        let detail = self
            .items
            .get(self.selected)
            .map(StillItem::line)
            .unwrap_or_default();
        let text = vec![
            Line::styled("─".repeat(inner), theme.muted),
            Line::from(detail),
        ];
        let detail_area = Rect {
            height: below.height.saturating_sub(1),
            ..below
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail_area);
        let footer_area = Rect {
            y: below.y + below.height.saturating_sub(1),
            height: 1.min(below.height),
            ..below
        };
        frame.render_widget(Paragraph::new(fit(st.footer, inner)), footer_area);
    }
}
