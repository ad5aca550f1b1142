//! docs/themes.md, the reference of what each template receives, made from
//! the context types themselves (their JSON Schemas, doc comments
//! included), and a test that keeps the file equal to it:
//! `GONGKAI_BLESS=1 cargo test` rewrites it.

use serde_json::{Map, Value};

use super::{PageContext, SiteView};
use crate::render::views::MeasureRow;

/// Each template, the page it makes and the type of its `x`.
const TEMPLATES: &[(&str, &str, &str)] = &[
    ("index.html", "the dashboard, `/`", "HomeContext"),
    ("collection.html", "a collection's index table, `/<collection>/`", "CollectionContext"),
    ("measure.html", "a measure, `/<collection>/<measure>/`", "MeasureContext"),
    ("list.html", "a status page `/status/<status>/` or a category page `/categories/<collection>/<category>/`", "ListContext"),
    ("units.html", "the list of responsible bodies, `/units/`", "UnitsContext"),
    ("unit.html", "one body, `/units/<unit>/`", "UnitContext"),
    ("updates.html", "the progress entries, `/updates/` (and `/updates/<n>/`)", "UpdatesContext"),
    ("methodology.html", "the status rules, `/methodology/`", "MethodologyContext"),
    ("page.html", "a Markdown page, `/<page>/`", "TextPageContext"),
    ("search.html", "the search page, `/search/`", "SearchContext"),
    ("404.html", "the page for a missing address", "EmptyContext"),
    ("changes.html", "every release and what changed, `/changes/` (only with releases)", "ChangesContext"),
    ("release.html", "what changed in one release, `/changes/<name>/`", "ReleaseContext"),
    ("report.html", "the printable report, `/report/`, and a body's, `/units/<unit>/report/`", "ReportContext"),
    ("embed.html", "a measure for an `<iframe>`, `/embed/<collection>/<measure>/` (a whole document: it does not extend `base.html`)", "EmbedContext"),
    ("data.html", "the downloads and their fields, `/data/`", "DataPageContext"),
    ("accessibility.html", "the accessibility statement, `/accessibility/`", "AccessibilityContext"),
    ("plans.html", "a site with several plans: the plan list, `/`", "PlansContext"),
    ("units_plans.html", "a site with several plans: the bodies across plans, `/units/`", "UnitsPlansContext"),
    ("unit_plans.html", "a site with several plans: one body's measures in every plan, `/units/<unit>/`", "UnitPlansContext"),
    ("lineage.html", "what a plan carried over, changed and dropped, `/<plan>/lineage/` (only on a site with several plans)", "LineageContext"),
];

const INTRO: &str = "# Template contexts

What each template of a theme receives. A site overrides any template by
placing a file at the same path under `themes/<theme>/templates/`; this page
says what such a template can use. It is generated from the Rust types that
build the contexts (`src/render/pages/`, `src/render/views.rs`), and a test
keeps it equal to them: after changing a context type, run
`GONGKAI_BLESS=1 cargo test --lib` to rewrite it.

Every template receives:

- `t`: the interface strings of the page's language, from the theme's
  `i18n/<lang>.yaml`, by dotted key (`t.nav.home`, `t.status.on-track`).
