//! `cargo bench --bench config`: reading a configuration file with many targets (a province that
//! sets one per district, category and year). Linear in the file: each entry's line is found by a
//! binary search over the line starts, duplicates and the merge by hashing. Plain `std::time`,
//! median of a few runs; the figures are printed, nothing is asserted.

use antq::config::Config;
use std::hint::black_box;
use std::time::{Duration, Instant};

const CATEGORIES: [&str; 4] = ["residential_areas", "communes", "agencies", "schools"];

/// `n` distinct targets: years × categories × localities.
fn targets(n: usize) -> String {
    let mut text = String::with_capacity(n * 90);
    for i in 0..n {
        let year = 1990 + (i % 100);
        let category = CATEGORIES[(i / 100) % 4];
        let locality = 100 + i / 400;
        text.push_str(&format!(
            "[[target]]\nyear = {year}\ncategory = \"{category}\"\nmin_share = 0.85\nlocality = \"{locality}\"\n\n"
        ));
    }
    text
}

fn main() {
    for n in [1_000, 5_000, 20_000] {
        let text = targets(n);
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let start = Instant::now();
                let config = Config::builtin_with("targets.toml", &text).expect("valid targets");
                black_box(config);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{n:>6} targets ({:>5} KB): {:>8.1} ms",
            text.len() / 1024,
            times[1].as_secs_f64() * 1e3
        );
    }
}
