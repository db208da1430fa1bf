//! The edit buffer of one grid cell. A count is typed the Vietnamese way (`1.046` or `1046`); a key
//! that can no longer lead to a valid count is refused at the keyboard, so the buffer is always a
//! valid count or a valid beginning of one ("1.0" on the way to "1.046").

use crate::domain::FieldValue;
use crate::text::{parse_count, CountError};

/// What is being typed into a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellEdit {
    Count(String),
    Flag(Option<bool>),
}

impl CellEdit {
    /// The value the buffer holds now, if it is complete ("1.0" is not; "" is "not reported").
    pub fn value(&self) -> Option<FieldValue> {
        match self {
            CellEdit::Count(text) => parse_count(text).ok().map(FieldValue::Count),
            CellEdit::Flag(f) => Some(FieldValue::Flag(*f)),
        }
    }

    /// Why the buffer cannot be committed, when it cannot.
    pub fn commit_error(&self) -> Option<CountError> {
        match self {
            CellEdit::Count(text) => parse_count(text).err(),
            CellEdit::Flag(_) => None,
        }
    }

    /// The buffer from a stored value (Ctrl-D fills it from last year).
    pub fn from_value(value: FieldValue) -> CellEdit {
        match value {
            FieldValue::Count(c) => CellEdit::Count(c.map(|c| c.to_string()).unwrap_or_default()),
            FieldValue::Flag(f) => CellEdit::Flag(f),
        }
    }
}

/// Whether `c` may be appended to a count being typed. Refusals carry the reason to show.
pub fn accept_count_char(text: &str, c: char) -> Result<(), CountError> {
    match c {
        '0'..='9' | '.' => {}
        ',' => return Err(CountError::CommaSeparator),
        '-' => return Err(CountError::Negative),
        _ => return Err(CountError::NotANumber),
    }
    let candidate = format!("{text}{c}");
    if is_count_prefix(&candidate) {
        Ok(())
    } else if candidate.chars().filter(char::is_ascii_digit).count() > 10 {
        Err(CountError::TooLarge)
    } else {
        Err(CountError::BadGrouping)
    }
}

/// True when `s` is a count or can still become one by typing more: digits, optionally grouped in
/// threes by dots ("1.046", "12.3"), fitting in 32 bits.
pub fn is_count_prefix(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() > 1 {
        let first = groups[0].len();
        if !(1..=3).contains(&first) {
            return false;
        }
        let last = groups.len() - 1;
        for (i, g) in groups.iter().enumerate().skip(1) {
            if g.len() > 3 || (i < last && g.len() != 3) {
                return false;
            }
        }
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse::<u64>()
        .is_ok_and(|v| v <= u64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_grouped_counts_are_accepted() {
        for s in ["", "1", "1.", "1.0", "1.04", "1.046", "1046", "12.345.6"] {
            assert!(is_count_prefix(s), "{s}");
        }
        for s in [".", "1..", "1.0.", "1234.5", "1.0466", "a", "99999999999"] {
            assert!(!is_count_prefix(s), "{s}");
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(accept_count_char("1", ','), Err(CountError::CommaSeparator));
        assert_eq!(accept_count_char("", '-'), Err(CountError::Negative));
        assert_eq!(accept_count_char("1", 'b'), Err(CountError::NotANumber));
        assert_eq!(
            accept_count_char("1.046", '6'),
            Err(CountError::BadGrouping)
        );
        assert_eq!(
            accept_count_char("4294967295", '1'),
            Err(CountError::TooLarge)
        );
        assert_eq!(accept_count_char("1.04", '6'), Ok(()));
    }

    #[test]
    fn incomplete_buffers_have_no_value() {
        assert_eq!(CellEdit::Count("1.0".into()).value(), None);
        assert_eq!(
            CellEdit::Count("1.046".into()).value(),
            Some(FieldValue::Count(Some(1046)))
        );
        assert_eq!(
            CellEdit::Count(String::new()).value(),
            Some(FieldValue::Count(None))
        );
    }
}
