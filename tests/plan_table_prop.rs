//! Property test of `gongkai plan import` (SPEC §10, "Starting the next
//! plan"): any valid plan table, typed into the CSV template that `plan
//! template` writes, imports into records that pass `check` and that `sheet
//! export` gives back as the same cells. Each case runs the real binary on
//! a fresh copy of the fixture `sites/plan-table` (a 2023 plan whose
//! measures a table may continue, an empty 2024 plan to import into, and
//! bodies with names and aliases in `units.yaml`).
//!
//! The table is saved as `plan template` wrote it (CSV in UTF-8 with a
//! byte-order mark, the template's own header row, the rows after it), or
//! as a clerk's office suite may save it: CSV without the mark or in
//! GB18030, LF or CRLF line ends, a workbook of text cells, the columns in
//! another order, the empty ones maybe left out; or in two files imported
//! at once. It goes into a new collection, which the import makes, or into
//! one that exists (with the categories the items name by title or id),
//! which is kept as it is.
//!
//! What "the same" means, cell by cell of the exported workbook (read with
//! calamine), for every generated row:
//! - `baseline` and `target` are `<comparator><figure> (<period>)` or
//!   `<words> (<period>)`. The figure keeps its written digits exactly
//!   (`1.50` stays `1.50`, `-0.806` stays `-0.806`) less a leading `+`
//!   (`+5` exports `5`, `≥+5` exports `≥5`); the comparator is the
//!   one the row printed, in its one printed form: `≥` and `>=` export `≥`,
//!   `≤` and `<=` export `≤`, `＞` and `>` export `>`, `＜` and `<` export
//!   `<`, and `80左右` (about 80) exports `≈80`, as does `≈80`; spaces
//!   between a comparator and its figure are dropped. Words (`稳步提升`,
//!   `暂无`, `—`) come back as typed, except a figure followed by the row's
//!   unit (`5%`, `+5%` when the unit is `%`), which is that figure.
//! - `number`, `title`, `indicator` (the row's 指标, or the title when it is
//!   empty) and `unit` as typed; `lead` is the set of the bodies' Chinese
//!   names, whatever name or alias the table used, for the bodies of the
//!   牵头单位 column and those marked `*` or `＊` in 责任单位, over all the
//!   rows of the item.
//! - A key work (a row with no indicator columns) is one measure with no
//!   indicator row, its `update` row carrying its number, title and lead.
//!
//! The sheet has no column for the direction, the other bodies, the
//! assessment level, the category, what a measure continues or the English
//! texts; those are compared on the imported records as loaded: the
//! direction as typed (`increase` when empty), the other bodies (those of
//! 责任单位 without a star and not lead) as a set, the level by its id
//! whether the table named it by its Chinese or English name or its id,
//! the category by its title, `continues` as listed, and each English
//! column on the text it belongs to (an indicator with an empty 指标 takes
//! the item's English title).
//!
//! Not generated, as not valid (the import refuses them at their cells):
//! words with a comparator (`≥上年`, `上年左右`), an item without a category
//! beside items with one, an indicator's path in 延续 (it names measures),
//! a row without an indicator in an item of several rows, two items
//! sharing a number but not a title.
//!
//! The number of cases is `PROPTEST_CASES` (24 by default); a failure
//! shrinks to a small table, printed as the CSV that was imported.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use calamine::Reader as _;
use common::*;
use proptest::prelude::*;
use proptest::sample::select;

const FIXTURE: &str = "plan-table";
const PLAN: &str = "2024";
const COLLECTION: &str = "indicators";

// ------------------------------------------------------------- vocabulary

/// Item titles, Chinese and English: real plans' wording, with the
/// characters YAML and CSV care about (`&`, `#`, `: `, `、`, `,`, quotes).
const TITLES: &[(&str, &str)] = &[
    ("人均生产总值", "Per-capita GDP"),
    ("全员劳动生产率", "Overall labour productivity"),
    ("R&D经费支出占GDP比重", "R&D expenditure as a share of GDP"),
    (
        "每万人高价值发明专利拥有量",
        "High-value invention patents per 10,000 people",
    ),
    ("PM2.5平均浓度", "PM2.5 average concentration"),
    ("村集体经济收入", "Village collective economy income"),
    (
        "家庭可支配收入(按三口之家计算)",
        "Household disposable income (three-person household)",
    ),
    (
        "一般公共预算收入占GDP比重、税收占一般公共预算收入比重",
        "General public budget revenue as a share of GDP; tax revenue as a share of general public budget revenue",
    ),
    ("“十四五”规划实施: 中期评估", "Mid-term review: the 14th Five-Year Plan"),
    ("深化“最多跑一次”改革", "Deepen the \"run at most once\" reform"),
    ("#1 民生实事", "#1 people's livelihood project"),
    ("建设共同富裕示范区", "Build a demonstration zone for common prosperity"),
    // A line break typed in the cell (Alt+Enter).
    ("城乡居民\n收入倍差", "Urban-rural\nincome ratio"),
];

