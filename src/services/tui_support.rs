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
    store.load_dataset(&crate::demo::demo_dataset(), Source::Demo)
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
    Assessment, AwardForm, History, Level, LimitationStatus, Locality, RecipientKind, YearData,
};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

const VALID_IN: &str =
    "(valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR valid_to >= ?2)";

fn units_day(year: i32) -> String {
    crate::domain::units_date(year)
        .format("%Y-%m-%d")
        .to_string()
}

fn stored_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn locality_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Locality> {
    let level: String = r.get(3)?;
    Ok(Locality {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        level: Level::parse(&level).unwrap_or(Level::Commune),
        parent_code: r.get(4)?,
        valid_from: stored_date(r.get(5)?),
        valid_to: stored_date(r.get(6)?),
    })
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

/// One province's year: the province, its districts and their communes valid on 30 November, their
/// rows, and the awards and limitations recorded for them (awards with no locality too).
pub fn province_year(store: &Store, year: i32, province: &str) -> Result<YearData> {
    let conn = store.conn();
    let day = units_day(year);
    let localities: Vec<Locality> = conn
        .prepare_cached(&format!(
            "SELECT id, code, name, level, parent_code, valid_from, valid_to FROM locality
             WHERE {VALID_IN} AND (code = ?1 OR parent_code = ?1 OR parent_code IN
                   (SELECT code FROM locality WHERE parent_code = ?1 AND {VALID_IN}))
             ORDER BY id"
        ))?
        .query_map(params![province, day], locality_row)?
        .collect::<rusqlite::Result<_>>()?;
    let ids = serde_json::to_string(&localities.iter().map(|l| l.id).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".to_string());
    let count = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<Option<u32>> {
        Ok(r.get::<_, Option<i64>>(i)?
            .map(|v| v.clamp(0, i64::from(u32::MAX)) as u32))
    };
    let flag = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<Option<bool>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(|v| v != 0))
    };
    let assessments: Vec<Assessment> = conn
        .prepare_cached(
            "SELECT l.code, residential_areas_total, residential_areas_recognized,
                    commune_recognized, police_advanced, agencies_total, agencies_recognized,
                    schools_total, schools_recognized, models
             FROM assessment a JOIN locality l ON l.id = a.locality_id
             WHERE a.year = ?1 AND a.locality_id IN (SELECT value FROM json_each(?2))
             ORDER BY l.id",
        )?
        .query_map(params![year, ids], |r| {
            Ok(Assessment {
                year,
                locality_code: r.get(0)?,
                residential_areas_total: count(r, 1)?,
                residential_areas_recognized: count(r, 2)?,
                commune_recognized: flag(r, 3)?,
                police_advanced: flag(r, 4)?,
                agencies_total: count(r, 5)?,
                agencies_recognized: count(r, 6)?,
                schools_total: count(r, 7)?,
                schools_recognized: count(r, 8)?,
                models: count(r, 9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let awards: Vec<Award> = conn
        .prepare_cached(
            "SELECT a.id, a.year, a.form, a.issuer, a.recipient_kind, a.recipient, l.code,
                    a.decision_no, a.decision_date, a.note
             FROM award a LEFT JOIN locality l ON l.id = a.locality_id
             WHERE a.year = ?1 AND (a.locality_id IS NULL
                   OR a.locality_id IN (SELECT value FROM json_each(?2)))
             ORDER BY a.id",
        )?
        .query_map(params![year, ids], |r| {
            let form: String = r.get(2)?;
            let kind: String = r.get(4)?;
            let date: String = r.get(8)?;
            Ok(Award {
                id: r.get(0)?,
                year: r.get(1)?,
                form: AwardForm::parse(&form).unwrap_or(AwardForm::CertificateOfCommendation),
                issuer: r.get(3)?,
                recipient_kind: RecipientKind::parse(&kind).unwrap_or(RecipientKind::Collective),
                recipient: r.get(5)?,
                locality_code: r.get(6)?,
                decision_no: r.get(7)?,
                decision_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
                note: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let limitations: Vec<Limitation> = conn
        .prepare_cached(
            "SELECT m.id, m.year, l.code, m.category, m.text, m.remedy, m.status
             FROM limitation m JOIN locality l ON l.id = m.locality_id
             WHERE m.year = ?1 AND m.locality_id IN (SELECT value FROM json_each(?2))
             ORDER BY m.id",
        )?
        .query_map(params![year, ids], |r| {
            let status: String = r.get(6)?;
            Ok(Limitation {
                id: r.get(0)?,
                year: r.get(1)?,
                locality_code: r.get(2)?,
                category: r.get(3)?,
                text: r.get(4)?,
                remedy: r.get(5)?,
                status: LimitationStatus::parse(&status).unwrap_or(LimitationStatus::Open),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(YearData {
        year,
        localities,
        assessments,
        awards,
        limitations,
    })
}

/// Last year's data of the same province (its units then), when last year holds figures. Medals of
/// other years are left out: they are read by [`medals_outside_year`] when an award is judged.
pub fn province_history(store: &Store, year: i32, province: &str) -> Result<History> {
    let previous = if has_year(store, year - 1)? {
        Some(province_year(store, year - 1, province)?)
    } else {
        None
    };
    Ok(History {
        previous,
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
