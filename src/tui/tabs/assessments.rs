//! The Assessments tab, the heart of the app: one district's figures for one report year, typed
//! heads-down from the paper form, judged on every keystroke with the value still being typed.
//!
//! Rows: the district's communes valid in the year, then the units the district manages itself,
//! then the district's totals (computed). Columns: the fields of `assessments.csv`, with the shares
//! as computed columns the cursor skips.

use super::Outcome;
use crate::domain::aggregate::{Ratio, Totals};
use crate::domain::rules::{rule, Edit, Finding, Gauge, Severity};
use crate::domain::{Assessment, Category, Field, FieldKind, FieldValue, Level};
use crate::services::undo::Step;
use crate::services::{set_values_since, CellsCommit};
use crate::store::Source;
use crate::text::{echo, format_count, format_ratio, parse_bool, parse_count, Lang};
use crate::tui::commits::{with_wait, CellWrite, COMMIT_WAIT};
use crate::tui::context::{CommitOutcome, Ctx};
use crate::tui::edit::{typing_refusal, CellEdit};
use crate::tui::keymap::{typed, Action};
use crate::tui::strings::fill;
use crate::tui::ui::{fit, pad, pad_left, scroll_to, wrap};
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::HashMap;

/// Lines of the panel under the grid: a rule, the focused cell, two lines of its row's findings, the
/// target gauges and how many units are entered.
const PANEL_HEIGHT: u16 = 9;
/// Two lines of column headings.
const HEAD_HEIGHT: u16 = 2;
/// From this width on, every category's share gets a column and names get room.
const WIDE: u16 = 110;
/// The name column of a wide grid: as wide as its longest name within these bounds.
const NAME_MIN: usize = 16;
const NAME_MAX: usize = 32;
/// What a figure column of a wide grid may gain beyond its own width; more is left blank.
const EXTRA_MAX: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
struct GridRow {
    code: String,
    name: String,
    kind: RowKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// A commune: every field.
    Commune,
    /// The units the district (or, in the province's grid, the province) manages itself: agencies,
    /// schools and models only.
    Own,
    /// A district in the province's grid: its totals, computed, never typed into; Enter opens it.
    Summary,
}

/// One cell of a pasted block: where it sits in the block (row, column from 0), its unit's name,
/// and the write.
struct Pasted {
    at: (usize, usize),
    name: String,
    write: CellWrite,
}

/// The edit could not be committed; the reason is in the status bar and the value stays in the cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

#[derive(Clone)]
pub struct AssessmentsTab {
    rows: Vec<GridRow>,
    row: usize,
    /// Index into `Field::ALL`.
    col: usize,
    scroll: usize,
    edit: Option<CellEdit>,
    /// The last complete value of the edit, judged while the buffer is incomplete ("1.0" → "1.046").
    live_value: Option<FieldValue>,
    /// The cell's value when the edit began: the commit is refused (and its clerk asked) if another
    /// login changed it since.
    since: Option<FieldValue>,
}

/// A column of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Field(Field),
    Share(Category),
}

struct Columns {
    cols: Vec<(Col, usize)>,
    name: usize,
    wide: bool,
    /// The width of the column of each unit's sealed package (the province's grid, wide), else 0.
    package: usize,
}

/// The package column: "14/12 trễ" / "14/12 late".
const PACKAGE_WIDTH: usize = 10;

/// The columns at `width`; `names` is the widest of the names the grid shows, `packages` whether
/// the grid shows each unit's sealed package (the province's, wide). Below [`WIDE`] the names get
/// what the figures leave; from there on the figure columns share what the longest name does not
/// need (within [`NAME_MIN`]..=[`NAME_MAX`]), up to [`EXTRA_MAX`] each, and the names get what is
/// left up to [`NAME_MAX`].
fn columns(width: u16, names: usize, packages: bool) -> Columns {
    let wide = width >= WIDE;
    let (count, share, flag, models) = if wide { (7, 6, 5, 5) } else { (6, 4, 3, 4) };
    let mut cols = vec![
        (Col::Field(Field::ResidentialAreasTotal), count),
        (Col::Field(Field::ResidentialAreasRecognized), count),
        (Col::Share(Category::ResidentialAreas), share),
        (Col::Field(Field::CommuneRecognized), flag),
        (Col::Field(Field::PoliceAdvanced), flag),
        (Col::Field(Field::AgenciesTotal), count),
        (Col::Field(Field::AgenciesRecognized), count),
    ];
    if wide {
        cols.push((Col::Share(Category::Agencies), share));
    }
    cols.push((Col::Field(Field::SchoolsTotal), count));
    cols.push((Col::Field(Field::SchoolsRecognized), count));
    if wide {
        cols.push((Col::Share(Category::Schools), share));
    }
    cols.push((Col::Field(Field::Models), models));
    let package = if wide && packages { PACKAGE_WIDTH } else { 0 };
    // marker (1) + name + for each column a space and the column + the package column and its
    // space + a space and the row marker (1)
    let fixed: usize =
        1 + cols.iter().map(|(_, w)| w + 1).sum::<usize>() + package + usize::from(package > 0) + 2;
    let room = (width as usize).saturating_sub(fixed).max(8);
    if !wide {
        return Columns {
            cols,
            name: room,
            wide,
            package,
        };
    }
    let needed = names.clamp(NAME_MIN, NAME_MAX);
    let extra = (room.saturating_sub(needed) / cols.len()).min(EXTRA_MAX);
    for (_, w) in &mut cols {
        *w += extra;
    }
    // What an even share leaves goes to the names, up to their bound.
    let name = (room - extra * cols.len()).min(NAME_MAX);
    Columns {
        cols,
        name,
        wide,
        package,
    }
}

fn field_index(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

/// A share as reports write it (rounded to one decimal, as `text::format_share`); a narrow column
/// drops the "%" sign and writes 100% as "100".
fn share_text(ratio: Ratio, wide: bool, lang: Lang) -> String {
    let Some(share) = ratio.share() else {
        return "·".to_string();
    };
    let text = crate::text::format_share(share, lang);
    if wide {
        return text;
    }
    let bare = text.trim_end_matches('%');
    if bare.len() > 4 {
        bare.split([',', '.']).next().unwrap_or(bare).to_string()
    } else {
        bare.to_string()
    }
}

/// A reporting unit's package in the province's grid: the day it was received ("14/12"), "trễ"
/// when late (`services::workflow::unit_statuses`, as `antq status` says it); empty for a row that
/// is no reporting unit. The flag: late.
fn package_cell(ctx: &Ctx, code: &str) -> (String, bool) {
    let Some(u) = ctx.packages.get(code) else {
        return (String::new(), false);
    };
    let day = u
        .received
        .as_ref()
        .and_then(|r| r.received_at.get(..10))
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| d.format("%d/%m").to_string());
    let text = match (day, u.late) {
        (Some(day), true) => format!("{day} {}", ctx.s().package_late_short),
        (Some(day), false) => day,
        (None, true) => ctx.s().package_late_short.to_string(),
        (None, false) => "·".to_string(),
    };
    (text, u.late)
}

/// The panel's words for a reporting unit's package: "trễ hạn · gói nhận 14/12/2019 08:00 UTC từ
/// lan@95c2797b" (the server by the first 8 characters of its id; "trễ hạn" first, so a narrow
/// screen cuts the server, not the lateness), or "trễ hạn · chưa nhận gói".
fn package_fact(ctx: &Ctx, code: &str) -> Option<String> {
    let u = ctx.packages.get(code)?;
    let s = ctx.s();
    let text = match &u.received {
        Some(r) => {
            let when = chrono::DateTime::parse_from_rfc3339(&r.received_at)
                .map(|t| t.format("%d/%m/%Y %H:%M UTC").to_string())
                .unwrap_or_else(|_| r.received_at.clone());
            let server: String = r.sender_id.chars().take(8).collect();
            fill(
                s.package_received,
                &[&when, &format!("{}@{server}", r.sender_login)],
            )
        }
        None => s.package_none.to_string(),
    };
    Some(if u.late {
        format!("{} · {text}", s.package_late)
    } else {
        text
    })
}

/// A target share as written in the panel: "85%", "87,5%".
pub(crate) fn target_text(share: f64, lang: Lang) -> String {
    let tenths = (share * 1000.0).round() as i64;
    let s = if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    };
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

impl AssessmentsTab {
    pub fn new(_ctx: &Ctx) -> AssessmentsTab {
        AssessmentsTab {
            rows: Vec::new(),
            row: 0,
            col: 0,
            scroll: 0,
            edit: None,
            live_value: None,
            since: None,
        }
    }

