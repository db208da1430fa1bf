//! What one keystroke costs inside the process: handling the key, then drawing the frame through
//! the real backend (cells, diff, escape codes; the bytes go to a sink). Measured twice: with warm
//! caches (keys back to back) and "cold" — a few megabytes are touched between keys, as the rest of
//! the machine does while a person thinks — which is closer to what a terminal user sees.
//!
//! ```text
//! cargo run --release -- --db DEMO.sqlite3 init --demo
//! cargo run --release --example keystroke_bench -- DEMO.sqlite3 [YEAR] [DISTRICT]
//! ```
//! No assertion: the figures are printed for the benchmark notes (docs/tui.md).

use antq::config::Config;
use antq::text::Lang;
use antq::tui::backend::FrameBackend;
use antq::tui::{App, AppOptions, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;
use ratatui::Terminal;
use std::hint::black_box;
use std::time::{Duration, Instant};

const KEYS: usize = 200;

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The i-th key of the script: ten digits into the cell, then Esc, over and over.
fn key(i: usize) -> KeyCode {
    match i % 11 {
        10 => KeyCode::Esc,
        d => KeyCode::Char(char::from(b'0' + ((d + 1) % 10) as u8)),
    }
}

fn median_us(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    xs[xs.len() / 2].as_secs_f64() * 1e6
}

fn p95_us(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    xs[xs.len() * 95 / 100].as_secs_f64() * 1e6
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .ok_or("usage: keystroke_bench DB [YEAR] [DISTRICT]")?;
    let year: Option<i32> = args.next().and_then(|y| y.parse().ok());
    let district = args.next();
    let store = antq::store::Store::open(std::path::Path::new(&db))?;
    let mut app = App::new(
        store,
        AppOptions {
            config: Config::builtin(),
            lang: Lang::Vi,
            theme: Theme::plain(),
            year,
            district,
            clock: antq::tui::context::wall_clock,
        },
    )?;
    let mut terminal = Terminal::new(FrameBackend::new(std::io::sink(), Size::new(80, 24)))?;
    app.resize(80, 24);
    terminal.draw(|f| app.render(f))?;
    press(&mut app, KeyCode::Right);
    terminal.draw(|f| app.render(f))?;

    let mut scratch = vec![0u8; 8 << 20];
    for (label, evict, pause) in [
        ("warm", false, false),
        ("cold", true, false),
        ("after 30 ms idle", false, true),
        ("after 30 ms busy", true, true),
    ] {
        let mut handle = Vec::with_capacity(KEYS);
        let mut draw = Vec::with_capacity(KEYS);
        for i in 0..KEYS {
            if evict && !pause {
                for (j, b) in scratch.iter_mut().enumerate().step_by(64) {
                    *b = b.wrapping_add(j as u8);
                }
                black_box(&scratch);
            }
            if pause && !evict {
                std::thread::sleep(Duration::from_millis(30));
            }
            if pause && evict {
                // Busy elsewhere for 30 ms: the core stays awake, the caches are not ours.
                let until = Instant::now() + Duration::from_millis(30);
                while Instant::now() < until {
                    for (j, b) in scratch.iter_mut().enumerate().step_by(64) {
                        *b = b.wrapping_add(j as u8);
                    }
                }
            }
            let t0 = Instant::now();
            press(&mut app, key(i));
            let t1 = Instant::now();
            terminal.draw(|f| app.render(f))?;
            let t2 = Instant::now();
            handle.push(t1 - t0);
            draw.push(t2 - t1);
        }
        println!(
            "{label}: handle median {:.1} µs (p95 {:.1}); draw median {:.1} µs (p95 {:.1})",
            median_us(handle.clone()),
            p95_us(handle),
            median_us(draw.clone()),
            p95_us(draw)
        );
    }
    Ok(())
}
