//! Programmes and the annual plans that serve them (SPEC §10): an annual
//! indicator with `serves: [<programme indicator>]` is a yearly step of it,
//! and the programme indicator takes the annual figures as its progress
//! (for `cumulative`, the full years' figures summed with the current
//! year's), up to the programme's own `as_of`. It enters figures of its own
//! only for periods no annual plan serves.
//!
//! Progress has no field saying where a figure came from, so each taken
//! figure carries a note naming the plan and the indicator it came from
//! (the links themselves are in [`super::Lineages::served_by`]).

use std::collections::BTreeMap;

use super::lineage::indicator_path;
use crate::model::*;
use crate::period::{Date, Period, Span};

/// One annual indicator serving a programme indicator, with what its
/// figures need: its plan's title and period, its own figures.
#[derive(Debug, Clone)]
pub struct Step {
    pub plan: String,
    pub title: Text,
    pub start: Date,
    pub end: Date,
    /// The serving indicator's path.
    pub path: String,
    pub progress: Vec<Progress>,
}

impl Step {
    /// Its figures that belong to its plan (within the plan's period) and
    /// are known by `as_of`.
    fn figures(&self, as_of: Date) -> impl DoubleEndedIterator<Item = &Progress> {
        self.progress.iter().filter(move |p| {
            let period = p.period.value;
            period.start() >= self.start && period.end() <= self.end && period.end() <= as_of
        })
    }

    /// Its figure for the whole of its plan's period, known by `as_of`.
    fn full_year(&self, as_of: Date) -> Option<&Progress> {
        self.figures(as_of).rev().find(|p| {
            p.value.is_some()
                && p.period.value.start() == self.start
                && p.period.value.end() == self.end
        })
    }
}

/// Every served indicator's path with the annual indicators that serve it
/// (each in a plan that lists the served one's plan under `parent`), in
/// plan order (start, then id).
pub fn steps(plans: &[(PlanConfig, Content)]) -> BTreeMap<String, Vec<Step>> {
    let mut out: BTreeMap<String, Vec<Step>> = BTreeMap::new();
    for (plan, content) in plans {
        for c in &content.collections {
            for m in &c.measures {
                for entry in &m.measure.indicators {
                    let IndicatorEntry::Defined(ind) = entry else {
                        continue;
                    };
                    for served in &ind.serves {
                        let programme = served.value.split('/').next().unwrap_or("");
                        if programme == plan.id || !plan.parent.iter().any(|p| p.value == programme)
                        {
                            continue;
                        }
                        out.entry(served.value.clone()).or_default().push(Step {
                            plan: plan.id.clone(),
                            title: plan.title.clone(),
                            start: plan.period.start.value,
                            end: plan.period.end.value,
                            path: indicator_path(
                                &plan.id,
                                &c.config.id,
                                &m.measure.id.value,
                                &ind.id.value,
                            ),
                            progress: ind.progress.clone(),
                        });
                    }
                }
            }
        }
    }
    for steps in out.values_mut() {
        steps.sort_by(|a, b| (a.start, &a.plan).cmp(&(b.start, &b.plan)));
    }
    out
}

/// The progress entries a served indicator of `plan` enters itself for a
/// period an annual plan serves, each with the file it is in and the
/// serving indicator's path (`steps`: see [`steps`]): errors.
pub fn own_progress_clashes<'a>(
    plan: &'a PlanConfig,
    content: &'a Content,
    steps: &BTreeMap<String, Vec<Step>>,
) -> Vec<(&'a str, Vec<(&'a Progress, String)>)> {
    let mut out = Vec::new();
    for c in &content.collections {
        for m in &c.measures {
            let mut clashes = Vec::new();
            for entry in &m.measure.indicators {
                let IndicatorEntry::Defined(ind) = entry else {
                    continue;
                };
                let path =
                    indicator_path(&plan.id, &c.config.id, &m.measure.id.value, &ind.id.value);
                let Some(steps) = steps.get(&path) else {
                    continue;
                };
                for p in &ind.progress {
                    let (start, end) = (p.period.value.start(), p.period.value.end());
                    if let Some(step) = steps.iter().find(|s| start <= s.end && end >= s.start) {
                        clashes.push((p, step.path.clone()));
                    }
                }
            }
            if !clashes.is_empty() {
                out.push((m.path.as_str(), clashes));
            }
        }
    }
    out
}