    /// The locality and field under the cursor (for the history of the cell); none on a
    /// district's totals in the province's grid, which have no history of their own.
    pub fn focused_cell(&self) -> Option<(String, Field)> {
        self.current()
            .filter(|r| r.kind != RowKind::Summary)
            .map(|r| (r.code.clone(), self.field()))
    }

    /// The commune of the row under the cursor (none on an own units' or a totals row): on the
    /// province's grid of a year without districts, the reporting unit the workflow keys act on.
    pub fn focused_commune(&self) -> Option<String> {
        self.current()
            .filter(|r| r.kind == RowKind::Commune)
            .map(|r| r.code.clone())
    }

    pub fn has_edit(&self) -> bool {
        self.edit.is_some()
    }

    fn field(&self) -> Field {
        Field::ALL[self.col.min(Field::ALL.len() - 1)]
    }

    fn current(&self) -> Option<&GridRow> {
        self.rows.get(self.row)
    }

    /// The cell exists and can hold the cursor.
    fn editable(&self, row: usize, field: Field) -> bool {
        self.rows
            .get(row)
            .is_some_and(|r| r.kind != RowKind::Own || !field.commune_only())
    }

    /// The cell takes typing (a district's totals in the province's grid do not). Tab and Enter
    /// walk these only, so entry in the province's own row never lands on a district's totals.
    fn typable(&self, row: usize, field: Field) -> bool {
        self.editable(row, field) && self.rows[row].kind != RowKind::Summary
    }

    /// Rebuilds the rows for the district and year in view, keeping the cursor on the same locality
    /// and field, and the edit in progress when its cell still exists.
    pub fn sync(&mut self, ctx: &mut Ctx) {
        let keep = self.current().map(|r| r.code.clone());
        let s = ctx.s();
        let mut rows: Vec<GridRow> = Vec::new();
        if let Some(district) = ctx.district.as_deref() {
            let province_scope = ctx.province_scope();
            for unit in ctx.view.communes_of(district) {
                // The province's grid: its districts' totals, or (a year without districts) its
                // communes, which are typed there.
                let kind = match unit.level {
                    Level::Commune => RowKind::Commune,
                    Level::District if province_scope => RowKind::Summary,
                    _ => continue,
                };
                rows.push(GridRow {
                    code: unit.code.clone(),
                    name: unit.name.clone(),
                    kind,
                });
            }
            let scope_level = ctx.view.locality(district).map(|l| l.level);
            if scope_level == Some(Level::Commune) {
                // A commune reporting on its own (a year without districts): its one row.
                rows.push(GridRow {
                    code: district.to_string(),
                    name: ctx
                        .view
                        .locality(district)
                        .map(|l| l.name.clone())
                        .unwrap_or_default(),
                    kind: RowKind::Commune,
                });
            } else {
                rows.push(GridRow {
                    code: district.to_string(),
                    name: if province_scope {
                        s.province_own_row
                    } else {
                        s.district_own_row
                    }
                    .to_string(),
                    kind: RowKind::Own,
                });
            }
        }
        self.rows = rows;
        let found = keep.and_then(|code| self.rows.iter().position(|r| r.code == code));
        match found {
            Some(i) => self.row = i,
            None => {
                self.row = 0;
                self.edit = None;
                self.live_value = None;
            }
        }
        self.snap_to_editable();
        self.relive(ctx);
        self.follow(ctx);
    }

    /// Puts the cursor on an editable field of its row (the district's row has no commune fields).
    fn snap_to_editable(&mut self) {
        if self.rows.is_empty() || self.editable(self.row, self.field()) {
            return;
        }
        let mut col = self.col;
        while col < Field::ALL.len() && !self.editable(self.row, Field::ALL[col]) {
            col += 1;
        }
        if col == Field::ALL.len() {
            col = (0..Field::ALL.len())
                .rev()
                .find(|&c| self.editable(self.row, Field::ALL[c]))
                .unwrap_or(0);
        }
        self.col = col;
    }

    pub fn focus_locality(&mut self, ctx: &mut Ctx, code: &str) {
        if let Some(i) = self.rows.iter().position(|r| r.code == code) {
            self.row = i;
            self.snap_to_editable();
            self.follow(ctx);
        }
    }

    /// Puts the focus on a unit's cell (its row's first editable field when `field` is None or not
    /// a cell of that row). False when the unit is not a row of this grid.
    pub fn focus_cell(&mut self, ctx: &mut Ctx, code: &str, field: Option<Field>) -> bool {
        let Some(i) = self.rows.iter().position(|r| r.code == code) else {
            return false;
        };
        self.row = i;
        if let Some(f) = field.filter(|f| self.editable(i, *f)) {
            self.col = field_index(f);
        }
        self.snap_to_editable();
        self.follow(ctx);
        true
    }

    /// `j`: the next cell after the focused one, row by row and wrapping at the end, that is not
    /// entered or is judged an error (see `still`); the status bar says which, or that none is left.
    fn jump_to_next_missing(&mut self, ctx: &mut Ctx) {
        let n = Field::ALL.len();
        let total = self.rows.len() * n;
        let start = self.row * n + self.col;
        let mut wanted: HashMap<usize, Vec<Field>> = HashMap::new();
        for step in 1..=total {
            let at = (start + step) % total;
            let (r, field) = (at / n, Field::ALL[at % n]);
            if !self.typable(r, field) {
                continue;
            }
            let row = &self.rows[r];
            let fields = wanted.entry(r).or_insert_with(|| {
                let level = match row.kind {
                    RowKind::Commune => Level::Commune,
                    _ => ctx
                        .view
                        .locality(&row.code)
                        .map_or(Level::District, |l| l.level),
                };
                crate::tui::still::cells_to_visit(ctx, &row.code, level)
            });
            if fields.contains(&field) {
                let note = crate::tui::still::cell_note(ctx, &row.code, &row.name, field);
                self.row = r;
                self.col = at % n;
                ctx.info(note);
                return;
            }
        }
        ctx.info(ctx.s().still.jump_none);
    }

    pub fn focus_first(&mut self, ctx: &mut Ctx) {
        self.row = 0;
        self.snap_to_editable();
        self.follow(ctx);
    }

    fn body_rows(ctx: &Ctx) -> usize {
        let h = ctx.size.1.saturating_sub(3); // header, tab bar, status bar
        h.saturating_sub(PANEL_HEIGHT + HEAD_HEIGHT + 1) as usize // + the totals row
    }

    fn follow(&mut self, ctx: &Ctx) {
        self.scroll = scroll_to(self.row, self.scroll, Self::body_rows(ctx));
    }

    /// Judges the district again with the value being typed.
    fn relive(&mut self, ctx: &mut Ctx) {
        let Some(edit) = &self.edit else {
            self.live_value = None;
            ctx.recheck(None);
            return;
        };
        match edit.value() {
            Some(v) => self.live_value = Some(v),
            // "1,0" will never be stored: judge the stored value, not the last complete prefix.
            None if edit.commit_error().is_some() && !edit.can_still_complete() => {
                self.live_value = None
            }
            None => {}
        }
        let Some(row) = self.current() else {
            ctx.recheck(None);
            return;
        };
        match self.live_value {
            Some(value) => {
                let edit = Edit {
                    locality_code: row.code.clone(),
                    field: self.field(),
                    value,
                };
                ctx.recheck(Some(&edit));
            }
            None => ctx.recheck(None),
        }
    }

    fn stored_value(&self, ctx: &Ctx) -> Option<FieldValue> {
        let row = self.current()?;
        let field = self.field();
        Some(
            ctx.view
                .row(&row.code)
                .map(|a| a.get(field))
                .unwrap_or_else(|| Assessment::empty(ctx.year, &row.code).get(field)),
        )
    }

    /// The value being typed, if complete and not what the cell holds, as the commit it would be.
    pub fn pending_commit(&self, ctx: &Ctx) -> Option<CellWrite> {
        let value = self.edit.as_ref()?.value()?;
        if Some(value) == self.stored_value(ctx) {
            return None;
        }
        Some(CellWrite {
            year: ctx.year,
            locality_code: self.current()?.code.clone(),
            field: self.field(),
            value,
            since: self.since,
        })
    }

