//! Configuration problems and the places they are found: every module of `config` reports through
//! these, so this file imports nothing else of `config`.

use crate::text::Lang;
use std::path::Path;
use std::sync::Arc;

/// A configuration problem, displayed as `FILE:LINE: KEY: message`. `line` and `key` are absent
/// when the file as a whole is at fault (it cannot be read).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    /// One sentence in English.
    pub message: String,
    /// The same sentence in Vietnamese.
    pub message_vi: String,
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message,
        }
    }

    /// `FILE:LINE: KEY: message` with the message in `lang`.
    pub fn localized(&self, lang: Lang) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        if let Some(key) = &self.key {
            out.push_str(&format!(": {key}"));
        }
        out.push_str(&format!(": {}", self.message(lang)));
        out
    }

    pub(super) fn unreadable(path: &Path, error: &std::io::Error) -> ConfigError {
        let (vi, en) = match error.kind() {
            std::io::ErrorKind::NotFound => (
                "tệp cấu hình không tồn tại".to_string(),
                "the configuration file does not exist".to_string(),
            ),
            std::io::ErrorKind::InvalidData => (
                "tệp cấu hình không phải văn bản UTF-8; hãy lưu lại dưới dạng UTF-8".to_string(),
                "the configuration file is not UTF-8 text; save it as UTF-8".to_string(),
            ),
            _ => (
                format!("không đọc được tệp cấu hình: {error}"),
                format!("the configuration file cannot be read: {error}"),
            ),
        };
        ConfigError {
            file: path.display().to_string(),
            line: None,
            key: None,
            message: en,
            message_vi: vi,
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localized(Lang::En))
    }
}

impl std::error::Error for ConfigError {}

/// Where a value was written: for the errors found only after the layers are merged.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Place {
    pub file: Arc<str>,
    pub line: usize,
    pub key: String,
}

impl Place {
    pub fn error(&self, vi: impl Into<String>, en: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: Some(self.line),
            key: Some(self.key.clone()),
            message: en.into(),
            message_vi: vi.into(),
        }
    }

    /// `FILE:LINE`, to point from one error at another definition.
    pub fn position(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Located<T> {
    pub value: T,
    pub at: Place,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_display_file_line_key_message() {
        let e = ConfigError {
            file: "a.toml".into(),
            line: Some(3),
            key: Some("general.language".into()),
            message: "unknown language `fr`; expected `vi` or `en`".into(),
            message_vi: "ngôn ngữ `fr` không xác định; cần `vi` hoặc `en`".into(),
        };
        assert_eq!(
            e.to_string(),
            "a.toml:3: general.language: unknown language `fr`; expected `vi` or `en`"
        );
        assert!(e
            .localized(Lang::Vi)
            .starts_with("a.toml:3: general.language: ngôn ngữ"));
        let unreadable = ConfigError {
            line: None,
            key: None,
            ..e
        };
        assert_eq!(
            unreadable.to_string(),
            "a.toml: unknown language `fr`; expected `vi` or `en`"
        );
    }
}
