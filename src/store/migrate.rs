//! Numbered migrations, run on open inside one transaction. `PRAGMA user_version` holds the schema
//! version; a database written by a newer antq is refused.

use crate::error::{Error, Result};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_award_recipients.sql"),
    include_str!("migrations/003_years_view.sql"),
    include_str!("migrations/004_award_locality.sql"),
    include_str!("migrations/005_predecessors.sql"),
    include_str!("migrations/006_targets.sql"),
    include_str!("migrations/007_packages.sql"),
    include_str!("migrations/008_value_notes.sql"),
    include_str!("migrations/009_award_birth_year.sql"),
    include_str!("migrations/010_years_entered.sql"),
    include_str!("migrations/011_recipients_recounted.sql"),
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub fn check_version(conn: &Connection, shown: &str) -> Result<i64> {
    let v = version(conn)?;
    if v > LATEST_VERSION {
        return Err(Error::env(
            format!(
                "cơ sở dữ liệu {shown} do một phiên bản antq mới hơn ghi (lược đồ {v}, phiên bản này chỉ biết đến {LATEST_VERSION}): hãy cập nhật antq"
            ),
            format!(
                "the database {shown} was written by a newer antq (schema {v}; this antq knows up to {LATEST_VERSION}): update antq"
            ),
        ));
    }
    Ok(v)
}

pub fn migrate(conn: &Connection, shown: &str) -> Result<()> {
    let current = check_version(conn, shown)?;
    if current == LATEST_VERSION {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let run = || -> Result<()> {
        // Re-read inside the lock: another process may have migrated meanwhile.
        let current = check_version(conn, shown)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
