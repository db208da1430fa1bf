//! Who may do what. The acting user is the operating-system login of the process. While no user is
//! registered every login may do everything (so a fresh database can be loaded and the first province
//! user added); once one is, an unregistered login may only read.
//!
//! Rights and the workflow are per **reporting unit**: the level just under the province in the year
//! (`domain::locality::reporting_level`) — a district where the year has districts, else a commune
//! standing directly under its province. A clerk names one reporting unit.

use crate::domain::workflow::{Role, State, User};
use crate::domain::{Level, Locality};
use crate::error::{Error, Result};
use crate::store::{Store, Writer};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rights {
    /// No user registered yet: everyone may do everything.
    Open,
    Province,
    Clerk {
        /// The clerk's reporting unit: a district, or a commune directly under its province.
        unit_code: String,
    },
    /// Registered users exist but this login is not one of them.
    ReadOnly,
}

impl Rights {
    pub fn of(store: &Store) -> Result<Rights> {
        Ok(Rights::among(store.users()?, store.user()))
    }

    /// The rights of `login` given the registered users (read inside a write transaction, see
    /// `Writer::users`).
    pub fn among(users: Vec<User>, login: &str) -> Rights {
        if users.is_empty() {
            return Rights::Open;
        }
        match users.into_iter().find(|u| u.login == login) {
            None => Rights::ReadOnly,
            Some(u) => match (u.role, u.district_code) {
                (Role::Province, _) => Rights::Province,
                (Role::Clerk, Some(unit)) => Rights::Clerk { unit_code: unit },
                (Role::Clerk, None) => Rights::ReadOnly,
            },
        }
    }

    /// Refuses acts reserved to province users for `login` holding these rights.
    pub fn ensure_province(&self, login: &str) -> Result<()> {
        match self {
            Rights::Open | Rights::Province => Ok(()),
            Rights::ReadOnly => Err(read_only_message(login)),
            Rights::Clerk { .. } => Err(Error::data(
                format!("chỉ cán bộ cấp tỉnh được làm việc này ({login} là cán bộ của một đơn vị)"),
                format!("only province users may do this ({login} is a unit clerk)"),
            )),
        }
    }

    pub fn is_province(&self) -> bool {
        matches!(self, Rights::Open | Rights::Province)
    }

    /// May this user edit figures of the reporting unit `unit` (None = the province's own units)?
    pub fn may_edit_unit(&self, unit: Option<&str>) -> bool {
        match self {
            Rights::Open | Rights::Province => true,
            Rights::Clerk { unit_code } => unit == Some(unit_code.as_str()),
            Rights::ReadOnly => false,
        }
    }
}

/// The reporting unit whose figures a locality's are: a district for itself and its communes, a
/// commune standing directly under its province for itself, None for the province. `parent_level`
/// is the level of the locality's parent in the same year.
pub fn reporting_unit_of(l: &Locality, parent_level: Option<Level>) -> Option<&str> {
    match (l.level, parent_level) {
        (Level::Province, _) => None,
        (Level::District, _) => Some(l.code.as_str()),
        (Level::Commune, Some(Level::District)) => l.parent_code.as_deref(),
        (Level::Commune, _) => Some(l.code.as_str()),
    }
}

/// Code → reporting unit for the units of one year (see [`reporting_unit_of`]).
pub fn reporting_units<'a>(
    units: impl Iterator<Item = &'a Locality> + Clone,
) -> HashMap<&'a str, Option<&'a str>> {
    let levels: HashMap<&str, Level> = units.clone().map(|l| (l.code.as_str(), l.level)).collect();
    units
        .map(|l| {
            let parent = l
                .parent_code
                .as_deref()
                .and_then(|p| levels.get(p).copied());
            (l.code.as_str(), reporting_unit_of(l, parent))
        })
        .collect()
}

/// The reporting units of `year` under `province`, in stored order: its districts, or its communes
/// where the year has no district.
pub fn reporting_units_of_year(units: &[Locality], province: &str) -> Vec<Locality> {
    let level = crate::domain::locality::reporting_level(units, province);
    units
        .iter()
        .filter(|l| l.level == level && l.parent_code.as_deref() == Some(province))
        .cloned()
        .collect()
}

/// The reporting unit `code` names in `year`, or a clear refusal: a district code in a year without
/// districts, a commune in a year reported district by district, a code unknown in the year. Either
/// is a usage error (exit 2), never a refusal of the data; the message says what the year reports by.
pub fn reporting_unit(store: &Store, year: i32, code: &str) -> Result<Locality> {
    reporting_unit_among(&store.localities_in_year(year)?, year, code)
}

