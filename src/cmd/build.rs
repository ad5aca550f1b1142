//! `gongkai build`: build the site into a staging folder beside the output
//! and swap it in only when every file was written; one build of an output
//! at a time (the others wait, or stop with `--no-wait`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::build::{self, check_base_url, BuildError, BuildOptions};
use crate::diagnostics::Format;
use crate::load::YamlCache;
use crate::output::{folder_of, is_inside_content, IfLocked, Staging, WriteError};
use crate::timing::log_elapsed;

pub struct Args<'a> {
    pub root: &'a Path,
    pub output: Option<&'a Path>,
    pub base_url: Option<&'a str>,
    pub strict: bool,
    pub no_minify: bool,
    /// Stop (exit 2) instead of waiting when another build of the same
    /// output is running.
    pub no_wait: bool,
    /// Neither read nor write the cache of parsed YAML.
    pub no_cache: bool,
}

/// The folder of the cache of parsed YAML, beside the output folder.
pub const CACHE_DIR: &str = ".gongkai-cache";

/// Where the cache of parsed YAML of a build into `out` lives: beside it
/// (`<root>/.gongkai-cache/` for the default `<root>/public/`). `None`
/// when that would be inside content/ (the build refuses such an output).
pub fn cache_dir(root: &Path, out: &Path) -> Option<PathBuf> {
    let dir = folder_of(out).join(CACHE_DIR);
    (!is_inside_content(root, &dir)).then_some(dir)
}

pub fn execute(args: &Args) -> u8 {
    let started = Instant::now();
    if let Some(url) = args.base_url {
        if let Err(e) = check_base_url(url) {
            return super::fail(e);
        }
    }
    let default_out = args.root.join("public");
    let out = args.output.unwrap_or(&default_out);
    let opened = Instant::now();
    let yaml = (!args.no_cache)
        .then(|| cache_dir(args.root, out))
        .flatten()
        .map(|dir| YamlCache::open(&dir));
    if let Some(yaml) = &yaml {
        log_elapsed(
            &format!("load: YAML cache read ({} trees)", yaml.len()),
            opened,
        );
    }
    let loaded = build::load_with_yaml_cache(args.root, args.strict, yaml.as_ref());
    // Written while the site renders; a failure costs the next build time,
    // not this one its output.
    let saving = Saving(yaml.map(|yaml| {
        std::thread::spawn(move || {
            let started = Instant::now();
            let saved = yaml.save();
            if let Ok(true) = saved {
                log_elapsed("YAML cache written (beside the render)", started);
            }
            saved
        })
    }));
    let (plans, history, warnings) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return report_failure(e),
    };
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
    saving.finish();
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

/// The cache of parsed YAML being written; waited for when the build ends,
/// whichever way it ends.
struct Saving(Option<std::thread::JoinHandle<std::io::Result<bool>>>);

impl Saving {
    fn finish(mut self) {
        self.wait();
    }

    fn wait(&mut self) {
        if let Some(Ok(Err(e))) = self.0.take().map(std::thread::JoinHandle::join) {
            eprintln!("warning: the cache of parsed YAML files was not written: {e}");
        }
    }
}

impl Drop for Saving {
    fn drop(&mut self) {
        self.wait();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_lives_beside_the_output() {
        let root = Path::new("site");
        assert_eq!(
            cache_dir(root, &root.join("public")),
            Some(root.join(CACHE_DIR))
        );
        assert_eq!(
            cache_dir(root, Path::new("public")),
            Some(Path::new(".").join(CACHE_DIR))
        );
        assert_eq!(
            cache_dir(root, Path::new("/srv/www/site")),
            Some(Path::new("/srv/www").join(CACHE_DIR))
        );
        assert_eq!(cache_dir(root, &root.join("content/out")), None);
    }
}
