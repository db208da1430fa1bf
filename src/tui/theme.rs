//! All styling in one place, with a no-colour twin. State is never shown by colour alone: every
//! error carries "✗", every warning "!", the focused cell the terminal cursor and a "›" row marker,
//! so the plain theme (NO_COLOR, where crossterm also drops bold and reverse) loses nothing.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub header: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub column_head: Style,
    pub focus: Style,
    pub editing: Style,
    pub computed: Style,
    pub totals: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub muted: Style,
    pub status: Style,
    pub popup: Style,
    /// True for the no-colour twin (markers carry all meaning).
    pub plain: bool,
}

impl Theme {
    /// For 16-colour and better terminals: only the 16 basic colours, so it reads everywhere.
    pub fn color() -> Theme {
        Theme {
            base: Style::default(),
            header: Style::default().fg(Color::Black).bg(Color::Cyan),
            tab: Style::default(),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            column_head: Style::default().add_modifier(Modifier::BOLD),
            focus: Style::default().add_modifier(Modifier::REVERSED),
            editing: Style::default().fg(Color::Black).bg(Color::Yellow),
            computed: Style::default().fg(Color::DarkGray),
            totals: Style::default().add_modifier(Modifier::BOLD),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::default().fg(Color::Yellow),
            ok: Style::default().fg(Color::Green),
            muted: Style::default().fg(Color::DarkGray),
            status: Style::default().fg(Color::Black).bg(Color::Gray),
            popup: Style::default(),
            plain: false,
        }
    }

    /// The no-colour twin: no colours and no attributes at all.
    pub fn plain() -> Theme {
        let none = Style::default();
        Theme {
            base: none,
            header: none,
            tab: none,
            tab_active: none,
            column_head: none,
            focus: none,
            editing: none,
            computed: none,
            totals: none,
            error: none,
            warning: none,
            ok: none,
            muted: none,
            status: none,
            popup: none,
            plain: true,
        }
    }

    /// NO_COLOR (any non-empty value, see no-color.org) selects the plain theme.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }
}
