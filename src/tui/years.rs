//! The Years view (F6 / v): for a scope — the province, a district or a commune — the report years side
//! by side (recognised/total, share with target and ✓/✗ per category, models, commended collectives
//! and individuals, open limitations) and a sparkline per category, so a trend is seen, not read.
//!
//! The figures come from `services::years::overview` (SQL aggregates, the province's years cached in
//! the database): 30 years of one scope are read once when the scope is opened, never per key.

use super::context::{Ctx, FIRST_YEAR};
use super::keymap::Action;
use super::strings::fill;
use super::ui::{fit, pad, pad_left};
use crate::domain::aggregate::Ratio;
use crate::domain::{Category, Level};
use crate::error::Result;
use crate::services::years::{drill_down, overview_of, summed_units, YearFigures};
use crate::text::{format_count, format_ratio, format_share, Lang};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// How many report years are read per scope (the "30 years").
pub const YEARS_LOADED: i32 = 30;
/// Width of one year's column.
const CELL: usize = 11;
/// From this width on the labels get more room.
const WIDE: u16 = 110;
/// The eight heights of a sparkline bar.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Marks a year whose figures are the sum of the scope's predecessors.
const PREDECESSORS_MARK: &str = "Σ";
/// Marks a year whose units are not all entered.
const INCOMPLETE_MARK: &str = "*";
/// At most this many units are listed at once by the drill-down picker.
const PICK_LIST: usize = 14;

/// One level of the drill-down path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeEntry {
    /// The stored version: a code reused by a merged successor names two units.
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: Level,
}

/// Enter: the units one level down, valid in the focused year.
pub struct Picker {
    pub items: Vec<ScopeEntry>,
    pub selected: usize,
}

/// What the Years view asks of the App after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearsOutcome {
    None,
    Close,
    /// Open this year and unit in the Assessments tab.
    Open {
        year: i32,
        code: String,
    },
}

pub struct YearsScreen {
    /// Province first, then the district, then the commune.
    pub path: Vec<ScopeEntry>,
    pub figures: Vec<YearFigures>,
    pub first: i32,
    pub last: i32,
    pub focus: i32,
    /// The newest year shown (the window of columns ends here).
    pub window_end: i32,
    pub picker: Option<Picker>,
}

fn entry(l: &crate::domain::Locality) -> ScopeEntry {
    ScopeEntry {
        id: l.id,
        code: l.code.clone(),
        name: l.name.clone(),
        level: l.level,
    }
}

/// How many year columns fit in `width`.
pub fn columns_for(width: u16) -> usize {
    let label = label_width(width);
    ((width as usize).saturating_sub(1 + label) / (CELL + 1)).max(1)
}

fn label_width(width: u16) -> usize {
    if width >= WIDE {
        18
    } else {
        16
    }
}

impl YearsScreen {
    /// Opens on the district in scope (with the province above it), at the year in view.
    pub fn open(ctx: &Ctx) -> Result<YearsScreen> {
        let mut path = Vec::new();
        if let Some(p) = ctx.view.province() {
            path.push(entry(p));
        }
        if let Some(d) = ctx.district.as_deref().and_then(|d| ctx.view.locality(d)) {
            // With the province itself in scope, it is the whole path.
            if !ctx.province_scope() {
                path.push(entry(d));
            }
        }
        let last = ctx.year.max(ctx.review.current_year.unwrap_or(ctx.year));
        let first = (last - YEARS_LOADED + 1).max(FIRST_YEAR);
        let mut screen = YearsScreen {
            path,
            figures: Vec::new(),
            first,
            last,
            focus: ctx.year,
            window_end: last,
            picker: None,
        };
        screen.reload(ctx)?;
        screen.follow(columns_for(ctx.size.0));
        Ok(screen)
    }

    pub fn scope(&self) -> Option<&ScopeEntry> {
        self.path.last()
    }

