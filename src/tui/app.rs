//! The App: the four tabs, the popups, and the dispatch of a key to whoever owns it. Rendering reads
//! the state and never changes it.

use super::commits::CellWrite;
use super::context::{Ctx, MessageKind, FIRST_YEAR, LAST_YEAR};
use super::keymap::{key_for_char, Action, Scope};
use super::popups::{GoTo, Popup};
use super::still::{StillItem, StillList, StillOutcome};
use super::strings::action_hint;
use super::tabs::{
    assessments::AssessmentsTab, awards::AwardsTab, limitations::LimitationsTab,
    localities::LocalitiesTab, Outcome, TabId,
};
use super::theme::Theme;
use super::widgets;
use crate::config::Config;
use crate::domain::workflow::State;
use crate::error::Result;
use crate::store::Store;
use crate::text::Lang;
use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

mod note_keys;
mod review_keys;

/// Where pasted text goes; see [`App::handle_paste`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PasteTarget {
    Lines,
    Text,
    Grid,
    Refused,
}

/// How the App is built: everything the environment could otherwise change is explicit here, so a
/// test or a snapshot gets the same screen on every machine.
pub struct AppOptions {
    pub config: Config,
    pub lang: Lang,
    pub theme: Theme,
    pub year: Option<i32>,
    pub district: Option<String>,
    /// The clock of "đã lưu HH:MM:SS".
    pub clock: fn() -> String,
}

pub struct App {
    pub ctx: Ctx,
    tab: TabId,
    localities: LocalitiesTab,
    assessments: AssessmentsTab,
    limitations: LimitationsTab,
    awards: AwardsTab,
    popup: Option<Popup>,
    quit: bool,
    /// The year changed while the Localities tab was hidden.
    localities_stale: bool,
    /// The Years view, drawn instead of the tab while open.
    years: Option<super::years::YearsScreen>,
}

/// The report year to open at: the one asked for, else the latest with data, else the current year.
pub fn initial_year(store: &Store, asked: Option<i32>) -> Result<i32> {
    if let Some(y) = asked {
        return Ok(y.clamp(FIRST_YEAR, LAST_YEAR));
    }
    if let Some(y) = store.latest_year()? {
        return Ok(y);
    }
    Ok(chrono::Datelike::year(&chrono::Local::now()))
}

/// The most characters one paste into a form's text field may hold (it lands there in one edit, see
/// `App::handle_paste`): what a stored text may hold.
const PASTE_LIMIT: usize = crate::text::MAX_TEXT_CHARS;

/// The most characters a paste into the grid, a filter or go-to may hold (a filter refilters per
/// key; no grid needs a bigger block): a bound keeps the answer prompt.
const TYPED_PASTE_LIMIT: usize = 4_000;

