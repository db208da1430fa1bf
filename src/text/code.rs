//! Locality codes as the GSO writes them: digits only (province 2, district 3, commune 5). Anything
//! else — a flipped byte, a sign, a megabyte — is refused before it can become a phantom unit.

use super::Lang;

/// The longest code accepted: the GSO's widest (a commune, 5 digits) with room for one more.
pub const CODE_MAX_DIGITS: usize = 6;

/// Why a text is not a locality code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    NotDigits,
    TooLong,
}

impl CodeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CodeError::NotDigits, Lang::Vi) => {
                "mã địa phương chỉ gồm chữ số (mã của Tổng cục Thống kê)".to_string()
            }
            (CodeError::NotDigits, Lang::En) => {
                "a locality code is digits only (the GSO's code)".to_string()
            }
            (CodeError::TooLong, Lang::Vi) => {
                format!("mã địa phương dài tối đa {CODE_MAX_DIGITS} chữ số")
            }
            (CodeError::TooLong, Lang::En) => {
                format!("a locality code has at most {CODE_MAX_DIGITS} digits")
            }
        }
    }
}

/// Accepts 1 to [`CODE_MAX_DIGITS`] ASCII digits (an empty code is the caller's to judge).
pub fn check_code(s: &str) -> Result<(), CodeError> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        Err(CodeError::NotDigits)
    } else if s.len() > CODE_MAX_DIGITS {
        Err(CodeError::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_digit_strings() {
        for ok in ["", "44", "450", "18853", "000001"] {
            assert_eq!(check_code(ok), Ok(()), "{ok}");
        }
        for bad in ["44\0", "4\u{1b}5", "+44", "-1", "4 4", "١٢", "A1"] {
            assert_eq!(check_code(bad), Err(CodeError::NotDigits), "{bad:?}");
        }
        assert_eq!(check_code("1234567"), Err(CodeError::TooLong));
    }
}
