//! Calendar dates and reporting periods (`2023`, `2023-H1`, `2023-Q2`,
//! `2023-06`, `2023-06-30`). A period ends on its last day; the status rules
//! use that end and the period's length in days.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`, nothing else.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            digits(&s[0..4])?,
            digits(&s[5..7])? as u8,
            digits(&s[8..10])? as u8,
        )
    }

    /// The day after.
    pub fn next_day(self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

fn digits(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A reporting period: a year, half, quarter, month or day, or a range of
/// two of them (`2023-01..2023-09`, the year to date as Chinese statistics
/// report it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Day(Date),
    /// From the start of the first to the end of the second.
    Range(Span, Span),
}

/// A period that is not a range: the two ends of a [`Period::Range`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Day(Date),
}

impl Span {
    fn parse(s: &str) -> Option<Span> {
        if s.len() == 4 {
            return Some(Span::Year(year(s)?));
        }
        if s.len() == 10 {
            return Date::parse(s).map(Span::Day);
        }
        let (y, rest) = s.split_once('-')?;
        let y = year(y)?;
        let n = |t: &str, max: i32| digits(t).filter(|v| (1..=max).contains(v)).map(|v| v as u8);
        match rest.as_bytes().first()? {
            b'H' => Some(Span::Half(y, n(&rest[1..], 2)?)),
            b'Q' => Some(Span::Quarter(y, n(&rest[1..], 4)?)),
            _ if rest.len() == 2 => Some(Span::Month(y, n(rest, 12)?)),
            _ => None,
        }
    }

    pub fn start(self) -> Date {
        let first = |y, m| Date {
            year: y,
            month: m,
            day: 1,
        };
        match self {
            Span::Year(y) => first(y, 1),
            Span::Half(y, h) => first(y, (h - 1) * 6 + 1),
            Span::Quarter(y, q) => first(y, (q - 1) * 3 + 1),
            Span::Month(y, m) => first(y, m),
            Span::Day(d) => d,
        }
    }

    pub fn end(self) -> Date {
        let last = |y, m| Date {
            year: y,
            month: m,
            day: days_in_month(y, m),
        };
        match self {
            Span::Year(y) => last(y, 12),
            Span::Half(y, h) => last(y, h * 6),
            Span::Quarter(y, q) => last(y, q * 3),
            Span::Month(y, m) => last(y, m),
            Span::Day(d) => d,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Span::Year(y) | Span::Half(y, _) | Span::Quarter(y, _) | Span::Month(y, _) => y,
            Span::Day(d) => d.year,
        }
    }
}

