//! A value's note and follow-up flag through the binary: `notes.csv` and the JSON package out and
//! back in without loss (a text a spreadsheet would take for a formula neutralised), a bad line
//! refused at `FILE:LINE` with nothing written, `antq notes` and `history --field`.

use crate::common::*;

const HEADER: &str = "year,locality_code,field,note,follow_up";

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `antq notes --year 2018` of a sandbox.
fn notes(sb: &Sandbox, extra: &[&str]) -> String {
    let mut args = vec!["--lang", "en", "notes", "--year", "2018"];
    args.extend_from_slice(extra);
    let r = sb.antq(&args);
    r.ok();
    r.stdout.clone()
}

/// The demo with notes of district 450 in 2018: a text a spreadsheet would evaluate, one with a
/// comma and quotes, a flag without a text, a flag with one.
fn with_notes() -> Sandbox {
    let sb = Sandbox::new().with_demo();
    let file = sb.file(
        "notes.csv",
        &format!(
            "{HEADER}\n\
             2018,18853,residential_areas_total,\"=Tách thôn 5, ông \"\"Tư\"\" xác nhận\",no\n\
             2018,18853,models,,yes\n\
             2018,450,agencies_total,Sở Công Thương gửi thêm 2 đơn vị,có\n\
             2018,18853,police_advanced,'-giữ nguyên,không\n"
        ),
    );
    sb.antq(&["--lang", "en", "import", path_str(&file)])
        .ok()
        .stdout_has("4 rows: 5 changes");
    sb
}

#[test]
fn notes_go_out_as_csv_and_json_and_come_back_without_loss() {
    let sb = with_notes();
    let listed = notes(&sb, &[]);
    assert_eq!(
        listed,
        "450\tThành phố Đồng Hới\tagencies_total\tyes\tSở Công Thương gửi thêm 2 đơn vị\n\
         18853\tPhường Hải Thành\tresidential_areas_total\tno\t=Tách thôn 5, ông \"Tư\" xác nhận\n\
         18853\tPhường Hải Thành\tpolice_advanced\tno\t-giữ nguyên\n\
         18853\tPhường Hải Thành\tmodels\tyes\t\n"
    );
    assert_eq!(
        notes(&sb, &["--flagged"]),
        "450\tThành phố Đồng Hới\tagencies_total\tyes\tSở Công Thương gửi thêm 2 đơn vị\n\
         18853\tPhường Hải Thành\tmodels\tyes\t\n"
    );
    assert_eq!(
        notes(&sb, &["--locality", "450"]).lines().count(),
        1,
        "one unit's"
    );

    // CSV: the fifth file, formulas neutralised.
    let out = sb.path("export-2018");
    sb.antq(&["export", "--year", "2018", "--out", path_str(&out)])
        .ok()
        .stdout_has("notes.csv");
    let csv = std::fs::read_to_string(out.join("notes.csv")).expect("notes.csv");
    assert_eq!(
        csv,
        format!(
            "{HEADER}\n\
             2018,450,agencies_total,Sở Công Thương gửi thêm 2 đơn vị,yes\n\
             2018,18853,residential_areas_total,\"'=Tách thôn 5, ông \"\"Tư\"\" xác nhận\",no\n\
             2018,18853,police_advanced,'-giữ nguyên,no\n\
             2018,18853,models,,yes\n"
        )
    );
    let fresh = Sandbox::new();
    fresh
        .antq(&["--lang", "en", "import", path_str(&out)])
        .ok()
        .stdout_has("Imported 5 files");
    assert_eq!(notes(&fresh, &[]), listed);
    let before = fresh.fingerprint();
    fresh
        .antq(&["--lang", "en", "import", path_str(&out)])
        .ok()
        .stdout_has(": 0 changes.");
    assert_eq!(before, fresh.fingerprint());
    let again = fresh.path("export-again");
    fresh
        .antq(&["export", "--year", "2018", "--out", path_str(&again)])
        .ok();
    assert_eq!(
        std::fs::read_to_string(again.join("notes.csv")).expect("notes.csv"),
        csv,
        "byte for byte"
    );

    // JSON: a `notes` array; a year without notes has none (the package reads as before).
    let pkg = sb
        .antq(&["export", "--year", "2018", "--format", "json"])
        .ok()
        .json();
    assert_eq!(pkg["notes"].as_array().map(Vec::len), Some(4));
    assert_eq!(pkg["notes"][1]["note"], "=Tách thôn 5, ông \"Tư\" xác nhận");
    let bare = sb
        .antq(&["export", "--year", "2017", "--format", "json"])
        .ok()
        .json();
    assert!(bare.get("notes").is_none(), "no empty notes array");
    let dir = sb.path("pkg");
    sb.antq(&[
        "export",
        "--year",
        "2018",
        "--format",
        "json",
        "--out",
        path_str(&dir),
    ])
    .ok();
    let fresh = Sandbox::new();
    fresh
        .antq(&["import", path_str(&dir.join("antq-2018.json"))])
        .ok();
    assert_eq!(notes(&fresh, &[]), listed);

    // The cell's history through the command line shows the note beside the value.
    let r = sb.antq(&[
        "history",
        "--year",
        "2018",
        "--locality",
        "18853",
        "--field",
        "residential_areas_total",
    ]);
    r.ok()
        .stdout_has("\tresidential_areas_total\t")
        .stdout_has("\tnote.residential_areas_total\tnhập tệp\t∅ → =Tách thôn 5");
}

