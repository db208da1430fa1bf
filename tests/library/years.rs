//! The Years view's SQL aggregates agree with the report's in-memory aggregation, for every scope.

use crate::common::reform;
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
    // The load fills the cache in its own transaction; emptied, the reads fill it again.
    assert_eq!(cached(&store), (2016..=2025).collect::<Vec<_>>());
    raw(&store)
        .execute("DELETE FROM province_year_cache", [])
        .unwrap();
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

// ---- across the 2025 reform ------------------------------------------------------------------------

fn reform_store(db: &TestDb) -> antq::store::Store {
    let mut store = db.open();
    store
        .load_dataset(&reform::dataset(), Source::Demo)
        .expect("the reform fixture loads");
    store
}

/// (recognised, total) of a category.
fn ratio(y: &antq::services::years::YearFigures, c: Category) -> (u64, u64) {
    let r = y.get(c).ratio;
    (r.recognized, r.total)
}

#[test]
fn a_merged_province_shows_its_earlier_years_as_the_sum_of_its_predecessors() {
    let db = TestDb::new();
    let store = reform_store(&db);
    let cfg = config();
    // Code 44 names the old Quảng Bình and the new Quảng Trị; the version valid at the range's end is
    // meant.
    let years = overview(&store, &cfg, Some(reform::PROVINCE), 2019..=2025).unwrap();
    let at = |y: i32| &years[(y - 2019) as usize];
    // 2019: the old Quảng Bình's own figures (the old Quảng Trị holds none that year).
    assert!(at(2019).from_predecessors);
    assert_eq!(ratio(at(2019), Category::ResidentialAreas), (54, 67));
    // Hải Ninh has no row but is one of Quảng Bình's communes.
    assert_eq!(ratio(at(2019), Category::Communes), (4, 6));
    // 2020: Quảng Bình after its February merger.
    assert_eq!(ratio(at(2020), Category::ResidentialAreas), (57, 67));
    assert_eq!(ratio(at(2020), Category::Communes), (4, 5));
    // Years nobody typed stay empty and unmarked.
    for y in 2021..=2023 {
        assert_eq!((at(y).rows, at(y).from_predecessors), (0, false), "{y}");
    }
    // 2024: Quảng Bình plus the old Quảng Trị, which holds figures that year.
    assert!(at(2024).from_predecessors);
    assert_eq!(
        ratio(at(2024), Category::ResidentialAreas),
        (57 + 15, 67 + 18)
    );
    assert_eq!(ratio(at(2024), Category::Communes), (4 + 1, 5 + 2));
    assert_eq!(ratio(at(2024), Category::Agencies), (6, 6));
    assert_eq!(at(2024).rows, 6);
    // 2025: the new province's own figures, its three communes directly under it.
    assert!(!at(2025).from_predecessors);
    assert_eq!(ratio(at(2025), Category::ResidentialAreas), (77, 86));
    assert_eq!(ratio(at(2025), Category::Communes), (3, 3));

    // The old provinces keep their own years, and nothing after they ended.
    let old = overview(&store, &cfg, Some(reform::OLD_QUANG_TRI), 2024..=2025).unwrap();
    assert_eq!(ratio(&old[0], Category::ResidentialAreas), (15, 18));
    assert!(!old[0].from_predecessors);
    assert_eq!(old[1].rows, 0);
    let quang_binh = store
        .all_localities()
        .unwrap()
        .into_iter()
        .find(|l| l.code == reform::PROVINCE && l.valid_from.is_none())
        .unwrap();
    let own = antq::services::years::overview_of(&store, &cfg, quang_binh.id, 2024..=2025).unwrap();
    assert_eq!(ratio(&own[0], Category::ResidentialAreas), (57, 67));
    assert_eq!((own[1].rows, own[1].from_predecessors), (0, false));
}

