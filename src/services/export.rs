//! `antq export --year Y`: the year's data in the same formats `import` reads, so that export → import
//! into a fresh database reproduces the same report exactly.

use super::import::Kind;
use crate::domain::{Assessment, Award, Level, Limitation, Locality, YearData};
use crate::error::{Error, Result};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

pub const PACKAGE_FORMAT: &str = "antq-exchange";

/// The JSON exchange package: the four CSV files as arrays of objects with the same columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub format: String,
    pub version: u32,
    pub year: i32,
    #[serde(default)]
    pub localities: Vec<HashMap<String, String>>,
    #[serde(default)]
    pub assessments: Vec<HashMap<String, String>>,
    #[serde(default)]
    pub awards: Vec<HashMap<String, String>>,
    #[serde(default)]
    pub limitations: Vec<HashMap<String, String>>,
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn flag(v: Option<bool>) -> String {
    match v {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub fn locality_row(l: &Locality) -> Vec<String> {
    vec![
        l.code.clone(),
        l.name.clone(),
        l.level.code().to_string(),
        l.parent_code.clone().unwrap_or_default(),
        date(l.valid_from),
        date(l.valid_to),
    ]
}

pub fn assessment_row(a: &Assessment) -> Vec<String> {
    vec![
        a.year.to_string(),
        a.locality_code.clone(),
        opt(a.residential_areas_total),
        opt(a.residential_areas_recognized),
        flag(a.commune_recognized),
        flag(a.police_advanced),
        opt(a.agencies_total),
        opt(a.agencies_recognized),
        opt(a.schools_total),
        opt(a.schools_recognized),
        opt(a.models),
    ]
}

pub fn award_row(a: &Award) -> Vec<String> {
    vec![
        a.year.to_string(),
        a.form.code().to_string(),
        a.issuer.clone(),
        a.recipient_kind.code().to_string(),
        a.recipient.clone(),
        a.locality_code.clone().unwrap_or_default(),
        a.decision_no.clone(),
        a.decision_date.format("%Y-%m-%d").to_string(),
        a.note.clone(),
    ]
}

pub fn limitation_row(l: &Limitation) -> Vec<String> {
    vec![
        l.year.to_string(),
        l.locality_code.clone(),
        l.category.clone(),
        l.text.clone(),
        l.remedy.clone(),
        l.status.code().to_string(),
    ]
}

/// Sort key of a locality code in tree order: the province, then each district followed by its
/// communes, codes ascending (shorter codes first, as GSO codes are numbers).
type TreeKey = (usize, String, Option<Level>, usize, String);

fn tree_keys(data: &YearData) -> HashMap<&str, TreeKey> {
    data.localities
        .iter()
        .map(|l| {
            let district = match l.level {
                Level::Province => String::new(),
                Level::District => l.code.clone(),
                Level::Commune => l.parent_code.clone().unwrap_or_default(),
            };
            let key = (
                district.len(),
                district,
                Some(l.level),
                l.code.len(),
                l.code.clone(),
            );
            (l.code.as_str(), key)
        })
        .collect()
}

/// The rows of each file for a year. Localities and assessments are written in tree order, not in
/// the order they happen to be stored, so that export → import → export gives the same files.
pub fn tables(data: &YearData) -> Vec<(Kind, Vec<Vec<String>>)> {
    let keys = tree_keys(data);
    let key = |code: &str| {
        keys.get(code).cloned().unwrap_or((
            usize::MAX,
            String::new(),
            None,
            code.len(),
            code.to_string(),
        ))
    };
    let mut localities: Vec<&Locality> = data.localities.iter().collect();
    localities.sort_by_cached_key(|l| (key(&l.code), l.valid_from));
    let mut assessments: Vec<&Assessment> = data.assessments.iter().collect();
    assessments.sort_by_cached_key(|a| key(&a.locality_code));
    vec![
        (
            Kind::Localities,
            localities.into_iter().map(locality_row).collect(),
        ),
        (
            Kind::Assessments,
            assessments.into_iter().map(assessment_row).collect(),
        ),
        (Kind::Awards, data.awards.iter().map(award_row).collect()),
        (
            Kind::Limitations,
            data.limitations.iter().map(limitation_row).collect(),
        ),
    ]
}

pub fn write_csv(out: impl std::io::Write, kind: Kind, rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io =
        |e: csv::Error| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}"));
    w.write_record(kind.header()).map_err(io)?;
    for r in rows {
        w.write_record(r).map_err(io)?;
    }
    w.flush()
        .map_err(|e| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}")))?;
    Ok(())
}

pub fn package(data: &YearData) -> Package {
    let mut pkg = Package {
        format: PACKAGE_FORMAT.to_string(),
        version: 1,
        year: data.year,
        localities: vec![],
        assessments: vec![],
        awards: vec![],
        limitations: vec![],
    };
    for (kind, rows) in tables(data) {
        let objects: Vec<HashMap<String, String>> = rows
            .into_iter()
            .map(|r| kind.header().iter().map(|h| h.to_string()).zip(r).collect())
            .collect();
        match kind {
            Kind::Localities => pkg.localities = objects,
            Kind::Assessments => pkg.assessments = objects,
            Kind::Awards => pkg.awards = objects,
            Kind::Limitations => pkg.limitations = objects,
        }
    }
    pkg
}

/// Writes the four CSV files of `year` into `dir` (created). Returns the paths written.
pub fn export_csv_dir(store: &Store, year: i32, dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let data = store.year_data(year)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::env(
            format!("không tạo được thư mục {}: {e}", dir.display()),
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let mut written = Vec::new();
    for (kind, rows) in tables(&data) {
        let path = dir.join(kind.file_name());
        // Write beside, then rename: a half-written file never replaces a good one.
        let tmp = dir.join(format!(".{}.tmp", kind.file_name()));
        let file = std::fs::File::create(&tmp).map_err(|e| {
            Error::env(
                format!("không ghi được {}: {e}", tmp.display()),
                format!("cannot write {}: {e}", tmp.display()),
            )
        })?;
        write_csv(file, kind, &rows)?;
        std::fs::rename(&tmp, &path).map_err(|e| {
            Error::env(
                format!("không ghi được {}: {e}", path.display()),
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        written.push(path);
    }
    Ok(written)
}
