//! What the findings say, in each language. Every sentence a rule can produce is built here from the
//! facts the rule found; the rules (`checks`) decide only whether and about what. Names that the
//! configuration supplies (categories, award forms, issuers, rule sets) arrive already in the
//! language asked for.

use crate::domain::{Field, Level};
use crate::text::{format_count, format_ratio, format_share, Lang};

pub(super) fn limitation_unknown_locality(code: &str, year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("hạn chế ghi cho mã địa bàn {code} không có trong năm {year}"),
        Lang::En => {
            format!("limitation recorded for locality code {code}, which is not a unit in {year}")
        }
    }
}

pub(super) fn assessment_unknown_locality(code: &str, year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("số liệu cho mã địa bàn {code} không có trong năm {year}"),
        Lang::En => format!("figures for locality code {code}, which is not a unit in {year}"),
    }
}

pub(super) fn not_reported(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("chưa nhập số liệu năm {year}"),
        Lang::En => format!("no figures reported for {year}"),
    }
}

pub(super) fn recognized_above_total(
    category: &str,
    recognized: u32,
    total: u32,
    lang: Lang,
) -> String {
    let recognized = format_count(recognized.into(), lang);
    let total = format_count(total.into(), lang);
    match lang {
        Lang::Vi => format!("{category}: đạt {recognized} > tổng {total}"),
        Lang::En => format!("{category}: recognised {recognized} > total {total}"),
    }
}

pub(super) fn recognized_without_total(category: &str, recognized: u32, lang: Lang) -> String {
    let recognized = format_count(recognized.into(), lang);
    match lang {
        Lang::Vi => format!("{category}: có {recognized} đạt nhưng chưa nhập tổng số"),
        Lang::En => format!("{category}: {recognized} recognised but the total is not reported"),
    }
}

pub(super) fn commune_only_field(field: Field, level: Level, lang: Lang) -> String {
    let (field, level) = (field_label(field, lang), level_label(level, lang));
    match lang {
        Lang::Vi => format!("“{field}” chỉ nhập cho cấp xã (đây là cấp {level})"),
        Lang::En => format!("“{field}” belongs to commune rows only (this is a {level} row)"),
    }
}

/// What a rule set counting all units counts, for its messages.
pub(super) fn all_units(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "đơn vị (khu dân cư, cơ quan, doanh nghiệp, trường học)",
        Lang::En => "units (residential areas, agencies and enterprises, schools)",
    }
}

pub(super) fn rule_set_basis_not_reported(rule_set: &str, units: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{rule_set}: xã được công nhận nhưng chưa nhập số {units} để xét"),
        Lang::En => {
            format!("{rule_set}: the commune is marked recognised but its {units} are not reported")
        }
    }
}

/// What falls short first, the rule set's requirement last: a line cut at the screen's edge keeps
/// what failed, and while a figure is typed only the figures at the end change, so the live panel
/// redraws a few cells, not the line.
pub(super) fn rule_set_share_short(
    rule_set: &str,
    units: &str,
    required: u64,
    total: u64,
    recognized: u64,
    lang: Lang,
) -> String {
    let needed = format_ratio(required, total, lang);
    let has = format_count(recognized, lang);
    let short = format_count(required - recognized, lang);
    match lang {
        Lang::Vi => format!("{units}: đạt {has}, {rule_set} cần ≥ {needed} (thiếu {short})"),
        Lang::En => {
            format!("{units}: recognised {has}, {rule_set} needs ≥ {needed} ({short} short)")
        }
    }
}

/// `reported` is whether the police rating is filled in at all.
pub(super) fn rule_set_police_not_advanced(rule_set: &str, reported: bool, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let state = if reported {
                "chưa đạt"
            } else {
                "chưa nhập là"
            };
            format!("{rule_set}: cần Công an xã đạt “Đơn vị tiên tiến” trở lên, {state} “Đơn vị tiên tiến”")
        }
        Lang::En => {
            let state = if reported {
                "is not"
            } else {
                "is not reported as"
            };
            format!("{rule_set}: the commune police must be rated “advanced unit” or better; it {state} rated so")
        }
    }
}

