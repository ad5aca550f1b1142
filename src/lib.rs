//! gongkai (公开, "make public"): a static-site generator for government
//! public disclosure.
//!
//! The pipeline, one module per stage, dependencies pointing one way (each
//! module imports only those before it; `tests/layers.rs` checks it):
//!
//! `diagnostics` (problems with positions) → `timing` (phase timings) →
//! `content_writer` (the one writer of content files: locked, verified, all
//! or nothing) →
//! `period`, `yaml`, `feedback` (the feedback link's template), `csvout` (the
//! one CSV writer) → `model` (the records, the input's vocabulary) →
//! `load` (files → records, with positions) → `validate` (rules between
//! records) → `status` (the rules of SPEC §2) → `site` (the resolved model)
//! → `changes` (releases and what changed between them) → `sheets` (the
//! spreadsheet round trip: export, read, import, YAML text edits) → `theme`,
//! `schema` → `output` (the one writer) → `render` (pages,
//! charts, data, feeds, search) → `build` (the whole pipeline) →
//! `incremental` (rebuilding only what an edit touches) → `serve` →
//! `cmd` → `cli` (the command line).

pub mod build;
pub mod changes;
pub mod cli;
pub mod cmd;
pub mod content_writer;
pub mod csvout;
pub mod diagnostics;
pub mod feedback;
pub mod html;
pub mod incremental;
pub mod links;
pub mod load;
pub mod model;
pub mod output;
pub mod period;
pub mod plan_table;
pub mod plans;
pub mod render;
pub mod schema;
pub mod serve;
pub mod sheets;
pub mod site;
pub mod spool;
pub mod status;
pub mod theme;
pub mod timing;
pub mod validate;
pub mod yaml;
