//! Finding the configuration files and layering them: compiled-in defaults < system < user <
//! explicit. See docs/config.md for the rules.

use super::error::{ConfigError, Located};
use super::layer::{read_layer, AwardFormEntry, GeneralPatch, Layer, LayerKind, RuleSetEntry};
use super::{Config, General};
use crate::domain::{Coded, Target};
use std::path::{Path, PathBuf};

pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");
pub const TARGETS_TOML: &str = include_str!("../../config/targets.toml");

/// How the compiled-in files are named in errors (only a broken build could produce one).
const BUILTIN_DEFAULT_NAME: &str = "config/default.toml (built in)";
const BUILTIN_TARGETS_NAME: &str = "config/targets.toml (built in)";

/// The system-wide layer, shared by every login on a district server.
#[cfg(unix)]
const SYSTEM_CONFIG: Option<&str> = Some("/etc/antq/config.toml");
#[cfg(not(unix))]
const SYSTEM_CONFIG: Option<&str> = None;

/// Names another file as the system layer (empty: no system layer), so that tests and a trial
/// installation do not depend on what this machine has in `/etc`. Ignored when the process runs
/// setuid or setgid: an installation that hands the clerks a group through the binary must not let
/// them swap the province's rules.
pub const SYSTEM_CONFIG_ENV: &str = "ANTQ_SYSTEM_CONFIG";

/// The system layer's file, given the value of [`SYSTEM_CONFIG_ENV`] and whether the process runs
/// with ids other than its real ones.
fn system_path(env: Option<std::ffi::OsString>, privileged: bool) -> Option<PathBuf> {
    match env {
        Some(value) if !privileged => (!value.is_empty()).then(|| PathBuf::from(value)),
        _ => SYSTEM_CONFIG.map(PathBuf::from),
    }
}

/// True when the effective user or group differs from the real one (a setuid or setgid binary).
#[cfg(unix)]
fn runs_privileged() -> bool {
    // SAFETY: these four calls have no preconditions and cannot fail.
    unsafe { libc::geteuid() != libc::getuid() || libc::getegid() != libc::getgid() }
}
#[cfg(not(unix))]
fn runs_privileged() -> bool {
    false
}

/// Where the layers come from, lowest first after the compiled-in defaults. A missing `system` or
/// `user` file is skipped; a missing `explicit` file is an error (the user asked for it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigSources {
    pub system: Option<PathBuf>,
    pub user: Option<PathBuf>,
    /// `--config PATH` or `ANTQ_CONFIG`.
    pub explicit: Option<PathBuf>,
}

impl ConfigSources {
    /// `/etc/antq/config.toml` (on Unix; or `ANTQ_SYSTEM_CONFIG`, see [`SYSTEM_CONFIG_ENV`]), the
    /// user's `config.toml` in the platform config directory, and `explicit`.
    pub fn standard(explicit: Option<PathBuf>) -> ConfigSources {
        ConfigSources {
            system: system_path(std::env::var_os(SYSTEM_CONFIG_ENV), runs_privileged()),
            user: ConfigSources::user_path(),
            explicit,
        }
    }

    /// The user's file: `config.toml` in `directories::ProjectDirs::from("", "", "antq")`'s config
    /// directory (`~/.config/antq/config.toml` on Linux). None when the platform has no home.
    pub fn user_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "antq")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// The files to read, lowest first, with whether a missing one is an error and what it may
    /// hold: the system file the province's policy, a user's files preferences only.
    fn files(&self) -> impl Iterator<Item = (&Path, bool, LayerKind)> {
        [
            (self.system.as_deref(), false, LayerKind::Policy),
            (self.user.as_deref(), false, LayerKind::Preferences),
            (self.explicit.as_deref(), true, LayerKind::Preferences),
        ]
        .into_iter()
        .filter_map(|(path, required, kind)| path.map(|p| (p, required, kind)))
    }
}

impl Config {
    /// The compiled-in defaults and targets alone.
    pub fn builtin() -> Config {
        // The compiled-in files are part of the program; the tests prove they load.
        Config::from_layers(builtin_layers())
            .expect("config/default.toml and config/targets.toml are valid")
    }

    /// Loads every layer that exists, returning the first problem (in file order) if any.
    pub fn load(sources: &ConfigSources) -> Result<Config, ConfigError> {
        Config::load_reporting_all(sources).map_err(|mut errors| errors.remove(0))
    }

    /// Like [`Config::load`], but with every problem found, in file and line order (never empty on
    /// error). Files are checked one by one first; the checks that need all layers (overlapping
    /// rule sets, award forms naming an unknown issuer) run only when every file is clean.
    pub fn load_reporting_all(sources: &ConfigSources) -> Result<Config, Vec<ConfigError>> {
        let mut layers = builtin_layers();
        for (path, required, kind) in sources.files() {
            match std::fs::read_to_string(path) {
                Ok(text) => layers.push(read_layer(&path.display().to_string(), &text, kind)),
                // An optional layer that is absent — or that sits in a folder this login may not
                // even look into (`su clerk` keeping another user's HOME) — is simply not there.
                Err(e)
                    if !required
                        && (e.kind() == std::io::ErrorKind::NotFound
                            || (e.kind() == std::io::ErrorKind::PermissionDenied
                                && path.try_exists().is_err())) => {}
                Err(e) => layers.push(Err(vec![ConfigError::unreadable(path, &e)])),
            }
        }
        Config::from_layers(layers)
    }