#[test]
fn a_merged_commune_sums_its_predecessors_recursively() {
    let db = TestDb::new();
    let store = reform_store(&db);
    let cfg = config();
    let ward = overview(&store, &cfg, Some(reform::DONG_HOI_WARD), 2019..=2025).unwrap();
    // 2019: before Đồng Hải existed, its own predecessors Đồng Mỹ and Hải Đình, with Hải Thành.
    assert_eq!(
        ratio(&ward[0], Category::ResidentialAreas),
        (11 + 8 + 4, 12 + 10 + 6)
    );
    assert_eq!(ratio(&ward[0], Category::Communes), (2, 3));
    assert!(ward[0].from_predecessors);
    // 2020: Hải Thành and Đồng Hải.
    assert_eq!(
        ratio(&ward[1], Category::ResidentialAreas),
        (11 + 13, 12 + 16)
    );
    assert_eq!(ratio(&ward[1], Category::Communes), (2, 2));
    // 2025: its own row (the code 18853 was Hải Thành's: its rows are not the ward's).
    assert_eq!(ratio(&ward[6], Category::ResidentialAreas), (26, 28));
    assert_eq!(ratio(&ward[6], Category::Communes), (1, 1));
    assert!(!ward[6].from_predecessors);
    // A predecessor without figures (Hải Ninh, whose code the commune reuses) adds nothing, not even
    // to the communes' total. The range ends in 2025: in 2024 alone the code meant Hải Ninh.
    let commune = overview(&store, &cfg, Some(reform::QUANG_NINH_COMMUNE), 2024..=2025).unwrap();
    assert_eq!(
        ratio(&commune[0], Category::ResidentialAreas),
        (13 + 20, 14 + 25)
    );
    assert_eq!(ratio(&commune[0], Category::Communes), (2, 2));
}

#[test]
fn drilling_down_lists_the_units_of_the_focused_year() {
    use antq::services::years::drill_down;
    let db = TestDb::new();
    let store = reform_store(&db);
    let all = store.all_localities().unwrap();
    let id = |code: &str, new: bool| {
        all.iter()
            .find(|l| l.code == code && l.valid_from.is_some() == new)
            .map(|l| l.id)
            .unwrap()
    };
    let codes = |scope: i64, year: i32| -> Vec<String> {
        drill_down(&store, scope, year)
            .unwrap()
            .into_iter()
            .map(|l| l.code)
            .collect()
    };
    let province = id(reform::PROVINCE, true);
    // Before the reform: the districts of that year, of both former provinces; then their communes.
    assert_eq!(codes(province, 2024), ["450", "457", "461"]);
    assert_eq!(codes(id("450", false), 2024), ["18853", "18868"]);
    assert_eq!(codes(id("450", false), 2019), ["18853", "18862", "18865"]);
    // After: the communes under the province.
    assert_eq!(codes(province, 2025), ["18853", "19171", "19302"]);
    // A merged commune's earlier year lists the communes it was made of; its own year, nothing.
    let ward = id(reform::DONG_HOI_WARD, true);
    assert_eq!(codes(ward, 2019), ["18853", "18862", "18865"]);
    assert_eq!(codes(ward, 2024), ["18853", "18868"]);
    assert!(codes(ward, 2025).is_empty());
    // The old Hải Thành listed for 2024 is the old unit, not the ward that reuses its code.
    let listed = drill_down(&store, ward, 2024).unwrap();
    assert_eq!(listed[0].name, "Phường Hải Thành");
}

