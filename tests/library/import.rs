//! `antq import`: all or nothing, every error as FILE:LINE, idempotent, audited, order-independent.

use crate::common::*;
use antq::error::Error;
use antq::services::import::import_paths;
use antq::services::report::summarize;
use antq::text::Lang;

const ASSESS_HEADER: &str = "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n";

/// Imports `contents` as a file into the loaded fixture database and expects a refusal whose lines
/// include `want_line` and `want_text`; checks that nothing at all changed.
pub(crate) fn refused(name: &str, contents: &str, want_line: u64, want_text: &str) {
    refused_bytes(name, contents.as_bytes(), want_line, want_text);
}

/// Like [`refused`] for contents that need not be text.
pub(crate) fn refused_bytes(name: &str, contents: &[u8], want_line: u64, want_text: &str) {
    refused_on(loaded, name, contents, want_line, want_text);
}

/// Like [`refused_bytes`] on the database `load` makes.
fn refused_on(
    load: fn() -> (TestDb, antq::store::Store),
    name: &str,
    contents: &[u8],
    want_line: u64,
    want_text: &str,
) {
    let (db, mut store) = load();
    let before = fingerprint(&store);
    let path = db.dir.path().join(name);
    std::fs::write(&path, contents).expect("write file");
    let err =
        import_paths(&mut store, &config(), std::slice::from_ref(&path)).expect_err("must refuse");
    let Error::Lines(lines) = &err else {
        panic!("expected line errors, got {err:?}");
    };
    let rendered = err.render(Lang::En);
    let shown = path.display().to_string();
    assert!(
        lines.iter().any(|l| l.line == want_line && l.file == shown),
        "no error on {shown}:{want_line} in:\n{rendered}"
    );
    assert!(
        rendered.contains(want_text),
        "expected '{want_text}' in:\n{rendered}"
    );
    assert!(rendered.contains(&format!("{shown}:{want_line}: ")));
    assert_eq!(err.exit_code(), 1);
    assert_eq!(
        before,
        fingerprint(&store),
        "a refused import changed the database"
    );
}

#[test]
fn fixtures_import_and_report() {
    let (_db, store) = loaded();
    let data = store.year_data(2019).unwrap();
    assert_eq!(
        data.localities
            .iter()
            .filter(|l| l.level == antq::domain::Level::Commune)
            .count(),
        5
    );
    let s = summarize(&data, &config(), None).unwrap();
    let ra = s.categories.get("residential_areas").unwrap();
    assert_eq!(
        (ra.recognized, ra.total),
        (9 + 7 + 10 + 18 + 16, 10 + 8 + 12 + 20 + 25)
    );
    let communes = s.categories.get("communes").unwrap();
    assert_eq!((communes.recognized, communes.total), (4, 5));
    let agencies = s.categories.get("agencies").unwrap();
    assert_eq!(
        (agencies.recognized, agencies.total),
        (
            19 + 11 + 3 + 2 + 4 + 8 + 2 + 2,
            20 + 12 + 3 + 2 + 4 + 9 + 2 + 3
        )
    );
    assert_eq!(s.commended.collectives, 1);
    assert_eq!(s.commended.individuals, 2);
    assert_eq!(s.children.len(), 2);
    // 2020: the merger leaves 2 communes in Đồng Hới (18862 closed, 18868 is now Phường Đồng Hải).
    let data2020 = store.year_data(2020).unwrap();
    let names: Vec<&str> = data2020
        .localities
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert!(names.contains(&"Phường Đồng Hải"));
    assert!(!names.contains(&"Phường Đồng Mỹ"));
    assert!(!names.contains(&"Phường Hải Đình"));
}

#[test]
fn importing_twice_changes_nothing() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    let audit = audit_rows(&store);
    let summary = import_paths(
        &mut store,
        &config(),
        &[
            fixture("limitations.csv"),
            fixture("awards.csv"),
            fixture("assessments.csv"),
            fixture("localities.csv"),
        ],
    )
    .unwrap();
    assert_eq!(summary.changes, 0);
    assert_eq!(audit, audit_rows(&store));
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn files_in_any_order_are_applied_localities_first() {
    let db = TestDb::new();
    let mut store = db.open();
    import_paths(
        &mut store,
        &config(),
        &[
            fixture("awards.csv"),
            fixture("assessments.csv"),
            fixture("limitations.csv"),
            fixture("localities.csv"),
        ],
    )
    .unwrap();
    assert_eq!(store.year_data(2019).unwrap().assessments.len(), 8);
}

