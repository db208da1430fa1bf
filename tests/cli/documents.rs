//! `antq report --format docx|xlsx --out FILE`: the files opened the way their readers open them
//! (unzip, parse the XML, read the text and the cells) and compared with the text report; the bad
//! inputs refused with nothing written; where LibreOffice is installed, the .docx converted to PDF.

use crate::common::{skip, Sandbox};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One member of the zip file, as text.
fn member(file: &Path, name: &str) -> String {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of an element: its `w:t` runs joined.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect()
}

/// The document's paragraphs' texts and its tables' rows (each a list of cell texts).
fn docx_text(file: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let xml = member(file, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed document.xml");
    let paragraphs = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(text_of)
        .collect();
    let rows = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tr")))
        .map(|tr| {
            tr.children()
                .filter(|c| c.has_tag_name((W, "tc")))
                .map(text_of)
                .collect()
        })
        .collect();
    (paragraphs, rows)
}

/// The text report's table rows: the cells of each line between the header and the end of the
/// table, split at runs of two spaces or more.
fn text_table(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("Đơn vị") || l.starts_with("Unit"))
        .expect("a table");
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("---"))
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

fn text_report(sb: &Sandbox, year: &str, lang: &str) -> String {
    sb.antq(&["--lang", lang, "report", "--year", year])
        .ok()
        .stdout
        .clone()
}

#[test]
fn docx_2018_says_what_the_text_report_says_in_the_decrees_layout() {
    let sb = Sandbox::new().with_demo();
    let out = sb.path("bao-cao-2018.docx");
    let out_arg = out.to_string_lossy().to_string();
    sb.antq(&[
        "report", "--year", "2018", "--format", "docx", "--out", &out_arg,
    ])
    .ok();
    let text = text_report(&sb, "2018", "vi");
    let (paragraphs, rows) = docx_text(&out);
    let has = |want: &str| {
        assert!(
            paragraphs.iter().any(|p| p == want),
            "no paragraph {want:?} in\n{paragraphs:#?}"
        )
    };
    // The header, the title, and the headline sentence exactly as the text report.
    has("BAN CHỈ ĐẠO 138 TỈNH QUẢNG BÌNH");
    has("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    has("Độc lập - Tự do - Hạnh phúc");
    has("Số: ……/BC-BCĐ138");
    has("Quảng Bình, ngày …… tháng …… năm 20……");
    has("BÁO CÁO");
    has("Tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2018");
    let headline = text.lines().nth(2).expect("the headline");
    assert!(headline.contains("1.046/1.205 khu dân cư"), "{headline}");
    has(headline);
    // Each unit's figures and the province's total, as the text report's table.
    let table = text_table(&text);
    assert_eq!(table.len(), 9, "eight districts and the province");
    for row in &table {
        assert!(rows.contains(row), "no table row {row:?} in\n{rows:#?}");
    }
    // The awards by form, the limitations with their remedies, the sections left to the clerk.
    for line in text.lines().filter(|l| l.starts_with("- ")) {
        has(line);
    }
    assert!(text.contains("— Biện pháp: "));
    has("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019");
    has("Nơi nhận:");
    has("TRƯỞNG BAN");
    // A4, the decree's margins (twips: 20 mm ≈ 1134, 30 mm ≈ 1701, 15–20 mm = 851–1134), Times New
    // Roman 14 pt.
    let xml = member(&out, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml");
    let attr = |tag: &str, name: &str| -> i64 {
        doc.descendants()
            .find(|n| n.has_tag_name((W, tag)))
            .and_then(|n| n.attribute((W, name)))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{tag} {name}"))
    };
    assert_eq!((attr("pgSz", "w"), attr("pgSz", "h")), (11906, 16838));
    assert!((1134..=1417).contains(&attr("pgMar", "top")));
    assert!((1134..=1417).contains(&attr("pgMar", "bottom")));
    assert!((1701..=1984).contains(&attr("pgMar", "left")));
    assert!((851..=1134).contains(&attr("pgMar", "right")));
    let styles = member(&out, "word/styles.xml");
    assert!(styles.contains("w:ascii=\"Times New Roman\""), "{styles}");
    assert!(styles.contains("<w:sz w:val=\"28\""), "{styles}");
}

#[test]
fn docx_takes_the_issuing_body_and_signer_from_the_configuration_and_speaks_english() {
    let sb = Sandbox::new().with_demo();
    let config = sb.file(
        "antq.toml",
        "[report]\nparent_body = \"UBND TỈNH QUẢNG BÌNH\"\nissuing_body = \"BAN CHỈ ĐẠO 138\"\nplace = \"Đồng Hới\"\nsigner_capacity = \"KT. TRƯỞNG BAN\"\nsigner_title = \"PHÓ TRƯỞNG BAN\"\nsigner = \"Trần Minh Thùy\"\nrecipients = [\"Ban Chỉ đạo 138 Bộ Công an;\", \"Lưu: VT.\"]\n",
    );
    let config = config.to_string_lossy().to_string();
    let out = sb.path("r.docx");
    let out_arg = out.to_string_lossy().to_string();
    sb.antq(&[
        "--config", &config, "report", "--year", "2018", "--format", "docx", "--out", &out_arg,
    ])
    .ok();
    let (paragraphs, _) = docx_text(&out);
    for want in [
        "UBND TỈNH QUẢNG BÌNH",
        "BAN CHỈ ĐẠO 138",
        "Đồng Hới, ngày …… tháng …… năm 20……",
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Minh Thùy",
        "- Ban Chỉ đạo 138 Bộ Công an;",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == want),
            "{want}: {paragraphs:#?}"
        );
    }
    // A blank value is refused with its place, like every configuration error.
    let blank = sb.file("blank.toml", "[report]\nsigner = \"  \"\n");
    let blank = blank.to_string_lossy().to_string();
    sb.antq(&["--config", &blank, "report", "--year", "2018"])
        .code(2)
        .stderr_has("report.signer");

    sb.antq(&[
        "--lang", "en", "report", "--year", "2018", "--format", "docx", "--out", &out_arg,
    ])
    .ok();
    let text = text_report(&sb, "2018", "en");
    let (paragraphs, rows) = docx_text(&out);
    for want in [
        "SOCIALIST REPUBLIC OF VIETNAM",
        "REPORT",
        "Review of the “all people protect national security” movement in 2018",
        "III. TASKS FOR 2019",
        text.lines().nth(2).expect("headline"),
    ] {
        assert!(
            paragraphs.iter().any(|p| p == want),
            "{want}: {paragraphs:#?}"
        );
    }
    for row in text_table(&text) {
        assert!(rows.contains(&row), "{row:?}");
    }
}

