//! The texts of the review screens (Years view, review mode of past years, cell history, workflow
//! keys), in both languages. Kept in their own table so the two tables of the tabs stay readable.

use crate::tui::keymap::Action;

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

    // workflow
    /// "Nộp số liệu năm {year} của {district}? (y: có · n: không)"
    pub confirm_submit: &'static str,
    /// "Duyệt số liệu năm {year} của {district}? (y: có · n: không)"
    pub confirm_approve: &'static str,
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
}

pub static VI: ReviewStrings = ReviewStrings {
    years_title: "Theo năm",
    years_row_ratio: "đạt/tổng",
    years_row_share: "  % · chỉ tiêu",
    years_models: "Mô hình",
    years_collectives: "Khen: tập thể",
    years_individuals: "Khen: cá nhân",
    years_open_limitations: "Hạn chế còn lại",
    years_trend: "Xu hướng tỷ lệ đạt",
    years_no_data: "chưa có số liệu",
    years_keys: "←→ năm · Enter xuống · Bksp/Esc lên · o mở",
    years_pick_title: "Chọn đơn vị thuộc {} (năm {})",
    years_pick_none: "không có đơn vị cấp dưới trong năm này",
    years_commune_is_bottom: "xã là cấp thấp nhất",
    cat_residential: "Khu dân cư",
    cat_communes: "Xã, phường",
    cat_agencies: "Cơ quan, DN",
    cat_schools: "Trường học",

    review_marker: "XEM LẠI",
    review_editing: "XEM LẠI · đang sửa",
    review_read_only: "năm {} là năm đã qua: chỉ xem lại; bấm e để sửa",
    review_confirm_edit: "Sửa số liệu năm {} của {}? (y: có · n: không)",
    review_unlocked: "đã mở sửa số liệu năm {} của {}",
    review_not_past: "năm đang xem là năm báo cáo hiện tại: sửa được ngay, không cần e",
    review_already_editing: "năm này đã được mở sửa",
    review_submitted: "{} đã nộp số liệu năm {}: chỉ xem; cấp tỉnh mở lại (Alt-R) thì mới sửa được",
    review_approved:
        "{} đã được duyệt số liệu năm {}: chỉ xem; cấp tỉnh mở lại (Alt-R) thì mới sửa được",
    review_no_district:
        "chưa chọn huyện: nộp, duyệt và mở lại theo từng huyện (g hoặc Enter trên huyện)",
    review_no_unit:
        "chưa chọn xã: nộp, duyệt và mở lại theo từng xã, phường, đặc khu (g rồi tên xã, từ một xã)",

    history_title: "Lịch sử: {} · {} · năm {}",
    history_columns: "Thời điểm          Người dùng  Cũ → Mới          Nguồn",
    history_empty: "Ô này chưa có thay đổi nào được ghi.",
    history_footer: "↑↓ PgUp PgDn cuộn · Esc đóng · mới nhất ở trên",
    source_tui: "gõ tay",
    source_import: "nhập tệp",
    source_undo: "hoàn tác",
    source_cli: "dòng lệnh",
    source_demo: "dữ liệu mẫu",
    source_synthetic: "dữ liệu thử",

    confirm_submit: "Nộp số liệu năm {} của {}? (y: có · n: không)",
    confirm_approve: "Duyệt số liệu năm {} của {}? (y: có · n: không)",
    reopen_prompt: "Lý do mở lại năm {} của {}:",
    reopen_keys: "Enter: mở lại · Esc: thôi",
    reason_required: "cần ghi lý do mở lại",
    submitted: "đã nộp số liệu năm {} của {}",
    approved: "đã duyệt số liệu năm {} của {}",
    reopened: "đã mở lại số liệu năm {} của {}",
    refused_title: "Không thực hiện được",
    refused_footer: "↑↓ cuộn · Esc đóng",
    confirm_title: "Xác nhận",
    workflow_title: "Mở lại",
    years_predecessors_sum: "cộng các đơn vị trước sáp nhập",
};

