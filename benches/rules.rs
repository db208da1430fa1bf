//! `cargo bench --bench rules`: the rules engine on synthetic data of growing size.
//!
//! Budgets (docs/rules.md): one district with one value being typed ≤ 100 µs at the demo's size and
//! ≤ 1 ms at national scale; a full check at the demo's size ≤ 5 ms. Plain `std::time`, median of many
//! runs; the figures are printed, nothing is asserted.

use antq::config::Config;
use antq::domain::rules::{Checker, Edit};
use antq::domain::{Category, Field, FieldValue, Level, Target, YearData};
use antq::synth::{self, SynthSpec};
use std::hint::black_box;
use std::time::{Duration, Instant};

const YEAR: i32 = 2025;

struct Size {
    label: &'static str,
    spec: SynthSpec,
}

fn sizes() -> Vec<Size> {
    let scaled = |provinces, districts, communes| SynthSpec {
        provinces,
        districts,
        communes,
        // Ten awards per commune over 30 years, as in the national spec.
        awards: communes * 10,
        ..SynthSpec::national()
    };
    vec![
        Size {
            label: "demo",
            spec: scaled(1, 8, 159),
        },
        Size {
            label: "1k",
            spec: scaled(6, 70, 1_000),
        },
        Size {
            label: "3k",
            spec: scaled(19, 210, 3_000),
        },
        Size {
            label: "national",
            spec: SynthSpec::national(),
        },
        Size {
            label: "3× national",
            spec: scaled(189, 2_100, 30_000),
        },
    ]
}

/// Targets for every category province-wide, and a stricter one for every tenth district.
fn config(data: &YearData) -> Config {
    let mut config = Config::builtin();
    for (category, min_share) in [
        (Category::ResidentialAreas, 0.85),
        (Category::Communes, 0.7),
        (Category::Agencies, 0.9),
        (Category::Schools, 0.9),
    ] {
        config.target.push(Target {
            year: YEAR,
            category,
            min_share,
            locality: None,
        });
    }
    let districts = data
        .localities
        .iter()
        .filter(|l| l.level == Level::District);
    for district in districts.step_by(10) {
        config.target.push(Target {
            year: YEAR,
            category: Category::ResidentialAreas,
            min_share: 0.9,
            locality: Some(district.code.clone()),
        });
    }
    config
}

/// Runs `f` at least `min_runs` times and for at least `min_total`; returns each run's duration.
fn samples(min_runs: usize, min_total: Duration, mut f: impl FnMut()) -> Vec<Duration> {
    let mut out = Vec::new();
    let started = Instant::now();
    while out.len() < min_runs || started.elapsed() < min_total {
        let t = Instant::now();
        f();
        out.push(t.elapsed());
    }
    out.sort_unstable();
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn show(d: Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros >= 1000.0 {
        format!("{:.2} ms", micros / 1000.0)
    } else {
        format!("{micros:.1} µs")
    }
}

struct Row {
    label: &'static str,
    districts: usize,
    communes: usize,
    findings: usize,
    new: Duration,
    check_all: Duration,
    edit_median: Duration,
    edit_p99: Duration,
    edit_max: Duration,
}

fn measure(size: &Size) -> Row {
    let dataset = synth::generate(&size.spec);
    let data = dataset.year_data(YEAR);
    let history = dataset.history(YEAR);
    drop(dataset);
    let config = config(&data);

    let new = percentile(
        &samples(5, Duration::from_millis(300), || {
            black_box(Checker::new(&data, &history, &config));
        }),
        0.5,
    );
    let checker = Checker::new(&data, &history, &config);
    let findings = checker.check_all().len();
    let check_all = percentile(
        &samples(5, Duration::from_millis(300), || {
            black_box(checker.check_all());
        }),
        0.5,
    );

    // A clerk typing: each district in turn, a digit typed over one of its communes' figures.
    let fields = [
        Field::ResidentialAreasRecognized,
        Field::ResidentialAreasTotal,
        Field::AgenciesRecognized,
        Field::SchoolsTotal,
        Field::Models,
    ];
    let districts: Vec<&str> = data
        .localities
        .iter()
        .filter(|l| l.level == Level::District)
        .map(|l| l.code.as_str())
        .collect();
    let mut edits: Vec<(&str, Edit)> = Vec::new();
    for (n, district) in districts.iter().enumerate() {
        let commune = data
            .localities
            .iter()
            .filter(|l| l.parent_code.as_deref() == Some(district))
            .nth(n % 3)
            .or_else(|| data.localities.iter().find(|l| l.code == *district));
        if let Some(commune) = commune {
            edits.push((
                district,
                Edit {
                    locality_code: commune.code.clone(),
                    field: fields[n % fields.len()],
                    value: FieldValue::Count(Some((n % 17) as u32)),
                },
            ));
        }
    }
    let mut next = 0usize;
    let per_edit = samples(2_000, Duration::from_millis(500), || {
        let (district, edit) = &edits[next % edits.len()];
        next += 1;
        black_box(checker.check_district(district, Some(edit)));
    });

    Row {
        label: size.label,
        districts: districts.len(),
        communes: data
            .localities
            .iter()
            .filter(|l| l.level == Level::Commune)
            .count(),
        findings,
        new,
        check_all,
        edit_median: percentile(&per_edit, 0.5),
        edit_p99: percentile(&per_edit, 0.99),
        edit_max: percentile(&per_edit, 1.0),
    }
}

fn main() {
    println!("rules engine, report year {YEAR} (TT 124), synthetic data, release build\n");
    println!(
        "| size | districts | communes | findings | Checker::new | check_all | check_district + edit: median | p99 | max |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let rows: Vec<Row> = sizes().iter().map(measure).collect();
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.label,
            row.districts,
            row.communes,
            row.findings,
            show(row.new),
            show(row.check_all),
            show(row.edit_median),
            show(row.edit_p99),
            show(row.edit_max)
        );
    }
    println!();
    let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };
    if let Some(demo) = rows.iter().find(|r| r.label == "demo") {
        println!(
            "demo: check_district + edit p99 {} (budget 100 µs): {}",
            show(demo.edit_p99),
            verdict(demo.edit_p99 <= Duration::from_micros(100))
        );
        println!(
            "demo: check_all {} (budget 5 ms): {}",
            show(demo.check_all),
            verdict(demo.check_all <= Duration::from_millis(5))
        );
    }
    if let Some(national) = rows.iter().find(|r| r.label == "national") {
        println!(
            "national: check_district + edit p99 {} (budget 1 ms): {}",
            show(national.edit_p99),
            verdict(national.edit_p99 <= Duration::from_millis(1))
        );
    }
}
