//! Report year 2025 of the new Tỉnh Quảng Trị: its 78 commune-level units directly under the province
//! (no district level), judged by TT 124/2021 (a recognised commune has ≥ 70% of all the units it
//! manages recognised and at least one model). A unit on former Quảng Bình territory starts from the sum
//! of its predecessors' 2020 figures; a unit on former Quảng Trị territory, whose predecessors the demo
//! does not hold, draws its own. Figures, awards and limitations are made up (see docs/demo.md).

use super::figures::{code_num, fit_sum, CommuneYear, OwnYear, YearFigures};
use super::names;
use super::rng::Rng;
use super::REFORM_YEAR;
use crate::domain::{
    Award, AwardForm, Category, Level, Limitation, LimitationStatus, Locality, RecipientKind,
    Target,
};
use chrono::NaiveDate;

/// Commune-level units recognised: 60 of 78 (76.9%), short of the year's 80% target on purpose, so
/// the demo shows a missed target next to met ones.
const RECOGNISED: usize = 60;
/// The province's residential-area share aimed at (its target is 85%).
const RA_SHARE: f64 = 0.88;
/// The province's own agencies and schools (total, recognised). TT 124 counts educational
/// institutions without primary schools and kindergartens, so the schools are the province's
/// high schools and colleges.
const OWN_AGENCIES: (u32, u32) = (104, 99);
const OWN_SCHOOLS: (u32, u32) = (61, 58);
/// People of 2025 come after those of 2016–2020 in the made-up list, so nobody is two people.
const FIRST_PERSON: usize = 2000;

fn required(share: f64, total: u32) -> u32 {
    Target::required(share, u64::from(total)) as u32
}

/// The year's own target of a commune, if it has one.
fn own_target(targets: &[Target], code: &str) -> Option<f64> {
    targets
        .iter()
        .find(|t| {
            t.year == REFORM_YEAR
                && t.category == Category::ResidentialAreas
                && t.locality.as_deref() == Some(code)
        })
        .map(|t| t.min_share)
}

pub(crate) fn figures(
    localities: &[Locality],
    before: &YearFigures,
    targets: &[Target],
) -> YearFigures {
    let year = REFORM_YEAR;
    let mut communes: Vec<CommuneYear> = Vec::new();
    for l in localities
        .iter()
        .filter(|l| l.level == Level::Commune && l.valid_in_year(year))
    {
        let mut r = Rng::keyed("quang-tri-2025", code_num(&l.code));
        let mut c = CommuneYear::blank(l, r.unit() * 2.0 - 1.0);
        // Every predecessor is a unit of 2020, whose codes are unique within the year.
        let preds: Vec<&CommuneYear> = l
            .predecessors
            .iter()
            .filter_map(|p| before.communes.iter().find(|b| b.code == p.code))
            .collect();
        if !preds.is_empty() {
            c.quality = preds.iter().map(|p| p.quality).sum::<f64>() / preds.len() as f64;
            c.ra_total = preds.iter().map(|p| p.ra_total).sum();
            c.agencies.0 = preds.iter().map(|p| p.agencies.0).sum();
            // About two in five of the schools counted before are TT 124 "educational institutions".
            c.schools.0 = (preds.iter().map(|p| p.schools.0).sum::<u32>() * 2 / 5).max(1);
            c.models = preds.iter().map(|p| p.models).sum();
        } else if names::split_kind(&l.name).0 == "đặc khu" {
            // An island of a few hundred people.
            (c.ra_total, c.agencies.0, c.schools.0, c.models) = (3, 2, 1, 1);
        } else if names::split_kind(&l.name).0 == "phường" {
            c.ra_total = r.between(30, 60);
            c.agencies.0 = r.between(4, 10);
            c.schools.0 = r.between(2, 5);
            c.models = r.between(4, 10);
        } else {
            c.ra_total = r.between(18, 48);
            c.agencies.0 = r.between(1, 7);
            c.schools.0 = r.between(1, 4);
            c.models = r.between(3, 9);
        }
        communes.push(c);
    }
    recognise(&mut communes, targets);
    allocate(&mut communes, targets);
    let own = localities
        .iter()
        .filter(|l| l.level == Level::Province && l.valid_in_year(year))
        .map(|p| OwnYear {
            code: p.code.clone(),
            agencies: OWN_AGENCIES,
            schools: OWN_SCHOOLS,
        })
        .collect();
    YearFigures {
        year,
        communes,
        own,
    }
}

