//! Ctrl-C during long writing work (import, init): the first one asks the work to stop, which rolls
//! its one transaction back, and the command says so; a second one ends the process at once (SQLite
//! discards an unfinished transaction either way, so the database stays as it was).

use crate::text::Lang;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_CODE: u8 = 130;

/// Whether the user has pressed Ctrl-C since [`Interrupt::watch`].
#[derive(Clone, Default)]
pub struct Interrupt {
    asked: Arc<AtomicBool>,
}

impl Interrupt {
    /// Catches SIGINT from now on. If the handlers cannot be installed, Ctrl-C keeps its default
    /// (the process ends, the transaction is discarded by SQLite): still nothing half-written.
    pub fn watch() -> Interrupt {
        let asked = Arc::new(AtomicBool::new(false));
        // The conditional exit is registered first so that it acts only on a second Ctrl-C.
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal_hook::consts::SIGINT,
            i32::from(EXIT_CODE),
            Arc::clone(&asked),
        );
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&asked));
        Interrupt { asked }
    }

    pub fn asked(&self) -> bool {
        self.asked.load(Ordering::Relaxed)
    }

    /// The one sentence said when the work stopped.
    pub fn message(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Đã dừng theo yêu cầu (Ctrl-C): cơ sở dữ liệu vẫn y như trước, không có gì được ghi.",
            Lang::En => "Stopped on request (Ctrl-C): the database is exactly as before; nothing was written.",
        }
    }

    /// The error that `Progress::at` returns to stop the work (never shown: the command prints
    /// [`Interrupt::message`] instead).
    pub fn error() -> crate::error::Error {
        crate::error::Error::env(Self::message(Lang::Vi), Self::message(Lang::En))
    }
}
