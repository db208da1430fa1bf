//! Reading one configuration file (a *layer*) into typed, located values.
//!
//! The file is parsed into toml's spanned document tree and walked by hand rather than deserialised
//! with serde: every key and value keeps its position, so an unknown key, a wrong type or a value out
//! of range is reported with the file, the line and the full key (`general.language`), in a sentence a
//! clerk can act on, in Vietnamese or English. Every problem in the file is collected, not just the
//! first.

use super::error::{ConfigError, Located, Place};
use super::keys::{parse_chord, KeyExtra, KEY_ACTIONS, KEY_SCREENS};
use super::EnterDirection;
use crate::domain::{
    AwardForm, AwardFormSpec, Category, Coded, Label, RecognitionBasis, RuleSet, Target,
};
use crate::text::{normalize, Lang};
use std::ops::{Range, RangeInclusive};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Years a rule set or a target may name. Wide enough for any real review, narrow enough to catch a
/// typo such as `219` or `20199`, which would otherwise silently match no year at all.
pub(super) const PLAUSIBLE_YEARS: RangeInclusive<i64> = 1990..=2100;

/// A `yoy_change_threshold` above this is almost certainly a percentage typed as a whole number (30
/// for 30%), which would switch the check off.
const MAX_YOY_CHANGE_THRESHOLD: f64 = 10.0;

/// More movement models than this per commune is a typo, not a rule.
const MAX_MIN_MODELS: i64 = 1000;

/// The `[general]` keys a layer sets; `None` = left to the layers below.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct GeneralPatch {
    pub language: Option<Lang>,
    pub enter_direction: Option<EnterDirection>,
    pub yoy_change_threshold: Option<f64>,
    pub warn_unusual_issuer: Option<bool>,
    pub database: Option<std::path::PathBuf>,
}

/// An award form entry; `issuers_at` is where its issuer list is written (the entry's header when
/// it has none), for the check against the merged issuer list.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AwardFormEntry {
    pub form: Located<AwardFormSpec>,
    pub issuers_at: Place,
}

/// A rule set entry; `from_year_at` is where its first year is written, for the overlap check that
/// needs every layer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RuleSetEntry {
    pub rule_set: Located<RuleSet>,
    pub from_year_at: Place,
}

/// Everything one file says. Entries of the lists are complete: a layer replaces a whole entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Layer {
    pub general: GeneralPatch,
    pub categories: Vec<Located<Coded>>,
    pub award_forms: Vec<AwardFormEntry>,
    pub issuers: Vec<Located<Coded>>,
    pub limitation_categories: Vec<Located<Coded>>,
    pub rule_sets: Vec<RuleSetEntry>,
    pub targets: Vec<Located<Target>>,
    pub keys: Vec<KeyExtra>,
    pub report: super::ReportSettings,
    /// `[workflow] deadline`: (month, day).
    pub deadline: Option<(u32, u32)>,
}

/// Who may write a layer, and so what it may hold. The province's policy — rule sets, categories,
/// award forms and issuers, limitation categories, thresholds and targets — comes only from the
/// compiled defaults and the system file (`/etc/antq/config.toml`); a user's own files (the user
/// config folder, `--config`, `ANTQ_CONFIG`) hold preferences only, so that a clerk cannot judge
/// their own figures by rules of their own making.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LayerKind {
    /// The compiled defaults and the system file: every key.
    Policy,
    /// A user's file: language, Enter direction, added keys (and the database they use).
    Preferences,
    /// A file of `[[target]]` entries alone, as `antq targets import` reads it.
    Targets,
}

/// The sections of the province's policy (never in a user's file).
const POLICY_SECTIONS: &[&str] = &[
    "categories",
    "award_forms",
    "issuers",
    "limitation_categories",
    "rule_sets",
    "target",
    "workflow",
];
/// The `[general]` keys that are the province's policy: they decide what `check` finds.
const POLICY_GENERAL_KEYS: &[&str] = &["yoy_change_threshold", "warn_unusual_issuer"];

const TOP_LEVEL_KEYS: &[&str] = &[
    "general",
    "workflow",
    "categories",
    "award_forms",
    "issuers",
    "limitation_categories",
    "rule_sets",
    "target",
    "keys",
    "report",
];
const GENERAL_KEYS: &[&str] = &[
    "language",
    "enter_direction",
    "yoy_change_threshold",
    "warn_unusual_issuer",
    "database",
];
const CODED_KEYS: &[&str] = &["code", "vi", "en"];
const AWARD_FORM_KEYS: &[&str] = &["code", "vi", "en", "issuers"];
const RULE_SET_KEYS: &[&str] = &[
    "id",
    "name",
    "from_year",
    "to_year",
    "basis",
    "min_share",
    "require_police_advanced",
    "min_models",
];
const LABEL_KEYS: &[&str] = &["vi", "en"];
const TARGET_KEYS: &[&str] = &["year", "category", "min_share", "locality"];