/// [`reporting_unit`] among the units of `year` already read.
pub fn reporting_unit_among(units: &[Locality], year: i32, code: &str) -> Result<Locality> {
    let Some(l) = units.iter().find(|l| l.code == code) else {
        return Err(Error::env(
            format!("không có đơn vị mã {code} trong năm {year}"),
            format!("no unit with code {code} in {year}"),
        ));
    };
    let province = match l.level {
        Level::Province => None,
        _ => l.parent_code.as_deref(),
    };
    let province = province.filter(|p| {
        units
            .iter()
            .any(|u| u.code == *p && u.level == Level::Province)
    });
    let expected = province.map(|p| crate::domain::locality::reporting_level(units, p));
    if let (Some(_), Some(level)) = (province, expected) {
        if level == l.level {
            return Ok(l.clone());
        }
    }
    let by_district = units.iter().any(|u| u.level == Level::District);
    Err(Error::env(
        if by_district {
            format!("{code} ({}) không phải đơn vị báo cáo của năm {year}: năm này báo cáo theo huyện (cấp huyện)", l.name)
        } else {
            format!("{code} ({}) không phải đơn vị báo cáo của năm {year}: năm này không còn cấp huyện, báo cáo theo xã, phường, đặc khu", l.name)
        },
        if by_district {
            format!(
                "{code} ({}) is not a reporting unit of {year}: that year reports by district",
                l.name
            )
        } else {
            format!("{code} ({}) is not a reporting unit of {year}: that year has no districts and reports by commune, ward and special zone", l.name)
        },
    ))
}

pub fn read_only_message(login: &str) -> Error {
    Error::data(
        format!("người dùng {login} chưa được đăng ký nên chỉ được xem; cán bộ cấp tỉnh thêm bằng: antq user add {login} --role clerk --unit MÃ_ĐƠN_VỊ"),
        format!("the login {login} is not registered and may only read; a province user adds it with: antq user add {login} --role clerk --unit CODE"),
    )
}

/// What the refusal of an edit is read from: the store, or a write transaction (what a write
/// depends on is read inside it, see [`ensure_may_edit_in`]).
pub trait UnitReads {
    fn locality_in_year(&self, code: &str, year: i32) -> Result<Option<Locality>>;
    fn state(&self, year: i32, unit: &str) -> Result<State>;
}

impl UnitReads for Store {
    fn locality_in_year(&self, code: &str, year: i32) -> Result<Option<Locality>> {
        Store::locality_in_year(self, code, year)
    }
    fn state(&self, year: i32, unit: &str) -> Result<State> {
        Store::state(self, year, unit)
    }
}

impl UnitReads for Writer<'_> {
    fn locality_in_year(&self, code: &str, year: i32) -> Result<Option<Locality>> {
        Writer::locality_in_year(self, code, year)
    }
    fn state(&self, year: i32, unit: &str) -> Result<State> {
        Writer::state(self, year, unit)
    }
}

/// Refuses (exit 1) an edit of `code` in `year` by this user: outside the clerk's reporting unit, a
/// read-only login, or an approved unit-year.
pub fn ensure_may_edit(store: &Store, rights: &Rights, year: i32, code: &str) -> Result<()> {
    ensure_may_edit_in(store, rights, store.user(), year, code)
}

/// [`ensure_may_edit`] for `login`, reading the locality and its unit's state from `reads` (a write
/// transaction, so that no other process moves the state between the check and the write).
pub fn ensure_may_edit_in(
    reads: &impl UnitReads,
    rights: &Rights,
    login: &str,
    year: i32,
    code: &str,
) -> Result<()> {
    let locality = reads.locality_in_year(code, year)?.ok_or_else(|| {
        Error::data(
            format!("mã địa phương {code} không có trong năm {year}"),
            format!("locality code {code} is not valid in {year}"),
        )
    })?;
    let parent_level = match locality.parent_code.as_deref() {
        Some(p) => reads.locality_in_year(p, year)?.map(|p| p.level),
        None => None,
    };
    let unit = reporting_unit_of(&locality, parent_level);
    if *rights == Rights::ReadOnly {
        return Err(read_only_message(login));
    }
    if !rights.may_edit_unit(unit) {
        return Err(Error::data(
            format!("{login} chỉ được sửa số liệu của đơn vị mình; {code} thuộc đơn vị khác"),
            format!("{login} may edit only their own unit; {code} belongs to another unit"),
        ));
    }
    if let Some(u) = unit {
        if let Some((vi, en)) = lock(reads.state(year, u)?, rights, year, u) {
            return Err(Error::data(vi, en));
        }
    }
    Ok(())
}

/// Why a unit-year in `state` is read-only to this user, if it is: approved figures to everyone until
/// the province reopens them; submitted figures to the unit's clerks until they are recalled (the
/// province may still correct them before approving).
pub fn lock(state: State, rights: &Rights, year: i32, unit: &str) -> Option<(String, String)> {
    match state {
        State::Approved => Some((
            format!("số liệu năm {year} của đơn vị {unit} đã được duyệt nên chỉ được xem (cấp tỉnh mở lại bằng antq reopen)"),
            format!("the {year} figures of unit {unit} are approved and read-only (the province reopens them with antq reopen)"),
        )),
        State::Submitted if !rights.is_province() => Some((
            format!("số liệu năm {year} của đơn vị {unit} đã nộp nên chỉ được xem (lấy lại để sửa bằng antq recall --year {year} --unit {unit}, khi cấp tỉnh chưa duyệt)"),
            format!("the {year} figures of unit {unit} are submitted and read-only (take them back to correct them with antq recall --year {year} --unit {unit}, while the province has not approved them)"),
        )),
        _ => None,
    }
}

/// Refuses acts reserved to province users (loading the demo, approving, managing users).
pub fn ensure_province(store: &Store) -> Result<()> {
    Rights::of(store)?.ensure_province(store.user())
}
