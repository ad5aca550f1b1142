//! The columns of a progress sheet (SPEC §7): which there are, their header
//! cells (`时期 (period)`), and finding a column's key in a header again.
//!
//! The labels are the sheet's own small vocabulary, in Chinese and English
//! (a site whose default language is another gets the English labels): the
//! key in parentheses is what the import goes by, so a label may be changed
//! or translated by hand without breaking anything.

/// One column of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// `period`, `text_zh`, …: what the import finds the column by.
    pub key: String,
    /// Whether the body fills it (else it is shaded, locked context).
    pub fill: bool,
    /// Width in characters in the xlsx.
    pub width: f64,
}

/// The read-only context columns, in order.
pub const CONTEXT: [&str; 10] = [
    "kind",
    "ref",
    "number",
    "title",
    "indicator",
    "unit",
    "lead",
    "baseline",
    "target",
    "latest",
];

/// Fill columns that take one cell per site language, as prefixes.
pub const PER_LANGUAGE: [&str; 3] = ["text", "note", "source_title"];

/// Every column of a site with these languages, in sheet order.
pub fn columns(languages: &[&str]) -> Vec<Column> {
    let mut out: Vec<Column> = CONTEXT
        .iter()
        .map(|k| Column {
            key: k.to_string(),
            fill: false,
            width: match *k {
                "kind" => 10.0,
                "ref" => 34.0,
                "number" => 8.0,
                "title" | "indicator" => 30.0,
                "unit" => 8.0,
                _ => 16.0,
            },
        })
        .collect();
    let fill = |key: String, width: f64| Column {
        key,
        fill: true,
        width,
    };
    out.push(fill("period".into(), 14.0));
    out.push(fill("value".into(), 12.0));
    out.push(fill("flag".into(), 12.0));
    out.push(fill("status".into(), 14.0));
    for prefix in PER_LANGUAGE {
        for lang in languages {
            out.push(fill(format!("{prefix}_{lang}"), 30.0));
        }
    }
    out.push(fill("source_url".into(), 30.0));
    out.push(fill("source_date".into(), 13.0));
    out.push(fill("done".into(), 13.0));
    out
}

/// Whether `key` is a column of a site with these languages.
pub fn is_known(key: &str, languages: &[&str]) -> bool {
    columns(languages).iter().any(|c| c.key == key)
}

/// The header cell of a column: `label (key)`, the label in `lang`.
pub fn header(key: &str, lang: &str) -> String {
    format!("{} ({key})", label(key, lang))
}

/// The label of a column in `lang` (Chinese or English; other languages
/// get the English).
pub fn label(key: &str, lang: &str) -> String {
    let zh = lang == "zh" || lang.starts_with("zh-");
    if let Some((prefix, code)) = PER_LANGUAGE.iter().find_map(|p| {
        key.strip_prefix(p)
            .and_then(|r| r.strip_prefix('_'))
            .map(|c| (*p, c))
    }) {
        let what = match (prefix, zh) {
            ("text", true) => "进展情况",
            ("text", false) => "Progress text",
            ("note", true) => "说明",
            ("note", false) => "Note",
            (_, true) => "来源名称",
            (_, false) => "Source title",
        };
        return format!("{what} {code}");
    }
    let (zh_label, en_label) = match key {
        "kind" => ("类型", "Kind"),
        "ref" => ("编号", "Reference"),
        "number" => ("序号", "No."),
        "title" => ("事项", "Measure"),
        "indicator" => ("指标或节点", "Indicator or milestone"),
        "unit" => ("计量单位", "Unit"),
        "lead" => ("牵头单位", "Lead body"),
        "baseline" => ("基期值", "Baseline"),
        "target" => ("目标值", "Target"),
        "latest" => ("最新报送", "Latest reported"),
        "period" => ("时期", "Period"),
        "value" => ("数值", "Value"),
        "flag" => ("数据标注", "Flag"),
        "status" => ("状态", "Status"),
        "source_url" => ("来源网址", "Source URL"),
        "source_date" => ("来源日期", "Source date"),
        "done" => ("完成日期", "Done on"),
        _ => (key, key),
    };
    if zh { zh_label } else { en_label }.to_string()
}

/// The mark in the `latest` cell of a served programme indicator's row
/// (SPEC §10): read-only, its figures entered on the rows of the annual
/// plans' indicators `by` (paths with their plans).
pub fn served_mark(by: &str, lang: &str) -> String {
    if lang == "zh" || lang.starts_with("zh-") {
        format!("只读：数据在年度计划中填报（{by}）")
    } else {
        format!("read-only: the figures are entered in the annual plans ({by})")
    }
}

/// The key of a header cell: the text in its last parentheses (ASCII or
/// full-width), or the whole cell when it has none. Blank: `None`.
pub fn key_of(header: &str) -> Option<String> {
    let h = header.trim();
    if h.is_empty() {
        return None;
    }
    let closing = h.ends_with(')') || h.ends_with('）');
    if closing {
        let inner = &h[..h.len() - h.chars().last().map_or(0, char::len_utf8)];
        if let Some(open) = inner.rfind(['(', '（']) {
            let open_len = inner[open..].chars().next().map_or(1, char::len_utf8);
            let key = inner[open + open_len..].trim();
            if !key.is_empty() {
                return Some(key.to_ascii_lowercase());
            }
        }
    }
    Some(h.to_ascii_lowercase())
}

/// `A`, `B`, … `Z`, `AA`: the letters of a 0-based column index.
pub fn letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_carry_the_key_and_give_it_back() {
        assert_eq!(header("period", "zh"), "时期 (period)");
        assert_eq!(header("text_en", "en"), "Progress text en (text_en)");
        for c in columns(&["zh", "en"]) {
            assert_eq!(
                key_of(&header(&c.key, "zh")).as_deref(),
                Some(c.key.as_str())
            );
        }
    }

    #[test]
    fn the_key_is_in_the_last_parentheses_or_the_bare_cell() {
        assert_eq!(key_of("数值 (value)").as_deref(), Some("value"));
        assert_eq!(
            key_of("说明（含口径）(note_zh)").as_deref(),
            Some("note_zh")
        );
        assert_eq!(key_of("数值（value）").as_deref(), Some("value"));
        assert_eq!(key_of("  Period ").as_deref(), Some("period"));
        assert_eq!(key_of("()").as_deref(), Some("()"));
        assert_eq!(key_of("   "), None);
    }

    #[test]
    fn known_columns_follow_the_site_languages() {
        assert!(is_known("text_fr", &["fr"]));
        assert!(!is_known("text_fr", &["zh", "en"]));
        assert!(is_known("done", &["zh"]));
    }

    #[test]
    fn column_letters() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }
}
