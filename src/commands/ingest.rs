//! `newsidx ingest`: parse articles in parallel and add them to the index.

use super::Context;
use crate::Result;
use crate::cli::IngestArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::index::ingest::{IngestOptions, IngestStats, Progress, ingest};
use crate::source::{Skip, formats, walk};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Shows progress on stderr: a bar when stderr is a terminal, and one line
/// per skipped input.
struct Reporter {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress for Reporter {
    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }
    fn skipped(&self, skip: &Skip) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("newsidx: {skip}"));
        }
    }
}

/// Runs `newsidx ingest`.
///
/// # Errors
/// A missing input path, a locked or unusable index, write errors.
pub fn run(ctx: &Context, args: IngestArgs) -> Result<Exit> {
    let list = walk::expand(&args.paths, formats::is_article_file)?;
    let index = NewsIndex::open_or_create(&ctx.index)?;
    let mut opts = IngestOptions::default();
    if let Some(t) = args.threads {
        opts.threads = t;
    }
    opts.memory_budget = args.memory_mb << 20;
    opts.commit_every = args.commit_every;
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
    };
    let stats = ingest(&index, &list.files, &list.skipped, &opts, &reporter)?;
    reporter.bar.finish_and_clear();
    if !ctx.quiet {
        eprint!("{}", summary(&stats));
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
        "files seen {}, indexed {}, unchanged {}, replaced {}, skipped {}",
        s.files_seen,
        s.indexed,
        s.unchanged,
        s.replaced,
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
        out.push_str(&format!("without a date header: {}\n", s.no_date));
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
