//! The Years view's SQL aggregates agree with the report's in-memory aggregation, for every scope.

use crate::common::*;
use antq::domain::Category;
use antq::services::report::summarize;
use antq::services::years::overview;
use antq::store::Source;

#[test]
fn years_overview_matches_the_report_for_province_districts_and_communes() {
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let cfg = config();
    let scopes = [None, Some("450"), Some("457"), Some("18853")];
    for scope in scopes {
        let years = overview(&store, &cfg, scope, 2015..=2020).unwrap();
        assert_eq!(years.len(), 6);
        assert_eq!(years[0].rows, 0, "2015 has no data");
        for y in &years[1..] {
            let data = store.year_data(y.year).unwrap();
            let s = summarize(&data, &cfg, scope).unwrap();
            for c in Category::ALL {
                let f = s.categories.get(c.code()).unwrap();
                let got = y.get(c);
                assert_eq!(
                    (got.ratio.recognized, got.ratio.total, got.target, got.met),
                    (f.recognized, f.total, f.target, f.met),
                    "{scope:?} {} {}",
                    y.year,
                    c.code()
                );
            }
            assert_eq!(y.models, s.models, "{scope:?} {}", y.year);
            if scope.is_none() || scope == Some("450") {
                assert_eq!(
                    (y.collectives, y.individuals),
                    (s.commended.collectives, s.commended.individuals),
                    "{scope:?} {}",
                    y.year
                );
            }
        }
    }
    let province = overview(&store, &cfg, None, 2018..=2018).unwrap();
    let ra = province[0].get(Category::ResidentialAreas).ratio;
    assert_eq!((ra.recognized, ra.total), (1046, 1205));
    assert_eq!(
        (province[0].collectives, province[0].individuals),
        (268, 178)
    );
    // The merger: 159 communes until 2019, 151 in 2020.
    let all = overview(&store, &cfg, None, 2019..=2020).unwrap();
    assert_eq!(all[0].get(Category::Communes).ratio.total, 159);
    assert_eq!(all[1].get(Category::Communes).ratio.total, 151);
}

#[test]
fn the_province_cache_is_dropped_by_any_change_of_its_year_and_recomputed() {
    use antq::domain::{Field, FieldValue};
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let cfg = config();
    let cached = |store: &antq::store::Store| -> Vec<i32> {
        raw(store)
            .prepare("SELECT year FROM province_year_cache ORDER BY year")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let first = overview(&store, &cfg, None, 2016..=2020).unwrap();
    assert_eq!(cached(&store), [2016, 2017, 2018, 2019, 2020]);
    assert_eq!(
        first,
        overview(&store, &cfg, None, 2016..=2020).unwrap(),
        "from the cache"
    );

    // A typed change in 2018 drops 2018 only, and the next view shows it.
    let row = store.year_data_row(2018, "18853").unwrap().unwrap();
    let total = row.residential_areas_total.unwrap();
    antq::services::set_value(
        &mut store,
        2018,
        "18853",
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(total + 5)),
        Source::Tui,
    )
    .unwrap();
    assert_eq!(cached(&store), [2016, 2017, 2019, 2020]);
    let after = overview(&store, &cfg, None, 2018..=2018).unwrap();
    assert_eq!(
        after[0].get(Category::ResidentialAreas).ratio.total,
        1205 + 5
    );

    // A locality change drops every year.
    antq::services::localities::rename(
        &mut store,
        "18853",
        chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
        "Phường Hải Thành Mới",
        Source::Tui,
    )
    .unwrap();
    assert!(cached(&store).is_empty());
    let again = overview(&store, &cfg, None, 2016..=2020).unwrap();
    assert_eq!(again[0], first[0]);
}

#[test]
fn with_two_provinces_each_province_counts_only_its_own_units() {
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let loc = db.file(
        "localities.csv",
        "code,name,level,parent_code,valid_from,valid_to\n40,Tỉnh Nghệ An,province,,,\n426,Huyện Tân Kỳ,district,40,,\n17662,Xã Kỳ Sơn,commune,426,,\n17665,Xã Tân Phú,commune,426,,\n",
    );
    let rows = db.file(
        "assessments.csv",
        "year,locality_code,residential_areas_total,residential_areas_recognized,commune_recognized,police_advanced,agencies_total,agencies_recognized,schools_total,schools_recognized,models\n2018,17662,10,9,yes,yes,1,1,2,2,1\n2018,17665,20,15,yes,yes,3,3,4,4,2\n",
    );
    antq::services::import::import_paths(&mut store, &config(), &[loc, rows]).unwrap();
    let cfg = config();
    for code in ["44", "40"] {
        let y = overview(&store, &cfg, Some(code), 2018..=2018).unwrap();
        let s = summarize(&store.year_data(2018).unwrap(), &cfg, Some(code)).unwrap();
        for c in Category::ALL {
            let f = s.categories.get(c.code()).unwrap();
            let got = y[0].get(c).ratio;
            assert_eq!(
                (got.recognized, got.total),
                (f.recognized, f.total),
                "{code} {}",
                c.code()
            );
        }
    }
    let nghe_an = overview(&store, &cfg, Some("40"), 2018..=2018).unwrap();
    assert_eq!(nghe_an[0].get(Category::ResidentialAreas).ratio.total, 30);
    assert_eq!(nghe_an[0].get(Category::Communes).ratio.total, 2);
}

#[test]
fn communes_are_held_only_to_targets_that_name_them() {
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let cfg = config();
    let data = store.year_data(2018).unwrap();
    let district = summarize(&data, &cfg, Some("456")).unwrap();
    let ra = district.categories.get("residential_areas").unwrap();
    assert_eq!(
        ra.target,
        Some(0.85),
        "a district takes the province-wide target"
    );
    assert!(!district.children.is_empty(), "district 456 has communes");
    for commune in &district.children {
        let f = commune.categories.get("residential_areas").unwrap();
        assert_eq!((f.target, f.met), (None, None), "{}", commune.locality.name);
    }
    let years = overview(&store, &cfg, Some("18853"), 2018..=2018).unwrap();
    assert_eq!(years[0].get(Category::ResidentialAreas).target, None);
}
