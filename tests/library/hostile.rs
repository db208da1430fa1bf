//! Hostile input: control characters, spreadsheet formulas, malformed codes and quoting, unbounded
//! values. Each refusal names `FILE:LINE` (or the field, for typed text) and writes nothing.

use crate::common::*;
use crate::import::{refused, refused_bytes};
use antq::domain::{Award, AwardForm, Level, Limitation, LimitationStatus, RecipientKind};
use antq::error::Error;
use antq::services::import::import_paths;
use antq::store::Source;
use antq::text::Lang;

const LIMITATIONS: &str = "year,locality_code,category,text,remedy,status\n";
const LOCALITIES: &str = "code,name,level,parent_code,valid_from,valid_to\n";
const ASSESSMENTS: &str = "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n";

#[test]
fn control_characters_in_imported_text_are_refused_at_file_line() {
    for (text, col) in [
        ("Xóa màn hình \u{1b}[2J", "text"),
        ("Tiêu đề \u{1b}]0;pwned\u{7}", "text"),
        ("Clipboard \u{1b}]52;c;ZWNobyBoaQ==\u{7}", "text"),
        ("C1 \u{9b}2J", "text"),
        ("DEL \u{7f}", "text"),
        ("NUL \0 x", "text"),
        ("CR \r overwrite", "text"),
    ] {
        let file = format!("{LIMITATIONS}2019,44,other,\"{text}\",,open\n");
        refused(
            "limitations.csv",
            &file,
            2,
            &format!("{col}: holds the control character"),
        );
    }
    // One-line fields refuse even a tab and a newline.
    refused(
        "localities.csv",
        &format!("{LOCALITIES}44,\"Tỉnh\tQuảng Bình\",province,,,\n"),
        2,
        "name: holds the control character U+0009",
    );
    refused(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n\
         2019,emulation_flag,ministry,collective,\"Phường\nHải Thành\",18853,1/QĐ,2019-12-20,\n",
        2,
        "recipient: holds the control character U+000A",
    );
}

#[test]
fn newlines_and_tabs_stay_allowed_in_texts_that_span_lines() {
    let (db, mut store) = loaded();
    let path = db.file(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,\"Dòng một\nDòng\thai\",\"Khắc phục\",open\n"),
    );
    import_paths(&mut store, &config(), &[path]).expect("a multi-line text imports");
}

#[test]
fn control_characters_in_a_json_package_are_refused() {
    let pkg = r#"{"format":"antq-exchange","version":1,"year":2019,
        "limitations":[{"year":"2019","locality_code":"44","category":"other","text":"a\u001b[2Jb","remedy":"","status":"open"}]}"#;
    let (db, mut store) = loaded();
    let before = fingerprint(&store);
    let path = db.file("p.json", pkg);
    let err =
        import_paths(&mut store, &config(), std::slice::from_ref(&path)).expect_err("refused");
    let want = format!(
        "{}#limitations:1: text: holds the control character U+001B",
        path.display()
    );
    assert!(
        err.render(Lang::En).contains(&want),
        "{}",
        err.render(Lang::En)
    );
    assert_eq!(before, fingerprint(&store));
}

fn limitation(text: &str) -> Limitation {
    Limitation {
        id: 0,
        year: 2019,
        locality_code: "44".into(),
        category: "other".into(),
        text: text.into(),
        remedy: String::new(),
        status: LimitationStatus::Open,
    }
}

#[test]
fn typed_control_characters_are_refused_and_nothing_is_written() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    let err = antq::services::limitations::save(&mut store, &limitation("a\u{1b}[2Jb"))
        .expect_err("ESC refused");
    assert!(
        err.render(Lang::En)
            .contains("text: holds the control character U+001B"),
        "{}",
        err.render(Lang::En)
    );
    let award = Award {
        id: 0,
        year: 2019,
        form: AwardForm::CertificateOfMerit,
        issuer: "ministry".into(),
        recipient_kind: RecipientKind::Individual,
        recipient: "Nguyễn\u{9d}0;x".into(),
        locality_code: Some("18853".into()),
        birth_year: None,
        decision_no: "9/QĐ".into(),
        decision_date: chrono::NaiveDate::from_ymd_opt(2019, 12, 1).expect("date"),
        note: String::new(),
    };
    let err = antq::services::awards::save(&mut store, &award).expect_err("C1 refused");
    assert!(err
        .render(Lang::Vi)
        .contains("recipient: có ký tự điều khiển U+009D"));
    let err = antq::services::localities::add(
        &mut store,
        "19999",
        "Xã \u{7f}Mới",
        Level::Commune,
        Some("456"),
        None,
        Source::Tui,
    )
    .expect_err("DEL refused");
    assert!(err
        .render(Lang::En)
        .contains("name: holds the control character U+007F"));
    assert_eq!(
        before,
        fingerprint(&store),
        "a refused save wrote something"
    );
    // A newline is fine in a limitation's text.
    antq::services::limitations::save(&mut store, &limitation("Dòng một\nDòng hai"))
        .expect("newline allowed");
}

