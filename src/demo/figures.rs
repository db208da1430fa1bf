//! The made-up yearly figures: residential areas, commune recognition, agencies, schools and models per
//! unit, fitted so that the 2018 province totals are the article's and every year meets the rules and
//! the targets of `config/targets.toml`.

use super::rng::Rng;
use super::{ABSORBED, SUCCESSORS};
use crate::domain::{Category, Level, Locality, Target};
use std::collections::HashMap;

/// One commune-level unit in one report year.
#[derive(Debug, Clone)]
pub(crate) struct CommuneYear {
    pub code: String,
    pub name: String,
    pub district: String,
    /// A stable "how well does this commune do" in [-1, 1].
    pub quality: f64,
    pub ra_total: u32,
    pub ra_recognized: u32,
    pub recognized: bool,
    pub police_advanced: bool,
    pub agencies: (u32, u32),
    pub schools: (u32, u32),
    pub models: u32,
}

impl CommuneYear {
    /// The unit `l` with nothing decided yet, at `quality`.
    pub(crate) fn blank(l: &Locality, quality: f64) -> CommuneYear {
        CommuneYear {
            code: l.code.clone(),
            name: l.name.clone(),
            district: l.parent_code.clone().unwrap_or_default(),
            quality,
            ra_total: 0,
            ra_recognized: 0,
            recognized: false,
            police_advanced: false,
            agencies: (0, 0),
            schools: (0, 0),
            models: 0,
        }
    }
}

/// The province's or a district's own row (the agencies and schools it manages itself).
#[derive(Debug, Clone)]
pub(crate) struct OwnYear {
    pub code: String,
    pub agencies: (u32, u32),
    pub schools: (u32, u32),
}

#[derive(Debug, Clone)]
pub(crate) struct YearFigures {
    pub year: i32,
    pub communes: Vec<CommuneYear>,
    /// The province first, then the districts (CSV order).
    pub own: Vec<OwnYear>,
}

/// Per year: the level residential-area shares move around, the communes recognised, and the
/// province totals (recognised, total) of agencies and schools. 2018 is the article's.
struct YearPlan {
    year: i32,
    ra_share: f64,
    communes_recognized: usize,
    agencies: (u64, u64),
    schools: (u64, u64),
}

const PLANS: [YearPlan; 5] = [
    YearPlan {
        year: 2016,
        ra_share: 0.826,
        communes_recognized: 114,
        agencies: (292, 323),
        schools: (572, 612),
    },
    YearPlan {
        year: 2017,
        ra_share: 0.846,
        communes_recognized: 120,
        agencies: (303, 330),
        schools: (584, 618),
    },
    YearPlan {
        year: 2018,
        ra_share: 0.868,
        communes_recognized: 126,
        agencies: (314, 337),
        schools: (597, 625),
    },
    YearPlan {
        year: 2019,
        ra_share: 0.881,
        communes_recognized: 131,
        agencies: (321, 341),
        schools: (603, 628),
    },
    YearPlan {
        year: 2020,
        ra_share: 0.893,
        communes_recognized: 129,
        agencies: (326, 344),
        schools: (605, 627),
    },
];

/// The article's 2018 residential areas (recognised, total).
pub(crate) const RA_2018: (u64, u64) = (1046, 1205);

/// Codes of the units that hold a successor's code or absorb another unit in 2020 (kept large so the
/// merger does not change their figures by much), and of the units merged into them (kept small).
fn merger_roles() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut holders = Vec::new();
    let mut merged = Vec::new();
    for (succ, preds) in SUCCESSORS {
        for p in preds {
            if *p == succ {
                if preds.len() > 1 {
                    holders.push(*p);
                }
            } else {
                merged.push(*p);
            }
        }
    }
    for (gone, into) in ABSORBED {
        merged.push(gone);
        holders.push(into);
    }
    (holders, merged)
}

/// The stable traits of a commune valid before the merger.
#[derive(Debug, Clone)]
struct Base {
    quality: f64,
    ra: u32,
    agencies: u32,
    schools: u32,
    models0: u32,
    growth: u32,
    phase: u32,
}

fn is_ward(name: &str) -> bool {
    super::names::split_kind(name).0 != "xã"
}

