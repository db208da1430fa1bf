//! The province's targets (`target`): one row per (year, category, locality or none for the
//! province-wide one). Written only through the [`Writer`](super::Writer), each change with its
//! audit row (entity `target`, field `target.<category>`, the share as text).

use super::audit::{Auditor, Change};
use crate::domain::{Category, Target};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The `meta` key set once the configuration's targets were written into the database.
const SEEDED: &str = "targets_seeded";

const SELECT: &str = "SELECT year, category, locality_code, min_share FROM target";

/// Province-wide first, then the localities by code: the order `list` prints and the TUI shows.
const ORDER: &str = "ORDER BY year, locality_code IS NOT NULL, locality_code, \
     CASE category WHEN 'residential_areas' THEN 0 WHEN 'communes' THEN 1 \
     WHEN 'agencies' THEN 2 ELSE 3 END";

/// The one mapping of a `target` row to the domain type.
fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Target> {
    let category: String = r.get(1)?;
    let category = Category::parse(&category).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unknown target category {category}").into(),
        )
    })?;
    Ok(Target {
        year: r.get(0)?,
        category,
        locality: r.get(2)?,
        min_share: r.get(3)?,
    })
}

pub(super) fn all(conn: &Connection) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} {ORDER}"))?;
    let rows = stmt
        .query_map([], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) fn of_year(conn: &Connection, year: i32) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE year = ?1 {ORDER}"))?;
    let rows = stmt
        .query_map([year], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) fn seeded(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [SEEDED], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(super) fn mark_seeded(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, 'yes') ON CONFLICT (key) DO NOTHING",
        [SEEDED],
    )?;
    Ok(())
}

fn share_text(share: f64) -> String {
    share.to_string()
}

/// Writes `t` over the target of its (year, category, locality); audits a change. Returns whether
/// anything changed.
pub(super) fn upsert(conn: &Connection, audit: &mut Auditor<'_>, t: &Target) -> Result<bool> {
    let old: Option<f64> = conn
        .prepare_cached(
            "SELECT min_share FROM target WHERE year = ?1 AND category = ?2
             AND coalesce(locality_code, '') = coalesce(?3, '')",
        )?
        .query_row(params![t.year, t.category.code(), t.locality], |r| r.get(0))
        .optional()?;
    if old == Some(t.min_share) {
        return Ok(false);
    }
    if old.is_some() {
        conn.prepare_cached(
            "UPDATE target SET min_share = ?4 WHERE year = ?1 AND category = ?2
             AND coalesce(locality_code, '') = coalesce(?3, '')",
        )?
        .execute(params![t.year, t.category.code(), t.locality, t.min_share])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO target (year, category, locality_code, min_share) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![t.year, t.category.code(), t.locality, t.min_share])?;
    }
    let field = format!("target.{}", t.category.code());
    audit.write(
        conn,
        Change {
            entity: "target",
            year: Some(t.year),
            locality_code: t.locality.as_deref(),
            record: None,
            field: &field,
            old: old.map(share_text),
            new: Some(share_text(t.min_share)),
        },
    )?;
    Ok(true)
}

impl super::Store {
    /// Every stored target, by year; province-wide first.
    pub fn targets(&self) -> Result<Vec<Target>> {
        all(self.conn())
    }

    /// The stored targets of one report year; province-wide first.
    pub fn targets_of_year(&self, year: i32) -> Result<Vec<Target>> {
        of_year(self.conn(), year)
    }

    /// Whether the database holds the province's targets (seeded from the configuration once).
    pub fn targets_seeded(&self) -> Result<bool> {
        seeded(self.conn())
    }
}

impl super::Writer<'_> {
    /// Whether the targets were seeded, read inside this transaction.
    pub fn targets_seeded(&self) -> Result<bool> {
        seeded(self.conn())
    }

    /// Records that the targets were seeded: from now on the database's targets are the ones in
    /// force.
    pub fn mark_targets_seeded(&self) -> Result<()> {
        mark_seeded(self.conn())
    }

    /// Sets one target (its audit row with it); returns whether anything changed.
    pub fn set_target(&mut self, t: &Target) -> Result<bool> {
        upsert(self.tx, &mut self.audit, t)
    }
}
