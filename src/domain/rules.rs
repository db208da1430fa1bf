//! The rules engine: pure judgements over one report year's data, its history and the configuration.
//!
//! [`Checker`] is prepared once per (year data, history, config) and indexes the year: positions of
//! localities, each district's communes, every subtree's totals, awards by locality, medal holders.
//! [`Checker::check_district`] then judges one district with a value still being typed substituted
//! for the stored one: it re-checks only the district's rows and moves the totals of the edited
//! row's ancestors by the row's change (province = province − old row + new row), so its cost does not
//! grow with the size of the country. [`check_year`] / [`Checker::check_all`] judge the whole year.
//!
//! Rule ids are part of the machine-readable contract (`antq check --format json`); they are listed in
//! [`rule`] and documented in `docs/rules.md`.

use super::aggregate::{Ratio, Totals, YearTree};
use super::{
    recipient_identity, Assessment, Award, AwardForm, Category, Field, FieldValue, History, Level,
    RecipientKind, Target, YearData,
};
use crate::config::{Config, RecognitionBasis, RuleSet};
use crate::text::{format_count, format_ratio, format_share, normalize, Lang};
use serde::Serialize;
use std::collections::HashMap;

/// The stable ids of the rules (the `rule` of a finding).
pub mod rule {
    pub const RECOGNIZED_LE_TOTAL: &str = "recognized_le_total";
    pub const COMMUNE_ONLY_FIELD: &str = "commune_only_field";
    pub const COMMUNE_RULE_SET: &str = "commune_rule_set";
    pub const YOY_CHANGE: &str = "yoy_change";
    pub const NOT_REPORTED: &str = "not_reported";
    pub const TARGET_SHORTFALL: &str = "target_shortfall";
    pub const FLAG_TO_INDIVIDUAL: &str = "flag_to_individual";
    pub const MEDAL_TO_COLLECTIVE: &str = "medal_to_collective";
    pub const MEDAL_TWICE: &str = "medal_twice";
    pub const AWARD_UNRECOGNISED_COLLECTIVE: &str = "award_unrecognised_collective";
    pub const AWARD_UNKNOWN_LOCALITY: &str = "award_unknown_locality";
    pub const UNUSUAL_ISSUER: &str = "unusual_issuer";
    pub const LIMITATION_UNKNOWN_LOCALITY: &str = "limitation_unknown_locality";
    pub const ASSESSMENT_UNKNOWN_LOCALITY: &str = "assessment_unknown_locality";

    /// Every rule id, in the order `check_all` reports a locality's findings.
    pub const ALL: [&str; 14] = [
        RECOGNIZED_LE_TOTAL,
        COMMUNE_ONLY_FIELD,
        COMMUNE_RULE_SET,
        YOY_CHANGE,
        NOT_REPORTED,
        TARGET_SHORTFALL,
        FLAG_TO_INDIVIDUAL,
        MEDAL_TO_COLLECTIVE,
        MEDAL_TWICE,
        AWARD_UNRECOGNISED_COLLECTIVE,
        AWARD_UNKNOWN_LOCALITY,
        UNUSUAL_ISSUER,
        LIMITATION_UNKNOWN_LOCALITY,
        ASSESSMENT_UNKNOWN_LOCALITY,
    ];
}

/// An error blocks `check` (exit 1) and `submit`; a warning never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing a rule found, with its message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A rule id from [`rule`].
    pub rule: &'static str,
    pub year: i32,
    /// The locality the finding is about (an award's or limitation's locality; empty when it names none).
    pub locality_code: String,
    /// An assessment field code (`residential_areas_recognized` …), a category code for
    /// `target_shortfall`, `award` or `limitation`; None when the whole row is meant.
    pub field: Option<String>,
    pub message_vi: String,
    pub message_en: String,
}

impl Finding {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A value being typed: what the row would hold if the clerk pressed Enter now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub locality_code: String,
    pub field: Field,
    pub value: FieldValue,
}

/// A live target gauge: "khu dân cư 1.020/1.205 = 84,6% · mục tiêu 85% · còn thiếu 5".
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub locality_code: String,
    pub category: Category,
    pub ratio: Ratio,
    /// The minimum share in force (the locality's own target, else the province-wide one).
    pub target: Option<f64>,
    /// None when there is no target.
    pub met: Option<bool>,
    /// How many more recognitions would meet the target ("còn thiếu N"); 0 when met or no target.
    pub missing: u64,
}

