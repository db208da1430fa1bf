//! `antq import FILE…`: CSV files (kind told by header or file name), a folder of them, or a JSON
//! exchange package. All or nothing: every error is collected as `FILE:LINE: message` and nothing is
//! written unless there is none. The files of one call are one transaction applied in dependency order
//! (localities first), whatever their order on the command line. The formats themselves are read by
//! `crate::exchange`; this module checks the records against the database and writes them.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::workflow::State;
use crate::domain::{Level, Locality};
use crate::error::{Error, Result};
use crate::exchange::{At, Batch, Errors};
use crate::store::{Source, Store};
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
}

/// Imports files (or folders holding them, or JSON exchange packages) in one transaction.
pub fn import_paths(store: &mut Store, config: &Config, paths: &[PathBuf]) -> Result<Summary> {
    let mut errors = Errors::default();
    let (batch, files) = crate::exchange::read_paths(paths, &mut errors)?;
    validate(store, config, &batch, &mut errors)?;
    if !errors.0.is_empty() {
        errors
            .0
            .sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
        return Err(Error::Lines(errors.0));
    }
    let rows = batch.rows();
    let changes = store.bulk(|store| apply(store, &batch))?;
    let years = batch
        .assessments
        .iter()
        .map(|a| a.item.year)
        .chain(batch.awards.iter().map(|a| a.item.year))
        .chain(batch.limitations.iter().map(|l| l.item.year));
    let (from, to) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if changes > 0 && !batch.localities.is_empty() {
        // A locality change drops every year's entry.
        store.warm_year_cache()?;
    } else if changes > 0 && from <= to {
        store.warm_year_cache_for(from, to)?;
    }
    Ok(Summary {
        files,
        rows,
        changes,
    })
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

/// Checks that need the database: codes valid in the year, parents, the issuer and category lists,
/// duplicates, and who may write what.
fn validate(store: &Store, config: &Config, batch: &Batch, errors: &mut Errors) -> Result<()> {
    let all = universe(store, batch)?;
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
    let mut approved = |year: i32, district: &str| -> Result<bool> {
        if let std::collections::hash_map::Entry::Vacant(slot) = states.entry(year) {
            slot.insert(store.states(year)?);
        }
        Ok(states
            .get(&year)
            .and_then(|m| m.get(district))
            .is_some_and(|r| r.state == State::Approved))
    };
    if rights == Rights::ReadOnly && !batch.is_empty() {
        return Err(access::read_only_message(store.user()));
    }

    // Localities: the parent must exist at the same time, one level up.
    for at in &batch.localities {
        let l = &at.item;
        if let Some(parent) = &l.parent_code {
            let probe = l.valid_from.or(l.valid_to);
            let found = all
                .iter()
                .find(|p| &p.code == parent && probe.is_none_or(|d| p.valid_on(d)));
            match found {
                None => errors.push(
                    &at.file,
                    at.line,
                    format!("parent_code: không có đơn vị {parent} còn hiệu lực vào thời điểm đó"),
                    format!("parent_code: no unit {parent} is valid at that time"),
                ),
                Some(p) => {
                    let expected = match l.level {
                        Level::District => Level::Province,
                        _ => Level::District,
                    };
                    if p.level != expected {
                        errors.push(
                            &at.file,
                            at.line,
                            format!(
                                "parent_code: {parent} là cấp {}, cần cấp {}",
                                p.level.code(),
                                expected.code()
                            ),
                            format!(
                                "parent_code: {parent} is a {}, expected a {}",
                                p.level.code(),
                                expected.code()
                            ),
                        );
                    }
                }
            }
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
                if approved(year, d)? {
                    errors.push(
                        file,
                        line,
                        format!("số liệu năm {year} của đơn vị {d} đã được duyệt: không được sửa"),
                        format!(
                            "the {year} figures of unit {d} are approved: they cannot be changed"
                        ),
                    );
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
                    a.issuer,
                    known.join(", ")
                ),
                format!(
                    "issuer: \"{}\" is not a configured issuer ({})",
                    a.issuer,
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
                    l.category,
                    known.join(", ")
                ),
                format!(
                    "category: \"{}\" is not a configured category ({})",
                    l.category,
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
fn apply(store: &mut Store, batch: &Batch) -> Result<usize> {
    store.write(Source::Import, |w| {
        let mut changes = 0;
        // Parents before children: provinces, then districts, then communes.
        let mut localities: Vec<&At<Locality>> = batch.localities.iter().collect();
        localities.sort_by_key(|at| at.item.level);
        for at in localities {
            if w.upsert_locality(&at.item)?.1 {
                changes += 1;
            }
        }
        for at in &batch.assessments {
            let a = &at.item;
            let id = w
                .locality_id(&a.locality_code, a.year)?
                .ok_or_else(|| super::not_in_year(&a.locality_code, a.year))?;
            changes += w.upsert_assessment(a, id)?;
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
        }
        for at in &batch.limitations {
            let l = &at.item;
            let id = w
                .locality_id(&l.locality_code, l.year)?
                .ok_or_else(|| super::not_in_year(&l.locality_code, l.year))?;
            changes += w.upsert_limitation(l, id)?;
        }
        Ok(changes)
    })
}
