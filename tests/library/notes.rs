//! A value's note and follow-up flag below the faces (`services::notes`, `store/notes.rs`): stored
//! per cell with an audit row per change, bounded and clean text, and the rights and workflow lock
//! of the value itself.

use crate::common::*;
use antq::domain::workflow::{Role, User};
use antq::domain::Field;
use antq::services::notes::{list, set_follow_up, set_note};
use antq::store::{Source, Store};
use antq::text::{Lang, MAX_TEXT_CHARS};

const CELL: (&str, Field) = ("18853", Field::ResidentialAreasTotal);

fn note(store: &mut Store, code: &str, field: Field, text: &str) -> antq::error::Result<bool> {
    set_note(store, Source::Tui, 2019, code, field, text).map(|c| c.written)
}

fn refusal(r: antq::error::Result<bool>) -> String {
    r.expect_err("must be refused").render(Lang::En)
}

/// The fixture with a province user and a clerk of district 450, acting as `login`.
fn as_login(login: &str) -> (TestDb, Store) {
    let (db, mut store) = loaded();
    for (name, role, unit) in [
        ("boss", Role::Province, None),
        ("clerk450", Role::Clerk, Some("450")),
    ] {
        store
            .put_user(&User {
                login: name.into(),
                role,
                district_code: unit.map(str::to_string),
            })
            .expect("put user");
    }
    store.set_user_for_tests(login);
    (db, store)
}

fn set_state(store: &Store, state: &str) {
    raw(store)
        .execute(
            "INSERT INTO workflow (year, district_code, state, changed_at, changed_by)
             VALUES (2019, '450', ?1, '2019-12-01T00:00:00Z', 'boss')
             ON CONFLICT (year, district_code) DO UPDATE SET state = excluded.state",
            [state],
        )
        .expect("set the state");
}

#[test]
fn a_note_is_stored_per_cell_with_its_audit_rows_and_shows_in_the_cells_history() {
    let (_db, mut store) = loaded();
    store.set_user_for_tests("lan");
    let (code, field) = CELL;
    let before = audit_rows(&store);
    // Trimmed and NFC: "Hoà" typed decomposed is stored composed.
    assert!(note(
        &mut store,
        code,
        field,
        "  Tách thôn, ông Hoa\u{300} xác nhận "
    )
    .expect("saved"));
    assert_eq!(audit_rows(&store), before + 1);
    let notes = store.notes_of_year(2019).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].note, "Tách thôn, ông Hoà xác nhận");
    assert_eq!((notes[0].locality_code.as_str(), notes[0].field), CELL);
    assert!(!notes[0].follow_up);
    assert_eq!(notes[0].changed_by, "lan");
    // The same text again writes nothing.
    assert!(!note(&mut store, code, field, "Tách thôn, ông Hoà xác nhận").expect("same"));
    assert_eq!(audit_rows(&store), before + 1);

    // The flag keeps the text; the text keeps the flag.
    let flagged = set_follow_up(&mut store, Source::Tui, 2019, code, field, true).expect("flag");
    assert!(flagged.written && flagged.new.follow_up);
    assert_eq!(flagged.new.note, "Tách thôn, ông Hoà xác nhận");
    assert!(note(&mut store, code, field, "").expect("text cleared"));
    let left = list(&store, 2019, None, true).expect("flagged");
    assert_eq!(left.len(), 1, "the flag stays without a text");
    assert_eq!(left[0].note, "");
    set_follow_up(&mut store, Source::Tui, 2019, code, field, false).expect("unflag");
    assert!(
        store.notes_of_year(2019).expect("notes").is_empty(),
        "no row left"
    );
    let stored: i64 = raw(&store)
        .query_row("SELECT count(*) FROM value_note", [], |r| r.get(0))
        .expect("count");
    assert_eq!(stored, 0);

    // The cell's history holds the value's changes and the note's, in order; a history of the
    // field alone (the value) does not.
    let history = store.cell_history(2019, code, field).expect("history");
    let fields: Vec<(&str, Option<&str>)> = history
        .iter()
        .filter(|r| r.entity == "value_note")
        .map(|r| (r.field.as_str(), r.new_value.as_deref()))
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                "note.residential_areas_total",
                Some("Tách thôn, ông Hoà xác nhận")
            ),
            ("follow_up.residential_areas_total", Some("yes")),
            ("note.residential_areas_total", None),
            ("follow_up.residential_areas_total", Some("no")),
        ]
    );
    assert!(history.iter().any(|r| r.entity == "assessment"));
    assert!(store
        .audit_history(2019, code, Some(field.code()))
        .expect("values")
        .iter()
        .all(|r| r.entity == "assessment"));
    assert!(
        matches!(
            store.verify_audit_chain().expect("verify"),
            antq::store::audit::ChainCheck::Intact { .. }
        ),
        "the chain holds"
    );
}

