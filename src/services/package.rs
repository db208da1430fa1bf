//! Sealed packages between servers (`antq package`, and `antq import` of one): a reporting unit's
//! year sealed for the province; at the province, the unit-year replaced by the package's and its
//! provenance kept; the province's answer (approved, or reopened with the reason; its targets) sealed
//! for the unit; at the unit, the answer applied and the chain head the province acknowledged kept
//! as an anchor for `verify`.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::workflow::State;
use crate::domain::{Level, Locality, Target, YearData};
use crate::error::{Error, Result};
use crate::exchange::sealed::{self, Acknowledged, Head, PackageKind, Sealed, Sender, StateOf};
use crate::exchange::{Batch, Errors};
use crate::progress::{Progress, Silent, Stage};
use crate::store::provenance::{Anchor, Direction, Received};
use crate::store::workflow::StateRecord;
use crate::store::{Source, Store};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What importing a sealed package did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub kind: PackageKind,
    pub year: i32,
    pub unit: String,
    /// The state the unit-year has now.
    pub state: State,
    pub reason: String,
    pub sender_login: String,
    pub sender_id: String,
    pub rows: usize,
    pub changes: usize,
    pub targets: usize,
}

fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// What a package is about: a reporting unit of the year, or a province itself (its own package for
/// the ministry, "the same format at the province level").
#[derive(Debug, Clone)]
struct Subject {
    unit: Locality,
    /// The province itself: its package carries the whole province-year.
    province: bool,
}

/// The subject `code` names among the units of `year`: a province-level unit, else a reporting unit
/// (a usage error otherwise, as for every command taking a unit).
fn subject(units: &[Locality], year: i32, code: &str) -> Result<Subject> {
    if let Some(p) = units
        .iter()
        .find(|l| l.code == code && l.level == Level::Province)
    {
        return Ok(Subject {
            unit: p.clone(),
            province: true,
        });
    }
    Ok(Subject {
        unit: access::reporting_unit_among(units, year, code)?,
        province: false,
    })
}

/// The codes of the localities of `year` a package about `subject` carries: a reporting unit's own
/// row and, for a district, its communes; a province's own row and everything under it.
fn subject_codes(units: &[Locality], subject: &Subject) -> HashSet<String> {
    let code = subject.unit.code.as_str();
    if subject.province {
        let children: HashSet<&str> = units
            .iter()
            .filter(|l| l.parent_code.as_deref() == Some(code))
            .map(|l| l.code.as_str())
            .collect();
        return units
            .iter()
            .filter(|l| {
                l.code == code
                    || l.parent_code
                        .as_deref()
                        .is_some_and(|p| p == code || children.contains(p))
            })
            .map(|l| l.code.clone())
            .collect();
    }
    access::reporting_units(units.iter())
        .into_iter()
        .filter(|(_, u)| *u == Some(code))
        .map(|(code, _)| code.to_string())
        .collect()
}

/// Whether a package about `subject` carries the awards that name no locality: a province's, when
/// the year holds that one province (in a database of several they belong to none of them).
fn carries_unplaced(units: &[Locality], subject: &Subject) -> bool {
    subject.province
        && units
            .iter()
            .filter(|l| l.level == Level::Province)
            .all(|l| l.code == subject.unit.code)
}

/// `data` narrowed to the localities in `codes` and their rows (with `unplaced`, also the awards
/// that name no locality).
fn narrowed(data: YearData, codes: &HashSet<String>, unplaced: bool) -> YearData {
    let has = |c: &str| codes.contains(c);
    YearData {
        year: data.year,
        localities: data
            .localities
            .into_iter()
            .filter(|l| has(&l.code))
            .collect(),
        assessments: data
            .assessments
            .into_iter()
            .filter(|a| has(&a.locality_code))
            .collect(),
        awards: data
            .awards
            .into_iter()
            .filter(|a| a.locality_code.as_deref().map_or(unplaced, has))
            .collect(),
        limitations: data
            .limitations
            .into_iter()
            .filter(|l| has(&l.locality_code))
            .collect(),
    }
}