    /// Commits the edit in progress (one transaction with its audit row). An incomplete or refused
    /// value stays in the cell with the reason in the status bar.
    pub fn commit(&mut self, ctx: &mut Ctx) -> Result<(), Refused> {
        let Some(edit) = self.edit.clone() else {
            return Ok(());
        };
        let s = ctx.s();
        let Some(value) = edit.value() else {
            let why = edit
                .commit_error()
                .map(|e| e.message(ctx.lang))
                .unwrap_or("");
            ctx.error(fill(s.fix_value_first, &[why]));
            return Err(Refused);
        };
        let Some(code) = self.current().map(|r| r.code.clone()) else {
            self.edit = None;
            return Ok(());
        };
        if Some(value) == self.stored_value(ctx) {
            self.edit = None;
            self.relive(ctx);
            return Ok(());
        }
        let write = CellWrite {
            year: ctx.year,
            locality_code: code,
            field: self.field(),
            value,
            since: self.since,
        };
        match ctx.commit_cell(write, true) {
            CommitOutcome::Saved | CommitOutcome::Queued => {
                self.edit = None;
                self.relive(ctx);
                Ok(())
            }
            // The value stays in the cell: the App asks about the conflict, or the reason is shown.
            CommitOutcome::Conflict | CommitOutcome::Refused => Err(Refused),
        }
    }

    /// Drops the value being typed (after a conflict was answered).
    pub fn drop_edit(&mut self, ctx: &mut Ctx) {
        self.edit = None;
        self.relive(ctx);
    }

    /// Starts an edit on the focused cell, unless this user may not change it.
    fn begin(&mut self, ctx: &mut Ctx, edit: CellEdit) -> bool {
        let Some(GridRow { code, kind, .. }) = self.current().cloned() else {
            return false;
        };
        if kind == RowKind::Summary {
            ctx.error(ctx.s().summary_row_refused);
            return false;
        }
        if let Some(why) = ctx.edit_refusal(&code) {
            ctx.error(why);
            return false;
        }
        self.since = self.stored_value(ctx);
        self.edit = Some(edit);
        self.live_value = None;
        true
    }

    pub fn handle(&mut self, ctx: &mut Ctx, action: Option<Action>, key: &KeyEvent) -> Outcome {
        if self.rows.is_empty() {
            return Outcome::None;
        }
        let s = ctx.s();
        let kind = self.field().kind();
        match action {
            Some(Action::TypeDigit) => {
                let Some(c) = typed(key) else {
                    return Outcome::None;
                };
                match kind {
                    FieldKind::Count => self.type_char(ctx, c),
                    FieldKind::Flag => match c {
                        '1' => self.set_flag(ctx, Some(true)),
                        '0' => self.set_flag(ctx, Some(false)),
                        _ => ctx.error(s.only_yes_no),
                    },
                }
            }
            Some(Action::SetYes) if kind == FieldKind::Flag => self.set_flag(ctx, Some(true)),
            Some(Action::SetNo) if kind == FieldKind::Flag => self.set_flag(ctx, Some(false)),
            Some(Action::Toggle) if kind == FieldKind::Flag => {
                let now = match &self.edit {
                    Some(CellEdit::Flag(f)) => *f,
                    _ => match self.stored_value(ctx) {
                        Some(FieldValue::Flag(f)) => f,
                        _ => None,
                    },
                };
                self.set_flag(ctx, Some(now != Some(true)));
            }
            Some(Action::SetYes | Action::SetNo | Action::Toggle) => {
                if let Some(c) = typed(key) {
                    self.type_char(ctx, c);
                }
            }
            Some(Action::Clear) => self.clear(ctx),
            Some(Action::Commit)
                if self.edit.is_none()
                    && self.current().is_some_and(|r| r.kind == RowKind::Summary) =>
            {
                if let Some(row) = self.current() {
                    return Outcome::Navigate {
                        tab: super::TabId::Assessments,
                        locality: row.code.clone(),
                    };
                }
            }
            Some(Action::Commit) => {
                if self.commit(ctx).is_ok() {
                    match ctx.config.general.enter_direction {
                        crate::config::EnterDirection::Down => self.move_down_wrapping(),
                        crate::config::EnterDirection::Right => self.move_across(true),
                    }
                    self.follow(ctx);
                }
            }
            Some(Action::NextField) => {
                if self.commit(ctx).is_ok() {
                    self.move_across(true);
                    self.follow(ctx);
                }
            }
            Some(Action::PrevField) => {
                if self.commit(ctx).is_ok() {
                    self.move_across(false);
                    self.follow(ctx);
                }
            }
            Some(
                a @ (Action::Up
                | Action::Down
                | Action::Left
                | Action::Right
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End),
            ) => {
                if self.commit(ctx).is_ok() {
                    self.move_by(ctx, a);
                    self.follow(ctx);
                }
            }
            Some(Action::NextMissing) => {
                if self.commit(ctx).is_ok() {
                    self.jump_to_next_missing(ctx);
                    self.follow(ctx);
                }
            }
            Some(Action::Abandon) => {
                self.edit = None;
                self.relive(ctx);
            }
            Some(Action::Ditto) => self.ditto(ctx),
            Some(Action::Undo) => {
                // While typing, Ctrl-Z drops what is typed (like Esc); otherwise it undoes a commit.
                if self.edit.is_some() {
                    self.edit = None;
                    self.relive(ctx);
                } else {
                    return self.undo(ctx, true);
                }
            }
            Some(Action::Redo) => {
                if self.edit.is_none() {
                    return self.undo(ctx, false);
                }
            }
            _ => {
                // Keys with no binding here: a letter or punctuation typed into a number cell is
                // refused with the reason; '.' continues a grouped count ("1.046").
                if let Some(c) = typed(key) {
                    match kind {
                        FieldKind::Count => self.type_char(ctx, c),
                        FieldKind::Flag => ctx.error(s.only_yes_no),
                    }
                }
            }
        }
        Outcome::None
    }

    fn type_char(&mut self, ctx: &mut Ctx, c: char) {
        let text = match &self.edit {
            Some(CellEdit::Count(t)) => t.clone(),
            _ => String::new(),
        };
        if self.edit.is_none() && !self.begin(ctx, CellEdit::Count(String::new())) {
            return;
        }
        // The key stays in the buffer even when refused: dropping it would turn "1,046" into 1046.
        if let Some(e) = typing_refusal(&text, c) {
            ctx.error(e.message(ctx.lang));
        }
        self.edit = Some(CellEdit::Count(format!("{text}{c}")));
        self.relive(ctx);
    }

    fn set_flag(&mut self, ctx: &mut Ctx, value: Option<bool>) {
        if self.edit.is_none() && !self.begin(ctx, CellEdit::Flag(value)) {
            return;
        }
        self.edit = Some(CellEdit::Flag(value));
        self.relive(ctx);
    }

    fn clear(&mut self, ctx: &mut Ctx) {
        match &mut self.edit {
            Some(CellEdit::Count(t)) => {
                t.pop();
            }
            Some(CellEdit::Flag(f)) => *f = None,
            None => {
                let empty = match self.field().kind() {
                    FieldKind::Count => CellEdit::Count(String::new()),
                    FieldKind::Flag => CellEdit::Flag(None),
                };
                if !self.begin(ctx, empty) {
                    return;
                }
            }
        }
        self.relive(ctx);
    }

    /// Ctrl-D: last year's value of this cell into the edit; Enter commits it.
    fn ditto(&mut self, ctx: &mut Ctx) {
        let s = ctx.s();
        let Some(code) = self.current().map(|r| r.code.clone()) else {
            return;
        };
        let previous = ctx
            .view
            .previous_row(&code)
            .map(|a| a.get(self.field()))
            .filter(|v| v.is_reported());
        let (Some(value), Some(year)) = (previous, ctx.view.previous_year()) else {
            ctx.error(s.ditto_none);
            return;
        };
        let edit = CellEdit::from_value(value);
        if self.edit.is_none() && !self.begin(ctx, edit.clone()) {
            return;
        }
        self.edit = Some(edit);
        self.relive(ctx);
        ctx.info(fill(s.ditto_filled, &[&year.to_string()]));
    }

