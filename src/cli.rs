//! Command-line definitions (clap derive). Nothing below this module sees
//! clap: `commands` turns these Args into domain values.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0    success (a search with zero hits included)
  1    runtime error (missing index or input, document not found, index
       locked, I/O error)
  2    usage error (bad option, bad date, bad field mapping)
  3    ingest --strict: some inputs were skipped or a directory held no
       article files
  130  interrupted by Ctrl-C, or ingest by SIGTERM or SIGHUP (what was
       done is committed)";

/// Exit codes of `newsidx ingest`.
const INGEST_EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    runtime error (missing input path, index locked by another ingest,
       read-only, damaged or outdated index, I/O error)
  2    usage error (bad option, bad size, bad field mapping)
  3    --strict: some inputs were skipped or a directory held no article
       files
  130  interrupted by Ctrl-C, SIGTERM or SIGHUP (what was read is
       committed)";

/// Exit codes of the research commands (search, quotes, count, timeline,
/// top, speakers, kwic, export, stats).
const RESEARCH_EXIT_CODES: &str = "\
Exit codes:
  0    success (no match included)
  1    runtime error (no index, damaged or outdated index, I/O error)
  2    usage error (bad option, bad query or date)";

/// Exit codes of `newsidx export` (a research command that may push to an
/// engine).
const EXPORT_EXIT_CODES: &str = "\
Exit codes:
  0    success (no match included)
  1    runtime error (no index, damaged or outdated index, I/O error;
       --url: engine unreachable, index not created, a document rejected)
  2    usage error (bad option, bad query or date, an https:// --url)";

/// Exit codes of `newsidx parse`.
const PARSE_EXIT_CODES: &str = "\
Exit codes:
  0    success (skipped inputs included: they are reported on stderr)
  1    runtime error (missing input path, I/O error)
  2    usage error (bad option, bad size, bad field mapping)";

/// Exit codes of `newsidx show`.
const SHOW_EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    runtime error (no index, no document with that key, path or record,
       I/O error)
  2    usage error (a path holding several documents: name one)";

/// Exit codes of `newsidx bench`.
const BENCH_EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    runtime error (no index, unreadable queries file, I/O error)
  2    usage error (bad option, bad or no query in the file)";

/// Exit codes of `newsidx serve` (it answers until stopped).
const SERVE_EXIT_CODES: &str = "\
Exit codes:
  1    runtime error (no index, damaged or outdated index)
  2    usage error (bad option, an --addr that cannot be bound)
  130  stopped by Ctrl-C (the server answers until then)";

/// newsidx: index a folder of news articles and research it from the shell.
#[derive(Debug, Parser)]
#[command(
    name = "newsidx",
    version,
    about,
    after_help = format!("Examples:\n  newsidx ingest seeds/\n  newsidx search \"embassy Baghdad\"\n  newsidx search iran --handle realDonaldTrump --format json\n\n{EXIT_CODES}")
)]
pub struct Cli {
    /// Index directory [default: $NEWSIDX_INDEX, or `index` when that is
    /// unset or empty].
    #[arg(long, global = true, value_name = "INDEX")]
    pub index: Option<PathBuf>,
    /// Print only errors on stderr (no summary, no progress).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr: every skipped file and record (not only
    /// 3 per file), the query as read, and timings (every command).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Highlight matches on stdout: `auto` on a terminal unless
    /// `NO_COLOR` is set (non-empty) or `TERM=dumb`; `always` also into
    /// pipes (`| less -R`); `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse articles and add them to the index (in parallel).
    #[command(after_help = format!("{WALK_HELP}\n\nExamples:\n  newsidx ingest seeds/\n  newsidx --index /data/idx ingest archive/2019 archive/2020\n\n{INGEST_EXIT_CODES}"))]
    Ingest(IngestArgs),
    /// Search the index: BM25-ranked hits with snippets.
    #[command(after_help = format!("{QUERY_HELP}\n\nExamples:\n  newsidx search \"embassy Baghdad\"\n  newsidx search '\"trade deficit\"' --since 1987-03 --format json\n  newsidx search iran --speaker trump --sort date\n  newsidx search 'speaker:trump AND quote:iran' --format csv\n\n{RESEARCH_EXIT_CODES}"))]
    Search(SearchArgs),
    /// List individual quotations (and embedded tweets) that match, with their speakers.
    #[command(after_help = format!("QUERY is searched inside the quotations only (same syntax as `search`); \
without QUERY every attributed quotation of the matching articles is listed.\n\n\
Examples:\n  newsidx quotes iran --speaker trump\n  newsidx quotes '\"climate change\"' --since 2019 --sort date --format csv\n\n{RESEARCH_EXIT_CODES}"))]
    Quotes(QuotesArgs),
    /// Print what ingest would extract from articles, without an index.
    #[command(after_help = format!("{WALK_HELP}\n\nExamples:\n  newsidx parse seeds/000_fbf6acf740d45b26.txt\n  newsidx parse --format text article.txt\n  newsidx parse --field body=maintext dump.jsonl\n\n{PARSE_EXIT_CODES}"))]
    Parse(ParseArgs),
    /// Count matching articles (and quotations with --quotes).
    #[command(after_help = format!("{ALL_DOCS_HELP}\n\n{QUERY_HELP}\n\nExamples:\n  newsidx count iran\n  newsidx count iran --quotes --speaker trump\n  newsidx count --since 2019 --until 2019 --format json\n\n{RESEARCH_EXIT_CODES}"))]
    Count(CountArgs),
    /// Matching articles per day, week, month or year (attention over time).
    #[command(after_help = format!("{ALL_DOCS_HELP}\n\nPeriods are UTC calendar days, ISO weeks (Monday to Sunday, labelled\n2024-W05), months and years. Every period from the first to the last\nmatching article is listed, empty ones as 0; --since/--until extend the\nrange. --normalize adds the number of all articles of each period in the\nindex (other filters ignored) and the share of matching ones.\n\n{QUERY_HELP}\n\nExamples:\n  newsidx timeline iran --by month\n  newsidx timeline '\"trade deficit\"' --by year --normalize\n  newsidx timeline embassy --by week --since 2019-12 --format csv\n\n{RESEARCH_EXIT_CODES}"))]
    Timeline(TimelineArgs),
    /// Most frequent handles or speakers, or most characteristic terms.
    #[command(after_help = format!("handles, speakers: the number of matching articles embedding each handle\n(case variants merged, shown in their most frequent spelling) or quoting\neach speaker identity (name variants joined across articles, see\n`newsidx speakers --help`); ties alphabetical.\n\nterms: body words over-represented in the matching articles compared with\nthe rest of the index, ranked by Dunning's log-likelihood (G²) on article\ncounts. Words are stemmed like the index and shown in their most frequent\nspelling; English stop words, numbers and one-letter words are excluded;\na word must occur in at least 2 matching articles. Without a query (all\narticles match) no word is characteristic and the list is empty.\n\n{ALL_DOCS_HELP}\n\n{QUERY_HELP}\n\nExamples:\n  newsidx top speakers iran\n  newsidx top handles --since 2020 --limit 20\n  newsidx top terms embassy --format csv\n\n{RESEARCH_EXIT_CODES}"))]
    Top(TopArgs),
    /// Speaker identities: name variants joined across articles, with counts.
    #[command(after_help = format!("One row per speaker identity quoted in the matching articles: its\ncanonical name, every variant spelling in the index, the matching\narticles quoting it (each counted once), its attributed quotations and\ntweets in them, and the first and last article dates. Sorted by articles\n(descending), then name.\n\nIdentities: case variants are one name; a shorter name (\"Stoltenberg\",\n\"Paul Volcker\") joins a longer one whose words include its words and\nend with the same word (\"Gerhard Stoltenberg\", \"Paul A. Volcker\") when\nthe index has exactly one such identity with dates within a year of\nit; otherwise it stays apart (\"Baker\" with James and Howard Baker).\nThe canonical name is the most frequent full variant.\n\n{ALL_DOCS_HELP}\n\n{QUERY_HELP}\n\nExamples:\n  newsidx speakers\n  newsidx speakers trade --since 1987-03 --limit 20\n  newsidx speakers --speaker Baker --format json\n\n{RESEARCH_EXIT_CODES}"))]
    Speakers(SpeakersArgs),
    /// Keyword in context: every match of the query's words and phrases.
    #[command(after_help = format!("Matches are the query's body words and phrases (stemmed like search:\n\"embassies\" finds \"embassy\"); words under - or NOT, and words of other\nfields (speaker:, handle:, title:) select articles but are not shown.\n\n{QUERY_HELP}\n\nExamples:\n  newsidx kwic embassy\n  newsidx kwic '\"trade deficit\"' --width 30 --sort left\n  newsidx kwic iran --speaker trump --limit 20 --format csv\n\n{RESEARCH_EXIT_CODES}"))]
    Kwic(KwicArgs),
    /// Every matching article with all its fields, streamed (JSON lines or CSV).
    #[command(after_help = format!("Articles come in index order, written as they are read (constant memory,\nso a million hits is fine); --sort date orders them oldest\nfirst. Fields: key, date, path, record, title, source, url, handles, speakers,\nquotes, tweets, body. In CSV, lists are joined with\n\"; \" and quotes/tweets are JSON arrays.\n\n{ALL_DOCS_HELP}\n\n{QUERY_HELP}\n\nExamples:\n  newsidx export iran --format csv > iran.csv\n  newsidx export --since 2019 --fields key,date,title,speakers --sort date\n  newsidx export 'speaker:trump' | jq .date\n\
\x20 newsidx export --to quickwit | gzip > newsidx.ndjson.gz\n\
\x20 newsidx export iran --to elasticsearch --es-index news --split-every 50000\n\
\x20 newsidx export --to quickwit --url http://127.0.0.1:7280 --create-index\n\
\x20 newsidx export --quotations --to quickwit --url http://127.0.0.1:7280 --create-index\n\n{EXPORT_EXIT_CODES}"))]
    Export(ExportArgs),
    /// One stored article in full: fields, quotations with speakers, tweets, body.
    #[command(after_help = format!("Examples:\n  newsidx show 3f2a9c0d1e4b5a67\n  newsidx show seeds/000_fbf6acf740d45b26.txt\n  newsidx show 3f2a9c0d1e4b5a67 --format json\n\n{SHOW_EXIT_CODES}"))]
    Show(ShowArgs),
    /// Index statistics: documents, dates, articles per year, size, top speakers and handles.
    #[command(after_help = format!("Examples:\n  newsidx stats\n  newsidx --index /data/idx stats --format json\n\n{RESEARCH_EXIT_CODES}"))]
    Stats(StatsArgs),
    /// Remove documents from the index: by key, by path, or by query.
    #[command(after_help = format!("A path names the documents read from that file (every record of a JSON\n\
lines or CSV file), or from every file under that directory; it need not\n\
exist any more. An article stored once for several identical copies is\n\
deleted only when each of its copies is named (the others keep it; it is\n\
listed as kept). --query deletes every matching document with all its\n\
copies (`--query '*'` is every document; a blank --query is refused).\n\
The deleted documents are listed on stdout (key, date, path); `ingest` of\n\
the same files adds them again.\n\n\
{QUERY_HELP}\n\n\
Examples:\n  newsidx delete wrong-folder/ --dry-run\n  newsidx delete 3f2a9c0d1e4b5a67\n  \
newsidx delete --query 'source:\"Daily Example\"' --since 2024-01 --dry-run\n\n\
Exit codes:\n  0    success (with --dry-run: nothing was deleted)\n  \
1    runtime error (no index, a name that matches no document, index\n       \
locked by an ingest, read-only index)\n  2    usage error (no KEY|PATH nor --query, a blank --query or one without a\n       \
word, bad query or date)"))]
    Delete(DeleteArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) on stdout.
    #[command(
        after_help = "Install (the script is generated from newsidx's own option definitions):\n  \
bash:       newsidx completions bash > ~/.local/share/bash-completion/completions/newsidx\n  \
zsh:        newsidx completions zsh > ~/.zfunc/_newsidx   (with fpath+=~/.zfunc before compinit)\n  \
fish:       newsidx completions fish > ~/.config/fish/completions/newsidx.fish\n  \
powershell: newsidx completions powershell >> $PROFILE\n\n\
Exit codes:\n  0    success\n  1    runtime error (writing stdout failed: a full disk, an I/O error)\n  \
2    usage error (unknown shell)"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff, for `man -l -` or a man1 directory) on stdout.
    #[command(
        after_help = "Examples:\n  newsidx man | man -l -\n  newsidx man ingest | man -l -\n  \
for c in '' ingest search; do newsidx man $c > ~/.local/share/man/man1/newsidx${c:+-$c}.1; done\n\n\
Exit codes:\n  0    success\n  1    runtime error (writing stdout failed: a full disk, an I/O error)\n  \
2    usage error (unknown command)"
    )]
    Man(ManArgs),
    /// Measure search latency in-process over a file of queries (one per line).
    #[command(after_help = format!("Each query is parsed and run (top 10 by score + count) against one open \
