//! A value's note and its follow-up flag (`domain::ValueNote`): set or cleared by whoever may set
//! the value itself — the same rights and the same workflow lock, read inside the write
//! transaction — one audited transaction each. Import and the packages write notes through
//! `services::import` and `services::package`.

use super::access;
use crate::domain::{Field, ValueNote};
use crate::error::Result;
use crate::store::{Source, Store};
use crate::text::Lines;

/// What a change of a note did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteChange {
    pub old: ValueNote,
    pub new: ValueNote,
    /// False when the cell already held it (nothing written).
    pub written: bool,
}

/// Sets the text of a cell's note (empty clears it; the flag is kept). The text is trimmed and
/// NFC-normalised; a control character or more than `text::MAX_TEXT_CHARS` characters is refused.
pub fn set_note(
    store: &mut Store,
    source: Source,
    year: i32,
    locality_code: &str,
    field: Field,
    text: &str,
) -> Result<NoteChange> {
    let text = crate::text::normalize(text);
    super::typed_text("note", &text, Lines::One)?;
    change(store, source, year, locality_code, field, None, |n| {
        n.note = text
    })
}

/// Sets or clears a cell's follow-up flag (the text is kept).
pub fn set_follow_up(
    store: &mut Store,
    source: Source,
    year: i32,
    locality_code: &str,
    field: Field,
    on: bool,
) -> Result<NoteChange> {
    change(store, source, year, locality_code, field, None, |n| {
        n.follow_up = on
    })
}

/// Puts a cell's note and flag as `to` has them (an undo or a redo of `from` → `to`), provided the
/// cell still holds what `from` has — compared inside the write transaction, so a later change by
/// someone else is never overwritten; that is refused and nothing is written.
pub fn restore(store: &mut Store, from: &ValueNote, to: &ValueNote) -> Result<NoteChange> {
    let (year, code, field) = (to.year, to.locality_code.as_str(), to.field);
    change(store, Source::Undo, year, code, field, Some(from), |n| {
        n.note = to.note.clone();
        n.follow_up = to.follow_up;
    })
}

/// The note and the flag of two states of a cell's note are the same (who and when aside).
pub fn same_note(a: &ValueNote, b: &ValueNote) -> bool {
    (a.note.as_str(), a.follow_up) == (b.note.as_str(), b.follow_up)
}

/// Changes the cell's note by `edit`, provided (when `expect` is given) the stored note is still
/// the one expected.
fn change(
    store: &mut Store,
    source: Source,
    year: i32,
    locality_code: &str,
    field: Field,
    expect: Option<&ValueNote>,
    edit: impl FnOnce(&mut ValueNote),
) -> Result<NoteChange> {
    let login = store.user().to_string();
    store.write(source, |w| {
        let rights = access::Rights::among(w.users()?, &login);
        access::ensure_may_edit_in(w, &rights, &login, year, locality_code)?;
        if let Some(l) = w.locality_in_year(locality_code, year)? {
            if !field.applies_to(l.level) {
                return Err(no_such_cell(locality_code, field));
            }
        }
        let id = w
            .locality_id_once(locality_code, year)?
            .ok_or_else(|| super::not_in_year(locality_code, year))?;
        let old = w
            .stored_note(year, id, field)?
            .unwrap_or_else(|| ValueNote::empty(year, locality_code, field));
        if expect.is_some_and(|e| !same_note(e, &old)) {
            return Err(changed_since(locality_code, field, year));
        }
        let mut new = old.clone();
        edit(&mut new);
        let written = w.put_note(&new, id)? > 0;
        let new = w
            .stored_note(year, id, field)?
            .unwrap_or_else(|| ValueNote::empty(year, locality_code, field));
        Ok(NoteChange { old, new, written })
    })
}

/// The notes of a report year (of one locality when given; only those flagged for follow-up when
/// `flagged`), by locality code then field.
pub fn list(
    store: &Store,
    year: i32,
    locality: Option<&str>,
    flagged: bool,
) -> Result<Vec<ValueNote>> {
    if let Some(code) = locality {
        // A code that names no unit of the year is a usage error (exit 2), not "no note".
        if !store
            .localities_in_year(year)?
            .iter()
            .any(|l| l.code == code)
        {
            return Err(crate::error::Error::env(
                format!("không có địa phương mã {code} trong năm {year}"),
                format!("no locality with code {code} in {year}"),
            ));
        }
    }
    Ok(store
        .notes_of_year(year)?
        .into_iter()
        .filter(|n| locality.is_none_or(|l| n.locality_code == l))
        .filter(|n| !flagged || n.follow_up)
        .collect())
}

/// An undo or redo of a note someone else changed since.
fn changed_since(code: &str, field: Field, year: i32) -> crate::error::Error {
    crate::error::Error::data(
        format!(
            "không hoàn tác được: ghi chú ô {} của {code} năm {year} đã được người khác sửa sau đó",
            field.code()
        ),
        format!(
            "cannot undo: the note on cell {} of {code} in {year} was changed by someone else since",
            field.code()
        ),
    )
}

/// A note on a field the unit's row does not have (a commune field on a district's own row).
pub(super) fn no_such_cell(code: &str, field: Field) -> crate::error::Error {
    crate::error::Error::data(
        format!(
            "{code} không có ô {}: chỉ xã, phường, thị trấn mới có ô này",
            field.code()
        ),
        format!(
            "{code} has no cell {}: only a commune's row has it",
            field.code()
        ),
    )
}
