//! The group a district server's binary is installed with (setgid `antq`, see docs/server.md) is
//! for the shared database and its folder, nothing else.
//!
//! The clerks are not members of the group: the setgid binary is their only way to the file, so
//! the group must not become a way to anything else. At start the process lowers its effective
//! group to the login's own ([`start`]), so every file a user names — `import FILE`, `--config`,
//! the user's configuration, `export --out`, `backup FILE` — is opened with the login's own ids by
//! default, without each call site having to remember it. The group is raised only while the
//! store opens or closes a connection to the one database the system configuration names
//! ([`for_database`]); any other database is opened after the group was given up for good.
//!
//! SQLite opens the database's `-wal` and `-shm` files lazily, on the first read: the store makes
//! that read inside the window, so they are open before the group is lowered again, and it keeps
//! temporary tables in memory so that no later file is created (nor redirected by `SQLITE_TMPDIR`).
//! The process's ids are shared by its threads, so a window is opened only where no other thread
//! opens a user's file meanwhile.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The privileged group while the process may still raise it (None: never had one, or gave it up).
static GROUP: Mutex<Option<libc::gid_t>> = Mutex::new(None);
/// The database the group is for: the system configuration's `database`.
static DATABASE: OnceLock<PathBuf> = OnceLock::new();

/// Lowers the effective group to the real one when the binary runs setgid, keeping the group in
/// the saved set-group-ID for [`for_database`]. Called first thing, before any file is opened.
pub fn start() -> Result<()> {
    // SAFETY: getgid/getegid have no preconditions and cannot fail.
    let (real, effective) = unsafe { (libc::getgid(), libc::getegid()) };
    if real == effective {
        return Ok(());
    }
    set_effective(real)?;
    *lock() = Some(effective);
    Ok(())
}

/// True while the process holds a group other than the login's (a setgid binary that has not given
/// it up).
pub fn holds_group() -> bool {
    lock().is_some()
}

/// Names the database the group is for. Only an absolute path is trusted; the first call wins.
pub fn trust_database(path: &Path) {
    if path.is_absolute() {
        let _ = DATABASE.set(path.to_path_buf());
    }
}

/// Runs `open` (the store opening or closing the database at `path`) with the group when `path` is
/// the trusted database; for any other path the group is first given up for good, so a database a
/// user names elsewhere is opened with the login's own ids only.
pub fn for_database<T>(path: &Path, open: impl FnOnce() -> Result<T>) -> Result<T> {
    let group = *lock();
    let Some(group) = group else {
        return open();
    };
    if DATABASE.get().is_some_and(|trusted| trusted == path) {
        set_effective(group)?;
        let _lower = Lower;
        open()
    } else {
        give_up()?;
        open()
    }
}

/// Gives the group up for good: real, effective and saved group all the login's own.
pub fn give_up() -> Result<()> {
    let mut group = lock();
    if group.is_none() {
        return Ok(());
    }
    // Setting the real group makes the saved set-group-ID the new effective one too (POSIX), so
    // the group cannot be raised again.
    // SAFETY: getgid has no preconditions; setregid only changes this process's credentials.
    let rc = unsafe {
        let real = libc::getgid();
        libc::setregid(real, real)
    };
    if rc != 0 {
        return Err(ids_error(std::io::Error::last_os_error()));
    }
    *group = None;
    Ok(())
}

/// Lowers the effective group again when the window ends, even by an error or a panic.
struct Lower;

impl Drop for Lower {
    fn drop(&mut self) {
        // SAFETY: getgid has no preconditions.
        let real = unsafe { libc::getgid() };
        if set_effective(real).is_err() {
            // Keeping the group past the window would open users' files with it: stop instead.
            std::process::abort();
        }
    }
}

fn set_effective(gid: libc::gid_t) -> Result<()> {
    // SAFETY: setegid only changes this process's credentials.
    if unsafe { libc::setegid(gid) } != 0 {
        return Err(ids_error(std::io::Error::last_os_error()));
    }
    Ok(())
}

fn lock() -> std::sync::MutexGuard<'static, Option<libc::gid_t>> {
    GROUP
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn ids_error(e: std::io::Error) -> Error {
    Error::env(
        format!("không đổi được nhóm của tiến trình: {e}"),
        format!("cannot change the process's group: {e}"),
    )
}
