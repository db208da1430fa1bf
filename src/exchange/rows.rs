//! One record of each kind as text: how each column is written (plain integers, `yes`/`no`, ISO
//! dates) and how it is read back, side by side so that the two cannot drift apart.

use super::{Errors, Kind};
use crate::domain::{
    parse_birth_year, Assessment, Award, AwardForm, Field, Level, Limitation, LimitationStatus,
    Locality, Predecessor, RecipientKind, ValueNote, YearData,
};
use crate::text::{check_code, check_text, echo, parse_bool, parse_count, parse_date, Lang, Lines};
use chrono::NaiveDate;
use std::collections::HashMap;

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
        Predecessor::format_list(&l.predecessors),
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
        a.birth_year.map(|y| y.to_string()).unwrap_or_default(),
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

pub fn note_row(n: &ValueNote) -> Vec<String> {
    vec![
        n.year.to_string(),
        n.locality_code.clone(),
        n.field.code().to_string(),
        n.note.clone(),
        flag(Some(n.follow_up)),
    ]
}

/// Sort key of a locality version in tree order: the provinces, then each parent's children after
/// it (a district followed by its communes, a province's own communes before its districts), codes
/// ascending (shorter codes first, as GSO codes are numbers), then the version's first day. It
/// depends on the version alone, so stored order never shows through.
type TreeKey = (usize, String, Level, usize, String, Option<NaiveDate>);

fn tree_key(l: &Locality) -> TreeKey {
    let group = match l.level {
        Level::Province => String::new(),
        Level::District => l.code.clone(),
        Level::Commune => l.parent_code.clone().unwrap_or_default(),
    };
    (
        group.len(),
        group,
        l.level,
        l.code.len(),
        l.code.clone(),
        l.valid_from,
    )
}

/// The rows of each file for a year: the year's units and, in `localities.csv` only, the earlier
/// versions `lineage` adds (the predecessors the units name, and their parents) so that the file
/// imports on its own. Localities, assessments and notes are written in tree order (notes then by
/// field), not in the order they happen to be stored, so that export → import → export gives the
/// same files.
pub fn tables(
    data: &YearData,
    notes: &[ValueNote],
    lineage: &[Locality],
) -> Vec<(Kind, Vec<Vec<String>>)> {
    let keys: HashMap<&str, TreeKey> = data
        .localities
        .iter()
        .map(|l| (l.code.as_str(), tree_key(l)))
        .collect();
    let mut localities: Vec<&Locality> = data.localities.iter().chain(lineage).collect();
    localities.sort_by_cached_key(|l| tree_key(l));
    let mut assessments: Vec<&Assessment> = data.assessments.iter().collect();
    // A code unknown to the year (not expected) goes last, still in a stable order.
    assessments.sort_by_cached_key(|a| {
        let key = keys.get(a.locality_code.as_str()).cloned();
        (key.is_none(), key, a.locality_code.clone())
    });
    let mut notes: Vec<&ValueNote> = notes.iter().collect();
    notes.sort_by_cached_key(|n| {
        let key = keys.get(n.locality_code.as_str()).cloned();
        (key.is_none(), key, n.locality_code.clone(), n.field)
    });
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
        (Kind::Notes, notes.into_iter().map(note_row).collect()),
    ]
}

/// Reads one record's columns (by name, already normalised) into a domain value, pushing an error
/// for each bad value at its `FILE:LINE`. CSV and JSON rows go through the same parser.
pub(super) struct RowParser<'a> {
    pub(super) file: &'a str,
    pub(super) line: u64,
    pub(super) errors: &'a mut Errors,
}

