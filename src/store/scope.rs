//! What the TUI keeps in scope: one province's year, or one district's year and last year, and the
//! sums of the rest of the province.
//!
//! A province can be as big as a country (the national benchmark puts 700 districts under one), so
//! loading the whole of it for every year change and commit would cost hundreds of milliseconds. The
//! TUI keeps in memory only the district in scope — its units, rows, awards and limitations, judged by
//! the rules engine on every keystroke — and reads the rest of the province as SQL sums, once per year
//! or data change. The province's own grid reads the whole province.

use super::localities::{self, units_day, valid_on};
use super::{assessments, awards, limitations, Store};
use crate::domain::aggregate::{Ratio, Totals};
use crate::domain::{History, Level, Locality, RuleSet, YearData};
use crate::error::Result;
use rusqlite::{params, OptionalExtension};
use std::collections::{HashMap, HashSet};

impl Store {
    /// The province a unit belongs to in a year (itself for a province).
    pub fn province_of(&self, year: i32, code: &str) -> Result<Option<String>> {
        let mut code = code.to_string();
        // At most two links up (commune → district → province); the bound guards odd data.
        for _ in 0..3 {
            let Some(l) = self.locality_in_year(&code, year)? else {
                return Ok(None);
            };
            match (l.level, l.parent_code) {
                (Level::Province, _) => return Ok(Some(l.code)),
                (_, Some(parent)) => code = parent,
                (_, None) => return Ok(None),
            }
        }
        Ok(None)
    }

