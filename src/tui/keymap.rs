//! The key map as data: which key does what on which screen. The help screen and the status-bar hints
//! are generated from it, so they cannot drift from what the keys really do.

use crate::config::{Chord, ConfigError, KeyExtra, KeyName};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Quit,
    TabLocalities,
    TabAssessments,
    TabLimitations,
    TabAwards,
    PrevYear,
    NextYear,
    GoTo,
    Find,
    Undo,
    Redo,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// A digit on a number cell: starts replacing the value.
    TypeDigit,
    /// Enter: commit and move down (or right, by configuration); in lists: open.
    Commit,
    /// Tab: commit and move to the next field across, wrapping.
    NextField,
    /// Shift-Tab.
    PrevField,
    /// Esc: abandon the edit in progress.
    Abandon,
    /// Enter in a multi-line form field: a line break.
    NewLine,
    /// Ctrl-D: copy last year's value.
    Ditto,
    SetYes,
    SetNo,
    Toggle,
    /// Backspace / Delete on a cell: clear it (not reported).
    Clear,
    New,
    Delete,
    CarryOver,
    SwitchPane,
    FilterForm,
    /// Localities: rename the unit.
    Rename,
    /// Localities: close the unit (its last day).
    Close,
    /// Localities: mark a unit for a merger.
    Mark,
    /// Localities: record a merger of the marked units.
    Merge,
    FilterIssuer,
    FilterKind,
    FilterLocality,
    ClearFilters,
    // The review screens (Years view, past years, history, workflow).
    YearsView,
    EditPastYear,
    CellHistory,
    Submit,
    Approve,
    Reopen,
    Drill,
    ScopeUp,
    OpenYear,
}

/// The names of the actions in configuration files (`[keys.grid] ditto = ["F9"]`), one arm each
/// way; a unit test checks them against `config::KEY_ACTIONS`.
const ACTION_NAMES: &[(Action, &str)] = &[
    (Action::Help, "help"),
    (Action::Quit, "quit"),
    (Action::TabLocalities, "tab_localities"),
    (Action::TabAssessments, "tab_assessments"),
    (Action::TabLimitations, "tab_limitations"),
    (Action::TabAwards, "tab_awards"),
    (Action::PrevYear, "prev_year"),
    (Action::NextYear, "next_year"),
    (Action::GoTo, "go_to"),
    (Action::Find, "find"),
    (Action::Undo, "undo"),
    (Action::Redo, "redo"),
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::Left, "left"),
    (Action::Right, "right"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::Home, "home"),
    (Action::End, "end"),
    (Action::Commit, "commit"),
    (Action::NextField, "next_field"),
    (Action::PrevField, "prev_field"),
    (Action::Abandon, "abandon"),
    (Action::NewLine, "new_line"),
    (Action::Ditto, "ditto"),
    (Action::SetYes, "set_yes"),
    (Action::SetNo, "set_no"),
    (Action::Toggle, "toggle"),
    (Action::Clear, "clear"),
    (Action::New, "new"),
    (Action::Delete, "delete"),
    (Action::CarryOver, "carry_over"),
    (Action::SwitchPane, "switch_pane"),
    (Action::FilterForm, "filter_form"),
    (Action::Rename, "rename"),
    (Action::Close, "close"),
    (Action::Mark, "mark"),
    (Action::Merge, "merge"),
    (Action::FilterIssuer, "filter_issuer"),
    (Action::FilterKind, "filter_kind"),
    (Action::FilterLocality, "filter_locality"),
    (Action::ClearFilters, "clear_filters"),
    (Action::YearsView, "years_view"),
    (Action::EditPastYear, "edit_past_year"),
    (Action::CellHistory, "cell_history"),
    (Action::Submit, "submit"),
    (Action::Approve, "approve"),
    (Action::Reopen, "reopen"),
    (Action::Drill, "drill"),
    (Action::ScopeUp, "scope_up"),
    (Action::OpenYear, "open_year"),
];

impl Action {
    /// The action's name in configuration files (None for typing a digit, which is not rebound).
    pub fn config_name(self) -> Option<&'static str> {
        ACTION_NAMES
            .iter()
            .find(|(a, _)| *a == self)
            .map(|(_, n)| *n)
    }

    pub fn from_config_name(name: &str) -> Option<Action> {
        ACTION_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(a, _)| *a)
    }
}

/// The names of the screens in configuration files (`[keys.<screen>]`).
const SCOPE_NAMES: &[(Scope, &str)] = &[
    (Scope::Global, "global"),
    (Scope::Grid, "grid"),
    (Scope::Tree, "localities"),
    (Scope::Limitations, "limitations"),
    (Scope::Awards, "awards"),
    (Scope::Form, "form"),
    (Scope::Years, "years"),
];

