//! The key map: which key does what on which screen, every binding of the TUI — tabs, forms,
//! popups, confirmations, the Years view, history — declared here as data. Screens receive
//! [`Action`]s, never key codes; help (F1) and the status-bar hints are generated from this map,
//! so they cannot drift from what the keys really do.
//!
//! The words (screens, actions, keys) are the configuration's vocabulary ([`crate::config::Action`],
//! [`Scope`], [`Chord`]): one name each, in files and in help alike.

pub use crate::config::{Action, Chord, KeyName, Scope};
use crate::config::{ConfigError, KeyExtra};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as it came from the terminal, in the form the map compares: terminals disagree on Shift
/// with printable characters ('?' comes with or without it) and send Shift-Tab as BackTab. None for
/// a key no binding can name (media keys, Caps Lock…).
pub fn chord_of(key: &KeyEvent) -> Option<Chord> {
    let mods = key.modifiers;
    let mut chord = Chord {
        name: KeyName::Enter,
        ctrl: mods.contains(KeyModifiers::CONTROL),
        alt: mods.contains(KeyModifiers::ALT),
        shift: mods.contains(KeyModifiers::SHIFT),
    };
    chord.name = match key.code {
        KeyCode::Char(c) => {
            chord.shift = false;
            KeyName::Char(if chord.ctrl {
                c.to_ascii_lowercase()
            } else {
                c
            })
        }
        KeyCode::BackTab => {
            chord.shift = true;
            KeyName::Tab
        }
        KeyCode::F(n) => KeyName::F(n),
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::Insert => KeyName::Insert,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        _ => return None,
    };
    Some(chord)
}

/// The character a key types, if it types one (printable, no Ctrl/Alt): what a number cell or a
/// text field receives besides the action.
pub fn typed(key: &KeyEvent) -> Option<char> {
    match chord_of(key)? {
        Chord {
            name: KeyName::Char(c),
            ctrl: false,
            alt: false,
            ..
        } if !c.is_control() => Some(c),
        _ => None,
    }
}

/// A key for a text: a character typed as if pressed (paste).
pub fn key_for_char(c: char) -> KeyEvent {
    KeyEvent::from(match c {
        '\n' => KeyCode::Enter,
        '\t' => KeyCode::Tab,
        c => KeyCode::Char(c),
    })
}

