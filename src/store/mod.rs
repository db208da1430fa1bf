//! The SQLite store: opening (pragmas, migrations), one module per table family, and the audit log
//! written in the same transaction as the change it records. Knows the domain types; knows nothing of
//! screens.

mod assessments;
pub mod audit;
mod awards;
mod limitations;
mod localities;
mod migrate;
mod notes;
pub mod provenance;
mod scope;
mod targets;
pub mod workflow;
mod year_sums;

pub use audit::{AuditRow, Source};
pub use migrate::LATEST_VERSION;
use year_sums::Touched;
pub use year_sums::{SumScope, Sums};

use crate::domain::{Dataset, History, Locality, YearData};
use crate::error::{Error, Result};
use crate::progress::{Progress, Silent, Stage};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

/// An open database, with the operating-system login of the process as the acting user.
pub struct Store {
    /// Closed in `Drop`, with the database's group where it was opened with it (see `privilege`).
    conn: ManuallyDrop<Connection>,
    path: PathBuf,
    user: String,
}

/// Whether the caller intends to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Reads only; a read-only file is fine, a missing one is refused (never created).
    Read,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Statements kept prepared per connection: more than the store has distinct queries.
const STATEMENT_CACHE: usize = 256;

impl Store {
    /// Opens (creating the file and its folder on first use) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Access::ReadWrite)
    }

    /// On a district server the database's group is held only while opening (see `privilege`).
    pub fn open_with(path: &Path, access: Access) -> Result<Store> {
        crate::privilege::for_database(path, || Store::open_now(path, access))
    }

    fn open_now(path: &Path, access: Access) -> Result<Store> {
        let shown = path.display().to_string();
        // Reading never creates: a mistyped --db would otherwise answer from a new, empty database.
        if access == Access::Read && !path.exists() {
            return Err(Error::env(
                format!(
                    "không có cơ sở dữ liệu {shown}: hãy kiểm tra --db, hoặc tạo bằng `antq --db {shown} init`"
                ),
                format!(
                    "there is no database {shown}: check --db, or create it with `antq --db {shown} init`"
                ),
            ));
        }
        check_header(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::env(
                        format!("không tạo được thư mục {}: {e}", dir.display()),
                        format!("cannot create the folder {}: {e}", dir.display()),
                    )
                })?;
            }
        }
        let exists = path.exists();
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // SQLite writes its -wal/-shm/-journal files beside the database: a folder we may not write
        // to makes the database read-only too.
        let read_only_dir = is_read_only(dir);
        if !exists && read_only_dir {
            return Err(Error::env(
                format!(
                    "không tạo được cơ sở dữ liệu {shown}: thư mục {} chỉ cho phép đọc",
                    dir.display()
                ),
                format!(
                    "cannot create the database {shown}: the folder {} is read-only",
                    dir.display()
                ),
            ));
        }
        let read_only_file = exists && is_read_only(path);
        if access == Access::ReadWrite {
            if read_only_file {
                return Err(Error::env(
                    format!("cơ sở dữ liệu {shown} chỉ cho phép đọc: không ghi được"),
                    format!("the database {shown} is read-only: cannot write to it"),
                ));
            }
            if read_only_dir {
                return Err(Error::env(
                    format!(
                        "không ghi được vào cơ sở dữ liệu {shown}: thư mục {} chỉ cho phép đọc",
                        dir.display()
                    ),
                    format!(
                        "cannot write to the database {shown}: the folder {} is read-only",
                        dir.display()
                    ),
                ));
            }
        }
        let read_only = read_only_file || read_only_dir;
        let open_error = |e: rusqlite::Error| {
            Error::env(
                format!("không mở được cơ sở dữ liệu {shown}: {e}"),
                format!("cannot open the database {shown}: {e}"),
            )
        };
        let conn = if read_only {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let wal = sidecar(path, "-wal");
            let shm = sidecar(path, "-shm");
            if read_only_dir && !shm.exists() && wal.metadata().map_or(true, |m| m.len() == 0) {
                // No writer has the file open (there is no WAL to replay) and SQLite could not
                // create the shared-memory file it needs to read a WAL database: read it as the
                // unchanging file it is.
                Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
                    .map_err(open_error)?
            } else {
                Connection::open_with_flags(path, flags).map_err(open_error)?
            }
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(open_error)?
        };
        if !exists && !read_only {
            share_with_folder_group(dir, path);
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every query of the store is a cached statement: the TUI re-reads its year each time
        // another session commits, and with rusqlite's default of 16 the statements of one reload
        // push each other out and are parsed again every time.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Before anything that writes (even the journal mode is written into the header).
        refuse_foreign(&conn, &shown)?;
        if !read_only {
            // WAL lets a reviewer read while a clerk writes; FULL so that "saved" survives a power cut.
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| not_a_db_or(e, &shown))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // No temporary file: on a server one would be created with the database's group, in a
        // folder the environment (SQLITE_TMPDIR, TMPDIR) could choose.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Migrating (or checking the version) is the first read: it opens the -wal and -shm files
        // while the group is held.
        if read_only {
            migrate::check_version(&conn, &shown)?;
        } else {
            migrate::migrate(&conn, &shown)?;
        }
        Ok(Store {
            conn: ManuallyDrop::new(conn),
            path: path.to_path_buf(),
            user: os_login(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The operating-system login of this process: the acting user.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// For tests: act as another login.
    #[doc(hidden)]
    pub fn set_user_for_tests(&mut self, login: &str) {
        self.user = login.to_string();
    }

    /// For tests: the value of one pragma of this connection (some, like `foreign_keys`, are per
    /// connection, so another connection cannot show them).
    #[doc(hidden)]
    pub fn pragma_for_tests(&self, name: &str) -> Result<rusqlite::types::Value> {
        Ok(self
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?)
    }

    /// The raw connection: the store's own modules only, so that every query has its home here.
    fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes a consistent copy of the database to `target` with SQLite's online backup: other
    /// processes keep writing meanwhile, and the copy is the database as of one moment. A target that
    /// exists is refused (never overwritten); a copy that fails half-way is removed.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(Error::env(
                format!("{} đã có: chọn tên khác cho bản sao lưu", target.display()),
                format!(
                    "{} exists: choose another name for the backup",
                    target.display()
                ),
            ));
        }
        let copy = || -> rusqlite::Result<()> {
            let mut dst = Connection::open(target)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)
        };
        copy().map_err(|e| {
            let _ = std::fs::remove_file(target);
            Error::env(
                format!("không sao lưu được vào {}: {e}", target.display()),
                format!("could not back up to {}: {e}", target.display()),
            )
        })
    }

    /// How long to wait for another process's write lock before giving up (5 s unless set).
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Runs `work` while SQLite's quick check (every page and record well formed) reads the whole
    /// file on a connection of its own, then refuses a damaged database in one sentence, so that
    /// nothing is written into a file that is already broken. The check reads every page (about
    /// 2 s per GB), so it runs beside the work (an import's parsing and validation) rather than
    /// before it.
    pub fn while_checking_soundness<T>(&self, work: impl FnOnce() -> T) -> Result<T> {
        // Opened here, not in the checking thread, which would open it while `work` opens the
        // user's files: the database's group (see `privilege`) is held for this open only. The
        // first read opens its -wal and -shm files.
        let checker = crate::privilege::for_database(&self.path, || {
            let conn = Connection::open_with_flags(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "temp_store", "MEMORY")?;
            conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        });
        let (verdict, out) = std::thread::scope(|scope| {
            let check = scope.spawn(move || -> Result<String> {
                let conn = checker?;
                Ok(conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?)
            });
            let out = work();
            let verdict = check.join().unwrap_or_else(|_| {
                Err(Error::env(
                    "không kiểm tra được cơ sở dữ liệu",
                    "the database could not be checked",
                ))
            });
            (verdict, out)
        });
        if verdict? == "ok" {
            return Ok(out);
        }
        let shown = self.path.display();
        Err(Error::data(
            format!("cơ sở dữ liệu {shown} bị hỏng (SQLite kiểm tra không đạt): không ghi gì vào đó; hãy khôi phục từ bản sao lưu"),
            format!("the database {shown} is damaged (SQLite's check fails): nothing is written to it; restore it from a backup"),
        ))
    }

    /// SQLite's own consistency check of the file: "ok" when sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// True when no locality is stored.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM locality", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Report years that hold any assessment, ascending.
    pub fn years_with_data(&self) -> Result<Vec<i32>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT year FROM assessment ORDER BY year")?;
        let years = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i32>>>()?;
        Ok(years)
    }

    /// The latest report year that holds any figure (one index seek, not a scan).
    pub fn latest_year(&self) -> Result<Option<i32>> {
        Ok(self
            .conn
            .prepare_cached("SELECT max(year) FROM assessment")?
            .query_row([], |r| r.get(0))?)
    }

    /// Whether a report year holds any figure (one indexed probe, not the list of every year).
    pub fn has_year(&self, year: i32) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM assessment WHERE year = ?1)",
            [year],
            |r| r.get(0),
        )?)
    }

    /// Does the year hold anything recorded: a result, an award or a limitation?
    pub fn has_records(&self, year: i32) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM assessment WHERE year = ?1)
                 OR EXISTS (SELECT 1 FROM award WHERE year = ?1)
                 OR EXISTS (SELECT 1 FROM limitation WHERE year = ?1)",
            [year],
            |r| r.get(0),
        )?)
    }

    /// (year, recipient) of every commemorative medal to an individual outside `year`, anywhere: the
    /// medal is once per person, ever.
    pub fn medals_outside_year(&self, year: i32) -> Result<Vec<crate::domain::MedalHolder>> {
        awards::medals_outside_year(&self.conn, year)
    }

    pub fn all_localities(&self) -> Result<Vec<Locality>> {
        localities::all(&self.conn)
    }

    pub fn localities_in_year(&self, year: i32) -> Result<Vec<Locality>> {
        localities::in_year(&self.conn, year)
    }

    /// Everything of one report year: the units valid on 30 November, their rows, awards, limitations.
    pub fn year_data(&self, year: i32) -> Result<YearData> {
        Ok(YearData {
            year,
            localities: localities::in_year(&self.conn, year)?,
            assessments: assessments::for_year(&self.conn, year)?,
            awards: awards::for_year(&self.conn, year)?,
            limitations: limitations::for_year(&self.conn, year)?,
        })
    }

    /// The locality with `code` among the units of report `year`.
    pub fn locality_in_year(&self, code: &str, year: i32) -> Result<Option<Locality>> {
        localities::one_in_year(&self.conn, code, year)
    }

    /// The stored row of one locality in one year, if any.
    pub fn year_data_row(
        &self,
        year: i32,
        code: &str,
    ) -> Result<Option<crate::domain::Assessment>> {
        let Some(id) = localities::id_in_year(&self.conn, code, year)? else {
            return Ok(None);
        };
        assessments::get(&self.conn, year, id)
    }

    /// What the rules need from other years: last year's data and medals given in other years.
    pub fn history(&self, year: i32) -> Result<History> {
        let previous = if self.has_year(year - 1)? {
            Some(self.year_data(year - 1)?)
        } else {
            None
        };
        Ok(History {
            previous,
            medals_other_years: awards::medals_outside_year(&self.conn, year)?,
        })
    }

    /// Runs a bulk write with a large page cache. A big transaction in WAL mode that overflows the
    /// default 2 MB cache spills pages to the WAL again and again (measured: 35 µs per audit row);
    /// with room for the working set it is a few µs. The usual small cache comes back afterwards, so
    /// the TUI stays lean.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        let out = f(self);
        self.conn.pragma_update(None, "cache_size", before)?;
        out
    }

    /// Loads a whole data set (the demo province, a synthetic country) in one audited transaction,
    /// which also fills the Years view's cache and records the data set's source in `meta`.
    pub fn load_dataset(&mut self, data: &Dataset, source: Source) -> Result<()> {
        self.load_dataset_with(data, source, &Silent)
    }

    /// [`Store::load_dataset`], telling `progress` each row written; a stop it asks for rolls the
    /// whole transaction back.
    pub fn load_dataset_with(
        &mut self,
        data: &Dataset,
        source: Source,
        progress: &dyn Progress,
    ) -> Result<()> {
        self.bulk(|store| store.load_dataset_now(data, source, progress))
    }

    fn load_dataset_now(
        &mut self,
        data: &Dataset,
        source: Source,
        progress: &dyn Progress,
    ) -> Result<()> {
        let user = self.user.clone();
        let rows = data.localities.len()
            + data.assessments.len()
            + data.awards.len()
            + data.limitations.len();
        progress.begin(Stage::LoadRows, Some(rows as u64));
        let mut done = 0u64;
        let mut step = || {
            done += 1;
            progress.at(done)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut audit = audit::Auditor::begin(&tx, &user, source)?;
            let mut ids = localities::IdResolver::default();
            for l in &data.localities {
                localities::upsert(&tx, &mut audit, l)?;
                step()?;
            }
            for a in &data.assessments {
                let id = ids.resolve(&tx, &a.locality_code, a.year)?.ok_or_else(|| {
                    Error::data(
                        format!(
                            "mã địa phương {} không có trong năm {}",
                            a.locality_code, a.year
                        ),
                        format!(
                            "locality code {} is not valid in {}",
                            a.locality_code, a.year
                        ),
                    )
                })?;
                assessments::upsert(&tx, &mut audit, a, id)?;
                step()?;
            }
            for w in &data.awards {
                let id = match &w.locality_code {
                    Some(code) => ids.resolve(&tx, code, w.year)?,
                    None => None,
                };
                awards::upsert(&tx, &mut audit, w, id)?;
                step()?;
            }
            for l in &data.limitations {
                let id = ids.resolve(&tx, &l.locality_code, l.year)?.ok_or_else(|| {
                    Error::data(
                        format!(
                            "mã địa phương {} không có trong năm {}",
                            l.locality_code, l.year
                        ),
                        format!(
                            "locality code {} is not valid in {}",
                            l.locality_code, l.year
                        ),
                    )
                })?;
                limitations::upsert(&tx, &mut audit, l, id)?;
                step()?;
            }
            Touched {
                every_year: true,
                ..Touched::default()
            }
            .invalidate(&tx)?;
            // The Years view's sums and the data set's name are written in the load's own
            // transaction: a kill after its commit must not leave complete figures without them.
            progress.begin(Stage::FillCache, None);
            year_sums::warm_in(&tx)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('dataset', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [source.code()],
            )?;
        }
        tx.commit()?;
        progress.end();
        Ok(())
    }

    /// Runs `f` inside one immediate write transaction with an auditor; commits only if `f` succeeds.
    pub fn write<T>(
        &mut self,
        source: Source,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let user = self.user.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = {
            let audit = audit::Auditor::begin(&tx, &user, source)?;
            let mut w = Writer {
                tx: &tx,
                audit,
                ids: localities::IdResolver::default(),
                touched: Touched::default(),
            };
            let out = f(&mut w)?;
            w.touched.invalidate(&tx)?;
            out
        };
        tx.commit()?;
        Ok(out)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// The write half of a transaction: every change goes through here so that it is audited.
pub struct Writer<'t> {
    tx: &'t rusqlite::Transaction<'t>,
    audit: audit::Auditor<'t>,
    ids: localities::IdResolver,
    touched: Touched,
}

