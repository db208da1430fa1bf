//! The exchange formats: the five CSV kinds (their columns and how each value is written and read)
//! and the JSON exchange package that carries the same rows as objects. Import reads through here
//! and export writes through here, so export → import is lossless by construction.
//!
//! Reading is parsing only: text in, domain records with their `FILE:LINE` out, every error
//! collected. What needs the database (codes valid in a year, rights, approval) is checked by
//! `services::import`.

pub mod csv;
pub mod package;
mod rows;
pub mod sealed;

pub use package::{Package, PACKAGE_FORMAT};
pub use rows::{assessment_row, award_row, limitation_row, locality_row, note_row, tables};

use crate::domain::{Assessment, Award, Limitation, Locality, ValueNote};
use crate::error::{Error, LineError, Msg, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file import reads: a national year is a few megabytes, so anything near this is not
/// a data file.
pub const MAX_FILE_BYTES: u64 = 200_000_000;

/// The five kinds of CSV file: one per table family, each with its fixed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Localities,
    Assessments,
    Awards,
    Limitations,
    /// The notes and follow-up flags on values (`notes.csv`); a folder without it imports as
    /// before.
    Notes,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Localities,
        Kind::Assessments,
        Kind::Awards,
        Kind::Limitations,
        Kind::Notes,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Localities => "localities.csv",
            Kind::Assessments => "assessments.csv",
            Kind::Awards => "awards.csv",
            Kind::Limitations => "limitations.csv",
            Kind::Notes => "notes.csv",
        }
    }

    pub fn header(self) -> &'static [&'static str] {
        match self {
            Kind::Localities => &[
                "code",
                "name",
                "level",
                "parent_code",
                "valid_from",
                "valid_to",
                "predecessors",
            ],
            Kind::Assessments => &[
                "year",
                "locality_code",
                "residential_areas_total",
                "residential_areas_recognized",
                "commune_recognized",
                "police_advanced",
                "agencies_total",
                "agencies_recognized",
                "schools_total",
                "schools_recognized",
                "models",
            ],
            Kind::Awards => &[
                "year",
                "form",
                "issuer",
                "recipient_kind",
                "recipient",
                "birth_year",
                "locality_code",
                "decision_no",
                "decision_date",
                "note",
            ],
            Kind::Limitations => &[
                "year",
                "locality_code",
                "category",
                "text",
                "remedy",
                "status",
            ],
            Kind::Notes => &["year", "locality_code", "field", "note", "follow_up"],
        }
    }

    /// Columns of [`Kind::header`] a file may leave out (read as empty): they came after files
    /// without them were already in use.
    pub fn optional(self) -> &'static [&'static str] {
        match self {
            Kind::Localities => &["predecessors"],
            Kind::Awards => &["birth_year"],
            _ => &[],
        }
    }

    pub(crate) fn from_header(cols: &[String]) -> Option<Kind> {
        let has = |c: &str| cols.iter().any(|h| h == c);
        if has("valid_from") || has("parent_code") || has("level") {
            Some(Kind::Localities)
        } else if has("residential_areas_total")
            || has("commune_recognized")
            || has("schools_total")
        {
            Some(Kind::Assessments)
        } else if has("decision_no") || has("recipient") || has("issuer") {
            Some(Kind::Awards)
        } else if has("remedy") || has("status") || has("category") {
            Some(Kind::Limitations)
        } else if has("follow_up") || has("field") {
            Some(Kind::Notes)
        } else {
            None
        }
    }

    pub(crate) fn from_file_name(path: &Path) -> Option<Kind> {
        let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| stem.contains(k.file_name().trim_end_matches(".csv")))
    }
}

/// A parsed, validated record with the line it came from.
#[derive(Debug, Clone)]
pub struct At<T> {
    /// The file as shown in messages (`FILE#section` inside a JSON package).
    pub file: String,
    pub line: u64,
    pub item: T,
}

