//! The command line in the clerk's language: the help of every command and option, and what is said
//! of a command line that cannot be read (a mistyped command, a missing `--year`). English is the
//! definition's own (the doc comments in `cli.rs`); Vietnamese, the default, is here, command by
//! command, and clap's own words ("Usage", "Options", "[default: …]") are put in Vietnamese on the
//! text it renders. The language is decided before the command line is read: `--lang`, else the
//! configured language, else Vietnamese.

use super::Cli;
use crate::config::{Config, ConfigSources};
use crate::text::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// A command's help in Vietnamese: its description, its options' (by their id, the field's name
/// in `cli.rs`) and its subcommands'.
struct Help {
    about: &'static str,
    args: &'static [(&'static str, &'static str)],
    commands: &'static [(&'static str, Help)],
}

const YEAR: (&str, &str) = ("year", "Năm báo cáo");
const UNIT: (&str, &str) = (
    "district",
    "Đơn vị báo cáo của năm: một huyện, hoặc một xã ở năm không còn cấp huyện (--district cũng được)",
);

static VI: Help = Help {
    about: "Số liệu phong trào Toàn dân bảo vệ an ninh Tổ quốc — nhập, kiểm tra chỉ tiêu, báo cáo.",
    args: &[
        (
            "db",
            "Tệp cơ sở dữ liệu (mặc định: trong thư mục dữ liệu của người dùng, …/antq/antq.sqlite3)",
        ),
        (
            "config",
            "Tệp cấu hình đặt chồng lên cấu hình mặc định (xem docs/config.md)",
        ),
        (
            "lang",
            "Ngôn ngữ của thông báo và báo cáo: vi (mặc định) hoặc en",
        ),
        ("year", "Giao diện: mở ở năm báo cáo này"),
        ("district", "Giao diện: mở ở đơn vị này (mã)"),
    ],
    commands: &[
        (
            "init",
            Help {
                about: "Tạo hoặc nâng cấp cơ sở dữ liệu; --demo nạp dữ liệu minh họa (Quảng Bình 2016–2020 và Quảng Trị mới năm 2025)",
                args: &[
                    (
                        "demo",
                        "Nạp dữ liệu minh họa: Quảng Bình 2016–2020 và Quảng Trị 2025, tên địa phương thật, số liệu tự đặt",
                    ),
                    (
                        "force",
                        "Cùng --demo: nạp cả vào cơ sở dữ liệu đã có số liệu",
                    ),
                    (
                        "synthetic",
                        "Điền bộ số liệu tổng hợp để đo hiệu năng: \"national\" (≈10.000 xã thuộc 700 huyện, 30 năm, 100.000 khen thưởng) hoặc \"small\"; \"national-2025\" và \"small-2025\" thêm chính quyền hai cấp từ 01/7/2025 (national: 3.321 xã trực thuộc tỉnh từ năm báo cáo 2025, mỗi xã ghi các đơn vị trước sáp nhập)",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "import",
            Help {
                about: "Nhập tệp CSV, thư mục chứa chúng hoặc gói trao đổi JSON — được hết hoặc không gì cả",
                args: &[(
                    "files",
                    "Tệp CSV, thư mục chứa chúng, hoặc gói trao đổi JSON (nhiều tệp: trong một giao dịch)",
                )],
                commands: &[],
            },
        ),
        (
            "export",
            Help {
                about: "Xuất số liệu của một năm theo các định dạng mà lệnh import đọc được",
                args: &[
                    YEAR,
                    ("format", "csv: các tệp CSV; json: cả gói trao đổi"),
                    (
                        "out",
                        "Thư mục (được tạo nếu chưa có) cho các tệp CSV, hoặc - để in ra đầu ra chuẩn (csv: chỉ assessments.csv; json: cả gói trao đổi)",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "report",
            Help {
                about: "Báo cáo tổng kết năm, theo lời văn của tỉnh",
                args: &[
                    YEAR,
                    ("locality", "Đơn vị được báo cáo (mặc định: toàn tỉnh)"),
                    (
                        "format",
                        "text, markdown, json; docx (văn bản Word để ký) và xlsx (bảng số liệu) cần --out",
                    ),
                    (
                        "out",
                        "Ghi báo cáo vào tệp này (ghi đè nếu đã có) thay vì in ra đầu ra chuẩn; docx và xlsx bắt buộc có (- = đầu ra chuẩn, không dùng được khi đó là màn hình)",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "check",
            Help {
                about: "Chạy mọi quy tắc kiểm tra; mã thoát 0 = không có lỗi (có thể có cảnh báo), 1 = có lỗi",
                args: &[
                    YEAR,
                    (
                        "locality",
                        "Chỉ các phát hiện của đơn vị này (một xã; một huyện cùng các xã của nó)",
                    ),
                    (
                        "format",
                        "text: mỗi phát hiện một dòng; json: các phát hiện và số đếm",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "verify",
            Help {
                about: "Tính lại chuỗi băm của nhật ký thay đổi và kiểm tra tính toàn vẹn của SQLite",
                args: &[],
                commands: &[],
            },
        ),
        (
            "backup",
            Help {
                about: "Sao chép nhất quán cơ sở dữ liệu trong khi cán bộ vẫn làm việc (sao lưu trực tuyến của SQLite); kiểm tra bản sao bằng `antq --db TỆP verify`",
                args: &[("file", "Bản sao sẽ ghi (từ chối nếu tệp đã có)")],
                commands: &[],
            },
        ),
        (
            "status",
            Help {
                about: "Trạng thái quy trình của từng đơn vị báo cáo trong năm (các huyện, hoặc các xã của tỉnh không còn cấp huyện)",
                args: &[YEAR],
                commands: &[],
            },
        ),
        (
            "submit",
            Help {
                about: "Nộp số liệu năm của một đơn vị báo cáo (từ chối khi còn đơn vị chưa nhập đủ hoặc còn lỗi)",
                args: &[YEAR, UNIT],
                commands: &[],
            },
        ),
        (
            "recall",
            Help {
                about: "Rút số liệu đã nộp về “đang nhập” để sửa (cán bộ của đơn vị hoặc người dùng cấp tỉnh; chỉ khi tỉnh chưa duyệt)",
                args: &[YEAR, UNIT],
                commands: &[],
            },
        ),
        (
            "approve",
            Help {
                about: "Tỉnh: duyệt số liệu đã nộp của một đơn vị (sau đó chỉ được xem)",
                args: &[YEAR, UNIT],
                commands: &[],
            },
        ),
        (
            "reopen",
            Help {
                about: "Tỉnh: mở lại số liệu đã duyệt hoặc đã nộp của một đơn vị, kèm lý do",
                args: &[
                    YEAR,
                    UNIT,
                    (
                        "reason",
                        "Lý do mở lại: lưu trong nhật ký và gửi cho đơn vị kèm trả lời của tỉnh",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "package",
            Help {
                about: "Niêm phong số liệu năm của một đơn vị để gửi tỉnh (hoặc, với --answer ở tỉnh, trả lời của tỉnh cho đơn vị); máy chủ bên kia nhận bằng `antq import TỆP`",
                args: &[
                    YEAR,
                    UNIT,
                    ("out", "Tệp sẽ ghi (mặc định: đầu ra chuẩn)"),
                    (
                        "answer",
                        "Ở tỉnh: trả lời của tỉnh (đã duyệt, hoặc mở lại kèm lý do) và đầu chuỗi băm tỉnh đang giữ của máy chủ đơn vị",
                    ),
                    ("targets", "Cùng --answer: gửi kèm chỉ tiêu của năm cho đơn vị"),
                ],
                commands: &[],
            },
        ),
        (
            "history",
            Help {
                about: "Nhật ký thay đổi của một đơn vị trong một năm",
                args: &[
                    YEAR,
                    ("locality", "Đơn vị (mã)"),
                    (
                        "field",
                        "Chỉ trường này (một cột của assessments.csv, vd. residential_areas_total), cùng các thay đổi ghi chú và dấu cần theo dõi của ô đó",
                    ),
                ],
                commands: &[],
            },
        ),
        (
            "notes",
            Help {
                about: "Ghi chú trên số liệu của một năm, mỗi dòng một ô: mã, đơn vị, trường, cần theo dõi (yes/no), ghi chú; --flagged chỉ liệt kê các ô được đánh dấu cần theo dõi",
                args: &[
                    YEAR,
                    ("locality", "Chỉ ghi chú của đơn vị này"),
                    ("flagged", "Chỉ các ô được đánh dấu cần theo dõi"),
                ],
                commands: &[],
            },
        ),
        (
            "user",
            Help {
                about: "Ai được làm gì (TÊN là tên đăng nhập của hệ điều hành)",
                args: &[],
                commands: &[
                    (
                        "add",
                        Help {
                            about: "Đăng ký một tên đăng nhập (người dùng cấp tỉnh; người được đăng ký đầu tiên phải là cấp tỉnh)",
                            args: &[
                                ("name", "Tên đăng nhập của hệ điều hành"),
                                (
                                    "role",
                                    "clerk: cán bộ nhập số liệu của một đơn vị báo cáo; province: cấp tỉnh, mọi việc",
                                ),
                                (
                                    "district",
                                    "Đơn vị báo cáo của cán bộ: một huyện, hoặc một xã (ở năm không còn cấp huyện); --district cũng được",
                                ),
                            ],
                            commands: &[],
                        },
                    ),
                    (
                        "list",
                        Help {
                            about: "Các tên đăng nhập đã đăng ký, vai trò và đơn vị",
                            args: &[],
                            commands: &[],
                        },
                    ),
                    (
                        "remove",
                        Help {
                            about: "Thu hồi quyền của một tên đăng nhập (người dùng cấp tỉnh)",
                            args: &[("name", "Tên đăng nhập của hệ điều hành")],
                            commands: &[],
                        },
                    ),
                ],
            },
        ),
        (
            "targets",
            Help {
                about: "Chỉ tiêu của tỉnh, lưu trong cơ sở dữ liệu: xem, hoặc (người dùng cấp tỉnh) nhập một tệp các mục [[target]]",
                args: &[],
                commands: &[
                    (
                        "import",
                        Help {
                            about: "Người dùng cấp tỉnh: các mục [[target]] của TỆP (định dạng của config/targets.toml) thay chỉ tiêu đã lưu của từng (năm, loại, đơn vị) được nêu — được hết hoặc không gì cả",
                            args: &[("file", "Tệp TOML gồm các mục [[target]]")],
                            commands: &[],
                        },
                    ),
                    (
                        "list",
                        Help {
                            about: "Chỉ tiêu của một năm báo cáo: năm, loại, đơn vị (- = toàn tỉnh), tỉ lệ",
                            args: &[
                                YEAR,
                                (
                                    "format",
                                    "text: các dòng phân cách bằng tab; json: một danh sách",
                                ),
                            ],
                            commands: &[],
                        },
                    ),
                ],
            },
        ),
        (
            "completions",
            Help {
                about: "In kịch bản tự hoàn thành lệnh cho bash, zsh hoặc fish (README: cách cài đặt)",
                args: &[("shell", "Trình shell: bash, zsh hoặc fish")],
                commands: &[],
            },
        ),
    ],
};

/// Placeholders of values, in Vietnamese.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("YEAR", "NĂM"),
    ("CODE", "MÃ"),
    ("FILE", "TỆP"),
    ("FILE|-", "TỆP|-"),
    ("DIR|-", "THƯ_MỤC|-"),
    ("DIR", "THƯ_MỤC"),
    ("PATH", "TỆP"),
    ("FORMAT", "DẠNG"),
    ("LANG", "NGÔN_NGỮ"),
    ("SIZE", "CỠ"),
    ("REASON", "LÝ_DO"),
    ("FIELD", "TRƯỜNG"),
    ("NAME", "TÊN"),
    ("ROLE", "VAI_TRÒ"),
    ("SHELL", "SHELL"),
];

/// clap's own words as it renders them, and in Vietnamese; the longer of two that begin alike
/// first.
const CLAP_WORDS: &[(&str, &str)] = &[
    ("Usage:", "Cách dùng:"),
    ("\nOptions:\n", "\nTùy chọn:\n"),
    ("\nArguments:\n", "\nĐối số:\n"),
    ("\nCommands:\n", "\nLệnh:\n"),
    ("[OPTIONS]", "[TÙY_CHỌN]"),
    ("[COMMAND]", "[LỆNH]"),
    ("<COMMAND>", "<LỆNH>"),
    (
        "Print help (see more with '--help')",
        "Xem trợ giúp (đầy đủ: --help)",
    ),
    (
        "Print help (see a summary with '-h')",
        "Xem trợ giúp (tóm tắt: -h)",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "Xem trợ giúp này, hoặc trợ giúp của lệnh được nêu",
    ),
    ("Print help for the subcommand(s)", "Xem trợ giúp của lệnh"),
    ("Print help", "Xem trợ giúp"),
    ("Print version", "Xem phiên bản"),
    ("[default: ", "[mặc định: "),
    ("[possible values: ", "[giá trị: "),
    ("Possible values:", "Giá trị:"),
    ("[env: ", "[biến môi trường: "),
    ("For more information, try '--help'.", "Xem thêm: --help."),
    ("error: ", "lỗi: "),
    ("tip: ", "gợi ý: "),
];

/// The section headings clap_mangen writes, in Vietnamese (as `man` shows them under a Vietnamese
/// locale).
const MANUAL_HEADINGS: &[(&str, &str)] = &[
    (".SH NAME\n", ".SH TÊN\n"),
    (".SH SYNOPSIS\n", ".SH CÁCH DÙNG\n"),
    (".SH DESCRIPTION\n", ".SH MÔ TẢ\n"),
    (".SH OPTIONS\n", ".SH TÙY CHỌN\n"),
    (".SH SUBCOMMANDS\n", ".SH LỆNH\n"),
    (".SH VERSION\n", ".SH PHIÊN BẢN\n"),
    (".SH EXTRA\n", ".SH XEM THÊM\n"),
];

/// A manual page clap_mangen wrote, in Vietnamese: its headings and clap's words.
pub(super) fn manual_in_vietnamese(page: &str) -> String {
    let page = MANUAL_HEADINGS
        .iter()
        .fold(page.to_string(), |t, (en, vi)| t.replace(en, vi));
    clap_words_in_vietnamese(&page)
}

/// The language of the help and of what is said of the command line: `--lang` as given, else the
/// configured language (the configuration `--config` or `ANTQ_CONFIG` names, over the standard
/// ones), else Vietnamese. A configuration that cannot be read is reported later, where it is
/// loaded for the command.
pub fn lang_of(args: &[OsString]) -> Lang {
    let value = |name: &str| -> Option<String> {
        let flag = format!("--{name}");
        let with_equals = format!("--{name}=");
        let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(a) = args.next() {
            if a == "--" {
                break;
            }
            if a == flag {
                return args.next().map(|v| v.to_string());
            }
            if let Some(v) = a.strip_prefix(&with_equals) {
                return Some(v.to_string());
            }
        }
        None
    };
    match value("lang").as_deref() {
        Some("en") => return Lang::En,
        Some("vi") => return Lang::Vi,
        _ => {}
    }
    let file = value("config")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("ANTQ_CONFIG").map(PathBuf::from));
    Config::load(&ConfigSources::standard(file))
        .map(|c| c.general.language)
        .unwrap_or_default()
}

/// The command line's definition, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Vi => in_vietnamese(cmd, &VI)
            .after_help("English: antq --lang en --help")
            .subcommand_value_name("LỆNH"),
    }
}

fn in_vietnamese(mut cmd: Command, help: &Help) -> Command {
    cmd = cmd.about(help.about).long_about(None);
    cmd = cmd.mut_args(|a| {
        let text = help
            .args
            .iter()
            .find(|(id, _)| a.get_id() == *id)
            .map(|(_, text)| text.to_string())
            .or_else(|| a.get_help().map(ToString::to_string))
            .unwrap_or_default();
        let (text, a) = annotated(text, a);
        let a = a.help(text).long_help(None);
        match a.get_value_names().map(<[clap::builder::Str]>::to_vec) {
            Some(names) => {
                let names = names.iter().map(|n| {
                    VALUE_NAMES
                        .iter()
                        .find(|(en, _)| n.as_str() == *en)
                        .map_or_else(|| n.clone(), |(_, vi)| clap::builder::Str::from(*vi))
                });
                a.value_names(names)
            }
            None => a,
        }
    });
    for (name, sub) in help.commands {
        if cmd.find_subcommand(name).is_some() {
            cmd = cmd.mut_subcommand(name, |c| in_vietnamese(c, sub));
        }
    }
    cmd
}

/// What clap would add after an option's help in English ("[default: text]", "[possible values:
/// …]", "[env: ANTQ_DB=]"), said in Vietnamese as part of the help itself, so that
/// clap wraps it with the rest at the terminal's width; clap's own is then left out.
fn annotated(mut text: String, mut a: clap::Arg) -> (String, clap::Arg) {
    let mut add = |part: String| {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&part);
    };
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        add(format!("[mặc định: {}]", defaults.join(", ")));
        a = a.hide_default_value(true);
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
        add(format!("[giá trị: {}]", values.join(", ")));
        a = a.hide_possible_values(true);
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        add(format!("[biến môi trường: {}]", env.to_string_lossy()));
        a = a.hide_env(true);
    }
    (text, a)
}

/// clap's words in what it rendered (help, a manual page), in Vietnamese.
pub(super) fn clap_words_in_vietnamese(text: &str) -> String {
    CLAP_WORDS
        .iter()
        .fold(text.to_string(), |t, (en, vi)| t.replace(en, vi))
}

/// Reads the command line; on help, a version or a command line that cannot be read, says so in
/// `lang` and gives the exit code (0 for help and version, 2 for a misuse).
pub fn parse(args: &[OsString], lang: Lang) -> Result<Cli, ExitCode> {
    let mut cmd = command(lang);
    let matches = cmd.try_get_matches_from_mut(args);
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => {
            let code = ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            match lang {
                Lang::En => {
                    let _ = e.print();
                }
                Lang::Vi if e.use_stderr() => eprint!("{}", misuse_in_vietnamese(&e)),
                Lang::Vi => print!("{}", clap_words_in_vietnamese(&e.render().to_string())),
            }
            Err(code)
        }
    }
}

/// What clap says of a command line it cannot read, in Vietnamese: the common cases in a sentence
/// of their own, the others in clap's sentence with its words translated.
fn misuse_in_vietnamese(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => Some(s.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let list = |kind| match e.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut said = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let sub = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut s = format!("không có lệnh '{sub}'");
            if let Some(like) = text(ContextKind::SuggestedSubcommand) {
                s.push_str(&format!("\n\n  gợi ý: có lệnh gần giống: '{like}'"));
            }
            s
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            format!("'{arg}' thừa: lệnh này không nhận đối số đó")
        }
        ErrorKind::UnknownArgument => {
            let mut s = format!("không có tùy chọn '{arg}' ở đây");
            if let Some(like) = text(ContextKind::SuggestedArg) {
                s.push_str(&format!("\n\n  gợi ý: có tùy chọn gần giống: '{like}'"));
            }
            s
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(ContextKind::InvalidArg);
            format!("còn thiếu:\n  {}", missing.join("\n  "))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("'{arg}' cần một giá trị")
        }
        ErrorKind::InvalidValue => {
            let valid = list(ContextKind::ValidValue);
            let mut s = format!("giá trị '{value}' không dùng được cho '{arg}'");
            if !valid.is_empty() {
                s.push_str(&format!("\n  [giá trị: {}]", valid.join(", ")));
            }
            s
        }
        ErrorKind::ValueValidation if arg.starts_with("--year") => {
            format!("'{value}' không phải năm báo cáo: cần một năm từ 1990 đến 2100")
        }
        ErrorKind::ValueValidation => {
            format!("giá trị '{value}' không dùng được cho '{arg}'")
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg).unwrap_or_default();
            if prior == arg {
                format!("'{arg}' chỉ được nêu một lần")
            } else {
                format!("'{arg}' không dùng cùng '{prior}' được")
            }
        }
        _ => {
            return clap_words_in_vietnamese(&e.render().to_string());
        }
    };
    said = format!("lỗi: {said}\n");
    if let Some(usage) = text(ContextKind::Usage) {
        said.push_str(&format!("\n{}\n", clap_words_in_vietnamese(&usage)));
    }
    said.push_str("\nXem thêm: --help.\n");
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command a user can see, with its path of names.
    fn visible(cmd: &Command, path: Vec<String>, out: &mut Vec<(Vec<String>, Command)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push((p.clone(), sub.clone()));
            visible(sub, p, out);
        }
    }

    /// Each command's help, as `antq … --help` prints it.
    fn help_texts(lang: Lang) -> Vec<(String, String)> {
        let mut cmd = command(lang);
        cmd.build();
        let mut all = vec![(Vec::new(), cmd.clone())];
        visible(&cmd, Vec::new(), &mut all);
        all.into_iter()
            .map(|(path, mut c)| {
                let text = c.render_long_help().to_string();
                let text = match lang {
                    Lang::Vi => clap_words_in_vietnamese(&text),
                    Lang::En => text,
                };
                (path.join(" "), text)
            })
            .collect()
    }

    #[test]
    fn every_command_and_option_has_its_help_in_vietnamese_and_no_english_is_left() {
        let mut cmd = command(Lang::Vi);
        cmd.build();
        let mut all = vec![(Vec::new(), cmd.clone())];
        visible(&cmd, Vec::new(), &mut all);
        for (path, c) in &all {
            if c.get_name() != "help" {
                assert!(
                    c.get_about().is_some_and(|a| !a.to_string().is_empty()),
                    "{path:?} has no description"
                );
            }
            for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
                assert!(
                    a.get_help().is_some_and(|h| !h.to_string().is_empty()),
                    "{path:?} --{} has no help",
                    a.get_id()
                );
            }
        }
        let english = [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print",
            "possible",
            "default",
            "env:",
            "alias",
            "OPTIONS",
            "COMMAND",
            "YEAR",
            "CODE",
            "The ",
            " the ",
        ];
        for (path, text) in help_texts(Lang::Vi) {
            for word in english {
                assert!(
                    !text.contains(word),
                    "`antq {path} --help` says {word:?}:\n{text}"
                );
            }
            assert!(text.contains("Cách dùng:"), "{text}");
        }
    }

    #[test]
    fn english_is_the_definitions_own_and_every_option_has_a_help() {
        for (path, text) in help_texts(Lang::En) {
            assert!(text.contains("Usage:"), "{path}: {text}");
            assert!(!text.contains("Cách dùng"), "{path}: {text}");
        }
        let mut cmd = command(Lang::En);
        cmd.build();
        let mut all = vec![(Vec::new(), cmd.clone())];
        visible(&cmd, Vec::new(), &mut all);
        for (path, c) in &all {
            for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
                assert!(
                    a.get_help().is_some(),
                    "{path:?} --{} has no help",
                    a.get_id()
                );
            }
        }
    }

    fn misuse(args: &[&str]) -> String {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let e = command(Lang::Vi)
            .try_get_matches_from(args)
            .expect_err("a misuse");
        misuse_in_vietnamese(&e)
    }

    #[test]
    fn a_command_line_that_cannot_be_read_is_said_in_vietnamese() {
        let s = misuse(&["antq", "chek"]);
        assert!(s.starts_with("lỗi: không có lệnh 'chek'"), "{s}");
        assert!(s.contains("gợi ý: có lệnh gần giống: 'check'"), "{s}");
        let s = misuse(&["antq", "check"]);
        assert!(s.contains("còn thiếu:\n  --year <NĂM>"), "{s}");
        assert!(s.contains("Cách dùng: antq check --year <NĂM>"), "{s}");
        let s = misuse(&["antq", "check", "--year", "1800"]);
        assert!(
            s.contains("'1800' không phải năm báo cáo: cần một năm từ 1990 đến 2100"),
            "{s}"
        );
        let s = misuse(&["antq", "check", "--year", "abc"]);
        assert!(s.contains("'abc' không phải năm báo cáo"), "{s}");
        let s = misuse(&["antq", "report", "--year", "2020", "--format", "pdf"]);
        assert!(
            s.contains("giá trị 'pdf' không dùng được cho '--format <DẠNG>'"),
            "{s}"
        );
        assert!(
            s.contains("[giá trị: text, markdown, json, docx, xlsx]"),
            "{s}"
        );
        let s = misuse(&["antq", "check", "--year", "2020", "thêm"]);
        assert!(s.contains("'thêm' thừa"), "{s}");
        let s = misuse(&["antq", "check", "--yaer", "2020"]);
        assert!(s.contains("không có tùy chọn '--yaer'"), "{s}");
        assert!(s.contains("'--year'"), "{s}");
        let s = misuse(&["antq", "check", "--year", "2020", "--year", "2021"]);
        assert!(s.contains("'--year <NĂM>' chỉ được nêu một lần"), "{s}");
        let s = misuse(&["antq", "report", "--year", "2020", "--format"]);
        assert!(s.contains("'--format <DẠNG>' cần một giá trị"), "{s}");
        for s in [misuse(&["antq", "chek"]), misuse(&["antq", "check"])] {
            for word in ["error", "Usage", "tip", "For more"] {
                assert!(!s.contains(word), "{word}: {s}");
            }
        }
    }

    #[test]
    fn the_language_is_read_before_the_command_line() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["antq", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["antq", "check", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["antq", "--lang", "vi"])), Lang::Vi);
    }
}
