//! The province's targets are province data: kept in the database, written by province users
//! (`antq targets import FILE`, the TUI's targets view) with an audit row per change, and read by
//! every judgement (check, submit, approve, the report, the TUI's gauges).
//!
//! The configuration's targets (compiled in, then `/etc/antq/config.toml`) only **seed** a
//! database: `antq init` writes them into a database that holds none yet (a new one, or one made
//! by an older antq), and the first write of a target does the same inside its own transaction.
//! Until a database is seeded, the configuration's targets — exactly what the seed would hold —
//! are the ones in force, so a read never has to write.

use super::access::Rights;
use crate::config::Config;
use crate::domain::{Category, Target};
use crate::error::{Error, LineError, Msg, Result};
use crate::store::{Source, Store, Writer};
use crate::text::Lang;
use std::path::Path;

/// The targets in force: the database's once seeded, else the configuration's.
pub fn in_force(store: &Store, config: &Config) -> Result<Vec<Target>> {
    if store.targets_seeded()? {
        store.targets()
    } else {
        Ok(config.target.clone())
    }
}

/// Puts the targets in force into `config`, so that everything judged with it (its `RuleBook`,
/// `target_of`, `target_for`) reads the province's stored targets.
pub fn adopt(store: &Store, config: &mut Config) -> Result<()> {
    let targets = in_force(store, config)?;
    if targets != config.target {
        config.target = targets;
    }
    Ok(())
}

/// The targets in force for one report year, province-wide first.
pub fn of_year(store: &Store, config: &Config, year: i32) -> Result<Vec<Target>> {
    if store.targets_seeded()? {
        return store.targets_of_year(year);
    }
    let mut targets: Vec<Target> = config
        .target
        .iter()
        .filter(|t| t.year == year)
        .cloned()
        .collect();
    targets.sort_by(|a, b| {
        (a.locality.is_some(), &a.locality, a.category).cmp(&(
            b.locality.is_some(),
            &b.locality,
            b.category,
        ))
    });
    Ok(targets)
}

/// Writes the configuration's targets into a database that holds none yet (see the module's
/// comment); returns how many were written (0 when it was seeded before).
pub fn seed(store: &mut Store, config: &Config, source: Source) -> Result<usize> {
    if store.targets_seeded()? {
        return Ok(0);
    }
    store.write(source, |w| seed_in(w, config))
}

/// [`seed`] inside a transaction: decided there, so that two processes seed once.
fn seed_in(w: &mut Writer<'_>, config: &Config) -> Result<usize> {
    if w.targets_seeded()? {
        return Ok(0);
    }
    let mut written = 0;
    for t in &config.target {
        if w.set_target(t)? {
            written += 1;
        }
    }
    w.mark_targets_seeded()?;
    Ok(written)
}

/// What `antq targets import` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Targets in the file.
    pub targets: usize,
    /// Targets whose stored share changed (or that were new).
    pub changes: usize,
}

/// `antq targets import FILE`: the `[[target]]` entries of `path` (the format of
/// `config/targets.toml`) replace the stored targets of the (year, category, locality) they name.
/// Province users only; all or nothing: any error and nothing is written, every error named
/// `FILE:LINE`.
pub fn import_file(store: &mut Store, config: &Config, path: &Path) -> Result<ImportSummary> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::env(
            format!("không đọc được {shown}: {e}"),
            format!("cannot read {shown}: {e}"),
        )
    })?;
    let targets = crate::config::read_targets_file(&shown, &text).map_err(|errors| {
        Error::Lines(
            errors
                .into_iter()
                .map(|e| LineError {
                    file: e.file.clone(),
                    line: e.line.unwrap_or(1) as u64,
                    msg: Msg::new(key_message(&e, Lang::Vi), key_message(&e, Lang::En)),
                })
                .collect(),
        )
    })?;
    if targets.is_empty() {
        return Err(Error::Lines(vec![LineError {
            file: shown,
            line: 1,
            msg: Msg::new(
                "tệp không có mục [[target]] nào: không có gì để nhập",
                "the file holds no [[target]] entry: nothing to import",
            ),
        }]));
    }
    let login = store.user().to_string();
    store.write(Source::Import, |w| {
        Rights::among(w.users()?, &login).ensure_province(&login)?;
        let mut errors = Vec::new();
        for (t, line) in &targets {
            if let Some(code) = &t.locality {
                if w.locality_id_once(code, t.year)?.is_none() {
                    errors.push(LineError {
                        file: shown.clone(),
                        line: *line as u64,
                        msg: Msg::new(
                            format!(
                                "target.locality: không có địa phương mã {code} trong năm {}",
                                t.year
                            ),
                            format!(
                                "target.locality: no locality with code {code} in {}",
                                t.year
                            ),
                        ),
                    });
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Lines(errors));
        }
        seed_in(w, config)?;
        let mut changes = 0;
        for (t, _) in &targets {
            if w.set_target(t)? {
                changes += 1;
            }
        }
        Ok(ImportSummary {
            targets: targets.len(),
            changes,
        })
    })
}

/// `KEY: message` of a configuration error, for a line of an import's refusal.
fn key_message(e: &crate::config::ConfigError, lang: Lang) -> String {
    match &e.key {
        Some(key) => format!("{key}: {}", e.message(lang)),
        None => e.message(lang).to_string(),
    }
}

/// Sets one target's share (the TUI's targets view): province users only, refused for a share
/// outside 0–1; seeds the database first when it holds no targets yet. Returns whether the stored
/// share changed.
pub fn set(store: &mut Store, config: &Config, target: &Target, source: Source) -> Result<bool> {
    if !(0.0..=1.0).contains(&target.min_share) {
        return Err(Error::data(
            "chỉ tiêu phải từ 0% đến 100%",
            "a target must be between 0% and 100%",
        ));
    }
    let login = store.user().to_string();
    store.write(source, |w| {
        Rights::among(w.users()?, &login).ensure_province(&login)?;
        seed_in(w, config)?;
        w.set_target(target)
    })
}

/// `antq targets list --year Y`: one target per line, tab-separated: year, category, the locality
/// (`-` for the province-wide target), the share.
pub fn list_text(targets: &[Target], year: i32, lang: Lang) -> String {
    if targets.is_empty() {
        return match lang {
            Lang::Vi => format!("Năm {year} chưa đặt chỉ tiêu nào."),
            Lang::En => format!("No target is set for {year}."),
        };
    }
    targets
        .iter()
        .map(|t| {
            format!(
                "{}\t{}\t{}\t{}",
                t.year,
                t.category.code(),
                t.locality.as_deref().unwrap_or("-"),
                t.min_share
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `antq targets list --year Y --format json`.
pub fn list_json(targets: &[Target], year: i32) -> serde_json::Value {
    serde_json::json!({
        "year": year,
        "targets": targets
            .iter()
            .map(|t| serde_json::json!({
                "category": t.category.code(),
                "locality": t.locality,
                "min_share": t.min_share,
            }))
            .collect::<Vec<_>>(),
    })
}

/// The share a category has in a year's list (province-wide when `locality` is None).
pub fn share_in(targets: &[Target], category: Category, locality: Option<&str>) -> Option<f64> {
    targets
        .iter()
        .find(|t| t.category == category && t.locality.as_deref() == locality)
        .map(|t| t.min_share)
}
