//! The documents' own words, in each language (the report's sentences, headings and table come from
//! `services::report::parts`, worded there once for every output).

use crate::domain::Level;
use crate::text::Lang;

pub struct Words {
    pub state: &'static str,
    pub motto: &'static str,
    /// "Số" / "No.".
    pub number: &'static str,
    /// The document kind in the number ("BC": báo cáo).
    pub kind_code: &'static str,
    pub default_symbol: &'static str,
    pub title: &'static str,
    pub results: &'static str,
    pub limitations: &'static str,
    pub recipients: &'static str,
    pub default_recipients: &'static [&'static str],
    pub default_signer_title: &'static str,
    pub awards_sheet: &'static str,
    pub code: &'static str,
    pub unit: &'static str,
    pub district: &'static str,
    pub recognized: &'static str,
    pub total: &'static str,
    pub share: &'static str,
    pub models: &'static str,
    pub collectives: &'static str,
    pub individuals: &'static str,
    pub awards: &'static str,
    pub limitation_count: &'static str,
    pub sum: &'static str,
    pub decision_no: &'static str,
    pub decision_date: &'static str,
    pub form: &'static str,
    pub issuer: &'static str,
    pub recipient_kind: &'static str,
    pub recipient: &'static str,
    pub locality: &'static str,
    pub collective: &'static str,
    pub individual: &'static str,
}

pub const VI: Words = Words {
    state: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto: "Độc lập - Tự do - Hạnh phúc",
    number: "Số",
    kind_code: "BC",
    default_symbol: "BCĐ138",
    title: "BÁO CÁO",
    results: "I. KẾT QUẢ THỰC HIỆN",
    limitations: "II. HẠN CHẾ VÀ BIỆN PHÁP KHẮC PHỤC",
    recipients: "Nơi nhận:",
    default_recipients: &["……………;", "Lưu: VT."],
    default_signer_title: "TRƯỞNG BAN",
    awards_sheet: "Khen thưởng",
    code: "Mã",
    unit: "Đơn vị",
    district: "Huyện",
    recognized: "đạt",
    total: "tổng số",
    share: "tỷ lệ",
    models: "Mô hình tự quản",
    collectives: "Tập thể được khen",
    individuals: "Cá nhân được khen",
    awards: "Lượt khen thưởng",
    limitation_count: "Hạn chế",
    sum: "Cộng",
    decision_no: "Số quyết định",
    decision_date: "Ngày quyết định",
    form: "Hình thức",
    issuer: "Cấp khen",
    recipient_kind: "Tập thể/cá nhân",
    recipient: "Tên tập thể, cá nhân",
    locality: "Địa phương",
    collective: "Tập thể",
    individual: "Cá nhân",
};

pub const EN: Words = Words {
    state: "SOCIALIST REPUBLIC OF VIETNAM",
    motto: "Independence - Freedom - Happiness",
    number: "No.",
    kind_code: "BC",
    default_symbol: "BCĐ138",
    title: "REPORT",
    results: "I. RESULTS",
    limitations: "II. LIMITATIONS AND REMEDIES",
    recipients: "Recipients:",
    default_recipients: &["……………;", "Archive."],
    default_signer_title: "HEAD OF THE COMMITTEE",
    awards_sheet: "Awards",
    code: "Code",
    unit: "Unit",
    district: "District",
    recognized: "recognised",
    total: "total",
    share: "share",
    models: "Self-management models",
    collectives: "Collectives commended",
    individuals: "Individuals commended",
    awards: "Awards",
    limitation_count: "Limitations",
    sum: "Total",
    decision_no: "Decision no.",
    decision_date: "Decision date",
    form: "Form",
    issuer: "Issuer",
    recipient_kind: "Collective/individual",
    recipient: "Recipient",
    locality: "Locality",
    collective: "Collective",
    individual: "Individual",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The title's second line: "Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2018".
pub fn subject(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {year}"),
        Lang::En => {
            format!("Review of the “all people protect national security” movement in {year}")
        }
    }
}

/// The place and date line, the date left for the day the document is signed.
pub fn place_and_date(place: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{place}, ngày …… tháng …… năm 20……"),
        Lang::En => format!("{place}, …… …… 20……"),
    }
}

/// The third part's heading: next year's tasks.
pub fn tasks(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {}", year + 1),
        Lang::En => format!("III. TASKS FOR {}", year + 1),
    }
}

/// What stands in the third part until the clerk writes it.
pub fn tasks_placeholder(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "(Phần này do đơn vị soạn thảo viết: phương hướng, nhiệm vụ trọng tâm của phong trào năm {}.)",
            year + 1
        ),
        Lang::En => format!(
            "(For the drafting unit to write: the movement's main tasks for {}.)",
            year + 1
        ),
    }
}

/// The issuing body when the configuration names none: the steering committee of the scope
/// ("BAN CHỈ ĐẠO 138 TỈNH QUẢNG BÌNH").
pub fn default_issuing_body(scope_name: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("BAN CHỈ ĐẠO 138 {}", scope_name.to_uppercase()),
        Lang::En => format!("STEERING COMMITTEE 138, {}", scope_name.to_uppercase()),
    }
}

/// The place when the configuration names none: the scope's name without its kind ("Quảng Bình").
pub fn default_place(scope_name: &str) -> String {
    let lower = scope_name.to_lowercase();
    for kind in [
        "thành phố ",
        "thị xã ",
        "thị trấn ",
        "huyện ",
        "quận ",
        "tỉnh ",
        "phường ",
        "đặc khu ",
        "xã ",
    ] {
        if lower.starts_with(kind) {
            return scope_name
                .chars()
                .skip(kind.chars().count())
                .collect::<String>();
        }
    }
    scope_name.to_string()
}

/// A sheet's name for the units of a level.
pub fn level_sheet(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Province, Lang::Vi) => "Cấp tỉnh",
        (Level::District, Lang::Vi) => "Cấp huyện",
        (Level::Commune, Lang::Vi) => "Cấp xã",
        (Level::Province, Lang::En) => "Province",
        (Level::District, Lang::En) => "Districts",
        (Level::Commune, Lang::En) => "Communes",
    }
}
