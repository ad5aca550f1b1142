//! One module per subcommand, each with an `execute` function returning
//! the exit code. The command line (`cli`) parses the arguments and calls
//! them; nothing here knows about argument parsing.

pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod new;
pub mod plan;
pub mod release;
pub mod schema;
pub mod serve;
pub mod sheet;

/// Exit codes, on purpose (SPEC §4): success (warnings allowed unless
/// `--strict`).
pub const EXIT_OK: u8 = 0;
/// The content (or the site's theme) has errors.
pub const EXIT_CONTENT: u8 = 1;
/// Bad usage, or an I/O failure (reading the site, writing the output).
pub const EXIT_USAGE: u8 = 2;

/// Prints an error that is not about content (usage, I/O) and returns exit code 2.
pub fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    EXIT_USAGE
}

/// Opens the content writer for a command that edits content: waits (and
/// says so) while another one holds the content lock, and says what it
/// finished or removed of an earlier run cut short. `Err` is the exit code.
pub fn content_writer(root: &std::path::Path) -> Result<crate::content_writer::ContentWriter, u8> {
    let waiting = || {
        eprintln!(
            "waiting for another import or release into {} to finish…",
            root.join(crate::load::CONTENT_DIR).display()
        )
    };
    let writer = crate::content_writer::ContentWriter::open(root, &waiting).map_err(fail)?;
    let r = &writer.recovery;
    if !r.finished.is_empty() {
        eprintln!(
            "finished an edit that was cut short: put in place {}",
            r.finished.join(", ")
        );
    }
    if !r.removed.is_empty() {
        eprintln!(
            "removed {} temporary file{} of an edit cut short before it changed anything",
            r.removed.len(),
            if r.removed.len() == 1 { "" } else { "s" }
        );
    }
    Ok(writer)
}
