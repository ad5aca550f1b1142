//! gongkai (公开, "make public"): a static-site generator for government
//! public disclosure.
//!
//! The pipeline, one module per stage, dependencies pointing one way:
//! `yaml` → `load` (files → records, with positions) → `validate` (rules
//! between records) → `site` (resolved model) with `status` (the rules of
//! SPEC §2) → `render` (pages, charts, data, feeds, search) → `output` (the
//! one writer); `build` runs the whole pipeline and `cmd` wraps it behind the
//! command line.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod feedback;
pub mod load;
pub mod model;
pub mod output;
pub mod period;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod status;
pub mod theme;
pub mod validate;
pub mod yaml;
