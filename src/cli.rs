//! The command line: argument definitions and dispatch. Each subcommand
//! lives in `cmd::<name>` with an `execute` function returning an exit code
//! (the codes live in `cmd`; `cmd` never looks back here). Arguments that
//! several subcommands take are one struct each, flattened into them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cmd::{EXIT_OK, EXIT_USAGE};
use crate::diagnostics::Format;

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

/// Which site: `--root`, for every command that reads one.
#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The site folder, holding content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// How content is checked, for every command that loads the whole site.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Treat warnings (such as missing translations) as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml, e.g. https://example.gov.cn/plan/.
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        check: CheckArgs,
        /// Do not minify HTML and CSS.
        #[arg(long)]
        no_minify: bool,
        /// If another build of the same output is running, stop (exit 2)
        /// instead of waiting for it to finish.
        #[arg(long)]
        no_wait: bool,
        /// Parse every YAML file anew: neither read nor write the cache of
        /// parsed files (.gongkai-cache/ beside the output folder).
        #[arg(long)]
        no_cache: bool,
    },
    /// Build (into temporary files, not the output) and serve on 127.0.0.1, rebuilding on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the content and report every problem, without building.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        check: CheckArgs,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also report every internal link of the content that leads
        /// nowhere (the site is rendered in memory; no network).
        #[arg(long)]
        links: bool,
    },
    /// Create a new, valid, minimal bilingual site in DIR.
    Init { dir: PathBuf },
    /// Create a skeleton measure file content/COLLECTION/ID.yaml.
    New {
        collection: String,
        id: String,
        #[command(flatten)]
        site: SiteArgs,
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
    /// Freeze what is published now into content/releases/NAME.json.
    Release {
        /// The release's name, such as 2023-q3 (never reused).
        name: String,
        #[command(flatten)]
        site: SiteArgs,
        /// The release's day, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
    },
    /// Show what changed between two states: release names or site folders
    /// (default: the latest release → the current content).
    Diff {
        #[command(flatten)]
        site: SiteArgs,
        /// A release name or a site folder (default: the latest release).
        #[arg(long)]
        from: Option<String>,
        /// A release name or a site folder (default: the current content).
        #[arg(long)]
        to: Option<String>,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = crate::cmd::diff::DiffFormat::Human)]
        format: crate::cmd::diff::DiffFormat,
    },
    /// Hand each body a spreadsheet of its rows, and take the filled sheets back.
    #[command(subcommand)]
    Sheet(SheetCommand),
    /// Start a plan of a site with several (SPEC §10).
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Remove a previous output that a build swapped out (run by `build`
    /// itself, in the background, so that it need not wait for it).
    #[command(name = "remove-old-output", hide = true)]
    RemoveOldOutput { dir: PathBuf },
}

/// `gongkai sheet …` (SPEC §7).
#[derive(Subcommand, Debug)]
pub enum SheetCommand {
    /// Write the rows to fill (indicators, updates, milestones) as .xlsx or .csv.
    Export {
        #[command(flatten)]
        site: SiteArgs,
        /// Keep the rows of measures this body leads or shares (repeatable).
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Keep the rows of this collection (repeatable).
        #[arg(long = "collection", value_name = "C")]
        collections: Vec<String>,
        /// One sheet per lead body, named by the body (.xlsx only).
        #[arg(long)]
        by_unit: bool,
        /// On a site with several plans, the plan whose rows to write
        /// (without it, every plan's; each ref starts with its plan).
        #[arg(long, value_name = "ID")]
        plan: Option<String>,
        /// The file to write: FILE.xlsx or FILE.csv.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check filled sheets and write their rows into the measure files.
    Import {
        #[command(flatten)]
        site: SiteArgs,
        /// The filled sheets (.xlsx or .csv).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Report what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Refuse rows that `check --strict` would refuse (a missing
        /// translation, a declared status without a note): every warning
        /// is an error, and nothing is written.
        #[arg(long)]
        strict: bool,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = crate::cmd::sheet::ReportFormat::Human)]
        format: crate::cmd::sheet::ReportFormat,
    },
}

