//! The evaluation engine: a year prepared once (positions, subtree totals, awards by locality, medal
//! holders, targets), the view of the rows with a value being typed laid over them, and the order in
//! which the rules run. The rules themselves are in `checks`, their sentences in `wording`.

use super::{DistrictCheck, Edit, Finding, Gauge, RuleBook, RuleSet, Severity};
use crate::domain::aggregate::{Totals, YearTree};
use crate::domain::{
    Assessment, Award, AwardForm, AwardFormSpec, Category, Coded, History, Level, RecipientKind,
    Target, YearData,
};
use crate::text::{normalize, Lang};
use std::collections::HashMap;

/// A year prepared for checking: build once, check many times.
#[derive(Debug, Clone)]
pub struct Checker<'a> {
    pub(super) data: &'a YearData,
    pub(super) rules: RuleBook<'a>,
    pub(super) tree: YearTree<'a>,
    pub(super) rule_set: Option<&'a RuleSet>,
    pub(super) previous: Option<PreviousYear<'a>>,
    /// Positions of awards by the position of their locality.
    awards_at: HashMap<usize, Vec<usize>>,
    /// Commemorative medals to individuals in this year: identity → award indices in data order.
    pub(super) medals_this_year: HashMap<String, Vec<usize>>,
    /// Name → the medals of other years to that name, by year.
    pub(super) medals_other_years: HashMap<String, Vec<OtherMedal>>,
    /// How many rows of the year report at least one figure.
    reported_rows: usize,
    /// The year has no district (two-level local government): the communes' words change.
    without_districts: bool,
    /// The year's targets by (category, district or None for province-wide): [`Target::share_for`]
    /// without a scan of every target for every gauge.
    targets: HashMap<(Category, Option<&'a str>), f64>,
}

/// A medal of another year to a name: (year, birth year, unit).
pub(super) type OtherMedal = (i32, Option<i32>, Option<String>);

#[derive(Debug, Clone)]
pub(super) struct PreviousYear<'a> {
    pub(super) year: i32,
    pub(super) rows: HashMap<&'a str, &'a Assessment>,
    /// School counts change meaning with the rule set (TT 124 counts "educational institutions" and
    /// drops primary schools and kindergartens), so they are compared only within one rule set.
    pub(super) schools_comparable: bool,
}

/// The edited row and what it changes in the totals.
struct Overlay {
    position: usize,
    row: Assessment,
    old_own: Totals,
    new_own: Totals,
}

/// What rows look like during one check: the stored rows, or one of them replaced by an edit.
pub(super) struct View<'c, 'a> {
    checker: &'c Checker<'a>,
    overlay: Option<Overlay>,
    pub(super) any_reported: bool,
}

impl<'c, 'a> View<'c, 'a> {
    pub(super) fn row(&self, position: usize) -> Option<&Assessment> {
        match &self.overlay {
            Some(overlay) if overlay.position == position => Some(&overlay.row),
            _ => self.checker.tree.row(position),
        }
    }

    /// A locality's subtree totals with the edited row's change applied when it lies in the subtree.
    pub(super) fn totals(&self, position: usize) -> Totals {
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

        let mut medals_other_years: HashMap<String, Vec<OtherMedal>> = HashMap::new();
        for holder in &history.medals_other_years {
            if holder.year != data.year {
                medals_other_years
                    .entry(medal_identity(&holder.recipient))
                    .or_default()
                    .push((holder.year, holder.birth_year, holder.locality_code.clone()));
            }
        }
        for holders in medals_other_years.values_mut() {
            holders.sort_unstable();
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
            without_districts: !data
                .localities
                .iter()
                .any(|l| l.level == crate::domain::Level::District),
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
            self.check_limitation(limitation, &mut findings);
        }
        for row in self.tree.unplaced_rows() {
            self.check_unplaced_row(row, &mut findings);
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

    /// A finding of this year; `message` words it in each language.
    pub(super) fn finding(
        &self,
        severity: Severity,
        rule: &'static str,
        locality_code: &str,
        field: Option<&str>,
        message: impl Fn(Lang) -> String,
    ) -> Finding {
        Finding {
            severity,
            rule,
            year: self.data.year,
            locality_code: locality_code.to_string(),
            field: field.map(str::to_string),
            message_vi: message(Lang::Vi),
            message_en: message(Lang::En),
        }
    }

    /// The configured label, borrowed: labels go into every message but most rows produce none.
    pub(super) fn category_label(&self, category: Category, lang: Lang) -> &'a str {
        if self.without_districts && category == Category::Communes {
            return crate::domain::label::communes_without_districts(lang);
        }
        let categories: &'a [Coded] = self.rules.categories;
        categories
            .iter()
            .find(|c| c.code == category.code())
            .map_or(category.code(), |c| c.label(lang))
    }

    pub(super) fn award_form_label(&self, form: AwardForm, lang: Lang) -> &'a str {
        let award_forms: &'a [AwardFormSpec] = self.rules.award_forms;
        award_forms
            .iter()
            .find(|f| f.code == form.code())
            .map_or(form.code(), |f| match lang {
                Lang::Vi => f.vi.as_str(),
                Lang::En => f.en.as_str(),
            })
    }

    pub(super) fn gauges(&self, view: &View<'_, 'a>, position: usize) -> Vec<Gauge> {
        let code = self.tree.locality(position).code.as_str();
        let totals = view.totals(position);
        Category::ALL
            .into_iter()
            .map(|category| {
                Gauge::judge(
                    code,
                    category,
                    totals.get(category),
                    self.target_for(category, code),
                )
            })
            .collect()
    }
}

/// [`Target::required`] for a share read from configuration: a share above 1 cannot be met by more
/// than everything, and would overflow the exact arithmetic, so it counts as 1.
pub(super) fn required(min_share: f64, total: u64) -> u64 {
    Target::required(min_share.min(1.0), total)
}

/// The name part of [`recipient_identity`] (trim + NFC), skipping the normalisation work for a name that
/// is already NFC, as stored names are: preparing a national year reads tens of thousands of them.
pub(super) fn medal_identity(name: &str) -> String {
    let trimmed = name.trim();
    if unicode_normalization::is_nfc(trimmed) {
        trimmed.to_string()
    } else {
        normalize(trimmed)
    }
}

pub(super) fn is_medal_to_individual(award: &Award) -> bool {
    award.form == AwardForm::CommemorativeMedal && award.recipient_kind == RecipientKind::Individual
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::Ratio;
    use crate::domain::rules::fixtures::*;
    use crate::domain::rules::rule;
    use crate::domain::{recipient_identity, Field, FieldValue};

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
}