/// Worded as [`rule_set_share_short`] is, for the same reasons.
pub(super) fn rule_set_models_short(rule_set: &str, required: u32, has: u32, lang: Lang) -> String {
    let short = required - has;
    match lang {
        Lang::Vi => format!(
            "mô hình tự quản về ANTT: có {has}, {rule_set} cần ≥ {required} (thiếu {short})"
        ),
        Lang::En => {
            format!("self-management models: {has}, {rule_set} needs ≥ {required} ({short} short)")
        }
    }
}

/// A total that moved from `before` (in `year_before`) to `now` (in `year`) by `share` of itself.
pub(super) struct YearOnYear {
    pub field: Field,
    pub before: u32,
    pub year_before: i32,
    pub now: u32,
    pub year: i32,
    pub share: f64,
    pub threshold: f64,
}

pub(super) fn yoy_change(change: &YearOnYear, lang: Lang) -> String {
    let sign = if change.now > change.before {
        "+"
    } else {
        "−"
    };
    let (versus, threshold_word) = match lang {
        Lang::Vi => ("so với năm trước", "ngưỡng"),
        Lang::En => ("on last year", "threshold"),
    };
    format!(
        "{}: {} ({}) → {} ({}), {sign}{} {versus} ({threshold_word} {})",
        field_label(change.field, lang),
        format_count(change.before.into(), lang),
        change.year_before,
        format_count(change.now.into(), lang),
        change.year,
        format_share(change.share, lang),
        format_percent(change.threshold, lang)
    )
}

/// "khu dân cư 1.020/1.205 = 84,6% · mục tiêu 85% · còn thiếu 5".
pub(super) fn target_shortfall(
    category: &str,
    recognized: u64,
    total: u64,
    share: Option<f64>,
    target: f64,
    missing: u64,
    lang: Lang,
) -> String {
    let share = share.map_or_else(String::new, |share| {
        format!(" = {}", format_share(share, lang))
    });
    let (target_word, short_word) = match lang {
        Lang::Vi => ("mục tiêu", "còn thiếu"),
        Lang::En => ("target", "short by"),
    };
    format!(
        "{category} {}{share} · {target_word} {} · {short_word} {}",
        format_ratio(recognized, total, lang),
        format_percent(target, lang),
        format_count(missing, lang)
    )
}

pub(super) fn flag_to_individual(form: &str, recipient: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{form} chỉ tặng tập thể, không tặng cá nhân ({recipient})"),
        Lang::En => {
            format!("{form} goes to collectives only, not to an individual ({recipient})")
        }
    }
}

pub(super) fn medal_to_collective(form: &str, recipient: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{form} chỉ tặng cá nhân, không tặng tập thể ({recipient})"),
        Lang::En => {
            format!("{form} goes to individuals only, not to a collective ({recipient})")
        }
    }
}

/// The medal given twice within the year; `decision_no` is the first award's decision.
pub(super) fn medal_twice_this_year(
    form: &str,
    recipient: &str,
    decision_no: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => format!(
            "{recipient} đã được tặng {form} trong năm nay (quyết định {decision_no}); mỗi người chỉ được tặng một lần"
        ),
        Lang::En => format!(
            "{recipient} already received the {form} this year (decision {decision_no}); it is given once per person"
        ),
    }
}

/// The medal given this year to a namesake no birth year or unit tells apart; `decision_no` is the
/// earlier award's decision.
pub(super) fn medal_namesake_this_year(
    form: &str,
    recipient: &str,
    decision_no: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => format!(
            "có thể trùng người: {recipient} đã được tặng {form} trong năm nay (quyết định {decision_no}); ghi năm sinh hoặc đơn vị của cả hai người để phân biệt"
        ),
        Lang::En => format!(
            "possibly the same person: {recipient} already received the {form} this year (decision {decision_no}); record both birth years or units to tell them apart"
        ),
    }
}

/// The medal given in another year to a namesake no birth year or unit tells apart.
pub(super) fn medal_namesake_other_years(
    form: &str,
    recipient: &str,
    years: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => format!(
            "có thể trùng người: {recipient} đã được tặng {form} năm {years}; ghi năm sinh hoặc đơn vị để phân biệt"
        ),
        Lang::En => format!(
            "possibly the same person: {recipient} received the {form} in {years}; record the birth year or unit to tell them apart"
        ),
    }
}

