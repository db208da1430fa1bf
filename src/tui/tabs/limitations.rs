//! The Limitations tab: the district's limitations for the year (category, text, remedy, status), and
//! last year's beside them with their status, so the review can ask "was this addressed?". One key
//! carries last year's limitation over into this year.

use super::Outcome;
use crate::domain::{Limitation, LimitationStatus};
use crate::tui::context::Ctx;
use crate::tui::form::{Form, FormField, FormResult};
use crate::tui::keymap::{Action, Scope};
use crate::tui::strings::{fill, Strings};
use crate::tui::ui::{fit, pad, scroll_to};
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    ThisYear,
    LastYear,
}

pub struct LimitationsTab {
    this_year: Vec<Limitation>,
    last_year: Vec<Limitation>,
    pane: Pane,
    cursor: [usize; 2],
    scroll: [usize; 2],
    /// The form and the id of the limitation it edits (0 = new).
    form: Option<(Form, i64)>,
    /// Delete asked for this id; y confirms.
    confirm_delete: Option<i64>,
}

fn status_label(s: &Strings, status: LimitationStatus) -> &'static str {
    match status {
        LimitationStatus::Open => s.status_open,
        LimitationStatus::InProgress => s.status_in_progress,
        LimitationStatus::Resolved => s.status_resolved,
    }
}

/// Heights of the two lists and the detail lines at the bottom.
const DETAIL_HEIGHT: u16 = 5;

/// Rows of the form's text and remedy (the form fits the 21 rows of a tab at 80×24).
const TEXT_ROWS: u16 = 5;
const REMEDY_ROWS: u16 = 4;

/// A multi-line text on one line of a list: its first line, "…" when more follow.
fn first_line(text: &str) -> String {
    match text.split_once('\n') {
        Some((first, _)) => format!("{} …", first.trim_end()),
        None => text.to_string(),
    }
}

/// A multi-line text in the detail lines: its lines joined by "↵".
fn joined_lines(text: &str) -> String {
    text.split('\n').collect::<Vec<_>>().join(" ↵ ")
}

impl LimitationsTab {
    pub fn new(_ctx: &Ctx) -> LimitationsTab {
        LimitationsTab {
            this_year: Vec::new(),
            last_year: Vec::new(),
            pane: Pane::ThisYear,
            cursor: [0, 0],
            scroll: [0, 0],
            form: None,
            confirm_delete: None,
        }
    }

    pub fn scope(&self) -> (Scope, bool) {
        match &self.form {
            Some((form, _)) => (Scope::Form, form.text_input()),
            None => (Scope::Limitations, false),
        }
    }

    /// Quit asked to save the open form: true when it was saved (or there was none).
    pub fn save_for_exit(&mut self, ctx: &mut Ctx) -> bool {
        if self.form.is_some() {
            self.save_form(ctx);
        }
        self.form.is_none()
    }

    /// A multi-line field of the open form has the focus (a pasted line break stays one).
    pub fn multiline_focused(&self) -> bool {
        matches!(&self.form, Some((form, _)) if form.multiline_focused())
    }

    /// "Delete?" is asked: the next key answers it.
    pub fn confirming(&self) -> bool {
        self.confirm_delete.is_some()
    }

    /// A paste into the open form's focused field, in one edit: false without a form.
    pub fn paste(&mut self, text: &str) -> bool {
        self.form.as_mut().is_some_and(|(form, _)| form.paste(text))
    }

    pub fn has_form(&self) -> bool {
        self.form.is_some()
    }