/// Adds or removes one at a time, at weighted random positions within [lo, hi], until the sum is
/// `target` (or nothing can move).
pub(crate) fn fit_sum(
    values: &mut [u32],
    lo: &[u32],
    hi: &[u32],
    weights: &[u64],
    target: u64,
    rng: &mut Rng,
) {
    loop {
        let sum: u64 = values.iter().map(|v| u64::from(*v)).sum();
        if sum == target {
            return;
        }
        let up = sum < target;
        let w: Vec<u64> = (0..values.len())
            .map(|i| {
                let movable = if up {
                    values[i] < hi[i]
                } else {
                    values[i] > lo[i]
                };
                if movable {
                    weights[i].max(1)
                } else {
                    0
                }
            })
            .collect();
        let Some(i) = rng.weighted(&w) else {
            return;
        };
        if up {
            values[i] += 1;
        } else {
            values[i] -= 1;
        }
    }
}

/// A province-wide or district target for residential areas (a district's own first).
pub(crate) fn ra_target(targets: &[Target], year: i32, district: Option<&str>) -> Option<f64> {
    let find = |loc: Option<&str>| {
        targets
            .iter()
            .find(|t| {
                t.year == year
                    && t.category == Category::ResidentialAreas
                    && t.locality.as_deref() == loc
            })
            .map(|t| t.min_share)
    };
    district.and_then(|d| find(Some(d))).or_else(|| find(None))
}

