//! Word lists and naming helpers of the demo: people (made up: Họ + đệm + tên drawn from common lists),
//! units derived from the real locality names, limitation texts and remedies.

use super::rng::Rng;
use std::collections::HashSet;

const SURNAMES: [&str; 18] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Đinh", "Hồ", "Trương", "Cao",
    "Mai", "Đoàn", "Lương", "Ngô", "Dương", "Bùi",
];
/// Surnames are not equally common: Nguyễn, Trần, Lê, Phạm, Hoàng, Võ weigh more.
const SURNAME_WEIGHTS: [u64; 18] = [30, 12, 10, 7, 7, 7, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2];
const MIDDLE_MALE: [&str; 12] = [
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Ngọc", "Đình", "Trọng", "Tiến",
];
const MIDDLE_FEMALE: [&str; 8] = [
    "Thị",
    "Thị Thu",
    "Thu",
    "Thanh",
    "Ngọc",
    "Hồng",
    "Thị Kim",
    "Thị Minh",
];
const GIVEN_MALE: [&str; 30] = [
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Lâm", "Mạnh",
    "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung",
    "Tuấn", "Việt", "Vinh", "Hoàng", "Hiếu", "Huy", "Lộc",
];
const GIVEN_FEMALE: [&str; 24] = [
    "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc",
    "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Lý", "Huyền",
    "Dung",
];
/// People named in the article; the demo never gives their names to made-up recipients.
const RESERVED: [&str; 3] = ["Trần Tiến Dũng", "Trần Minh Thùy", "Trần Tuấn"];

/// `n` distinct made-up full names, the same on every call.
pub(crate) fn people(n: usize) -> Vec<String> {
    let mut rng = Rng::keyed("people", 0);
    let mut seen: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let surname = rng
            .weighted(&SURNAME_WEIGHTS)
            .and_then(|i| SURNAMES.get(i))
            .copied()
            .unwrap_or("Nguyễn");
        let (middle, given) = if rng.chance(0.72) {
            (rng.pick(&MIDDLE_MALE), rng.pick(&GIVEN_MALE))
        } else {
            (rng.pick(&MIDDLE_FEMALE), rng.pick(&GIVEN_FEMALE))
        };
        let (Some(middle), Some(given)) = (middle, given) else {
            continue;
        };
        let name = crate::text::normalize(&format!("{surname} {middle} {given}"));
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

/// Splits a unit name into its kind in lower case and its proper name:
/// "Thành phố Đồng Hới" → ("thành phố", "Đồng Hới"), "Xã Bảo Ninh" → ("xã", "Bảo Ninh").
pub(crate) fn split_kind(name: &str) -> (&'static str, &str) {
    const KINDS: [(&str, &str); 8] = [
        ("Thành phố ", "thành phố"),
        ("Thị xã ", "thị xã"),
        ("Thị trấn ", "thị trấn"),
        ("Huyện ", "huyện"),
        ("Phường ", "phường"),
        ("Xã ", "xã"),
        ("Tỉnh ", "tỉnh"),
        ("Đặc khu ", "đặc khu"),
    ];
    for (prefix, kind) in KINDS {
        if let Some(rest) = name.strip_prefix(prefix) {
            return (kind, rest);
        }
    }
    ("", name)
}

/// "Xã Bảo Ninh" → "xã Bảo Ninh" (as it reads inside a longer name).
pub(crate) fn inner(name: &str) -> String {
    match split_kind(name) {
        ("", n) => n.to_string(),
        (kind, n) => format!("{kind} {n}"),
    }
}

/// The police of a unit: "Công an xã Bảo Ninh", "Công an huyện Bố Trạch".
pub(crate) fn police_of(name: &str) -> String {
    format!("Công an {}", inner(name))
}

/// A residential area of a commune: "Thôn 3, xã Bảo Ninh", "Tổ dân phố 5, phường Hải Thành".
pub(crate) fn residential_area(commune: &str, k: u32) -> String {
    match split_kind(commune).0 {
        "xã" => format!("Thôn {k}, {}", inner(commune)),
        _ => format!("Tổ dân phố {k}, {}", inner(commune)),
    }
}

/// Schools a commune manages.
pub(crate) fn commune_schools(commune: &str) -> [String; 3] {
    let base = split_kind(commune).1;
    [
        format!("Trường Mầm non {base}"),
        format!("Trường Tiểu học {base}"),
        format!("Trường THCS {base}"),
    ]
}

/// Agencies and enterprises a commune manages.
pub(crate) fn commune_agencies(commune: &str) -> [String; 2] {
    let base = split_kind(commune).1;
    [
        format!("Hợp tác xã dịch vụ nông nghiệp {base}"),
        format!("Quỹ tín dụng nhân dân {base}"),
    ]
}

/// Agencies and enterprises at district level.
pub(crate) fn district_agencies(district: &str) -> Vec<String> {
    let full = inner(district);
    let base = split_kind(district).1;
    vec![
        format!("Chi cục Thuế {full}"),
        format!("Kho bạc Nhà nước {base}"),
        format!("Điện lực {base}"),
        format!("Bưu điện {full}"),
        format!("Trung tâm Y tế {full}"),
        format!("Phòng Giáo dục và Đào tạo {full}"),
        format!("Phòng Giao dịch Ngân hàng Chính sách xã hội {full}"),
    ]
}

/// Provincial units that lead the movement's work (collective recipients at locality 44).
pub(crate) const PROVINCE_UNITS: [&str; 2] = [
    "Phòng Tham mưu, Công an tỉnh Quảng Bình",
    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Quảng Bình",
];

/// The new province's units that lead the movement's work after the reform (collective recipients at
/// locality 44 from 2025).
pub(crate) const PROVINCE_UNITS_2025: [&str; 2] = [
    "Phòng Tham mưu, Công an tỉnh Quảng Trị",
    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Quảng Trị",
];

/// What an individual does, by the kind of unit they belong to.
pub(crate) fn role(
    rng: &mut Rng,
    unit: &str,
    level: crate::domain::Level,
    ra_total: u32,
) -> String {
    use crate::domain::Level;
    let u = inner(unit);
    match level {
        Level::Province => match rng.below(3) {
            0 => "Cán bộ Phòng Tham mưu, Công an tỉnh".to_string(),
            1 => "Cán bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh"
                .to_string(),
            _ => "Cán bộ Văn phòng Ban Chỉ đạo 138 tỉnh".to_string(),
        },
        Level::District => match rng.below(4) {
            0 => format!("Phó Trưởng {}", police_of(unit)),
            1 => format!(
                "Cán bộ Đội Cảnh sát quản lý hành chính, {}",
                police_of(unit)
            ),
            2 => format!("Cán bộ {}", police_of(unit)),
            _ => format!("Cán bộ Phòng Văn hóa và Thông tin {u}"),
        },
        Level::Commune => {
            let k = rng.between(1, ra_total.max(1));
            let ward = split_kind(unit).0 != "xã";
            match rng.below(7) {
                0 => format!("Trưởng {}", police_of(unit)),
                1 => format!("Phó Trưởng {}", police_of(unit)),
                2 if ward => format!("Bảo vệ dân phố {u}"),
                2 => format!("Công an viên {u}"),
                3 if ward => format!("Tổ trưởng tổ dân phố {k}, {u}"),
                3 => format!("Trưởng thôn {k}, {u}"),
                4 => format!("Chủ tịch Ủy ban Mặt trận Tổ quốc {u}"),
                5 => format!("Tổ trưởng tổ tự quản về an ninh, trật tự, {u}"),
                _ => {
                    let area = residential_area(unit, k);
                    let mut chars = area.chars();
                    let first: String = chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_lowercase)
                        .collect();
                    format!("Người dân {first}{}", chars.as_str())
                }
            }
        }
    }
}

