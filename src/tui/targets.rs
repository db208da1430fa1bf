//! `t` on the Assessments grid: the province's targets of the year in view — the four province-wide
//! ones, then those set for one unit. A province user changes a share there (Enter, type the
//! percentage, Enter: `services::targets::set`, audited); anyone else reads them, told in one
//! sentence why they cannot change them.

use super::context::Ctx;
use super::strings::fill;
use super::tabs::assessments::target_text;
use super::ui::{fit, pad};
use crate::domain::{Category, Target};
use crate::store::Source;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// One target as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub category: Category,
    /// None for the province-wide target.
    pub locality: Option<String>,
    /// "toàn tỉnh", or the unit's code and name.
    pub scope: String,
    pub share: Option<f64>,
}

pub struct TargetsView {
    pub year: i32,
    pub rows: Vec<TargetRow>,
    pub selected: usize,
    /// The percentage being typed (a province user's edit).
    pub editing: Option<Input>,
    /// Whether this login may change the targets (a province user, or anyone before the first
    /// user is registered).
    pub may_edit: bool,
}

/// What a key did to the view.
pub enum TargetsOutcome {
    Open,
    Close,
    /// A target was saved: the year's judgement must be read again.
    Saved,
}

fn category_of(index: usize) -> Category {
    Category::ALL[index % Category::ALL.len()]
}

impl TargetsView {
    /// The targets in force for the year in view (read once, when the view opens or after a save).
    pub fn open(ctx: &Ctx) -> TargetsView {
        let mut view = TargetsView {
            year: ctx.year,
            rows: Vec::new(),
            selected: 0,
            editing: None,
            may_edit: ctx.rights.is_province(),
        };
        view.rows = rows(ctx, &ctx.config.target);
        view
    }

    /// Whether printable keys are the percentage being typed.
    pub fn typing(&self) -> bool {
        self.editing.is_some()
    }

