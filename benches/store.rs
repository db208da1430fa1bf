//! Store-level benchmarks with budgets from issue 2 (figures printed, never asserted):
//! - import of 100,000 assessment rows in one transaction (≤ 5 s),
//! - the report for one year at national scale (≤ 200 ms),
//! - a full province check of the demo including loading the year from SQLite (≤ 5 ms for the rules),
//! - loading a whole synthetic country (what `antq init --synthetic national` does).
//!
//! Run: `cargo bench --bench store` (release). Sizes grow left to right so growth can be read off.

use antq::config::Config;
use antq::domain::rules::check_year;
use antq::services::import::import_paths;
use antq::services::report::{render, summarize, Style};
use antq::store::{Source, Store};
use antq::synth::{generate, SynthSpec};
use antq::text::Lang;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut xs = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        xs.push(t.elapsed());
    }
    median(xs)
}

fn main() {
    let config = Config::builtin();
    let tmp = tempfile::tempdir().expect("tempdir");

    // 1. The demo province: load, then check a year from SQLite.
    let demo_path = tmp.path().join("demo.sqlite3");
    let mut demo = Store::open(&demo_path).expect("open");
    let t = Instant::now();
    demo.load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .expect("load demo");
    println!("demo: load (audited)                 {}", ms(t.elapsed()));
    let data = demo.year_data(2018).expect("year");
    let history = demo.history(2018).expect("history");
    println!(
        "demo: read year 2018 from SQLite        {}",
        ms(time(20, || demo.year_data(2018).expect("year")))
    );
    println!(
        "demo: full province check (rules)       {}   budget 5 ms",
        ms(time(50, || check_year(&data, &history, &config)))
    );
    println!(
        "demo: report 2018 (read + text)         {}",
        ms(time(20, || {
            let d = demo.year_data(2018).expect("year");
            let s = summarize(&d, &config, None).expect("summary");
            render(&s, &d, &config, Lang::Vi, Style::Text)
        }))
    );

    // 2. Scale: report for one year, growing sizes.
    println!();
    println!(
        "{:>10} {:>9} {:>14} {:>14} {:>14}",
        "communes", "districts", "load", "report json", "report text"
    );
    for (communes, districts, years, awards) in
        [(1_000u32, 70u32, 3, 3_000u32), (10_000, 700, 30, 100_000)]
    {
        let spec = SynthSpec {
            provinces: 63,
            districts,
            communes,
            years: (2026 - years)..=2025,
            awards,
            seed: 7,
        };
        let dataset = generate(&spec);
        let path = tmp.path().join(format!("synth-{communes}.sqlite3"));
        let mut store = Store::open(&path).expect("open");
        let t = Instant::now();
        store
            .load_dataset(&dataset, Source::Synthetic)
            .expect("load");
        let load = t.elapsed();
        let year = 2020;
        let json = time(5, || {
            let d = store.year_data(year).expect("year");
            let s = summarize(&d, &config, None).expect("summary");
            serde_json::to_string(&s).expect("json")
        });
        let text = time(5, || {
            let d = store.year_data(year).expect("year");
            let s = summarize(&d, &config, None).expect("summary");
            render(&s, &d, &config, Lang::Vi, Style::Text)
        });
        println!(
            "{communes:>10} {districts:>9} {:>14} {:>14} {:>14}",
            ms(load),
            ms(json),
            ms(text)
        );
        if communes == 10_000 {
            println!(
                "national: report for a year           {}   budget 200 ms",
                ms(json.max(text))
            );
            let t = Instant::now();
            store.warm_year_cache().expect("warm");
            println!(
                "national: filling the Years cache after the load (as init/import do) {}",
                ms(t.elapsed())
            );
            let t = Instant::now();
            antq::services::years::overview(&store, &config, None, 1996..=2025).expect("years");
            println!(
                "national: Years view, province, 30 y, first open   {}   budget 100 ms",
                ms(t.elapsed())
            );
            let years = time(5, || {
                antq::services::years::overview(&store, &config, None, 1996..=2025).expect("years")
            });
            println!(
                "national: Years view, province, 30 y  {}   budget 100 ms",
                ms(years)
            );
            let district = store
                .localities_in_year(2025)
                .expect("localities")
                .into_iter()
                .find(|l| l.level == antq::domain::Level::District)
                .expect("a district");
            let years_d = time(5, || {
                antq::services::years::overview(&store, &config, Some(&district.code), 1996..=2025)
                    .expect("years")
            });
            println!("national: Years view, a district, 30 y {}", ms(years_d));
            // A cell with 1,000 changes: its history.
            let commune = store
                .localities_in_year(2025)
                .expect("localities")
                .into_iter()
                .find(|l| l.level == antq::domain::Level::Commune)
                .expect("a commune");
            let t = Instant::now();
            for i in 0..1000u32 {
                antq::services::set_value(
                    &mut store,
                    2025,
                    &commune.code,
                    antq::domain::Field::Models,
                    antq::domain::FieldValue::Count(Some(i % 7 + 1)),
                    Source::Tui,
                )
                .expect("set");
            }
            println!(
                "national: 1,000 committed cell changes  {} ({} per commit, fsync included)",
                ms(t.elapsed()),
                ms(t.elapsed() / 1000)
            );
            let hist = time(10, || {
                store
                    .audit_history(2025, &commune.code, Some("models"))
                    .expect("history")
            });
            println!(
                "national: history of a cell (1,000+)  {}   budget 20 ms",
                ms(hist)
            );
            // 3. Import of 100,000 assessment rows, one transaction, into a database that has the
            // localities: export 10 years' assessments as one CSV.
            let csv_path = tmp.path().join("assessments.csv");
            let mut rows = Vec::new();
            for y in 2016..=2025 {
                let d = store.year_data(y).expect("year");
                rows.extend(d.assessments.iter().map(antq::exchange::assessment_row));
            }
            rows.truncate(100_000);
            let n = rows.len();
            let file = std::fs::File::create(&csv_path).expect("csv");
            antq::exchange::csv::write(file, antq::exchange::Kind::Assessments, &rows)
                .expect("write csv");
            let localities_csv = tmp.path().join("localities.csv");
            let all: Vec<Vec<String>> = store
                .all_localities()
                .expect("localities")
                .iter()
                .map(antq::exchange::locality_row)
                .collect();
            antq::exchange::csv::write(
                std::fs::File::create(&localities_csv).expect("csv"),
                antq::exchange::Kind::Localities,
                &all,
            )
            .expect("write csv");
            let fresh_path = tmp.path().join("import.sqlite3");
            let mut fresh = Store::open(&fresh_path).expect("open");
            import_paths(&mut fresh, &config, std::slice::from_ref(&localities_csv))
                .expect("import localities");
            let t = Instant::now();
            let summary =
                import_paths(&mut fresh, &config, std::slice::from_ref(&csv_path)).expect("import");
            println!(
                "national: import {n} assessment rows   {}   budget 5000 ms ({} audited changes)",
                ms(t.elapsed()),
                summary.changes
            );
            let t = Instant::now();
            let again =
                import_paths(&mut fresh, &config, std::slice::from_ref(&csv_path)).expect("import");
            println!(
                "national: the same import again        {}   ({} changes)",
                ms(t.elapsed()),
                again.changes
            );
        }
    }
}