    /// Reads the scope's years again (the scope changed, or another process committed).
    pub fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.figures = match self.scope() {
            Some(s) => overview_of(&ctx.store, &ctx.config, s.id, self.first..=self.last)?,
            None => Vec::new(),
        };
        Ok(())
    }

    fn follow(&mut self, columns: usize) {
        let n = columns as i32;
        if self.focus > self.window_end {
            self.window_end = self.focus;
        } else if self.focus <= self.window_end - n {
            self.window_end = self.focus + n - 1;
        }
        self.window_end = self.window_end.clamp(self.first, self.last);
    }

    fn figures_of(&self, year: i32) -> Option<&YearFigures> {
        self.figures.iter().find(|f| f.year == year)
    }

    /// The year shows the sum of the scope's predecessors.
    fn summed(&self, year: i32) -> bool {
        self.figures_of(year).is_some_and(|f| f.from_predecessors)
    }

    /// The year holds figures, but not every unit of the scope is entered.
    fn incomplete(&self, year: i32) -> bool {
        self.figures_of(year).is_some_and(YearFigures::incomplete)
    }

    pub fn handle(&mut self, ctx: &mut Ctx, action: Option<Action>) -> YearsOutcome {
        let columns = columns_for(ctx.size.0);
        match action {
            Some(Action::PrevYear) => self.focus = (self.focus - 1).max(self.first),
            Some(Action::NextYear) => self.focus = (self.focus + 1).min(self.last),
            Some(Action::Home) => {
                // The first year that holds figures, else the first read.
                self.focus = self
                    .figures
                    .iter()
                    .find(|f| f.rows > 0)
                    .map(|f| f.year)
                    .unwrap_or(self.first)
            }
            Some(Action::End) => self.focus = self.last,
            Some(Action::Drill) => self.open_picker(ctx),
            Some(Action::ScopeUp) => {
                if self.path.len() <= 1 {
                    return YearsOutcome::Close;
                }
                self.path.pop();
                if let Err(e) = self.reload(ctx) {
                    ctx.error(e.render(ctx.lang));
                }
            }
            Some(Action::OpenYear) => {
                if let Some(s) = self.scope() {
                    if !self.summed(self.focus) {
                        return YearsOutcome::Open {
                            year: self.focus,
                            code: s.code.clone(),
                        };
                    }
                    if let Some(outcome) = self.open_summed(ctx, s.id) {
                        return outcome;
                    }
                }
            }
            Some(Action::YearsView) => return YearsOutcome::Close,
            _ => {}
        }
        self.follow(columns);
        YearsOutcome::None
    }

    /// `o` on a summed year: the scope did not exist then, so the year opens on the one predecessor
    /// its figures come from; of several, the user picks one (Enter), as a grid shows one unit.
    fn open_summed(&self, ctx: &mut Ctx, scope_id: i64) -> Option<YearsOutcome> {
        let r = ctx.s().review;
        match summed_units(&ctx.store, scope_id, self.focus) {
            Ok(units) => match units.as_slice() {
                [one] => Some(YearsOutcome::Open {
                    year: self.focus,
                    code: one.code.clone(),
                }),
                _ => {
                    let names: Vec<&str> = units.iter().map(|l| l.name.as_str()).collect();
                    ctx.info(fill(
                        r.years_open_summed,
                        &[&self.focus.to_string(), &names.join(", ")],
                    ));
                    None
                }
            },
            Err(e) => {
                ctx.error(e.render(ctx.lang));
                None
            }
        }
    }

    fn open_picker(&mut self, ctx: &mut Ctx) {
        let Some(scope) = self.scope().cloned() else {
            return;
        };
        let r = ctx.s().review;
        // The units of the focused year: before a merged unit began, those its predecessors add up.
        let items: Vec<ScopeEntry> = match drill_down(&ctx.store, scope.id, self.focus) {
            Ok(units) => units.iter().map(entry).collect(),
            Err(e) => {
                ctx.error(e.render(ctx.lang));
                return;
            }
        };
        if items.is_empty() {
            ctx.info(if scope.level == Level::Commune {
                r.years_commune_is_bottom
            } else {
                r.years_pick_none
            });
            return;
        }
        self.picker = Some(Picker { items, selected: 0 });
    }

    /// Keys while the drill-down list is open.
    pub fn handle_picker(&mut self, ctx: &mut Ctx, action: Option<Action>) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let last = picker.items.len().saturating_sub(1);
        match action {
            Some(Action::Up) => picker.selected = picker.selected.saturating_sub(1),
            Some(Action::Down) => picker.selected = (picker.selected + 1).min(last),
            Some(Action::PageUp) => picker.selected = picker.selected.saturating_sub(PICK_LIST),
            Some(Action::PageDown) => picker.selected = (picker.selected + PICK_LIST).min(last),
            Some(Action::Home) => picker.selected = 0,
            Some(Action::End) => picker.selected = last,
            Some(Action::Dismiss) => self.picker = None,
            Some(Action::Drill) => {
                let chosen = picker.items.get(picker.selected).cloned();
                self.picker = None;
                if let Some(chosen) = chosen {
                    self.path.push(chosen);
                    if let Err(e) = self.reload(ctx) {
                        ctx.error(e.render(ctx.lang));
                    }
                }
            }
            _ => {}
        }
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let lines = self.lines(ctx, area.width);
        frame.render_widget(Paragraph::new(lines), area);
        if let Some(picker) = &self.picker {
            self.render_picker(ctx, frame, area, picker);
        }
    }

    /// The years shown: the window ending at `window_end`, as many as fit.
    fn shown_years(&self, width: u16) -> Vec<i32> {
        let n = columns_for(width) as i32;
        // After a resize to fewer columns the focused year must still be shown.
        let end = if self.focus <= self.window_end - n {
            self.focus + n - 1
        } else {
            self.window_end
        };
        let end = end.clamp(self.first, self.last);
        let start = (end - n + 1).max(self.first);
        (start..=end).collect()
    }

    fn lines(&self, ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
        let s = ctx.s();
        let r = s.review;
        let lang = ctx.lang;
        let theme = &ctx.theme;
        let years = self.shown_years(width);
        // A long category name (the communes' in a year without districts) takes the columns left
        // over after the last year, so the years stay as many as fit.
        let spare =
            (width as usize).saturating_sub(1 + label_width(width) + years.len() * (CELL + 1));
        let longest = Category::ALL
            .iter()
            .map(|&c| {
                unicode_width::UnicodeWidthStr::width(
                    self.category_name_in(ctx, c, self.focus).as_str(),
                )
            })
            .max()
            .unwrap_or(0);
        let label_w = longest.clamp(label_width(width), label_width(width) + spare);
        let mut out: Vec<Line<'static>> = Vec::new();

        let crumbs = self
            .path
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(" › ");
        out.push(Line::styled(
            fit(&format!(" {} · {crumbs}", r.years_title), width as usize),
            theme.column_head,
        ));

        // A row: a label, then one cell per shown year (the focused year's cell styled as focus).
        let row = |label: &str, cell: &dyn Fn(i32) -> String| -> Line<'static> {
            let mut spans = vec![Span::raw(format!(" {}", pad(label, label_w)))];
            for &y in &years {
                let style = if y == self.focus {
                    theme.focus
                } else {
                    Style::default()
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(pad_left(&cell(y), CELL), style));
            }
            Line::from(spans)
        };

        out.push(row(s.year, &|y| {
            // Brackets mark the focused year without colour; the others keep a space where the
            // bracket is, so the digits stay aligned. A year summed from the predecessors, or not
            // fully entered, is marked before it, the legend saying so below the figures.
            let mut mark = String::new();
            if self.summed(y) {
                mark.push_str(PREDECESSORS_MARK);
            }
            if self.incomplete(y) {
                mark.push_str(INCOMPLETE_MARK);
            }
            if y == self.focus {
                format!("{mark}[{y}]")
            } else {
                format!("{mark}{y} ")
            }
        }));

        for category in Category::ALL {
            let name = self.category_name_in(ctx, category, self.focus);
            out.push(row(
                &fit_words(&name, label_w),
                &|y| match self.figures_of(y) {
                    // A year nobody typed shows "·", not "0/159" (the units exist, the figures do not).
                    Some(f) if f.rows > 0 => {
                        let ratio = f.get(category).ratio;
                        format_ratio(ratio.recognized, ratio.total, lang)
                    }
                    _ => "·".to_string(),
                },
            ));
            out.push(row(r.years_row_share, &|y| match self.figures_of(y) {
                Some(f) => share_cell(f, category, lang),
                None => "·".to_string(),
            }));
        }
        let count_row = |label: &str, get: fn(&YearFigures) -> u64| {
            row(label, &|y| match self.figures_of(y) {
                Some(f) if f.rows > 0 => format_count(get(f), lang),
                _ => "·".to_string(),
            })
        };
        out.push(count_row(r.years_models, |f| f.models));
        out.push(count_row(r.years_collectives, |f| f.collectives));
        out.push(count_row(r.years_individuals, |f| f.individuals));
        out.push(count_row(r.years_open_limitations, |f| f.open_limitations));

        // The legend takes the blank line's place, so the view keeps its height.
        let mut legend = Vec::new();
        if years.iter().any(|&y| self.summed(y)) {
            legend.push(format!("{PREDECESSORS_MARK} {}", r.years_predecessors_sum));
        }
        if years.iter().any(|&y| self.incomplete(y)) {
            legend.push(format!("{INCOMPLETE_MARK} {}", r.years_incomplete));
        }
        if legend.is_empty() {
            out.push(Line::default());
        } else {
            out.push(Line::from(fit(
                &format!(" {}", legend.join(" · ")),
                width as usize,
            )));
        }
        out.extend(self.trend_lines(ctx, width));
        out
    }

    /// One sparkline per category over the years read (from the first year with figures), with
    /// the range it spans and a caret under the focused year.
    fn trend_lines(&self, ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
        let r = ctx.s().review;
        let label_w = label_width(width);
        let theme = &ctx.theme;
        let mut out = vec![Line::styled(
            fit(&format!(" {}", r.years_trend), width as usize),
            theme.column_head,
        )];
        let with_data: Vec<&YearFigures> =
            self.figures.iter().skip_while(|f| f.rows == 0).collect();
        if with_data.is_empty() {
            out.push(Line::from(format!(" {}", r.years_no_data)));
            return out;
        }
        let room = (width as usize).saturating_sub(label_w + 16).max(4);
        // Keep the newest years when they do not all fit.
        let skip = with_data.len().saturating_sub(room);
        let shown = &with_data[skip..];
        for category in Category::ALL {
            let shares: Vec<Option<f64>> = shown
                .iter()
                .map(|f| f.get(category).ratio.share().filter(|_| f.rows > 0))
                .collect();
            let (spark, low, high) = sparkline(&shares);
            let range = match (low, high) {
                (Some(lo), Some(hi)) => format!(
                    " {}–{}",
                    format_share(lo, ctx.lang),
                    format_share(hi, ctx.lang)
                ),
                _ => String::new(),
            };
            out.push(Line::from(format!(
                " {} {spark}{range}",
                pad(category_name(ctx, category), label_w)
            )));
        }
        // The axis: first year, a caret under the focused year, last year.
        let mut axis: Vec<char> = vec![' '; shown.len().max(1)];
        if let Some(i) = shown.iter().position(|f| f.year == self.focus) {
            axis[i] = '^';
        }
        let first = shown.first().map(|f| f.year).unwrap_or(self.first);
        let last = shown.last().map(|f| f.year).unwrap_or(self.last);
        out.push(Line::from(format!(
            " {} {} {first}–{last}",
            pad("", label_w),
            axis.iter().collect::<String>()
        )));
        out
    }

    /// A category's name for a table row, in the words of `year`: in a year without districts the
    /// communes' category holds no township and has special zones.
    fn category_name_in(&self, ctx: &Ctx, category: Category, year: i32) -> String {
        let two_level = self.figures_of(year).is_some_and(|f| f.without_districts);
        if category == Category::Communes && two_level {
            return capitalised(crate::domain::label::communes_without_districts(ctx.lang));
        }
        category_name(ctx, category).to_string()
    }

    fn render_picker(&self, ctx: &Ctx, frame: &mut Frame, area: Rect, picker: &Picker) {
        let r = ctx.s().review;
        let scope = self.scope().map(|s| s.name.as_str()).unwrap_or("");
        let height = (picker.items.len().min(PICK_LIST) as u16 + 2).min(area.height);
        let rect = super::ui::centered(area, 60, height);
        let inner = rect.width.saturating_sub(2) as usize;
        let first = picker.selected.saturating_sub(PICK_LIST - 1);
        let lines: Vec<Line> = picker
            .items
            .iter()
            .enumerate()
            .skip(first)
            .take(PICK_LIST)
            .map(|(i, item)| {
                let mark = if i == picker.selected { "›" } else { " " };
                let style = if i == picker.selected {
                    ctx.theme.focus
                } else {
                    ctx.theme.popup
                };
                Line::styled(
                    fit(&format!("{mark}{} {}", item.code, item.name), inner),
                    style,
                )
            })
            .collect();
        let title = fill(r.years_pick_title, &[scope, &self.focus.to_string()]);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", fit(&title, inner.saturating_sub(2))))
            .style(ctx.theme.popup);
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

fn category_name(ctx: &Ctx, category: Category) -> &'static str {
    let r = ctx.s().review;
    match category {
        Category::ResidentialAreas => r.cat_residential,
        Category::Communes => r.cat_communes,
        Category::Agencies => r.cat_agencies,
        Category::Schools => r.cat_schools,
    }
}

