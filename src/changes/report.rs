//! The changes as the `diff` command prints them: a human summary, the
//! change objects of `changes.json`, or Markdown for a comment on a pull
//! request (a summary line, a table per kind, capped in length). Texts
//! are quoted in the site's default language.

use super::diff::{counts, Change, Kind, Side};
use super::snapshot::{Snapshot, Texts};

/// The two states compared, by name, and the language texts are quoted in.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// The newer state, where an added update's text is read.
    pub new: &'a Snapshot,
    /// The site's default language (`languages[0]` of `site.yaml`).
    pub lang: &'a str,
}

impl Compared<'_> {
    /// A text in the default language, else in the first language it has.
    fn text<'t>(&self, t: &'t Texts) -> Option<&'t String> {
        t.get(self.lang).or_else(|| t.values().next())
    }

    /// A side of a change in plain digits or words, texts in the default
    /// language.
    fn side(&self, s: &Side) -> String {
        match s {
            Side::Value(v) => match (&v.text, v.decimal()) {
                (Some(t), None) => self.text(t).cloned().unwrap_or_default(),
                _ => v.plain(),
            },
            Side::Word(w) => w.clone(),
        }
    }

    /// The new side of a change: an added update's text in the default
    /// language.
    fn new_side(&self, c: &Change) -> Option<String> {
        if c.kind == Kind::UpdateAdded {
            let update = self
                .new
                .measure(c.plan.as_deref(), &c.collection, &c.measure)
                .and_then(|m| {
                    m.updates
                        .iter()
                        .find(|u| Some(&u.date) == c.period.as_ref())
                });
            if let Some(text) = update.and_then(|u| self.text(&u.text)) {
                return Some(text.clone());
            }
        }
        c.new.as_ref().map(|s| self.side(s))
    }
}

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

