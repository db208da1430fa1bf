//! The Years view: for a scope (the province, a district or a commune) the report years side by side —
//! recognised/total, share, target and met per category, commended counts, open limitations. The sums
//! are SQL aggregates read by the store (`store::year_sums`), so that 30 years of a whole country
//! answer in milliseconds; this module judges them against the targets.
//!
//! A unit's own years are its own figures. The years before it began (a commune or a province made by
//! a merger) are the sums of its predecessors — recursively, a predecessor's own predecessors for the
//! years before it began — and are marked as such. The years after it ended are empty.

use crate::config::Config;
use crate::domain::aggregate::Ratio;
use crate::domain::award::{recipients_by_kind, RecipientRecord};
use crate::domain::{units_date, Category, Level, Locality, RuleSet, Target};
use crate::error::{Error, Result};
use crate::store::{Store, SumScope, Sums};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;

/// One category of one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryYear {
    pub category: Category,
    pub ratio: Ratio,
    pub target: Option<f64>,
    pub met: Option<bool>,
}

/// One report year of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub year: i32,
    /// Rows reported in the scope this year (0 = nothing typed yet).
    pub rows: u64,
    pub categories: [CategoryYear; 4],
    pub models: u64,
    pub collectives: u64,
    pub individuals: u64,
    pub open_limitations: u64,
    /// The year is before the scope began and its predecessors hold figures: the figures are their
    /// sum (shown as "cộng các đơn vị trước sáp nhập").
    pub from_predecessors: bool,
    /// The year's units hold no district (two-level local government): its words differ ("xã,
    /// phường, đặc khu").
    pub without_districts: bool,
    /// The units whose figures make up the year, and how many of them are entered (every field the
    /// year's rule set asks of them reported); both 0 in a year without figures.
    pub units: u64,
    pub units_entered: u64,
}

impl YearFigures {
    /// The year holds figures, but not every unit's: the Years view marks it.
    pub fn incomplete(&self) -> bool {
        self.rows > 0 && self.units_entered < self.units
    }

    pub fn get(&self, category: Category) -> &CategoryYear {
        &self.categories[Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0)]
    }
}

/// The figures of the unit with `scope_code` (the province when None) for each year of `years`. A
/// reused code names several versions: the one valid in the latest year of `years` that has one is
/// meant, else the newest stored.
pub fn overview(
    store: &Store,
    config: &Config,
    scope_code: Option<&str>,
    years: RangeInclusive<i32>,
) -> Result<Vec<YearFigures>> {
    let all = store.all_localities()?;
    let candidates: Vec<&Locality> = match scope_code {
        Some(code) => all.iter().filter(|l| l.code == code).collect(),
        None => all.iter().filter(|l| l.level == Level::Province).collect(),
    };
    let in_range = years
        .clone()
        .rev()
        .find_map(|y| candidates.iter().find(|l| l.valid_in_year(y)).copied());
    let newest = candidates.iter().max_by_key(|l| l.valid_from).copied();
    match (in_range.or(newest), scope_code) {
        (Some(scope), _) => figures(store, config, &all, scope, years),
        (None, None) => Ok(years.map(empty_year).collect()),
        (None, Some(code)) => Err(no_locality(code)),
    }
}

/// The figures of one stored version of a unit (its id) for each year of `years`.
pub fn overview_of(
    store: &Store,
    config: &Config,
    scope_id: i64,
    years: RangeInclusive<i32>,
) -> Result<Vec<YearFigures>> {
    let all = store.all_localities()?;
    let scope = all
        .iter()
        .find(|l| l.id == scope_id)
        .ok_or_else(|| no_locality(&format!("#{scope_id}")))?;
    figures(store, config, &all, scope, years)
}

