//! What every tab shares: the store, the configuration, the year in view with its checker, the
//! district in scope, the judgement of that scope, and the status bar. Tabs reach each other only
//! through this and the App, never directly.

use super::commits::{attempt, Attempt, CellWrite, ConflictQuestion, COMMIT_WAIT};
use super::keymap::KeyMap;
use super::strings::{fill, Strings};
use super::theme::Theme;
use super::year::YearView;
use crate::config::Config;
use crate::domain::aggregate::Totals;
use crate::domain::rules::{rule, DistrictCheck, Edit, Gauge, Severity};
use crate::domain::workflow::State;
use crate::domain::{
    Assessment, Category, Field, FieldValue, History, Level, Locality, ValueNote, YearData,
};
use crate::error::Result;
use crate::services::access::Rights;
use crate::services::undo::{CellChange, UndoStack};
use crate::services::ValueChange;
use crate::store::{Source, Store};
use crate::text::Lang;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

/// The earliest and latest report years the year keys move between.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// The status bar's state: the last save and one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// "HH:MM:SS" of the last committed change; set only after the transaction commits.
    pub saved_at: Option<String>,
    pub message: Option<(MessageKind, String)>,
}

pub struct Ctx {
    pub store: Store,
    pub config: Arc<Config>,
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: KeyMap,
    pub year: i32,
    /// The province in view: only its units are loaded, so a national database costs what one
    /// province does.
    pub province: Option<String>,
    /// The reporting units of the province in the year: its districts, or its communes when the
    /// year has no district (two-level local government).
    pub districts: Vec<Locality>,
    /// The province without the district in scope, summed by SQL.
    pub province_rest: Totals,
    /// Of the province without the district in scope: units entered, units in all (read by SQL).
    pub province_rest_entered: (u64, u64),
    /// The reporting unit in scope — a district, or a commune of a year without districts — or the
    /// province itself (its grid); None while the year has no unit.
    pub district: Option<String>,
    /// Medals given in other years are read on the first idle moment (or when an award is judged),
    /// not before the first screen: at national scale they are a scan of every award.
    pub medals_loaded: bool,
    /// The province's grid: each reporting unit's standing (its sealed package received, late), as
    /// `antq status` says it; empty for another scope.
    pub packages: HashMap<String, crate::services::workflow::UnitStatus>,
    pub view: YearView,
    /// The notes on the values of the units in view, by cell (read with the year).
    pub notes: HashMap<(String, Field), ValueNote>,
    /// The district in scope judged with the edit in progress substituted.
    pub live: DistrictCheck,
    pub rights: Rights,
    pub status: Status,
    pub data_version: i64,
    /// The terminal size, for the tabs' scrolling (rendering itself never changes state).
    pub size: (u16, u16),
    /// The wall clock for "saved HH:MM:SS"; tests pass a fixed one.
    pub clock: fn() -> String,
    /// This session's committed cells, for Ctrl-Z / Ctrl-Y (the shared undo service).
    pub undo: UndoStack,
    /// Past years are reviewed read-only unless unlocked (see `review`).
    pub review: super::review::ReviewState,
    /// Cell commits waiting for another process's write lock, oldest first (see `commits`); the
    /// grid shows their values meanwhile.
    pub queue: VecDeque<CellWrite>,
    /// A conflict a commit found, for the App to ask about.
    pub conflict: Option<ConflictQuestion>,
    /// Quit was asked while commits waited: the App leaves once they are written.
    pub quit_after_writes: bool,
    /// How long a cell commit waits for the write lock before it is queued.
    pub commit_wait: Duration,
}

/// What became of a cell commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitOutcome {
    Saved,
    /// Queued behind another process's write lock; the cell shows the value.
    Queued,
    /// Another login changed the cell since the edit began: a question is waiting (`Ctx::conflict`).
    Conflict,
    /// Refused; the reason is in the status bar.
    Refused,
}

pub fn wall_clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

fn empty_check() -> DistrictCheck {
    DistrictCheck {
        findings: Vec::new(),
        district: Default::default(),
        province: Default::default(),
        gauges: Vec::new(),
    }
}

