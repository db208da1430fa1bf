//! The Awards tab: the awards given in the district in scope for the year, with filters (form,
//! issuer, collective/individual) and find, the running counts of distinct collectives and
//! individuals commended, and a form whose rule findings (flag to an individual, medal twice,
//! collective not recognised …) appear while it is filled.

use super::Outcome;
use crate::domain::rules::{check_year, rule, Finding, Severity};
use crate::domain::{
    distinct_recipients, parse_birth_year, recipient_identity, Award, AwardForm, History, Level,
    RecipientKind, YearData,
};
use crate::text::{fold, format_date, parse_date, Lang};
use crate::tui::context::Ctx;
use crate::tui::form::{Form, FormField, FormResult};
use crate::tui::keymap::{Action, Scope};
use crate::tui::strings::fill;
use crate::tui::ui::{fit, pad, scroll_to};
use crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use std::collections::HashSet;
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// The rules that judge an award (the others judge figures).
const AWARD_RULES: [&str; 7] = [
    rule::FLAG_TO_INDIVIDUAL,
    rule::MEDAL_TO_COLLECTIVE,
    rule::MEDAL_TWICE,
    rule::MEDAL_NAMESAKE,
    rule::AWARD_UNRECOGNISED_COLLECTIVE,
    rule::AWARD_UNKNOWN_LOCALITY,
    rule::UNUSUAL_ISSUER,
];

// The form's fields, in order.
const F_FORM: usize = 0;
const F_ISSUER: usize = 1;
const F_KIND: usize = 2;
const F_LOCALITY: usize = 3;
const F_RECIPIENT: usize = 4;
const F_BIRTH_YEAR: usize = 5;
const F_DECISION: usize = 6;
const F_DATE: usize = 7;
const F_NOTE: usize = 8;

pub struct AwardsTab {
    /// The awards of the scope (the district and its communes) for the year.
    all: Vec<Award>,
    /// Indices into `all` passing the filters.
    shown: Vec<usize>,
    cursor: usize,
    scroll: usize,
    filter_form: Option<AwardForm>,
    filter_issuer: Option<String>,
    filter_kind: Option<RecipientKind>,
    /// A locality code of the scope.
    filter_locality: Option<String>,
    find: Input,
    finding: bool,
    form: Option<AwardFormState>,
    confirm_delete: Option<i64>,
}

struct AwardFormState {
    form: Form,
    id: i64,
    findings: Vec<Finding>,
}

fn form_label(ctx: &Ctx, form: AwardForm) -> String {
    ctx.config
        .award_forms
        .iter()
        .find(|f| f.code == form.code())
        .map(|f| match ctx.lang {
            Lang::Vi => f.vi.clone(),
            Lang::En => f.en.clone(),
        })
        .unwrap_or_else(|| form.code().to_string())
}

fn kind_label(ctx: &Ctx, kind: RecipientKind) -> &'static str {
    match kind {
        RecipientKind::Collective => ctx.s().kind_collective,
        RecipientKind::Individual => ctx.s().kind_individual,
    }
}

impl AwardsTab {
    pub fn new(_ctx: &Ctx) -> AwardsTab {
        AwardsTab {
            all: Vec::new(),
            shown: Vec::new(),
            cursor: 0,
            scroll: 0,
            filter_form: None,
            filter_issuer: None,
            filter_kind: None,
            filter_locality: None,
            find: Input::default(),
            finding: false,
            form: None,
            confirm_delete: None,
        }
    }

    pub fn scope(&self) -> (Scope, bool) {
        match &self.form {
            Some(f) => (Scope::Form, f.form.text_input()),
            None => (Scope::Awards, self.finding),
        }
    }

    /// Quit asked to save the open form: true when it was saved (or there was none).
    pub fn save_for_exit(&mut self, ctx: &mut Ctx) -> bool {
        if self.form.is_some() {
            self.save_form(ctx);
        }
        self.form.is_none()
    }

    /// A multi-line field of the open form has the focus (a pasted line break stays one).
    pub fn multiline_focused(&self) -> bool {
        matches!(&self.form, Some(f) if f.form.multiline_focused())
    }

    /// "Delete?" is asked: the next key answers it.
    pub fn confirming(&self) -> bool {
        self.confirm_delete.is_some()
    }

    /// A paste into the open form's focused field, in one edit: false without a form.
    pub fn paste(&mut self, text: &str) -> bool {
        self.form
            .as_mut()
            .is_some_and(|state| state.form.paste(text))
    }