    /// A paste on the grid (its line breaks already LF). One value is typed into the focused cell,
    /// as keys would be. A block — rows on lines, cells separated by tabs, as a spreadsheet copies
    /// them — lands cell by cell from the focused cell down and across: row r, column c of the block
    /// on row focus+r, field focus+c (the typed columns, in the order of `assessments.csv`; the
    /// shares are computed and take no column). An empty cell of the block leaves its cell as it is.
    /// The block is judged whole first — a cell outside the grid, one this user may not change, a
    /// value the import would refuse — and refused whole naming the block's row and column; else it
    /// is stored in one transaction through the service every commit uses, one undo step.
    pub fn paste(&mut self, ctx: &mut Ctx, text: &str) -> Outcome {
        if self.rows.is_empty() {
            return Outcome::None;
        }
        let text = text.strip_suffix('\n').unwrap_or(text);
        let block: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        if let [row] = block.as_slice() {
            if let [value] = row.as_slice() {
                self.paste_value(ctx, value);
                return Outcome::None;
            }
        }
        let s = ctx.s();
        let cells = match self.block_cells(ctx, &block) {
            Ok(cells) => cells,
            Err(why) => {
                ctx.error(fill(s.paste_block_refused, &[&why]));
                return Outcome::None;
            }
        };
        if cells.is_empty() {
            return Outcome::None;
        }
        // The value being typed: a block whose first cell holds a value replaces it (once stored);
        // otherwise it is committed first, as leaving the cell would.
        let replaces_edit = cells.iter().any(|p| p.at == (0, 0));
        if self.edit.is_some() && !replaces_edit && self.commit(ctx).is_err() {
            return Outcome::None;
        }
        self.store_block(ctx, cells, replaces_edit)
    }

    /// One value pasted: typed into the focused cell as its keys would be (a count's characters
    /// into the buffer, with the reason at once if they cannot become a count; a yes/no word sets
    /// a yes/no cell). Nothing is committed: Enter does that.
    fn paste_value(&mut self, ctx: &mut Ctx, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match self.field().kind() {
            FieldKind::Count => {
                for c in value.chars() {
                    self.type_char(ctx, c);
                }
            }
            FieldKind::Flag => match parse_bool(value) {
                Ok(yes) => self.set_flag(ctx, Some(yes)),
                Err(e) => ctx.error(format!("\"{}\" — {}", echo(value), e.message(ctx.lang))),
            },
        }
    }

    /// The cells of a pasted block as writes, or the one sentence saying why the block is refused.
    fn block_cells(&self, ctx: &Ctx, block: &[Vec<&str>]) -> Result<Vec<Pasted>, String> {
        let s = ctx.s();
        let rows_left = self.rows.len().saturating_sub(self.row);
        let cols_left = Field::ALL.len().saturating_sub(self.col);
        let at = |r: usize, c: usize, why: String| {
            fill(
                s.paste_at,
                &[&(r + 1).to_string(), &(c + 1).to_string(), &why],
            )
        };
        let filled = || {
            block.iter().enumerate().flat_map(|(r, line)| {
                line.iter()
                    .enumerate()
                    .map(move |(c, cell)| (r, c, cell.trim()))
                    .filter(|(_, _, cell)| !cell.is_empty())
            })
        };
        // The shape first: a block too big for the grid is refused as such, whatever it holds.
        if let Some((r, c, _)) = filled().find(|&(r, _, _)| r >= rows_left) {
            let why = fill(s.paste_past_rows, &[&rows_left.to_string()]);
            return Err(at(r, c, why));
        }
        if let Some((r, c, _)) = filled().find(|&(_, c, _)| c >= cols_left) {
            let why = fill(s.paste_past_cols, &[&cols_left.to_string()]);
            return Err(at(r, c, why));
        }
        let mut cells = Vec::new();
        for (r, c, cell) in filled() {
            let (row, field) = (&self.rows[self.row + r], Field::ALL[self.col + c]);
            let label = ctx.field_label(field);
            if !self.editable(self.row + r, field) {
                return Err(at(r, c, fill(s.paste_no_cell, &[&row.name, label])));
            }
            let refusal = match row.kind {
                RowKind::Summary => Some(s.summary_row_refused.to_string()),
                _ => ctx.edit_refusal(&row.code),
            };
            if let Some(why) = refusal {
                return Err(at(r, c, fill(s.paste_read_only, &[&row.name, label, &why])));
            }
            let value = match field.kind() {
                FieldKind::Count => parse_count(cell)
                    .map(FieldValue::Count)
                    .map_err(|e| e.message(ctx.lang)),
                FieldKind::Flag => parse_bool(cell)
                    .map(|yes| FieldValue::Flag(Some(yes)))
                    .map_err(|e| e.message(ctx.lang)),
            };
            let value = value.map_err(|why| at(r, c, format!("\"{}\" — {why}", echo(cell))))?;
            let since = ctx
                .view
                .row(&row.code)
                .map(|a| a.get(field))
                .unwrap_or_else(|| Assessment::empty(ctx.year, &row.code).get(field));
            cells.push(Pasted {
                at: (r, c),
                name: row.name.clone(),
                write: CellWrite {
                    year: ctx.year,
                    locality_code: row.code.clone(),
                    field,
                    value,
                    since: Some(since),
                },
            });
        }
        Ok(cells)
    }

    /// Stores a judged block in one transaction. Behind another session's write lock (or commits
    /// still queued behind it) the paste is refused at once, never holding the keys; a cell another
    /// login changed since the grid showed it refuses the whole paste and shows the new value.
    fn store_block(&mut self, ctx: &mut Ctx, cells: Vec<Pasted>, replaces_edit: bool) -> Outcome {
        let s = ctx.s();
        if !ctx.queue.is_empty() {
            ctx.flush_queue();
        }
        if !ctx.queue.is_empty() || ctx.conflict.is_some() {
            ctx.error(fill(s.paste_block_refused, &[s.paste_busy]));
            return Outcome::None;
        }
        let writes: Vec<CellWrite> = cells.iter().map(|p| p.write.clone()).collect();
        let wait = ctx.commit_wait;
        let result = with_wait(&mut ctx.store, wait, |store| {
            set_values_since(store, &writes, Source::Tui)
        });
        match result {
            Ok(CellsCommit::Written(changes)) => {
                if replaces_edit {
                    self.edit = None;
                }
                ctx.written_cells(&writes, &changes);
                self.relive(ctx);
                ctx.info(fill(
                    s.pasted,
                    &[&format_count(cells.len() as u64, ctx.lang)],
                ));
                Outcome::DataChanged
            }
            Ok(CellsCommit::Conflict { index, conflict }) => {
                if let Err(e) = ctx.load_year(ctx.year) {
                    ctx.error(e.render(ctx.lang));
                    return Outcome::DataChanged;
                }
                if let Some(p) = cells.get(index) {
                    let by = conflict.by.as_deref().unwrap_or(s.conflict_someone);
                    let why = fill(
                        s.paste_changed,
                        &[
                            &p.name,
                            ctx.field_label(p.write.field),
                            by,
                            &ctx.value_text(conflict.stored),
                        ],
                    );
                    let where_ = fill(
                        s.paste_at,
                        &[&(p.at.0 + 1).to_string(), &(p.at.1 + 1).to_string(), &why],
                    );
                    ctx.error(fill(s.paste_block_refused, &[&where_]));
                }
                Outcome::DataChanged
            }
            Err(e) if e.is_busy() => {
                ctx.error(fill(s.paste_block_refused, &[s.paste_busy]));
                Outcome::None
            }
            Err(e) => {
                ctx.error(fill(s.paste_block_refused, &[&e.render(ctx.lang)]));
                Outcome::None
            }
        }
    }

