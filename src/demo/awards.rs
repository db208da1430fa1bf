//! The made-up awards: per year the forms and issuers of the article, to distinct collectives (units of
//! recognised communes, districts, the province's police departments) and distinct made-up people.

use super::figures::YearFigures;
use super::names;
use super::rng::Rng;
use crate::domain::{Award, AwardForm, Level, Locality, RecipientKind};
use chrono::NaiveDate;
use std::collections::HashSet;

/// How many distinct recipients a year has, and how they are spread over the decisions.
struct AwardPlan {
    year: i32,
    /// Distinct collectives in the year.
    collectives: usize,
    /// Collectives per decision: ministry flag, province flag, ministry merit, province merit,
    /// police director's commendation; the rest get their district chairman's commendation.
    collective_quota: [usize; 5],
    /// Individuals per decision: ministry medal, ministry merit, province merit, police director's
    /// commendation; then `per_district` from each district chairman.
    individual_quota: [usize; 4],
    per_district: usize,
}

const PLANS: [AwardPlan; 5] = [
    AwardPlan {
        year: 2016,
        collectives: 240,
        collective_quota: [2, 5, 11, 36, 63],
        individual_quota: [22, 13, 36, 45],
        per_district: 5,
    },
    AwardPlan {
        year: 2017,
        collectives: 252,
        collective_quota: [2, 6, 11, 38, 66],
        individual_quota: [24, 14, 38, 48],
        per_district: 5,
    },
    // The article: 268 collectives and 178 individuals.
    AwardPlan {
        year: 2018,
        collectives: 268,
        collective_quota: [2, 6, 12, 40, 70],
        individual_quota: [25, 15, 40, 50],
        per_district: 6,
    },
    AwardPlan {
        year: 2019,
        collectives: 262,
        collective_quota: [2, 6, 12, 40, 68],
        individual_quota: [24, 15, 39, 49],
        per_district: 6,
    },
    AwardPlan {
        year: 2020,
        collectives: 250,
        collective_quota: [2, 6, 11, 37, 65],
        individual_quota: [22, 14, 38, 48],
        per_district: 5,
    },
];

/// Medal recipients who also receive the province's certificate of merit the same year.
const MEDAL_ALSO_MERIT: usize = 5;
/// Collectives of the ministry's certificate of merit that also get an extraordinary commendation.
const EXTRAORDINARY: usize = 3;
/// People commended the year before who are commended again.
const REPEATS: usize = 8;

#[derive(Debug, Clone)]
struct Recipient {
    name: String,
    locality: String,
    /// The district the recipient belongs to (None for the province's own units and people).
    district: Option<String>,
    /// For a person: what they do.
    role: String,
}

/// One decision: a form, an issuer, a number and a date.
struct Decision {
    form: AwardForm,
    issuer: &'static str,
    no: String,
    date: NaiveDate,
    note: String,
}

struct Numbers {
    used: HashSet<String>,
    rng: Rng,
}

impl Numbers {
    fn next(&mut self, lo: u32, hi: u32, suffix: &str) -> String {
        loop {
            let no = format!("{}/{suffix}", self.rng.between(lo, hi));
            if self.used.insert(no.clone()) {
                return no;
            }
        }
    }

    fn date(&mut self, year: i32, month: u32, lo: u32, hi: u32) -> NaiveDate {
        let day = self.rng.between(lo, hi);
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
    }
}

