//! `gongkai build`: build the site and swap it into the output folder.

use std::path::Path;

use crate::build::{build, check_base_url, BuildError, BuildOptions};
use crate::cli::{EXIT_CONTENT, EXIT_OK};
use crate::diagnostics::Format;

pub struct Args<'a> {
    pub root: &'a Path,
    pub output: Option<&'a Path>,
    pub base_url: Option<&'a str>,
    pub strict: bool,
    pub no_minify: bool,
}

pub fn execute(args: &Args) -> u8 {
    if let Some(url) = args.base_url {
        if let Err(e) = check_base_url(url) {
            return super::fail(e);
        }
    }
    let options = BuildOptions {
        base_url: args.base_url,
        strict: args.strict,
        minify: args.no_minify.then_some(false),
        search: true,
    };
    let built = match build(args.root, &options) {
        Ok(b) => b,
        Err(BuildError::Content(problems)) => {
            super::check::report(&problems, Format::Human);
            eprintln!(
                "{} errors, {} warnings; nothing was written",
                problems.error_count(),
                problems.warning_count()
            );
            return EXIT_CONTENT;
        }
        Err(BuildError::Theme(message)) => {
            eprintln!("error: {message}");
            eprintln!("nothing was written");
            return EXIT_CONTENT;
        }
        Err(BuildError::Io(e)) => return super::fail(e),
    };
    super::check::report(&built.warnings, Format::Human);
    for note in &built.notes {
        eprintln!("warning: {note}");
    }
    let default_out = args.root.join("public");
    let out = args.output.unwrap_or(&default_out);
    if let Err(e) = crate::output::write_site(args.root, out, &built.files) {
        return super::fail(e);
    }
    eprintln!(
        "built {} measures: {} pages, {} files in {} ms → {}",
        built.measure_count,
        built.page_count,
        built.files.len(),
        built.millis,
        out.display()
    );
    EXIT_OK
}
