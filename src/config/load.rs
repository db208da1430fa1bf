//! Loading and layering (the config helper fills this in).
use super::Config;
use std::path::PathBuf;

pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");
pub const TARGETS_TOML: &str = include_str!("../../config/targets.toml");

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Where the layers come from. `explicit` is `--config` or `ANTQ_CONFIG`.
#[derive(Debug, Clone, Default)]
pub struct ConfigSources {
    pub system: Option<PathBuf>,
    pub user: Option<PathBuf>,
    pub explicit: Option<PathBuf>,
}

impl Config {
    /// The compiled-in defaults and targets alone.
    pub fn builtin() -> Config {
        let mut cfg: Config = toml::from_str(DEFAULT_TOML).expect("config/default.toml is valid");
        #[derive(serde::Deserialize)]
        struct Targets {
            #[serde(default)]
            target: Vec<crate::domain::Target>,
        }
        let t: Targets = toml::from_str(TARGETS_TOML).expect("config/targets.toml is valid");
        cfg.target = t.target;
        cfg
    }

    /// Loads every layer that exists.
    pub fn load(sources: &ConfigSources) -> Result<Config, ConfigError> {
        let _ = sources;
        Ok(Config::builtin())
    }
}

impl ConfigSources {
    pub fn standard(explicit: Option<PathBuf>) -> ConfigSources {
        ConfigSources {
            system: None,
            user: None,
            explicit,
        }
    }
}