/// The units one level down from the unit `scope_id` in `year`, as the Years view's drill-down lists
/// them: the units of that year. In the unit's own years, its children; in a year before it began,
/// the children of the predecessors its figures add up (a predecessor commune is listed itself).
pub fn drill_down(store: &Store, scope_id: i64, year: i32) -> Result<Vec<Locality>> {
    let all = store.all_localities()?;
    let Some(scope) = all.iter().find(|l| l.id == scope_id) else {
        return Err(no_locality(&format!("#{scope_id}")));
    };
    let mut lineage = Lineage::new(&all);
    let units = lineage.units_of_year(store, scope, year)?;
    let of_year = store.localities_in_year(year)?;
    let mut out = Vec::new();
    for unit in units {
        // A summed year lists the predecessors its figures add up: those holding figures that year.
        if unit.id != scope.id && !holds_figures(store, unit, year)? {
            continue;
        }
        if unit.id != scope.id && unit.level == Level::Commune {
            out.push(unit.clone());
        } else {
            out.extend(
                of_year
                    .iter()
                    .filter(|l| l.parent_code.as_deref() == Some(unit.code.as_str()))
                    .cloned(),
            );
        }
    }
    Ok(out)
}

/// The units whose figures make up the unit `scope_id`'s summed `year` (a year before it began):
/// its predecessors holding figures that year. Empty in the unit's own years.
pub fn summed_units(store: &Store, scope_id: i64, year: i32) -> Result<Vec<Locality>> {
    let all = store.all_localities()?;
    let Some(scope) = all.iter().find(|l| l.id == scope_id) else {
        return Err(no_locality(&format!("#{scope_id}")));
    };
    let mut lineage = Lineage::new(&all);
    let mut out = Vec::new();
    for unit in lineage.units_of_year(store, scope, year)? {
        if unit.id != scope.id && holds_figures(store, unit, year)? {
            out.push(unit.clone());
        }
    }
    Ok(out)
}

/// The unit's subtree holds assessment rows in `year`.
fn holds_figures(store: &Store, unit: &Locality, year: i32) -> Result<bool> {
    let scope = match unit.level {
        Level::Province => SumScope::ProvinceAmongMany(&unit.code),
        Level::District => SumScope::District(&unit.code),
        Level::Commune => SumScope::Commune(&unit.code),
    };
    Ok(store
        .year_sums(scope, year, year)?
        .get(&year)
        .is_some_and(|s| s.rows > 0))
}

fn no_locality(code: &str) -> Error {
    Error::data(
        format!("không có địa phương mã {code}"),
        format!("no locality with code {code}"),
    )
}

fn empty_year(year: i32) -> YearFigures {
    YearFigures {
        year,
        rows: 0,
        categories: std::array::from_fn(|i| CategoryYear {
            category: Category::ALL[i],
            ratio: Ratio::default(),
            target: None,
            met: None,
        }),
        models: 0,
        collectives: 0,
        individuals: 0,
        open_limitations: 0,
        from_predecessors: false,
        without_districts: false,
        units: 0,
        units_entered: 0,
    }
}

/// The lineage of the stored units: each version's predecessors resolved to versions (by the store,
/// once per version asked about).
struct Lineage<'a> {
    by_id: HashMap<i64, &'a Locality>,
    resolved: HashMap<i64, Vec<i64>>,
}

impl<'a> Lineage<'a> {
    fn new(all: &'a [Locality]) -> Lineage<'a> {
        Lineage {
            by_id: all.iter().map(|l| (l.id, l)).collect(),
            resolved: HashMap::new(),
        }
    }

    /// The units whose own figures make up `unit`'s in `year`: itself in its own years; before it
    /// began, its predecessors' (recursively); none after it ended. A unit reached twice (two
    /// successors of one split unit merged again) counts once; a cycle in bad data ends.
    fn units_of_year(
        &mut self,
        store: &Store,
        unit: &'a Locality,
        year: i32,
    ) -> Result<Vec<&'a Locality>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.collect(store, unit, units_date(year), &mut seen, &mut out)?;
        Ok(out)
    }

    fn collect(
        &mut self,
        store: &Store,
        unit: &'a Locality,
        date: chrono::NaiveDate,
        seen: &mut HashSet<i64>,
        out: &mut Vec<&'a Locality>,
    ) -> Result<()> {
        if !seen.insert(unit.id) {
            return Ok(());
        }
        if unit.valid_on(date) {
            out.push(unit);
            return Ok(());
        }
        if unit.valid_from.is_none_or(|from| from <= date) {
            return Ok(()); // ended before the date
        }
        let ids = match self.resolved.get(&unit.id) {
            Some(ids) => ids.clone(),
            None => {
                let mut ids = Vec::new();
                for p in &unit.predecessors {
                    ids.extend(store.predecessor_id(p)?);
                }
                self.resolved.insert(unit.id, ids.clone());
                ids
            }
        };
        for id in ids {
            if let Some(p) = self.by_id.get(&id).copied() {
                self.collect(store, p, date, seen, out)?;
            }
        }
        Ok(())
    }
}

