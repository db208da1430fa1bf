//! The Localities tab: the tree province → districts → communes valid in the report year, with
//! validity and the year's recognition at a glance, filtered as you type (diacritic-insensitive).
//! Past years show the units valid then (2019: 159 communes; 2020: 151). A province user adds,
//! renames and closes units and records mergers here, through the shared locality services (audited);
//! a merger names the merged units as the successor's predecessors.

use super::{Outcome, TabId};
use crate::domain::aggregate::{Totals, YearTree};
use crate::domain::{units_date, Category, Level, Locality, YearData};
use crate::services::localities as locality_service;
use crate::store::Source;
use crate::text::{fold, format_date, parse_date};
use crate::tui::context::Ctx;
use crate::tui::form::{Form, FormField, FormResult};
use crate::tui::keymap::{Action, Scope};
use crate::tui::strings::fill;
use crate::tui::ui::{fit, pad, pad_left, scroll_to};
use crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use std::collections::BTreeSet;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

#[derive(Debug, Clone)]
struct TreeRow {
    locality: Locality,
    code: String,
    depth: usize,
    /// The unit's own recognition (a commune), or its subtree's totals.
    recognized: Option<bool>,
    totals: Totals,
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
    /// Units marked for a merger (codes).
    marked: BTreeSet<String>,
    form: Option<(Form, LocalityEdit)>,
}