    pub fn has_form(&self) -> bool {
        self.form.is_some()
    }

    /// The codes of the district in scope and its communes.
    fn scope_codes(ctx: &Ctx) -> HashSet<String> {
        let mut codes = HashSet::new();
        if let Some(d) = ctx.district.as_deref() {
            codes.insert(d.to_string());
            for c in ctx.view.communes_of(d) {
                codes.insert(c.code.clone());
            }
        }
        codes
    }

    pub fn sync(&mut self, ctx: &Ctx) {
        let codes = Self::scope_codes(ctx);
        self.all = ctx
            .view
            .data()
            .awards
            .iter()
            .filter(|a| a.locality_code.as_ref().is_some_and(|c| codes.contains(c)))
            .cloned()
            .collect();
        self.refilter();
    }

    fn refilter(&mut self) {
        let query = fold(self.find.value().trim());
        self.shown = self
            .all
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                self.filter_form.is_none_or(|f| a.form == f)
                    && self.filter_issuer.as_ref().is_none_or(|i| &a.issuer == i)
                    && self.filter_kind.is_none_or(|k| a.recipient_kind == k)
                    && self
                        .filter_locality
                        .as_ref()
                        .is_none_or(|l| a.locality_code.as_ref() == Some(l))
                    && (query.is_empty()
                        || fold(&format!("{} {}", a.recipient, a.decision_no)).contains(&query))
            })
            .map(|(i, _)| i)
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    fn list_rows(ctx: &Ctx) -> usize {
        // header, tab bar, status bar, counts + filters, column heads
        ctx.size.1.saturating_sub(6) as usize
    }

    fn open_form(&mut self, ctx: &Ctx, award: Option<&Award>) {
        let s = ctx.s();
        let forms: Vec<(String, String)> = AwardForm::ALL
            .iter()
            .map(|f| (f.code().to_string(), form_label(ctx, *f)))
            .collect();
        let issuers: Vec<(String, String)> = ctx
            .config
            .issuers
            .iter()
            .map(|c| (c.code.clone(), c.label(ctx.lang).to_string()))
            .collect();
        let kinds: Vec<(String, String)> = RecipientKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), kind_label(ctx, *k).to_string()))
            .collect();
        let mut localities: Vec<(String, String)> = Vec::new();
        if let Some(d) = ctx.district.as_deref().and_then(|d| ctx.view.locality(d)) {
            localities.push((d.code.clone(), format!("{} {}", d.code, d.name)));
            for c in ctx.view.communes_of(&d.code) {
                localities.push((c.code.clone(), format!("{} {}", c.code, c.name)));
            }
        }
        let default_locality = localities.first().map(|l| l.0.clone()).unwrap_or_default();
        let (form, issuer, kind, locality, recipient, birth_year, decision, date, note, id) =
            match award {
                Some(a) => (
                    a.form.code(),
                    a.issuer.as_str(),
                    a.recipient_kind.code(),
                    a.locality_code.clone().unwrap_or_default(),
                    a.recipient.clone(),
                    a.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                    a.decision_no.clone(),
                    format_date(a.decision_date),
                    a.note.clone(),
                    a.id,
                ),
                None => (
                    AwardForm::CertificateOfMerit.code(),
                    "",
                    RecipientKind::Collective.code(),
                    default_locality,
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    0,
                ),
            };
        let fields = vec![
            FormField::pick(s.col_form, forms, form),
            FormField::pick(s.col_issuer, issuers, issuer),
            FormField::pick(s.col_kind, kinds, kind),
            FormField::pick(s.col_locality, localities, &locality),
            FormField::text(s.col_recipient, &recipient),
            FormField::text(s.col_birth_year, &birth_year),
            FormField::text(s.col_decision, &decision),
            FormField::text(s.col_date, &date),
            FormField::text(s.col_note, &note),
        ];
        let mut state = AwardFormState {
            form: Form::new(s.award_form_title, fields),
            id,
            findings: Vec::new(),
        };
        state.findings = draft_findings(ctx, &state);
        self.form = Some(state);
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Outcome {
        let s = ctx.s();
        let Some(state) = &self.form else {
            return Outcome::None;
        };
        let draft = match draft_award(ctx, state) {
            Ok(a) => a,
            Err(message) => {
                ctx.error(message);
                return Outcome::None;
            }
        };
        if draft.recipient.trim().is_empty() {
            ctx.error(s.recipient_required);
            return Outcome::None;
        }
        if draft.decision_no.trim().is_empty() {
            ctx.error(s.decision_required);
            return Outcome::None;
        }
        let result = crate::tui::commits::with_wait(
            &mut ctx.store,
            crate::tui::commits::COMMIT_WAIT,
            |store| crate::services::awards::save(store, &draft),
        );
        if result.is_ok() {
            self.form = None;
        }
        super::after_commit(ctx, result, None)
    }

    pub fn handle(&mut self, ctx: &mut Ctx, action: Option<Action>, key: &KeyEvent) -> Outcome {
        let s = ctx.s();
        if let Some(id) = self.confirm_delete.take() {
            if action == Some(Action::Yes) {
                if let Some(a) = self.all.iter().find(|a| a.id == id).cloned() {
                    let result = crate::tui::commits::with_wait(
                        &mut ctx.store,
                        crate::tui::commits::COMMIT_WAIT,
                        |store| crate::services::awards::delete(store, &a),
                    );
                    return super::after_commit(ctx, result, Some(s.deleted));
                }
            }
            return Outcome::None;
        }
        if let Some(state) = &mut self.form {
            let before_locality = state.form.value(F_LOCALITY);
            return match state.form.handle(action, key) {
                FormResult::Save => self.save_form(ctx),
                FormResult::Cancel => {
                    self.form = None;
                    Outcome::None
                }
                FormResult::Open { changed } => {
                    if changed {
                        // A collective named after its locality: choosing the locality fills the name.
                        let locality = state.form.value(F_LOCALITY);
                        let collective =
                            state.form.value(F_KIND) == RecipientKind::Collective.code();
                        let name_of = |code: &str| ctx.view.locality(code).map(|l| l.name.clone());
                        let recipient = state.form.value(F_RECIPIENT);
                        if collective
                            && locality != before_locality
                            && (recipient.is_empty()
                                || Some(recipient) == name_of(&before_locality))
                        {
                            if let Some(name) = name_of(&locality) {
                                state.form.set_text(F_RECIPIENT, &name);
                            }
                        }
                        state.findings = draft_findings(ctx, state);
                    }
                    Outcome::None
                }
            };
        }
        if self.finding {
            match action {
                Some(Action::Commit | Action::Abandon) => {
                    self.finding = false;
                    if action == Some(Action::Abandon) {
                        self.find.reset();
                        self.refilter();
                    }
                }
                _ => {
                    self.find.handle_event(&Event::Key(*key));
                    self.refilter();
                }
            }
            return Outcome::None;
        }
        let last = self.shown.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(last),
            Some(Action::Home | Action::PageUp) => self.cursor = 0,
            Some(Action::End | Action::PageDown) => self.cursor = last,
            Some(Action::Find) => self.finding = true,
            Some(Action::FilterForm) => {
                let next = match self.filter_form {
                    None => Some(AwardForm::ALL[0]),
                    Some(f) => AwardForm::ALL
                        .iter()
                        .position(|x| *x == f)
                        .and_then(|i| AwardForm::ALL.get(i + 1).copied()),
                };
                self.filter_form = next;
                self.refilter();
            }
            Some(Action::FilterIssuer) => {
                let codes: Vec<String> =
                    ctx.config.issuers.iter().map(|c| c.code.clone()).collect();
                self.filter_issuer = match &self.filter_issuer {
                    None => codes.first().cloned(),
                    Some(i) => codes
                        .iter()
                        .position(|c| c == i)
                        .and_then(|p| codes.get(p + 1).cloned()),
                };
                self.refilter();
            }
            Some(Action::FilterKind) => {
                self.filter_kind = match self.filter_kind {
                    None => Some(RecipientKind::Collective),
                    Some(RecipientKind::Collective) => Some(RecipientKind::Individual),
                    Some(RecipientKind::Individual) => None,
                };
                self.refilter();
            }
            Some(Action::FilterLocality) => {
                // The district, then its communes, then all again.
                let mut codes: Vec<String> = ctx.district.iter().cloned().collect();
                if let Some(d) = ctx.district.as_deref() {
                    codes.extend(ctx.view.communes_of(d).iter().map(|c| c.code.clone()));
                }
                self.filter_locality = match &self.filter_locality {
                    None => codes.first().cloned(),
                    Some(l) => codes
                        .iter()
                        .position(|c| c == l)
                        .and_then(|p| codes.get(p + 1).cloned()),
                };
                self.refilter();
            }
            Some(Action::ClearFilters | Action::Abandon) => {
                self.filter_locality = None;
                self.filter_form = None;
                self.filter_issuer = None;
                self.filter_kind = None;
                self.find.reset();
                self.refilter();
            }
            Some(Action::New) => {
                if let Some(why) = ctx.district.as_deref().and_then(|d| ctx.edit_refusal(d)) {
                    ctx.error(why);
                } else if ctx.district.is_some() {
                    // The medal-twice rule needs the medals of other years.
                    let _ = ctx.medals_for(true);
                    self.open_form(ctx, None);
                }
            }
            Some(Action::Commit) => {
                if let Some(a) = self.shown.get(self.cursor).map(|&i| self.all[i].clone()) {
                    let refusal = a.locality_code.as_deref().and_then(|c| ctx.edit_refusal(c));
                    match refusal {
                        Some(why) => ctx.error(why),
                        None => {
                            let _ = ctx.medals_for(true);
                            self.open_form(ctx, Some(&a));
                        }
                    }
                }
            }
            Some(Action::Delete) => {
                if let Some(&i) = self.shown.get(self.cursor) {
                    self.confirm_delete = Some(self.all[i].id);
                    ctx.info(format!("{} {}", s.confirm_delete, s.confirm_choices));
                }
            }
            _ => {}
        }
        self.scroll = scroll_to(self.cursor, self.scroll, Self::list_rows(ctx));
        Outcome::None
    }

    /// "Lọc: tất cả · tất cả · tất cả · tất cả · /" — the filters in force, then the find text.
    fn filter_prefix(&self, ctx: &Ctx) -> String {
        let s = ctx.s();
        let all = s.all_values;
        format!(
            "{}: {} · {} · {} · {} · /",
            s.filters_label,
            self.filter_form
                .map(|f| form_label(ctx, f))
                .unwrap_or_else(|| all.to_string()),
            self.filter_issuer
                .as_deref()
                .and_then(|i| ctx.config.issuer(i))
                .map(|c| c.label(ctx.lang).to_string())
                .unwrap_or_else(|| all.to_string()),
            self.filter_kind
                .map(|k| kind_label(ctx, k).to_string())
                .unwrap_or_else(|| all.to_string()),
            self.filter_locality
                .as_deref()
                .map(|c| {
                    ctx.view
                        .locality(c)
                        .map(|l| l.name.clone())
                        .unwrap_or_else(|| c.to_string())
                })
                .unwrap_or_else(|| all.to_string()),
        )
    }

    pub fn render(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        use unicode_width::UnicodeWidthStr;
        let s = ctx.s();
        let theme = &ctx.theme;
        let width = area.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        // Counts over the whole scope (not the filtered list): distinct recipients, as the report
        // counts them (namesakes told apart by birth year or unit are two).
        let count = |kind: RecipientKind| {
            distinct_recipients(self.all.iter().filter(|a| a.recipient_kind == kind))
        };
        let (collectives, individuals) = (
            count(RecipientKind::Collective),
            count(RecipientKind::Individual),
        );
        let prefix = self.filter_prefix(ctx);
        let filters = format!(
            "{prefix}{}{}",
            self.find.value(),
            if self.finding { "▏" } else { "" }
        );
        let counts = fill(
            s.commended_counts,
            &[&collectives.to_string(), &individuals.to_string()],
        );
        lines.push(Line::styled(fit(&counts, width), theme.column_head));
        lines.push(Line::from(fit(&filters, width)));
        let wide = area.width >= 110;
        let (form_w, issuer_w, decision_w, date_w) = if wide {
            (26, 28, 14, 10)
        } else {
            // The issuer shortened as clerks write it fits 14 ("CT UBND huyện", "Prov. PC Chair").
            (11, 14, 12, 10)
        };
        // The kind column as wide as its words and its heading in this language, never cut.
        let kind_w = [s.kind_collective, s.kind_individual, s.col_kind]
            .iter()
            .map(|w| w.width())
            .max()
            .unwrap_or(0);
        // The marker and the spaces between the columns; a narrow list also keeps its last column
        // free, as a form's box leaves it.
        let spaces = if wide { 6 } else { 7 };
        let recipient_w =
            width.saturating_sub(form_w + kind_w + issuer_w + decision_w + date_w + spaces);
        let mut head = format!(
            " {} {} {} ",
            pad(s.col_form, form_w),
            pad(s.col_kind, kind_w),
            pad(
                if s.col_recipient.width() <= recipient_w {
                    s.col_recipient
                } else {
                    s.col_recipient_short
                },
                recipient_w
            )
        );
        head.push_str(&pad(s.col_issuer, issuer_w));
        head.push(' ');
        head.push_str(&format!(
            "{} {}",
            pad(s.col_decision, decision_w),
            s.col_date
        ));
        lines.push(Line::styled(fit(&head, width), theme.column_head));
        if self.shown.is_empty() {
            lines.push(Line::styled(format!("  {}", s.no_awards), theme.muted));
        }
        let rows = area.height.saturating_sub(3) as usize;
        for (n, &i) in self.shown.iter().enumerate().skip(self.scroll).take(rows) {
            let a = &self.all[i];
            let focused = n == self.cursor;
            let mut line = format!(
                "{}{} {} {} ",
                if focused { "›" } else { " " },
                pad(&form_label(ctx, a.form), form_w),
                pad(kind_label(ctx, a.recipient_kind), kind_w),
                pad(&a.recipient, recipient_w)
            );
            let issuer = ctx
                .config
                .issuer(&a.issuer)
                .map(|c| c.label(ctx.lang).to_string())
                .unwrap_or_else(|| a.issuer.clone());
            line.push_str(&pad(
                &shorten_issuer(&issuer, issuer_w, s.issuer_abbreviations),
                issuer_w,
            ));
            line.push(' ');
            line.push_str(&format!(
                "{} {}",
                pad(&a.decision_no, decision_w),
                format_date(a.decision_date)
            ));
            lines.push(Line::styled(
                fit(&line, width),
                if focused {
                    theme.focus
                } else {
                    Style::default()
                },
            ));
        }
        crate::tui::ui::draw_lines(frame, area, &lines);
        if self.finding {
            let x = area.x
                + (unicode_width::UnicodeWidthStr::width(prefix.as_str())
                    + self.find.visual_cursor()) as u16;
            frame.set_cursor_position(Position::new(
                x.min(area.right().saturating_sub(1)),
                area.y + 1,
            ));
        } else if !self.shown.is_empty() && self.form.is_none() {
            let y = area.y + 3 + self.cursor.saturating_sub(self.scroll) as u16;
            frame.set_cursor_position(Position::new(
                area.x,
                y.min(area.bottom().saturating_sub(1)),
            ));
        }
        if let Some(state) = &self.form {
            let mut notes: Vec<(String, Style)> = state
                .findings
                .iter()
                .map(|f| {
                    let (mark, style) = match f.severity {
                        Severity::Error => ("✗", theme.error),
                        Severity::Warning => ("!", theme.warning),
                    };
                    (format!("{mark} {}", f.message(ctx.lang)), style)
                })
                .collect();
            if notes.is_empty() {
                notes.push((s.no_award_findings.to_string(), theme.ok));
            }
            notes.push((s.form_keys.to_string(), theme.muted));
            state.form.render(theme, frame, area, &notes);
        }
    }
}

