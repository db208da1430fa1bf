//! Changes to the list of localities: add, rename, close, and record a merger. Province users only;
//! every change audited. Codes are reused by successors, so a merger opens a new version of a code on
//! the day after the predecessors close, and names them as its predecessors. The rule a unit's
//! parent follows (`parent_of`) lives here and is shared with the import.

use super::access;
use crate::domain::{Level, Locality, Predecessor};
use crate::error::{Error, Msg, Result};
use crate::store::{Source, Store};
use crate::text::Lines;
use chrono::NaiveDate;

/// The version `unit` hangs from: the unit of its `parent_code` valid on the day it begins (for a
/// unit without `valid_from`, one that also began before the records), one level up — a province
/// for a district; for a commune a district, or the province itself where the district level is
/// gone — and lasting as long as the unit does. Codes are reused (a province ending 2025-06-30 and
/// a new one of the same code from 2025-07-01), so the date picks the version. `Ok(None)` for a
/// unit without a parent; the error is what is wrong, for the caller to place.
pub(crate) fn parent_of<'a>(
    all: &'a [Locality],
    unit: &Locality,
) -> std::result::Result<Option<&'a Locality>, Msg> {
    let Some(code) = &unit.parent_code else {
        return Ok(None);
    };
    let day = unit.valid_from.unwrap_or(NaiveDate::MIN);
    let Some(parent) = all.iter().find(|p| &p.code == code && p.valid_on(day)) else {
        return Err(match unit.valid_from {
            Some(d) => Msg::new(
                format!(
                    "không có đơn vị {code} còn hiệu lực vào thời điểm đó ({})",
                    crate::text::format_date(d)
                ),
                format!("no unit {code} is valid at that time ({d})"),
            ),
            None => Msg::new(
                format!("không có đơn vị {code} còn hiệu lực vào thời điểm đó"),
                format!("no unit {code} is valid at that time"),
            ),
        });
    };
    let fits = match unit.level {
        Level::Province => false,
        Level::District => parent.level == Level::Province,
        Level::Commune => matches!(parent.level, Level::District | Level::Province),
    };
    if !fits {
        let (vi, en) = match unit.level {
            Level::Commune => ("district hoặc province", "a district or a province"),
            _ => ("province", "a province"),
        };
        return Err(Msg::new(
            format!("{code} là cấp {}, cần cấp {vi}", parent.level.code()),
            format!("{code} is a {}, expected {en}", parent.level.code()),
        ));
    }
    if let Some(end) = parent.valid_to {
        if unit.valid_to.is_none_or(|to| to > end) {
            return Err(Msg::new(
                format!(
                    "đơn vị cha {code} kết thúc ngày {} trong khi đơn vị này vẫn tiếp tục: hãy đóng \
                     đơn vị này hoặc tạo cho nó một dòng mới từ ngày hôm sau",
                    crate::text::format_date(end)
                ),
                format!(
                    "the parent {code} ends on {end} while the unit goes on: close the unit or give \
                     it a new row from the day after"
                ),
            ));
        }
    }
    Ok(Some(parent))
}

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
    super::typed_code("code", &code)?;
    super::typed_text("name", &name, Lines::One)?;
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
    parent_of(&store.all_localities()?, &l).map_err(Error::Data)?;
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
    super::typed_text("name", &name, Lines::One)?;
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
    // The units under it must not outlive it.
    let mut all = store.all_localities()?;
    for other in all.iter_mut().filter(|o| o.id == l.id) {
        other.valid_to = l.valid_to;
    }
    for child in all
        .iter()
        .filter(|c| c.parent_code.as_deref() == Some(&l.code))
    {
        if let Err(m) = parent_of(&all, child) {
            return Err(Error::data(
                format!("{} ({}): {}", child.code, child.name, m.vi),
                format!("{} ({}): {}", child.code, child.name, m.en),
            ));
        }
    }
    store.write(source, |w| w.upsert_locality(&l).map(|_| ()))
}

/// Records a merger on `date`: the predecessors close the day before, and the successor opens on
/// `date` under the same parent — with a new code, or keeping (taking) one of the predecessors' codes
/// — naming them as its predecessors.
pub fn merge(
    store: &mut Store,
    predecessors: &[&str],
    successor_code: &str,
    successor_name: &str,
    date: NaiveDate,
    source: Source,
) -> Result<Locality> {
    merge_under(
        store,
        predecessors,
        successor_code,
        successor_name,
        None,
        date,
        source,
    )
}

/// [`merge`] with the successor's parent chosen: `None` keeps the predecessors' common parent;
/// `Some(code)` hangs the successor from the unit of that code valid on `date` (units of several
/// districts merged under the province when the district level went), and the predecessors need
/// not share a parent then.
pub fn merge_under(
    store: &mut Store,
    predecessors: &[&str],
    successor_code: &str,
    successor_name: &str,
    parent: Option<&str>,
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
    let level = olds[0].level;
    if olds.iter().any(|o| o.level != level) {
        return Err(Error::data(
            "các đơn vị sáp nhập phải cùng cấp",
            "the merging units must share their level",
        ));
    }
    let parent = match parent.map(crate::text::normalize) {
        Some(p) if !p.is_empty() => Some(p),
        _ => {
            let common = olds[0].parent_code.clone();
            if olds.iter().any(|o| o.parent_code != common) {
                return Err(Error::data(
                    "các đơn vị sáp nhập phải cùng đơn vị cha, hoặc hãy ghi đơn vị cha của đơn vị mới",
                    "the merging units must share their parent, or the successor's parent must be given",
                ));
            }
            common
        }
    };
    let code = crate::text::normalize(successor_code);
    let name = crate::text::normalize(successor_name);
    if code.is_empty() || name.is_empty() {
        return Err(Error::data(
            "cần có mã và tên",
            "a code and a name are needed",
        ));
    }
    super::typed_code("code", &code)?;
    super::typed_text("name", &name, Lines::One)?;
    let mut all = store.all_localities()?;
    let reuses_outside = all
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
        // The stored form names each version, so a reused code stays unambiguous.
        predecessors: olds
            .iter()
            .map(|o| Predecessor {
                code: o.code.clone(),
                valid_from: o.valid_from,
            })
            .collect(),
    };
    // The parent is judged as it will be once the predecessors have closed.
    for l in all.iter_mut() {
        if olds.iter().any(|o| o.id == l.id) {
            l.valid_to = Some(last_day);
        }
    }
    parent_of(&all, &successor).map_err(Error::Data)?;
    let (id, _) = store.write(source, |w| {
        for mut o in olds {
            o.valid_to = Some(last_day);
            w.upsert_locality(&o)?;
        }
        w.upsert_locality(&successor)
    })?;
    Ok(Locality { id, ..successor })
}