/// Parses one file. `file` is the name errors carry (the path as given); `kind` says whether it may
/// hold the province's policy.
pub(super) fn read_layer(
    file: &str,
    text: &str,
    kind: LayerKind,
) -> Result<Layer, Vec<ConfigError>> {
    // Notepad saves UTF-8 with a byte-order mark; TOML does not allow one. It holds no newline, so
    // line numbers stay right.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = Reader {
        file: Arc::from(file),
        text,
        line_starts: text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1)
            .collect(),
        errors: Vec::new(),
        kind,
    };
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(e) => return Err(vec![reader.syntax_error(&e)]),
    };
    let layer = reader.layer(document.get_ref());
    if reader.errors.is_empty() {
        Ok(layer)
    } else {
        reader.errors.sort_by_key(|e| e.line);
        Err(reader.errors)
    }
}

/// The kinds of value the configuration uses, for "expected …" in messages.
#[derive(Debug, Clone, Copy)]
enum Expected {
    Text,
    Number,
    WholeNumber,
    Boolean,
    Table,
    ListOfTables,
    ListOfTexts,
}

impl Expected {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Expected::Text => ("một chuỗi trong dấu ngoặc kép", "a text in quotes"),
            Expected::Number => ("một số", "a number"),
            Expected::WholeNumber => ("một số nguyên", "a whole number"),
            Expected::Boolean => ("true hoặc false", "true or false"),
            Expected::Table => ("một bảng", "a table"),
            Expected::ListOfTables => (
                "một danh sách bảng (các mục [[…]])",
                "a list of tables ([[…]] sections)",
            ),
            Expected::ListOfTexts => (
                "một danh sách chuỗi như [\"a\", \"b\"]",
                "a list of texts such as [\"a\", \"b\"]",
            ),
        }
    }
}

fn describe_found(value: &DeValue<'_>) -> (String, String) {
    match value {
        DeValue::String(s) => (format!("chuỗi \"{s}\""), format!("the text \"{s}\"")),
        DeValue::Integer(i) => (format!("số nguyên {i}"), format!("the whole number {i}")),
        DeValue::Float(f) => (format!("số {f}"), format!("the number {f}")),
        DeValue::Boolean(b) => (format!("{b}"), format!("{b}")),
        DeValue::Datetime(d) => (format!("ngày {d}"), format!("the date {d}")),
        DeValue::Array(_) => ("một danh sách".into(), "a list".into()),
        DeValue::Table(_) => ("một bảng".into(), "a table".into()),
    }
}

/// `a`, `b` and `c` — for "expected one of …".
fn one_of(choices: &[&str], and: &str) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("`{c}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The allowed key a typo most likely meant: at most two edits away, and no more than a third of the
/// word changed (so `fr` does not suggest `vi`).
fn closest<'k>(word: &str, choices: &[&'k str]) -> Option<&'k str> {
    let length = word.chars().count();
    choices
        .iter()
        // Optimal string alignment: a transposition (`langauge`) counts as one edit.
        .map(|c| (strsim::osa_distance(word, c), *c))
        .filter(|(distance, _)| *distance <= 2 && distance * 3 <= length)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The codes that appear in CSV files and on the command line: lower-case ASCII, digits, `_`.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

struct Reader<'t> {
    file: Arc<str>,
    text: &'t str,
    /// The byte offset at which each line after the first begins: an entry's line is a binary
    /// search, not a count from the top (which made a file of many targets quadratic).
    line_starts: Vec<usize>,
    errors: Vec<ConfigError>,
    kind: LayerKind,
}