impl App {
    pub fn new(store: Store, opts: AppOptions) -> Result<App> {
        let year = initial_year(&store, opts.year)?;
        let first_run = store.is_empty()?;
        let mut ctx = Ctx::new(
            store,
            opts.config,
            opts.lang,
            opts.theme,
            year,
            opts.district,
        )?;
        ctx.clock = opts.clock;
        let mut app = App {
            localities: LocalitiesTab::new(&ctx),
            assessments: AssessmentsTab::new(&ctx),
            limitations: LimitationsTab::new(&ctx),
            awards: AwardsTab::new(&ctx),
            ctx,
            tab: TabId::Assessments,
            popup: first_run.then_some(Popup::FirstRun),
            quit: false,
            localities_stale: true,
            years: None,
        };
        app.view_changed();
        Ok(app)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn tab(&self) -> TabId {
        self.tab
    }

    /// The unit and field of the Assessments grid's focused cell (none on a district's totals).
    pub fn focused_cell(&self) -> Option<(String, crate::domain::Field)> {
        self.assessments.focused_cell()
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.ctx.size = (width, height);
        self.view_changed();
    }

    /// What is not yet in the database, in the order it is to be written: the queued commits, then
    /// the value being typed if it is complete (mirrored for the signal and hang-up threads).
    pub fn pending_commits(&self) -> Vec<CellWrite> {
        let mut all: Vec<CellWrite> = self.ctx.queue.iter().cloned().collect();
        all.extend(self.assessments.pending_commit(&self.ctx));
        all
    }

    /// SIGHUP/SIGTERM or a closed terminal: write the queued commits, then what is being typed,
    /// if it is valid, each waiting a little longer for the write lock (no one is waiting for a key
    /// any more, and the process must still end within a second).
    pub fn commit_for_exit(&mut self) {
        self.ctx.commit_wait = super::commits::EXIT_WAIT;
        self.ctx.flush_queue();
        let _ = self.assessments.commit(&mut self.ctx);
    }

    /// Commits wait for another process's write lock (and no conflict question holds them).
    pub fn writes_waiting(&self) -> bool {
        !self.ctx.queue.is_empty() && !matches!(self.popup, Some(Popup::Conflict(_)))
    }

    /// Tries the waiting commits again. True when the screen should change.
    pub fn retry_writes(&mut self) -> bool {
        let changed = self.ctx.flush_queue();
        if changed {
            self.view_changed();
        }
        self.ask_conflict();
        self.quit_if_written();
        changed
    }

    /// Quit was asked while commits waited, and none waits any more (nor a question about one).
    fn quit_if_written(&mut self) {
        if self.ctx.quit_after_writes
            && self.ctx.queue.is_empty()
            && self.ctx.conflict.is_none()
            && self.popup.is_none()
        {
            self.quit = true;
        }
    }

    /// The cells not saved when the App quit (the clerk chose to quit while they waited).
    pub fn unsaved(&self) -> Vec<String> {
        self.ctx.unsaved()
    }

    /// A conflict a commit found becomes the question in front, unless another popup is open.
    fn ask_conflict(&mut self) {
        if self.popup.is_none() {
            if let Some(q) = self.ctx.conflict.take() {
                self.popup = Some(Popup::Conflict(q));
            }
        }
    }

    /// Quit, unless commits still wait for the write lock: then quit once they are written (the
    /// status bar says so), or at once if quit is asked again.
    fn request_quit(&mut self) {
        if self.ctx.queue.is_empty() || self.ctx.quit_after_writes {
            self.quit = true;
        } else {
            self.ctx.quit_after_writes = true;
        }
    }

    /// Work left for an idle moment (after the first screen). True when the screen should change.
    pub fn idle(&mut self) -> bool {
        match self.ctx.ensure_medals() {
            Ok(changed) => {
                if changed {
                    self.view_changed();
                }
                changed
            }
            Err(_) => false,
        }
    }

    /// Another process committed: reload what is on screen, keeping the edit in progress.
    pub fn poll_data(&mut self) -> Result<bool> {
        if !self.ctx.data_changed()? {
            return Ok(false);
        }
        self.ctx.reload()?;
        self.view_changed();
        Ok(true)
    }

    /// The screen the keys go to, and whether a text field there takes printable keys: the popup,
    /// else the Years view, else a tab's question, else the tab.
    fn scope(&self) -> (Scope, bool) {
        if let Some(popup) = &self.popup {
            return (popup.scope(), popup.text_input());
        }
        let confirming = match self.tab {
            TabId::Limitations => self.limitations.confirming(),
            TabId::Awards => self.awards.confirming(),
            _ => false,
        };
        if confirming && self.years.is_none() {
            return (Scope::ConfirmDelete, false);
        }
        self.screen_scope()
    }

    /// The screen under any popup or question: what the status bar's hints describe.
    fn screen_scope(&self) -> (Scope, bool) {
        if let Some(years) = self.years_scope() {
            return years;
        }
        match self.tab {
            TabId::Localities => self.localities.scope(),
            TabId::Assessments => (Scope::Grid, false),
            TabId::Limitations => self.limitations.scope(),
            TabId::Awards => self.awards.scope(),
        }
    }

    fn edit_in_progress(&self) -> bool {
        match self.tab {
            TabId::Assessments => self.assessments.has_edit(),
            TabId::Limitations => self.limitations.has_form(),
            TabId::Awards => self.awards.has_form(),
            TabId::Localities => self.localities.has_form(),
        }
    }

    /// Tabs rebuild their rows after the year, the district or the data changed. The Localities
    /// tree (the whole province, folded for the filter) is rebuilt only while it is shown.
    fn view_changed(&mut self) {
        self.assessments.sync(&mut self.ctx);
        self.limitations.sync(&self.ctx);
        self.awards.sync(&self.ctx);
        if self.tab == TabId::Localities {
            self.localities.sync(&mut self.ctx);
            self.localities_stale = false;
        } else {
            self.localities_stale = true;
        }
        self.review_sync();
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.handle_key_here(key);
        self.ask_conflict();
        self.quit_if_written();
        self.show_long_refusal();
    }

    /// A refusal longer than the status bar's two lines opens whole in the refusal box (the bar
    /// keeps its beginning), so that no reason is lost to a cut.
    fn show_long_refusal(&mut self) {
        if self.popup.is_some() {
            return;
        }
        if let Some((MessageKind::Error, message)) = &self.ctx.status.message {
            if widgets::message_overflows(&format!("✗ {message}"), self.ctx.size.0) {
                let lines = message.lines().map(str::to_string).collect();
                self.popup = Some(Popup::Refused { lines, scroll: 0 });
            }
        }
    }

    fn handle_key_here(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.ctx.status.message = None;
        let (scope, text_input) = self.scope();
        let action = self.ctx.keymap.action(scope, &key, text_input);
        if action == Some(Action::Help) {
            // The keys of the screen or popup in front; closing help goes back to it.
            self.popup = Some(Popup::Help {
                scroll: 0,
                scope,
                under: self.popup.take().map(Box::new),
            });
            return;
        }
        if let Some(popup) = self.popup.take() {
            self.handle_popup(popup, action, &key);
            return;
        }
        if self.review_key(action) || self.note_key(action) {
            return;
        }
        match action {
            Some(Action::Quit) => {
                if self.edit_in_progress() {
                    self.popup = Some(Popup::QuitQuestion);
                } else {
                    self.request_quit();
                }
                return;
            }
            Some(Action::TabLocalities) => return self.switch_tab(TabId::Localities),
            Some(Action::TabAssessments) => return self.switch_tab(TabId::Assessments),
            Some(Action::TabLimitations) => return self.switch_tab(TabId::Limitations),
            Some(Action::TabAwards) => return self.switch_tab(TabId::Awards),
            Some(Action::PrevYear) => return self.step_year(-1),
            Some(Action::NextYear) => return self.step_year(1),
            Some(Action::Find) if self.tab == TabId::Assessments => {
                if self.settle_edit() {
                    self.popup = Some(Popup::GoTo(GoTo::new(&self.ctx)));
                }
                return;
            }
            Some(Action::GoTo) => {
                if self.settle_edit() {
                    self.popup = Some(Popup::GoTo(GoTo::new(&self.ctx)));
                }
                return;
            }
            Some(Action::StillToEnter) if self.tab == TabId::Assessments => {
                if self.settle_edit() {
                    self.popup = Some(Popup::StillToEnter(StillList::open(&self.ctx)));
                }
                return;
            }
            _ => {}
        }
        let outcome = match self.tab {
            TabId::Localities => self.localities.handle(&mut self.ctx, action, &key),
            TabId::Assessments => self.assessments.handle(&mut self.ctx, action, &key),
            TabId::Limitations => self.limitations.handle(&mut self.ctx, action, &key),
            TabId::Awards => self.awards.handle(&mut self.ctx, action, &key),
        };
        self.apply(outcome);
    }

    /// Pasted text (bracketed paste), fed to the place in focus as typed keys, with its line breaks
    /// and tabs given the meaning they have there:
    /// - a multi-line field keeps the line breaks (Enter breaks the line there); a tab is a space;
    /// - a one-line field (a form's text, a filter, go-to) takes them as spaces;
    /// - the Assessments grid takes a block copied from a spreadsheet (rows on lines, cells
    ///   separated by tabs) cell by cell, or one value as typed (`AssessmentsTab::paste`): never as
    ///   keys, so a letter in a paste can never quit or jump.
    ///
    /// A paste on a list, or on a popup without a text field, is refused whole with a message. A
    /// form's text field takes the paste in one edit; a filter or go-to takes each character through
    /// its key handling. Either way a bound keeps the answer prompt.
    pub fn handle_paste(&mut self, text: &str) {
        self.handle_paste_here(text);
        self.show_long_refusal();
    }

    fn handle_paste_here(&mut self, text: &str) {
        let target = self.paste_target();
        let into_form = self.popup.is_none()
            && matches!(target, PasteTarget::Lines | PasteTarget::Text)
            && self.tab != TabId::Assessments
            && self.edit_in_progress();
        let bound = if into_form {
            PASTE_LIMIT
        } else {
            TYPED_PASTE_LIMIT
        };
        if text.chars().count() > bound {
            let limit = crate::text::format_count(bound as u64, self.ctx.lang);
            self.ctx.error(super::strings::fill(
                self.ctx.s().paste_too_long,
                &[limit.as_str()],
            ));
            return;
        }
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if into_form {
            let kept: String = text
                .chars()
                .filter_map(|c| match (c, target) {
                    ('\n', PasteTarget::Lines) => Some(c),
                    ('\n' | '\t', _) => Some(' '),
                    (c, _) if c.is_control() => None,
                    (c, _) => Some(c),
                })
                .collect();
            let taken = match self.tab {
                TabId::Limitations => self.limitations.paste(&kept),
                TabId::Awards => self.awards.paste(&kept),
                TabId::Localities => self.localities.paste(&kept),
                TabId::Assessments => false,
            };
            if taken {
                self.ctx.status.message = None;
                return;
            }
        }
        if target == PasteTarget::Refused {
            self.ctx.error(self.ctx.s().paste_refused);
            return;
        }
        if target == PasteTarget::Grid {
            self.ctx.status.message = None;
            let outcome = self.assessments.paste(&mut self.ctx, &text);
            self.apply(outcome);
            // Committing the value being typed before the block may have found a conflict.
            self.ask_conflict();
            return;
        }
        for c in text.chars() {
            let c = match (c, target) {
                ('\n', PasteTarget::Lines) => c,
                ('\n' | '\t', _) => ' ',
                (c, _) if c.is_control() => continue,
                (c, _) => c,
            };
            self.handle_key(key_for_char(c));
            // A question opened by the paste (a conflict) is answered by the clerk, not the paste.
            if self.popup.is_some() {
                break;
            }
        }
    }

    fn paste_target(&self) -> PasteTarget {
        // A paste answers no question and closes nothing: only a popup's text field takes it.
        if let Some(popup) = &self.popup {
            return if popup.text_input() {
                PasteTarget::Text
            } else {
                PasteTarget::Refused
            };
        }
        let multiline = match self.tab {
            TabId::Localities => self.localities.multiline_focused(),
            TabId::Limitations => self.limitations.multiline_focused(),
            TabId::Awards => self.awards.multiline_focused(),
            TabId::Assessments => false,
        };
        match self.scope() {
            _ if multiline => PasteTarget::Lines,
            (_, true) => PasteTarget::Text,
            (Scope::Grid, false) => PasteTarget::Grid,
            _ => PasteTarget::Refused,
        }
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::None => {}
            Outcome::DataChanged => self.view_changed(),
            Outcome::Navigate { tab, locality } => {
                self.switch_tab(tab);
                self.navigate(&locality);
            }
            Outcome::ReloadYear => {
                if let Err(e) = self.ctx.load_year(self.ctx.year) {
                    self.ctx.error(e.render(self.ctx.lang));
                }
                self.view_changed();
            }
        }
    }

