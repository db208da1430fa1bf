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

/// A control character found in a text: which one, and where (1-based, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlError {
    pub found: char,
    pub position: usize,
}

impl ControlError {
    pub fn message(&self, lang: Lang) -> String {
        let code = format!("U+{:04X}", u32::from(self.found));
        match lang {
            Lang::Vi => format!(
                "có ký tự điều khiển {code} ở vị trí {}: không được phép trong văn bản",
                self.position
            ),
            Lang::En => format!(
                "holds the control character {code} at position {}: not allowed in text",
                self.position
            ),
        }
    }
}

/// Refuses a text holding a control character (tab and newline are allowed in a text of
/// [`Lines::Many`]).
pub fn check_controls(s: &str, lines: Lines) -> Result<(), ControlError> {
    match s
        .chars()
        .enumerate()
        .find(|(_, c)| is_control(*c) && !allowed(*c, lines))
    {
        Some((i, found)) => Err(ControlError {
            found,
            position: i + 1,
        }),
        None => Ok(()),
    }
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
                check_controls(&s, Lines::Many),
                Err(ControlError {
                    found: c,
                    position: 3
                })
            );
        }
    }

    #[test]
    fn tab_and_newline_only_where_a_text_may_span_lines() {
        assert!(check_controls("a\nb\tc", Lines::Many).is_ok());
        assert!(check_controls("a\nb", Lines::One).is_err());
        assert!(check_controls("a\tb", Lines::One).is_err());
        assert!(check_controls("Phường Đồng Hới ‘x’ …", Lines::One).is_ok());
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