/// Indicator names, Chinese and English.
const INDICATORS: &[(&str, &str)] = &[
    ("城镇调查失业率", "Surveyed urban unemployment rate"),
    ("恩格尔系数", "Engel coefficient"),
    ("基尼系数", "Gini coefficient"),
    (
        "集体经济年收入30万元以上且经营性收入15万元以上行政村占比",
        "Share of villages with a collective income of 300,000 yuan or more",
    ),
    ("公众食品安全满意度", "Public satisfaction with food safety"),
    (
        "家庭可支配收入10-50万元群体比例",
        "Share of households with 100,000-500,000 yuan",
    ),
    ("单位GDP能耗", "Energy use per unit of GDP"),
    ("万人成讼率", "Lawsuits per 10,000 people"),
];

/// Units, Chinese and English.
const UNITS: &[(&str, &str)] = &[
    ("%", "%"),
    ("元", "yuan"),
    ("万元", "10,000 yuan"),
    ("万元/人", "10,000 yuan per person"),
    ("‰", "per mille"),
    ("个", "items"),
    ("平方米/万元", "m² per 10,000 yuan"),
    ("微克/立方米", "μg/m³"),
];

/// Categories: an id (for a collection that exists) and the title.
const CATEGORIES: &[(&str, &str)] = &[
    ("economy", "经济高质量发展"),
    ("urban-rural", "城乡区域协调发展"),
    ("income", "收入分配格局优化"),
    ("harmony", "社会和谐和睦"),
];

/// The fixture's bodies: id, Chinese name (what the sheet prints), and the
/// names a table may write for them (names, aliases, the id).
const BODIES: &[(&str, &str, &[&str])] = &[
    (
        "drc",
        "区发改局",
        &["区发改局", "发改局", "区发改局(粮食和物资储备局)", "drc"],
    ),
    ("finance", "区财政局", &["区财政局", "财政局"]),
    (
        "tax",
        "区税务局",
        &["区税务局", "税务局", "District Tax Bureau"],
    ),
    ("hrss", "区人力社保局", &["区人力社保局", "人力社保局"]),
    (
        "agriculture",
        "区农业农村局",
        &["区农业农村局", "农业农村局"],
    ),
    (
        "ecology",
        "测试区生态环境分局",
        &["测试区生态环境分局", "生态环境"],
    ),
];

/// The 2024 plan's assessment levels: id, and the names a table may write.
const LEVELS: &[(&str, &[&str])] = &[
    (
        "province-evaluated",
        &["省评价", "Provincially evaluated", "province-evaluated"],
    ),
    ("province-observed", &["省观察", "Provincial watch"]),
    ("city-evaluated", &["市评价", "city-evaluated"]),
    ("new-observed", &["新增观察", "Watch (newly added)"]),
];

/// The measures of the 2023 plan an item may continue. (An indicator's
/// path is not a measure: the 延续 column names measures only.)
const CONTINUED: &[&str] = &["2023/indicators/income", "2023/indicators/jobs"];

const BASELINE_PERIODS: &[&str] = &[
    "2022",
    "2023",
    "2022-Q4",
    "2023-H1",
    "2023-06",
    "2023-06-30",
    "2021..2023",
    "2023-01..2023-06",
];

const TARGET_PERIODS: &[&str] = &[
    "2024",
    "2024-H2",
    "2024-Q4",
    "2024-12",
    "2024-12-31",
    "2024..2025",
    "2024-01..2024-09",
];

/// Printed comparators and the one form the sheet prints each in.
const COMPARATORS: &[(&str, &str)] = &[
    ("≥", "≥"),
    (">=", "≥"),
    ("≤", "≤"),
    ("<=", "≤"),
    ("＞", ">"),
    (">", ">"),
    ("＜", "<"),
    ("<", "<"),
    ("≈", "≈"),
];

/// Qualitative values, as plans print them, and words that YAML would read
/// as something else if written plain (`null`, `~`, `#…`, `*…`, quotes).
/// Words that start with a comparator or end in `左右` (`≥上年`, `上年左右`)
/// are not valid: a comparator needs a figure, and the import says so.
const WORDS: &[&str] = &[
    "稳步提升",
    "完成上级下达目标",
    "稳步下降",
    "维持在合理区间",
    "不低于上年",
    "2024年底前完成",
    "约80",
    "5%",
    "+5%",
    "稳中有升，力争突破",
    "稳中有升, 力争突破",
    "稳步\n提升",
    "null",
    "true",
    "~",
    "#1以内",
    "- 提升",
    "提升: 明显",
    "'稳定'",
    "\"稳定\"",
    "*待定",
    "&提升",
    "{提升}",
    "[提升]",
];

/// What plans print for "no figure".
const NOT_AVAILABLE: &[&str] = &["暂无", "—", "-"];

const DIRECTIONS: &[&str] = &["increase", "decrease", "maintain", "none"];

/// Separators of a list of bodies or paths in one cell.
const SEPARATORS: &[&str] = &["、", "，", ",", ";", "；", "\n"];

// ------------------------------------------------------------------ model

/// A baseline or target cell.
#[derive(Clone, Debug)]
enum Value {
    /// A figure, with a printed comparator or none.
    Figure {
        op: Option<(&'static str, &'static str)>,
        space: bool,
        digits: String,
    },
    /// `80左右`: about 80.
    About {
        space: bool,
        digits: String,
    },
    Words(&'static str),
}

impl Value {
    /// The cell as typed.
    fn cell(&self) -> String {
        let sp = |s: bool| if s { " " } else { "" };
        match self {
            Value::Figure { op, space, digits } => {
                format!("{}{}{digits}", op.map_or("", |o| o.0), sp(*space))
            }
            Value::About { space, digits } => format!("{digits}{}左右", sp(*space)),
            Value::Words(w) => w.to_string(),
        }
    }

