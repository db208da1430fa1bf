//! A province across the 2025 reform, for the Years view's tests: the old Quảng Bình (44) with two
//! districts and their communes until 30/06/2025, figures for 2019, 2020 and 2024 (one 2020 merger on
//! the way); the old Quảng Trị (45) with one district, figures for 2024 only; and from 01/07/2025 the
//! new Tỉnh Quảng Trị, reusing code 44, directly over three communes that name the old ones as
//! predecessors (one reusing the code 18853), figures for 2025.

use antq::domain::{Assessment, Dataset, Level, Locality, Predecessor};
use chrono::NaiveDate;

pub const PROVINCE: &str = "44";
pub const OLD_QUANG_TRI: &str = "45";
/// The new Phường Đồng Hới, reusing the code of the old Phường Hải Thành.
pub const DONG_HOI_WARD: &str = "18853";
/// The new Xã Quảng Ninh (predecessors 19165, 19168, 19171).
pub const QUANG_NINH_COMMUNE: &str = "19171";
/// The new Xã Vĩnh Linh (predecessors in the old Quảng Trị).
pub const VINH_LINH_COMMUNE: &str = "19302";

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn unit(
    code: &str,
    name: &str,
    level: Level,
    parent: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    predecessors: &str,
) -> Locality {
    Locality {
        id: 0,
        code: code.into(),
        name: name.into(),
        level,
        parent_code: parent.map(Into::into),
        valid_from: from,
        valid_to: to,
        predecessors: Predecessor::parse_list(predecessors).unwrap_or_default(),
    }
}

/// A commune's row: residential areas (total, recognised), recognised, agencies (1, 1), schools (2, 2),
/// one model, police advanced.
fn commune(year: i32, code: &str, ra: (u32, u32), recognized: bool) -> Assessment {
    Assessment {
        year,
        locality_code: code.into(),
        residential_areas_total: Some(ra.0),
        residential_areas_recognized: Some(ra.1),
        commune_recognized: Some(recognized),
        police_advanced: Some(true),
        agencies_total: Some(1),
        agencies_recognized: Some(1),
        schools_total: Some(2),
        schools_recognized: Some(2),
        models: Some(1),
    }
}

pub fn dataset() -> Dataset {
    let end = day(2025, 6, 30);
    let reform = day(2025, 7, 1);
    let merger = day(2020, 2, 1);
    let before_merger = day(2020, 1, 31);
    use Level::{Commune, District, Province};
    let localities = vec![
        unit(PROVINCE, "Tỉnh Quảng Bình", Province, None, None, end, ""),
        unit(
            "450",
            "Thành phố Đồng Hới",
            District,
            Some("44"),
            None,
            end,
            "",
        ),
        unit(
            "18853",
            "Phường Hải Thành",
            Commune,
            Some("450"),
            None,
            end,
            "",
        ),
        unit(
            "18862",
            "Phường Đồng Mỹ",
            Commune,
            Some("450"),
            None,
            before_merger,
            "",
        ),
        unit(
            "18865",
            "Phường Hải Đình",
            Commune,
            Some("450"),
            None,
            before_merger,
            "",
        ),
        unit(
            "18868",
            "Phường Đồng Hải",
            Commune,
            Some("450"),
            merger,
            end,
            "18862;18865",
        ),
        unit(
            "457",
            "Huyện Quảng Ninh",
            District,
            Some("44"),
            None,
            end,
            "",
        ),
        unit(
            "19165",
            "Thị trấn Quán Hàu",
            Commune,
            Some("457"),
            None,
            end,
            "",
        ),
        unit("19168", "Xã Quảng Phú", Commune, Some("457"), None, end, ""),
        unit("19171", "Xã Hải Ninh", Commune, Some("457"), None, end, ""),
        unit(
            OLD_QUANG_TRI,
            "Tỉnh Quảng Trị",
            Province,
            None,
            None,
            end,
            "",
        ),
        unit(
            "461",
            "Huyện Vĩnh Linh",
            District,
            Some("45"),
            None,
            end,
            "",
        ),
        unit("19300", "Xã Vĩnh Thái", Commune, Some("461"), None, end, ""),
        unit("19303", "Xã Vĩnh Tú", Commune, Some("461"), None, end, ""),
        unit(
            PROVINCE,
            "Tỉnh Quảng Trị",
            Province,
            None,
            reform,
            None,
            "44;45",
        ),
        unit(
            DONG_HOI_WARD,
            "Phường Đồng Hới",
            Commune,
            Some("44"),
            reform,
            None,
            "18853;18868@2020-02-01",
        ),
        unit(
            QUANG_NINH_COMMUNE,
            "Xã Quảng Ninh",
            Commune,
            Some("44"),
            reform,
            None,
            "19165;19168;19171",
        ),
        unit(
            VINH_LINH_COMMUNE,
            "Xã Vĩnh Linh",
            Commune,
            Some("44"),
            reform,
            None,
            "19300;19303",
        ),
    ];
    let mut assessments = vec![
        commune(2019, "18853", (12, 11), true),
        commune(2019, "18862", (10, 8), true),
        commune(2019, "18865", (6, 4), false),
        commune(2019, "19165", (14, 13), true),
        commune(2019, "19168", (25, 18), true),
    ];
    for year in [2020, 2024] {
        assessments.extend([
            commune(year, "18853", (12, 11), true),
            commune(year, "18868", (16, 13), true),
            commune(year, "19165", (14, 13), true),
            commune(year, "19168", (25, 20), true),
        ]);
    }
    assessments.extend([
        commune(2024, "19300", (10, 9), true),
        commune(2024, "19303", (8, 6), false),
        commune(2025, DONG_HOI_WARD, (28, 26), true),
        commune(2025, QUANG_NINH_COMMUNE, (40, 35), true),
        commune(2025, VINH_LINH_COMMUNE, (18, 16), true),
    ]);
    Dataset {
        localities,
        assessments,
        awards: Vec::new(),
        limitations: Vec::new(),
    }
}
