//! Undo and redo of the user's committed changes in this session, newest first, across cells and
//! tabs. A step is what one act committed: one cell typed, every cell of one paste, or one cell's
//! note or follow-up flag; Ctrl-Z takes back the whole step in one transaction. Each undo is itself
//! a recorded change (source `undo`). Undo never overwrites another user's later change to a cell
//! of the step: it refuses, writes nothing, and says so.

use super::{notes, set_values_since, CellWrite, CellsCommit};
use crate::domain::{Field, FieldValue, ValueNote};
use crate::error::{Error, Result};
use crate::store::{Source, Store};

/// One committed change of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub year: i32,
    pub locality_code: String,
    pub field: Field,
    pub old: FieldValue,
    pub new: FieldValue,
}

/// What one act committed, undone and redone as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Cells typed or pasted: never empty.
    Cells(Vec<CellChange>),
    /// One cell's note and follow-up flag, before and after.
    Note { old: ValueNote, new: ValueNote },
}

impl Step {
    /// The cells whose values the step changed (none for a note).
    pub fn cells(&self) -> &[CellChange] {
        match self {
            Step::Cells(cells) => cells,
            Step::Note { .. } => &[],
        }
    }
}

/// The session's history: steps that can be undone, and undone steps that can be redone.
#[derive(Debug, Default, Clone)]
pub struct UndoStack {
    done: Vec<Step>,
    undone: Vec<Step>,
}

impl UndoStack {
    /// Records a change the user committed (a new change forgets what could be redone).
    pub fn record(&mut self, change: CellChange) {
        self.record_step(vec![change]);
    }

    /// Records the changes of one act (a paste) as one step; cells that kept their value are left out.
    pub fn record_step(&mut self, changes: Vec<CellChange>) {
        let cells: Vec<CellChange> = changes.into_iter().filter(|c| c.old != c.new).collect();
        if !cells.is_empty() {
            self.push(Step::Cells(cells));
        }
    }

    /// Records a change of a cell's note or flag (one that changed nothing is left out).
    pub fn record_note(&mut self, old: ValueNote, new: ValueNote) {
        if !notes::same_note(&old, &new) {
            self.push(Step::Note { old, new });
        }
    }

    fn push(&mut self, step: Step) {
        self.done.push(step);
        self.undone.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// The step the next undo would revert.
    pub fn peek_undo(&self) -> Option<&Step> {
        self.done.last()
    }

    pub fn peek_redo(&self) -> Option<&Step> {
        self.undone.last()
    }

    /// Reverts the newest step: sets its cells back to their old values, provided each still holds
    /// the value this session wrote. Returns the step that was undone.
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<Step>> {
        let Some(step) = self.done.last().cloned() else {
            return Ok(None);
        };
        apply(store, &step, true)?;
        self.done.pop();
        self.undone.push(step.clone());
        Ok(Some(step))
    }

    /// Re-applies the newest undone step, under the same guard.
    pub fn redo(&mut self, store: &mut Store) -> Result<Option<Step>> {
        let Some(step) = self.undone.last().cloned() else {
            return Ok(None);
        };
        apply(store, &step, false)?;
        self.undone.pop();
        self.done.push(step.clone());
        Ok(Some(step))
    }
}

/// Sets every cell of the step back (`undo`) or forward, provided each still holds what the step
/// left (or found) there, compared inside one write transaction.
fn apply(store: &mut Store, step: &Step, undo: bool) -> Result<()> {
    let changes = match step {
        Step::Cells(changes) => changes,
        Step::Note { old, new } => {
            let (from, to) = if undo { (new, old) } else { (old, new) };
            return notes::restore(store, from, to).map(|_| ());
        }
    };
    let cells: Vec<CellWrite> = changes
        .iter()
        .map(|c| {
            let (expect, to) = if undo { (c.new, c.old) } else { (c.old, c.new) };
            CellWrite {
                year: c.year,
                locality_code: c.locality_code.clone(),
                field: c.field,
                value: to,
                since: Some(expect),
            }
        })
        .collect();
    match set_values_since(store, &cells, Source::Undo)? {
        CellsCommit::Written(_) => Ok(()),
        CellsCommit::Conflict { index, .. } => {
            let Some(c) = cells.get(index) else {
                return Err(Error::data("không hoàn tác được", "cannot undo"));
            };
            Err(Error::data(
                format!(
                    "không hoàn tác được: ô {} của {} năm {} đã được người khác sửa sau đó",
                    c.field.code(),
                    c.locality_code,
                    c.year
                ),
                format!(
                    "cannot undo: the cell {} of {} in {} was changed by someone else since",
                    c.field.code(),
                    c.locality_code,
                    c.year
                ),
            ))
        }
    }
}
