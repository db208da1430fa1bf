//! Where sealed packages came from: this database's own id, every package received (its sender,
//! the sender's audit chain head, when it arrived), and the heads of this database's own chain that
//! the province acknowledged back (the anchors `verify` checks).

use super::audit::Change;
use super::{Store, Writer};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Which way a package travels: a unit's year up to the province, or the province's answer down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Unit,
    Answer,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Unit => "unit",
            Direction::Answer => "answer",
        }
    }
}

/// One package received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub year: i32,
    pub unit_code: String,
    pub sender_id: String,
    pub sender_login: String,
    /// The sender's clock, UTC ISO 8601.
    pub sent_at: String,
    pub head_id: i64,
    pub head_hash: String,
    pub state: String,
    pub reason: String,
    pub seal: String,
    /// An answer's targets as JSON (`[]` when it carried none).
    pub targets: String,
    pub received_at: String,
    pub received_by: String,
}

/// A head of this database's own audit chain that the province acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub head_id: i64,
    pub head_hash: String,
    pub acknowledged_by: String,
    pub acknowledged_at: String,
}

const SELECT: &str = "SELECT year, unit_code, sender_id, sender_login, sent_at, head_id, head_hash,
    state, reason, seal, targets, received_at, received_by FROM package_received";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Received> {
    Ok(Received {
        year: r.get(0)?,
        unit_code: r.get(1)?,
        sender_id: r.get(2)?,
        sender_login: r.get(3)?,
        sent_at: r.get(4)?,
        head_id: r.get(5)?,
        head_hash: r.get(6)?,
        state: r.get(7)?,
        reason: r.get(8)?,
        seal: r.get(9)?,
        targets: r.get(10)?,
        received_at: r.get(11)?,
        received_by: r.get(12)?,
    })
}

fn latest(
    conn: &Connection,
    year: i32,
    unit_code: &str,
    direction: Direction,
) -> Result<Option<Received>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE year = ?1 AND unit_code = ?2 AND kind = ?3 ORDER BY id DESC LIMIT 1"
        ))?
        .query_row(params![year, unit_code, direction.code()], map_row)
        .optional()?)
}

impl Store {
    /// This database's own id (a random UUID made and stored on first need): the sender a sealed
    /// package names.
    pub fn database_id(&mut self) -> Result<String> {
        // INSERT OR IGNORE, then read: two processes asking at once agree on the first one stored.
        self.conn().execute(
            "INSERT OR IGNORE INTO meta (key, value) SELECT 'database_id',
                lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
                      || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-'
                      || substr(h, 21, 12))
             FROM (SELECT hex(randomblob(16)) AS h)",
            [],
        )?;
        Ok(self.conn().query_row(
            "SELECT value FROM meta WHERE key = 'database_id'",
            [],
            |r| r.get(0),
        )?)
    }

    /// This database's id if it has one yet (reading never makes one).
    pub fn database_id_if_any(&self) -> Result<Option<String>> {
        self.meta("database_id")
    }

    /// The newest package of `direction` received for a unit-year.
    pub fn received(
        &self,
        year: i32,
        unit_code: &str,
        direction: Direction,
    ) -> Result<Option<Received>> {
        latest(self.conn(), year, unit_code, direction)
    }

    /// The newest package of `direction` received for each unit of `year`, by unit code.
    pub fn received_in_year(
        &self,
        year: i32,
        direction: Direction,
    ) -> Result<HashMap<String, Received>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE year = ?1 AND kind = ?2 ORDER BY id"
        ))?;
        let rows = stmt
            .query_map(params![year, direction.code()], map_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Ordered by id: a later package of the same unit replaces an earlier one.
        Ok(rows.into_iter().map(|r| (r.unit_code.clone(), r)).collect())
    }

    /// The newest chain head received from the database `sender_id` (any year, any unit): what the
    /// province acknowledges back to that server.
    pub fn latest_head_from(&self, sender_id: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT head_id, head_hash FROM package_received
                 WHERE sender_id = ?1 AND kind = 'unit' ORDER BY head_id DESC, id DESC LIMIT 1",
            )?
            .query_row([sender_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The heads of this database's chain the province acknowledged, oldest first.
    pub fn anchors(&self) -> Result<Vec<Anchor>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT head_id, head_hash, acknowledged_by, acknowledged_at FROM chain_anchor
             ORDER BY head_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Anchor {
                    head_id: r.get(0)?,
                    head_hash: r.get(1)?,
                    acknowledged_by: r.get(2)?,
                    acknowledged_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Writer<'_> {
    /// [`Store::received`], read inside this transaction.
    pub fn received(
        &self,
        year: i32,
        unit_code: &str,
        direction: Direction,
    ) -> Result<Option<Received>> {
        latest(self.conn(), year, unit_code, direction)
    }

    /// Records a package received (audited: entity `package`).
    pub fn record_received(&mut self, r: &Received, direction: Direction) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO package_received (year, unit_code, kind, sender_id, sender_login,
                    sent_at, head_id, head_hash, state, reason, seal, targets, received_at,
                    received_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                r.year,
                r.unit_code,
                direction.code(),
                r.sender_id,
                r.sender_login,
                r.sent_at,
                r.head_id,
                r.head_hash,
                r.state,
                r.reason,
                r.seal,
                r.targets,
                r.received_at,
                r.received_by
            ])?;
        self.audit(Change {
            entity: "package",
            year: Some(r.year),
            locality_code: Some(&r.unit_code),
            record: Some(&r.seal),
            field: direction.code(),
            old: None,
            new: Some(format!(
                "{}@{} {} head {}",
                r.sender_login, r.sender_id, r.sent_at, r.head_id
            )),
        })
    }

    /// Keeps a head of this database's chain that the province acknowledged (once).
    pub fn add_anchor(&mut self, a: &Anchor) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO chain_anchor (head_id, head_hash, acknowledged_by,
                    acknowledged_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                a.head_id,
                a.head_hash,
                a.acknowledged_by,
                a.acknowledged_at
            ])?;
        Ok(())
    }
}
