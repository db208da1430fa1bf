//! Sessions that end badly: the terminal goes away, with or without a signal reaching the program
//! (`setsid`, `su -c`, `runuser`, a killed tmux or screen), or its output can no longer be written.
//! Whatever the way, the value being typed is committed and the program ends; a process that
//! spun on a dead terminal would never end, and the bounded wait would fail.

use super::{args, fixture, program, stored_total, Tui, WAIT};
use crate::common::{is_root, setpriv, skip};
use portable_pty::PtySize;
use std::collections::HashMap;
use std::io::Read;
use std::num::NonZeroU16;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// What `/proc/PID/stat` says of a process: its state, parent, session and CPU time (ticks).
struct ProcStat {
    state: char,
    ppid: i32,
    session: i32,
    cpu_ticks: u64,
    comm: String,
}

fn proc_stat(pid: i32) -> Option<ProcStat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid pgrp session … utime stime …": comm may hold spaces, so split after ")".
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_string();
    let rest: Vec<&str> = text[close + 1..].split_whitespace().collect();
    let num = |i: usize| rest.get(i).and_then(|v| v.parse::<i64>().ok());
    Some(ProcStat {
        state: rest.first()?.chars().next()?,
        ppid: num(1)? as i32,
        session: num(3)? as i32,
        cpu_ticks: (num(11)? + num(12)?) as u64,
        comm,
    })
}

/// The antq process started (through wrappers: `sh`, `setsid`, `su`, `runuser`) under `root`.
fn antq_under(root: i32) -> Option<i32> {
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    let mut comm: HashMap<i32, String> = HashMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        if let Some(st) = proc_stat(pid) {
            children.entry(st.ppid).or_default().push(pid);
            comm.insert(pid, st.comm);
        }
    }
    let mut todo = vec![root];
    while let Some(pid) = todo.pop() {
        if comm.get(&pid).is_some_and(|c| c == "antq") {
            return Some(pid);
        }
        todo.extend(children.get(&pid).into_iter().flatten());
    }
    None
}

