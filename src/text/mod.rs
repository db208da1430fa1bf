//! Parsing and formatting shared by the command line and the TUI: Vietnamese counts (`1.046`), shares
//! (`86,8%`), dates (`d/m/yyyy`, ISO), booleans, NFC and the folded search key; control characters
//! refused on the way in and escaped on the way out. Pure.

mod code;
mod control;
mod date;
mod fold;
mod number;

pub use code::{check_code, CodeError, CODE_MAX_DIGITS};
pub use control::{
    check_text, echo, echo_cut, escape_controls, Lines, TextError, ECHO_CHARS, MAX_TEXT_CHARS,
};
pub use date::{format_date, parse_date, DateError};
pub use fold::{fold, normalize, trim};
pub use number::{
    format_count, format_ratio, format_share, format_share_of, parse_bool, parse_count, BoolError,
    CountError,
};

/// The two languages of the product.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `vi` or `en`, exactly as written on the command line and in configuration files.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}
