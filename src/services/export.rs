//! `antq export --year Y`: the year's data in the same formats `import` reads (`crate::exchange`), so
//! that export → import into a fresh database reproduces the same report exactly.

use crate::domain::{Locality, YearData};
use crate::error::{Error, Result};
use crate::exchange::{self, Kind};
use crate::store::Store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The year's data and the versions outside the year its `localities.csv` must carry to import on
/// its own: every predecessor a unit names, and their parents, and theirs, until nothing is missing.
fn year_with_lineage(store: &Store, year: i32) -> Result<(YearData, Vec<Locality>)> {
    let data = store.year_data(year)?;
    let all = store.all_localities()?;
    let mut have: HashSet<i64> = data.localities.iter().map(|l| l.id).collect();
    let mut lineage: Vec<Locality> = Vec::new();
    let mut todo: Vec<Locality> = data.localities.clone();
    while let Some(unit) = todo.pop() {
        let named = unit.predecessors.iter().filter_map(|p| {
            all.iter()
                .find(|l| l.code == p.code && l.valid_from == p.valid_from)
        });
        // An unfit parent is left out here: the import reports it where it stands.
        let parent = super::localities::parent_of(&all, &unit).ok().flatten();
        for l in named.chain(parent) {
            if have.insert(l.id) {
                lineage.push(l.clone());
                todo.push(l.clone());
            }
        }
    }
    Ok((data, lineage))
}

/// Writes the five CSV files of `year` into `dir` (created; `notes.csv` with its header only when
/// the year has no note, so that an older export's notes never linger there). Returns the paths
/// written.
pub fn export_csv_dir(store: &Store, year: i32, dir: &Path) -> Result<Vec<PathBuf>> {
    let (data, lineage) = year_with_lineage(store, year)?;
    let notes = store.notes_of_year(year)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::env(
            format!("không tạo được thư mục {}: {e}", dir.display()),
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let mut written = Vec::new();
    for (kind, rows) in exchange::tables(&data, &notes, &lineage) {
        let path = dir.join(kind.file_name());
        // Write beside, then rename: a half-written file never replaces a good one.
        let tmp = dir.join(format!(".{}.tmp", kind.file_name()));
        let file = std::fs::File::create(&tmp).map_err(|e| {
            Error::env(
                format!("không ghi được {}: {e}", tmp.display()),
                format!("cannot write {}: {e}", tmp.display()),
            )
        })?;
        exchange::csv::write(file, kind, &rows)?;
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

/// Writes the year's `assessments.csv` to `out` (the file the province's scripts read on stdout).
pub fn write_assessments_csv(store: &Store, year: i32, out: impl std::io::Write) -> Result<()> {
    let data = store.year_data(year)?;
    let rows = exchange::tables(&data, &[], &[])
        .into_iter()
        .find(|(kind, _)| *kind == Kind::Assessments)
        .map(|(_, rows)| rows)
        .unwrap_or_default();
    exchange::csv::write(out, Kind::Assessments, &rows)
}

/// The year's JSON exchange package as text.
pub fn package_text(store: &Store, year: i32) -> Result<String> {
    let (data, lineage) = year_with_lineage(store, year)?;
    let notes = store.notes_of_year(year)?;
    let pkg = exchange::package::of_year(&data, &notes, &lineage);
    serde_json::to_string_pretty(&pkg)
        .map_err(|e| Error::env(format!("lỗi JSON: {e}"), format!("JSON error: {e}")))
}

/// Writes the year's JSON exchange package into `dir` (created) as `antq-YEAR.json`. Returns its path.
pub fn export_package_to_dir(store: &Store, year: i32, dir: &Path) -> Result<PathBuf> {
    let text = package_text(store, year)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::env(
            format!("không tạo được thư mục {}: {e}", dir.display()),
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let path = dir.join(format!("antq-{year}.json"));
    std::fs::write(&path, text + "\n").map_err(|e| {
        Error::env(
            format!("không ghi được {}: {e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path)
}
