//! `newsidx ingest`: parse articles in parallel and add them to the index.

use super::Context;
use crate::cli::IngestArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::index::ingest::{IngestOptions, IngestStats, Progress, ingest};
use crate::source::{Skip, formats, walk};
use crate::{Error, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Set by the Ctrl-C handler; the pipeline stops, commits and returns.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Shows progress on stderr: a bar when stderr is a terminal, one line per
/// skipped input or unparseable date; and writes them to the `--report`
/// file.
struct Reporter {
    bar: ProgressBar,
    quiet: bool,
    report: Option<Mutex<std::io::BufWriter<std::fs::File>>>,
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
        if !self.quiet {
            self.bar.suspend(|| eprintln!("newsidx: {skip}"));
        }
        self.write(&ReportLine {
            path: skip.path.to_string_lossy().into_owned(),
            record: skip.record,
            reason: reason_name(skip),
            detail: skip.detail.clone(),
        });
    }
    fn bad_date(&self, path: &Path, record: Option<u64>, raw: &str) {
        let at = match record {
            Some(r) => format!("{}:{r}", path.display()),
            None => path.display().to_string(),
        };
        if !self.quiet {
            self.bar.suspend(|| {
                eprintln!("newsidx: {at}: date {raw:?} not understood; indexed without a date")
            });
        }
        self.write(&ReportLine {
            path: path.to_string_lossy().into_owned(),
            record,
            reason: "bad-date",
            detail: format!("date {raw:?} not understood; indexed without a date"),
        });
    }
}

fn reason_name(skip: &Skip) -> &'static str {
    use crate::source::SkipReason::*;
    match skip.reason {
        Empty => "empty",
        Binary => "binary",
        TooLarge => "too-large",
        Unreadable => "unreadable",
        BrokenLink => "broken-link",
        BadRecord => "bad-record",
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

/// Runs `newsidx ingest`.
///
/// # Errors
/// A bad option value, a missing input path, a locked or unusable index,
/// write errors.
pub fn run(ctx: &Context, args: IngestArgs) -> Result<Exit> {
    let mut opts = IngestOptions::default();
    if let Some(t) = args.threads {
        opts.threads = t;
    }
    opts.memory_budget = args.memory_mb << 20;
    opts.commit_every = args.commit_every.max(1);
    opts.commit_interval = Duration::from_secs(args.commit_secs.max(1));
    opts.read.max_file_size = parse_size(&args.max_file_size)?;
    for spec in &args.fields {
        opts.read.fields.add(spec).map_err(Error::Usage)?;
    }
    opts.keep_duplicates = args.keep_duplicates;
    let list = walk::expand(&args.paths, formats::is_article_file)?;
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
    // A second Ctrl-C while committing exits at once (the last commit is intact).
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(Exit::Interrupted as i32);
        }
    });
    let bar = if ctx.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(
            Some(list.files.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  eta {eta}")
                .expect("valid template"),
        );
        b
    };
    let reporter = Reporter {
        bar,
        quiet: ctx.quiet,
        report,
    };
    if ctx.verbose {
        eprintln!(
            "newsidx: {} files to read into {}; writer: {} threads, {} MiB; commit every {} documents or {} s",
            list.files.len(),
            ctx.index.display(),
            opts.threads,
            opts.memory_budget >> 20,
            opts.commit_every,
            opts.commit_interval.as_secs()
        );
    }
    let stats = ingest(
        &index,
        &list.files,
        &list.skipped,
        &opts,
        &reporter,
        &INTERRUPTED,
    )?;
    reporter.bar.finish_and_clear();
    if let (Some(r), Some(p)) = (reporter.report, &args.report) {
        let mut w = r.into_inner().expect("no panics while locked");
        w.flush().map_err(|e| Error::io(p, e))?;
    }
    if !ctx.quiet {
        eprint!("{}", summary(&stats));
    }
    if stats.interrupted {
        eprintln!(
            "newsidx: interrupted: what was read so far is committed ({} documents in the index); run the same command again to finish",
            stats.total_documents
        );
        return Ok(Exit::Interrupted);
    }
    if args.strict && stats.skipped_total() > 0 {
        eprintln!(
            "newsidx: --strict: {} inputs skipped (see above{}); exit code 3",
            stats.skipped_total(),
            if args.report.is_some() {
                " and the report"
            } else {
                ""
            }
        );
        return Ok(Exit::Skipped);
    }
    Ok(Exit::Success)
}

/// The ingest summary printed on stderr.
pub fn summary(s: &IngestStats) -> String {
    let secs = s.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        s.indexed as f64 / secs
    } else {
        0.0
    };
    let mut out = format!(
        "files seen {}, indexed {}, unchanged {}, replaced {}, duplicates {}, removed {}, skipped {}",
        s.files_seen,
        s.indexed,
        s.unchanged,
        s.replaced,
        s.duplicates,
        s.removed,
        s.skipped_total()
    );
    if !s.skipped.is_empty() {
        let parts: Vec<String> = s
            .skipped
            .iter()
            .map(|(r, n)| format!("{} {n}", r.label()))
            .collect();
        out.push_str(&format!(" ({})", parts.join(", ")));
    }
    out.push('\n');
    if s.no_date > 0 {
        out.push_str(&format!("without a date: {}\n", s.no_date));
    }
    if s.bad_dates > 0 {
        out.push_str(&format!(
            "dates not understood (indexed without a date, listed above): {}\n",
            s.bad_dates
        ));
    }
    if s.windows_1252 > 0 {
        out.push_str(&format!(
            "decoded as Windows-1252 (not UTF-8): {}\n",
            s.windows_1252
        ));
    }
    out.push_str(&format!(
        "documents in index {}; elapsed {secs:.2}s, {rate:.0} documents/s\n",
        s.total_documents
    ));
    out
}
