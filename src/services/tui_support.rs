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