impl Ctx {
    pub fn new(
        store: Store,
        config: Config,
        lang: Lang,
        theme: Theme,
        year: i32,
        district: Option<String>,
    ) -> Result<Ctx> {
        // Keys added by the configuration files: a refused one stops the start, like any other
        // configuration error, naming the file, the line and the key.
        let keymap = KeyMap::with_extras(&config.keys).map_err(|errors| {
            let all = |lang| {
                errors
                    .iter()
                    .map(|e| e.localized(lang))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            crate::error::Error::env(
                format!("cấu hình sai: {}", all(Lang::Vi)),
                format!("invalid configuration: {}", all(Lang::En)),
            )
        })?;
        let config = Arc::new(config);
        let rights = Rights::of(&store)?;
        let data_version = store.data_version()?;
        let view = YearView::new(
            YearData {
                year,
                ..YearData::default()
            },
            Arc::new(History::default()),
            config.clone(),
            HashMap::new(),
        );
        let mut ctx = Ctx {
            store,
            config,
            lang,
            theme,
            keymap,
            year,
            province: None,
            districts: Vec::new(),
            province_rest: Totals::default(),
            province_rest_entered: (0, 0),
            district,
            medals_loaded: false,
            packages: HashMap::new(),
            view,
            notes: HashMap::new(),
            live: empty_check(),
            rights,
            status: Status::default(),
            data_version,
            size: (80, 24),
            clock: wall_clock,
            undo: UndoStack::default(),
            review: Default::default(),
            queue: VecDeque::new(),
            conflict: None,
            quit_after_writes: false,
            commit_wait: COMMIT_WAIT,
        };
        ctx.load_year(year)?;
        Ok(ctx)
    }

    pub fn s(&self) -> &'static Strings {
        Strings::get(self.lang)
    }

    /// Reads the year of the district in scope and prepares its checker (once per year, district
    /// or data change, never per keystroke). The rest of the province is read as sums.
    pub fn load_year(&mut self, year: i32) -> Result<()> {
        let same_year = year == self.year;
        // The province's targets live in the database: a change, here or by another login, is
        // read with the year.
        let targets = crate::services::targets::in_force(&self.store, &self.config)?;
        if targets != self.config.target {
            Arc::make_mut(&mut self.config).target = targets;
        }
        let province = self.pick_province(year)?;
        let districts = match &province {
            Some(p) => self.reporting_units(year, p)?,
            None => Vec::new(),
        };
        self.review.current_year = self.store.latest_year()?;
        self.year = year;
        self.province = province;
        self.district = self.valid_district(self.province.clone().as_deref(), &districts);
        self.districts = districts;
        let province_scope = self.province_scope();
        let data = match (&self.province, &self.district) {
            // The province in scope: the whole province is judged (its totals are the districts'
            // subtrees plus its own units), so it is all read.
            (Some(p), Some(_)) if province_scope => self.store.province_year(year, p)?,
            (Some(p), Some(d)) => self.store.district_year(year, p, d)?,
            (Some(p), None) => YearData {
                year,
                localities: self.store.locality_in_year(p, year)?.into_iter().collect(),
                ..YearData::default()
            },
            _ => YearData {
                year,
                ..YearData::default()
            },
        };
        self.province_rest = match (&self.province, &self.district) {
            (Some(p), Some(d)) if !province_scope => self.store.rest_of_province(year, p, d)?,
            _ => Totals::default(),
        };
        self.province_rest_entered = match (&self.province, &self.district) {
            (Some(p), Some(d)) if !province_scope => {
                self.store
                    .rest_of_province_entered(year, p, d, self.config.rule_set(year))?
            }
            _ => (0, 0),
        };
        let history = self.history_for(&data)?;
        let states = self.store.states(year)?;
        // Undo and redo never cross a workflow transition (submit, recall, approve, reopen, here
        // or in another process): a change made before a submission is not taken back after it.
        if same_year && self.view.states_moved(&states) {
            self.undo = UndoStack::default();
        }
        self.view = YearView::new(data, Arc::new(history), self.config.clone(), states);
        self.read_notes()?;
        // Commits still waiting for the write lock stay on screen over what is stored.
        let waiting: Vec<CellWrite> = self
            .queue
            .iter()
            .filter(|w| w.year == year)
            .cloned()
            .collect();
        for w in waiting {
            self.show_value(&w.locality_code, w.field, w.value);
        }
        self.medals_loaded = false;
        self.packages = if self.province_scope() {
            let today = chrono::Utc::now().date_naive();
            crate::services::workflow::unit_statuses(&self.store, &self.config, year, today)?
                .into_iter()
                .map(|u| (u.unit.code.clone(), u))
                .collect()
        } else {
            HashMap::new()
        };
        self.recheck(None);
        Ok(())
    }