    /// What the exported cell shows before the period.
    fn exported(&self) -> String {
        match self {
            Value::Figure { op, digits, .. } => {
                format!("{}{}", op.map_or("", |o| o.1), unsigned(digits))
            }
            Value::About { digits, .. } => format!("≈{}", unsigned(digits)),
            Value::Words(w) => w.to_string(),
        }
    }
}

/// A figure as printed back: its written digits, less a leading `+`.
fn unsigned(digits: &str) -> &str {
    digits.strip_prefix('+').unwrap_or(digits)
}

#[derive(Clone, Debug)]
struct Bound {
    period: &'static str,
    value: Value,
}

impl Bound {
    /// What the exported cell shows, for an indicator in `unit`: words that
    /// are a figure and the row's unit (`5%`, `+5%` when the unit is `%`)
    /// are that figure, as plans print figures with their unit.
    fn exported(&self, unit: &str) -> String {
        let shown = match &self.value {
            Value::Words(w) => w
                .strip_suffix(unit)
                .filter(|f| !unit.is_empty() && gongkai::yaml::is_plain_decimal(f))
                .map(|f| unsigned(f).to_string()),
            _ => None,
        };
        let shown = shown.unwrap_or_else(|| self.value.exported());
        format!("{shown} ({})", self.period)
    }
}

/// The indicator columns of a row.
#[derive(Clone, Debug)]
struct Indicator {
    /// 指标 and 指标英文; an empty 指标 names the indicator by the title.
    name: Option<&'static str>,
    name_en: Option<&'static str>,
    unit: Option<(&'static str, Option<&'static str>)>,
    direction: Option<&'static str>,
    baseline: Option<Bound>,
    target: Option<Bound>,
}

/// A body as a row writes it: which body, the name written, and in
/// 责任单位 whether it is marked lead (`*` or `＊`).
#[derive(Clone, Debug)]
struct Body {
    body: usize,
    name: &'static str,
    star: Option<&'static str>,
}

/// One row of the table.
#[derive(Clone, Debug)]
struct Row {
    /// `None`: a key work, its indicator columns empty.
    indicator: Option<Indicator>,
    lead: Vec<Body>,
    units: Vec<Body>,
    separator: &'static str,
}

/// One item: its rows share its number and title.
#[derive(Clone, Debug)]
struct Item {
    number: Option<u32>,
    title: String,
    title_en: Option<&'static str>,
    /// The category (of [`CATEGORIES`]), and whether the table names it
    /// by its id (where the collection exists) rather than its title.
    category: Option<(usize, bool)>,
    /// The level's id and the name the table writes for it.
    level: Option<(&'static str, &'static str)>,
    continues: Vec<&'static str>,
    /// Whether the rows after the first repeat the item's own cells
    /// (category, level, continues, English title), as a table whose
    /// merged cells were unmerged does; else only the first row has them.
    repeat: bool,
    rows: Vec<Row>,
}

/// How the filled template is saved.
#[derive(Clone, Copy, Debug)]
enum Format {
    /// As `plan template` writes it: UTF-8 with a byte-order mark.
    CsvUtf8Bom,
    CsvUtf8,
    /// What Excel saves as CSV in a Chinese locale.
    CsvGb18030,
    /// A workbook, every cell text (as the template's columns are).
    Xlsx,
}

#[derive(Clone, Debug)]
struct Layout {
    format: Format,
    crlf: bool,
    /// `None`: the template's header row as it wrote it; else its columns
    /// in another order (a clerk moved them), the empty ones maybe left out.
    order: Option<(Vec<usize>, bool)>,
    /// Blanks around each cell filled (the import trims them).
    pad: &'static str,
    /// Saved in two files, the rows split here (an item's rows may be
    /// in both), imported at once.
    split: Option<prop::sample::Index>,
}

/// The collection the table is imported into (`--collection`).
#[derive(Clone, Debug)]
struct Destination {
    collection: &'static str,
    /// Whether it exists before the import, with the categories (when the
    /// items have categories), and no measures; else the import makes it.
    existing: bool,
}

#[derive(Clone)]
struct Table {
    items: Vec<Item>,
    layout: Layout,
    into: Destination,
    categorized: bool,
}

/// The columns the table fills, by key.
const KEYS: [&str; 17] = [
    "number",
    "category",
    "measure",
    "indicator",
    "unit",
    "baseline_period",
    "baseline",
    "target_period",
    "target",
    "direction",
    "lead",
    "units",
    "assessment",
    "continues",
    "measure_en",
    "indicator_en",
    "unit_en",
];

impl Table {
    /// Each row's cells by column key.
    fn cells(&self) -> Vec<BTreeMap<&'static str, String>> {
        let mut out = Vec::new();
        for item in &self.items {
            for (i, row) in item.rows.iter().enumerate() {
                let mut c: BTreeMap<&'static str, String> = BTreeMap::new();
                let own = i == 0 || item.repeat;
                if let Some(n) = item.number {
                    c.insert("number", n.to_string());
                }
                c.insert("measure", item.title.clone());
                if own {
                    if let Some((cat, by_id)) = item.category {
                        let (id, title) = CATEGORIES[cat];
                        let by_id = by_id && self.into.existing;
                        c.insert("category", if by_id { id } else { title }.to_string());
                    }
                    if let Some((_, name)) = item.level {
                        c.insert("assessment", name.to_string());
                    }
                    if !item.continues.is_empty() {
                        c.insert("continues", item.continues.join(row.separator));
                    }
                    if let Some(en) = item.title_en {
                        c.insert("measure_en", en.to_string());
                    }
                }
                let bodies = |list: &[Body]| {
                    list.iter()
                        .map(|b| format!("{}{}", b.star.unwrap_or(""), b.name))
                        .collect::<Vec<_>>()
                        .join(row.separator)
                };
                if !row.lead.is_empty() {
                    c.insert("lead", bodies(&row.lead));
                }
                if !row.units.is_empty() {
                    c.insert("units", bodies(&row.units));
                }
                if let Some(ind) = &row.indicator {
                    if let Some(n) = ind.name {
                        c.insert("indicator", n.to_string());
                    }
                    if let Some(n) = ind.name_en {
                        c.insert("indicator_en", n.to_string());
                    }
                    if let Some((zh, en)) = ind.unit {
                        c.insert("unit", zh.to_string());
                        if let Some(en) = en {
                            c.insert("unit_en", en.to_string());
                        }
                    }
                    if let Some(d) = ind.direction {
                        c.insert("direction", d.to_string());
                    }
                    for (key, bound) in [("baseline", &ind.baseline), ("target", &ind.target)] {
                        if let Some(b) = bound {
                            c.insert(key, b.value.cell());
                            let period = if key == "baseline" {
                                "baseline_period"
                            } else {
                                "target_period"
                            };
                            c.insert(period, b.period.to_string());
                        }
                    }
                }
                out.push(c);
            }
        }
        out
    }

