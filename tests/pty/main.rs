//! The real program in a pseudo-terminal: keys in as bytes, the screen read back through a VT100
//! parser (never the raw byte stream). Every wait is bounded; no assertion depends on speed.

#[path = "../tui_common/mod.rs"]
mod tui_common;

// For `fingerprint` (nothing written); its `reform` is also `tui_common::reform`, a second copy
// of one fixture that nothing here compares across the two.
#[allow(clippy::duplicate_mod)]
#[path = "../common/mod.rs"]
mod common;

mod hangup;
mod kill;
mod notes;
mod progress;
mod sessions;

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tui_common::{loaded_store, store_at, QUANG_NINH};

/// Generous: the machine is shared; a wait ends as soon as the screen is right.
const WAIT: Duration = Duration::from_secs(15);

/// The program under test: the real binary, whose command line opens the TUI when no subcommand
/// is given.
fn program() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_antq"))
}

/// The program's whole environment: nothing of this machine's or this user's setup reaches it. The
/// environment is cleared, then `HOME` and `XDG_CONFIG_HOME`/`XDG_DATA_HOME`/`XDG_CACHE_HOME`/
/// `XDG_STATE_HOME` point into an empty temporary folder (no user configuration: one that sets
/// `language = "en"` would stop every wait below), `ANTQ_SYSTEM_CONFIG` is empty (no
/// `/etc/antq/config.toml`), `LANG`/`LC_ALL` are `C.UTF-8`, `TERM=xterm-256color`, `NO_COLOR=1`
/// (the screens are read as text) and `RUST_BACKTRACE=0`; `ANTQ_DB` and `ANTQ_CONFIG` are unset.
fn isolate(cmd: &mut CommandBuilder, home: &Path) {
    cmd.env_clear();
    for (key, dir) in [
        ("HOME", ""),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ] {
        cmd.env(key, home.join(dir));
    }
    cmd.env("ANTQ_SYSTEM_CONFIG", "");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("LC_ALL", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd.env("RUST_BACKTRACE", "0");
}

struct Tui {
    /// The program's HOME, removed with the Tui.
    _home: tempfile::TempDir,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<Box<dyn Read + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    parser: vt100::Parser,
}

impl Tui {
    fn spawn(argv: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_with(argv, cols, rows, |_| {})
    }

    /// [`Tui::spawn`], with `prepare` given the program's HOME before the start (to open it to
    /// another login, say).
    fn spawn_with(argv: &[&str], cols: u16, rows: u16, prepare: impl FnOnce(&Path)) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let home = tempfile::tempdir().expect("home");
        prepare(home.path());
        let mut cmd = CommandBuilder::new(argv[0]);
        cmd.args(&argv[1..]);
        isolate(&mut cmd, home.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("reader");
        // Not `take_writer`: its drop types "\n" and Ctrl-D into the terminal, which a hang-up never
        // does. A plain duplicate of the master descriptor closes silently.
        let fd = pair.master.as_raw_fd().expect("master fd");
        // SAFETY: dup of a valid descriptor; the File owns (and closes) the duplicate.
        let writer: Box<dyn Write + Send> = Box::new(unsafe {
            <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(libc::dup(fd))
        });
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
        Tui {
            _home: home,
            child,
            master: Some(pair.master),
            reader: Some(reader),
            writer: Some(writer),
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
        }
    }

    /// Reads what is available without blocking (poll on the master first).
    fn pump(&mut self, wait: Duration) {
        let (Some(master), Some(reader)) = (&self.master, &mut self.reader) else {
            return;
        };
        let Some(fd) = master.as_raw_fd() else {
            return;
        };
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut pfd, 1, wait.as_millis() as i32) };
        if ready > 0 && pfd.revents & libc::POLLIN != 0 {
            let mut buf = [0u8; 65536];
            if let Ok(n) = reader.read(&mut buf) {
                self.parser.process(&buf[..n]);
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(50));
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("waited for {what}; the screen is:\n{screen}");
            }
        }
    }

    fn wait_text(&mut self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn send(&mut self, bytes: &str) {
        let w = self.writer.as_mut().expect("writer");
        w.write_all(bytes.as_bytes()).expect("write");
        w.flush().expect("flush");
    }

    /// Types one key at a time, letting the screen settle between keys.
    fn type_keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(k);
            self.pump(Duration::from_millis(30));
        }
    }

    /// Waits for the program to end (None: it did not within `WAIT`, and was killed). While the
    /// terminal is open, waiting is `pump`'s poll; after a hang-up there is nothing to poll, so the
    /// wait sleeps, doubling up to 50 ms, rather than spin on a CPU the program needs to finish.
    fn wait_exit(&mut self) -> (Duration, Option<portable_pty::ExitStatus>) {
        let start = Instant::now();
        let mut nap = Duration::from_millis(1);
        loop {
            if self.master.is_some() {
                self.pump(Duration::from_millis(10));
            } else {
                std::thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(50));
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return (start.elapsed(), Some(status));
            }
            if start.elapsed() > WAIT {
                let _ = self.child.kill();
                return (start.elapsed(), None);
            }
        }
    }

    /// Presses `q` and expects the program to end, successfully.
    #[track_caller]
    fn quit(&mut self) {
        self.type_keys(&["q"]);
        let (elapsed, status) = self.wait_exit();
        assert!(
            status.as_ref().is_some_and(|s| s.success()),
            "q should quit cleanly; after {elapsed:?}: {status:?}\n{}",
            self.screen()
        );
    }

    /// An SSH drop: every master descriptor closed, the reader's clone included.
    fn hang_up(&mut self) {
        self.reader = None;
        self.writer = None;
        self.master = None;
    }

    fn pid(&self) -> i32 {
        self.child.process_id().expect("pid") as i32
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("antq.sqlite3");
    drop(loaded_store(&path));
    (dir, path)
}

