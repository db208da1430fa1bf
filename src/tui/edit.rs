//! The edit buffer of one grid cell. A count is typed the Vietnamese way (`1.046` or `1046`). The
//! buffer keeps every character typed, so what is committed is exactly what was typed: `1,046` is
//! never stored as 1046 because its comma was dropped. The import's parser (`text::parse_count`)
//! judges the buffer at the commit, with the import's reason; while typing, a key that makes the
//! buffer something that can no longer become a count says why at once.

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

    /// Whether typing more can still make the buffer a count ("1.0" can, "1,0" cannot).
    pub fn can_still_complete(&self) -> bool {
        match self {
            CellEdit::Count(text) => is_count_prefix(text),
            CellEdit::Flag(_) => true,
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

/// Why `text` followed by `c` can no longer become a count, if it cannot. The import's reason when
/// the text already says it ("5,5" is a decimal, "-3" negative); otherwise what is wrong with the key
/// itself (a trailing "1," is a comma used as a separator).
pub fn typing_refusal(text: &str, c: char) -> Option<CountError> {
    let candidate = format!("{text}{c}");
    if is_count_prefix(&candidate) {
        return None;
    }
    let whole = parse_count(&candidate).err();
    Some(match whole {
        Some(e) if e != CountError::NotANumber => e,
        _ => match c {
            ',' => CountError::CommaSeparator,
            '-' | '\u{2212}' | '\u{2013}' => CountError::Negative,
            '+' => CountError::Signed,
            '0'..='9' if candidate.chars().filter(char::is_ascii_digit).count() > 10 => {
                CountError::TooLarge
            }
            '0'..='9' | '.' => CountError::BadGrouping,
            _ => CountError::NotANumber,
        },
    })
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
        assert_eq!(typing_refusal("1", ','), Some(CountError::CommaSeparator));
        assert_eq!(typing_refusal("5,", '5'), Some(CountError::Decimal));
        assert_eq!(
            typing_refusal("1,04", '6'),
            Some(CountError::CommaSeparator)
        );
        assert_eq!(typing_refusal("", '-'), Some(CountError::Negative));
        assert_eq!(typing_refusal("-", '3'), Some(CountError::Negative));
        assert_eq!(typing_refusal("1", 'b'), Some(CountError::NotANumber));
        assert_eq!(typing_refusal("1.046", '6'), Some(CountError::BadGrouping));
        assert_eq!(
            typing_refusal("4294967295", '1'),
            Some(CountError::TooLarge)
        );
        assert_eq!(typing_refusal("1.04", '6'), None);
    }

    #[test]
    fn a_refused_key_stays_in_the_buffer_and_blocks_the_commit() {
        for (typed, why) in [
            ("1,046", CountError::CommaSeparator),
            ("5,5", CountError::Decimal),
            ("-3", CountError::Negative),
        ] {
            let edit = CellEdit::Count(typed.into());
            assert_eq!(edit.value(), None, "{typed}");
            assert_eq!(edit.commit_error(), Some(why), "{typed}");
        }
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
