//! `antq report`: the annual summary in the province's words (text, markdown) and as JSON exactly as
//! contracts.md specifies.

use crate::config::Config;
use crate::domain::aggregate::{aggregate, Aggregates, Ratio};
use crate::domain::locality::reporting_level;
use crate::domain::{
    distinct_recipients, Award, Category, Level, Locality, RecipientKind, Target, YearData,
};
use crate::error::{Error, Result};
use crate::text::{format_count, format_ratio, format_share, Lang};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalityRef {
    pub code: String,
    pub name: String,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    pub recognized: u64,
    pub total: u64,
    /// Rounded to 4 decimals; null when the total is 0.
    pub share: Option<f64>,
    pub target: Option<f64>,
    /// `recognized ≥ target × total`, exactly; null without a target.
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commended {
    pub collectives: u64,
    pub individuals: u64,
}

/// One locality's summary; `children` holds the same object for each locality one level down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub year: i32,
    pub locality: LocalityRef,
    /// Keyed by category code, in the contract's order.
    pub categories: indexmap_lite::Ordered<CategoryFigures>,
    pub models: u64,
    pub commended: Commended,
    pub awards: u64,
    pub limitations: u64,
    /// Every unit below (communes and the own rows of the districts and the province) entered: each
    /// reports every field the year's rule set asks of it.
    pub complete: bool,
    pub units_reported: u64,
    pub units_expected: u64,
    pub children: Vec<Summary>,
    /// The year's province has no district: its communes report directly to it, and the words
    /// follow ("xã, phường, đặc khu"). Not part of the JSON, which says it through `children`.
    #[serde(skip)]
    pub without_districts: bool,
}

/// A tiny ordered map for serialising the categories in their fixed order without another crate.
pub mod indexmap_lite {
    use serde::ser::SerializeMap;
    use serde::{Serialize, Serializer};

    #[derive(Debug, Clone, PartialEq)]
    pub struct Ordered<V>(pub Vec<(String, V)>);

    impl<V> Ordered<V> {
        pub fn get(&self, key: &str) -> Option<&V> {
            self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }
    }

    impl<V: Serialize> Serialize for Ordered<V> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }
}

/// Everything a report needs, indexed once.
struct Index<'a> {
    data: &'a YearData,
    aggregates: Aggregates,
    children: HashMap<&'a str, Vec<&'a Locality>>,
    /// locality code → the district it lies in (itself for a district); communes standing directly
    /// under their province have none.
    district_of: HashMap<&'a str, &'a str>,
    /// The year's province has no district.
    without_districts: bool,
    /// Awards within each district and each commune (by code), bucketed once: a national report has
    /// 10,000 communes and thousands of awards, so filtering per locality would be quadratic.
    awards_in: HashMap<&'a str, Vec<&'a Award>>,
    limitations_in: HashMap<&'a str, u64>,
    /// Locality code → the province it lies in (itself for a province): a ministry's database holds
    /// several, and a province's figures, awards and units are its own.
    province_of: HashMap<&'a str, &'a str>,
    /// Awards placed on no locality, counted at the province only when the year holds one.
    unplaced_awards: Vec<&'a Award>,
    /// Locality code → (units entered, units) in its subtree, the locality's own row included.
    entered_in: HashMap<&'a str, (u64, u64)>,
}

/// Where a unit's figures, awards and limitations count: the unit, its district and its province,
/// each once (a commune directly under its province has the province as its "district" too).
fn places_of<'a>(
    code: &'a str,
    district_of: &HashMap<&'a str, &'a str>,
    province_of: &HashMap<&'a str, &'a str>,
) -> Vec<&'a str> {
    let mut at = vec![code];
    if let Some(d) = district_of.get(code).copied().filter(|d| *d != code) {
        at.push(d);
    }
    if let Some(p) = province_of.get(code).copied().filter(|p| *p != code) {
        at.push(p);
    }
    at.dedup();
    at
}

