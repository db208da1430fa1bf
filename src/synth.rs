//! A synthetic data set of any size, for benchmarks and load tests: localities (with a few mergers
//! that reuse codes, as the real ones do), yearly figures that mostly pass the rules, awards and
//! limitations. Pure and deterministic: the same [`SynthSpec`] always yields the same [`Dataset`].
//!
//! Shape: the data model knows one province per database, so the generated tree has exactly one
//! `province`-level root. With `provinces == 1` the root is an ordinary province. With more, the root
//! is a synthetic "Toàn quốc (tổng hợp)" whose children are all the districts; the provinces survive
//! only in the district names ("Huyện Minh Sơn (Hải Yên)") and in the root's own units (the agencies
//! and schools the provinces manage). This keeps every report and rule meaningful at national scale:
//! the root is "the province" of the year, the district level is where targets and clerks are.
//!
//! After the two-level reform ([`generate_reformed`], [`Reform`]): every district and commune closes on
//! 2025-06-30 and fewer commune-level units open on 2025-07-01 directly under the root, each naming the
//! communes it was formed from as `predecessors` (in the resolved form the store keeps). The root stays
//! one unit across the reform; the new provinces survive in the new units' names, as the old ones do in
//! the districts'.
//!
//! Figures are invented. Residential-area lists are not public; the counts only look plausible.

use crate::domain::{
    Assessment, Award, AwardForm, Dataset, Level, Limitation, LimitationStatus, Locality,
    Predecessor, RecipientKind,
};
use crate::text::normalize;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

/// How big a data set to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSpec {
    /// 1 = an ordinary province; more = a national tree under one synthetic root (see the module docs).
    pub provinces: u32,
    pub districts: u32,
    /// Commune-level units at the start (a few merge later: see [`MERGER_SHARE_PER_MILLE`]).
    pub communes: u32,
    /// The report years that get figures, awards and limitations.
    pub years: RangeInclusive<i32>,
    /// Awards over all years.
    pub awards: u32,
    pub seed: u64,
}

impl SynthSpec {
    /// The whole country: 63 provinces, 700 districts, 10,000 communes, 30 report years, 100,000 awards.
    pub fn national() -> SynthSpec {
        SynthSpec {
            provinces: 63,
            districts: 700,
            communes: 10_000,
            years: 1996..=2025,
            awards: 100_000,
            seed: 0x5EED_A17C,
        }
    }

    /// One province the size of the demo (Quảng Bình: 8 districts, 159 communes).
    pub fn small() -> SynthSpec {
        SynthSpec {
            provinces: 1,
            districts: 8,
            communes: 159,
            years: 2012..=2025,
            awards: 6_000,
            seed: 0x5EED_A17C,
        }
    }
}

/// The two-level local government of 2025-07-01: how many provinces and commune-level units there are
/// after it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reform {
    /// Provinces after the reform (with a national root, they live in the new units' names).
    pub provinces: u32,
    /// Commune-level units after the reform, each formed from a run of neighbouring communes of one
    /// former province or two.
    pub communes: u32,
}

impl Reform {
    /// The country from 1 July 2025: 34 provinces, 3,321 communes, wards and special zones.
    pub fn national() -> Reform {
        Reform {
            provinces: 34,
            communes: 3_321,
        }
    }

    /// One province the size of the demo: a third of its communes, as in Quảng Bình.
    pub fn small() -> Reform {
        Reform {
            provinces: 1,
            communes: 53,
        }
    }
}

/// The first day of the two-level local government.
fn reform_date() -> Option<NaiveDate> {
    date(2025, 7, 1)
}

/// Communes merged in pairs, per thousand communes (two predecessors close, a successor reusing the
/// first one's code opens the next day).
pub const MERGER_SHARE_PER_MILLE: u32 = 10;

/// The year from which schools are counted as TT 124 "educational institutions" (no primary schools
/// or kindergartens), so commune school counts drop.
const SCHOOLS_REDEFINED_FROM: i32 = 2022;

/// Deliberate faults, so that the data exercises the rules the way real data does. Per commune-year:
/// marked recognised whatever its figures (may break `commune_rule_set`); no row at all
/// (`not_reported`). Per district-year: agencies total typed ×10 (`yoy_change`).
const RECOGNISED_ANYWAY_PER_MILLE: u64 = 3;
const MISSING_ROW_PER_MILLE: u64 = 1;
const TENFOLD_TYPO_PER_MILLE: u64 = 2;

