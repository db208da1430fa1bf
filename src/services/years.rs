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

/// The rows of one province among several: its own, its districts' and their communes'.
const PROVINCE_SUBTREE: &str = "(l.code = ?3 OR l.parent_code = ?3 OR l.parent_code IN
    (SELECT code FROM locality WHERE parent_code = ?3 AND level = 'district'))";

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

    // The province's cached sums count every row of a year: right when the database holds one
    // province (the usual case); with several, the province's subtree is summed like a district's.
    let one_province = all.iter().filter(|l| l.level == Level::Province).count() <= 1;
    let sums = match level {
        Level::Province if one_province => province_sums(store, from, to)?,
        Level::Province => scope_sums(store, PROVINCE_SUBTREE, &code, from, to)?,
        _ => scope_sums(store, filter, &code, from, to)?,
    };
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

/// The sums of one scope and year, straight from SQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    rows: i64,
    residential_areas_total: i64,
    residential_areas_recognized: i64,
    communes_recognized: i64,
    agencies_total: i64,
    agencies_recognized: i64,
    schools_total: i64,
    schools_recognized: i64,
    models: i64,
    collectives: i64,
    individuals: i64,
    open_limitations: i64,
}

impl Sums {
    fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Sums> {
        let g = |i: usize| -> rusqlite::Result<i64> {
            Ok(r.get::<_, Option<i64>>(first + i)?.unwrap_or(0))
        };
        Ok(Sums {
            rows: g(0)?,
            residential_areas_total: g(1)?,
            residential_areas_recognized: g(2)?,
            communes_recognized: g(3)?,
            agencies_total: g(4)?,
            agencies_recognized: g(5)?,
            schools_total: g(6)?,
            schools_recognized: g(7)?,
            models: g(8)?,
            ..Sums::default()
        })
    }
}

const ROW_SUMS: &str =
    "count(*), sum(a.residential_areas_total), sum(a.residential_areas_recognized),
    sum(CASE WHEN l.level = 'commune' AND a.commune_recognized = 1 THEN 1 ELSE 0 END),
    sum(a.agencies_total), sum(a.agencies_recognized), sum(a.schools_total),
    sum(a.schools_recognized), sum(a.models)";

/// A district's or a commune's sums per year (rows found through the (locality_id, year) index).
fn scope_sums(
    store: &Store,
    filter: &str,
    code: &str,
    from: i32,
    to: i32,
) -> Result<HashMap<i32, Sums>> {
    let conn = store.conn();
    let mut out: HashMap<i32, Sums> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.year, {ROW_SUMS} FROM locality l JOIN assessment a ON a.locality_id = l.id
         WHERE a.year BETWEEN ?1 AND ?2 AND {filter} GROUP BY a.year"
    ))?;
    let mut rows = stmt.query(params![from, to, code])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, Sums::from_row(r, 1)?);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT w.year, w.recipient_kind, count(DISTINCT w.recipient)
         FROM locality l JOIN award w ON w.locality_id = l.id
         WHERE w.year BETWEEN ?1 AND ?2 AND {filter} GROUP BY w.year, w.recipient_kind"
    ))?;
    let mut rows = stmt.query(params![from, to, code])?;
    while let Some(r) = rows.next()? {
        let (year, kind, n): (i32, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let e = out.entry(year).or_default();
        if kind == "collective" {
            e.collectives = n;
        } else {
            e.individuals = n;
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.year, count(*) FROM locality l JOIN limitation m ON m.locality_id = l.id
         WHERE m.year BETWEEN ?1 AND ?2 AND m.status <> 'resolved' AND {filter} GROUP BY m.year"
    ))?;
    let mut rows = stmt.query(params![from, to, code])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().open_limitations = r.get(1)?;
    }
    Ok(out)
}

