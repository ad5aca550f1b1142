//! The modules form one pipeline, and each imports only the stages before
//! it. From first to last:
//!
//! 1. `diagnostics`: positions and problems, which every stage reports;
//! 2. `timing`, `content_writer`: the phase timer, which any stage may use
//!    to log, and the one writer of content files (locked, verified by
//!    callbacks its callers give, all or nothing);
//! 3. `period`, `yaml`, `feedback`, `csvout`: dates and periods, YAML
//!    nodes with positions (and the one emitter of new records), the feedback link's URL template and mailto
//!    rules, and the one CSV writer with its formula-injection rule;
//! 4. `model`: the records of a content folder (the input's vocabulary,
//!    statuses included);
//! 5. `load`, `validate`: files into records, then rules between records;
//! 6. `status`, `site`, `plans`, `changes`, `sheets`: the status rules, the
//!    resolved site that `check` stops at, the plans of a site with several
//!    and the lineage between them, the release snapshots and changes between
//!    them, read from a resolved site, and the spreadsheet round trip over it;
//!    then `plan_table`: a plan's indicator table, as a spreadsheet is
//!    filled, into measure files;
//! 7. `theme`, `schema`, `html`: a theme's files, the JSON Schema of the
//!    records, and HTML read back as a browser's tokenizer reads it — none
//!    reads a site, so all come before rendering;
//! 8. `output`, `spool`, `render`: the one writer (and the files `serve`
//!    keeps on disk, finished as it finishes them) and what it writes;
//! 9. `build`, `incremental`, `serve`: the whole pipeline, on disk or in
//!    memory, and rebuilding only what an edit touches;
//! 10. `cmd`, `cli`: the command line over it.
//!
//! A module may import itself and anything earlier; `lib.rs` and `main.rs`
//! only declare and start the modules. A new module must be placed in
//! [`LAYERS`], which this test checks against the files in `src/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    "diagnostics",
    "timing",
    "content_writer",
    "period",
    "yaml",
    "feedback",
    "csvout",
    "model",
    "load",
    "validate",
    "status",
    "site",
    "plans",
    "changes",
    "sheets",
    "plan_table",
    "theme",
    "schema",
    "html",
    "output",
    "spool",
    "render",
    "build",
    "links",
    "incremental",
    "serve",
    "cmd",
    "cli",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with the top-level module it belongs to
/// (`src/render/chart.rs` → `render`); `lib.rs` and `main.rs` left out.
fn source_files() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src()).unwrap();
        let first = rel.components().next().unwrap().as_os_str();
        let module = first.to_str().unwrap().trim_end_matches(".rs").to_string();
        if rel.components().count() == 1 && (module == "lib" || module == "main") {
            continue;
        }
        files.push((module, path.to_path_buf()));
    }
    files
}

/// The top-level modules a file names through `crate::` (in `use crate::x`,
/// `use crate::{x, y::z}` and paths such as `crate::x::f()`), comments left out.
fn crate_references(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let mut rest = code_part(line);
        while let Some(i) = rest.find("crate::") {
            let preceded_by_ident = rest[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            rest = &rest[i + "crate::".len()..];
            if preceded_by_ident {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                found.extend(group_heads(group));
            } else {
                found.insert(ident_at(rest));
            }
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// A line without its `//` comment (one inside a string literal kept).
fn code_part(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            // A quote as a character literal: '"'.
            b'"' if i > 0 && bytes[i - 1] == b'\'' && bytes.get(i + 1) == Some(&b'\'') => {}
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// The first name of each item of a `{a, b::c, d::{e, f}}` group (without
/// its opening brace), up to the brace that closes it on this line.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if at_item_start && (c.is_alphanumeric() || c == '_') => {
                heads.push(ident_at(&group[i..]));
                at_item_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn the_layers_name_every_module_of_src() {
    let in_src: BTreeSet<String> = source_files().into_iter().map(|(m, _)| m).collect();
    let listed: BTreeSet<String> = LAYERS.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        in_src, listed,
        "the modules in src/ and the layers of this test differ: place a new module in LAYERS"
    );
}

#[test]
fn no_module_imports_a_later_stage() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut upward = Vec::new();
    for (module, path) in source_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let own = rank(&module).unwrap_or(usize::MAX);
        for used in crate_references(&text) {
            match rank(&used) {
                Some(r) if r <= own => {}
                Some(_) => upward.push(format!(
                    "{} ({module}) imports {used}, a later stage",
                    path.strip_prefix(src()).unwrap().display()
                )),
                None => upward.push(format!(
                    "{} names crate::{used}, which is no module of the layers",
                    path.strip_prefix(src()).unwrap().display()
                )),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the pipeline:\n  {}",
        upward.join("\n  ")
    );
}

#[test]
fn references_are_read_in_every_form() {
    let text = "//! see [`crate::cli`]\nuse crate::model::{self, Text};\n\
        use crate::{period::Date, status::{assess, Status}, yaml};\n\
        let x = crate::render::urls::home(\"//\"); // crate::serve\n\
        let y = my_crate::build::x; $crate::cmd::y; let q = '\"'; // crate::cli";
    let found: Vec<String> = crate_references(text).into_iter().collect();
    assert_eq!(found, ["model", "period", "render", "status", "yaml"]);
}
