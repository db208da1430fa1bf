//! Review of past years and the workflow keys: which years are "past" (read-only until the user asks
//! to edit and the district-year is still a draft), the key bindings of the review screens, and the
//! small overlays they use (a y/n confirmation line, the reopen reason, a refusal with its list).

use super::context::Ctx;
use super::history::CellHistory;
use super::keymap::{Action, Binding, KeySpec, Scope};
use super::strings::fill;
use super::tabs::fit;
use crate::domain::workflow::State;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::HashSet;
use tui_input::Input;

/// The bindings of the review screens, merged into the live key map (so help lists them).
pub fn bindings() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope as S;
    let key = |code, mods| KeySpec::Key(code, mods);
    let plain = |code| KeySpec::Key(code, KeyModifiers::NONE);
    let ch = |c| KeySpec::Key(K::Char(c), KeyModifiers::NONE);
    let alt = |c| KeySpec::Key(K::Char(c), KeyModifiers::ALT);
    let b = |scope, keys: &[KeySpec], action| Binding {
        scope,
        keys: keys.to_vec(),
        action,
    };
    vec![
        // The Years view's own keys come first: on that screen ←/→ step the years.
        b(
            S::Years,
            &[plain(K::Left), ch('['), key(K::Left, KeyModifiers::SHIFT)],
            A::PrevYear,
        ),
        b(
            S::Years,
            &[plain(K::Right), ch(']'), key(K::Right, KeyModifiers::SHIFT)],
            A::NextYear,
        ),
        b(S::Years, &[plain(K::Home)], A::Home),
        b(S::Years, &[plain(K::End)], A::End),
        b(S::Years, &[plain(K::Enter)], A::Drill),
        b(S::Years, &[plain(K::Backspace), plain(K::Esc)], A::ScopeUp),
        b(S::Years, &[ch('o')], A::OpenYear),
        b(S::Grid, &[ch('h')], A::CellHistory),
        b(S::Global, &[plain(K::F(6)), ch('v')], A::YearsView),
        b(S::Global, &[ch('e')], A::EditPastYear),
        b(S::Global, &[plain(K::F(8)), alt('s')], A::Submit),
        b(S::Global, &[plain(K::F(9)), alt('a')], A::Approve),
        b(S::Global, &[alt('r')], A::Reopen),
    ]
}

/// Which report years are past, and which past district-years this session was allowed to edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// The current report year: the newest year that holds figures. Earlier years are reviewed
    /// read-only; this one and later ones (a new year being started) are edited directly.
    pub current_year: Option<i32>,
    /// (year, district code) pairs the user explicitly unlocked with `e` and a "y".
    pub unlocked: HashSet<(i32, String)>,
}

impl ReviewState {
    pub fn is_past(&self, year: i32) -> bool {
        self.current_year.is_some_and(|current| year < current)
    }

    pub fn is_unlocked(&self, year: i32, district: &str) -> bool {
        self.unlocked.contains(&(year, district.to_string()))
    }

    /// Why a cell of `district` (None: the province's own row) may not be edited in the year in
    /// view because the year is past and not unlocked.
    pub fn refusal(&self, ctx: &Ctx, district: Option<&str>) -> Option<String> {
        let year = ctx.year;
        if !self.is_past(year) {
            return None;
        }
        let key = district.or(ctx.province.as_deref()).unwrap_or("");
        // Only a draft can be unlocked: a past year handed in or approved stays read-only.
        let draft = district.is_none_or(|d| ctx.view.state(d) == State::Draft);
        if draft && self.is_unlocked(year, key) {
            return None;
        }
        Some(fill(ctx.s().review.review_read_only, &[&year.to_string()]))
    }

    /// The header's marker for the district in scope: "XEM LẠI" or "XEM LẠI · đang sửa".
    pub fn marker(&self, ctx: &Ctx) -> Option<&'static str> {
        if !self.is_past(ctx.year) {
            return None;
        }
        let r = ctx.s().review;
        let unlocked = ctx
            .district
            .as_deref()
            .is_some_and(|d| self.is_unlocked(ctx.year, d));
        Some(if unlocked {
            r.review_editing
        } else {
            r.review_marker
        })
    }
}

/// Why `e` cannot unlock the district in scope, or None when it may ask.
pub fn unlock_refusal(ctx: &Ctx) -> Option<String> {
    let r = ctx.s().review;
    let Some(district) = ctx.district.as_deref() else {
        return Some(r.review_no_district.to_string());
    };
    if !ctx.review.is_past(ctx.year) {
        return Some(r.review_not_past.to_string());
    }
    if ctx.review.is_unlocked(ctx.year, district) {
        return Some(r.review_already_editing.to_string());
    }
    let name = district_name(ctx, district);
    let year = ctx.year.to_string();
    match ctx.view.state(district) {
        State::Approved => return Some(fill(r.review_approved, &[&name, &year])),
        State::Submitted => return Some(fill(r.review_submitted, &[&name, &year])),
        State::Draft => {}
    }
    // Rights: a clerk of another district or an unregistered login is told why here already.
    let rights = &ctx.rights;
    if *rights == crate::services::access::Rights::ReadOnly {
        return Some(fill(ctx.s().login_read_only, &[ctx.store.user()]));
    }
    if !rights.may_edit_district(Some(district)) {
        return Some(ctx.s().not_your_district.to_string());
    }
    None
}

pub fn district_name(ctx: &Ctx, code: &str) -> String {
    ctx.view
        .locality(code)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// A question or an input over the screen, owned by the review keys.
pub enum Overlay {
    /// `e` on a past year: "Sửa số liệu năm … ? y/n".
    ConfirmEdit {
        year: i32,
        district: String,
    },
    ConfirmSubmit {
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

fn boxed(ctx: &Ctx, frame: &mut Frame, rect: Rect, title: &str, lines: Vec<Line>, scroll: u16) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .style(ctx.theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

impl Overlay {
    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let r = ctx.s().review;
        let question = |template: &str, year: i32, district: &str| {
            fill(
                template,
                &[&year.to_string(), &district_name(ctx, district)],
            )
        };
        match self {
            Overlay::ConfirmEdit { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.review_confirm_edit, *year, district),
            ),
            Overlay::ConfirmSubmit { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.confirm_submit, *year, district),
            ),
            Overlay::ConfirmApprove { year, district } => confirm(
                ctx,
                frame,
                area,
                &question(r.confirm_approve, *year, district),
            ),
            Overlay::ReopenReason {
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
                boxed(ctx, frame, rect, r.workflow_title, lines, 0);
                let x = rect.x + 3 + input.visual_cursor() as u16;
                frame.set_cursor_position(Position::new(
                    x.min(rect.right().saturating_sub(2)),
                    rect.y + 2,
                ));
            }
            Overlay::Refused { lines, scroll } => {
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
            Overlay::History(h) => h.render(ctx, frame, area),
        }
    }
}

fn confirm(ctx: &Ctx, frame: &mut Frame, area: Rect, question: &str) {
    let rect = centered(area, 70, 5);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let lines = vec![Line::default(), Line::from(fit(question, inner_w))];
    boxed(ctx, frame, rect, ctx.s().review.confirm_title, lines, 0);
}
