//! `antq import FILE…`: CSV files (kind told by header or file name), a folder of them, or a JSON
//! exchange package. All or nothing: every error is collected as `FILE:LINE: message` and nothing is
//! written unless there is none. The files of one call are one transaction applied in dependency order
//! (localities first), whatever their order on the command line. The formats themselves are read by
//! `crate::exchange`; this module checks the records against the database and writes them.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::workflow::State;
use crate::domain::{Locality, Predecessor};
use crate::error::{Error, Result};
use crate::exchange::{At, Batch, Errors};
use crate::progress::{Progress, Silent, Stage};
use crate::store::{Source, Store};
use crate::text::format_date;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub rows: usize,
    /// Fields (or records) that changed; 0 when the data was already there.
    pub changes: usize,
    /// Sealed packages (imported on their own, without other files): what receiving each did.
    pub packages: Vec<super::package::Receipt>,
}

/// Imports files (or folders holding them, or JSON exchange packages) in one transaction.
pub fn import_paths(store: &mut Store, config: &Config, paths: &[PathBuf]) -> Result<Summary> {
    import_paths_with(store, config, paths, &Silent)
}

/// [`import_paths`], telling `progress` each row written; a stop it asks for rolls the transaction
/// back, so nothing is written.
pub fn import_paths_with(
    store: &mut Store,
    config: &Config,
    paths: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Summary> {
    progress.begin(Stage::ReadFiles, None);
    if let Some(packages) = sealed_packages(paths)? {
        let receipts = super::package::receive_all(store, config, &packages, progress)?;
        return Ok(Summary {
            files: receipts.len(),
            rows: receipts.iter().map(|r| r.rows).sum(),
            changes: receipts.iter().map(|r| r.changes).sum(),
            packages: receipts,
        });
    }
    let mut errors = Errors::default();
    // A damaged database is refused before any line error: nothing is written into it either way.
    let (batch, files) = store.while_checking_soundness(|| -> Result<(Batch, usize)> {
        let (mut batch, files) = crate::exchange::read_paths(paths, &mut errors)?;
        let all = universe(store, &batch)?;
        resolve_lineage(&all, &mut batch, &mut errors);
        validate(store, config, &all, &batch, &mut errors)?;
        Ok((batch, files))
    })??;
    if !errors.0.is_empty() {
        errors
            .0
            .sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
        return Err(Error::Lines(errors.0));
    }
    progress.end();
    let rows = batch.rows();
    progress.begin(Stage::ImportRows, Some(rows as u64));
    let changes = store.bulk(|store| apply(store, &batch, progress))?;
    progress.end();
    Ok(Summary {
        files,
        rows,
        changes,
        packages: Vec::new(),
    })
}

/// The files' texts as `(shown, text)` when every path is a sealed package (a `.json` file whose
/// `format` says so); `None` otherwise, and the files are read as data files (where a sealed
/// package among other files is refused at `FILE:1`).
fn sealed_packages(paths: &[PathBuf]) -> Result<Option<Vec<(String, String)>>> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let json = path.is_file()
            && path
                .to_string_lossy()
                .to_ascii_lowercase()
                .ends_with(".json");
        if !json {
            return Ok(None);
        }
        // A file that is no data file at all is reported by the reader, at FILE:1, as ever.
        match crate::exchange::read_text(path)? {
            Ok(text) if crate::exchange::sealed::is_sealed(&text) => {
                out.push((path.display().to_string(), text))
            }
            _ => return Ok(None),
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// The localities as they will be after the import: the stored ones with the file's versions laid
/// over them by (code, valid_from).
fn universe(store: &Store, batch: &Batch) -> Result<Vec<Locality>> {
    let mut by_key: HashMap<(String, Option<NaiveDate>), Locality> = store
        .all_localities()?
        .into_iter()
        .map(|l| ((l.code.clone(), l.valid_from), l))
        .collect();
    let mut order: Vec<(String, Option<NaiveDate>)> = by_key.keys().cloned().collect();
    for at in &batch.localities {
        let key = (at.item.code.clone(), at.item.valid_from);
        if by_key.insert(key.clone(), at.item.clone()).is_none() {
            order.push(key);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .collect())
}

/// Names each predecessor in the batch by the version it resolves to in `all` (stored or same-batch
/// localities): `CODE` is the unit of that code valid on the day before the successor begins,
/// `CODE@D` the version that began on D. The stored form (`CODE@D`, or `CODE` for a version that
/// began before the records) then reads back the same after export. A predecessor must have ended
/// before its successor begins; the row parser has already refused predecessors on a unit without
/// `valid_from`.
fn resolve_lineage(all: &[Locality], batch: &mut Batch, errors: &mut Errors) {
    for at in &mut batch.localities {
        let unit = &at.item;
        let Some(from) = unit.valid_from else {
            continue;
        };
        let day_before = from.pred_opt();
        let mut resolved: Vec<Predecessor> = Vec::with_capacity(unit.predecessors.len());
        let mut ok = true;
        for p in &unit.predecessors {
            let mut refuse = |vi: String, en: String| {
                errors.push(
                    &at.file,
                    at.line,
                    format!("predecessors: {vi}"),
                    format!("predecessors: {en}"),
                );
                ok = false;
            };
            if p.code == unit.code && p.valid_from == Some(from) {
                refuse(
                    format!("{p} là chính đơn vị này, không phải đơn vị trước nó"),
                    format!("{p} is the unit itself, not a unit before it"),
                );
                continue;
            }
            let found = match (p.valid_from, day_before) {
                (Some(d), _) => all
                    .iter()
                    .find(|l| l.code == p.code && l.valid_from == Some(d)),
                (None, Some(day)) => all.iter().find(|l| l.code == p.code && l.valid_on(day)),
                (None, None) => None,
            };
            let Some(version) = found else {
                match (p.valid_from, day_before) {
                    (Some(d), _) => refuse(
                        format!(
                            "không biết đơn vị trước {p}: không có đơn vị {} bắt đầu ngày {}",
                            p.code,
                            format_date(d)
                        ),
                        format!("unknown predecessor {p}: no unit {} begins on {d}", p.code),
                    ),
                    (None, day) => refuse(
                        format!(
                            "không biết đơn vị trước {p}: không có đơn vị {} còn hiệu lực ngày {}",
                            p.code,
                            day.map(format_date).unwrap_or_default()
                        ),
                        format!(
                            "unknown predecessor {p}: no unit {} is valid on {}",
                            p.code,
                            day.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ),
                }
                continue;
            };
            if version.valid_to.is_none_or(|to| to >= from) {
                let until_vi = version
                    .valid_to
                    .map(|t| format!("còn hiệu lực đến {}", format_date(t)))
                    .unwrap_or_else(|| "vẫn còn hiệu lực".to_string());
                let until_en = version
                    .valid_to
                    .map(|t| format!("is valid until {t}"))
                    .unwrap_or_else(|| "is still valid".to_string());
                refuse(
                    format!(
                        "{p} {until_vi}: đơn vị trước phải kết thúc trước ngày đơn vị kế thừa bắt đầu ({})",
                        format_date(from)
                    ),
                    format!(
                        "{p} {until_en}: a predecessor must end before its successor begins ({from})"
                    ),
                );
                continue;
            }
            let canonical = Predecessor {
                code: version.code.clone(),
                valid_from: version.valid_from,
            };
            if resolved.contains(&canonical) {
                refuse(
                    format!("{p} được ghi hai lần"),
                    format!("{p} is named twice"),
                );
                continue;
            }
            resolved.push(canonical);
        }
        if ok {
            at.item.predecessors = resolved;
        }
    }
}

/// Checks that need the database: codes valid in the year, parents, the issuer and category lists,
/// duplicates, and who may write what.
pub(super) fn validate(
    store: &Store,
    config: &Config,
    all: &[Locality],
    batch: &Batch,
    errors: &mut Errors,
) -> Result<()> {
    let rights = Rights::of(store)?;
    // Per report year: code → the reporting unit it belongs to (None for the province itself).
    let mut years: HashMap<i32, HashMap<String, Option<String>>> = HashMap::new();
    let mut district_in_year = |year: i32, code: &str| -> Option<Option<String>> {
        years
            .entry(year)
            .or_insert_with(|| {
                access::reporting_units(all.iter().filter(|l| l.valid_in_year(year)))
                    .into_iter()
                    .map(|(code, unit)| (code.to_string(), unit.map(str::to_string)))
                    .collect()
            })
            .get(code)
            .cloned()
    };
    let mut states: HashMap<i32, HashMap<String, crate::store::workflow::StateRecord>> =
        HashMap::new();
    let mut state_of = |year: i32, district: &str| -> Result<State> {
        if let std::collections::hash_map::Entry::Vacant(slot) = states.entry(year) {
            slot.insert(store.states(year)?);
        }
        Ok(states
            .get(&year)
            .and_then(|m| m.get(district))
            .map_or(State::Draft, |r| r.state))
    };
    if rights == Rights::ReadOnly && !batch.is_empty() {
        return Err(access::read_only_message(store.user()));
    }

    // Localities: the parent valid on the unit's first day, one level up, lasting as long.
    for at in &batch.localities {
        if let Err(m) = super::localities::parent_of(all, &at.item) {
            errors.push(
                &at.file,
                at.line,
                format!("parent_code: {}", m.vi),
                format!("parent_code: {}", m.en),
            );
        }
        if !rights.is_province() {
            errors.push(
                &at.file,
                at.line,
                "chỉ cán bộ cấp tỉnh được sửa danh mục địa phương",
                "only province users may change the list of localities",
            );
        }
    }
    // A file that ends (or re-dates) a parent must not leave the stored units under it hanging:
    // they are judged again, and a fault is placed at the parent's line.
    let in_batch: HashSet<(&str, Option<NaiveDate>)> = batch
        .localities
        .iter()
        .map(|at| (at.item.code.as_str(), at.item.valid_from))
        .collect();
    for child in all {
        let Some(parent) = &child.parent_code else {
            continue;
        };
        if in_batch.contains(&(child.code.as_str(), child.valid_from)) {
            continue;
        }
        let Some(at) = batch.localities.iter().find(|at| &at.item.code == parent) else {
            continue;
        };
        if let Err(m) = super::localities::parent_of(all, child) {
            errors.push(
                &at.file,
                at.line,
                format!("{} ({}): parent_code: {}", child.code, child.name, m.vi),
                format!("{} ({}): parent_code: {}", child.code, child.name, m.en),
            );
        }
    }

    let mut check_locality =
        |file: &str, line: u64, year: i32, code: &str, errors: &mut Errors| -> Result<bool> {
            let Some(district) = district_in_year(year, code) else {
                let known = all.iter().any(|l| l.code == code);
                if known {
                    errors.push(
                        file,
                        line,
                        format!("locality_code: {code} không còn hiệu lực vào 30/11/{year}"),
                        format!("locality_code: {code} is not valid on 30 November {year}"),
                    );
                } else {
                    errors.push(
                        file,
                        line,
                        format!("locality_code: không biết mã {code}"),
                        format!("locality_code: unknown code {code}"),
                    );
                }
                return Ok(false);
            };
            let district = district.as_deref();
            if !rights.may_edit_unit(district) {
                errors.push(
                    file,
                    line,
                    format!(
                        "{} chỉ được nhập số liệu của đơn vị mình; {code} thuộc đơn vị khác",
                        store.user()
                    ),
                    format!(
                        "{} may import only their own unit; {code} belongs to another unit",
                        store.user()
                    ),
                );
                return Ok(false);
            }
            if let Some(d) = district {
                if let Some((vi, en)) = access::lock(state_of(year, d)?, &rights, year, d) {
                    errors.push(file, line, vi, en);
                    return Ok(false);
                }
            }
            Ok(true)
        };

    let mut seen_rows = HashSet::new();
    for at in &batch.assessments {
        let a = &at.item;
        if check_locality(&at.file, at.line, a.year, &a.locality_code, errors)?
            && !seen_rows.insert((a.year, a.locality_code.clone()))
        {
            errors.push(
                &at.file,
                at.line,
                format!("dòng lặp lại cho {} năm {}", a.locality_code, a.year),
                format!("a second row for {} in {}", a.locality_code, a.year),
            );
        }
    }
    let mut seen_awards = HashSet::new();
    for at in &batch.awards {
        let a = &at.item;
        if config.issuer(&a.issuer).is_none() {
            let known: Vec<&str> = config.issuers.iter().map(|i| i.code.as_str()).collect();
            errors.push(
                &at.file,
                at.line,
                format!(
                    "issuer: \"{}\" không có trong cấu hình ({})",
                    crate::text::echo(&a.issuer),
                    known.join(", ")
                ),
                format!(
                    "issuer: \"{}\" is not a configured issuer ({})",
                    crate::text::echo(&a.issuer),
                    known.join(", ")
                ),
            );
        }
        if let Some(code) = &a.locality_code {
            check_locality(&at.file, at.line, a.year, code, errors)?;
        } else if !rights.is_province() {
            errors.push(
                &at.file,
                at.line,
                "locality_code: cán bộ huyện phải ghi địa phương của người được khen",
                "locality_code: a district clerk must name the recipient's locality",
            );
        }
        if !seen_awards.insert((a.year, a.decision_no.clone(), a.recipient.clone())) {
            errors.push(
                &at.file,
                at.line,
                format!("khen thưởng lặp lại: {} — {}", a.decision_no, a.recipient),
                format!("award appears twice: {} — {}", a.decision_no, a.recipient),
            );
        }
    }
    let mut levels: HashMap<i32, HashMap<&str, crate::domain::Level>> = HashMap::new();
    let mut seen_notes = HashSet::new();
    for at in &batch.notes {
        let n = &at.item;
        if !check_locality(&at.file, at.line, n.year, &n.locality_code, errors)? {
            continue;
        }
        let level = levels
            .entry(n.year)
            .or_insert_with(|| {
                all.iter()
                    .filter(|l| l.valid_in_year(n.year))
                    .map(|l| (l.code.as_str(), l.level))
                    .collect()
            })
            .get(n.locality_code.as_str())
            .copied();
        if level.is_some_and(|level| !n.field.applies_to(level)) {
            let e = super::notes::no_such_cell(&n.locality_code, n.field);
            errors.push(
                &at.file,
                at.line,
                e.render(crate::text::Lang::Vi),
                e.render(crate::text::Lang::En),
            );
        }
        if !seen_notes.insert((n.year, n.locality_code.clone(), n.field)) {
            errors.push(
                &at.file,
                at.line,
                format!(
                    "ghi chú lặp lại cho {} · {} năm {}",
                    n.locality_code,
                    n.field.code(),
                    n.year
                ),
                format!(
                    "a second note for {} · {} in {}",
                    n.locality_code,
                    n.field.code(),
                    n.year
                ),
            );
        }
    }
    let mut seen_limitations = HashSet::new();
    for at in &batch.limitations {
        let l = &at.item;
        if config.limitation_category(&l.category).is_none() {
            let known: Vec<&str> = config
                .limitation_categories
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            errors.push(
                &at.file,
                at.line,
                format!(
                    "category: \"{}\" không có trong cấu hình ({})",
                    crate::text::echo(&l.category),
                    known.join(", ")
                ),
                format!(
                    "category: \"{}\" is not a configured category ({})",
                    crate::text::echo(&l.category),
                    known.join(", ")
                ),
            );
        }
        check_locality(&at.file, at.line, l.year, &l.locality_code, errors)?;
        if !seen_limitations.insert((
            l.year,
            l.locality_code.clone(),
            l.category.clone(),
            l.text.clone(),
        )) {
            errors.push(
                &at.file,
                at.line,
                "hạn chế lặp lại trong tệp",
                "the limitation appears twice",
            );
        }
    }
    Ok(())
}

/// One transaction, localities first.
fn apply(store: &mut Store, batch: &Batch, progress: &dyn Progress) -> Result<usize> {
    store.write(Source::Import, |w| {
        let mut changes = 0;
        let mut done = 0u64;
        let mut step = || {
            done += 1;
            progress.at(done)
        };
        // Parents before children: provinces, then districts, then communes.
        let mut localities: Vec<&At<Locality>> = batch.localities.iter().collect();
        localities.sort_by_key(|at| at.item.level);
        for at in localities {
            if w.upsert_locality(&at.item)?.1 {
                changes += 1;
            }
            step()?;
        }
        for at in &batch.assessments {
            let a = &at.item;
            let id = w
                .locality_id(&a.locality_code, a.year)?
                .ok_or_else(|| super::not_in_year(&a.locality_code, a.year))?;
            changes += w.upsert_assessment(a, id)?;
            step()?;
        }
        for at in &batch.awards {
            let a = &at.item;
            let id = match &a.locality_code {
                Some(code) => Some(
                    w.locality_id(code, a.year)?
                        .ok_or_else(|| super::not_in_year(code, a.year))?,
                ),
                None => None,
            };
            changes += w.upsert_award(a, id)?;
            step()?;
        }
        for at in &batch.limitations {
            let l = &at.item;
            let id = w
                .locality_id(&l.locality_code, l.year)?
                .ok_or_else(|| super::not_in_year(&l.locality_code, l.year))?;
            changes += w.upsert_limitation(l, id)?;
            step()?;
        }
        for at in &batch.notes {
            let n = &at.item;
            let id = w
                .locality_id(&n.locality_code, n.year)?
                .ok_or_else(|| super::not_in_year(&n.locality_code, n.year))?;
            changes += w.put_note(n, id)?;
            step()?;
        }
        // The province's cached sums, refreshed under the same lock as the rows (never after the
        // commit, when another writer may already have changed them).
        w.refresh_year_cache()?;
        Ok(changes)
    })
}