impl From<Span> for Period {
    fn from(s: Span) -> Period {
        match s {
            Span::Year(y) => Period::Year(y),
            Span::Half(y, h) => Period::Half(y, h),
            Span::Quarter(y, q) => Period::Quarter(y, q),
            Span::Month(y, m) => Period::Month(y, m),
            Span::Day(d) => Period::Day(d),
        }
    }
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not one of the forms at all (or an impossible date or number).
    Invalid,
    /// A range whose second part does not end after its first.
    Backwards,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        Period::parse_checked(s).ok()
    }

    /// Like [`Period::parse`], saying why a text is not a period.
    pub fn parse_checked(s: &str) -> Result<Period, PeriodError> {
        let s = s.trim();
        let Some((a, b)) = s.split_once("..") else {
            return Span::parse(s).map(Period::from).ok_or(PeriodError::Invalid);
        };
        let a = Span::parse(a.trim()).ok_or(PeriodError::Invalid)?;
        let b = Span::parse(b.trim()).ok_or(PeriodError::Invalid)?;
        if a.start() > b.start() || a.end() >= b.end() {
            return Err(PeriodError::Backwards);
        }
        Ok(Period::Range(a, b))
    }

    /// Its first and last spans: a range's two parts, or the period twice.
    fn ends(self) -> (Span, Span) {
        let single = |s: Span| (s, s);
        match self {
            Period::Year(y) => single(Span::Year(y)),
            Period::Half(y, h) => single(Span::Half(y, h)),
            Period::Quarter(y, q) => single(Span::Quarter(y, q)),
            Period::Month(y, m) => single(Span::Month(y, m)),
            Period::Day(d) => single(Span::Day(d)),
            Period::Range(a, b) => (a, b),
        }
    }

    pub fn start(self) -> Date {
        self.ends().0.start()
    }

    pub fn end(self) -> Date {
        self.ends().1.end()
    }

    /// Length in days, at least 1.
    pub fn days(self) -> i64 {
        self.end().days() - self.start().days() + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Day(d) => write!(f, "{d}"),
            Period::Range(a, b) => write!(f, "{}..{}", Period::from(*a), Period::from(*b)),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "2023, 2023-H1, 2023-Q2, 2023-06 or 2023-06-30, or a range of two: 2023-01..2023-09",
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 9999},
                {"type": "string", "pattern": "^[0-9]{4}(-H[12]|-Q[1-4]|-[0-9]{2}|-[0-9]{2}-[0-9]{2})?(\\.\\.[0-9]{4}(-H[12]|-Q[1-4]|-[0-9]{2}|-[0-9]{2}-[0-9]{2})?)?$"}
            ]
        })
    }
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4)
        .then(|| digits(s))
        .flatten()
        .filter(|y| *y >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_period_form() {
        assert_eq!(Period::parse("2023"), Some(Period::Year(2023)));
        assert_eq!(Period::parse("2023-H2"), Some(Period::Half(2023, 2)));
        assert_eq!(Period::parse("2023-Q4"), Some(Period::Quarter(2023, 4)));
        assert_eq!(Period::parse("2023-06"), Some(Period::Month(2023, 6)));
        assert_eq!(
            Period::parse("2024-02-29").map(|p| p.end()),
            Date::new(2024, 2, 29)
        );
    }

    #[test]
    fn rejects_impossible_periods() {
        for bad in [
            "2023-H3",
            "2023-Q0",
            "2023-13",
            "2023-02-29",
            "23",
            "2023-6",
            "abcd",
            "2023-Q",
            "",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_range_runs_from_the_start_of_its_first_part_to_the_end_of_its_second() {
        let p = Period::parse("2023-01..2023-09").unwrap();
        assert_eq!(p.start().to_string(), "2023-01-01");
        assert_eq!(p.end().to_string(), "2023-09-30");
        assert_eq!(p.to_string(), "2023-01..2023-09");
        assert_eq!(p.days(), 273);
        let across = Period::parse("2022-Q4..2023-02").unwrap();
        assert_eq!(
            (across.start().to_string(), across.end().to_string()),
            ("2022-10-01".into(), "2023-02-28".into())
        );
        assert_eq!(Period::parse("2023..2025").unwrap().days(), 1096);
        assert_eq!(Period::parse(" 2023-01 .. 2023-09 "), Some(p));
    }

    #[test]
    fn a_range_must_end_after_it_starts_and_both_parts_be_periods() {
        for backwards in [
            "2023-09..2023-01",
            "2023-06..2023-06",
            "2023..2023-06",
            "2024..2023",
        ] {
            assert_eq!(
                Period::parse_checked(backwards),
                Err(PeriodError::Backwards),
                "{backwards}"
            );
        }
        for bad in [
            "2023-01..",
            "..2023-09",
            "2023-01..2023-13",
            "2023-01...2023-09",
            "2023-01..2023-02..2023-03",
        ] {
            assert_eq!(
                Period::parse_checked(bad),
                Err(PeriodError::Invalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn periods_end_on_their_last_day() {
        let end = |s| Period::parse(s).unwrap().end().to_string();
        assert_eq!(end("2023"), "2023-12-31");
        assert_eq!(end("2023-H1"), "2023-06-30");
        assert_eq!(end("2023-Q3"), "2023-09-30");
        assert_eq!(end("2024-02"), "2024-02-29");
        assert_eq!(Period::parse("2023").unwrap().days(), 365);
        assert_eq!(Period::parse("2024-H1").unwrap().days(), 182);
    }

    #[test]
    fn day_numbers_are_consistent() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(
            Date::new(2000, 3, 1).unwrap().days() - Date::new(2000, 2, 28).unwrap().days(),
            2
        );
        assert_eq!(
            Date::new(2024, 1, 1).unwrap().days() - Date::new(2023, 1, 1).unwrap().days(),
            365
        );
    }
}
