//! `gongkai build`: build the site into a staging folder beside the output
//! and swap it in only when every file was written; one build of an output
//! at a time (the others wait, or stop with `--no-wait`).

use std::path::Path;
use std::time::Instant;

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::build::{self, check_base_url, BuildError, BuildOptions};
use crate::diagnostics::Format;
use crate::output::{IfLocked, Staging, WriteError};

pub struct Args<'a> {
    pub root: &'a Path,
    pub output: Option<&'a Path>,
    pub base_url: Option<&'a str>,
    pub strict: bool,
    pub no_minify: bool,
    /// Stop (exit 2) instead of waiting when another build of the same
    /// output is running.
    pub no_wait: bool,
}

pub fn execute(args: &Args) -> u8 {
    let started = Instant::now();
    if let Some(url) = args.base_url {
        if let Err(e) = check_base_url(url) {
            return super::fail(e);
        }
    }
    let (plans, history, warnings) = match build::load(args.root, args.strict) {
        Ok(loaded) => loaded,
        Err(e) => return report_failure(e),
    };
    let default_out = args.root.join("public");
    let out = args.output.unwrap_or(&default_out);
    let say_waiting = || eprintln!("waiting for another build of {} to finish…", out.display());
    let if_locked = if args.no_wait {
        IfLocked::Fail
    } else {
        IfLocked::Wait(&say_waiting)
    };
    let minify = build::minify(&plans, args.no_minify);
    let staging = match Staging::begin(args.root, out, minify, if_locked) {
        Ok(s) => s,
        Err(WriteError::Locked(out)) => {
            return super::fail(format!(
                "another build of {} is running; not waiting for it (--no-wait)",
                out.display()
            ))
        }
        Err(e) => return super::fail(e),
    };
    let options = BuildOptions {
        base_url: args.base_url,
        strict: args.strict,
        search: true,
    };
    let built = match build::render(args.root, &plans, &history, warnings, &options, &staging) {
        Ok(b) => b,
        Err(e) => {
            staging.abort();
            return report_failure(e);
        }
    };
    super::check::report(&built.warnings, Format::Human);
    for note in &built.notes {
        eprintln!("warning: {note}");
    }
    let files = staging.written();
    if let Err(e) = staging.commit() {
        return super::fail(e);
    }
    eprintln!(
        "built {} measures: {} pages, {} files in {} ms → {}",
        built.measure_count,
        built.page_count,
        files,
        started.elapsed().as_millis(),
        out.display()
    );
    EXIT_OK
}

pub fn report_failure(e: BuildError) -> u8 {
    match e {
        BuildError::Content(problems) => {
            super::check::report(&problems, Format::Human);
            eprintln!("{}; nothing was written", problems.summary());
            EXIT_CONTENT
        }
        BuildError::Theme(_) | BuildError::Render(_) => {
            eprintln!("error: {e}");
            eprintln!("nothing was written");
            EXIT_CONTENT
        }
        BuildError::Read(e) => super::fail(e),
        BuildError::Write(e) => {
            eprintln!("error: {e}");
            eprintln!("the output was left as it was");
            EXIT_USAGE
        }
    }
}
