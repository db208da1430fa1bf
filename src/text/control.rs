//! Control characters: refused in text that comes in (typed or imported), escaped in text that goes
//! out to a terminal, and long values cut before they are echoed in a message. A stored `ESC[2J`, an
//! OSC 0 title or an OSC 52 clipboard write must never reach the terminal of whoever reads a report.

use super::Lang;
use std::borrow::Cow;

/// Whether a text may span lines: a limitation's text and remedy and an award's note may hold a
/// newline and a tab; every other field is one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

fn allowed(c: char, lines: Lines) -> bool {
    lines == Lines::Many && matches!(c, '\n' | '\t')
}

/// The most characters a stored text (a limitation's text or remedy, an award's note, a name) may
/// hold: far beyond any real one, and small enough that an exported row of several such texts stays
/// within the CSV line import reads back (`exchange::csv::MAX_LINE_BYTES`).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Why a text that comes in is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// A control character: which one, and where (1-based, in characters).
    Control { found: char, position: usize },
    /// Longer than [`MAX_TEXT_CHARS`].
    TooLong { chars: usize },
}

impl TextError {
    pub fn message(&self, lang: Lang) -> String {
        match *self {
            TextError::Control { found, position } => {
                let code = format!("U+{:04X}", u32::from(found));
                match lang {
                    Lang::Vi => format!(
                        "có ký tự điều khiển {code} ở vị trí {position}: không được phép trong văn bản"
                    ),
                    Lang::En => format!(
                        "holds the control character {code} at position {position}: not allowed in text"
                    ),
                }
            }
            TextError::TooLong { chars } => {
                let (n, max) = (
                    super::format_count(chars as u64, lang),
                    super::format_count(MAX_TEXT_CHARS as u64, lang),
                );
                match lang {
                    Lang::Vi => format!("dài {n} ký tự, quá mức tối đa {max} ký tự"),
                    Lang::En => format!("is {n} characters long, more than the {max} allowed"),
                }
            }
        }
    }
}

/// Refuses a text that comes in (typed or imported) holding a control character (tab and newline
/// are allowed in a text of [`Lines::Many`]) or longer than [`MAX_TEXT_CHARS`].
pub fn check_text(s: &str, lines: Lines) -> Result<(), TextError> {
    let mut chars = 0;
    for (i, c) in s.chars().enumerate() {
        if is_control(c) && !allowed(c, lines) {
            return Err(TextError::Control {
                found: c,
                position: i + 1,
            });
        }
        chars = i + 1;
    }
    if chars > MAX_TEXT_CHARS {
        return Err(TextError::TooLong { chars });
    }
    Ok(())
}

/// The text as it may be shown on a terminal: every control character but newline and tab written
/// as `\u{1b}`. Text stored before control characters were refused goes out through here.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_control(c) && !allowed(c, Lines::Many)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) && !allowed(c, Lines::Many) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How many characters of a value a message echoes.
pub const ECHO_CHARS: usize = 60;

/// A value as a message echoes it: on one line, control characters escaped, cut to
/// [`ECHO_CHARS`] characters and "…" (a 5 MB bad field is not worth reading twice).
pub fn echo(s: &str) -> String {
    echo_cut(s, ECHO_CHARS)
}

/// [`echo`], cut to `chars` characters: for a message of another library that quotes the input
/// inside its own words (serde's "unknown field `…`, expected one of …").
pub fn echo_cut(s: &str, chars: usize) -> String {
    let mut out: String = s.chars().take(chars).collect();
    if s.chars().nth(chars).is_some() {
        out.push('…');
    }
    let mut one_line = String::with_capacity(out.len());
    for c in out.chars() {
        match c {
            '\n' => one_line.push_str("\\n"),
            '\t' => one_line.push_str("\\t"),
            c => one_line.push(c),
        }
    }
    escape_controls(&one_line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_c0_c1_and_del() {
        for c in ['\0', '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9b}'] {
            let s = format!("ab{c}c");
            assert_eq!(
                check_text(&s, Lines::Many),
                Err(TextError::Control {
                    found: c,
                    position: 3
                })
            );
        }
    }

    #[test]
    fn refuses_a_text_beyond_the_limit_and_says_how_long_it_is() {
        let at_limit = "ệ".repeat(MAX_TEXT_CHARS);
        assert!(check_text(&at_limit, Lines::Many).is_ok());
        let over = format!("{at_limit}a");
        let e = check_text(&over, Lines::Many).unwrap_err();
        assert_eq!(
            e,
            TextError::TooLong {
                chars: MAX_TEXT_CHARS + 1
            }
        );
        assert_eq!(
            e.message(Lang::Vi),
            "dài 20.001 ký tự, quá mức tối đa 20.000 ký tự"
        );
        assert_eq!(
            e.message(Lang::En),
            "is 20,001 characters long, more than the 20,000 allowed"
        );
    }

    #[test]
    fn tab_and_newline_only_where_a_text_may_span_lines() {
        assert!(check_text("a\nb\tc", Lines::Many).is_ok());
        assert!(check_text("a\nb", Lines::One).is_err());
        assert!(check_text("a\tb", Lines::One).is_err());
        assert!(check_text("Phường Đồng Hới ‘x’ …", Lines::One).is_ok());
    }

    #[test]
    fn escapes_what_would_reach_a_terminal() {
        assert_eq!(
            escape_controls("a\u{1b}[2J\u{9d}0;x\u{7}b\nc"),
            "a\\u{1b}[2J\\u{9d}0;x\\u{7}b\nc"
        );
        assert!(matches!(escape_controls("plain\ttext"), Cow::Borrowed(_)));
    }

    #[test]
    fn echo_cuts_long_values() {
        let long = "x".repeat(5_000_000);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), ECHO_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(echo("a\nb\u{1b}"), "a\\nb\\u{1b}");
    }
}