- `site`: [`SiteView`](#siteview), the same for every page of a language.
- `root`, `lang`, `page` and `x`: [`PageContext`](#pagecontext); `x` is the
  page kind's own context, in the table below.
- `rows` (only `collection.html` and `list.html`): the table's measures, a
  list of [`MeasureRow`](#measurerow), for `partials/rows.html`.

Conventions: every URL is root-relative and is printed behind `{{ root }}`
(so that a site under a sub-path works), except absolute ones named so
(`canonical`, `href_abs`) and external ones (`source.url`, `website`).
A field ending in `_html` is HTML that gongkai has already escaped or
rendered from Markdown: print it with `| safe`. Every other text is plain
and Tera escapes it. A text in another language than the page (no
translation) comes as a [`TextView`](#textview) whose `html` carries its own
`lang` and a visible \"not translated\" mark.

Minifying: when the site is minified, each template is minified once, when
the theme is compiled, with its Tera tags set aside, so that the pages come
out minified. The minifier decides spaces and character references from the
characters around them, and around a tag it sees a stand-in, not what the
tag will print; so before any page is written, one page of each template in
each language (with at most 64 rows of measures: a table's first rows, and
the first of the lists on the unit and report pages) is rendered both ways,
from the minified template and as written then minified whole, and the two
are read with an HTML tokenizer.
If they differ in a tag, an attribute, a character of text or a space a
reader could see (runs of spaces count as one, and a space beside a block
such as `<p>`, `<li>` or `<div>`, or in the head, as none), every page of
that template is rendered as written and minified whole, which is slower,
and a warning names the template, the page and the first difference; the
other templates keep theirs. Tags set aside work in text or inside a quoted
attribute value. Write an attribute that depends on a condition as the
whole element twice,
`{% if c %}<a href=\"…\" rel=\"external\">…</a>{% else %}<a href=\"…\">…</a>{% endif %}`:
a template with a tag between attributes (the minifier sorts attributes),
in a comment, in a `<style>` or `style=`, or in an unquoted value is kept
as written among the minified ones, with a warning, and the pages that use
it will most likely be minified whole.
";

pub fn render() -> String {
    let mut defs = Map::new();
    for (name, schema) in [
        ("PageContext", schemars::schema_for!(PageContext)),
        ("SiteView", schemars::schema_for!(SiteView)),
        ("MeasureRow", schemars::schema_for!(MeasureRow)),
    ] {
        let mut v = schema.to_value();
        if let Some(Value::Object(d)) = v.as_object_mut().and_then(|o| o.remove("$defs")) {
            defs.extend(d);
        }
        defs.insert(name.to_string(), v);
    }
    let mut out = String::from(INTRO);
    out.push_str("\n## Templates\n\n| template | page | `x` |\n|---|---|---|\n");
    for (template, page, ty) in TEMPLATES {
        assert!(defs.contains_key(*ty), "{ty} is not a context type");
        out.push_str(&format!("| `{template}` | {page} | {} |\n", link(ty)));
    }
    out.push_str(
        "\n## Types\n\nIn alphabetical order. \"or null\" marks a value that may be absent.\n",
    );
    let mut names: Vec<&String> = defs.keys().collect();
    names.sort_by_key(|n| n.to_lowercase());
    for name in names {
        let def = &defs[name.as_str()];
        if def.get("properties").is_none() && def.get("anyOf").is_some() {
            continue; // the untagged `Own`: its members are listed in the table of templates
        }
        out.push_str(&format!("\n### {name}\n\n"));
        if let Some(d) = def.get("description").and_then(Value::as_str) {
            out.push_str(&one_line(d));
            out.push_str("\n\n");
        }
        let props = def.get("properties").and_then(Value::as_object);
        match props {
            Some(props) if !props.is_empty() => {
                out.push_str("| field | type | meaning |\n|---|---|---|\n");
                for (field, schema) in props {
                    let desc = schema
                        .get("description")
                        .and_then(Value::as_str)
                        .map(one_line)
                        .unwrap_or_default();
                    out.push_str(&format!("| `{field}` | {} | {desc} |\n", type_of(schema)));
                }
            }
            _ => out.push_str("No fields.\n"),
        }
    }
    out
}

fn link(name: &str) -> String {
    format!("[`{name}`](#{})", name.to_lowercase())
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// A property's type in words: `string`, `list of X`, `X or null`.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return link(r.rsplit('/').next().unwrap_or(r));
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        return any.iter().map(type_of).collect::<Vec<_>>().join(" or ");
    }
    match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| simple(t.as_str().unwrap_or("?"), schema))
            .collect::<Vec<_>>()
            .join(" or "),
        Some(Value::String(t)) => simple(t, schema),
        _ => "any".to_string(),
    }
}

fn simple(t: &str, schema: &Value) -> String {
    match t {
        "array" => format!(
            "list of {}",
            schema
                .get("items")
                .map(type_of)
                .unwrap_or_else(|| "any".into())
        ),
        "integer" => "integer".into(),
        other => other.to_string(),
    }
}

#[test]
fn docs_themes_md_lists_every_context() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/themes.md");
    let made = render();
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&path, &made).expect("docs/themes.md writable");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == made,
        "docs/themes.md is not what the context types say; run GONGKAI_BLESS=1 cargo test --lib to rewrite it"
    );
}

#[test]
fn every_template_is_documented_and_every_documented_one_exists() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("templates")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base.html")
        .collect();
    on_disk.sort();
    let mut documented: Vec<String> = TEMPLATES.iter().map(|t| t.0.to_string()).collect();
    documented.sort();
    assert_eq!(on_disk, documented);
}

#[test]
fn a_schema_type_reads_as_words() {
    let v: Value = serde_json::json!({"anyOf": [{"$ref": "#/$defs/TextView"}, {"type": "null"}]});
    assert_eq!(type_of(&v), "[`TextView`](#textview) or null");
    let v: Value = serde_json::json!({"type": "array", "items": {"type": ["string", "null"]}});
    assert_eq!(type_of(&v), "list of string or null");
}