searcher: one warm-up round, then --rounds timed rounds.\n\n\
Examples:\n  newsidx bench queries.txt\n  newsidx --index /data/idx bench queries.txt --rounds 10 --format json\n\n{BENCH_EXIT_CODES}"))]
    Bench(BenchArgs),
    /// Serve the index as a local JSON API and web page (read-only).
    #[command(after_help = format!("Endpoints: /api/search, /api/quotes, /api/count, /api/timeline,\n/api/top/{{handles,speakers,terms}}, /api/kwic, /api/speakers, /api/show/KEY,\n/api/stats. Parameters are the command's long options plus q for the\nquery (e.g. /api/search?q=iran&since=2019&speaker=trump&limit=5); the body\nis the command's --format json. Bad parameters answer 400 with the\ncommand's error line. The page at / works offline.\n\nExamples:\n  newsidx serve\n  newsidx serve --addr 127.0.0.1:8080 --open\n  curl 'http://127.0.0.1:7700/api/count?q=bridge'\n\n{SERVE_EXIT_CODES}"))]
    Serve(ServeArgs),
}

/// Help text on the optional query of the research commands.
pub const ALL_DOCS_HELP: &str = "\
QUERY is optional: without one (or with \"\" or *) every article in the index
matches, and only the filters select.";

