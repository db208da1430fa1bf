//! Saving and deleting awards (the TUI's Awards tab), with the same rights and approval checks as a
//! typed cell; one audited transaction each. Import writes awards through `services::import`.

use crate::domain::Award;
use crate::error::{Error, Result};
use crate::services::access::{self, Rights};
use crate::store::{Source, Store};
use crate::text::Lines;

/// Adds or updates an award (identified by year, decision number and recipient). A changed identity
/// of a stored award (id ≠ 0) replaces the old record.
pub fn save(store: &mut Store, a: &Award) -> Result<()> {
    let mut a = a.clone();
    a.recipient = crate::text::normalize(&a.recipient);
    a.decision_no = crate::text::normalize(&a.decision_no);
    a.note = crate::text::normalize(&a.note);
    super::typed_text("issuer", &a.issuer, Lines::One)?;
    super::typed_text("recipient", &a.recipient, Lines::One)?;
    super::typed_text("decision_no", &a.decision_no, Lines::One)?;
    super::typed_text("note", &a.note, Lines::Many)?;
    if let Some(born) = a.birth_year {
        // The import's judgement of the column, so both faces refuse the same years.
        crate::domain::parse_birth_year(&born.to_string(), a.recipient_kind, a.year).map_err(
            |e| {
                Error::data(
                    format!("birth_year: {}", e.message(crate::text::Lang::Vi)),
                    format!("birth_year: {}", e.message(crate::text::Lang::En)),
                )
            },
        )?;
    }
    if let Some(code) = &a.locality_code {
        access::ensure_may_edit(store, &Rights::of(store)?, a.year, code)?;
    } else if !Rights::of(store)?.is_province() {
        return Err(Error::data(
            "khen thưởng không gắn với địa bàn nào chỉ cấp tỉnh được ghi",
            "an award with no locality may be recorded by the province only",
        ));
    }

    store.write(Source::Tui, |w| {
        let id = match &a.locality_code {
            Some(code) => Some(
                w.locality_id(code, a.year)?
                    .ok_or_else(|| super::not_in_year(code, a.year))?,
            ),
            None => None,
        };
        if a.id != 0 {
            let same_identity = w.stored_award(a.id)?.is_some_and(|old| {
                old.decision_no == a.decision_no && old.recipient == a.recipient
            });
            if !same_identity {
                w.delete_award(a.id)?;
            }
        }
        w.upsert_award(&a, id)?;
        Ok(())
    })
}

pub fn delete(store: &mut Store, a: &Award) -> Result<bool> {
    if let Some(code) = &a.locality_code {
        access::ensure_may_edit(store, &Rights::of(store)?, a.year, code)?;
    } else if !Rights::of(store)?.is_province() {
        return Err(access::read_only_message(store.user()));
    }
    store.write(Source::Tui, |w| w.delete_award(a.id))
}
