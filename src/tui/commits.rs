//! A cell commit on a server shared by several clerks: it never freezes the screen, and it never
//! overwrites another login's change unasked.
//!
//! - **Busy.** While another process holds the write lock, a keystroke's commit waits only
//!   [`COMMIT_WAIT`] (SQLite's busy timeout, set for the commit alone), then joins a queue kept in
//!   order; the key is answered, the cell shows the value, the status bar says the commit waits,
//!   and the event loop tries the queue again every [`RETRY_EVERY`]. A commit made while others
//!   wait joins the queue behind them, so the order of commits is kept.
//! - **Conflict.** The value a cell held when its edit began goes with the commit; the service
//!   compares it with the stored value inside its write transaction ([`set_value_since`]) and, if
//!   another login changed it since, writes nothing and says who and when (from the audit log).
//!   The App asks the clerk whether to overwrite.

use crate::error::Error;
use crate::services::{set_value_since, CellCommit, Conflict, ValueChange};
use crate::store::{Source, Store};
use std::time::Duration;

/// How long a keystroke's commit waits for another process's write lock before it is queued:
/// enough for another clerk's one-cell commit, short enough that no one sees the key wait.
pub const COMMIT_WAIT: Duration = Duration::from_millis(30);
/// How often queued commits are tried again.
pub const RETRY_EVERY: Duration = Duration::from_millis(100);
/// Leaving (a hang-up, a signal): the wait for the lock, per commit. The process must end within
/// a second of the terminal going away.
pub const EXIT_WAIT: Duration = Duration::from_millis(300);
/// What every other write of the session waits (the store's own default).
const STORE_WAIT: Duration = Duration::from_secs(5);

/// One cell to write (the service's own type: a paste writes several in one transaction).
pub use crate::services::CellWrite;

/// What one attempt did.
pub enum Attempt {
    Written(ValueChange),
    /// Another process holds the write lock: nothing written, worth trying again.
    Busy,
    Conflict(Conflict),
    /// Refused for good (rights, approval, …): the reason, in the session's language.
    Refused(Error),
}

/// Tries to write `w`, waiting at most `wait` for the write lock.
pub fn attempt(store: &mut Store, w: &CellWrite, wait: Duration, source: Source) -> Attempt {
    let result = with_wait(store, wait, |store| {
        set_value_since(
            store,
            w.year,
            &w.locality_code,
            w.field,
            w.value,
            w.since,
            source,
        )
    });
    match result {
        Ok(CellCommit::Written(change)) => Attempt::Written(change),
        Ok(CellCommit::Conflict(c)) => Attempt::Conflict(c),
        Err(e) if e.is_busy() => Attempt::Busy,
        Err(e) => Attempt::Refused(e),
    }
}

/// Runs `work` with SQLite's busy timeout at `wait`, then puts the store's own back: a write from a
/// keystroke (a commit, an undo) must not hold the keys for the store's seconds.
pub fn with_wait<T>(store: &mut Store, wait: Duration, work: impl FnOnce(&mut Store) -> T) -> T {
    let _ = store.set_busy_timeout(wait);
    let out = work(store);
    let _ = store.set_busy_timeout(STORE_WAIT);
    out
}

/// A conflict waiting for its clerk's answer (the App shows it as a question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictQuestion {
    pub write: CellWrite,
    pub conflict: Conflict,
    /// The commit came from the cell being typed (its edit is still open), not from the queue.
    pub from_edit: bool,
}