#[test]
fn the_province_cache_follows_the_units_of_each_year_across_the_reform() {
    use antq::domain::{Field, FieldValue};
    let db = TestDb::new();
    let mut store = reform_store(&db);
    let cfg = config();
    store.warm_year_cache().unwrap();
    let cached = |store: &antq::store::Store, year: i32| -> Option<(i64, i64)> {
        raw(store)
            .query_row(
                "SELECT rows, residential_areas_total FROM province_year_cache WHERE year = ?1",
                [year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()
    };
    // 2025 holds one province: its cache entry is the new province's.
    assert_eq!(cached(&store, 2025), Some((3, 86)));
    // 2024 holds two: the entry sums both, so neither old province reads it as its own.
    assert_eq!(cached(&store, 2024), Some((6, 85)));
    let old = overview(&store, &cfg, Some(reform::OLD_QUANG_TRI), 2024..=2024).unwrap();
    assert_eq!(ratio(&old[0], Category::ResidentialAreas), (15, 18));
    let quang_binh = store
        .all_localities()
        .unwrap()
        .into_iter()
        .find(|l| l.code == reform::PROVINCE && l.valid_from.is_none())
        .unwrap();
    let qb = antq::services::years::overview_of(&store, &cfg, quang_binh.id, 2024..=2024).unwrap();
    assert_eq!(ratio(&qb[0], Category::ResidentialAreas), (57, 67));

    // A typed change in the new province's year drops that year's entry, and the view follows.
    antq::services::set_value(
        &mut store,
        2025,
        reform::DONG_HOI_WARD,
        Field::ResidentialAreasTotal,
        FieldValue::Count(Some(30)),
        Source::Tui,
    )
    .unwrap();
    assert_eq!(cached(&store, 2025), None);
    assert_eq!(cached(&store, 2024), Some((6, 85)), "other years stay");
    let new = overview(&store, &cfg, Some(reform::PROVINCE), 2024..=2025).unwrap();
    assert_eq!(ratio(&new[1], Category::ResidentialAreas), (77, 88));
    assert_eq!(cached(&store, 2025), Some((3, 88)));
    assert_eq!(ratio(&new[0], Category::ResidentialAreas), (72, 85));
    // The province's year as the TUI reads it (the cache, the year holding one province) agrees.
    let totals = store.year_totals(2025, None).unwrap();
    assert_eq!(
        (
            totals.residential_areas.recognized,
            totals.residential_areas.total
        ),
        (77, 88)
    );
    assert_eq!((totals.communes.recognized, totals.communes.total), (3, 3));
}

#[test]
fn a_reused_code_shows_only_its_own_units_history() {
    use antq::domain::{Field, FieldValue};
    let db = TestDb::new();
    let mut store = reform_store(&db);
    let code = reform::DONG_HOI_WARD;
    for (year, value) in [(2024, 13), (2025, 29)] {
        antq::services::set_value(
            &mut store,
            year,
            code,
            Field::ResidentialAreasTotal,
            FieldValue::Count(Some(value)),
            Source::Tui,
        )
        .unwrap();
    }
    let news = |year: i32| -> Vec<Option<String>> {
        store
            .audit_history(year, code, Some(Field::ResidentialAreasTotal.code()))
            .unwrap()
            .into_iter()
            .map(|r| r.new_value)
            .collect()
    };
    // The ward's history: loaded 28, typed 29; none of Hải Thành's 12 and 13.
    assert_eq!(news(2025), [Some("28".into()), Some("29".into())]);
    assert_eq!(news(2024), [Some("12".into()), Some("13".into())]);
}

#[test]
fn a_target_set_for_a_commune_holds_it_in_a_two_level_year() {
    use antq::config::{Config, ConfigSources};
    let db = TestDb::new();
    let store = reform_store(&db);
    let path = db.file(
        "targets.toml",
        "[[target]]\nyear = 2025\ncategory = \"residential_areas\"\nmin_share = 0.85\n\n\
         [[target]]\nyear = 2025\ncategory = \"residential_areas\"\nmin_share = 0.95\n\
         locality = \"19171\"\n\n\
         [[target]]\nyear = 2024\ncategory = \"residential_areas\"\nmin_share = 0.5\n\
         locality = \"19171\"\n",
    );
    let cfg = Config::load(&ConfigSources {
        system: Some(path),
        user: None,
        explicit: None,
    })
    .expect("the targets load");
    // The commune named: its own target, missed (35/40).
    let commune = overview(&store, &cfg, Some(reform::QUANG_NINH_COMMUNE), 2025..=2025).unwrap();
    let ra = commune[0].get(Category::ResidentialAreas);
    assert_eq!((ra.target, ra.met), (Some(0.95), Some(false)));
    // A commune not named has none; the province has the province-wide one, met (77/86).
    let other = overview(&store, &cfg, Some(reform::VINH_LINH_COMMUNE), 2025..=2025).unwrap();
    assert_eq!(other[0].get(Category::ResidentialAreas).target, None);
    let province = overview(&store, &cfg, Some(reform::PROVINCE), 2025..=2025).unwrap();
    let ra = province[0].get(Category::ResidentialAreas);
    assert_eq!((ra.target, ra.met), (Some(0.85), Some(true)));
    // The report of the year agrees: the province's children are its communes, each with its own.
    let report = summarize(&store.year_data(2025).unwrap(), &cfg, None).unwrap();
    let targets: Vec<(String, Option<f64>)> = report
        .children
        .iter()
        .map(|c| {
            let f = c.categories.get("residential_areas").unwrap();
            (c.locality.code.clone(), f.target)
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("18853".to_string(), None),
            ("19171".to_string(), Some(0.95)),
            ("19302".to_string(), None),
        ]
    );
    // In 2024 the code 19171 meant Hải Ninh: its target is not the new commune's summed year's.
    let before = overview(&store, &cfg, Some(reform::QUANG_NINH_COMMUNE), 2024..=2025).unwrap();
    assert_eq!(before[0].get(Category::ResidentialAreas).target, None);
}

/// Eight writers import different districts' figures into one file while readers fill the cache;
/// afterwards the cached province sums equal a recount. Sums filled after a commit (or read over
/// several snapshots) would keep a year's old figures once another writer had committed between.
#[test]
fn concurrent_writers_leave_the_province_cache_equal_to_a_recount() {
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    store.warm_year_cache().unwrap();
    let data = store.year_data(2018).unwrap();
    let districts: Vec<(String, Vec<String>)> = data
        .localities
        .iter()
        .filter(|l| l.level == antq::domain::Level::District)
        .map(|d| {
            let communes = data
                .localities
                .iter()
                .filter(|c| c.parent_code.as_deref() == Some(d.code.as_str()))
                .map(|c| c.code.clone())
                .collect();
            (d.code.clone(), communes)
        })
        .take(8)
        .collect();
    assert_eq!(districts.len(), 8, "the demo has eight districts");
    let path = db.path.clone();
    let dir = db.dir.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::spawn(move || {
                let store = antq::store::Store::open(&path).expect("open");
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    store
                        .year_sums(antq::store::SumScope::Province, 2018, 2018)
                        .expect("read sums");
                }
            })
        })
        .collect();
    let writers: Vec<_> = districts
        .into_iter()
        .enumerate()
        .map(|(w, (district, communes))| {
            let (path, dir) = (path.clone(), dir.clone());
            std::thread::spawn(move || {
                let mut store = antq::store::Store::open(&path).expect("open");
                for round in 0..8u32 {
                    let mut text = format!("{ASSESSMENTS_HEADER}\n");
                    for (i, c) in communes.iter().enumerate() {
                        let total = 20 + round * 3 + i as u32 + w as u32;
                        text.push_str(&format!("2018,{c},{total},{},,,,,,,\n", total / 2));
                    }
                    let file = dir.join(format!("{district}-{round}.csv"));
                    std::fs::write(&file, text).expect("write");
                    antq::services::import::import_paths(&mut store, &config(), &[file])
                        .expect("import");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for r in readers {
        r.join().expect("reader");
    }
    let store = db.open();
    let entries: i64 = raw(&store)
        .query_row(
            "SELECT count(*) FROM province_year_cache WHERE year = 2018",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(entries, 1, "the last import left the year cached");
    let cached = store
        .year_sums(antq::store::SumScope::Province, 2018, 2018)
        .unwrap();
    raw(&store)
        .execute("DELETE FROM province_year_cache", [])
        .unwrap();
    let recount = store
        .year_sums(antq::store::SumScope::Province, 2018, 2018)
        .unwrap();
    assert_eq!(cached, recount, "the cache kept stale province sums");
}

#[test]
fn the_units_entered_of_each_year_agree_with_the_report_and_follow_a_cleared_figure() {
    use antq::domain::{Field, FieldValue};
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let cfg = config();
    let cached = |store: &antq::store::Store| -> Vec<i32> {
        raw(store)
            .prepare("SELECT year FROM year_entered_cache ORDER BY year")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let agree = |store: &antq::store::Store| {
        for scope in [None, Some("450"), Some("457"), Some("18853")] {
            for y in overview(store, &cfg, scope, 2016..=2020).unwrap() {
                let data = store.year_data(y.year).unwrap();
                let s = summarize(&data, &cfg, scope).unwrap();
                assert_eq!(
                    (y.units_entered, y.units),
                    (s.units_reported, s.units_expected),
                    "{scope:?} {}",
                    y.year
                );
                assert_eq!(y.incomplete(), !s.complete, "{scope:?} {}", y.year);
            }
        }
    };
    agree(&store);
    // The province's counts were cached by the reads (one per year, for its rule set).
    assert_eq!(cached(&store), (2016..=2020).collect::<Vec<_>>());
    // A figure cleared in 2018 drops that year's count; the next view counts the unit as not entered.
    antq::services::set_value(
        &mut store,
        2018,
        "18853",
        Field::SchoolsTotal,
        FieldValue::Count(None),
        Source::Tui,
    )
    .unwrap();
    assert_eq!(cached(&store), [2016, 2017, 2019, 2020]);
    agree(&store);
    let province = overview(&store, &cfg, None, 2018..=2018).unwrap();
    assert!(province[0].incomplete());
    assert_eq!(province[0].units_entered + 1, province[0].units);
    let commune = overview(&store, &cfg, Some("18853"), 2018..=2018).unwrap();
    assert_eq!((commune[0].units_entered, commune[0].units), (0, 1));
}

/// The Years view counts commended people as the report does: namesakes told apart by birth year
/// (else by unit) are two, records no one can tell apart add no one — for the province (its cached
/// sums) and for a district (summed by SQL), and again after the cache is dropped and refilled.
#[test]
fn the_years_view_counts_namesakes_as_the_report_does() {
    use antq::domain::{Award, AwardForm, RecipientKind};
    let db = TestDb::new();
    let mut store = db.open();
    store
        .load_dataset(&antq::demo::demo_dataset(), Source::Demo)
        .unwrap();
    let cfg = config();
    let before = overview(&store, &cfg, None, 2018..=2018).unwrap()[0].individuals;
    let award = |n: i64, name: &str, birth_year: Option<i32>, unit: &str| Award {
        id: 0,
        year: 2018,
        form: AwardForm::CertificateOfMerit,
        issuer: "province_committee".into(),
        recipient_kind: RecipientKind::Individual,
        recipient: name.into(),
        locality_code: Some(unit.into()),
        birth_year,
        decision_no: format!("{n}/QĐ-UBND"),
        decision_date: chrono::NaiveDate::from_ymd_opt(2018, 12, 10).expect("date"),
        note: String::new(),
    };
    for a in [
        award(9001, "Nguyễn Văn An", Some(1970), "18853"),
        award(9002, "Nguyễn Văn An", Some(1985), "18853"),
        award(9003, "Nguyễn Văn An", None, "18853"),
        award(9004, "Trần Thị Bình", None, "18853"),
        award(9005, "Trần Thị Bình", None, "18856"),
    ] {
        antq::services::awards::save(&mut store, &a).unwrap();
    }
    let data = store.year_data(2018).unwrap();
    for scope in [None, Some("450")] {
        let s = summarize(&data, &cfg, scope).unwrap();
        let y = &overview(&store, &cfg, scope, 2018..=2018).unwrap()[0];
        assert_eq!(
            (y.collectives, y.individuals),
            (s.commended.collectives, s.commended.individuals),
            "{scope:?}"
        );
    }
    let province = overview(&store, &cfg, None, 2018..=2018).unwrap()[0].individuals;
    assert_eq!(province, before + 4, "two An, two Bình");
    // Counted again from the cache the first read filled.
    store.warm_year_cache().unwrap();
    assert_eq!(
        overview(&store, &cfg, None, 2018..=2018).unwrap()[0].individuals,
        province
    );
}
