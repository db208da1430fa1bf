use serde::{Deserialize, Serialize};

/// One locality's figures for one report year (one row of `assessments.csv`). `None` is "not reported",
/// which is distinct from 0. A commune row carries its residential areas and its own recognition; any
/// row carries the agencies and schools managed at that level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    pub year: i32,
    pub locality_code: String,
    pub residential_areas_total: Option<u32>,
    pub residential_areas_recognized: Option<u32>,
    pub commune_recognized: Option<bool>,
    pub police_advanced: Option<bool>,
    pub agencies_total: Option<u32>,
    pub agencies_recognized: Option<u32>,
    pub schools_total: Option<u32>,
    pub schools_recognized: Option<u32>,
    pub models: Option<u32>,
}

/// The typed fields of an assessment row, in the order of `assessments.csv` and of the paper form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ResidentialAreasTotal,
    ResidentialAreasRecognized,
    CommuneRecognized,
    PoliceAdvanced,
    AgenciesTotal,
    AgenciesRecognized,
    SchoolsTotal,
    SchoolsRecognized,
    Models,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Count,
    Flag,
}

/// A field's value: a count or a yes/no, either possibly not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue {
    Count(Option<u32>),
    Flag(Option<bool>),
}

impl FieldValue {
    pub fn is_reported(self) -> bool {
        match self {
            FieldValue::Count(c) => c.is_some(),
            FieldValue::Flag(f) => f.is_some(),
        }
    }
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::ResidentialAreasTotal,
        Field::ResidentialAreasRecognized,
        Field::CommuneRecognized,
        Field::PoliceAdvanced,
        Field::AgenciesTotal,
        Field::AgenciesRecognized,
        Field::SchoolsTotal,
        Field::SchoolsRecognized,
        Field::Models,
    ];

    /// The column name in `assessments.csv`, the store and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Field::ResidentialAreasTotal => "residential_areas_total",
            Field::ResidentialAreasRecognized => "residential_areas_recognized",
            Field::CommuneRecognized => "commune_recognized",
            Field::PoliceAdvanced => "police_advanced",
            Field::AgenciesTotal => "agencies_total",
            Field::AgenciesRecognized => "agencies_recognized",
            Field::SchoolsTotal => "schools_total",
            Field::SchoolsRecognized => "schools_recognized",
            Field::Models => "models",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Field::CommuneRecognized | Field::PoliceAdvanced => FieldKind::Flag,
            _ => FieldKind::Count,
        }
    }

    /// Fields that only a commune row carries (residential areas, the commune's own recognition).
    pub fn commune_only(self) -> bool {
        matches!(
            self,
            Field::ResidentialAreasTotal
                | Field::ResidentialAreasRecognized
                | Field::CommuneRecognized
                | Field::PoliceAdvanced
        )
    }

    /// Whether a row of a unit of `level` has this field: a district's or province's own row carries
    /// no commune field.
    pub fn applies_to(self, level: super::Level) -> bool {
        level == super::Level::Commune || !self.commune_only()
    }

    /// For a "recognised" field, the matching "total" field (and the other way round).
    pub fn pair(self) -> Option<Field> {
        match self {
            Field::ResidentialAreasTotal => Some(Field::ResidentialAreasRecognized),
            Field::ResidentialAreasRecognized => Some(Field::ResidentialAreasTotal),
            Field::AgenciesTotal => Some(Field::AgenciesRecognized),
            Field::AgenciesRecognized => Some(Field::AgenciesTotal),
            Field::SchoolsTotal => Some(Field::SchoolsRecognized),
            Field::SchoolsRecognized => Some(Field::SchoolsTotal),
            _ => None,
        }
    }
}

impl Assessment {
    pub fn empty(year: i32, locality_code: &str) -> Assessment {
        Assessment {
            year,
            locality_code: locality_code.to_string(),
            ..Assessment::default()
        }
    }

    pub fn get(&self, field: Field) -> FieldValue {
        match field {
            Field::ResidentialAreasTotal => FieldValue::Count(self.residential_areas_total),
            Field::ResidentialAreasRecognized => {
                FieldValue::Count(self.residential_areas_recognized)
            }
            Field::CommuneRecognized => FieldValue::Flag(self.commune_recognized),
            Field::PoliceAdvanced => FieldValue::Flag(self.police_advanced),
            Field::AgenciesTotal => FieldValue::Count(self.agencies_total),
            Field::AgenciesRecognized => FieldValue::Count(self.agencies_recognized),
            Field::SchoolsTotal => FieldValue::Count(self.schools_total),
            Field::SchoolsRecognized => FieldValue::Count(self.schools_recognized),
            Field::Models => FieldValue::Count(self.models),
        }
    }

    /// Sets a field; a value of the wrong kind is ignored (returns false).
    pub fn set(&mut self, field: Field, value: FieldValue) -> bool {
        match (field, value) {
            (Field::CommuneRecognized, FieldValue::Flag(v)) => self.commune_recognized = v,
            (Field::PoliceAdvanced, FieldValue::Flag(v)) => self.police_advanced = v,
            (f, FieldValue::Count(v)) if f.kind() == FieldKind::Count => match f {
                Field::ResidentialAreasTotal => self.residential_areas_total = v,
                Field::ResidentialAreasRecognized => self.residential_areas_recognized = v,
                Field::AgenciesTotal => self.agencies_total = v,
                Field::AgenciesRecognized => self.agencies_recognized = v,
                Field::SchoolsTotal => self.schools_total = v,
                Field::SchoolsRecognized => self.schools_recognized = v,
                Field::Models => self.models = v,
                _ => return false,
            },
            _ => return false,
        }
        true
    }

    /// True when no field is reported.
    pub fn is_blank(&self) -> bool {
        Field::ALL.iter().all(|f| !self.get(*f).is_reported())
    }
}
