//! `gongkai sheet export` and `gongkai sheet import` (SPEC §7).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::plans::Plans;
use crate::sheets::{export, import};
use crate::site::LoadError;

/// How `sheet import` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

pub struct ExportArgs<'a> {
    pub root: &'a Path,
    pub units: &'a [String],
    pub collections: &'a [String],
    pub by_unit: bool,
    pub out: &'a Path,
    /// On a site with several plans, the plan to export (none: every plan).
    pub plan: Option<&'a str>,
}

pub fn export(args: &ExportArgs) -> u8 {
    let started = Instant::now();
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let xlsx = match ext.as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => {
            return super::fail(format!(
                "--out {}: give a .xlsx or a .csv file",
                args.out.display()
            ))
        }
    };
    if args.by_unit && !xlsx {
        return super::fail(
            "--by-unit writes one sheet per lead body, which only an .xlsx file holds",
        );
    }
    let content = args.root.join(crate::load::CONTENT_DIR).canonicalize().ok();
    let parent = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let (Some(content), Ok(parent)) = (content, parent.canonicalize()) {
        if parent.starts_with(&content) {
            return super::fail(format!(
                "--out {}: a sheet is not written inside content/",
                args.out.display()
            ));
        }
    }
    let plans = match Plans::load(args.root, false) {
        Ok((plans, _)) => plans,
        Err(LoadError::Content(problems)) => {
            super::check::report(&problems, crate::diagnostics::Format::Human);
            eprintln!("{}", problems.summary());
            return EXIT_CONTENT;
        }
        Err(LoadError::Io(e)) => return super::fail(e),
    };
    if let (Some(p), false) = (args.plan, plans.several()) {
        return super::fail(format!(
            "--plan {p}: this site has one plan (its content has no plans/ folder); leave out --plan"
        ));
    }
    let options = export::Options {
        units: args.units.to_vec(),
        collections: args.collections.to_vec(),
        by_unit: args.by_unit,
        plan: args.plan.map(str::to_string),
    };
    let sheets = match export::plan_sheets(&plans, &options) {
        Ok(s) => s,
        Err(unknown) => return super::fail(unknown),
    };
    let config = &plans.root.config;
    let languages = config.language_codes();
    let lang = config.default_language();
    let bytes = if xlsx {
        match export::xlsx(&sheets, &languages, lang) {
            Ok(b) => b,
            Err(e) => return super::fail(format!("cannot make the workbook: {e}")),
        }
    } else {
        let rows: Vec<export::Row> = sheets.iter().flat_map(|s| s.rows.clone()).collect();
        export::csv(&rows, &languages, lang)
    };
    if let Err(e) = std::fs::write(args.out, bytes) {
        return super::fail(format!("cannot write {}: {e}", args.out.display()));
    }
    let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
    eprintln!(
        "wrote {} rows in {} sheet{} to {} in {} ms",
        rows,
        sheets.len(),
        if sheets.len() == 1 { "" } else { "s" },
        args.out.display(),
        started.elapsed().as_millis()
    );
    EXIT_OK
}

/// How `sheet import` runs.
pub struct ImportArgs<'a> {
    pub root: &'a Path,
    pub files: &'a [PathBuf],
    /// Report what would change, writing nothing.
    pub dry_run: bool,
    /// Refuse rows that `check --strict` would refuse: every warning about
    /// the rows and the files they change is an error.
    pub strict: bool,
    pub format: ReportFormat,
}

pub fn import(args: &ImportArgs) -> u8 {
    let ImportArgs {
        root,
        files,
        dry_run,
        strict,
        format,
    } = *args;
    let started = Instant::now();
    // The plan is made inside the lock, from the files as they are once
    // any other import or release is done, so that both edits are kept.
    let writer = match dry_run {
        true => None,
        false => match super::content_writer(root) {
            Ok(w) => Some(w),
            Err(code) => return code,
        },
    };
    let plan = match import::plan(root, files) {
        Ok(mut plan) => {
            if strict {
                plan.make_strict();
            }
            plan
        }
        Err(import::Fatal::Io(e)) => return super::fail(e),
        Err(import::Fatal::Sheet(e)) => return super::fail(e),
        Err(import::Fatal::Content(problems)) => {
            super::check::report(&problems, crate::diagnostics::Format::Human);
            eprintln!("{}; fix the content before importing", problems.summary());
            return EXIT_CONTENT;
        }
    };
    let failed = plan.has_errors();
    let mut written = false;
    if let (false, Some(writer)) = (failed, &writer) {
        let writes = plan.file_writes();
        if let Err(e) = writer.commit("sheet import", &writes, &mut |w| plan.verify(w)) {
            return super::fail(e);
        }
        written = !writes.is_empty();
    }
    match format {
        ReportFormat::Json => {
            let json = serde_json::json!({
                "files": plan.files,
                "problems": plan.problems,
                "rows": plan.rows,
                "changed": plan.writes.keys().collect::<Vec<_>>(),
                "written": written,
                "dry_run": dry_run,
            });
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        ReportFormat::Human => human(&plan, failed, dry_run, started),
    }
    if failed {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}

fn human(plan: &import::Plan, failed: bool, dry_run: bool, started: Instant) {
    let mut err = std::io::stderr().lock();
    for p in &plan.problems {
        let _ = writeln!(err, "{p}");
    }
    if failed {
        let n = plan.problems.iter().filter(|p| p.is_error()).count();
        let _ = writeln!(
            err,
            "{n} error{} in the sheets: nothing was written",
            if n == 1 { "" } else { "s" }
        );
        return;
    }
    let mut out = std::io::stdout().lock();
    let (mut added, mut revised, mut unchanged) = (0, 0, 0);
    for f in &plan.files {
        added += f.added.len();
        revised += f.revised.len();
        unchanged += f.unchanged.len();
        let _ = writeln!(
            out,
            "{}: {} added, {} revised, {} unchanged",
            f.path,
            f.added.len(),
            f.revised.len(),
            f.unchanged.len()
        );
        for a in &f.added {
            let _ = writeln!(out, "  + {a}");
        }
        for r in &f.revised {
            let _ = writeln!(out, "  ~ {r}");
        }
    }
    let verb = if dry_run { "would change" } else { "changed" };
    let _ = writeln!(
        err,
        "{} filled row{} read: {added} added, {revised} revised, {unchanged} unchanged; {verb} {} file{} in {} ms{}",
        plan.files.iter().map(|f| f.added.len() + f.revised.len() + f.unchanged.len()).sum::<usize>(),
        if added + revised + unchanged == 1 { "" } else { "s" },
        plan.writes.len(),
        if plan.writes.len() == 1 { "" } else { "s" },
        started.elapsed().as_millis(),
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
    if !plan.writes.is_empty() {
        let names: Vec<&str> = plan.writes.keys().map(String::as_str).collect();
        let _ = writeln!(err, "{verb}: {}", names.join(", "));
    }
}