#[test]
fn a_bad_note_line_is_refused_at_its_line_and_nothing_is_written() {
    let sb = with_notes();
    let before = sb.fingerprint();
    let long = "x".repeat(20_001);
    let file = sb.file(
        "bad-notes.csv",
        &format!(
            "{HEADER}\n\
             2018,18853,models,ổn,yes\n\
             2018,18853,bogus,x,no\n\
             2018,18853,models,\"hai\ndòng\",no\n\
             2018,99999,models,x,no\n\
             2018,450,commune_recognized,x,no\n\
             2018,18853,schools_total,x,maybe\n\
             2018,18853,schools_total,{long},no\n\
             2018,18853,models,lặp lại,no\n"
        ),
    );
    let shown = file.display().to_string();
    let r = sb.antq(&["--lang", "en", "import", path_str(&file)]);
    r.code(1)
        .stderr_has(&format!("{shown}:3: field: \"bogus\" is not a column"))
        .stderr_has(&format!(
            "{shown}:4: note: holds the control character U+000A"
        ))
        .stderr_has(&format!("{shown}:6: locality_code: unknown code 99999"))
        .stderr_has(&format!(
            "{shown}:7: 450 has no cell commune_recognized: only a commune's row has it"
        ))
        .stderr_has(&format!("{shown}:8: follow_up: \"maybe\""))
        .stderr_has(&format!("{shown}:9: note: is 20,001 characters long"))
        .stderr_has(&format!(
            "{shown}:10: a second note for 18853 · models in 2018"
        ));
    assert!(!r.stderr.contains(&format!("{shown}:2:")), "{}", r.stderr);
    assert_eq!(before, sb.fingerprint(), "nothing written");
}

/// `antq check` says how many cells of its scope are flagged for follow-up and where to see them,
/// after its findings; a flag is not a finding: the exit code and the counts of errors and warnings
/// stay what they were.
#[test]
fn check_says_the_cells_flagged_for_follow_up_of_its_scope_without_judging_them() {
    let check = |sb: &Sandbox, extra: &[&str]| {
        let mut args = vec!["--lang", "en", "check", "--year", "2018"];
        args.extend_from_slice(extra);
        sb.antq(&args)
    };
    let plain = Sandbox::new().with_demo();
    let before = check(&plain, &[]);
    before.ok();
    assert!(!before.stdout.contains("flagged"), "{}", before.stdout);
    assert_eq!(check(&plain, &["--format", "json"]).json()["flagged"], 0);

    // Two flags in Thành phố Đồng Hới (450): its own row and Phường Hải Thành (18853).
    let sb = with_notes();
    let r = check(&sb, &[]);
    r.ok();
    assert_eq!(
        r.stdout,
        format!(
            "{}2 cells flagged for follow-up — see: antq notes --year 2018 --flagged\n",
            before.stdout
        ),
        "the findings as before, then the flagged cells"
    );
    assert_eq!(notes(&sb, &["--flagged"]).lines().count(), 2);
    let json = check(&sb, &["--format", "json"]).ok().json();
    assert_eq!(json["flagged"], 2);
    assert_eq!(json["errors"], 0);
    assert_eq!(
        json["warnings"],
        check(&plain, &["--format", "json"]).json()["warnings"]
    );
    // The district holds both; one of its communes one, named so that `notes` lists exactly it;
    // another district none.
    check(&sb, &["--locality", "450"])
        .ok()
        .stdout_has("\n2 cells flagged for follow-up");
    let commune = check(&sb, &["--locality", "18853"]);
    commune.ok().stdout_has(
        "\n1 cell flagged for follow-up — see: antq notes --year 2018 --locality 18853 --flagged\n",
    );
    assert_eq!(
        notes(&sb, &["--locality", "18853", "--flagged"]),
        "18853\tPhường Hải Thành\tmodels\tyes\t\n"
    );
    let other = check(&sb, &["--locality", "456"]);
    other.ok();
    assert!(!other.stdout.contains("flagged"), "{}", other.stdout);
    assert_eq!(
        check(&sb, &["--locality", "456", "--format", "json"]).json()["flagged"],
        0
    );
    // In Vietnamese by default.
    sb.antq(&["check", "--year", "2018"])
        .ok()
        .stdout_has("\n2 ô được đánh dấu cần theo dõi — xem: antq notes --year 2018 --flagged\n");

    // With an error the exit code is the error's, and the flags are still said, last.
    let file = sb.file(
        "flag-to-person.csv",
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note
2018,emulation_flag,ministry,individual,Hoàng Văn Nam,18853,9100/QĐ-BCA,2018-12-10,
",
    );
    sb.antq(&["import", path_str(&file)]).ok();
    let r = check(&sb, &[]);
    r.code(1).stdout_has("flag_to_individual");
    assert!(
        r.stdout
            .ends_with("2 cells flagged for follow-up — see: antq notes --year 2018 --flagged\n"),
        "{}",
        r.stdout
    );
    let json = check(&sb, &["--format", "json"]).code(1).json();
    assert_eq!(
        (json["errors"].as_u64(), json["flagged"].as_u64()),
        (Some(1), Some(2))
    );
}
