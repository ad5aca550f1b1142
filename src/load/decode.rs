//! YAML nodes → records of [`crate::model`]. Each function checks the shape
//! and the field-level rules (identifier syntax, periods, values, comparators,
//! URL schemes, language codes); rules between records live in `validate`.

use crate::diagnostics::with_did_you_mean;
use crate::model::*;
use crate::period::{Date, Period, PeriodError};
use crate::yaml::{Node, NodeKind};

use super::reader::{Fields, Reader};

/// What decoding needs to know about the site.
pub struct Context<'a> {
    /// Languages listed in site.yaml; empty when site.yaml itself is broken,
    /// and then language codes are not checked.
    pub languages: &'a [String],
    pub default_language: &'a str,
}

pub const SITE_FIELDS: &[&str] = &[
    "title",
    "publisher",
    "languages",
    "base_url",
    "period",
    "as_of",
    "source",
    "notice",
    "assessment_levels",
    "theme",
    "minify",
    "license",
    "citation",
    "feedback",
    "editions",
    "footer",
    "site_code",
    "site_domain",
    "moved_from_root",
];
pub const PLAN_FIELDS: &[&str] = &[
    "title",
    "kind",
    "period",
    "as_of",
    "source",
    "notice",
    "follows",
    "parent",
    "assessment_levels",
    "discontinued",
];
/// What site.yaml may say only when it has no `plans/` (SPEC §10).
pub const PLAN_ONLY_SITE_FIELDS: &[&str] = &["period", "source", "assessment_levels"];
pub const DISCONTINUED_FIELDS: &[&str] = &["measure", "indicator", "note"];
pub const UNIT_FIELDS: &[&str] = &["id", "name", "aliases", "url"];
pub const COLLECTION_FIELDS: &[&str] = &["title", "description", "order", "categories"];
pub const CATEGORY_FIELDS: &[&str] = &["id", "title", "description"];
pub const MEASURE_FIELDS: &[&str] = &[
    "id",
    "number",
    "category",
    "title",
    "lead",
    "units",
    "assessment",
    "summary",
    "tasks",
    "indicators",
    "status",
    "status_note",
    "updates",
    "milestones",
    "continues",
    "change",
    "change_note",
];
pub const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "direction",
    "accumulation",
    "decimals",
    "tolerance",
    "baseline",
    "target",
    "targets",
    "progress",
    "note",
    "definition",
    "method",
    "data_source",
    "frequency",
    "next_update",
    "continues",
    "change",
    "change_note",
    "serves",
];
pub const BOUND_FIELDS: &[&str] = &["period", "op", "value", "text", "flag", "note"];
pub const PROGRESS_FIELDS: &[&str] = &[
    "period", "value", "text", "note", "source", "status", "flag",
];
pub const UPDATE_FIELDS: &[&str] = &["date", "text", "status", "source"];
pub const MILESTONE_FIELDS: &[&str] = &["id", "title", "due", "done", "evidence"];
pub const SOURCE_FIELDS: &[&str] = &["title", "url", "date"];
pub const PLAN_SOURCE_FIELDS: &[&str] = &[
    "title",
    "url",
    "date",
    "number",
    "issuer",
    "index",
    "category",
    "signed",
    "published",
];
pub const LEVEL_FIELDS: &[&str] = &["id", "name"];
pub const PERIOD_FIELDS: &[&str] = &["start", "end"];
pub const FRONT_MATTER_FIELDS: &[&str] = &["title", "order", "in_nav"];
pub const LICENSE_FIELDS: &[&str] = &["id", "title", "url"];
pub const FEEDBACK_FIELDS: &[&str] = &["url", "email"];
pub const EDITION_FIELDS: &[&str] = &["title", "period", "url"];
pub const FOOTER_FIELDS: &[&str] = &["text", "url"];

