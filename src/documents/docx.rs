//! The report as a Word document laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays out an
//! administrative document: A4, Times New Roman, the header table (issuing body and number on the
//! left, the state's name, motto, place and date on the right), the title, the body, "Nơi nhận" and
//! the signature.

use super::words::{self, Words};
use super::{clean, Document};
use crate::error::{Error, Result};
use crate::services::report::Section;
use docx_rs::{
    AlignmentType, BorderType, Docx, LineSpacing, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table,
    TableAlignmentType, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

const FONT: &str = "Times New Roman";
/// Sizes in half-points (Word's unit), as the decree's appendix sets them: 14 pt body, 13 pt header,
/// 12 pt the state's name, "Nơi nhận" and the table by unit, 11 pt the recipients.
const BODY: usize = 28;
const HEADER: usize = 26;
const SMALL: usize = 24;
const RECIPIENTS: usize = 22;
/// A4 in twentieths of a point, and the decree's margins: top and bottom 20–25 mm, left 30–35 mm,
/// right 15–20 mm (1 mm ≈ 56.7 twips).
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN_TOP: i32 = 1_134;
const MARGIN_BOTTOM: i32 = 1_134;
const MARGIN_LEFT: i32 = 1_701;
const MARGIN_RIGHT: i32 = 1_021;
/// The text width between the margins.
const TEXT_WIDTH: usize = (A4.0 as usize) - (MARGIN_LEFT as usize) - (MARGIN_RIGHT as usize);
/// First-line indent of a body paragraph: 1.27 cm.
const INDENT: i32 = 720;

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(clean(text)).size(size)
}

fn centered(r: Run) -> Paragraph {
    Paragraph::new()
        .add_run(r)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

/// A short rule under a line of the header, as the decree draws one under the issuing body and the
/// motto: a bottom border of a paragraph narrowed by its indents.
fn rule(inset: i32) -> Paragraph {
    let mut p = Paragraph::new()
        .indent(Some(inset), None, Some(inset), None)
        .line_spacing(LineSpacing::new().before(0).after(120).line(120));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6),
        ),
    );
    p
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY).bold())
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(LineSpacing::new().before(120).after(120))
        .keep_next(true)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), |c, p| c.add_paragraph(p))
        .width(width, WidthType::Dxa)
}

/// The header: the issuing body and the number left, the state and the place and date right.
fn header(doc: &Document, w: &Words) -> Table {
    let left_width = TEXT_WIDTH * 7 / 20;
    let right_width = TEXT_WIDTH - left_width;
    let mut left = Vec::new();
    if let Some(parent) = &doc.parent_body {
        left.push(centered(run(parent, HEADER)));
    }
    left.push(centered(run(&doc.issuing_body, HEADER).bold()));
    left.push(rule(1_200));
    left.push(centered(run(
        &format!("{}: ……/{}-{}", w.number, w.kind_code, doc.symbol),
        HEADER,
    )));
    let right = vec![
        centered(run(w.state, SMALL).bold()),
        centered(run(w.motto, BODY).bold()),
        rule(1_100),
        centered(run(&words::place_and_date(&doc.place, doc.lang), HEADER).italic()),
    ];
    Table::without_borders(vec![TableRow::new(vec![
        cell(left, left_width).vertical_align(VAlignType::Top),
        cell(right, right_width).vertical_align(VAlignType::Top),
    ])])
    .set_grid(vec![left_width, right_width])
    .layout(TableLayoutType::Fixed)
    .width(TEXT_WIDTH, WidthType::Dxa)
    .align(TableAlignmentType::Center)
}

/// The table by unit (12 pt, so that a ratio such as 1.046/1.205 fits its column), the scope's
/// row (the total) last and bold, as in the text report.
fn unit_table(head: &[String], rows: &[Vec<String>]) -> Table {
    // The name a little over a fifth, the share (last) three quarters of a ratio's width, the
    // ratios the rest.
    let first = TEXT_WIDTH * 22 / 100;
    let ratios = head.len().saturating_sub(2).max(1);
    let ratio = (TEXT_WIDTH - first) * 4 / (4 * ratios + 3);
    let share = TEXT_WIDTH - first - ratio * ratios;
    let widths: Vec<usize> = (0..head.len())
        .map(|i| match i {
            0 => first,
            i if i + 1 == head.len() => share,
            _ => ratio,
        })
        .collect();
    let line = |cells: &[String], bold: bool| {
        TableRow::new(
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let r = run(c, SMALL);
                    let p = Paragraph::new()
                        .add_run(if bold { r.bold() } else { r })
                        .align(if i == 0 {
                            AlignmentType::Left
                        } else {
                            AlignmentType::Right
                        })
                        .line_spacing(LineSpacing::new().before(20).after(20));
                    cell(vec![p], widths[i]).vertical_align(VAlignType::Center)
                })
                .collect(),
        )
        .cant_split()
    };
    let mut table_rows = vec![line(head, true)];
    for (i, r) in rows.iter().enumerate() {
        table_rows.push(line(r, i + 1 == rows.len()));
    }
    Table::new(table_rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .align(TableAlignmentType::Center)
}

