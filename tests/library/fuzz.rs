//! The fuzz target for what antq reads from outside — CSV files and JSON exchange packages (through
//! `import`, the whole path a clerk's file takes) and the count parser — on stable Rust: a proptest
//! harness over the committed corpus in `fuzz/corpus/` (`csv/`, `json/`, `count/seeds.txt`), each
//! seed taken as it is and then mutated (flipped bits, hostile bytes, cuts, repeats that make huge
//! fields, pieces of another seed).
//!
//! Properties, for every input:
//! - no panic, and no hang (a case still running after [`HANG`] fails, naming its input);
//! - a refusal is `FILE:LINE` errors only, each naming the file, a line from 1, and no control
//!   character; and it writes nothing (`fingerprint`);
//! - an accepted file round-trips: importing it again, and importing the export (CSV and JSON) of
//!   each year it holds, leave the database exactly as the first import did;
//! - the count parser reads back what it accepted, as Vietnamese prints it and as plain digits.
//!
//! Bounded in `cargo test`; `ANTQ_FUZZ_CASES=N` runs N mutated cases per target instead (docs/tests.md,
//! docs/reliability.md). A failing input is also written to `fuzz-findings/` under the test target's
//! temporary folder, to be minimised and added to the corpus beside the fix.

use crate::common::fingerprint_conn;
use antq::error::Error;
use antq::services::import::import_paths;
use antq::store::Store;
use antq::text::{format_count, parse_count, Lang};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Far longer than any case takes; only a loop that never ends reaches it.
const HANG: Duration = Duration::from_secs(120);

/// The longest refusal a line may show: echoed values are cut, whatever the input holds.
const MESSAGE_CHARS: usize = 1_000;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus")
}

/// Mutated cases per target: `ANTQ_FUZZ_CASES`, or `default` (what `cargo test` runs).
fn cases(default: u32) -> u32 {
    std::env::var("ANTQ_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A seed: its file name (which tells import the kind of a CSV file) and its bytes.
type Seed = (String, Vec<u8>);

fn read_seeds(dir: &Path) -> Vec<Seed> {
    let mut seeds: Vec<Seed> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| {
            let path = e.expect("corpus entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 corpus name")
                .to_string();
            (name, std::fs::read(&path).expect("corpus file"))
        })
        .collect();
    seeds.sort();
    seeds
}

/// The CSV seeds: the corpus and the test fixtures.
fn csv_seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = read_seeds(&corpus().join("csv"));
        seeds.extend(read_seeds(&crate::common::fixtures()));
        seeds
    })
}

fn json_seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| read_seeds(&corpus().join("json")))
}

/// One JSON string per line, so that seeds may hold any character.
fn count_seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let text = std::fs::read_to_string(corpus().join("count/seeds.txt")).expect("count seeds");
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("a count seed is a JSON string"))
            .collect()
    })
}

/// The database every import case starts from: the demo's localities of 2019 (so the demo's
/// exports, the fixtures and the hostile samples meet real codes), made once and copied per case.
struct Base {
    _dir: tempfile::TempDir,
    db: PathBuf,
    fingerprint: String,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("base.sqlite3");
        {
            let mut store = Store::open(&db).expect("open the base");
            import_paths(
                &mut store,
                &crate::common::config(),
                &[corpus().join("csv/demo-2019-localities.csv")],
            )
            .expect("the demo's localities import");
        }
        // The store is closed: its WAL is checkpointed into the file a case copies.
        let fingerprint = fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
        Base {
            _dir: dir,
            db,
            fingerprint,
        }
    })
}

/// Runs `case` on a thread of its own: a panic or a hang fails the test, and the input is written
/// to `fuzz-findings/` so that it can join the corpus.
fn guarded(target: &str, name: &str, bytes: &[u8], case: impl FnOnce() + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        case();
        let _ = done.send(());
    });
    let outcome = finished.recv_timeout(HANG);
    if outcome.is_ok() {
        let _ = worker.join();
        return;
    }
    let hung = matches!(outcome, Err(std::sync::mpsc::RecvTimeoutError::Timeout));
    let kept = keep_finding(target, name, bytes);
    if hung {
        panic!("{target}: {name} (mutated) still running after {HANG:?}; input kept as {kept}");
    }
    if let Err(panic) = worker.join() {
        eprintln!("{target}: {name} (mutated) failed; input kept as {kept}");
        std::panic::resume_unwind(panic);
    }
}

