//! Where events come from: the terminal (read on the main thread, see [`Input`]) and the
//! hang-up/termination signals (their own thread, so an SSH drop is handled even when the main
//! thread is stuck writing to a dead terminal, and the process never orphans a busy core).

use super::commits::CellWrite;
use crate::store::{Source, Store};
use crossterm::event::{Event, KeyEvent};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum AppEvent {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// SIGHUP, SIGTERM or SIGQUIT.
    Signal(i32),
    /// The terminal is gone (read failed).
    InputClosed,
}

/// What is not yet written (the queued commits, the value being typed), shared with the signal and
/// hang-up threads.
pub type PendingMirror = Arc<Mutex<Vec<CellWrite>>>;

/// How long the main thread has to commit and leave after a signal before the signal thread does it.
const SIGNAL_GRACE: Duration = Duration::from_millis(600);

/// What `poll(2)` reports of a terminal that is gone (hung up, closed, or in error).
const GONE: libc::c_short = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;

/// Terminal input, read on the main thread.
///
/// A key used to be read by a thread of its own and handed over through a channel: one more
/// thread to wake per keystroke, a measurable share of the time between a key and its echo. Now the
/// main thread sleeps in one `poll(2)` on the terminal and on a wake-up socket, which the signal
/// thread (SIGHUP, SIGTERM, SIGQUIT) and a SIGWINCH handler write to. Shutdown still never waits on
/// a stuck reader: a hang-up shows as `POLLHUP` or a failed read, and the signal thread has its own
/// way out ([`spawn_signals`]).
pub struct Input {
    /// Kept open only when standard input is not the terminal (crossterm then reads `/dev/tty`).
    _dev_tty: Option<std::fs::File>,
    tty_fd: std::os::fd::RawFd,
    wake: UnixStream,
}

/// Wakes [`Input::wait`] from another thread or a signal handler.
pub struct Waker(UnixStream);

impl Waker {
    pub fn try_clone(&self) -> std::io::Result<Waker> {
        Ok(Waker(self.0.try_clone()?))
    }

    pub fn wake(&self) {
        // A full socket already holds a wake-up; nothing is lost by not writing another.
        let _ = (&self.0).write(&[1]);
    }
}

impl Input {
    /// Sets up the reader and returns it with a [`Waker`] for the signal thread. Installs a
    /// SIGWINCH hook on the wake-up socket: crossterm notices a resize only when asked, and the
    /// main thread must be woken to ask.
    pub fn new() -> std::io::Result<(Input, Waker)> {
        use std::os::fd::AsRawFd;
        let (wake, waker) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, waker.try_clone()?)?;
        // The same terminal crossterm reads (its `tty_fd`): standard input if it is one.
        let stdin_is_tty = std::io::IsTerminal::is_terminal(&std::io::stdin());
        let dev_tty = if stdin_is_tty {
            None
        } else {
            Some(std::fs::File::open("/dev/tty")?)
        };
        let tty_fd = dev_tty
            .as_ref()
            .map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
        // Set up crossterm's event source (and its own SIGWINCH handler) now, so a resize right after
        // start-up is not lost.
        crossterm::event::poll(Duration::ZERO)?;
        Ok((
            Input {
                _dev_tty: dev_tty,
                tty_fd,
                wake,
            },
            Waker(waker),
        ))
    }

    /// Waits up to `timeout` for input, a resize or a wake-up, and appends what arrived to
    /// `events` (nothing for a time-out or a bare wake-up).
    pub fn wait(&mut self, timeout: Duration, events: &mut Vec<AppEvent>) {
        // Keys crossterm already holds (several arrived in one read) are not announced by poll(2).
        if self.drain(events) {
            events.push(AppEvent::InputClosed);
        }
        if !events.is_empty() {
            return;
        }
        let (ready, fds) = self.poll(timeout);
        if ready <= 0 {
            // A time-out, or a signal interrupted the wait (EINTR): the caller simply goes round.
            return;
        }
        if fds[1].revents != 0 {
            let mut sink = [0u8; 64];
            while matches!((&self.wake).read(&mut sink), Ok(n) if n > 0) {}
        }
        if fds[0].revents & GONE != 0 {
            events.push(AppEvent::InputClosed);
            return;
        }
        if self.drain(events) {
            events.push(AppEvent::InputClosed);
        }
    }

    /// The terminal's descriptor, for [`spawn_hangup_watch`].
    pub fn tty_fd(&self) -> std::os::fd::RawFd {
        self.tty_fd
    }

    /// True when the terminal reports a hang-up or an error. Reading it then gives 0 or EIO at
    /// once, forever, and crossterm's reader loops on that without returning (a core burnt, the
    /// value being typed never saved): it must not be asked again.
    fn gone(&self) -> bool {
        let mut fd = libc::pollfd {
            fd: self.tty_fd,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        ready > 0 && fd.revents & GONE != 0
    }

    /// `poll(2)` on the terminal and the wake-up socket: how many are ready, and their records.
    fn poll(&self, timeout: Duration) -> (libc::c_int, [libc::pollfd; 2]) {
        use std::os::fd::AsRawFd;
        let mut fds = [
            libc::pollfd {
                fd: self.tty_fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: `fds` is a live array of two initialised pollfd records.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, millis) };
        (ready, fds)
    }

    /// Takes every event crossterm can give without blocking. True if reading failed (the
    /// terminal is gone).
    fn drain(&mut self, events: &mut Vec<AppEvent>) -> bool {
        let from = events.len();
        let closed = self.drain_raw(events);
        let burst = events.split_off(from);
        events.extend(mend_escape_then_arrow(burst));
        closed
    }

    fn drain_raw(&mut self, events: &mut Vec<AppEvent>) -> bool {
        loop {
            if self.gone() {
                return true;
            }
            match crossterm::event::poll(Duration::ZERO) {
                Ok(true) => {}
                Ok(false) => return false,
                Err(_) => return true,
            }
            match crossterm::event::read() {
                Ok(Event::Key(k)) => events.push(AppEvent::Key(k)),
                Ok(Event::Paste(s)) => events.push(AppEvent::Paste(s)),
                Ok(Event::Resize(w, h)) => events.push(AppEvent::Resize(w, h)),
                Ok(_) => {}
                Err(_) => return true,
            }
        }
    }
}