fn stored_total(path: &Path, code: &str) -> Option<u32> {
    let data = store_at(path).year_data(2019).expect("year");
    data.assessments
        .iter()
        .find(|a| a.locality_code == code)
        .and_then(|a| a.residential_areas_total)
}

fn stored_recognized(path: &Path, code: &str) -> Option<u32> {
    let data = store_at(path).year_data(2019).expect("year");
    data.assessments
        .iter()
        .find(|a| a.locality_code == code)
        .and_then(|a| a.residential_areas_recognized)
}

/// The panel's residential-area line ("KDC  …").
fn gauge_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with("KDC "))
        .unwrap_or("")
        .to_string()
}

fn args<'a>(program: &'a str, db: &'a str) -> Vec<&'a str> {
    vec![
        program,
        "--db",
        db,
        "--year",
        "2019",
        "--district",
        QUANG_NINH,
    ]
}

#[test]
fn type_figures_watch_the_panel_quit_reopen_still_there() {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_for("the district gauge", |s| gauge_line(s).contains("38/48"));
    // Quán Hàu, residential areas recognised: type 14 (was 13) and see the district gauge move
    // before Enter.
    tui.type_keys(&["\x1b[C", "1", "4"]);
    // A frame may reach the parser in more than one read: wait for all of it (the cell line and the
    // gauge), which must come before Enter.
    tui.wait_for("typing 14, the gauge moved", |s| {
        s.contains("→ 14") && s.contains("[đang gõ]") && gauge_line(s).contains("39/48")
    });
    assert_eq!(
        stored_recognized(&path, "19165"),
        Some(13),
        "not stored before Enter"
    );
    tui.type_keys(&["\r"]);
    tui.wait_text("đã lưu");
    // Quảng Phú's recognised areas, then Hải Ninh's, heads-down.
    tui.type_keys(&["2", "0", "\r", "8", "\r"]);
    tui.wait_for("two more saves", |s| {
        s.contains("Xã Hải Ninh") && gauge_line(s).contains("42/48")
    });
    tui.type_keys(&["q"]);
    let (_, status) = tui.wait_exit();
    assert!(status.is_some_and(|s| s.success()), "q quits cleanly");
    drop(tui);

    let mut again = Tui::spawn(&args(&p, &db), 80, 24);
    again.wait_for("the saved figures", |s| gauge_line(s).contains("42/48"));
    assert_eq!(stored_recognized(&path, "19165"), Some(14));
    assert_eq!(stored_recognized(&path, "19168"), Some(20));
    assert_eq!(stored_recognized(&path, "19171"), Some(8));
    again.quit();
}

fn hang_up_mid_edit(ignore_sighup_in_parent: bool) {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut argv = args(&p, &db);
    if ignore_sighup_in_parent {
        // The parent ignores SIGHUP (as nohup does); the ignored disposition survives exec.
        let mut wrapped = vec!["/bin/sh", "-c", "trap '' HUP; exec \"$0\" \"$@\""];
        wrapped.extend(argv);
        argv = wrapped;
    }
    let mut tui = Tui::spawn(&argv, 80, 24);
    tui.wait_text("Huyện Quảng Ninh");
    tui.type_keys(&["3", "1"]);
    tui.wait_for("typing 31", |s| {
        s.contains("→ 31") && s.contains("[đang gõ]")
    });
    tui.hang_up();
    let (elapsed, status) = tui.wait_exit();
    assert!(status.is_some(), "the process ended after the hang-up");
    eprintln!("exited {elapsed:?} after the hang-up: {status:?}");
    assert_eq!(
        stored_total(&path, "19165"),
        Some(31),
        "the value being typed was committed"
    );
}

