//! The demo province: Quảng Bình with its real localities (GSO codes, the 2020-02-01 merger) and made-up
//! figures for report years 2016–2020, of which only the 2018 province totals are real (they reproduce
//! the published article). Pure and deterministic: the same [`Dataset`] on every call, no clock, no
//! files (the locality list and the targets are compiled in).
//!
//! What is real and what is invented is written down in `docs/demo.md`.

mod awards;
mod figures;
mod names;
mod rng;

use crate::domain::{Assessment, Dataset, Level, Limitation, LimitationStatus, Locality, Target};
use chrono::NaiveDate;
use serde::Deserialize;

/// Shown wherever the demo data are on screen or in a report.
pub const DEMO_NOTICE_VI: &str = "Dữ liệu minh họa: số liệu tự đặt trên tên địa phương thật; chỉ tổng số toàn tỉnh năm 2018 khớp với bài báo đã công bố.";
pub const DEMO_NOTICE_EN: &str = "Illustrative data: made-up figures on real locality names; only the 2018 province totals reproduce the published article.";

/// The report years the demo covers.
pub const YEARS: std::ops::RangeInclusive<i32> = 2016..=2020;

/// The code of the demo province.
pub const PROVINCE_CODE: &str = "44";

/// The merger of 2020-02-01 (Resolution 862/NQ-UBTVQH14): a successor's code (valid from 2020-02-01)
/// and the codes of the units it was formed from (valid until 2020-01-31). The successor reuses the
/// first predecessor's code.
pub const SUCCESSORS: [(&str, &[&str]); 5] = [
    ("18868", &["18868", "18862"]), // Phường Đồng Hải ← Hải Đình, Đồng Mỹ
    ("19051", &["19051", "19054"]), // Xã Liên Trường ← Quảng Liên, Quảng Trường
    ("19144", &["19144", "19153"]), // Xã Hải Phú ← Hải Trạch, Phú Trạch
    ("19165", &["19165"]),          // Thị trấn Phong Nha ← Sơn Trạch
    ("19306", &["19306", "19282"]), // Xã Ngư Thủy ← Ngư Thủy Nam, Ngư Thủy Trung
];

/// Units closed on 2020-01-31 that were merged into a commune that continues under its own code:
/// (closed unit, continuing unit). The demo adds the closed unit's figures to the continuing one.
pub const ABSORBED: [(&str, &str); 4] = [
    ("18940", "18901"), // Xã Quy Hóa → Thị trấn Quy Đạt
    ("18982", "18976"), // Xã Nam Hóa → Xã Đồng Hóa
    ("19171", "19186"), // Xã Hoàn Trạch → Xã Đại Trạch
    ("19324", "19249"), // Xã Văn Thủy → Thị trấn Kiến Giang
];

const LOCALITIES_CSV: &str = include_str!("quang-binh-localities.csv");
const TARGETS_TOML: &str = include_str!("../../config/targets.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalityRow {
    code: String,
    name: String,
    level: String,
    parent_code: String,
    valid_from: String,
    valid_to: String,
}

/// Parses a `localities.csv` text (the contract's columns). An error names the line.
pub fn parse_localities(text: &str) -> Result<Vec<Locality>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<LocalityRow>().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("line {line}: {e}"))?;
        let level = Level::parse(&row.level)
            .ok_or_else(|| format!("line {line}: unknown level {:?}", row.level))?;
        let date = |s: &str| -> Result<Option<NaiveDate>, String> {
            if s.is_empty() {
                Ok(None)
            } else {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| format!("line {line}: bad date {s:?}"))
            }
        };
        out.push(Locality {
            id: 0,
            code: crate::text::normalize(&row.code),
            name: crate::text::normalize(&row.name),
            level,
            parent_code: (!row.parent_code.is_empty()).then(|| row.parent_code.clone()),
            valid_from: date(&row.valid_from)?,
            valid_to: date(&row.valid_to)?,
            predecessors: Vec::new(),
        });
    }
    Ok(out)
}

/// Every locality of the demo province with its validity (the compiled-in copy of the GSO list).
pub fn demo_localities() -> Vec<Locality> {
    parse_localities(LOCALITIES_CSV).expect("the embedded quang-binh-localities.csv parses")
}

/// The targets the demo is built to meet (the compiled-in `config/targets.toml`).
pub fn demo_targets() -> Vec<Target> {
    #[derive(Deserialize)]
    struct Targets {
        #[serde(default)]
        target: Vec<Target>,
    }
    toml::from_str::<Targets>(TARGETS_TOML)
        .expect("the embedded config/targets.toml parses")
        .target
}