/// The four shortcomings of the article (2018), word for word, with a remedy.
pub(crate) const ARTICLE_LIMITATIONS: [(&str, &str, &str); 4] = [
    (
        "slow_advising",
        "việc tham mưu triển khai công tác xây dựng phong trào toàn dân bảo vệ ANTQ ở một số địa phương còn chậm",
        "BCĐ 138 các huyện, thị xã, thành phố chủ động tham mưu cấp ủy, chính quyền ban hành kế hoạch ngay từ đầu năm; Công an tỉnh theo dõi, đôn đốc tiến độ hằng quý",
    ),
    (
        "simple_forms",
        "nội dung, hình thức, biện pháp phát động phong trào còn đơn giản nên hiệu quả chưa cao",
        "Đổi mới nội dung, hình thức, biện pháp phát động phù hợp với từng lĩnh vực, vùng miền, đặc điểm dân cư, điều kiện kinh tế, văn hóa, xã hội",
    ),
    (
        "models_neglected",
        "việc xây dựng, củng cố mô hình ở một số nơi chưa chú trọng",
        "Rà soát, củng cố các mô hình tự quản về ANTT hiện có; nhân rộng mô hình hiệu quả, chấm dứt mô hình hoạt động hình thức",
    ),
    (
        "inadequate_policy",
        "chế độ, chính sách đãi ngộ đối với lực lượng nòng cốt làm công tác ANTT ở cơ sở chưa thỏa đáng",
        "Tham mưu HĐND, UBND tỉnh bổ sung chế độ hỗ trợ cho Công an viên, bảo vệ dân phố và lực lượng nòng cốt ở cơ sở",
    ),
];

