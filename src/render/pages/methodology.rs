//! The methodology page (`methodology.html`), generated from the status
//! rules themselves: the worked examples are computed by `status::assess`
//! at build time.

use schemars::JsonSchema;
use serde::Serialize;

use super::{LangData, StatusMeaning};
use crate::model::*;
use crate::period::Period;
use crate::render::views::{self, Localizer, StatusView, TextView};
use crate::site::Site;
use crate::status;

/// `x` of `methodology.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct MethodologyContext {
    /// Every status and what it means.
    pub statuses: Vec<StatusMeaning>,
    /// The statuses a measure's status is the worst of, worst first
    /// (`not-reported` is not among them: it is counted instead).
    pub order: Vec<StatusView>,
    /// The rules, one sentence each.
    pub rules: Vec<String>,
    pub examples: Vec<Example>,
    /// A worked example of the milestone rule.
    pub milestone_example: MilestoneExample,
}

/// Milestones assessed on a day: illustrative, not data.
#[derive(Serialize, JsonSchema, Debug)]
pub struct MilestoneExample {
    /// Each milestone with its due and done dates, in words.
    pub steps: Vec<String>,
    /// "Assessed on …".
    pub as_of: String,
    pub status: StatusView,
    pub reason: String,
}

/// A worked example: illustrative figures, not data.
#[derive(Serialize, JsonSchema, Debug)]
pub struct Example {
    pub name: TextView,
    /// "Baseline (2022): 40,000" and so on.
    pub figures: Vec<String>,
    pub direction: String,
    /// "Assessed on …".
    pub as_of: String,
    pub status: StatusView,
    /// Why the example has its status.
    pub reason: String,
}

pub fn methodology(site: &Site, data: &LangData) -> MethodologyContext {
    let l = &data.l;
    let s = l.s;
    let rules = [
        "rule_latest",
        "rule_path",
        "rule_early",
        "rule_share",
        "rule_direction",
        "rule_maintain",
        "rule_missed",
        "rule_declared",
        "rule_targets",
        "rule_ranges",
        "rule_flags",
        "rule_milestones",
        "rule_measure",
    ]
    .iter()
    .map(|k| s.get(&format!("methodology.{k}")))
    .collect();
    let examples = examples(site)
        .iter()
        .map(|(ind, as_of)| {
            let a = status::assess(ind, *as_of);
            Example {
                name: l.text(&ind.name),
                figures: chart_free_figures(l, ind),
                direction: s.get(&format!("measure.direction_{}", ind.direction.as_str())),
                as_of: s.fill("methodology.example_as_of", &[("date", s.date(*as_of))]),
                status: l.status(a.status),
                reason: s.reason(&a.reason, ""),
            }
        })
        .collect();
    let (steps, plan_end, as_of) = milestone_example(site);
    let judged = status::milestones::assess_milestones(&steps, plan_end, as_of)
        .expect("the example has milestones");
    let titles: Vec<String> = steps.iter().map(|m| l.text(&m.title).plain).collect();
    let dues: Vec<Period> = steps.iter().map(|m| m.due.value).collect();
    let milestone_example = MilestoneExample {
        steps: steps
            .iter()
            .zip(&judged.states)
            .map(|(m, state)| {
                let done = m.done.as_ref().map(|d| s.date(d.value)).unwrap_or_default();
                format!(
                    "{} — {} {} — {}",
                    l.text(&m.title).plain,
                    s.get("measure.due"),
                    s.date(m.due.value.end()),
                    s.fill(
                        &format!("measure.milestone_state_{}", state.as_str()),
                        &[("date", done)]
                    )
                )
            })
            .collect(),
        as_of: s.fill("methodology.example_as_of", &[("date", s.date(as_of))]),
        status: l.status(judged.status),
        reason: s.milestone_reason(&judged.reason, &titles, &dues),
    };
    MethodologyContext {
        milestone_example,
        statuses: StatusMeaning::all(l),
        order: status::measure::WORST_FIRST
            .into_iter()
            .map(|st| l.status(st))
            .collect(),
        rules,
        examples,
    }
}

