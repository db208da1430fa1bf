//! Properties of the text module that must hold for every input, not just the examples in the unit
//! tests: the parsers never panic, the normal forms are stable, and what we print we can read back.

use antq::text::{
    fold, format_count, format_date, normalize, parse_bool, parse_count, parse_date, Lang,
};
use chrono::NaiveDate;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Arbitrary Unicode, plus strings built from the characters the parsers look at, so that the deep
/// branches (groups of digits, slashes, signs, full-width digits, no-break spaces) are reached often.
fn parser_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9.,/+ \u{A0}\u{2212}１２-]{0,14}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,5}",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        "(yes|no|có|không|Có|KHÔNG|x|X|1|0|true|false| |\u{A0}|\u{301}){0,3}",
    ]
}

/// Vietnamese words, precomposed, with tones and the letters that carry two marks (ệ, ở, ữ …).
fn vietnamese_text() -> impl Strategy<Value = String> {
    "[ A-Za-zĐđăâêôơưĂÂÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠỀẾỂỄỆỜỚỞỠỢỪỨỬỮỰ]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsers_never_panic(s in parser_input()) {
        let _ = parse_count(&s);
        let _ = parse_bool(&s);
        let _ = parse_date(&s);
    }

    #[test]
    fn normalize_is_idempotent(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn fold_is_idempotent(s in prop_oneof![any::<String>(), vietnamese_text()]) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_ignores_normalization(s in prop_oneof![any::<String>(), vietnamese_text()]) {
        prop_assert_eq!(fold(&normalize(&s)), fold(&s));
    }

    #[test]
    fn decomposed_text_normalizes_like_its_precomposed_twin(s in vietnamese_text()) {
        let decomposed: String = s.nfd().collect();
        prop_assert_eq!(normalize(&decomposed), normalize(&s));
        prop_assert_eq!(fold(&decomposed), fold(&s));
    }

    #[test]
    fn vietnamese_counts_read_back(n in any::<u32>()) {
        let written = format_count(u64::from(n), Lang::Vi);
        prop_assert_eq!(parse_count(&written), Ok(Some(n)));
    }

    #[test]
    fn dates_read_back(days in 0i32..3_000_000) {
        // Every day from 1 January 1000 to the end of 9999: the years a four-digit field can hold.
        let first = NaiveDate::from_ymd_opt(1000, 1, 1).expect("a valid date");
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
        let date = first + chrono::Duration::days(i64::from(days) % (last - first).num_days());
        prop_assert_eq!(parse_date(&format_date(date)), Ok(date));
        let iso = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_date(&iso), Ok(date));
    }
}
