//! The Years view: for a scope (the province, a district or a commune) the report years side by side —
//! recognised/total, share, target and met per category, commended counts, open limitations. The sums
//! are SQL aggregates read by the store (`store::year_sums`), so that 30 years of a whole country
//! answer in milliseconds; this module judges them against the targets.

use crate::config::Config;
use crate::domain::aggregate::Ratio;
use crate::domain::{units_date, Category, Level, Locality, Target};
use crate::error::{Error, Result};
use crate::store::{Store, SumScope};
use std::ops::RangeInclusive;

/// One category of one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryYear {
    pub category: Category,
    pub ratio: Ratio,
    pub target: Option<f64>,
    pub met: Option<bool>,
}

/// One report year of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub year: i32,
    /// Rows reported in the scope this year (0 = nothing typed yet).
    pub rows: u64,
    pub categories: [CategoryYear; 4],
    pub models: u64,
    pub collectives: u64,
    pub individuals: u64,
    pub open_limitations: u64,
}

impl YearFigures {
    pub fn get(&self, category: Category) -> &CategoryYear {
        &self.categories[Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0)]
    }
}

/// The figures of `scope_code` for each year of `years` (the province when None).
pub fn overview(
    store: &Store,
    config: &Config,
    scope_code: Option<&str>,
    years: RangeInclusive<i32>,
) -> Result<Vec<YearFigures>> {
    let all = store.all_localities()?;
    let scope: Option<&Locality> = match scope_code {
        Some(code) => Some(all.iter().find(|l| l.code == code).ok_or_else(|| {
            Error::data(
                format!("không có địa phương mã {code}"),
                format!("no locality with code {code}"),
            )
        })?),
        None => all.iter().find(|l| l.level == Level::Province),
    };
    let level = scope.map(|s| s.level).unwrap_or(Level::Province);
    let code = scope.map(|s| s.code.clone()).unwrap_or_default();
    let (from, to) = (*years.start(), *years.end());

    // The province's cached sums count every row of a year: right when each year has one province
    // (the usual case, also when a province is succeeded by another, as Quảng Bình by the new Quảng
    // Trị in 2025); with several, the province's subtree is summed like a district's.
    let provinces: Vec<&Locality> = all.iter().filter(|l| l.level == Level::Province).collect();
    let one_province = years
        .clone()
        .all(|y| provinces.iter().filter(|p| p.valid_in_year(y)).count() <= 1);
    let scope = match level {
        Level::Province if one_province => SumScope::Province,
        Level::Province => SumScope::ProvinceAmongMany(&code),
        Level::District => SumScope::District(&code),
        Level::Commune => SumScope::Commune(&code),
    };
    let sums = store.year_sums(scope, from, to)?;
    let n = |v: i64| v.max(0) as u64;
    let mut out = Vec::new();
    for year in years {
        let date = units_date(year);
        let districts_of_province: std::collections::HashSet<&str> = if one_province {
            std::collections::HashSet::new()
        } else {
            all.iter()
                .filter(|l| l.level == Level::District && l.valid_on(date))
                .filter(|l| l.parent_code.as_deref() == Some(code.as_str()))
                .map(|l| l.code.as_str())
                .collect()
        };
        let communes = all
            .iter()
            .filter(|l| l.level == Level::Commune && l.valid_on(date))
            .filter(|l| match level {
                Level::Province => {
                    one_province
                        || l.parent_code
                            .as_deref()
                            .is_some_and(|p| districts_of_province.contains(p))
                }
                Level::District => l.parent_code.as_deref() == Some(code.as_str()),
                Level::Commune => l.code == code,
            })
            .count() as u64;
        let s = sums.get(&year).copied().unwrap_or_default();
        let ratios = [
            Ratio {
                recognized: n(s.residential_areas_recognized),
                total: n(s.residential_areas_total),
            },
            Ratio {
                recognized: n(s.communes_recognized),
                total: communes,
            },
            Ratio {
                recognized: n(s.agencies_recognized),
                total: n(s.agencies_total),
            },
            Ratio {
                recognized: n(s.schools_recognized),
                total: n(s.schools_total),
            },
        ];
        let categories = std::array::from_fn(|i| {
            let category = Category::ALL[i];
            let ratio = ratios[i];
            let target = config.target_of(year, category, &code, level);
            CategoryYear {
                category,
                ratio,
                target,
                met: target.map(|t| Target::is_met(t, ratio.recognized, ratio.total)),
            }
        });
        out.push(YearFigures {
            year,
            rows: n(s.rows),
            categories,
            models: n(s.models),
            collectives: n(s.collectives),
            individuals: n(s.individuals),
            open_limitations: n(s.open_limitations),
        });
    }
    Ok(out)
}
