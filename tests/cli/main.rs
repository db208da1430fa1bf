//! The real binary driven the way a clerk's shell or the province's scripts drive it: exit codes,
//! messages, and that a refusal leaves the database as it was. One test binary (linking is most of
//! the test time on a small machine), one module per subject.

#[path = "../common/mod.rs"]
mod common;

mod commands;
mod concurrent;
mod documents;
mod hostile;
mod kill;
mod notes;
mod package;
mod progress;
mod server;
mod targets;
mod workflow;
