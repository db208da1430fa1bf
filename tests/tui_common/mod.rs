//! A small province for the TUI tests, built here so that the screens do not change when the demo
//! data or the compiled-in targets do: 1 province, 2 districts, 7 communes (one of them closes on
//! 31/01/2020), figures for 2018 and 2019, a few awards and limitations.
#![allow(dead_code)]

#[path = "../common/fingerprint.rs"]
pub mod fingerprint;
#[path = "../common/reform.rs"]
pub mod reform;

use antq::config::Config;
use antq::domain::{
    Assessment, Award, AwardForm, Category, Dataset, Level, Limitation, LimitationStatus, Locality,
    RecipientKind, Target,
};
use antq::store::{Source, Store};
use antq::text::Lang;
use antq::tui::{App, AppOptions, Theme};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::Path;

fn locality(code: &str, name: &str, level: Level, parent: Option<&str>) -> Locality {
    Locality {
        id: 0,
        code: code.into(),
        name: name.into(),
        level,
        parent_code: parent.map(Into::into),
        valid_from: None,
        valid_to: None,
        predecessors: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    year: i32,
    code: &str,
    ra: Option<(u32, u32)>,
    recognized: Option<bool>,
    police: Option<bool>,
    agencies: (u32, u32),
    schools: (u32, u32),
    models: u32,
) -> Assessment {
    Assessment {
        year,
        locality_code: code.into(),
        residential_areas_total: ra.map(|r| r.0),
        residential_areas_recognized: ra.map(|r| r.1),
        commune_recognized: recognized,
        police_advanced: police,
        agencies_total: Some(agencies.0),
        agencies_recognized: Some(agencies.1),
        schools_total: Some(schools.0),
        schools_recognized: Some(schools.1),
        models: Some(models),
    }
}

pub const PROVINCE: &str = "44";
pub const DONG_HOI: &str = "450";
pub const QUANG_NINH: &str = "457";

pub fn dataset() -> Dataset {
    let mut localities = vec![
        locality(PROVINCE, "Tỉnh Quảng Bình", Level::Province, None),
        locality(
            DONG_HOI,
            "Thành phố Đồng Hới",
            Level::District,
            Some(PROVINCE),
        ),
        locality("18853", "Phường Hải Thành", Level::Commune, Some(DONG_HOI)),
        locality("18862", "Phường Đồng Mỹ", Level::Commune, Some(DONG_HOI)),
        locality("18883", "Xã Quang Phú", Level::Commune, Some(DONG_HOI)),
        locality(
            QUANG_NINH,
            "Huyện Quảng Ninh",
            Level::District,
            Some(PROVINCE),
        ),
        locality(
            "19165",
            "Thị trấn Quán Hàu",
            Level::Commune,
            Some(QUANG_NINH),
        ),
        locality("19168", "Xã Quảng Phú", Level::Commune, Some(QUANG_NINH)),
        locality("19171", "Xã Hải Ninh", Level::Commune, Some(QUANG_NINH)),
        locality("19174", "Xã Vạn Ninh", Level::Commune, Some(QUANG_NINH)),
    ];
    localities[3].valid_to = NaiveDate::from_ymd_opt(2020, 1, 31);
    let mut assessments = Vec::new();
    for (year, bump) in [(2018, 0u32), (2019, 1)] {
        assessments.extend([
            row(
                year,
                "18853",
                Some((12, 11)),
                Some(true),
                Some(true),
                (4, 4),
                (3, 3),
                1,
            ),
            row(
                year,
                "18862",
                Some((10, 8)),
                Some(true),
                Some(true),
                (2, 2),
                (2, 2),
                1,
            ),
            row(
                year,
                "18883",
                Some((8, 5 + bump)),
                Some(false),
                Some(true),
                (1, 1),
                (2, 1),
                0,
            ),
            row(year, DONG_HOI, None, None, None, (30, 28), (12, 12), 2),
            row(
                year,
                "19165",
                Some((14, 13)),
                Some(true),
                Some(true),
                (6, 6),
                (4, 4),
                2,
            ),
            row(
                year,
                "19168",
                Some((25, 18)),
                Some(true),
                Some(true),
                (2, 2),
                (3, 3),
                1,
            ),
            row(
                year,
                "19171",
                Some((9, 7)),
                Some(false),
                Some(false),
                (1, 1),
                (2, 2),
                1,
            ),
            row(year, QUANG_NINH, None, None, None, (20, 19), (10, 9), 1),
            row(year, PROVINCE, None, None, None, (40, 38), (8, 8), 0),
        ]);
        if year == 2018 {
            assessments.push(row(
                year,
                "19174",
                Some((11, 10)),
                Some(true),
                Some(true),
                (1, 1),
                (2, 2),
                1,
            ));
        }
    }
    let date = |d, m, y| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let awards = vec![
        Award {
            id: 0,
            year: 2019,
            form: AwardForm::CertificateOfMerit,
            issuer: "province_chairman".into(),
            recipient_kind: RecipientKind::Collective,
            recipient: "Thị trấn Quán Hàu".into(),
            locality_code: Some("19165".into()),
            birth_year: None,
            decision_no: "514/QĐ-UBND".into(),
            decision_date: date(16, 12, 2019),
            note: String::new(),
        },
        Award {
            id: 0,
            year: 2019,
            form: AwardForm::CertificateOfCommendation,
            issuer: "district_chairman".into(),
            recipient_kind: RecipientKind::Individual,
            recipient: "Nguyễn Văn An".into(),
            locality_code: Some("19168".into()),
            birth_year: None,
            decision_no: "77/QĐ-UBND".into(),
            decision_date: date(10, 12, 2019),
            note: String::new(),
        },
    ];
    let limitations = vec![
        Limitation {
            id: 0,
            year: 2018,
            locality_code: QUANG_NINH.into(),
            category: "models_neglected".into(),
            text: "Một số xã chưa chú trọng xây dựng mô hình tự quản".into(),
            remedy: "Chỉ đạo mỗi xã xây dựng ít nhất một mô hình".into(),
            status: LimitationStatus::InProgress,
        },
        Limitation {
            id: 0,
            year: 2019,
            locality_code: QUANG_NINH.into(),
            category: "slow_advising".into(),
            text: "Công tác tham mưu ở một số xã còn chậm".into(),
            remedy: "Tập huấn cán bộ xã".into(),
            status: LimitationStatus::Open,
        },
    ];
    Dataset {
        localities,
        assessments,
        awards,
        limitations,
    }
}

/// The compiled-in configuration with the tests' own targets.
pub fn config() -> Config {
    let mut c = Config::builtin();
    let t = |year, category, min_share, locality: Option<&str>| Target {
        year,
        category,
        min_share,
        locality: locality.map(Into::into),
    };
    c.target = vec![
        t(2018, Category::ResidentialAreas, 0.80, None),
        t(2019, Category::ResidentialAreas, 0.85, None),
        t(2019, Category::Communes, 0.60, None),
        t(2019, Category::ResidentialAreas, 0.80, Some(QUANG_NINH)),
    ];
    c
}

pub fn store_at(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open store");
    store.set_user_for_tests("clerk");
    store
}

pub fn loaded_store(path: &Path) -> Store {
    let mut store = store_at(path);
    store
        .load_dataset(&dataset(), Source::Demo)
        .expect("load fixture");
    store
}

pub fn fixed_clock() -> String {
    "14:02:31".to_string()
}

pub fn app(store: Store, lang: Lang, year: Option<i32>, district: Option<&str>) -> App {
    let mut app = App::new(
        store,
        AppOptions {
            config: config(),
            lang,
            theme: Theme::plain(),
            year,
            district: district.map(Into::into),
            clock: fixed_clock,
        },
    )
    .expect("app");
    app.resize(80, 24);
    app
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types text: characters as keys, '\n' as Enter, '\t' as Tab.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        press(app, code);
    }
}