    /// Before leaving the cell (year, tab, go-to): commit a valid value; keep an invalid one and say why.
    fn settle_edit(&mut self) -> bool {
        if self.tab == TabId::Assessments {
            return self.assessments.commit(&mut self.ctx).is_ok();
        }
        true
    }

    fn switch_tab(&mut self, tab: TabId) {
        if tab == self.tab || !self.settle_edit() {
            return;
        }
        self.tab = tab;
        if tab == TabId::Localities && self.localities_stale {
            self.localities.sync(&mut self.ctx);
            self.localities_stale = false;
        }
    }

    fn step_year(&mut self, delta: i32) {
        if !self.settle_edit() {
            return;
        }
        let year = (self.ctx.year + delta).clamp(FIRST_YEAR, LAST_YEAR);
        if year == self.ctx.year {
            return;
        }
        if let Err(e) = self.ctx.load_year(year) {
            self.ctx.error(e.render(self.ctx.lang));
        }
        self.view_changed();
    }

    /// Scope to the locality's district and put the cursor on it.
    fn navigate(&mut self, code: &str) {
        if self.ctx.view.locality(code).is_none() {
            // Another province: load it.
            if let Err(e) = self.ctx.scope_to(code) {
                self.ctx.error(e.render(self.ctx.lang));
                return;
            }
            self.view_changed();
        }
        // The province itself: its grid (the districts' totals, or its communes, and its own units).
        let Some(district) = self.ctx.scope_showing(code) else {
            return;
        };
        if self.ctx.district.as_deref() != Some(district.as_str()) {
            self.ctx.set_district(&district);
            self.view_changed();
        }
        match self.tab {
            // A district opens on its first commune; a commune on its own row.
            TabId::Assessments if code == district => self.assessments.focus_first(&mut self.ctx),
            TabId::Assessments => self.assessments.focus_locality(&mut self.ctx, code),
            TabId::Localities => self.localities.focus_locality(&self.ctx, code),
            _ => {}
        }
    }

