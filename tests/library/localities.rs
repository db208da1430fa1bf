//! Localities over time: add, rename, close, merge — audited, province only, and each year shows the
//! units valid then.

use crate::common::*;
use antq::domain::workflow::{Role, User};
use antq::domain::Level;
use antq::services::localities::{add, close, merge, rename};
use antq::store::Source;
use antq::text::Lang;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn communes(store: &antq::store::Store, year: i32) -> Vec<String> {
    store
        .localities_in_year(year)
        .unwrap()
        .into_iter()
        .filter(|l| l.level == Level::Commune)
        .map(|l| format!("{} {}", l.code, l.name))
        .collect()
}

#[test]
fn a_merger_closes_the_predecessors_and_the_successor_keeps_a_code() {
    let (_db, mut store) = loaded();
    assert_eq!(communes(&store, 2021).len(), 4);
    merge(
        &mut store,
        &["19120", "19123"],
        "19120",
        "Xã Hải Võ Ninh",
        d(2021, 7, 1),
        Source::Tui,
    )
    .unwrap();
    let y2020 = communes(&store, 2020);
    let y2021 = communes(&store, 2021);
    assert!(y2020.contains(&"19120 Xã Hải Ninh".to_string()));
    assert!(y2020.contains(&"19123 Xã Võ Ninh".to_string()));
    assert!(y2021.contains(&"19120 Xã Hải Võ Ninh".to_string()));
    assert!(!y2021.iter().any(|c| c.starts_with("19123")));
    assert_eq!(y2021.len(), 3);
    // Past figures stay with the old units.
    let data2019 = store.year_data(2019).unwrap();
    assert!(data2019
        .assessments
        .iter()
        .any(|a| a.locality_code == "19123"));
    let audit = store.audit_history(0, "19123", None).unwrap();
    assert!(audit.is_empty(), "locality changes carry no year");
    let n: i64 = raw(&store)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'locality' AND field = 'valid_to'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn add_rename_close_are_audited() {
    let (_db, mut store) = loaded();
    add(
        &mut store,
        "19999",
        "Xã Mới",
        Level::Commune,
        Some("456"),
        Some(d(2021, 1, 1)),
        Source::Tui,
    )
    .unwrap();
    assert!(communes(&store, 2021).contains(&"19999 Xã Mới".to_string()));
    assert!(!communes(&store, 2020)
        .iter()
        .any(|c| c.starts_with("19999")));
    rename(
        &mut store,
        "19999",
        d(2021, 6, 1),
        "Xã Mới Thành",
        Source::Tui,
    )
    .unwrap();
    close(&mut store, "19999", d(2022, 12, 31), Source::Tui).unwrap();
    assert!(communes(&store, 2022).contains(&"19999 Xã Mới Thành".to_string()));
    assert!(!communes(&store, 2023)
        .iter()
        .any(|c| c.starts_with("19999")));
    let fields: Vec<String> = raw(&store)
        .prepare("SELECT field FROM audit_log WHERE entity = 'locality' AND record LIKE '19999@%' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(fields, ["created", "name", "valid_to"]);
}

#[test]
fn a_code_in_use_or_a_wrong_parent_is_refused() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    let refusal = |r: antq::error::Result<_>| r.expect_err("must refuse").render(Lang::En);
    let err = refusal(add(
        &mut store,
        "19120",
        "Xã Trùng",
        Level::Commune,
        Some("456"),
        Some(d(2021, 1, 1)),
        Source::Tui,
    ));
    assert!(err.contains("the code 19120 is in use"), "{err}");
    let err = refusal(add(
        &mut store,
        "19998",
        "Xã Lạc",
        Level::Commune,
        Some("18853"),
        None,
        Source::Tui,
    ));
    assert!(
        err.contains("18853 is a commune, expected a district or a province"),
        "{err}"
    );
    let err = refusal(merge(
        &mut store,
        &["19120", "18853"],
        "19120",
        "X",
        d(2021, 1, 1),
        Source::Tui,
    ));
    assert!(
        err.contains("must share level and parent"),
        "different parents: {err}"
    );
    assert_eq!(before, fingerprint(&store), "a refusal wrote");
}

#[test]
fn only_province_users_change_localities() {
    let (_db, mut store) = loaded();
    store
        .put_user(&User {
            login: "clerk1".into(),
            role: Role::Clerk,
            district_code: Some("456".into()),
        })
        .unwrap();
    store.set_user_for_tests("clerk1");
    let before = fingerprint(&store);
    assert!(close(&mut store, "19120", d(2021, 1, 1), Source::Tui).is_err());
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn a_merger_names_its_predecessors_by_version() {
    let (_db, mut store) = loaded();
    // 18868 is itself a successor (Phường Đồng Hải from 2020-02-01): the stored lineage names that
    // version, so the reused code stays unambiguous.
    let successor = merge(
        &mut store,
        &["18853", "18868"],
        "18853",
        "Phường Hải Đồng",
        d(2022, 1, 1),
        Source::Tui,
    )
    .unwrap();
    let shown: Vec<String> = successor
        .predecessors
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(shown, ["18853", "18868@2020-02-01"]);
    let stored = store.locality_in_year("18853", 2022).unwrap().unwrap();
    assert_eq!(stored.predecessors, successor.predecessors);
    assert_eq!(stored.parent_code.as_deref(), Some("450"));
}

#[test]
fn units_of_several_districts_merge_under_the_province() {
    let (_db, mut store) = loaded();
    let before = fingerprint(&store);
    // Closing a district whose communes go on is refused, naming one of them.
    let err = close(&mut store, "456", d(2025, 6, 30), Source::Tui).unwrap_err();
    let en = err.render(antq::text::Lang::En);
    assert!(
        en.contains(
            "19120 (Xã Hải Ninh): the parent 456 ends on 2025-06-30 while the unit goes on"
        ),
        "{en}"
    );
    // Without a parent, units of two districts cannot merge.
    assert!(merge(
        &mut store,
        &["19120", "18853"],
        "19120",
        "Xã Mới",
        d(2025, 7, 1),
        Source::Tui
    )
    .is_err());
    assert_eq!(before, fingerprint(&store));
    // Under the province they can (the district level gone on 2025-07-01).
    let successor = antq::services::localities::merge_under(
        &mut store,
        &["19120", "18853"],
        "19120",
        "Xã Hải Thành Ninh",
        Some("44"),
        d(2025, 7, 1),
        Source::Tui,
    )
    .unwrap();
    assert_eq!(successor.parent_code.as_deref(), Some("44"));
    assert_eq!(
        antq::domain::Predecessor::format_list(&successor.predecessors),
        "19120;18853"
    );
    let y2025 = store.locality_in_year("19120", 2025).unwrap().unwrap();
    assert_eq!(y2025.name, "Xã Hải Thành Ninh");
    assert_eq!(y2025.predecessors, successor.predecessors);
    // A successor under a unit not valid on its first day is refused, and nothing is written.
    let before = fingerprint(&store);
    assert!(antq::services::localities::merge_under(
        &mut store,
        &["19123"],
        "19123",
        "Xã Võ Ninh Mới",
        Some("18862"),
        d(2025, 7, 1),
        Source::Tui,
    )
    .is_err());
    assert_eq!(before, fingerprint(&store));
}
