//! The status of a measure's milestones (SPEC §6): each milestone is done,
//! done late, overdue or upcoming at `as_of`, and the measure's milestones
//! together are achieved, missed, at risk or on track.

use serde::Serialize;

use crate::model::{Milestone, Status};
use crate::period::Date;

/// Where one milestone stands at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneState {
    /// Done by the end of its due period.
    Done,
    /// Done, after its due period ended.
    DoneLate,
    /// Not done, and its due period ended before `as_of`.
    Overdue,
    /// Not done, and not yet due.
    Upcoming,
}

impl MilestoneState {
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Done => "done",
            MilestoneState::DoneLate => "done-late",
            MilestoneState::Overdue => "overdue",
            MilestoneState::Upcoming => "upcoming",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, MilestoneState::Done | MilestoneState::DoneLate)
    }
}

pub fn milestone_state(m: &Milestone, as_of: Date) -> MilestoneState {
    let due = m.due.value.end();
    match m.done.as_ref().map(|d| d.value) {
        Some(done) if done <= due => MilestoneState::Done,
        Some(_) => MilestoneState::DoneLate,
        None if due < as_of => MilestoneState::Overdue,
        None => MilestoneState::Upcoming,
    }
}

/// Why a measure's milestones give their status; indices point into the
/// measure's `milestones`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum MilestoneReason {
    /// Every milestone is done.
    AllDone { total: usize },
    /// The plan period has ended and some are not done; `open` lists them.
    PlanEnded {
        done: usize,
        total: usize,
        open: Vec<usize>,
        ended: Date,
    },
    /// Some are overdue.
    Overdue {
        done: usize,
        total: usize,
        overdue: Vec<usize>,
    },
    /// Nothing is overdue.
    NothingOverdue {
        done: usize,
        total: usize,
        /// The next one due, if any is left.
        next: Option<usize>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestonesAssessment {
    pub status: Status,
    pub reason: MilestoneReason,
    /// Each milestone's state, in the measure's order.
    pub states: Vec<MilestoneState>,
}

/// The status of `milestones` at `as_of` (`None` when there are none);
/// `plan_end` is the end of the plan period (site.yaml `period.end`).
pub fn assess_milestones(
    milestones: &[Milestone],
    plan_end: Date,
    as_of: Date,
) -> Option<MilestonesAssessment> {
    if milestones.is_empty() {
        return None;
    }
    let states: Vec<MilestoneState> = milestones
        .iter()
        .map(|m| milestone_state(m, as_of))
        .collect();
    let total = states.len();
    let done = states.iter().filter(|s| s.is_done()).count();
    let open: Vec<usize> = (0..total).filter(|i| !states[*i].is_done()).collect();
    let overdue: Vec<usize> = (0..total)
        .filter(|i| states[*i] == MilestoneState::Overdue)
        .collect();
    let (status, reason) = if open.is_empty() {
        (Status::Achieved, MilestoneReason::AllDone { total })
    } else if plan_end <= as_of {
        (
            Status::Missed,
            MilestoneReason::PlanEnded {
                done,
                total,
                open,
                ended: plan_end,
            },
        )
    } else if !overdue.is_empty() {
        (
            Status::AtRisk,
            MilestoneReason::Overdue {
                done,
                total,
                overdue,
            },
        )
    } else {
        let next = open
            .iter()
            .copied()
            .min_by_key(|i| (milestones[*i].due.value.end(), *i));
        (
            Status::OnTrack,
            MilestoneReason::NothingOverdue { done, total, next },
        )
    };
    Some(MilestonesAssessment {
        status,
        reason,
        states,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{Spanned, Text};
    use crate::period::Period;

    fn ms(due: &str, done: Option<&str>) -> Milestone {
        Milestone {
            id: Spanned::new("m".into(), Pos::START),
            title: Text::plain("zh", "步骤"),
            due: Spanned::new(Period::parse(due).unwrap(), Pos::START),
            done: done.map(|d| Spanned::new(Date::parse(d).unwrap(), Pos::START)),
            evidence: None,
            pos: Pos::START,
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const PLAN_END: &str = "2023-12-31";

    fn assess(list: &[Milestone], as_of: &str) -> MilestonesAssessment {
        assess_milestones(list, day(PLAN_END), day(as_of)).unwrap()
    }

    #[test]
    fn each_milestone_is_done_done_late_overdue_or_upcoming() {
        let as_of = day("2023-09-30");
        assert_eq!(
            milestone_state(&ms("2023-06", Some("2023-06-30")), as_of),
            MilestoneState::Done
        );
        assert_eq!(
            milestone_state(&ms("2023-06", Some("2023-07-01")), as_of),
            MilestoneState::DoneLate
        );
        assert_eq!(
            milestone_state(&ms("2023-06", None), as_of),
            MilestoneState::Overdue
        );
        assert_eq!(
            milestone_state(&ms("2023-09", None), as_of),
            MilestoneState::Upcoming,
            "due at the end of as_of's own day is not yet overdue"
        );
        assert_eq!(
            milestone_state(&ms("2023-Q4", None), as_of),
            MilestoneState::Upcoming
        );
    }

    #[test]
    fn every_milestone_done_is_achieved_even_late() {
        let a = assess(
            &[
                ms("2023-06", Some("2023-05-20")),
                ms("2023-06", Some("2023-08-01")),
            ],
            "2023-09-30",
        );
        assert_eq!(a.status, Status::Achieved);
        assert_eq!(a.reason, MilestoneReason::AllDone { total: 2 });
        assert_eq!(a.states, [MilestoneState::Done, MilestoneState::DoneLate]);
    }

    #[test]
    fn an_overdue_milestone_puts_the_measure_at_risk_and_is_named() {
        let a = assess(
            &[
                ms("2023-03", Some("2023-03-01")),
                ms("2023-06", None),
                ms("2023-Q3", None),
                ms("2023-12", None),
            ],
            "2023-10-15",
        );
        assert_eq!(a.status, Status::AtRisk);
        assert_eq!(
            a.reason,
            MilestoneReason::Overdue {
                done: 1,
                total: 4,
                overdue: vec![1, 2],
            }
        );
    }

    #[test]
    fn nothing_overdue_is_on_track_with_the_next_one_due() {
        let a = assess(
            &[
                ms("2023-12", None),
                ms("2023-06", Some("2023-06-01")),
                ms("2023-09", None),
            ],
            "2023-08-31",
        );
        assert_eq!(a.status, Status::OnTrack);
        assert_eq!(
            a.reason,
            MilestoneReason::NothingOverdue {
                done: 1,
                total: 3,
                next: Some(2)
            }
        );
    }

    #[test]
    fn the_plan_period_ended_with_a_milestone_open_is_missed() {
        let a = assess(
            &[ms("2023-12", None), ms("2023-06", Some("2023-06-01"))],
            PLAN_END,
        );
        assert_eq!(a.status, Status::Missed);
        assert_eq!(
            a.reason,
            MilestoneReason::PlanEnded {
                done: 1,
                total: 2,
                open: vec![0],
                ended: day(PLAN_END)
            }
        );
        let later = assess(&[ms("2024-06", None)], "2024-01-31");
        assert_eq!(
            later.status,
            Status::Missed,
            "a milestone due after the plan's end is still open when the plan ends"
        );
    }

    #[test]
    fn no_milestones_no_assessment() {
        assert_eq!(
            assess_milestones(&[], day(PLAN_END), day("2023-01-01")),
            None
        );
    }
}
