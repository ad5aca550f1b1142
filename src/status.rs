//! The status rules of SPEC §2, as pure functions of an indicator and the
//! `as_of` date. Nothing here formats text: a [`Reason`] carries the figures
//! that were compared, and the theme's strings turn it into a sentence in each
//! language (see `render::i18n`).

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
    /// Not yet met, but at or ahead of the expected path.
    OnPath {
        value: Figure,
        period: Period,
        expected: Figure,
        target: TargetFigure,
    },
    /// Behind the expected path.
    BehindPath {
        value: Figure,
        period: Period,
        expected: Figure,
        target: TargetFigure,
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
            Reason::WithinTolerance { .. } => "within-tolerance",
            Reason::OutsideTolerance { .. } => "outside-tolerance",
            Reason::OnPath { .. } => "on-path",
            Reason::BehindPath { .. } => "behind-path",
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

pub fn assess(indicator: &Indicator, as_of: Date) -> Assessment {
    let entries = chronological(&indicator.progress);
    let decimals = display_decimals(indicator);
    let numeric_target = indicator
        .target
        .as_ref()
        .and_then(|t| t.value.as_ref().map(|v| (t, v.value)));

    let Some((target, target_value)) = numeric_target else {
        return assess_qualitative(&entries);
    };

    let computed = match entries
        .iter()
        .rev()
        .find_map(|p| Some((p, p.value.as_ref()?.value)))
    {
        None => (Status::NotReported, Reason::NoProgress),
        Some((entry, value)) => compute(
            indicator,
            target,
            target_value,
            entry.period.value,
            value,
            decimals,
            as_of,
        ),
    };

    // On a computable target only a declaration on the latest entry counts:
    // an older one would hide newer figures.
    let declaration = entries
        .last()
        .and_then(|p| Some((p.status.as_ref()?.value, p.period.value)));
    match declaration {
        Some((declared, period)) => Assessment {
            status: declared,
            declared: true,
            computed: (declared != computed.0).then_some(computed.0),
            reason: computed.1,
            declared_at: Some(period),
        },
        None => Assessment {
            status: computed.0,
            declared: false,
            computed: None,
            reason: computed.1,
            declared_at: None,
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
        },
        (None, Some(latest)) => Assessment {
            status: Status::NotAssessed,
            declared: false,
            computed: None,
            reason: Reason::Qualitative {
                period: latest.period.value,
            },
            declared_at: None,
        },
        (None, None) => Assessment {
            status: Status::NotReported,
            declared: false,
            computed: None,
            reason: Reason::NoProgress,
            declared_at: None,
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

/// The band `(low, high)` around the indicator's numeric target that the
/// status rule counts as meeting it, when the rule compares with a band
/// (`=`, `~`, and `maintain` or `none` without a comparator); `None` when
/// it compares one way or the target has no figure. The chart draws this.
pub fn tolerance_band(indicator: &Indicator) -> Option<(f64, f64)> {
    let target = indicator.target.as_ref()?;
    let value = target.value.as_ref()?.value;
    match comparison(indicator, target.op, value) {
        Comparison::Within(tolerance) => Some((value - tolerance, value + tolerance)),
        _ => None,
    }
}

/// The fraction of `period` that has elapsed by the end of `at` (0…1).
pub fn elapsed_fraction(period: Period, at: Period) -> f64 {
    let start = period.start().days();
    let done = at.end().days() - start + 1;
    (done as f64 / period.days() as f64).clamp(0.0, 1.0)
}

/// Where the value should be at the end of `at`, on the straight path from
/// the baseline (or zero, for counts that accumulate) to the target.
pub fn expected_value(indicator: &Indicator, target: &Bound, target_value: f64, at: Period) -> f64 {
    let f = elapsed_fraction(target.period.value, at);
    match indicator.accumulation {
        Accumulation::Cumulative => target_value * f,
        Accumulation::Level => {
            let baseline = indicator
                .baseline
                .as_ref()
                .and_then(|b| b.value.as_ref())
                .map(|v| v.value);
            match baseline {
                Some(b) => b + (target_value - b) * f,
                None => target_value,
            }
        }
    }
}

fn compute(
    indicator: &Indicator,
    target: &Bound,
    target_value: f64,
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
    let expected = expected_value(indicator, target, target_value, period);
    let ahead = match sense {
        Sense::Up => value.value >= expected - 1e-9,
        _ => value.value <= expected + 1e-9,
    };
    let expected = fig(expected);
    if ahead {
        (
            Status::OnTrack,
            Reason::OnPath {
                value,
                period,
                expected,
                target: target_fig,
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
            },
        )
    }
}

/// A measure's status: the worst of its indicators', else its own declared
/// `status`, else `not-reported`.
pub fn measure_status(indicator_statuses: &[Status], declared: Option<Status>) -> Status {
    match indicator_statuses.iter().min() {
        Some(worst) => *worst,
        None => declared.unwrap_or(Status::NotReported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::fixtures::{bound, dec, entry};
    use crate::model::{Decimal, Spanned, Text};

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
                id: Spanned::new("x".into(), Pos::START),
                name: Text::plain("en", "X"),
                unit: None,
                direction: self.direction,
                accumulation: self.accumulation,
                decimals: None,
                tolerance: self.tolerance.map(dec),
                baseline: self.baseline.map(|b| bound("2022", None, Some(b))),
                target: Some(match self.target {
                    Some((op, v)) => bound("2023", op, Some(v)),
                    None => bound("2023", None, None),
                }),
                targets: vec![],
                progress: self.progress.clone(),
                note: None,
                definition: None,
                method: None,
                data_source: None,
                frequency: None,
                next_update: None,
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
        let a = Case::new(100.0, 200.0).at("2023-Q2", 201.0).assess();
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
        assert_eq!(c().at("2023-Q2", 1.59).assess().status, Status::Achieved);
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
                .at("2023-Q2", v)
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
        let at = |v| {
            Case::new(70.0, 80.0)
                .op(Op::About)
                .at("2023-Q2", v)
                .assess()
        };
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
                .at("2023-Q2", v)
                .assess()
                .status
        };
        assert_eq!(at(84.0), Status::Achieved);
        assert_ne!(at(86.0), Status::Achieved);
    }

    #[test]
    fn the_band_is_where_the_rule_compares_with_one() {
        let band = |c: Case| tolerance_band(&c.indicator());
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
        assert_eq!(c().at("2023-Q2", 92.0).assess().status, Status::Achieved);
        assert_ne!(c().at("2023-Q2", 92.1).assess().status, Status::Achieved);
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
            .at("2023-Q2", 205.0)
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

    #[test]
    fn worst_of_rule_for_measures() {
        use Status::*;
        assert_eq!(measure_status(&[Achieved, OnTrack], None), OnTrack);
        assert_eq!(measure_status(&[Achieved, NotAssessed], None), NotAssessed);
        assert_eq!(
            measure_status(&[NotAssessed, NotReported], None),
            NotReported
        );
        assert_eq!(measure_status(&[NotReported, AtRisk], None), AtRisk);
        assert_eq!(measure_status(&[AtRisk, Missed, Achieved], None), Missed);
        assert_eq!(measure_status(&[], Some(OnTrack)), OnTrack);
        assert_eq!(measure_status(&[], None), NotReported);
        assert_eq!(measure_status(&[Achieved], Some(Missed)), Achieved);
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