    /// Ctrl-Z / Ctrl-Y through the shared undo service, which refuses to overwrite a later change
    /// made by someone else. The cell undone gets the focus, in its year.
    fn undo(&mut self, ctx: &mut Ctx, undo: bool) -> Outcome {
        let s = ctx.s();
        // Behind another session's write lock the undo is refused at once ("busy; try again"),
        // never holding the keys.
        let stack = &mut ctx.undo;
        let result = with_wait(&mut ctx.store, COMMIT_WAIT, |store| {
            if undo {
                stack.undo(store)
            } else {
                stack.redo(store)
            }
        });
        let step = match result {
            Ok(Some(step)) => step,
            Ok(None) => {
                ctx.error(if undo { s.undo_empty } else { s.redo_empty });
                return Outcome::None;
            }
            Err(e) => {
                ctx.error(e.render(ctx.lang));
                return Outcome::None;
            }
        };
        // The cursor goes to the step's cell (of a paste, the first cell it changed).
        let (year, code, field) = match &step {
            Step::Cells(cells) => match cells.first() {
                Some(c) => (c.year, c.locality_code.clone(), c.field),
                None => return Outcome::None,
            },
            Step::Note { new, .. } => (new.year, new.locality_code.clone(), new.field),
        };
        if year == ctx.year {
            match &step {
                Step::Cells(cells) => ctx.show_committed_cells(cells.iter().map(|c| {
                    let value = if undo { c.old } else { c.new };
                    (c.locality_code.as_str(), c.field, value)
                })),
                Step::Note { .. } => {
                    // Who changed the note last and when are the undo's, as stored.
                    if let Err(e) = ctx.read_notes() {
                        ctx.error(e.render(ctx.lang));
                    }
                    ctx.status.saved_at = Some((ctx.clock)());
                }
            }
        } else if let Err(e) = ctx.load_year(year) {
            ctx.error(e.render(ctx.lang));
            return Outcome::DataChanged;
        } else {
            ctx.status.saved_at = Some((ctx.clock)());
        }
        if let Some(district) = ctx.scope_showing(&code) {
            if ctx.district.as_deref() != Some(district.as_str()) {
                ctx.set_district(&district);
            }
        }
        self.sync(ctx);
        self.focus_locality(ctx, &code);
        self.col = field_index(field);
        self.relive(ctx);
        let name = ctx
            .view
            .locality(&code)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| code.clone());
        let what = match &step {
            Step::Cells(cells) if cells.len() > 1 => {
                let cells = format_count(cells.len() as u64, ctx.lang);
                ctx.info(fill(
                    if undo { s.undone_paste } else { s.redone_paste },
                    &[&cells],
                ));
                return Outcome::DataChanged;
            }
            Step::Cells(cells) => {
                let value = cells.first().map(|c| if undo { c.old } else { c.new });
                format!(
                    "{name} · {} = {}",
                    ctx.field_label(field),
                    value.map(|v| ctx.value_text(v)).unwrap_or_default()
                )
            }
            Step::Note { .. } => fill(s.notes.cell, &[&name, ctx.field_label(field)]).to_string(),
        };
        ctx.info(fill(if undo { s.undone } else { s.redone }, &[&what]));
        Outcome::DataChanged
    }

    /// Tab / Shift-Tab: the next editable field across, wrapping to the next (previous) row.
    fn move_across(&mut self, forward: bool) {
        let n = Field::ALL.len();
        let total = self.rows.len() * n;
        let mut at = self.row * n + self.col;
        for _ in 0..total {
            at = if forward {
                (at + 1) % total
            } else {
                (at + total - 1) % total
            };
            let (r, c) = (at / n, at % n);
            if self.typable(r, Field::ALL[c]) {
                self.row = r;
                self.col = c;
                return;
            }
        }
    }

    /// Enter: the next row with this field editable; past the last, the top of the next column.
    fn move_down_wrapping(&mut self) {
        let field = self.field();
        if let Some(r) = (self.row + 1..self.rows.len()).find(|&r| self.typable(r, field)) {
            self.row = r;
            return;
        }
        let next_col = (self.col + 1) % Field::ALL.len();
        if let Some(r) = (0..self.rows.len()).find(|&r| self.typable(r, Field::ALL[next_col])) {
            self.row = r;
            self.col = next_col;
        }
    }

    fn move_by(&mut self, ctx: &Ctx, action: Action) {
        let field = self.field();
        let page = Self::body_rows(ctx).max(1);
        let cols: Vec<usize> = (0..Field::ALL.len())
            .filter(|&c| self.editable(self.row, Field::ALL[c]))
            .collect();
        match action {
            Action::Up => {
                if let Some(r) = (0..self.row).rev().find(|&r| self.editable(r, field)) {
                    self.row = r;
                }
            }
            Action::Down => {
                if let Some(r) = (self.row + 1..self.rows.len()).find(|&r| self.editable(r, field))
                {
                    self.row = r;
                }
            }
            Action::Left => {
                if let Some(&c) = cols.iter().rev().find(|&&c| c < self.col) {
                    self.col = c;
                }
            }
            Action::Right => {
                if let Some(&c) = cols.iter().find(|&&c| c > self.col) {
                    self.col = c;
                }
            }
            Action::Home => {
                if let Some(&c) = cols.first() {
                    self.col = c;
                }
            }
            Action::End => {
                if let Some(&c) = cols.last() {
                    self.col = c;
                }
            }
            Action::PageUp => {
                self.row = self.row.saturating_sub(page);
                self.snap_to_editable();
            }
            Action::PageDown => {
                self.row = (self.row + page).min(self.rows.len().saturating_sub(1));
                self.snap_to_editable();
            }
            _ => {}
        }
    }

    // ---- rendering ---------------------------------------------------------------------------

    /// The widest of the grid's names: its units, its own-units and totals rows and its heading.
    fn widest_name(&self, ctx: &Ctx) -> usize {
        use unicode_width::UnicodeWidthStr;
        let s = ctx.s();
        let labels = [
            s.col_unit,
            s.district_own_row,
            s.province_own_row,
            s.totals_row,
            s.totals_row_province,
            s.totals_row_commune,
        ];
        self.rows
            .iter()
            .map(|r| r.name.width())
            .chain(labels.iter().map(|l| l.width()))
            .max()
            .unwrap_or(0)
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let s = ctx.s();
        let Some(district) = ctx.district.as_deref() else {
            let text = fill(s.no_units_in_year, &[&ctx.year.to_string()]);
            frame.render_widget(
                Paragraph::new(text)
                    .style(ctx.theme.muted)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        };
        let [grid, panel] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(PANEL_HEIGHT)]).areas(area);
        let cols = columns(area.width, self.widest_name(ctx), ctx.province_scope());
        let mut lines: Vec<Line> = Vec::with_capacity(grid.height as usize);
        lines.extend(self.head_lines(ctx, &cols));
        let body = (grid.height.saturating_sub(HEAD_HEIGHT + 1)) as usize;
        let mut cursor: Option<Position> = None;
        for (i, row) in self.rows.iter().enumerate().skip(self.scroll).take(body) {
            let y = grid.y + lines.len() as u16;
            let (line, cur) = self.row_line(ctx, &cols, i, row, y, grid.x);
            if cur.is_some() {
                cursor = cur;
            }
            lines.push(line);
        }
        lines.push(self.totals_line(ctx, &cols, district));
        crate::tui::ui::draw_lines(frame, grid, &lines);
        self.render_panel(ctx, frame, panel, &cols);
        if let Some(p) = cursor {
            frame.set_cursor_position(p);
        }
    }

    fn head_lines(&self, ctx: &Ctx, cols: &Columns) -> Vec<Line<'static>> {
        let s = ctx.s();
        let style = ctx.theme.column_head;
        let mut top = format!(" {} ", pad(s.col_unit, cols.name));
        let mut bottom = format!(" {} ", " ".repeat(cols.name));
        // Group headings span their columns.
        let mut i = 0;
        while i < cols.cols.len() {
            let (col, w) = cols.cols[i];
            let group = |c: Col| match c {
                Col::Field(Field::ResidentialAreasTotal | Field::ResidentialAreasRecognized)
                | Col::Share(Category::ResidentialAreas) => 1,
                Col::Field(Field::AgenciesTotal | Field::AgenciesRecognized)
                | Col::Share(Category::Agencies) => 2,
                Col::Field(Field::SchoolsTotal | Field::SchoolsRecognized)
                | Col::Share(Category::Schools) => 3,
                _ => 0,
            };
            let g = group(col);
            if g > 0 {
                let mut span = w;
                let mut j = i + 1;
                while j < cols.cols.len() && group(cols.cols[j].0) == g {
                    span += cols.cols[j].1 + 1;
                    j += 1;
                }
                let title = match g {
                    1 => s.col_residential,
                    2 => s.col_agencies,
                    _ => s.col_schools,
                };
                top.push_str(&pad(title, span));
                top.push(' ');
                for &(c, w) in &cols.cols[i..j] {
                    let sub = match c {
                        Col::Share(_) => s.col_share,
                        Col::Field(f) if f.pair().is_some() && field_is_total(f) => s.col_total,
                        _ => s.col_recognized,
                    };
                    bottom.push_str(&pad_left(sub, w));
                    bottom.push(' ');
                }
                i = j;
                continue;
            }
            let (a, b) = match col {
                Col::Field(Field::CommuneRecognized) => (s.col_commune, s.col_commune2),
                Col::Field(Field::PoliceAdvanced) => (s.col_police, s.col_police2),
                _ => (s.col_models, s.col_models2),
            };
            top.push_str(&pad(a, w));
            top.push(' ');
            bottom.push_str(&pad(b, w));
            bottom.push(' ');
            i += 1;
        }
        if cols.package > 0 {
            top.push_str(&pad(s.col_package, cols.package));
            bottom.push_str(&pad(s.col_package2, cols.package));
        }
        vec![
            Line::styled(top.trim_end().to_string(), style),
            Line::styled(bottom.trim_end().to_string(), style),
        ]
    }

    /// The row's figures with the live value substituted in the focused cell.
    fn shown_row(&self, ctx: &Ctx, index: usize, row: &GridRow) -> Assessment {
        let mut a = ctx
            .view
            .row(&row.code)
            .cloned()
            .unwrap_or_else(|| Assessment::empty(ctx.year, &row.code));
        if index == self.row {
            if let (Some(_), Some(v)) = (&self.edit, self.live_value) {
                a.set(self.field(), v);
            }
        }
        a
    }

    /// The most serious of the row's findings (see [`row_findings`]) about `field`.
    fn cell_finding<'f>(own: &[&'f Finding], field: Field) -> Option<&'f Finding> {
        let mut best: Option<&Finding> = None;
        for &f in own
            .iter()
            .filter(|f| f.field.as_deref() == Some(field.code()))
        {
            if best.is_none_or(|b| f.severity < b.severity) {
                best = Some(f);
            }
        }
        best
    }

    fn row_line(
        &self,
        ctx: &Ctx,
        cols: &Columns,
        index: usize,
        row: &GridRow,
        y: u16,
        x0: u16,
    ) -> (Line<'static>, Option<Position>) {
        let theme = &ctx.theme;
        let focused_row = index == self.row;
        let a = self.shown_row(ctx, index, row);
        // A district in the province's grid shows its totals (its subtree), not its own row.
        let summary = (row.kind == RowKind::Summary).then(|| subtree_totals(ctx, &row.code));
        let mut spans: Vec<Span> = Vec::with_capacity(cols.cols.len() * 2 + 4);
        spans.push(Span::raw(if focused_row { "›" } else { " " }));
        let name_style = if row.kind == RowKind::Own {
            theme.muted
        } else {
            Style::default()
        };
        let name = match row.kind {
            RowKind::Own if !cols.wide && ctx.province_scope() => ctx.s().province_own_row_short,
            RowKind::Own if !cols.wide => ctx.s().district_own_row_short,
            _ => row.name.as_str(),
        };
        spans.push(Span::styled(
            pad(&short_name(name, cols.name), cols.name),
            name_style,
        ));
        let mut x = x0 + 1 + cols.name as u16;
        let mut cursor = None;
        let own: Vec<&Finding> = row_findings(&ctx.live.findings, &row.code).collect();
        // A cell's note or follow-up flag is marked in the space after its figure, so that the
        // columns keep their widths.
        let mut after: Option<&'static str> = None;
        for &(col, w) in &cols.cols {
            spans.push(note_mark(ctx, after.take()));
            x += 1;
            match col {
                Col::Share(category) => {
                    let ratio = match &summary {
                        Some(t) => t.get(category),
                        None => Totals::own(Level::Commune, Some(&a)).get(category),
                    };
                    let text = if row.kind == RowKind::Own && category == Category::ResidentialAreas
                    {
                        String::new()
                    } else {
                        share_text(ratio, cols.wide, ctx.lang)
                    };
                    spans.push(Span::styled(pad_left(&text, w), theme.computed));
                }
                Col::Field(field) => {
                    let focused = focused_row && self.field() == field;
                    if summary.is_none() {
                        after = crate::tui::notes::mark(ctx, &row.code, field);
                    }
                    if !self.editable(index, field) {
                        spans.push(Span::raw(" ".repeat(w)));
                    } else if focused && self.edit.is_some() {
                        let text = match &self.edit {
                            Some(CellEdit::Count(t)) => t.clone(),
                            Some(CellEdit::Flag(f)) => flag_text(ctx, *f, cols.wide),
                            None => String::new(),
                        };
                        let marker = Self::cell_finding(&own, field)
                            .map(|f| marker(f.severity))
                            .unwrap_or("");
                        let shown = fit(&format!("{marker}{text}"), w);
                        let used = unicode_width::UnicodeWidthStr::width(shown.as_str());
                        cursor = Some(Position::new(x + (used as u16).min(w as u16 - 1), y));
                        spans.push(Span::styled(pad(&shown, w), theme.editing));
                    } else {
                        let text = match (&summary, a.get(field)) {
                            (Some(t), _) => totals_cell(t, field, ctx.lang),
                            (None, FieldValue::Flag(f)) => flag_text(ctx, f, cols.wide),
                            (None, v) => ctx.value_text(v),
                        };
                        let (text, style) = match Self::cell_finding(&own, field) {
                            Some(f) => {
                                let style = if f.severity == Severity::Error {
                                    theme.error
                                } else {
                                    theme.warning
                                };
                                (
                                    format!("{}{}", marker(f.severity), pad_left(&text, w - 1)),
                                    style,
                                )
                            }
                            None => (pad_left(&text, w), Style::default()),
                        };
                        let style = if focused {
                            style.patch(theme.focus)
                        } else {
                            style
                        };
                        if focused {
                            cursor = Some(Position::new(x + w as u16 - 1, y));
                        }
                        spans.push(Span::styled(text, style));
                    }
                }
            }
            x += w as u16;
        }
        if cols.package > 0 {
            spans.push(Span::raw(" "));
            // The province's own units' row is no reporting unit (its code is the province's).
            let (text, late) = match row.kind {
                RowKind::Own => (String::new(), false),
                _ => package_cell(ctx, &row.code),
            };
            let style = if late { theme.warning } else { theme.computed };
            spans.push(Span::styled(pad(&text, cols.package), style));
        }
        let worst = own.iter().map(|f| f.severity).min();
        spans.push(note_mark(ctx, after));
        if let Some(sev) = worst {
            let style = if sev == Severity::Error {
                theme.error
            } else {
                theme.warning
            };
            spans.push(Span::styled(marker(sev), style));
        }
        (Line::from(spans), cursor)
    }

    fn totals_line(&self, ctx: &Ctx, cols: &Columns, _district: &str) -> Line<'static> {
        let s = ctx.s();
        let t = ctx.live.district;
        let commune_scope = ctx
            .district
            .as_deref()
            .and_then(|d| ctx.view.locality(d))
            .is_some_and(|l| l.level == Level::Commune);
        let label = if ctx.province_scope() {
            s.totals_row_province
        } else if commune_scope {
            s.totals_row_commune
        } else {
            s.totals_row
        };
        let mut text = format!(" {}", pad(label, cols.name));
        for &(col, w) in &cols.cols {
            text.push(' ');
            let cell = match col {
                Col::Share(c) => share_text(t.get(c), cols.wide, ctx.lang),
                Col::Field(f) => totals_cell(&t, f, ctx.lang),
            };
            text.push_str(&pad_left(&cell, w));
        }
        Line::styled(text, ctx.theme.totals)
    }

    fn render_panel(&self, ctx: &Ctx, frame: &mut Frame, area: Rect, cols: &Columns) {
        let s = ctx.s();
        let theme = &ctx.theme;
        let width = area.width as usize;
        let mut lines: Vec<Line> = Vec::with_capacity(PANEL_HEIGHT as usize);
        lines.push(Line::default());
        lines.push(self.cell_info(ctx, width));
        lines.extend(self.finding_lines(ctx, width));
        // The gauges: district and province side by side, one line per category.
        let label_w = if cols.wide { 30 } else { 6 };
        let gauge_w = (width.saturating_sub(label_w + 2)) / 2;
        let district_name = ctx
            .district
            .as_deref()
            .and_then(|d| ctx.view.locality(d))
            .map(|l| l.name.as_str())
            .unwrap_or("");
        let province_name = ctx.view.province().map(|l| l.name.as_str()).unwrap_or("");
        let district_code = ctx.district.as_deref().unwrap_or("");
        let mut gauges: Vec<&Gauge> = ctx.live.gauges.iter().collect();
        // The province's grid: the province on the left, the district under the cursor on the right.
        let focused_district: Vec<Gauge> = match self.current() {
            Some(row) if row.kind == RowKind::Summary => {
                ctx.gauges(&row.code, &subtree_totals(ctx, &row.code))
            }
            _ => Vec::new(),
        };
        gauges.extend(focused_district.iter());
        let (district_name, province_name) = match self.current() {
            Some(row) if ctx.province_scope() => (
                province_name,
                if row.kind == RowKind::Summary {
                    row.name.as_str()
                } else {
                    ""
                },
            ),
            _ => (district_name, province_name),
        };
        for category in Category::ALL {
            let label = if cols.wide {
                ctx.category_label(category)
            } else {
                match category {
                    Category::ResidentialAreas => s.cat_residential,
                    Category::Communes => s.cat_communes,
                    Category::Agencies => s.cat_agencies,
                    Category::Schools => s.cat_schools,
                }
                .to_string()
            };
            let mut spans = vec![Span::raw(format!("{} ", pad(&label, label_w)))];
            let mine = gauges
                .iter()
                .find(|g| g.category == category && g.locality_code == district_code);
            let theirs = gauges
                .iter()
                .find(|g| g.category == category && g.locality_code != district_code);
            for g in [mine, theirs] {
                match g {
                    Some(g) => {
                        let (text, style) = gauge_text(ctx, g, cols.wide);
                        spans.push(Span::styled(pad(&text, gauge_w), style));
                    }
                    None => spans.push(Span::raw(" ".repeat(gauge_w))),
                }
                spans.push(Span::raw(" "));
            }
            lines.push(Line::from(spans));
        }
        lines.push(self.units_line(ctx, label_w, gauge_w, cols.wide));
        // The rule over the panel carries the names of the two gauge columns.
        let heading = format!(
            "{} {} {}",
            "─".repeat(label_w),
            rule_title(district_name, gauge_w),
            rule_title(province_name, gauge_w)
        );
        lines[0] = Line::styled(fit(&heading, width), theme.muted);
        crate::tui::ui::draw_lines(frame, area, &lines);
    }

    /// "Nhập   3/5 đơn vị đã nhập      12/20 đơn vị đã nhập": the unit in scope and the province
    /// (on the province's grid: the province and the district under the cursor), with the value
    /// being typed counted, so the line moves as a unit's last figure goes in.
    fn units_line(&self, ctx: &Ctx, label_w: usize, gauge_w: usize, wide: bool) -> Line<'static> {
        let s = ctx.s();
        let label = if wide {
            s.units_label
        } else {
            s.units_label_short
        };
        let right = if ctx.province_scope() {
            self.current()
                .filter(|r| r.kind == RowKind::Summary)
                .map(|r| r.code.clone())
        } else {
            ctx.province.clone()
        };
        let edit = self.live_edit();
        let mut spans = vec![Span::raw(format!("{} ", pad(label, label_w)))];
        for code in [ctx.district.clone(), right] {
            match code {
                Some(code) => {
                    let (entered, units) = ctx.units_entered(&code, edit.as_ref());
                    let text = fill(
                        s.units_entered,
                        &[
                            &format_count(entered, ctx.lang),
                            &format_count(units, ctx.lang),
                        ],
                    );
                    let style = if entered == units {
                        ctx.theme.ok
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(pad(&text, gauge_w), style));
                }
                None => spans.push(Span::raw(" ".repeat(gauge_w))),
            }
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    }

    /// The value being typed as an edit of the focused cell, once it is a count.
    fn live_edit(&self) -> Option<Edit> {
        self.edit.as_ref()?;
        Some(Edit {
            locality_code: self.current()?.code.clone(),
            field: self.field(),
            value: self.live_value?,
        })
    }

    /// "Xã Quảng Phú · KDC đạt · năm 2018: 16 → 18 (+12,5%)", with "[đang nhập]" at the right end
    /// while typing. What changes per keystroke sits at the end of the text, and the typing marker
    /// at a fixed place, so a digit redraws only the few cells that really change.
    fn cell_info(&self, ctx: &Ctx, width: usize) -> Line<'static> {
        use unicode_width::UnicodeWidthStr;
        let s = ctx.s();
        let Some(row) = self.current() else {
            return Line::default();
        };
        let field = self.field();
        if row.kind == RowKind::Summary {
            let text = match package_fact(ctx, &row.code) {
                Some(fact) => format!("{} · {fact} · {}", row.name, s.summary_row_refused),
                None => format!("{} · {}", row.name, s.summary_row_refused),
            };
            return Line::styled(fit(&text, width), ctx.theme.muted);
        }
        let shown = |v: FieldValue| match v {
            FieldValue::Flag(f) => flag_text(ctx, f, true),
            v => ctx.value_text(v),
        };
        let now = match &self.edit {
            Some(CellEdit::Count(t)) if t.is_empty() => "·".to_string(),
            Some(CellEdit::Count(t)) => t.clone(),
            Some(CellEdit::Flag(f)) => flag_text(ctx, *f, true),
            None => self.stored_value(ctx).map(shown).unwrap_or_default(),
        };
        let mut text = format!("{} · {}", row.name, ctx.field_label(field));
        match (ctx.view.previous_year(), ctx.view.previous_row(&row.code)) {
            (Some(year), previous) => {
                let before = previous.map(|p| p.get(field));
                let before_text = before.map(shown).unwrap_or_else(|| "·".to_string());
                text.push_str(&format!(
                    " · {} → {now}",
                    fill(s.last_year_value, &[&year.to_string(), &before_text])
                ));
                let current = match (&self.edit, self.live_value) {
                    (Some(_), v) => v,
                    (None, _) => self.stored_value(ctx),
                };
                if let (Some(FieldValue::Count(Some(b))), Some(FieldValue::Count(Some(n)))) =
                    (before, current)
                {
                    if b > 0 {
                        let change = (f64::from(n) - f64::from(b)) / f64::from(b) * 100.0;
                        // A tenth of a percent says something of a small change, nothing of a
                        // figure that doubled.
                        let mut pct = if change.abs() >= 100.0 {
                            format!("{change:+.0}%")
                        } else {
                            format!("{change:+.1}%")
                        };
                        if ctx.lang == Lang::Vi {
                            pct = pct.replace('.', ",");
                        }
                        text.push_str(&format!(" ({pct})"));
                    }
                }
            }
            (None, _) => text.push_str(&format!(": {now} · {}", s.last_year_none)),
        }
        // The year-over-year warning on this very cell is said here, next to the change it is about.
        let yoy = row_findings(&ctx.live.findings, &row.code)
            .any(|f| f.rule == rule::YOY_CHANGE && f.field.as_deref() == Some(field.code()));
        let marker = if self.edit.is_some() {
            format!("[{}]", s.typing)
        } else {
            String::new()
        };
        let left_w = width.saturating_sub(marker.width() + 1);
        // Only the mark is coloured: a line that changed colour as a whole would be sent whole.
        let warning = if yoy { " !" } else { "" };
        let text = fit(&text, left_w.saturating_sub(warning.len()));
        let rest = left_w.saturating_sub(text.width() + warning.len());
        Line::from(vec![
            Span::raw(text),
            Span::styled(warning, ctx.theme.warning),
            Span::raw(" ".repeat(rest + 1)),
            Span::styled(marker, ctx.theme.editing),
        ])
    }

    /// The row's findings, the focused cell's first and the most serious first, in two lines:
    /// wrapped at words, the first finding on both lines if it needs them, else the next on the
    /// second; "(+N)" says how many more the row has.
    fn finding_lines(&self, ctx: &Ctx, width: usize) -> [Line<'static>; 2] {
        use unicode_width::UnicodeWidthStr;
        let s = ctx.s();
        let Some(row) = self.current() else {
            return [Line::default(), Line::default()];
        };
        let field = self.field();
        // The year-over-year warning on the focused cell is on the line above already.
        let mut own: Vec<&Finding> = row_findings(&ctx.live.findings, &row.code)
            .filter(|f| !(f.rule == rule::YOY_CHANGE && f.field.as_deref() == Some(field.code())))
            .collect();
        own.sort_by_key(|f| (f.field.as_deref() != Some(field.code()), f.severity));
        let style = |f: &Finding| {
            if f.severity == Severity::Error {
                ctx.theme.error
            } else {
                ctx.theme.warning
            }
        };
        let text = |f: &Finding| format!("{} {}", marker(f.severity), f.message(ctx.lang));
        // The focused cell's note first, on both lines if it needs them, or on the first with the
        // row's first finding on the second; while the cell is being typed its findings come first.
        if self.edit.is_none() {
            if let Some(note) = ctx.note(&row.code, field) {
                let note_style = if note.follow_up {
                    ctx.theme.warning
                } else {
                    Style::default()
                };
                // The row's first finding (the cell's own first) is never hidden by a note.
                let cell_finding = own.first();
                let lines = wrap(&note_text(ctx, note), width, 2);
                let first = Line::styled(lines.first().cloned().unwrap_or_default(), note_style);
                let second = match cell_finding {
                    Some(f) => Line::styled(wrap(&text(f), width, 1).concat(), style(f)),
                    None => Line::styled(lines.get(1).cloned().unwrap_or_default(), note_style),
                };
                return [first, second];
            }
        }
        let Some(first) = own.first() else {
            return [
                Line::styled(fit(s.no_findings_row, width), ctx.theme.ok),
                Line::default(),
            ];
        };
        let more = |shown: usize| {
            let left = own.len() - shown;
            if left > 0 {
                format!(" (+{left})")
            } else {
                String::new()
            }
        };
        let lines = wrap(&text(first), width, 2);
        let (second, second_style) = match (lines.len(), own.get(1)) {
            (2, _) => {
                let suffix = more(1);
                let rest = wrap(&lines[1], width.saturating_sub(suffix.width()), 1);
                (format!("{}{suffix}", rest.concat()), style(first))
            }
            (_, Some(next)) => {
                let suffix = more(2);
                let cut = wrap(&text(next), width.saturating_sub(suffix.width()), 1);
                (format!("{}{suffix}", cut.concat()), style(next))
            }
            _ => (String::new(), Style::default()),
        };
        let first_line = lines.first().cloned().unwrap_or_default();
        [
            Line::styled(first_line, style(first)),
            Line::styled(second, second_style),
        ]
    }
}

