//! kill -9 of `antq import` at seeded moments of a large import: afterwards the database is exactly
//! as before or holds the whole import, and passes the integrity check and `antq verify`.

use crate::common::faults::{assert_integrity, kill_9, Seeded};
use crate::common::{fingerprint_conn, Sandbox};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 20_000;

/// Generous: the machine is shared; a wait ends as soon as its condition holds.
const WAIT: Duration = Duration::from_secs(60);

/// An awards.csv of `n` rows for the demo province, each its own award (a new decision number).
fn many_awards(sb: &Sandbox, n: usize) -> PathBuf {
    let mut text = String::from(
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "2018,certificate_of_merit,province_chairman,individual,Cá nhân số {i},450,{i}/QĐ-UBND,2018-12-20,\n"
        ));
    }
    sb.file("awards.csv", &text)
}

/// The database's tables without the audit log, whose rows carry the moment they were written
/// (two runs of one import differ there only), and the audit log's length.
fn content(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let all = fingerprint_conn(&conn);
    let mut kept = String::new();
    let mut in_audit = false;
    for line in all.lines() {
        if line.starts_with("== ") {
            in_audit = line == "== audit_log";
        }
        if !in_audit {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    let audit = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count audit");
    (kept, audit)
}

fn spawn_import(sb: &Sandbox, db: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_antq"))
        .env_clear()
        .envs(sb.env())
        .current_dir(sb.dir.path())
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn antq import")
}

/// Waits until the import holds the write lock (a probe from another connection cannot take it),
/// or has ended. `None` when it ended first.
fn until_writing(db: &Path, child: &mut std::process::Child) -> Option<()> {
    let probe = rusqlite::Connection::open(db).expect("probe connection");
    probe.busy_timeout(Duration::ZERO).expect("no wait");
    let start = Instant::now();
    loop {
        match probe.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => probe.execute_batch("ROLLBACK").expect("rollback the probe"),
            Err(_) => return Some(()),
        }
        if child.try_wait().expect("try_wait").is_some() {
            return None;
        }
        assert!(start.elapsed() < WAIT, "the import never began writing");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn kill_9_during_a_large_import_leaves_the_database_as_before_or_complete() {
    let sb = Sandbox::new().with_demo();
    let awards = many_awards(&sb, ROWS);
    let before = sb.fingerprint();

    // The whole import, run once into a copy: what a finished import leaves, and how long it
    // takes here in all and inside its write transaction (only to spread the kills over it;
    // nothing is asserted about time).
    let done = sb.path("done.sqlite3");
    std::fs::copy(sb.db(), &done).expect("copy");
    let mut child = spawn_import(&sb, &done, &awards);
    let start = Instant::now();
    let writing = until_writing(&done, &mut child).map(|_| start.elapsed());
    let status = child.wait().expect("wait");
    let took = start.elapsed();
    let writing = writing.map_or(took, |w| took.saturating_sub(w));
    assert!(status.success(), "the import itself succeeds");
    let complete = content(&done);
    assert_ne!(content(&sb.db()), complete);

    let mut outcomes = (0, 0);
    for seed in 1..=5u64 {
        let mut rng = Seeded::new(seed);
        let db = sb.path(&format!("trial-{seed}.sqlite3"));
        std::fs::copy(sb.db(), &db).expect("copy the demo");
        let mut child = spawn_import(&sb, &db, &awards);
        // Odd seeds: anywhere in the run, reading the file included. Even seeds: inside the
        // write transaction, anywhere from its first instant to a little past its length.
        let fraction = rng.below(1_100) as f64 / 1_000.0;
        let phase = if seed % 2 == 1 {
            "the run"
        } else {
            until_writing(&db, &mut child);
            "the write"
        };
        let at = if seed % 2 == 1 { took } else { writing }.mul_f64(fraction);
        std::thread::sleep(at);
        kill_9(child.id() as i32);
        let status = child.wait().expect("reap");
        let what = format!("seed {seed}: kill -9 {at:?} into {phase} ({status})");
        assert_integrity(&db, &what);
        let now = content(&db);
        if now == complete {
            outcomes.1 += 1;
        } else {
            let conn = rusqlite::Connection::open(&db).expect("open");
            assert_eq!(
                fingerprint_conn(&conn),
                before,
                "{what}: neither as before nor the whole import"
            );
            outcomes.0 += 1;
        }
    }
    eprintln!(
        "{ROWS} rows, import {took:?}: {} kills left the database as before, {} complete",
        outcomes.0, outcomes.1
    );
}
