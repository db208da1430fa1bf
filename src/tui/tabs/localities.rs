//! The Localities tab: the tree province → districts → communes valid in the report year, with
//! validity and the year's recognition at a glance, filtered as you type (diacritic-insensitive).
//! Past years show the units valid then (2019: 159 communes; 2020: 151).

use super::{fit, pad, pad_left, scroll_to, Outcome, TabId};
use crate::domain::{Category, Level};
use crate::text::{fold, format_date};
use crate::tui::context::Ctx;
use crate::tui::keymap::Action;
use crate::tui::strings::fill;
use crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

#[derive(Debug, Clone)]
struct TreeRow {
    code: String,
    depth: usize,
    /// Folded "name code" for the filter.
    key: String,
    /// Index of the parent row in `all`, for keeping ancestors of a match.
    parent: Option<usize>,
}

pub struct LocalitiesTab {
    /// Every unit of the year in tree order.
    all: Vec<TreeRow>,
    /// Indices into `all` that pass the filter.
    shown: Vec<usize>,
    cursor: usize,
    scroll: usize,
    filter: Input,
    filtering: bool,
}

impl LocalitiesTab {
    pub fn new(_ctx: &Ctx) -> LocalitiesTab {
        LocalitiesTab {
            all: Vec::new(),
            shown: Vec::new(),
            cursor: 0,
            scroll: 0,
            filter: Input::default(),
            filtering: false,
        }
    }

    pub fn text_input(&self) -> bool {
        self.filtering
    }

    pub fn sync(&mut self, ctx: &Ctx) {
        let keep = self.current_code().map(str::to_string);
        let tree = ctx.view.tree();
        let mut all = Vec::with_capacity(tree.len());
        fn push(
            all: &mut Vec<TreeRow>,
            tree: &crate::domain::aggregate::YearTree<'_>,
            position: usize,
            depth: usize,
            parent: Option<usize>,
        ) {
            let l = tree.locality(position);
            let index = all.len();
            all.push(TreeRow {
                code: l.code.clone(),
                depth,
                key: fold(&format!("{} {}", l.name, l.code)),
                parent,
            });
            for &child in tree.children(position) {
                push(all, tree, child, depth + 1, Some(index));
            }
        }
        // Roots: the province, and anything whose parent is missing (summed nowhere, still shown).
        for position in 0..tree.len() {
            if tree.parent(position).is_none() {
                push(&mut all, tree, position, 0, None);
            }
        }
        self.all = all;
        self.refilter();
        if let Some(code) = keep {
            self.focus_code(&code);
        }
        self.follow(ctx);
    }

