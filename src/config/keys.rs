//! Extra key bindings: `[keys.<screen>]` tables whose keys are actions and whose values are lists of
//! keys, e.g. `[keys.grid] ditto = ["F9"]`. They are *added* to the built-in keys, never instead of
//! them: the keys of docs/contracts.md keep working for scripts, tests and colleagues.
//!
//! This module knows the names (screens, actions, keys) so that a file is checked when it is read,
//! like every other key; which action a screen has and which keys are already taken is the TUI's key
//! map's business (`tui::keymap::KeyMap::with_extras`), which reports through [`KeyExtra::error`] at
//! the same `FILE:LINE: KEY` place.

use super::error::{ConfigError, Place};

/// The screens a binding can be given for, as written in `[keys.<screen>]`.
pub const KEY_SCREENS: &[&str] = &[
    "global",
    "grid",
    "localities",
    "limitations",
    "awards",
    "form",
    "years",
];

/// The actions a key can be given to (typing a digit into a cell is not one: digits are values).
pub const KEY_ACTIONS: &[&str] = &[
    "help",
    "quit",
    "tab_localities",
    "tab_assessments",
    "tab_limitations",
    "tab_awards",
    "prev_year",
    "next_year",
    "go_to",
    "find",
    "undo",
    "redo",
    "up",
    "down",
    "left",
    "right",
    "page_up",
    "page_down",
    "home",
    "end",
    "commit",
    "next_field",
    "prev_field",
    "abandon",
    "new_line",
    "ditto",
    "set_yes",
    "set_no",
    "toggle",
    "clear",
    "new",
    "delete",
    "carry_over",
    "switch_pane",
    "filter_form",
    "rename",
    "close",
    "mark",
    "merge",
    "filter_issuer",
    "filter_kind",
    "filter_locality",
    "clear_filters",
    "years_view",
    "edit_past_year",
    "cell_history",
    "submit",
    "approve",
    "reopen",
    "drill",
    "scope_up",
    "open_year",
];

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyName {
    /// A printable character (a letter is lower case when Ctrl or Alt goes with it).
    Char(char),
    F(u8),
    Enter,
    Tab,
    Esc,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
}

/// A key with its modifiers, as a configuration file writes it: `F9`, `Ctrl-R`, `Alt-x`,
/// `Shift-Tab`, `Space`, `,`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub name: KeyName,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

const NAMED: &[(&str, KeyName)] = &[
    ("enter", KeyName::Enter),
    ("tab", KeyName::Tab),
    ("esc", KeyName::Esc),
    ("escape", KeyName::Esc),
    ("backspace", KeyName::Backspace),
    ("delete", KeyName::Delete),
    ("del", KeyName::Delete),
    ("insert", KeyName::Insert),
    ("ins", KeyName::Insert),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("pgup", KeyName::PageUp),
    ("pageup", KeyName::PageUp),
    ("pgdn", KeyName::PageDown),
    ("pagedown", KeyName::PageDown),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("space", KeyName::Char(' ')),
];

/// Reads a key as written; the error is (Vietnamese, English).
pub fn parse_chord(text: &str) -> Result<Chord, (String, String)> {
    let bad = |why_vi: &str, why_en: &str| {
        (
            format!("`{text}` không phải là một phím: {why_vi}; hãy viết phím như \"F9\", \"Ctrl-R\", \"Alt-x\", \"Shift-Tab\", \"Space\""),
            format!("`{text}` is not a key: {why_en}; write keys such as \"F9\", \"Ctrl-R\", \"Alt-x\", \"Shift-Tab\", \"Space\""),
        )
    };
    let mut chord = Chord {
        name: KeyName::Enter,
        ctrl: false,
        alt: false,
        shift: false,
    };
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let (flag, len) = if lower.starts_with("ctrl-") {
            (&mut chord.ctrl, 5)
        } else if lower.starts_with("alt-") {
            (&mut chord.alt, 4)
        } else if lower.starts_with("shift-") {
            (&mut chord.shift, 6)
        } else {
            break;
        };
        if rest.len() == len || *flag {
            return Err(bad(
                "phím bổ trợ lặp lại hoặc thiếu phím sau nó",
                "a modifier twice, or nothing after it",
            ));
        }
        *flag = true;
        rest = &rest[len..];
    }
    let lower = rest.to_ascii_lowercase();
    let mut chars = rest.chars();
    chord.name = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && !c.is_whitespace() => {
            if chord.shift {
                return Err(bad(
                    "Shift chỉ đi với phím có tên; hãy viết chính ký tự đó (\"?\" thay cho \"Shift-/\")",
                    "Shift goes with a named key only; write the character itself (\"?\" rather than \"Shift-/\")",
                ));
            }
            if chord.ctrl || chord.alt {
                KeyName::Char(c.to_ascii_lowercase())
            } else {
                KeyName::Char(c)
            }
        }
        _ => {
            if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                if !(1..=12).contains(&n) {
                    return Err(bad(
                        "phím chức năng là F1 đến F12",
                        "function keys are F1 to F12",
                    ));
                }
                KeyName::F(n)
            } else if let Some(&(_, name)) = NAMED.iter().find(|(n, _)| *n == lower) {
                name
            } else {
                return Err(bad("tên phím không xác định", "unknown key name"));
            }
        }
    };
    Ok(chord)
}

impl std::fmt::Display for Chord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.name {
            KeyName::Char(' ') => f.write_str("Space"),
            KeyName::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One extra key from a configuration file: `[keys.<screen>] <action> = ["<key>", …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyExtra {
    pub screen: String,
    pub action: String,
    pub chord: Chord,
    pub(super) at: Place,
}

impl KeyExtra {
    /// An error about this binding, at the place it was written.
    pub fn error(&self, vi: impl Into<String>, en: impl Into<String>) -> ConfigError {
        self.at.error(vi, en)
    }

    /// `FILE:LINE`, to point at this binding from another error.
    pub fn position(&self) -> String {
        self.at.position()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_as_written_and_shown_back() {
        for (text, shown) in [
            ("F9", "F9"),
            ("ctrl-r", "Ctrl-R"),
            ("Alt-X", "Alt-x"),
            ("Shift-Tab", "Shift-Tab"),
            ("Space", "Space"),
            (",", ","),
            ("PgDn", "PageDown"),
            ("Ctrl-Alt-d", "Ctrl-Alt-D"),
        ] {
            let chord = parse_chord(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(chord.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn what_is_not_a_key_says_why() {
        for text in [
            "F13",
            "Ctrl-",
            "Shift-/",
            "Hyper-x",
            "ab",
            "",
            "Ctrl-Ctrl-x",
        ] {
            let (vi, en) = parse_chord(text).expect_err(text);
            assert!(en.contains("is not a key"), "{text}: {en}");
            assert!(vi.contains("không phải là một phím"), "{text}: {vi}");
        }
    }
}
