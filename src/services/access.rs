//! Who may do what. The acting user is the operating-system login of the process. While no user is
//! registered every login may do everything (so a fresh database can be loaded and the first province
//! user added); once one is, an unregistered login may only read.

use crate::domain::workflow::{Role, State};
use crate::domain::{Level, Locality};
use crate::error::{Error, Result};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rights {
    /// No user registered yet: everyone may do everything.
    Open,
    Province,
    Clerk {
        district_code: String,
    },
    /// Registered users exist but this login is not one of them.
    ReadOnly,
}

impl Rights {
    pub fn of(store: &Store) -> Result<Rights> {
        let users = store.users()?;
        if users.is_empty() {
            return Ok(Rights::Open);
        }
        Ok(match users.into_iter().find(|u| u.login == store.user()) {
            None => Rights::ReadOnly,
            Some(u) => match (u.role, u.district_code) {
                (Role::Province, _) => Rights::Province,
                (Role::Clerk, Some(d)) => Rights::Clerk { district_code: d },
                (Role::Clerk, None) => Rights::ReadOnly,
            },
        })
    }

    pub fn is_province(&self) -> bool {
        matches!(self, Rights::Open | Rights::Province)
    }

    /// May this user edit figures of `district` (None = the province's own units)?
    pub fn may_edit_district(&self, district: Option<&str>) -> bool {
        match self {
            Rights::Open | Rights::Province => true,
            Rights::Clerk { district_code } => district == Some(district_code.as_str()),
            Rights::ReadOnly => false,
        }
    }
}

/// The district a locality belongs to in a year: itself for a district, its parent for a commune,
/// None for the province.
pub fn district_of<'a>(localities: &'a [Locality], code: &str) -> Option<&'a str> {
    let l = localities.iter().find(|l| l.code == code)?;
    match l.level {
        Level::Province => None,
        Level::District => Some(l.code.as_str()),
        Level::Commune => l.parent_code.as_deref(),
    }
}

pub fn read_only_message(login: &str) -> Error {
    Error::data(
        format!("người dùng {login} chưa được đăng ký nên chỉ được xem; cán bộ cấp tỉnh thêm bằng: antq user add {login} --role clerk --district MÃ_HUYỆN"),
        format!("the login {login} is not registered and may only read; a province user adds it with: antq user add {login} --role clerk --district CODE"),
    )
}

/// Refuses (exit 1) an edit of `code` in `year` by this user: outside the clerk's district, a
/// read-only login, or an approved district-year.
pub fn ensure_may_edit(store: &Store, rights: &Rights, year: i32, code: &str) -> Result<()> {
    let locality = store.locality_in_year(code, year)?.ok_or_else(|| {
        Error::data(
            format!("mã địa phương {code} không có trong năm {year}"),
            format!("locality code {code} is not valid in {year}"),
        )
    })?;
    let district = match locality.level {
        Level::Province => None,
        Level::District => Some(locality.code.as_str()),
        Level::Commune => locality.parent_code.as_deref(),
    };
    if *rights == Rights::ReadOnly {
        return Err(read_only_message(store.user()));
    }
    if !rights.may_edit_district(district) {
        return Err(Error::data(
            format!(
                "{} chỉ được sửa số liệu của huyện mình; {code} thuộc đơn vị khác",
                store.user()
            ),
            format!(
                "{} may edit only their own district; {code} belongs to another unit",
                store.user()
            ),
        ));
    }
    if let Some(d) = district {
        if store.state(year, d)? == State::Approved {
            return Err(Error::data(
                format!("số liệu năm {year} của huyện {d} đã được duyệt nên chỉ được xem (cấp tỉnh mở lại bằng antq reopen)"),
                format!("the {year} figures of district {d} are approved and read-only (the province reopens them with antq reopen)"),
            ));
        }
    }
    Ok(())
}

/// Refuses acts reserved to province users (loading the demo, approving, managing users).
pub fn ensure_province(store: &Store) -> Result<()> {
    match Rights::of(store)? {
        Rights::Open | Rights::Province => Ok(()),
        Rights::ReadOnly => Err(read_only_message(store.user())),
        Rights::Clerk { .. } => Err(Error::data(
            format!(
                "chỉ cán bộ cấp tỉnh được làm việc này ({} là cán bộ huyện)",
                store.user()
            ),
            format!(
                "only province users may do this ({} is a district clerk)",
                store.user()
            ),
        )),
    }
}