/// One file per target and seed, overwritten: shrinking fails again and again on ever smaller
/// inputs, and the last one written is the smallest.
fn keep_finding(target: &str, name: &str, bytes: &[u8]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    let path = dir.join(format!("{target}-{name}"));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes)) {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not kept: {e})"),
    }
}

/// The import target: `bytes` as the file `name` imported into a copy of the base database.
fn import_case(name: &str, bytes: &[u8]) {
    let base = base();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("antq.sqlite3");
    std::fs::copy(&base.db, &db).expect("copy the base");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the case");
    let mut store = Store::open(&db).expect("open the copy");
    let fingerprint = || fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    let config = crate::common::config();
    match import_paths(&mut store, &config, std::slice::from_ref(&path)) {
        Ok(_) => round_trip(&mut store, &config, dir.path(), &path, &fingerprint()),
        Err(Error::Lines(lines)) => {
            let shown = path.display().to_string();
            assert!(!lines.is_empty(), "a refusal without a line");
            for l in &lines {
                assert!(
                    l.file == shown || l.file.starts_with(&format!("{shown}#")),
                    "{} names another file than {shown}",
                    l.file
                );
                assert!(l.line >= 1, "{}: line 0", l.render(Lang::En));
                for lang in [Lang::Vi, Lang::En] {
                    let message = l.msg.get(lang);
                    assert!(
                        !message.chars().any(char::is_control),
                        "a message echoes a control character: {message:?}"
                    );
                    assert!(
                        message.chars().count() <= MESSAGE_CHARS,
                        "a message of {} characters: {:?}…",
                        message.chars().count(),
                        message.chars().take(200).collect::<String>()
                    );
                }
            }
            assert_eq!(base.fingerprint, fingerprint(), "a refused import wrote");
        }
        Err(other) => panic!("a refusal that is not FILE:LINE: {other:?}"),
    }
}

/// After an accepted import: the same file again, and each year's export in both formats, change
/// nothing.
fn round_trip(
    store: &mut Store,
    config: &antq::config::Config,
    dir: &Path,
    file: &Path,
    after: &str,
) {
    let db = store.path().to_path_buf();
    let now = || fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    import_paths(store, config, &[file.to_path_buf()]).expect("the accepted file again");
    assert_eq!(
        after,
        now(),
        "importing an accepted file twice changed the database"
    );

    let mut errors = antq::exchange::Errors::default();
    let (batch, _) =
        antq::exchange::read_paths(&[file.to_path_buf()], &mut errors).expect("read again");
    let mut years: Vec<i32> = batch
        .assessments
        .iter()
        .map(|a| a.item.year)
        .chain(batch.awards.iter().map(|a| a.item.year))
        .chain(batch.limitations.iter().map(|a| a.item.year))
        .collect();
    if years.is_empty() {
        years = vec![2019, 2025];
    }
    years.sort_unstable();
    years.dedup();
    for year in years {
        let out = dir.join(format!("export-{year}"));
        let files = antq::services::export::export_csv_dir(store, year, &out).expect("export csv");
        import_paths(store, config, &files).expect("the CSV export imports back");
        assert_eq!(
            after,
            now(),
            "the CSV export of {year} changed the database"
        );
        let package = antq::services::export::export_package_to_dir(store, year, &out)
            .expect("export the package");
        import_paths(store, config, &[package]).expect("the package imports back");
        assert_eq!(after, now(), "the package of {year} changed the database");
    }
}

/// The count target: never a panic; what it accepts reads back.
fn count_case(s: &str) {
    match parse_count(s) {
        Ok(Some(n)) => {
            assert_eq!(parse_count(&n.to_string()), Ok(Some(n)), "{s:?}");
            let printed = format_count(u64::from(n), Lang::Vi);
            assert_eq!(
                parse_count(&printed),
                Ok(Some(n)),
                "{s:?} printed {printed:?}"
            );
        }
        Ok(None) => assert!(antq::text::trim(s).is_empty(), "{s:?} read as not reported"),
        Err(e) => {
            assert!(!e.message(Lang::Vi).is_empty() && !e.message(Lang::En).is_empty());
        }
    }
}

