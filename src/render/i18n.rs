//! Interface strings (`themes/<theme>/i18n/<lang>.yaml`) and everything
//! formatted per language: numbers, dates, periods, status names and the
//! sentence that says why an indicator has its status.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::model::{Op, Status};
use crate::period::{Date, Period, Span};
use crate::status::milestones::MilestoneReason;
use crate::status::{Figure, Reason, TargetFigure};
use crate::theme::{Theme, ThemeError, I18N_DIR};

/// Why the interface strings could not be loaded.
#[derive(Debug)]
pub enum StringsError {
    /// The theme has no `i18n/<lang>.yaml` at all.
    NoStrings { theme: String },
    /// A strings file could not be read as text.
    File(ThemeError),
    /// A strings file is not valid YAML.
    Yaml {
        theme: String,
        file: String,
        source: Box<serde_saphyr::Error>,
    },
}

impl std::fmt::Display for StringsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StringsError::NoStrings { theme } => write!(
                f,
                "theme `{theme}` has no interface strings ({I18N_DIR}*.yaml)"
            ),
            StringsError::File(e) => e.fmt(f),
            StringsError::Yaml {
                theme,
                file,
                source,
            } => write!(f, "themes/{theme}/{file}: {source}"),
        }
    }
}

/// The cause is part of the message.
impl std::error::Error for StringsError {}

/// The strings of one language.
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: String,
    value: Value,
    /// Every string of `value` by its dotted key, for [`Strings::get`]:
    /// pages ask for thousands of strings each.
    flat: HashMap<String, String>,
}

impl Strings {
    /// Loads the strings of every site language. A language the theme has
    /// no file for falls back to English (then to the first file found), and
    /// the fallback is returned as a warning.
    pub fn load_all(
        theme: &Theme,
        languages: &[&str],
    ) -> Result<(BTreeMap<String, Strings>, Vec<String>), StringsError> {
        let mut out = BTreeMap::new();
        let mut warnings = Vec::new();
        for lang in languages {
            let own = format!("{I18N_DIR}{lang}.yaml");
            let path = if theme.get(&own).is_some() {
                own
            } else {
                let fallback = ["en", "zh"]
                    .iter()
                    .map(|l| format!("{I18N_DIR}{l}.yaml"))
                    .find(|p| theme.get(p).is_some())
                    .ok_or_else(|| StringsError::NoStrings {
                        theme: theme.name.clone(),
                    })?;
                warnings.push(format!(
                    "theme `{}` has no {own}; the interface falls back to {fallback}",
                    theme.name
                ));
                fallback
            };
            let text = theme.text(&path).map_err(StringsError::File)?;
            let value: Value =
                serde_saphyr::from_str(text).map_err(|source| StringsError::Yaml {
                    theme: theme.name.clone(),
                    file: path.clone(),
                    source: Box::new(source),
                })?;
            out.insert(lang.to_string(), Strings::new(lang, value));
        }
        Ok((out, warnings))
    }

    fn new(lang: &str, value: Value) -> Strings {
        let mut flat = HashMap::new();
        flatten(&value, &mut String::new(), &mut flat);
        Strings {
            lang: lang.to_string(),
            value,
            flat,
        }
    }

    /// Every string, as the templates' `t`.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// A string by dotted key (`status.on-track`); the key itself when missing,
    /// so that a gap in a theme shows on the page instead of failing the build.
    pub fn get(&self, key: &str) -> String {
        match self.flat.get(key) {
            Some(s) => s.clone(),
            None => self.get_other(key),
        }
    }

