//! One module per subcommand.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;

/// Prints an error that is not about content (usage, I/O) and returns exit code 2.
pub fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    crate::cli::EXIT_USAGE
}
