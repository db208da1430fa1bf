//! The append-only audit log: one row per changed field, written in the same transaction as the change,
//! each row carrying a SHA-256 over itself and its predecessor's hash. UPDATE and DELETE are refused by
//! triggers in the database itself; `verify` recomputes the chain.

use crate::error::Result;
use crate::progress::{Progress, Stage};
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
    /// A sealed package from another server (`antq import` of an `antq-package`).
    Package,
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
            Source::Package => "package",
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
pub(crate) struct Auditor<'c> {
    /// The INSERT, prepared once per transaction: a bulk import writes close to a million rows.
    insert: rusqlite::CachedStatement<'c>,
    next_id: i64,
    last_hash: String,
    at: String,
    user: String,
    source: Source,
}

impl<'c> Auditor<'c> {
    pub fn begin(conn: &'c Connection, user: &str, source: Source) -> Result<Auditor<'c>> {
        let last: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last_id, last_hash) = last.unwrap_or((0, GENESIS.to_string()));
        Ok(Auditor {
            insert: conn.prepare_cached(INSERT)?,
            next_id: last_id + 1,
            last_hash,
            at: chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            user: user.to_string(),
            source,
        })
    }

    /// The acting login of this transaction's rows.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The time of this transaction's rows (UTC, RFC 3339).
    pub fn at(&self) -> &str {
        &self.at
    }

    /// Appends one row. `_conn` is the transaction the change itself is written in (the statement
    /// was prepared on it).
    pub fn write(&mut self, _conn: &Connection, c: Change<'_>) -> Result<()> {
        let id = self.next_id;
        let source = self.source.code();
        let hash = hash_fields(&Fields {
            prev_hash: &self.last_hash,
            id,
            at: &self.at,
            os_user: &self.user,
            source,
            entity: c.entity,
            year: c.year,
            locality_code: c.locality_code,
            record: c.record,
            field: c.field,
            old: c.old.as_deref(),
            new: c.new.as_deref(),
        });
        self.insert.execute(params![
            id,
            self.at,
            self.user,
            source,
            c.entity,
            c.year,
            c.locality_code,
            c.record,
            c.field,
            c.old,
            c.new,
            self.last_hash,
            hash
        ])?;
        self.next_id += 1;
        self.last_hash = hash;
        Ok(())
    }
}

const INSERT: &str = "INSERT INTO audit_log (id, at, os_user, source, entity, year, locality_code,
    record, field, old_value, new_value, prev_hash, hash)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

/// The hashed content of one audit row, borrowed (a bulk import writes close to a million rows).
struct Fields<'a> {
    prev_hash: &'a str,
    id: i64,
    at: &'a str,
    os_user: &'a str,
    source: &'a str,
    entity: &'a str,
    year: Option<i32>,
    locality_code: Option<&'a str>,
    record: Option<&'a str>,
    field: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

/// SHA-256 over every field of the row (except its own hash) and the predecessor's hash. Fields are
/// length-prefixed so that no two different rows serialise alike.
fn hash_fields(f: &Fields<'_>) -> String {
    let mut h = Sha256::new();
    let mut put = |s: Option<&str>| match s {
        None => h.update(b"N"),
        Some(s) => {
            h.update(b"S");
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    };
    let id = f.id.to_string();
    let year = f.year.map(|y| y.to_string());
    put(Some(f.prev_hash));
    put(Some(&id));
    put(Some(f.at));
    put(Some(f.os_user));
    put(Some(f.source));
    put(Some(f.entity));
    put(year.as_deref());
    put(f.locality_code);
    put(f.record);
    put(Some(f.field));
    put(f.old);
    put(f.new);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// The hash a stored row should carry, given its content and its predecessor's hash.
pub fn row_hash(r: &AuditRow) -> String {
    hash_fields(&Fields {
        prev_hash: &r.prev_hash,
        id: r.id,
        at: &r.at,
        os_user: &r.os_user,
        source: &r.source,
        entity: &r.entity,
        year: r.year,
        locality_code: r.locality_code.as_deref(),
        record: r.record.as_deref(),
        field: &r.field,
        old: r.old_value.as_deref(),
        new: r.new_value.as_deref(),
    })
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

/// Recomputes the hash chain from the first row, telling `progress` each row checked.
fn verify_chain(conn: &Connection, progress: &dyn Progress) -> Result<ChainCheck> {
    // Ids run 1..=n in an intact log, so the largest is the row count without counting.
    let total: Option<i64> = conn.query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))?;
    progress.begin(Stage::VerifyChain, Some(total.unwrap_or(0).max(0) as u64));
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
        progress.at(n)?;
    }
    progress.end();
    Ok(ChainCheck::Intact { rows: n })
}

/// The audit trail of one locality in one year, optionally one field, oldest first.
fn history(
    conn: &Connection,
    year: i32,
    locality_code: &str,
    field: Option<&str>,
) -> Result<Vec<AuditRow>> {
    // A province-wide target is recorded without a locality: it is the province's history.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM (
             {SELECT_ROWS} WHERE year = ?1 AND locality_code = ?2 AND (?3 IS NULL OR field = ?3)
             UNION ALL
             {SELECT_ROWS} WHERE year = ?1 AND locality_code IS NULL AND entity = 'target'
                 AND (?3 IS NULL OR field = ?3)
                 AND EXISTS (SELECT 1 FROM locality WHERE code = ?2 AND level = 'province')
         ) ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(params![year, locality_code, field], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The newest audit row of one field of one locality in one report year.
pub(crate) fn last_change(
    conn: &Connection,
    year: i32,
    locality_code: &str,
    field: &str,
) -> Result<Option<AuditRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ROWS} WHERE year = ?1 AND locality_code = ?2 AND field = ?3 ORDER BY id DESC LIMIT 1"
    ))?;
    Ok(stmt
        .query_row(params![year, locality_code, field], map_row)
        .optional()?)
}

impl super::Store {
    /// The audit rows of one locality in one report year (of one field when given), oldest first:
    /// one indexed query on year, locality and field.
    pub fn audit_history(
        &self,
        year: i32,
        locality_code: &str,
        field: Option<&str>,
    ) -> Result<Vec<AuditRow>> {
        history(self.conn(), year, locality_code, field)
    }

    /// Recomputes the hash chain of the whole audit log.
    pub fn verify_audit_chain(&self) -> Result<ChainCheck> {
        verify_chain(self.conn(), &crate::progress::Silent)
    }

    /// [`Store::verify_audit_chain`], telling `progress` each row checked.
    pub fn verify_audit_chain_with(&self, progress: &dyn Progress) -> Result<ChainCheck> {
        verify_chain(self.conn(), progress)
    }

    /// The newest audit row's id and hash: the chain head a sealed package carries (None on an
    /// empty log).
    pub fn chain_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The stored hash of audit row `id`, if the row exists.
    pub fn audit_hash_at(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The SQL of the audit log's trigger `name`, if it exists.
    pub fn audit_trigger_sql(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'audit_log'",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }
}
