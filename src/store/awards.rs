use super::audit::{Auditor, Change};
use crate::domain::{Award, AwardForm, MedalHolder, RecipientKind};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// The locality's code by a scalar subquery, not a join: with a join SQLite re-prepared these
/// statements on every call (measured: half the time of a bulk import).
pub(super) const SELECT: &str =
    "SELECT a.id, a.year, a.form, a.issuer, a.recipient_kind, a.recipient,
    (SELECT code FROM locality WHERE id = a.locality_id),
    a.decision_no, a.decision_date, a.note, a.birth_year FROM award a";

/// The one mapping of an `award` row (selected by [`SELECT`]) to the domain type.
pub(super) fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Award> {
    let form: String = r.get(2)?;
    let kind: String = r.get(4)?;
    let date: String = r.get(8)?;
    Ok(Award {
        id: r.get(0)?,
        year: r.get(1)?,
        form: AwardForm::parse(&form).unwrap_or(AwardForm::CertificateOfCommendation),
        issuer: r.get(3)?,
        recipient_kind: RecipientKind::parse(&kind).unwrap_or(RecipientKind::Collective),
        recipient: r.get(5)?,
        locality_code: r.get(6)?,
        birth_year: r.get(10)?,
        decision_no: r.get(7)?,
        decision_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
        note: r.get(9)?,
    })
}

pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<Award>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE a.year = ?1 ORDER BY a.id"))?;
    let rows = stmt
        .query_map([year], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every commemorative medal to an individual outside `year`: year, recipient, birth year, unit.
pub fn medals_outside_year(conn: &Connection, year: i32) -> Result<Vec<MedalHolder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.year, a.recipient, a.birth_year,
                (SELECT code FROM locality WHERE id = a.locality_id)
           FROM award a WHERE a.form = 'commemorative_medal'
           AND a.recipient_kind = 'individual' AND a.year <> ?1",
    )?;
    let rows = stmt
        .query_map([year], |r| {
            Ok(MedalHolder {
                year: r.get(0)?,
                recipient: r.get(1)?,
                birth_year: r.get(2)?,
                locality_code: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The award with internal `id`, if stored.
pub(super) fn by_id(conn: &Connection, id: i64) -> Result<Option<Award>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], map_row)
        .optional()?)
}

fn record_of(a: &Award) -> String {
    format!("{}|{}", a.decision_no, a.recipient)
}

fn fields(a: &Award) -> [(&'static str, Option<String>); 8] {
    [
        ("form", Some(a.form.code().to_string())),
        ("issuer", Some(a.issuer.clone())),
        ("recipient_kind", Some(a.recipient_kind.code().to_string())),
        ("locality_code", a.locality_code.clone()),
        (
            "decision_date",
            Some(a.decision_date.format("%Y-%m-%d").to_string()),
        ),
        ("note", Some(a.note.clone())),
        ("recipient", Some(a.recipient.clone())),
        ("birth_year", a.birth_year.map(|y| y.to_string())),
    ]
}

/// Inserts or updates the award identified by (year, decision_no, recipient) — or by `a.id` when it is
/// non-zero (an edit in the TUI may change the identity). Returns the number of changed fields.
pub fn upsert(
    conn: &Connection,
    audit: &mut Auditor<'_>,
    a: &Award,
    locality_id: Option<i64>,
) -> Result<usize> {
    let existing = if a.id != 0 {
        by_id(conn, a.id)?
    } else {
        conn.prepare_cached(&format!(
            "{SELECT} WHERE a.year = ?1 AND a.decision_no = ?2 AND a.recipient = ?3"
        ))?
        .query_row(params![a.year, a.decision_no, a.recipient], map_row)
        .optional()?
    };
    let record = record_of(a);
    let mut changed = 0;
    match &existing {
        None => {
            for (field, value) in fields(a) {
                if value.as_deref().is_some_and(|v| !v.is_empty()) {
                    changed += 1;
                    audit.write(
                        conn,
                        Change {
                            entity: "award",
                            year: Some(a.year),
                            locality_code: a.locality_code.as_deref(),
                            record: Some(&record),
                            field,
                            old: None,
                            new: value,
                        },
                    )?;
                }
            }
            conn.prepare_cached(
                "INSERT INTO award (year, form, issuer, recipient_kind, recipient, locality_id,
                                    decision_no, decision_date, note, birth_year)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                a.year,
                a.form.code(),
                a.issuer,
                a.recipient_kind.code(),
                a.recipient,
                locality_id,
                a.decision_no,
                a.decision_date.format("%Y-%m-%d").to_string(),
                a.note,
                a.birth_year
            ])?;
        }
        Some(old) => {
            let mut all_fields = fields(old).to_vec();
            all_fields.push(("decision_no", Some(old.decision_no.clone())));
            let mut new_fields = fields(a).to_vec();
            new_fields.push(("decision_no", Some(a.decision_no.clone())));
            for ((field, before), (_, after)) in all_fields.into_iter().zip(new_fields) {
                if before != after {
                    changed += 1;
                    audit.write(
                        conn,
                        Change {
                            entity: "award",
                            year: Some(a.year),
                            locality_code: a.locality_code.as_deref(),
                            record: Some(&record),
                            field,
                            old: before,
                            new: after,
                        },
                    )?;
                }
            }
            if changed > 0 {
                conn.prepare_cached(
                    "UPDATE award SET form = ?2, issuer = ?3, recipient_kind = ?4, recipient = ?5,
                        locality_id = ?6, decision_no = ?7, decision_date = ?8, note = ?9,
                        birth_year = ?10 WHERE id = ?1",
                )?
                .execute(params![
                    old.id,
                    a.form.code(),
                    a.issuer,
                    a.recipient_kind.code(),
                    a.recipient,
                    locality_id,
                    a.decision_no,
                    a.decision_date.format("%Y-%m-%d").to_string(),
                    a.note,
                    a.birth_year
                ])?;
            }
        }
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
            entity: "award",
            year: Some(old.year),
            locality_code: old.locality_code.as_deref(),
            record: Some(&record_of(&old)),
            field: "deleted",
            old: Some(format!(
                "{} {} {}",
                old.form.code(),
                old.issuer,
                old.recipient
            )),
            new: None,
        },
    )?;
    conn.execute("DELETE FROM award WHERE id = ?1", [id])?;
    Ok(true)
}
