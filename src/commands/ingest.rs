//! `newsidx ingest`: parse articles in parallel and add them to the index.

use super::Context;
use crate::cli::{IngestArgs, ReadArgs, SummaryFormat};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::index::ingest::{IngestOptions, IngestStats, Progress, ingest};
use crate::source::formats::ReadOptions;
use crate::source::{Skip, SkipReason, formats, walk};
use crate::{Error, Result};
use indicatif::{
    HumanCount, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle,
};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Set by the signal handler (SIGINT, i.e. Ctrl-C, SIGTERM or SIGHUP); the
/// pipeline stops, commits and returns.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A second signal sooner than this after the first is the same interrupt
/// delivered twice (coreutils `timeout -s INT` signals the child and then
/// its whole process group, microseconds apart), not a second Ctrl-C.
pub const SECOND_INTERRUPT_AFTER: Duration = Duration::from_millis(500);

/// Handles one SIGINT, SIGTERM or SIGHUP (all alike): the first sets
/// [`INTERRUPTED`]; one arriving at
/// least [`SECOND_INTERRUPT_AFTER`] later exits at once with code 130
/// (the last commit is intact); those in between are ignored.
fn on_interrupt(first: &std::sync::OnceLock<std::time::Instant>) {
    let at = *first.get_or_init(std::time::Instant::now);
    if INTERRUPTED.swap(true, Ordering::SeqCst) && at.elapsed() >= SECOND_INTERRUPT_AFTER {
        eprintln!(
            "newsidx: interrupted again; exiting without committing (the last commit is intact)"
        );
        std::process::exit(Exit::Interrupted as i32);
    }
}

/// The progress bar shows an ETA only after this long (before, the rate
/// is still settling).
pub const ETA_AFTER: Duration = Duration::from_secs(3);

/// Skip lines and "date not understood" lines shown per file; the rest
/// are counted and summed up after the run (the report has them all).
pub const LINES_PER_FILE: usize = 3;

/// Caps the skip lines and "date not understood" lines printed per file
/// at [`LINES_PER_FILE`] of each, counting the rest for one summing-up
/// line per file (shared by `ingest` and `parse`).
#[derive(Debug, Default)]
pub struct LineCap {
    /// Per file: (skip lines shown, hidden; date lines shown, hidden).
    lines: Mutex<BTreeMap<PathBuf, [usize; 4]>>,
    /// Show every line (`-v`): no cap.
    all: bool,
}

/// The kinds of lines [`LineCap`] counts separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A skipped file or record.
    Skip = 0,
    /// A date not understood.
    BadDate = 2,
}

impl LineCap {
    /// A cap of [`LINES_PER_FILE`] lines of each kind per file, or none
    /// when `all` (`-v`: every skipped file and record is printed).
    pub fn new(all: bool) -> LineCap {
        LineCap {
            all,
            ..LineCap::default()
        }
    }

    /// Whether to print a line of `kind` for `path`; counts the hidden ones.
    pub fn show(&self, path: &Path, kind: LineKind) -> bool {
        let kind = kind as usize;
        let mut lines = self.lines.lock().expect("no panics while locked");
        let n = lines.entry(path.to_path_buf()).or_default();
        if self.all || n[kind] < LINES_PER_FILE {
            n[kind] += 1;
            true
        } else {
            n[kind + 1] += 1;
            false
        }
    }

    /// One line per file and kind with lines not shown, saying how many
    /// and, in parentheses, `see` (where to find them all).
    pub fn hidden_lines(&self, see: &str) -> Vec<String> {
        let lines = self.lines.lock().expect("no panics while locked");
        let mut out = Vec::new();
        for (path, n) in lines.iter() {
            let path = crate::output::one_line(path);
            if n[1] > 0 {
                out.push(format!(
                    "newsidx: {path}: {} not shown ({see})",
                    count(n[1], "more skipped record", "more skipped records")
                ));
            }
            if n[3] > 0 {
                out.push(format!(
                    "newsidx: {path}: {} not understood not shown ({see})",
                    count(n[3], "more date", "more dates")
                ));
            }
        }
        out
    }
}

/// The reading options of `--max-file-size` and `--field` (ingest and
/// parse).
///
/// # Errors
/// [`Error::Usage`] for a size or field mapping that cannot be read.
pub fn read_options(args: &ReadArgs) -> Result<ReadOptions> {
    let mut read = ReadOptions {
        max_file_size: parse_size(&args.max_file_size)?,
        ..ReadOptions::default()
    };
    for spec in &args.fields {
        read.fields.add(spec).map_err(Error::Usage)?;
    }
    Ok(read)
}