#[test]
fn every_change_is_audited_with_source_import() {
    let (_db, store) = loaded();
    let rows = store.audit_history(2019, "19123", None).unwrap();
    let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
    assert!(fields.contains(&"residential_areas_recognized"));
    assert!(rows.iter().all(|r| r.source == "import"));
    let ra = rows
        .iter()
        .find(|r| r.field == "residential_areas_total")
        .unwrap();
    assert_eq!(ra.old_value, None);
    assert_eq!(ra.new_value.as_deref(), Some("25"));
}

#[test]
fn a_changed_value_replaces_the_stored_row_and_is_audited() {
    let (db, mut store) = loaded();
    let p = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19123,25,1.046,no,yes,3,2,2,2,0\n"),
    );
    // 1.046 > 25: refused, and nothing changes.
    let before = fingerprint(&store);
    let err = import_paths(&mut store, &config(), std::slice::from_ref(&p))
        .expect_err("recognised above total")
        .render(Lang::En);
    assert!(
        err.contains(&format!("{}:2: ", p.display())) && err.contains("recognised 1046 > total 25"),
        "{err}"
    );
    assert_eq!(before, fingerprint(&store));
    let p = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19123,1.205,18,no,yes,3,2,2,2,0\n"),
    );
    let s = import_paths(&mut store, &config(), &[p]).unwrap();
    assert_eq!(s.changes, 2);
    let rows = store
        .audit_history(2019, "19123", Some("residential_areas_total"))
        .unwrap();
    let last = rows.last().unwrap();
    assert_eq!(
        (last.old_value.as_deref(), last.new_value.as_deref()),
        (Some("25"), Some("1205"))
    );
}

#[test]
fn comma_in_a_count_is_refused_naming_the_line() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19123,25,18,no,yes,3,2,2,2,0\n2019,19120,\"1,046\",18,yes,yes,2,2,2,2,1\n"),
        3,
        "comma",
    );
}

#[test]
fn negative_count_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,-2,1,yes,yes,2,2,2,2,1\n"),
        2,
        "negative",
    );
}

#[test]
fn word_count_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,ba,1,yes,yes,2,2,2,2,1\n"),
        2,
        "not a number",
    );
}

#[test]
fn recognised_above_total_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,10,12,yes,yes,2,2,2,2,1\n"),
        2,
        "recognised 12 > total 10",
    );
}

#[test]
fn unknown_locality_code_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,99999,10,8,yes,yes,2,2,2,2,1\n"),
        2,
        "unknown code 99999",
    );
}

#[test]
fn locality_not_valid_in_the_year_is_refused() {
    // Phường Đồng Mỹ closed on 2020-01-31: not a unit of report year 2020.
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2020,18862,10,8,yes,yes,2,2,2,2,1\n"),
        2,
        "not valid on 30 November 2020",
    );
}

#[test]
fn unknown_header_is_refused() {
    refused(
        "assessments.csv",
        "year,locality_code,residential_areas_totl,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n2019,19120,10,8,yes,yes,2,2,2,2,1\n",
        1,
        "unknown column \"residential_areas_totl\"",
    );
}

#[test]
fn malformed_csv_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,10,8,yes,yes,2,2,2\n"),
        2,
        "malformed CSV",
    );
}

#[test]
fn unknown_enum_values_are_refused() {
    refused(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n2019,gold_star,ministry,collective,Xã Hải Ninh,19120,1/QĐ,2019-12-01,\n",
        2,
        "form: \"gold_star\"",
    );
    refused(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n2019,emulation_flag,king,collective,Xã Hải Ninh,19120,1/QĐ,2019-12-01,\n",
        2,
        "issuer: \"king\"",
    );
    refused(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n2019,emulation_flag,ministry,group,Xã Hải Ninh,19120,1/QĐ,2019-12-01,\n",
        2,
        "recipient_kind: \"group\"",
    );
    refused(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2019,456,other,Chưa tốt,,finished\n",
        2,
        "status: \"finished\"",
    );
    refused(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2019,456,laziness,Chưa tốt,,open\n",
        2,
        "category: \"laziness\"",
    );
    refused(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to\n99,Ấp Mới,hamlet,456,,\n",
        2,
        "level: \"hamlet\"",
    );
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,10,8,maybe,yes,2,2,2,2,1\n"),
        2,
        "commune_recognized: \"maybe\"",
    );
}

