//! The key vocabulary: the screens ([`Scope`]), the actions ([`Action`]) and the keys ([`Chord`]),
//! each with the one name a configuration file writes and help shows. The TUI's key map binds these
//! words; configuration files add keys with them.
//!
//! Extra key bindings: `[keys.<screen>]` tables whose keys are actions and whose values are lists of
//! keys, e.g. `[keys.grid] ditto = ["F9"]`. They are *added* to the built-in keys, never instead of
//! them: the keys of docs/contracts.md keep working for scripts, tests and colleagues. A file is
//! checked against the vocabulary when it is read, like every other key; which action a screen has
//! and which keys are already taken is the key map's business (`tui::keymap::KeyMap::with_extras`),
//! which reports through [`KeyExtra::error`] at the same `FILE:LINE: KEY` place.

use super::error::{ConfigError, Place};

/// Declares an enum of the key vocabulary and its table of names, one line per word, so that the
/// name a configuration file writes and the word the TUI matches on cannot drift apart.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $vis:vis enum $ty:ident / $table:ident { $($(#[$vm:meta])* $variant:ident = $name:literal,)* } $($(#[$xm:meta])* + $extra:ident,)*) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $ty {
            $($(#[$vm])* $variant,)*
            $($(#[$xm])* $extra,)*
        }

        /// Every word with its name in configuration files, in the order of the declaration.
        pub const $table: &[($ty, &str)] = &[$(($ty::$variant, $name),)*];
    };
}

vocabulary! {
    /// The screens a key can be bound on (`[keys.<screen>]`): the TUI's screens, popups included.
    pub enum Scope / SCOPES {
        /// Everywhere (unless a text field takes printable keys or a popup is open).
        Global = "global",
        /// The Assessments grid.
        Grid = "grid",
        /// The Localities tree.
        Tree = "localities",
        /// The Limitations lists.
        Limitations = "limitations",
        /// The Awards list.
        Awards = "awards",
        /// A form (limitation, award, locality): text fields take printable keys.
        Form = "form",
        /// The Years view.
        Years = "years",
        /// The Years view's list of units to drill down to.
        YearsPicker = "years_picker",
        /// The help popup.
        Help = "help",
        /// The go-to popup: a district or commune by name or code.
        GoTo = "goto",
        /// "Quit while typing?": save and quit, quit, or stay.
        QuitQuestion = "quit_question",
        /// The first run on an empty database: the demo or nothing.
        FirstRun = "first_run",
        /// A yes/no question in a box (edit a past year, submit, approve).
        Confirm = "confirm",
        /// "Delete?" in the status bar of a list tab.
        ConfirmDelete = "confirm_delete",
        /// The reason of a reopen, typed.
        Reason = "reason",
        /// A refusal with its list (a submission refused by check).
        Refusal = "refusal",
        /// The history of a cell.
        History = "history",
        /// The year's targets (`t` on the grid).
        Targets = "targets",
        /// The note of a cell, typed (`;` on the grid).
        Note = "note",
        /// "Còn phải nhập": the units not entered and the errors (`m` on the grid).
        StillToEnter = "still_to_enter",
    }
}

vocabulary! {
    /// Everything a key can ask for.
    pub enum Action / ACTIONS {
        Help = "help",
        Quit = "quit",
        TabLocalities = "tab_localities",
        TabAssessments = "tab_assessments",
        TabLimitations = "tab_limitations",
        TabAwards = "tab_awards",
        PrevYear = "prev_year",
        NextYear = "next_year",
        GoTo = "go_to",
        Find = "find",
        Undo = "undo",
        Redo = "redo",
        Up = "up",
        Down = "down",
        Left = "left",
        Right = "right",
        PageUp = "page_up",
        PageDown = "page_down",
        Home = "home",
        End = "end",
        /// Enter: commit and move down (or right, by configuration); in lists: open.
        Commit = "commit",
        /// Tab: commit and move to the next field across, wrapping.
        NextField = "next_field",
        /// Shift-Tab.
        PrevField = "prev_field",
        /// Esc: abandon the edit in progress.
        Abandon = "abandon",
        /// Enter in a multi-line form field: a line break.
        NewLine = "new_line",
        /// Ctrl-D: copy last year's value.
        Ditto = "ditto",
        SetYes = "set_yes",
        SetNo = "set_no",
        Toggle = "toggle",
        /// Backspace / Delete on a cell: clear it (not reported).
        Clear = "clear",
        New = "new",
        Delete = "delete",
        CarryOver = "carry_over",
        SwitchPane = "switch_pane",
        FilterForm = "filter_form",
        /// Localities: rename the unit.
        Rename = "rename",
        /// Localities: close the unit (its last day).
        Close = "close",
        /// Localities: mark a unit for a merger.
        Mark = "mark",
        /// Localities: record a merger of the marked units.
        Merge = "merge",
        FilterIssuer = "filter_issuer",
        FilterKind = "filter_kind",
        FilterLocality = "filter_locality",
        ClearFilters = "clear_filters",
        YearsView = "years_view",
        EditPastYear = "edit_past_year",
        CellHistory = "cell_history",
        /// The year's targets: a province user edits them, anyone else reads them.
        Targets = "targets",
        /// The grid: write or change the focused cell's note.
        Note = "note",
        /// The grid: flag the focused cell for follow-up, or take the flag off.
        FollowUp = "follow_up",
        /// The list of units not entered and errors ("Còn phải nhập").
        StillToEnter = "still_to_enter",
        /// The grid: the next cell not entered or with an error, after the focused one.
        NextMissing = "next_missing",
        Submit = "submit",
        Approve = "approve",
        Reopen = "reopen",
        /// A clerk takes a submitted year back to draft.
        Recall = "recall",
        Drill = "drill",
        ScopeUp = "scope_up",
        OpenYear = "open_year",
        /// A form's pick list: the next choice.
        NextChoice = "next_choice",
        /// A form's pick list: the previous choice.
        PrevChoice = "prev_choice",
        /// The answer yes to a question.
        Yes = "yes",
        /// The answer no to a question.
        No = "no",
        /// Closes a popup.
        Dismiss = "dismiss",
        /// First run: load the demo province.
        LoadDemo = "load_demo",
        /// First run: start with an empty database.
        StartEmpty = "start_empty",
    }
    /// A digit on a number cell: starts replacing the value. Not an action of configuration files:
    /// digits are values.
    + TypeDigit,
}

/// The names of [`SCOPES`], as `[keys.<screen>]` accepts them.
pub const KEY_SCREENS: &[&str] = &names::<_, { SCOPES.len() }>(SCOPES);
/// The names of [`ACTIONS`], as `[keys.<screen>] <action> = […]` accepts them.
pub const KEY_ACTIONS: &[&str] = &names::<_, { ACTIONS.len() }>(ACTIONS);

const fn names<T: Copy, const N: usize>(table: &[(T, &'static str)]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].1;
        i += 1;
    }
    out
}

impl Scope {
    /// The screen's name in configuration files.
    pub fn name(self) -> &'static str {
        SCOPES
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("global", |(_, n)| *n)
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        SCOPES.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }
}

impl Action {
    /// The action's name in configuration files (None for typing a digit, which is not rebound).
    pub fn name(self) -> Option<&'static str> {
        ACTIONS.iter().find(|(a, _)| *a == self).map(|(_, n)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }
}

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyName {
    /// A printable character (a letter is lower case when Ctrl or Alt goes with it).
    Char(char),
    /// Any of 0–9 (the grid's digits; the key map writes it, a configuration file cannot).
    Digit,
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

/// A key with its modifiers: how the key map declares a binding, how a configuration file writes
/// one (`F9`, `Ctrl-R`, `Alt-x`, `Shift-Tab`, `Space`, `,`) and how help shows it — one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub name: KeyName,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Chord {
    pub const fn plain(name: KeyName) -> Chord {
        Chord {
            name,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn ch(c: char) -> Chord {
        Chord::plain(KeyName::Char(c))
    }

    pub const fn ctrl(c: char) -> Chord {
        Chord {
            ctrl: true,
            ..Chord::ch(c)
        }
    }

    pub const fn alt(c: char) -> Chord {
        Chord {
            alt: true,
            ..Chord::ch(c)
        }
    }

    pub const fn shift(name: KeyName) -> Chord {
        Chord {
            shift: true,
            ..Chord::plain(name)
        }
    }

    /// A printable key with no Ctrl/Alt: a text field would take it as text.
    pub fn is_text(&self) -> bool {
        matches!(self.name, KeyName::Char(_) | KeyName::Digit) && !self.ctrl && !self.alt
    }

    /// Some key would be both (the digits and one digit; otherwise equality).
    pub fn overlaps(&self, other: &Chord) -> bool {
        let digit = |k: &Chord| match k.name {
            KeyName::Char(c) => c.is_ascii_digit() && !k.ctrl && !k.alt,
            KeyName::Digit => true,
            _ => false,
        };
        match (self.name, other.name) {
            (KeyName::Digit, _) | (_, KeyName::Digit) => digit(self) && digit(other),
            _ => self == other,
        }
    }

    /// Whether a key as it came matches this binding (the digits match any digit).
    pub fn matches(&self, key: &Chord) -> bool {
        match self.name {
            KeyName::Digit => key.is_text() && matches!(key.name, KeyName::Char('0'..='9')),
            _ => self == key,
        }
    }
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
    ("↑", KeyName::Up),
    ("↓", KeyName::Down),
    ("←", KeyName::Left),
    ("→", KeyName::Right),
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
        // The arrows as help writes them are named keys, read below.
        (Some(c), None) if !c.is_control() && !c.is_whitespace() && !"↑↓←→".contains(c) => {
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
        let name = match self.name {
            KeyName::Char(' ') => "Space",
            KeyName::Char(c) if self.ctrl => return write!(f, "{}", c.to_ascii_uppercase()),
            KeyName::Char(c) => return write!(f, "{c}"),
            KeyName::Digit => "0–9",
            KeyName::F(n) => return write!(f, "F{n}"),
            KeyName::Enter => "Enter",
            KeyName::Tab => "Tab",
            KeyName::Esc => "Esc",
            KeyName::Backspace => "Backspace",
            KeyName::Delete => "Delete",
            KeyName::Insert => "Insert",
            KeyName::Home => "Home",
            KeyName::End => "End",
            KeyName::PageUp => "PgUp",
            KeyName::PageDown => "PgDn",
            KeyName::Up => "↑",
            KeyName::Down => "↓",
            KeyName::Left => "←",
            KeyName::Right => "→",
        };
        f.write_str(name)
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
            ("PgDn", "PgDn"),
            ("PageUp", "PgUp"),
            ("Up", "↑"),
            ("Shift-Left", "Shift-←"),
            ("Ctrl-Alt-d", "Ctrl-Alt-D"),
        ] {
            let chord = parse_chord(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(chord.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn every_chord_is_read_back_as_it_is_shown() {
        for text in [
            "↑",
            "Shift-→",
            "PgUp",
            "Ctrl-D",
            "Alt-1",
            "Space",
            "F12",
            "Shift-Tab",
            "?",
        ] {
            let chord = parse_chord(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(parse_chord(&chord.to_string()), Ok(chord), "{text}");
        }
    }

    #[test]
    fn the_names_of_configuration_files_are_the_vocabulary() {
        assert_eq!(KEY_ACTIONS.len(), ACTIONS.len());
        for (action, name) in ACTIONS {
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
        }
        assert_eq!(Action::TypeDigit.name(), None);
        for (scope, name) in SCOPES {
            assert_eq!(Scope::from_name(name), Some(*scope));
            assert_eq!(scope.name(), *name);
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
