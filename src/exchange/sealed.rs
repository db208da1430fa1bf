//! The sealed package (`antq package`): one reporting unit's year sent up to the province, or the
//! province's answer for it sent back down, naming the sender and its audit chain head, sealed by a
//! SHA-256 over the canonical content.
//!
//! Canonical content: the package as JSON without its `seal` key, every object's keys sorted by
//! their UTF-8 bytes, no whitespace, strings escaped as serde_json writes them, numbers as
//! serde_json writes them. The seal is the lower-case hex SHA-256 of that text, so any edit of a
//! value, added key or removed row breaks it, while indentation does not matter. The seal detects
//! changes; it does not prove who made the package (anyone with antq can seal).

use super::package::parse_sections;
use super::{Batch, Errors, Kind};
use crate::domain::{Target, ValueNote, YearData};
use crate::error::Msg;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const SEALED_FORMAT: &str = "antq-package";
/// The one version of the sealed package this build writes and reads.
pub const SEALED_VERSION: u32 = 1;

/// Which way the package travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    /// A reporting unit's year, up to the province.
    Unit,
    /// The province's answer for a unit-year, down to the unit.
    Answer,
}

/// Who sealed the package: the database's own id, the login, the time (UTC, ISO 8601).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub database: String,
    pub login: String,
    pub at: String,
}

/// An audit chain head: the newest row's id and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub id: i64,
    pub hash: String,
}

/// A unit-year's workflow state with who set it and when (`draft` with a reason: reopened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateOf {
    pub state: String,
    pub changed_at: String,
    pub changed_by: String,
    #[serde(default)]
    pub reason: String,
}

/// The chain head the province holds from the unit's server, carried back in its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledged {
    pub database: String,
    pub head: Head,
}

/// A sealed package. The row arrays are those of the exchange package (objects keyed by the CSV
/// columns), read through the same row parser; `notes` (the notes on the unit's values) is left
/// out when there are none, so such a package is the same text as before notes existed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    pub format: String,
    pub version: u32,
    pub kind: PackageKind,
    pub year: i32,
    /// The reporting unit's code.
    pub unit: String,
    pub sender: Sender,
    /// The sender's audit chain head when it sealed (none on an empty log).
    pub chain_head: Option<Head>,
    pub state: StateOf,
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
    /// An answer: the head the province holds from the unit's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledged>,
    /// An answer with `--targets`: the year's targets for the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub seal: String,
}

impl Sealed {
    /// A package of `kind` with no rows, not yet sealed.
    pub fn new(
        kind: PackageKind,
        year: i32,
        unit: &str,
        sender: Sender,
        chain_head: Option<Head>,
        state: StateOf,
    ) -> Sealed {
        Sealed {
            format: SEALED_FORMAT.to_string(),
            version: SEALED_VERSION,
            kind,
            year,
            unit: unit.to_string(),
            sender,
            chain_head,
            state,
            localities: vec![],
            assessments: vec![],
            awards: vec![],
            limitations: vec![],
            notes: vec![],
            acknowledged: None,
            targets: vec![],
            seal: String::new(),
        }
    }

    /// Carries `data`'s rows and `notes` (already narrowed to the unit) as the exchange package
    /// writes them.
    pub fn with_rows(mut self, data: &YearData, notes: &[ValueNote]) -> Sealed {
        let rows = super::package::of_year(data, notes, &[]);
        self.localities = rows.localities;
        self.assessments = rows.assessments;
        self.awards = rows.awards;
        self.limitations = rows.limitations;
        self.notes = rows.notes;
        self
    }

    /// The rows into `batch`, each error at `FILE#section:N`.
    pub fn rows_into(&self, shown: &str, batch: &mut Batch, errors: &mut Errors) {
        parse_sections(
            shown,
            &[
                (Kind::Localities, &self.localities),
                (Kind::Assessments, &self.assessments),
                (Kind::Awards, &self.awards),
                (Kind::Limitations, &self.limitations),
                (Kind::Notes, &self.notes),
            ],
            batch,
            errors,
        );
    }