    /// The reporting units of `province` in `year`: its districts, else (a year without districts)
    /// the communes directly under it.
    fn reporting_units(&self, year: i32, province: &str) -> Result<Vec<Locality>> {
        let districts = self.store.districts_of(year, province)?;
        if !districts.is_empty() {
            return Ok(districts);
        }
        Ok(self
            .store
            .province_units(year, province)?
            .into_iter()
            .filter(|l| l.level == Level::Commune && l.parent_code.as_deref() == Some(province))
            .collect())
    }

    /// The scope if it is a reporting unit of the year (or the province itself, asked for by go-to
    /// or `--district`), else the clerk's own unit, else the first district — or, in a year without
    /// districts, the province's grid, which lists its communes.
    fn valid_district(&self, province: Option<&str>, districts: &[Locality]) -> Option<String> {
        let valid = |code: &str| province == Some(code) || districts.iter().any(|l| l.code == code);
        if let Some(d) = self.district.as_deref().filter(|d| valid(d)) {
            return Some(d.to_string());
        }
        if let Rights::Clerk { unit_code } = &self.rights {
            if valid(unit_code) {
                return Some(unit_code.clone());
            }
        }
        match districts.first() {
            Some(first) if first.level == Level::Commune => province.map(str::to_string),
            first => first.map(|l| l.code.clone()),
        }
    }

    /// The year's province stands directly over its communes (no district): the words and the
    /// grid follow ("xã, phường, đặc khu"; no district gauge).
    pub fn without_districts(&self) -> bool {
        self.districts
            .first()
            .is_some_and(|l| l.level == Level::Commune)
    }

    /// A category's words on screen: the configured label, except the communes' in a year without
    /// districts, which holds no township and has special zones.
    pub fn category_label(&self, category: Category) -> String {
        if category == Category::Communes && self.without_districts() {
            return crate::domain::label::communes_without_districts(self.lang).to_string();
        }
        self.config.category_label(category.code(), self.lang)
    }

    /// Last year's rows of the district in scope and its communes.
    fn history_for(&self, data: &YearData) -> Result<History> {
        let Some(d) = self.district.as_deref() else {
            return Ok(History::default());
        };
        let codes: Vec<&str> = data
            .localities
            .iter()
            .filter(|l| l.code == d || l.parent_code.as_deref() == Some(d))
            .map(|l| l.code.as_str())
            .collect();
        self.store.district_history(data.year, &codes)
    }

    /// The province to show in `year`: the one of the district in scope, else the one shown so far,
    /// else the clerk's, else the first.
    fn pick_province(&self, year: i32) -> Result<Option<String>> {
        let store = &self.store;
        let mut candidates: Vec<&str> = Vec::new();
        candidates.extend(self.district.as_deref());
        candidates.extend(self.province.as_deref());
        if let Rights::Clerk { unit_code } = &self.rights {
            candidates.push(unit_code);
        }
        for code in candidates {
            if let Some(p) = store.province_of(year, code)? {
                return Ok(Some(p));
            }
        }
        store.first_province(year)
    }

    /// Moves the scope to the reporting unit of `code` (in another province too) and loads its
    /// year: a commune's district, or the commune itself where it stands directly under its province.
    pub fn scope_to(&mut self, code: &str) -> Result<()> {
        let Some(l) = self.store.locality_in_year(code, self.year)? else {
            return Ok(());
        };
        let parent_level = match l.parent_code.as_deref() {
            Some(p) => self.store.locality_in_year(p, self.year)?.map(|p| p.level),
            None => None,
        };
        self.district = Some(
            crate::services::access::reporting_unit_of(&l, parent_level)
                .unwrap_or(&l.code)
                .to_string(),
        );
        self.province = self.store.province_of(self.year, code)?;
        self.load_year(self.year)
    }

