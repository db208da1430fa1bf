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

    let step = stack.undo(&mut store).unwrap().unwrap();
    let u = &step.cells()[0];
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

fn cell(code: &str, field: Field, value: u32, since: Option<u32>) -> antq::services::CellWrite {
    antq::services::CellWrite {
        year: 2019,
        locality_code: code.into(),
        field,
        value: FieldValue::Count(Some(value)),
        since: since.map(|v| FieldValue::Count(Some(v))),
    }
}

/// A pasted block: every cell in one transaction with an audit row each, undone as one step; a
/// cell another login changed since refuses the whole block and writes nothing.
#[test]
fn cells_written_together_are_one_transaction_and_one_undo_step() {
    use antq::services::{set_values_since, CellsCommit};
    let (db, mut store) = loaded();
    let total = Field::ResidentialAreasTotal;
    let recognised = Field::ResidentialAreasRecognized;
    let before_total = value(&store, "19120", total);
    let before_recognised = value(&store, "19123", recognised);
    let FieldValue::Count(Some(t)) = before_total else {
        panic!("fixture value {before_total:?}")
    };
    let FieldValue::Count(Some(r)) = before_recognised else {
        panic!("fixture value {before_recognised:?}")
    };

    // A stale `since` on the last cell: nothing of the block is written, not even its first cells.
    let audit_before = audit_rows(&store);
    let stale = [
        cell("19120", total, 31, Some(t)),
        cell("19120", Field::Models, 7, None),
        cell("19123", recognised, 12, Some(r + 100)),
    ];
    let commit = set_values_since(&mut store, &stale, Source::Tui).unwrap();
    assert!(
        matches!(commit, CellsCommit::Conflict { index: 2, .. }),
        "{commit:?}"
    );
    assert_eq!(value(&store, "19120", total), before_total);
    assert_eq!(audit_rows(&store), audit_before, "no audit row either");

    let block = [
        cell("19120", total, 31, Some(t)),
        cell("19120", Field::Models, 7, None),
        cell("19123", recognised, 12, Some(r)),
    ];
    let CellsCommit::Written(changes) = set_values_since(&mut store, &block, Source::Tui).unwrap()
    else {
        panic!("written")
    };
    assert_eq!(
        audit_rows(&store),
        audit_before + 3,
        "an audit row per cell"
    );
    assert_eq!(
        value(&store, "19123", recognised),
        FieldValue::Count(Some(12))
    );
    let mut stack = UndoStack::default();
    stack.record_step(
        block
            .iter()
            .zip(&changes)
            .map(|(w, c)| CellChange {
                year: 2019,
                locality_code: w.locality_code.clone(),
                field: w.field,
                old: c.old,
                new: c.new,
            })
            .collect(),
    );
    let step = stack.undo(&mut store).unwrap().unwrap();
    assert_eq!(step.cells().len(), 3, "one undo takes back the whole block");
    assert_eq!(value(&store, "19120", total), before_total);
    assert_eq!(value(&store, "19123", recognised), before_recognised);
    assert!(!stack.can_undo());
    stack.redo(&mut store).unwrap();
    assert_eq!(value(&store, "19120", total), FieldValue::Count(Some(31)));

    // Another login changes one cell of the block: the undo of the block is refused whole.
    let mut other = db.open();
    other.set_user_for_tests("clerk2");
    set_value(
        &mut other,
        2019,
        "19123",
        recognised,
        FieldValue::Count(Some(13)),
        Source::Cli,
    )
    .unwrap();
    let err = stack.undo(&mut store).unwrap_err();
    assert!(
        err.render(antq::text::Lang::En).contains("19123"),
        "{err:?}"
    );
    assert_eq!(
        value(&store, "19120", total),
        FieldValue::Count(Some(31)),
        "the other cells of the block stay as pasted"
    );
}

/// A note and a follow-up flag are undone and redone like a value: as stored before, audited as
/// `undo`, and never over a later change of the note by someone else.
#[test]
fn a_notes_change_is_one_undo_step_and_never_undoes_someone_elses_later_note() {
    use antq::services::notes;
    let (db, mut store) = loaded();
    let mut stack = UndoStack::default();
    let field = Field::ResidentialAreasTotal;
    let note = |store: &antq::store::Store| {
        let n = notes::list(store, 2019, Some("19120"), false).unwrap();
        n.first().map(|n| (n.note.clone(), n.follow_up))
    };
    let c = notes::set_note(&mut store, Source::Tui, 2019, "19120", field, "Tách thôn").unwrap();
    stack.record_note(c.old, c.new);
    let c = notes::set_follow_up(&mut store, Source::Tui, 2019, "19120", field, true).unwrap();
    stack.record_note(c.old, c.new);
    // A change that changed nothing is no step.
    let c = notes::set_follow_up(&mut store, Source::Tui, 2019, "19120", field, true).unwrap();
    stack.record_note(c.old, c.new);

    stack.undo(&mut store).unwrap();
    assert_eq!(note(&store), Some(("Tách thôn".to_string(), false)));
    stack.undo(&mut store).unwrap();
    assert_eq!(note(&store), None, "no note left at all");
    assert!(!stack.can_undo());
    let sources: Vec<(String, String)> = raw(&store)
        .prepare("SELECT source, field FROM audit_log ORDER BY id DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        sources.iter().all(|(source, _)| source == "undo"),
        "{sources:?}"
    );
    stack.redo(&mut store).unwrap();
    assert_eq!(note(&store), Some(("Tách thôn".to_string(), false)));

    // Another clerk rewrites the note: the undo is refused and writes nothing.
    let mut other = db.open();
    other.set_user_for_tests("clerk2");
    notes::set_note(&mut other, Source::Tui, 2019, "19120", field, "Sáp nhập").unwrap();
    let before = audit_rows(&store);
    let err = stack.undo(&mut store).unwrap_err();
    assert!(
        err.render(antq::text::Lang::Vi).contains("người khác sửa"),
        "{}",
        err.render(antq::text::Lang::Vi)
    );
    assert_eq!(note(&store), Some(("Sáp nhập".to_string(), false)));
    assert_eq!(before, audit_rows(&store));
    assert!(stack.can_undo(), "the step stays on the stack");
}
