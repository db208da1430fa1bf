//! Who may do what, with the acting user set on the store. The command line's own tests of a
//! clerk's scope (tests/cli/workflow.rs) need another uid and so root; these run everywhere.

use crate::common::*;
use antq::domain::workflow::{Role, User};
use antq::services::import::import_paths;
use antq::services::workflow::{approve, submit};
use antq::store::Store;
use antq::text::Lang;
use std::path::PathBuf;

const HEADER: &str = ASSESSMENTS_HEADER;

/// The fixture with a province user and a clerk of district 450, acting as `login`.
fn as_login(login: &str) -> (TestDb, Store) {
    let (db, mut store) = loaded();
    for user in [
        User {
            login: "boss".into(),
            role: Role::Province,
            district_code: None,
        },
        User {
            login: "clerk450".into(),
            role: Role::Clerk,
            district_code: Some("450".into()),
        },
    ] {
        store.put_user(&user).expect("put user");
    }
    store.set_user_for_tests(login);
    (db, store)
}

/// Imports `path` and expects a refusal; returns the message in English.
fn refused(store: &mut Store, path: &PathBuf) -> String {
    import_paths(store, &config(), std::slice::from_ref(path))
        .expect_err("must refuse")
        .render(Lang::En)
}

#[test]
fn a_clerk_imports_their_own_district_only_and_a_refusal_writes_nothing() {
    let (db, mut store) = as_login("clerk450");
    let before = fingerprint(&store);
    let other = db.file(
        "456.csv",
        &format!("{HEADER}\n2019,19120,21,18,yes,yes,2,2,2,2,1\n"),
    );
    let err = refused(&mut store, &other);
    assert!(
        err.contains(&format!("{}:2: ", other.display())) && err.contains("clerk450"),
        "{err}"
    );
    // One row of their own district, one of another's: the whole file is refused, on line 3 only.
    let mixed = db.file(
        "mixed.csv",
        &format!(
            "{HEADER}\n2019,18853,11,9,yes,yes,3,3,2,2,1\n2019,19123,26,16,no,yes,3,2,2,2,0\n"
        ),
    );
    let err = refused(&mut store, &mixed);
    assert!(err.contains(&format!("{}:3: ", mixed.display())), "{err}");
    assert!(!err.contains(&format!("{}:2: ", mixed.display())), "{err}");
    // The list of localities is the province's.
    let loc = db.file(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to\n99001,Xã Mới,commune,450,,\n",
    );
    let err = refused(&mut store, &loc);
    assert!(err.contains(&format!("{}:2: ", loc.display())), "{err}");
    assert_eq!(before, fingerprint(&store), "a refused import wrote");
    // Their own district: written, and audited under their login.
    let own = db.file(
        "450.csv",
        &format!("{HEADER}\n2019,18853,11,9,yes,yes,3,3,2,2,1\n"),
    );
    let summary = import_paths(&mut store, &config(), &[own]).expect("own district");
    assert_eq!(summary.changes, 1);
    let who: String = raw(&store)
        .query_row(
            "SELECT os_user FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("audit row");
    assert_eq!(who, "clerk450");
}

#[test]
fn a_clerk_submits_their_own_district_only_and_may_not_approve() {
    let (_db, mut store) = as_login("clerk450");
    let before = fingerprint(&store);
    let err = submit(&mut store, &config(), 2019, "456")
        .expect_err("another district")
        .render(Lang::En);
    assert!(
        err.contains("clerk450 may submit only their own district"),
        "{err}"
    );
    let err = approve(&mut store, &config(), 2019, "450")
        .expect_err("approval is the province's")
        .render(Lang::En);
    assert!(err.contains("province"), "{err}");
    assert_eq!(before, fingerprint(&store));
}

#[test]
fn an_unregistered_login_may_only_read() {
    let (db, mut store) = as_login("stranger");
    let before = fingerprint(&store);
    let f = db.file(
        "450.csv",
        &format!("{HEADER}\n2019,18853,11,9,yes,yes,3,3,2,2,1\n"),
    );
    let err = refused(&mut store, &f);
    assert!(err.contains("stranger"), "{err}");
    let err = submit(&mut store, &config(), 2019, "450")
        .expect_err("read only")
        .render(Lang::En);
    assert!(err.contains("stranger"), "{err}");
    assert_eq!(before, fingerprint(&store));
}
