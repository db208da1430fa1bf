//! The Awards tab (placeholder while the form is built).

use super::Outcome;
use crate::tui::context::Ctx;
use crate::tui::keymap::{Action, Scope};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct AwardsTab {}

impl AwardsTab {
    pub fn new(_ctx: &Ctx) -> AwardsTab {
        AwardsTab {}
    }

    pub fn scope(&self) -> (Scope, bool) {
        (Scope::Awards, false)
    }

    pub fn has_form(&self) -> bool {
        false
    }

    pub fn sync(&mut self, _ctx: &Ctx) {}

    pub fn handle(&mut self, _ctx: &mut Ctx, _action: Option<Action>, _key: &KeyEvent) -> Outcome {
        Outcome::None
    }

    pub fn render(&self, _ctx: &Ctx, _frame: &mut Frame, _area: Rect) {}
}
