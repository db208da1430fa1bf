//! `antq export --year Y`: the year's data in the same formats `import` reads (`crate::exchange`), so
//! that export → import into a fresh database reproduces the same report exactly.

use crate::error::{Error, Result};
use crate::exchange::{self, Kind};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Writes the four CSV files of `year` into `dir` (created). Returns the paths written.
pub fn export_csv_dir(store: &Store, year: i32, dir: &Path) -> Result<Vec<PathBuf>> {
    let data = store.year_data(year)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::env(
            format!("không tạo được thư mục {}: {e}", dir.display()),
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let mut written = Vec::new();
    for (kind, rows) in exchange::tables(&data) {
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
    let rows = exchange::tables(&data)
        .into_iter()
        .find(|(kind, _)| *kind == Kind::Assessments)
        .map(|(_, rows)| rows)
        .unwrap_or_default();
    exchange::csv::write(out, Kind::Assessments, &rows)
}

/// The year's JSON exchange package as text.
pub fn package_text(store: &Store, year: i32) -> Result<String> {
    let pkg = exchange::package::of_year(&store.year_data(year)?);
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
