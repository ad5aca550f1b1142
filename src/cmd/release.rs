//! `gongkai release NAME`: freeze what is published now into
//! `content/releases/NAME.json`. An invalid or existing name is bad usage
//! (exit 2: the content is fine, the request is not, and a release is
//! never replaced); content with errors is not released (exit 1).
//!
//! The file is written through the content writer: under the content lock
//! (taken before the content is read, so that an import running at once
//! is either wholly in the release or wholly after it), to a temporary
//! file that is read back as a snapshot before it is put in place.

use std::path::Path;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::changes::report::summary;
use crate::changes::{self, History, ReleaseError, Snapshot};
use crate::content_writer::FileWrite;
use crate::diagnostics::Format;
use crate::period::Date;
use crate::plans::Plans;
use crate::site::LoadError;

pub fn execute(root: &Path, name: &str, date: Option<&str>) -> u8 {
    if let Err(e) = changes::check_name(name) {
        return super::fail(e);
    }
    let date = match date {
        None => changes::today(),
        Some(d) => match Date::parse(d) {
            Some(d) => d,
            None => return super::fail(format!("--date `{d}` is not a day (YYYY-MM-DD)")),
        },
    };
    let writer = match super::content_writer(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let rel = changes::release_path(name);
    if root.join(&rel).exists() {
        return super::fail(ReleaseError::Exists(rel));
    }
    // Every plan of a site with several is released at once (SPEC §10).
    let (plans, mut warnings) = match Plans::load(root, false) {
        Ok(loaded) => loaded,
        Err(LoadError::Content(problems)) => return refuse(&problems),
        Err(LoadError::Io(e)) => return super::fail(e),
    };
    let history = match History::load_plans_checked(root, &plans, false, &mut warnings) {
        Ok(Some(h)) => h,
        Ok(None) => return refuse(&warnings),
        Err(e) => return super::fail(e),
    };
    super::check::report(&warnings, Format::Human);
    let snapshot = Snapshot::of_plans(&plans, name, &date.to_string());
    let write = FileWrite {
        path: rel.clone(),
        old: None,
        new: snapshot.to_json().into_bytes(),
    };
    let mut verify = |w: &FileWrite| {
        let text = std::str::from_utf8(&w.new).map_err(|e| e.to_string())?;
        let mut problems = crate::diagnostics::Diagnostics::new();
        match Snapshot::parse(&w.path, text, &mut problems) {
            Some(read) if read.to_json().as_bytes() == w.new => Ok(()),
            Some(read) => Err(format!(
                "it reads back as another snapshot: {}",
                first_difference(&read.to_json(), &w.new)
            )),
            None => Err(format!("it does not read back: {}", problems.summary())),
        }
    };
    match writer.commit("release", std::slice::from_ref(&write), &mut verify) {
        Ok(_) => {
            let path = rel;
            let since = match history.latest() {
                Some(latest) => format!("since {}: {}", latest.name, summary(&history.since)),
                None => "the first release".to_string(),
            };
            let of_plans = match snapshot.plans.len() {
                0 => String::new(),
                1 => " of 1 plan".to_string(),
                n => format!(" of {n} plans"),
            };
            eprintln!(
                "released {name} ({date}): {} measures, {} indicators{of_plans}, {since} → {path}",
                snapshot.measure_count(),
                snapshot.indicator_count()
            );
            EXIT_OK
        }
        Err(e) => super::fail(e),
    }
}

fn refuse(problems: &crate::diagnostics::Diagnostics) -> u8 {
    super::check::report(problems, Format::Human);
    eprintln!("{}; nothing was released", problems.summary());
    EXIT_CONTENT
}

/// The first line where two texts differ, for a fault report.
fn first_difference(read: &str, written: &[u8]) -> String {
    let written = String::from_utf8_lossy(written);
    match read
        .lines()
        .zip(written.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        Some((i, (a, b))) => format!(
            "line {}: `{}` reads back as `{}`",
            i + 1,
            b.trim(),
            a.trim()
        ),
        None => "the texts differ in length".to_string(),
    }
}