    /// The package as text with its seal (indented; the seal does not depend on the layout).
    pub fn sealed_text(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.remove("seal");
            let seal = seal_of(&Value::Object(map.clone()));
            map.insert("seal".to_string(), Value::String(seal));
        }
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

/// Whether a file's text is a sealed package (its `format` says so), whatever else it holds.
pub fn is_sealed(text: &str) -> bool {
    #[derive(Deserialize)]
    struct FormatOnly {
        format: Option<String>,
    }
    // A quick look first: exchange packages of a whole country are megabytes.
    text.contains(SEALED_FORMAT)
        && serde_json::from_str::<FormatOnly>(text)
            .is_ok_and(|f| f.format.as_deref() == Some(SEALED_FORMAT))
}

/// Reads a sealed package and checks its format, version and seal. Each refusal is one sentence.
pub fn open(text: &str) -> Result<Sealed, Msg> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        Msg::new(
            format!(
                "gói niêm phong không đọc được (JSON sai ở dòng {}): {e}",
                e.line()
            ),
            format!(
                "the sealed package cannot be read (bad JSON at line {}): {e}",
                e.line()
            ),
        )
    })?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or("");
    if format != SEALED_FORMAT {
        return Err(Msg::new(
            format!(
                "không phải gói niêm phong của antq (format = \"{}\")",
                crate::text::echo(format)
            ),
            format!(
                "not an antq sealed package (format = \"{}\")",
                crate::text::echo(format)
            ),
        ));
    }
    let version = value.get("version").and_then(Value::as_i64);
    if version != Some(i64::from(SEALED_VERSION)) {
        let shown = value
            .get("version")
            .map(|v| crate::text::echo(&v.to_string()))
            .unwrap_or_else(|| "?".to_string());
        return Err(Msg::new(
            format!("gói niêm phong phiên bản {shown} không đọc được (antq này đọc phiên bản {SEALED_VERSION})"),
            format!("a sealed package of version {shown} cannot be read (this antq reads version {SEALED_VERSION})"),
        ));
    }
    let stated = match value.as_object_mut().and_then(|m| m.remove("seal")) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    let computed = seal_of(&value);
    if stated != computed {
        return Err(Msg::new(
            "niêm phong của gói không khớp nội dung: gói đã bị sửa sau khi niêm phong (hoặc hỏng); không nhận gói này",
            "the package's seal does not match its content: it was changed after it was sealed (or damaged); it is not taken",
        ));
    }
    let mut pkg: Sealed = serde_json::from_value(value).map_err(|e| {
        Msg::new(
            format!("gói niêm phong không đúng cấu trúc: {e}"),
            format!("the sealed package is not laid out as it should be: {e}"),
        )
    })?;
    pkg.seal = stated;
    Ok(pkg)
}

/// The lower-case hex SHA-256 of the canonical text of `value`.
fn seal_of(value: &Value) -> String {
    let mut text = String::new();
    canonical(value, &mut text);
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keys sorted, no whitespace; scalars as serde_json writes them.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sealed {
        Sealed::new(
            PackageKind::Unit,
            2018,
            "450",
            Sender {
                database: "d".into(),
                login: "lan".into(),
                at: "2018-12-01T00:00:00.000Z".into(),
            },
            Some(Head {
                id: 7,
                hash: "ab".into(),
            }),
            StateOf {
                state: "submitted".into(),
                changed_at: "2018-12-01T00:00:00Z".into(),
                changed_by: "lan".into(),
                reason: String::new(),
            },
        )
    }

    #[test]
    fn canonical_text_sorts_keys_and_drops_whitespace() {
        let v: Value =
            serde_json::from_str("{ \"b\": [1, {\"d\": \"x\", \"c\": null}], \"a\": true }")
                .unwrap_or(Value::Null);
        let mut out = String::new();
        canonical(&v, &mut out);
        assert_eq!(out, r#"{"a":true,"b":[1,{"c":null,"d":"x"}]}"#);
    }

    #[test]
    fn a_sealed_package_opens_and_any_edit_breaks_the_seal() {
        let text = sample().sealed_text();
        assert!(is_sealed(&text));
        let pkg = open(&text).expect("opens");
        assert_eq!(pkg.unit, "450");
        assert_eq!(pkg.seal.len(), 64);
        // Layout is not content.
        let compact: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(open(&compact.to_string()).is_ok());
        let edited = text.replace("\"450\"", "\"451\"");
        let refused = open(&edited).expect_err("edited");
        assert!(refused.en.contains("seal does not match"), "{}", refused.en);
        let v2 = text.replace("\"version\": 1", "\"version\": 2");
        assert!(open(&v2).expect_err("v2").en.contains("version 2"));
    }
}
