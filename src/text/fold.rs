use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Invisible characters that editors, spreadsheets and IMEs leave around a value: a byte-order mark
/// at the start of a CSV cell, a zero-width space pasted from a web page.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// Trims white space (including no-break spaces, which `str::trim` already knows) and the invisible
/// characters above from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Trim and NFC-normalise: the form every stored text takes.
///
/// NFC comes first so that a white-space character produced by normalisation (U+2000 becomes U+2002)
/// is trimmed too.
pub fn normalize(s: &str) -> String {
    let composed: String = s.nfc().collect();
    trim(&composed).to_string()
}

/// The folded search key: NFD, combining marks dropped, đ/Đ → d, lower-case, and runs of white space
/// (no-break spaces included) turned into one space, trimmed. "Hóa" and "Hoá" fold alike; "dong hoi"
/// finds "Thành phố Đồng Hới".
///
/// Lower-casing happens between two decompositions because a few letters lower-case into a base plus
/// a combining mark (`İ` → `i` + U+0307); the final NFD puts what is left in canonical order. Together
/// these make `fold` idempotent, which the tests check for every Unicode scalar value.
pub fn fold(s: &str) -> String {
    let stripped = s
        .nfd()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|&c| !is_combining_mark(c) && !is_invisible(c))
        .map(|c| if c == 'đ' { 'd' } else { c });
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in stripped {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out.nfd().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOA_PRECOMPOSED_ACCENT_ON_O: &str = "H\u{F3}a"; // Hóa
    const HOA_PRECOMPOSED_ACCENT_ON_A: &str = "Ho\u{E1}"; // Hoá
    const HOA_DECOMPOSED_ACCENT_ON_O: &str = "Ho\u{301}a";
    const HOA_DECOMPOSED_ACCENT_ON_A: &str = "Hoa\u{301}";

    #[test]
    fn fold_drops_tones_and_maps_d_with_stroke() {
        assert_eq!(fold("Thành phố Đồng Hới"), "thanh pho dong hoi");
        assert_eq!(fold("ĐỒNG HỚI"), "dong hoi");
        assert_eq!(fold("đường"), "duong");
    }

    #[test]
    fn fold_unifies_old_and_new_tone_placement_in_both_forms() {
        let keys: Vec<String> = [
            HOA_PRECOMPOSED_ACCENT_ON_O,
            HOA_PRECOMPOSED_ACCENT_ON_A,
            HOA_DECOMPOSED_ACCENT_ON_O,
            HOA_DECOMPOSED_ACCENT_ON_A,
        ]
        .iter()
        .map(|s| fold(s))
        .collect();
        assert!(keys.iter().all(|k| k == "hoa"), "{keys:?}");
        // NFC alone keeps the two placements apart: that is why searching goes through `fold`.
        assert_ne!(
            normalize(HOA_PRECOMPOSED_ACCENT_ON_O),
            normalize(HOA_PRECOMPOSED_ACCENT_ON_A)
        );
    }

    #[test]
    fn fold_collapses_and_trims_white_space() {
        assert_eq!(fold("  Đồng\u{A0}\u{A0}Hới \t"), "dong hoi");
        assert_eq!(fold("\u{FEFF}Lệ\u{200B} Thủy"), "le thuy");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \u{A0} "), "");
    }

    #[test]
    fn fold_handles_letters_that_lower_case_into_a_mark() {
        assert_eq!(fold("İ"), "i");
        assert_eq!(fold("\u{212B}"), "a"); // ANGSTROM SIGN
    }

    #[test]
    fn fold_is_idempotent_on_every_scalar_value() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let once = fold(&c.to_string());
            assert_eq!(fold(&once), once, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn normalize_trims_and_composes() {
        assert_eq!(normalize("  Ho\u{301}a\u{A0}"), HOA_PRECOMPOSED_ACCENT_ON_O);
        assert_eq!(normalize("\u{FEFF}Quảng Bình\u{202F}"), "Quảng Bình");
        assert_eq!(normalize("Hu\u{31B}ng"), "Hưng");
        assert_eq!(normalize("\u{2000}x"), "x");
        assert_eq!(normalize("   "), "");
    }

    #[test]
    fn trim_keeps_inner_spaces() {
        assert_eq!(trim("\u{A0} a  b \u{FEFF}"), "a  b");
    }
}