/// Gives every served indicator of `plans` the figures of the annual
/// indicators serving it, up to its plan's `as_of`, beside its own.
pub fn apply(plans: &mut [(PlanConfig, Content)]) {
    let steps = steps(plans);
    if steps.is_empty() {
        return;
    }
    for (plan, content) in plans.iter_mut() {
        let Some(site) = &content.site else {
            continue;
        };
        let as_of = site.as_of.value;
        let languages: Vec<String> = site.languages.iter().map(|l| l.value.clone()).collect();
        for c in &mut content.collections {
            for m in &mut c.measures {
                let measure_id = &m.measure.id.value;
                // The served indicators, by position, with their steps.
                let served: Vec<(usize, &[Step])> = m
                    .measure
                    .indicators
                    .iter()
                    .enumerate()
                    .filter_map(|(i, entry)| {
                        let IndicatorEntry::Defined(ind) = entry else {
                            return None;
                        };
                        let path =
                            indicator_path(&plan.id, &c.config.id, measure_id, &ind.id.value);
                        Some((i, steps.get(&path)?.as_slice()))
                    })
                    .collect();
                if served.is_empty() {
                    // Not copied: `serve` shares it with the next load.
                    continue;
                }
                let measure = std::sync::Arc::make_mut(&mut m.measure);
                for (i, steps) in served {
                    let IndicatorEntry::Defined(ind) = &mut measure.indicators[i] else {
                        continue;
                    };
                    let mut progress = served_progress(ind.accumulation, steps, as_of, &languages);
                    progress.append(&mut ind.progress);
                    progress.sort_by_key(|p| (p.period.value.end(), p.period.value.start()));
                    ind.progress = progress;
                }
            }
        }
    }
}

/// The figures a programme indicator takes from the annual indicators
/// serving it (`steps`, in plan order), known by `as_of`: a level's as
/// they are; a cumulative count's as the sum of the earlier plans' full
/// figures and each of the current plan's (left out once an earlier plan
/// has no full figure yet). A declared status is dropped: the programme
/// indicator is computed against its own targets.
pub fn served_progress(
    accumulation: Accumulation,
    steps: &[Step],
    as_of: Date,
    languages: &[String],
) -> Vec<Progress> {
    let mut out = Vec::new();
    // The full figures of the plans before the current one.
    let mut earlier: Vec<(&Step, &Progress)> = Vec::new();
    for step in steps {
        for p in step.figures(as_of) {
            let mut entry = p.clone();
            entry.status = None;
            let mut summands = match accumulation {
                Accumulation::Level => Vec::new(),
                Accumulation::Cumulative => earlier.clone(),
            };
            summands.push((step, p));
            if summands.len() > 1 {
                let Some(value) = sum(summands.iter().map(|(_, p)| p.value.as_ref())) else {
                    continue;
                };
                entry.value = Some(value);
                entry.period.value = since(summands[0].1.period.value, p.period.value);
                if entry.flag.is_none() {
                    entry.flag = summands.iter().find_map(|(_, p)| p.flag.clone());
                }
            }
            entry.note = Some(origin_note(p.note.as_ref(), &summands, languages));
            out.push(entry);
        }
        if accumulation == Accumulation::Cumulative {
            match step.full_year(as_of) {
                Some(full) => earlier.push((step, full)),
                // Without this plan's full figure, no later sum is known.
                None => break,
            }
        }
    }
    out
}