/// Shows progress on stderr: a bar when stderr is a terminal, one line per
/// skipped input or unparseable date (at most [`LINES_PER_FILE`] of each
/// per file); and writes them all to the `--report` file.
struct Reporter {
    bar: ProgressBar,
    quiet: bool,
    report: Option<Mutex<std::io::BufWriter<std::fs::File>>>,
    lines: LineCap,
}

#[derive(serde::Serialize)]
struct ReportLine<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    reason: &'a str,
    detail: String,
}

impl Reporter {
    fn write(&self, line: &ReportLine) {
        if let Some(r) = &self.report {
            let mut w = r.lock().expect("no panics while locked");
            // A failing report file is noticed at the final flush.
            let _ = serde_json::to_writer(&mut *w, line);
            let _ = w.write_all(b"\n");
        }
    }
}

impl Progress for Reporter {
    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }
    fn skipped(&self, skip: &Skip) {
        if !self.quiet && self.lines.show(&skip.path, LineKind::Skip) {
            self.bar.suspend(|| eprintln!("newsidx: {skip}"));
        }
        self.write(&ReportLine {
            path: skip.path.to_string_lossy().into_owned(),
            record: skip.record,
            reason: skip.reason.name(),
            detail: skip.detail.clone(),
        });
    }
    fn bad_date(&self, path: &Path, record: Option<u64>, raw: &str) {
        if !self.quiet && self.lines.show(path, LineKind::BadDate) {
            self.bar
                .suspend(|| eprintln!("newsidx: {}", super::bad_date_line(path, record, raw)));
        }
        self.write(&ReportLine {
            path: path.to_string_lossy().into_owned(),
            record,
            reason: "bad-date",
            detail: super::bad_date_detail(raw),
        });
    }
}

/// Parses a size: bytes, or a number with a K, M or G suffix (powers of
/// 1024; an optional trailing `B` or `iB` is ignored).
///
/// # Errors
/// [`Error::Usage`] for anything else.
pub fn parse_size(s: &str) -> Result<u64> {
    let bad = || {
        Error::Usage(format!(
            "invalid size {s:?}: use bytes or a number with K, M or G (e.g. 64M)"
        ))
    };
    let t = s.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (num, mult) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M') => (&t[..t.len() - 1], 1 << 20),
        Some('G') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    n.checked_mul(mult).ok_or_else(bad)
}

/// The most writer threads `--threads` accepts.
pub const MAX_THREADS: usize = 8;
/// The least writer memory per thread `--memory-mb` accepts, in MiB
/// (tantivy needs 15 MB).
pub const MIN_MB_PER_THREAD: usize = 15;
/// The most writer memory per thread `--memory-mb` accepts, in MiB
/// (tantivy's arena is under 4 GiB per thread).
pub const MAX_MB_PER_THREAD: usize = 4095;

/// The writer budget in bytes for `--memory-mb mb` split over `threads`.
///
/// # Errors
/// [`Error::Usage`] naming the allowed range when a thread would get less
/// than [`MIN_MB_PER_THREAD`] or more than [`MAX_MB_PER_THREAD`] MiB.
pub fn memory_budget(mb: usize, threads: usize) -> Result<usize> {
    let (min, max) = (MIN_MB_PER_THREAD * threads, MAX_MB_PER_THREAD * threads);
    if !(min..=max).contains(&mb) {
        return Err(Error::Usage(format!(
            "--memory-mb must be from {min} to {max} with {threads} writer threads \
             ({MIN_MB_PER_THREAD} to {MAX_MB_PER_THREAD} MiB per thread; got {mb}); change --memory-mb or --threads"
        )));
    }
    Ok(mb << 20)
}