/// Esc followed within one read by an arrow ("ESC ESC [ D": a quick Esc then ←, or PuTTY's Alt+←)
/// reaches crossterm's parser as ESC ESC, which it reads as Esc and drops both bytes, then "[" and
/// "D" as typed characters: "[" would switch the year and "D" land in a cell. Within one burst of
/// input such a tail is the rest of a key sequence (a person does not type "[D" in the same read
/// as Esc), so it is read back as the key it names (← here). A paste comes as one event and is
/// never taken apart.
pub fn mend_escape_then_arrow(burst: Vec<AppEvent>) -> Vec<AppEvent> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let ch = |e: &AppEvent| match e {
        AppEvent::Key(k) if k.modifiers.difference(KeyModifiers::SHIFT).is_empty() => {
            match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            }
        }
        _ => None,
    };
    let mut out = Vec::with_capacity(burst.len());
    let mut i = 0;
    while i < burst.len() {
        let after_esc =
            i > 0 && matches!(&burst[i - 1], AppEvent::Key(k) if k.code == KeyCode::Esc);
        if after_esc && matches!(ch(&burst[i]), Some('[' | 'O')) {
            // Parameters ("1;5" of Ctrl-←) then the final letter.
            let mut j = i + 1;
            while j < burst.len() && matches!(ch(&burst[j]), Some('0'..='9' | ';')) {
                j += 1;
            }
            let key = match burst.get(j).and_then(ch) {
                Some('A') => Some(KeyCode::Up),
                Some('B') => Some(KeyCode::Down),
                Some('C') => Some(KeyCode::Right),
                Some('D') => Some(KeyCode::Left),
                Some('H') => Some(KeyCode::Home),
                Some('F') => Some(KeyCode::End),
                _ => None,
            };
            if let Some(code) = key {
                out.push(AppEvent::Key(KeyEvent::from(code)));
                i = j + 1;
                continue;
            }
        }
        out.extend(burst.get(i).cloned());
        i += 1;
    }
    out
}

/// Unblocks and handles SIGHUP, SIGTERM and SIGQUIT. Installing a handler also overrides a SIGHUP
/// the parent set to ignored (nohup), so a dropped SSH session always ends this process.
///
/// On a signal the main thread is told first (it commits the value being typed and restores the
/// terminal); if it has not finished within [`SIGNAL_GRACE`] — blocked writing to a dead terminal,
/// say — this thread commits the mirrored value itself through the same service and exits.
pub fn spawn_signals(
    tx: Sender<AppEvent>,
    waker: Waker,
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
                waker.wake();
                leave_after_grace(&pending, &db_path, sig != SIGHUP, 128 + sig);
            }
        })
        .map(|_| ())
}

