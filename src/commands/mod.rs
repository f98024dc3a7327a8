//! One module per subcommand: glue between the parsed command line and the
//! library, no logic of their own. Commands never call one another.

pub mod bench;
pub mod ingest;
pub mod parse;
pub mod quotes;
pub mod search;

use crate::Result;
use crate::cli::{Cli, Command, FilterArgs, FormatArg, SortArg};
use crate::error::Exit;
use crate::output::{Format, Style};
use crate::search::query::{DateBound, parse_date_bound};
use crate::search::{Filters, Sort};
use std::io::IsTerminal;

/// What every command may need to know about the user's global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// Index directory.
    pub index: std::path::PathBuf,
    /// Print only errors on stderr.
    pub quiet: bool,
    /// Print more on stderr.
    pub verbose: bool,
}

/// Runs the command of `cli`.
///
/// # Errors
/// Whatever the command returns; `main` prints it and maps it to an exit code.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Context {
        index: cli.index,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Ingest(args) => ingest::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Parse(args) => parse::run(&ctx, args),
        Command::Quotes(args) => quotes::run(&ctx, args),
        Command::Bench(args) => bench::run(&ctx, args),
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
        }
    }
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Score => Sort::Score,
            SortArg::Date => Sort::DateAsc,
            SortArg::DateDesc => Sort::DateDesc,
        }
    }
}

/// Resolves the shared filter options.
///
/// # Errors
/// [`crate::Error::Usage`] for a bad date.
pub fn filters(args: &FilterArgs) -> Result<Filters> {
    Ok(Filters {
        since: args
            .since
            .as_deref()
            .map(|s| parse_date_bound(s, DateBound::Start))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| parse_date_bound(s, DateBound::End))
            .transpose()?,
        handles: args.handle.clone(),
        speakers: args.speaker.clone(),
    })
}

/// Text style for stdout: colour only on a terminal without `NO_COLOR`.
pub fn stdout_style() -> Style {
    Style {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}