/// The province's sums per year: from `province_year_cache` where present; the missing years are
/// computed (one pass over their rows) and cached when the database is writable.
fn province_sums(store: &Store, from: i32, to: i32) -> Result<HashMap<i32, Sums>> {
    let conn = store.conn();
    let mut out: HashMap<i32, Sums> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT year, rows, residential_areas_total, residential_areas_recognized,
                    communes_recognized, agencies_total, agencies_recognized, schools_total,
                    schools_recognized, models, collectives, individuals, open_limitations
             FROM province_year_cache WHERE year BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let mut sums = Sums::from_row(r, 1)?;
            sums.collectives = r.get(10)?;
            sums.individuals = r.get(11)?;
            sums.open_limitations = r.get(12)?;
            out.insert(r.get(0)?, sums);
        }
    }
    let missing: Vec<i32> = (from..=to).filter(|y| !out.contains_key(y)).collect();
    let (Some(&lo), Some(&hi)) = (missing.first(), missing.last()) else {
        return Ok(out);
    };
    let mut fresh: HashMap<i32, Sums> = missing.iter().map(|y| (*y, Sums::default())).collect();
    // Every row of a year belongs to the province: no join, one pass. A commune-only flag typed on a
    // district's or the province's own row (a rule error) must not count as a recognised commune:
    // those few rows are subtracted through the (locality_id, year) index.
    let mut stmt = conn.prepare_cached(
        "SELECT a.year, count(*), sum(a.residential_areas_total), sum(a.residential_areas_recognized),
                sum(a.commune_recognized = 1), sum(a.agencies_total), sum(a.agencies_recognized),
                sum(a.schools_total), sum(a.schools_recognized), sum(a.models)
         FROM assessment a WHERE a.year BETWEEN ?1 AND ?2 GROUP BY a.year",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let year: i32 = r.get(0)?;
        if let Some(e) = fresh.get_mut(&year) {
            *e = Sums::from_row(r, 1)?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.year, count(*) FROM locality l JOIN assessment a ON a.locality_id = l.id
         WHERE l.level <> 'commune' AND a.year BETWEEN ?1 AND ?2 AND a.commune_recognized = 1
         GROUP BY a.year",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let (year, wrong): (i32, i64) = (r.get(0)?, r.get(1)?);
        if let Some(e) = fresh.get_mut(&year) {
            e.communes_recognized -= wrong;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT year, recipient_kind, count(DISTINCT recipient) FROM award
         WHERE year BETWEEN ?1 AND ?2 GROUP BY year, recipient_kind",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let (year, kind, n): (i32, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if let Some(e) = fresh.get_mut(&year) {
            if kind == "collective" {
                e.collectives = n;
            } else {
                e.individuals = n;
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT year, count(*) FROM limitation WHERE year BETWEEN ?1 AND ?2
           AND status <> 'resolved' GROUP BY year",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let (year, n): (i32, i64) = (r.get(0)?, r.get(1)?);
        if let Some(e) = fresh.get_mut(&year) {
            e.open_limitations = n;
        }
    }
    // Best effort: a read-only database, or another writer holding the lock, just means no cache.
    if !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        if let Ok(mut insert) = conn.prepare_cached(
            "INSERT OR REPLACE INTO province_year_cache VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        ) {
            for (year, e) in &fresh {
                let _ = insert.execute(params![
                    year,
                    e.rows,
                    e.residential_areas_total,
                    e.residential_areas_recognized,
                    e.communes_recognized,
                    e.agencies_total,
                    e.agencies_recognized,
                    e.schools_total,
                    e.schools_recognized,
                    e.models,
                    e.collectives,
                    e.individuals,
                    e.open_limitations
                ]);
            }
        }
    }
    out.extend(fresh);
    Ok(out)
}

/// One report year's sums as [`Totals`] — for the province (every row of the year, from the cache
/// when present) or for a district's subtree — counted as `domain::aggregate` counts them.
pub fn year_totals(
    store: &Store,
    year: i32,
    district: Option<&str>,
) -> Result<crate::domain::aggregate::Totals> {
    let sums = match district {
        None => province_sums(store, year, year)?,
        Some(code) => scope_sums(store, scope_filter(Level::District), code, year, year)?,
    };
    let s = sums.get(&year).copied().unwrap_or_default();
    let day = units_date(year).format("%Y-%m-%d").to_string();
    let communes: i64 = store
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM locality WHERE level = 'commune'
           AND (?2 IS NULL OR parent_code = ?2)
           AND (valid_from IS NULL OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to >= ?1)",
        )?
        .query_row(params![day, district], |r| r.get(0))?;
    let n = |v: i64| v.max(0) as u64;
    Ok(crate::domain::aggregate::Totals {
        residential_areas: Ratio {
            recognized: n(s.residential_areas_recognized),
            total: n(s.residential_areas_total),
        },
        communes: Ratio {
            recognized: n(s.communes_recognized),
            total: n(communes),
        },
        agencies: Ratio {
            recognized: n(s.agencies_recognized),
            total: n(s.agencies_total),
        },
        schools: Ratio {
            recognized: n(s.schools_recognized),
            total: n(s.schools_total),
        },
        models: n(s.models),
    })
}

/// Fills the Years view's province cache for every year that has figures, so that the first open
/// after a bulk load or an import is as quick as the next ones. A later single edit drops only its
/// own year, which is recomputed alone. Does nothing on a read-only database.
pub fn warm_province_cache(store: &Store) -> Result<()> {
    let range: (Option<i32>, Option<i32>) =
        store
            .conn()
            .query_row("SELECT min(year), max(year) FROM assessment", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
    if let (Some(from), Some(to)) = range {
        province_sums(store, from, to)?;
    }
    Ok(())
}

/// Like [`warm_province_cache`] for the years `from..=to` only (what an import touched).
pub fn warm_province_cache_for(store: &Store, from: i32, to: i32) -> Result<()> {
    province_sums(store, from, to).map(|_| ())
}