/// The new province's shortcomings of its first review after the reform (made up): heading, text, remedy.
pub(crate) const PROVINCE_LIMITATIONS_2025: [(&str, &str, &str); 3] = [
    (
        "other",
        "việc kiện toàn Ban Chỉ đạo và lực lượng nòng cốt ở các xã, phường, đặc khu mới sau sắp xếp đơn vị hành chính còn chậm, một số nơi chưa phân công rõ người theo dõi phong trào",
        "Ủy ban nhân dân các xã, phường, đặc khu kiện toàn Ban Chỉ đạo ngay trong quý I; Công an tỉnh hướng dẫn, kiểm tra",
    ),
    (
        "slow_advising",
        "hồ sơ, số liệu phong trào của các xã cũ chưa được tổng hợp đầy đủ về xã mới, gây khó khăn cho việc đánh giá, so sánh",
        "Công an các xã, phường, đặc khu rà soát, bàn giao đầy đủ hồ sơ của các xã cũ; thống nhất mẫu báo cáo toàn tỉnh",
    ),
    (
        "inadequate_policy",
        "chế độ hỗ trợ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở chưa thống nhất giữa địa bàn hai tỉnh cũ",
        "Tham mưu Hội đồng nhân dân tỉnh ban hành một mức hỗ trợ chung cho toàn tỉnh",
    ),
];

/// A commune's shortcoming after the reform (made up), naming the commune: heading, text, remedy.
pub(crate) fn commune_limitation_2025(commune: &str) -> (&'static str, String, String) {
    let c = inner(commune);
    (
        "models_neglected",
        format!("Một số mô hình tự quản về ANTT của các xã cũ nay thuộc {c} chưa được rà soát, sắp xếp lại"),
        format!("Ủy ban nhân dân {c} rà soát, hợp nhất các mô hình trùng lặp; nhân rộng mô hình hiệu quả"),
    )
}

/// A district's shortcoming under a heading, and its remedy.
pub(crate) fn district_limitation(category: &str, district: &str) -> (String, String) {
    let d = inner(district);
    let (text, remedy) = match category {
        "slow_advising" => (
            format!("Việc tham mưu triển khai phong trào ở một số xã, phường, thị trấn của {d} còn chậm"),
            "Ban Chỉ đạo 138 huyện giao chỉ tiêu, thời hạn cụ thể và kiểm tra tiến độ hằng tháng".to_string(),
        ),
        "simple_forms" => (
            "Nội dung, hình thức phát động phong trào ở một số khu dân cư còn đơn giản, chưa thu hút đông đảo người dân tham gia".to_string(),
            "Lồng ghép phát động phong trào với sinh hoạt khu dân cư và cuộc vận động xây dựng nông thôn mới, đô thị văn minh".to_string(),
        ),
        "models_neglected" => (
            format!("Một số mô hình tự quản về ANTT của {d} hoạt động cầm chừng, chưa được củng cố, nhân rộng"),
            "Rà soát từng mô hình, kiện toàn tổ tự quản, biểu dương mô hình hiệu quả".to_string(),
        ),
        "inadequate_policy" => (
            "Chế độ phụ cấp cho Công an viên, bảo vệ dân phố và lực lượng nòng cốt ở cơ sở còn thấp".to_string(),
            format!("Ủy ban nhân dân {d} đề nghị tỉnh bổ sung kinh phí hỗ trợ lực lượng nòng cốt"),
        ),
        _ => (
            "Công tác sơ kết, tổng kết và khen thưởng phong trào ở một số cơ sở chưa kịp thời".to_string(),
            "Thực hiện sơ kết 6 tháng, tổng kết năm đúng hạn; khen thưởng kịp thời điển hình tiên tiến".to_string(),
        ),
    };
    (text, remedy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_composed() {
        let p = people(500);
        let set: HashSet<&String> = p.iter().collect();
        assert_eq!(set.len(), 500);
        assert!(p.iter().all(|n| n.split(' ').count() >= 3));
        assert!(!p.iter().any(|n| RESERVED.contains(&n.as_str())));
    }

    #[test]
    fn unit_names() {
        assert_eq!(split_kind("Thành phố Đồng Hới"), ("thành phố", "Đồng Hới"));
        assert_eq!(police_of("Xã Bảo Ninh"), "Công an xã Bảo Ninh");
        assert_eq!(police_of("Thị xã Ba Đồn"), "Công an thị xã Ba Đồn");
        assert_eq!(
            residential_area("Phường Hải Thành", 5),
            "Tổ dân phố 5, phường Hải Thành"
        );
        assert_eq!(residential_area("Xã Bảo Ninh", 3), "Thôn 3, xã Bảo Ninh");
    }
}