/// The best by quality with some noise; a commune with its own target is among them (the demo's
/// example of a commune target is met). A recognised commune's police were rated advanced; of the
/// others about half.
fn recognise(communes: &mut [CommuneYear], targets: &[Target]) {
    let mut scored: Vec<(f64, usize)> = communes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut r = Rng::keyed("recognise-2025", code_num(&c.code));
            let favoured = if own_target(targets, &c.code).is_some() {
                10.0
            } else {
                0.0
            };
            (c.quality + 0.5 * (r.unit() - 0.5) + favoured, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (rank, (_, i)) in scored.iter().enumerate() {
        let c = &mut communes[*i];
        c.recognized = rank < RECOGNISED;
        c.police_advanced =
            c.recognized || Rng::keyed("police-2025", code_num(&c.code)).chance(0.5);
    }
}

/// Units recognised per commune under TT 124: a recognised commune has at least 70% of each kind of
/// unit (so of all of them together); one not recognised has less than 70% of its residential areas
/// and at most 70% of its agencies and schools, so its shortfall is visible. The province's residential
/// areas reach [`RA_SHARE`], a commune with its own target meets it.
fn allocate(communes: &mut [CommuneYear], targets: &[Target]) {
    let mut rng = Rng::keyed("ra-recognized", REFORM_YEAR as u64);
    let n = communes.len();
    let (mut lo, mut hi, mut ra) = (vec![0u32; n], vec![0u32; n], vec![0u32; n]);
    for (i, c) in communes.iter_mut().enumerate() {
        let t = c.ra_total;
        (lo[i], hi[i]) = if c.recognized {
            let own = own_target(targets, &c.code).map_or(0, |s| required(s, t));
            (required(0.7, t).max(own), t)
        } else {
            ((t * 2) / 5, required(0.7, t).saturating_sub(1))
        };
        let adj = if c.recognized { 0.05 } else { -0.15 };
        let s = (RA_SHARE + 0.06 * c.quality + adj + 0.06 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
        ra[i] = ((s * f64::from(t)).round() as u32).clamp(lo[i], hi[i]);
        let recognized = c.recognized;
        let share = |rng: &mut Rng| {
            if recognized {
                0.9 + 0.1 * rng.unit()
            } else {
                0.45 + 0.25 * rng.unit()
            }
        };
        for (total, recognised) in [&mut c.agencies, &mut c.schools] {
            let (lo, hi) = if recognized {
                (required(0.7, *total), *total)
            } else {
                (0, *total * 7 / 10)
            };
            *recognised = ((share(&mut rng) * f64::from(*total)).round() as u32).clamp(lo, hi);
        }
    }
    let total: u32 = communes.iter().map(|c| c.ra_total).sum();
    let goal = (RA_SHARE * f64::from(total)).round() as u64;
    let weights: Vec<u64> = communes.iter().map(|c| u64::from(c.ra_total)).collect();
    fit_sum(&mut ra, &lo, &hi, &weights, goal, &mut rng);
    for (c, v) in communes.iter_mut().zip(ra) {
        c.ra_recognized = v;
    }
}

/// One decision of 2025: form, issuer, number, date and the note collectives get.
struct Decision {
    form: AwardForm,
    issuer: &'static str,
    no: &'static str,
    date: Option<NaiveDate>,
    note: &'static str,
}

const LEADING: &str =
    "Đơn vị dẫn đầu phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2025";
const ACHIEVED: &str =
    "Có thành tích xuất sắc trong phong trào “Toàn dân bảo vệ an ninh Tổ quốc” năm 2025";

/// A few awards of the first review after the reform: the forms and issuers of the other years
/// without the district chairmen (there are no districts), to collectives of recognised communes, the
/// province's police departments and made-up people.
pub(crate) fn awards(localities: &[Locality], fig: &YearFigures) -> Vec<Award> {
    let year = fig.year;
    let d = |y: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day);
    let decisions = [
        Decision {
            form: AwardForm::EmulationFlag,
            issuer: "ministry",
            no: "6112/QĐ-BCA",
            date: d(year, 12, 22),
            note: LEADING,
        },
        Decision {
            form: AwardForm::EmulationFlag,
            issuer: "province_committee",
            no: "3187/QĐ-UBND",
            date: d(year, 12, 26),
            note: LEADING,
        },
        Decision {
            form: AwardForm::CertificateOfMerit,
            issuer: "province_committee",
            no: "3188/QĐ-UBND",
            date: d(year, 12, 26),
            note: ACHIEVED,
        },
        Decision {
            form: AwardForm::CertificateOfCommendation,
            issuer: "province_police_director",
            no: "41/QĐ-CAT",
            date: d(year + 1, 1, 9),
            note: ACHIEVED,
        },
        Decision {
            form: AwardForm::CommemorativeMedal,
            issuer: "ministry",
            no: "6120/QĐ-BCA",
            date: d(year, 12, 22),
            note: "",
        },
    ];
    let [flag_ministry, flag_province, merit, director, medal] = &decisions;
    let Some(province) = localities
        .iter()
        .find(|l| l.level == Level::Province && l.valid_in_year(year))
    else {
        return Vec::new();
    };
    let mut best: Vec<&CommuneYear> = fig.communes.iter().filter(|c| c.recognized).collect();
    best.sort_by(|a, b| b.quality.total_cmp(&a.quality).then(a.code.cmp(&b.code)));

    let mut out = Vec::new();
    let mut push = |dec: &Decision, kind: RecipientKind, recipient: String, code: &str, role| {
        let Some(decision_date) = dec.date else {
            return;
        };
        out.push(Award {
            id: 0,
            year,
            form: dec.form,
            issuer: dec.issuer.to_string(),
            recipient_kind: kind,
            recipient: crate::text::normalize(&recipient),
            locality_code: Some(code.to_string()),
            birth_year: None,
            decision_no: dec.no.to_string(),
            decision_date,
            note: match kind {
                RecipientKind::Individual => role,
                RecipientKind::Collective => dec.note.to_string(),
            },
        });
    };
    let collective = RecipientKind::Collective;
    let mut ranked = best.iter();
    for c in ranked.by_ref().take(1) {
        push(
            flag_ministry,
            collective,
            names::police_of(&c.name),
            &c.code,
            String::new(),
        );
    }
    for c in ranked.by_ref().take(2) {
        push(
            flag_province,
            collective,
            c.name.clone(),
            &c.code,
            String::new(),
        );
    }
    for c in ranked.by_ref().take(6) {
        push(
            merit,
            collective,
            names::police_of(&c.name),
            &c.code,
            String::new(),
        );
    }
    for unit in names::PROVINCE_UNITS_2025 {
        push(
            merit,
            collective,
            unit.to_string(),
            &province.code,
            String::new(),
        );
    }
    let mut rng = Rng::keyed("awards", year as u64);
    for c in ranked.by_ref().take(12) {
        let k = rng.between(1, c.ra_total.max(1));
        push(
            director,
            collective,
            names::residential_area(&c.name, k),
            &c.code,
            String::new(),
        );
    }

    let people = names::people(FIRST_PERSON + 24);
    let mut next = people.iter().skip(FIRST_PERSON);
    for (dec, count) in [(medal, 4), (merit, 6), (director, 10)] {
        for i in 0..count {
            let Some(name) = next.next() else {
                break;
            };
            // One in five works for the province, the others in a recognised commune.
            let commune = if i % 5 == 4 { None } else { rng.pick(&best) };
            let (code, role) = match commune {
                Some(c) => (
                    c.code.as_str(),
                    names::role(&mut rng, &c.name, Level::Commune, c.ra_total),
                ),
                None => (
                    province.code.as_str(),
                    names::role(&mut rng, &province.name, Level::Province, 0),
                ),
            };
            push(dec, RecipientKind::Individual, name.clone(), code, role);
        }
    }
    out
}

/// The new province's three shortcomings of 2025, and one in each of three communes.
pub(crate) fn limitations(localities: &[Locality]) -> Vec<Limitation> {
    use LimitationStatus::{InProgress, Open};
    let year = REFORM_YEAR;
    let make = |code: &str, category: &str, text: &str, remedy: &str, status| {
        super::limitation(year, code, category, text, remedy, status)
    };
    let mut out = Vec::new();
    let units: Vec<&Locality> = localities
        .iter()
        .filter(|l| l.valid_in_year(year))
        .collect();
    if let Some(p) = units.iter().find(|l| l.level == Level::Province) {
        for ((category, text, remedy), status) in names::PROVINCE_LIMITATIONS_2025
            .iter()
            .zip([Open, InProgress, InProgress])
        {
            out.push(make(&p.code, category, text, remedy, status));
        }
    }
    let mut communes: Vec<(f64, &Locality)> = units
        .iter()
        .filter(|l| l.level == Level::Commune)
        .map(|l| (Rng::keyed("quang-tri-2025", code_num(&l.code)).unit(), *l))
        .collect();
    communes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
    for (_, l) in communes.iter().take(3) {
        let (category, text, remedy) = names::commune_limitation_2025(&l.name);
        out.push(make(&l.code, category, &text, &remedy, Open));
    }
    out
}
