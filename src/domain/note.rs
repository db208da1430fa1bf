//! A value's note: a short text a clerk attaches to one cell of a unit's figures for a year (why a
//! figure jumped, who confirmed it), and a flag asking for follow-up. Neither is a figure: the rules
//! and the totals never read them.

use super::Field;

/// The note and the follow-up flag of one cell: (year, locality, field). A cell without either has
/// no note at all (nothing is stored for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueNote {
    pub year: i32,
    pub locality_code: String,
    pub field: Field,
    /// NFC, one line; empty when only the flag is set.
    pub note: String,
    pub follow_up: bool,
    /// Who changed it last and when (UTC, RFC 3339), as stored; empty on a note not yet stored.
    pub changed_by: String,
    pub changed_at: String,
}

impl ValueNote {
    /// A cell's note and flag before anything is stored for it.
    pub fn empty(year: i32, locality_code: &str, field: Field) -> ValueNote {
        ValueNote {
            year,
            locality_code: locality_code.to_string(),
            field,
            note: String::new(),
            follow_up: false,
            changed_by: String::new(),
            changed_at: String::new(),
        }
    }

    /// Nothing to keep: no text and no flag (storing it removes the cell's note).
    pub fn is_blank(&self) -> bool {
        self.note.is_empty() && !self.follow_up
    }
}