/// An issuer's name in `width` columns: whole if it fits, else shortened phrase by phrase as clerks
/// write it ("Chủ tịch UBND tỉnh" → "CT UBND tỉnh"), and only then cut.
fn shorten_issuer(name: &str, width: usize, abbreviations: &[(&str, &str)]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut short = name.to_string();
    for (long, abbreviated) in abbreviations {
        if short.width() <= width {
            break;
        }
        short = short.replace(long, abbreviated);
    }
    short
}

/// The award the form describes now; Err with the reason when the date or the birth year cannot be
/// read.
fn draft_award(ctx: &Ctx, state: &AwardFormState) -> Result<Award, String> {
    let f = &state.form;
    let date_text = f.value(F_DATE);
    let decision_date = parse_date(&date_text).map_err(|e| e.message(ctx.lang).to_string())?;
    let locality = f.value(F_LOCALITY);
    let recipient_kind =
        RecipientKind::parse(&f.value(F_KIND)).unwrap_or(RecipientKind::Collective);
    let birth_year = parse_birth_year(&f.value(F_BIRTH_YEAR), recipient_kind, ctx.year)
        .map_err(|e| format!("{}: {}", ctx.s().col_birth_year, e.message(ctx.lang)))?;
    Ok(Award {
        id: state.id,
        year: ctx.year,
        form: AwardForm::parse(&f.value(F_FORM)).unwrap_or(AwardForm::CertificateOfMerit),
        issuer: f.value(F_ISSUER),
        recipient_kind,
        recipient: f.value(F_RECIPIENT),
        locality_code: (!locality.is_empty()).then_some(locality),
        birth_year,
        decision_no: f.value(F_DECISION),
        decision_date,
        note: f.value(F_NOTE),
    })
}

