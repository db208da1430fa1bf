//! How long a province with 10,000 communes takes to import all its districts' sealed packages
//! (issue 11: ≤ 10 s). The synthetic national set (`synth::SynthSpec::national()`: one root over
//! 700 districts and ≈10,000 communes, 30 report years) is loaded into a province database without
//! the figures, awards and limitations of one report year; each district's year is sealed as its own
//! server would seal it (its own database id), and the province imports them.
//!
//! ```text
//! cargo run --release --example package_import_bench -- [FOLDER] [YEAR] [SINGLES]
//! ```
//! FOLDER (default: a temporary one) receives `province.sqlite3` and the packages; YEAR defaults to
//! 2024; SINGLES (default 5) packages are first imported one call each into a copy of the database,
//! as one `antq import FILE` per package would, to compare. No assertion: the figures are printed
//! for the benchmark notes.

use antq::config::Config;
use antq::domain::{Level, YearData};
use antq::exchange::sealed::{PackageKind, Sealed, Sender, StateOf};
use antq::services::access::reporting_units;
use antq::store::{Source, Store};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn secs(t: Instant) -> String {
    format!("{:.2} s", t.elapsed().as_secs_f64())
}

/// The year's rows of each district (its own row and its communes'), by district code.
fn by_district(year: &YearData) -> HashMap<String, YearData> {
    let unit_of: HashMap<String, String> = reporting_units(year.localities.iter())
        .into_iter()
        .filter_map(|(code, unit)| Some((code.to_string(), unit?.to_string())))
        .collect();
    let mut out: HashMap<String, YearData> = HashMap::new();
    for l in &year.localities {
        if let Some(d) = unit_of.get(&l.code) {
            out.entry(d.clone()).or_default().localities.push(l.clone());
        }
    }
    for a in &year.assessments {
        if let Some(d) = unit_of.get(&a.locality_code) {
            out.entry(d.clone())
                .or_default()
                .assessments
                .push(a.clone());
        }
    }
    for a in &year.awards {
        if let Some(d) = a.locality_code.as_ref().and_then(|c| unit_of.get(c)) {
            out.entry(d.clone()).or_default().awards.push(a.clone());
        }
    }
    for l in &year.limitations {
        if let Some(d) = unit_of.get(&l.locality_code) {
            out.entry(d.clone())
                .or_default()
                .limitations
                .push(l.clone());
        }
    }
    for data in out.values_mut() {
        data.year = year.year;
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let temp = tempfile::tempdir()?;
    let folder = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    let year: i32 = args.next().and_then(|y| y.parse().ok()).unwrap_or(2024);
    let singles: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    std::fs::create_dir_all(&folder)?;
    let config = Config::builtin();

    let t = Instant::now();
    let data = antq::synth::generate(&antq::synth::SynthSpec::national());
    let the_year = data.year_data(year);
    let communes = the_year
        .localities
        .iter()
        .filter(|l| l.level == Level::Commune)
        .count();
    println!(
        "generated: {} localities, {communes} communes in {year} ({})",
        data.localities.len(),
        secs(t)
    );

    // The province holds everything but the year's rows: the districts send them.
    let db = folder.join("province.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut without = data.clone();
    without.assessments.retain(|a| a.year != year);
    without.awards.retain(|a| a.year != year);
    without.limitations.retain(|l| l.year != year);
    // Loading takes a minute: a pristine copy is kept in FOLDER for the next run.
    let pristine = folder.join("pristine.sqlite3");
    let t = Instant::now();
    if pristine.exists() {
        std::fs::copy(&pristine, &db)?;
        println!(
            "province database copied from {} ({})",
            pristine.display(),
            secs(t)
        );
    } else {
        let mut province = Store::open(&db)?;
        province.load_dataset(&without, Source::Synthetic)?;
        province.backup_to(&pristine)?;
        drop(province);
        println!("province database loaded ({})", secs(t));
    }

    // Each district seals its year, as its own server would.
    let t = Instant::now();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut rows = 0usize;
    let mut districts: Vec<(String, YearData)> = by_district(&the_year).into_iter().collect();
    districts.sort_by(|a, b| a.0.cmp(&b.0));
    for (i, (code, rows_of)) in districts.iter().enumerate() {
        rows += rows_of.assessments.len() + rows_of.awards.len() + rows_of.limitations.len();
        let sender = Sender {
            database: format!("00000000-0000-4000-8000-{i:012}"),
            login: format!("clerk{code}"),
            at: format!("{year}-12-01T08:00:00.000Z"),
        };
        let state = StateOf {
            state: "submitted".into(),
            changed_at: format!("{year}-12-01T07:00:00Z"),
            changed_by: format!("clerk{code}"),
            reason: String::new(),
        };
        let pkg =
            Sealed::new(PackageKind::Unit, year, code, sender, None, state).with_rows(rows_of, &[]);
        let file = folder.join(format!("{code}-{year}.json"));
        std::fs::write(&file, pkg.sealed_text())?;
        files.push(file);
    }
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "sealed {} district packages, {rows} rows, {:.1} MB ({})",
        files.len(),
        bytes as f64 / 1e6,
        secs(t)
    );

    // Before: one import call per package (each its own soundness check and transaction).
    if singles > 0 {
        let copy = folder.join("singles.sqlite3");
        let _ = std::fs::remove_file(&copy);
        {
            let store = Store::open(&db)?;
            store.backup_to(&copy)?;
        }
        let mut store = Store::open(&copy)?;
        let t = Instant::now();
        for f in files.iter().take(singles) {
            antq::services::import::import_paths(&mut store, &config, std::slice::from_ref(f))?;
        }
        let each = t.elapsed().as_secs_f64() / singles.min(files.len()).max(1) as f64;
        println!(
            "one call per package: {each:.2} s each over {singles}; all {} would take ≈ {:.0} s",
            files.len(),
            each * files.len() as f64
        );
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
    }

    // After: every package in one call, one check, one transaction.
    let mut store = Store::open(&db)?;
    let t = Instant::now();
    let summary = antq::services::import::import_paths(&mut store, &config, &files)?;
    println!(
        "all {} packages in one call: {} rows, {} changes ({})",
        summary.packages.len(),
        summary.rows,
        summary.changes,
        secs(t)
    );
    let received: HashSet<String> = summary.packages.iter().map(|r| r.unit.clone()).collect();
    println!("districts received: {}", received.len());
    println!(
        "end to end, the same with the binary: antq --db {} import {}/*-{year}.json",
        db.display(),
        Path::new(&folder).display()
    );
    Ok(())
}
