//! Per-district workflow state and the users table.

use super::audit::Change;
use super::{Source, Store};
use crate::domain::workflow::{Role, State, User};
use crate::error::Result;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

fn users(conn: &rusqlite::Connection) -> Result<Vec<User>> {
    let mut stmt =
        conn.prepare_cached("SELECT login, role, district_code FROM app_user ORDER BY login")?;
    let rows = stmt
        .query_map([], |r| {
            let role: String = r.get(1)?;
            Ok(User {
                login: r.get(0)?,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
                district_code: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl super::Writer<'_> {
    /// The registered users, read inside this transaction: what a write's rights depend on.
    pub fn users(&self) -> Result<Vec<User>> {
        users(self.conn())
    }
}

/// One district-year's state with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateRecord {
    pub state: State,
    pub changed_at: String,
    pub changed_by: String,
    pub reason: String,
}

impl Store {
    pub fn users(&self) -> Result<Vec<User>> {
        users(self.conn())
    }

    pub fn put_user(&mut self, user: &User) -> Result<()> {
        let old = self
            .users()?
            .into_iter()
            .find(|u| u.login == user.login)
            .map(|u| describe(&u));
        let new = describe(user);
        self.write(Source::Cli, |w| {
            w.conn().execute(
                "INSERT INTO app_user (login, role, district_code) VALUES (?1, ?2, ?3)
                 ON CONFLICT (login) DO UPDATE SET role = excluded.role,
                                                  district_code = excluded.district_code",
                params![user.login, user.role.code(), user.district_code],
            )?;
            w.audit(Change {
                entity: "user",
                record: Some(&user.login),
                field: "role",
                old,
                new: Some(new),
                ..Change::default()
            })
        })
    }

    pub fn remove_user(&mut self, login: &str) -> Result<bool> {
        let Some(old) = self.users()?.into_iter().find(|u| u.login == login) else {
            return Ok(false);
        };
        self.write(Source::Cli, |w| {
            w.conn()
                .execute("DELETE FROM app_user WHERE login = ?1", [login])?;
            w.audit(Change {
                entity: "user",
                record: Some(login),
                field: "role",
                old: Some(describe(&old)),
                new: None,
                ..Change::default()
            })?;
            Ok(true)
        })
    }

    /// Every district-year state recorded for `year` (districts absent are draft).
    pub fn states(&self, year: i32) -> Result<HashMap<String, StateRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT district_code, state, changed_at, changed_by, reason FROM workflow WHERE year = ?1",
        )?;
        let rows = stmt
            .query_map([year], |r| {
                let state: String = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    StateRecord {
                        state: State::parse(&state).unwrap_or(State::Draft),
                        changed_at: r.get(2)?,
                        changed_by: r.get(3)?,
                        reason: r.get(4)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    pub fn state(&self, year: i32, district_code: &str) -> Result<State> {
        let s: Option<String> = self
            .conn()
            .prepare_cached("SELECT state FROM workflow WHERE year = ?1 AND district_code = ?2")?
            .query_row(params![year, district_code], |r| r.get(0))
            .optional()?;
        Ok(s.as_deref().and_then(State::parse).unwrap_or(State::Draft))
    }

    /// The id of the newest audit row (0 on an empty log). Every change to the data, the users or the
    /// workflow writes one, so an unchanged head means nothing changed in between.
    pub fn audit_head(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }

    /// Moves a unit-year from one of the states `from` to `to` (audited), deciding inside the write
    /// transaction: another process may have moved it, or changed the figures the caller judged, since
    /// the caller looked. With `judged_at` (an [`Store::audit_head`] read before the caller's
    /// judgement) any audited change since then aborts the move as [`Move::Stale`].
    pub fn move_state(
        &mut self,
        year: i32,
        district_code: &str,
        from: &[State],
        to: State,
        reason: &str,
        judged_at: Option<i64>,
    ) -> Result<Move> {
        let user = self.user().to_string();
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        self.write(Source::Cli, |w| {
            if let Some(head) = judged_at {
                let now_head: i64 =
                    w.conn()
                        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                            r.get(0)
                        })?;
                if now_head != head {
                    return Ok(Move::Stale);
                }
            }
            let old: Option<String> = w
                .conn()
                .prepare_cached(
                    "SELECT state FROM workflow WHERE year = ?1 AND district_code = ?2",
                )?
                .query_row(params![year, district_code], |r| r.get(0))
                .optional()?;
            let old = old
                .as_deref()
                .and_then(State::parse)
                .unwrap_or(State::Draft);
            if !from.contains(&old) {
                return Ok(Move::Refused(old));
            }
            w.conn().execute(
                "INSERT INTO workflow (year, district_code, state, changed_at, changed_by, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (year, district_code) DO UPDATE SET state = excluded.state,
                    changed_at = excluded.changed_at, changed_by = excluded.changed_by,
                    reason = excluded.reason",
                params![year, district_code, to.code(), now, user, reason],
            )?;
            let new = if reason.is_empty() {
                to.code().to_string()
            } else {
                format!("{} ({reason})", to.code())
            };
            w.audit(Change {
                entity: "workflow",
                year: Some(year),
                locality_code: Some(district_code),
                field: "state",
                old: Some(old.code().to_string()),
                new: Some(new),
                ..Change::default()
            })?;
            Ok(Move::Done)
        })
    }
}

impl super::Writer<'_> {
    /// A unit-year's state read inside this transaction (draft when none is recorded).
    pub fn state(&self, year: i32, district_code: &str) -> Result<State> {
        let s: Option<String> = self
            .conn()
            .prepare_cached("SELECT state FROM workflow WHERE year = ?1 AND district_code = ?2")?
            .query_row(params![year, district_code], |r| r.get(0))
            .optional()?;
        Ok(s.as_deref().and_then(State::parse).unwrap_or(State::Draft))
    }

    /// Sets a unit-year's state as another server recorded it (who and when are theirs), audited.
    /// The caller has read what the move depends on in this same transaction.
    pub fn put_state(&mut self, year: i32, district_code: &str, rec: &StateRecord) -> Result<()> {
        let old = self.state(year, district_code)?;
        self.conn().execute(
            "INSERT INTO workflow (year, district_code, state, changed_at, changed_by, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (year, district_code) DO UPDATE SET state = excluded.state,
                changed_at = excluded.changed_at, changed_by = excluded.changed_by,
                reason = excluded.reason",
            params![
                year,
                district_code,
                rec.state.code(),
                rec.changed_at,
                rec.changed_by,
                rec.reason
            ],
        )?;
        let new = if rec.reason.is_empty() {
            rec.state.code().to_string()
        } else {
            format!("{} ({})", rec.state.code(), rec.reason)
        };
        self.audit(Change {
            entity: "workflow",
            year: Some(year),
            locality_code: Some(district_code),
            field: "state",
            old: Some(old.code().to_string()),
            new: Some(new),
            ..Change::default()
        })
    }
}

/// What [`Store::move_state`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Done,
    /// The unit-year was in this state, not one the move starts from: nothing written.
    Refused(State),
    /// Something was written since the caller judged: nothing written; judge again.
    Stale,
}

fn describe(u: &User) -> String {
    match &u.district_code {
        Some(d) => format!("{} {d}", u.role.code()),
        None => u.role.code().to_string(),
    }
}
