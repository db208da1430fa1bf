//! The progress bar stays off a pipe, Ctrl-C stops a long import with nothing half-written, and the
//! completion scripts cover the command line.

use crate::common::{fingerprint_conn, Run, Sandbox};
use clap::CommandFactory;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous: the machine is shared; a wait ends as soon as its condition holds.
const WAIT: Duration = Duration::from_secs(60);

#[track_caller]
fn clean(run: &Run) {
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stdout.contains('\u{1b}'),
        "`{}` wrote escape bytes into a pipe:\n--- stdout\n{:?}\n--- stderr\n{:?}",
        run.what,
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stderr, "", "`{}` wrote to a piped stderr", run.what);
}

#[test]
fn a_pipe_sees_no_progress_and_no_escape_bytes() {
    let sb = Sandbox::new();
    let run = sb.antq(&["--lang", "en", "init", "--synthetic", "small"]);
    run.ok().stdout_has("Loaded synthetic data");
    clean(&run);
    let run = sb.antq(&["verify"]);
    run.ok();
    clean(&run);
    let out = sb.path("out");
    let out = out.to_str().expect("utf-8");
    sb.antq(&["export", "--year", "2018", "--out", out]).ok();
    let run = sb.antq(&["--lang", "en", "import", out]);
    run.ok().stdout_has("Imported 5 files");
    clean(&run);
    let other = sb.path("other.sqlite3");
    let run = sb.antq(&["--db", other.to_str().expect("utf-8"), "init", "--demo"]);
    run.ok();
    clean(&run);
    // Writing a package, a document, and importing packages: the same silence on a pipe.
    let other = other.to_str().expect("utf-8");
    let mut packages = Vec::new();
    for unit in ["450", "452"] {
        let file = sb.path(&format!("{unit}.json"));
        let file = file.to_str().expect("utf-8").to_string();
        let run = sb.antq(&[
            "--db", other, "package", "--year", "2018", "--unit", unit, "--out", &file,
        ]);
        run.ok();
        clean(&run);
        packages.push(file);
    }
    let doc = sb.path("report.docx");
    let run = sb.antq(&[
        "--db",
        other,
        "report",
        "--year",
        "2018",
        "--format",
        "docx",
        "--out",
        doc.to_str().expect("utf-8"),
    ]);
    run.ok();
    clean(&run);
    let province = sb.path("province.sqlite3");
    let province = province.to_str().expect("utf-8");
    sb.antq(&["--db", province, "init", "--demo"]).ok();
    let mut args = vec!["--db", province, "--lang", "en", "import"];
    args.extend(packages.iter().map(String::as_str));
    let run = sb.antq(&args);
    run.ok().stdout_has("Received 2 packages");
    clean(&run);
}

/// An awards.csv of `n` rows for the demo province (each its own award: a new decision number).
fn many_awards(sb: &Sandbox, n: usize) -> std::path::PathBuf {
    let mut text = String::from(
        "year,form,issuer,recipient_kind,recipient,locality_code,decision_no,decision_date,note\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "2018,certificate_of_merit,province_chairman,individual,Cá nhân số {i},450,{i}/QĐ-UBND,2018-12-20,\n"
        ));
    }
    sb.file("awards.csv", &text)
}

/// True while another connection holds the write lock: the import is inside its transaction.
fn import_is_writing(conn: &rusqlite::Connection) -> bool {
    match conn.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            conn.execute_batch("ROLLBACK").expect("rollback the probe");
            false
        }
        Err(_) => true,
    }
}