impl RowParser<'_> {
    pub(super) fn err(&mut self, vi: impl Into<String>, en: impl Into<String>) {
        self.errors.push(self.file, self.line, vi, en);
    }

    /// Refuses every column holding a control character (a limitation's text and remedy and an
    /// award's note may hold newlines and tabs; a value's note is one line). Returns whether the
    /// row is clean.
    pub(super) fn clean(&mut self, kind: Kind, get: &dyn Fn(&str) -> String) -> bool {
        let mut ok = true;
        for col in kind.header() {
            let lines = if kind != Kind::Notes && matches!(*col, "text" | "remedy" | "note") {
                Lines::Many
            } else {
                Lines::One
            };
            if let Err(e) = check_text(&get(col), lines) {
                self.err(
                    format!("{col}: {}", e.message(Lang::Vi)),
                    format!("{col}: {}", e.message(Lang::En)),
                );
                ok = false;
            }
        }
        ok
    }

    /// A locality code: digits of a bounded length (empty is judged by the caller).
    fn code(&mut self, col: &str, s: &str) -> Option<()> {
        match check_code(s) {
            Ok(()) => Some(()),
            Err(e) => {
                self.err(
                    format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::Vi)),
                    format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::En)),
                );
                None
            }
        }
    }

    fn year(&mut self, s: &str) -> Option<i32> {
        match s.parse::<i32>() {
            Ok(y) if (1945..=2200).contains(&y) => Some(y),
            _ => {
                self.err(
                    format!("year: \"{}\" không phải là năm báo cáo", echo(s)),
                    format!("year: \"{}\" is not a report year", echo(s)),
                );
                None
            }
        }
    }

    fn count(&mut self, col: &str, s: &str) -> Result<Option<u32>, ()> {
        parse_count(s).map_err(|e| {
            self.err(
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::Vi)),
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::En)),
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
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::Vi)),
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::En)),
            )
        })
    }

    fn iso_date(&mut self, col: &str, s: &str) -> Result<Option<NaiveDate>, ()> {
        if s.is_empty() {
            return Ok(None);
        }
        parse_date(s).map(Some).map_err(|e| {
            self.err(
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::Vi)),
                format!("{col}: \"{}\" — {}", echo(s), e.message(Lang::En)),
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

    pub(super) fn locality(&mut self, get: &dyn Fn(&str) -> String) -> Option<Locality> {
        let code = get("code");
        let name = get("name");
        let level_text = get("level");
        let parent = get("parent_code");
        if !self.clean(Kind::Localities, get) {
            return None;
        }
        let ok_code = self
            .required("code", &code)
            .and_then(|()| self.code("code", &code));
        let ok_parent = self.code("parent_code", &parent);
        let ok_name = self.required("name", &name);
        let level = Level::parse(&level_text);
        if level.is_none() {
            self.err(
                format!(
                    "level: \"{}\" không hợp lệ (province, district, commune)",
                    echo(&level_text)
                ),
                format!(
                    "level: \"{}\" is not one of province, district, commune",
                    echo(&level_text)
                ),
            );
        }
        let from = self.iso_date("valid_from", &get("valid_from"));
        let to = self.iso_date("valid_to", &get("valid_to"));
        let predecessors = Predecessor::parse_list(&get("predecessors")).map_err(|(vi, en)| {
            self.err(format!("predecessors: {vi}"), format!("predecessors: {en}"))
        });
        let predecessors = predecessors.and_then(|list| {
            let bad = list
                .iter()
                .filter(|p| self.code("predecessors", &p.code).is_none())
                .count();
            if bad == 0 {
                Ok(list)
            } else {
                Err(())
            }
        });
        let (Some(()), Some(()), Some(()), Some(level), Ok(from), Ok(to), Ok(predecessors)) =
            (ok_code, ok_parent, ok_name, level, from, to, predecessors)
        else {
            return None;
        };
        if from.is_none() && !predecessors.is_empty() {
            self.err(
                "predecessors: đơn vị kế thừa phải có valid_from (ngày bắt đầu)",
                "predecessors: a successor needs a valid_from (the day it began)",
            );
            return None;
        }
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
            predecessors,
        })
    }

    pub(super) fn assessment(&mut self, get: &dyn Fn(&str) -> String) -> Option<Assessment> {
        if !self.clean(Kind::Assessments, get) {
            return None;
        }
        let year = self.year(&get("year"));
        let code = get("locality_code");
        let ok_code = self
            .required("locality_code", &code)
            .and_then(|()| self.code("locality_code", &code));
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

    pub(super) fn award(&mut self, get: &dyn Fn(&str) -> String) -> Option<Award> {
        if !self.clean(Kind::Awards, get) {
            return None;
        }
        let year = self.year(&get("year"));
        let form_text = get("form");
        let form = AwardForm::parse(&form_text);
        if form.is_none() {
            self.err(
                format!("form: \"{}\" không hợp lệ (emulation_flag, certificate_of_merit, certificate_of_commendation, commemorative_medal)", echo(&form_text)),
                format!("form: \"{}\" is not one of emulation_flag, certificate_of_merit, certificate_of_commendation, commemorative_medal", echo(&form_text)),
            );
        }
        let kind_text = get("recipient_kind");
        let kind = RecipientKind::parse(&kind_text);
        if kind.is_none() {
            self.err(
                format!(
                    "recipient_kind: \"{}\" không hợp lệ (collective, individual)",
                    echo(&kind_text)
                ),
                format!(
                    "recipient_kind: \"{}\" is not one of collective, individual",
                    echo(&kind_text)
                ),
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
        let ok_locality = self.code("locality_code", &locality);
        let birth_text = get("birth_year");
        let birth_year = match (kind, year) {
            (Some(kind), Some(year)) => match parse_birth_year(&birth_text, kind, year) {
                Ok(birth_year) => Some(birth_year),
                Err(e) => {
                    self.err(
                        format!(
                            "birth_year: \"{}\" — {}",
                            echo(&birth_text),
                            e.message(Lang::Vi)
                        ),
                        format!(
                            "birth_year: \"{}\" — {}",
                            echo(&birth_text),
                            e.message(Lang::En)
                        ),
                    );
                    None
                }
            },
            _ => None,
        };
        let (
            Some(year),
            Some(form),
            Some(kind),
            (Some(()), Some(()), Some(())),
            Ok(Some(date)),
            Some(()),
            Some(birth_year),
        ) = (year, form, kind, ok, date, ok_locality, birth_year)
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
            birth_year,
            decision_no,
            decision_date: date,
            note: get("note"),
        })
    }

    pub(super) fn limitation(&mut self, get: &dyn Fn(&str) -> String) -> Option<Limitation> {
        if !self.clean(Kind::Limitations, get) {
            return None;
        }
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
                format!(
                    "status: \"{}\" không hợp lệ (open, in_progress, resolved)",
                    echo(&status_text)
                ),
                format!(
                    "status: \"{}\" is not one of open, in_progress, resolved",
                    echo(&status_text)
                ),
            );
        }
        let ok = (
            self.required("locality_code", &code)
                .and_then(|()| self.code("locality_code", &code)),
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

    pub(super) fn note(&mut self, get: &dyn Fn(&str) -> String) -> Option<ValueNote> {
        if !self.clean(Kind::Notes, get) {
            return None;
        }
        let year = self.year(&get("year"));
        let code = get("locality_code");
        let ok_code = self
            .required("locality_code", &code)
            .and_then(|()| self.code("locality_code", &code));
        let field_text = get("field");
        let field = Field::parse(&field_text);
        if field.is_none() {
            let known: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
            self.err(
                format!(
                    "field: \"{}\" không phải một ô của assessments.csv ({})",
                    echo(&field_text),
                    known.join(", ")
                ),
                format!(
                    "field: \"{}\" is not a column of assessments.csv ({})",
                    echo(&field_text),
                    known.join(", ")
                ),
            );
        }
        let follow_up = self.flag("follow_up", &get("follow_up"));
        let (Some(year), Some(()), Some(field), Ok(follow_up)) = (year, ok_code, field, follow_up)
        else {
            return None;
        };
        Some(ValueNote {
            note: get("note"),
            follow_up: follow_up.unwrap_or(false),
            ..ValueNote::empty(year, &code, field)
        })
    }
}