/// The languages of site.yaml, decoded before anything else so that every
/// other text can be checked against them.
pub fn languages(r: &mut Reader, root: &Node) -> Vec<Spanned<String>> {
    let NodeKind::Map(entries) = &root.kind else {
        return Vec::new();
    };
    let Some((_, node)) = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("languages"))
    else {
        return Vec::new();
    };
    let langs = r.list(node, "languages", |r, n| {
        let code = r.string(n, "a language code")?;
        if is_language_code(&code.value) {
            Some(code)
        } else {
            r.error_hint(
                n.pos,
                format!("invalid language code `{}`", code.value),
                "use a lowercase BCP 47 code such as zh, en, or zh-hant",
            );
            None
        }
    });
    let mut seen: Vec<&str> = Vec::new();
    for l in &langs {
        if seen.contains(&l.value.as_str()) {
            r.error(l.pos, format!("language `{}` is listed twice", l.value));
        }
        seen.push(&l.value);
    }
    if langs.is_empty() {
        r.error(node.pos, "`languages` must list at least one language code");
    }
    langs
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub fn site(
    r: &mut Reader,
    root: &Node,
    ctx: &Context,
    languages: Vec<Spanned<String>>,
    plans: bool,
) -> Option<SiteConfig> {
    let f = r.fields(root, "site.yaml", SITE_FIELDS)?;
    let what = "site.yaml";
    let title = r
        .required(&f, "title", what)
        .and_then(|n| text(r, ctx, n, "title"));
    let base_url = r
        .required(&f, "base_url", what)
        .and_then(|n| base_url(r, n));
    let as_of = r
        .required(&f, "as_of", what)
        .and_then(|n| date(r, n, "as_of"));
    if plans {
        for name in PLAN_ONLY_SITE_FIELDS {
            if let Some(n) = f.get(name) {
                r.error_hint(
                    n.pos,
                    format!("`{name}` belongs to each plan when the site has plans/"),
                    "move it into every content/plans/<plan>/plan.yaml".to_string(),
                );
            }
        }
    }
    // With plans/, the site's period is the span of its plans' (set when
    // the plans are resolved); until then, the as-of day.
    let period = match plans {
        true => as_of.clone().map(|d| PlanPeriod {
            start: d.clone(),
            end: d,
        }),
        false => r
            .required(&f, "period", what)
            .and_then(|n| plan_period(r, n)),
    };
    r.required(&f, "languages", what);
    let config = SiteConfig {
        title: title?,
        publisher: f
            .get("publisher")
            .and_then(|n| text(r, ctx, n, "publisher")),
        languages,
        base_url: base_url?,
        period: period?,
        as_of: as_of?,
        source: f
            .get("source")
            .filter(|_| !plans)
            .and_then(|n| plan_source(r, ctx, n)),
        notice: f.get("notice").and_then(|n| text(r, ctx, n, "notice")),
        assessment_levels: f
            .get("assessment_levels")
            .filter(|_| !plans)
            .map(|n| r.list(n, "assessment_levels", |r, n| level(r, ctx, n)))
            .unwrap_or_default(),
        theme: f.get("theme").and_then(|n| r.ident(n, "theme name")),
        minify: f.get("minify").and_then(|n| r.bool(n, "minify")),
        license: f.get("license").and_then(|n| license(r, ctx, n)),
        citation: f.get("citation").and_then(|n| text(r, ctx, n, "citation")),
        feedback: f.get("feedback").and_then(|n| feedback(r, n)),
        editions: f
            .get("editions")
            .map(|n| r.list(n, "editions", |r, n| edition(r, ctx, n)))
            .unwrap_or_default(),
        footer: f
            .get("footer")
            .map(|n| r.list(n, "footer", |r, n| footer_line(r, ctx, n)))
            .unwrap_or_default(),
        site_code: f.get("site_code").and_then(|n| site_code(r, n)),
        site_domain: f.get("site_domain").and_then(|n| site_domain(r, n)),
        moved_from_root: f.get("moved_from_root").and_then(|n| r.ident(n, "plan id")),
    };
    if config.languages.is_empty() {
        return None;
    }
    Some(config)
}

fn base_url(r: &mut Reader, node: &Node) -> Option<Spanned<String>> {
    let url = r.url(node, "base_url")?;
    if !super::reader::is_site_address(&url.value) {
        r.error_hint(
            node.pos,
            format!("base_url `{}` is not a site address", url.value),
            "use https://host/path/ or a path such as /gongfu/",
        );
        return None;
    }
    Some(url)
}

/// A URL linked from every page, whatever its depth: it must be absolute
/// (`http:`, `https:` or `mailto:`), since a relative one would point
/// somewhere else on each level of the site.
fn absolute_url(r: &mut Reader, node: &Node, what: &str) -> Option<Spanned<String>> {
    let url = r.string(node, what)?;
    let problem = match super::reader::check_url(&url.value) {
        Err(message) => Some(message),
        Ok(()) if super::reader::url_scheme(&url.value).is_none() => {
            Some("it is not an absolute address".to_string())
        }
        Ok(()) => None,
    };
    match problem {
        None => Some(url),
        Some(message) => {
            r.error_hint(
                node.pos,
                format!("{what} `{}`: {message}", url.value),
                "write the whole address: http, https or mailto, e.g. https://example.gov.cn/…",
            );
            None
        }
    }
}

fn license(r: &mut Reader, ctx: &Context, node: &Node) -> Option<License> {
    let f = r.fields(node, "license", LICENSE_FIELDS)?;
    let id = f.get("id").and_then(|n| {
        let id = r.string(n, "license id")?;
        if is_license_id(&id.value) {
            return Some(id);
        }
        r.error_hint(
            n.pos,
            format!("invalid license id `{}`", id.value),
            "write an SPDX licence identifier such as CC-BY-4.0 or CC0-1.0, or give a `title` instead",
        );
        None
    });
    let title = f
        .get("title")
        .and_then(|n| text(r, ctx, n, "license title"));
    if f.get("id").is_none() && f.get("title").is_none() {
        r.error_hint(
            f.pos,
            "license needs an `id` or a `title`",
            "give `id: CC-BY-4.0` (an SPDX identifier), or `title: {zh: …, en: …}` for a licence without one",
        );
    }
    let url = r
        .required(&f, "url", "license")
        .and_then(|n| absolute_url(r, n, "license url"));
    if id.is_none() && title.is_none() {
        return None;
    }
    Some(License {
        id,
        title,
        url: url?,
    })
}

/// An SPDX-style identifier: letters, digits, `.`, `+` and `-`.
fn is_license_id(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
}

