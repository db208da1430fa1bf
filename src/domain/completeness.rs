//! Whether a unit's figures are all in. A unit (a commune, or a district's or province's own row) is
//! **entered** when every field the year's rule set asks of it is reported; "not reported" is not 0,
//! so a unit with nothing of a kind reports 0 for it.

use super::{Assessment, Field, Level, RuleSet};

/// The fields a unit at `level` reports in a year judged by `rule_set`: a commune its residential
/// areas, its own recognition, the units it manages, and the police's rating and its models where the
/// rule set looks at them; a district's or province's own row the agencies and schools it manages.
pub fn required_fields(level: Level, rule_set: Option<&RuleSet>) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| match f {
            Field::Models => level == Level::Commune && rule_set.is_some_and(|r| r.min_models > 0),
            Field::PoliceAdvanced => {
                level == Level::Commune && rule_set.is_none_or(|r| r.require_police_advanced)
            }
            f => level == Level::Commune || !f.commune_only(),
        })
        .collect()
}

/// The required fields `row` does not report (all of them without a row).
pub fn missing_fields(
    level: Level,
    row: Option<&Assessment>,
    rule_set: Option<&RuleSet>,
) -> Vec<Field> {
    required_fields(level, rule_set)
        .into_iter()
        .filter(|f| row.is_none_or(|r| !r.get(*f).is_reported()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FieldValue, Label, RecognitionBasis};

    fn tt23() -> RuleSet {
        RuleSet {
            id: "tt23_2012".into(),
            name: Label {
                vi: "TT 23".into(),
                en: "TT 23".into(),
            },
            from_year: 2013,
            to_year: Some(2021),
            basis: RecognitionBasis::ResidentialAreas,
            min_share: 0.7,
            require_police_advanced: true,
            min_models: 0,
        }
    }

    #[test]
    fn a_commune_is_entered_when_every_field_is_reported_and_zero_counts() {
        let rules = tt23();
        let mut row = Assessment::empty(2019, "18853");
        // TT 23 asks no model of a commune: eight fields.
        assert_eq!(missing_fields(Level::Commune, None, Some(&rules)).len(), 8);
        assert_eq!(
            missing_fields(Level::Commune, Some(&row), Some(&rules)).len(),
            8
        );
        for f in Field::ALL {
            let value = match f.kind() {
                crate::domain::FieldKind::Count => FieldValue::Count(Some(0)),
                crate::domain::FieldKind::Flag => FieldValue::Flag(Some(false)),
            };
            row.set(f, value);
        }
        assert!(missing_fields(Level::Commune, Some(&row), Some(&rules)).is_empty());
        row.set(Field::SchoolsTotal, FieldValue::Count(None));
        assert_eq!(
            missing_fields(Level::Commune, Some(&row), Some(&rules)),
            vec![Field::SchoolsTotal]
        );
        // TT 124 asks for at least one model: then the count must be reported.
        let mut tt124 = rules.clone();
        tt124.min_models = 1;
        row.set(Field::SchoolsTotal, FieldValue::Count(Some(0)));
        row.set(Field::Models, FieldValue::Count(None));
        assert_eq!(
            missing_fields(Level::Commune, Some(&row), Some(&tt124)),
            vec![Field::Models]
        );
    }

    #[test]
    fn a_district_row_reports_what_it_manages_and_the_police_only_where_judged() {
        let own = required_fields(Level::District, Some(&tt23()));
        assert_eq!(
            own,
            vec![
                Field::AgenciesTotal,
                Field::AgenciesRecognized,
                Field::SchoolsTotal,
                Field::SchoolsRecognized,
            ]
        );
        let mut lenient = tt23();
        lenient.require_police_advanced = false;
        assert!(!required_fields(Level::Commune, Some(&lenient)).contains(&Field::PoliceAdvanced));
    }
}
