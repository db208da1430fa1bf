//! A small form: labelled fields, each a pick list or a line of text, one focused at a time. Used by
//! the Limitations and Awards tabs. Text is edited by grapheme with the cursor in display columns
//! (tui-input), so Vietnamese typed through an IME — decomposed or not, with Backspace bursts —
//! edits as the clerk sees it; it is normalised to NFC when saved. A multi-line field
//! ([`text_area::TextArea`]) takes Enter as a line break and Up/Down as moves between its lines
//! (leaving the field at its first/last line); the form is then saved with the form's other save key
//! (Ctrl-S).

pub mod text_area;

use super::keymap::Action;
use super::theme::Theme;
use super::ui::{fit, pad};
use crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use text_area::{KeyEffect, TextArea};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

pub enum FieldKind {
    /// (code, label) options and the chosen index.
    Pick(Vec<(String, String)>, usize),
    Text(Input),
    /// A multi-line text and the rows it is given on screen.
    Area(Box<TextArea>, u16),
}

pub struct FormField {
    pub label: String,
    pub kind: FieldKind,
}

impl FormField {
    pub fn pick(label: &str, options: Vec<(String, String)>, chosen: &str) -> FormField {
        let index = options.iter().position(|(c, _)| c == chosen).unwrap_or(0);
        FormField {
            label: label.to_string(),
            kind: FieldKind::Pick(options, index),
        }
    }

    pub fn text(label: &str, value: &str) -> FormField {
        FormField {
            label: label.to_string(),
            kind: FieldKind::Text(Input::new(value.to_string())),
        }
    }

    /// A multi-line text field shown on `rows` rows (soft-wrapped, scrolled to the cursor).
    pub fn multiline(label: &str, value: &str, rows: u16) -> FormField {
        FormField {
            label: label.to_string(),
            kind: FieldKind::Area(Box::new(TextArea::new(value)), rows.max(1)),
        }
    }

