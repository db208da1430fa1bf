use super::audit::{Auditor, Change};
use crate::domain::{Limitation, LimitationStatus};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The locality's code by a scalar subquery, not a join (see store/awards.rs); the last column is the
/// locality's internal id, for scoped reads.
pub(super) const SELECT: &str =
    "SELECT m.id, m.year, (SELECT code FROM locality WHERE id = m.locality_id),
    m.category, m.text, m.remedy, m.status, m.locality_id FROM limitation m";

/// Column of [`SELECT`] holding the locality's internal id.
pub(super) const LOCALITY_ID: usize = 7;

/// The one mapping of a `limitation` row (selected by [`SELECT`]) to the domain type.
pub(super) fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Limitation> {
    let status: String = r.get(6)?;
    Ok(Limitation {
        id: r.get(0)?,
        year: r.get(1)?,
        locality_code: r.get(2)?,
        category: r.get(3)?,
        text: r.get(4)?,
        remedy: r.get(5)?,
        status: LimitationStatus::parse(&status).unwrap_or(LimitationStatus::Open),
    })
}

pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<Limitation>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE m.year = ?1 ORDER BY m.id"))?;
    let rows = stmt
        .query_map([year], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn by_id(conn: &Connection, id: i64) -> Result<Option<Limitation>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE m.id = ?1"))?
        .query_row([id], map_row)
        .optional()?)
}

/// The id of the limitation identified by (year, locality, category, text), if stored.
pub(super) fn id_of(conn: &Connection, l: &Limitation, locality_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM limitation
             WHERE year = ?1 AND locality_id = ?2 AND category = ?3 AND text = ?4",
        )?
        .query_row(params![l.year, locality_id, l.category, l.text], |r| {
            r.get(0)
        })
        .optional()?)
}

fn short(text: &str) -> String {
    text.chars().take(60).collect()
}

fn audit_diff(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    before: Option<&Limitation>,
    after: &Limitation,
) -> Result<usize> {
    let pairs = |l: Option<&Limitation>| -> [(&'static str, Option<String>); 4] {
        [
            ("category", l.map(|l| l.category.clone())),
            ("text", l.map(|l| l.text.clone())),
            ("remedy", l.map(|l| l.remedy.clone())),
            ("status", l.map(|l| l.status.code().to_string())),
        ]
    };
    let record = format!("{}|{}", after.category, short(&after.text));
    let mut changed = 0;
    for ((field, old), (_, new)) in pairs(before).into_iter().zip(pairs(Some(after))) {
        if old != new {
            changed += 1;
            audit.write(
                conn,
                Change {
                    entity: "limitation",
                    year: Some(after.year),
                    locality_code: Some(&after.locality_code),
                    record: Some(&record),
                    field,
                    old,
                    new,
                },
            )?;
        }
    }
    Ok(changed)
}

/// Inserts or updates the limitation identified by (year, locality, category, text).
pub fn upsert(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    l: &Limitation,
    locality_id: i64,
) -> Result<usize> {
    let existing = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE m.year = ?1 AND m.locality_id = ?2 AND m.category = ?3 AND m.text = ?4"
        ))?
        .query_row(params![l.year, locality_id, l.category, l.text], map_row)
        .optional()?;
    let changed = audit_diff(conn, audit, existing.as_ref(), l)?;
    match existing {
        None => {
            conn.prepare_cached(
                "INSERT INTO limitation (year, locality_id, category, text, remedy, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                l.year,
                locality_id,
                l.category,
                l.text,
                l.remedy,
                l.status.code()
            ])?;
        }
        Some(old) if changed > 0 => {
            conn.execute(
                "UPDATE limitation SET remedy = ?2, status = ?3 WHERE id = ?1",
                params![old.id, l.remedy, l.status.code()],
            )?;
        }
        Some(_) => {}
    }
    Ok(changed)
}

/// Updates every editable column of the limitation with `l.id` (the TUI's edit form).
pub fn update_by_id(conn: &Connection, audit: &mut Auditor<'_>, l: &Limitation) -> Result<usize> {
    let old = by_id(conn, l.id)?;
    let changed = audit_diff(conn, audit, old.as_ref(), l)?;
    if changed > 0 {
        conn.execute(
            "UPDATE limitation SET category = ?2, text = ?3, remedy = ?4, status = ?5 WHERE id = ?1",
            params![l.id, l.category, l.text, l.remedy, l.status.code()],
        )?;
    }
    Ok(changed)
}

pub fn delete(conn: &Connection, audit: &mut Auditor<'_>, id: i64) -> Result<bool> {
    let Some(old) = by_id(conn, id)? else {
        return Ok(false);
    };
    audit.write(
        conn,
        Change {
            entity: "limitation",
            year: Some(old.year),
            locality_code: Some(&old.locality_code),
            record: Some(&format!("{}|{}", old.category, short(&old.text))),
            field: "deleted",
            old: Some(short(&old.text)),
            new: None,
        },
    )?;
    conn.execute("DELETE FROM limitation WHERE id = ?1", [id])?;
    Ok(true)
}