/// The whole data set for a spec.
pub fn generate(spec: &SynthSpec) -> Dataset {
    run(spec, None)
}

/// The whole data set for a spec, with the two-level reform of 2025-07-01: report years up to 2024 have
/// the districts, 2025 and later the new communes directly under the root. The 2020-style merger of the
/// spec falls before the reform or not at all.
pub fn generate_reformed(spec: &SynthSpec, reform: &Reform) -> Dataset {
    run(spec, Some(reform))
}

fn run(spec: &SynthSpec, reform: Option<&Reform>) -> Dataset {
    let mut generator = Generator {
        rng: SplitMix64::new(spec.seed),
        spec,
        units: Vec::new(),
        dataset: Dataset::default(),
    };
    generator.localities(reform.is_some());
    if let Some(reform) = reform {
        generator.reform(reform);
    }
    let recognised = generator.assessments();
    generator.awards(&recognised);
    generator.limitations();
    generator.dataset
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for invented figures.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when n is 0), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `low..=high` (`low` when the range is empty).
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            return low;
        }
        low + self.below(u64::from(high - low) + 1) as u32
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn per_mille(&mut self, chance: u64) -> bool {
        self.below(1000) < chance
    }

    /// An element of a non-empty slice (None for an empty one).
    pub fn pick<'s, T>(&mut self, items: &'s [T]) -> Option<&'s T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

const SYLLABLES: [&str; 48] = [
    "An", "Bình", "Cẩm", "Đông", "Hải", "Hòa", "Hưng", "Kim", "Lộc", "Minh", "Ninh", "Phú",
    "Quảng", "Sơn", "Tân", "Thạch", "Thanh", "Thuận", "Tiến", "Trung", "Vĩnh", "Xuân", "Yên",
    "Đức", "Phong", "Lệ", "Bắc", "Nam", "Hương", "Gia", "Long", "Mỹ", "Nghĩa", "Phúc", "Quang",
    "Thọ", "Trạch", "Văn", "Hồng", "Lâm", "Hiền", "Cường", "Định", "Khánh", "Lạc", "Tường", "Vân",
    "Hóa",
];
const FAMILY_NAMES: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const MIDDLE_NAMES: [&str; 10] = [
    "Văn", "Thị", "Đức", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Xuân", "Công",
];
const GIVEN_NAMES: [&str; 30] = [
    "An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Hương", "Khánh",
    "Lan", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng",
    "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến",
];
const ROLES: [&str; 6] = [
    "Trưởng thôn",
    "Tổ trưởng tổ dân phố",
    "Công an viên",
    "Bảo vệ dân phố",
    "Trưởng ban công tác Mặt trận",
    "Đoàn viên",
];

/// What a limitation category's review text and remedy look like.
const LIMITATIONS: [(&str, &str, &str); 5] = [
    (
        "slow_advising",
        "Công tác tham mưu triển khai phong trào ở một số địa phương còn chậm",
        "Tăng cường kiểm tra, đôn đốc; giao chỉ tiêu cụ thể cho từng xã",
    ),
    (
        "simple_forms",
        "Nội dung, hình thức phát động phong trào còn đơn giản, chưa thu hút nhân dân",
        "Đổi mới hình thức tuyên truyền, gắn với cuộc vận động của Mặt trận",
    ),
    (
        "models_neglected",
        "Việc xây dựng, củng cố các mô hình tự quản về ANTT chưa được chú trọng",
        "Rà soát, nhân rộng các mô hình hiệu quả; bỏ các mô hình hình thức",
    ),
    (
        "inadequate_policy",
        "Chế độ, chính sách cho lực lượng nòng cốt ở cơ sở chưa thỏa đáng",
        "Kiến nghị HĐND bổ sung mức hỗ trợ cho lực lượng tham gia bảo vệ ANTT ở cơ sở",
    ),
    (
        "other",
        "Phối hợp giữa các ban, ngành, đoàn thể có lúc chưa chặt chẽ",
        "Ký kết, thực hiện quy chế phối hợp hằng năm",
    ),
];