    /// The rows `rows` as records in the order of `header` (column keys),
    /// each cell filled padded with the layout's blanks.
    fn records(&self, header: &[String], rows: Range<usize>) -> Vec<Vec<String>> {
        let pad = self.layout.pad;
        self.cells()[rows]
            .iter()
            .map(|c| {
                header
                    .iter()
                    .map(|k| match c.get(k.as_str()) {
                        Some(v) => format!("{pad}{v}{pad}"),
                        None => String::new(),
                    })
                    .collect()
            })
            .collect()
    }

    /// The rows of each file the table is saved in.
    fn parts(&self) -> Vec<Range<usize>> {
        let n = self.cells().len();
        // A part may be empty: a file of the header alone.
        match &self.layout.split {
            Some(at) => {
                let at = at.index(n + 1);
                vec![0..at, at..n]
            }
            None => std::iter::once(0..n).collect(),
        }
    }

    /// The CSV text of `header` (the cells written) and the rows, whose
    /// cells are in the order of `keys`.
    fn csv(&self, header: &[String], keys: &[String], rows: Range<usize>) -> String {
        let terminator = match self.layout.crlf {
            true => csv::Terminator::CRLF,
            false => csv::Terminator::Any(b'\n'),
        };
        let mut w = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(Vec::new());
        if !header.is_empty() {
            w.write_record(header).unwrap();
        }
        for r in self.records(keys, rows) {
            w.write_record(&r).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    /// The filled template as a file: `labels` are the template's header
    /// cells, `template` the CSV file it wrote.
    fn file(
        &self,
        labels: &[String],
        template: &str,
        rows: Range<usize>,
    ) -> (&'static str, Vec<u8>) {
        let key = |l: &String| {
            let (_, key) = l.rsplit_once('(').expect("`label (key)`");
            key.trim_end_matches(')').to_string()
        };
        let mut columns: Vec<usize> = (0..labels.len()).collect();
        if let Some((order, drop_empty)) = &self.layout.order {
            columns.sort_by_key(|c| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
            if *drop_empty {
                let cells = self.cells();
                columns.retain(|c| {
                    let k = key(&labels[*c]);
                    k == "measure" || cells.iter().any(|r| r.contains_key(k.as_str()))
                });
            }
        }
        let header: Vec<String> = columns.iter().map(|c| labels[*c].clone()).collect();
        let keys: Vec<String> = header.iter().map(key).collect();
        let text = match (self.layout.format, &self.layout.order) {
            // The template's own header row, then the rows.
            (Format::CsvUtf8Bom, None) => {
                format!("{template}{}", self.csv(&[], &keys, rows.clone()))
            }
            _ => self.csv(&header, &keys, rows.clone()),
        };
        match self.layout.format {
            Format::CsvUtf8Bom if self.layout.order.is_none() => ("csv", text.into_bytes()),
            Format::CsvUtf8Bom => ("csv", format!("\u{feff}{text}").into_bytes()),
            Format::CsvUtf8 => ("csv", text.into_bytes()),
            Format::CsvGb18030 => {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
                assert!(!unmappable);
                ("csv", bytes.into_owned())
            }
            Format::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                let ws = book.add_worksheet();
                ws.set_name("计划表 (plan)").unwrap();
                let rows = std::iter::once(header).chain(self.records(&keys, rows));
                for (r, row) in rows.enumerate() {
                    for (c, v) in row.iter().enumerate() {
                        if !v.is_empty() {
                            ws.write_string(r as u32, c as u16, v).unwrap();
                        }
                    }
                }
                let guide = book.add_worksheet();
                guide.set_name("说明 (guide)").unwrap();
                guide.write_string(0, 0, "列 (column)").unwrap();
                ("xlsx", book.save_to_buffer().unwrap())
            }
        }
    }
}

/// A failing case prints as the table that was imported (its columns in
/// the template's order) and how it was saved.
impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
        let all = 0..self.cells().len();
        write!(
            f,
            "{:?}\n{:?}\n{}",
            self.layout,
            self.into,
            self.csv(&keys, &keys, all)
        )
    }
}