/// "* Tách thôn Trung Sơn, ông A xác nhận (cần theo dõi · lan 28/11/2026)": the cell's mark and
/// note first, so that the text gets the room; then the flag, who changed them last and the day.
fn note_text(ctx: &Ctx, note: &crate::domain::ValueNote) -> String {
    use crate::tui::notes::{FOLLOW_UP_MARK, NOTE_MARK};
    let n = ctx.s().notes;
    let day: String = crate::tui::history::local_time(&note.changed_at)
        .chars()
        .take(10)
        .collect();
    let mark = if note.follow_up {
        FOLLOW_UP_MARK
    } else {
        NOTE_MARK
    };
    let who = format!("{} {day}", note.changed_by);
    match (note.note.is_empty(), note.follow_up) {
        (true, _) => format!("{mark} {} ({who})", n.follow_up),
        (false, true) => format!("{mark} {} ({} · {who})", note.note, n.follow_up),
        (false, false) => format!("{mark} {} ({who})", note.note),
    }
}

/// The space between two columns, or the mark of the cell before it (its note, its follow-up flag).
fn note_mark(ctx: &Ctx, mark: Option<&'static str>) -> Span<'static> {
    match mark {
        Some(m) if m == crate::tui::notes::FOLLOW_UP_MARK => Span::styled(m, ctx.theme.warning),
        Some(m) => Span::styled(m, ctx.theme.muted),
        None => Span::raw(" "),
    }
}

/// The findings about one row. Target shortfalls are about the district's totals, not its own row:
/// the gauges show them.
fn row_findings<'f>(
    findings: &'f [Finding],
    code: &'f str,
) -> impl Iterator<Item = &'f Finding> + 'f {
    findings
        .iter()
        .filter(move |f| f.locality_code == code && f.rule != rule::TARGET_SHORTFALL)
}

