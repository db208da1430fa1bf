//! Shared helpers for the integration tests: a fresh database in a temp dir, the fixture province.
#![allow(dead_code)]

use antq::config::Config;
use antq::store::Store;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("antq.sqlite3");
        TestDb { dir, path }
    }

    pub fn open(&self) -> Store {
        Store::open(&self.path).expect("open store")
    }

    /// A file in the temp dir with the given contents.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write file");
        p
    }
}

pub fn config() -> Config {
    Config::builtin()
}

/// The fixture province, imported.
pub fn loaded() -> (TestDb, Store) {
    let db = TestDb::new();
    let mut store = db.open();
    antq::services::import::import_paths(
        &mut store,
        &config(),
        &[
            fixture("localities.csv"),
            fixture("assessments.csv"),
            fixture("awards.csv"),
            fixture("limitations.csv"),
        ],
    )
    .expect("fixtures import");
    (db, store)
}

pub fn audit_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count audit")
}

/// A fingerprint of every table the import writes: equal before and after means nothing changed.
pub fn fingerprint(store: &Store) -> String {
    let mut out = String::new();
    for table in [
        "locality",
        "assessment",
        "award",
        "limitation",
        "audit_log",
        "workflow",
        "app_user",
    ] {
        let mut stmt = store
            .conn()
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("{v:?}|"));
                }
                Ok(s)
            })
            .expect("query");
        for r in rows {
            out.push_str(&r.expect("row"));
            out.push('\n');
        }
    }
    out
}
