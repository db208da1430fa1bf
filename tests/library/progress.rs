//! Long work reports its progress, and a stop asked for through it (Ctrl-C on the command line)
//! rolls the one transaction back: nothing is written.

use crate::common::{audit_rows, config, fingerprint, fixture, loaded, TestDb};
use antq::error::{Error, Result};
use antq::progress::{Progress, Stage};
use antq::store::Source;
use std::cell::RefCell;

/// Records what it is told and asks to stop at row `stop_at` (never when None).
#[derive(Default)]
struct Watcher {
    stop_at: Option<u64>,
    stages: RefCell<Vec<(Stage, Option<u64>)>>,
    last: RefCell<u64>,
}

impl Watcher {
    fn stopping_at(row: u64) -> Watcher {
        Watcher {
            stop_at: Some(row),
            ..Watcher::default()
        }
    }

    fn total_of(&self, stage: Stage) -> Option<u64> {
        self.stages
            .borrow()
            .iter()
            .find(|(s, _)| *s == stage)
            .and_then(|(_, t)| *t)
    }
}

impl Progress for Watcher {
    fn begin(&self, stage: Stage, total: Option<u64>) {
        self.stages.borrow_mut().push((stage, total));
        *self.last.borrow_mut() = 0;
    }

    fn at(&self, done: u64) -> Result<()> {
        *self.last.borrow_mut() = done;
        if Some(done) == self.stop_at {
            return Err(Error::env("dừng", "stop"));
        }
        Ok(())
    }

    fn end(&self) {}
}

fn fixture_files() -> Vec<std::path::PathBuf> {
    [
        "localities.csv",
        "assessments.csv",
        "awards.csv",
        "limitations.csv",
    ]
    .into_iter()
    .map(fixture)
    .collect()
}

#[test]
fn an_import_counts_every_row_it_writes() {
    let db = TestDb::new();
    let mut store = db.open();
    let watcher = Watcher::default();
    let summary = antq::services::import::import_paths_with(
        &mut store,
        &config(),
        &fixture_files(),
        &watcher,
    )
    .expect("import");
    assert_eq!(
        watcher.total_of(Stage::ImportRows),
        Some(summary.rows as u64)
    );
    assert!(watcher
        .stages
        .borrow()
        .iter()
        .any(|(s, _)| *s == Stage::ReadFiles));
}

#[test]
fn an_import_stopped_midway_writes_nothing() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    let audit = audit_rows(&store);
    // Two changed rows; the stop comes after the first is written in the transaction.
    let changed = _db.file(
        "assessments-2019.csv",
        &format!(
            "{}\n2019,18853,99,1,,,,,,,\n2019,450,,,,,99,1,,,\n",
            crate::common::ASSESSMENTS_HEADER
        ),
    );
    let files = vec![changed];
    let watcher = Watcher::stopping_at(1);
    let err = antq::services::import::import_paths_with(&mut store, &config(), &files, &watcher)
        .expect_err("a stop asked for must end the import");
    assert_eq!(err.render(antq::text::Lang::En), "stop");
    assert_eq!(*watcher.last.borrow(), 1);
    assert_eq!(before, fingerprint(&store));
    assert_eq!(audit, audit_rows(&store));
}

#[test]
fn a_data_set_load_stopped_midway_writes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    let before = fingerprint(&store);
    let data = antq::demo::demo_dataset();
    let rows = data.localities.len() + data.assessments.len() + data.awards.len();
    let watcher = Watcher::stopping_at(rows as u64 - 1);
    store
        .load_dataset_with(&data, Source::Demo, &watcher)
        .expect_err("a stop asked for must end the load");
    assert_eq!(before, fingerprint(&store));
    assert!(store.is_empty().expect("empty"));
    assert_eq!(
        watcher.total_of(Stage::LoadRows),
        Some((rows + data.limitations.len()) as u64)
    );
}

#[test]
fn verify_counts_the_audit_rows_it_checks() {
    let (_db, store) = loaded();
    let watcher = Watcher::default();
    let v = antq::services::workflow::verify_with(&store, &watcher).expect("verify");
    assert!(v.ok());
    let n = audit_rows(&store) as u64;
    assert_eq!(watcher.total_of(Stage::VerifyChain), Some(n));
    assert!(n > 0);
    // The last stage is the integrity check, after the chain's last row.
    let stages = watcher.stages.borrow();
    assert_eq!(stages.last().map(|(s, _)| *s), Some(Stage::IntegrityCheck));
}
