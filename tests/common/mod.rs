//! Shared helpers for the integration tests: a fresh database in a temp dir, the fixture province.
#![allow(dead_code)]

pub mod faults;
pub mod fingerprint;
pub mod reform;

pub use fingerprint::fingerprint_conn;

use antq::config::Config;
use antq::store::Store;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("antq.sqlite3");
        TestDb { dir, path }
    }

    pub fn open(&self) -> Store {
        Store::open(&self.path).expect("open store")
    }

    /// A file in the temp dir with the given contents.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write file");
        p
    }
}

pub fn config() -> Config {
    Config::builtin()
}

/// The fixture province, imported.
pub fn loaded() -> (TestDb, Store) {
    let db = TestDb::new();
    let mut store = db.open();
    antq::services::import::import_paths(
        &mut store,
        &config(),
        &[
            fixture("localities.csv"),
            fixture("assessments.csv"),
            fixture("awards.csv"),
            fixture("limitations.csv"),
        ],
    )
    .expect("fixtures import");
    (db, store)
}

/// A second connection to the store's database, for what the store does not offer: raw SQL checks
/// and writes that go around it (as another process would).
pub fn raw(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).expect("open a second connection")
}

pub fn audit_rows(store: &Store) -> i64 {
    raw(store)
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .expect("count audit")
}

/// A fingerprint of every table in the database: equal before and after means nothing changed.
pub fn fingerprint(store: &Store) -> String {
    fingerprint_conn(&raw(store))
}

/// Reports a test (or a part of one) that cannot run on this machine. The line goes straight to the
/// process's stderr, past the test harness's capture, so that `cargo test` shows it; `.ci/run` counts
/// the lines that start with `SKIPPED: `.
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {reason}");
}

// ---------------------------------------------------------------------------------------------------
// The real binary, driven the way a clerk's shell or the province's scripts drive it.

use std::os::unix::fs::PermissionsExt;
use std::sync::OnceLock;

pub const ASSESSMENTS_HEADER: &str = "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models";

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub what: String,
}

