//! The report's figures as a spreadsheet: a sheet per level below the scope (districts, communes),
//! the header row frozen, counts as numbers, shares as percentages, a totals row; and the awards
//! one a row by decision, the list a "Quyết định khen thưởng" carries.

use super::words::{self, Words};
use super::{clean, Document};
use crate::domain::{Category, RecipientKind};
use crate::error::{Error, Result};
use crate::services::report::{awards_within, category_words, Summary};
use crate::text::Lang;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

fn failed(e: XlsxError) -> Error {
    Error::env(
        format!("không tạo được tệp Excel: {e}"),
        format!("could not build the spreadsheet: {e}"),
    )
}

struct Formats {
    head: Format,
    share: Format,
    bold: Format,
    bold_share: Format,
    date: Format,
    note: Format,
}

/// A row's figures, in the sheet's column order after the names.
struct Figures {
    /// (recognised, total) per category.
    ratios: Vec<(u64, u64)>,
    models: u64,
    collectives: u64,
    individuals: u64,
    awards: u64,
    limitations: u64,
}

impl Figures {
    fn of(s: &Summary) -> Figures {
        Figures {
            ratios: Category::ALL
                .iter()
                .map(|c| {
                    s.categories
                        .get(c.code())
                        .map_or((0, 0), |f| (f.recognized, f.total))
                })
                .collect(),
            models: s.models,
            collectives: s.commended.collectives,
            individuals: s.commended.individuals,
            awards: s.awards,
            limitations: s.limitations,
        }
    }

    /// The column sums of a sheet's rows.
    fn sum<'a>(rows: impl Iterator<Item = &'a Summary>) -> Figures {
        let mut total = Figures {
            ratios: vec![(0, 0); Category::ALL.len()],
            models: 0,
            collectives: 0,
            individuals: 0,
            awards: 0,
            limitations: 0,
        };
        for s in rows {
            let f = Figures::of(s);
            for (t, r) in total.ratios.iter_mut().zip(f.ratios) {
                t.0 += r.0;
                t.1 += r.1;
            }
            total.models += f.models;
            total.collectives += f.collectives;
            total.individuals += f.individuals;
            total.awards += f.awards;
            total.limitations += f.limitations;
        }
        total
    }
}

/// One level's sheet: code, name (and the district of a commune), the figures; the totals row last.
fn level_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    w: &Words,
    f: &Formats,
    rows: &[(&Summary, Option<&str>)],
    total: (&str, Figures),
) -> std::result::Result<(), XlsxError> {
    let with_parent = rows.iter().any(|(_, p)| p.is_some());
    let mut head: Vec<String> = vec![w.code.into(), w.unit.into()];
    if with_parent {
        head.push(w.district.into());
    }
    for c in Category::ALL {
        let label = category_words(
            doc.config,
            c.code(),
            doc.summary.without_districts,
            doc.lang,
        );
        for part in [w.recognized, w.total, w.share] {
            head.push(format!("{label}: {part}"));
        }
    }
    for h in [
        w.models,
        w.collectives,
        w.individuals,
        w.awards,
        w.limitation_count,
    ] {
        head.push(h.into());
    }
    for (col, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, h, &f.head)?;
    }
    let first_figure: u16 = if with_parent { 3 } else { 2 };
    let write_figures = |sheet: &mut Worksheet,
                         row: u32,
                         figures: &Figures,
                         bold: bool|
     -> std::result::Result<(), XlsxError> {
        let (count, share) = if bold {
            (&f.bold, &f.bold_share)
        } else {
            (&Format::new(), &f.share)
        };
        let mut col = first_figure;
        for (recognized, total) in &figures.ratios {
            sheet.write_number_with_format(row, col, *recognized as f64, count)?;
            sheet.write_number_with_format(row, col + 1, *total as f64, count)?;
            if *total > 0 {
                sheet.write_number_with_format(
                    row,
                    col + 2,
                    *recognized as f64 / *total as f64,
                    share,
                )?;
            }
            col += 3;
        }
        for n in [
            figures.models,
            figures.collectives,
            figures.individuals,
            figures.awards,
            figures.limitations,
        ] {
            sheet.write_number_with_format(row, col, n as f64, count)?;
            col += 1;
        }
        Ok(())
    };
    let mut row = 1u32;
    for (s, parent) in rows {
        sheet.write_string(row, 0, clean(&s.locality.code))?;
        sheet.write_string(row, 1, clean(&s.locality.name))?;
        if let Some(p) = parent {
            sheet.write_string(row, 2, clean(p))?;
        }
        write_figures(sheet, row, &Figures::of(s), false)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, clean(total.0), &f.bold)?;
    write_figures(sheet, row, &total.1, true)?;
    if !doc.parts.incomplete.is_empty() {
        sheet.write_string_with_format(row + 2, 1, clean(doc.parts.incomplete.trim()), &f.note)?;
    }
    sheet.set_freeze_panes(1, first_figure)?;
    sheet.set_row_height(0, 45)?;
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 28)?;
    if with_parent {
        sheet.set_column_width(2, 24)?;
    }
    for col in first_figure..head.len() as u16 {
        sheet.set_column_width(col, 12)?;
    }
    Ok(())
}