    /// The scope whose grid shows `code` (loaded in the view): the province's grid for the province
    /// and, while it is in scope, for the communes directly under it (a district opens its own);
    /// else the code's reporting unit.
    pub fn scope_showing(&self, code: &str) -> Option<String> {
        let l = self.view.locality(code)?;
        let province = self.province.as_deref();
        let a_row_here = self.province_scope()
            && l.level == Level::Commune
            && l.parent_code.as_deref() == province;
        if province == Some(code) || a_row_here {
            return province.map(str::to_string);
        }
        self.view.unit_of(code).map(|u| u.code.clone())
    }

    /// Reads the medals of other years if not yet read. True when the judgement changed.
    pub fn ensure_medals(&mut self) -> Result<bool> {
        self.medals_for(false)
    }

    /// At an idle moment, the medals matter only if the district's year has a medal to a person;
    /// the award form asks for them (`all`) whatever the year holds.
    pub fn medals_for(&mut self, all: bool) -> Result<bool> {
        if self.medals_loaded {
            return Ok(false);
        }
        let needed = all
            || self.view.data().awards.iter().any(|a| {
                a.form == crate::domain::AwardForm::CommemorativeMedal
                    && a.recipient_kind == crate::domain::RecipientKind::Individual
            });
        if !needed {
            return Ok(false);
        }
        let medals = self.store.medals_outside_year(self.year)?;
        self.medals_loaded = true;
        if medals.is_empty() {
            return Ok(false);
        }
        let before = self.errors_and_warnings();
        self.replace_view(|v| v.with_history(|h| h.medals_other_years = medals));
        self.recheck(None);
        Ok(self.errors_and_warnings() != before)
    }

    /// Re-reads the year after another process committed (data_version changed).
    pub fn reload(&mut self) -> Result<()> {
        self.rights = Rights::of(&self.store)?;
        self.load_year(self.year)
    }

    /// Scopes the view to another district (of this province or another one).
    pub fn set_district(&mut self, code: &str) {
        self.district = Some(code.to_string());
        if let Err(e) = self.load_year(self.year) {
            self.error(e.render(self.lang));
        }
    }

    /// Judges the scope again, with `edit` (the value being typed) substituted. The checker holds
    /// the district only, so the province's totals are the rest of the province (read as sums) plus
    /// the district as judged now; the province's target shortfalls are shown by its gauges and are
    /// not counted as the district's own warnings.
    pub fn recheck(&mut self, edit: Option<&Edit>) {
        let Some(d) = &self.district else {
            self.live = empty_check();
            return;
        };
        let mut check = self.view.checker().check_district(d, edit);
        // With the province in scope the checker holds all of it: its judgement stands as it is.
        if let Some(p) = self.province.as_ref().filter(|&p| p != d) {
            check
                .findings
                .retain(|f| !(f.locality_code == *p && f.rule == rule::TARGET_SHORTFALL));
            let mut province = self.province_rest;
            province.add(&check.district);
            check.province = province;
            check.gauges.retain(|g| g.locality_code != *p);
            check.gauges.extend(self.gauges(p, &province));
        }
        self.live = check;
    }

    /// The province itself is in scope (go-to the province, or `--district` with its code): the
    /// Assessments grid lists its districts' totals and its own units.
    pub fn province_scope(&self) -> bool {
        self.district.is_some() && self.district == self.province
    }

    /// The four gauges of a unit with these totals, against the year's targets for it.
    pub fn gauges(&self, code: &str, totals: &Totals) -> Vec<Gauge> {
        Category::ALL
            .iter()
            .map(|&category| {
                Gauge::judge(
                    code,
                    category,
                    totals.get(category),
                    self.config.target_for(self.year, category, Some(code)),
                )
            })
            .collect()
    }

