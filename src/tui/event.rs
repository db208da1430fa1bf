//! Where events come from: the terminal (its own thread, so shutdown never waits on a stuck reader)
//! and the hang-up/termination signals (their own thread, so an SSH drop is handled even when the
//! reader spins — crossterm issue #793 — and the process never orphans a busy core).

use super::context::PendingCommit;
use crate::store::{Source, Store};
use crossterm::event::{Event, KeyEvent};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub enum AppEvent {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// SIGHUP, SIGTERM or SIGQUIT.
    Signal(i32),
    /// The terminal is gone (read failed).
    InputClosed,
}

/// The value being typed, shared with the signal thread.
pub type PendingMirror = Arc<Mutex<Option<PendingCommit>>>;

/// How long the main thread has to commit and leave after a signal before the signal thread does it.
const SIGNAL_GRACE: Duration = Duration::from_millis(600);

pub fn spawn_input(tx: Sender<AppEvent>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("antq-input".into())
        .spawn(move || loop {
            let event = match crossterm::event::read() {
                Ok(Event::Key(k)) => AppEvent::Key(k),
                Ok(Event::Paste(s)) => AppEvent::Paste(s),
                Ok(Event::Resize(w, h)) => AppEvent::Resize(w, h),
                Ok(_) => continue,
                Err(_) => {
                    let _ = tx.send(AppEvent::InputClosed);
                    return;
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        })
        .map(|_| ())
}

/// Unblocks and handles SIGHUP, SIGTERM and SIGQUIT. Installing a handler also overrides a SIGHUP
/// the parent set to ignored (nohup), so a dropped SSH session always ends this process.
///
/// On a signal the main thread is told first (it commits the value being typed and restores the
/// terminal); if it has not finished within [`SIGNAL_GRACE`] — blocked writing to a dead terminal,
/// say — this thread commits the mirrored value itself through the same service and exits.
pub fn spawn_signals(
    tx: Sender<AppEvent>,
    pending: PendingMirror,
    db_path: PathBuf,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM};
    unblock(&[SIGHUP, SIGTERM, SIGQUIT]);
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGQUIT])?;
    std::thread::Builder::new()
        .name("antq-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = tx.send(AppEvent::Signal(sig));
                std::thread::sleep(SIGNAL_GRACE);
                let value = pending.lock().ok().and_then(|p| p.clone());
                if let Some(p) = value {
                    commit_pending(&db_path, &p);
                }
                if sig != SIGHUP {
                    let _ = crossterm::terminal::disable_raw_mode();
                }
                std::process::exit(128 + sig);
            }
        })
        .map(|_| ())
}

/// Commits a mirrored value on a fresh connection (the main thread's may be mid-write).
pub fn commit_pending(db_path: &std::path::Path, p: &PendingCommit) {
    let Ok(mut store) = Store::open(db_path) else {
        return;
    };
    let _ = store.conn().busy_timeout(Duration::from_millis(250));
    let _ = crate::services::set_value(
        &mut store,
        p.year,
        &p.locality_code,
        p.field,
        p.value,
        Source::Tui,
    );
}

fn unblock(signals: &[i32]) {
    // SAFETY: plain libc calls on a local, zero-initialised sigset_t.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for &s in signals {
            libc::sigaddset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
}
