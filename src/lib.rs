//! antq: the annual figures of the movement "Toàn dân bảo vệ an ninh Tổ quốc" — data entry, live target
//! checks, reports and the exchange with the province.

pub mod cli;
pub mod config;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod privilege;
pub mod progress;
pub mod services;
pub mod store;
pub mod synth;
pub mod text;
pub mod tui;
