//! Acts the TUI needs beyond `set_value`, kept apart from the shared services so the TUI work does not
//! edit them: loading the demo province on first run, and saving/deleting limitations and awards with
//! the same rights and approval checks as a typed cell (one audited transaction each).

use crate::domain::{Award, Limitation};
use crate::error::{Error, Result};
use crate::services::access::{self, Rights};
use crate::store::{Source, Store};

/// First run: the demo province into an empty database (refused when it holds data).
pub fn load_demo(store: &mut Store) -> Result<()> {
    if !store.is_empty()? {
        return Err(Error::data(
            "cơ sở dữ liệu đã có số liệu: không nạp tỉnh mẫu",
            "the database already holds data: the demo is not loaded",
        ));
    }
    super::load_demo(store)
}

fn ensure_may_edit(store: &Store, year: i32, code: &str) -> Result<()> {
    let rights = Rights::of(store)?;
    access::ensure_may_edit(store, &rights, year, code)
}

fn locality_id(w: &mut crate::store::Writer<'_>, code: &str, year: i32) -> Result<i64> {
    w.locality_id(code, year)?.ok_or_else(|| {
        Error::data(
            format!("mã địa phương {code} không có trong năm {year}"),
            format!("locality code {code} is not valid in {year}"),
        )
    })
}

/// Adds a limitation (id 0) or updates the stored one with the same id. Returns its id.
pub fn save_limitation(store: &mut Store, l: &Limitation) -> Result<i64> {
    ensure_may_edit(store, l.year, &l.locality_code)?;
    let mut l = l.clone();
    l.text = crate::text::normalize(&l.text);
    l.remedy = crate::text::normalize(&l.remedy);
    store.write(Source::Tui, |w| {
        if l.id != 0 {
            w.update_limitation(&l)?;
            return Ok(l.id);
        }
        let id = locality_id(w, &l.locality_code, l.year)?;
        w.upsert_limitation(&l, id)?;
        let new_id: i64 = w.conn().query_row(
            "SELECT id FROM limitation WHERE year = ?1 AND locality_id = ?2 AND category = ?3 AND text = ?4",
            rusqlite::params![l.year, id, l.category, l.text],
            |r| r.get(0),
        )?;
        Ok(new_id)
    })
}

pub fn delete_limitation(store: &mut Store, l: &Limitation) -> Result<bool> {
    ensure_may_edit(store, l.year, &l.locality_code)?;
    store.write(Source::Tui, |w| w.delete_limitation(l.id))
}