/// Which query sums a unit's rows of a year: the province's cache when the year's units hold one
/// province (then every row of the year is its), else the unit's subtree by code — a code is unique
/// among the units of a year, so a reused one cannot mix two units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SumKey<'a> {
    OnlyProvince,
    Unit(Level, &'a str),
}

impl<'a> SumKey<'a> {
    fn scope(self) -> SumScope<'a> {
        match self {
            SumKey::OnlyProvince => SumScope::Province,
            SumKey::Unit(Level::Province, code) => SumScope::ProvinceAmongMany(code),
            SumKey::Unit(Level::District, code) => SumScope::District(code),
            SumKey::Unit(Level::Commune, code) => SumScope::Commune(code),
        }
    }
}

/// The commune-level units under `unit` (itself if a commune) among the units valid on `date`.
fn communes_under(all: &[Locality], unit: &Locality, date: chrono::NaiveDate) -> u64 {
    let parent_is = |l: &Locality, code: &str| l.parent_code.as_deref() == Some(code);
    match unit.level {
        Level::Commune => 1,
        Level::District => all
            .iter()
            .filter(|l| l.level == Level::Commune && l.valid_on(date) && parent_is(l, &unit.code))
            .count() as u64,
        Level::Province => {
            let districts: HashSet<&str> = all
                .iter()
                .filter(|l| l.level == Level::District && l.valid_on(date))
                .filter(|l| parent_is(l, &unit.code))
                .map(|l| l.code.as_str())
                .collect();
            all.iter()
                .filter(|l| l.level == Level::Commune && l.valid_on(date))
                .filter(|l| {
                    l.parent_code
                        .as_deref()
                        .is_some_and(|p| p == unit.code || districts.contains(p))
                })
                .count() as u64
        }
    }
}

/// One year of a scope: the units whose figures add up and how each is summed, and whether the year
/// has no district.
type YearPlan<'a> = (i32, Vec<(&'a Locality, SumKey<'a>)>, bool);