/// Waits until the antq process under `root` has started (bounded).
fn wait_antq(root: i32) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = antq_under(root) {
            return pid;
        }
        assert!(start.elapsed() < WAIT, "no antq process under {root}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (bounded) until `pid` has ended (gone or a zombie). Returns how long that took and the CPU
/// time it used meanwhile, or None if it was still running at the bound.
fn wait_gone(pid: i32) -> Option<(Duration, Duration)> {
    let start = Instant::now();
    let first = proc_stat(pid).map_or(0, |s| s.cpu_ticks);
    let mut last = first;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    loop {
        match proc_stat(pid) {
            Some(st) if st.state != 'Z' => last = st.cpu_ticks,
            _ => {
                let cpu = Duration::from_millis((last - first) * 1000 / hz);
                return Some((start.elapsed(), cpu));
            }
        }
        if start.elapsed() > WAIT {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Types 31 into Quán Hàu's residential-area total and waits until the screen shows it typed.
fn type_31(tui: &mut Tui) {
    tui.type_keys(&["3", "1"]);
    tui.wait_for("typing 31", |s| {
        s.contains("→ 31") && s.contains("[đang gõ]")
    });
}

/// Closes the terminal and checks that antq (`pid`) ended with the typed 31 stored.
fn hang_up_and_check(tui: &mut Tui, pid: i32, path: &Path, case: &str) {
    tui.hang_up();
    let Some((elapsed, cpu)) = wait_gone(pid) else {
        // Not left spinning after the test: it is our own child's child, by its pid.
        // SAFETY: signalling a process this test started.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        panic!("{case}: antq ({pid}) still runs {WAIT:?} after the terminal went away");
    };
    eprintln!("{case}: antq ended {elapsed:?} after the hang-up, using {cpu:?} of CPU meanwhile");
    assert_eq!(
        stored_total(path, "19165"),
        Some(31),
        "{case}: the value being typed was committed"
    );
}

fn find_tool(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
}

/// `setsid` starts antq in a session of its own: the terminal is not its controlling terminal, so
/// closing it sends no SIGHUP (the wrapper that does get one ignores it). What antq sees is only
/// `POLLHUP` and `read()` returning 0 — the case that used to spin on a core forever.
#[test]
fn a_terminal_closed_without_any_signal_commits_and_exits() {
    let test = "a_terminal_closed_without_any_signal_commits_and_exits";
    let Some(setsid) = find_tool(&["/usr/bin/setsid", "/bin/setsid"]) else {
        return skip(test, "setsid (util-linux) is not installed");
    };
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let script = format!("trap '' HUP; exec {setsid} -w \"$0\" \"$@\"");
    let mut argv = vec!["/bin/sh", "-c", &script];
    argv.extend(args(&p, &db));
    let mut tui = Tui::spawn(&argv, 80, 24);
    tui.wait_text("Huyện Quảng Ninh");
    let pid = wait_antq(tui.pid());
    let leader = proc_stat(tui.pid()).map(|s| s.session);
    assert_ne!(
        proc_stat(pid).map(|s| s.session),
        leader,
        "antq runs in a session of its own"
    );
    type_31(&mut tui);
    hang_up_and_check(&mut tui, pid, &path, "own session");
}

/// The output side fails (the screen's reader went away) while the keyboard still works: the next
/// frame's write fails, and that is a hang-up too.
#[test]
fn a_failed_write_to_the_screen_commits_and_exits() {
    let (dir, path) = fixture();
    let fifo = dir.path().join("screen");
    let c_fifo = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_fifo.as_ptr(), 0o600) }, 0, "mkfifo");
    // Opened for reading before the program opens it for writing (a non-blocking open does not wait).
    let mut screen_out = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .expect("open the fifo");
    let program = program();
    let (p, db, f) = (
        program.to_string_lossy(),
        path.to_string_lossy(),
        fifo.to_string_lossy(),
    );
    let mut argv = vec![
        "/bin/sh",
        "-c",
        "out=$1; shift; exec \"$@\" >\"$out\"",
        "sh",
        &f,
    ];
    argv.extend(args(&p, &db));
    let mut tui = Tui::spawn(&argv, 80, 24);
    let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
    let mut parser = vt100::Parser::new(nz(24), nz(80), 0);
    let mut read_until = |parser: &mut vt100::Parser, what: &str, pred: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        let mut buf = [0u8; 65536];
        loop {
            let mut pfd = libc::pollfd {
                fd: screen_out.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd for the duration of the call.
            unsafe { libc::poll(&mut pfd, 1, 50) };
            if let Ok(n) = screen_out.read(&mut buf) {
                parser.process(&buf[..n]);
            }
            let text = parser.screen().contents();
            if pred(&text) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited for {what}; the screen is:\n{text}"
            );
        }
    };
    read_until(&mut parser, "the grid", &|s| s.contains("Huyện Quảng Ninh"));
    tui.type_keys(&["3", "1"]);
    read_until(&mut parser, "typing 31", &|s| {
        s.contains("→ 31") && s.contains("[đang gõ]")
    });
    drop(screen_out);
    // The screen's reader goes; a resize makes the program draw, and the write fails.
    let pid = tui.pid();
    let (mut elapsed, mut status) = (Duration::ZERO, None);
    if let Some(m) = &tui.master {
        m.resize(PtySize {
            rows: 24,
            cols: 81,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
        (elapsed, status) = tui.wait_exit();
    }
    assert!(
        status.is_some(),
        "antq ({pid}) ended after its screen could not be written"
    );
    eprintln!("failed write: antq ended {elapsed:?} after the resize: {status:?}");
    assert_eq!(
        stored_total(&path, "19165"),
        Some(31),
        "the typed value was committed"
    );
}

/// A login made for one test and removed after it (with anything it still runs).
struct Login(String);

impl Login {
    fn add(name: &str) -> Option<Login> {
        let ok = std::process::Command::new("useradd")
            .args(["--no-create-home", "--home-dir", "/nonexistent"])
            .args(["--shell", "/bin/sh", name])
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Login(name.to_string()))
    }
}

impl Drop for Login {
    fn drop(&mut self) {
        let _ = std::process::Command::new("userdel")
            .args(["-f", &self.0])
            .status();
    }
}

/// A session started as another login through `wrap` (su, runuser): the fixture opened to it, then
/// typing, then the terminal closed.
fn hang_up_as_another_login(test: &str, tag: &str, wrap: impl Fn(&str, &[&str]) -> Vec<String>) {
    if !is_root() {
        return skip(test, "needs root to add a login and start a session as it");
    }
    if setpriv().is_none() {
        return skip(test, "another login cannot reach the test binary");
    }
    let name = format!("antqhup{tag}{}", std::process::id() % 100_000);
    let Some(_login) = Login::add(&name) else {
        return skip(test, "useradd failed");
    };
    let (dir, path) = fixture();
    let open = |p: &Path, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    open(dir.path(), 0o777);
    open(&path, 0o666);
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let argv = wrap(&name, &args(&p, &db));
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let mut tui = Tui::spawn_with(&argv, 80, 24, |home| open(home, 0o755));
    let start = Instant::now();
    loop {
        tui.pump(Duration::from_millis(50));
        let screen = tui.screen();
        if screen.contains("Huyện Quảng Ninh") {
            break;
        }
        // The wrapper itself refused (PAM, a missing shell): nothing of antq to test here.
        if matches!(tui.child.try_wait(), Ok(Some(_))) || start.elapsed() > WAIT {
            return skip(
                test,
                &format!("{} did not start antq: {}", argv[0], screen.trim()),
            );
        }
    }
    let pid = wait_antq(tui.pid());
    type_31(&mut tui);
    hang_up_and_check(&mut tui, pid, &path, tag);
    let history = crate::tui_common::store_at(&path)
        .audit_history(2019, "19165", None)
        .expect("history");
    assert_eq!(
        history.last().map(|r| r.os_user.as_str()),
        Some(name.as_str()),
        "committed as the login the session ran as"
    );
}

#[test]
fn a_session_through_runuser_commits_and_exits_when_the_terminal_goes() {
    let Some(runuser) = find_tool(&["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"])
    else {
        return skip(
            "a_session_through_runuser_commits_and_exits_when_the_terminal_goes",
            "runuser is not installed",
        );
    };
    hang_up_as_another_login(
        "a_session_through_runuser_commits_and_exits_when_the_terminal_goes",
        "r",
        |login, argv| {
            let mut v = vec![runuser.clone(), "-u".into(), login.into(), "--".into()];
            v.extend(argv.iter().map(|a| a.to_string()));
            v
        },
    );
}

#[test]
fn a_session_through_su_c_commits_and_exits_when_the_terminal_goes() {
    let Some(su) = find_tool(&["/usr/bin/su", "/bin/su"]) else {
        return skip(
            "a_session_through_su_c_commits_and_exits_when_the_terminal_goes",
            "su is not installed",
        );
    };
    hang_up_as_another_login(
        "a_session_through_su_c_commits_and_exits_when_the_terminal_goes",
        "s",
        |login, argv| {
            // The paths are the test's own temporary ones: quoting each word is enough.
            let command = argv
                .iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                su.clone(),
                login.into(),
                "-c".into(),
                format!("exec {command}"),
            ]
        },
    );
}
