//! The CSV files: reading one (header, kind, records with their line numbers) and writing one.
//!
//! A clerk opens these files in a spreadsheet, so a text that a spreadsheet would take for a formula
//! (`=`, `+`, `-`, `@` first) is written with a leading apostrophe, and reading takes exactly that
//! apostrophe off again. Reading refuses what the csv crate would silently mangle: a quote inside an
//! unquoted field, text after a closing quote, a quoted field never closed, a line longer than any
//! real one.

use super::rows::RowParser;
use super::{At, Batch, Errors, Kind};
use crate::error::{Error, Result};
use crate::text::normalize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Writes one CSV file: the kind's header, then the rows (as made by [`super::tables`]).
pub fn write(out: impl std::io::Write, kind: Kind, rows: &[Vec<String>]) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let io =
        |e: ::csv::Error| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}"));
    w.write_record(kind.header()).map_err(io)?;
    for r in rows {
        w.write_record(r.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(io)?;
    }
    w.flush()
        .map_err(|e| Error::env(format!("không ghi được: {e}"), format!("cannot write: {e}")))?;
    Ok(())
}

/// Reads one CSV file's text (BOM stripped, line ends LF) into `batch`; its kind is told by the
/// header, else by the file name.
pub(super) fn parse(shown: &str, path: &Path, text: &str, batch: &mut Batch, errors: &mut Errors) {
    if !well_formed(shown, text, errors) {
        return;
    }
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
            "không nhận ra loại tệp từ dòng tiêu đề (localities, assessments, awards, limitations hay notes)",
            "cannot tell the kind of file from its header (localities, assessments, awards, limitations or notes)",
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
                    "cột không biết \"{}\" trong {} (cần: {})",
                    crate::text::echo(col),
                    kind.file_name(),
                    expected.join(",")
                ),
                format!(
                    "unknown column \"{}\" in {} (expected: {})",
                    crate::text::echo(col),
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
                .map(|cell| restore(&normalize(cell)).to_string())
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
            Kind::Notes => {
                if let Some(n) = row.note(&get) {
                    batch.notes.push(At {
                        file: shown.to_string(),
                        line,
                        item: n,
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

/// What a spreadsheet takes for the start of a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// A cell as written: a text that a spreadsheet would evaluate (after any apostrophes it already
/// begins with) gets one more apostrophe in front, so that [`restore`] can tell it from a text that
/// really begins with one.
fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as read: exactly the apostrophe [`neutralise`] added is taken off.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The longest line a CSV file may hold, in bytes: far beyond any real record, short enough that a
/// stray binary file is refused before the csv crate buffers it. A row of three texts of the most a
/// text may hold (at most 4 bytes a character, quotes doubled) fits, so every export reads back.
pub const MAX_LINE_BYTES: usize = 256 * 1024;
const _: () = assert!(3 * 4 * crate::text::MAX_TEXT_CHARS + 4096 <= MAX_LINE_BYTES);

/// Walks the quoting of the whole text (RFC 4180: a field is quoted entirely or not at all; a quote
/// inside a quoted field is doubled) and the length of each line, pushing one error per bad line.
/// The csv crate accepts `ab"c` and `"ab"c` and returns mangled text; here they are refused.
fn well_formed(shown: &str, text: &str, errors: &mut Errors) -> bool {
    let bytes = text.as_bytes();
    let mut line: u64 = 1;
    let mut line_start = 0usize;
    let mut field_start = true;
    let mut quoted_since: Option<u64> = None;
    let mut after_close = false;
    let mut last_bad: u64 = 0;
    let mut bad = |line: u64, vi: String, en: String, errors: &mut Errors| {
        if last_bad != line {
            last_bad = line;
            errors.push(shown, line, vi, en);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted_since.is_some() {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => {
                    quoted_since = None;
                    after_close = true;
                }
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
        } else {
            match b {
                b',' => {
                    field_start = true;
                    after_close = false;
                }
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                    field_start = true;
                    after_close = false;
                }
                b'"' if field_start && !after_close => {
                    quoted_since = Some(line);
                    field_start = false;
                }
                b'"' => bad(
                    line,
                    "CSV không đọc được: dấu ngoặc kép \" nằm giữa một ô; ô có dấu \" phải đặt trong ngoặc kép và viết \"\" cho mỗi dấu".to_string(),
                    "malformed CSV: a quote \" inside a field; a field holding a quote must be quoted, each quote written \"\"".to_string(),
                    errors,
                ),
                _ if after_close => bad(
                    line,
                    "CSV không đọc được: có chữ sau dấu ngoặc kép đóng của một ô".to_string(),
                    "malformed CSV: text after the closing quote of a field".to_string(),
                    errors,
                ),
                _ => field_start = false,
            }
        }
        if i + 1 - line_start == MAX_LINE_BYTES + 1 {
            bad(
                line,
                format!(
                    "CSV không đọc được: dòng dài hơn {} KB",
                    MAX_LINE_BYTES / 1024
                ),
                format!(
                    "malformed CSV: the line is longer than {} KB",
                    MAX_LINE_BYTES / 1024
                ),
                errors,
            );
        }
        i += 1;
    }
    if let Some(opened) = quoted_since {
        bad(
            opened,
            "CSV không đọc được: dấu ngoặc kép mở một ô nhưng không bao giờ đóng".to_string(),
            "malformed CSV: a quote opens a field that is never closed".to_string(),
            errors,
        );
    }
    last_bad == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_restored_exactly() {
        for text in [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-x",
            "@SUM(A1)",
            "'=already quoted",
            "''=two",
            "'plain",
            "'",
            "plain",
            "",
        ] {
            let written = neutralise(text);
            assert_eq!(restore(&written), text, "{text:?}");
            assert!(!written.starts_with(FORMULA_STARTS), "{written:?}");
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("'plain"), "'plain");
    }

    fn lines_of(text: &str) -> Vec<u64> {
        let mut errors = Errors::default();
        well_formed("f.csv", text, &mut errors);
        errors.0.iter().map(|e| e.line).collect()
    }

    #[test]
    fn quoting_is_checked() {
        assert!(lines_of("a,b\n\"x, \"\"y\"\"\",2\n\"multi\nline\",3\n").is_empty());
        assert_eq!(lines_of("a,b\nab\"c,1\n"), vec![2]);
        assert_eq!(lines_of("a,b\n1,2\n\"ab\"c,1\n"), vec![3]);
        assert_eq!(lines_of("a,b\n\"open,1\n2,3\n"), vec![2]);
    }

    #[test]
    fn long_lines_are_refused() {
        let text = format!("a,b\n1,{}\n", "x".repeat(MAX_LINE_BYTES + 10));
        assert_eq!(lines_of(&text), vec![2]);
    }
}