    fn height(&self) -> u16 {
        match &self.kind {
            FieldKind::Area(_, rows) => *rows,
            _ => 1,
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormResult {
    /// Still open; `changed` when a value changed (live checks re-run).
    Open {
        changed: bool,
    },
    Save,
    Cancel,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
}

impl Form {
    pub fn new(title: &str, fields: Vec<FormField>) -> Form {
        Form {
            title: title.to_string(),
            fields,
            focus: 0,
        }
    }

    /// A text field has the focus: printable keys are text, not commands.
    pub fn text_input(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text(_) | FieldKind::Area(..))
        )
    }

    /// A multi-line field has the focus: Enter breaks the line instead of saving.
    pub fn multiline_focused(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Area(..))
        )
    }

    /// The chosen code of a pick field, or the text of a text field.
    pub fn value(&self, index: usize) -> String {
        match self.fields.get(index).map(|f| &f.kind) {
            Some(FieldKind::Pick(options, i)) => {
                options.get(*i).map(|o| o.0.clone()).unwrap_or_default()
            }
            Some(FieldKind::Text(input)) => input.value().to_string(),
            Some(FieldKind::Area(area, _)) => area.value(),
            None => String::new(),
        }
    }

    pub fn set_text(&mut self, index: usize, value: &str) {
        match self.fields.get_mut(index).map(|f| &mut f.kind) {
            Some(FieldKind::Text(input)) => *input = Input::new(value.to_string()),
            Some(FieldKind::Area(area, _)) => **area = TextArea::new(value),
            _ => {}
        }
    }

    /// Pasted text into the focused text field in one edit (see `App::handle_paste`); line breaks
    /// stay only in a multi-line field. False when the focus is on a pick list.
    pub fn paste(&mut self, text: &str) -> bool {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Area(area, _)) => {
                area.insert_text(text);
                true
            }
            Some(FieldKind::Text(input)) => {
                let value = input.value();
                let at = value
                    .char_indices()
                    .nth(input.cursor())
                    .map_or(value.len(), |(b, _)| b);
                let line = text.replace(['\n', '\t'], " ");
                let joined = format!("{}{line}{}", &value[..at], &value[at..]);
                let cursor = input.cursor() + line.chars().count();
                *input = Input::new(joined).with_cursor(cursor);
                true
            }
            _ => false,
        }
    }

    /// An action of the form screen; a key no action names edits the focused field.
    pub fn handle(&mut self, action: Option<Action>, key: &KeyEvent) -> FormResult {
        let n = self.fields.len().max(1);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormResult::Open { changed: false };
        };
        // A multi-line field first sees the keys that move or save elsewhere: Enter breaks the
        // line there and ↑/↓ move between its lines (leaving it only from the first/last line);
        // the keys it does not take (Tab, Ctrl-S…) act on the form.
        if let FieldKind::Area(area, _) = &mut field.kind {
            if matches!(
                action,
                Some(Action::Commit | Action::NewLine | Action::NextField | Action::PrevField)
            ) {
                match area.handle_key(key) {
                    KeyEffect::Changed => return FormResult::Open { changed: true },
                    KeyEffect::LeaveDown => self.focus = (self.focus + 1) % n,
                    KeyEffect::LeaveUp => self.focus = (self.focus + n - 1) % n,
                    KeyEffect::Moved => {}
                    KeyEffect::Ignored => return self.act(action),
                }
                return FormResult::Open { changed: false };
            }
        }
        match (&mut field.kind, action) {
            (FieldKind::Pick(options, i), Some(Action::NextChoice | Action::PrevChoice)) => {
                let len = options.len().max(1);
                *i = if action == Some(Action::NextChoice) {
                    (*i + 1) % len
                } else {
                    (*i + len - 1) % len
                };
                FormResult::Open { changed: true }
            }
            (FieldKind::Text(input), None | Some(Action::NextChoice | Action::PrevChoice)) => {
                let before = input.value().to_string();
                input.handle_event(&Event::Key(*key));
                FormResult::Open {
                    changed: input.value() != before,
                }
            }
            (FieldKind::Area(area, _), None | Some(Action::NextChoice | Action::PrevChoice)) => {
                FormResult::Open {
                    changed: area.handle_key(key) == KeyEffect::Changed,
                }
            }
            _ => self.act(action),
        }
    }

    /// What the form's own actions do, whatever the field.
    fn act(&mut self, action: Option<Action>) -> FormResult {
        let n = self.fields.len().max(1);
        match action {
            Some(Action::Abandon) => return FormResult::Cancel,
            Some(Action::Commit) => return FormResult::Save,
            Some(Action::NextField) => self.focus = (self.focus + 1) % n,
            Some(Action::PrevField) => self.focus = (self.focus + n - 1) % n,
            _ => {}
        }
        FormResult::Open { changed: false }
    }

    /// Draws the form in a box over `area`, with `notes` (findings, hints) under the fields.
    pub fn render(&self, theme: &Theme, frame: &mut Frame, area: Rect, notes: &[(String, Style)]) {
        let rows: u16 = self.fields.iter().map(FormField::height).sum();
        let height = rows + notes.len() as u16 + 3;
        let rect = Rect {
            x: area.x + 1,
            y: area.y + area.height.saturating_sub(height) / 2,
            width: area.width.saturating_sub(2),
            height: height.min(area.height),
        };
        let inner_w = rect.width.saturating_sub(2) as usize;
        let label_w = self
            .fields
            .iter()
            .map(|f| unicode_width::UnicodeWidthStr::width(f.label.as_str()))
            .max()
            .unwrap_or(8)
            .min(20);
        let value_w = inner_w.saturating_sub(label_w + 3);
        let mut lines: Vec<Line> = Vec::with_capacity(rect.height as usize);
        let mut cursor = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let mark = if focused { "›" } else { " " };
            let style = if focused {
                theme.focus
            } else {
                Style::default()
            };
            if let FieldKind::Area(area, rows) = &f.kind {
                let rows = *rows as usize;
                let layout = area.layout(value_w);
                // Scrolled so that the cursor's row is shown; the first rows when not focused.
                let top = if focused {
                    layout.cursor.0.saturating_sub(rows - 1)
                } else {
                    0
                };
                if focused {
                    let x = rect.x + 1 + (label_w + 2 + layout.cursor.1) as u16;
                    let y = rect.y + 1 + (lines.len() + layout.cursor.0 - top) as u16;
                    cursor = Some(Position::new(x, y));
                }
                let more = layout.rows.len() > top + rows;
                for r in 0..rows {
                    let mut text = layout.rows.get(top + r).cloned().unwrap_or_default();
                    if r + 1 == rows && more {
                        text = format!("{} …", fit(&text, value_w.saturating_sub(2)));
                    }
                    let label = if r == 0 { f.label.as_str() } else { "" };
                    let mark = if r == 0 { mark } else { " " };
                    lines.push(Line::styled(
                        format!("{mark}{} {}", pad(label, label_w), pad(&text, value_w + 1)),
                        style,
                    ));
                }
                continue;
            }
            let value = match &f.kind {
                FieldKind::Pick(options, index) => {
                    let label = options.get(*index).map(|o| o.1.as_str()).unwrap_or("");
                    fit(&format!("◂ {label} ▸"), value_w)
                }
                FieldKind::Text(input) => {
                    let scroll = input.visual_scroll(value_w.saturating_sub(1));
                    if focused {
                        let x = rect.x
                            + 1
                            + (label_w + 2) as u16
                            + (input.visual_cursor().saturating_sub(scroll)) as u16;
                        cursor = Some(Position::new(x, rect.y + 1 + lines.len() as u16));
                    }
                    visible_slice(input.value(), scroll, value_w)
                }
                FieldKind::Area(..) => String::new(),
            };
            lines.push(Line::styled(
                format!(
                    "{mark}{} {}",
                    pad(&f.label, label_w),
                    pad(&value, value_w + 1)
                ),
                style,
            ));
        }
        lines.push(Line::from("─".repeat(inner_w)));
        for (text, style) in notes {
            lines.push(Line::styled(fit(text, inner_w), *style));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", self.title))
            .style(theme.popup);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(lines).block(block), rect);
        if let Some(p) = cursor {
            frame.set_cursor_position(p);
        }
    }
}