/// One table being read: its key path and where its header is, for "missing key" errors.
#[derive(Clone, Copy)]
struct TableAt<'a, 'i> {
    table: &'a DeTable<'i>,
    path: &'a str,
    span: &'a Range<usize>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.line_starts.partition_point(|&start| start <= end) + 1
    }

    fn place(&self, span: &Range<usize>, key: &str) -> Place {
        Place {
            file: self.file.clone(),
            line: self.line_of(span),
            key: key.to_string(),
        }
    }

    fn report(&mut self, span: &Range<usize>, key: &str, vi: String, en: String) {
        let error = self.place(span, key).error(vi, en);
        self.errors.push(error);
    }

    fn syntax_error(&self, error: &toml::de::Error) -> ConfigError {
        let detail = error.message().trim_end().to_string();
        let (line, key) = match error.span() {
            Some(span) => {
                let line = self.line_of(&span);
                (Some(line), self.key_on_line(line))
            }
            None => (None, None),
        };
        ConfigError {
            file: self.file.to_string(),
            line,
            key,
            message: format!("this is not valid TOML: {detail}"),
            message_vi: format!("không đúng cú pháp TOML: {detail}"),
        }
    }

    /// The key written on a line that does not parse, prefixed by the section it is in: a guess from
    /// the text, since there is no tree to walk.
    fn key_on_line(&self, line: usize) -> Option<String> {
        let lines: Vec<&str> = self.text.lines().collect();
        let section = lines
            .iter()
            .take(line)
            .rev()
            .map(|l| l.trim())
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
        let current = lines.get(line.checked_sub(1)?)?.trim();
        if current.starts_with('[') {
            return section;
        }
        let key = current.split_once('=').map(|(k, _)| k.trim())?;
        let looks_like_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\''));
        if !looks_like_key {
            return section;
        }
        Some(match section {
            Some(section) => join(&section, key),
            None => key.to_string(),
        })
    }

    /// Reports every key of `at` not in `allowed`, with a suggestion when one is close.
    fn deny_unknown_keys(&mut self, at: TableAt<'_, '_>, allowed: &[&str]) {
        for (key, _) in at.table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let (hint_vi, hint_en) = match closest(name, allowed) {
                Some(near) => (
                    format!("có phải ý bạn là `{near}`?"),
                    format!("did you mean `{near}`?"),
                ),
                None => (
                    format!("các khóa ở đây là {}", one_of(allowed, "và")),
                    format!("the keys here are {}", one_of(allowed, "and")),
                ),
            };
            self.report(
                &key.span(),
                &join(at.path, name),
                format!("khóa không xác định; {hint_vi}"),
                format!("unknown key; {hint_en}"),
            );
        }
    }

    fn value<'a, 'i>(
        &mut self,
        at: TableAt<'a, 'i>,
        key: &str,
        required: bool,
    ) -> Option<&'a Spanned<DeValue<'i>>> {
        let found = at
            .table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v);
        if found.is_none() && required {
            self.report(
                at.span,
                &join(at.path, key),
                "thiếu khóa này; khóa này là bắt buộc".to_string(),
                "this key is missing; it is required here".to_string(),
            );
        }
        found
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, key: &str, expected: Expected) {
        let (expected_vi, expected_en) = expected.describe();
        let (found_vi, found_en) = describe_found(value.get_ref());
        self.report(
            &value.span(),
            key,
            format!("cần {expected_vi}, nhưng lại là {found_vi}"),
            format!("expected {expected_en}, found {found_en}"),
        );
    }

    fn text(&mut self, at: TableAt<'_, '_>, key: &str, required: bool) -> Option<Located<String>> {
        let value = self.value(at, key, required)?;
        let path = join(at.path, key);
        match value.get_ref() {
            DeValue::String(s) => Some(Located {
                value: s.to_string(),
                at: self.place(&value.span(), &path),
            }),
            _ => {
                self.wrong_type(value, &path, Expected::Text);
                None
            }
        }
    }

    /// A text that must not be blank; stored trimmed and NFC-normalised like all text.
    fn label_text(&mut self, at: TableAt<'_, '_>, key: &str) -> Option<String> {
        let text = self.text(at, key, true)?;
        let normalized = normalize(&text.value);
        if normalized.is_empty() {
            self.errors.push(text.at.error(
                "nhãn này trống; hãy viết nội dung cần hiển thị",
                "this label is empty; write the text to show",
            ));
            return None;
        }
        Some(normalized)
    }

    fn code(&mut self, at: TableAt<'_, '_>, key: &str) -> Option<Located<String>> {
        let text = self.text(at, key, true)?;
        if !is_code(&text.value) {
            self.errors.push(text.at.error(
                format!(
                    "`{}` không phải là mã hợp lệ; dùng chữ thường a–z không dấu, chữ số và _ (ví dụ province_police_director)",
                    text.value
                ),
                format!(
                    "`{}` is not a valid code; use lower-case letters a–z, digits and _ (e.g. province_police_director)",
                    text.value
                ),
            ));
            return None;
        }
        Some(text)
    }

    /// A text that must be one of `choices`; `what` names the kind of value in messages.
    fn choice<T>(
        &mut self,
        at: TableAt<'_, '_>,
        key: &str,
        required: bool,
        what: (&str, &str),
        parse: impl Fn(&str) -> Option<T>,
        choices: &[&str],
    ) -> Option<Located<T>> {
        let text = self.text(at, key, required)?;
        if let Some(parsed) = parse(&text.value) {
            return Some(Located {
                value: parsed,
                at: text.at,
            });
        }
        let (what_vi, what_en) = what;
        self.errors.push(text.at.error(
            format!(
                "{what_vi} `{}` không xác định; cần {}",
                text.value,
                one_of(choices, "hoặc")
            ),
            format!(
                "unknown {what_en} `{}`; expected {}",
                text.value,
                one_of(choices, "or")
            ),
        ));
        None
    }

    fn number(&mut self, at: TableAt<'_, '_>, key: &str, required: bool) -> Option<Located<f64>> {
        let value = self.value(at, key, required)?;
        let path = join(at.path, key);
        let number = match value.get_ref() {
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|i| i as f64),
            _ => None,
        };
        match number {
            Some(number) => Some(Located {
                value: number,
                at: self.place(&value.span(), &path),
            }),
            None => {
                self.wrong_type(value, &path, Expected::Number);
                None
            }
        }
    }

    /// A share of units: a number from 0 to 1 (0.85 = 85%).
    fn share(&mut self, at: TableAt<'_, '_>, key: &str) -> Option<f64> {
        let share = self.number(at, key, true)?;
        if !(0.0..=1.0).contains(&share.value) {
            self.errors.push(share.at.error(
                format!(
                    "{} nằm ngoài khoảng cho phép; tỷ lệ phải từ 0 đến 1 (0.85 là 85%)",
                    share.value
                ),
                format!(
                    "{} is out of range; a share must be between 0 and 1 (0.85 means 85%)",
                    share.value
                ),
            ));
            return None;
        }
        Some(share.value)
    }

    fn whole_number(
        &mut self,
        at: TableAt<'_, '_>,
        key: &str,
        required: bool,
        range: RangeInclusive<i64>,
    ) -> Option<Located<i64>> {
        let value = self.value(at, key, required)?;
        let path = join(at.path, key);
        let DeValue::Integer(integer) = value.get_ref() else {
            self.wrong_type(value, &path, Expected::WholeNumber);
            return None;
        };
        let place = self.place(&value.span(), &path);
        match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(n) if range.contains(&n) => Some(Located {
                value: n,
                at: place,
            }),
            _ => {
                self.errors.push(place.error(
                    format!(
                        "{integer} nằm ngoài khoảng cho phép; cần một số nguyên từ {} đến {}",
                        range.start(),
                        range.end()
                    ),
                    format!(
                        "{integer} is out of range; expected a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                ));
                None
            }
        }
    }

    fn year(&mut self, at: TableAt<'_, '_>, key: &str, required: bool) -> Option<Located<i32>> {
        let year = self.whole_number(at, key, required, PLAUSIBLE_YEARS)?;
        // PLAUSIBLE_YEARS lies well inside i32.
        let value = i32::try_from(year.value).ok()?;
        Some(Located { value, at: year.at })
    }

    fn boolean(&mut self, at: TableAt<'_, '_>, key: &str, required: bool) -> Option<bool> {
        let value = self.value(at, key, required)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(value, &join(at.path, key), Expected::Boolean);
                None
            }
        }
    }

    fn list_of_codes(
        &mut self,
        at: TableAt<'_, '_>,
        key: &str,
    ) -> Option<(Vec<String>, Range<usize>)> {
        let value = self.value(at, key, false)?;
        let path = join(at.path, key);
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, &path, Expected::ListOfTexts);
            return None;
        };
        let mut codes = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if is_code(s) => codes.push(s.to_string()),
                DeValue::String(s) => self.report(
                    &item.span(),
                    &path,
                    format!(
                        "`{s}` không phải là mã hợp lệ; dùng chữ thường a–z không dấu, chữ số và _"
                    ),
                    format!("`{s}` is not a valid code; use lower-case letters a–z, digits and _"),
                ),
                _ => self.wrong_type(item, &path, Expected::Text),
            }
        }
        Some((codes, value.span()))
    }

    /// The tables of a `[[key]]` list, each with its header span.
    fn tables<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        key: &str,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, key, Expected::ListOfTables);
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((table, item.span())),
                _ => self.wrong_type(item, key, Expected::ListOfTables),
            }
        }
        tables
    }

    fn layer(&mut self, document: &DeTable<'_>) -> Layer {
        let root_span = 0..0;
        let root = TableAt {
            table: document,
            path: "",
            span: &root_span,
        };
        let mut layer = Layer::default();
        if self.kind == LayerKind::Targets {
            self.deny_unknown_keys(root, &["target"]);
            layer.targets = self.list(root, "target", Reader::target);
            self.deny_duplicates(&layer);
            return layer;
        }
        self.deny_unknown_keys(root, TOP_LEVEL_KEYS);
        if self.kind == LayerKind::Preferences {
            self.deny_policy(root);
        }
        if let Some(value) = self.value(root, "general", false) {
            match value.get_ref() {
                DeValue::Table(table) => {
                    let span = value.span();
                    let at = TableAt {
                        table,
                        path: "general",
                        span: &span,
                    };
                    layer.general = self.general(at);
                }
                _ => self.wrong_type(value, "general", Expected::Table),
            }
        }
        if self.kind == LayerKind::Policy {
            self.policy(root, &mut layer);
        }
        layer.keys = self.keys(root);
        // Who issues and signs a document is the office's letterhead, not a rule: a user's file may
        // set it for the documents they print.
        layer.report = self.report_settings(root);
        self.deny_duplicates(&layer);
        layer
    }

    /// The sections only the compiled defaults and the system file may hold.
    fn policy(&mut self, root: TableAt<'_, '_>, layer: &mut Layer) {
        if let Some(value) = self.value(root, "workflow", false) {
            match value.get_ref() {
                DeValue::Table(table) => {
                    let span = value.span();
                    let at = TableAt {
                        table,
                        path: "workflow",
                        span: &span,
                    };
                    layer.deadline = self.workflow(at);
                }
                _ => self.wrong_type(value, "workflow", Expected::Table),
            }
        }
        layer.categories = self.list(root, "categories", |reader, at| {
            let code = reader.choice(
                at,
                "code",
                true,
                ("nhóm", "category"),
                |s| Category::parse(s).map(|c| c.code().to_string()),
                &Category::ALL.map(Category::code),
            );
            reader.coded(at, code)
        });
        layer.issuers = self.list(root, "issuers", |reader, at| {
            let code = reader.code(at, "code");
            reader.coded(at, code)
        });
        layer.limitation_categories = self.list(root, "limitation_categories", |reader, at| {
            let code = reader.code(at, "code");
            reader.coded(at, code)
        });
        layer.award_forms = self.list(root, "award_forms", Reader::award_form);
        layer.rule_sets = self.list(root, "rule_sets", Reader::rule_set);
        layer.targets = self.list(root, "target", Reader::target);
    }

    /// In a user's file, each policy key is an error saying where it belongs.
    fn deny_policy(&mut self, root: TableAt<'_, '_>) {
        for (key, value) in root.table.iter() {
            let name = key.get_ref().as_ref();
            if POLICY_SECTIONS.contains(&name) {
                let (vi, en) = policy_home(name);
                self.report(&key.span(), name, vi, en);
            }
            if name != "general" {
                continue;
            }
            let DeValue::Table(general) = value.get_ref() else {
                continue;
            };
            for (key, _) in general.iter() {
                let name = key.get_ref().as_ref();
                if POLICY_GENERAL_KEYS.contains(&name) {
                    let (vi, en) = policy_home(name);
                    self.report(&key.span(), &join("general", name), vi, en);
                }
            }
        }
    }

    /// `[workflow]`: the deadline of the units' packages, `"MM-DD"` of the report year.
    fn workflow(&mut self, at: TableAt<'_, '_>) -> Option<(u32, u32)> {
        self.deny_unknown_keys(at, &["deadline"]);
        let text = self.text(at, "deadline", false)?;
        let parsed = text.value.split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            // 2000 is a leap year: 02-29 is a day some years have.
            chrono::NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
        });
        if parsed.is_none() {
            self.errors.push(text.at.error(
                format!(
                    "{:?} không phải một ngày dạng \"tháng-ngày\", ví dụ \"12-15\"",
                    text.value
                ),
                format!(
                    "{:?} is not a day written \"month-day\", e.g. \"12-15\"",
                    text.value
                ),
            ));
        }
        parsed
    }

    fn general(&mut self, at: TableAt<'_, '_>) -> GeneralPatch {
        self.deny_unknown_keys(at, GENERAL_KEYS);
        let language = self
            .choice(
                at,
                "language",
                false,
                ("ngôn ngữ", "language"),
                Lang::parse,
                &["vi", "en"],
            )
            .map(|l| l.value);
        let enter_direction = self
            .choice(
                at,
                "enter_direction",
                false,
                ("hướng", "direction"),
                |s| match s {
                    "down" => Some(EnterDirection::Down),
                    "right" => Some(EnterDirection::Right),
                    _ => None,
                },
                &["down", "right"],
            )
            .map(|d| d.value);
        let policy = self.kind == LayerKind::Policy;
        let yoy_change_threshold =
            policy.then(|| self.number(at, "yoy_change_threshold", false)).flatten()
                .and_then(|threshold| {
                    if threshold.value > 0.0 && threshold.value <= MAX_YOY_CHANGE_THRESHOLD {
                        Some(threshold.value)
                    } else {
                        self.errors.push(threshold.at.error(
                            format!(
                                "{} nằm ngoài khoảng cho phép; viết mức thay đổi dưới dạng tỷ lệ lớn hơn 0 và không quá {MAX_YOY_CHANGE_THRESHOLD} (0.3 là 30%)",
                                threshold.value
                            ),
                            format!(
                                "{} is out of range; write the change as a share above 0 and at most {MAX_YOY_CHANGE_THRESHOLD} (0.3 means 30%)",
                                threshold.value
                            ),
                        ));
                        None
                    }
                });
        let warn_unusual_issuer = policy
            .then(|| self.boolean(at, "warn_unusual_issuer", false))
            .flatten();
        // The shared database of a server: absolute, so that it does not depend on the folder a
        // clerk happens to start antq in.
        let database = self.text(at, "database", false).and_then(|path| {
            let p = std::path::PathBuf::from(&path.value);
            if p.is_absolute() {
                Some(p)
            } else {
                self.errors.push(path.at.error(
                    format!("{:?} không phải đường dẫn tuyệt đối; viết đường dẫn đầy đủ, ví dụ \"/var/lib/antq/antq.sqlite3\"", path.value),
                    format!("{:?} is not an absolute path; write the full path, e.g. \"/var/lib/antq/antq.sqlite3\"", path.value),
                ));
                None
            }
        });
        GeneralPatch {
            language,
            enter_direction,
            yoy_change_threshold,
            warn_unusual_issuer,
            database,
        }
    }

    /// `[report]`: the words of the documents' header and signature, each a text that must not be
    /// blank (a key left out is derived or left for the clerk), NFC like all text.
    fn report_settings(&mut self, root: TableAt<'_, '_>) -> super::ReportSettings {
        const REPORT_KEYS: &[&str] = &[
            "parent_body",
            "issuing_body",
            "symbol",
            "place",
            "signer_title",
            "signer_capacity",
            "signer",
            "recipients",
        ];
        let Some(value) = self.value(root, "report", false) else {
            return super::ReportSettings::default();
        };
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(value, "report", Expected::Table);
            return super::ReportSettings::default();
        };
        let span = value.span();
        let at = TableAt {
            table,
            path: "report",
            span: &span,
        };
        self.deny_unknown_keys(at, REPORT_KEYS);
        let text = |reader: &mut Self, key: &str| match reader.value(at, key, false) {
            Some(_) => reader.label_text(at, key),
            None => None,
        };
        let recipients = match self.value(at, "recipients", false) {
            Some(value) => match value.get_ref() {
                DeValue::Array(items) => {
                    let mut lines = Vec::new();
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) => lines.push(normalize(s)),
                            _ => self.wrong_type(item, "report.recipients", Expected::Text),
                        }
                    }
                    Some(lines)
                }
                _ => {
                    self.wrong_type(value, "report.recipients", Expected::ListOfTexts);
                    None
                }
            },
            None => None,
        };
        super::ReportSettings {
            parent_body: text(self, "parent_body"),
            issuing_body: text(self, "issuing_body"),
            symbol: text(self, "symbol"),
            place: text(self, "place"),
            signer_title: text(self, "signer_title"),
            signer_capacity: text(self, "signer_capacity"),
            signer: text(self, "signer"),
            recipients,
        }
    }

    /// Reads the `[[key]]` list with `entry`, which returns `None` for an entry with errors (they
    /// are reported as found).
    fn list<T>(
        &mut self,
        root: TableAt<'_, '_>,
        key: &str,
        entry: impl Fn(&mut Self, TableAt<'_, '_>) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = self.value(root, key, false) else {
            return Vec::new();
        };
        let mut entries = Vec::new();
        for (table, span) in self.tables(value, key) {
            let at = TableAt {
                table,
                path: key,
                span: &span,
            };
            if let Some(e) = entry(self, at) {
                entries.push(e);
            }
        }
        entries
    }

    fn coded(
        &mut self,
        at: TableAt<'_, '_>,
        code: Option<Located<String>>,
    ) -> Option<Located<Coded>> {
        self.deny_unknown_keys(at, CODED_KEYS);
        let vi = self.label_text(at, "vi");
        let en = self.label_text(at, "en");
        let code = code?;
        Some(Located {
            value: Coded {
                code: code.value,
                vi: vi?,
                en: en?,
            },
            at: code.at,
        })
    }

    fn award_form(&mut self, at: TableAt<'_, '_>) -> Option<AwardFormEntry> {
        self.deny_unknown_keys(at, AWARD_FORM_KEYS);
        let code = self.choice(
            at,
            "code",
            true,
            ("hình thức khen thưởng", "award form"),
            |s| AwardForm::parse(s).map(|f| f.code().to_string()),
            &AwardForm::ALL.map(AwardForm::code),
        );
        let vi = self.label_text(at, "vi");
        let en = self.label_text(at, "en");
        let issuers = self.list_of_codes(at, "issuers");
        let issuers_span = issuers
            .as_ref()
            .map_or_else(|| at.span.clone(), |(_, span)| span.clone());
        let code = code?;
        Some(AwardFormEntry {
            form: Located {
                value: AwardFormSpec {
                    code: code.value,
                    vi: vi?,
                    en: en?,
                    issuers: issuers.map(|(codes, _)| codes).unwrap_or_default(),
                },
                at: code.at,
            },
            issuers_at: self.place(&issuers_span, &join(at.path, "issuers")),
        })
    }

    fn rule_set(&mut self, at: TableAt<'_, '_>) -> Option<RuleSetEntry> {
        self.deny_unknown_keys(at, RULE_SET_KEYS);
        let id = self.code(at, "id");
        let name = match self.value(at, "name", true) {
            Some(value) => match value.get_ref() {
                DeValue::Table(table) => {
                    let span = value.span();
                    let path = join(at.path, "name");
                    let name_at = TableAt {
                        table,
                        path: &path,
                        span: &span,
                    };
                    self.deny_unknown_keys(name_at, LABEL_KEYS);
                    let vi = self.label_text(name_at, "vi");
                    let en = self.label_text(name_at, "en");
                    vi.zip(en).map(|(vi, en)| Label { vi, en })
                }
                _ => {
                    self.wrong_type(value, &join(at.path, "name"), Expected::Table);
                    None
                }
            },
            None => None,
        };
        let from_year = self.year(at, "from_year", true);
        let to_year = self.year(at, "to_year", false);
        let basis = self
            .choice(
                at,
                "basis",
                true,
                ("cơ sở tính", "basis"),
                |s| match s {
                    "residential_areas" => Some(RecognitionBasis::ResidentialAreas),
                    "all_units" => Some(RecognitionBasis::AllUnits),
                    _ => None,
                },
                &["residential_areas", "all_units"],
            )
            .map(|b| b.value);
        let min_share = self.share(at, "min_share");
        let require_police_advanced = self.boolean(at, "require_police_advanced", true);
        let min_models = self
            .whole_number(at, "min_models", true, 0..=MAX_MIN_MODELS)
            .and_then(|n| u32::try_from(n.value).ok());
        if let (Some(from), Some(to)) = (&from_year, &to_year) {
            if to.value < from.value {
                self.errors.push(to.at.error(
                    format!(
                        "bộ quy tắc kết thúc ({}) trước khi bắt đầu ({}); to_year không được nhỏ hơn from_year",
                        to.value, from.value
                    ),
                    format!(
                        "the rule set ends ({}) before it starts ({}); to_year must not be earlier than from_year",
                        to.value, from.value
                    ),
                ));
                return None;
            }
        }
        let (id, from_year) = (id?, from_year?);
        Some(RuleSetEntry {
            rule_set: Located {
                value: RuleSet {
                    id: id.value,
                    name: name?,
                    from_year: from_year.value,
                    to_year: to_year.map(|y| y.value),
                    basis: basis?,
                    min_share: min_share?,
                    require_police_advanced: require_police_advanced?,
                    min_models: min_models?,
                },
                at: id.at,
            },
            from_year_at: from_year.at,
        })
    }

    fn target(&mut self, at: TableAt<'_, '_>) -> Option<Located<Target>> {
        self.deny_unknown_keys(at, TARGET_KEYS);
        let year = self.year(at, "year", true);
        let category = self
            .choice(
                at,
                "category",
                true,
                ("nhóm", "category"),
                Category::parse,
                &Category::ALL.map(Category::code),
            )
            .map(|c| c.value);
        let min_share = self.share(at, "min_share");
        let locality = match self.text(at, "locality", false) {
            Some(text) if normalize(&text.value).is_empty() => {
                self.errors.push(text.at.error(
                    "mã địa bàn trống; bỏ khóa này nếu chỉ tiêu áp dụng toàn tỉnh",
                    "the locality code is empty; remove the key for a province-wide target",
                ));
                return None;
            }
            Some(text) => Some(normalize(&text.value)),
            None => None,
        };
        Some(Located {
            value: Target {
                year: year?.value,
                category: category?,
                min_share: min_share?,
                locality,
            },
            at: self.place(at.span, at.path),
        })
    }

    /// `[keys.<screen>] <action> = ["<key>", …]`: names checked here, the rest by the TUI's key map.
    fn keys(&mut self, root: TableAt<'_, '_>) -> Vec<KeyExtra> {
        let mut extras = Vec::new();
        let Some(value) = self.value(root, "keys", false) else {
            return extras;
        };
        let DeValue::Table(screens) = value.get_ref() else {
            self.wrong_type(value, "keys", Expected::Table);
            return extras;
        };
        let span = value.span();
        self.deny_unknown_keys(
            TableAt {
                table: screens,
                path: "keys",
                span: &span,
            },
            KEY_SCREENS,
        );
        for (screen_key, screen_value) in screens.iter() {
            let screen = screen_key.get_ref().as_ref();
            if !KEY_SCREENS.contains(&screen) {
                continue;
            }
            let screen_path = join("keys", screen);
            let DeValue::Table(actions) = screen_value.get_ref() else {
                self.wrong_type(screen_value, &screen_path, Expected::Table);
                continue;
            };
            let span = screen_value.span();
            self.deny_unknown_keys(
                TableAt {
                    table: actions,
                    path: &screen_path,
                    span: &span,
                },
                KEY_ACTIONS,
            );
            for (action_key, keys_value) in actions.iter() {
                let action = action_key.get_ref().as_ref();
                if !KEY_ACTIONS.contains(&action) {
                    continue;
                }
                let path = join(&screen_path, action);
                let DeValue::Array(items) = keys_value.get_ref() else {
                    self.wrong_type(keys_value, &path, Expected::ListOfTexts);
                    continue;
                };
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(text) => match parse_chord(text) {
                            Ok(chord) => extras.push(KeyExtra {
                                screen: screen.to_string(),
                                action: action.to_string(),
                                chord,
                                at: self.place(&item.span(), &path),
                            }),
                            Err((vi, en)) => self.report(&item.span(), &path, vi, en),
                        },
                        _ => self.wrong_type(item, &path, Expected::Text),
                    }
                }
            }
        }
        extras
    }

    /// Two entries with the same code (or id, or target key, or key on a screen) in one file: the
    /// second would silently win, so it is an error.
    fn deny_duplicates(&mut self, layer: &Layer) {
        let mut seen: std::collections::HashMap<String, &Place> = std::collections::HashMap::new();
        let keyed = layer
            .categories
            .iter()
            .map(|c| {
                (
                    format!("categories {}", c.value.code),
                    &c.at,
                    quoted(&c.value.code),
                )
            })
            .chain(layer.issuers.iter().map(|c| {
                (
                    format!("issuers {}", c.value.code),
                    &c.at,
                    quoted(&c.value.code),
                )
            }))
            .chain(layer.limitation_categories.iter().map(|c| {
                (
                    format!("limitation_categories {}", c.value.code),
                    &c.at,
                    quoted(&c.value.code),
                )
            }))
            .chain(layer.award_forms.iter().map(|f| {
                (
                    format!("award_forms {}", f.form.value.code),
                    &f.form.at,
                    quoted(&f.form.value.code),
                )
            }))
            .chain(layer.rule_sets.iter().map(|r| {
                (
                    format!("rule_sets {}", r.rule_set.value.id),
                    &r.rule_set.at,
                    quoted(&r.rule_set.value.id),
                )
            }))
            .chain(layer.targets.iter().map(|t| {
                let name = target_name(&t.value);
                (format!("target {name}"), &t.at, name)
            }))
            .chain(layer.keys.iter().map(|k| {
                (
                    format!("keys {} {}", k.screen, k.chord),
                    &k.at,
                    format!("`{}` on `{}`", k.chord, k.screen),
                )
            }));
        let mut duplicates = Vec::new();
        for (identity, at, name) in keyed {
            match seen.get(&identity) {
                Some(first) => duplicates.push(at.error(
                    format!("{name} được khai báo hai lần trong tệp này (lần đầu ở dòng {}); chỉ giữ một", first.line),
                    format!("{name} is defined twice in this file (first at line {}); keep one", first.line),
                )),
                None => {
                    seen.insert(identity, at);
                }
            }
        }
        self.errors.extend(duplicates);
    }
}

