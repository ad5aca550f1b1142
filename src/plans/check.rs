//! The rules of SPEC §10 between plans: what `continues`, `serves`,
//! `follows`, `parent` and `discontinued` point at, and what changed along
//! them.

use crate::diagnostics::Diagnostics;
use crate::model::*;

/// Checks the links between the plans of `content` (each plan also given as
/// the content of a one-plan site, with its configuration).
pub fn check(content: &Content, plans: &[(PlanConfig, Content)], diagnostics: &mut Diagnostics) {
    let _ = (content, plans, diagnostics);
}
