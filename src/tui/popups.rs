//! Popups over the tabs: help (from the live key map), go-to, the quit question, the first run.

use super::context::Ctx;
use super::keymap::Scope;
use super::strings::action_label;
use super::tabs::{fit, pad};
use crate::domain::Level;
use crate::text::fold;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

pub enum Popup {
    Help { scroll: u16 },
    GoTo(GoTo),
    ConfirmQuit,
    FirstRun,
}

/// `g`: a district or commune of the year by name or code, diacritic-insensitive.
pub struct GoTo {
    input: Input,
    /// (code, folded "name code", shown label), built once when the popup opens.
    candidates: Vec<(String, String, String)>,
    matches: Vec<usize>,
    selected: usize,
}

pub enum GoToResult {
    Open,
    Cancel,
    Pick(String),
}

/// At most this many matches are listed.
const GOTO_LIST: usize = 12;

impl GoTo {
    /// Every province, district and commune of the year in the database (read when the popup
    /// opens; the year in view holds one province only). A province opens its own grid.
    pub fn new(ctx: &Ctx) -> GoTo {
        let all = ctx
            .store
            .localities_in_year(ctx.year)
            .unwrap_or_else(|_| ctx.view.data().localities.clone());
        let names: std::collections::HashMap<&str, &str> = all
            .iter()
            .map(|l| (l.code.as_str(), l.name.as_str()))
            .collect();
        let candidates: Vec<(String, String, String)> = all
            .iter()
            .map(|l| {
                let parent = l
                    .parent_code
                    .as_deref()
                    .filter(|_| l.level == Level::Commune)
                    .and_then(|p| names.get(p))
                    .map(|p| format!(" — {p}"))
                    .unwrap_or_default();
                (
                    l.code.clone(),
                    fold(&format!("{} {}", l.name, l.code)),
                    format!("{} {}{parent}", l.code, l.name),
                )
            })
            .collect();
        let mut goto = GoTo {
            input: Input::default(),
            candidates,
            matches: Vec::new(),
            selected: 0,
        };
        goto.refilter();
        goto
    }

    fn refilter(&mut self) {
        let query = fold(self.input.value().trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        self.matches = self
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, (code, key, _))| {
                words.is_empty()
                    || code.starts_with(&query)
                    || words.iter().all(|w| key.contains(w))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = 0;
    }

    pub fn handle(&mut self, _ctx: &Ctx, key: &KeyEvent) -> GoToResult {
        match key.code {
            KeyCode::Esc => return GoToResult::Cancel,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return GoToResult::Cancel
            }
            KeyCode::Enter => {
                return match self.matches.get(self.selected) {
                    Some(&i) => GoToResult::Pick(self.candidates[i].0.clone()),
                    None => GoToResult::Open,
                }
            }
            KeyCode::Down => {
                if self.selected + 1 < self.matches.len() {
                    self.selected += 1;
                }
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            _ => {
                let before = self.input.value().to_string();
                self.input.handle_event(&crossterm::event::Event::Key(*key));
                if self.input.value() != before {
                    self.refilter();
                }
            }
        }
        GoToResult::Open
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

impl Popup {
    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect, scope: Scope) {
        let s = ctx.s();
        let theme = &ctx.theme;
        match self {
            Popup::Help { scroll } => {
                let rect = centered(area, 70, area.height.saturating_sub(2));
                let inner_w = rect.width.saturating_sub(4) as usize;
                let help = ctx.keymap.help(scope);
                let key_w = help
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(8)
                    .min(24);
                let mut lines: Vec<Line> = help
                    .iter()
                    .map(|(keys, action)| {
                        Line::from(fit(
                            &format!("{}  {}", pad(keys, key_w), action_label(ctx.lang, *action)),
                            inner_w,
                        ))
                    })
                    .collect();
                lines.push(Line::default());
                lines.push(Line::from(fit(s.help_footer, inner_w)));
                let block = Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", s.help_title))
                    .style(theme.popup);
                frame.render_widget(Clear, rect);
                frame.render_widget(
                    Paragraph::new(lines).block(block).scroll((*scroll, 0)),
                    rect,
                );
            }
            Popup::GoTo(goto) => {
                let rect = centered(area, 64, GOTO_LIST as u16 + 4);
                let inner_w = rect.width.saturating_sub(2) as usize;
                let mut lines = vec![Line::from(format!(
                    "{} {}",
                    s.goto_prompt,
                    goto.input.value()
                ))];
                lines.push(Line::from("─".repeat(inner_w)));
                if goto.matches.is_empty() {
                    lines.push(Line::from(s.goto_none));
                }
                let first = goto.selected.saturating_sub(GOTO_LIST - 1);
                for (n, &i) in goto.matches.iter().enumerate().skip(first).take(GOTO_LIST) {
                    let mark = if n == goto.selected { "›" } else { " " };
                    let line = fit(&format!("{mark}{}", goto.candidates[i].2), inner_w);
                    let style = if n == goto.selected {
                        theme.focus
                    } else {
                        theme.popup
                    };
                    lines.push(Line::styled(line, style));
                }
                let block = Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", s.goto_title))
                    .style(theme.popup);
                frame.render_widget(Clear, rect);
                frame.render_widget(Paragraph::new(lines).block(block), rect);
                let prompt_w = unicode_width::UnicodeWidthStr::width(s.goto_prompt) + 1;
                let x = rect.x + 1 + (prompt_w + goto.input.visual_cursor()) as u16;
                frame.set_cursor_position(Position::new(x.min(rect.right() - 2), rect.y + 1));
            }
            Popup::ConfirmQuit => message_box(
                ctx,
                frame,
                area,
                s.quit_title,
                &[s.quit_question, "", s.quit_choices],
            ),
            Popup::FirstRun => message_box(
                ctx,
                frame,
                area,
                s.first_run_title,
                &[s.first_run_text, "", s.first_run_choices],
            ),
        }
    }
}

fn message_box(ctx: &Ctx, frame: &mut Frame, area: Rect, title: &str, lines: &[&str]) {
    let rect = centered(area, 64, lines.len() as u16 + 6);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .style(ctx.theme.popup);
    let text: Vec<Line> = lines.iter().map(|l| Line::from(*l)).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centered_never_exceeds_the_area() {
        let r = centered(Rect::new(0, 0, 40, 10), 64, 20);
        assert_eq!((r.width, r.height), (40, 10));
    }
}