pub static EN: ReviewStrings = ReviewStrings {
    years_title: "By year",
    years_row_ratio: "rec./total",
    years_row_share: "  % · target",
    years_models: "Models",
    years_collectives: "Commended: coll.",
    years_individuals: "Commended: ind.",
    years_open_limitations: "Open limitations",
    years_trend: "Trend of the recognised share",
    years_no_data: "no data yet",
    years_keys: "←→ year · Enter down · Bksp/Esc up · o open",
    years_pick_title: "Pick a unit of {} ({})",
    years_pick_none: "no unit one level down in this year",
    years_commune_is_bottom: "a commune is the lowest level",
    cat_residential: "Resid. areas",
    cat_communes: "Communes",
    cat_agencies: "Agencies",
    cat_schools: "Schools",

    review_marker: "REVIEW",
    review_editing: "REVIEW · editing",
    review_read_only: "{} is a past year: review only; press e to edit",
    review_confirm_edit: "Edit the {} figures of {}? (y: yes · n: no)",
    review_unlocked: "editing unlocked for {} of {}",
    review_not_past: "this is the current report year: it is editable, no need for e",
    review_already_editing: "this year is already unlocked for editing",
    review_submitted:
        "{} handed in its {} figures: read-only until the province reopens them (Alt-R)",
    review_approved:
        "{} has its {} figures approved: read-only until the province reopens them (Alt-R)",
    review_no_district: "no district chosen: years are submitted, approved and reopened per district (g, or Enter on one)",
    review_no_unit: "no commune chosen: years are submitted, approved and reopened per commune, ward and special zone (g and its name, from a commune)",

    history_title: "History: {} · {} · {}",
    history_columns: "When               User        Old → New         Source",
    history_empty: "No change of this cell is recorded.",
    history_footer: "↑↓ PgUp PgDn scroll · Esc close · newest first",
    source_tui: "typed",
    source_import: "import",
    source_undo: "undo",
    source_cli: "command line",
    source_demo: "demo data",
    source_synthetic: "synthetic",

    confirm_submit: "Submit the {} figures of {}? (y: yes · n: no)",
    confirm_approve: "Approve the {} figures of {}? (y: yes · n: no)",
    reopen_prompt: "Why reopen {} of {}:",
    reopen_keys: "Enter: reopen · Esc: cancel",
    reason_required: "a reason is needed to reopen",
    submitted: "submitted the {} figures of {}",
    approved: "approved the {} figures of {}",
    reopened: "reopened the {} figures of {}",
    refused_title: "Not done",
    refused_footer: "↑↓ scroll · Esc close",
    confirm_title: "Confirm",
    workflow_title: "Reopen",
    years_predecessors_sum: "sum of the units before the merger",
};

/// Help labels of the review actions.
pub fn action_label(vi: bool, action: Action) -> &'static str {
    let (v, e) = match action {
        Action::YearsView => (
            "xem theo năm (so sánh các năm, xu hướng)",
            "years side by side (trend)",
        ),
        Action::EditPastYear => (
            "sửa số liệu năm đã qua (hỏi lại)",
            "edit a past year (asks)",
        ),
        Action::CellHistory => ("lịch sử thay đổi của ô", "history of the cell"),
        Action::Submit => ("nộp số liệu năm của huyện", "submit the district's year"),
        Action::Approve => ("duyệt (cấp tỉnh)", "approve (province)"),
        Action::Reopen => (
            "mở lại để sửa, ghi lý do (cấp tỉnh)",
            "reopen with a reason (province)",
        ),
        Action::Drill => (
            "xuống cấp dưới (chọn huyện/xã)",
            "drill down (pick a district/commune)",
        ),
        Action::ScopeUp => ("lên cấp trên / đóng", "up one level / close"),
        Action::OpenYear => (
            "mở năm đang chọn ở thẻ Kết quả",
            "open the year in Assessments",
        ),
        _ => ("", ""),
    };
    if vi {
        v
    } else {
        e
    }
}