    pub fn sync(&mut self, ctx: &Ctx) {
        let district = ctx.district.clone().unwrap_or_default();
        self.this_year = ctx
            .view
            .data()
            .limitations
            .iter()
            .filter(|l| l.locality_code == district)
            .cloned()
            .collect();
        self.last_year = ctx
            .view
            .history()
            .previous
            .as_ref()
            .map(|p| {
                p.limitations
                    .iter()
                    .filter(|l| l.locality_code == district)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        self.cursor[0] = self.cursor[0].min(self.this_year.len().saturating_sub(1));
        self.cursor[1] = self.cursor[1].min(self.last_year.len().saturating_sub(1));
    }

    fn pane_index(&self) -> usize {
        match self.pane {
            Pane::ThisYear => 0,
            Pane::LastYear => 1,
        }
    }

    fn list_len(&self) -> usize {
        match self.pane {
            Pane::ThisYear => self.this_year.len(),
            Pane::LastYear => self.last_year.len(),
        }
    }

    fn selected(&self) -> Option<&Limitation> {
        match self.pane {
            Pane::ThisYear => self.this_year.get(self.cursor[0]),
            Pane::LastYear => self.last_year.get(self.cursor[1]),
        }
    }

    fn list_rows(ctx: &Ctx) -> usize {
        // header, tab bar, status bar, the detail lines, and the two list titles
        let h = ctx.size.1.saturating_sub(3 + DETAIL_HEIGHT + 2);
        (h / 2).max(1) as usize
    }

    fn open_form(&mut self, ctx: &Ctx, l: Option<&Limitation>) {
        let s = ctx.s();
        let categories: Vec<(String, String)> = ctx
            .config
            .limitation_categories
            .iter()
            .map(|c| (c.code.clone(), c.label(ctx.lang).to_string()))
            .collect();
        let statuses: Vec<(String, String)> = LimitationStatus::ALL
            .iter()
            .map(|st| (st.code().to_string(), status_label(s, *st).to_string()))
            .collect();
        let (category, text, remedy, status, id) = match l {
            Some(l) => (
                l.category.as_str(),
                l.text.as_str(),
                l.remedy.as_str(),
                l.status.code(),
                l.id,
            ),
            None => ("", "", "", LimitationStatus::Open.code(), 0),
        };
        let form = Form::new(
            s.limitation_form_title,
            vec![
                FormField::pick(s.col_category, categories, category),
                FormField::multiline(s.col_text, text, TEXT_ROWS),
                FormField::multiline(s.col_remedy, remedy, REMEDY_ROWS),
                FormField::pick(s.col_status, statuses, status),
            ],
        );
        self.form = Some((form, id));
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Outcome {
        let s = ctx.s();
        let Some((form, id)) = &self.form else {
            return Outcome::None;
        };
        let Some(district) = ctx.district.clone() else {
            return Outcome::None;
        };
        if form.value(1).trim().is_empty() {
            ctx.error(s.text_required);
            return Outcome::None;
        }
        let limitation = Limitation {
            id: *id,
            year: ctx.year,
            locality_code: district,
            category: form.value(0),
            text: form.value(1),
            remedy: form.value(2),
            status: LimitationStatus::parse(&form.value(3)).unwrap_or(LimitationStatus::Open),
        };
        let result = crate::tui::commits::with_wait(
            &mut ctx.store,
            crate::tui::commits::COMMIT_WAIT,
            |store| crate::services::limitations::save(store, &limitation),
        );
        if result.is_ok() {
            self.form = None;
        }
        super::after_commit(ctx, result, None)
    }

    fn carry_over(&mut self, ctx: &mut Ctx) -> Outcome {
        let s = ctx.s();
        let Some(old) = self.last_year.get(self.cursor[1]).cloned() else {
            return Outcome::None;
        };
        let Some(district) = ctx.district.clone() else {
            return Outcome::None;
        };
        let already = self
            .this_year
            .iter()
            .any(|l| l.category == old.category && l.text == old.text);
        if already {
            ctx.error(s.already_carried);
            return Outcome::None;
        }
        let new = Limitation {
            id: 0,
            year: ctx.year,
            locality_code: district,
            status: LimitationStatus::Open,
            ..old
        };
        let result = crate::tui::commits::with_wait(
            &mut ctx.store,
            crate::tui::commits::COMMIT_WAIT,
            |store| crate::services::limitations::save(store, &new),
        );
        super::after_commit(ctx, result, Some(s.carried_over))
    }

    pub fn handle(&mut self, ctx: &mut Ctx, action: Option<Action>, key: &KeyEvent) -> Outcome {
        let s = ctx.s();
        if let Some(id) = self.confirm_delete.take() {
            if action == Some(Action::Yes) {
                if let Some(l) = self.this_year.iter().find(|l| l.id == id).cloned() {
                    let result = crate::tui::commits::with_wait(
                        &mut ctx.store,
                        crate::tui::commits::COMMIT_WAIT,
                        |store| crate::services::limitations::delete(store, &l),
                    );
                    return super::after_commit(ctx, result, Some(s.deleted));
                }
            }
            return Outcome::None;
        }
        if let Some((form, _)) = &mut self.form {
            return match form.handle(action, key) {
                FormResult::Save => self.save_form(ctx),
                FormResult::Cancel => {
                    self.form = None;
                    Outcome::None
                }
                FormResult::Open { .. } => Outcome::None,
            };
        }
        let p = self.pane_index();
        let last = self.list_len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.cursor[p] = self.cursor[p].saturating_sub(1),
            Some(Action::Down) => self.cursor[p] = (self.cursor[p] + 1).min(last),
            Some(Action::Home | Action::PageUp) => self.cursor[p] = 0,
            Some(Action::End | Action::PageDown) => self.cursor[p] = last,
            Some(Action::SwitchPane) => {
                self.pane = match self.pane {
                    Pane::ThisYear => Pane::LastYear,
                    Pane::LastYear => Pane::ThisYear,
                }
            }
            Some(Action::New) => {
                if let Some(why) = ctx.district.as_deref().and_then(|d| ctx.edit_refusal(d)) {
                    ctx.error(why);
                } else if ctx.district.is_some() {
                    self.open_form(ctx, None);
                }
            }
            Some(Action::Commit) => match self.pane {
                Pane::ThisYear => {
                    if let Some(why) = ctx.district.as_deref().and_then(|d| ctx.edit_refusal(d)) {
                        ctx.error(why);
                    } else if let Some(l) = self.selected().cloned() {
                        self.open_form(ctx, Some(&l));
                    }
                }
                Pane::LastYear => return self.carry_over(ctx),
            },
            Some(Action::CarryOver) => return self.carry_over(ctx),
            Some(Action::Delete) if self.pane == Pane::ThisYear => {
                if let Some(l) = self.selected() {
                    self.confirm_delete = Some(l.id);
                    ctx.info(format!("{} {}", s.confirm_delete, s.confirm_choices));
                }
            }
            _ => {}
        }
        let rows = Self::list_rows(ctx);
        self.scroll[p] = scroll_to(self.cursor[p], self.scroll[p], rows);
        Outcome::None
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let s = ctx.s();
        let theme = &ctx.theme;
        let district = ctx
            .district
            .as_deref()
            .and_then(|d| ctx.view.locality(d))
            .map(|d| d.name.as_str())
            .unwrap_or(s.no_district);
        let rows = ((area.height.saturating_sub(DETAIL_HEIGHT + 2)) / 2).max(1);
        let [t1, l1, t2, l2, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(rows),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(DETAIL_HEIGHT),
        ])
        .areas(area);
        let marker = |pane: Pane| if self.pane == pane { "▸ " } else { "  " };
        frame.render_widget(
            Paragraph::new(fit(
                &format!(
                    "{}{} — {district}",
                    marker(Pane::ThisYear),
                    fill(s.limitations_this_year, &[&ctx.year.to_string()])
                ),
                area.width as usize,
            ))
            .style(theme.column_head),
            t1,
        );
        self.render_list(ctx, frame, l1, &self.this_year, Pane::ThisYear);
        let last_title = fill(s.limitations_last_year, &[&(ctx.year - 1).to_string()]);
        frame.render_widget(
            Paragraph::new(fit(
                &format!("{}{last_title}", marker(Pane::LastYear)),
                area.width as usize,
            ))
            .style(theme.column_head),
            t2,
        );
        self.render_list(ctx, frame, l2, &self.last_year, Pane::LastYear);
        if let Some(l) = self.selected() {
            let text = vec![
                Line::styled("─".repeat(area.width as usize), theme.muted),
                Line::from(format!("{}: {}", s.col_text, joined_lines(&l.text))),
                Line::from(format!("{}: {}", s.col_remedy, joined_lines(&l.remedy))),
            ];
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail);
        }
        if let Some((form, _)) = &self.form {
            let hint = if form.multiline_focused() {
                // The keys from the live key map: Enter, Ctrl-S, Tab, Shift-Tab, Esc.
                let key = |a: Action| {
                    let keys = ctx.keymap.keys_for(Scope::Form, a);
                    keys.split(' ').next().unwrap_or("").to_string()
                };
                fill(
                    s.text_area_keys,
                    &[
                        &key(Action::NewLine),
                        &key(Action::Commit),
                        &key(Action::NextField),
                        &key(Action::PrevField),
                        &key(Action::Abandon),
                    ],
                )
            } else {
                s.form_keys.to_string()
            };
            let hint = (hint, theme.muted);
            form.render(theme, frame, area, &[hint]);
        }
    }