    /// `get`, without copying a string.
    fn get_str<'s>(&'s self, key: &'s str) -> Cow<'s, str> {
        match self.flat.get(key) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(self.get_other(key)),
        }
    }

    /// `get` of a key that names no string: a number or list as JSON, or
    /// the key itself.
    fn get_other(&self, key: &str) -> String {
        let mut v = &self.value;
        for part in key.split('.') {
            match v.get(part) {
                Some(next) => v = next,
                None => return key.to_string(),
            }
        }
        match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// `get` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        fill(&self.get(key), args)
    }

    pub fn status(&self, status: Status) -> String {
        self.get(&format!("status.{}", status.as_str()))
    }

    /// `41,200` / `1.60`: grouped integer part, `decimals` digits after the point.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let (group, point) = self.number_marks();
        format_number(value, decimals, &group, &point)
    }

    /// The digit group separator and the decimal point.
    fn number_marks(&self) -> (Cow<'_, str>, Cow<'_, str>) {
        (self.get_str("number.group"), self.get_str("number.decimal"))
    }

    /// A value exactly as the content wrote it (keeps `1.60`), grouped.
    pub fn literal(&self, literal: &str) -> String {
        let (group, point) = self.number_marks();
        let (sign, digits) = match literal.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", literal),
        };
        if digits.contains(['e', 'E']) {
            return literal.to_string();
        }
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let mut out = format!("{sign}{}", group_digits(int, &group));
        if let Some(f) = frac {
            out.push_str(&point);
            out.push_str(f);
        }
        out
    }

    pub fn date(&self, d: Date) -> String {
        self.fill(
            "date",
            &[
                ("y", d.year.to_string()),
                ("m", d.month.to_string()),
                ("d", d.day.to_string()),
                ("month_name", self.month_name(d.month)),
            ],
        )
    }

    fn month_name(&self, month: u8) -> String {
        self.list_item("months", month)
    }

    /// The `n`th (1-based) item of a list of names, else `n` itself.
    fn list_item(&self, key: &str, n: u8) -> String {
        self.value
            .get(key)
            .and_then(|m| m.get(usize::from(n).saturating_sub(1)))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| n.to_string())
    }

    pub fn period(&self, p: Period) -> String {
        let y = |y: i32| ("y", y.to_string());
        match p {
            Period::Year(year) => self.fill("period.year", &[y(year)]),
            Period::Half(year, h) => self.fill(&format!("period.h{h}"), &[y(year)]),
            Period::Quarter(year, q) => self.fill(
                "period.quarter",
                &[
                    y(year),
                    ("q", q.to_string()),
                    ("q_name", self.list_item("quarter_names", q)),
                ],
            ),
            Period::Month(year, m) => self.fill(
                "period.month",
                &[
                    y(year),
                    ("m", m.to_string()),
                    ("month_name", self.month_name(m)),
                ],
            ),
            Period::Day(d) => self.date(d),
            Period::Range(a, b) => self.range(a, b),
        }
    }

    /// A range as plans write it: `2023年1—9月`, `Jan–Sep 2023`; ends of
    /// other kinds, or in different years, each in full.
    fn range(&self, a: Span, b: Span) -> String {
        let y = ("y", a.year().to_string());
        match (a, b) {
            (Span::Month(ya, ma), Span::Month(yb, mb)) if ya == yb => self.fill(
                "period.range_months",
                &[
                    y,
                    ("m1", ma.to_string()),
                    ("m2", mb.to_string()),
                    ("m1_name", self.list_item("months_short", ma)),
                    ("m2_name", self.list_item("months_short", mb)),
                ],
            ),
            (Span::Quarter(ya, qa), Span::Quarter(yb, qb)) if ya == yb => self.fill(
                "period.range_quarters",
                &[
                    y,
                    ("q1", qa.to_string()),
                    ("q2", qb.to_string()),
                    ("q1_name", self.list_item("quarter_names", qa)),
                    ("q2_name", self.list_item("quarter_names", qb)),
                ],
            ),
            _ => self.fill(
                "period.range",
                &[
                    ("start", self.period(a.into())),
                    ("end", self.period(b.into())),
                ],
            ),
        }
    }

    pub fn figure(&self, f: Figure) -> String {
        self.number(f.value, f.decimals)
    }

    pub fn target(&self, t: TargetFigure) -> String {
        let n = self.figure(t.figure);
        match t.op {
            None | Some(Op::Eq) => n,
            Some(op) => format!("{}{n}", op.symbol()),
        }
    }

    /// The sentence that explains a status, e.g. "41,200 at Q2 2024, expected
    /// 40,995 on the path to 42,000."
    /// Why a measure's milestones give their status; `titles` are the
    /// milestones' titles in this language, in the measure's order.
    pub fn milestone_reason(
        &self,
        reason: &MilestoneReason,
        titles: &[String],
        dues: &[Period],
    ) -> String {
        let n = |k: &str, v: usize| (k.to_string(), v.to_string());
        let title = |i: usize| titles.get(i).cloned().unwrap_or_default();
        let due = |i: usize| dues.get(i).map(|p| self.date(p.end())).unwrap_or_default();
        let more = |open: &[usize]| match open.len() {
            0 | 1 => String::new(),
            k => self.fill("milestone_reason.more", &[("count", (k - 1).to_string())]),
        };
        let fill = |key: &str, args: Vec<(String, String)>| {
            let args: Vec<(&str, String)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            self.fill(&format!("milestone_reason.{key}"), &args)
        };
        match reason {
            MilestoneReason::AllDone { total } => fill("all-done", vec![n("total", *total)]),
            MilestoneReason::PlanEnded {
                done,
                total,
                open,
                ended,
            } => fill(
                "plan-ended",
                vec![
                    n("done", *done),
                    n("total", *total),
                    ("ended".into(), self.date(*ended)),
                    ("first".into(), title(open[0])),
                    ("more".into(), more(open)),
                ],
            ),
            MilestoneReason::Overdue {
                done,
                total,
                overdue,
                ..
            } => fill(
                "overdue",
                vec![
                    n("done", *done),
                    n("total", *total),
                    ("first".into(), title(overdue[0])),
                    ("due".into(), due(overdue[0])),
                    ("more".into(), more(overdue)),
                ],
            ),
            MilestoneReason::NothingOverdue {
                done,
                total,
                next: Some(next),
            } => fill(
                "nothing-overdue-next",
                vec![
                    n("done", *done),
                    n("total", *total),
                    ("next".into(), title(*next)),
                    ("due".into(), due(*next)),
                ],
            ),
            MilestoneReason::NothingOverdue {
                done,
                total,
                next: None,
            } => fill(
                "nothing-overdue",
                vec![n("done", *done), n("total", *total)],
            ),
        }
    }

    pub fn reason(&self, reason: &Reason, unit: &str) -> String {
        let with_unit = |s: String| {
            if unit.is_empty() {
                s
            } else {
                format!("{s} {unit}")
            }
        };
        let key = format!("reason.{}", reason.key());
        match reason {
            Reason::NoProgress => self.get(&key),
            Reason::Qualitative { period } | Reason::Declared { period } => {
                self.fill(&key, &[("period", self.period(*period))])
            }
            Reason::Met {
                value,
                period,
                target,
            } => self.fill(
                &key,
                &[
                    ("value", with_unit(self.figure(*value))),
                    ("period", self.period(*period)),
                    ("target", with_unit(self.target(*target))),
                ],
            ),
            Reason::WithinTolerance {
                value,
                period,
                target,
                tolerance,
            }
            | Reason::OutsideTolerance {
                value,
                period,
                target,
                tolerance,
            } => self.fill(
                &key,
                &[
                    ("value", with_unit(self.figure(*value))),
                    ("period", self.period(*period)),
                    ("target", with_unit(self.target(*target))),
                    ("tolerance", self.figure(*tolerance)),
                ],
            ),
            Reason::MetEarly {
                value,
                period,
                target,
                target_period,
            } => self.fill(
                &key,
                &[
                    ("value", with_unit(self.figure(*value))),
                    ("period", self.period(*period)),
                    ("target", with_unit(self.target(*target))),
                    ("target_period", self.period(*target_period)),
                ],
            ),
            Reason::OnPath {
                value,
                period,
                expected,
                target,
                ..
            }
            | Reason::BehindPath {
                value,
                period,
                expected,
                target,
                ..
            } => self.fill(
                &key,
                &[
                    ("value", with_unit(self.figure(*value))),
                    ("period", self.period(*period)),
                    ("expected", with_unit(self.figure(*expected))),
                    ("target", with_unit(self.target(*target))),
                ],
            ),
            Reason::Missed {
                value,
                period,
                target,
                ended,
            } => self.fill(
                &key,
                &[
                    ("value", with_unit(self.figure(*value))),
                    ("period", self.period(*period)),
                    ("target", with_unit(self.target(*target))),
                    ("ended", self.date(*ended)),
                ],
            ),
        }
    }
}

