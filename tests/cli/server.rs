//! A district server as the Debian package sets it up, built in a temporary folder: a setgid copy of
//! the binary (a fresh group, unique per run), a data folder root:group 2770, and two real logins
//! that are not in the group, each running with umask 077. Root only (it adds logins and a group,
//! and removes them afterwards, even when a test fails); otherwise SKIPPED.

use crate::common::{demo_template, is_root, skip};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// Clerk A types for district 450 (its commune 18853), clerk B for 456 (its commune 19201).
const A_ROW: &str = "2018,18853,12,8,no,no,1,0,3,3,2";
const B_ROW: &str = "2018,19201,30,28,yes,yes,4,4,6,6,1";
const HEADER: &str = crate::common::ASSESSMENTS_HEADER;

/// What one run gave.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(&self, what: &str) -> &Out {
        assert_eq!(self.code, 0, "{what}: {}{}", self.stdout, self.stderr);
        self
    }

    fn refused(&self, what: &str, code: i32, says: &str) -> &Out {
        assert_eq!(self.code, code, "{what}: {}{}", self.stdout, self.stderr);
        assert!(self.stderr.contains(says), "{what}: {}", self.stderr);
        self
    }
}

/// The server: removes its logins and its group when dropped (the folder goes with `TempDir`).
struct Server {
    root: tempfile::TempDir,
    group: String,
    gid: u32,
    clerks: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        for login in &self.clerks {
            let _ = Command::new("userdel").arg(login).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
    }
}