    /// The compiled-in defaults with one more layer on top, read like the system file (policy
    /// allowed): for tests and tools that hold their configuration in memory. `file` is the name
    /// errors carry.
    pub fn builtin_with(file: &str, toml: &str) -> Result<Config, ConfigError> {
        let mut layers = builtin_layers();
        layers.push(read_layer(file, toml, LayerKind::Policy));
        Config::from_layers(layers).map_err(|mut errors| errors.remove(0))
    }

    fn from_layers(
        layers: Vec<Result<Layer, Vec<ConfigError>>>,
    ) -> Result<Config, Vec<ConfigError>> {
        let mut merged = Merged::default();
        let mut errors = Vec::new();
        for layer in layers {
            match layer {
                Ok(layer) => merged.add(layer),
                Err(layer_errors) => errors.extend(layer_errors),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        merged.finish()
    }
}

fn builtin_layers() -> Vec<Result<Layer, Vec<ConfigError>>> {
    vec![
        read_layer(BUILTIN_DEFAULT_NAME, DEFAULT_TOML, LayerKind::Policy),
        read_layer(BUILTIN_TARGETS_NAME, TARGETS_TOML, LayerKind::Policy),
    ]
}

/// The layers read so far, merged; every entry keeps where it was written.
#[derive(Default)]
struct Merged {
    general: GeneralPatch,
    categories: Vec<Located<Coded>>,
    award_forms: Vec<AwardFormEntry>,
    issuers: Vec<Located<Coded>>,
    limitation_categories: Vec<Located<Coded>>,
    /// With the order each entry was last written in, so that an overlap is blamed on the later one.
    rule_sets: Vec<(usize, RuleSetEntry)>,
    targets: Vec<Located<Target>>,
    keys: Vec<super::KeyExtra>,
    report: super::ReportSettings,
    deadline: Option<(u32, u32)>,
    written: usize,
}

/// Replaces the entry with the same key in place (keeping the list's order) or appends it.
fn upsert<T, K: PartialEq>(list: &mut Vec<T>, entry: T, key: impl Fn(&T) -> K) {
    let new_key = key(&entry);
    match list.iter_mut().find(|existing| key(existing) == new_key) {
        Some(existing) => *existing = entry,
        None => list.push(entry),
    }
}

/// [`upsert`] for many entries, by a hash of the keys: a province may set tens of thousands of
/// targets, and a search of the list per entry would make loading them quadratic.
fn upsert_many<T, K: std::hash::Hash + Eq>(
    list: &mut Vec<T>,
    entries: Vec<T>,
    key: impl Fn(&T) -> K,
) {
    let mut index: std::collections::HashMap<K, usize> =
        list.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    for entry in entries {
        match index.entry(key(&entry)) {
            std::collections::hash_map::Entry::Occupied(slot) => list[*slot.get()] = entry,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(list.len());
                list.push(entry);
            }
        }
    }
}

impl Merged {
    fn add(&mut self, layer: Layer) {
        let general = layer.general;
        self.general = GeneralPatch {
            language: general.language.or(self.general.language),
            enter_direction: general.enter_direction.or(self.general.enter_direction),
            yoy_change_threshold: general
                .yoy_change_threshold
                .or(self.general.yoy_change_threshold),
            warn_unusual_issuer: general
                .warn_unusual_issuer
                .or(self.general.warn_unusual_issuer),
            database: general.database.or(self.general.database.clone()),
        };
        for c in layer.categories {
            upsert(&mut self.categories, c, |c| c.value.code.clone());
        }
        for c in layer.issuers {
            upsert(&mut self.issuers, c, |c| c.value.code.clone());
        }
        for c in layer.limitation_categories {
            upsert(&mut self.limitation_categories, c, |c| c.value.code.clone());
        }
        for f in layer.award_forms {
            upsert(&mut self.award_forms, f, |f| f.form.value.code.clone());
        }
        for r in layer.rule_sets {
            self.written += 1;
            upsert(&mut self.rule_sets, (self.written, r), |(_, r)| {
                r.rule_set.value.id.clone()
            });
        }
        upsert_many(&mut self.targets, layer.targets, |t| {
            (t.value.year, t.value.category, t.value.locality.clone())
        });
        self.deadline = layer.deadline.or(self.deadline);
        // Keys only add up: a layer cannot take a key away, only give one more.
        self.keys.extend(layer.keys);
        self.report = std::mem::take(&mut self.report).overlay(layer.report);
    }