#[test]
fn hang_up_mid_edit_commits_and_exits() {
    hang_up_mid_edit(false);
}

#[test]
fn hang_up_with_sighup_ignored_by_the_parent_still_exits() {
    hang_up_mid_edit(true);
}

#[test]
fn sigterm_mid_edit_commits_and_exits() {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_text("Huyện Quảng Ninh");
    tui.type_keys(&["2", "2"]);
    tui.wait_for("typing 22", |s| {
        s.contains("→ 22") && s.contains("[đang gõ]")
    });
    // SAFETY: signalling our own child by its pid.
    unsafe { libc::kill(tui.pid(), libc::SIGTERM) };
    let (elapsed, status) = tui.wait_exit();
    assert!(status.is_some(), "the process ended after SIGTERM");
    eprintln!("exited {elapsed:?} after SIGTERM");
    assert_eq!(stored_total(&path, "19165"), Some(22));
}

#[test]
fn a_tiny_terminal_shows_the_notice() {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 40, 10);
    tui.wait_for("the notice with the size it needs", |s| {
        s.contains("quá nhỏ") && s.contains("80×20")
    });
    // Growing the terminal brings the form back.
    if let Some(m) = &tui.master {
        m.resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    }
    let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
    tui.parser.screen_mut().set_size(nz(24), nz(80));
    tui.wait_text("Huyện Quảng Ninh");
    tui.type_keys(&["\x03"]);
    let (_, status) = tui.wait_exit();
    assert!(status.is_some_and(|s| s.success()), "Ctrl-C quits like q");
}

/// The real binary on the fixture, on F4 with a new limitation's text field in focus.
fn limitation_text_field(path: &Path) -> Tui {
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_for("the district gauge", |s| gauge_line(s).contains("38/48"));
    tui.type_keys(&["\x1bOS"]);
    tui.wait_text("Hạn chế năm 2019");
    tui.type_keys(&["n", "\t"]);
    tui.wait_text("Enter: xuống dòng");
    tui
}

#[test]
fn a_multi_line_limitation_is_typed_and_saved_with_ctrl_s_in_a_real_terminal() {
    let (_dir, path) = fixture();
    // Two lines (Enter is a line break there), then Ctrl-S (0x13: the terminal's flow control must
    // not swallow it).
    let mut tui = limitation_text_field(&path);
    tui.type_keys(&["a", "\r", "b"]);
    tui.wait_for("two lines in the form", |s| {
        s.contains("│›Hạn chế    a ") && s.contains("│            b ")
    });
    tui.type_keys(&["\x13"]);
    tui.wait_text("đã lưu");
    let data = store_at(&path).year_data(2019).expect("year");
    assert!(
        data.limitations.iter().any(|l| l.text == "a\nb"),
        "{:?}",
        data.limitations
    );
    tui.quit();
}

#[test]
fn a_bracketed_paste_keeps_its_line_breaks_and_does_not_save_the_form() {
    let (_dir, path) = fixture();
    let mut tui = limitation_text_field(&path);
    assert!(
        tui.parser.screen().bracketed_paste(),
        "the application asked the terminal for bracketed paste"
    );
    // What a terminal sends for a pasted paragraph: the text between ESC[200~ and ESC[201~, its
    // line breaks as CR. Without bracketed paste the CR would arrive as Enter keys.
    tui.send("\x1b[200~Dòng một\rDòng hai\x1b[201~");
    tui.wait_text("Dòng hai");
    assert!(
        store_at(&path)
            .year_data(2019)
            .expect("year")
            .limitations
            .iter()
            .all(|l| !l.text.starts_with("Dòng")),
        "nothing saved by the paste itself"
    );
    tui.type_keys(&["\x13"]);
    tui.wait_text("đã lưu");
    let data = store_at(&path).year_data(2019).expect("year");
    assert!(
        data.limitations
            .iter()
            .any(|l| l.text == "Dòng một\nDòng hai"),
        "{:?}",
        data.limitations
    );
    tui.quit();
}