// ------------------------------------------------------------- strategies

/// Written digits: integers and decimals (trailing zeros kept), some
/// signed, some large.
fn digits() -> impl Strategy<Value = String> {
    (
        prop_oneof![6 => Just(""), 2 => Just("-"), 1 => Just("+")],
        prop_oneof![0u64..10, 0u64..1_000, 0u64..100_000, 0u64..10_000_000_000],
        prop_oneof![Just(String::new()), "[0-9]{1,4}"],
    )
        .prop_map(|(sign, int, frac)| match frac.is_empty() {
            true => format!("{sign}{int}"),
            false => format!("{sign}{int}.{frac}"),
        })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (
            prop::option::weighted(0.5, select(COMPARATORS)),
            prop::bool::weighted(0.2),
            digits()
        )
            .prop_map(|(op, space, digits)| Value::Figure {
                op,
                space: space && op.is_some(),
                digits
            }),
        1 => (prop::bool::weighted(0.2), digits())
            .prop_map(|(space, digits)| Value::About { space, digits }),
        2 => select(WORDS).prop_map(Value::Words),
        1 => select(NOT_AVAILABLE).prop_map(Value::Words),
    ]
}

fn bound(periods: &'static [&'static str]) -> impl Strategy<Value = Bound> {
    (select(periods), value()).prop_map(|(period, value)| Bound { period, value })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    (
        prop::option::weighted(0.8, select(INDICATORS)),
        prop::bool::weighted(0.7),
        prop::option::weighted(0.8, (select(UNITS), prop::bool::weighted(0.7))),
        prop::option::weighted(0.8, select(DIRECTIONS)),
        prop::option::weighted(0.7, bound(BASELINE_PERIODS)),
        prop::option::weighted(0.9, bound(TARGET_PERIODS)),
    )
        .prop_map(|(name, en, unit, direction, baseline, target)| Indicator {
            name: name.map(|n| n.0),
            name_en: name.filter(|_| en).map(|n| n.1),
            unit: unit.map(|((zh, e), with_en)| (zh, with_en.then_some(e))),
            direction,
            baseline,
            target,
        })
}

fn body(starred: bool) -> impl Strategy<Value = Body> {
    (0..BODIES.len(), any::<prop::sample::Index>(), 0..4usize).prop_map(
        move |(body, name, star)| Body {
            body,
            name: BODIES[body].2[name.index(BODIES[body].2.len())],
            star: match (starred, star) {
                (true, 0) => Some("*"),
                (true, 1) => Some("＊"),
                _ => None,
            },
        },
    )
}

fn row(key_work: bool) -> impl Strategy<Value = Row> {
    let ind = if key_work {
        Just(None).boxed()
    } else {
        indicator().prop_map(Some).boxed()
    };
    (
        ind,
        prop::collection::vec(body(false), 0..=2),
        prop::collection::vec(body(true), 0..=3),
        select(SEPARATORS),
    )
        .prop_map(|(indicator, lead, units, separator)| Row {
            indicator,
            lead,
            units,
            separator,
        })
}

fn item() -> impl Strategy<Value = Item> {
    let rows = prop_oneof![
        1 => row(true).prop_map(|r| vec![r]),
        3 => prop::collection::vec(row(false), 1..=3),
    ];
    (
        prop::bool::weighted(0.85),
        select(TITLES),
        prop::bool::weighted(0.8),
        prop::option::weighted(0.8, (0..CATEGORIES.len(), any::<bool>())),
        prop::option::weighted(
            0.7,
            (0..LEVELS.len(), any::<prop::sample::Index>())
                .prop_map(|(l, n)| (LEVELS[l].0, *n.get(LEVELS[l].1))),
        ),
        prop::sample::subsequence(CONTINUED, 0..=2),
        any::<bool>(),
        rows,
    )
        .prop_map(
            |(numbered, (title, en), with_en, category, level, continues, repeat, rows)| Item {
                number: numbered.then_some(0),
                title: title.to_string(),
                title_en: with_en.then_some(en),
                category,
                level,
                continues,
                repeat,
                rows,
            },
        )
}

