//! The TUI alone, for the pty tests until the `antq` binary's command line opens it:
//! `antq_tui --db PATH [--year Y] [--district CODE] [--lang vi|en]`.

use antq::config::Config;
use antq::text::Lang;
use antq::tui::{run, TuiOptions};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut db = None;
    let mut year = None;
    let mut district = None;
    let mut lang = Lang::Vi;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--db", Some(v)) => db = Some(PathBuf::from(v)),
            ("--year", Some(v)) => year = v.parse().ok(),
            ("--district", Some(v)) => district = Some(v),
            ("--lang", Some(v)) => lang = Lang::parse(&v).unwrap_or(Lang::Vi),
            _ => {
                eprintln!("usage: antq_tui --db PATH [--year Y] [--district CODE] [--lang vi|en]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(db_path) = db else {
        eprintln!("usage: antq_tui --db PATH [--year Y] [--district CODE] [--lang vi|en]");
        return ExitCode::from(2);
    };
    let options = TuiOptions {
        db_path,
        config: Config::builtin(),
        lang,
        year,
        district,
    };
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(e.exit_code())
        }
    }
}
