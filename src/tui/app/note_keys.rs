//! The App's side of a value's note: `;` opens the focused cell's note editor, `!` flags the cell
//! for follow-up or takes the flag off; both refused, with the sentence a typed value gets, where
//! the value itself may not be changed. Each change is one step of the undo stack (Ctrl-Z).

use super::App;
use crate::domain::Field;
use crate::services::notes;
use crate::store::Source;
use crate::tui::keymap::Action;
use crate::tui::notes::{cell_words, saved_message, NoteEditor, NoteOutcome};
use crate::tui::popups::Popup;
use crate::tui::strings::fill;
use crate::tui::tabs::TabId;
use crossterm::event::KeyEvent;

impl App {
    /// The note keys of the grid. True when the key was taken.
    pub(super) fn note_key(&mut self, action: Option<Action>) -> bool {
        if self.tab != TabId::Assessments || self.years.is_some() {
            return false;
        }
        match action {
            Some(Action::Note) => {
                if let Some((code, field)) = self.note_cell() {
                    self.popup = Some(Popup::Note(NoteEditor::open(&self.ctx, &code, field)));
                }
            }
            Some(Action::FollowUp) => {
                if let Some((code, field)) = self.note_cell() {
                    self.toggle_follow_up(&code, field);
                }
            }
            _ => return false,
        }
        true
    }

    /// The focused cell, once the value being typed is settled, if this user may change it; else
    /// the reason is in the status bar.
    fn note_cell(&mut self) -> Option<(String, Field)> {
        if !self.settle_edit() {
            return None;
        }
        let Some((code, field)) = self.assessments.focused_cell() else {
            self.ctx.error(self.ctx.s().summary_row_refused);
            return None;
        };
        if let Some(why) = self.ctx.edit_refusal(&code) {
            self.ctx.error(why);
            return None;
        }
        Some((code, field))
    }

    fn toggle_follow_up(&mut self, code: &str, field: Field) {
        let on = !self.ctx.note(code, field).is_some_and(|n| n.follow_up);
        let (year, n) = (self.ctx.year, self.ctx.s().notes);
        let result = crate::tui::commits::with_wait(
            &mut self.ctx.store,
            crate::tui::commits::COMMIT_WAIT,
            |store| notes::set_follow_up(store, Source::Tui, year, code, field, on),
        );
        match result {
            Ok(change) => {
                let said = fill(
                    if on { n.flagged } else { n.unflagged },
                    &cell_words(&self.ctx, code, field),
                );
                if change.written {
                    self.ctx.undo.record_note(change.old, change.new.clone());
                }
                self.ctx.show_note(change.new);
                self.ctx.info(said);
            }
            Err(e) => self.ctx.error(e.render(self.ctx.lang)),
        }
    }

    /// A key on the note editor: Enter saves (the editor stays open with the reason if refused),
    /// Esc leaves the note as it was.
    pub(super) fn handle_note_popup(
        &mut self,
        mut editor: NoteEditor,
        action: Option<Action>,
        key: &KeyEvent,
    ) {
        match editor.handle(action, key) {
            NoteOutcome::Cancel => {}
            NoteOutcome::Open => self.popup = Some(Popup::Note(editor)),
            NoteOutcome::Save => match editor.save(&mut self.ctx) {
                Ok(change) => {
                    let said = saved_message(&self.ctx, &change);
                    if change.written {
                        self.ctx.undo.record_note(change.old, change.new.clone());
                    }
                    self.ctx.show_note(change.new);
                    self.ctx.info(said);
                }
                Err(e) => {
                    self.ctx.error(e.render(self.ctx.lang));
                    self.popup = Some(Popup::Note(editor));
                }
            },
        }
    }
}