/// Runs `newsidx ingest`.
///
/// # Errors
/// A bad option value (a `--report` file inside the index directory
/// included), a missing input path, a locked or unusable index, write
/// errors.
pub fn run(ctx: &Context, args: IngestArgs) -> Result<Exit> {
    if let Some(r) = &args.report {
        super::refuse_inside_index(&ctx.index, "--report", r, r)?;
    }
    let mut opts = IngestOptions::default();
    if let Some(t) = args.threads {
        if !(1..=MAX_THREADS).contains(&t) {
            return Err(Error::Usage(format!(
                "--threads must be from 1 to {MAX_THREADS} (got {t})"
            )));
        }
        opts.threads = t;
    }
    opts.memory_budget = memory_budget(args.memory_mb, opts.threads)?;
    // clap has refused 0 for both.
    opts.commit_every = usize::try_from(args.commit_every).unwrap_or(usize::MAX);
    opts.commit_interval = Duration::from_secs(args.commit_secs);
    opts.read = read_options(&args.read)?;
    opts.keep_duplicates = args.keep_duplicates;
    let sep = if args.null { b'\0' } else { b'\n' };
    // Lazy: the files are found while the first ones are read, and the
    // list of all of them is never held.
    let mut walk = walk::Walk::new(&args.paths, formats::is_article_file, Some(&ctx.index), sep)?;
    if args.prune {
        opts.prune_roots = args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .filter_map(|p| p.canonicalize().ok())
            .collect();
    }
    let report = match &args.report {
        Some(p) => Some(Mutex::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| Error::io(p, e))?,
        ))),
        None => None,
    };
    let index = NewsIndex::open_or_create(&ctx.index)?;
    // SIGINT, SIGTERM and SIGHUP (ctrlc's `termination` feature) all stop
    // the reading and commit; a second one while committing exits at once
    // (the last commit is intact).
    let first = std::sync::OnceLock::new();
    let _ = ctrlc::set_handler(move || on_interrupt(&first));
    let bar = if ctx.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        // The length is set once a count of the files (a second, cheaper
        // walk in the background) is done.
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{bar:40} {human_pos}/{total} files  {rate}  {settled_eta}",
            )
            .expect("valid template")
            // `?` until the files are counted.
            .with_key(
                "total",
                |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = match st.len() {
                        Some(n) => write!(w, "{}", HumanCount(n)),
                        None => write!(w, "?"),
                    };
                },
            )
            .with_key("rate", |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", HumanCount(st.per_sec().round() as u64));
            })
            .with_key(
                "settled_eta",
                |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                    // The first seconds (opening the index, the first large
                    // files) make a wild estimate: shown once it settles and the
                    // files are counted (the length is not known before).
                    if st.elapsed() >= ETA_AFTER && st.len().is_some() {
                        let _ = write!(w, "eta {}", HumanDuration(st.eta()));
                    }
                },
            ),
        );
        let (bar, count) = (b.clone(), walk.counter());
        std::thread::spawn(move || bar.set_length(count() as u64));
        b
    };
    let reporter = Reporter {
        bar,
        quiet: ctx.quiet,
        report,
        lines: LineCap::new(ctx.verbose),
    };
    if ctx.verbose {
        eprintln!(
            "newsidx: reading into {}; writer: {} threads, {} MiB; commit every {} documents or {} s",
            crate::output::one_line(&ctx.index),
            opts.threads,
            opts.memory_budget >> 20,
            opts.commit_every,
            opts.commit_interval.as_secs()
        );
    }
    let stats = ingest(&index, &mut walk, &opts, &reporter, &INTERRUPTED)?;
    reporter.bar.finish_and_clear();
    let empty_dirs = walk.empty_dirs();
    if !ctx.quiet {
        for dir in empty_dirs {
            eprintln!("{}", super::no_files_note(dir));
        }
    }
    if let (Some(r), Some(p)) = (&reporter.report, &args.report) {
        let mut w = r.lock().expect("no panics while locked");
        w.flush().map_err(|e| Error::io(p, e))?;
    }
    if !ctx.quiet {
        let see = match &args.report {
            Some(r) => format!("see {} for all", crate::output::one_line(r)),
            None => "see --report FILE for all".to_string(),
        };
        for line in reporter.lines.hidden_lines(&see) {
            eprintln!("{line}");
        }
        if args.format == SummaryFormat::Text {
            eprint!("{}", summary(&stats));
        }
        if ctx.verbose {
            eprintln!(
                "newsidx: timings: {:.3} s for {} read ({} per record), {}",
                stats.elapsed.as_secs_f64(),
                count(stats.records, "record", "records"),
                per_record(&stats),
                count(stats.commits, "commit", "commits"),
            );
        }
    }
    if args.format == SummaryFormat::Json {
        let mut out = super::stdout();
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        out.flush()?;
    }
    if stats.interrupted {
        eprintln!(
            "newsidx: interrupted: what was read so far is committed ({} documents in the index); run the same command again to finish",
            stats.total_documents
        );
        return Ok(Exit::Interrupted);
    }
    if args.strict && stats.skipped_total() > 0 {
        // Where the skips are: printed above unless -q, and in the report.
        let see = match (ctx.quiet, &args.report) {
            (false, Some(_)) => "see above and the report".to_string(),
            (false, None) => "see above".to_string(),
            (true, Some(r)) => format!("listed in {}", crate::output::one_line(r)),
            (true, None) => "run without -q to see them, or with --report FILE".to_string(),
        };
        eprintln!(
            "newsidx: --strict: {} and {} skipped ({see}); exit code 3",
            count(stats.files_skipped_total(), "file", "files"),
            count(stats.records_skipped_total(), "record", "records"),
        );
        return Ok(Exit::Skipped);
    }
    if args.strict && !empty_dirs.is_empty() {
        let see = if ctx.quiet {
            let dirs: Vec<String> = empty_dirs
                .iter()
                .map(|d| crate::output::one_line(d))
                .collect();
            format!("under {}", dirs.join(", "))
        } else {
            "see above".to_string()
        };
        eprintln!("newsidx: --strict: no article files found ({see}); exit code 3");
        return Ok(Exit::Skipped);
    }
    Ok(Exit::Success)
}