impl<'a> Index<'a> {
    fn new(data: &'a YearData, config: &Config) -> Index<'a> {
        let mut children: HashMap<&str, Vec<&Locality>> = HashMap::new();
        for l in &data.localities {
            if let Some(p) = l.parent_code.as_deref() {
                children.entry(p).or_default().push(l);
            }
        }
        let mut district_of = HashMap::new();
        for l in &data.localities {
            if l.level == Level::District {
                district_of.insert(l.code.as_str(), l.code.as_str());
            }
        }
        for l in &data.localities {
            if let (Level::Commune, Some(p)) = (l.level, l.parent_code.as_deref()) {
                if district_of.contains_key(p) {
                    district_of.insert(l.code.as_str(), p);
                }
            }
        }
        let without_districts = data
            .localities
            .iter()
            .find(|l| l.level == Level::Province)
            .is_some_and(|p| reporting_level(&data.localities, &p.code) == Level::Commune);
        let by_code: HashMap<&str, &Locality> = data
            .localities
            .iter()
            .map(|l| (l.code.as_str(), l))
            .collect();
        let mut province_of: HashMap<&str, &str> = HashMap::new();
        for l in &data.localities {
            let mut at = l;
            // Province → district → commune: never more than two steps up.
            for _ in 0..3 {
                if at.level == Level::Province {
                    province_of.insert(l.code.as_str(), at.code.as_str());
                    break;
                }
                match at.parent_code.as_deref().and_then(|p| by_code.get(p)) {
                    Some(parent) => at = parent,
                    None => break,
                }
            }
        }
        let provinces = data
            .localities
            .iter()
            .filter(|l| l.level == Level::Province)
            .count();
        let mut unplaced_awards = Vec::new();
        let mut awards_in: HashMap<&str, Vec<&Award>> = HashMap::new();
        for a in &data.awards {
            let Some(code) = a.locality_code.as_deref() else {
                if provinces == 1 {
                    unplaced_awards.push(a);
                }
                continue;
            };
            let at = places_of(code, &district_of, &province_of);
            for c in at {
                awards_in.entry(c).or_default().push(a);
            }
        }
        let mut limitations_in: HashMap<&str, u64> = HashMap::new();
        for m in &data.limitations {
            let code = m.locality_code.as_str();
            let at = places_of(code, &district_of, &province_of);
            for c in at {
                *limitations_in.entry(c).or_default() += 1;
            }
        }
        // Counted bottom-up once: a unit adds to itself, its district and its province.
        let rule_set = config.rule_set(data.year);
        let rows: HashMap<&str, &crate::domain::Assessment> = data
            .assessments
            .iter()
            .map(|a| (a.locality_code.as_str(), a))
            .collect();
        let mut entered_in: HashMap<&str, (u64, u64)> = HashMap::new();
        for l in &data.localities {
            let code = l.code.as_str();
            let entered = crate::domain::completeness::missing_fields(
                l.level,
                rows.get(code).copied(),
                rule_set,
            )
            .is_empty();
            let at = places_of(code, &district_of, &province_of);
            for c in at {
                let slot = entered_in.entry(c).or_default();
                slot.0 += u64::from(entered);
                slot.1 += 1;
            }
        }
        Index {
            data,
            entered_in,
            aggregates: aggregate(data),
            children,
            district_of,
            without_districts,
            awards_in,
            limitations_in,
            province_of,
            unplaced_awards,
        }
    }

    /// Does `code` lie within `scope` (the scope itself, or below it)?
    fn within(&self, code: &str, scope: &Locality) -> bool {
        match scope.level {
            Level::Province => self.province_of.get(code).copied() == Some(scope.code.as_str()),
            Level::District => self.district_of.get(code).copied() == Some(scope.code.as_str()),
            Level::Commune => code == scope.code,
        }
    }

    fn summary(&self, l: &Locality, config: &Config, depth: u8) -> Summary {
        let totals = self.aggregates.get(&l.code);
        let year = self.data.year;
        let categories = Category::ALL
            .iter()
            .map(|c| {
                let r = totals.get(*c);
                let target = config.target_of(year, *c, &l.code, l.level);
                (c.code().to_string(), figures(r, target))
            })
            .collect();
        let mut awards: Vec<&Award> = self
            .awards_in
            .get(l.code.as_str())
            .cloned()
            .unwrap_or_default();
        if l.level == Level::Province {
            awards.extend(self.unplaced_awards.iter().copied());
        }
        // People, not names: namesakes told apart by birth year or unit count twice.
        let distinct = |kind: RecipientKind| -> u64 {
            distinct_recipients(awards.iter().copied().filter(|a| a.recipient_kind == kind))
        };
        let limitations = self
            .limitations_in
            .get(l.code.as_str())
            .copied()
            .unwrap_or(0);
        let (units_reported, units_expected) = self
            .entered_in
            .get(l.code.as_str())
            .copied()
            .unwrap_or((0, 0));
        let children = if depth == 0 {
            Vec::new()
        } else {
            self.children
                .get(l.code.as_str())
                .map(|kids| {
                    kids.iter()
                        .map(|k| self.summary(k, config, depth - 1))
                        .collect()
                })
                .unwrap_or_default()
        };
        Summary {
            year,
            locality: LocalityRef {
                code: l.code.clone(),
                name: l.name.clone(),
                level: l.level,
            },
            categories: indexmap_lite::Ordered(categories),
            models: totals.models,
            commended: Commended {
                collectives: distinct(RecipientKind::Collective),
                individuals: distinct(RecipientKind::Individual),
            },
            awards: awards.len() as u64,
            limitations,
            complete: units_reported == units_expected,
            units_reported,
            units_expected,
            children,
            without_districts: self.without_districts,
        }
    }
}

fn figures(r: Ratio, target: Option<f64>) -> CategoryFigures {
    CategoryFigures {
        recognized: r.recognized,
        total: r.total,
        share: r.share().map(|s| (s * 10_000.0).round() / 10_000.0),
        target,
        met: target.map(|t| Target::is_met(t, r.recognized, r.total)),
    }
}

/// The summary of `locality` (the province when None) for the year, with its children one level down
/// (and theirs, so a province report carries districts and their communes).
pub fn summarize(data: &YearData, config: &Config, locality: Option<&str>) -> Result<Summary> {
    let index = Index::new(data, config);
    let scope = match locality {
        // A code that names nothing is a usage error (exit 2), not wrong data.
        Some(code) => data.localities.iter().find(|l| l.code == code).ok_or_else(|| {
            Error::env(
                format!("không có địa phương mã {code} trong năm {}", data.year),
                format!("no locality with code {code} in {}", data.year),
            )
        })?,
        None => data
            .localities
            .iter()
            .find(|l| l.level == Level::Province)
            .ok_or_else(|| {
                Error::data(
                    format!("năm {} không có đơn vị cấp tỉnh (hãy nhập localities.csv hoặc chạy antq init --demo)", data.year),
                    format!("no province-level unit is valid in {} (import localities.csv or run antq init --demo)", data.year),
                )
            })?,
    };
    let nothing_recorded =
        data.assessments.is_empty() && data.awards.is_empty() && data.limitations.is_empty();
    if nothing_recorded {
        // A report of zeros would read as a year in which nothing was recognised.
        return Err(Error::data(
            format!(
                "năm {} chưa có số liệu nào (chưa nhập kết quả, khen thưởng hay hạn chế): không lập báo cáo",
                data.year
            ),
            format!(
                "{} has no figures yet (no results, awards or limitations recorded): no report",
                data.year
            ),
        ));
    }
    Ok(index.summary(scope, config, 2))
}

/// A category's words in the report. The communes' say what the commune level holds: townships
/// (thị trấn) ceased with the districts, and island special zones (đặc khu) took their place.
pub fn category_words(config: &Config, code: &str, without_districts: bool, lang: Lang) -> String {
    if without_districts && code == Category::Communes.code() {
        return crate::domain::label::communes_without_districts(lang).into();
    }
    config.category_label(code, lang)
}

/// "toàn tỉnh", "toàn huyện", "toàn thị xã", "toàn thành phố", "toàn xã", "toàn đặc khu"…
fn scope_word(l: &LocalityRef, lang: Lang) -> String {
    let lower = l.name.to_lowercase();
    match lang {
        Lang::Vi => {
            for prefix in [
                "thành phố",
                "thị xã",
                "huyện",
                "quận",
                "tỉnh",
                "phường",
                "thị trấn",
                "đặc khu",
                "xã",
            ] {
                if lower.starts_with(prefix) {
                    return format!("toàn {prefix}");
                }
            }
            match l.level {
                Level::Province => "toàn tỉnh".into(),
                Level::District => "toàn huyện".into(),
                Level::Commune => "toàn xã".into(),
            }
        }
        Lang::En => format!("across {}", l.name),
    }
}

/// The conference sentence: "toàn tỉnh có 1.046/1.205 khu dân cư, … được công nhận đạt tiêu chuẩn
/// “An toàn về ANTT”; … có 268 tập thể và 178 cá nhân được các cấp khen thưởng".
pub fn headline(s: &Summary, config: &Config, lang: Lang) -> String {
    let ratio = |c: Category| {
        let f = s.categories.get(c.code());
        let (r, t) = f.map(|f| (f.recognized, f.total)).unwrap_or((0, 0));
        format!(
            "{} {}",
            format_ratio(r, t, lang),
            category_words(config, c.code(), s.without_districts, lang)
        )
    };
    let parts = [
        ratio(Category::ResidentialAreas),
        ratio(Category::Communes),
        ratio(Category::Agencies),
    ];
    let schools = ratio(Category::Schools);
    let scope = scope_word(&s.locality, lang);
    let collectives = format_count(s.commended.collectives, lang);
    let individuals = format_count(s.commended.individuals, lang);
    let models = format_count(s.models, lang);
    let parts = parts.join(", ");
    // The same three clauses in each language: the recognitions, the models (when any), the awards.
    let (recognised, models_clause, commended) = match lang {
        Lang::Vi => (
            format!("Năm {}, {scope} có {parts} và {schools} được công nhận đạt tiêu chuẩn “An toàn về ANTT”", s.year),
            format!("; duy trì {models} mô hình tự quản về ANTT"),
            format!("; có {collectives} tập thể và {individuals} cá nhân được các cấp khen thưởng."),
        ),
        Lang::En => (
            format!("In {}, {scope}, {parts} and {schools} were recognised as meeting the “safe on security and order” standard", s.year),
            format!("; {models} self-management models were maintained"),
            format!("; {collectives} collectives and {individuals} individuals were commended at all levels."),
        ),
    };
    let models_clause = if s.models > 0 {
        models_clause.as_str()
    } else {
        ""
    };
    format!("{recognised}{models_clause}{commended}")
}

/// " (chưa đầy đủ: x/y đơn vị đã nhập)" where some unit is not entered, so that a partial year never
/// reads as final; empty for a complete one.
fn incomplete(s: &Summary, lang: Lang) -> String {
    if s.complete {
        return String::new();
    }
    let (x, y) = (
        format_count(s.units_reported, lang),
        format_count(s.units_expected, lang),
    );
    match lang {
        Lang::Vi => format!(" (chưa đầy đủ: {x}/{y} đơn vị đã nhập)"),
        Lang::En => format!(" (incomplete: {x} of {y} units entered)"),
    }
}

/// The scope's awards by form and issuer, the way provincial reports list them ("Cờ thi đua của Bộ
/// Công an: 3 tập thể"), in the configuration's order of forms and issuers; recipients counted once
/// per (form, issuer) as the headline counts them ([`distinct_recipients`]).
fn awards_by_form(s: &Summary, data: &YearData, config: &Config, lang: Lang) -> Vec<String> {
    let mut groups: HashMap<(&str, &str), Vec<&Award>> = HashMap::new();
    for a in awards_within(s, data) {
        groups
            .entry((a.form.code(), a.issuer.as_str()))
            .or_default()
            .push(a);
    }
    let mut keys: Vec<(&str, &str)> = groups.keys().copied().collect();
    let form_rank = |f: &str| config.award_forms.iter().position(|x| x.code == f);
    let issuer_rank = |i: &str| config.issuers.iter().position(|x| x.code == i);
    keys.sort_by_key(|(f, i)| (form_rank(f), issuer_rank(i), f.to_string(), i.to_string()));
    keys.into_iter()
        .map(|(form, issuer)| {
            let who = &groups[&(form, issuer)];
            let count = |kind| {
                distinct_recipients(who.iter().copied().filter(|a| a.recipient_kind == kind))
            };
            let (collectives, individuals) = (
                count(RecipientKind::Collective),
                count(RecipientKind::Individual),
            );
            let form_label =
                config
                    .award_forms
                    .iter()
                    .find(|x| x.code == form)
                    .map_or(form.to_string(), |x| match lang {
                        Lang::Vi => x.vi.clone(),
                        Lang::En => x.en.clone(),
                    });
            let issuer_label = config
                .issuer(issuer)
                .map_or(issuer.to_string(), |x| x.label(lang).to_string());
            let mut parts = Vec::new();
            if collectives > 0 {
                parts.push(match lang {
                    Lang::Vi => format!("{} tập thể", format_count(collectives, lang)),
                    Lang::En if collectives == 1 => "1 collective".to_string(),
                    Lang::En => format!("{} collectives", format_count(collectives, lang)),
                });
            }
            if individuals > 0 {
                parts.push(match lang {
                    Lang::Vi => format!("{} cá nhân", format_count(individuals, lang)),
                    Lang::En if individuals == 1 => "1 individual".to_string(),
                    Lang::En => format!("{} individuals", format_count(individuals, lang)),
                });
            }
            match lang {
                Lang::Vi => format!("{form_label} của {issuer_label}: {}", parts.join(", ")),
                Lang::En => format!("{form_label} from {issuer_label}: {}", parts.join(", ")),
            }
        })
        .collect()
}

/// A missed target, for the report's list.
fn missed_targets(s: &Summary, config: &Config, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |x: &Summary| {
        for (code, f) in &x.categories.0 {
            if let (Some(target), Some(false)) = (f.target, f.met) {
                let missing = Target::required(target, f.total).saturating_sub(f.recognized);
                let share = f
                    .share
                    .map(|v| format_share(v, lang))
                    .unwrap_or_else(|| "–".into());
                let line = match lang {
                    Lang::Vi => format!(
                        "{}: {} {} = {share}, mục tiêu {} — còn thiếu {}",
                        x.locality.name,
                        format_ratio(f.recognized, f.total, lang),
                        category_words(config, code, x.without_districts, lang),
                        format_share(target, lang),
                        format_count(missing, lang)
                    ),
                    Lang::En => format!(
                        "{}: {} {} = {share}, target {} — {} more needed",
                        x.locality.name,
                        format_ratio(f.recognized, f.total, lang),
                        category_words(config, code, x.without_districts, lang),
                        format_share(target, lang),
                        format_count(missing, lang)
                    ),
                };
                out.push(line);
            }
        }
    };
    visit(s);
    for c in &s.children {
        visit(c);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    let fill = " ".repeat(width.saturating_sub(w));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The report's parts in their order, worded once: the text and markdown report and the documents
/// (`crate::documents`) lay out the same sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// "KẾT QUẢ PHONG TRÀO … NĂM Y — <scope>".
    pub title: String,
    /// " (chưa đầy đủ: x/y đơn vị đã nhập)", or empty for a complete year.
    pub incomplete: String,
    pub headline: String,
    /// The table by unit: each child, then the scope itself; None without children.
    pub table: Option<UnitTable>,
    /// Awards by form and issuer (no items: no awards, and the text leaves the section out).
    pub awards: Section,
    pub targets: Section,
    /// Each limitation with its unit, status and remedy.
    pub limitations: Section,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitTable {
    pub heading: String,
    pub head: Vec<String>,
    /// The children's rows, then the scope's (the total).
    pub rows: Vec<Vec<String>>,
}

/// A heading with its list, or the one sentence said when the list is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub items: Vec<String>,
    pub note: Option<String>,
}

/// The awards within a summary's scope: all of them for a province, else those of the scope and the
/// units directly under it.
pub fn awards_within<'a>(s: &Summary, data: &'a YearData) -> Vec<&'a Award> {
    let scope = s.locality.code.as_str();
    let parent: HashMap<&str, &str> = data
        .localities
        .iter()
        .filter_map(|l| l.parent_code.as_deref().map(|p| (l.code.as_str(), p)))
        .collect();
    data.awards
        .iter()
        .filter(|a| {
            s.locality.level == Level::Province
                || a.locality_code
                    .as_deref()
                    .is_some_and(|c| c == scope || parent.get(c).copied() == Some(scope))
        })
        .collect()
}