impl Scope {
    pub fn config_name(self) -> &'static str {
        SCOPE_NAMES
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("global", |(_, n)| *n)
    }

    pub fn from_config_name(name: &str) -> Option<Scope> {
        SCOPE_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(s, _)| *s)
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere (unless a text field takes printable keys).
    Global,
    /// The Assessments grid.
    Grid,
    /// The Localities tree.
    Tree,
    /// The Limitations lists.
    Limitations,
    /// The Awards list.
    Awards,
    /// A form (limitation, award): text fields take printable keys.
    Form,
    /// The Years view.
    Years,
}

/// One key as written in the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    Key(KeyCode, KeyModifiers),
    /// Any of 0–9 without Ctrl/Alt.
    AnyDigit,
}

impl KeySpec {
    const fn plain(code: KeyCode) -> KeySpec {
        KeySpec::Key(code, KeyModifiers::NONE)
    }

    const fn ch(c: char) -> KeySpec {
        KeySpec::Key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    const fn ctrl(c: char) -> KeySpec {
        KeySpec::Key(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    const fn alt(c: char) -> KeySpec {
        KeySpec::Key(KeyCode::Char(c), KeyModifiers::ALT)
    }

    const fn shift(code: KeyCode) -> KeySpec {
        KeySpec::Key(code, KeyModifiers::SHIFT)
    }

    /// A key written in a configuration file, in the form [`KeySpec::matches`] compares.
    pub fn from_chord(chord: Chord) -> KeySpec {
        let mut mods = KeyModifiers::NONE;
        if chord.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        if chord.alt {
            mods |= KeyModifiers::ALT;
        }
        if chord.shift {
            mods |= KeyModifiers::SHIFT;
        }
        let code = match chord.name {
            KeyName::Char(c) => KeyCode::Char(c),
            KeyName::F(n) => KeyCode::F(n),
            KeyName::Enter => KeyCode::Enter,
            KeyName::Tab if chord.shift => KeyCode::BackTab,
            KeyName::Tab => KeyCode::Tab,
            KeyName::Esc => KeyCode::Esc,
            KeyName::Backspace => KeyCode::Backspace,
            KeyName::Delete => KeyCode::Delete,
            KeyName::Insert => KeyCode::Insert,
            KeyName::Home => KeyCode::Home,
            KeyName::End => KeyCode::End,
            KeyName::PageUp => KeyCode::PageUp,
            KeyName::PageDown => KeyCode::PageDown,
            KeyName::Up => KeyCode::Up,
            KeyName::Down => KeyCode::Down,
            KeyName::Left => KeyCode::Left,
            KeyName::Right => KeyCode::Right,
        };
        KeySpec::Key(code, mods)
    }

    /// Two specs that some key would match both.
    fn overlaps(&self, other: &KeySpec) -> bool {
        let digit = |k: &KeySpec| match k {
            KeySpec::Key(KeyCode::Char(c), m) => {
                c.is_ascii_digit() && !m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
            _ => false,
        };
        match (self, other) {
            (KeySpec::AnyDigit, KeySpec::AnyDigit) => true,
            (KeySpec::AnyDigit, k) | (k, KeySpec::AnyDigit) => digit(k),
            (a, b) => a == b,
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let (code, mods) = normalize(key);
        match self {
            KeySpec::AnyDigit => {
                matches!(code, KeyCode::Char('0'..='9'))
                    && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
            KeySpec::Key(c, m) => *c == code && *m == mods,
        }
    }

    /// A printable key with no Ctrl/Alt: a text field would take it as text.
    pub fn is_text(&self) -> bool {
        match self {
            KeySpec::AnyDigit => true,
            KeySpec::Key(KeyCode::Char(_), m) => {
                !m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
            KeySpec::Key(..) => false,
        }
    }

    /// How the help screen writes the key.
    pub fn display(&self) -> String {
        match self {
            KeySpec::AnyDigit => "0–9".to_string(),
            KeySpec::Key(code, mods) => {
                let mut s = String::new();
                if mods.contains(KeyModifiers::CONTROL) {
                    s.push_str("Ctrl-");
                }
                if mods.contains(KeyModifiers::ALT) {
                    s.push_str("Alt-");
                }
                if mods.contains(KeyModifiers::SHIFT) {
                    s.push_str("Shift-");
                }
                let name = match code {
                    KeyCode::Char(' ') => "Space".to_string(),
                    KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                        c.to_ascii_uppercase().to_string()
                    }
                    KeyCode::Char(c) => c.to_string(),
                    KeyCode::F(n) => format!("F{n}"),
                    KeyCode::Up => "↑".into(),
                    KeyCode::Down => "↓".into(),
                    KeyCode::Left => "←".into(),
                    KeyCode::Right => "→".into(),
                    KeyCode::PageUp => "PgUp".into(),
                    KeyCode::PageDown => "PgDn".into(),
                    KeyCode::Home => "Home".into(),
                    KeyCode::End => "End".into(),
                    KeyCode::Enter => "Enter".into(),
                    KeyCode::Tab => "Tab".into(),
                    KeyCode::BackTab => "Tab".into(),
                    KeyCode::Esc => "Esc".into(),
                    KeyCode::Backspace => "Backspace".into(),
                    KeyCode::Delete => "Delete".into(),
                    KeyCode::Insert => "Insert".into(),
                    other => format!("{other:?}"),
                };
                s.push_str(&name);
                s
            }
        }
    }
}

/// Terminals disagree on Shift with printable characters ('?' comes with or without it) and send
/// Shift-Tab as BackTab: compare keys in one form.
pub fn normalize(key: &KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods =
        key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let mut code = key.code;
    match code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            if mods.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        KeyCode::BackTab => mods = KeyModifiers::SHIFT,
        _ => {}
    }
    (code, mods)
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub keys: Vec<KeySpec>,
    pub action: Action,
}

/// The live key map.
#[derive(Debug, Clone)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        use Action as A;
        use KeyCode as K;
        use Scope as S;
        let b = |scope, keys: &[KeySpec], action| Binding {
            scope,
            keys: keys.to_vec(),
            action,
        };
        let p = KeySpec::plain;
        let ch = KeySpec::ch;
        let moves = |scope| {
            vec![
                b(scope, &[p(K::Up)], A::Up),
                b(scope, &[p(K::Down)], A::Down),
                b(scope, &[p(K::Left)], A::Left),
                b(scope, &[p(K::Right)], A::Right),
                b(scope, &[p(K::PageUp)], A::PageUp),
                b(scope, &[p(K::PageDown)], A::PageDown),
                b(scope, &[p(K::Home)], A::Home),
                b(scope, &[p(K::End)], A::End),
            ]
        };
        let mut bindings = vec![
            b(S::Global, &[p(K::F(1)), ch('?')], A::Help),
            b(
                S::Global,
                &[ch('q'), KeySpec::ctrl('q'), KeySpec::ctrl('c')],
                A::Quit,
            ),
            b(
                S::Global,
                &[p(K::F(2)), KeySpec::alt('1')],
                A::TabLocalities,
            ),
            b(
                S::Global,
                &[p(K::F(3)), KeySpec::alt('2')],
                A::TabAssessments,
            ),
            b(
                S::Global,
                &[p(K::F(4)), KeySpec::alt('3')],
                A::TabLimitations,
            ),
            b(S::Global, &[p(K::F(5)), KeySpec::alt('4')], A::TabAwards),
            b(S::Global, &[ch('['), KeySpec::shift(K::Left)], A::PrevYear),
            b(S::Global, &[ch(']'), KeySpec::shift(K::Right)], A::NextYear),
            b(S::Global, &[ch('g')], A::GoTo),
            b(S::Global, &[ch('/')], A::Find),
        ];
        bindings.extend(moves(S::Grid));
        bindings.extend([
            b(S::Grid, &[KeySpec::AnyDigit], A::TypeDigit),
            b(S::Grid, &[p(K::Enter)], A::Commit),
            b(S::Grid, &[p(K::Tab)], A::NextField),
            b(S::Grid, &[KeySpec::shift(K::BackTab)], A::PrevField),
            b(S::Grid, &[p(K::Esc)], A::Abandon),
            b(S::Grid, &[KeySpec::ctrl('d')], A::Ditto),
            b(S::Grid, &[ch('y'), ch('c')], A::SetYes),
            b(S::Grid, &[ch('n'), ch('k')], A::SetNo),
            b(S::Grid, &[ch(' ')], A::Toggle),
            b(S::Grid, &[p(K::Backspace), p(K::Delete)], A::Clear),
            b(S::Grid, &[KeySpec::ctrl('z')], A::Undo),
            b(S::Grid, &[KeySpec::ctrl('y')], A::Redo),
        ]);
        bindings.extend(moves(S::Tree));
        bindings.extend([
            b(S::Tree, &[p(K::Enter)], A::Commit),
            b(S::Tree, &[p(K::Esc)], A::Abandon),
            b(S::Tree, &[ch('n'), p(K::Insert)], A::New),
            b(S::Tree, &[ch('r')], A::Rename),
            b(S::Tree, &[p(K::Delete)], A::Close),
            b(S::Tree, &[ch(' ')], A::Mark),
            b(S::Tree, &[ch('m')], A::Merge),
        ]);
        bindings.extend(moves(S::Limitations));
        bindings.extend([
            b(S::Limitations, &[p(K::Enter)], A::Commit),
            b(S::Limitations, &[ch('n'), p(K::Insert)], A::New),
            b(S::Limitations, &[p(K::Delete)], A::Delete),
            b(S::Limitations, &[ch('c')], A::CarryOver),
            b(S::Limitations, &[p(K::Tab)], A::SwitchPane),
        ]);
        bindings.extend(moves(S::Awards));
        bindings.extend([
            b(S::Awards, &[p(K::Enter)], A::Commit),
            b(S::Awards, &[ch('n'), p(K::Insert)], A::New),
            b(S::Awards, &[p(K::Delete)], A::Delete),
            b(S::Awards, &[ch('f')], A::FilterForm),
            b(S::Awards, &[ch('i')], A::FilterIssuer),
            b(S::Awards, &[ch('t')], A::FilterKind),
            b(S::Awards, &[ch('l')], A::FilterLocality),
            b(S::Awards, &[ch('x')], A::ClearFilters),
            b(S::Awards, &[p(K::Esc)], A::Abandon),
        ]);
        bindings.extend([
            b(S::Form, &[p(K::Tab), p(K::Down)], A::NextField),
            b(
                S::Form,
                &[KeySpec::shift(K::BackTab), p(K::Up)],
                A::PrevField,
            ),
            b(S::Form, &[KeySpec::ctrl('s'), p(K::Enter)], A::Commit),
            b(S::Form, &[p(K::Esc)], A::Abandon),
            // Enter finds Commit above; a multi-line field (a limitation's text and remedy) takes it
            // as a line break instead, so the form is saved from there with Ctrl-S. Listed for help.
            b(S::Form, &[p(K::Enter)], A::NewLine),
        ]);
        bindings.extend(super::review::bindings());
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The built-in map with the keys of the configuration files added (`[keys.<screen>]`). A key
    /// is refused — every refusal reported at the place it was written — if its action does nothing
    /// on that screen, or if the key already does something there (or everywhere, or, for a key
    /// given everywhere, on some screen): a configured key never takes one of the built-in keys'
    /// place, so the keys of the contract keep working.
    pub fn with_extras(extras: &[KeyExtra]) -> Result<KeyMap, Vec<ConfigError>> {
        let mut map = KeyMap::default();
        let mut errors = Vec::new();
        for extra in extras {
            let (Some(scope), Some(action)) = (
                Scope::from_config_name(&extra.screen),
                Action::from_config_name(&extra.action),
            ) else {
                continue; // names are checked when the file is read
            };
            let Some(index) = map
                .bindings
                .iter()
                .position(|b| b.scope == scope && b.action == action)
            else {
                let mut there: Vec<&str> = map
                    .bindings
                    .iter()
                    .filter(|b| b.scope == scope)
                    .filter_map(|b| b.action.config_name())
                    .collect();
                there.dedup();
                errors.push(extra.error(
                    format!(
                        "`{}` không có tác dụng ở `{}`; các thao tác ở đó là {}",
                        extra.action,
                        extra.screen,
                        there.join(", ")
                    ),
                    format!(
                        "`{}` does nothing on `{}`; the actions there are {}",
                        extra.action,
                        extra.screen,
                        there.join(", ")
                    ),
                ));
                continue;
            };
            let spec = KeySpec::from_chord(extra.chord);
            let taken = map.bindings.iter().find(|b| {
                let clashes =
                    b.scope == scope || b.scope == Scope::Global || scope == Scope::Global;
                clashes && b.keys.iter().any(|k| k.overlaps(&spec))
            });
            if let Some(b) = taken {
                let what = b.action.config_name().unwrap_or("typing a digit");
                let place = b.scope.config_name();
                errors.push(extra.error(
                    format!(
                        "phím `{}` đã dùng cho `{what}` ở `{place}`; hãy chọn một phím còn trống ở đó",
                        extra.chord
                    ),
                    format!(
                        "`{}` already does `{what}` on `{place}`; choose a key that is free there",
                        extra.chord
                    ),
                ));
                continue;
            }
            map.bindings[index].keys.push(spec);
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// The action of a key on a screen: the screen's own bindings first, then the global ones. When a
    /// text field has the focus it takes printable keys, so only global keys with Ctrl/Alt or
    /// non-printable keys (F1…) apply.
    pub fn action(&self, scope: Scope, key: &KeyEvent, text_input: bool) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .filter(|b| b.scope == s)
                .find(|b| {
                    b.keys
                        .iter()
                        .any(|k| k.matches(key) && !(text_input && k.is_text()))
                })
                .map(|b| b.action)
        };
        if scope != Scope::Global {
            if let Some(a) = find(scope) {
                return Some(a);
            }
        }
        find(Scope::Global)
    }

    /// The keys of an action on a screen, as the help screen writes them ("F1 ?").
    pub fn keys_for(&self, scope: Scope, action: Action) -> String {
        self.bindings
            .iter()
            .filter(|b| b.action == action && (b.scope == scope || b.scope == Scope::Global))
            .flat_map(|b| b.keys.iter().map(KeySpec::display))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The help lines of a screen: (keys, action), the screen's own first, then the global ones.
    pub fn help(&self, scope: Scope) -> Vec<(String, Action)> {
        let mut out: Vec<(String, Action)> = Vec::new();
        for s in [scope, Scope::Global] {
            for b in self.bindings.iter().filter(|b| b.scope == s) {
                let keys = b
                    .keys
                    .iter()
                    .map(KeySpec::display)
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push((keys, b.action));
            }
            if scope == Scope::Global {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn screen_bindings_win_over_global_and_text_fields_take_printables() {
        let map = KeyMap::default();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.action(Scope::Grid, &n, false), Some(Action::SetNo));
        assert_eq!(map.action(Scope::Awards, &n, false), Some(Action::New));
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Scope::Form, &q, true), None);
        assert_eq!(map.action(Scope::Grid, &q, false), Some(Action::Quit));
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(map.action(Scope::Form, &f1, true), Some(Action::Help));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Scope::Form, &ctrl_c, true), Some(Action::Quit));
    }

    #[test]
    fn every_action_and_screen_has_the_name_the_configuration_uses() {
        let map = KeyMap::default();
        for b in &map.bindings {
            match b.action.config_name() {
                Some(name) => assert!(crate::config::KEY_ACTIONS.contains(&name), "{name}"),
                None => assert_eq!(b.action, Action::TypeDigit),
            }
            assert!(crate::config::KEY_SCREENS.contains(&b.scope.config_name()));
        }
        for name in crate::config::KEY_ACTIONS {
            let action = Action::from_config_name(name).expect(name);
            assert_eq!(action.config_name(), Some(*name));
        }
        for name in crate::config::KEY_SCREENS {
            let scope = Scope::from_config_name(name).expect(name);
            assert_eq!(scope.config_name(), *name);
        }
    }

    #[test]
    fn shift_variants_are_normalised() {
        let map = KeyMap::default();
        let question = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            map.action(Scope::Grid, &question, false),
            Some(Action::Help)
        );
        let back_tab = key(KeyCode::BackTab, KeyModifiers::NONE);
        assert_eq!(
            map.action(Scope::Grid, &back_tab, false),
            Some(Action::PrevField)
        );
        let shift_left = key(KeyCode::Left, KeyModifiers::SHIFT);
        assert_eq!(
            map.action(Scope::Tree, &shift_left, false),
            Some(Action::PrevYear)
        );
        let digit = key(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(
            map.action(Scope::Grid, &digit, false),
            Some(Action::TypeDigit)
        );
    }

    #[test]
    fn forms_save_with_ctrl_s_and_help_tells_enter_breaks_lines() {
        let map = KeyMap::default();
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Scope::Form, &ctrl_s, true), Some(Action::Commit));
        assert_eq!(map.keys_for(Scope::Form, Action::Commit), "Ctrl-S Enter");
        let help = map.help(Scope::Form);
        assert!(help
            .iter()
            .any(|(k, a)| *a == Action::NewLine && k == "Enter"));
    }

    #[test]
    fn help_lists_screen_keys_then_global_ones() {
        let map = KeyMap::default();
        let help = map.help(Scope::Grid);
        assert_eq!(help.first().map(|h| h.1), Some(Action::Up));
        assert!(help.iter().any(|(k, a)| *a == Action::Help && k == "F1 ?"));
        assert!(help
            .iter()
            .any(|(k, a)| *a == Action::Ditto && k == "Ctrl-D"));
    }
}
