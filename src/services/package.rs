//! Sealed packages between servers (`antq package`, and `antq import` of one): a reporting unit's
//! year sealed for the province; at the province, the unit-year replaced by the package's and its
//! provenance kept; the province's answer (approved, or reopened with the reason; its targets) sealed
//! for the unit; at the unit, the answer applied and the chain head the province acknowledged kept
//! as an anchor for `verify`.

use super::access::{self, Rights};
use crate::config::Config;
use crate::domain::workflow::State;
use crate::domain::{Target, YearData};
use crate::error::{Error, Result};
use crate::exchange::sealed::{self, Acknowledged, Head, PackageKind, Sealed, Sender, StateOf};
use crate::exchange::{Batch, Errors};
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

/// The codes of the localities of `year` that belong to reporting unit `unit` (its own row and,
/// for a district, its communes).
fn unit_codes(data: &YearData, unit: &str) -> HashSet<String> {
    access::reporting_units(data.localities.iter())
        .into_iter()
        .filter(|(_, u)| *u == Some(unit))
        .map(|(code, _)| code.to_string())
        .collect()
}

/// `data` narrowed to the localities in `codes` and their rows.
fn narrowed(data: YearData, codes: &HashSet<String>) -> YearData {
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
            .filter(|a| a.locality_code.as_deref().is_some_and(has))
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

fn head(h: Option<(i64, String)>) -> Option<Head> {
    h.map(|(id, hash)| Head { id, hash })
}

/// `antq package --year Y --unit D`: the unit-year sealed, as text. Its clerk or a province user.
pub fn unit_package(store: &mut Store, year: i32, code: &str) -> Result<String> {
    let d = access::reporting_unit(store, year, code)?;
    let rights = Rights::of(store)?;
    if rights == Rights::ReadOnly {
        return Err(access::read_only_message(store.user()));
    }
    if !rights.may_edit_unit(Some(&d.code)) {
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
    let data = store.year_data(year)?;
    let codes = unit_codes(&data, &d.code);
    let notes: Vec<_> = store
        .notes_of_year(year)?
        .into_iter()
        .filter(|n| codes.contains(&n.locality_code))
        .collect();
    let states = store.states(year)?;
    let pkg = Sealed::new(
        PackageKind::Unit,
        year,
        &d.code,
        sender,
        head(store.chain_head()?),
        state_of(states.get(&d.code)),
    )
    .with_rows(&narrowed(data, &codes), &notes);
    Ok(pkg.sealed_text())
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

/// `antq import FILE` of a sealed package (`text` is the file's content, `shown` its name). A
/// damaged database is refused first, as by every import (its check runs beside the seal's).
pub fn receive(store: &mut Store, config: &Config, shown: &str, text: &str) -> Result<Receipt> {
    let pkg = store
        .while_checking_soundness(|| sealed::open(text))?
        .map_err(|m| refuse(shown, &m.vi, &m.en))?;
    match pkg.kind {
        PackageKind::Unit => receive_unit(store, config, shown, pkg),
        PackageKind::Answer => receive_answer(store, shown, pkg),
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

/// At the province: the unit-year replaced wholly by the package's rows, its state set to the
/// package's, the provenance kept.
fn receive_unit(store: &mut Store, config: &Config, shown: &str, pkg: Sealed) -> Result<Receipt> {
    let d = access::reporting_unit(store, pkg.year, &pkg.unit)?;
    access::ensure_province(store)?;
    if store.database_id_if_any()?.as_deref() == Some(pkg.sender.database.as_str()) {
        return Err(refuse(
            shown,
            "gói này do chính cơ sở dữ liệu này gửi: nhập nó ở máy chủ của tỉnh",
            "this package was sent by this very database: import it at the province's server",
        ));
    }
    let state = parse_state(shown, &pkg.state)?;
    if state == State::Approved {
        return Err(refuse(
            shown,
            "gói của đơn vị không thể mang trạng thái \"đã duyệt\": chỉ cấp tỉnh duyệt",
            "a unit's package cannot carry \"approved\": only the province approves",
        ));
    }
    // Judged first here for one clear sentence (rather than a lock at every line), and again under
    // the write lock below.
    let approved = |shown: &str| {
        refuse(
            shown,
            format!("cấp tỉnh đã duyệt số liệu năm {} của {}: không nhận gói của đơn vị (mở lại trước bằng antq reopen)", pkg.year, d.name),
            format!("the province has approved the {} figures of {}: a unit's package is not taken (reopen first with antq reopen)", pkg.year, d.name),
        )
    };
    if store.state(pkg.year, &d.code)? == State::Approved {
        return Err(approved(shown));
    }
    if let Some(last) = store.received(pkg.year, &d.code, Direction::Unit)? {
        if is_older(&pkg, &last) {
            return Err(older_refusal(shown, &pkg, &last));
        }
    }
    let mut errors = Errors::default();
    let mut batch = Batch::default();
    pkg.rows_into(shown, &mut batch, &mut errors);
    let all = store.all_localities()?;
    let here = store.year_data(pkg.year)?;
    let codes = unit_codes(&here, &d.code);
    // The province keeps the list of localities: the package's must be this unit's as known here.
    for at in &batch.localities {
        let l = &at.item;
        if !codes.contains(&l.code) {
            errors.push(
                &at.file,
                at.line,
                format!(
                    "{} ({}) không thuộc {} năm {} theo danh mục của tỉnh",
                    l.code, l.name, d.name, pkg.year
                ),
                format!(
                    "{} ({}) is not part of {} in {} in the province's list",
                    l.code, l.name, d.name, pkg.year
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
                format!("locality_code: {code} không thuộc {}", d.name),
                format!("locality_code: {code} is not part of {}", d.name),
            );
        }
    };
    for at in &batch.assessments {
        outside(&at.file, at.line, &at.item.locality_code, &mut errors);
    }
    for at in &batch.awards {
        match &at.item.locality_code {
            Some(code) => outside(&at.file, at.line, code, &mut errors),
            None => outside(&at.file, at.line, "", &mut errors),
        }
    }
    for at in &batch.limitations {
        outside(&at.file, at.line, &at.item.locality_code, &mut errors);
    }
    for at in &batch.notes {
        outside(&at.file, at.line, &at.item.locality_code, &mut errors);
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
    super::import::validate(store, config, &all, &batch, &mut errors)?;
    if !errors.0.is_empty() {
        errors
            .0
            .sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
        return Err(Error::Lines(errors.0));
    }
    let rows = batch.rows();
    let received = received_row(&pkg, store.user());
    let record = StateRecord {
        state,
        changed_at: pkg.state.changed_at.clone(),
        changed_by: pkg.state.changed_by.clone(),
        reason: pkg.state.reason.clone(),
    };
    let changes = store.bulk(|store| {
        store.write(Source::Package, |w| {
            // What the refusals depend on is read under the write lock.
            // What the refusals depend on is read again under the write lock.
            if w.state(pkg.year, &d.code)? == State::Approved {
                return Err(approved(shown));
            }
            if let Some(last) = w.received(pkg.year, &d.code, Direction::Unit)? {
                if is_older(&pkg, &last) {
                    return Err(older_refusal(shown, &pkg, &last));
                }
            }
            let stored = narrowed(w.year_rows(pkg.year)?, &codes);
            let mut changes = 0;
            let mut ids: HashMap<String, i64> = HashMap::new();
            for code in &codes {
                if let Some(id) = w.locality_id(code, pkg.year)? {
                    ids.insert(code.clone(), id);
                }
            }
            let id_of = |code: &str| {
                ids.get(code)
                    .copied()
                    .ok_or_else(|| super::not_in_year(code, pkg.year))
            };
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
            }
            for at in &batch.awards {
                let id = match &at.item.locality_code {
                    Some(code) => Some(id_of(code)?),
                    None => None,
                };
                changes += w.upsert_award(&at.item, id)?;
            }
            for at in &batch.limitations {
                changes += w.upsert_limitation(&at.item, id_of(&at.item.locality_code)?)?;
            }
            // The unit's notes become the package's too: a note it does not carry is removed.
            let sent: HashSet<(&str, crate::domain::Field)> = batch
                .notes
                .iter()
                .map(|n| (n.item.locality_code.as_str(), n.item.field))
                .collect();
            for n in w.year_notes(pkg.year)? {
                if codes.contains(&n.locality_code)
                    && !sent.contains(&(n.locality_code.as_str(), n.field))
                {
                    let blank = crate::domain::ValueNote::empty(n.year, &n.locality_code, n.field);
                    changes += w.put_note(&blank, id_of(&n.locality_code)?)?;
                }
            }
            for at in &batch.notes {
                changes += w.put_note(&at.item, id_of(&at.item.locality_code)?)?;
            }
            w.put_state(pkg.year, &d.code, &record)?;
            w.record_received(&received, Direction::Unit)?;
            w.refresh_year_cache()?;
            Ok(changes)
        })
    })?;
    Ok(Receipt {
        kind: PackageKind::Unit,
        year: pkg.year,
        unit: d.code,
        state,
        reason: pkg.state.reason.clone(),
        sender_login: pkg.sender.login.clone(),
        sender_id: pkg.sender.database.clone(),
        rows,
        changes,
        targets: 0,
    })
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
