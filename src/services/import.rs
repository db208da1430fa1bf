//! `antq import FILE…`: CSV files (kind told by header or file name), a folder of them, or a JSON
//! exchange package. All or nothing: every error is collected as `FILE:LINE: message` and nothing is
//! written unless there is none. The files of one call are one transaction applied in dependency order
//! (localities first), whatever their order on the command line.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::{
    Assessment, Award, AwardForm, Level, Limitation, LimitationStatus, Locality, RecipientKind,
};
use crate::error::{Error, LineError, Msg, Result};
use crate::store::workflow::State;
use crate::store::{Source, Store};
use crate::text::{normalize, parse_bool, parse_count, parse_date};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The four kinds of file `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Localities,
    Assessments,
    Awards,
    Limitations,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Localities,
        Kind::Assessments,
        Kind::Awards,
        Kind::Limitations,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Localities => "localities.csv",
            Kind::Assessments => "assessments.csv",
            Kind::Awards => "awards.csv",
            Kind::Limitations => "limitations.csv",
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
        }
    }

    fn from_header(cols: &[String]) -> Option<Kind> {
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
        } else {
            None
        }
    }

    fn from_file_name(path: &Path) -> Option<Kind> {
        let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| stem.contains(k.file_name().trim_end_matches(".csv")))
    }
}

/// A parsed, validated record with the line it came from.
#[derive(Debug, Clone)]
struct At<T> {
    file: String,
    line: u64,
    item: T,
}

/// Everything parsed from the files of one call.
#[derive(Debug, Default)]
pub struct Batch {
    localities: Vec<At<Locality>>,
    assessments: Vec<At<Assessment>>,
    awards: Vec<At<Award>>,
    limitations: Vec<At<Limitation>>,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub rows: usize,
    /// Fields (or records) that changed; 0 when the data was already there.
    pub changes: usize,
}

struct Errors(Vec<LineError>);

impl Errors {
    fn push(&mut self, file: &str, line: u64, vi: impl Into<String>, en: impl Into<String>) {
        self.0.push(LineError {
            file: file.to_string(),
            line,
            msg: Msg::new(vi, en),
        });
    }
}

/// Imports files (or folders holding them, or JSON exchange packages) in one transaction.
pub fn import_paths(store: &mut Store, config: &Config, paths: &[PathBuf]) -> Result<Summary> {
    let mut errors = Errors(Vec::new());
    let mut batch = Batch::default();
    let mut files = 0;
    for path in expand(paths)? {
        files += 1;
        let shown = path.display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return Err(Error::env(
                    format!("không đọc được {shown}: {e}"),
                    format!("cannot read {shown}: {e}"),
                ))
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            errors.push(
                &shown,
                1,
                "tệp không phải UTF-8 (hãy lưu dưới dạng CSV UTF-8)",
                "the file is not UTF-8 (save it as CSV UTF-8)",
            );
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // Windows line ends: the csv crate reports a CRLF record's line as the one before it, so the
        // text is normalised to LF first (a line break inside a quoted field becomes LF too).
        let text = text.replace("\r\n", "\n");
        let text = text.as_str();
        if shown.to_ascii_lowercase().ends_with(".json") {
            parse_package(&shown, text, &mut batch, &mut errors);
        } else {
            parse_csv(&shown, &path, text, &mut batch, &mut errors);
        }
    }
    validate(store, config, &batch, &mut errors)?;
    if !errors.0.is_empty() {
        errors
            .0
            .sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
        return Err(Error::Lines(errors.0));
    }
    let rows = batch.localities.len()
        + batch.assessments.len()
        + batch.awards.len()
        + batch.limitations.len();
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
        super::years::warm_province_cache(store)?;
    } else if from <= to {
        // Even with no change: the writer drops the entries of every year the import touched.
        super::years::warm_province_cache_for(store, from, to)?;
    }
    Ok(Summary {
        files,
        rows,
        changes,
    })
}

/// Folders are read as the four files they hold.
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

fn parse_csv(shown: &str, path: &Path, text: &str, batch: &mut Batch, errors: &mut Errors) {
    let mut reader = csv::ReaderBuilder::new()
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
        if !header.iter().any(|h| h == col) {
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
fn line_of(text: &str, p: &csv::Position) -> u64 {
    let rest = text.as_bytes().get(p.byte() as usize..).unwrap_or_default();
    let blank = rest
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .filter(|b| **b == b'\n')
        .count();
    p.line() + blank as u64
}

fn csv_reason(e: &csv::Error, lang: crate::text::Lang) -> String {
    match (e.kind(), lang) {
        (
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            },
            crate::text::Lang::Vi,
        ) => {
            format!("dòng có {len} cột, cần {expected_len}")
        }
        (
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            },
            crate::text::Lang::En,
        ) => {
            format!("the line has {len} fields, expected {expected_len}")
        }
        (csv::ErrorKind::Utf8 { .. }, crate::text::Lang::Vi) => "không phải UTF-8".to_string(),
        (csv::ErrorKind::Utf8 { .. }, crate::text::Lang::En) => "not UTF-8".to_string(),
        _ => e.to_string(),
    }
}

struct RowParser<'a> {
    file: &'a str,
    line: u64,
    errors: &'a mut Errors,
}

impl RowParser<'_> {
    fn err(&mut self, vi: impl Into<String>, en: impl Into<String>) {
        self.errors.push(self.file, self.line, vi, en);
    }

    fn year(&mut self, s: &str) -> Option<i32> {
        match s.parse::<i32>() {
            Ok(y) if (1945..=2200).contains(&y) => Some(y),
            _ => {
                self.err(
                    format!("year: \"{s}\" không phải là năm báo cáo"),
                    format!("year: \"{s}\" is not a report year"),
                );
                None
            }
        }
    }

    fn count(&mut self, col: &str, s: &str) -> Result<Option<u32>, ()> {
        parse_count(s).map_err(|e| {
            self.err(
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::Vi)),
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::En)),
            )
        })
    }

    /// Empty = not reported; otherwise a boolean as in contracts.md.
    fn flag(&mut self, col: &str, s: &str) -> Result<Option<bool>, ()> {
        if s.is_empty() {
            return Ok(None);
        }
        parse_bool(s).map(Some).map_err(|e| {
            self.err(
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::Vi)),
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::En)),
            )
        })
    }

    fn iso_date(&mut self, col: &str, s: &str) -> Result<Option<NaiveDate>, ()> {
        if s.is_empty() {
            return Ok(None);
        }
        parse_date(s).map(Some).map_err(|e| {
            self.err(
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::Vi)),
                format!("{col}: \"{s}\" — {}", e.message(crate::text::Lang::En)),
            )
        })
    }

    fn required(&mut self, col: &str, s: &str) -> Option<()> {
        if s.is_empty() {
            self.err(
                format!("{col}: không được để trống"),
                format!("{col}: must not be empty"),
            );
            None
        } else {
            Some(())
        }
    }

    fn locality(&mut self, get: &dyn Fn(&str) -> String) -> Option<Locality> {
        let code = get("code");
        let name = get("name");
        let level_text = get("level");
        let parent = get("parent_code");
        let ok_code = self.required("code", &code);
        let ok_name = self.required("name", &name);
        let level = Level::parse(&level_text);
        if level.is_none() {
            self.err(
                format!("level: \"{level_text}\" không hợp lệ (province, district, commune)"),
                format!("level: \"{level_text}\" is not one of province, district, commune"),
            );
        }
        let from = self.iso_date("valid_from", &get("valid_from"));
        let to = self.iso_date("valid_to", &get("valid_to"));
        let (Some(()), Some(()), Some(level), Ok(from), Ok(to)) =
            (ok_code, ok_name, level, from, to)
        else {
            return None;
        };
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                self.err(
                    format!("valid_to {t} trước valid_from {f}"),
                    format!("valid_to {t} is before valid_from {f}"),
                );
                return None;
            }
        }
        if level == Level::Province && !parent.is_empty() {
            self.err(
                "parent_code: cấp tỉnh không có đơn vị cha",
                "parent_code: a province has no parent",
            );
            return None;
        }
        if level != Level::Province && parent.is_empty() {
            self.err(
                "parent_code: huyện và xã phải có đơn vị cha",
                "parent_code: a district or commune needs a parent",
            );
            return None;
        }
        Some(Locality {
            id: 0,
            code,
            name,
            level,
            parent_code: (!parent.is_empty()).then_some(parent),
            valid_from: from,
            valid_to: to,
        })
    }

    fn assessment(&mut self, get: &dyn Fn(&str) -> String) -> Option<Assessment> {
        let year = self.year(&get("year"));
        let code = get("locality_code");
        let ok_code = self.required("locality_code", &code);
        let mut counts = HashMap::new();
        let mut bad = false;
        for col in [
            "residential_areas_total",
            "residential_areas_recognized",
            "agencies_total",
            "agencies_recognized",
            "schools_total",
            "schools_recognized",
            "models",
        ] {
            match self.count(col, &get(col)) {
                Ok(v) => {
                    counts.insert(col, v);
                }
                Err(()) => bad = true,
            }
        }
        let commune = self.flag("commune_recognized", &get("commune_recognized"));
        let police = self.flag("police_advanced", &get("police_advanced"));
        let (Some(year), Some(()), Ok(commune), Ok(police), false) =
            (year, ok_code, commune, police, bad)
        else {
            return None;
        };
        let c = |k: &str| counts.get(k).copied().flatten();
        let a = Assessment {
            year,
            locality_code: code,
            residential_areas_total: c("residential_areas_total"),
            residential_areas_recognized: c("residential_areas_recognized"),
            commune_recognized: commune,
            police_advanced: police,
            agencies_total: c("agencies_total"),
            agencies_recognized: c("agencies_recognized"),
            schools_total: c("schools_total"),
            schools_recognized: c("schools_recognized"),
            models: c("models"),
        };
        for (label_vi, label_en, rec, total) in [
            (
                "khu dân cư",
                "residential areas",
                a.residential_areas_recognized,
                a.residential_areas_total,
            ),
            (
                "cơ quan, doanh nghiệp",
                "agencies",
                a.agencies_recognized,
                a.agencies_total,
            ),
            (
                "trường học",
                "schools",
                a.schools_recognized,
                a.schools_total,
            ),
        ] {
            if let (Some(r), Some(t)) = (rec, total) {
                if r > t {
                    self.err(
                        format!("{label_vi}: đạt {r} > tổng {t}"),
                        format!("{label_en}: recognised {r} > total {t}"),
                    );
                    return None;
                }
            }
        }
        Some(a)
    }

    fn award(&mut self, get: &dyn Fn(&str) -> String) -> Option<Award> {
        let year = self.year(&get("year"));
        let form_text = get("form");
        let form = AwardForm::parse(&form_text);
        if form.is_none() {
            self.err(
                format!("form: \"{form_text}\" không hợp lệ (emulation_flag, certificate_of_merit, certificate_of_commendation, commemorative_medal)"),
                format!("form: \"{form_text}\" is not one of emulation_flag, certificate_of_merit, certificate_of_commendation, commemorative_medal"),
            );
        }
        let kind_text = get("recipient_kind");
        let kind = RecipientKind::parse(&kind_text);
        if kind.is_none() {
            self.err(
                format!("recipient_kind: \"{kind_text}\" không hợp lệ (collective, individual)"),
                format!("recipient_kind: \"{kind_text}\" is not one of collective, individual"),
            );
        }
        let issuer = get("issuer");
        let recipient = get("recipient");
        let decision_no = get("decision_no");
        let ok = (
            self.required("issuer", &issuer),
            self.required("recipient", &recipient),
            self.required("decision_no", &decision_no),
        );
        let date_text = get("decision_date");
        let date = if date_text.is_empty() {
            self.err(
                "decision_date: không được để trống",
                "decision_date: must not be empty",
            );
            Err(())
        } else {
            self.iso_date("decision_date", &date_text)
        };
        let locality = get("locality_code");
        let (Some(year), Some(form), Some(kind), (Some(()), Some(()), Some(())), Ok(Some(date))) =
            (year, form, kind, ok, date)
        else {
            return None;
        };
        Some(Award {
            id: 0,
            year,
            form,
            issuer,
            recipient_kind: kind,
            recipient,
            locality_code: (!locality.is_empty()).then_some(locality),
            decision_no,
            decision_date: date,
            note: get("note"),
        })
    }

    fn limitation(&mut self, get: &dyn Fn(&str) -> String) -> Option<Limitation> {
        let year = self.year(&get("year"));
        let code = get("locality_code");
        let category = get("category");
        let text = get("text");
        let status_text = get("status");
        let status = if status_text.is_empty() {
            Some(LimitationStatus::Open)
        } else {
            LimitationStatus::parse(&status_text)
        };
        if status.is_none() {
            self.err(
                format!("status: \"{status_text}\" không hợp lệ (open, in_progress, resolved)"),
                format!("status: \"{status_text}\" is not one of open, in_progress, resolved"),
            );
        }
        let ok = (
            self.required("locality_code", &code),
            self.required("category", &category),
            self.required("text", &text),
        );
        let (Some(year), Some(status), (Some(()), Some(()), Some(()))) = (year, status, ok) else {
            return None;
        };
        Some(Limitation {
            id: 0,
            year,
            locality_code: code,
            category,
            text,
            remedy: get("remedy"),
            status,
        })
    }
}

/// The JSON exchange package written by `antq export --format json`.
fn parse_package(shown: &str, text: &str, batch: &mut Batch, errors: &mut Errors) {
    let pkg: super::export::Package = match serde_json::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            errors.push(
                shown,
                e.line() as u64,
                format!("gói trao đổi JSON không đọc được: {e}"),
                format!("malformed JSON exchange package: {e}"),
            );
            return;
        }
    };
    if pkg.format != super::export::PACKAGE_FORMAT {
        errors.push(
            shown,
            1,
            format!(
                "không phải gói trao đổi của antq (format = \"{}\")",
                pkg.format
            ),
            format!("not an antq exchange package (format = \"{}\")", pkg.format),
        );
        return;
    }
    // The package holds the same rows as the CSV files; parse them through the same row parser so
    // that every check is identical. Lines are the record's position within its section (1-based).
    let sections: [(Kind, &Vec<HashMap<String, String>>); 4] = [
        (Kind::Localities, &pkg.localities),
        (Kind::Assessments, &pkg.assessments),
        (Kind::Awards, &pkg.awards),
        (Kind::Limitations, &pkg.limitations),
    ];
    for (kind, rows) in sections {
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
            }
        }
    }
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
    // Per report year: code → the district it belongs to (None for the province itself).
    let mut years: HashMap<i32, HashMap<String, Option<String>>> = HashMap::new();
    let mut district_in_year = |year: i32, code: &str| -> Option<Option<String>> {
        years
            .entry(year)
            .or_insert_with(|| {
                // One pass: a commune's district is its parent, a district is its own.
                all.iter()
                    .filter(|l| l.valid_in_year(year))
                    .map(|l| {
                        let district = match l.level {
                            Level::Province => None,
                            Level::District => Some(l.code.clone()),
                            Level::Commune => l.parent_code.clone(),
                        };
                        (l.code.clone(), district)
                    })
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
    if rights == Rights::ReadOnly && !batch_is_empty(batch) {
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
            if !rights.may_edit_district(district) {
                errors.push(
                    file,
                    line,
                    format!(
                        "{} chỉ được nhập số liệu của huyện mình; {code} thuộc đơn vị khác",
                        store.user()
                    ),
                    format!(
                        "{} may import only their own district; {code} belongs to another unit",
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
                        format!("số liệu năm {year} của huyện {d} đã được duyệt: không được sửa"),
                        format!(
                        "the {year} figures of district {d} are approved: they cannot be changed"
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

fn batch_is_empty(b: &Batch) -> bool {
    b.localities.is_empty()
        && b.assessments.is_empty()
        && b.awards.is_empty()
        && b.limitations.is_empty()
}

/// One transaction, localities first.
fn apply(store: &mut Store, batch: &Batch) -> Result<usize> {
    store.write(Source::Import, |w| {
        let mut changes = 0;
        // Parents before children: provinces, then districts, then communes.
        let mut localities: Vec<&At<Locality>> = batch.localities.iter().collect();
        localities.sort_by_key(|at| at.item.level);
        for at in localities {
            let before = w.conn().total_changes();
            w.upsert_locality(&at.item)?;
            if w.conn().total_changes() != before {
                changes += 1;
            }
        }
        for at in &batch.assessments {
            let a = &at.item;
            let id = w
                .locality_id(&a.locality_code, a.year)?
                .ok_or_else(|| missing(a.year, &a.locality_code))?;
            changes += w.upsert_assessment(a, id)?;
        }
        for at in &batch.awards {
            let a = &at.item;
            let id = match &a.locality_code {
                Some(code) => Some(
                    w.locality_id(code, a.year)?
                        .ok_or_else(|| missing(a.year, code))?,
                ),
                None => None,
            };
            changes += w.upsert_award(a, id)?;
        }
        for at in &batch.limitations {
            let l = &at.item;
            let id = w
                .locality_id(&l.locality_code, l.year)?
                .ok_or_else(|| missing(l.year, &l.locality_code))?;
            changes += w.upsert_limitation(l, id)?;
        }
        Ok(changes)
    })
}

fn missing(year: i32, code: &str) -> Error {
    Error::data(
        format!("mã địa phương {code} không có trong năm {year}"),
        format!("locality code {code} is not valid in {year}"),
    )
}