/// Help text on the query syntax, shared by every command taking a query.
pub const QUERY_HELP: &str = "\
Query syntax (all words required unless OR is used; see README, Query syntax):
  embassy baghdad        both words (stemmed: \"embassies\" finds \"embassy\")
  iran OR iraq           either word (also ||; && is AND)
  embassy -baghdad       not the word (also NOT baghdad, -\"a b\", -(a OR b));
                         a query of only exclusions or punctuation (- -)
                         finds nothing and says so
  \"trade deficit\"        exact phrase (also “…”, «…», ‘…’); \"a b\"~2: slop
  immigra*, colo?r       wildcards over the index's words (stems); a ? at
                         the end of a word is a question mark
  deficit~1, deficit~    fuzzy: within 1 or 2 edits (~: 1 up to 5 letters)
  \"big emb\"*             phrase prefix; \"crude\"* is crude*
  what is the deficit?   common words (the, is, what…) outside phrases are
                         optional; in capitals (US, IT, WHO) they are acronyms
  3.5%, 3.5 pct          any of %, pct, percent, per cent (in phrases too)
  $1.2 billion           the phrase \"1.2 billion\" (also US$1.2 billion)
  oil^2                  boost a word
  handle:realDonaldTrump documents embedding or mentioning a handle
  speaker:trump          documents quoting a speaker (any name word)
  quote:iran             words inside quotations only
  title:oil              words in the headline
  date:2019-12-31        one day; date:[2019-12-01 TO 2019-12-31] a range;
                         date:>1987-10-01, date:>=X, date:<X, date:<=X;
                         any date form ingest reads (date:\"March 1, 1987\")
A query the parser cannot read exactly (an unbalanced quotation mark, a
stray parenthesis, oil~abc) is searched leniently, with one warning on
stderr saying how. A search that finds nothing suggests spellings for words
that are in no article (\"no hits; did you mean: …\", on stderr).";

/// How input files are read, shared by `newsidx ingest` and `newsidx parse`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Skip files larger than this (one-article files, after decompression)
    /// and records larger than this in multi-record files; bytes, or with a
    /// K, M or G suffix (powers of 1024).
    #[arg(long, default_value = "64M", value_name = "SIZE")]
    pub max_file_size: String,
    /// Name the column/key holding a field of JSON/CSV records, as
    /// FIELD=COLUMN with FIELD one of date, body, title, url, source, id
    /// (repeatable; e.g. --field body=maintext --field date=published_at).
    #[arg(long = "field", value_name = "FIELD=COLUMN")]
    pub fields: Vec<String>,
}

/// Help text on what directory walks leave out (ingest and parse).
pub const WALK_HELP: &str = "\
Directories are searched recursively; hidden files and directories (names
starting with `.`) and the index directory in use are left out. A file
named on the command line is read whatever its name.";

/// Options of `newsidx ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files and directories (directories are searched recursively for
    /// .txt, .jsonl, .ndjson, .json, .csv, .tsv, each optionally .gz or
    /// .zst, leaving out hidden files and directories and the index
    /// directory); `-` reads a list of paths from standard input, one per
    /// line.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Indexing threads of the tantivy writer, 1 to 8 (default: CPUs, at
    /// most 8).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Memory budget of the tantivy writer, in MiB, split between threads:
    /// 15 to 4095 MiB per thread, anything else is refused (usage error).
    #[arg(long, default_value_t = 512)]
    pub memory_mb: usize,
    /// Commit after this many changed documents (also every 30 s and at the
    /// end; a crash loses at most the work since the last commit); at
    /// least 1.
    #[arg(long, default_value_t = 10_000, value_name = "N", value_parser = at_least_one)]
    pub commit_every: u64,
    /// Commit at least this often, in seconds, while there are changes (at
    /// least 1).
    #[arg(long, default_value_t = 30, value_name = "SECS", value_parser = at_least_one)]
    pub commit_secs: u64,
    /// Size limit and field names for reading the files.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Write every skipped input and unparseable date to FILE, one JSON
    /// object per line ({"path","record","reason","detail"}).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit with code 3 when any input was skipped or a directory held no
    /// article file (everything else is still indexed).
    #[arg(long)]
    pub strict: bool,
    /// Index identical articles found under different paths as separate
    /// documents (default: one document listing all their paths).
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Remove documents whose source file under the given paths no longer
    /// exists.
    #[arg(long)]
    pub prune: bool,
    /// The list of paths read from `-` (standard input) is separated by NUL
    /// bytes, as `find -print0` writes it, instead of newlines.
    #[arg(short = '0', long)]
    pub null: bool,
    /// How the summary is written: `text` on stderr for people, or `json`:
    /// one JSON object on stdout for scripts (skip lines still go to
    /// stderr), with the fields files_seen, records, indexed, replaced,
    /// unchanged, unchanged_copies (each copy counted), duplicates,
    /// duplicates_replacing, removed, files_skipped and records_skipped
    /// (reason → count), no_date, bad_dates, windows_1252,
    /// lone_surrogates, commits, interrupted, total_documents, elapsed
    /// (seconds); see README, Index articles.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

/// Reads a whole number of at least 1 (`--commit-every`, `--commit-secs`);
/// the error says so in words rather than as clap's `1..18446744073709551615`.
///
/// # Errors
/// `must be at least 1` for 0; `not a whole number` for anything else
/// that is not a `u64`.
pub fn at_least_one(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("not a whole number (it must be at least 1)".into()),
    }
}

/// Formats of the `newsidx ingest` summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Lines on stderr.
    Text,
    /// One JSON object on stdout.
    Json,
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
    /// Only articles on or after this date (YYYY, YYYY-MM, YYYY-MM-DD, or any form ingest reads: 1987/03/01, 19870301, RFC 3339, "March 1, 1987"; inclusive).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles on or before this date (same forms as --since; inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only articles with this handle (with or without @, any case; repeatable: all required).
    #[arg(long, value_name = "HANDLE")]
    pub handle: Vec<String>,
    /// Only articles quoting this speaker ("trump" matches "Donald Trump"; repeatable).
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only articles from this source/outlet (whole name, any case; repeatable: any of them).
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
}

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set or `TERM=dumb`.
    Auto,
    /// Always, even into a pipe or file.
    Always,
    /// Never.
    Never,
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
    /// Article files or directories; `-` reads a list of paths from
    /// standard input, one per line.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The list of paths read from `-` is separated by NUL bytes (`find
    /// -print0`).
    #[arg(short = '0', long)]
    pub null: bool,
    /// Size limit and field names, as for `newsidx ingest`.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
}

