//! Aggregation: a district's figures are its communes plus the units it manages itself; the province's
//! are its districts plus its own units. Commune counts come from the localities valid in the year, never
//! typed. Shares are derived.

use super::{Assessment, Category, Level, YearData};
use std::collections::HashMap;

/// recognised/total of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub recognized: u64,
    pub total: u64,
}

impl Ratio {
    /// None when the total is 0 (nothing to share).
    pub fn share(self) -> Option<f64> {
        (self.total > 0).then(|| self.recognized as f64 / self.total as f64)
    }

    pub fn add(&mut self, other: Ratio) {
        self.recognized += other.recognized;
        self.total += other.total;
    }
}

/// The figures of one locality (own row, or the sum over its subtree).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub residential_areas: Ratio,
    pub communes: Ratio,
    pub agencies: Ratio,
    pub schools: Ratio,
    pub models: u64,
}

impl Totals {
    pub fn get(&self, category: Category) -> Ratio {
        match category {
            Category::ResidentialAreas => self.residential_areas,
            Category::Communes => self.communes,
            Category::Agencies => self.agencies,
            Category::Schools => self.schools,
        }
    }

    pub fn add(&mut self, other: &Totals) {
        self.residential_areas.add(other.residential_areas);
        self.communes.add(other.communes);
        self.agencies.add(other.agencies);
        self.schools.add(other.schools);
        self.models += other.models;
    }

    pub fn sub(&mut self, other: &Totals) {
        let sub = |a: &mut Ratio, b: Ratio| {
            a.recognized = a.recognized.saturating_sub(b.recognized);
            a.total = a.total.saturating_sub(b.total);
        };
        sub(&mut self.residential_areas, other.residential_areas);
        sub(&mut self.communes, other.communes);
        sub(&mut self.agencies, other.agencies);
        sub(&mut self.schools, other.schools);
        self.models = self.models.saturating_sub(other.models);
    }

    /// The contribution of one locality's own row. A commune counts itself once in `communes` whether
    /// or not a row exists; not-reported counts add nothing.
    pub fn own(level: Level, row: Option<&Assessment>) -> Totals {
        let n = |v: Option<u32>| v.unwrap_or(0) as u64;
        let mut t = Totals::default();
        if level == Level::Commune {
            t.communes.total = 1;
        }
        if let Some(a) = row {
            t.residential_areas = Ratio {
                recognized: n(a.residential_areas_recognized),
                total: n(a.residential_areas_total),
            };
            if level == Level::Commune && a.commune_recognized == Some(true) {
                t.communes.recognized = 1;
            }
            t.agencies = Ratio {
                recognized: n(a.agencies_recognized),
                total: n(a.agencies_total),
            };
            t.schools = Ratio {
                recognized: n(a.schools_recognized),
                total: n(a.schools_total),
            };
            t.models = n(a.models);
        }
        t
    }
}

/// Totals for every locality of a year: communes (their own row), districts and the province (sums).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregates {
    pub year: i32,
    /// The province's code, when the year has a province.
    pub province: Option<String>,
    /// Locality code → totals over its subtree (its own row for a commune).
    pub by_locality: HashMap<String, Totals>,
}

impl Aggregates {
    pub fn get(&self, code: &str) -> Totals {
        self.by_locality.get(code).copied().unwrap_or_default()
    }

    pub fn province_totals(&self) -> Totals {
        self.province
            .as_deref()
            .map(|p| self.get(p))
            .unwrap_or_default()
    }
}

/// Sums a year bottom-up. Linear in localities + assessments.
pub fn aggregate(data: &YearData) -> Aggregates {
    let rows: HashMap<&str, &Assessment> = data
        .assessments
        .iter()
        .map(|a| (a.locality_code.as_str(), a))
        .collect();
    let mut by_locality: HashMap<String, Totals> = HashMap::with_capacity(data.localities.len());
    for l in &data.localities {
        by_locality.insert(l.code.clone(), Totals::own(l.level, rows.get(l.code.as_str()).copied()));
    }
    let parent_of: HashMap<&str, &str> = data
        .localities
        .iter()
        .filter_map(|l| l.parent_code.as_deref().map(|p| (l.code.as_str(), p)))
        .collect();
    // Communes into districts, then districts into the province.
    for level in [Level::Commune, Level::District] {
        for l in data.localities.iter().filter(|l| l.level == level) {
            let Some(parent) = parent_of.get(l.code.as_str()) else {
                continue;
            };
            let child = by_locality.get(&l.code).copied().unwrap_or_default();
            if let Some(p) = by_locality.get_mut(*parent) {
                p.add(&child);
            }
        }
    }
    let province = data
        .localities
        .iter()
        .find(|l| l.level == Level::Province)
        .map(|l| l.code.clone());
    Aggregates {
        year: data.year,
        province,
        by_locality,
    }
}