    /// How many units of `code` are entered, of how many, with `edit` (the value being typed)
    /// substituted. A reporting unit counts its own row and its communes; the province all of its
    /// units (the part outside the view read as a count when a district is in scope).
    pub fn units_entered(&self, code: &str, edit: Option<&Edit>) -> (u64, u64) {
        let rule_set = self.config.rule_set(self.year);
        let whole_view = self.province.as_deref() == Some(code) && self.province_scope();
        let (rest, scope) = if self.province.as_deref() == Some(code) && !whole_view {
            (
                self.province_rest_entered,
                self.district.as_deref().unwrap_or(code),
            )
        } else {
            ((0, 0), code)
        };
        let (mut entered, mut units) = rest;
        for l in &self.view.data().localities {
            let mine = whole_view || l.code == scope || l.parent_code.as_deref() == Some(scope);
            if !mine {
                continue;
            }
            units += 1;
            let stored = self.view.row(&l.code);
            let edited = edit.filter(|e| e.locality_code == l.code).map(|e| {
                let mut row = stored
                    .cloned()
                    .unwrap_or_else(|| Assessment::empty(self.year, &l.code));
                row.set(e.field, e.value);
                row
            });
            let row = edited.as_ref().or(stored);
            if crate::domain::completeness::missing_fields(l.level, row, rule_set).is_empty() {
                entered += 1;
            }
        }
        (entered, units)
    }