/// Everything parsed from the files of one call.
#[derive(Debug, Default)]
pub struct Batch {
    pub localities: Vec<At<Locality>>,
    pub assessments: Vec<At<Assessment>>,
    pub awards: Vec<At<Award>>,
    pub limitations: Vec<At<Limitation>>,
    pub notes: Vec<At<ValueNote>>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.localities.is_empty()
            && self.assessments.is_empty()
            && self.awards.is_empty()
            && self.limitations.is_empty()
            && self.notes.is_empty()
    }

    /// How many records it holds.
    pub fn rows(&self) -> usize {
        self.localities.len()
            + self.assessments.len()
            + self.awards.len()
            + self.limitations.len()
            + self.notes.len()
    }
}

/// The `FILE:LINE: message` errors of one import, collected rather than stopping at the first.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<LineError>);

impl Errors {
    pub fn push(&mut self, file: &str, line: u64, vi: impl Into<String>, en: impl Into<String>) {
        self.0.push(LineError {
            file: file.to_string(),
            line,
            msg: Msg::new(vi, en),
        });
    }
}

/// Reads files (or folders holding them, or JSON exchange packages) into one batch. A file that
/// cannot be read at all stops the reading; everything wrong inside a file is collected in
/// `errors` as `FILE:LINE`. Returns the batch and how many files were read.
pub fn read_paths(paths: &[PathBuf], errors: &mut Errors) -> Result<(Batch, usize)> {
    let mut batch = Batch::default();
    let mut files = 0;
    for path in expand(paths)? {
        files += 1;
        let shown = path.display().to_string();
        let text = match read_text(&path)? {
            Ok(text) => text,
            Err(m) => {
                errors.push(&shown, 1, m.vi, m.en);
                continue;
            }
        };
        let text = text.as_str();
        if text.trim().is_empty() {
            // Else a CSV file would be refused for every column of its kind, which hides the cause.
            errors.push(
                &shown,
                1,
                "tệp trống: không có dòng tiêu đề nào",
                "the file is empty: there is no header line",
            );
            continue;
        }
        if shown.to_ascii_lowercase().ends_with(".json") {
            if sealed::is_sealed(text) {
                errors.push(
                    &shown,
                    1,
                    "gói niêm phong được nhập riêng (hoặc cùng các gói niêm phong khác), không kèm tệp số liệu",
                    "a sealed package is imported on its own (or with other sealed packages), not with data files",
                );
                continue;
            }
            package::parse(&shown, text, &mut batch, errors);
        } else {
            csv::parse(&shown, &path, text, &mut batch, errors);
        }
    }
    Ok((batch, files))
}

/// A file's text as import reads it: at most [`MAX_FILE_BYTES`], UTF-8, without a BOM, line ends
/// LF. The one place import and the sealed packages open a user's file. `Err` when the file cannot
/// be read at all; `Ok(Err(message))` when what it holds is not a data file (said at `FILE:1`).
pub fn read_text(path: &Path) -> Result<std::result::Result<String, Msg>> {
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Error::env(
            format!("không đọc được {shown}: {e}"),
            format!("cannot read {shown}: {e}"),
        )
    };
    // Bounded: `/dev/zero` or a stray disk image must not be read until memory runs out.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Msg::new(
            format!(
                "tệp lớn hơn {} MB: không phải tệp số liệu của antq",
                MAX_FILE_BYTES / 1_000_000
            ),
            format!(
                "the file is larger than {} MB: not an antq data file",
                MAX_FILE_BYTES / 1_000_000
            ),
        )));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err(Msg::new(
            "tệp không phải UTF-8 (hãy lưu dưới dạng CSV UTF-8)",
            "the file is not UTF-8 (save it as CSV UTF-8)",
        )));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Windows line ends: the csv crate reports a CRLF record's line as the one before it, so the
    // text is normalised to LF first (a line break inside a quoted field becomes LF too).
    Ok(Ok(text.replace("\r\n", "\n")))
}

/// Folders are read as the files of the five kinds they hold.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = false;
            for kind in Kind::ALL {
                let f = p.join(kind.file_name());
                if f.is_file() {
                    out.push(f);
                    found = true;
                }
            }
            if !found {
                return Err(Error::env(
                    format!("thư mục {} không chứa tệp CSV nào của antq", p.display()),
                    format!("the folder {} holds none of antq's CSV files", p.display()),
                ));
            }
        } else if !p.exists() {
            return Err(Error::env(
                format!("không có tệp {}", p.display()),
                format!("no such file: {}", p.display()),
            ));
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