/// One mutation of a seed's bytes, as a flipped bit, a bad copy or a hostile edit makes them.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, &'static [u8]),
    Delete(usize, usize),
    DuplicateTail(usize),
    /// A piece of the text repeated many times: huge fields and lines.
    Repeat(usize, usize, usize),
    /// A piece of another seed spliced in.
    Splice(usize, usize, usize, usize),
}

const HOSTILE: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b"\0",
    b"\x1b[2J",
    b"\x1b]0;pwned\x07",
    b"\x1b]52;c;ZWNobyBoaQ==\x07",
    b"\xc2\x9b2J",
    b"\x7f",
    b"=cmd|' /C calc'!A0",
    b"'",
    b"+",
    b"@",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\xc2\xa0",
    b"\xef\xbc\x91",
    b"-",
    b"}",
    b"{\"",
    b"]",
    b"null",
    b"\"version\":2,",
    b"9999999999",
    b"4294967296",
    b"1.046",
    b"1,5",
    b"2019",
    b"18853",
    b"450",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, bit)| Mutation::Flip(at, 1 << (bit % 8))),
        4 => (any::<usize>(), proptest::sample::select(HOSTILE))
            .prop_map(|(at, what)| Mutation::Insert(at, what)),
        2 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => any::<usize>().prop_map(Mutation::DuplicateTail),
        1 => (any::<usize>(), 1usize..24, 2usize..4_000)
            .prop_map(|(at, len, times)| Mutation::Repeat(at, len, times)),
        2 => (any::<usize>(), any::<usize>(), any::<usize>(), 1usize..200)
            .prop_map(|(at, other, from, len)| Mutation::Splice(at, other, from, len)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation], others: &[Seed]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        let at = |i: &usize| (i % len).min(bytes.len());
        match m {
            Mutation::Flip(i, bit) => {
                if let Some(b) = bytes.get_mut(i % len) {
                    *b ^= bit;
                }
            }
            Mutation::Insert(i, what) => {
                let i = at(i);
                bytes.splice(i..i, what.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let i = at(i);
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::DuplicateTail(i) => {
                let tail = bytes[at(i)..].to_vec();
                bytes.extend(tail);
            }
            Mutation::Repeat(i, n, times) => {
                let i = at(i);
                let piece = bytes[i..(i + n).min(bytes.len())].to_vec();
                let copies: Vec<u8> = piece.repeat(*times);
                bytes.splice(i..i, copies);
            }
            Mutation::Splice(i, other, from, n) => {
                let i = at(i);
                let Some((_, source)) = others.get(other % others.len().max(1)) else {
                    continue;
                };
                let from = from % source.len().max(1);
                let piece = &source[from.min(source.len())..(from + n).min(source.len())];
                bytes.splice(i..i, piece.iter().copied());
            }
        }
    }
    bytes
}

fn run_import(target: &str, seeds: &'static [Seed], which: usize, mutations: &[Mutation]) {
    let (name, seed) = &seeds[which % seeds.len()];
    let bytes = mutate(seed.clone(), mutations, seeds);
    let (n, b) = (name.clone(), bytes.clone());
    guarded(target, name, &bytes, move || import_case(&n, &b));
}

#[test]
fn every_seed_of_the_corpus_holds_the_properties() {
    for seeds in [csv_seeds(), json_seeds()] {
        for (name, bytes) in seeds {
            let (n, b) = (name.clone(), bytes.clone());
            guarded("seed", name, bytes, move || import_case(&n, &b));
        }
    }
    for s in count_seeds() {
        count_case(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn fuzz_csv(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..5)) {
        run_import("csv", csv_seeds(), which, &mutations);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(32)))]

    #[test]
    fn fuzz_json(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..5)) {
        run_import("json", json_seeds(), which, &mutations);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48).saturating_mul(40)))]

    #[test]
    fn fuzz_count(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 0..4)) {
        let seeds = count_seeds();
        let seed = seeds[which % seeds.len()].clone().into_bytes();
        let as_seeds: Vec<Seed> = Vec::new();
        let bytes = mutate(seed, &mutations, &as_seeds);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        guarded("count", "seed", &bytes, move || count_case(&text));
    }
}