pub(crate) fn figures(localities: &[Locality], targets: &[Target]) -> Vec<YearFigures> {
    let (holders, merged) = merger_roles();
    // Communes before the merger: valid in 2019 (and in 2016–2018 alike).
    let pre: Vec<&Locality> = localities
        .iter()
        .filter(|l| l.level == Level::Commune && l.valid_in_year(2019))
        .collect();

    // Stable traits.
    let mut bases: Vec<Base> = pre
        .iter()
        .map(|l| {
            let mut r = Rng::keyed("commune", code_num(&l.code));
            let ward = is_ward(&l.name);
            let quality = r.unit() * 2.0 - 1.0;
            let (ra, agencies, schools) = if merged.contains(&l.code.as_str()) {
                (3, 0, 1)
            } else if holders.contains(&l.code.as_str()) {
                (14, 2, r.between(5, 6))
            } else if ward {
                (r.between(6, 11), r.between(1, 3), r.between(3, 5))
            } else {
                (r.between(4, 11), r.between(0, 2), r.between(2, 4))
            };
            Base {
                quality,
                ra,
                agencies,
                schools,
                models0: r.between(1, 3),
                growth: r.between(0, 1),
                phase: r.between(0, 3),
            }
        })
        .collect();
    // Residential areas: 1 205 in 2018, the fixed merger units untouched.
    {
        let fixed: Vec<bool> = pre
            .iter()
            .map(|l| holders.contains(&l.code.as_str()) || merged.contains(&l.code.as_str()))
            .collect();
        let mut ra: Vec<u32> = bases.iter().map(|b| b.ra).collect();
        let lo: Vec<u32> = ra
            .iter()
            .zip(&fixed)
            .map(|(v, f)| if *f { *v } else { 4 })
            .collect();
        let hi: Vec<u32> = ra
            .iter()
            .zip(&fixed)
            .map(|(v, f)| if *f { *v } else { 13 })
            .collect();
        let w = vec![1; ra.len()];
        fit_sum(
            &mut ra,
            &lo,
            &hi,
            &w,
            RA_2018.1,
            &mut Rng::keyed("ra-fit", 0),
        );
        for (b, v) in bases.iter_mut().zip(ra) {
            b.ra = v;
        }
    }
    // Year-over-year changes of residential areas (villages split or merged): one area, only in
    // communes with at least 8, never in the units of the 2020 merger.
    let mut eligible: Vec<usize> = (0..pre.len())
        .filter(|i| {
            let c = pre[*i].code.as_str();
            bases[*i].ra >= 8 && !holders.contains(&c) && !merged.contains(&c)
        })
        .collect();
    Rng::keyed("ra-delta", 0).shuffle(&mut eligible);
    let minus = |year: i32, i: usize| -> u32 {
        let pos = eligible.iter().position(|e| *e == i);
        match (year, pos) {
            (2016, Some(p)) if p < 8 => 1,
            (2017, Some(p)) if p < 4 => 1,
            (2019, Some(p)) if (8..14).contains(&p) => 1,
            (2020, Some(p)) if (8..19).contains(&p) => 1,
            _ => 0,
        }
    };
    let models = |b: &Base, year: i32| -> u32 {
        b.models0 + (b.growth * (year - 2016) as u32 + b.phase) / 4
    };

    // Non-commune rows: the province's own and each district's, 2018 first.
    let own_units: Vec<&Locality> = localities
        .iter()
        .filter(|l| l.level != Level::Commune && l.valid_in_year(2018))
        .collect();
    let commune_agencies: u64 = bases.iter().map(|b| u64::from(b.agencies)).sum();
    let commune_schools: u64 = bases.iter().map(|b| u64::from(b.schools)).sum();
    let mut own_by_year: HashMap<i32, (Vec<u32>, Vec<u32>)> = HashMap::new();
    {
        let mut r = Rng::keyed("own", 0);
        let mut ag: Vec<u32> = Vec::new();
        let mut sc: Vec<u32> = Vec::new();
        let (mut lo_a, mut hi_a, mut lo_s, mut hi_s) = (vec![], vec![], vec![], vec![]);
        for l in &own_units {
            if l.level == Level::Province {
                ag.push(r.between(50, 58));
                sc.push(r.between(36, 42));
                lo_a.push(40);
                hi_a.push(80);
                lo_s.push(30);
                hi_s.push(60);
            } else {
                let big = if l.code == "450" { 5 } else { 0 };
                ag.push(r.between(10, 15) + big);
                sc.push(r.between(9, 13) + big);
                lo_a.push(9);
                hi_a.push(30);
                lo_s.push(9);
                hi_s.push(30);
            }
        }
        let w: Vec<u64> = ag.iter().map(|v| u64::from(*v)).collect();
        let plan18 = plan(2018);
        fit_sum(
            &mut ag,
            &lo_a,
            &hi_a,
            &w,
            plan18.agencies.1 - commune_agencies,
            &mut r,
        );
        let w: Vec<u64> = sc.iter().map(|v| u64::from(*v)).collect();
        fit_sum(
            &mut sc,
            &lo_s,
            &hi_s,
            &w,
            plan18.schools.1 - commune_schools,
            &mut r,
        );
        own_by_year.insert(2018, (ag, sc));
        // Chains out from 2018, at most two units per row and year.
        for (from, to) in [(2018, 2017), (2017, 2016), (2018, 2019), (2019, 2020)] {
            let Some((ag, sc)) = own_by_year.get(&from).cloned() else {
                continue;
            };
            let p = plan(to);
            let mut rr = Rng::keyed("own-chain", to as u64);
            // One unit per district row and year (at least 8 of them: under 13%), three for the
            // province's row (about 50).
            let step = |v: &Vec<u32>, target: u64, commune_sum: u64, rr: &mut Rng| {
                let mut out = v.clone();
                let reach = |i: usize| if i == 0 { 3 } else { 1 };
                let lo: Vec<u32> = v
                    .iter()
                    .enumerate()
                    .map(|(i, x)| x.saturating_sub(reach(i)).max(8))
                    .collect();
                let hi: Vec<u32> = v.iter().enumerate().map(|(i, x)| x + reach(i)).collect();
                let w: Vec<u64> = v.iter().map(|x| u64::from(*x)).collect();
                fit_sum(
                    &mut out,
                    &lo,
                    &hi,
                    &w,
                    target.saturating_sub(commune_sum),
                    rr,
                );
                out
            };
            let ag = step(&ag, p.agencies.1, commune_agencies, &mut rr);
            let sc = step(&sc, p.schools.1, commune_schools, &mut rr);
            own_by_year.insert(to, (ag, sc));
        }
    }

    let mut out = Vec::new();
    for p in &PLANS {
        let year = p.year;
        let units: Vec<&Locality> = localities
            .iter()
            .filter(|l| l.level == Level::Commune && l.valid_in_year(year))
            .collect();
        let mut communes: Vec<CommuneYear> = Vec::with_capacity(units.len());
        for l in &units {
            let mut c = CommuneYear::blank(l, 0.0);
            if let Some(i) = pre.iter().position(|x| std::ptr::eq(*x, *l)) {
                let b = &bases[i];
                c.quality = b.quality;
                c.ra_total = b.ra - minus(year, i);
                c.agencies.0 = b.agencies;
                c.schools.0 = b.schools;
                c.models = models(b, year);
            } else {
                // A successor of 2020-02-01: the sum of its predecessors' 2019 figures.
                let preds = SUCCESSORS
                    .iter()
                    .find(|(s, _)| *s == l.code)
                    .map(|(_, p)| *p)
                    .unwrap_or(&[]);
                let mut first = true;
                for code in preds {
                    if let Some(i) = pre.iter().position(|x| x.code == *code) {
                        let b = &bases[i];
                        if first {
                            c.quality = b.quality;
                            first = false;
                        }
                        c.ra_total += b.ra - minus(2019, i);
                        c.agencies.0 += b.agencies;
                        c.schools.0 += b.schools;
                        c.models += models(b, 2019);
                    }
                }
            }
            // A continuing commune that absorbed one closed on 2020-01-31.
            if year >= 2020 {
                for (gone, into) in ABSORBED {
                    if into == l.code {
                        if let Some(i) = pre.iter().position(|x| x.code == gone) {
                            let b = &bases[i];
                            c.ra_total += b.ra - minus(2019, i);
                            c.agencies.0 += b.agencies;
                            c.schools.0 += b.schools;
                            c.models += models(b, 2019);
                        }
                    }
                }
            }
            communes.push(c);
        }
        recognise(&mut communes, year, p.communes_recognized);
        allocate_ra(&mut communes, year, p.ra_share, targets);

        let (own_ag, own_sc) = own_by_year.get(&year).cloned().unwrap_or_default();
        let mut own: Vec<OwnYear> = own_units
            .iter()
            .enumerate()
            .map(|(i, l)| OwnYear {
                code: l.code.clone(),
                agencies: (own_ag.get(i).copied().unwrap_or(0), 0),
                schools: (own_sc.get(i).copied().unwrap_or(0), 0),
            })
            .collect();
        recognise_units(&mut communes, &mut own, year, p);
        out.push(YearFigures {
            year,
            communes,
            own,
        });
    }
    out
}