/// The part of `s` from display column `from`, at most `width` columns.
fn visible_slice(s: &str, from: usize, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    let mut col = 0;
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if col >= from {
            if used + w > width {
                break;
            }
            out.push_str(g);
            used += w;
        }
        col += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn picks_cycle_and_text_edits_by_grapheme() {
        let mut form = Form::new(
            "t",
            vec![
                FormField::pick(
                    "a",
                    vec![("x".into(), "X".into()), ("y".into(), "Y".into())],
                    "y",
                ),
                FormField::text("b", "Hu\u{031b}ng"),
            ],
        );
        assert_eq!(form.value(0), "y");
        form.handle(Some(Action::NextChoice), &key(KeyCode::Right));
        assert_eq!(form.value(0), "x");
        form.handle(Some(Action::NextField), &key(KeyCode::Tab));
        assert!(form.text_input());
        // One Backspace removes the decomposed "ư" … no: the last grapheme, "g".
        form.handle(None, &key(KeyCode::Backspace));
        assert_eq!(form.value(1), "Hu\u{031b}n");
        form.handle(None, &key(KeyCode::Backspace));
        form.handle(None, &key(KeyCode::Backspace));
        assert_eq!(form.value(1), "H", "the decomposed ư goes as one grapheme");
    }

    #[test]
    fn a_paste_lands_at_the_cursor_in_one_edit_and_a_one_line_field_keeps_one_line() {
        let mut form = Form::new(
            "t",
            vec![
                FormField::pick("a", vec![("x".into(), "X".into())], "x"),
                FormField::text("b", "Hải Vạn"),
                FormField::multiline("c", "đầu", 3),
            ],
        );
        assert!(!form.paste("z"), "a pick list takes no paste");
        form.handle(Some(Action::NextField), &key(KeyCode::Tab));
        form.handle(None, &key(KeyCode::Left));
        form.handle(None, &key(KeyCode::Left));
        form.handle(None, &key(KeyCode::Left));
        assert!(form.paste("Xã\nmới\t"));
        assert_eq!(form.value(1), "Hải Xã mới Vạn");
        form.handle(None, &key(KeyCode::Char('!')));
        assert_eq!(
            form.value(1),
            "Hải Xã mới !Vạn",
            "the cursor stands after the paste"
        );
        form.handle(Some(Action::NextField), &key(KeyCode::Tab));
        assert!(form.paste("\nhai"));
        assert_eq!(form.value(2), "đầu\nhai");
    }

    #[test]
    fn visible_slice_counts_columns() {
        assert_eq!(visible_slice("abcdef", 2, 3), "cde");
        assert_eq!(visible_slice("Hu\u{031b}ng", 1, 2), "u\u{031b}n");
    }
}
