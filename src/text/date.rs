use super::Lang;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError;

impl DateError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "ngày không hợp lệ (viết ngày/tháng/năm, ví dụ 16/1/2019, hoặc 2019-01-16)",
            Lang::En => "not a valid date (write d/m/yyyy, e.g. 16/1/2019, or 2019-01-16)",
        }
    }
}

/// Accepts `d/m/yyyy` (also `dd/mm/yyyy`) and ISO `yyyy-mm-dd`; refuses impossible dates (31/2/2019).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let parts: Vec<&str> = if s.contains('/') {
        s.split('/').collect()
    } else {
        s.split('-').collect()
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(DateError);
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| DateError);
    let (y, m, d) = if s.contains('/') {
        if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
            return Err(DateError);
        }
        (num(parts[2])? as i32, num(parts[1])?, num(parts[0])?)
    } else {
        if parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(DateError);
        }
        (num(parts[0])? as i32, num(parts[1])?, num(parts[2])?)
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError)
}

/// `dd/mm/yyyy` on screen.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