/// The mean wall time per record read, as `0.42 ms`.
fn per_record(s: &IngestStats) -> String {
    let ms = s.elapsed.as_secs_f64() * 1000.0 / s.records.max(1) as f64;
    format!("{ms:.2} ms")
}

/// `N THING`, with `one` for 1 and `many` otherwise ("1 record", "2 records").
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `N WHAT (reason n, reason n)` for skips per reason (`what` as `[one,
/// many]`); `0 WHAT` when none.
fn per_reason(counts: &BTreeMap<SkipReason, usize>, what: [&str; 2]) -> String {
    let total: usize = counts.values().sum();
    let what = count(total, what[0], what[1]);
    if total == 0 {
        return what;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(r, n)| format!("{} {n}", r.label()))
        .collect();
    format!("{what} ({})", parts.join(", "))
}

/// ` (N replacing an older version)` when N > 0.
fn replacing(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n} replacing an older version)")
    }
}

/// The summary states a rate only for runs at least this long (shorter
/// ones print `elapsed 0.00s`, and a rate over them is noise).
pub const MIN_RATE_SECS: f64 = 0.01;

/// Documents indexed per second, when there is a rate worth stating:
/// something was indexed, over at least [`MIN_RATE_SECS`], at 1 document
/// per second or more (never "0 documents/s").
fn rate(s: &IngestStats) -> Option<f64> {
    let secs = s.elapsed.as_secs_f64();
    let rate = s.indexed as f64 / secs;
    (s.indexed > 0 && secs >= MIN_RATE_SECS && rate.round() >= 1.0).then_some(rate)
}

/// The ingest summary printed on stderr: a line of file counts, a line of
/// document (article) counts, then optional lines and the index size:
///
/// ```text
/// files: 3 seen, 1 skipped (empty 1)
/// documents: 1 indexed (1 replacing an older version), 1 unchanged, 0 duplicates, 0 removed; 0 records skipped
/// documents in index 2; elapsed 0.05s, 20 documents/s
/// ```
///
/// The rate is left out when it says nothing (see [`MIN_RATE_SECS`]).
pub fn summary(s: &IngestStats) -> String {
    let secs = s.elapsed.as_secs_f64();
    let rate = match rate(s) {
        Some(r) => format!(", {r:.0} documents/s"),
        None => String::new(),
    };
    let mut out = format!(
        "files: {} seen, {}\n",
        s.files_seen,
        per_reason(&s.files_skipped, ["skipped", "skipped"])
    );
    // Unchanged documents, and their copies when an article is stored once
    // for several identical files.
    let copies = if s.unchanged_copies > s.unchanged {
        format!(" ({} copies)", s.unchanged_copies)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "documents: {} indexed{}, {} unchanged{copies}, {}{}, {} removed; {}\n",
        s.indexed,
        replacing(s.replaced),
        s.unchanged,
        count(s.duplicates, "duplicate", "duplicates"),
        replacing(s.duplicates_replacing),
        s.removed,
        per_reason(&s.records_skipped, ["record skipped", "records skipped"])
    ));
    if s.no_date > 0 {
        out.push_str(&format!("documents without a date: {}\n", s.no_date));
    }
    if s.bad_dates > 0 {
        out.push_str(&format!(
            "documents whose date was not understood (indexed without a date): {}\n",
            s.bad_dates
        ));
    }
    if s.windows_1252 > 0 {
        out.push_str(&format!(
            "documents decoded as Windows-1252 (not UTF-8): {}\n",
            s.windows_1252
        ));
    }
    if s.lone_surrogates > 0 {
        out.push_str(&format!(
            "documents with lone UTF-16 surrogate escapes (read as U+FFFD): {}\n",
            s.lone_surrogates
        ));
    }
    out.push_str(&format!(
        "documents in index {}; elapsed {secs:.2}s{rate}\n",
        s.total_documents
    ));
    out
}