/// The judgement of one district with an edit substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictCheck {
    /// Findings on the district's own row and its communes' rows, on the awards given within the
    /// district, then on the district's targets and the province's targets.
    pub findings: Vec<Finding>,
    pub district: Totals,
    pub province: Totals,
    /// The district's four categories, then the province's (the province's only once when the checked
    /// locality is the province).
    pub gauges: Vec<Gauge>,
}

/// Every rule over a whole year, in a deterministic order (see [`Checker::check_all`]).
pub fn check_year(data: &YearData, history: &History, config: &Config) -> Vec<Finding> {
    Checker::new(data, history, config).check_all()
}

/// A year prepared for checking: build once, check many times.
#[derive(Debug, Clone)]
pub struct Checker<'a> {
    data: &'a YearData,
    config: &'a Config,
    tree: YearTree<'a>,
    rule_set: Option<&'a RuleSet>,
    previous: Option<PreviousYear<'a>>,
    /// Positions of awards by the position of their locality.
    awards_at: HashMap<usize, Vec<usize>>,
    /// Commemorative medals to individuals in this year: identity → award indices in data order.
    medals_this_year: HashMap<String, Vec<usize>>,
    /// Identity → the other years in which it received the medal (sorted, distinct).
    medals_other_years: HashMap<String, Vec<i32>>,
    /// How many rows of the year report at least one figure.
    reported_rows: usize,
}

#[derive(Debug, Clone)]
struct PreviousYear<'a> {
    year: i32,
    rows: HashMap<&'a str, &'a Assessment>,
    /// School counts change meaning with the rule set (TT 124 counts "educational institutions" and
    /// drops primary schools and kindergartens), so they are compared only within one rule set.
    schools_comparable: bool,
}

/// The edited row and what it changes in the totals.
struct Overlay {
    position: usize,
    row: Assessment,
    old_own: Totals,
    new_own: Totals,
}

/// What rows look like during one check: the stored rows, or one of them replaced by an edit.
struct View<'c, 'a> {
    checker: &'c Checker<'a>,
    overlay: Option<Overlay>,
    any_reported: bool,
}

impl<'c, 'a> View<'c, 'a> {
    fn row(&self, position: usize) -> Option<&Assessment> {
        match &self.overlay {
            Some(overlay) if overlay.position == position => Some(&overlay.row),
            _ => self.checker.tree.row(position),
        }
    }

    /// A locality's subtree totals with the edited row's change applied when it lies in the subtree.
    fn totals(&self, position: usize) -> Totals {
        let tree = &self.checker.tree;
        let mut totals = tree.totals(position);
        if let Some(overlay) = &self.overlay {
            let touched = overlay.position == position
                || tree.ancestors(overlay.position).any(|a| a == position);
            if touched {
                totals.sub(&overlay.old_own);
                totals.add(&overlay.new_own);
            }
        }
        totals
    }
}

impl<'a> Checker<'a> {
    pub fn new(data: &'a YearData, history: &'a History, config: &'a Config) -> Checker<'a> {
        let tree = YearTree::new(data);
        let rule_set = config.rule_set(data.year);

        let previous = history.previous.as_ref().map(|previous| {
            let rule_set_id = |year| config.rule_set(year).map(|r| r.id.as_str());
            PreviousYear {
                year: previous.year,
                rows: previous
                    .assessments
                    .iter()
                    .map(|row| (row.locality_code.as_str(), row))
                    .collect(),
                schools_comparable: rule_set_id(previous.year) == rule_set_id(data.year),
            }
        });

        let mut awards_at: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut medals_this_year: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, award) in data.awards.iter().enumerate() {
            if let Some(position) = award
                .locality_code
                .as_deref()
                .and_then(|c| tree.position(c))
            {
                awards_at.entry(position).or_default().push(index);
            }
            if is_medal_to_individual(award) {
                let (_, identity) = recipient_identity(award.recipient_kind, &award.recipient);
                medals_this_year.entry(identity).or_default().push(index);
            }
        }

        let mut medals_other_years: HashMap<String, Vec<i32>> = HashMap::new();
        for (year, identity) in &history.medals_other_years {
            if *year != data.year {
                medals_other_years
                    .entry(normalize(identity))
                    .or_default()
                    .push(*year);
            }
        }
        for years in medals_other_years.values_mut() {
            years.sort_unstable();
            years.dedup();
        }

        let reported_rows = (0..tree.len())
            .filter(|&position| tree.row(position).is_some_and(|row| !row.is_blank()))
            .count();

        Checker {
            data,
            config,
            tree,
            rule_set,
            previous,
            awards_at,
            medals_this_year,
            medals_other_years,
            reported_rows,
        }
    }

