//! The library below the two faces — text, domain, rules, configuration, store and services —
//! called directly, without the binary or a terminal. One test binary, one module per subject.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod config;
mod demo;
mod fuzz;
mod hostile;
mod import;
mod localities;
mod notes;
mod package;
mod progress;
mod rules;
mod store;
mod text_props;
mod undo;
mod years;
