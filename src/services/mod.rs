//! The verbs both faces share: import a file set, set one value, export, report, check, submit/approve.
//! The CLI and the TUI call the same function for the same act, so a rule enforced for one is
//! enforced for both.

pub mod access;
pub mod awards;
pub mod check;
pub mod export;
pub mod import;
pub mod limitations;
pub mod localities;
pub mod notes;
pub mod package;
pub mod report;
pub mod targets;
pub mod undo;
pub mod workflow;
pub mod years;

use crate::domain::{Assessment, Field, FieldValue};
use crate::error::{Error, Result};
use crate::store::{Source, Store};

/// What a committed cell change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueChange {
    pub old: FieldValue,
    pub new: FieldValue,
    /// False when the value was already stored (nothing written).
    pub written: bool,
}

/// Sets one field of one locality's row for a report year: one transaction with its audit row.
/// Refused (nothing written) when the acting user may not edit that locality or the district-year is
/// approved.
pub fn set_value(
    store: &mut Store,
    year: i32,
    locality_code: &str,
    field: Field,
    value: FieldValue,
    source: Source,
) -> Result<ValueChange> {
    match set_value_since(store, year, locality_code, field, value, None, source)? {
        CellCommit::Written(change) => Ok(change),
        // Not reached: nothing was expected of the stored value.
        CellCommit::Conflict(c) => Err(changed_since(locality_code, field, &c)),
    }
}

/// Another login changed the cell since the edit began: the value stored now, and who changed it
/// and when (the cell's latest audit row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub stored: FieldValue,
    pub by: Option<String>,
    /// As stored in the audit log (UTC, RFC 3339).
    pub at: Option<String>,
}

/// What [`set_value_since`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellCommit {
    Written(ValueChange),
    /// Nothing written: the cell no longer holds the value the edit began from.
    Conflict(Conflict),
}

/// [`set_value`], provided the cell still holds `since` (the value when the edit began; None: no
/// condition). The stored value is compared inside the write transaction, so another process's
/// commit cannot slip in between the comparison and the write.
pub fn set_value_since(
    store: &mut Store,
    year: i32,
    locality_code: &str,
    field: Field,
    value: FieldValue,
    since: Option<FieldValue>,
    source: Source,
) -> Result<CellCommit> {
    let cell = CellWrite {
        year,
        locality_code: locality_code.to_string(),
        field,
        value,
        since,
    };
    match set_values_since(store, std::slice::from_ref(&cell), source)? {
        CellsCommit::Written(mut changes) => match changes.pop() {
            Some(change) => Ok(CellCommit::Written(change)),
            None => Err(Error::data(
                "không ghi được ô này",
                "the cell could not be written",
            )),
        },
        CellsCommit::Conflict { conflict, .. } => Ok(CellCommit::Conflict(conflict)),
    }
}

/// One cell to write: its year, unit and field, the value, and the value it held when the clerk
/// saw it (None: whatever it holds now is overwritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellWrite {
    pub year: i32,
    pub locality_code: String,
    pub field: Field,
    pub value: FieldValue,
    pub since: Option<FieldValue>,
}

/// What [`set_values_since`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellsCommit {
    /// Every cell written (or already holding its value), in the order given.
    Written(Vec<ValueChange>),
    /// Nothing written: the cell at `index` no longer holds the value it was seen with.
    Conflict { index: usize, conflict: Conflict },
}

