//! Every popup over the screen, in one enum: help (from the live key map), go-to, the quit
//! question, the first run, and the review's questions (edit a past year, submit, approve, the
//! reason of a reopen), a refusal with its list, the history of a cell. Each has its screen in the
//! key map ([`Popup::scope`]); the App hands it the actions of its keys.

use super::context::Ctx;
use super::history::CellHistory;
use super::keymap::{Action, Scope};
use super::review::district_name;
use super::strings::{action_label_in_year, fill};
use super::ui::{centered, fit, pad};
use crate::domain::Level;
use crate::text::fold;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

pub enum Popup {
    /// The keys of `scope`, the screen (or popup, kept in `under`) F1 was pressed on.
    Help {
        scroll: u16,
        scope: Scope,
        under: Option<Box<Popup>>,
    },
    GoTo(GoTo),
    /// Quit while a cell or a form is being typed: save and quit, quit, or stay.
    QuitQuestion,
    FirstRun,
    /// `e` on a past year: "Sửa số liệu năm … ? y/n".
    ConfirmEdit {
        year: i32,
        district: String,
    },
    /// F8: the question and what will be submitted, a line each ("28/28 đơn vị, 0 lỗi, 3 cảnh báo";
    /// the cells flagged for follow-up when there are some).
    ConfirmSubmit {
        year: i32,
        district: String,
        summary: Vec<String>,
    },
    /// Alt-U: take a submitted year back to draft.
    ConfirmRecall {
        year: i32,
        district: String,
    },
    ConfirmApprove {
        year: i32,
        district: String,
    },
    /// The one-line reason of a reopen.
    ReopenReason {
        year: i32,
        district: String,
        input: Input,
    },
    /// A refusal too long for the status bar (submit refused: every error of `check`).
    Refused {
        lines: Vec<String>,
        scroll: u16,
    },
    History(CellHistory),
    /// `t`: the year's targets.
    Targets(super::targets::TargetsView),
    /// `m`: "Còn phải nhập", the scope's errors and units not entered.
    StillToEnter(super::still::StillList),
    /// Another login changed the cell since its edit began: overwrite? y/n.
    Conflict(super::commits::ConflictQuestion),
    /// `;`: the focused cell's note, typed.
    Note(super::notes::NoteEditor),
}

impl Popup {
    /// The popup's screen in the key map.
    pub fn scope(&self) -> Scope {
        match self {
            Popup::Help { .. } => Scope::Help,
            Popup::GoTo(_) => Scope::GoTo,
            Popup::QuitQuestion => Scope::QuitQuestion,
            Popup::FirstRun => Scope::FirstRun,
            Popup::ConfirmEdit { .. }
            | Popup::Conflict(_)
            | Popup::ConfirmSubmit { .. }
            | Popup::ConfirmRecall { .. }
            | Popup::ConfirmApprove { .. } => Scope::Confirm,
            Popup::ReopenReason { .. } => Scope::Reason,
            Popup::Refused { .. } => Scope::Refusal,
            Popup::History(_) => Scope::History,
            Popup::Targets(_) => Scope::Targets,
            Popup::Note(_) => Scope::Note,
            Popup::StillToEnter(_) => Scope::StillToEnter,
        }
    }

    /// A text is typed here: printable keys are text, not actions.
    pub fn text_input(&self) -> bool {
        match self {
            Popup::Targets(view) => view.typing(),
            _ => matches!(
                self,
                Popup::GoTo(_) | Popup::ReopenReason { .. } | Popup::Note(_)
            ),
        }
    }
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