impl Run {
    /// Asserts the exit code, showing everything when it is not the one expected.
    #[track_caller]
    pub fn code(&self, want: i32) -> &Run {
        assert_eq!(
            self.code, want,
            "`{}` exited {} (wanted {want})\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub fn stderr_has(&self, want: &str) -> &Run {
        assert!(
            self.stderr.contains(want),
            "`{}`: stderr lacks {want:?}\n--- stderr\n{}",
            self.what,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, want: &str) -> &Run {
        assert!(
            self.stdout.contains(want),
            "`{}`: stdout lacks {want:?}\n--- stdout\n{}",
            self.what,
            self.stdout
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}`: stdout is not JSON ({e}):\n{}",
                self.what, self.stdout
            )
        })
    }
}

/// A sandbox for the binary: a temp dir, world-writable so that a run as another login (see
/// `antq_as`) can use it. A run in it sees nothing of this machine's or this user's setup: its
/// environment is cleared, then `HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_CACHE_HOME` and
/// `XDG_STATE_HOME` point into the sandbox (no user configuration, no default database),
/// `ANTQ_SYSTEM_CONFIG` is empty (no `/etc/antq/config.toml`), `LANG`/`LC_ALL` are `C.UTF-8`,
/// `RUST_BACKTRACE=0`, and `NO_COLOR`, `ANTQ_DB`, `ANTQ_CONFIG` and `TERM` are unset.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("tempdir");
        chmod(dir.path(), 0o777);
        let sb = Sandbox { dir };
        for d in ["home", "config", "data"] {
            std::fs::create_dir_all(sb.path(d)).expect("mkdir");
            chmod(&sb.path(d), 0o777);
        }
        sb
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The sandbox's database.
    pub fn db(&self) -> PathBuf {
        self.path("antq.sqlite3")
    }

    /// A file in the sandbox with the given contents, readable by everyone.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write file");
        chmod(&p, 0o666);
        p
    }

    /// An assessments.csv holding `rows` under the contract's header.
    pub fn assessments(&self, name: &str, rows: &[&str]) -> PathBuf {
        let mut text = format!("{ASSESSMENTS_HEADER}\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        self.file(name, &text)
    }

    /// The demo province (as `antq init --demo` writes it) copied into the sandbox's database.
    pub fn with_demo(self) -> Sandbox {
        std::fs::copy(demo_template(), self.db()).expect("copy the demo database");
        self.open_up();
        self
    }

    /// Makes the database and its WAL files writable by everyone (for runs as another login).
    pub fn open_up(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", self.db().display()));
            if p.exists() {
                chmod(&p, 0o666);
            }
        }
    }

    /// A command for the binary in this sandbox, without `--db`.
    pub fn bare(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_antq"));
        self.scrub(&mut c);
        c
    }

    fn scrub(&self, c: &mut assert_cmd::Command) {
        c.env_clear();
        for (key, value) in self.env() {
            c.env(key, value);
        }
        c.current_dir(self.dir.path());
    }

    /// The whole environment of a run in the sandbox (see the type's comment).
    pub fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let home = |d: &str| self.path(d).into_os_string();
        vec![
            ("HOME", home("home")),
            ("XDG_CONFIG_HOME", home("config")),
            ("XDG_DATA_HOME", home("data")),
            ("XDG_CACHE_HOME", home("home")),
            ("XDG_STATE_HOME", home("home")),
            ("ANTQ_SYSTEM_CONFIG", "".into()),
            ("LANG", "C.UTF-8".into()),
            ("LC_ALL", "C.UTF-8".into()),
            ("RUST_BACKTRACE", "0".into()),
        ]
    }

    /// Runs the binary with `--db` on the sandbox's database (unless `args` name another `--db`).
    pub fn antq(&self, args: &[&str]) -> Run {
        let db = self.db();
        let mut full: Vec<&str> = Vec::new();
        if !args.contains(&"--db") {
            full.extend(["--db", db.to_str().expect("utf-8 path")]);
        }
        full.extend_from_slice(args);
        let mut c = self.bare();
        c.args(&full);
        run(c, &full.join(" "))
    }

    /// Runs the binary as another operating-system login (uid and gid `uid`, no groups) via
    /// `setpriv`. Only when `can_switch_user()`. The database must be writable by that login for a
    /// write to succeed (`with_demo` makes it so).
    pub fn antq_as(&self, uid: u32, args: &[&str]) -> Run {
        let db = self.db();
        let uid_s = uid.to_string();
        let reuid = format!("--reuid={uid_s}");
        let regid = format!("--regid={uid_s}");
        let mut c = assert_cmd::Command::new(setpriv().expect("setpriv"));
        c.args([reuid.as_str(), regid.as_str(), "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_antq"));
        if !args.contains(&"--db") {
            c.args(["--db", db.to_str().expect("utf-8 path")]);
        }
        c.args(args);
        self.scrub(&mut c);
        run(c, &format!("(uid {uid}) antq {}", args.join(" ")))
    }

    /// A read-only connection to the sandbox's database (for before/after comparisons).
    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .expect("open the database read-only")
    }

    /// Every table of the database, as text: equal before and after means nothing changed.
    pub fn fingerprint(&self) -> String {
        fingerprint_conn(&self.conn())
    }

    pub fn audit_count(&self) -> i64 {
        self.conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .expect("count audit")
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

/// Runs a prepared command, capturing everything, and checks the one thing every run must satisfy:
/// no Rust panic or backtrace ever reaches the user.
pub fn run(mut c: assert_cmd::Command, what: &str) -> Run {
    let out = c.output().expect("run antq");
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        what: what.to_string(),
    };
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "lỗi nội bộ",
    ] {
        assert!(
            !r.stderr.contains(bad),
            "`{what}`: stderr shows a panic ({bad:?}):\n{}",
            r.stderr
        );
    }
    assert!(r.code >= 0, "`{what}` was killed by a signal");
    r
}

pub fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The demo database, prepared once per test binary by the binary itself (`antq init --demo`) and
/// copied by each test that needs it.
pub fn demo_template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(&dir).expect("target tmp dir");
        let exe = std::env::current_exe().expect("current exe");
        let stem = exe
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("tests")
            .to_string();
        let work = tempfile::tempdir_in(&dir).expect("tempdir");
        let sb = Sandbox::new();
        let tmp = work.path().join("demo.sqlite3");
        let mut c = sb.bare();
        c.args(["--db", tmp.to_str().expect("utf-8 path"), "init", "--demo"]);
        run(c, "init --demo (template)").ok();
        // The last connection has closed: the WAL is checkpointed into the main file.
        let target = dir.join(format!("demo-{stem}.sqlite3"));
        std::fs::rename(&tmp, &target).expect("move the template into place");
        target
    })
}

/// `setpriv` (util-linux), when this process may use it to run the binary as another login: we are
/// root, it is installed, and the unprivileged login can reach the binary (a checkout under a
/// private home folder cannot be).
pub fn setpriv() -> Option<PathBuf> {
    static SETPRIV: OnceLock<Option<PathBuf>> = OnceLock::new();
    SETPRIV
        .get_or_init(|| {
            if !is_root() {
                return None;
            }
            let found = [
                "/usr/bin/setpriv",
                "/bin/setpriv",
                "/usr/sbin/setpriv",
                "/sbin/setpriv",
            ]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())?;
            let probe = std::process::Command::new(&found)
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_antq"))
                .arg("--version")
                .env("RUST_BACKTRACE", "0")
                .output()
                .ok()?;
            if !probe.status.success() {
                skip(
                    "runs as another login",
                    &format!(
                        "uid 65534 cannot run the test binary ({})",
                        String::from_utf8_lossy(&probe.stderr).trim()
                    ),
                );
                return None;
            }
            Some(found)
        })
        .clone()
}

/// True when `Sandbox::antq_as` works; otherwise reports `test` (or the part of it run as another
/// login) as skipped.
pub fn can_switch_user(test: &str) -> bool {
    let ok = setpriv().is_some();
    if !ok {
        skip(
            test,
            "needs root, setpriv and a binary that uid 65534 can reach",
        );
    }
    ok
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The login antq sees for `uid`: the password database's name, else "uid<N>".
pub fn login_of(uid: u32) -> String {
    // SAFETY: getpwuid_r writes into our buffer; we read pw_name only when it reports success.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            if let Ok(name) = std::ffi::CStr::from_ptr(pwd.pw_name).to_str() {
                return name.to_string();
            }
        }
        format!("uid{uid}")
    }
}

/// A province across the two-level reform, built here so it does not depend on the demo: until
/// 30/06/2025 Tỉnh Quảng Bình (44) with two districts of two communes each; from 01/07/2025 Tỉnh
/// Quảng Trị reusing code 44 with three communes directly under it. Figures for 2019 and 2025.
pub mod two_level {
    use antq::domain::{Assessment, Dataset, Level, Locality, Predecessor};
    use antq::store::{Source, Store};
    use chrono::NaiveDate;

    pub const PROVINCE: &str = "44";
    pub const NEW_COMMUNES: [&str; 3] = ["50001", "50002", "50003"];

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn unit(code: &str, name: &str, level: Level, parent: Option<&str>, new: bool) -> Locality {
        Locality {
            id: 0,
            code: code.into(),
            name: name.into(),
            level,
            parent_code: parent.map(Into::into),
            valid_from: if new { day(2025, 7, 1) } else { None },
            valid_to: if new { None } else { day(2025, 6, 30) },
            predecessors: Vec::new(),
        }
    }

    fn row(year: i32, code: &str, ra: Option<(u32, u32)>, recognized: Option<bool>) -> Assessment {
        Assessment {
            year,
            locality_code: code.into(),
            residential_areas_total: ra.map(|r| r.0),
            residential_areas_recognized: ra.map(|r| r.1),
            commune_recognized: recognized,
            police_advanced: recognized,
            agencies_total: Some(4),
            agencies_recognized: Some(3),
            schools_total: Some(5),
            schools_recognized: Some(5),
            models: Some(1),
        }
    }

    pub fn dataset() -> Dataset {
        let pred = |codes: &[&str]| -> Vec<Predecessor> {
            codes
                .iter()
                .map(|c| Predecessor {
                    code: (*c).into(),
                    valid_from: None,
                })
                .collect()
        };
        let mut localities = vec![
            unit(PROVINCE, "Tỉnh Quảng Bình", Level::Province, None, false),
            unit(
                "450",
                "Thành phố Đồng Hới",
                Level::District,
                Some("44"),
                false,
            ),
            unit(
                "18853",
                "Phường Hải Thành",
                Level::Commune,
                Some("450"),
                false,
            ),
            unit(
                "18862",
                "Phường Đồng Mỹ",
                Level::Commune,
                Some("450"),
                false,
            ),
            unit(
                "457",
                "Huyện Quảng Ninh",
                Level::District,
                Some("44"),
                false,
            ),
            unit(
                "19165",
                "Thị trấn Quán Hàu",
                Level::Commune,
                Some("457"),
                false,
            ),
            unit("19168", "Xã Quảng Phú", Level::Commune, Some("457"), false),
            unit(PROVINCE, "Tỉnh Quảng Trị", Level::Province, None, true),
            unit("50001", "Phường Đồng Hới", Level::Commune, Some("44"), true),
            unit("50002", "Xã Quảng Ninh", Level::Commune, Some("44"), true),
            unit("50003", "Đặc khu Cồn Cỏ", Level::Commune, Some("44"), true),
        ];
        localities[7].predecessors = pred(&["44"]);
        localities[8].predecessors = pred(&["18853", "18862"]);
        localities[9].predecessors = pred(&["19165", "19168"]);
        let mut assessments = Vec::new();
        for (code, ra, ok) in [
            ("18853", (12, 11), true),
            ("18862", (10, 8), true),
            ("19165", (9, 7), true),
            ("19168", (8, 4), false),
        ] {
            assessments.push(row(2019, code, Some(ra), Some(ok)));
        }
        for code in ["450", "457"] {
            assessments.push(row(2019, code, None, None));
        }
        for (code, ra, ok) in [
            ("50001", (22, 20), true),
            ("50002", (17, 11), false),
            ("50003", (2, 2), true),
        ] {
            assessments.push(row(2025, code, Some(ra), Some(ok)));
        }
        assessments.push(row(2025, PROVINCE, None, None));
        Dataset {
            localities,
            assessments,
            awards: Vec::new(),
            limitations: Vec::new(),
        }
    }

    /// The data set loaded into the database at `path` (created).
    pub fn load(path: &std::path::Path) {
        let mut store = Store::open(path).expect("open store");
        store
            .load_dataset(&dataset(), Source::Demo)
            .expect("load the two-level fixture");
    }
}