    fn refilter(&mut self) {
        let query = fold(self.filter.value().trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            self.shown = (0..self.all.len()).collect();
        } else {
            let mut keep = vec![false; self.all.len()];
            for (i, row) in self.all.iter().enumerate() {
                if row.code.starts_with(&query) || words.iter().all(|w| row.key.contains(w)) {
                    keep[i] = true;
                    let mut up = row.parent;
                    while let Some(p) = up {
                        keep[p] = true;
                        up = self.all[p].parent;
                    }
                }
            }
            self.shown = (0..self.all.len()).filter(|&i| keep[i]).collect();
        }
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    fn current_code(&self) -> Option<&str> {
        self.shown
            .get(self.cursor)
            .map(|&i| self.all[i].code.as_str())
    }

    fn focus_code(&mut self, code: &str) {
        if let Some(n) = self.shown.iter().position(|&i| self.all[i].code == code) {
            self.cursor = n;
        }
    }

    pub fn focus_locality(&mut self, ctx: &Ctx, code: &str) {
        self.focus_code(code);
        self.follow(ctx);
    }

    fn body_rows(ctx: &Ctx) -> usize {
        // header, tab bar, status bar, filter line, column heads
        ctx.size.1.saturating_sub(5) as usize
    }

    fn follow(&mut self, ctx: &Ctx) {
        self.scroll = scroll_to(self.cursor, self.scroll, Self::body_rows(ctx));
    }

    pub fn handle(&mut self, ctx: &mut Ctx, action: Option<Action>, key: &KeyEvent) -> Outcome {
        let last = self.shown.len().saturating_sub(1);
        let page = Self::body_rows(ctx).max(1);
        match action {
            Some(Action::Find) => self.filtering = true,
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(last),
            Some(Action::PageUp) => self.cursor = self.cursor.saturating_sub(page),
            Some(Action::PageDown) => self.cursor = (self.cursor + page).min(last),
            Some(Action::Home) => self.cursor = 0,
            Some(Action::End) => self.cursor = last,
            Some(Action::Abandon) if self.filtering || !self.filter.value().is_empty() => {
                self.filtering = false;
                self.filter.reset();
                self.refilter();
            }
            Some(Action::Commit) => {
                if self.filtering {
                    self.filtering = false;
                } else if let Some(code) = self.current_code() {
                    let is_unit = ctx
                        .view
                        .locality(code)
                        .is_some_and(|l| l.level != Level::Province);
                    if is_unit {
                        return Outcome::Navigate {
                            tab: TabId::Assessments,
                            locality: code.to_string(),
                        };
                    }
                }
            }
            _ if self.filtering => {
                let before = self.filter.value().to_string();
                self.filter.handle_event(&Event::Key(*key));
                if self.filter.value() != before {
                    self.cursor = 0;
                    self.refilter();
                }
            }
            _ => {}
        }
        self.follow(ctx);
        Outcome::None
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let s = ctx.s();
        let theme = &ctx.theme;
        let width = area.width as usize;
        let wide = area.width >= 110;
        let (code_w, level_w, valid_w, recog_w) = if wide {
            (7, 10, 23, 30)
        } else {
            (6, 8, 21, 17)
        };
        let name_w = width.saturating_sub(code_w + level_w + valid_w + recog_w + 5);
        let mut lines: Vec<Line> = Vec::with_capacity(area.height as usize);
        let filter_text = format!(
            "{} {}{}   {}",
            s.filter_label,
            self.filter.value(),
            if self.filtering { "▏" } else { "" },
            fill(s.units_n, &[&self.shown.len().to_string()])
        );
        lines.push(Line::from(fit(&filter_text, width)));
        lines.push(Line::styled(
            fit(
                &format!(
                    " {} {} {} {} {}",
                    pad(s.col_code, code_w - 1),
                    pad(s.col_name, name_w),
                    pad(s.col_level, level_w),
                    pad(s.col_validity, valid_w),
                    s.col_recognition
                ),
                width,
            ),
            theme.column_head,
        ));
        let body = Self::body_rows_for(area);
        let tree = ctx.view.tree();
        for (n, &i) in self.shown.iter().enumerate().skip(self.scroll).take(body) {
            let row = &self.all[i];
            let Some(position) = tree.position(&row.code) else {
                continue;
            };
            let l = tree.locality(position);
            let level = match l.level {
                Level::Province => s.level_province,
                Level::District => s.level_district,
                Level::Commune => s.level_commune,
            };
            let validity = match (l.valid_from, l.valid_to) {
                (None, None) => String::new(),
                (from, to) => format!(
                    "{}–{}",
                    from.map(format_date).unwrap_or_default(),
                    to.map(format_date).unwrap_or_default()
                ),
            };
            let recognition = match l.level {
                Level::Commune => match tree.row(position).and_then(|a| a.commune_recognized) {
                    Some(true) => format!("✓ {}", s.recognized_short),
                    Some(false) => format!("✗ {}", s.not_recognized_short),
                    None => "·".to_string(),
                },
                _ => {
                    let t = tree.totals(position);
                    let ra = t.get(Category::ResidentialAreas);
                    let communes = t.get(Category::Communes);
                    let share = ra
                        .share()
                        .map(|v| crate::text::format_share(v, ctx.lang))
                        .unwrap_or_else(|| "·".into());
                    format!(
                        "{} {share} · {}/{}",
                        s.cat_residential, communes.recognized, communes.total
                    )
                }
            };
            let name = format!("{}{}", "  ".repeat(row.depth), l.name);
            let focused = n == self.cursor;
            let text = format!(
                "{}{} {} {} {} {}",
                if focused { "›" } else { " " },
                pad(&l.code, code_w - 1),
                pad(&name, name_w),
                pad(level, level_w),
                pad(&validity, valid_w),
                fit(&recognition, recog_w)
            );
            let style = if focused {
                theme.focus
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        if self.shown.is_empty() {
            lines.push(Line::styled(pad_left("", 1) + s.goto_none, theme.muted));
        }
        frame.render_widget(Paragraph::new(lines), area);
        if self.filtering {
            let x = area.x
                + (unicode_width::UnicodeWidthStr::width(s.filter_label)
                    + 1
                    + self.filter.visual_cursor()) as u16;
            frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        } else if !self.shown.is_empty() {
            let y = area.y + 2 + (self.cursor.saturating_sub(self.scroll)) as u16;
            frame.set_cursor_position(Position::new(
                area.x,
                y.min(area.bottom().saturating_sub(1)),
            ));
        }
    }

    fn body_rows_for(area: Rect) -> usize {
        area.height.saturating_sub(2) as usize
    }
}
