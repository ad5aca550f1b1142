//! Files as a real office suite saves them: LibreOffice Calc, headless,
//! re-saves an exported progress workbook and a filled plan table (as
//! `.xlsx`, and as CSV in UTF-8 and in GB18030), and the import must read
//! from them the rows it reads from the files gongkai and a body wrote: the
//! same measure files, byte for byte, and nothing spurious. What a clerk's
//! office suite does to a file is part of the contract (SPEC §7, §10).
//!
//! Without `soffice` (or `libreoffice`) on the `PATH` each test says it is
//! skipped and passes, unless `GONGKAI_REQUIRE_LIBREOFFICE` is set (CI
//! sets it, having installed Debian's `libreoffice-calc`): then it fails.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// LibreOffice, run headless with a profile of its own (a test's temporary
/// folder), so that tests running at once do not share one instance.
struct Office {
    program: PathBuf,
    profile: tempfile::TempDir,
}

impl Office {
    /// The program on the `PATH`; `None` (the test is skipped) when there
    /// is none, a failure when LibreOffice is required.
    fn find() -> Option<Office> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let program = ["soffice", "libreoffice"].iter().find_map(|name| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        });
        match program {
            Some(program) => Some(Office {
                program,
                profile: tempfile::tempdir().unwrap(),
            }),
            None if std::env::var_os("GONGKAI_REQUIRE_LIBREOFFICE").is_some() => panic!(
                "GONGKAI_REQUIRE_LIBREOFFICE is set but neither soffice nor libreoffice is on the PATH: install LibreOffice Calc (Debian: apt-get install --no-install-recommends libreoffice-calc)"
            ),
            None => {
                eprintln!("skipped: soffice not found (neither soffice nor libreoffice is on the PATH; set GONGKAI_REQUIRE_LIBREOFFICE to make this a failure)");
                None
            }
        }
    }

    /// Opens `input` (read with the import filter options `infilter`, if
    /// any) and saves it into `outdir` as `convert_to` says (`xlsx`, or
    /// `csv:FILTER:OPTIONS`), in the Chinese locale of the clerks' office
    /// suites (a day in a cell of the default date format is written
    /// `2024-10-12` in a CSV file); the path of the file saved.
    fn convert(
        &self,
        input: &Path,
        infilter: Option<&str>,
        convert_to: &str,
        outdir: &Path,
    ) -> PathBuf {
        self.convert_in("zh_CN.UTF-8", input, infilter, convert_to, outdir)
    }

    /// [`Office::convert`] in the locale `locale`.
    fn convert_in(
        &self,
        locale: &str,
        input: &Path,
        infilter: Option<&str>,
        convert_to: &str,
        outdir: &Path,
    ) -> PathBuf {
        std::fs::create_dir_all(outdir).unwrap();
        let ext = convert_to.split(':').next().unwrap();
        let saved = outdir.join(input.file_stem().unwrap()).with_extension(ext);
        // LibreOffice itself now and then aborts on start-up when several
        // run at once ("Fatal exception: Signal 6"): that is not the file's
        // fault, so a failed run is tried again, with a profile of its own
        // (the crash may have left the first half-written). A file it
        // cannot open fails every time.
        let mut failures = String::new();
        for attempt in 0..3 {
            let fresh = (attempt > 0).then(|| tempfile::tempdir().unwrap());
            let profile = fresh.as_ref().unwrap_or(&self.profile).path();
            let mut cmd = Command::new(&self.program);
            cmd.env("LC_ALL", locale).env("LANG", locale);
            cmd.arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--norestore", "--nolockcheck"]);
            if let Some(f) = infilter {
                cmd.arg(format!("--infilter={f}"));
            }
            let out = cmd
                .args(["--convert-to", convert_to, "--outdir"])
                .arg(outdir)
                .arg(input)
                .output()
                .expect("LibreOffice runs");
            if out.status.success() && saved.is_file() {
                return saved;
            }
            failures.push_str(&format!(
                "attempt {} ({}):\n{}{}\n",
                attempt + 1,
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        panic!("LibreOffice did not save {}:\n{failures}", saved.display());
    }
}

/// LibreOffice's CSV export: comma, double quote, the character set by its
/// LibreOffice number (76 UTF-8, 85 GB18030).
const CSV_UTF8: &str = "csv:Text - txt - csv (StarCalc):44,34,76,1";
const CSV_GB18030: &str = "csv:Text - txt - csv (StarCalc):44,34,85,1";

/// A cell typed into a workbook: text (what typing into a text-formatted
/// cell stores) or a number.
#[derive(Clone, Copy)]
enum Put<'a> {
    Text(&'a str),
    Number(f64),
}

/// `A`, `B`, … `AA` for a 0-based column.
fn letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The 0-based column of a cell reference (`K8` → 10).
fn column_of(reference: &str) -> u32 {
    reference
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1)
        - 1
}

/// A worksheet's XML with `cells` set, by (1-based row, 0-based column):
/// each a cell of its own (an inline string or a number, with the style
/// `style`), replacing a cell there, in column order within its row; rows
/// made where there were none. What a spreadsheet stores when a body types
/// into the cells, written without one.
fn with_cells(xml: &str, cells: &BTreeMap<(u32, u32), Put>, style: Option<&str>) -> String {
    let start = xml.find("<sheetData>").expect("a sheet") + "<sheetData>".len();
    let end = xml.find("</sheetData>").expect("a sheet");
    let data = &xml[start..end];
    // Existing rows: number → (open tag, cells by column).
    let mut rows: BTreeMap<u32, (String, BTreeMap<u32, String>)> = BTreeMap::new();
    let mut rest = data;
    while let Some(at) = rest.find("<row ") {
        let open_end = at + rest[at..].find('>').unwrap() + 1;
        let open = &rest[at..open_end];
        let number: u32 = open
            .split("r=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let (body, after) = if open.ends_with("/>") {
            ("", &rest[open_end..])
        } else {
            let close = open_end + rest[open_end..].find("</row>").unwrap();
            (&rest[open_end..close], &rest[close + "</row>".len()..])
        };
        let mut row_cells = BTreeMap::new();
        let mut b = body;
        while let Some(c) = b.find("<c ") {
            let tag_end = c + b[c..].find('>').unwrap() + 1;
            let cell_end = if b[..tag_end].ends_with("/>") {
                tag_end
            } else {
                tag_end + b[tag_end..].find("</c>").unwrap() + "</c>".len()
            };
            let cell = &b[c..cell_end];
            let reference = cell.split("r=\"").nth(1).unwrap().split('"').next();
            row_cells.insert(column_of(reference.unwrap()), cell.to_string());
            b = &b[cell_end..];
        }
        let open = open.trim_end_matches("/>").trim_end_matches('>');
        rows.insert(number, (format!("{open}>"), row_cells));
        rest = after;
    }
    let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    for (&(r, c), put) in cells {
        let reference = format!("{}{r}", letters(c));
        let cell = match put {
            Put::Text(t) => format!(
                "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
                escape(t)
            ),
            Put::Number(n) => format!("<c r=\"{reference}\"{style}><v>{n}</v></c>"),
        };
        rows.entry(r)
            .or_insert_with(|| (format!("<row r=\"{r}\">"), BTreeMap::new()))
            .1
            .insert(c, cell);
    }
    let last_row = *rows.keys().last().unwrap();
    let last_col = rows
        .values()
        .flat_map(|(_, cells)| cells.keys())
        .max()
        .copied()
        .unwrap();
    let mut data = String::new();
    for (open, row_cells) in rows.values() {
        // A row's `spans` would be stale: the reader needs none.
        let open = match open.find(" spans=\"") {
            Some(at) => {
                let value = at + " spans=\"".len();
                let close = value + open[value..].find('"').unwrap() + 1;
                format!("{}{}", &open[..at], &open[close..])
            }
            None => open.clone(),
        };
        data.push_str(&open);
        for cell in row_cells.values() {
            data.push_str(cell);
        }
        data.push_str("</row>");
    }
    let xml = format!("{}{data}{}", &xml[..start], &xml[end..]);
    // The sheet's declared range, grown to the cells.
    match xml.find("<dimension ref=\"") {
        Some(at) => {
            let from = at + "<dimension ref=\"".len();
            let to = from + xml[from..].find('"').unwrap();
            format!(
                "{}A1:{}{last_row}{}",
                &xml[..from],
                letters(last_col),
                &xml[to..]
            )
        }
        None => xml,
    }
}

/// The workbook at `path` with `cells` typed into its first sheet.
fn fill_workbook(path: &Path, cells: &BTreeMap<(u32, u32), Put>, style: Option<&str>, to: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = with_cells(&String::from_utf8(data).unwrap(), cells, style).into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(to, out.finish().unwrap().into_inner()).unwrap();
}

/// The style of the column of `reference` in a workbook's first sheet
/// (the fill columns' text format).
fn style_of(path: &Path, reference: &str) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let cols = xml.split("<col ").skip(1);
    let col = column_of(reference) + 1;
    for c in cols {
        let c = &c[..c.find('>').unwrap()];
        let attr = |name: &str| -> Option<String> {
            c.split(&format!(" {name}=\""))
                .nth(1)
                .or_else(|| c.strip_prefix(&format!("{name}=\"")))
                .and_then(|s| s.split('"').next())
                .map(str::to_string)
        };
        let min: u32 = attr("min")?.parse().ok()?;
        let max: u32 = attr("max")?.parse().ok()?;
        if (min..=max).contains(&col) {
            return attr("style");
        }
    }
    None
}

