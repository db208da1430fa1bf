//! kill -9 of the real binary at seeded moments of its large writes — a large import, `init
//! --synthetic small` into an empty database, `init --demo --force` over one that holds other
//! figures: afterwards the database is exactly as before or holds the whole write, and passes the
//! integrity check and `antq verify`. Never half-written.

use crate::common::faults::{assert_integrity, kill_9, Seeded};
use crate::common::{fingerprint_conn, Sandbox};
use std::collections::BTreeMap;
use std::ffi::OsStr;
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

/// Each table's dump (as `fingerprint_conn` writes it) by name, and the audit log's length.
fn tables(db: &Path) -> (BTreeMap<String, String>, i64) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in fingerprint_conn(&conn).lines() {
        if let Some(name) = line.strip_prefix("== ") {
            out.insert(name.to_string(), String::new());
            current = Some(name.to_string());
        } else if let Some(rows) = current.as_ref().and_then(|c| out.get_mut(c)) {
            rows.push_str(line);
            rows.push('\n');
        }
    }
    let audit = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count audit");
    (out, audit)
}

/// `antq --db DB ARGS…` in the sandbox, its output discarded.
fn spawn_antq(sb: &Sandbox, db: &Path, args: &[&OsStr]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_antq"))
        .env_clear()
        .envs(sb.env())
        .current_dir(sb.dir.path())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn antq")
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

/// A write to kill: the database it starts from, its arguments, and the tables it fills after
/// its commit with what is derived from the data (these may lag after a kill: each row left must
/// be one the complete run leaves).
struct Write<'a> {
    name: &'a str,
    start: &'a Path,
    args: Vec<&'a OsStr>,
    derived: &'a [&'a str],
}

/// Runs `write` once to completion, then kills it at the moments of `seeds`: each killed database
/// passes the integrity check and `verify`, and is exactly as before or complete (every table but
/// the audit log equal to the complete run's, the audit log as long; derived tables a part of
/// the complete run's). Returns (as before, complete).
fn kill_trials(
    sb: &Sandbox,
    write: &Write<'_>,
    seeds: std::ops::RangeInclusive<u64>,
) -> (u32, u32) {
    let before = fingerprint_conn(&rusqlite::Connection::open(write.start).expect("open"));

    // The whole write, run once into a copy: what it leaves, and how long it takes here in all
    // and inside its write transaction (only to spread the kills over it; nothing is asserted
    // about time).
    let done = sb.path(&format!("{}-done.sqlite3", write.name));
    std::fs::copy(write.start, &done).expect("copy");
    let mut child = spawn_antq(sb, &done, &write.args);
    let start = Instant::now();
    let writing = until_writing(&done, &mut child).map(|_| start.elapsed());
    let status = child.wait().expect("wait");
    let took = start.elapsed();
    let writing = writing.map_or(took, |w| took.saturating_sub(w));
    assert!(
        status.success(),
        "{}: the write itself succeeds",
        write.name
    );
    let complete = tables(&done);
    assert_ne!(
        tables(write.start),
        complete,
        "{}: the write changes nothing",
        write.name
    );

    let mut outcomes = (0, 0);
    for seed in seeds {
        let mut rng = Seeded::new(seed);
        let db = sb.path(&format!("{}-trial-{seed}.sqlite3", write.name));
        std::fs::copy(write.start, &db).expect("copy the start");
        let mut child = spawn_antq(sb, &db, &write.args);
        // Odd seeds: anywhere in the run, reading or generating included. Even seeds: inside the
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
        let what = format!(
            "{} seed {seed}: kill -9 {at:?} into {phase} ({status})",
            write.name
        );
        assert_integrity(&db, &what);
        let now = tables(&db);
        eprintln!("{what}");
        if is_complete(&now, &complete, write.derived) {
            outcomes.1 += 1;
        } else {
            let conn = rusqlite::Connection::open(&db).expect("open");
            assert_eq!(
                fingerprint_conn(&conn),
                before,
                "{what}: neither as before nor the whole write"
            );
            outcomes.0 += 1;
        }
    }
    eprintln!(
        "{}: run {took:?}: {} kills left the database as before, {} complete",
        write.name, outcomes.0, outcomes.1
    );
    outcomes
}

fn is_complete(
    now: &(BTreeMap<String, String>, i64),
    complete: &(BTreeMap<String, String>, i64),
    derived: &[&str],
) -> bool {
    now.1 == complete.1
        && now.0.len() == complete.0.len()
        && now.0.iter().all(|(name, rows)| {
            let Some(want) = complete.0.get(name) else {
                return false;
            };
            if name == "audit_log" {
                true
            } else if derived.contains(&name.as_str()) {
                rows.lines().all(|r| want.lines().any(|w| w == r))
            } else {
                rows == want
            }
        })
}

/// How many rows a table holds.
fn count(db: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

#[test]
fn kill_9_during_a_large_import_leaves_the_database_as_before_or_complete() {
    let sb = Sandbox::new().with_demo();
    let awards = many_awards(&sb, ROWS);
    let db = sb.db();
    let write = Write {
        name: "import",
        start: &db,
        args: vec![OsStr::new("import"), awards.as_os_str()],
        derived: &[],
    };
    kill_trials(&sb, &write, 1..=5);
}

#[test]
fn kill_9_during_init_synthetic_leaves_the_database_empty_or_complete() {
    let sb = Sandbox::new();
    sb.antq(&["init"]).ok();
    let db = sb.db();
    let write = Write {
        name: "synthetic",
        start: &db,
        args: ["init", "--synthetic", "small"].map(OsStr::new).to_vec(),
        // The Years view's cache and the data set's name are written in the load's transaction.
        derived: &[],
    };
    kill_trials(&sb, &write, 1..=4);
    let done = sb.path("synthetic-done.sqlite3");
    for (table, rows) in [("locality", 170), ("assessment", 2_338), ("award", 6_000)] {
        assert_eq!(count(&done, table), rows, "{table} of the complete run");
    }
}

#[test]
fn kill_9_during_init_demo_force_over_other_figures_leaves_them_or_the_demo() {
    let sb = Sandbox::new().with_demo();
    // Other figures where the demo's are: every residential-area total of 2016–2020 one higher,
    // imported (audited), so that loading the demo again rewrites them all.
    for year in 2016..=2020 {
        let year = year.to_string();
        let export = sb.antq(&["export", "--year", &year, "--out", "-"]);
        export.ok();
        let mut text = String::new();
        for (i, line) in export.stdout.lines().enumerate() {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            if i > 0 {
                if let Some(n) = cells.get(2).and_then(|c| c.parse::<u32>().ok()) {
                    cells[2] = (n + 1).to_string();
                }
            }
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let file = sb.file(&format!("other-{year}.csv"), &text);
        sb.antq(&["import", file.to_str().expect("utf-8 path")])
            .ok();
    }
    let db = sb.db();
    let write = Write {
        name: "demo-force",
        start: &db,
        args: ["init", "--demo", "--force"].map(OsStr::new).to_vec(),
        derived: &[],
    };
    kill_trials(&sb, &write, 1..=6);
}
