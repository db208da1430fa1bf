use super::Level;
use serde::{Deserialize, Serialize};

/// The four categories a report states as recognised/total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    ResidentialAreas,
    Communes,
    Agencies,
    Schools,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::ResidentialAreas,
        Category::Communes,
        Category::Agencies,
        Category::Schools,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::ResidentialAreas => "residential_areas",
            Category::Communes => "communes",
            Category::Agencies => "agencies",
            Category::Schools => "schools",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// A provincial target: at least `min_share` of the category recognised in `year`, province-wide or for
/// one district (`locality` = its code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub year: i32,
    pub category: Category,
    pub min_share: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
}

impl Target {
    /// `recognized ≥ min_share × total`, computed exactly on integers scaled by 10⁶ so that 0.85 × 20
    /// is 17, not 16.999….
    pub fn is_met(min_share: f64, recognized: u64, total: u64) -> bool {
        recognized >= Self::required(min_share, total)
    }

    /// The smallest number recognised that meets `min_share` of `total`.
    pub fn required(min_share: f64, total: u64) -> u64 {
        let ppm = (min_share * 1_000_000.0).round() as u128;
        let need = (ppm * total as u128).div_ceil(1_000_000);
        need as u64
    }

    /// The minimum share for a category in a year: the locality's own target when it has one, else the
    /// province-wide one. Of duplicates, the first wins.
    pub fn share_for(
        targets: &[Target],
        year: i32,
        category: Category,
        locality: Option<&str>,
    ) -> Option<f64> {
        let own = locality.and_then(|code| {
            targets.iter().find(|t| {
                t.year == year && t.category == category && t.locality.as_deref() == Some(code)
            })
        });
        own.or_else(|| {
            targets
                .iter()
                .find(|t| t.year == year && t.category == category && t.locality.is_none())
        })
        .map(|t| t.min_share)
    }

    /// The target a locality is held to: as [`Target::share_for`], except that a commune is held only
    /// to a target that names it (targets are set for districts and the province; 85% of a commune's
    /// 7 residential areas is not a target anyone set).
    pub fn share_of(
        targets: &[Target],
        year: i32,
        category: Category,
        code: &str,
        level: Level,
    ) -> Option<f64> {
        if level == Level::Commune {
            targets
                .iter()
                .find(|t| {
                    t.year == year && t.category == category && t.locality.as_deref() == Some(code)
                })
                .map(|t| t.min_share)
        } else {
            Target::share_for(targets, year, category, Some(code))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_is_exact_on_decimal_shares() {
        assert_eq!(Target::required(0.85, 20), 17);
        assert_eq!(Target::required(0.7, 25), 18);
        assert_eq!(Target::required(0.7, 10), 7);
        assert_eq!(Target::required(0.85, 1205), 1025);
        assert!(Target::is_met(0.85, 1046, 1205));
        assert!(!Target::is_met(0.88, 1046, 1205));
        assert_eq!(Target::required(1.0, 0), 0);
    }
}
