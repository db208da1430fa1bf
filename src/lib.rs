//! antq: the annual figures of the movement "Toàn dân bảo vệ an ninh Tổ quốc" — data entry, live target
//! checks, reports and the exchange with the province.

pub mod config;
pub mod domain;
pub mod synth;
pub mod text;