    /// An action of the go-to screen; any other key edits the query.
    pub fn handle(&mut self, action: Option<Action>, key: &KeyEvent) -> GoToResult {
        match action {
            Some(Action::Abandon) => return GoToResult::Cancel,
            Some(Action::Commit) => {
                return match self.matches.get(self.selected) {
                    Some(&i) => GoToResult::Pick(self.candidates[i].0.clone()),
                    None => GoToResult::Open,
                }
            }
            Some(Action::Down) => {
                if self.selected + 1 < self.matches.len() {
                    self.selected += 1;
                }
            }
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
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

impl Popup {
    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let s = ctx.s();
        let theme = &ctx.theme;
        let r = s.review;
        let question = |template: &str, year: i32, district: &str| {
            fill(
                template,
                &[&year.to_string(), &district_name(ctx, district)],
            )
        };
        match self {
            Popup::Help {
                scroll,
                scope,
                under,
            } => {
                if let Some(under) = under {
                    under.render(ctx, frame, area);
                }
                let rect = centered(area, 70, area.height.saturating_sub(2));
                let inner_w = rect.width.saturating_sub(4) as usize;
                let help = ctx.keymap.help(*scope);
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
                            &format!(
                                "{}  {}",
                                pad(keys, key_w),
                                action_label_in_year(ctx.lang, *action, ctx.without_districts())
                            ),
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
            Popup::QuitQuestion => message_box(
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
            Popup::ConfirmEdit { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.review_confirm_edit, *year, district),
            ),
            Popup::ConfirmSubmit {
                year,
                district,
                summary,
            } => confirm_with(
                ctx,
                frame,
                area,
                &std::iter::once(question(r.confirm_submit, *year, district))
                    .chain(summary.iter().cloned())
                    .collect::<Vec<_>>(),
            ),
            Popup::ConfirmRecall { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.confirm_recall, *year, district),
            ),
            Popup::ConfirmApprove { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.confirm_approve, *year, district),
            ),
            Popup::ReopenReason {
                year,
                district,
                input,
            } => {
                let rect = centered(area, 70, 6);
                let inner_w = rect.width.saturating_sub(2) as usize;
                let lines = vec![
                    Line::from(fit(&question(r.reopen_prompt, *year, district), inner_w)),
                    Line::from(format!("› {}", input.value())),
                    Line::default(),
                    Line::from(fit(r.reopen_keys, inner_w)),
                ];
                boxed(ctx, frame, rect, r.workflow_title, lines);
                let x = rect.x + 3 + input.visual_cursor() as u16;
                frame.set_cursor_position(Position::new(
                    x.min(rect.right().saturating_sub(2)),
                    rect.y + 2,
                ));
            }
            Popup::Refused { lines, scroll } => {
                // Each finding is wrapped, never cut: the clerk needs all of it to fix the figure.
                let width = 76.min(area.width);
                let inner_w = width.saturating_sub(2).max(1) as usize;
                let wrapped: usize = lines
                    .iter()
                    .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) / inner_w + 1)
                    .sum();
                let height = (wrapped as u16 + 4).min(area.height.saturating_sub(2));
                let rect = centered(area, width, height);
                let mut text: Vec<Line> = lines.iter().map(|l| Line::from(l.clone())).collect();
                text.push(Line::default());
                text.push(Line::from(r.refused_footer));
                let block = Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", r.refused_title))
                    .style(ctx.theme.popup);
                frame.render_widget(Clear, rect);
                frame.render_widget(
                    Paragraph::new(text)
                        .block(block)
                        .wrap(Wrap { trim: false })
                        .scroll((*scroll, 0)),
                    rect,
                );
            }
            Popup::History(h) => h.render(ctx, frame, area),
            Popup::Targets(view) => view.render(ctx, frame, area),
            Popup::StillToEnter(list) => list.render(ctx, frame, area),
            Popup::Conflict(q) => conflict(ctx, frame, area, q),
            Popup::Note(editor) => editor.render(ctx, frame, area),
        }
    }
}

/// The same-cell conflict: the cell, who changed it from what to what and when, and the question.
fn conflict(ctx: &Ctx, frame: &mut Frame, area: Rect, q: &super::commits::ConflictQuestion) {
    let s = ctx.s();
    let w = &q.write;
    let unit = ctx
        .view
        .locality(&w.locality_code)
        .map_or(w.locality_code.as_str(), |l| l.name.as_str());
    let by = q.conflict.by.as_deref().unwrap_or(s.conflict_someone);
    let at = q
        .conflict
        .at
        .as_deref()
        .map(super::history::local_time)
        .unwrap_or_default();
    let old = w.since.map(|v| ctx.value_text(v)).unwrap_or_default();
    let question = fill(
        s.conflict_question,
        &[
            by,
            &old,
            &ctx.value_text(q.conflict.stored),
            &at,
            &ctx.value_text(w.value),
        ],
    );
    let width = 70.min(area.width);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let wrapped = unicode_width::UnicodeWidthStr::width(question.as_str()) / inner_w + 1;
    let rect = centered(area, width, wrapped as u16 + 7);
    let lines = vec![
        Line::from(fit(
            &format!("{unit} · {} · {}", ctx.field_label(w.field), w.year),
            inner_w,
        )),
        Line::default(),
        Line::from(question),
        Line::default(),
        Line::from(fit(s.conflict_keys, inner_w)),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.conflict_title))
        .style(ctx.theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn boxed(ctx: &Ctx, frame: &mut Frame, rect: Rect, title: &str, lines: Vec<Line>) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .style(ctx.theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// A yes/no question in a box.
fn confirm(ctx: &Ctx, frame: &mut Frame, area: Rect, question: &str) {
    confirm_with(ctx, frame, area, &[question.to_string()]);
}

/// A yes/no question in a box, with the lines that say what it acts on under it.
fn confirm_with(ctx: &Ctx, frame: &mut Frame, area: Rect, lines: &[String]) {
    let rect = centered(area, 70, 4 + lines.len() as u16);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let mut text = vec![Line::default()];
    text.extend(lines.iter().map(|l| Line::from(fit(l, inner_w))));
    boxed(ctx, frame, rect, ctx.s().review.confirm_title, text);
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
