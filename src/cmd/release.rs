//! `gongkai release NAME`: freeze what is published now into
//! `content/releases/NAME.json`. An invalid or existing name is bad usage
//! (exit 2: the content is fine, the request is not, and a release is
//! never replaced); content with errors is not released (exit 1).

use std::path::Path;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::changes::report::summary;
use crate::changes::{self, History, ReleaseError, Snapshot};
use crate::diagnostics::Format;
use crate::period::Date;
use crate::site::{LoadError, Site};

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
    if root.join(changes::release_path(name)).exists() {
        return super::fail(ReleaseError::Exists(changes::release_path(name)));
    }
    let (site, mut warnings) = match Site::load(root, false) {
        Ok(loaded) => loaded,
        Err(LoadError::Content(problems)) => return refuse(&problems),
        Err(LoadError::Io(e)) => return super::fail(e),
    };
    let history = match History::load_checked(root, &site, false, &mut warnings) {
        Ok(Some(h)) => h,
        Ok(None) => return refuse(&warnings),
        Err(e) => return super::fail(e),
    };
    super::check::report(&warnings, Format::Human);
    let snapshot = Snapshot::of(&site, name, &date.to_string());
    match changes::write_release(root, name, &snapshot) {
        Ok(path) => {
            let since = match history.latest() {
                Some(latest) => format!("since {}: {}", latest.name, summary(&history.since)),
                None => "the first release".to_string(),
            };
            eprintln!(
                "released {name} ({date}): {} measures, {} indicators, {since} → {path}",
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
