//! Every text the TUI shows, in one table per language. Templates take positional `{}` arguments
//! filled by [`fill`], so the tables stay plain data a translator can read.

mod en;
mod vi;

use crate::text::Lang;

/// The UI's texts. Field names say where a text appears.
pub struct Strings {
    // header, tabs, status bar
    pub province: &'static str,
    pub year: &'static str,
    pub no_province: &'static str,
    pub no_district: &'static str,
    pub tab_localities: &'static str,
    pub tab_assessments: &'static str,
    pub tab_limitations: &'static str,
    pub tab_awards: &'static str,
    pub state_draft: &'static str,
    pub state_submitted: &'static str,
    pub state_approved: &'static str,
    pub read_only: &'static str,
    /// "đã lưu {time}"
    pub saved_at: &'static str,
    /// "{errors} lỗi"
    pub errors_n: &'static str,
    /// "{warnings} cảnh báo"
    pub warnings_n: &'static str,
    pub hint_help: &'static str,
    pub hint_quit: &'static str,
    /// Enter in a form
    pub hint_save: &'static str,
    pub too_small: &'static str,
    /// "cần ít nhất {w}×{h}, hiện có {w}×{h}"
    pub too_small_detail: &'static str,
    /// Pasted text the place in focus cannot take.
    pub paste_refused: &'static str,
    /// "{}" = the most characters one paste may hold.
    pub paste_too_long: &'static str,
    /// A block pasted into the grid refused whole: "{}" = where and why ([`Strings::paste_at`]).
    pub paste_block_refused: &'static str,
    /// "dòng {row}, cột {column}: {why}" (the block's row and column, from 1).
    pub paste_at: &'static str,
    /// "{}" = how many grid rows remain from the focused cell.
    pub paste_past_rows: &'static str,
    /// "{}" = how many grid columns remain from the focused cell.
    pub paste_past_cols: &'static str,
    /// A cell the row does not have: unit, field.
    pub paste_no_cell: &'static str,
    /// A cell this user may not change: unit, field, why.
    pub paste_read_only: &'static str,
    /// A cell another login changed since the grid showed it: unit, field, who, its value now.
    pub paste_changed: &'static str,
    /// The write lock is held by another session.
    pub paste_busy: &'static str,
    /// "{}" = how many cells were pasted.
    pub pasted: &'static str,
    /// The undo (redo) of a paste: "{}" = how many cells.
    pub undone_paste: &'static str,
    pub redone_paste: &'static str,
    /// A cell commit waits for another process's write lock.
    pub write_waiting: &'static str,
    /// Quit pressed while commits wait: "{}" = how many cells are not yet saved.
    pub write_waiting_quit: &'static str,
    /// After quitting with commits not saved, one line per cell: unit, field, year, value.
    pub not_saved: &'static str,
    /// The same-cell conflict's box title.
    pub conflict_title: &'static str,
    /// Who, old, new, when, mine.
    pub conflict_question: &'static str,
    /// Who, when the audit log names nobody.
    pub conflict_someone: &'static str,
    pub conflict_keys: &'static str,
    /// "n" on the conflict: who, their value.
    pub conflict_kept: &'static str,