/// What the open form changes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LocalityEdit {
    Add,
    Rename(String),
    Close(String),
    Merge(Vec<String>),
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
            marked: BTreeSet::new(),
            form: None,
        }
    }

    pub fn scope(&self) -> (Scope, bool) {
        match &self.form {
            Some((form, _)) => (Scope::Form, form.text_input()),
            None => (Scope::Tree, self.filtering),
        }
    }

    /// A multi-line field of the open form has the focus (a pasted line break stays one).
    pub fn multiline_focused(&self) -> bool {
        matches!(&self.form, Some((form, _)) if form.multiline_focused())
    }

    /// A paste into the open form's focused field, in one edit: false without a form.
    pub fn paste(&mut self, text: &str) -> bool {
        self.form.as_mut().is_some_and(|(form, _)| form.paste(text))
    }

    pub fn has_form(&self) -> bool {
        self.form.is_some()
    }

    /// Quit asked to save the open form: true when it was saved (or there was none).
    pub fn save_for_exit(&mut self, ctx: &mut Ctx) -> bool {
        if self.form.is_some() {
            self.save_form(ctx);
        }
        self.form.is_none()
    }

    fn open_form(&mut self, ctx: &Ctx, edit: LocalityEdit) {
        let s = ctx.s();
        let current = self.current().map(|r| r.locality.clone());
        let form = match &edit {
            LocalityEdit::Add => {
                let mut levels = vec![("commune".to_string(), s.level_commune.to_string())];
                // No district is offered in a year that has none: communes sit under the province.
                if !ctx.without_districts() {
                    levels.push(("district".to_string(), s.level_district.to_string()));
                }
                // A new unit goes under the district in focus (or the province for a district).
                let parent = match current.as_ref().map(|l| l.level) {
                    Some(Level::Commune) => current.as_ref().and_then(|l| l.parent_code.clone()),
                    Some(Level::District) => current.as_ref().map(|l| l.code.clone()),
                    _ => ctx.province.clone(),
                };
                Form::new(
                    s.loc_add_title,
                    vec![
                        FormField::text(s.col_code, ""),
                        FormField::text(s.col_name, ""),
                        FormField::pick(s.col_level, levels, "commune"),
                        FormField::text(s.loc_parent, &parent.unwrap_or_default()),
                        FormField::text(s.loc_valid_from, ""),
                    ],
                )
            }
            LocalityEdit::Rename(code) => {
                let name = self
                    .all
                    .iter()
                    .find(|r| &r.code == code)
                    .map(|r| r.locality.name.clone())
                    .unwrap_or_default();
                Form::new(s.loc_rename_title, vec![FormField::text(s.col_name, &name)])
            }
            LocalityEdit::Close(code) => {
                let title = format!("{} — {code}", s.loc_close_title);
                Form::new(&title, vec![FormField::text(s.loc_last_day, "")])
            }
            LocalityEdit::Merge(codes) => {
                let title = fill(s.loc_merge_title, &[&codes.join(", ")]);
                let keep = codes.first().cloned().unwrap_or_default();
                // The successor goes under the units' common parent; units of several parents
                // (the district level gone) merge under the province.
                let parents: BTreeSet<Option<String>> = codes
                    .iter()
                    .filter_map(|c| self.all.iter().find(|r| &r.code == c))
                    .map(|r| r.locality.parent_code.clone())
                    .collect();
                let parent = match parents.into_iter().collect::<Vec<_>>().as_slice() {
                    [Some(common)] => Some(common.clone()),
                    _ => ctx.province.clone(),
                };
                Form::new(
                    &title,
                    vec![
                        FormField::text(s.loc_successor_code, &keep),
                        FormField::text(s.loc_successor_name, ""),
                        FormField::text(s.loc_merge_date, ""),
                        FormField::text(s.loc_parent, &parent.unwrap_or_default()),
                    ],
                )
            }
        };
        self.form = Some((form, edit));
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Outcome {
        let s = ctx.s();
        let Some((form, edit)) = &self.form else {
            return Outcome::None;
        };
        let date = |text: &str| -> Result<chrono::NaiveDate, String> {
            if text.trim().is_empty() {
                return Err(s.loc_date_required.to_string());
            }
            parse_date(text).map_err(|e| e.message(ctx.lang).to_string())
        };
        let on = units_date(ctx.year);
        let result: Result<(), String> = match edit {
            LocalityEdit::Add => {
                let level = Level::parse(&form.value(2)).unwrap_or(Level::Commune);
                let from = form.value(4);
                let valid_from = if from.trim().is_empty() {
                    Ok(None)
                } else {
                    date(&from).map(Some)
                };
                let parent = form.value(3);
                valid_from.and_then(|valid_from| {
                    locality_service::add(
                        &mut ctx.store,
                        &form.value(0),
                        &form.value(1),
                        level,
                        (!parent.trim().is_empty()).then_some(parent.trim()),
                        valid_from,
                        Source::Tui,
                    )
                    .map(|_| ())
                    .map_err(|e| e.render(ctx.lang))
                })
            }
            LocalityEdit::Rename(code) => {
                locality_service::rename(&mut ctx.store, code, on, &form.value(0), Source::Tui)
                    .map_err(|e| e.render(ctx.lang))
            }
            LocalityEdit::Close(code) => date(&form.value(0)).and_then(|last| {
                locality_service::close(&mut ctx.store, code, last, Source::Tui)
                    .map_err(|e| e.render(ctx.lang))
            }),
            LocalityEdit::Merge(codes) => date(&form.value(2)).and_then(|day| {
                let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                let parent = form.value(3);
                locality_service::merge_under(
                    &mut ctx.store,
                    &codes,
                    &form.value(0),
                    &form.value(1),
                    (!parent.trim().is_empty()).then_some(parent.trim()),
                    day,
                    Source::Tui,
                )
                .map(|_| ())
                .map_err(|e| e.render(ctx.lang))
            }),
        };
        match result {
            Ok(()) => {
                if matches!(edit, LocalityEdit::Merge(_)) {
                    self.marked.clear();
                }
                self.form = None;
                ctx.status.saved_at = Some((ctx.clock)());
                ctx.info(s.loc_changed);
                Outcome::ReloadYear
            }
            Err(message) => {
                ctx.error(message);
                Outcome::None
            }
        }
    }

    /// Reads the whole province of the year (the other tabs hold one district only) and lays out
    /// its tree. Called when the tab is shown and when the data changes while it is.
    pub fn sync(&mut self, ctx: &mut Ctx) {
        let keep = self.current_code().map(str::to_string);
        let data = match &ctx.province {
            Some(p) => match ctx.store.province_year(ctx.year, p) {
                Ok(data) => data,
                Err(e) => {
                    ctx.error(e.render(ctx.lang));
                    YearData::default()
                }
            },
            None => YearData::default(),
        };
        let tree = YearTree::new(&data);
        let mut all = Vec::with_capacity(tree.len());
        fn push(
            all: &mut Vec<TreeRow>,
            tree: &YearTree<'_>,
            position: usize,
            depth: usize,
            parent: Option<usize>,
        ) {
            let l = tree.locality(position);
            let index = all.len();
            all.push(TreeRow {
                locality: l.clone(),
                code: l.code.clone(),
                depth,
                recognized: tree.row(position).and_then(|a| a.commune_recognized),
                totals: tree.totals(position),
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
                push(&mut all, &tree, position, 0, None);
            }
        }
        self.all = all;
        self.refilter();
        if let Some(code) = keep {
            self.focus_code(&code);
        }
        self.follow(ctx);
    }

    fn current(&self) -> Option<&TreeRow> {
        self.shown.get(self.cursor).map(|&i| &self.all[i])
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
        if let Some((form, _)) = &mut self.form {
            return match form.handle(action, key) {
                FormResult::Save => self.save_form(ctx),
                FormResult::Cancel => {
                    self.form = None;
                    Outcome::None
                }
                FormResult::Open { .. } => Outcome::None,
            };
        }
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
                } else if let Some(row) = self.current() {
                    // The province opens its own grid (its districts' totals and own units).
                    return Outcome::Navigate {
                        tab: TabId::Assessments,
                        locality: row.code.clone(),
                    };
                }
            }
            Some(Action::New) => self.open_form(ctx, LocalityEdit::Add),
            Some(action @ (Action::Rename | Action::Close | Action::Mark)) => {
                let unit = self
                    .current()
                    .filter(|r| r.locality.level != Level::Province)
                    .map(|r| r.code.clone());
                if let Some(code) = unit {
                    match action {
                        Action::Rename => self.open_form(ctx, LocalityEdit::Rename(code)),
                        Action::Close => self.open_form(ctx, LocalityEdit::Close(code)),
                        _ => {
                            if !self.marked.remove(&code) {
                                self.marked.insert(code);
                            }
                        }
                    }
                }
            }
            Some(Action::Merge) => {
                let mut codes: Vec<String> = self.marked.iter().cloned().collect();
                if codes.is_empty() {
                    codes.extend(self.current_code().map(str::to_string));
                }
                if !codes.is_empty() {
                    self.open_form(ctx, LocalityEdit::Merge(codes));
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
        for (n, &i) in self.shown.iter().enumerate().skip(self.scroll).take(body) {
            let row = &self.all[i];
            let l = &row.locality;
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
                Level::Commune => match row.recognized {
                    Some(true) => format!("✓ {}", s.recognized_short),
                    Some(false) => format!("✗ {}", s.not_recognized_short),
                    None => "·".to_string(),
                },
                _ => {
                    let t = row.totals;
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
            let mark = match (focused, self.marked.contains(&row.code)) {
                (_, true) => "*",
                (true, false) => "›",
                (false, false) => " ",
            };
            let text = format!(
                "{}{} {} {} {} {}",
                mark,
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
        crate::tui::ui::draw_lines(frame, area, &lines);
        if let Some((form, _)) = &self.form {
            form.render(
                theme,
                frame,
                area,
                &[(s.form_keys.to_string(), theme.muted)],
            );
            return;
        }
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
