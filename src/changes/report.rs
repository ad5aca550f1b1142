//! The changes as the `diff` command prints them: a human summary, the
//! change objects of `changes.json`, or Markdown for a comment on a pull
//! request (a summary line, a table per kind, capped in length).

use super::diff::{counts, Change, Kind};

/// What a kind is called on the command line and in Markdown, singular
/// and plural.
pub fn kind_words(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::MeasureAdded => ("measure added", "measures added"),
        Kind::MeasureRemoved => ("measure removed", "measures removed"),
        Kind::IndicatorAdded => ("indicator added", "indicators added"),
        Kind::IndicatorRemoved => ("indicator removed", "indicators removed"),
        Kind::MilestoneAdded => ("milestone added", "milestones added"),
        Kind::MilestoneRemoved => ("milestone removed", "milestones removed"),
        Kind::ProgressAdded => ("progress entry added", "progress entries added"),
        Kind::UpdateAdded => ("update added", "updates added"),
        Kind::ValueRevised => ("value revised", "values revised"),
        Kind::BaselineChanged => ("baseline changed", "baselines changed"),
        Kind::TargetChanged => ("target changed", "targets changed"),
        Kind::StatusChanged => ("status changed", "statuses changed"),
        Kind::MilestoneDone => ("milestone done", "milestones done"),
        Kind::TitleChanged => ("title changed", "titles changed"),
        Kind::SummaryChanged => ("summary changed", "summaries changed"),
        Kind::TaskChanged => ("task text changed", "task texts changed"),
    }
}

