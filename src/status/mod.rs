//! The status rules of SPEC §2, as pure functions of an indicator and the
//! `as_of` date. Nothing here formats text: a [`Reason`] carries the figures
//! that were compared, and the theme's strings turn it into a sentence in each
//! language (see `render::i18n`). A measure's status, from its indicators,
//! its milestones and its updates, is in [`measure`]; milestones in
//! [`milestones`].

pub mod measure;
pub mod milestones;

use serde::Serialize;

/// The statuses themselves are input vocabulary (content declares them), so
/// they live with the other records; the rules that compute them live here.
pub use crate::model::Status;
use crate::model::{Accumulation, Bound, Direction, Indicator, Op, Progress};
use crate::period::{Date, Period};

/// A figure as compared: the value and how many decimals to show it with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub decimals: usize,
}

/// A target as the plan states it: `≥ 90`, `≈ 80`, `53677`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetFigure {
    pub op: Option<Op>,
    pub figure: Figure,
}

/// Why an indicator has its status; each variant names the figures compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Reason {
    /// No progress value yet.
    NoProgress,
    /// Entries exist but the target is qualitative and nobody declared a status.
    Qualitative { period: Period },
    /// A status was declared on the entry of `period`.
    Declared { period: Period },
    /// The latest value meets the target.
    Met {
        value: Figure,
        period: Period,
        target: TargetFigure,
    },
    /// `maintain` (or `~`): the value is inside the band around the target.
    WithinTolerance {
        value: Figure,
        period: Period,
        target: TargetFigure,
        tolerance: Figure,
    },
    /// `maintain` (or `~`): the value is outside the band.
    OutsideTolerance {
        value: Figure,
        period: Period,
        target: TargetFigure,
        tolerance: Figure,
    },
    /// A `level` figure for a period that ends before the target's
    /// already meets the target: on track, and the figure for the whole
    /// target period decides.
    MetEarly {
        value: Figure,
        period: Period,
        target: TargetFigure,
        target_period: Period,
    },
    /// Not yet met, but at or ahead of the expected path. `share`: the
    /// indicator is `cumulative`, so the expected figure is the
    /// time-proportional share of the target (序时进度).
    OnPath {
        value: Figure,
        period: Period,
        expected: Figure,
        target: TargetFigure,
        share: bool,
    },
    /// Behind the expected path (`share` as for [`Reason::OnPath`]).
    BehindPath {
        value: Figure,
        period: Period,
        expected: Figure,
        target: TargetFigure,
        share: bool,
    },
    /// The target period ended on or before `as_of` without the target met.
    Missed {
        value: Figure,
        period: Period,
        target: TargetFigure,
        ended: Date,
    },
}

impl Reason {
    /// The key of the sentence template in the theme's strings.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::NoProgress => "no-progress",
            Reason::Qualitative { .. } => "qualitative",
            Reason::Declared { .. } => "declared",
            Reason::Met { .. } => "met",
            Reason::MetEarly { target_period, .. } => match target_period {
                Period::Year(_) => "met-early-year",
                _ => "met-early",
            },
            Reason::WithinTolerance { .. } => "within-tolerance",
            Reason::OutsideTolerance { .. } => "outside-tolerance",
            Reason::OnPath { share: false, .. } => "on-path",
            Reason::OnPath { share: true, .. } => "on-share",
            Reason::BehindPath { share: false, .. } => "behind-path",
            Reason::BehindPath { share: true, .. } => "behind-share",
            Reason::Missed { .. } => "missed",
        }
    }
}

/// The outcome for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub status: Status,
    /// True when the status comes from a declaration in the data.
    pub declared: bool,
    /// What the figures compute, when a declaration says otherwise.
    pub computed: Option<Status>,
    /// Why the figures give what they give (or, for a qualitative target,
    /// the declaration or its absence).
    pub reason: Reason,
    /// The note of the declaring entry (Markdown), if any, lives on that
    /// entry; this is its period.
    pub declared_at: Option<Period>,
    /// The figure expected by the end of the latest figure's period, when
    /// that period ends before the current target's (a year-to-date or
    /// other partial-period figure) and the rule compares with a path:
    /// what tables set beside a partial-period figure.
    pub expected: Option<Figure>,
}

/// How many decimals the indicator's figures are shown with: the
/// indicator's `decimals`, else the most digits any of its values was written with.
pub fn display_decimals(indicator: &Indicator) -> usize {
    if let Some(d) = indicator.decimals {
        return usize::from(d);
    }
    let bounds = [&indicator.baseline, &indicator.target];
    let from_bounds = bounds
        .iter()
        .filter_map(|b| b.as_ref()?.value.as_ref())
        .map(|v| v.scale());
    let from_progress = indicator
        .progress
        .iter()
        .filter_map(|p| p.value.as_ref())
        .map(|v| v.scale());
    from_bounds.chain(from_progress).max().unwrap_or(0)
}

/// Progress entries ordered by the end of their period (stable for ties).
pub fn chronological(progress: &[Progress]) -> Vec<&Progress> {
    let mut entries: Vec<&Progress> = progress.iter().collect();
    entries.sort_by_key(|p| (p.period.value.end(), p.period.value.start()));
    entries
}

/// The latest entry of an indicator: the latest (by period, see
/// [`chronological`]) that has a figure, else the latest. The one
/// definition that the status rules, the tables, the data files and the
/// sheets all use: what they show as "latest" is what the status is
/// computed from.
pub fn latest_entry(progress: &[Progress]) -> Option<&Progress> {
    latest_of(&chronological(progress))
}