fn figures(
    store: &Store,
    config: &Config,
    all: &[Locality],
    scope: &Locality,
    years: RangeInclusive<i32>,
) -> Result<Vec<YearFigures>> {
    let mut lineage = Lineage::new(all);
    // Per year, the units whose figures add up, and how each is summed; then one query per way of
    // summing over the years that need it.
    let mut plan: Vec<YearPlan<'_>> = Vec::new();
    let mut needed: HashMap<SumKey<'_>, BTreeSet<i32>> = HashMap::new();
    for year in years.clone() {
        let date = units_date(year);
        let provinces = all
            .iter()
            .filter(|l| l.level == Level::Province && l.valid_on(date))
            .count();
        let districts = all
            .iter()
            .any(|l| l.level == Level::District && l.valid_on(date));
        let mut units = Vec::new();
        for unit in lineage.units_of_year(store, scope, year)? {
            let key = if unit.level == Level::Province && provinces == 1 {
                SumKey::OnlyProvince
            } else {
                SumKey::Unit(unit.level, unit.code.as_str())
            };
            needed.entry(key).or_default().insert(year);
            units.push((unit, key));
        }
        plan.push((year, units, !districts));
    }
    let mut sums: HashMap<(SumKey<'_>, i32), Sums> = HashMap::new();
    for (key, ys) in &needed {
        let (Some(&from), Some(&to)) = (ys.first(), ys.last()) else {
            continue;
        };
        for (year, s) in store.year_sums(key.scope(), from, to)? {
            if ys.contains(&year) {
                sums.insert((*key, year), s);
            }
        }
    }

    // How many units are entered, per way of summing, in the years it holds figures (a year nobody
    // typed is shown empty, not as incomplete), each year by its own rule set.
    let mut entered: HashMap<(SumKey<'_>, i32), (u64, u64)> = HashMap::new();
    for (key, ys) in &needed {
        let asked: Vec<(i32, Option<&RuleSet>)> = ys
            .iter()
            .filter(|y| sums.get(&(*key, **y)).is_some_and(|s| s.rows > 0))
            .map(|&y| (y, config.rule_set(y)))
            .collect();
        if asked.is_empty() {
            continue;
        }
        for (year, counts) in store.units_entered(key.scope(), &asked)? {
            entered.insert((*key, year), counts);
        }
    }

    // The units a summed year adds (those holding figures); where several do, commended recipients
    // are recounted as distinct across them, one query per unit over the years that need it.
    let mut recount: HashMap<SumKey<'_>, BTreeSet<i32>> = HashMap::new();
    for (year, units, _) in &plan {
        let own = scope.valid_on(units_date(*year));
        let added: Vec<SumKey<'_>> = units
            .iter()
            .filter(|(_, key)| own || sums.get(&(*key, *year)).is_some_and(|s| s.rows > 0))
            .map(|(_, key)| *key)
            .collect();
        if added.len() > 1 {
            for key in added {
                recount.entry(key).or_default().insert(*year);
            }
        }
    }
    let mut recipients: HashMap<i32, Vec<RecipientRecord>> = HashMap::new();
    for (key, ys) in &recount {
        let (Some(&from), Some(&to)) = (ys.first(), ys.last()) else {
            continue;
        };
        for (year, records) in store.recipients(key.scope(), from, to)? {
            if ys.contains(&year) {
                recipients.entry(year).or_default().extend(records);
            }
        }
    }

    let n = |v: i64| v.max(0) as u64;
    let mut out = Vec::new();
    for (year, units, without_districts) in plan {
        let date = units_date(year);
        let own = scope.valid_on(date);
        let mut s = Sums::default();
        let mut communes = 0;
        let (mut units_entered, mut units_in_year) = (0, 0);
        for (unit, key) in &units {
            let unit_sums = sums.get(&(*key, year)).copied().unwrap_or_default();
            // A predecessor adds to a summed year only where its figures exist: its units without
            // figures would only lower the shares.
            if !own && unit_sums.rows == 0 {
                continue;
            }
            s += unit_sums;
            communes += communes_under(all, unit, date);
            let (e, u) = entered.get(&(*key, year)).copied().unwrap_or_default();
            units_entered += e;
            units_in_year += u;
        }
        // Commended recipients are distinct people and collectives, as the report counts them: one
        // commended in two predecessors counts once.
        if recount.values().any(|ys| ys.contains(&year)) {
            let (collectives, individuals) = recipients
                .get(&year)
                .map_or((0, 0), |r| recipients_by_kind(r));
            s.collectives = collectives as i64;
            s.individuals = individuals as i64;
        }
        let ratios = [
            Ratio {
                recognized: n(s.residential_areas_recognized),
                total: n(s.residential_areas_total),
            },
            Ratio {
                recognized: n(s.communes_recognized),
                total: communes,
            },
            Ratio {
                recognized: n(s.agencies_recognized),
                total: n(s.agencies_total),
            },
            Ratio {
                recognized: n(s.schools_recognized),
                total: n(s.schools_total),
            },
        ];
        // A summed year is held to the target of its kind of unit, not to one naming the scope's
        // code, which may have meant another unit then.
        let target_code = if own { scope.code.as_str() } else { "" };
        let categories = std::array::from_fn(|i| {
            let category = Category::ALL[i];
            let ratio = ratios[i];
            let target = config.target_of(year, category, target_code, scope.level);
            CategoryYear {
                category,
                ratio,
                target,
                met: target.map(|t| Target::is_met(t, ratio.recognized, ratio.total)),
            }
        });
        out.push(YearFigures {
            year,
            rows: n(s.rows),
            categories,
            models: n(s.models),
            collectives: n(s.collectives),
            individuals: n(s.individuals),
            open_limitations: n(s.open_limitations),
            from_predecessors: !own && s.rows > 0,
            without_districts,
            units: units_in_year,
            units_entered,
        });
    }
    Ok(out)
}