#[test]
fn impossible_date_is_refused() {
    refused(
        "awards.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n2019,emulation_flag,ministry,collective,Xã Hải Ninh,19120,1/QĐ,2019-02-30,\n",
        2,
        "decision_date: \"2019-02-30\"",
    );
    refused(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to\n19999,Xã Mới,commune,456,2020-13-01,\n",
        2,
        "valid_from: \"2020-13-01\"",
    );
}

#[test]
fn one_bad_line_among_good_ones_writes_nothing_and_lists_every_error() {
    let (db, mut store) = loaded();
    let before = fingerprint(&store);
    let good = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19123,25,18,yes,yes,3,2,2,2,0\n2019,19120,ba,18,yes,yes,2,2,2,2,1\n2019,19120,20,18,yes,yes,2,2,\"1,046\",2,1\n"),
    );
    let other = db.file(
        "limitations.csv",
        "year,locality_code,category,text,remedy,status\n2019,456,other,Mới,,open\n2019,456,other,Khác,,done\n",
    );
    let err = import_paths(&mut store, &config(), &[good.clone(), other.clone()]).unwrap_err();
    let Error::Lines(lines) = &err else { panic!() };
    let at: Vec<(String, u64)> = lines.iter().map(|l| (l.file.clone(), l.line)).collect();
    assert!(at.contains(&(good.display().to_string(), 3)));
    assert!(at.contains(&(good.display().to_string(), 4)));
    assert!(at.contains(&(other.display().to_string(), 3)));
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn bom_crlf_and_decomposed_unicode_are_accepted_and_stored_nfc() {
    let db = TestDb::new();
    let mut store = db.open();
    // "Xã Hải Ninh" with combining marks (as Unikey's "tổ hợp" mode sends it), BOM, CRLF line ends.
    let decomposed = "Xa\u{303} Ha\u{309}i Ninh";
    let text = format!(
        "\u{feff}code,name,level,parent_code,valid_from,valid_to\r\n44,Tỉnh Quảng Bình,province,,,\r\n456,Huyện Quảng Ninh,district,44,,\r\n19120,{decomposed},commune,456,,\r\n"
    );
    let p = db.file("localities.csv", &text);
    import_paths(&mut store, &config(), &[p]).unwrap();
    let l = store.all_localities().unwrap();
    let commune = l.iter().find(|l| l.code == "19120").unwrap();
    assert_eq!(commune.name, "Xã Hải Ninh");
    assert_eq!(commune.name.chars().count(), 11);
    let key: String = raw(&store)
        .query_row(
            "SELECT name_key FROM locality WHERE code = '19120'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(key, "xa hai ninh");
}

#[test]
fn vietnamese_thousands_are_read_as_counts() {
    let (db, mut store) = loaded();
    let p = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,1.205,1.046,yes,yes,2,2,2,2,1\n"),
    );
    import_paths(&mut store, &config(), &[p]).unwrap();
    let data = store.year_data(2019).unwrap();
    let row = data
        .assessments
        .iter()
        .find(|a| a.locality_code == "19120")
        .unwrap();
    assert_eq!(row.residential_areas_total, Some(1205));
    assert_eq!(row.residential_areas_recognized, Some(1046));
}

#[test]
fn empty_count_is_not_reported_not_zero() {
    let (db, mut store) = loaded();
    let p = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,20,18,yes,yes,,,2,2,1\n"),
    );
    import_paths(&mut store, &config(), &[p]).unwrap();
    let data = store.year_data(2019).unwrap();
    let row = data
        .assessments
        .iter()
        .find(|a| a.locality_code == "19120")
        .unwrap();
    assert_eq!(row.agencies_total, None);
    assert_eq!(row.agencies_recognized, None);
}

#[test]
fn export_then_import_into_a_fresh_database_reproduces_the_report() {
    let (db, store) = loaded();
    for year in [2019, 2020] {
        let out = db.dir.path().join(format!("export-{year}"));
        antq::services::export::export_csv_dir(&store, year, &out).unwrap();
        let fresh = TestDb::new();
        let mut other = fresh.open();
        import_paths(&mut other, &config(), std::slice::from_ref(&out)).unwrap();
        let a = summarize(&store.year_data(year).unwrap(), &config(), None).unwrap();
        let b = summarize(&other.year_data(year).unwrap(), &config(), None).unwrap();
        assert_eq!(a, b, "round trip of {year}");
        // And the JSON exchange package too.
        let json = db.file(
            &format!("antq-{year}.json"),
            &antq::services::export::package_text(&store, year).unwrap(),
        );
        let fresh2 = TestDb::new();
        let mut third = fresh2.open();
        import_paths(&mut third, &config(), &[json]).unwrap();
        let c = summarize(&third.year_data(year).unwrap(), &config(), None).unwrap();
        assert_eq!(a, c, "json round trip of {year}");
    }
}

