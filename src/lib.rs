//! gongkai (公开, "make public"): a static-site generator for government
//! public disclosure.
//!
//! The pipeline, one module per stage, dependencies pointing one way:
//! `yaml` → `load` (files → records, with positions) → `validate` (rules
//! between records) → `site` (resolved model) with `status` (the rules of
//! SPEC §2); `cmd` wraps it behind the command line.

pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod period;
pub mod schema;
pub mod site;
pub mod status;
pub mod validate;
pub mod yaml;
