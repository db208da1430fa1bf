//! The command line: parse arguments, pick a command, print, exit code. Thin: the work is in services.

mod completion;
mod help;
mod interrupt;
mod manual;
mod progress;

use crate::config::{Config, ConfigSources};
use crate::domain::workflow::{Role, User};
use crate::error::{Error, Result};
use crate::progress::{Progress, Stage};
use crate::services;
use crate::store::{Access, Source, Store};
use crate::text::{escape_controls, Lang};
use clap::{Parser, Subcommand, ValueEnum};
use interrupt::Interrupt;
use progress::Bar;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "antq",
    version,
    about = "Số liệu phong trào Toàn dân bảo vệ an ninh Tổ quốc — nhập, kiểm tra chỉ tiêu, báo cáo.\nAnnual figures of the “all people protect national security” movement: entry, target checks, reports.",
    long_about = None
)]
pub struct Cli {
    /// The database file (default: the platform data folder, …/antq/antq.sqlite3).
    #[arg(long, global = true, env = "ANTQ_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A configuration file laid over the defaults (see docs/config.md).
    #[arg(long, global = true, env = "ANTQ_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of messages and reports: vi (default) or en.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// TUI: open at this report year.
    #[arg(long, value_parser = report_year())]
    pub year: Option<i32>,
    /// TUI: open on this district (code).
    #[arg(long, value_name = "CODE")]
    pub district: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Vi,
    En,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Markdown,
    Json,
    /// A Word document to sign (Nghị định 30/2020/NĐ-CP layout); needs --out.
    Docx,
    /// The figures as a spreadsheet; needs --out.
    Xlsx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleArg {
    Clerk,
    Province,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create or migrate the database; --demo loads the demo (Quảng Bình 2016–2020 and the new Quảng Trị 2025, illustrative).
    Init {
        /// Load the demo: Quảng Bình 2016–2020 and Quảng Trị 2025, real names, illustrative figures.
        #[arg(long)]
        demo: bool,
        /// With --demo: load even into a database that already holds data.
        #[arg(long, requires = "demo")]
        force: bool,
        /// Fill the database with a synthetic data set for measurements: "national" (≈10,000
        /// communes under 700 districts, 30 years, 100,000 awards) or "small"; "national-2025" and
        /// "small-2025" add the two-level reform of 2025-07-01 (national: 3,321 communes directly
        /// under the root from report year 2025, each naming its predecessors).
        #[arg(long, value_name = "SIZE", conflicts_with = "demo")]
        synthetic: Option<String>,
    },
    /// Import CSV files, folders of them or a JSON exchange package — all or nothing.
    Import {
        /// CSV files, folders holding them, or JSON exchange packages (several: one transaction).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write a year's data in the formats import reads.
    Export {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// csv: the four CSV files; json: the whole exchange package.
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// A folder (created) for the four CSV files, or - for standard output
        /// (csv: assessments.csv only; json: the whole exchange package).
        #[arg(long, value_name = "DIR|-")]
        out: Option<String>,
    },
    /// The annual summary in the province's words.
    Report {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// The unit reported on (default: the province).
        #[arg(long, value_name = "CODE")]
        locality: Option<String>,
        /// text, markdown, json; docx (a Word document to sign) and xlsx (the figures as a
        /// spreadsheet) need --out.
        #[arg(long, value_enum, default_value = "text", hide_possible_values = true)]
        format: ReportFormat,
        /// Write the report to FILE (replaced if it exists) instead of standard output; docx and
        /// xlsx need it (- = standard output, refused on a terminal).
        #[arg(long, value_name = "FILE|-")]
        out: Option<PathBuf>,
    },
    /// Run every rule; exit 0 = no errors (warnings allowed), 1 = errors found.
    Check {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// Only the findings of this unit (a commune, a district with its communes).
        #[arg(long, value_name = "CODE")]
        locality: Option<String>,
        /// text: one finding a line; json: the findings and their counts.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Recompute the audit hash chain and SQLite's integrity check.
    Verify,
    /// A consistent copy of the database while clerks keep working (SQLite's online backup); check it
    /// with `antq --db FILE verify`.
    Backup {
        /// The copy to write (refused if it exists).
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
    /// Each reporting unit's workflow state for the year (the districts, or the communes of a
    /// province without districts).
    Status {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
    },
    /// Hand a reporting unit's year in (refused while a unit is not fully entered or check finds
    /// errors).
    Submit {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// A reporting unit of the year: a district, or a commune where the year has no district
        /// (--district is the same option).
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: String,
    },
    /// Take a submitted unit-year back to draft to correct it (its clerk or a province user; only
    /// while the province has not approved it).
    Recall {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// A reporting unit of the year: a district, or a commune where the year has no district
        /// (--district is the same option).
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: String,
    },
    /// Province: approve a submitted unit-year (it becomes read-only).
    Approve {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// A reporting unit of the year: a district, or a commune where the year has no district
        /// (--district is the same option).
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: String,
    },
    /// Province: reopen an approved or submitted unit-year, with a reason.
    Reopen {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// A reporting unit of the year: a district, or a commune where the year has no district
        /// (--district is the same option).
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: String,
        /// Why it is reopened: kept in the audit trail and sent to the unit with the answer.
        #[arg(long)]
        reason: String,
    },
    /// Seal a reporting unit's year for the province (or, with --answer at the province, its answer
    /// for the unit); `antq import FILE` at the other server takes it.
    Package {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// A reporting unit of the year: a district, or a commune where the year has no district
        /// (--district is the same option).
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: String,
        /// The file to write (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// At the province: its answer (approved, or reopened with the reason) and the chain head it
        /// holds from the unit's server.
        #[arg(long)]
        answer: bool,
        /// With --answer: add the year's targets for the unit.
        #[arg(long, requires = "answer")]
        targets: bool,
    },
    /// The audit trail of a locality in a year.
    History {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// The unit (its code).
        #[arg(long, value_name = "CODE")]
        locality: String,
        /// Only this field (a column of assessments.csv, e.g. residential_areas_total), with the
        /// changes of its note and flag.
        #[arg(long, value_name = "FIELD")]
        field: Option<String>,
    },
    /// The notes on values of a year, one per line: code, unit, field, follow-up (yes/no), note;
    /// --flagged lists only the cells flagged for follow-up.
    Notes {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// Only the notes of this unit.
        #[arg(long, value_name = "CODE")]
        locality: Option<String>,
        /// Only the cells flagged for follow-up.
        #[arg(long)]
        flagged: bool,
    },
    /// Who may do what (NAME is the operating-system login).
    #[command(subcommand)]
    User(UserCommand),
    /// The province's targets, kept in the database: list them, or (province users) import a
    /// file of [[target]] entries.
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// Print the shell completion script for bash, zsh or fish (README: how to install it).
    Completions {
        /// The shell: bash, zsh or fish.
        #[arg(value_enum, hide_possible_values = true)]
        shell: completion::Shell,
    },
    /// Write the manual pages (antq.1, antq-COMMAND.1) into a folder, in the language of --lang:
    /// for packaging.
    #[command(hide = true)]
    Manual {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// The codes and names of the units valid in a report year (default: the latest with
    /// figures), one per line, tab-separated: what the completion scripts offer after --unit,
    /// --district and --locality.
    #[command(hide = true)]
    CompleteUnits {
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Register a login (province users; the first registered must be a province user).
    Add {
        /// The operating-system login.
        name: String,
        /// clerk: types the figures of one reporting unit; province: everything.
        #[arg(long, value_enum, hide_possible_values = true)]
        role: RoleArg,
        /// A clerk's reporting unit: a district, or a commune (of a year without districts);
        /// --district is the same option.
        #[arg(long = "unit", alias = "district", value_name = "CODE")]
        district: Option<String>,
    },
    /// The registered logins, their roles and units.
    List,
    /// Take a login's rights away (province users).
    Remove {
        /// The operating-system login.
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TargetsCommand {
    /// Province users: the [[target]] entries of FILE (the format of config/targets.toml) replace
    /// the stored targets of each (year, category, locality) they name — all or nothing.
    Import {
        /// A TOML file of [[target]] entries.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// The targets of a report year: year, category, locality (- = province-wide), share.
    List {
        /// The report year.
        #[arg(long, value_parser = report_year())]
        year: i32,
        /// text: tab-separated lines; json: a list.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
}

/// A reporting unit as a sentence names it: "Xã Vĩnh Linh (19363)", or its code alone when the
/// year does not know it.
fn unit_words(store: &Store, year: i32, code: &str) -> String {
    store
        .localities_in_year(year)
        .ok()
        .and_then(|all| all.into_iter().find(|l| l.code == code))
        .map_or_else(|| code.to_string(), |l| format!("{} ({code})", l.name))
}

/// The default database: the platform data folder.
pub fn default_db_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "antq")
        .map(|d| d.data_dir().join("antq.sqlite3"))
        .ok_or_else(|| {
            Error::env(
                "không tìm thấy thư mục dữ liệu của người dùng; hãy chỉ định --db",
                "cannot find the user's data folder; give --db",
            )
        })
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    install_quiet_panic_hook();
    // Before anything is opened: the files a user names are opened with the login's own group.
    if let Err(e) = crate::privilege::start() {
        eprintln!("antq: {}", e.render(Lang::default()));
        return ExitCode::from(e.exit_code());
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match help::parse(&args, help::lang_of(&args)) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let explicit_lang = cli.lang.map(|l| match l {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    });
    let config = match Config::load(&ConfigSources::standard(cli.config.clone())) {
        Ok(c) => c,
        Err(e) => {
            let lang = explicit_lang.unwrap_or_default();
            let prefix = match lang {
                Lang::Vi => "cấu hình sai",
                Lang::En => "invalid configuration",
            };
            eprintln!("antq: {prefix}: {}", e.localized(lang));
            return ExitCode::from(2);
        }
    };
    let lang = explicit_lang.unwrap_or(config.general.language);
    match run(cli, config, lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A message may quote stored text (a name, a finding), which may predate the refusal
            // of control characters.
            let text = e.render(lang);
            let text = escape_controls(&text);
            match &e {
                Error::Lines(_) => eprintln!("{text}"),
                _ => eprintln!("antq: {text}"),
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// A panic in the command line prints one sentence, not a backtrace (the TUI installs its own hook that
/// restores the terminal first).
fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("antq: lỗi nội bộ / internal error: {what}{place} — xin báo cho người phát triển / please report it");
    }));
}

fn open(cli_db: &Option<PathBuf>, access: Access) -> Result<Store> {
    let path = match cli_db {
        Some(p) => p.clone(),
        None => default_db_path()?,
    };
    Store::open_with(&path, access)
}

/// Report years the command line accepts: the configuration's plausible range, so that a typo (or
/// `-2147483648`) is a usage error instead of an empty year.
fn report_year() -> clap::builder::RangedI64ValueParser<i32> {
    clap::value_parser!(i32).range(1990..=2100)
}

/// `antq report`: the summary in the format asked, to standard output or `--out FILE`. The whole
/// output is made before anything is written, so a refusal or a failure leaves no file behind.
fn report(
    db: &Option<PathBuf>,
    config: &Config,
    lang: Lang,
    year: i32,
    locality: Option<String>,
    format: ReportFormat,
    out: Option<PathBuf>,
) -> Result<u8> {
    use std::io::IsTerminal;
    let document = match format {
        ReportFormat::Docx => Some(crate::documents::Format::Docx),
        ReportFormat::Xlsx => Some(crate::documents::Format::Xlsx),
        _ => None,
    };
    let to_stdout = out.as_deref().is_none_or(|p| p == Path::new("-"));
    if let Some(kind) = document.filter(|_| to_stdout) {
        let name = if kind == crate::documents::Format::Docx {
            "docx"
        } else {
            "xlsx"
        };
        // A binary file on a terminal is noise; on a pipe (`--out - | …`) it is wanted.
        if out.is_none() || std::io::stdout().is_terminal() {
            return Err(Error::env(
                format!("--format {name} ghi ra một tệp: hãy thêm --out TỆP (ví dụ --out bao-cao-{year}.{name})"),
                format!("--format {name} writes a file: add --out FILE (e.g. --out report-{year}.{name})"),
            ));
        }
    }
    if let Some(path) = out.as_deref().filter(|p| *p != Path::new("-")) {
        not_the_database(db, path)?;
    }
    let store = open(db, Access::Read)?;
    // Reading only: Ctrl-C keeps its default and simply ends the process.
    let bar = Bar::new(lang, None);
    bar.begin(Stage::ReadYear, None);
    let data = store.year_data(year)?;
    let summary = services::report::summarize(&data, config, locality.as_deref())?;
    bar.begin(Stage::BuildDocument, None);
    let bytes = match format {
        ReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&summary)
                .map_err(|e| Error::env(format!("lỗi JSON: {e}"), format!("JSON error: {e}")))?;
            text.push('\n');
            text.into_bytes()
        }
        ReportFormat::Text | ReportFormat::Markdown => {
            let style = if format == ReportFormat::Text {
                services::report::Style::Text
            } else {
                services::report::Style::Markdown
            };
            let text = services::report::render(&summary, &data, config, lang, style);
            escape_controls(&text).into_owned().into_bytes()
        }
        ReportFormat::Docx | ReportFormat::Xlsx => {
            let kind = if format == ReportFormat::Docx {
                crate::documents::Format::Docx
            } else {
                crate::documents::Format::Xlsx
            };
            crate::documents::Document::new(&summary, &data, config, lang).build(kind)?
        }
    };
    bar.clear();
    match out.filter(|p| p != Path::new("-")) {
        Some(path) => write_report_file(&path, &bytes)?,
        // A closed pipe (antq report | head) is not an error worth a message.
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
    }
    Ok(0)
}

/// Writes a finished report to `path`, replacing the file; a write that fails removes what it
/// began, so a report is either whole or absent.
fn write_report_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::env(
            format!("không ghi được {}: {e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut file = std::fs::File::create(path).map_err(failed)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(failed(e));
    }
    Ok(())
}

/// Refuses an output file that is the database itself or one of SQLite's files beside it (`-wal`,
/// `-shm`, `-journal`): writing there would destroy the data. Paths are compared canonicalised (a
/// file not yet there by its folder's canonical path), so `./x`, a symlink or `../dir/x` are caught.
fn not_the_database(db: &Option<PathBuf>, out: &Path) -> Result<()> {
    let db_path = match db {
        Some(p) => p.clone(),
        None => default_db_path()?,
    };
    let canonical = |p: &Path| -> PathBuf {
        if let Ok(c) = std::fs::canonicalize(p) {
            return c;
        }
        let folder = match p.parent() {
            Some(f) if !f.as_os_str().is_empty() => f,
            _ => Path::new("."),
        };
        match (std::fs::canonicalize(folder), p.file_name()) {
            (Ok(f), Some(name)) => f.join(name),
            _ => p.to_path_buf(),
        }
    };
    let db = canonical(&db_path);
    let out_c = canonical(out);
    let beside = ["", "-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    });
    if beside.contains(&out_c) {
        return Err(Error::env(
            format!(
                "--out {} là chính cơ sở dữ liệu {} (hoặc tệp -wal/-shm của nó): không ghi gì cả, hãy chọn tệp khác",
                out.display(),
                db_path.display()
            ),
            format!(
                "--out {} is the database {} itself (or its -wal/-shm file): nothing is written; choose another file",
                out.display(),
                db_path.display()
            ),
        ));
    }
    Ok(())
}

fn out_line(s: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (antq report | head) is not an error worth a message.
    let _ = writeln!(stdout, "{s}");
    Ok(())
}

fn say(lang: Lang, vi: &str, en: &str) -> Result<()> {
    out_line(match lang {
        Lang::Vi => vi,
        Lang::En => en,
    })
}

fn run(mut cli: Cli, config: Config, lang: Lang) -> Result<u8> {
    // --db and ANTQ_DB (clap reads both into `cli.db`) come before the configuration's database.
    if cli.db.is_none() {
        cli.db = config.general.database.clone();
    }
    let Some(command) = cli.command else {
        let db_path = match &cli.db {
            Some(p) => p.clone(),
            None => default_db_path()?,
        };
        crate::tui::run(crate::tui::TuiOptions {
            db_path,
            config,
            lang,
            year: cli.year,
            district: cli.district,
        })?;
        return Ok(0);
    };
    let config = targets_in_force(&command, &cli.db, config)?;
    match command {
        Command::Init {
            demo,
            force,
            synthetic,
        } => {
            let interrupt = Interrupt::watch();
            let bar = Bar::new(lang, Some(interrupt.clone()));
            let done = init(&cli.db, demo, force, synthetic, lang, &bar, &interrupt);
            stopped_or(done, &interrupt, &bar, lang)
        }
        Command::Import { files } => {
            let interrupt = Interrupt::watch();
            let bar = Bar::new(lang, Some(interrupt.clone()));
            let done = import(&cli.db, &config, &files, lang, &bar);
            stopped_or(done, &interrupt, &bar, lang)
        }
        Command::Completions { shell } => {
            let _ = std::io::stdout()
                .lock()
                .write_all(completion::script(shell, lang).as_bytes());
            Ok(0)
        }
        Command::Manual { out } => {
            for page in manual::write_pages(&out, lang)? {
                out_line(&page.display().to_string())?;
            }
            Ok(0)
        }
        Command::CompleteUnits { year } => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => default_db_path()?,
            };
            // A Tab press must never create a database.
            if !path.exists() {
                return Ok(0);
            }
            let store = Store::open_with(&path, Access::Read)?;
            let year = match year {
                Some(y) => y,
                None => match store.latest_year()? {
                    Some(y) => y,
                    None => return Ok(0),
                },
            };
            for l in store.localities_in_year(year)? {
                out_line(&format!("{}\t{}", l.code, l.name))?;
            }
            Ok(0)
        }

        Command::Export { year, format, out } => {
            if let Some(dir) = out.as_deref().filter(|d| *d != "-") {
                not_the_database(&cli.db, Path::new(dir))?;
            }
            let store = open(&cli.db, Access::Read)?;
            services::ensure_year_recorded(&store, year, ("xuất", "export"))?;
            match (format, out.as_deref()) {
                (ExportFormat::Csv, Some(dir)) if dir != "-" => {
                    let written = services::export::export_csv_dir(&store, year, Path::new(dir))?;
                    for p in written {
                        out_line(&p.display().to_string())?;
                    }
                }
                (ExportFormat::Csv, _) => {
                    services::export::write_assessments_csv(
                        &store,
                        year,
                        std::io::stdout().lock(),
                    )?;
                }
                (ExportFormat::Json, Some(dir)) if dir != "-" => {
                    let path =
                        services::export::export_package_to_dir(&store, year, Path::new(dir))?;
                    out_line(&path.display().to_string())?;
                }
                (ExportFormat::Json, _) => {
                    out_line(&services::export::package_text(&store, year)?)?;
                }
            }
            Ok(0)
        }
        Command::Report {
            year,
            locality,
            format,
            out,
        } => report(&cli.db, &config, lang, year, locality, format, out),
        Command::Check {
            year,
            locality,
            format,
        } => {
            let store = open(&cli.db, Access::Read)?;
            let result = services::check::run(&store, &config, year, locality.as_deref())?;
            match format {
                CheckFormat::Json => {
                    let text = serde_json::to_string_pretty(&result.json(lang)).map_err(|e| {
                        Error::env(format!("lỗi JSON: {e}"), format!("JSON error: {e}"))
                    })?;
                    out_line(&text)?;
                }
                CheckFormat::Text => {
                    let _ = std::io::stdout()
                        .lock()
                        .write_all(escape_controls(&result.render(lang)).as_bytes());
                }
            }
            Ok(if result.errors() > 0 { 1 } else { 0 })
        }
        Command::Verify => {
            let store = open(&cli.db, Access::Read)?;
            // Reading only: Ctrl-C keeps its default and simply ends the process.
            let bar = Bar::new(lang, None);
            let v = services::workflow::verify_with(&store, &bar)?;
            bar.clear();
            out_line(&v.render(lang))?;
            Ok(if v.ok() { 0 } else { 1 })
        }
        Command::Backup { file } => {
            let store = open(&cli.db, Access::Read)?;
            store.backup_to(&file)?;
            say(
                lang,
                &format!("Đã sao lưu cơ sở dữ liệu vào {}.", file.display()),
                &format!("Backed up the database to {}.", file.display()),
            )?;
            Ok(0)
        }
        Command::Status { year } => {
            let store = open(&cli.db, Access::Read)?;
            out_line(&services::workflow::status_text(
                &store, &config, year, lang,
            )?)?;
            Ok(0)
        }
        Command::Submit { year, district } => {
            let mut store = open(&cli.db, Access::ReadWrite)?;
            services::workflow::submit(&mut store, &config, year, &district)?;
            let district = unit_words(&store, year, &district);
            say(
                lang,
                &format!("Đã nộp số liệu năm {year} của {district}."),
                &format!("Submitted the {year} figures of {district}."),
            )?;
            Ok(0)
        }
        Command::Recall { year, district } => {
            let mut store = open(&cli.db, Access::ReadWrite)?;
            services::workflow::recall(&mut store, year, &district)?;
            let district = unit_words(&store, year, &district);
            say(
                lang,
                &format!("Đã lấy lại số liệu năm {year} của {district} để sửa (đang nhập)."),
                &format!("Recalled the {year} figures of {district}: a draft again."),
            )?;
            Ok(0)
        }
        Command::Approve { year, district } => {
            let mut store = open(&cli.db, Access::ReadWrite)?;
            services::workflow::approve(&mut store, &config, year, &district)?;
            let district = unit_words(&store, year, &district);
            say(
                lang,
                &format!("Đã duyệt số liệu năm {year} của {district}: từ nay chỉ được xem."),
                &format!("Approved the {year} figures of {district}: read-only from now on."),
            )?;
            Ok(0)
        }
        Command::Reopen {
            year,
            district,
            reason,
        } => {
            let mut store = open(&cli.db, Access::ReadWrite)?;
            services::workflow::reopen(&mut store, year, &district, &reason)?;
            let district = unit_words(&store, year, &district);
            say(
                lang,
                &format!("Đã mở lại số liệu năm {year} của {district}."),
                &format!("Reopened the {year} figures of {district}."),
            )?;
            Ok(0)
        }
        Command::Package {
            year,
            district,
            out,
            answer,
            targets,
        } => {
            if let Some(path) = out.as_deref().filter(|p| *p != Path::new("-")) {
                not_the_database(&cli.db, path)?;
            }
            let mut store = open(&cli.db, Access::ReadWrite)?;
            // Reading (the package's own id apart): Ctrl-C keeps its default.
            let bar = Bar::new(lang, None);
            let text = if answer {
                services::package::answer_package(&mut store, &config, year, &district, targets)?
            } else {
                services::package::unit_package_with(&mut store, year, &district, &bar)?
            };
            bar.clear();
            match out {
                Some(path) if path.as_os_str() != "-" => {
                    services::package::save(&path, &text)?;
                    out_line(&path.display().to_string())?;
                }
                _ => out_line(&text)?,
            }
            Ok(0)
        }
        Command::History {
            year,
            locality,
            field,
        } => {
            let store = open(&cli.db, Access::Read)?;
            let rows = services::workflow::history(&store, year, &locality, field.as_deref())?;
            out_line(&escape_controls(&services::workflow::history_text(
                &rows, lang,
            )))?;
            Ok(0)
        }
        Command::Notes {
            year,
            locality,
            flagged,
        } => {
            let store = open(&cli.db, Access::Read)?;
            let notes = services::notes::list(&store, year, locality.as_deref(), flagged)?;
            if notes.is_empty() {
                return say(
                    lang,
                    &if flagged {
                        format!("Năm {year} không có ô nào cần theo dõi.")
                    } else {
                        format!("Năm {year} không có ghi chú nào.")
                    },
                    &if flagged {
                        format!("No cell is flagged for follow-up in {year}.")
                    } else {
                        format!("No note in {year}.")
                    },
                )
                .map(|()| 0);
            }
            let names: std::collections::HashMap<String, String> = store
                .localities_in_year(year)?
                .into_iter()
                .map(|l| (l.code, l.name))
                .collect();
            for n in notes {
                out_line(&escape_controls(&format!(
                    "{}\t{}\t{}\t{}\t{}",
                    n.locality_code,
                    names.get(&n.locality_code).map_or("", String::as_str),
                    n.field.code(),
                    if n.follow_up { "yes" } else { "no" },
                    n.note
                )))?;
            }
            Ok(0)
        }
        Command::Targets(cmd) => targets(&cli.db, &config, cmd, lang),
        Command::User(cmd) => {
            match cmd {
                UserCommand::List => {
                    let store = open(&cli.db, Access::Read)?;
                    for u in store.users()? {
                        out_line(&format!(
                            "{}\t{}\t{}",
                            u.login,
                            u.role.code(),
                            u.district_code.unwrap_or_default()
                        ))?;
                    }
                }
                UserCommand::Add {
                    name,
                    role,
                    district,
                } => {
                    let mut store = open(&cli.db, Access::ReadWrite)?;
                    let role = match role {
                        RoleArg::Clerk => Role::Clerk,
                        RoleArg::Province => Role::Province,
                    };
                    services::workflow::add_user(
                        &mut store,
                        User {
                            login: name.clone(),
                            role,
                            district_code: district,
                        },
                    )?;
                    say(lang, &format!("Đã thêm {name}."), &format!("Added {name}."))?;
                }
                UserCommand::Remove { name } => {
                    let mut store = open(&cli.db, Access::ReadWrite)?;
                    services::workflow::remove_user(&mut store, &name)?;
                    say(
                        lang,
                        &format!("Đã xoá {name}."),
                        &format!("Removed {name}."),
                    )?;
                }
            }
            Ok(0)
        }
    }
}

/// `antq init`: create or migrate; the demo or a synthetic country, with a bar and Ctrl-C.
fn init(
    db: &Option<PathBuf>,
    demo: bool,
    force: bool,
    synthetic: Option<String>,
    lang: Lang,
    bar: &Bar,
    interrupt: &Interrupt,
) -> Result<u8> {
    let mut store = open(db, Access::ReadWrite)?;
    if let Some(size) = synthetic {
        use crate::synth::{Reform, SynthSpec};
        let (spec, reform) = match size.as_str() {
            "national" => (SynthSpec::national(), None),
            "small" | "province" => (SynthSpec::small(), None),
            "national-2025" => (SynthSpec::national(), Some(Reform::national())),
            "small-2025" => (SynthSpec::small(), Some(Reform::small())),
            other => {
                return Err(Error::env(
                    format!("--synthetic: \"{other}\" không hợp lệ (national, small, national-2025 hoặc small-2025)"),
                    format!("--synthetic: \"{other}\" is not one of national, small, national-2025, small-2025"),
                ))
            }
        };
        if !store.is_empty()? {
            return Err(Error::data(
                "cơ sở dữ liệu đã có số liệu: dữ liệu tổng hợp chỉ nạp vào cơ sở dữ liệu trống",
                "the database already holds data: synthetic data loads only into an empty database",
            ));
        }
        bar.begin(Stage::Generate, None);
        let data = match &reform {
            Some(reform) => crate::synth::generate_reformed(&spec, reform),
            None => crate::synth::generate(&spec),
        };
        if interrupt.asked() {
            return Err(Interrupt::error());
        }
        store.load_dataset_with(&data, Source::Synthetic, bar)?;
        say(
            lang,
            &format!(
                "Đã nạp dữ liệu tổng hợp: {} địa phương, {} dòng số liệu, {} khen thưởng.",
                data.localities.len(),
                data.assessments.len(),
                data.awards.len()
            ),
            &format!(
                "Loaded synthetic data: {} localities, {} assessment rows, {} awards.",
                data.localities.len(),
                data.assessments.len(),
                data.awards.len()
            ),
        )?;
        return Ok(0);
    }
    if demo {
        if !store.is_empty()? && !force {
            return Err(Error::data(
                "cơ sở dữ liệu đã có số liệu: antq init --demo không ghi đè (thêm --force nếu thật sự muốn)",
                "the database already holds data: antq init --demo will not overwrite it (add --force if you mean it)",
            ));
        }
        services::load_demo_with(&mut store, bar)?;
        bar.clear();
        say(
            lang,
            crate::demo::DEMO_NOTICE_VI,
            crate::demo::DEMO_NOTICE_EN,
        )?;
    }
    say(
        lang,
        &format!("Cơ sở dữ liệu sẵn sàng: {}", store.path().display()),
        &format!("Database ready: {}", store.path().display()),
    )?;
    Ok(0)
}

/// Targets are the province's data (services::targets): `init` seeds a database that holds none
/// from the configuration's, and the report judges by the database's (check, submit and approve
/// read them themselves).
fn targets_in_force(command: &Command, db: &Option<PathBuf>, mut config: Config) -> Result<Config> {
    match command {
        Command::Init { .. } => {
            let mut store = open(db, Access::ReadWrite)?;
            services::targets::seed(&mut store, &config, Source::Cli)?;
        }
        Command::Report { .. } => {
            let store = open(db, Access::Read)?;
            services::targets::adopt(&store, &mut config)?;
        }
        _ => {}
    }
    Ok(config)
}

/// `antq targets import FILE` and `antq targets list --year Y`.
fn targets(db: &Option<PathBuf>, config: &Config, cmd: TargetsCommand, lang: Lang) -> Result<u8> {
    match cmd {
        TargetsCommand::Import { file } => {
            let mut store = open(db, Access::ReadWrite)?;
            let done = services::targets::import_file(&mut store, config, &file)?;
            say(
                lang,
                &format!(
                    "Đã nhập {} chỉ tiêu: {} thay đổi.",
                    done.targets, done.changes
                ),
                &format!(
                    "Imported {} targets: {} changes.",
                    done.targets, done.changes
                ),
            )?;
        }
        TargetsCommand::List { year, format } => {
            let store = open(db, Access::Read)?;
            let list = services::targets::of_year(&store, config, year)?;
            match format {
                CheckFormat::Json => {
                    let json = services::targets::list_json(&list, year);
                    let text = serde_json::to_string_pretty(&json).map_err(|e| {
                        Error::env(format!("lỗi JSON: {e}"), format!("JSON error: {e}"))
                    })?;
                    out_line(&text)?
                }
                CheckFormat::Text => out_line(&services::targets::list_text(&list, year, lang))?,
            }
        }
    }
    Ok(0)
}

/// `antq import FILE…`, with a bar and Ctrl-C.
fn import(
    db: &Option<PathBuf>,
    config: &Config,
    files: &[PathBuf],
    lang: Lang,
    bar: &Bar,
) -> Result<u8> {
    let mut store = open(db, Access::ReadWrite)?;
    let summary = services::import::import_paths_with(&mut store, config, files, bar)?;
    bar.clear();
    if !summary.packages.is_empty() {
        for r in &summary.packages {
            say(lang, &received_vi(r), &received_en(r))?;
        }
        if summary.packages.len() > 1 {
            say(
                lang,
                &format!(
                    "Đã nhận {} gói: {} dòng, {} thay đổi.",
                    summary.packages.len(),
                    summary.rows,
                    summary.changes
                ),
                &format!(
                    "Received {} packages: {} rows, {} changes.",
                    summary.packages.len(),
                    summary.rows,
                    summary.changes
                ),
            )?;
        }
        return Ok(0);
    }
    say(
        lang,
        &format!(
            "Đã nhập {} tệp, {} dòng: {} thay đổi.",
            summary.files, summary.rows, summary.changes
        ),
        &format!(
            "Imported {} files, {} rows: {} changes.",
            summary.files, summary.rows, summary.changes
        ),
    )?;
    Ok(0)
}

fn received_vi(r: &services::package::Receipt) -> String {
    use crate::domain::workflow::State;
    let state = match r.state {
        State::Approved => "đã duyệt".to_string(),
        State::Submitted => "đã nộp".to_string(),
        State::Draft if !r.reason.is_empty() => format!("mở lại — {}", r.reason),
        State::Draft => "đang nhập".to_string(),
    };
    match r.kind {
        crate::exchange::sealed::PackageKind::Unit => format!(
            "Đã nhận gói của {} năm {} từ {} (máy {}): {} dòng, {} thay đổi; trạng thái: {state}.",
            r.unit, r.year, r.sender_login, r.sender_id, r.rows, r.changes
        ),
        crate::exchange::sealed::PackageKind::Answer => format!(
            "Đã nhận trả lời của tỉnh cho {} năm {}: {state}; {} chỉ tiêu.",
            r.unit, r.year, r.targets
        ),
    }
}

fn received_en(r: &services::package::Receipt) -> String {
    use crate::domain::workflow::State;
    let state = match r.state {
        State::Approved => "approved".to_string(),
        State::Submitted => "submitted".to_string(),
        State::Draft if !r.reason.is_empty() => format!("reopened — {}", r.reason),
        State::Draft => "draft".to_string(),
    };
    match r.kind {
        crate::exchange::sealed::PackageKind::Unit => format!(
            "Received the package of {} for {} from {} (server {}): {} rows, {} changes; state: {state}.",
            r.unit, r.year, r.sender_login, r.sender_id, r.rows, r.changes
        ),
        crate::exchange::sealed::PackageKind::Answer => format!(
            "Received the province's answer for {} in {}: {state}; {} targets.",
            r.unit, r.year, r.targets
        ),
    }
}

/// A writing command that failed after Ctrl-C failed because of it: its transaction was rolled
/// back, and the one sentence saying so replaces the error.
fn stopped_or(done: Result<u8>, interrupt: &Interrupt, bar: &Bar, lang: Lang) -> Result<u8> {
    match done {
        Err(_) if interrupt.asked() => {
            bar.clear();
            eprintln!("antq: {}", Interrupt::message(lang));
            Ok(interrupt::EXIT_CODE)
        }
        other => other,
    }
}
