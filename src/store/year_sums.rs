//! The Years view's sums: for a scope (the province, a district or a commune) and a range of report
//! years, the SQL aggregates of rows, awards and limitations, and how many of its units are entered —
//! and the province's caches of them (`province_year_cache`, `year_entered_cache`), which are filled
//! and dropped here only.

use super::localities::{units_day, valid_on};
use super::Store;
use crate::domain::aggregate::{Ratio, Totals};
use crate::domain::award::{namesakes_beyond_names, RecipientRecord};
use crate::domain::RecipientKind;
use crate::domain::{completeness, Field, Level, RuleSet};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap};

/// Whose sums: which rows belong to the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumScope<'a> {
    /// Every row of a report year: the province's sums when the year's units hold one province (the
    /// usual case), whatever its code and whichever version of it; from the cache, which is keyed by
    /// year alone for that reason.
    Province,
    /// One province among several: its own rows, its districts' and their communes'.
    ProvinceAmongMany(&'a str),
    /// A district and its communes.
    District(&'a str),
    Commune(&'a str),
}

impl<'a> SumScope<'a> {
    /// The scope as SQL over the joined `locality l` and the report year in `year_column`, with its
    /// code bound to `?3`. Codes are reused across the years (a province's code by its merged
    /// successor), so a code means the unit of that code valid in the row's year: the rows of a year
    /// belong to that year's units, and the districts of a province are those of the row's year.
    fn filter(self, year_column: &str) -> (String, &'a str) {
        match self {
            SumScope::Province => ("1 = 1".to_string(), ""),
            SumScope::ProvinceAmongMany(code) => (
                format!(
                    "(l.code = ?3 OR l.parent_code = ?3 OR l.parent_code IN
                        (SELECT code FROM locality WHERE parent_code = ?3 AND level = 'district'
                           AND {}))",
                    valid_on("", &format!("printf('%04d-11-30', {year_column})"))
                ),
                code,
            ),
            SumScope::District(code) => ("(l.code = ?3 OR l.parent_code = ?3)".to_string(), code),
            SumScope::Commune(code) => ("l.code = ?3".to_string(), code),
        }
    }
}

impl Store {
    /// The sums of `scope` for each report year `from..=to` that holds any (absent years: nothing).
    pub fn year_sums(&self, scope: SumScope<'_>, from: i32, to: i32) -> Result<HashMap<i32, Sums>> {
        match scope {
            SumScope::Province => province_sums(self.conn(), from, to),
            _ => scope_sums(self.conn(), scope, from, to),
        }
    }

    /// Of the units of `scope` valid in each of `years` (each with the rule set in force then): how
    /// many are entered and how many there are, `(entered, units)` — the Years view's mark on a year
    /// not fully entered. The province's counts (every unit of the year) come from
    /// `year_entered_cache`; a year absent there is counted and cached in one transaction, as
    /// [`province_sums`] does.
    pub fn units_entered(
        &self,
        scope: SumScope<'_>,
        years: &[(i32, Option<&RuleSet>)],
    ) -> Result<HashMap<i32, (u64, u64)>> {
        let conn = self.conn();
        if scope != SumScope::Province {
            // One query per run of years under one rule set (a rule set holds for years on end).
            let mut out = HashMap::new();
            let mut rest = years;
            while let Some(&(first, rule_set)) = rest.first() {
                let key = asked_key(rule_set);
                let run = rest
                    .iter()
                    .take_while(|(_, r)| asked_key(*r) == key)
                    .count();
                let (lo, hi) = rest[..run]
                    .iter()
                    .fold((first, first), |(lo, hi), (y, _)| (lo.min(*y), hi.max(*y)));
                let counted = scope_entered(conn, scope, lo..=hi, rule_set)?;
                for (year, _) in &rest[..run] {
                    out.insert(*year, counted.get(year).copied().unwrap_or_default());
                }
                rest = &rest[run..];
            }
            return Ok(out);
        }
        if !conn.is_autocommit() {
            return province_entered_in(conn, years);
        }
        let tx = conn.unchecked_transaction()?;
        let out = province_entered_in(&tx, years)?;
        // A failed commit only loses the cache entries; the counts are right.
        let _ = tx.commit();
        Ok(out)
    }

    /// The recipients commended within `scope` in each report year `from..=to`, one record per
    /// award, so that a year summed over several units counts one commended in two of them once
    /// (`domain::award::recipients_by_kind`).
    pub fn recipients(
        &self,
        scope: SumScope<'_>,
        from: i32,
        to: i32,
    ) -> Result<HashMap<i32, Vec<RecipientRecord>>> {
        let (filter, code) = scope.filter("w.year");
        recipient_records(
            self.conn(),
            &format!(
                "SELECT w.year, w.recipient_kind, w.recipient, w.birth_year, l.code
                 FROM locality l JOIN award w ON w.locality_id = l.id
                 WHERE w.year BETWEEN ?1 AND ?2 AND {filter}"
            ),
            params![from, to, code],
        )
    }

    /// One report year's sums as [`Totals`] — for the province (every row of the year, from the
    /// cache when present) or for a district's (or a commune's) subtree — counted as
    /// `domain::aggregate` counts them.
    pub fn year_totals(&self, year: i32, district: Option<&str>) -> Result<Totals> {
        let scope = district.map_or(SumScope::Province, SumScope::District);
        let sums = self.year_sums(scope, year, year)?;
        let s = sums.get(&year).copied().unwrap_or_default();
        let communes: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM locality WHERE level = 'commune'
                   AND (?2 IS NULL OR parent_code = ?2 OR code = ?2) AND {}",
                valid_on("", "?1")
            ))?
            .query_row(params![units_day(year), district], |r| r.get(0))?;
        let n = |v: i64| v.max(0) as u64;
        Ok(Totals {
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

    /// Fills the province cache for every year that has figures, so that the first open after a
    /// bulk load or an import is as quick as the next ones. A later single edit drops only its own
    /// year, which is recomputed alone. Does nothing on a read-only database.
    pub fn warm_year_cache(&self) -> Result<()> {
        let range = year_range(self.conn())?;
        if let (Some(from), Some(to)) = range {
            province_sums(self.conn(), from, to)?;
        }
        Ok(())
    }
}

impl super::Writer<'_> {
    /// Refreshes the province cache inside this transaction: the entries of the years it touched
    /// are dropped and every year with figures is computed from what the transaction sees (the
    /// entries still valid are kept). An import ends with this, so that the cache it leaves was
    /// computed under the same lock as the rows it wrote; filling it after the commit could store
    /// sums that a writer committing in between has already made stale.
    pub fn refresh_year_cache(&mut self) -> Result<()> {
        self.touched.invalidate(self.tx)?;
        self.touched = Touched::default();
        warm_in(self.tx)
    }
}

/// The first and last report years with figures.
fn year_range(conn: &Connection) -> Result<(Option<i32>, Option<i32>)> {
    Ok(
        conn.query_row("SELECT min(year), max(year) FROM assessment", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// Computes and caches every year's province sums inside the caller's write transaction.
pub(super) fn warm_in(tx: &Connection) -> Result<()> {
    if let (Some(from), Some(to)) = year_range(tx)? {
        province_sums_in(tx, from, to)?;
    }
    Ok(())
}

/// Which report years a transaction changed, so that the cached sums of those years are dropped in
/// the same transaction.
#[derive(Default)]
pub(super) struct Touched {
    pub(super) every_year: bool,
    pub(super) years: BTreeSet<i32>,
}

impl Touched {
    /// Drops the cached province sums and units entered of the touched years.
    pub(super) fn invalidate(&self, conn: &Connection) -> Result<()> {
        for table in ["province_year_cache", "year_entered_cache"] {
            if self.every_year {
                conn.execute(&format!("DELETE FROM {table}"), [])?;
            } else {
                let mut stmt =
                    conn.prepare_cached(&format!("DELETE FROM {table} WHERE year = ?1"))?;
                for y in &self.years {
                    stmt.execute([y])?;
                }
            }
        }
        Ok(())
    }
}

/// The sums of one scope and year, straight from SQL. The communes' total is not here: it is the
/// number of units valid in the year, not a sum of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub rows: i64,
    pub residential_areas_total: i64,
    pub residential_areas_recognized: i64,
    pub communes_recognized: i64,
    pub agencies_total: i64,
    pub agencies_recognized: i64,
    pub schools_total: i64,
    pub schools_recognized: i64,
    pub models: i64,
    pub collectives: i64,
    pub individuals: i64,
    pub open_limitations: i64,
}

/// Adding the sums of several units of one year (a unit's predecessors). Distinct recipients are
/// counted per unit, so one commended in two of them counts twice: a caller adding several units
/// recounts them with [`Store::recipients`].
impl std::ops::AddAssign for Sums {
    fn add_assign(&mut self, o: Sums) {
        self.rows += o.rows;
        self.residential_areas_total += o.residential_areas_total;
        self.residential_areas_recognized += o.residential_areas_recognized;
        self.communes_recognized += o.communes_recognized;
        self.agencies_total += o.agencies_total;
        self.agencies_recognized += o.agencies_recognized;
        self.schools_total += o.schools_total;
        self.schools_recognized += o.schools_recognized;
        self.models += o.models;
        self.collectives += o.collectives;
        self.individuals += o.individuals;
        self.open_limitations += o.open_limitations;
    }
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

/// The sums per year of the rows `filter` keeps (a district's or a commune's found through the
/// (locality_id, year) index).
fn scope_sums(
    conn: &Connection,
    scope: SumScope<'_>,
    from: i32,
    to: i32,
) -> Result<HashMap<i32, Sums>> {
    let mut out: HashMap<i32, Sums> = HashMap::new();
    let (filter, code) = scope.filter("a.year");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.year, {ROW_SUMS} FROM locality l JOIN assessment a ON a.locality_id = l.id
         WHERE a.year BETWEEN ?1 AND ?2 AND {filter} GROUP BY a.year"
    ))?;
    let mut rows = stmt.query(params![from, to, code])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, Sums::from_row(r, 1)?);
    }
    let (filter, _) = scope.filter("w.year");
    let counted = recipient_counts(
        conn,
        &format!("FROM locality l JOIN award w ON w.locality_id = l.id WHERE {filter} AND"),
        &format!("JOIN locality l ON l.id = w.locality_id WHERE {filter}"),
        params![from, to, code],
    )?;
    for (year, (collectives, individuals)) in counted {
        let e = out.entry(year).or_default();
        e.collectives = collectives;
        e.individuals = individuals;
    }
    let (filter, _) = scope.filter("m.year");
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
///
/// Outside a transaction the reads and the cache's write are one transaction: every read sees one
/// snapshot, and the write goes through only if no other writer committed since that snapshot began
/// (in WAL mode the upgrade then fails with `SQLITE_BUSY_SNAPSHOT` and the sums are returned
/// uncached). Sums read before another process's commit can never be cached after it.
fn province_sums(conn: &Connection, from: i32, to: i32) -> Result<HashMap<i32, Sums>> {
    if !conn.is_autocommit() {
        return province_sums_in(conn, from, to);
    }
    let tx = conn.unchecked_transaction()?;
    let out = province_sums_in(&tx, from, to)?;
    // A failed commit only loses the cache entries; the sums are right.
    let _ = tx.commit();
    Ok(out)
}

/// [`province_sums`] inside the caller's transaction.
fn province_sums_in(conn: &Connection, from: i32, to: i32) -> Result<HashMap<i32, Sums>> {
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
    let counted = recipient_counts(conn, "FROM award w WHERE", "", params![lo, hi])?;
    for (year, (collectives, individuals)) in counted {
        if let Some(e) = fresh.get_mut(&year) {
            e.collectives = collectives;
            e.individuals = individuals;
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
    // Best effort: a read-only database, or another writer ahead of this snapshot, means no cache.
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

/// The SQL condition "the unit `l` is entered": its row `a` (LEFT JOINed, so NULL when it has none)
/// reports every field the rule set asks of the unit's level (`domain::completeness`).
pub(super) fn entered_condition(rule_set: Option<&RuleSet>) -> String {
    let all_reported = |level: Level| {
        std::iter::once("a.locality_id IS NOT NULL".to_string())
            .chain(
                completeness::required_fields(level, rule_set)
                    .iter()
                    .map(|f| format!("a.{} IS NOT NULL", f.code())),
            )
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    format!(
        "(CASE l.level WHEN 'commune' THEN ({}) WHEN 'district' THEN ({}) ELSE ({}) END)",
        all_reported(Level::Commune),
        all_reported(Level::District),
        all_reported(Level::Province)
    )
}

/// The fields a rule set asks of a commune and of a district's or province's own row, written out:
/// the key of their counts in `year_entered_cache`.
fn asked_key(rule_set: Option<&RuleSet>) -> String {
    let codes = |level| {
        completeness::required_fields(level, rule_set)
            .iter()
            .map(|f: &Field| f.code())
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "commune:{};own:{}",
        codes(Level::Commune),
        codes(Level::District)
    )
}

fn counts(units: i64, entered: i64) -> (u64, u64) {
    (entered.max(0) as u64, units.max(0) as u64)
}

/// `(entered, units)` per year of `years` of a district's or commune's subtree (or one province among
/// several): a few dozen units a year, found through the locality indexes, counted at once.
fn scope_entered(
    conn: &Connection,
    scope: SumScope<'_>,
    years: std::ops::RangeInclusive<i32>,
    rule_set: Option<&RuleSet>,
) -> Result<HashMap<i32, (u64, u64)>> {
    let (filter, code) = scope.filter("y.year");
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE y(year) AS (SELECT ?1 UNION ALL SELECT year + 1 FROM y WHERE year < ?2)
         SELECT y.year, count(*), coalesce(sum({}), 0)
         FROM y JOIN locality l ON {} AND {filter}
         LEFT JOIN assessment a ON a.locality_id = l.id AND a.year = y.year
         GROUP BY y.year",
        entered_condition(rule_set),
        valid_on("l", "printf('%04d-11-30', y.year)"),
    ))?;
    let mut out = HashMap::new();
    let mut rows = stmt.query(params![years.start(), years.end(), code])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, counts(r.get(1)?, r.get(2)?));
    }
    Ok(out)
}

/// [`Store::units_entered`] of the province inside the caller's transaction: every unit valid in the
/// year is the province's (the cache is read only for a year whose units hold one province).
fn province_entered_in(
    conn: &Connection,
    years: &[(i32, Option<&RuleSet>)],
) -> Result<HashMap<i32, (u64, u64)>> {
    let writable = !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
    let mut out = HashMap::new();
    for &(year, rule_set) in years {
        let key = asked_key(rule_set);
        let cached: Option<(i64, i64)> = conn
            .prepare_cached(
                "SELECT units, entered FROM year_entered_cache WHERE year = ?1 AND fields = ?2",
            )?
            .query_row(params![year, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((units, entered)) = cached {
            out.insert(year, counts(units, entered));
            continue;
        }
        let (units, entered): (i64, i64) = conn
            .prepare_cached(&format!(
                "SELECT count(*), coalesce(sum({}), 0)
                 FROM locality l LEFT JOIN assessment a ON a.locality_id = l.id AND a.year = ?2
                 WHERE {}",
                entered_condition(rule_set),
                valid_on("l", "?1"),
            ))?
            .query_row(params![units_day(year), year], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        // Best effort: a read-only database, or another writer ahead of this snapshot, means no cache.
        if writable {
            if let Ok(mut insert) = conn
                .prepare_cached("INSERT OR REPLACE INTO year_entered_cache VALUES (?1, ?2, ?3, ?4)")
            {
                let _ = insert.execute(params![year, key, units, entered]);
            }
        }
        out.insert(year, counts(units, entered));
    }
    Ok(out)
}

/// The distinct collectives and individuals per year among a scope's awards, counted as the report
/// counts them: the names by SQL, then what the namesakes add, from the records of the few names
/// whose awards carry more than one (birth year, unit) — found on the index
/// `award_recipients (year, recipient_kind, recipient, birth_year, locality_id)` alone.
///
/// `source` selects the scope's awards as `award w` and ends in `WHERE …​ AND` or `WHERE`, for the
/// years `?1..=?2` to follow; `within` restricts the namesakes' records to the scope again (empty
/// for the whole database).
fn recipient_counts(
    conn: &Connection,
    source: &str,
    within: &str,
    params: impl rusqlite::Params + Copy,
) -> Result<HashMap<i32, (i64, i64)>> {
    let years = "w.year BETWEEN ?1 AND ?2";
    let mut out: HashMap<i32, (i64, i64)> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT w.year, w.recipient_kind, count(DISTINCT w.recipient) {source} {years}
         GROUP BY w.year, w.recipient_kind"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let (year, kind, n): (i32, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let e = out.entry(year).or_default();
        if kind == "collective" {
            e.0 = n;
        } else {
            e.1 = n;
        }
    }
    let candidates = recipient_records(
        conn,
        &format!(
            "SELECT w.year, w.recipient_kind, w.recipient, w.birth_year,
                    (SELECT code FROM locality WHERE id = w.locality_id)
             FROM (SELECT w.year AS year, w.recipient_kind AS kind, w.recipient AS recipient
                   {source} {years}
                   GROUP BY w.year, w.recipient_kind, w.recipient
                   HAVING min(w.birth_year) <> max(w.birth_year)
                       OR count(w.birth_year) NOT IN (0, count(*))
                       OR min(w.locality_id) <> max(w.locality_id)
                       OR count(w.locality_id) NOT IN (0, count(*))) c
             CROSS JOIN award w
                ON w.year = c.year AND w.recipient_kind = c.kind AND w.recipient = c.recipient
             {within}"
        ),
        params,
    )?;
    for (year, records) in candidates {
        let (collectives, individuals) = namesakes_beyond_names(&records);
        let e = out.entry(year).or_default();
        e.0 += collectives as i64;
        e.1 += individuals as i64;
    }
    Ok(out)
}

/// The awards' recipients `sql` selects — (year, kind, name, birth year, unit code) — by year.
fn recipient_records(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<HashMap<i32, Vec<RecipientRecord>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out: HashMap<i32, Vec<RecipientRecord>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        out.entry(r.get(0)?).or_default().push(RecipientRecord {
            kind: if kind == "collective" {
                RecipientKind::Collective
            } else {
                RecipientKind::Individual
            },
            name: r.get(2)?,
            birth_year: r.get(3)?,
            unit: r.get(4)?,
        });
    }
    Ok(out)
}