/// [`latest_entry`] among entries already in [`chronological`] order.
fn latest_of<'p>(entries: &[&'p Progress]) -> Option<&'p Progress> {
    entries
        .iter()
        .rev()
        .find(|p| p.value.is_some())
        .or(entries.last())
        .copied()
}

/// Which of the indicator's targets the status is computed against (an
/// index into [`Indicator::all_targets`]): the first whose period ends on
/// or after the end of the latest progress entry's period, else the last.
/// Before any progress, the first that has not ended by `as_of`.
pub fn current_target(indicator: &Indicator, as_of: Date) -> Option<usize> {
    let targets = indicator.all_targets();
    if targets.is_empty() {
        return None;
    }
    let reached = latest_entry(&indicator.progress).map_or(as_of, |p| p.period.value.end());
    Some(
        targets
            .iter()
            .position(|t| t.period.value.end() >= reached)
            .unwrap_or(targets.len() - 1),
    )
}

pub fn assess(indicator: &Indicator, as_of: Date) -> Assessment {
    let entries = chronological(&indicator.progress);
    let decimals = display_decimals(indicator);
    let targets = indicator.all_targets();
    let current = current_target(indicator, as_of);
    let numeric_target = current.and_then(|i| {
        let t = &targets[i];
        t.value.as_ref().map(|v| (i, t, v.value))
    });

    let Some((index, target, target_value)) = numeric_target else {
        return assess_qualitative(&entries);
    };

    let latest = latest_of(&entries).filter(|p| p.value.is_some());
    let computed = match latest.and_then(|p| Some((p, p.value.as_ref()?.value))) {
        None => (Status::NotReported, Reason::NoProgress),
        Some((entry, value)) => compute(
            indicator,
            (index, target, target_value),
            entry.period.value,
            value,
            decimals,
            as_of,
        ),
    };
    let expected = latest.and_then(|entry| {
        let period = entry.period.value;
        let partial = period.end() < target.period.value.end();
        let path = sense(target.op, indicator.direction) != Sense::Band;
        (partial && path).then(|| Figure {
            value: expected_value(indicator, index, target_value, period),
            decimals,
        })
    });

    // On a computable target a declaration counts when it is on the
    // latest entry with a figure or on a later one: an older one would
    // hide newer figures. Without any figure, the latest declaration.
    let from = latest.map_or(0, |l| {
        entries
            .iter()
            .rposition(|p| std::ptr::eq(*p, l))
            .unwrap_or(0)
    });
    let declaration = entries[from..]
        .iter()
        .rev()
        .find_map(|p| Some((p.status.as_ref()?.value, p.period.value)));
    match declaration {
        Some((declared, period)) => Assessment {
            status: declared,
            declared: true,
            computed: (declared != computed.0).then_some(computed.0),
            reason: computed.1,
            declared_at: Some(period),
            expected,
        },
        None => Assessment {
            status: computed.0,
            declared: false,
            computed: None,
            reason: computed.1,
            declared_at: None,
            expected,
        },
    }
}

/// A qualitative target (or none): the latest declared status, else
/// `not-assessed` when entries exist, else `not-reported`.
fn assess_qualitative(entries: &[&Progress]) -> Assessment {
    let declared = entries
        .iter()
        .rev()
        .find_map(|p| Some((p.status.as_ref()?.value, p.period.value)));
    match (declared, entries.last()) {
        (Some((status, period)), _) => Assessment {
            status,
            declared: true,
            computed: None,
            reason: Reason::Declared { period },
            declared_at: Some(period),
            expected: None,
        },
        (None, Some(latest)) => Assessment {
            status: Status::NotAssessed,
            declared: false,
            computed: None,
            reason: Reason::Qualitative {
                period: latest.period.value,
            },
            declared_at: None,
            expected: None,
        },
        (None, None) => Assessment {
            status: Status::NotReported,
            declared: false,
            computed: None,
            reason: Reason::NoProgress,
            declared_at: None,
            expected: None,
        },
    }
}

/// Which way "better" points for a target: set by a comparator when there
/// is one, else by the indicator's direction.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sense {
    Up,
    Down,
    Band,
}

fn sense(op: Option<Op>, direction: Direction) -> Sense {
    match (op, direction) {
        (Some(Op::Ge | Op::Gt), _) => Sense::Up,
        (Some(Op::Le | Op::Lt), _) => Sense::Down,
        (_, Direction::Increase) => Sense::Up,
        (_, Direction::Decrease) => Sense::Down,
        (_, Direction::Maintain | Direction::None) => Sense::Band,
    }
}

/// The ± band for `maintain`, `=` and `~`: the indicator's tolerance, else
/// 1 % of the target for `~` and exactly the target otherwise.
fn tolerance(indicator: &Indicator, op: Option<Op>, target: f64) -> f64 {
    match (&indicator.tolerance, op) {
        (Some(t), _) => t.value.abs(),
        (None, Some(Op::About)) => target.abs() * 0.01,
        (None, _) => 0.0,
    }
}

/// How the latest value is compared with the target.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison {
    AtLeast,
    Above,
    AtMost,
    Below,
    /// Within ± this tolerance of the target.
    Within(f64),
}