/// Per-locality facts that last across years.
#[derive(Debug, Clone)]
struct Unit {
    /// "Xã", "Phường", "Huyện" …: the kind word, for recipients like "Công an xã Quảng Phú".
    kind: &'static str,
    /// The name without the kind word.
    base_name: String,
    residential_areas: u32,
    agencies: u32,
    schools: u32,
    /// The usual share of units recognised, before the yearly trend.
    quality: f64,
}

struct Generator<'s> {
    rng: SplitMix64,
    spec: &'s SynthSpec,
    /// Parallel to `dataset.localities`.
    units: Vec<Unit>,
    dataset: Dataset,
}

fn digits(n: u64) -> usize {
    n.max(1).ilog10() as usize + 1
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

impl Generator<'_> {
    fn syllable_pair(&mut self) -> String {
        let first = self.rng.pick(&SYLLABLES).copied().unwrap_or("An");
        let mut second = self.rng.pick(&SYLLABLES).copied().unwrap_or("Bình");
        if second == first {
            second = "Phú";
        }
        format!("{first} {second}")
    }

    /// A name not yet in `taken`, after a few tries; a number disambiguates what chance does not.
    fn fresh_name(&mut self, taken: &mut HashSet<String>) -> String {
        for _ in 0..8 {
            let name = self.syllable_pair();
            if taken.insert(name.clone()) {
                return name;
            }
        }
        let name = format!("{} {}", self.syllable_pair(), taken.len() + 1);
        taken.insert(name.clone());
        name
    }

    fn push_locality(&mut self, locality: Locality, unit: Unit) -> usize {
        self.dataset.localities.push(locality);
        self.units.push(unit);
        self.dataset.localities.len() - 1
    }

    /// The tree before any reform; with `reform_follows`, the communes' own merger only before it.
    fn localities(&mut self, reform_follows: bool) {
        let spec = self.spec;
        let provinces = spec.provinces.max(1) as usize;
        let districts = if spec.communes > 0 {
            spec.districts.max(1)
        } else {
            spec.districts
        } as usize;
        let communes = spec.communes as usize;
        let district_width = digits(districts as u64).max(3);
        let commune_width = digits(communes as u64 * 3).max(5).max(district_width + 1);

        let mut province_names = HashSet::new();
        let province_names: Vec<String> = (0..provinces)
            .map(|_| self.fresh_name(&mut province_names))
            .collect();
        let (root_code, root_name) = if provinces == 1 {
            ("01".to_string(), format!("Tỉnh {}", province_names[0]))
        } else {
            ("00".to_string(), "Toàn quốc (tổng hợp)".to_string())
        };
        let root_units = provinces as u32;
        let root = Unit {
            kind: "Tỉnh",
            base_name: root_name.clone(),
            residential_areas: 0,
            agencies: self.rng.between(30, 150) * root_units,
            schools: self.rng.between(20, 60) * root_units,
            quality: 0.9,
        };
        self.push_locality(
            Locality {
                id: 0,
                code: root_code.clone(),
                name: root_name,
                level: Level::Province,
                parent_code: None,
                valid_from: None,
                valid_to: None,
                predecessors: Vec::new(),
            },
            root,
        );

        // Every district gets a commune before any gets a second; the rest fall where chance puts them.
        let mut per_district = vec![0usize; districts];
        for (i, slot) in per_district.iter_mut().enumerate() {
            *slot = usize::from(i < communes);
        }
        for _ in districts.min(communes)..communes {
            let d = self.rng.below(districts as u64) as usize;
            per_district[d] += 1;
        }

        let merger_date = if spec.years.contains(&2020) {
            date(2020, 2, 1)
        } else {
            let middle = spec.years.start() + (spec.years.end() - spec.years.start()) / 2;
            date(middle, 2, 1)
        };
        let merger_date = merger_date.filter(|d| !reform_follows || Some(*d) < reform_date());
        let closing_date = merger_date.and_then(|d| d.pred_opt());
        // 1 % rounded to the nearest unit. Mergers fall on districts spread evenly over the country (one with fewer than three communes
        // passes its turn on).
        let mergers = ((communes * MERGER_SHARE_PER_MILLE as usize + 500) / 1000).min(districts);
        let merger_stride = districts.checked_div(mergers).unwrap_or(usize::MAX);
        let mut mergers_left = mergers;

        let mut district_names: Vec<HashSet<String>> = vec![HashSet::new(); provinces];
        let mut commune_serial = 0u64;
        for (d, &commune_count) in per_district.iter().enumerate() {
            let group = d * provinces / districts.max(1);
            let (kind, commune_kinds): (&'static str, [&'static str; 3]) = match self.rng.below(20)
            {
                0..=14 => ("Huyện", ["Xã", "Xã", "Thị trấn"]),
                15..=17 => ("Thị xã", ["Phường", "Xã", "Xã"]),
                _ => ("Thành phố", ["Phường", "Phường", "Xã"]),
            };
            let base_name = self.fresh_name(&mut district_names[group]);
            let name = if provinces == 1 {
                format!("{kind} {base_name}")
            } else {
                format!("{kind} {base_name} ({})", province_names[group])
            };
            let district_code = format!("{:0district_width$}", d + 1);
            let unit = Unit {
                kind,
                base_name,
                residential_areas: 0,
                agencies: self.rng.between(8, 40),
                schools: self.rng.between(5, 25),
                quality: 0.85 + self.rng.unit() * 0.12,
            };
            self.push_locality(
                Locality {
                    id: 0,
                    code: district_code.clone(),
                    name,
                    level: Level::District,
                    parent_code: Some(root_code.clone()),
                    valid_from: None,
                    valid_to: None,
                    predecessors: Vec::new(),
                },
                unit,
            );

            let mut commune_names = HashSet::new();
            let first_commune = self.dataset.localities.len();
            for _ in 0..commune_count {
                commune_serial += 1;
                let kind = self.rng.pick(&commune_kinds).copied().unwrap_or("Xã");
                let base_name = self.fresh_name(&mut commune_names);
                let unit = Unit {
                    kind,
                    base_name: base_name.clone(),
                    residential_areas: self.rng.between(3, 20),
                    agencies: self.rng.between(0, 4),
                    schools: self.rng.between(2, 6),
                    quality: 0.62 + self.rng.unit() * 0.3,
                };
                self.push_locality(
                    Locality {
                        id: 0,
                        code: format!("{:0commune_width$}", commune_serial * 3),
                        name: format!("{kind} {base_name}"),
                        level: Level::Commune,
                        parent_code: Some(district_code.clone()),
                        valid_from: None,
                        valid_to: None,
                        predecessors: Vec::new(),
                    },
                    unit,
                );
            }

            // Merge the district's first two communes into a successor that keeps the first code.
            let merger_turn = d % merger_stride.max(1) == 0 || mergers_left > districts - d;
            if mergers_left > 0 && commune_count >= 3 && merger_turn {
                if let (Some(opens), Some(closes)) = (merger_date, closing_date) {
                    mergers_left -= 1;
                    let (a, b) = (first_commune, first_commune + 1);
                    self.dataset.localities[a].valid_to = Some(closes);
                    self.dataset.localities[b].valid_to = Some(closes);
                    let base_name = self.fresh_name(&mut commune_names);
                    let unit = Unit {
                        kind: self.units[a].kind,
                        base_name: base_name.clone(),
                        residential_areas: self.units[a].residential_areas
                            + self.units[b].residential_areas,
                        agencies: self.units[a].agencies + self.units[b].agencies,
                        schools: self.units[a].schools + self.units[b].schools,
                        quality: (self.units[a].quality + self.units[b].quality) / 2.0,
                    };
                    let successor = Locality {
                        id: 0,
                        code: self.dataset.localities[a].code.clone(),
                        name: format!("{} {base_name}", unit.kind),
                        level: Level::Commune,
                        parent_code: Some(district_code.clone()),
                        valid_from: Some(opens),
                        valid_to: None,
                        predecessors: Vec::new(),
                    };
                    self.push_locality(successor, unit);
                }
            }
        }
    }

    /// Closes every district and commune valid on the eve of the reform and opens the new communes under
    /// the root, each formed from a run of the closed ones (so neighbours, mostly of one former
    /// province) and reusing the first one's code, as the real ones often do.
    fn reform(&mut self, reform: &Reform) {
        let (Some(opens), Some(eve)) = (reform_date(), reform_date().and_then(|d| d.pred_opt()))
        else {
            return;
        };
        let Some(root) = self.dataset.localities.first().cloned() else {
            return;
        };
        let mut closed: Vec<usize> = Vec::new();
        for (position, l) in self.dataset.localities.iter_mut().enumerate() {
            if l.level == Level::Province || !l.valid_on(eve) {
                continue;
            }
            l.valid_to = Some(eve);
            if l.level == Level::Commune {
                closed.push(position);
            }
        }
        let count = (reform.communes as usize).min(closed.len());
        let provinces = reform.provinces.max(1) as usize;
        let national = self.spec.provinces > 1;
        let mut taken = HashSet::new();
        let province_names: Vec<String> = (0..provinces)
            .map(|_| self.fresh_name(&mut taken))
            .collect();
        let mut names: Vec<HashSet<String>> = vec![HashSet::new(); provinces];
        for k in 0..count {
            let members = &closed[k * closed.len() / count..(k + 1) * closed.len() / count];
            let Some(&first) = members.first() else {
                continue;
            };
            let group = k * provinces / count;
            let kind = match self.rng.below(100) {
                0 => "Đặc khu",
                1..=24 => "Phường",
                _ => "Xã",
            };
            let base_name = self.fresh_name(&mut names[group]);
            let name = if national {
                format!("{kind} {base_name} ({})", province_names[group])
            } else {
                format!("{kind} {base_name}")
            };
            let sum = |f: fn(&Unit) -> u32| members.iter().map(|&m| f(&self.units[m])).sum();
            let unit = Unit {
                kind,
                base_name,
                residential_areas: sum(|u| u.residential_areas),
                agencies: sum(|u| u.agencies),
                schools: sum(|u| u.schools),
                quality: members.iter().map(|&m| self.units[m].quality).sum::<f64>()
                    / members.len() as f64,
            };
            let predecessors = members
                .iter()
                .map(|&m| Predecessor {
                    code: self.dataset.localities[m].code.clone(),
                    valid_from: self.dataset.localities[m].valid_from,
                })
                .collect();
            let locality = Locality {
                id: 0,
                code: self.dataset.localities[first].code.clone(),
                name,
                level: Level::Commune,
                parent_code: Some(root.code.clone()),
                valid_from: Some(opens),
                valid_to: None,
                predecessors,
            };
            self.push_locality(locality, unit);
        }
    }

    /// Returns, per report year (in order), the positions of the communes recognised that year.
    fn assessments(&mut self) -> Vec<(i32, Vec<usize>)> {
        let years: Vec<i32> = self.spec.years.clone().collect();
        let first = years.first().copied().unwrap_or(0);
        let span = years.len().max(2) as f64 - 1.0;
        // Residential areas drift by one now and then; the counts carry over between years.
        let mut residential_areas: Vec<u32> =
            self.units.iter().map(|u| u.residential_areas).collect();
        let mut recognised_by_year = Vec::with_capacity(years.len());
        for &year in &years {
            // The movement's results improve over the years: +12 points from first to last year.
            let trend = f64::from(year - first) / span * 0.12;
            let mut recognised = Vec::new();
            for (position, areas) in residential_areas.iter_mut().enumerate() {
                let locality = &self.dataset.localities[position];
                if !locality.valid_in_year(year) {
                    continue;
                }
                let level = locality.level;
                let code = locality.code.clone();
                let unit = self.units[position].clone();
                let share = |rng: &mut SplitMix64| {
                    (unit.quality + trend + (rng.unit() - 0.5) * 0.16).clamp(0.0, 1.0)
                };
                let mut row = Assessment::empty(year, &code);
                match level {
                    Level::Commune => {
                        if self.rng.per_mille(MISSING_ROW_PER_MILLE) {
                            continue;
                        }
                        if *areas >= 4 && self.rng.per_mille(50) {
                            *areas = if self.rng.below(2) == 0 {
                                *areas + 1
                            } else {
                                *areas - 1
                            };
                        }
                        let areas = *areas;
                        let schools = if year >= SCHOOLS_REDEFINED_FROM {
                            (unit.schools * 2 / 5).max(1)
                        } else {
                            unit.schools
                        };
                        let areas_recognised = recognised_of(areas, share(&mut self.rng));
                        let agencies_recognised =
                            recognised_of(unit.agencies, share(&mut self.rng).max(0.8));
                        let schools_recognised =
                            recognised_of(schools, share(&mut self.rng).max(0.8));
                        let police_advanced = !self.rng.per_mille(50);
                        let models = if self.rng.per_mille(100) {
                            0
                        } else {
                            self.rng.between(1, 3)
                        };
                        // Meets TT 23 and TT 124 alike, so the figures pass whichever rule set the
                        // year falls under.
                        let all_total = areas + unit.agencies + schools;
                        let all_recognised =
                            areas_recognised + agencies_recognised + schools_recognised;
                        let qualifies = areas_recognised * 10 >= areas * 7
                            && all_recognised * 10 >= all_total * 7
                            && police_advanced
                            && models >= 1;
                        let is_recognised = (qualifies && !self.rng.per_mille(50))
                            || self.rng.per_mille(RECOGNISED_ANYWAY_PER_MILLE);
                        if is_recognised {
                            recognised.push(position);
                        }
                        row.residential_areas_total = Some(areas);
                        row.residential_areas_recognized = Some(areas_recognised);
                        row.commune_recognized = Some(is_recognised);
                        row.police_advanced = Some(police_advanced);
                        row.agencies_total = Some(unit.agencies);
                        row.agencies_recognized = Some(agencies_recognised);
                        row.schools_total = Some(schools);
                        row.schools_recognized = Some(schools_recognised);
                        row.models = Some(models);
                    }
                    Level::District | Level::Province => {
                        let agencies_recognised =
                            recognised_of(unit.agencies, share(&mut self.rng));
                        let typo =
                            level == Level::District && self.rng.per_mille(TENFOLD_TYPO_PER_MILLE);
                        row.agencies_total = Some(if typo {
                            unit.agencies * 10
                        } else {
                            unit.agencies
                        });
                        row.agencies_recognized = Some(agencies_recognised);
                        row.schools_total = Some(unit.schools);
                        row.schools_recognized =
                            Some(recognised_of(unit.schools, share(&mut self.rng)));
                        if level == Level::District {
                            row.models = Some(self.rng.between(0, 3));
                        }
                    }
                }
                self.dataset.assessments.push(row);
            }
            recognised_by_year.push((year, recognised));
        }
        recognised_by_year
    }

    fn awards(&mut self, recognised_by_year: &[(i32, Vec<usize>)]) {
        if recognised_by_year.is_empty() {
            return;
        }
        let year_count = recognised_by_year.len() as u64;
        let mut medal_holders: HashSet<String> = HashSet::new();
        let mut identities: HashSet<(i32, String, String)> = HashSet::new();
        // (year, issuer) → (decision number, recipients on it so far).
        let mut decisions: HashMap<(i32, &'static str), (u32, u32)> = HashMap::new();
        for serial in 0..u64::from(self.spec.awards) {
            let (year, recognised) = &recognised_by_year[(serial % year_count) as usize];
            let year = *year;
            let form = match self.rng.below(20) {
                0 => AwardForm::EmulationFlag,
                1..=7 => AwardForm::CertificateOfMerit,
                8..=17 => AwardForm::CertificateOfCommendation,
                _ => AwardForm::CommemorativeMedal,
            };
            let kind = match form {
                AwardForm::EmulationFlag => RecipientKind::Collective,
                AwardForm::CommemorativeMedal => RecipientKind::Individual,
                _ if self.rng.below(2) == 0 => RecipientKind::Collective,
                _ => RecipientKind::Individual,
            };
            // Recipients come from recognised communes (a collective of an unrecognised one would
            // deserve a warning); in a year without any, from a district.
            let position = match self.rng.pick(recognised) {
                Some(&position) => Some(position),
                None => self.any_district(year),
            };
            let Some(position) = position else {
                continue;
            };
            let unit = self.units[position].clone();
            let place = format!("{} {}", unit.kind.to_lowercase(), unit.base_name);
            let code = self.dataset.localities[position].code.clone();
            let recipient = match kind {
                RecipientKind::Collective => match self.rng.below(3) {
                    0 => format!("Công an {place}"),
                    1 => format!("Nhân dân và cán bộ {place}"),
                    _ => format!("Ban Chỉ đạo phong trào {place}"),
                },
                RecipientKind::Individual => {
                    let mut name = self.person(&place);
                    if form == AwardForm::CommemorativeMedal {
                        let mut tries = 0;
                        while medal_holders.contains(&normalize(&name)) {
                            tries += 1;
                            name = if tries < 8 {
                                self.person(&place)
                            } else {
                                format!("{name} ({tries})")
                            };
                        }
                        medal_holders.insert(normalize(&name));
                    }
                    name
                }
            };
            let issuer: &'static str = match form {
                AwardForm::EmulationFlag if self.rng.per_mille(200) => "ministry",
                AwardForm::EmulationFlag => "province_committee",
                AwardForm::CertificateOfMerit if self.rng.per_mille(300) => "minister",
                AwardForm::CertificateOfMerit => "province_chairman",
                AwardForm::CertificateOfCommendation if self.rng.below(2) == 0 => {
                    "province_police_director"
                }
                AwardForm::CertificateOfCommendation => "district_chairman",
                AwardForm::CommemorativeMedal => "minister",
            };
            let suffix = match issuer {
                "ministry" | "minister" => "QĐ-BCA",
                "province_police_director" => "QĐ-CAT",
                _ => "QĐ-UBND",
            };
            let decision = decisions.entry((year, issuer)).or_insert((1, 0));
            // A decision commends up to 25 recipients; a recipient appears on one decision once.
            if decision.1 >= 25 {
                *decision = (decision.0 + 1, 0);
            }
            let mut decision_no = format!("{}/{suffix}", decision.0);
            while !identities.insert((year, decision_no.clone(), normalize(&recipient))) {
                *decision = (decision.0 + 1, 0);
                decision_no = format!("{}/{suffix}", decision.0);
            }
            decision.1 += 1;
            let decision_date = if self.rng.below(3) == 0 {
                date(year + 1, 1, self.rng.between(5, 25))
            } else {
                date(year, 12, self.rng.between(10, 28))
            };
            let Some(decision_date) = decision_date else {
                continue;
            };
            self.dataset.awards.push(Award {
                id: 0,
                year,
                form,
                issuer: issuer.to_string(),
                recipient_kind: kind,
                recipient,
                locality_code: Some(code),
                birth_year: None,
                decision_no,
                decision_date,
                note: String::new(),
            });
        }
    }

    fn any_district(&mut self, year: i32) -> Option<usize> {
        let valid: Vec<usize> = (0..self.dataset.localities.len())
            .filter(|&p| {
                self.dataset.localities[p].level == Level::District
                    && self.dataset.localities[p].valid_in_year(year)
            })
            .collect();
        self.rng.pick(&valid).copied()
    }

    fn person(&mut self, place: &str) -> String {
        let family = self.rng.pick(&FAMILY_NAMES).copied().unwrap_or("Nguyễn");
        let middle = self.rng.pick(&MIDDLE_NAMES).copied().unwrap_or("Văn");
        let given = self.rng.pick(&GIVEN_NAMES).copied().unwrap_or("An");
        let role = self.rng.pick(&ROLES).copied().unwrap_or("Công an viên");
        format!("{family} {middle} {given}, {role} {place}")
    }

    fn limitations(&mut self) {
        let years: Vec<i32> = self.spec.years.clone().collect();
        let last = years.last().copied().unwrap_or(0);
        for &year in &years {
            for position in 0..self.dataset.localities.len() {
                let locality = &self.dataset.localities[position];
                if locality.level == Level::Commune || !locality.valid_in_year(year) {
                    continue;
                }
                let code = locality.code.clone();
                let count = match self.rng.below(10) {
                    0..=3 => 0,
                    4..=8 => 1,
                    _ => 2,
                };
                let first = self.rng.below(LIMITATIONS.len() as u64) as usize;
                for k in 0..count {
                    let Some(&(category, text, remedy)) =
                        LIMITATIONS.get((first + k) % LIMITATIONS.len())
                    else {
                        continue;
                    };
                    let status = if year == last {
                        LimitationStatus::Open
                    } else if self.rng.per_mille(800) {
                        LimitationStatus::Resolved
                    } else {
                        LimitationStatus::InProgress
                    };
                    self.dataset.limitations.push(Limitation {
                        id: 0,
                        year,
                        locality_code: code.clone(),
                        category: category.to_string(),
                        text: text.to_string(),
                        remedy: remedy.to_string(),
                        status,
                    });
                }
            }
        }
    }
}

fn recognised_of(total: u32, share: f64) -> u32 {
    ((f64::from(total) * share).round() as u32).min(total)
}
