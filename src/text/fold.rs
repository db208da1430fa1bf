use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Trim and NFC-normalise: the form every stored text takes.
pub fn normalize(s: &str) -> String {
    s.trim().nfc().collect()
}

/// The folded search key: NFD, combining marks dropped, đ/Đ → d, lower-case. "Hóa" and "Hoá" fold alike;
/// "dong hoi" finds "Thành phố Đồng Hới".
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}