fn chart_free_figures(l: &Localizer, ind: &Indicator) -> Vec<String> {
    let s = l.s;
    let mut out = Vec::new();
    if let Some(b) = &ind.baseline {
        out.push(format!(
            "{} ({}): {}",
            s.get("measure.kind_baseline"),
            s.period(b.period.value),
            views::bound_text(l, Some(b))
        ));
    }
    for p in &ind.progress {
        if let Some(v) = &p.value {
            out.push(format!(
                "{} ({}): {}",
                s.get("measure.kind_progress"),
                s.period(p.period.value),
                s.literal(&v.literal)
            ));
        }
    }
    for t in ind.all_targets() {
        out.push(format!(
            "{} ({}): {}",
            s.get("measure.kind_target"),
            s.period(t.period.value),
            views::bound_text(l, Some(t))
        ));
    }
    out
}

/// Illustrative indicators for the methodology page, placed in the plan's
/// own period so the dates read naturally. Their figures are examples, not data.
fn examples(site: &Site) -> Vec<(Indicator, crate::period::Date)> {
    use crate::diagnostics::Pos;
    let year = site.config.period.end.value.year;
    let dec = |v: f64| Decimal {
        value: v,
        literal: crate::yaml::format_f64(v),
        quoted: false,
    };
    let bound = |p: &str, op: Option<Op>, v: f64| Bound {
        period: Spanned::new(Period::parse(p).unwrap_or(Period::Year(year)), Pos::START),
        op,
        value: Some(dec(v)),
        text: None,
        flag: None,
        note: None,
        pos: Pos::START,
    };
    let entry = |p: &str, v: f64| Progress {
        period: Spanned::new(Period::parse(p).unwrap_or(Period::Year(year)), Pos::START),
        value: Some(dec(v)),
        text: None,
        note: None,
        source: None,
        status: None,
        flag: None,
        pos: Pos::START,
    };
    let base = |n: Text, direction: Direction, accumulation: Accumulation| Indicator {
        direction,
        accumulation,
        ..Indicator::new(Spanned::new("example".into(), Pos::START), n)
    };
    let (y0, y) = ((year - 1).to_string(), year.to_string());
    let mid = crate::period::Date::new(year, 9, 30).unwrap_or(site.config.as_of.value);
    let after = crate::period::Date::new(year + 1, 3, 31).unwrap_or(site.config.as_of.value);
    let mut level = base(
        name("示例：人均收入", "Example: income per person"),
        Direction::Increase,
        Accumulation::Level,
    );
    level.baseline = Some(bound(&y0, None, 40000.0));
    level.target = Some(bound(&y, None, 42000.0));
    level.progress = vec![entry(&format!("{y}-Q2"), 41200.0)];
    let mut cumulative = base(
        name("示例：新增托位", "Example: new childcare places"),
        Direction::Increase,
        Accumulation::Cumulative,
    );
    cumulative.target = Some(bound(&y, None, 100.0));
    cumulative.progress = vec![entry(&format!("{y}-Q2"), 30.0)];
    let mut decrease = base(
        name("示例：收入倍差", "Example: income ratio"),
        Direction::Decrease,
        Accumulation::Level,
    );
    decrease.baseline = Some(bound(&y0, None, 1.64));
    decrease.target = Some(bound(&y, Some(Op::Le), 1.60));
    decrease.progress = vec![entry(&format!("{y}-H1"), 1.59)];
    let mut missed = base(
        name("示例：签约项目", "Example: projects signed"),
        Direction::Increase,
        Accumulation::Cumulative,
    );
    missed.target = Some(bound(&y, Some(Op::Ge), 10.0));
    missed.progress = vec![entry(&y, 8.0)];
    let mut maintain = base(
        name("示例：失业率", "Example: unemployment rate"),
        Direction::Maintain,
        Accumulation::Level,
    );
    maintain.tolerance = Some(dec(0.5));
    maintain.target = Some(bound(&y, None, 5.0));
    maintain.progress = vec![entry(&format!("{y}-Q1"), 6.1)];
    // Several targets, and a year-to-date figure: judged against the first
    // target, on the path from the baseline.
    let mut stepped = base(
        name("示例：清洁能源占比", "Example: share of clean energy"),
        Direction::Increase,
        Accumulation::Level,
    );
    stepped.baseline = Some(bound(&y0, None, 30.0));
    stepped.targets = vec![
        bound(&y, None, 33.0),
        bound(&(year + 1).to_string(), Some(Op::Ge), 36.0),
    ];
    stepped.progress = vec![entry(&format!("{y}-01..{y}-09"), 31.9)];
    // A rate for the year to date that already meets the annual target.
    let mut early = base(
        name("示例:地区生产总值增速", "Example: GDP growth"),
        Direction::Increase,
        Accumulation::Level,
    );
    early.baseline = Some(bound(&y0, None, 5.5));
    early.target = Some(bound(&y, None, 6.0));
    early.progress = vec![entry(&format!("{y}-01..{y}-09"), 6.3)];
    // A flow for the year to date: compared with the time-proportional
    // share of the annual target, not with last year's full-year figure.
    let mut flow = base(
        name(
            "示例:居民人均可支配收入(年内累计)",
            "Example: disposable income per person (year to date)",
        ),
        Direction::Increase,
        Accumulation::Cumulative,
    );
    flow.baseline = Some(bound(&y0, None, 40000.0));
    flow.target = Some(bound(&y, None, 42000.0));
    flow.progress = vec![entry(&format!("{y}-01..{y}-09"), 31800.0)];
    vec![
        (level, mid),
        (flow, mid),
        (early, mid),
        (cumulative, mid),
        (decrease, mid),
        (maintain, mid),
        (missed, after),
        (stepped, mid),
    ]
}