    /// A key on a popup: its action there (None: a key the popup does not name, which a text
    /// field takes), or the popup closes.
    fn handle_popup(&mut self, popup: Popup, action: Option<Action>, key: &KeyEvent) {
        let s = self.ctx.s();
        match popup {
            Popup::Help {
                scroll,
                scope,
                under,
            } => {
                let next = match action {
                    Some(Action::Down) => Some(scroll.saturating_add(1)),
                    Some(Action::Up) => Some(scroll.saturating_sub(1)),
                    Some(Action::PageDown) => Some(scroll.saturating_add(10)),
                    Some(Action::PageUp) => Some(scroll.saturating_sub(10)),
                    // Any other key closes help, back to what it was opened on.
                    _ => None,
                };
                self.popup = match next {
                    Some(scroll) => Some(Popup::Help {
                        scroll,
                        scope,
                        under,
                    }),
                    None => under.map(|p| *p),
                };
            }
            Popup::QuitQuestion => match action {
                Some(Action::Yes) => {
                    let saved = match self.tab {
                        TabId::Assessments => self.assessments.commit(&mut self.ctx).is_ok(),
                        TabId::Limitations => self.limitations.save_for_exit(&mut self.ctx),
                        TabId::Awards => self.awards.save_for_exit(&mut self.ctx),
                        TabId::Localities => self.localities.save_for_exit(&mut self.ctx),
                    };
                    // A form that cannot be saved stays open with the reason in the status bar.
                    if saved {
                        self.request_quit();
                    }
                }
                Some(Action::No) => self.request_quit(),
                // Esc, or any other key: stay.
                _ => {}
            },
            Popup::FirstRun => match action {
                Some(Action::LoadDemo) => {
                    match crate::services::load_demo_into_empty(&mut self.ctx.store) {
                        Ok(()) => {
                            let year = initial_year(&self.ctx.store, None).unwrap_or(self.ctx.year);
                            if let Err(e) = self.ctx.load_year(year) {
                                self.ctx.error(e.render(self.ctx.lang));
                            } else {
                                self.ctx.info(s.demo_loaded);
                            }
                            self.view_changed();
                        }
                        Err(e) => {
                            self.ctx.error(e.render(self.ctx.lang));
                            self.popup = Some(Popup::FirstRun);
                        }
                    }
                }
                Some(Action::StartEmpty) => {}
                Some(Action::Quit) => self.quit = true,
                _ => self.popup = Some(Popup::FirstRun),
            },
            Popup::GoTo(mut goto) => match goto.handle(action, key) {
                super::popups::GoToResult::Open => self.popup = Some(Popup::GoTo(goto)),
                super::popups::GoToResult::Cancel => {}
                super::popups::GoToResult::Pick(code) => self.navigate(&code),
            },
            Popup::Conflict(q) => self.answer_conflict(q, action),
            Popup::Note(editor) => self.handle_note_popup(editor, action, key),
            Popup::StillToEnter(mut list) => match list.handle(&self.ctx, action) {
                StillOutcome::Open => self.popup = Some(Popup::StillToEnter(list)),
                StillOutcome::Close => {}
                StillOutcome::Go(item) => self.go_to_item(&item),
            },
            review => self.handle_review_popup(review, action, key),
        }
    }

