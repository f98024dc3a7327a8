//! `newsidx search`: ranked hits with snippets.

use super::Context;
use crate::cli::SearchArgs;
use crate::error::Exit;
use crate::index::NewsIndex;
use crate::search::{SearchRequest, search};
use crate::{Error, Result, output};
use std::io::Write;

/// Runs `newsidx search`.
///
/// # Errors
/// No index, bad dates, I/O errors writing stdout.
pub fn run(ctx: &Context, args: SearchArgs) -> Result<Exit> {
    let filters = super::filters(&args.filters)?;
    if args.limit == 0 {
        return Err(Error::Usage("--limit must be at least 1".into()));
    }
    let index = NewsIndex::open(&ctx.index)?;
    let req = SearchRequest {
        query: args.query,
        filters,
        limit: args.limit,
        offset: args.offset,
        sort: args.sort.into(),
    };
    let started = std::time::Instant::now();
    let result = search(&index, &req)?;
    if ctx.verbose {
        eprintln!(
            "newsidx: query {:?} read as {:?}; {} hits in {:.1} ms",
            req.query,
            crate::search::query::rewrite(&req.query).unwrap_or_default(),
            result.total,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    if !ctx.quiet {
        for w in &result.warnings {
            eprintln!("newsidx: warning: {w}");
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::search_result(
        &mut out,
        &result,
        args.format.into(),
        super::stdout_style(ctx),
    )?;
    out.flush()?;
    Ok(Exit::Success)
}
