//! Placeholder until the TUI lands.
pub struct TuiOptions {
    pub db_path: std::path::PathBuf,
    pub config: crate::config::Config,
    pub lang: crate::text::Lang,
    pub year: Option<i32>,
    pub district: Option<String>,
}

pub fn run(_opts: TuiOptions) -> crate::error::Result<()> {
    Err(crate::error::Error::env(
        "giao diện toàn màn hình chưa có trong bản dựng này; hãy dùng các lệnh (antq --help)",
        "the full-screen interface is not in this build yet; use the commands (antq --help)",
    ))
}