/// The sum of figures, with as many decimals as the most precise (`None`
/// when one has no number).
pub fn sum<'a>(values: impl Iterator<Item = Option<&'a Decimal>>) -> Option<Decimal> {
    let mut total = 0.0;
    let mut scale = 0;
    let mut quoted = false;
    for v in values {
        let v = v?;
        total += v.value;
        scale = scale.max(v.scale());
        quoted |= v.quoted;
    }
    Some(Decimal {
        value: format!("{total:.scale$}").parse().unwrap_or(total),
        literal: format!("{total:.scale$}"),
        quoted,
    })
}

/// The period from the start of `first` to the end of `last`.
pub fn since(first: Period, last: Period) -> Period {
    let first_span = match first {
        Period::Range(a, _) => a,
        other => span(other),
    };
    let last_span = match last {
        Period::Range(_, b) => b,
        other => span(other),
    };
    Period::Range(first_span, last_span)
}

fn span(p: Period) -> Span {
    match p {
        Period::Year(y) => Span::Year(y),
        Period::Half(y, h) => Span::Half(y, h),
        Period::Quarter(y, q) => Span::Quarter(y, q),
        Period::Month(y, m) => Span::Month(y, m),
        Period::Day(d) => Span::Day(d),
        Period::Range(_, b) => b,
    }
}