/// Adds every string under `v` to `flat` by its dotted key (`prefix`
/// and the keys down to it); keys with a dot of their own are left out, as
/// `get` cannot name them.
fn flatten(v: &Value, prefix: &mut String, flat: &mut HashMap<String, String>) {
    match v {
        Value::String(s) => {
            flat.insert(prefix.clone(), s.clone());
        }
        Value::Object(map) => {
            for (k, child) in map {
                if k.contains('.') {
                    continue;
                }
                let len = prefix.len();
                if len > 0 {
                    prefix.push('.');
                }
                prefix.push_str(k);
                flatten(child, prefix, flat);
                prefix.truncate(len);
            }
        }
        _ => {}
    }
}

pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn format_number(value: f64, decimals: usize, group: &str, point: &str) -> String {
    let text = super::fixed::fixed(value.abs(), decimals);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let negative = value < 0.0 && text.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_digits(int, group));
    if let Some(f) = frac {
        out.push_str(point);
        out.push_str(f);
    }
    out
}

/// Groups of three digits from the right, only from five digits on
/// (`4500` stays, `41,200` is grouped), as statistical tables print them.
fn group_digits(int: &str, group: &str) -> String {
    if int.len() < 5 || group.is_empty() {
        return int.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    fn strings(lang: &str) -> Strings {
        let theme = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        let (all, warnings) = Strings::load_all(&theme, &[lang]).unwrap();
        assert!(warnings.is_empty());
        all[lang].clone()
    }

    fn fig(value: f64) -> Figure {
        Figure { value, decimals: 0 }
    }

    #[test]
    fn strings_by_key_are_those_of_the_tree() {
        for lang in ["zh", "en"] {
            // Named apart from the renderer's `s`: the key below is missing
            // on purpose, and tests/i18n_keys.rs reads calls on `s`.
            let these = strings(lang);
            assert!(these.flat.len() > 100, "{}", these.flat.len());
            for key in these.flat.keys() {
                assert_eq!(these.get(key), these.get_other(key), "{key}");
            }
            assert_eq!(these.get("no.such.key"), "no.such.key");
            assert_eq!(
                these.get_str("number.group"),
                these.get_other("number.group")
            );
        }
    }

    #[test]
    fn numbers_are_grouped_and_keep_digits() {
        assert_eq!(format_number(41200.0, 0, ",", "."), "41,200");
        assert_eq!(format_number(4500.0, 0, ",", "."), "4500");
        assert_eq!(format_number(1234567.891, 2, ",", "."), "1,234,567.89");
        assert_eq!(format_number(-0.001, 1, ",", "."), "0.0");
        assert_eq!(strings("en").literal("1.60"), "1.60");
        assert_eq!(strings("en").literal("-53677.50"), "-53,677.50");
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(
            fill("{a} and {b} {c", &[("a", "1".into()), ("b", "2".into())]),
            "1 and 2 {c"
        );
        assert_eq!(fill("{x}", &[]), "{x}");
    }

    #[test]
    fn periods_read_naturally_in_each_language() {
        let (en, zh) = (strings("en"), strings("zh"));
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(en.period(p("2024-Q2")), "Q2 2024");
        assert_eq!(zh.period(p("2024-Q2")), "2024年第二季度");
        assert_eq!(en.period(p("2024-H1")), "H1 2024");
        assert_eq!(zh.period(p("2024-H1")), "2024年上半年");
        assert_eq!(en.period(p("2024-06")), "June 2024");
        assert_eq!(zh.period(p("2024-06")), "2024年6月");
        assert_eq!(en.period(p("2024")), "2024");
        assert_eq!(en.period(p("2023-01..2023-09")), "Jan–Sep 2023");
        assert_eq!(zh.period(p("2023-01..2023-09")), "2023年1—9月");
        assert_eq!(en.period(p("2023-Q1..2023-Q3")), "Q1–Q3 2023");
        assert_eq!(zh.period(p("2023-Q1..2023-Q3")), "2023年第一至第三季度");
        assert_eq!(
            en.period(p("2022-12..2023-02")),
            "December 2022 – February 2023"
        );
        assert_eq!(zh.period(p("2022-12..2023-02")), "2022年12月—2023年2月");
        assert_eq!(zh.period(p("2023-H1..2023-09")), "2023年上半年—2023年9月");
        assert_eq!(zh.period(p("2024")), "2024年");
        assert_eq!(en.date(Date::new(2023, 7, 13).unwrap()), "13 July 2023");
        assert_eq!(zh.date(Date::new(2023, 7, 13).unwrap()), "2023年7月13日");
    }

    #[test]
    fn the_milestone_reason_counts_and_names_what_is_overdue() {
        let (en, zh) = (strings("en"), strings("zh"));
        let titles = vec![
            "Survey".to_string(),
            "Draft the plan".to_string(),
            "Issue it".to_string(),
        ];
        let dues: Vec<Period> = ["2023-03", "2023-06", "2023-Q4"]
            .iter()
            .map(|p| Period::parse(p).unwrap())
            .collect();
        let overdue = MilestoneReason::Overdue {
            done: 1,
            total: 3,
            overdue: vec![1],
        };
        assert_eq!(
            en.milestone_reason(&overdue, &titles, &dues),
            "1 of 3 milestones done; Draft the plan was due by 30 June 2023 and is not done."
        );
        let zh_titles = vec![
            "调查".to_string(),
            "完成区域碳达峰实施方案编制".to_string(),
            "印发".to_string(),
        ];
        assert_eq!(
            zh.milestone_reason(&overdue, &zh_titles, &dues),
            "已完成1个节点（共3个）；「完成区域碳达峰实施方案编制」应于2023年6月30日前完成，尚未完成。"
        );
        let two = MilestoneReason::Overdue {
            done: 0,
            total: 3,
            overdue: vec![0, 1],
        };
        assert_eq!(en.milestone_reason(&two, &titles, &dues), "0 of 3 milestones done; Survey was due by 31 March 2023 and is not done (1 more not done).");
        let next = MilestoneReason::NothingOverdue {
            done: 2,
            total: 3,
            next: Some(2),
        };
        assert_eq!(
            en.milestone_reason(&next, &titles, &dues),
            "2 of 3 milestones done; nothing is overdue. Next: Issue it, due by 31 December 2023."
        );
        let ended = MilestoneReason::PlanEnded {
            done: 2,
            total: 3,
            open: vec![2],
            ended: Date::new(2023, 12, 31).unwrap(),
        };
        assert_eq!(
            zh.milestone_reason(&ended, &zh_titles, &dues),
            "已完成2个节点（共3个）；计划期已于2023年12月31日结束，「印发」尚未完成。"
        );
        assert_eq!(
            en.milestone_reason(&MilestoneReason::AllDone { total: 3 }, &titles, &dues),
            "All 3 milestones are done."
        );
    }

    /// Every reason has a sentence in every language of the default theme,
    /// with every figure it compared.
    #[test]
    fn every_reason_reads_in_every_language() {
        let period = Period::parse("2024-Q2").unwrap();
        let target = TargetFigure {
            op: Some(Op::Ge),
            figure: fig(42000.0),
        };
        let reasons = [
            Reason::NoProgress,
            Reason::Qualitative { period },
            Reason::Declared { period },
            Reason::Met {
                value: fig(43000.0),
                period,
                target,
            },
            Reason::WithinTolerance {
                value: fig(41900.0),
                period,
                target,
                tolerance: fig(500.0),
            },
            Reason::OutsideTolerance {
                value: fig(40000.0),
                period,
                target,
                tolerance: fig(500.0),
            },
            Reason::OnPath {
                value: fig(41200.0),
                period,
                expected: fig(40995.0),
                target,
                share: false,
            },
            Reason::BehindPath {
                value: fig(40000.0),
                period,
                expected: fig(40995.0),
                target,
                share: false,
            },
            Reason::OnPath {
                value: fig(41200.0),
                period,
                expected: fig(40995.0),
                target,
                share: true,
            },
            Reason::BehindPath {
                value: fig(40000.0),
                period,
                expected: fig(40995.0),
                target,
                share: true,
            },
            Reason::MetEarly {
                value: fig(43000.0),
                period,
                target,
                target_period: Period::parse("2024").unwrap(),
            },
            Reason::MetEarly {
                value: fig(43000.0),
                period,
                target,
                target_period: Period::parse("2024..2025").unwrap(),
            },
            Reason::Missed {
                value: fig(40000.0),
                period,
                target,
                ended: Date::new(2024, 12, 31).unwrap(),
            },
        ];
        for lang in ["zh", "en"] {
            let s = strings(lang);
            for reason in &reasons {
                let text = s.reason(reason, "");
                assert!(
                    !text.contains('{') && !text.starts_with("reason."),
                    "{lang} {reason:?}: {text}"
                );
                if let Reason::OnPath { .. } = reason {
                    assert!(
                        text.contains("41,200")
                            && text.contains("40,995")
                            && text.contains("≥42,000"),
                        "{text}"
                    );
                }
            }
            for status in Status::ALL {
                assert!(
                    !s.status(status).starts_with("status."),
                    "{lang} {status:?}"
                );
            }
        }
        let en = strings("en");
        let on_path = Reason::OnPath {
            value: fig(41200.0),
            period,
            expected: fig(40995.0),
            target: TargetFigure {
                op: None,
                figure: fig(42000.0),
            },
            share: false,
        };
        assert_eq!(
            en.reason(&on_path, ""),
            "41,200 in Q2 2024, where 40,995 was expected by then on the path to the target of 42,000."
        );
        let met_early = Reason::MetEarly {
            value: Figure {
                value: 6.3,
                decimals: 1,
            },
            period: Period::parse("2023-01..2023-09").unwrap(),
            target: TargetFigure {
                op: None,
                figure: Figure {
                    value: 6.0,
                    decimals: 1,
                },
            },
            target_period: Period::parse("2023").unwrap(),
        };
        assert_eq!(
            en.reason(&met_early, "%"),
            "6.3 % in Jan–Sep 2023 already meets the 2023 target of 6.0 %; the full-year figure decides."
        );
        assert_eq!(
            strings("zh").reason(&met_early, "%"),
            "2023年1—9月为6.3 %，已达到2023年目标6.0 %；以全年数据为准。"
        );
    }
}