fn state_of(rec: Option<&StateRecord>) -> StateOf {
    match rec {
        Some(r) => StateOf {
            state: r.state.code().to_string(),
            changed_at: r.changed_at.clone(),
            changed_by: r.changed_by.clone(),
            reason: r.reason.clone(),
        },
        None => StateOf {
            state: State::Draft.code().to_string(),
            changed_at: String::new(),
            changed_by: String::new(),
            reason: String::new(),
        },
    }
}

/// A province's state as its own package carries it: `submitted` once the province has approved
/// every reporting unit of the year (when and by whom: the last approval), else `draft`.
fn province_state(
    units: &[Locality],
    states: &HashMap<String, StateRecord>,
    province: &str,
) -> StateOf {
    let reporting = access::reporting_units_of_year(units, province);
    let approvals: Option<Vec<&StateRecord>> = reporting
        .iter()
        .map(|u| states.get(&u.code).filter(|r| r.state == State::Approved))
        .collect();
    match approvals
        .unwrap_or_default()
        .into_iter()
        .max_by(|a, b| a.changed_at.cmp(&b.changed_at))
    {
        Some(last) => StateOf {
            state: State::Submitted.code().to_string(),
            changed_at: last.changed_at.clone(),
            changed_by: last.changed_by.clone(),
            reason: String::new(),
        },
        None => state_of(None),
    }
}

fn head(h: Option<(i64, String)>) -> Option<Head> {
    h.map(|(id, hash)| Head { id, hash })
}

/// `antq package --year Y --unit D`: the unit-year sealed, as text. Its clerk or a province user. At
/// the province, `D` may be the province itself: its own package for the ministry, the whole
/// province-year in the same format.
pub fn unit_package(store: &mut Store, year: i32, code: &str) -> Result<String> {
    unit_package_with(store, year, code, &Silent)
}

/// [`unit_package`], telling `progress` what it reads and seals.
pub fn unit_package_with(
    store: &mut Store,
    year: i32,
    code: &str,
    progress: &dyn Progress,
) -> Result<String> {
    progress.begin(Stage::ReadYear, None);
    let data = store.year_data(year)?;
    let d = subject(&data.localities, year, code)?;
    let rights = Rights::of(store)?;
    if rights == Rights::ReadOnly {
        return Err(access::read_only_message(store.user()));
    }
    if d.province {
        rights.ensure_province(store.user())?;
    }
    if !rights.may_edit_unit(Some(&d.unit.code)) {
        return Err(Error::data(
            format!("{} chỉ được gửi số liệu của đơn vị mình", store.user()),
            format!("{} may send only their own unit", store.user()),
        ));
    }
    let sender = Sender {
        database: store.database_id()?,
        login: store.user().to_string(),
        at: now(),
    };
    let codes = subject_codes(&data.localities, &d);
    let unplaced = carries_unplaced(&data.localities, &d);
    let notes: Vec<_> = store
        .notes_of_year(year)?
        .into_iter()
        .filter(|n| codes.contains(&n.locality_code))
        .collect();
    let states = store.states(year)?;
    let state = if d.province {
        province_state(&data.localities, &states, &d.unit.code)
    } else {
        state_of(states.get(&d.unit.code))
    };
    let chain_head = head(store.chain_head()?);
    progress.end();
    progress.begin(Stage::Seal, None);
    let pkg = Sealed::new(
        PackageKind::Unit,
        year,
        &d.unit.code,
        sender,
        chain_head,
        state,
    )
    .with_rows(&narrowed(data, &codes, unplaced), &notes);
    let text = pkg.sealed_text();
    progress.end();
    Ok(text)
}

/// The year's targets for a unit, out of the targets in force (`services::targets::in_force`): the
/// province-wide ones and those naming the unit.
pub fn targets_for_unit(in_force: &[Target], year: i32, unit: &str) -> Vec<Target> {
    in_force
        .iter()
        .filter(|t| t.year == year && t.locality.as_deref().is_none_or(|l| l == unit))
        .cloned()
        .collect()
}