    /// Enter on "Còn phải nhập": the item's cell gets the focus — a row of the grid, or (a commune of
    /// a district, listed on the province's grid) its district's grid — and the status bar says
    /// what is wanted there.
    fn go_to_item(&mut self, item: &StillItem) {
        if !self
            .assessments
            .focus_cell(&mut self.ctx, &item.code, item.field)
        {
            self.navigate(&item.code);
            self.assessments
                .focus_cell(&mut self.ctx, &item.code, item.field);
        }
        let line = item.line();
        let what = line.split_once(' ').map_or(line.as_str(), |(_, rest)| rest);
        self.ctx.info(what.to_string());
    }

    /// y: overwrite the other login's value (provided it is still the one the question showed);
    /// n: keep it, and show it. Any other key leaves the question open.
    fn answer_conflict(&mut self, q: super::commits::ConflictQuestion, action: Option<Action>) {
        match action {
            Some(Action::Yes) => {
                if q.from_edit {
                    self.assessments.drop_edit(&mut self.ctx);
                }
                let write = super::commits::CellWrite {
                    since: Some(q.conflict.stored),
                    ..q.write
                };
                self.ctx.commit_cell(write, false);
            }
            Some(Action::No) => {
                if q.from_edit {
                    self.assessments.drop_edit(&mut self.ctx);
                }
                if let Err(e) = self.ctx.load_year(self.ctx.year) {
                    self.ctx.error(e.render(self.ctx.lang));
                } else {
                    let by = q
                        .conflict
                        .by
                        .as_deref()
                        .unwrap_or(self.ctx.s().conflict_someone);
                    let kept = super::strings::fill(
                        self.ctx.s().conflict_kept,
                        &[by, &self.ctx.value_text(q.conflict.stored)],
                    );
                    self.ctx.info(kept);
                }
            }
            _ => {
                self.popup = Some(Popup::Conflict(q));
                return;
            }
        }
        self.view_changed();
        // The queue waited behind the question.
        self.retry_writes();
    }

