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
    change(store, source, year, locality_code, field, |n| n.note = text)
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
    change(store, source, year, locality_code, field, |n| {
        n.follow_up = on
    })
}

fn change(
    store: &mut Store,
    source: Source,
    year: i32,
    locality_code: &str,
    field: Field,
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
    Ok(store
        .notes_of_year(year)?
        .into_iter()
        .filter(|n| locality.is_none_or(|l| n.locality_code == l))
        .filter(|n| !flagged || n.follow_up)
        .collect())
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
