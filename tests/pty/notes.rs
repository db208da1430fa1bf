//! A value's note through the real binary, keys as a terminal sends them: `;` opens the editor,
//! Vietnamese text typed as UTF-8 bytes, Enter saves, `!` flags, Ctrl-Z takes the flag back; what
//! is on screen is what SQLite holds.

use super::{args, fixture, program, Tui};
use antq::domain::Field;
use std::path::Path;

/// Quán Hàu, the cell under the cursor when the grid opens.
const QUAN_HAU: &str = "19165";

fn stored(path: &Path) -> Option<(String, bool)> {
    crate::tui_common::store_at(path)
        .notes_of_year(2019)
        .expect("notes")
        .into_iter()
        .find(|n| n.locality_code == QUAN_HAU && n.field == Field::ResidentialAreasTotal)
        .map(|n| (n.note, n.follow_up))
}

#[test]
fn a_note_typed_flagged_and_undone_at_the_keyboard_is_what_is_stored() {
    let (_dir, path) = fixture();
    let (p, db) = (program(), path.to_string_lossy().to_string());
    let p = p.to_string_lossy().to_string();
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_text("Huyện Quảng Ninh");

    tui.type_keys(&[";"]);
    tui.wait_text("Ghi chú · Thị trấn Quán Hàu · KDC tổng · năm 2019");
    tui.send("Tách thôn Hà Thiệp, đã xác nhận");
    tui.wait_text("Tách thôn Hà Thiệp, đã xác nhận");
    tui.type_keys(&["\r"]);
    tui.wait_text("đã lưu ghi chú: Thị trấn Quán Hàu · KDC tổng");
    tui.wait_text("• Tách thôn Hà Thiệp, đã xác nhận");
    assert_eq!(
        stored(&path),
        Some(("Tách thôn Hà Thiệp, đã xác nhận".to_string(), false))
    );

    tui.type_keys(&["!"]);
    tui.wait_text("đã đánh dấu cần theo dõi: Thị trấn Quán Hàu · KDC tổng");
    assert_eq!(
        stored(&path),
        Some(("Tách thôn Hà Thiệp, đã xác nhận".to_string(), true))
    );

    // Ctrl-Z, as the terminal sends it (0x1A): the flag goes, the note stays.
    tui.type_keys(&["\u{1a}"]);
    tui.wait_text("đã hoàn tác: ghi chú ô Thị trấn Quán Hàu · KDC tổng");
    assert_eq!(
        stored(&path),
        Some(("Tách thôn Hà Thiệp, đã xác nhận".to_string(), false))
    );
    tui.quit();
}