/// The award rules on the form as it stands, through the rules engine on a year made of just what
/// these rules look at (the award's locality and its row, and this year's medals to the same person),
/// so it costs the same in a province or a country.
fn draft_findings(ctx: &Ctx, state: &AwardFormState) -> Vec<Finding> {
    let mut award = match draft_award(ctx, state) {
        Ok(a) => a,
        // Without a valid date the rules still judge form, kind and locality.
        Err(_) => {
            let f = &state.form;
            let locality = f.value(F_LOCALITY);
            let recipient_kind =
                RecipientKind::parse(&f.value(F_KIND)).unwrap_or(RecipientKind::Collective);
            Award {
                id: state.id,
                year: ctx.year,
                form: AwardForm::parse(&f.value(F_FORM)).unwrap_or(AwardForm::CertificateOfMerit),
                issuer: f.value(F_ISSUER),
                recipient_kind,
                recipient: f.value(F_RECIPIENT),
                locality_code: (!locality.is_empty()).then_some(locality),
                birth_year: parse_birth_year(&f.value(F_BIRTH_YEAR), recipient_kind, ctx.year)
                    .unwrap_or(None),
                decision_no: f.value(F_DECISION),
                decision_date: chrono::NaiveDate::MIN,
                note: String::new(),
            }
        }
    };
    if award.recipient.trim().is_empty() {
        award.recipient = "?".into();
    }
    let view = &ctx.view;
    let mut localities = Vec::new();
    let mut assessments = Vec::new();
    let mut code = award.locality_code.clone();
    while let Some(c) = code {
        let Some(l) = view.locality(&c) else { break };
        if let Some(row) = view.row(&c) {
            assessments.push(row.clone());
        }
        localities.push(l.clone());
        code = if l.level == Level::Province {
            None
        } else {
            l.parent_code.clone()
        };
    }
    localities.reverse();
    let identity = recipient_identity(award.recipient_kind, &award.recipient);
    let mut awards: Vec<Award> = view
        .data()
        .awards
        .iter()
        .filter(|a| {
            a.id != state.id
                && a.form == AwardForm::CommemorativeMedal
                && recipient_identity(a.recipient_kind, &a.recipient) == identity
        })
        .cloned()
        .collect();
    awards.push(award);
    let year = YearData {
        year: ctx.year,
        localities,
        assessments,
        awards,
        limitations: Vec::new(),
    };
    let history = History {
        previous: None,
        medals_other_years: view
            .history()
            .medals_other_years
            .iter()
            .filter(|holder| crate::text::normalize(&holder.recipient) == identity.1)
            .cloned()
            .collect(),
    };
    let mut findings: Vec<Finding> = check_year(&year, &history, ctx.config.rule_book())
        .into_iter()
        .filter(|f| AWARD_RULES.contains(&f.rule))
        .collect();
    findings.dedup_by(|a, b| a.rule == b.rule && a.message_vi == b.message_vi);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::tui::strings::Strings;
    use unicode_width::UnicodeWidthStr;

    /// Every issuer of the default configuration fits the narrow column in both languages,
    /// shortened as clerks write it rather than cut.
    #[test]
    fn the_default_issuers_fit_a_narrow_column_shortened_not_cut() {
        let config = Config::builtin();
        for lang in [Lang::Vi, Lang::En] {
            let table = Strings::get(lang).issuer_abbreviations;
            for issuer in &config.issuers {
                let short = shorten_issuer(issuer.label(lang), 15, table);
                assert!(short.width() <= 15, "{short}");
                assert!(!short.contains('…'), "{short}");
            }
        }
        let vi = Strings::get(Lang::Vi).issuer_abbreviations;
        assert_eq!(shorten_issuer("Chủ tịch UBND tỉnh", 15, vi), "CT UBND tỉnh");
        assert_eq!(shorten_issuer("Bộ Công an", 15, vi), "Bộ Công an");
        let en = Strings::get(Lang::En).issuer_abbreviations;
        assert_eq!(
            shorten_issuer("Chairman of the Provincial People's Committee", 15, en),
            "Prov. PC Chair"
        );
    }
}