impl Writer<'_> {
    /// The transaction's connection: the store's own modules only.
    fn conn(&self) -> &Connection {
        self.tx
    }

    /// The id of the locality with `code` valid in report `year`.
    pub fn locality_id(&mut self, code: &str, year: i32) -> Result<Option<i64>> {
        self.ids.resolve(self.tx, code, year)
    }

    /// Like [`Writer::locality_id`] for a single lookup (no per-year cache is built).
    pub fn locality_id_once(&self, code: &str, year: i32) -> Result<Option<i64>> {
        localities::id_in_year(self.tx, code, year)
    }

    /// The locality with `code` among the units of report `year`, read inside this transaction.
    pub fn locality_in_year(&self, code: &str, year: i32) -> Result<Option<Locality>> {
        localities::one_in_year(self.tx, code, year)
    }

    /// Inserts or updates a locality version; returns its id and whether anything changed.
    pub fn upsert_locality(&mut self, l: &Locality) -> Result<(i64, bool)> {
        self.touched.every_year = true;
        let before = self.tx.total_changes();
        let id = localities::upsert(self.tx, &mut self.audit, l)?;
        self.ids = localities::IdResolver::default();
        Ok((id, self.tx.total_changes() != before))
    }

    /// Replaces the stored row of (year, locality) with `a`; audits each changed field. Returns how many
    /// fields changed.
    pub fn upsert_assessment(
        &mut self,
        a: &crate::domain::Assessment,
        locality_id: i64,
    ) -> Result<usize> {
        self.touched.years.insert(a.year);
        assessments::upsert(self.tx, &mut self.audit, a, locality_id)
    }

    pub fn stored_assessment(
        &self,
        year: i32,
        locality_id: i64,
    ) -> Result<Option<crate::domain::Assessment>> {
        assessments::get(self.tx, year, locality_id)
    }

    /// The latest audit row of one field of one locality's row in a report year (who changed it
    /// last, and when), read inside this transaction.
    pub fn last_change(
        &self,
        year: i32,
        locality_code: &str,
        field: &str,
    ) -> Result<Option<audit::AuditRow>> {
        audit::last_change(self.tx, year, locality_code, field)
    }

    pub fn upsert_award(
        &mut self,
        a: &crate::domain::Award,
        locality_id: Option<i64>,
    ) -> Result<usize> {
        self.touched.years.insert(a.year);
        awards::upsert(self.tx, &mut self.audit, a, locality_id)
    }

    /// The stored award with internal `id`, read inside this transaction.
    pub fn stored_award(&self, id: i64) -> Result<Option<crate::domain::Award>> {
        awards::by_id(self.tx, id)
    }

    pub fn delete_award(&mut self, id: i64) -> Result<bool> {
        // The year is not known without a read; deletions are rare.
        self.touched.every_year = true;
        awards::delete(self.tx, &mut self.audit, id)
    }

    pub fn upsert_limitation(
        &mut self,
        l: &crate::domain::Limitation,
        locality_id: i64,
    ) -> Result<usize> {
        self.touched.years.insert(l.year);
        limitations::upsert(self.tx, &mut self.audit, l, locality_id)
    }

    /// The id of the stored limitation identified by (year, locality, category, text).
    pub fn limitation_id(
        &self,
        l: &crate::domain::Limitation,
        locality_id: i64,
    ) -> Result<Option<i64>> {
        limitations::id_of(self.tx, l, locality_id)
    }

    pub fn update_limitation(&mut self, l: &crate::domain::Limitation) -> Result<usize> {
        self.touched.years.insert(l.year);
        limitations::update_by_id(self.tx, &mut self.audit, l)
    }

    pub fn delete_limitation(&mut self, id: i64) -> Result<bool> {
        self.touched.every_year = true;
        limitations::delete(self.tx, &mut self.audit, id)
    }

    /// The stored rows of one report year (assessments, awards, limitations of every unit), read
    /// inside this transaction.
    pub fn year_rows(&self, year: i32) -> Result<YearData> {
        Ok(YearData {
            year,
            localities: localities::in_year(self.tx, year)?,
            assessments: assessments::for_year(self.tx, year)?,
            awards: awards::for_year(self.tx, year)?,
            limitations: limitations::for_year(self.tx, year)?,
        })
    }

    /// Removes the row of (year, locality), auditing each reported field as cleared.
    pub fn delete_assessment(&mut self, year: i32, code: &str, locality_id: i64) -> Result<bool> {
        self.touched.years.insert(year);
        assessments::delete(self.tx, &mut self.audit, year, code, locality_id)
    }

    /// Writes one audit row for a change that is not a table field (workflow, users).
    pub fn audit(&mut self, row: audit::Change<'_>) -> Result<()> {
        self.audit.write(self.tx, row)
    }
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut head = [0u8; 16];
    let n = f.read(&mut head).unwrap_or(0);
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != SQLITE_MAGIC {
        let shown = path.display();
        return Err(Error::env(
            format!("{shown} không phải là cơ sở dữ liệu SQLite: antq không mở nó (không có gì bị thay đổi)"),
            format!("{shown} is not an SQLite database: antq will not open it (nothing was changed)"),
        ));
    }
    Ok(())
}