/// The words of the report's sections, the table and the lists.
pub fn parts(s: &Summary, data: &YearData, config: &Config, lang: Lang) -> Parts {
    let title = match lang {
        Lang::Vi => format!(
            "KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM {} — {}",
            s.year, s.locality.name,
        ),
        Lang::En => format!(
            "The “all people protect national security” movement in {} — {}",
            s.year, s.locality.name,
        ),
    };

    let table = (!s.children.is_empty()).then(|| {
        let head: Vec<String> = std::iter::once(match lang {
            Lang::Vi => "Đơn vị".to_string(),
            Lang::En => "Unit".to_string(),
        })
        .chain(
            Category::ALL
                .iter()
                .map(|c| category_words(config, c.code(), s.without_districts, lang)),
        )
        .chain(std::iter::once(match lang {
            Lang::Vi => "Tỷ lệ KDC".to_string(),
            Lang::En => "Res. share".to_string(),
        }))
        .collect();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for c in s.children.iter().chain(std::iter::once(s)) {
            let mut row = vec![c.locality.name.clone()];
            for cat in Category::ALL {
                let f = c.categories.get(cat.code());
                row.push(
                    f.map(|f| {
                        let mark = if f.met == Some(false) { " ✗" } else { "" };
                        format!("{}{mark}", format_ratio(f.recognized, f.total, lang))
                    })
                    .unwrap_or_default(),
                );
            }
            let share = c
                .categories
                .get(Category::ResidentialAreas.code())
                .and_then(|f| f.share)
                .map(|v| format_share(v, lang))
                .unwrap_or_else(|| "–".into());
            row.push(share);
            rows.push(row);
        }
        UnitTable {
            heading: match lang {
                Lang::Vi => "Kết quả theo đơn vị",
                Lang::En => "By unit",
            }
            .to_string(),
            head,
            rows,
        }
    });

    let awards = Section {
        heading: match lang {
            Lang::Vi => "Khen thưởng theo hình thức và cấp khen",
            Lang::En => "Awards by form and issuer",
        }
        .to_string(),
        items: awards_by_form(s, data, config, lang),
        note: None,
    };

    let missed = missed_targets(s, config, lang);
    let any_target = std::iter::once(s)
        .chain(&s.children)
        .any(|x| x.categories.0.iter().any(|(_, f)| f.target.is_some()));
    let targets_note = if !any_target {
        Some(match lang {
            Lang::Vi => format!("Năm {} chưa đặt chỉ tiêu nào.", s.year),
            Lang::En => format!("No target is set for {}.", s.year),
        })
    } else if missed.is_empty() {
        Some(
            match lang {
                Lang::Vi => "Không có — mọi chỉ tiêu của năm đều đạt.",
                Lang::En => "None — every target of the year is met.",
            }
            .to_string(),
        )
    } else {
        None
    };
    let targets = Section {
        heading: match lang {
            Lang::Vi => "Chỉ tiêu chưa đạt",
            Lang::En => "Targets missed",
        }
        .to_string(),
        items: if targets_note.is_some() {
            Vec::new()
        } else {
            missed
        },
        note: targets_note,
    };

    let index = Index::new(data, config);
    let scope = data.localities.iter().find(|l| l.code == s.locality.code);
    let names: HashMap<&str, &str> = data
        .localities
        .iter()
        .map(|l| (l.code.as_str(), l.name.as_str()))
        .collect();
    let mut limitation_items = Vec::new();
    for m in &data.limitations {
        if scope.is_some_and(|sc| index.within(&m.locality_code, sc)) {
            let status = match (m.status, lang) {
                (crate::domain::LimitationStatus::Open, Lang::Vi) => "chưa khắc phục",
                (crate::domain::LimitationStatus::InProgress, Lang::Vi) => "đang khắc phục",
                (crate::domain::LimitationStatus::Resolved, Lang::Vi) => "đã khắc phục",
                (crate::domain::LimitationStatus::Open, Lang::En) => "open",
                (crate::domain::LimitationStatus::InProgress, Lang::En) => "in progress",
                (crate::domain::LimitationStatus::Resolved, Lang::En) => "resolved",
            };
            let who = names.get(m.locality_code.as_str()).copied().unwrap_or("");
            let mut item = format!("{} ({who}; {status})", m.text);
            if !m.remedy.is_empty() {
                let label = match lang {
                    Lang::Vi => "Biện pháp",
                    Lang::En => "Remedy",
                };
                item.push_str(&format!(" — {label}: {}", m.remedy));
            }
            limitation_items.push(item);
        }
    }
    let limitations = Section {
        heading: match lang {
            Lang::Vi => "Hạn chế",
            Lang::En => "Limitations",
        }
        .to_string(),
        note: limitation_items.is_empty().then(|| {
            match lang {
                Lang::Vi => "Không ghi nhận hạn chế nào.",
                Lang::En => "No limitation recorded.",
            }
            .to_string()
        }),
        items: limitation_items,
    };

    Parts {
        title,
        incomplete: incomplete(s, lang),
        headline: headline(s, config, lang),
        table,
        awards,
        targets,
        limitations,
    }
}

