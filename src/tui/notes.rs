//! `;` (or `N`) on a cell of the Assessments grid: its note in a one-line editor — prefilled,
//! Enter saves through `services::notes` (the value's rights and lock, one audited transaction),
//! an emptied text removes the note, Esc leaves it as it was. `!` flags the cell for follow-up.
//! The grid marks a noted cell with [`NOTE_MARK`] and a flagged one with [`FOLLOW_UP_MARK`] after
//! its figure, and its detail line shows the focused cell's note.

use super::context::Ctx;
use super::strings::fill;
use super::ui::{centered, fit};
use crate::domain::Field;
use crate::error::Result;
use crate::services::notes::{self, NoteChange};
use crate::store::Source;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// After the figure of a cell with a note (and no follow-up flag).
pub const NOTE_MARK: &str = "•";
/// After the figure of a cell flagged for follow-up (with or without a note).
pub const FOLLOW_UP_MARK: &str = "*";

/// The mark after a cell's figure, if it has a note or a flag.
pub fn mark(ctx: &Ctx, code: &str, field: Field) -> Option<&'static str> {
    let n = ctx.note(code, field)?;
    Some(if n.follow_up {
        FOLLOW_UP_MARK
    } else {
        NOTE_MARK
    })
}

/// The editor of one cell's note.
pub struct NoteEditor {
    pub year: i32,
    pub code: String,
    pub field: Field,
    input: Input,
}

/// What a key did to the editor.
pub enum NoteOutcome {
    Open,
    Cancel,
    Save,
}

impl NoteEditor {
    /// The editor of the cell, prefilled with its note.
    pub fn open(ctx: &Ctx, code: &str, field: Field) -> NoteEditor {
        let text = ctx
            .note(code, field)
            .map(|n| n.note.clone())
            .unwrap_or_default();
        NoteEditor {
            year: ctx.year,
            code: code.to_string(),
            field,
            input: Input::new(text),
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Enter saves, Esc cancels; any other key edits the text.
    pub fn handle(&mut self, action: Option<super::keymap::Action>, key: &KeyEvent) -> NoteOutcome {
        use super::keymap::Action;
        match action {
            Some(Action::Commit) => NoteOutcome::Save,
            Some(Action::Abandon) => NoteOutcome::Cancel,
            _ => {
                self.input.handle_event(&crossterm::event::Event::Key(*key));
                NoteOutcome::Open
            }
        }
    }

    /// Writes the text as the cell's note, waiting for another session's write lock only as long
    /// as a cell's commit does (behind it the refusal says so, and the editor stays open).
    pub fn save(&self, ctx: &mut Ctx) -> Result<NoteChange> {
        let (year, code, field, text) = (self.year, &self.code, self.field, self.text());
        super::commits::with_wait(&mut ctx.store, super::commits::COMMIT_WAIT, |store| {
            notes::set_note(store, Source::Tui, year, code, field, text)
        })
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let n = ctx.s().notes;
        let unit = ctx
            .view
            .locality(&self.code)
            .map_or(self.code.as_str(), |l| l.name.as_str());
        let title = fill(
            n.editor_title,
            &[unit, ctx.field_label(self.field), &self.year.to_string()],
        );
        let rect = centered(area, 76, 5);
        let inner_w = rect.width.saturating_sub(2) as usize;
        // "› " and the text, scrolled sideways so that the cursor stays in view.
        let text_w = inner_w.saturating_sub(3).max(1);
        let scroll = self.input.visual_scroll(text_w);
        let flagged = ctx
            .note(&self.code, self.field)
            .is_some_and(|v| v.follow_up);
        let lines = vec![
            Line::from(format!("› {}", visible(self.input.value(), scroll, text_w))),
            Line::from(if flagged {
                format!("{FOLLOW_UP_MARK} {}", n.follow_up)
            } else {
                String::new()
            }),
            Line::from(fit(n.editor_keys, inner_w)),
        ];
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", fit(&title, inner_w.saturating_sub(2))))
            .style(ctx.theme.popup);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(lines).block(block), rect);
        let x = rect.x + 3 + (self.input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(
            x.min(rect.right().saturating_sub(2)),
            rect.y + 1,
        ));
    }
}

/// The part of `text` from display column `from`, at most `width` columns wide.
fn visible(text: &str, from: usize, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut col = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if col >= from {
            if col + w > from + width {
                break;
            }
            out.push(c);
        }
        col += w;
    }
    out
}

/// The status line after a note was saved: saved, removed, or unchanged.
pub fn saved_message(ctx: &Ctx, change: &NoteChange) -> String {
    let n = ctx.s().notes;
    if !change.written || change.old.note == change.new.note {
        return n.unchanged.to_string();
    }
    let template = if change.new.note.is_empty() {
        n.cleared
    } else {
        n.saved
    };
    fill(
        template,
        &cell_words(ctx, &change.new.locality_code, change.new.field),
    )
    .to_string()
}

/// The unit's name and the field's label.
pub fn cell_words<'a>(ctx: &'a Ctx, code: &'a str, field: Field) -> [&'a str; 2] {
    let unit = ctx.view.locality(code).map_or(code, |l| l.name.as_str());
    [unit, ctx.field_label(field)]
}