    // assessments grid
    pub col_unit: &'static str,
    pub col_residential: &'static str,
    pub col_total: &'static str,
    pub col_recognized: &'static str,
    pub col_share: &'static str,
    pub col_commune: &'static str,
    pub col_commune2: &'static str,
    pub col_police: &'static str,
    pub col_police2: &'static str,
    pub col_agencies: &'static str,
    pub col_schools: &'static str,
    pub col_models: &'static str,
    pub col_models2: &'static str,
    pub district_own_row: &'static str,
    pub district_own_row_short: &'static str,
    /// The province's own units, in the province's grid.
    pub province_own_row: &'static str,
    pub province_own_row_short: &'static str,
    /// A digit typed on a district's totals in the province's grid.
    pub summary_row_refused: &'static str,
    /// The province's grid, wide: the column of each unit's sealed package (two heading lines).
    pub col_package: &'static str,
    pub col_package2: &'static str,
    /// A unit's package handed in after the deadline, or not by now (`antq status`'s "late").
    pub package_late: &'static str,
    /// The same in the grid's narrow column.
    pub package_late_short: &'static str,
    /// The panel: the package received ({} when, {} from which login and server).
    pub package_received: &'static str,
    pub package_none: &'static str,
    pub totals_row: &'static str,
    pub totals_row_province: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// "no" in a three-column cell
    pub no_short: &'static str,
    pub no_units_in_year: &'static str,
    pub cat_residential: &'static str,
    pub cat_communes: &'static str,
    pub cat_agencies: &'static str,
    pub cat_schools: &'static str,
    /// "còn thiếu {n}"
    pub missing_n: &'static str,
    /// The gauges' completeness line, its label narrow and wide: "Nhập", "đơn vị đã nhập đủ".
    pub units_label_short: &'static str,
    pub units_label: &'static str,
    /// "{entered}/{units} đơn vị đã nhập"
    pub units_entered: &'static str,
    pub target_met: &'static str,
    pub no_target: &'static str,
    /// "năm {year}: {value}"
    pub last_year_value: &'static str,
    pub last_year_none: &'static str,
    pub typing: &'static str,
    pub not_reported: &'static str,
    pub no_findings_row: &'static str,
    pub computed_cell: &'static str,
    pub only_digits: &'static str,
    pub only_yes_no: &'static str,
    pub ditto_none: &'static str,
    /// "đã chép số liệu năm {year}: Enter để lưu"
    pub ditto_filled: &'static str,
    pub nothing_changed: &'static str,
    pub undo_empty: &'static str,
    pub redo_empty: &'static str,
    /// "đã hoàn tác: {what}"
    pub undone: &'static str,
    /// "đã làm lại: {what}"
    pub redone: &'static str,
    pub approved_read_only: &'static str,
    pub not_your_district: &'static str,
    /// The same, in a year without districts (the clerk's unit is a commune).
    pub not_your_unit: &'static str,
    /// `approved_read_only` in a year without districts.
    pub approved_read_only_unit: &'static str,
    /// A clerk's submitted year: read-only until recalled (the recall key named).
    pub submitted_read_only: &'static str,
    /// The totals row of a commune in scope (a year without districts).
    pub totals_row_commune: &'static str,
    pub login_read_only: &'static str,
    pub fix_value_first: &'static str,
    /// The review screens' texts (Years view, past years, history, workflow).
    pub review: &'static ReviewStrings,
    /// The year's targets (`t` on the grid).
    pub targets: &'static TargetsStrings,
    pub notes: &'static NotesStrings,
    /// "Còn phải nhập" (`m` on the grid) and the jump to the next cell (`j`).
    pub still: &'static StillStrings,

    // field labels (short, for the panel)
    pub field_residential_total: &'static str,
    pub field_residential_recognized: &'static str,
    pub field_commune_recognized: &'static str,
    pub field_police_advanced: &'static str,
    pub field_agencies_total: &'static str,
    pub field_agencies_recognized: &'static str,
    pub field_schools_total: &'static str,
    pub field_schools_recognized: &'static str,
    pub field_models: &'static str,

    // popups
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub goto_title: &'static str,
    pub goto_prompt: &'static str,
    pub goto_none: &'static str,
    pub find_prompt: &'static str,
    pub quit_title: &'static str,
    pub quit_question: &'static str,
    pub quit_choices: &'static str,
    pub first_run_title: &'static str,
    pub first_run_text: &'static str,
    pub first_run_choices: &'static str,
    pub demo_loaded: &'static str,
    pub confirm_delete: &'static str,
    pub confirm_choices: &'static str,
    pub deleted: &'static str,

    // localities tab
    pub col_code: &'static str,
    pub col_name: &'static str,
    pub col_level: &'static str,
    pub col_validity: &'static str,
    pub col_recognition: &'static str,
    pub level_province: &'static str,
    pub level_district: &'static str,
    pub level_commune: &'static str,
    pub recognized_short: &'static str,
    pub not_recognized_short: &'static str,
    pub filter_label: &'static str,
    /// "{n} đơn vị"
    pub units_n: &'static str,
    pub loc_add_title: &'static str,
    pub loc_rename_title: &'static str,
    pub loc_close_title: &'static str,
    /// "Sáp nhập: {codes}"
    pub loc_merge_title: &'static str,
    pub loc_parent: &'static str,
    pub loc_valid_from: &'static str,
    pub loc_last_day: &'static str,
    pub loc_merge_date: &'static str,
    pub loc_successor_code: &'static str,
    pub loc_successor_name: &'static str,
    pub loc_date_required: &'static str,
    pub loc_changed: &'static str,

    // limitations tab
    pub limitations_this_year: &'static str,
    /// "Năm {year} (năm trước)"
    pub limitations_last_year: &'static str,
    pub col_category: &'static str,
    pub col_text: &'static str,
    pub col_remedy: &'static str,
    pub col_status: &'static str,
    pub status_open: &'static str,
    pub status_in_progress: &'static str,
    pub status_resolved: &'static str,
    pub no_limitations: &'static str,
    pub limitation_form_title: &'static str,
    pub carried_over: &'static str,
    pub already_carried: &'static str,
    pub text_required: &'static str,
    pub form_keys: &'static str,
    /// The form's keys while a multi-line field has the focus: "{Enter}: xuống dòng · {Ctrl-S}: lưu …"
    pub text_area_keys: &'static str,