/// A sheet's cells by reference ("B2") as text: shared strings resolved, numbers as written.
fn sheet_cells(file: &Path, sheet: usize) -> HashMap<String, String> {
    let strings_xml = member(file, "xl/sharedStrings.xml");
    let strings_doc = roxmltree::Document::parse(&strings_xml).expect("sharedStrings.xml");
    let strings: Vec<String> = strings_doc
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect()
        })
        .collect();
    let xml = member(file, &format!("xl/worksheets/sheet{sheet}.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("sheet XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter_map(|c| {
            let r = c.attribute("r")?.to_string();
            let v = c
                .children()
                .find(|n| n.has_tag_name("v"))?
                .text()?
                .to_string();
            let value = if c.attribute("t") == Some("s") {
                strings[v.parse::<usize>().ok()?].clone()
            } else {
                v
            };
            Some((r, value))
        })
        .collect()
}

/// The row (1-based) whose column B holds `name`.
fn row_named(cells: &HashMap<String, String>, name: &str) -> usize {
    (2..2000)
        .find(|r| cells.get(&format!("B{r}")).map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn xlsx_2018_holds_the_figures_as_numbers_a_sheet_per_level_and_the_awards() {
    let sb = Sandbox::new().with_demo();
    let out = sb.path("r.xlsx");
    let out_arg = out.to_string_lossy().to_string();
    sb.antq(&[
        "report", "--year", "2018", "--format", "xlsx", "--out", &out_arg,
    ])
    .ok();
    let json = sb
        .antq(&["report", "--year", "2018", "--format", "json"])
        .ok()
        .json();
    let workbook = member(&out, "xl/workbook.xml");
    for name in ["Cấp huyện", "Cấp xã", "Khen thưởng"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{workbook}");
    }
    // Districts: each district's counts as numbers, the share a number formatted as a percentage,
    // the province's row last, the header row frozen.
    let districts = sheet_cells(&out, 1);
    assert_eq!(districts["C1"], "khu dân cư: đạt");
    for d in json["children"].as_array().expect("districts") {
        let r = row_named(&districts, d["locality"]["name"].as_str().expect("name"));
        let f = &d["categories"]["residential_areas"];
        assert_eq!(districts[&format!("C{r}")], f["recognized"].to_string());
        assert_eq!(districts[&format!("D{r}")], f["total"].to_string());
        let share: f64 = districts[&format!("E{r}")].parse().expect("a number");
        assert!((share - f["share"].as_f64().expect("share")).abs() < 0.0001);
    }
    let total = row_named(&districts, "Tỉnh Quảng Bình");
    assert_eq!(
        total, 10,
        "eight districts under the header, then the province"
    );
    for (col, want) in [
        ("C", "1046"),
        ("D", "1205"),
        ("F", "126"),
        ("G", "159"),
        ("I", "314"),
        ("J", "337"),
        ("L", "597"),
        ("M", "625"),
    ] {
        assert_eq!(districts[&format!("{col}{total}")], want, "{col}");
    }
    let sheet1 = member(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("state=\"frozen\"") && sheet1.contains("ySplit=\"1\""));
    let styles = member(&out, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
    // Communes: every commune, their residential areas summing to the province's.
    let communes = sheet_cells(&out, 2);
    let sum = row_named(&communes, "Cộng");
    assert_eq!(sum, 161, "159 communes under the header, then the sum");
    assert_eq!(communes[&format!("D{sum}")], "1046");
    assert_eq!(communes[&format!("E{sum}")], "1205");
    // Awards: one row per award, each with its decision.
    let awards = sheet_cells(&out, 3);
    let count = json["awards"].as_u64().expect("awards") as usize;
    assert!(awards.contains_key(&format!("A{}", count + 1)));
    assert!(!awards.contains_key(&format!("A{}", count + 2)));
    assert_eq!(awards["A1"], "Số quyết định");
}

#[test]
fn documents_refuse_without_out_to_a_folder_that_is_missing_and_for_an_empty_year() {
    let sb = Sandbox::new().with_demo();
    let before = sb.fingerprint();
    for format in ["docx", "xlsx"] {
        sb.antq(&["report", "--year", "2018", "--format", format])
            .code(2)
            .stderr_has(&format!("--format {format} ghi ra một tệp: hãy thêm --out"));
        let missing = sb.path("no-such-folder").join(format!("r.{format}"));
        let missing_arg = missing.to_string_lossy().to_string();
        sb.antq(&[
            "report",
            "--year",
            "2018",
            "--format",
            format,
            "--out",
            &missing_arg,
        ])
        .code(2)
        .stderr_has("không ghi được");
        assert!(!missing.exists());
        let empty = sb.path(&format!("empty.{format}"));
        let empty_arg = empty.to_string_lossy().to_string();
        sb.antq(&[
            "report", "--year", "2030", "--format", format, "--out", &empty_arg,
        ])
        .code(1)
        .stderr_has("chưa có số liệu");
        assert!(
            !empty.exists(),
            "nothing written for a year without figures"
        );
    }
    assert_eq!(before, sb.fingerprint());
    let names: Vec<_> = std::fs::read_dir(sb.dir.path())
        .expect("sandbox")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".docx") || n.ends_with(".xlsx"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn docx_converted_by_libreoffice_reads_as_the_report() {
    let test = "docx_converted_by_libreoffice_reads_as_the_report";
    let have = |tool: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("soffice") || !have("pdftotext") {
        skip(test, "LibreOffice (soffice) or pdftotext is not installed");
        return;
    }
    let sb = Sandbox::new().with_demo();
    let out = sb.path("r.docx");
    let out_arg = out.to_string_lossy().to_string();
    sb.antq(&[
        "report", "--year", "2018", "--format", "docx", "--out", &out_arg,
    ])
    .ok();
    let converted = std::process::Command::new("soffice")
        .env("HOME", sb.dir.path())
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(sb.dir.path())
        .arg(&out)
        .output()
        .expect("soffice runs");
    assert!(converted.status.success(), "{converted:?}");
    let pdf = sb.path("r.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let words = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let headline = text_report(&sb, "2018", "vi")
        .lines()
        .nth(2)
        .expect("headline")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "1.046/1.205 khu dân cư",
        "268 tập thể và 178 cá nhân",
        "Nơi nhận:",
    ] {
        assert!(words.contains(want), "{want} not in the PDF:\n{words}");
    }
    // The headline's opening, before the page's line breaks could hyphenate anything.
    assert!(words.contains(&headline[..40]), "{words}");
}