/// A SQLite file that antq did not create (no schema version, yet tables) is refused before
/// anything is written to it: antq adds its tables only to an empty file.
fn refuse_foreign(conn: &Connection, shown: &str) -> Result<()> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| not_a_db_or(e, shown))?;
    if version > 0 {
        return Ok(());
    }
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if objects == 0 {
        return Ok(());
    }
    Err(Error::data(
        format!("{shown} không phải cơ sở dữ liệu của antq (nó chứa bảng của một chương trình khác): antq không sửa tệp này"),
        format!("{shown} is not an antq database (it holds another program's tables): antq leaves it as it is"),
    ))
}

fn not_a_db_or(e: rusqlite::Error, shown: &str) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(code, _)
            if code.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Error::env(
                format!("{shown} không phải là cơ sở dữ liệu SQLite"),
                format!("{shown} is not an SQLite database"),
            )
        }
        other => other.into(),
    }
}

/// `path` with `suffix` appended to its file name (SQLite's `-wal`, `-shm`).
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A `file:` URI opening `path` with `immutable=1`.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn is_read_only(path: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // The kernel judges (root, ACLs) with the effective ids: those the open will use — on a
    // district server the database's group (see `privilege`).
    // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) != 0 }
}

impl Drop for Store {
    /// The last connection to close checkpoints and removes the -wal and -shm files, which needs
    /// the folder's group on a district server.
    fn drop(&mut self) {
        let path = self.path.clone();
        let mut open = true;
        let _ = crate::privilege::for_database(&path, || {
            // SAFETY: the connection is dropped once (`open` says whether it was), and never used
            // again.
            unsafe { ManuallyDrop::drop(&mut self.conn) };
            open = false;
            Ok(())
        });
        if open {
            // SAFETY: as above: the window could not be opened, so the closure did not run.
            unsafe { ManuallyDrop::drop(&mut self.conn) };
        }
    }
}

/// A database created in a shared folder — one whose setgid bit makes new files belong to its group,
/// as a server's data folder — is made group-writable whatever the creator's umask (077 is common),
/// so that the other clerks' sessions can write it too. SQLite gives its -wal and -shm files the
/// database's mode. Elsewhere (a user's own data folder) the umask decides. A failure leaves the file
/// usable by its creator, so it is not an error here; the other sessions would say why they cannot
/// write.
fn share_with_folder_group(dir: &Path, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let shared = dir
        .metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o2000 != 0);
    if shared {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660));
    }
}

/// The operating-system login of the process, from the password database (not from an environment
/// variable a clerk could set).
pub fn os_login() -> String {
    // SAFETY: getpwuid_r writes into our buffer; we read pw_name only when it reports success.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            if let Ok(name) = std::ffi::CStr::from_ptr(pwd.pw_name).to_str() {
                return name.to_string();
            }
        }
        format!("uid{uid}")
    }
}
