//! The demo province: Quảng Bình with its real localities (GSO codes, the 2020-02-01 merger) and made-up
//! figures for report years 2016–2020, of which only the 2018 province totals are real (they reproduce
//! the published article); then, after the two-level reform of 2025-07-01, the new Tỉnh Quảng Trị (the
//! same code 44) with its 78 real commune-level units and made-up figures for report year 2025. Pure and
//! deterministic: the same [`Dataset`] on every call, no clock, no files (the locality lists and the
//! targets are compiled in).
//!
//! What is real and what is invented is written down in `docs/demo.md`.

mod awards;
mod figures;
mod names;
mod quang_tri;
mod rng;

use crate::domain::{
    Assessment, Dataset, Level, Limitation, LimitationStatus, Locality, Predecessor, Target,
};
use chrono::NaiveDate;
use serde::Deserialize;

/// Shown wherever the demo data are on screen or in a report.
pub const DEMO_NOTICE_VI: &str = "Dữ liệu minh họa: số liệu tự đặt trên tên địa phương thật; chỉ tổng số toàn tỉnh năm 2018 khớp với bài báo đã công bố.";
pub const DEMO_NOTICE_EN: &str = "Illustrative data: made-up figures on real locality names; only the 2018 province totals reproduce the published article.";

/// The report years the demo covers: Quảng Bình's 2016–2020, and the new Quảng Trị's 2025.
pub const YEARS: [i32; 6] = [2016, 2017, 2018, 2019, 2020, REFORM_YEAR];

/// The demo's report year after the reform (its units are those valid on 30 November: communes directly
/// under the new province).
pub const REFORM_YEAR: i32 = 2025;

/// The code of the demo province: Quảng Bình up to 2025-06-30, the new Quảng Trị from 2025-07-01.
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
/// The new Tỉnh Quảng Trị of 2025-07-01 and its commune-level units, with their predecessors in the
/// resolved form (`CODE@VALID_FROM` for a version that began within the records).
const LOCALITIES_2025_CSV: &str = include_str!("quang-tri-2025-localities.csv");
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
    /// Optional, as in the contract's `localities.csv`.
    #[serde(default)]
    predecessors: String,
}

/// Parses a `localities.csv` text (the contract's columns, `predecessors` optional). An error names the
/// line.
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
            predecessors: Predecessor::parse_list(&row.predecessors)
                .map_err(|(_, en)| format!("line {line}: {en}"))?,
        });
    }
    Ok(out)
}

/// Every locality of the demo province with its validity: Quảng Bình (the compiled-in copy of the GSO
/// list, closed on 2025-06-30) with the lineage of its 2020 successors ([`SUCCESSORS`]), then the new
/// Quảng Trị of 2025-07-01.
pub fn demo_localities() -> Vec<Locality> {
    let mut out =
        parse_localities(LOCALITIES_CSV).expect("the embedded quang-binh-localities.csv parses");
    let before: Vec<Locality> = out.clone();
    for l in &mut out {
        let (Some(opens), Some((_, preds))) = (
            l.valid_from,
            SUCCESSORS.iter().find(|(succ, _)| *succ == l.code),
        ) else {
            continue;
        };
        // Resolved form: the version of each code valid the day before the successor opens.
        let eve = opens.pred_opt().unwrap_or(opens);
        l.predecessors = preds
            .iter()
            .filter_map(|code| before.iter().find(|b| b.code == *code && b.valid_on(eve)))
            .map(|b| Predecessor {
                code: b.code.clone(),
                valid_from: b.valid_from,
            })
            .collect();
    }
    out.extend(
        parse_localities(LOCALITIES_2025_CSV)
            .expect("the embedded quang-tri-2025-localities.csv parses"),
    );
    out
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

/// The whole demo province: localities, and for every year of [`YEARS`] the assessments of every unit,
/// the awards and the limitations.
pub fn demo_dataset() -> Dataset {
    let localities = demo_localities();
    let targets = demo_targets();
    let mut figures = figures::figures(&localities, &targets);
    let after = figures
        .iter()
        .find(|f| f.year == 2020)
        .map(|before| quang_tri::figures(&localities, before, &targets));
    figures.extend(after);
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
    let mut awards = awards::awards(&localities, &figures);
    if let Some(fig) = figures.iter().find(|f| f.year == REFORM_YEAR) {
        awards.extend(quang_tri::awards(&localities, fig));
    }
    let mut limitations = limitations(&localities);
    limitations.extend(quang_tri::limitations(&localities));
    Dataset {
        localities,
        assessments,
        awards,
        limitations,
    }
}

/// One limitation as the demo writes it (text and remedy normalised like typed text).
pub(crate) fn limitation(
    year: i32,
    code: &str,
    category: &str,
    text: &str,
    remedy: &str,
    status: LimitationStatus,
) -> Limitation {
    Limitation {
        id: 0,
        year,
        locality_code: code.to_string(),
        category: category.to_string(),
        text: crate::text::normalize(text),
        remedy: crate::text::normalize(remedy),
        status,
    }
}

/// The province's shortcomings (2018: the article's four, followed up in 2019 and 2020) and a few per
/// district in the other years, whose status moves open → in progress → resolved from one review to the
/// next.
fn limitations(localities: &[Locality]) -> Vec<Limitation> {
    use LimitationStatus::{InProgress, Open, Resolved};
    let mut out = Vec::new();
    let make = limitation;
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
        assert_eq!(l.len(), 173 + 79);
        assert!(!demo_targets().is_empty());
    }

    #[test]
    fn parse_errors_name_the_line() {
        let bad = "code,name,level,parent_code,valid_from,valid_to\n44,Tỉnh X,region,,,\n";
        assert!(parse_localities(bad).is_err_and(|e| e.contains("line 2")));
        let bad =
            "code,name,level,parent_code,valid_from,valid_to\n44,Tỉnh X,province,,2020-02-30,\n";
        assert!(parse_localities(bad).is_err_and(|e| e.contains("line 2: bad date")));
        let bad = "code,name,level,parent_code,valid_from,valid_to,predecessors\n44,Tỉnh X,province,,,,@2020-01-01\n";
        assert!(parse_localities(bad).is_err_and(|e| e.contains("line 2") && e.contains("no code")));
    }

    #[test]
    fn successors_of_2020_name_their_predecessors() {
        let l = demo_localities();
        let dong_hai = l
            .iter()
            .find(|l| l.code == "18868" && l.valid_from.is_some())
            .expect("Phường Đồng Hải");
        assert_eq!(
            Predecessor::format_list(&dong_hai.predecessors),
            "18868;18862"
        );
        let with_lineage = l
            .iter()
            .filter(|l| l.valid_from.is_some_and(|d| d.to_string() == "2020-02-01"))
            .filter(|l| !l.predecessors.is_empty())
            .count();
        assert_eq!(with_lineage, SUCCESSORS.len());
    }
}