    fn render_list(
        &self,
        ctx: &Ctx,
        frame: &mut Frame,
        area: Rect,
        items: &[Limitation],
        pane: Pane,
    ) {
        let s = ctx.s();
        let theme = &ctx.theme;
        let width = area.width as usize;
        let i = if pane == Pane::ThisYear { 0 } else { 1 };
        let status_w = 17;
        let category_w = if width >= 110 { 34 } else { 16 };
        let text_w = width.saturating_sub(status_w + category_w + 4);
        let mut lines = Vec::new();
        if items.is_empty() {
            lines.push(Line::styled(format!("  {}", s.no_limitations), theme.muted));
        }
        for (n, l) in items
            .iter()
            .enumerate()
            .skip(self.scroll[i])
            .take(area.height as usize)
        {
            let focused = self.pane == pane && n == self.cursor[i];
            let category = ctx
                .config
                .limitation_category(&l.category)
                .map(|c| c.label(ctx.lang).to_string())
                .unwrap_or_else(|| l.category.clone());
            let status = match l.status {
                LimitationStatus::Resolved => format!("✓ {}", status_label(s, l.status)),
                other => format!("• {}", status_label(s, other)),
            };
            let line = format!(
                "{}{} {} {}",
                if focused { "›" } else { " " },
                pad(&status, status_w),
                pad(&category, category_w),
                fit(&first_line(&l.text), text_w)
            );
            lines.push(Line::styled(
                line,
                if focused {
                    theme.focus
                } else {
                    Style::default()
                },
            ));
        }
        crate::tui::ui::draw_lines(frame, area, &lines);
        if self.pane == pane && self.form.is_none() && !items.is_empty() {
            let y = area.y + self.cursor[i].saturating_sub(self.scroll[i]) as u16;
            frame.set_cursor_position(Position::new(
                area.x,
                y.min(area.bottom().saturating_sub(1)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_show_the_first_line_and_details_all() {
        assert_eq!(first_line("một\nhai"), "một …");
        assert_eq!(first_line("một"), "một");
        assert_eq!(joined_lines("một\nhai"), "một ↵ hai");
    }
}