/// Sets several cells (a block pasted into the grid, the undo of one) in ONE write transaction,
/// with an audit row per changed field: all of them or none. The rights, the unit-year's state and
/// each cell's stored value are read inside the transaction; a refusal of any cell, or any cell
/// that no longer holds its `since`, writes nothing.
pub fn set_values_since(
    store: &mut Store,
    cells: &[CellWrite],
    source: Source,
) -> Result<CellsCommit> {
    let login = store.user().to_string();
    store.write(source, |w| {
        let rights = access::Rights::among(w.users()?, &login);
        // Rows by (year, locality id), in the order first touched; each is written once.
        let mut rows: Vec<((i32, i64), Assessment)> = Vec::new();
        let mut olds = Vec::with_capacity(cells.len());
        for (index, cell) in cells.iter().enumerate() {
            let (year, code) = (cell.year, cell.locality_code.as_str());
            access::ensure_may_edit_in(&*w, &rights, &login, year, code)?;
            let id = w
                .locality_id_once(code, year)?
                .ok_or_else(|| not_in_year(code, year))?;
            let at = match rows.iter().position(|(key, _)| *key == (year, id)) {
                Some(at) => at,
                None => {
                    let row = w
                        .stored_assessment(year, id)?
                        .unwrap_or_else(|| Assessment::empty(year, code));
                    rows.push(((year, id), row));
                    rows.len() - 1
                }
            };
            let row = &mut rows[at].1;
            let old = row.get(cell.field);
            if cell.since.is_some_and(|since| since != old) {
                let last = w.last_change(year, code, cell.field.code())?;
                return Ok(CellsCommit::Conflict {
                    index,
                    conflict: Conflict {
                        stored: old,
                        by: last.as_ref().map(|r| r.os_user.clone()),
                        at: last.map(|r| r.at),
                    },
                });
            }
            if !row.set(cell.field, cell.value) {
                return Err(Error::data(
                    "giá trị không đúng loại cho ô này",
                    "the value is of the wrong kind for this field",
                ));
            }
            olds.push(old);
        }
        for ((_, id), row) in &rows {
            w.upsert_assessment(row, *id)?;
        }
        Ok(CellsCommit::Written(
            cells
                .iter()
                .zip(olds)
                .map(|(cell, old)| ValueChange {
                    old,
                    new: cell.value,
                    written: old != cell.value,
                })
                .collect(),
        ))
    })
}

/// The refusal of a conditional write whose cell changed since the edit began.
fn changed_since(code: &str, field: Field, c: &Conflict) -> Error {
    let by = c.by.as_deref().unwrap_or("?");
    Error::data(
        format!(
            "ô {} của {code} đã được {by} sửa sau khi bắt đầu sửa",
            field.code()
        ),
        format!(
            "the cell {} of {code} was changed by {by} since the edit began",
            field.code()
        ),
    )
}

/// Loads the demo province (province users only), marks the database as holding the demo, and fills
/// the Years view's cache. The caller decides whether a non-empty database may receive it.
pub fn load_demo(store: &mut Store) -> Result<()> {
    load_demo_with(store, &crate::progress::Silent)
}

/// [`load_demo`], telling `progress` each row written.
pub fn load_demo_with(store: &mut Store, progress: &dyn crate::progress::Progress) -> Result<()> {
    access::ensure_province(store)?;
    store.load_dataset_with(&crate::demo::demo_dataset(), Source::Demo, progress)
}

/// First run of the TUI: the demo province into an empty database (refused when it holds data).
pub fn load_demo_into_empty(store: &mut Store) -> Result<()> {
    if !store.is_empty()? {
        return Err(Error::data(
            "cơ sở dữ liệu đã có số liệu: không nạp tỉnh mẫu",
            "the database already holds data: the demo is not loaded",
        ));
    }
    load_demo(store)
}

/// The refusal of a write naming a locality code that no unit of the report year has.
fn not_in_year(code: &str, year: i32) -> Error {
    Error::data(
        format!("mã địa phương {code} không có trong năm {year}"),
        format!("locality code {code} is not valid in {year}"),
    )
}

/// A typed text (TUI or command line) with a control character is refused, naming the field; the
/// importer refuses the same characters at `FILE:LINE`.
fn typed_text(field: &str, s: &str, lines: crate::text::Lines) -> Result<()> {
    crate::text::check_text(s, lines).map_err(|e| {
        Error::data(
            format!("{field}: {}", e.message(crate::text::Lang::Vi)),
            format!("{field}: {}", e.message(crate::text::Lang::En)),
        )
    })
}

/// A typed locality code: digits of a bounded length, as import demands.
fn typed_code(field: &str, s: &str) -> Result<()> {
    crate::text::check_code(s).map_err(|e| {
        Error::data(
            format!(
                "{field}: \"{}\" — {}",
                crate::text::echo(s),
                e.message(crate::text::Lang::Vi)
            ),
            format!(
                "{field}: \"{}\" — {}",
                crate::text::echo(s),
                e.message(crate::text::Lang::En)
            ),
        )
    })
}

/// Refuses (exit 1) to check or export a year that holds nothing recorded: "0 errors" or an empty file
/// would read as a year reviewed and found clean. `act` is the verb in both languages.
pub fn ensure_year_recorded(store: &Store, year: i32, act: (&str, &str)) -> Result<()> {
    if store.has_records(year)? {
        return Ok(());
    }
    Err(Error::data(
        format!(
            "năm {year} chưa có số liệu nào (chưa nhập kết quả, khen thưởng hay hạn chế): không có gì để {}",
            act.0
        ),
        format!(
            "{year} has no figures yet (no results, awards or limitations recorded): nothing to {}",
            act.1
        ),
    ))
}