/// The screens whose keys also work on a screen, after its own: the tabs and forms fall back to the
/// global keys; a popup takes every key, so it has none.
pub fn falls_back_to(scope: Scope) -> &'static [Scope] {
    match scope {
        Scope::Grid
        | Scope::Tree
        | Scope::Limitations
        | Scope::Awards
        | Scope::Form
        | Scope::Years => &[Scope::Global],
        _ => &[],
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub keys: Vec<Chord>,
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
        use KeyName as K;
        use Scope as S;
        let b = |scope, keys: &[Chord], action| Binding {
            scope,
            keys: keys.to_vec(),
            action,
        };
        let p = Chord::plain;
        let ch = Chord::ch;
        let ctrl = Chord::ctrl;
        let alt = Chord::alt;
        let shift = Chord::shift;
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
        // Scrolling a box: the moves up and down, by line and by page.
        let scroll = |scope| {
            vec![
                b(scope, &[p(K::Up)], A::Up),
                b(scope, &[p(K::Down)], A::Down),
                b(scope, &[p(K::PageUp)], A::PageUp),
                b(scope, &[p(K::PageDown)], A::PageDown),
            ]
        };
        let mut bindings = vec![
            b(S::Global, &[p(K::F(1)), ch('?')], A::Help),
            b(S::Global, &[ch('q'), ctrl('q'), ctrl('c')], A::Quit),
            b(S::Global, &[p(K::F(2)), alt('1')], A::TabLocalities),
            b(S::Global, &[p(K::F(3)), alt('2')], A::TabAssessments),
            b(S::Global, &[p(K::F(4)), alt('3')], A::TabLimitations),
            b(S::Global, &[p(K::F(5)), alt('4')], A::TabAwards),
            b(S::Global, &[ch('['), shift(K::Left)], A::PrevYear),
            b(S::Global, &[ch(']'), shift(K::Right)], A::NextYear),
            b(S::Global, &[ch('g')], A::GoTo),
            b(S::Global, &[ch('/')], A::Find),
        ];
        bindings.extend(moves(S::Grid));
        bindings.extend([
            b(S::Grid, &[p(K::Digit)], A::TypeDigit),
            b(S::Grid, &[p(K::Enter)], A::Commit),
            b(S::Grid, &[p(K::Tab)], A::NextField),
            b(S::Grid, &[shift(K::Tab)], A::PrevField),
            b(S::Grid, &[p(K::Esc)], A::Abandon),
            b(S::Grid, &[ctrl('d')], A::Ditto),
            b(S::Grid, &[ch('y'), ch('c')], A::SetYes),
            b(S::Grid, &[ch('n'), ch('k')], A::SetNo),
            b(S::Grid, &[ch(' ')], A::Toggle),
            b(S::Grid, &[p(K::Backspace), p(K::Delete)], A::Clear),
            b(S::Grid, &[ctrl('z')], A::Undo),
            b(S::Grid, &[ctrl('y')], A::Redo),
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
            // ↑/↓ leave a multi-line field only from its first/last line (the field decides).
            b(S::Form, &[p(K::Tab), p(K::Down)], A::NextField),
            b(S::Form, &[shift(K::Tab), p(K::Up)], A::PrevField),
            // Enter saves from a one-line field or a pick list; a multi-line field (a
            // limitation's text and remedy) takes it as a line break, and the form is saved from
            // there with Ctrl-S.
            b(S::Form, &[ctrl('s'), p(K::Enter)], A::Commit),
            b(S::Form, &[p(K::Esc)], A::Abandon),
            b(S::Form, &[p(K::Enter)], A::NewLine),
            // A pick list: the next or previous choice.
            b(S::Form, &[p(K::Right), ch(' ')], A::NextChoice),
            b(S::Form, &[p(K::Left)], A::PrevChoice),
        ]);
        // The Years view's own keys come first: on that screen ←/→ step the years.
        bindings.extend([
            b(
                S::Years,
                &[p(K::Left), ch('['), shift(K::Left)],
                A::PrevYear,
            ),
            b(
                S::Years,
                &[p(K::Right), ch(']'), shift(K::Right)],
                A::NextYear,
            ),
            b(S::Years, &[p(K::Home)], A::Home),
            b(S::Years, &[p(K::End)], A::End),
            b(S::Years, &[p(K::Enter)], A::Drill),
            b(S::Years, &[p(K::Backspace), p(K::Esc)], A::ScopeUp),
            b(S::Years, &[ch('o')], A::OpenYear),
            b(S::Grid, &[ch('h')], A::CellHistory),
            b(S::Grid, &[ch('t')], A::Targets),
            b(S::Grid, &[ch(';'), ch('N')], A::Note),
            b(S::Grid, &[ch('!')], A::FollowUp),
            b(S::Grid, &[ch('m')], A::StillToEnter),
            b(S::Grid, &[ch('j')], A::NextMissing),
            b(S::Global, &[p(K::F(6)), ch('v')], A::YearsView),
            b(S::Global, &[ch('e')], A::EditPastYear),
            b(S::Global, &[p(K::F(8)), alt('s')], A::Submit),
            b(S::Global, &[p(K::F(9)), alt('a')], A::Approve),
            b(S::Global, &[alt('r')], A::Reopen),
            b(S::Global, &[alt('u')], A::Recall),
        ]);
        bindings.extend(moves(S::YearsPicker));
        bindings.extend([
            b(S::YearsPicker, &[p(K::Enter)], A::Drill),
            b(S::YearsPicker, &[p(K::Esc), p(K::Backspace)], A::Dismiss),
        ]);
        // The popups take every key; any key not listed closes help.
        bindings.extend(scroll(S::Help));
        bindings.push(b(S::Help, &[p(K::Esc), p(K::F(1)), ch('?')], A::Dismiss));
        bindings.extend([
            b(S::GoTo, &[p(K::Down)], A::Down),
            b(S::GoTo, &[p(K::Up)], A::Up),
            b(S::GoTo, &[p(K::Enter)], A::Commit),
            b(S::GoTo, &[p(K::Esc), ctrl('c')], A::Abandon),
            b(S::QuitQuestion, &[ch('y'), ch('c'), p(K::Enter)], A::Yes),
            b(S::QuitQuestion, &[ch('n'), ch('k')], A::No),
            b(S::QuitQuestion, &[p(K::Esc)], A::Dismiss),
            b(S::FirstRun, &[ch('d')], A::LoadDemo),
            b(S::FirstRun, &[ch('e'), p(K::Esc)], A::StartEmpty),
            b(S::FirstRun, &[ch('q'), ctrl('c')], A::Quit),
            b(S::Confirm, &[ch('y'), ch('c'), p(K::Enter)], A::Yes),
            b(S::Confirm, &[ch('n'), ch('k'), p(K::Esc)], A::No),
            // Any other key than yes answers no: a delete is never a key away by accident.
            b(S::ConfirmDelete, &[ch('y'), ch('c')], A::Yes),
            b(S::Reason, &[p(K::Enter)], A::Commit),
            b(S::Reason, &[p(K::Esc)], A::Abandon),
        ]);
        bindings.extend(scroll(S::Refusal));
        bindings.push(b(
            S::Refusal,
            &[p(K::Esc), p(K::Enter), ch('q')],
            A::Dismiss,
        ));
        bindings.extend(
            moves(S::History)
                .into_iter()
                .filter(|b| !matches!(b.action, A::Left | A::Right)),
        );
        bindings.push(b(
            S::History,
            &[p(K::Esc), p(K::Enter), ch('q'), ch('h')],
            A::Dismiss,
        ));
        bindings.extend(
            moves(S::Targets)
                .into_iter()
                .filter(|b| !matches!(b.action, A::Left | A::Right | A::PageUp | A::PageDown)),
        );
        bindings.extend([
            b(S::Targets, &[p(K::Enter)], A::Commit),
            b(S::Targets, &[p(K::Esc)], A::Abandon),
            b(S::Targets, &[ch('q'), ch('t')], A::Dismiss),
            b(S::Note, &[p(K::Enter)], A::Commit),
            b(S::Note, &[p(K::Esc)], A::Abandon),
        ]);
        bindings.extend(
            moves(S::StillToEnter)
                .into_iter()
                .filter(|b| !matches!(b.action, A::Left | A::Right)),
        );
        bindings.extend([
            b(S::StillToEnter, &[p(K::Enter)], A::Commit),
            b(S::StillToEnter, &[p(K::Esc), ch('q'), ch('m')], A::Dismiss),
        ]);
        // F1 on a popup lists the popup's keys (help itself: any other key closes it).
        for scope in [
            S::YearsPicker,
            S::GoTo,
            S::QuitQuestion,
            S::FirstRun,
            S::Confirm,
            S::Reason,
            S::Refusal,
            S::History,
            S::Targets,
            S::Note,
            S::StillToEnter,
        ] {
            bindings.push(b(scope, &[p(K::F(1))], A::Help));
        }
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
                Scope::from_name(&extra.screen),
                Action::from_name(&extra.action),
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
                    .filter_map(|b| b.action.name())
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
            let spec = extra.chord;
            let taken = map.bindings.iter().find(|b| {
                let clashes = b.scope == scope
                    || falls_back_to(scope).contains(&b.scope)
                    || falls_back_to(b.scope).contains(&scope);
                clashes && b.keys.iter().any(|k| k.overlaps(&spec))
            });
            if let Some(b) = taken {
                let what = b.action.name().unwrap_or("typing a digit");
                let place = b.scope.name();
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

    /// The action of a key on a screen: the screen's own bindings first, then those it falls back
    /// to ([`falls_back_to`]). When a text field has the focus it takes printable keys, so only
    /// keys with Ctrl/Alt or non-printable keys (F1…) are actions.
    pub fn action(&self, scope: Scope, key: &KeyEvent, text_input: bool) -> Option<Action> {
        let chord = chord_of(key)?;
        std::iter::once(scope)
            .chain(falls_back_to(scope).iter().copied())
            .find_map(|s| {
                self.bindings
                    .iter()
                    .filter(|b| b.scope == s)
                    .find(|b| {
                        b.keys
                            .iter()
                            .any(|k| k.matches(&chord) && !(text_input && k.is_text()))
                    })
                    .map(|b| b.action)
            })
    }

    /// The keys of an action on a screen, as the help screen writes them ("F1 ?").
    pub fn keys_for(&self, scope: Scope, action: Action) -> String {
        self.bindings
            .iter()
            .filter(|b| {
                b.action == action && (b.scope == scope || falls_back_to(scope).contains(&b.scope))
            })
            .flat_map(|b| b.keys.iter().map(Chord::to_string))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The help lines of a screen: (keys, action), the screen's own first, then those it falls
    /// back to.
    pub fn help(&self, scope: Scope) -> Vec<(String, Action)> {
        std::iter::once(scope)
            .chain(falls_back_to(scope).iter().copied())
            .flat_map(|s| self.bindings.iter().filter(move |b| b.scope == s))
            .map(|b| {
                let keys = b
                    .keys
                    .iter()
                    .map(Chord::to_string)
                    .collect::<Vec<_>>()
                    .join(" ");
                (keys, b.action)
            })
            .collect()
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
    fn every_action_has_a_key_that_help_shows() {
        let map = KeyMap::default();
        let all = crate::config::ACTIONS
            .iter()
            .map(|(a, _)| *a)
            .chain([Action::TypeDigit]);
        for action in all {
            let shown = crate::config::SCOPES.iter().any(|(scope, _)| {
                map.help(*scope)
                    .iter()
                    .any(|(k, a)| *a == action && !k.is_empty())
            });
            assert!(shown, "{action:?} has no key in any screen's help");
        }
    }

    /// A key event that the chord describes (a digit for the digits).
    fn event(chord: &Chord) -> KeyEvent {
        let code = match chord.name {
            KeyName::Char(c) => KeyCode::Char(c),
            KeyName::Digit => KeyCode::Char('7'),
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
        let mut mods = KeyModifiers::NONE;
        mods.set(KeyModifiers::CONTROL, chord.ctrl);
        mods.set(KeyModifiers::ALT, chord.alt);
        mods.set(KeyModifiers::SHIFT, chord.shift);
        key(code, mods)
    }

    #[test]
    fn every_key_help_shows_does_what_help_says() {
        let map = KeyMap::default();
        for (scope, _) in crate::config::SCOPES {
            let shown = std::iter::once(*scope).chain(falls_back_to(*scope).iter().copied());
            for b in shown.flat_map(|s| map.bindings.iter().filter(move |b| b.scope == s)) {
                // Enter is listed twice on a form: it saves, and a multi-line field takes it as a
                // line break (the field sees it first).
                if (b.scope, b.action) == (Scope::Form, Action::NewLine) {
                    continue;
                }
                for chord in &b.keys {
                    assert_eq!(
                        map.action(*scope, &event(chord), false),
                        Some(b.action),
                        "{chord} on {}",
                        scope.name()
                    );
                }
            }
        }
    }

    #[test]
    fn a_popup_takes_every_key_and_lists_its_own() {
        let map = KeyMap::default();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Scope::Confirm, &q, false), None);
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(map.action(Scope::History, &f1, false), Some(Action::Help));
        let help = map.help(Scope::Confirm);
        assert!(help
            .iter()
            .any(|(k, a)| *a == Action::Yes && k == "y c Enter"));
        assert!(help.iter().all(|(_, a)| *a != Action::Quit));
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
        assert!(help
            .iter()
            .any(|(k, a)| *a == Action::PageDown && k == "PgDn"));
    }
}