/// A valid table: items numbered in order (with gaps), titles unique, a
/// category for every item or for none, each 2023 measure continued by one
/// item at most, indicator names unique in
/// their item and an indicator row never mistaken for a key work.
fn table() -> impl Strategy<Value = Table> {
    (
        prop::collection::vec((item(), 1u32..4), 1..7),
        1u32..30,
        prop::bool::weighted(0.8),
        layout(),
        (select(&["indicators", "key-work"][..]), any::<bool>()).prop_map(
            |(collection, existing)| Destination {
                collection,
                existing,
            },
        ),
    )
        .prop_map(|(items, first, categorized, layout, into)| {
            let mut number = first;
            let mut titles = BTreeSet::new();
            let mut continued = BTreeSet::new();
            let mut out = Vec::new();
            for (mut item, gap) in items {
                if item.number.is_some() {
                    item.number = Some(number);
                    number += gap;
                }
                let base = item.title.clone();
                let mut n = 2;
                while !titles.insert(item.title.clone()) {
                    item.title = format!("{base}（{n}）");
                    n += 1;
                }
                // A collection with categories gives each measure one.
                item.category = match categorized {
                    true => item.category.or(Some((0, false))),
                    false => None,
                };
                item.continues.retain(|c| continued.insert(*c));
                let mut names: BTreeSet<String> = BTreeSet::new();
                for row in &mut item.rows {
                    let Some(ind) = &mut row.indicator else {
                        continue;
                    };
                    let has_value = ind.unit.is_some()
                        || ind.direction.is_some()
                        || ind.baseline.is_some()
                        || ind.target.is_some();
                    // An empty 指标 names the indicator by the title: once
                    // an item, and only on a row that has a value.
                    if ind.name.is_none() && (!has_value || names.contains(&item.title)) {
                        ind.name = Some(INDICATORS[names.len() % INDICATORS.len()].0);
                    }
                    let mut name = ind.name.map_or(item.title.clone(), str::to_string);
                    while names.contains(&name) {
                        let (zh, en) = INDICATORS
                            .iter()
                            .find(|(zh, _)| !names.contains(*zh))
                            .copied()
                            .unwrap_or(("其他指标", "Other"));
                        ind.name = Some(zh);
                        ind.name_en = ind.name_en.map(|_| en);
                        name = zh.to_string();
                    }
                    names.insert(name);
                }
                out.push(item);
            }
            Table {
                items: out,
                layout,
                into,
                categorized,
            }
        })
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![
            3 => Just(Format::CsvUtf8Bom),
            1 => Just(Format::CsvUtf8),
            1 => Just(Format::CsvGb18030),
            2 => Just(Format::Xlsx),
        ],
        any::<bool>(),
        prop::option::weighted(
            0.3,
            (
                Just((0..KEYS.len()).collect::<Vec<usize>>()).prop_shuffle(),
                any::<bool>(),
            ),
        ),
        prop_oneof![3 => Just(""), 1 => Just(" "), 1 => Just("\u{3000}"), 1 => Just("\t")],
        prop::option::weighted(0.2, any::<prop::sample::Index>()),
    )
        .prop_map(|(format, crlf, order, pad, split)| Layout {
            format,
            crlf,
            order,
            pad,
            split,
        })
}

// ------------------------------------------------------------- the property