/// The text or markdown report: title, the conference sentence, the per-child table, the awards by
/// form, the targets missed, and the limitations.
pub fn render(s: &Summary, data: &YearData, config: &Config, lang: Lang, style: Style) -> String {
    let p = parts(s, data, config, lang);
    let mut out = String::new();
    let title = format!("{}{}", p.title, p.incomplete);
    let heading = |out: &mut String, text: &str| match style {
        Style::Markdown => out.push_str(&format!("\n## {text}\n\n")),
        Style::Text => out.push_str(&format!("\n{text}\n{}\n", "-".repeat(text.chars().count()))),
    };
    match style {
        Style::Markdown => out.push_str(&format!("# {title}\n\n")),
        Style::Text => out.push_str(&format!("{title}\n\n")),
    }
    out.push_str(&p.headline);
    out.push('\n');

    if let Some(UnitTable {
        heading: table_heading,
        head,
        rows,
    }) = &p.table
    {
        heading(&mut out, table_heading);
        match style {
            Style::Markdown => {
                out.push_str(&format!("| {} |\n", head.join(" | ")));
                out.push_str(&format!(
                    "|{}\n",
                    head.iter()
                        .enumerate()
                        .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                        .collect::<String>()
                ));
                for (i, r) in rows.iter().enumerate() {
                    let cells: Vec<String> = if i + 1 == rows.len() {
                        r.iter().map(|c| format!("**{c}**")).collect()
                    } else {
                        r.clone()
                    };
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
            }
            Style::Text => {
                let widths: Vec<usize> = (0..head.len())
                    .map(|i| {
                        std::iter::once(&head[i])
                            .chain(rows.iter().map(|r| &r[i]))
                            .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let line = |cells: &[String]| -> String {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| pad(c, widths[i], i > 0))
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                out.push_str(&line(head));
                out.push('\n');
                let total_width: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
                for (i, r) in rows.iter().enumerate() {
                    if i + 1 == rows.len() {
                        out.push_str(&"-".repeat(total_width));
                        out.push('\n');
                    }
                    out.push_str(&line(r));
                    out.push('\n');
                }
            }
        }
    }

    for section in [&p.awards, &p.targets, &p.limitations] {
        // A year without awards leaves their section out; the others always say something.
        if section.items.is_empty() && section.note.is_none() {
            continue;
        }
        heading(&mut out, &section.heading);
        for item in &section.items {
            out.push_str(&format!("- {item}\n"));
        }
        if let Some(note) = &section.note {
            out.push_str(note);
            out.push('\n');
        }
    }
    out
}
