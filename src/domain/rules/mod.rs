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
    Assessment, Award, AwardForm, Category, Field, FieldValue, History, Level, RecipientKind,
    Target, YearData,
};
use super::{AwardFormSpec, Coded};
use crate::text::{format_count, format_ratio, format_share, normalize, Lang};
use serde::Serialize;
use std::collections::HashMap;

mod rule_set;

pub use rule_set::{RecognitionBasis, RuleSet};

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
pub fn check_year<'a>(
    data: &'a YearData,
    history: &'a History,
    rules: impl Into<RuleBook<'a>>,
) -> Vec<Finding> {
    Checker::new(data, history, rules).check_all()
}

/// What the rules read of the configuration: the rule sets and targets, the thresholds, and the labels
/// their messages use. Borrowed and `Copy`; the configuration builds one (and converts into one, so
/// [`Checker::new`] and [`check_year`] take `&Config` as it is).
#[derive(Debug, Clone, Copy)]
pub struct RuleBook<'a> {
    pub rule_sets: &'a [RuleSet],
    pub targets: &'a [Target],
    /// A total that changes by more than this share from last year is flagged (0.3 = 30%).
    pub yoy_change_threshold: f64,
    /// Warn when an issuer gives a form it usually does not (see [`AwardFormSpec::issuers`]).
    pub warn_unusual_issuer: bool,
    /// Labels of the four report categories, keyed by category code.
    pub categories: &'a [Coded],
    pub award_forms: &'a [AwardFormSpec],
    pub issuers: &'a [Coded],
}

impl<'a> RuleBook<'a> {
    /// The rule set in force for a report year.
    pub fn rule_set(&self, year: i32) -> Option<&'a RuleSet> {
        RuleSet::in_force(self.rule_sets, year)
    }

    pub fn issuer(&self, code: &str) -> Option<&'a Coded> {
        self.issuers.iter().find(|c| c.code == code)
    }
}