fn counted(kind: Kind, n: usize) -> String {
    let (one, many) = kind_words(kind);
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `12 changes: 3 values revised (1 not flagged), 2 progress entries added`.
pub fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes".to_string();
    }
    let parts: Vec<String> = counts(changes)
        .into_iter()
        .map(|(k, n)| {
            let silent = changes
                .iter()
                .filter(|c| c.kind == k && c.is_silent_revision())
                .count();
            if silent > 0 {
                format!("{} ({silent} not flagged `revised`)", counted(k, n))
            } else {
                counted(k, n)
            }
        })
        .collect();
    format!(
        "{} change{}: {}",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// Where a change is: `collection/measure[/indicator][#milestone]`.
pub fn place(c: &Change) -> String {
    let mut s = format!("{}/{}", c.collection, c.measure);
    if let Some(i) = &c.indicator {
        s.push('/');
        s.push_str(i);
    }
    if let Some(m) = &c.milestone {
        s.push('#');
        s.push_str(m);
    }
    s
}

/// What a change says beyond its kind and place, in one line.
fn detail(c: &Change) -> String {
    let mut parts = Vec::new();
    if let Some(t) = c.task {
        parts.push(format!("task {t}"));
    }
    if let Some(l) = &c.lang {
        parts.push(format!("[{l}]"));
    }
    if let Some(p) = &c.period {
        parts.push(p.clone());
    }
    let side = |s: &Option<super::Side>| s.as_ref().map_or("—".into(), |s| one_line(&s.plain()));
    match (&c.old, &c.new) {
        (None, None) => {}
        (None, Some(_)) => parts.push(side(&c.new)),
        _ => parts.push(format!("{} → {}", side(&c.old), side(&c.new))),
    }
    if c.is_silent_revision() {
        parts.push("(not flagged `revised`)".into());
    }
    parts.join(" ")
}

fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 80 {
        let cut: String = flat.chars().take(79).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// The human summary: a line saying what is compared and how much
/// changed, then one line per change.
pub fn human(from: &str, to: &str, changes: &[Change]) -> String {
    let mut out = format!("{from} → {to}: {}\n", summary(changes));
    for c in changes {
        let line = format!("  {:<22} {} {}", c.kind.as_str(), place(c), detail(c));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The change objects, as in `changes.json`.
pub fn json(changes: &[Change]) -> String {
    let mut s = serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// Rows a Markdown comment shows in all; the rest are counted.
pub const MARKDOWN_ROWS: usize = 50;

fn cell(s: &str) -> String {
    one_line(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown for a comment on a pull request: a summary line, then a
/// table per kind of change, at most [`MARKDOWN_ROWS`] rows in all.
pub fn markdown(from: &str, to: &str, changes: &[Change]) -> String {
    let mut out = format!(
        "### What changed: `{}` → `{}`\n\n**{}**\n",
        cell(from),
        cell(to),
        summary(changes)
    );
    let silent = changes.iter().filter(|c| c.is_silent_revision()).count();
    if silent > 0 {
        out.push_str(&format!(
            "\n> **Warning:** {silent} released value{} changed without `flag: revised`.\n",
            if silent == 1 { "" } else { "s" }
        ));
    }
    let mut shown = 0;
    let mut left = 0;
    for (kind, n) in counts(changes) {
        let (_, title) = kind_words(kind);
        let mut title = title.to_string();
        if let Some(first) = title.get(0..1) {
            title = first.to_uppercase() + &title[1..];
        }
        out.push_str(&format!("\n#### {title} ({n})\n\n"));
        out.push_str("| Where | What | Old | New |\n|---|---|---|---|\n");
        let of_kind = changes.iter().filter(|c| c.kind == kind);
        let mut hidden = 0;
        for c in of_kind {
            if shown >= MARKDOWN_ROWS {
                hidden += 1;
                continue;
            }
            shown += 1;
            let mut what = Vec::new();
            if let Some(t) = c.task {
                what.push(format!("task {t}"));
            }
            if let Some(l) = &c.lang {
                what.push(l.clone());
            }
            if let Some(p) = &c.period {
                what.push(p.clone());
            }
            if c.is_silent_revision() {
                what.push("**not flagged `revised`**".into());
            } else if c.flagged == Some(true) {
                what.push("flagged `revised`".into());
            }
            let side =
                |s: &Option<super::Side>| s.as_ref().map_or(String::new(), |s| cell(&s.plain()));
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                cell(&place(c)),
                what.join(", "),
                side(&c.old),
                side(&c.new)
            ));
        }
        if hidden > 0 {
            out.push_str(&format!("\n…and {hidden} more.\n"));
            left += hidden;
        }
    }
    if left > 0 {
        out.push_str(&format!(
            "\n_{left} change{} not shown; run `gongkai diff` for all._\n",
            if left == 1 { "" } else { "s" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::diff::{Change, Kind, Side};

    fn revised(i: usize, flagged: bool) -> Change {
        Change {
            kind: Kind::ValueRevised,
            collection: "works".into(),
            measure: format!("m{i:03}"),
            indicator: Some("x".into()),
            milestone: None,
            task: None,
            lang: None,
            period: Some("2023-06".into()),
            old: Some(Side::Word("1|2".into())),
            new: Some(Side::Word("3".into())),
            flagged: Some(flagged),
            diff: Vec::new(),
        }
    }

    #[test]
    fn markdown_is_capped_and_counts_the_rest() {
        let changes: Vec<Change> = (0..MARKDOWN_ROWS + 7).map(|i| revised(i, i > 0)).collect();
        let md = markdown("r1", "current content", &changes);
        assert!(
            md.contains(&format!(
                "**{} changes: {} values revised (1 not flagged `revised`)**",
                MARKDOWN_ROWS + 7,
                MARKDOWN_ROWS + 7
            )),
            "{md}"
        );
        assert!(md.contains("> **Warning:** 1 released value changed without `flag: revised`."));
        assert_eq!(md.matches("| `works/").count(), MARKDOWN_ROWS);
        assert!(md.contains("…and 7 more.") && md.contains("_7 changes not shown"));
        assert!(md.contains("| 1\\|2 |"), "pipes in cells are escaped");
    }

    #[test]
    fn nothing_changed_reads_so() {
        assert_eq!(human("r1", "r2", &[]), "r1 → r2: no changes\n");
        assert!(markdown("r1", "r2", &[]).contains("**no changes**"));
    }
}