/// Where a taken figure came from, in every language: each summand's
/// plan title, indicator path, period and value (a level's: its one),
/// after the annual entry's own note if it has one.
fn origin_note(own: Option<&Text>, summands: &[(&Step, &Progress)], languages: &[String]) -> Text {
    let default = languages.first().map(String::as_str).unwrap_or("en");
    let mut note = Text::default();
    for lang in languages {
        let chinese = lang.starts_with("zh");
        let part = |step: &Step, p: &Progress| {
            let title = step.title.get(lang, default).map(|(t, _)| t).unwrap_or("");
            let value = p.value.as_ref().map(|v| v.literal.as_str()).unwrap_or("—");
            match (summands.len() > 1, chinese) {
                (false, true) => format!("{title}：`{}`", step.path),
                (false, false) => format!("{title}: `{}`", step.path),
                (true, true) => format!("{value}（{}，{title}：`{}`）", p.period.value, step.path),
                (true, false) => format!("{value} ({}, {title}: `{}`)", p.period.value, step.path),
            }
        };
        let origin = summands
            .iter()
            .map(|(s, p)| part(s, p))
            .collect::<Vec<_>>()
            .join(" + ");
        let text = match own.and_then(|t| t.get(lang, default)) {
            Some((own, _)) => format!("{own}\n\n{origin}"),
            None => origin,
        };
        note.by_lang.insert(lang.clone(), text);
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    use crate::model::fixtures::{decimal, figure as progress};

    fn step(year: i32, figures: &[(&str, &str)]) -> Step {
        let mut title = Text::default();
        title
            .by_lang
            .insert("zh".into(), format!("{year}年工作要点"));
        title
            .by_lang
            .insert("en".into(), format!("Work plan {year}"));
        Step {
            plan: year.to_string(),
            title,
            start: Date::new(year, 1, 1).unwrap(),
            end: Date::new(year, 12, 31).unwrap(),
            path: format!("{year}/works/jobs/new"),
            progress: figures.iter().map(|(p, v)| progress(p, v)).collect(),
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn langs() -> Vec<String> {
        vec!["zh".to_string(), "en".to_string()]
    }

    fn figures(out: &[Progress]) -> Vec<(String, String)> {
        out.iter()
            .map(|p| {
                (
                    p.period.value.to_string(),
                    p.value.as_ref().unwrap().literal.clone(),
                )
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_level_takes_each_annual_figure_known_by_as_of() {
        let steps = [
            step(2024, &[("2024-H1", "70.2"), ("2024", "70.8")]),
            step(2025, &[("2025-H1", "71.3"), ("2025-01..2025-09", "71.5")]),
        ];
        let out = served_progress(Accumulation::Level, &steps, day("2025-08-31"), &langs());
        assert_eq!(
            figures(&out),
            pairs(&[("2024-H1", "70.2"), ("2024", "70.8"), ("2025-H1", "71.3")])
        );
        let note = &out[2].note.as_ref().unwrap().by_lang;
        assert_eq!(
            note.get("zh").unwrap(),
            "2025年工作要点：`2025/works/jobs/new`"
        );
        assert_eq!(
            note.get("en").unwrap(),
            "Work plan 2025: `2025/works/jobs/new`"
        );
    }

    #[test]
    fn a_cumulative_count_sums_the_full_years_and_the_current_figure() {
        let steps = [
            step(2024, &[("2024-H1", "4000"), ("2024", "10400")]),
            step(2025, &[("2025-H1", "5200"), ("2025-01..2025-09", "7900")]),
        ];
        let out = served_progress(
            Accumulation::Cumulative,
            &steps,
            day("2025-08-31"),
            &langs(),
        );
        assert_eq!(
            figures(&out),
            pairs(&[
                ("2024-H1", "4000"),
                ("2024", "10400"),
                ("2024..2025-H1", "15600")
            ])
        );
        let note = &out[2].note.as_ref().unwrap().by_lang;
        assert_eq!(
            note.get("en").unwrap(),
            "10400 (2024, Work plan 2024: `2024/works/jobs/new`) + 5200 (2025-H1, Work plan 2025: `2025/works/jobs/new`)"
        );
    }

    #[test]
    fn a_cumulative_count_without_an_earlier_full_year_takes_no_later_figure() {
        let steps = [
            step(2024, &[("2024-H1", "4000")]),
            step(2025, &[("2025-H1", "5200")]),
        ];
        let out = served_progress(
            Accumulation::Cumulative,
            &steps,
            day("2025-08-31"),
            &langs(),
        );
        assert_eq!(figures(&out), pairs(&[("2024-H1", "4000")]));
        // Known only after the programme's as_of: as if not there.
        let steps = [
            step(2024, &[("2024", "10400")]),
            step(2025, &[("2025-H1", "5200")]),
        ];
        let out = served_progress(
            Accumulation::Cumulative,
            &steps,
            day("2024-12-30"),
            &langs(),
        );
        assert!(out.is_empty());
    }

    #[test]
    fn figures_outside_the_serving_plan_s_period_are_not_taken() {
        let steps = [step(2025, &[("2024", "9"), ("2025", "10")])];
        let out = served_progress(Accumulation::Level, &steps, day("2026-03-01"), &langs());
        assert_eq!(figures(&out), pairs(&[("2025", "10")]));
    }

    #[test]
    fn a_declared_status_is_dropped_and_an_own_note_kept() {
        let mut s = step(2024, &[("2024", "1")]);
        s.progress[0].status = Some(Spanned::new(Status::Achieved, Pos::START));
        s.progress[0].note = Some(Text::plain("en", "Provisional."));
        let out = served_progress(Accumulation::Level, &[s], day("2025-01-31"), &langs());
        assert!(out[0].status.is_none());
        let note = &out[0].note.as_ref().unwrap().by_lang;
        assert_eq!(
            note.get("en").unwrap(),
            "Provisional.\n\nWork plan 2024: `2024/works/jobs/new`"
        );
    }

    #[test]
    fn sums_keep_the_most_precise_decimals() {
        let (a, b) = (decimal("1.5"), decimal("2.25"));
        let s = sum([Some(&a), Some(&b)].into_iter()).unwrap();
        assert_eq!((s.literal.as_str(), s.value), ("3.75", 3.75));
        let (a, b) = (decimal("0.1"), decimal("0.2"));
        assert_eq!(
            sum([Some(&a), Some(&b)].into_iter()).unwrap().literal,
            "0.3"
        );
        assert!(sum([Some(&a), None].into_iter()).is_none());
    }

    #[test]
    fn a_range_runs_from_the_first_period_to_the_end_of_the_last() {
        let p = |s: &str| Period::parse(s).unwrap();
        assert_eq!(since(p("2024"), p("2025-H1")).to_string(), "2024..2025-H1");
        assert_eq!(
            since(p("2024-01..2024-12"), p("2025-01..2025-09")).to_string(),
            "2024-01..2025-09"
        );
    }
}
