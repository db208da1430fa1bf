use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three administrative levels a report knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }
}

/// An administrative unit with its validity. Codes are reused by successors, so `(code, valid_from)`
/// identifies a row; `id` is the store's internal key (0 for a locality not stored yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locality {
    pub id: i64,
    pub code: String,
    /// NFC.
    pub name: String,
    pub level: Level,
    /// The code of the parent valid at the same time (None for the province).
    pub parent_code: Option<String>,
    /// None = before the records.
    pub valid_from: Option<NaiveDate>,
    /// None = still valid. Inclusive: the last day the unit exists.
    pub valid_to: Option<NaiveDate>,
    /// The units whose territory this one took (its lineage), possibly under another former parent.
    pub predecessors: Vec<Predecessor>,
}

impl Locality {
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    pub fn valid_in_year(&self, year: i32) -> bool {
        self.valid_on(units_date(year))
    }
}

/// A unit whose territory a successor took. In a file it is written `CODE` or `CODE@VALID_FROM`; a stored
/// predecessor always names the version it resolved to (`valid_from` is that version's first day, None
/// for a version that began before the records).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Predecessor {
    pub code: String,
    /// Which version of a reused code: None in a file means "the one valid the day before the
    /// successor begins"; in the store, the version's own `valid_from`.
    pub valid_from: Option<NaiveDate>,
}

impl Predecessor {
    /// One entry: `CODE` or `CODE@YYYY-MM-DD`. The error is the offending entry's fault in (vi, en).
    pub fn parse(entry: &str) -> Result<Predecessor, (String, String)> {
        let entry = entry.trim();
        let (code, from) = match entry.split_once('@') {
            Some((code, from)) => (code.trim(), Some(from.trim())),
            None => (entry, None),
        };
        if code.is_empty() {
            return Err((
                format!("đơn vị trước sáp nhập {entry:?} thiếu mã"),
                format!("predecessor {entry:?} has no code"),
            ));
        }
        let valid_from = match from {
            None => None,
            Some(day) => Some(NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
                (
                    format!(
                        "ngày {day:?} của đơn vị trước sáp nhập {code} không phải ngày yyyy-mm-dd"
                    ),
                    format!("the date {day:?} of predecessor {code} is not a yyyy-mm-dd date"),
                )
            })?),
        };
        Ok(Predecessor {
            code: code.to_string(),
            valid_from,
        })
    }

    /// A `predecessors` cell: entries separated by `;`, empty = none.
    pub fn parse_list(cell: &str) -> Result<Vec<Predecessor>, (String, String)> {
        cell.split(';')
            .filter(|e| !e.trim().is_empty())
            .map(Predecessor::parse)
            .collect()
    }

    /// The `predecessors` cell for a list, in the form [`Predecessor::parse_list`] reads.
    pub fn format_list(list: &[Predecessor]) -> String {
        list.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(";")
    }
}

impl std::fmt::Display for Predecessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.valid_from {
            Some(d) => write!(f, "{}@{}", self.code, d.format("%Y-%m-%d")),
            None => f.write_str(&self.code),
        }
    }
}

/// The level a year reports at under `province`: the level just under the province among the year's
/// units — districts where any exist, else communes (two-level local government, from 1 July 2025).
pub fn reporting_level(units: &[Locality], province: &str) -> Level {
    let has_district = units
        .iter()
        .any(|l| l.level == Level::District && l.parent_code.as_deref() == Some(province));
    if has_district {
        Level::District
    } else {
        Level::Commune
    }
}

/// The units of report year Y are the localities valid on 30 November of Y.
pub fn units_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 11, 30).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predecessor_cells_read_and_write_back() {
        let list = Predecessor::parse_list(" 18868 ; 18862@2020-02-01;").expect("valid");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].valid_from, None);
        assert_eq!(list[1].valid_from, NaiveDate::from_ymd_opt(2020, 2, 1));
        assert_eq!(Predecessor::format_list(&list), "18868;18862@2020-02-01");
        assert!(Predecessor::parse_list("").expect("empty").is_empty());
    }

    #[test]
    fn predecessor_errors_name_the_entry() {
        let (_, en) = Predecessor::parse_list("18868;@2020-01-01").expect_err("no code");
        assert!(en.contains("has no code"), "{en}");
        let (_, en) = Predecessor::parse_list("18868@2020-13-01").expect_err("bad date");
        assert!(en.contains("18868") && en.contains("2020-13-01"), "{en}");
    }

    fn unit(code: &str, level: Level, parent: Option<&str>) -> Locality {
        Locality {
            id: 0,
            code: code.into(),
            name: code.into(),
            level,
            parent_code: parent.map(str::to_string),
            valid_from: None,
            valid_to: None,
            predecessors: Vec::new(),
        }
    }

    #[test]
    fn the_reporting_level_is_the_one_under_the_province() {
        let three = [
            unit("44", Level::Province, None),
            unit("450", Level::District, Some("44")),
            unit("18853", Level::Commune, Some("450")),
        ];
        assert_eq!(reporting_level(&three, "44"), Level::District);
        let two = [
            unit("44", Level::Province, None),
            unit("18880", Level::Commune, Some("44")),
        ];
        assert_eq!(reporting_level(&two, "44"), Level::Commune);
    }
}
