//! A measure's status (SPEC §2 and §6): the worst of what its indicators
//! that have reported and its milestones compute; a measure with neither
//! takes its own `status:`; and the latest update that declares a status
//! overrides whatever was computed, which is kept beside it.

use serde::Serialize;

use super::milestones::{assess_milestones, MilestonesAssessment};
use crate::model::{Measure, Status};
use crate::period::Date;

/// The statuses a measure's status is the worst of, worst first.
/// `not-reported` is not among them: an indicator that has not reported
/// says nothing about how the measure is going, and is counted instead
/// ([`Reported`]).
pub const WORST_FIRST: [Status; 5] = [
    Status::Missed,
    Status::AtRisk,
    Status::NotAssessed,
    Status::OnTrack,
    Status::Achieved,
];

/// A status's place in [`WORST_FIRST`] (`not-reported`, which is left
/// out before statuses are ranked, last).
fn rank(s: Status) -> usize {
    WORST_FIRST
        .iter()
        .position(|w| *w == s)
        .unwrap_or(WORST_FIRST.len())
}

/// Where a measure's status comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureBasis {
    /// The worst of its indicators that have reported and its milestones.
    Computed,
    /// Declared by the update of this date.
    Update(Date),
    /// Its own top-level `status:` (a measure without indicators or milestones).
    Own,
    /// Only updates in words, none declaring a status: `not-assessed`.
    Updates,
    /// Nothing to go by.
    Nothing,
}

/// How many of a measure's indicators have reported ("2 of 3 indicators
/// reported"): those whose status is not `not-reported`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Reported {
    pub reported: usize,
    pub total: usize,
}