/// Watches the terminal for a hang-up that comes without a signal: a session started by `setsid`,
/// `su -c` or `runuser`, or whose tmux or screen was killed, has no controlling terminal (or is
/// not its session leader), so closing the terminal sends it nothing; `read()` returns 0 or EIO
/// and `poll(2)` says `POLLHUP`. The main thread sees that too ([`Input::wait`]); this thread
/// (asleep in one `poll(2)` that only a hang-up or an error ends, so it costs nothing) is the way
/// out if the main thread is stuck at that moment — inside crossterm's reader, which loops on a
/// dead terminal, or in a write.
pub fn spawn_hangup_watch(
    tty_fd: std::os::fd::RawFd,
    waker: Waker,
    pending: PendingMirror,
    db_path: PathBuf,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("antq-hangup".into())
        .spawn(move || loop {
            let mut fd = libc::pollfd {
                fd: tty_fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd for the duration of the call.
            let ready = unsafe { libc::poll(&mut fd, 1, -1) };
            if ready > 0 && fd.revents & GONE != 0 {
                waker.wake();
                leave_after_grace(&pending, &db_path, false, 128 + libc::SIGHUP);
            }
            if ready < 0
                && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
            {
                // poll(2) itself failed: nothing to watch with; the main thread still sees a hang-up.
                return;
            }
        })
        .map(|_| ())
}

/// Gives the main thread [`SIGNAL_GRACE`] to commit and leave; if the process still runs, commits
/// the mirrored value on a connection of its own and ends the process.
fn leave_after_grace(pending: &PendingMirror, db_path: &Path, restore: bool, code: i32) -> ! {
    std::thread::sleep(SIGNAL_GRACE);
    let writes = pending.lock().map(|p| p.clone()).unwrap_or_default();
    commit_pending(db_path, &writes);
    if restore {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    std::process::exit(code);
}

/// Commits the mirrored writes, in order, on a fresh connection (the main thread's may be
/// mid-write). A cell another login changed since its edit began is left as they made it: there is
/// no one left to ask.
pub fn commit_pending(db_path: &Path, writes: &[CellWrite]) {
    let Ok(mut store) = Store::open(db_path) else {
        return;
    };
    for w in writes {
        let _ = super::commits::attempt(&mut store, w, Duration::from_millis(250), Source::Tui);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn keys(codes: &[KeyCode]) -> Vec<AppEvent> {
        codes
            .iter()
            .map(|c| AppEvent::Key(KeyEvent::from(*c)))
            .collect()
    }

    fn codes(events: &[AppEvent]) -> Vec<KeyCode> {
        events
            .iter()
            .filter_map(|e| match e {
                AppEvent::Key(k) => Some(k.code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn esc_then_an_arrow_in_one_read_is_esc_and_the_arrow() {
        use KeyCode::{Char, Esc, Left, Right};
        // What crossterm makes of "ESC ESC [ D" and "ESC ESC [ 1 ; 5 C".
        let burst = keys(&[
            Esc,
            Char('['),
            Char('D'),
            Esc,
            Char('['),
            Char('1'),
            Char(';'),
            Char('5'),
            Char('C'),
        ]);
        assert_eq!(
            codes(&mend_escape_then_arrow(burst)),
            vec![Esc, Left, Esc, Right]
        );
        // "ESC ESC O D" (application cursor keys).
        let burst = keys(&[Esc, Char('O'), Char('D')]);
        assert_eq!(codes(&mend_escape_then_arrow(burst)), vec![Esc, Left]);
    }

    #[test]
    fn brackets_typed_on_their_own_stay_brackets() {
        use KeyCode::{Char, Esc};
        for burst in [
            keys(&[Char('['), Char('D')]),
            keys(&[Esc, Char('['), Char('x')]),
            keys(&[Esc, Char('[')]),
            keys(&[Char(']')]),
        ] {
            let want = codes(&burst);
            assert_eq!(codes(&mend_escape_then_arrow(burst)), want);
        }
        let alt = vec![
            AppEvent::Key(KeyEvent::from(Esc)),
            AppEvent::Key(KeyEvent::new(Char('['), KeyModifiers::ALT)),
            AppEvent::Key(KeyEvent::from(Char('D'))),
        ];
        assert_eq!(codes(&mend_escape_then_arrow(alt)).len(), 3);
    }
}