    pub fn handle(
        &mut self,
        ctx: &mut Ctx,
        action: Option<super::keymap::Action>,
        key: &KeyEvent,
    ) -> TargetsOutcome {
        use super::keymap::Action;
        let t = ctx.s().targets;
        if let Some(input) = &mut self.editing {
            match action {
                Some(Action::Abandon) => self.editing = None,
                Some(Action::Commit) => return self.save(ctx),
                _ => {
                    input.handle_event(&crossterm::event::Event::Key(*key));
                }
            }
            return TargetsOutcome::Open;
        }
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) if self.selected + 1 < self.rows.len() => self.selected += 1,
            Some(Action::Home) => self.selected = 0,
            Some(Action::End) => self.selected = self.rows.len().saturating_sub(1),
            Some(Action::Commit) if self.may_edit => {
                let start = self
                    .rows
                    .get(self.selected)
                    .and_then(|r| r.share)
                    .map(|s| target_text(s, ctx.lang).trim_end_matches('%').to_string())
                    .unwrap_or_default();
                self.editing = Some(Input::new(start));
            }
            Some(Action::Commit) => ctx.error(t.read_only),
            Some(Action::Abandon | Action::Dismiss) => return TargetsOutcome::Close,
            _ => {}
        }
        TargetsOutcome::Open
    }

    fn save(&mut self, ctx: &mut Ctx) -> TargetsOutcome {
        let t = ctx.s().targets;
        let Some(row) = self.rows.get(self.selected).cloned() else {
            self.editing = None;
            return TargetsOutcome::Open;
        };
        let typed = self
            .editing
            .as_ref()
            .map(|i| i.value().trim().trim_end_matches('%').replace(',', "."))
            .unwrap_or_default();
        let percent = match typed.parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => p,
            _ => {
                ctx.error(t.bad_share);
                return TargetsOutcome::Open;
            }
        };
        // Whole tenths of a percent: what the panel shows is what is stored.
        let share = (percent * 10.0).round() / 1000.0;
        let target = Target {
            year: self.year,
            category: row.category,
            min_share: share,
            locality: row.locality.clone(),
        };
        let config = ctx.config.clone();
        match crate::services::targets::set(&mut ctx.store, &config, &target, Source::Tui) {
            Ok(_) => {
                self.editing = None;
                if let Err(e) = ctx.load_year(ctx.year) {
                    ctx.error(e.render(ctx.lang));
                    return TargetsOutcome::Open;
                }
                self.rows = rows(ctx, &ctx.config.target);
                ctx.info(fill(
                    t.saved,
                    &[
                        &row.scope,
                        &category_label(ctx, row.category),
                        &target_text(share, ctx.lang),
                    ],
                ));
                TargetsOutcome::Saved
            }
            Err(e) => {
                ctx.error(e.render(ctx.lang));
                TargetsOutcome::Open
            }
        }
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let t = ctx.s().targets;
        let width = area.width.saturating_sub(4).min(72);
        let rows = self.rows.len().max(1) as u16;
        // The column heads, the rows, a blank line and the footer, in a border.
        let height = (rows + 5).min(area.height.saturating_sub(2));
        let rect = Rect {
            y: area.y + 1,
            height,
            ..area.centered_horizontally(ratatui::layout::Constraint::Length(width))
        };
        let inner = rect.width.saturating_sub(2) as usize;
        let mut text = vec![Line::from(fit(t.columns, inner))];
        for (i, row) in self.rows.iter().enumerate() {
            let share = match (&self.editing, i == self.selected) {
                (Some(input), true) => format!("{}▏%", input.value()),
                _ => row
                    .share
                    .map(|s| target_text(s, ctx.lang))
                    .unwrap_or_else(|| "—".to_string()),
            };
            let marker = if i == self.selected { "›" } else { " " };
            let line = format!(
                "{marker}{} {} {}",
                pad(&category_label(ctx, row.category), 22),
                pad(&row.scope, 30),
                share
            );
            let style = match (&self.editing, i == self.selected) {
                (Some(_), true) => ctx.theme.editing,
                (None, true) => ctx.theme.focus,
                _ => ctx.theme.popup,
            };
            text.push(Line::styled(fit(&line, inner), style));
        }
        text.push(Line::default());
        let footer = if self.may_edit {
            t.footer_edit
        } else {
            t.read_only
        };
        text.push(Line::from(fit(footer, inner)));
        let title = fill(t.title, &[&self.year.to_string()]);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", fit(&title, inner.saturating_sub(2))))
            .style(ctx.theme.popup);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(text).block(block), rect);
    }
}

fn category_label(ctx: &Ctx, category: Category) -> String {
    ctx.config.category_label(category.code(), ctx.lang)
}

/// The four province-wide targets (a category without one shows "—", and a province user may set
/// it), then the targets set for one unit, by code.
fn rows(ctx: &Ctx, targets: &[Target]) -> Vec<TargetRow> {
    let t = ctx.s().targets;
    let year = ctx.year;
    let mut rows: Vec<TargetRow> = (0..Category::ALL.len())
        .map(category_of)
        .map(|category| TargetRow {
            category,
            locality: None,
            scope: t.province_wide.to_string(),
            share: targets
                .iter()
                .find(|x| x.year == year && x.category == category && x.locality.is_none())
                .map(|x| x.min_share),
        })
        .collect();
    let mut own: Vec<&Target> = targets
        .iter()
        .filter(|x| x.year == year && x.locality.is_some())
        .collect();
    own.sort_by(|a, b| (&a.locality, a.category).cmp(&(&b.locality, b.category)));
    for x in own {
        let code = x.locality.clone().unwrap_or_default();
        let name = ctx
            .view
            .locality(&code)
            .map(|l| l.name.clone())
            .or_else(|| {
                ctx.districts
                    .iter()
                    .find(|d| d.code == code)
                    .map(|d| d.name.clone())
            })
            .unwrap_or_default();
        rows.push(TargetRow {
            category: x.category,
            locality: x.locality.clone(),
            scope: format!("{code} {name}").trim().to_string(),
            share: Some(x.min_share),
        });
    }
    rows
}
