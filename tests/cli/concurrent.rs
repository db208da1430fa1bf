//! Eight `antq import` processes, one per district, on one database while two more print the
//! province report: each import succeeds or fails cleanly (all of its rows or none), and afterwards
//! the province's sums, cached or in the report, equal a full recount.

use crate::common::faults::assert_integrity;
use crate::common::Sandbox;
use antq::domain::Level;
use antq::store::{Store, SumScope};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

const YEAR: i32 = 2018;
const ROUNDS: u32 = 4;

/// The demo's districts in `YEAR`, each with its communes.
fn districts(store: &Store) -> Vec<(String, Vec<String>)> {
    let data = store.year_data(YEAR).expect("year data");
    data.localities
        .iter()
        .filter(|l| l.level == Level::District)
        .map(|d| {
            let communes = data
                .localities
                .iter()
                .filter(|c| c.parent_code.as_deref() == Some(d.code.as_str()))
                .map(|c| c.code.clone())
                .collect();
            (d.code.clone(), communes)
        })
        .take(8)
        .collect()
}

/// A commune's residential areas (total, recognised) in a round, for writer `w`.
fn figures(round: u32, w: usize, i: usize) -> (u32, u32) {
    let total = 20 + round * 3 + i as u32 + w as u32;
    (total, total / 2)
}

/// The stored residential areas of every commune of `YEAR`.
fn stored(store: &Store) -> BTreeMap<String, (Option<u32>, Option<u32>)> {
    store
        .year_data(YEAR)
        .expect("year data")
        .assessments
        .into_iter()
        .map(|a| {
            (
                a.locality_code,
                (a.residential_areas_total, a.residential_areas_recognized),
            )
        })
        .collect()
}

/// The province report's JSON, as the binary prints it.
fn report(sb: &Sandbox) -> serde_json::Value {
    let y = YEAR.to_string();
    let r = sb.antq(&["report", "--year", &y, "--format", "json"]);
    r.ok();
    r.json()
}

#[test]
fn eight_concurrent_imports_leave_the_province_sums_equal_to_a_recount() {
    let sb = Sandbox::new().with_demo();
    let districts = districts(&Store::open(&sb.db()).expect("open"));
    assert_eq!(districts.len(), 8, "the demo has eight districts");
    let db = sb.db();
    let db_s = db.to_str().expect("utf-8 path");
    let mut outcomes = (0, 0);
    for round in 0..ROUNDS {
        let before = stored(&Store::open(&db).expect("open"));
        let files: Vec<_> = districts
            .iter()
            .enumerate()
            .map(|(w, (district, communes))| {
                let rows: Vec<String> = communes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let (total, recognized) = figures(round, w, i);
                        format!("{YEAR},{c},{total},{recognized},,,,,,,")
                    })
                    .collect();
                let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
                sb.assessments(&format!("{district}-{round}.csv"), &rows)
            })
            .collect();
        let writing = AtomicBool::new(true);
        let results = std::thread::scope(|scope| {
            // Readers fill the province cache from their own snapshots while the writers commit.
            for _ in 0..2 {
                scope.spawn(|| {
                    while writing.load(Ordering::Relaxed) {
                        report(&sb);
                    }
                });
            }
            let children: Vec<_> = files
                .iter()
                .map(|f| {
                    Command::new(env!("CARGO_BIN_EXE_antq"))
                        .env_clear()
                        .envs(sb.env())
                        .current_dir(sb.dir.path())
                        .args(["--db", db_s, "--lang", "en", "import"])
                        .arg(f)
                        .stdin(Stdio::null())
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("spawn antq import")
                })
                .collect();
            let results: Vec<_> = children
                .into_iter()
                .map(|c| c.wait_with_output().expect("wait for antq import"))
                .collect();
            writing.store(false, Ordering::Relaxed);
            results
        });
        let after = stored(&Store::open(&db).expect("open"));
        for (w, ((district, communes), out)) in districts.iter().zip(&results).enumerate() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let whole = communes.iter().enumerate().all(|(i, c)| {
                let (t, r) = figures(round, w, i);
                after.get(c) == Some(&(Some(t), Some(r)))
            });
            let none = communes.iter().all(|c| after.get(c) == before.get(c));
            match out.status.code() {
                Some(0) => {
                    assert!(
                        whole,
                        "round {round}: {district} succeeded, yet not all there"
                    );
                    outcomes.0 += 1;
                }
                Some(1) => {
                    assert!(
                        none,
                        "round {round}: {district} failed, yet wrote: {stderr}"
                    );
                    assert!(
                        !stderr.trim().is_empty() && !stderr.contains("panicked"),
                        "round {round}: {district} failed without a clear message: {stderr}"
                    );
                    outcomes.1 += 1;
                }
                other => panic!("round {round}: {district}: import ended with {other:?}: {stderr}"),
            }
        }
    }
    eprintln!(
        "{} imports succeeded, {} failed cleanly",
        outcomes.0, outcomes.1
    );

    assert_integrity(&db, "after the concurrent imports");
    let store = Store::open(&db).expect("open");
    let cached = store
        .year_sums(SumScope::Province, YEAR, YEAR)
        .expect("cached sums");
    let reported = report(&sb);
    let conn = rusqlite::Connection::open(&db).expect("open");
    let dropped = conn
        .execute("DELETE FROM province_year_cache", [])
        .expect("drop the cache");
    drop(conn);
    let recount = store
        .year_sums(SumScope::Province, YEAR, YEAR)
        .expect("recounted sums");
    assert_eq!(cached, recount, "the cache kept stale province sums");
    assert_eq!(reported, report(&sb), "the report's sums are not a recount");
    // And by hand: the report's residential areas are the sum of the communes' stored figures.
    let (total, recognized) =
        stored(&store)
            .values()
            .fold((0u64, 0u64), |(t, r), (total, recognized)| {
                (
                    t + u64::from(total.unwrap_or(0)),
                    r + u64::from(recognized.unwrap_or(0)),
                )
            });
    let areas = &reported["categories"]["residential_areas"];
    assert_eq!(
        (areas["total"].as_u64(), areas["recognized"].as_u64()),
        (Some(total), Some(recognized)),
        "the report's residential areas against the stored communes"
    );
    eprintln!("{dropped} cached province years dropped; the recount equals them");
}
