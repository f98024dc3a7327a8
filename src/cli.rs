//! Command-line definitions (clap derive). Nothing below this module sees
//! clap: `commands` turns these Args into domain values.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0    success (a search with zero hits included)
  1    runtime error (missing index or input, index locked, I/O error)
  2    usage error (bad option, bad date, bad field mapping)
  3    ingest --strict: some inputs were skipped
  130  interrupted by Ctrl-C (what was done is committed)";

/// newsidx: index a folder of news articles and research it from the shell.
#[derive(Debug, Parser)]
#[command(
    name = "newsidx",
    version,
    about,
    after_help = format!("Examples:\n  newsidx ingest seeds/\n  newsidx search \"embassy Baghdad\"\n  newsidx search iran --handle realDonaldTrump --format json\n\n{EXIT_CODES}")
)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "NEWSIDX_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Print only errors on stderr (no summary, no progress).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr (each skipped file, timings).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse articles and add them to the index (in parallel).
    #[command(after_help = format!("Examples:\n  newsidx ingest seeds/\n  newsidx --index /data/idx ingest archive/2019 archive/2020\n\n{EXIT_CODES}"))]
    Ingest(IngestArgs),
    /// Search the index: BM25-ranked hits with snippets.
    #[command(after_help = format!("{QUERY_HELP}\n\nExamples:\n  newsidx search \"embassy Baghdad\"\n  newsidx search '\"trade deficit\"' --since 1987-03 --format json\n  newsidx search iran --speaker trump --sort date\n  newsidx search 'speaker:trump AND quote:iran' --format csv\n\n{EXIT_CODES}"))]
    Search(SearchArgs),
    /// List individual quotations (and embedded tweets) that match, with their speakers.
    #[command(after_help = format!("QUERY is searched inside the quotations only (same syntax as `search`); \
without QUERY every attributed quotation of the matching articles is listed.\n\n\
Examples:\n  newsidx quotes iran --speaker trump\n  newsidx quotes '\"climate change\"' --since 2019 --sort date --format csv\n\n{EXIT_CODES}"))]
    Quotes(QuotesArgs),
    /// Print what ingest would extract from articles, without an index.
    #[command(after_help = format!("Examples:\n  newsidx parse seeds/000_fbf6acf740d45b26.txt\n  newsidx parse --format text article.txt\n\n{EXIT_CODES}"))]
    Parse(ParseArgs),
    /// Measure search latency in-process over a file of queries (one per line).
    #[command(after_help = format!("Each query is parsed and run (top 10 by score + count) against one open \
searcher: one warm-up round, then --rounds timed rounds.\n\n\
Examples:\n  newsidx bench queries.txt\n  newsidx --index /data/idx bench queries.txt --rounds 10 --format json\n\n{EXIT_CODES}"))]
    Bench(BenchArgs),
}

/// Help text on the query syntax, shared by every command taking a query.
pub const QUERY_HELP: &str = "\
Query syntax (tantivy's query parser; all terms required by default):
  embassy baghdad        both words (stemmed: \"embassies\" finds \"embassy\")
  iran OR iraq           either word
  embassy -baghdad       exclude a word
  \"trade deficit\"        exact phrase
  handle:realDonaldTrump documents embedding or mentioning a handle
  speaker:trump          documents quoting a speaker (any name word)
  quote:iran             words inside quotations only
  title:oil              words in the headline
  date:2019-12-31        one day; date:[2019-12-01 TO 2019-12-31] a range
A query the parser cannot read (unbalanced quote, stray `:`) is searched
leniently, with a warning on stderr.";

/// Options of `newsidx ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files and directories (searched recursively for .txt files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Indexing threads of the tantivy writer (default: CPUs, at most 8).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Memory budget of the tantivy writer, in MiB (split between threads;
    /// at least 15 MiB per thread).
    #[arg(long, default_value_t = 512)]
    pub memory_mb: usize,
    /// Commit after this many documents (a crash loses at most this much).
    #[arg(long, default_value_t = 50_000)]
    pub commit_every: usize,
}

/// Options of `newsidx search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see the query syntax below).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Number of hits to show.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,
    /// Number of hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Score, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Filters shared by every command that takes a query.
#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// Only articles on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; inclusive).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only articles with this handle (with or without @, any case; repeatable: all required).
    #[arg(long, value_name = "HANDLE")]
    pub handle: Vec<String>,
    /// Only articles quoting this speaker ("trump" matches "Donald Trump"; repeatable).
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned, highlighted text for people.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Orders of search hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// BM25 score, best first (ties: newest, then path).
    Score,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

/// Options of `newsidx quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Words to find inside quotations (empty: all quotations).
    #[arg(allow_hyphen_values = true, default_value = "")]
    pub query: String,
    /// Number of quotations to show.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub limit: usize,
    /// Number of quotations to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Date, handle and speaker filters (`--speaker` also selects the quotation's speaker).
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of quotations.
    #[arg(long, value_enum, default_value_t = SortArg::Score, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Options of `newsidx parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Article files or directories.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
}

/// Options of `newsidx bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// File of queries: one per line; blank lines and `#` comments ignored.
    pub queries: PathBuf,
    /// Timed rounds after the warm-up round.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BenchFormat::Text)]
    pub format: BenchFormat,
}

/// Output formats of `newsidx bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchFormat {
    /// A table for people.
    Text,
    /// One JSON document.
    Json,
}