    fn finish(self) -> Result<Config, Vec<ConfigError>> {
        let mut errors = Vec::new();
        self.check_rule_set_overlaps(&mut errors);
        self.check_award_form_issuers(&mut errors);
        let general = match self.general {
            GeneralPatch {
                language: Some(language),
                enter_direction: Some(enter_direction),
                yoy_change_threshold: Some(yoy_change_threshold),
                warn_unusual_issuer: Some(warn_unusual_issuer),
                database,
            } => Some(General {
                language,
                enter_direction,
                yoy_change_threshold,
                warn_unusual_issuer,
                database,
            }),
            _ => {
                errors.push(ConfigError {
                    file: BUILTIN_DEFAULT_NAME.to_string(),
                    line: None,
                    key: Some("general".to_string()),
                    message: "the compiled-in defaults lack a [general] key".to_string(),
                    message_vi: "cấu hình mặc định thiếu một khóa trong [general]".to_string(),
                });
                None
            }
        };
        match general {
            Some(general) if errors.is_empty() => Ok(Config {
                general,
                categories: self.categories.into_iter().map(|c| c.value).collect(),
                award_forms: self.award_forms.into_iter().map(|f| f.form.value).collect(),
                issuers: self.issuers.into_iter().map(|c| c.value).collect(),
                limitation_categories: self
                    .limitation_categories
                    .into_iter()
                    .map(|c| c.value)
                    .collect(),
                rule_sets: self
                    .rule_sets
                    .into_iter()
                    .map(|(_, r)| r.rule_set.value)
                    .collect(),
                target: self.targets.into_iter().map(|t| t.value).collect(),
                keys: self.keys,
                report: self.report,
                workflow: super::Workflow {
                    deadline: self.deadline.unwrap_or(super::DEFAULT_DEADLINE),
                },
            }),
            _ => Err(errors),
        }
    }

    /// Each report year is judged by at most one rule set.
    fn check_rule_set_overlaps(&self, errors: &mut Vec<ConfigError>) {
        for (i, (written_a, a)) in self.rule_sets.iter().enumerate() {
            for (written_b, b) in &self.rule_sets[i + 1..] {
                let (ra, rb) = (&a.rule_set.value, &b.rule_set.value);
                let a_ends = ra.to_year.unwrap_or(i32::MAX);
                let b_ends = rb.to_year.unwrap_or(i32::MAX);
                if ra.from_year > b_ends || rb.from_year > a_ends {
                    continue;
                }
                let (later, earlier) = if written_a > written_b {
                    (a, b)
                } else {
                    (b, a)
                };
                let (r, other) = (&later.rule_set.value, &earlier.rule_set.value);
                let span = match other.to_year {
                    Some(to) => format!("{}–{to}", other.from_year),
                    None => format!("{} onwards", other.from_year),
                };
                let span_vi = match other.to_year {
                    Some(to) => format!("{}–{to}", other.from_year),
                    None => format!("từ {} trở đi", other.from_year),
                };
                errors.push(later.from_year_at.error(
                    format!(
                        "bộ quy tắc `{}` trùng năm với bộ quy tắc `{}` ({span_vi}, ở {}); mỗi năm báo cáo chỉ thuộc một bộ quy tắc, hãy đặt to_year cho bộ trước",
                        r.id,
                        other.id,
                        earlier.from_year_at.position()
                    ),
                    format!(
                        "rule set `{}` overlaps rule set `{}` ({span}, at {}); each report year must fall under one rule set only, so end the earlier one with to_year",
                        r.id,
                        other.id,
                        earlier.from_year_at.position()
                    ),
                ));
            }
        }
    }

    /// An award form's usual issuers must be issuers the configuration knows.
    fn check_award_form_issuers(&self, errors: &mut Vec<ConfigError>) {
        let known: Vec<&str> = self.issuers.iter().map(|c| c.value.code.as_str()).collect();
        for form in &self.award_forms {
            for issuer in &form.form.value.issuers {
                if !known.contains(&issuer.as_str()) {
                    errors.push(form.issuers_at.error(
                        format!(
                            "cơ quan khen thưởng `{issuer}` không xác định; các mã đã cấu hình là {}",
                            known.join(", ")
                        ),
                        format!(
                            "unknown issuer `{issuer}`; the configured issuers are {}",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn the_compiled_in_files_load_alone() {
        for layer in builtin_layers() {
            assert!(layer.is_ok(), "{layer:?}");
        }
        let config = Config::builtin();
        assert_eq!(config.general.language, Lang::Vi);
        assert_eq!(config.categories.len(), 4);
        assert_eq!(config.award_forms.len(), 4);
    }

    #[test]
    fn standard_sources_keep_the_explicit_file() {
        let sources = ConfigSources::standard(Some(PathBuf::from("x.toml")));
        assert_eq!(sources.explicit, Some(PathBuf::from("x.toml")));
    }

    #[test]
    fn the_system_layer_is_replaced_only_by_an_unprivileged_process() {
        let etc = SYSTEM_CONFIG.map(PathBuf::from);
        assert_eq!(system_path(None, false), etc);
        assert_eq!(
            system_path(Some("t.toml".into()), false),
            Some(PathBuf::from("t.toml"))
        );
        assert_eq!(system_path(Some("".into()), false), None);
        assert_eq!(system_path(Some("t.toml".into()), true), etc);
        assert_eq!(system_path(Some("".into()), true), etc);
    }
}