#[test]
fn windows_line_ends_still_name_the_right_line() {
    let crlf = format!(
        "{ASSESS_HEADER}2019,19123,25,18,no,yes,3,2,2,2,0\n2019,450,,,,,21,20,\"1,046\",14,\n"
    )
    .replace('\n', "\r\n");
    refused("assessments.csv", &crlf, 3, "comma");
}

// ---- bad input a clerk can hand to import: each names its place and writes nothing ----------------

const LOCALITY_HEADER: &str = "code,name,level,parent_code,valid_from,valid_to\n";
const AWARD_HEADER: &str =
    "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n";
const LIMITATION_HEADER: &str = "year,locality_code,category,text,remedy,status\n";

/// Imports `paths` into the loaded fixture database and expects a refusal that is not about a line
/// (exit 2) whose English text contains `want_text`; checks that nothing at all changed.
fn refused_whole(paths: &[std::path::PathBuf], store: &mut antq::store::Store, want_text: &str) {
    let before = fingerprint(store);
    let err = import_paths(store, &config(), paths).expect_err("must refuse");
    let rendered = err.render(Lang::En);
    assert!(
        rendered.contains(want_text),
        "expected '{want_text}' in:\n{rendered}"
    );
    assert_eq!(err.exit_code(), 2, "{rendered}");
    assert_eq!(
        before,
        fingerprint(store),
        "a refused import changed the database"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_line_1() {
    // What Excel writes as "CSV" on a Vietnamese Windows: Windows-1258, "Xã" as 0x58 0xE3.
    let mut bytes = LOCALITY_HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"19999,X\xe3 M\xf5i,commune,450,,\n");
    refused_bytes(
        "localities.csv",
        &bytes,
        1,
        "the file is not UTF-8 (save it as CSV UTF-8)",
    );
}

#[test]
fn a_missing_column_is_refused_at_the_header() {
    let header = ASSESS_HEADER.replace(",models", "");
    refused(
        "assessments.csv",
        &format!("{header}2019,19120,10,8,yes,yes,2,2,2,2\n"),
        1,
        "missing column \"models\" in assessments.csv",
    );
}

#[test]
fn a_duplicated_column_is_refused_at_the_header() {
    let header = ASSESS_HEADER.replace(",models", ",models,models");
    refused(
        "assessments.csv",
        &format!("{header}2019,19120,10,8,yes,yes,2,2,2,2,1,1\n"),
        1,
        "a column appears twice",
    );
}

#[test]
fn an_empty_file_is_refused_as_empty() {
    refused("assessments.csv", "", 1, "the file is empty");
    // Blank lines and a byte-order mark are still nothing.
    refused("limitations.csv", "\u{feff}\n\n", 1, "the file is empty");
}

#[test]
fn a_bad_json_package_is_refused() {
    // Not JSON at all: the line the parser stopped on.
    refused(
        "antq-2019.json",
        "{\n  \"format\": \"antq-exchange\",\n  \"version\": 1\n  \"year\": 2019\n}\n",
        4,
        "malformed JSON exchange package",
    );
    // JSON, but not ours.
    refused(
        "antq-2019.json",
        r#"{"format": "something-else", "version": 1, "year": 2019}"#,
        1,
        "not an antq exchange package (format = \"something-else\")",
    );
    // An unknown section is refused rather than silently dropped.
    refused(
        "antq-2019.json",
        r#"{"format": "antq-exchange", "version": 1, "year": 2019, "targets": []}"#,
        1,
        "unknown field `targets`",
    );
}

#[test]
fn a_bad_row_in_a_json_package_names_its_section_and_position() {
    let (db, mut store) = loaded();
    let before = fingerprint(&store);
    let path = db.file(
        "antq-2019.json",
        r#"{"format": "antq-exchange", "version": 1, "year": 2019, "assessments": [
            {"year": "2019", "locality_code": "19120", "residential_areas_total": "10"},
            {"year": "2019", "locality_code": "19123", "residential_areas_total": "1,046"}
        ]}"#,
    );
    let err = import_paths(&mut store, &config(), std::slice::from_ref(&path)).unwrap_err();
    let rendered = err.render(Lang::En);
    let place = format!("{}#assessments:2: ", path.display());
    assert!(
        rendered.contains(&place),
        "expected {place} in:\n{rendered}"
    );
    assert!(
        rendered.contains("residential_areas_total: \"1,046\""),
        "{rendered}"
    );
    assert_eq!(err.exit_code(), 1);
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn an_empty_required_field_is_refused() {
    refused(
        "limitations.csv",
        &format!("{LIMITATION_HEADER}2019,456,other,,Đôn đốc,open\n"),
        2,
        "text: must not be empty",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,,commune,450,,\n"),
        2,
        "name: must not be empty",
    );
    refused(
        "awards.csv",
        &format!("{AWARD_HEADER}2019,emulation_flag,ministry,collective,Xã Hải Ninh,19120,,2019-12-01,\n"),
        2,
        "decision_no: must not be empty",
    );
    refused(
        "awards.csv",
        &format!(
            "{AWARD_HEADER}2019,emulation_flag,ministry,collective,Xã Hải Ninh,19120,1/QĐ,,\n"
        ),
        2,
        "decision_date: must not be empty",
    );
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,,10,8,yes,yes,2,2,2,2,1\n"),
        2,
        "locality_code: must not be empty",
    );
}

