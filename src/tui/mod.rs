//! The terminal face of antq: four tabs of heads-down data entry with live target checks.
//!
//! The event loop sleeps in one `poll(2)` on the terminal and a wake-up socket (signals, resizes; see
//! [`event::Input`]), and wakes every [`DATA_POLL`] only to ask SQLite whether another process
//! committed (`PRAGMA data_version`). It redraws only after an event or a real data change, so an
//! idle screen costs no CPU and no bytes. A frame leaves in one `write()` ([`backend`]); after
//! start-up nothing asks the terminal anything (no cursor query): a query is an SSH round trip
//! during which keys wait.

pub mod app;
pub mod backend;
pub mod commits;
pub mod context;
pub mod edit;
pub mod event;
pub mod form;
pub mod history;
pub mod keymap;
pub mod notes;
pub mod popups;
pub mod review;
pub mod still;
pub mod strings;
pub mod tabs;
pub mod targets;
pub mod theme;
pub mod ui;
pub mod widgets;
pub mod year;
pub mod years;

pub use app::{App, AppOptions};
pub use theme::Theme;

use crate::error::{Error, Result};
use crate::store::Store;
use backend::FrameBackend;
use event::{AppEvent, Input, PendingMirror};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often another process's commit is looked for.
const DATA_POLL: Duration = Duration::from_millis(500);
/// While the clerk types, another session's commit is read when the typing pauses for this long…
const TYPING_PAUSE: Duration = Duration::from_millis(800);
/// …or at the latest after this long. Reading the year again costs about as much as several keys,
/// and on a server where many clerks type every session would otherwise re-read it twice a second;
/// a clash on one cell is caught in the write itself, not by this.
const TYPING_REFRESH: Duration = Duration::from_secs(3);

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

    let (tx, signals) = mpsc::channel::<AppEvent>();
    let pending: PendingMirror = Arc::new(Mutex::new(Vec::new()));
    let (input, waker) = Input::new().map_err(terminal_error)?;
    let watch_waker = waker.try_clone().map_err(terminal_error)?;
    event::spawn_hangup_watch(
        input.tty_fd(),
        watch_waker,
        pending.clone(),
        opts.db_path.clone(),
    )
    .map_err(terminal_error)?;
    event::spawn_signals(tx, waker, pending.clone(), opts.db_path.clone())
        .map_err(terminal_error)?;

    // color-eyre first, then the hook that restores the terminal: a panic restores it, then is
    // reported.
    crate::error::install_panic_report();
    let mut terminal = init_terminal().map_err(terminal_error)?;
    let result = event_loop(&mut app, &mut terminal, input, signals, &pending);
    if matches!(result, Ok(Exit::HungUp)) {
        // Nothing can be written to a terminal that is gone, and the terminal's own drop would try
        // (and report the failure on the dead stderr): leave it be.
        std::mem::forget(terminal);
        return Ok(());
    }
    drop(terminal);
    restore_terminal();
    // Quit was asked twice while commits waited for another session's write lock: say what was not
    // saved, now that the screen is the shell's again.
    for line in app.unsaved() {
        eprintln!("{line}");
    }
    result.map(|_| ())
}

type Screen = ratatui::Terminal<FrameBackend<std::io::Stdout>>;

/// Raw mode, the alternate screen, and a panic hook that restores the terminal before the report.
fn init_terminal() -> std::io::Result<Screen> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    // Bracketed paste: a paste arrives as one piece, so its line breaks can keep their meaning
    // (see `App::handle_paste`) instead of arriving as Enter keys that save a form half-pasted.
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    let (width, height) = crossterm::terminal::size()?;
    let backend = FrameBackend::new(std::io::stdout(), ratatui::layout::Size { width, height });
    ratatui::Terminal::new(backend)
}

fn restore_terminal() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
}

enum Exit {
    Quit,
    /// The terminal is gone: do not write to it.
    HungUp,
}

fn event_loop(
    app: &mut App,
    terminal: &mut Screen,
    mut input: Input,
    signals: mpsc::Receiver<AppEvent>,
    pending: &PendingMirror,
) -> Result<Exit> {
    if let Ok(size) = terminal.size() {
        app.resize(size.width, size.height);
    }
    let mut redraw = true;
    let mut events: Vec<AppEvent> = Vec::with_capacity(16);
    let mut last_poll = Instant::now();
    let mut last_retry = Instant::now();
    let mut last_key: Option<Instant> = None;
    loop {
        if redraw {
            // A failed write means the terminal is gone (SSH dropped): save what is typed, leave.
            if terminal.draw(|frame| app.render(frame)).is_err() {
                app.commit_for_exit();
                clear_mirror(pending);
                return Ok(Exit::HungUp);
            }
        }
        redraw = false;
        events.clear();
        // Commits waiting for another process's write lock are tried again soon; otherwise the
        // loop sleeps until a key, a signal or the next look for another process's commit.
        let waiting = app.writes_waiting();
        input.wait(
            if waiting {
                commits::RETRY_EVERY
            } else {
                DATA_POLL
            },
            &mut events,
        );
        // A signal comes first: whatever else arrived, the value being typed is saved and we leave.
        if let Ok(AppEvent::Signal(sig)) = signals.try_recv() {
            app.commit_for_exit();
            clear_mirror(pending);
            return Ok(if sig == signal_hook::consts::SIGHUP {
                Exit::HungUp
            } else {
                Exit::Quit
            });
        }
        // A burst (paste, IME, fast typing) is handled whole before drawing once.
        for event in events.drain(..) {
            match event {
                AppEvent::Key(key) => {
                    last_key = Some(Instant::now());
                    app.handle_key(key);
                }
                AppEvent::Paste(text) => {
                    last_key = Some(Instant::now());
                    app.handle_paste(&text);
                }
                AppEvent::Resize(w, h) => {
                    terminal.backend_mut().set_size(w, h);
                    app.resize(w, h);
                }
                AppEvent::Signal(_) => {}
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
            redraw = true;
        }
        if app.writes_waiting() && last_retry.elapsed() >= commits::RETRY_EVERY {
            last_retry = Instant::now();
            redraw |= app.retry_writes();
            if app.should_quit() {
                clear_mirror(pending);
                return Ok(Exit::Quit);
            }
        }
        if redraw {
            if let Ok(mut mirror) = pending.lock() {
                let now = app.pending_commits();
                if *mirror != now {
                    *mirror = now;
                }
            }
        }
        // Another process's commit is looked for every DATA_POLL, and while keys come, when they
        // pause (TYPING_PAUSE) or every TYPING_REFRESH. A failed poll (database busy) is retried
        // next time; nothing to draw for it.
        let typing = last_key.is_some_and(|at| at.elapsed() < TYPING_PAUSE);
        let due = if typing { TYPING_REFRESH } else { DATA_POLL };
        if last_poll.elapsed() >= due {
            last_poll = Instant::now();
            redraw |= app.poll_data().unwrap_or(false);
        }
        if !redraw {
            redraw = app.idle();
        }
    }
}

fn clear_mirror(pending: &PendingMirror) {
    if let Ok(mut m) = pending.lock() {
        m.clear();
    }
}
