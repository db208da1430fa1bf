//! Submission and approval of a reporting unit's year (a district, or a commune where the year has
//! no district), users, the audit trail and its verification.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::workflow::{Role, State, User};
use crate::domain::{completeness, Assessment, Field, Level, Locality};
use crate::error::{Error, Result};
use crate::store::audit::{AuditRow, ChainCheck};
use crate::store::workflow::{Move, StateRecord};
use crate::store::Store;
use crate::text::Lang;
use std::collections::HashMap;

fn state_word(s: State, lang: Lang) -> &'static str {
    match (s, lang) {
        (State::Draft, Lang::Vi) => "đang nhập",
        (State::Submitted, Lang::Vi) => "đã nộp",
        (State::Approved, Lang::Vi) => "đã duyệt",
        (State::Draft, Lang::En) => "draft",
        (State::Submitted, Lang::En) => "submitted",
        (State::Approved, Lang::En) => "approved",
    }
}

/// How often a submission is judged again when another process wrote while it was being judged.
const JUDGE_ATTEMPTS: usize = 5;

/// A clerk hands the year in: refused while a unit of the reporting unit is not entered (a field the
/// year's rule set asks of it not reported) or `check` finds errors, each listed. What the refusal
/// depends on is judged on the data as of one audit row and the move is made only if nothing was
/// written since (inside the write transaction); otherwise it is judged again.
pub fn submit(store: &mut Store, config: &Config, year: i32, code: &str) -> Result<()> {
    let d = access::reporting_unit(store, year, code)?;
    for _ in 0..JUDGE_ATTEMPTS {
        let judged_at = store.audit_head()?;
        ensure_own_unit(store, &d, ("nộp số liệu", "submit only"))?;
        let state = store.state(year, code)?;
        if state != State::Draft {
            return Err(not_draft(year, &d.name, state));
        }
        let missing = not_entered(store, config, year, &d)?;
        if !missing.is_empty() {
            let list = |lang| {
                missing
                    .iter()
                    .map(|(l, fields)| {
                        let fields: Vec<&str> = fields.iter().map(|f| f.code()).collect();
                        match lang {
                            Lang::Vi => {
                                format!("  {} {}: thiếu {}", l.code, l.name, fields.join(", "))
                            }
                            Lang::En => {
                                format!("  {} {}: missing {}", l.code, l.name, fields.join(", "))
                            }
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            return Err(Error::data(
                format!(
                    "không nộp được: {} đơn vị chưa nhập đủ số liệu\n{}",
                    missing.len(),
                    list(Lang::Vi)
                ),
                format!(
                    "cannot submit: {} units are not fully entered\n{}",
                    missing.len(),
                    list(Lang::En)
                ),
            ));
        }
        let result = super::check::run(store, config, year, Some(code))?;
        if result.errors() > 0 {
            let listed_vi = result.error_lines(Lang::Vi);
            let listed_en = result.error_lines(Lang::En);
            return Err(Error::data(
                format!(
                    "không nộp được: kiểm tra còn {} lỗi\n{listed_vi}",
                    result.errors()
                ),
                format!(
                    "cannot submit: check finds {} errors\n{listed_en}",
                    result.errors()
                ),
            ));
        }
        match store.move_state(
            year,
            code,
            &[State::Draft],
            State::Submitted,
            "",
            Some(judged_at),
        )? {
            Move::Done => return Ok(()),
            Move::Refused(state) => return Err(not_draft(year, &d.name, state)),
            Move::Stale => continue,
        }
    }
    Err(busy_elsewhere(year, &d.name))
}

/// The units of the reporting unit `d` (its communes and its own row; a commune reporting unit is its
/// own row) that are not entered in `year`, with the fields each lacks.
pub fn not_entered(
    store: &Store,
    config: &Config,
    year: i32,
    d: &Locality,
) -> Result<Vec<(Locality, Vec<Field>)>> {
    let data = store.year_data(year)?;
    let rule_set = config.rule_set(year);
    let rows: HashMap<&str, &Assessment> = data
        .assessments
        .iter()
        .map(|a| (a.locality_code.as_str(), a))
        .collect();
    Ok(data
        .localities
        .iter()
        .filter(|l| l.code == d.code || l.parent_code.as_deref() == Some(d.code.as_str()))
        .filter_map(|l| {
            let missing =
                completeness::missing_fields(l.level, rows.get(l.code.as_str()).copied(), rule_set);
            (!missing.is_empty()).then(|| (l.clone(), missing))
        })
        .collect())
}

/// Refuses a workflow act on reporting unit `d` by a read-only login or another unit's clerk; `act` is
/// the verb in both languages ("nộp số liệu" / "submit only").
fn ensure_own_unit(store: &Store, d: &Locality, act: (&str, &str)) -> Result<()> {
    let rights = Rights::of(store)?;
    if rights == Rights::ReadOnly {
        return Err(access::read_only_message(store.user()));
    }
    if !rights.may_edit_unit(Some(&d.code)) {
        let (vi, en) = match d.level {
            Level::District => ("huyện", "district"),
            _ => ("đơn vị", "unit"),
        };
        return Err(Error::data(
            format!("{} chỉ được {} của {vi} mình", store.user(), act.0),
            format!("{} may {} their own {en}", store.user(), act.1),
        ));
    }
    Ok(())
}

fn not_draft(year: i32, name: &str, state: State) -> Error {
    Error::data(
        format!(
            "số liệu năm {year} của {name} đang ở trạng thái \"{}\": không nộp lại được",
            state_word(state, Lang::Vi)
        ),
        format!(
            "the {year} figures of {name} are {}: they cannot be submitted again",
            state_word(state, Lang::En)
        ),
    )
}

fn busy_elsewhere(year: i32, name: &str) -> Error {
    Error::env(
        format!("số liệu năm {year} của {name} đang được sửa ở nơi khác trong lúc kiểm tra: hãy thử lại"),
        format!("the {year} figures of {name} kept changing elsewhere while they were judged: try again"),
    )
}

/// The unit's clerk (or a province user) takes a submitted unit-year back to draft to correct it; only
/// while it is not approved (then only the province's `reopen`). Judged like [`approve`].
pub fn recall(store: &mut Store, year: i32, code: &str) -> Result<()> {
    let d = access::reporting_unit(store, year, code)?;
    for _ in 0..JUDGE_ATTEMPTS {
        let judged_at = store.audit_head()?;
        ensure_own_unit(store, &d, ("lấy lại số liệu", "recall only"))?;
        match store.move_state(year, code, &[State::Submitted], State::Draft, "", Some(judged_at))? {
            Move::Done => return Ok(()),
            Move::Stale => continue,
            Move::Refused(State::Approved) => {
                return Err(Error::data(
                    format!("số liệu năm {year} của {} đã được duyệt: chỉ cấp tỉnh mở lại được (antq reopen)", d.name),
                    format!("the {year} figures of {} are approved: only the province can reopen them (antq reopen)", d.name),
                ))
            }
            Move::Refused(_) => {
                return Err(Error::data(
                    format!("số liệu năm {year} của {} chưa nộp: không có gì để lấy lại", d.name),
                    format!("the {year} figures of {} are not submitted: there is nothing to recall", d.name),
                ))
            }
        }
    }
    Err(busy_elsewhere(year, &d.name))
}

/// The province approves a submitted unit-year, refused while `check` (with this process's rules)
/// finds errors. Rights and errors are judged as of one audit row and the move made only if nothing
/// was written since (a demotion or an edit in between is not missed).
pub fn approve(store: &mut Store, config: &Config, year: i32, code: &str) -> Result<()> {
    let d = access::reporting_unit(store, year, code)?;
    for _ in 0..JUDGE_ATTEMPTS {
        let judged_at = store.audit_head()?;
        access::ensure_province(store)?;
        // The province judges with its own rules what it signs: the clerk's configuration may differ.
        let result = super::check::run(store, config, year, Some(code))?;
        if result.errors() > 0 {
            return Err(Error::data(
                format!(
                    "không duyệt được: kiểm tra còn {} lỗi\n{}",
                    result.errors(),
                    result.error_lines(Lang::Vi)
                ),
                format!(
                    "cannot approve: check finds {} errors\n{}",
                    result.errors(),
                    result.error_lines(Lang::En)
                ),
            ));
        }
        match store.move_state(
            year,
            code,
            &[State::Submitted],
            State::Approved,
            "",
            Some(judged_at),
        )? {
            Move::Done => return Ok(()),
            Move::Stale => continue,
            Move::Refused(s) => {
                return Err(Error::data(
                    format!(
                        "chỉ duyệt được số liệu đã nộp; năm {year} của {} đang \"{}\"",
                        d.name,
                        state_word(s, Lang::Vi)
                    ),
                    format!(
                        "only submitted figures can be approved; {year} of {} is {}",
                        d.name,
                        state_word(s, Lang::En)
                    ),
                ))
            }
        }
    }
    Err(busy_elsewhere(year, &d.name))
}

/// The province takes a submitted or approved unit-year back to draft, with a reason; judged like
/// [`approve`].
pub fn reopen(store: &mut Store, year: i32, code: &str, reason: &str) -> Result<()> {
    let d = access::reporting_unit(store, year, code)?;
    let reason = crate::text::normalize(reason);
    if reason.is_empty() {
        return Err(Error::data(
            "cần ghi lý do mở lại (--reason)",
            "a reason is needed (--reason)",
        ));
    }
    for _ in 0..JUDGE_ATTEMPTS {
        let judged_at = store.audit_head()?;
        access::ensure_province(store)?;
        match store.move_state(
            year,
            code,
            &[State::Submitted, State::Approved],
            State::Draft,
            &reason,
            Some(judged_at),
        )? {
            Move::Done => return Ok(()),
            Move::Stale => continue,
            Move::Refused(_) => {
                return Err(Error::data(
                    format!(
                        "số liệu năm {year} của {} đang nhập, không cần mở lại",
                        d.name
                    ),
                    format!("the {year} figures of {} are a draft already", d.name),
                ))
            }
        }
    }
    Err(busy_elsewhere(year, &d.name))
}

/// A reporting unit's standing in a year, as `antq status` prints it and the province's grid shows
/// it: its state, the newest sealed package received from it, and whether it is late.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStatus {
    pub unit: Locality,
    pub state: Option<StateRecord>,
    pub received: Option<crate::store::provenance::Received>,
    /// Handed in (package received, or submitted here) after the deadline (`[workflow] deadline` of
    /// the report year), or not handed in and the deadline past `today`.
    pub late: bool,
}

impl UnitStatus {
    pub fn state(&self) -> State {
        self.state.as_ref().map_or(State::Draft, |r| r.state)
    }
}

/// Each reporting unit of the year (the districts, or the communes of a province without districts;
/// the provinces from which a province-level package was received, first) with its state, its
/// newest package received and whether it is late on `today`.
pub fn unit_statuses(
    store: &Store,
    config: &Config,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<Vec<UnitStatus>> {
    use crate::store::provenance::Direction;
    let mut states = store.states(year)?;
    let mut received = store.received_in_year(year, Direction::Unit)?;
    let units = store.localities_in_year(year)?;
    let (month, day) = config.workflow.deadline;
    let deadline = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| chrono::NaiveDate::from_ymd_opt(year, month, day - 1));
    let day_of = |iso: &str| chrono::NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok();
    let provinces = units.iter().filter(|l| l.level == Level::Province);
    // A province's own package (sent up to the ministry, or to a second database of the province)
    // is listed when one was received.
    let reporting = provinces.flat_map(|p| {
        let own = received.contains_key(&p.code).then(|| p.clone());
        own.into_iter()
            .chain(access::reporting_units_of_year(&units, &p.code))
    });
    let mut out = Vec::new();
    for unit in reporting.collect::<Vec<_>>() {
        let state = states.remove(&unit.code);
        let got = received.remove(&unit.code);
        let handed_in = match (&got, &state) {
            (Some(r), _) => day_of(&r.received_at),
            (None, Some(r)) if r.state != State::Draft => day_of(&r.changed_at),
            _ => None,
        };
        let late = deadline.is_some_and(|deadline| handed_in.unwrap_or(today) > deadline);
        out.push(UnitStatus {
            unit,
            state,
            received: got,
            late,
        });
    }
    Ok(out)
}

/// Each reporting unit's state for the year ([`unit_statuses`]): who set it and when; at the
/// province, when its sealed package was received and from which server; "late" when it was handed
/// in after the deadline or has not been by now. Then the targets the province's answers sent down.
pub fn status_text(store: &Store, config: &Config, year: i32, lang: Lang) -> Result<String> {
    let today = chrono::Utc::now().date_naive();
    let mut out = String::new();
    for u in unit_statuses(store, config, year, today)? {
        let mut detail = u
            .state
            .as_ref()
            .filter(|r| !r.changed_at.is_empty())
            .map(|r| {
                let mut s = format!("  {} {}", r.changed_at, r.changed_by);
                if !r.reason.is_empty() {
                    s.push_str(&format!(" — {}", r.reason));
                }
                s
            })
            .unwrap_or_default();
        if let Some(r) = &u.received {
            detail.push_str(&match lang {
                Lang::Vi => format!(
                    "\tnhận {} từ {}@{}",
                    r.received_at, r.sender_login, r.sender_id
                ),
                Lang::En => format!(
                    "\treceived {} from {}@{}",
                    r.received_at, r.sender_login, r.sender_id
                ),
            });
        }
        if u.late {
            detail.push_str(match lang {
                Lang::Vi => "\ttrễ hạn",
                Lang::En => "\tlate",
            });
        }
        out.push_str(&format!(
            "{}\t{}\t{}{detail}\n",
            u.unit.code,
            u.unit.name,
            state_word(u.state(), lang)
        ));
    }
    let mut targets: Vec<_> = super::package::received_targets(store, year)?
        .into_iter()
        .collect();
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    for (unit, list) in targets {
        let shown: Vec<String> = list
            .iter()
            .map(|t| {
                let percent = crate::text::format_share(t.min_share, lang);
                format!(
                    "{} ≥ {percent}",
                    config.category_label(t.category.code(), lang)
                )
            })
            .collect();
        out.push_str(&match lang {
            Lang::Vi => format!("chỉ tiêu tỉnh giao cho {unit}: {}\n", shown.join("; ")),
            Lang::En => format!(
                "targets the province set for {unit}: {}\n",
                shown.join("; ")
            ),
        });
    }
    Ok(out.trim_end().to_string())
}

/// The audit trail of a unit in a year, for `antq history`: of one field when given (a figure's
/// with its note's and flag's changes). A code no year knows, or a field that is neither a figure's
/// nor one the unit's trail holds, is refused with the reason — a typo must not read as "no change".
pub fn history(
    store: &Store,
    year: i32,
    locality: &str,
    field: Option<&str>,
) -> Result<Vec<AuditRow>> {
    // A code or a field that names nothing is a usage error (exit 2), as in `check` and `report`.
    if !store.all_localities()?.iter().any(|l| l.code == locality) {
        return Err(Error::env(
            format!("không có đơn vị mã {locality}"),
            format!("there is no unit with code {locality}"),
        ));
    }
    if let Some(f) = field.and_then(Field::parse) {
        return store.cell_history(year, locality, f);
    }
    let rows = store.audit_history(year, locality, None)?;
    let Some(field) = field else {
        return Ok(rows);
    };
    let rows: Vec<AuditRow> = rows.into_iter().filter(|r| r.field == field).collect();
    let known = |f: &str| {
        let figure = |rest: &str| Field::parse(rest).is_some();
        f.strip_prefix("note.").is_some_and(figure)
            || f.strip_prefix("follow_up.").is_some_and(figure)
            || f.strip_prefix("target.").is_some()
    };
    if rows.is_empty() && !known(field) {
        let figures: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        return Err(Error::env(
            format!(
                "không có trường “{field}” trong nhật ký của {locality}: các trường số liệu là {}",
                figures.join(", ")
            ),
            format!(
                "no field “{field}” in the trail of {locality}: the figures' fields are {}",
                figures.join(", ")
            ),
        ));
    }
    Ok(rows)
}

pub fn history_text(rows: &[AuditRow], lang: Lang) -> String {
    if rows.is_empty() {
        return match lang {
            Lang::Vi => "Chưa có thay đổi nào.".into(),
            Lang::En => "No change recorded.".into(),
        };
    }
    // The field stays its code: it is what `--field` takes.
    let value = |v: &Option<String>| match (v.as_deref(), lang) {
        (None, _) => "∅".to_string(),
        (Some("yes"), Lang::Vi) => "có".to_string(),
        (Some("no"), Lang::Vi) => "không".to_string(),
        (Some(v), _) => v.to_string(),
    };
    rows.iter()
        .map(|r| {
            format!(
                "{}\t{}\t{}\t{}\t{} → {}",
                r.at,
                r.os_user,
                r.field,
                source_words(&r.source, lang),
                value(&r.old_value),
                value(&r.new_value)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a change came from, as `history` says it: in English the audit's own code.
fn source_words(source: &str, lang: Lang) -> &str {
    match (lang, source) {
        (Lang::En, code) => code,
        (Lang::Vi, "tui") => "gõ tay",
        (Lang::Vi, "import") => "nhập tệp",
        (Lang::Vi, "undo") => "hoàn tác",
        (Lang::Vi, "cli") => "dòng lệnh",
        (Lang::Vi, "demo") => "dữ liệu mẫu",
        (Lang::Vi, "synthetic") => "dữ liệu thử",
        (Lang::Vi, "package") => "gói gửi lên",
        (Lang::Vi, code) => code,
    }
}

pub fn add_user(store: &mut Store, user: User) -> Result<()> {
    access::ensure_province(store)?;
    let login = user.login.trim().to_string();
    if login.is_empty() || login.contains(char::is_whitespace) {
        return Err(Error::data(
            "tên đăng nhập không hợp lệ",
            "not a valid login name",
        ));
    }
    let district = match (user.role, user.district_code) {
        (Role::Clerk, None) => {
            return Err(Error::data(
                "cán bộ cần --unit MÃ (một huyện, hoặc một xã nơi không còn cấp huyện)",
                "a clerk needs --unit CODE (a district, or a commune where there is no district)",
            ))
        }
        (Role::Clerk, Some(_)) if store.users()?.is_empty() => {
            // Once a user is registered only province users may add users: a clerk first would
            // leave nobody able to add the province.
            return Err(Error::data(
                "người dùng đầu tiên phải là cán bộ cấp tỉnh: antq user add TÊN --role province, rồi mới thêm cán bộ các đơn vị",
                "the first user must be a province user: antq user add NAME --role province, then the units' clerks",
            ));
        }
        (Role::Clerk, Some(d)) => {
            // A reporting unit of some year: a district, or a commune (which reports on its own
            // in the years its province has no districts).
            let all = store.all_localities()?;
            let unit = all
                .iter()
                .find(|l| l.code == d && l.level != Level::Province);
            if unit.is_none() {
                let province = all.iter().any(|l| l.code == d);
                return Err(Error::env(
                    if province {
                        format!("{d} là mã cấp tỉnh; cán bộ được gắn với một huyện hoặc một xã (hoặc dùng --role province)")
                    } else {
                        format!("không có huyện hay xã mã {d}")
                    },
                    if province {
                        format!("{d} is a province; a clerk belongs to a district or a commune (or use --role province)")
                    } else {
                        format!("no district or commune with code {d}")
                    },
                ));
            }
            Some(d)
        }
        (Role::Province, Some(_)) => {
            return Err(Error::data(
                "cán bộ cấp tỉnh không gắn với một đơn vị: bỏ --unit",
                "a province user belongs to no unit: drop --unit",
            ))
        }
        (Role::Province, None) => None,
    };
    store.put_user(&User {
        login,
        role: user.role,
        district_code: district,
    })
}

pub fn remove_user(store: &mut Store, login: &str) -> Result<()> {
    access::ensure_province(store)?;
    if store.remove_user(login)? {
        Ok(())
    } else {
        Err(Error::data(
            format!("không có người dùng {login}"),
            format!("no user {login}"),
        ))
    }
}

/// The outcome of `antq verify`.
pub struct Verification {
    pub chain: ChainCheck,
    pub integrity: String,
    /// The triggers that make the audit log append-only, missing or altered (by name).
    pub missing_guards: Vec<&'static str>,
    /// Heads of this chain the province acknowledged (from its answers) that the log no longer
    /// holds as acknowledged: history rewritten (hashes recomputed) or cut off.
    pub anchors: Vec<AnchorFault>,
}

/// An acknowledged chain head the audit log contradicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorFault {
    /// Row `id` is there with another hash than the province acknowledged.
    Rewritten { id: i64, acknowledged_at: String },
    /// Row `id`, acknowledged by the province, is gone.
    Truncated { id: i64, acknowledged_at: String },
}

/// The triggers of migration 001 that refuse UPDATE and DELETE on the audit log.
const GUARDS: [(&str, &str); 2] = [
    ("audit_log_no_update", "BEFORE UPDATE ON AUDIT_LOG"),
    ("audit_log_no_delete", "BEFORE DELETE ON AUDIT_LOG"),
];

impl Verification {
    pub fn ok(&self) -> bool {
        matches!(self.chain, ChainCheck::Intact { .. })
            && self.integrity == "ok"
            && self.missing_guards.is_empty()
            && self.anchors.is_empty()
    }

    pub fn render(&self, lang: Lang) -> String {
        let chain = match (&self.chain, lang) {
            (ChainCheck::Intact { rows }, Lang::Vi) => {
                format!("nhật ký thay đổi: nguyên vẹn ({rows} dòng)")
            }
            (ChainCheck::Intact { rows }, Lang::En) => format!("audit log: intact ({rows} rows)"),
            (ChainCheck::Broken { id, reason }, Lang::Vi) => format!(
                "nhật ký thay đổi: BỊ SỬA từ dòng {id} ({})",
                match *reason {
                    "missing_row" => "thiếu dòng",
                    "prev_hash" => "mắt xích với dòng trước không khớp",
                    _ => "nội dung không khớp mã băm",
                }
            ),
            (ChainCheck::Broken { id, reason }, Lang::En) => format!(
                "audit log: TAMPERED from row {id} ({})",
                match *reason {
                    "missing_row" => "a row is missing",
                    "prev_hash" => "the link to the previous row does not match",
                    _ => "the content does not match its hash",
                }
            ),
        };
        let integrity = match lang {
            Lang::Vi => format!("kiểm tra toàn vẹn SQLite: {}", self.integrity),
            Lang::En => format!("SQLite integrity check: {}", self.integrity),
        };
        let mut chain = chain;
        for fault in &self.anchors {
            chain.push('\n');
            chain.push_str(&match (fault, lang) {
                (AnchorFault::Rewritten { id, acknowledged_at }, Lang::Vi) => format!(
                    "nhật ký thay đổi: BỊ VIẾT LẠI — dòng {id} không còn là dòng cấp tỉnh đã xác nhận ngày {acknowledged_at}"
                ),
                (AnchorFault::Rewritten { id, acknowledged_at }, Lang::En) => format!(
                    "audit log: REWRITTEN — row {id} is no longer the row the province acknowledged on {acknowledged_at}"
                ),
                (AnchorFault::Truncated { id, acknowledged_at }, Lang::Vi) => format!(
                    "nhật ký thay đổi: BỊ CẮT BỚT — mất dòng {id} mà cấp tỉnh đã xác nhận ngày {acknowledged_at}"
                ),
                (AnchorFault::Truncated { id, acknowledged_at }, Lang::En) => format!(
                    "audit log: TRUNCATED — row {id}, which the province acknowledged on {acknowledged_at}, is gone"
                ),
            });
        }
        if self.missing_guards.is_empty() {
            return format!("{chain}\n{integrity}");
        }
        let guards = self.missing_guards.join(", ");
        let guards = match lang {
            Lang::Vi => format!(
                "nhật ký thay đổi: BỊ GỠ BẢO VỆ — thiếu hoặc bị sửa trigger {guards} (có người đã sửa tệp ngoài antq)"
            ),
            Lang::En => format!(
                "audit log: GUARDS REMOVED — trigger {guards} missing or altered (the file was edited outside antq)"
            ),
        };
        format!("{chain}\n{guards}\n{integrity}")
    }
}

pub fn verify(store: &Store) -> Result<Verification> {
    verify_with(store, &crate::progress::Silent)
}

/// [`verify`], telling `progress` how far the chain is checked.
pub fn verify_with(
    store: &Store,
    progress: &dyn crate::progress::Progress,
) -> Result<Verification> {
    let chain = store.verify_audit_chain_with(progress)?;
    progress.begin(crate::progress::Stage::IntegrityCheck, None);
    let integrity = store.integrity_check()?;
    progress.end();
    let mut missing_guards = Vec::new();
    for (name, event) in GUARDS {
        let sql = store.audit_trigger_sql(name)?;
        let sound = sql.is_some_and(|sql| {
            let sql = sql
                .to_ascii_uppercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            sql.contains(event) && sql.contains("RAISE(ABORT")
        });
        if !sound {
            missing_guards.push(name);
        }
    }
    let mut anchors = Vec::new();
    for a in store.anchors()? {
        let acknowledged_at = a.acknowledged_at.clone();
        match store.audit_hash_at(a.head_id)? {
            None => anchors.push(AnchorFault::Truncated {
                id: a.head_id,
                acknowledged_at,
            }),
            Some(hash) if hash != a.head_hash => anchors.push(AnchorFault::Rewritten {
                id: a.head_id,
                acknowledged_at,
            }),
            Some(_) => {}
        }
    }
    Ok(Verification {
        chain,
        integrity,
        missing_guards,
        anchors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str, field: &str, old: Option<&str>, new: &str) -> AuditRow {
        AuditRow {
            id: 1,
            at: "2026-12-05T08:00:00Z".into(),
            os_user: "lan".into(),
            source: source.into(),
            entity: "assessment".into(),
            year: Some(2025),
            locality_code: Some("19165".into()),
            record: None,
            field: field.into(),
            old_value: old.map(str::to_string),
            new_value: Some(new.into()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn history_says_where_a_change_came_from_and_yes_or_no_in_the_language_asked() {
        let rows = [
            row("tui", "police_advanced", Some("no"), "yes"),
            row("undo", "residential_areas_total", None, "12"),
        ];
        assert_eq!(
            history_text(&rows, Lang::Vi),
            "2026-12-05T08:00:00Z\tlan\tpolice_advanced\tgõ tay\tkhông → có\n\
             2026-12-05T08:00:00Z\tlan\tresidential_areas_total\thoàn tác\t∅ → 12"
        );
        assert_eq!(
            history_text(&rows, Lang::En),
            "2026-12-05T08:00:00Z\tlan\tpolice_advanced\ttui\tno → yes\n\
             2026-12-05T08:00:00Z\tlan\tresidential_areas_total\tundo\t∅ → 12"
        );
    }
}