#[test]
fn spreadsheet_formulas_are_neutralised_on_export_and_the_round_trip_is_lossless() {
    let (db, mut store) = loaded();
    let texts = [
        "=cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://x.example\",\"bấm vào\")",
        "+84 912 345 678",
        "-  chưa làm",
        "@SUM(A1:A9)",
        "'=đã có dấu nháy",
        "'bắt đầu bằng dấu nháy",
    ];
    for t in texts {
        antq::services::limitations::save(&mut store, &limitation(t)).expect("save");
    }
    let before = store.year_data(2019).expect("year").limitations;
    let out = db.dir.path().join("out");
    antq::services::export::export_csv_dir(&store, 2019, &out).expect("export");
    let csv = std::fs::read_to_string(out.join("limitations.csv")).expect("read");
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would evaluate: {cell:?} in {line}"
            );
        }
    }
    assert!(csv.contains("'=cmd|' /C calc'!A0"), "{csv}");
    assert!(csv.contains("''=đã có dấu nháy"), "{csv}");
    assert!(csv.contains(",'bắt đầu bằng dấu nháy,"), "{csv}");

    let fresh = TestDb::new();
    let mut other = fresh.open();
    import_paths(&mut other, &config(), std::slice::from_ref(&out)).expect("re-import");
    let after = other.year_data(2019).expect("year").limitations;
    let texts_of = |v: &[Limitation]| {
        let mut t: Vec<String> = v.iter().map(|l| l.text.clone()).collect();
        t.sort();
        t
    };
    assert_eq!(texts_of(&before), texts_of(&after));
    for t in texts {
        assert!(texts_of(&after).contains(&t.to_string()), "{t} lost");
    }
}

#[test]
fn locality_codes_are_digits_of_a_bounded_length() {
    for (row, want) in [
        (
            "+44,Tỉnh X,province,,,",
            "code: \"+44\" — a locality code is digits only",
        ),
        ("4 4,Tỉnh X,province,,,", "code: \"4 4\""),
        ("1234567,Tỉnh X,province,,,", "at most 6 digits"),
        ("19999,Xã Mới,commune,45a,,", "parent_code: \"45a\""),
    ] {
        refused("localities.csv", &format!("{LOCALITIES}{row}\n"), 2, want);
    }
    // A flipped byte in a code is a refusal, not a phantom commune.
    refused_bytes(
        "localities.csv",
        format!("{LOCALITIES}1885\u{1b},Phường Hải Thành,commune,450,,\n").as_bytes(),
        2,
        "code: holds the control character",
    );
    refused(
        "assessments.csv",
        &format!("{ASSESSMENTS}2019,18853x,10,9,yes,no,,,,,\n"),
        2,
        "locality_code: \"18853x\" — a locality code is digits only",
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,４４,other,Chậm,,open\n"),
        2,
        "locality_code: \"４４\"",
    );
}

#[test]
fn a_typed_locality_code_is_digits_too() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    for code in ["19a99", "1234567", "+1999"] {
        let err = antq::services::localities::add(
            &mut store,
            code,
            "Xã Mới",
            Level::Commune,
            Some("456"),
            None,
            Source::Tui,
        )
        .expect_err("refused");
        assert!(err.render(Lang::En).contains("locality code"), "{code}");
    }
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn an_unescaped_quote_inside_a_field_is_refused() {
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,Văn bản \"trích dẫn\" sai,,open\n"),
        2,
        "malformed CSV: a quote \" inside a field",
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,Đúng,,open\n2019,44,other,\"Văn bản\" sai,,open\n"),
        3,
        "malformed CSV: text after the closing quote",
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,\"Không đóng,,open\n2019,44,other,x,,open\n"),
        2,
        "never closed",
    );
}