#[test]
fn a_bad_year_is_refused() {
    refused(
        "assessments.csv",
        &format!("{ASSESS_HEADER}19,19120,10,8,yes,yes,2,2,2,2,1\n"),
        2,
        "year: \"19\" is not a report year",
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATION_HEADER}năm 2019,456,other,Chưa tốt,,open\n"),
        2,
        "year: \"năm 2019\" is not a report year",
    );
    refused(
        "awards.csv",
        &format!("{AWARD_HEADER},emulation_flag,ministry,collective,Xã Hải Ninh,19120,1/QĐ,2019-12-01,\n"),
        2,
        "year: \"\" is not a report year",
    );
}

#[test]
fn parent_code_errors_are_refused() {
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,999,,\n"),
        2,
        "parent_code: no unit 999 is valid at that time",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Thôn Mới,commune,18853,,\n"),
        2,
        "parent_code: 18853 is a commune, expected a district or a province",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}460,Huyện Mới,district,450,,\n"),
        2,
        "parent_code: 450 is a district, expected a province",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,,,\n"),
        2,
        "parent_code: a district or commune needs a parent",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}45,Tỉnh Mới,province,44,,\n"),
        2,
        "parent_code: a province has no parent",
    );
    // The parent must be valid when the child begins: Phường Đồng Mỹ closed on 2020-01-31.
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Thôn Mới,commune,18862,2021-01-01,\n"),
        2,
        "parent_code: no unit 18862 is valid at that time",
    );
}

#[test]
fn valid_to_errors_are_refused() {
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,450,2020-01-01,2019-12-31\n"),
        2,
        "valid_to 2019-12-31 is before valid_from 2020-01-01",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,450,,31/02/2020\n"),
        2,
        "valid_to: \"31/02/2020\"",
    );
}

#[test]
fn duplicate_rows_in_one_file_are_refused_at_the_second() {
    refused(
        "assessments.csv",
        &format!(
            "{ASSESS_HEADER}2019,19120,10,8,yes,yes,2,2,2,2,1\n2019,19120,11,8,yes,yes,2,2,2,2,1\n"
        ),
        3,
        "a second row for 19120 in 2019",
    );
    refused(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,450,,\n19999,Xã Mới Hơn,commune,450,,\n"),
        3,
        "locality 19999 (from None) appears twice in the file",
    );
    let award = "2019,emulation_flag,ministry,collective,Xã Hải Ninh,19120,1/QĐ,2019-12-01,";
    refused(
        "awards.csv",
        &format!("{AWARD_HEADER}{award}\n{award}again\n"),
        3,
        "award appears twice: 1/QĐ — Xã Hải Ninh",
    );
    refused(
        "limitations.csv",
        &format!("{LIMITATION_HEADER}2019,456,other,Chưa tốt,,open\n2019,456,other,Chưa tốt,Sửa,resolved\n"),
        3,
        "the limitation appears twice",
    );
}

