//! Undo and redo of the user's committed cell changes in this session, newest first, across cells and
//! tabs. Each undo is itself a recorded change (source `undo`). Undo never overwrites another user's
//! later change to the same cell: it refuses and says so.

use super::{set_value_since, CellCommit, ValueChange};
use crate::domain::{Field, FieldValue};
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

/// The session's history: changes that can be undone, and undone changes that can be redone.
#[derive(Debug, Default, Clone)]
pub struct UndoStack {
    done: Vec<CellChange>,
    undone: Vec<CellChange>,
}

impl UndoStack {
    /// Records a change the user committed (a new change forgets what could be redone).
    pub fn record(&mut self, change: CellChange) {
        if change.old != change.new {
            self.done.push(change);
            self.undone.clear();
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// The change the next undo would revert.
    pub fn peek_undo(&self) -> Option<&CellChange> {
        self.done.last()
    }

    pub fn peek_redo(&self) -> Option<&CellChange> {
        self.undone.last()
    }

    /// Reverts the newest change: sets the cell back to its old value, provided it still holds the
    /// value this session wrote. Returns the change that was undone.
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<CellChange>> {
        let Some(change) = self.done.last().cloned() else {
            return Ok(None);
        };
        apply(store, &change, change.new, change.old)?;
        self.done.pop();
        self.undone.push(change.clone());
        Ok(Some(change))
    }

    /// Re-applies the newest undone change, under the same guard.
    pub fn redo(&mut self, store: &mut Store) -> Result<Option<CellChange>> {
        let Some(change) = self.undone.last().cloned() else {
            return Ok(None);
        };
        apply(store, &change, change.old, change.new)?;
        self.undone.pop();
        self.done.push(change.clone());
        Ok(Some(change))
    }
}

/// Sets the cell to `to` provided it still holds `expect`, compared inside the write transaction.
fn apply(
    store: &mut Store,
    c: &CellChange,
    expect: FieldValue,
    to: FieldValue,
) -> Result<ValueChange> {
    let commit = set_value_since(
        store,
        c.year,
        &c.locality_code,
        c.field,
        to,
        Some(expect),
        Source::Undo,
    )?;
    match commit {
        CellCommit::Written(change) => Ok(change),
        CellCommit::Conflict(_) => Err(Error::data(
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
        )),
    }
}
