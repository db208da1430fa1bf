//! Aggregation: a district's figures are its communes plus the units it manages itself; the province's
//! are its districts plus its own units. Commune counts come from the localities valid in the year, never
//! typed. Shares are derived.

use super::{Assessment, Category, Level, Locality, YearData};
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
    let tree = YearTree::new(data);
    let mut by_locality: HashMap<String, Totals> = HashMap::with_capacity(tree.len());
    for (position, locality) in data.localities.iter().enumerate() {
        by_locality
            .entry(locality.code.clone())
            .or_insert_with(|| tree.totals(position));
    }
    Aggregates {
        year: data.year,
        province: tree
            .province()
            .map(|position| data.localities[position].code.clone()),
        by_locality,
    }
}

/// One year's localities as a tree addressed by position in `YearData::localities`, with each
/// locality's own row, its own contribution and its subtree totals. Built once (linear time) so that
/// a single changed row can be re-summed along its ancestors alone: the rules engine does this on
/// every keystroke.
///
/// A parent link is kept only when the parent is of a higher level (commune → district → province, or
/// commune → province once districts are abolished), so the ancestor chain is at most two links long
/// and odd data (cycles, a commune under a commune, a missing parent) can never loop or double count.
/// A locality whose parent is missing is summed nowhere above itself.
#[derive(Debug, Clone)]
pub struct YearTree<'a> {
    localities: &'a [Locality],
    position_of: HashMap<&'a str, usize>,
    rows: Vec<Option<&'a Assessment>>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    own: Vec<Totals>,
    totals: Vec<Totals>,
    province: Option<usize>,
    unplaced_rows: Vec<&'a Assessment>,
}

impl<'a> YearTree<'a> {
    pub fn new(data: &'a YearData) -> YearTree<'a> {
        let localities = data.localities.as_slice();
        let count = localities.len();
        let mut position_of: HashMap<&'a str, usize> = HashMap::with_capacity(count);
        for (position, locality) in localities.iter().enumerate() {
            // Codes are unique within a year; should they not be, the first one is the one addressed.
            position_of
                .entry(locality.code.as_str())
                .or_insert(position);
        }

        let mut rows: Vec<Option<&'a Assessment>> = vec![None; count];
        let mut unplaced_rows = Vec::new();
        for row in &data.assessments {
            match position_of.get(row.locality_code.as_str()) {
                // Two rows for one locality: the later one wins, as a later import would replace it.
                Some(&position) => rows[position] = Some(row),
                None => unplaced_rows.push(row),
            }
        }

        let parent: Vec<Option<usize>> = localities
            .iter()
            .map(|locality| {
                let parent = *position_of.get(locality.parent_code.as_deref()?)?;
                (localities[parent].level < locality.level).then_some(parent)
            })
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (position, parent) in parent.iter().enumerate() {
            if let Some(parent) = *parent {
                children[parent].push(position);
            }
        }

        let own: Vec<Totals> = localities
            .iter()
            .zip(&rows)
            .map(|(locality, row)| Totals::own(locality.level, *row))
            .collect();
        let mut totals = own.clone();
        for (position, contribution) in own.iter().enumerate() {
            let mut ancestor = parent[position];
            while let Some(above) = ancestor {
                totals[above].add(contribution);
                ancestor = parent[above];
            }
        }

        let province = localities.iter().position(|l| l.level == Level::Province);
        YearTree {
            localities,
            position_of,
            rows,
            parent,
            children,
            own,
            totals,
            province,
            unplaced_rows,
        }
    }

    pub fn len(&self) -> usize {
        self.localities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.localities.is_empty()
    }

    pub fn locality(&self, position: usize) -> &'a Locality {
        &self.localities[position]
    }

    pub fn position(&self, code: &str) -> Option<usize> {
        self.position_of.get(code).copied()
    }

