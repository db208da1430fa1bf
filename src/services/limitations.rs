//! Saving and deleting limitations (the TUI's Limitations tab), with the same rights and approval
//! checks as a typed cell; one audited transaction each. Import writes limitations through
//! `services::import`.

use crate::domain::Limitation;
use crate::error::Result;
use crate::services::access::{self, Rights};
use crate::store::{Source, Store};
use crate::text::Lines;

/// Adds a limitation (id 0) or updates the stored one with the same id. Returns its id.
pub fn save(store: &mut Store, l: &Limitation) -> Result<i64> {
    let mut l = l.clone();
    l.text = crate::text::normalize(&l.text);
    l.remedy = crate::text::normalize(&l.remedy);
    super::typed_text("text", &l.text, Lines::Many)?;
    super::typed_text("remedy", &l.remedy, Lines::Many)?;
    access::ensure_may_edit(store, &Rights::of(store)?, l.year, &l.locality_code)?;
    store.write(Source::Tui, |w| {
        if l.id != 0 {
            w.update_limitation(&l)?;
            return Ok(l.id);
        }
        let locality = w
            .locality_id(&l.locality_code, l.year)?
            .ok_or_else(|| super::not_in_year(&l.locality_code, l.year))?;
        w.upsert_limitation(&l, locality)?;
        w.limitation_id(&l, locality)?.ok_or_else(|| {
            crate::error::Error::data(
                "hạn chế vừa ghi không đọc lại được",
                "the limitation just written cannot be read back",
            )
        })
    })
}

pub fn delete(store: &mut Store, l: &Limitation) -> Result<bool> {
    access::ensure_may_edit(store, &Rights::of(store)?, l.year, &l.locality_code)?;
    store.write(Source::Tui, |w| w.delete_limitation(l.id))
}
