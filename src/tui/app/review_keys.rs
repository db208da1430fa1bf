//! The App's side of the review screens: the Years view, review mode of past years, the history of
//! a cell and the workflow keys. Kept out of `app.rs` so that file only carries small hooks.

use super::App;
use crate::services::workflow;
use crate::tui::history::CellHistory;
use crate::tui::keymap::{Action, Scope};
use crate::tui::popups::Popup;
use crate::tui::review::{district_name, unlock_refusal};
use crate::tui::strings::fill;
use crate::tui::tabs::TabId;
use crate::tui::years::{YearsOutcome, YearsScreen};
use crossterm::event::KeyEvent;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// What a workflow transition asks for.
#[derive(Debug, Clone, Copy)]
enum Transition {
    Submit,
    Approve,
    Recall,
}

impl App {
    /// The actions of the review screens. True when the key was taken (nothing else may see it).
    pub(super) fn review_key(&mut self, action: Option<Action>) -> bool {
        if self.years.is_some() {
            return self.handle_years(action);
        }
        match action {
            Some(Action::YearsView) => {
                if self.settle_edit() {
                    self.open_years();
                }
            }
            Some(Action::EditPastYear) => {
                if self.settle_edit() {
                    self.ask_unlock();
                }
            }
            Some(Action::CellHistory) if self.tab == TabId::Assessments => {
                if self.settle_edit() {
                    self.show_history();
                }
            }
            Some(Action::Targets) if self.tab == TabId::Assessments => {
                if self.settle_edit() {
                    let view = crate::tui::targets::TargetsView::open(&self.ctx);
                    self.popup = Some(Popup::Targets(view));
                }
            }
            Some(Action::Submit) => self.ask_transition(Transition::Submit),
            Some(Action::Approve) => self.ask_transition(Transition::Approve),
            Some(Action::Recall) => self.ask_transition(Transition::Recall),
            Some(Action::Reopen) => match self.workflow_unit() {
                Some(district) => {
                    if self.settle_edit() {
                        self.popup = Some(Popup::ReopenReason {
                            year: self.ctx.year,
                            district,
                            input: Input::default(),
                        });
                    }
                }
                None => self.ctx.error(self.no_unit_chosen()),
            },
            _ => return false,
        }
        true
    }

    /// The screen of the key map while the Years view is open (its list of units, when shown).
    pub(super) fn years_scope(&self) -> Option<(Scope, bool)> {
        self.years.as_ref().map(|years| match years.picker {
            Some(_) => (Scope::YearsPicker, false),
            None => (Scope::Years, false),
        })
    }

    /// The Years view, drawn instead of the tab (rendering reads only).
    pub(super) fn render_years(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
    ) -> bool {
        match &self.years {
            Some(years) => {
                years.render(&self.ctx, frame, area);
                true
            }
            None => false,
        }
    }