/// `gongkai plan …` (SPEC §10).
#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Create content/plans/ID/ with its plan.yaml; with --from, every
    /// measure of that plan carried over, its targets left to fill.
    New {
        /// The new plan's id, a URL segment: 2025, 2024-2027 …
        id: String,
        /// The plan it follows: its measures are carried over (`continues:`).
        #[arg(long, value_name = "PREV")]
        from: Option<String>,
        /// Its period: 2025, 2024..2027 or 2025-01-01..2025-12-31 (with
        /// --from, default: the period after PREV's, of the same length).
        #[arg(long, value_name = "START..END")]
        period: Option<String>,
        /// On a one-plan site: first move its plan into content/plans/PLAN/
        /// (its old addresses kept).
        #[arg(long, value_name = "PLAN")]
        move_to: Option<String>,
        /// Print every file it would write or move, writing nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write the plan table to fill (xlsx with a guide sheet, or csv).
    Template {
        /// The file to write: FILE.xlsx or FILE.csv.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Import a filled plan table (CSV or xlsx) into the measure files of
    /// plan ID: one row per indicator, rows sharing 序号 one measure.
    Import {
        /// The filled tables.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The plan the measures belong to (content/plans/ID/plan.yaml).
        #[arg(long, value_name = "ID")]
        plan: String,
        /// The collection folder they go into.
        #[arg(long, value_name = "C", default_value = "indicators")]
        collection: String,
        /// Add each body the table names that units.yaml does not know to
        /// units.yaml (numbered id u-01 …, its name as written), in the same
        /// write as the measures. A name close to a known name or alias (a
        /// third of its characters or fewer differ) is still an error, most
        /// likely a typo: correct it, or add that body to units.yaml by hand.
        #[arg(long)]
        add_units: bool,
        /// Check everything and list the files it would write, writing nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
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
            site,
            output,
            base_url,
            check,
            no_minify,
            no_wait,
            no_cache,
        } => crate::cmd::build::execute(&crate::cmd::build::Args {
            root: &site.root,
            output: output.as_deref(),
            base_url: base_url.as_deref(),
            strict: check.strict,
            no_minify,
            no_wait,
            no_cache,
        }),
        Command::Serve { site, port, open } => crate::cmd::serve::execute(&site.root, port, open),
        Command::Check {
            site,
            check,
            format,
            links,
        } => crate::cmd::check::execute(&site.root, check.strict, format, links),
        Command::Init { dir } => crate::cmd::init::execute(&dir),
        Command::New {
            collection,
            id,
            site,
        } => crate::cmd::new::execute(&site.root, &collection, &id),
        Command::Schema { kind, out } => crate::cmd::schema::execute(kind, out.as_deref()),
        Command::Release { name, site, date } => {
            crate::cmd::release::execute(&site.root, &name, date.as_deref())
        }
        Command::Diff {
            site,
            from,
            to,
            format,
        } => crate::cmd::diff::execute(&site.root, from.as_deref(), to.as_deref(), format),
        Command::Sheet(SheetCommand::Export {
            site,
            units,
            collections,
            by_unit,
            plan,
            out,
        }) => crate::cmd::sheet::export(&crate::cmd::sheet::ExportArgs {
            root: &site.root,
            units: &units,
            collections: &collections,
            by_unit,
            out: &out,
            plan: plan.as_deref(),
        }),
        Command::Sheet(SheetCommand::Import {
            site,
            files,
            dry_run,
            strict,
            format,
        }) => crate::cmd::sheet::import(&crate::cmd::sheet::ImportArgs {
            root: &site.root,
            files: &files,
            dry_run,
            strict,
            format,
        }),
        Command::Plan(PlanCommand::New {
            id,
            from,
            period,
            move_to,
            dry_run,
            site,
        }) => crate::cmd::plan::new(&crate::cmd::plan::NewArgs {
            root: &site.root,
            id: &id,
            from: from.as_deref(),
            period: period.as_deref(),
            move_to: move_to.as_deref(),
            dry_run,
        }),
        Command::Plan(PlanCommand::Template { out, site }) => {
            crate::cmd::plan::template(&site.root, &out)
        }
        Command::Plan(PlanCommand::Import {
            files,
            plan,
            collection,
            add_units,
            dry_run,
            site,
        }) => crate::cmd::plan::import(&crate::cmd::plan::ImportArgs {
            root: &site.root,
            files: &files,
            plan: &plan,
            collection: &collection,
            add_units,
            dry_run,
        }),
        Command::RemoveOldOutput { dir } => {
            crate::output::remove_swapped_out(&dir);
            EXIT_OK
        }
    }
}