/// The comparison the status rule makes: as the comparator says, else
/// one way by the sense; a band for `=` and `~`, and for `maintain` or
/// `none` without a comparator.
fn comparison(indicator: &Indicator, op: Option<Op>, target: f64) -> Comparison {
    match (op, sense(op, indicator.direction)) {
        (Some(Op::Ge), _) | (None, Sense::Up) => Comparison::AtLeast,
        (Some(Op::Gt), _) => Comparison::Above,
        (Some(Op::Le), _) | (None, Sense::Down) => Comparison::AtMost,
        (Some(Op::Lt), _) => Comparison::Below,
        (Some(Op::Eq | Op::About), _) | (None, Sense::Band) => {
            Comparison::Within(tolerance(indicator, op, target))
        }
    }
}

fn meets(value: f64, target: f64, comparison: Comparison) -> bool {
    match comparison {
        Comparison::AtLeast => value >= target,
        Comparison::Above => value > target,
        Comparison::AtMost => value <= target,
        Comparison::Below => value < target,
        Comparison::Within(tolerance) => {
            (value - target).abs() <= tolerance + 1e-9 * target.abs().max(1.0)
        }
    }
}

/// The band `(low, high)` around a numeric target of the indicator that
/// the status rule counts as meeting it, when the rule compares with a
/// band (`=`, `~`, and `maintain` or `none` without a comparator); `None`
/// when it compares one way or the target has no figure. The chart draws
/// this.
pub fn tolerance_band(indicator: &Indicator, target: &Bound) -> Option<(f64, f64)> {
    let value = target.value.as_ref()?.value;
    match comparison(indicator, target.op, value) {
        Comparison::Within(tolerance) => Some((value - tolerance, value + tolerance)),
        _ => None,
    }
}

/// Whether `value` meets `target` as the status rule compares them.
pub fn meets_target(indicator: &Indicator, target: &Bound, value: f64) -> Option<bool> {
    let t = target.value.as_ref()?.value;
    Some(meets(value, t, comparison(indicator, target.op, t)))
}

/// Where the expected path to the target `index` (an index into
/// [`Indicator::all_targets`]) starts: the day it
/// starts on and the value it starts from. The first target's path starts
/// with its period, from the baseline (from zero for counts that
/// accumulate; none for a level without a numeric baseline); a later
/// target's starts after the previous target's period, from its value.
pub fn path_start(indicator: &Indicator, index: usize) -> (Date, Option<f64>) {
    let targets = indicator.all_targets();
    let previous = index
        .checked_sub(1)
        .and_then(|i| targets.get(i))
        .and_then(|p| Some((p.period.value.end(), p.value.as_ref()?.value)));
    if let Some((end, value)) = previous {
        return (end.next_day(), Some(value));
    }
    let start = targets[index].period.value.start();
    let from = match indicator.accumulation {
        Accumulation::Cumulative => Some(0.0),
        Accumulation::Level => indicator
            .baseline
            .as_ref()
            .and_then(|b| b.value.as_ref())
            .map(|v| v.value),
    };
    (start, from)
}

/// Where the value should be at the end of `at`, on the straight path from
/// [`path_start`] to the target `index` (its value `target_value`).
pub fn expected_value(indicator: &Indicator, index: usize, target_value: f64, at: Period) -> f64 {
    let (start, from) = path_start(indicator, index);
    let end = indicator.all_targets()[index].period.value.end();
    let days = (end.days() - start.days() + 1).max(1);
    let done = at.end().days() - start.days() + 1;
    let f = (done as f64 / days as f64).clamp(0.0, 1.0);
    match from {
        Some(b) => b + (target_value - b) * f,
        None => target_value,
    }
}

/// What became of one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetOutcome {
    /// The value reported for a period ending in it meets it: for a
    /// `level` indicator, a figure for the whole period; for a
    /// `cumulative` one, any (a count does not fall back).
    Met,
    /// Its period ended by `as_of`, and the value reported for a period
    /// ending in it does not meet it.
    NotMet,
    /// Its period ended by `as_of` with no figure reported for a period
    /// ending in it (or, for a target in words, without a figure to
    /// compare; or, for a `level` indicator, only a figure for part of it).
    NotReported,
    /// Its period has not ended and no figure has decided it yet.
    Upcoming,
}

impl TargetOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetOutcome::Met => "met",
            TargetOutcome::NotMet => "not-met",
            TargetOutcome::NotReported => "not-reported",
            TargetOutcome::Upcoming => "upcoming",
        }
    }
}

/// The outcome of each of the indicator's targets, in their order.
pub fn target_outcomes(indicator: &Indicator, as_of: Date) -> Vec<TargetOutcome> {
    let entries = chronological(&indicator.progress);
    indicator
        .all_targets()
        .iter()
        .map(|t| {
            let (start, end) = (t.period.value.start(), t.period.value.end());
            let reported = entries
                .iter()
                .rev()
                .filter(|p| (start..=end).contains(&p.period.value.end()))
                .find_map(|p| Some((p.period.value.end(), p.value.as_ref()?.value)));
            let ended = end <= as_of;
            // As the status rule: a level figure for part of the period
            // meets the target only provisionally, and decides nothing.
            let decides =
                |at: Date| indicator.accumulation == Accumulation::Cumulative || at >= end;
            let met =
                reported.and_then(|(at, v)| Some((meets_target(indicator, t, v)?, decides(at))));
            match (met, ended) {
                (Some((true, true)), _) => TargetOutcome::Met,
                (Some((false, _)), true) => TargetOutcome::NotMet,
                (Some((true, false)) | None, true) => TargetOutcome::NotReported,
                (_, false) => TargetOutcome::Upcoming,
            }
        })
        .collect()
}

