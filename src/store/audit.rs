//! The append-only audit log: one row per changed field, written in the same transaction as the change,
//! each row carrying a SHA-256 over itself and its predecessor's hash. UPDATE and DELETE are refused by
//! triggers in the database itself; `verify` recomputes the chain.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Tui,
    Import,
    Undo,
    Cli,
    Demo,
    Synthetic,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Tui => "tui",
            Source::Import => "import",
            Source::Undo => "undo",
            Source::Cli => "cli",
            Source::Demo => "demo",
            Source::Synthetic => "synthetic",
        }
    }
}

/// One change to record.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub entity: &'a str,
    pub year: Option<i32>,
    pub locality_code: Option<&'a str>,
    pub record: Option<&'a str>,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub os_user: String,
    pub source: String,
    pub entity: String,
    pub year: Option<i32>,
    pub locality_code: Option<String>,
    pub record: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Writes audit rows inside a transaction, continuing the chain from the last stored row.
pub(crate) struct Auditor {
    next_id: i64,
    last_hash: String,
    at: String,
    user: String,
    source: Source,
}

impl Auditor {
    pub fn begin(conn: &Connection, user: &str, source: Source) -> Result<Auditor> {
        let last: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last_id, last_hash) = last.unwrap_or((0, GENESIS.to_string()));
        Ok(Auditor {
            next_id: last_id + 1,
            last_hash,
            at: chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            user: user.to_string(),
            source,
        })
    }

    pub fn write(&mut self, conn: &Connection, c: Change<'_>) -> Result<()> {
        let row = AuditRow {
            id: self.next_id,
            at: self.at.clone(),
            os_user: self.user.clone(),
            source: self.source.code().to_string(),
            entity: c.entity.to_string(),
            year: c.year,
            locality_code: c.locality_code.map(str::to_string),
            record: c.record.map(str::to_string),
            field: c.field.to_string(),
            old_value: c.old,
            new_value: c.new,
            prev_hash: self.last_hash.clone(),
            hash: String::new(),
        };
        let hash = row_hash(&row);
        let mut stmt = conn.prepare_cached(
            "INSERT INTO audit_log (id, at, os_user, source, entity, year, locality_code, record,
                                    field, old_value, new_value, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        stmt.execute(params![
            row.id,
            row.at,
            row.os_user,
            row.source,
            row.entity,
            row.year,
            row.locality_code,
            row.record,
            row.field,
            row.old_value,
            row.new_value,
            row.prev_hash,
            hash
        ])?;
        self.next_id += 1;
        self.last_hash = hash;
        Ok(())
    }
}

/// SHA-256 over every field of the row (except its own hash) and the predecessor's hash. Fields are
/// length-prefixed so that no two different rows serialise alike.
pub fn row_hash(r: &AuditRow) -> String {
    let mut h = Sha256::new();
    let mut put = |s: Option<&str>| match s {
        None => h.update(b"N"),
        Some(s) => {
            h.update(b"S");
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    };
    let id = r.id.to_string();
    let year = r.year.map(|y| y.to_string());
    put(Some(&r.prev_hash));
    put(Some(&id));
    put(Some(&r.at));
    put(Some(&r.os_user));
    put(Some(&r.source));
    put(Some(&r.entity));
    put(year.as_deref());
    put(r.locality_code.as_deref());
    put(r.record.as_deref());
    put(Some(&r.field));
    put(r.old_value.as_deref());
    put(r.new_value.as_deref());
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        id: r.get(0)?,
        at: r.get(1)?,
        os_user: r.get(2)?,
        source: r.get(3)?,
        entity: r.get(4)?,
        year: r.get(5)?,
        locality_code: r.get(6)?,
        record: r.get(7)?,
        field: r.get(8)?,
        old_value: r.get(9)?,
        new_value: r.get(10)?,
        prev_hash: r.get(11)?,
        hash: r.get(12)?,
    })
}

const SELECT_ROWS: &str =
    "SELECT id, at, os_user, source, entity, year, locality_code, record, field,
                                  old_value, new_value, prev_hash, hash FROM audit_log";

/// The result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    Intact {
        rows: u64,
    },
    /// The first row whose stored hashes do not match what its content and predecessor give.
    Broken {
        id: i64,
        reason: &'static str,
    },
}

/// Recomputes the hash chain from the first row.
pub fn verify_chain(conn: &Connection) -> Result<ChainCheck> {
    let mut stmt = conn.prepare(&format!("{SELECT_ROWS} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let row = map_row(r)?;
        if row.id != expected_id {
            return Ok(ChainCheck::Broken {
                id: row.id,
                reason: "missing_row",
            });
        }
        if row.prev_hash != prev {
            return Ok(ChainCheck::Broken {
                id: row.id,
                reason: "prev_hash",
            });
        }
        if row_hash(&row) != row.hash {
            return Ok(ChainCheck::Broken {
                id: row.id,
                reason: "content",
            });
        }
        prev = row.hash;
        expected_id += 1;
        n += 1;
    }
    Ok(ChainCheck::Intact { rows: n })
}

/// The audit trail of one locality in one year, optionally one field, oldest first.
pub fn history(
    conn: &Connection,
    year: i32,
    locality_code: &str,
    field: Option<&str>,
) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ROWS} WHERE year = ?1 AND locality_code = ?2 AND (?3 IS NULL OR field = ?3) ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(params![year, locality_code, field], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