/// The medal given in an earlier (or later) year too; `years` is their list ("2018, 2020").
pub(super) fn medal_twice_other_years(
    form: &str,
    recipient: &str,
    years: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => {
            format!("{recipient} đã được tặng {form} năm {years}; mỗi người chỉ được tặng một lần")
        }
        Lang::En => format!(
            "{recipient} already received the {form} in {years}; it is given once per person"
        ),
    }
}

pub(super) fn award_unknown_locality(recipient: &str, code: &str, year: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            format!("khen thưởng “{recipient}”: mã địa bàn {code} không có trong năm {year}")
        }
        Lang::En => format!("award to “{recipient}”: locality code {code} is not a unit in {year}"),
    }
}

pub(super) fn award_unrecognised_collective(
    recipient: &str,
    commune: &str,
    year: i32,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => format!(
            "tập thể “{recipient}” được khen thưởng nhưng {commune} chưa được công nhận đạt tiêu chuẩn “An toàn về ANTT” năm {year}"
        ),
        Lang::En => format!(
            "collective “{recipient}” is commended but {commune} is not recognised as “safe on security and order” in {year}"
        ),
    }
}

/// `usual` is the list of the form's usual issuers, already joined.
pub(super) fn unusual_issuer(
    form: &str,
    recipient: &str,
    issuer: &str,
    usual: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Vi => format!("{form} cho “{recipient}” do {issuer} cấp; thường do: {usual}"),
        Lang::En => format!("{form} to “{recipient}” issued by {issuer}; usually by: {usual}"),
    }
}

fn field_label(field: Field, lang: Lang) -> &'static str {
    match (field, lang) {
        (Field::ResidentialAreasTotal, Lang::Vi) => "tổng số khu dân cư",
        (Field::ResidentialAreasTotal, Lang::En) => "residential areas total",
        (Field::ResidentialAreasRecognized, Lang::Vi) => "khu dân cư đạt",
        (Field::ResidentialAreasRecognized, Lang::En) => "residential areas recognised",
        (Field::CommuneRecognized, Lang::Vi) => "xã đạt chuẩn",
        (Field::CommuneRecognized, Lang::En) => "commune recognised",
        (Field::PoliceAdvanced, Lang::Vi) => "Công an xã tiên tiến",
        (Field::PoliceAdvanced, Lang::En) => "commune police advanced",
        (Field::AgenciesTotal, Lang::Vi) => "tổng số cơ quan, doanh nghiệp",
        (Field::AgenciesTotal, Lang::En) => "agencies and enterprises total",
        (Field::AgenciesRecognized, Lang::Vi) => "cơ quan, doanh nghiệp đạt",
        (Field::AgenciesRecognized, Lang::En) => "agencies and enterprises recognised",
        (Field::SchoolsTotal, Lang::Vi) => "tổng số trường học",
        (Field::SchoolsTotal, Lang::En) => "schools total",
        (Field::SchoolsRecognized, Lang::Vi) => "trường học đạt",
        (Field::SchoolsRecognized, Lang::En) => "schools recognised",
        (Field::Models, Lang::Vi) => "mô hình",
        (Field::Models, Lang::En) => "models",
    }
}

fn level_label(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Province, Lang::Vi) => "tỉnh",
        (Level::Province, Lang::En) => "province",
        (Level::District, Lang::Vi) => "huyện",
        (Level::District, Lang::En) => "district",
        (Level::Commune, Lang::Vi) => "xã",
        (Level::Commune, Lang::En) => "commune",
    }
}

/// A configured share as people write it: 0.85 → "85%", 0.875 → "87,5%" (at most two decimals).
fn format_percent(share: f64, lang: Lang) -> String {
    let fixed = format!("{:.2}", share * 100.0);
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    let text = match lang {
        Lang::Vi => trimmed.replace('.', ","),
        Lang::En => trimmed.to_string(),
    };
    format!("{text}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_written_as_people_write_them() {
        assert_eq!(format_percent(0.85, Lang::Vi), "85%");
        assert_eq!(format_percent(0.875, Lang::Vi), "87,5%");
        assert_eq!(format_percent(0.875, Lang::En), "87.5%");
        assert_eq!(format_percent(1.0, Lang::En), "100%");
        assert_eq!(format_percent(0.3, Lang::Vi), "30%");
    }
}
