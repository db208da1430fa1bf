//! The documents a clerk signs and files: the report as a Word document in the layout of Nghị định
//! 30/2020/NĐ-CP (`docx`) and its figures as a spreadsheet (`xlsx`). Both are built whole in memory
//! from the report's summary and its worded parts (`services::report`), so the sentences are the
//! text report's and a failure leaves no half-written file; the caller writes the bytes.

mod docx;
mod words;
mod xlsx;

use crate::config::Config;
use crate::domain::YearData;
use crate::error::Result;
use crate::services::report::{parts, Parts, Summary};
use crate::text::{escape_controls, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
}

/// A report with what its document says around it: who issues and signs it, from `[report]` or
/// derived from the scope.
pub struct Document<'a> {
    pub summary: &'a Summary,
    pub data: &'a YearData,
    pub config: &'a Config,
    pub lang: Lang,
    pub year: i32,
    pub parts: Parts,
    pub parent_body: Option<String>,
    pub issuing_body: String,
    pub symbol: String,
    pub place: String,
    pub signer_capacity: Option<String>,
    pub signer_title: String,
    pub signer: Option<String>,
    pub recipients: Vec<String>,
}

impl<'a> Document<'a> {
    pub fn new(
        summary: &'a Summary,
        data: &'a YearData,
        config: &'a Config,
        lang: Lang,
    ) -> Document<'a> {
        let w = words::words(lang);
        let r = &config.report;
        let scope = summary.locality.name.as_str();
        Document {
            summary,
            data,
            config,
            lang,
            year: summary.year,
            parts: parts(summary, data, config, lang),
            parent_body: r.parent_body.clone(),
            issuing_body: r
                .issuing_body
                .clone()
                .unwrap_or_else(|| words::default_issuing_body(scope, lang)),
            symbol: r.symbol.clone().unwrap_or_else(|| w.default_symbol.into()),
            place: r
                .place
                .clone()
                .unwrap_or_else(|| words::default_place(scope)),
            signer_capacity: r.signer_capacity.clone(),
            signer_title: r
                .signer_title
                .clone()
                .unwrap_or_else(|| w.default_signer_title.into()),
            signer: r.signer.clone(),
            recipients: r
                .recipients
                .clone()
                .unwrap_or_else(|| w.default_recipients.iter().map(|s| s.to_string()).collect()),
        }
    }

    /// The file's bytes.
    pub fn build(&self, format: Format) -> Result<Vec<u8>> {
        match format {
            Format::Docx => docx::build(self),
            Format::Xlsx => xlsx::build(self),
        }
    }
}

/// Text as a document may carry it: a control character, which XML cannot hold, escaped as the text
/// report escapes it.
fn clean(s: &str) -> String {
    escape_controls(s).into_owned()
}