/// A unit's totals (its whole subtree) as the year's tree counts them.
fn subtree_totals(ctx: &Ctx, code: &str) -> Totals {
    let tree = ctx.view.tree();
    tree.position(code)
        .map(|p| tree.totals(p))
        .unwrap_or_default()
}

/// One column of a totals row: the sum of the column, and for the commune column the number of
/// communes recognised.
fn totals_cell(t: &Totals, field: Field, lang: Lang) -> String {
    match field {
        Field::ResidentialAreasTotal => format_count(t.residential_areas.total, lang),
        Field::ResidentialAreasRecognized => format_count(t.residential_areas.recognized, lang),
        Field::CommuneRecognized => format_count(t.communes.recognized, lang),
        Field::PoliceAdvanced => String::new(),
        Field::AgenciesTotal => format_count(t.agencies.total, lang),
        Field::AgenciesRecognized => format_count(t.agencies.recognized, lang),
        Field::SchoolsTotal => format_count(t.schools.total, lang),
        Field::SchoolsRecognized => format_count(t.schools.recognized, lang),
        Field::Models => format_count(t.models, lang),
    }
}

fn field_is_total(f: Field) -> bool {
    matches!(
        f,
        Field::ResidentialAreasTotal | Field::AgenciesTotal | Field::SchoolsTotal
    )
}

