//! The command line's progress bar on standard error: what the work is doing, how far it is and the
//! time left, in the chosen language. Drawn only when standard error is a terminal; otherwise not
//! one byte is written (scripts, CI and pipes stay clean). It also carries Ctrl-C to the work.

use super::interrupt::Interrupt;
use crate::error::Result;
use crate::progress::{Progress, Stage};
use crate::text::{format_count, Lang};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::Duration;

/// How often a stalled bar is redrawn (the elapsed time moves, so working is told from hung).
const TICK: Duration = Duration::from_millis(120);

/// The bar advances every this many rows: drawing is rate-limited anyway, and the work calls `at`
/// once per row.
const STRIDE: u64 = 256;

pub struct Bar {
    lang: Lang,
    draw: bool,
    interrupt: Option<Interrupt>,
    current: RefCell<Option<ProgressBar>>,
}

impl Bar {
    /// A bar in `lang`, drawn when standard error is a terminal; with `interrupt`, Ctrl-C stops the
    /// work at its next row.
    pub fn new(lang: Lang, interrupt: Option<Interrupt>) -> Bar {
        Bar {
            lang,
            draw: std::io::stderr().is_terminal(),
            interrupt,
            current: RefCell::new(None),
        }
    }

    /// Removes whatever is drawn (before the command prints its result or an error).
    pub fn clear(&self) {
        if let Some(bar) = self.current.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }

    fn style(&self, counted: bool) -> ProgressStyle {
        let lang = self.lang;
        let template = match (counted, lang) {
            (true, Lang::Vi) => "{msg} [{wide_bar}] {done}/{total} dòng · {elapsed} · còn {eta}",
            (true, Lang::En) => "{msg} [{wide_bar}] {done}/{total} rows · {elapsed} · {eta} left",
            (false, _) => "{spinner} {msg} · {elapsed}",
        };
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| {
            // The templates are constants; a template indicatif refused would show in every test.
            ProgressStyle::default_bar()
        });
        style
            .progress_chars("=> ")
            .with_key(
                "done",
                move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&format_count(s.pos(), lang));
                },
            )
            .with_key(
                "total",
                move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&format_count(s.len().unwrap_or(0), lang));
                },
            )
    }
}

/// What a stage is called on the bar.
fn label(stage: Stage, lang: Lang) -> &'static str {
    match (stage, lang) {
        (Stage::ReadFiles, Lang::Vi) => "Đọc và kiểm tra tệp",
        (Stage::ReadFiles, Lang::En) => "Reading and checking the files",
        (Stage::ImportRows, Lang::Vi) => "Nhập số liệu",
        (Stage::ImportRows, Lang::En) => "Importing rows",
        (Stage::Generate, Lang::Vi) => "Tạo dữ liệu tổng hợp",
        (Stage::Generate, Lang::En) => "Generating the synthetic data",
        (Stage::LoadRows, Lang::Vi) => "Ghi số liệu",
        (Stage::LoadRows, Lang::En) => "Writing rows",
        (Stage::FillCache, Lang::Vi) => "Tính tổng theo năm",
        (Stage::FillCache, Lang::En) => "Summing the years",
        (Stage::VerifyChain, Lang::Vi) => "Kiểm tra chuỗi nhật ký",
        (Stage::VerifyChain, Lang::En) => "Checking the audit chain",
        (Stage::IntegrityCheck, Lang::Vi) => "Kiểm tra tính toàn vẹn của tệp",
        (Stage::IntegrityCheck, Lang::En) => "Checking the file's integrity",
        (Stage::ReadYear, Lang::Vi) => "Đọc số liệu của năm",
        (Stage::ReadYear, Lang::En) => "Reading the year's figures",
        (Stage::Seal, Lang::Vi) => "Niêm phong gói",
        (Stage::Seal, Lang::En) => "Sealing the package",
        (Stage::BuildDocument, Lang::Vi) => "Tạo tài liệu",
        (Stage::BuildDocument, Lang::En) => "Making the document",
    }
}

impl Progress for Bar {
    fn begin(&self, stage: Stage, total: Option<u64>) {
        self.clear();
        if !self.draw {
            return;
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr())
            .with_style(self.style(total.is_some()))
            .with_message(label(stage, self.lang));
        bar.enable_steady_tick(TICK);
        *self.current.borrow_mut() = Some(bar);
    }

    fn at(&self, done: u64) -> Result<()> {
        if self.interrupt.as_ref().is_some_and(Interrupt::asked) {
            return Err(Interrupt::error());
        }
        if done.is_multiple_of(STRIDE) {
            if let Some(bar) = self.current.borrow().as_ref() {
                bar.set_position(done);
            }
        }
        Ok(())
    }

    fn end(&self) {
        self.clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}