/// `current`: the target compared with, its index among all targets and its value.
fn compute(
    indicator: &Indicator,
    (index, target, target_value): (usize, &Bound, f64),
    period: Period,
    value: f64,
    decimals: usize,
    as_of: Date,
) -> (Status, Reason) {
    let op = target.op;
    let sense = sense(op, indicator.direction);
    let tol = tolerance(indicator, op, target_value);
    let fig = |v| Figure { value: v, decimals };
    let target_fig = TargetFigure {
        op,
        figure: fig(target_value),
    };
    let ended = target.period.value.end();
    let period_ended = ended <= as_of;
    let banded = sense == Sense::Band || matches!(op, Some(Op::About));
    let met = meets(value, target_value, comparison(indicator, op, target_value));
    let value = fig(value);

    if met {
        if indicator.direction == Direction::Maintain && !period_ended {
            let tolerance = fig(tol);
            return (
                Status::OnTrack,
                Reason::WithinTolerance {
                    value,
                    period,
                    target: target_fig,
                    tolerance,
                },
            );
        }
        // A rate, share or stock may still fall back before the target
        // period ends: only a figure for the whole period is achieved.
        let whole = period.end() >= ended;
        if indicator.accumulation == Accumulation::Level && !whole {
            return (
                Status::OnTrack,
                Reason::MetEarly {
                    value,
                    period,
                    target: target_fig,
                    target_period: target.period.value,
                },
            );
        }
        if banded && op != Some(Op::Eq) && tol > 0.0 {
            let tolerance = fig(tol);
            return (
                Status::Achieved,
                Reason::WithinTolerance {
                    value,
                    period,
                    target: target_fig,
                    tolerance,
                },
            );
        }
        return (
            Status::Achieved,
            Reason::Met {
                value,
                period,
                target: target_fig,
            },
        );
    }
    if period_ended {
        return (
            Status::Missed,
            Reason::Missed {
                value,
                period,
                target: target_fig,
                ended,
            },
        );
    }
    if sense == Sense::Band {
        let tolerance = fig(tol);
        return (
            Status::AtRisk,
            Reason::OutsideTolerance {
                value,
                period,
                target: target_fig,
                tolerance,
            },
        );
    }
    let expected = expected_value(indicator, index, target_value, period);
    let ahead = match sense {
        Sense::Up => value.value >= expected - 1e-9,
        _ => value.value <= expected + 1e-9,
    };
    let expected = fig(expected);
    let share = indicator.accumulation == Accumulation::Cumulative;
    if ahead {
        (
            Status::OnTrack,
            Reason::OnPath {
                value,
                period,
                expected,
                target: target_fig,
                share,
            },
        )
    } else {
        (
            Status::AtRisk,
            Reason::BehindPath {
                value,
                period,
                expected,
                target: target_fig,
                share,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{bound, dec, entry};
    use crate::model::Decimal;

    struct Case {
        direction: Direction,
        accumulation: Accumulation,
        tolerance: Option<f64>,
        baseline: Option<f64>,
        target: Option<(Option<Op>, f64)>,
        progress: Vec<Progress>,
    }

    impl Case {
        fn new(baseline: f64, target: f64) -> Case {
            Case {
                direction: Direction::Increase,
                accumulation: Accumulation::Level,
                tolerance: None,
                baseline: Some(baseline),
                target: Some((None, target)),
                progress: vec![],
            }
        }
        fn op(mut self, op: Op) -> Case {
            self.target = self.target.map(|(_, v)| (Some(op), v));
            self
        }
        fn dir(mut self, d: Direction) -> Case {
            self.direction = d;
            self
        }
        fn cumulative(mut self) -> Case {
            self.accumulation = Accumulation::Cumulative;
            self
        }
        fn tol(mut self, t: f64) -> Case {
            self.tolerance = Some(t);
            self
        }
        fn at(mut self, period: &str, value: f64) -> Case {
            self.progress.push(entry(period, Some(value), None));
            self
        }
        fn declare(mut self, period: &str, value: Option<f64>, status: Status) -> Case {
            self.progress.push(entry(period, value, Some(status)));
            self
        }
        fn indicator(&self) -> Indicator {
            Indicator {
                direction: self.direction,
                accumulation: self.accumulation,
                tolerance: self.tolerance.map(dec),
                baseline: self.baseline.map(|b| bound("2022", None, Some(b))),
                target: Some(match self.target {
                    Some((op, v)) => bound("2023", op, Some(v)),
                    None => bound("2023", None, None),
                }),
                progress: self.progress.clone(),
                ..crate::model::fixtures::indicator("x")
            }
        }
        /// Assessed with `as_of` inside the target year unless said otherwise.
        fn assess(&self) -> Assessment {
            assess(&self.indicator(), Date::new(2023, 9, 30).unwrap())
        }
        fn assess_after_end(&self) -> Assessment {
            assess(&self.indicator(), Date::new(2024, 3, 31).unwrap())
        }
    }

    #[test]
    fn no_progress_is_not_reported() {
        let a = Case::new(100.0, 200.0).assess();
        assert_eq!(a.status, Status::NotReported);
        assert_eq!(a.reason, Reason::NoProgress);
    }

    #[test]
    fn entries_without_values_are_not_reported_on_a_numeric_target() {
        let mut c = Case::new(100.0, 200.0);
        c.progress.push(entry("2023-Q1", None, None));
        assert_eq!(c.assess().status, Status::NotReported);
    }

    #[test]
    fn meeting_the_target_is_achieved() {
        let a = Case::new(100.0, 200.0).at("2023", 201.0).assess();
        assert_eq!(a.status, Status::Achieved);
        assert!(matches!(a.reason, Reason::Met { .. }));
    }

    #[test]
    fn level_path_runs_from_baseline_to_target() {
        // Half of 2023 elapsed at the end of H1 (181 of 365 days).
        let c = Case::new(100.0, 200.0).at("2023-H1", 150.0);
        let a = c.assess();
        assert_eq!(a.status, Status::OnTrack);
        let Reason::OnPath { expected, .. } = a.reason else {
            panic!("{:?}", a.reason)
        };
        assert!((expected.value - (100.0 + 100.0 * 181.0 / 365.0)).abs() < 1e-9);
        assert_eq!(
            Case::new(100.0, 200.0).at("2023-H1", 140.0).assess().status,
            Status::AtRisk
        );
    }

    #[test]
    fn level_without_numeric_baseline_expects_the_target_itself() {
        let mut c = Case::new(0.0, 200.0).at("2023-Q1", 190.0);
        c.baseline = None;
        let a = c.assess();
        assert_eq!(a.status, Status::AtRisk);
        let Reason::BehindPath { expected, .. } = a.reason else {
            panic!()
        };
        assert_eq!(expected.value, 200.0);
    }

    #[test]
    fn cumulative_path_runs_from_zero() {
        // 50 new places by the end of Q2 of a 100-place target: 181/365 expected.
        let a = Case::new(454.0, 100.0)
            .cumulative()
            .at("2023-Q2", 50.0)
            .assess();
        assert_eq!(a.status, Status::OnTrack);
        let a = Case::new(454.0, 100.0)
            .cumulative()
            .at("2023-Q2", 45.0)
            .assess();
        assert_eq!(a.status, Status::AtRisk);
        let Reason::BehindPath { expected, .. } = a.reason else {
            panic!()
        };
        assert!((expected.value - 100.0 * 181.0 / 365.0).abs() < 1e-9);
    }

    #[test]
    fn decrease_flips_every_comparison() {
        let c = || Case::new(1.7, 1.6).dir(Direction::Decrease);
        assert_eq!(c().at("2023", 1.59).assess().status, Status::Achieved);
        assert_eq!(c().at("2023-H1", 1.64).assess().status, Status::OnTrack);
        assert_eq!(c().at("2023-H1", 1.69).assess().status, Status::AtRisk);
        assert_eq!(
            c().at("2023", 1.61).assess_after_end().status,
            Status::Missed
        );
    }

    #[test]
    fn missed_when_the_target_period_has_ended() {
        let a = Case::new(100.0, 200.0)
            .at("2023-Q3", 199.0)
            .assess_after_end();
        assert_eq!(a.status, Status::Missed);
        let Reason::Missed { ended, .. } = a.reason else {
            panic!()
        };
        assert_eq!(ended.to_string(), "2023-12-31");
        // Ended exactly on as_of counts as ended.
        let c = Case::new(100.0, 200.0).at("2023-Q3", 199.0);
        assert_eq!(
            assess(&c.indicator(), Date::new(2023, 12, 31).unwrap()).status,
            Status::Missed
        );
    }

    #[test]
    fn maintain_is_on_track_within_tolerance_until_the_period_ends() {
        let c = || Case::new(73.3, 73.3).dir(Direction::Maintain).tol(1.0);
        assert_eq!(c().at("2023-Q2", 72.5).assess().status, Status::OnTrack);
        assert_eq!(c().at("2023-Q2", 71.0).assess().status, Status::AtRisk);
        assert_eq!(
            c().at("2023", 73.0).assess_after_end().status,
            Status::Achieved
        );
        assert_eq!(
            c().at("2023", 75.0).assess_after_end().status,
            Status::Missed
        );
        let a = c().at("2023-Q2", 71.0).assess();
        assert!(matches!(a.reason, Reason::OutsideTolerance { .. }));
    }

    #[test]
    fn maintain_without_tolerance_means_exactly_the_target() {
        let c = || Case::new(10.0, 10.0).dir(Direction::Maintain);
        assert_eq!(c().at("2023-Q2", 10.0).assess().status, Status::OnTrack);
        assert_eq!(c().at("2023-Q2", 10.1).assess().status, Status::AtRisk);
    }

    #[test]
    fn every_comparator_is_met_as_it_says_whatever_the_direction() {
        let at = |op, dir, v| {
            Case::new(0.0, 90.0)
                .op(op)
                .dir(dir)
                .at("2023", v)
                .assess()
                .status
        };
        assert_eq!(at(Op::Ge, Direction::Decrease, 90.0), Status::Achieved);
        assert_ne!(at(Op::Gt, Direction::Increase, 90.0), Status::Achieved);
        assert_eq!(at(Op::Gt, Direction::Increase, 90.5), Status::Achieved);
        assert_eq!(at(Op::Le, Direction::Increase, 90.0), Status::Achieved);
        assert_ne!(at(Op::Lt, Direction::Decrease, 90.0), Status::Achieved);
        assert_eq!(at(Op::Lt, Direction::Decrease, 89.0), Status::Achieved);
        assert_eq!(at(Op::Eq, Direction::None, 90.0), Status::Achieved);
        assert_ne!(at(Op::Eq, Direction::None, 90.5), Status::Achieved);
    }

    #[test]
    fn comparator_sets_the_sense_of_the_path() {
        // "≤1.60" on an indicator marked increase still means lower is better.
        let c = Case::new(1.7, 1.6).op(Op::Le).at("2023-H1", 1.64);
        assert_eq!(c.assess().status, Status::OnTrack);
    }

    #[test]
    fn about_is_met_within_one_percent_by_default() {
        let at = |v| Case::new(70.0, 80.0).op(Op::About).at("2023", v).assess();
        assert_eq!(at(80.8).status, Status::Achieved);
        assert_eq!(at(79.2).status, Status::Achieved);
        assert!(matches!(at(80.5).reason, Reason::WithinTolerance { .. }));
        assert_ne!(at(78.0).status, Status::Achieved);
    }

    #[test]
    fn about_uses_the_indicator_tolerance_when_given() {
        let at = |v| {
            Case::new(70.0, 80.0)
                .op(Op::About)
                .tol(5.0)
                .at("2023", v)
                .assess()
                .status
        };
        assert_eq!(at(84.0), Status::Achieved);
        assert_ne!(at(86.0), Status::Achieved);
    }

    #[test]
    fn the_band_is_where_the_rule_compares_with_one() {
        let band = |c: Case| {
            let ind = c.indicator();
            tolerance_band(&ind, ind.target.as_ref().unwrap())
        };
        // maintain, none, = and ~ compare with a band, whatever else is set.
        let maintain = Case::new(73.3, 73.3).dir(Direction::Maintain).tol(1.0);
        assert_eq!(band(maintain), Some((72.3, 74.3)));
        let none = Case::new(0.0, 10.0).dir(Direction::None).tol(0.5);
        assert_eq!(band(none), Some((9.5, 10.5)));
        let eq = Case::new(0.0, 90.0).op(Op::Eq).tol(2.0);
        assert_eq!(band(eq), Some((88.0, 92.0)));
        let about = Case::new(70.0, 80.0).op(Op::About);
        let (lo, hi) = band(about).unwrap();
        assert!((lo - 79.2).abs() < 1e-9 && (hi - 80.8).abs() < 1e-9);
        // Without a tolerance, `=` and maintain mean exactly the target.
        let exact = Case::new(10.0, 10.0).dir(Direction::Maintain);
        assert_eq!(band(exact), Some((10.0, 10.0)));
        // One-way comparisons have none, even with a tolerance given.
        assert_eq!(band(Case::new(0.0, 90.0).tol(1.0)), None);
        let ge = Case::new(0.0, 90.0)
            .dir(Direction::Maintain)
            .op(Op::Ge)
            .tol(1.0);
        assert_eq!(band(ge), None);
        // The band is the one the rule uses: its edges are met, beyond is not.
        let c = || Case::new(0.0, 90.0).op(Op::Eq).tol(2.0);
        assert_eq!(c().at("2023", 92.0).assess().status, Status::Achieved);
        assert_ne!(c().at("2023", 92.1).assess().status, Status::Achieved);
    }

    #[test]
    fn qualitative_targets() {
        let mut c = Case::new(0.0, 0.0);
        c.target = None;
        assert_eq!(c.assess().status, Status::NotReported);
        c.progress.push(entry("2023-Q1", None, None));
        let a = c.assess();
        assert_eq!(a.status, Status::NotAssessed);
        assert!(matches!(a.reason, Reason::Qualitative { .. }));
        // The latest declaration counts, even if a later entry declares nothing.
        let c = c.declare("2023-Q2", None, Status::OnTrack);
        let mut c = c;
        c.progress.push(entry("2023-Q3", None, None));
        let a = c.assess();
        assert_eq!(a.status, Status::OnTrack);
        assert!(a.declared);
        assert_eq!(a.computed, None);
        assert_eq!(a.declared_at, Period::parse("2023-Q2"));
    }

    #[test]
    fn a_declaration_overrides_and_keeps_the_computed_status() {
        let a = Case::new(100.0, 200.0)
            .declare("2023-H1", Some(120.0), Status::OnTrack)
            .assess();
        assert_eq!(a.status, Status::OnTrack);
        assert!(a.declared);
        assert_eq!(a.computed, Some(Status::AtRisk));
        assert!(matches!(a.reason, Reason::BehindPath { .. }));
        // Agreeing declaration: no computed status carried.
        let a = Case::new(100.0, 200.0)
            .declare("2023-H1", Some(190.0), Status::OnTrack)
            .assess();
        assert_eq!((a.declared, a.computed), (true, None));
    }

    #[test]
    fn an_old_declaration_does_not_hide_newer_figures() {
        let a = Case::new(100.0, 200.0)
            .declare("2023-Q1", Some(110.0), Status::OnTrack)
            .at("2023", 205.0)
            .assess();
        assert_eq!((a.status, a.declared), (Status::Achieved, false));
    }

    #[test]
    fn the_latest_entry_is_by_period_not_by_list_order() {
        let a = Case::new(100.0, 200.0)
            .at("2023-Q3", 190.0)
            .at("2023-Q1", 101.0)
            .assess();
        assert_eq!(a.status, Status::OnTrack);
    }

    fn with_targets(ind: &mut Indicator, targets: &[(&str, Option<Op>, f64)]) {
        ind.target = None;
        ind.targets = targets
            .iter()
            .map(|(p, op, v)| bound(p, *op, Some(*v)))
            .collect();
    }

    #[test]
    fn the_current_target_is_the_first_ending_on_or_after_the_latest_entry() {
        let mut ind = Case::new(100.0, 0.0).at("2024-06", 130.0).indicator();
        with_targets(
            &mut ind,
            &[
                ("2023", None, 120.0),
                ("2024..2025", None, 150.0),
                ("2026", None, 160.0),
            ],
        );
        let day = |s: &str| Date::parse(s).unwrap();
        assert_eq!(current_target(&ind, day("2024-09-30")), Some(1));
        ind.progress = vec![entry("2023-Q4", Some(119.0), None)];
        assert_eq!(
            current_target(&ind, day("2024-09-30")),
            Some(0),
            "a 2023 figure is judged against the 2023 target"
        );
        ind.progress = vec![entry("2027", Some(170.0), None)];
        assert_eq!(
            current_target(&ind, day("2027-12-31")),
            Some(2),
            "past every target: the last"
        );
        ind.progress.clear();
        assert_eq!(
            current_target(&ind, day("2024-03-31")),
            Some(1),
            "before any figure: the first not yet ended"
        );
    }

    #[test]
    fn the_path_to_a_later_target_starts_from_the_previous_target() {
        // 2023: 120; 2024..2025: 150. At the end of 2024 the path from
        // (end of 2023, 120) to (end of 2025, 150) is half-way: 135.
        let mut ind = Case::new(100.0, 0.0).at("2024", 136.0).indicator();
        with_targets(
            &mut ind,
            &[("2023", None, 120.0), ("2024..2025", None, 150.0)],
        );
        let (start, from) = path_start(&ind, 1);
        assert_eq!(
            (start.to_string(), from),
            ("2024-01-01".to_string(), Some(120.0))
        );
        let expected = expected_value(&ind, 1, 150.0, Period::parse("2024").unwrap());
        assert!((expected - 135.0).abs() < 0.1, "{expected}");
        let a = assess(&ind, Date::parse("2025-03-31").unwrap());
        assert_eq!(a.status, Status::OnTrack);
        assert!(
            matches!(a.reason, Reason::OnPath { target: TargetFigure { figure: Figure { value, .. }, .. }, .. } if value == 150.0)
        );
        ind.progress = vec![entry("2024", Some(130.0), None)];
        assert_eq!(
            assess(&ind, Date::parse("2025-03-31").unwrap()).status,
            Status::AtRisk
        );
        // The first target's path still starts from the baseline.
        assert_eq!(
            path_start(&ind, 0),
            (Date::parse("2023-01-01").unwrap(), Some(100.0))
        );
    }

    #[test]
    fn each_target_has_its_own_outcome() {
        let mut ind = Case::new(100.0, 0.0)
            .at("2023", 125.0)
            .at("2024-Q2", 128.0)
            .indicator();
        with_targets(
            &mut ind,
            &[
                ("2023", None, 120.0),
                ("2024", None, 140.0),
                ("2025", Some(Op::Ge), 160.0),
            ],
        );
        let day = |s: &str| Date::parse(s).unwrap();
        assert_eq!(
            target_outcomes(&ind, day("2024-09-30")),
            [
                TargetOutcome::Met,
                TargetOutcome::Upcoming,
                TargetOutcome::Upcoming
            ]
        );
        assert_eq!(
            target_outcomes(&ind, day("2026-01-31")),
            [
                TargetOutcome::Met,
                TargetOutcome::NotMet,
                TargetOutcome::NotReported
            ],
            "2024 ended with 128 reported in it; nothing was reported for 2025"
        );
        ind.progress
            .push(entry("2025-01..2025-09", Some(161.0), None));
        assert_eq!(
            target_outcomes(&ind, day("2025-10-31"))[2],
            TargetOutcome::Upcoming,
            "a level figure for part of the year decides nothing yet"
        );
        assert_eq!(
            target_outcomes(&ind, day("2026-01-31"))[2],
            TargetOutcome::NotReported,
            "the year ended without its full-year figure"
        );
        ind.accumulation = Accumulation::Cumulative;
        assert_eq!(
            target_outcomes(&ind, day("2025-10-31"))[2],
            TargetOutcome::Met,
            "a count is met before its period ends"
        );
    }

    #[test]
    fn a_year_to_date_range_counts_as_its_end() {
        let a = Case::new(100.0, 200.0)
            .at("2023-01..2023-09", 180.0)
            .assess();
        assert!(
            matches!(a.reason, Reason::OnPath { period, .. } if period.to_string() == "2023-01..2023-09")
        );
        assert_eq!(
            a.status,
            Status::OnTrack,
            "at the end of September the path expects 175"
        );
        let b = Case::new(100.0, 200.0)
            .at("2023-01..2023-09", 170.0)
            .at("2023-Q2", 190.0)
            .assess();
        assert_eq!(
            b.status,
            Status::AtRisk,
            "the range ends after Q2, so it is the latest entry"
        );
    }

    #[test]
    fn year_to_date_rate_is_not_achieved_in_october() {
        // GDP growth 6.3 % for Jan–Sep against 6.0 % for 2023: a rate can
        // still fall back by December, so the full-year figure decides.
        let c = Case::new(5.5, 6.0).at("2023-01..2023-09", 6.3);
        let a = assess(&c.indicator(), Date::new(2023, 10, 31).unwrap());
        assert_eq!(a.status, Status::OnTrack);
        let Reason::MetEarly { target_period, .. } = a.reason else {
            panic!("{:?}", a.reason)
        };
        assert_eq!(target_period.to_string(), "2023");
        assert_eq!(a.reason.key(), "met-early-year");
        // Still on track after the year ends while only Jan–Sep is known.
        assert_eq!(c.assess_after_end().status, Status::OnTrack);
        // The full-year figure decides.
        let full = Case::new(5.5, 6.0)
            .at("2023-01..2023-09", 6.3)
            .at("2023", 6.1);
        assert_eq!(full.assess_after_end().status, Status::Achieved);
    }

    #[test]
    fn only_cumulative_counts_are_achieved_early() {
        let a = Case::new(0.0, 100.0)
            .cumulative()
            .at("2023-Q2", 101.0)
            .assess();
        assert_eq!(a.status, Status::Achieved);
        assert!(matches!(a.reason, Reason::Met { .. }));
        // A band (~) on a level figure met early is on track too.
        let b = Case::new(70.0, 80.0)
            .op(Op::About)
            .at("2023-Q2", 80.2)
            .assess();
        assert_eq!(b.status, Status::OnTrack);
        assert!(matches!(b.reason, Reason::MetEarly { .. }));
        // And a lower-is-better rate.
        let d = Case::new(1.7, 1.6)
            .dir(Direction::Decrease)
            .at("2023-Q2", 1.59)
            .assess();
        assert_eq!(d.status, Status::OnTrack);
    }

    #[test]
    fn year_to_date_flow_is_compared_with_the_time_proportional_share() {
        // Income of 41,250 yuan for Jan–Sep against 53,677 for 2023: by the
        // end of September 273 of 365 days have passed, so 40,147 is due;
        // the 2022 full-year 50,639 plays no part.
        let c = Case::new(50639.0, 53677.0)
            .cumulative()
            .at("2023-01..2023-09", 41250.0);
        let a = c.assess();
        assert_eq!(a.status, Status::OnTrack);
        let Reason::OnPath {
            expected, share, ..
        } = a.reason
        else {
            panic!("{:?}", a.reason)
        };
        assert!(share);
        assert_eq!(a.reason.key(), "on-share");
        let due = 53677.0 * 273.0 / 365.0;
        assert!((expected.value - due).abs() < 1e-6, "{}", expected.value);
        assert_eq!(a.expected, Some(expected));
        let behind = Case::new(50639.0, 53677.0)
            .cumulative()
            .at("2023-01..2023-09", 39000.0)
            .assess();
        assert_eq!(behind.status, Status::AtRisk);
        assert_eq!(behind.reason.key(), "behind-share");
    }

    #[test]
    fn a_partial_period_figure_carries_the_figure_expected_by_then() {
        let a = Case::new(100.0, 200.0).at("2023-H1", 150.0).assess();
        let expected = a.expected.expect("H1 is part of 2023");
        assert!((expected.value - (100.0 + 100.0 * 181.0 / 365.0)).abs() < 1e-9);
        // Met early: still the figure due by then, for the table.
        let early = Case::new(100.0, 200.0).at("2023-H1", 210.0).assess();
        assert!(early.expected.is_some());
        // A whole-period figure, a band, or no figure: none.
        assert_eq!(
            Case::new(100.0, 200.0).at("2023", 150.0).assess().expected,
            None
        );
        let band = Case::new(73.3, 73.3)
            .dir(Direction::Maintain)
            .tol(1.0)
            .at("2023-Q2", 72.5);
        assert_eq!(band.assess().expected, None);
        assert_eq!(Case::new(100.0, 200.0).assess().expected, None);
    }

    #[test]
    fn latest_entry_is_the_latest_with_a_figure_else_the_latest() {
        let mut words = entry("2023-Q3", None, None);
        words.text = Some(crate::model::Text::plain("zh", "数据待发布"));
        let progress = vec![
            entry("2023-Q2", Some(150.0), None),
            words.clone(),
            entry("2023-Q1", Some(120.0), None),
        ];
        let latest = latest_entry(&progress).unwrap();
        assert_eq!(latest.period.value.to_string(), "2023-Q2");
        assert_eq!(
            latest_entry(&[words]).unwrap().period.value.to_string(),
            "2023-Q3"
        );
        assert!(latest_entry(&[]).is_none());
    }

    #[test]
    fn a_declaration_on_or_after_the_latest_figure_counts() {
        // A declaration without a value after the latest figure counts.
        let a = Case::new(100.0, 200.0)
            .at("2023-Q2", 160.0)
            .declare("2023-Q3", None, Status::AtRisk)
            .assess();
        assert_eq!((a.status, a.declared), (Status::AtRisk, true));
        assert_eq!(a.computed, Some(Status::OnTrack));
        // A declared figure followed by an entry in words only: still declared.
        let mut c = Case::new(100.0, 200.0).declare("2023-Q2", Some(120.0), Status::OnTrack);
        c.progress.push(entry("2023-Q3", None, None));
        assert_eq!(
            (c.assess().status, c.assess().declared),
            (Status::OnTrack, true)
        );
    }

    #[test]
    fn decimals_follow_the_written_digits() {
        let mut i = Case::new(1.0, 2.0).indicator();
        i.target.as_mut().unwrap().value = Some(Decimal {
            value: 1.6,
            literal: "1.60".into(),
            quoted: true,
        });
        assert_eq!(display_decimals(&i), 2);
        i.decimals = Some(1);
        assert_eq!(display_decimals(&i), 1);
    }
}
