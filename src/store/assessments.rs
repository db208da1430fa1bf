use super::audit::{Auditor, Change};
use crate::domain::{Assessment, Field, FieldValue};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

const COLUMNS: &str = "residential_areas_total, residential_areas_recognized, commune_recognized,
    police_advanced, agencies_total, agencies_recognized, schools_total, schools_recognized, models";

/// Maps the nine figure columns (in `assessments.csv` order, starting at column 0) of a row.
pub(super) fn map_row(
    r: &rusqlite::Row<'_>,
    year: i32,
    code: String,
) -> rusqlite::Result<Assessment> {
    let count = |i: usize| -> rusqlite::Result<Option<u32>> {
        Ok(r.get::<_, Option<i64>>(i)?
            .map(|v| v.clamp(0, u32::MAX as i64) as u32))
    };
    let flag = |i: usize| -> rusqlite::Result<Option<bool>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(|v| v != 0))
    };
    Ok(Assessment {
        year,
        locality_code: code,
        residential_areas_total: count(0)?,
        residential_areas_recognized: count(1)?,
        commune_recognized: flag(2)?,
        police_advanced: flag(3)?,
        agencies_total: count(4)?,
        agencies_recognized: count(5)?,
        schools_total: count(6)?,
        schools_recognized: count(7)?,
        models: count(8)?,
    })
}

pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, l.code FROM assessment a JOIN locality l ON l.id = a.locality_id
         WHERE a.year = ?1 ORDER BY l.id"
    ))?;
    let rows = stmt
        .query_map([year], |r| {
            let code: String = r.get(9)?;
            map_row(r, year, code)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The rows of `year` whose locality's internal id `code_of` knows, in no particular order: one pass
/// over the year without a join (the scoped read of a whole province).
pub(super) fn for_year_of(
    conn: &Connection,
    year: i32,
    code_of: impl Fn(i64) -> Option<String>,
) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, locality_id FROM assessment WHERE year = ?1"
    ))?;
    let mut rows = stmt.query([year])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(code) = code_of(r.get(9)?) {
            out.push(map_row(r, year, code)?);
        }
    }
    Ok(out)
}

pub fn get(conn: &Connection, year: i32, locality_id: i64) -> Result<Option<Assessment>> {
    let mut stmt = conn.prepare_cached(GET_ONE)?;
    Ok(stmt
        .query_row(params![year, locality_id], |r| {
            let code: String = r.get(9)?;
            map_row(r, year, code)
        })
        .optional()?)
}

/// One row by its key. The locality's code comes from a scalar subquery rather than a join: the join's
/// plan made SQLite re-prepare the statement on every call (half the time of a 100,000-row import).
const GET_ONE: &str =
    "SELECT residential_areas_total, residential_areas_recognized, commune_recognized,
    police_advanced, agencies_total, agencies_recognized, schools_total, schools_recognized, models,
    (SELECT code FROM locality WHERE id = a.locality_id)
    FROM assessment a WHERE a.year = ?1 AND a.locality_id = ?2";

/// The text an audit row shows for a value ("" never: None for not reported).
pub fn value_text(v: FieldValue) -> Option<String> {
    match v {
        FieldValue::Count(c) => c.map(|c| c.to_string()),
        FieldValue::Flag(f) => f.map(|b| if b { "yes" } else { "no" }.to_string()),
    }
}

fn sql_value(v: FieldValue) -> Option<i64> {
    match v {
        FieldValue::Count(c) => c.map(i64::from),
        FieldValue::Flag(f) => f.map(i64::from),
    }
}

/// Makes the stored row of (a.year, locality) equal to `a`, auditing each field that changes.
/// Returns the number of changed fields (0 = nothing written).
pub fn upsert(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    a: &Assessment,
    locality_id: i64,
) -> Result<usize> {
    let old = get(conn, a.year, locality_id)?;
    let before = old
        .clone()
        .unwrap_or_else(|| Assessment::empty(a.year, &a.locality_code));
    let mut changed = 0;
    for field in Field::ALL {
        let (o, n) = (before.get(field), a.get(field));
        if o != n {
            changed += 1;
            audit.write(
                conn,
                Change {
                    entity: "assessment",
                    year: Some(a.year),
                    locality_code: Some(&a.locality_code),
                    field: field.code(),
                    old: value_text(o),
                    new: value_text(n),
                    ..Change::default()
                },
            )?;
        }
    }
    if changed == 0 && old.is_some() {
        return Ok(0);
    }
    let values: Vec<Option<i64>> = Field::ALL.iter().map(|f| sql_value(a.get(*f))).collect();
    conn.prepare_cached(&format!(
        "INSERT INTO assessment (year, locality_id, {COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (year, locality_id) DO UPDATE SET
           residential_areas_total = excluded.residential_areas_total,
           residential_areas_recognized = excluded.residential_areas_recognized,
           commune_recognized = excluded.commune_recognized,
           police_advanced = excluded.police_advanced,
           agencies_total = excluded.agencies_total,
           agencies_recognized = excluded.agencies_recognized,
           schools_total = excluded.schools_total,
           schools_recognized = excluded.schools_recognized,
           models = excluded.models"
    ))?
    .execute(params![
        a.year,
        locality_id,
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        values[6],
        values[7],
        values[8]
    ])?;
    Ok(changed)
}

/// Removes the stored row of (year, locality), auditing every reported field as cleared (a row
/// with nothing reported gets one row for the record itself). Returns whether a row was there.
pub fn delete(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    year: i32,
    code: &str,
    locality_id: i64,
) -> Result<bool> {
    let Some(old) = get(conn, year, locality_id)? else {
        return Ok(false);
    };
    let mut written = 0;
    for field in Field::ALL {
        let o = value_text(old.get(field));
        if o.is_some() {
            written += 1;
            audit.write(
                conn,
                Change {
                    entity: "assessment",
                    year: Some(year),
                    locality_code: Some(code),
                    field: field.code(),
                    old: o,
                    new: None,
                    ..Change::default()
                },
            )?;
        }
    }
    if written == 0 {
        audit.write(
            conn,
            Change {
                entity: "assessment",
                year: Some(year),
                locality_code: Some(code),
                field: "deleted",
                old: Some(String::new()),
                new: None,
                ..Change::default()
            },
        )?;
    }
    conn.prepare_cached("DELETE FROM assessment WHERE year = ?1 AND locality_id = ?2")?
        .execute(params![year, locality_id])?;
    Ok(true)
}