fn plan(year: i32) -> &'static YearPlan {
    PLANS.iter().find(|p| p.year == year).unwrap_or(&PLANS[2])
}

pub(crate) fn code_num(code: &str) -> u64 {
    code.parse().unwrap_or(0)
}

/// Marks the communes recognised this year: the best by quality with some year-to-year noise. A
/// recognised commune's police were rated advanced; of the others about half were not.
fn recognise(communes: &mut [CommuneYear], year: i32, count: usize) {
    let mut scored: Vec<(f64, usize)> = communes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut r = Rng::keyed(&format!("recognise-{year}"), code_num(&c.code));
            (c.quality + 0.5 * (r.unit() - 0.5), i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (rank, (_, i)) in scored.iter().enumerate() {
        let c = &mut communes[*i];
        c.recognized = rank < count;
        c.police_advanced = if c.recognized {
            true
        } else {
            Rng::keyed(&format!("police-{year}"), code_num(&c.code)).chance(0.5)
        };
    }
}

/// Residential areas recognised per commune: a recognised commune has at least 70% (TT 23/2012); one
/// not recognised although its police were advanced fell short of 70%; every district meets the year's
/// target; the province total is the plan's (the article's in 2018).
fn allocate_ra(communes: &mut [CommuneYear], year: i32, share: f64, targets: &[Target]) {
    let n = communes.len();
    let mut lo = vec![0u32; n];
    let mut hi = vec![0u32; n];
    let mut r = vec![0u32; n];
    let mut rng = Rng::keyed("ra-recognized", year as u64);
    for (i, c) in communes.iter().enumerate() {
        let t = c.ra_total;
        let seventy = Target::required(0.7, u64::from(t)) as u32;
        (lo[i], hi[i]) = if c.recognized {
            (seventy, t)
        } else if c.police_advanced {
            ((t * 2) / 5, seventy.saturating_sub(1))
        } else {
            ((t * 2) / 5, t)
        };
        let adj = if c.recognized { 0.03 } else { -0.2 };
        let s = (share + 0.06 * c.quality + adj + 0.06 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
        r[i] = ((s * f64::from(t)).round() as u32).clamp(lo[i], hi[i]);
    }
    // Districts up to their target.
    let mut districts: Vec<String> = communes.iter().map(|c| c.district.clone()).collect();
    districts.sort();
    districts.dedup();
    let mut need: HashMap<String, u64> = HashMap::new();
    for d in &districts {
        let total: u64 = communes
            .iter()
            .filter(|c| &c.district == d)
            .map(|c| u64::from(c.ra_total))
            .sum();
        let min = ra_target(targets, year, Some(d)).unwrap_or(0.0);
        need.insert(d.clone(), Target::required(min, total));
    }
    let district_sum = |r: &[u32], d: &str| -> u64 {
        communes
            .iter()
            .zip(r)
            .filter(|(c, _)| c.district == d)
            .map(|(_, v)| u64::from(*v))
            .sum()
    };
    for d in &districts {
        let want = need.get(d).copied().unwrap_or(0);
        while district_sum(&r, d) < want {
            let w: Vec<u64> = (0..n)
                .map(|i| u64::from(communes[i].district == *d && r[i] < hi[i]))
                .collect();
            let Some(i) = rng.weighted(&w) else { break };
            r[i] += 1;
        }
    }
    // The province total.
    let total: u64 = communes.iter().map(|c| u64::from(c.ra_total)).sum();
    let goal = if year == 2018 {
        RA_2018.0
    } else {
        (share * total as f64).round() as u64
    };
    loop {
        let sum: u64 = r.iter().map(|v| u64::from(*v)).sum();
        if sum == goal {
            break;
        }
        let up = sum < goal;
        let w: Vec<u64> = (0..n)
            .map(|i| {
                let d = &communes[i].district;
                let ok = if up {
                    r[i] < hi[i]
                } else {
                    r[i] > lo[i] && district_sum(&r, d) > need.get(d).copied().unwrap_or(0)
                };
                u64::from(ok)
            })
            .collect();
        let Some(i) = rng.weighted(&w) else { break };
        if up {
            r[i] += 1;
        } else {
            r[i] -= 1;
        }
    }
    for (c, v) in communes.iter_mut().zip(r) {
        c.ra_recognized = v;
    }
}

/// Agencies and schools recognised, over every row (communes, districts, province), to the plan's
/// province totals.
fn recognise_units(communes: &mut [CommuneYear], own: &mut [OwnYear], year: i32, p: &YearPlan) {
    for (k, (goal, total)) in [p.agencies, p.schools].into_iter().enumerate() {
        let share = goal as f64 / total.max(1) as f64;
        let mut rng = Rng::keyed(&format!("units-{k}"), year as u64);
        let mut totals: Vec<u32> = Vec::new();
        for c in communes.iter() {
            totals.push(if k == 0 { c.agencies.0 } else { c.schools.0 });
        }
        for o in own.iter() {
            totals.push(if k == 0 { o.agencies.0 } else { o.schools.0 });
        }
        let mut rec: Vec<u32> = totals
            .iter()
            .map(|t| {
                let s = (share + 0.08 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
                ((s * f64::from(*t)).round() as u32).min(*t)
            })
            .collect();
        let lo = vec![0; totals.len()];
        let w: Vec<u64> = totals.iter().map(|t| u64::from(*t)).collect();
        fit_sum(&mut rec, &lo, &totals, &w, goal, &mut rng);
        let (cs, os) = rec.split_at(communes.len());
        for (c, v) in communes.iter_mut().zip(cs) {
            if k == 0 {
                c.agencies.1 = *v;
            } else {
                c.schools.1 = *v;
            }
        }
        for (o, v) in own.iter_mut().zip(os) {
            if k == 0 {
                o.agencies.1 = *v;
            } else {
                o.schools.1 = *v;
            }
        }
    }
}
