//! The rules: each judges one row, one award, one limitation or one locality's targets and reports
//! what it found as a [`Finding`]. Their sentences are in `wording`; the order they run in and the
//! indexes they read are the engine's (`engine`). docs/rules.md describes every rule.

use super::engine::{is_medal_to_individual, medal_identity, required, View};
use super::wording::{self, YearOnYear};
use super::{rule, Checker, Finding, RecognitionBasis, Severity};
use crate::domain::aggregate::Ratio;
use crate::domain::award::{namesake, Namesake};
use crate::domain::{
    Assessment, AwardForm, Category, Field, FieldValue, Level, Limitation, RecipientKind,
};
use crate::text::Lang;

impl<'a> Checker<'a> {
    // ---- rows -------------------------------------------------------------------------------------

    pub(super) fn check_row(&self, view: &View<'_, 'a>, position: usize, out: &mut Vec<Finding>) {
        let locality = self.tree.locality(position);
        let Some(row) = view.row(position).filter(|row| !row.is_blank()) else {
            if locality.level == Level::Commune && view.any_reported {
                out.push(self.finding(
                    Severity::Warning,
                    rule::NOT_REPORTED,
                    &locality.code,
                    None,
                    |lang| wording::not_reported(self.data.year, lang),
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

    /// Figures for a locality that is not a unit of the year.
    pub(super) fn check_unplaced_row(&self, row: &Assessment, out: &mut Vec<Finding>) {
        out.push(self.finding(
            Severity::Error,
            rule::ASSESSMENT_UNKNOWN_LOCALITY,
            &row.locality_code,
            None,
            |lang| wording::assessment_unknown_locality(&row.locality_code, self.data.year, lang),
        ));
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
            let label = |lang| self.category_label(category, lang);
            match (recognized, total) {
                (Some(recognized), Some(total)) if recognized > total => out.push(self.finding(
                    Severity::Error,
                    rule::RECOGNIZED_LE_TOTAL,
                    code,
                    Some(recognized_field.code()),
                    |lang| wording::recognized_above_total(label(lang), recognized, total, lang),
                )),
                (Some(recognized), None) => out.push(self.finding(
                    Severity::Error,
                    rule::RECOGNIZED_LE_TOTAL,
                    code,
                    Some(total_field.code()),
                    |lang| wording::recognized_without_total(label(lang), recognized, lang),
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
                    |lang| wording::commune_only_field(field, level, lang),
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
        let name = |lang| rule_set.name.get(lang);
        let count = |value: Option<u32>| u64::from(value.unwrap_or(0));

        let (basis, field) = match rule_set.basis {
            RecognitionBasis::ResidentialAreas => (
                row.residential_areas_total.map(|total| Ratio {
                    recognized: count(row.residential_areas_recognized),
                    total: total.into(),
                }),
                Field::ResidentialAreasRecognized,
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
                )
            }
        };
        let units = |lang| match rule_set.basis {
            RecognitionBasis::ResidentialAreas => {
                self.category_label(Category::ResidentialAreas, lang)
            }
            RecognitionBasis::AllUnits => wording::all_units(lang),
        };
        match basis {
            None => out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(field.code()),
                |lang| wording::rule_set_basis_not_reported(name(lang), units(lang), lang),
            )),
            Some(ratio) => {
                let required = required(rule_set.min_share, ratio.total);
                if ratio.recognized < required {
                    out.push(self.finding(
                        Severity::Error,
                        rule::COMMUNE_RULE_SET,
                        code,
                        Some(field.code()),
                        |lang| {
                            wording::rule_set_share_short(
                                name(lang),
                                units(lang),
                                required,
                                ratio.total,
                                ratio.recognized,
                                lang,
                            )
                        },
                    ));
                }
            }
        }
        if rule_set.require_police_advanced && row.police_advanced != Some(true) {
            let reported = row.police_advanced.is_some();
            out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(Field::PoliceAdvanced.code()),
                |lang| wording::rule_set_police_not_advanced(name(lang), reported, lang),
            ));
        }
        let models = row.models.unwrap_or(0);
        if models < rule_set.min_models {
            out.push(self.finding(
                Severity::Error,
                rule::COMMUNE_RULE_SET,
                code,
                Some(Field::Models.code()),
                |lang| {
                    wording::rule_set_models_short(name(lang), rule_set.min_models, models, lang)
                },
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
            let change = YearOnYear {
                field,
                before,
                year_before: previous.year,
                now,
                year: self.data.year,
                share: change as f64 / f64::from(before),
                threshold,
            };
            out.push(self.finding(
                Severity::Warning,
                rule::YOY_CHANGE,
                code,
                Some(field.code()),
                |lang| wording::yoy_change(&change, lang),
            ));
        }
    }

    // ---- targets ----------------------------------------------------------------------------------

    pub(super) fn check_targets(
        &self,
        view: &View<'_, 'a>,
        position: usize,
        out: &mut Vec<Finding>,
    ) {
        for gauge in self.gauges(view, position) {
            let (Some(target), Some(false)) = (gauge.target, gauge.met) else {
                continue;
            };
            out.push(self.finding(
                Severity::Warning,
                rule::TARGET_SHORTFALL,
                &gauge.locality_code,
                Some(gauge.category.code()),
                |lang| {
                    wording::target_shortfall(
                        self.category_label(gauge.category, lang),
                        gauge.ratio.recognized,
                        gauge.ratio.total,
                        gauge.ratio.share(),
                        target,
                        gauge.missing,
                        lang,
                    )
                },
            ));
        }
    }

    // ---- awards and limitations -------------------------------------------------------------------

    pub(super) fn check_award(&self, view: &View<'_, 'a>, index: usize, out: &mut Vec<Finding>) {
        let Some(award) = self.data.awards.get(index) else {
            return;
        };
        let code = award.locality_code.as_deref().unwrap_or("");
        let recipient = award.recipient.as_str();
        let form = |lang| self.award_form_label(award.form, lang);
        let mut push = |severity, rule, message: &dyn Fn(Lang) -> String| {
            out.push(self.finding(severity, rule, code, Some("award"), message));
        };

        match (award.form, award.recipient_kind) {
            (AwardForm::EmulationFlag, RecipientKind::Individual) => {
                push(Severity::Error, rule::FLAG_TO_INDIVIDUAL, &|lang| {
                    wording::flag_to_individual(form(lang), recipient, lang)
                })
            }
            (AwardForm::CommemorativeMedal, RecipientKind::Collective) => {
                push(Severity::Error, rule::MEDAL_TO_COLLECTIVE, &|lang| {
                    wording::medal_to_collective(form(lang), recipient, lang)
                })
            }
            _ => {}
        }

        if is_medal_to_individual(award) {
            let identity = medal_identity(recipient);
            let me = (award.birth_year, award.locality_code.as_deref());
            // This year: the first earlier medal to the same person, else to a namesake no one can
            // tell apart (the later award is the one flagged).
            let earlier = self
                .medals_this_year
                .get(&identity)
                .into_iter()
                .flatten()
                .take_while(|&&other| other != index)
                .filter_map(|&other| self.data.awards.get(other));
            let mut same = None;
            let mut maybe = None;
            for other in earlier {
                match namesake(me, (other.birth_year, other.locality_code.as_deref())) {
                    Namesake::Same => {
                        same = Some(other);
                        break;
                    }
                    Namesake::Maybe => maybe = maybe.or(Some(other)),
                    Namesake::Other => {}
                }
            }
            if let Some(first) = same {
                push(Severity::Error, rule::MEDAL_TWICE, &|lang| {
                    wording::medal_twice_this_year(form(lang), recipient, &first.decision_no, lang)
                });
            } else if let Some(first) = maybe {
                push(Severity::Warning, rule::MEDAL_NAMESAKE, &|lang| {
                    wording::medal_namesake_this_year(
                        form(lang),
                        recipient,
                        &first.decision_no,
                        lang,
                    )
                });
            }
            // Other years: the years of the same person, else of namesakes no one can tell apart.
            let mut same_years = Vec::new();
            let mut maybe_years = Vec::new();
            for (year, birth_year, unit) in
                self.medals_other_years.get(&identity).into_iter().flatten()
            {
                match namesake(me, (*birth_year, unit.as_deref())) {
                    Namesake::Same => same_years.push(*year),
                    Namesake::Maybe => maybe_years.push(*year),
                    Namesake::Other => {}
                }
            }
            let list = |years: &mut Vec<i32>| {
                years.sort_unstable();
                years.dedup();
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !same_years.is_empty() {
                let years = list(&mut same_years);
                push(Severity::Error, rule::MEDAL_TWICE, &|lang| {
                    wording::medal_twice_other_years(form(lang), recipient, &years, lang)
                });
            } else if !maybe_years.is_empty() {
                let years = list(&mut maybe_years);
                push(Severity::Warning, rule::MEDAL_NAMESAKE, &|lang| {
                    wording::medal_namesake_other_years(form(lang), recipient, &years, lang)
                });
            }
        }

        if let Some(locality_code) = award.locality_code.as_deref() {
            match self.tree.position(locality_code) {
                None => push(Severity::Error, rule::AWARD_UNKNOWN_LOCALITY, &|lang| {
                    wording::award_unknown_locality(recipient, locality_code, self.data.year, lang)
                }),
                Some(position) => {
                    let is_commune = self.tree.locality(position).level == Level::Commune;
                    let recognized = view.row(position).and_then(|row| row.commune_recognized);
                    if award.recipient_kind == RecipientKind::Collective
                        && is_commune
                        && recognized != Some(true)
                    {
                        let commune = &self.tree.locality(position).name;
                        push(
                            Severity::Warning,
                            rule::AWARD_UNRECOGNISED_COLLECTIVE,
                            &|lang| {
                                wording::award_unrecognised_collective(
                                    recipient,
                                    commune,
                                    self.data.year,
                                    lang,
                                )
                            },
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
                push(Severity::Warning, rule::UNUSUAL_ISSUER, &|lang| {
                    wording::unusual_issuer(
                        form(lang),
                        recipient,
                        &issuer(lang),
                        &usual_list(lang),
                        lang,
                    )
                });
            }
        }
    }

    /// A limitation recorded for a locality that is not a unit of the year.
    pub(super) fn check_limitation(&self, limitation: &Limitation, out: &mut Vec<Finding>) {
        if self.tree.position(&limitation.locality_code).is_none() {
            out.push(self.finding(
                Severity::Error,
                rule::LIMITATION_UNKNOWN_LOCALITY,
                &limitation.locality_code,
                Some("limitation"),
                |lang| {
                    wording::limitation_unknown_locality(
                        &limitation.locality_code,
                        self.data.year,
                        lang,
                    )
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::fixtures::*;
    use crate::domain::{Award, History, LimitationStatus, MedalHolder};

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
            .contains("khu dân cư: đạt 16, Thông tư 23/2012/TT-BCA cần ≥ 18/25 (thiếu 2)"));
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
            .contains("đạt 18, Thông tư 124/2021/TT-BCA cần ≥ 25/35 (thiếu 7)"));
        assert_eq!(found[1].field.as_deref(), Some("models"));
        assert!(found[1]
            .message(Lang::En)
            .contains("self-management models: 0, Circular 124/2021/TT-BCA needs ≥ 1 (1 short)"));

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
        let holder = |year, name: &str| MedalHolder {
            year,
            recipient: name.to_string(),
            birth_year: None,
            locality_code: Some("1".to_string()),
        };
        let history = History {
            previous: None,
            medals_other_years: vec![
                holder(2015, "Phạm Thị Dung"),
                holder(2019, "Tran Văn Cường"),
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
    fn a_person_is_a_name_and_a_birth_year_or_unit() {
        let medal = |name: &str, born: Option<i32>, code: Option<&str>, decision: &str| {
            let mut a = award(
                AwardForm::CommemorativeMedal,
                RecipientKind::Individual,
                name,
                code,
            );
            a.birth_year = born;
            a.decision_no = decision.to_string();
            a
        };
        let judged = |awards: Vec<Award>, history: Vec<MedalHolder>| {
            let mut data = good_year(2019);
            data.awards = awards;
            let history = History {
                previous: None,
                medals_other_years: history,
            };
            let findings = check(&data, &history, &config());
            let twice = of_rule(&findings, rule::MEDAL_TWICE).len();
            let namesake: Vec<(Severity, String)> = of_rule(&findings, rule::MEDAL_NAMESAKE)
                .iter()
                .map(|f| (f.severity, f.message(Lang::Vi).to_string()))
                .collect();
            (twice, namesake)
        };
        let a = "Lê Văn Hùng";
        // This year. The same birth year: an error, even in another unit.
        let (twice, maybe) = judged(
            vec![
                medal(a, Some(1965), Some("1"), "1/QĐ"),
                medal(a, Some(1965), Some("2"), "2/QĐ"),
            ],
            vec![],
        );
        assert_eq!((twice, maybe.len()), (1, 0));
        // Different birth years, same unit: two people.
        let (twice, maybe) = judged(
            vec![
                medal(a, Some(1965), Some("1"), "1/QĐ"),
                medal(a, Some(1970), Some("1"), "2/QĐ"),
            ],
            vec![],
        );
        assert_eq!((twice, maybe.len()), (0, 0));
        // No birth years: the unit decides.
        let (twice, _) = judged(
            vec![
                medal(a, None, Some("1"), "1/QĐ"),
                medal(a, None, Some("1"), "2/QĐ"),
            ],
            vec![],
        );
        assert_eq!(twice, 1);
        let (twice, maybe) = judged(
            vec![
                medal(a, None, Some("1"), "1/QĐ"),
                medal(a, None, Some("2"), "2/QĐ"),
            ],
            vec![],
        );
        assert_eq!((twice, maybe.len()), (0, 0));
        // One of them lacks both: maybe the same person, a warning naming the earlier decision.
        let (twice, maybe) = judged(
            vec![
                medal(a, None, None, "1/QĐ"),
                medal(a, Some(1965), Some("1"), "2/QĐ"),
            ],
            vec![],
        );
        assert_eq!(twice, 0);
        assert_eq!(maybe.len(), 1, "{maybe:?}");
        assert_eq!(maybe[0].0, Severity::Warning);
        assert!(
            maybe[0].1.starts_with("có thể trùng người: Lê Văn Hùng"),
            "{maybe:?}"
        );
        assert!(maybe[0].1.contains("1/QĐ"), "{maybe:?}");

        // Other years, the same three answers.
        let holder = |year, born, code: Option<&str>| MedalHolder {
            year,
            recipient: a.to_string(),
            birth_year: born,
            locality_code: code.map(str::to_string),
        };
        let this = || vec![medal(a, Some(1965), Some("1"), "9/QĐ")];
        let (twice, maybe) = judged(this(), vec![holder(2016, Some(1965), Some("2"))]);
        assert_eq!((twice, maybe.len()), (1, 0));
        let (twice, maybe) = judged(this(), vec![holder(2016, Some(1980), Some("1"))]);
        assert_eq!((twice, maybe.len()), (0, 0));
        let (twice, maybe) = judged(this(), vec![holder(2016, None, None)]);
        assert_eq!(twice, 0);
        assert!(
            maybe.len() == 1 && maybe[0].1.contains("năm 2016"),
            "{maybe:?}"
        );
        // The same person in one year outweighs a namesake in another: one error, no warning.
        let (twice, maybe) = judged(
            this(),
            vec![holder(2016, None, None), holder(2017, None, Some("1"))],
        );
        assert_eq!((twice, maybe.len()), (1, 0));
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
}