    /// The header's words after the workflow state: "XEM LẠI" on a past year.
    pub(super) fn review_marker(&self) -> Option<&'static str> {
        self.ctx.review.marker(&self.ctx)
    }

    pub(super) fn years_hints(&self) -> Option<String> {
        self.years
            .as_ref()
            .map(|_| self.ctx.s().review.years_keys.to_string())
    }

    /// After the data or the year changed: the Years view shows fresh figures.
    pub(super) fn review_sync(&mut self) {
        if let Some(years) = self.years.as_mut() {
            if let Err(e) = years.reload(&self.ctx) {
                self.ctx.error(e.render(self.ctx.lang));
            }
        }
    }

    fn open_years(&mut self) {
        match YearsScreen::open(&self.ctx) {
            Ok(years) => self.years = Some(years),
            Err(e) => self.ctx.error(e.render(self.ctx.lang)),
        }
    }

    fn handle_years(&mut self, action: Option<Action>) -> bool {
        let Some(mut years) = self.years.take() else {
            return false;
        };
        if years.picker.is_some() {
            years.handle_picker(&mut self.ctx, action);
            self.years = Some(years);
            return true;
        }
        match action {
            // Help and quit work as everywhere; a tab key leaves the view for that tab.
            Some(Action::Help | Action::Quit) => {
                self.years = Some(years);
                return false;
            }
            Some(
                Action::TabLocalities
                | Action::TabAssessments
                | Action::TabLimitations
                | Action::TabAwards,
            ) => return false,
            _ => {}
        }
        match years.handle(&mut self.ctx, action) {
            YearsOutcome::None => self.years = Some(years),
            YearsOutcome::Close => {}
            YearsOutcome::Open { year, code } => self.open_year_at(year, &code),
        }
        true
    }

    /// `o` in the Years view: that year in the Assessments tab, on that unit.
    fn open_year_at(&mut self, year: i32, code: &str) {
        if year != self.ctx.year {
            if let Err(e) = self.ctx.load_year(year) {
                self.ctx.error(e.render(self.ctx.lang));
                return;
            }
            self.view_changed();
        }
        self.switch_tab(TabId::Assessments);
        self.navigate(code);
        if let Some(why) = self
            .ctx
            .review
            .refusal(&self.ctx, self.ctx.district.as_deref())
        {
            self.ctx.info(why);
        }
    }

    fn ask_unlock(&mut self) {
        if let Some(why) = unlock_refusal(&self.ctx) {
            self.ctx.error(why);
            return;
        }
        if let Some(district) = self.ctx.district.clone() {
            self.popup = Some(Popup::ConfirmEdit {
                year: self.ctx.year,
                district,
            });
        }
    }

    fn show_history(&mut self) {
        let Some((code, field)) = self.assessments.focused_cell() else {
            self.ctx.error(self.ctx.s().summary_row_refused);
            return;
        };
        match CellHistory::load(&self.ctx, &code, field) {
            Ok(h) => self.popup = Some(Popup::History(h)),
            Err(e) => self.ctx.error(e.render(self.ctx.lang)),
        }
    }

    /// Why the province's grid takes no submit, approve or reopen, in the year's words.
    fn no_unit_chosen(&self) -> &'static str {
        let r = self.ctx.s().review;
        if self.ctx.without_districts() {
            r.review_no_unit
        } else {
            r.review_no_district
        }
    }

    /// The reporting unit the workflow keys act on: the district or commune in scope; on the
    /// province's grid of a year without districts, the commune under the cursor (the grid lists the
    /// reporting units themselves, so sending the user to one first would be a detour). None on the
    /// province's grid of a year with districts: a district's year is submitted, not the province's.
    fn workflow_unit(&self) -> Option<String> {
        if !self.ctx.province_scope() {
            return self.ctx.district.clone();
        }
        if self.ctx.without_districts() && self.tab == TabId::Assessments {
            return self.assessments.focused_commune();
        }
        None
    }

    fn ask_transition(&mut self, t: Transition) {
        let Some(district) = self.workflow_unit() else {
            self.ctx.error(self.no_unit_chosen());
            return;
        };
        if !self.settle_edit() {
            return;
        }
        let year = self.ctx.year;
        self.popup = Some(match t {
            Transition::Submit => {
                let summary = self.submit_summary(&district);
                Popup::ConfirmSubmit {
                    year,
                    district,
                    summary,
                }
            }
            Transition::Approve => Popup::ConfirmApprove { year, district },
            Transition::Recall => Popup::ConfirmRecall { year, district },
        });
    }

    /// What a submission of `unit` hands in, as judged on screen: its units entered, the errors and
    /// warnings of its findings; then its cells flagged for follow-up, when there are some.
    fn submit_summary(&self, unit: &str) -> Vec<String> {
        let ctx = &self.ctx;
        let (entered, units) = ctx.units_entered(unit, None);
        let (errors, warnings) = if ctx.district.as_deref() == Some(unit) {
            ctx.errors_and_warnings()
        } else {
            let of_unit = ctx.live.findings.iter().filter(|f| f.locality_code == unit);
            let errors = of_unit
                .clone()
                .filter(|f| f.severity == crate::domain::rules::Severity::Error)
                .count();
            (errors, of_unit.count() - errors)
        };
        let n = |v: u64| crate::text::format_count(v, ctx.lang);
        let mut lines = vec![fill(
            ctx.s().review.submit_summary,
            &[
                &n(entered),
                &n(units),
                &n(errors as u64),
                &n(warnings as u64),
            ],
        )];
        let flagged = ctx.flagged_within(unit);
        if flagged > 0 {
            lines.push(fill(ctx.s().review.submit_flagged, &[&n(flagged)]));
        }
        lines
    }

    /// An action on one of the review's popups (a text field takes the keys no action names).
    pub(super) fn handle_review_popup(
        &mut self,
        popup: Popup,
        action: Option<Action>,
        key: &KeyEvent,
    ) {
        let r = self.ctx.s().review;
        let answer = match action {
            Some(Action::Yes) => Some(true),
            Some(Action::No) => Some(false),
            _ => None,
        };
        match popup {
            Popup::ConfirmEdit { year, district } => match answer {
                Some(true) => {
                    let name = district_name(&self.ctx, &district);
                    self.ctx.review.unlocked.insert((year, district));
                    self.ctx
                        .info(fill(r.review_unlocked, &[&year.to_string(), &name]));
                }
                Some(false) => {}
                None => self.popup = Some(Popup::ConfirmEdit { year, district }),
            },
            Popup::ConfirmSubmit {
                year,
                district,
                summary,
            } => match answer {
                Some(true) => self.transition(Transition::Submit, year, &district),
                Some(false) => {}
                None => {
                    self.popup = Some(Popup::ConfirmSubmit {
                        year,
                        district,
                        summary,
                    })
                }
            },
            Popup::ConfirmRecall { year, district } => match answer {
                Some(true) => self.transition(Transition::Recall, year, &district),
                Some(false) => {}
                None => self.popup = Some(Popup::ConfirmRecall { year, district }),
            },
            Popup::ConfirmApprove { year, district } => match answer {
                Some(true) => self.transition(Transition::Approve, year, &district),
                Some(false) => {}
                None => self.popup = Some(Popup::ConfirmApprove { year, district }),
            },
            Popup::ReopenReason {
                year,
                district,
                mut input,
            } => match action {
                Some(Action::Abandon) => {}
                Some(Action::Commit) if input.value().trim().is_empty() => {
                    self.ctx.error(r.reason_required);
                    self.popup = Some(Popup::ReopenReason {
                        year,
                        district,
                        input,
                    });
                }
                Some(Action::Commit) => {
                    let result = crate::tui::commits::with_wait(
                        &mut self.ctx.store,
                        crate::tui::commits::COMMIT_WAIT,
                        |store| workflow::reopen(store, year, &district, input.value()),
                    );
                    self.after_transition(result, r.reopened, year, &district);
                }
                _ => {
                    input.handle_event(&crossterm::event::Event::Key(*key));
                    self.popup = Some(Popup::ReopenReason {
                        year,
                        district,
                        input,
                    });
                }
            },
            Popup::Refused { lines, scroll } => {
                let height = self.ctx.size.1;
                let max = (lines.len() as u16).saturating_sub(height.saturating_sub(8));
                let scroll = match action {
                    Some(Action::Up) => scroll.saturating_sub(1),
                    Some(Action::Down) => scroll.saturating_add(1).min(max),
                    Some(Action::PageUp) => scroll.saturating_sub(10),
                    Some(Action::PageDown) => scroll.saturating_add(10).min(max),
                    Some(Action::Dismiss) => return,
                    _ => scroll,
                };
                self.popup = Some(Popup::Refused { lines, scroll });
            }
            Popup::History(mut h) => {
                let height = self.ctx.size.1;
                let page = CellHistory::page(height) as isize;
                match action {
                    Some(Action::Up) => h.scroll_by(-1, height),
                    Some(Action::Down) => h.scroll_by(1, height),
                    Some(Action::PageUp) => h.scroll_by(-page, height),
                    Some(Action::PageDown) => h.scroll_by(page, height),
                    Some(Action::Home) => h.scroll = 0,
                    Some(Action::End) => h.scroll_by(isize::MAX / 2, height),
                    Some(Action::Dismiss) => return,
                    _ => {}
                }
                self.popup = Some(Popup::History(h));
            }
            Popup::Targets(mut view) => {
                use crate::tui::targets::TargetsOutcome;
                match view.handle(&mut self.ctx, action, key) {
                    TargetsOutcome::Close => return,
                    TargetsOutcome::Saved => self.view_changed(),
                    TargetsOutcome::Open => {}
                }
                self.popup = Some(Popup::Targets(view));
            }
            // The App's own popups never come here.
            other => self.popup = Some(other),
        }
    }

    fn transition(&mut self, t: Transition, year: i32, district: &str) {
        let r = self.ctx.s().review;
        let config = self.ctx.config.clone();
        // Behind another session's write lock the move is refused at once ("busy, try again"):
        // the keys never wait on it.
        let (result, done) = crate::tui::commits::with_wait(
            &mut self.ctx.store,
            crate::tui::commits::COMMIT_WAIT,
            |store| match t {
                Transition::Submit => (
                    workflow::submit(store, &config, year, district),
                    r.submitted,
                ),
                Transition::Approve => (
                    workflow::approve(store, &config, year, district),
                    r.approved,
                ),
                Transition::Recall => (workflow::recall(store, year, district), r.recalled),
            },
        );
        self.after_transition(result, done, year, district);
    }

    /// Re-reads the year (its states changed) and says what happened; a refusal with a list (the
    /// errors that block a submission) opens in a scrollable box, its first line in the status bar.
    fn after_transition(
        &mut self,
        result: crate::error::Result<()>,
        done: &str,
        year: i32,
        district: &str,
    ) {
        let name = district_name(&self.ctx, district);
        match result {
            Ok(()) => {
                if let Err(e) = self.ctx.load_year(self.ctx.year) {
                    self.ctx.error(e.render(self.ctx.lang));
                } else {
                    self.view_changed();
                    self.ctx.info(fill(done, &[&year.to_string(), &name]));
                }
            }
            Err(e) => {
                let text = e.render(self.ctx.lang);
                let lines: Vec<String> = text.lines().map(str::to_string).collect();
                self.ctx.error(lines.first().cloned().unwrap_or_default());
                if lines.len() > 1 {
                    self.popup = Some(Popup::Refused { lines, scroll: 0 });
                }
            }
        }
    }
}