/// A two-row block copied from a spreadsheet and pasted with the terminal's bracketed paste (its
/// line breaks as CR, cells separated by tabs) lands cell by cell from the focused cell, in one
/// transaction; the live gauge follows.
#[test]
fn a_bracketed_paste_of_a_two_row_block_lands_cell_by_cell() {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_for("the district gauge", |s| gauge_line(s).contains("38/48"));
    // Down to Quảng Phú's total, then the block: Quảng Phú 30/20, Hải Ninh 12/10.
    tui.type_keys(&["\x1b[B"]);
    tui.send("\x1b[200~30\t20\r12\t10\r\x1b[201~");
    let pasted = tui.wait_text("đã dán 4 ô");
    // 14 + 30 + 12 areas, 13 + 20 + 10 recognised.
    assert!(gauge_line(&pasted).contains("43/56"), "{pasted}");
    assert_eq!(stored_total(&path, "19168"), Some(30));
    assert_eq!(stored_recognized(&path, "19168"), Some(20));
    assert_eq!(stored_total(&path, "19171"), Some(12));
    assert_eq!(stored_recognized(&path, "19171"), Some(10));
    assert_eq!(
        stored_total(&path, "19165"),
        Some(14),
        "the row above untouched"
    );
    assert!(
        pasted.contains("›Xã Quảng Phú"),
        "the cursor stays where the paste began:\n{pasted}"
    );
    tui.quit();
}

/// A paste of 20,000 characters (the most a form's text field takes in one paste) lands whole
/// and is saved whole. How long the screen took to show its end is printed, not asserted.
#[test]
fn a_paste_of_twenty_thousand_characters_lands_whole_and_is_saved() {
    let (_dir, path) = fixture();
    let mut tui = limitation_text_field(&path);
    let tail = "\nHết đoạn dán.";
    let body: String = "Một dòng hạn chế khá dài được dán vào ô văn bản.\n"
        .repeat(500)
        .chars()
        .take(20_000 - tail.chars().count())
        .collect();
    let text = format!("{body}{tail}");
    assert_eq!(text.chars().count(), 20_000);
    // A terminal sends the line breaks of a paste as CR. The bytes go from a thread of their own:
    // the pty's buffer is small, and the program reads the paste while we write it.
    let bytes = format!("\x1b[200~{}\x1b[201~", text.replace('\n', "\r"));
    let mut writer = tui.writer.take().expect("writer");
    let start = Instant::now();
    let sending = std::thread::spawn(move || {
        writer.write_all(bytes.as_bytes()).expect("write the paste");
        writer.flush().expect("flush");
        writer
    });
    while !sending.is_finished() {
        tui.pump(Duration::from_millis(10));
    }
    let sent = start.elapsed();
    tui.writer = Some(sending.join().expect("the writing thread"));
    tui.wait_text("Hết đoạn dán.");
    let shown = start.elapsed();
    eprintln!(
        "paste of {} characters ({} bytes): sent in {sent:?}, its end on screen {:?} after the last byte",
        text.chars().count(),
        text.len(),
        shown.saturating_sub(sent)
    );
    tui.type_keys(&["\x13"]);
    tui.wait_text("đã lưu");
    let data = store_at(&path).year_data(2019).expect("year");
    let saved = data
        .limitations
        .iter()
        .find(|l| l.text.starts_with("Một dòng hạn chế"))
        .expect("the pasted limitation saved");
    assert_eq!(saved.text.chars().count(), 20_000);
    assert_eq!(saved.text, text, "the paste saved whole");
    tui.quit();
}

/// Esc and then, within one read, an arrow ("ESC ESC [ D"; PuTTY's Alt+arrow sends the same) reach
/// crossterm as Esc then the characters "[" and "D": "[" would switch the year. They must be read
/// as Esc and the arrow, in every form the terminal sends an arrow in.
#[test]
fn esc_then_an_arrow_in_one_read_moves_the_cursor_and_keeps_the_year() {
    let (_dir, path) = fixture();
    let program = program();
    let (p, db) = (program.to_string_lossy(), path.to_string_lossy());
    let mut tui = Tui::spawn(&args(&p, &db), 80, 24);
    tui.wait_for("the district gauge", |s| gauge_line(s).contains("38/48"));
    // Each sequence in one write: Esc+→ (CSI), Esc+← (SS3), Esc+Ctrl-→ (with parameters).
    for (seq, field) in [
        ("\x1b\x1b[C", "KDC đạt"),
        ("\x1b\x1bOD", "KDC tổng"),
        ("\x1b\x1b[1;5C", "KDC đạt"),
    ] {
        tui.send(seq);
        let s = tui.wait_for(field, |s| s.contains(&format!("Quán Hàu · {field}")));
        assert!(s.contains("◂ Năm 2019 ▸"), "{seq:?} kept the year:\n{s}");
    }
    // A year key on its own still switches the year.
    tui.type_keys(&["]"]);
    tui.wait_text("◂ Năm 2020 ▸");
    assert_eq!(stored_total(&path, "19165"), Some(14), "nothing typed");
    tui.quit();
}