fn feedback(r: &mut Reader, node: &Node) -> Option<Feedback> {
    let f = r.fields(node, "feedback", FEEDBACK_FIELDS)?;
    match (f.get("url"), f.get("email")) {
        (Some(_), Some(n)) => {
            r.error_hint(
                n.pos,
                "feedback takes either a `url` or an `email`, not both",
                "keep the one readers should use",
            );
            None
        }
        (None, None) => {
            r.error_hint(
                f.pos,
                "feedback needs a `url` or an `email`",
                "write feedback: {url: \"https://…?item={collection}/{measure}\"} or feedback: {email: ban@example.gov.cn}",
            );
            None
        }
        (Some(n), None) => {
            let url = absolute_url(r, n, "feedback url")?;
            let known = crate::feedback::PLACEHOLDERS
                .map(|p| format!("{{{p}}}"))
                .join(", ");
            let mut ok = true;
            for problem in crate::feedback::template_problems(&url.value) {
                ok = false;
                let message = match problem {
                    crate::feedback::TemplateProblem::Unknown(name) => {
                        match crate::diagnostics::did_you_mean(
                            &name,
                            crate::feedback::PLACEHOLDERS.iter().copied(),
                        ) {
                            Some(g) => format!(
                                "unknown placeholder `{{{name}}}` in the feedback url, did you mean `{{{g}}}`?"
                            ),
                            None => format!("unknown placeholder `{{{name}}}` in the feedback url"),
                        }
                    }
                    crate::feedback::TemplateProblem::Unclosed => {
                        "a `{` without its `}` in the feedback url".to_string()
                    }
                };
                r.error_hint(
                    n.pos,
                    message,
                    format!("known placeholders: {known}; write a brace itself as %7B or %7D"),
                );
            }
            ok.then_some(Feedback::Url(url))
        }
        (None, Some(n)) => {
            let email = r.string(n, "feedback email")?;
            if crate::feedback::is_email(&email.value) {
                return Some(Feedback::Email(email));
            }
            r.error_hint(
                n.pos,
                format!("invalid feedback email `{}`", email.value),
                "write one address such as ban@example.gov.cn, without `mailto:`",
            );
            None
        }
    }
}

