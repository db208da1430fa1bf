//! `antq check`: every rule over a year (or one locality's part of it).

use crate::config::Config;
use crate::domain::rules::{check_year, Finding, Severity};
use crate::domain::Level;
use crate::error::Result;
use crate::store::Store;
use crate::text::{format_count, Lang};
use serde_json::json;
use std::collections::HashMap;

pub struct CheckResult {
    pub year: i32,
    pub findings: Vec<Finding>,
    /// Cells of the scope flagged for follow-up (a value's note, `antq notes --flagged`): said, not
    /// judged — they change neither the errors nor the exit code.
    pub flagged: usize,
    /// The scope's code when `antq notes --locality` lists exactly its cells (a commune's): the
    /// pointer to the flagged cells names it.
    notes_locality: Option<String>,
    names: HashMap<String, String>,
}

/// Does `code` lie within `scope` in this year's tree (itself, or below it)?
pub fn within(parents: &HashMap<&str, &str>, code: &str, scope: &str) -> bool {
    let mut cur = Some(code);
    // The tree has three levels; the bound guards against a cycle in bad data.
    for _ in 0..8 {
        match cur {
            Some(c) if c == scope => return true,
            Some(c) => cur = parents.get(c).copied(),
            None => return false,
        }
    }
    false
}

pub fn run(
    store: &Store,
    config: &Config,
    year: i32,
    locality: Option<&str>,
) -> Result<CheckResult> {
    super::ensure_year_recorded(store, year, ("kiểm tra", "check"))?;
    let data = store.year_data(year)?;
    if let Some(code) = locality {
        if !data.localities.iter().any(|l| l.code == code) {
            // Could not run (exit 2): not "errors found" (exit 1), which a script would misread.
            return Err(crate::error::Error::env(
                format!("không có địa phương mã {code} trong năm {year}"),
                format!("no locality with code {code} in {year}"),
            ));
        }
    }
    let history = store.history(year)?;
    // The province's targets are the database's (see services::targets), whatever `config` holds.
    let targets = super::targets::in_force(store, config)?;
    let rules = crate::domain::rules::RuleBook {
        targets: &targets,
        ..config.rule_book()
    };
    let mut findings = check_year(&data, &history, rules);
    let parents: HashMap<&str, &str> = data
        .localities
        .iter()
        .filter_map(|l| l.parent_code.as_deref().map(|p| (l.code.as_str(), p)))
        .collect();
    // A province's scope is the whole year, for the findings and the flagged cells alike.
    let scope = locality.filter(|&scope| {
        !data
            .localities
            .iter()
            .any(|l| l.code == scope && l.level == Level::Province)
    });
    let in_scope = |code: &str| scope.is_none_or(|scope| within(&parents, code, scope));
    findings.retain(|f| in_scope(&f.locality_code));
    // Cells flagged for follow-up are said beside the findings, never counted among them.
    let flagged = store
        .notes_of_year(year)?
        .into_iter()
        .filter(|n| n.follow_up && in_scope(&n.locality_code))
        .count();
    let names = data
        .localities
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let commune_scope = scope.filter(|&scope| {
        data.localities
            .iter()
            .any(|l| l.code == scope && l.level == Level::Commune)
    });
    Ok(CheckResult {
        year,
        findings,
        flagged,
        notes_locality: commune_scope.map(str::to_string),
        names,
    })
}

impl CheckResult {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    pub fn json(&self, lang: Lang) -> serde_json::Value {
        json!({
            "year": self.year,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "flagged": self.flagged,
            "findings": self.findings.iter().map(|f| json!({
                "severity": f.severity.code(),
                "rule": f.rule,
                "locality_code": f.locality_code,
                "field": f.field,
                "message": f.message(lang),
            })).collect::<Vec<_>>(),
        })
    }

    fn line(&self, f: &Finding, lang: Lang) -> String {
        let sev = match (f.severity, lang) {
            (Severity::Error, Lang::Vi) => "LỖI",
            (Severity::Error, Lang::En) => "ERROR",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Warning, Lang::En) => "warning",
        };
        let name = self
            .names
            .get(&f.locality_code)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let field = f
            .field
            .as_deref()
            .map(|x| format!(" [{x}]"))
            .unwrap_or_default();
        format!(
            "{sev}: {}{name}{field}: {} ({})",
            f.locality_code,
            f.message(lang),
            f.rule
        )
    }

    /// The errors alone, one per line (what `submit` lists when it refuses).
    pub fn error_lines(&self, lang: Lang) -> String {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| self.line(f, lang))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&self.line(f, lang));
            out.push('\n');
        }
        out.push_str(&match lang {
            Lang::Vi => format!(
                "Năm {}: {} lỗi, {} cảnh báo.\n",
                self.year,
                self.errors(),
                self.warnings()
            ),
            Lang::En => format!(
                "{}: {} errors, {} warnings.\n",
                self.year,
                self.errors(),
                self.warnings()
            ),
        });
        if let Some(line) = self.flagged_line(lang) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// "2 ô được đánh dấu cần theo dõi — xem: antq notes --year 2018 --flagged", when the scope has
    /// such cells.
    pub fn flagged_line(&self, lang: Lang) -> Option<String> {
        if self.flagged == 0 {
            return None;
        }
        let n = format_count(self.flagged as u64, lang);
        let locality = self
            .notes_locality
            .as_deref()
            .map(|code| format!(" --locality {code}"))
            .unwrap_or_default();
        let see = format!("antq notes --year {}{locality} --flagged", self.year);
        Some(match lang {
            Lang::Vi => format!("{n} ô được đánh dấu cần theo dõi — xem: {see}"),
            Lang::En if self.flagged == 1 => format!("1 cell flagged for follow-up — see: {see}"),
            Lang::En => format!("{n} cells flagged for follow-up — see: {see}"),
        })
    }
}