fn sh(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Server {
    /// None (and the test reported as skipped) when this machine cannot host one.
    fn new(test: &str) -> Option<Server> {
        if !is_root() {
            skip(test, "needs root (adds logins and a group)");
            return None;
        }
        for tool in ["useradd", "userdel", "groupadd", "groupdel", "runuser"] {
            if !sh("sh", &["-c", &format!("command -v {tool}")]) {
                skip(test, &format!("needs {tool}"));
                return None;
            }
        }
        let root = tempfile::tempdir().expect("tempdir");
        chmod(root.path(), 0o755);
        if nosuid(root.path()) {
            skip(test, "the temporary folder is mounted nosuid");
            return None;
        }
        // Unique per run and per test: tests run in parallel, and a failed run's leftovers must
        // not collide with the next.
        static RUNS: AtomicU32 = AtomicU32::new(0);
        let tag = format!(
            "{}x{}",
            std::process::id(),
            RUNS.fetch_add(1, Ordering::Relaxed)
        );
        let group = format!("aqg{tag}");
        let mut server = Server {
            root,
            group: group.clone(),
            gid: 0,
            clerks: Vec::new(),
        };
        assert!(sh("groupadd", &[&group]), "groupadd {group}");
        server.gid = gid_of(&group);
        for who in ["a", "b"] {
            let login = format!("aq{who}{tag}");
            assert!(
                sh("useradd", &["-M", "-N", "-s", "/bin/sh", &login]),
                "useradd {login}"
            );
            server.clerks.push(login.clone());
            let home = server.home(&login);
            std::fs::create_dir_all(&home).expect("home");
            assert!(sh("chown", &[&login, home.to_str().expect("utf-8")]));
            chmod(&home, 0o700);
        }
        // The binary, setgid the group, as the package's postinst leaves /usr/bin/antq.
        let bin = server.bin();
        std::fs::create_dir_all(bin.parent().expect("bin folder")).expect("bin folder");
        std::fs::copy(env!("CARGO_BIN_EXE_antq"), &bin).expect("copy the binary");
        assert!(sh("chown", &[&format!("root:{group}"), path(&bin)]));
        chmod(&bin, 0o2755);
        // The data folder, as the postinst makes /var/lib/antq.
        let data = server.data();
        std::fs::create_dir(&data).expect("data folder");
        assert!(sh("chown", &[&format!("root:{group}"), path(&data)]));
        chmod(&data, 0o2770);
        Some(server)
    }

    fn bin(&self) -> PathBuf {
        self.root.path().join("bin/antq")
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn db(&self) -> PathBuf {
        self.data().join("antq.sqlite3")
    }

    fn home(&self, login: &str) -> PathBuf {
        self.root.path().join("home").join(login)
    }

    fn clerk(&self, i: usize) -> &str {
        &self.clerks[i]
    }

    /// The installed binary as root (whose effective group is the server's group, like a clerk's),
    /// under umask 077.
    fn as_root(&self, args: &[&str]) -> Out {
        let mut c = Command::new("sh");
        c.args(["-c", "umask 077; exec \"$0\" \"$@\""])
            .arg(self.bin());
        c.args(args);
        self.scrub(&mut c, &self.root.path().join("home"));
        out(c)
    }

    /// The installed binary as `login`, under umask 077, with the database as `--db` unless
    /// `args` name one.
    fn as_clerk(&self, login: &str, args: &[&str]) -> Out {
        let mut c = Command::new("runuser");
        c.args([
            "-u",
            login,
            "--",
            "sh",
            "-c",
            "umask 077; exec \"$0\" \"$@\"",
        ]);
        c.arg(self.bin());
        if !args.contains(&"--db") {
            c.args(["--db", path(&self.db())]);
        }
        c.args(args);
        self.scrub(&mut c, &self.home(login));
        out(c)
    }

    /// A command run directly as `login` (not through antq).
    fn direct(&self, login: &str, program: &str, args: &[&str]) -> Out {
        let mut c = Command::new("runuser");
        c.args(["-u", login, "--", program]).args(args);
        self.scrub(&mut c, &self.home(login));
        out(c)
    }

    fn scrub(&self, c: &mut Command, home: &Path) {
        c.env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("RUST_BACKTRACE", "0")
            .current_dir(self.root.path());
    }

    /// A file `login` owns in their home, written under their own umask.
    fn clerk_file(&self, login: &str, name: &str, text: &str) -> PathBuf {
        let p = self.home(login).join(name);
        std::fs::write(&p, text).expect("write");
        assert!(sh("chown", &[login, path(&p)]));
        chmod(&p, 0o600);
        p
    }

    /// The database set up as an administrator would: the demo, root as the province user, the
    /// two clerks registered.
    fn with_people(self) -> Server {
        self.as_root(&["--db", path(&self.db()), "init"]).ok("init");
        // Created group-writable and in the group, whatever the umask.
        assert_eq!(mode_group(&self.db()), (0o660, self.gid), "a new database");
        // The demo, loaded faster from the shared template than by `init --demo`.
        let db = self.db();
        std::fs::remove_file(&db).expect("remove the empty database");
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        std::fs::copy(demo_template(), &db).expect("copy the demo");
        assert!(sh("chgrp", &[&self.group, path(&db)]));
        chmod(&db, 0o660);
        let db_s = path(&db);
        self.as_root(&["--db", db_s, "user", "add", "root", "--role", "province"])
            .ok("add the province user");
        for (login, unit) in [(self.clerk(0), "450"), (self.clerk(1), "456")] {
            self.as_root(&[
                "--db", db_s, "user", "add", login, "--role", "clerk", "--unit", unit,
            ])
            .ok("add a clerk");
        }
        self
    }

    /// Every table, read by root directly (not through antq).
    fn fingerprint(&self) -> String {
        let conn = rusqlite::Connection::open_with_flags(
            self.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open");
        crate::common::fingerprint_conn(&conn)
    }

    fn ra_total(&self, code: &str) -> Option<i64> {
        let conn = rusqlite::Connection::open_with_flags(
            self.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open");
        conn.query_row(
            "SELECT a.residential_areas_total FROM assessment a JOIN locality l ON l.id = a.locality_id \
             WHERE a.year = 2018 AND l.code = ?1",
            [code],
            |r| r.get(0),
        )
        .expect("a figure")
    }
}

fn out(mut c: Command) -> Out {
    let o = c.output().expect("run");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn nosuid(p: &Path) -> bool {
    let c = std::ffi::CString::new(path(p)).expect("path");
    // SAFETY: `c` is a valid NUL-terminated string; `st` is written by the call.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        libc::statvfs(c.as_ptr(), &mut st) == 0 && st.f_flag & libc::ST_NOSUID != 0
    }
}

fn gid_of(group: &str) -> u32 {
    let o = Command::new("getent")
        .args(["group", group])
        .output()
        .expect("getent");
    String::from_utf8_lossy(&o.stdout)
        .split(':')
        .nth(2)
        .and_then(|g| g.trim().parse().ok())
        .expect("the group's id")
}

/// Mode and group of a file.
fn mode_group(p: &Path) -> (u32, u32) {
    let m = std::fs::metadata(p).expect("stat");
    (m.mode() & 0o7777, m.gid())
}

#[test]
fn two_clerks_with_umask_077_type_into_one_database_they_cannot_open_themselves() {
    let Some(server) = Server::new("two_clerks_with_umask_077_type_into_one_database") else {
        return;
    };
    let server = server.with_people();
    let (a, b) = (server.clerk(0), server.clerk(1));
    let a_file = server.clerk_file(a, "450.csv", &format!("{HEADER}\n{A_ROW}\n"));
    let b_file = server.clerk_file(b, "456.csv", &format!("{HEADER}\n{B_ROW}\n"));
    // Turn by turn, so that each opens a database and its -wal/-shm the other's session created.
    for round in 0..2 {
        server
            .as_clerk(a, &["--lang", "en", "import", path(&a_file)])
            .ok(&format!("clerk A's import, round {round}"));
        server
            .as_clerk(b, &["--lang", "en", "import", path(&b_file)])
            .ok(&format!("clerk B's import, round {round}"));
    }
    assert_eq!(server.ra_total("18853"), Some(12));
    assert_eq!(server.ra_total("19201"), Some(30));
    // The audit log names each clerk by login.
    let history = server.as_clerk(
        b,
        &[
            "--lang",
            "en",
            "history",
            "--year",
            "2018",
            "--locality",
            "18853",
        ],
    );
    history.ok("history");
    assert!(history.stdout.contains(a), "{}", history.stdout);
    // Still shared: the database and the files SQLite made beside it, whatever the umask.
    let db = server.db();
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            assert_eq!(mode_group(&p), (0o660, server.gid), "{}", p.display());
        }
    }
    server.as_clerk(a, &["--lang", "en", "verify"]).ok("verify");
    // Neither can open the file, or even look into its folder, without antq.
    for login in [a, b] {
        let r = server.direct(login, "cat", &[path(&db)]);
        assert_ne!(r.code, 0, "{login} read the database directly");
        let r = server.direct(login, "ls", &[path(&server.data())]);
        assert_ne!(r.code, 0, "{login} listed the data folder");
    }
}

#[test]
fn the_group_opens_no_file_a_clerk_names() {
    let Some(server) = Server::new("the_group_opens_no_file_a_clerk_names") else {
        return;
    };
    let server = server.with_people();
    let a = server.clerk(0);
    let before = server.fingerprint();
    // Files the group may read and the clerk may not: root's, group-readable.
    let secret = server.root.path().join("secret.csv");
    std::fs::write(&secret, format!("{HEADER}\n{A_ROW}\n")).expect("write");
    assert!(sh("chgrp", &[&server.group, path(&secret)]));
    chmod(&secret, 0o640);
    server
        .as_clerk(a, &["--lang", "en", "import", path(&secret)])
        .refused("import of root's file", 2, "cannot read");
    let config = server.root.path().join("secret.toml");
    std::fs::write(&config, "[general]\nlanguage = \"en\"\n").expect("write");
    assert!(sh("chgrp", &[&server.group, path(&config)]));
    chmod(&config, 0o640);
    let r = server.as_clerk(a, &["--config", path(&config), "status", "--year", "2018"]);
    assert_eq!(
        r.code, 2,
        "--config of root's file: {}{}",
        r.stdout, r.stderr
    );
    // Nothing written into the data folder, where only the group may write.
    let inside = server.data().join("out");
    let r = server.as_clerk(
        a,
        &[
            "--lang",
            "en",
            "export",
            "--year",
            "2018",
            "--out",
            path(&inside),
        ],
    );
    r.refused("export into the data folder", 2, "cannot create");
    let copy = server.data().join("copy.sqlite3");
    server
        .as_clerk(a, &["--lang", "en", "backup", path(&copy)])
        .refused("backup into the data folder", 2, "could not back up");
    assert!(!inside.exists() && !copy.exists());
    assert_eq!(before, server.fingerprint(), "a refused command wrote");
    // What the clerk may write, they write as themselves: their own group, not the server's.
    let own = server.home(a).join("nightly.sqlite3");
    server
        .as_clerk(a, &["--lang", "en", "backup", path(&own)])
        .ok("backup into the clerk's home");
    let m = std::fs::metadata(&own).expect("the copy");
    assert_ne!(
        m.gid(),
        server.gid,
        "the copy belongs to the server's group"
    );
    assert_eq!(m.mode() & 0o077, 0, "the copy ignores the clerk's umask");
    server
        .as_clerk(a, &["--lang", "en", "--db", path(&own), "verify"])
        .ok("verify the copy");
}

#[test]
fn a_database_outside_the_data_folder_is_opened_without_the_group() {
    let Some(server) =
        Server::new("a_database_outside_the_data_folder_is_opened_without_the_group")
    else {
        return;
    };
    let a = server.clerk(0).to_string();
    // Group-writable, in a folder everyone may enter: only the group could open it.
    let elsewhere = server.root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("folder");
    chmod(&elsewhere, 0o755);
    let db = elsewhere.join("antq.sqlite3");
    std::fs::copy(demo_template(), &db).expect("copy the demo");
    assert!(sh("chgrp", &[&server.group, path(&db)]));
    chmod(&db, 0o660);
    let before = crate::common::fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    server
        .as_clerk(&a, &["--lang", "en", "--db", path(&db), "verify"])
        .refused("verify of a database outside the data folder", 2, "cannot");
    // Nor may a clerk make a new database in the data folder's place: a folder of the group
    // without the setgid bit is not a data folder.
    let plain = server.root.path().join("plain");
    std::fs::create_dir(&plain).expect("folder");
    assert!(sh("chgrp", &[&server.group, path(&plain)]));
    chmod(&plain, 0o770);
    server
        .as_clerk(
            &a,
            &[
                "--lang",
                "en",
                "--db",
                path(&plain.join("x.sqlite3")),
                "init",
            ],
        )
        .refused("init in a folder of the group", 2, "cannot");
    assert!(!plain.join("x.sqlite3").exists());
    let after = crate::common::fingerprint_conn(&rusqlite::Connection::open(&db).expect("open"));
    assert_eq!(before, after);
}
