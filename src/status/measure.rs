//! A measure's status (SPEC §2 and §6): the worst of what its indicators
//! and its milestones compute; a measure with neither takes its own
//! `status:`; and the latest update that declares a status overrides
//! whatever was computed, which is kept beside it.

use serde::Serialize;

use super::milestones::{assess_milestones, MilestonesAssessment};
use crate::model::{Measure, Status};
use crate::period::Date;

/// Where a measure's status comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureBasis {
    /// The worst of its indicators and milestones.
    Computed,
    /// Declared by the update of this date.
    Update(Date),
    /// Its own top-level `status:` (a measure without indicators or milestones).
    Own,
    /// Nothing to go by.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureAssessment {
    pub status: Status,
    pub basis: MeasureBasis,
    /// What the indicators and milestones compute, when a declaration
    /// says otherwise.
    pub computed: Option<Status>,
    pub milestones: Option<MilestonesAssessment>,
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
    let computed = indicator_statuses
        .iter()
        .copied()
        .chain(milestones.as_ref().map(|m| m.status))
        .min();
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
        (None, None, None) => (Status::NotReported, MeasureBasis::Nothing),
    };
    MeasureAssessment {
        status,
        basis,
        computed: computed.filter(|c| basis != MeasureBasis::Computed && *c != status),
        milestones,
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
        Measure {
            id: Spanned::new("m".into(), Pos::START),
            number: None,
            category: None,
            title: Text::plain("zh", "任务"),
            lead: vec![],
            units: vec![],
            assessment: None,
            summary: None,
            tasks: vec![],
            indicators: vec![],
            status: None,
            status_note: None,
            updates: vec![],
            milestones: vec![],
        }
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
    fn the_worst_indicator_sets_the_measure() {
        use Status::*;
        let m = measure();
        let of = |statuses: &[Status]| assess(&m, statuses, "2023-06-30").status;
        assert_eq!(of(&[Achieved, OnTrack]), OnTrack);
        assert_eq!(of(&[Achieved, NotAssessed]), NotAssessed);
        assert_eq!(of(&[NotAssessed, NotReported]), NotReported);
        assert_eq!(of(&[NotReported, AtRisk]), AtRisk);
        assert_eq!(of(&[AtRisk, Missed, Achieved]), Missed);
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