/// The whole demo province: localities, and for 2016–2020 the assessments of every unit, the awards
/// and the limitations.
pub fn demo_dataset() -> Dataset {
    let localities = demo_localities();
    let targets = demo_targets();
    let figures = figures::figures(&localities, &targets);
    let mut assessments = Vec::new();
    for fig in &figures {
        let year = fig.year;
        for l in localities.iter().filter(|l| l.valid_in_year(year)) {
            let mut a = Assessment::empty(year, &l.code);
            if l.level == Level::Commune {
                let Some(c) = fig.communes.iter().find(|c| c.code == l.code) else {
                    continue;
                };
                a.residential_areas_total = Some(c.ra_total);
                a.residential_areas_recognized = Some(c.ra_recognized);
                a.commune_recognized = Some(c.recognized);
                a.police_advanced = Some(c.police_advanced);
                a.agencies_total = Some(c.agencies.0);
                a.agencies_recognized = Some(c.agencies.1);
                a.schools_total = Some(c.schools.0);
                a.schools_recognized = Some(c.schools.1);
                a.models = Some(c.models);
            } else {
                let Some(o) = fig.own.iter().find(|o| o.code == l.code) else {
                    continue;
                };
                a.agencies_total = Some(o.agencies.0);
                a.agencies_recognized = Some(o.agencies.1);
                a.schools_total = Some(o.schools.0);
                a.schools_recognized = Some(o.schools.1);
            }
            assessments.push(a);
        }
    }
    let awards = awards::awards(&localities, &figures);
    let limitations = limitations(&localities);
    Dataset {
        localities,
        assessments,
        awards,
        limitations,
    }
}

/// The province's shortcomings (2018: the article's four, followed up in 2019 and 2020) and a few per
/// district in the other years, whose status moves open → in progress → resolved from one review to the
/// next.
fn limitations(localities: &[Locality]) -> Vec<Limitation> {
    use LimitationStatus::{InProgress, Open, Resolved};
    let mut out = Vec::new();
    let make =
        |year: i32, code: &str, category: &str, text: &str, remedy: &str, status| Limitation {
            id: 0,
            year,
            locality_code: code.to_string(),
            category: category.to_string(),
            text: crate::text::normalize(text),
            remedy: crate::text::normalize(remedy),
            status,
        };
    // The province, from the article (2018) and its follow-up.
    let province_status: [(i32, [Option<LimitationStatus>; 4]); 3] = [
        (
            2018,
            [Some(InProgress), Some(Open), Some(InProgress), Some(Open)],
        ),
        (
            2019,
            [
                Some(Resolved),
                Some(InProgress),
                Some(Resolved),
                Some(InProgress),
            ],
        ),
        (2020, [None, Some(Resolved), None, Some(InProgress)]),
    ];
    for (year, statuses) in province_status {
        for ((category, text, remedy), status) in names::ARTICLE_LIMITATIONS.iter().zip(statuses) {
            if let Some(status) = status {
                out.push(make(year, PROVINCE_CODE, category, text, remedy, status));
            }
        }
    }
    // Districts: two headings each. The first is noted in 2016 and followed up in 2017 and 2019, the
    // second noted in 2017 and followed up in 2019 and 2020; half the districts get a third in 2020.
    const HEADINGS: [&str; 5] = [
        "slow_advising",
        "simple_forms",
        "models_neglected",
        "inadequate_policy",
        "other",
    ];
    let districts = localities
        .iter()
        .filter(|l| l.level == Level::District && l.valid_in_year(2016));
    for (i, d) in districts.enumerate() {
        let mut r = rng::Rng::keyed("limitations", i as u64);
        let mut h = HEADINGS.to_vec();
        r.shuffle(&mut h);
        let timeline: [(&str, &[(i32, LimitationStatus)]); 2] = [
            (h[0], &[(2016, Open), (2017, InProgress), (2019, Resolved)]),
            (h[1], &[(2017, Open), (2019, InProgress), (2020, Resolved)]),
        ];
        for (category, steps) in timeline {
            let (text, remedy) = names::district_limitation(category, &d.name);
            for (year, status) in steps {
                out.push(make(*year, &d.code, category, &text, &remedy, *status));
            }
        }
        if i % 2 == 0 {
            let (text, remedy) = names::district_limitation(h[2], &d.name);
            out.push(make(2020, &d.code, h[2], &text, &remedy, Open));
        }
    }
    out.sort_by(|a, b| {
        a.year
            .cmp(&b.year)
            .then(a.locality_code.cmp(&b.locality_code))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let l = demo_localities();
        assert_eq!(l.len(), 173);
        assert!(!demo_targets().is_empty());
    }

    #[test]
    fn parse_errors_name_the_line() {
        let bad = "code,name,level,parent_code,valid_from,valid_to\n44,Tỉnh X,region,,,\n";
        assert!(parse_localities(bad).is_err_and(|e| e.contains("line 2")));
        let bad =
            "code,name,level,parent_code,valid_from,valid_to\n44,Tỉnh X,province,,2020-02-30,\n";
        assert!(parse_localities(bad).is_err_and(|e| e.contains("line 2: bad date")));
    }
}