/// The awards of the scope, one a row, by decision date and number.
fn awards_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    w: &Words,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let names: HashMap<&str, &str> = doc
        .data
        .localities
        .iter()
        .map(|l| (l.code.as_str(), l.name.as_str()))
        .collect();
    let mut awards = awards_within(doc.summary, doc.data);
    let form_rank = |code: &str| doc.config.award_forms.iter().position(|x| x.code == code);
    awards.sort_by(|a, b| {
        (
            a.decision_date,
            &a.decision_no,
            form_rank(a.form.code()),
            a.recipient_kind == RecipientKind::Individual,
            &a.recipient,
        )
            .cmp(&(
                b.decision_date,
                &b.decision_no,
                form_rank(b.form.code()),
                b.recipient_kind == RecipientKind::Individual,
                &b.recipient,
            ))
    });
    let head = [
        w.decision_no,
        w.decision_date,
        w.form,
        w.issuer,
        w.recipient_kind,
        w.recipient,
        w.locality,
    ];
    for (col, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &f.head)?;
    }
    for (i, a) in awards.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, clean(&a.decision_no))?;
        let d = a.decision_date;
        let date = ExcelDateTime::from_ymd(
            u16::try_from(d.year()).unwrap_or(1900),
            d.month() as u8,
            d.day() as u8,
        )?;
        sheet.write_datetime_with_format(row, 1, date, &f.date)?;
        let form = doc
            .config
            .award_forms
            .iter()
            .find(|x| x.code == a.form.code())
            .map_or(a.form.code().to_string(), |x| match doc.lang {
                Lang::Vi => x.vi.clone(),
                Lang::En => x.en.clone(),
            });
        sheet.write_string(row, 2, clean(&form))?;
        let issuer = doc
            .config
            .issuer(&a.issuer)
            .map_or(a.issuer.clone(), |x| x.label(doc.lang).to_string());
        sheet.write_string(row, 3, clean(&issuer))?;
        sheet.write_string(
            row,
            4,
            match a.recipient_kind {
                RecipientKind::Collective => w.collective,
                RecipientKind::Individual => w.individual,
            },
        )?;
        sheet.write_string(row, 5, clean(&a.recipient))?;
        if let Some(code) = a.locality_code.as_deref() {
            sheet.write_string(row, 6, clean(names.get(code).copied().unwrap_or(code)))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_row_height(0, 30)?;
    for (col, width) in [16, 14, 30, 26, 14, 36, 26].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

fn workbook(doc: &Document) -> std::result::Result<Vec<u8>, XlsxError> {
    let w = words::words(doc.lang);
    let f = Formats {
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        share: Format::new().set_num_format("0.0%"),
        bold: Format::new().set_bold(),
        bold_share: Format::new().set_bold().set_num_format("0.0%"),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        note: Format::new().set_italic(),
    };
    let s = doc.summary;
    let mut book = Workbook::new();
    // The levels below the scope: its children against the scope's own row (the text report's
    // table), then their children against the column sums.
    let children: Vec<(&Summary, Option<&str>)> = s.children.iter().map(|c| (c, None)).collect();
    let grandchildren: Vec<(&Summary, Option<&str>)> = s
        .children
        .iter()
        .flat_map(|c| {
            c.children
                .iter()
                .map(move |g| (g, Some(c.locality.name.as_str())))
        })
        .collect();
    if children.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(words::level_sheet(s.locality.level, doc.lang))?;
        level_sheet(
            sheet,
            doc,
            w,
            &f,
            &[(s, None)],
            (&s.locality.name, Figures::of(s)),
        )?;
    } else {
        let sheet = book.add_worksheet();
        sheet.set_name(words::level_sheet(children[0].0.locality.level, doc.lang))?;
        level_sheet(
            sheet,
            doc,
            w,
            &f,
            &children,
            (&s.locality.name, Figures::of(s)),
        )?;
        if let Some(level) = grandchildren.first().map(|(g, _)| g.locality.level) {
            let sheet = book.add_worksheet();
            sheet.set_name(words::level_sheet(level, doc.lang))?;
            let total = Figures::sum(grandchildren.iter().map(|(g, _)| *g));
            level_sheet(sheet, doc, w, &f, &grandchildren, (w.sum, total))?;
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name(w.awards_sheet)?;
    awards_sheet(sheet, doc, w, &f)?;
    book.save_to_buffer()
}

/// The whole .xlsx file.
pub fn build(doc: &Document) -> Result<Vec<u8>> {
    workbook(doc).map_err(failed)
}