fn section(d: Docx, number: usize, s: &Section) -> Docx {
    let mut d = d.add_paragraph(heading(&format!("{number}. {}", s.heading)));
    for item in &s.items {
        d = d.add_paragraph(body(&format!("- {item}")));
    }
    if let Some(note) = &s.note {
        d = d.add_paragraph(body(note));
    }
    d
}

/// "Nơi nhận" left, the signature right.
fn signature(doc: &Document, w: &Words) -> Table {
    let left_width = TEXT_WIDTH * 9 / 20;
    let right_width = TEXT_WIDTH - left_width;
    let mut left = vec![Paragraph::new()
        .add_run(run(w.recipients, SMALL).bold().italic())
        .line_spacing(LineSpacing::new().before(0).after(0))];
    for r in &doc.recipients {
        left.push(
            Paragraph::new()
                .add_run(run(&format!("- {r}"), RECIPIENTS))
                .line_spacing(LineSpacing::new().before(0).after(0)),
        );
    }
    let mut right = Vec::new();
    if let Some(capacity) = &doc.signer_capacity {
        right.push(centered(run(capacity, BODY).bold()));
    }
    right.push(centered(run(&doc.signer_title, BODY).bold()));
    // Room for the signature and the seal.
    for _ in 0..4 {
        right.push(centered(run("", BODY)));
    }
    right.push(centered(
        run(doc.signer.as_deref().unwrap_or("……………………"), BODY).bold(),
    ));
    Table::without_borders(vec![TableRow::new(vec![
        cell(left, left_width).vertical_align(VAlignType::Top),
        cell(right, right_width).vertical_align(VAlignType::Top),
    ])
    .cant_split()])
    .set_grid(vec![left_width, right_width])
    .layout(TableLayoutType::Fixed)
    .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The whole .docx file.
pub fn build(doc: &Document) -> Result<Vec<u8>> {
    let w = words::words(doc.lang);
    let p = &doc.parts;
    let mut d = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(720)
                .footer(720),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(BODY)
        .add_table(header(doc, w))
        .add_paragraph(centered(run("", BODY)))
        .add_paragraph(centered(run(w.title, BODY).bold()))
        .add_paragraph(centered(
            run(&words::subject(doc.year, doc.lang), BODY).bold(),
        ));
    if !p.incomplete.is_empty() {
        d = d.add_paragraph(centered(run(p.incomplete.trim(), BODY).italic()));
    }
    d = d
        .add_paragraph(rule(3_600))
        .add_paragraph(heading(w.results))
        .add_paragraph(body(&p.headline));
    let mut number = 1;
    if let Some(t) = &p.table {
        d = d
            .add_paragraph(heading(&format!("{number}. {}", t.heading)))
            .add_table(unit_table(&t.head, &t.rows))
            .add_paragraph(body(""));
        number += 1;
    }
    if !p.awards.items.is_empty() {
        d = section(d, number, &p.awards);
        number += 1;
    }
    d = section(d, number, &p.targets);
    d = d.add_paragraph(heading(w.limitations));
    for item in &p.limitations.items {
        d = d.add_paragraph(body(&format!("- {item}")));
    }
    if let Some(note) = &p.limitations.note {
        d = d.add_paragraph(body(note));
    }
    d = d
        .add_paragraph(heading(&words::tasks(doc.year, doc.lang)))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&words::tasks_placeholder(doc.year, doc.lang), BODY).italic())
                .align(AlignmentType::Both)
                .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None),
        )
        .add_paragraph(body(""))
        .add_table(signature(doc, w));
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out).map_err(|e| {
        Error::env(
            format!("không tạo được tệp Word: {e}"),
            format!("could not build the Word document: {e}"),
        )
    })?;
    Ok(out.into_inner())
}