/// Cut at a word, with "…", when `s` is wider than `width` ("Communes, wards…"), so a cut label
/// never ends inside a word.
fn fit_words(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return s.to_string();
    }
    let cut = s
        .rmatch_indices(' ')
        .map(|(i, _)| s[..i].trim_end_matches(','))
        .find(|head| head.width() < width);
    match cut {
        Some(head) => format!("{head}…"),
        None => fit(s, width),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "79,2% ✗≥80%": the share, then ✓/✗ against the target (no marker without a target). Shortened
/// when the column is too narrow: the target's "≥" goes first, then the target itself.
fn share_cell(f: &YearFigures, category: Category, lang: Lang) -> String {
    let c = f.get(category);
    let Some(share) = share_of(c.ratio, f.rows) else {
        return "·".to_string();
    };
    let share = format_share(share, lang);
    let (Some(target), Some(met)) = (c.target, c.met) else {
        return share;
    };
    let mark = if met { '✓' } else { '✗' };
    let target = target_text(target, lang);
    for candidate in [
        format!("{share} {mark}≥{target}"),
        format!("{share} {mark}{target}"),
        format!("{share} {mark}"),
    ] {
        if unicode_width::UnicodeWidthStr::width(candidate.as_str()) <= CELL {
            return candidate;
        }
    }
    format!("{share}{mark}")
}

fn share_of(ratio: Ratio, rows: u64) -> Option<f64> {
    if rows == 0 {
        return None;
    }
    ratio.share()
}

/// A target share as the panel writes it: "85%", "87,5%".
fn target_text(share: f64, lang: Lang) -> String {
    let tenths = (share * 1000.0).round() as i64;
    let s = if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    };
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Unicode blocks scaled between the lowest and highest share shown ("·" where a year has no
/// figure), with that lowest and highest share.
pub fn sparkline(shares: &[Option<f64>]) -> (String, Option<f64>, Option<f64>) {
    let known = shares.iter().flatten().copied();
    let low = known
        .clone()
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
    let high = known.fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    let spark = shares
        .iter()
        .map(|s| match (s, low, high) {
            (Some(v), Some(lo), Some(hi)) if hi - lo > 1e-9 => {
                let level = ((v - lo) / (hi - lo) * (BARS.len() - 1) as f64).round() as usize;
                BARS[level.min(BARS.len() - 1)]
            }
            (Some(_), _, _) => BARS[BARS.len() / 2],
            (None, _, _) => '·',
        })
        .collect();
    (spark, low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_between_lowest_and_highest() {
        let (s, lo, hi) = sparkline(&[Some(0.5), None, Some(1.0), Some(0.75)]);
        assert_eq!(s, "▁·█▅");
        assert_eq!((lo, hi), (Some(0.5), Some(1.0)));
        let (flat, _, _) = sparkline(&[Some(0.8), Some(0.8)]);
        assert_eq!(flat, "▅▅");
    }

    #[test]
    fn long_labels_are_cut_at_a_word() {
        assert_eq!(
            fit_words("Communes, wards and special zones", 20),
            "Communes, wards and…"
        );
        assert_eq!(
            fit_words("Communes, wards and special zones", 19),
            "Communes, wards…"
        );
        assert_eq!(fit_words("Xã, phường, đặc khu", 19), "Xã, phường, đặc khu");
        assert_eq!(fit_words("Khudâncư", 4), "Khu…");
    }

    #[test]
    fn columns_fit_the_width() {
        assert_eq!(columns_for(80), 5);
        assert_eq!(columns_for(120), 8);
        assert!(columns_for(120) >= 7);
    }
}
