//! What the kill -9 tests share (`tests/pty/kill.rs`, `tests/cli/kill.rs`): a seeded generator
//! for the moments, the kill itself, and the checks every killed database must pass.

use super::Sandbox;
use std::path::Path;

/// splitmix64: enough to spread the kills over the moments of an edit, and the same for a seed.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// SIGKILL to our own child, not yet reaped (so its pid is not reused).
pub fn kill_9(pid: i32) {
    // SAFETY: signalling a child of this process by its pid.
    unsafe { libc::kill(pid, libc::SIGKILL) };
}

/// SQLite's own check of the whole file, after a kill: "ok" or the test fails with what it found.
#[track_caller]
pub fn assert_integrity(db: &Path, what: &str) {
    let conn = rusqlite::Connection::open(db).expect("open after the kill");
    let found: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .expect("integrity_check");
    assert_eq!(found, ["ok"], "{what}: integrity check");
    let run = Sandbox::new().antq(&["--db", db.to_str().expect("utf-8 path"), "verify"]);
    assert_eq!(
        run.code, 0,
        "{what}: `antq verify` exited {}\n{}\n{}",
        run.code, run.stdout, run.stderr
    );
}
