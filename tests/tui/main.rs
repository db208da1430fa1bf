//! The TUI's `App` fed key events and rendered to a test backend: state read back from SQLite, and
//! the screens' snapshots. One test binary, one module per subject.

#[path = "../tui_common/mod.rs"]
mod tui_common;

mod layout;
mod lists;
mod notes;
mod paste;
mod province;
mod review;
mod sessions;
mod snapshots;
mod state;
mod still;
mod targets;
