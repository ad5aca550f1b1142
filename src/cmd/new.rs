//! `gongkai new COLLECTION ID`: a commented skeleton measure. It does not
//! pass `check` until its title is filled in, on purpose.

use std::path::Path;

use super::EXIT_OK;
use crate::load::{reader::is_ident, COLLECTION_FILE, CONTENT_DIR};

pub fn execute(root: &Path, collection: &str, id: &str) -> u8 {
    if !is_ident(collection) || !is_ident(id) {
        return super::fail("COLLECTION and ID must match [a-z0-9][a-z0-9-]*");
    }
    let folder = root.join(CONTENT_DIR).join(collection);
    if !folder.join(COLLECTION_FILE).is_file() {
        return super::fail(format!(
            "there is no collection `{collection}` ({} not found); create it with a _collection.yaml first",
            folder.join(COLLECTION_FILE).display()
        ));
    }
    let path = folder.join(format!("{id}.yaml"));
    if path.exists() {
        return super::fail(format!("{} already exists", path.display()));
    }
    let first_category = first_category(&folder.join(COLLECTION_FILE)).unwrap_or_default();
    if let Err(e) = std::fs::write(&path, skeleton(&first_category)) {
        return super::fail(format!("cannot write {}: {e}", path.display()));
    }
    println!("{}", path.display());
    EXIT_OK
}

/// The id of the collection's first category, to pre-fill `category:`.
fn first_category(collection_file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(collection_file).ok()?;
    let node = crate::yaml::load("_collection.yaml", &text).ok()?;
    let crate::yaml::NodeKind::Map(entries) = node.kind else {
        return None;
    };
    let (_, cats) = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("categories"))?;
    let crate::yaml::NodeKind::Seq(items) = &cats.kind else {
        return None;
    };
    let crate::yaml::NodeKind::Map(first) = &items.first()?.kind else {
        return None;
    };
    first
        .iter()
        .find(|(k, _)| k.as_str() == Some("id"))?
        .1
        .as_str()
        .map(str::to_string)
}

fn skeleton(category: &str) -> String {
    let category_line = if category.is_empty() {
        "# category: an id from _collection.yaml".to_string()
    } else {
        format!("category: {category}              # an id from _collection.yaml")
    };
    format!(
        r#"# A measure. Fill in every empty text, then run `gongkai check`.
# number: 1                       # the plan's own number, optional
{category_line}
title:
  zh: ""
  en: ""
lead: []                          # lead bodies: ids from content/units.yaml
# units: []                       # other responsible bodies
# summary: {{zh: …, en: …}}        # Markdown, optional
tasks: []                         # key tasks, Markdown each: - {{zh: …, en: …}}
indicators: []
#  - id: my-indicator
#    name: {{zh: …, en: …}}
#    unit: {{zh: 元, en: yuan}}
#    direction: increase          # increase | decrease | maintain | none
#    accumulation: level          # level | cumulative
#    baseline: {{period: 2022, value: 100}}
#    target: {{period: 2023, op: ">=", value: 120}}
#    # targets:                   # several targets instead of `target`, in period order
#    #   - {{period: 2023, value: 110}}
#    #   - {{period: 2024..2025, op: ">=", value: 130}}
#    progress:
#      - period: 2023-01..2023-06  # a range: the year to date (1—6月)
#        value: 110
#        flag: provisional        # estimated | provisional | revised (needs a note) | proxy | break
#        source: {{title: {{zh: …, en: …}}, url: https://…}}
#    # definition: {{zh: …, en: …}}  # "About this indicator", all optional
#    # method: {{zh: …, en: …}}
#    # data_source: {{zh: …, en: …}}
#    # frequency: quarterly        # annual | half-yearly | quarterly | monthly | irregular
#    # next_update: 2023-10-20
# milestones:                     # dated steps; their status is computed
#   - id: draft-plan
#     title: {{zh: …, en: …}}
#     due: 2023-06                # due by the end of this period
#     done: null                  # the day it was done
#     evidence: {{title: {{zh: …, en: …}}, url: https://…}}
# updates:                        # progress in words, at most one a day
#   - date: 2023-09-30
#     text: {{zh: …, en: …}}       # Markdown
#     status: on-track            # optional: the latest declaring update sets the measure's status
#     source: {{title: {{zh: …, en: …}}, url: https://…, date: 2023-10-08}}
"#
    )
}
