use super::audit::{Auditor, Change};
use crate::domain::{units_date, Level, Locality, Predecessor};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

pub(super) const SELECT: &str =
    "SELECT id, code, name, level, parent_code, valid_from, valid_to, predecessors FROM locality";

/// The day that decides the units of report `year` (30 November), as stored: `YYYY-MM-DD`.
pub(super) fn units_day(year: i32) -> String {
    units_date(year).format("%Y-%m-%d").to_string()
}

/// The SQL condition "the locality (under `alias`, or unqualified when empty) is valid on the day bound
/// to `param`". Every "units of report year Y" query uses it with [`units_day`], so validity has one
/// definition.
pub(super) fn valid_on(alias: &str, param: &str) -> String {
    let p = if alias.is_empty() {
        String::new()
    } else {
        format!("{alias}.")
    };
    format!(
        "({p}valid_from IS NULL OR {p}valid_from <= {param}) AND ({p}valid_to IS NULL OR {p}valid_to >= {param})"
    )
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_stored_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Maps a row of [`SELECT`].
pub(super) fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Locality> {
    let level: String = r.get(3)?;
    Ok(Locality {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        level: Level::parse(&level).unwrap_or(Level::Commune),
        parent_code: r.get(4)?,
        valid_from: parse_stored_date(r.get(5)?),
        valid_to: parse_stored_date(r.get(6)?),
        // Written only by `upsert` in the form it reads; an unreadable cell means no lineage, not a
        // failed read of the whole year.
        predecessors: Predecessor::parse_list(&r.get::<_, String>(7)?).unwrap_or_default(),
    })
}

pub fn all(conn: &Connection) -> Result<Vec<Locality>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt
        .query_map([], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The units of report year Y: valid on 30 November of Y. Ordered as stored (the order of the source
/// file, which follows the official list).
pub fn in_year(conn: &Connection, year: i32) -> Result<Vec<Locality>> {
    let date = units_day(year);
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE {} ORDER BY id",
        valid_on("", "?1")
    ))?;
    let rows = stmt
        .query_map([&date], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Inserts a locality version, or updates the one with the same (code, valid_from); audits each
/// changed column. Returns its id.
pub fn upsert(conn: &Connection, audit: &mut Auditor<'_>, l: &Locality) -> Result<i64> {
    let from = date_text(l.valid_from);
    let existing: Option<Locality> = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE code = ?1 AND coalesce(valid_from, '') = coalesce(?2, '')"
        ))?
        .query_row(params![l.code, from], map_row)
        .optional()?;
    let record = format!("{}@{}", l.code, from.as_deref().unwrap_or(""));
    let name = crate::text::normalize(&l.name);
    let key = crate::text::fold(&name);
    let to = date_text(l.valid_to);
    let predecessors = Predecessor::format_list(&l.predecessors);
    match existing {
        None => {
            conn.prepare_cached(
                "INSERT INTO locality (code, name, name_key, level, parent_code, valid_from, valid_to,
                                       predecessors)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                l.code,
                name,
                key,
                l.level.code(),
                l.parent_code,
                from,
                to,
                predecessors
            ])?;
            let id = conn.last_insert_rowid();
            audit.write(
                conn,
                Change {
                    entity: "locality",
                    locality_code: Some(&l.code),
                    record: Some(&record),
                    field: "created",
                    new: Some(format!(
                        "{name} ({}; {}; {}–{}{})",
                        l.level.code(),
                        l.parent_code.as_deref().unwrap_or(""),
                        from.as_deref().unwrap_or(""),
                        to.as_deref().unwrap_or(""),
                        if predecessors.is_empty() {
                            String::new()
                        } else {
                            format!("; ← {predecessors}")
                        }
                    )),
                    ..Change::default()
                },
            )?;
            Ok(id)
        }
        Some(old) => {
            let changes: [(&str, Option<String>, Option<String>); 5] = [
                ("name", Some(old.name.clone()), Some(name.clone())),
                (
                    "level",
                    Some(old.level.code().to_string()),
                    Some(l.level.code().to_string()),
                ),
                (
                    "parent_code",
                    old.parent_code.clone(),
                    l.parent_code.clone(),
                ),
                ("valid_to", date_text(old.valid_to), to.clone()),
                (
                    "predecessors",
                    Some(Predecessor::format_list(&old.predecessors)),
                    Some(predecessors.clone()),
                ),
            ];
            let mut changed = false;
            for (field, before, after) in changes {
                if before != after {
                    changed = true;
                    audit.write(
                        conn,
                        Change {
                            entity: "locality",
                            locality_code: Some(&l.code),
                            record: Some(&record),
                            field,
                            old: before,
                            new: after,
                            ..Change::default()
                        },
                    )?;
                }
            }
            if changed {
                conn.prepare_cached(
                    "UPDATE locality SET name = ?2, name_key = ?3, level = ?4, parent_code = ?5,
                                         valid_to = ?6, predecessors = ?7 WHERE id = ?1",
                )?
                .execute(params![
                    old.id,
                    name,
                    key,
                    l.level.code(),
                    l.parent_code,
                    to,
                    predecessors
                ])?;
            }
            Ok(old.id)
        }
    }
}

/// Caches code → id per report year within one transaction.
#[derive(Default)]
pub struct IdResolver {
    by_year: HashMap<i32, HashMap<String, i64>>,
}

impl IdResolver {
    pub fn resolve(&mut self, conn: &Connection, code: &str, year: i32) -> Result<Option<i64>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.by_year.entry(year) {
            slot.insert(
                in_year(conn, year)?
                    .into_iter()
                    .map(|l| (l.code, l.id))
                    .collect(),
            );
        }
        Ok(self.by_year.get(&year).and_then(|m| m.get(code)).copied())
    }
}

/// The id of the locality with `code` valid in report `year`, by one indexed lookup.
pub fn id_in_year(conn: &Connection, code: &str, year: i32) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id FROM locality WHERE code = ?1 AND {}",
            valid_on("", "?2")
        ))?
        .query_row(params![code, units_day(year)], |r| r.get(0))
        .optional()?)
}

/// The locality with `code` valid in report `year`, by one indexed lookup.
pub fn one_in_year(conn: &Connection, code: &str, year: i32) -> Result<Option<Locality>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE code = ?1 AND {}",
            valid_on("", "?2")
        ))?
        .query_row(params![code, units_day(year)], map_row)
        .optional()?)
}

/// The stored version a predecessor names: `CODE@FROM` the version of that code beginning that day,
/// plain `CODE` the version that began before the records (the stored form always names the version,
/// so no date arithmetic is needed here). None when no such version is stored.
pub fn predecessor_id(conn: &Connection, p: &Predecessor) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM locality WHERE code = ?1 AND coalesce(valid_from, '') = coalesce(?2, '')",
        )?
        .query_row(params![p.code, date_text(p.valid_from)], |r| r.get(0))
        .optional()?)
}

impl super::Store {
    /// The id of the stored version a predecessor names (see [`predecessor_id`]).
    pub fn predecessor_id(&self, p: &Predecessor) -> Result<Option<i64>> {
        predecessor_id(self.conn(), p)
    }
}
