use super::fold::trim;
use super::Lang;
use std::fmt;

/// Why a text is not a count. Each reason tells the clerk what to type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountError {
    /// `-2`
    Negative,
    /// `+2`
    Signed,
    /// `1,046`: a comma used to group thousands (English style).
    CommaSeparator,
    /// `1,5`: a decimal number.
    Decimal,
    /// `1.04`, `1..046`, `.046`, `1046.000`, `0.046`: dots that do not group thousands.
    BadGrouping,
    /// `１２`: full-width digits, as some Vietnamese IMEs send them.
    FullWidthDigits,
    /// `1 046`: a space inside the number.
    InnerSpace,
    /// `ba`, `12a`: anything else.
    NotANumber,
    /// More than 4.294.967.295.
    TooLarge,
}

impl CountError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CountError::Negative, Lang::Vi) => "số lượng không thể âm",
            (CountError::Negative, Lang::En) => "a count cannot be negative",
            (CountError::Signed, Lang::Vi) => "số lượng viết không có dấu + hay -",
            (CountError::Signed, Lang::En) => "a count is written without a + or - sign",
            (CountError::CommaSeparator, Lang::Vi) => {
                "dấu phẩy là dấu thập phân, không dùng để ngăn nhóm nghìn (viết 1.046 hoặc 1046)"
            }
            (CountError::CommaSeparator, Lang::En) => {
                "a comma is the decimal mark, not a thousands separator (write 1.046 or 1046)"
            }
            (CountError::Decimal, Lang::Vi) => {
                "số lượng phải là số nguyên, không có phần thập phân"
            }
            (CountError::Decimal, Lang::En) => "a count must be a whole number, without decimals",
            (CountError::BadGrouping, Lang::Vi) => {
                "dấu chấm chỉ dùng để ngăn từng nhóm 3 chữ số (1.046 hoặc 1.046.000)"
            }
            (CountError::BadGrouping, Lang::En) => {
                "a dot may only separate groups of three digits (1.046 or 1.046.000)"
            }
            (CountError::FullWidthDigits, Lang::Vi) => {
                "chữ số toàn độ rộng (１２) không được chấp nhận; hãy gõ chữ số thường (12)"
            }
            (CountError::FullWidthDigits, Lang::En) => {
                "full-width digits (１２) are not accepted; type ordinary digits (12)"
            }
            (CountError::InnerSpace, Lang::Vi) => {
                "không được có khoảng trắng trong số (viết 1.046 hoặc 1046)"
            }
            (CountError::InnerSpace, Lang::En) => {
                "a number cannot contain spaces (write 1.046 or 1046)"
            }
            (CountError::NotANumber, Lang::Vi) => {
                "không phải là số: chỉ dùng chữ số 0–9 và dấu chấm"
            }
            (CountError::NotANumber, Lang::En) => "not a number: use only the digits 0–9 and dots",
            (CountError::TooLarge, Lang::Vi) => "số quá lớn (tối đa 4.294.967.295)",
            (CountError::TooLarge, Lang::En) => "number too large (at most 4,294,967,295)",
        }
    }
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for CountError {}

fn is_full_width_numeric(c: char) -> bool {
    // FULLWIDTH DIGIT ZERO..NINE, FULLWIDTH COMMA, FULLWIDTH FULL STOP.
    matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF0C}' | '\u{FF0E}')
}