    /// The first province-level unit of a year, in the stored order.
    pub fn first_province(&self, year: i32) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT code FROM locality WHERE level = 'province' AND {} ORDER BY id LIMIT 1",
                valid_on("", "?1")
            ))?
            .query_row([units_day(year)], |r| r.get(0))
            .optional()?)
    }

    /// The units of one province valid on 30 November of `year`: the province, its districts and
    /// their communes (and communes directly under the province, once districts are gone), in stored
    /// order.
    pub fn province_units(&self, year: i32, province: &str) -> Result<Vec<Locality>> {
        let all = localities::in_year(self.conn(), year)?;
        let districts: HashSet<&str> = all
            .iter()
            .filter(|l| l.level == Level::District && l.parent_code.as_deref() == Some(province))
            .map(|l| l.code.as_str())
            .collect();
        let keep: Vec<bool> = all
            .iter()
            .map(|l| {
                l.code == province
                    || l.parent_code.as_deref() == Some(province)
                    || l.parent_code
                        .as_deref()
                        .is_some_and(|p| districts.contains(p))
            })
            .collect();
        Ok(all
            .into_iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l))
            .collect())
    }

    /// One province's year: its units valid on 30 November, their rows, and the awards and
    /// limitations recorded for them (awards with no locality too).
    pub fn province_year(&self, year: i32, province: &str) -> Result<YearData> {
        let units = self.province_units(year, province)?;
        let records = self.records_of(year, &units, RowsBy::YearScan, true)?;
        Ok(YearData {
            localities: units,
            ..records
        })
    }

    /// The district-level units of a province valid in `year`, in stored order.
    pub fn districts_of(&self, year: i32, province: &str) -> Result<Vec<Locality>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{} WHERE level = 'district' AND parent_code = ?1 AND {} ORDER BY id",
            localities::SELECT,
            valid_on("", "?2")
        ))?;
        let rows = stmt
            .query_map(params![province, units_day(year)], localities::map_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The year of one district: the province unit, the district and its communes valid on
    /// 30 November, with their rows, awards and limitations (awards with no locality too).
    pub fn district_year(&self, year: i32, province: &str, district: &str) -> Result<YearData> {
        let mut units = Vec::new();
        units.extend(self.locality_in_year(province, year)?);
        units.extend(self.locality_in_year(district, year)?);
        let mut stmt = self.conn().prepare_cached(&format!(
            "{} WHERE parent_code = ?1 AND level = 'commune' AND {} ORDER BY id",
            localities::SELECT,
            valid_on("", "?2")
        ))?;
        let communes: Vec<Locality> = stmt
            .query_map(params![district, units_day(year)], localities::map_row)?
            .collect::<rusqlite::Result<_>>()?;
        units.extend(communes);
        let records = self.records_of(year, &units, RowsBy::Unit, true)?;
        Ok(YearData {
            localities: units,
            ..records
        })
    }

    /// What the TUI needs of last year for one district: the rows and limitations of the district
    /// and of its communes (by code; the units of last year), when last year holds figures. That is
    /// all a district's check, the "last year" column and Ctrl-D look at; medals of other years are
    /// read separately by [`Store::medals_outside_year`].
    pub fn district_history(&self, year: i32, codes: &[&str]) -> Result<History> {
        if !self.has_year(year - 1)? {
            return Ok(History::default());
        }
        let mut units = Vec::with_capacity(codes.len());
        for code in codes {
            if let Some(l) = self.locality_in_year(code, year - 1)? {
                units.push(l);
            }
        }
        let records = self.records_of(year - 1, &units, RowsBy::Unit, false)?;
        Ok(History {
            previous: Some(YearData {
                localities: units,
                ..records
            }),
            medals_other_years: Vec::new(),
        })
    }

    /// The rows, awards (when `with_awards`) and limitations of `year` recorded for the given units.
    fn records_of(
        &self,
        year: i32,
        units: &[Locality],
        rows_by: RowsBy,
        with_awards: bool,
    ) -> Result<YearData> {
        let conn = self.conn();
        let code_of: HashMap<i64, &str> = units.iter().map(|l| (l.id, l.code.as_str())).collect();
        let mut assessments = Vec::with_capacity(units.len());
        match rows_by {
            RowsBy::Unit => {
                for l in units {
                    assessments.extend(assessments::get(conn, year, l.id)?);
                }
            }
            RowsBy::YearScan => {
                assessments = assessments::for_year_of(conn, year, |id| {
                    code_of.get(&id).map(|code| code.to_string())
                })?;
            }
        }
        let mut found_awards = Vec::new();
        if with_awards {
            // By the (locality_id, year) index, unit by unit, plus the awards that name no locality:
            // a national year holds thousands of awards, a district's units a few dozen.
            let mut stmt = conn.prepare_cached(&format!(
                "{} WHERE a.year = ?1 AND a.locality_id IS ?2",
                awards::SELECT
            ))?;
            let keys = units
                .iter()
                .map(|l| Some(l.id))
                .chain(std::iter::once(None));
            for key in keys {
                let mut rows = stmt.query(params![year, key])?;
                while let Some(r) = rows.next()? {
                    found_awards.push(awards::map_row(r)?);
                }
            }
            found_awards.sort_by_key(|a| a.id);
        }
        // Limitations are few per year: reading the year's and keeping the units' is cheaper than a
        // lookup per unit.
        let mut found_limitations = Vec::new();
        let mut stmt = conn.prepare_cached(&format!(
            "{} WHERE m.year = ?1 ORDER BY m.id",
            limitations::SELECT
        ))?;
        let mut rows = stmt.query([year])?;
        while let Some(r) = rows.next()? {
            if code_of.contains_key(&r.get::<_, i64>(limitations::LOCALITY_ID)?) {
                found_limitations.push(limitations::map_row(r)?);
            }
        }
        Ok(YearData {
            year,
            localities: Vec::new(),
            assessments,
            awards: found_awards,
            limitations: found_limitations,
        })
    }

    /// The sums of a province without one district's subtree (the province's own row included), as
    /// `domain::aggregate` would count them: communes by the units valid in the year, counts not
    /// reported adding nothing.
    pub fn rest_of_province(&self, year: i32, province: &str, district: &str) -> Result<Totals> {
        // In a database of one province (the usual case), the province's sums of the year come from
        // the Years view's cache: rest = province − the district's subtree, a few indexed lookups
        // instead of a pass over every row of a possibly national-size year.
        let provinces: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM locality WHERE level = 'province' AND {}",
                valid_on("", "?1")
            ))?
            .query_row(params![units_day(year)], |r| r.get(0))?;
        if provinces == 1 {
            let mut rest = self.year_totals(year, None)?;
            rest.sub(&self.year_totals(year, Some(district))?);
            return Ok(rest);
        }
        // Units of the province outside the district: the province itself, its other districts,
        // and their communes (and communes directly under the province).
        let within = format!(
            "{valid} AND l.code <> ?3 AND coalesce(l.parent_code, '') <> ?3
             AND (l.code = ?1 OR l.parent_code = ?1 OR l.parent_code IN
                  (SELECT code FROM locality WHERE parent_code = ?1 AND level = 'district' AND {inner}))",
            valid = valid_on("l", "?2"),
            inner = valid_on("", "?2"),
        );
        let communes: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM locality l WHERE l.level = 'commune' AND {within}"
            ))?
            .query_row(params![province, units_day(year), district], |r| r.get(0))?;
        // From the rows of the year to their units (one key lookup each), not the other way round.
        let sql = format!(
            "SELECT
                0,
                sum(l.level = 'commune' AND coalesce(a.commune_recognized, 0) = 1),
                sum(a.residential_areas_total), sum(a.residential_areas_recognized),
                sum(a.agencies_total), sum(a.agencies_recognized),
                sum(a.schools_total), sum(a.schools_recognized), sum(a.models)
             FROM assessment a JOIN locality l ON l.id = a.locality_id
             WHERE a.year = ?4 AND {within}"
        );
        let n = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<u64> {
            Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
        };
        Ok(self.conn().prepare_cached(&sql)?.query_row(
            params![province, units_day(year), district, year],
            |r| {
                Ok(Totals {
                    communes: Ratio {
                        total: communes.max(0) as u64 + n(r, 0)?,
                        recognized: n(r, 1)?,
                    },
                    residential_areas: Ratio {
                        total: n(r, 2)?,
                        recognized: n(r, 3)?,
                    },
                    agencies: Ratio {
                        total: n(r, 4)?,
                        recognized: n(r, 5)?,
                    },
                    schools: Ratio {
                        total: n(r, 6)?,
                        recognized: n(r, 7)?,
                    },
                    models: n(r, 8)?,
                })
            },
        )?)
    }

    /// How many units of a province outside one district's subtree are entered (every field the
    /// year's rule set asks of their level reported), of how many: the province's share of the
    /// gauges' "x/y units entered", read once per year or data change like [`Self::rest_of_province`].
    pub fn rest_of_province_entered(
        &self,
        year: i32,
        province: &str,
        district: &str,
        rule_set: Option<&RuleSet>,
    ) -> Result<(u64, u64)> {
        let sql = format!(
            "SELECT count(*), coalesce(sum({entered}), 0)
             FROM locality l LEFT JOIN assessment a ON a.locality_id = l.id AND a.year = ?4
             WHERE {valid} AND l.code <> ?3 AND coalesce(l.parent_code, '') <> ?3
             AND (l.code = ?1 OR l.parent_code = ?1 OR l.parent_code IN
                  (SELECT code FROM locality WHERE parent_code = ?1 AND level = 'district' AND {inner}))",
            entered = super::year_sums::entered_condition(rule_set),
            valid = valid_on("l", "?2"),
            inner = valid_on("", "?2"),
        );
        let (units, entered): (i64, i64) = self
            .conn()
            .prepare_cached(&sql)?
            .query_row(params![province, units_day(year), district, year], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok((entered.max(0) as u64, units.max(0) as u64))
    }
}

/// How a scoped read finds the rows of its units.
#[derive(Clone, Copy)]
enum RowsBy {
    /// One primary-key lookup per unit: a district's few dozen units.
    Unit,
    /// One pass over the year, keeping the units' rows: a whole province.
    YearScan,
}
