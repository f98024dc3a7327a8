//! `newsidx bench`: in-process query latency over a file of queries.

use super::Context;
use crate::cli::{BenchArgs, BenchFormat};
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::bench;
use crate::{Error, Result};
use std::io::Write;

/// Runs `newsidx bench`.
///
/// # Errors
/// No index, unreadable or empty queries file, I/O errors writing stdout.
pub fn run(ctx: &Context, args: BenchArgs) -> Result<Exit> {
    let text = std::fs::read_to_string(&args.queries).map_err(|e| Error::io(&args.queries, e))?;
    let queries = bench::parse_queries(&text);
    let index = NewsIndex::open(&ctx.index)?;
    let report = bench::run(&index, &queries, args.rounds)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        BenchFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        BenchFormat::Text => {
            writeln!(
                out,
                "{} queries, {} documents, 1 warm-up + {} rounds (top 10 by score + count)",
                report.queries.len(),
                report.documents,
                report.rounds
            )?;
            writeln!(
                out,
                "{:>10} {:>10} {:>10}  query",
                "hits", "median ms", "p95 ms"
            )?;
            for q in &report.queries {
                writeln!(
                    out,
                    "{:>10} {:>10.3} {:>10.3}  {}",
                    q.hits,
                    q.median_us / 1e3,
                    q.p95_us / 1e3,
                    q.query
                )?;
            }
            writeln!(
                out,
                "overall: median {:.3} ms, p95 {:.3} ms, median of medians {:.3} ms, one pass {:.1} ms",
                report.median_us / 1e3,
                report.p95_us / 1e3,
                report.median_of_medians_us / 1e3,
                report.total_ms
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