/// "─ Huyện Quảng Ninh ──────" exactly `width` columns wide.
fn rule_title(name: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if name.is_empty() {
        return "─".repeat(width);
    }
    let title = fit(&format!("─ {name} "), width);
    format!("{title}{}", "─".repeat(width.saturating_sub(title.width())))
}

fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✗",
        Severity::Warning => "!",
    }
}

fn flag_text(ctx: &Ctx, f: Option<bool>, wide: bool) -> String {
    let s = ctx.s();
    match f {
        Some(true) => s.yes.to_string(),
        Some(false) if wide => s.no.to_string(),
        Some(false) => s.no_short.to_string(),
        None => "·".to_string(),
    }
}

/// Commune names lose their type prefix before they lose their name: "Thị trấn Quán Hàu" →
/// "TT Quán Hàu" when the column is narrow.
fn short_name(name: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if name.width() <= width {
        return name.to_string();
    }
    for (long, short) in [("Thị trấn ", "TT "), ("Phường ", "P. "), ("Xã ", "")] {
        if let Some(rest) = name.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    name.to_string()
}

/// "1.046/1.205 86,8% ≥85% ✗ còn thiếu 12"
fn gauge_text(ctx: &Ctx, g: &Gauge, wide: bool) -> (String, Style) {
    let s = ctx.s();
    let lang = ctx.lang;
    let ratio = format_ratio(g.ratio.recognized, g.ratio.total, lang);
    let _ = wide;
    let share = share_text(g.ratio, true, lang);
    match (g.target, g.met) {
        (Some(t), Some(true)) => (
            format!("{ratio} {share} ≥{} ✓", target_text(t, lang)),
            ctx.theme.ok,
        ),
        (Some(t), Some(false)) => (
            format!(
                "{ratio} {share} ≥{} ✗ {}",
                target_text(t, lang),
                fill(s.missing_n, &[&format_count(g.missing, lang)])
            ),
            ctx.theme.error,
        ),
        _ => (format!("{ratio} {share}"), Style::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_down_and_targets_read_naturally() {
        let r = Ratio {
            recognized: 17,
            total: 25,
        };
        assert_eq!(share_text(r, false, Lang::Vi), "68,0");
        let full = Ratio {
            recognized: 4,
            total: 4,
        };
        assert_eq!(share_text(full, false, Lang::Vi), "100");
        let r = Ratio {
            recognized: 1046,
            total: 1205,
        };
        assert_eq!(share_text(r, true, Lang::Vi), "86,8%");
        assert_eq!(share_text(Ratio::default(), true, Lang::En), "·");
        assert_eq!(target_text(0.85, Lang::Vi), "85%");
        assert_eq!(target_text(0.875, Lang::Vi), "87,5%");
    }

    #[test]
    fn narrow_grid_fits_eighty_columns() {
        for packages in [false, true] {
            let c = columns(80, 40, packages);
            assert_eq!(c.package, 0, "no package column at 80");
            let used = 1 + c.name + c.cols.iter().map(|(_, w)| w + 1).sum::<usize>() + 2;
            assert_eq!(used, 80);
            assert!(c.name >= 14);
        }
    }

    #[test]
    fn the_package_column_fits_a_wide_province_grid() {
        let c = columns(120, 19, true);
        assert_eq!(c.package, PACKAGE_WIDTH);
        let used =
            1 + c.name + c.cols.iter().map(|(_, w)| w + 1).sum::<usize>() + c.package + 1 + 2;
        assert_eq!(used, 120);
        assert!(c.name >= 19, "{}", c.name);
    }

    /// From 160 columns on the names stop at 32 columns (their longest if more) and the figures
    /// get the rest; at 120 the grid is as it was designed.
    #[test]
    fn a_wide_grid_gives_its_room_to_the_figures() {
        let used = |c: &Columns| 1 + c.name + c.cols.iter().map(|(_, w)| w + 1).sum::<usize>() + 2;
        let at120 = columns(120, 23, false);
        assert_eq!((at120.name, at120.cols[0].1), (30, 7));
        let at160 = columns(160, 23, false);
        assert!(at160.name >= 23 && at160.name <= NAME_MAX, "{}", at160.name);
        assert_eq!(at160.cols[0].1, 7 + 3, "{:?}", at160.cols);
        assert!(used(&at160) <= 160 && used(&at160) > 160 - at160.cols.len());
        let long = columns(160, 60, false);
        assert_eq!(long.name, NAME_MAX);
        let huge = columns(400, 23, false);
        assert_eq!(huge.cols[0].1, 7 + EXTRA_MAX);
        assert!(used(&huge) <= 400);
    }

    #[test]
    fn names_shorten_by_prefix_first() {
        assert_eq!(short_name("Thị trấn Quán Hàu", 12), "TT Quán Hàu");
        assert_eq!(short_name("Xã Quảng Phú", 20), "Xã Quảng Phú");
    }
}
