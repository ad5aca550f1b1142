//! The command line: argument definitions and dispatch. Each subcommand
//! lives in `cmd::<name>` with an `execute` function returning an exit code.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Format;

/// Exit codes, on purpose (SPEC §4).
pub const EXIT_OK: u8 = 0;
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "Turn a folder of plan records into a bilingual public-disclosure website"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml, e.g. https://example.gov.cn/plan/.
        #[arg(long)]
        base_url: Option<String>,
        /// Treat warnings (such as missing translations) as errors.
        #[arg(long)]
        strict: bool,
        /// Do not minify HTML and CSS.
        #[arg(long)]
        no_minify: bool,
    },
    /// Build into memory and serve on 127.0.0.1, rebuilding on every change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the content and report every problem, without building.
    Check {
        /// The site folder, holding content/ (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings (such as missing translations) as errors.
        #[arg(long)]
        strict: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Create a new, valid, minimal bilingual site in DIR.
    Init { dir: PathBuf },
    /// Create a skeleton measure file content/COLLECTION/ID.yaml.
    New {
        collection: String,
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schema of a record file, for editors.
    Schema {
        /// Which file: measure, collection, site or units.
        #[arg(value_enum, default_value_t = crate::schema::Kind::Measure)]
        kind: crate::schema::Kind,
        /// Write all four schemas into this folder instead of printing one.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Remove a previous output that a build swapped out (run by `build`
    /// itself, in the background, so that it need not wait for it).
    #[command(name = "remove-old-output", hide = true)]
    RemoveOldOutput { dir: PathBuf },
}

/// Parses the arguments and runs the command; returns the exit code.
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            strict,
            no_minify,
        } => crate::cmd::build::execute(&crate::cmd::build::Args {
            root: &root,
            output: output.as_deref(),
            base_url: base_url.as_deref(),
            strict,
            no_minify,
        }),
        Command::Serve { root, port, open } => crate::cmd::serve::execute(&root, port, open),
        Command::Check {
            root,
            strict,
            format,
        } => crate::cmd::check::execute(&root, strict, format),
        Command::Init { dir } => crate::cmd::init::execute(&dir),
        Command::New {
            collection,
            id,
            root,
        } => crate::cmd::new::execute(&root, &collection, &id),
        Command::Schema { kind, out } => crate::cmd::schema::execute(kind, out.as_deref()),
        Command::RemoveOldOutput { dir } => {
            crate::output::remove_swapped_out(&dir);
            EXIT_OK
        }
    }
}