    /// Draws the whole screen from the state.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let ctx = &self.ctx;
        if !widgets::big_enough(area) {
            widgets::too_small(ctx, frame, area);
            return;
        }
        let [header, tabs, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // A message that needs two lines takes the tab's last line too, until the next key.
        let status_lines = widgets::status_height(ctx, area.width);
        let status = Rect {
            y: status.bottom().saturating_sub(status_lines),
            height: status_lines,
            ..status
        };
        widgets::header(ctx, frame, header, &self.header_scope());
        widgets::tab_bar(ctx, frame, tabs, self.tab);
        match self.tab {
            _ if self.render_years(frame, body) => {}
            TabId::Localities => self.localities.render(ctx, frame, body),
            TabId::Assessments => self.assessments.render(ctx, frame, body),
            TabId::Limitations => self.limitations.render(ctx, frame, body),
            TabId::Awards => self.awards.render(ctx, frame, body),
        }
        widgets::status_bar(ctx, frame, status, &self.hints());
        if let Some(popup) = &self.popup {
            popup.render(ctx, frame, area);
        }
    }

    fn header_scope(&self) -> String {
        let ctx = &self.ctx;
        let s = ctx.s();
        let state = ctx
            .district
            .as_deref()
            .map(|d| match ctx.view.state(d) {
                State::Draft => s.state_draft,
                State::Submitted => s.state_submitted,
                State::Approved => s.state_approved,
            })
            .unwrap_or("");
        match self.review_marker() {
            Some(marker) => format!("{state} · {marker}"),
            None => state.to_string(),
        }
    }

    /// The keys that matter on this screen, from the live key map.
    fn hints(&self) -> String {
        if let Some(hints) = self.years_hints() {
            return hints;
        }
        let ctx = &self.ctx;
        let (scope, _) = self.screen_scope();
        let narrow = ctx.size.0 < 110;
        let wanted: &[Action] = match self.tab {
            _ if scope == Scope::Form => &[Action::Help, Action::Commit, Action::Abandon],
            _ if narrow => &[Action::Help, Action::Quit],
            TabId::Assessments => &[Action::Help, Action::Ditto, Action::GoTo, Action::Quit],
            TabId::Localities => &[Action::Help, Action::Find, Action::Commit, Action::Quit],
            TabId::Limitations | TabId::Awards => {
                &[Action::Help, Action::New, Action::Commit, Action::Quit]
            }
        };
        wanted
            .iter()
            .map(|&a| {
                let keys = ctx.keymap.keys_for(scope, a);
                let first = keys.split(' ').next().unwrap_or("").to_string();
                let label = if scope == Scope::Form && a == Action::Commit {
                    ctx.s().hint_save
                } else {
                    action_hint(ctx.lang, a)
                };
                format!("{first} {label}")
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The message in the status bar, if any (for tests).
    pub fn status_message(&self) -> Option<&str> {
        self.ctx.status.message.as_ref().map(|m| m.1.as_str())
    }

    pub fn status_is_error(&self) -> bool {
        matches!(self.ctx.status.message, Some((MessageKind::Error, _)))
    }
}