    /// The locality's stored row, if any.
    pub fn row(&self, position: usize) -> Option<&'a Assessment> {
        self.rows[position]
    }

    pub fn parent(&self, position: usize) -> Option<usize> {
        self.parent[position]
    }

    /// Direct children, in the order of `YearData::localities`.
    pub fn children(&self, position: usize) -> &[usize] {
        &self.children[position]
    }

    /// The parent, the parent's parent … (at most two).
    pub fn ancestors(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[position], move |&above| self.parent[above])
    }

    /// What the locality's own row adds to every total it is part of.
    pub fn own(&self, position: usize) -> Totals {
        self.own[position]
    }

    /// The sum over the locality's subtree (its own contribution included).
    pub fn totals(&self, position: usize) -> Totals {
        self.totals[position]
    }

    /// The first province-level locality of the year: "the province".
    pub fn province(&self) -> Option<usize> {
        self.province
    }

    /// Assessment rows whose locality code is not a unit of the year.
    pub fn unplaced_rows(&self) -> &[&'a Assessment] {
        &self.unplaced_rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locality(code: &str, level: Level, parent: Option<&str>) -> Locality {
        Locality {
            id: 0,
            code: code.to_string(),
            name: code.to_string(),
            level,
            parent_code: parent.map(str::to_string),
            valid_from: None,
            valid_to: None,
            predecessors: Vec::new(),
        }
    }

    fn row(code: &str, ra: (u32, u32), recognized: bool, agencies: (u32, u32)) -> Assessment {
        Assessment {
            year: 2019,
            locality_code: code.to_string(),
            residential_areas_total: Some(ra.1),
            residential_areas_recognized: Some(ra.0),
            commune_recognized: Some(recognized),
            agencies_total: Some(agencies.1),
            agencies_recognized: Some(agencies.0),
            ..Assessment::default()
        }
    }

    fn small_year() -> YearData {
        YearData {
            year: 2019,
            localities: vec![
                locality("44", Level::Province, None),
                locality("450", Level::District, Some("44")),
                locality("1", Level::Commune, Some("450")),
                locality("2", Level::Commune, Some("450")),
                locality("452", Level::District, Some("44")),
                locality("3", Level::Commune, Some("452")),
            ],
            assessments: vec![
                row("1", (8, 10), true, (1, 2)),
                row("2", (5, 10), false, (0, 0)),
                row("3", (20, 25), true, (3, 3)),
                Assessment {
                    agencies_total: Some(40),
                    agencies_recognized: Some(38),
                    ..Assessment::empty(2019, "450")
                },
                Assessment {
                    agencies_total: Some(100),
                    agencies_recognized: Some(90),
                    ..Assessment::empty(2019, "44")
                },
            ],
            ..YearData::default()
        }
    }

    #[test]
    fn district_is_its_communes_plus_its_own_units() {
        let agg = aggregate(&small_year());
        let district = agg.get("450");
        assert_eq!(
            district.residential_areas,
            Ratio {
                recognized: 13,
                total: 20
            }
        );
        assert_eq!(
            district.communes,
            Ratio {
                recognized: 1,
                total: 2
            }
        );
        assert_eq!(
            district.agencies,
            Ratio {
                recognized: 39,
                total: 42
            }
        );
        let province = agg.province_totals();
        assert_eq!(
            province.residential_areas,
            Ratio {
                recognized: 33,
                total: 45
            }
        );
        assert_eq!(
            province.communes,
            Ratio {
                recognized: 2,
                total: 3
            }
        );
        assert_eq!(
            province.agencies,
            Ratio {
                recognized: 132,
                total: 145
            }
        );
        assert_eq!(agg.province.as_deref(), Some("44"));
    }

    #[test]
    fn odd_parents_neither_loop_nor_double_count() {
        let mut data = small_year();
        // A commune naming a commune as parent, a district naming a missing parent, a cycle.
        data.localities
            .push(locality("4", Level::Commune, Some("1")));
        data.localities
            .push(locality("459", Level::District, Some("99")));
        data.localities
            .push(locality("5", Level::Commune, Some("6")));
        data.localities
            .push(locality("6", Level::Commune, Some("5")));
        data.assessments.push(row("4", (1, 1), true, (0, 0)));
        let agg = aggregate(&data);
        assert_eq!(
            agg.get("1").communes,
            Ratio {
                recognized: 1,
                total: 1
            }
        );
        assert_eq!(
            agg.province_totals().communes,
            Ratio {
                recognized: 2,
                total: 3
            }
        );
        assert_eq!(agg.get("459").communes.total, 0);
    }

    #[test]
    fn communes_directly_under_the_province_are_counted_once() {
        let data = YearData {
            year: 2026,
            localities: vec![
                locality("44", Level::Province, None),
                locality("1", Level::Commune, Some("44")),
            ],
            assessments: vec![row("1", (3, 4), true, (0, 0))],
            ..YearData::default()
        };
        let agg = aggregate(&data);
        assert_eq!(
            agg.province_totals().residential_areas,
            Ratio {
                recognized: 3,
                total: 4
            }
        );
        assert_eq!(
            agg.province_totals().communes,
            Ratio {
                recognized: 1,
                total: 1
            }
        );
    }

    #[test]
    fn a_row_for_an_unknown_locality_is_set_aside() {
        let mut data = small_year();
        data.assessments.push(row("77777", (5, 5), true, (0, 0)));
        let tree = YearTree::new(&data);
        assert_eq!(tree.unplaced_rows().len(), 1);
        assert_eq!(tree.totals(0).residential_areas.total, 45);
    }
}