#[test]
fn ctrl_c_during_an_import_leaves_the_database_as_it_was_or_finished() {
    let sb = Sandbox::new().with_demo();
    let awards = many_awards(&sb, 20_000);
    let before = sb.fingerprint();
    // What a finished import leaves: the same import into a copy.
    let done = sb.path("done.sqlite3");
    std::fs::copy(sb.db(), &done).expect("copy");
    let done_s = done.to_str().expect("utf-8");
    sb.antq(&["--db", done_s, "import", awards.to_str().expect("utf-8")])
        .ok();
    let after = fingerprint_conn(&rusqlite::Connection::open(&done).expect("open the copy"));
    assert_ne!(before, after);

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_antq"));
    cmd.env_clear()
        .envs(sb.env())
        .current_dir(sb.dir.path())
        .args([
            "--db",
            sb.db().to_str().expect("utf-8"),
            "--lang",
            "en",
            "import",
        ])
        .arg(&awards)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn antq import");
    let probe = rusqlite::Connection::open(sb.db()).expect("probe connection");
    probe.busy_timeout(Duration::ZERO).expect("no wait");
    let start = Instant::now();
    // Ctrl-C once the import holds the write lock (or never, if it finished first).
    loop {
        if import_is_writing(&probe) {
            // SAFETY: our own child, not yet reaped (so its pid is not reused).
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
            break;
        }
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        assert!(start.elapsed() < WAIT, "the import never began writing");
        std::thread::sleep(Duration::from_millis(2));
    }
    drop(probe);
    let out = child.wait_with_output().expect("wait for antq");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let now = sb.fingerprint();
    match out.status.code() {
        Some(130) => {
            assert!(
                stderr.contains("Stopped on request (Ctrl-C): the database is exactly as before; nothing was written."),
                "{stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
            assert!(now == before, "interrupted, yet the database changed");
        }
        Some(0) => assert!(now == after, "finished, yet not all written"),
        other => panic!("antq import ended with {other:?}: {stderr}"),
    }
}

#[test]
fn completion_scripts_name_every_subcommand_and_the_values() {
    let sb = Sandbox::new();
    let subcommands: Vec<String> = antq::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(subcommands.contains(&"completions".to_string()));
    for shell in ["bash", "zsh", "fish"] {
        let run = sb.antq(&["completions", shell]);
        run.ok();
        for name in &subcommands {
            run.stdout_has(name);
        }
        for word in [
            "lang", "format", "markdown", "json", "unit", "locality", "vi", "en",
        ] {
            run.stdout_has(word);
        }
        // The unit codes are asked of antq itself.
        run.stdout_has("antq complete-units");
    }
    for lang in ["vi", "en"] {
        let zsh = sb.antq(&["--lang", lang, "completions", "zsh"]);
        let unit = zsh
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with("'--unit=["))
            .unwrap_or_else(|| panic!("no --unit in {lang}: {}", zsh.stdout));
        assert!(unit.ends_with(":_antq_codes' \\"), "{unit}");
        for option in ["--unit", "--district", "--locality"] {
            assert!(
                !zsh.stdout
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("'{option}="))
                        && l.contains(":_default'")),
                "{option} left without codes in {lang}"
            );
        }
    }
    // The descriptions in the help's language.
    sb.antq(&["completions", "zsh"]).stdout_has("Năm báo cáo");
    sb.antq(&["--lang", "en", "completions", "zsh"])
        .stdout_has("The report year");
    assert!(!sb.db().exists(), "printing a script opened a database");
}

#[test]
fn an_unknown_shell_is_refused_and_opens_nothing() {
    let sb = Sandbox::new();
    sb.antq(&["completions", "powershell"])
        .code(2)
        .stderr_has("giá trị: bash, zsh, fish");
    sb.antq(&["--lang", "en", "completions", "powershell"])
        .code(2)
        .stderr_has("possible values: bash, zsh, fish");
    assert!(!sb.db().exists());
}

#[test]
fn complete_units_lists_the_codes_of_the_year() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    let run = sb.antq(&["complete-units", "--year", "2018"]);
    run.ok().stdout_has("450\tThành phố Đồng Hới\n");
    // Without --year: the latest year with figures.
    sb.antq(&["complete-units"]).ok().stdout_has("44\t");
    assert_eq!(before, sb.fingerprint());
    // Tab on a machine without a database creates none.
    let none = sb.path("none.sqlite3");
    let run = sb.antq(&["--db", none.to_str().expect("utf-8"), "complete-units"]);
    assert_eq!(run.ok().stdout, "");
    assert!(!none.exists());
}
