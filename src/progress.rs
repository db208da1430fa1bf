//! What long work tells whoever watches it: which stage it is in, how far it is, and a chance to
//! stop. The work (store, services) reports through [`Progress`]; the command line draws it
//! (`cli::progress`), everything else passes [`Silent`]. Nothing here draws or reads a terminal.

use crate::error::Result;

/// A stage of long work, named so a face can say it in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and checking the input files of an import.
    ReadFiles,
    /// Writing the rows of an import.
    ImportRows,
    /// Generating a synthetic country (pure computation, before anything is written).
    Generate,
    /// Writing a data set (the demo, a synthetic country).
    LoadRows,
    /// Refilling the Years view's cache after a write.
    FillCache,
    /// Recomputing the audit hash chain.
    VerifyChain,
    /// SQLite's own integrity check.
    IntegrityCheck,
    /// Reading a report year from the database (a package, a report).
    ReadYear,
    /// Sealing a package: its canonical text and SHA-256.
    Seal,
    /// Making a document (.docx, .xlsx) in memory.
    BuildDocument,
}

/// Receives the progress of long work. Calls come from the thread doing the work, so an
/// implementation must be cheap: `at` is called once per row.
pub trait Progress {
    /// A stage begins; `total` is its amount of work when known (rows).
    fn begin(&self, stage: Stage, total: Option<u64>);

    /// `done` units of the current stage are done. An error (the user asked to stop) ends the work;
    /// work inside a write transaction returns it from the transaction, which then rolls back, so
    /// nothing is written.
    fn at(&self, done: u64) -> Result<()>;

    /// The current stage is over.
    fn end(&self);
}

/// Watches nothing and never stops the work: the TUI, the tests, a caller that does not care.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _stage: Stage, _total: Option<u64>) {}

    fn at(&self, _done: u64) -> Result<()> {
        Ok(())
    }

    fn end(&self) {}
}