#[test]
fn an_empty_folder_is_refused() {
    let (db, mut store) = loaded();
    let folder = db.dir.path().join("empty");
    std::fs::create_dir(&folder).unwrap();
    // A folder holding other files is as empty for import.
    std::fs::write(folder.join("notes.txt"), "nothing to import").unwrap();
    refused_whole(&[folder], &mut store, "holds none of antq's CSV files");
}

#[test]
fn an_unreadable_file_is_refused_by_name() {
    use std::os::unix::fs::PermissionsExt;
    let (db, mut store) = loaded();
    let good = db.file(
        "assessments.csv",
        &format!("{ASSESS_HEADER}2019,19120,10,8,yes,yes,2,2,2,2,1\n"),
    );
    let locked = db.file("limitations.csv", LIMITATION_HEADER);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads a file whatever its mode; then a file the kernel refuses to read from the start
    // stands in for it.
    let locked = if std::fs::read(&locked).is_ok() {
        std::path::PathBuf::from("/proc/self/mem")
    } else {
        locked
    };
    let shown = format!("cannot read {}", locked.display());
    refused_whole(&[good, locked], &mut store, &shown);
}

// ---- two-level local government: lineage, parents by date, reused codes ------------------------

const LINEAGE_HEADER: &str = "code,name,level,parent_code,valid_from,valid_to,predecessors\n";

/// The two-level fixture: a province with 2 districts and 4 communes ending 2025-06-30, and the new
/// province reusing its code from 2025-07-01 with 2 communes (one reusing a code) that name them.
fn two_level() -> (TestDb, antq::store::Store) {
    let db = TestDb::new();
    let mut store = db.open();
    import_paths(
        &mut store,
        &config(),
        &[
            fixture("two-level-localities.csv"),
            fixture("two-level-assessments.csv"),
        ],
    )
    .expect("two-level fixture imports");
    (db, store)
}

fn stored_predecessors(store: &antq::store::Store, code: &str, from: &str) -> String {
    raw(store)
        .query_row(
            "SELECT predecessors FROM locality WHERE code = ?1 AND valid_from = ?2",
            [code, from],
            |r| r.get(0),
        )
        .expect("the version is stored")
}

#[test]
fn a_two_level_structure_imports_with_its_lineage() {
    let (db, mut store) = two_level();
    // 2024: the province over its districts over their communes; 2025: the province over communes.
    let y2024 = store.localities_in_year(2024).unwrap();
    let y2025 = store.localities_in_year(2025).unwrap();
    assert_eq!(y2024.len(), 7);
    assert_eq!(
        antq::domain::reporting_level(&y2024, "44"),
        antq::domain::Level::District
    );
    assert_eq!(
        antq::domain::reporting_level(&y2025, "44"),
        antq::domain::Level::Commune
    );
    let names: Vec<(&str, &str, Option<&str>)> = y2025
        .iter()
        .map(|l| (l.code.as_str(), l.name.as_str(), l.parent_code.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("44", "Tỉnh Quảng Trị", None),
            ("18853", "Phường Đồng Hới", Some("44")),
            ("19121", "Xã Ninh Châu", Some("44")),
        ]
    );
    // The reused codes resolve by date: the 2024 row went to the old ward, the 2025 row to the new one.
    let a2024 = store.year_data(2024).unwrap();
    assert!(a2024
        .localities
        .iter()
        .any(|l| l.code == "18853" && l.name == "Phường Hải Thành"));
    assert_eq!(a2024.assessments.len(), 4);
    let a2025 = store.year_data(2025).unwrap();
    let row = a2025
        .assessments
        .iter()
        .find(|a| a.locality_code == "18853")
        .expect("the new ward's row");
    assert_eq!(row.residential_areas_total, Some(17));
    // Stored in the canonical form: each predecessor names the version it resolved to.
    assert_eq!(
        stored_predecessors(&store, "18853", "2025-07-01"),
        "18853;18868@2020-02-01"
    );
    assert_eq!(
        stored_predecessors(&store, "19121", "2025-07-01"),
        "19120;19123"
    );
    assert_eq!(stored_predecessors(&store, "44", "2025-07-01"), "44");
    let new_ward = y2025.iter().find(|l| l.code == "18853").unwrap();
    assert_eq!(new_ward.predecessors.len(), 2);
    // The same files again change nothing.
    let before = fingerprint(&store);
    let again = import_paths(
        &mut store,
        &config(),
        &[
            fixture("two-level-localities.csv"),
            fixture("two-level-assessments.csv"),
        ],
    )
    .unwrap();
    assert_eq!(again.changes, 0);
    assert_eq!(before, fingerprint(&store));
    // A predecessor may also be in the same file as its successor, written `CODE@VALID_FROM`.
    let f = db.file(
        "more-localities.csv",
        &format!(
            "{LINEAGE_HEADER}19200,Xã Cũ,commune,456,2021-01-01,2025-06-30,\n\
             19201,Xã Mới,commune,44,2025-07-01,,19200@2021-01-01\n"
        ),
    );
    import_paths(&mut store, &config(), &[f]).unwrap();
    assert_eq!(
        stored_predecessors(&store, "19201", "2025-07-01"),
        "19200@2021-01-01"
    );
}