/// The CSV template `plan template` writes: its header cells, and the file.
fn template(root: &Path) -> (Vec<String>, String) {
    let path = root.join("template.csv");
    let o = gongkai_in(root, &["plan", "template", "--out", path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rdr.records().next().unwrap().unwrap();
    (header.iter().map(str::to_string).collect(), text)
}

/// The rows of the exported workbook, each as its cells by column key.
fn exported(root: &Path) -> Vec<BTreeMap<String, String>> {
    let out = root.join("export.xlsx");
    let o = gongkai_in(
        root,
        &[
            "sheet",
            "export",
            "--plan",
            PLAN,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "{names:?}");
    let sheet = book.worksheet_range(&names[0]).unwrap();
    let mut rows = sheet.rows();
    let keys: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(|h| {
            let h = h.to_string();
            let (_, key) = h.rsplit_once('(').unwrap();
            key.trim_end_matches(')').to_string()
        })
        .collect();
    rows.map(|r| {
        keys.iter()
            .cloned()
            .zip(r.iter().map(|c| c.to_string()))
            .collect()
    })
    .collect()
}

/// The bodies of an item: lead ids, and the other bodies' ids.
fn bodies(item: &Item) -> (BTreeSet<&'static str>, BTreeSet<&'static str>) {
    let mut lead = BTreeSet::new();
    let mut others = BTreeSet::new();
    for row in &item.rows {
        lead.extend(row.lead.iter().map(|b| BODIES[b.body].0));
        for b in &row.units {
            if b.star.is_some() {
                lead.insert(BODIES[b.body].0);
            } else {
                others.insert(BODIES[b.body].0);
            }
        }
    }
    let others = others.difference(&lead).copied().collect();
    (lead, others)
}

fn lead_names(lead: &BTreeSet<&str>) -> BTreeSet<String> {
    lead.iter()
        .map(|id| BODIES.iter().find(|b| b.0 == *id).unwrap().1.to_string())
        .collect()
}

fn zh(t: &gongkai::model::Text) -> &str {
    t.by_lang.get("zh").map_or("", String::as_str)
}

fn split_names(cell: &str) -> BTreeSet<String> {
    cell.split('、')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn round_trip(table: &Table) -> Result<(), TestCaseError> {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let (labels, template) = template(root);
    // The template filled, and saved as a clerk's office suite may.
    let dir = root.join(format!("content/plans/{PLAN}/{}", table.into.collection));
    let collection_file = dir.join("_collection.yaml");
    let existing = table.into.existing.then(|| {
        let mut y = String::from("title: {zh: 主要指标, en: Main indicators}\n");
        if table.categorized {
            y.push_str("categories:\n");
            for (id, title) in CATEGORIES {
                y.push_str(&format!(
                    "  - {{id: {id}, title: {{zh: {title}, en: {id}}}}}\n"
                ));
            }
        }
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&collection_file, &y).unwrap();
        y
    });
    let mut files = Vec::new();
    for (i, rows) in table.parts().into_iter().enumerate() {
        let (ext, bytes) = table.file(&labels, &template, rows);
        let path = root.join(format!("table-{}.{ext}", i + 1));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    let indicators: usize = table
        .items
        .iter()
        .flat_map(|i| &i.rows)
        .filter(|r| r.indicator.is_some())
        .count();

    let o = gongkai_in(
        root,
        &[
            &["plan", "import"][..],
            &files
                .iter()
                .map(|f| f.to_str().unwrap())
                .collect::<Vec<_>>(),
            &["--plan", PLAN, "--collection", table.into.collection],
        ]
        .concat(),
    );
    prop_assert_eq!(code(&o), 0, "plan import:\n{}", stderr(&o));
    let summary = format!(
        "plan {PLAN}: {} measures with {indicators} indicators imported",
        table.items.len()
    );
    prop_assert!(stderr(&o).contains(&summary), "{}", stderr(&o));

    let (status, lines) = check_lines(root, &[]);
    let errors: Vec<&String> = lines.iter().filter(|l| l.contains(": error: ")).collect();
    prop_assert!(status == 0 && errors.is_empty(), "check: {errors:#?}");
    if let Some(y) = existing {
        // A collection that exists is kept as it is.
        prop_assert_eq!(std::fs::read_to_string(&collection_file).unwrap(), y);
    }

    // The exported cells.
    let rows = exported(root);
    let mut by_indicator: BTreeMap<(String, String), &BTreeMap<String, String>> = BTreeMap::new();
    let mut by_update: BTreeMap<String, &BTreeMap<String, String>> = BTreeMap::new();
    for r in &rows {
        let prefix = format!("{PLAN}/{}/", table.into.collection);
        prop_assert!(r["ref"].starts_with(&prefix), "{r:?}");
        match r["kind"].as_str() {
            "indicator" => {
                let key = (r["title"].clone(), r["indicator"].clone());
                prop_assert!(by_indicator.insert(key, r).is_none(), "twice: {r:?}");
            }
            "update" => {
                prop_assert!(by_update.insert(r["title"].clone(), r).is_none(), "{r:?}");
            }
            other => prop_assert!(false, "a {other} row: {r:?}"),
        }
    }
    prop_assert_eq!(by_update.len(), table.items.len());
    prop_assert_eq!(by_indicator.len(), indicators);
    for item in &table.items {
        let (lead, _) = bodies(item);
        let number = item.number.map(|n| n.to_string()).unwrap_or_default();
        let update = by_update.get(&item.title);
        prop_assert!(update.is_some(), "no row for `{}`", item.title);
        let update = update.unwrap();
        prop_assert_eq!(&update["number"], &number);
        prop_assert_eq!(split_names(&update["lead"]), lead_names(&lead));
        for row in &item.rows {
            let Some(ind) = &row.indicator else {
                continue;
            };
            let name = ind.name.map_or(item.title.clone(), str::to_string);
            let cells = by_indicator.get(&(item.title.clone(), name.clone()));
            prop_assert!(cells.is_some(), "no row for `{}` / `{name}`", item.title);
            let cells = cells.unwrap();
            let unit = ind.unit.map_or("", |u| u.0);
            let want = |b: &Option<Bound>| b.as_ref().map(|b| b.exported(unit)).unwrap_or_default();
            prop_assert_eq!(&cells["number"], &number);
            prop_assert_eq!(&cells["unit"], ind.unit.map_or("", |u| u.0));
            prop_assert_eq!(&cells["baseline"], &want(&ind.baseline), "{}", name);
            prop_assert_eq!(&cells["target"], &want(&ind.target), "{}", name);
            prop_assert_eq!(split_names(&cells["lead"]), lead_names(&lead));
        }
    }

    // What the sheet has no column for, on the records.
    let mut d = gongkai::diagnostics::Diagnostics::new();
    let content = gongkai::load::load(root, &mut d).unwrap();
    let plan = content.plans.iter().find(|p| p.id == PLAN).unwrap();
    let collection = plan
        .collections
        .iter()
        .find(|c| c.config.id == table.into.collection)
        .unwrap();
    let categories: BTreeMap<&str, &str> = collection
        .config
        .categories
        .iter()
        .map(|c| (c.id.value.as_str(), zh(&c.title)))
        .collect();
    prop_assert_eq!(collection.measures.len(), table.items.len());
    let en = |t: &gongkai::model::Text| t.by_lang.get("en").cloned();
    for item in &table.items {
        let m = collection
            .measures
            .iter()
            .map(|m| &m.measure)
            .find(|m| zh(&m.title) == item.title);
        prop_assert!(m.is_some(), "no measure `{}`", item.title);
        let m = m.unwrap();
        let (lead, others) = bodies(item);
        let ids = |l: &[gongkai::model::Spanned<String>]| -> BTreeSet<String> {
            l.iter().map(|s| s.value.clone()).collect()
        };
        let set =
            |s: &BTreeSet<&str>| -> BTreeSet<String> { s.iter().map(|x| x.to_string()).collect() };
        prop_assert_eq!(m.number, item.number);
        prop_assert_eq!(ids(&m.lead), set(&lead));
        prop_assert_eq!(ids(&m.units), set(&others));
        prop_assert_eq!(
            m.assessment.as_ref().map(|a| a.value.as_str()),
            item.level.map(|l| l.0)
        );
        prop_assert_eq!(
            m.category
                .as_ref()
                .map(|c| categories.get(c.value.as_str()).copied()),
            item.category.map(|(c, _)| Some(CATEGORIES[c].1))
        );
        let continues: Vec<&str> = m
            .lineage
            .continues
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        prop_assert_eq!(continues, item.continues.clone());
        prop_assert_eq!(en(&m.title), item.title_en.map(str::to_string));
        let defined: Vec<&gongkai::model::Indicator> = m
            .indicators
            .iter()
            .filter_map(|e| match e {
                gongkai::model::IndicatorEntry::Defined(i) => Some(&**i),
                _ => None,
            })
            .collect();
        prop_assert_eq!(
            defined.len(),
            item.rows.iter().filter(|r| r.indicator.is_some()).count()
        );
        for row in &item.rows {
            let Some(ind) = &row.indicator else {
                continue;
            };
            let name = ind.name.map_or(item.title.clone(), str::to_string);
            let i = defined.iter().find(|i| zh(&i.name) == name).unwrap();
            prop_assert_eq!(
                i.direction.as_str(),
                ind.direction.unwrap_or("increase"),
                "{}",
                name
            );
            let name_en = ind.name_en.or(if ind.name.is_none() {
                item.title_en
            } else {
                None
            });
            prop_assert_eq!(en(&i.name), name_en.map(str::to_string), "{}", name);
            prop_assert_eq!(
                i.unit.as_ref().and_then(en),
                ind.unit.and_then(|u| u.1).map(str::to_string),
                "{}",
                name
            );
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Each case runs the binary four times: shrink within bounds.
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_valid_table_imports_to_records_that_export_the_same_cells(t in table()) {
        round_trip(&t)?;
    }
}

// ------------------------------------------------- what the property found

/// `plan import` of the template with `rows` (CSV lines) after its header:
/// the table's path and the output.
fn import_rows(root: &Path, rows: &str) -> (String, std::process::Output) {
    let (_, template) = template(root);
    let table = root.join("table.csv");
    std::fs::write(&table, format!("{template}{rows}")).unwrap();
    let t = table.to_str().unwrap();
    (
        t.to_string(),
        gongkai_in(root, &["plan", "import", t, "--plan", PLAN]),
    )
}

#[test]
fn an_item_without_a_category_beside_items_with_one_is_reported_at_its_cell() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let before = read_tree(&root.join("content"));
    let (t, o) = import_rows(
        root,
        "1,经济高质量发展,人均生产总值,,万元,2022,8.9,2024,9.2,,区发改局,,,,,,\n\
         2,,全员劳动生产率,,万元/人,2022,暂无,2024,19,,区发改局,,,,,,\n",
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    let want = format!(
        "{t}:3:2: error: the item has no 类别 (category), and the collection has categories: each item needs one\n  hint: give it one of: 经济高质量发展"
    );
    assert!(err.contains(&want), "missing {want}\nin:\n{err}");
    assert!(
        err.contains("1 error in the table: nothing was written"),
        "{err}"
    );
    assert_eq!(read_tree(&root.join("content")), before);
}

#[test]
fn an_indicator_in_the_continues_column_is_reported_at_its_cell() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let before = read_tree(&root.join("content"));
    let (t, o) = import_rows(
        root,
        "1,,居民人均可支配收入,,元,2023,52300,2024,55000,,区发改局,,,2023/indicators/income/income,,,\n",
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    let want = format!(
        "{t}:2:14: error: `2023/indicators/income/income` is an indicator: 延续 names the measure an item continues\n  hint: name its measure, `2023/indicators/income`"
    );
    assert!(err.contains(&want), "missing {want}\nin:\n{err}");
    assert_eq!(read_tree(&root.join("content")), before);
}

/// What `plan import` checks before it writes is the site with its new
/// files: a new file that `check` refuses fails the load.
#[test]
fn the_check_before_writing_reads_files_that_are_not_on_disk_yet() {
    let site = temp_site(FIXTURE, &[]);
    let root = site.path();
    let dir = format!("content/plans/{PLAN}/{COLLECTION}");
    let mut overlay = gongkai::load::Overlay::new();
    overlay.insert(
        format!("{dir}/_collection.yaml"),
        "title: {zh: 指标, en: Indicators}\n".to_string(),
    );
    overlay.insert(
        format!("{dir}/a.yaml"),
        "title: {zh: 甲, en: A}\nlead: [nobody]\n".to_string(),
    );
    match gongkai::plans::Plans::load_with(root, false, &overlay) {
        Err(gongkai::site::LoadError::Content(d)) => {
            let errors: Vec<String> = d
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect();
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with(&format!("{dir}/a.yaml: ")) && e.contains("nobody")),
                "{errors:#?}"
            );
        }
        Err(gongkai::site::LoadError::Io(e)) => panic!("{e}"),
        Ok(_) => panic!("a new file with an unknown body passed"),
    }
    // The same files, well made, load; and nothing was written.
    overlay.insert(
        format!("{dir}/a.yaml"),
        "title: {zh: 甲, en: A}\nlead: [drc]\n".to_string(),
    );
    let (plans, _) = gongkai::plans::Plans::load_with(root, false, &overlay).unwrap();
    let plan = plans.plan(PLAN).unwrap();
    assert_eq!(plan.collections.len(), 1);
    assert!(!root.join(&dir).exists());
}