/// Adds or updates an award (identified by year, decision number and recipient). A changed identity
/// of a stored award (id ≠ 0) replaces the old record.
pub fn save_award(store: &mut Store, a: &Award) -> Result<()> {
    if let Some(code) = &a.locality_code {
        ensure_may_edit(store, a.year, code)?;
    } else if !Rights::of(store)?.is_province() {
        return Err(Error::data(
            "khen thưởng không gắn với địa bàn nào chỉ cấp tỉnh được ghi",
            "an award with no locality may be recorded by the province only",
        ));
    }
    let mut a = a.clone();
    a.recipient = crate::text::normalize(&a.recipient);
    a.decision_no = crate::text::normalize(&a.decision_no);
    a.note = crate::text::normalize(&a.note);
    store.write(Source::Tui, |w| {
        let id = match &a.locality_code {
            Some(code) => Some(locality_id(w, code, a.year)?),
            None => None,
        };
        if a.id != 0 {
            let same: Option<(String, String)> = w
                .conn()
                .query_row(
                    "SELECT decision_no, recipient FROM award WHERE id = ?1",
                    [a.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok();
            if same.as_ref() != Some(&(a.decision_no.clone(), a.recipient.clone())) {
                w.delete_award(a.id)?;
            }
        }
        w.upsert_award(&a, id)?;
        Ok(())
    })
}

pub fn delete_award(store: &mut Store, a: &Award) -> Result<bool> {
    if let Some(code) = &a.locality_code {
        ensure_may_edit(store, a.year, code)?;
    } else if !Rights::of(store)?.is_province() {
        return Err(access::read_only_message(store.user()));
    }
    store.write(Source::Tui, |w| w.delete_award(a.id))
}

// ---- one province's year -------------------------------------------------------------------------
//
// The TUI works on one district and its province. At national scale (≈700 districts, 10 000
// communes, many provinces in one database) loading the whole country for every year change and
// commit would cost hundreds of milliseconds, so these read-only queries load one province: its
// units valid in the year, their rows, awards and limitations. They mirror the store's own row
// mapping; if the store grows scoped queries, these should move there.

use crate::domain::{
    AwardForm, History, Level, LimitationStatus, Locality, RecipientKind, YearData,
};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

const VALID_IN: &str =
    "(valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR valid_to >= ?2)";

fn units_day(year: i32) -> String {
    crate::domain::units_date(year)
        .format("%Y-%m-%d")
        .to_string()
}

/// The latest report year that holds any figure (one index seek, not a scan).
pub fn latest_year(store: &Store) -> Result<Option<i32>> {
    Ok(store
        .conn()
        .query_row("SELECT max(year) FROM assessment", [], |r| r.get(0))?)
}

/// Whether a report year holds any figure (one index seek).
pub fn has_year(store: &Store, year: i32) -> Result<bool> {
    Ok(store
        .conn()
        .query_row(
            "SELECT 1 FROM assessment WHERE year = ?1 LIMIT 1",
            [year],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The province a unit belongs to in a year (itself for a province).
pub fn province_of(store: &Store, year: i32, code: &str) -> Result<Option<String>> {
    let mut code = code.to_string();
    // At most two links up (commune → district → province); the bound guards odd data.
    for _ in 0..3 {
        let Some(l) = store.locality_in_year(&code, year)? else {
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
pub fn first_province(store: &Store, year: i32) -> Result<Option<String>> {
    Ok(store
        .conn()
        .prepare_cached(&format!(
            "SELECT code FROM locality WHERE level = 'province' AND {} ORDER BY id LIMIT 1",
            VALID_IN.replace("?2", "?1")
        ))?
        .query_row([units_day(year)], |r| r.get(0))
        .optional()?)
}

/// Reads `YYYY-MM-DD` without the general-purpose format machinery (thousands of rows per year).
fn iso_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The units of one province valid on 30 November of `year`: the province, its districts and their
/// communes (and communes directly under the province, once districts are gone), in stored order.
pub fn province_units(store: &Store, year: i32, province: &str) -> Result<Vec<Locality>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT id, code, name, level, parent_code, valid_from, valid_to FROM locality
         WHERE {} ORDER BY id",
        VALID_IN.replace("?2", "?1")
    ))?;
    let all: Vec<Locality> = stmt
        .query_map([units_day(year)], crate::store::locality_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let districts: std::collections::HashSet<&str> = all
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

/// The rows, awards and limitations of `year` recorded for the given units (by internal id).
fn records_of(
    store: &Store,
    year: i32,
    units: &[Locality],
    rows: bool,
    all_awards: bool,
) -> Result<YearData> {
    let conn = store.conn();
    let code_of: std::collections::HashMap<i64, &str> =
        units.iter().map(|l| (l.id, l.code.as_str())).collect();
    let mut assessments = Vec::with_capacity(units.len());
    if rows {
        let mut stmt = conn.prepare_cached(
            "SELECT residential_areas_total, residential_areas_recognized,
                    commune_recognized, police_advanced, agencies_total, agencies_recognized,
                    schools_total, schools_recognized, models, locality_id
             FROM assessment WHERE year = ?1",
        )?;
        let mut rows = stmt.query([year])?;
        while let Some(r) = rows.next()? {
            let Some(code) = code_of.get(&r.get::<_, i64>(9)?) else {
                continue;
            };
            assessments.push(crate::store::assessment_from_row(
                r,
                year,
                (*code).to_string(),
            )?);
        }
    }
    let mut awards = Vec::new();
    if all_awards {
        // By the (locality_id, year) index, unit by unit, plus the awards that name no locality: a
        // national year holds thousands of awards, a district's units a few dozen.
        let mut stmt = conn.prepare_cached(
            "SELECT id, year, form, issuer, recipient_kind, recipient, locality_id,
                    decision_no, decision_date, note
             FROM award WHERE year = ?1 AND locality_id IS ?2",
        )?;
        let keys = units
            .iter()
            .map(|l| Some(l.id))
            .chain(std::iter::once(None));
        for key in keys {
            let mut rows = stmt.query(rusqlite::params![year, key])?;
            while let Some(r) = rows.next()? {
                let locality: Option<i64> = r.get(6)?;
                let locality_code = match locality {
                    None => None,
                    Some(id) => match code_of.get(&id) {
                        Some(code) => Some((*code).to_string()),
                        None => continue,
                    },
                };
                let form: String = r.get(2)?;
                let kind: String = r.get(4)?;
                let date: String = r.get(8)?;
                awards.push(Award {
                    id: r.get(0)?,
                    year: r.get(1)?,
                    form: AwardForm::parse(&form).unwrap_or(AwardForm::CertificateOfCommendation),
                    issuer: r.get(3)?,
                    recipient_kind: RecipientKind::parse(&kind)
                        .unwrap_or(RecipientKind::Collective),
                    recipient: r.get(5)?,
                    locality_code,
                    decision_no: r.get(7)?,
                    decision_date: iso_date(&date).unwrap_or_default(),
                    note: r.get(9)?,
                });
            }
        }
        awards.sort_by_key(|a| a.id);
    }
    let mut limitations = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, year, locality_id, category, text, remedy, status
             FROM limitation WHERE year = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([year])?;
        while let Some(r) = rows.next()? {
            let Some(code) = code_of.get(&r.get::<_, i64>(2)?) else {
                continue;
            };
            let status: String = r.get(6)?;
            limitations.push(Limitation {
                id: r.get(0)?,
                year: r.get(1)?,
                locality_code: (*code).to_string(),
                category: r.get(3)?,
                text: r.get(4)?,
                remedy: r.get(5)?,
                status: LimitationStatus::parse(&status).unwrap_or(LimitationStatus::Open),
            });
        }
    }
    Ok(YearData {
        year,
        localities: Vec::new(),
        assessments,
        awards,
        limitations,
    })
}

/// One province's year: its units valid on 30 November, their rows, and the awards and limitations
/// recorded for them (awards with no locality too).
pub fn province_year(store: &Store, year: i32, province: &str) -> Result<YearData> {
    let units = province_units(store, year, province)?;
    let records = records_of(store, year, &units, true, true)?;
    Ok(YearData {
        localities: units,
        ..records
    })
}

/// What the TUI needs of last year for one district: the rows and limitations of the district and
/// of its communes (by code; the units of last year), when last year holds figures. That is all a
/// district's check, the "last year" column and Ctrl-D look at; medals of other years are read
/// separately by [`medals_outside_year`].
pub fn district_history(store: &Store, year: i32, codes: &[&str]) -> Result<History> {
    if !has_year(store, year - 1)? {
        return Ok(History::default());
    }
    let mut units = Vec::with_capacity(codes.len());
    for code in codes {
        if let Some(l) = store.locality_in_year(code, year - 1)? {
            units.push(l);
        }
    }
    let records = records_by_id(store, year - 1, &units, false)?;
    Ok(History {
        previous: Some(YearData {
            localities: units,
            ..records
        }),
        medals_other_years: Vec::new(),
    })
}

/// (year, recipient) of every commemorative medal to an individual outside `year`, anywhere: the
/// medal is once per person, ever.
pub fn medals_outside_year(store: &Store, year: i32) -> Result<Vec<(i32, String)>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT year, recipient FROM award WHERE form = 'commemorative_medal'
           AND recipient_kind = 'individual' AND year <> ?1",
    )?;
    let rows = stmt
        .query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

// ---- one district and the sums of the rest of its province ---------------------------------------
//
// A province can be as big as a country (the national benchmark puts 700 districts under one), so the
// TUI keeps in memory only the district in scope — its units, rows, awards and limitations, judged by
// the rules engine on every keystroke — and reads the rest of the province as SQL sums, once per year
// or data change.

/// The district-level units of a province valid in `year`, in stored order.
pub fn districts_of(store: &Store, year: i32, province: &str) -> Result<Vec<Locality>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT id, code, name, level, parent_code, valid_from, valid_to FROM locality
         WHERE level = 'district' AND parent_code = ?1 AND {VALID_IN} ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(
            rusqlite::params![province, units_day(year)],
            crate::store::locality_from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The year of one district: the province unit, the district and its communes valid on 30 November,
/// with their rows, awards and limitations (awards with no locality too).
pub fn district_year(store: &Store, year: i32, province: &str, district: &str) -> Result<YearData> {
    let mut units = Vec::new();
    units.extend(store.locality_in_year(province, year)?);
    units.extend(store.locality_in_year(district, year)?);
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT id, code, name, level, parent_code, valid_from, valid_to FROM locality
         WHERE parent_code = ?1 AND level = 'commune' AND {VALID_IN} ORDER BY id"
    ))?;
    let communes: Vec<Locality> = stmt
        .query_map(
            rusqlite::params![district, units_day(year)],
            crate::store::locality_from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    units.extend(communes);
    let records = records_by_id(store, year, &units, true)?;
    Ok(YearData {
        localities: units,
        ..records
    })
}

/// Like `records_of`, by one primary-key lookup per unit instead of a scan of the year.
fn records_by_id(store: &Store, year: i32, units: &[Locality], awards: bool) -> Result<YearData> {
    let conn = store.conn();
    let mut assessments = Vec::with_capacity(units.len());
    let mut stmt = conn.prepare_cached(
        "SELECT residential_areas_total, residential_areas_recognized, commune_recognized,
                police_advanced, agencies_total, agencies_recognized, schools_total,
                schools_recognized, models
         FROM assessment WHERE year = ?1 AND locality_id = ?2",
    )?;
    for l in units {
        let row = stmt
            .query_row(rusqlite::params![year, l.id], |r| {
                crate::store::assessment_from_row(r, year, l.code.clone())
            })
            .optional()?;
        assessments.extend(row);
    }
    // Awards and limitations are few per year; reading the year's and keeping the district's is
    // cheaper than a lookup per unit.
    let records = records_of(store, year, units, false, awards)?;
    Ok(YearData {
        year,
        localities: Vec::new(),
        assessments,
        awards: records.awards,
        limitations: records.limitations,
    })
}

/// The sums of a province without one district's subtree (the province's own row included), as
/// `domain::aggregate` would count them: communes by the units valid in the year, counts not
/// reported adding nothing.
pub fn rest_of_province(
    store: &Store,
    year: i32,
    province: &str,
    district: &str,
) -> Result<crate::domain::aggregate::Totals> {
    use crate::domain::aggregate::{Ratio, Totals};
    // In a database of one province (the usual case), the province's sums of the year come from the
    // Years view's cache: rest = province − the district's subtree, a few indexed lookups instead of
    // a pass over every row of a possibly national-size year.
    let provinces: i64 = store
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM locality WHERE level = 'province'
               AND (valid_from IS NULL OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to >= ?1)",
        )?
        .query_row(rusqlite::params![units_day(year)], |r| r.get(0))?;
    if provinces == 1 {
        let mut rest = super::years::year_totals(store, year, None)?;
        rest.sub(&super::years::year_totals(store, year, Some(district))?);
        return Ok(rest);
    }
    // Units of the province outside the district: the province itself, its other districts, and
    // their communes (and communes directly under the province).
    let within = format!(
        "{valid} AND l.code <> ?3 AND coalesce(l.parent_code, '') <> ?3
         AND (l.code = ?1 OR l.parent_code = ?1 OR l.parent_code IN
              (SELECT code FROM locality WHERE parent_code = ?1 AND level = 'district' AND {inner}))",
        valid = "(l.valid_from IS NULL OR l.valid_from <= ?2) AND (l.valid_to IS NULL OR l.valid_to >= ?2)",
        inner = VALID_IN
    );
    let communes: i64 = store
        .conn()
        .prepare_cached(&format!(
            "SELECT count(*) FROM locality l WHERE l.level = 'commune' AND {within}"
        ))?
        .query_row(
            rusqlite::params![province, units_day(year), district],
            |r| r.get(0),
        )?;
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
    Ok(store.conn().prepare_cached(&sql)?.query_row(
        rusqlite::params![province, units_day(year), district, year],
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