fn import(root: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["sheet", "import", file.to_str().unwrap()];
    args.extend(extra);
    gongkai_in(root, &args)
}

/// The content of a site, by path, for comparing two sites.
fn content(root: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(&root.join("content"))
}

/// The files that differ between two trees.
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn an_exported_workbook_resaved_by_libreoffice_imports_as_nothing_filled() {
    let Some(office) = Office::find() else {
        return;
    };
    let site = temp_site("followed", &[]);
    let root = site.path();
    let work = tempfile::tempdir().unwrap();
    let exported = work.path().join("progress.xlsx");
    let o = gongkai_in(
        root,
        &[
            "sheet",
            "export",
            "--by-unit",
            "--out",
            exported.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let resaved = office.convert(&exported, None, "xlsx", &work.path().join("lo"));
    assert_ne!(
        std::fs::read(&resaved).unwrap(),
        std::fs::read(&exported).unwrap(),
        "LibreOffice writes a workbook of its own"
    );
    // Both sheets' rows are read, none counts as filled (the periods the
    // export prefills are not entries), and nothing is reported.
    let before = content(root);
    let dry = import(root, &resaved, &["--dry-run", "--format", "json"]);
    assert_eq!(code(&dry), 0, "{}{}", stdout(&dry), stderr(&dry));
    let json: serde_json::Value = serde_json::from_str(&stdout(&dry)).unwrap();
    assert_eq!(json["rows"], 9, "{json}");
    assert_eq!(json["problems"], serde_json::json!([]), "{json}");
    assert_eq!(json["files"], serde_json::json!([]), "{json}");
    assert_eq!(json["changed"], serde_json::json!([]), "{json}");
    let real = import(root, &resaved, &[]);
    assert_eq!(code(&real), 0, "{}", stderr(&real));
    assert!(
        stderr(&real).contains("0 added, 0 revised, 0 unchanged; changed 0 files"),
        "{}",
        stderr(&real)
    );
    assert_eq!(content(root), before, "every byte of the content as it was");

    // Saved in LibreOffice's own format, it is refused, saying how to save it.
    let ods = office.convert(&exported, None, "ods", &work.path().join("ods"));
    let o = import(root, &ods, &[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a sheet is an .xlsx or a .csv file")
            && stderr(&o).contains("file type \"Excel 2007-365 (.xlsx)\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(content(root), before);
}

/// The cells a body fills in the export of the `followed` site, by `ref`
/// and column key: a number cell, text cells (`33.20` keeps its digits),
/// days, an update's texts, a milestone's evidence.
const FILLS: &[(&str, &str, Put)] = &[
    ("works/mixed/chargers", "period", Put::Text("2024-Q4")),
    ("works/mixed/chargers", "value", Put::Number(175.0)),
    ("works/green-share/share", "value", Put::Text("33.20")),
    (
        "works/green-share/share",
        "note_zh",
        Put::Text("年底快报数。"),
    ),
    ("works/carbon-plan#review", "done", Put::Text("2024-10-12")),
    (
        "works/carbon-plan#review",
        "source_title_zh",
        Put::Text("评审纪要"),
    ),
    (
        "works/carbon-plan#review",
        "source_url",
        Put::Text("https://example.org/review"),
    ),
    ("works/carbon-plan", "period", Put::Text("2024-10-14")),
    (
        "works/carbon-plan",
        "text_zh",
        Put::Text("评审已完成,方案修改中。"),
    ),
    (
        "works/carbon-plan",
        "text_en",
        Put::Text("Review done: revising."),
    ),
];

#[test]
fn a_filled_workbook_resaved_by_libreoffice_imports_the_same_rows() {
    let Some(office) = Office::find() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let first = temp_site("followed", &[]);
    let exported = work.path().join("progress.xlsx");
    let o = gongkai_in(
        first.path(),
        &["sheet", "export", "--out", exported.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Typed into the export's cells, where the body would type them.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&exported).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let column = |key: &str| {
        header
            .iter()
            .position(|h| h.ends_with(&format!("({key})")))
            .unwrap_or_else(|| panic!("no column {key}")) as u32
    };
    let row_of = |reference: &str| {
        range
            .rows()
            .position(|r| r[column("ref") as usize] == reference)
            .unwrap_or_else(|| panic!("no row {reference}")) as u32
            + 1
    };
    let cells: BTreeMap<(u32, u32), Put> = FILLS
        .iter()
        .map(|(r, key, put)| ((row_of(r), column(key)), *put))
        .collect();
    let style = style_of(&exported, "K1");
    assert!(style.is_some(), "the fill columns have a style");
    let filled = work.path().join("filled.xlsx");
    fill_workbook(&exported, &cells, style.as_deref(), &filled);

    // The body's workbook, imported as it is: exactly the three measure
    // files of the filled rows change.
    let before = content(first.path());
    let (report, warnings) = dry_run(first.path(), &filled);
    assert_eq!(report["changed"].as_array().unwrap().len(), 3, "{report}");
    let o = import(first.path(), &filled, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = content(first.path());
    assert_eq!(
        differing(&before, &want),
        [
            "works/carbon-plan.yaml",
            "works/green-share.yaml",
            "works/mixed.yaml"
        ]
    );
    assert!(
        String::from_utf8_lossy(&want["works/green-share.yaml"]).contains("value: \"33.20\""),
        "a text cell keeps its digits"
    );

    // The same workbook saved by LibreOffice, as .xlsx and as CSV in UTF-8
    // and GB18030: the same report, and each imports into the same bytes.
    let saved = [
        office.convert(&filled, None, "xlsx", &work.path().join("xlsx")),
        office.convert(&filled, None, CSV_UTF8, &work.path().join("utf8")),
        office.convert(&filled, None, CSV_GB18030, &work.path().join("gb18030")),
    ];
    let gb = std::fs::read(&saved[2]).unwrap();
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the GB18030 file is not UTF-8"
    );
    for file in &saved {
        let site = temp_site("followed", &[]);
        let (got_report, got_warnings) = dry_run(site.path(), file);
        assert_eq!(got_report, report, "{}", file.display());
        if file.extension().unwrap() == "xlsx" {
            assert_eq!(got_warnings, warnings, "{}", file.display());
        } else {
            // A CSV file names a cell by line and column.
            let messages =
                |w: &[(String, String)]| w.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>();
            assert_eq!(
                messages(&got_warnings),
                messages(&warnings),
                "{}",
                file.display()
            );
        }
        assert_eq!(content(site.path()), before, "a dry run writes nothing");
        let o = import(site.path(), file, &[]);
        assert_eq!(code(&o), 0, "{}: {}", file.display(), stderr(&o));
        let got = content(site.path());
        assert!(
            got == want,
            "{}: {:?} differ from the import of the body's workbook",
            file.display(),
            differing(&got, &want)
        );
        // Imported twice: nothing more.
        let again = import(site.path(), file, &[]);
        assert_eq!(code(&again), 0, "{}", stderr(&again));
        assert_eq!(content(site.path()), want);
    }
}

/// `sheet import --dry-run --format json`, which must succeed: the report
/// without its problems and file names, and the problems (all warnings) as
/// (cell, message).
fn dry_run(root: &Path, file: &Path) -> (serde_json::Value, Vec<(String, String)>) {
    let o = import(root, file, &["--dry-run", "--format", "json"]);
    assert_eq!(
        code(&o),
        0,
        "{}: {}{}",
        file.display(),
        stdout(&o),
        stderr(&o)
    );
    let mut json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let problems = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["severity"], "warning", "{p}");
            (
                p["at"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    json["problems"] = serde_json::Value::Null;
    (json, problems)
}

/// The export as CSV, filled, opened in LibreOffice (UTF-8, comma, the
/// default column types) and saved again, as CSV and as .xlsx: the same
/// files but for the one value whose written digits a number cannot keep,
/// `33.20`, which LibreOffice reads as the number 33.2.
#[test]
fn a_filled_csv_export_opened_in_libreoffice_and_saved_again() {
    let Some(office) = Office::find() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let first = temp_site("followed", &[]);
    let exported = work.path().join("progress.csv");
    let o = gongkai_in(
        first.path(),
        &["sheet", "export", "--out", exported.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&exported).unwrap();
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let column = |key: &str| {
        rows[0]
            .iter()
            .position(|h| h.ends_with(&format!("({key})")))
            .unwrap()
    };
    let refs = column("ref");
    let at: Vec<usize> = FILLS.iter().map(|(_, k, _)| column(k)).collect();
    for ((reference, _, put), c) in FILLS.iter().zip(at) {
        let row = rows.iter_mut().find(|r| r[refs] == *reference).unwrap();
        row[c] = match put {
            Put::Text(t) => t.to_string(),
            Put::Number(n) => n.to_string(),
        };
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let filled = work.path().join("filled.csv");
    std::fs::write(&filled, w.into_inner().unwrap()).unwrap();
    let before = content(first.path());
    let o = import(first.path(), &filled, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = content(first.path());
    assert_eq!(differing(&before, &want).len(), 3);

    let file = "works/green-share.yaml";
    let utf8 = Some("CSV:44,34,76,1");
    for saved in [
        office.convert(&filled, utf8, CSV_UTF8, &work.path().join("csv")),
        office.convert(&filled, utf8, "xlsx", &work.path().join("xlsx")),
    ] {
        let site = temp_site("followed", &[]);
        let o = import(site.path(), &saved, &[]);
        assert_eq!(code(&o), 0, "{}: {}", saved.display(), stderr(&o));
        let got = content(site.path());
        assert_eq!(differing(&got, &want), [file], "{}", saved.display());
        let text = |t: &BTreeMap<String, Vec<u8>>| String::from_utf8(t[file].clone()).unwrap();
        assert_eq!(
            text(&got),
            text(&want).replace("value: \"33.20\"", "value: 33.2"),
            "{}",
            saved.display()
        );
    }
}

/// A body's own workbook, made with a spreadsheet library: number cells, a
/// date cell in `done` (in the default date format, as a day typed into a
/// cell becomes) and in an update's `period` (formatted `yyyy-mm-dd`).
#[test]
fn a_bodys_workbook_with_dates_and_numbers_resaved_by_libreoffice_imports_the_same_rows() {
    let Some(office) = Office::find() else {
        return;
    };
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("body.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("区发改局").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let keys = ["ref", "period", "value", "note_zh", "done", "text_zh"];
    for (c, k) in keys.iter().enumerate() {
        ws.write_string(0, c as u16, format!("标签 ({k})")).unwrap();
    }
    ws.write_string(1, 0, "works/mixed/chargers").unwrap();
    ws.write_string(1, 1, "2024-Q4").unwrap();
    ws.write_number(1, 2, 175.0).unwrap();
    ws.write_string(2, 0, "works/green-share/share").unwrap();
    ws.write_string(2, 1, "2024-01..2024-12").unwrap();
    // 30.1 + 3.2, a sum as a body's formula leaves it: 33.300000000000004.
    ws.write_number(2, 2, 30.1 + 3.2).unwrap();
    ws.write_string(2, 3, "年底快报数。").unwrap();
    ws.write_string(3, 0, "works/carbon-plan#review").unwrap();
    let day = ExcelDateTime::from_ymd(2024, 10, 12).unwrap();
    let default_date = Format::new().set_num_format_index(14);
    ws.write_datetime_with_format(3, 4, &day, &default_date)
        .unwrap();
    ws.write_string(4, 0, "works/carbon-plan").unwrap();
    let day = ExcelDateTime::from_ymd(2024, 10, 14).unwrap();
    ws.write_datetime_with_format(4, 1, &day, &date).unwrap();
    ws.write_string(4, 5, "评审已完成,方案修改中。").unwrap();
    book.save(&path).unwrap();

    let site = temp_site("followed", &[]);
    let before = content(site.path());
    let o = import(site.path(), &path, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = content(site.path());
    assert_eq!(differing(&before, &want).len(), 3);
    assert!(String::from_utf8_lossy(&want["works/green-share.yaml"]).contains("value: 33.3"));

    for file in [
        office.convert(&path, None, "xlsx", &work.path().join("xlsx")),
        office.convert(&path, None, CSV_UTF8, &work.path().join("utf8")),
        office.convert(&path, None, CSV_GB18030, &work.path().join("gb18030")),
    ] {
        let site = temp_site("followed", &[]);
        let o = import(site.path(), &file, &[]);
        assert_eq!(code(&o), 0, "{}: {}", file.display(), stderr(&o));
        let got = content(site.path());
        assert!(
            got == want,
            "{}: {:?} differ from the import of the body's workbook",
            file.display(),
            differing(&got, &want)
        );
    }

    // In an English locale LibreOffice writes that day `10/12/2024` into a
    // CSV file: never guessed at (month or day first?), an error at its
    // cell, and nothing written.
    let us = office.convert_in(
        "en_US.UTF-8",
        &path,
        None,
        CSV_UTF8,
        &work.path().join("us"),
    );
    let site = temp_site("followed", &[]);
    let o = import(site.path(), &us, &[]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(":4:5: error: invalid done date `10/12/2024`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(content(site.path()), before);
}

const TABLE: &str = DONGTOU_TABLE;

/// `plan import FILE --plan scratch` into a fresh scratch site: the
/// scratch plan's files.
fn plan_import(file: &Path) -> BTreeMap<String, Vec<u8>> {
    let site = scratch_site();
    let o = gongkai_in(
        site.path(),
        &[
            "plan",
            "import",
            file.to_str().unwrap(),
            "--plan",
            "scratch",
        ],
    );
    assert_eq!(code(&o), 0, "{}: {}", file.display(), stderr(&o));
    assert!(
        stderr(&o).contains("64 measures with 69 indicators imported"),
        "{}: {}",
        file.display(),
        stderr(&o)
    );
    read_tree(&site.path().join("content/plans/scratch"))
}

/// [`plan_import`] of each file, at once (each import waits mostly on
/// its writes).
fn plan_imports(files: &[&Path]) -> Vec<BTreeMap<String, Vec<u8>>> {
    std::thread::scope(|s| {
        let running: Vec<_> = files.iter().map(|f| s.spawn(|| plan_import(f))).collect();
        running.into_iter().map(|t| t.join().unwrap()).collect()
    })
}

#[test]
fn a_filled_plan_template_resaved_by_libreoffice_imports_the_same_files() {
    let Some(office) = Office::find() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("table.xlsx");
    let o = gongkai_in(
        scratch_site().path(),
        &["plan", "template", "--out", template.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The fixture's rows typed into the template, under its own headers
    // (checked equal): a figure that a number cell keeps as written
    // (`8.9`, `2022`) as a number, as a clerk pasting from another
    // workbook gets it; every other cell as text (`5.0`, `≥94.3`, `暂无`).
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&template).unwrap();
    let name = book.sheet_names()[0].clone();
    let header: Vec<String> = book
        .worksheet_range(&name)
        .unwrap()
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let rows = dongtou_table_rows();
    assert_eq!(header, rows[0], "the fixture has the template's columns");
    let mut cells = BTreeMap::new();
    let mut numbers = 0;
    for (r, row) in rows.iter().enumerate().skip(1) {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let put = match text.parse::<f64>() {
                Ok(n) if n.to_string() == *text => {
                    numbers += 1;
                    Put::Number(n)
                }
                _ => Put::Text(text),
            };
            cells.insert((r as u32 + 1, c as u32), put);
        }
    }
    assert!(numbers > 200, "{numbers} number cells");
    let style = style_of(&template, "A1");
    let filled = work.path().join("filled.xlsx");
    fill_workbook(&template, &cells, style.as_deref(), &filled);

    // Saved by LibreOffice: as .xlsx (the guide sheet, the lists and the
    // formats kept), and as CSV in UTF-8 and in GB18030.
    let xlsx = office.convert(&filled, None, "xlsx", &work.path().join("xlsx"));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            gongkai::plan_table::TABLE_SHEET.to_string(),
            gongkai::plan_table::GUIDE_SHEET.to_string()
        ]
    );
    let guide = book
        .worksheet_range(gongkai::plan_table::GUIDE_SHEET)
        .unwrap();
    assert!(guide.height() > 10);
    let utf8 = office.convert(&filled, None, CSV_UTF8, &work.path().join("utf8"));
    let gb = office.convert(&filled, None, CSV_GB18030, &work.path().join("gb18030"));
    assert!(std::str::from_utf8(&std::fs::read(&gb).unwrap()).is_err());

    let table = repo().join(TABLE);
    let files = [&table, &filled, &xlsx, &utf8, &gb];
    let mut trees = plan_imports(&files.map(|f| f.as_path()));
    let want = trees.remove(0);
    for (file, got) in files[1..].iter().zip(trees) {
        assert!(
            got == want,
            "{}: {:?} differ from the import of the fixture",
            file.display(),
            differing(&got, &want)
        );
    }
}

/// The fixture CSV opened in LibreOffice (UTF-8, comma, the default column
/// types, which make numbers of figures) and saved as a workbook: the same
/// files but for the one figure whose written digits a number cell cannot
/// keep, the target `5.0` stored as the number 5.
#[test]
fn the_plan_table_csv_opened_in_libreoffice_and_saved_as_xlsx() {
    let Some(office) = Office::find() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let table = repo().join(TABLE);
    let xlsx = office.convert(
        &table,
        Some("CSV:44,34,76,1"),
        "xlsx",
        &work.path().join("xlsx"),
    );
    let mut trees = plan_imports(&[&table, &xlsx]);
    let (want, got) = (trees.remove(0), trees.remove(0));
    // Saved in LibreOffice's own format, it is refused, saying how to save it.
    let ods = office.convert(
        &table,
        Some("CSV:44,34,76,1"),
        "ods",
        &work.path().join("ods"),
    );
    let site = scratch_site();
    let o = gongkai_in(
        site.path(),
        &["plan", "import", ods.to_str().unwrap(), "--plan", "scratch"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: a table is a .csv or .xlsx file")
            && stderr(&o).contains("file type \"Excel 2007-365 (.xlsx)\""),
        "{}",
        stderr(&o)
    );
    let file = "indicators/surveyed-urban-unemployment-rate.yaml";
    assert_eq!(differing(&got, &want), [file]);
    let text = |t: &BTreeMap<String, Vec<u8>>| String::from_utf8(t[file].clone()).unwrap();
    assert_eq!(
        text(&got),
        text(&want).replace(
            "target: {period: 2023, value: \"5.0\"}",
            "target: {period: 2023, value: 5}"
        )
    );
}