/// An illustrative measure's milestones for the methodology page, with the
/// day they are assessed on. Examples, not data.
fn milestone_example(site: &Site) -> (Vec<Milestone>, crate::period::Date, crate::period::Date) {
    use crate::diagnostics::Pos;
    let year = site.config.period.end.value.year;
    let step = |zh: &str, en: &str, due: &str, done: Option<(u8, u8)>| Milestone {
        id: Spanned::new("example".into(), Pos::START),
        title: name(zh, en),
        due: Spanned::new(Period::parse(due).unwrap_or(Period::Year(year)), Pos::START),
        done: done
            .and_then(|(m, d)| crate::period::Date::new(year, m, d))
            .map(|d| Spanned::new(d, Pos::START)),
        evidence: None,
        pos: Pos::START,
    };
    let steps = vec![
        step(
            "示例：完成调查",
            "Example: finish the survey",
            &format!("{year}-03"),
            Some((3, 20)),
        ),
        step(
            "示例：形成初稿",
            "Example: finish the first draft",
            &format!("{year}-Q2"),
            Some((7, 10)),
        ),
        step(
            "示例：完成评审",
            "Example: finish the review",
            &format!("{year}-08"),
            None,
        ),
        step(
            "示例：印发实施",
            "Example: issue the plan",
            &format!("{year}-12"),
            None,
        ),
    ];
    let as_of = crate::period::Date::new(year, 9, 30).unwrap_or(site.config.as_of.value);
    let plan_end = crate::period::Date::new(year, 12, 31).unwrap_or(site.config.period.end.value);
    (steps, plan_end, as_of)
}

/// An example's name in Chinese and English (the examples are written for
/// the default theme's two languages; others fall back visibly).
fn name(zh: &str, en: &str) -> Text {
    let mut t = Text::plain("zh", zh);
    t.by_lang.insert("en".into(), en.into());
    t
}