fn edition(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Edition> {
    let f = r.fields(node, "an edition", EDITION_FIELDS)?;
    let title = r
        .required(&f, "title", "edition")
        .and_then(|n| text(r, ctx, n, "edition title"));
    let period = r
        .required(&f, "period", "edition")
        .and_then(|n| period(r, n));
    let url = r
        .required(&f, "url", "edition")
        .and_then(|n| absolute_url(r, n, "edition url"));
    Some(Edition {
        title: title?,
        period: period?,
        url: url?,
    })
}

fn footer_line(r: &mut Reader, ctx: &Context, node: &Node) -> Option<FooterLine> {
    let f = r.fields(node, "a footer line", FOOTER_FIELDS)?;
    let text = r
        .required(&f, "text", "footer line")
        .and_then(|n| text(r, ctx, n, "footer text"));
    let url = f.get("url").and_then(|n| absolute_url(r, n, "footer url"));
    if f.get("url").is_some() && url.is_none() {
        return None;
    }
    Some(FooterLine { text: text?, url })
}

fn plan_period(r: &mut Reader, node: &Node) -> Option<PlanPeriod> {
    let f = r.fields(node, "period", PERIOD_FIELDS)?;
    let start = r
        .required(&f, "start", "period")
        .and_then(|n| date(r, n, "period start"));
    let end = r
        .required(&f, "end", "period")
        .and_then(|n| date(r, n, "period end"));
    let (start, end) = (start?, end?);
    if end.value < start.value {
        r.error(
            end.pos,
            format!(
                "the period ends ({}) before it starts ({})",
                end.value, start.value
            ),
        );
        return None;
    }
    Some(PlanPeriod { start, end })
}

/// The two fields every named record has: its `id` and a text
/// (`text_field`), both required; `what` names the record.
fn id_and_text(
    r: &mut Reader,
    ctx: &Context,
    f: &Fields,
    what: &str,
    text_field: &str,
) -> (Option<Spanned<String>>, Option<Text>) {
    let id = r
        .required(f, "id", what)
        .and_then(|n| r.ident(n, &format!("{what} id")));
    let named = r
        .required(f, text_field, what)
        .and_then(|n| text(r, ctx, n, text_field));
    (id, named)
}

fn level(r: &mut Reader, ctx: &Context, node: &Node) -> Option<AssessmentLevel> {
    let f = r.fields(node, "an assessment level", LEVEL_FIELDS)?;
    let (id, name) = id_and_text(r, ctx, &f, "assessment level", "name");
    Some(AssessmentLevel {
        id: id?,
        name: name?,
    })
}

pub fn unit(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Unit> {
    let f = r.fields(node, "a unit", UNIT_FIELDS)?;
    let (id, name) = id_and_text(r, ctx, &f, "unit", "name");
    Some(Unit {
        id: id?,
        name: name?,
        aliases: f
            .get("aliases")
            .map(|n| r.list(n, "aliases", |r, n| r.text_string(n, "alias")))
            .unwrap_or_default(),
        url: f.get("url").and_then(|n| r.url(n, "url")),
    })
}

pub fn units_file(r: &mut Reader, ctx: &Context, root: &Node) -> Vec<Unit> {
    if root.kind == NodeKind::Null {
        return Vec::new();
    }
    r.list(root, "units.yaml: a list of units", |r, n| unit(r, ctx, n))
}

pub fn collection(
    r: &mut Reader,
    ctx: &Context,
    node: &Node,
    id: &str,
) -> Option<CollectionConfig> {
    let f = r.fields(node, "_collection.yaml", COLLECTION_FIELDS)?;
    let title = r
        .required(&f, "title", "_collection.yaml")
        .and_then(|n| text(r, ctx, n, "title"));
    Some(CollectionConfig {
        id: id.to_string(),
        title: title?,
        description: f
            .get("description")
            .and_then(|n| text(r, ctx, n, "description")),
        order: f
            .get("order")
            .and_then(|n| r.integer(n, "order", -1_000_000, 1_000_000)),
        categories: f
            .get("categories")
            .map(|n| r.list(n, "categories", |r, n| category(r, ctx, n)))
            .unwrap_or_default(),
    })
}

fn category(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Category> {
    let f = r.fields(node, "a category", CATEGORY_FIELDS)?;
    let (id, title) = id_and_text(r, ctx, &f, "category", "title");
    Some(Category {
        id: id?,
        title: title?,
        description: f
            .get("description")
            .and_then(|n| text(r, ctx, n, "description")),
    })
}

/// A measure file; `stem` is the file name without `.yaml`, the default id.
pub fn measure(
    r: &mut Reader,
    ctx: &Context,
    node: &Node,
    stem: Spanned<String>,
) -> Option<Measure> {
    let what = "a measure";
    let f = r.fields(node, what, MEASURE_FIELDS)?;
    let id = match f.get("id") {
        Some(n) => r.ident(n, "measure id"),
        None if super::reader::is_ident(&stem.value) => Some(stem),
        None => {
            r.error_hint(
                stem.pos,
                format!("the file name `{}` is not a valid measure id", stem.value),
                "rename the file to lowercase ASCII letters, digits and hyphens, or give an `id:`",
            );
            None
        }
    };
    let title = r
        .required(&f, "title", "measure")
        .and_then(|n| text(r, ctx, n, "title"));
    let indicators = f
        .get("indicators")
        .map(|n| r.list(n, "indicators", |r, n| indicator_entry(r, ctx, n)))
        .unwrap_or_default();
    let status = f.get("status").and_then(|n| status(r, n));
    if let (Some(s), false) = (&status, indicators.is_empty()) {
        r.error_hint(
            s.pos,
            "`status` is only for a measure without indicators",
            "declare a status on a progress entry of the indicator instead",
        );
    }
    let updates = f
        .get("updates")
        .map(|n| r.list(n, "updates", |r, n| update(r, ctx, n)))
        .unwrap_or_default();
    check_one_update_a_day(r, &updates);
    let milestones = f
        .get("milestones")
        .map(|n| r.list(n, "milestones", |r, n| milestone(r, ctx, n)))
        .unwrap_or_default();
    check_unique_milestones(r, &milestones);
    if let (Some(s), false) = (&status, milestones.is_empty()) {
        r.error_hint(
            s.pos,
            "`status` is only for a measure without milestones: their status is computed",
            "declare a status on a dated update instead",
        );
    }
    Some(Measure {
        id: id?,
        number: f
            .get("number")
            .and_then(|n| r.integer(n, "number", 0, 1_000_000))
            .map(|n| n as u32),
        category: f.get("category").and_then(|n| r.ident(n, "category id")),
        title: title?,
        lead: f
            .get("lead")
            .map(|n| r.ident_list(n, "unit id"))
            .unwrap_or_default(),
        units: f
            .get("units")
            .map(|n| r.ident_list(n, "unit id"))
            .unwrap_or_default(),
        assessment: f
            .get("assessment")
            .and_then(|n| r.ident(n, "assessment level id")),
        summary: f.get("summary").and_then(|n| text(r, ctx, n, "summary")),
        tasks: f
            .get("tasks")
            .map(|n| r.list(n, "tasks", |r, n| text(r, ctx, n, "task")))
            .unwrap_or_default(),
        indicators,
        status,
        status_note: f
            .get("status_note")
            .and_then(|n| text(r, ctx, n, "status_note")),
        updates,
        milestones,
        lineage: lineage(r, ctx, &f),
    })
}

/// `continues`, `change` and `change_note` of a measure or an indicator;
/// the paths' shapes are checked here, what they point at by `validate`.
fn lineage(r: &mut Reader, ctx: &Context, f: &super::reader::Fields) -> Lineage {
    let continues = f
        .get("continues")
        .map(|n| path_list(r, n, "continues", 3, 4))
        .unwrap_or_default();
    let change = f
        .get("change")
        .and_then(|n| keyword(r, n, "change", &Change::ALL).map(|c| Spanned::new(c, n.pos)));
    let change_note = f
        .get("change_note")
        .and_then(|n| text(r, ctx, n, "change_note"));
    if let (Some(c), true) = (&change, continues.is_empty()) {
        r.error_hint(
            c.pos,
            format!("`change: {}` without `continues`", c.value.as_str()),
            "name what it continues: `continues: <plan>/<collection>/<measure>`",
        );
    }
    Lineage {
        continues,
        change,
        change_note,
    }
}

/// One path or a list of them, each of `min..=max` ids joined by `/`
/// (`2023/indicators/gdp` or `2023/indicators/gdp/gdp`).
pub fn path_list(
    r: &mut Reader,
    node: &Node,
    what: &str,
    min: usize,
    max: usize,
) -> Vec<Spanned<String>> {
    let one = |r: &mut Reader, n: &Node| {
        let s = r.string(n, what)?;
        let parts: Vec<&str> = s.value.split('/').collect();
        let ok =
            (min..=max).contains(&parts.len()) && parts.iter().all(|p| super::reader::is_ident(p));
        if !ok {
            let shape = if min == max && min == 4 {
                "`<plan>/<collection>/<measure>/<indicator>`"
            } else {
                "`<plan>/<collection>/<measure>` or `<plan>/<collection>/<measure>/<indicator>`"
            };
            r.error_hint(
                n.pos,
                format!("invalid {what} `{}`", s.value),
                format!("write {shape}, e.g. 2023/indicators/gdp"),
            );
            return None;
        }
        Some(s)
    };
    match &node.kind {
        NodeKind::Str(_) => one(r, node).into_iter().collect(),
        _ => r.list(node, what, one),
    }
}

/// `content/plans/<id>/plan.yaml`.
pub fn plan(
    r: &mut Reader,
    ctx: &Context,
    root: &Node,
    id: &str,
    path: &str,
) -> Option<PlanConfig> {
    let what = "plan.yaml";
    let f = r.fields(root, what, PLAN_FIELDS)?;
    let title = r
        .required(&f, "title", what)
        .and_then(|n| text(r, ctx, n, "title"));
    let period = r
        .required(&f, "period", what)
        .and_then(|n| plan_period(r, n));
    Some(PlanConfig {
        id: id.to_string(),
        path: path.to_string(),
        title: title?,
        kind: f.get("kind").and_then(|n| text(r, ctx, n, "kind")),
        period: period?,
        as_of: f.get("as_of").and_then(|n| date(r, n, "as_of")),
        source: f.get("source").and_then(|n| plan_source(r, ctx, n)),
        notice: f.get("notice").and_then(|n| text(r, ctx, n, "notice")),
        follows: f.get("follows").and_then(|n| r.ident(n, "plan id")),
        parent: f
            .get("parent")
            .map(|n| r.ident_list(n, "plan id"))
            .unwrap_or_default(),
        assessment_levels: f
            .get("assessment_levels")
            .map(|n| r.list(n, "assessment_levels", |r, n| level(r, ctx, n)))
            .unwrap_or_default(),
        discontinued: f
            .get("discontinued")
            .map(|n| r.list(n, "discontinued", |r, n| discontinued(r, ctx, n)))
            .unwrap_or_default(),
    })
}

fn discontinued(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Discontinued> {
    let what = "a discontinued entry";
    let f = r.fields(node, what, DISCONTINUED_FIELDS)?;
    let (key, indicator, len) = match (f.get("measure"), f.get("indicator")) {
        (Some(_), Some(n)) => {
            r.error_hint(
                n.pos,
                "give either `measure` or `indicator`, not both",
                "one entry per dropped measure or indicator",
            );
            return None;
        }
        (Some(_), None) => ("measure", false, 3),
        (None, Some(_)) => ("indicator", true, 4),
        (None, None) => {
            r.error_hint(
                f.pos,
                "a discontinued entry names a `measure` or an `indicator`",
                "e.g. `- {measure: 2023/reforms/x, note: {zh: …, en: …}}`",
            );
            return None;
        }
    };
    let node = f.get(key)?;
    let target = path_list(r, node, key, len, len).into_iter().next()?;
    Some(Discontinued {
        target,
        indicator,
        note: f.get("note").and_then(|n| text(r, ctx, n, "note")),
    })
}

pub fn update(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Update> {
    let f = r.fields(node, "an update", UPDATE_FIELDS)?;
    let date = r
        .required(&f, "date", "update")
        .and_then(|n| date(r, n, "update date"));
    let text = r
        .required(&f, "text", "update")
        .and_then(|n| text(r, ctx, n, "update text"));
    Some(Update {
        date: date?,
        text: text?,
        status: f.get("status").and_then(|n| status(r, n)),
        source: f.get("source").and_then(|n| source(r, ctx, n)),
        pos: f.pos,
    })
}

fn check_one_update_a_day(r: &mut Reader, updates: &[Update]) {
    for (u, first) in repeats(updates, |u| u.date.value) {
        r.error_hint(
            u.date.pos,
            format!(
                "a second update on {} (the first is at line {})",
                u.date.value, first.date.pos.line
            ),
            "a measure has at most one update a day: merge their texts",
        );
    }
}

/// Each item whose key an earlier item has already, with the first such.
fn repeats<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(&T, &T)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let k = key(item);
            items[..i]
                .iter()
                .find(|o| key(o) == k)
                .map(|first| (item, first))
        })
        .collect()
}

fn milestone(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Milestone> {
    let f = r.fields(node, "a milestone", MILESTONE_FIELDS)?;
    let id = r
        .required(&f, "id", "milestone")
        .and_then(|n| r.ident(n, "milestone id"));
    let title = r
        .required(&f, "title", "milestone")
        .and_then(|n| text(r, ctx, n, "title"));
    let due = r
        .required(&f, "due", "milestone")
        .and_then(|n| period(r, n));
    let done = f.get("done").and_then(|n| match n.kind {
        NodeKind::Null => None,
        _ => date(r, n, "done date"),
    });
    Some(Milestone {
        id: id?,
        title: title?,
        due: due?,
        done,
        evidence: f.get("evidence").and_then(|n| source(r, ctx, n)),
        pos: f.pos,
    })
}

fn check_unique_milestones(r: &mut Reader, milestones: &[Milestone]) {
    for (m, first) in repeats(milestones, |m| m.id.value.clone()) {
        r.error(
            m.id.pos,
            format!(
                "duplicate milestone id `{}` (first at line {})",
                m.id.value, first.id.pos.line
            ),
        );
    }
}

fn indicator_entry(r: &mut Reader, ctx: &Context, node: &Node) -> Option<IndicatorEntry> {
    let is_ref =
        matches!(&node.kind, NodeKind::Map(e) if e.iter().any(|(k, _)| k.as_str() == Some("ref")));
    if is_ref {
        let f = r.fields(node, "an indicator reference", &["ref"])?;
        let target = r.string(
            f.get("ref")?,
            "a reference `<collection>/<measure>/<indicator>`",
        )?;
        let parts = split_indicator_key(&target.value);
        if !parts.is_some_and(|parts| parts.iter().all(|p| super::reader::is_ident(p))) {
            r.error_hint(
                target.pos,
                format!("invalid reference `{}`", target.value),
                "write `ref: <collection>/<measure>/<indicator>`, e.g. indicators/per-capita-gdp/gdp",
            );
            return None;
        }
        return Some(IndicatorEntry::Ref(IndicatorRef { target }));
    }
    indicator(r, ctx, node).map(|i| IndicatorEntry::Defined(Box::new(i)))
}

fn indicator(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Indicator> {
    let what = "an indicator";
    let f = r.fields(node, what, INDICATOR_FIELDS)?;
    let id = r
        .required(&f, "id", "indicator")
        .and_then(|n| r.ident(n, "indicator id"));
    let name = r
        .required(&f, "name", "indicator")
        .and_then(|n| text(r, ctx, n, "name"));
    let direction = f
        .get("direction")
        .and_then(|n| keyword(r, n, "direction", &Direction::ALL))
        .unwrap_or_default();
    let accumulation = f
        .get("accumulation")
        .and_then(|n| keyword(r, n, "accumulation", &Accumulation::ALL))
        .unwrap_or_default();
    let tolerance = f.get("tolerance").and_then(|n| r.decimal(n, "tolerance"));
    if let Some(t) = &tolerance {
        if t.value < 0.0 {
            r.error(
                f.get("tolerance").map(|n| n.pos).unwrap_or(f.pos),
                "tolerance must not be negative",
            );
        }
    }
    let baseline = f.get("baseline").and_then(|n| bound(r, ctx, n, "baseline"));
    let target = f.get("target").and_then(|n| bound(r, ctx, n, "target"));
    let targets = f
        .get("targets")
        .map(|n| r.list(n, "targets", |r, n| bound(r, ctx, n, "target")))
        .unwrap_or_default();
    if let (Some(_), Some(n)) = (f.get("target"), f.get("targets")) {
        r.error_hint(
            n.pos,
            "give either `target` or `targets`, not both",
            "put the single target into the `targets` list",
        );
    }
    check_targets_in_order(r, &targets);
    Some(Indicator {
        id: id?,
        name: name?,
        unit: f.get("unit").and_then(|n| text(r, ctx, n, "unit")),
        direction,
        accumulation,
        decimals: f
            .get("decimals")
            .and_then(|n| r.integer(n, "decimals", 0, 10))
            .map(|d| d as u8),
        tolerance,
        baseline,
        target,
        targets,
        progress: f
            .get("progress")
            .map(|n| r.list(n, "progress", |r, n| progress(r, ctx, n)))
            .unwrap_or_default(),
        note: f.get("note").and_then(|n| text(r, ctx, n, "note")),
        definition: f
            .get("definition")
            .and_then(|n| text(r, ctx, n, "definition")),
        method: f.get("method").and_then(|n| text(r, ctx, n, "method")),
        data_source: f
            .get("data_source")
            .and_then(|n| text(r, ctx, n, "data_source")),
        frequency: f
            .get("frequency")
            .and_then(|n| keyword(r, n, "frequency", &Frequency::ALL)),
        next_update: f.get("next_update").and_then(|n| date(r, n, "next_update")),
        lineage: lineage(r, ctx, &f),
        serves: f
            .get("serves")
            .map(|n| path_list(r, n, "serves", 4, 4))
            .unwrap_or_default(),
    })
}

/// Several targets are ordered by period and do not overlap.
fn check_targets_in_order(r: &mut Reader, targets: &[Bound]) {
    for pair in targets.windows(2) {
        let (a, b) = (&pair[0].period, &pair[1].period);
        if b.value.end() <= a.value.end() {
            r.error_hint(
                b.pos,
                format!(
                    "the target for {} comes after the target for {}",
                    b.value, a.value
                ),
                "list targets in the order of their periods",
            );
        } else if b.value.start() <= a.value.end() {
            r.error_hint(
                b.pos,
                format!("the target periods {} and {} overlap", a.value, b.value),
                "each target needs a period of its own, e.g. 2023, then 2024..2025",
            );
        }
    }
}

fn keyword<T: Copy>(r: &mut Reader, node: &Node, what: &str, options: &[(&str, T)]) -> Option<T> {
    let s = r.string(node, what)?;
    if let Some((_, v)) = options.iter().find(|(k, _)| *k == s.value) {
        return Some(*v);
    }
    let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
    let message = with_did_you_mean(
        format!("unknown {what} `{}`", s.value),
        &s.value,
        names.iter().copied(),
    );
    r.error_hint(node.pos, message, format!("one of: {}", names.join(", ")));
    None
}

/// A comparator; the symbols plans print (`≥`, `≤`, `左右`) get a pointed hint.
fn comparator(r: &mut Reader, node: &Node) -> Option<Op> {
    const PRINTED: [(&str, &str); 6] = [
        ("≥", ">="),
        ("≤", "<="),
        ("＞", ">"),
        ("＜", "<"),
        ("≈", "~"),
        ("左右", "~"),
    ];
    if let Some((printed, op)) = node
        .as_str()
        .and_then(|s| PRINTED.iter().find(|(p, _)| *p == s.trim()))
    {
        r.error_hint(
            node.pos,
            format!("unknown comparator `{printed}`, write `{op}` instead"),
            "comparators are ASCII: >=, >, <=, <, =, and ~ for 'about'",
        );
        return None;
    }
    keyword(r, node, "comparator", &Op::ALL)
}

fn status(r: &mut Reader, node: &Node) -> Option<Spanned<Status>> {
    let all: Vec<(&str, Status)> = Status::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    keyword(r, node, "status", &all).map(|s| Spanned::new(s, node.pos))
}

fn bound(r: &mut Reader, ctx: &Context, node: &Node, what: &str) -> Option<Bound> {
    let f = r.fields(node, what, BOUND_FIELDS)?;
    let period = r.required(&f, "period", what).and_then(|n| period(r, n));
    let op = f.get("op").and_then(|n| comparator(r, n));
    let value = f.get("value").and_then(|n| match n.kind {
        NodeKind::Null => None,
        _ => r.decimal(n, &format!("{what} value")),
    });
    let text = f.get("text").and_then(|n| text(r, ctx, n, "text"));
    let has_value_node = f.get("value").is_some_and(|n| n.kind != NodeKind::Null);
    if !has_value_node && text.is_none() && f.get("text").is_none() {
        r.error_hint(
            f.pos,
            format!("the {what} has neither a value nor a text"),
            "give `value: 42`, or `value: null` with `text: {zh: 暂无, en: not available}`",
        );
    }
    if op.is_some() && !has_value_node {
        r.error(
            f.get("op").map(|n| n.pos).unwrap_or(f.pos),
            format!("a comparator needs a numeric {what} value"),
        );
    }
    let flag = f.get("flag").and_then(|n| flag(r, n));
    let note = f.get("note").and_then(|n| self::text(r, ctx, n, "note"));
    check_revised_has_note(r, &flag, note.is_some());
    Some(Bound {
        period: period?,
        op,
        value,
        text,
        flag,
        note,
        pos: f.pos,
    })
}

fn flag(r: &mut Reader, node: &Node) -> Option<Spanned<Flag>> {
    keyword(r, node, "flag", &Flag::ALL).map(|f| Spanned::new(f, node.pos))
}

fn check_revised_has_note(r: &mut Reader, flag: &Option<Spanned<Flag>>, has_note: bool) {
    if let Some(f) = flag {
        if f.value == Flag::Revised && !has_note {
            r.error_hint(
                f.pos,
                "a value flagged `revised` needs a `note` saying what changed and why",
                "add note: {zh: …, en: …} to the same entry",
            );
        }
    }
}

pub fn progress(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Progress> {
    let f = r.fields(node, "a progress entry", PROGRESS_FIELDS)?;
    let period = r
        .required(&f, "period", "progress entry")
        .and_then(|n| period(r, n));
    let value = match f.get("value") {
        None => None,
        Some(n) if n.kind == NodeKind::Null => None,
        Some(n) => r.decimal(n, "progress value"),
    };
    let text = f.get("text").and_then(|n| text(r, ctx, n, "text"));
    let status = f.get("status").and_then(|n| status(r, n));
    // Only when none is given: one given but wrong has its own error.
    if ["value", "text", "status"]
        .iter()
        .all(|k| f.get(k).is_none())
    {
        r.error(
            f.pos,
            "a progress entry needs a `value`, a `text` or a declared `status`",
        );
    }
    let note = f.get("note").and_then(|n| self::text(r, ctx, n, "note"));
    let flag = f.get("flag").and_then(|n| flag(r, n));
    check_revised_has_note(r, &flag, note.is_some());
    Some(Progress {
        period: period?,
        value,
        text,
        note,
        source: f.get("source").and_then(|n| source(r, ctx, n)),
        status,
        flag,
        pos: f.pos,
    })
}

pub fn source(r: &mut Reader, ctx: &Context, node: &Node) -> Option<Source> {
    let f = r.fields(node, "a source", SOURCE_FIELDS)?;
    let title = r
        .required(&f, "title", "source")
        .and_then(|n| text(r, ctx, n, "title"));
    Some(Source {
        title: title?,
        url: f.get("url").and_then(|n| r.url(n, "source url")),
        date: f.get("date").and_then(|n| date(r, n, "source date")),
    })
}

/// The plan document of site.yaml: a source with its document block.
pub fn plan_source(r: &mut Reader, ctx: &Context, node: &Node) -> Option<PlanSource> {
    let f = r.fields(node, "the plan's source", PLAN_SOURCE_FIELDS)?;
    let title = r
        .required(&f, "title", "source")
        .and_then(|n| text(r, ctx, n, "title"));
    let line = |r: &mut Reader, name: &str, what: &str| {
        f.get(name).and_then(|n| {
            let s = r.string(n, what)?;
            if s.value.trim().is_empty() {
                r.error_hint(
                    n.pos,
                    format!("the source's {what} is empty"),
                    "leave the field out when the document does not give it",
                );
                return None;
            }
            Some(s)
        })
    };
    let number = line(r, "number", "document number (文号)");
    let index = line(r, "index", "index number (索引号)");
    Some(PlanSource {
        title: title?,
        url: f.get("url").and_then(|n| r.url(n, "source url")),
        date: f.get("date").and_then(|n| date(r, n, "source date")),
        number,
        issuer: f
            .get("issuer")
            .and_then(|n| text(r, ctx, n, "source issuer")),
        index,
        category: f
            .get("category")
            .and_then(|n| text(r, ctx, n, "source category")),
        signed: f
            .get("signed")
            .and_then(|n| date(r, n, "signing date (成文日期)")),
        published: f
            .get("published")
            .and_then(|n| date(r, n, "publication date (发布日期)")),
    })
}

/// A site identification code (网站标识码): ten letters and digits, as
/// the portals' registry gives them (`3303050001`, `bm07000001`).
fn site_code(r: &mut Reader, node: &Node) -> Option<Spanned<String>> {
    let code = match &node.kind {
        NodeKind::Number(n) => Spanned::new(n.literal.clone(), node.pos),
        _ => r.string(node, "site_code")?,
    };
    if code.value.len() == 10 && code.value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Some(code);
    }
    r.error_hint(
        node.pos,
        format!("invalid site_code `{}`", code.value),
        "the site identification code (网站标识码) is ten letters and digits, e.g. \"3303050001\"; leave it out when it is not known",
    );
    None
}

/// A domain name (`www.example.gov.cn`), without scheme or path.
fn site_domain(r: &mut Reader, node: &Node) -> Option<Spanned<String>> {
    let domain = r.string(node, "site_domain")?;
    let ok = !domain.value.is_empty()
        && domain.value.split('.').count() >= 2
        && domain.value.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok {
        return Some(domain);
    }
    r.error_hint(
        node.pos,
        format!("invalid site_domain `{}`", domain.value),
        "write the host name alone, e.g. www.example.gov.cn (no http:// and no path)",
    );
    None
}

pub fn period(r: &mut Reader, node: &Node) -> Option<Spanned<Period>> {
    let s = match &node.kind {
        NodeKind::Number(n) => n.literal.clone(),
        NodeKind::Str(s) => s.clone(),
        _ => {
            r.error(
                node.pos,
                format!("expected a period, found {}", node.kind_name()),
            );
            return None;
        }
    };
    match Period::parse_checked(&s) {
        Ok(p) => Some(Spanned::new(p, node.pos)),
        Err(PeriodError::Backwards) => {
            r.error_hint(
                node.pos,
                format!("the period `{s}` ends before it starts"),
                "write a range from the earlier period to the later, e.g. 2023-01..2023-09",
            );
            None
        }
        Err(PeriodError::Invalid) => {
            r.error_hint(
                node.pos,
                format!("invalid period `{s}`"),
                "write 2023, 2023-H1, 2023-Q2, 2023-06, 2023-06-30 (a real calendar date) or a range such as 2023-01..2023-09",
            );
            None
        }
    }
}

pub fn date(r: &mut Reader, node: &Node, what: &str) -> Option<Spanned<Date>> {
    let s = r.string(node, what)?;
    match Date::parse(&s.value) {
        Some(d) => Some(Spanned::new(d, node.pos)),
        None => {
            r.error_hint(
                node.pos,
                format!("invalid {what} `{}`", s.value),
                "write a calendar date as YYYY-MM-DD",
            );
            None
        }
    }
}

/// Localized text: a string (the default language) or a map language → text.
pub fn text(r: &mut Reader, ctx: &Context, node: &Node, what: &str) -> Option<Text> {
    match &node.kind {
        NodeKind::Str(_) | NodeKind::Number(_) => {
            let s = r.text_string(node, what)?;
            let mut t = Text::plain(ctx.default_language, &s);
            t.pos = node.pos;
            t.lang_pos
                .insert(ctx.default_language.to_string(), node.pos);
            Some(t)
        }
        NodeKind::Map(entries) => {
            let mut by_lang = LangMap::new();
            let mut lang_pos = LangMap::new();
            for (key, value) in entries {
                let Some(lang) = key.as_str() else {
                    r.error(
                        key.pos,
                        format!("expected a language code, found {}", key.kind_name()),
                    );
                    continue;
                };
                if !ctx.languages.is_empty() && !ctx.languages.iter().any(|l| l == lang) {
                    let known = ctx.languages.join(", ");
                    let message = with_did_you_mean(
                        format!("language `{lang}` is not listed in site.yaml"),
                        lang,
                        ctx.languages.iter().map(String::as_str),
                    );
                    r.error_hint(key.pos, message, format!("site languages: {known}"));
                    continue;
                }
                if let Some(s) = r.text_string(value, &format!("{what} ({lang})")) {
                    by_lang.insert(lang.to_string(), s);
                    lang_pos.insert(lang.to_string(), key.pos);
                }
            }
            if by_lang.is_empty() {
                if entries.is_empty() {
                    r.error(node.pos, format!("{what} has no text in any language"));
                }
                return None;
            }
            by_lang.shrink_to_fit();
            lang_pos.shrink_to_fit();
            Some(Text {
                by_lang,
                pos: node.pos,
                lang_pos,
            })
        }
        _ => {
            r.error_hint(
                node.pos,
                format!("expected text for {what}, found {}", node.kind_name()),
                "write a string, or a map of languages: {zh: …, en: …}",
            );
            None
        }
    }
}

pub fn front_matter(r: &mut Reader, node: &Node) -> Option<PageFrontMatter> {
    let f = r.fields(node, "front matter", FRONT_MATTER_FIELDS)?;
    let title = r
        .required(&f, "title", "front matter")
        .and_then(|n| r.text_string(n, "title"));
    Some(PageFrontMatter {
        title: title?,
        order: f
            .get("order")
            .and_then(|n| r.integer(n, "order", -1_000_000, 1_000_000)),
        in_nav: f.get("in_nav").and_then(|n| r.bool(n, "in_nav")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    /// The messages of decoding `yaml` as a progress entry.
    fn progress_messages(yaml: &str) -> Vec<String> {
        let node = crate::yaml::load("m.yaml", yaml).unwrap();
        let languages = vec!["zh".to_string(), "en".to_string()];
        let ctx = Context {
            languages: &languages,
            default_language: "zh",
        };
        let mut diagnostics = Diagnostics::new();
        progress(&mut Reader::new("m.yaml", &mut diagnostics), &ctx, &node);
        diagnostics
            .sorted()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn an_unknown_status_is_one_error_not_two() {
        assert_eq!(
            progress_messages("period: 2024\nstatus: done\n"),
            ["unknown status `done`"]
        );
        // An entry with none of value, text and status still needs one.
        assert_eq!(
            progress_messages("period: 2024\n"),
            ["a progress entry needs a `value`, a `text` or a declared `status`"]
        );
    }
}