/// A year prepared for checking: build once, check many times.
#[derive(Debug, Clone)]
pub struct Checker<'a> {
    data: &'a YearData,
    rules: RuleBook<'a>,
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
    /// The year's targets by (category, district or None for province-wide): [`Target::share_for`]
    /// without a scan of every target for every gauge.
    targets: HashMap<(Category, Option<&'a str>), f64>,
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
    pub fn new(
        data: &'a YearData,
        history: &'a History,
        rules: impl Into<RuleBook<'a>>,
    ) -> Checker<'a> {
        let rules = rules.into();
        let tree = YearTree::new(data);
        let rule_set = rules.rule_set(data.year);

        let previous = history.previous.as_ref().map(|previous| {
            let rule_set_id = |year| rules.rule_set(year).map(|r| r.id.as_str());
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
                medals_this_year
                    .entry(medal_identity(&award.recipient))
                    .or_default()
                    .push(index);
            }
        }

        let mut medals_other_years: HashMap<String, Vec<i32>> = HashMap::new();
        for (year, identity) in &history.medals_other_years {
            if *year != data.year {
                medals_other_years
                    .entry(medal_identity(identity))
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

        let mut targets = HashMap::new();
        for target in rules.targets.iter().filter(|t| t.year == data.year) {
            // The first of duplicates wins, as in `Target::share_for`.
            targets
                .entry((target.category, target.locality.as_deref()))
                .or_insert(target.min_share);
        }

        Checker {
            data,
            rules,
            tree,
            rule_set,
            previous,
            awards_at,
            medals_this_year,
            medals_other_years,
            reported_rows,
            targets,
        }
    }

    /// The target of a category for a locality: its own, else the province-wide one (as
    /// [`Target::share_for`]).
    pub fn target_for(&self, category: Category, locality_code: &str) -> Option<f64> {
        self.targets
            .get(&(category, Some(locality_code)))
            .or_else(|| self.targets.get(&(category, None)))
            .copied()
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
        // Every province of the year (a database normally holds one), then every district.
        for position in 0..self.tree.len() {
            if self.tree.locality(position).level == Level::Province {
                self.check_targets(&view, position, &mut findings);
            }
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
            reported =
                (reported + usize::from(is_reported)).saturating_sub(usize::from(was_reported));
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

    /// The configured label, borrowed: labels go into every message but most rows produce none.
    fn category_label(&self, category: Category, lang: Lang) -> &'a str {
        let categories: &'a [Coded] = self.rules.categories;
        categories
            .iter()
            .find(|c| c.code == category.code())
            .map_or(category.code(), |c| c.label(lang))
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
                    "đơn vị (khu dân cư, cơ quan, doanh nghiệp, trường học)",
                    "units (residential areas, agencies and enterprises, schools)",
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
                let required = required(rule_set.min_share, ratio.total);
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
        let threshold = self.rules.yoy_change_threshold;
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
            if change * 1_000_000 <= threshold_ppm.saturating_mul(u128::from(before)) {
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
                let target = self.target_for(category, code);
                let required = target.map(|share| required(share, ratio.total));
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

    fn award_form_label(&self, form: AwardForm, lang: Lang) -> &'a str {
        let award_forms: &'a [AwardFormSpec] = self.rules.award_forms;
        award_forms
            .iter()
            .find(|f| f.code == form.code())
            .map_or(form.code(), |f| match lang {
                Lang::Vi => f.vi.as_str(),
                Lang::En => f.en.as_str(),
            })
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
            let identity = medal_identity(recipient);
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

        if self.rules.warn_unusual_issuer {
            let usual = self
                .rules
                .award_forms
                .iter()
                .find(|f| f.code == award.form.code());
            if let Some(usual) = usual.filter(|f| !f.issuers.contains(&award.issuer)) {
                let issuer = |lang| {
                    self.rules
                        .issuer(&award.issuer)
                        .map_or(award.issuer.clone(), |i| i.label(lang).to_string())
                };
                let usual_list = |lang| {
                    usual
                        .issuers
                        .iter()
                        .map(|code| {
                            self.rules
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

/// [`Target::required`] for a share read from configuration: a share above 1 cannot be met by more
/// than everything, and would overflow the exact arithmetic, so it counts as 1.
fn required(min_share: f64, total: u64) -> u64 {
    Target::required(min_share.min(1.0), total)
}

/// The name part of [`recipient_identity`] (trim + NFC), skipping the normalisation work for a name that
/// is already NFC, as stored names are: preparing a national year reads tens of thousands of them.
fn medal_identity(name: &str) -> String {
    let trimmed = name.trim();
    if unicode_normalization::is_nfc(trimmed) {
        trimmed.to_string()
    } else {
        normalize(trimmed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{recipient_identity, Label, Limitation, LimitationStatus, Locality};
    use chrono::NaiveDate;

    fn locality(code: &str, level: Level, parent: Option<&str>) -> Locality {
        Locality {
            id: 0,
            code: code.to_string(),
            name: format!("Xã {code}"),
            level,
            parent_code: parent.map(str::to_string),
            valid_from: None,
            valid_to: None,
        }
    }

    /// Province 44; district 450 with communes 1 and 2; district 452 with commune 3.
    fn year(year: i32, assessments: Vec<Assessment>) -> YearData {
        YearData {
            year,
            localities: vec![
                locality("44", Level::Province, None),
                locality("450", Level::District, Some("44")),
                locality("1", Level::Commune, Some("450")),
                locality("2", Level::Commune, Some("450")),
                locality("452", Level::District, Some("44")),
                locality("3", Level::Commune, Some("452")),
            ],
            assessments,
            ..YearData::default()
        }
    }

    /// A commune row meeting both rule sets: 20/25 residential areas, police advanced, 2 models.
    fn good_commune(year: i32, code: &str) -> Assessment {
        Assessment {
            residential_areas_total: Some(25),
            residential_areas_recognized: Some(20),
            commune_recognized: Some(true),
            police_advanced: Some(true),
            agencies_total: Some(2),
            agencies_recognized: Some(2),
            schools_total: Some(3),
            schools_recognized: Some(3),
            models: Some(2),
            ..Assessment::empty(year, code)
        }
    }

    fn good_year(year: i32) -> YearData {
        self::year(
            year,
            vec![
                good_commune(year, "1"),
                good_commune(year, "2"),
                good_commune(year, "3"),
            ],
        )
    }

    /// What the configuration gives the rules, owned and shaped like it so that a test can change
    /// one value: the built-in defaults (`config/default.toml`) without targets.
    struct TestConfig {
        general: TestGeneral,
        categories: Vec<Coded>,
        award_forms: Vec<AwardFormSpec>,
        issuers: Vec<Coded>,
        rule_sets: Vec<RuleSet>,
        target: Vec<Target>,
    }

    struct TestGeneral {
        yoy_change_threshold: f64,
        warn_unusual_issuer: bool,
    }

    impl<'a> From<&'a TestConfig> for RuleBook<'a> {
        fn from(config: &'a TestConfig) -> RuleBook<'a> {
            RuleBook {
                rule_sets: &config.rule_sets,
                targets: &config.target,
                yoy_change_threshold: config.general.yoy_change_threshold,
                warn_unusual_issuer: config.general.warn_unusual_issuer,
                categories: &config.categories,
                award_forms: &config.award_forms,
                issuers: &config.issuers,
            }
        }
    }

    fn coded(code: &str, vi: &str, en: &str) -> Coded {
        Coded {
            code: code.to_string(),
            vi: vi.to_string(),
            en: en.to_string(),
        }
    }

    fn award_form(code: &str, vi: &str, en: &str, issuers: &[&str]) -> AwardFormSpec {
        AwardFormSpec {
            code: code.to_string(),
            vi: vi.to_string(),
            en: en.to_string(),
            issuers: issuers.iter().map(|i| i.to_string()).collect(),
        }
    }

    fn config() -> TestConfig {
        let high = [
            "ministry",
            "minister",
            "province_committee",
            "province_chairman",
        ];
        TestConfig {
            general: TestGeneral {
                yoy_change_threshold: 0.3,
                warn_unusual_issuer: false,
            },
            categories: vec![
                coded("residential_areas", "khu dân cư", "residential areas"),
                coded(
                    "communes",
                    "xã, phường, thị trấn",
                    "communes, wards and townships",
                ),
                coded(
                    "agencies",
                    "cơ quan, doanh nghiệp",
                    "agencies and enterprises",
                ),
                coded("schools", "trường học", "schools"),
            ],
            award_forms: vec![
                award_form("emulation_flag", "Cờ thi đua", "Emulation flag", &high),
                award_form(
                    "certificate_of_merit",
                    "Bằng khen",
                    "Certificate of merit",
                    &high,
                ),
                award_form(
                    "certificate_of_commendation",
                    "Giấy khen",
                    "Certificate of commendation",
                    &["province_police_director", "district_chairman"],
                ),
                award_form(
                    "commemorative_medal",
                    "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
                    "Commemorative medal “Protecting national security”",
                    &["ministry", "minister"],
                ),
            ],
            issuers: vec![
                coded("ministry", "Bộ Công an", "Ministry of Public Security"),
                coded(
                    "minister",
                    "Bộ trưởng Bộ Công an",
                    "Minister of Public Security",
                ),
                coded(
                    "province_committee",
                    "UBND tỉnh",
                    "Provincial People's Committee",
                ),
                coded(
                    "province_chairman",
                    "Chủ tịch UBND tỉnh",
                    "Chairman of the Provincial People's Committee",
                ),
                coded(
                    "province_police_director",
                    "Giám đốc Công an tỉnh",
                    "Director of the Provincial Police",
                ),
                coded(
                    "district_chairman",
                    "Chủ tịch UBND huyện",
                    "Chairman of the District People's Committee",
                ),
            ],
            rule_sets: vec![
                RuleSet {
                    id: "tt23_2012".to_string(),
                    name: Label {
                        vi: "Thông tư 23/2012/TT-BCA".to_string(),
                        en: "Circular 23/2012/TT-BCA".to_string(),
                    },
                    from_year: 2012,
                    to_year: Some(2021),
                    basis: RecognitionBasis::ResidentialAreas,
                    min_share: 0.7,
                    require_police_advanced: true,
                    min_models: 0,
                },
                RuleSet {
                    id: "tt124_2021".to_string(),
                    name: Label {
                        vi: "Thông tư 124/2021/TT-BCA".to_string(),
                        en: "Circular 124/2021/TT-BCA".to_string(),
                    },
                    from_year: 2022,
                    to_year: None,
                    basis: RecognitionBasis::AllUnits,
                    min_share: 0.7,
                    require_police_advanced: false,
                    min_models: 1,
                },
            ],
            target: Vec::new(),
        }
    }

    fn target(year: i32, category: Category, min_share: f64, locality: Option<&str>) -> Target {
        Target {
            year,
            category,
            min_share,
            locality: locality.map(str::to_string),
        }
    }

    fn award(form: AwardForm, kind: RecipientKind, recipient: &str, code: Option<&str>) -> Award {
        Award {
            id: 0,
            year: 2019,
            form,
            issuer: "province_chairman".to_string(),
            recipient_kind: kind,
            recipient: recipient.to_string(),
            locality_code: code.map(str::to_string),
            decision_no: "514/QĐ-UBND".to_string(),
            decision_date: NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or_default(),
            note: String::new(),
        }
    }

    fn check(data: &YearData, history: &History, config: &TestConfig) -> Vec<Finding> {
        check_year(data, history, config)
    }

    fn of_rule<'f>(findings: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
        findings.iter().filter(|f| f.rule == rule).collect()
    }

    #[test]
    fn a_clean_year_has_no_findings() {
        let findings = check(&good_year(2019), &History::default(), &config());
        assert_eq!(findings, Vec::<Finding>::new());
        let findings = check(&good_year(2023), &History::default(), &config());
        assert_eq!(findings, Vec::<Finding>::new());
    }

    #[test]
    fn recognized_above_total_is_an_error() {
        let mut data = good_year(2019);
        data.assessments[0].residential_areas_total = Some(10);
        data.assessments[0].residential_areas_recognized = Some(12);
        data.assessments[0].commune_recognized = Some(false);
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::RECOGNIZED_LE_TOTAL);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].locality_code, "1");
        assert_eq!(
            found[0].field.as_deref(),
            Some("residential_areas_recognized")
        );
        assert!(found[0].message(Lang::Vi).contains("đạt 12 > tổng 10"));
        assert!(found[0]
            .message(Lang::En)
            .contains("recognised 12 > total 10"));

        data.assessments[0].residential_areas_recognized = Some(10);
        let findings = check(&data, &History::default(), &config());
        assert!(of_rule(&findings, rule::RECOGNIZED_LE_TOTAL).is_empty());
    }

    #[test]
    fn recognized_without_a_total_is_an_error_on_the_total() {
        let mut data = good_year(2019);
        data.assessments.push(Assessment {
            schools_recognized: Some(4),
            ..Assessment::empty(2019, "450")
        });
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::RECOGNIZED_LE_TOTAL);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locality_code, "450");
        assert_eq!(found[0].field.as_deref(), Some("schools_total"));
    }

    #[test]
    fn tt23_needs_seventy_percent_of_residential_areas_rounded_up() {
        let mut data = good_year(2019);
        data.assessments[0].residential_areas_recognized = Some(16);
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::COMMUNE_RULE_SET);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].field.as_deref(),
            Some("residential_areas_recognized")
        );
        assert!(found[0]
            .message(Lang::Vi)
            .contains("Thông tư 23/2012/TT-BCA: cần ≥ 18/25 khu dân cư đạt, có 16 (thiếu 2)"));
        assert!(found[0]
            .message(Lang::En)
            .contains("Circular 23/2012/TT-BCA"));

        data.assessments[0].residential_areas_recognized = Some(18);
        let findings = check(&data, &History::default(), &config());
        assert!(of_rule(&findings, rule::COMMUNE_RULE_SET).is_empty());

        data.assessments[0].residential_areas_recognized = Some(17);
        let findings = check(&data, &History::default(), &config());
        assert_eq!(of_rule(&findings, rule::COMMUNE_RULE_SET).len(), 1);
    }

    #[test]
    fn tt23_needs_advanced_police() {
        let mut data = good_year(2019);
        data.assessments[1].police_advanced = Some(false);
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::COMMUNE_RULE_SET);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locality_code, "2");
        assert_eq!(found[0].field.as_deref(), Some("police_advanced"));
        assert!(found[0].message(Lang::Vi).contains("Đơn vị tiên tiến"));
    }

    #[test]
    fn an_unrecognised_commune_is_not_held_to_the_rule_set() {
        let mut data = good_year(2019);
        data.assessments[0].residential_areas_recognized = Some(1);
        data.assessments[0].police_advanced = Some(false);
        data.assessments[0].commune_recognized = Some(false);
        let findings = check(&data, &History::default(), &config());
        assert!(of_rule(&findings, rule::COMMUNE_RULE_SET).is_empty());
    }

    #[test]
    fn tt124_counts_all_units_and_needs_a_model_but_not_police() {
        // 18/25 residential areas pass TT 23; with 0/10 agencies it is 18/35 < 25 under TT 124.
        let row = |year| Assessment {
            residential_areas_total: Some(25),
            residential_areas_recognized: Some(18),
            commune_recognized: Some(true),
            police_advanced: Some(true),
            agencies_total: Some(10),
            agencies_recognized: Some(0),
            models: Some(0),
            ..Assessment::empty(year, "1")
        };
        let tt23 = check(&year(2021, vec![row(2021)]), &History::default(), &config());
        assert!(of_rule(&tt23, rule::COMMUNE_RULE_SET).is_empty());

        let tt124 = check(&year(2022, vec![row(2022)]), &History::default(), &config());
        let found = of_rule(&tt124, rule::COMMUNE_RULE_SET);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0]
            .message(Lang::Vi)
            .contains("Thông tư 124/2021/TT-BCA: cần ≥ 25/35"));
        assert!(found[0].message(Lang::Vi).contains("có 18 (thiếu 7)"));
        assert_eq!(found[1].field.as_deref(), Some("models"));
        assert!(found[1]
            .message(Lang::En)
            .contains("needs ≥ 1 self-management models, has 0"));

        let mut fixed = row(2022);
        fixed.agencies_recognized = Some(7);
        fixed.models = Some(1);
        fixed.police_advanced = Some(false);
        let findings = check(&year(2022, vec![fixed]), &History::default(), &config());
        assert!(of_rule(&findings, rule::COMMUNE_RULE_SET).is_empty());
    }

    #[test]
    fn the_rule_set_is_read_from_configuration() {
        let mut config = config();
        for rule_set in &mut config.rule_sets {
            rule_set.min_share = 0.9;
        }
        let findings = check(&good_year(2019), &History::default(), &config);
        // 20/25 = 80% < 90%.
        assert_eq!(of_rule(&findings, rule::COMMUNE_RULE_SET).len(), 3);
        config.rule_sets.clear();
        let findings = check(&good_year(2019), &History::default(), &config);
        assert!(of_rule(&findings, rule::COMMUNE_RULE_SET).is_empty());
    }

    #[test]
    fn a_recognised_commune_without_figures_cannot_be_judged() {
        let data = year(
            2019,
            vec![Assessment {
                commune_recognized: Some(true),
                police_advanced: Some(true),
                ..Assessment::empty(2019, "1")
            }],
        );
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::COMMUNE_RULE_SET);
        assert_eq!(found.len(), 1);
        assert!(found[0].message(Lang::Vi).contains("chưa nhập"));
    }

    #[test]
    fn commune_fields_on_a_district_row_are_errors() {
        let mut data = good_year(2019);
        data.assessments.push(Assessment {
            residential_areas_total: Some(5),
            commune_recognized: Some(true),
            police_advanced: Some(false),
            agencies_total: Some(30),
            agencies_recognized: Some(29),
            ..Assessment::empty(2019, "450")
        });
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::COMMUNE_ONLY_FIELD);
        let fields: Vec<_> = found.iter().map(|f| f.field.as_deref()).collect();
        assert_eq!(
            fields,
            [Some("residential_areas_total"), Some("commune_recognized")]
        );
        assert!(found.iter().all(|f| f.locality_code == "450"));
        assert!(found[0].message(Lang::Vi).contains("cấp huyện"));
    }

    #[test]
    fn target_shortfall_states_the_missing_recognitions() {
        let mut config = config();
        config
            .target
            .push(target(2019, Category::ResidentialAreas, 0.85, None));
        let row = Assessment {
            residential_areas_total: Some(1205),
            residential_areas_recognized: Some(1020),
            commune_recognized: Some(false),
            ..Assessment::empty(2019, "3")
        };
        let data = year(2019, vec![row.clone()]);
        let findings = check(&data, &History::default(), &config);
        let found = of_rule(&findings, rule::TARGET_SHORTFALL);
        // The province and district 452 both hold 1.020/1.205; district 450 has nothing to count.
        let codes: Vec<_> = found.iter().map(|f| f.locality_code.as_str()).collect();
        assert_eq!(codes, ["44", "452"]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].field.as_deref(), Some("residential_areas"));
        assert_eq!(
            found[0].message(Lang::Vi),
            "khu dân cư 1.020/1.205 = 84,6% · mục tiêu 85% · còn thiếu 5"
        );
        assert_eq!(
            found[0].message(Lang::En),
            "residential areas 1,020/1,205 = 84.6% · target 85% · short by 5"
        );

        let mut met = row;
        met.residential_areas_recognized = Some(1025);
        let findings = check(&year(2019, vec![met]), &History::default(), &config);
        assert!(of_rule(&findings, rule::TARGET_SHORTFALL).is_empty());
    }

    #[test]
    fn a_district_target_overrides_the_province_wide_one() {
        let mut config = config();
        config
            .target
            .push(target(2019, Category::Communes, 0.5, None));
        config
            .target
            .push(target(2019, Category::Communes, 1.0, Some("450")));
        let mut data = good_year(2019);
        data.assessments[0].commune_recognized = Some(false);
        // 450: 1/2 communes (own target 100%) → short by 1; 452: 1/1; province: 2/3 ≥ 50%.
        let findings = check(&data, &History::default(), &config);
        let found = of_rule(&findings, rule::TARGET_SHORTFALL);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locality_code, "450");
        assert!(found[0]
            .message(Lang::Vi)
            .ends_with("mục tiêu 100% · còn thiếu 1"));
    }

    #[test]
    fn yoy_change_catches_a_tenfold_typo() {
        let previous = good_year(2018);
        let mut data = good_year(2019);
        data.assessments[0].residential_areas_total = Some(250);
        let history = History {
            previous: Some(previous),
            ..History::default()
        };
        let findings = check(&data, &history, &config());
        let found = of_rule(&findings, rule::YOY_CHANGE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field.as_deref(), Some("residential_areas_total"));
        assert!(found[0]
            .message(Lang::Vi)
            .starts_with("tổng số khu dân cư: 25 (2018) → 250 (2019), +900,0%"));
        assert!(found[0].message(Lang::En).contains("(threshold 30%)"));
    }

    #[test]
    fn yoy_change_within_the_threshold_passes() {
        let mut previous = good_year(2018);
        previous.assessments[0].residential_areas_total = Some(100);
        let history = History {
            previous: Some(previous),
            ..History::default()
        };
        let mut data = good_year(2019);
        data.assessments[0].commune_recognized = Some(false);
        data.assessments[0].residential_areas_total = Some(130);
        let findings = check(&data, &history, &config());
        assert!(of_rule(&findings, rule::YOY_CHANGE).is_empty());
        data.assessments[0].residential_areas_total = Some(131);
        let findings = check(&data, &history, &config());
        assert_eq!(of_rule(&findings, rule::YOY_CHANGE).len(), 1);
        data.assessments[0].residential_areas_total = Some(69);
        let findings = check(&data, &history, &config());
        let found = of_rule(&findings, rule::YOY_CHANGE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message(Lang::En).contains("−31.0%"));
    }

    #[test]
    fn school_counts_are_not_compared_across_rule_sets() {
        let mut previous = good_year(2021);
        previous.assessments[0].schools_total = Some(30);
        previous.assessments[0].schools_recognized = Some(30);
        previous.assessments[0].agencies_total = Some(20);
        previous.assessments[0].agencies_recognized = Some(20);
        let history = History {
            previous: Some(previous),
            ..History::default()
        };
        let findings = check(&good_year(2022), &history, &config());
        let fields: Vec<_> = of_rule(&findings, rule::YOY_CHANGE)
            .iter()
            .map(|f| f.field.clone())
            .collect();
        assert_eq!(fields, [Some("agencies_total".to_string())]);
    }

    #[test]
    fn not_reported_needs_a_year_that_has_started() {
        let empty = year(2019, Vec::new());
        assert!(check(&empty, &History::default(), &config()).is_empty());

        let data = year(2019, vec![good_commune(2019, "1"), good_commune(2019, "3")]);
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::NOT_REPORTED);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locality_code, "2");
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn flags_go_to_collectives_and_medals_to_individuals() {
        let mut data = good_year(2019);
        data.awards = vec![
            award(
                AwardForm::EmulationFlag,
                RecipientKind::Collective,
                "Công an xã 1",
                Some("1"),
            ),
            award(
                AwardForm::EmulationFlag,
                RecipientKind::Individual,
                "Nguyễn Văn An",
                Some("1"),
            ),
            award(
                AwardForm::CommemorativeMedal,
                RecipientKind::Individual,
                "Lê Thị Bình",
                Some("1"),
            ),
            award(
                AwardForm::CommemorativeMedal,
                RecipientKind::Collective,
                "Xã 2",
                Some("2"),
            ),
        ];
        let findings = check(&data, &History::default(), &config());
        let flags = of_rule(&findings, rule::FLAG_TO_INDIVIDUAL);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].message(Lang::Vi).contains("Nguyễn Văn An"));
        assert_eq!(flags[0].field.as_deref(), Some("award"));
        let medals = of_rule(&findings, rule::MEDAL_TO_COLLECTIVE);
        assert_eq!(medals.len(), 1);
        assert!(medals[0].message(Lang::En).contains("Xã 2"));
        assert!(of_rule(&findings, rule::MEDAL_TWICE).is_empty());
    }

    #[test]
    fn the_medal_is_given_once_per_person_ever() {
        let medal = |name: &str| {
            award(
                AwardForm::CommemorativeMedal,
                RecipientKind::Individual,
                name,
                Some("1"),
            )
        };
        let mut data = good_year(2019);
        // Decomposed "Trần" (a + combining circumflex + grave) is the same person as composed; "Tran" is not.
        data.awards = vec![
            medal("Trần Văn Cường"),
            medal(" Tra\u{0302}\u{0300}n Văn Cường "),
            medal("Tran Văn Cường"),
            medal("Phạm Thị Dung"),
        ];
        let history = History {
            previous: None,
            medals_other_years: vec![
                (2015, "Phạm Thị Dung".to_string()),
                (2019, "Tran Văn Cường".to_string()),
            ],
        };
        let findings = check(&data, &history, &config());
        let found = of_rule(&findings, rule::MEDAL_TWICE);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].message(Lang::Vi).contains("trong năm nay"));
        assert!(found[1]
            .message(Lang::Vi)
            .contains("Phạm Thị Dung đã được tặng"));
        assert!(found[1].message(Lang::En).contains("in 2015"));
    }

    #[test]
    fn a_collective_of_an_unrecognised_commune_is_a_warning() {
        let mut data = good_year(2019);
        data.assessments[1].commune_recognized = Some(false);
        data.awards = vec![
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Collective,
                "Nhân dân xã 1",
                Some("1"),
            ),
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Collective,
                "Nhân dân xã 2",
                Some("2"),
            ),
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Individual,
                "Đỗ Văn Em",
                Some("2"),
            ),
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Collective,
                "Công an huyện",
                Some("450"),
            ),
        ];
        let findings = check(&data, &History::default(), &config());
        let found = of_rule(&findings, rule::AWARD_UNRECOGNISED_COLLECTIVE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].locality_code, "2");
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn awards_and_limitations_must_name_a_unit_of_the_year() {
        let mut data = good_year(2019);
        data.awards = vec![
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Collective,
                "Xã 9",
                Some("9"),
            ),
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Individual,
                "Hồ Văn Giang",
                None,
            ),
            award(
                AwardForm::CertificateOfMerit,
                RecipientKind::Collective,
                "Xã 3",
                Some("3"),
            ),
        ];
        data.limitations = vec![
            Limitation {
                id: 0,
                year: 2019,
                locality_code: "450".to_string(),
                category: "slow_advising".to_string(),
                text: "Tham mưu chậm".to_string(),
                remedy: String::new(),
                status: LimitationStatus::Open,
            },
            Limitation {
                id: 0,
                year: 2019,
                locality_code: "459".to_string(),
                category: "other".to_string(),
                text: "Khác".to_string(),
                remedy: String::new(),
                status: LimitationStatus::Open,
            },
        ];
        data.assessments.push(good_commune(2019, "18862"));
        let findings = check(&data, &History::default(), &config());
        let awards = of_rule(&findings, rule::AWARD_UNKNOWN_LOCALITY);
        assert_eq!(awards.len(), 1);
        assert_eq!(awards[0].locality_code, "9");
        let limitations = of_rule(&findings, rule::LIMITATION_UNKNOWN_LOCALITY);
        assert_eq!(limitations.len(), 1);
        assert_eq!(limitations[0].locality_code, "459");
        let rows = of_rule(&findings, rule::ASSESSMENT_UNKNOWN_LOCALITY);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].locality_code, "18862");
    }

    #[test]
    fn unusual_issuer_is_a_warning_only_when_asked_for() {
        let mut data = good_year(2019);
        let mut unusual = award(
            AwardForm::CertificateOfCommendation,
            RecipientKind::Individual,
            "Vũ Thị Hoa",
            Some("1"),
        );
        unusual.issuer = "ministry".to_string();
        let mut usual = unusual.clone();
        usual.issuer = "district_chairman".to_string();
        usual.recipient = "Vũ Văn Hùng".to_string();
        data.awards = vec![unusual, usual];
        let mut config = config();
        let findings = check(&data, &History::default(), &config);
        assert!(of_rule(&findings, rule::UNUSUAL_ISSUER).is_empty());
        config.general.warn_unusual_issuer = true;
        let findings = check(&data, &History::default(), &config);
        let found = of_rule(&findings, rule::UNUSUAL_ISSUER);
        assert_eq!(found.len(), 1);
        assert!(found[0].message(Lang::Vi).contains("Vũ Thị Hoa"));
        assert!(found[0].message(Lang::Vi).contains("do Bộ Công an cấp"));
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn an_edit_changes_findings_and_gauges_but_not_the_data() {
        let mut config = config();
        config
            .target
            .push(target(2019, Category::ResidentialAreas, 0.8, None));
        let data = good_year(2019);
        let before = data.clone();
        let history = History::default();
        let checker = Checker::new(&data, &history, &config);

        let stored = checker.check_district("450", None);
        assert!(stored.findings.is_empty());
        assert_eq!(
            stored.district.residential_areas,
            Ratio {
                recognized: 40,
                total: 50
            }
        );
        assert_eq!(
            stored.province.residential_areas,
            Ratio {
                recognized: 60,
                total: 75
            }
        );
        assert_eq!(stored.gauges.len(), 8);
        assert_eq!(stored.gauges[0].met, Some(true));

        // The clerk types 16 over commune 1's 20 recognised residential areas.
        let edit = Edit {
            locality_code: "1".to_string(),
            field: Field::ResidentialAreasRecognized,
            value: FieldValue::Count(Some(16)),
        };
        let typed = checker.check_district("450", Some(&edit));
        assert_eq!(
            typed.district.residential_areas,
            Ratio {
                recognized: 36,
                total: 50
            }
        );
        assert_eq!(
            typed.province.residential_areas,
            Ratio {
                recognized: 56,
                total: 75
            }
        );
        let rules: Vec<_> = typed
            .findings
            .iter()
            .map(|f| (f.rule, f.locality_code.as_str()))
            .collect();
        assert_eq!(
            rules,
            [
                (rule::COMMUNE_RULE_SET, "1"),
                (rule::TARGET_SHORTFALL, "450"),
                (rule::TARGET_SHORTFALL, "44")
            ]
        );
        let district_gauge = &typed.gauges[0];
        assert_eq!(district_gauge.category, Category::ResidentialAreas);
        assert_eq!(district_gauge.met, Some(false));
        assert_eq!(district_gauge.missing, 4);
        let province_gauge = &typed.gauges[4];
        assert_eq!(province_gauge.locality_code, "44");
        assert_eq!(province_gauge.missing, 4);

        assert_eq!(data, before);
        assert_eq!(checker.check_district("450", None), stored);
    }

    #[test]
    fn an_edit_outside_the_district_moves_only_the_province() {
        let data = good_year(2019);
        let history = History::default();
        let config = config();
        let checker = Checker::new(&data, &history, &config);
        let edit = Edit {
            locality_code: "3".to_string(),
            field: Field::ResidentialAreasTotal,
            value: FieldValue::Count(Some(35)),
        };
        let typed = checker.check_district("450", Some(&edit));
        assert_eq!(typed.district.residential_areas.total, 50);
        assert_eq!(typed.province.residential_areas.total, 85);
        assert!(typed.findings.is_empty());
    }

    #[test]
    fn an_edit_can_clear_a_value_and_a_wrong_kind_changes_nothing() {
        let data = good_year(2019);
        let history = History::default();
        let config = config();
        let checker = Checker::new(&data, &history, &config);
        let cleared = Edit {
            locality_code: "2".to_string(),
            field: Field::ResidentialAreasTotal,
            value: FieldValue::Count(None),
        };
        let typed = checker.check_district("450", Some(&cleared));
        assert_eq!(
            typed.district.residential_areas,
            Ratio {
                recognized: 40,
                total: 25
            }
        );
        let found: Vec<_> = typed.findings.iter().map(|f| f.rule).collect();
        assert_eq!(found, [rule::RECOGNIZED_LE_TOTAL, rule::COMMUNE_RULE_SET]);

        let wrong_kind = Edit {
            locality_code: "2".to_string(),
            field: Field::ResidentialAreasTotal,
            value: FieldValue::Flag(Some(true)),
        };
        assert_eq!(
            checker.check_district("450", Some(&wrong_kind)),
            checker.check_district("450", None)
        );
    }

    #[test]
    fn an_edit_on_a_commune_row_updates_its_collective_award_warning() {
        let mut data = good_year(2019);
        data.assessments[0].commune_recognized = Some(false);
        data.awards = vec![award(
            AwardForm::CertificateOfMerit,
            RecipientKind::Collective,
            "Nhân dân xã 1",
            Some("1"),
        )];
        let history = History::default();
        let config = config();
        let checker = Checker::new(&data, &history, &config);
        let stored = checker.check_district("450", None);
        assert_eq!(
            of_rule(&stored.findings, rule::AWARD_UNRECOGNISED_COLLECTIVE).len(),
            1
        );
        let edit = Edit {
            locality_code: "1".to_string(),
            field: Field::CommuneRecognized,
            value: FieldValue::Flag(Some(true)),
        };
        let typed = checker.check_district("450", Some(&edit));
        assert!(of_rule(&typed.findings, rule::AWARD_UNRECOGNISED_COLLECTIVE).is_empty());
        assert_eq!(
            typed.district.communes,
            Ratio {
                recognized: 2,
                total: 2
            }
        );
    }

    #[test]
    fn typing_the_first_figure_of_a_year_starts_not_reported_warnings() {
        let data = year(2019, Vec::new());
        let history = History::default();
        let config = config();
        let checker = Checker::new(&data, &history, &config);
        assert!(checker.check_district("450", None).findings.is_empty());
        let edit = Edit {
            locality_code: "1".to_string(),
            field: Field::ResidentialAreasTotal,
            value: FieldValue::Count(Some(7)),
        };
        let typed = checker.check_district("450", Some(&edit));
        let found: Vec<_> = typed
            .findings
            .iter()
            .map(|f| (f.rule, f.locality_code.as_str()))
            .collect();
        assert_eq!(found, [(rule::NOT_REPORTED, "2")]);
    }

    #[test]
    fn an_unknown_district_yields_nothing() {
        let data = good_year(2019);
        let history = History::default();
        let config = config();
        let checker = Checker::new(&data, &history, &config);
        let result = checker.check_district("nope", None);
        assert!(result.findings.is_empty() && result.gauges.is_empty());
        assert_eq!(result.province.residential_areas.total, 75);
    }

    #[test]
    fn the_medal_identity_is_the_domain_recipient_identity() {
        for name in [
            "Trần Văn Cường",
            "  Tra\u{0302}\u{0300}n Văn Cường\t",
            "Hoá",
            "Ho\u{0301}a",
            "Xã Quang Phú",
            "",
        ] {
            let (_, expected) = recipient_identity(RecipientKind::Individual, name);
            assert_eq!(medal_identity(name), expected, "{name:?}");
        }
    }

    #[test]
    fn the_target_index_agrees_with_the_configuration() {
        let mut config = config();
        config.target = vec![
            target(2019, Category::ResidentialAreas, 0.8, None),
            target(2019, Category::ResidentialAreas, 0.9, Some("450")),
            target(2019, Category::ResidentialAreas, 0.95, Some("450")),
            target(2019, Category::Schools, 0.7, Some("452")),
            target(2018, Category::Agencies, 0.6, None),
            target(2019, Category::ResidentialAreas, 0.1, None),
        ];
        let data = good_year(2019);
        let history = History::default();
        let checker = Checker::new(&data, &history, &config);
        for category in Category::ALL {
            for code in ["44", "450", "452", "1", "nope"] {
                assert_eq!(
                    checker.target_for(category, code),
                    Target::share_for(&config.target, 2019, category, Some(code)),
                    "{category:?} {code}"
                );
            }
        }
        assert_eq!(
            checker.target_for(Category::ResidentialAreas, "450"),
            Some(0.9)
        );
    }

    #[test]
    fn percentages_are_written_as_people_write_them() {
        assert_eq!(format_percent(0.85, Lang::Vi), "85%");
        assert_eq!(format_percent(0.875, Lang::Vi), "87,5%");
        assert_eq!(format_percent(0.875, Lang::En), "87.5%");
        assert_eq!(format_percent(1.0, Lang::En), "100%");
        assert_eq!(format_percent(0.3, Lang::Vi), "30%");
    }
}