#[test]
fn a_commune_under_the_province_is_valid() {
    let (db, mut store) = loaded();
    let f = db.file(
        "localities.csv",
        &format!("{LOCALITY_HEADER}19999,Xã Mới,commune,44,,\n"),
    );
    import_paths(&mut store, &config(), &[f]).unwrap();
    let l = store.locality_in_year("19999", 2019).unwrap().unwrap();
    assert_eq!(l.parent_code.as_deref(), Some("44"));
    assert!(l.predecessors.is_empty(), "no column, no lineage");
}

#[test]
fn bad_lineage_is_refused_at_its_line() {
    let cases: [(&str, &str); 8] = [
        (
            "19999,Xã Mới,commune,450,2021-01-01,,999",
            "predecessors: unknown predecessor 999: no unit 999 is valid on 2020-12-31",
        ),
        (
            "19999,Xã Mới,commune,450,2021-01-01,,18862@2019-01-01",
            "predecessors: unknown predecessor 18862@2019-01-01: no unit 18862 begins on 2019-01-01",
        ),
        (
            "19999,Xã Mới,commune,450,2021-01-01,,19999@2021-01-01",
            "predecessors: 19999@2021-01-01 is the unit itself",
        ),
        (
            "19999,Xã Mới,commune,450,2021-01-01,,19120",
            "predecessors: 19120 is still valid: a predecessor must end before its successor begins (2021-01-01)",
        ),
        (
            "19999,Xã Mới,commune,450,2020-01-15,,18862",
            "predecessors: 18862 is valid until 2020-01-31: a predecessor must end before its successor begins (2020-01-15)",
        ),
        (
            "19999,Xã Mới,commune,450,,,18862",
            "predecessors: a successor needs a valid_from",
        ),
        (
            "19999,Xã Mới,commune,450,2021-01-01,,18862@2020-13-01",
            "predecessors: the date \"2020-13-01\" of predecessor 18862 is not a yyyy-mm-dd date",
        ),
        (
            "19999,Xã Mới,commune,450,2021-01-01,,18862;@2020-01-01",
            "predecessors: predecessor \"@2020-01-01\" has no code",
        ),
    ];
    for (row, want) in cases {
        refused_on(
            loaded,
            "localities.csv",
            format!("{LINEAGE_HEADER}{row}\n").as_bytes(),
            2,
            want,
        );
    }
    // The JSON exchange package carries the column under the same key, with the same checks.
    let (db, mut store) = loaded();
    let before = fingerprint(&store);
    let path = db.file(
        "antq-2021.json",
        r#"{"format": "antq-exchange", "version": 1, "year": 2021, "localities": [
            {"code": "19999", "name": "Xã Mới", "level": "commune", "parent_code": "450",
             "valid_from": "2021-01-01", "valid_to": "", "predecessors": "999"}
        ]}"#,
    );
    let err = import_paths(&mut store, &config(), std::slice::from_ref(&path)).unwrap_err();
    let rendered = err.render(Lang::En);
    let place = format!(
        "{}#localities:1: predecessors: unknown predecessor 999",
        path.display()
    );
    assert!(
        rendered.contains(&place),
        "expected {place} in:\n{rendered}"
    );
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn a_parent_must_be_valid_on_the_units_date_and_last_as_long() {
    // The districts are gone from 2025-07-01: a commune opened then cannot hang from one.
    refused_on(
        two_level,
        "localities.csv",
        format!("{LINEAGE_HEADER}19130,Xã Mới,commune,456,2025-07-01,,\n").as_bytes(),
        2,
        "parent_code: no unit 456 is valid at that time (2025-07-01)",
    );
    // A commune that outlives its district (or the old province) is refused.
    for parent in ["456", "44"] {
        refused_on(
            two_level,
            "localities.csv",
            format!("{LINEAGE_HEADER}19131,Xã Khác,commune,{parent},2024-01-01,,\n").as_bytes(),
            2,
            &format!(
                "parent_code: the parent {parent} ends on 2025-06-30 while the unit goes on: \
                 close the unit or give it a new row from the day after"
            ),
        );
    }
    // Closing a district in a file while its stored communes go on: placed at the district's line.
    refused_on(
        loaded,
        "localities.csv",
        format!("{LOCALITY_HEADER}44,Tỉnh Quảng Bình,province,,,\n456,Huyện Quảng Ninh,district,44,,2025-06-30\n")
            .as_bytes(),
        3,
        "19120 (Xã Hải Ninh): parent_code: the parent 456 ends on 2025-06-30 while the unit goes on",
    );
    // A district hangs from a province only.
    refused_on(
        two_level,
        "localities.csv",
        format!("{LINEAGE_HEADER}460,Huyện Mới,district,18853,2025-07-01,,\n").as_bytes(),
        2,
        "parent_code: 18853 is a commune, expected a province",
    );
}