pub(crate) fn awards(localities: &[Locality], figures: &[YearFigures]) -> Vec<Award> {
    let people = names::people(2000);
    let mut next_person = 0usize;
    let mut previous: Vec<Recipient> = Vec::new();
    let mut out = Vec::new();
    for plan in &PLANS {
        let Some(fig) = figures.iter().find(|f| f.year == plan.year) else {
            continue;
        };
        let year = plan.year;
        let districts: Vec<&Locality> = localities
            .iter()
            .filter(|l| l.level == Level::District && l.valid_in_year(year))
            .collect();
        let province = localities
            .iter()
            .find(|l| l.level == Level::Province && l.valid_in_year(year));
        let province_code = province.map(|p| p.code.clone()).unwrap_or_default();
        let recognised: Vec<&super::figures::CommuneYear> =
            fig.communes.iter().filter(|c| c.recognized).collect();
        let mut rng = Rng::keyed("awards", year as u64);
        let mut numbers = Numbers {
            used: HashSet::new(),
            rng: Rng::keyed("decisions", year as u64),
        };

        // --- Collectives -------------------------------------------------------------------
        let commune_unit = |c: &super::figures::CommuneYear, name: String| Recipient {
            name,
            locality: c.code.clone(),
            district: Some(c.district.clone()),
            role: String::new(),
        };
        let mut by_quality = recognised.clone();
        by_quality.sort_by(|a, b| b.quality.total_cmp(&a.quality).then(a.code.cmp(&b.code)));
        let mut leaders: Vec<Recipient> = districts
            .iter()
            .map(|d| Recipient {
                name: names::police_of(&d.name),
                locality: d.code.clone(),
                district: Some(d.code.clone()),
                role: String::new(),
            })
            .collect();
        leaders.extend(names::PROVINCE_UNITS.iter().map(|n| Recipient {
            name: n.to_string(),
            locality: province_code.clone(),
            district: None,
            role: String::new(),
        }));
        leaders.extend(
            by_quality
                .iter()
                .take(4)
                .map(|c| commune_unit(c, c.name.clone())),
        );
        rng.shuffle(&mut leaders);

        let rest_n = plan.collectives.saturating_sub(leaders.len());
        let share = |k: usize| (rest_n * k + 127) / 254;
        let (n_communes, n_police, n_schools, n_agencies) =
            (share(36), share(60), share(46), share(42));
        let n_areas = rest_n.saturating_sub(n_communes + n_police + n_schools + n_agencies);

        let mut rest: Vec<(f64, Recipient)> = Vec::new();
        // Communes (after the four leaders), the better ones more likely.
        let mut communes: Vec<(f64, &super::figures::CommuneYear)> = by_quality
            .iter()
            .skip(4)
            .map(|c| (c.quality + rng.unit() * 1.5, *c))
            .collect();
        communes.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
        for (_, c) in communes.iter().take(n_communes) {
            rest.push((0.6 + rng.unit(), commune_unit(c, c.name.clone())));
        }
        let mut police: Vec<&super::figures::CommuneYear> = recognised.clone();
        rng.shuffle(&mut police);
        for c in police.iter().take(n_police) {
            rest.push((0.5 + rng.unit(), commune_unit(c, names::police_of(&c.name))));
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut areas = 0;
        let mut guard = 0;
        while areas < n_areas && guard < 100_000 && !recognised.is_empty() {
            guard += 1;
            let Some(c) = rng.pick(&recognised) else {
                break;
            };
            let k = rng.between(1, c.ra_recognized.max(1));
            let name = names::residential_area(&c.name, k);
            if seen.insert(name.clone()) {
                rest.push((rng.unit(), commune_unit(c, name)));
                areas += 1;
            }
        }
        let mut schools: Vec<Recipient> = recognised
            .iter()
            .flat_map(|c| {
                names::commune_schools(&c.name)
                    .into_iter()
                    .map(|n| commune_unit(c, n))
                    .collect::<Vec<_>>()
            })
            .collect();
        rng.shuffle(&mut schools);
        for s in schools.into_iter().take(n_schools) {
            rest.push((0.15 + rng.unit(), s));
        }
        let mut agencies: Vec<Recipient> = districts
            .iter()
            .flat_map(|d| {
                names::district_agencies(&d.name)
                    .into_iter()
                    .map(|n| Recipient {
                        name: n,
                        locality: d.code.clone(),
                        district: Some(d.code.clone()),
                        role: String::new(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        agencies.extend(recognised.iter().flat_map(|c| {
            names::commune_agencies(&c.name)
                .into_iter()
                .map(|n| commune_unit(c, n))
                .collect::<Vec<_>>()
        }));
        rng.shuffle(&mut agencies);
        for a in agencies.into_iter().take(n_agencies) {
            rest.push((0.2 + rng.unit(), a));
        }
        rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
        let mut order: Vec<Recipient> = leaders;
        order.extend(rest.into_iter().map(|(_, r)| r));
        // Distinct names (a residential area, school or agency name could in principle repeat).
        let mut names_seen: HashSet<String> = HashSet::new();
        order.retain(|r| names_seen.insert(crate::text::normalize(&r.name)));

        // --- Decisions ------------------------------------------------------------------------
        let y = year;
        let flag_ministry = Decision {
            form: AwardForm::EmulationFlag,
            issuer: "ministry",
            no: numbers.next(5000, 6500, "QĐ-BCA"),
            date: numbers.date(y, 12, 18, 26),
            note: format!(
                "Đơn vị dẫn đầu phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm {y}"
            ),
        };
        let flag_province = Decision {
            form: AwardForm::EmulationFlag,
            issuer: "province_committee",
            no: numbers.next(40, 160, "QĐ-UBND"),
            date: numbers.date(y + 1, 1, 7, 11),
            note: format!(
                "Đơn vị dẫn đầu phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm {y}"
            ),
        };
        let merit_ministry = Decision {
            form: AwardForm::CertificateOfMerit,
            issuer: "ministry",
            no: numbers.next(5000, 6500, "QĐ-BCA"),
            date: numbers.date(y, 12, 18, 26),
            note: format!("Có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm {y}"),
        };
        let merit_province = Decision {
            form: AwardForm::CertificateOfMerit,
            issuer: "province_committee",
            no: numbers.next(4300, 4800, "QĐ-UBND"),
            date: numbers.date(y, 12, 26, 31),
            note: format!("Có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm {y}"),
        };
        let director = Decision {
            form: AwardForm::CertificateOfCommendation,
            issuer: "province_police_director",
            no: numbers.next(20, 90, "QĐ-CAT"),
            date: numbers.date(y + 1, 1, 5, 10),
            note: format!("Có thành tích trong phong trào toàn dân bảo vệ ANTQ năm {y}"),
        };
        let extraordinary = Decision {
            form: AwardForm::CertificateOfCommendation,
            issuer: "province_police_director",
            no: numbers.next(1800, 2400, "QĐ-CAT"),
            date: numbers.date(y, 12, 5, 15),
            note: "Khen thưởng đột xuất: phát hiện, tố giác, phối hợp bắt giữ đối tượng phạm tội"
                .to_string(),
        };
        let medal = Decision {
            form: AwardForm::CommemorativeMedal,
            issuer: "ministry",
            no: numbers.next(6600, 7400, "QĐ-BCA"),
            date: numbers.date(y, 12, 3, 12),
            note: String::new(),
        };
        let chairmen: Vec<(String, Decision)> = districts
            .iter()
            .map(|d| {
                (
                    d.code.clone(),
                    Decision {
                        form: AwardForm::CertificateOfCommendation,
                        issuer: "district_chairman",
                        no: numbers.next(2500, 4200, "QĐ-UBND"),
                        date: numbers.date(y, 12, 20, 30),
                        note: format!(
                            "Có thành tích trong phong trào toàn dân bảo vệ ANTQ năm {y}"
                        ),
                    },
                )
            })
            .collect();

        let award = |d: &Decision, kind: RecipientKind, r: &Recipient| Award {
            id: 0,
            year,
            form: d.form,
            issuer: d.issuer.to_string(),
            recipient_kind: kind,
            recipient: crate::text::normalize(&r.name),
            locality_code: Some(r.locality.clone()),
            birth_year: None,
            decision_no: d.no.clone(),
            decision_date: d.date,
            note: if kind == RecipientKind::Individual {
                r.role.clone()
            } else {
                d.note.clone()
            },
        };

        let q = plan.collective_quota;
        let mut it = order.iter();
        let mut collective_awards: Vec<Award> = Vec::new();
        for (d, n) in [
            (&flag_ministry, q[0]),
            (&flag_province, q[1]),
            (&merit_ministry, q[2]),
            (&merit_province, q[3]),
            (&director, q[4]),
        ] {
            for r in it.by_ref().take(n) {
                collective_awards.push(award(d, RecipientKind::Collective, r));
            }
        }
        let ministry_merit_units: Vec<&Recipient> =
            order.iter().skip(q[0] + q[1]).take(q[2]).collect();
        for r in it {
            let Some(d) = r.district.as_ref() else {
                continue;
            };
            if let Some((_, dec)) = chairmen.iter().find(|(code, _)| code == d) {
                collective_awards.push(award(dec, RecipientKind::Collective, r));
            }
        }
        for r in ministry_merit_units
            .iter()
            .filter(|r| {
                r.locality != province_code && !districts.iter().any(|d| d.code == r.locality)
            })
            .take(EXTRAORDINARY)
        {
            collective_awards.push(award(&extraordinary, RecipientKind::Collective, r));
        }

        // --- Individuals ----------------------------------------------------------------------
        let mut person_at = |rng: &mut Rng, district: Option<&str>| -> Recipient {
            let name = people.get(next_person).cloned().unwrap_or_default();
            next_person += 1;
            let in_district: Vec<&&super::figures::CommuneYear> = recognised
                .iter()
                .filter(|c| district.is_none_or(|d| c.district == d))
                .collect();
            let roll = rng.unit();
            let commune = if district.is_some() {
                roll < 0.75
            } else {
                roll < 0.65
            };
            if commune {
                if let Some(c) = rng.pick(&in_district) {
                    return Recipient {
                        role: names::role(rng, &c.name, Level::Commune, c.ra_total),
                        name,
                        locality: c.code.clone(),
                        district: Some(c.district.clone()),
                    };
                }
            }
            let d = match district {
                Some(code) => districts.iter().find(|d| d.code == code).copied(),
                None if roll < 0.95 => rng.pick(&districts).copied(),
                None => None,
            };
            match (d, province) {
                (Some(d), _) => Recipient {
                    role: names::role(rng, &d.name, Level::District, 0),
                    name,
                    locality: d.code.clone(),
                    district: Some(d.code.clone()),
                },
                (None, Some(p)) => Recipient {
                    role: names::role(rng, &p.name, Level::Province, 0),
                    name,
                    locality: p.code.clone(),
                    district: None,
                },
                (None, None) => Recipient {
                    role: String::new(),
                    name,
                    locality: String::new(),
                    district: None,
                },
            }
        };
        let iq = plan.individual_quota;
        let medalists: Vec<Recipient> = (0..iq[0]).map(|_| person_at(&mut rng, None)).collect();
        let merit_min: Vec<Recipient> = (0..iq[1]).map(|_| person_at(&mut rng, None)).collect();
        // People commended last year, again (never for the medal).
        let mut again: Vec<Recipient> = previous
            .iter()
            .filter(|r| {
                r.locality == province_code
                    || districts.iter().any(|d| d.code == r.locality)
                    || recognised.iter().any(|c| c.code == r.locality)
            })
            .cloned()
            .collect();
        rng.shuffle(&mut again);
        again.truncate(REPEATS.min(iq[2]));
        let mut merit_prov = again;
        while merit_prov.len() < iq[2] {
            merit_prov.push(person_at(&mut rng, None));
        }
        let by_director: Vec<Recipient> = (0..iq[3]).map(|_| person_at(&mut rng, None)).collect();
        let mut by_chairman: Vec<(usize, Recipient)> = Vec::new();
        for (i, d) in districts.iter().enumerate() {
            for _ in 0..plan.per_district {
                by_chairman.push((i, person_at(&mut rng, Some(&d.code))));
            }
        }

        let mut individual_awards: Vec<Award> = Vec::new();
        for r in &medalists {
            let mut a = award(&medal, RecipientKind::Individual, r);
            a.note = format!(
                "{}; có nhiều đóng góp cho sự nghiệp bảo vệ an ninh Tổ quốc",
                r.role
            );
            individual_awards.push(a);
        }
        for r in &merit_min {
            individual_awards.push(award(&merit_ministry, RecipientKind::Individual, r));
        }
        for r in merit_prov
            .iter()
            .chain(medalists.iter().take(MEDAL_ALSO_MERIT))
        {
            individual_awards.push(award(&merit_province, RecipientKind::Individual, r));
        }
        for r in &by_director {
            individual_awards.push(award(&director, RecipientKind::Individual, r));
        }
        for (i, r) in &by_chairman {
            if let Some((_, dec)) = chairmen.get(*i) {
                individual_awards.push(award(dec, RecipientKind::Individual, r));
            }
        }

        previous = merit_min
            .iter()
            .chain(&merit_prov)
            .chain(&by_director)
            .chain(by_chairman.iter().map(|(_, r)| r))
            .cloned()
            .collect();
        out.extend(collective_awards);
        out.extend(individual_awards);
    }
    out
}