fn is_minus(c: char) -> bool {
    // HYPHEN-MINUS, MINUS SIGN, EN DASH: word processors turn one into the others.
    matches!(c, '-' | '\u{2212}' | '\u{2013}')
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `1.046.000` style: a first group of 1–3 digits not starting with 0, then groups of exactly 3.
fn is_grouped(s: &str, separator: char) -> bool {
    let mut groups = s.split(separator);
    let first_ok = groups
        .next()
        .is_some_and(|g| all_digits(g) && g.len() <= 3 && !g.starts_with('0'));
    first_ok && groups.all(|g| g.len() == 3 && all_digits(g))
}

/// Parses a count the Vietnamese way: `1.046` and `1046` are one thousand and forty-six,
/// `1.046.000` a million and forty-six thousand. Empty (after trimming white space, no-break spaces
/// included) is "not reported" (`Ok(None)`). Anything else is an error saying why.
pub fn parse_count(s: &str) -> Result<Option<u32>, CountError> {
    let s = trim(s);
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().any(is_full_width_numeric) {
        return Err(CountError::FullWidthDigits);
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_minus(c) => {
            return Err(sign_error(chars.as_str(), CountError::Negative));
        }
        Some('+') => return Err(sign_error(chars.as_str(), CountError::Signed)),
        _ => {}
    }
    unsigned_count(s).map(Some)
}

/// The error for a signed text: the sign itself when the rest is a count, else what is wrong with
/// the rest (so `-ba` is "not a number", not "negative").
fn sign_error(rest: &str, sign: CountError) -> CountError {
    match unsigned_count(rest) {
        Ok(_) => sign,
        Err(e) => e,
    }
}

fn unsigned_count(s: &str) -> Result<u32, CountError> {
    if s.chars().any(char::is_whitespace) {
        let without_spaces: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        return Err(match unsigned_count(&without_spaces) {
            Ok(_) => CountError::InnerSpace,
            Err(e) => e,
        });
    }
    if s.contains(',') {
        let (whole, decimals) = s.split_once(',').unwrap_or((s, ""));
        return Err(if is_grouped(s, ',') {
            CountError::CommaSeparator
        } else if all_digits(whole) && all_digits(decimals) {
            CountError::Decimal
        } else {
            CountError::NotANumber
        });
    }
    if !s.chars().all(|c| c.is_ascii_digit() || c == '.')
        || !s.contains(|c: char| c.is_ascii_digit())
    {
        return Err(CountError::NotANumber);
    }
    let digits = if s.contains('.') {
        if !is_grouped(s, '.') {
            return Err(CountError::BadGrouping);
        }
        s.replace('.', "")
    } else {
        s.to_string()
    };
    // Only ASCII digits are left, so the one way parsing can fail is overflow.
    digits.parse::<u32>().map_err(|_| CountError::TooLarge)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoolError;

impl BoolError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => {
                "giá trị có/không phải là yes/no, có/không, true/false, 1/0 hoặc x/để trống"
            }
            Lang::En => "a yes/no value must be yes/no, có/không, true/false, 1/0 or x/empty",
        }
    }
}

impl fmt::Display for BoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for BoolError {}

/// Booleans as in contracts.md: yes/no, có/không, true/false, 1/0, x/empty, compared case- and
/// diacritic-insensitively (`Có`, `KHÔNG`, `khong` all work). The one-letter answers y/n and c/k (có,
/// không) are accepted too. Empty is "no"; a caller for which empty means "not reported" checks for
/// it before calling.
pub fn parse_bool(s: &str) -> Result<bool, BoolError> {
    match super::fold(s).as_str() {
        "yes" | "y" | "co" | "c" | "true" | "1" | "x" => Ok(true),
        "no" | "n" | "khong" | "k" | "false" | "0" | "" => Ok(false),
        _ => Err(BoolError),
    }
}

/// `1046` → `1.046` in Vietnamese, `1,046` in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// `1.046/1.205` (vi), `1,046/1,205` (en).
pub fn format_ratio(recognized: u64, total: u64, lang: Lang) -> String {
    format!(
        "{}/{}",
        format_count(recognized, lang),
        format_count(total, lang)
    )
}

/// A share as a percentage with one decimal: `86,8%` (vi), `86.8%` (en).
///
/// A share that is not exactly 1 never shows as `100,0%` (it shows `99,9%`), and one that is not
/// exactly 0 never shows as `0,0%`: a reader comparing against a target must not see "all" when one
/// unit is missing. Not-a-number (a share of nothing) shows as `—`.
pub fn format_share(share: f64, lang: Lang) -> String {
    if !share.is_finite() {
        return "—".to_string();
    }
    let tenths_of_percent = (share * 1000.0).round() as i64;
    format_tenths(
        clamp_extremes(tenths_of_percent, share > 0.0, share < 1.0),
        lang,
    )
}

