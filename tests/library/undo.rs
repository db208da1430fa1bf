//! Undo/redo of committed changes: newest first, recorded as changes, never over another user's edit.

use crate::common::*;
use antq::domain::{Field, FieldValue};
use antq::services::set_value;
use antq::services::undo::{CellChange, UndoStack};
use antq::store::Source;

fn commit(store: &mut antq::store::Store, stack: &mut UndoStack, code: &str, field: Field, v: u32) {
    let c = set_value(
        store,
        2019,
        code,
        field,
        FieldValue::Count(Some(v)),
        Source::Tui,
    )
    .unwrap();
    stack.record(CellChange {
        year: 2019,
        locality_code: code.into(),
        field,
        old: c.old,
        new: c.new,
    });
}

fn value(store: &antq::store::Store, code: &str, field: Field) -> FieldValue {
    store.year_data_row(2019, code).unwrap().unwrap().get(field)
}

#[test]
fn undo_and_redo_walk_back_and_forth_across_cells_and_are_audited() {
    let (_db, mut store) = loaded();
    let mut stack = UndoStack::default();
    commit(
        &mut store,
        &mut stack,
        "19120",
        Field::ResidentialAreasTotal,
        21,
    );
    commit(
        &mut store,
        &mut stack,
        "19123",
        Field::ResidentialAreasRecognized,
        18,
    );
    commit(
        &mut store,
        &mut stack,
        "19120",
        Field::ResidentialAreasTotal,
        22,
    );

    let u = stack.undo(&mut store).unwrap().unwrap();
    assert_eq!(
        (u.locality_code.as_str(), u.new),
        ("19120", FieldValue::Count(Some(22)))
    );
    assert_eq!(
        value(&store, "19120", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(21))
    );
    stack.undo(&mut store).unwrap();
    assert_eq!(
        value(&store, "19123", Field::ResidentialAreasRecognized),
        FieldValue::Count(Some(16))
    );
    stack.undo(&mut store).unwrap();
    assert_eq!(
        value(&store, "19120", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(20))
    );
    assert!(
        stack.undo(&mut store).unwrap().is_none(),
        "nothing left to undo"
    );

    stack.redo(&mut store).unwrap();
    assert_eq!(
        value(&store, "19120", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(21))
    );

    let h = store
        .audit_history(2019, "19120", Some("residential_areas_total"))
        .unwrap();
    let sources: Vec<&str> = h.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, ["import", "tui", "tui", "undo", "undo", "undo"]);
    let last = h.last().unwrap();
    assert_eq!(
        (last.old_value.as_deref(), last.new_value.as_deref()),
        (Some("20"), Some("21"))
    );
}

#[test]
fn undo_refuses_to_overwrite_another_users_later_change() {
    let (db, mut store) = loaded();
    let mut stack = UndoStack::default();
    commit(
        &mut store,
        &mut stack,
        "19120",
        Field::ResidentialAreasTotal,
        21,
    );
    // Another clerk, in another process, changes the same cell afterwards.
    let mut other = db.open();
    other.set_user_for_tests("clerk2");
    set_value(
        &mut other,
        2019,
        "19120",
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(30)),
        Source::Tui,
    )
    .unwrap();

    let before = audit_rows(&store);
    let err = stack.undo(&mut store).unwrap_err();
    assert!(err
        .render(antq::text::Lang::En)
        .contains("changed by someone else"));
    assert_eq!(
        value(&store, "19120", Field::ResidentialAreasTotal),
        FieldValue::Count(Some(30))
    );
    assert_eq!(before, audit_rows(&store));
    assert!(stack.can_undo(), "the change stays on the stack");
}

#[test]
fn a_new_change_forgets_the_redo_list() {
    let (_db, mut store) = loaded();
    let mut stack = UndoStack::default();
    commit(&mut store, &mut stack, "19120", Field::Models, 3);
    stack.undo(&mut store).unwrap();
    assert!(stack.can_redo());
    commit(&mut store, &mut stack, "19120", Field::Models, 4);
    assert!(!stack.can_redo());
}
