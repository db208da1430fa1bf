//! The notes on values (`value_note`): a short text and a follow-up flag on one cell (year,
//! locality, field). Written only through the `Writer`, each changed part with its audit row
//! (entity `value_note`, field `note.FIELD` or `follow_up.FIELD`), so that a cell's history shows
//! its note beside its values.

use super::audit::{Auditor, Change};
use crate::domain::{Field, ValueNote};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The locality's code by a scalar subquery, as the other tables' readers do.
const SELECT: &str = "SELECT n.year, (SELECT code FROM locality WHERE id = n.locality_id), n.field,
    n.note, n.follow_up, n.changed_by, n.changed_at FROM value_note n";

/// The audit field of a cell's note text and of its flag.
pub fn note_field(field: Field) -> String {
    format!("note.{}", field.code())
}

pub fn follow_up_field(field: Field) -> String {
    format!("follow_up.{}", field.code())
}

/// The one mapping of a `value_note` row (selected by [`SELECT`]); a field this build does not
/// know (the table's CHECK forbids it) reads as the first one rather than failing the screen.
fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ValueNote> {
    let field: String = r.get(2)?;
    Ok(ValueNote {
        year: r.get(0)?,
        locality_code: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        field: Field::parse(&field).unwrap_or(Field::ResidentialAreasTotal),
        note: r.get(3)?,
        follow_up: r.get::<_, i64>(4)? != 0,
        changed_by: r.get(5)?,
        changed_at: r.get(6)?,
    })
}

/// Every note of a report year, by locality code then field.
pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<ValueNote>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE n.year = ?1"))?;
    let mut rows = stmt
        .query_map([year], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by(|a, b| {
        (a.locality_code.len(), &a.locality_code, a.field).cmp(&(
            b.locality_code.len(),
            &b.locality_code,
            b.field,
        ))
    });
    Ok(rows)
}

pub fn get(
    conn: &Connection,
    year: i32,
    locality_id: i64,
    field: Field,
) -> Result<Option<ValueNote>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE n.year = ?1 AND n.locality_id = ?2 AND n.field = ?3"
        ))?
        .query_row(params![year, locality_id, field.code()], map_row)
        .optional()?)
}

/// Makes the stored note of (`n.year`, locality, `n.field`) equal to `n` (a blank one removes it),
/// auditing the text and the flag where they change; `who` and `at` are the writer's. Returns how
/// many parts changed (0 = nothing written).
pub fn put(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    n: &ValueNote,
    locality_id: i64,
    who: &str,
    at: &str,
) -> Result<usize> {
    let before = get(conn, n.year, locality_id, n.field)?
        .unwrap_or_else(|| ValueNote::empty(n.year, &n.locality_code, n.field));
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let flag = |b: bool| Some(if b { "yes" } else { "no" }.to_string());
    let mut changed = 0;
    if before.note != n.note {
        changed += 1;
        audit.write(
            conn,
            Change {
                entity: "value_note",
                year: Some(n.year),
                locality_code: Some(&n.locality_code),
                field: &note_field(n.field),
                old: text(&before.note),
                new: text(&n.note),
                ..Change::default()
            },
        )?;
    }
    if before.follow_up != n.follow_up {
        changed += 1;
        audit.write(
            conn,
            Change {
                entity: "value_note",
                year: Some(n.year),
                locality_code: Some(&n.locality_code),
                field: &follow_up_field(n.field),
                old: flag(before.follow_up),
                new: flag(n.follow_up),
                ..Change::default()
            },
        )?;
    }
    if changed == 0 {
        return Ok(0);
    }
    if n.is_blank() {
        conn.prepare_cached(
            "DELETE FROM value_note WHERE year = ?1 AND locality_id = ?2 AND field = ?3",
        )?
        .execute(params![n.year, locality_id, n.field.code()])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO value_note (year, locality_id, field, note, follow_up, changed_by, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (year, locality_id, field) DO UPDATE SET note = excluded.note,
                follow_up = excluded.follow_up, changed_by = excluded.changed_by,
                changed_at = excluded.changed_at",
        )?
        .execute(params![
            n.year,
            locality_id,
            n.field.code(),
            n.note,
            i64::from(n.follow_up),
            who,
            at
        ])?;
    }
    Ok(changed)
}

impl super::Store {
    /// Every note of a report year (all units), by locality code then field.
    pub fn notes_of_year(&self, year: i32) -> Result<Vec<ValueNote>> {
        for_year(self.conn(), year)
    }

    /// The audit rows of one cell — its values and its note — oldest first.
    pub fn cell_history(
        &self,
        year: i32,
        locality_code: &str,
        field: Field,
    ) -> Result<Vec<super::AuditRow>> {
        let mut rows = Vec::new();
        for f in [
            field.code().to_string(),
            note_field(field),
            follow_up_field(field),
        ] {
            rows.extend(self.audit_history(year, locality_code, Some(&f))?);
        }
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }
}

impl super::Writer<'_> {
    /// The stored note of one cell, read inside this transaction.
    pub fn stored_note(
        &self,
        year: i32,
        locality_id: i64,
        field: Field,
    ) -> Result<Option<ValueNote>> {
        get(self.conn(), year, locality_id, field)
    }

    /// Every note of a report year, read inside this transaction.
    pub fn year_notes(&self, year: i32) -> Result<Vec<ValueNote>> {
        for_year(self.conn(), year)
    }

    /// Makes the cell's stored note `n` (blank: removed), audited; who and when are this
    /// transaction's. Returns how many parts (text, flag) changed.
    pub fn put_note(&mut self, n: &ValueNote, locality_id: i64) -> Result<usize> {
        let (who, at) = (self.audit.user().to_string(), self.audit.at().to_string());
        put(self.tx, &mut self.audit, n, locality_id, &who, &at)
    }
}