/// `antq package --year Y --unit D --answer [--targets]` at the province: its state for the unit-year
/// (approved, or reopened with the reason), the chain head it holds from the unit's server, and with
/// `targets` the year's targets for the unit.
pub fn answer_package(
    store: &mut Store,
    config: &Config,
    year: i32,
    code: &str,
    targets: bool,
) -> Result<String> {
    let d = access::reporting_unit(store, year, code)?;
    access::ensure_province(store)?;
    let states = store.states(year)?;
    let rec = states.get(&d.code);
    let answerable = rec.is_some_and(|r| {
        r.state == State::Approved || (r.state == State::Draft && !r.reason.is_empty())
    });
    if !answerable {
        return Err(Error::data(
            format!("chưa có gì để trả lời cho {} năm {year}: cấp tỉnh chưa duyệt (antq approve) hay mở lại (antq reopen) số liệu đó", d.name),
            format!("there is no answer for {} in {year} yet: the province has neither approved (antq approve) nor reopened (antq reopen) it", d.name),
        ));
    }
    let acknowledged = match store.received(year, &d.code, Direction::Unit)? {
        Some(r) => store
            .latest_head_from(&r.sender_id)?
            .map(|(id, hash)| Acknowledged {
                database: r.sender_id.clone(),
                head: Head { id, hash },
            }),
        None => None,
    };
    let sender = Sender {
        database: store.database_id()?,
        login: store.user().to_string(),
        at: now(),
    };
    let mut pkg = Sealed::new(
        PackageKind::Answer,
        year,
        &d.code,
        sender,
        head(store.chain_head()?),
        state_of(rec),
    );
    pkg.acknowledged = acknowledged;
    if targets {
        let in_force = super::targets::in_force(store, config)?;
        pkg.targets = targets_for_unit(&in_force, year, &d.code);
    }
    Ok(pkg.sealed_text())
}

