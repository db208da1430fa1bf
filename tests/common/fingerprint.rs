//! What "nothing was written" compares: every table of the database, dumped in one order. Shared
//! by the test binaries that hold a database (`common`, and `tui_common` through `#[path]`).

/// The same fingerprint over a plain connection (for a database the binary writes). The tables are
/// read from the schema, so a table added later (a cache, `meta`) is covered without a list to keep.
pub fn fingerprint_conn(conn: &rusqlite::Connection) -> String {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("list tables")
        .collect::<Result<_, _>>()
        .expect("table name");
    assert!(
        tables.iter().any(|t| t == "audit_log"),
        "not an antq database: {tables:?}"
    );
    let mut out = String::new();
    for table in tables {
        out.push_str(&format!("== {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("prepare");
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("{v:?}|"));
                }
                Ok(s)
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("row");
        // Sorted as text: every table, whatever its key, in one order that SQLite cannot change.
        rows.sort();
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}
