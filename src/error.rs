//! The errors a user can see: one clear sentence in the chosen language, and the exit code contract
//! (0 ok, 1 the data is wrong, 2 usage or environment).

use crate::text::Lang;
use std::fmt;

/// Installs color-eyre's panic report, with a closing section that says which version failed and
/// where the report should go: antq is installed by the province, so its installer is the one who
/// can act on it (and pass it on to the project's issue tracker).
pub fn install_panic_report() {
    let section = format!(
        "antq {version}: lỗi nội bộ. Vui lòng gửi toàn bộ nội dung này cho người đã cài đặt antq \
         (cán bộ công nghệ thông tin của tỉnh).\n\
         antq {version}: internal error. Please send this whole text to whoever installed antq \
         (the province's IT contact).",
        version = env!("CARGO_PKG_VERSION")
    );
    // Installing twice (tests start the TUI more than once in one process) is refused; the first
    // report stays, which is the same.
    let _ = color_eyre::config::HookBuilder::default()
        .panic_section(section)
        .install();
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub vi: String,
    pub en: String,
}

impl Msg {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The environment or the invocation is wrong (database unreadable, config invalid…): exit 2.
    Environment(Msg),
    /// The data is wrong or the act is refused (validation, permission, workflow): exit 1.
    Data(Msg),
    /// An import refused: every error as `FILE:LINE: message`; exit 1.
    Lines(Vec<LineError>),
}

/// One refused line of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub file: String,
    pub line: u64,
    pub msg: Msg,
}

impl LineError {
    pub fn render(&self, lang: Lang) -> String {
        format!("{}:{}: {}", self.file, self.line, self.msg.get(lang))
    }
}

impl Error {
    pub fn env(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Environment(Msg::new(vi, en))
    }

    pub fn data(vi: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Data(Msg::new(vi, en))
    }

    /// Another process holds the write lock (SQLite's busy timeout ran out).
    pub fn busy() -> Error {
        Error::env(
            "cơ sở dữ liệu đang bận (một người khác đang ghi); hãy thử lại",
            "the database is busy (someone else is writing); try again",
        )
    }

    /// The write found the database busy: worth trying again, nothing was written.
    pub fn is_busy(&self) -> bool {
        *self == Error::busy()
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Environment(_) => 2,
            Error::Data(_) | Error::Lines(_) => 1,
        }
    }

    /// The text printed to stderr, one line per error.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Environment(m) | Error::Data(m) => m.get(lang).to_string(),
            Error::Lines(lines) => lines
                .iter()
                .map(|l| l.render(lang))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        if let rusqlite::Error::SqliteFailure(code, _) = &e {
            match code.code {
                rusqlite::ErrorCode::ReadOnly => {
                    return Error::env(
                        "không ghi được vào cơ sở dữ liệu: tệp hoặc thư mục chỉ cho phép đọc",
                        "cannot write to the database: the file or its folder is read-only",
                    )
                }
                rusqlite::ErrorCode::NotADatabase => {
                    return Error::env(
                        "tệp này không phải là cơ sở dữ liệu SQLite của antq",
                        "this file is not an SQLite database of antq",
                    )
                }
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return Error::busy()
                }
                rusqlite::ErrorCode::DatabaseCorrupt => {
                    return Error::data(
                        "cơ sở dữ liệu bị hỏng (SQLite báo tệp sai cấu trúc): hãy khôi phục từ bản sao lưu",
                        "the database is damaged (SQLite reports it malformed): restore it from a backup",
                    )
                }
                rusqlite::ErrorCode::DiskFull => {
                    return Error::env(
                        "đĩa đầy: không ghi được",
                        "the disk is full: nothing written",
                    )
                }
                _ => {}
            }
        }
        Error::env(
            format!("lỗi cơ sở dữ liệu: {e}"),
            format!("database error: {e}"),
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