/// Options of `newsidx count`.
#[derive(Debug, Args)]
pub struct CountArgs {
    /// The query (default: all articles).
    pub query: Option<String>,
    /// Also count matching quotations: quotations of matching articles whose
    /// text contains a query word or phrase (any quotation when the query has
    /// none) and whose speaker matches the query's speaker: terms and every
    /// --speaker.
    #[arg(long)]
    pub quotes: bool,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Period sizes of `newsidx timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// Options of `newsidx timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The query (default: all articles).
    pub query: Option<String>,
    /// Period size.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub by: PeriodArg,
    /// Also show all articles of each period and the share that matches.
    #[arg(long)]
    pub normalize: bool,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// What `newsidx top` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopWhat {
    /// Embedded or mentioned @handles.
    Handles,
    /// Quoted speakers.
    Speakers,
    /// Characteristic words (log-likelihood against the whole index).
    Terms,
}

/// Options of `newsidx top`.
#[derive(Debug, Args)]
pub struct TopArgs {
    /// What to rank.
    #[arg(value_enum)]
    pub what: TopWhat,
    /// The query (default: all articles).
    pub query: Option<String>,
    /// Number of rows.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Options of `newsidx speakers`.
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// The query (default: all articles).
    pub query: Option<String>,
    /// Number of identities listed.
    #[arg(short = 'n', long, default_value_t = 50)]
    pub limit: usize,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Orders of `newsidx kwic` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// Oldest first, then path, then position in the article.
    Date,
    /// By the words left of the match, nearest first (punctuation and case
    /// ignored; ties by date, then path).
    Left,
    /// By the match and the words right of it (punctuation and case
    /// ignored; ties by date, then path).
    Right,
}