    /// The year's tree and totals as stored.
    pub fn tree(&self) -> &YearTree<'a> {
        &self.tree
    }

    /// Every rule over the whole year. Order: for each locality in the order of
    /// `YearData::localities`, its row's findings (rule order as in [`rule::ALL`]); then the targets,
    /// the province's first, then each district's; then the awards and the limitations in data order;
    /// last, rows for localities that are not units of the year.
    pub fn check_all(&self) -> Vec<Finding> {
        let view = self.view(None);
        let mut findings = Vec::new();
        for position in 0..self.tree.len() {
            self.check_row(&view, position, &mut findings);
        }
        if let Some(province) = self.tree.province() {
            self.check_targets(&view, province, &mut findings);
        }
        for position in 0..self.tree.len() {
            if self.tree.locality(position).level == Level::District {
                self.check_targets(&view, position, &mut findings);
            }
        }
        for index in 0..self.data.awards.len() {
            self.check_award(&view, index, &mut findings);
        }
        for limitation in &self.data.limitations {
            if self.tree.position(&limitation.locality_code).is_none() {
                findings.push(self.finding(
                    Severity::Error,
                    rule::LIMITATION_UNKNOWN_LOCALITY,
                    &limitation.locality_code,
                    Some("limitation"),
                    format!(
                        "hạn chế ghi cho mã địa bàn {} không có trong năm {}",
                        limitation.locality_code, self.data.year
                    ),
                    format!(
                        "limitation recorded for locality code {}, which is not a unit in {}",
                        limitation.locality_code, self.data.year
                    ),
                ));
            }
        }
        for row in self.tree.unplaced_rows() {
            findings.push(self.finding(
                Severity::Error,
                rule::ASSESSMENT_UNKNOWN_LOCALITY,
                &row.locality_code,
                None,
                format!(
                    "số liệu cho mã địa bàn {} không có trong năm {}",
                    row.locality_code, self.data.year
                ),
                format!(
                    "figures for locality code {}, which is not a unit in {}",
                    row.locality_code, self.data.year
                ),
            ));
        }
        findings
    }

    /// Judges one district (any locality works: its own row and its direct children's rows) as if
    /// `edit` had been committed, without touching the data. An unknown code yields no findings and
    /// no gauges. The edit may be anywhere: outside the district it still moves the province's totals.
    pub fn check_district(&self, district_code: &str, edit: Option<&Edit>) -> DistrictCheck {
        let view = self.view(edit);
        let Some(district) = self.tree.position(district_code) else {
            return DistrictCheck {
                findings: Vec::new(),
                district: Totals::default(),
                province: self
                    .tree
                    .province()
                    .map(|p| view.totals(p))
                    .unwrap_or_default(),
                gauges: Vec::new(),
            };
        };
        let mut findings = Vec::new();
        let scope = std::iter::once(district).chain(self.tree.children(district).iter().copied());
        for position in scope.clone() {
            self.check_row(&view, position, &mut findings);
        }
        for position in scope {
            if let Some(awards) = self.awards_at.get(&position) {
                for &index in awards {
                    self.check_award(&view, index, &mut findings);
                }
            }
        }
        self.check_targets(&view, district, &mut findings);
        let province = self.tree.province();
        let mut gauges = self.gauges(&view, district);
        if let Some(province) = province.filter(|&p| p != district) {
            self.check_targets(&view, province, &mut findings);
            gauges.extend(self.gauges(&view, province));
        }
        DistrictCheck {
            findings,
            district: view.totals(district),
            province: province.map(|p| view.totals(p)).unwrap_or_default(),
            gauges,
        }
    }

    fn view(&self, edit: Option<&Edit>) -> View<'_, 'a> {
        let overlay = edit.and_then(|edit| {
            let position = self.tree.position(&edit.locality_code)?;
            let old = self.tree.row(position);
            let mut row = old
                .cloned()
                .unwrap_or_else(|| Assessment::empty(self.data.year, &edit.locality_code));
            // A value of the wrong kind for the field cannot be typed; it changes nothing.
            if !row.set(edit.field, edit.value) {
                return None;
            }
            let level = self.tree.locality(position).level;
            Some(Overlay {
                position,
                old_own: self.tree.own(position),
                new_own: Totals::own(level, Some(&row)),
                row,
            })
        });
        let mut reported = self.reported_rows;
        if let Some(overlay) = &overlay {
            let was_reported = self
                .tree
                .row(overlay.position)
                .is_some_and(|row| !row.is_blank());
            let is_reported = !overlay.row.is_blank();
            reported = reported + usize::from(is_reported) - usize::from(was_reported);
        }
        View {
            checker: self,
            overlay,
            any_reported: reported > 0,
        }
    }

    fn finding(
        &self,
        severity: Severity,
        rule: &'static str,
        locality_code: &str,
        field: Option<&str>,
        message_vi: String,
        message_en: String,
    ) -> Finding {
        Finding {
            severity,
            rule,
            year: self.data.year,
            locality_code: locality_code.to_string(),
            field: field.map(str::to_string),
            message_vi,
            message_en,
        }
    }

    fn category_label(&self, category: Category, lang: Lang) -> String {
        self.config.category_label(category.code(), lang)
    }

    // ---- rows -------------------------------------------------------------------------------------

    fn check_row(&self, view: &View<'_, 'a>, position: usize, out: &mut Vec<Finding>) {
        let locality = self.tree.locality(position);
        let Some(row) = view.row(position).filter(|row| !row.is_blank()) else {
            if locality.level == Level::Commune && view.any_reported {
                out.push(self.finding(
                    Severity::Warning,
                    rule::NOT_REPORTED,
                    &locality.code,
                    None,
                    format!("chưa nhập số liệu năm {}", self.data.year),
                    format!("no figures reported for {}", self.data.year),
                ));
            }
            return;
        };
        self.check_recognized_le_total(row, &locality.code, out);
        if locality.level == Level::Commune {
            self.check_commune_rule_set(row, &locality.code, out);
        } else {
            self.check_commune_only_fields(row, locality.level, &locality.code, out);
        }
        self.check_yoy_change(row, &locality.code, out);
    }

    fn check_recognized_le_total(&self, row: &Assessment, code: &str, out: &mut Vec<Finding>) {
        let pairs = [
            (
                Category::ResidentialAreas,
                Field::ResidentialAreasRecognized,
                Field::ResidentialAreasTotal,
            ),
            (
                Category::Agencies,
                Field::AgenciesRecognized,
                Field::AgenciesTotal,
            ),
            (
                Category::Schools,
                Field::SchoolsRecognized,
                Field::SchoolsTotal,
            ),
        ];
        for (category, recognized_field, total_field) in pairs {
            let (FieldValue::Count(recognized), FieldValue::Count(total)) =
                (row.get(recognized_field), row.get(total_field))
            else {
                continue;
            };
            let label_vi = self.category_label(category, Lang::Vi);
            let label_en = self.category_label(category, Lang::En);
            match (recognized, total) {
                (Some(recognized), Some(total)) if recognized > total => out.push(self.finding(
                    Severity::Error,
                    rule::RECOGNIZED_LE_TOTAL,
                    code,
                    Some(recognized_field.code()),
                    format!(
                        "{label_vi}: đạt {} > tổng {}",
                        format_count(recognized.into(), Lang::Vi),
                        format_count(total.into(), Lang::Vi)
                    ),
                    format!(
                        "{label_en}: recognised {} > total {}",
                        format_count(recognized.into(), Lang::En),
                        format_count(total.into(), Lang::En)
                    ),
                )),
                (Some(recognized), None) => out.push(self.finding(
                    Severity::Error,
                    rule::RECOGNIZED_LE_TOTAL,
                    code,
                    Some(total_field.code()),
                    format!(
                        "{label_vi}: có {} đạt nhưng chưa nhập tổng số",
                        format_count(recognized.into(), Lang::Vi)
                    ),
                    format!(
                        "{label_en}: {} recognised but the total is not reported",
                        format_count(recognized.into(), Lang::En)
                    ),
                )),
                _ => {}
            }
        }
    }

    /// Residential areas and the commune's own recognition belong to commune rows. A "no" flag on a
    /// district row is harmless (a CSV's empty boolean reads as "no"), so flags count only when "yes".
    fn check_commune_only_fields(
        &self,
        row: &Assessment,
        level: Level,
        code: &str,
        out: &mut Vec<Finding>,
    ) {
        for field in Field::ALL.into_iter().filter(|f| f.commune_only()) {
            let misplaced = match row.get(field) {
                FieldValue::Count(count) => count.is_some(),
                FieldValue::Flag(flag) => flag == Some(true),
            };
            if misplaced {
                out.push(self.finding(
                    Severity::Error,
                    rule::COMMUNE_ONLY_FIELD,
                    code,
                    Some(field.code()),
                    format!(
                        "“{}” chỉ nhập cho cấp xã (đây là cấp {})",
                        field_label(field, Lang::Vi),
                        level_label(level, Lang::Vi)
                    ),
                    format!(
                        "“{}” belongs to commune rows only (this is a {} row)",
                        field_label(field, Lang::En),
                        level_label(level, Lang::En)
                    ),
                ));
            }
        }
    }

    /// A commune marked recognised must meet every condition of the year's rule set.
    fn check_commune_rule_set(&self, row: &Assessment, code: &str, out: &mut Vec<Finding>) {
        if row.commune_recognized != Some(true) {
            return;
        }
        let Some(rule_set) = self.rule_set else {
            return;
        };
        let name_vi = rule_set.name.vi.as_str();
        let name_en = rule_set.name.en.as_str();
        let count = |value: Option<u32>| u64::from(value.unwrap_or(0));

        let (basis, field, units_vi, units_en) = match rule_set.basis {
            RecognitionBasis::ResidentialAreas => (
                row.residential_areas_total.map(|total| Ratio {
                    recognized: count(row.residential_areas_recognized),
                    total: total.into(),
                }),
                Field::ResidentialAreasRecognized,
                self.category_label(Category::ResidentialAreas, Lang::Vi),
                self.category_label(Category::ResidentialAreas, Lang::En),
            ),
            RecognitionBasis::AllUnits => {
                let reported = row.residential_areas_total.is_some()
                    || row.agencies_total.is_some()
                    || row.schools_total.is_some();
                (
                    reported.then(|| Ratio {
                        recognized: count(row.residential_areas_recognized)
                            + count(row.agencies_recognized)
                            + count(row.schools_recognized),
                        total: count(row.residential_areas_total)
                            + count(row.agencies_total)
                            + count(row.schools_total),
                    }),
                    Field::CommuneRecognized,
                    "đơn vị (khu dân cư, cơ quan, doanh nghiệp, trường học)".to_string(),
                    "units (residential areas, agencies and enterprises, schools)".to_string(),
                )
            }
        };
        match basis {
            None => out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(field.code()),
                format!("{name_vi}: xã được công nhận nhưng chưa nhập số {units_vi} để xét"),
                format!(
                    "{name_en}: the commune is marked recognised but its {units_en} are not reported"
                ),
            )),
            Some(ratio) => {
                let required = Target::required(rule_set.min_share, ratio.total);
                if ratio.recognized < required {
                    let short = required - ratio.recognized;
                    out.push(self.finding(
                        Severity::Error,
                        rule::COMMUNE_RULE_SET,
                        code,
                        Some(field.code()),
                        format!(
                            "{name_vi}: cần ≥ {} {units_vi} đạt, có {} (thiếu {})",
                            format_ratio(required, ratio.total, Lang::Vi),
                            format_count(ratio.recognized, Lang::Vi),
                            format_count(short, Lang::Vi)
                        ),
                        format!(
                            "{name_en}: needs ≥ {} {units_en} recognised, has {} ({} short)",
                            format_ratio(required, ratio.total, Lang::En),
                            format_count(ratio.recognized, Lang::En),
                            format_count(short, Lang::En)
                        ),
                    ));
                }
            }
        }
        if rule_set.require_police_advanced && row.police_advanced != Some(true) {
            let (state_vi, state_en) = match row.police_advanced {
                Some(_) => ("chưa đạt", "is not"),
                None => ("chưa nhập là", "is not reported as"),
            };
            out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(Field::PoliceAdvanced.code()),
                format!("{name_vi}: cần Công an xã đạt “Đơn vị tiên tiến” trở lên, {state_vi} “Đơn vị tiên tiến”"),
                format!("{name_en}: the commune police must be rated “advanced unit” or better; it {state_en} rated so"),
            ));
        }
        let models = row.models.unwrap_or(0);
        if models < rule_set.min_models {
            out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(Field::Models.code()),
                format!(
                    "{name_vi}: cần ≥ {} mô hình tự quản về ANTT, có {} (thiếu {})",
                    rule_set.min_models,
                    models,
                    rule_set.min_models - models
                ),
                format!(
                    "{name_en}: needs ≥ {} self-management models, has {} ({} short)",
                    rule_set.min_models,
                    models,
                    rule_set.min_models - models
                ),
            ));
        }
    }

    /// A total that jumps by more than the threshold from last year is probably a typo (1205 → 12050).
    /// A total that was 0 or not reported last year has no meaningful change and is not judged.
    fn check_yoy_change(&self, row: &Assessment, code: &str, out: &mut Vec<Finding>) {
        let Some(previous) = &self.previous else {
            return;
        };
        let Some(last_row) = previous.rows.get(code) else {
            return;
        };
        let threshold = self.config.general.yoy_change_threshold;
        let threshold_ppm = (threshold.max(0.0) * 1_000_000.0).round() as u128;
        let fields = [
            Field::ResidentialAreasTotal,
            Field::AgenciesTotal,
            Field::SchoolsTotal,
        ];
        for field in fields {
            if field == Field::SchoolsTotal && !previous.schools_comparable {
                continue;
            }
            let (FieldValue::Count(Some(now)), FieldValue::Count(Some(before))) =
                (row.get(field), last_row.get(field))
            else {
                continue;
            };
            if before == 0 {
                continue;
            }
            let change = u128::from(now.abs_diff(before));
            if change * 1_000_000 <= threshold_ppm * u128::from(before) {
                continue;
            }
            let sign = if now > before { "+" } else { "−" };
            let share = change as f64 / f64::from(before);
            let message = |lang: Lang| {
                let (versus, threshold_word) = match lang {
                    Lang::Vi => ("so với năm trước", "ngưỡng"),
                    Lang::En => ("on last year", "threshold"),
                };
                format!(
                    "{}: {} ({}) → {} ({}), {sign}{} {versus} ({threshold_word} {})",
                    field_label(field, lang),
                    format_count(before.into(), lang),
                    previous.year,
                    format_count(now.into(), lang),
                    self.data.year,
                    format_share(share, lang),
                    format_percent(threshold, lang)
                )
            };
            out.push(self.finding(
                Severity::Warning,
                rule::YOY_CHANGE,
                code,
                Some(field.code()),
                message(Lang::Vi),
                message(Lang::En),
            ));
        }
    }

    // ---- targets ----------------------------------------------------------------------------------

    fn gauges(&self, view: &View<'_, 'a>, position: usize) -> Vec<Gauge> {
        let code = self.tree.locality(position).code.as_str();
        let totals = view.totals(position);
        Category::ALL
            .into_iter()
            .map(|category| {
                let ratio = totals.get(category);
                let target = self.config.target_for(self.data.year, category, Some(code));
                let required = target.map(|share| Target::required(share, ratio.total));
                Gauge {
                    locality_code: code.to_string(),
                    category,
                    ratio,
                    target,
                    met: required.map(|required| ratio.recognized >= required),
                    missing: required.map_or(0, |r| r.saturating_sub(ratio.recognized)),
                }
            })
            .collect()
    }

    fn check_targets(&self, view: &View<'_, 'a>, position: usize, out: &mut Vec<Finding>) {
        for gauge in self.gauges(view, position) {
            let (Some(target), Some(false)) = (gauge.target, gauge.met) else {
                continue;
            };
            let message = |lang: Lang| {
                let share = gauge.ratio.share().map_or_else(String::new, |share| {
                    format!(" = {}", format_share(share, lang))
                });
                let (target_word, short_word) = match lang {
                    Lang::Vi => ("mục tiêu", "còn thiếu"),
                    Lang::En => ("target", "short by"),
                };
                format!(
                    "{} {}{share} · {target_word} {} · {short_word} {}",
                    self.category_label(gauge.category, lang),
                    format_ratio(gauge.ratio.recognized, gauge.ratio.total, lang),
                    format_percent(target, lang),
                    format_count(gauge.missing, lang)
                )
            };
            out.push(self.finding(
                Severity::Warning,
                rule::TARGET_SHORTFALL,
                &gauge.locality_code,
                Some(gauge.category.code()),
                message(Lang::Vi),
                message(Lang::En),
            ));
        }
    }

    // ---- awards -----------------------------------------------------------------------------------

    fn award_form_label(&self, form: AwardForm, lang: Lang) -> String {
        self.config
            .award_forms
            .iter()
            .find(|f| f.code == form.code())
            .map(|f| match lang {
                Lang::Vi => f.vi.clone(),
                Lang::En => f.en.clone(),
            })
            .unwrap_or_else(|| form.code().to_string())
    }

    fn check_award(&self, view: &View<'_, 'a>, index: usize, out: &mut Vec<Finding>) {
        let Some(award) = self.data.awards.get(index) else {
            return;
        };
        let code = award.locality_code.as_deref().unwrap_or("");
        let recipient = award.recipient.as_str();
        let form_vi = self.award_form_label(award.form, Lang::Vi);
        let form_en = self.award_form_label(award.form, Lang::En);
        let mut push = |severity, rule, vi: String, en: String| {
            out.push(self.finding(severity, rule, code, Some("award"), vi, en));
        };

        match (award.form, award.recipient_kind) {
            (AwardForm::EmulationFlag, RecipientKind::Individual) => push(
                Severity::Error,
                rule::FLAG_TO_INDIVIDUAL,
                format!("{form_vi} chỉ tặng tập thể, không tặng cá nhân ({recipient})"),
                format!("{form_en} goes to collectives only, not to an individual ({recipient})"),
            ),
            (AwardForm::CommemorativeMedal, RecipientKind::Collective) => push(
                Severity::Error,
                rule::MEDAL_TO_COLLECTIVE,
                format!("{form_vi} chỉ tặng cá nhân, không tặng tập thể ({recipient})"),
                format!("{form_en} goes to individuals only, not to a collective ({recipient})"),
            ),
            _ => {}
        }

        if is_medal_to_individual(award) {
            let (_, identity) = recipient_identity(award.recipient_kind, recipient);
            let first_this_year = self
                .medals_this_year
                .get(&identity)
                .and_then(|holders| holders.first())
                .copied()
                .filter(|&first| first != index)
                .and_then(|first| self.data.awards.get(first));
            if let Some(first) = first_this_year {
                push(
                    Severity::Error,
                    rule::MEDAL_TWICE,
                    format!(
                        "{recipient} đã được tặng {form_vi} trong năm nay (quyết định {}); mỗi người chỉ được tặng một lần",
                        first.decision_no
                    ),
                    format!(
                        "{recipient} already received the {form_en} this year (decision {}); it is given once per person",
                        first.decision_no
                    ),
                );
            }
            if let Some(years) = self.medals_other_years.get(&identity) {
                let years = years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                push(
                    Severity::Error,
                    rule::MEDAL_TWICE,
                    format!("{recipient} đã được tặng {form_vi} năm {years}; mỗi người chỉ được tặng một lần"),
                    format!("{recipient} already received the {form_en} in {years}; it is given once per person"),
                );
            }
        }

        if let Some(locality_code) = award.locality_code.as_deref() {
            match self.tree.position(locality_code) {
                None => push(
                    Severity::Error,
                    rule::AWARD_UNKNOWN_LOCALITY,
                    format!(
                        "khen thưởng “{recipient}”: mã địa bàn {locality_code} không có trong năm {}",
                        self.data.year
                    ),
                    format!(
                        "award to “{recipient}”: locality code {locality_code} is not a unit in {}",
                        self.data.year
                    ),
                ),
                Some(position) => {
                    let is_commune = self.tree.locality(position).level == Level::Commune;
                    let recognized = view
                        .row(position)
                        .and_then(|row| row.commune_recognized);
                    if award.recipient_kind == RecipientKind::Collective
                        && is_commune
                        && recognized != Some(true)
                    {
                        push(
                            Severity::Warning,
                            rule::AWARD_UNRECOGNISED_COLLECTIVE,
                            format!(
                                "tập thể “{recipient}” được khen thưởng nhưng {} chưa được công nhận đạt tiêu chuẩn “An toàn về ANTT” năm {}",
                                self.tree.locality(position).name,
                                self.data.year
                            ),
                            format!(
                                "collective “{recipient}” is commended but {} is not recognised as “safe on security and order” in {}",
                                self.tree.locality(position).name,
                                self.data.year
                            ),
                        );
                    }
                }
            }
        }

        if self.config.general.warn_unusual_issuer {
            let usual = self
                .config
                .award_forms
                .iter()
                .find(|f| f.code == award.form.code());
            if let Some(usual) = usual.filter(|f| !f.issuers.contains(&award.issuer)) {
                let issuer = |lang| {
                    self.config
                        .issuer(&award.issuer)
                        .map_or(award.issuer.clone(), |i| i.label(lang).to_string())
                };
                let usual_list = |lang| {
                    usual
                        .issuers
                        .iter()
                        .map(|code| {
                            self.config
                                .issuer(code)
                                .map_or(code.clone(), |i| i.label(lang).to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                push(
                    Severity::Warning,
                    rule::UNUSUAL_ISSUER,
                    format!(
                        "{form_vi} cho “{recipient}” do {} cấp; thường do: {}",
                        issuer(Lang::Vi),
                        usual_list(Lang::Vi)
                    ),
                    format!(
                        "{form_en} to “{recipient}” issued by {}; usually by: {}",
                        issuer(Lang::En),
                        usual_list(Lang::En)
                    ),
                );
            }
        }
    }
}

fn is_medal_to_individual(award: &Award) -> bool {
    award.form == AwardForm::CommemorativeMedal && award.recipient_kind == RecipientKind::Individual
}

fn field_label(field: Field, lang: Lang) -> &'static str {
    match (field, lang) {
        (Field::ResidentialAreasTotal, Lang::Vi) => "tổng số khu dân cư",
        (Field::ResidentialAreasTotal, Lang::En) => "residential areas total",
        (Field::ResidentialAreasRecognized, Lang::Vi) => "khu dân cư đạt",
        (Field::ResidentialAreasRecognized, Lang::En) => "residential areas recognised",
        (Field::CommuneRecognized, Lang::Vi) => "xã đạt chuẩn",
        (Field::CommuneRecognized, Lang::En) => "commune recognised",
        (Field::PoliceAdvanced, Lang::Vi) => "Công an xã tiên tiến",
        (Field::PoliceAdvanced, Lang::En) => "commune police advanced",
        (Field::AgenciesTotal, Lang::Vi) => "tổng số cơ quan, doanh nghiệp",
        (Field::AgenciesTotal, Lang::En) => "agencies and enterprises total",
        (Field::AgenciesRecognized, Lang::Vi) => "cơ quan, doanh nghiệp đạt",
        (Field::AgenciesRecognized, Lang::En) => "agencies and enterprises recognised",
        (Field::SchoolsTotal, Lang::Vi) => "tổng số trường học",
        (Field::SchoolsTotal, Lang::En) => "schools total",
        (Field::SchoolsRecognized, Lang::Vi) => "trường học đạt",
        (Field::SchoolsRecognized, Lang::En) => "schools recognised",
        (Field::Models, Lang::Vi) => "mô hình",
        (Field::Models, Lang::En) => "models",
    }
}

fn level_label(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Province, Lang::Vi) => "tỉnh",
        (Level::Province, Lang::En) => "province",
        (Level::District, Lang::Vi) => "huyện",
        (Level::District, Lang::En) => "district",
        (Level::Commune, Lang::Vi) => "xã",
        (Level::Commune, Lang::En) => "commune",
    }
}

/// A configured share as people write it: 0.85 → "85%", 0.875 → "87,5%" (at most two decimals).
fn format_percent(share: f64, lang: Lang) -> String {
    let fixed = format!("{:.2}", share * 100.0);
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    let text = match lang {
        Lang::Vi => trimmed.replace('.', ","),
        Lang::En => trimmed.to_string(),
    };
    format!("{text}%")
}