    pub fn errors_and_warnings(&self) -> (usize, usize) {
        let errors = self
            .live
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (errors, self.live.findings.len() - errors)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status.message = Some((MessageKind::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status.message = Some((MessageKind::Error, text.into()));
    }

    /// Why this user may not change figures of `code` in the year in view, if they may not. Checked at
    /// the keyboard so a refused edit is never typed; `set_value` checks again in its transaction.
    pub fn edit_refusal(&self, code: &str) -> Option<String> {
        let s = self.s();
        let district = self.view.unit_of(code).map(|d| d.code.as_str());
        let two_level = self.without_districts();
        match &self.rights {
            Rights::ReadOnly => return Some(fill(s.login_read_only, &[self.store.user()])),
            r if !r.may_edit_unit(district) => {
                return Some(
                    if two_level {
                        s.not_your_unit
                    } else {
                        s.not_your_district
                    }
                    .to_string(),
                )
            }
            _ => {}
        }
        if let Some(d) = district {
            if self.view.state(d) == State::Approved {
                return Some(
                    if two_level {
                        s.approved_read_only_unit
                    } else {
                        s.approved_read_only
                    }
                    .to_string(),
                );
            }
            if self.view.state(d) == State::Submitted && !self.rights.is_province() {
                return Some(s.submitted_read_only.to_string());
            }
        }
        self.review.refusal(self, district)
    }

    /// True when this user may not change the district in scope (shown in the header).
    pub fn edit_refusal_for_scope(&self) -> bool {
        self.district
            .as_deref()
            .is_some_and(|d| self.edit_refusal(d).is_some())
    }

    /// Commits one cell through the one service that does it (rights, approval, audit row, one
    /// transaction, the value the edit began from compared inside it), then updates the year in
    /// view. The status bar says "saved" only after this. Behind another process's write lock the
    /// commit is queued (see `commits`) rather than the screen frozen.
    pub fn commit_cell(&mut self, write: CellWrite, from_edit: bool) -> CommitOutcome {
        if !self.queue.is_empty() {
            self.flush_queue();
            if !self.queue.is_empty() || self.conflict.is_some() {
                self.enqueue(write);
                return CommitOutcome::Queued;
            }
        }
        match attempt(&mut self.store, &write, self.commit_wait, Source::Tui) {
            Attempt::Written(change) => {
                self.written(&write, change);
                CommitOutcome::Saved
            }
            Attempt::Busy => {
                self.enqueue(write);
                CommitOutcome::Queued
            }
            Attempt::Conflict(conflict) => {
                self.conflict = Some(ConflictQuestion {
                    write,
                    conflict,
                    from_edit,
                });
                CommitOutcome::Conflict
            }
            Attempt::Refused(e) => {
                self.error(e.render(self.lang));
                CommitOutcome::Refused
            }
        }
    }

    /// Tries the queued commits again, oldest first, until one still finds the lock taken or a
    /// conflict needs its clerk. True when anything changed.
    pub fn flush_queue(&mut self) -> bool {
        let mut changed = false;
        let mut refused = false;
        while self.conflict.is_none() {
            let Some(w) = self.queue.front().cloned() else {
                break;
            };
            match attempt(&mut self.store, &w, self.commit_wait, Source::Tui) {
                Attempt::Busy => break,
                Attempt::Written(change) => {
                    self.queue.pop_front();
                    self.written(&w, change);
                }
                Attempt::Conflict(conflict) => {
                    self.queue.pop_front();
                    self.conflict = Some(ConflictQuestion {
                        write: w,
                        conflict,
                        from_edit: false,
                    });
                }
                Attempt::Refused(e) => {
                    self.queue.pop_front();
                    self.error(e.render(self.lang));
                    refused = true;
                }
            }
            changed = true;
        }
        // A refused value was on screen as if it were going to be saved: show what is stored.
        if refused {
            if let Err(e) = self.load_year(self.year) {
                self.error(e.render(self.lang));
            }
        }
        changed
    }

    /// The queued cells, as lines saying what was not saved (printed after a forced quit).
    pub fn unsaved(&self) -> Vec<String> {
        self.queue
            .iter()
            .map(|w| {
                let unit = self
                    .view
                    .locality(&w.locality_code)
                    .map_or(w.locality_code.as_str(), |l| l.name.as_str());
                fill(
                    self.s().not_saved,
                    &[
                        unit,
                        self.field_label(w.field),
                        &w.year.to_string(),
                        &self.value_text(w.value),
                    ],
                )
            })
            .collect()
    }

    fn enqueue(&mut self, write: CellWrite) {
        if write.year == self.year {
            self.show_value(&write.locality_code, write.field, write.value);
        }
        self.queue.push_back(write);
    }

    /// A commit went through: the view, the status bar's time, and the undo stack.
    fn written(&mut self, w: &CellWrite, change: ValueChange) {
        if !change.written {
            return;
        }
        if w.year == self.year {
            self.show_committed(&w.locality_code, w.field, w.value);
        } else {
            self.status.saved_at = Some((self.clock)());
        }
        self.undo.record(CellChange {
            year: w.year,
            locality_code: w.locality_code.clone(),
            field: w.field,
            old: change.old,
            new: change.new,
        });
    }

    /// The cells of one paste were committed in one transaction: the view (its checker rebuilt
    /// once), the status bar's time, and one undo step.
    pub fn written_cells(&mut self, writes: &[CellWrite], changes: &[ValueChange]) {
        let year = self.year;
        self.show_committed_cells(
            writes
                .iter()
                .filter(|w| w.year == year)
                .map(|w| (w.locality_code.as_str(), w.field, w.value)),
        );
        self.undo.record_step(
            writes
                .iter()
                .zip(changes)
                .filter(|(_, c)| c.written)
                .map(|(w, c)| CellChange {
                    year: w.year,
                    locality_code: w.locality_code.clone(),
                    field: w.field,
                    old: c.old,
                    new: c.new,
                })
                .collect(),
        );
    }

    /// Cells of the year in view were committed together (a paste, its undo): the view, its checker
    /// rebuilt once, and the status bar.
    pub fn show_committed_cells<'c>(
        &mut self,
        cells: impl Iterator<Item = (&'c str, Field, FieldValue)>,
    ) {
        let year = self.year;
        let mut rows: Vec<Assessment> = Vec::new();
        for (code, field, value) in cells {
            let at = match rows.iter().position(|r| r.locality_code == code) {
                Some(at) => at,
                None => {
                    rows.push(
                        self.view
                            .row(code)
                            .cloned()
                            .unwrap_or_else(|| Assessment::empty(year, code)),
                    );
                    rows.len() - 1
                }
            };
            rows[at].set(field, value);
        }
        self.replace_view(|v| v.with_rows(rows));
        self.status.saved_at = Some((self.clock)());
    }

    /// A cell of the year in view was committed: update the view (and its checker) and the status bar.
    pub fn show_committed(&mut self, locality_code: &str, field: Field, value: FieldValue) {
        self.show_value(locality_code, field, value);
        self.status.saved_at = Some((self.clock)());
    }

    /// Puts a value into the year in view (and its checker), stored or about to be.
    fn show_value(&mut self, locality_code: &str, field: Field, value: FieldValue) {
        let year = self.year;
        let mut row = self
            .view
            .row(locality_code)
            .cloned()
            .unwrap_or_else(|| Assessment::empty(year, locality_code));
        row.set(field, value);
        self.replace_view(|v| v.with_row(row));
    }

    /// Swaps the view for one built from it (the checker must be dropped before its data changes).
    pub fn replace_view(&mut self, f: impl FnOnce(YearView) -> YearView) {
        let placeholder = YearView::new(
            YearData {
                year: self.year,
                ..YearData::default()
            },
            Arc::new(History::default()),
            self.config.clone(),
            HashMap::new(),
        );
        let view = std::mem::replace(&mut self.view, placeholder);
        self.view = f(view);
    }

    /// Has another connection committed since we last looked? Cheap: one PRAGMA.
    pub fn data_changed(&mut self) -> Result<bool> {
        let v = self.store.data_version()?;
        if v != self.data_version {
            self.data_version = v;
            return Ok(true);
        }
        Ok(false)
    }

    pub fn field_label(&self, field: Field) -> &'static str {
        let s = self.s();
        match field {
            Field::ResidentialAreasTotal => s.field_residential_total,
            Field::ResidentialAreasRecognized => s.field_residential_recognized,
            Field::CommuneRecognized => s.field_commune_recognized,
            Field::PoliceAdvanced => s.field_police_advanced,
            Field::AgenciesTotal => s.field_agencies_total,
            Field::AgenciesRecognized => s.field_agencies_recognized,
            Field::SchoolsTotal => s.field_schools_total,
            Field::SchoolsRecognized => s.field_schools_recognized,
            Field::Models => s.field_models,
        }
    }

    /// The note and follow-up flag of a cell in view, if it has either.
    pub fn note(&self, code: &str, field: Field) -> Option<&ValueNote> {
        // Asked for every cell drawn: most years have no note at all.
        if self.notes.is_empty() {
            return None;
        }
        self.notes.get(&(code.to_string(), field))
    }

    /// How many cells of `unit` (its own row and its communes') are flagged for follow-up.
    pub fn flagged_within(&self, unit: &str) -> u64 {
        self.notes
            .values()
            .filter(|n| n.follow_up)
            .filter(|n| {
                n.locality_code == unit
                    || self
                        .view
                        .locality(&n.locality_code)
                        .is_some_and(|l| l.parent_code.as_deref() == Some(unit))
            })
            .count() as u64
    }

    /// A cell's note as stored now (a blank one: the cell has none).
    /// The notes of the year in view, as stored.
    pub fn read_notes(&mut self) -> Result<()> {
        self.notes = self
            .store
            .notes_of_year(self.year)?
            .into_iter()
            .filter(|n| self.view.locality(&n.locality_code).is_some())
            .map(|n| ((n.locality_code.clone(), n.field), n))
            .collect();
        Ok(())
    }

    pub fn show_note(&mut self, n: ValueNote) {
        let key = (n.locality_code.clone(), n.field);
        if n.is_blank() {
            self.notes.remove(&key);
        } else {
            self.notes.insert(key, n);
        }
        self.status.saved_at = Some((self.clock)());
    }

    /// A field value as the grid shows it ("·" = not reported).
    pub fn value_text(&self, value: FieldValue) -> String {
        let s = self.s();
        match value {
            FieldValue::Count(Some(n)) => crate::text::format_count(n.into(), self.lang),
            FieldValue::Flag(Some(true)) => s.yes.to_string(),
            FieldValue::Flag(Some(false)) => s.no.to_string(),
            FieldValue::Count(None) | FieldValue::Flag(None) => "·".to_string(),
        }
    }
}