/// Where a policy key found in a user's file belongs, in both languages.
fn policy_home(key: &str) -> (String, String) {
    if key == "target" {
        return (
            "chỉ tiêu là số liệu của tỉnh, lưu trong cơ sở dữ liệu, không thuộc cấu hình của người dùng; cán bộ tỉnh đặt chỉ tiêu bằng `antq targets import TỆP` (cùng dạng [[target]])".to_string(),
            "targets are the province's data, kept in the database, not a user preference; a province user sets them with `antq targets import FILE` (the same [[target]] format)".to_string(),
        );
    }
    (
        format!("`{key}` là quy định của tỉnh, không thuộc cấu hình của người dùng (tệp của người dùng chỉ chứa ngôn ngữ, hướng phím Enter, cơ sở dữ liệu và phím thêm); quản trị viên đặt nó trong /etc/antq/config.toml"),
        format!("`{key}` is the province's policy, not a user preference (a user's file holds only the language, the Enter direction, the database and added keys); the administrator sets it in /etc/antq/config.toml"),
    )
}

fn quoted(code: &str) -> String {
    format!("`{code}`")
}

/// How a target is named in messages.
fn target_name(target: &Target) -> String {
    match &target.locality {
        Some(locality) => format!(
            "the target for {} {} in locality {locality}",
            target.year,
            target.category.code()
        ),
        None => format!(
            "the province-wide target for {} {}",
            target.year,
            target.category.code()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_are_close() {
        assert_eq!(closest("langauge", GENERAL_KEYS), Some("language"));
        assert_eq!(closest("targets", TOP_LEVEL_KEYS), Some("target"));
        assert_eq!(closest("colour", GENERAL_KEYS), None);
        assert_eq!(closest("fr", LABEL_KEYS), None);
    }

    #[test]
    fn codes_are_lower_case_ascii() {
        assert!(is_code("province_police_director"));
        assert!(is_code("tt23_2012"));
        assert!(!is_code("Ministry"));
        assert!(!is_code("bộ"));
        assert!(!is_code(""));
        assert!(!is_code("a b"));
    }

    #[test]
    fn the_key_of_a_line_that_does_not_parse_is_guessed_from_its_section() {
        let text = "[general]\nlanguage = \"vi\n";
        let errors =
            read_layer("f.toml", text, LayerKind::Policy).expect_err("an unterminated string");
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(errors[0].key.as_deref(), Some("general.language"));
    }
}