/// The screen as text, one line per row, trailing spaces trimmed.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| app.render(f)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Compares `screen` with the committed `tests/snapshots/{file}__{name}.snap`. The snapshots are
/// named after the test file that took them (`tui_snapshots`, `tui_review`) rather than insta's
/// module path, so that their names do not depend on which test binary links the test.
#[track_caller]
pub fn assert_screen(file: &str, name: &str, screen: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(format!("{file}__{name}"), screen));
}

/// Asserts that the status line shows an error, and that it is the one expected: its text contains
/// `want` (a bare "is an error" would pass on any refusal).
#[track_caller]
pub fn assert_error(app: &App, want: &str) {
    let message = app.status_message().unwrap_or("");
    assert!(
        app.status_is_error() && message.contains(want),
        "wanted an error containing {want:?}, the status line says {:?} (error: {})",
        app.status_message(),
        app.status_is_error()
    );
}

/// The communes of the province after the two-level reform (from 01/07/2025), directly under it.
pub const NEW_COMMUNES: [(&str, &str); 4] = [
    ("50001", "Phường Đồng Hới"),
    ("50002", "Phường Đồng Thuận"),
    ("50003", "Xã Quảng Ninh"),
    ("50004", "Đặc khu Cồn Cỏ"),
];

/// The fixture province across the two-level reform: every unit above ends on 30/06/2025; from
/// 01/07/2025 the province (reusing code 44, renamed Tỉnh Quảng Trị) stands directly over four
/// communes, with figures for 2025.
pub fn two_level_dataset() -> Dataset {
    let mut data = dataset();
    let end = NaiveDate::from_ymd_opt(2025, 6, 30);
    let start = NaiveDate::from_ymd_opt(2025, 7, 1);
    for l in &mut data.localities {
        if l.valid_to.is_none() {
            l.valid_to = end;
        }
    }
    let mut province = locality(PROVINCE, "Tỉnh Quảng Trị", Level::Province, None);
    province.valid_from = start;
    data.localities.push(province);
    for (i, (code, name)) in NEW_COMMUNES.into_iter().enumerate() {
        let mut c = locality(code, name, Level::Commune, Some(PROVINCE));
        c.valid_from = start;
        data.localities.push(c);
        let i = i as u32;
        data.assessments.push(row(
            2025,
            code,
            Some((20 + i, 17 + i)),
            Some(i != 2),
            Some(true),
            (3, 3),
            (4, 3 + i % 2),
            1,
        ));
    }
    data.assessments
        .push(row(2025, PROVINCE, None, None, None, (60, 55), (15, 15), 0));
    data
}

pub fn two_level_store(path: &Path) -> Store {
    let mut store = store_at(path);
    store
        .load_dataset(&two_level_dataset(), Source::Demo)
        .expect("load the two-level fixture");
    store
}
