//! One module per subcommand, each with an `execute` function returning
//! the exit code. The command line (`cli`) parses the arguments and calls
//! them; nothing here knows about argument parsing.

pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod new;
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