    // awards tab
    pub col_form: &'static str,
    pub col_issuer: &'static str,
    /// How an issuer's name is shortened for a narrow column, phrase by phrase in this order
    /// ("Chủ tịch UBND tỉnh" → "CT UBND tỉnh"); what still does not fit is cut.
    pub issuer_abbreviations: &'static [(&'static str, &'static str)],
    pub col_kind: &'static str,
    pub col_recipient: &'static str,
    /// The recipient's heading where the full one would be cut (the list at 80 columns).
    pub col_recipient_short: &'static str,
    /// An individual recipient's year of birth (the award form).
    pub col_birth_year: &'static str,
    pub col_locality: &'static str,
    pub col_decision: &'static str,
    pub col_date: &'static str,
    pub col_note: &'static str,
    pub kind_collective: &'static str,
    pub kind_individual: &'static str,
    pub all_values: &'static str,
    /// "{collectives} tập thể, {individuals} cá nhân được khen thưởng"
    pub commended_counts: &'static str,
    pub no_awards: &'static str,
    pub no_award_findings: &'static str,
    pub award_form_title: &'static str,
    pub recipient_required: &'static str,
    pub decision_required: &'static str,
    pub unknown_locality: &'static str,
    pub saved_plain: &'static str,
    pub filters_label: &'static str,
}

/// The texts of the review screens (Years view, review mode of past years, cell history, workflow
/// keys), a table of their own so that the tabs' table stays readable.
pub struct ReviewStrings {
    // Years view
    pub years_title: &'static str,
    pub years_row_ratio: &'static str,
    pub years_row_share: &'static str,
    pub years_models: &'static str,
    pub years_collectives: &'static str,
    pub years_individuals: &'static str,
    pub years_open_limitations: &'static str,
    pub years_trend: &'static str,
    pub years_no_data: &'static str,
    pub years_keys: &'static str,
    /// "Chọn đơn vị thuộc {scope} (năm {year})"
    pub years_pick_title: &'static str,
    pub years_pick_none: &'static str,
    pub years_commune_is_bottom: &'static str,
    pub cat_residential: &'static str,
    pub cat_communes: &'static str,
    pub cat_agencies: &'static str,
    pub cat_schools: &'static str,

    // review mode
    /// header marker of a past year
    pub review_marker: &'static str,
    /// header marker of a past year unlocked for editing
    pub review_editing: &'static str,
    /// "năm {year} là năm đã qua: chỉ xem lại; bấm e để sửa"
    pub review_read_only: &'static str,
    /// "Sửa số liệu năm {year} của {district}? (y: có · n: không)"
    pub review_confirm_edit: &'static str,
    /// "đã mở sửa năm {year} của {district}"
    pub review_unlocked: &'static str,
    pub review_not_past: &'static str,
    pub review_already_editing: &'static str,
    /// "{district} đã nộp số liệu năm {year}: chỉ xem; cấp tỉnh mở lại (Alt-R) thì mới sửa được"
    pub review_submitted: &'static str,
    /// "{district} đã được duyệt số liệu năm {year}: chỉ xem; cấp tỉnh mở lại (Alt-R) thì mới sửa được"
    pub review_approved: &'static str,
    pub review_no_district: &'static str,
    /// `review_no_district` in a year without districts: the communes are the reporting units.
    pub review_no_unit: &'static str,

    // cell history
    /// "Lịch sử: {unit} · {field} · năm {year}"
    pub history_title: &'static str,
    pub history_columns: &'static str,
    pub history_empty: &'static str,
    pub history_footer: &'static str,
    pub source_tui: &'static str,
    pub source_import: &'static str,
    pub source_undo: &'static str,
    pub source_cli: &'static str,
    pub source_demo: &'static str,
    pub source_synthetic: &'static str,
    pub source_package: &'static str,