/// Options of `newsidx kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The query; its body words and phrases are the matches shown.
    pub query: String,
    /// Characters of context on each side of the match (1 to 1000).
    #[arg(short, long, default_value_t = 40)]
    pub width: usize,
    /// At most this many lines (default: all); memory follows N, and in
    /// date order reading stops once the first N are known.
    #[arg(short = 'n', long)]
    pub limit: Option<usize>,
    /// Order of lines.
    #[arg(long, value_enum, default_value_t = KwicSortArg::Date)]
    pub sort: KwicSortArg,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Output formats of `newsidx export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// One JSON array (streamed).
    Json,
}

/// Orders of `newsidx export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportSortArg {
    /// Index order, streamed in constant memory.
    Index,
    /// Oldest first, undated last; equal dates by key.
    Date,
}

/// Options of `newsidx export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The query (default: all articles).
    pub query: Option<String>,
    /// Fields to write, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "FIELD,...")]
    pub fields: Vec<String>,
    /// Order: `index` streams in constant memory; `date` (oldest first,
    /// undated last) keeps 24 bytes per match to sort them.
    #[arg(long, value_enum, default_value_t = ExportSortArg::Index)]
    pub sort: ExportSortArg,
    /// Date, handle and speaker filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormatArg::Jsonl)]
    pub format: ExportFormatArg,
    /// Write for a distributed engine instead: `quickwit` (NDJSON for
    /// scripts/quickwit/newsidx-index.yaml) or `elasticsearch` (`_bulk`
    /// NDJSON for scripts/elasticsearch/newsidx-mapping.json; OpenSearch
    /// too). All fields are written; --format and --fields do not apply.
    #[arg(long, value_enum, value_name = "ENGINE", conflicts_with = "fields")]
    pub to: Option<EngineArg>,
    /// Elasticsearch index named in the `_bulk` action lines (default
    /// `newsidx`, with --quotations `newsidx-quotations`).
    #[arg(long, value_name = "NAME")]
    pub es_index: Option<String>,
    /// With --to: one document per attributed quotation or embedded tweet
    /// (speaker, kind, text, date, key, path) of the matching articles, for
    /// scripts/quickwit/newsidx-quotations.yaml or
    /// scripts/elasticsearch/newsidx-quotations-mapping.json.
    #[arg(long, requires = "to")]
    pub quotations: bool,
    /// With --to: push the documents to a running engine at this base URL
    /// (`http://HOST:7280` for Quickwit, `http://HOST:9200` for
    /// Elasticsearch) instead of writing them, in batches under 8 MiB;
    /// 429/503 answers are retried with back-off; the first rejected
    /// document stops the push (exit 1).
    #[arg(
        long,
        value_name = "URL",
        requires = "to",
        conflicts_with = "split_every"
    )]
    pub url: Option<String>,
    /// With --url: create the index first from the shipped config
    /// (fails when it exists).
    #[arg(long, requires = "url")]
    pub create_index: bool,
    /// With --to: write numbered files PREFIX-00001.ndjson, … of at most N
    /// documents each instead of stdout.
    #[arg(long, value_name = "N", requires = "to")]
    pub split_every: Option<usize>,
    /// File name prefix for --split-every (files PREFIX-00001.ndjson, …).
    #[arg(
        long,
        value_name = "PREFIX",
        default_value = "newsidx-export",
        requires = "split_every"
    )]
    pub output: PathBuf,
}

