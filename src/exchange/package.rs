//! The JSON exchange package (`antq export --format json`): the CSV files of a year as arrays of
//! objects with the same columns, read through the same row parser as the CSV files.

use super::rows::RowParser;
use super::{At, Batch, Errors, Kind};
use crate::domain::{Locality, ValueNote, YearData};
use crate::text::normalize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PACKAGE_FORMAT: &str = "antq-exchange";
/// The one version of the package this build writes and reads.
pub const PACKAGE_VERSION: u32 = 1;

/// The JSON exchange package: the CSV files as arrays of objects with the same columns (keys
/// sorted, so that the same data always gives the same text). `notes` is left out when the year
/// has none, so such a package reads exactly as it did before notes existed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub format: String,
    pub version: u32,
    pub year: i32,
    #[serde(default)]
    pub localities: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    pub assessments: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    pub awards: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    pub limitations: Vec<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<BTreeMap<String, String>>,
}

/// The package of one report year: the rows of [`super::tables`] as objects keyed by column.
pub fn of_year(data: &YearData, notes: &[ValueNote], lineage: &[Locality]) -> Package {
    let mut pkg = Package {
        format: PACKAGE_FORMAT.to_string(),
        version: PACKAGE_VERSION,
        year: data.year,
        localities: vec![],
        assessments: vec![],
        awards: vec![],
        limitations: vec![],
        notes: vec![],
    };
    for (kind, rows) in super::tables(data, notes, lineage) {
        let objects: Vec<BTreeMap<String, String>> = rows
            .into_iter()
            .map(|r| kind.header().iter().map(|h| h.to_string()).zip(r).collect())
            .collect();
        match kind {
            Kind::Localities => pkg.localities = objects,
            Kind::Assessments => pkg.assessments = objects,
            Kind::Awards => pkg.awards = objects,
            Kind::Limitations => pkg.limitations = objects,
            Kind::Notes => pkg.notes = objects,
        }
    }
    pkg
}

/// How much of serde's message a refusal shows: its words and the list of expected fields fit.
const JSON_ERROR_CHARS: usize = 240;

/// The JSON exchange package written by `antq export --format json`.
pub(super) fn parse(shown: &str, text: &str, batch: &mut Batch, errors: &mut Errors) {
    let pkg: Package = match serde_json::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            // serde's message quotes the input (an unknown field's name, a value of the wrong
            // type): escaped and cut like any echoed value, or a hostile key reaches the terminal.
            let said = crate::text::echo_cut(&e.to_string(), JSON_ERROR_CHARS);
            errors.push(
                shown,
                (e.line() as u64).max(1),
                format!("gói trao đổi JSON không đọc được: {said}"),
                format!("malformed JSON exchange package: {said}"),
            );
            return;
        }
    };
    if pkg.format != PACKAGE_FORMAT {
        errors.push(
            shown,
            1,
            format!(
                "không phải gói trao đổi của antq (format = \"{}\")",
                crate::text::echo(&pkg.format)
            ),
            format!(
                "not an antq exchange package (format = \"{}\")",
                crate::text::echo(&pkg.format)
            ),
        );
        return;
    }
    if pkg.version != PACKAGE_VERSION {
        errors.push(
            shown,
            1,
            format!(
                "gói trao đổi phiên bản {} không đọc được (antq này đọc phiên bản {PACKAGE_VERSION})",
                pkg.version
            ),
            format!(
                "an exchange package of version {} cannot be read (this antq reads version {PACKAGE_VERSION})",
                pkg.version
            ),
        );
        return;
    }
    parse_sections(
        shown,
        &[
            (Kind::Localities, &pkg.localities),
            (Kind::Assessments, &pkg.assessments),
            (Kind::Awards, &pkg.awards),
            (Kind::Limitations, &pkg.limitations),
            (Kind::Notes, &pkg.notes),
        ],
        batch,
        errors,
    );
}

/// The arrays of objects of a package (exchange or sealed) into `batch`, through the same row
/// parser as the CSV files so that every check is identical. Lines are the record's position
/// within its section (1-based): `FILE#section:N`.
pub(super) fn parse_sections(
    shown: &str,
    sections: &[(Kind, &Vec<BTreeMap<String, String>>)],
    batch: &mut Batch,
    errors: &mut Errors,
) {
    for &(kind, rows) in sections {
        for (i, row) in rows.iter().enumerate() {
            let line = i as u64 + 1;
            let get = |col: &str| row.get(col).map(|s| normalize(s)).unwrap_or_default();
            let file = format!("{shown}#{}", kind.file_name().trim_end_matches(".csv"));
            let mut p = RowParser {
                file: &file,
                line,
                errors,
            };
            let at = |file: &str| (file.to_string(), line);
            match kind {
                Kind::Localities => {
                    if let Some(item) = p.locality(&get) {
                        let (file, line) = at(&file);
                        batch.localities.push(At { file, line, item });
                    }
                }
                Kind::Assessments => {
                    if let Some(item) = p.assessment(&get) {
                        let (file, line) = at(&file);
                        batch.assessments.push(At { file, line, item });
                    }
                }
                Kind::Awards => {
                    if let Some(item) = p.award(&get) {
                        let (file, line) = at(&file);
                        batch.awards.push(At { file, line, item });
                    }
                }
                Kind::Limitations => {
                    if let Some(item) = p.limitation(&get) {
                        let (file, line) = at(&file);
                        batch.limitations.push(At { file, line, item });
                    }
                }
                Kind::Notes => {
                    if let Some(item) = p.note(&get) {
                        let (file, line) = at(&file);
                        batch.notes.push(At { file, line, item });
                    }
                }
            }
        }
    }
}
