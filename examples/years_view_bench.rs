//! How long the Years view takes to open on a large database: the overview's data load plus the
//! first render, at 80×24 and 120×40, for the district in scope and then for its province; then the
//! history popup (`h`) of a cell given 1,000 changes. It writes to the database: use a copy.
//!
//! ```text
//! cargo run --release -- --db BIG.sqlite3 init --synthetic national
//! cargo run --release --example years_view_bench -- BIG.sqlite3 [YEAR]
//! ```
//! No assertion: the figures are printed for the benchmark notes.

use antq::config::Config;
use antq::text::Lang;
use antq::tui::{App, AppOptions, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &mut App, w: u16, h: u16) {
    app.resize(w, h);
    match Terminal::new(TestBackend::new(w, h)) {
        Ok(mut t) => {
            let _ = t.draw(|f| app.render(f));
        }
        Err(e) => eprintln!("terminal: {e}"),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: years_view_bench DB [YEAR]")?;
    let year: Option<i32> = args.next().and_then(|y| y.parse().ok());
    let store = antq::store::Store::open(std::path::Path::new(&db))?;
    let t = Instant::now();
    let mut app = App::new(
        store,
        AppOptions {
            config: Config::builtin(),
            lang: Lang::Vi,
            theme: Theme::plain(),
            year,
            district: None,
            clock: || "00:00:00".to_string(),
        },
    )?;
    println!("app start (not part of the view): {}", ms(t.elapsed()));
    for (w, h) in [(80, 24), (120, 40)] {
        for round in ["first", "again"] {
            // District scope: F6 reads 30 years of the district, then the first render.
            let t = Instant::now();
            press(&mut app, KeyCode::F(6));
            draw(&mut app, w, h);
            let district = t.elapsed();
            // Province scope: Backspace reads 30 years of the province (cached in the database).
            let t = Instant::now();
            press(&mut app, KeyCode::Backspace);
            draw(&mut app, w, h);
            let province = t.elapsed();
            press(&mut app, KeyCode::Esc);
            println!(
                "{w}x{h} {round}: open Years view (district, 30 years) + render {}; province + render {}",
                ms(district),
                ms(province)
            );
        }
    }
    // The history of a cell with 1,000 changes: the focused cell (first commune, first field).
    press(&mut app, KeyCode::F(3));
    let year = app.ctx.year;
    let Some(code) = app
        .ctx
        .district
        .as_deref()
        .and_then(|d| app.ctx.view.communes_of(d).first().map(|c| c.code.clone()))
    else {
        return Err("no commune in scope".into());
    };
    let mut writer = antq::store::Store::open(std::path::Path::new(&db))?;
    for n in 0..1000u32 {
        antq::services::set_value(
            &mut writer,
            year,
            &code,
            antq::domain::Field::ResidentialAreasTotal,
            antq::domain::FieldValue::Count(Some(100 + n)),
            antq::store::Source::Tui,
        )?;
    }
    drop(writer);
    app.poll_data()?;
    for round in ["first", "again"] {
        let t = Instant::now();
        press(&mut app, KeyCode::Char('h'));
        draw(&mut app, 80, 24);
        println!(
            "history of a cell with 1,000+ changes, {round}: {}",
            ms(t.elapsed())
        );
        press(&mut app, KeyCode::Esc);
    }
    Ok(())
}