#[test]
fn a_note_longer_than_a_text_may_be_or_with_a_control_character_is_refused_and_nothing_written() {
    let (_db, mut store) = loaded();
    let (code, field) = CELL;
    let before = fingerprint(&store);
    let err = refusal(note(
        &mut store,
        code,
        field,
        &"ệ".repeat(MAX_TEXT_CHARS + 1),
    ));
    assert!(err.starts_with("note: ") && err.contains("20,000"), "{err}");
    for bad in ["a\u{1b}[31mb", "hai\ndòng", "tab\there", "c\u{85}1"] {
        let err = refusal(note(&mut store, code, field, bad));
        assert!(err.starts_with("note: "), "{bad:?}: {err}");
    }
    assert_eq!(fingerprint(&store), before);
    // At the limit it is taken.
    assert!(note(&mut store, code, field, &"ệ".repeat(MAX_TEXT_CHARS)).expect("at the limit"));
}

#[test]
fn a_note_takes_the_rights_and_the_lock_of_the_value() {
    let (_db, mut store) = as_login("clerk450");
    let before = fingerprint(&store);
    // Another district's commune.
    let err = refusal(note(
        &mut store,
        "19120",
        Field::Models,
        "không phải của tôi",
    ));
    assert!(
        err.contains("clerk450 may edit only their own unit"),
        "{err}"
    );
    // A field the district's own row does not have.
    let err = refusal(note(&mut store, "450", Field::CommuneRecognized, "x"));
    assert!(err.contains("only a commune's row has it"), "{err}");
    // A code not valid in the year.
    let err = refusal(note(&mut store, "99999", Field::Models, "x"));
    assert!(err.contains("not valid in 2019"), "{err}");
    assert_eq!(fingerprint(&store), before);

    // Submitted: read-only to the clerk (with the value's sentence), not to the province.
    set_state(&store, "submitted");
    let before = fingerprint(&store);
    let err = refusal(note(&mut store, "18853", Field::Models, "sau khi nộp"));
    assert!(err.contains("are submitted and read-only"), "{err}");
    let err = set_follow_up(&mut store, Source::Tui, 2019, "18853", Field::Models, true)
        .expect_err("flag refused")
        .render(Lang::En);
    assert!(err.contains("are submitted and read-only"), "{err}");
    let value = antq::services::set_value(
        &mut store,
        2019,
        "18853",
        Field::Models,
        antq::domain::FieldValue::Count(Some(4)),
        Source::Tui,
    )
    .expect_err("the value too")
    .render(Lang::En);
    assert_eq!(err, value, "the same sentence as a value");
    assert_eq!(fingerprint(&store), before);
    store.set_user_for_tests("boss");
    assert!(note(
        &mut store,
        "18853",
        Field::Models,
        "tỉnh sửa trước khi duyệt"
    )
    .expect("province"));

    // Approved: read-only to everyone.
    set_state(&store, "approved");
    let before = fingerprint(&store);
    let err = refusal(note(&mut store, "18853", Field::Models, "sau khi duyệt"));
    assert!(err.contains("are approved and read-only"), "{err}");
    assert_eq!(fingerprint(&store), before);

    // An unregistered login only reads.
    store.set_user_for_tests("nobody");
    let err = refusal(note(&mut store, "19120", Field::Models, "x"));
    assert!(err.contains("not registered"), "{err}");
}