#[test]
fn long_values_are_cut_in_messages_and_long_lines_refused() {
    let (db, mut store) = loaded();
    let bad = "x".repeat(500);
    let path = db.file(
        "assessments.csv",
        &format!("{ASSESSMENTS}2019,18853,{bad},9,yes,no,,,,,\n"),
    );
    let err = import_paths(&mut store, &config(), &[path]).expect_err("refused");
    let shown = err.render(Lang::En);
    assert!(
        shown.contains(&format!("\"{}…\"", "x".repeat(60))),
        "{shown}"
    );
    assert!(shown.len() < 400, "{shown}");

    let huge = "y".repeat(5_000_000);
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,{huge},,open\n"),
        2,
        "the line is longer than 256 KB",
    );
}

#[test]
fn a_package_of_another_version_is_refused() {
    let pkg = r#"{"format":"antq-exchange","version":2,"year":2019,"limitations":[]}"#;
    refused(
        "p.json",
        pkg,
        1,
        "an exchange package of version 2 cannot be read (this antq reads version 1)",
    );
}

#[test]
fn a_refusal_is_an_error_of_lines() {
    // The helpers above rely on refusals being `Error::Lines`; a typed refusal is `Error::Data`.
    let (_db, mut store) = loaded();
    let err =
        antq::services::limitations::save(&mut store, &limitation("\u{1b}")).expect_err("refused");
    assert!(matches!(err, Error::Data(_)), "{err:?}");
}

#[test]
fn a_malformed_package_echoes_its_keys_escaped_and_cut() {
    // serde's message quotes an unknown key: a C1 CSI (found by the fuzz target) or a huge key
    // must not reach the terminal as it is.
    let huge = "k".repeat(100_000);
    for (pkg, want) in [
        (
            "{\"format\":\"antq-exchange\",\"ve\u{9b}2Jrsion\":1}".to_string(),
            "unknown field `ve\\u{9b}2Jrsion`",
        ),
        (
            format!("{{\"format\":\"antq-exchange\",\"{huge}\":1}}"),
            "unknown field `kkkk",
        ),
    ] {
        let (db, mut store) = loaded();
        let before = fingerprint(&store);
        let path = db.file("p.json", &pkg);
        let err =
            import_paths(&mut store, &config(), std::slice::from_ref(&path)).expect_err("refused");
        for lang in [Lang::Vi, Lang::En] {
            let shown = err.render(lang);
            assert!(!shown.chars().any(char::is_control), "{shown:?}");
            assert!(shown.chars().count() < 600, "{} characters", shown.len());
        }
        let shown = err.render(Lang::En);
        assert!(
            shown.contains(&format!(
                "{}:1: malformed JSON exchange package",
                path.display()
            )),
            "{shown}"
        );
        assert!(shown.contains(want), "{shown}");
        assert_eq!(before, fingerprint(&store));
    }
}

/// A text beyond what a stored text may hold is refused typed and imported, naming its length, and
/// nothing is written; at the limit it is saved, and its export reads back whole.
#[test]
fn a_text_beyond_the_limit_is_refused_typed_and_imported() {
    let max = antq::text::MAX_TEXT_CHARS;
    let (db, mut store) = loaded();
    let before = fingerprint(&store);
    let err = antq::services::limitations::save(&mut store, &limitation(&"ệ".repeat(max + 1)))
        .expect_err("over the limit");
    assert!(
        err.render(Lang::En)
            .contains("text: is 20,001 characters long, more than the 20,000 allowed"),
        "{}",
        err.render(Lang::En)
    );
    assert_eq!(
        before,
        fingerprint(&store),
        "a refused save wrote something"
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATIONS}2019,44,other,{},,open\n", "x".repeat(max + 1)),
        2,
        "text: is 20,001 characters long",
    );
    // At the limit, in the widest letters: saved, exported and imported back unchanged.
    let widest = "\"ệ😀".repeat(max / 3);
    antq::services::limitations::save(&mut store, &limitation(&widest)).expect("at the limit");
    let dir = db.dir.path().join("export");
    std::fs::create_dir(&dir).expect("folder");
    let files = antq::services::export::export_csv_dir(&store, 2019, &dir).expect("export");
    let csv = std::fs::read_to_string(dir.join("limitations.csv")).expect("the limitations");
    assert!(csv.len() > 3 * max, "the widest text is exported whole");
    import_paths(&mut store, &config(), &files).expect("the export reads back");
}
