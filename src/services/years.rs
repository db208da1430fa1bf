//! The Years view: for a scope (the province, a district or a commune) the report years side by side —
//! recognised/total, share, target and met per category, commended counts, open limitations — computed
//! with SQL aggregates so that 30 years of a whole country answer in milliseconds.

use crate::config::Config;
use crate::domain::aggregate::Ratio;
use crate::domain::{units_date, Category, Level, Locality, Target};
use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::params;
use std::collections::HashMap;
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

/// Which rows belong to the scope, as SQL over the joined `locality l`.
fn scope_filter(level: Level) -> &'static str {
    match level {
        Level::Province => "1 = 1",
        Level::District => "(l.code = ?3 OR l.parent_code = ?3)",
        Level::Commune => "l.code = ?3",
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
    let filter = scope_filter(level);
    let (from, to) = (*years.start(), *years.end());

    let mut sums: HashMap<i32, [i64; 9]> = HashMap::new();
    {
        let mut stmt = store.conn().prepare_cached(&format!(
            "SELECT a.year, count(*),
                    sum(a.residential_areas_total), sum(a.residential_areas_recognized),
                    sum(CASE WHEN l.level = 'commune' AND a.commune_recognized = 1 THEN 1 ELSE 0 END),
                    sum(a.agencies_total), sum(a.agencies_recognized),
                    sum(a.schools_total), sum(a.schools_recognized), sum(a.models)
             FROM assessment a JOIN locality l ON l.id = a.locality_id
             WHERE a.year BETWEEN ?1 AND ?2 AND {filter} AND (?3 IS NOT NULL)
             GROUP BY a.year"
        ))?;
        let mut rows = stmt.query(params![from, to, code])?;
        while let Some(r) = rows.next()? {
            let year: i32 = r.get(0)?;
            let mut v = [0i64; 9];
            for (i, slot) in v.iter_mut().enumerate() {
                *slot = r.get::<_, Option<i64>>(i + 1)?.unwrap_or(0);
            }
            sums.insert(year, v);
        }
    }
    let mut commended: HashMap<(i32, String), i64> = HashMap::new();
    {
        // The province counts every award of the year, so it needs no join (an index-only scan).
        let sql = match level {
            Level::Province => "SELECT w.year, w.recipient_kind, count(DISTINCT w.recipient)
                 FROM award w WHERE w.year BETWEEN ?1 AND ?2 AND (?3 IS NOT NULL)
                 GROUP BY w.year, w.recipient_kind"
                .to_string(),
            _ => format!(
                "SELECT w.year, w.recipient_kind, count(DISTINCT w.recipient)
                 FROM award w JOIN locality l ON l.id = w.locality_id
                 WHERE w.year BETWEEN ?1 AND ?2 AND {filter}
                 GROUP BY w.year, w.recipient_kind"
            ),
        };
        let mut stmt = store.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query(params![from, to, code])?;
        while let Some(r) = rows.next()? {
            commended.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
    }
    let mut open: HashMap<i32, i64> = HashMap::new();
    {
        let mut stmt = store.conn().prepare_cached(&format!(
            "SELECT m.year, count(*) FROM limitation m JOIN locality l ON l.id = m.locality_id
             WHERE m.year BETWEEN ?1 AND ?2 AND m.status <> 'resolved' AND {filter} AND (?3 IS NOT NULL)
             GROUP BY m.year"
        ))?;
        let mut rows = stmt.query(params![from, to, code])?;
        while let Some(r) = rows.next()? {
            open.insert(r.get(0)?, r.get(1)?);
        }
    }

    let n = |v: i64| v.max(0) as u64;
    let mut out = Vec::new();
    for year in years {
        let date = units_date(year);
        let communes = all
            .iter()
            .filter(|l| l.level == Level::Commune && l.valid_on(date))
            .filter(|l| match level {
                Level::Province => true,
                Level::District => l.parent_code.as_deref() == Some(code.as_str()),
                Level::Commune => l.code == code,
            })
            .count() as u64;
        let s = sums.get(&year).copied().unwrap_or_default();
        // s = [rows, ra_total, ra_recognized, communes_recognized, ag_total, ag_rec, sc_total, sc_rec, models]
        let ratios = [
            Ratio {
                recognized: n(s[2]),
                total: n(s[1]),
            },
            Ratio {
                recognized: n(s[3]),
                total: communes,
            },
            Ratio {
                recognized: n(s[5]),
                total: n(s[4]),
            },
            Ratio {
                recognized: n(s[7]),
                total: n(s[6]),
            },
        ];
        let categories = std::array::from_fn(|i| {
            let category = Category::ALL[i];
            let ratio = ratios[i];
            let target = config.target_for(year, category, Some(&code));
            CategoryYear {
                category,
                ratio,
                target,
                met: target.map(|t| Target::is_met(t, ratio.recognized, ratio.total)),
            }
        });
        out.push(YearFigures {
            year,
            rows: n(s[0]),
            categories,
            models: n(s[8]),
            collectives: n(*commended
                .get(&(year, "collective".to_string()))
                .unwrap_or(&0)),
            individuals: n(*commended
                .get(&(year, "individual".to_string()))
                .unwrap_or(&0)),
            open_limitations: n(*open.get(&year).unwrap_or(&0)),
        });
    }
    Ok(out)
}
