//! Changes to the list of localities: add, rename, close, and record a merger. Province users only;
//! every change audited. Codes are reused by successors, so a merger opens a new version of a code on
//! the day after the predecessors close.

use super::access;
use crate::domain::{Level, Locality};
use crate::error::{Error, Result};
use crate::store::{Source, Store};
use chrono::NaiveDate;

fn find_current(store: &Store, code: &str, on: NaiveDate) -> Result<Locality> {
    store
        .all_localities()?
        .into_iter()
        .find(|l| l.code == code && l.valid_on(on))
        .ok_or_else(|| {
            Error::data(
                format!(
                    "không có địa phương mã {code} còn hiệu lực ngày {}",
                    crate::text::format_date(on)
                ),
                format!("no locality {code} is valid on {on}"),
            )
        })
}

/// Adds a new unit under `parent_code`, valid from `valid_from`.
pub fn add(
    store: &mut Store,
    code: &str,
    name: &str,
    level: Level,
    parent_code: Option<&str>,
    valid_from: Option<NaiveDate>,
    source: Source,
) -> Result<Locality> {
    access::ensure_province(store)?;
    let code = crate::text::normalize(code);
    let name = crate::text::normalize(name);
    if code.is_empty() || name.is_empty() {
        return Err(Error::data(
            "cần có mã và tên",
            "a code and a name are needed",
        ));
    }
    let probe = valid_from.unwrap_or(NaiveDate::MIN);
    if store
        .all_localities()?
        .iter()
        .any(|l| l.code == code && (l.valid_on(probe) || l.valid_from == valid_from))
    {
        return Err(Error::data(
            format!("mã {code} đang được một đơn vị khác dùng vào thời điểm đó"),
            format!("the code {code} is in use by another unit at that time"),
        ));
    }
    if let Some(p) = parent_code {
        let all = store.all_localities()?;
        let parent = all
            .iter()
            .find(|l| l.code == p && valid_from.is_none_or(|d| l.valid_on(d)))
            .ok_or_else(|| {
                Error::data(
                    format!("không có đơn vị cha {p} còn hiệu lực vào thời điểm đó"),
                    format!("no parent {p} is valid at that time"),
                )
            })?;
        let expected = if level == Level::District {
            Level::Province
        } else {
            Level::District
        };
        if parent.level != expected {
            return Err(Error::data(
                format!(
                    "đơn vị cha {p} là cấp {}, cần cấp {}",
                    parent.level.code(),
                    expected.code()
                ),
                format!(
                    "the parent {p} is a {}, expected a {}",
                    parent.level.code(),
                    expected.code()
                ),
            ));
        }
    }
    let l = Locality {
        id: 0,
        code,
        name,
        level,
        parent_code: parent_code.map(str::to_string),
        valid_from,
        valid_to: None,
        predecessors: Vec::new(),
    };
    let (id, _) = store.write(source, |w| w.upsert_locality(&l))?;
    Ok(Locality { id, ..l })
}

/// Corrects the name of the version of `code` valid on `on` (a spelling fix: past years show it too).
pub fn rename(
    store: &mut Store,
    code: &str,
    on: NaiveDate,
    new_name: &str,
    source: Source,
) -> Result<()> {
    access::ensure_province(store)?;
    let name = crate::text::normalize(new_name);
    if name.is_empty() {
        return Err(Error::data(
            "tên không được để trống",
            "the name must not be empty",
        ));
    }
    let mut l = find_current(store, code, on)?;
    l.name = name;
    store.write(source, |w| w.upsert_locality(&l).map(|_| ()))
}

/// Closes the version of `code` valid on `last_day`: it exists up to and including that day.
pub fn close(store: &mut Store, code: &str, last_day: NaiveDate, source: Source) -> Result<()> {
    access::ensure_province(store)?;
    let mut l = find_current(store, code, last_day)?;
    if l.valid_from.is_some_and(|f| last_day < f) {
        return Err(Error::data(
            "ngày kết thúc trước ngày bắt đầu",
            "the closing day is before the opening day",
        ));
    }
    l.valid_to = Some(last_day);
    store.write(source, |w| w.upsert_locality(&l).map(|_| ()))
}

/// Records a merger on `date`: the predecessors close the day before, and the successor opens on
/// `date` under the same parent — with a new code, or keeping (taking) one of the predecessors' codes.
pub fn merge(
    store: &mut Store,
    predecessors: &[&str],
    successor_code: &str,
    successor_name: &str,
    date: NaiveDate,
    source: Source,
) -> Result<Locality> {
    access::ensure_province(store)?;
    let Some(last_day) = date.pred_opt() else {
        return Err(Error::data("ngày không hợp lệ", "not a valid date"));
    };
    if predecessors.is_empty() {
        return Err(Error::data(
            "cần ít nhất một đơn vị sáp nhập",
            "at least one merging unit is needed",
        ));
    }
    let olds = predecessors
        .iter()
        .map(|c| find_current(store, c, last_day))
        .collect::<Result<Vec<_>>>()?;
    let parent = olds[0].parent_code.clone();
    let level = olds[0].level;
    if olds
        .iter()
        .any(|o| o.parent_code != parent || o.level != level)
    {
        return Err(Error::data(
            "các đơn vị sáp nhập phải cùng cấp và cùng đơn vị cha",
            "the merging units must share level and parent",
        ));
    }
    let code = crate::text::normalize(successor_code);
    let name = crate::text::normalize(successor_name);
    if code.is_empty() || name.is_empty() {
        return Err(Error::data(
            "cần có mã và tên",
            "a code and a name are needed",
        ));
    }
    let reuses_outside = store
        .all_localities()?
        .iter()
        .any(|l| l.code == code && l.valid_on(date) && !predecessors.contains(&l.code.as_str()));
    if reuses_outside {
        return Err(Error::data(
            format!("mã {code} đang được một đơn vị khác dùng"),
            format!("the code {code} is in use by another unit"),
        ));
    }
    let successor = Locality {
        id: 0,
        code,
        name,
        level,
        parent_code: parent,
        valid_from: Some(date),
        valid_to: None,
        predecessors: Vec::new(),
    };
    let (id, _) = store.write(source, |w| {
        for mut o in olds {
            o.valid_to = Some(last_day);
            w.upsert_locality(&o)?;
        }
        w.upsert_locality(&successor)
    })?;
    Ok(Locality { id, ..successor })
}
