//! The CSV files: reading one (header, kind, records with their line numbers) and writing one.

use super::rows::RowParser;
use super::{At, Batch, Errors, Kind};
use crate::error::{Error, Result};
use crate::text::normalize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Writes one CSV file: the kind's header, then the rows (as made by [`super::tables`]).
pub fn write(out: impl std::io::Write, kind: Kind, rows: &[Vec<String>]) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let io =
        |e: ::csv::Error| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}"));
    w.write_record(kind.header()).map_err(io)?;
    for r in rows {
        w.write_record(r).map_err(io)?;
    }
    w.flush()
        .map_err(|e| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}")))?;
    Ok(())
}

/// Reads one CSV file's text (BOM stripped, line ends LF) into `batch`; its kind is told by the
/// header, else by the file name.
pub(super) fn parse(shown: &str, path: &Path, text: &str, batch: &mut Batch, errors: &mut Errors) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| normalize(c).to_ascii_lowercase())
            .collect(),
        Err(e) => {
            errors.push(
                shown,
                1,
                format!("CSV không đọc được: {e}"),
                format!("malformed CSV: {e}"),
            );
            return;
        }
    };
    let Some(kind) = Kind::from_header(&header).or_else(|| Kind::from_file_name(path)) else {
        errors.push(
            shown,
            1,
            "không nhận ra loại tệp từ dòng tiêu đề (localities, assessments, awards hay limitations)",
            "cannot tell the kind of file from its header (localities, assessments, awards or limitations)",
        );
        return;
    };
    let expected = kind.header();
    let mut header_ok = true;
    for col in &header {
        if !expected.contains(&col.as_str()) {
            header_ok = false;
            errors.push(
                shown,
                1,
                format!(
                    "cột không biết \"{col}\" trong {} (cần: {})",
                    kind.file_name(),
                    expected.join(",")
                ),
                format!(
                    "unknown column \"{col}\" in {} (expected: {})",
                    kind.file_name(),
                    expected.join(",")
                ),
            );
        }
    }
    for col in expected {
        if !header.iter().any(|h| h == col) && !kind.optional().contains(col) {
            header_ok = false;
            errors.push(
                shown,
                1,
                format!("thiếu cột \"{col}\" trong {}", kind.file_name()),
                format!("missing column \"{col}\" in {}", kind.file_name()),
            );
        }
    }
    let mut seen = HashSet::new();
    if HashSet::<&String>::from_iter(header.iter()).len() != header.len() {
        header_ok = false;
        errors.push(
            shown,
            1,
            "một cột xuất hiện hai lần",
            "a column appears twice",
        );
    }
    if !header_ok {
        return;
    }
    let index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_of(text, p)).unwrap_or(0);
                errors.push(
                    shown,
                    line,
                    format!(
                        "CSV không đọc được: {}",
                        csv_reason(&e, crate::text::Lang::Vi)
                    ),
                    format!("malformed CSV: {}", csv_reason(&e, crate::text::Lang::En)),
                );
                continue;
            }
        };
        let line = record.position().map(|p| line_of(text, p)).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |col: &str| -> String {
            index
                .get(col)
                .and_then(|i| record.get(*i))
                .map(normalize)
                .unwrap_or_default()
        };
        let mut row = RowParser {
            file: shown,
            line,
            errors,
        };
        match kind {
            Kind::Localities => {
                if let Some(l) = row.locality(&get) {
                    if !seen.insert((l.code.clone(), l.valid_from)) {
                        row.err(
                            format!(
                                "địa phương {} (từ {:?}) lặp lại trong tệp",
                                l.code, l.valid_from
                            ),
                            format!(
                                "locality {} (from {:?}) appears twice in the file",
                                l.code, l.valid_from
                            ),
                        );
                    }
                    batch.localities.push(At {
                        file: shown.to_string(),
                        line,
                        item: l,
                    });
                }
            }
            Kind::Assessments => {
                if let Some(a) = row.assessment(&get) {
                    batch.assessments.push(At {
                        file: shown.to_string(),
                        line,
                        item: a,
                    });
                }
            }
            Kind::Awards => {
                if let Some(a) = row.award(&get) {
                    batch.awards.push(At {
                        file: shown.to_string(),
                        line,
                        item: a,
                    });
                }
            }
            Kind::Limitations => {
                if let Some(l) = row.limitation(&get) {
                    batch.limitations.push(At {
                        file: shown.to_string(),
                        line,
                        item: l,
                    });
                }
            }
        }
    }
}

/// The line a record starts on. The csv crate places a record that follows blank lines at the first
/// of them, so they are stepped over here.
fn line_of(text: &str, p: &::csv::Position) -> u64 {
    let rest = text.as_bytes().get(p.byte() as usize..).unwrap_or_default();
    let blank = rest
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .filter(|b| **b == b'\n')
        .count();
    p.line() + blank as u64
}

fn csv_reason(e: &::csv::Error, lang: crate::text::Lang) -> String {
    match (e.kind(), lang) {
        (
            ::csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            },
            crate::text::Lang::Vi,
        ) => {
            format!("dòng có {len} cột, cần {expected_len}")
        }
        (
            ::csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            },
            crate::text::Lang::En,
        ) => {
            format!("the line has {len} fields, expected {expected_len}")
        }
        (::csv::ErrorKind::Utf8 { .. }, crate::text::Lang::Vi) => "không phải UTF-8".to_string(),
        (::csv::ErrorKind::Utf8 { .. }, crate::text::Lang::En) => "not UTF-8".to_string(),
        _ => e.to_string(),
    }
}
