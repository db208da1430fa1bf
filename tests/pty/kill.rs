//! kill -9 of the real program while a clerk types and commits: whatever moment the kill lands on,
//! the database passes SQLite's integrity check and `antq verify`, and every value the screen
//! called saved is in it. The moments are drawn from a seeded generator, so a failure names the
//! seed that reproduces it; the waits are on the screen, never on the clock.

use super::{args, fixture, program, stored_total, Tui};
use crate::common::faults::{assert_integrity, kill_9, Seeded};
use std::collections::HashMap;
use std::time::Duration;

/// The four communes of the fixture's Quảng Ninh, as the focus line names them, and their codes.
const COMMUNES: [(&str, &str); 4] = [
    ("Quán Hàu", "19165"),
    ("Quảng Phú", "19168"),
    ("Hải Ninh", "19171"),
    ("Vạn Ninh", "19174"),
];

/// The commune whose residential-area total has the focus, if one has.
fn focused(screen: &str) -> Option<&'static str> {
    COMMUNES
        .iter()
        .find(|(name, _)| screen.contains(&format!("{name} · KDC tổng")))
        .map(|(_, code)| *code)
}

/// Where in an edit the kill lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Moment {
    /// Digits typed, Enter not pressed: nothing of this value is promised.
    MidTyping,
    /// Enter sent, the screen not yet read: the value may or may not be there.
    RightAfterEnter,
    /// The screen said "đã lưu": the value must be there.
    AfterSaved,
}

/// One trial: a seeded number of values typed and committed, then kill -9 at a seeded moment.
/// Returns how many values the screen called saved, and where the kill landed.
fn trial(seed: u64) -> (usize, Moment) {
    let mut rng = Seeded::new(seed);
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_text("Huyện Quảng Ninh");
    let values = 2 + rng.below(6) as usize;
    let moment = match rng.below(3) {
        0 => Moment::MidTyping,
        1 => Moment::RightAfterEnter,
        _ => Moment::AfterSaved,
    };
    // The last value each cell's screen called saved, and the one in flight when the kill came.
    let mut saved: HashMap<&'static str, u32> = HashMap::new();
    let mut in_flight: Option<(&'static str, u32)> = None;
    for i in 0..values {
        // Enter moves down; past the last commune it wraps to the next column: back to the totals.
        let screen = if i == 0 {
            tui.wait_for("a commune's total in focus", |s| focused(s).is_some())
        } else {
            tui.screen()
        };
        let code = match focused(&screen) {
            Some(code) => code,
            None => {
                tui.type_keys(&["\x1b[D"]);
                let s = tui.wait_for("back on a commune", |s| focused(s).is_some());
                focused(&s).expect("a commune")
            }
        };
        let value = 20 + rng.below(80) as u32;
        let digits = value.to_string();
        let keys: Vec<&str> = digits
            .char_indices()
            .map(|(i, c)| &digits[i..i + c.len_utf8()])
            .collect();
        tui.type_keys(&keys);
        tui.wait_for("the typed value", |s| {
            s.contains(&format!("→ {value}")) && s.contains("[đang gõ]")
        });
        let last = i + 1 == values;
        if last && matches!(moment, Moment::MidTyping) {
            in_flight = Some((code, value));
            break;
        }
        tui.send("\r");
        if last && matches!(moment, Moment::RightAfterEnter) {
            in_flight = Some((code, value));
            // A seeded pause of 0–15 ms spreads the kill over the commit.
            std::thread::sleep(Duration::from_micros(rng.below(15_000)));
            break;
        }
        tui.wait_for("đã lưu", |s| {
            s.contains("đã lưu") && !s.contains("[đang gõ]")
        });
        saved.insert(code, value);
    }
    kill_9(tui.pid());
    let (_, status) = tui.wait_exit();
    assert!(
        status.is_some(),
        "seed {seed}: the process ended after kill -9"
    );
    drop(tui);

    let what = format!("seed {seed} ({values} values, kill {moment:?})");
    assert_integrity(&path, &what);
    for (code, value) in &saved {
        let stored = stored_total(&path, code);
        let pending = in_flight.filter(|(c, _)| c == code).map(|(_, v)| v);
        assert!(
            stored == Some(*value) || (pending.is_some() && stored == pending),
            "{what}: {code} was called saved as {value}, the database holds {stored:?}"
        );
    }
    (saved.len(), moment)
}

#[test]
fn kill_9_while_typing_and_committing_loses_nothing_the_screen_called_saved() {
    let mut called_saved = 0;
    let mut moments = std::collections::HashSet::new();
    let seeds = 1..=12;
    for seed in seeds.clone() {
        let (n, moment) = trial(seed);
        called_saved += n;
        moments.insert(moment);
    }
    assert_eq!(moments.len(), 3, "the seeds reach every moment of an edit");
    eprintln!(
        "{called_saved} values called saved over {} kills, all found",
        seeds.count()
    );
}