/// Export → import into a fresh database → export gives the same bytes, lineage and reused codes
/// included; a year's `localities.csv` carries the earlier versions its units name.
#[test]
fn the_csv_round_trip_keeps_the_lineage() {
    let (db, store) = two_level();
    for year in [2024, 2025] {
        let out = db.dir.path().join(format!("export-{year}"));
        antq::services::export::export_csv_dir(&store, year, &out).unwrap();
        let text = std::fs::read_to_string(out.join("localities.csv")).unwrap();
        assert!(
            text.starts_with("code,name,level,parent_code,valid_from,valid_to,predecessors\n"),
            "{text}"
        );
        let fresh = TestDb::new();
        let mut other = fresh.open();
        import_paths(&mut other, &config(), std::slice::from_ref(&out)).unwrap();
        let out2 = fresh.dir.path().join("again");
        antq::services::export::export_csv_dir(&other, year, &out2).unwrap();
        for kind in antq::exchange::Kind::ALL {
            let f = kind.file_name();
            assert_eq!(
                std::fs::read_to_string(out.join(f)).unwrap(),
                std::fs::read_to_string(out2.join(f)).unwrap(),
                "{year} {f}"
            );
        }
        let a = summarize(&store.year_data(year).unwrap(), &config(), None).unwrap();
        let b = summarize(&other.year_data(year).unwrap(), &config(), None).unwrap();
        assert_eq!(a, b, "round trip of {year}");
        // The JSON package too, the column under the key `predecessors`.
        let pkg = antq::services::export::package_text(&store, year).unwrap();
        let json = db.file(&format!("antq-{year}.json"), &pkg);
        let fresh2 = TestDb::new();
        let mut third = fresh2.open();
        import_paths(&mut third, &config(), &[json]).unwrap();
        assert_eq!(
            pkg,
            antq::services::export::package_text(&third, year).unwrap()
        );
    }
    let text = std::fs::read_to_string(db.dir.path().join("export-2025/localities.csv")).unwrap();
    assert_eq!(
        text,
        "code,name,level,parent_code,valid_from,valid_to,predecessors\n\
         44,Tỉnh Quảng Bình,province,,,2025-06-30,\n\
         44,Tỉnh Quảng Trị,province,,2025-07-01,,44\n\
         18853,Phường Đồng Hới,commune,44,2025-07-01,,18853;18868@2020-02-01\n\
         19121,Xã Ninh Châu,commune,44,2025-07-01,,19120;19123\n\
         450,Thành phố Đồng Hới,district,44,,2025-06-30,\n\
         18853,Phường Hải Thành,commune,450,,2025-06-30,\n\
         18868,Phường Đồng Hải,commune,450,2020-02-01,2025-06-30,\n\
         456,Huyện Quảng Ninh,district,44,,2025-06-30,\n\
         19120,Xã Hải Ninh,commune,456,,2025-06-30,\n\
         19123,Xã Võ Ninh,commune,456,,2025-06-30,\n"
    );
    // 2024 names no lineage: its file holds its own units only.
    let text = std::fs::read_to_string(db.dir.path().join("export-2024/localities.csv")).unwrap();
    assert_eq!(text.lines().count(), 8, "{text}");
}
