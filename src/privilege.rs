//! The group a district server's binary is installed with (setgid `antq`, see docs/server.md) is
//! for the shared database and its folder, nothing else.
//!
//! The clerks are not members of the group: the setgid binary is their only way to the file, so
//! the group must not become a way to anything else. At start the process lowers its effective
//! group to the login's own ([`start`]), so every file a user names — `import FILE`, `--config`,
//! the user's configuration, `export --out`, `backup FILE` — is opened with the login's own ids by
//! default, without each call site having to remember it. The group is raised only while the
//! store opens or closes a connection to a database in the data folder ([`for_database`]): a
//! folder that belongs to the group and carries the setgid bit, as the package's `/var/lib/antq`
//! (root:antq 2770). Nobody but root can make one — a clerk is not in the group, so cannot give it
//! a folder — and the configuration is not asked: a user's layers, `--db` and `ANTQ_DB` may name
//! any file. Any other database is opened after the group was given up for good.
//!
//! SQLite opens the database's `-wal` and `-shm` files lazily, on the first read: the store makes
//! that read inside the window, so they are open before the group is lowered again, and it keeps
//! temporary tables in memory so that no later file is created (nor redirected by `SQLITE_TMPDIR`).
//! The process's ids are shared by its threads, so a window is opened only where no other thread
//! opens a user's file meanwhile.

use crate::error::{Error, Result};
use std::path::Path;
use std::sync::Mutex;

/// The privileged group while the process may still raise it (None: never had one, or gave it up).
static GROUP: Mutex<Option<libc::gid_t>> = Mutex::new(None);

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

/// Runs `open` (the store opening or closing the database at `path`) with the group when `path` is
/// in the data folder; for any other path the group is first given up for good, so a database a
/// user names elsewhere is opened with the login's own ids only.
pub fn for_database<T>(path: &Path, open: impl FnOnce() -> Result<T>) -> Result<T> {
    let group = *lock();
    let Some(group) = group else {
        return open();
    };
    if in_data_folder(path, group) {
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

/// True when `path`'s folder belongs to `group`, has the setgid bit (new files belong to the group
/// too) and is not writable by everyone. Asked with the login's own ids: looking at a folder's
/// owner needs no right on the folder itself.
fn in_data_folder(path: &Path, group: libc::gid_t) -> bool {
    use std::os::unix::fs::MetadataExt;
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    folder.metadata().is_ok_and(|m| {
        m.is_dir() && m.gid() == group && m.mode() & 0o2000 != 0 && m.mode() & 0o002 == 0
    })
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