/// `recognized/total` as a percentage with one decimal, rounded half up on exact integers (no
/// floating-point drift: 347/400 is `86,8%`). `None` when `total` is 0.
pub fn format_share_of(recognized: u64, total: u64, lang: Lang) -> Option<String> {
    if total == 0 {
        return None;
    }
    let (recognized, total) = (u128::from(recognized), u128::from(total));
    let tenths_of_percent = (recognized * 2000 + total) / (2 * total);
    let tenths = i64::try_from(tenths_of_percent).unwrap_or(i64::MAX);
    Some(format_tenths(
        clamp_extremes(tenths, recognized > 0, recognized < total),
        lang,
    ))
}

fn clamp_extremes(tenths: i64, above_zero: bool, below_one: bool) -> i64 {
    if below_one && tenths >= 1000 {
        999
    } else if above_zero && tenths <= 0 {
        1
    } else {
        tenths
    }
}

fn format_tenths(tenths: i64, lang: Lang) -> String {
    let mark = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    let sign = if tenths < 0 { "-" } else { "" };
    let magnitude = tenths.unsigned_abs();
    format!("{sign}{}{mark}{}%", magnitude / 10, magnitude % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_and_without_dots() {
        assert_eq!(parse_count("1.046"), Ok(Some(1046)));
        assert_eq!(parse_count("1046"), Ok(Some(1046)));
        assert_eq!(parse_count("1.046.000"), Ok(Some(1_046_000)));
        assert_eq!(parse_count("0"), Ok(Some(0)));
        assert_eq!(parse_count("999"), Ok(Some(999)));
        assert_eq!(parse_count("007"), Ok(Some(7)));
        assert_eq!(parse_count("4.294.967.295"), Ok(Some(u32::MAX)));
    }

    #[test]
    fn empty_is_not_reported() {
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("   "), Ok(None));
        assert_eq!(parse_count("\u{A0}\t"), Ok(None));
    }

    #[test]
    fn white_space_around_is_trimmed_including_no_break_spaces() {
        assert_eq!(parse_count(" 1.046 "), Ok(Some(1046)));
        assert_eq!(parse_count("\u{A0}1.046\u{A0}"), Ok(Some(1046)));
        assert_eq!(parse_count("\u{202F}12\u{FEFF}"), Ok(Some(12)));
    }

    #[test]
    fn each_wrong_count_says_why() {
        let cases = [
            ("1,046", CountError::CommaSeparator),
            ("1,046,000", CountError::CommaSeparator),
            ("1,5", CountError::Decimal),
            ("-2", CountError::Negative),
            ("\u{2212}2", CountError::Negative),
            ("+2", CountError::Signed),
            ("ba", CountError::NotANumber),
            ("-ba", CountError::NotANumber),
            ("12a", CountError::NotANumber),
            ("-", CountError::NotANumber),
            (".", CountError::NotANumber),
            ("1.04", CountError::BadGrouping),
            ("1..046", CountError::BadGrouping),
            (".046", CountError::BadGrouping),
            ("1.046.", CountError::BadGrouping),
            ("1046.000", CountError::BadGrouping),
            ("0.046", CountError::BadGrouping),
            ("１２", CountError::FullWidthDigits),
            ("1２", CountError::FullWidthDigits),
            ("1 046", CountError::InnerSpace),
            ("1\u{A0}046", CountError::InnerSpace),
            ("1 a", CountError::NotANumber),
            ("4294967296", CountError::TooLarge),
            ("99.999.999.999", CountError::TooLarge),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_count(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn every_count_error_has_both_messages() {
        for e in [
            CountError::Negative,
            CountError::Signed,
            CountError::CommaSeparator,
            CountError::Decimal,
            CountError::BadGrouping,
            CountError::FullWidthDigits,
            CountError::InnerSpace,
            CountError::NotANumber,
            CountError::TooLarge,
        ] {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::En));
        }
    }

    #[test]
    fn booleans_of_the_contract() {
        for yes in [
            "yes",
            "YES",
            "có",
            "Có",
            "CÓ",
            "co",
            "Co\u{301}",
            "true",
            "True",
            "1",
            "x",
            "X",
        ] {
            assert_eq!(parse_bool(yes), Ok(true), "{yes:?}");
        }
        for no in [
            "no",
            "No",
            "không",
            "KHÔNG",
            "khong",
            "Kho\u{302}ng",
            "false",
            "FALSE",
            "0",
            "",
        ] {
            assert_eq!(parse_bool(no), Ok(false), "{no:?}");
        }
        assert_eq!(parse_bool(" \u{A0}có\u{A0}"), Ok(true));
        assert_eq!(parse_bool("   "), Ok(false));
    }

    #[test]
    fn one_letter_answers() {
        assert_eq!(parse_bool("y"), Ok(true));
        assert_eq!(parse_bool("c"), Ok(true));
        assert_eq!(parse_bool("n"), Ok(false));
        assert_eq!(parse_bool("k"), Ok(false));
    }

    #[test]
    fn other_booleans_are_errors() {
        for bad in ["maybe", "2", "yes no", "đúng", "-", "xx"] {
            assert_eq!(parse_bool(bad), Err(BoolError), "{bad:?}");
        }
    }

    #[test]
    fn counts_format_by_language() {
        assert_eq!(format_count(0, Lang::Vi), "0");
        assert_eq!(format_count(999, Lang::Vi), "999");
        assert_eq!(format_count(1046, Lang::Vi), "1.046");
        assert_eq!(format_count(1046, Lang::En), "1,046");
        assert_eq!(format_count(1_046_000, Lang::Vi), "1.046.000");
        assert_eq!(format_count(100_000, Lang::Vi), "100.000");
    }

    #[test]
    fn ratios_format_like_the_provincial_reports() {
        assert_eq!(format_ratio(1046, 1205, Lang::Vi), "1.046/1.205");
        assert_eq!(format_ratio(1046, 1205, Lang::En), "1,046/1,205");
        assert_eq!(format_ratio(126, 159, Lang::Vi), "126/159");
    }

    #[test]
    fn shares_use_the_language_decimal_mark() {
        assert_eq!(format_share(0.868, Lang::Vi), "86,8%");
        assert_eq!(format_share(0.868, Lang::En), "86.8%");
        assert_eq!(format_share(1046.0 / 1205.0, Lang::Vi), "86,8%");
        assert_eq!(format_share(1.0, Lang::Vi), "100,0%");
        assert_eq!(format_share(0.0, Lang::Vi), "0,0%");
        assert_eq!(format_share(0.05, Lang::Vi), "5,0%");
        assert_eq!(format_share(f64::NAN, Lang::Vi), "—");
    }

    #[test]
    fn shares_never_round_to_all_or_nothing() {
        assert_eq!(format_share(0.99995, Lang::Vi), "99,9%");
        assert_eq!(format_share(0.00004, Lang::En), "0.1%");
        assert_eq!(
            format_share_of(19_999, 20_000, Lang::Vi).as_deref(),
            Some("99,9%")
        );
        assert_eq!(
            format_share_of(1, 20_000, Lang::Vi).as_deref(),
            Some("0,1%")
        );
    }

    #[test]
    fn exact_shares_round_half_up() {
        assert_eq!(
            format_share_of(347, 400, Lang::Vi).as_deref(),
            Some("86,8%")
        );
        assert_eq!(
            format_share_of(1046, 1205, Lang::Vi).as_deref(),
            Some("86,8%")
        );
        assert_eq!(
            format_share_of(126, 159, Lang::En).as_deref(),
            Some("79.2%")
        );
        assert_eq!(format_share_of(5, 5, Lang::Vi).as_deref(), Some("100,0%"));
        assert_eq!(format_share_of(0, 5, Lang::Vi).as_deref(), Some("0,0%"));
        assert_eq!(format_share_of(0, 0, Lang::Vi), None);
        assert_eq!(
            format_share_of(u64::MAX, 1, Lang::Vi).map(|s| s.is_empty()),
            Some(false)
        );
    }
}