/// Where a change is: `[plan/]collection/measure[/indicator][#milestone]`,
/// with the plan on a site with several.
pub fn place(c: &Change) -> String {
    let mut s = super::measure_place(c);
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
fn detail(at: &Compared, c: &Change) -> String {
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
    let old = c.old.as_ref().map(|s| at.side(s));
    let new = at.new_side(c);
    let side = |s: Option<String>| s.map_or("—".into(), |s| one_line(&s));
    match (&c.old, &c.new) {
        (None, None) => {}
        (None, Some(_)) => parts.push(side(new)),
        _ => parts.push(format!("{} → {}", side(old), side(new))),
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
pub fn human(at: &Compared, changes: &[Change]) -> String {
    let mut out = format!("{} → {}: {}\n", at.from, at.to, summary(changes));
    for c in changes {
        let line = format!("  {:<22} {} {}", c.kind.as_str(), place(c), detail(at, c));
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

/// Text from the content (or a name given on the command line) as a
/// Markdown code span on one line, shown exactly as it is: nothing in it
/// becomes an image, a link, an @mention, HTML or emphasis, and a `|`
/// does not end the table cell. Empty for an empty text.
pub fn literal(s: &str) -> String {
    let flat = one_line(s).replace('|', "\\|");
    if flat.is_empty() {
        return flat;
    }
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Markdown for a comment on a pull request: a summary line, then a
/// table per kind of change, at most [`MARKDOWN_ROWS`] rows in all; the
/// changes left out are counted once, at the end.
pub fn markdown(at: &Compared, changes: &[Change]) -> String {
    let mut out = format!(
        "### What changed: {} → {}\n\n**{}**\n",
        literal(at.from),
        literal(at.to),
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
    let mut left: Vec<String> = Vec::new();
    for (kind, n) in counts(changes) {
        let room = MARKDOWN_ROWS - shown;
        if room < n {
            left.push(counted(kind, n - room));
        }
        if room == 0 {
            continue;
        }
        let (_, title) = kind_words(kind);
        let mut title = title.to_string();
        if let Some(first) = title.get(0..1) {
            title = first.to_uppercase() + &title[1..];
        }
        out.push_str(&format!("\n#### {title} ({n})\n\n"));
        out.push_str("| Where | What | Old | New |\n|---|---|---|---|\n");
        for c in changes.iter().filter(|c| c.kind == kind).take(room) {
            shown += 1;
            let mut what = Vec::new();
            if let Some(t) = c.task {
                what.push(format!("task {t}"));
            }
            if let Some(l) = &c.lang {
                what.push(literal(l));
            }
            if let Some(p) = &c.period {
                what.push(literal(p));
            }
            if c.is_silent_revision() {
                what.push("**not flagged `revised`**".into());
            } else if c.flagged == Some(true) {
                what.push("flagged `revised`".into());
            }
            let old = c.old.as_ref().map(|s| at.side(s)).unwrap_or_default();
            let new = at.new_side(c).unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                literal(&place(c)),
                what.join(", "),
                literal(&old),
                literal(&new)
            ));
        }
    }
    if !left.is_empty() {
        let hidden = changes.len() - shown;
        out.push_str(&format!(
            "\n_…and {hidden} more change{} not shown ({}): run `gongkai diff` for all._\n",
            if hidden == 1 { "" } else { "s" },
            left.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::diff::{Change, Kind, Side};
    use crate::changes::snapshot::{SnapCollection, SnapMeasure, SnapUpdate, SnapValue};

    fn revised(i: usize, flagged: bool) -> Change {
        Change {
            kind: Kind::ValueRevised,
            plan: None,
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

    fn compared<'a>(new: &'a Snapshot, lang: &'a str) -> Compared<'a> {
        Compared {
            from: "r1",
            to: "current content",
            new,
            lang,
        }
    }

    fn texts(pairs: &[(&str, &str)]) -> Texts {
        pairs
            .iter()
            .map(|(l, s)| (l.to_string(), s.to_string()))
            .collect()
    }

    /// A snapshot of one measure `works/m` with one update of `date`.
    fn with_update(date: &str, text: Texts) -> Snapshot {
        Snapshot {
            collections: vec![SnapCollection {
                plan: None,
                id: "works".into(),
                title: Texts::new(),
                measures: vec![SnapMeasure {
                    id: "m".into(),
                    number: None,
                    title: Texts::new(),
                    summary: None,
                    tasks: Vec::new(),
                    status: "on-track".into(),
                    indicators: Vec::new(),
                    updates: vec![SnapUpdate {
                        date: date.into(),
                        text,
                        status: None,
                    }],
                    milestones: Vec::new(),
                    path: String::new(),
                }],
            }],
            ..Snapshot::default()
        }
    }

    fn update_added(date: &str, first: &str) -> Change {
        Change {
            kind: Kind::UpdateAdded,
            measure: "m".into(),
            period: Some(date.into()),
            old: None,
            new: Some(Side::Word(first.into())),
            flagged: None,
            indicator: None,
            ..revised(0, true)
        }
    }

    #[test]
    fn markdown_is_capped_and_says_once_how_many_are_not_shown() {
        let mut changes: Vec<Change> = (0..MARKDOWN_ROWS + 7).map(|i| revised(i, i > 0)).collect();
        changes.extend((0..2).map(|i| Change {
            kind: Kind::StatusChanged,
            ..revised(i, true)
        }));
        let none = Snapshot::default();
        let md = markdown(&compared(&none, "en"), &changes);
        assert!(
            md.contains(&format!(
                "**{} changes: {} values revised (1 not flagged `revised`), 2 statuses changed**",
                MARKDOWN_ROWS + 9,
                MARKDOWN_ROWS + 7
            )),
            "{md}"
        );
        assert!(md.contains("> **Warning:** 1 released value changed without `flag: revised`."));
        assert_eq!(md.matches("| `works/").count(), MARKDOWN_ROWS);
        // Once, at the end: not "…and 7 more" under a table and again below.
        assert!(
            md.ends_with("\n_…and 9 more changes not shown (7 values revised, 2 statuses changed): run `gongkai diff` for all._\n"),
            "{md}"
        );
        assert_eq!(md.matches("more").count(), 1, "{md}");
        assert!(!md.contains("Statuses changed"), "no empty table: {md}");
        assert!(
            md.contains("| `1\\|2` |"),
            "pipes in cells are escaped: {md}"
        );
    }

    #[test]
    fn markdown_shows_images_mentions_links_and_html_from_the_content_literally() {
        let hostile = [
            "![x](https://evil.example/t.png)",
            "@octocat and @org/team",
            "[click](https://evil.example) https://evil.example www.evil.example",
            "<img src=x onerror=alert(1)> <!-- hidden -->",
            "**bold** _it_ # heading ``code`` \\`",
            "a | b",
        ];
        let changes: Vec<Change> = hostile
            .iter()
            .map(|h| {
                let mut c = revised(1, true);
                c.new = Some(Side::Word(h.to_string()));
                c
            })
            .collect();
        let none = Snapshot::default();
        let at = Compared {
            from: "`r1`",
            ..compared(&none, "en")
        };
        let md = markdown(&at, &changes);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| `works/")).collect();
        for (row, h) in rows.iter().zip(hostile) {
            let new_cell = row
                .strip_suffix(" |")
                .unwrap()
                .rsplit_once(" | ")
                .unwrap()
                .1;
            assert_eq!(new_cell, literal(h), "{row}");
        }
        assert_eq!(literal(hostile[0]), "`![x](https://evil.example/t.png)`");
        assert_eq!(
            literal(hostile[4]),
            "``` **bold** _it_ # heading ``code`` \\` ```"
        );
        assert_eq!(literal(hostile[5]), "`a \\| b`");
        assert!(
            md.starts_with("### What changed: `` `r1` `` → `current content`"),
            "{md}"
        );
        // Every text from the content is inside a code span: outside of them
        // the row holds only the table's own pipes and commas.
        for line in md.lines().filter(|l| l.starts_with('|')) {
            let outside: String = line
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s)
                .collect();
            assert!(!outside.contains(['@', '<', '!', '[', '*']), "{line}");
        }
        assert_eq!(literal("a`b"), "``a`b``");
        assert_eq!(literal("`a"), "`` `a ``");
        assert_eq!(literal("  "), "");
    }

    #[test]
    fn human_and_markdown_diffs_quote_the_default_language() {
        let text = texts(&[("en", "The draft is out."), ("zh", "初稿已完成。")]);
        let new = with_update("2023-09-15", text.clone());
        let change = update_added("2023-09-15", "The draft is out.");
        let human_zh = human(&compared(&new, "zh"), std::slice::from_ref(&change));
        assert!(
            human_zh.contains("works/m 2023-09-15 初稿已完成。"),
            "{human_zh}"
        );
        assert!(!human_zh.contains("draft"), "{human_zh}");
        let md = markdown(&compared(&new, "zh"), std::slice::from_ref(&change));
        assert!(md.contains("| `初稿已完成。` |"), "{md}");
        let human_en = human(&compared(&new, "en"), std::slice::from_ref(&change));
        assert!(human_en.contains("The draft is out."), "{human_en}");
        // A value given as text, too.
        let mut c = revised(1, true);
        let value = |t: Texts| {
            Side::Value(SnapValue {
                period: "2023".into(),
                op: None,
                value: None,
                text: Some(t),
                flag: None,
                status: None,
                pos: Default::default(),
            })
        };
        c.old = Some(value(texts(&[("en", "Drafting"), ("zh", "起草中")])));
        c.new = Some(value(texts(&[("en", "Issued"), ("zh", "已印发")])));
        let human_zh = human(&compared(&new, "zh"), &[c]);
        assert!(human_zh.contains("起草中 → 已印发"), "{human_zh}");
    }

    #[test]
    fn nothing_changed_reads_so() {
        let none = Snapshot::default();
        let at = Compared {
            to: "r2",
            ..compared(&none, "en")
        };
        assert_eq!(human(&at, &[]), "r1 → r2: no changes\n");
        assert!(markdown(&at, &[]).contains("**no changes**"));
    }
}
