//! One module per subcommand: glue between the parsed command line and the
//! library, no logic of their own. Commands never call one another.

pub mod bench;
pub mod completions;
pub mod count;
pub mod delete;
pub mod export;
pub mod ingest;
pub mod kwic;
pub mod man;
pub mod parse;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod show;
pub mod speakers;
pub mod stats;
pub mod timeline;
pub mod top;

use crate::Result;
use crate::cli::{Cli, ColorArg, Command, FilterArgs, FormatArg, SortArg};
use crate::error::Exit;
use crate::output::{Format, Style, one_line};
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
    /// `--color`.
    pub color: ColorArg,
}

/// Runs the command of `cli`.
///
/// # Errors
/// Whatever the command returns; `main` prints it and maps it to an exit code.
pub fn run(cli: Cli) -> Result<Exit> {
    let started = std::time::Instant::now();
    let name = command_name(&cli.command);
    let verbose = cli.verbose;
    let ctx = Context {
        index: index_dir(cli.index),
        quiet: cli.quiet,
        verbose: cli.verbose,
        color: cli.color,
    };
    let result = match cli.command {
        Command::Ingest(args) => ingest::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Parse(args) => parse::run(&ctx, args),
        Command::Quotes(args) => quotes::run(&ctx, args),
        Command::Count(args) => count::run(&ctx, args),
        Command::Timeline(args) => timeline::run(&ctx, args),
        Command::Top(args) => top::run(&ctx, args),
        Command::Speakers(args) => speakers::run(&ctx, args),
        Command::Kwic(args) => kwic::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Bench(args) => bench::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Delete(args) => delete::run(&ctx, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    if verbose && result.is_ok() {
        eprintln!(
            "newsidx: {name}: {:.1} ms in all",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    result
}

/// The subcommand's name, as typed (its variant name, lower-cased).
fn command_name(c: &Command) -> String {
    format!("{c:?}")
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// The index directory: `--index`, else `NEWSIDX_INDEX` unless it is unset
/// or empty, else `index`.
pub fn index_dir(flag: Option<std::path::PathBuf>) -> std::path::PathBuf {
    flag.or_else(|| {
        std::env::var_os("NEWSIDX_INDEX")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    })
    .unwrap_or_else(|| "index".into())
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
    for (flag, values) in [
        ("--handle", &args.handle),
        ("--speaker", &args.speaker),
        ("--source", &args.source),
    ] {
        if values
            .iter()
            .any(|v| v.trim().trim_start_matches('@').is_empty())
        {
            return Err(crate::Error::Usage(format!(
                "{flag} needs a value (got an empty one)"
            )));
        }
    }
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
        sources: args.source.clone(),
    })
}

/// Text style for stdout. `--color always` and `never` decide; `auto`
/// colours only on a terminal, and not when `NO_COLOR` is set to a
/// non-empty value (no-color.org) or `TERM` is `dumb`.
pub fn stdout_style(ctx: &Context) -> Style {
    let env_allows = || {
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
    };
    Style {
        color: match ctx.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::io::stdout().is_terminal() && env_allows(),
        },
    }
}

/// The query of a research command: none, blank or `*` mean every article
/// (the empty query string).
pub fn research_query(q: Option<String>) -> String {
    match q {
        Some(q) if q.trim() != "*" => q,
        _ => String::new(),
    }
}

/// Prints query warnings on stderr unless `--quiet`.
pub fn warn(ctx: &Context, warnings: &[String]) {
    if !ctx.quiet {
        for w in warnings {
            eprintln!("newsidx: warning: {w}");
        }
    }
}

/// Buffered, locked stdout.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// What is said about a record date that was not understood (also the
/// `detail` of its `--report` line).
pub fn bad_date_detail(raw: &str) -> String {
    format!("date {raw:?} not understood; indexed without a date")
}

/// The stderr line (after `newsidx: `) for a record date that was not
/// understood: `path[:record]: date "…" not understood; indexed without a
/// date`. `ingest` and `parse` print the same line; control characters
/// in the path are escaped.
pub fn bad_date_line(path: &std::path::Path, record: Option<u64>, raw: &str) -> String {
    match record {
        Some(r) => format!("{}:{r}: {}", one_line(path), bad_date_detail(raw)),
        None => format!("{}: {}", one_line(path), bad_date_detail(raw)),
    }
}

/// The stderr note for a directory under which no article file was found.
pub fn no_files_note(dir: &std::path::Path) -> String {
    format!(
        "newsidx: no article files found under {} (looked for .txt, .jsonl, .ndjson, .json, .csv, .tsv, optionally .gz/.zst)",
        one_line(dir)
    )
}

/// Refuses an output file that would be written inside the index
/// directory (`--report IDX/meta.json` would overwrite the index's own
/// files): checked before any work, on the paths as they resolve
/// (symlinks, `..` and the current directory taken into account), whether
/// or not the file or the index exists yet. `file` is the file that would
/// be written, `value` what was given to `flag` (the same path, or the
/// prefix of the file names).
///
/// # Errors
/// [`crate::Error::Usage`] naming `flag`, its value and the index.
pub fn refuse_inside_index(
    index: &std::path::Path,
    flag: &str,
    value: &std::path::Path,
    file: &std::path::Path,
) -> Result<()> {
    let (Some(dir), Some(out)) = (resolve(index), resolve(file)) else {
        return Ok(());
    };
    if out.starts_with(&dir) {
        return Err(crate::Error::Usage(format!(
            "{flag} {}: that writes inside the index directory {}, over the index's own files; write it elsewhere",
            one_line(value),
            one_line(index)
        )));
    }
    Ok(())
}

/// `path` made absolute, with symlinks resolved as far as it exists and
/// `.` and `..` taken lexically beyond that (`None` without a current
/// directory).
fn resolve(path: &std::path::Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let abs = std::path::absolute(path).ok()?;
    let (base, rest) = abs
        .ancestors()
        .find_map(|a| Some((a.canonicalize().ok()?, abs.strip_prefix(a).ok()?)))?;
    let mut out = base;
    for c in rest.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    Some(out)
}