/// Writes a package to `path`: beside it first, then renamed, so a half-written file never
/// replaces a good one.
pub fn save(path: &Path, text: &str) -> Result<()> {
    let cannot = |e: std::io::Error| {
        Error::env(
            format!("không ghi được {}: {e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, format!("{text}\n")).map_err(cannot)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        cannot(e)
    })
}

/// A refusal of the whole package, naming the file: one sentence, exit 1, nothing written.
fn refuse(shown: &str, vi: impl AsRef<str>, en: impl AsRef<str>) -> Error {
    Error::data(
        format!("{shown}: {}", vi.as_ref()),
        format!("{shown}: {}", en.as_ref()),
    )
}

/// `antq import FILE` of a sealed package (`text` is the file's content, `shown` its name).
pub fn receive(store: &mut Store, config: &Config, shown: &str, text: &str) -> Result<Receipt> {
    let files = [(shown.to_string(), text.to_string())];
    let mut receipts = receive_all(store, config, &files, &Silent)?;
    receipts
        .pop()
        .ok_or_else(|| Error::env("không có gói nào được nhận", "no package was received"))
}

/// `antq import FILE…` of sealed packages (each `(shown, text)`): units' packages at the province
/// (several at once: one check of the database, one transaction, all or nothing), or one answer at
/// the unit. A damaged database is refused first, as by every import (its check runs beside the
/// seals'). `progress` hears the reading and each row written; a stop it asks for rolls back.
pub fn receive_all(
    store: &mut Store,
    config: &Config,
    files: &[(String, String)],
    progress: &dyn Progress,
) -> Result<Vec<Receipt>> {
    progress.begin(Stage::ReadFiles, None);
    let opened = store.while_checking_soundness(|| {
        files
            .iter()
            .map(|(shown, text)| {
                progress.at(0)?;
                sealed::open(text)
                    .map(|pkg| (shown.clone(), pkg))
                    .map_err(|m| refuse(shown, &m.vi, &m.en))
            })
            .collect::<Result<Vec<_>>>()
    })??;
    let answer = opened
        .iter()
        .position(|(_, p)| p.kind == PackageKind::Answer);
    match answer {
        Some(i) if opened.len() > 1 => Err(refuse(
            &opened[i].0,
            "trả lời của tỉnh được nhập riêng, mỗi lần một gói",
            "an answer of the province is imported on its own, one at a time",
        )),
        Some(_) => {
            progress.end();
            let mut receipts = Vec::new();
            for (shown, pkg) in opened {
                receipts.push(receive_answer(store, &shown, pkg)?);
            }
            Ok(receipts)
        }
        None => receive_units(store, config, opened, progress),
    }
}

fn parse_state(shown: &str, s: &StateOf) -> Result<State> {
    State::parse(&s.state).ok_or_else(|| {
        refuse(
            shown,
            format!(
                "trạng thái \"{}\" không hợp lệ",
                crate::text::echo(&s.state)
            ),
            format!(
                "the state \"{}\" is not a known one",
                crate::text::echo(&s.state)
            ),
        )
    })
}

/// Whether `pkg` was sealed before the package `last` already received for the same unit-year.
fn is_older(pkg: &Sealed, last: &Received) -> bool {
    let same_server_behind = pkg.sender.database == last.sender_id
        && pkg.chain_head.as_ref().map_or(0, |h| h.id) < last.head_id;
    pkg.sender.at < last.sent_at || same_server_behind
}

fn older_refusal(shown: &str, pkg: &Sealed, last: &Received) -> Error {
    refuse(
        shown,
        format!(
            "gói này (niêm phong lúc {}) cũ hơn gói đã nhận cho {} năm {} (niêm phong lúc {}): không nhận",
            pkg.sender.at, pkg.unit, pkg.year, last.sent_at
        ),
        format!(
            "this package (sealed {}) is older than the one already received for {} in {} (sealed {}): it is not taken",
            pkg.sender.at, pkg.unit, pkg.year, last.sent_at
        ),
    )
}

fn received_row(pkg: &Sealed, user: &str) -> Received {
    Received {
        year: pkg.year,
        unit_code: pkg.unit.clone(),
        sender_id: pkg.sender.database.clone(),
        sender_login: pkg.sender.login.clone(),
        sent_at: pkg.sender.at.clone(),
        head_id: pkg.chain_head.as_ref().map_or(0, |h| h.id),
        head_hash: pkg
            .chain_head
            .as_ref()
            .map(|h| h.hash.clone())
            .unwrap_or_default(),
        state: pkg.state.state.clone(),
        reason: pkg.state.reason.clone(),
        seal: pkg.seal.clone(),
        targets: serde_json::to_string(&pkg.targets).unwrap_or_else(|_| "[]".to_string()),
        received_at: now(),
        received_by: user.to_string(),
    }
}

/// A unit's package read, checked and ready to write.
struct Incoming {
    shown: String,
    pkg: Sealed,
    subject: Subject,
    /// The localities of the unit-year as the receiver knows them.
    codes: HashSet<String>,
    /// The awards naming no locality belong to it (a province's package in a one-province year).
    unplaced: bool,
    batch: Batch,
    state: State,
    record: StateRecord,
    received: Received,
}

fn approved_refusal(shown: &str, pkg: &Sealed, name: &str) -> Error {
    refuse(
        shown,
        format!("cấp tỉnh đã duyệt số liệu năm {} của {name}: không nhận gói của đơn vị (mở lại trước bằng antq reopen)", pkg.year),
        format!("the province has approved the {} figures of {name}: a unit's package is not taken (reopen first with antq reopen)", pkg.year),
    )
}

/// At the province (or, for a province's own package, at the ministry): each unit-year replaced
/// wholly by its package's rows, its state set to the package's, the provenance kept — all the
/// packages in one transaction, the year's stored rows read once.
fn receive_units(
    store: &mut Store,
    config: &Config,
    packages: Vec<(String, Sealed)>,
    progress: &dyn Progress,
) -> Result<Vec<Receipt>> {
    access::ensure_province(store)?;
    let own = store.database_id_if_any()?;
    let all = store.all_localities()?;
    let mut years: HashMap<i32, YearData> = HashMap::new();
    let mut states: HashMap<i32, HashMap<String, StateRecord>> = HashMap::new();
    // Each year's reporting units with their localities, grouped once (not once per package).
    let mut members: HashMap<i32, HashMap<String, HashSet<String>>> = HashMap::new();
    let mut seen: HashMap<(i32, String), String> = HashMap::new();
    let mut errors = Errors::default();
    let mut incoming: Vec<Incoming> = Vec::with_capacity(packages.len());
    for (shown, pkg) in packages {
        progress.at(incoming.len() as u64)?;
        if let std::collections::hash_map::Entry::Vacant(slot) = years.entry(pkg.year) {
            let data = store.year_data(pkg.year)?;
            let mut groups: HashMap<String, HashSet<String>> = HashMap::new();
            for (code, unit) in access::reporting_units(data.localities.iter()) {
                if let Some(unit) = unit {
                    groups
                        .entry(unit.to_string())
                        .or_default()
                        .insert(code.to_string());
                }
            }
            members.insert(pkg.year, groups);
            slot.insert(data);
            states.insert(pkg.year, store.states(pkg.year)?);
        }
        let (Some(here), Some(year_states), Some(groups)) = (
            years.get(&pkg.year),
            states.get(&pkg.year),
            members.get(&pkg.year),
        ) else {
            continue;
        };
        let d = subject(&here.localities, pkg.year, &pkg.unit)?;
        if own.as_deref() == Some(pkg.sender.database.as_str()) {
            return Err(refuse(
                &shown,
                "gói này do chính cơ sở dữ liệu này gửi: nhập nó ở máy chủ của tỉnh",
                "this package was sent by this very database: import it at the province's server",
            ));
        }
        let state = parse_state(&shown, &pkg.state)?;
        if state == State::Approved {
            return Err(refuse(
                &shown,
                "gói của đơn vị không thể mang trạng thái \"đã duyệt\": chỉ cấp trên duyệt",
                "a unit's package cannot carry \"approved\": only the level above approves",
            ));
        }
        // Judged first here for one clear sentence (rather than a lock at every line), and again
        // under the write lock.
        if year_states
            .get(&d.unit.code)
            .is_some_and(|r| r.state == State::Approved)
        {
            return Err(approved_refusal(&shown, &pkg, &d.unit.name));
        }
        if let Some(last) = store.received(pkg.year, &d.unit.code, Direction::Unit)? {
            if is_older(&pkg, &last) {
                return Err(older_refusal(&shown, &pkg, &last));
            }
        }
        if let Some(first) = seen.insert((pkg.year, d.unit.code.clone()), shown.clone()) {
            return Err(refuse(
                &shown,
                format!(
                    "{first} cũng là gói của {} năm {}: mỗi lần nhập chỉ một gói cho một đơn vị và một năm",
                    d.unit.code, pkg.year
                ),
                format!(
                    "{first} is a package of {} for {} too: one package per unit and year in one import",
                    d.unit.code, pkg.year
                ),
            ));
        }
        let codes = match groups.get(&d.unit.code) {
            Some(codes) if !d.province => codes.clone(),
            _ => subject_codes(&here.localities, &d),
        };
        let unplaced = carries_unplaced(&here.localities, &d);
        let mut batch = Batch::default();
        pkg.rows_into(&shown, &mut batch, &mut errors);
        check_rows(&pkg, &d, &codes, unplaced, &mut batch, &mut errors);
        let received = received_row(&pkg, store.user());
        let record = StateRecord {
            state,
            changed_at: pkg.state.changed_at.clone(),
            changed_by: pkg.state.changed_by.clone(),
            reason: pkg.state.reason.clone(),
        };
        incoming.push(Incoming {
            shown,
            pkg,
            subject: d,
            codes,
            unplaced,
            batch,
            state,
            record,
            received,
        });
    }
    // The rows pass the checks of any import, all packages as one batch.
    let mut merged = Batch::default();
    for i in &incoming {
        merged
            .assessments
            .extend(i.batch.assessments.iter().cloned());
        merged.awards.extend(i.batch.awards.iter().cloned());
        merged
            .limitations
            .extend(i.batch.limitations.iter().cloned());
    }
    super::import::validate(store, config, &all, &merged, &mut errors)?;
    drop(merged);
    if !errors.0.is_empty() {
        errors
            .0
            .sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
        return Err(Error::Lines(errors.0));
    }
    progress.end();
    let total: usize = incoming.iter().map(|i| i.batch.rows()).sum();
    progress.begin(Stage::ImportRows, Some(total as u64));
    let changes = store
        .bulk(|store| store.write(Source::Package, |w| write_units(w, &incoming, progress)))?;
    progress.end();
    Ok(incoming
        .into_iter()
        .zip(changes)
        .map(|(i, changes)| Receipt {
            kind: PackageKind::Unit,
            year: i.pkg.year,
            unit: i.subject.unit.code,
            state: i.state,
            reason: i.pkg.state.reason.clone(),
            sender_login: i.pkg.sender.login.clone(),
            sender_id: i.pkg.sender.database.clone(),
            rows: i.batch.rows(),
            changes,
            targets: 0,
        })
        .collect())
}

/// The package's rows must be the unit's in the receiver's list of localities and of the package's
/// year; the localities themselves are the receiver's (only checked, never written).
fn check_rows(
    pkg: &Sealed,
    d: &Subject,
    codes: &HashSet<String>,
    unplaced: bool,
    batch: &mut Batch,
    errors: &mut Errors,
) {
    let name = &d.unit.name;
    for at in &batch.localities {
        let l = &at.item;
        if !codes.contains(&l.code) {
            errors.push(
                &at.file,
                at.line,
                format!(
                    "{} ({}) không thuộc {name} năm {} theo danh mục của nơi nhận",
                    l.code, l.name, pkg.year
                ),
                format!(
                    "{} ({}) is not part of {name} in {} in the receiver's list",
                    l.code, l.name, pkg.year
                ),
            );
        }
    }
    batch.localities.clear();
    let outside = |file: &str, line: u64, code: &str, errors: &mut Errors| {
        if !codes.contains(code) {
            errors.push(
                file,
                line,
                format!("locality_code: {code} không thuộc {name}"),
                format!("locality_code: {code} is not part of {name}"),
            );
        }
    };
    for at in &batch.assessments {
        outside(&at.file, at.line, &at.item.locality_code, errors);
    }
    for at in &batch.awards {
        match &at.item.locality_code {
            Some(code) => outside(&at.file, at.line, code, errors),
            None if unplaced => {}
            None => outside(&at.file, at.line, "", errors),
        }
    }
    for at in &batch.limitations {
        outside(&at.file, at.line, &at.item.locality_code, errors);
    }
    for at in &batch.notes {
        outside(&at.file, at.line, &at.item.locality_code, errors);
    }
    for at in batch
        .assessments
        .iter()
        .map(|a| (a.item.year, &a.file, a.line))
        .chain(batch.awards.iter().map(|a| (a.item.year, &a.file, a.line)))
        .chain(
            batch
                .limitations
                .iter()
                .map(|a| (a.item.year, &a.file, a.line)),
        )
        .chain(batch.notes.iter().map(|a| (a.item.year, &a.file, a.line)))
    {
        if at.0 != pkg.year {
            errors.push(
                at.1,
                at.2,
                format!("năm {} khác năm của gói ({})", at.0, pkg.year),
                format!("year {} is not the package's year ({})", at.0, pkg.year),
            );
        }
    }
}

/// Inside the write transaction: the refusals judged again, then each unit-year made its package's.
/// The stored rows of a year are read once and shared out among its packages. Returns each
/// package's changes.
fn write_units(
    w: &mut crate::store::Writer<'_>,
    incoming: &[Incoming],
    progress: &dyn Progress,
) -> Result<Vec<usize>> {
    for i in incoming {
        if w.state(i.pkg.year, &i.subject.unit.code)? == State::Approved {
            return Err(approved_refusal(&i.shown, &i.pkg, &i.subject.unit.name));
        }
        if let Some(last) = w.received(i.pkg.year, &i.subject.unit.code, Direction::Unit)? {
            if is_older(&i.pkg, &last) {
                return Err(older_refusal(&i.shown, &i.pkg, &last));
            }
        }
    }
    let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
    for (n, i) in incoming.iter().enumerate() {
        by_year.entry(i.pkg.year).or_default().push(n);
    }
    let mut stored: Vec<YearData> = incoming
        .iter()
        .map(|i| YearData {
            year: i.pkg.year,
            ..YearData::default()
        })
        .collect();
    for (year, members) in &by_year {
        let rows = w.year_rows(*year)?;
        let mut owner: HashMap<&str, usize> = HashMap::new();
        for &n in members {
            for code in &incoming[n].codes {
                owner.insert(code.as_str(), n);
            }
        }
        let unplaced = members.iter().copied().find(|&n| incoming[n].unplaced);
        for a in rows.assessments {
            if let Some(&n) = owner.get(a.locality_code.as_str()) {
                stored[n].assessments.push(a);
            }
        }
        for a in rows.awards {
            let n = match a.locality_code.as_deref() {
                Some(code) => owner.get(code).copied(),
                None => unplaced,
            };
            if let Some(n) = n {
                stored[n].awards.push(a);
            }
        }
        for l in rows.limitations {
            if let Some(&n) = owner.get(l.locality_code.as_str()) {
                stored[n].limitations.push(l);
            }
        }
    }
    let mut stored_notes = HashMap::new();
    for year in by_year.keys() {
        stored_notes.insert(*year, w.year_notes(*year)?);
    }
    let mut done = 0u64;
    let mut out = Vec::with_capacity(incoming.len());
    for (i, stored) in incoming.iter().zip(&stored) {
        let year = i.pkg.year;
        let mut changes = 0;
        let mut ids: HashMap<&str, i64> = HashMap::new();
        for code in &i.codes {
            if let Some(id) = w.locality_id(code, year)? {
                ids.insert(code.as_str(), id);
            }
        }
        let id_of = |code: &str| {
            ids.get(code)
                .copied()
                .ok_or_else(|| super::not_in_year(code, year))
        };
        let batch = &i.batch;
        // Rows the package does not hold are removed: the unit-year becomes the package's.
        let sent: HashSet<&str> = batch
            .assessments
            .iter()
            .map(|a| a.item.locality_code.as_str())
            .collect();
        for a in &stored.assessments {
            if !sent.contains(a.locality_code.as_str()) {
                let id = id_of(&a.locality_code)?;
                changes += usize::from(w.delete_assessment(a.year, &a.locality_code, id)?);
            }
        }
        let award_key = |a: &crate::domain::Award| (a.decision_no.clone(), a.recipient.clone());
        let sent: HashSet<_> = batch.awards.iter().map(|a| award_key(&a.item)).collect();
        for a in &stored.awards {
            if !sent.contains(&award_key(a)) {
                changes += usize::from(w.delete_award(a.id)?);
            }
        }
        let limitation_key = |l: &crate::domain::Limitation| {
            (l.locality_code.clone(), l.category.clone(), l.text.clone())
        };
        let sent: HashSet<_> = batch
            .limitations
            .iter()
            .map(|l| limitation_key(&l.item))
            .collect();
        for l in &stored.limitations {
            if !sent.contains(&limitation_key(l)) {
                changes += usize::from(w.delete_limitation(l.id)?);
            }
        }
        for at in &batch.assessments {
            changes += w.upsert_assessment(&at.item, id_of(&at.item.locality_code)?)?;
            done += 1;
            progress.at(done)?;
        }
        for at in &batch.awards {
            let id = match &at.item.locality_code {
                Some(code) => Some(id_of(code)?),
                None => None,
            };
            changes += w.upsert_award(&at.item, id)?;
            done += 1;
            progress.at(done)?;
        }
        for at in &batch.limitations {
            changes += w.upsert_limitation(&at.item, id_of(&at.item.locality_code)?)?;
            done += 1;
            progress.at(done)?;
        }
        // The unit's notes become the package's too: a note it does not carry is removed.
        let sent: HashSet<(&str, crate::domain::Field)> = batch
            .notes
            .iter()
            .map(|n| (n.item.locality_code.as_str(), n.item.field))
            .collect();
        for n in &stored_notes[&year] {
            if i.codes.contains(&n.locality_code)
                && !sent.contains(&(n.locality_code.as_str(), n.field))
            {
                let blank = crate::domain::ValueNote::empty(n.year, &n.locality_code, n.field);
                changes += w.put_note(&blank, id_of(&n.locality_code)?)?;
            }
        }
        for at in &batch.notes {
            changes += w.put_note(&at.item, id_of(&at.item.locality_code)?)?;
            done += 1;
            progress.at(done)?;
        }
        w.put_state(year, &i.subject.unit.code, &i.record)?;
        w.record_received(&i.received, Direction::Unit)?;
        out.push(changes);
    }
    // The cached sums, refreshed once under the same lock as the rows.
    w.refresh_year_cache()?;
    Ok(out)
}

/// At the unit: the province's state for the unit-year (approved locks it, reopened unlocks it with
/// the reason), the chain head it acknowledged kept as an anchor, its targets kept.
fn receive_answer(store: &mut Store, shown: &str, pkg: Sealed) -> Result<Receipt> {
    let d = access::reporting_unit(store, pkg.year, &pkg.unit)?;
    let rights = Rights::of(store)?;
    if rights == Rights::ReadOnly {
        return Err(access::read_only_message(store.user()));
    }
    if !rights.may_edit_unit(Some(&d.code)) {
        return Err(refuse(
            shown,
            format!("{} chỉ được nhận trả lời cho đơn vị mình", store.user()),
            format!(
                "{} may receive answers only for their own unit",
                store.user()
            ),
        ));
    }
    let state = parse_state(shown, &pkg.state)?;
    if !(state == State::Approved || (state == State::Draft && !pkg.state.reason.is_empty())) {
        return Err(refuse(
            shown,
            "trả lời của tỉnh phải là \"đã duyệt\" hoặc \"mở lại\" kèm lý do",
            "the province's answer must be \"approved\" or \"reopened\" with a reason",
        ));
    }
    let own = store.database_id()?;
    if let Some(ack) = &pkg.acknowledged {
        if ack.database != own {
            return Err(refuse(
                shown,
                "trả lời này xác nhận gói của một máy chủ khác, không phải cơ sở dữ liệu này",
                "this answer acknowledges another server's packages, not this database's",
            ));
        }
    }
    let received = received_row(&pkg, store.user());
    let record = StateRecord {
        state,
        changed_at: pkg.state.changed_at.clone(),
        changed_by: pkg.state.changed_by.clone(),
        reason: pkg.state.reason.clone(),
    };
    store.write(Source::Package, |w| {
        if let Some(last) = w.received(pkg.year, &d.code, Direction::Answer)? {
            if is_older(&pkg, &last) {
                return Err(older_refusal(shown, &pkg, &last));
            }
        }
        w.put_state(pkg.year, &d.code, &record)?;
        if let Some(ack) = &pkg.acknowledged {
            w.add_anchor(&Anchor {
                head_id: ack.head.id,
                head_hash: ack.head.hash.clone(),
                acknowledged_by: pkg.sender.database.clone(),
                acknowledged_at: pkg.sender.at.clone(),
            })?;
        }
        w.record_received(&received, Direction::Answer)
    })?;
    Ok(Receipt {
        kind: PackageKind::Answer,
        year: pkg.year,
        unit: d.code,
        state,
        reason: pkg.state.reason.clone(),
        sender_login: pkg.sender.login.clone(),
        sender_id: pkg.sender.database.clone(),
        rows: 0,
        changes: 1,
        targets: pkg.targets.len(),
    })
}

/// The targets the province's newest answer for `year` sent to each unit, by unit code.
pub fn received_targets(store: &Store, year: i32) -> Result<HashMap<String, Vec<Target>>> {
    Ok(store
        .received_in_year(year, Direction::Answer)?
        .into_iter()
        .map(|(unit, r)| {
            let targets: Vec<Target> = serde_json::from_str(&r.targets).unwrap_or_default();
            (unit, targets)
        })
        .filter(|(_, t)| !t.is_empty())
        .collect())
}
