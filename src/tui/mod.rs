//! The terminal face of antq: four tabs of heads-down data entry with live target checks.
//!
//! The event loop blocks on one channel fed by the input thread and the signal thread, and wakes every
//! [`DATA_POLL`] only to ask SQLite whether another process committed (`PRAGMA data_version`). It
//! redraws only after an event or a real data change, so an idle screen costs no CPU and no bytes.

pub mod app;
pub mod context;
pub mod edit;
pub mod event;
pub mod form;
pub mod history;
pub mod keymap;
pub mod popups;
pub mod review;
pub mod strings;
pub mod tabs;
pub mod theme;
pub mod widgets;
pub mod year;
pub mod years;

pub use app::{App, AppOptions};
pub use theme::Theme;

use crate::error::{Error, Result};
use crate::store::Store;
use event::{AppEvent, PendingMirror};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often another process's commit is looked for.
const DATA_POLL: Duration = Duration::from_millis(500);

pub struct TuiOptions {
    pub db_path: std::path::PathBuf,
    pub config: crate::config::Config,
    pub lang: crate::text::Lang,
    pub year: Option<i32>,
    pub district: Option<String>,
}

fn terminal_error(e: std::io::Error) -> Error {
    Error::env(
        format!("không mở được màn hình dòng lệnh: {e}"),
        format!("cannot set up the terminal: {e}"),
    )
}

pub fn run(opts: TuiOptions) -> Result<()> {
    // A database this login may only read still opens, for review; a commit then says why it fails.
    let store = match Store::open(&opts.db_path) {
        Ok(store) => store,
        Err(write_error) => {
            Store::open_with(&opts.db_path, crate::store::Access::Read).map_err(|_| write_error)?
        }
    };
    let mut app = App::new(
        store,
        AppOptions {
            config: opts.config,
            lang: opts.lang,
            theme: Theme::from_env(),
            year: opts.year,
            district: opts.district,
            clock: context::wall_clock,
        },
    )?;

    let (tx, rx) = mpsc::channel::<AppEvent>();
    let pending: PendingMirror = Arc::new(Mutex::new(None));
    event::spawn_signals(tx.clone(), pending.clone(), opts.db_path.clone())
        .map_err(terminal_error)?;

    // color-eyre first, then ratatui's hook: a panic restores the terminal, then is reported.
    let _ = color_eyre::install();
    let mut terminal = ratatui::try_init().map_err(terminal_error)?;
    let result = event_loop(&mut app, &mut terminal, tx, rx, &pending);
    if matches!(result, Ok(Exit::HungUp)) {
        // Nothing can be written to a terminal that is gone, and the terminal's own drop would try
        // (and report the failure on the dead stderr): leave it be.
        std::mem::forget(terminal);
        return Ok(());
    }
    drop(terminal);
    ratatui::restore();
    result.map(|_| ())
}

enum Exit {
    Quit,
    /// The terminal is gone: do not write to it.
    HungUp,
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    tx: mpsc::Sender<AppEvent>,
    rx: mpsc::Receiver<AppEvent>,
    pending: &PendingMirror,
) -> Result<Exit> {
    if let Ok(size) = terminal.size() {
        app.resize(size.width, size.height);
    }
    // Set up crossterm's event source (and its SIGWINCH handler) before the first draw, so a resize
    // right after start-up is not lost.
    let _ = crossterm::event::poll(Duration::ZERO);
    event::spawn_input(tx).map_err(terminal_error)?;
    let mut redraw = true;
    loop {
        // A failed write means the terminal is gone (SSH dropped): save what is typed and leave.
        if redraw && terminal.draw(|frame| app.render(frame)).is_err() {
            app.commit_for_exit();
            clear_mirror(pending);
            return Ok(Exit::HungUp);
        }
        let first = match rx.recv_timeout(DATA_POLL) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => {
                // A failed poll (database busy) is retried at the next tick; nothing to draw.
                redraw = app.poll_data().unwrap_or(false) | app.idle();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(Exit::HungUp),
        };
        // Handle a burst (paste, IME, fast typing) before drawing once.
        let mut next = Some(first);
        while let Some(event) = next.take() {
            match event {
                AppEvent::Key(key) => app.handle_key(key),
                AppEvent::Paste(text) => app.handle_paste(&text),
                AppEvent::Resize(w, h) => app.resize(w, h),
                AppEvent::Signal(sig) => {
                    app.commit_for_exit();
                    clear_mirror(pending);
                    return Ok(if sig == signal_hook::consts::SIGHUP {
                        Exit::HungUp
                    } else {
                        Exit::Quit
                    });
                }
                AppEvent::InputClosed => {
                    app.commit_for_exit();
                    clear_mirror(pending);
                    return Ok(Exit::HungUp);
                }
            }
            if app.should_quit() {
                clear_mirror(pending);
                return Ok(Exit::Quit);
            }
            next = rx.try_recv().ok();
        }
        if let Ok(mut mirror) = pending.lock() {
            let now = app.pending_commit();
            if *mirror != now {
                *mirror = now;
            }
        }
        redraw = true;
    }
}

fn clear_mirror(pending: &PendingMirror) {
    if let Ok(mut m) = pending.lock() {
        *m = None;
    }
}