impl Reported {
    pub fn all(self) -> bool {
        self.reported == self.total
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureAssessment {
    pub status: Status,
    pub basis: MeasureBasis,
    /// What the indicators and milestones compute, when a declaration
    /// says otherwise.
    pub computed: Option<Status>,
    pub milestones: Option<MilestonesAssessment>,
    /// How many of its indicators have reported.
    pub indicators: Reported,
}

impl MeasureAssessment {
    pub fn declared(&self) -> bool {
        matches!(self.basis, MeasureBasis::Update(_) | MeasureBasis::Own)
    }
}

/// `indicator_statuses`: the statuses of the indicators the measure lists;
/// `plan_end`: the end of the plan period.
pub fn assess_measure(
    measure: &Measure,
    indicator_statuses: &[Status],
    plan_end: Date,
    as_of: Date,
) -> MeasureAssessment {
    let milestones = assess_milestones(&measure.milestones, plan_end, as_of);
    let reported: Vec<Status> = indicator_statuses
        .iter()
        .copied()
        .filter(|s| *s != Status::NotReported)
        .collect();
    let indicators = Reported {
        reported: reported.len(),
        total: indicator_statuses.len(),
    };
    let computed = reported
        .into_iter()
        .chain(milestones.as_ref().map(|m| m.status))
        .min_by_key(|s| rank(*s))
        // Achieved only when every indicator has reported and achieved.
        .map(|s| match s {
            Status::Achieved if !indicators.all() => Status::OnTrack,
            s => s,
        });
    let declaration = measure
        .updates
        .iter()
        .filter(|u| u.status.is_some())
        .max_by_key(|u| u.date.value)
        .and_then(|u| Some((u.status.as_ref()?.value, u.date.value)));
    let own = measure.status.as_ref().map(|s| s.value);
    let (status, basis) = match (declaration, computed, own) {
        (Some((declared, date)), _, _) => (declared, MeasureBasis::Update(date)),
        (None, Some(c), _) => (c, MeasureBasis::Computed),
        (None, None, Some(own)) => (own, MeasureBasis::Own),
        // Progress told in words is progress: not "no progress".
        (None, None, None) if !measure.updates.is_empty() => {
            (Status::NotAssessed, MeasureBasis::Updates)
        }
        (None, None, None) => (Status::NotReported, MeasureBasis::Nothing),
    };
    MeasureAssessment {
        status,
        basis,
        computed: computed.filter(|c| basis != MeasureBasis::Computed && *c != status),
        milestones,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{Milestone, Spanned, Text, Update};
    use crate::period::Period;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn measure() -> Measure {
        Measure::new(
            Spanned::new("m".into(), Pos::START),
            Text::plain("zh", "任务"),
        )
    }

    fn update(date: &str, status: Option<Status>) -> Update {
        Update {
            date: Spanned::new(day(date), Pos::START),
            text: Text::plain("zh", "进展"),
            status: status.map(|s| Spanned::new(s, Pos::START)),
            source: None,
            pos: Pos::START,
        }
    }

    fn milestone(due: &str, done: Option<&str>) -> Milestone {
        Milestone {
            id: Spanned::new("s".into(), Pos::START),
            title: Text::plain("zh", "步骤"),
            due: Spanned::new(Period::parse(due).unwrap(), Pos::START),
            done: done.map(|d| Spanned::new(day(d), Pos::START)),
            evidence: None,
            pos: Pos::START,
        }
    }

    const END: &str = "2023-12-31";

    fn assess(m: &Measure, indicators: &[Status], as_of: &str) -> MeasureAssessment {
        assess_measure(m, indicators, day(END), day(as_of))
    }

    #[test]
    fn nothing_to_go_by_is_not_reported_and_the_own_status_counts_without_indicators() {
        let mut m = measure();
        assert_eq!(assess(&m, &[], "2023-06-30").status, Status::NotReported);
        m.status = Some(Spanned::new(Status::OnTrack, Pos::START));
        let a = assess(&m, &[], "2023-06-30");
        assert_eq!(
            (a.status, a.basis, a.declared()),
            (Status::OnTrack, MeasureBasis::Own, true)
        );
    }

    #[test]
    fn the_worst_indicator_that_has_reported_sets_the_measure() {
        use Status::*;
        let m = measure();
        let of = |statuses: &[Status]| assess(&m, statuses, "2023-06-30").status;
        assert_eq!(of(&[Achieved, OnTrack]), OnTrack);
        assert_eq!(of(&[Achieved, NotAssessed]), NotAssessed);
        assert_eq!(of(&[NotAssessed, NotReported]), NotAssessed);
        assert_eq!(of(&[NotReported, AtRisk]), AtRisk);
        assert_eq!(of(&[AtRisk, Missed, Achieved]), Missed);
        assert_eq!(of(&[NotReported, NotReported]), NotReported);
        let a = assess(&m, &[OnTrack, NotReported, AtRisk], "2023-06-30");
        assert_eq!(
            a.indicators,
            Reported {
                reported: 2,
                total: 3
            }
        );
    }

    #[test]
    fn gdp_measure_is_not_no_progress_above_an_achieved_indicator() {
        // One indicator achieved, the others not yet reported: the measure
        // has progress, but cannot be achieved until all have reported.
        use Status::*;
        let a = assess(
            &measure(),
            &[Achieved, NotReported, NotReported],
            "2023-10-31",
        );
        assert_eq!((a.status, a.basis), (OnTrack, MeasureBasis::Computed));
        assert_eq!(
            a.indicators,
            Reported {
                reported: 1,
                total: 3
            }
        );
        assert!(!a.indicators.all());
        let all = assess(&measure(), &[Achieved, Achieved], "2023-10-31");
        assert_eq!(all.status, Achieved);
        assert!(all.indicators.all());
    }

    #[test]
    fn key_work_with_two_updates_and_two_on_track_indicators_is_not_not_reported() {
        use Status::*;
        let mut m = measure();
        m.updates = vec![update("2023-06-30", None), update("2023-09-30", None)];
        let a = assess(&m, &[OnTrack, OnTrack, NotReported], "2023-10-31");
        assert_eq!((a.status, a.basis), (OnTrack, MeasureBasis::Computed));
        assert_eq!(a.indicators.reported, 2);
    }

    #[test]
    fn more_data_never_turns_at_risk_into_not_reported() {
        // Before: one indicator behind, one silent. After: the behind one
        // reports a figure on the path. The measure improves; it never
        // falls back to "not reported" for having more data.
        use Status::*;
        let m = measure();
        let before = assess(&m, &[AtRisk, NotReported], "2023-07-31").status;
        let after = assess(&m, &[OnTrack, NotReported], "2023-10-31").status;
        assert_eq!((before, after), (AtRisk, OnTrack));
    }

    #[test]
    fn updates_in_words_without_a_status_are_not_assessed_not_no_progress() {
        let mut m = measure();
        m.updates = vec![update("2023-06-30", None)];
        let a = assess(&m, &[], "2023-10-31");
        assert_eq!(
            (a.status, a.basis),
            (Status::NotAssessed, MeasureBasis::Updates)
        );
        // Its own status, being declared, still wins over that.
        m.status = Some(Spanned::new(Status::AtRisk, Pos::START));
        assert_eq!(assess(&m, &[], "2023-10-31").status, Status::AtRisk);
    }

    #[test]
    fn milestones_count_when_no_indicator_has_reported_but_never_make_it_achieved() {
        let mut m = measure();
        m.milestones = vec![milestone("2023-06", Some("2023-05-01"))];
        let a = assess(&m, &[Status::NotReported], "2023-09-30");
        assert_eq!(
            a.status,
            Status::OnTrack,
            "all milestones done, one indicator silent"
        );
        let b = assess(&m, &[], "2023-09-30");
        assert_eq!(b.status, Status::Achieved);
    }

    #[test]
    fn indicators_and_milestones_take_the_worst_of_both() {
        let mut m = measure();
        m.milestones = vec![milestone("2023-06", None)];
        let a = assess(&m, &[Status::Achieved, Status::OnTrack], "2023-09-30");
        assert_eq!(
            (a.status, a.basis),
            (Status::AtRisk, MeasureBasis::Computed)
        );
        let b = assess(&m, &[Status::Missed], "2023-09-30");
        assert_eq!(b.status, Status::Missed);
        m.milestones = vec![milestone("2023-06", Some("2023-06-01"))];
        assert_eq!(
            assess(&m, &[Status::OnTrack], "2023-09-30").status,
            Status::OnTrack
        );
    }

    #[test]
    fn the_latest_declaring_update_overrides_and_the_computed_status_is_kept() {
        let mut m = measure();
        m.milestones = vec![milestone("2023-06", None)];
        m.updates = vec![
            update("2023-09-30", Some(Status::OnTrack)),
            update("2023-10-15", None),
            update("2023-07-01", Some(Status::Missed)),
        ];
        let a = assess(&m, &[], "2023-10-31");
        assert_eq!(
            a.status,
            Status::OnTrack,
            "the latest update with a status, by date, not by list order"
        );
        assert_eq!(a.basis, MeasureBasis::Update(day("2023-09-30")));
        assert_eq!(a.computed, Some(Status::AtRisk));
        m.updates = vec![update("2023-09-30", Some(Status::AtRisk))];
        assert_eq!(
            assess(&m, &[], "2023-10-31").computed,
            None,
            "no side-by-side when they agree"
        );
    }

    #[test]
    fn an_update_declaration_wins_over_the_own_status() {
        let mut m = measure();
        m.status = Some(Spanned::new(Status::Achieved, Pos::START));
        m.updates = vec![update("2023-09-30", Some(Status::AtRisk))];
        let a = assess(&m, &[], "2023-10-31");
        assert_eq!(
            (a.status, a.basis),
            (Status::AtRisk, MeasureBasis::Update(day("2023-09-30")))
        );
    }
}