/// Distributed engines `export --to` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Quickwit NDJSON.
    Quickwit,
    /// Elasticsearch / OpenSearch `_bulk` NDJSON.
    Elasticsearch,
}

/// Options of `newsidx show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A document key (as in search/export output), the article's file path,
    /// or PATH:RECORD for one record of a JSON lines, CSV or JSON file.
    #[arg(value_name = "KEY|PATH[:RECORD]")]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Options of `newsidx stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Number of top speakers and handles to list (at least 1).
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}
/// Options of `newsidx delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Document keys (as in search/export output) or paths of article files
    /// or directories.
    #[arg(value_name = "KEY|PATH", required_unless_present = "query")]
    pub ids: Vec<String>,
    /// Delete every document matching this query instead (search syntax,
    /// with the filters below).
    #[arg(
        long,
        value_name = "QUERY",
        allow_hyphen_values = true,
        conflicts_with = "ids"
    )]
    pub query: Option<String>,
    /// Filters of --query.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only list what would be deleted.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Output format of the list.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Options of `newsidx completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `newsidx man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand, for its own page (`newsidx-ingest(1)`) with all its
    /// options; without one, the page of `newsidx` listing the subcommands.
    pub command: Option<String>,
}

/// Writes the completion script of `newsidx` for `shell` to `w`.
///
/// # Errors
/// I/O errors of `w` (a closed pipe included).
pub fn write_completions(
    shell: clap_complete::Shell,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use clap::CommandFactory;
    // Generated into memory: clap_complete panics on a failing writer.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "newsidx", &mut script);
    w.write_all(&script)
}

/// Writes the man page (roff: name, synopsis, description, options,
/// subcommands or extra help, version) of `newsidx`, or of its
/// subcommand `command` as `newsidx-COMMAND`, to `w`.
///
/// # Errors
/// `Ok(Err(names))` for an unknown command, with the known ones; I/O
/// errors of `w`.
pub fn write_man(
    command: Option<&str>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<Result<(), Vec<String>>> {
    use clap::CommandFactory;
    let mut top = Cli::command();
    top.build();
    let page = match command {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => sub
                .clone()
                .name(format!("newsidx-{name}"))
                .version(env!("CARGO_PKG_VERSION")),
            None => {
                return Ok(Err(top
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .filter(|n| n != "help")
                    .collect()));
            }
        },
    };
    clap_mangen::Man::new(page).render(w)?;
    Ok(Ok(()))
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

/// Options of `newsidx serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: a free port). Anything but a loopback
    /// address exposes the index to the network and is warned about.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// Open the page in the default browser once listening.
    #[arg(long)]
    pub open: bool,
    /// Answer an API request 503 when it computes longer than this, in
    /// milliseconds.
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub max_query_ms: u64,
}