    // workflow
    /// "Nộp số liệu năm {year} của {district}? (y: có · n: không)"
    pub confirm_submit: &'static str,
    /// "Duyệt số liệu năm {year} của {district}? (y: có · n: không)"
    pub confirm_approve: &'static str,
    /// "sẽ nộp {entered}/{units} đơn vị, {errors} lỗi, {warnings} cảnh báo"
    pub submit_summary: &'static str,
    /// "ô được đánh dấu cần theo dõi: {n}" (under the summary, only when n > 0)
    pub submit_flagged: &'static str,
    /// "Lấy lại số liệu năm {year} của {district} để sửa? (y: có · n: không)"
    pub confirm_recall: &'static str,
    /// "đã lấy lại số liệu năm {year} của {district}: sửa được"
    pub recalled: &'static str,
    /// "Lý do mở lại năm {year} của {district}:"
    pub reopen_prompt: &'static str,
    pub reopen_keys: &'static str,
    pub reason_required: &'static str,
    /// "đã nộp số liệu năm {year} của {district}"
    pub submitted: &'static str,
    /// "đã duyệt số liệu năm {year} của {district}"
    pub approved: &'static str,
    /// "đã mở lại số liệu năm {year} của {district}"
    pub reopened: &'static str,
    pub refused_title: &'static str,
    pub refused_footer: &'static str,
    pub confirm_title: &'static str,
    pub workflow_title: &'static str,
    /// The legend of a Years view column summed from the scope's predecessors.
    pub years_predecessors_sum: &'static str,
    /// `o` on a year summed over several predecessors: "năm {year} là tổng của {names}: …"
    pub years_open_summed: &'static str,
    /// The legend of the mark on a year whose units are not all entered.
    pub years_incomplete: &'static str,
}

/// The texts of the targets view (`t` on the Assessments grid).
pub struct TargetsStrings {
    /// "Chỉ tiêu năm {year}"
    pub title: &'static str,
    pub columns: &'static str,
    pub province_wide: &'static str,
    /// A province user's footer: the keys.
    pub footer_edit: &'static str,
    /// Why anyone else only reads them (one sentence).
    pub read_only: &'static str,
    pub bad_share: &'static str,
    /// "đã đặt chỉ tiêu {scope} · {category}: {share}"
    pub saved: &'static str,
}

/// A value's note and follow-up flag: the editor (`;`), the grid's detail line, the history.
pub struct NotesStrings {
    /// "Ghi chú · {unit} · {field} · năm {year}"
    pub editor_title: &'static str,
    pub editor_keys: &'static str,
    /// "đã lưu ghi chú: {unit} · {field}"
    pub saved: &'static str,
    pub cleared: &'static str,
    pub flagged: &'static str,
    pub unflagged: &'static str,
    pub unchanged: &'static str,
    /// A cell's note named in "đã hoàn tác: {…}": "ghi chú ô {unit} · {field}"
    pub cell: &'static str,
    /// The note's name in the detail line and the cell's history.
    pub note: &'static str,
    /// The flag's name in the detail line and the cell's history.
    pub follow_up: &'static str,
}

/// The texts of "Còn phải nhập" (`m` on the Assessments grid) and of `j`, the next cell to enter.
pub struct StillStrings {
    /// "Còn phải nhập · {scope} · năm {year}"
    pub title: &'static str,
    /// "Lỗi: {n}"
    pub errors_heading: &'static str,
    /// "Đơn vị chưa nhập đủ: {n}"
    pub missing_heading: &'static str,
    /// A unit's missing fields: "thiếu {n}: {fields}"
    pub missing_fields: &'static str,
    /// The list is empty.
    pub none: &'static str,
    pub footer: &'static str,
    /// `j` found nothing to go to.
    pub jump_none: &'static str,
    /// `j` or Enter landed on a cell not entered: "{unit} · {field}: chưa nhập"
    pub cell_missing: &'static str,
}

impl Strings {
    pub fn get(lang: Lang) -> &'static Strings {
        match lang {
            Lang::Vi => &vi::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }
}

/// The label of a key-map action in the help screen and the hints.
pub fn action_label(lang: Lang, action: crate::tui::keymap::Action) -> &'static str {
    match lang {
        Lang::Vi => vi::action_label(action),
        Lang::En => en::action_label(action),
    }
}

/// The label of an action in the help screen, in the words of the year's structure: in a year without
/// districts the actions that name the reporting unit name the commune.
pub fn action_label_in_year(
    lang: Lang,
    action: crate::tui::keymap::Action,
    without_districts: bool,
) -> &'static str {
    let two_level = match lang {
        Lang::Vi => vi::action_label_without_districts(action),
        Lang::En => en::action_label_without_districts(action),
    };
    match two_level {
        Some(label) if without_districts => label,
        _ => action_label(lang, action),
    }
}

/// The short label of an action in the status-bar hints.
pub fn action_hint(lang: Lang, action: crate::tui::keymap::Action) -> &'static str {
    match lang {
        Lang::Vi => vi::action_hint(action),
        Lang::En => en::action_hint(action),
    }
}

/// Fills `{}` placeholders in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_in_order_and_tolerates_missing_args() {
        assert_eq!(fill("{} of {}", &["a", "b"]), "a of b");
        assert_eq!(fill("x {} y", &[]), "x  y");
        assert_eq!(fill("none", &["a"]), "none");
    }
}
