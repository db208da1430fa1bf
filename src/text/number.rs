use super::Lang;
use std::fmt;

/// Why a text is not a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    Negative,
    CommaSeparator,
    Decimal,
    BadGrouping,
    NotANumber,
    TooLarge,
}

impl CountError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CountError::Negative, Lang::Vi) => "số lượng không thể âm",
            (CountError::Negative, Lang::En) => "a count cannot be negative",
            (CountError::CommaSeparator, Lang::Vi) => {
                "dấu phẩy không dùng trong số đếm (viết 1.046 hoặc 1046)"
            }
            (CountError::CommaSeparator, Lang::En) => {
                "a comma is not used in a count (write 1.046 or 1046)"
            }
            (CountError::Decimal, Lang::Vi) => "số lượng phải là số nguyên",
            (CountError::Decimal, Lang::En) => "a count must be a whole number",
            (CountError::BadGrouping, Lang::Vi) => "dấu chấm phải ngăn từng nhóm 3 chữ số (1.046)",
            (CountError::BadGrouping, Lang::En) => "dots must group digits in threes (1.046)",
            (CountError::NotANumber, Lang::Vi) => "không phải là số",
            (CountError::NotANumber, Lang::En) => "not a number",
            (CountError::TooLarge, Lang::Vi) => "số quá lớn",
            (CountError::TooLarge, Lang::En) => "number too large",
        }
    }
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

/// Parses a count the Vietnamese way: `1.046` and `1046` are one thousand and forty-six. Empty (after
/// trimming) is "not reported" (`Ok(None)`).
pub fn parse_count(s: &str) -> Result<Option<u32>, CountError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.starts_with('-') {
        return Err(CountError::Negative);
    }
    if s.contains(',') {
        return Err(CountError::CommaSeparator);
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    if !s.chars().all(|c| c.is_ascii_digit() || c == '.') || s.is_empty() {
        return Err(CountError::NotANumber);
    }
    let digits: String = if s.contains('.') {
        let groups: Vec<&str> = s.split('.').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(CountError::BadGrouping);
        }
        groups.concat()
    } else {
        s.to_string()
    };
    digits
        .parse::<u32>()
        .map(Some)
        .map_err(|_| CountError::TooLarge)
}

#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Booleans as in contracts.md: yes/no, có/không, true/false, 1/0, x/empty. In a CSV, empty is "no";
/// the caller decides whether empty means "not reported" instead.
pub fn parse_bool(s: &str) -> Result<bool, BoolError> {
    let folded = super::fold(s.trim());
    match folded.as_str() {
        "yes" | "co" | "true" | "1" | "x" | "y" | "c" => Ok(true),
        "no" | "khong" | "false" | "0" | "" | "n" | "k" => Ok(false),
        _ => Err(BoolError),
    }
}

/// `1046` → `1.046` in Vietnamese, `1,046` in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `1.046/1.205`.
pub fn format_ratio(recognized: u64, total: u64, lang: Lang) -> String {
    format!(
        "{}/{}",
        format_count(recognized, lang),
        format_count(total, lang)
    )
}

/// A share in [0, 1] as a percentage with one decimal: `86,8%` (vi), `86.8%` (en).
pub fn format_share(share: f64, lang: Lang) -> String {
    let s = format!("{:.1}%", share * 100.0);
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}
