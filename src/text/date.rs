use super::fold::trim;
use super::Lang;
use chrono::NaiveDate;
use std::fmt;

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `d/m/yyyy` nor `yyyy-mm-dd`.
    Format,
    /// The year is not written with four digits (`16/1/19`, `16/1/0219`).
    YearDigits,
    /// Well written but not in the calendar: `31/2/2019`, `29/2/2019`, `1/13/2019`.
    NoSuchDay,
}

impl DateError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DateError::Format, Lang::Vi) => {
                "ngày không hợp lệ: viết ngày/tháng/năm (16/1/2019) hoặc năm-tháng-ngày (2019-01-16)"
            }
            (DateError::Format, Lang::En) => {
                "not a date: write day/month/year (16/1/2019) or year-month-day (2019-01-16)"
            }
            (DateError::YearDigits, Lang::Vi) => "năm phải viết đủ 4 chữ số (2019)",
            (DateError::YearDigits, Lang::En) => "the year must be written with four digits (2019)",
            (DateError::NoSuchDay, Lang::Vi) => {
                "không có ngày này trong lịch (ví dụ 31/2, hoặc 29/2 của năm không nhuận)"
            }
            (DateError::NoSuchDay, Lang::En) => {
                "there is no such day in the calendar (e.g. 31/2, or 29/2 outside a leap year)"
            }
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for DateError {}

fn digits(part: &str, max_len: usize) -> Option<u32> {
    if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn four_digit_year(part: &str) -> Result<i32, DateError> {
    match digits(part, 4) {
        Some(year) if part.len() == 4 && !part.starts_with('0') => {
            i32::try_from(year).map_err(|_| DateError::YearDigits)
        }
        Some(_) => Err(DateError::YearDigits),
        None if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) => {
            Err(DateError::YearDigits)
        }
        None => Err(DateError::Format),
    }
}

/// Accepts `d/m/yyyy` (also `dd/mm/yyyy`) as typed on screen and ISO `yyyy-mm-dd` as written in
/// files; white space around is trimmed. Refuses impossible dates (31/2/2019, 29/2/2019).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = trim(s);
    let (year, month, day) = if let Some((day, rest)) = s.split_once('/') {
        let (month, year) = rest.split_once('/').ok_or(DateError::Format)?;
        let day = digits(day, 2).ok_or(DateError::Format)?;
        let month = digits(month, 2).ok_or(DateError::Format)?;
        (four_digit_year(year)?, month, day)
    } else {
        let mut parts = s.splitn(3, '-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError::Format);
        };
        let two_digits = |p: &str| {
            digits(p, 2)
                .filter(|_| p.len() == 2)
                .ok_or(DateError::Format)
        };
        let (month, day) = (two_digits(month)?, two_digits(day)?);
        (four_digit_year(year)?, month, day)
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay)
}

/// `dd/mm/yyyy`, as shown on screen.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date exists")
    }

    #[test]
    fn the_three_accepted_shapes() {
        assert_eq!(parse_date("16/1/2019"), Ok(ymd(2019, 1, 16)));
        assert_eq!(parse_date("6/1/2019"), Ok(ymd(2019, 1, 6)));
        assert_eq!(parse_date("06/01/2019"), Ok(ymd(2019, 1, 6)));
        assert_eq!(parse_date("2019-01-16"), Ok(ymd(2019, 1, 16)));
        assert_eq!(parse_date("\u{A0}16/01/2019 "), Ok(ymd(2019, 1, 16)));
        assert_eq!(parse_date("29/2/2020"), Ok(ymd(2020, 2, 29)));
    }

    #[test]
    fn impossible_days_are_refused() {
        for s in [
            "31/2/2019",
            "29/2/2019",
            "31/4/2019",
            "0/1/2019",
            "1/13/2019",
            "1/0/2019",
        ] {
            assert_eq!(parse_date(s), Err(DateError::NoSuchDay), "{s:?}");
        }
        assert_eq!(parse_date("2019-02-29"), Err(DateError::NoSuchDay));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for s in [
            "",
            "16/1",
            "16/1/2019/1",
            "16-1-2019",
            "2019/01/16",
            "2019-1-16",
            "2019-01-6",
            "2019-01",
            "16.1.2019",
            "١٦/١/٢٠١٩",
            "16/１/2019",
            "+2019-01-16",
            "a/b/2019",
            "116/1/2019",
            "16/1/2019x",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Format), "{s:?}");
        }
    }

    #[test]
    fn years_need_four_digits() {
        for s in [
            "16/1/19",
            "16/1/0219",
            "16/1/20190",
            "19-01-16",
            "0219-01-16",
        ] {
            assert_eq!(parse_date(s), Err(DateError::YearDigits), "{s:?}");
        }
    }

    #[test]
    fn dates_format_day_first_with_leading_zeros() {
        assert_eq!(format_date(ymd(2019, 1, 6)), "06/01/2019");
        assert_eq!(format_date(ymd(2021, 12, 31)), "31/12/2021");
    }
}
